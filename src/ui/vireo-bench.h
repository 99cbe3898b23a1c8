/* vireo-bench.h — measurements for tests/bench (off unless asked for)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* With VIREO_BENCH_STALLS=1 in the environment, measures the longest time
 * the main loop spends between two polls (a stall: nothing else, input or
 * drawing, can run meanwhile) and prints
 *   STALL_MAX_MS <ms> wakeups=<n> seconds=<s> renderer=<GskRenderer type>
 * on stdout, flushed, on SIGUSR1 (then starts a new window) and at exit.
 * Costs no wake-up of its own.  Call once from main(), before the main
 * loop runs.  Does nothing without the variable. */
void vireo_bench_init (void);

G_END_DECLS
