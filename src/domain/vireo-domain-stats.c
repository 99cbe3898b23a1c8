/* vireo-domain-stats.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-domain-stats"

#include "config.h"

#include <math.h>

#include "vireo-domain-stats.h"

struct _VireoDomainStats
{
  GObject           parent_instance;

  VireoStatsSeries *series[VIREO_N_STATS];  /* made when first needed */
  guint             history_length;
  double            memory_total_kib;
  VireoStatsGroups  groups;
};

G_DEFINE_FINAL_TYPE (VireoDomainStats, vireo_domain_stats, G_TYPE_OBJECT)

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vireo_domain_stats_dispose (GObject *object)
{
  VireoDomainStats *self = VIREO_DOMAIN_STATS (object);

  for (guint i = 0; i < VIREO_N_STATS; i++)
    g_clear_object (&self->series[i]);

  G_OBJECT_CLASS (vireo_domain_stats_parent_class)->dispose (object);
}

static void
vireo_domain_stats_class_init (VireoDomainStatsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vireo_domain_stats_dispose;

  /**
   * VireoDomainStats::updated:
   *
   * One sampler tick added its values (emitted only when somebody listens).
   */
  signals[UPDATED] =
    g_signal_new ("updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_NO_HOOKS,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vireo_domain_stats_init (VireoDomainStats *self)
{
}

VireoDomainStats *
vireo_domain_stats_new (guint history_length)
{
  VireoDomainStats *self = g_object_new (VIREO_TYPE_DOMAIN_STATS, NULL);

  self->history_length = MAX (history_length, 1);
  return self;
}

VireoStatsSeries *
vireo_domain_stats_get_series (VireoDomainStats *self,
                               VireoStat         stat)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_STATS (self), NULL);
  g_return_val_if_fail (stat < VIREO_N_STATS, NULL);

  if (self->series[stat] == NULL)
    self->series[stat] = vireo_stats_series_new (self->history_length);
  return self->series[stat];
}

double
vireo_domain_stats_get_current (VireoDomainStats *self,
                                VireoStat         stat)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_STATS (self), NAN);
  g_return_val_if_fail (stat < VIREO_N_STATS, NAN);

  if (self->series[stat] == NULL)
    return NAN;
  return vireo_stats_series_get_latest (self->series[stat]);
}

double
vireo_domain_stats_get_memory_total (VireoDomainStats *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_STATS (self), 0);
  return self->memory_total_kib;
}

VireoStatsGroups
vireo_domain_stats_get_groups (VireoDomainStats *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_STATS (self), 0);
  return self->groups;
}

static void
push (VireoDomainStats *self,
      VireoStat         stat,
      double            value)
{
  vireo_stats_series_push (vireo_domain_stats_get_series (self, stat), value);
}

void
vireo_domain_stats_push (VireoDomainStats *self,
                         const VireoRates *rates)
{
  g_return_if_fail (VIREO_IS_DOMAIN_STATS (self));
  g_return_if_fail (rates != NULL);

  if (rates->has_cpu)
    {
      push (self, VIREO_STAT_CPU, rates->cpu_percent);
      push (self, VIREO_STAT_HOST_CPU, rates->host_cpu_percent);
      self->groups |= VIREO_STATS_GROUP_CPU;
    }
  if (rates->has_memory)
    {
      push (self, VIREO_STAT_MEMORY, rates->memory_kib);
      self->memory_total_kib = rates->memory_total_kib;
      self->groups |= VIREO_STATS_GROUP_MEMORY;
    }
  if (rates->has_disk)
    {
      push (self, VIREO_STAT_DISK_READ, rates->disk_read_bps);
      push (self, VIREO_STAT_DISK_WRITE, rates->disk_write_bps);
      self->groups |= VIREO_STATS_GROUP_DISK;
    }
  if (rates->has_network)
    {
      push (self, VIREO_STAT_NET_RX, rates->net_rx_bps);
      push (self, VIREO_STAT_NET_TX, rates->net_tx_bps);
      self->groups |= VIREO_STATS_GROUP_NETWORK;
    }

  if (g_signal_has_handler_pending (self, signals[UPDATED], 0, TRUE))
    g_signal_emit (self, signals[UPDATED], 0);
}

void
vireo_domain_stats_set_history_length (VireoDomainStats *self,
                                       guint             history_length)
{
  g_return_if_fail (VIREO_IS_DOMAIN_STATS (self));

  history_length = MAX (history_length, 1);
  if (self->history_length == history_length)
    return;
  self->history_length = history_length;
  for (guint i = 0; i < VIREO_N_STATS; i++)
    if (self->series[i] != NULL)
      vireo_stats_series_set_capacity (self->series[i], self->history_length);
}
