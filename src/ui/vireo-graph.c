/* vireo-graph.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-graph"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "vireo-graph.h"

#define N_SERIES 2

struct _VireoGraph
{
  GtkWidget         parent_instance;

  VireoStatsSeries *series[N_SERIES];    /* owned */
  gulong            changed_id[N_SERIES]; /* while mapped */
  char             *label[N_SERIES];
  char             *unit;
  char             *description;         /* the last one set */
  double            max;

  /* what the last frame shows, sampled per pixel column (see
   * vireo_graph_compute_shape()): a new value that leaves it the same
   * draws nothing */
  gint16           *shape;
  guint             shape_len;
  double            shape_max;
  GtkAdjustment    *scroll_adjustment; /* while stale: the scrolling that may show us */

  /* the picture, drawn with cairo only when it changes: GTK 4.8's cairo
   * nodes are recordings that the cairo renderer replays into a new image
   * at every frame that touches them; a texture is only copied */
  GdkTexture       *texture;
  int               texture_width;
  int               texture_height;
  int               texture_scale;
  GdkRGBA           texture_colors[N_SERIES];
  gulong            scroll_ids[2];
  GdkFrameClock    *frame_clock;         /* after a scroll: the frame that lays it out */
  gulong            after_paint_id;

  guint             fill : 1;
  guint             sparkline : 1;
  guint             description_dirty : 1;
  guint             shape_valid : 1;
  guint             texture_dirty : 1;
  guint             stale : 1;           /* changed while scrolled out of view */
};

G_DEFINE_FINAL_TYPE (VireoGraph, vireo_graph, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SERIES,
  PROP_SECOND_SERIES,
  PROP_MAX,
  PROP_FILL,
  PROP_SPARKLINE,
  PROP_LABEL,
  PROP_SECOND_LABEL,
  PROP_ACCESSIBLE_UNIT,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

char *
vireo_graph_format_value (double      value,
                          const char *unit)
{
  if (isnan (value))
    /* Translators: a value that is not known yet */
    return g_strdup (_("unknown"));
  if (g_strcmp0 (unit, "B/s") == 0)
    return vireo_stats_format_rate (value);
  if (g_strcmp0 (unit, "KiB") == 0)
    return g_format_size_full ((guint64) MAX (value, 0) * 1024, G_FORMAT_SIZE_IEC_UNITS);
  if (g_strcmp0 (unit, "%") == 0)
    /* Translators: a percentage, e.g. "12 %" */
    return g_strdup_printf (_("%.0f %%"), value);
  if (unit != NULL && *unit != '\0')
    return g_strdup_printf ("%.0f %s", value, unit);
  return g_strdup_printf ("%.0f", value);
}

/* g_set_str () is GLib 2.76 */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* -- listening only while mapped ---------------------------------------- */

static void vireo_graph_update_description (VireoGraph *self);
static double vireo_graph_scale_max (VireoGraph *self);

/* the picture must be drawn again */
static void
vireo_graph_redraw (VireoGraph *self)
{
  self->texture_dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* redraw for a reason other than a new value (series, size, scale, style) */
static void
series_changed_cb (VireoGraph *self)
{
  self->description_dirty = TRUE;
  self->shape_valid = FALSE;
  vireo_graph_redraw (self);
}

/* The first series' line (and the second's, if any) as the height, in
 * quarter pixels, of the line at the centre of each pixel column (-1: no
 * line there). Two values with the same shape draw the same picture, give
 * or take antialiasing: a flat line moved along by one sample, or a change
 * of a fraction of a pixel, need no frame. Allocates only when the width
 * changes. Returns FALSE when @self has no size yet. */
static gboolean
vireo_graph_compute_shape (VireoGraph *self,
                           gint16     *shape,
                           guint       len,
                           double      max)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  guint per_series = (guint) width;

  if (width <= 0 || height <= 0 || len != per_series * N_SERIES)
    return FALSE;

  for (guint s = 0; s < N_SERIES; s++)
    {
      VireoStatsSeries *series = self->series[s];
      gint16 *out = shape + s * per_series;
      guint capacity, n;
      double step;

      if (series == NULL ||
          (n = vireo_stats_series_get_n_values (series)) == 0 ||
          (capacity = vireo_stats_series_get_capacity (series)) == 0)
        {
          memset (out, 0xff, per_series * sizeof (gint16));
          continue;
        }
      step = capacity > 1 ? (double) width / (capacity - 1) : width;

      for (guint x = 0; x < per_series; x++)
        {
          /* how many samples back from the newest this column's centre is */
          double back = (width - (x + 0.5)) / step;
          guint k = (guint) back;
          double a, b, v;

          if (back > n - 1 + 0.5)
            {
              out[x] = -1;
              continue;
            }
          k = MIN (k, n - 1);
          a = vireo_stats_series_get (series, n - 1 - k);
          b = k + 1 < n ? vireo_stats_series_get (series, n - 2 - k) : a;
          /* beside a gap, the value that is there (a lone value is a dash) */
          if (isnan (a))
            a = b;
          if (isnan (b))
            b = a;
          if (isnan (a))
            {
              out[x] = -1;
              continue;
            }
          v = a + (b - a) * MIN (back - k, 1);
          out[x] = (gint16) lround (4 * height * CLAMP (v / max, 0, 1));
        }
    }
  return TRUE;
}

/* TRUE when the series' shape now differs from the one last drawn (or
 * nothing was drawn yet); @store: remember the new one as drawn */
static gboolean
vireo_graph_update_shape (VireoGraph *self,
                          gboolean    store)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  guint len = width > 0 ? (guint) width * N_SERIES : 0;
  double max = vireo_graph_scale_max (self);
  gint16 stack_shape[4096];
  g_autofree gint16 *heap_shape = NULL;
  gint16 *now;
  gboolean differs;

  if (len == 0)
    return TRUE;
  now = len <= G_N_ELEMENTS (stack_shape) ? stack_shape : (heap_shape = g_new (gint16, len));
  if (!vireo_graph_compute_shape (self, now, len, max))
    return TRUE;

  differs = !self->shape_valid || len != self->shape_len || max != self->shape_max ||
            memcmp (now, self->shape, len * sizeof (gint16)) != 0;
  if (store && differs)
    {
      if (self->shape_len != len)
        {
          self->shape_len = len;
          self->shape = g_renew (gint16, self->shape, len);
        }
      memcpy (self->shape, now, len * sizeof (gint16));
      self->shape_max = max;
      self->shape_valid = TRUE;
    }
  return differs;
}

