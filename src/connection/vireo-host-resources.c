/* vireo-host-resources.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here that talks to libvirt runs on the connection's worker
 * thread (vireo_connection_run_in_worker), never on the main thread.
 */
#define G_LOG_DOMAIN "vireo-host-resources"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vireo-connection-private.h"
#include "vireo-error.h"
#include "vireo-host-resources-private.h"
#include "vireo-xml.h"

void
vireo_volume_facts_free (VireoVolumeFacts *facts)
{
  if (facts == NULL)
    return;
  g_free (facts->name);
  g_free (facts->path);
  g_free (facts->format);
  g_free (facts->pool);
  g_free (facts);
}

void
vireo_interface_facts_free (VireoInterfaceFacts *facts)
{
  if (facts == NULL)
    return;
  g_free (facts->name);
  g_free (facts);
}

void
vireo_drive_facts_free (VireoDriveFacts *facts)
{
  if (facts == NULL)
    return;
  g_free (facts->path);
  g_free (facts->model);
  g_free (facts);
}

/* -- parsers --------------------------------------------------------------- */

gboolean
vireo_host_resources_parse_firmware (const char *domain_caps_xml, gboolean *bios, gboolean *uefi)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autofree char *arch = NULL;
  xmlNode *root, *os, *loader;
  gboolean x86, enum_bios = FALSE, enum_efi = FALSE;

  g_return_val_if_fail (bios != NULL && uefi != NULL, FALSE);
  *bios = *uefi = TRUE;
  doc = vireo_xml_parse (domain_caps_xml, "domainCapabilities", NULL);
  root = vireo_xml_root (doc);
  os = vireo_xml_child (root, "os");
  if (os == NULL || vireo_xml_attr_equals (os, "supported", "no"))
    return FALSE;

  arch = vireo_xml_child_text (root, "arch");
  x86 = arch == NULL || g_str_equal (arch, "x86_64") || g_str_equal (arch, "i686");

  values = vireo_xml_get_nodes (os, "enum[@name='firmware'][last()]/value");
  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *text = vireo_xml_trimmed_text (g_ptr_array_index (values, i));

      enum_bios |= g_strcmp0 (text, "bios") == 0;
      enum_efi |= g_strcmp0 (text, "efi") == 0;
    }

  loader = vireo_xml_child (os, "loader");

  /* SeaBIOS comes with QEMU for x86; elsewhere only what the enum lists */
  *bios = x86 || enum_bios;
  *uefi = values->len > 0
          ? enum_efi
          : loader != NULL && !vireo_xml_attr_equals (loader, "supported", "no")
            && vireo_xml_child (loader, "value") != NULL;
  return TRUE;
}

guint
vireo_host_resources_parse_max_vcpus (const char *domain_caps_xml)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse (domain_caps_xml, "domainCapabilities", NULL);
  g_autofree char *value = NULL;
  guint64 max = 0;

  value = vireo_xml_attr (vireo_xml_child (vireo_xml_root (doc), "vcpu"), "max");
  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &max, NULL))
    max = 0;
  return (guint) max;
}

/* the <capability type='@type'> of a node device */
GStrv
vireo_host_resources_parse_disk_buses (const char *domain_caps_xml)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) values = NULL;
  xmlNode *bus;
  guint n = 0;

  if (domain_caps_xml == NULL)
    return NULL;
  doc = vireo_xml_parse (domain_caps_xml, "domainCapabilities", NULL);
  if (doc == NULL)
    return NULL;
  bus = vireo_xml_get_node (vireo_xml_root (doc), "devices/disk/enum[@name='bus']");
  if (bus == NULL || vireo_xml_attr_equals (vireo_xml_get_node (vireo_xml_root (doc), "devices/disk"),
                                            "supported", "no"))
    return NULL;
  values = vireo_xml_get_strings (bus, "value");
  builder = g_strv_builder_new ();
  for (guint i = 0; values != NULL && values[i] != NULL && n < 32; i++)
    {
      const char *value = g_strstrip (values[i]);
      gboolean plain = *value != '\0' && strlen (value) <= 16;

      for (const char *p = value; plain && *p != '\0'; p++)
        plain = g_ascii_isalnum (*p);
      if (plain)
        {
          g_strv_builder_add (builder, value);
          n++;
        }
    }
  return g_strv_builder_end (builder);
}

