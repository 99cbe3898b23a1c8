/* test-console-password-prompt.c — the Console page asks for a display's password
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test:///default's "test" VM on a Console page, its display a scripted
 * guest (FakeSession) that asks for a password. The page looks in the
 * keyring (there is none here), then asks: "Console Password", the VM's
 * name, a password entry and "Remember in the keyring", unticked. What is
 * typed goes to the session; a refused password asks again and says so;
 * Cancel leaves the page saying the console needs a password. The same
 * dialog (vireo-password-dialog.ui) asks ssh's passwords for
 * vireo-ssh-askpass, without Remember.
 */
#define G_LOG_DOMAIN "test-console-password-prompt"

#include "config.h"

#include <adwaita.h>

#include "console-test-util.h"
#include "vireo-password-dialog.h"

static VireoConnection *connection;

/* the password the scripted guest was given (fake-console-session.h) */
static gboolean
session_given (gpointer data)
{
  return FAKE_SESSION (data)->given_password != NULL;
}

static gboolean
prompt_shown (gpointer data)
{
  GtkWidget *dialog = vireo_console_page_get_password_dialog (data);

  return dialog != NULL && gtk_widget_get_visible (dialog);
}

/* a person presses the button that reads @label */
static void
click (GtkWidget  *dialog,
       const char *label)
{
  GtkWidget *button = ui_test_find_widget (dialog, GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}

static gboolean
no_dialog (gpointer data)
{
  return ui_test_find_message_dialog () == NULL;
}

static gboolean
prompt_gone (gpointer data)
{
  return vireo_console_page_get_password_dialog (data) == NULL && ui_test_find_message_dialog () == NULL;
}

/* the person types at once: the keyboard is in @entry (its text) */
static gboolean
entry_has_focus (GtkWidget *dialog,
                 GtkWidget *entry)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));

  return focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static gboolean
consoles_read (gpointer data)
{
  return g_strcmp0 (vireo_console_page_get_status_title (data), "Connecting to the console…") != 0;
}

static void
test_prompt (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "test");
  g_autoptr (FakeSession) session = g_object_new (FAKE_TYPE_SESSION, NULL);
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  VireoConsolePage *page;
  GtkWidget *window, *dialog, *entry, *remember;

  g_assert_nonnull (domain);
  g_assert_true (ui_test_wait_for (ui_test_domain_is_running, domain, UI_TEST_DEADLINE_MS));
  window = gtk_window_new ();
  page = VIREO_CONSOLE_PAGE (vireo_console_page_new (domain));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ui_test_wait_for (consoles_read, page, UI_TEST_DEADLINE_MS));

  /* the guest's display wants a password: nothing in the keyring, so the
   * page asks, naming the VM */
  vireo_console_page_use_session (page, VIREO_CONSOLE_SESSION (session));
  g_assert_null (vireo_console_session_ask_password (VIREO_CONSOLE_SESSION (session)));
  g_assert_true (ui_test_wait_for (prompt_shown, page, UI_TEST_DEADLINE_MS));
  dialog = vireo_console_page_get_password_dialog (page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true ((GtkWidget *) ui_test_find_message_dialog () == dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Console Password");
  name = vireo_display_name_isolate ("test");
  body = g_strdup_printf ("The display of “%s” is protected by a password.", name);
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==, body);
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "connect"), ==,
                   "C_onnect");
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "cancel"), ==,
                   "_Cancel");
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "connect");
  g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  entry = ui_test_find_widget (dialog, GTK_TYPE_PASSWORD_ENTRY, NULL);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_drawable (entry));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_true (gtk_password_entry_get_show_peek_icon (GTK_PASSWORD_ENTRY (entry)));
  g_assert_true (entry_has_focus (dialog, entry));
  remember = ui_test_find_widget (dialog, GTK_TYPE_CHECK_BUTTON, NULL);
  g_assert_nonnull (remember);
  g_assert_true (gtk_widget_is_drawable (remember));
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (remember)), ==, "_Remember in the keyring");
  g_assert_true (gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (remember)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (remember)));

  /* typed and Connect: the guest gets it, the dialog goes */
  gtk_editable_set_text (GTK_EDITABLE (entry), "s3cret ü");
  click (dialog, "C_onnect");
  g_assert_true (ui_test_wait_for (session_given, session, UI_TEST_DEADLINE_MS));
  g_assert_cmpstr (session->given_password, ==, "s3cret ü");
  g_assert_true (ui_test_wait_for (prompt_gone, page, UI_TEST_DEADLINE_MS));

  /* refused: asked again, saying so (no keyring look-up this time) */
  vireo_console_session_auth_failed (VIREO_CONSOLE_SESSION (session));
  g_assert_true (ui_test_wait_for (prompt_shown, page, UI_TEST_DEADLINE_MS));
  dialog = vireo_console_page_get_password_dialog (page);
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "The password was not accepted. Check it and try again.");
  entry = ui_test_find_widget (dialog, GTK_TYPE_PASSWORD_ENTRY, NULL);
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* Cancel: the page says what is missing, with Reconnect */
  click (dialog, "_Cancel");
  g_assert_true (ui_test_wait_for (prompt_gone, page, UI_TEST_DEADLINE_MS));
  g_assert_cmpstr (vireo_console_page_get_view (page), ==, "status");
  g_assert_cmpstr (vireo_console_page_get_status_title (page), ==, "The console needs a password");
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, "_Reconnect"));
  g_assert_true (gtk_widget_is_drawable (ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON,
                                                              "_Reconnect")));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* the window goes while the page asks: the dialog goes with it, quietly */
