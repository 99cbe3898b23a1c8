/* test-stats-ui.c — preferences, the Performance page and the host window
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real VireoApplication with test:///default under Xvfb. The polling
 * preferences reach the connection's sampler (what libvirt is asked for),
 * both from GSettings and from the Preferences window's switches. The VM
 * window's Performance page says which figures are off, names the span of
 * its time axis, and its graphs listen only while the page is shown. The
 * host window shows the host's facts and live graphs.
 */
#define G_LOG_DOMAIN "test-stats-ui"

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "vireo-application.h"
#include "vireo-graph.h"
#include "vireo-host-window.h"
#include "vireo-list-row.h"
#include "vireo-manager-window.h"
#include "vireo-performance-page.h"
#include "vireo-preferences-window.h"
#include "vireo-vm-window.h"

#include "ui-test-util.h"

#define URI        "test:///default"
#define TIMEOUT_MS 20000

static VireoApplication *app;
static GtkWidget        *manager;

static VireoConnection *
get_connection (void)
{
  GListModel *connections = vireo_application_get_connections (app);
  g_autoptr(VireoConnection) connection = NULL;

  if (g_list_model_get_n_items (connections) == 0)
    return NULL;
  connection = g_list_model_get_item (connections, 0);
  return connection; /* the application keeps it */
}

static VireoStatsSampler *
get_sampler (void)
{
  return vireo_connection_get_sampler (get_connection ());
}

static gboolean
connected (gpointer data)
{
  VireoConnection *connection = get_connection ();

  return connection != NULL &&
         vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED &&
         g_list_model_get_n_items (vireo_connection_get_domains (connection)) > 0;
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (toplevel))
        return toplevel;
    }
  return NULL;
}

static guint
count_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      n += G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type);
    }
  return n;
}

static gboolean
toplevel_shown (gpointer type)
{
  GtkWidget *toplevel = find_toplevel (GPOINTER_TO_SIZE (type));

  return toplevel != NULL && gtk_widget_get_mapped (toplevel);
}

/* every label under @root, in order, joined by "|" */
static void
collect_text (GtkWidget *root,
              GString   *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child))
        g_string_append_printf (text, "%s|", gtk_label_get_text (GTK_LABEL (child)));
      collect_text (child, text);
    }
}

static char *
shown_text (GtkWidget *root)
{
  GString *text = g_string_new (NULL);

  collect_text (root, text);
  return g_string_free (text, FALSE);
}

static guint n_frames;

static void
count_frame (GdkFrameClock *clock,
             gpointer       data)
{
  n_frames++;
}

static gboolean
frames_reached (gpointer target)
{
  return n_frames >= GPOINTER_TO_UINT (target);
}

/* Switches the colour scheme and waits until @widget's window has painted a
 * frame in it (the new style applied) */
static void
set_color_scheme (GtkWidget      *widget,
                  AdwColorScheme  scheme)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame), NULL);
  n_frames = 0;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
  gtk_widget_queue_draw (widget);
  g_assert_true (ui_test_wait_for (frames_reached, GUINT_TO_POINTER (1), UI_TEST_DEADLINE_MS));
  g_signal_handler_disconnect (clock, id);
}

/* @widget as a person sees it in the light and the dark style: in each, it
 * shows text in its text colour on a background that is not all of it
 * (ui_test_render_check; PNGs in VIREO_TEST_PNG_DIR when set) */
static void
render_check_both_styles (GtkWidget  *widget,
                          const char *name)
{
  g_autofree char *light = g_strdup_printf ("%s-light.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-dark.png", name);

  set_color_scheme (widget, ADW_COLOR_SCHEME_FORCE_LIGHT);
  ui_test_render_check (widget, light);
  set_color_scheme (widget, ADW_COLOR_SCHEME_FORCE_DARK);
  ui_test_render_check (widget, dark);
  set_color_scheme (widget, ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
toplevel_gone (gpointer window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (toplevel == window)
        return FALSE;
    }
  return TRUE;
}

/* destroys @window and waits until it is gone */
static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (ui_test_wait_for (toplevel_gone, window, UI_TEST_DEADLINE_MS));
}

typedef struct
{
  GtkWidget  *root;
  const char *present;   /* a regular expression the shown text matches, or NULL */
  const char *absent;    /* not in it, or NULL */
} TextWait;

