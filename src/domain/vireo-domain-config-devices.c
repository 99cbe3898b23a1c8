/* vireo-domain-config-devices.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoDomainConfig's devices: their kinds, ids, titles and icons, the list
 * in virt-manager's order, adding and removing one. Devices are handles on
 * the elements of <devices>; their ids come from what names a device in
 * libvirt's own definition (a disk's target, a NIC's MAC, a controller's type
 * and index), so they match between the persistent and the live XML.
 */
#define G_LOG_DOMAIN "vireo-domain-config"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vireo-domain-config-private.h"
#include "vireo-xml-edit.h"
#include "vireo-xml.h"

/* the longest piece of the XML a title or an id repeats */
#define MAX_SHOWN_CHARS 48

/* -- device kinds ------------------------------------------------------------ */

static const struct
{
  const char      *element;
  VireoDeviceKind  kind;
} element_kinds[] = {
  { "interface", VIREO_DEVICE_KIND_INTERFACE },
  { "input", VIREO_DEVICE_KIND_INPUT },
  { "graphics", VIREO_DEVICE_KIND_GRAPHICS },
  { "sound", VIREO_DEVICE_KIND_SOUND },
  { "audio", VIREO_DEVICE_KIND_AUDIO },
  { "serial", VIREO_DEVICE_KIND_SERIAL },
  { "parallel", VIREO_DEVICE_KIND_PARALLEL },
  { "console", VIREO_DEVICE_KIND_CONSOLE },
  { "channel", VIREO_DEVICE_KIND_CHANNEL },
  { "video", VIREO_DEVICE_KIND_VIDEO },
  { "watchdog", VIREO_DEVICE_KIND_WATCHDOG },
  { "controller", VIREO_DEVICE_KIND_CONTROLLER },
  { "filesystem", VIREO_DEVICE_KIND_FILESYSTEM },
  { "smartcard", VIREO_DEVICE_KIND_SMARTCARD },
  { "redirdev", VIREO_DEVICE_KIND_REDIRDEV },
  { "tpm", VIREO_DEVICE_KIND_TPM },
  { "rng", VIREO_DEVICE_KIND_RNG },
  { "panic", VIREO_DEVICE_KIND_PANIC },
  { "vsock", VIREO_DEVICE_KIND_VSOCK },
  { "memballoon", VIREO_DEVICE_KIND_MEMBALLOON },
  { "hub", VIREO_DEVICE_KIND_HUB },
  { "shmem", VIREO_DEVICE_KIND_SHMEM },
  { "iommu", VIREO_DEVICE_KIND_IOMMU },
  { "memory", VIREO_DEVICE_KIND_MEMORY },
  { "lease", VIREO_DEVICE_KIND_LEASE },
};

/* elements of <devices> a device can be added as */
static const char * const device_elements[] = {
  "disk", "hostdev", "interface", "input", "graphics", "sound", "audio", "serial",
  "parallel", "console", "channel", "video", "watchdog", "controller", "filesystem",
  "smartcard", "redirdev", "tpm", "rng", "panic", "vsock", "memballoon", "hub", "shmem",
  "iommu", "memory", "lease", "redirfilter", "nvram", "crypto", "pstore", NULL
};

static VireoDeviceKind
kind_of_node (xmlNode *node)
{
  const char *name = (const char *) node->name;

  if (g_str_equal (name, "disk"))
    {
      if (vireo_xml_attr_equals (node, "device", "cdrom"))
        return VIREO_DEVICE_KIND_CDROM;
      if (vireo_xml_attr_equals (node, "device", "floppy"))
        return VIREO_DEVICE_KIND_FLOPPY;
      return VIREO_DEVICE_KIND_DISK;
    }
  if (g_str_equal (name, "hostdev"))
    {
      if (vireo_xml_attr_equals (node, "mode", "capabilities"))
        return VIREO_DEVICE_KIND_HOSTDEV_OTHER;
      if (vireo_xml_attr_equals (node, "type", "usb"))
        return VIREO_DEVICE_KIND_HOSTDEV_USB;
      if (vireo_xml_attr_equals (node, "type", "pci"))
        return VIREO_DEVICE_KIND_HOSTDEV_PCI;
      return VIREO_DEVICE_KIND_HOSTDEV_OTHER;
    }
  for (guint i = 0; i < G_N_ELEMENTS (element_kinds); i++)
    if (g_str_equal (name, element_kinds[i].element))
      return element_kinds[i].kind;
  return VIREO_DEVICE_KIND_OTHER;
}

