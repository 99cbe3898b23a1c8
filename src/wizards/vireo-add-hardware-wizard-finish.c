/* vireo-add-hardware-wizard-finish.c — the Add Hardware assistant's Finish
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answers on the page become a VireoDeviceSpec, checked against the
 * host's capabilities, built into XML and added to the saved definition;
 * then a disk's path is checked (QEMU can open it), a NIC's MAC (no other
 * VM of the host has it), a new volume is created when asked, and
 * vireo_domain_apply_config_async adds the device (hot-plug on a running
 * VM). A step that fails after the volume was created deletes it. The
 * window cannot be closed while this runs (its close is refused): a close
 * then would leave the new volume without the disk that uses it.
 */
#define G_LOG_DOMAIN "vireo-add-hardware-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-add-hardware-wizard-private.h"
#include "vireo-domain-scan.h"
#include "vireo-host-devices.h"
#include "vireo-host-resources.h"

/* -- Finish ---------------------------------------------------------------- */

static void
finish_failed (VireoAddHardwareWizard *self, const char *message)
{
  g_clear_object (&self->config);
  g_clear_pointer (&self->device_xml, g_free);
  _vireo_add_hardware_wizard_set_error (self, message);
  _vireo_add_hardware_wizard_set_busy (self, FALSE);
  _vireo_add_hardware_wizard_set_applying (self, FALSE);
}

static void
delete_volume_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoAddHardwareWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = g_steal_pointer (&self->failure);

  if (!vireo_connection_delete_volume_finish (VIREO_CONNECTION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("%s", error->message);
    }
  finish_failed (self, message);
}

/* a step after the new volume failed: the volume goes too, then @message */
static void
fail_and_delete_volume (VireoAddHardwareWizard *self, const char *message)
{
  if (!self->volume_created)
    {
      finish_failed (self, message);
      return;
    }
  self->volume_created = FALSE;
  g_free (self->failure);
  self->failure = g_strdup (message);
  vireo_connection_delete_volume_async (vireo_domain_get_connection (self->domain),
                                        self->new_pool, self->new_volume, self->cancellable,
                                        delete_volume_cb, g_object_ref (self));
}

static void
apply_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoAddHardwareWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  vireo_domain_apply_config_finish (VIREO_DOMAIN (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      fail_and_delete_volume (self, error->message);
      return;
    }
  xml = g_steal_pointer (&self->device_xml);
  g_clear_object (&self->config);
  _vireo_add_hardware_wizard_set_busy (self, FALSE);
  _vireo_add_hardware_wizard_set_applying (self, FALSE);
  _vireo_add_hardware_wizard_emit_device_added (self, xml);
  gtk_window_close (GTK_WINDOW (self));
}

static void
apply (VireoAddHardwareWizard *self)
{
  vireo_domain_apply_config_async (self->domain, self->config, self->cancellable, apply_cb,
                                   g_object_ref (self));
}

static void
volume_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoAddHardwareWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = vireo_connection_create_volume_finish (VIREO_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (path == NULL)
    {
      finish_failed (self, error != NULL ? error->message : _("Could not create the volume."));
      return;
    }
  self->volume_created = TRUE;
  apply (self);
}

static void
create_volume_or_apply (VireoAddHardwareWizard *self)
{
  if (self->new_volume == NULL)
    {
      apply (self);
      return;
    }
  vireo_connection_create_volume_async (vireo_domain_get_connection (self->domain),
                                        self->new_pool, self->new_volume, self->new_capacity,
                                        self->new_format, self->cancellable, volume_cb,
                                        g_object_ref (self));
}

static void
mac_user_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoAddHardwareWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;

  user = vireo_connection_find_mac_user_finish (VIREO_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      finish_failed (self, error->message);
      return;
    }
  if (user != NULL)
    {
      g_autofree char *name = vireo_display_name_isolate (user);
      g_autofree char *message =
          g_strdup_printf (_("The MAC address is already used by “%s” on this host. Choose another one."), name);

      finish_failed (self, message);
      return;
    }
  create_volume_or_apply (self);
}

