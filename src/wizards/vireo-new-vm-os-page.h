/* vireo-new-vm-os-page.h — the New VM wizard, step 2: the operating system
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-new-vm-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NEW_VM_OS_PAGE (vireo_new_vm_os_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoNewVmOsPage, vireo_new_vm_os_page, VIREO, NEW_VM_OS_PAGE, AdwPreferencesPage)

/* The express install's answers must do (vireo_express_install_validate)
 * and an install tree (URL method) must have been read, so that it is known
 * which installer to start; else FALSE with why */
gboolean vireo_new_vm_os_page_check (VireoNewVmOsPage *self,
                                     GError          **error);

G_END_DECLS
