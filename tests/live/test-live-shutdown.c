/* test-live-shutdown.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shut Down of a guest that ignores it, the way a person meets it, in the VM
 * window (GTK) against a real libvirtd. Needs an X display: meson runs it as
 * `xvfb-run -a tests/live/harness.sh test`.
 *
 * The guest boots a 512-byte boot sector written here: it prints a marker on
 * COM1, disables interrupts and halts, so it never reacts to the ACPI power
 * button that Shut Down presses. The "shutdown-timeout" setting is set to a
 * few seconds.
 *
 * - ignored: the person presses Shut Down in the VM window; no message comes
 *   before the deadline; then "“name” Did Not Shut Down" says why and offers
 *   Force Off; pressing it turns the VM off (libvirt says shut off);
 * - Keep Waiting: the message goes and comes back after another deadline;
 *   the VM stopped elsewhere (virsh destroy) takes the message away;
 * - the VM window closed while the message shows takes the message with it.
 *
 * The VM's name holds a zero-width space: the message's heading shows it as
 * <U+200B>, as the Force Off question does.
 */
#define G_LOG_DOMAIN "vireo-test-live"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live-test-util.h"
#include "vireo-vm-window.h"

#define URI "qemu:///system"
#define MARKER "VIREO-IGNORES-ACPI"
/* seconds: the "shutdown-timeout" the test sets */
#define DEADLINE 3

/* 16-bit real mode, loaded at 0x7c00 */
static const guint8 boot_code[] = {
  0x31, 0xc0,             /* 7c00 xor ax, ax                   */
  0x8e, 0xd8,             /* 7c02 mov ds, ax                   */
  0xbe, 0x16, 0x7c,       /* 7c04 mov si, msg                  */
  0xba, 0xf8, 0x03,       /* 7c07 mov dx, 0x3f8 (COM1)         */
  0xac,                   /* 7c0a next: lodsb                  */
  0x84, 0xc0,             /* 7c0b test al, al                  */
  0x74, 0x03,             /* 7c0d jz 7c12                      */
  0xee,                   /* 7c0f out dx, al                   */
  0xeb, 0xf8,             /* 7c10 jmp next                     */
  0xfa,                   /* 7c12 cli  (no interrupt, no ACPI) */
  0xf4,                   /* 7c13 halt: hlt                    */
  0xeb, 0xfd,             /* 7c14 jmp halt                     */
  /* 7c16 msg: */
  'V', 'I', 'R', 'E', 'O', '-', 'I', 'G', 'N', 'O', 'R', 'E', 'S', '-', 'A', 'C', 'P', 'I', '\r', '\n', 0,
};

static virConnectPtr raw;
static char *vm_name;
static char *disk_path;
static VireoConnection *conn;

static void
cleanup_at_exit (void)
{
  live_remove_guest (raw, vm_name);
  if (disk_path != NULL)
    g_unlink (disk_path);
  if (raw != NULL)
    virConnectClose (raw);
  raw = NULL;
}

/* starts the guest (defined on first use) and waits until its boot sector
 * ran: it has printed its marker, interrupts are off */
static VireoDomain *
start_guest (void)
{
  virDomainPtr dom = virDomainLookupByName (raw, vm_name);
  VireoDomain *domain;
  g_autofree char *serial = NULL;

  if (dom == NULL)
    {
      g_autofree char *disk = live_boot_disk_xml (disk_path);
      g_autofree char *devices = g_strconcat (
        disk,
        "<serial type='pty'><target port='0'/></serial>"
        "<graphics type='vnc' listen='127.0.0.1' autoport='yes'/>"
        "<video><model type='vga'/></video>", NULL);
      /* <features><acpi/>: the guest has the power button it ignores */
      g_autofree char *xml = live_guest_xml (vm_name, 32, "<boot dev='hd'/>",
                                             "<features><acpi/></features>", devices);

      virResetLastError ();
      live_define_and_start (raw, xml);
    }
  else
    {
      if (virDomainCreate (dom) < 0)
        g_error ("could not start %s: %s", vm_name, virGetLastErrorMessage ());
      virDomainFree (dom);
    }

  domain = live_wait_running (conn, vm_name, 60000);
  g_assert_nonnull (domain);
  serial = live_serial_until (domain, MARKER, 60000, 0);
  return domain;
}

