/* test-live-serial.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The consoles of a real guest, read through Vireo's GTK-free console core:
 * the serial port (VireoSerialSession over virDomainOpenConsole), and the
 * VNC and SPICE displays (VireoVncSession, VireoSpiceSession over sockets
 * from virDomainOpenGraphicsFD), including a passworded VNC display.
 *
 * The guest boots a 512-byte boot sector written here (the machine code is
 * spelled out below): it paints the whole text screen red, then about once
 * a second prints "VIREO-SERIAL-OK" on COM1 and changes the colour of the
 * top-left character cell, and echoes whatever arrives on COM1. Run by tests/live/harness.sh, which starts libvirtd when none
 * runs and removes any vireo-live-* guest left behind.
 */
#define G_LOG_DOMAIN "vireo-test-live"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live-test-util.h"
#include "vireo-domain-graphics.h"
#include "vireo-keymap.h"
#include "vireo-serial-session.h"
#include "vireo-spice-session.h"
#include "vireo-vnc-session.h"

#define URI           "qemu:///system"
#define MARKER        "VIREO-SERIAL-OK"
#define VNC_PASSWORD  "vir30k!x"   /* VNC passwords are at most 8 characters */

/* 16-bit real mode, loaded at 0x7c00 */
static const guint8 boot_code[] = {
  0x31, 0xc0,             /* 7c00 xor ax, ax                                */
  0x8e, 0xd8,             /* 7c02 mov ds, ax                                */
  0xb8, 0x00, 0xb8,       /* 7c04 mov ax, 0xb800    (VGA text memory)       */
  0x8e, 0xc0,             /* 7c07 mov es, ax                                */
  0x31, 0xff,             /* 7c09 xor di, di                                */
  0xb8, 0x20, 0x44,       /* 7c0b mov ax, 0x4420    (' ', red on red)       */
  0xb9, 0xd0, 0x07,       /* 7c0e mov cx, 2000      (80 x 25 cells)         */
  0xfc,                   /* 7c11 cld                                       */
  0xf3, 0xab,             /* 7c12 rep stosw                                 */
  0xbe, 0x3f, 0x7c,       /* 7c14 again: mov si, msg                        */
  0xac,                   /* 7c17 next: lodsb                               */
  0x84, 0xc0,             /* 7c18 test al, al                               */
  0x74, 0x06,             /* 7c1a jz 7c22                                   */
  0xba, 0xf8, 0x03,       /* 7c1c mov dx, 0x3f8     (COM1 data)             */
  0xee,                   /* 7c1f out dx, al                                */
  0xeb, 0xf5,             /* 7c20 jmp next                                  */
  0x26, 0xfe, 0x06, 0x01, 0x00, /* 7c22 inc byte [es:1] (top-left cell's colour) */
  0xb9, 0x12, 0x00,       /* 7c27 mov cx, 18        (~1 s of timer ticks)   */
  0xfb,                   /* 7c2a wait: sti                                 */
  0xf4,                   /* 7c2b hlt                                       */
  0xba, 0xfd, 0x03,       /* 7c2c poll: mov dx, 0x3fd (COM1 line status)    */
  0xec,                   /* 7c2f in al, dx                                 */
  0xa8, 0x01,             /* 7c30 test al, 1        (data ready)            */
  0x74, 0x07,             /* 7c32 jz 7c3b                                   */
  0xba, 0xf8, 0x03,       /* 7c34 mov dx, 0x3f8                             */
  0xec,                   /* 7c37 in al, dx                                 */
  0xee,                   /* 7c38 out dx, al        (echo)                  */
  0xeb, 0xf1,             /* 7c39 jmp poll                                  */
  0xe2, 0xed,             /* 7c3b loop wait                                 */
  0xeb, 0xd5,             /* 7c3d jmp again                                 */
  /* 7c3f msg: */
  'V', 'I', 'R', 'E', 'O', '-', 'S', 'E', 'R', 'I', 'A', 'L', '-', 'O', 'K', '\r', '\n', 0,
};

static virConnectPtr raw;
static char *vm_name;
static char *disk_path;
static VireoConnection *conn;
static VireoDomain *domain;

static void
remove_guest (void)
{
  live_remove_guest (raw, vm_name);
}

