/* test-install-job.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After the installer reboots, the VM comes back from its disk: a VM running
 * with Vireo's install-phase marker that shuts down (what QEMU does at the
 * installer's reboot, as on_reboot is destroy) is started again from its
 * saved configuration, whose running XML has no marker; one forced off, or
 * shut down by the person, stays off with a sentence that says so. On
 * libvirt's test driver, where virDomainShutdown gives STOPPED_SHUTDOWN.
 */
#define G_LOG_DOMAIN "vireo-test-install-job"

#include "config.h"

#include "core-test-util.h"

#define VM_NAME "install-job-vm"
/* the UUID is new in every test: a late event of the previous test's VM
 * (the test driver is shared in-process) cannot be taken for this one's */
static char vm_uuid[VIR_UUID_STRING_BUFLEN];

/* the saved (final) configuration: boots the disk */
static const char final_xml_format[] =
  "<domain type='test'><name>" VM_NAME "</name><uuid>%s</uuid>"
  "<metadata><libosinfo:libosinfo xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>"
  "<libosinfo:os id='http://debian.org/debian/12'/></libosinfo:libosinfo></metadata>"
  "<memory unit='MiB'>256</memory><vcpu>1</vcpu>"
  "<os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>"
  "<on_reboot>restart</on_reboot></domain>";

/* the install phase: boots the installer; the reboot ends it */
static const char install_xml_format[] =
  "<domain type='test'><name>" VM_NAME "</name><uuid>%s</uuid>"
  "<metadata><libosinfo:libosinfo xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>"
  "<libosinfo:os id='http://debian.org/debian/12'/></libosinfo:libosinfo></metadata>"
  "<memory unit='MiB'>256</memory><vcpu>1</vcpu>"
  "<os><type arch='x86_64'>hvm</type><boot dev='cdrom'/></os>"
  "<on_reboot>destroy</on_reboot></domain>";

typedef struct
{
  virConnectPtr raw;
  virDomainPtr dom;
  VireoConnection *conn;
  VireoDomain *domain; /* borrowed from the model */
} Fixture;

static char *
live_xml (Fixture *f)
{
  char *xml = virDomainGetXMLDesc (f->dom, 0);
  char *ret = g_strdup (xml);

  free (xml);
  return ret;
}

/* what the install run does: the marked install config started as a
 * transient VM, then the final config saved */
static void
start_install_phase (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *install_xml = NULL;
  g_autofree char *final_xml = NULL;
  g_autofree char *marked = NULL;
  virDomainPtr defined;

  g_strlcpy (vm_uuid, uuid, sizeof vm_uuid);
  install_xml = g_strdup_printf (install_xml_format, vm_uuid);
  final_xml = g_strdup_printf (final_xml_format, vm_uuid);
  marked = vireo_install_job_mark_xml (install_xml, &error);
  g_assert_no_error (error);
  f->dom = virDomainCreateXML (f->raw, marked, 0);
  g_assert_nonnull (f->dom);
  defined = virDomainDefineXML (f->raw, final_xml);
  g_assert_nonnull (defined);
  virDomainFree (defined);
}

static void
find_vm (Fixture *f)
{
  GListModel *domains = vireo_connection_get_domains (f->conn);

  WAIT_UNTIL (test_find_domain (domains, VM_NAME, NULL) != NULL
                  && vireo_domain_get_persistent (test_find_domain (domains, VM_NAME, NULL))
                  && vireo_domain_get_install_job (test_find_domain (domains, VM_NAME, NULL)) != NULL,
              TEST_TIMEOUT_MS);
  f->domain = test_find_domain (domains, VM_NAME, NULL);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  gboolean vireo_first = GPOINTER_TO_INT (data);

  f->raw = test_raw_open ();
  /* the wizard's Vireo sees the run start; a Vireo opened later (after the
   * wizard closed, or another Vireo) finds the install running */
  if (vireo_first)
    f->conn = test_connection_new_open ("test:///default");
  start_install_phase (f);
  if (!vireo_first)
    f->conn = test_connection_new_open ("test:///default");
  find_vm (f);
  g_assert_cmpint (vireo_install_job_get_state (vireo_domain_get_install_job (f->domain)), ==,
                   VIREO_INSTALL_JOB_INSTALLING);
  g_assert_true (vireo_install_job_get_active (vireo_domain_get_install_job (f->domain)));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  vireo_connection_close (f->conn);
  g_clear_object (&f->conn);
  if (virDomainIsActive (f->dom) == 1)
    virDomainDestroy (f->dom);
  virDomainUndefine (f->dom);
  virDomainFree (f->dom);
  test_raw_close (f->raw);
}