static int
raw_state (void)
{
  virDomainPtr dom = virDomainLookupByName (raw, vm_name);
  int state;

  g_assert_nonnull (dom);
  state = live_raw_state (dom, NULL);
  virDomainFree (dom);
  return state;
}

static gboolean
domain_is_shut_off (gpointer data)
{
  return vireo_domain_get_state (VIREO_DOMAIN (data)) == VIREO_DOMAIN_STATE_SHUTOFF;
}

/* -- the windows --------------------------------------------------------------- */

/* the visible AdwMessageDialog among the toplevels, or NULL */
static AdwMessageDialog *
shown_message (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
message_shown (gpointer data)
{
  return shown_message () != NULL;
}

static gboolean
no_message_shown (gpointer data)
{
  return shown_message () == NULL;
}

/* the button under @root whose action is @action_name, or whose label is @label */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *action_name,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          ((action_name != NULL &&
            g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0) ||
           (label != NULL && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)))
        return child;
      found = find_button (child, action_name, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* the person presses @label on the message */
static void
press (AdwMessageDialog *dialog,
       const char       *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog), NULL, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_is_drawable (button));
  gtk_widget_activate (button);
}

static gboolean
is_drawable (gpointer data)
{
  return gtk_widget_is_drawable (GTK_WIDGET (data));
}

/* a VM window on @domain, shown; the person presses its Shut Down button
 * (returns the time of the press, ms) */
static GtkWidget *
open_window_and_shut_down (VireoDomain *domain,
                           gint64      *pressed_ms)
{
  GtkWidget *window = vireo_vm_window_new (NULL, domain);
  GtkWidget *button;

  gtk_window_present (GTK_WINDOW (window));
  button = find_button (window, "domain.shutdown", NULL);
  g_assert_nonnull (button);
  g_assert_true (live_wait_until (is_drawable, button, 30000));
  g_assert_true (gtk_widget_is_sensitive (button));
  *pressed_ms = live_now_ms ();
  gtk_widget_activate (button);
  return window;
}

static void
assert_message (AdwMessageDialog *dialog)
{
  /* the message offers Force Off: the name's zero-width space is shown as its code,
   * as in the Force Off question, so this VM cannot pass for another */
  g_autofree char *shown = g_strdup_printf ("vireo-live<U+200B>shutdown-%d", (int) getpid ());
  g_autofree char *heading = g_strdup_printf ("“%s” Did Not Shut Down", shown);
  g_autofree char *body = g_strdup_printf (
    "The guest is still running %u seconds after Shut Down: it may not react to the ACPI power "
    "button, or it is busy. Force Off stops it at once, like pulling the power cord; unsaved data "
    "in the guest may be lost.", DEADLINE);

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, body);
  g_assert_true (adw_message_dialog_has_response (dialog, "force-off"));
  g_assert_true (adw_message_dialog_has_response (dialog, "wait"));
}

/* -- the tests ----------------------------------------------------------------- */

