/* test-vm-window.c — the VM window shows and edits what libvirt holds
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test:///default through Vireo's core; a second libvirt connection made by
 * the test (as virsh would; the default test driver is shared in-process)
 * checks the XML and undefines a VM while its window is open.
 */
#define G_LOG_DOMAIN "test-vm-window"

#include "config.h"

#include <adwaita.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vireo-vm-window.h"

#define TIMEOUT_MS 20000
#define DOOMED_NAME "<b>&amp;\"'doomed ünïcødé"

static VireoConnection *connection;
static virConnectPtr virsh;

/* -- helpers ----------------------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition, gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

static void
spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

static VireoDomain *
find_domain (const char *name)
{
  GListModel *domains = vireo_connection_get_domains (connection);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr (VireoDomain) domain = g_list_model_get_item (domains, i);

      if (g_strcmp0 (vireo_domain_get_name (domain), name) == 0)
        return domain; /* the model keeps it alive */
    }
  return NULL;
}

static gboolean
domain_listed (gpointer name)
{
  return find_domain (name) != NULL;
}

static GtkWidget *
find_widget (GtkWidget *root, GType type, const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        {
          if (title == NULL)
            return child;
          if (ADW_IS_PREFERENCES_ROW (child) &&
              g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
            return child;
        }
      found = find_widget (child, type, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* the mapped widget of @type (pages of a stack that are not shown do not count) */
static GtkWidget *
find_mapped_widget (GtkWidget *root, GType type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_get_mapped (child))
        return child;
      found = find_mapped_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
last_label (GtkWidget *root, GtkWidget **out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        *out = child;
      last_label (child, out);
    }
}

/* the value a person reads beside the row titled @title */
static const char *
row_value (GtkWidget *window, const char *title)
{
  GtkWidget *row = find_widget (window, ADW_TYPE_ACTION_ROW, title);
  GtkWidget *label = NULL;

  g_assert_nonnull (row);
  last_label (row, &label); /* suffixes come after the title box */
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
render_check (GtkWidget *widget, const char *name)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr (GHashTable) colours = g_hash_table_new (NULL, NULL);
  const char *dir = g_getenv ("VIREO_TEST_PNG_DIR");

  g_assert_cmpint (width, >, 100);
  g_assert_cmpint (height, >, 100);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  pixels = g_malloc (width * height * 4);
  gdk_texture_download (texture, pixels, width * 4);
  for (int i = 0; i < width * height; i += 7)
    g_hash_table_add (colours, GUINT_TO_POINTER (((guint32 *) pixels)[i]));
  /* text, rows, header bar: far more than a blank or single-colour window */
  g_assert_cmpuint (g_hash_table_size (colours), >, 20);

  if (dir != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      gdk_texture_save_to_png (texture, path);
    }
}

/* -- tests ------------------------------------------------------------- */

static gboolean
title_is (gpointer data)
{
  VireoDomain *domain = VIREO_DOMAIN (((gpointer *) data)[0]);

  return g_strcmp0 (vireo_domain_get_title (domain), ((gpointer *) data)[1]) == 0;
}

static void
xml_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  char **xml = user_data;
  g_autoptr (GError) error = NULL;

  *xml = vireo_domain_get_xml_finish (VIREO_DOMAIN (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
is_paused (gpointer data)
{
  return vireo_domain_get_state (VIREO_DOMAIN (data)) == VIREO_DOMAIN_STATE_PAUSED;
}

static gboolean
is_running (gpointer data)
{
  return vireo_domain_get_state (VIREO_DOMAIN (data)) == VIREO_DOMAIN_STATE_RUNNING;
}

static gboolean
autostart_on (gpointer data)
{
  return vireo_domain_get_autostart (VIREO_DOMAIN (data));
}

static gboolean
autostart_off (gpointer data)
{
  return !vireo_domain_get_autostart (VIREO_DOMAIN (data));
}

static void
test_overview (void)
{
  VireoDomain *domain = find_domain ("test");
  GtkWidget *window;
  GtkWidget *title_row;
  virDomainPtr handle;
  char uuid[VIR_UUID_STRING_BUFLEN];
  g_autofree char *xml = NULL;
  g_autofree char *libvirt_title = NULL;
  gpointer wait_data[2];

  g_assert_nonnull (domain);
  handle = virDomainLookupByName (virsh, "test");
  g_assert_nonnull (handle);
  g_assert_cmpint (virDomainGetUUIDString (handle, uuid), ==, 0);

  window = vireo_vm_window_new (NULL, domain);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  spin (300);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "test");
  g_assert_cmpstr (row_value (window, "Name"), ==, "test");
  g_assert_cmpstr (row_value (window, "UUID"), ==, uuid);
  g_assert_cmpstr (row_value (window, "State"), ==, "Running");
  g_assert_cmpstr (row_value (window, "Hypervisor"), ==, "Test driver");
  g_assert_cmpstr (row_value (window, "Virtual CPUs"), ==, "2");
  g_assert_cmpstr (row_value (window, "Operating system"), ==, "Unknown");
  render_check (window, "vm-window.png");

  /* the person types a title and presses the row's apply button */
  title_row = find_widget (window, ADW_TYPE_ENTRY_ROW, "_Title");
  g_assert_nonnull (title_row);
  g_assert_true (gtk_widget_is_sensitive (title_row));
  gtk_editable_set_text (GTK_EDITABLE (title_row), "NEW title ünï");
  g_signal_emit_by_name (title_row, "apply");

  wait_data[0] = domain;
  wait_data[1] = "NEW title ünï";
  g_assert_true (wait_for (title_is, wait_data));

  /* what libvirt now holds */
  vireo_domain_get_xml_async (domain, NULL, xml_cb, &xml);
  g_assert_true (wait_for (is_set, &xml));
  g_assert_nonnull (strstr (xml, "<title>NEW title ünï</title>"));
  libvirt_title =
      virDomainGetMetadata (handle, VIR_DOMAIN_METADATA_TITLE, NULL, VIR_DOMAIN_AFFECT_LIVE);
  g_assert_cmpstr (libvirt_title, ==, "NEW title ünï");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title_row)), ==, "NEW title ünï");

  /* a change made outside Vireo shows up in the field */
  g_assert_cmpint (virDomainSuspend (handle), ==, 0);
  g_assert_true (wait_for (is_paused, domain));
  g_assert_cmpstr (row_value (window, "State"), ==, "Paused");
  g_assert_cmpint (virDomainResume (handle), ==, 0);
  g_assert_true (wait_for (is_running, domain));
  g_assert_cmpstr (row_value (window, "State"), ==, "Running");

  /* the autostart switch reaches libvirt, both ways */
  {
    GtkWidget *autostart = find_widget (window, GTK_TYPE_SWITCH, NULL);
    int value = -1;

    g_assert_nonnull (autostart);
    g_assert_false (gtk_switch_get_active (GTK_SWITCH (autostart)));
    g_assert_true (gtk_widget_is_sensitive (autostart));
    gtk_switch_set_active (GTK_SWITCH (autostart), TRUE);
    g_assert_true (wait_for (autostart_on, domain));
    g_assert_cmpint (virDomainGetAutostart (handle, &value), ==, 0);
    g_assert_cmpint (value, ==, 1);
    gtk_switch_set_active (GTK_SWITCH (autostart), FALSE);
    g_assert_true (wait_for (autostart_off, domain));
    g_assert_cmpint (virDomainGetAutostart (handle, &value), ==, 0);
    g_assert_cmpint (value, ==, 0);
  }
  virDomainFree (handle);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_removed (void)
{
  g_autofree char *xml = NULL;
  virDomainPtr handle;
  VireoDomain *domain;
  GtkWidget *window;
  GtkWidget *status;
  g_autofree char *expected = NULL;

  xml = g_markup_printf_escaped ("<domain type='test'><name>%s</name><memory>65536</memory>"
                                 "<os><type>hvm</type></os></domain>",
                                 DOOMED_NAME);
  handle = virDomainDefineXML (virsh, xml);
  g_assert_nonnull (handle);
  g_assert_true (wait_for (domain_listed, (gpointer) DOOMED_NAME));
  domain = find_domain (DOOMED_NAME);

  window = vireo_vm_window_new (NULL, domain);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  spin (300);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, DOOMED_NAME);
  g_assert_cmpstr (row_value (window, "Name"), ==, DOOMED_NAME);

  /* virsh undefine while the window is open */
  g_assert_cmpint (virDomainUndefine (handle), ==, 0);
  virDomainFree (handle);
  g_assert_true (wait_for ((Condition) vireo_domain_get_removed, domain));
  spin (300);

  g_assert_nonnull (window);
  status = find_mapped_widget (window, ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  expected = g_strdup_printf ("“%s” no longer exists", DOOMED_NAME);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, expected);
  render_check (window, "vm-window-removed.png");

  /* it closes by itself, with no critical on the way (fatal here) */
  g_assert_true (wait_for (window_gone, &window));
}