static gboolean vireo_graph_in_view (VireoGraph *self);
static void vireo_graph_watch_scrolling (VireoGraph *self,
                                         gboolean    watch);

/* a new value: redraw only when the picture changes, and only in view */
static void
series_pushed_cb (VireoGraph *self)
{
  if (!vireo_graph_update_shape (self, FALSE))
    {
      /* what is on screen is still right; its accessible description
       * may not be */
      vireo_graph_update_description (self);
      if (self->stale)
        {
          self->stale = FALSE;
          vireo_graph_watch_scrolling (self, FALSE);
        }
      return;
    }

  if (!vireo_graph_in_view (self))
    {
      /* nobody sees it: draw when scrolled into view */
      vireo_graph_update_description (self);
      if (!self->stale)
        {
          self->stale = TRUE;
          vireo_graph_watch_scrolling (self, TRUE);
        }
      return;
    }

  series_changed_cb (self);
}

static void
vireo_graph_listen (VireoGraph *self,
                    guint       i)
{
  if (self->series[i] == NULL || self->changed_id[i] != 0)
    return;
  self->changed_id[i] = g_signal_connect_swapped (self->series[i], "changed",
                                                  G_CALLBACK (series_pushed_cb), self);
}

static void
vireo_graph_unlisten (VireoGraph *self,
                      guint       i)
{
  if (self->series[i] != NULL)
    g_clear_signal_handler (&self->changed_id[i], self->series[i]);
  self->changed_id[i] = 0;
}

/* -- scrolled out of view ------------------------------------------------- */

/* FALSE when a scrolled window we are in shows none of us (GtkListView makes
 * rows for far more items than fit on screen) */
static gboolean
vireo_graph_in_view (VireoGraph *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  if (scrolled == NULL)
    return TRUE;
  if (!gtk_widget_compute_bounds (GTK_WIDGET (self), scrolled, &bounds))
    return TRUE;
  return bounds.origin.y + bounds.size.height > 0 &&
         bounds.origin.y < gtk_widget_get_height (scrolled) &&
         bounds.origin.x + bounds.size.width > 0 &&
         bounds.origin.x < gtk_widget_get_width (scrolled);
}

static void
vireo_graph_stop_waiting_for_layout (VireoGraph *self)
{
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
}

