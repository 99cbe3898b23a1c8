/* test-vnc-hostile.c — a guest's VNC server sends what it likes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A guest controls its VNC server, so everything it sends is hostile
 * (DESIGN.md, rule 8).  Each case runs a scripted RFB 3.8 server
 * (rfb-script-server.h) that sends one hostile input to Vireo's VNC session,
 * which must either handle it (clipboard text arrives intact, the session
 * stays connected) or end the session cleanly — "disconnected", with a
 * sentence a person reads — never crash, hang or allocate what the guest
 * asks for.  Screens beyond VIREO_FRAMEBUFFER_MAX_SIDE / _MAX_BYTES, empty
 * ones and pixel formats gvnc cannot convert safely are refused, at
 * ServerInit and in later resizes; clipboard text is shared up to
 * VIREO_VNC_CLIPBOARD_MAX_BYTES.
 */
#define G_LOG_DOMAIN "test-vnc-hostile"

#include "config.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/resource.h>

#include "rfb-script-server.h"
#include "vireo-core.h"
#include "vireo-vnc-session.h"

#define WIDTH  64
#define HEIGHT 48

/* a generous safety net only: every wait ends on a signal */
#define DEADLINE_SECONDS 30

typedef struct
{
  RfbScriptServer     *server;
  VireoConsoleSession *session;
  gboolean             connected;
  gboolean             disconnected;
  char                *message;
  GPtrArray           *clipboard;      /* of char *: each "clipboard-text" */
  gboolean             got_clipboard;
} Fixture;

static void
connected_cb (VireoConsoleSession *session,
              Fixture             *fixture)
{
  fixture->connected = TRUE;
}

static void
disconnected_cb (VireoConsoleSession *session,
                 GError              *error,
                 Fixture             *fixture)
{
  fixture->disconnected = TRUE;
  g_free (fixture->message);
  fixture->message = g_strdup (error != NULL ? error->message : NULL);
}

static void
clipboard_text_cb (VireoConsoleSession *session,
                   const char          *text,
                   Fixture             *fixture)
{
  g_ptr_array_add (fixture->clipboard, g_strdup (text));
  fixture->got_clipboard = TRUE;
}

/* starts @script and a VNC session connecting to it */
static void
fixture_start (Fixture       *fixture,
               RfbScriptFunc  script,
               gpointer       data,
               gboolean       clipboard)
{
  g_autofree char *port = NULL;
  g_autoptr(GError) error = NULL;

  memset (fixture, 0, sizeof *fixture);
  fixture->clipboard = g_ptr_array_new_with_free_func (g_free);
  fixture->server = rfb_script_server_start (script, data);
  fixture->session = vireo_vnc_session_new ();
  vireo_console_session_set_clipboard_enabled (fixture->session, clipboard);
  g_signal_connect (fixture->session, "connected", G_CALLBACK (connected_cb), fixture);
  g_signal_connect (fixture->session, "disconnected", G_CALLBACK (disconnected_cb), fixture);
  g_signal_connect (fixture->session, "clipboard-text", G_CALLBACK (clipboard_text_cb), fixture);

  port = rfb_script_server_dup_port (fixture->server);
  g_assert_true (vireo_console_session_connect_host (fixture->session, "127.0.0.1", port, &error));
  g_assert_no_error (error);
}

static void
fixture_finish (Fixture *fixture)
{
  vireo_console_session_disconnect (fixture->session);
  g_clear_object (&fixture->session);
  /* the session closed the connection: the script's linger/hangup ends */
  rfb_script_server_free (fixture->server);
  /* gvnc lets its connection go in idles */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_unref (fixture->clipboard);
  g_free (fixture->message);
}

/* the session ended with a reason a person reads, containing @expected */
static void
assert_ended (Fixture    *fixture,
              const char *expected)
{
  g_assert_true (rfb_script_wait_for (&fixture->disconnected, DEADLINE_SECONDS));
  g_assert_cmpint (vireo_console_session_get_state (fixture->session), ==,
                   VIREO_CONSOLE_STATE_DISCONNECTED);
  g_assert_nonnull (fixture->message);
  g_test_message ("message: %s", fixture->message);
  g_assert_cmpuint (strlen (fixture->message), >, 20);
  if (expected != NULL && strstr (fixture->message, expected) == NULL)
    g_error ("expected \"%s\" in \"%s\"", expected, fixture->message);
}