/* the text of @node's XML as a person may see it: at most MAX_SHOWN_CHARS */
char *
_vireo_domain_config_shown (const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return NULL;
  {
    g_autofree char *repaired = g_utf8_make_valid (text, -1);
    GString *out = g_string_new (NULL);

    /* no control characters, no bidi embedding, override or isolate: the
     * text cannot reorder the title around it */
    for (const char *p = repaired; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (c < 0x20 || c == 0x7f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
          continue;
        g_string_append_unichar (out, c);
      }
    valid = g_string_free (out, FALSE);
  }
  if (g_utf8_strlen (valid, -1) <= MAX_SHOWN_CHARS)
    return g_steal_pointer (&valid);
  {
    g_autofree char *head = g_utf8_substring (valid, 0, MAX_SHOWN_CHARS - 1);

    return g_strconcat (head, "…", NULL);
  }
}

/* the device's natural key in libvirt's definition, or NULL */
static char *
device_key (xmlNode         *node,
            VireoDeviceKind  kind)
{
  switch ((int) kind)
    {
    case VIREO_DEVICE_KIND_DISK:
    case VIREO_DEVICE_KIND_CDROM:
    case VIREO_DEVICE_KIND_FLOPPY:
      return vireo_xml_get_string (node, "target/@dev");
    case VIREO_DEVICE_KIND_INTERFACE:
      {
        g_autofree char *mac = vireo_xml_get_string (node, "mac/@address");

        return mac != NULL ? g_ascii_strdown (mac, -1) : NULL;
      }
    case VIREO_DEVICE_KIND_GRAPHICS:
    case VIREO_DEVICE_KIND_AUDIO:
      {
        g_autofree char *type = vireo_xml_attr (node, "type");
        g_autofree char *id = vireo_xml_attr (node, "id");

        if (kind == VIREO_DEVICE_KIND_AUDIO && id != NULL)
          return g_steal_pointer (&id);
        return g_steal_pointer (&type);
      }
    case VIREO_DEVICE_KIND_CONTROLLER:
      {
        g_autofree char *type = vireo_xml_attr (node, "type");
        g_autofree char *index = vireo_xml_attr (node, "index");

        return type != NULL && index != NULL ? g_strdup_printf ("%s:%s", type, index) : NULL;
      }
    case VIREO_DEVICE_KIND_INPUT:
      {
        g_autofree char *type = vireo_xml_attr (node, "type");
        g_autofree char *bus = vireo_xml_get_string (node, "@bus");

        return type != NULL ? g_strdup_printf ("%s:%s", type, bus != NULL ? bus : "") : NULL;
      }
    case VIREO_DEVICE_KIND_SERIAL:
    case VIREO_DEVICE_KIND_PARALLEL:
    case VIREO_DEVICE_KIND_CONSOLE:
      return vireo_xml_get_string (node, "target/@port");
    case VIREO_DEVICE_KIND_CHANNEL:
      {
        char *target = vireo_xml_get_string (node, "target/@name");

        return target != NULL ? target : vireo_xml_get_string (node, "target/@type");
      }
    case VIREO_DEVICE_KIND_HOSTDEV_USB:
      {
        g_autofree char *vendor = vireo_xml_get_string (node, "source/vendor/@id");
        g_autofree char *product = vireo_xml_get_string (node, "source/product/@id");
        g_autofree char *bus = vireo_xml_get_string (node, "source/address/@bus");
        g_autofree char *device = vireo_xml_get_string (node, "source/address/@device");

        if (vendor != NULL && product != NULL)
          return g_strdup_printf ("usb:%s:%s", vendor, product);
        if (bus != NULL && device != NULL)
          return g_strdup_printf ("usb:%s.%s", bus, device);
        return NULL;
      }
    case VIREO_DEVICE_KIND_HOSTDEV_PCI:
      {
        g_autofree char *domain = vireo_xml_get_string (node, "source/address/@domain");
        g_autofree char *bus = vireo_xml_get_string (node, "source/address/@bus");
        g_autofree char *slot = vireo_xml_get_string (node, "source/address/@slot");
        g_autofree char *function = vireo_xml_get_string (node, "source/address/@function");

        if (bus == NULL || slot == NULL)
          return NULL;
        return g_strdup_printf ("pci:%s:%s:%s.%s", domain != NULL ? domain : "0", bus, slot,
                                function != NULL ? function : "0");
      }
    case VIREO_DEVICE_KIND_HOSTDEV_OTHER:
      {
        g_autofree char *type = vireo_xml_attr (node, "type");
        g_autofree char *uuid = vireo_xml_get_string (node, "source/address/@uuid");
        g_autofree char *adapter = vireo_xml_get_string (node, "source/adapter/@name");

        if (type == NULL)
          return NULL;
        if (uuid != NULL || adapter != NULL)
          return g_strdup_printf ("%s:%s", type, uuid != NULL ? uuid : adapter);
        return g_strdup (type);
      }
    case VIREO_DEVICE_KIND_SHMEM:
      return vireo_xml_attr (node, "name");
    default:
      break;
    }
  return NULL;
}

static char *
element_prefix (xmlNode *node)
{
  if (vireo_xml_is_element (node, "hostdev"))
    return g_strdup ("hostdev");
  return g_strdup ((const char *) node->name);
}

/* ids of every device, in document order, unique within the config */
static void
assign_ids (VireoDomainConfig *self)
{
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ordinals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (self->devices, i);
      g_autofree char *prefix = element_prefix (device->node);
      g_autofree char *raw = device_key (device->node, device->kind);
      g_autofree char *key = raw != NULL ? _vireo_domain_config_shown (raw) : NULL;
      guint ordinal = GPOINTER_TO_UINT (g_hash_table_lookup (ordinals, prefix));
      char *id;

      g_hash_table_insert (ordinals, g_strdup (prefix), GUINT_TO_POINTER (ordinal + 1));
      id = key != NULL ? g_strdup_printf ("%s:%s", prefix, key)
                       : g_strdup_printf ("%s:%u", prefix, ordinal);
      for (guint n = 2; g_hash_table_contains (taken, id); n++)
        {
          g_free (id);
          id = key != NULL ? g_strdup_printf ("%s:%s#%u", prefix, key, n)
                           : g_strdup_printf ("%s:%u#%u", prefix, ordinal, n);
        }
      g_free (device->id);
      device->id = id;
      g_hash_table_add (taken, id);
    }
}

