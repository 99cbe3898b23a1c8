/* vireo-domain-config.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The domain's XML stays one libxml2 tree, parsed keeping its blanks; reads
 * go through the XML layer and every edit through vireo-xml-edit, which
 * touches only what it names. Devices are handles on the elements of
 * <devices>; their ids come from what names a device in libvirt's own
 * definition (a disk's target, a NIC's MAC, a controller's type and index),
 * so they match between the persistent and the live XML.
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
#define MAX_VCPUS       16384

struct _VireoDevice
{
  GObject            parent_instance;

  VireoDomainConfig *config;   /* weak: the config owns its devices */
  xmlNode           *node;     /* NULL once removed or the config gone */
  VireoDeviceKind    kind;
  char              *id;
};

struct _VireoDomainConfig
{
  GObject     parent_instance;

  xmlDoc     *doc;
  GPtrArray  *devices;     /* (element-type VireoDevice) owned, document order */
  GPtrArray  *removed;     /* handles of removed elements, kept until finalize */
  GPtrArray  *changes;     /* (element-type VireoConfigChange) */
  GHashTable *strings;     /* getter name → the string last returned */
  gboolean    is_live;
};

G_DEFINE_FINAL_TYPE (VireoDevice, vireo_device, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (VireoDomainConfig, vireo_domain_config, G_TYPE_OBJECT)

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
static char *
shown (const char *text)
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
      g_autofree char *key = raw != NULL ? shown (raw) : NULL;
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
static void
scan_devices (VireoDomainConfig *self)
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

/* -- changes ------------------------------------------------------------------ */

static void
change_free (gpointer data)
{
  VireoConfigChange *change = data;

  g_free (change->device_id);
  g_free (change->path);
  g_free (change->value);
  g_free (change->pool);
  g_free (change->volume);
  g_free (change->xml);
  g_free (change);
}

static VireoConfigChange *
change_copy (const VireoConfigChange *change)
{
  VireoConfigChange *copy = g_new0 (VireoConfigChange, 1);

  *copy = *change;
  copy->device_id = g_strdup (change->device_id);
  copy->path = g_strdup (change->path);
  copy->value = g_strdup (change->value);
  copy->pool = g_strdup (change->pool);
  copy->volume = g_strdup (change->volume);
  copy->xml = g_strdup (change->xml);
  return copy;
}

static gboolean
was_added (VireoDomainConfig *self,
           const char        *device_id)
{
  for (guint i = 0; i < self->changes->len; i++)
    {
      VireoConfigChange *change = g_ptr_array_index (self->changes, i);

      if (change->kind == VIREO_CONFIG_CHANGE_ADD && g_strcmp0 (change->device_id, device_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static VireoConfigChange *
record (VireoDomainConfig     *self,
        VireoConfigChangeKind  kind,
        const char            *device_id,
        gboolean               live)
{
  VireoConfigChange *change;

  /* an edit of a device added since load travels with the added element */
  if (device_id != NULL && *device_id != '\0' && kind != VIREO_CONFIG_CHANGE_ADD
      && kind != VIREO_CONFIG_CHANGE_REMOVE && was_added (self, device_id))
    return NULL;
  change = g_new0 (VireoConfigChange, 1);
  change->kind = kind;
  change->device_id = g_strdup (device_id != NULL ? device_id : "");
  change->live = live;
  g_ptr_array_add (self->changes, change);
  return change;
}

/* a device's id changed (its MAC, its whole XML): its changes follow it,
 * and none can be made live any more but an addition */
static void
rename_changes (VireoDomainConfig *self,
                const char        *old_id,
                const char        *new_id)
{
  if (g_strcmp0 (old_id, new_id) == 0)
    return;
  for (guint i = 0; i < self->changes->len; i++)
    {
      VireoConfigChange *change = g_ptr_array_index (self->changes, i);

      if (g_strcmp0 (change->device_id, old_id) != 0)
        continue;
      g_free (change->device_id);
      change->device_id = g_strdup (new_id);
      if (change->kind != VIREO_CONFIG_CHANGE_ADD)
        change->live = FALSE;
    }
}

GPtrArray *
_vireo_domain_config_get_changes (VireoDomainConfig *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
  return self->changes;
}

void
_vireo_domain_config_set_is_live (VireoDomainConfig *self,
                                  gboolean           is_live)
{
  g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));
  self->is_live = !!is_live;
}

gboolean
_vireo_domain_config_device_is_live (VireoDomainConfig *self,
                                     const char        *device_id)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);

  for (guint i = 0; i < self->changes->len; i++)
    {
      VireoConfigChange *change = g_ptr_array_index (self->changes, i);

      if (g_strcmp0 (change->device_id, device_id) == 0 && !change->live)
        return FALSE;
    }
  return TRUE;
}

VireoChangeScope
vireo_domain_config_get_change_scope (VireoDomainConfig *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), 0);

  if (self->changes->len == 0)
    return 0;
  for (guint i = 0; i < self->changes->len; i++)
    {
      VireoConfigChange *change = g_ptr_array_index (self->changes, i);

      if (!change->live)
        return VIREO_CHANGE_PERSISTENT;
    }
  return VIREO_CHANGE_PERSISTENT | VIREO_CHANGE_LIVE;
}

gboolean
vireo_domain_config_has_changes (VireoDomainConfig *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);
  return self->changes->len > 0;
}

/* -- the document ------------------------------------------------------------- */

static VireoDomainConfig *
config_new_from_doc (xmlDoc *doc)
{
  VireoDomainConfig *self = g_object_new (VIREO_TYPE_DOMAIN_CONFIG, NULL);

  self->doc = doc;
  scan_devices (self);
  return self;
}

VireoDomainConfig *
vireo_domain_config_new_from_xml (const char  *xml,
                                  GError     **error)
{
  g_autoptr(GError) local = NULL;
  xmlDoc *doc;

  doc = vireo_xml_parse (xml, "domain", &local);
  if (doc == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The virtual machine’s XML cannot be read: %s."), local->message);
      return NULL;
    }
  return config_new_from_doc (doc);
}

char *
vireo_domain_config_to_xml (VireoDomainConfig *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
  return vireo_xml_serialize (self->doc, VIREO_XML_FORMAT_NO_DECLARATION);
}