static void
cleanup_at_exit (void)
{
  remove_guest ();
  if (disk_path != NULL)
    g_unlink (disk_path);
  if (raw != NULL)
    virConnectClose (raw);
  raw = NULL;
}

static void
write_disk (void)
{
  disk_path = live_test_write_boot_disk (boot_code, sizeof boot_code, "vireo-live-serial-XXXXXX.img");
}

static void
start_guest (void)
{
  g_autofree char *disk = live_boot_disk_xml (disk_path);
  g_autofree char *devices = g_strconcat (
    disk,
    "<serial type='pty'><target port='0'/></serial>"
    "<console type='pty'><target type='serial' port='0'/></console>"
    "<graphics type='vnc' listen='127.0.0.1' autoport='yes' passwd='" VNC_PASSWORD "'/>"
    "<graphics type='spice' listen='127.0.0.1' autoport='yes'/>"
    "<video><model type='vga'/></video>", NULL);
  g_autofree char *xml = live_guest_xml (vm_name, 64, "<boot dev='hd'/>",
                                         "<on_poweroff>destroy</on_poweroff>", devices);
  virDomainPtr dom = virDomainCreateXML (raw, xml, 0);

  if (dom == NULL)
    g_error ("could not start %s: %s", vm_name, virGetLastErrorMessage ());
  virDomainFree (dom);
}

static void
test_open (void)
{
  conn = live_connection_open (URI, 60000);
  domain = live_wait_running (conn, vm_name, 20000);
  g_assert_nonnull (domain);
  g_object_ref (domain);
}

/* -- the list of consoles ---------------------------------------------------- */

static void
test_consoles (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) consoles = NULL;
  g_autoptr(GError) error = NULL;
  VireoConsoleInfo *info;

  vireo_domain_get_consoles_async (domain, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 30000));
  consoles = vireo_domain_get_consoles_finish (domain, result, &error);
  g_assert_no_error (error);

  /* the <console> is the serial port again: listed once */
  g_assert_cmpuint (consoles->len, ==, 3);

  info = consoles->pdata[0];
  g_assert_cmpint (vireo_console_info_get_kind (info), ==, VIREO_CONSOLE_KIND_VNC);
  g_assert_cmpuint (vireo_console_info_get_index (info), ==, 0);
  g_assert_cmpint (vireo_console_info_get_port (info), >=, 5900);
  g_assert_cmpstr (vireo_console_info_get_listen (info), ==, "127.0.0.1");
  g_assert_true (vireo_console_info_get_listens_on_loopback (info));
  g_assert_true (vireo_console_info_get_has_password (info));

  info = consoles->pdata[1];
  g_assert_cmpint (vireo_console_info_get_kind (info), ==, VIREO_CONSOLE_KIND_SPICE);
  g_assert_cmpuint (vireo_console_info_get_index (info), ==, 1);
  g_assert_cmpint (vireo_console_info_get_port (info), >=, 5900);
  g_assert_false (vireo_console_info_get_has_password (info));

  info = consoles->pdata[2];
  g_assert_cmpint (vireo_console_info_get_kind (info), ==, VIREO_CONSOLE_KIND_SERIAL);
  g_assert_cmpuint (vireo_console_info_get_index (info), ==, 0);
  g_assert_cmpstr (vireo_console_info_get_devname (info), ==, "serial0");
  g_assert_cmpstr (vireo_console_info_get_source_type (info), ==, "pty");
}

/* -- serial -------------------------------------------------------------------- */

typedef struct
{
  GString  *text;
  gboolean  closed;
  GError   *error;
} SerialLog;

static void
on_serial_data (VireoSerialSession *session,
                GBytes             *bytes,
                SerialLog          *log)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_string_append_len (log->text, data, len);
}

static void
on_serial_closed (VireoSerialSession *session,
                  const GError       *error,
                  SerialLog          *log)
{
  log->closed = TRUE;
  g_clear_error (&log->error);
  log->error = error ? g_error_copy (error) : NULL;
}

static gboolean
log_has_marker (gpointer data)
{
  SerialLog *log = data;

  return strstr (log->text->str, MARKER "\r\n") != NULL;
}

