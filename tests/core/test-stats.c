/* test-stats.c — rates from scripted counter sequences, the ring buffer,
 * and the sampler against libvirt's test driver
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "core-test-util.h"
#include "vireo-core.h"

#define SEC G_USEC_PER_SEC

static VireoRawStats
reading (double  t,
         guint64 cpu_ns,
         guint64 rd,
         guint64 wr,
         guint64 rx,
         guint64 tx)
{
  VireoRawStats raw = { 0 };

  raw.time_us = (gint64) (t * SEC);
  raw.active = TRUE;
  raw.vcpus = 2;
  raw.has_cpu = TRUE;
  raw.cpu_time_ns = cpu_ns;
  raw.has_memory = TRUE;
  raw.memory_kib = 1048576;
  raw.has_disk = TRUE;
  raw.disk_read_bytes = rd;
  raw.disk_write_bytes = wr;
  raw.has_network = TRUE;
  raw.net_rx_bytes = rx;
  raw.net_tx_bytes = tx;
  return raw;
}

static void
test_rates_sequence (void)
{
  /* a guest with 2 vCPUs on a 4-CPU host, read every 3 s */
  VireoRawStats seq[] = {
    reading (0, 0, 0, 0, 0, 0),
    reading (3, 3000000000ull, 3 * 1048576, 0, 3000, 6000),     /* 1 CPU busy: 50 % of 2 vCPUs */
    reading (6, 9000000000ull, 3 * 1048576, 3072, 3000, 6000),  /* 2 CPUs busy: 100 % */
    reading (9, 1000000000ull, 0, 0, 0, 0),                     /* restarted: counters fell */
    reading (12, 1300000000ull, 1024, 0, 30, 0),                /* 0.1 CPU: 5 % */
  };
  VireoRates rates;

  /* first sample: memory is known, nothing that needs a delta */
  vireo_stats_compute_rates (NULL, &seq[0], 4, &rates);
  g_assert_false (rates.has_cpu);
  g_assert_false (rates.has_disk);
  g_assert_false (rates.has_network);
  g_assert_true (rates.has_memory);
  g_assert_cmpfloat (rates.memory_kib, ==, 1048576);

  vireo_stats_compute_rates (&seq[0], &seq[1], 4, &rates);
  g_assert_true (rates.has_cpu);
  g_assert_cmpfloat_with_epsilon (rates.cpu_percent, 50.0, 0.001);
  g_assert_cmpfloat_with_epsilon (rates.host_cpu_percent, 25.0, 0.001);
  g_assert_true (rates.has_disk);
  g_assert_cmpfloat_with_epsilon (rates.disk_read_bps, 1048576.0, 0.001);
  g_assert_cmpfloat_with_epsilon (rates.disk_write_bps, 0.0, 0.001);
  g_assert_true (rates.has_network);
  g_assert_cmpfloat_with_epsilon (rates.net_rx_bps, 1000.0, 0.001);
  g_assert_cmpfloat_with_epsilon (rates.net_tx_bps, 2000.0, 0.001);

  vireo_stats_compute_rates (&seq[1], &seq[2], 4, &rates);
  g_assert_cmpfloat_with_epsilon (rates.cpu_percent, 100.0, 0.001);
  g_assert_cmpfloat_with_epsilon (rates.host_cpu_percent, 50.0, 0.001);
  g_assert_cmpfloat_with_epsilon (rates.disk_read_bps, 0.0, 0.001);
  g_assert_cmpfloat_with_epsilon (rates.disk_write_bps, 1024.0, 0.001);

  /* counter reset: no negative value, no spike — no value at all */
  vireo_stats_compute_rates (&seq[2], &seq[3], 4, &rates);
  g_assert_false (rates.has_cpu);
  g_assert_false (rates.has_disk);
  g_assert_false (rates.has_network);
  g_assert_cmpfloat (rates.cpu_percent, >=, 0.0);

  /* and the next reading counts from the reset */
  vireo_stats_compute_rates (&seq[3], &seq[4], 4, &rates);
  g_assert_true (rates.has_cpu);
  g_assert_cmpfloat_with_epsilon (rates.cpu_percent, 5.0, 0.001);
  g_assert_cmpfloat_with_epsilon (rates.disk_read_bps, 1024.0 / 3, 0.001);
}