VireoDomainConfig *
vireo_domain_config_copy (VireoDomainConfig *self)
{
  VireoDomainConfig *copy;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);

  copy = config_new_from_doc (vireo_xml_edit_copy_document (self->doc));
  copy->is_live = self->is_live;
  for (guint i = 0; i < self->changes->len; i++)
    g_ptr_array_add (copy->changes, change_copy (g_ptr_array_index (self->changes, i)));
  return copy;
}

gboolean
vireo_domain_config_get_is_live (VireoDomainConfig *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);
  return self->is_live;
}

/* keeps @value (owned) under @key and returns it; the string returned before
 * stays valid while the value is the same */
static const char *
keep (VireoDomainConfig *self,
      const char        *key,
      char              *value)
{
  const char *old;

  if (value == NULL)
    {
      g_hash_table_remove (self->strings, key);
      return NULL;
    }
  old = g_hash_table_lookup (self->strings, key);
  if (g_strcmp0 (old, value) == 0)
    {
      g_free (value);
      return old;
    }
  g_hash_table_replace (self->strings, g_strdup (key), value);
  return value;
}

#define ROOT(self) vireo_xml_root ((self)->doc)

const char *
vireo_domain_config_get_name (VireoDomainConfig *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
  return keep (self, "name", vireo_xml_child_text (ROOT (self), "name"));
}

const char *
vireo_domain_config_get_uuid (VireoDomainConfig *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
  return keep (self, "uuid", vireo_xml_child_text (ROOT (self), "uuid"));
}

const char *
vireo_domain_config_get_domain_type (VireoDomainConfig *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
  return keep (self, "type", vireo_xml_attr (ROOT (self), "type"));
}

const char *
vireo_domain_config_get_arch (VireoDomainConfig *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
  return keep (self, "arch", vireo_xml_get_string (ROOT (self), "os/type/@arch"));
}

const char *
vireo_domain_config_get_machine (VireoDomainConfig *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
  return keep (self, "machine", vireo_xml_get_string (ROOT (self), "os/type/@machine"));
}

const char *
vireo_domain_config_get_firmware (VireoDomainConfig *self)
{
  xmlNode *os;
  g_autofree char *firmware = NULL;
  g_autofree char *loader_type = NULL;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);

  os = vireo_xml_child (ROOT (self), "os");
  firmware = vireo_xml_attr (os, "firmware");
  if (g_strcmp0 (firmware, "efi") == 0)
    return "efi";
  if (g_strcmp0 (firmware, "bios") == 0)
    return "bios";
  loader_type = vireo_xml_get_string (os, "loader/@type");
  if (g_strcmp0 (loader_type, "pflash") == 0)
    return "efi";
  if (vireo_xml_child (os, "loader") != NULL)
    return "bios";
  return NULL;
}

/* -- CPUs ----------------------------------------------------------------------- */

guint
vireo_domain_config_get_max_vcpus (VireoDomainConfig *self)
{
  gint64 value = 1;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), 0);

  if (!vireo_xml_get_int (ROOT (self), "vcpu", &value, NULL) || value < 1 || value > G_MAXUINT)
    return 1;
  return (guint) value;
}

guint
vireo_domain_config_get_vcpus (VireoDomainConfig *self)
{
  gint64 value = 0;
  guint max;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), 0);

  max = vireo_domain_config_get_max_vcpus (self);
  if (!vireo_xml_get_int (ROOT (self), "vcpu/@current", &value, NULL) || value < 1 || value > max)
    return max;
  return (guint) value;
}

/* the element @name after which a new top-level element goes: the first
 * of @after present */
static xmlNode *
add_top_level (VireoDomainConfig  *self,
               const char         *name,
               const char * const *after)
{
  xmlNode *root = ROOT (self);
  xmlNode *node = vireo_xml_edit_new_element (self->doc, name);
  xmlNode *sibling = NULL;

  for (guint i = 0; after != NULL && after[i] != NULL && sibling == NULL; i++)
    sibling = vireo_xml_child (root, after[i]);
  vireo_xml_edit_insert (root, sibling, node);
  return node;
}

gboolean
vireo_domain_config_set_vcpus (VireoDomainConfig  *self,
                               guint               current,
                               guint               max,
                               GError            **error)
{
  static const char * const after[] = { "currentMemory", "memory", "uuid", "name", NULL };
  guint old_current, old_max;
  xmlNode *vcpu;
  g_autofree char *text = NULL;
  g_autofree char *old_text = NULL;
  VireoConfigChange *change;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);

  if (current < 1 || max < 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A virtual machine needs at least one vCPU."));
      return FALSE;
    }
  if (current > max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%u vCPUs is more than the maximum of %u: raise the maximum first."),
                   current, max);
      return FALSE;
    }
  if (max > MAX_VCPUS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%u vCPUs is more than any host can give a virtual machine."), max);
      return FALSE;
    }

  old_current = vireo_domain_config_get_vcpus (self);
  old_max = vireo_domain_config_get_max_vcpus (self);
  if (old_current == current && old_max == max)
    return TRUE;

  vcpu = vireo_xml_child (ROOT (self), "vcpu");
  if (vcpu == NULL)
    vcpu = add_top_level (self, "vcpu", after);
  old_text = vireo_xml_trimmed_text (vcpu);
  if (old_max != max || old_text == NULL)
    {
      text = g_strdup_printf ("%u", max);
      vireo_xml_edit_set_text (vcpu, text);
    }
  if (current != max)
    {
      g_autofree char *value = g_strdup_printf ("%u", current);

      vireo_xml_edit_set_attr (vcpu, "current", value);
    }
  else
    vireo_xml_edit_set_attr (vcpu, "current", NULL);

  if (old_max != max)
    record (self, VIREO_CONFIG_CHANGE_OTHER, "", FALSE);
  else
    {
      change = record (self, VIREO_CONFIG_CHANGE_VCPUS, "", TRUE);
      change->number = current;
    }
  return TRUE;
}

void
vireo_domain_config_get_topology (VireoDomainConfig *self,
                                  guint             *sockets,
                                  guint             *dies,
                                  guint             *cores,
                                  guint             *threads)
{
  const char *names[] = { "@sockets", "@dies", "@cores", "@threads" };
  guint *out[] = { sockets, dies, cores, threads };
  xmlNode *topology;

  g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));

  topology = vireo_xml_get_node (ROOT (self), "cpu/topology");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gint64 value = 0;

      if (out[i] == NULL)
        continue;
      if (topology == NULL || !vireo_xml_get_int (topology, names[i], &value, NULL)
          || value < 0 || value > MAX_VCPUS)
        value = 0;
      *out[i] = (guint) value;
    }
}

