/* vireo-new-pool-wizard.h — the New Storage Pool assistant: a name, a
 * type (those this host's libvirt cannot make shown with the package that
 * would add them), and only the fields that type needs
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-host-storage.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NEW_POOL_WIZARD (vireo_new_pool_wizard_get_type ())
G_DECLARE_FINAL_TYPE (VireoNewPoolWizard, vireo_new_pool_wizard, VIREO, NEW_POOL_WIZARD, AdwWindow)

/* "pool-created" (const char *name) is emitted once the pool exists and
 * runs; the assistant then closes. */
GtkWidget *vireo_new_pool_wizard_new        (VireoHostStorage   *storage);
/* chooses type @type (tests); FALSE when it is not offered */
gboolean   vireo_new_pool_wizard_set_type   (VireoNewPoolWizard *self,
                                             const char         *type);
/* the pool types to offer as supported instead of what libvirt said
 * (tests: the test driver has no pool capabilities); NULL: all */
void       vireo_new_pool_wizard_set_supported (VireoNewPoolWizard *self,
                                                const char *const  *types);
/* TRUE once the host's pool capabilities were read (tests) */
gboolean   vireo_new_pool_wizard_get_ready  (VireoNewPoolWizard *self);

G_END_DECLS
