/* ui-test-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers shared by the UI tests: spinning the main context for a
 * while or until a condition holds (with a timeout), finding widgets by type
 * and shown title, waiting until a widget is drawn and rendering it as a
 * person sees it (pixels to check; saved as PNG when VIREO_TEST_PNG_DIR is
 * set), opening a connection through the core and
 * waiting, and shutting a test application down.
 */
#pragma once

#include <adwaita.h>
#include <math.h>

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
 * @timeout_ms pass (FALSE). The wait is a safety net, not a measure: in the
 * sanitizer build (VIREO_TEST_SANITIZE, several times slower, with meson's
 * --timeout-multiplier 3) it is three times as long. */
static inline gboolean
ui_test_wait_for (UiTestCondition condition, gpointer data, guint timeout_ms)
{
  gint64 scale = g_getenv ("VIREO_TEST_SANITIZE") != NULL ? 3 : 1;
  gint64 deadline = g_get_monotonic_time () + scale * timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      ui_test_iterate ();
    }
  return TRUE;
}

/* Lets pending events reach their handlers for @ms, whatever happens.
 * Time, not a condition: a test waits for what it needs instead
 * (ui_test_wait_for, ui_test_wait_drawn); under load, @ms is not enough. */
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

/* The safety net of the waits below: far longer than any of them takes on a
 * loaded machine; they return as soon as their condition holds. */
#define UI_TEST_DEADLINE_MS 30000

/* A widget drawn as a person sees it: B8G8R8A8 premultiplied, as
 * gdk_texture_download() gives it (GDK_MEMORY_DEFAULT on little endian) */
typedef struct
{
  guchar *pixels;
  gsize   stride;
  int     width;
  int     height;
} UiTestImage;

static inline void
ui_test_image_clear (UiTestImage *image)
{
  g_clear_pointer (&image->pixels, g_free);
}

/* the colour of pixel @x, @y as 0xRRGGBB */
static inline guint32
ui_test_image_rgb (const UiTestImage *image, int x, int y)
{
  const guchar *p = image->pixels + y * image->stride + x * 4;

  return ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

/* whether pixel @x, @y is @color (opaque) within @tolerance per channel (0…1) */
static inline gboolean
ui_test_image_is_color (const UiTestImage *image, int x, int y, const GdkRGBA *color, double tolerance)
{
  const guchar *p = image->pixels + y * image->stride + x * 4;

  return ABS (p[2] / 255.0 - color->red) < tolerance && ABS (p[1] / 255.0 - color->green) < tolerance &&
         ABS (p[0] / 255.0 - color->blue) < tolerance;
}

/* pixels of @color (within @tolerance) in the rectangle @x0 ≤ x < @x1, @y0 ≤ y < @y1 */
static inline guint
ui_test_image_count_color (const UiTestImage *image,
                           int x0, int y0, int x1, int y1,
                           const GdkRGBA *color, double tolerance)
{
  guint count = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, image->height); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, image->width); x++)
      count += ui_test_image_is_color (image, x, y, color, tolerance);
  return count;
}

/* the render node @widget showed in its last frame, or NULL (not drawn yet) */
static inline GskRenderNode *
ui_test_widget_node (GtkWidget *widget)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

typedef struct
{
  GtkWidget *widget;
  guint      frames;     /* frames painted since the wait began */
} UiTestDrawWait;

static inline void
ui_test_after_paint_cb (GdkFrameClock *clock, UiTestDrawWait *wait)
{
  wait->frames++;
}

static inline gboolean
ui_test_shown_cb (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0 &&
         gtk_widget_get_height (widget) > 0 && gtk_widget_get_frame_clock (widget) != NULL;
}

static inline gboolean
ui_test_drawn_cb (gpointer data)
{
  UiTestDrawWait *wait = data;
  g_autoptr (GskRenderNode) node = NULL;

  if (wait->frames == 0 || !ui_test_shown_cb (wait->widget))
    return FALSE;
  node = ui_test_widget_node (wait->widget);
  return node != NULL;
}

/* Waits until @widget is mapped, has a size and has been drawn in a frame
 * painted after this call (so what it shows now, with the style and values
 * it has now, is on screen): conditions, with UI_TEST_DEADLINE_MS as a
 * safety net only. The test fails when that does not happen. */
