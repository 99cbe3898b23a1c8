/* vireo-new-vm-wizard.h — the New Virtual Machine assistant
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NEW_VM_WIZARD (vireo_new_vm_wizard_get_type ())
G_DECLARE_FINAL_TYPE (VireoNewVmWizard, vireo_new_vm_wizard, VIREO, NEW_VM_WIZARD, AdwWindow)

/* @connections: GListModel of VireoConnection (the application's); the
 * wizard offers those that are connected and writable, @connection first
 * when given. When the virtual machine has been created the wizard emits
 * "domain-created" (VireoDomain *) and closes itself. */
GtkWidget        *vireo_new_vm_wizard_new      (GtkWindow       *parent,
                                                GListModel      *connections,
                                                VireoConnection *connection);
/* the answers (borrowed) */
VireoInstallPlan *vireo_new_vm_wizard_get_plan (VireoNewVmWizard *self);
/* 0..4 for the five steps, 5 for the XML review, 6 while creating */
guint             vireo_new_vm_wizard_get_page (VireoNewVmWizard *self);

G_END_DECLS
