/* test-live-console.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Vireo's Console page and display widget against a real guest. Needs an X
 * display: meson runs it as `xvfb-run -a tests/live/harness.sh test`
 * (the harness starts libvirtd, xvfb-run the X server; both go away with
 * the test).
 *
 * The guest boots a 512-byte boot sector written here: it hides the text
 * cursor (so the screen is still), paints the whole text screen red, writes
 * "VIREO console #4!" in white in the top-left corner, prints
 * '>' on COM1, then reads keys from the BIOS keyboard buffer (int 16h, the
 * BIOS's US layout) and writes each character to COM1. It has a VNC and a
 * SPICE display.
 *
 * - pixels: the Console page connects by itself; Vireo's display widget,
 *   rendered at 1:1, must equal `virsh screenshot` of the guest exactly
 *   (VNC, then SPICE);
 * - keyboard end to end: every printable ASCII character and Enter, typed
 *   as key events through the display's key controller (X keycodes from the
 *   X keymap → qnum scancodes → VNC), come back on the serial port
 *   (VireoSerialSession) exactly;
 * - Send Key: the page's "Ctrl+Alt+Del" makes SeaBIOS reset the guest, whose
 *   boot sector prints its '>' on the serial port again;
 * - the guest destroyed under the open console: the page says "The guest
 *   is not running", nothing crashes.
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
#include "vireo-domain-graphics.h"
#include "vireo-serial-session.h"

#define URI "qemu:///system"

/* 16-bit real mode, loaded at 0x7c00 */
static const guint8 boot_code[] = {
  0xb4, 0x01,             /* 7c00 mov ah, 1                                 */
  0xb9, 0x00, 0x20,       /* 7c02 mov cx, 0x2000   (no cursor)              */
  0xcd, 0x10,             /* 7c05 int 10h                                   */
  0x31, 0xc0,             /* 7c07 xor ax, ax                                */
  0x8e, 0xd8,             /* 7c09 mov ds, ax                                */
  0xb8, 0x00, 0xb8,       /* 7c0b mov ax, 0xb800   (VGA text memory)        */
  0x8e, 0xc0,             /* 7c0e mov es, ax                                */
  0x31, 0xff,             /* 7c10 xor di, di                                */
  0xb8, 0x20, 0x44,       /* 7c12 mov ax, 0x4420   (' ', red on red)        */
  0xb9, 0xd0, 0x07,       /* 7c15 mov cx, 2000                              */
  0xfc,                   /* 7c18 cld                                       */
  0xf3, 0xab,             /* 7c19 rep stosw                                 */
  0x31, 0xff,             /* 7c1b xor di, di                                */
  0xbe, 0x3a, 0x7c,       /* 7c1d mov si, msg                               */
  0xb4, 0x4f,             /* 7c20 mov ah, 0x4f     (white on red)           */
  0xac,                   /* 7c22 text: lodsb                               */
  0x84, 0xc0,             /* 7c23 test al, al                               */
  0x74, 0x03,             /* 7c25 jz 7c2a                                   */
  0xab,                   /* 7c27 stosw            (a character cell)       */
  0xeb, 0xf8,             /* 7c28 jmp text                                  */
  0xba, 0xf8, 0x03,       /* 7c2a mov dx, 0x3f8    (COM1 data)              */
  0xb0, '>',              /* 7c2d mov al, '>'                               */
  0xee,                   /* 7c2f out dx, al                                */
  0xb4, 0x00,             /* 7c30 next: mov ah, 0                           */
  0xcd, 0x16,             /* 7c32 int 16h          (wait for a key: al)     */
  0xba, 0xf8, 0x03,       /* 7c34 mov dx, 0x3f8                             */
  0xee,                   /* 7c37 out dx, al                                */
  0xeb, 0xf6,             /* 7c38 jmp next                                  */
  /* 7c3a msg: */
  'V', 'I', 'R', 'E', 'O', ' ', 'c', 'o', 'n', 's', 'o', 'l', 'e', ' ', '#', '4', '!', 0,
};