static void
test_rates_clamped (void)
{
  /* a driver whose clock-derived counter jumps: never above 100 % */
  VireoRawStats a = reading (0, 0, 0, 0, 0, 0);
  VireoRawStats b = reading (1, G_GUINT64_CONSTANT (1800000000000000000), 0, 0, 0, 0);
  VireoRates rates;

  vireo_stats_compute_rates (&a, &b, 2, &rates);
  g_assert_true (rates.has_cpu);
  g_assert_cmpfloat (rates.cpu_percent, ==, 100.0);
  g_assert_cmpfloat (rates.host_cpu_percent, ==, 100.0);

  /* the same time twice (no interval): no rate */
  b.time_us = a.time_us;
  vireo_stats_compute_rates (&a, &b, 2, &rates);
  g_assert_false (rates.has_cpu);

  /* a VM that was off and now runs: like a first sample */
  a.active = FALSE;
  b = reading (2, 5000000000ull, 0, 0, 0, 0);
  vireo_stats_compute_rates (&a, &b, 2, &rates);
  g_assert_false (rates.has_cpu);

  /* a stopped VM has no rates */
  b.active = FALSE;
  vireo_stats_compute_rates (&a, &b, 2, &rates);
  g_assert_false (rates.has_cpu);
  g_assert_false (rates.has_memory);
}

static void
test_rates_guest_memory (void)
{
  VireoRawStats raw = reading (0, 0, 0, 0, 0, 0);
  VireoRates rates;

  raw.has_guest_memory = TRUE;
  raw.available_kib = 1000000;
  raw.unused_kib = 250000;
  vireo_stats_compute_rates (NULL, &raw, 4, &rates);
  g_assert_cmpfloat (rates.memory_kib, ==, 750000);
  g_assert_cmpfloat (rates.memory_total_kib, ==, 1000000);
  g_assert_cmpfloat_with_epsilon (rates.memory_percent, 75.0, 0.001);
}

static void
test_groups_mask (void)
{
  g_assert_cmpuint (vireo_stats_groups_to_libvirt (0), ==, VIR_DOMAIN_STATS_STATE);
  g_assert_cmpuint (vireo_stats_groups_to_libvirt (VIREO_STATS_GROUP_CPU), ==,
                    VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL);
  g_assert_cmpuint (vireo_stats_groups_to_libvirt (VIREO_STATS_GROUP_ALL), ==,
                    VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL |
                    VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_BLOCK |
                    VIR_DOMAIN_STATS_INTERFACE);
}

static void
test_format_rate (void)
{
  g_autofree char *small = vireo_stats_format_rate (512);
  g_autofree char *big = vireo_stats_format_rate (3.5 * 1048576);
  g_autofree char *negative = vireo_stats_format_rate (-5);

  g_assert_nonnull (strstr (small, "512"));
  g_assert_nonnull (strstr (big, "MiB"));
  g_assert_nonnull (strstr (negative, "0"));
}

