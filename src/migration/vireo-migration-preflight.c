/* vireo-migration-preflight.c — the checks before a migration starts: the
 * options, the destination, hypervisor and CPU, networks, storage, name and
 * UUID, memory and host devices, each a sentence a person can act on; and
 * VireoMigrationReport, what they found (issue 13)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every libvirt call runs on the source connection's worker; both libvirt
 * handles are referenced on the main thread first. Whatever the destination
 * or the guest says (names, paths, sizes) is untrusted: text is bounded and
 * made valid UTF-8 before it goes into a sentence, and the sentences are plain
 * text, never markup.
 */
#define G_LOG_DOMAIN "vireo-migration"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-domain-private.h"
#include "vireo-error.h"
#include "vireo-migration.h"
#include "vireo-migration-private.h"
#include "vireo-xml.h"

/* the longest name, path or host label put into a sentence (in characters) */
#define MAX_TEXT 200
/* at most this many disks, interfaces and host devices are looked at */
#define MAX_DEVICES 256
/* free memory less than the guest's plus this share of it is a warning */
#define MEMORY_MARGIN_DIVISOR 4

/* -- the report ------------------------------------------------------------- */

struct _VireoMigrationReport
{
  GObject    parent_instance;

  GPtrArray *problems; /* VireoMigrationProblem */
  GPtrArray *disks;    /* VireoMigrationDisk */
};

G_DEFINE_FINAL_TYPE (VireoMigrationReport, vireo_migration_report, G_TYPE_OBJECT)

static void
problem_free (gpointer ptr)
{
  VireoMigrationProblem *problem = ptr;

  g_free (problem->message);
  g_free (problem);
}

static void
disk_free (gpointer ptr)
{
  VireoMigrationDisk *disk = ptr;

  g_free (disk->target);
  g_free (disk->source);
  g_free (disk->dest_pool);
  g_free (disk);
}

static void
vireo_migration_report_finalize (GObject *object)
{
  VireoMigrationReport *self = VIREO_MIGRATION_REPORT (object);

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->disks, g_ptr_array_unref);
  G_OBJECT_CLASS (vireo_migration_report_parent_class)->finalize (object);
}

static void
vireo_migration_report_class_init (VireoMigrationReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vireo_migration_report_finalize;
}

static void
vireo_migration_report_init (VireoMigrationReport *self)
{
  self->problems = g_ptr_array_new_with_free_func (problem_free);
  self->disks = g_ptr_array_new_with_free_func (disk_free);
}

GPtrArray *
vireo_migration_report_get_problems (VireoMigrationReport *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATION_REPORT (self), NULL);
  return self->problems;
}

GPtrArray *
vireo_migration_report_get_disks (VireoMigrationReport *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATION_REPORT (self), NULL);
  return self->disks;
}

gboolean
vireo_migration_report_get_blocked (VireoMigrationReport *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATION_REPORT (self), FALSE);

  for (guint i = 0; i < self->problems->len; i++)
    if (((VireoMigrationProblem *) g_ptr_array_index (self->problems, i))->blocking)
      return TRUE;
  return FALSE;
}

gboolean
vireo_migration_report_get_needs_copy (VireoMigrationReport *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATION_REPORT (self), FALSE);

  for (guint i = 0; i < self->disks->len; i++)
    {
      VireoMigrationDisk *disk = g_ptr_array_index (self->disks, i);

      if (!disk->shared && !disk->read_only)
        return TRUE;
    }
  return FALSE;
}

static void G_GNUC_PRINTF (4, 5)
add_problem (VireoMigrationReport *self,
             VireoMigrationCheck   check,
             gboolean              blocking,
             const char           *format,
             ...)
{
  VireoMigrationProblem *problem = g_new0 (VireoMigrationProblem, 1);
  va_list args;

  problem->check = check;
  problem->blocking = blocking;
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (self->problems, problem);
}

/* blocking first, then by check; the order found within one check stays */
static void
sort_problems (VireoMigrationReport *self)
{
  g_autoptr (GPtrArray) sorted = g_ptr_array_new_full (self->problems->len, problem_free);

  for (int pass = 0; pass < 2; pass++)
    for (int check = VIREO_MIGRATION_CHECK_OPTIONS; check <= VIREO_MIGRATION_CHECK_HOST_DEVICE; check++)
      for (guint i = 0; i < self->problems->len; i++)
        {
          VireoMigrationProblem *problem = g_ptr_array_index (self->problems, i);

          if ((int) problem->check == check && problem->blocking == (pass == 0))
            g_ptr_array_add (sorted, problem);
        }
  g_assert (sorted->len == self->problems->len);
  g_ptr_array_set_free_func (self->problems, NULL);
  g_ptr_array_unref (self->problems);
  self->problems = g_steal_pointer (&sorted);
}

/* -- the work ---------------------------------------------------------------- */

typedef struct
{
  virDomainPtr          domain;     /* owned */
  virConnectPtr         source;     /* owned */
  virConnectPtr         dest;       /* owned; NULL: not connected */
  VireoMigrationOptions options;
  char                 *dest_label;
  char                 *source_uri;
  char                 *dest_uri;
  VireoMigrationReport *report;     /* owned; problems found on the main thread already */
} Preflight;

static void
preflight_free (gpointer ptr)
{
  Preflight *pf = ptr;

  if (pf->domain != NULL)
    virDomainFree (pf->domain);
  if (pf->source != NULL)
    virConnectClose (pf->source);
  if (pf->dest != NULL)
    virConnectClose (pf->dest);
  vireo_migration_options_clear (&pf->options);
  g_free (pf->dest_label);
  g_free (pf->source_uri);
  g_free (pf->dest_uri);
  g_clear_object (&pf->report);
  g_free (pf);
}

