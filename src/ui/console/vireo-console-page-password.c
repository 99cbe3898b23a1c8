/* vireo-console-page-password.c — a display's password: asked for, or found in the keyring
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-console-page"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "vireo-console-page-private.h"

/* GTK 4.8's GtkPasswordEntry warns when it is finalized inside the
 * dialog's own teardown: take it out first (as vireo-ssh-askpass.c does) */
static void
detach_password_entry (GtkWidget *dialog)
{
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), NULL);
  g_object_set_data (G_OBJECT (dialog), "entry", NULL);
  g_object_set_data (G_OBJECT (dialog), "remember", NULL);
}

void
_vireo_console_page_close_password_dialog (VireoConsolePage *self)
{
  if (self->password_dialog != NULL)
    {
      GtkWidget *dialog = self->password_dialog;

      self->password_dialog = NULL;
      detach_password_entry (dialog);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

static const SecretSchema *
console_password_schema (void)
{
  /* the same schema as connection passwords (vireo-auth-dialog.c); the
   * "uri" of a display is the connection's URI + "#console=" + the VM's UUID */
  static const SecretSchema schema = {
    "org.vireo.Vireo.Password",
    SECRET_SCHEMA_NONE,
    {
        { "uri", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };

  return &schema;
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

static void
password_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      VireoConsolePage *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  GtkCheckButton *remember = g_object_get_data (G_OBJECT (dialog), "remember");
  VireoConsoleSession *session = g_object_get_data (G_OBJECT (dialog), "session");
  g_autoptr(VireoConsolePassword) password = NULL;
  gboolean remember_it;

  if (entry == NULL)   /* answered already */
    return;
  password = g_strdup (gtk_editable_get_text (entry));
  remember_it = gtk_check_button_get_active (remember);
  detach_password_entry (GTK_WIDGET (dialog));

  if (self->password_dialog != GTK_WIDGET (dialog))
    return;
  self->password_dialog = NULL;
  if (session != self->session || self->session == NULL)
    return;

  if (g_strcmp0 (response, "connect") == 0)
    {
      if (remember_it)
        {
          g_autofree char *uri = console_secret_uri (self);
          g_autofree char *label = g_strdup_printf (_("Display password of “%s”"),
                                                    vireo_domain_get_name (self->domain));

          secret_password_store (console_password_schema (), SECRET_COLLECTION_DEFAULT, label,
                                 password, NULL, password_stored_cb, NULL,
                                 "uri", uri, "user", "", NULL);
        }
      vireo_console_session_set_password (self->session, password);
    }
  else
    {
      _vireo_console_page_stop_graphics (self);
      _vireo_console_page_show_status (self, "dialog-password-symbolic",
                                       _("The console needs a password"),
                                       NULL, FALSE, _vireo_console_page_find_console (self,
                                                                                      FALSE) != NULL, TRUE);
    }
}

static void
prompt_password (VireoConsolePage *self,
                 gboolean          retry)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog, *box, *entry, *remember;
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

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Console Password"), body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Password"), -1);
  g_object_set (entry, "activates-default", TRUE, NULL);
  remember = gtk_check_button_new_with_mnemonic (_("_Remember in the keyring"));
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), remember);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "remember", remember);
  g_object_set_data_full (G_OBJECT (dialog), "session", g_object_ref (self->session), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  self->password_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
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
      secret_password_lookup (console_password_schema (), NULL, password_lookup_cb, data,
                              "uri", uri, "user", "", NULL);
      return;
    }
  prompt_password (self, retry);
}