static void
test_series_wrap (void)
{
  g_autoptr(VireoStatsSeries) series = vireo_stats_series_new (4);

  g_assert_cmpuint (vireo_stats_series_get_n_values (series), ==, 0);
  g_assert_true (isnan (vireo_stats_series_get_latest (series)));

  for (int i = 1; i <= 3; i++)
    vireo_stats_series_push (series, i);
  g_assert_cmpuint (vireo_stats_series_get_n_values (series), ==, 3);
  g_assert_cmpfloat (vireo_stats_series_get (series, 0), ==, 1);
  g_assert_cmpfloat (vireo_stats_series_get_latest (series), ==, 3);

  /* past the capacity: the oldest fall off, order stays oldest → newest */
  for (int i = 4; i <= 10; i++)
    vireo_stats_series_push (series, i);
  g_assert_cmpuint (vireo_stats_series_get_n_values (series), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (vireo_stats_series_get (series, i), ==, 7 + i);
  g_assert_cmpfloat (vireo_stats_series_get_max (series), ==, 10);

  /* shrinking keeps the newest; growing keeps them all */
  vireo_stats_series_set_capacity (series, 2);
  g_assert_cmpuint (vireo_stats_series_get_n_values (series), ==, 2);
  g_assert_cmpfloat (vireo_stats_series_get (series, 0), ==, 9);
  g_assert_cmpfloat (vireo_stats_series_get (series, 1), ==, 10);
  vireo_stats_series_set_capacity (series, 5);
  vireo_stats_series_push (series, 11);
  g_assert_cmpuint (vireo_stats_series_get_n_values (series), ==, 3);
  g_assert_cmpfloat (vireo_stats_series_get (series, 0), ==, 9);
  g_assert_cmpfloat (vireo_stats_series_get_latest (series), ==, 11);

  vireo_stats_series_clear (series);
  g_assert_cmpuint (vireo_stats_series_get_n_values (series), ==, 0);
}

static void
count_tick (VireoStatsSampler *sampler,
            guint             *ticks)
{
  (*ticks)++;
}

/* the connection owns its one sampler: a closed, unreferenced connection
 * takes its sampler with it */
static void
test_sampler_owned (void)
{
  VireoConnection *conn = test_connection_new_open ("test:///default");
  VireoStatsSampler *sampler = vireo_connection_get_sampler (conn);
  guint ticks = 0;

  g_assert_true (vireo_connection_get_sampler (conn) == sampler);
  g_object_add_weak_pointer (G_OBJECT (conn), (gpointer *) &conn);
  g_object_add_weak_pointer (G_OBJECT (sampler), (gpointer *) &sampler);
  g_signal_connect (sampler, "tick", G_CALLBACK (count_tick), &ticks);
  vireo_stats_sampler_poll_now (sampler);
  WAIT_UNTIL (ticks >= 1, TEST_TIMEOUT_MS);

  vireo_connection_close (conn);
  g_object_unref (conn);
  /* worker tasks may hold the connection for a moment */
  WAIT_UNTIL (conn == NULL, TEST_TIMEOUT_MS);
  WAIT_UNTIL (sampler == NULL, TEST_TIMEOUT_MS);
}

static void
test_sampler_test_driver (void)
{
  g_autoptr(VireoConnection) conn = test_connection_new_open ("test:///default");
  VireoStatsSampler *sampler = vireo_connection_get_sampler (conn);
  VireoDomain *domain = test_find_domain (vireo_connection_get_domains (conn), "test", NULL);
  VireoDomainStats *stats;
  virConnectPtr raw;
  guint ticks = 0;

  g_assert_nonnull (domain);
  g_assert_true (vireo_connection_get_sampler (conn) == sampler);
  g_signal_connect (sampler, "tick", G_CALLBACK (count_tick), &ticks);

  /* default: CPU only, like virt-manager — nothing else is asked for */
  g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==, VIREO_STATS_GROUP_CPU);
  vireo_stats_sampler_poll_now (sampler);
  WAIT_UNTIL (ticks >= 1, TEST_TIMEOUT_MS);
  g_assert_cmpuint (vireo_stats_sampler_get_last_request (sampler), ==,
                    VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL);

  /* the test driver gives no bulk figures: the per-VM fallback gives CPU */
  vireo_stats_sampler_poll_now (sampler);
  WAIT_UNTIL (ticks >= 2, TEST_TIMEOUT_MS);
  vireo_stats_sampler_poll_now (sampler);
  WAIT_UNTIL (ticks >= 3, TEST_TIMEOUT_MS);
  stats = vireo_domain_get_stats (domain);
  g_assert_true (vireo_domain_stats_get_groups (stats) & VIREO_STATS_GROUP_CPU);
  g_assert_false (isnan (vireo_domain_stats_get_current (stats, VIREO_STAT_CPU)));
  g_assert_cmpfloat (vireo_domain_stats_get_current (stats, VIREO_STAT_CPU), >=, 0);
  g_assert_cmpfloat (vireo_domain_stats_get_current (stats, VIREO_STAT_CPU), <=, 100);
  g_assert_true (isnan (vireo_domain_stats_get_current (stats, VIREO_STAT_DISK_READ)));

  /* all groups: the request says so; then back to CPU only */
  vireo_stats_sampler_set_groups (sampler, VIREO_STATS_GROUP_ALL);
  vireo_stats_sampler_poll_now (sampler);
  WAIT_UNTIL (ticks >= 4, TEST_TIMEOUT_MS);
  g_assert_cmpuint (vireo_stats_sampler_get_last_request (sampler), ==,
                    vireo_stats_groups_to_libvirt (VIREO_STATS_GROUP_ALL));
  vireo_stats_sampler_set_groups (sampler, VIREO_STATS_GROUP_MEMORY);
  vireo_stats_sampler_poll_now (sampler);
  WAIT_UNTIL (ticks >= 5, TEST_TIMEOUT_MS);
  g_assert_cmpuint (vireo_stats_sampler_get_last_request (sampler) & VIR_DOMAIN_STATS_BLOCK, ==, 0);
  g_assert_cmpuint (vireo_stats_sampler_get_last_request (sampler) & VIR_DOMAIN_STATS_CPU_TOTAL, ==, 0);
  g_assert_true (vireo_domain_stats_get_groups (stats) & VIREO_STATS_GROUP_MEMORY);
  g_assert_cmpfloat (vireo_domain_stats_get_current (stats, VIREO_STAT_MEMORY), >, 0);

  /* a VM that vanishes between two ticks: the next tick simply goes on */
  raw = test_raw_open ();
  {
    const char *xml =
      "<domain type='test'><name>vireo-stats-transient</name><memory>65536</memory>"
      "<os><type>hvm</type></os></domain>";
    virDomainPtr transient = virDomainCreateXML (raw, xml, 0);

    g_assert_nonnull (transient);
    WAIT_UNTIL (test_find_domain (vireo_connection_get_domains (conn), "vireo-stats-transient", NULL), TEST_TIMEOUT_MS);
    vireo_stats_sampler_poll_now (sampler);
    g_assert_cmpint (virDomainDestroy (transient), ==, 0);
    virDomainFree (transient);
    WAIT_UNTIL (ticks >= 6, TEST_TIMEOUT_MS);
    vireo_stats_sampler_poll_now (sampler);
    WAIT_UNTIL (ticks >= 7, TEST_TIMEOUT_MS);
  }
  test_raw_close (raw);

  /* history length reaches the VMs' series */
  vireo_stats_sampler_set_history_length (sampler, 7);
  g_assert_cmpuint (vireo_stats_series_get_capacity (vireo_domain_stats_get_series (stats, VIREO_STAT_MEMORY)), ==, 7);
  g_assert_cmpuint (vireo_stats_series_get_capacity (vireo_stats_sampler_get_host_cpu (sampler)), ==, 7);

  g_signal_handlers_disconnect_by_func (sampler, count_tick, &ticks);
  vireo_connection_close (conn);
}