/* Untrusted text (from the guest's XML or a remote libvirtd) made fit for a
 * sentence: valid UTF-8, no control characters, at most MAX_TEXT characters. */
static char *
bounded (const char *text)
{
  g_autofree char *valid = NULL;
  const char *p;
  GString *out;
  gsize length;
  glong n = 0;

  if (text == NULL)
    return g_strdup ("");
  length = strlen (text);
  valid = g_utf8_make_valid (text, MIN (length, (gsize) MAX_TEXT * 4));
  out = g_string_new (NULL);
  for (p = valid; *p != '\0' && n < MAX_TEXT; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, g_unichar_iscntrl (c) ? ' ' : c);
    }
  if (*p != '\0' || length > (gsize) MAX_TEXT * 4)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static xmlDoc *
domain_document (Preflight *pf, GError **error)
{
  unsigned int flags = pf->options.mode == VIREO_MIGRATION_OFFLINE ? VIR_DOMAIN_XML_INACTIVE : 0;
  char *xml = virDomainGetXMLDesc (pf->domain, flags);
  xmlDoc *doc;

  if (xml == NULL)
    {
      *error = vireo_error_new_from_libvirt (_("Could not read the VM’s configuration"));
      return NULL;
    }
  doc = vireo_xml_parse (xml, "domain", error);
  free (xml);
  return doc;
}

static xmlDoc *
capabilities (virConnectPtr conn)
{
  char *xml = virConnectGetCapabilities (conn);
  xmlDoc *doc;

  if (xml == NULL)
    return NULL;
  doc = vireo_xml_parse (xml, "capabilities", NULL);
  free (xml);
  return doc;
}

static char *
host_fact (xmlDoc *caps, const char *xpath)
{
  return caps != NULL ? vireo_xml_get_string (vireo_xml_root (caps), xpath) : NULL;
}

static void
check_host (Preflight *pf, xmlDoc *dom)
{
  g_autoptr (xmlDoc) source_caps = capabilities (pf->source);
  g_autoptr (xmlDoc) dest_caps = capabilities (pf->dest);
  g_autofree char *source_uuid = host_fact (source_caps, "string(host/uuid)");
  g_autofree char *dest_uuid = host_fact (dest_caps, "string(host/uuid)");
  g_autofree char *source_arch = host_fact (source_caps, "string(host/cpu/arch)");
  g_autofree char *dest_arch = host_fact (dest_caps, "string(host/cpu/arch)");
  g_autofree char *guest_arch = vireo_xml_get_string (vireo_xml_root (dom), "string(os/type/@arch)");
  g_autofree char *virttype = vireo_xml_attr (vireo_xml_root (dom), "type");
  const char *source_type = virConnectGetType (pf->source);
  const char *dest_type = virConnectGetType (pf->dest);
  gboolean same;

  /* host_uuid tells two daemons on one machine apart; without it, the URI */
  if (source_uuid != NULL && dest_uuid != NULL)
    same = g_ascii_strcasecmp (source_uuid, dest_uuid) == 0;
  else
    same = g_strcmp0 (pf->source_uri, pf->dest_uri) == 0;
  if (same)
    add_problem (pf->report, VIREO_MIGRATION_CHECK_DESTINATION, TRUE,
                 _("%s is the host the VM already runs on. Choose another host as the "
                   "destination."),
                 pf->dest_label);

  if (source_type != NULL && dest_type != NULL && g_ascii_strcasecmp (source_type, dest_type) != 0)
    {
      g_autofree char *s = bounded (source_type);
      g_autofree char *d = bounded (dest_type);

      add_problem (pf->report, VIREO_MIGRATION_CHECK_HYPERVISOR, TRUE,
                   _("%s runs the hypervisor %s, but the VM was made for %s. A VM can only move "
                     "between hosts of the same kind."),
                   pf->dest_label, d, s);
    }

  if (dest_caps != NULL && guest_arch != NULL && virttype != NULL)
    {
      /* the destination lists what it can run: this arch with this accelerator */
      g_autoptr (GPtrArray) arches = vireo_xml_get_nodes (vireo_xml_root (dest_caps), "guest/arch");
      gboolean found = FALSE;

      for (guint i = 0; i < arches->len && !found; i++)
        {
          xmlNode *arch = g_ptr_array_index (arches, i);

          if (!vireo_xml_attr_equals (arch, "name", guest_arch))
            continue;
          for (xmlNode *child = vireo_xml_first_element (arch); child != NULL && !found;
               child = vireo_xml_next_element (child))
            found = vireo_xml_is_element (child, "domain") && vireo_xml_attr_equals (child, "type", virttype);
        }
      if (!found)
        {
          g_autofree char *a = bounded (guest_arch);
          g_autofree char *t = bounded (virttype);

          add_problem (pf->report, VIREO_MIGRATION_CHECK_HYPERVISOR, TRUE,
                       _("%s cannot run this VM: it offers no “%s” virtualization for %s guests "
                         "(for “kvm”, its processor or kernel may lack KVM). Choose another host."),
                       pf->dest_label, t, a);
        }
    }
  else if (source_arch != NULL && dest_arch != NULL && g_strcmp0 (source_arch, dest_arch) != 0)
    {
      g_autofree char *d = bounded (dest_arch);
      g_autofree char *g = bounded (guest_arch != NULL ? guest_arch : source_arch);

      add_problem (pf->report, VIREO_MIGRATION_CHECK_HYPERVISOR, TRUE,
                   _("%s is a %s host and cannot run this %s VM. Choose a host with the same "
                     "architecture."),
                   pf->dest_label, d, g);
    }
}