static VireoDevice *
device_new (VireoDomainConfig *config,
            xmlNode           *node)
{
  VireoDevice *device = g_object_new (VIREO_TYPE_DEVICE, NULL);

  device->config = config;
  device->node = node;
  device->kind = kind_of_node (node);
  return device;
}

static xmlNode *
devices_node (VireoDomainConfig *self)
{
  return vireo_xml_child (vireo_xml_root (self->doc), "devices");
}

static gboolean
is_device_element (xmlNode *node)
{
  return node->type == XML_ELEMENT_NODE && node->ns == NULL
         && !vireo_xml_is_element (node, "emulator");
}

/* rebuilds the handle list in document order, keeping the handles of the
 * elements still there */
void
_vireo_domain_config_scan_devices (VireoDomainConfig *self)
{
  g_autoptr(GHashTable) by_node = g_hash_table_new (NULL, NULL);
  GPtrArray *devices = g_ptr_array_new_with_free_func (g_object_unref);
  xmlNode *parent = devices_node (self);

  for (guint i = 0; i < self->devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (self->devices, i);

      g_hash_table_insert (by_node, device->node, device);
    }
  for (xmlNode *node = parent != NULL ? parent->children : NULL; node != NULL; node = node->next)
    {
      VireoDevice *device;

      if (!is_device_element (node))
        continue;
      device = g_hash_table_lookup (by_node, node);
      if (device != NULL)
        {
          g_hash_table_remove (by_node, node);
          g_ptr_array_add (devices, g_object_ref (device));
          device->kind = kind_of_node (node);
        }
      else
        g_ptr_array_add (devices, device_new (self, node));
    }
  /* handles whose element went away */
  {
    GHashTableIter iter;
    VireoDevice *gone;

    g_hash_table_iter_init (&iter, by_node);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &gone))
      {
        gone->node = NULL;
        g_ptr_array_add (self->removed, g_object_ref (gone));
      }
  }
  g_ptr_array_unref (self->devices);
  self->devices = devices;
  assign_ids (self);
}

/* -- devices ------------------------------------------------------------------------ */

static gint
compare_kind (gconstpointer a,
              gconstpointer b)
{
  VireoDevice *x = *(VireoDevice **) a;
  VireoDevice *y = *(VireoDevice **) b;

  return (int) x->kind - (int) y->kind;
}

GPtrArray *
vireo_domain_config_get_devices (VireoDomainConfig *self)
{
  GPtrArray *out;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);

  out = g_ptr_array_copy (self->devices, NULL, NULL);
  g_ptr_array_set_free_func (out, NULL);
  /* a merge sort: stable, so document order within a kind */
  g_ptr_array_sort (out, compare_kind);
  return out;
}

VireoDevice *
vireo_domain_config_find_device (VireoDomainConfig *self,
                                 const char        *id)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);

  if (id == NULL)
    return NULL;
  for (guint i = 0; i < self->devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (self->devices, i);

      if (g_str_equal (device->id, id))
        return device;
    }
  return NULL;
}

/* a disk on a bus that takes hot-plug, a NIC, a host USB device */
static gboolean
hotpluggable (xmlNode *node)
{
  switch ((int) kind_of_node (node))
    {
    case VIREO_DEVICE_KIND_DISK:
      {
        g_autofree char *bus = vireo_xml_get_string (node, "target/@bus");

        return g_strcmp0 (bus, "virtio") == 0 || g_strcmp0 (bus, "scsi") == 0
               || g_strcmp0 (bus, "usb") == 0;
      }
    case VIREO_DEVICE_KIND_INTERFACE:
    case VIREO_DEVICE_KIND_HOSTDEV_USB:
      return TRUE;
    default:
      return FALSE;
    }
}

