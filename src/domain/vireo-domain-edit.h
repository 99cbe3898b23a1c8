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

/* applies what @edited (a copy of the persistent config) records. On a
 * running VM the changes that can be made live are made first (vCPUs and
 * memory within the running maxima, memory only with a balloon device,
 * media, link state, display password, hot-plug and hot-unplug; an unplug
 * the guest does not finish within a bounded wait is an error saying so),
 * then the whole definition is saved.
 * When a step fails nothing else is done and the steps before it are
 * undone: the VM is as it was, and the error is libvirt's message as a
 * sentence. Returns the scope now in effect: PERSISTENT|LIVE when every
 * change is already live (or the VM is shut off: PERSISTENT), PERSISTENT
 * when some wait for the next shut down; those are "pending" (below). */
void               vireo_domain_apply_config_async  (VireoDomain         *self,
                                                     VireoDomainConfig   *edited,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
VireoChangeScope   vireo_domain_apply_config_finish (VireoDomain         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* whether a change applied to @device_id ("" = the VM as a whole; "cpu",
 * "memory", "boot" = that part of it) takes effect only after the next shut
 * down; cleared when the VM shuts off. "notify::has-pending-changes" says
 * when any of them changes */
gboolean           vireo_domain_is_device_pending   (VireoDomain         *self,
                                                     const char          *device_id);
gboolean           vireo_domain_get_has_pending_changes (VireoDomain     *self);

/* another VM with a MAC address or a disk: vireo-domain-scan.h */

G_END_DECLS