/* after the checks: a NIC's MAC must be free on the host */
static void
check_mac_or_continue (VireoAddHardwareWizard *self)
{
  if (self->mac == NULL)
    {
      create_volume_or_apply (self);
      return;
    }
  vireo_connection_find_mac_user_async (vireo_domain_get_connection (self->domain), self->mac,
                                        vireo_domain_get_uuid (self->domain), self->cancellable,
                                        mac_user_cb, g_object_ref (self));
}

static void
access_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoAddHardwareWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vireo_new_vm_page_check_access_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      finish_failed (self, error->message);
      return;
    }
  check_mac_or_continue (self);
}

/* a disk's path: can QEMU of a local qemu:///system open it? (the same check
 * as the New VM wizard's, with its explanation) */
static void
check_access_or_continue (VireoAddHardwareWizard *self)
{
  VireoImageAccessFunc func =
      vireo_new_vm_page_access_func (self->access_func, vireo_domain_get_connection (self->domain));

  if (func == NULL || self->disk_path == NULL)
    {
      check_mac_or_continue (self);
      return;
    }
  vireo_new_vm_page_check_access_async (self, func, self->disk_path, self->disk_writable,
                                        self->cancellable, access_cb, g_object_ref (self));
}

/* @editable's text without the spaces around it, owned by @strings */
static const char *
keep_text (GPtrArray *strings, GtkEditable *editable)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  g_ptr_array_add (strings, text);
  return text;
}

/* the answers on the page, as a spec; @strings keeps the texts alive */
static gboolean
collect_spec (VireoAddHardwareWizard *self,
              VireoDeviceSpec        *spec,
              GPtrArray              *strings,
              GError                **error)
{
  vireo_device_spec_init_defaults (spec, self->kind, _vireo_add_hardware_wizard_domain_caps_xml (self),
                                   self->os);

#define TEXT(row) keep_text (strings, GTK_EDITABLE (self->row))

  switch ((int) self->kind)
    {
    case VIREO_DEVICE_KIND_DISK:
    case VIREO_DEVICE_KIND_CDROM:
      {
        const char *source = _vireo_add_hardware_wizard_choice_id (self->disk_source_row,
                                                                  self->disk_source_choices);

        spec->bus = _vireo_add_hardware_wizard_choice_id (self->disk_bus_row,
                                                         _vireo_add_hardware_wizard_disk_buses);
        spec->cache = _vireo_add_hardware_wizard_choice_id (self->cache_row,
                                                           vireo_device_builder_cache_modes);
        if (self->kind == VIREO_DEVICE_KIND_DISK)
          spec->format = _vireo_add_hardware_wizard_choice_id (self->format_row,
                                                              _vireo_add_hardware_wizard_formats);
        if (g_strcmp0 (source, "new") == 0)
          {
            GtkStringObject *pool = adw_combo_row_get_selected_item (self->pool_row);

            if (pool == NULL)
              {
                g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                     _("The host has no storage pool: use an existing path."));
                return FALSE;
              }
            spec->pool = gtk_string_object_get_string (pool);
            spec->volume = TEXT (volume_row);
          }
        else if (g_strcmp0 (source, "path") == 0)
          {
            spec->source_path = TEXT (path_row);
            if (self->kind == VIREO_DEVICE_KIND_CDROM && *spec->source_path == '\0')
              {
                g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                     _("Enter the path of the ISO image or drive."));
                return FALSE;
              }
          }
      }
      break;
    case VIREO_DEVICE_KIND_INTERFACE:
      spec->type = _vireo_add_hardware_wizard_choice_id (self->nic_type_row,
                                                        _vireo_add_hardware_wizard_nic_types);
      spec->model = _vireo_add_hardware_wizard_choice_id (self->nic_model_row,
                                                         _vireo_add_hardware_wizard_nic_models);
      spec->source = TEXT (nic_source_row);
      spec->mac = TEXT (mac_row);
      if (*spec->mac == '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Enter a MAC address, such as 52:54:00:12:34:56."));
          return FALSE;
        }
      break;
    case VIREO_DEVICE_KIND_HOSTDEV_USB:
    case VIREO_DEVICE_KIND_HOSTDEV_PCI:
      {
        guint selected = adw_combo_row_get_selected (self->host_device_row);
        VireoHostDevice *device;

        if (selected == GTK_INVALID_LIST_POSITION || selected >= self->shown_devices->len)
          {
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 _("Choose a device of the host."));
            return FALSE;
          }
        device = g_ptr_array_index (self->shown_devices, selected);
        if (device->used_by != NULL)
          {
            g_autofree char *name = vireo_display_name_isolate (device->used_by);

            g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                         _("The PCI device is already given to “%s”. Remove it there first."),
                         name);
            return FALSE;
          }
        spec->vendor_id = device->vendor_id;
        spec->product_id = device->product_id;
        spec->pci_address = device->pci_address;
      }
      break;
    default:
      if (self->type_choices != NULL)
        spec->type = _vireo_add_hardware_wizard_choice_id (self->type_row, self->type_choices);
      if (self->model_choices != NULL)
        spec->model = _vireo_add_hardware_wizard_choice_id (self->model_row, self->model_choices);
      if (self->bus_choices != NULL)
        spec->bus = _vireo_add_hardware_wizard_choice_id (self->bus_row, self->bus_choices);
      if (self->action_choices != NULL)
        spec->action = _vireo_add_hardware_wizard_choice_id (self->action_row,
                                                            self->action_choices);
      if (self->kind == VIREO_DEVICE_KIND_RNG)
        spec->source = TEXT (source_row);
      if (self->kind == VIREO_DEVICE_KIND_FILESYSTEM)
        {
          spec->source_path = TEXT (source_row);
          spec->target = TEXT (tag_row);
        }
      break;
    }