VireoDevice *
vireo_domain_config_add_device (VireoDomainConfig  *self,
                                const char         *device_xml,
                                GError            **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GError) local = NULL;
  xmlNode *root, *devices, *copy, *after = NULL;
  VireoDevice *device = NULL;
  VireoConfigChange *change;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);

  doc = vireo_xml_parse (device_xml, NULL, &local);
  if (doc == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The device’s XML cannot be read: %s."), local->message);
      return NULL;
    }
  root = vireo_xml_root (doc);
  if (root->ns != NULL || !g_strv_contains (device_elements, (const char *) root->name))
    {
      g_autofree char *name = _vireo_domain_config_shown ((const char *) root->name);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("<%s> is not a device a virtual machine can have."), name);
      return NULL;
    }

  devices = devices_node (self);
  if (devices == NULL)
    devices = vireo_xml_edit_add_child (ROOT (self), "devices", NULL);
  for (xmlNode *node = devices->children; node != NULL; node = node->next)
    if (is_device_element (node) && vireo_xml_is_element (node, (const char *) root->name))
      after = node;
  copy = vireo_xml_edit_import (self->doc, root);
  vireo_xml_edit_insert (devices, after, copy);
  _vireo_domain_config_scan_devices (self);

  for (guint i = 0; i < self->devices->len; i++)
    if (((VireoDevice *) g_ptr_array_index (self->devices, i))->node == copy)
      device = g_ptr_array_index (self->devices, i);
  g_assert (device != NULL);

  /* a second disk on one target, a second NIC with one MAC */
  if (strchr (device->id, '#') != NULL
      && (device->kind == VIREO_DEVICE_KIND_DISK || device->kind == VIREO_DEVICE_KIND_CDROM
          || device->kind == VIREO_DEVICE_KIND_FLOPPY
          || device->kind == VIREO_DEVICE_KIND_INTERFACE))
    {
      g_autofree char *key = device_key (copy, device->kind);
      g_autofree char *name = _vireo_domain_config_shown (key);

      vireo_xml_edit_remove (copy);
      _vireo_domain_config_scan_devices (self);
      if (device->kind == VIREO_DEVICE_KIND_INTERFACE)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("Another network card of this virtual machine has the MAC address %s."), name);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("Another disk of this virtual machine is already at %s."), name);
      return NULL;
    }

  change = _vireo_domain_config_record (self, VIREO_CONFIG_CHANGE_ADD, device->id, hotpluggable (copy));
  (void) change;
  return device;
}

void
vireo_domain_config_remove_device (VireoDomainConfig *self,
                                   VireoDevice       *device)
{
  g_autofree char *id = NULL;
  gboolean added;

  g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));
  g_return_if_fail (VIREO_IS_DEVICE (device));
  g_return_if_fail (device->config == self && device->node != NULL);

  id = g_strdup (device->id);
  added = _vireo_domain_config_was_added (self, id);
  /* what was recorded for it is moot now */
  for (guint i = self->changes->len; i > 0; i--)
    {
      VireoConfigChange *change = g_ptr_array_index (self->changes, i - 1);

      if (g_strcmp0 (change->device_id, id) == 0)
        g_ptr_array_remove_index (self->changes, i - 1);
    }
  if (!added)
    {
      VireoConfigChange *change = _vireo_domain_config_record (self, VIREO_CONFIG_CHANGE_REMOVE, id,
                                          hotpluggable (device->node));

      change->xml = vireo_xml_serialize_node (device->node, VIREO_XML_FORMAT_COMPACT);
    }
  vireo_xml_edit_remove (device->node);
  device->node = NULL;
  _vireo_domain_config_scan_devices (self);
}

/* -- one device ------------------------------------------------------------------------- */

VireoDeviceKind
vireo_device_get_kind (VireoDevice *self)
{
  g_return_val_if_fail (VIREO_IS_DEVICE (self), VIREO_DEVICE_KIND_OTHER);
  return self->kind;
}

gboolean
vireo_device_get_hotpluggable (VireoDevice *self)
{
  g_return_val_if_fail (VIREO_IS_DEVICE (self), FALSE);
  return self->node != NULL && hotpluggable (self->node);
}

const char *
vireo_device_get_id (VireoDevice *self)
{
  g_return_val_if_fail (VIREO_IS_DEVICE (self), NULL);
  return self->id;
}

static const char *
bus_label (const char *bus)
{
  static const struct { const char *bus, *label; } labels[] = {
    { "virtio", "VirtIO" }, { "sata", "SATA" }, { "scsi", "SCSI" }, { "ide", "IDE" },
    { "usb", "USB" }, { "xen", "Xen" }, { "sd", "SD" }, { "fdc", "Floppy" },
  };

  for (guint i = 0; bus != NULL && i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (bus, labels[i].bus))
      return labels[i].label;
  return NULL;
}

/* "vdb" → 2, "sdaa" → 27; 0 when @dev is not a letter name */
static guint
target_index (const char *dev)
{
  const char *letters;
  guint index = 0;

  if (dev == NULL)
    return 0;
  letters = g_str_has_prefix (dev, "xvd") ? dev + 3 : strlen (dev) > 2 ? dev + 2 : NULL;
  if (letters == NULL || *letters == '\0' || strlen (letters) > 4)
    return 0;
  for (const char *p = letters; *p != '\0'; p++)
    {
      if (*p < 'a' || *p > 'z')
        return 0;
      index = index * 26 + (guint) (*p - 'a' + 1);
    }
  return index;
}

/* the position (from 1) of @self among the devices of its kind */
static guint
ordinal (VireoDevice *self)
{
  guint n = 0;

  for (guint i = 0; i < self->config->devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (self->config->devices, i);

      if (device->kind == self->kind)
        n++;
      if (device == self)
        return n;
    }
  return n;
}