/* removes <cpu> when nothing is left in it */
static void
prune_cpu (xmlNode *cpu)
{
  if (cpu != NULL && vireo_xml_edit_is_empty (cpu))
    vireo_xml_edit_remove (cpu);
}

static void
remove_children (xmlNode    *parent,
                 const char *name)
{
  for (xmlNode *child; (child = vireo_xml_child (parent, name)) != NULL;)
    vireo_xml_edit_remove (child);
}

static xmlNode *
ensure_cpu (VireoDomainConfig *self)
{
  static const char * const after[] = { "features", "os", "vcpu", NULL };
  xmlNode *cpu = vireo_xml_child (ROOT (self), "cpu");

  return cpu != NULL ? cpu : add_top_level (self, "cpu", after);
}

static void
set_uint_attr (xmlNode    *node,
               const char *name,
               guint       value)
{
  g_autofree char *text = value > 0 ? g_strdup_printf ("%u", value) : NULL;

  vireo_xml_edit_set_attr (node, name, text);
}

gboolean
vireo_domain_config_set_topology (VireoDomainConfig  *self,
                                  guint               sockets,
                                  guint               dies,
                                  guint               cores,
                                  guint               threads,
                                  GError            **error)
{
  guint old[4];
  xmlNode *cpu, *topology;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);

  vireo_domain_config_get_topology (self, &old[0], &old[1], &old[2], &old[3]);
  if (old[0] == sockets && old[1] == dies && old[2] == cores && old[3] == threads)
    return TRUE;

  cpu = vireo_xml_child (ROOT (self), "cpu");
  if (sockets == 0 && dies == 0 && cores == 0 && threads == 0)
    {
      vireo_xml_edit_remove (vireo_xml_child (cpu, "topology"));
      prune_cpu (cpu);
      record (self, VIREO_CONFIG_CHANGE_OTHER, "", FALSE);
      return TRUE;
    }
  if (sockets == 0 || cores == 0 || threads == 0
      || sockets > MAX_VCPUS || cores > MAX_VCPUS || threads > MAX_VCPUS || dies > MAX_VCPUS
      || (guint64) sockets * MAX (dies, 1) * cores * threads
         != vireo_domain_config_get_max_vcpus (self))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Sockets, dies, cores and threads must multiply to the maximum number of vCPUs, %u."),
                   vireo_domain_config_get_max_vcpus (self));
      return FALSE;
    }
  cpu = ensure_cpu (self);
  topology = vireo_xml_edit_ensure_child (cpu, "topology");
  set_uint_attr (topology, "sockets", sockets);
  set_uint_attr (topology, "dies", dies);
  set_uint_attr (topology, "cores", cores);
  set_uint_attr (topology, "threads", threads);
  record (self, VIREO_CONFIG_CHANGE_OTHER, "", FALSE);
  return TRUE;
}

VireoCpuMode
vireo_domain_config_get_cpu_mode (VireoDomainConfig *self)
{
  xmlNode *cpu;
  g_autofree char *mode = NULL;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), VIREO_CPU_MODE_DEFAULT);

  cpu = vireo_xml_child (ROOT (self), "cpu");
  mode = vireo_xml_attr (cpu, "mode");
  if (g_strcmp0 (mode, "host-passthrough") == 0)
    return VIREO_CPU_MODE_HOST_PASSTHROUGH;
  if (g_strcmp0 (mode, "host-model") == 0)
    return VIREO_CPU_MODE_HOST_MODEL;
  if (g_strcmp0 (mode, "maximum") == 0)
    return VIREO_CPU_MODE_MAXIMUM;
  if (g_strcmp0 (mode, "custom") == 0 || (mode == NULL && vireo_xml_child (cpu, "model") != NULL))
    return VIREO_CPU_MODE_CUSTOM;
  return VIREO_CPU_MODE_DEFAULT;
}

const char *
vireo_domain_config_get_cpu_model (VireoDomainConfig *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);

  if (vireo_domain_config_get_cpu_mode (self) != VIREO_CPU_MODE_CUSTOM)
    return NULL;
  return keep (self, "cpu-model", vireo_xml_get_string (ROOT (self), "normalize-space(cpu/model)"));
}

gboolean
vireo_domain_config_set_cpu (VireoDomainConfig  *self,
                             VireoCpuMode        mode,
                             const char         *model,
                             GError            **error)
{
  static const char * const modes[] = {
    [VIREO_CPU_MODE_HOST_PASSTHROUGH] = "host-passthrough",
    [VIREO_CPU_MODE_HOST_MODEL] = "host-model",
    [VIREO_CPU_MODE_CUSTOM] = "custom",
    [VIREO_CPU_MODE_MAXIMUM] = "maximum",
  };
  xmlNode *cpu;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);
  g_return_val_if_fail (mode <= VIREO_CPU_MODE_MAXIMUM, FALSE);

  if (mode == VIREO_CPU_MODE_CUSTOM)
    {
      if (model == NULL || *model == '\0' || strlen (model) > 64)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Choose a CPU model for a custom CPU."));
          return FALSE;
        }
      for (const char *p = model; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && strchr ("-_.,", *p) == NULL)
          {
            g_autofree char *name = shown (model);

            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not a CPU model name."), name);
            return FALSE;
          }
    }
  if (vireo_domain_config_get_cpu_mode (self) == mode
      && (mode != VIREO_CPU_MODE_CUSTOM
          || g_strcmp0 (vireo_domain_config_get_cpu_model (self), model) == 0))
    return TRUE;

  cpu = vireo_xml_child (ROOT (self), "cpu");
  if (mode == VIREO_CPU_MODE_DEFAULT)
    {
      if (cpu != NULL)
        {
          /* what belongs to a model goes with it; topology, NUMA and cache stay */
          vireo_xml_edit_set_attr (cpu, "mode", NULL);
          vireo_xml_edit_set_attr (cpu, "match", NULL);
          vireo_xml_edit_set_attr (cpu, "check", NULL);
          vireo_xml_edit_set_attr (cpu, "migratable", NULL);
          remove_children (cpu, "model");
          remove_children (cpu, "vendor");
          remove_children (cpu, "feature");
          prune_cpu (cpu);
        }
    }
  else
    {
      cpu = ensure_cpu (self);
      vireo_xml_edit_set_attr (cpu, "mode", modes[mode]);
      /* libvirt takes migratable for the host's own CPU only */
      if (mode != VIREO_CPU_MODE_HOST_PASSTHROUGH && mode != VIREO_CPU_MODE_MAXIMUM)
        vireo_xml_edit_set_attr (cpu, "migratable", NULL);
      if (mode == VIREO_CPU_MODE_CUSTOM)
        {
          g_autofree char *match = vireo_xml_attr (cpu, "match");
          xmlNode *node = vireo_xml_edit_ensure_child (cpu, "model");

          if (match == NULL)
            vireo_xml_edit_set_attr (cpu, "match", "exact");
          vireo_xml_edit_set_text (node, model);
        }
      else
        {
          vireo_xml_edit_set_attr (cpu, "match", NULL);
          remove_children (cpu, "model");
          remove_children (cpu, "vendor");
        }
    }
  record (self, VIREO_CONFIG_CHANGE_OTHER, "", FALSE);
  return TRUE;
}

