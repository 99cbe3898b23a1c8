/* vireo-host-info.h — facts about a connection's host
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-connection.h"

G_BEGIN_DECLS

typedef struct
{
  char    *hostname;
  char    *hypervisor;          /* virConnectGetType: "QEMU", "Test", "Xen" */
  char    *hypervisor_version;  /* "7.2.0" or NULL */
  char    *libvirt_version;     /* of the daemon: "9.0.0" */
  char    *cpu_model;           /* virNodeInfo.model: "x86_64" */
  guint    cpus;
  guint    mhz;
  guint    nodes;
  guint    sockets;
  guint    cores;
  guint    threads;
  guint64  memory_kib;
} VireoHostInfo;

#define VIREO_TYPE_HOST_INFO (vireo_host_info_get_type ())
GType          vireo_host_info_get_type (void);
VireoHostInfo *vireo_host_info_copy     (const VireoHostInfo *info);
void           vireo_host_info_free     (VireoHostInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHostInfo, vireo_host_info_free)

void           vireo_connection_get_host_info_async  (VireoConnection    *self,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
VireoHostInfo *vireo_connection_get_host_info_finish (VireoConnection *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);

G_END_DECLS