static xmlNode *
device_capability (xmlDoc *doc, const char *type)
{
  g_autofree char *xpath = g_strdup_printf ("capability[@type='%s']", type);

  return vireo_xml_get_node (vireo_xml_root (doc), xpath);
}

char *
vireo_host_resources_parse_net_device (const char *nodedev_xml, gboolean *physical)
{
  g_autoptr(xmlDoc) doc = NULL;
  char *name;

  if (physical != NULL)
    *physical = FALSE;
  doc = vireo_xml_parse (nodedev_xml, NULL, NULL);
  if (doc == NULL)
    return NULL;
  name = vireo_xml_child_text (device_capability (doc, "net"), "interface");
  if (name != NULL && physical != NULL)
    {
      g_autofree char *parent = vireo_xml_child_text (vireo_xml_root (doc), "parent");

      /* virtual devices (bridges, taps, veths) hang off "computer" */
      *physical = parent != NULL && !g_str_equal (parent, "computer");
    }
  return name;
}

VireoDriveFacts *
vireo_host_resources_parse_drive (const char *nodedev_xml)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse (nodedev_xml, NULL, NULL);
  g_autofree char *drive_type = NULL;
  g_autofree char *path = NULL;
  g_autofree char *vendor = NULL;
  g_autofree char *model = NULL;
  xmlNode *capability;
  VireoDriveFacts *drive;

  if (doc == NULL)
    return NULL;
  capability = device_capability (doc, "storage");
  drive_type = vireo_xml_child_text (capability, "drive_type");
  path = vireo_xml_child_text (capability, "block");
  if (g_strcmp0 (drive_type, "cdrom") != 0 || path == NULL)
    return NULL;

  vendor = vireo_xml_child_text (capability, "vendor");
  model = vireo_xml_child_text (capability, "model");
  drive = g_new0 (VireoDriveFacts, 1);
  drive->path = g_steal_pointer (&path);
  if (vendor != NULL && model != NULL)
    drive->model = g_strdup_printf ("%s %s", vendor, model);
  else
    drive->model = g_steal_pointer (&model);
  return drive;
}

/* -- collectors (worker thread) -------------------------------------------- */

static int
compare_interfaces (gconstpointer a, gconstpointer b)
{
  const VireoInterfaceFacts *ia = *(VireoInterfaceFacts **) a;
  const VireoInterfaceFacts *ib = *(VireoInterfaceFacts **) b;

  if (ia->kind != ib->kind)
    return ia->kind == VIREO_INTERFACE_BRIDGE ? -1 : 1;
  return g_strcmp0 (ia->name, ib->name);
}

static int
compare_drives (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 ((*(VireoDriveFacts **) a)->path, (*(VireoDriveFacts **) b)->path);
}

/* XML of every node device with @cap; the test driver refuses the filter
 * flags, so fall back to all devices (the callers parse the XML anyway) */
static GPtrArray *
node_device_xmls (virConnectPtr handle, unsigned int cap_flag)
{
  GPtrArray *xmls = g_ptr_array_new_with_free_func (g_free);
  virNodeDevicePtr *devices = NULL;
  int n;

  n = virConnectListAllNodeDevices (handle, &devices, cap_flag);
  if (n < 0)
    n = virConnectListAllNodeDevices (handle, &devices, 0);
  for (int i = 0; i < n; i++)
    {
      char *xml = virNodeDeviceGetXMLDesc (devices[i], 0);

      if (xml != NULL)
        g_ptr_array_add (xmls, g_strdup (xml));
      free (xml);
      virNodeDeviceFree (devices[i]);
    }
  free (devices);
  virResetLastError ();
  return xmls;
}

