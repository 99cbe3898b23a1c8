/* test-live-install.c — the New VM plan installs from a real ISO
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds a tiny bootable ISO (xorriso + isolinux) whose isolinux prints
 * VIREO-ISO-MARKER on the serial port every second (as the name of a kernel
 * it cannot find), runs an ISO plan on
 * qemu:///system through VireoInstallRunner (a 1 GiB disk in a dir pool the
 * test creates), and checks that the install phase boots the ISO (the marker
 * on the serial console) and that the persistent VM, started again after the
 * install phase ends, boots its disk and not the ISO.
 *
 * Import: a qcow2 image (qemu-img convert of a hand-made boot sector that
 * prints VIREO-IMPORT-OK on COM1) becomes a VM through an IMPORT plan, and
 * the marker shows on a VireoSerialSession.
 *
 * URL: an install tree served over HTTP on 127.0.0.1 by the test is
 * detected, its kernel and initrd are fetched into the pool with progress,
 * and the VM boots them with the given arguments. The "kernel" is a minimal
 * bzImage (boot protocol 2.02 header, no protected-mode part) whose setup
 * code prints VIREO-URL-KERNEL and then the command line QEMU passed it
 * (from 0x20000, where QEMU puts it for protocol >= 2.02) on COM1: the
 * marker and the arguments on the serial console show that the guest
 * booted the fetched kernel with the plan's arguments. The fetched copies
 * are gone from the pool once the install config runs.
 *
 * Customized ISO: an edit of the final XML (a description, more memory) is
 * what the running install phase has (its live XML), and the ISO still
 * boots (its marker).
 *
 * Everything lives under /var/lib/libvirt/images/vireo-live-pool-PID (ISO,
 * pool, volume) and is removed at the end, pass or fail; the guest is named
 * vireo-live-install (harness.sh removes leftovers named vireo-live-*).
 */
#define G_LOG_DOMAIN "test-live-install"

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>
#include <string.h>

#include "live-domain-util.h"
#include "../core/http-tree-server.h"
#include "vireo-install-runner.h"
#include "vireo-serial-session.h"

#define URI         "qemu:///system"
#define GUEST       "vireo-live-install"
#define MARKER      "VIREO-ISO-MARKER"

static VireoConnection *conn;
static virConnectPtr raw;
static char *pool_dir;
static char *pool_name;
static char *iso_path;

/* -- fixtures ------------------------------------------------------------------- */

static void
remove_guest (void)
{
  live_remove_guest (raw, GUEST);
}

static void
cleanup (void)
{
  /* a connection of the parent's own: the child's died with it */
  raw = virConnectOpen (URI);
  if (raw != NULL)
    {
      remove_guest ();
      /* the pool, and whatever it left in its folder (it owns nothing else) */
      live_remove_pool (raw, pool_name, pool_dir);
      virConnectClose (raw);
      raw = NULL;
    }
  if (iso_path != NULL)
    g_unlink (iso_path);
  if (pool_dir != NULL)
    live_remove_pool (NULL, NULL, pool_dir);
}

/* -- serial log --------------------------------------------------------------------- */

static gboolean
domain_listed (gpointer data)
{
  return live_find_domain (conn, GUEST) != NULL;
}

static gboolean
domain_state_is (gpointer data)
{
  virDomainPtr dom = virDomainLookupByName (raw, GUEST);
  int state = dom != NULL ? live_raw_state (dom, NULL) : -1;

  if (dom != NULL)
    virDomainFree (dom);
  return state == GPOINTER_TO_INT (data);
}

/* -- the test ------------------------------------------------------------------- */

