/* vireo-host-info.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-host-info"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-error.h"
#include "vireo-host-info.h"

G_DEFINE_BOXED_TYPE (VireoHostInfo, vireo_host_info, vireo_host_info_copy, vireo_host_info_free)

VireoHostInfo *
vireo_host_info_copy (const VireoHostInfo *info)
{
  VireoHostInfo *copy = g_memdup2 (info, sizeof *info);

  copy->hostname = g_strdup (info->hostname);
  copy->hypervisor = g_strdup (info->hypervisor);
  copy->hypervisor_version = g_strdup (info->hypervisor_version);
  copy->libvirt_version = g_strdup (info->libvirt_version);
  copy->cpu_model = g_strdup (info->cpu_model);
  return copy;
}

void
vireo_host_info_free (VireoHostInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->hostname);
  g_free (info->hypervisor);
  g_free (info->hypervisor_version);
  g_free (info->libvirt_version);
  g_free (info->cpu_model);
  g_free (info);
}

static char *
version_string (unsigned long version)
{
  /* libvirt encodes versions as major * 1,000,000 + minor * 1,000 + release */
  return g_strdup_printf ("%lu.%lu.%lu", version / 1000000, (version / 1000) % 1000, version % 1000);
}

static void
host_info_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  VireoConnection *self = source_object;
  virConnectPtr handle = vireo_connection_ref_handle (self);
  g_autoptr(VireoHostInfo) info = g_new0 (VireoHostInfo, 1);
  unsigned long version = 0;
  virNodeInfo node;
  char *hostname;

  if (handle == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                               _("The connection is not open."));
      return;
    }

  hostname = virConnectGetHostname (handle);
  info->hostname = g_strdup (hostname);
  free (hostname);
  info->hypervisor = g_strdup (virConnectGetType (handle));
  if (virConnectGetVersion (handle, &version) == 0 && version != 0)
    info->hypervisor_version = version_string (version);
  if (virConnectGetLibVersion (handle, &version) == 0)
    info->libvirt_version = version_string (version);

  if (virNodeGetInfo (handle, &node) == 0)
    {
      info->cpu_model = g_strdup (node.model);
      info->cpus = node.cpus;
      info->mhz = node.mhz;
      info->nodes = node.nodes;
      info->sockets = node.sockets;
      info->cores = node.cores;
      info->threads = node.threads;
      info->memory_kib = node.memory;
    }
  else
    {
      g_autofree char *what = g_strdup (_("Could not read the host's details"));
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      virConnectClose (handle);
      return;
    }

  virResetLastError ();
  virConnectClose (handle);
  g_task_return_pointer (task, g_steal_pointer (&info), (GDestroyNotify) vireo_host_info_free);
}

void
vireo_connection_get_host_info_async (VireoConnection    *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VIREO_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_connection_get_host_info_async);
  vireo_connection_run_in_worker (self, task, host_info_thread);
}

VireoHostInfo *
vireo_connection_get_host_info_finish (VireoConnection *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