static void
check_cpu (Preflight *pf, xmlDoc *dom)
{
  xmlNode *root = vireo_xml_root (dom);
  xmlNode *cpu = vireo_xml_child (root, "cpu");
  g_autofree char *mode = vireo_xml_attr (cpu, "mode");
  g_autofree char *model = vireo_xml_child_text (cpu, "model");
  g_autofree char *cpu_xml = NULL;
  g_autofree char *arch = NULL;
  g_autofree char *virttype = NULL;
  int result;

  if (cpu == NULL)
    return;
  if (g_strcmp0 (mode, "host-passthrough") == 0 || g_strcmp0 (mode, "maximum") == 0)
    {
      add_problem (pf->report, VIREO_MIGRATION_CHECK_HOST_PASSTHROUGH, FALSE,
                   _("The VM passes the host’s own processor through to the guest. It can only "
                     "move to %s if both hosts have exactly the same processor and firmware; "
                     "otherwise the guest may crash after the move."),
                   pf->dest_label);
      return;
    }
  /* host-model without a model is worked out again on the destination */
  if (model == NULL)
    return;

  cpu_xml = vireo_xml_serialize_node (cpu, VIREO_XML_FORMAT_COMPACT);
  arch = vireo_xml_get_string (root, "string(os/type/@arch)");
  virttype = vireo_xml_attr (root, "type");
  /* the source's emulator path and machine type need not exist there: the
   * destination's defaults for this arch and accelerator */
  result = virConnectCompareHypervisorCPU (pf->dest, NULL, arch, NULL, virttype, cpu_xml, 0);
  if (result == VIR_CPU_COMPARE_INCOMPATIBLE)
    {
      g_autofree char *m = bounded (model);

      add_problem (pf->report, VIREO_MIGRATION_CHECK_CPU, TRUE,
                   _("The processor of %s cannot provide the CPU the guest uses (%s with its "
                     "required features). Choose a host with a compatible processor, or change "
                     "the VM’s CPU model to one both hosts support."),
                   pf->dest_label, m);
    }
  else if (result < 0)
    add_problem (pf->report, VIREO_MIGRATION_CHECK_CPU, FALSE,
                 _("Could not compare the guest’s CPU with the processor of %s: the host does not "
                   "say. Make sure both hosts have the same processor vendor and features."),
                 pf->dest_label);
}

static gboolean
dest_has_bridge (Preflight *pf, const char *bridge)
{
  virNetworkPtr *networks = NULL;
  virInterfacePtr *interfaces = NULL;
  virNodeDevicePtr *devices = NULL;
  gboolean found = FALSE;
  int n;

  n = virConnectListAllNetworks (pf->dest, &networks, VIR_CONNECT_LIST_NETWORKS_ACTIVE);
  for (int i = 0; i < n; i++)
    {
      char *name = virNetworkGetBridgeName (networks[i]);

      found = found || g_strcmp0 (name, bridge) == 0;
      free (name);
      virNetworkFree (networks[i]);
    }
  free (networks);
  virResetLastError ();
  if (found)
    return TRUE;

  n = virConnectListAllInterfaces (pf->dest, &interfaces, 0);
  for (int i = 0; i < n; i++)
    {
      found = found || g_strcmp0 (virInterfaceGetName (interfaces[i]), bridge) == 0;
      virInterfaceFree (interfaces[i]);
    }
  free (interfaces);
  virResetLastError ();
  if (found)
    return TRUE;

  n = virConnectListAllNodeDevices (pf->dest, &devices, VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET);
  for (int i = 0; i < n; i++)
    {
      if (!found)
        {
          char *xml = virNodeDeviceGetXMLDesc (devices[i], 0);
          g_autoptr (xmlDoc) doc = xml != NULL ? vireo_xml_parse (xml, "device", NULL) : NULL;
          g_autofree char *name = doc != NULL
              ? vireo_xml_get_string (vireo_xml_root (doc), "string(capability[@type='net']/interface)")
              : NULL;

          found = g_strcmp0 (name, bridge) == 0;
          free (xml);
        }
      virNodeDeviceFree (devices[i]);
    }
  free (devices);
  virResetLastError ();
  return found;
}

static void
check_networks (Preflight *pf, xmlDoc *dom)
{
  g_autoptr (GPtrArray) interfaces = vireo_xml_get_nodes (vireo_xml_root (dom), "devices/interface");
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean live = pf->options.mode == VIREO_MIGRATION_LIVE;

  for (guint i = 0; i < MIN (interfaces->len, MAX_DEVICES); i++)
    {
      xmlNode *iface = g_ptr_array_index (interfaces, i);
      g_autofree char *type = vireo_xml_attr (iface, "type");
      xmlNode *source = vireo_xml_child (iface, "source");

      if (g_strcmp0 (type, "network") == 0)
        {
          g_autofree char *name = vireo_xml_attr (source, "network");
          g_autofree char *shown = NULL;
          virNetworkPtr network;

          if (name == NULL || !g_hash_table_add (seen, g_strconcat ("n:", name, NULL)))
            continue;
          shown = bounded (name);
          network = virNetworkLookupByName (pf->dest, name);
          if (network == NULL && virGetLastErrorCode () != VIR_ERR_NO_NETWORK)
            add_problem (pf->report, VIREO_MIGRATION_CHECK_NETWORK, FALSE,
                         _("Could not find out whether the virtual network “%s” exists on %s. "
                           "Make sure it exists and runs there."),
                         shown, pf->dest_label);
          else if (network == NULL)
            add_problem (pf->report, VIREO_MIGRATION_CHECK_NETWORK, TRUE,
                         _("The virtual network “%s” the VM uses does not exist on %s. Create a "
                           "network with that name there, or connect the VM to another network "
                           "first."),
                         shown, pf->dest_label);
          else
            {
              if (virNetworkIsActive (network) == 0)
                add_problem (pf->report, VIREO_MIGRATION_CHECK_NETWORK, live,
                             _("The virtual network “%s” is not running on %s. Start it there "
                               "before moving the VM."),
                             shown, pf->dest_label);
              virNetworkFree (network);
            }
          virResetLastError ();
        }
      else if (g_strcmp0 (type, "bridge") == 0)
        {
          g_autofree char *bridge = vireo_xml_attr (source, "bridge");

          if (bridge == NULL || !g_hash_table_add (seen, g_strconcat ("b:", bridge, NULL)))
            continue;
          if (!dest_has_bridge (pf, bridge))
            {
              g_autofree char *shown = bounded (bridge);

              add_problem (pf->report, VIREO_MIGRATION_CHECK_NETWORK, TRUE,
                           _("The bridge “%s” the VM is connected to does not exist on %s. "
                             "Create a bridge with that name there, or connect the VM to another "
                             "network first."),
                           shown, pf->dest_label);
            }
        }
    }
}