static gboolean
text_is (gpointer data)
{
  TextWait *wait = data;
  g_autofree char *text = shown_text (wait->root);

  return (wait->present == NULL || g_regex_match_simple (wait->present, text, 0, 0)) &&
         (wait->absent == NULL || strstr (text, wait->absent) == NULL);
}

/* waits until the labels shown under @root (shown_text) match the regular
 * expression @present and do not hold @absent */
static void
wait_text (GtkWidget  *root,
           const char *present,
           const char *absent)
{
  TextWait wait = { root, present, absent };

  if (!ui_test_wait_for (text_is, &wait, UI_TEST_DEADLINE_MS))
    {
      g_autofree char *text = shown_text (root);
      g_error ("%s shows \"%s\": waited for /%s/ to match and \"%s\" to go",
               G_OBJECT_TYPE_NAME (root), text, present != NULL ? present : "", absent != NULL ? absent : "");
    }
}

static guint n_ticks;

static void
count_tick (VireoStatsSampler *sampler,
            gpointer           data)
{
  n_ticks++;
}

static gboolean
ticks_reached (gpointer target)
{
  return n_ticks >= GPOINTER_TO_UINT (target);
}

/* asks the sampler for a tick now and waits until it has come */
static void
poll_and_wait (void)
{
  VireoStatsSampler *sampler = get_sampler ();
  gulong id = g_signal_connect (sampler, "tick", G_CALLBACK (count_tick), NULL);

  n_ticks = 0;
  vireo_stats_sampler_poll_now (sampler);
  g_assert_true (ui_test_wait_for (ticks_reached, GUINT_TO_POINTER (1), UI_TEST_DEADLINE_MS));
  g_signal_handler_disconnect (sampler, id);
}

/* -- tests ------------------------------------------------------------- */

static gboolean
last_request_is (gpointer mask)
{
  return vireo_stats_sampler_get_last_request (get_sampler ()) == GPOINTER_TO_UINT (mask);
}

static void
test_settings_reach_sampler (void)
{
  GSettings *settings = vireo_application_get_settings (app);
  VireoStatsSampler *sampler = get_sampler ();

  g_assert_nonnull (settings);

  /* defaults like virt-manager's: CPU only, every 3 s, 120 readings */
  g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==, VIREO_STATS_GROUP_CPU);
  g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 3);
  g_assert_cmpuint (vireo_stats_sampler_get_history_length (sampler), ==, 120);

  g_settings_set_boolean (settings, "stats-disk", TRUE);
  g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==,
                    VIREO_STATS_GROUP_CPU | VIREO_STATS_GROUP_DISK);

  /* off means not asked from libvirt: the next tick's request lacks it */
  g_settings_set_boolean (settings, "stats-cpu", FALSE);
  g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==, VIREO_STATS_GROUP_DISK);
  vireo_stats_sampler_poll_now (sampler);
  g_assert_true (ui_test_wait_for (
      last_request_is, GUINT_TO_POINTER (vireo_stats_groups_to_libvirt (VIREO_STATS_GROUP_DISK)),
      TIMEOUT_MS));

  g_settings_set_uint (settings, "stats-interval", 7);
  g_settings_set_uint (settings, "stats-history", 60);
  g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 7);
  g_assert_cmpuint (vireo_stats_sampler_get_history_length (sampler), ==, 60);

  g_settings_reset (settings, "stats-disk");
  g_settings_reset (settings, "stats-cpu");
  g_settings_reset (settings, "stats-interval");
  g_settings_reset (settings, "stats-history");
  g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==, VIREO_STATS_GROUP_CPU);
}

static void
test_preferences_window (void)
{
  GSettings *settings = vireo_application_get_settings (app);
  VireoStatsSampler *sampler = get_sampler ();
  GtkWidget *window, *row, *sw;

  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "preferences"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (ui_test_wait_for (toplevel_shown, GSIZE_TO_POINTER (VIREO_TYPE_PREFERENCES_WINDOW),
                                   TIMEOUT_MS));
  window = find_toplevel (VIREO_TYPE_PREFERENCES_WINDOW);

  /* what the window shows is what is set */
  row = ui_test_find_widget (window, ADW_TYPE_ACTION_ROW, "_Network I/O");
  g_assert_nonnull (row);
  sw = ui_test_find_widget (row, GTK_TYPE_SWITCH, NULL);
  g_assert_nonnull (sw);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sw)));

  /* the person turns network polling on: the sampler asks for it */
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "stats-network"));
  g_assert_true (vireo_stats_sampler_get_groups (sampler) & VIREO_STATS_GROUP_NETWORK);

  row = ui_test_find_widget (window, ADW_TYPE_ACTION_ROW, "Polling _Interval");
  g_assert_nonnull (row);
  gtk_spin_button_set_value (
      GTK_SPIN_BUTTON (ui_test_find_widget (row, GTK_TYPE_SPIN_BUTTON, NULL)), 10);
  g_assert_cmpuint (g_settings_get_uint (settings, "stats-interval"), ==, 10);
  g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 10);

  render_check_both_styles (window, "preferences");

  close_window (window);
  g_settings_reset (settings, "stats-network");
  g_settings_reset (settings, "stats-interval");
}

