/* vireo-new-vm-resources-page.h — the New VM wizard, step 3: memory and CPUs
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-new-vm-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NEW_VM_RESOURCES_PAGE (vireo_new_vm_resources_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoNewVmResourcesPage, vireo_new_vm_resources_page, VIREO, NEW_VM_RESOURCES_PAGE,
                      AdwPreferencesPage)

G_END_DECLS