/* -- storage -- */

static gboolean
pool_type_is_shared (const char *type)
{
  static const char *const shared[] = { "netfs", "iscsi", "iscsi-direct", "rbd", "gluster",
                                        "sheepdog", "vstorage", "mpath", NULL };

  return type != NULL && g_strv_contains (shared, type);
}

static char *
pool_type (virStoragePoolPtr pool)
{
  char *xml = virStoragePoolGetXMLDesc (pool, 0);
  g_autoptr (xmlDoc) doc = xml != NULL ? vireo_xml_parse (xml, "pool", NULL) : NULL;

  free (xml);
  return doc != NULL ? vireo_xml_attr (vireo_xml_root (doc), "type") : NULL;
}

static char *
pool_target_path (virStoragePoolPtr pool)
{
  char *xml = virStoragePoolGetXMLDesc (pool, 0);
  g_autoptr (xmlDoc) doc = xml != NULL ? vireo_xml_parse (xml, "pool", NULL) : NULL;

  free (xml);
  return doc != NULL ? vireo_xml_get_string (vireo_xml_root (doc), "string(target/path)") : NULL;
}

gboolean
_vireo_migration_volume_is_shared (virStorageVolPtr volume)
{
  virStoragePoolPtr pool = virStoragePoolLookupByVolume (volume);
  g_autofree char *type = pool != NULL ? pool_type (pool) : NULL;

  if (pool != NULL)
    virStoragePoolFree (pool);
  virResetLastError ();
  return pool_type_is_shared (type);
}

/* The source side of one disk: its size, and whether its pool is shared. */
static void
read_source_volume (Preflight *pf, VireoMigrationDisk *disk, virStorageVolPtr volume)
{
  virStorageVolInfo info;

  if (virStorageVolGetInfo (volume, &info) == 0)
    {
      disk->capacity = info.capacity;
      disk->allocation = info.allocation;
    }
  disk->shared = _vireo_migration_volume_is_shared (volume);
  virResetLastError ();
}

/* The destination's active pool that would receive a copy of @path: the one
 * whose directory holds it, else "default" (new reference, or NULL). */
static virStoragePoolPtr
receiving_pool (Preflight *pf, const char *path)
{
  g_autofree char *dir = path != NULL && g_path_is_absolute (path) ? g_path_get_dirname (path) : NULL;
  virStoragePoolPtr *pools = NULL;
  virStoragePoolPtr found = NULL;
  virStoragePoolPtr fallback = NULL;
  int n = virConnectListAllStoragePools (pf->dest, &pools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);

  for (int i = 0; i < n; i++)
    {
      g_autofree char *target = found == NULL && dir != NULL ? pool_target_path (pools[i]) : NULL;

      if (found == NULL && target != NULL && g_strcmp0 (target, dir) == 0)
        found = g_steal_pointer (&pools[i]);
      else if (fallback == NULL && g_strcmp0 (virStoragePoolGetName (pools[i]), "default") == 0)
        fallback = g_steal_pointer (&pools[i]);
      else
        virStoragePoolFree (pools[i]);
    }
  free (pools);
  virResetLastError ();
  if (found != NULL)
    {
      if (fallback != NULL)
        virStoragePoolFree (fallback);
      return found;
    }
  return fallback;
}

typedef struct
{
  char    *name;
  guint64  available;
  guint64  needed;
  guint    n_disks;
  GString *targets;
} PoolNeed;

static void
pool_need_free (gpointer ptr)
{
  PoolNeed *need = ptr;

  g_free (need->name);
  g_string_free (need->targets, TRUE);
  g_free (need);
}