static gboolean
page_listening (gpointer data)
{
  VireoStatsSeries *series = data;

  return g_signal_has_handler_pending (series, g_signal_lookup ("changed", VIREO_TYPE_STATS_SERIES),
                                       0, TRUE);
}

static gboolean
page_unmapped (gpointer page)
{
  return !gtk_widget_get_mapped (page);
}

static void
test_performance_page (void)
{
  GSettings *settings = vireo_application_get_settings (app);
  VireoConnection *connection = get_connection ();
  g_autoptr(VireoDomain) domain = g_list_model_get_item (vireo_connection_get_domains (connection), 0);
  VireoStatsSeries *cpu = vireo_domain_stats_get_series (vireo_domain_get_stats (domain), VIREO_STAT_CPU);
  VireoStatsSeries *rx = vireo_domain_stats_get_series (vireo_domain_get_stats (domain), VIREO_STAT_NET_RX);
  GtkWidget *window, *page;
  AdwViewStack *stack;
  g_autofree char *text = NULL;

  /* the manager's list draws a CPU sparkline of the same VM: hide it so that
   * only the page could listen */
  gtk_widget_set_visible (manager, FALSE);
  vireo_application_show_domain (app, domain);
  g_assert_true (
      ui_test_wait_for (toplevel_shown, GSIZE_TO_POINTER (VIREO_TYPE_VM_WINDOW), TIMEOUT_MS));
  window = find_toplevel (VIREO_TYPE_VM_WINDOW);
  page = ui_test_find_widget (window, VIREO_TYPE_PERFORMANCE_PAGE, NULL);
  g_assert_nonnull (page);
  stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (page, ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);
  /* the window on screen, the Overview page in front */
  ui_test_wait_drawn (window);

  /* a hidden page does no work: its graphs do not listen */
  g_assert_false (gtk_widget_get_mapped (page));
  g_assert_false (page_listening (cpu));

  adw_view_stack_set_visible_child_name (stack, "performance");
  g_assert_true (ui_test_wait_for (page_listening, cpu, TIMEOUT_MS));

  /* CPU is polled; network is off by default and the page says how to turn it on */
  text = shown_text (page);
  g_test_message ("performance page: %s", text);
  g_assert_nonnull (strstr (text, "Network polling is off — turn it on in Preferences"));
  g_assert_null (strstr (text, "CPU polling is off"));
  g_assert_nonnull (strstr (text, "last 6 minutes")); /* 3 s × 120 readings */
  /* no figure yet: it says why, not "—" */
  g_assert_nonnull (strstr (text, "|Guest: collecting…|"));
  g_assert_null (strstr (text, "|—|"));
  g_assert_false (page_listening (rx));

  /* turning it on shows its graph at once */
  g_settings_set_boolean (settings, "stats-network", TRUE);
  wait_text (page, NULL, "Network polling is off");
  g_assert_true (page_listening (rx));

  /* a tick: the values follow */
  poll_and_wait ();
  poll_and_wait ();
  /* a figure where "—" (none yet) was */
  wait_text (page, "\\|Guest [0-9]+ %\\|", NULL);
  g_free (text);
  text = shown_text (page);
  g_test_message ("after two ticks: %s", text);
  /* the test driver gives no network figures for this VM: the page says so */
  g_assert_nonnull (strstr (text, "|In: not reported by this host|"));
  g_assert_null (strstr (text, "|—|"));

  gtk_window_set_default_size (GTK_WINDOW (window), 720, 900);
  render_check_both_styles (window, "performance");

  /* hidden again: no more work */
  adw_view_stack_set_visible_child_name (stack, "overview");
  g_assert_true (ui_test_wait_for (page_unmapped, page, UI_TEST_DEADLINE_MS));
  g_assert_false (page_listening (cpu));
  g_assert_false (page_listening (rx));

  g_settings_reset (settings, "stats-network");
  close_window (window);
  gtk_widget_set_visible (manager, TRUE);
  ui_test_wait_drawn (manager);
}