static gboolean
log_has_echo (gpointer data)
{
  SerialLog *log = data;

  return strstr (log->text->str, "ping-vireo!") != NULL;
}

static gboolean
log_closed (gpointer data)
{
  return ((SerialLog *) data)->closed;
}

static void
test_serial (void)
{
  g_autoptr(VireoSerialSession) session = vireo_serial_session_new (domain, "serial0");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SerialLog log = { g_string_new (NULL), FALSE, NULL };

  g_signal_connect (session, "data", G_CALLBACK (on_serial_data), &log);
  g_signal_connect (session, "closed", G_CALLBACK (on_serial_closed), &log);

  vireo_serial_session_open_async (session, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 30000));
  g_assert_true (vireo_serial_session_open_finish (session, result, &error));
  g_assert_no_error (error);
  g_assert_true (vireo_serial_session_get_is_open (session));

  /* what the guest prints */
  if (!live_wait_until (log_has_marker, &log, 60000))
    g_error ("no marker on the serial port; got \"%s\"", log.text->str);

  /* what we type comes back */
  vireo_serial_session_write (session, "ping-", 5);
  vireo_serial_session_write (session, "vireo!", 6);
  if (!live_wait_until (log_has_echo, &log, 30000))
    g_error ("no echo on the serial port; got \"%s\"", log.text->str);

  vireo_serial_session_close (session);
  g_assert_true (log.closed);
  g_assert_no_error (log.error);
  g_assert_false (vireo_serial_session_get_is_open (session));

  g_string_free (log.text, TRUE);
}

static void
test_serial_default_device (void)
{
  g_autoptr(VireoSerialSession) session = vireo_serial_session_new (domain, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SerialLog log = { g_string_new (NULL), FALSE, NULL };

  g_signal_connect (session, "data", G_CALLBACK (on_serial_data), &log);
  g_signal_connect (session, "closed", G_CALLBACK (on_serial_closed), &log);
  vireo_serial_session_open_async (session, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 30000));
  vireo_serial_session_open_finish (session, result, &error);
  g_assert_no_error (error);
  if (!live_wait_until (log_has_marker, &log, 60000))
    g_error ("no marker on the first console; got \"%s\"", log.text->str);
  /* dropped without close(): the stream goes with the object */
  g_string_free (log.text, TRUE);
}

/* -- graphics -------------------------------------------------------------------- */

typedef struct
{
  VireoConsoleSession *session;
  guint                graphics_idx;
  VireoGraphicsFdFlags fd_flags;
  guint                n_need_fd;
  guint                n_damage;
  int                  max_damage_area;
  guint                n_resized;
  guint                n_connected;
  guint                n_disconnected;
  guint                n_auth;
  gboolean             last_auth_retry;
  GError              *disconnect_error;
  const char          *answer[4];   /* passwords to give, in order */
} Watch;

static void
fd_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Watch *w = user_data;
  g_autoptr(GError) error = NULL;
  int fd = vireo_domain_open_graphics_fd_finish (VIREO_DOMAIN (source), result, &error);

  g_assert_no_error (error);
  vireo_console_session_provide_fd (w->session, fd);
}

static void
on_need_fd (VireoConsoleSession *session,
            Watch               *w)
{
  w->n_need_fd++;
  vireo_domain_open_graphics_fd_async (domain, w->graphics_idx, w->fd_flags, NULL, fd_ready, w);
}

static void
on_damage (VireoConsoleSession *session,
           int x, int y, int width, int height,
           Watch               *w)
{
  VireoFramebuffer *fb = vireo_console_session_get_framebuffer (session);

  g_assert_nonnull (fb);
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x + width, <=, vireo_framebuffer_get_width (fb));
  g_assert_cmpint (y + height, <=, vireo_framebuffer_get_height (fb));
  w->n_damage++;
  w->max_damage_area = MAX (w->max_damage_area, width * height);
}

static gboolean
top_left_dirty (gpointer data)
{
  VireoFramebuffer *fb = vireo_console_session_get_framebuffer (((Watch *) data)->session);

  return fb != NULL && vireo_framebuffer_is_tile_dirty (fb, 0, 0);
}

static void
on_resized (VireoConsoleSession *session,
            int width, int height,
            Watch               *w)
{
  w->n_resized++;
}

