/* poll-core.c — Vireo's core sampler alone, no UI: its CPU per tick
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * usage: poll-core URI INTERVAL_S SECONDS
 *
 * Opens URI through VireoConnection, sets the connection's VireoStatsSampler
 * to INTERVAL_S and all four groups, lets it settle for three ticks, then
 * runs the main loop for SECONDS and prints
 *   CORE ticks=<n> cpu_s=<s> cpu_ms_per_tick=<x> domains=<d>
 * (process CPU time: the sampler's worker thread and the main thread).
 * It places the core between the bare libvirt floor (poll-floor.c) and the
 * whole application.  Built by bench-poll.py against the build's
 * libvireo-core.a.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "vireo-core.h"

static guint ticks;

static double
cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
on_tick (VireoStatsSampler *sampler,
         gpointer           user_data)
{
  ticks++;
}

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vireo_connection_open_finish (VIREO_CONNECTION (object), result, &error))
    {
      fprintf (stderr, "poll-core: %s\n", error->message);
      exit (1);
    }
  *(gboolean *) user_data = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VireoConnection) conn = NULL;
  VireoStatsSampler *sampler;
  gboolean opened = FALSE, done = FALSE;
  double seconds, c0;
  guint t0;

  if (argc != 4)
    {
      fprintf (stderr, "usage: %s URI INTERVAL_S SECONDS\n", argv[0]);
      return 2;
    }
  seconds = atof (argv[3]);
  vireo_core_init ();
  conn = vireo_connection_new (argv[1]);
  vireo_connection_open_async (conn, FALSE, NULL, on_opened, &opened);
  while (!opened)
    g_main_context_iteration (NULL, TRUE);

  sampler = vireo_connection_get_sampler (conn);
  g_signal_connect (sampler, "tick", G_CALLBACK (on_tick), NULL);
  vireo_stats_sampler_set_interval (sampler, atoi (argv[2]));
  vireo_stats_sampler_set_groups (sampler, VIREO_STATS_GROUP_ALL);
  while (ticks < 3)
    g_main_context_iteration (NULL, TRUE);

  t0 = ticks;
  c0 = cpu_s ();
  g_timeout_add ((guint) (seconds * 1000), on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  printf ("CORE ticks=%u cpu_s=%.4f cpu_ms_per_tick=%.3f domains=%u\n",
          ticks - t0, cpu_s () - c0, (cpu_s () - c0) * 1e3 / MAX (ticks - t0, 1),
          g_list_model_get_n_items (vireo_connection_get_domains (conn)));
  vireo_connection_close (conn);
  return 0;
}
