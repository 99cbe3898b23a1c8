/* vireo-migrate-dialog.h — the Migrate dialog: destination, options, the
 * pre-flight checks on the page they belong to, then the job's progress
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"
#include "vireo-migration.h"

G_BEGIN_DECLS

#define VIREO_TYPE_MIGRATE_DIALOG (vireo_migrate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoMigrateDialog, vireo_migrate_dialog, VIREO, MIGRATE_DIALOG, AdwWindow)

/* @connections: the application's VireoConnections; the destinations offered
 * are the other ones of @domain's hypervisor kind (a disconnected one greyed
 * out, with the reason).  When @domain is already migrating, the dialog shows
 * that job's progress. */
GtkWidget      *vireo_migrate_dialog_new            (GtkWindow      *parent,
                                                     VireoDomain    *domain,
                                                     GListModel     *connections);
VireoDomain    *vireo_migrate_dialog_get_domain     (VireoMigrateDialog *self);
/* the chosen destination, or NULL */
VireoConnection *vireo_migrate_dialog_get_destination (VireoMigrateDialog *self);
/* TRUE while the pre-flight checks are pending or running (property "checking") */
gboolean        vireo_migrate_dialog_get_checking   (VireoMigrateDialog *self);
/* shows @migration's progress (and its end) instead of the options */
void            vireo_migrate_dialog_show_migration (VireoMigrateDialog *self,
                                                     VireoMigration     *migration);

G_END_DECLS