static gboolean
host_loaded (gpointer data)
{
  GtkWidget *window = find_toplevel (VIREO_TYPE_HOST_WINDOW);

  return window != NULL && vireo_host_window_get_loaded (VIREO_HOST_WINDOW (window));
}

static void
test_host_window (void)
{
  GtkWidget *window;
  g_autofree char *text = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "connection-details",
                                  g_variant_new_string (URI));
  g_assert_true (ui_test_wait_for (host_loaded, NULL, TIMEOUT_MS));
  window = find_toplevel (VIREO_TYPE_HOST_WINDOW);
  g_assert_true (vireo_host_window_get_connection (VIREO_HOST_WINDOW (window)) == get_connection ());

  /* one window per connection */
  g_action_group_activate_action (G_ACTION_GROUP (app), "connection-details",
                                  g_variant_new_string (URI));
  /* (the action ran: a second window would be in the list now) */
  ui_test_wait_drawn (window);
  g_assert_true (find_toplevel (VIREO_TYPE_HOST_WINDOW) == window);
  g_assert_cmpuint (count_toplevels (VIREO_TYPE_HOST_WINDOW), ==, 1);

  poll_and_wait ();
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 1000);
  wait_text (window, "\\|16 at 1400 MHz\\|", NULL);

  text = shown_text (window);
  g_test_message ("host window: %s", text);
  /* test:///default: the "Test" hypervisor, 16 CPUs on 2 nodes × 2 sockets × 2 cores × 2 threads */
  g_assert_nonnull (strstr (text, "Test"));
  g_assert_nonnull (strstr (text, "|16 at 1400 MHz|"));
  g_assert_nonnull (strstr (text, "CPU Usage"));
  g_assert_nonnull (strstr (text, "last 6 minutes"));

  render_check_both_styles (window, "host-window");
  close_window (window);
}

/* the manager's list rows that are shown, in order */
static void
collect_rows (GtkWidget *root,
              GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (VIREO_IS_LIST_ROW (child) && gtk_widget_get_mapped (child))
        g_ptr_array_add (rows, child);
      collect_rows (child, rows);
    }
}

/* the shown row of @item (a VireoConnection: its header; a VireoDomain) */
static VireoListRow *
find_row (gpointer item)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (manager, rows);
  for (guint i = 0; i < rows->len; i++)
    if (vireo_list_row_get_item (rows->pdata[i]) == item)
      return rows->pdata[i];
  return NULL;
}

typedef struct
{
  gpointer         item;
  VireoListColumns columns;
} RowWait;

static gboolean
row_shows (gpointer data)
{
  RowWait *wait = data;
  VireoListRow *row = find_row (wait->item);

  return row != NULL && vireo_list_row_get_columns (row) == wait->columns;
}

/* how far a pixel of the sparkline's line may be from its colour, per
 * channel: the line is thin and anti-aliased */
#define LINE_TOLERANCE 0.25

/* the sparkline's line in @image (the row), inside @area: for each column x,
 * the topmost pixel of the line colour @color (-1: none) */
static int
line_top (const UiTestImage     *image,
          const graphene_rect_t *area,
          int                    x,
          const GdkRGBA         *color)
{
  int y0 = ceil (area->origin.y), y1 = floor (area->origin.y + area->size.height);

  for (int y = y0; y < y1; y++)
    if (ui_test_image_is_color (image, x, y, color, LINE_TOLERANCE))
      return y;
  return -1;
}

/* pixels in @area of @image that stand out from @background (text, lines) */
static guint
count_ink (const UiTestImage     *image,
           const graphene_rect_t *area,
           guint32                background)
{
  GdkRGBA bg = { ((background >> 16) & 0xff) / 255.0, ((background >> 8) & 0xff) / 255.0,
                 (background & 0xff) / 255.0, 1 };
  guint ink = 0;

  for (int y = MAX (0, (int) area->origin.y); y < MIN (image->height, (int) (area->origin.y + area->size.height)); y++)
    for (int x = MAX (0, (int) area->origin.x); x < MIN (image->width, (int) (area->origin.x + area->size.width)); x++)
      ink += !ui_test_image_is_color (image, x, y, &bg, 0.2);
  return ink;
}

