/* vireo-device.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoDevice: one device of a VireoDomainConfig, its generic get and set by
 * path, its disk source, its NIC source and MAC address.
 */
#define G_LOG_DOMAIN "vireo-domain-config"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vireo-domain-config-private.h"
#include "vireo-xml-edit.h"
#include "vireo-xml.h"

G_DEFINE_FINAL_TYPE (VireoDevice, vireo_device, G_TYPE_OBJECT)

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
  _vireo_domain_config_refresh_id (self);
  change = _vireo_domain_config_record (self->config, VIREO_CONFIG_CHANGE_DEVICE_SET, self->id,
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
  change = _vireo_domain_config_record (self->config, VIREO_CONFIG_CHANGE_DISK_SOURCE, self->id,
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
    _vireo_domain_config_record (self->config, VIREO_CONFIG_CHANGE_OTHER, self->id, FALSE);
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
  name = _vireo_domain_config_shown (mac);
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
  _vireo_domain_config_refresh_id (self);
  _vireo_domain_config_record (self->config, VIREO_CONFIG_CHANGE_OTHER, self->id, FALSE);
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
