/* vireo-host-devices.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-host-devices"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vireo-connection-private.h"
#include "vireo-domain-scan-private.h"
#include "vireo-error.h"
#include "vireo-host-devices.h"
#include "vireo-xml.h"

/* the longest vendor or product name shown */
#define MAX_NAME_CHARS 120

void
vireo_host_device_free (VireoHostDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->description);
  g_free (device->pci_address);
  g_free (device->used_by);
  g_free (device);
}

/* host text made safe to show: valid UTF-8, no controls, bounded */
static char *
clean_text (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0' && g_utf8_strlen (out->str, -1) < MAX_NAME_CHARS;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT
                                        ? ' '
                                        : c);
    }
  g_strstrip (out->str);
  return g_string_free (out, FALSE);
}

static guint
hex_id (xmlNode *node, const char *xpath)
{
  g_autofree char *text = vireo_xml_get_string (node, xpath);
  guint64 value = 0;

  if (text == NULL || !g_str_has_prefix (text, "0x")
      || !g_ascii_string_to_unsigned (text + 2, 16, 0, 0xffff, &value, NULL))
    return 0;
  return value;
}

static gboolean
uint_field (xmlNode *node, const char *xpath, guint64 max, guint64 *value)
{
  g_autofree char *text = vireo_xml_get_string (node, xpath);

  if (text == NULL)
    return FALSE;
  if (g_str_has_prefix (text, "0x"))
    return g_ascii_string_to_unsigned (text + 2, 16, 0, max, value, NULL);
  return g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL);
}

VireoHostDevice *
vireo_host_device_parse (const char *nodedev_xml)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(VireoHostDevice) device = NULL;
  g_autofree char *vendor = NULL;
  g_autofree char *product = NULL;
  g_autofree char *vendor_text = NULL;
  g_autofree char *product_text = NULL;
  xmlNode *root;
  xmlNode *cap;
  const char *unknown = _("Unknown device");

  if (nodedev_xml == NULL)
    return NULL;
  doc = vireo_xml_parse (nodedev_xml, "device", NULL);
  if (doc == NULL)
    return NULL;
  root = vireo_xml_root (doc);
  device = g_new0 (VireoHostDevice, 1);
  device->name = vireo_xml_get_string (root, "string(name)");
  if ((cap = vireo_xml_get_node (root, "capability[@type='usb_device']")) != NULL)
    device->type = VIREO_HOST_DEVICE_USB;
  else if ((cap = vireo_xml_get_node (root, "capability[@type='pci']")) != NULL)
    {
      guint64 domain, bus, slot, function;

      device->type = VIREO_HOST_DEVICE_PCI;
      if (!uint_field (cap, "string(domain)", 0xffff, &domain)
          || !uint_field (cap, "string(bus)", 0xff, &bus)
          || !uint_field (cap, "string(slot)", 0x1f, &slot)
          || !uint_field (cap, "string(function)", 7, &function))
        return NULL;
      device->pci_address = g_strdup_printf ("%04x:%02x:%02x.%x", (guint) domain, (guint) bus,
                                             (guint) slot, (guint) function);
    }
  else
    return NULL;
  if (device->name == NULL || *device->name == '\0')
    return NULL;

  device->vendor_id = hex_id (cap, "string(vendor/@id)");
  device->product_id = hex_id (cap, "string(product/@id)");
  vendor_text = vireo_xml_get_string (cap, "string(vendor)");
  product_text = vireo_xml_get_string (cap, "string(product)");
  vendor = clean_text (vendor_text);
  product = clean_text (product_text);
  if (vendor != NULL && *vendor == '\0')
    g_clear_pointer (&vendor, g_free);
  if (product != NULL && *product == '\0')
    g_clear_pointer (&product, g_free);

  if (device->type == VIREO_HOST_DEVICE_USB)
    /* TRANSLATORS: a host USB device: vendor, product, then ids as in lsusb ("046d:c52b") */
    device->description = g_strdup_printf (_("%s %s (%04x:%04x)"), vendor ? vendor : "",
                                           product ? product : unknown, device->vendor_id,
                                           device->product_id);
  else
    /* TRANSLATORS: a host PCI device: its address ("0000:00:1f.3"), vendor, product */
    device->description = g_strdup_printf (_("%s %s %s"), device->pci_address,
                                           vendor ? vendor : "", product ? product : unknown);
  {
    char *tidy = clean_text (device->description);

    g_free (device->description);
    device->description = tidy;
  }
  return g_steal_pointer (&device);
}