static inline void
ui_test_wait_drawn (GtkWidget *widget)
{
  UiTestDrawWait wait = { widget, 0 };
  GdkFrameClock *clock;
  gulong id;

  if (!ui_test_wait_for (ui_test_shown_cb, widget, UI_TEST_DEADLINE_MS))
    g_error ("%s was not shown (mapped %d, %dx%d) within %u ms", G_OBJECT_TYPE_NAME (widget),
             gtk_widget_get_mapped (widget), gtk_widget_get_width (widget),
             gtk_widget_get_height (widget), UI_TEST_DEADLINE_MS);
  clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (ui_test_after_paint_cb), &wait);
  gtk_widget_queue_draw (widget);
  if (!ui_test_wait_for (ui_test_drawn_cb, &wait, UI_TEST_DEADLINE_MS))
    g_error ("%s was not drawn (%u frames painted) within %u ms", G_OBJECT_TYPE_NAME (widget),
             wait.frames, UI_TEST_DEADLINE_MS);
  g_signal_handler_disconnect (clock, id);
  g_object_unref (clock);
}

typedef gboolean (*UiTestWidgetMatch) (GtkWidget *widget, gconstpointer data);
static inline GtkWidget *ui_test_find_match (GtkWidget *root, UiTestWidgetMatch match, gconstpointer data);

/* whether @widget is a stack or revealer in the middle of its transition
 * (a crossfade paints its pages half transparent) */
static inline gboolean
ui_test_moving_cb (GtkWidget *widget, gconstpointer data)
{
  if (GTK_IS_STACK (widget))
    return gtk_stack_get_transition_running (GTK_STACK (widget));
  if (GTK_IS_REVEALER (widget))
    return gtk_revealer_get_child_revealed (GTK_REVEALER (widget)) !=
           gtk_revealer_get_reveal_child (GTK_REVEALER (widget));
  return FALSE;
}

static inline gboolean
ui_test_settled_cb (gpointer data)
{
  return ui_test_find_match (data, ui_test_moving_cb, NULL) == NULL;
}

/* @widget as a person sees it on screen, once drawn (ui_test_wait_drawn):
 * its part of its window's picture, over what the window draws behind it;
 * saved as @name (when not NULL) in VIREO_TEST_PNG_DIR when that is set.
 * ui_test_image_clear() frees it. */
static inline void
ui_test_render (GtkWidget *widget, const char *name, UiTestImage *image)
{
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GtkWidget *native;
  graphene_rect_t bounds;
  const char *dir = g_getenv ("VIREO_TEST_PNG_DIR");

  ui_test_wait_drawn (widget);
  native = GTK_WIDGET (gtk_widget_get_native (widget));
  /* what stays on screen, not a frame of a crossfade or a slide */
  if (!ui_test_wait_for (ui_test_settled_cb, native, UI_TEST_DEADLINE_MS))
    g_error ("a transition in %s did not end within %u ms", G_OBJECT_TYPE_NAME (native), UI_TEST_DEADLINE_MS);
  ui_test_wait_drawn (widget);
  g_assert_true (gtk_widget_compute_bounds (widget, native, &bounds));
  node = ui_test_widget_node (native);
  g_assert_nonnull (node);
  image->width = gtk_widget_get_width (widget);
  image->height = gtk_widget_get_height (widget);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (native)), node,
                                         &GRAPHENE_RECT_INIT (round (bounds.origin.x), round (bounds.origin.y),
                                                              image->width, image->height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, image->width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, image->height);
  image->stride = image->width * 4;
  image->pixels = g_malloc (image->stride * image->height);
  gdk_texture_download (texture, image->pixels, image->stride);

  if (dir != NULL && name != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      gdk_texture_save_to_png (texture, path);
    }
}

/* the colour most of @image is (its background) */
static inline guint32
ui_test_image_background (const UiTestImage *image, guint *count)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint32 best = 0;
  guint best_n = 0;

  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        gpointer k = GUINT_TO_POINTER (ui_test_image_rgb (image, x, y));
        g_hash_table_insert (counts, k, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, k)) + 1));
      }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > best_n)
      {
        best = GPOINTER_TO_UINT (key);
        best_n = GPOINTER_TO_UINT (value);
      }
  if (count != NULL)
    *count = best_n;
  return best;
}