/* -- clipboard ------------------------------------------------------------- */

typedef struct
{
  const char *first;       /* ISO 8859-1 */
  gsize       first_len;
  const char *second;      /* NULL: none */
} CutScript;

static void
cut_text_script (RfbScriptServer *server,
                 gpointer         data)
{
  CutScript *script = data;

  rfb_script_handshake (server, WIDTH, HEIGHT);
  rfb_script_wait_update_request (server);
  rfb_script_cut_text (server, script->first_len, script->first, script->first_len);
  if (script->second != NULL)
    rfb_script_cut_text (server, strlen (script->second), script->second, strlen (script->second));
  rfb_script_linger (server);
}

static void
test_clipboard_short (void)
{
  CutScript script = { "hi", 2, NULL };
  Fixture f;

  fixture_start (&f, cut_text_script, &script, TRUE);
  g_assert_true (rfb_script_wait_for (&f.got_clipboard, DEADLINE_SECONDS));
  g_assert_cmpuint (f.clipboard->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f.clipboard, 0), ==, "hi");
  g_assert_true (f.connected);
  g_assert_false (f.disconnected);
  fixture_finish (&f);
}

static void
test_clipboard_text (void)
{
  /* "Grüße, café naïve\n\t½ line two" in ISO 8859-1, as RFB has it */
  static const char latin1[] =
    "Gr\xfc\xdf" "e, caf\xe9 na\xefve\n\t\xbd line two";
  CutScript script = { latin1, sizeof latin1 - 1, NULL };
  Fixture f;

  fixture_start (&f, cut_text_script, &script, TRUE);
  g_assert_true (rfb_script_wait_for (&f.got_clipboard, DEADLINE_SECONDS));
  g_assert_cmpuint (f.clipboard->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f.clipboard, 0), ==,
                   "Grüße, café naïve\n\t½ line two");
  g_assert_true (f.connected);
  g_assert_false (f.disconnected);
  fixture_finish (&f);
}

/* over the bound: not shared, and the session goes on (the next copy arrives) */
static void
test_clipboard_over_limit (void)
{
  gsize len = VIREO_VNC_CLIPBOARD_MAX_BYTES + 1;
  g_autofree char *big = g_malloc (len);
  CutScript script = { big, len, "after" };
  Fixture f;

  memset (big, 'x', len);
  fixture_start (&f, cut_text_script, &script, TRUE);
  g_assert_true (rfb_script_wait_for (&f.got_clipboard, DEADLINE_SECONDS));
  g_assert_cmpuint (f.clipboard->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f.clipboard, 0), ==, "after");
  g_assert_false (f.disconnected);
  fixture_finish (&f);
}

/* at the bound: shared whole */
static void
test_clipboard_at_limit (void)
{
  gsize len = VIREO_VNC_CLIPBOARD_MAX_BYTES;
  g_autofree char *big = g_malloc (len);
  CutScript script = { big, len, NULL };
  Fixture f;

  memset (big, 'y', len);
  fixture_start (&f, cut_text_script, &script, TRUE);
  g_assert_true (rfb_script_wait_for (&f.got_clipboard, DEADLINE_SECONDS));
  g_assert_cmpuint (f.clipboard->len, ==, 1);
  g_assert_cmpuint (strlen (g_ptr_array_index (f.clipboard, 0)), ==, len);
  fixture_finish (&f);
}

/* sharing off: the guest's text is ignored, nothing breaks */
static void
test_clipboard_off (void)
{
  CutScript script = { "secret", 6, "more" };
  Fixture f;

  fixture_start (&f, cut_text_script, &script, FALSE);
  g_assert_true (rfb_script_wait_for (&f.connected, DEADLINE_SECONDS));
  fixture_finish (&f);
  g_assert_cmpuint (f.clipboard->len, ==, 0);
}