/* -- memory ------------------------------------------------------------------------ */

static gboolean
read_kib (xmlNode *node,
          guint64 *kib)
{
  static const struct { const char *unit; guint64 num, den; } units[] = {
    { "b", 1, 1024 }, { "bytes", 1, 1024 },
    { "KB", 1000, 1024 }, { "k", 1, 1 }, { "KiB", 1, 1 },
    { "MB", 1000000, 1024 }, { "M", 1024, 1 }, { "MiB", 1024, 1 },
    { "GB", 1000000000, 1024 }, { "G", 1048576, 1 }, { "GiB", 1048576, 1 },
    { "TB", G_GUINT64_CONSTANT (1000000000000), 1024 },
    { "T", G_GUINT64_CONSTANT (1073741824), 1 }, { "TiB", G_GUINT64_CONSTANT (1073741824), 1 },
  };
  g_autofree char *unit = NULL;
  guint64 value;

  if (node == NULL || !vireo_xml_get_uint64 (node, ".", &value, NULL))
    return FALSE;
  unit = vireo_xml_attr (node, "unit");
  if (unit == NULL)
    {
      *kib = value;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (unit, units[i].unit))
      {
        guint64 product;

        if (!g_uint64_checked_mul (&product, value, units[i].num))
          return FALSE;
        *kib = product / units[i].den;
        return TRUE;
      }
  return FALSE;
}

guint64
vireo_domain_config_get_max_memory (VireoDomainConfig *self)
{
  guint64 kib = 0;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), 0);

  if (!read_kib (vireo_xml_child (ROOT (self), "memory"), &kib))
    return 0;
  return kib;
}

guint64
vireo_domain_config_get_memory (VireoDomainConfig *self)
{
  guint64 kib = 0;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), 0);

  if (!read_kib (vireo_xml_child (ROOT (self), "currentMemory"), &kib))
    return vireo_domain_config_get_max_memory (self);
  return kib;
}

static void
write_kib (xmlNode *node,
           guint64  kib)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, kib);
  g_autofree char *unit = vireo_xml_attr (node, "unit");

  vireo_xml_edit_set_text (node, text);
  if (unit != NULL)
    vireo_xml_edit_set_attr (node, "unit", "KiB");
}

gboolean
vireo_domain_config_set_memory (VireoDomainConfig  *self,
                                guint64             current,
                                guint64             max,
                                GError            **error)
{
  static const char * const after_memory[] = { "maxMemory", "uuid", "name", NULL };
  static const char * const after_current[] = { "memory", NULL };
  guint64 old_current, old_max;
  xmlNode *node;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);

  if (current == 0 || max == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A virtual machine needs some memory."));
      return FALSE;
    }
  if (current > max)
    {
      g_autofree char *current_text = g_format_size_full (current * 1024, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *max_text = g_format_size_full (max * 1024, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The current memory, %s, is more than the maximum, %s: raise the maximum first."),
                   current_text, max_text);
      return FALSE;
    }
  if (max > G_MAXUINT64 / 1024)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("That is more memory than any host has."));
      return FALSE;
    }

  old_current = vireo_domain_config_get_memory (self);
  old_max = vireo_domain_config_get_max_memory (self);
  if (old_current == current && old_max == max)
    return TRUE;

  if (old_max != max)
    {
      node = vireo_xml_child (ROOT (self), "memory");
      if (node == NULL)
        node = add_top_level (self, "memory", after_memory);
      write_kib (node, max);
    }
  node = vireo_xml_child (ROOT (self), "currentMemory");
  if (node == NULL && current != max)
    node = add_top_level (self, "currentMemory", after_current);
  if (node != NULL)
    write_kib (node, current);

  if (old_max != max)
    record (self, VIREO_CONFIG_CHANGE_OTHER, "", FALSE);
  else
    {
      VireoConfigChange *change = record (self, VIREO_CONFIG_CHANGE_MEMORY, "", TRUE);

      change->number = current;
    }
  return TRUE;
}

/* -- boot ------------------------------------------------------------------------------ */

static gboolean
device_can_boot (VireoDevice *device)
{
  switch ((int) device->kind)
    {
    case VIREO_DEVICE_KIND_DISK:
    case VIREO_DEVICE_KIND_CDROM:
    case VIREO_DEVICE_KIND_FLOPPY:
    case VIREO_DEVICE_KIND_INTERFACE:
    case VIREO_DEVICE_KIND_HOSTDEV_USB:
    case VIREO_DEVICE_KIND_HOSTDEV_PCI:
    case VIREO_DEVICE_KIND_REDIRDEV:
      return TRUE;
    default:
      return FALSE;
    }
}

static gint
compare_boot (gconstpointer a,
              gconstpointer b)
{
  const guint64 *x = a, *y = b;

  return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1];
}

