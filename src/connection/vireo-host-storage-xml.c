/* vireo-host-storage-xml.c — the pure halves of the host's storage: the pool
 * and volume XML a person's answers make (through src/xml), the pool types
 * and what libvirt's pool capabilities say of them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-host-storage"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vireo-error.h"
#include "vireo-host-storage.h"
#include "vireo-xml.h"

/* -- specs ------------------------------------------------------------------ */

VireoPoolSpec *
vireo_pool_spec_new (const char *type, const char *name)
{
  VireoPoolSpec *spec = g_new0 (VireoPoolSpec, 1);

  spec->type = g_strdup (type);
  spec->name = g_strdup (name);
  return spec;
}

void
vireo_pool_spec_free (VireoPoolSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->type);
  g_free (spec->name);
  g_free (spec->target_path);
  g_strfreev (spec->devices);
  g_strfreev (spec->hosts);
  g_free (spec->source_dir);
  g_free (spec->source_name);
  g_free (spec->format);
  g_free (spec->initiator_iqn);
  g_free (spec->adapter);
  g_free (spec->auth_username);
  g_free (spec->auth_secret);
  g_free (spec);
}

void
vireo_volume_spec_free (VireoVolumeSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->name);
  g_free (spec->format);
  g_free (spec->backing_path);
  g_free (spec->backing_format);
  g_free (spec);
}

/* -- pool types --------------------------------------------------------------- */

typedef struct
{
  const char *type;
  const char *label;
  const char *package;
} PoolType;

static const PoolType pool_types[] = {
  { "dir", N_("Directory"), "libvirt-daemon-driver-storage" },
  { "fs", N_("Block device with a file system"), "libvirt-daemon-driver-storage" },
  { "netfs", N_("NFS share"), "nfs-common" },
  { "logical", N_("LVM volume group"), "lvm2" },
  { "disk", N_("Whole disk (partitions)"), "parted" },
  { "iscsi", N_("iSCSI target"), "open-iscsi" },
  { "scsi", N_("SCSI host adapter"), "libvirt-daemon-driver-storage" },
  { "mpath", N_("Multipath devices"), "multipath-tools" },
  { "rbd", N_("Ceph RBD pool"), "libvirt-daemon-driver-storage-rbd" },
};

const char *const *
vireo_pool_types (void)
{
  static const char *const types[] = { "dir", "fs", "netfs", "logical", "disk",
                                       "iscsi", "scsi", "mpath", "rbd", NULL };
  return types;
}

static const PoolType *
find_type (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (pool_types); i++)
    if (g_strcmp0 (pool_types[i].type, type) == 0)
      return &pool_types[i];
  return NULL;
}

const char *
vireo_pool_type_label (const char *type)
{
  const PoolType *known = find_type (type);

  return known != NULL ? _(known->label) : type;
}

const char *
vireo_pool_type_package (const char *type)
{
  const PoolType *known = find_type (type);

  return known != NULL ? known->package : NULL;
}

GStrv
vireo_pool_capabilities_parse_supported (const char *xml)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) pools = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;

  if (xml == NULL)
    return NULL;
  doc = vireo_xml_parse (xml, "storagepoolCapabilities", NULL);
  if (doc == NULL)
    return NULL;
  pools = vireo_xml_get_nodes (vireo_xml_root (doc), "pool");
  builder = g_strv_builder_new ();
  for (guint i = 0; i < pools->len && i < 64; i++)
    {
      xmlNode *pool = g_ptr_array_index (pools, i);
      g_autofree char *type = vireo_xml_attr (pool, "type");

      /* only the types Vireo knows: a hostile daemon's names go nowhere */
      if (type != NULL && find_type (type) != NULL && vireo_xml_attr_equals (pool, "supported", "yes"))
        g_strv_builder_add (builder, type);
    }
  return g_strv_builder_end (builder);
}

/* -- checks ------------------------------------------------------------------- */

static gboolean
check_name (const char *name, const char *empty_message, GError **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED, empty_message);
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL) || strchr (name, '/') != NULL || strlen (name) > 255 ||
      g_str_equal (name, ".") || g_str_equal (name, ".."))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("“%s” cannot be a name: use letters, digits, dots, dashes and underscores, without “/”."),
                   name);
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      {
        g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                             _("A name cannot hold control characters."));
        return FALSE;
      }
  return TRUE;
}

static gboolean
need (const char *value, const char *message, GError **error)
{
  if (value != NULL && *value != '\0')
    return TRUE;
  g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED, message);
  return FALSE;
}

static gboolean
need_absolute (const char *path, GError **error)
{
  if (!need (path, _("Choose the folder where the pool keeps its volumes."), error))
    return FALSE;
  if (!g_path_is_absolute (path))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("“%s” is not a full path: it must start with “/”."), path);
      return FALSE;
    }
  return TRUE;
}

static void
add_path_child (xmlNode *parent, const char *element, const char *path)
{
  vireo_xml_set_attr (vireo_xml_add_child (parent, element, NULL), "path", path);
}

