/* test-big-list.c — the manager window with 1,000 VMs opens, sorts and scrolls
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes a libvirt test-driver host with 1,000 VMs (each with a disk and a
 * NIC, every third running, written in shuffled order) into a temporary
 * directory, opens it in the real manager window under Xvfb, and checks
 * what a person sees: every VM is in the list, sorted by name; the window
 * draws; scrolling to the end shows the last VM's row. The list view makes
 * row widgets only for about a screenful, never one per VM. The times to open
 * and to scroll are printed as TAP comments (not asserted: the benchmark in
 * tests/bench measures speed).
 */
#define G_LOG_DOMAIN "test-big-list"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "vireo-application.h"
#include "vireo-list-row.h"
#include "vireo-manager-window.h"

#include "ui-test-util.h"

#define N_VMS      1000
#define TIMEOUT_MS 60000

static VireoApplication   *app;
static VireoManagerWindow *window;
static char               *tmp_dir;
static char               *host_path;
static char               *uri;

static char *
vm_name (guint i)
{
  return g_strdup_printf ("vm-%04u", i);
}

static void
write_host (const char *path)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version='1.0' encoding='UTF-8'?>\n"
                                         "<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
                                         "  <cpu><mhz>2400</mhz><model>x86_64</model><nodes>1</nodes>"
                                         "<sockets>1</sockets><cores>4</cores><threads>2</threads></cpu>\n"
                                         "  <memory>16777216</memory>\n");
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < N_VMS; k++)
    {
      guint i = (k * 7919) % N_VMS; /* shuffled: the list must sort them */
      g_autofree char *name = vm_name (i);

      g_string_append_printf (xml,
                              "  <domain type='test'>\n"
                              "    <name>%s</name>\n"
                              "    <test:runstate>%d</test:runstate>\n"
                              "    <memory unit='MiB'>512</memory><vcpu>1</vcpu>\n"
                              "    <os><type arch='x86_64'>hvm</type></os>\n"
                              "    <devices>\n"
                              "      <disk type='file' device='disk'><source file='/var/lib/libvirt/images/%s.qcow2'/>"
                              "<target dev='vda' bus='virtio'/></disk>\n"
                              "      <interface type='network'><mac address='52:54:00:00:%02x:%02x'/>"
                              "<source network='default'/></interface>\n"
                              "    </devices>\n"
                              "  </domain>\n",
                              name, i % 3 == 0 ? 1 : 5, name, (i >> 8) & 0xff, i & 0xff);
    }
  g_string_append (xml, "</node>\n");

  g_file_set_contents (path, xml->str, xml->len, &error);
  g_assert_no_error (error);
}

static VireoConnection *
the_connection (void)
{
  GListModel *connections = vireo_application_get_connections (app);
  g_autoptr(VireoConnection) connection = NULL;

  if (g_list_model_get_n_items (connections) == 0)
    return NULL;
  connection = g_list_model_get_item (connections, 0);
  return connection; /* the application's list keeps it alive */
}

static void
collect_rows (GtkWidget  *widget,
              GPtrArray  *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (VIREO_IS_LIST_ROW (child))
        g_ptr_array_add (rows, child);
      else
        collect_rows (child, rows);
    }
}

/* the mapped row showing the VM named @name, or NULL */
static VireoListRow *
row_named (const char *name)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (vireo_manager_window_get_list_view (window)), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      VireoListRow *row = g_ptr_array_index (rows, i);
      GObject *item = vireo_list_row_get_item (row);

      if (VIREO_IS_DOMAIN (item) && gtk_widget_get_mapped (GTK_WIDGET (row)) &&
          g_strcmp0 (vireo_domain_get_name (VIREO_DOMAIN (item)), name) == 0)
        return row;
    }
  return NULL;
}

static gboolean
list_complete (gpointer data)
{
  VireoConnection *connection = the_connection ();

  return connection != NULL &&
         vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED &&
         g_list_model_get_n_items (vireo_manager_window_get_rows (window)) == N_VMS + 1 &&
         row_named ("vm-0000") != NULL;
}

static gboolean
row_shown (gpointer name)
{
  return row_named (name) != NULL;
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

  ui_test_spin (300); /* let the window draw its latest frame */
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node); /* the window draws something */
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