static char *
disk_title (VireoDevice *self)
{
  g_autofree char *bus = vireo_xml_get_string (self->node, "target/@bus");
  g_autofree char *dev = vireo_xml_get_string (self->node, "target/@dev");
  const char *label = bus_label (bus);
  guint index = target_index (dev);

  if (index == 0)
    index = ordinal (self);
  switch ((int) self->kind)
    {
    case VIREO_DEVICE_KIND_CDROM:
      return label != NULL ? g_strdup_printf (_("%s CD-ROM %u"), label, index)
                           : g_strdup_printf (_("CD-ROM %u"), index);
    case VIREO_DEVICE_KIND_FLOPPY:
      return g_strdup_printf (_("Floppy %u"), index);
    default:
      return label != NULL ? g_strdup_printf (_("%s Disk %u"), label, index)
                           : g_strdup_printf (_("Disk %u"), index);
    }
}

static char *
attr_shown (VireoDevice *self,
            const char  *xpath)
{
  g_autofree char *raw = vireo_xml_get_string (self->node, xpath);

  return _vireo_domain_config_shown (raw);
}

/* returns "format" with the attribute, or "fallback" without it */
#define ATTR_TITLE(self, format, xpath, fallback)                                       \
  G_STMT_START {                                                                        \
    g_autofree char *value_ = attr_shown ((self), (xpath));                             \
    return value_ != NULL ? g_strdup_printf ((format), value_) : g_strdup (fallback);   \
  } G_STMT_END

static guint
port_number (VireoDevice *self)
{
  gint64 port = -1;

  if (!vireo_xml_get_int (self->node, "target/@port", &port, NULL) || port < 0 || port > 1000)
    return ordinal (self);
  return (guint) port + 1;
}

static const char *
video_label (const char *model)
{
  static const struct { const char *model, *label; } labels[] = {
    { "virtio", "Virtio" }, { "qxl", "QXL" }, { "vga", "VGA" }, { "cirrus", "Cirrus" },
    { "bochs", "Bochs" }, { "ramfb", "Ramfb" }, { "vmvga", "VMVGA" }, { "xen", "Xen" },
    { "vbox", "VirtualBox" }, { "gop", "GOP" }, { "none", "None" },
  };

  for (guint i = 0; model != NULL && i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (model, labels[i].model))
      return labels[i].label;
  return NULL;
}

static char *
controller_title (VireoDevice *self)
{
  static const struct { const char *type, *label; } labels[] = {
    { "usb", "USB" }, { "pci", "PCI" }, { "scsi", "SCSI" }, { "sata", "SATA" },
    { "ide", "IDE" }, { "virtio-serial", "VirtIO Serial" }, { "fdc", "Floppy" },
    { "ccid", "CCID" }, { "xenbus", "Xen Bus" }, { "isa", "ISA" },
  };
  g_autofree char *type = vireo_xml_attr (self->node, "type");
  g_autofree char *model = vireo_xml_attr (self->node, "model");
  g_autofree char *index = vireo_xml_attr (self->node, "index");
  const char *label = NULL;
  g_autofree char *shown_type = NULL;
  gint64 number = 0;

  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (type, labels[i].type))
      label = labels[i].label;
  if (g_strcmp0 (type, "scsi") == 0 && g_strcmp0 (model, "virtio-scsi") == 0)
    label = "VirtIO SCSI";
  if (label == NULL)
    label = shown_type = _vireo_domain_config_shown (type != NULL ? type : "?");
  if (index == NULL || !g_ascii_string_to_signed (index, 10, 0, 65535, &number, NULL))
    return g_strdup_printf (_("Controller %s"), label);
  return g_strdup_printf (_("Controller %s %u"), label, (guint) number);
}

