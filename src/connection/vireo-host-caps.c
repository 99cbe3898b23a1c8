/* vireo-host-caps.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-host-caps"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vireo-connection-private.h"
#include "vireo-error.h"
#include "vireo-host-caps.h"
#include "vireo-host-resources-private.h"
#include "vireo-uri.h"
#include "vireo-xml.h"

G_DEFINE_BOXED_TYPE (VireoHostCaps, vireo_host_caps, vireo_host_caps_ref, vireo_host_caps_unref)

static void
pool_facts_free (VireoPoolFacts *pool)
{
  g_free (pool->name);
  g_free (pool->path);
  g_free (pool);
}

static void
network_facts_free (VireoNetworkFacts *network)
{
  g_free (network->name);
  g_free (network->bridge);
  g_free (network);
}

static void
host_caps_free (VireoHostCaps *caps)
{
  g_free (caps->capabilities_xml);
  g_free (caps->domain_caps_xml);
  g_ptr_array_unref (caps->pools);
  g_ptr_array_unref (caps->networks);
  g_clear_pointer (&caps->interfaces, g_ptr_array_unref);
  g_clear_pointer (&caps->drives, g_ptr_array_unref);
}

VireoHostCaps *
vireo_host_caps_ref (VireoHostCaps *caps)
{
  return g_atomic_rc_box_acquire (caps);
}

void
vireo_host_caps_unref (VireoHostCaps *caps)
{
  if (caps != NULL)
    g_atomic_rc_box_release_full (caps, (GDestroyNotify) host_caps_free);
}

VireoHostCaps *
vireo_host_caps_copy (const VireoHostCaps *caps)
{
  VireoHostCaps *copy;

  g_return_val_if_fail (caps != NULL, NULL);

  copy = g_atomic_rc_box_new0 (VireoHostCaps);
  *copy = *caps;
  copy->capabilities_xml = g_strdup (caps->capabilities_xml);
  copy->domain_caps_xml = g_strdup (caps->domain_caps_xml);
  copy->pools = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_facts_free);
  for (guint i = 0; i < caps->pools->len; i++)
    {
      const VireoPoolFacts *pool = g_ptr_array_index (caps->pools, i);
      VireoPoolFacts *facts = g_memdup2 (pool, sizeof *pool);

      facts->name = g_strdup (pool->name);
      facts->path = g_strdup (pool->path);
      g_ptr_array_add (copy->pools, facts);
    }
  copy->networks = g_ptr_array_new_with_free_func ((GDestroyNotify) network_facts_free);
  for (guint i = 0; i < caps->networks->len; i++)
    {
      const VireoNetworkFacts *network = g_ptr_array_index (caps->networks, i);
      VireoNetworkFacts *facts = g_memdup2 (network, sizeof *network);

      facts->name = g_strdup (network->name);
      facts->bridge = g_strdup (network->bridge);
      g_ptr_array_add (copy->networks, facts);
    }
  copy->interfaces = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_interface_facts_free);
  for (guint i = 0; caps->interfaces != NULL && i < caps->interfaces->len; i++)
    {
      const VireoInterfaceFacts *iface = g_ptr_array_index (caps->interfaces, i);
      VireoInterfaceFacts *facts = g_new0 (VireoInterfaceFacts, 1);

      facts->name = g_strdup (iface->name);
      facts->kind = iface->kind;
      g_ptr_array_add (copy->interfaces, facts);
    }
  copy->drives = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_drive_facts_free);
  for (guint i = 0; caps->drives != NULL && i < caps->drives->len; i++)
    {
      const VireoDriveFacts *drive = g_ptr_array_index (caps->drives, i);
      VireoDriveFacts *facts = g_new0 (VireoDriveFacts, 1);

      facts->path = g_strdup (drive->path);
      facts->model = g_strdup (drive->model);
      g_ptr_array_add (copy->drives, facts);
    }
  return copy;
}

static int
compare_pools (gconstpointer a,
               gconstpointer b)
{
  const VireoPoolFacts *pa = *(VireoPoolFacts **) a;
  const VireoPoolFacts *pb = *(VireoPoolFacts **) b;

  return g_strcmp0 (pa->name, pb->name);
}

static int
compare_networks (gconstpointer a,
                  gconstpointer b)
{
  const VireoNetworkFacts *na = *(VireoNetworkFacts **) a;
  const VireoNetworkFacts *nb = *(VireoNetworkFacts **) b;

  return g_strcmp0 (na->name, nb->name);
}

/* <pool><target><path>…</path></target></pool> */
static char *
pool_target_path (const char *xml)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse (xml, NULL, NULL);

  return doc != NULL ? vireo_xml_get_string (vireo_xml_root (doc), "target/path") : NULL;
}