static void
test_ignored_force_off (void)
{
  VireoDomain *domain = start_guest ();
  GtkWidget *window;
  AdwMessageDialog *dialog;
  gint64 pressed;

  g_assert_null (shown_message ());
  window = open_window_and_shut_down (domain, &pressed);

  if (!live_wait_until (message_shown, NULL, (DEADLINE + 60) * 1000))
    g_error ("no message after Shut Down; the guest is %s", live_raw_state_name (raw_state ()));
  /* not before the deadline */
  g_assert_cmpint (live_now_ms () - pressed, >=, DEADLINE * 1000);
  dialog = shown_message ();
  assert_message (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  /* the guest really ignored it */
  g_assert_cmpint (raw_state (), ==, VIR_DOMAIN_RUNNING);

  press (dialog, "_Force Off");
  if (!live_wait_until (domain_is_shut_off, domain, 60000))
    g_error ("Force Off did not turn the VM off: it is %s", live_raw_state_name (raw_state ()));
  g_assert_cmpint (raw_state (), ==, VIR_DOMAIN_SHUTOFF);
  /* no second question, nothing left on screen */
  g_assert_true (live_wait_until (no_message_shown, NULL, 10000));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_keep_waiting_then_stopped (void)
{
  VireoDomain *domain = start_guest ();
  GtkWidget *window;
  AdwMessageDialog *dialog;
  virDomainPtr dom;
  gint64 pressed;

  window = open_window_and_shut_down (domain, &pressed);
  g_assert_true (live_wait_until (message_shown, NULL, (DEADLINE + 60) * 1000));
  dialog = shown_message ();
  assert_message (dialog);

  /* Keep Waiting: the message goes, and the guest is asked about again after
   * another deadline */
  press (dialog, "_Keep Waiting");
  g_assert_true (live_wait_until (no_message_shown, NULL, 10000));
  pressed = live_now_ms ();
  g_assert_true (live_wait_until (message_shown, NULL, (DEADLINE + 60) * 1000));
  g_assert_cmpint (live_now_ms () - pressed, >=, DEADLINE * 1000 - 500);
  assert_message (shown_message ());
  g_assert_cmpint (raw_state (), ==, VIR_DOMAIN_RUNNING);

  /* the VM stops elsewhere: the message about it goes away */
  dom = virDomainLookupByName (raw, vm_name);
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  virDomainFree (dom);
  g_assert_true (live_wait_until (domain_is_shut_off, domain, 30000));
  if (!live_wait_until (no_message_shown, NULL, 10000))
    g_error ("a message about a VM that is off still shows: %s",
             adw_message_dialog_get_heading (shown_message ()));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_closed (void)
{
  VireoDomain *domain = start_guest ();
  GtkWidget *window;
  gint64 pressed;

  window = open_window_and_shut_down (domain, &pressed);
  g_assert_true (live_wait_until (message_shown, NULL, (DEADLINE + 60) * 1000));

  /* the person closes the VM window instead of answering */
  gtk_window_destroy (GTK_WINDOW (window));
  if (!live_wait_until (no_message_shown, NULL, 10000))
    g_error ("the message outlived its window");
  g_assert_cmpint (raw_state (), ==, VIR_DOMAIN_RUNNING);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GSettings) settings = NULL;

  live_test_init (&argc, &argv);
  live_gtk_init_or_skip ();
  vireo_core_init ();

  raw = live_connect_or_skip (URI);
  /* with a zero-width space a person cannot see */
  vm_name = g_strdup_printf ("vireo-live\u200bshutdown-%d", (int) getpid ());
  atexit (cleanup_at_exit);
  disk_path = live_test_write_boot_disk (boot_code, sizeof boot_code, "vireo-live-shutdown-XXXXXX.img");

  settings = g_settings_new ("org.vireo.Vireo");
  g_assert_true (g_settings_set_uint (settings, "shutdown-timeout", DEADLINE));
  conn = live_connection_open (URI, 30000);

  g_test_add_func ("/live/shutdown/ignored-force-off", test_ignored_force_off);
  g_test_add_func ("/live/shutdown/keep-waiting-then-stopped", test_keep_waiting_then_stopped);
  g_test_add_func ("/live/shutdown/window-closed", test_window_closed);

  int rc = g_test_run ();

  if (conn != NULL)
    {
      vireo_connection_close (conn);
      g_object_unref (conn);
    }
  return rc;
}
