/* vireo-stats-sampler.h — one per connection; one bulk libvirt call a tick
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-connection.h"
#include "vireo-stats-series.h"
#include "vireo-stats.h"

G_BEGIN_DECLS

#define VIREO_TYPE_STATS_SAMPLER (vireo_stats_sampler_get_type ())
G_DECLARE_FINAL_TYPE (VireoStatsSampler, vireo_stats_sampler, VIREO, STATS_SAMPLER, GObject)

/* The sampler of @connection (made on first use; the connection holds it
 * and drops it when disposed, vireo-connection.c). It polls while the
 * connection is connected: each tick reads every VM's counters on the
 * connection's worker with one virConnectGetAllDomainStats() asking only
 * for the enabled groups (per-VM calls where the driver gives no bulk
 * stats), computes the rates and pushes them into each VireoDomain's
 * VireoDomainStats (vireo_domain_get_stats), then emits "tick". */
VireoStatsSampler *vireo_connection_get_sampler         (VireoConnection   *connection);

/* properties "interval" (seconds, 1–60, default 3), "groups" (flags,
 * default CPU only, like virt-manager), "history-length" (samples, default 120) */
guint              vireo_stats_sampler_get_interval     (VireoStatsSampler *self);
void               vireo_stats_sampler_set_interval     (VireoStatsSampler *self,
                                                         guint              seconds);
VireoStatsGroups   vireo_stats_sampler_get_groups       (VireoStatsSampler *self);
void               vireo_stats_sampler_set_groups       (VireoStatsSampler *self,
                                                         VireoStatsGroups   groups);
guint              vireo_stats_sampler_get_history_length (VireoStatsSampler *self);
void               vireo_stats_sampler_set_history_length (VireoStatsSampler *self,
                                                           guint              samples);

/* the host: CPU % in use and memory in use (KiB), with their history */
VireoStatsSeries  *vireo_stats_sampler_get_host_cpu     (VireoStatsSampler *self);
VireoStatsSeries  *vireo_stats_sampler_get_host_memory  (VireoStatsSampler *self);
guint64            vireo_stats_sampler_get_host_memory_total (VireoStatsSampler *self); /* KiB */
guint              vireo_stats_sampler_get_host_cpus    (VireoStatsSampler *self);

/* reads now instead of waiting for the next tick (tests) */
void               vireo_stats_sampler_poll_now         (VireoStatsSampler *self);

/* the mask the last tick asked libvirt for (tests) */
guint              vireo_stats_sampler_get_last_request (VireoStatsSampler *self);

G_END_DECLS
