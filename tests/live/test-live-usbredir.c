/* test-live-usbredir.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * USB device redirection on the Console page against real SPICE guests.
 * Needs an X display: meson runs it as `xvfb-run -a tests/live/harness.sh
 * test`.
 *
 * - a guest with two usbredir channels (<redirdev bus='usb'
 *   type='spicevmc'/>) on a qemu-xhci controller: the "USB Devices" menu
 *   button appears once its SPICE console is connected;
 * - without any USB device on this computer the menu says "No USB devices
 *   found" (skipped when the host has USB devices);
 * - a real redirection through the real usbredir channel: an emulated USB
 *   CD-ROM drive (SPICE's shared CD, backed by a file made here; no host
 *   USB hardware is needed) is listed in the menu, redirected by activating
 *   its menu item, seen by QEMU on the guest's USB bus (`info usb`), and
 *   returned the same way;
 * - every usbredir channel in use: a third device is refused with a clear
 *   sentence in Vireo's error dialog;
 * - a SPICE guest without usbredir channels: no menu button.
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
#include "vireo-console-page.h"
#include "vireo-display.h"
#include "vireo-spice-session.h"

#define URI "qemu:///system"

static virConnectPtr raw;
static char *usb_name;       /* SPICE + qemu-xhci + two usbredir channels */
static char *plain_name;     /* SPICE, no usbredir */
static GPtrArray *cd_paths;  /* the shared CDs' image files */
static VireoConnection *conn;
static GtkWidget *window;
static VireoConsolePage *page;

static void
cleanup_at_exit (void)
{
  live_remove_guest (raw, usb_name);
  live_remove_guest (raw, plain_name);
  for (guint i = 0; cd_paths != NULL && i < cd_paths->len; i++)
    g_unlink (cd_paths->pdata[i]);
  if (raw != NULL)
    virConnectClose (raw);
  raw = NULL;
}

/* a diskless guest (SeaBIOS finds nothing to boot, which is enough here) */
static void
start_guest (const char *name,
             const char *devices)
{
  g_autofree char *all = g_strconcat ("<graphics type='spice' listen='127.0.0.1' autoport='yes'/>"
                                      "<video><model type='vga'/></video>", devices, NULL);
  g_autofree char *xml = live_guest_xml (name, 64, "", "", all);

  live_define_and_start (raw, xml);
}

static VireoConsoleSession *
session (void)
{
  return vireo_display_get_session (vireo_console_page_get_display (page));
}

/* connected, and the display channel has drawn: SPICE's channel list has
 * arrived, so every channel (usbredir too) exists by now */
static gboolean
page_shows_screen (gpointer data)
{
  VireoConsoleSession *s = session ();

  return g_strcmp0 (vireo_console_page_get_view (page), "display") == 0 && s != NULL &&
         vireo_console_session_get_state (s) == VIREO_CONSOLE_STATE_CONNECTED &&
         vireo_console_session_get_framebuffer (s) != NULL;
}

static gboolean
usb_button_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (vireo_console_page_get_usb_button (page)));
}

/* the screen is painted (no dirty tile) and has kept its size for a
 * while: SeaBIOS sets its video mode a few times as it starts */
static VireoFramebuffer *last_fb;
static gint64 last_fb_since;

static gboolean
screen_settled (gpointer data)
{
  VireoConsoleSession *s = session ();
  VireoFramebuffer *fb = s ? vireo_console_session_get_framebuffer (s) : NULL;
  gint64 now = g_get_monotonic_time ();

  if (fb != last_fb)
    {
      last_fb = fb;
      last_fb_since = now;
    }
  return fb != NULL && vireo_framebuffer_get_n_dirty (fb) == 0 && now - last_fb_since > G_USEC_PER_SEC;
}

static void
wait_screen_settled (void)
{
  last_fb = NULL;
  if (!live_wait_until (screen_settled, NULL, 30000))
    g_error ("the guest's screen did not settle");
}

static void
show_guest (const char *name)
{
  VireoDomain *found;

  found = live_wait_running (conn, name, 30000);
  g_assert_nonnull (found);
  vireo_console_page_set_domain (page, found);
  if (!live_wait_until (page_shows_screen, NULL, 60000))
    g_error ("the SPICE console of %s did not connect: view %s, \"%s\" — %s", name,
             vireo_console_page_get_view (page), vireo_console_page_get_status_title (page),
             vireo_console_page_get_status_description (page));
  g_assert_cmpstr (vireo_console_session_get_protocol_name (session ()), ==, "SPICE");
  wait_screen_settled ();
}