char *
vireo_device_dup_title (VireoDevice *self)
{
  g_return_val_if_fail (VIREO_IS_DEVICE (self), NULL);

  if (!DEVICE_USABLE (self))
    return g_strdup (_("Removed device"));

  switch ((int) self->kind)
    {
    case VIREO_DEVICE_KIND_DISK:
    case VIREO_DEVICE_KIND_CDROM:
    case VIREO_DEVICE_KIND_FLOPPY:
      return disk_title (self);
    case VIREO_DEVICE_KIND_INTERFACE:
      {
        g_autofree char *mac = vireo_xml_get_string (self->node, "mac/@address");

        if (mac == NULL || !vireo_mac_address_is_valid (mac, NULL))
          return g_strdup (_("NIC"));
        return g_strdup_printf (_("NIC %s"), mac + 8);
      }
    case VIREO_DEVICE_KIND_INPUT:
      {
        g_autofree char *type = vireo_xml_attr (self->node, "type");

        if (g_strcmp0 (type, "tablet") == 0)
          return g_strdup (_("Tablet"));
        if (g_strcmp0 (type, "mouse") == 0)
          return g_strdup (_("Mouse"));
        if (g_strcmp0 (type, "keyboard") == 0)
          return g_strdup (_("Keyboard"));
        return g_strdup (_("Input"));
      }
    case VIREO_DEVICE_KIND_GRAPHICS:
      {
        static const struct { const char *type, *label; } labels[] = {
          { "vnc", "VNC" }, { "spice", "SPICE" }, { "rdp", "RDP" }, { "sdl", "SDL" },
          { "egl-headless", "EGL Headless" }, { "dbus", "D-Bus" }, { "desktop", "Desktop" },
        };
        g_autofree char *type = vireo_xml_attr (self->node, "type");

        for (guint i = 0; type != NULL && i < G_N_ELEMENTS (labels); i++)
          if (g_str_equal (type, labels[i].type))
            return g_strdup_printf (_("Display %s"), labels[i].label);
        return g_strdup (_("Display"));
      }
    case VIREO_DEVICE_KIND_SOUND:
      ATTR_TITLE (self, _("Sound %s"), "@model", _("Sound"));
    case VIREO_DEVICE_KIND_AUDIO:
      ATTR_TITLE (self, _("Audio Backend %s"), "@type", _("Audio Backend"));
    case VIREO_DEVICE_KIND_SERIAL:
      return g_strdup_printf (_("Serial %u"), port_number (self));
    case VIREO_DEVICE_KIND_PARALLEL:
      return g_strdup_printf (_("Parallel %u"), port_number (self));
    case VIREO_DEVICE_KIND_CONSOLE:
      return g_strdup_printf (_("Console %u"), port_number (self));
    case VIREO_DEVICE_KIND_CHANNEL:
      {
        g_autofree char *name = vireo_xml_get_string (self->node, "target/@name");

        if (g_strcmp0 (name, "org.qemu.guest_agent.0") == 0)
          return g_strdup (_("Channel QEMU Guest Agent"));
        if (g_strcmp0 (name, "com.redhat.spice.0") == 0)
          return g_strdup (_("Channel SPICE Agent"));
        ATTR_TITLE (self, _("Channel %s"), "target/@name", _("Channel"));
      }
    case VIREO_DEVICE_KIND_HOSTDEV_USB:
      {
        g_autofree char *vendor = vireo_xml_get_string (self->node, "source/vendor/@id");
        g_autofree char *product = vireo_xml_get_string (self->node, "source/product/@id");
        guint64 v, p;

        if (vendor != NULL && product != NULL
            && vireo_xml_get_uint64 (self->node, "source/vendor/@id", &v, NULL)
            && vireo_xml_get_uint64 (self->node, "source/product/@id", &p, NULL)
            && v <= 0xffff && p <= 0xffff)
          return g_strdup_printf (_("Host USB %04x:%04x"), (guint) v, (guint) p);
        return g_strdup (_("Host USB Device"));
      }
    case VIREO_DEVICE_KIND_HOSTDEV_PCI:
      {
        guint64 d = 0, b, s, f = 0;

        if (vireo_xml_get_uint64 (self->node, "source/address/@bus", &b, NULL)
            && vireo_xml_get_uint64 (self->node, "source/address/@slot", &s, NULL)
            && b <= 0xff && s <= 0x1f)
          {
            vireo_xml_get_uint64 (self->node, "source/address/@domain", &d, NULL);
            vireo_xml_get_uint64 (self->node, "source/address/@function", &f, NULL);
            return g_strdup_printf (_("Host PCI %04x:%02x:%02x.%x"), (guint) (d & 0xffff),
                                    (guint) b, (guint) s, (guint) (f & 0x7));
          }
        return g_strdup (_("Host PCI Device"));
      }
    case VIREO_DEVICE_KIND_HOSTDEV_OTHER:
      {
        g_autofree char *type = vireo_xml_attr (self->node, "type");

        if (g_strcmp0 (type, "scsi") == 0)
          return g_strdup (_("Host SCSI Device"));
        if (g_strcmp0 (type, "scsi_host") == 0)
          return g_strdup (_("Host SCSI Adapter"));
        if (g_strcmp0 (type, "mdev") == 0)
          return g_strdup (_("Mediated Device"));
        return g_strdup (_("Host Device"));
      }
    case VIREO_DEVICE_KIND_VIDEO:
      {
        g_autofree char *model = vireo_xml_get_string (self->node, "model/@type");
        const char *label = video_label (model);

        return label != NULL ? g_strdup_printf (_("Video %s"), label) : g_strdup (_("Video"));
      }
    case VIREO_DEVICE_KIND_WATCHDOG:
      return g_strdup (_("Watchdog"));
    case VIREO_DEVICE_KIND_CONTROLLER:
      return controller_title (self);
    case VIREO_DEVICE_KIND_FILESYSTEM:
      ATTR_TITLE (self, _("Filesystem %s"), "target/@dir", _("Filesystem"));
    case VIREO_DEVICE_KIND_SMARTCARD:
      return g_strdup (_("Smartcard"));
    case VIREO_DEVICE_KIND_REDIRDEV:
      return g_strdup_printf (_("USB Redirector %u"), ordinal (self));
    case VIREO_DEVICE_KIND_TPM:
      ATTR_TITLE (self, _("TPM v%s"), "backend/@version", _("TPM"));
    case VIREO_DEVICE_KIND_RNG:
      return g_strdup (_("Random Number Generator"));
    case VIREO_DEVICE_KIND_PANIC:
      return g_strdup (_("Panic Notifier"));
    case VIREO_DEVICE_KIND_VSOCK:
      return g_strdup (_("VirtIO VSOCK"));
    case VIREO_DEVICE_KIND_MEMBALLOON:
      return g_strdup (_("Memory Balloon"));
    case VIREO_DEVICE_KIND_HUB:
      return g_strdup (_("USB Hub"));
    case VIREO_DEVICE_KIND_SHMEM:
      ATTR_TITLE (self, _("Shared Memory %s"), "@name", _("Shared Memory"));
    case VIREO_DEVICE_KIND_IOMMU:
      return g_strdup (_("IOMMU"));
    case VIREO_DEVICE_KIND_MEMORY:
      {
        g_autofree char *model = vireo_xml_attr (self->node, "model");

        if (g_strcmp0 (model, "dimm") == 0)
          return g_strdup (_("Memory DIMM"));
        if (g_strcmp0 (model, "nvdimm") == 0)
          return g_strdup (_("Memory NVDIMM"));
        ATTR_TITLE (self, _("Memory %s"), "@model", _("Memory Device"));
      }
    case VIREO_DEVICE_KIND_LEASE:
      return g_strdup (_("Lease"));
    case VIREO_DEVICE_KIND_OTHER:
    default:
      {
        g_autofree char *name = _vireo_domain_config_shown ((const char *) self->node->name);

        return g_strdup_printf (_("Device <%s>"), name);
      }
    }
}