/* the frame after a scroll, when the rows have their new places */
static void
after_scroll_paint_cb (VireoGraph *self)
{
  vireo_graph_stop_waiting_for_layout (self);
  if (!self->stale || !vireo_graph_in_view (self))
    return;
  self->stale = FALSE;
  vireo_graph_watch_scrolling (self, FALSE);
  series_changed_cb (self);
}

static void
scrolled_cb (VireoGraph *self)
{
  GdkFrameClock *clock;

  if (!self->stale || self->frame_clock != NULL)
    return;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock == NULL)
    return;
  self->frame_clock = g_object_ref (clock);
  self->after_paint_id = g_signal_connect_swapped (clock, "after-paint",
                                                   G_CALLBACK (after_scroll_paint_cb), self);
}

static void
vireo_graph_watch_scrolling (VireoGraph *self,
                             gboolean    watch)
{
  GtkWidget *scrolled;

  vireo_graph_stop_waiting_for_layout (self);
  if (self->scroll_adjustment != NULL)
    {
      g_clear_signal_handler (&self->scroll_ids[0], self->scroll_adjustment);
      g_clear_signal_handler (&self->scroll_ids[1], self->scroll_adjustment);
      g_clear_object (&self->scroll_adjustment);
    }
  if (!watch)
    return;

  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled == NULL)
    return;
  /* the position, and the page size (a taller window shows more rows) */
  self->scroll_adjustment = g_object_ref (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)));
  self->scroll_ids[0] = g_signal_connect_swapped (self->scroll_adjustment, "value-changed",
                                                  G_CALLBACK (scrolled_cb), self);
  self->scroll_ids[1] = g_signal_connect_swapped (self->scroll_adjustment, "changed",
                                                  G_CALLBACK (scrolled_cb), self);
}

static void
vireo_graph_map (GtkWidget *widget)
{
  VireoGraph *self = VIREO_GRAPH (widget);

  GTK_WIDGET_CLASS (vireo_graph_parent_class)->map (widget);

  for (guint i = 0; i < N_SERIES; i++)
    vireo_graph_listen (self, i);
  /* the series went on while we were hidden */
  self->stale = FALSE;
  series_changed_cb (self);
}

static void
vireo_graph_unmap (GtkWidget *widget)
{
  VireoGraph *self = VIREO_GRAPH (widget);

  for (guint i = 0; i < N_SERIES; i++)
    vireo_graph_unlisten (self, i);
  vireo_graph_watch_scrolling (self, FALSE);
  self->stale = FALSE;
  g_clear_object (&self->texture);

  GTK_WIDGET_CLASS (vireo_graph_parent_class)->unmap (widget);
}

/* -- description -------------------------------------------------------- */

static void
vireo_graph_update_description (VireoGraph *self)
{
  GString *text = g_string_new (NULL);

  self->description_dirty = FALSE;

  for (guint i = 0; i < N_SERIES; i++)
    {
      g_autofree char *value = NULL;

      if (self->series[i] == NULL)
        continue;
      value = vireo_graph_format_value (vireo_stats_series_get_latest (self->series[i]),
                                        self->unit);
      if (text->len > 0)
        g_string_append (text, ", ");
      if (self->label[i] != NULL)
        /* Translators: accessible description of a graph: what, then its value
         * ("CPU usage 12 %") */
        g_string_append_printf (text, C_("graph", "%s %s"), self->label[i], value);
      else
        g_string_append (text, value);
    }

  if (g_strcmp0 (text->str, self->description) != 0)
    {
      g_free (self->description);
      self->description = g_string_free (text, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                      -1);
    }
  else
    g_string_free (text, TRUE);
}

/* -- drawing ------------------------------------------------------------ */