static void
host_caps_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  VireoConnection *self = source_object;
  virConnectPtr handle = vireo_connection_ref_handle (self);
  VireoHostCaps *caps;
  virStoragePoolPtr *pools = NULL;
  virNetworkPtr *networks = NULL;
  virNodeInfo node;
  char *xml;
  int n;

  if (handle == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                               _("The connection is not open."));
      return;
    }

  xml = virConnectGetCapabilities (handle);
  if (xml == NULL)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (_("Could not read the host's capabilities")));
      virResetLastError ();
      virConnectClose (handle);
      return;
    }

  caps = g_atomic_rc_box_new0 (VireoHostCaps);
  caps->pools = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_facts_free);
  caps->networks = g_ptr_array_new_with_free_func ((GDestroyNotify) network_facts_free);
  caps->capabilities_xml = g_strdup (xml);
  free (xml);

  /* optional: the test driver and old Xen hosts have no domain capabilities */
  xml = virConnectGetDomainCapabilities (handle, NULL, NULL, NULL, NULL, 0);
  caps->domain_caps_xml = g_strdup (xml);
  free (xml);

  if (virNodeGetInfo (handle, &node) == 0)
    {
      caps->memory_kib = node.memory;
      caps->cpus = node.cpus;
    }

  n = virConnectListAllStoragePools (handle, &pools, 0);
  for (int i = 0; i < n; i++)
    {
      VireoPoolFacts *facts = g_new0 (VireoPoolFacts, 1);
      virStoragePoolInfo info;
      char *pool_xml;

      facts->name = g_strdup (virStoragePoolGetName (pools[i]));
      facts->active = virStoragePoolIsActive (pools[i]) == 1;
      if (virStoragePoolGetInfo (pools[i], &info) == 0)
        {
          gint64 free_bytes = vireo_host_resources_pool_free_bytes (&info);

          facts->capacity = info.capacity;
          facts->available = MAX (free_bytes, 0);
          facts->available_known = free_bytes >= 0;
        }
      pool_xml = virStoragePoolGetXMLDesc (pools[i], 0);
      facts->path = pool_target_path (pool_xml);
      free (pool_xml);
      g_ptr_array_add (caps->pools, facts);
      virStoragePoolFree (pools[i]);
    }
  free (pools);
  g_ptr_array_sort (caps->pools, compare_pools);

  n = virConnectListAllNetworks (handle, &networks, 0);
  for (int i = 0; i < n; i++)
    {
      VireoNetworkFacts *facts = g_new0 (VireoNetworkFacts, 1);

      facts->name = g_strdup (virNetworkGetName (networks[i]));
      facts->active = virNetworkIsActive (networks[i]) == 1;
      facts->bridge = virNetworkGetBridgeName (networks[i]);
      if (facts->bridge != NULL)
        {
          char *bridge = facts->bridge; /* malloc'ed by libvirt */

          facts->bridge = g_strdup (bridge);
          free (bridge);
        }
      g_ptr_array_add (caps->networks, facts);
      virNetworkFree (networks[i]);
    }
  free (networks);
  g_ptr_array_sort (caps->networks, compare_networks);

  caps->firmware_known = vireo_host_resources_parse_firmware (caps->domain_caps_xml,
                                                              &caps->bios_available,
                                                              &caps->uefi_available);
  {
    g_autoptr (GPtrArray) bridges = g_ptr_array_new ();

    for (guint i = 0; i < caps->networks->len; i++)
      {
        VireoNetworkFacts *network = g_ptr_array_index (caps->networks, i);

        if (network->bridge != NULL)
          g_ptr_array_add (bridges, network->bridge);
      }
    g_ptr_array_add (bridges, NULL);
    caps->interfaces_local = !vireo_uri_is_remote (vireo_connection_get_uri (self));
    caps->interfaces = vireo_host_resources_collect_interfaces (handle, caps->interfaces_local,
                                                                (const char * const *) bridges->pdata);
  }
  caps->drives = vireo_host_resources_collect_drives (handle);

  virResetLastError ();
  virConnectClose (handle);
  g_task_return_pointer (task, caps, (GDestroyNotify) vireo_host_caps_unref);
}

void
vireo_connection_get_host_caps_async (VireoConnection    *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (VIREO_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_connection_get_host_caps_async);
  vireo_connection_run_in_worker (self, task, host_caps_thread);
}