static void
check_storage (Preflight *pf, xmlDoc *dom)
{
  g_autoptr (GPtrArray) disks = vireo_xml_get_nodes (vireo_xml_root (dom), "devices/disk");
  g_autoptr (GPtrArray) needs = g_ptr_array_new_with_free_func (pool_need_free);
  gboolean copy = pf->options.storage != VIREO_MIGRATION_STORAGE_SHARED;

  for (guint i = 0; i < MIN (disks->len, MAX_DEVICES); i++)
    {
      xmlNode *node = g_ptr_array_index (disks, i);
      g_autofree char *type = vireo_xml_attr (node, "type");
      g_autofree char *device = vireo_xml_attr (node, "device");
      xmlNode *source = vireo_xml_child (node, "source");
      g_autofree char *target = vireo_xml_attr (vireo_xml_child (node, "target"), "dev");
      g_autofree char *path = NULL;
      g_autofree char *pool_name = NULL;
      g_autofree char *volume_name = NULL;
      VireoMigrationDisk *disk;
      virStorageVolPtr volume = NULL;
      gboolean same_path = FALSE;  /* a volume there at the same path, on a local pool */
      guint64 there_allocation = 0;

      if (g_strcmp0 (type, "file") == 0)
        path = vireo_xml_attr (source, "file");
      else if (g_strcmp0 (type, "block") == 0)
        path = vireo_xml_attr (source, "dev");
      else if (g_strcmp0 (type, "dir") == 0)
        path = vireo_xml_attr (source, "dir");
      else if (g_strcmp0 (type, "volume") == 0)
        {
          pool_name = vireo_xml_attr (source, "pool");
          volume_name = vireo_xml_attr (source, "volume");
        }
      else if (g_strcmp0 (type, "network") == 0)
        volume_name = vireo_xml_attr (source, "name");

      if (path == NULL && volume_name == NULL)
        continue; /* an empty CD-ROM drive: nothing to move */

      disk = g_new0 (VireoMigrationDisk, 1);
      g_ptr_array_add (pf->report->disks, disk);
      disk->target = bounded (target);
      disk->read_only = g_strcmp0 (device, "cdrom") == 0 || g_strcmp0 (device, "floppy") == 0
                        || vireo_xml_child (node, "readonly") != NULL;

      if (g_strcmp0 (type, "network") == 0)
        {
          g_autofree char *protocol = vireo_xml_attr (source, "protocol");
          g_autofree char *name = g_strdup_printf ("%s:%s", protocol != NULL ? protocol : "", volume_name);

          disk->source = bounded (name);
          disk->shared = TRUE; /* every host reaches it over the network */
          continue;
        }

      if (path != NULL)
        {
          disk->source = bounded (path);
          volume = virStorageVolLookupByPath (pf->source, path);
        }
      else
        {
          g_autofree char *name = g_strdup_printf ("%s/%s", pool_name != NULL ? pool_name : "", volume_name);
          virStoragePoolPtr pool = pool_name != NULL ? virStoragePoolLookupByName (pf->source, pool_name) : NULL;

          disk->source = bounded (name);
          if (pool != NULL)
            {
              volume = virStorageVolLookupByName (pool, volume_name);
              virStoragePoolFree (pool);
            }
        }
      virResetLastError ();
      if (volume != NULL)
        {
          read_source_volume (pf, disk, volume);
          virStorageVolFree (volume);
        }
      else if (target != NULL)
        {
          virDomainBlockInfo info;

          if (virDomainGetBlockInfo (pf->domain, target, &info, 0) == 0)
            {
              disk->capacity = info.capacity;
              disk->allocation = info.allocation;
            }
          virResetLastError ();
        }

      /* the destination has the same path (or pool and volume): on a network
       * pool there both hosts reach the same storage; on a local one (dir, fs,
       * logical, disk…) it may be another file that only has the same name,
       * or a shared file system mounted at the same path, which Vireo cannot
       * tell apart: a copy, unless the person says otherwise */
      if (!disk->shared)
        {
          virStorageVolPtr there = NULL;

          if (path != NULL)
            there = virStorageVolLookupByPath (pf->dest, path);
          else
            {
              virStoragePoolPtr pool = pool_name != NULL ? virStoragePoolLookupByName (pf->dest, pool_name) : NULL;

              if (pool != NULL)
                {
                  there = virStorageVolLookupByName (pool, volume_name);
                  virStoragePoolFree (pool);
                }
            }
          virResetLastError ();
          if (there != NULL)
            {
              virStorageVolInfo there_info;

              if (_vireo_migration_volume_is_shared (there))
                disk->shared = TRUE;
              else
                {
                  same_path = TRUE;
                  if (virStorageVolGetInfo (there, &there_info) == 0)
                    there_allocation = there_info.allocation;
                }
              virStorageVolFree (there);
              virResetLastError ();
            }
        }

      if (disk->shared || disk->read_only)
        continue;

      if (same_path)
        {
          if (pf->options.mode == VIREO_MIGRATION_OFFLINE)
            add_problem (pf->report, VIREO_MIGRATION_CHECK_STORAGE, FALSE,
                         _("The disk %s (%s) also exists at the same path on %s, but Vireo cannot "
                           "tell whether it is the same storage (a shared file system mounted at "
                           "the same path on both hosts). If it is not, the VM would use another "
                           "disk there: start it and move it live with a copy of its disks."),
                         disk->target, disk->source, pf->dest_label);
          else if (copy)
            add_problem (pf->report, VIREO_MIGRATION_CHECK_STORAGE, FALSE,
                         _("The disk %s (%s) also exists at the same path on %s, but Vireo cannot "
                           "tell whether it is the same storage (a shared file system mounted at "
                           "the same path on both hosts). The copy replaces the file there: if it "
                           "is the same storage, choose shared storage instead."),
                         disk->target, disk->source, pf->dest_label);
          else
            add_problem (pf->report, VIREO_MIGRATION_CHECK_STORAGE, FALSE,
                         _("The disk %s (%s) also exists at the same path on %s, but Vireo cannot "
                           "tell whether it is the same storage (a shared file system mounted at "
                           "the same path on both hosts). If it is not, copy the disks; keep "
                           "shared storage only if it is."),
                         disk->target, disk->source, pf->dest_label);
        }

      if (pf->options.mode == VIREO_MIGRATION_OFFLINE)
        {
          /* an offline move takes the definition only: the disk stays here */
          if (!same_path)
            add_problem (pf->report, VIREO_MIGRATION_CHECK_STORAGE, TRUE,
                         _("The disk %s (%s) is not on storage that %s can see, and an offline "
                           "move does not take disks along: the VM would not start there. Put "
                           "the disk on storage both hosts share (a network file system, iSCSI "
                           "or Ceph pool), or start the VM and move it live with a copy of its "
                           "disks."),
                         disk->target, disk->source, pf->dest_label);
          continue;
        }

      {
        /* where a copy would go: shown with shared storage chosen too */
        virStoragePoolPtr pool = receiving_pool (pf, path);
        gboolean has_pool = pool != NULL;
        virStoragePoolInfo info;
        PoolNeed *need = NULL;

        if (has_pool)
          {
            disk->dest_pool = bounded (virStoragePoolGetName (pool));
            if (virStoragePoolGetInfo (pool, &info) == 0)
              disk->dest_pool_free = info.available;
            virStoragePoolFree (pool);
          }
        virResetLastError ();

        if (!copy)
          {
            /* shared storage chosen: a disk at the same path is the person's
             * call (the warning above); one the destination lacks is not */
            if (!same_path)
              add_problem (pf->report, VIREO_MIGRATION_CHECK_STORAGE, TRUE,
                           _("The disk %s (%s) is not on storage that %s can see. Choose to copy "
                             "the disks, or put the disk on storage both hosts share (a network "
                             "file system, iSCSI or Ceph pool)."),
                           disk->target, disk->source, pf->dest_label);
            continue;
          }
        if (!has_pool)
          {
            add_problem (pf->report, VIREO_MIGRATION_CHECK_STORAGE, TRUE,
                         _("%s has no active storage pool to receive a copy of the disk %s (%s). "
                           "Create or start a storage pool there first."),
                         pf->dest_label, disk->target, disk->source);
            continue;
          }

        for (guint j = 0; j < needs->len && need == NULL; j++)
          if (g_strcmp0 (((PoolNeed *) g_ptr_array_index (needs, j))->name, disk->dest_pool) == 0)
            need = g_ptr_array_index (needs, j);
        if (need == NULL)
          {
            need = g_new0 (PoolNeed, 1);
            need->name = g_strdup (disk->dest_pool);
            need->available = disk->dest_pool_free;
            need->targets = g_string_new (NULL);
            g_ptr_array_add (needs, need);
          }
        /* a file already there is written over: it holds some of the room */
        need->needed += disk->capacity - MIN (disk->capacity, there_allocation);
        need->n_disks++;
        if (need->targets->len > 0)
          g_string_append (need->targets, ", ");
        g_string_append (need->targets, disk->target);
      }
    }

  for (guint i = 0; i < needs->len; i++)
    {
      PoolNeed *need = g_ptr_array_index (needs, i);

      if (need->needed > need->available)
        {
          g_autofree char *needed = g_format_size_full (need->needed, G_FORMAT_SIZE_IEC_UNITS);
          g_autofree char *available = g_format_size_full (need->available, G_FORMAT_SIZE_IEC_UNITS);

          add_problem (pf->report, VIREO_MIGRATION_CHECK_STORAGE, TRUE,
                       ngettext ("The storage pool “%s” on %s has %s free, but a copy of the disk "
                                 "%s needs %s. Free some space in that pool, or make the storage "
                                 "shared.",
                                 "The storage pool “%s” on %s has %s free, but copies of the disks "
                                 "%s need %s. Free some space in that pool, or make the storage "
                                 "shared.",
                                 need->n_disks),
                       need->name, pf->dest_label, available, need->targets->str, needed);
        }
    }
}