/* the labels and actions of the menu a person opens, in order */
static guint
menu_items (GPtrArray *labels,
            GPtrArray *actions)
{
  GMenuModel *menu = gtk_menu_button_get_menu_model (vireo_console_page_get_usb_button (page));

  g_assert_nonnull (menu);
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      g_assert_nonnull (section);
      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          char *label = NULL, *action = NULL;

          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          g_ptr_array_add (labels, label);
          g_ptr_array_add (actions, action);
        }
    }
  return labels->len;
}

static void
test_open (void)
{
  conn = live_connection_open (URI, 60000);

  window = gtk_window_new ();
  page = VIREO_CONSOLE_PAGE (vireo_console_page_new (NULL));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 560);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (usb_button_visible (NULL));
}

static void
test_button_appears (void)
{
  show_guest (usb_name);
  if (!live_wait_until (usb_button_visible, NULL, 30000))
    g_error ("no USB Devices button for a guest with usbredir channels");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (vireo_console_page_get_usb_button (page))), ==,
                   "USB Devices");
  g_assert_cmpuint (vireo_spice_session_get_n_usb_channels (VIREO_SPICE_SESSION (session ())), ==, 2);
  g_assert_null (vireo_spice_session_get_usb_error (VIREO_SPICE_SESSION (session ())));
}

static GtkWidget *find_menu_item (GtkWidget  *widget,
                                  const char *part);

static gboolean
host_has_usb_devices (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/sys/bus/usb/devices", 0, NULL);

  return dir != NULL && g_dir_read_name (dir) != NULL;
}

static void
test_no_devices (void)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);

  if (host_has_usb_devices ())
    {
      g_test_skip ("this computer has USB devices (/sys/bus/usb/devices): the empty menu needs one without");
      return;
    }
  g_assert_cmpuint (g_list_model_get_n_items (vireo_spice_session_get_usb_devices (VIREO_SPICE_SESSION (session ()))),
                    ==, 0);
  g_assert_cmpuint (menu_items (labels, actions), ==, 1);
  g_assert_cmpstr (labels->pdata[0], ==, "No USB devices found");
  /* an entry nobody can pick */
  g_assert_cmpstr (actions->pdata[0], ==, "console.usb-none");
  g_assert_false (gtk_widget_get_sensitive (find_menu_item (GTK_WIDGET (gtk_menu_button_get_popover (
      vireo_console_page_get_usb_button (page))), "No USB devices found")));
}

/* how many USB devices are attached to the guest's buses, from QEMU's
 * `info usb` (@text: the whole answer) */
static guint
guest_usb_devices (const char *name,
                   char      **text)
{
  g_autofree char *cmd = g_strdup_printf ("virsh -q -c " URI " qemu-monitor-command %s --hmp 'info usb'", name);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;
  guint n = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  /* "Device BUS.ADDR, Port P, Speed S Mb/s, Product NAME": an idle
   * usbredir port is listed too, as address 0 at 1.5 Mb/s. An attached
   * device has its own speed (the shared CD: 480 Mb/s) and an address
   * once the guest's firmware enumerated it (SeaBIOS only scans at boot,
   * so a device attached later may keep address 0) */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *dev = strstr (lines[i], "Device ");
      guint bus, addr;

      if (dev != NULL && sscanf (dev, "Device %u.%u", &bus, &addr) == 2 &&
          (addr != 0 || strstr (lines[i], "Speed 1.5 Mb/s") == NULL))
        n++;
    }
  if (text != NULL)
    *text = g_steal_pointer (&out);
  return n;
}

static gboolean
guest_has_n_usb (gpointer data)
{
  return guest_usb_devices (usb_name, NULL) == GPOINTER_TO_UINT (data);
}

static gboolean
cd_listed (gpointer data)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);

  menu_items (labels, actions);
  for (guint i = 0; i < labels->len; i++)
    if (labels->pdata[i] != NULL && strstr (labels->pdata[i], "SPICE CD") != NULL)
      {
        *(char **) data = g_strdup (actions->pdata[i]);
        return TRUE;
      }
  return FALSE;
}

static gboolean
device_redirected_is (gpointer data)
{
  GListModel *devices = vireo_spice_session_get_usb_devices (VIREO_SPICE_SESSION (session ()));
  g_autoptr(VireoUsbDevice) device = NULL;

  if (g_list_model_get_n_items (devices) != 1)
    return FALSE;
  device = g_list_model_get_item (devices, 0);
  return !vireo_usb_device_get_busy (device) &&
         vireo_usb_device_get_redirected (device) == GPOINTER_TO_INT (data);
}

