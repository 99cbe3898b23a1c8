/* vireo-stats-series.h — a fixed-size ring buffer of samples
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIREO_TYPE_STATS_SERIES (vireo_stats_series_get_type ())
G_DECLARE_FINAL_TYPE (VireoStatsSeries, vireo_stats_series, VIREO, STATS_SERIES, GObject)

VireoStatsSeries *vireo_stats_series_new          (guint             capacity);
guint             vireo_stats_series_get_capacity (VireoStatsSeries *self);
/* keeps the newest values that fit; allocates (only here) */
void              vireo_stats_series_set_capacity (VireoStatsSeries *self,
                                                   guint             capacity);
guint             vireo_stats_series_get_n_values (VireoStatsSeries *self);
/* @index 0 is the oldest value held, n_values - 1 the newest */
double            vireo_stats_series_get          (VireoStatsSeries *self,
                                                   guint             index);
/* the newest value, or NAN when empty */
double            vireo_stats_series_get_latest   (VireoStatsSeries *self);
/* the largest value held (0 when empty) */
double            vireo_stats_series_get_max      (VireoStatsSeries *self);
/* adds a value, dropping the oldest when full; never allocates. Emits
 * "changed" only when somebody listens. */
void              vireo_stats_series_push         (VireoStatsSeries *self,
                                                   double            value);
void              vireo_stats_series_clear        (VireoStatsSeries *self);

G_END_DECLS