static void
test_mark_xml (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *install_xml = g_strdup_printf (install_xml_format, "6a1f4b7e-2d51-4c3a-9e0b-7d2c1f0a9b11");
  g_autofree char *marked = vireo_install_job_mark_xml (install_xml, &error);
  g_autofree char *bare = NULL;
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_true (vireo_install_job_xml_is_marked (marked));
  g_assert_false (vireo_install_job_xml_is_marked (install_xml));
  /* libosinfo's metadata is kept beside it */
  g_assert_nonnull (strstr (marked, "http://debian.org/debian/12"));
  g_assert_nonnull (strstr (marked, VIREO_INSTALL_NS));
  /* once only */
  again = vireo_install_job_mark_xml (marked, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (again, VIREO_INSTALL_NS));
  g_assert_null (strstr (strstr (again, VIREO_INSTALL_NS) + 1, VIREO_INSTALL_NS));
  /* a domain without <metadata> gets one */
  bare = vireo_install_job_mark_xml ("<domain type='test'><name>x</name><memory>1</memory></domain>",
                                     &error);
  g_assert_no_error (error);
  g_assert_true (vireo_install_job_xml_is_marked (bare));
  g_assert_null (vireo_install_job_mark_xml ("<network/>", &error));
  g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML);
}

/* the installer reboots: the VM comes back running its saved configuration */
static void
test_shutdown_restarts (Fixture *f, gconstpointer data)
{
  VireoInstallJob *job = vireo_domain_get_install_job (f->domain);
  g_autofree char *xml = NULL;

  g_assert_cmpint (virDomainShutdown (f->dom), ==, 0);
  WAIT_UNTIL (vireo_install_job_get_state (job) == VIREO_INSTALL_JOB_DONE, TEST_TIMEOUT_MS);
  g_assert_cmpstr (vireo_install_job_get_message (job), ==,
                   "Installed. The virtual machine was started again from its disk.");
  g_assert_false (vireo_install_job_get_active (job));
  g_assert_cmpfloat (vireo_install_job_get_fraction (job), ==, 1.0);
  g_assert_true (vireo_domain_get_install_job (f->domain) == job);

  /* libvirt runs the final configuration: no marker, the disk boots */
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, VIR_DOMAIN_RUNNING);
  WAIT_UNTIL (vireo_domain_get_state (f->domain) == VIREO_DOMAIN_STATE_RUNNING, TEST_TIMEOUT_MS);
  xml = live_xml (f);
  g_assert_false (vireo_install_job_xml_is_marked (xml));
  g_assert_nonnull (strstr (xml, "<boot dev='hd'/>"));
  g_assert_null (strstr (xml, "<boot dev='cdrom'/>"));
  g_assert_nonnull (strstr (xml, "http://debian.org/debian/12"));

  /* a later stop of the installed VM is an ordinary one */
  g_assert_cmpint (virDomainShutdown (f->dom), ==, 0);
  WAIT_UNTIL (vireo_domain_get_state (f->domain) == VIREO_DOMAIN_STATE_SHUTOFF, TEST_TIMEOUT_MS);
  test_settle (50);
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, VIR_DOMAIN_SHUTOFF);
  g_assert_cmpint (vireo_install_job_get_state (job), ==, VIREO_INSTALL_JOB_DONE);
}

/* forced off: the person stopped the install; it stays off */
static void
test_destroy_stays_off (Fixture *f, gconstpointer data)
{
  VireoInstallJob *job = vireo_domain_get_install_job (f->domain);
  g_autofree char *xml = NULL;

  g_assert_cmpint (virDomainDestroy (f->dom), ==, 0);
  WAIT_UNTIL (vireo_install_job_get_state (job) == VIREO_INSTALL_JOB_STOPPED, TEST_TIMEOUT_MS);
  g_assert_cmpstr (vireo_install_job_get_message (job), ==,
                   "The install was stopped before the installer finished. "
                   "Run starts the virtual machine from its disk.");
  /* a round trip through the worker: no start was queued behind it */
  vireo_domain_refresh (f->domain);
  WAIT_UNTIL (vireo_domain_get_state (f->domain) == VIREO_DOMAIN_STATE_SHUTOFF, TEST_TIMEOUT_MS);
  test_settle (50);
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, VIR_DOMAIN_SHUTOFF);
  /* Run boots the disk */
  xml = virDomainGetXMLDesc (f->dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_false (vireo_install_job_xml_is_marked (xml));
  free (g_steal_pointer (&xml));
}