GPtrArray *
vireo_domain_config_get_boot_order (VireoDomainConfig *self)
{
  GPtrArray *out;
  g_autoptr(GArray) ordered = g_array_new (FALSE, FALSE, sizeof (guint64) * 2);
  g_auto(GStrv) devs = NULL;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);

  out = g_ptr_array_new ();
  for (guint i = 0; i < self->devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (self->devices, i);
      guint64 order;
      guint64 pair[2];

      if (!device_can_boot (device)
          || !vireo_xml_get_uint64 (device->node, "boot/@order", &order, NULL))
        continue;
      pair[0] = order;
      pair[1] = i;
      g_array_append_vals (ordered, pair, 1);
    }
  if (ordered->len > 0)
    {
      g_array_sort (ordered, compare_boot);
      for (guint i = 0; i < ordered->len; i++)
        {
          guint64 *pair = &g_array_index (ordered, guint64, i * 2);

          g_ptr_array_add (out, g_ptr_array_index (self->devices, pair[1]));
        }
      return out;
    }

  devs = vireo_xml_get_strings (ROOT (self), "os/boot/@dev");
  for (guint i = 0; devs[i] != NULL; i++)
    {
      VireoDeviceKind kind;

      if (g_str_equal (devs[i], "hd"))
        kind = VIREO_DEVICE_KIND_DISK;
      else if (g_str_equal (devs[i], "cdrom"))
        kind = VIREO_DEVICE_KIND_CDROM;
      else if (g_str_equal (devs[i], "fd"))
        kind = VIREO_DEVICE_KIND_FLOPPY;
      else if (g_str_equal (devs[i], "network"))
        kind = VIREO_DEVICE_KIND_INTERFACE;
      else
        continue;
      for (guint j = 0; j < self->devices->len; j++)
        {
          VireoDevice *device = g_ptr_array_index (self->devices, j);

          if (device->kind == kind)
            {
              if (!g_ptr_array_find (out, device, NULL))
                g_ptr_array_add (out, device);
              break;
            }
        }
    }
  return out;
}

gboolean
vireo_domain_config_set_boot_order (VireoDomainConfig *self,
                                    GPtrArray         *devices,
                                    GError           **error)
{
  g_autoptr(GPtrArray) old = NULL;
  gboolean same;
  xmlNode *os;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);
  g_return_val_if_fail (devices != NULL, FALSE);

  for (guint i = 0; i < devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (devices, i);

      g_return_val_if_fail (VIREO_IS_DEVICE (device) && device->config == self
                            && device->node != NULL, FALSE);
      if (!device_can_boot (device))
        {
          g_autofree char *title = vireo_device_dup_title (device);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("%s cannot boot the virtual machine."), title);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        g_return_val_if_fail (g_ptr_array_index (devices, j) != device, FALSE);
    }

  old = vireo_domain_config_get_boot_order (self);
  same = old->len == devices->len;
  for (guint i = 0; same && i < old->len; i++)
    same = g_ptr_array_index (old, i) == g_ptr_array_index (devices, i);
  os = vireo_xml_child (ROOT (self), "os");
  if (same && vireo_xml_child (os, "boot") == NULL)
    return TRUE;

  /* per-device order replaces <os><boot dev>: libvirt takes one or the other */
  for (xmlNode *boot; (boot = vireo_xml_child (os, "boot")) != NULL;)
    vireo_xml_edit_remove (boot);
  for (guint i = 0; i < self->devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (self->devices, i);
      guint position;
      xmlNode *boot = vireo_xml_child (device->node, "boot");

      if (!g_ptr_array_find (devices, device, &position))
        vireo_xml_edit_remove (boot);
      else
        {
          g_autofree char *order = g_strdup_printf ("%u", position + 1);

          if (boot == NULL)
            boot = vireo_xml_edit_add_child (device->node, "boot", NULL);
          vireo_xml_edit_set_attr (boot, "order", order);
        }
    }
  record (self, VIREO_CONFIG_CHANGE_OTHER, "", FALSE);
  return TRUE;
}

gboolean
vireo_domain_config_get_boot_menu (VireoDomainConfig *self)
{
  gboolean enabled = FALSE;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);

  if (!vireo_xml_get_bool (ROOT (self), "os/bootmenu/@enable", &enabled, NULL))
    return FALSE;
  return enabled;
}

void
vireo_domain_config_set_boot_menu (VireoDomainConfig *self,
                                   gboolean           enabled)
{
  xmlNode *os, *menu;

  g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));

  if (vireo_domain_config_get_boot_menu (self) == !!enabled)
    return;
  os = vireo_xml_child (ROOT (self), "os");
  if (os == NULL)
    return;
  menu = vireo_xml_edit_ensure_child (os, "bootmenu");
  vireo_xml_edit_set_attr (menu, "enable", enabled ? "yes" : "no");
  record (self, VIREO_CONFIG_CHANGE_OTHER, "", FALSE);
}

static gboolean
is_os_field (const char *element)
{
  static const char * const fields[] = { "kernel", "initrd", "cmdline", "dtb", NULL };

  return element != NULL && g_strv_contains (fields, element);
}

const char *
vireo_domain_config_get_os_field (VireoDomainConfig *self,
                                  const char        *element)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), NULL);
  g_return_val_if_fail (is_os_field (element), NULL);

  key = g_strconcat ("os/", element, NULL);
  return keep (self, key, vireo_xml_child_text (vireo_xml_child (ROOT (self), "os"), element));
}

void
vireo_domain_config_set_os_field (VireoDomainConfig *self,
                                  const char        *element,
                                  const char        *value)
{
  xmlNode *os, *node;
  gboolean changed;

  g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));
  g_return_if_fail (is_os_field (element));

  os = vireo_xml_child (ROOT (self), "os");
  if (os == NULL)
    return;
  node = vireo_xml_child (os, element);
  if (value == NULL || *value == '\0')
    {
      changed = node != NULL;
      vireo_xml_edit_remove (node);
    }
  else if (node == NULL)
    {
      vireo_xml_edit_add_child (os, element, value);
      changed = TRUE;
    }
  else
    changed = vireo_xml_edit_set_text (node, value);
  if (changed)
    record (self, VIREO_CONFIG_CHANGE_OTHER, "", FALSE);
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
      g_autofree char *name = shown ((const char *) root->name);

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
  scan_devices (self);

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
      g_autofree char *name = shown (key);

      vireo_xml_edit_remove (copy);
      scan_devices (self);
      if (device->kind == VIREO_DEVICE_KIND_INTERFACE)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("Another network card of this virtual machine has the MAC address %s."), name);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("Another disk of this virtual machine is already at %s."), name);
      return NULL;
    }

  change = record (self, VIREO_CONFIG_CHANGE_ADD, device->id, hotpluggable (copy));
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
  added = was_added (self, id);
  /* what was recorded for it is moot now */
  for (guint i = self->changes->len; i > 0; i--)
    {
      VireoConfigChange *change = g_ptr_array_index (self->changes, i - 1);

      if (g_strcmp0 (change->device_id, id) == 0)
        g_ptr_array_remove_index (self->changes, i - 1);
    }
  if (!added)
    {
      VireoConfigChange *change = record (self, VIREO_CONFIG_CHANGE_REMOVE, id,
                                          hotpluggable (device->node));

      change->xml = vireo_xml_serialize_node (device->node, VIREO_XML_FORMAT_COMPACT);
    }
  vireo_xml_edit_remove (device->node);
  device->node = NULL;
  scan_devices (self);
}

