/* test-console-password.c — a display password is forgotten once the display has it
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scripted RFB 3.8 server on 127.0.0.1 (a thread of this test) asks for
 * VNC authentication (security type 2), takes the client's answer to its
 * challenge and lets it in. The password reaches gvnc, which keeps its own
 * copy; Vireo's session must not keep one in its memory afterwards: once
 * connected, when the connection ends, and on dispose it is overwritten
 * and dropped. The password is given before connecting (from the keyring)
 * or when the session asks for it (typed in).
 */
#define G_LOG_DOMAIN "test-console-password"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vireo-core.h"
#include "vireo-vnc-session.h"

#define WIDTH 32
#define HEIGHT 24
#define PASSWORD "s3cret-display"

typedef struct
{
  GSocketListener *listener;
  guint16 port;
  gboolean close_after_auth;
  GThread *thread;
  gboolean got_response;
} Server;

static gboolean
write_all (GOutputStream *out, const void *data, gsize len)
{
  return g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

static gboolean
read_exact (GInputStream *in, void *data, gsize len)
{
  gsize done = 0;

  return g_input_stream_read_all (in, data, len, &done, NULL, NULL) && done == len;
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr (GSocketConnection) conn =
      g_socket_listener_accept (server->listener, NULL, NULL, NULL);
  GInputStream *in;
  GOutputStream *out;
  guint8 version[12], choice, client_init, response[16], rest[256];
  static const guint8 security[] = { 1, 2 }; /* one type: VNC authentication */
  static const guint8 challenge[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
  static const guint8 result_ok[] = { 0, 0, 0, 0 };
  static const guint8 init[24 + 4] = {
    0, WIDTH, 0, HEIGHT, 32,  24,  0,   1,   0, 255,
    0, 255,   0, 255,    16,  8,   0,   0,   0, 0, /* pixel format */
    0, 0,     0, 4,      't', 'e', 's', 't',
  };

  if (conn == NULL)
    return NULL;
  in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));

  if (!write_all (out, "RFB 003.008\n", 12) || !read_exact (in, version, 12) ||
      !write_all (out, security, sizeof security) || !read_exact (in, &choice, 1) || choice != 2 ||
      !write_all (out, challenge, sizeof challenge) || !read_exact (in, response, sizeof response))
    goto out;
  server->got_response = TRUE;
  if (server->close_after_auth)
    goto out;
  if (!write_all (out, result_ok, sizeof result_ok) || !read_exact (in, &client_init, 1) ||
      !write_all (out, init, sizeof init))
    goto out;
  /* whatever the client sends now, until it goes */
  while (g_input_stream_read (in, rest, sizeof rest, NULL, NULL) > 0)
    ;

out:
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  return NULL;
}

static Server *
server_start (gboolean close_after_auth)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) effective = NULL;
  g_autoptr (GError) error = NULL;

  server->close_after_auth = close_after_auth;
  server->listener = g_socket_listener_new ();
  g_socket_listener_add_address (server->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  server->thread = g_thread_new ("rfb-password", server_thread, server);
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
  gboolean asked;
} Seen;

static void
connected_cb (VireoConsoleSession *session, Seen *seen)
{
  seen->connected = TRUE;
}

static void
disconnected_cb (VireoConsoleSession *session, GError *error, Seen *seen)
{
  seen->disconnected = TRUE;
}

static void
auth_required_cb (VireoConsoleSession *session, gboolean retry, Seen *seen)
{
  seen->asked = TRUE;
}

static gboolean
spin_until (gboolean *flag, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!*flag && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  return *flag;
}

/* a VNC session connecting to @server, given @password first (from the
 * keyring) unless it is NULL */
static VireoConsoleSession *
connect_to (Server *server, Seen *seen, const char *password)
{
  VireoConsoleSession *session = vireo_vnc_session_new ();
  g_autofree char *port = g_strdup_printf ("%u", server->port);
  g_autoptr (GError) error = NULL;

  if (password != NULL)
    {
      vireo_console_session_set_password (session, password);
      g_assert_cmpstr (vireo_console_session_get_password (session), ==, password);
    }
  g_signal_connect (session, "connected", G_CALLBACK (connected_cb), seen);
  g_signal_connect (session, "disconnected", G_CALLBACK (disconnected_cb), seen);
  g_signal_connect (session, "auth-required", G_CALLBACK (auth_required_cb), seen);
  g_assert_true (vireo_console_session_connect_host (session, "127.0.0.1", port, &error));
  g_assert_no_error (error);
  return session;
}

static void
finish (VireoConsoleSession *session, Server *server)
{
  vireo_console_session_disconnect (session);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (vireo_console_session_get_password (session));
  g_object_unref (session);
  server_free (server);
}

/* the keyring had it: given before connecting */
static void
test_given_first (void)
{
  Server *server = server_start (FALSE);
  Seen seen = { 0 };
  VireoConsoleSession *session = connect_to (server, &seen, PASSWORD);

  g_assert_true (spin_until (&seen.connected, 10000));
  g_assert_true (server->got_response);
  g_assert_false (seen.asked);
  g_assert_cmpint (vireo_console_session_get_state (session), ==, VIREO_CONSOLE_STATE_CONNECTED);
  /* gvnc has it; Vireo's copy is gone */
  g_assert_null (vireo_console_session_get_password (session));
  finish (session, server);
}

/* typed in when the session asked */
static void
test_typed_in (void)
{
  Server *server = server_start (FALSE);
  Seen seen = { 0 };
  VireoConsoleSession *session = connect_to (server, &seen, NULL);

  g_assert_true (spin_until (&seen.asked, 10000));
  g_assert_cmpint (vireo_console_session_get_state (session), ==,
                   VIREO_CONSOLE_STATE_AUTHENTICATING);
  vireo_console_session_set_password (session, PASSWORD);
  g_assert_true (spin_until (&seen.connected, 10000));
  g_assert_true (server->got_response);
  g_assert_null (vireo_console_session_get_password (session));
  finish (session, server);
}

/* the server goes away after the answer: the connection ended, the copy goes */
static void
test_connection_ends (void)
{
  Server *server = server_start (TRUE);
  Seen seen = { 0 };
  VireoConsoleSession *session = connect_to (server, &seen, PASSWORD);

  g_assert_true (spin_until (&seen.disconnected, 10000));
  g_assert_true (server->got_response);
  g_assert_false (seen.connected);
  g_assert_null (vireo_console_session_get_password (session));
  finish (session, server);
}

/* a copy out of an entry is overwritten before it is freed */
static void
test_password_free (void)
{
  g_autoptr (VireoConsolePassword) password = g_strdup (PASSWORD);

  vireo_console_password_free (NULL);
  g_assert_cmpstr (password, ==, PASSWORD);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  vireo_core_init ();

  g_test_add_func ("/console-password/given-first", test_given_first);
  g_test_add_func ("/console-password/typed-in", test_typed_in);
  g_test_add_func ("/console-password/connection-ends", test_connection_ends);
  g_test_add_func ("/console-password/free", test_password_free);
  return g_test_run ();
}