/* pixels of @image in the text colour of @widget (its CSS color, over the
 * background @background) */
static inline guint
ui_test_image_count_text (const UiTestImage *image, GtkWidget *widget, guint32 background)
{
  GdkRGBA fg, shown;
  double br = ((background >> 16) & 0xff) / 255.0, bg = ((background >> 8) & 0xff) / 255.0,
         bb = (background & 0xff) / 255.0;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  shown = (GdkRGBA) { fg.red * fg.alpha + br * (1 - fg.alpha), fg.green * fg.alpha + bg * (1 - fg.alpha),
                      fg.blue * fg.alpha + bb * (1 - fg.alpha), 1 };
  return ui_test_image_count_color (image, 0, 0, image->width, image->height, &shown, 0.1);
}

/* Renders @widget as a person would see it, once drawn, and asserts what
 * any window of ours shows: bigger than 100×100, not one flat colour (its
 * background covers less than 97 % of it), more than 20 colours (text,
 * rows, header bar) and text: at least 300 pixels in the widget's own text
 * colour (a couple of words; a blank or unstyled window has none). Saved as
 * @name in VIREO_TEST_PNG_DIR when that is set. */
static inline void
ui_test_render_check (GtkWidget *widget, const char *name)
{
  UiTestImage image = { 0 };
  g_autoptr (GHashTable) colours = g_hash_table_new (NULL, NULL);
  guint32 background;
  guint n_background, n_text, area;

  ui_test_render (widget, name, &image);
  area = image.width * image.height;
  g_assert_cmpint (image.width, >, 100);
  g_assert_cmpint (image.height, >, 100);

  for (int i = 0; i < image.width * image.height; i += 7)
    g_hash_table_add (colours, GUINT_TO_POINTER (ui_test_image_rgb (&image, i % image.width, i / image.width)));
  background = ui_test_image_background (&image, &n_background);
  n_text = ui_test_image_count_text (&image, widget, background);
  g_test_message ("%s: %dx%d, %u colours, background #%06x on %.1f %%, %u text pixels",
                  name, image.width, image.height, g_hash_table_size (colours), background,
                  100.0 * n_background / area, n_text);
  g_assert_cmpuint (n_text, >=, 300);
  g_assert_cmpfloat ((double) n_background / area, <, 0.97);
  g_assert_cmpuint (g_hash_table_size (colours), >, 20);
  ui_test_image_clear (&image);
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


/* The first widget under @root (depth first; not @root itself) for which
 * @match (widget, @data) holds, or NULL. */
static inline GtkWidget *
ui_test_find_match (GtkWidget *root, UiTestWidgetMatch match, gconstpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      found = ui_test_find_match (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The visible AdwMessageDialog among the toplevels, or NULL. */
static inline AdwMessageDialog *
ui_test_find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

/* A UiTestCondition: a message dialog is shown (@data unused). */
static inline gboolean
ui_test_message_dialog_shown (gpointer data)
{
  return ui_test_find_message_dialog () != NULL;
}

/* The label under @root that reads @text, when it is on screen (drawable;
 * a toast or an overlay not shown yet is not), else NULL. */
static inline GtkWidget *
ui_test_shown_label (GtkWidget *root, const char *text)
{
  GtkWidget *label = ui_test_find_widget (root, GTK_TYPE_LABEL, text);

  return label != NULL && gtk_widget_is_drawable (label) ? label : NULL;
}

/* The VM called @name on @connection, or NULL; the connection's list of
 * VMs keeps it alive (no reference for the caller). */
static inline VireoDomain *
ui_test_find_domain (VireoConnection *connection, const char *name)
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

/* UiTestConditions on a VireoDomain (@data): paused, running. */
static inline gboolean
ui_test_domain_is_paused (gpointer data)
{
  return vireo_domain_get_state (VIREO_DOMAIN (data)) == VIREO_DOMAIN_STATE_PAUSED;
}

static inline gboolean
ui_test_domain_is_running (gpointer data)
{
  return vireo_domain_get_state (VIREO_DOMAIN (data)) == VIREO_DOMAIN_STATE_RUNNING;
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