VireoHostCaps *
vireo_connection_get_host_caps_finish (VireoConnection *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- CPU models ---------------------------------------------------------------- */

static void
cpu_model_free (VireoCpuModel *model)
{
  g_free (model->name);
  g_free (model);
}

void
vireo_cpu_models_free (VireoCpuModels *models)
{
  if (models == NULL)
    return;
  g_free (models->host_model_name);
  g_clear_pointer (&models->models, g_ptr_array_unref);
  g_free (models);
}

/* a model name as libvirt and QEMU write them ("Skylake-Client-IBRS",
 * "qemu64", "Opteron_G2", "cortex-a57", "POWER9_v2.0"): nothing else is kept */
static gboolean
cpu_model_name_ok (const char *name)
{
  gsize length;

  if (name == NULL)
    return FALSE;
  length = strlen (name);
  if (length == 0 || length > VIREO_CPU_MODEL_NAME_MAX)
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_' && *c != '.')
      return FALSE;
  return TRUE;
}

static int
compare_cpu_models (gconstpointer a,
                    gconstpointer b)
{
  const VireoCpuModel *ma = *(VireoCpuModel **) a;
  const VireoCpuModel *mb = *(VireoCpuModel **) b;

  if (ma->usable != mb->usable)
    return ma->usable ? -1 : 1;
  return g_ascii_strcasecmp (ma->name, mb->name) != 0 ? g_ascii_strcasecmp (ma->name, mb->name)
                                                       : strcmp (ma->name, mb->name);
}

static gboolean
cpu_mode_supported (xmlNode *cpu, const char *name)
{
  g_autofree char *xpath = g_strdup_printf ("mode[@name='%s']/@supported", name);
  g_autofree char *supported = vireo_xml_get_string (cpu, xpath);

  return g_strcmp0 (supported, "yes") == 0;
}

VireoCpuModels *
vireo_cpu_models_parse (const char *domain_caps_xml,
                        GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (xmlDoc) doc = NULL;
  g_autoptr (VireoCpuModels) models = NULL;
  g_autoptr (GHashTable) seen = NULL;
  g_autoptr (GPtrArray) nodes = NULL;
  xmlNode *cpu;

  if (domain_caps_xml == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The host does not tell which CPU models it offers."));
      return NULL;
    }
  doc = vireo_xml_parse (domain_caps_xml, "domainCapabilities", &local_error);
  if (doc == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The host’s domain capabilities cannot be read: %s"), local_error->message);
      return NULL;
    }

  models = g_new0 (VireoCpuModels, 1);
  models->models = g_ptr_array_new_with_free_func ((GDestroyNotify) cpu_model_free);
  cpu = vireo_xml_child (vireo_xml_root (doc), "cpu");
  if (cpu == NULL)
    return g_steal_pointer (&models);

  models->host_passthrough = cpu_mode_supported (cpu, "host-passthrough");
  models->host_model = cpu_mode_supported (cpu, "host-model");
  models->maximum = cpu_mode_supported (cpu, "maximum");
  models->custom = cpu_mode_supported (cpu, "custom");
  if (models->host_model)
    {
      g_autofree char *name = vireo_xml_get_string (cpu, "string(mode[@name='host-model']/model)");

      if (cpu_model_name_ok (name))
        models->host_model_name = g_steal_pointer (&name);
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  nodes = vireo_xml_get_nodes (cpu, "mode[@name='custom']/model");
  for (guint i = 0; i < nodes->len && models->models->len < VIREO_CPU_MODELS_MAX; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      g_autofree char *name = vireo_xml_trimmed_text (node);
      g_autofree char *usable = vireo_xml_attr (node, "usable");
      VireoCpuModel *model;

      if (!cpu_model_name_ok (name) || g_hash_table_contains (seen, name))
        continue;
      model = g_new0 (VireoCpuModel, 1);
      /* "unknown": libvirt could not tell (no KVM probe); it may well run */
      model->usable = g_strcmp0 (usable, "no") != 0;
      model->name = g_steal_pointer (&name);
      g_hash_table_add (seen, model->name);
      g_ptr_array_add (models->models, model);
    }
  g_ptr_array_sort (models->models, compare_cpu_models);
  return g_steal_pointer (&models);
}

const VireoCpuModel *
vireo_cpu_models_find (const VireoCpuModels *models,
                       const char           *name)
{
  g_return_val_if_fail (models != NULL, NULL);

  for (guint i = 0; name != NULL && i < models->models->len; i++)
    {
      const VireoCpuModel *model = g_ptr_array_index (models->models, i);

      if (g_str_equal (model->name, name))
        return model;
    }
  return NULL;
}

/* -- a VM's domain capabilities -------------------------------------------------- */

static GQuark
domain_caps_cache_quark (void)
{
  return g_quark_from_static_string ("vireo-domain-caps-cache");
}

static GQuark
domain_caps_override_quark (void)
{
  return g_quark_from_static_string ("vireo-domain-caps-override");
}

/* the cache: "emulator\narch\nmachine\nvirttype" → the XML; filled in the
 * worker, read on the main thread */
static GMutex domain_caps_lock;

typedef struct
{
  char       *emulator;
  char       *arch;
  char       *machine;
  char       *virttype;
  char       *key;
  GHashTable *cache; /* owned ref */
} DomainCapsRequest;

static void
domain_caps_request_free (DomainCapsRequest *request)
{
  g_free (request->emulator);
  g_free (request->arch);
  g_free (request->machine);
  g_free (request->virttype);
  g_free (request->key);
  g_hash_table_unref (request->cache);
  g_free (request);
}

static GHashTable *
domain_caps_cache (VireoConnection *self)
{
  GHashTable *cache = g_object_get_qdata (G_OBJECT (self), domain_caps_cache_quark ());

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_object_set_qdata_full (G_OBJECT (self), domain_caps_cache_quark (), cache,
                               (GDestroyNotify) g_hash_table_unref);
    }
  return cache;
}

static void
domain_caps_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  VireoConnection *self = source_object;
  DomainCapsRequest *request = task_data;
  virConnectPtr handle = vireo_connection_ref_handle (self);
  char *xml;

  if (handle == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                               _("The connection is not open."));
      return;
    }
  xml = virConnectGetDomainCapabilities (handle, request->emulator, request->arch,
                                         request->machine, request->virttype, 0);
  if (xml == NULL)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (
                                     _("Could not read what the host offers this virtual machine")));
      virResetLastError ();
      virConnectClose (handle);
      return;
    }
  g_mutex_lock (&domain_caps_lock);
  g_hash_table_replace (request->cache, g_strdup (request->key), g_strdup (xml));
  g_mutex_unlock (&domain_caps_lock);
  g_task_return_pointer (task, g_strdup (xml), g_free);
  free (xml);
  virConnectClose (handle);
}

