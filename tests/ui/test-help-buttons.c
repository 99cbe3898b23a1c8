/* test-help-buttons.c — every dialog with a help page has a "?" button that opens it
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A person finds the button by its name ("Help", what a screen reader
 * reads), clicks it, and the help opens at the page about that dialog. What
 * would be launched is seen through the application's "show-uri" signal,
 * which the test stops: with a "yelp" on PATH that is the help: URI Yelp
 * gets, without one the page the fallback opens.
 */
#define G_LOG_DOMAIN "test-help-buttons"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vireo-add-connection-dialog.h"
#include "vireo-application.h"
#include "vireo-auth-dialog.h"
#include "vireo-auth-request-private.h"
#include "vireo-connection.h"
#include "vireo-host-window.h"
#include "vireo-manager-window.h"
#include "vireo-new-vm-wizard.h"
#include "vireo-pool-browser.h"
#include "vireo-preferences-window.h"
#include "vireo-vm-window.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 10000
#define TEST_URI "test:///default"

static VireoApplication *app;
static GtkWidget *manager;
static char *shown_uri;
static char *yelp_dir;

static gboolean
show_uri_cb (VireoApplication *application, const char *uri, gpointer user_data)
{
  g_free (shown_uri);
  shown_uri = g_strdup (uri);
  return TRUE; /* seen; nothing is launched */
}

static gboolean
uri_shown (gpointer data)
{
  return shown_uri != NULL;
}

/* a GtkButton on screen whose accessible label is "Help" */
static gboolean
is_help_button (GtkWidget *widget, gconstpointer data)
{
  char *mismatch;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_is_drawable (widget))
    return FALSE;
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, "Help");
  g_free (mismatch);
  return mismatch == NULL;
}

static gboolean
help_button_shown (gpointer window)
{
  return ui_test_find_match (window, is_help_button, NULL) != NULL;
}

/* the visible toplevel of @type, or NULL */
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
window_shown (gpointer type)
{
  return find_window ((GType) GPOINTER_TO_SIZE (type)) != NULL;
}

static GtkWidget *
wait_for_window (GType type)
{
  g_assert_true (ui_test_wait_for (window_shown, GSIZE_TO_POINTER (type), TIMEOUT_MS));
  return find_window (type);
}

/* F1 in @window, through the window's shortcuts as a key press would */
static gboolean
press_f1 (GtkWidget *window)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (window);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_F1
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE, window,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

static gboolean
window_focused (gpointer window)
{
  return gtk_application_get_active_window (GTK_APPLICATION (app)) == window;
}

/* in @window, the person clicks "Help": the help opens at @expected; F1
 * there opens the same page */
static void
click_help (GtkWidget *window, const char *expected)
{
  GtkWidget *button;

  g_assert_true (ui_test_wait_for (help_button_shown, window, TIMEOUT_MS));
  button = ui_test_find_match (window, is_help_button, NULL);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Help");

  g_clear_pointer (&shown_uri, g_free);
  gtk_widget_activate (button);
  g_assert_true (ui_test_wait_for (uri_shown, NULL, TIMEOUT_MS));
  g_assert_cmpstr (shown_uri, ==, expected);

  /* a key goes to the window that has the focus: F1 asks the help for the
   * window the application last saw focused (on a loaded machine the
   * focus can reach the new window a little after it is shown) */
  g_assert_true (ui_test_wait_for (window_focused, window, TIMEOUT_MS));
  g_clear_pointer (&shown_uri, g_free);
  g_assert_true (press_f1 (window));
  g_assert_true (ui_test_wait_for (uri_shown, NULL, TIMEOUT_MS));
  g_assert_cmpstr (shown_uri, ==, expected);
}

static VireoConnection *
test_connection (void)
{
  GListModel *connections = vireo_application_get_connections (app);

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (VireoConnection) connection = g_list_model_get_item (connections, i);

      if (g_str_equal (vireo_connection_get_uri (connection), TEST_URI))
        return connection; /* the list keeps it */
    }
  return NULL;
}

static gboolean
connected (gpointer data)
{
  VireoConnection *connection = test_connection ();

  return connection != NULL &&
         vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED &&
         g_list_model_get_n_items (vireo_connection_get_domains (connection)) > 0;
}

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_iterate ();
}

static void
test_add_connection (void)
{
  GtkWidget *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (app), "add-connection", NULL);
  dialog = wait_for_window (VIREO_TYPE_ADD_CONNECTION_DIALOG);
  click_help (dialog, "help:vireo/connections");
  close_window (dialog);
}

static void
test_preferences (void)
{
  GtkWidget *window;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  window = wait_for_window (VIREO_TYPE_PREFERENCES_WINDOW);
  click_help (window, "help:vireo/preferences");
  close_window (window);
}

static void
test_host_window (void)
{
  GtkWidget *window;

  g_action_group_activate_action (G_ACTION_GROUP (app), "connection-details",
                                  g_variant_new_string (TEST_URI));
  window = wait_for_window (VIREO_TYPE_HOST_WINDOW);
  click_help (window, "help:vireo/host-details");
  close_window (window);
}

static void
test_vm_window (void)
{
  VireoDomain *domain = ui_test_find_domain (test_connection (), "test");
  GtkWidget *window;

  g_assert_nonnull (domain);
  vireo_application_show_domain (app, domain);
  window = wait_for_window (VIREO_TYPE_VM_WINDOW);
  click_help (window, "help:vireo/vm-window");

  /* on the console, the console's page */
  g_assert_true (gtk_widget_activate_action (window, "vm.show-page", "s", "console"));
  click_help (window, "help:vireo/console");
  g_assert_true (gtk_widget_activate_action (window, "vm.show-page", "s", "overview"));
  click_help (window, "help:vireo/vm-window");
  close_window (window);
}

