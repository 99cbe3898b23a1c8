/* vireo-connection-private.h — what the core's own objects need of
 * VireoConnection: the libvirt handle, the worker pool. Only the core
 * (and its tests) include it: the UI and the wizards never see libvirt.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vireo-connection.h"

G_BEGIN_DECLS

/* a new reference to the libvirt handle, or NULL when not connected */
virConnectPtr        vireo_connection_ref_handle         (VireoConnection *self);
/* runs @func in this connection's worker pool. g_task_set_return_on_cancel()
 * has no effect here (it only works with g_task_run_in_thread()): an
 * operation that must return at once when cancelled answers its caller's
 * task from the cancellable's handler, as vireo_connection_open_async() does */
void                 vireo_connection_run_in_worker      (VireoConnection *self,
                                                          GTask           *task,
                                                          GTaskThreadFunc  func);

/* main thread: the VM is gone (deleted through Vireo, or found missing) */
void _vireo_connection_remove_domain (VireoConnection *self,
                                      VireoDomain     *domain);

/* tests: blocks of callback data alive, in every connection (one per open
 * handle and per open in flight; libvirt's callbacks share them) */
guint    _vireo_connection_get_n_callback_data (void);

/* tests: whether a lost connection comes back by itself */
gboolean _vireo_connection_get_reconnects      (VireoConnection *self);

G_END_DECLS
