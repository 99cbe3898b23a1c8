/* test-graph.c — the graph widget draws its series, in light and dark styles
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A VireoGraph in a window under Xvfb with a series whose newest half holds
 * values and whose oldest half is empty. Rendered to pixels, the right half
 * must show the line colour and the left half must not; the same in the dark
 * style, whose line colour differs. The accessible description names the
 * newest value, and a hidden graph stops listening to its series. A new
 * value that leaves the picture as it is, or that comes while the graph is
 * scrolled out of view, does not draw the graph again (the description
 * still follows); scrolled back into view, the graph shows the newest
 * values. Every wait is for a condition (a frame drawn, the graph drawn
 * again, scrolled out of view), never for time.
 */
#define G_LOG_DOMAIN "test-graph"

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "vireo-graph.h"

#include "ui-test-util.h"

#define WIDTH    200
#define HEIGHT   60
#define CAPACITY 101

typedef UiTestImage Image;

static void
image_clear (Image *image)
{
  ui_test_image_clear (image);
}

/* the widget as it is drawn on screen, once it has been drawn with what it
 * holds now (ui_test_render waits for that frame) */
static void
render (GtkWidget *widget,
        Image     *image)
{
  static guint count;
  g_autofree char *name = g_strdup_printf ("graph-%u.png", count++);

  ui_test_render (widget, name, image);
  g_assert_cmpint (image->width, >, 0);
  g_assert_cmpint (image->height, >, 0);
}

/* -- whether the graph was drawn again ------------------------------------ */

/* the first texture node in @node (the graph draws its picture as one). Not a switch: every GTK
 * release adds node types, and -Wswitch-enum would then fail the build on a newer GTK. */
static GskRenderNode *
find_texture_node (GskRenderNode *node)
{
  GskRenderNodeType type = gsk_render_node_get_node_type (node);

  if (type == GSK_TEXTURE_NODE)
    return node;
  if (type == GSK_CONTAINER_NODE)
    {
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        {
          GskRenderNode *found = find_texture_node (gsk_container_node_get_child (node, i));

          if (found != NULL)
            return found;
        }
      return NULL;
    }
  if (type == GSK_CLIP_NODE)
    return find_texture_node (gsk_clip_node_get_child (node));
  if (type == GSK_ROUNDED_CLIP_NODE)
    return find_texture_node (gsk_rounded_clip_node_get_child (node));
  if (type == GSK_TRANSFORM_NODE)
    return find_texture_node (gsk_transform_node_get_child (node));
  if (type == GSK_OPACITY_NODE)
    return find_texture_node (gsk_opacity_node_get_child (node));
  if (type == GSK_DEBUG_NODE)
    return find_texture_node (gsk_debug_node_get_child (node));
  return NULL;   /* a leaf, or a node that holds no texture of the graph */
}

/* What @graph drew in the last frame it was drawn in: GTK keeps a widget's
 * render node from frame to frame until the widget is drawn again, which
 * makes new nodes. (owned; NULL while a redraw is pending) */
static GskRenderNode *
graph_drawing (VireoGraph *graph)
{
  g_autoptr(GskRenderNode) node = ui_test_widget_node (GTK_WIDGET (graph));
  GskRenderNode *texture = node != NULL ? find_texture_node (node) : NULL;

  return texture != NULL ? gsk_render_node_ref (texture) : NULL;
}

/* whether @graph has been drawn again since it drew @before */
static gboolean
graph_redrawn (VireoGraph    *graph,
               GskRenderNode *before)
{
  g_autoptr(GskRenderNode) now = graph_drawing (graph);

  return now != NULL && now != before;
}

typedef struct
{
  VireoGraph    *graph;
  GskRenderNode *before;
} RedrawWait;

static gboolean
graph_redrawn_cb (gpointer data)
{
  RedrawWait *wait = data;

  return graph_redrawn (wait->graph, wait->before);
}

/* waits until @graph is drawn again (a frame after it asked for one) */
static void
wait_graph_redrawn (VireoGraph    *graph,
                    GskRenderNode *before)
{
  RedrawWait wait = { graph, before };

  g_assert_true (ui_test_wait_for (graph_redrawn_cb, &wait, UI_TEST_DEADLINE_MS));
}

/* pixels in columns [x0, x1) whose colour is @color (cairo ARGB32, premultiplied, opaque) */
static guint
count_color (const Image   *image,
             int            x0,
             int            x1,
             const GdkRGBA *color)
{
  guint count = 0;

  for (int y = 0; y < image->height; y++)
    for (int x = x0; x < x1; x++)
      {
        const guchar *p = image->pixels + y * image->stride + x * 4;
        /* GDK_MEMORY_DEFAULT is B8G8R8A8 premultiplied on little endian */
        double b = p[0] / 255.0, g = p[1] / 255.0, r = p[2] / 255.0;

        if (fabs (r - color->red) < 0.08 && fabs (g - color->green) < 0.08 &&
            fabs (b - color->blue) < 0.08)
          count++;
      }
  return count;
}