/* -- one device ------------------------------------------------------------------------- */

#define DEVICE_USABLE(device) ((device)->node != NULL && (device)->config != NULL)

VireoDeviceKind
vireo_device_get_kind (VireoDevice *self)
{
  g_return_val_if_fail (VIREO_IS_DEVICE (self), VIREO_DEVICE_KIND_OTHER);
  return self->kind;
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

  return shown (raw);
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
    label = shown_type = shown (type != NULL ? type : "?");
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
        g_autofree char *name = shown ((const char *) self->node->name);

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
static void
refresh_id (VireoDevice *self)
{
  g_autofree char *old = g_strdup (self->id);

  self->kind = kind_of_node (self->node);
  assign_ids (self->config);
  rename_changes (self->config, old, self->id);
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
  refresh_id (self);
  if (g_strcmp0 (before, after) != 0)
    record (self->config, VIREO_CONFIG_CHANGE_OTHER, self->id, FALSE);
  return TRUE;
}

/* -- generic paths ------------------------------------------------------------------------ */

static gboolean
valid_name (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 64)
    return FALSE;
  if (!g_ascii_isalpha (*name) && *name != '_')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_-.", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* splits @path into element names and an attribute (or NULL) */
static gboolean
split_path (const char  *path,
            GStrv       *elements,
            char       **attribute)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  *elements = NULL;
  *attribute = NULL;
  if (path == NULL || *path == '\0' || strlen (path) > 256)
    return FALSE;
  parts = g_strsplit (path, "/", 9);
  n = g_strv_length (parts);
  if (n > 8)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      gboolean last = i + 1 == n;

      if (last && parts[i][0] == '@')
        {
          if (!valid_name (parts[i] + 1))
            return FALSE;
          *attribute = g_strdup (parts[i] + 1);
          g_clear_pointer (&parts[i], g_free);
        }
      else if (!valid_name (parts[i]))
        return FALSE;
    }
  *elements = g_steal_pointer (&parts);
  return TRUE;
}

static xmlNode *
walk (xmlNode  *node,
      GStrv     elements,
      gboolean  create)
{
  for (guint i = 0; node != NULL && elements[i] != NULL; i++)
    {
      xmlNode *child = vireo_xml_child (node, elements[i]);

      if (child == NULL && create)
        child = vireo_xml_edit_add_child (node, elements[i], NULL);
      node = child;
    }
  return node;
}

char *
vireo_device_get (VireoDevice *self,
                  const char  *path)
{
  g_auto(GStrv) elements = NULL;
  g_autofree char *attribute = NULL;
  xmlNode *node;

  g_return_val_if_fail (VIREO_IS_DEVICE (self), NULL);
  g_return_val_if_fail (split_path (path, &elements, &attribute), NULL);

  if (!DEVICE_USABLE (self))
    return NULL;
  node = walk (self->node, elements, FALSE);
  if (node == NULL)
    return NULL;
  if (attribute != NULL)
    return vireo_xml_attr (node, attribute);
  if (node == self->node)
    return g_strdup ("");
  {
    char *text = vireo_xml_trimmed_text (node);

    return text != NULL ? text : g_strdup ("");
  }
}

/* removes the elements between @node and @top left with nothing in them */
static void
prune_empty (xmlNode *node,
             xmlNode *top)
{
  while (node != NULL && node != top && vireo_xml_edit_is_empty (node))
    {
      xmlNode *parent = node->parent;

      vireo_xml_edit_remove (node);
      node = parent;
    }
}

static gboolean
live_path (VireoDeviceKind  kind,
           const char      *path)
{
  switch ((int) kind)
    {
    case VIREO_DEVICE_KIND_CDROM:
    case VIREO_DEVICE_KIND_FLOPPY:
      return g_str_equal (path, "source/@file") || g_str_equal (path, "source/@dev");
    case VIREO_DEVICE_KIND_INTERFACE:
      return g_str_equal (path, "link/@state");
    case VIREO_DEVICE_KIND_GRAPHICS:
      return g_str_equal (path, "@passwd") || g_str_equal (path, "@passwdValidTo");
    default:
      return FALSE;
    }
}

/* the edit alone, unrecorded; TRUE when the document changed */
static gboolean
device_set (VireoDevice *self,
            const char  *path,
            const char  *value)
{
  g_auto(GStrv) elements = NULL;
  g_autofree char *attribute = NULL;
  xmlNode *node;

  if (!split_path (path, &elements, &attribute))
    return FALSE;
  node = walk (self->node, elements, FALSE);
  if (value == NULL)
    {
      if (node == NULL)
        return FALSE;
      if (attribute != NULL)
        {
          if (!vireo_xml_edit_set_attr (node, attribute, NULL))
            return FALSE;
          prune_empty (node, self->node);
          return TRUE;
        }
      if (node == self->node)
        return FALSE;
      {
        xmlNode *parent = node->parent;

        vireo_xml_edit_remove (node);
        prune_empty (parent, self->node);
      }
      return TRUE;
    }
  if (node == NULL)
    node = walk (self->node, elements, TRUE);
  if (attribute != NULL)
    return vireo_xml_edit_set_attr (node, attribute, value);
  if (node == self->node)
    return FALSE;
  return vireo_xml_edit_set_text (node, value);
}

