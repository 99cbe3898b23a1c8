/* vireo-domain-scan.h — which other VM of a host uses a MAC address or a disk
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each call walks every VM of the connection's host (its saved definition,
 * and its live one while it runs) on the connection's worker: the same walk
 * as the PCI users of vireo_connection_list_host_devices_async.
 */
#pragma once

#include <gio/gio.h>

#include "vireo-connection.h"

G_BEGIN_DECLS

/* the name of another VM of @self's host with a NIC whose MAC is @mac (live
 * or persistent definition), or NULL when none has it; @except_uuid: the VM
 * being edited */
void               vireo_connection_find_mac_user_async  (VireoConnection     *self,
                                                          const char          *mac,
                                                          const char          *except_uuid,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
char              *vireo_connection_find_mac_user_finish (VireoConnection     *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* the name of another VM of @self's host with a disk (or CD-ROM) on @source
 * (live or persistent definition), or NULL when none has it; @source as
 * vireo_device_dup_disk_source gives it: "pool/volume" or a path. A volume
 * of a pool is found through either form: a disk on its path, or on its
 * pool and name. */
void               vireo_connection_find_disk_user_async  (VireoConnection     *self,
                                                           const char          *source,
                                                           const char          *except_uuid,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
char              *vireo_connection_find_disk_user_finish (VireoConnection     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
