/* test-live-lifecycle.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A diskless SeaBIOS guest on the real qemu:///system, driven only through
 * Vireo's core: run, pause, resume, save (managed), restore, reboot, force
 * off, delete.  After each step libvirt's own state is read through a raw
 * connection, and the VireoDomain must have followed by itself.
 * Run by tests/live/harness.sh, which starts libvirtd when none runs and
 * removes any vireo-live-* guest left behind.
 */
#define G_LOG_DOMAIN "vireo-test-live"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live-test-util.h"

#define URI "qemu:///system"

static virConnectPtr raw;                /* the test's own view of libvirt */
static char *vm_name;
static VireoConnection *conn;
static VireoDomain *domain;              /* owned by conn's model; we keep a ref */

static void
remove_guest (void)
{
  live_remove_guest (raw, vm_name);
}

static void
cleanup_at_exit (void)
{
  remove_guest ();
  if (raw != NULL)
    virConnectClose (raw);
  raw = NULL;
}

static virDomainPtr
raw_lookup (void)
{
  virDomainPtr dom = virDomainLookupByName (raw, vm_name);

  g_assert_nonnull (dom);
  return dom;
}

typedef struct
{
  VireoDomainState state;
  int              managed_save;   /* -1: don't care */
} Expect;

static gboolean
domain_matches (gpointer data)
{
  Expect *e = data;

  return vireo_domain_get_state (domain) == e->state &&
         (e->managed_save < 0 || vireo_domain_get_has_managed_save (domain) == e->managed_save);
}

/* libvirt says @state (and the managed-save image exists or not); the
 * VireoDomain must show the same within a few seconds */
static void
assert_states (int state,
               int managed_save)
{
  virDomainPtr dom = raw_lookup ();
  Expect e = { state, managed_save };
  int reason = 0;
  int got = live_raw_state (dom, &reason);

  g_test_message ("libvirt: %s (reason %d), managed save image: %d",
                  live_raw_state_name (got), reason, virDomainHasManagedSaveImage (dom, 0));
  g_assert_cmpint (got, ==, state);
  if (managed_save >= 0)
    g_assert_cmpint (virDomainHasManagedSaveImage (dom, 0), ==, managed_save);
  virDomainFree (dom);

  if (!live_wait_until (domain_matches, &e, 10000))
    g_error ("VireoDomain state %d (managed save %d) did not follow libvirt's %s",
             vireo_domain_get_state (domain), vireo_domain_get_has_managed_save (domain),
             live_raw_state_name (state));
  g_assert_true (vireo_domain_get_available (domain));
  g_assert_false (vireo_domain_get_removed (domain));
}

static void
do_action (VireoDomainAction action)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = live_now_ms ();

  live_action (domain, action, &error);
  g_assert_no_error (error);
  g_test_message ("action %d took %" G_GINT64_FORMAT " ms", action, live_now_ms () - t0);
}

/* -- the steps, in order ---------------------------------------------------- */

static void
test_open (void)
{
  g_autoptr(GError) error = NULL;

  conn = vireo_connection_new (URI);
  live_open (conn, 60000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_CONNECTED);

  domain = live_find_domain (conn, vm_name);
  g_assert_nonnull (domain);
  g_object_ref (domain);
  g_assert_cmpstr (vireo_domain_get_name (domain), ==, vm_name);
  g_assert_cmpstr (vireo_domain_get_hypervisor (domain), ==,
                   g_getenv ("VIREO_TEST_DOMAIN_TYPE") ?: "qemu");
  g_assert_true (vireo_domain_get_persistent (domain));
  assert_states (VIR_DOMAIN_SHUTOFF, 0);
}

static void
test_run (void)
{
  do_action (VIREO_DOMAIN_ACTION_RUN);
  assert_states (VIR_DOMAIN_RUNNING, 0);
  g_assert_cmpint (vireo_domain_get_id (domain), >, 0);
}

static void
test_pause (void)
{
  do_action (VIREO_DOMAIN_ACTION_PAUSE);
  assert_states (VIR_DOMAIN_PAUSED, 0);
}

