/* test-polish.c — small things a person notices (issue 10, #19)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A registered VireoApplication under Xvfb and the libvirt test driver
 * (tests/ui/host-polish.xml: a running VM with four displays and two text
 * consoles, a pool of twenty volumes):
 *  - the console switcher names each console on its own ("VNC display 2
 *    (port 5902)"), no two alike;
 *  - the About window's icon is found without installing Vireo;
 *  - the host window says why a figure is missing instead of "—";
 *  - the pool browser's volume list shows at least eight rows at its
 *    default size;
 *  - a failed connection's title is whole at the manager's default size;
 *  - Preferences say so when a typed value is out of range or no number.
 */
#define G_LOG_DOMAIN "test-polish"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vireo-application.h"
#include "vireo-console-page.h"
#include "vireo-host-window.h"
#include "vireo-list-row.h"
#include "vireo-manager-window.h"
#include "vireo-pool-browser.h"
#include "vireo-preferences-window.h"
#include "vireo-stats-sampler.h"
#include "vireo-vm-window.h"

#include "ui-test-util.h"

#define APP_ID "org.vireo.Vireo"

static VireoApplication *app;
static VireoConnection  *connection;   /* host-polish.xml */

/* -- console switcher --------------------------------------------------- */

static gboolean
switcher_filled (gpointer data)
{
  GtkWidget *dropdown = ui_test_find_widget (data, GTK_TYPE_DROP_DOWN, NULL);
  GListModel *model = dropdown ? gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown)) : NULL;

  return dropdown != NULL && gtk_widget_get_visible (dropdown) && model != NULL &&
         g_list_model_get_n_items (model) > 1;
}

static void
test_console_switcher (void)
{
  static const char *expected[] = {
    "VNC display 1 (port 5901)", "VNC display 2 (port 5902)", "SPICE display 1 (port 5903)",
    "VNC display 3", "Serial port 0", "Text console 1",
  };
  VireoDomain *domain = ui_test_find_domain (connection, "screens");
  GtkWidget *window, *page, *dropdown;
  GListModel *model;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_nonnull (domain);
  window = vireo_vm_window_new (NULL, domain);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (window, "vm.show-page", "s", "console");
  page = ui_test_find_widget (window, VIREO_TYPE_CONSOLE_PAGE, NULL);
  g_assert_nonnull (page);
  g_assert_true (ui_test_wait_for (switcher_filled, page, UI_TEST_DEADLINE_MS));

  /* the entries a person reads, in the switcher's order: each its own */
  dropdown = ui_test_find_widget (page, GTK_TYPE_DROP_DOWN, NULL);
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (model, i);
      const char *text = gtk_string_object_get_string (item);

      g_test_message ("console %u: %s", i, text);
      g_assert_cmpstr (text, ==, expected[i]);
      g_assert_true (g_hash_table_add (seen, (gpointer) text));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* -- About icon --------------------------------------------------------- */

static AdwAboutWindow *
find_about (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        return ADW_ABOUT_WINDOW (toplevel);
    }
  return NULL;
}

static gboolean
about_shown (gpointer data)
{
  return find_about () != NULL;
}

static void
test_about_icon (void)
{
  AdwAboutWindow *about;
  const char *icon;
  GtkIconTheme *theme;
  g_autoptr (GtkIconPaintable) paintable = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *uri = NULL;

  /* nothing installed: the icon must come from the program itself */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (ui_test_wait_for (about_shown, NULL, UI_TEST_DEADLINE_MS));
  about = find_about ();
  icon = adw_about_window_get_application_icon (about);
  g_assert_cmpstr (icon, ==, APP_ID);

  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (about)));
  g_assert_true (gtk_icon_theme_has_icon (theme, icon));
  paintable = gtk_icon_theme_lookup_icon (theme, icon, NULL, 128, 1, GTK_TEXT_DIR_NONE, 0);
  file = gtk_icon_paintable_get_file (paintable);
  uri = file ? g_file_get_uri (file) : NULL;
  g_test_message ("%s: %s", icon, uri);
  g_assert_nonnull (uri);
  g_assert_true (g_str_has_suffix (uri, "/" APP_ID ".svg"));

  gtk_window_destroy (GTK_WINDOW (about));
}

/* -- host figures ------------------------------------------------------- */