static void
test_new_vm_wizard_and_pool_browser (void)
{
  GtkWidget *wizard, *browser;

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-vm-on",
                                  g_variant_new_string (TEST_URI));
  wizard = wait_for_window (VIREO_TYPE_NEW_VM_WIZARD);
  click_help (wizard, "help:vireo/new-vm");

  /* the storage browser the wizard opens over itself */
  browser = vireo_pool_browser_new (GTK_WINDOW (wizard), test_connection (), NULL);
  gtk_window_present (GTK_WINDOW (browser));
  click_help (browser, "help:vireo/new-vm");
  close_window (browser);
  close_window (wizard);
}

static void
test_auth_dialog (void)
{
  virConnectCredential creds[1];
  g_autoptr (VireoAuthRequest) request = NULL;
  GtkWidget *dialog;

  memset (creds, 0, sizeof creds);
  creds[0].type = VIR_CRED_PASSPHRASE;
  creds[0].prompt = "Please enter your password";
  request = _vireo_auth_request_new ("qemu+ssh://alice@host2.example.com/system", creds, 1, 0);

  dialog = vireo_auth_dialog_new (GTK_WINDOW (manager), request);
  gtk_window_present (GTK_WINDOW (dialog));
  click_help (dialog, "help:vireo/connections");
  close_window (dialog);
}

/* no Yelp: the button opens the page as HTML (built with yelp-build) in the
 * web browser, and the person is told why it is not Yelp */
static void
test_without_yelp (void)
{
  g_autofree char *yelp = g_build_filename (yelp_dir, "yelp", NULL);
  g_autofree char *html = g_build_filename (g_getenv ("VIREO_BUILD_DIR"), "help", "html",
                                            "host-details.html", NULL);
  g_autofree char *html_uri = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *window;
  AdwMessageDialog *message;

  /* the page a browser would show is the host details page */
  g_assert_nonnull (g_getenv ("VIREO_BUILD_DIR"));
  g_assert_true (g_file_get_contents (html, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<title>Host details</title>"));
  html_uri = g_filename_to_uri (html, NULL, NULL);

  g_assert_cmpint (g_unlink (yelp), ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (app), "connection-details",
                                  g_variant_new_string (TEST_URI));
  window = wait_for_window (VIREO_TYPE_HOST_WINDOW);
  click_help (window, html_uri);

  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  message = ui_test_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "Help Is Not Available");
  g_assert_cmpstr (adw_message_dialog_get_body (message), ==,
                   "Yelp, the help viewer, is not installed: showing the help in the web "
                   "browser instead.");
  /* one for the button, one for F1 */
  while ((message = ui_test_find_message_dialog ()) != NULL)
    close_window (GTK_WIDGET (message));
  close_window (window);
}

static gboolean
log_is_fatal (const char *log_domain, GLogLevelFlags log_level, const char *message,
              gpointer user_data)
{
  /* no session bus under xvfb-run: GTK says so once; nothing else may warn */
  return strstr (message, "session bus") == NULL;
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *yelp = NULL;
  g_autofree char *path = NULL;
  int ret;

  /* accessible labels are read the way a screen reader reads them */
  g_setenv ("GTK_A11Y", "test", TRUE);
  ui_test_app_init (&argc, &argv);
  g_test_log_set_fatal_handler (log_is_fatal, NULL);

  /* a desktop with Yelp, the help viewer (a stand-in nothing runs) */
  yelp_dir = g_dir_make_tmp ("vireo-help-XXXXXX", &error);
  g_assert_no_error (error);
  yelp = g_build_filename (yelp_dir, "yelp", NULL);
  g_assert_true (g_file_set_contents (yelp, "#!/bin/sh\nexit 0\n", -1, &error));
  g_assert_cmpint (g_chmod (yelp, 0755), ==, 0);
  path = g_strconcat (yelp_dir, ":", g_getenv ("PATH"), NULL);
  g_setenv ("PATH", path, TRUE);

  app = ui_test_app_new ();
  g_signal_connect (app, "show-uri", G_CALLBACK (show_uri_cb), NULL);

  manager = vireo_manager_window_new (app);
  gtk_window_present (GTK_WINDOW (manager));
  vireo_application_add_connection (app, TEST_URI, FALSE, FALSE);
  g_assert_true (ui_test_wait_for (connected, NULL, TIMEOUT_MS));

  g_test_add_func ("/help-buttons/add-connection", test_add_connection);
  g_test_add_func ("/help-buttons/preferences", test_preferences);
  g_test_add_func ("/help-buttons/host-window", test_host_window);
  g_test_add_func ("/help-buttons/vm-window", test_vm_window);
  g_test_add_func ("/help-buttons/new-vm-wizard-and-pool-browser",
                   test_new_vm_wizard_and_pool_browser);
  g_test_add_func ("/help-buttons/auth-dialog", test_auth_dialog);
  g_test_add_func ("/help-buttons/without-yelp", test_without_yelp);

  ret = g_test_run ();

  ui_test_app_shutdown (&app, manager);
  g_clear_pointer (&shown_uri, g_free);
  g_rmdir (yelp_dir);
  g_free (yelp_dir);
  return ret;
}