static virConnectPtr raw;
static char *vm_name;
static char *disk_path;
static VireoConnection *conn;
static VireoDomain *domain;
static GtkWidget *window;
static VireoConsolePage *page;
static char *tmpdir;

static char *pw_name;       /* a guest whose VNC display has a password */
static char *nographics_name;   /* a guest with a serial port and no screen */

static void
remove_guest (void)
{
  live_remove_guest (raw, vm_name);
  live_remove_guest (raw, pw_name);
  live_remove_guest (raw, nographics_name);
}

static void
cleanup_at_exit (void)
{
  remove_guest ();
  if (disk_path != NULL)
    g_unlink (disk_path);
  if (tmpdir != NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);

      if (system (cmd) != 0)
        g_printerr ("could not remove %s\n", tmpdir);
    }
  if (raw != NULL)
    virConnectClose (raw);
  raw = NULL;
}

static void
write_disk (void)
{
  disk_path = live_test_write_boot_disk (boot_code, sizeof boot_code, "vireo-live-console-XXXXXX.img");
}

static void
start_guest (void)
{
  g_autofree char *disk = live_boot_disk_xml (disk_path);
  g_autofree char *devices = g_strconcat (
    disk,
    "<serial type='pty'><target port='0'/></serial>"
    "<graphics type='vnc' listen='127.0.0.1' autoport='yes'/>"
    "<graphics type='spice' listen='127.0.0.1' autoport='yes'/>"
    "<video><model type='vga'/></video>", NULL);
  g_autofree char *xml = live_guest_xml (vm_name, 64, "<boot dev='hd'/>", "", devices);

  live_define_and_start (raw, xml);
}

/* a diskless guest (SeaBIOS finds nothing to boot, which is enough here) */
static void
start_extra_guest (const char *name,
                   const char *devices)
{
  g_autofree char *xml = live_guest_xml (name, 32, "", "", devices);

  live_define_and_start (raw, xml);
}

/* -- the serial port, read through Vireo's serial session -------------------- */

static GString *serial_text;
static VireoSerialSession *serial;

static void
on_serial_data (VireoSerialSession *session,
                GBytes             *bytes,
                gpointer            data)
{
  gsize len;
  const char *p = g_bytes_get_data (bytes, &len);

  g_string_append_len (serial_text, p, len);
}

static gboolean
serial_len_at_least (gpointer data)
{
  return serial_text->len >= GPOINTER_TO_UINT (data);
}

/* -- the page and its display ------------------------------------------------- */

static VireoDisplay *
display (void)
{
  return vireo_console_page_get_display (page);
}

static gboolean
page_shows_display (gpointer data)
{
  VireoConsoleSession *session = vireo_display_get_session (display ());

  return g_strcmp0 (vireo_console_page_get_view (page), "display") == 0 && session != NULL &&
         vireo_console_session_get_state (session) == VIREO_CONSOLE_STATE_CONNECTED;
}

/* the guest painted its text screen red: VGA colour 4 → 0xa8 0 0 */
static gboolean
screen_is_red (gpointer data)
{
  VireoConsoleSession *session = vireo_display_get_session (display ());
  VireoFramebuffer *fb = session ? vireo_console_session_get_framebuffer (session) : NULL;
  const guint8 *p;

  if (fb == NULL || vireo_framebuffer_get_width (fb) != 720)
    return FALSE;
  p = vireo_framebuffer_get_data (fb) + 200 * vireo_framebuffer_get_stride (fb) + 360 * 4;
  return p[0] == 0 && p[1] == 0 && p[2] == 0xa8;
}

