/* vireo-domain-config.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoDomainConfig: the object, parsing and serialising, the recorded changes
 * and the VM-wide settings (CPUs, memory, boot, os). The domain's XML stays
 * one libxml2 tree, parsed keeping its blanks; reads go through the XML layer
 * and every edit through vireo-xml-edit, which touches only what it names.
 * Its devices are in vireo-domain-config-devices.c, one device's edits in
 * vireo-device.c.
 */
#define G_LOG_DOMAIN "vireo-domain-config"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vireo-domain-config-private.h"
#include "vireo-xml-edit.h"
#include "vireo-xml.h"

#define MAX_VCPUS       16384

G_DEFINE_FINAL_TYPE (VireoDomainConfig, vireo_domain_config, G_TYPE_OBJECT)

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

gboolean
_vireo_domain_config_was_added (VireoDomainConfig *self,
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

VireoConfigChange *
_vireo_domain_config_record (VireoDomainConfig     *self,
        VireoConfigChangeKind  kind,
        const char            *device_id,
        gboolean               live)
{
  VireoConfigChange *change;

  /* an edit of a device added since load travels with the added element */
  if (device_id != NULL && *device_id != '\0' && kind != VIREO_CONFIG_CHANGE_ADD
      && kind != VIREO_CONFIG_CHANGE_REMOVE && _vireo_domain_config_was_added (self, device_id))
    return NULL;
  change = g_new0 (VireoConfigChange, 1);
  change->kind = kind;
  change->device_id = g_strdup (device_id != NULL ? device_id : "");
  change->live = live;
  g_ptr_array_add (self->changes, change);
  return change;
}

/* a change of the VM as a whole (device_id ""); its path names the part of
 * the Details view it belongs to: "cpu", "memory" or "boot" */
static VireoConfigChange *
record_vm (VireoDomainConfig     *self,
           VireoConfigChangeKind  kind,
           const char            *part,
           gboolean               live)
{
  VireoConfigChange *change = _vireo_domain_config_record (self, kind, "", live);

  change->path = g_strdup (part);
  return change;
}

/* a device's id changed (its MAC, its whole XML): its changes follow it,
 * and none can be made live any more but an addition */
void
_vireo_domain_config_rename_changes (VireoDomainConfig *self,
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
  _vireo_domain_config_scan_devices (self);
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
    record_vm (self, VIREO_CONFIG_CHANGE_OTHER, "cpu", FALSE);
  else
    {
      change = record_vm (self, VIREO_CONFIG_CHANGE_VCPUS, "cpu", TRUE);
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
      record_vm (self, VIREO_CONFIG_CHANGE_OTHER, "cpu", FALSE);
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
  record_vm (self, VIREO_CONFIG_CHANGE_OTHER, "cpu", FALSE);
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
            g_autofree char *name = _vireo_domain_config_shown (model);

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
  record_vm (self, VIREO_CONFIG_CHANGE_OTHER, "cpu", FALSE);
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
    record_vm (self, VIREO_CONFIG_CHANGE_OTHER, "memory", FALSE);
  else
    {
      VireoConfigChange *change = record_vm (self, VIREO_CONFIG_CHANGE_MEMORY, "memory", TRUE);

      change->number = current;
    }
  return TRUE;
}

/* shared memory: what virtiofs (and vhost-user) need of the VM; libvirt
 * takes the VM-wide <memoryBacking><access mode="shared"/>, or NUMA cells
 * that are all memAccess="shared" */
gboolean
vireo_domain_config_get_shared_memory (VireoDomainConfig *self)
{
  xmlNode *root;

  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);

  root = ROOT (self);
  if (vireo_xml_get_node (root, "memoryBacking/access[@mode='shared']") != NULL)
    return TRUE;
  return vireo_xml_get_node (root, "cpu/numa/cell") != NULL
         && vireo_xml_get_node (root, "cpu/numa/cell[not(@memAccess='shared')]") == NULL;
}

/* a memory balloon: a <memballoon> whose model is not "none" */
gboolean
vireo_domain_config_has_balloon (VireoDomainConfig *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (self), FALSE);

  return vireo_xml_get_node (ROOT (self), "devices/memballoon[not(@model='none')]") != NULL;
}

void
vireo_domain_config_set_shared_memory (VireoDomainConfig *self,
                                       gboolean           shared)
{
  static const char * const after[] = { "memtune", "blkiotune", "currentMemory", "memory",
                                        "maxMemory", NULL };
  xmlNode *backing, *access;

  g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (self));

  if (vireo_domain_config_get_shared_memory (self) == !!shared)
    return;
  backing = vireo_xml_child (ROOT (self), "memoryBacking");
  if (shared)
    {
      if (backing == NULL)
        backing = add_top_level (self, "memoryBacking", after);
      /* memfd unless the VM already says where its memory comes from
       * (hugepages, a file): those can be shared too */
      if (vireo_xml_child (backing, "source") == NULL)
        vireo_xml_edit_set_attr (vireo_xml_edit_add_child (backing, "source", NULL),
                                 "type", "memfd");
      access = vireo_xml_edit_ensure_child (backing, "access");
      vireo_xml_edit_set_attr (access, "mode", "shared");
    }
  else
    {
      access = vireo_xml_child (backing, "access");
      if (access == NULL)
        return;
      vireo_xml_edit_set_attr (access, "mode", NULL);
      if (vireo_xml_edit_is_empty (access))
        vireo_xml_edit_remove (access);
      if (vireo_xml_edit_is_empty (backing))
        vireo_xml_edit_remove (backing);
    }
  record_vm (self, VIREO_CONFIG_CHANGE_OTHER, "memory", FALSE);
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
  record_vm (self, VIREO_CONFIG_CHANGE_OTHER, "boot", FALSE);
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
  record_vm (self, VIREO_CONFIG_CHANGE_OTHER, "boot", FALSE);
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
    record_vm (self, VIREO_CONFIG_CHANGE_OTHER, "boot", FALSE);
}

/* -- GObject ------------------------------------------------------------------------------- */

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