#undef TEXT
  return TRUE;
}

static void
config_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoAddHardwareWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  VireoDeviceSpec spec;

  self->config = vireo_domain_get_config_finish (VIREO_DOMAIN (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->config == NULL)
    {
      finish_failed (self, error->message);
      return;
    }
  if (!collect_spec (self, &spec, strings, &error)
      || !vireo_device_builder_check_caps (&spec, _vireo_add_hardware_wizard_domain_caps_xml (self),
                                           &error)
      || (self->device_xml = vireo_device_builder_build (&spec, self->config, &error)) == NULL
      || vireo_domain_config_add_device (self->config, self->device_xml, &error) == NULL)
    {
      finish_failed (self, error->message);
      return;
    }
  /* virtiofs needs the VM's memory shared; libvirt refuses it otherwise */
  if (spec.kind == VIREO_DEVICE_KIND_FILESYSTEM && g_strcmp0 (spec.type, "virtiofs") == 0)
    vireo_domain_config_set_shared_memory (self->config, TRUE);

  self->volume_created = FALSE;
  g_clear_pointer (&self->new_pool, g_free);
  g_clear_pointer (&self->new_volume, g_free);
  g_clear_pointer (&self->new_format, g_free);
  if (spec.pool != NULL)
    {
      self->new_pool = g_strdup (spec.pool);
      self->new_volume = g_strdup (spec.volume);
      self->new_format = g_strdup (spec.format != NULL ? spec.format : "qcow2");
      self->new_capacity = (guint64) (gtk_spin_button_get_value (self->size_spin) * 1024 * 1024 * 1024);
    }

  g_clear_pointer (&self->mac, g_free);
  g_clear_pointer (&self->disk_path, g_free);
  if (spec.kind == VIREO_DEVICE_KIND_INTERFACE)
    self->mac = g_strdup (spec.mac);
  if (spec.source_path != NULL && *spec.source_path != '\0'
      && (spec.kind == VIREO_DEVICE_KIND_DISK || spec.kind == VIREO_DEVICE_KIND_CDROM))
    {
      self->disk_path = g_strdup (spec.source_path);
      self->disk_writable = spec.kind == VIREO_DEVICE_KIND_DISK && !spec.readonly;
    }
  check_access_or_continue (self);
}

void
_vireo_add_hardware_wizard_finish_activated (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *parameter)
{
  VireoAddHardwareWizard *self = VIREO_ADD_HARDWARE_WIZARD (widget);

  if (self->busy)
    return;
  _vireo_add_hardware_wizard_set_error (self, NULL);
  _vireo_add_hardware_wizard_set_busy (self, TRUE);
  _vireo_add_hardware_wizard_set_applying (self, TRUE);
  vireo_domain_get_config_async (self->domain, FALSE, self->cancellable, config_cb,
                                 g_object_ref (self));
}