static GdkTexture *
render_display (const char *name)
{
  GtkWidget *widget = GTK_WIDGET (display ());
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GdkTexture *texture;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int w = 0, h = 0;

  for (int i = 0; i < 100 && node == NULL; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      live_spin (20);
      w = gtk_widget_get_width (widget);
      h = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (g_getenv ("VIREO_TEST_PNG_DIR") != NULL)
    {
      g_autofree char *file = g_strdup_printf ("live-console-%s.png", name);
      g_autofree char *path = g_build_filename (g_getenv ("VIREO_TEST_PNG_DIR"), file, NULL);

      gdk_texture_save_to_png (texture, path);
    }
  return texture;
}

static GdkTexture *
virsh_screenshot (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "shot.ppm", NULL);
  g_autofree char *cmd = g_strdup_printf ("virsh -q -c " URI " screenshot %s --file %s >/dev/null",
                                          vm_name, path);
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;

  g_assert_cmpint (system (cmd), ==, 0);
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  return texture;
}

/* the widget at 1:1 against virsh's picture: every pixel of the guest area */
static void
compare_with_virsh (const char *name)
{
  g_autoptr(GdkTexture) shown = NULL, shot = NULL;
  g_autofree guint8 *a = NULL, *b = NULL;
  int w, h, ww, wh, ox, oy;
  guint mismatches = 0;

  vireo_display_set_scaling (display (), VIREO_DISPLAY_SCALING_NEVER);
  shown = render_display (name);
  shot = virsh_screenshot ();
  w = gdk_texture_get_width (shot);
  h = gdk_texture_get_height (shot);
  g_assert_cmpint (w, ==, 720);
  g_assert_cmpint (h, ==, 400);
  ww = gdk_texture_get_width (shown);
  wh = gdk_texture_get_height (shown);
  g_assert_cmpint (ww, >=, w);
  g_assert_cmpint (wh, >=, h);
  /* centred at 1:1, whole pixels */
  ox = (ww - w) / 2;
  oy = (wh - h) / 2;
  a = g_malloc ((gsize) ww * wh * 4);
  b = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (shown, a, ww * 4);
  gdk_texture_download (shot, b, w * 4);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = a + ((gsize) (y + oy) * ww + x + ox) * 4;
        const guint8 *q = b + ((gsize) y * w + x) * 4;

        if (p[0] != q[0] || p[1] != q[1] || p[2] != q[2])
          if (mismatches++ < 5)
            g_test_message ("%s (%d, %d): widget %02x%02x%02x, virsh %02x%02x%02x",
                            name, x, y, p[2], p[1], p[0], q[2], q[1], q[0]);
      }
  g_assert_cmpuint (mismatches, ==, 0);
  /* and it is the guest's red with white letters, not two black pictures */
  g_assert_cmpuint (b[(200 * w + 360) * 4 + 2], ==, 0xa8);
  {
    guint white = 0;

    for (int y = 0; y < 16; y++)
      for (int x = 0; x < 9 * 17; x++)
        if (b[((gsize) y * w + x) * 4] == 0xff && b[((gsize) y * w + x) * 4 + 2] == 0xff)
          white++;
    g_assert_cmpuint (white, >, 100);
  }
}

static void
test_open (void)
{
  conn = live_connection_open (URI, 60000);
  domain = live_wait_running (conn, vm_name, 20000);
  g_assert_nonnull (domain);
  g_object_ref (domain);

  window = gtk_window_new ();
  page = VIREO_CONSOLE_PAGE (vireo_console_page_new (domain));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 560);
  gtk_window_present (GTK_WINDOW (window));
}

static void
test_vnc_pixels (void)
{
  if (!live_wait_until (page_shows_display, NULL, 60000))
    g_error ("the console page did not connect: view %s, \"%s\" — %s", vireo_console_page_get_view (page),
             vireo_console_page_get_status_title (page), vireo_console_page_get_status_description (page));
  g_assert_cmpstr (vireo_console_session_get_protocol_name (vireo_display_get_session (display ())), ==, "VNC");
  g_assert_true (live_wait_until (screen_is_red, NULL, 60000));
  live_spin (500);
  compare_with_virsh ("vnc");
}

