/* test-graph.c — the graph widget draws its series, in light and dark styles
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A VireoGraph in a window under Xvfb with a series whose newest half holds
 * values and whose oldest half is empty. Rendered to pixels, the right half
 * must show the line colour and the left half must not; the same in the dark
 * style, whose line colour differs. The accessible description names the
 * newest value, and a hidden graph stops listening to its series. A new
 * value that leaves the picture as it is, or that comes while the graph is
 * scrolled out of view, paints no frame (the description still follows);
 * scrolled back into view, the graph shows the newest values.
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

typedef struct
{
  guchar *pixels;
  gsize   stride;
  int     width;
  int     height;
} Image;

static void
image_clear (Image *image)
{
  g_clear_pointer (&image->pixels, g_free);
}

/* the widget as it is drawn on screen */
static void
render (GtkWidget *widget,
        Image     *image)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  image->width = gtk_widget_get_width (widget);
  image->height = gtk_widget_get_height (widget);
  g_assert_cmpint (image->width, >, 0);
  g_assert_cmpint (image->height, >, 0);

  gdk_paintable_snapshot (paintable, snapshot, image->width, image->height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, image->width, image->height));
  image->stride = image->width * 4;
  image->pixels = g_malloc (image->stride * image->height);
  gdk_texture_download (texture, image->pixels, image->stride);

  if (g_getenv ("VIREO_TEST_PNG_DIR") != NULL)
    {
      static guint count;
      g_autofree char *name = g_strdup_printf ("graph-%u.png", count++);
      g_autofree char *path = g_build_filename (g_getenv ("VIREO_TEST_PNG_DIR"), name, NULL);

      gdk_texture_save_to_png (texture, path);
    }
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
  for (int i = 0; i < 200 && !gtk_widget_get_mapped (GTK_WIDGET (graph)); i++)
    ui_test_spin (10);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (graph)));
  ui_test_spin (100);
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
  ui_test_spin (50);
  render (GTK_WIDGET (graph), &image); /* a frame; the description follows */
  image_clear (&image);
  error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (graph),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                              "CPU usage 12 %");
  g_assert_null (error);

  /* dark style: another line colour, still drawn where the values are */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  ui_test_spin (200);
  vireo_stats_series_push (series, 50);
  ui_test_spin (50);
  check_line (graph, &dark);
  g_assert_false (gdk_rgba_equal (&light, &dark));

  /* hidden: the graph no longer listens to its series */
  g_assert_true (g_signal_has_handler_pending (series, g_signal_lookup ("changed", VIREO_TYPE_STATS_SERIES), 0, TRUE));
  gtk_widget_set_visible (GTK_WIDGET (graph), FALSE);
  g_assert_false (g_signal_has_handler_pending (series, g_signal_lookup ("changed", VIREO_TYPE_STATS_SERIES), 0, TRUE));
  gtk_widget_set_visible (GTK_WIDGET (graph), TRUE);
  ui_test_spin (50);
  g_assert_true (g_signal_has_handler_pending (series, g_signal_lookup ("changed", VIREO_TYPE_STATS_SERIES), 0, TRUE));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_spin (50);
}

static guint frames;

static void
after_paint_cb (GdkFrameClock *clock)
{
  frames++;
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
  GdkFrameClock *clock;
  gulong id;
  guint before;

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
  for (int i = 0; i < 200 && !gtk_widget_get_mapped (GTK_WIDGET (graph)); i++)
    ui_test_spin (10);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (graph)));
  ui_test_spin (200);
  clock = gtk_widget_get_frame_clock (window);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  ui_test_spin (300);

  /* a full, flat line: one more value a small fraction of a pixel off
   * paints nothing, and the description still follows ("50 %" → "51 %") */
  g_assert_true (description_is (graph, "CPU usage 50 %"));
  before = frames;
  vireo_stats_series_push (series, 50.51);
  ui_test_spin (200);
  g_assert_cmpuint (frames, ==, before);
  g_assert_true (description_is (graph, "CPU usage 51 %"));

  /* a visible change paints */
  vireo_stats_series_push (series, 10);
  ui_test_spin (200);
  g_assert_cmpuint (frames, >, before);
  g_assert_true (description_is (graph, "CPU usage 10 %"));

  /* scrolled out of view: a new value paints nothing */
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
  ui_test_spin (200);
  before = frames;
  for (int i = 0; i < 4; i++)
    {
      vireo_stats_series_push (series, 90);
      ui_test_spin (50);
    }
  g_assert_cmpuint (frames, ==, before);
  g_assert_true (description_is (graph, "CPU usage 90 %"));

  /* back in view: drawn again, from the newest values */
  gtk_adjustment_set_value (vadjustment, 0);
  ui_test_spin (200);
  g_assert_cmpuint (frames, >, before);
  {
    Image image = { 0 };
    GdkRGBA color;
    guint top = 0;

    gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (graph)), &color);
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

  g_signal_handler_disconnect (clock, id);
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_spin (50);
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
