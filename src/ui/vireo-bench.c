/* vireo-bench.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main loop's longest stall, for tests/bench.  GLib's main loop
 * alternates poll() (waiting) with prepare/check/dispatch (working); the
 * longest stretch of work between two polls is the longest time the window
 * could not answer input or draw.  A wrapper around the context's poll
 * function times it exactly, with no timer of its own (a probe timer would
 * add the very wake-ups the idle-CPU figure must not contain).
 */
#define G_LOG_DOMAIN "vireo-bench"

#include "config.h"

#include <glib-unix.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "vireo-bench.h"

static GPollFunc real_poll;
static gint64    last_return;      /* µs, when the previous poll returned */
static gint64    window_start;     /* µs, when this measuring window began */
static gint64    max_busy;         /* µs, longest work stretch in the window */
static guint     wakeups;

static int
bench_poll (GPollFD *fds,
            guint    n_fds,
            int      timeout)
{
  gint64 now = g_get_monotonic_time ();
  int ret;

  if (last_return != 0 && now - last_return > max_busy)
    max_busy = now - last_return;
  ret = real_poll (fds, n_fds, timeout);
  last_return = g_get_monotonic_time ();
  wakeups++;
  return ret;
}

static const char *
renderer_name (void)
{
  GApplication *app = g_application_get_default ();
  GtkWindow *window;
  GskRenderer *renderer;

  if (!GTK_IS_APPLICATION (app))
    return "none";
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL || !gtk_widget_get_realized (GTK_WIDGET (window)))
    return "none";
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  return renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none";
}

static void
print_stalls (void)
{
  gint64 now = g_get_monotonic_time ();

  printf ("STALL_MAX_MS %.1f wakeups=%u seconds=%.1f renderer=%s\n",
          max_busy / 1000.0, wakeups, (now - window_start) / 1e6, renderer_name ());
  fflush (stdout);
  max_busy = 0;
  wakeups = 0;
  window_start = now;
}

static gboolean
on_sigusr1 (gpointer user_data)
{
  print_stalls ();
  return G_SOURCE_CONTINUE;
}

static void
print_at_exit (void)
{
  /* the renderer is gone by now */
  printf ("STALL_MAX_MS %.1f wakeups=%u seconds=%.1f renderer=exited\n",
          max_busy / 1000.0, wakeups, (g_get_monotonic_time () - window_start) / 1e6);
  fflush (stdout);
}

void
vireo_bench_init (void)
{
  GMainContext *context = g_main_context_default ();

  if (g_strcmp0 (g_getenv ("VIREO_BENCH_STALLS"), "1") != 0)
    return;

  real_poll = g_main_context_get_poll_func (context);
  g_main_context_set_poll_func (context, bench_poll);
  window_start = g_get_monotonic_time ();
  g_unix_signal_add (SIGUSR1, on_sigusr1, NULL);
  atexit (print_at_exit);
}
