/* vireo-domain-edit.h — reading and applying a VM's hardware configuration
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"
#include "vireo-domain-config.h"

G_BEGIN_DECLS

/* the VM's definition as a VireoDomainConfig (worker thread): @live FALSE
 * the persistent one (inactive, with its secrets: the one to edit), TRUE
 * what the running VM has now (the persistent one when it is not running) */
void               vireo_domain_get_config_async  (VireoDomain         *self,
                                                   gboolean             live,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
VireoDomainConfig *vireo_domain_get_config_finish (VireoDomain         *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