/* the PCI addresses of a domain's <hostdev type='pci'> and <interface
 * type='hostdev'> (an SR-IOV function given as a NIC) as "dddd:bb:ss.f",
 * into @user_data (a GHashTable: address → the VM's name); never stops the
 * walk (vireo_domain_scan) */
static gboolean
add_pci_users (xmlNode *domain_node, const char *domain_name, gpointer user_data)
{
  GHashTable *users = user_data;
  g_autoptr(GPtrArray) addresses = NULL;

  addresses = vireo_xml_get_nodes (domain_node,
                                   "devices/hostdev[@type='pci']/source/address"
                                   " | devices/interface[@type='hostdev']/source/address");
  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    {
      xmlNode *address = g_ptr_array_index (addresses, i);
      guint64 domain = 0, bus, slot, function;

      uint_field (address, "string(@domain)", 0xffff, &domain);
      if (uint_field (address, "string(@bus)", 0xff, &bus)
          && uint_field (address, "string(@slot)", 0x1f, &slot)
          && uint_field (address, "string(@function)", 7, &function))
        g_hash_table_insert (users,
                             g_strdup_printf ("%04x:%02x:%02x.%x", (guint) domain, (guint) bus,
                                              (guint) slot, (guint) function),
                             g_strdup (domain_name));
    }
  return FALSE;
}

static int
compare_devices (gconstpointer a, gconstpointer b)
{
  const VireoHostDevice *da = *(VireoHostDevice **) a;
  const VireoHostDevice *db = *(VireoHostDevice **) b;

  if (da->type != db->type)
    return da->type == VIREO_HOST_DEVICE_USB ? -1 : 1;
  return g_utf8_collate (da->description, db->description);
}

static void
list_host_devices_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  const char *except_uuid = task_data;
  virConnectPtr handle = vireo_connection_ref_handle (source_object);
  g_autoptr(GHashTable) users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  virNodeDevicePtr *devices = NULL;
  GPtrArray *result;
  int n;

  if (handle == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                               _("The connection is not open."));
      return;
    }
  n = virConnectListAllNodeDevices (handle, &devices,
                                    VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV
                                        | VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV);
  if (n < 0)
    {
      g_task_return_error (task,
                           vireo_error_new_from_libvirt (_("Could not list the host’s devices")));
      virResetLastError ();
      virConnectClose (handle);
      return;
    }

  /* who has which PCI device: live and saved definitions (VMs that cannot
   * be listed leave the devices without a user; the error is never shown) */
  if (!_vireo_domain_scan (handle, except_uuid, add_pci_users, users,
                           "the virtual machines", NULL))
    virResetLastError ();

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_host_device_free);
  for (int i = 0; i < n; i++)
    {
      char *xml = virNodeDeviceGetXMLDesc (devices[i], 0);
      VireoHostDevice *device = vireo_host_device_parse (xml);

      if (device != NULL)
        {
          if (device->pci_address != NULL)
            device->used_by = g_strdup (g_hash_table_lookup (users, device->pci_address));
          g_ptr_array_add (result, device);
        }
      free (xml);
      virNodeDeviceFree (devices[i]);
    }
  free (devices);
  virResetLastError ();
  virConnectClose (handle);
  g_ptr_array_sort (result, compare_devices);
  g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

void
vireo_connection_list_host_devices_async (VireoConnection    *self,
                                          const char         *except_uuid,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VIREO_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_connection_list_host_devices_async);
  g_task_set_task_data (task, g_strdup (except_uuid), g_free);
  vireo_connection_run_in_worker (self, task, list_host_devices_thread);
}

GPtrArray *
vireo_connection_list_host_devices_finish (VireoConnection *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
