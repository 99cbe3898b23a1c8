/* vireo-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-application"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-add-connection-dialog.h"
#include "vireo-application.h"
#include "vireo-auth-dialog.h"
#include "vireo-error-dialog.h"
#include "vireo-host-window.h"
#include "vireo-list-row.h"
#include "vireo-manager-window.h"
#include "vireo-new-vm-wizard.h"
#include "vireo-pool-browser.h"
#include "vireo-preferences-window.h"
#include "vireo-vm-window.h"

struct _VireoApplication
{
  AdwApplication parent_instance;

  GSettings    *settings;        /* NULL when the schema is not installed */
  GListStore   *connections;     /* VireoConnection */
  GHashTable   *vm_windows;      /* VireoDomain* (unowned key) -> GtkWindow* */
  GHashTable   *host_windows;    /* VireoConnection* (owned key) -> GtkWindow* */
  GCancellable *cancellable;
  guint         started : 1;     /* the first window has been shown */
  guint         no_hypervisor : 1;
};

G_DEFINE_FINAL_TYPE (VireoApplication, vireo_application, ADW_TYPE_APPLICATION)

/* "show-uri" (const char *uri) → gboolean: shows @uri (a help: URI, or the
 * file:// URI of a help page's HTML or source) with the desktop's handler, unless a
 * handler returns TRUE first (the tests see what would be shown) */
enum { SIGNAL_SHOW_URI, N_SIGNALS };
static guint signals[N_SIGNALS];

#define SAVED_KEY "vireo-saved"

static void open_connection (VireoApplication *self,
                             VireoConnection  *connection,
                             gboolean          read_only);

/* -- settings --------------------------------------------------------- */

static void
strv_setting_update (GSettings  *settings,
                     const char *key,
                     const char *uri,
                     gboolean    present)
{
  g_auto(GStrv) old = g_settings_get_strv (settings, key);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) new = NULL;
  gboolean found = FALSE;

  for (guint i = 0; old[i] != NULL; i++)
    {
      if (g_str_equal (old[i], uri))
        {
          found = TRUE;
          if (!present)
            continue;
        }
      g_strv_builder_add (builder, old[i]);
    }
  if (present && !found)
    g_strv_builder_add (builder, uri);

  if (found == present)
    return;

  new = g_strv_builder_end (builder);
  g_settings_set_strv (settings, key, (const char * const *) new);
}

static void
save_connection (VireoApplication *self,
                 VireoConnection  *connection)
{
  const char *uri = vireo_connection_get_uri (connection);

  if (self->settings == NULL)
    return;
  strv_setting_update (self->settings, "connections", uri, TRUE);
  strv_setting_update (self->settings, "autoconnect", uri,
                       vireo_connection_get_autoconnect (connection));
}

static void
forget_connection (VireoApplication *self,
                   VireoConnection  *connection)
{
  const char *uri = vireo_connection_get_uri (connection);

  if (self->settings == NULL)
    return;
  strv_setting_update (self->settings, "connections", uri, FALSE);
  strv_setting_update (self->settings, "autoconnect", uri, FALSE);
}

/* -- live figures ----------------------------------------------------- */

/* the polling preferences, applied to the sampler of @connection */
static void
apply_stats_settings_to (VireoApplication *self,
                         VireoConnection  *connection)
{
  VireoStatsSampler *sampler;
  VireoStatsGroups groups = 0;

  if (self->settings == NULL)
    return;
  sampler = vireo_connection_get_sampler (connection);

  if (g_settings_get_boolean (self->settings, "stats-cpu"))
    groups |= VIREO_STATS_GROUP_CPU;
  if (g_settings_get_boolean (self->settings, "stats-memory"))
    groups |= VIREO_STATS_GROUP_MEMORY;
  if (g_settings_get_boolean (self->settings, "stats-disk"))
    groups |= VIREO_STATS_GROUP_DISK;
  if (g_settings_get_boolean (self->settings, "stats-network"))
    groups |= VIREO_STATS_GROUP_NETWORK;

  vireo_stats_sampler_set_interval (sampler, g_settings_get_uint (self->settings, "stats-interval"));
  vireo_stats_sampler_set_history_length (sampler,
                                          g_settings_get_uint (self->settings, "stats-history"));
  vireo_stats_sampler_set_groups (sampler, groups);
}

