/* vireo-connection-private.h — what VireoDomain needs of VireoConnection
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-connection.h"

G_BEGIN_DECLS

/* main thread: the VM is gone (deleted through Vireo, or found missing) */
void _vireo_connection_remove_domain (VireoConnection *self,
                                      VireoDomain     *domain);

G_END_DECLS