static void
test_prompt_closed_with_page (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "test");
  g_autoptr (FakeSession) session = g_object_new (FAKE_TYPE_SESSION, NULL);
  VireoConsolePage *page;
  GtkWidget *window, *entry;

  window = gtk_window_new ();
  page = VIREO_CONSOLE_PAGE (vireo_console_page_new (domain));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ui_test_wait_for (consoles_read, page, UI_TEST_DEADLINE_MS));
  vireo_console_page_use_session (page, VIREO_CONSOLE_SESSION (session));
  g_assert_null (vireo_console_session_ask_password (VIREO_CONSOLE_SESSION (session)));
  g_assert_true (ui_test_wait_for (prompt_shown, page, UI_TEST_DEADLINE_MS));
  entry = ui_test_find_widget (vireo_console_page_get_password_dialog (page), GTK_TYPE_PASSWORD_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "typed");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (ui_test_wait_for (no_dialog, NULL, UI_TEST_DEADLINE_MS));
  g_assert_null (session->given_password);
}

static void
answered_cb (VireoPasswordDialog *dialog,
             const char          *response,
             char               **answer)
{
  g_free (*answer);
  *answer = g_strdup_printf ("%s:%s:%d", response, vireo_password_dialog_get_password (dialog),
                             vireo_password_dialog_get_remember (dialog));
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* vireo-ssh-askpass's question: ssh's prompt as written, no Remember, Log In */
static void
test_askpass_form (void)
{
  GtkWidget *parent = gtk_window_new ();
  g_autofree char *answer = NULL;
  GtkWidget *dialog, *entry, *remember;

  gtk_window_present (GTK_WINDOW (parent));
  dialog = vireo_password_dialog_new (GTK_WINDOW (parent), "SSH Password", "alice@host2's <b>password</b>:");
  vireo_password_dialog_set_offer_remember (VIREO_PASSWORD_DIALOG (dialog), FALSE);
  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (dialog), "connect", "_Log In");
  g_signal_connect (dialog, "response", G_CALLBACK (answered_cb), &answer);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, UI_TEST_DEADLINE_MS));
  ui_test_wait_drawn (dialog);

  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "SSH Password");
  /* plain text: the markup shows as written */
  g_assert_nonnull (ui_test_shown_label (dialog, "alice@host2's <b>password</b>:"));
  entry = ui_test_find_widget (dialog, GTK_TYPE_PASSWORD_ENTRY, NULL);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_drawable (entry));
  g_assert_true (entry_has_focus (dialog, entry));
  remember = ui_test_find_widget (dialog, GTK_TYPE_CHECK_BUTTON, NULL);
  g_assert_nonnull (remember);
  g_assert_false (gtk_widget_get_visible (remember));
  g_assert_null (ui_test_find_widget (dialog, GTK_TYPE_BUTTON, "C_onnect"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "pw ü");
  click (dialog, "_Log In");
  g_assert_true (ui_test_wait_for (is_set, &answer, UI_TEST_DEADLINE_MS));
  g_assert_cmpstr (answer, ==, "connect:pw ü:0");
  g_assert_true (ui_test_wait_for (no_dialog, NULL, UI_TEST_DEADLINE_MS));

  gtk_window_destroy (GTK_WINDOW (parent));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vireo_core_init ();

  connection = vireo_connection_new ("test:///default");
  ui_test_connection_open (connection, UI_TEST_DEADLINE_MS);

  g_test_add_func ("/console-password-prompt/prompt", test_prompt);
  g_test_add_func ("/console-password-prompt/closed-with-page", test_prompt_closed_with_page);
  g_test_add_func ("/console-password-prompt/askpass-form", test_askpass_form);

  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);

  return ret;
}