static GtkWidget *
make_window (VireoGraph *graph)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_set_size_request (GTK_WIDGET (graph), WIDTH, HEIGHT);
  gtk_widget_set_halign (GTK_WIDGET (graph), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (graph), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (graph));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH + 40, HEIGHT + 40);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_drawn (GTK_WIDGET (graph));
  return window;
}

static void
check_line (VireoGraph *graph,
            GdkRGBA    *color_out)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (graph));
  Image image = { 0 };
  GdkRGBA color;
  guint left, right;
  int w;

  gtk_style_context_get_color (context, &color);
  render (GTK_WIDGET (graph), &image);
  w = image.width;

  /* the newest half (right) holds values, the oldest half (left) is empty */
  right = count_color (&image, w / 2 + 4, w, &color);
  left = count_color (&image, 0, w / 2 - 4, &color);
  g_test_message ("line colour %.2f,%.2f,%.2f: %u pixels right, %u left",
                  color.red, color.green, color.blue, right, left);
  g_assert_cmpuint (right, >=, (guint) (w / 2 - 8));
  g_assert_cmpuint (left, ==, 0);

  /* the line of a 50 % series runs through the middle */
  {
    guint middle = 0;
    for (int y = image.height / 2 - 3; y <= image.height / 2 + 3; y++)
      {
        Image row = image;
        row.pixels = image.pixels + y * image.stride;
        row.height = 1;
        middle += count_color (&row, w - 20, w - 10, &color);
      }
    g_assert_cmpuint (middle, >=, 10);
  }

  image_clear (&image);
  *color_out = color;
}

static void
test_draws_series (void)
{
  g_autoptr(VireoStatsSeries) series = vireo_stats_series_new (CAPACITY);
  AdwStyleManager *style = adw_style_manager_get_default ();
  VireoGraph *graph = VIREO_GRAPH (vireo_graph_new ());
  GtkWidget *window;
  Image image = { 0 };
  GdkRGBA light, dark;
  const char *error;

  vireo_graph_set_max (graph, 100);
  vireo_graph_set_label (graph, "CPU usage");
  vireo_graph_set_accessible_unit (graph, "%");
  vireo_graph_set_series (graph, series);
  for (guint i = 0; i < CAPACITY / 2; i++)
    vireo_stats_series_push (series, 50);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = make_window (graph);

  check_line (graph, &light);

  /* the accessible description holds the newest value */
  error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (graph),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                              "CPU usage 50 %");
  g_assert_null (error);
  vireo_stats_series_push (series, 12.4);
  render (GTK_WIDGET (graph), &image); /* a frame; the description follows */
  image_clear (&image);
  error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (graph),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                              "CPU usage 12 %");
  g_assert_null (error);

  /* dark style: another line colour, still drawn where the values are */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  vireo_stats_series_push (series, 50);
  check_line (graph, &dark);   /* rendered once drawn in a new frame: the new style */
  g_assert_false (gdk_rgba_equal (&light, &dark));

  /* hidden: the graph no longer listens to its series */
  g_assert_true (g_signal_has_handler_pending (series, g_signal_lookup ("changed", VIREO_TYPE_STATS_SERIES), 0, TRUE));
  gtk_widget_set_visible (GTK_WIDGET (graph), FALSE);
  g_assert_false (g_signal_has_handler_pending (series, g_signal_lookup ("changed", VIREO_TYPE_STATS_SERIES), 0, TRUE));
  gtk_widget_set_visible (GTK_WIDGET (graph), TRUE);
  ui_test_wait_drawn (GTK_WIDGET (graph));
  g_assert_true (g_signal_has_handler_pending (series, g_signal_lookup ("changed", VIREO_TYPE_STATS_SERIES), 0, TRUE));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
description_is (VireoGraph *graph,
                const char *expected)
{
  const char *error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (graph),
                                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                          expected);
  if (error != NULL)
    g_test_message ("%s", error);
  return error == NULL;
}