static double
nice_ceiling (double value)
{
  double magnitude, fraction;

  if (value <= 0 || isnan (value))
    return 1;
  magnitude = pow (10, floor (log10 (value)));
  fraction = value / magnitude;
  if (fraction <= 1)
    return magnitude;
  if (fraction <= 2)
    return 2 * magnitude;
  if (fraction <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

static double
vireo_graph_scale_max (VireoGraph *self)
{
  double max = 0;

  if (self->max > 0)
    return self->max;
  for (guint i = 0; i < N_SERIES; i++)
    if (self->series[i] != NULL)
      max = MAX (max, vireo_stats_series_get_max (self->series[i]));
  return nice_ceiling (max);
}

/* adds the series' line to @cr's path; returns FALSE when it has no value.
 * @first_x / @last_x: where the line starts and ends (for the fill) */
static gboolean
trace_series (cairo_t          *cr,
              VireoStatsSeries *series,
              double            width,
              double            height,
              double            max,
              double            line_width,
              double           *first_x,
              double           *last_x)
{
  guint capacity = vireo_stats_series_get_capacity (series);
  guint n = vireo_stats_series_get_n_values (series);
  double step, top, span;
  gboolean drawing = FALSE;
  gboolean any = FALSE;

  if (n == 0 || capacity == 0)
    return FALSE;

  step = capacity > 1 ? width / (capacity - 1) : width;
  top = line_width / 2;
  span = height - line_width;

  for (guint i = 0; i < n; i++)
    {
      double value = vireo_stats_series_get (series, i);
      double x = width - (double) (n - 1 - i) * step;
      double y;

      if (isnan (value))
        {
          drawing = FALSE;
          continue;
        }
      y = top + span * (1 - CLAMP (value / max, 0, 1));
      if (!drawing)
        {
          cairo_move_to (cr, x, y);
          if (i == n - 1 || isnan (vireo_stats_series_get (series, i + 1)))
            cairo_line_to (cr, MAX (x - MAX (step, 2), 0), y); /* a lone value: a dash */
          if (!any)
            *first_x = x;
          drawing = any = TRUE;
        }
      else
        cairo_line_to (cr, x, y);
      *last_x = x;
    }
  return any;
}

/* draws from the ring buffer directly: nothing is allocated per frame */
static void
draw_series (VireoGraph       *self,
             cairo_t          *cr,
             VireoStatsSeries *series,
             const GdkRGBA    *color,
             gboolean          fill,
             double            width,
             double            height,
             double            max,
             double            line_width)
{
  double first_x = 0, last_x = 0;

  if (fill && vireo_stats_series_get_n_values (series) > 1)
    {
      cairo_new_path (cr);
      if (trace_series (cr, series, width, height, max, line_width, &first_x, &last_x))
        {
          cairo_line_to (cr, last_x, height);
          cairo_line_to (cr, first_x, height);
          cairo_close_path (cr);
          cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * 0.25);
          cairo_fill (cr);
        }
    }

  cairo_new_path (cr);
  if (!trace_series (cr, series, width, height, max, line_width, &first_x, &last_x))
    return;
  cairo_set_line_width (cr, line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_stroke (cr);
}

static void
vireo_graph_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  VireoGraph *self = VIREO_GRAPH (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double line_width = self->sparkline ? 1.5 : 2;
  double max;
  GdkRGBA color, second;
  int scale;

  if (self->description_dirty)
    vireo_graph_update_description (self);

  if (width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (context, &color);
  if (!gtk_style_context_lookup_color (context, "vireo_graph_second_color", &second))
    second = (GdkRGBA) { 0.9, 0.38, 0, 1 };

  max = vireo_graph_scale_max (self);

  /* remember what this frame shows; a picture drawn from other values than
   * the last one (e.g. while scrolled out of view) is drawn again */
  if (vireo_graph_update_shape (self, TRUE))
    self->texture_dirty = TRUE;
  if (self->stale)
    {
      self->stale = FALSE;
      vireo_graph_watch_scrolling (self, FALSE);
    }

  scale = gtk_widget_get_scale_factor (widget);
  if (self->texture == NULL || self->texture_dirty ||
      self->texture_width != (int) width || self->texture_height != (int) height ||
      self->texture_scale != scale ||
      !gdk_rgba_equal (&color, &self->texture_colors[0]) ||
      !gdk_rgba_equal (&second, &self->texture_colors[1]))
    {
      cairo_surface_t *surface;
      GBytes *bytes;
      cairo_t *cr;

      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) width * scale, (int) height * scale);
      cairo_surface_set_device_scale (surface, scale, scale);
      cr = cairo_create (surface);

      if (!self->sparkline)
        {
          /* a light grid at quarters */
          cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.15);
          cairo_set_line_width (cr, 1);
          for (guint i = 1; i < 4; i++)
            {
              double y = floor (height * i / 4) + 0.5;

              cairo_move_to (cr, 0, y);
              cairo_line_to (cr, width, y);
            }
          cairo_stroke (cr);
        }

      if (self->series[1] != NULL)
        draw_series (self, cr, self->series[1], &second, FALSE, width, height, max, line_width);
      if (self->series[0] != NULL)
        draw_series (self, cr, self->series[0], &color, self->fill, width, height, max, line_width);

      cairo_destroy (cr);
      cairo_surface_flush (surface);

      /* CAIRO_FORMAT_ARGB32 is GDK_MEMORY_DEFAULT; the texture keeps the surface */
      bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                          cairo_image_surface_get_stride (surface) *
                                            cairo_image_surface_get_height (surface),
                                          (GDestroyNotify) cairo_surface_destroy, surface);
      g_clear_object (&self->texture);
      self->texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface),
                                              cairo_image_surface_get_height (surface),
                                              GDK_MEMORY_DEFAULT, bytes,
                                              cairo_image_surface_get_stride (surface));
      g_bytes_unref (bytes);
      self->texture_width = width;
      self->texture_height = height;
      self->texture_scale = scale;
      self->texture_colors[0] = color;
      self->texture_colors[1] = second;
      self->texture_dirty = FALSE;
    }

  gtk_snapshot_append_texture (snapshot, self->texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
vireo_graph_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  VireoGraph *self = VIREO_GRAPH (widget);

  /* CSS min-width / min-height are added by GTK; these are the natural sizes */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->sparkline ? 48 : 120;
      *natural = self->sparkline ? 64 : 320;
    }
  else
    {
      *minimum = self->sparkline ? 16 : 60;
      *natural = self->sparkline ? 20 : 120;
    }
}