static void
iso_install (void)
{
  g_autoptr (VireoInstallPlan) plan = vireo_install_plan_new (URI);
  g_autoptr (VireoInstallRunner) runner = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *pool_xml = NULL;
  g_autofree char *caps = NULL;
  g_autoptr (VireoSerialSession) session = NULL;
  LiveSerialLog log = { g_string_new (NULL), FALSE, MARKER };
  virStoragePoolPtr pool;
  virDomainPtr dom;
  VireoDomain *domain;
  char *xml;

  if (live_iso_missing () != NULL)
    {
      g_test_skip (live_iso_missing ());
      return;
    }

  /* a dir pool of our own, holding the ISO too (QEMU can read it there) */
  g_assert_cmpint (g_mkdir_with_parents (pool_dir, 0755), ==, 0);
  live_build_iso (pool_dir, iso_path, MARKER, &error);
  g_assert_no_error (error);
  pool_xml = g_markup_printf_escaped ("<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>",
                                      pool_name, pool_dir);
  pool = virStoragePoolCreateXML (raw, pool_xml, 0);
  g_assert_nonnull (pool);
  virStoragePoolFree (pool);

  /* the answers a person gives in the wizard */
  xml = virConnectGetCapabilities (raw);
  caps = g_strdup (xml);
  free (xml);
  g_assert_true (vireo_install_plan_set_capabilities (plan, caps, &error));
  g_assert_no_error (error);
  g_assert_true (vireo_install_plan_set_os (plan, NULL, NULL, &error));
  g_object_set (plan,
                "name", GUEST,
                "method", VIREO_INSTALL_METHOD_ISO,
                "media-path", iso_path,
                /* TCG even where KVM works: under nested KVM isolinux's
                 * real-mode code stops the guest with a KVM emulation error */
                "virt-type", "qemu",
                "memory-mib", 256,
                "vcpus", 1,
                "storage-mode", VIREO_STORAGE_MODE_NEW_VOLUME,
                "pool-name", pool_name,
                "disk-size-gib", 1,
                "network-mode", VIREO_NETWORK_MODE_NONE,
                NULL);

  runner = vireo_install_runner_new (conn, plan);
  vireo_install_runner_run_async (runner, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 240000));
  uuid = vireo_install_runner_run_finish (runner, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuid);

  /* the install phase boots the ISO: its marker on the serial console */
  g_assert_true (live_wait_until (domain_listed, NULL, 30000));
  domain = live_find_domain (conn, GUEST);
  g_assert_cmpstr (vireo_domain_get_uuid (domain), ==, uuid);
  session = live_open_serial (domain, &log);
  if (!live_wait_until (live_serial_has_marker, &log, 120000))
    g_error ("no ISO marker on the serial console; got \"%s\"", log.text->str);
  vireo_serial_session_close (session);
  g_clear_object (&session);

  /* the persistent config boots the disk first and has no media in a drive */
  dom = virDomainLookupByName (raw, GUEST);
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (xml);
  g_test_message ("final XML:\n%s", xml);
  g_assert_null (strstr (xml, iso_path));
  g_assert_nonnull (strstr (xml, "<boot dev='hd'/>"));
  g_assert_null (strstr (xml, "<boot dev='cdrom'/>"));
  free (xml);

  /* the installer "reboots": the install phase stops; the VM starts again
   * from its (empty) disk and must not show the ISO's marker */
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_true (live_wait_until (domain_state_is, GINT_TO_POINTER (VIR_DOMAIN_SHUTOFF), 30000));
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  g_assert_true (live_wait_until (domain_state_is, GINT_TO_POINTER (VIR_DOMAIN_RUNNING), 30000));
  g_assert_nonnull (live_wait_running (conn, GUEST, 30000));
  domain = live_find_domain (conn, GUEST);
  g_string_truncate (log.text, 0);
  session = live_open_serial (domain, &log);
  live_spin (10000);
  g_assert_null (strstr (log.text->str, MARKER));
  xml = virDomainGetXMLDesc (dom, 0);
  g_assert_null (strstr (xml, iso_path));
  free (xml);
  vireo_serial_session_close (session);

  virDomainFree (dom);
  g_string_free (log.text, TRUE);
}

/* The work runs in a child process, so that the parent removes the guest,
 * the pool and the files even when an assertion aborts the child. */
