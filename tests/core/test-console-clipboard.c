/* test-console-clipboard.c — clipboard sharing is off until turned on
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-test"
#include "config.h"

#include "vireo-console-session.h"

#include "fake-console-session.h"

/* FakeSession (fake-console-session.h) records what it would send to the
 * guest: the clipboard texts in ->sent. */

static void
text_cb (VireoConsoleSession *session, const char *text, GPtrArray *received)
{
  g_ptr_array_add (received, g_strdup (text));
}

static void
test_off_by_default (void)
{
  g_autoptr(FakeSession) session = g_object_new (FAKE_TYPE_SESSION, NULL);
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_signal_connect (session, "clipboard-text", G_CALLBACK (text_cb), received);
  g_assert_true (vireo_console_session_connect_host (VIREO_CONSOLE_SESSION (session), "localhost", "5900", &error));
  g_assert_no_error (error);
  g_assert_cmpint (vireo_console_session_get_state (VIREO_CONSOLE_SESSION (session)), ==,
                   VIREO_CONSOLE_STATE_CONNECTED);

  /* never turned on: nothing goes out, nothing comes in */
  g_assert_false (vireo_console_session_get_clipboard_enabled (VIREO_CONSOLE_SESSION (session)));
  vireo_console_session_send_clipboard_text (VIREO_CONSOLE_SESSION (session), "host secret");
  vireo_console_session_emit_clipboard_text (VIREO_CONSOLE_SESSION (session), "guest secret");
  g_assert_cmpuint (session->sent->len, ==, 0);
  g_assert_cmpuint (received->len, ==, 0);

  /* turned on: both ways */
  vireo_console_session_set_clipboard_enabled (VIREO_CONSOLE_SESSION (session), TRUE);
  vireo_console_session_send_clipboard_text (VIREO_CONSOLE_SESSION (session), "host text");
  vireo_console_session_emit_clipboard_text (VIREO_CONSOLE_SESSION (session), "guest text");
  g_assert_cmpuint (session->sent->len, ==, 1);
  g_assert_cmpstr (session->sent->pdata[0], ==, "host text");
  g_assert_cmpuint (received->len, ==, 1);
  g_assert_cmpstr (received->pdata[0], ==, "guest text");

  /* turned off again: silent again */
  vireo_console_session_set_clipboard_enabled (VIREO_CONSOLE_SESSION (session), FALSE);
  vireo_console_session_send_clipboard_text (VIREO_CONSOLE_SESSION (session), "later");
  vireo_console_session_emit_clipboard_text (VIREO_CONSOLE_SESSION (session), "later");
  g_assert_cmpuint (session->sent->len, ==, 1);
  g_assert_cmpuint (received->len, ==, 1);

  vireo_console_session_disconnect (VIREO_CONSOLE_SESSION (session));
}

static void
test_not_connected (void)
{
  g_autoptr(FakeSession) session = g_object_new (FAKE_TYPE_SESSION, NULL);

  /* on, but no connection: nothing to send to */
  vireo_console_session_set_clipboard_enabled (VIREO_CONSOLE_SESSION (session), TRUE);
  vireo_console_session_send_clipboard_text (VIREO_CONSOLE_SESSION (session), "text");
  g_assert_cmpuint (session->sent->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/console-clipboard/off-by-default", test_off_by_default);
  g_test_add_func ("/console-clipboard/not-connected", test_not_connected);
  return g_test_run ();
}
