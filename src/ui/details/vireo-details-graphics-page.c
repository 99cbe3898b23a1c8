/* vireo-details-graphics-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-graphics-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-graphics-page.h"

struct _VireoDetailsGraphicsPage
{
  VireoDetailsPage parent_instance;

  AdwComboRow *type_row;
  AdwEntryRow *listen_row;
  GtkSwitch *autoport_switch;
  GtkSpinButton *port_spin;
  AdwActionRow *password_switch_row;
  GtkSwitch *password_switch;
  AdwPasswordEntryRow *password_row;
  GtkSwitch *gl_switch;

  /* as loaded */
  gboolean autoport;
  int port;
  gboolean has_password;
};

G_DEFINE_FINAL_TYPE (VireoDetailsGraphicsPage, vireo_details_graphics_page, VIREO_TYPE_DETAILS_PAGE)

static const VireoDetailsChoice types[] = {
  { "vnc", N_ ("VNC") },
  { "spice", N_ ("SPICE") },
  { NULL, NULL },
};

/* libvirt starts no VNC display below 5900 (it is display 0) */
#define FIRST_PORT 5900
#define LAST_PORT 65535

static void
update_rows (VireoDetailsGraphicsPage *self)
{
  const char *type = vireo_details_combo_get_value (self->type_row);
  gboolean remote = g_strcmp0 (type, "vnc") == 0 || g_strcmp0 (type, "spice") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->listen_row), remote);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->autoport_switch), ADW_TYPE_ACTION_ROW),
                          remote);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->port_spin), ADW_TYPE_ACTION_ROW),
                          remote);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_spin), !gtk_switch_get_active (self->autoport_switch));
  gtk_widget_set_visible (GTK_WIDGET (self->password_switch_row), remote);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row),
                          remote && gtk_switch_get_active (self->password_switch));
  /* OpenGL is SPICE's (and the local displays') */
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->gl_switch), ADW_TYPE_ACTION_ROW),
                          g_strcmp0 (type, "spice") == 0);
}

static void
changed_cb (VireoDetailsGraphicsPage *self)
{
  update_rows (self);
  vireo_details_page_changed (VIREO_DETAILS_PAGE (self));
}

/* where the listen address is: the <listen type="address"> child, else the
 * old attribute */
static const char *
listen_path (VireoDevice *device)
{
  g_autofree char *address = vireo_device_get (device, "listen/@address");
  g_autofree char *type = vireo_device_get (device, "listen/@type");

  if (address != NULL || g_strcmp0 (type, "address") == 0)
    return "listen/@address";
  return "@listen";
}

static void
vireo_details_graphics_page_load (VireoDetailsPage  *page,
                                  VireoDomainConfig *config,
                                  VireoDevice       *device)
{
  VireoDetailsGraphicsPage *self = VIREO_DETAILS_GRAPHICS_PAGE (page);
  g_autofree char *type = vireo_device_get (device, "@type");
  g_autofree char *listen = vireo_device_get (device, listen_path (device));
  g_autofree char *listen_shown = vireo_details_bounded_text (listen);
  g_autofree char *autoport = vireo_device_get (device, "@autoport");
  g_autofree char *port = vireo_device_get (device, "@port");
  g_autofree char *gl = vireo_device_get (device, "gl/@enable");
  g_autofree char *password = vireo_device_get (device, "@passwd");
  gint64 port_value = 0;

  vireo_details_combo_set_value (self->type_row, type);
  gtk_editable_set_text (GTK_EDITABLE (self->listen_row), listen_shown);
  if (port == NULL || !g_ascii_string_to_signed (port, 10, 1, 65535, &port_value, NULL))
    port_value = -1;
  self->port = port_value;
  self->autoport = g_strcmp0 (autoport, "yes") == 0 || self->port < 0;
  gtk_switch_set_active (self->autoport_switch, self->autoport);
  gtk_spin_button_set_value (self->port_spin, self->port > 0 ? self->port : FIRST_PORT);
  /* the secret itself is never shown: only whether there is one */
  self->has_password = password != NULL;
  gtk_switch_set_active (self->password_switch, self->has_password);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_switch_set_active (self->gl_switch, g_strcmp0 (gl, "yes") == 0);
  update_rows (self);
}