static void
test_resume (void)
{
  do_action (VIREO_DOMAIN_ACTION_RESUME);
  assert_states (VIR_DOMAIN_RUNNING, 0);
}

/* errors from the real QEMU driver reach the caller as sentences */
static void
test_run_running_fails (void)
{
  g_autoptr(GError) error = NULL;
  const char *details;

  g_assert_false (live_action (domain, VIREO_DOMAIN_ACTION_RUN, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE);
  details = vireo_error_get_details (error);
  g_test_message ("message: %s", error->message);
  g_test_message ("details: %s", details ? details : "(none)");
  /* a sentence a person can read: names the VM, says why */
  g_assert_nonnull (strstr (error->message, vm_name));
  g_assert_cmpuint (strlen (error->message), >, strlen (vm_name) + 15);
  g_assert_null (strstr (error->message, "Requested operation is not valid"));
  g_assert_null (strstr (error->message, "libvirt error"));
  /* libvirt's own text is kept for the Details expander */
  g_assert_nonnull (details);
  g_assert_cmpuint (strlen (details), >, 0);
  /* nothing changed */
  assert_states (VIR_DOMAIN_RUNNING, 0);

  g_clear_error (&error);
  g_assert_false (live_action (domain, VIREO_DOMAIN_ACTION_RESUME, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE);
  g_test_message ("resume a running VM: %s", error->message);
  g_assert_null (strstr (error->message, "Requested operation is not valid"));
}

/* a change made by someone else (virsh) reaches the VireoDomain by events */
static void
test_follows_outside_changes (void)
{
  virDomainPtr dom = raw_lookup ();

  g_assert_cmpint (virDomainSuspend (dom), ==, 0);
  assert_states (VIR_DOMAIN_PAUSED, 0);
  g_assert_cmpint (virDomainResume (dom), ==, 0);
  assert_states (VIR_DOMAIN_RUNNING, 0);
  virDomainFree (dom);
}

static void
test_save (void)
{
  virDomainPtr dom;
  int reason = 0;

  do_action (VIREO_DOMAIN_ACTION_SAVE);
  assert_states (VIR_DOMAIN_SHUTOFF, 1);
  dom = raw_lookup ();
  live_raw_state (dom, &reason);
  g_assert_cmpint (reason, ==, VIR_DOMAIN_SHUTOFF_SAVED);
  virDomainFree (dom);
  g_assert_true (vireo_domain_get_has_managed_save (domain));
  g_assert_cmpstr (vireo_domain_state_to_string (vireo_domain_get_state (domain),
                                                 vireo_domain_get_has_managed_save (domain)),
                   ==, vireo_domain_state_to_string (VIREO_DOMAIN_STATE_SHUTOFF, TRUE));
}

static void
test_restore (void)
{
  virDomainPtr dom;
  int reason = 0;

  do_action (VIREO_DOMAIN_ACTION_RUN);
  assert_states (VIR_DOMAIN_RUNNING, 0);
  dom = raw_lookup ();
  live_raw_state (dom, &reason);
  g_test_message ("running reason after Run on a saved VM: %d (%d = restored)",
                  reason, VIR_DOMAIN_RUNNING_RESTORED);
  g_assert_cmpint (reason, ==, VIR_DOMAIN_RUNNING_RESTORED);
  virDomainFree (dom);
}

static void
on_raw_reboot (virConnectPtr c,
               virDomainPtr  dom,
               void         *opaque)
{
  (*(int *) opaque)++;
}

static gboolean
int_positive (gpointer data)
{
  return *(int *) data > 0;
}

static void
test_reboot (void)
{
  virDomainPtr dom = raw_lookup ();
  int reboots = 0;
  int cb;

  cb = virConnectDomainEventRegisterAny (raw, dom, VIR_DOMAIN_EVENT_ID_REBOOT,
                                         VIR_DOMAIN_EVENT_CALLBACK (G_CALLBACK (on_raw_reboot)),
                                         &reboots, NULL);
  g_assert_cmpint (cb, >=, 0);
  do_action (VIREO_DOMAIN_ACTION_REBOOT);
  /* QEMU asks the guest by ACPI; a diskless guest (SeaBIOS only) has no OS
   * to act on it, so libvirt reports no reboot: the VM must simply stay up */
  if (live_wait_until (int_positive, &reboots, 3000))
    g_test_message ("libvirt reported %d reboot(s)", reboots);
  else
    g_test_message ("no reboot event: the diskless guest has no OS to answer ACPI (expected)");
  assert_states (VIR_DOMAIN_RUNNING, 0);
  virConnectDomainEventDeregisterAny (raw, cb);
  virDomainFree (dom);
}

static void
test_force_off (void)
{
  virDomainPtr dom;
  int reason = 0;

  do_action (VIREO_DOMAIN_ACTION_FORCE_OFF);
  assert_states (VIR_DOMAIN_SHUTOFF, 0);
  dom = raw_lookup ();
  live_raw_state (dom, &reason);
  g_assert_cmpint (reason, ==, VIR_DOMAIN_SHUTOFF_DESTROYED);
  virDomainFree (dom);
}

static gboolean
domain_gone (gpointer data)
{
  return vireo_domain_get_removed (domain) &&
         !live_model_contains (vireo_connection_get_domains (conn), domain);
}

static void
test_delete (void)
{
  virDomainPtr dom;

  do_action (VIREO_DOMAIN_ACTION_DELETE);
  dom = virDomainLookupByName (raw, vm_name);
  g_assert_null (dom);
  g_assert_cmpint (virGetLastErrorCode (), ==, VIR_ERR_NO_DOMAIN);
  virResetLastError ();
  g_assert_true (live_wait_until (domain_gone, NULL, 10000));
  g_assert_false (vireo_domain_get_available (domain));
  /* the connection itself is unharmed */
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_CONNECTED);
}

static void
define_guest (void)
{
  g_autofree char *xml = live_guest_xml (vm_name, 128, "<boot dev='hd'/>",
                                         "<title>Vireo live test guest</title>"
                                         "<features><acpi/></features>"
                                         "<on_poweroff>destroy</on_poweroff>"
                                         "<on_reboot>restart</on_reboot>",
                                         "<serial type='pty'/>"
                                         "<graphics type='vnc' listen='127.0.0.1' autoport='yes'/>"
                                         "<video><model type='vga'/></video>");
  virDomainPtr dom = virDomainDefineXML (raw, xml);

  if (dom == NULL)
    g_error ("could not define %s: %s", vm_name, virGetLastErrorMessage ());
  virDomainFree (dom);
}

int
main (int   argc,
      char *argv[])
{
  live_test_init (&argc, &argv);
  vireo_core_init ();

  raw = live_connect_or_skip (URI);
  vm_name = g_strdup_printf ("vireo-live-%d", (int) getpid ());
  atexit (cleanup_at_exit);
  g_test_message ("guest %s, type %s", vm_name, g_getenv ("VIREO_TEST_DOMAIN_TYPE") ?: "qemu");
  define_guest ();

  g_test_add_func ("/live/lifecycle/open", test_open);
  g_test_add_func ("/live/lifecycle/run", test_run);
  g_test_add_func ("/live/lifecycle/pause", test_pause);
  g_test_add_func ("/live/lifecycle/resume", test_resume);
  g_test_add_func ("/live/lifecycle/errors", test_run_running_fails);
  g_test_add_func ("/live/lifecycle/outside-changes", test_follows_outside_changes);
  g_test_add_func ("/live/lifecycle/save", test_save);
  g_test_add_func ("/live/lifecycle/restore", test_restore);
  g_test_add_func ("/live/lifecycle/reboot", test_reboot);
  g_test_add_func ("/live/lifecycle/force-off", test_force_off);
  g_test_add_func ("/live/lifecycle/delete", test_delete);

  int rc = g_test_run ();

  if (domain != NULL)
    g_object_unref (domain);
  if (conn != NULL)
    {
      vireo_connection_close (conn);
      g_object_unref (conn);
    }
  return rc;
}
