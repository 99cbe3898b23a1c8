/* vireo-stats-sampler-private.h — for the connection, which owns its sampler
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-stats-sampler.h"

G_BEGIN_DECLS

/* a new sampler of @connection, polling while it is connected; only
 * vireo_connection_get_sampler() makes one, and the connection keeps it */
VireoStatsSampler *_vireo_stats_sampler_new (VireoConnection *connection);

G_END_DECLS
