/* vireo-clone-dialog.h — Clone: the new name, a choice per disk, progress
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CLONE_DIALOG (vireo_clone_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoCloneDialog, vireo_clone_dialog, VIREO, CLONE_DIALOG, AdwWindow)

/* The Clone dialog for @domain, transient for @parent: the new name
 * (prefilled "<name>-clone", checked as it is typed), a row per disk with
 * Clone, Share or Leave Out (vireo_domain_clone_plan_async; sharing a
 * writable disk shows a warning), what becomes of its UEFI variables and TPM
 * state, "Pause while cloning" for a running VM, then a progress bar with
 * Cancel; errors as sentences in the dialog. It closes itself once the clone
 * is defined (a message follows when there is something to tell). */
GtkWidget   *vireo_clone_dialog_new        (GtkWindow        *parent,
                                            VireoDomain      *domain);
VireoDomain *vireo_clone_dialog_get_domain (VireoCloneDialog *self);
/* TRUE once the VM's disks have been read */
gboolean     vireo_clone_dialog_get_loaded (VireoCloneDialog *self);
/* TRUE while the clone runs */
gboolean     vireo_clone_dialog_get_busy   (VireoCloneDialog *self);

G_END_DECLS