static void
cut_text_2g_script (RfbScriptServer *server,
                    gpointer         data)
{
  rfb_script_handshake (server, WIDTH, HEIGHT);
  rfb_script_wait_update_request (server);
  rfb_script_cut_text (server, 1u << 31, "abcdefgh", 8);
  rfb_script_linger (server);
}

static void
test_clipboard_announces_2g (void)
{
  Fixture f;

  fixture_start (&f, cut_text_2g_script, NULL, TRUE);
  assert_ended (&f, "lost");
  g_assert_cmpuint (f.clipboard->len, ==, 0);
  fixture_finish (&f);
}

/* -- screen size at ServerInit -------------------------------------------- */

typedef struct
{
  guint16 width;
  guint16 height;
} SizeScript;

static void
init_size_script (RfbScriptServer *server,
                  gpointer         data)
{
  SizeScript *script = data;

  rfb_script_handshake (server, script->width, script->height);
  /* should the client ask, it gets an update it could not hold */
  rfb_script_wait_update_request (server);
  rfb_script_update_header (server, 1);
  rfb_script_rect_header (server, 0, 0, 16, 16, RFB_ENCODING_RAW);
  rfb_script_pixels (server, 16 * 16, 0x00ff0000);
  rfb_script_linger (server);
}

static glong
max_rss_kib (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

static void
run_init_refused (guint16     width,
                  guint16     height,
                  const char *expected)
{
  SizeScript script = { width, height };
  glong rss_before = max_rss_kib ();
  Fixture f;

  fixture_start (&f, init_size_script, &script, FALSE);
  assert_ended (&f, expected);
  g_assert_false (f.connected);
  g_assert_null (vireo_console_session_get_framebuffer (f.session));
  /* nothing near the size the guest asked for was allocated */
  g_assert_cmpint (max_rss_kib () - rss_before, <, 64 * 1024);
  fixture_finish (&f);
}

static void
test_init_65535x65535 (void)
{
  run_init_refused (65535, 65535, "65535×65535");
}

static void
test_init_32768x16384 (void)
{
  run_init_refused (32768, 16384, "32768×16384");
}

static void
test_init_65535x8191 (void)
{
  run_init_refused (65535, 8191, "65535×8191");
}

/* each side allowed, the bytes not: 16384×8192×4 = 512 MiB */
static void
test_init_over_byte_budget (void)
{
  run_init_refused (16384, 8192, "16384×8192");
}

static void
test_init_0x0 (void)
{
  run_init_refused (0, 0, "empty");
}

static void
test_init_0xn (void)
{
  run_init_refused (0, HEIGHT, "empty");
}

static void
test_size_limits (void)
{
  g_assert_true (vireo_framebuffer_size_is_supported (1, 1));
  g_assert_true (vireo_framebuffer_size_is_supported (7680, 4320));
  g_assert_true (vireo_framebuffer_size_is_supported (VIREO_FRAMEBUFFER_MAX_SIDE, 4096));
  g_assert_true (vireo_framebuffer_size_is_supported (4096, VIREO_FRAMEBUFFER_MAX_SIDE));
  g_assert_false (vireo_framebuffer_size_is_supported (VIREO_FRAMEBUFFER_MAX_SIDE, 4097));
  g_assert_false (vireo_framebuffer_size_is_supported (VIREO_FRAMEBUFFER_MAX_SIDE + 1, 1));
  g_assert_false (vireo_framebuffer_size_is_supported (1, VIREO_FRAMEBUFFER_MAX_SIDE + 1));
  g_assert_false (vireo_framebuffer_size_is_supported (0, 0));
  g_assert_false (vireo_framebuffer_size_is_supported (-1, 100));
  g_assert_false (vireo_framebuffer_size_is_supported (G_MAXINT, G_MAXINT));
  g_assert_false (vireo_framebuffer_size_is_supported (65535, 65535));
}

/* -- screen size changes after a good start ------------------------------- */

typedef struct
{
  gint32        encoding;
  guint16       width;
  guint16       height;
  const guint8 *format;     /* RFB_ENCODING_WMVI's */
} ResizeScript;

static void
resize_script (RfbScriptServer *server,
               gpointer         data)
{
  ResizeScript *script = data;

  rfb_script_handshake (server, WIDTH, HEIGHT);
  rfb_script_wait_update_request (server);
  rfb_script_update_header (server, 2);
  rfb_script_rect_header (server, 0, 0, script->width, script->height, script->encoding);
  if (script->encoding == RFB_ENCODING_EXTENDED_DESKTOP_SIZE)
    {
      static const guint8 screens[4] = { 1, 0, 0, 0 };

      rfb_script_write (server, screens, sizeof screens);
      rfb_script_write_u32 (server, 1);                  /* id */
      rfb_script_write_u16 (server, 0);
      rfb_script_write_u16 (server, 0);
      rfb_script_write_u16 (server, script->width);
      rfb_script_write_u16 (server, script->height);
      rfb_script_write_u32 (server, 0);                  /* flags */
    }
  else if (script->encoding == RFB_ENCODING_WMVI)
    rfb_script_write (server, script->format, 16);
  /* drawn at once into whatever the client now holds */
  rfb_script_rect_header (server, 0, 0, 16, 16, RFB_ENCODING_RAW);
  rfb_script_pixels (server, 16 * 16, 0x0000ff00);
  rfb_script_linger (server);
}

static void
run_resize_refused (gint32      encoding,
                    guint16     width,
                    guint16     height,
                    const char *expected)
{
  static const guint8 format[16] = { RFB_SCRIPT_PIXEL_FORMAT };
  ResizeScript script = { encoding, width, height, format };
  glong rss_before = max_rss_kib ();
  VireoFramebuffer *fb;
  Fixture f;

  fixture_start (&f, resize_script, &script, FALSE);
  assert_ended (&f, expected);
  g_assert_true (f.connected);
  /* the last picture stays, at its size */
  fb = vireo_console_session_get_framebuffer (f.session);
  g_assert_nonnull (fb);
  g_assert_cmpint (vireo_framebuffer_get_width (fb), ==, WIDTH);
  g_assert_cmpint (vireo_framebuffer_get_height (fb), ==, HEIGHT);
  g_assert_cmpint (max_rss_kib () - rss_before, <, 64 * 1024);
  fixture_finish (&f);
}

static void
test_resize_oversized (void)
{
  run_resize_refused (RFB_ENCODING_DESKTOP_SIZE, 65535, 65535, "65535×65535");
}

static void
test_resize_0x0 (void)
{
  run_resize_refused (RFB_ENCODING_DESKTOP_SIZE, 0, 0, "empty");
}

static void
test_resize_extended_oversized (void)
{
  run_resize_refused (RFB_ENCODING_EXTENDED_DESKTOP_SIZE, 40000, 100, "40000×100");
}

/* a pixel format change (WMVi) to 0 bits a pixel */
static void
test_resize_wmvi_bad_format (void)
{
  static const guint8 format[16] = { 0, 0, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0 };
  ResizeScript script = { RFB_ENCODING_WMVI, WIDTH, HEIGHT, format };
  VireoFramebuffer *fb;
  Fixture f;

  fixture_start (&f, resize_script, &script, FALSE);
  assert_ended (&f, "pixel");
  g_assert_true (f.connected);
  fb = vireo_console_session_get_framebuffer (f.session);
  g_assert_nonnull (fb);
  fixture_finish (&f);
}

static void
resized_cb (VireoConsoleSession *session,
            int                  width,
            int                  height,
            gboolean            *resized)
{
  if (width == 800 && height == 600)
    *resized = TRUE;
}

/* a resize within the limits is followed */
static void
test_resize_good (void)
{
  ResizeScript script = { RFB_ENCODING_DESKTOP_SIZE, 800, 600 };
  gboolean resized = FALSE;
  VireoFramebuffer *fb;
  Fixture f;

  fixture_start (&f, resize_script, &script, FALSE);
  g_signal_connect (f.session, "framebuffer-resized", G_CALLBACK (resized_cb), &resized);
  g_assert_true (rfb_script_wait_for (&resized, DEADLINE_SECONDS));
  g_assert_true (f.connected);
  g_assert_false (f.disconnected);
  fb = vireo_console_session_get_framebuffer (f.session);
  g_assert_cmpint (vireo_framebuffer_get_width (fb), ==, 800);
  g_assert_cmpint (vireo_framebuffer_get_height (fb), ==, 600);
  fixture_finish (&f);
}

/* -- malformed messages ------------------------------------------------------ */

typedef enum
{
  BAD_RECT_OUTSIDE,
  BAD_UNKNOWN_ENCODING,
  BAD_TRUNCATED_UPDATE,
} BadUpdate;

static void
bad_update_script (RfbScriptServer *server,
                   gpointer         data)
{
  BadUpdate bad = GPOINTER_TO_INT (data);

  rfb_script_handshake (server, WIDTH, HEIGHT);
  rfb_script_wait_update_request (server);
  switch (bad)
    {
    case BAD_RECT_OUTSIDE:
      rfb_script_update_header (server, 1);
      rfb_script_rect_header (server, WIDTH - 4, HEIGHT - 4, 16, 16, RFB_ENCODING_RAW);
      rfb_script_pixels (server, 16 * 16, 0x00ffffff);
      rfb_script_linger (server);
      break;

    case BAD_UNKNOWN_ENCODING:
      rfb_script_update_header (server, 1);
      rfb_script_rect_header (server, 0, 0, 8, 8, 0x7eadbeef);
      rfb_script_pixels (server, 8 * 8, 0x00ffffff);
      rfb_script_linger (server);
      break;

    case BAD_TRUNCATED_UPDATE:
      {
        static const guint8 half_header[6] = { 0, 0, 0, 0, 0, 8 };

        /* three rectangles announced: one whole, half a header, then the end */
        rfb_script_update_header (server, 3);
        rfb_script_rect_header (server, 0, 0, 8, 8, RFB_ENCODING_RAW);
        rfb_script_pixels (server, 8 * 8, 0x00ffffff);
        rfb_script_write (server, half_header, sizeof half_header);
        rfb_script_hangup (server);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
run_bad_update (BadUpdate bad)
{
  Fixture f;

  fixture_start (&f, bad_update_script, GINT_TO_POINTER (bad), FALSE);
  assert_ended (&f, "lost");
  g_assert_true (f.connected);
  fixture_finish (&f);
}

static void
test_rect_outside (void)
{
  run_bad_update (BAD_RECT_OUTSIDE);
}

static void
test_unknown_encoding (void)
{
  run_bad_update (BAD_UNKNOWN_ENCODING);
}

static void
test_truncated_update (void)
{
  run_bad_update (BAD_TRUNCATED_UPDATE);
}

static void
huge_name_script (RfbScriptServer *server,
                  gpointer         data)
{
  rfb_script_version (server);
  rfb_script_security_none (server);
  rfb_script_server_init (server, WIDTH, HEIGHT, G_MAXUINT32, "name", 4);
  rfb_script_linger (server);
}

static void
test_name_length_max (void)
{
  Fixture f;

  fixture_start (&f, huge_name_script, NULL, FALSE);
  assert_ended (&f, "failed");
  g_assert_false (f.connected);
  fixture_finish (&f);
}

/* a pixel format gvnc cannot decode into Vireo's (24 or 0 bits a pixel,
 * a colour map that never comes) */
static void
pixel_format_script (RfbScriptServer *server,
                     gpointer         data)
{
  const guint8 *format = data;

  rfb_script_version (server);
  rfb_script_security_none (server);
  rfb_script_write_u16 (server, WIDTH);
  rfb_script_write_u16 (server, HEIGHT);
  rfb_script_write (server, format, 16);
  rfb_script_write_u32 (server, 4);
  rfb_script_write (server, "test", 4);
  rfb_script_wait_update_request (server);
  rfb_script_update_header (server, 1);
  rfb_script_rect_header (server, 0, 0, 16, 16, RFB_ENCODING_RAW);
  rfb_script_pixels (server, 16 * 16, 0x00ffffff);
  rfb_script_linger (server);
}

static void
run_pixel_format (const guint8 *format)
{
  Fixture f;

  fixture_start (&f, pixel_format_script, (gpointer) format, FALSE);
  assert_ended (&f, "pixel");
  g_assert_false (f.connected);
  g_assert_null (vireo_console_session_get_framebuffer (f.session));
  fixture_finish (&f);
}

static void
test_pixel_format_24bpp (void)
{
  static const guint8 format[16] = { 24, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0 };

  run_pixel_format (format);
}

static void
test_pixel_format_0bpp (void)
{
  static const guint8 format[16] = { 0, 0, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0 };

  run_pixel_format (format);
}

/* red 0-255 shifted out of a 16-bit pixel */
static void
test_pixel_format_shift (void)
{
  static const guint8 format[16] = { 16, 16, 0, 1, 0, 255, 0, 63, 0, 31, 200, 5, 0, 0, 0, 0 };

  run_pixel_format (format);
}

static void
test_pixel_format_colour_map (void)
{
  static const guint8 format[16] = { 8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

  run_pixel_format (format);
}

static void
garbage_version_script (RfbScriptServer *server,
                        gpointer         data)
{
  rfb_script_write (server, "HTTP/1.1 400", 12);
  rfb_script_hangup (server);
}

static void
test_garbage_version (void)
{
  Fixture f;

  fixture_start (&f, garbage_version_script, NULL, FALSE);
  assert_ended (&f, "failed");
  g_assert_false (f.connected);
  fixture_finish (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  vireo_core_init ();

  g_test_add_func ("/vnc-hostile/clipboard/short", test_clipboard_short);
  g_test_add_func ("/vnc-hostile/clipboard/latin1-text", test_clipboard_text);
  g_test_add_func ("/vnc-hostile/clipboard/at-limit", test_clipboard_at_limit);
  g_test_add_func ("/vnc-hostile/clipboard/over-limit", test_clipboard_over_limit);
  g_test_add_func ("/vnc-hostile/clipboard/sharing-off", test_clipboard_off);
  g_test_add_func ("/vnc-hostile/clipboard/announces-2g", test_clipboard_announces_2g);
  g_test_add_func ("/vnc-hostile/size-limits", test_size_limits);
  g_test_add_func ("/vnc-hostile/init/65535x65535", test_init_65535x65535);
  g_test_add_func ("/vnc-hostile/init/32768x16384", test_init_32768x16384);
  g_test_add_func ("/vnc-hostile/init/65535x8191", test_init_65535x8191);
  g_test_add_func ("/vnc-hostile/init/over-byte-budget", test_init_over_byte_budget);
  g_test_add_func ("/vnc-hostile/init/0x0", test_init_0x0);
  g_test_add_func ("/vnc-hostile/init/0xN", test_init_0xn);
  g_test_add_func ("/vnc-hostile/init/name-length-max", test_name_length_max);
  g_test_add_func ("/vnc-hostile/init/garbage-version", test_garbage_version);
  g_test_add_func ("/vnc-hostile/init/pixel-format-24bpp", test_pixel_format_24bpp);
  g_test_add_func ("/vnc-hostile/init/pixel-format-0bpp", test_pixel_format_0bpp);
  g_test_add_func ("/vnc-hostile/init/pixel-format-colour-map", test_pixel_format_colour_map);
  g_test_add_func ("/vnc-hostile/init/pixel-format-shift", test_pixel_format_shift);
  g_test_add_func ("/vnc-hostile/resize/good", test_resize_good);
  g_test_add_func ("/vnc-hostile/resize/oversized", test_resize_oversized);
  g_test_add_func ("/vnc-hostile/resize/0x0", test_resize_0x0);
  g_test_add_func ("/vnc-hostile/resize/extended-oversized", test_resize_extended_oversized);
  g_test_add_func ("/vnc-hostile/resize/wmvi-bad-format", test_resize_wmvi_bad_format);
  g_test_add_func ("/vnc-hostile/update/rect-outside", test_rect_outside);
  g_test_add_func ("/vnc-hostile/update/unknown-encoding", test_unknown_encoding);
  g_test_add_func ("/vnc-hostile/update/truncated", test_truncated_update);
  return g_test_run ();
}
