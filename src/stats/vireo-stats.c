/* vireo-stats.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-stats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>

#include "vireo-stats.h"

static double
clamp_percent (double value)
{
  return CLAMP (value, 0.0, 100.0);
}

/* a per-second rate of a counter, or FALSE when it cannot be trusted */
static gboolean
counter_rate (guint64  prev,
              guint64  cur,
              double   seconds,
              double  *rate)
{
  if (cur < prev || seconds <= 0)
    return FALSE;   /* reset (restart, device unplugged): no spike */
  *rate = (double) (cur - prev) / seconds;
  return TRUE;
}

void
vireo_stats_compute_rates (const VireoRawStats *prev,
                           const VireoRawStats *cur,
                           guint                host_cpus,
                           VireoRates          *rates)
{
  double seconds = 0;
  gboolean have_delta;

  g_return_if_fail (cur != NULL);
  g_return_if_fail (rates != NULL);

  memset (rates, 0, sizeof *rates);

  if (!cur->active)
    return;

  have_delta = prev != NULL && prev->active && cur->time_us > prev->time_us;
  if (have_delta)
    seconds = (cur->time_us - prev->time_us) / (double) G_USEC_PER_SEC;

  if (have_delta && cur->has_cpu && prev->has_cpu)
    {
      double ns_per_s;

      if (counter_rate (prev->cpu_time_ns, cur->cpu_time_ns, seconds, &ns_per_s))
        {
          double cpus_used = ns_per_s / 1e9;

          rates->has_cpu = TRUE;
          rates->cpu_percent = clamp_percent (100.0 * cpus_used / MAX (cur->vcpus, 1));
          rates->host_cpu_percent = clamp_percent (100.0 * cpus_used / MAX (host_cpus, 1));
        }
    }

  if (cur->has_memory)
    {
      rates->has_memory = TRUE;
      if (cur->has_guest_memory && cur->available_kib >= cur->unused_kib && cur->available_kib > 0)
        {
          rates->memory_kib = (double) (cur->available_kib - cur->unused_kib);
          rates->memory_total_kib = (double) cur->available_kib;
        }
      else
        {
          rates->memory_kib = (double) cur->memory_kib;
          rates->memory_total_kib = (double) cur->memory_kib;
        }
      if (rates->memory_total_kib > 0)
        rates->memory_percent = clamp_percent (100.0 * rates->memory_kib / rates->memory_total_kib);
    }

  if (have_delta && cur->has_disk && prev->has_disk)
    rates->has_disk =
      counter_rate (prev->disk_read_bytes, cur->disk_read_bytes, seconds, &rates->disk_read_bps) &&
      counter_rate (prev->disk_write_bytes, cur->disk_write_bytes, seconds, &rates->disk_write_bps);
  if (!rates->has_disk)
    rates->disk_read_bps = rates->disk_write_bps = 0;

  if (have_delta && cur->has_network && prev->has_network)
    rates->has_network =
      counter_rate (prev->net_rx_bytes, cur->net_rx_bytes, seconds, &rates->net_rx_bps) &&
      counter_rate (prev->net_tx_bytes, cur->net_tx_bytes, seconds, &rates->net_tx_bps);
  if (!rates->has_network)
    rates->net_rx_bps = rates->net_tx_bps = 0;
}

guint
vireo_stats_groups_to_libvirt (VireoStatsGroups groups)
{
  guint mask = VIR_DOMAIN_STATS_STATE;

  if (groups & VIREO_STATS_GROUP_CPU)
    mask |= VIR_DOMAIN_STATS_CPU_TOTAL;
  if (groups & VIREO_STATS_GROUP_MEMORY)
    mask |= VIR_DOMAIN_STATS_BALLOON;
  if (groups & VIREO_STATS_GROUP_DISK)
    mask |= VIR_DOMAIN_STATS_BLOCK;
  if (groups & VIREO_STATS_GROUP_NETWORK)
    mask |= VIR_DOMAIN_STATS_INTERFACE;
  return mask;
}

char *
vireo_stats_format_rate (double bytes_per_second)
{
  g_autofree char *size = NULL;

  if (!(bytes_per_second > 0))
    bytes_per_second = 0;
  size = g_format_size_full ((guint64) bytes_per_second, G_FORMAT_SIZE_IEC_UNITS);
  /* Translators: a transfer rate, e.g. "3.4 MiB/s" */
  return g_strdup_printf (_("%s/s"), size);
}
