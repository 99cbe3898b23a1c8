/* test-install-runner.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoInstallRunner on the test driver (test:///default, pool
 * "default-pool", network "default"): a run creates the volume, starts the
 * install config and leaves a persistent domain whose next boot is from the
 * disk; a run that fails or is cancelled leaves nothing behind.
 */
#define G_LOG_DOMAIN "test-install-runner"

#include "config.h"

#include "core-test-util.h"
#include "vireo-install-job.h"
#include "vireo-install-runner.h"

static char *work_dir;

static VireoInstallPlan *
make_plan (const char        *name,
           VireoInstallMethod method)
{
  VireoInstallPlan *plan = vireo_install_plan_new ("test:///default");
  g_autofree char *iso = g_build_filename (work_dir, "install.iso", NULL);

  g_file_set_contents (iso, "", 0, NULL);
  vireo_install_plan_set_os (plan, NULL, NULL, NULL);
  g_object_set (plan,
                "name", name,
                "method", method,
                "media-path", iso,
                "virt-type", "kvm",
                "pool-name", "default-pool",
                "disk-size-gib", 2,
                "network-mode", VIREO_NETWORK_MODE_NETWORK,
                "network-source", "default",
                NULL);
  if (method == VIREO_INSTALL_METHOD_IMPORT)
    g_object_set (plan, "storage-mode", VIREO_STORAGE_MODE_EXISTING, "disk-path", iso, NULL);
  return plan;
}

static char *
run (VireoConnection  *conn,
     VireoInstallPlan *plan,
     GCancellable     *cancellable,
     char            **last_message,
     GError          **error)
{
  g_autoptr (VireoInstallRunner) runner = vireo_install_runner_new (conn, plan);
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  char *uuid;

  vireo_install_runner_run_async (runner, cancellable, test_store_result, &slot);
  result = test_wait_result (&slot);
  uuid = vireo_install_runner_run_finish (runner, result, error);
  test_settle (50); /* let the last progress reach the runner */
  if (last_message != NULL)
    *last_message = g_strdup (vireo_install_runner_get_message (runner));
  /* the test driver runs any CPU: no other model was needed */
  g_assert_null (vireo_install_runner_get_cpu_notice (runner));
  return uuid;
}

static gboolean
volume_exists (virConnectPtr raw,
               const char   *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, "default-pool");
  virStorageVolPtr vol = virStorageVolLookupByName (pool, name);
  gboolean exists = vol != NULL;

  if (vol != NULL)
    virStorageVolFree (vol);
  virStoragePoolFree (pool);
  virResetLastError ();
  return exists;
}

static void
test_run_iso (void)
{
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  g_autoptr (VireoInstallPlan) plan = make_plan ("wizard-iso", VIREO_INSTALL_METHOD_ISO);
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *message = NULL;
  virConnectPtr raw = test_raw_open ();
  virDomainPtr dom;
  char *xml;

  uuid = run (conn, plan, NULL, &message, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuid);
  g_assert_cmpstr (message, ==, "Starting the virtual machine…");

  /* running the install config, persistent with the final one */
  g_assert_cmpint (test_libvirt_state (raw, "wizard-iso"), ==, VIR_DOMAIN_RUNNING);
  dom = virDomainLookupByUUIDString (raw, uuid);
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
  xml = virDomainGetXMLDesc (dom, 0);
  g_assert_nonnull (strstr (xml, "<on_reboot>destroy</on_reboot>"));
  g_assert_nonnull (strstr (xml, "<boot dev='cdrom'/>"));
  free (xml);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (strstr (xml, "<on_reboot>restart</on_reboot>"));
  g_assert_null (strstr (xml, "<boot dev='cdrom'/>"));
  /* the host's own CPU where it starts (vireo-cpu-fallback-private.h otherwise) */
  g_assert_nonnull (strstr (xml, "<cpu mode='host-passthrough'"));
  free (xml);
  g_assert_true (volume_exists (raw, "wizard-iso.qcow2"));

  /* clean up */
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  {
    virStoragePoolPtr pool = virStoragePoolLookupByName (raw, "default-pool");
    virStorageVolPtr vol = virStorageVolLookupByName (pool, "wizard-iso.qcow2");

    g_assert_cmpint (virStorageVolDelete (vol, 0), ==, 0);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
  }
  test_raw_close (raw);
}

