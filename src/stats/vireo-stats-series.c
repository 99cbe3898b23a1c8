/* vireo-stats-series.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-stats-series"

#include "config.h"

#include <math.h>

#include "vireo-stats-series.h"

struct _VireoStatsSeries
{
  GObject  parent_instance;

  double  *values;     /* ring of capacity values */
  guint    capacity;
  guint    start;      /* index of the oldest value */
  guint    n_values;
};

G_DEFINE_FINAL_TYPE (VireoStatsSeries, vireo_stats_series, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vireo_stats_series_finalize (GObject *object)
{
  VireoStatsSeries *self = VIREO_STATS_SERIES (object);

  g_free (self->values);

  G_OBJECT_CLASS (vireo_stats_series_parent_class)->finalize (object);
}

static void
vireo_stats_series_class_init (VireoStatsSeriesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vireo_stats_series_finalize;

  /**
   * VireoStatsSeries::changed:
   *
   * A value was added or the series was cleared.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_NO_HOOKS,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vireo_stats_series_init (VireoStatsSeries *self)
{
}

VireoStatsSeries *
vireo_stats_series_new (guint capacity)
{
  VireoStatsSeries *self = g_object_new (VIREO_TYPE_STATS_SERIES, NULL);

  vireo_stats_series_set_capacity (self, capacity);
  return self;
}

guint
vireo_stats_series_get_capacity (VireoStatsSeries *self)
{
  g_return_val_if_fail (VIREO_IS_STATS_SERIES (self), 0);
  return self->capacity;
}

void
vireo_stats_series_set_capacity (VireoStatsSeries *self,
                                 guint             capacity)
{
  double *values;
  guint keep;

  g_return_if_fail (VIREO_IS_STATS_SERIES (self));

  capacity = MAX (capacity, 1);
  if (capacity == self->capacity)
    return;

  /* keep the newest values that fit, oldest first */
  keep = MIN (self->n_values, capacity);
  values = g_new0 (double, capacity);
  for (guint i = 0; i < keep; i++)
    values[i] = vireo_stats_series_get (self, self->n_values - keep + i);

  g_free (self->values);
  self->values = values;
  self->capacity = capacity;
  self->start = 0;
  self->n_values = keep;
}

guint
vireo_stats_series_get_n_values (VireoStatsSeries *self)
{
  g_return_val_if_fail (VIREO_IS_STATS_SERIES (self), 0);
  return self->n_values;
}

double
vireo_stats_series_get (VireoStatsSeries *self,
                        guint             index)
{
  g_return_val_if_fail (VIREO_IS_STATS_SERIES (self), NAN);
  g_return_val_if_fail (index < self->n_values, NAN);

  return self->values[(self->start + index) % self->capacity];
}

double
vireo_stats_series_get_latest (VireoStatsSeries *self)
{
  g_return_val_if_fail (VIREO_IS_STATS_SERIES (self), NAN);

  if (self->n_values == 0)
    return NAN;
  return vireo_stats_series_get (self, self->n_values - 1);
}

double
vireo_stats_series_get_max (VireoStatsSeries *self)
{
  double max = 0;

  g_return_val_if_fail (VIREO_IS_STATS_SERIES (self), 0);

  for (guint i = 0; i < self->n_values; i++)
    max = MAX (max, self->values[(self->start + i) % self->capacity]);
  return max;
}

void
vireo_stats_series_push (VireoStatsSeries *self,
                         double            value)
{
  g_return_if_fail (VIREO_IS_STATS_SERIES (self));

  if (self->n_values < self->capacity)
    {
      self->values[(self->start + self->n_values) % self->capacity] = value;
      self->n_values++;
    }
  else
    {
      /* full: overwrite the oldest */
      self->values[self->start] = value;
      self->start = (self->start + 1) % self->capacity;
    }

  if (g_signal_has_handler_pending (self, signals[CHANGED], 0, TRUE))
    g_signal_emit (self, signals[CHANGED], 0);
}

void
vireo_stats_series_clear (VireoStatsSeries *self)
{
  g_return_if_fail (VIREO_IS_STATS_SERIES (self));

  self->start = 0;
  self->n_values = 0;
  if (g_signal_has_handler_pending (self, signals[CHANGED], 0, TRUE))
    g_signal_emit (self, signals[CHANGED], 0);
}
