/* poll-floor.c — the floor for one stats poll cycle: bare C, no UI
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * usage: poll-floor URI INTERVAL_S SECONDS
 *
 * Every INTERVAL_S seconds, what Vireo's sampler asks libvirt for in one
 * tick with all four groups on: one virConnectGetAllDomainStats (state,
 * cpu-total, balloon, block, interface; active domains), every value read
 * once, plus the host's CPU and memory counters.  Prints
 *   FLOOR cycles=<n> cpu_s=<utime+stime> cpu_ms_per_cycle=<x> wall_ms_per_cycle=<y> domains=<d>
 * Build: gcc -O2 -o poll-floor poll-floor.c $(pkg-config --cflags --libs libvirt)
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
cpu_s (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
         ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void
host_stats (virConnectPtr conn)
{
  int n = 0;

  if (virNodeGetCPUStats (conn, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &n, 0) == 0 && n > 0)
    {
      virNodeCPUStatsPtr p = calloc (n, sizeof *p);

      virNodeGetCPUStats (conn, VIR_NODE_CPU_STATS_ALL_CPUS, p, &n, 0);
      free (p);
    }
  n = 0;
  if (virNodeGetMemoryStats (conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &n, 0) == 0 && n > 0)
    {
      virNodeMemoryStatsPtr p = calloc (n, sizeof *p);

      virNodeGetMemoryStats (conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, p, &n, 0);
      free (p);
    }
}

int
main (int argc, char *argv[])
{
  unsigned int stats = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL |
                       VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_BLOCK |
                       VIR_DOMAIN_STATS_INTERFACE;
  virConnectPtr conn;
  double interval, seconds, start, c0, busy = 0, sink = 0;
  long cycles = 0;
  int domains = 0;

  if (argc != 4)
    {
      fprintf (stderr, "usage: %s URI INTERVAL_S SECONDS\n", argv[0]);
      return 2;
    }
  interval = atof (argv[2]);
  seconds = atof (argv[3]);
  conn = virConnectOpen (argv[1]);
  if (conn == NULL)
    {
      fprintf (stderr, "poll-floor: cannot open %s: %s\n", argv[1], virGetLastErrorMessage ());
      return 1;
    }

  start = now_s ();
  c0 = cpu_s ();
  while (now_s () - start < seconds)
    {
      virDomainStatsRecordPtr *records = NULL;
      double t0 = now_s (), next;
      int n;

      n = virConnectGetAllDomainStats (conn, stats, &records,
                                       VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE);
      for (int i = 0; i < n; i++)
        {
          char uuid[VIR_UUID_STRING_BUFLEN];

          virDomainGetUUIDString (records[i]->dom, uuid);
          for (int j = 0; j < records[i]->nparams; j++)
            if (records[i]->params[j].type == VIR_TYPED_PARAM_ULLONG)
              sink += records[i]->params[j].value.ul;
        }
      if (n >= 0)
        domains = n;
      virDomainStatsRecordListFree (records);
      host_stats (conn);
      busy += now_s () - t0;
      cycles++;
      next = start + cycles * interval;
      while (now_s () < next)
        {
          double left = next - now_s ();
          struct timespec ts = { (time_t) left, (long) ((left - (time_t) left) * 1e9) };

          nanosleep (&ts, NULL);
        }
    }
  printf ("FLOOR cycles=%ld cpu_s=%.3f cpu_ms_per_cycle=%.3f wall_ms_per_cycle=%.3f domains=%d%s\n",
          cycles, cpu_s () - c0, (cpu_s () - c0) * 1e3 / cycles, busy * 1e3 / cycles, domains,
          sink < 0 ? " (never)" : "");
  virConnectClose (conn);
  return 0;
}
