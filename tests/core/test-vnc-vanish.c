/* test-vnc-vanish.c — a VNC server that goes away in the middle of an update
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scripted RFB 3.8 server on 127.0.0.1 (a thread of this test) handshakes
 * with security type None, answers the first update request with a Raw
 * rectangle of the whole 64×48 screen, sends only half of its pixels and
 * closes the socket.  Vireo's VNC session must end with a clear message —
 * the state a person sees is "disconnected", with a reason — and nothing
 * may crash or hang; the half-received picture stays in the framebuffer.
 * A second run closes the socket during the handshake.
 */
#define G_LOG_DOMAIN "test-vnc-vanish"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vireo-core.h"
#include "vireo-vnc-session.h"

#define WIDTH  64
#define HEIGHT 48

typedef enum
{
  VANISH_MID_UPDATE,
  VANISH_IN_HANDSHAKE,
} VanishPoint;

typedef struct
{
  GSocketListener *listener;
  guint16          port;
  VanishPoint      point;
  GThread         *thread;
  gboolean         sent_half;
} Server;

static gboolean
write_all (GOutputStream *out,
           const void    *data,
           gsize          len)
{
  return g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

static gboolean
read_exact (GInputStream *in,
            void         *data,
            gsize         len)
{
  gsize done = 0;

  return g_input_stream_read_all (in, data, len, &done, NULL, NULL) && done == len;
}

/* reads client messages until a FramebufferUpdateRequest (type 3) arrives */
static gboolean
wait_update_request (GInputStream *in)
{
  for (;;)
    {
      guint8 type, buf[64];

      if (!read_exact (in, &type, 1))
        return FALSE;
      switch (type)
        {
        case 0: /* SetPixelFormat */
          if (!read_exact (in, buf, 19))
            return FALSE;
          break;
        case 2: /* SetEncodings */
          {
            guint16 n;

            if (!read_exact (in, buf, 1) || !read_exact (in, &n, 2))
              return FALSE;
            for (guint i = 0; i < GUINT16_FROM_BE (n); i++)
              if (!read_exact (in, buf, 4))
                return FALSE;
          }
          break;
        case 3: /* FramebufferUpdateRequest */
          return read_exact (in, buf, 9);
        case 4: /* KeyEvent */
          if (!read_exact (in, buf, 7))
            return FALSE;
          break;
        case 5: /* PointerEvent */
          if (!read_exact (in, buf, 5))
            return FALSE;
          break;
        default:
          return FALSE;
        }
    }
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr(GSocketConnection) conn = g_socket_listener_accept (server->listener, NULL, NULL, NULL);
  GInputStream *in;
  GOutputStream *out;
  guint8 version[12], choice, client_init;
  static const guint8 security[] = { 1, 1 };            /* one type: None */
  static const guint8 result_ok[] = { 0, 0, 0, 0 };
  guint8 init[24 + 4] = {
    0, WIDTH, 0, HEIGHT,
    32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0,   /* pixel format */
    0, 0, 0, 4, 't', 'e', 's', 't',
  };
  guint8 update[16] = { 0, 0, 0, 1, 0, 0, 0, 0, 0, WIDTH, 0, HEIGHT, 0, 0, 0, 0 };
  g_autofree guint8 *pixels = NULL;

  if (conn == NULL)
    return NULL;
  in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));

  if (!write_all (out, "RFB 003.008\n", 12) || !read_exact (in, version, 12))
    goto out;
  if (server->point == VANISH_IN_HANDSHAKE)
    goto out;
  if (!write_all (out, security, sizeof security) || !read_exact (in, &choice, 1) ||
      !write_all (out, result_ok, sizeof result_ok) || !read_exact (in, &client_init, 1) ||
      !write_all (out, init, sizeof init))
    goto out;
  if (!wait_update_request (in))
    goto out;
  /* the client's pixel format is 32 bits a pixel (Vireo asks for it):
   * announce the whole screen, send half of it, then vanish */
  pixels = g_malloc (WIDTH * HEIGHT * 4);
  for (int i = 0; i < WIDTH * HEIGHT; i++)
    ((guint32 *) pixels)[i] = GUINT32_TO_LE (0x00336699);
  if (write_all (out, update, sizeof update) && write_all (out, pixels, WIDTH * HEIGHT * 2))
    server->sent_half = TRUE;
  g_output_stream_flush (out, NULL, NULL);
  g_usleep (200 * 1000);

