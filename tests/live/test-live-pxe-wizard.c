/* test-live-pxe-wizard.c — a person creates a PXE-booted VM in the New VM wizard
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard (GTK, under Xvfb) against the private libvirtd of
 * pxe-harness.sh (its own network namespace: the test network's bridge and
 * dnsmasq never touch the machine's network), driven like a person: the
 * widgets are found by the titles a person reads (and a screen reader
 * announces), page after page, up to Finish. The network offers DHCP with
 * pxelinux.0 as the boot file and TFTP (as in test-live-pxe.c); the person
 * chooses "Network boot (PXE)", emulation (TCG: iPXE's real-mode code is
 * far too slow under nested KVM), a 1 GiB disk, that network and a MAC
 * address. The new guest must then fetch pxelinux and show its marker on
 * the serial console (read through the core), hold the lease for the typed
 * MAC, and libvirt must hold what test-live-pxe.c checks: network boot
 * first for the install run, the disk afterwards.
 *
 * The test runs in a child process, so that the parent removes the guest,
 * the network, the pool and the files even when an assertion aborts it;
 * the harness removes whatever is left with its daemon.
 */
#define G_LOG_DOMAIN "test-live-pxe-wizard"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "pxe-test-util.h"
#include "wizard-test-util.h"
#include "vireo-new-vm-wizard.h"

#define GUEST      "vireo-live-pxe-wiz"
#define MAC        "52:54:00:7e:50:01"
#define TIMEOUT_MS 30000

static const char *uri;
static char *tftp_dir;
static char *pool_dir;
static char *marker;
static VireoConnection *conn;
static GListStore *connections;
static virConnectPtr raw;

/* -- driving the wizard (wizard-test-util.h) ------------------------------------- */

/* Forward (the default button; Finish on the last page), expecting @page */
static void
forward (GtkWidget *wizard,
         guint      page)
{
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, page);
}

/* -- the test ------------------------------------------------------------------- */

static void
cleanup (void)
{
  pxe_cleanup (uri, GUEST, tftp_dir, pool_dir);
}

static void
pxe_guest (void)
{
  g_autofree char *serial = NULL;
  g_autofree char *text = NULL;
  WizardTestCreated created = { 0 };
  GtkWidget *wizard, *advanced;
  gint64 t0;

  pxe_make_tftp_root (tftp_dir, marker);
  pxe_start_network (raw, tftp_dir);
  pxe_create_pool (raw, pool_dir);

  /* the wizard, opened for the connection */
  wizard = wizard_test_open (G_LIST_MODEL (connections), conn, &created, TIMEOUT_MS);

  /* step 1: network boot, emulated */
  wizard_test_pick (wizard, "Network _boot (PXE)");
  g_assert_nonnull (wizard_test_find_text (wizard, "boots from the network"));
  advanced = wizard_test_find_row (wizard, ADW_TYPE_EXPANDER_ROW, "_Advanced options");
  g_assert_nonnull (advanced);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (advanced), TRUE);
  live_spin (300);
  wizard_test_choose (wizard, "Virtualization type", "qemu");

  /* step 2: nothing to detect; the generic OS is fine */
  forward (wizard, 1);
  g_assert_true (live_wait_until (wizard_test_detection_done, wizard, 60000));

  /* step 3: small */
  forward (wizard, 2);
  wizard_test_set_number (wizard, "_Memory (MiB)", 256);
  wizard_test_set_number (wizard, "_Virtual CPUs", 1);

  /* step 4: a 1 GiB disk in the test's pool */
  forward (wizard, 3);
  wizard_test_pick (wizard, "Create a _new disk");
  wizard_test_choose (wizard, "Storage _pool", PXE_POOL);
  wizard_test_set_number (wizard, "_Size (GiB)", 1);

  /* step 5: name, the PXE network, a MAC address */
  forward (wizard, 4);
  wizard_test_type_into (wizard, "_Name", GUEST);
  wizard_test_choose (wizard, "Ne_twork", "Virtual network “" PXE_NETWORK "”");
  {
    GtkWidget *inactive = wizard_test_find_plain_row (wizard, "This virtual network is not running");

    g_assert_true (inactive == NULL || !gtk_widget_get_mapped (inactive));
  }
  wizard_test_type_into (wizard, "MAC address (empty: generated)", MAC);

  /* the summary */
  g_assert_cmpstr (wizard_test_subtitle (wizard, "Install from"), ==, "Network boot (PXE)");
  g_assert_cmpstr (wizard_test_subtitle (wizard, "Network"), ==, "Virtual network “" PXE_NETWORK "”");
  g_assert_nonnull (strstr (wizard_test_subtitle (wizard, "Disk"), PXE_POOL));

  /* Finish: the wizard hands the new VM over and closes */
  t0 = live_now_ms ();
  gtk_widget_activate_action (wizard, "wizard.forward", NULL);
  if (!live_wait_until (wizard_test_is_null, &created.wizard, 120000))
    g_error ("the wizard did not finish:\n%s", text = wizard_test_shown_text (wizard));
  g_assert_nonnull (created.domain);
  g_assert_cmpstr (vireo_domain_get_name (created.domain), ==, GUEST);
  pxe_note ("the wizard finished after %" G_GINT64_FORMAT " ms", live_now_ms () - t0);

  /* the guest boots from the network: pxelinux's marker on the console */
  g_assert_nonnull (live_wait_running (conn, GUEST, TIMEOUT_MS));
  serial = live_serial_until (created.domain, marker, 150000, 1500);
  pxe_note ("marker on the serial console %" G_GINT64_FORMAT " ms after Finish", live_now_ms () - t0);
  pxe_note ("serial: %s", serial);
  g_assert_nonnull (strstr (serial, "PXELINUX"));

  pxe_check_guest (raw, GUEST, MAC);
  g_clear_object (&created.domain);
}

/* The work runs in a child process, so that the parent removes the guest,
 * the network, the pool and the files even when an assertion aborts it. */
static void
test_pxe_guest (void)
{
  if (pxe_missing () != NULL)
    {
      g_test_skip (pxe_missing ());
      return;
    }
  if (g_test_subprocess ())
    {
      raw = virConnectOpen (uri);
      g_assert_nonnull (raw);
      pxe_remove_objects (raw, GUEST);
      conn = live_connection_open (uri, 60000);
      connections = g_list_store_new (VIREO_TYPE_CONNECTION);
      g_list_store_append (connections, conn);
      pxe_guest ();
      g_clear_object (&connections);
      vireo_connection_close (conn);
      g_clear_object (&conn);
      virConnectClose (raw);
      return;
    }
  g_test_trap_subprocess (NULL, 200 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  cleanup ();
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  int ret;

  g_setenv ("GDK_BACKEND", "x11", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  /* libvirt-glib's event loop chatter */
  g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG, live_drop_log, NULL);
  adw_init ();
  vireo_core_init ();

  uri = pxe_names ("VIREO_LIVE_PXE_WIZARD_TAG", "wiz-", "WIZARD", &tftp_dir, &pool_dir, &marker);

  g_test_add_func ("/live/wizard/pxe", test_pxe_guest);
  ret = g_test_run ();

  if (!g_test_subprocess () && pxe_missing () == NULL)
    cleanup ();
  g_free (tftp_dir);
  g_free (pool_dir);
  g_free (marker);
  return ret;
}
