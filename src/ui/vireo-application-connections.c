/* vireo-application-connections.c — the application's connections: saving
 * them in GSettings, adding, opening (and offering read-only), removing, the
 * demo host, and opening the saved ones at start-up
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-application-private.h"
#include "vireo-auth-dialog.h"
#include "vireo-error-dialog.h"
#include "vireo-list-row.h"

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

/* -- connections ------------------------------------------------------ */

VireoConnection *
_vireo_application_find_connection (VireoApplication *self,
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

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->connection);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenData, open_data_free)

void
_vireo_application_open_data_closure_free (gpointer  data,
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
      _vireo_application_find_connection (data->self, vireo_connection_get_uri (data->connection),
                                          NULL) == data->connection)
    _vireo_application_open_connection (data->self, data->connection, TRUE);
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

  dialog = adw_message_dialog_new (_vireo_application_get_parent_window (self), NULL, NULL);
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
                         data, _vireo_application_open_data_closure_free, 0);
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
        _vireo_application_set_no_hypervisor (data->self, FALSE);
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
    _vireo_application_set_no_hypervisor (data->self, TRUE);
  /* anything else: the section header shows the reason */
}

void
_vireo_application_open_connection (VireoApplication *self,
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

  connection = _vireo_application_find_connection (self, uri, NULL);
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
        _vireo_application_open_connection (self, connection, FALSE);
      return connection;
    }

  connection = add_connection_internal (self, uri, autoconnect, save);
  if (save)
    save_connection (self, connection);
  _vireo_application_open_connection (self, connection, FALSE);

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

  if (_vireo_application_find_connection (self, vireo_connection_get_uri (connection),
                                          &position) != connection)
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
VireoConnection *
_vireo_application_open_demo (VireoApplication *self)
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

      vireo_error_dialog_present (_vireo_application_get_parent_window (self),
                                  _("Could not open the demo host"), error);
      return NULL;
    }

  uri = g_strconcat ("test://", path, NULL);
  connection = _vireo_application_find_connection (self, uri, NULL);
  if (connection == NULL)
    {
      connection = add_connection_internal (self, uri, FALSE, FALSE);
      vireo_connection_set_label (connection, _("Demo host"));
      _vireo_application_open_connection (self, connection, FALSE);
    }
  else
    vireo_application_add_connection (self, uri, FALSE, FALSE);

  _vireo_application_set_no_hypervisor (self, FALSE);
  return connection;
}

void
_vireo_application_open_saved_connections (VireoApplication *self)
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

      if (_vireo_application_find_connection (self, saved[i], NULL) != NULL)
        continue;
      connection = add_connection_internal (self, saved[i], autoconnect_this, TRUE);
      if (autoconnect_this)
        _vireo_application_open_connection (self, connection, FALSE);
    }
}
