/* vireo-migrate-follow.h — after a move, the VM's open window (and so its
 * console) follows it to the destination
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-core.h"
#include "vireo-migration.h"

G_BEGIN_DECLS

/* Call when @migration ended well: every window of the application showing
 * its VM is replaced, once the destination lists the VM (by UUID, from
 * libvirt's events; given up after a while), by that VM's window on the
 * destination, whose Console page connects to the guest there. */
void vireo_migrate_follow_windows (VireoMigration *migration);

G_END_DECLS
