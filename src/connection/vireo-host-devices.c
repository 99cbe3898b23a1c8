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
/* the most node devices listed from one host (a remote libvirtd is untrusted) */
#define MAX_NODE_DEVICES 8192

void
vireo_host_device_free (VireoHostDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->description);
  g_free (device->pci_address);
  g_free (device->used_by);
  g_free (device->driver);
  g_free (device->mdev_uuid);
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

const char *
vireo_host_device_type_label (VireoHostDeviceType type)
{
  switch (type)
    {
    case VIREO_HOST_DEVICE_USB:
      return _("USB");
    case VIREO_HOST_DEVICE_PCI:
      return _("PCI");
    case VIREO_HOST_DEVICE_SCSI:
      return _("SCSI");
    case VIREO_HOST_DEVICE_NET:
      /* TRANSLATORS: a kind of host device: a network interface */
      return _("Network");
    case VIREO_HOST_DEVICE_MDEV:
      /* TRANSLATORS: a kind of host device: a mediated device (a slice of a GPU…) */
      return _("Mediated");
    default:
      return _("Unknown device");
    }
}

/* an optional text field made safe, NULL when absent or empty */
static char *
clean_field (xmlNode *node, const char *xpath)
{
  g_autofree char *raw = vireo_xml_get_string (node, xpath);
  char *text = clean_text (raw);

  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static VireoHostDevice *
parse_device (const char *nodedev_xml,
              gboolean    any)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(VireoHostDevice) device = NULL;
  g_autofree char *vendor = NULL;
  g_autofree char *product = NULL;
  g_autofree char *vendor_text = NULL;
  g_autofree char *product_text = NULL;
  g_autofree char *raw_name = NULL;
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
  raw_name = vireo_xml_get_string (root, "string(name)");
  device->name = clean_text (raw_name);
  device->driver = clean_field (root, "string(driver/name)");
  if ((cap = vireo_xml_get_node (root, "capability[@type='usb_device']")) != NULL)
    {
      guint64 bus = 0, number = 0;

      device->type = VIREO_HOST_DEVICE_USB;
      if (uint_field (cap, "string(bus)", 0xffff, &bus)
          && uint_field (cap, "string(device)", 0xffff, &number))
        {
          device->usb_bus = bus;
          device->usb_device = number;
        }
    }
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
  else if (any && (cap = vireo_xml_get_node (root, "capability[@type='scsi']")) != NULL)
    {
      guint64 host = 0, bus = 0, target = 0, lun = 0;
      g_autofree char *kind = clean_field (cap, "string(type)");

      device->type = VIREO_HOST_DEVICE_SCSI;
      uint_field (cap, "string(host)", G_MAXUINT, &host);
      uint_field (cap, "string(bus)", G_MAXUINT, &bus);
      uint_field (cap, "string(target)", G_MAXUINT, &target);
      uint_field (cap, "string(lun)", G_MAXUINT, &lun);
      /* TRANSLATORS: a host SCSI device: its kind ("disk") and address
       * host:bus:target:lun */
      device->description = g_strdup_printf (_("SCSI %s %u:%u:%u:%u"), kind ? kind : "",
                                             (guint) host, (guint) bus, (guint) target,
                                             (guint) lun);
    }
  else if (any && (cap = vireo_xml_get_node (root, "capability[@type='scsi_host']")) != NULL)
    {
      guint64 host = 0;

      device->type = VIREO_HOST_DEVICE_SCSI;
      uint_field (cap, "string(host)", G_MAXUINT, &host);
      /* TRANSLATORS: a host SCSI adapter and its number */
      device->description = g_strdup_printf (_("SCSI host %u"), (guint) host);
    }
  else if (any && (cap = vireo_xml_get_node (root, "capability[@type='net']")) != NULL)
    {
      g_autofree char *interface = clean_field (cap, "string(interface)");
      g_autofree char *mac = clean_field (cap, "string(address)");

      device->type = VIREO_HOST_DEVICE_NET;
      if (mac != NULL)
        /* TRANSLATORS: a host network device: its interface name and MAC address */
        device->description = g_strdup_printf (_("%s (%s)"), interface ? interface : unknown, mac);
      else
        device->description = g_strdup (interface ? interface : unknown);
    }
  else if (any && (cap = vireo_xml_get_node (root, "capability[@type='mdev']")) != NULL)
    {
      g_autofree char *mdev_type = clean_field (cap, "string(type/@id)");

      device->type = VIREO_HOST_DEVICE_MDEV;
      device->mdev_uuid = clean_field (cap, "string(uuid)");
      if (device->mdev_uuid != NULL)
        {
          char *lower = g_ascii_strdown (device->mdev_uuid, -1);

          g_free (device->mdev_uuid);
          device->mdev_uuid = lower;
        }
      /* TRANSLATORS: a host mediated device: its type ("nvidia-11") and UUID */
      device->description = g_strdup_printf (_("%s (%s)"), mdev_type ? mdev_type : unknown,
                                             device->mdev_uuid ? device->mdev_uuid : "—");
    }
  else
    return NULL;
  if (device->name == NULL || *device->name == '\0')
    return NULL;

  if (device->type == VIREO_HOST_DEVICE_USB || device->type == VIREO_HOST_DEVICE_PCI)
    {
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
    }

  if (device->type == VIREO_HOST_DEVICE_USB)
    /* TRANSLATORS: a host USB device: vendor, product, then ids as in lsusb ("046d:c52b") */
    device->description = g_strdup_printf (_("%s %s (%04x:%04x)"), vendor ? vendor : "",
                                           product ? product : unknown, device->vendor_id,
                                           device->product_id);
  else if (device->type == VIREO_HOST_DEVICE_PCI)
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

VireoHostDevice *
vireo_host_device_parse (const char *nodedev_xml)
{
  return parse_device (nodedev_xml, FALSE);
}

VireoHostDevice *
vireo_node_device_parse (const char *nodedev_xml)
{
  return parse_device (nodedev_xml, TRUE);
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

/* every assigned device of a domain, keyed as device_key () makes them:
 * PCI by address, USB by vendor and product and by bus and device, mediated
 * devices by UUID (vireo_domain_scan) */
static gboolean
add_all_users (xmlNode *domain_node, const char *domain_name, gpointer user_data)
{
  GHashTable *users = user_data;
  g_autoptr(GPtrArray) usb = NULL;
  g_autoptr(GPtrArray) mdev = NULL;

  add_pci_users (domain_node, domain_name, users);
  usb = vireo_xml_get_nodes (domain_node, "devices/hostdev[@type='usb']/source");
  for (guint i = 0; usb != NULL && i < usb->len; i++)
    {
      xmlNode *source = g_ptr_array_index (usb, i);
      guint vendor = hex_id (source, "string(vendor/@id)");
      guint product = hex_id (source, "string(product/@id)");
      guint64 bus, number;

      if (vendor != 0 || product != 0)
        g_hash_table_insert (users, g_strdup_printf ("usb:%04x:%04x", vendor, product),
                             g_strdup (domain_name));
      if (uint_field (source, "string(address/@bus)", 0xffff, &bus)
          && uint_field (source, "string(address/@device)", 0xffff, &number))
        g_hash_table_insert (users, g_strdup_printf ("usbaddr:%u:%u", (guint) bus, (guint) number),
                             g_strdup (domain_name));
    }
  mdev = vireo_xml_get_nodes (domain_node, "devices/hostdev[@type='mdev']/source/address");
  for (guint i = 0; mdev != NULL && i < mdev->len; i++)
    {
      g_autofree char *uuid = vireo_xml_get_string (g_ptr_array_index (mdev, i), "string(@uuid)");

      if (uuid != NULL)
        {
          char *key = g_ascii_strdown (uuid, -1);

          if (*key != '\0' && strlen (key) <= 64)
            g_hash_table_insert (users, g_strconcat ("mdev:", key, NULL), g_strdup (domain_name));
          g_free (key);
        }
    }
  return FALSE;
}

/* which VM of @users (from add_all_users) has @device, or NULL */
static const char *
device_user (GHashTable *users, const VireoHostDevice *device)
{
  g_autofree char *key = NULL;
  const char *user = NULL;

  switch (device->type)
    {
    case VIREO_HOST_DEVICE_PCI:
      return g_hash_table_lookup (users, device->pci_address);
    case VIREO_HOST_DEVICE_USB:
      if (device->usb_bus != 0 || device->usb_device != 0)
        {
          key = g_strdup_printf ("usbaddr:%u:%u", device->usb_bus, device->usb_device);
          user = g_hash_table_lookup (users, key);
          g_clear_pointer (&key, g_free);
        }
      if (user == NULL && (device->vendor_id != 0 || device->product_id != 0))
        {
          key = g_strdup_printf ("usb:%04x:%04x", device->vendor_id, device->product_id);
          user = g_hash_table_lookup (users, key);
        }
      return user;
    case VIREO_HOST_DEVICE_MDEV:
      if (device->mdev_uuid == NULL)
        return NULL;
      key = g_strconcat ("mdev:", device->mdev_uuid, NULL);
      return g_hash_table_lookup (users, key);
    case VIREO_HOST_DEVICE_SCSI:
    case VIREO_HOST_DEVICE_NET:
    default:
      return NULL;
    }
}

static int
compare_devices (gconstpointer a, gconstpointer b)
{
  const VireoHostDevice *da = *(VireoHostDevice **) a;
  const VireoHostDevice *db = *(VireoHostDevice **) b;

  if (da->type != db->type)
    return (int) da->type - (int) db->type;
  return g_utf8_collate (da->description, db->description);
}

typedef struct
{
  char     *except_uuid;
  gboolean  all;          /* every kind the host window lists, with their users */
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->except_uuid);
  g_free (data);
}

static void
list_host_devices_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  ListData *data = task_data;
  const char *except_uuid = data->except_uuid;
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
                                    data->all ? VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV
                                                    | VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV
                                                    | VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI
                                                    | VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_HOST
                                                    | VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET
                                                    | VIR_CONNECT_LIST_NODE_DEVICES_CAP_MDEV
                                              : VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV
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
  if (!_vireo_domain_scan (handle, except_uuid, data->all ? add_all_users : add_pci_users, users,
                           "the virtual machines", NULL))
    virResetLastError ();

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_host_device_free);
  for (int i = 0; i < n; i++)
    {
      char *xml = NULL;
      VireoHostDevice *device = NULL;

      if (result->len < MAX_NODE_DEVICES)
        {
          xml = virNodeDeviceGetXMLDesc (devices[i], 0);
          device = data->all ? vireo_node_device_parse (xml) : vireo_host_device_parse (xml);
        }
      if (device != NULL)
        {
          if (data->all)
            device->used_by = g_strdup (device_user (users, device));
          else if (device->pci_address != NULL)
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
  ListData *data;

  g_return_if_fail (VIREO_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_connection_list_host_devices_async);
  data = g_new0 (ListData, 1);
  data->except_uuid = g_strdup (except_uuid);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
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

void
vireo_connection_list_node_devices_async (VireoConnection    *self,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  ListData *data;

  g_return_if_fail (VIREO_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_connection_list_node_devices_async);
  data = g_new0 (ListData, 1);
  data->all = TRUE;
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  vireo_connection_run_in_worker (self, task, list_host_devices_thread);
}

GPtrArray *
vireo_connection_list_node_devices_finish (VireoConnection *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- node device events ------------------------------------------------- */

struct _VireoNodeDeviceWatch
{
  GObject          parent_instance;

  virConnectPtr    handle;       /* the handle the events are registered on */
  int              lifecycle_id;
  int              update_id;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (VireoNodeDeviceWatch, vireo_node_device_watch, G_TYPE_OBJECT)

enum { WATCH_CHANGED, N_WATCH_SIGNALS };
static guint watch_signals[N_WATCH_SIGNALS];

typedef struct
{
  GWeakRef watch;
} WatchEvent;

static void
watch_event_free (void *ptr)
{
  WatchEvent *data = ptr;

  g_weak_ref_clear (&data->watch);
  g_free (data);
}

/* libvirt's event loop runs on the main context */
static void
node_device_event_cb (virConnectPtr conn, virNodeDevicePtr device, void *opaque)
{
  WatchEvent *data = opaque;
  g_autoptr(VireoNodeDeviceWatch) self = g_weak_ref_get (&data->watch);

  if (self != NULL)
    g_signal_emit (self, watch_signals[WATCH_CHANGED], 0);
}

static void
node_device_lifecycle_cb (virConnectPtr conn, virNodeDevicePtr device, int event, int detail,
                          void *opaque)
{
  node_device_event_cb (conn, device, opaque);
}

typedef struct
{
  virConnectPtr handle;
  int lifecycle_id;
  int update_id;
} WatchIds;

static gpointer
watch_deregister_thread (gpointer data)
{
  WatchIds *ids = data;

  if (ids->lifecycle_id >= 0)
    virConnectNodeDeviceEventDeregisterAny (ids->handle, ids->lifecycle_id);
  if (ids->update_id >= 0)
    virConnectNodeDeviceEventDeregisterAny (ids->handle, ids->update_id);
  virConnectClose (ids->handle);
  virResetLastError ();
  g_free (ids);
  return NULL;
}

static void
watch_register_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  VireoNodeDeviceWatch *watch = task_data;
  virConnectPtr handle = vireo_connection_ref_handle (source_object);
  WatchIds *ids;
  WatchEvent *lifecycle, *update;

  if (handle == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  ids = g_new0 (WatchIds, 1);
  ids->handle = handle;
  lifecycle = g_new0 (WatchEvent, 1);
  update = g_new0 (WatchEvent, 1);
  g_weak_ref_init (&lifecycle->watch, watch);
  g_weak_ref_init (&update->watch, watch);
  ids->lifecycle_id = virConnectNodeDeviceEventRegisterAny (
      handle, NULL, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE,
      VIR_NODE_DEVICE_EVENT_CALLBACK (G_CALLBACK (node_device_lifecycle_cb)), lifecycle,
      watch_event_free);
  if (ids->lifecycle_id < 0)
    watch_event_free (lifecycle);
  ids->update_id = virConnectNodeDeviceEventRegisterAny (
      handle, NULL, VIR_NODE_DEVICE_EVENT_ID_UPDATE,
      VIR_NODE_DEVICE_EVENT_CALLBACK (G_CALLBACK (node_device_event_cb)), update,
      watch_event_free);
  if (ids->update_id < 0)
    watch_event_free (update);
  /* drivers without node device events simply say no */
  virResetLastError ();
  g_task_return_pointer (task, ids, NULL);
}

static void
watch_registered_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoNodeDeviceWatch) self = user_data;
  WatchIds *ids = g_task_propagate_pointer (G_TASK (result), NULL);

  if (ids == NULL)
    return;
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      /* dropped meanwhile: never deregister on the main thread */
      g_thread_unref (g_thread_new ("vireo-nodedev-events", watch_deregister_thread, ids));
      return;
    }
  self->handle = ids->handle;
  self->lifecycle_id = ids->lifecycle_id;
  self->update_id = ids->update_id;
  g_free (ids);
}

VireoNodeDeviceWatch *
vireo_node_device_watch_new (VireoConnection *connection)
{
  VireoNodeDeviceWatch *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  self = g_object_new (VIREO_TYPE_NODE_DEVICE_WATCH, NULL);
  /* the task holds a reference to us until the worker answered */
  task = g_task_new (connection, NULL, watch_registered_cb, g_object_ref (self));
  g_task_set_source_tag (task, vireo_node_device_watch_new);
  g_task_set_task_data (task, self, NULL);
  vireo_connection_run_in_worker (connection, task, watch_register_thread);
  return self;
}

static void
vireo_node_device_watch_dispose (GObject *object)
{
  VireoNodeDeviceWatch *self = VIREO_NODE_DEVICE_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  if (self->handle != NULL)
    {
      WatchIds *ids = g_new0 (WatchIds, 1);

      ids->handle = g_steal_pointer (&self->handle);
      ids->lifecycle_id = self->lifecycle_id;
      ids->update_id = self->update_id;
      /* deregistering may wait on the network: never on the main thread */
      g_thread_unref (g_thread_new ("vireo-nodedev-events", watch_deregister_thread, ids));
    }
  G_OBJECT_CLASS (vireo_node_device_watch_parent_class)->dispose (object);
}

static void
vireo_node_device_watch_finalize (GObject *object)
{
  VireoNodeDeviceWatch *self = VIREO_NODE_DEVICE_WATCH (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (vireo_node_device_watch_parent_class)->finalize (object);
}

static void
vireo_node_device_watch_class_init (VireoNodeDeviceWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vireo_node_device_watch_dispose;
  object_class->finalize = vireo_node_device_watch_finalize;

  watch_signals[WATCH_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vireo_node_device_watch_init (VireoNodeDeviceWatch *self)
{
  self->lifecycle_id = self->update_id = -1;
  self->cancellable = g_cancellable_new ();
}