static void
add_format (xmlNode *source, const char *format)
{
  if (format != NULL && *format != '\0')
    vireo_xml_set_attr (vireo_xml_add_child (source, "format", NULL), "type", format);
}

static void
add_host (xmlNode *source, const char *host)
{
  xmlNode *node = vireo_xml_add_child (source, "host", NULL);
  const char *colon = strrchr (host, ':');

  /* "mon1:6789"; an IPv6 address without brackets stays whole */
  if (colon != NULL && strchr (host, ':') == colon && colon[1] != '\0')
    {
      g_autofree char *name = g_strndup (host, colon - host);

      vireo_xml_set_attr (node, "name", name);
      vireo_xml_set_attr (node, "port", colon + 1);
    }
  else
    vireo_xml_set_attr (node, "name", host);
}

static gboolean
check_device_paths (char **devices, GError **error)
{
  for (guint i = 0; devices != NULL && devices[i] != NULL; i++)
    if (!g_path_is_absolute (devices[i]))
      {
        g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                     _("“%s” is not a device path: it must start with “/dev/”."), devices[i]);
        return FALSE;
      }
  return TRUE;
}

char *
vireo_pool_spec_to_xml (const VireoPoolSpec *spec, GError **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root, *source = NULL;
  const char *type;
  const char *target = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  type = spec->type;
  if (find_type (type) == NULL)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED,
                   _("Vireo cannot make storage pools of type “%s”."), type != NULL ? type : "");
      return NULL;
    }
  if (!check_name (spec->name, _("Give the pool a name."), error))
    return NULL;

  doc = vireo_xml_new_document ("pool");
  root = vireo_xml_root (doc);
  vireo_xml_set_attr (root, "type", type);
  vireo_xml_add_child (root, "name", spec->name);

  if (g_str_equal (type, "dir"))
    {
      if (!need_absolute (spec->target_path, error))
        return NULL;
      target = spec->target_path;
    }
  else if (g_str_equal (type, "fs") || g_str_equal (type, "disk"))
    {
      if (spec->devices == NULL || spec->devices[0] == NULL)
        {
          g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("Choose the block device the pool is on, such as /dev/sdb1."));
          return NULL;
        }
      if (!check_device_paths (spec->devices, error))
        return NULL;
      target = g_str_equal (type, "disk") && (spec->target_path == NULL || *spec->target_path == '\0')
                   ? "/dev"
                   : spec->target_path;
      if (!need_absolute (target, error))
        return NULL;
      source = vireo_xml_add_child (root, "source", NULL);
      add_path_child (source, "device", spec->devices[0]);
      add_format (source, spec->format != NULL ? spec->format
                                               : (g_str_equal (type, "fs") ? "auto" : NULL));
    }
  else if (g_str_equal (type, "netfs"))
    {
      if (!need (spec->hosts != NULL ? spec->hosts[0] : NULL, _("Give the NFS server’s host name or address."), error))
        return NULL;
      if (!need (spec->source_dir, _("Give the folder the NFS server exports, such as /export/images."), error))
        return NULL;
      if (!need_absolute (spec->target_path, error))
        return NULL;
      target = spec->target_path;
      source = vireo_xml_add_child (root, "source", NULL);
      vireo_xml_set_attr (vireo_xml_add_child (source, "host", NULL), "name", spec->hosts[0]);
      add_path_child (source, "dir", spec->source_dir);
      add_format (source, spec->format != NULL ? spec->format : "nfs");
    }
  else if (g_str_equal (type, "logical"))
    {
      const char *vg = spec->source_name != NULL && *spec->source_name != '\0' ? spec->source_name
                                                                               : spec->name;
      g_autofree char *dev_path = g_build_filename ("/dev", vg, NULL);

      if (!check_name (vg, _("Give the volume group a name."), error) || !check_device_paths (spec->devices, error))
        return NULL;
      source = vireo_xml_add_child (root, "source", NULL);
      vireo_xml_add_child (source, "name", vg);
      for (guint i = 0; spec->devices != NULL && spec->devices[i] != NULL; i++)
        add_path_child (source, "device", spec->devices[i]);
      add_format (source, "lvm2");
      target = NULL;
      vireo_xml_add_child (vireo_xml_add_child (root, "target", NULL), "path", dev_path);
    }
  else if (g_str_equal (type, "iscsi"))
    {
      if (!need (spec->hosts != NULL ? spec->hosts[0] : NULL, _("Give the iSCSI server’s host name or address."), error))
        return NULL;
      if (!need (spec->devices != NULL ? spec->devices[0] : NULL, _("Give the target’s IQN, such as iqn.2024-01.org.example:storage."), error))
        return NULL;
      if (!g_str_has_prefix (spec->devices[0], "iqn.") && !g_str_has_prefix (spec->devices[0], "eui."))
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                       _("“%s” is not an iSCSI name: it starts with “iqn.” or “eui.”."), spec->devices[0]);
          return NULL;
        }
      source = vireo_xml_add_child (root, "source", NULL);
      add_host (source, spec->hosts[0]);
      add_path_child (source, "device", spec->devices[0]);
      if (spec->initiator_iqn != NULL && *spec->initiator_iqn != '\0')
        vireo_xml_set_attr (vireo_xml_add_child (vireo_xml_add_child (source, "initiator", NULL), "iqn", NULL),
                            "name", spec->initiator_iqn);
      target = spec->target_path != NULL && *spec->target_path != '\0' ? spec->target_path
                                                                       : "/dev/disk/by-path";
    }
  else if (g_str_equal (type, "scsi"))
    {
      xmlNode *adapter;

      if (!need (spec->adapter, _("Choose the SCSI host adapter, such as host0."), error))
        return NULL;
      source = vireo_xml_add_child (root, "source", NULL);
      adapter = vireo_xml_add_child (source, "adapter", NULL);
      vireo_xml_set_attr (adapter, "type", "scsi_host");
      vireo_xml_set_attr (adapter, "name", spec->adapter);
      target = spec->target_path != NULL && *spec->target_path != '\0' ? spec->target_path
                                                                       : "/dev/disk/by-path";
    }
  else if (g_str_equal (type, "mpath"))
    target = "/dev/mapper";
  else if (g_str_equal (type, "rbd"))
    {
      if (spec->hosts == NULL || spec->hosts[0] == NULL || *spec->hosts[0] == '\0')
        {
          g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("Give at least one Ceph monitor host."));
          return NULL;
        }
      if (!need (spec->source_name, _("Give the name of the Ceph pool."), error))
        return NULL;
      source = vireo_xml_add_child (root, "source", NULL);
      vireo_xml_add_child (source, "name", spec->source_name);
      for (guint i = 0; spec->hosts[i] != NULL; i++)
        if (*spec->hosts[i] != '\0')
          add_host (source, spec->hosts[i]);
      if (spec->auth_username != NULL && *spec->auth_username != '\0')
        {
          xmlNode *auth = vireo_xml_add_child (source, "auth", NULL);

          if (!need (spec->auth_secret, _("Choose the libvirt secret that holds the Ceph key."), error))
            return NULL;
          vireo_xml_set_attr (auth, "type", "ceph");
          vireo_xml_set_attr (auth, "username", spec->auth_username);
          vireo_xml_set_attr (vireo_xml_add_child (auth, "secret", NULL), "uuid", spec->auth_secret);
        }
    }

  if (target != NULL)
    vireo_xml_add_child (vireo_xml_add_child (root, "target", NULL), "path", target);

  return vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY | VIREO_XML_FORMAT_NO_DECLARATION);
}