static void
add_interface (GPtrArray *interfaces, const char *name, VireoInterfaceKind kind)
{
  VireoInterfaceFacts *facts;

  for (guint i = 0; i < interfaces->len; i++)
    {
      facts = g_ptr_array_index (interfaces, i);
      if (g_str_equal (facts->name, name))
        {
          if (kind == VIREO_INTERFACE_BRIDGE)
            facts->kind = kind;
          return;
        }
    }
  facts = g_new0 (VireoInterfaceFacts, 1);
  facts->name = g_strdup (name);
  facts->kind = kind;
  g_ptr_array_add (interfaces, facts);
}

static gboolean
sys_net_has (const char *name, const char *what)
{
  g_autofree char *path = g_build_filename ("/sys/class/net", name, what, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

GPtrArray *
vireo_host_resources_collect_interfaces (virConnectPtr handle,
                                         gboolean local,
                                         const char *const *network_bridges)
{
  GPtrArray *interfaces =
      g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_interface_facts_free);
  g_autoptr (GPtrArray) xmls = node_device_xmls (handle, VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET);

  for (guint i = 0; i < xmls->len; i++)
    {
      gboolean physical;
      g_autofree char *name =
          vireo_host_resources_parse_net_device (g_ptr_array_index (xmls, i), &physical);

      if (name == NULL || g_str_equal (name, "lo") ||
          (network_bridges != NULL && g_strv_contains (network_bridges, name)))
        continue;
      if (!local)
        {
          /* another machine: its /sys is out of reach; devices on a bus
           * can be shared, bridges come from the interface list below */
          if (physical)
            add_interface (interfaces, name, VIREO_INTERFACE_DEVICE);
        }
      else if (sys_net_has (name, "bridge"))
        add_interface (interfaces, name, VIREO_INTERFACE_BRIDGE);
      else if (sys_net_has (name, "device"))
        add_interface (interfaces, name, VIREO_INTERFACE_DEVICE);
      /* else a virtual device (tap, veth, ifb, …): nothing to share */
    }

  if (!local)
    {
      virInterfacePtr *ifaces = NULL;
      int n = virConnectListAllInterfaces (handle, &ifaces, VIR_CONNECT_LIST_INTERFACES_ACTIVE);

      for (int i = 0; i < n; i++)
        {
          char *xml = virInterfaceGetXMLDesc (ifaces[i], 0);
          g_autoptr(xmlDoc) doc = vireo_xml_parse (xml, NULL, NULL);

          if (vireo_xml_attr_equals (vireo_xml_root (doc), "type", "bridge"))
            {
              const char *name = virInterfaceGetName (ifaces[i]);

              if (name != NULL &&
                  !(network_bridges != NULL && g_strv_contains (network_bridges, name)))
                add_interface (interfaces, name, VIREO_INTERFACE_BRIDGE);
            }
          free (xml);
          virInterfaceFree (ifaces[i]);
        }
      free (ifaces);
      virResetLastError ();
    }

  g_ptr_array_sort (interfaces, compare_interfaces);
  return interfaces;
}

GPtrArray *
vireo_host_resources_collect_drives (virConnectPtr handle)
{
  GPtrArray *drives = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_drive_facts_free);
  g_autoptr (GPtrArray) xmls = node_device_xmls (handle, VIR_CONNECT_LIST_NODE_DEVICES_CAP_STORAGE);

  for (guint i = 0; i < xmls->len; i++)
    {
      VireoDriveFacts *drive = vireo_host_resources_parse_drive (g_ptr_array_index (xmls, i));

      if (drive != NULL)
        g_ptr_array_add (drives, drive);
    }
  g_ptr_array_sort (drives, compare_drives);
  return drives;
}

/* -- storage pools ----------------------------------------------------------- */

gint64
vireo_host_resources_pool_free_bytes (const virStoragePoolInfo *info)
{
  guint64 free_bytes;

  g_return_val_if_fail (info != NULL, -1);

  if (info->state != VIR_STORAGE_POOL_RUNNING && info->state != VIR_STORAGE_POOL_DEGRADED)
    return -1;
  if (info->available <= info->capacity)
    free_bytes = info->available;
  else if (info->allocation <= info->capacity)
    free_bytes = info->capacity - info->allocation;
  else
    return -1;
  return (gint64) MIN (free_bytes, (guint64) G_MAXINT64);
}

