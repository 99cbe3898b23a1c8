/* vireo-auth-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers libvirt's authentication questions. Passwords are kept only in the
 * request (which wipes them) and, when the person ticks "Remember", in the
 * keyring through libsecret — never in settings or logs.
 */
#define G_LOG_DOMAIN "vireo-auth-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "vireo-auth-dialog.h"
#include "vireo-keyring.h"

struct _VireoAuthDialog
{
  AdwWindow parent_instance;

  GtkLabel *heading_label;
  AdwPreferencesGroup *fields_group;
  GtkCheckButton *remember_check;
  GtkButton *login_button;

  VireoAuthRequest *request; /* owned */
  GPtrArray *rows;           /* one GtkEditable per field, by index */
  guint responded : 1;
};

G_DEFINE_FINAL_TYPE (VireoAuthDialog, vireo_auth_dialog, ADW_TYPE_WINDOW)

/* the index of the single password field, or -1 when there is none or several */
static int
find_password_field (VireoAuthRequest *request)
{
  guint n = vireo_auth_request_get_n_fields (request);
  int found = -1;

  for (guint i = 0; i < n; i++)
    if (vireo_auth_request_get_field_kind (request, i) == VIREO_AUTH_FIELD_PASSWORD)
      {
        if (found != -1)
          return -1;
        found = i;
      }

  return found;
}

static void
store_password_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* no keyring (no D-Bus session, locked, refused): nothing is remembered,
   * which is what happens without the tick too */
  if (!secret_password_store_finish (result, &error))
    g_debug ("The password was not stored in the keyring: %s", error->message);
}

static void
vireo_auth_dialog_respond (VireoAuthDialog *self, gboolean accepted)
{
  g_assert (VIREO_IS_AUTH_DIALOG (self));

  if (self->responded)
    return;
  self->responded = TRUE;

  if (accepted)
    {
      const char *user = "";
      const char *password = NULL;

      for (guint i = 0; i < self->rows->len; i++)
        {
          const char *text = gtk_editable_get_text (g_ptr_array_index (self->rows, i));

          vireo_auth_request_set_field_value (self->request, i, text);
          switch (vireo_auth_request_get_field_kind (self->request, i))
            {
            case VIREO_AUTH_FIELD_USERNAME:
              user = text;
              break;
            case VIREO_AUTH_FIELD_PASSWORD:
              password = text;
              break;
            case VIREO_AUTH_FIELD_QUESTION:
            case VIREO_AUTH_FIELD_OTHER:
            default:
              break;
            }
        }

      if (password != NULL && *password != '\0' && find_password_field (self->request) != -1 &&
          gtk_widget_get_visible (GTK_WIDGET (self->remember_check)) &&
          gtk_check_button_get_active (self->remember_check))
        {
          const char *uri = vireo_auth_request_get_uri (self->request);
          g_autofree char *label = NULL;

          /* Translators: the keyring item's name; %s is a libvirt URI */
          label = g_strdup_printf (_ ("Vireo password for %s"), uri);
          secret_password_store (vireo_password_schema (), SECRET_COLLECTION_DEFAULT, label,
                                 password, NULL, store_password_cb, NULL, "uri", uri, "user", user,
                                 NULL);
        }
    }

  vireo_auth_request_respond (self->request, accepted);
}

static void
login_clicked_cb (VireoAuthDialog *self)
{
  vireo_auth_dialog_respond (self, TRUE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
vireo_auth_dialog_close_request (GtkWindow *window)
{
  /* Cancel, Escape or the window manager: the connection attempt stops */
  vireo_auth_dialog_respond (VIREO_AUTH_DIALOG (window), FALSE);

  return GTK_WINDOW_CLASS (vireo_auth_dialog_parent_class)->close_request (window);
}

static void
vireo_auth_dialog_dispose (GObject *object)
{
  VireoAuthDialog *self = VIREO_AUTH_DIALOG (object);

  if (self->request != NULL)
    vireo_auth_dialog_respond (self, FALSE);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_AUTH_DIALOG);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->request);

  G_OBJECT_CLASS (vireo_auth_dialog_parent_class)->dispose (object);
}