char *
vireo_volume_spec_to_xml (const VireoVolumeSpec *spec, GError **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *capacity = NULL;
  g_autofree char *allocation = NULL;
  xmlNode *root, *node;

  g_return_val_if_fail (spec != NULL, NULL);

  if (!check_name (spec->name, _("Give the volume a name."), error))
    return NULL;
  if (g_strcmp0 (spec->format, "raw") != 0 && g_strcmp0 (spec->format, "qcow2") != 0)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                           _("Choose the volume’s format: raw or qcow2."));
      return NULL;
    }
  if (spec->capacity == 0)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                           _("Give the volume a size above zero."));
      return NULL;
    }
  if (spec->allocation > spec->capacity)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                           _("The space allocated now cannot be larger than the volume’s size."));
      return NULL;
    }
  if (spec->backing_path != NULL && *spec->backing_path != '\0')
    {
      if (!g_str_equal (spec->format, "qcow2"))
        {
          g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("Only a qcow2 volume can have a backing file."));
          return NULL;
        }
      if (!g_path_is_absolute (spec->backing_path))
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                       _("“%s” is not a full path: it must start with “/”."), spec->backing_path);
          return NULL;
        }
    }

  doc = vireo_xml_new_document ("volume");
  root = vireo_xml_root (doc);
  vireo_xml_add_child (root, "name", spec->name);
  capacity = g_strdup_printf ("%" G_GUINT64_FORMAT, spec->capacity);
  allocation = g_strdup_printf ("%" G_GUINT64_FORMAT, spec->allocation);
  vireo_xml_set_attr (vireo_xml_add_child (root, "capacity", capacity), "unit", "bytes");
  vireo_xml_set_attr (vireo_xml_add_child (root, "allocation", allocation), "unit", "bytes");
  node = vireo_xml_add_child (root, "target", NULL);
  vireo_xml_set_attr (vireo_xml_add_child (node, "format", NULL), "type", spec->format);
  if (spec->backing_path != NULL && *spec->backing_path != '\0')
    {
      node = vireo_xml_add_child (root, "backingStore", NULL);
      vireo_xml_add_child (node, "path", spec->backing_path);
      vireo_xml_set_attr (vireo_xml_add_child (node, "format", NULL), "type",
                          spec->backing_format != NULL ? spec->backing_format : "qcow2");
    }
  return vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY | VIREO_XML_FORMAT_NO_DECLARATION);
}
