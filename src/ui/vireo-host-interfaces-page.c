/* vireo-host-interfaces-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-host-interfaces-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-host-interfaces-page.h"

struct _VireoHostInterfacesPage
{
  AdwBin           parent_instance;

  VireoConnection *connection;   /* owned */
  GSignalGroup    *connection_signals;
  GSignalGroup    *domains_signals; /* the connection's VM list */
  guint            reload_source;   /* a reload after VMs or devices came or went */
  VireoNodeDeviceWatch *device_watch; /* libvirt's node device events, while connected */
  GCancellable    *cancellable;  /* the lists being read */
  guint            pending;      /* lists still being read */
  gboolean         loaded;
  char            *devices_note; /* why the devices are missing, or NULL */

  /* template */
  GtkLabel        *interfaces_note;
  GtkListBox      *interfaces_list;
  GtkLabel        *devices_note_label;
  GtkListBox      *devices_list;
};

G_DEFINE_FINAL_TYPE (VireoHostInterfacesPage, vireo_host_interfaces_page, ADW_TYPE_BIN)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  gtk_widget_set_visible (GTK_WIDGET (list), FALSE);
}

/* a row of host text: never markup, the subtitle may wrap */
static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  return row;
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "ethernet") == 0)
    return _("Ethernet");
  if (g_strcmp0 (kind, "bridge") == 0)
    return _("Bridge");
  if (g_strcmp0 (kind, "bond") == 0)
    return _("Bond");
  if (g_strcmp0 (kind, "vlan") == 0)
    return _("VLAN");
  return kind != NULL ? kind : _("Interface");
}

static char *
describe_interface (const VireoHostInterface *iface)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (parts, g_strdup (kind_label (iface->kind)));
  g_ptr_array_add (parts, g_strdup (iface->active ? _("Active") : _("Inactive")));
  if (iface->mac != NULL)
    /* TRANSLATORS: an interface's hardware address */
    g_ptr_array_add (parts, g_strdup_printf (_("MAC %s"), iface->mac));
  if (iface->addresses[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", iface->addresses);

      g_ptr_array_add (parts, g_strdup (list));
    }
  else
    g_ptr_array_add (parts, g_strdup (_("No addresses")));
  if (iface->bridge != NULL)
    /* TRANSLATORS: the bridge an interface is a member of */
    g_ptr_array_add (parts, g_strdup_printf (_("In bridge %s"), iface->bridge));
  if (iface->members[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", iface->members);

      /* TRANSLATORS: the interfaces of a bridge or bond */
      g_ptr_array_add (parts, g_strdup_printf (_("Members: %s"), list));
    }
  g_ptr_array_add (parts, NULL);
  /* one line of facts, separated by middle dots */
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static char *
describe_device (const VireoHostDevice *device)
{
  g_autofree char *driver = device->driver != NULL
                                /* TRANSLATORS: the host driver bound to a device */
                                ? g_strdup_printf (_("Driver %s"), device->driver)
                                : g_strdup (_("No driver"));
  g_autofree char *user = device->used_by != NULL
                              /* TRANSLATORS: the VM a host device is given to */
                              ? g_strdup_printf (_("Assigned to %s"), device->used_by)
                              : g_strdup (_("Not assigned to a virtual machine"));

  return g_strjoin (" · ", vireo_host_device_type_label (device->type), driver, user, NULL);
}

static void
one_done (VireoHostInterfacesPage *self)
{
  if (self->pending > 0 && --self->pending == 0)
    self->loaded = TRUE;
}

static void
interfaces_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VireoHostInterfacesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  list = vireo_connection_list_host_interfaces_finish (VIREO_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  clear_list (self->interfaces_list);
  if (list == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED))
        text = g_strdup (_("This host’s libvirt has no interface driver, so its network "
                           "interfaces cannot be listed here."));
      else
        text = g_strdup (error->message);
      gtk_label_set_text (self->interfaces_note, text);
    }
  else
    {
      gtk_label_set_text (self->interfaces_note,
                          _("This host’s interfaces are read through libvirt’s interface "
                            "driver, which cannot change them: make changes on the host itself."));
      for (guint i = 0; i < list->len; i++)
        {
          VireoHostInterface *iface = g_ptr_array_index (list, i);
          g_autofree char *subtitle = describe_interface (iface);

          gtk_list_box_append (self->interfaces_list, new_row (iface->name, subtitle));
        }
      if (list->len == 0)
        gtk_list_box_append (self->interfaces_list,
                             new_row (_("No interfaces"), _("libvirt lists no interfaces on this host.")));
      gtk_widget_set_visible (GTK_WIDGET (self->interfaces_list), TRUE);
    }
  one_done (self);
}

static void
devices_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VireoHostInterfacesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  list = vireo_connection_list_node_devices_finish (VIREO_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  clear_list (self->devices_list);
  g_clear_pointer (&self->devices_note, g_free);
  if (list == NULL)
    {
      if (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED))
        self->devices_note = g_strdup (_("This host’s libvirt cannot list its devices."));
      else
        self->devices_note = g_strdup (error->message);
      gtk_label_set_text (self->devices_note_label, self->devices_note);
    }
  else
    {
      for (guint i = 0; i < list->len; i++)
        {
          VireoHostDevice *device = g_ptr_array_index (list, i);
          g_autofree char *subtitle = describe_device (device);

          gtk_list_box_append (self->devices_list, new_row (device->description, subtitle));
        }
      if (list->len == 0)
        gtk_list_box_append (self->devices_list,
                             new_row (_("No devices"), _("libvirt lists no such devices on this host.")));
      gtk_widget_set_visible (GTK_WIDGET (self->devices_list), TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->devices_note_label), self->devices_note != NULL);
  one_done (self);
}