static void
vireo_auth_dialog_class_init (VireoAuthDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vireo_auth_dialog_dispose;
  window_class->close_request = vireo_auth_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/vireo-auth-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoAuthDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, VireoAuthDialog, fields_group);
  gtk_widget_class_bind_template_child (widget_class, VireoAuthDialog, remember_check);
  gtk_widget_class_bind_template_child (widget_class, VireoAuthDialog, login_button);
  gtk_widget_class_bind_template_callback (widget_class, login_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vireo_auth_dialog_init (VireoAuthDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

static void
vireo_auth_dialog_set_request (VireoAuthDialog *self, VireoAuthRequest *request)
{
  g_autofree char *label = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *first_empty = NULL;
  guint n;

  g_assert (self->request == NULL);

  self->request = g_object_ref (request);

  label = vireo_uri_get_label (vireo_auth_request_get_uri (request));
  /* Translators: %s is a connection's label, e.g. "QEMU/KVM: host2 (TCP)" */
  heading = g_strdup_printf (_ ("Authentication for %s"), label);
  gtk_label_set_text (self->heading_label, heading);

  n = vireo_auth_request_get_n_fields (request);
  for (guint i = 0; i < n; i++)
    {
      VireoAuthFieldKind kind = vireo_auth_request_get_field_kind (request, i);
      const char *prompt = vireo_auth_request_get_field_prompt (request, i);
      const char *value = vireo_auth_request_get_field_default (request, i);
      const char *title;
      GtkWidget *row;

      switch (kind)
        {
        case VIREO_AUTH_FIELD_USERNAME:
          row = adw_entry_row_new ();
          title = _ ("User Name");
          break;
        case VIREO_AUTH_FIELD_PASSWORD:
          row = adw_password_entry_row_new ();
          title = _ ("Password");
          break;
        case VIREO_AUTH_FIELD_QUESTION:
        case VIREO_AUTH_FIELD_OTHER:
        default:
          row = adw_entry_row_new ();
          title = (prompt && *prompt) ? prompt : _ ("Answer");
          break;
        }

      /* libvirt's prompts are plain text */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      -1);
      if (kind != VIREO_AUTH_FIELD_PASSWORD && value != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row), value);
      if (first_empty == NULL && *gtk_editable_get_text (GTK_EDITABLE (row)) == '\0')
        first_empty = row;

      adw_preferences_group_add (self->fields_group, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->remember_check), find_password_field (request) != -1);

  if (first_empty != NULL)
    gtk_widget_grab_focus (first_empty);
}

GtkWidget *
vireo_auth_dialog_new (GtkWindow *parent, VireoAuthRequest *request)
{
  VireoAuthDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (request), NULL);

  /* the application's too, for its help button (app.help-page) */
  self = g_object_new (VIREO_TYPE_AUTH_DIALOG, "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL, NULL);
  vireo_auth_dialog_set_request (self, request);

  return GTK_WIDGET (self);
}

/* -- attach ---------------------------------------------------------------- */

typedef struct
{
  VireoAuthRequest *request;
  GtkApplication *application;
  int password_index;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_object (&lookup->request);
  g_clear_object (&lookup->application);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lookup, lookup_free)

static void
present_dialog (GtkApplication *application, VireoAuthRequest *request)
{
  GtkWindow *parent = application ? gtk_application_get_active_window (application) : NULL;
  GtkWidget *dialog = vireo_auth_dialog_new (parent, request);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lookup_password_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Lookup) lookup = user_data;
  g_autoptr (GError) error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (password == NULL)
    {
      /* nothing stored, or no keyring on this machine: ask */
      if (error != NULL)
        g_debug ("No keyring: %s", error->message);
      present_dialog (lookup->application, lookup->request);
      return;
    }

  for (guint i = 0; i < vireo_auth_request_get_n_fields (lookup->request); i++)
    if (vireo_auth_request_get_field_kind (lookup->request, i) == VIREO_AUTH_FIELD_USERNAME)
      vireo_auth_request_set_field_value (
          lookup->request, i, vireo_auth_request_get_field_default (lookup->request, i));
  vireo_auth_request_set_field_value (lookup->request, lookup->password_index, password);
  secret_password_free (password);

  vireo_auth_request_respond (lookup->request, TRUE);
}

/* Whether the remembered password alone answers @request: one password,
 * user names with a known default, nothing else. Sets @user. */
static gboolean
can_answer_from_keyring (VireoAuthRequest *request, const char **user)
{
  guint n = vireo_auth_request_get_n_fields (request);

  *user = "";
  if (find_password_field (request) == -1)
    return FALSE;

  for (guint i = 0; i < n; i++)
    switch (vireo_auth_request_get_field_kind (request, i))
      {
      case VIREO_AUTH_FIELD_PASSWORD:
        break;
      case VIREO_AUTH_FIELD_USERNAME:
        *user = vireo_auth_request_get_field_default (request, i);
        if (*user == NULL || **user == '\0')
          return FALSE;
        break;
      case VIREO_AUTH_FIELD_QUESTION:
      case VIREO_AUTH_FIELD_OTHER:
      default:
        return FALSE;
      }

  return TRUE;
}

static gboolean
authenticate_cb (VireoConnection *connection,
                 VireoAuthRequest *request,
                 GtkApplication *application)
{
  const char *user = NULL;

  g_assert (VIREO_IS_CONNECTION (connection));
  g_assert (VIREO_IS_AUTH_REQUEST (request));

  if (vireo_auth_request_get_attempt (request) == 0 && can_answer_from_keyring (request, &user))
    {
      Lookup *lookup = g_new0 (Lookup, 1);

      lookup->request = g_object_ref (request);
      lookup->application = application ? g_object_ref (application) : NULL;
      lookup->password_index = find_password_field (request);
      secret_password_lookup (vireo_password_schema (), NULL, lookup_password_cb, lookup, "uri",
                              vireo_auth_request_get_uri (request), "user", user, NULL);
      return TRUE;
    }

  present_dialog (application, request);
  return TRUE;
}

void
vireo_auth_dialog_attach (VireoConnection *connection, GtkApplication *application)
{
  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (application == NULL || GTK_IS_APPLICATION (application));

  if (application != NULL)
    g_signal_connect_object (connection, "authenticate", G_CALLBACK (authenticate_cb), application,
                             0);
  else
    g_signal_connect (connection, "authenticate", G_CALLBACK (authenticate_cb), NULL);
}