/* every connection's sampler follows the preferences: when a connection is
 * added, and whenever a stats-* key changes */
static void
apply_stats_settings (VireoApplication *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoConnection) connection =
        g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      apply_stats_settings_to (self, connection);
    }
}

static void
stats_setting_changed_cb (GSettings        *settings,
                          const char       *key,
                          VireoApplication *self)
{
  if (g_str_has_prefix (key, "stats-"))
    apply_stats_settings (self);
}

static void
connections_changed_cb (GListModel       *connections,
                        guint             position,
                        guint             removed,
                        guint             added,
                        VireoApplication *self)
{
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(VireoConnection) connection = g_list_model_get_item (connections, position + i);

      apply_stats_settings_to (self, connection);
    }
}

/* -- windows ---------------------------------------------------------- */

static VireoManagerWindow *
get_manager_window (VireoApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (VIREO_IS_MANAGER_WINDOW (l->data))
      return l->data;
  return NULL;
}

static VireoManagerWindow *
ensure_manager_window (VireoApplication *self)
{
  VireoManagerWindow *window = get_manager_window (self);

  if (window == NULL)
    window = VIREO_MANAGER_WINDOW (vireo_manager_window_new (self));
  vireo_manager_window_set_no_hypervisor (window, self->no_hypervisor);
  return window;
}

static GtkWindow *
get_parent_window (VireoApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (get_manager_window (self));
  return window;
}

static void
set_no_hypervisor (VireoApplication *self,
                   gboolean          no_hypervisor)
{
  VireoManagerWindow *window;

  self->no_hypervisor = !!no_hypervisor;
  window = get_manager_window (self);
  if (window != NULL)
    vireo_manager_window_set_no_hypervisor (window, self->no_hypervisor);
}

/* -- connections ------------------------------------------------------ */

static VireoConnection *
find_connection (VireoApplication *self,
                 const char       *uri,
                 guint            *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoConnection) connection =
        g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      if (g_strcmp0 (vireo_connection_get_uri (connection), uri) == 0)
        {
          if (position != NULL)
            *position = i;
          return connection; /* the store keeps it alive */
        }
    }
  return NULL;
}

typedef struct
{
  VireoApplication *self;       /* owned */
  VireoConnection  *connection; /* owned */
  gboolean          read_only;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->connection);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenData, open_data_free)

static void
open_data_closure_free (gpointer  data,
                        GClosure *closure)
{
  open_data_free (data);
}

static void
read_only_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       OpenData         *data)
{
  if (g_strcmp0 (response, "read-only") == 0 &&
      find_connection (data->self, vireo_connection_get_uri (data->connection), NULL) == data->connection)
    open_connection (data->self, data->connection, TRUE);
}

static void
offer_read_only (VireoApplication *self,
                 VireoConnection  *connection,
                 const GError     *error)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  OpenData *data;
  GtkWidget *dialog;

  /* Translators: the connection's label */
  heading = g_strdup_printf (_("Open “%s” Read-Only?"),
                             vireo_list_row_connection_label (connection));
  body = g_strdup_printf (_("%s\n\nA read-only connection shows the virtual machines "
                            "but cannot start, stop or change them."),
                          error->message);

  dialog = adw_message_dialog_new (get_parent_window (self), NULL, NULL);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "read-only", _("Open _Read-Only"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "read-only",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "read-only");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (OpenData, 1);
  data->self = g_object_ref (self);
  data->connection = g_object_ref (connection);
  g_signal_connect_data (dialog, "response", G_CALLBACK (read_only_response_cb),
                         data, open_data_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
is_local_hypervisor (const char *uri)
{
  return uri != NULL && !vireo_uri_is_remote (uri) && !g_str_has_prefix (uri, "test:");
}

static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  g_autoptr(GError) error = NULL;
  VireoConnection *connection = VIREO_CONNECTION (object);
  const char *uri = vireo_connection_get_uri (connection);

  if (vireo_connection_open_finish (connection, result, &error))
    {
      if (is_local_hypervisor (uri))
        set_no_hypervisor (data->self, FALSE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, VIREO_ERROR, VIREO_ERROR_AUTH_CANCELLED))
    return;

  g_debug ("Could not open %s: %s", uri, error->message);

  if (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_PERMISSION_DENIED) && !data->read_only)
    offer_read_only (data->self, connection, error);
  else if ((g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NO_DAEMON) ||
            g_error_matches (error, VIREO_ERROR, VIREO_ERROR_UNREACHABLE)) &&
           is_local_hypervisor (uri))
    set_no_hypervisor (data->self, TRUE);
  /* anything else: the section header shows the reason */
}