static void
check_name (Preflight *pf)
{
  const char *name = virDomainGetName (pf->domain);
  char uuid[VIR_UUID_STRING_BUFLEN] = "";
  virDomainPtr by_name = name != NULL ? virDomainLookupByName (pf->dest, name) : NULL;
  virDomainPtr by_uuid;
  g_autofree char *shown = bounded (name);

  virResetLastError ();
  if (virDomainGetUUIDString (pf->domain, uuid) < 0)
    uuid[0] = '\0';
  by_uuid = uuid[0] != '\0' ? virDomainLookupByUUIDString (pf->dest, uuid) : NULL;
  virResetLastError ();

  if (by_uuid != NULL && g_strcmp0 (virDomainGetName (by_uuid), name) == 0)
    {
      /* the same VM is defined there: libvirt takes over a shut-off definition */
      if (virDomainIsActive (by_uuid) == 1)
        add_problem (pf->report, VIREO_MIGRATION_CHECK_NAME, TRUE,
                     _("“%s” is already running on %s. Shut it down there, or delete it there, "
                       "before moving this one."),
                     shown, pf->dest_label);
      else
        add_problem (pf->report, VIREO_MIGRATION_CHECK_NAME, FALSE,
                     _("“%s” is already defined on %s. Its definition there will be replaced by "
                       "this VM’s."),
                     shown, pf->dest_label);
    }
  else
    {
      if (by_name != NULL)
        add_problem (pf->report, VIREO_MIGRATION_CHECK_NAME, TRUE,
                     _("A different VM called “%s” already exists on %s. Rename one of them, or "
                       "delete the one there, before moving this one."),
                     shown, pf->dest_label);
      if (by_uuid != NULL)
        {
          g_autofree char *other = bounded (virDomainGetName (by_uuid));

          add_problem (pf->report, VIREO_MIGRATION_CHECK_NAME, TRUE,
                       _("The VM “%s” on %s has the same UUID (%s) as “%s”. Delete it there, or "
                         "give one of them a new UUID, before moving this one."),
                       other, pf->dest_label, uuid, shown);
        }
    }
  virResetLastError ();
  if (by_name != NULL)
    virDomainFree (by_name);
  if (by_uuid != NULL)
    virDomainFree (by_uuid);
}