static void
test_run_import (void)
{
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  g_autoptr (VireoInstallPlan) plan = make_plan ("wizard-import", VIREO_INSTALL_METHOD_IMPORT);
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  virConnectPtr raw = test_raw_open ();
  virDomainPtr dom;

  uuid = run (conn, plan, NULL, NULL, &error);
  g_assert_no_error (error);
  dom = virDomainLookupByName (raw, "wizard-import");
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
  g_assert_cmpint (test_libvirt_state (raw, "wizard-import"), ==, VIR_DOMAIN_RUNNING);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  test_raw_close (raw);
}

/* "test" already runs on test:///default: starting another VM with its
 * name fails after the volume was created, so the volume must go again */
static void
test_failure_cleans_up (void)
{
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  g_autoptr (VireoInstallPlan) plan = make_plan ("test", VIREO_INSTALL_METHOD_ISO);
  g_autoptr (VireoInstallPlan) import = make_plan ("test", VIREO_INSTALL_METHOD_IMPORT);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  virConnectPtr raw = test_raw_open ();

  before = test_libvirt_names (raw);
  g_assert_null (run (conn, plan, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Could not start “test”"));
  g_assert_false (volume_exists (raw, "test.qcow2"));
  g_clear_error (&error);

  g_assert_null (run (conn, import, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  after = test_libvirt_names (raw);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (test_libvirt_state (raw, "test"), ==, VIR_DOMAIN_RUNNING);
  test_raw_close (raw);
}

static void
test_bad_pool_and_cancel (void)
{
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  g_autoptr (VireoInstallPlan) plan = make_plan ("wizard-nopool", VIREO_INSTALL_METHOD_ISO);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  virConnectPtr raw = test_raw_open ();

  g_object_set (plan, "pool-name", "no-such-pool", NULL);
  g_assert_null (run (conn, plan, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Could not find the storage pool “no-such-pool”"));
  g_clear_error (&error);
  g_assert_cmpint (test_libvirt_state (raw, "wizard-nopool"), ==, -1);

  /* cancelled: a cancel, not a failure, and nothing created */
  g_object_set (plan, "pool-name", "default-pool", NULL);
  g_cancellable_cancel (cancellable);
  g_assert_null (run (conn, plan, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (test_libvirt_state (raw, "wizard-nopool"), ==, -1);
  g_assert_false (volume_exists (raw, "wizard-nopool.qcow2"));
  g_clear_error (&error);

  /* an invalid plan never reaches the host */
  g_object_set (plan, "name", "bad/name", NULL);
  g_assert_null (run (conn, plan, NULL, NULL, &error));
  g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME);
  test_raw_close (raw);
}

/* "Customize configuration before install": the person's edited final XML */
static char *
run_custom (VireoConnection  *conn,
            VireoInstallPlan *plan,
            const char       *xml,
            GError          **error)
{
  g_autoptr (VireoInstallRunner) runner = vireo_install_runner_new (conn, plan);
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  char *uuid;

  vireo_install_runner_set_final_xml (runner, xml);
  vireo_install_runner_run_async (runner, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  uuid = vireo_install_runner_run_finish (runner, result, error);
  test_settle (50);
  return uuid;
}

static void
test_custom_xml (void)
{
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  g_autoptr (VireoInstallPlan) plan = make_plan ("wizard-custom", VIREO_INSTALL_METHOD_ISO);
  g_autoptr (GError) error = NULL;
  g_autofree char *final = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_FINAL, &error);
  g_autofree char *edited = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  virConnectPtr raw = test_raw_open ();
  virDomainPtr dom;
  char *xml;
  const char *name_end;

  g_assert_no_error (error);
  name_end = strstr (final, "</name>");
  g_assert_nonnull (name_end);
  name_end += strlen ("</name>");
  before = test_libvirt_names (raw);

  /* not XML: an error for the XML page before anything is created */
  g_assert_null (run_custom (conn, plan, "<domain type='kvm'><name>wizard-custom</name>", &error));
  g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The edited configuration is not valid XML"));
  g_clear_error (&error);
  after = test_libvirt_names (raw);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (volume_exists (raw, "wizard-custom.qcow2"));
  g_clear_pointer (&after, g_free);

  /* XML libvirt refuses: an error for the XML page, nothing left */
  {
    g_autoptr (GString) bad = g_string_new (final);

    g_assert_cmpuint (g_string_replace (bad, ">1024</memory>", ">lots</memory>", 1), ==, 1);
    g_assert_null (run_custom (conn, plan, bad->str, &error));
    g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "The edited configuration was refused: "));
    g_clear_error (&error);
    after = test_libvirt_names (raw);
    g_assert_cmpstr (before, ==, after);
    g_assert_false (volume_exists (raw, "wizard-custom.qcow2"));
    g_clear_pointer (&after, g_free);
  }

  /* the CD/DVD drive of the install removed: refused before anything is created */
  {
    g_autoptr (GRegex) cdrom = g_regex_new ("<disk[^>]*device=\"cdrom\".*?</disk>", G_REGEX_DOTALL, 0, NULL);
    g_autofree char *no_cdrom = g_regex_replace_literal (cdrom, final, -1, 0, "", 0, NULL);

    g_assert_cmpstr (no_cdrom, !=, final);
    g_assert_null (run_custom (conn, plan, no_cdrom, &error));
    g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "CD/DVD drive"));
    g_clear_error (&error);
    after = test_libvirt_names (raw);
    g_assert_cmpstr (before, ==, after);
    g_assert_false (volume_exists (raw, "wizard-custom.qcow2"));
    g_clear_pointer (&after, g_free);
  }

  /* another UUID: no longer the VM being installed */
  {
    g_autofree char *plan_uuid = NULL;
    g_autofree char *other = NULL;
    g_auto (GStrv) parts = NULL;

    g_object_get (plan, "uuid", &plan_uuid, NULL);
    parts = g_strsplit (final, plan_uuid, -1);
    other = g_strjoinv ("6b1f1f5e-0000-4000-8000-000000000001", parts);
    g_assert_null (run_custom (conn, plan, other, &error));
    g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
    after = test_libvirt_names (raw);
    g_assert_cmpstr (before, ==, after);
    g_assert_false (volume_exists (raw, "wizard-custom.qcow2"));
  }

  /* an accepted edit is what the install boots (with the install-time
   * changes on top), and becomes the persistent configuration */
  edited = g_strdup_printf ("%.*s<description>edited by hand</description>%s", (int) (name_end - final), final,
                            name_end);
  uuid = run_custom (conn, plan, edited, &error);
  g_assert_no_error (error);
  dom = virDomainLookupByUUIDString (raw, uuid);
  g_assert_nonnull (dom);
  g_assert_cmpint (test_libvirt_state (raw, "wizard-custom"), ==, VIR_DOMAIN_RUNNING);
  xml = virDomainGetXMLDesc (dom, 0);
  g_test_message ("running: %s", xml);
  g_assert_nonnull (strstr (xml, "<description>edited by hand</description>"));
  g_assert_nonnull (strstr (xml, "<boot dev='cdrom'/>"));
  g_assert_nonnull (strstr (xml, "<on_reboot>destroy</on_reboot>"));
  /* the install phase's marker (vireo-install-job.h) is on the edit too */
  g_assert_true (vireo_install_job_xml_is_marked (xml));
  free (xml);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (strstr (xml, "<description>edited by hand</description>"));
  g_assert_nonnull (strstr (xml, "<on_reboot>restart</on_reboot>"));
  g_assert_null (strstr (xml, "<boot dev='cdrom'/>"));
  free (xml);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  {
    virStoragePoolPtr pool = virStoragePoolLookupByName (raw, "default-pool");
    virStorageVolPtr vol = virStorageVolLookupByName (pool, "wizard-custom.qcow2");

    g_assert_nonnull (vol);
    virStorageVolDelete (vol, 0);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
  }
  test_raw_close (raw);
}

/* PXE and URL installs on the test driver: the running install config
 * carries the person's edit (more memory, a description, a watchdog) and
 * boots the network or the tree's kernel */
static void
check_custom_method (VireoInstallMethod method)
{
  const char *name = method == VIREO_INSTALL_METHOD_PXE ? "wizard-custom-pxe" : "wizard-custom-url";
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  g_autoptr (VireoInstallPlan) plan = make_plan (name, method);
  g_autoptr (GError) error = NULL;
  g_autofree char *final = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *volume = g_strdup_printf ("%s.qcow2", name);
  g_autofree char *kernel = g_build_filename (work_dir, "vmlinuz", NULL);
  g_autofree char *initrd = g_build_filename (work_dir, "initrd.img", NULL);
  g_autoptr (GString) edited = NULL;
  virConnectPtr raw = test_raw_open ();
  virDomainPtr dom;
  char *xml;

  if (method == VIREO_INSTALL_METHOD_URL)
    g_object_set (plan, "tree-url", "http://127.0.0.1:9/tree/", "kernel-path", kernel, "initrd-path", initrd,
                  "kernel-args", "console=ttyS0", NULL);
  final = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_FINAL, &error);
  g_assert_no_error (error);
  edited = g_string_new (final);
  g_assert_cmpuint (g_string_replace (edited, "<memory unit=\"MiB\">1024</memory>",
                                      "<memory unit=\"MiB\">3072</memory>", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edited, "</name>", "</name><description>edited by hand</description>", 1),
                    ==, 1);
  g_assert_cmpuint (g_string_replace (edited, "</devices>",
                                      "<watchdog model=\"i6300esb\" action=\"reset\"/></devices>", 1), ==, 1);

  uuid = run_custom (conn, plan, edited->str, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_libvirt_state (raw, name), ==, VIR_DOMAIN_RUNNING);
  dom = virDomainLookupByUUIDString (raw, uuid);
  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, 0);
  g_test_message ("running: %s", xml);
  g_assert_nonnull (strstr (xml, "<description>edited by hand</description>"));
  g_assert_nonnull (strstr (xml, "<memory unit='KiB'>3145728</memory>"));
  g_assert_nonnull (strstr (xml, "<watchdog model='i6300esb' action='reset'"));
  g_assert_nonnull (strstr (xml, "<on_reboot>destroy</on_reboot>"));
  g_assert_true (vireo_install_job_xml_is_marked (xml));
  if (method == VIREO_INSTALL_METHOD_PXE)
    g_assert_nonnull (strstr (xml, "<boot dev='network'/>"));
  else
    {
      g_autofree char *k = g_strdup_printf ("<kernel>%s</kernel>", kernel);

      g_assert_nonnull (strstr (xml, k));
      g_assert_nonnull (strstr (xml, "console=ttyS0"));
    }
  free (xml);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (strstr (xml, "<description>edited by hand</description>"));
  g_assert_nonnull (strstr (xml, "<watchdog model='i6300esb' action='reset'"));
  g_assert_nonnull (strstr (xml, "<on_reboot>restart</on_reboot>"));
  g_assert_null (strstr (xml, "<kernel>"));
  g_assert_null (strstr (xml, "<boot dev='network'/>"));
  free (xml);

  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  {
    virStoragePoolPtr pool = virStoragePoolLookupByName (raw, "default-pool");
    virStorageVolPtr vol = virStorageVolLookupByName (pool, volume);

    g_assert_nonnull (vol);
    virStorageVolDelete (vol, 0);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
  }
  test_raw_close (raw);
}

static void
test_custom_xml_pxe (void)
{
  check_custom_method (VIREO_INSTALL_METHOD_PXE);
}

static void
test_custom_xml_url (void)
{
  check_custom_method (VIREO_INSTALL_METHOD_URL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  TEST_CORE_INIT (&argc, &argv);
  work_dir = g_dir_make_tmp ("vireo-runner-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/install-runner/iso", test_run_iso);
  g_test_add_func ("/install-runner/import", test_run_import);
  g_test_add_func ("/install-runner/failure-cleans-up", test_failure_cleans_up);
  g_test_add_func ("/install-runner/bad-pool-and-cancel", test_bad_pool_and_cancel);
  g_test_add_func ("/install-runner/custom-xml", test_custom_xml);
  g_test_add_func ("/install-runner/custom-xml-pxe", test_custom_xml_pxe);
  g_test_add_func ("/install-runner/custom-xml-url", test_custom_xml_url);
  ret = g_test_run ();

  {
    g_autofree char *iso = g_build_filename (work_dir, "install.iso", NULL);
    g_unlink (iso);
    g_rmdir (work_dir);
  }
  g_free (work_dir);
  return ret;
}