/* What a person sees in the manager's list, in @style: the connection's
 * header names the columns, each caption drawn above its column; the VM's
 * CPU sparkline draws a rising series as a line that rises from left to
 * right. */
static void
check_manager_rows (VireoDomain    *domain,
                    AdwColorScheme  scheme,
                    const char     *style)
{
  VireoListRow *header = find_row (get_connection ());
  VireoListRow *row = find_row (domain);
  GtkWidget *graph, *header_labels[5] = { NULL };
  static const char *captions[] = { "CPU", "Host", "Memory", "Disk", "Network" };
  g_autofree char *header_text = NULL;
  g_autofree char *row_png = g_strdup_printf ("manager-row-%s.png", style);
  g_autofree char *header_png = g_strdup_printf ("manager-header-%s.png", style);
  UiTestImage image = { 0 };
  graphene_rect_t area, graph_in_manager;
  GdkRGBA color;
  guint32 background;
  int left_x = -1, right_x = -1, left_y = -1, right_y = -1;
  guint line_columns = 0;
  const char *at;

  g_assert_nonnull (header);
  g_assert_nonnull (row);
  graph = vireo_list_row_get_column_widget (row, VIREO_LIST_COLUMN_CPU);
  g_assert_true (VIREO_IS_GRAPH (graph));
  set_color_scheme (manager, scheme);

  /* the header: the connection, then the captions of the five columns, in order */
  header_text = shown_text (GTK_WIDGET (header));
  g_test_message ("%s header: %s", style, header_text);
  g_assert_nonnull (strstr (header_text, vireo_list_row_connection_label (get_connection ())));
  at = header_text;
  for (guint i = 0; i < G_N_ELEMENTS (captions); i++)
    {
      g_autofree char *cell = g_strdup_printf ("|%s|", captions[i]);
      const char *found = strstr (at, cell);

      g_assert_nonnull (found);
      at = found + 1;
      header_labels[i] = ui_test_find_widget (GTK_WIDGET (header), GTK_TYPE_LABEL, captions[i]);
      g_assert_nonnull (header_labels[i]);
    }

  /* each caption is drawn (ink where its label is) */
  ui_test_render (GTK_WIDGET (header), header_png, &image);
  background = ui_test_image_background (&image, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (captions); i++)
    {
      guint ink;

      g_assert_true (gtk_widget_compute_bounds (header_labels[i], GTK_WIDGET (header), &area));
      ink = count_ink (&image, &area, background);
      g_test_message ("%s: caption %s at %.0f,%.0f %.0fx%.0f, %u pixels of ink", style, captions[i],
                      area.origin.x, area.origin.y, area.size.width, area.size.height, ink);
      g_assert_cmpuint (ink, >=, 10);
    }
  ui_test_image_clear (&image);

  /* "CPU" stands above the sparkline */
  g_assert_true (gtk_widget_compute_bounds (header_labels[0], manager, &area));
  g_assert_true (gtk_widget_compute_bounds (graph, manager, &graph_in_manager));
  g_assert_cmpfloat (area.origin.x + area.size.width / 2, >, graph_in_manager.origin.x);
  g_assert_cmpfloat (area.origin.x + area.size.width / 2, <, graph_in_manager.origin.x + graph_in_manager.size.width);
  g_assert_cmpfloat (area.origin.y, <, graph_in_manager.origin.y);

  /* the row: the sparkline's line colour in the sparkline's area, low on
   * its left and high on its right */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (graph), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  ui_test_render (GTK_WIDGET (row), row_png, &image);
  g_assert_true (gtk_widget_compute_bounds (graph, GTK_WIDGET (row), &area));
  g_assert_cmpfloat (area.size.width, >=, 32);
  g_assert_cmpfloat (area.size.height, >=, 8);
  for (int x = ceil (area.origin.x); x < floor (area.origin.x + area.size.width); x++)
    {
      int y = line_top (&image, &area, x, &color);

      if (y < 0)
        continue;
      line_columns++;
      if (left_x < 0)
        {
          left_x = x;
          left_y = y;
        }
      right_x = x;
      right_y = y;
    }
  g_test_message ("%s: sparkline at %.0f,%.0f %.0fx%.0f, line colour %.2f,%.2f,%.2f in %u columns; "
                  "left end (%d, %d), right end (%d, %d)", style,
                  area.origin.x, area.origin.y, area.size.width, area.size.height,
                  color.red, color.green, color.blue, line_columns, left_x, left_y, right_x, right_y);
  /* the line crosses the whole graph (the series is full) */
  g_assert_cmpuint (line_columns, >=, (guint) (area.size.width * 0.8));
  g_assert_cmpint (right_x - left_x, >=, (int) (area.size.width * 0.8));
  /* and rises: from 5 % (bottom) to 95 % (top), most of the graph's height */
  g_assert_cmpint (left_y - right_y, >=, (int) (area.size.height * 0.5));
  ui_test_image_clear (&image);
}