static void
open_connection (VireoApplication *self,
                 VireoConnection  *connection,
                 gboolean          read_only)
{
  OpenData *data = g_new0 (OpenData, 1);

  data->self = g_object_ref (self);
  data->connection = g_object_ref (connection);
  data->read_only = read_only;
  vireo_connection_open_async (connection, read_only, self->cancellable, open_done_cb, data);
}

static VireoConnection *
add_connection_internal (VireoApplication *self,
                         const char       *uri,
                         gboolean          autoconnect,
                         gboolean          saved)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new (uri);

  vireo_connection_set_autoconnect (connection, autoconnect);
  if (saved)
    g_object_set_data (G_OBJECT (connection), SAVED_KEY, GINT_TO_POINTER (TRUE));
  vireo_auth_dialog_attach (connection, GTK_APPLICATION (self));
  g_list_store_append (self->connections, connection);

  return connection; /* owned by the store */
}

VireoConnection *
vireo_application_add_connection (VireoApplication *self,
                                  const char       *uri,
                                  gboolean          autoconnect,
                                  gboolean          save)
{
  VireoConnection *connection;

  g_return_val_if_fail (VIREO_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  connection = find_connection (self, uri, NULL);
  if (connection != NULL)
    {
      if (save)
        {
          vireo_connection_set_autoconnect (connection, autoconnect);
          g_object_set_data (G_OBJECT (connection), SAVED_KEY, GINT_TO_POINTER (TRUE));
          save_connection (self, connection);
        }
      if (vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_DISCONNECTED &&
          vireo_connection_get_reconnect_seconds (connection) == 0)
        open_connection (self, connection, FALSE);
      return connection;
    }

  connection = add_connection_internal (self, uri, autoconnect, save);
  if (save)
    save_connection (self, connection);
  open_connection (self, connection, FALSE);

  return connection;
}

static void
close_windows_of (VireoApplication *self,
                  VireoConnection  *connection)
{
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) windows = g_ptr_array_new ();

  g_hash_table_iter_init (&iter, self->vm_windows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (vireo_domain_get_connection (key) == connection)
      g_ptr_array_add (windows, value);

  value = g_hash_table_lookup (self->host_windows, connection);
  if (value != NULL)
    g_ptr_array_add (windows, value);

  for (guint i = 0; i < windows->len; i++)
    gtk_window_destroy (g_ptr_array_index (windows, i));
}

void
vireo_application_remove_connection (VireoApplication *self,
                                     VireoConnection  *connection)
{
  guint position;

  g_return_if_fail (VIREO_IS_APPLICATION (self));
  g_return_if_fail (VIREO_IS_CONNECTION (connection));

  if (find_connection (self, vireo_connection_get_uri (connection), &position) != connection)
    return;

  g_object_ref (connection);
  close_windows_of (self, connection);
  vireo_connection_close (connection);
  forget_connection (self, connection);
  g_list_store_remove (self->connections, position);
  g_object_unref (connection);
}

GListModel *
vireo_application_get_connections (VireoApplication *self)
{
  g_return_val_if_fail (VIREO_IS_APPLICATION (self), NULL);
  return G_LIST_MODEL (self->connections);
}

GSettings *
vireo_application_get_settings (VireoApplication *self)
{
  g_return_val_if_fail (VIREO_IS_APPLICATION (self), NULL);
  return self->settings;
}

static void
vm_window_destroy_cb (GtkWidget        *window,
                      VireoApplication *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->vm_windows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == window)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

void
vireo_application_show_domain (VireoApplication *self,
                               VireoDomain      *domain)
{
  GtkWidget *window;

  g_return_if_fail (VIREO_IS_APPLICATION (self));
  g_return_if_fail (VIREO_IS_DOMAIN (domain));

  window = g_hash_table_lookup (self->vm_windows, domain);
  if (window == NULL)
    {
      window = vireo_vm_window_new (GTK_APPLICATION (self), domain);
      /* the key keeps the domain alive as long as its window */
      g_hash_table_insert (self->vm_windows, g_object_ref (domain), window);
      g_signal_connect_object (window, "destroy", G_CALLBACK (vm_window_destroy_cb), self, 0);
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* -- demo ------------------------------------------------------------- */

static char *
find_demo_host (void)
{
  const char *candidates[] = {
    PKGDATADIR "/demo-host.xml",
    SOURCE_DATADIR "/demo-host.xml",
  };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_REGULAR))
      return g_strdup (candidates[i]);
  return NULL;
}

/* opens the demo host; returns its connection (not owned), or NULL when it is not installed */
static VireoConnection *
open_demo (VireoApplication *self)
{
  g_autofree char *path = find_demo_host ();
  g_autofree char *uri = NULL;
  VireoConnection *connection;

  if (path == NULL)
    {
      g_autoptr(GError) error =
        g_error_new (VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                     _("The demo host description (demo-host.xml) is not installed. "
                       "Reinstall Vireo, or run it from its build directory."));

      vireo_error_dialog_present (get_parent_window (self),
                                  _("Could not open the demo host"), error);
      return NULL;
    }

  uri = g_strconcat ("test://", path, NULL);
  connection = find_connection (self, uri, NULL);
  if (connection == NULL)
    {
      connection = add_connection_internal (self, uri, FALSE, FALSE);
      vireo_connection_set_label (connection, _("Demo host"));
      open_connection (self, connection, FALSE);
    }
  else
    vireo_application_add_connection (self, uri, FALSE, FALSE);

  set_no_hypervisor (self, FALSE);
  return connection;
}

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
  GtkWidget *dialog = vireo_add_connection_dialog_new (get_parent_window (self));

  g_signal_connect_object (dialog, "connect-requested",
                           G_CALLBACK (connect_requested_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
demo_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  open_demo (VIREO_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  VireoApplication *self = user_data;
  static const char *developers[] = { "The Vireo developers", NULL };

  adw_show_about_window (get_parent_window (self),
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
  GtkWindow *window = get_parent_window (VIREO_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static VireoConnection *
connection_for_param (VireoApplication *self,
                      GVariant         *param)
{
  return find_connection (self, g_variant_get_string (param, NULL), NULL);
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
    open_connection (self, connection, vireo_connection_get_read_only (connection));
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
  dialog = adw_message_dialog_new (get_parent_window (self), NULL, NULL);
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
                         data, open_data_closure_free, 0);
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

static void
show_new_vm_wizard (VireoApplication *self,
                    VireoConnection  *connection)
{
  GtkWidget *wizard = vireo_new_vm_wizard_new (get_parent_window (self),
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
  show_new_vm_wizard (VIREO_APPLICATION (user_data), NULL);
}

static void
new_vm_on_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  VireoApplication *self = user_data;

  show_new_vm_wizard (self, connection_for_param (self, param));
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
  window = vireo_preferences_window_new (get_parent_window (self), self->settings);
  gtk_window_present (GTK_WINDOW (window));
}

/* -- help ------------------------------------------------------------- */

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
  return NULL;
}

/* says @text where the person asked for help: a toast in the manager
 * window, a message dialog over any other window */
static void
tell_about_help (VireoApplication *self,
                 const char       *text)
{
  GtkWindow *parent = get_parent_window (self);
  GtkWidget *dialog;

  if (VIREO_IS_MANAGER_WINDOW (parent))
    {
      vireo_manager_window_add_toast (VIREO_MANAGER_WINDOW (parent), text);
      return;
    }
  dialog = adw_message_dialog_new (parent, _("Help Is Not Available"), text);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
help_source_shown_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(VireoApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    {
      g_debug ("Could not show the help page's source: %s", error->message);
      tell_about_help (self, _("No help viewer is installed. Install Yelp (GNOME Help) to "
                               "read Vireo’s help."));
    }
}

/* the Mallard source of @page (NULL: the front page): installed, or in the
 * source tree when Vireo runs from its build directory */
static char *
find_help_source (const char *page)
{
  g_autofree char *file = g_strconcat (page ? page : "index", ".page", NULL);
  g_autofree char *installed = g_build_filename (PKGDATADIR, "..", "help", "C", "vireo", file, NULL);
  g_autofree char *source = g_build_filename (SOURCE_DATADIR, "..", "help", "C", file, NULL);
  const char *candidates[] = { installed, source };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_REGULAR))
      return g_canonicalize_filename (candidates[i], NULL);
  return NULL;
}

/* the HTML of @page (NULL: the front page), made with yelp-build at build
 * time: installed, or in the build tree when Vireo runs from it; NULL when
 * it was not built (no yelp-build) */
static char *
find_help_html (const char *page)
{
  g_autofree char *file = g_strconcat (page ? page : "index", ".html", NULL);
  g_autofree char *installed = g_build_filename (PKGDATADIR, "html", file, NULL);
  g_autofree char *built = g_build_filename (BUILD_HELPDIR, file, NULL);
  const char *candidates[] = { installed, built };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_REGULAR))
      return g_canonicalize_filename (candidates[i], NULL);
  return NULL;
}

/* no help viewer: the page as HTML in the web browser, else the page's
 * source, else a word about it */
static void
show_help_source (VireoApplication *self,
                  const char       *page)
{
  g_autofree char *html = find_help_html (page);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  gboolean handled = FALSE;

  if (html != NULL)
    {
      uri = g_filename_to_uri (html, NULL, NULL);
      tell_about_help (self, _("Yelp, the help viewer, is not installed: showing the help in "
                               "the web browser instead."));
      g_signal_emit (self, signals[SIGNAL_SHOW_URI], 0, uri, &handled);
      return;
    }

  path = find_help_source (page);
  if (path == NULL)
    {
      tell_about_help (self, _("No help viewer is installed. Install Yelp (GNOME Help) to "
                               "read Vireo’s help."));
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  tell_about_help (self, _("Yelp, the help viewer, is not installed: showing the help page’s "
                           "source instead."));
  g_signal_emit (self, signals[SIGNAL_SHOW_URI], 0, uri, &handled);
}

typedef struct
{
  VireoApplication *self;  /* owned */
  char             *page;  /* NULL: the front page */
} HelpData;

static void
help_data_free (HelpData *data)
{
  g_clear_object (&data->self);
  g_free (data->page);
  g_free (data);
}

static void
help_shown_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HelpData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    {
      g_debug ("Could not show the help: %s", error->message);
      show_help_source (data->self, data->page);
    }
  help_data_free (data);
}

/* the default "show-uri" handler: the desktop's handler for @uri */
static gboolean
vireo_application_real_show_uri (VireoApplication *self,
                                 const char       *uri)
{
  GtkWindow *parent = get_parent_window (self);

  if (g_str_has_prefix (uri, "help:"))
    {
      HelpData *data = g_new0 (HelpData, 1);
      const char *slash = strchr (uri, '/');

      data->self = g_object_ref (self);
      data->page = slash ? g_strdup (slash + 1) : NULL;
      gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, help_shown_cb, data);
    }
  else
    gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, help_source_shown_cb, g_object_ref (self));
  return TRUE;
}