static void
test_iso_install (void)
{
  if (g_test_subprocess ())
    {
      raw = virConnectOpen (URI);
      g_assert_nonnull (raw);
      remove_guest ();
      conn = live_connection_open (URI, 60000);
      iso_install ();
      vireo_connection_close (conn);
      g_clear_object (&conn);
      virConnectClose (raw);
      return;
    }
  g_test_trap_subprocess (NULL, 400 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  cleanup ();
  g_test_trap_assert_passed ();
}

/* -- import ------------------------------------------------------------------- */

static void
create_pool (void)
{
  live_create_pool (raw, pool_name, pool_dir);
}

static void
wait_for_marker (const char *uuid,
                 const char *marker,
                 LiveSerialLog *log)
{
  g_autoptr (VireoSerialSession) session = NULL;
  VireoDomain *domain;

  g_assert_true (live_wait_until (domain_listed, NULL, 30000));
  g_assert_true (live_wait_until (domain_state_is, GINT_TO_POINTER (VIR_DOMAIN_RUNNING), 30000));
  domain = live_find_domain (conn, GUEST);
  g_assert_cmpstr (vireo_domain_get_uuid (domain), ==, uuid);
  log->marker = marker;
  session = live_open_serial (domain, log);
  if (!live_wait_until (live_serial_has_marker, log, 120000))
    g_error ("no marker %s on the serial console; got \"%s\"", marker, log->text->str);
  /* the rest of the line */
  live_spin (3000);
  vireo_serial_session_close (session);
}

static void
import_install (void)
{
  g_autoptr (VireoInstallPlan) plan = NULL;
  g_autofree char *qcow2_path = g_build_filename (pool_dir, "import.qcow2", NULL);
  g_autofree char *uuid = NULL;
  g_autoptr (GError) error = NULL;
  LiveSerialLog log = { g_string_new (NULL), FALSE, MARKER };
  virDomainPtr dom;
  char *xml;

  if (g_find_program_in_path ("qemu-img") == NULL)
    {
      g_test_skip ("qemu-img is not installed (package qemu-utils)");
      return;
    }
  create_pool ();

  /* an "existing" image: a raw boot sector converted to qcow2 */
  live_build_import_image (qcow2_path, &error);
  g_assert_no_error (error);

  plan = live_plan_new (raw, URI, NULL, NULL, GUEST, VIREO_INSTALL_METHOD_IMPORT, pool_name);
  g_object_set (plan, "storage-mode", VIREO_STORAGE_MODE_EXISTING, "disk-path", qcow2_path,
                "disk-format", "qcow2", NULL);
  uuid = live_run_plan (conn, plan, NULL);

  wait_for_marker (uuid, LIVE_IMPORT_MARKER, &log);

  dom = virDomainLookupByName (raw, GUEST);
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (strstr (xml, qcow2_path));
  g_assert_nonnull (strstr (xml, "type='qcow2'"));
  free (xml);
  virDomainFree (dom);
  g_string_free (log.text, TRUE);
}

/* -- URL ------------------------------------------------------------------------ */

#define URL_ARGS   "vireo.test=url-args"

static gboolean
detection_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
url_install (void)
{
  g_autoptr (VireoInstallPlan) plan = NULL;
  g_autoptr (VireoInstallRunner) runner = NULL;
  g_autoptr (VireoOsDatabase) db = vireo_os_database_new ();
  g_autoptr (VireoOsDetection) det = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GBytes) kernel = live_make_kernel ();
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *tree = NULL;
  g_autofree char *kernel_prefix = NULL;
  LiveSerialLog log = { g_string_new (NULL), FALSE, MARKER };
  HttpTreeServer *server;
  virDomainPtr dom;
  char *xml;

  create_pool ();
  server = http_tree_server_new (16);
  http_tree_server_add (server, "/tree/images/pxeboot/vmlinuz", g_bytes_get_data (kernel, NULL),
                        g_bytes_get_size (kernel));
  tree = http_tree_server_url (server, "tree/");

  /* the OS page: the tree is detected and names its kernel and initrd */
  g_assert_true (vireo_os_database_load (db, NULL, &error));
  vireo_os_database_detect_tree_async (db, tree, 0, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (detection_ready, &result, 30000));
  det = vireo_os_database_detect_tree_finish (db, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (det->kernel_path, ==, "images/pxeboot/vmlinuz");

  plan = live_plan_new (raw, URI, NULL, NULL, GUEST, VIREO_INSTALL_METHOD_URL, pool_name);
  g_object_set (plan,
                "tree-url", tree,
                "kernel-path", det->kernel_path,
                "initrd-path", det->initrd_path,
                "kernel-args", "console=ttyS0 " URL_ARGS,
                "storage-mode", VIREO_STORAGE_MODE_NEW_VOLUME,
                NULL);
  uuid = live_run_plan (conn, plan, &runner);

  /* the guest runs the fetched kernel, which prints the arguments it got */
  wait_for_marker (uuid, LIVE_URL_MARKER, &log);
  g_test_message ("serial: %s", log.text->str);
  g_assert_nonnull (strstr (log.text->str, URL_ARGS));
  g_assert_nonnull (strstr (log.text->str, "console=ttyS0"));

  /* the running (install) config names the copies in the pool */
  kernel_prefix = g_strdup_printf ("%s/vireo-%s-kernel.", pool_dir, GUEST);
  dom = virDomainLookupByName (raw, GUEST);
  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, 0);
  g_test_message ("install XML:\n%s", xml);
  g_assert_nonnull (strstr (xml, kernel_prefix));
  g_assert_nonnull (strstr (xml, "<cmdline>"));
  free (xml);
  /* ...which are gone now; the next boot is from the disk */
  {
    g_autoptr (GDir) dir = g_dir_open (pool_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, "vireo-" GUEST "-"));
  }
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_null (strstr (xml, "<kernel>"));
  free (xml);
  virDomainFree (dom);

  http_tree_server_free (server);
  g_string_free (log.text, TRUE);
}

/* -- customized ISO install ------------------------------------------------------- */

/* "Customize configuration before install": the person's edit of the final
 * XML (a description, more memory) is what the install phase runs; Vireo's
 * install-time changes on top still boot the ISO (its marker on the serial
 * console) and end the run at the installer's reboot */
