/* vireo-add-connection-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-add-connection"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-add-connection-dialog.h"

struct _VireoAddConnectionDialog
{
  AdwWindow parent_instance;

  AdwComboRow *hypervisor_row;
  AdwComboRow *transport_row;
  AdwEntryRow *user_row;
  AdwEntryRow *host_row;
  AdwEntryRow *port_row;
  AdwEntryRow *custom_uri_row;
  GtkSwitch *autoconnect_switch;
  GtkLabel *preview_label;
  GtkButton *connect_button;

  char *uri; /* NULL when the fields do not make a URI */
};

G_DEFINE_FINAL_TYPE (VireoAddConnectionDialog, vireo_add_connection_dialog, ADW_TYPE_WINDOW)

enum
{
  CONNECT_REQUESTED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static gboolean
parse_port (const char *text, guint *port, GError **error)
{
  guint64 value = 0;

  if (text == NULL || *text == '\0')
    {
      *port = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, 65535, &value, NULL))
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                           _ ("The port must be a number from 1 to 65535."));
      return FALSE;
    }
  *port = (guint) value;
  return TRUE;
}

static char *
build_uri (VireoAddConnectionDialog *self, GError **error)
{
  g_autofree char *custom = NULL;
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port_text = NULL;
  guint hypervisor;
  guint transport;
  guint port;

  custom = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->custom_uri_row))));
  if (*custom != '\0')
    {
      g_autoptr (GError) local_error = NULL;

      if (strstr (custom, ":/") == NULL ||
          !g_uri_is_valid (custom, G_URI_FLAGS_NON_DNS, &local_error))
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                       _ ("“%s” is not a libvirt URI such as qemu+ssh://user@host/system."),
                       custom);
          return NULL;
        }
      return g_steal_pointer (&custom);
    }

  hypervisor = adw_combo_row_get_selected (self->hypervisor_row);
  transport = adw_combo_row_get_selected (self->transport_row);
  if (hypervisor > VIREO_HYPERVISOR_TEST)
    hypervisor = VIREO_HYPERVISOR_QEMU_SYSTEM;
  if (transport > VIREO_TRANSPORT_TCP)
    transport = VIREO_TRANSPORT_LOCAL;

  user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  port_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->port_row))));

  if (transport != VIREO_TRANSPORT_LOCAL && !parse_port (port_text, &port, error))
    return NULL;
  if (transport == VIREO_TRANSPORT_LOCAL)
    port = 0;

  return vireo_uri_build (hypervisor, transport, user, host, port, error);
}

static void
vireo_add_connection_dialog_update (VireoAddConnectionDialog *self)
{
  g_autoptr (GError) error = NULL;
  gboolean custom;
  gboolean remote;

  g_assert (VIREO_IS_ADD_CONNECTION_DIALOG (self));

  custom = *gtk_editable_get_text (GTK_EDITABLE (self->custom_uri_row)) != '\0';
  remote = adw_combo_row_get_selected (self->transport_row) != VIREO_TRANSPORT_LOCAL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->hypervisor_row), !custom);
  gtk_widget_set_sensitive (GTK_WIDGET (self->transport_row), !custom);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !custom && remote);
  gtk_widget_set_sensitive (GTK_WIDGET (self->host_row), !custom && remote);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_row), !custom && remote);

  g_clear_pointer (&self->uri, g_free);
  self->uri = build_uri (self, &error);

  if (self->uri != NULL)
    {
      gtk_label_set_text (self->preview_label, self->uri);
      gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "monospace");
    }
  else
    {
      gtk_label_set_text (self->preview_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "monospace");
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), self->uri != NULL);
}

static void
fields_changed_cb (VireoAddConnectionDialog *self)
{
  vireo_add_connection_dialog_update (self);
}

static void
connect_clicked_cb (VireoAddConnectionDialog *self)
{
  g_autofree char *uri = NULL;

  if (self->uri == NULL)
    return;

  uri = g_strdup (self->uri);
  g_signal_emit (self, signals[CONNECT_REQUESTED], 0, uri,
                 gtk_switch_get_active (self->autoconnect_switch));
  gtk_window_close (GTK_WINDOW (self));
}

static void
vireo_add_connection_dialog_finalize (GObject *object)
{
  VireoAddConnectionDialog *self = (VireoAddConnectionDialog *) object;

  g_clear_pointer (&self->uri, g_free);

  G_OBJECT_CLASS (vireo_add_connection_dialog_parent_class)->finalize (object);
}

static void
vireo_add_connection_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIREO_TYPE_ADD_CONNECTION_DIALOG);

  G_OBJECT_CLASS (vireo_add_connection_dialog_parent_class)->dispose (object);
}

static void
vireo_add_connection_dialog_class_init (VireoAddConnectionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_add_connection_dialog_dispose;
  object_class->finalize = vireo_add_connection_dialog_finalize;

  /**
   * VireoAddConnectionDialog::connect-requested:
   * @uri: the libvirt URI to open
   * @autoconnect: whether to open it when Vireo starts
   */
  signals[CONNECT_REQUESTED] =
      g_signal_new ("connect-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/vireo-add-connection-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, hypervisor_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, transport_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, custom_uri_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, autoconnect_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, preview_label);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, connect_button);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vireo_add_connection_dialog_init (VireoAddConnectionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* a first start on a normal user's desktop wants the session */
  if (g_str_equal (vireo_uri_default_local (), "qemu:///session"))
    adw_combo_row_set_selected (self->hypervisor_row, VIREO_HYPERVISOR_QEMU_SESSION);

  vireo_add_connection_dialog_update (self);
}

GtkWidget *
vireo_add_connection_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  /* the application's too, for its help button (app.help-page) */
  return g_object_new (VIREO_TYPE_ADD_CONNECTION_DIALOG, "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL, NULL);
}

const char *
vireo_add_connection_dialog_get_uri (VireoAddConnectionDialog *self)
{
  g_return_val_if_fail (VIREO_IS_ADD_CONNECTION_DIALOG (self), NULL);

  return self->uri;
}

gboolean
vireo_add_connection_dialog_get_autoconnect (VireoAddConnectionDialog *self)
{
  g_return_val_if_fail (VIREO_IS_ADD_CONNECTION_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->autoconnect_switch);
}

void
vireo_add_connection_dialog_set_fields (VireoAddConnectionDialog *self,
                                        VireoHypervisor hypervisor,
                                        VireoTransport transport,
                                        const char *user,
                                        const char *host,
                                        guint port)
{
  g_autofree char *port_text = NULL;

  g_return_if_fail (VIREO_IS_ADD_CONNECTION_DIALOG (self));
  g_return_if_fail (hypervisor <= VIREO_HYPERVISOR_TEST);
  g_return_if_fail (transport <= VIREO_TRANSPORT_TCP);

  if (port != 0)
    port_text = g_strdup_printf ("%u", port);

  adw_combo_row_set_selected (self->hypervisor_row, hypervisor);
  adw_combo_row_set_selected (self->transport_row, transport);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user ? user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), host ? host : "");
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port_text ? port_text : "");
  gtk_editable_set_text (GTK_EDITABLE (self->custom_uri_row), "");

  vireo_add_connection_dialog_update (self);
}