/* the check mark a person sees on the menu item whose text has @part:
 * the popover's menu item button (a GtkModelButton, "active") */
static GtkWidget *
find_menu_item (GtkWidget  *widget,
                const char *part)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    {
      g_autofree char *text = NULL;

      g_object_get (widget, "text", &text, NULL);
      if (text != NULL && strstr (text, part) != NULL)
        return widget;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found_item = find_menu_item (c, part);

      if (found_item != NULL)
        return found_item;
    }
  return NULL;
}

static gboolean
check_mark (const char *part)
{
  GtkPopover *popover = gtk_menu_button_get_popover (vireo_console_page_get_usb_button (page));
  GtkWidget *item;
  gboolean active = FALSE;

  g_assert_nonnull (popover);
  item = find_menu_item (GTK_WIDGET (popover), part);
  g_assert_nonnull (item);
  g_object_get (item, "active", &active, NULL);
  return active;
}

static gboolean
check_mark_is (gpointer data)
{
  return check_mark ("SPICE CD") == GPOINTER_TO_INT (data);
}

/* a 1 MiB "disc" of zeros (the guest needs no file system on it), shared
 * as an emulated USB CD-ROM drive; returns its file's name */
static const char *
share_cd (void)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("vireo-live-usbredir-XXXXXX.iso", &path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ftruncate (fd, 1024 * 1024), ==, 0);
  close (fd);
  g_ptr_array_add (cd_paths, path);
  g_assert_true (vireo_spice_session_add_usb_cd_image (VIREO_SPICE_SESSION (session ()), path, &error));
  g_assert_no_error (error);
  /* SPICE keeps it open: gone from the disk now, whatever happens next */
  g_unlink (path);
  return strrchr (path, '/') + 1;
}

static void
test_redirect (void)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *action = NULL;
  g_autofree char *info = NULL;

  g_assert_cmpuint (guest_usb_devices (usb_name, NULL), ==, 0);
  share_cd ();
  if (!live_wait_until (cd_listed, &action, 10000))
    g_error ("the shared CD is not in the USB Devices menu");
  menu_items (labels, actions);
  g_assert_cmpuint (labels->len, ==, 1);
  g_assert_true (g_str_has_suffix (labels->pdata[0], "(2b23:cdcd)"));
  g_assert_false (check_mark ("SPICE CD"));
  g_assert_true (gtk_widget_get_sensitive (find_menu_item (GTK_WIDGET (gtk_menu_button_get_popover (
      vireo_console_page_get_usb_button (page))), "SPICE CD")));

  /* what a click on the menu item does */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), action, NULL));
  if (!live_wait_until (device_redirected_is, GINT_TO_POINTER (TRUE), 30000))
    g_error ("the device was not redirected");
  g_assert_true (live_wait_until (check_mark_is, GINT_TO_POINTER (TRUE), 5000));
  if (!live_wait_until (guest_has_n_usb, GUINT_TO_POINTER (1), 20000))
    {
      guest_usb_devices (usb_name, &info);
      g_error ("QEMU does not see the redirected device on the guest's USB bus: %s", info);
    }
  guest_usb_devices (usb_name, &info);
  g_test_message ("info usb: %s", info);

  /* and back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), action, NULL));
  if (!live_wait_until (device_redirected_is, GINT_TO_POINTER (FALSE), 30000))
    g_error ("the device was not returned");
  g_assert_true (live_wait_until (check_mark_is, GINT_TO_POINTER (FALSE), 5000));
  if (!live_wait_until (guest_has_n_usb, GUINT_TO_POINTER (0), 20000))
    g_error ("the guest still has a USB device after it was returned");
}

/* the menu item's action for the device whose label has @part, or NULL */
static char *
action_for (const char *part)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);

  menu_items (labels, actions);
  for (guint i = 0; i < labels->len; i++)
    if (labels->pdata[i] != NULL && strstr (labels->pdata[i], part) != NULL)
      return g_strdup (actions->pdata[i]);
  return NULL;
}

static gboolean
action_listed (gpointer data)
{
  g_autofree char *action = action_for (data);

  return action != NULL;
}

typedef struct
{
  const char *part;
  gboolean    redirected;
} Want;