gboolean
vireo_device_set (VireoDevice  *self,
                  const char   *path,
                  const char   *value,
                  GError      **error)
{
  g_auto(GStrv) elements = NULL;
  g_autofree char *attribute = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  VireoConfigChange *change;

  g_return_val_if_fail (VIREO_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (split_path (path, &elements, &attribute), FALSE);

  if (!DEVICE_USABLE (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The device was removed."));
      return FALSE;
    }
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The value is not valid text."));
      return FALSE;
    }
  before = vireo_xml_serialize_node (self->node, VIREO_XML_FORMAT_COMPACT);
  device_set (self, path, value);
  after = vireo_xml_serialize_node (self->node, VIREO_XML_FORMAT_COMPACT);
  if (g_str_equal (before, after))
    return TRUE;
  refresh_id (self);
  change = record (self->config, VIREO_CONFIG_CHANGE_DEVICE_SET, self->id,
                   live_path (self->kind, path));
  if (change != NULL)
    {
      change->path = g_strdup (path);
      change->value = g_strdup (value);
    }
  return TRUE;
}

/* -- disks ------------------------------------------------------------------------------- */

char *
vireo_device_dup_disk_source (VireoDevice *self)
{
  g_autofree char *type = NULL;
  xmlNode *source;

  g_return_val_if_fail (VIREO_IS_DEVICE (self), NULL);

  if (!DEVICE_USABLE (self))
    return NULL;
  source = vireo_xml_child (self->node, "source");
  if (source == NULL)
    return NULL;
  type = vireo_xml_attr (self->node, "type");
  if (g_strcmp0 (type, "volume") == 0)
    {
      g_autofree char *pool = vireo_xml_attr (source, "pool");
      g_autofree char *volume = vireo_xml_attr (source, "volume");

      return pool != NULL && volume != NULL ? g_strdup_printf ("%s/%s", pool, volume) : NULL;
    }
  if (g_strcmp0 (type, "network") == 0)
    {
      g_autofree char *protocol = vireo_xml_attr (source, "protocol");
      g_autofree char *name = vireo_xml_attr (source, "name");
      g_autofree char *host = vireo_xml_get_string (source, "host/@name");

      return g_strdup_printf ("%s://%s/%s", protocol != NULL ? protocol : "",
                              host != NULL ? host : "", name != NULL ? name : "");
    }
  if (g_strcmp0 (type, "block") == 0)
    return vireo_xml_attr (source, "dev");
  if (g_strcmp0 (type, "dir") == 0)
    return vireo_xml_attr (source, "dir");
  return vireo_xml_attr (source, "file");
}

static gboolean
disk_source_apply (VireoDevice *self,
                   const char  *path,
                   const char  *pool,
                   const char  *volume)
{
  g_autofree char *old_type = vireo_xml_attr (self->node, "type");
  const char *type;
  const char *attribute = NULL;
  const char *value = NULL;
  xmlNode *source = vireo_xml_child (self->node, "source");
  gboolean changed = FALSE;

  if (pool != NULL && volume != NULL)
    type = "volume";
  else if (path == NULL)
    {
      /* eject: the empty drive keeps its type */
      if (source == NULL)
        return FALSE;
      vireo_xml_edit_remove (source);
      return TRUE;
    }
  else if (g_str_has_prefix (path, "/dev/"))
    type = "block", attribute = "dev", value = path;
  else
    type = "file", attribute = "file", value = path;

  if (g_strcmp0 (old_type, type) != 0 && source != NULL)
    {
      /* another kind of source: a new <source> in the old one's place */
      source = vireo_xml_edit_replace_empty (source, "source");
      changed = TRUE;
    }
  changed |= vireo_xml_edit_set_attr (self->node, "type", type);
  if (source == NULL)
    {
      static const char * const after[] = { "driver", NULL };
      xmlNode *sibling = NULL;

      for (guint i = 0; after[i] != NULL && sibling == NULL; i++)
        sibling = vireo_xml_child (self->node, after[i]);
      source = vireo_xml_edit_new_element (self->node->doc, "source");
      if (sibling != NULL)
        vireo_xml_edit_insert (self->node, sibling, source);
      else
        vireo_xml_edit_insert_first (self->node, source);
      changed = TRUE;
    }
  if (g_str_equal (type, "volume"))
    {
      changed |= vireo_xml_edit_set_attr (source, "pool", pool);
      changed |= vireo_xml_edit_set_attr (source, "volume", volume);
    }
  else
    changed |= vireo_xml_edit_set_attr (source, attribute, value);
  return changed;
}

static gboolean
check_source_text (const char  *text,
                   GError     **error)
{
  if (text != NULL && (!g_utf8_validate (text, -1, NULL) || strlen (text) > 4096 || *text == '\0'))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The disk’s source is not a usable path or name."));
      return FALSE;
    }
  return TRUE;
}

gboolean
vireo_device_set_disk_source (VireoDevice  *self,
                              const char   *path,
                              const char   *pool,
                              const char   *volume,
                              GError      **error)
{
  VireoConfigChange *change;

  g_return_val_if_fail (VIREO_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (self->kind == VIREO_DEVICE_KIND_DISK || self->kind == VIREO_DEVICE_KIND_CDROM
                        || self->kind == VIREO_DEVICE_KIND_FLOPPY, FALSE);
  g_return_val_if_fail (DEVICE_USABLE (self), FALSE);

  if (!check_source_text (path, error) || !check_source_text (pool, error)
      || !check_source_text (volume, error))
    return FALSE;
  if ((pool == NULL) != (volume == NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A pool volume needs both its pool and its name."));
      return FALSE;
    }
  if (path == NULL && pool == NULL && self->kind == VIREO_DEVICE_KIND_DISK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A disk needs a source: choose a file, a device or a pool volume."));
      return FALSE;
    }
  if (!disk_source_apply (self, pool != NULL ? NULL : path, pool, volume))
    return TRUE;
  change = record (self->config, VIREO_CONFIG_CHANGE_DISK_SOURCE, self->id,
                   self->kind == VIREO_DEVICE_KIND_CDROM || self->kind == VIREO_DEVICE_KIND_FLOPPY);
  if (change != NULL)
    {
      change->value = g_strdup (pool != NULL ? NULL : path);
      change->pool = g_strdup (pool);
      change->volume = g_strdup (volume);
    }
  return TRUE;
}

gboolean
_vireo_device_replay (VireoDevice             *device,
                      const VireoConfigChange *change,
                      GError                 **error)
{
  g_return_val_if_fail (VIREO_IS_DEVICE (device), FALSE);
  g_return_val_if_fail (DEVICE_USABLE (device), FALSE);

  switch ((int) change->kind)
    {
    case VIREO_CONFIG_CHANGE_DEVICE_SET:
      device_set (device, change->path, change->value);
      return TRUE;
    case VIREO_CONFIG_CHANGE_DISK_SOURCE:
      disk_source_apply (device, change->value, change->pool, change->volume);
      return TRUE;
    default:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "not a device edit");
      return FALSE;
    }
}

/* -- NICs ----------------------------------------------------------------------------------- */

gboolean
vireo_device_set_nic_source (VireoDevice  *self,
                             const char   *type,
                             const char   *source,
                             GError      **error)
{
  static const char * const types[] = { "network", "bridge", "direct", "user", NULL };
  g_autofree char *old_type = NULL;
  xmlNode *node;
  const char *attribute;
  gboolean changed = FALSE;

  g_return_val_if_fail (VIREO_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (self->kind == VIREO_DEVICE_KIND_INTERFACE, FALSE);
  g_return_val_if_fail (DEVICE_USABLE (self), FALSE);
  g_return_val_if_fail (type != NULL && g_strv_contains (types, type), FALSE);

  if (g_str_equal (type, "user"))
    source = NULL;
  else if (source == NULL || *source == '\0' || strlen (source) > 255
           || !g_utf8_validate (source, -1, NULL) || strchr (source, '/') != NULL
           || (!g_str_equal (type, "network") && strlen (source) > 15))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           g_str_equal (type, "network")
                           ? _("Choose the virtual network the card connects to.")
                           : _("Give the name of a host network device, at most 15 characters and no slash."));
      return FALSE;
    }

  attribute = g_str_equal (type, "network") ? "network" : g_str_equal (type, "bridge") ? "bridge" : "dev";
  old_type = vireo_xml_attr (self->node, "type");
  node = vireo_xml_child (self->node, "source");
  if (g_strcmp0 (old_type, type) != 0)
    {
      changed |= vireo_xml_edit_set_attr (self->node, "type", type);
      if (node != NULL)
        {
          if (source == NULL)
            vireo_xml_edit_remove (node);
          else
            node = vireo_xml_edit_replace_empty (node, "source");
          changed = TRUE;
        }
    }
  if (source != NULL)
    {
      if (node == NULL)
        {
          static const char * const after[] = { "mac", NULL };
          xmlNode *sibling = vireo_xml_child (self->node, after[0]);

          node = vireo_xml_edit_new_element (self->node->doc, "source");
          vireo_xml_edit_insert (self->node, sibling, node);
          changed = TRUE;
        }
      changed |= vireo_xml_edit_set_attr (node, attribute, source);
      if (g_str_equal (type, "direct") && vireo_xml_attr (node, "mode") == NULL)
        changed |= vireo_xml_edit_set_attr (node, "mode", "bridge");
    }
  if (changed)
    record (self->config, VIREO_CONFIG_CHANGE_OTHER, self->id, FALSE);
  return TRUE;
}