static void
show_help (VireoApplication *self,
           const char       *page)
{
  g_autofree char *yelp = NULL;
  g_autofree char *uri = NULL;
  gboolean handled = FALSE;

  /* without Yelp, help: URIs have no handler */
  yelp = g_find_program_in_path ("yelp");
  if (yelp == NULL)
    {
      show_help_source (self, page);
      return;
    }
  uri = page ? g_strconcat ("help:vireo/", page, NULL) : g_strdup ("help:vireo");
  g_signal_emit (self, signals[SIGNAL_SHOW_URI], 0, uri, &handled);
}

static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  VireoApplication *self = user_data;

  show_help (self, help_page_for (get_parent_window (self)));
}

/* "app.help-page" ("vm-window"): one page, for a dialog's help button */
static void
help_page_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  show_help (VIREO_APPLICATION (user_data), g_variant_get_string (param, NULL));
}

/* -- start-up --------------------------------------------------------- */

static void
open_saved_connections (VireoApplication *self)
{
  g_auto(GStrv) saved = NULL;
  g_auto(GStrv) autoconnect = NULL;

  if (self->settings == NULL)
    {
      vireo_application_add_connection (self, vireo_uri_default_local (), TRUE, FALSE);
      return;
    }

  saved = g_settings_get_strv (self->settings, "connections");
  autoconnect = g_settings_get_strv (self->settings, "autoconnect");

  if (saved[0] == NULL)
    {
      if (!g_settings_get_boolean (self->settings, "first-run-done"))
        {
          g_settings_set_boolean (self->settings, "first-run-done", TRUE);
          vireo_application_add_connection (self, vireo_uri_default_local (), TRUE, TRUE);
        }
      return;
    }

  for (guint i = 0; saved[i] != NULL; i++)
    {
      gboolean autoconnect_this = g_strv_contains ((const char * const *) autoconnect, saved[i]);
      VireoConnection *connection;

      if (find_connection (self, saved[i], NULL) != NULL)
        continue;
      connection = add_connection_internal (self, saved[i], autoconnect_this, TRUE);
      if (autoconnect_this)
        open_connection (self, connection, FALSE);
    }
}