/* bytes free on the destination; when the host does not say, its memory
 * less what its running VMs have; 0 when unknown */
static guint64
dest_free_memory (Preflight *pf)
{
  unsigned long long free_bytes = virNodeGetFreeMemory (pf->dest);
  virNodeInfo node;
  virDomainPtr *domains = NULL;
  guint64 used = 0;
  int n;

  if (free_bytes > 0)
    return free_bytes;
  virResetLastError ();
  if (virNodeGetInfo (pf->dest, &node) < 0)
    {
      virResetLastError ();
      return 0;
    }
  n = virConnectListAllDomains (pf->dest, &domains, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
  for (int i = 0; i < n; i++)
    {
      virDomainInfo info;

      if (virDomainGetInfo (domains[i], &info) == 0)
        used += (guint64) info.memory * 1024;
      virDomainFree (domains[i]);
    }
  free (domains);
  virResetLastError ();
  return (guint64) node.memory * 1024 > used ? (guint64) node.memory * 1024 - used : 1;
}

static void
check_memory (Preflight *pf)
{
  virDomainInfo info;
  guint64 needed;
  guint64 available;
  g_autofree char *needed_text = NULL;
  g_autofree char *available_text = NULL;
  gboolean live = pf->options.mode == VIREO_MIGRATION_LIVE;

  if (virDomainGetInfo (pf->domain, &info) < 0)
    {
      virResetLastError ();
      return;
    }
  needed = (guint64) info.memory * 1024;
  available = dest_free_memory (pf);
  if (available == 0)
    {
      add_problem (pf->report, VIREO_MIGRATION_CHECK_MEMORY, FALSE,
                   _("Could not find out how much memory is free on %s. Make sure it has at least "
                     "as much free as the VM uses."),
                   pf->dest_label);
      return;
    }
  needed_text = g_format_size_full (needed, G_FORMAT_SIZE_IEC_UNITS);
  available_text = g_format_size_full (available, G_FORMAT_SIZE_IEC_UNITS);
  if (available < needed)
    {
      if (live)
        add_problem (pf->report, VIREO_MIGRATION_CHECK_MEMORY, TRUE,
                     _("%s has %s of memory free, but the VM needs %s. Shut down other VMs there, "
                       "or choose another host."),
                     pf->dest_label, available_text, needed_text);
      else
        add_problem (pf->report, VIREO_MIGRATION_CHECK_MEMORY, FALSE,
                     _("%s has %s of memory free, but the VM needs %s: it will not start there "
                       "until more memory is free."),
                     pf->dest_label, available_text, needed_text);
    }
  else if (live && available - needed < needed / MEMORY_MARGIN_DIVISOR)
    add_problem (pf->report, VIREO_MIGRATION_CHECK_MEMORY, FALSE,
                 _("%s has %s of memory free and the VM needs %s: little will be left for the "
                   "host and its other VMs."),
                 pf->dest_label, available_text, needed_text);
}

static void
check_host_devices (Preflight *pf, xmlDoc *dom)
{
  g_autoptr (GPtrArray) hostdevs = vireo_xml_get_nodes (
      vireo_xml_root (dom), "devices/hostdev | devices/interface[@type='hostdev']");

  for (guint i = 0; i < MIN (hostdevs->len, MAX_DEVICES); i++)
    {
      xmlNode *node = g_ptr_array_index (hostdevs, i);
      g_autofree char *type = vireo_xml_attr (node, "type");
      g_autofree char *what = NULL;

      if (g_strcmp0 (type, "usb") == 0)
        {
          g_autofree char *vendor = vireo_xml_get_string (node, "string(source/vendor/@id)");
          g_autofree char *product = vireo_xml_get_string (node, "string(source/product/@id)");
          g_autofree char *v = bounded (vendor != NULL ? vendor : "?");
          g_autofree char *p = bounded (product != NULL ? product : "?");

          what = g_strdup_printf (_("the host USB device %s:%s"), v, p);
        }
      else
        {
          xmlNode *address = vireo_xml_get_node (node, "source/address");
          g_autofree char *domain = vireo_xml_attr (address, "domain");
          g_autofree char *bus = vireo_xml_attr (address, "bus");
          g_autofree char *slot = vireo_xml_attr (address, "slot");
          g_autofree char *function = vireo_xml_attr (address, "function");
          g_autofree char *text = g_strdup_printf ("%s:%s:%s.%s", domain ? domain : "0x0000",
                                                   bus ? bus : "?", slot ? slot : "?",
                                                   function ? function : "?");
          g_autofree char *shown = bounded (text);

          if (g_strcmp0 (type, "pci") == 0 || vireo_xml_is_element (node, "interface"))
            what = g_strdup_printf (_("the host PCI device %s"), shown);
          else
            what = g_strdup (_("a host device"));
        }
      add_problem (pf->report, VIREO_MIGRATION_CHECK_HOST_DEVICE, TRUE,
                   _("The VM uses %s, which stays with this host: a VM with a host device "
                     "attached cannot move. Remove the device from the VM first."),
                   what);
    }
}

static void
preflight_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Preflight *pf = task_data;
  g_autoptr (xmlDoc) dom = NULL;
  GError *error = NULL;

  dom = domain_document (pf, &error);
  if (dom == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  if (pf->dest != NULL)
    {
      guint before = pf->report->problems->len;

      check_host (pf, dom);
      if (g_task_return_error_if_cancelled (task))
        return;
      check_cpu (pf, dom);
      check_networks (pf, dom);
      if (g_task_return_error_if_cancelled (task))
        return;
      check_storage (pf, dom);
      if (g_task_return_error_if_cancelled (task))
        return;
      check_name (pf);
      check_memory (pf);

      /* a destination lost on the way answers "not found" to everything:
       * what it said is worth nothing */
      if (virConnectIsAlive (pf->dest) != 1)
        {
          g_ptr_array_remove_range (pf->report->problems, before, pf->report->problems->len - before);
          g_ptr_array_set_size (pf->report->disks, 0);
          add_problem (pf->report, VIREO_MIGRATION_CHECK_DESTINATION, TRUE,
                       _("The connection to %s was lost during the checks. Reconnect to it, then "
                         "check again."),
                       pf->dest_label);
        }
    }
  check_host_devices (pf, dom);
  if (g_task_return_error_if_cancelled (task))
    return;

  sort_problems (pf->report);
  g_task_return_pointer (task, g_steal_pointer (&pf->report), g_object_unref);
}

/* The caller's task is answered at once when it is cancelled, even while a
 * worker waits on a destination that stopped answering (until the keepalive
 * gives up); the worker's own task ends later and its result is dropped. */
typedef struct
{
  GTask        *task;        /* the caller's */
  GCancellable *cancellable;
  gulong        handler;
  gint          answered;    /* atomic: the caller's task has returned */
} Waiter;

/* any thread: the thread that cancels */
static void
waiter_cancelled (GCancellable *cancellable,
                  gpointer      data)
{
  Waiter *waiter = data;

  if (g_atomic_int_compare_and_exchange (&waiter->answered, 0, 1))
    g_task_return_new_error (waiter->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                             _("The checks were cancelled."));
}

/* main thread: the worker's task ended */
static void
worker_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Waiter *waiter = data;
  GError *error = NULL;
  VireoMigrationReport *report = g_task_propagate_pointer (G_TASK (result), &error);

  if (waiter->handler != 0)
    g_cancellable_disconnect (waiter->cancellable, waiter->handler);
  if (g_atomic_int_compare_and_exchange (&waiter->answered, 0, 1))
    {
      if (report != NULL)
        g_task_return_pointer (waiter->task, report, g_object_unref);
      else
        g_task_return_error (waiter->task, error);
    }
  else
    {
      g_clear_object (&report);
      g_clear_error (&error);
    }
  g_object_unref (waiter->task);
  g_clear_object (&waiter->cancellable);
  g_free (waiter);
}