typedef struct
{
  GtkWidget  *root;
  const char *text;
  guint       index;   /* 0: CPU, 1: memory */
} FigureWait;

/* the value labels of the host's graphs: CPU, then memory */
static GPtrArray *
figure_labels (GtkWidget *root, GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "vireo-stat-cell"))
        g_ptr_array_add (found, child);
      figure_labels (child, found);
    }
  return found;
}

static gboolean
figure_reads (gpointer data)
{
  FigureWait *wait = data;
  g_autoptr (GPtrArray) labels = figure_labels (wait->root, g_ptr_array_new ());

  return labels->len > wait->index &&
         g_strcmp0 (gtk_label_get_text (labels->pdata[wait->index]), wait->text) == 0;
}

static void
count_tick (guint *ticks)
{
  (*ticks)++;
}

static gboolean
ticked (gpointer data)
{
  return *(guint *) data > 0;
}

static gboolean
connection_is (gpointer data)
{
  VireoConnection *c = ((gpointer *) data)[0];

  return (int) vireo_connection_get_state (c) == GPOINTER_TO_INT (((gpointer *) data)[1]);
}

static void
test_host_figures (void)
{
  g_autofree char *uri = g_strdup ("test://" UI_TESTS_DIR "/host-b.xml");
  g_autoptr (VireoConnection) idle_host = vireo_connection_new (uri);
  VireoStatsSampler *sampler;
  GtkWidget *window;
  FigureWait wait;
  gpointer state[2];

  /* a host with no running VM */
  ui_test_connection_open (idle_host, UI_TEST_DEADLINE_MS);
  sampler = vireo_connection_get_sampler (idle_host);
  vireo_stats_sampler_set_interval (sampler, 60);  /* the test ticks it */
  window = vireo_host_window_new (NULL, idle_host);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_drawn (window);

  /* before the first readings: being collected */
  wait = (FigureWait) { window, "Collecting…", 0 };
  g_assert_true (figure_reads (&wait));
  wait.index = 1;
  g_assert_true (figure_reads (&wait));
  ui_test_render_check (window, "host-figures-collecting.png");

  /* two readings later: this host gives neither figure (the test driver
   * has no memory figures and its CPU counters do not move) */
  for (guint i = 0; i < 2; i++)
    {
      guint ticks = 0;
      gulong id = g_signal_connect_swapped (sampler, "tick", G_CALLBACK (count_tick), &ticks);

      vireo_stats_sampler_poll_now (sampler);
      g_assert_true (ui_test_wait_for (ticked, &ticks, UI_TEST_DEADLINE_MS));
      g_signal_handler_disconnect (sampler, id);
    }
  wait = (FigureWait) { window, "Not reported by this host", 0 };
  g_assert_true (figure_reads (&wait));
  wait.index = 1;
  g_assert_true (figure_reads (&wait));
  g_assert_nonnull (ui_test_shown_label (window, "Not reported by this host"));

  /* disconnected: says so where the CPU figure would be */
  vireo_connection_close (idle_host);
  state[0] = idle_host;
  state[1] = GINT_TO_POINTER (VIREO_CONNECTION_STATE_DISCONNECTED);
  g_assert_true (ui_test_wait_for (connection_is, state, UI_TEST_DEADLINE_MS));
  wait = (FigureWait) { window, "Not connected", 0 };
  g_assert_true (ui_test_wait_for (figure_reads, &wait, UI_TEST_DEADLINE_MS));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* -- pool browser ------------------------------------------------------- */

static GtkWidget *
find_list_view (GtkWidget *root, guint n_items)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_VIEW (child))
        {
          GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (child)));

          if (model != NULL && g_list_model_get_n_items (model) == n_items)
            return child;
        }
      found = find_list_view (child, n_items);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
volumes_listed (gpointer data)
{
  GtkWidget *list = find_list_view (data, 20);

  return list != NULL && gtk_widget_get_first_child (list) != NULL &&
         gtk_widget_get_height (gtk_widget_get_first_child (list)) > 0;
}