void
vireo_host_interfaces_page_reload (VireoHostInterfacesPage *self)
{
  g_return_if_fail (VIREO_IS_HOST_INTERFACES_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_CONNECTED)
    {
      /* what was shown stays: the host window's bar says why it is not live */
      if (!self->loaded)
        gtk_label_set_text (self->interfaces_note, _("Not connected"));
      return;
    }
  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;
  self->pending = 2;
  vireo_connection_list_host_interfaces_async (self->connection, self->cancellable,
                                               interfaces_cb, g_object_ref (self));
  vireo_connection_list_node_devices_async (self->connection, self->cancellable,
                                            devices_cb, g_object_ref (self));
}

static gboolean
reload_idle (gpointer data)
{
  VireoHostInterfacesPage *self = data;

  self->reload_source = 0;
  vireo_host_interfaces_page_reload (self);
  return G_SOURCE_REMOVE;
}

/* a VM came or went (which VM has each device may have changed), or a
 * device: one reload for a burst of changes */
static void
domains_changed (VireoHostInterfacesPage *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_idle_add (reload_idle, self);
}

/* follows node devices added or removed on the host (again after each
 * reconnect: a new handle) */
static void
watch_devices (VireoHostInterfacesPage *self)
{
  if (self->device_watch != NULL)
    g_signal_handlers_disconnect_by_data (self->device_watch, self);
  g_clear_object (&self->device_watch);
  if (vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_CONNECTED)
    return;
  self->device_watch = vireo_node_device_watch_new (self->connection);
  g_signal_connect_swapped (self->device_watch, "changed", G_CALLBACK (domains_changed), self);
}

static void
state_changed (VireoHostInterfacesPage *self)
{
  watch_devices (self);
  if (vireo_connection_get_state (self->connection) == VIREO_CONNECTION_STATE_CONNECTED)
    vireo_host_interfaces_page_reload (self);
}

gboolean
vireo_host_interfaces_page_get_loaded (VireoHostInterfacesPage *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_INTERFACES_PAGE (self), FALSE);
  return self->loaded;
}

static AdwActionRow *
find_in (GtkListBox *list, const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_ACTION_ROW (child)
        && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
      return ADW_ACTION_ROW (child);
  return NULL;
}

AdwActionRow *
vireo_host_interfaces_page_find_row (VireoHostInterfacesPage *self,
                                     const char              *title)
{
  AdwActionRow *row;

  g_return_val_if_fail (VIREO_IS_HOST_INTERFACES_PAGE (self), NULL);

  row = find_in (self->interfaces_list, title);
  return row != NULL ? row : find_in (self->devices_list, title);
}

const char *
vireo_host_interfaces_page_get_interfaces_note (VireoHostInterfacesPage *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_INTERFACES_PAGE (self), NULL);
  return gtk_label_get_text (self->interfaces_note);
}

const char *
vireo_host_interfaces_page_get_devices_note (VireoHostInterfacesPage *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_INTERFACES_PAGE (self), NULL);
  return self->devices_note;
}

GtkWidget *
vireo_host_interfaces_page_new (VireoConnection *connection)
{
  VireoHostInterfacesPage *self;

  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  self = g_object_new (VIREO_TYPE_HOST_INTERFACES_PAGE, NULL);
  self->connection = g_object_ref (connection);
  g_signal_group_set_target (self->connection_signals, connection);
  g_signal_group_set_target (self->domains_signals, vireo_connection_get_domains (connection));
  watch_devices (self);
  vireo_host_interfaces_page_reload (self);
  return GTK_WIDGET (self);
}

static void
vireo_host_interfaces_page_dispose (GObject *object)
{
  VireoHostInterfacesPage *self = VIREO_HOST_INTERFACES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->device_watch != NULL)
    g_signal_handlers_disconnect_by_data (self->device_watch, self);
  g_clear_object (&self->device_watch);
  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, NULL);
  if (self->domains_signals != NULL)
    g_signal_group_set_target (self->domains_signals, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_HOST_INTERFACES_PAGE);
  g_clear_object (&self->connection_signals);
  g_clear_object (&self->domains_signals);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->devices_note, g_free);

  G_OBJECT_CLASS (vireo_host_interfaces_page_parent_class)->dispose (object);
}

static void
vireo_host_interfaces_page_class_init (VireoHostInterfacesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_host_interfaces_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/vireo-host-interfaces-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoHostInterfacesPage, interfaces_note);
  gtk_widget_class_bind_template_child (widget_class, VireoHostInterfacesPage, interfaces_list);
  gtk_widget_class_bind_template_child_full (widget_class, "devices_note", FALSE,
                                             G_STRUCT_OFFSET (VireoHostInterfacesPage,
                                                              devices_note_label));
  gtk_widget_class_bind_template_child (widget_class, VireoHostInterfacesPage, devices_list);
  gtk_widget_class_bind_template_callback (widget_class, vireo_host_interfaces_page_reload);
}

static void
vireo_host_interfaces_page_init (VireoHostInterfacesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->connection_signals = g_signal_group_new (VIREO_TYPE_CONNECTION);
  g_signal_group_connect_swapped (self->connection_signals, "notify::state",
                                  G_CALLBACK (state_changed), self);
  self->domains_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->domains_signals, "items-changed",
                                  G_CALLBACK (domains_changed), self);
}