/* -- async operations ------------------------------------------------------ */

typedef struct
{
  char *pool;
  char *name;
  char *format;
  guint64 capacity;
} VolumeRequest;

static void
volume_request_free (VolumeRequest *request)
{
  g_free (request->pool);
  g_free (request->name);
  g_free (request->format);
  g_free (request);
}

static virConnectPtr
open_handle (GTask *task, VireoConnection *self)
{
  virConnectPtr handle = vireo_connection_ref_handle (self);

  if (handle == NULL)
    g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                             _ ("The connection is not open."));
  return handle;
}

/* Runs @thread in @self's worker with @data (freed with @free_data) as the
 * task's data; @callback gets the result */
static void
run_task (VireoConnection *self,
          gpointer source_tag,
          gpointer data,
          GDestroyNotify free_data,
          GTaskThreadFunc thread,
          GCancellable *cancellable,
          GAsyncReadyCallback callback,
          gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, free_data);
  vireo_connection_run_in_worker (self, task, thread);
}

static int
compare_volumes (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 ((*(VireoVolumeFacts **) a)->name, (*(VireoVolumeFacts **) b)->name);
}

static char *
volume_format (const char *xml)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse (xml, NULL, NULL);

  return vireo_xml_attr (vireo_xml_child (vireo_xml_child (vireo_xml_root (doc), "target"), "format"),
                         "type");
}

/* the facts of @volume; @pool: its pool's name when known */
static VireoVolumeFacts *
volume_facts (virStorageVolPtr volume, const char *pool)
{
  VireoVolumeFacts *facts = g_new0 (VireoVolumeFacts, 1);
  virStorageVolInfo info;
  char *path = virStorageVolGetPath (volume);
  char *xml = virStorageVolGetXMLDesc (volume, 0);

  facts->name = g_strdup (virStorageVolGetName (volume));
  facts->path = g_strdup (path);
  facts->format = xml != NULL ? volume_format (xml) : NULL;
  facts->pool = g_strdup (pool);
  if (virStorageVolGetInfo (volume, &info) == 0)
    {
      facts->capacity = info.capacity;
      facts->allocation = info.allocation;
    }
  free (path);
  free (xml);
  return facts;
}

static void
list_volumes_thread (GTask *task,
                     gpointer source_object,
                     gpointer task_data,
                     GCancellable *cancellable)
{
  const char *pool_name = task_data;
  virConnectPtr handle = open_handle (task, source_object);
  virStoragePoolPtr pool;
  virStorageVolPtr *volumes = NULL;
  GPtrArray *result;
  int n;

  if (handle == NULL)
    return;
  pool = virStoragePoolLookupByName (handle, pool_name);
  if (pool == NULL)
    {
      g_autofree char *what =
          g_strdup_printf (_ ("Could not open the storage pool “%s”"), pool_name);

      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      virConnectClose (handle);
      return;
    }
  if (virStoragePoolIsActive (pool) == 1)
    virStoragePoolRefresh (pool, 0); /* volumes copied in by hand since */
  n = virStoragePoolListAllVolumes (pool, &volumes, 0);
  if (n < 0)
    {
      g_autofree char *what = g_strdup_printf (_ ("Could not list the volumes of “%s”"), pool_name);

      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      virStoragePoolFree (pool);
      virConnectClose (handle);
      return;
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_volume_facts_free);
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (result, volume_facts (volumes[i], NULL));
      virStorageVolFree (volumes[i]);
    }
  free (volumes);
  g_ptr_array_sort (result, compare_volumes);
  virResetLastError ();
  virStoragePoolFree (pool);
  virConnectClose (handle);
  g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

