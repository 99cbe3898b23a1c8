/* vireo-delete-dialog.h — Delete: which of a VM's volumes go with it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DELETE_DIALOG (vireo_delete_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoDeleteDialog, vireo_delete_dialog, VIREO, DELETE_DIALOG, AdwMessageDialog)

/* The question before a Delete, transient for @parent: heading "Delete “name”?",
 * the VM's volumes (vireo_domain_list_storage_async) with a check box each —
 * checked for a volume of this VM alone, unchecked with the reason for a
 * volume another VM uses, CD/DVD media and ISO images; a disk outside any pool
 * or one a running VM uses cannot be checked —, whether it is forced off
 * first, and its UEFI variables and TPM state. Responses "cancel" and
 * "confirm" (enabled once the list is read). */
GtkWidget              *vireo_delete_dialog_new          (GtkWindow         *parent,
                                                          VireoDomain       *domain);
VireoDomain            *vireo_delete_dialog_get_domain   (VireoDeleteDialog *self);
/* the checked volumes as vireo_domain_delete_async takes them */
GStrv                   vireo_delete_dialog_dup_volumes  (VireoDeleteDialog *self);
VireoDomainDeleteFlags  vireo_delete_dialog_get_flags    (VireoDeleteDialog *self);
/* TRUE once the list of volumes has been read */
gboolean                vireo_delete_dialog_get_loaded   (VireoDeleteDialog *self);

/* After a Delete that removed the VM but not all it was asked to (@notes:
 * the sentences vireo_domain_delete_finish gave, non-empty): a message
 * transient for @parent saying what was kept and why. Returns it (presented). */
GtkWidget              *vireo_delete_dialog_present_result (GtkWindow  *parent,
                                                            const char *name,
                                                            GPtrArray  *notes);

G_END_DECLS