/* -- properties --------------------------------------------------------- */

static void
set_series (VireoGraph       *self,
            guint             i,
            VireoStatsSeries *series)
{
  if (self->series[i] == series)
    return;

  vireo_graph_unlisten (self, i);
  g_set_object (&self->series[i], series);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    vireo_graph_listen (self, i);
  series_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self),
                            properties[i == 0 ? PROP_SERIES : PROP_SECOND_SERIES]);
}

void
vireo_graph_set_series (VireoGraph       *self,
                        VireoStatsSeries *series)
{
  g_return_if_fail (VIREO_IS_GRAPH (self));
  g_return_if_fail (series == NULL || VIREO_IS_STATS_SERIES (series));
  set_series (self, 0, series);
}

VireoStatsSeries *
vireo_graph_get_series (VireoGraph *self)
{
  g_return_val_if_fail (VIREO_IS_GRAPH (self), NULL);
  return self->series[0];
}

void
vireo_graph_set_second_series (VireoGraph       *self,
                               VireoStatsSeries *series)
{
  g_return_if_fail (VIREO_IS_GRAPH (self));
  g_return_if_fail (series == NULL || VIREO_IS_STATS_SERIES (series));
  set_series (self, 1, series);
}

VireoStatsSeries *
vireo_graph_get_second_series (VireoGraph *self)
{
  g_return_val_if_fail (VIREO_IS_GRAPH (self), NULL);
  return self->series[1];
}

void
vireo_graph_set_max (VireoGraph *self,
                     double      max)
{
  g_return_if_fail (VIREO_IS_GRAPH (self));

  max = MAX (max, 0);
  if (self->max == max)
    return;
  self->max = max;
  vireo_graph_redraw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX]);
}

double
vireo_graph_get_max (VireoGraph *self)
{
  g_return_val_if_fail (VIREO_IS_GRAPH (self), 0);
  return self->max;
}

void
vireo_graph_set_fill (VireoGraph *self,
                      gboolean    fill)
{
  g_return_if_fail (VIREO_IS_GRAPH (self));

  fill = !!fill;
  if (self->fill == fill)
    return;
  self->fill = fill;
  vireo_graph_redraw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILL]);
}

gboolean
vireo_graph_get_fill (VireoGraph *self)
{
  g_return_val_if_fail (VIREO_IS_GRAPH (self), FALSE);
  return self->fill;
}

void
vireo_graph_set_sparkline (VireoGraph *self,
                           gboolean    sparkline)
{
  g_return_if_fail (VIREO_IS_GRAPH (self));

  sparkline = !!sparkline;
  if (self->sparkline == sparkline)
    return;
  self->sparkline = sparkline;
  if (sparkline)
    gtk_widget_add_css_class (GTK_WIDGET (self), "sparkline");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "sparkline");
  self->texture_dirty = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPARKLINE]);
}

gboolean
vireo_graph_get_sparkline (VireoGraph *self)
{
  g_return_val_if_fail (VIREO_IS_GRAPH (self), FALSE);
  return self->sparkline;
}

static void
set_label (VireoGraph *self,
           guint       i,
           const char *label)
{
  if (!set_string (&self->label[i], label))
    return;
  series_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self),
                            properties[i == 0 ? PROP_LABEL : PROP_SECOND_LABEL]);
}

void
vireo_graph_set_label (VireoGraph *self,
                       const char *label)
{
  g_return_if_fail (VIREO_IS_GRAPH (self));
  set_label (self, 0, label);
}