static void
test_pool_browser_rows (void)
{
  GtkWidget *browser, *list, *scrolled, *row;
  int row_height, shown;

  browser = vireo_pool_browser_new (NULL, connection, NULL);
  g_object_ref (browser);
  gtk_window_present (GTK_WINDOW (browser));
  g_assert_true (ui_test_wait_for (volumes_listed, browser, UI_TEST_DEADLINE_MS));
  ui_test_wait_drawn (browser);

  /* at its default size, the list of the pool's twenty volumes shows at
   * least eight whole rows */
  list = find_list_view (browser, 20);
  scrolled = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  row = gtk_widget_get_first_child (list);
  row_height = gtk_widget_get_height (row);
  shown = gtk_widget_get_height (scrolled);
  g_test_message ("window %dx%d, volume list %d px high, rows %d px: %.1f rows",
                  gtk_widget_get_width (browser), gtk_widget_get_height (browser), shown,
                  row_height, (double) shown / row_height);
  g_assert_cmpint (row_height, >, 20);
  g_assert_cmpint (shown, >=, 8 * row_height);
  ui_test_render_check (browser, "pool-browser-rows.png");

  gtk_window_destroy (GTK_WINDOW (browser));
  g_object_unref (browser);
}

/* -- failed connection -------------------------------------------------- */

#define FAILED_URI "test:///nonexistent/virtualisation-lab/rack-07/hypervisor-host-description.xml"
#define FAILED_TITLE "Test driver: hypervisor-host-description.xml"

static gboolean
failed_shown (gpointer data)
{
  GtkWidget *label = ui_test_shown_label (data, FAILED_TITLE);
  VireoConnection *failed = NULL;
  GListModel *connections = vireo_application_get_connections (app);

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr (VireoConnection) c = g_list_model_get_item (connections, i);

      if (g_str_equal (vireo_connection_get_uri (c), FAILED_URI))
        failed = c;
    }
  return label != NULL && failed != NULL && vireo_connection_get_error (failed) != NULL &&
         gtk_widget_get_width (label) > 0;
}

static gboolean
label_is_whole (GtkLabel *label)
{
  PangoLayout *layout = gtk_label_get_layout (label);

  return !pango_layout_is_ellipsized (layout);
}

