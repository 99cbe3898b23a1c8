/* vireo-stats.h — rates from libvirt's counters (pure functions, no I/O)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VIREO_STATS_GROUP_CPU     = 1 << 0,
  VIREO_STATS_GROUP_MEMORY  = 1 << 1,
  VIREO_STATS_GROUP_DISK    = 1 << 2,
  VIREO_STATS_GROUP_NETWORK = 1 << 3,
} VireoStatsGroups;

#define VIREO_STATS_GROUP_ALL (VIREO_STATS_GROUP_CPU | VIREO_STATS_GROUP_MEMORY | \
                               VIREO_STATS_GROUP_DISK | VIREO_STATS_GROUP_NETWORK)

/* One reading of one VM's counters, as libvirt gave them. */
typedef struct
{
  gint64   time_us;          /* g_get_monotonic_time () when read */
  gboolean active;
  guint    vcpus;

  gboolean has_cpu;
  guint64  cpu_time_ns;      /* cpu.time */

  gboolean has_memory;
  guint64  memory_kib;       /* balloon.current: what the guest has */
  gboolean has_guest_memory; /* the guest's balloon driver reports usage */
  guint64  available_kib;    /* balloon.available */
  guint64  unused_kib;       /* balloon.unused */

  gboolean has_disk;
  guint64  disk_read_bytes;  /* sum of block.N.rd.bytes */
  guint64  disk_write_bytes; /* sum of block.N.wr.bytes */

  gboolean has_network;
  guint64  net_rx_bytes;     /* sum of net.N.rx.bytes */
  guint64  net_tx_bytes;     /* sum of net.N.tx.bytes */
} VireoRawStats;

typedef struct
{
  gboolean has_cpu;
  double   cpu_percent;       /* of the guest's own vCPUs, 0–100 */
  double   host_cpu_percent;  /* of the host's CPUs, 0–100 */
  gboolean has_memory;
  double   memory_kib;        /* in use: guest-reported when it can, else assigned */
  double   memory_percent;    /* of memory_total_kib */
  double   memory_total_kib;
  gboolean has_disk;
  double   disk_read_bps;     /* bytes per second */
  double   disk_write_bps;
  gboolean has_network;
  double   net_rx_bps;
  double   net_tx_bps;
} VireoRates;

/* Rates between two readings of the same VM. @prev may be NULL (first
 * reading: rates that need a delta are 0, memory is known). A counter that
 * went down (VM restarted, device removed) gives 0, never a negative or
 * absurd spike; percentages are clamped to 0–100. @host_cpus is the host's
 * CPU count. */
void vireo_stats_compute_rates (const VireoRawStats *prev,
                                const VireoRawStats *cur,
                                guint                host_cpus,
                                VireoRates          *rates);

/* the virConnectGetAllDomainStats() stats mask for @groups (state always) */
guint vireo_stats_groups_to_libvirt (VireoStatsGroups groups);

/* "512 KiB/s", "3.4 MiB/s" (translated, IEC units) */
char *vireo_stats_format_rate (double bytes_per_second);

G_END_DECLS
