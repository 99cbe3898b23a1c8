/* vireo-migration-private.h — what the tests need of VireoMigration
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A ui test renders the progress view from a synthetic job: a VireoMigration
 * made with vireo_migration_new() and never started, fed samples and states
 * by hand.
 */
#pragma once

#include "vireo-migration.h"

G_BEGIN_DECLS

/* as the sampler does with a sample read from libvirt: appends it, updates
 * "fraction" and (while the job copies) "state", emits ::progress */
void _vireo_migration_push_sample (VireoMigration             *self,
                                   const VireoMigrationSample *sample);
/* sets "state" as the job would (DONE also sets "fraction" to 1) */
void _vireo_migration_set_state   (VireoMigration             *self,
                                   VireoMigrationState         state);

/* the core's own (src/migration/): whether a storage volume's pool is of a
 * type every host reaches over the network (netfs, iscsi, rbd, gluster…),
 * so that the same path there is the same storage */
struct _virStorageVol;
gboolean _vireo_migration_volume_is_shared (struct _virStorageVol *volume);

G_END_DECLS