out:
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  return NULL;
}

static Server *
server_start (VanishPoint point)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  server->point = point;
  server->listener = g_socket_listener_new ();
  g_socket_listener_add_address (server->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  server->thread = g_thread_new ("rfb-vanish", server_thread, server);
  return server;
}

static void
server_free (Server *server)
{
  g_socket_listener_close (server->listener);
  g_thread_join (server->thread);
  g_object_unref (server->listener);
  g_free (server);
}

typedef struct
{
  gboolean connected;
  gboolean disconnected;
  char    *message;
} Seen;

static void
connected_cb (VireoConsoleSession *session,
              Seen                *seen)
{
  seen->connected = TRUE;
}

static void
disconnected_cb (VireoConsoleSession *session,
                 GError              *error,
                 Seen                *seen)
{
  seen->disconnected = TRUE;
  g_free (seen->message);
  seen->message = g_strdup (error != NULL ? error->message : NULL);
}

static gboolean
spin_until (gboolean *flag,
            guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!*flag && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  return *flag;
}

static void
run_vanish (VanishPoint point)
{
  Server *server = server_start (point);
  g_autoptr(VireoConsoleSession) session = vireo_vnc_session_new ();
  g_autofree char *port = g_strdup_printf ("%u", server->port);
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };

  g_signal_connect (session, "connected", G_CALLBACK (connected_cb), &seen);
  g_signal_connect (session, "disconnected", G_CALLBACK (disconnected_cb), &seen);
  g_assert_true (vireo_console_session_connect_host (session, "127.0.0.1", port, &error));
  g_assert_no_error (error);

  g_assert_true (spin_until (&seen.disconnected, 10000));
  g_assert_cmpint (vireo_console_session_get_state (session), ==, VIREO_CONSOLE_STATE_DISCONNECTED);
  /* the person is told why, in a sentence */
  g_assert_nonnull (seen.message);
  g_test_message ("message: %s", seen.message);
  g_assert_cmpuint (strlen (seen.message), >, 20);

  if (point == VANISH_MID_UPDATE)
    {
      VireoFramebuffer *fb = vireo_console_session_get_framebuffer (session);

      g_assert_true (seen.connected);
      g_assert_true (server->sent_half);
      /* what arrived is kept (gvnc decodes whole rectangles, so the screen
       * may also still be black): no crash, the right size */
      if (fb != NULL)
        {
          g_assert_cmpint (vireo_framebuffer_get_width (fb), ==, WIDTH);
          g_assert_cmpint (vireo_framebuffer_get_height (fb), ==, HEIGHT);
        }
      g_assert_nonnull (strstr (seen.message, "lost"));
    }
  else
    {
      g_assert_false (seen.connected);
      g_assert_nonnull (strstr (seen.message, "failed"));
    }

  /* disconnecting again is harmless */
  vireo_console_session_disconnect (session);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_free (seen.message);
  server_free (server);
}

static void
test_mid_update (void)
{
  run_vanish (VANISH_MID_UPDATE);
}

static void
test_in_handshake (void)
{
  run_vanish (VANISH_IN_HANDSHAKE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  vireo_core_init ();

  g_test_add_func ("/vnc-vanish/mid-update", test_mid_update);
  g_test_add_func ("/vnc-vanish/in-handshake", test_in_handshake);
  return g_test_run ();
}
