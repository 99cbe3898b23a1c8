/* ui-test-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers shared by the UI tests: spinning the main context for a
 * while or until a condition holds (with a timeout), finding widgets by type
 * and shown title, rendering a widget to check it is not blank (saved as PNG
 * when VIREO_TEST_PNG_DIR is set), opening a connection through the core and
 * waiting, and shutting a test application down.
 */
#pragma once

#include <adwaita.h>

#include "vireo-application.h"
#include "vireo-core.h"

G_BEGIN_DECLS

typedef gboolean (*UiTestCondition) (gpointer data);

/* One non-blocking main-context iteration; sleeps a little when idle so a
 * condition changed by another thread without a wakeup is still seen. */
static inline void
ui_test_iterate (void)
{
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (2000);
}

/* Spins the default main context until @condition (@data) holds (TRUE) or
 * @timeout_ms pass (FALSE). */
static inline gboolean
ui_test_wait_for (UiTestCondition condition, gpointer data, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      ui_test_iterate ();
    }
  return TRUE;
}

/* Lets pending events reach their handlers for @ms, whatever happens. */
static inline void
ui_test_spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < deadline)
    ui_test_iterate ();
}

/* The first widget of @type under @root (depth first) whose shown title is
 * @title (any one when @title is NULL): an AdwPreferencesRow's title, a
 * GtkButton's label or a GtkLabel's text. The tests' windows have private
 * template children: this finds the widgets a person looks at. */
static inline GtkWidget *
ui_test_find_widget (GtkWidget *root, GType type, const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        {
          const char *text = NULL;

          if (title == NULL)
            return child;
          if (ADW_IS_PREFERENCES_ROW (child))
            text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child));
          else if (GTK_IS_BUTTON (child))
            text = gtk_button_get_label (GTK_BUTTON (child));
          else if (GTK_IS_LABEL (child))
            text = gtk_label_get_text (GTK_LABEL (child));
          if (g_strcmp0 (text, title) == 0)
            return child;
        }
      found = ui_test_find_widget (child, type, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Renders @widget as a person would see it and asserts it is bigger than
 * 100x100 and shows more than 20 colours (text, rows, header bar: far more
 * than a blank or single-colour window). Saved as @name in
 * VIREO_TEST_PNG_DIR when that is set. */
static inline void
ui_test_render_check (GtkWidget *widget, const char *name)
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
  g_assert_cmpuint (g_hash_table_size (colours), >, 20);

  if (dir != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      gdk_texture_save_to_png (texture, path);
    }
}

static inline gboolean
ui_test_is_true (gpointer data)
{
  return *(gboolean *) data;
}

static inline void
ui_test_open_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (vireo_connection_open_finish (VIREO_CONNECTION (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* Opens @connection through the core's _async API and spins until it has
 * opened, asserting that it did so without an error within @timeout_ms. */
static inline void
ui_test_connection_open (VireoConnection *connection, guint timeout_ms)
{
  gboolean opened = FALSE;

  vireo_connection_open_async (connection, FALSE, NULL, ui_test_open_cb, &opened);
  g_assert_true (ui_test_wait_for (ui_test_is_true, &opened, timeout_ms));
}

/* The start of a test with a whole application: X11 under Xvfb, settings in
 * memory, then GTK and libadwaita. */
static inline void
ui_test_app_init (int *argcp, char ***argvp)
{
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  gtk_test_init (argcp, argvp, NULL);
  adw_init ();
}

/* A registered VireoApplication (owned). */
static inline VireoApplication *
ui_test_app_new (void)
{
  g_autoptr (GError) error = NULL;
  VireoApplication *app = vireo_application_new ();

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

/* The end of a test with a whole application: removes every connection,
 * destroys @window (if it is still there), lets that settle and drops
 * *@app. */
static inline void
ui_test_app_shutdown (VireoApplication **app, GtkWidget *window)
{
  GListModel *connections = vireo_application_get_connections (*app);

  while (g_list_model_get_n_items (connections) > 0)
    {
      g_autoptr (VireoConnection) connection = g_list_model_get_item (connections, 0);
      vireo_application_remove_connection (*app, connection);
    }
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  ui_test_spin (100);
  g_clear_object (app);
}

G_END_DECLS