static void
iso_custom_install (void)
{
  g_autoptr (VireoInstallPlan) plan = NULL;
  g_autoptr (VireoInstallRunner) runner = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) edited = NULL;
  g_autofree char *final = NULL;
  g_autofree char *uuid = NULL;
  LiveSerialLog log = { g_string_new (NULL), FALSE, MARKER };
  virDomainPtr dom;
  char *xml;

  if (live_iso_missing () != NULL)
    {
      g_test_skip (live_iso_missing ());
      return;
    }
  create_pool ();
  live_build_iso (pool_dir, iso_path, MARKER, &error);
  g_assert_no_error (error);

  plan = live_plan_new (raw, URI, NULL, NULL, GUEST, VIREO_INSTALL_METHOD_ISO, pool_name);
  g_object_set (plan, "media-path", iso_path, "storage-mode", VIREO_STORAGE_MODE_NEW_VOLUME, NULL);
  final = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_FINAL, &error);
  g_assert_no_error (error);
  edited = g_string_new (final);
  g_assert_cmpuint (g_string_replace (edited, ">256</memory>", ">320</memory>", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edited, ">256</currentMemory>", ">320</currentMemory>", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (edited, "</name>", "</name><description>edited before install</description>", 1),
                    ==, 1);

  runner = vireo_install_runner_new (conn, plan);
  vireo_install_runner_set_final_xml (runner, edited->str);
  vireo_install_runner_run_async (runner, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 240000));
  uuid = vireo_install_runner_run_finish (runner, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuid);

  /* the install phase boots the ISO ... */
  wait_for_marker (uuid, MARKER, &log);

  /* ... with the person's configuration: what the running QEMU has */
  dom = virDomainLookupByName (raw, GUEST);
  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, 0);
  g_test_message ("running XML:\n%s", xml);
  g_assert_nonnull (strstr (xml, "<description>edited before install</description>"));
  g_assert_nonnull (strstr (xml, "<memory unit='KiB'>327680</memory>"));
  g_assert_nonnull (strstr (xml, "<currentMemory unit='KiB'>327680</currentMemory>"));
  g_assert_nonnull (strstr (xml, iso_path));
  g_assert_nonnull (strstr (xml, "<on_reboot>destroy</on_reboot>"));
  free (xml);

  /* the saved configuration is the edit as it is: from the disk, no ISO */
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (strstr (xml, "<description>edited before install</description>"));
  g_assert_nonnull (strstr (xml, "<memory unit='KiB'>327680</memory>"));
  g_assert_null (strstr (xml, iso_path));
  g_assert_null (strstr (xml, "<boot dev='cdrom'/>"));
  g_assert_nonnull (strstr (xml, "<on_reboot>restart</on_reboot>"));
  free (xml);

  virDomainFree (dom);
  g_string_free (log.text, TRUE);
}

/* The work runs in a child process, so that the parent removes the guest,
 * the pool and the files even when an assertion aborts the child. */
static void
in_child (void (*func) (void))
{
  if (g_test_subprocess ())
    {
      raw = virConnectOpen (URI);
      g_assert_nonnull (raw);
      remove_guest ();
      conn = live_connection_open (URI, 60000);
      func ();
      vireo_connection_close (conn);
      g_clear_object (&conn);
      virConnectClose (raw);
      return;
    }
  g_test_trap_subprocess (NULL, 400 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  cleanup ();
  g_test_trap_assert_passed ();
}

static void
test_import_install (void)
{
  in_child (import_install);
}

static void
test_url_install (void)
{
  in_child (url_install);
}

static void
test_iso_custom_install (void)
{
  in_child (iso_custom_install);
}

int
main (int argc, char *argv[])
{
  const char *tag;
  int ret;

  g_test_init (&argc, &argv, NULL);
  vireo_core_init ();

  /* the child uses the parent's names */
  tag = live_test_tag ("VIREO_LIVE_INSTALL_TAG");
  pool_dir = g_strdup_printf ("/var/lib/libvirt/images/vireo-live-pool-%s", tag);
  pool_name = g_strdup_printf ("vireo-live-pool-%s", tag);
  iso_path = g_build_filename (pool_dir, "marker.iso", NULL);

  /* a proxy never serves the test's loopback tree (and GIO's GNOME proxy
   * resolver needs a schema the test environment hides) */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_add_func ("/live/install/iso", test_iso_install);
  g_test_add_func ("/live/install/import", test_import_install);
  g_test_add_func ("/live/install/url", test_url_install);
  g_test_add_func ("/live/install/iso-custom", test_iso_custom_install);
  ret = g_test_run ();

  if (!g_test_subprocess ())
    cleanup ();
  g_free (pool_dir);
  g_free (pool_name);
  g_free (iso_path);
  return ret;
}
