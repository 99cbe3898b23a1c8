/* vireo-domain-stats.h — one VM's live figures and their history
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-stats-series.h"
#include "vireo-stats.h"

G_BEGIN_DECLS

typedef enum
{
  VIREO_STAT_CPU,          /* guest CPU % */
  VIREO_STAT_HOST_CPU,     /* share of the host's CPUs, % */
  VIREO_STAT_MEMORY,       /* KiB in use */
  VIREO_STAT_DISK_READ,    /* bytes/s */
  VIREO_STAT_DISK_WRITE,
  VIREO_STAT_NET_RX,
  VIREO_STAT_NET_TX,
  VIREO_N_STATS
} VireoStat;

#define VIREO_TYPE_DOMAIN_STATS (vireo_domain_stats_get_type ())
G_DECLARE_FINAL_TYPE (VireoDomainStats, vireo_domain_stats, VIREO, DOMAIN_STATS, GObject)

VireoDomainStats *vireo_domain_stats_new         (guint             history_length);
VireoStatsSeries *vireo_domain_stats_get_series  (VireoDomainStats *self,
                                                  VireoStat         stat);
/* the newest value of @stat, or NAN when there is none yet */
double            vireo_domain_stats_get_current (VireoDomainStats *self,
                                                  VireoStat         stat);
/* memory the VM has (KiB), for percentages; 0 when unknown */
double            vireo_domain_stats_get_memory_total (VireoDomainStats *self);
/* which groups have data */
VireoStatsGroups  vireo_domain_stats_get_groups  (VireoDomainStats *self);

/* for the sampler: appends one tick's rates (groups not in @rates get no
 * value) and emits "updated" when somebody listens */
void              vireo_domain_stats_push        (VireoDomainStats *self,
                                                  const VireoRates *rates);
void              vireo_domain_stats_set_history_length (VireoDomainStats *self,
                                                         guint             history_length);

G_END_DECLS