/* libvirt's SSH transport runs ssh without a terminal: let ssh ask the
 * person through our dialog (passwords, unknown host keys) unless they
 * chose their own askpass program. Only the installed helper: a program
 * that asks for passwords never comes from a build folder (anyone who can
 * write there would read them); running from the build tree, set
 * SSH_ASKPASS=<build>/src/ui/vireo-ssh-askpass and SSH_ASKPASS_REQUIRE=force. */
static void
setup_ssh_askpass (void)
{
  static const char askpass[] = LIBEXECDIR "/vireo-ssh-askpass";

  if (g_getenv ("SSH_ASKPASS") != NULL)
    return;
  if (g_file_test (askpass, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_setenv ("SSH_ASKPASS", askpass, TRUE);
      g_setenv ("SSH_ASKPASS_REQUIRE", "force", TRUE);
    }
}

static void
vireo_application_startup (GApplication *application)
{
  VireoApplication *self = VIREO_APPLICATION (application);
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
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (vireo_application_parent_class)->startup (application);

  vireo_core_init ();
  setup_ssh_askpass ();

  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new (APP_ID);
  else
    g_warning ("The GSettings schema %s is not installed; connections will not be saved", APP_ID);

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

  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed",
                             G_CALLBACK (stats_setting_changed_cb), self, 0);
  apply_stats_settings (self);
}