static void
test_keyboard (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GdkDisplay *gdk_display = gtk_widget_get_display (window);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (display ()));
  GtkEventController *keys = NULL;
  GString *typed = g_string_new (NULL);
  GdkKeymapKey *shift_keys = NULL;
  int n_shift = 0;
  guint shift_code;
  gsize start;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && keys == NULL; i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        keys = c;
    }
  g_assert_nonnull (keys);
  g_assert_true (gdk_display_map_keyval (gdk_display, GDK_KEY_Shift_L, &shift_keys, &n_shift));
  shift_code = shift_keys[0].keycode;
  g_free (shift_keys);

  serial_text = g_string_new (NULL);
  serial = vireo_serial_session_new (domain, "serial0");
  g_signal_connect (serial, "data", G_CALLBACK (on_serial_data), NULL);
  vireo_serial_session_open_async (serial, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 30000));
  g_assert_true (vireo_serial_session_open_finish (serial, result, &error));
  g_assert_no_error (error);

  /* what came before we listened (the guest's '>') is not ours */
  live_spin (500);
  start = serial_text->len;

  for (int c = 0x20; c <= 0x7f; c++)
    {
      guint keyval = c == 0x7f ? GDK_KEY_Return : gdk_unicode_to_keyval (c);
      char expect = c == 0x7f ? '\r' : (char) c;
      GdkKeymapKey *map = NULL;
      int n = 0, best = -1;
      gboolean handled = FALSE;
      guint len;

      g_assert_true (gdk_display_map_keyval (gdk_display, keyval, &map, &n));
      /* the main block's key, not a keypad one ('(' is also KEY_KPLEFTPAREN):
       * the lowest keycode */
      for (int i = 0; i < n; i++)
        if (map[i].group == 0 && map[i].level <= 1 &&
            (best < 0 || map[i].keycode < map[best].keycode ||
             (map[i].keycode == map[best].keycode && map[i].level < map[best].level)))
          best = i;
      if (best < 0)
        g_error ("no key for '%c' in the X keymap", c);

      if (map[best].level == 1)
        g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Shift_L, shift_code, 0, &handled);
      g_signal_emit_by_name (keys, "key-pressed", keyval, map[best].keycode,
                             map[best].level == 1 ? GDK_SHIFT_MASK : 0, &handled);
      g_assert_true (handled);
      g_signal_emit_by_name (keys, "key-released", keyval, map[best].keycode,
                             map[best].level == 1 ? GDK_SHIFT_MASK : 0);
      if (map[best].level == 1)
        g_signal_emit_by_name (keys, "key-released", GDK_KEY_Shift_L, shift_code, GDK_SHIFT_MASK);
      g_free (map);

      g_string_append_c (typed, expect);
      /* one at a time: the BIOS keeps 15 keys at most */
      len = start + typed->len;
      if (!live_wait_until (serial_len_at_least, GUINT_TO_POINTER (len), 20000))
        g_error ("typed \"%s\", the guest echoed \"%s\"", typed->str, serial_text->str + start);
    }
  g_assert_cmpuint (vireo_console_session_get_n_keys_down (vireo_display_get_session (display ())), ==, 0);
  g_assert_cmpstr (serial_text->str + start, ==, typed->str);
  g_string_free (typed, TRUE);
}


static gboolean
serial_has_prompt_after (gpointer data)
{
  return strchr (serial_text->str + GPOINTER_TO_UINT (data), '>') != NULL;
}