const char *
vireo_graph_get_label (VireoGraph *self)
{
  g_return_val_if_fail (VIREO_IS_GRAPH (self), NULL);
  return self->label[0];
}

void
vireo_graph_set_second_label (VireoGraph *self,
                              const char *label)
{
  g_return_if_fail (VIREO_IS_GRAPH (self));
  set_label (self, 1, label);
}

void
vireo_graph_set_accessible_unit (VireoGraph *self,
                                 const char *unit)
{
  g_return_if_fail (VIREO_IS_GRAPH (self));

  if (!set_string (&self->unit, unit))
    return;
  series_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESSIBLE_UNIT]);
}

GtkWidget *
vireo_graph_new (void)
{
  return g_object_new (VIREO_TYPE_GRAPH, NULL);
}

static void
vireo_graph_dispose (GObject *object)
{
  VireoGraph *self = VIREO_GRAPH (object);

  for (guint i = 0; i < N_SERIES; i++)
    {
      vireo_graph_unlisten (self, i);
      g_clear_object (&self->series[i]);
    }
  vireo_graph_watch_scrolling (self, FALSE);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (vireo_graph_parent_class)->dispose (object);
}

static void
vireo_graph_finalize (GObject *object)
{
  VireoGraph *self = VIREO_GRAPH (object);

  for (guint i = 0; i < N_SERIES; i++)
    g_free (self->label[i]);
  g_free (self->unit);
  g_free (self->description);
  g_free (self->shape);

  G_OBJECT_CLASS (vireo_graph_parent_class)->finalize (object);
}

static void
vireo_graph_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VireoGraph *self = VIREO_GRAPH (object);

  switch (prop_id)
    {
    case PROP_SERIES:
      g_value_set_object (value, self->series[0]);
      break;
    case PROP_SECOND_SERIES:
      g_value_set_object (value, self->series[1]);
      break;
    case PROP_MAX:
      g_value_set_double (value, self->max);
      break;
    case PROP_FILL:
      g_value_set_boolean (value, self->fill);
      break;
    case PROP_SPARKLINE:
      g_value_set_boolean (value, self->sparkline);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label[0]);
      break;
    case PROP_SECOND_LABEL:
      g_value_set_string (value, self->label[1]);
      break;
    case PROP_ACCESSIBLE_UNIT:
      g_value_set_string (value, self->unit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_graph_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  VireoGraph *self = VIREO_GRAPH (object);

  switch (prop_id)
    {
    case PROP_SERIES:
      vireo_graph_set_series (self, g_value_get_object (value));
      break;
    case PROP_SECOND_SERIES:
      vireo_graph_set_second_series (self, g_value_get_object (value));
      break;
    case PROP_MAX:
      vireo_graph_set_max (self, g_value_get_double (value));
      break;
    case PROP_FILL:
      vireo_graph_set_fill (self, g_value_get_boolean (value));
      break;
    case PROP_SPARKLINE:
      vireo_graph_set_sparkline (self, g_value_get_boolean (value));
      break;
    case PROP_LABEL:
      vireo_graph_set_label (self, g_value_get_string (value));
      break;
    case PROP_SECOND_LABEL:
      vireo_graph_set_second_label (self, g_value_get_string (value));
      break;
    case PROP_ACCESSIBLE_UNIT:
      vireo_graph_set_accessible_unit (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_graph_class_init (VireoGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_graph_dispose;
  object_class->finalize = vireo_graph_finalize;
  object_class->get_property = vireo_graph_get_property;
  object_class->set_property = vireo_graph_set_property;

  widget_class->map = vireo_graph_map;
  widget_class->unmap = vireo_graph_unmap;
  widget_class->snapshot = vireo_graph_snapshot;
  widget_class->measure = vireo_graph_measure;

  properties[PROP_SERIES] =
    g_param_spec_object ("series", NULL, NULL, VIREO_TYPE_STATS_SERIES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECOND_SERIES] =
    g_param_spec_object ("second-series", NULL, NULL, VIREO_TYPE_STATS_SERIES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX] =
    g_param_spec_double ("max", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILL] =
    g_param_spec_boolean ("fill", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPARKLINE] =
    g_param_spec_boolean ("sparkline", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECOND_LABEL] =
    g_param_spec_string ("second-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCESSIBLE_UNIT] =
    g_param_spec_string ("accessible-unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "vireograph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vireo_graph_init (VireoGraph *self)
{
  self->description_dirty = TRUE;
}