static void
vireo_application_shutdown (GApplication *application)
{
  VireoApplication *self = VIREO_APPLICATION (application);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoConnection) connection =
        g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      vireo_connection_close (connection);
    }

  G_APPLICATION_CLASS (vireo_application_parent_class)->shutdown (application);
}

static void
vireo_application_activate (GApplication *application)
{
  VireoApplication *self = VIREO_APPLICATION (application);
  VireoManagerWindow *window;

  if (!self->started)
    {
      self->started = TRUE;
      open_saved_connections (self);   /* before the window: see command_line */
    }
  window = ensure_manager_window (self);
  gtk_window_present (GTK_WINDOW (window));
}

/* -- --show-domain-console ------------------------------------------------ */

/* waits for the VM called "vireo-console-name" to appear in @model's
 * connection, then opens its window on the Console page */
static gboolean
show_console_if_listed (VireoApplication *self,
                        GListModel       *model)
{
  const char *name = g_object_get_data (G_OBJECT (model), "vireo-console-name");
  guint n = g_list_model_get_n_items (model);

  if (name == NULL)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (model, i);

      if (g_strcmp0 (vireo_domain_get_name (domain), name) == 0)
        {
          GtkWidget *window;

          vireo_application_show_domain (self, domain);
          window = g_hash_table_lookup (self->vm_windows, domain);
          if (window != NULL)
            gtk_widget_activate_action (window, "vm.show-page", "s", "console");
          return TRUE;
        }
    }
  return FALSE;
}