static void
on_connected (VireoConsoleSession *session,
              Watch               *w)
{
  w->n_connected++;
}

static void
on_disconnected (VireoConsoleSession *session,
                 const GError        *error,
                 Watch               *w)
{
  w->n_disconnected++;
  g_clear_error (&w->disconnect_error);
  w->disconnect_error = error ? g_error_copy (error) : NULL;
}

static void
on_auth_required (VireoConsoleSession *session,
                  gboolean             retry,
                  Watch               *w)
{
  w->n_auth++;
  w->last_auth_retry = retry;
  g_assert_cmpint (vireo_console_session_get_state (session), ==, VIREO_CONSOLE_STATE_AUTHENTICATING);
}

static void
watch_init (Watch               *w,
            VireoConsoleSession *session,
            guint                graphics_idx,
            VireoGraphicsFdFlags flags)
{
  memset (w, 0, sizeof *w);
  w->session = session;
  w->graphics_idx = graphics_idx;
  w->fd_flags = flags;
  g_signal_connect (session, "need-fd", G_CALLBACK (on_need_fd), w);
  g_signal_connect (session, "damage", G_CALLBACK (on_damage), w);
  g_signal_connect (session, "framebuffer-resized", G_CALLBACK (on_resized), w);
  g_signal_connect (session, "connected", G_CALLBACK (on_connected), w);
  g_signal_connect (session, "disconnected", G_CALLBACK (on_disconnected), w);
  g_signal_connect (session, "auth-required", G_CALLBACK (on_auth_required), w);
}

static int
open_fd_now (guint                idx,
             VireoGraphicsFdFlags flags)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  vireo_domain_open_graphics_fd_async (domain, idx, flags, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 30000));
  fd = vireo_domain_open_graphics_fd_finish (domain, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  return fd;
}

/* the guest painted its text screen red: VGA colour 4, DAC value 0x2a,
 * which QEMU widens to 0xa8 */
static gboolean
screen_is_red (gpointer data)
{
  Watch *w = data;
  VireoFramebuffer *fb = vireo_console_session_get_framebuffer (w->session);
  const guint8 *p;
  int width, height;

  if (fb == NULL)
    return FALSE;
  width = vireo_framebuffer_get_width (fb);
  height = vireo_framebuffer_get_height (fb);
  p = vireo_framebuffer_get_data (fb) + (gsize) (height / 2) * vireo_framebuffer_get_stride (fb)
      + (width / 2) * 4;
  /* B, G, R, X */
  return p[0] == 0x00 && p[1] == 0x00 && p[2] == 0xa8 && p[3] == 0xff;
}

static gboolean
is_connected (gpointer data)
{
  Watch *w = data;

  return vireo_console_session_get_state (w->session) == VIREO_CONSOLE_STATE_CONNECTED;
}

static gboolean
is_disconnected (gpointer data)
{
  Watch *w = data;

  return w->n_disconnected > 0;
}