static gboolean
graph_out_of_view (gpointer data)
{
  GtkWidget *graph = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (graph, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (graph, scrolled, &bounds) && bounds.origin.y + bounds.size.height <= 0;
}

/* A new value that leaves the picture as it is, or that comes while the
 * graph is scrolled out of view, does not draw it again: after a frame
 * painted for another widget (the graph, had it asked, would be drawn in
 * it: it asks as the value comes), the graph still shows what it drew
 * before. Conditions, not time. */
static void
test_frames (void)
{
  g_autoptr(VireoStatsSeries) series = vireo_stats_series_new (CAPACITY);
  VireoGraph *graph = VIREO_GRAPH (vireo_graph_new ());
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *spacer = gtk_label_new ("spacer");
  GtkAdjustment *vadjustment;
  g_autoptr(GskRenderNode) drawn = NULL;
  g_autoptr(GskRenderNode) still = NULL;

  vireo_graph_set_max (graph, 100);
  vireo_graph_set_label (graph, "CPU usage");
  vireo_graph_set_accessible_unit (graph, "%");
  vireo_graph_set_series (graph, series);
  for (guint i = 0; i < CAPACITY; i++)
    vireo_stats_series_push (series, 50.49);

  /* the graph on top, then a spacer four screens tall */
  gtk_widget_set_size_request (GTK_WIDGET (graph), WIDTH, HEIGHT);
  gtk_widget_set_halign (GTK_WIDGET (graph), GTK_ALIGN_START);
  gtk_widget_set_size_request (spacer, -1, 4 * (HEIGHT + 40));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (graph));
  gtk_box_append (GTK_BOX (box), spacer);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_ALWAYS);
  /* no fading scroll indicators: they paint frames of their own */
  gtk_scrolled_window_set_overlay_scrolling (GTK_SCROLLED_WINDOW (scrolled), FALSE);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH + 40, HEIGHT + 40);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_drawn (GTK_WIDGET (graph));
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  /* whatever else the window had to draw, drawn */
  ui_test_wait_drawn (spacer);

  /* a full, flat line: one more value a small fraction of a pixel off
   * draws nothing, and the description still follows ("50 %" → "51 %") */
  g_assert_true (description_is (graph, "CPU usage 50 %"));
  drawn = graph_drawing (graph);
  g_assert_nonnull (drawn);
  vireo_stats_series_push (series, 50.51);
  ui_test_wait_drawn (spacer);
  still = graph_drawing (graph);
  g_assert_true (still == drawn);
  g_clear_pointer (&still, gsk_render_node_unref);
  g_assert_true (description_is (graph, "CPU usage 51 %"));

  /* a visible change draws */
  vireo_stats_series_push (series, 10);
  wait_graph_redrawn (graph, drawn);
  g_assert_true (description_is (graph, "CPU usage 10 %"));

  /* scrolled out of view: a new value draws nothing */
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
  g_assert_true (ui_test_wait_for (graph_out_of_view, graph, UI_TEST_DEADLINE_MS));
  ui_test_wait_drawn (spacer);
  g_clear_pointer (&drawn, gsk_render_node_unref);
  drawn = graph_drawing (graph);
  g_assert_nonnull (drawn);
  for (int i = 0; i < 4; i++)
    vireo_stats_series_push (series, 90);
  ui_test_wait_drawn (spacer);
  still = graph_drawing (graph);
  g_assert_true (still == drawn);
  g_clear_pointer (&still, gsk_render_node_unref);
  g_assert_true (description_is (graph, "CPU usage 90 %"));

  /* back in view: drawn again, from the newest values */
  gtk_adjustment_set_value (vadjustment, 0);
  wait_graph_redrawn (graph, drawn);
  {
    Image image = { 0 };
    GdkRGBA color;
    guint top = 0;

    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (graph)), &color);
    G_GNUC_END_IGNORE_DEPRECATIONS
    render (GTK_WIDGET (graph), &image);
    /* 90 %: the newest values are drawn near the top, right */
    for (int y = 0; y < image.height / 4; y++)
      {
        Image row = image;
        row.pixels = image.pixels + y * image.stride;
        row.height = 1;
        top += count_color (&row, image.width - 5, image.width - 1, &color);
      }
    image_clear (&image);
    g_assert_cmpuint (top, >, 0);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_format_value (void)
{
  g_autofree char *percent = vireo_graph_format_value (12.4, "%");
  g_autofree char *memory = vireo_graph_format_value (1024 * 1024, "KiB");
  g_autofree char *unknown = vireo_graph_format_value (NAN, "%");

  g_assert_cmpstr (percent, ==, "12 %");
  g_assert_cmpstr (memory, ==, "1.0\u00a0GiB"); /* g_format_size: no-break space */
  g_assert_cmpstr (unknown, ==, "unknown");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  /* an accessibility context that keeps the properties, without AT-SPI */
  g_setenv ("GTK_A11Y", "test", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* the application's style sheet, as AdwApplication loads it */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/org/vireo/Vireo/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/graph/draws-series", test_draws_series);
  g_test_add_func ("/graph/frames", test_frames);
  g_test_add_func ("/graph/format-value", test_format_value);

  return g_test_run ();
}
