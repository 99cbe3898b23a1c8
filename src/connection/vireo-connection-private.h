/* vireo-connection-private.h — what VireoDomain needs of VireoConnection
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-connection.h"

G_BEGIN_DECLS

/* main thread: the VM is gone (deleted through Vireo, or found missing) */
void _vireo_connection_remove_domain (VireoConnection *self,
                                      VireoDomain     *domain);

/* tests: blocks of callback data alive, in every connection (one per open
 * handle and per open in flight; libvirt's callbacks share them) */
guint    _vireo_connection_get_n_callback_data (void);

/* tests: whether a lost connection comes back by itself */
gboolean _vireo_connection_get_reconnects      (VireoConnection *self);

G_END_DECLS
