/* vireo-domain-actions.h — the lifecycle actions ("domain.run", …) shared by
 * the manager window (toolbar, row menu, keys) and the VM window.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

/* A GActionGroup with run, pause, resume, shutdown, reboot, force-off, save,
 * rename, save-to-file (issue 15: vireo-domain-file-dialogs.h),
 * delete, open, migrate (the Migrate dialog), snapshot-create (Create Snapshot, its
 * blocker as the disabled reason) and snapshots (the VM window's Snapshots page). Insert it as "domain" on a widget. Actions act on the
 * current domain (set with vireo_domain_actions_set_domain) and are enabled
 * only when they apply to its state and the connection is writable and up.
 * Force Off and Delete ask for confirmation first; errors are presented
 * with vireo_error_dialog_present() on the widget's window. */
GActionGroup *vireo_domain_actions_new        (GtkWidget   *owner);
void          vireo_domain_actions_set_domain (GActionGroup *group,
                                               VireoDomain  *domain);
VireoDomain  *vireo_domain_actions_get_domain (GActionGroup *group);
/* TRUE from the moment a person confirmed Delete for @domain in Vireo (any
 * window) until it failed: its disappearance is then no news to them */
gboolean      vireo_domain_actions_is_deleting (VireoDomain *domain);
/* why @action_name ("rename") is disabled now, a translated sentence, or
 * NULL; every menu under the owner shows it as the item's tooltip */
const char   *vireo_domain_actions_get_disabled_reason (GActionGroup *group,
                                                        const char   *action_name);

G_END_DECLS