/* <devices><emulator> of @config, NULL when none */
static char *
config_emulator (VireoDomainConfig *config)
{
  g_autofree char *xml = vireo_domain_config_to_xml (config);
  g_autoptr (xmlDoc) doc = vireo_xml_parse (xml, "domain", NULL);
  g_autofree char *emulator = doc != NULL ? vireo_xml_get_string (vireo_xml_root (doc),
                                                                  "string(devices/emulator)")
                                          : NULL;

  return emulator != NULL && *g_strstrip (emulator) != '\0' ? g_steal_pointer (&emulator) : NULL;
}

static char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

void
vireo_connection_get_domain_caps_async (VireoConnection    *self,
                                        VireoDomainConfig  *config,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  DomainCapsRequest *request;
  const char *override;
  char *cached;

  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (config));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_connection_get_domain_caps_async);

  override = g_object_get_qdata (G_OBJECT (self), domain_caps_override_quark ());
  if (override != NULL)
    {
      g_task_return_pointer (task, g_strdup (override), g_free);
      return;
    }

  request = g_new0 (DomainCapsRequest, 1);
  request->emulator = config_emulator (config);
  request->arch = nonempty (vireo_domain_config_get_arch (config));
  request->machine = nonempty (vireo_domain_config_get_machine (config));
  request->virttype = nonempty (vireo_domain_config_get_domain_type (config));
  request->key = g_strjoin ("\n", request->emulator ? request->emulator : "",
                            request->arch ? request->arch : "",
                            request->machine ? request->machine : "",
                            request->virttype ? request->virttype : "", NULL);
  request->cache = g_hash_table_ref (domain_caps_cache (self));
  g_task_set_task_data (task, request, (GDestroyNotify) domain_caps_request_free);

  g_mutex_lock (&domain_caps_lock);
  cached = g_strdup (g_hash_table_lookup (request->cache, request->key));
  g_mutex_unlock (&domain_caps_lock);
  if (cached != NULL)
    g_task_return_pointer (task, cached, g_free);
  else
    vireo_connection_run_in_worker (self, task, domain_caps_thread);
}

char *
vireo_connection_get_domain_caps_finish (VireoConnection *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vireo_connection_set_domain_caps_override (VireoConnection *self,
                                           const char      *domain_caps_xml)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));

  g_object_set_qdata_full (G_OBJECT (self), domain_caps_override_quark (),
                           g_strdup (domain_caps_xml), g_free);
}
