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
#include <string.h>

#include "vireo-application.h"
#include "vireo-graph.h"
#include "vireo-host-window.h"
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

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *dir = g_getenv ("VIREO_TEST_PNG_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;
  ui_test_spin (200);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

static void
save_png_both_styles (GtkWidget  *widget,
                      const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("%s-light.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-dark.png", name);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  ui_test_spin (300);
  save_png (widget, light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  ui_test_spin (300);
  save_png (widget, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
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
  ui_test_spin (200);

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

  save_png_both_styles (window, "preferences");

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "stats-network");
  g_settings_reset (settings, "stats-interval");
  ui_test_spin (100);
}

static gboolean
page_listening (gpointer data)
{
  VireoStatsSeries *series = data;

  return g_signal_has_handler_pending (series, g_signal_lookup ("changed", VIREO_TYPE_STATS_SERIES),
                                       0, TRUE);
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
  ui_test_spin (100);

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
  g_assert_false (page_listening (rx));

  /* turning it on shows its graph at once */
  g_settings_set_boolean (settings, "stats-network", TRUE);
  ui_test_spin (100);
  g_free (text);
  text = shown_text (page);
  g_assert_null (strstr (text, "Network polling is off"));
  g_assert_true (page_listening (rx));

  /* a tick: the values follow */
  vireo_stats_sampler_poll_now (get_sampler ());
  ui_test_spin (500);
  vireo_stats_sampler_poll_now (get_sampler ());
  ui_test_spin (500);
  g_free (text);
  text = shown_text (page);
  g_test_message ("after two ticks: %s", text);
  g_assert_nonnull (strstr (text, "Guest "));

  gtk_window_set_default_size (GTK_WINDOW (window), 720, 900);
  ui_test_spin (200);
  save_png_both_styles (window, "performance");

  /* hidden again: no more work */
  adw_view_stack_set_visible_child_name (stack, "overview");
  ui_test_spin (100);
  g_assert_false (page_listening (cpu));
  g_assert_false (page_listening (rx));

  g_settings_reset (settings, "stats-network");
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_widget_set_visible (manager, TRUE);
  ui_test_spin (100);
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
  ui_test_spin (100);
  g_assert_true (find_toplevel (VIREO_TYPE_HOST_WINDOW) == window);

  vireo_stats_sampler_poll_now (get_sampler ());
  ui_test_spin (500);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 1000);
  ui_test_spin (200);

  text = shown_text (window);
  g_test_message ("host window: %s", text);
  /* test:///default: the "Test" hypervisor, 16 CPUs on 2 nodes × 2 sockets × 2 cores × 2 threads */
  g_assert_nonnull (strstr (text, "Test"));
  g_assert_nonnull (strstr (text, "|16 at 1400 MHz|"));
  g_assert_nonnull (strstr (text, "CPU Usage"));
  g_assert_nonnull (strstr (text, "last 6 minutes"));

  save_png_both_styles (window, "host-window");
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_spin (100);
}

static void
test_manager_render (void)
{
  GSettings *settings = vireo_application_get_settings (app);

  g_settings_set_boolean (settings, "list-column-host-cpu", TRUE);
  g_settings_set_boolean (settings, "list-column-memory", TRUE);
  g_settings_set_boolean (settings, "list-column-disk", TRUE);
  g_settings_set_boolean (settings, "list-column-network", TRUE);
  g_settings_set_boolean (settings, "stats-memory", TRUE);
  vireo_stats_sampler_poll_now (get_sampler ());
  ui_test_spin (500);
  save_png_both_styles (manager, "manager-columns");
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