static gboolean
domain_unavailable (gpointer data)
{
  return !vireo_domain_get_available (VIREO_DOMAIN (data));
}

static void
test_connection_lost (void)
{
  VireoDomain *domain = find_domain ("test");
  GtkWidget *window;
  GtkWidget *revealer;
  GtkWidget *label = NULL;
  GtkWidget *title_row;

  g_assert_nonnull (domain);
  window = vireo_vm_window_new (NULL, domain);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  spin (300);

  revealer = find_widget (window, GTK_TYPE_REVEALER, NULL);
  g_assert_nonnull (revealer);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  title_row = find_widget (window, ADW_TYPE_ENTRY_ROW, "_Title");
  g_assert_true (gtk_widget_is_sensitive (title_row));

  vireo_connection_close (connection);
  g_assert_true (wait_for (domain_unavailable, domain));
  spin (500);

  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  last_label (revealer, &label);
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "is lost"));
  g_assert_false (gtk_widget_is_sensitive (title_row));
  /* the window stays */
  g_assert_true (gtk_widget_get_visible (window));
  render_check (window, "vm-window-lost.png");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
open_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (vireo_connection_open_finish (VIREO_CONNECTION (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

int
main (int argc, char *argv[])
{
  gboolean opened = FALSE;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vireo_core_init ();

  virsh = virConnectOpen ("test:///default");
  g_assert_nonnull (virsh);

  connection = vireo_connection_new ("test:///default");
  vireo_connection_open_async (connection, FALSE, NULL, open_cb, &opened);
  g_assert_true (wait_for (is_true, &opened));

  g_test_add_func ("/vm-window/overview", test_overview);
  g_test_add_func ("/vm-window/removed", test_removed);
  g_test_add_func ("/vm-window/connection-lost", test_connection_lost);

  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  virConnectClose (virsh);

  return ret;
}