static void
test_open_and_scroll (void)
{
  GListModel *rows = vireo_manager_window_get_rows (window);
  GtkWidget *scrolled;
  GtkAdjustment *vadjustment;
  g_autoptr(GPtrArray) row_widgets = g_ptr_array_new ();
  g_autofree char *last = vm_name (N_VMS - 1);
  gint64 start;
  double open_seconds, scroll_seconds;
  guint running = 0;

  start = g_get_monotonic_time ();
  vireo_application_add_connection (app, uri, FALSE, FALSE);
  g_assert_true (ui_test_wait_for (list_complete, NULL, TIMEOUT_MS));
  open_seconds = (g_get_monotonic_time () - start) / 1e6;

  /* every VM, sorted by name (the host file lists them shuffled) */
  for (guint i = 1; i <= N_VMS; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (rows, i);
      g_autofree char *expected = vm_name (i - 1);

      g_assert_true (VIREO_IS_DOMAIN (item));
      g_assert_cmpstr (vireo_domain_get_name (VIREO_DOMAIN (item)), ==, expected);
      if (vireo_domain_get_state (VIREO_DOMAIN (item)) == VIREO_DOMAIN_STATE_RUNNING)
        running++;
    }
  g_assert_cmpuint (running, ==, (N_VMS + 2) / 3);

  save_png (GTK_WIDGET (window), "big-list-top.png");

  /* only about a screenful of row widgets exists */
  collect_rows (GTK_WIDGET (vireo_manager_window_get_list_view (window)), row_widgets);
  g_test_message ("%u row widgets for %u VMs", row_widgets->len, N_VMS);
  g_assert_cmpuint (row_widgets->len, <, 300);

  /* scroll to the end: the last VM's row is bound and shown */
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (vireo_manager_window_get_list_view (window)),
                                      GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_null (row_named (last));
  start = g_get_monotonic_time ();
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
  g_assert_true (ui_test_wait_for (row_shown, last, TIMEOUT_MS));
  scroll_seconds = (g_get_monotonic_time () - start) / 1e6;
  g_assert_null (row_named ("vm-0000"));

  save_png (GTK_WIDGET (window), "big-list-bottom.png");

  g_test_message ("open with %u VMs: %.3f s; scroll to the end: %.3f s",
                  N_VMS, open_seconds, scroll_seconds);
}

static void
test_columns (void)
{
  GSettings *settings = vireo_application_get_settings (app);
  g_autofree char *last = vm_name (N_VMS - 1);
  VireoListRow *row = row_named (last);
  GtkWidget *cell;

  g_assert_nonnull (settings);
  g_assert_nonnull (row);

  /* defaults: the CPU sparkline only */
  g_assert_true (gtk_widget_get_visible (vireo_list_row_get_column_widget (row, VIREO_LIST_COLUMN_CPU)));
  g_assert_false (gtk_widget_get_visible (vireo_list_row_get_column_widget (row, VIREO_LIST_COLUMN_MEMORY)));

  /* the View menu's check item: remembered in GSettings, shown on the rows */
  g_action_group_activate_action (G_ACTION_GROUP (window), "list-column-memory", NULL);
  g_assert_true (g_settings_get_boolean (settings, "list-column-memory"));
  cell = vireo_list_row_get_column_widget (row, VIREO_LIST_COLUMN_MEMORY);
  g_assert_true (gtk_widget_get_visible (cell));
  /* memory polling is off by default: the column says so with a dash */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, "—");

  g_action_group_activate_action (G_ACTION_GROUP (window), "list-column-cpu", NULL);
  g_assert_false (g_settings_get_boolean (settings, "list-column-cpu"));
  g_assert_false (gtk_widget_get_visible (vireo_list_row_get_column_widget (row, VIREO_LIST_COLUMN_CPU)));

  ui_test_spin (100);
  save_png (GTK_WIDGET (window), "big-list-columns.png");

  g_settings_reset (settings, "list-column-memory");
  g_settings_reset (settings, "list-column-cpu");
  g_assert_true (gtk_widget_get_visible (vireo_list_row_get_column_widget (row, VIREO_LIST_COLUMN_CPU)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  ui_test_app_init (&argc, &argv);

  tmp_dir = g_dir_make_tmp ("vireo-big-list-XXXXXX", &error);
  g_assert_no_error (error);
  host_path = g_build_filename (tmp_dir, "host.xml", NULL);
  write_host (host_path);
  uri = g_strconcat ("test://", host_path, NULL);

  app = ui_test_app_new ();

  window = VIREO_MANAGER_WINDOW (vireo_manager_window_new (app));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_spin (200);

  g_test_add_func ("/big-list/open-and-scroll", test_open_and_scroll);
  g_test_add_func ("/big-list/columns", test_columns);

  ret = g_test_run ();

  ui_test_app_shutdown (&app, GTK_WIDGET (window));

  g_unlink (host_path);
  g_rmdir (tmp_dir);
  g_free (host_path);
  g_free (tmp_dir);
  g_free (uri);

  return ret;
}