const char *
vireo_device_get_icon_name (VireoDevice *self)
{
  g_return_val_if_fail (VIREO_IS_DEVICE (self), NULL);

  switch ((int) self->kind)
    {
    case VIREO_DEVICE_KIND_DISK:
      return "drive-harddisk-symbolic";
    case VIREO_DEVICE_KIND_CDROM:
      return "media-optical-symbolic";
    case VIREO_DEVICE_KIND_FLOPPY:
      return "media-floppy-symbolic";
    case VIREO_DEVICE_KIND_INTERFACE:
      return "network-wired-symbolic";
    case VIREO_DEVICE_KIND_INPUT:
      if (self->node != NULL && vireo_xml_attr_equals (self->node, "type", "tablet"))
        return "input-tablet-symbolic";
      if (self->node != NULL && vireo_xml_attr_equals (self->node, "type", "keyboard"))
        return "input-keyboard-symbolic";
      return "input-mouse-symbolic";
    case VIREO_DEVICE_KIND_GRAPHICS:
    case VIREO_DEVICE_KIND_VIDEO:
      return "video-display-symbolic";
    case VIREO_DEVICE_KIND_SOUND:
      return "audio-card-symbolic";
    case VIREO_DEVICE_KIND_AUDIO:
      return "audio-speakers-symbolic";
    case VIREO_DEVICE_KIND_SERIAL:
    case VIREO_DEVICE_KIND_PARALLEL:
    case VIREO_DEVICE_KIND_CONSOLE:
    case VIREO_DEVICE_KIND_CHANNEL:
      return "utilities-terminal-symbolic";
    case VIREO_DEVICE_KIND_HOSTDEV_USB:
    case VIREO_DEVICE_KIND_REDIRDEV:
    case VIREO_DEVICE_KIND_HUB:
      return "media-removable-symbolic";
    case VIREO_DEVICE_KIND_HOSTDEV_PCI:
    case VIREO_DEVICE_KIND_HOSTDEV_OTHER:
    case VIREO_DEVICE_KIND_CONTROLLER:
    case VIREO_DEVICE_KIND_IOMMU:
      return "drive-multidisk-symbolic";
    case VIREO_DEVICE_KIND_FILESYSTEM:
      return "folder-symbolic";
    case VIREO_DEVICE_KIND_SMARTCARD:
    case VIREO_DEVICE_KIND_TPM:
      return "security-high-symbolic";
    case VIREO_DEVICE_KIND_WATCHDOG:
    case VIREO_DEVICE_KIND_PANIC:
      return "dialog-warning-symbolic";
    case VIREO_DEVICE_KIND_MEMBALLOON:
    case VIREO_DEVICE_KIND_MEMORY:
    case VIREO_DEVICE_KIND_SHMEM:
    case VIREO_DEVICE_KIND_RNG:
    case VIREO_DEVICE_KIND_VSOCK:
    case VIREO_DEVICE_KIND_LEASE:
      return "emblem-system-symbolic";
    case VIREO_DEVICE_KIND_OTHER:
    default:
      return "view-more-symbolic";
    }
}

char *
vireo_device_to_xml (VireoDevice *self)
{
  g_return_val_if_fail (VIREO_IS_DEVICE (self), NULL);

  if (!DEVICE_USABLE (self))
    return NULL;
  return vireo_xml_edit_serialize_dedented (self->node);
}