static void
check_display (VireoConsoleSession *session,
               Watch               *w)
{
  VireoFramebuffer *fb;

  g_assert_true (live_wait_until (is_connected, w, 30000));
  g_assert_cmpuint (w->n_connected, ==, 1);
  if (!live_wait_until (screen_is_red, w, 60000))
    {
      VireoFramebuffer *f = vireo_console_session_get_framebuffer (session);
      const guint8 *p = f ? vireo_framebuffer_get_data (f)
                            + (gsize) (vireo_framebuffer_get_height (f) / 2) * vireo_framebuffer_get_stride (f)
                            + (vireo_framebuffer_get_width (f) / 2) * 4
                          : NULL;

      g_error ("%s: the guest's red screen never arrived (%u damage signals; %dx%d, centre %02x %02x %02x %02x)",
               vireo_console_session_get_protocol_name (session), w->n_damage,
               f ? vireo_framebuffer_get_width (f) : 0, f ? vireo_framebuffer_get_height (f) : 0,
               p ? p[0] : 0, p ? p[1] : 0, p ? p[2] : 0, p ? p[3] : 0);
    }
  fb = vireo_console_session_get_framebuffer (session);
  /* VGA text mode: 80 x 25 cells of 9 x 16 pixels */
  g_assert_cmpint (vireo_framebuffer_get_width (fb), ==, 720);
  g_assert_cmpint (vireo_framebuffer_get_height (fb), ==, 400);
  g_assert_cmpuint (w->n_resized, >=, 1);
  g_assert_cmpuint (w->n_damage, >=, 1);

  /* the screen keeps changing (top-left cell): updates keep coming, and
   * only for that corner */
  w->n_damage = 0;
  w->max_damage_area = 0;
  vireo_framebuffer_clear_dirty (fb);
  if (!live_wait_until (top_left_dirty, w, 20000))
    g_error ("%s: no update of the changing corner (%u damage signals since)",
             vireo_console_session_get_protocol_name (session), w->n_damage);
  g_assert_cmpint (w->max_damage_area, <, 720 * 400 / 4);

  /* input goes out without trouble; Ctrl+Alt+Del-like chords are released */
  vireo_console_session_send_pointer (session, 10, 10, 0);
  vireo_console_session_send_pointer (session, 20, 20, VIREO_CONSOLE_BUTTON_LEFT);
  vireo_console_session_send_pointer (session, 20, 20, 0);
  vireo_console_session_send_scroll (session, VIREO_CONSOLE_SCROLL_DOWN, 0);
  vireo_console_session_send_key (session, VIREO_QNUM_LEFT_SHIFT, TRUE);
  g_assert_cmpuint (vireo_console_session_get_n_keys_down (session), ==, 1);
  vireo_console_session_release_keys (session);
  g_assert_cmpuint (vireo_console_session_get_n_keys_down (session), ==, 0);
  live_spin (300);
  g_assert_cmpint (vireo_console_session_get_state (session), ==, VIREO_CONSOLE_STATE_CONNECTED);

  vireo_console_session_disconnect (session);
  g_assert_true (live_wait_until (is_disconnected, w, 10000));
  g_assert_cmpuint (w->n_disconnected, ==, 1);
  g_assert_null (w->disconnect_error);
  g_assert_cmpint (vireo_console_session_get_state (session), ==, VIREO_CONSOLE_STATE_DISCONNECTED);
}

static void
test_vnc (void)
{
  g_autoptr(VireoConsoleSession) session = vireo_vnc_session_new ();
  g_autoptr(GError) error = NULL;
  Watch w;

  watch_init (&w, session, 0, VIREO_GRAPHICS_FD_SKIP_AUTH);
  g_assert_cmpstr (vireo_console_session_get_protocol_name (session), ==, "VNC");
  g_assert_true (vireo_console_session_connect_fd (session, open_fd_now (0, VIREO_GRAPHICS_FD_SKIP_AUTH),
                                                   &error));
  g_assert_no_error (error);
  check_display (session, &w);
  g_assert_cmpuint (w.n_auth, ==, 0);
}

static void
test_spice (void)
{
  g_autoptr(VireoConsoleSession) session = vireo_spice_session_new ();
  g_autoptr(GError) error = NULL;
  Watch w;

  watch_init (&w, session, 1, VIREO_GRAPHICS_FD_SKIP_AUTH);
  g_assert_cmpstr (vireo_console_session_get_protocol_name (session), ==, "SPICE");
  g_assert_true (vireo_console_session_connect_fd (session, open_fd_now (1, VIREO_GRAPHICS_FD_SKIP_AUTH),
                                                   &error));
  g_assert_no_error (error);
  check_display (session, &w);
  /* display, inputs and cursor each asked for a socket */
  g_assert_cmpuint (w.n_need_fd, >=, 2);
}

/* -- a passworded VNC display: wrong password, then the right one ---------- */

static Watch *password_watch;

static gboolean
answer_password_cb (gpointer data)
{
  Watch *w = password_watch;

  vireo_console_session_set_password (w->session, w->answer[w->n_auth - 1]);
  return G_SOURCE_REMOVE;
}

/* answers from the main loop, as a dialog would */
static void
on_auth_answer (VireoConsoleSession *session,
                gboolean             retry,
                Watch               *w)
{
  g_idle_add (answer_password_cb, NULL);
}