static void
test_ctrl_alt_del (void)
{
  gsize start;

  g_assert_nonnull (serial_text);
  live_spin (300);
  start = serial_text->len;
  /* nothing typed yet: no prompt after this point */
  g_assert_false (serial_has_prompt_after (GUINT_TO_POINTER (start)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "console.send-keys", "s", "ctrl-alt-del"));
  /* SeaBIOS resets on Ctrl+Alt+Del; the boot sector starts again */
  if (!live_wait_until (serial_has_prompt_after, GUINT_TO_POINTER (start), 30000))
    g_error ("no reset after Ctrl+Alt+Del: the serial port shows \"%s\"", serial_text->str + start);
  g_assert_cmpuint (vireo_console_session_get_n_keys_down (vireo_display_get_session (display ())), ==, 0);
  /* the screen is painted again before the next test compares pixels */
  live_spin (1500);
}

static void
test_spice_pixels (void)
{
  GtkDropDown *dropdown = NULL;
  GtkWidget *w;

  /* the switcher (several consoles): pick the SPICE display */
  for (w = gtk_widget_get_first_child (GTK_WIDGET (page)); w != NULL;)
    {
      if (GTK_IS_DROP_DOWN (w))
        {
          dropdown = GTK_DROP_DOWN (w);
          break;
        }
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (dropdown);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dropdown)));
  /* VNC, SPICE, serial */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==, 3);
  gtk_drop_down_set_selected (dropdown, 1);
  live_spin (100);
  if (!live_wait_until (page_shows_display, NULL, 60000))
    g_error ("SPICE did not connect: \"%s\"", vireo_console_page_get_status_title (page));
  g_assert_cmpstr (vireo_console_session_get_protocol_name (vireo_display_get_session (display ())), ==, "SPICE");
  g_assert_true (live_wait_until (screen_is_red, NULL, 60000));
  live_spin (500);
  compare_with_virsh ("spice");
}

static gboolean
page_not_running (gpointer data)
{
  return g_strcmp0 (vireo_console_page_get_view (page), "status") == 0 &&
         g_strcmp0 (vireo_console_page_get_status_title (page), "The guest is not running") == 0;
}

static void
test_guest_destroyed (void)
{
  virDomainPtr dom = virDomainLookupByName (raw, vm_name);

  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  virDomainFree (dom);
  if (!live_wait_until (page_not_running, NULL, 30000))
    g_error ("after the guest stopped the page shows %s \"%s\"", vireo_console_page_get_view (page),
             vireo_console_page_get_status_title (page));
  g_assert_null (vireo_display_get_session (display ()));
  live_spin (1500);   /* no retry, no crash */
  g_assert_true (page_not_running (NULL));
}

static gboolean
password_dialog_open (gpointer data)
{
  GtkWidget *dialog = vireo_console_page_get_password_dialog (page);

  return dialog != NULL && dialog != data && gtk_widget_get_visible (dialog);
}

static void
answer_password (GtkWidget  *dialog,
                 const char *password)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  GtkWidget *entry = box ? gtk_widget_get_first_child (box) : NULL;

  /* typed in the entry a person sees, the first thing under the question */
  g_assert_true (GTK_IS_PASSWORD_ENTRY (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), password);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "connect");
}

/* a passworded VNC display reached without libvirt's auth skip: a wrong
 * password says so and asks again; the right one connects */
static void
test_wrong_password (void)
{
  GtkWidget *first, *second;
  VireoDomain *found;

  start_extra_guest (pw_name,
                     "<graphics type='vnc' listen='127.0.0.1' autoport='yes' passwd='right8ch'/>"
                     "<video><model type='vga'/></video>");
  found = live_wait_running (conn, pw_name, 30000);
  g_assert_nonnull (found);
  vireo_console_page_set_graphics_fd_flags (page, VIREO_GRAPHICS_FD_NONE);
  vireo_console_page_set_domain (page, found);

  if (!live_wait_until (password_dialog_open, NULL, 60000))
    g_error ("no password prompt; the page shows %s \"%s\"", vireo_console_page_get_view (page),
             vireo_console_page_get_status_title (page));
  first = vireo_console_page_get_password_dialog (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (first)), ==, "Console Password");
  answer_password (first, "wrong8ch");

  if (!live_wait_until (password_dialog_open, first, 60000))
    g_error ("a wrong password did not prompt again; the page shows %s \"%s\"",
             vireo_console_page_get_view (page), vireo_console_page_get_status_title (page));
  second = vireo_console_page_get_password_dialog (page);
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (second)), ==,
                   "The password was not accepted. Check it and try again.");
  answer_password (second, "right8ch");
  if (!live_wait_until (page_shows_display, NULL, 60000))
    g_error ("the right password did not connect: \"%s\"", vireo_console_page_get_status_title (page));
  g_assert_null (vireo_console_page_get_password_dialog (page));
  vireo_console_page_set_graphics_fd_flags (page, VIREO_GRAPHICS_FD_SKIP_AUTH);
}