/* re-reads @self's id after its element changed; its changes follow it */
void
_vireo_domain_config_refresh_id (VireoDevice *self)
{
  g_autofree char *old = g_strdup (self->id);

  self->kind = kind_of_node (self->node);
  assign_ids (self->config);
  _vireo_domain_config_rename_changes (self->config, old, self->id);
}

gboolean
vireo_device_set_from_xml (VireoDevice  *self,
                           const char   *xml,
                           GError      **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  xmlNode *node;
  VireoDeviceKind kind = self->kind;

  g_return_val_if_fail (VIREO_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (DEVICE_USABLE (self), FALSE);

  {
    g_autoptr(xmlDoc) doc = vireo_xml_parse (xml, (const char *) self->node->name, &local);

    if (doc == NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("The device’s XML cannot be read: %s."), local->message);
        return FALSE;
      }
    if (kind_of_node (vireo_xml_root (doc)) != kind)
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("The XML describes another kind of device: add it as a new device instead."));
        return FALSE;
      }
  }

  before = vireo_xml_serialize_node (self->node, VIREO_XML_FORMAT_COMPACT);
  node = vireo_xml_edit_replace (self->node, xml, (const char *) self->node->name, error);
  if (node == NULL)
    return FALSE;
  self->node = node;
  after = vireo_xml_serialize_node (self->node, VIREO_XML_FORMAT_COMPACT);
  _vireo_domain_config_refresh_id (self);
  if (g_strcmp0 (before, after) != 0)
    _vireo_domain_config_record (self->config, VIREO_CONFIG_CHANGE_OTHER, self->id, FALSE);
  return TRUE;
}

/* -- a disk's bus ------------------------------------------------------------------------ */

static const struct
{
  const char *bus;
  const char *prefix;
} disk_buses[] = {
  { "virtio", "vd" }, { "sata", "sd" }, { "scsi", "sd" }, { "usb", "sd" },
  { "ide", "hd" }, { "fdc", "fd" }, { "xen", "xvd" },
};

/* "a" for 0, "z" for 25, "aa" for 26, … (libvirt's target names) */
static char *
target_letters (guint index)
{
  char letters[8];
  guint n = 0;

  index++;
  while (index > 0 && n < sizeof letters - 1)
    {
      index--;
      letters[n++] = (char) ('a' + index % 26);
      index /= 26;
    }
  letters[n] = '\0';
  return g_strreverse (g_strdup (letters));
}

gboolean
vireo_device_set_disk_bus (VireoDevice  *self,
                           const char   *bus,
                           GError      **error)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *old_bus = NULL;
  g_autofree char *name = NULL;
  const char *prefix = NULL;
  xmlNode *target, *address;

  g_return_val_if_fail (VIREO_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (self->kind == VIREO_DEVICE_KIND_DISK || self->kind == VIREO_DEVICE_KIND_CDROM
                        || self->kind == VIREO_DEVICE_KIND_FLOPPY, FALSE);
  g_return_val_if_fail (DEVICE_USABLE (self), FALSE);

  for (guint i = 0; bus != NULL && i < G_N_ELEMENTS (disk_buses); i++)
    if (g_str_equal (bus, disk_buses[i].bus))
      prefix = disk_buses[i].prefix;
  if (prefix == NULL)
    {
      g_autofree char *shown = _vireo_domain_config_shown (bus != NULL ? bus : "");

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a bus a disk can be on."), shown);
      return FALSE;
    }
  old_bus = vireo_xml_get_string (self->node, "target/@bus");
  if (g_strcmp0 (old_bus, bus) == 0)
    return TRUE;

  /* the first name on the new bus no other disk of the VM has */
  for (guint i = 0; i < self->config->devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (self->config->devices, i);

      if (device != self && device->node != NULL && vireo_xml_is_element (device->node, "disk"))
        {
          char *dev = vireo_xml_get_string (device->node, "target/@dev");

          if (dev != NULL)
            g_hash_table_add (taken, dev);
        }
    }
  for (guint index = 0; name == NULL && index < 26 + 26 * 26; index++)
    {
      g_autofree char *letters = target_letters (index);
      g_autofree char *candidate = g_strconcat (prefix, letters, NULL);

      if (!g_hash_table_contains (taken, candidate))
        name = g_steal_pointer (&candidate);
    }
  if (name == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("The virtual machine has no free device name left on that bus."));
      return FALSE;
    }

  target = vireo_xml_child (self->node, "target");
  if (target == NULL)
    target = vireo_xml_edit_add_child (self->node, "target", NULL);
  vireo_xml_edit_set_attr (target, "dev", name);
  vireo_xml_edit_set_attr (target, "bus", bus);
  /* an address on the old bus does not fit the new one: libvirt assigns one */
  address = vireo_xml_child (self->node, "address");
  if (address != NULL)
    vireo_xml_edit_remove (address);

  _vireo_domain_config_refresh_id (self);
  /* a bus cannot change on a running VM */
  _vireo_domain_config_record (self->config, VIREO_CONFIG_CHANGE_OTHER, self->id, FALSE);
  return TRUE;
}
