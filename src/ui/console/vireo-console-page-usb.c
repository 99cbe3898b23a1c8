/* vireo-console-page-usb.c — USB device redirection (SPICE): the USB Devices menu
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-console-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-console-page-private.h"

#include "vireo-error-dialog.h"

typedef struct
{
  VireoConsolePage *self;
  gboolean          redirect;
} UsbData;

static void
usb_redirect_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree UsbData *data = user_data;
  g_autoptr(VireoConsolePage) self = data->self;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  if (vireo_spice_session_redirect_usb_device_finish (VIREO_SPICE_SESSION (source), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (VireoConsoleSession *) source != self->session)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  vireo_error_dialog_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                              data->redirect ? _("Could not redirect the USB device")
                                             : _("Could not return the USB device"),
                              error);
}

static void
usb_device_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  VireoUsbDevice *device = g_object_get_data (G_OBJECT (action), "device");
  UsbData *data;

  if (device == NULL || !VIREO_IS_SPICE_SESSION (self->session))
    return;
  data = g_new0 (UsbData, 1);
  data->self = g_object_ref (self);
  data->redirect = !vireo_usb_device_get_redirected (device);
  vireo_spice_session_redirect_usb_device_async (VIREO_SPICE_SESSION (self->session), device, data->redirect,
                                                 self->cancellable, usb_redirect_cb, data);
}

static void
usb_update_states (VireoConsolePage *self)
{
  for (guint i = 0; self->usb_watched != NULL && i < self->usb_watched->len; i++)
    {
      VireoUsbDevice *device = self->usb_watched->pdata[i];
      g_autofree char *name = g_strdup_printf ("usb-device-%u", i);
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

      if (action == NULL)
        continue;
      g_simple_action_set_state (G_SIMPLE_ACTION (action),
                                 g_variant_new_boolean (vireo_usb_device_get_redirected (device)));
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !vireo_usb_device_get_busy (device));
    }
}

static void
usb_clear_menu (VireoConsolePage *self)
{
  for (guint i = 0; self->usb_watched != NULL && i < self->usb_watched->len; i++)
    g_signal_handlers_disconnect_by_data (self->usb_watched->pdata[i], self);
  if (self->usb_watched != NULL)
    g_ptr_array_set_size (self->usb_watched, 0);
  for (guint i = 0; i < self->n_usb_actions; i++)
    {
      g_autofree char *name = g_strdup_printf ("usb-device-%u", i);

      g_action_map_remove_action (G_ACTION_MAP (self->actions), name);
    }
  self->n_usb_actions = 0;
}

/* one check item per device: checked while the guest has it */
void
_vireo_console_page_usb_rebuild_menu (VireoConsolePage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  const GError *usb_error = NULL;
  guint n;

  usb_clear_menu (self);
  if (VIREO_IS_SPICE_SESSION (self->session))
    usb_error = vireo_spice_session_get_usb_error (VIREO_SPICE_SESSION (self->session));
  n = self->usb_model != NULL ? g_list_model_get_n_items (self->usb_model) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoUsbDevice) device = g_list_model_get_item (self->usb_model, i);
      g_autofree char *name = g_strdup_printf ("usb-device-%u", i);
      g_autofree char *detailed = g_strdup_printf ("console.%s", name);
      g_autofree char *label = vireo_usb_device_dup_label (device);
      g_autoptr(GSimpleAction) action =
          g_simple_action_new_stateful (name, NULL,
                                        g_variant_new_boolean (vireo_usb_device_get_redirected (device)));

      g_object_set_data_full (G_OBJECT (action), "device", g_object_ref (device), g_object_unref);
      g_signal_connect (action, "activate", G_CALLBACK (usb_device_action), self);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
      g_ptr_array_add (self->usb_watched, g_object_ref (device));
      g_signal_connect_swapped (device, "notify::redirected", G_CALLBACK (usb_update_states), self);
      g_signal_connect_swapped (device, "notify::busy", G_CALLBACK (usb_update_states), self);
      g_menu_append (section, label, detailed);
    }
  self->n_usb_actions = n;
  if (n == 0)
    g_menu_append (section, usb_error != NULL ? usb_error->message : _("No USB devices found"),
                   "console.usb-none");
  g_menu_append_section (menu, _("Redirect to the Guest"), G_MENU_MODEL (section));
  gtk_menu_button_set_menu_model (self->usb_button, G_MENU_MODEL (menu));
  usb_update_states (self);
}

static void
usb_redirection_changed_cb (VireoConsolePage *self)
{
  _vireo_console_page_update_actions (self);
}

static void
usb_device_error_cb (VireoConsoleSession *session,
                     VireoUsbDevice      *device,
                     const GError        *error,
                     VireoConsolePage    *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (session != self->session)
    return;
  vireo_error_dialog_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                              _("A USB device was returned to this computer"), error);
}

/* follows the new session's USB devices (SPICE sessions only) */
void
_vireo_console_page_usb_watch (VireoConsolePage *self)
{
  _vireo_console_page_usb_forget (self);
  if (VIREO_IS_SPICE_SESSION (self->session))
    {
      VireoSpiceSession *spice = VIREO_SPICE_SESSION (self->session);

      g_signal_connect_swapped (spice, "notify::usb-redirection", G_CALLBACK (usb_redirection_changed_cb), self);
      g_signal_connect (spice, "usb-device-error", G_CALLBACK (usb_device_error_cb), self);
      self->usb_model = g_object_ref (vireo_spice_session_get_usb_devices (spice));
      g_signal_connect_swapped (self->usb_model, "items-changed",
                                G_CALLBACK (_vireo_console_page_usb_rebuild_menu), self);
    }
  _vireo_console_page_usb_rebuild_menu (self);
}

void
_vireo_console_page_usb_forget (VireoConsolePage *self)
{
  if (self->usb_model != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->usb_model, self);
      g_clear_object (&self->usb_model);
    }
  usb_clear_menu (self);
}