/**
 * vireo_migration_preflight_async:
 *
 * Looks at @domain and @destination with the choices in @options, on a worker.
 */
void
vireo_migration_preflight_async (VireoDomain                 *domain,
                                 VireoConnection             *destination,
                                 const VireoMigrationOptions *options,
                                 GCancellable                *cancellable,
                                 GAsyncReadyCallback          callback,
                                 gpointer                     user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTask) worker = NULL;
  g_autoptr (GError) invalid = NULL;
  VireoConnection *source;
  Preflight *pf;
  Waiter *waiter;

  g_return_if_fail (VIREO_IS_DOMAIN (domain));
  g_return_if_fail (VIREO_IS_CONNECTION (destination));
  g_return_if_fail (options != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (domain, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_migration_preflight_async);

  source = vireo_domain_get_connection (domain);
  pf = g_new0 (Preflight, 1);
  pf->report = g_object_new (VIREO_TYPE_MIGRATION_REPORT, NULL);
  vireo_migration_options_copy (options, &pf->options);
  pf->domain = _vireo_domain_ref_handle (domain);
  pf->source = source != NULL ? vireo_connection_ref_handle (source) : NULL;
  if (pf->domain == NULL || pf->source == NULL)
    {
      preflight_free (pf);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                               _("The VM is no longer there, or its host is not connected. "
                                 "Reconnect to the host and try again."));
      return;
    }
  pf->dest_label = bounded (vireo_connection_get_label (destination));
  pf->source_uri = g_strdup (vireo_connection_get_uri (source));
  pf->dest_uri = g_strdup (vireo_connection_get_uri (destination));

  if (!vireo_migration_options_validate_for (options, domain, &invalid))
    add_problem (pf->report, VIREO_MIGRATION_CHECK_OPTIONS, TRUE, "%s", invalid->message);

  if (vireo_connection_get_state (destination) == VIREO_CONNECTION_STATE_CONNECTED)
    pf->dest = vireo_connection_ref_handle (destination);
  if (pf->dest == NULL)
    add_problem (pf->report, VIREO_MIGRATION_CHECK_DESTINATION, TRUE,
                 _("%s is not connected. Connect to it, then check again."), pf->dest_label);
  else if (destination == source)
    {
      /* nothing else to look at: the VM is already there */
      add_problem (pf->report, VIREO_MIGRATION_CHECK_DESTINATION, TRUE,
                   _("%s is the host the VM already runs on. Choose another host as the "
                     "destination."),
                   pf->dest_label);
      virConnectClose (g_steal_pointer (&pf->dest));
    }

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_object_ref (task);
  worker = g_task_new (domain, cancellable, worker_done, waiter);
  g_task_set_task_data (worker, pf, preflight_free);
  if (cancellable != NULL)
    {
      waiter->cancellable = g_object_ref (cancellable);
      waiter->handler = g_cancellable_connect (cancellable, G_CALLBACK (waiter_cancelled), waiter, NULL);
    }
  vireo_connection_run_in_worker (source, worker, preflight_thread);
}

VireoMigrationReport *
vireo_migration_preflight_finish (VireoDomain  *domain,
                                  GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vireo_migration_preflight_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