static void
test_vnc_password (void)
{
  g_autoptr(VireoConsoleSession) session = vireo_vnc_session_new ();
  g_autoptr(GError) error = NULL;
  Watch w;

  watch_init (&w, session, 0, VIREO_GRAPHICS_FD_NONE);
  password_watch = &w;
  w.answer[0] = "not-the-password";
  w.answer[1] = VNC_PASSWORD;
  g_signal_connect_after (session, "auth-required", G_CALLBACK (on_auth_answer), &w);

  g_assert_true (vireo_console_session_connect_fd (session, open_fd_now (0, VIREO_GRAPHICS_FD_NONE), &error));
  g_assert_no_error (error);

  /* asked once, answered wrong, asked again (retry), answered right */
  g_assert_true (live_wait_until (is_connected, &w, 60000));
  g_assert_cmpuint (w.n_auth, ==, 2);
  g_assert_true (w.last_auth_retry);
  /* the reconnection after the refusal needed a new socket */
  g_assert_cmpuint (w.n_need_fd, ==, 1);
  g_assert_cmpuint (w.n_disconnected, ==, 0);
  if (!live_wait_until (screen_is_red, &w, 60000))
    g_error ("no picture after the password was accepted");

  vireo_console_session_disconnect (session);
  g_assert_cmpuint (w.n_disconnected, ==, 1);
  password_watch = NULL;
}

/* -- the guest goes away under an open console ------------------------------ */

static void
test_guest_destroyed (void)
{
  g_autoptr(VireoConsoleSession) session = vireo_vnc_session_new ();
  g_autoptr(VireoSerialSession) serial = vireo_serial_session_new (domain, "serial0");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SerialLog log = { g_string_new (NULL), FALSE, NULL };
  virDomainPtr dom;
  Watch w;

  watch_init (&w, session, 0, VIREO_GRAPHICS_FD_SKIP_AUTH);
  g_assert_true (vireo_console_session_connect_fd (session, open_fd_now (0, VIREO_GRAPHICS_FD_SKIP_AUTH),
                                                   &error));
  g_assert_true (live_wait_until (screen_is_red, &w, 60000));

  g_signal_connect (serial, "data", G_CALLBACK (on_serial_data), &log);
  g_signal_connect (serial, "closed", G_CALLBACK (on_serial_closed), &log);
  vireo_serial_session_open_async (serial, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 30000));
  g_assert_true (vireo_serial_session_open_finish (serial, result, &error));

  dom = virDomainLookupByName (raw, vm_name);
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  virDomainFree (dom);

  /* both notice, nothing crashes */
  g_assert_true (live_wait_until (is_disconnected, &w, 30000));
  g_assert_true (live_wait_until (log_closed, &log, 30000));
  g_assert_cmpint (vireo_console_session_get_state (session), ==, VIREO_CONSOLE_STATE_DISCONNECTED);
  /* the last picture stays for the page to show */
  g_assert_nonnull (vireo_console_session_get_framebuffer (session));
  g_string_free (log.text, TRUE);
  g_clear_error (&log.error);
  g_clear_error (&w.disconnect_error);
}

int
main (int   argc,
      char *argv[])
{
  live_test_init (&argc, &argv);
  vireo_core_init ();

  raw = live_connect_or_skip (URI);
  vm_name = g_strdup_printf ("vireo-live-serial-%d", (int) getpid ());
  atexit (cleanup_at_exit);
  write_disk ();
  start_guest ();
  /* QEMU holds the image open: nothing is left behind even if a test aborts */
  g_unlink (disk_path);
  g_test_message ("guest %s, type %s", vm_name, g_getenv ("VIREO_TEST_DOMAIN_TYPE") ?: "qemu");

  g_test_add_func ("/live/console/open", test_open);
  g_test_add_func ("/live/console/list", test_consoles);
  g_test_add_func ("/live/console/serial", test_serial);
  g_test_add_func ("/live/console/serial-default", test_serial_default_device);
  g_test_add_func ("/live/console/vnc", test_vnc);
  g_test_add_func ("/live/console/spice", test_spice);
  g_test_add_func ("/live/console/vnc-password", test_vnc_password);
  g_test_add_func ("/live/console/guest-destroyed", test_guest_destroyed);

  int rc = g_test_run ();

  g_clear_object (&domain);
  if (conn != NULL)
    {
      vireo_connection_close (conn);
      g_object_unref (conn);
    }
  return rc;
}
