/* vireo-migration.c — the migration job and its options (issue 13)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-migration"

#include "config.h"

#include "vireo-migration.h"
