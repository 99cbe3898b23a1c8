/* vireo-new-vm-storage-page.h — the New VM wizard, step 4: storage
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-host-caps.h"
#include "vireo-new-vm-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NEW_VM_STORAGE_PAGE (vireo_new_vm_storage_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoNewVmStoragePage, vireo_new_vm_storage_page, VIREO, NEW_VM_STORAGE_PAGE,
                      AdwPreferencesPage)

/* the chosen connection's facts (NULL: none yet): its storage pools */
void vireo_new_vm_storage_page_set_host_caps (VireoNewVmStoragePage *self,
                                              VireoHostCaps         *caps);
/* Checks chosen images with @func on any connection (tests) */
void _vireo_new_vm_storage_page_set_image_access_func (VireoNewVmStoragePage *self,
                                                       VireoImageAccessFunc   func);

G_END_DECLS
