/* vireo-host-resources-private.h — the blocking halves VireoHostCaps runs
 * on its worker thread, on the raw libvirt handle (core and tests only)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vireo-host-resources.h"

G_BEGIN_DECLS

/* Worker-thread collectors for VireoHostCaps (blocking libvirt calls).
 * Interfaces: node devices with the net capability; on a local connection
 * /sys/class/net/NAME/bridge tells bridges (and /sys/class/net/NAME/device
 * physical devices) apart; on a remote one, bridges come from libvirt's
 * interface list (virConnectListAllInterfaces, type='bridge') and devices
 * to share are the node devices on a bus. Bridges of libvirt's own
 * virtual networks (@network_bridges) and loopback are left out. */
GPtrArray *vireo_host_resources_collect_interfaces (virConnectPtr handle,
                                                    gboolean local,
                                                    const char *const *network_bridges);
GPtrArray *vireo_host_resources_collect_drives (virConnectPtr handle);

/* The free bytes of a storage pool from virStoragePoolGetInfo(), or -1
 * when libvirt's numbers do not tell: an inactive pool, or a driver whose
 * unsigned arithmetic wrapped around (libvirt's test driver computes
 * capacity - allocation, with more allocation than capacity for the demo
 * host). Never above G_MAXINT64. */
gint64 vireo_host_resources_pool_free_bytes (const virStoragePoolInfo *info);

/* vireo_connection_lookup_volume_async's blocking half: the volume @source
 * (a path, or "pool/volume") names, or NULL (libvirt's error reset) when it
 * is none. */
VireoVolumeFacts *vireo_host_resources_lookup_volume (virConnectPtr handle, const char *source);

G_END_DECLS
