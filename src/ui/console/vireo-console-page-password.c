/* vireo-console-page-password.c — a display's password: asked for, or found in the keyring
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-console-page"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "vireo-console-page-private.h"
#include "vireo-keyring.h"
#include "vireo-password-dialog.h"

void
_vireo_console_page_close_password_dialog (VireoConsolePage *self)
{
  if (self->password_dialog != NULL)
    {
      GtkWidget *dialog = self->password_dialog;

      self->password_dialog = NULL;
      vireo_password_dialog_close (VIREO_PASSWORD_DIALOG (dialog));
    }
}

static char *
console_secret_uri (VireoConsolePage *self)
{
  VireoConnection *connection = vireo_domain_get_connection (self->domain);

  return g_strdup_printf ("%s#console=%s/%u", connection ? vireo_connection_get_uri (connection) : "",
                          vireo_domain_get_uuid (self->domain),
                          self->session_info ? vireo_console_info_get_index (self->session_info) : 0);
}

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_warning ("Could not store the display password in the keyring: %s", error->message);
}

/* the dialog is always the current session's: the page closes it whenever
 * the session stops or changes (_vireo_console_page_stop_graphics) */
static void
password_response_cb (VireoPasswordDialog *dialog,
                      const char          *response,
                      VireoConsolePage    *self)
{
  g_autoptr(VireoConsolePassword) password = NULL;

  if (self->password_dialog != GTK_WIDGET (dialog))
    return;
  self->password_dialog = NULL;
  if (self->session == NULL)
    return;

  if (g_strcmp0 (response, "connect") == 0)
    {
      password = g_strdup (vireo_password_dialog_get_password (dialog));
      if (vireo_password_dialog_get_remember (dialog))
        {
          g_autofree char *uri = console_secret_uri (self);
          g_autofree char *label = g_strdup_printf (_("Display password of “%s”"),
                                                    vireo_domain_get_name (self->domain));

          secret_password_store (vireo_password_schema (), SECRET_COLLECTION_DEFAULT, label,
                                 password, NULL, password_stored_cb, NULL,
                                 "uri", uri, "user", "", NULL);
        }
      vireo_console_session_set_password (self->session, password);
    }
  else
    {
      gboolean has_text;

      _vireo_console_page_stop_graphics (self);
      has_text = _vireo_console_page_find_console (self, FALSE) != NULL;
      _vireo_console_page_show_status (self, "dialog-password-symbolic",
                                       _("The console needs a password"),
                                       NULL, FALSE, has_text, TRUE);
    }
}

static void
prompt_password (VireoConsolePage *self,
                 gboolean          retry)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;

  _vireo_console_page_close_password_dialog (self);
  if (retry)
    body = g_strdup (_("The password was not accepted. Check it and try again."));
  else
    {
      g_autofree char *name = vireo_display_name_isolate (vireo_domain_get_name (self->domain));

      /* Translators: %s is the name of a virtual machine */
      body = g_strdup_printf (_("The display of “%s” is protected by a password."), name);
    }

  self->password_dialog = vireo_password_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                     _("Console Password"), body);
  g_signal_connect_object (self->password_dialog, "response", G_CALLBACK (password_response_cb),
                           self, 0);
  gtk_window_present (GTK_WINDOW (self->password_dialog));
}

typedef struct
{
  VireoConsolePage    *self;
  VireoConsoleSession *session;
} LookupData;

static void
password_lookup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LookupData *data = user_data;
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (data->session == data->self->session &&
      vireo_console_session_get_state (data->session) == VIREO_CONSOLE_STATE_AUTHENTICATING)
    {
      if (password != NULL)
        vireo_console_session_set_password (data->session, password);
      else
        prompt_password (data->self, FALSE);
    }
  secret_password_free (password);
  g_object_unref (data->self);
  g_object_unref (data->session);
  g_free (data);
}

void
_vireo_console_page_auth_required_cb (VireoConsoleSession *session,
                                      gboolean             retry,
                                      VireoConsolePage    *self)
{
  if (!retry && !self->stored_password_tried)
    {
      LookupData *data = g_new0 (LookupData, 1);
      g_autofree char *uri = console_secret_uri (self);

      self->stored_password_tried = TRUE;
      data->self = g_object_ref (self);
      data->session = g_object_ref (session);
      secret_password_lookup (vireo_password_schema (), NULL, password_lookup_cb, data,
                              "uri", uri, "user", "", NULL);
      return;
    }
  prompt_password (self, retry);
}