static gboolean
vireo_details_graphics_page_commit (VireoDetailsPage  *page,
                                    VireoDomainConfig *config,
                                    VireoDevice       *device,
                                    GError           **error)
{
  VireoDetailsGraphicsPage *self = VIREO_DETAILS_GRAPHICS_PAGE (page);
  const char *type = vireo_details_combo_get_value (self->type_row);
  const char *password = vireo_details_entry_get_value (GTK_EDITABLE (self->password_row));
  gboolean with_password = gtk_switch_get_active (self->password_switch);
  gboolean autoport = gtk_switch_get_active (self->autoport_switch);
  int port = gtk_spin_button_get_value_as_int (self->port_spin);
  g_autofree char *gl = vireo_device_get (device, "gl/@enable");

  if (!autoport && (autoport != self->autoport || port != self->port) &&
      (port < FIRST_PORT || port > LAST_PORT))
    {
      /* the numbers as text: a format in a msgid is not the catalogue's */
      g_autofree char *first = g_strdup_printf ("%d", FIRST_PORT);
      g_autofree char *last = g_strdup_printf ("%d", LAST_PORT);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: the two numbers are the first and last port a display can use */
                   _ ("A display’s port is from %s to %s: the virtual machine would not start with "
                      "another one. Choose a port in that range, or turn on Automatic port."),
                   first, last);
      return FALSE;
    }
  if (with_password && !self->has_password && password == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Type the new password, or turn off Password."));
      return FALSE;
    }
  if (!vireo_details_device_update (device, "@type", type, error) ||
      !vireo_details_device_update (device, listen_path (device),
                                    vireo_details_entry_get_value (GTK_EDITABLE (self->listen_row)),
                                    error))
    return FALSE;
  if (autoport != self->autoport || (!autoport && port != self->port))
    {
      g_autofree char *port_text = g_strdup_printf ("%d", autoport ? -1 : port);

      if (!vireo_device_set (device, "@autoport", autoport ? "yes" : "no", error) ||
          !vireo_device_set (device, "@port", port_text, error))
        return FALSE;
    }
  /* the secret goes into the XML libvirt keeps, nowhere else */
  if (!with_password && self->has_password && !vireo_device_set (device, "@passwd", NULL, error))
    return FALSE;
  if (with_password && password != NULL && !vireo_device_set (device, "@passwd", password, error))
    return FALSE;
  if (g_strcmp0 (type, "spice") == 0 &&
      gtk_switch_get_active (self->gl_switch) != (g_strcmp0 (gl, "yes") == 0) &&
      !vireo_device_set (device, "gl/@enable", gtk_switch_get_active (self->gl_switch) ? "yes" : "no",
                         error))
    return FALSE;
  return TRUE;
}

static void
vireo_details_graphics_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIREO_TYPE_DETAILS_GRAPHICS_PAGE);

  G_OBJECT_CLASS (vireo_details_graphics_page_parent_class)->dispose (object);
}

static void
vireo_details_graphics_page_class_init (VireoDetailsGraphicsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VireoDetailsPageClass *page_class = VIREO_DETAILS_PAGE_CLASS (klass);

  object_class->dispose = vireo_details_graphics_page_dispose;
  page_class->load = vireo_details_graphics_page_load;
  page_class->commit = vireo_details_graphics_page_commit;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/details/vireo-details-graphics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsGraphicsPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsGraphicsPage, listen_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsGraphicsPage, autoport_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsGraphicsPage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsGraphicsPage, password_switch_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsGraphicsPage, password_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsGraphicsPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsGraphicsPage, gl_switch);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
vireo_details_graphics_page_init (VireoDetailsGraphicsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vireo_details_combo_init (self->type_row, types);
}

GtkWidget *
vireo_details_graphics_page_new (void)
{
  return g_object_new (VIREO_TYPE_DETAILS_GRAPHICS_PAGE, NULL);
}