static void
console_domains_changed_cb (GListModel       *model,
                            guint             position,
                            guint             removed,
                            guint             added,
                            VireoApplication *self)
{
  if (show_console_if_listed (self, model))
    {
      g_signal_handlers_disconnect_by_func (model, console_domains_changed_cb, self);
      g_object_set_data (G_OBJECT (model), "vireo-console-name", NULL);
    }
}

static void
show_domain_console (VireoApplication *self,
                     VireoConnection  *connection,
                     const char       *name)
{
  GListModel *model = vireo_connection_get_domains (connection);

  g_object_set_data_full (G_OBJECT (model), "vireo-console-name", g_strdup (name), g_free);
  if (!show_console_if_listed (self, model))
    g_signal_connect_object (model, "items-changed", G_CALLBACK (console_domains_changed_cb), self, 0);
  else
    g_object_set_data (G_OBJECT (model), "vireo-console-name", NULL);
}

static int
vireo_application_command_line (GApplication            *application,
                                GApplicationCommandLine *command_line)
{
  VireoApplication *self = VIREO_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **uris = NULL;
  gboolean demo = FALSE;
  gboolean creator = FALSE;
  const char *console_name = NULL;
  VireoConnection *first = NULL;
  VireoManagerWindow *window;

  g_variant_dict_lookup (options, "connect", "^a&s", &uris);
  g_variant_dict_lookup (options, "show-domain-console", "&s", &console_name);
  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, "show-domain-creator", "b", &creator);

  if ((uris == NULL || uris[0] == NULL) && !demo)
    {
      g_application_activate (application);
      if (creator)
        show_new_vm_wizard (self, NULL);
      return 0;
    }

  /* Open first, build the window after: libvirt works on the connection's
   * worker while the window is made (a big host file takes ~0.2 s). */
  self->started = TRUE;  /* --connect / --demo replace the saved set */
  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    {
      VireoConnection *connection = vireo_application_add_connection (self, uris[i], FALSE, FALSE);

      if (first == NULL)
        first = connection;
    }
  /* --show-domain-console looks in the first host given: --demo's when it is the only one */
  if (demo)
    {
      VireoConnection *demo_connection = open_demo (self);

      if (first == NULL)
        first = demo_connection;
    }
  window = ensure_manager_window (self);
  gtk_window_present (GTK_WINDOW (window));
  if (console_name != NULL)
    {
      if (first != NULL)
        show_domain_console (self, first, console_name);
      else
        g_application_command_line_printerr (command_line, "%s\n",
                                             _("--show-domain-console needs --connect URI or --demo"));
    }
  if (creator)
    show_new_vm_wizard (self, NULL);

  return 0;
}

static int
vireo_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("vireo %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
vireo_application_dispose (GObject *object)
{
  VireoApplication *self = VIREO_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->vm_windows, g_hash_table_unref);
  g_clear_pointer (&self->host_windows, g_hash_table_unref);
  g_clear_object (&self->connections);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vireo_application_parent_class)->dispose (object);
}

static void
vireo_application_class_init (VireoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vireo_application_dispose;
  app_class->startup = vireo_application_startup;
  app_class->shutdown = vireo_application_shutdown;
  app_class->activate = vireo_application_activate;
  app_class->command_line = vireo_application_command_line;
  app_class->handle_local_options = vireo_application_handle_local_options;

  signals[SIGNAL_SHOW_URI] =
    g_signal_new_class_handler ("show-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (vireo_application_real_show_uri),
                                g_signal_accumulator_true_handled, NULL, NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);
}

static void
vireo_application_init (VireoApplication *self)
{
  static const GOptionEntry options[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("Open the connection to URI instead of the saved ones (may be repeated)"), N_("URI") },
    { "show-domain-console", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open the console of the virtual machine NAME (with --connect)"), N_("NAME") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the demo host (libvirt's test driver)"), NULL },
    { "show-domain-creator", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the New Virtual Machine assistant"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  self->connections = g_list_store_new (VIREO_TYPE_CONNECTION);
  self->vm_windows = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->host_windows = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  g_signal_connect (self->connections, "items-changed", G_CALLBACK (connections_changed_cb), self);
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Vireo manages virtual machines through libvirt."));
}

VireoApplication *
vireo_application_new (void)
{
  return g_object_new (VIREO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/org/vireo/Vireo",
                       NULL);
}
