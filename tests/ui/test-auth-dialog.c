/* test-auth-dialog.c — libvirt's questions reach the person and the answers reach libvirt
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The request is built the way the connection's auth callback builds it,
 * from libvirt's virConnectCredential array; the answers are read back from
 * that array. The test machine has no D-Bus session, so the keyring is
 * unavailable: Vireo must fall back to asking, silently.
 */
#define G_LOG_DOMAIN "test-auth-dialog"

#include "config.h"

#include <adwaita.h>
#include <libvirt/libvirt.h>
#include <stdlib.h>
#include <string.h>

#include "vireo-auth-dialog.h"
#include "vireo-auth-request-private.h"

#include "ui-test-util.h"

#define TEST_URI "qemu+tcp://alice@host2.example.com/system"
#define TIMEOUT_MS 10000

static void
spin_until (gboolean (*condition) (void))
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  while (!condition ())
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      ui_test_iterate ();
    }
}

static void
fill_creds (virConnectCredential creds[2])
{
  memset (creds, 0, 2 * sizeof (virConnectCredential));
  creds[0].type = VIR_CRED_AUTHNAME;
  creds[0].prompt = "Please enter your authentication name";
  creds[0].defresult = "alice";
  creds[1].type = VIR_CRED_PASSPHRASE;
  creds[1].prompt = "Please enter your password";
}

static void
free_creds (virConnectCredential creds[2])
{
  for (guint i = 0; i < 2; i++)
    free (creds[i].result);
}

static GtkWidget *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not owned */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
dialog_shown (void)
{
  return find_window (VIREO_TYPE_AUTH_DIALOG) != NULL;
}

static void
test_log_in (void)
{
  virConnectCredential creds[2];
  g_autoptr (VireoAuthRequest) request = NULL;
  GtkWidget *dialog;
  GtkWidget *user_row;
  GtkWidget *password_row;
  GtkWidget *remember;

  fill_creds (creds);
  request = _vireo_auth_request_new (TEST_URI, creds, 2, 0);

  dialog = vireo_auth_dialog_new (NULL, request);
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  g_assert_nonnull (ui_test_find_widget (dialog, GTK_TYPE_LABEL,
                                         "Authentication for QEMU/KVM: host2.example.com (TCP)"));
  user_row = ui_test_find_widget (dialog, ADW_TYPE_ENTRY_ROW, "User Name");
  password_row = ui_test_find_widget (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "Password");
  remember = ui_test_find_widget (dialog, GTK_TYPE_CHECK_BUTTON, NULL);
  g_assert_nonnull (user_row);
  g_assert_nonnull (password_row);
  g_assert_nonnull (remember);
  /* libvirt's default user name is filled in; Remember is off */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (user_row)), ==, "alice");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  g_assert_true (gtk_widget_get_visible (remember));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (remember)));

  spin_until (dialog_shown);
  for (int i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  ui_test_render_check (dialog, "auth-dialog.png");

  gtk_editable_set_text (GTK_EDITABLE (user_row), "bob");
  gtk_editable_set_text (GTK_EDITABLE (password_row), "s3cret ü");
  g_signal_emit_by_name (ui_test_find_widget (dialog, GTK_TYPE_BUTTON, "_Log In"), "clicked");

  /* answered: the worker would go on now */
  g_assert_true (_vireo_auth_request_wait (request, NULL));
  _vireo_auth_request_apply (request, creds, 2);
  g_assert_cmpstr (creds[0].result, ==, "bob");
  g_assert_cmpstr (creds[1].result, ==, "s3cret ü");
  g_assert_cmpuint (creds[1].resultlen, ==, strlen ("s3cret ü"));
  g_assert_false (gtk_widget_get_visible (dialog));

  free_creds (creds);
  g_assert_finalize_object (dialog);
}

static void
test_cancel (void)
{
  virConnectCredential creds[2];
  g_autoptr (VireoAuthRequest) request = NULL;
  GtkWidget *dialog;

  fill_creds (creds);
  request = _vireo_auth_request_new (TEST_URI, creds, 2, 1);

  dialog = vireo_auth_dialog_new (NULL, request);
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  /* Cancel, Escape and the window's close button all close the window */
  g_assert_true (gtk_widget_activate_action (dialog, "window.close", NULL));
  g_assert_false (_vireo_auth_request_wait (request, NULL));
  g_assert_false (gtk_widget_get_visible (dialog));

  g_assert_finalize_object (dialog);
}

static void
test_attach_without_keyring (void)
{
  virConnectCredential creds[2];
  g_autoptr (VireoConnection) connection = vireo_connection_new (TEST_URI);
  g_autoptr (VireoAuthRequest) request = NULL;
  GtkWidget *dialog;
  gboolean handled = FALSE;

  fill_creds (creds);
  request = _vireo_auth_request_new (TEST_URI, creds, 2, 0);

  vireo_auth_dialog_attach (connection, NULL);
  g_signal_emit_by_name (connection, "authenticate", request, &handled);
  g_assert_true (handled);

  /* attempt 0 looks in the keyring first; there is none here (no D-Bus),
   * so the person is asked — with no warning on the way (fatal here) */
  spin_until (dialog_shown);
  dialog = find_window (VIREO_TYPE_AUTH_DIALOG);
  g_object_ref (dialog);

  gtk_editable_set_text (
      GTK_EDITABLE (ui_test_find_widget (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "Password")), "pw");
  /* Remember with no keyring: nothing stored, nothing said, still logs in */
  gtk_check_button_set_active (
      GTK_CHECK_BUTTON (ui_test_find_widget (dialog, GTK_TYPE_CHECK_BUTTON, NULL)), TRUE);
  g_signal_emit_by_name (ui_test_find_widget (dialog, GTK_TYPE_BUTTON, "_Log In"), "clicked");
  g_assert_true (_vireo_auth_request_wait (request, NULL));
  _vireo_auth_request_apply (request, creds, 2);
  g_assert_cmpstr (creds[0].result, ==, "alice");
  g_assert_cmpstr (creds[1].result, ==, "pw");

  /* let the failed store finish */
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }

  free_creds (creds);
  g_assert_finalize_object (dialog);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/auth-dialog/log-in", test_log_in);
  g_test_add_func ("/auth-dialog/cancel", test_cancel);
  g_test_add_func ("/auth-dialog/attach-without-keyring", test_attach_without_keyring);

  return g_test_run ();
}