static void
test_failed_connection_title (void)
{
  GtkWidget *window = vireo_manager_window_new (app);
  GtkWidget *title, *row;
  const char *state_text;
  int natural;

  gtk_window_present (GTK_WINDOW (window));
  vireo_application_add_connection (app, FAILED_URI, FALSE, FALSE);
  g_assert_true (ui_test_wait_for (failed_shown, window, UI_TEST_DEADLINE_MS));
  title = ui_test_shown_label (window, FAILED_TITLE);
  ui_test_wait_drawn (title);

  /* the window at its default size; the title all there, not cut */
  g_test_message ("window %dx%d", gtk_widget_get_width (window), gtk_widget_get_height (window));
  gtk_widget_measure (title, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_test_message ("title %d px wide, needs %d", gtk_widget_get_width (title), natural);
  g_assert_true (label_is_whole (GTK_LABEL (title)));
  g_assert_cmpint (gtk_widget_get_width (title), >=, natural);

  /* and the reason under it, all of it */
  row = gtk_widget_get_ancestor (title, VIREO_TYPE_LIST_ROW);
  g_assert_nonnull (row);
  {
    GtkWidget *state = NULL;

    /* the state label: the shown label that starts with "Disconnected" */
    for (GtkWidget *w = gtk_widget_get_first_child (row); w != NULL;)
      {
        if (GTK_IS_LABEL (w) && gtk_widget_is_drawable (w) &&
            g_str_has_prefix (gtk_label_get_text (GTK_LABEL (w)), "Disconnected"))
          {
            state = w;
            break;
          }
        if (gtk_widget_get_first_child (w) != NULL)
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != row && gtk_widget_get_next_sibling (w) == NULL)
              w = gtk_widget_get_parent (w);
            w = w == row ? NULL : gtk_widget_get_next_sibling (w);
          }
      }
    g_assert_nonnull (state);
    state_text = gtk_label_get_text (GTK_LABEL (state));
    g_test_message ("state: %s", state_text);
    g_assert_true (strstr (state_text, "hypervisor-host-description.xml") != NULL);
    g_assert_true (label_is_whole (GTK_LABEL (state)));
  }
  ui_test_render_check (window, "failed-connection.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* -- preferences -------------------------------------------------------- */

static void
type_into (GtkWidget *spin, const char *text)
{
  /* select all, type over it, press Enter: what a person does */
  gtk_widget_grab_focus (spin);
  gtk_editable_select_region (GTK_EDITABLE (spin), 0, -1);
  gtk_editable_delete_selection (GTK_EDITABLE (spin));
  {
    int position = 0;

    gtk_editable_insert_text (GTK_EDITABLE (spin), text, -1, &position);
  }
  g_test_message ("typed “%s”: the field reads “%s”", text, gtk_editable_get_text (GTK_EDITABLE (spin)));
  /* Enter, in the spin button's text */
  g_signal_emit_by_name (ui_test_find_widget (spin, GTK_TYPE_TEXT, NULL), "activate");
}

/* a window and a sentence, for the condition waited for */
typedef struct
{
  GtkWidget  *window;
  const char *text;
} ToastWait;

static gboolean
toast_shown (gpointer data)
{
  const ToastWait *args = data;

  return ui_test_shown_label (args->window, args->text) != NULL;
}

static void
test_preferences_clamp (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *window, *interval, *history = NULL;
  ToastWait args = { NULL, NULL };

  g_settings_set_uint (settings, "stats-interval", 3);
  g_settings_set_uint (settings, "stats-history", 120);
  window = vireo_preferences_window_new (NULL, settings);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_drawn (window);
  interval = ui_test_find_widget (window, GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_nonnull (interval);
  /* the second spin button: the history length */
  {
    GtkWidget *row = gtk_widget_get_ancestor (interval, ADW_TYPE_ACTION_ROW);

    for (GtkWidget *r = gtk_widget_get_next_sibling (row); r != NULL; r = gtk_widget_get_next_sibling (r))
      if ((history = ui_test_find_widget (r, GTK_TYPE_SPIN_BUTTON, NULL)) != NULL)
        break;
  }
  g_assert_nonnull (history);
  g_assert_true (history != interval);

  /* 999 seconds: 60, and a sentence that says so */
  type_into (interval, "999");
  g_assert_cmpuint (g_settings_get_uint (settings, "stats-interval"), ==, 60);
  args.window = window;
  args.text = "Set to 60 seconds, the longest interval allowed";
  g_assert_true (ui_test_wait_for (toast_shown, &args, UI_TEST_DEADLINE_MS));

  /* 0 seconds: 1 */
  type_into (interval, "0");
  g_assert_cmpuint (g_settings_get_uint (settings, "stats-interval"), ==, 1);
  args.text = "Set to 1 second, the shortest interval allowed";
  g_assert_true (ui_test_wait_for (toast_shown, &args, UI_TEST_DEADLINE_MS));

  /* letters: nothing typed is a number; the value stays and it says so */
  type_into (interval, "7");
  g_assert_cmpuint (g_settings_get_uint (settings, "stats-interval"), ==, 7);
  type_into (history, "abc");
  g_assert_cmpuint (g_settings_get_uint (settings, "stats-history"), ==, 120);
  args.text = "Not a whole number: the value stays 120";
  g_assert_true (ui_test_wait_for (toast_shown, &args, UI_TEST_DEADLINE_MS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (history)), ==, "120");

  /* too many readings: 600 */
  type_into (history, "5000");
  g_assert_cmpuint (g_settings_get_uint (settings, "stats-history"), ==, 600);
  args.text = "Set to 600 readings, the most allowed";
  g_assert_true (ui_test_wait_for (toast_shown, &args, UI_TEST_DEADLINE_MS));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *uri = NULL;
  int ret;

  ui_test_app_init (&argc, &argv);
  vireo_core_init ();
  app = ui_test_app_new ();

  uri = g_strdup ("test://" UI_TESTS_DIR "/host-polish.xml");
  connection = vireo_connection_new (uri);
  ui_test_connection_open (connection, UI_TEST_DEADLINE_MS);

  g_test_add_func ("/polish/console-switcher", test_console_switcher);
  g_test_add_func ("/polish/about-icon", test_about_icon);
  g_test_add_func ("/polish/host-figures", test_host_figures);
  g_test_add_func ("/polish/pool-browser-rows", test_pool_browser_rows);
  g_test_add_func ("/polish/failed-connection-title", test_failed_connection_title);
  g_test_add_func ("/polish/preferences-clamp", test_preferences_clamp);

  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  ui_test_app_shutdown (&app, NULL);
  return ret;
}