gboolean
vireo_mac_address_is_valid (const char  *mac,
                            GError     **error)
{
  g_autofree char *name = NULL;
  guint first = 0;
  gboolean zero = TRUE;

  if (mac == NULL)
    mac = "";
  name = shown (mac);
  if (strlen (mac) != 17)
    goto not_mac;
  for (guint i = 0; i < 17; i++)
    {
      if (i % 3 == 2)
        {
          if (mac[i] != ':')
            goto not_mac;
        }
      else if (!g_ascii_isxdigit (mac[i]))
        goto not_mac;
      else if (mac[i] != '0')
        zero = FALSE;
    }
  first = (guint) (g_ascii_xdigit_value (mac[0]) * 16 + g_ascii_xdigit_value (mac[1]));
  if (first & 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s is a multicast address: a network card needs one whose first number is even, like 52:54:00:12:34:56."),
                   name);
      return FALSE;
    }
  if (zero)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s is not a usable MAC address: it cannot be all zeros."), name);
      return FALSE;
    }
  return TRUE;

not_mac:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a MAC address: it needs six pairs of hexadecimal digits separated by colons, like 52:54:00:12:34:56."),
               name);
  return FALSE;
}

gboolean
vireo_device_set_mac (VireoDevice  *self,
                      const char   *mac,
                      GError      **error)
{
  g_autofree char *lower = NULL;
  xmlNode *node;

  g_return_val_if_fail (VIREO_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (self->kind == VIREO_DEVICE_KIND_INTERFACE, FALSE);
  g_return_val_if_fail (DEVICE_USABLE (self), FALSE);

  if (!vireo_mac_address_is_valid (mac, error))
    return FALSE;
  lower = g_ascii_strdown (mac, -1);
  for (guint i = 0; i < self->config->devices->len; i++)
    {
      VireoDevice *other = g_ptr_array_index (self->config->devices, i);
      g_autofree char *address = NULL;

      if (other == self || other->kind != VIREO_DEVICE_KIND_INTERFACE)
        continue;
      address = vireo_xml_get_string (other->node, "mac/@address");
      if (address != NULL && g_ascii_strcasecmp (address, lower) == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("Another network card of this virtual machine has the MAC address %s."), lower);
          return FALSE;
        }
    }
  node = vireo_xml_child (self->node, "mac");
  if (node == NULL)
    node = vireo_xml_edit_add_child (self->node, "mac", NULL);
  {
    g_autofree char *old = vireo_xml_attr (node, "address");

    if (old != NULL && g_ascii_strcasecmp (old, lower) == 0)
      return TRUE;
  }
  vireo_xml_edit_set_attr (node, "address", lower);
  refresh_id (self);
  record (self->config, VIREO_CONFIG_CHANGE_OTHER, self->id, FALSE);
  return TRUE;
}

/* -- GObject ------------------------------------------------------------------------------- */

static void
vireo_device_finalize (GObject *object)
{
  VireoDevice *self = VIREO_DEVICE (object);

  g_free (self->id);
  G_OBJECT_CLASS (vireo_device_parent_class)->finalize (object);
}

static void
vireo_device_class_init (VireoDeviceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vireo_device_finalize;
}

static void
vireo_device_init (VireoDevice *self)
{
}

static void
detach_devices (GPtrArray *devices)
{
  for (guint i = 0; i < devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (devices, i);

      device->node = NULL;
      device->config = NULL;
    }
}

static void
vireo_domain_config_finalize (GObject *object)
{
  VireoDomainConfig *self = VIREO_DOMAIN_CONFIG (object);

  detach_devices (self->devices);
  detach_devices (self->removed);
  g_ptr_array_unref (self->devices);
  g_ptr_array_unref (self->removed);
  g_ptr_array_unref (self->changes);
  g_hash_table_unref (self->strings);
  g_clear_pointer (&self->doc, xmlFreeDoc);
  G_OBJECT_CLASS (vireo_domain_config_parent_class)->finalize (object);
}

static void
vireo_domain_config_class_init (VireoDomainConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vireo_domain_config_finalize;
}

static void
vireo_domain_config_init (VireoDomainConfig *self)
{
  self->devices = g_ptr_array_new_with_free_func (g_object_unref);
  self->removed = g_ptr_array_new_with_free_func (g_object_unref);
  self->changes = g_ptr_array_new_with_free_func (change_free);
  self->strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
