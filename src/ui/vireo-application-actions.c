/* vireo-application-actions.c — the application's actions (app.*): adding a
 * connection, the demo, about, quit, shortcuts, a connection's connect,
 * disconnect, remove and details, new VM, preferences, help; and their
 * keyboard shortcuts
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-add-connection-dialog.h"
#include "vireo-application-private.h"
#include "vireo-auth-dialog.h"
#include "vireo-host-window.h"
#include "vireo-list-row.h"
#include "vireo-migrate-dialog.h"
#include "vireo-new-vm-wizard.h"
#include "vireo-pool-browser.h"
#include "vireo-preferences-window.h"
#include "vireo-vm-window.h"

/* -- actions ---------------------------------------------------------- */

static void
connect_requested_cb (GtkWidget        *dialog,
                      const char       *uri,
                      gboolean          autoconnect,
                      VireoApplication *self)
{
  vireo_application_add_connection (self, uri, autoconnect, TRUE);
}

static void
add_connection_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  VireoApplication *self = user_data;
  GtkWidget *dialog = vireo_add_connection_dialog_new (_vireo_application_get_parent_window (self));

  g_signal_connect_object (dialog, "connect-requested",
                           G_CALLBACK (connect_requested_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
demo_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  _vireo_application_open_demo (VIREO_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  VireoApplication *self = user_data;
  static const char *developers[] = { "The Vireo developers", NULL };

  adw_show_about_window (_vireo_application_get_parent_window (self),
                         "application-name", _("Vireo"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Manage virtual machines on this computer and on other hosts"),
                         "developer-name", _("The Vireo developers"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  VireoApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* close (not destroy) so that each window saves its state, and a window
   * with unapplied changes can ask first; the application ends with its
   * last window */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  GtkWindow *window = _vireo_application_get_parent_window (VIREO_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static VireoConnection *
connection_for_param (VireoApplication *self,
                      GVariant         *param)
{
  return _vireo_application_find_connection (self, g_variant_get_string (param, NULL), NULL);
}

static void
connection_connect_action (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       user_data)
{
  VireoApplication *self = user_data;
  VireoConnection *connection = connection_for_param (self, param);

  if (connection != NULL &&
      vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_DISCONNECTED)
    _vireo_application_open_connection (self, connection, vireo_connection_get_read_only (connection));
}

static void
connection_disconnect_action (GSimpleAction *action,
                              GVariant      *param,
                              gpointer       user_data)
{
  VireoConnection *connection = connection_for_param (user_data, param);

  if (connection != NULL)
    vireo_connection_close (connection);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    OpenData         *data)
{
  if (g_strcmp0 (response, "remove") == 0)
    vireo_application_remove_connection (data->self, data->connection);
}

static void
connection_remove_action (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  VireoApplication *self = user_data;
  VireoConnection *connection = connection_for_param (self, param);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  OpenData *data;

  if (connection == NULL)
    return;

  heading = g_strdup_printf (_("Remove “%s”?"), vireo_list_row_connection_label (connection));
  dialog = adw_message_dialog_new (_vireo_application_get_parent_window (self), NULL, NULL);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Vireo disconnects and forgets this connection. The host "
                                 "and its virtual machines are not changed."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (OpenData, 1);
  data->self = g_object_ref (self);
  data->connection = g_object_ref (connection);
  g_signal_connect_data (dialog, "response", G_CALLBACK (remove_response_cb),
                         data, _vireo_application_open_data_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
host_window_destroy_cb (GtkWidget        *window,
                        VireoApplication *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->host_windows == NULL)
    return;
  g_hash_table_iter_init (&iter, self->host_windows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == window)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static void
connection_details_action (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       user_data)
{
  VireoApplication *self = user_data;
  VireoConnection *connection = connection_for_param (self, param);
  GtkWidget *window;

  if (connection == NULL)
    return;

  window = g_hash_table_lookup (self->host_windows, connection);
  if (window == NULL)
    {
      window = vireo_host_window_new (GTK_APPLICATION (self), connection);
      g_hash_table_insert (self->host_windows, g_object_ref (connection), window);
      g_signal_connect_object (window, "destroy", G_CALLBACK (host_window_destroy_cb), self, 0);
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* the New VM wizard finished: the new VM's window opens on its console */
static void
domain_created_cb (GtkWidget        *wizard,
                   VireoDomain      *domain,
                   VireoApplication *self)
{
  GtkWidget *window;

  vireo_application_show_domain (self, domain);
  window = g_hash_table_lookup (self->vm_windows, domain);
  if (window != NULL)
    gtk_widget_activate_action (window, "vm.show-page", "s", "console");
}

void
_vireo_application_show_new_vm_wizard (VireoApplication *self,
                                       VireoConnection  *connection)
{
  GtkWidget *wizard = vireo_new_vm_wizard_new (_vireo_application_get_parent_window (self),
                                               G_LIST_MODEL (self->connections), connection);

  gtk_window_set_application (GTK_WINDOW (wizard), GTK_APPLICATION (self));
  g_signal_connect_object (wizard, "domain-created", G_CALLBACK (domain_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
new_vm_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  _vireo_application_show_new_vm_wizard (VIREO_APPLICATION (user_data), NULL);
}

static void
new_vm_on_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  VireoApplication *self = user_data;

  _vireo_application_show_new_vm_wizard (self, connection_for_param (self, param));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  VireoApplication *self = user_data;
  GtkWidget *window;

  if (self->settings == NULL)
    return;
  window = vireo_preferences_window_new (_vireo_application_get_parent_window (self), self->settings);
  gtk_window_present (GTK_WINDOW (window));
}

/* the help page for what the person is looking at: the page of the active
 * window, or the help's front page */
static const char *
help_page_for (GtkWindow *window)
{
  /* the same pages as the windows' Help buttons */
  if (VIREO_IS_VM_WINDOW (window))
    return vireo_vm_window_get_help_page (VIREO_VM_WINDOW (window));
  if (VIREO_IS_HOST_WINDOW (window))
    return "host-details";
  if (VIREO_IS_NEW_VM_WIZARD (window) || VIREO_IS_POOL_BROWSER (window))
    return "new-vm";
  if (VIREO_IS_PREFERENCES_WINDOW (window))
    return "preferences";
  if (VIREO_IS_ADD_CONNECTION_DIALOG (window) || VIREO_IS_AUTH_DIALOG (window))
    return "connections";
  if (VIREO_IS_MIGRATE_DIALOG (window))
    return "vm-migrate";
  return NULL;
}

static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  VireoApplication *self = user_data;

  _vireo_application_show_help (self, help_page_for (_vireo_application_get_parent_window (self)));
}

/* "app.help-page" ("vm-window"): one page, for a dialog's help button */
static void
help_page_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  _vireo_application_show_help (VIREO_APPLICATION (user_data), g_variant_get_string (param, NULL));
}

/* -- installing them ---------------------------------------------------- */

/* at start-up, once the settings are known: the app.* actions and their
 * keyboard shortcuts */
void
_vireo_application_install_actions (VireoApplication *self)
{
  static const GActionEntry entries[] = {
    { "add-connection", add_connection_action },
    { "demo", demo_action },
    { "about", about_action },
    { "quit", quit_action },
    { "shortcuts", shortcuts_action },
    { "connection-connect", connection_connect_action, "s" },
    { "connection-disconnect", connection_disconnect_action, "s" },
    { "connection-remove", connection_remove_action, "s" },
    { "connection-details", connection_details_action, "s" },
    { "preferences", preferences_action },
    { "new-vm", new_vm_action },
    { "new-vm-on", new_vm_on_action, "s" },
    { "help", help_action },
    { "help-page", help_page_action, "s" },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *add_accels[] = { "<Control><Shift>n", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *new_vm_accels[] = { "<Control>n", NULL };
  static const char *help_accels[] = { "F1", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "preferences")),
                               self->settings != NULL);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.add-connection", add_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-vm", new_vm_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
}
