/* test-vnc-vanish.c — a VNC server that goes away in the middle of an update
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scripted RFB 3.8 server on 127.0.0.1 (rfb-script-server.h, a thread of
 * this test) handshakes with security type None, answers the first update
 * request with a Raw rectangle of the whole 64×48 screen, sends only half of
 * its pixels and closes the socket.  Vireo's VNC session must end with a clear message —
 * the state a person sees is "disconnected", with a reason — and nothing
 * may crash or hang; the half-received picture stays in the framebuffer.
 * A second run closes the socket during the handshake.
 */
#define G_LOG_DOMAIN "test-vnc-vanish"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rfb-script-server.h"
#include "vireo-core.h"
#include "vireo-vnc-session.h"

#define WIDTH  64
#define HEIGHT 48

/* a generous safety net only: every wait ends on a signal */
#define DEADLINE_SECONDS 30

typedef enum
{
  VANISH_MID_UPDATE,
  VANISH_IN_HANDSHAKE,
} VanishPoint;

typedef struct
{
  VanishPoint point;
  gint        sent_half;    /* atomic */
} Script;

static void
vanish_script (RfbScriptServer *server,
               gpointer         data)
{
  Script *script = data;

  if (script->point == VANISH_IN_HANDSHAKE)
    {
      rfb_script_version (server);
      rfb_script_hangup (server);
      return;
    }

  rfb_script_handshake (server, WIDTH, HEIGHT);
  rfb_script_wait_update_request (server);
  /* the client's pixel format is the ServerInit's 32 bits a pixel:
   * announce the whole screen, send half of it, then vanish */
  rfb_script_update_header (server, 1);
  rfb_script_rect_header (server, 0, 0, WIDTH, HEIGHT, RFB_ENCODING_RAW);
  rfb_script_pixels (server, WIDTH * HEIGHT / 2, 0x00336699);
  if (rfb_script_ok (server))
    g_atomic_int_set (&script->sent_half, TRUE);
  rfb_script_hangup (server);
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

static void
run_vanish (VanishPoint point)
{
  Script script = { .point = point };
  RfbScriptServer *server = rfb_script_server_start (vanish_script, &script);
  g_autoptr(VireoConsoleSession) session = vireo_vnc_session_new ();
  g_autofree char *port = rfb_script_server_dup_port (server);
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };

  g_signal_connect (session, "connected", G_CALLBACK (connected_cb), &seen);
  g_signal_connect (session, "disconnected", G_CALLBACK (disconnected_cb), &seen);
  g_assert_true (vireo_console_session_connect_host (session, "127.0.0.1", port, &error));
  g_assert_no_error (error);

  g_assert_true (rfb_script_wait_for (&seen.disconnected, DEADLINE_SECONDS));
  g_assert_cmpint (vireo_console_session_get_state (session), ==, VIREO_CONSOLE_STATE_DISCONNECTED);
  /* the person is told why, in a sentence */
  g_assert_nonnull (seen.message);
  g_test_message ("message: %s", seen.message);
  g_assert_cmpuint (strlen (seen.message), >, 20);

  if (point == VANISH_MID_UPDATE)
    {
      VireoFramebuffer *fb = vireo_console_session_get_framebuffer (session);

      g_assert_true (seen.connected);
      g_assert_true (g_atomic_int_get (&script.sent_half));
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
  g_clear_object (&session);
  rfb_script_server_free (server);
  /* gvnc lets its connection go in idles */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (seen.message);
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
