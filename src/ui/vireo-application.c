/* vireo-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-add-connection-dialog.h"
#include "vireo-application.h"
#include "vireo-auth-dialog.h"
#include "vireo-error-dialog.h"
#include "vireo-list-row.h"
#include "vireo-manager-window.h"
#include "vireo-vm-window.h"

struct _VireoApplication
{
  AdwApplication parent_instance;

  GSettings    *settings;        /* NULL when the schema is not installed */
  GListStore   *connections;     /* VireoConnection */
  GHashTable   *vm_windows;      /* VireoDomain* (unowned key) -> GtkWindow* */
  GCancellable *cancellable;
  guint         started : 1;     /* the first window has been shown */
  guint         no_hypervisor : 1;
};

G_DEFINE_FINAL_TYPE (VireoApplication, vireo_application, ADW_TYPE_APPLICATION)

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

static void
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
      return;
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
 * chose their own askpass program. */
static void
setup_ssh_askpass (void)
{
  const char *candidates[] = {
    LIBEXECDIR "/vireo-ssh-askpass",
    BUILD_UIDIR "/vireo-ssh-askpass",
  };

  if (g_getenv ("SSH_ASKPASS") != NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
      {
        g_setenv ("SSH_ASKPASS", candidates[i], TRUE);
        g_setenv ("SSH_ASKPASS_REQUIRE", "force", TRUE);
        return;
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
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *add_accels[] = { "<Control><Shift>n", NULL };
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
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.add-connection", add_accels);
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
  VireoManagerWindow *window = ensure_manager_window (self);

  if (!self->started)
    {
      self->started = TRUE;
      open_saved_connections (self);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static int
vireo_application_command_line (GApplication            *application,
                                GApplicationCommandLine *command_line)
{
  VireoApplication *self = VIREO_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **uris = NULL;
  gboolean demo = FALSE;
  VireoManagerWindow *window;

  g_variant_dict_lookup (options, "connect", "^a&s", &uris);
  g_variant_dict_lookup (options, "demo", "b", &demo);

  if ((uris == NULL || uris[0] == NULL) && !demo)
    {
      g_application_activate (application);
      return 0;
    }

  window = ensure_manager_window (self);
  self->started = TRUE;  /* --connect / --demo replace the saved set */
  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    vireo_application_add_connection (self, uris[i], FALSE, FALSE);
  if (demo)
    open_demo (self);
  gtk_window_present (GTK_WINDOW (window));

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
}

static void
vireo_application_init (VireoApplication *self)
{
  static const GOptionEntry options[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("Open the connection to URI instead of the saved ones (may be repeated)"), N_("URI") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the demo host (libvirt's test driver)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  self->connections = g_list_store_new (VIREO_TYPE_CONNECTION);
  self->vm_windows = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
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
