/* vireo-migrate-progress.h — one migration job as it runs: state, data
 * processed and remaining, rates, a live graph, Cancel and Switch to
 * Post-Copy, then the result
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"
#include "vireo-migration.h"

G_BEGIN_DECLS

#define VIREO_TYPE_MIGRATE_PROGRESS (vireo_migrate_progress_get_type ())
G_DECLARE_FINAL_TYPE (VireoMigrateProgress, vireo_migrate_progress, VIREO, MIGRATE_PROGRESS, AdwBin)

GtkWidget      *vireo_migrate_progress_new           (void);
/* property "migration" */
void            vireo_migrate_progress_set_migration (VireoMigrateProgress *self,
                                                      VireoMigration       *migration);
VireoMigration *vireo_migrate_progress_get_migration (VireoMigrateProgress *self);
/* the job ended: @error NULL for success; G_IO_ERROR_CANCELLED for a cancel */
void            vireo_migrate_progress_set_result    (VireoMigrateProgress *self,
                                                      const GError         *error);

/* keeps the sentence for @migration's end with @error (NULL: success), so
 * that a dialog opened later on it says the same */
void            vireo_migrate_progress_remember_error (VireoMigration *migration,
                                                       const GError   *error);

/* the sentence shown for a migration that ended with @error (also kept on
 * the VireoMigration, so a dialog opened later says the same) */
const char     *vireo_migrate_progress_get_result_text (VireoMigrateProgress *self);

G_END_DECLS