void
vireo_connection_list_volumes_async (VireoConnection *self,
                                     const char *pool,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (pool != NULL);

  run_task (self, vireo_connection_list_volumes_async, g_strdup (pool), g_free, list_volumes_thread,
            cancellable, callback, user_data);
}

GPtrArray *
vireo_connection_list_volumes_finish (VireoConnection *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

VireoVolumeFacts *
vireo_host_resources_lookup_volume (virConnectPtr handle, const char *source)
{
  virStorageVolPtr volume = NULL;
  virStoragePoolPtr pool = NULL;
  VireoVolumeFacts *facts = NULL;

  g_return_val_if_fail (handle != NULL, NULL);

  if (source == NULL || *source == '\0' || strlen (source) > 4096)
    return NULL;
  if (*source == '/')
    {
      volume = virStorageVolLookupByPath (handle, source);
      if (volume != NULL)
        pool = virStoragePoolLookupByVolume (volume);
    }
  else
    {
      const char *slash = strchr (source, '/');
      g_autofree char *pool_name = slash != NULL ? g_strndup (source, slash - source) : NULL;

      if (pool_name != NULL && *pool_name != '\0' && slash[1] != '\0')
        pool = virStoragePoolLookupByName (handle, pool_name);
      if (pool != NULL)
        volume = virStorageVolLookupByName (pool, slash + 1);
    }
  if (volume != NULL)
    facts = volume_facts (volume, pool != NULL ? virStoragePoolGetName (pool) : NULL);
  virResetLastError ();
  if (volume != NULL)
    virStorageVolFree (volume);
  if (pool != NULL)
    virStoragePoolFree (pool);
  return facts;
}

static void
lookup_volume_thread (GTask *task,
                      gpointer source_object,
                      gpointer task_data,
                      GCancellable *cancellable)
{
  virConnectPtr handle = open_handle (task, source_object);

  if (handle == NULL)
    return;
  g_task_return_pointer (task, vireo_host_resources_lookup_volume (handle, task_data),
                         (GDestroyNotify) vireo_volume_facts_free);
  virConnectClose (handle);
}

void
vireo_connection_lookup_volume_async (VireoConnection *self,
                                      const char *source,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (source != NULL);

  run_task (self, vireo_connection_lookup_volume_async, g_strdup (source), g_free,
            lookup_volume_thread, cancellable, callback, user_data);
}

VireoVolumeFacts *
vireo_connection_lookup_volume_finish (VireoConnection *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
volume_xml (const VolumeRequest *request)
{
  g_autoptr(xmlDoc) doc = vireo_xml_new_document ("volume");
  xmlNode *root = vireo_xml_root (doc);
  g_autofree char *capacity = g_strdup_printf ("%" G_GUINT64_FORMAT, request->capacity);
  xmlNode *node;

  vireo_xml_add_child (root, "name", request->name);
  node = vireo_xml_add_child (root, "capacity", capacity);
  vireo_xml_set_attr (node, "unit", "bytes");
  node = vireo_xml_add_child (root, "allocation", "0");
  vireo_xml_set_attr (node, "unit", "bytes");
  node = vireo_xml_add_child (vireo_xml_add_child (root, "target", NULL), "format", NULL);
  vireo_xml_set_attr (node, "type", request->format);
  return vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY);
}

static void
create_volume_thread (GTask *task,
                      gpointer source_object,
                      gpointer task_data,
                      GCancellable *cancellable)
{
  VolumeRequest *request = task_data;
  virConnectPtr handle = open_handle (task, source_object);
  g_autofree char *xml = NULL;
  g_autofree char *what = NULL;
  virStoragePoolPtr pool;
  virStorageVolPtr volume = NULL;
  char *path;

  if (handle == NULL)
    return;
  what = g_strdup_printf (_ ("Could not create the volume “%s” in “%s”"), request->name,
                          request->pool);
  pool = virStoragePoolLookupByName (handle, request->pool);
  if (pool != NULL)
    {
      xml = volume_xml (request);
      volume = virStorageVolCreateXML (pool, xml, 0);
    }
  if (volume == NULL)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      if (pool != NULL)
        virStoragePoolFree (pool);
      virConnectClose (handle);
      return;
    }
  path = virStorageVolGetPath (volume);
  /* read the error before the frees below reset it */
  if (path == NULL)
    g_task_return_error (task, vireo_error_new_from_libvirt (what));
  virResetLastError ();
  virStorageVolFree (volume);
  virStoragePoolFree (pool);
  virConnectClose (handle);
  if (path == NULL)
    return;
  g_task_return_pointer (task, g_strdup (path), g_free);
  free (path);
}