/* Shut Down in Vireo during the install: the person wants it off */
static void
test_person_shutdown_stays_off (Fixture *f, gconstpointer data)
{
  VireoInstallJob *job = vireo_domain_get_install_job (f->domain);
  g_autoptr (GError) error = NULL;

  g_assert_true (test_domain_action (f->domain, VIREO_DOMAIN_ACTION_SHUTDOWN, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (vireo_install_job_get_state (job) == VIREO_INSTALL_JOB_STOPPED, TEST_TIMEOUT_MS);
  vireo_domain_refresh (f->domain);
  WAIT_UNTIL (vireo_domain_get_state (f->domain) == VIREO_DOMAIN_STATE_SHUTOFF, TEST_TIMEOUT_MS);
  test_settle (50);
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, VIR_DOMAIN_SHUTOFF);
}

/* a Vireo that cannot start it (read-only) says so, not nothing; when
 * another Vireo (with full access) starts it, the sentence follows */
static void
test_restart_failure_reported (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  VireoInstallJob *job;

  f->raw = test_raw_open ();
  f->conn = vireo_connection_new ("test:///default");
  vireo_connection_open_async (f->conn, TRUE, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_true (vireo_connection_open_finish (f->conn, result, &error));
  g_assert_no_error (error);
  g_assert_true (vireo_connection_get_read_only (f->conn));
  start_install_phase (f);
  find_vm (f);
  job = vireo_domain_get_install_job (f->domain);

  g_assert_cmpint (virDomainShutdown (f->dom), ==, 0);
  WAIT_UNTIL (vireo_install_job_get_state (job) == VIREO_INSTALL_JOB_FAILED, TEST_TIMEOUT_MS);
  g_assert_true (g_str_has_prefix (vireo_install_job_get_message (job),
                                   "The installer has finished, but the virtual machine could not be started from its disk. "));
  g_assert_nonnull (strstr (vireo_install_job_get_message (job), "read-only"));
  g_assert_false (vireo_install_job_get_active (job));
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, VIR_DOMAIN_SHUTOFF);

  /* started elsewhere (virsh, another Vireo, Run): the job ends installed */
  g_assert_cmpint (virDomainCreate (f->dom), ==, 0);
  WAIT_UNTIL (vireo_install_job_get_state (job) == VIREO_INSTALL_JOB_DONE, TEST_TIMEOUT_MS);
  g_assert_cmpstr (vireo_install_job_get_message (job), ==,
                   "Installed. The virtual machine was started again from its disk.");

  fixture_teardown (f, NULL);
}

/* the installer rebooted while Vireo's connection was down: once it is
 * back, the reading of the VM says why it stopped, and it is started */
static void
test_shutdown_while_disconnected (Fixture *f, gconstpointer data)
{
  VireoInstallJob *job = vireo_domain_get_install_job (f->domain);
  g_autoptr (GError) error = NULL;

  vireo_connection_close (f->conn);
  g_assert_false (vireo_domain_get_available (f->domain));
  g_assert_cmpint (virDomainShutdown (f->dom), ==, 0);
  test_settle (50);
  g_assert_cmpint (vireo_install_job_get_state (job), ==, VIREO_INSTALL_JOB_INSTALLING);

  g_assert_true (test_connection_open (f->conn, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (vireo_domain_get_install_job (f->domain) == job);
  WAIT_UNTIL (vireo_install_job_get_state (job) == VIREO_INSTALL_JOB_DONE, TEST_TIMEOUT_MS);
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, VIR_DOMAIN_RUNNING);
}

int
main (int argc, char **argv)
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add_func ("/install-job/mark-xml", test_mark_xml);
  g_test_add ("/install-job/shutdown-restarts", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_shutdown_restarts, fixture_teardown);
  g_test_add ("/install-job/shutdown-restarts-vireo-opened-later", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_shutdown_restarts, fixture_teardown);
  g_test_add ("/install-job/destroy-stays-off", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_destroy_stays_off, fixture_teardown);
  g_test_add ("/install-job/person-shutdown-stays-off", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_person_shutdown_stays_off, fixture_teardown);

  g_test_add_func ("/install-job/restart-failure-reported", test_restart_failure_reported);
  g_test_add ("/install-job/shutdown-while-disconnected", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_shutdown_while_disconnected, fixture_teardown);

  return g_test_run ();
}
