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