void
vireo_connection_create_volume_async (VireoConnection *self,
                                      const char *pool,
                                      const char *name,
                                      guint64 capacity,
                                      const char *format,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  VolumeRequest *request;

  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (pool != NULL && name != NULL);

  request = g_new0 (VolumeRequest, 1);
  request->pool = g_strdup (pool);
  request->name = g_strdup (name);
  request->format = g_strdup (format != NULL ? format : "qcow2");
  request->capacity = capacity;
  run_task (self, vireo_connection_create_volume_async, request, (GDestroyNotify) volume_request_free,
            create_volume_thread, cancellable, callback, user_data);
}

char *
vireo_connection_create_volume_finish (VireoConnection *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
delete_volume_thread (GTask *task,
                      gpointer source_object,
                      gpointer task_data,
                      GCancellable *cancellable)
{
  VolumeRequest *request = task_data;
  virConnectPtr handle = open_handle (task, source_object);
  virStoragePoolPtr pool;
  virStorageVolPtr volume = NULL;
  gboolean ok;

  if (handle == NULL)
    return;
  pool = virStoragePoolLookupByName (handle, request->pool);
  if (pool != NULL)
    volume = virStorageVolLookupByName (pool, request->name);
  ok = volume != NULL && virStorageVolDelete (volume, 0) == 0;
  if (!ok)
    {
      g_autofree char *what = g_strdup_printf (_ ("Could not delete the volume “%s” in “%s”"),
                                               request->name, request->pool);

      g_task_return_error (task, vireo_error_new_from_libvirt (what));
    }
  else
    g_task_return_boolean (task, TRUE);
  virResetLastError ();
  if (volume != NULL)
    virStorageVolFree (volume);
  if (pool != NULL)
    virStoragePoolFree (pool);
  virConnectClose (handle);
}

void
vireo_connection_delete_volume_async (VireoConnection *self,
                                      const char *pool,
                                      const char *name,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  VolumeRequest *request;

  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (pool != NULL && name != NULL);

  request = g_new0 (VolumeRequest, 1);
  request->pool = g_strdup (pool);
  request->name = g_strdup (name);
  run_task (self, vireo_connection_delete_volume_async, request, (GDestroyNotify) volume_request_free,
            delete_volume_thread, cancellable, callback, user_data);
}

gboolean
vireo_connection_delete_volume_finish (VireoConnection *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
start_network_thread (GTask *task,
                      gpointer source_object,
                      gpointer task_data,
                      GCancellable *cancellable)
{
  const char *name = task_data;
  virConnectPtr handle = open_handle (task, source_object);
  virNetworkPtr network;
  gboolean ok;

  if (handle == NULL)
    return;
  network = virNetworkLookupByName (handle, name);
  ok = network != NULL && (virNetworkIsActive (network) == 1 || virNetworkCreate (network) == 0);
  if (!ok)
    {
      g_autofree char *what =
          g_strdup_printf (_ ("Could not start the virtual network “%s”"), name);

      g_task_return_error (task, vireo_error_new_from_libvirt (what));
    }
  else
    g_task_return_boolean (task, TRUE);
  virResetLastError ();
  if (network != NULL)
    virNetworkFree (network);
  virConnectClose (handle);
}

void
vireo_connection_start_network_async (VireoConnection *self,
                                      const char *network,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (network != NULL);

  run_task (self, vireo_connection_start_network_async, g_strdup (network), g_free, start_network_thread,
            cancellable, callback, user_data);
}

gboolean
vireo_connection_start_network_finish (VireoConnection *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