static void
test_manager_render (void)
{
  GSettings *settings = vireo_application_get_settings (app);
  VireoStatsSampler *sampler = get_sampler ();
  g_autoptr(VireoDomain) domain = g_list_model_get_item (vireo_connection_get_domains (get_connection ()), 0);
  VireoStatsSeries *cpu = vireo_domain_stats_get_series (vireo_domain_get_stats (domain), VIREO_STAT_CPU);
  RowWait wait = { domain, VIREO_LIST_COLUMN_CPU | VIREO_LIST_COLUMN_HOST_CPU | VIREO_LIST_COLUMN_MEMORY |
                           VIREO_LIST_COLUMN_DISK | VIREO_LIST_COLUMN_NETWORK };
  gulong id;
  guint capacity, ticks;

  g_settings_set_boolean (settings, "list-column-host-cpu", TRUE);
  g_settings_set_boolean (settings, "list-column-memory", TRUE);
  g_settings_set_boolean (settings, "list-column-disk", TRUE);
  g_settings_set_boolean (settings, "list-column-network", TRUE);
  g_settings_set_boolean (settings, "stats-memory", TRUE);
  g_assert_true (ui_test_wait_for (row_shows, &wait, UI_TEST_DEADLINE_MS));

  /* a tick, then none for a minute: the CPU series holds what the test puts
   * in it — a ramp from 5 % (oldest, left) to 95 % (newest, right) */
  id = g_signal_connect (sampler, "tick", G_CALLBACK (count_tick), NULL);
  n_ticks = 0;
  vireo_stats_sampler_poll_now (sampler);
  g_assert_true (ui_test_wait_for (ticks_reached, GUINT_TO_POINTER (1), UI_TEST_DEADLINE_MS));
  g_settings_set_uint (settings, "stats-interval", 60);
  ticks = n_ticks;
  capacity = vireo_stats_series_get_capacity (cpu);
  vireo_stats_series_clear (cpu);
  for (guint i = 0; i < capacity; i++)
    vireo_stats_series_push (cpu, 5.0 + 90.0 * i / (capacity - 1));

  check_manager_rows (domain, ADW_COLOR_SCHEME_FORCE_LIGHT, "light");
  check_manager_rows (domain, ADW_COLOR_SCHEME_FORCE_DARK, "dark");
  set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  /* no tick replaced the ramp meanwhile */
  g_assert_cmpuint (n_ticks, ==, ticks);
  g_signal_handler_disconnect (sampler, id);

  g_settings_reset (settings, "stats-interval");
  g_settings_reset (settings, "list-column-host-cpu");
  g_settings_reset (settings, "list-column-memory");
  g_settings_reset (settings, "list-column-disk");
  g_settings_reset (settings, "list-column-network");
  g_settings_reset (settings, "stats-memory");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ui_test_app_init (&argc, &argv);

  app = ui_test_app_new ();

  manager = vireo_manager_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (manager), (gpointer *) &manager);
  gtk_window_set_default_size (GTK_WINDOW (manager), 1000, 400);
  gtk_window_present (GTK_WINDOW (manager));

  vireo_application_add_connection (app, URI, FALSE, FALSE);
  g_assert_true (ui_test_wait_for (connected, NULL, TIMEOUT_MS));

  g_test_add_func ("/stats-ui/settings-reach-sampler", test_settings_reach_sampler);
  g_test_add_func ("/stats-ui/preferences-window", test_preferences_window);
  g_test_add_func ("/stats-ui/performance-page", test_performance_page);
  g_test_add_func ("/stats-ui/host-window", test_host_window);
  g_test_add_func ("/stats-ui/manager-render", test_manager_render);

  ret = g_test_run ();

  ui_test_app_shutdown (&app, manager);

  return ret;
}