static gboolean
page_status_is (gpointer data)
{
  return g_strcmp0 (vireo_console_page_get_view (page), "status") == 0 &&
         g_strcmp0 (vireo_console_page_get_status_title (page), data) == 0;
}

static gboolean
page_view_is (gpointer data)
{
  return g_strcmp0 (vireo_console_page_get_view (page), data) == 0;
}

/* no screen: the page says so and offers the serial console */
static void
test_no_graphics (void)
{
  VireoDomain *found;

  start_extra_guest (nographics_name,
                     "<serial type='pty'><target port='0'/></serial>"
                     "<video><model type='none'/></video>");
  found = live_wait_running (conn, nographics_name, 30000);
  g_assert_nonnull (found);
  vireo_console_page_set_domain (page, found);

  if (!live_wait_until (page_status_is, (gpointer) "This virtual machine has no graphical console", 30000))
    g_error ("the page shows %s \"%s\"", vireo_console_page_get_view (page),
             vireo_console_page_get_status_title (page));
  g_assert_cmpstr (vireo_console_page_get_status_description (page), ==,
                   "It has a serial console you can use instead.");
  g_assert_null (vireo_display_get_session (display ()));
  gtk_widget_activate_action (GTK_WIDGET (page), "console.show-serial", NULL);
  if (!live_wait_until (page_view_is, (gpointer) "serial", 30000))
    g_error ("Show Serial Console did not open it: the page shows %s", vireo_console_page_get_view (page));
}

int
main (int   argc,
      char *argv[])
{
  live_test_init (&argc, &argv);
  live_gtk_init_or_skip ();
  vireo_core_init ();

  raw = live_connect_or_skip (URI);
  tmpdir = g_dir_make_tmp ("vireo-live-console-XXXXXX", NULL);
  vm_name = g_strdup_printf ("vireo-live-console-%d", (int) getpid ());
  pw_name = g_strdup_printf ("vireo-live-console-%d-pw", (int) getpid ());
  nographics_name = g_strdup_printf ("vireo-live-console-%d-nographics", (int) getpid ());
  atexit (cleanup_at_exit);
  write_disk ();
  start_guest ();
  g_unlink (disk_path);

  g_test_add_func ("/live/console-page/open", test_open);
  g_test_add_func ("/live/console-page/vnc-pixels", test_vnc_pixels);
  g_test_add_func ("/live/console-page/keyboard", test_keyboard);
  g_test_add_func ("/live/console-page/ctrl-alt-del", test_ctrl_alt_del);
  g_test_add_func ("/live/console-page/spice-pixels", test_spice_pixels);
  g_test_add_func ("/live/console-page/guest-destroyed", test_guest_destroyed);
  g_test_add_func ("/live/console-page/wrong-password", test_wrong_password);
  g_test_add_func ("/live/console-page/no-graphics", test_no_graphics);

  int rc = g_test_run ();

  if (serial != NULL)
    {
      vireo_serial_session_close (serial);
      g_clear_object (&serial);
    }
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&domain);
  if (conn != NULL)
    {
      vireo_connection_close (conn);
      g_object_unref (conn);
    }
  return rc;
}