static gboolean
device_is (gpointer data)
{
  const Want *want = data;
  GListModel *devices = vireo_spice_session_get_usb_devices (VIREO_SPICE_SESSION (session ()));

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(VireoUsbDevice) device = g_list_model_get_item (devices, i);

      if (strstr (vireo_usb_device_get_description (device), want->part) != NULL)
        return !vireo_usb_device_get_busy (device) &&
               vireo_usb_device_get_redirected (device) == want->redirected;
    }
  return FALSE;
}

static void
click_device (const char *part,
              gboolean    expect_redirected)
{
  g_autofree char *action = NULL;
  Want want = { part, expect_redirected };

  if (!live_wait_until (action_listed, (gpointer) part, 10000))
    g_error ("“%s” is not in the USB Devices menu", part);
  action = action_for (part);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), action, NULL));
  if (!live_wait_until (device_is, &want, 30000))
    g_error ("“%s” is not %s", part, expect_redirected ? "redirected" : "back");
}

static AdwMessageDialog *
find_error_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
error_dialog_shown (gpointer data)
{
  return find_error_dialog () != NULL;
}

/* two usbredir channels, three devices: the third one says why it cannot
 * go, in the error dialog, and takes nothing from the other two */
static void
test_channels_busy (void)
{
  const char *first = share_cd ();
  const char *second = share_cd ();
  const char *third = share_cd ();
  Want first_in = { first, TRUE }, second_in = { second, TRUE };
  Want third_out = { third, FALSE };
  g_autofree char *action = NULL;
  AdwMessageDialog *dialog;

  click_device (first, TRUE);
  click_device (second, TRUE);
  if (!live_wait_until (action_listed, (gpointer) third, 10000))
    g_error ("“%s” is not in the USB Devices menu", third);
  g_assert_null (find_error_dialog ());
  action = action_for (third);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), action, NULL));
  if (!live_wait_until (error_dialog_shown, NULL, 30000))
    g_error ("no error when every USB channel is in use");
  dialog = find_error_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could not redirect the USB device");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Every USB redirection channel of this guest is in use. Return another device to "
                   "this computer first, then try again.");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (device_is (&third_out));
  g_assert_false (check_mark (third));
  g_assert_true (device_is (&first_in));
  g_assert_true (device_is (&second_in));
  g_assert_true (check_mark (first));
  if (!live_wait_until (guest_has_n_usb, GUINT_TO_POINTER (2), 20000))
    g_error ("the guest does not have the two redirected devices");

  click_device (first, FALSE);
  click_device (second, FALSE);
  if (!live_wait_until (guest_has_n_usb, GUINT_TO_POINTER (0), 20000))
    g_error ("the guest still has USB devices after they were returned");
}

static void
test_no_usbredir (void)
{
  wait_screen_settled ();
  show_guest (plain_name);
  live_spin (1000);
  g_assert_false (usb_button_visible (NULL));
  g_assert_cmpuint (vireo_spice_session_get_n_usb_channels (VIREO_SPICE_SESSION (session ())), ==, 0);
  wait_screen_settled ();   /* painted before the window goes */
}

int
main (int   argc,
      char *argv[])
{
  live_test_init (&argc, &argv);
  live_gtk_init_or_skip ();
  vireo_core_init ();

  raw = live_connect_or_skip (URI);
  usb_name = g_strdup_printf ("vireo-live-usbredir-%d", (int) getpid ());
  plain_name = g_strdup_printf ("vireo-live-usbredir-%d-plain", (int) getpid ());
  cd_paths = g_ptr_array_new_with_free_func (g_free);
  atexit (cleanup_at_exit);
  start_guest (usb_name,
               "<controller type='usb' model='qemu-xhci'/>"
               "<redirdev bus='usb' type='spicevmc'/>"
               "<redirdev bus='usb' type='spicevmc'/>");
  start_guest (plain_name, "<controller type='usb' model='none'/>");

  g_test_add_func ("/live/usbredir/open", test_open);
  g_test_add_func ("/live/usbredir/button-appears", test_button_appears);
  g_test_add_func ("/live/usbredir/no-devices", test_no_devices);
  g_test_add_func ("/live/usbredir/redirect-shared-cd", test_redirect);
  g_test_add_func ("/live/usbredir/channels-busy", test_channels_busy);
  g_test_add_func ("/live/usbredir/no-usbredir-no-button", test_no_usbredir);

  int rc = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  if (conn != NULL)
    {
      vireo_connection_close (conn);
      g_object_unref (conn);
    }
  return rc;
}