static void
test_sampler_interval (void)
{
  g_autoptr(VireoConnection) conn = test_connection_new_open ("test:///default");
  VireoStatsSampler *sampler = vireo_connection_get_sampler (conn);
  guint ticks = 0;
  gint64 start;

  vireo_stats_sampler_set_interval (sampler, 0);
  g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 1);
  vireo_stats_sampler_set_interval (sampler, 99);
  g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 60);
  vireo_stats_sampler_set_interval (sampler, 1);

  /* it ticks by itself while connected … */
  g_signal_connect (sampler, "tick", G_CALLBACK (count_tick), &ticks);
  start = g_get_monotonic_time ();
  WAIT_UNTIL (ticks >= 2, 5000);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);

  /* … and not once the connection is closed */
  vireo_connection_close (conn);
  ticks = 0;
  test_settle (1500);
  g_assert_cmpuint (ticks, ==, 0);
  g_signal_handlers_disconnect_by_func (sampler, count_tick, &ticks);
}

int
main (int   argc,
      char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add_func ("/stats/rates/sequence", test_rates_sequence);
  g_test_add_func ("/stats/rates/clamped", test_rates_clamped);
  g_test_add_func ("/stats/rates/guest-memory", test_rates_guest_memory);
  g_test_add_func ("/stats/groups-mask", test_groups_mask);
  g_test_add_func ("/stats/format-rate", test_format_rate);
  g_test_add_func ("/stats/series/wrap", test_series_wrap);
  g_test_add_func ("/stats/sampler/test-driver", test_sampler_test_driver);
  g_test_add_func ("/stats/sampler/owned", test_sampler_owned);
  g_test_add_func ("/stats/sampler/interval", test_sampler_interval);

  return g_test_run ();
}
