/* vireo-new-vm-source-page.h — the New VM wizard, step 1: the connection and the install source
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-host-caps.h"
#include "vireo-new-vm-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NEW_VM_SOURCE_PAGE (vireo_new_vm_source_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoNewVmSourcePage, vireo_new_vm_source_page, VIREO, NEW_VM_SOURCE_PAGE,
                      AdwPreferencesPage)

/* @connections: GListModel of VireoConnection; those connected and
 * writable are offered, @preferred first when given. The chosen one is the
 * "connection" property; "host-caps-loaded" (VireoHostCaps *) says when its
 * facts have come. */
void             vireo_new_vm_source_page_set_connections (VireoNewVmSourcePage *self,
                                                           GListModel           *connections,
                                                           VireoConnection      *preferred);
VireoConnection *vireo_new_vm_source_page_get_connection  (VireoNewVmSourcePage *self);
/* the chosen connection's facts: the plan reads its capabilities, the step
 * offers its architectures, domain types and CD/DVD drives */
void             vireo_new_vm_source_page_set_host_caps   (VireoNewVmSourcePage *self,
                                                           VireoHostCaps        *caps);
/* Checks chosen ISOs and images with @func on any connection (tests) */
void _vireo_new_vm_source_page_set_image_access_func (VireoNewVmSourcePage *self,
                                                      VireoImageAccessFunc  func);

G_END_DECLS
