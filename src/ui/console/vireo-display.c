/* vireo-display.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The guest's screen: tiles, geometry, drawing, scaling, resizing the guest,
 * the session. Its input (pointer, cursor, keyboard, grab) is in
 * vireo-display-input.c (see vireo-display-private.h).
 */
#define G_LOG_DOMAIN "vireo-display"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vireo-display-private.h"

#define RESIZE_GUEST_DELAY_MS 300
/* how long a guest may take to follow a size request before the person is
 * told it does not (an agent answers within a second) */
#define RESIZE_GUEST_CHECK_MS 4000

G_DEFINE_FINAL_TYPE (VireoDisplay, vireo_display, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (VireoDisplayScaling, vireo_display_scaling,
                    G_DEFINE_ENUM_VALUE (VIREO_DISPLAY_SCALING_NEVER, "never"),
                    G_DEFINE_ENUM_VALUE (VIREO_DISPLAY_SCALING_FULLSCREEN, "fullscreen"),
                    G_DEFINE_ENUM_VALUE (VIREO_DISPLAY_SCALING_ALWAYS, "always"))

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_SCALING,
  PROP_RESIZE_GUEST,
  PROP_RESIZE_GUEST_IGNORED,
  PROP_RELEASE_KEYS,
  PROP_GRABBED,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

const char *
vireo_display_scaling_to_string (VireoDisplayScaling scaling)
{
  switch (scaling)
    {
    case VIREO_DISPLAY_SCALING_NEVER:
      return "never";
    case VIREO_DISPLAY_SCALING_FULLSCREEN:
      return "fullscreen";
    case VIREO_DISPLAY_SCALING_ALWAYS:
    default:
      return "always";
    }
}

VireoDisplayScaling
vireo_display_scaling_from_string (const char *str)
{
  if (g_strcmp0 (str, "never") == 0)
    return VIREO_DISPLAY_SCALING_NEVER;
  if (g_strcmp0 (str, "fullscreen") == 0)
    return VIREO_DISPLAY_SCALING_FULLSCREEN;
  return VIREO_DISPLAY_SCALING_ALWAYS;
}

/* -- tiles ------------------------------------------------------------------ */

static void
drop_tiles (VireoDisplay *self)
{
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  g_clear_pointer (&self->view, cairo_surface_destroy);
  self->n_tiles_x = self->n_tiles_y = 0;
  self->fb_width = self->fb_height = 0;
}

/* Each framebuffer tile becomes one render node, built when the tile is dirty
 * and the widget paints (several decoded updates between two frames cost one
 * build), and appended unchanged to every later snapshot, so GTK's render-node
 * diff repaints only the tiles that changed.
 *
 * Scaled, the tiles must meet without a seam.  Each tile is drawn clipped to
 * its own rectangle on the screen, whose edges are the tile's edges scaled
 * and rounded to whole pixels by one rule, so two neighbouring tiles share
 * each edge exactly and every pixel is drawn by one tile, in full.  A clip at
 * a fractional position would draw the pixel on a tile edge twice, partly
 * covered each time, and let the background show through as a light line.
 * Inside the clip, a tile draws as the whole framebuffer scaled in one piece
 * would: its pixels carry the neighbouring pixels around them, so filtering
 * across an edge sees the real neighbours.
 *
 * The node depends on the renderer.  GL/Vulkan: a texture node (uploaded once,
 * kept on the GPU) of the tile with a border of two pixels from its
 * neighbours (so no texture fits the GL renderer's small-texture atlas, whose
 * padding would bleed in), clipped when the frame is snapshot.  Cairo
 * (machines without a GPU): GTK 4.8 turns a texture into a cairo surface
 * again on every draw, through a per-pixel float conversion, so there the
 * tile is a cairo node, in the widget's coordinates, whose recording paints
 * the framebuffer's own pixels straight onto the window, scaled, clipped to
 * the tile: the cost is the tile's area.  Its node holds the scale, so a new
 * scale or position rebuilds every tile (a resize repaints them all anyway). */
#define TILE_BORDER 2

typedef struct
{
  VireoDisplay *self;
  gboolean      cairo;
  double        scale;
  double        x;
  double        y;
} BuildContext;

/* where framebuffer column or row @v lands in the widget, in whole pixels */
static inline double
snap_edge (double origin,
           double scale,
           int    v)
{
  return round (origin + v * scale);
}

/* the part of the widget tile @rect covers, in whole pixels */
static void
tile_dest_rect (const VireoRect *rect,
                double           scale,
                double           x,
                double           y,
                graphene_rect_t *dest)
{
  double x0 = snap_edge (x, scale, rect->x), x1 = snap_edge (x, scale, rect->x + rect->width);
  double y0 = snap_edge (y, scale, rect->y), y1 = snap_edge (y, scale, rect->y + rect->height);

  graphene_rect_init (dest, x0, y0, x1 - x0, y1 - y0);
}

static GskRenderNode *
build_cairo_tile (cairo_surface_t       *view,
                  double                 scale,
                  double                 x,
                  double                 y,
                  const graphene_rect_t *dest)
{
  GskRenderNode *node;
  cairo_t *cr;

  if (dest->size.width <= 0 || dest->size.height <= 0)
    return NULL;   /* scaled down to nothing */
  node = gsk_cairo_node_new (dest);
  cr = gsk_cairo_node_get_draw_context (node);
  cairo_rectangle (cr, dest->origin.x, dest->origin.y, dest->size.width, dest->size.height);
  cairo_clip (cr);
  cairo_translate (cr, x, y);
  if (scale != 1.0)
    cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, view, 0, 0);
  /* the screen's own edge pixels, not transparency, beyond its edges */
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_destroy (cr);
  return node;
}

static GskRenderNode *
build_texture_tile (const guint8 *data,
                    int           stride,
                    int           x0,
                    int           y0,
                    int           w,
                    int           h)
{
  g_autoptr(GdkTexture) texture = NULL;
  guint8 *pixels;
  GBytes *bytes;

  pixels = g_malloc ((gsize) w * h * 4);
  for (int y = 0; y < h; y++)
    memcpy (pixels + (gsize) y * w * 4, data + (gsize) (y0 + y) * stride + (gsize) x0 * 4, (gsize) w * 4);
  bytes = g_bytes_new_take (pixels, (gsize) w * h * 4);
  texture = gdk_memory_texture_new (w, h, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, (gsize) w * 4);
  g_bytes_unref (bytes);
  return gsk_texture_node_new (texture, &GRAPHENE_RECT_INIT (x0, y0, w, h));
}

static void
build_tile (VireoFramebuffer *fb,
            guint             tx,
            guint             ty,
            const VireoRect  *rect,
            gpointer          user_data)
{
  BuildContext *ctx = user_data;
  VireoDisplay *self = ctx->self;
  const guint8 *data = vireo_framebuffer_get_data (fb);
  int stride = vireo_framebuffer_get_stride (fb);
  guint i = ty * self->n_tiles_x + tx;

  if (tx >= self->n_tiles_x || ty >= self->n_tiles_y)
    return;
  g_clear_pointer (&self->tiles->pdata[i], gsk_render_node_unref);
  if (ctx->cairo)
    {
      graphene_rect_t dest;

      /* A view of the framebuffer's own memory, made once and kept:
       * recordings hold it as a copy-on-write snapshot, and it is never
       * flushed, so no copy is made.  gvnc and SPICE keep writing there, so a
       * node shows the newest pixels whenever it is drawn; a tile that changed
       * gets a new node, so the diff repaints it.  Destroying the view (new
       * geometry, new session) copies the pixels into whatever recording
       * still holds it. */
      if (self->view == NULL)
        {
          static const cairo_user_data_key_t fb_key;

          self->view = cairo_image_surface_create_for_data ((guchar *) data, CAIRO_FORMAT_RGB24,
                                                            self->fb_width, self->fb_height, stride);
          /* the view keeps the memory it shows: the session may drop its
           * framebuffer (disconnect) before the view goes */
          cairo_surface_set_user_data (self->view, &fb_key, g_object_ref (fb), g_object_unref);
        }
      tile_dest_rect (rect, ctx->scale, ctx->x, ctx->y, &dest);
      self->tiles->pdata[i] = build_cairo_tile (self->view, ctx->scale, ctx->x, ctx->y, &dest);
    }
  else
    {
      int x0 = MAX (rect->x - TILE_BORDER, 0), y0 = MAX (rect->y - TILE_BORDER, 0);
      int x1 = MIN (rect->x + rect->width + TILE_BORDER, self->fb_width);
      int y1 = MIN (rect->y + rect->height + TILE_BORDER, self->fb_height);

      self->tiles->pdata[i] = build_texture_tile (data, stride, x0, y0, x1 - x0, y1 - y0);
    }
  self->n_tile_uploads++;
}

static void
free_tile (gpointer node)
{
  if (node != NULL)
    gsk_render_node_unref (node);
}

/* follows the session's framebuffer size; the tiles are built when painting */
static void
update_tiles (VireoDisplay *self)
{
  VireoFramebuffer *fb = self->session ? vireo_console_session_get_framebuffer (self->session) : NULL;

  if (fb == NULL)
    {
      if (self->tiles != NULL)
        {
          drop_tiles (self);
          gtk_widget_queue_resize (GTK_WIDGET (self));
        }
      return;
    }

  if (self->tiles == NULL ||
      self->fb_width != vireo_framebuffer_get_width (fb) ||
      self->fb_height != vireo_framebuffer_get_height (fb) ||
      self->n_tiles_x != vireo_framebuffer_get_n_tiles_x (fb) ||
      self->n_tiles_y != vireo_framebuffer_get_n_tiles_y (fb))
    {
      drop_tiles (self);
      self->fb_width = vireo_framebuffer_get_width (fb);
      self->fb_height = vireo_framebuffer_get_height (fb);
      self->n_tiles_x = vireo_framebuffer_get_n_tiles_x (fb);
      self->n_tiles_y = vireo_framebuffer_get_n_tiles_y (fb);
      self->tiles = g_ptr_array_new_full (self->n_tiles_x * self->n_tiles_y, free_tile);
      g_ptr_array_set_size (self->tiles, self->n_tiles_x * self->n_tiles_y);
      vireo_framebuffer_mark_all_dirty (fb);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }

  if (vireo_framebuffer_get_n_dirty (fb) > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* builds the dirty tiles' nodes for the renderer that will draw them, at
 * @scale with the screen's top-left corner at @x, @y */
static void
build_dirty_tiles (VireoDisplay     *self,
                   VireoFramebuffer *fb,
                   double            scale,
                   double            x,
                   double            y)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;
  BuildContext ctx = { self, renderer == NULL || GSK_IS_CAIRO_RENDERER (renderer), scale, x, y };

  if (ctx.cairo != self->tiles_cairo)
    {
      self->tiles_cairo = ctx.cairo;
      vireo_framebuffer_mark_all_dirty (fb);
    }
  if (ctx.cairo && (scale != self->built_scale || x != self->built_x || y != self->built_y))
    vireo_framebuffer_mark_all_dirty (fb);
  self->built_scale = scale;
  self->built_x = x;
  self->built_y = y;
  vireo_framebuffer_foreach_dirty_tile (fb, build_tile, &ctx);
}

static void
set_resize_ignored (VireoDisplay *self,
                    gboolean      ignored)
{
  g_clear_handle_id (&self->resize_check_source, g_source_remove);
  if (self->resize_ignored == ignored)
    return;
  self->resize_ignored = ignored;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESIZE_GUEST_IGNORED]);
}

static gboolean
resize_check_cb (gpointer user_data)
{
  VireoDisplay *self = user_data;

  self->resize_check_source = 0;
  set_resize_ignored (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
session_resized_cb (VireoDisplay *self)
{
  /* the guest follows size requests (or changed its size by itself) */
  set_resize_ignored (self, FALSE);
  drop_tiles (self);
  update_tiles (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
session_damage_cb (VireoDisplay *self)
{
  update_tiles (self);
}

/* -- geometry --------------------------------------------------------------- */

static gboolean
is_fullscreen (VireoDisplay *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) && gtk_window_is_fullscreen (GTK_WINDOW (root));
}

/* the scale and the top-left corner of the guest screen in the widget */
gboolean
_vireo_display_get_geometry (VireoDisplay *self,
                             double       *scale,
                             double       *off_x,
                             double       *off_y)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  gboolean fit;
  double s = 1.0;

  if (self->fb_width <= 0 || self->fb_height <= 0)
    return FALSE;

  fit = self->scaling == VIREO_DISPLAY_SCALING_ALWAYS ||
        (self->scaling == VIREO_DISPLAY_SCALING_FULLSCREEN && is_fullscreen (self));
  if (fit && w > 0 && h > 0)
    s = MIN ((double) w / self->fb_width, (double) h / self->fb_height);

  *scale = s;
  /* whole pixels at 1:1, so the guest's pixels land on the screen's */
  *off_x = (w - self->fb_width * s) / 2;
  *off_y = (h - self->fb_height * s) / 2;
  if (s == 1.0)
    {
      *off_x = floor (*off_x);
      *off_y = floor (*off_y);
    }
  return TRUE;
}

gboolean
vireo_display_widget_to_guest (VireoDisplay *self,
                               double        x,
                               double        y,
                               int          *guest_x,
                               int          *guest_y)
{
  double scale, ox, oy;

  g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);

  if (!_vireo_display_get_geometry (self, &scale, &ox, &oy))
    return FALSE;
  *guest_x = CLAMP ((int) floor ((x - ox) / scale), 0, self->fb_width - 1);
  *guest_y = CLAMP ((int) floor ((y - oy) / scale), 0, self->fb_height - 1);
  return TRUE;
}

/* -- drawing ---------------------------------------------------------------- */

static void
vireo_display_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  VireoDisplay *self = VIREO_DISPLAY (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  static const GdkRGBA black = { 0, 0, 0, 1 };
  double scale, ox, oy, fx0, fy0, fx1, fy1;
  VireoFramebuffer *fb;

  fb = self->session ? vireo_console_session_get_framebuffer (self->session) : NULL;
  if (self->tiles == NULL || fb == NULL || !_vireo_display_get_geometry (self, &scale, &ox, &oy))
    {
      gtk_snapshot_append_color (snapshot, &black, &GRAPHENE_RECT_INIT (0, 0, w, h));
      return;
    }

  /* black only around the guest screen (letter-boxing), not under it: a full
   * frame would otherwise be filled twice.  The bars reach one pixel under
   * the screen's edge, so no gap shows at fractional scales. */
  fx0 = floor (ox) + 1;
  fy0 = floor (oy) + 1;
  fx1 = ceil (ox + self->fb_width * scale) - 1;
  fy1 = ceil (oy + self->fb_height * scale) - 1;
  if (fy0 > 0)
    gtk_snapshot_append_color (snapshot, &black, &GRAPHENE_RECT_INIT (0, 0, w, fy0));
  if (fy1 < h)
    gtk_snapshot_append_color (snapshot, &black, &GRAPHENE_RECT_INIT (0, fy1, w, h - fy1));
  if (fx0 > 0)
    gtk_snapshot_append_color (snapshot, &black, &GRAPHENE_RECT_INIT (0, fy0, fx0, fy1 - fy0));
  if (fx1 < w)
    gtk_snapshot_append_color (snapshot, &black, &GRAPHENE_RECT_INIT (fx1, fy0, w - fx1, fy1 - fy0));

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  build_dirty_tiles (self, fb, scale, ox, oy);
  for (guint ty = 0; ty < self->n_tiles_y; ty++)
    for (guint tx = 0; tx < self->n_tiles_x; tx++)
      {
        GskRenderNode *node = self->tiles->pdata[ty * self->n_tiles_x + tx];
        graphene_rect_t dest;
        VireoRect rect;

        if (node == NULL)
          continue;
        if (self->tiles_cairo)
          {
            /* already in place, clipped and scaled */
            gtk_snapshot_append_node (snapshot, node);
            continue;
          }
        /* the texture, with its border, scaled; clipped to whole pixels */
        if (!vireo_framebuffer_get_tile_rect (fb, tx, ty, &rect))
          continue;
        tile_dest_rect (&rect, scale, ox, oy, &dest);
        if (dest.size.width <= 0 || dest.size.height <= 0)
          continue;
        gtk_snapshot_push_clip (snapshot, &dest);
        gtk_snapshot_save (snapshot);
        gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (ox, oy));
        if (scale != 1.0)
          gtk_snapshot_scale (snapshot, scale, scale);
        gtk_snapshot_append_node (snapshot, node);
        gtk_snapshot_restore (snapshot);
        gtk_snapshot_pop (snapshot);
      }
  gtk_snapshot_pop (snapshot);
}

static void
vireo_display_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  VireoDisplay *self = VIREO_DISPLAY (widget);
  int size = orientation == GTK_ORIENTATION_HORIZONTAL ? self->fb_width : self->fb_height;

  *minimum = MIN (size, 64);
  *natural = MAX (size, 64);
}

static gboolean
resize_guest_cb (gpointer user_data)
{
  VireoDisplay *self = user_data;
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  self->resize_source = 0;
  if (self->session == NULL || !self->resize_guest || w < 64 || h < 64)
    return G_SOURCE_REMOVE;
  if (vireo_console_session_get_state (self->session) != VIREO_CONSOLE_STATE_CONNECTED)
    return G_SOURCE_REMOVE;
  if (w == self->fb_width && h == self->fb_height)
    return G_SOURCE_REMOVE;
  if (w == self->last_requested_width && h == self->last_requested_height)
    return G_SOURCE_REMOVE;
  self->last_requested_width = w;
  self->last_requested_height = h;
  g_debug ("asking the guest for %dx%d", w, h);
  vireo_console_session_set_size (self->session, w, h);
  /* a guest that cannot resize says nothing: watch whether it does */
  if (!self->resize_ignored)
    {
      g_clear_handle_id (&self->resize_check_source, g_source_remove);
      self->resize_check_source = g_timeout_add (RESIZE_GUEST_CHECK_MS, resize_check_cb, self);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_resize_guest (VireoDisplay *self)
{
  g_clear_handle_id (&self->resize_source, g_source_remove);
  if (self->resize_guest && self->session != NULL)
    self->resize_source = g_timeout_add (RESIZE_GUEST_DELAY_MS, resize_guest_cb, self);
}

static void
vireo_display_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  VireoDisplay *self = VIREO_DISPLAY (widget);

  if (self->resize_guest)
    schedule_resize_guest (self);
}

/* -- input (vireo-display-input.c) ------------------------------------------ */

void
_vireo_display_notify_grabbed (VireoDisplay *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRABBED]);
}

/* -- session ---------------------------------------------------------------- */

static void
session_state_cb (VireoDisplay *self)
{
  _vireo_display_update_cursor (self);
  self->buttons = 0;
  self->have_last_pos = FALSE;
  self->last_requested_width = self->last_requested_height = 0;
  set_resize_ignored (self, FALSE);
  if (self->session != NULL &&
      vireo_console_session_get_state (self->session) == VIREO_CONSOLE_STATE_CONNECTED)
    schedule_resize_guest (self);
}

VireoConsoleSession *
vireo_display_get_session (VireoDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_DISPLAY (self), NULL);

  return self->session;
}

void
vireo_display_set_session (VireoDisplay        *self,
                           VireoConsoleSession *session)
{
  g_return_if_fail (VIREO_IS_DISPLAY (self));
  g_return_if_fail (session == NULL || VIREO_IS_CONSOLE_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    vireo_console_session_release_keys (self->session);
  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  drop_tiles (self);
  set_resize_ignored (self, FALSE);
  self->n_tile_uploads = 0;
  self->buttons = 0;
  self->have_last_pos = FALSE;
  update_tiles (self);
  _vireo_display_update_cursor (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

VireoDisplayScaling
vireo_display_get_scaling (VireoDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_DISPLAY (self), VIREO_DISPLAY_SCALING_ALWAYS);

  return self->scaling;
}

void
vireo_display_set_scaling (VireoDisplay        *self,
                           VireoDisplayScaling  scaling)
{
  g_return_if_fail (VIREO_IS_DISPLAY (self));

  if (self->scaling == scaling)
    return;
  self->scaling = scaling;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALING]);
}

gboolean
vireo_display_get_resize_guest (VireoDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);

  return self->resize_guest;
}

void
vireo_display_set_resize_guest (VireoDisplay *self,
                                gboolean      resize_guest)
{
  g_return_if_fail (VIREO_IS_DISPLAY (self));

  resize_guest = !!resize_guest;
  if (self->resize_guest == resize_guest)
    return;
  self->resize_guest = resize_guest;
  self->last_requested_width = self->last_requested_height = 0;
  if (resize_guest)
    schedule_resize_guest (self);
  else
    g_clear_handle_id (&self->resize_source, g_source_remove);
  set_resize_ignored (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESIZE_GUEST]);
}

gboolean
vireo_display_get_resize_guest_ignored (VireoDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);

  return self->resize_ignored;
}

const char *
vireo_display_get_release_keys (VireoDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_DISPLAY (self), NULL);

  return self->release_keys;
}

void
vireo_display_set_release_keys (VireoDisplay *self,
                                const char   *accel)
{
  g_return_if_fail (VIREO_IS_DISPLAY (self));

  if (accel == NULL || *accel == '\0')
    accel = "<Control><Alt>";
  if (g_strcmp0 (self->release_keys, accel) == 0)
    return;
  g_free (self->release_keys);
  self->release_keys = g_strdup (accel);
  _vireo_display_parse_release_keys (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELEASE_KEYS]);
}

char *
vireo_display_get_release_label (VireoDisplay *self)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (VIREO_IS_DISPLAY (self), NULL);

  /* Translators: key names in the "Press Ctrl+Alt to release" hint */
  if (self->release_mods & GDK_CONTROL_MASK)
    g_string_append_printf (s, "%s%s", s->len ? "+" : "", C_("keyboard key", "Ctrl"));
  if (self->release_mods & GDK_SHIFT_MASK)
    g_string_append_printf (s, "%s%s", s->len ? "+" : "", C_("keyboard key", "Shift"));
  if (self->release_mods & GDK_ALT_MASK)
    g_string_append_printf (s, "%s%s", s->len ? "+" : "", C_("keyboard key", "Alt"));
  if (self->release_mods & GDK_SUPER_MASK)
    g_string_append_printf (s, "%s%s", s->len ? "+" : "", C_("keyboard key", "Super"));
  if (self->release_keyval != 0)
    {
      g_autofree char *name = g_utf8_strup (gdk_keyval_name (self->release_keyval) ?: "?", -1);

      g_string_append_printf (s, "%s%s", s->len ? "+" : "", name);
    }
  return g_string_free (s, FALSE);
}

GdkTexture *
vireo_display_get_screenshot (VireoDisplay *self)
{
  VireoFramebuffer *fb;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (VIREO_IS_DISPLAY (self), NULL);

  fb = self->session ? vireo_console_session_get_framebuffer (self->session) : NULL;
  if (fb == NULL)
    return NULL;
  bytes = vireo_framebuffer_copy_all (fb);
  return gdk_memory_texture_new (vireo_framebuffer_get_width (fb), vireo_framebuffer_get_height (fb),
                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes,
                                 vireo_framebuffer_get_stride (fb));
}

guint
vireo_display_get_n_tile_uploads (VireoDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_DISPLAY (self), 0);

  return self->n_tile_uploads;
}

/* -- GObject ---------------------------------------------------------------- */

static void
vireo_display_unrealize (GtkWidget *widget)
{
  vireo_display_ungrab_keyboard (VIREO_DISPLAY (widget));
  GTK_WIDGET_CLASS (vireo_display_parent_class)->unrealize (widget);
}

static void
vireo_display_dispose (GObject *object)
{
  VireoDisplay *self = VIREO_DISPLAY (object);

  g_clear_handle_id (&self->resize_source, g_source_remove);
  g_clear_handle_id (&self->resize_check_source, g_source_remove);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->session != NULL)
    vireo_console_session_release_keys (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->session_signals);
  drop_tiles (self);

  G_OBJECT_CLASS (vireo_display_parent_class)->dispose (object);
}

static void
vireo_display_finalize (GObject *object)
{
  VireoDisplay *self = VIREO_DISPLAY (object);

  g_free (self->release_keys);

  G_OBJECT_CLASS (vireo_display_parent_class)->finalize (object);
}

static void
vireo_display_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VireoDisplay *self = VIREO_DISPLAY (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SCALING:
      g_value_set_enum (value, self->scaling);
      break;
    case PROP_RESIZE_GUEST:
      g_value_set_boolean (value, self->resize_guest);
      break;
    case PROP_RESIZE_GUEST_IGNORED:
      g_value_set_boolean (value, self->resize_ignored);
      break;
    case PROP_RELEASE_KEYS:
      g_value_set_string (value, self->release_keys);
      break;
    case PROP_GRABBED:
      g_value_set_boolean (value, self->grabbed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_display_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VireoDisplay *self = VIREO_DISPLAY (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      vireo_display_set_session (self, g_value_get_object (value));
      break;
    case PROP_SCALING:
      vireo_display_set_scaling (self, g_value_get_enum (value));
      break;
    case PROP_RESIZE_GUEST:
      vireo_display_set_resize_guest (self, g_value_get_boolean (value));
      break;
    case PROP_RELEASE_KEYS:
      vireo_display_set_release_keys (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_display_class_init (VireoDisplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_display_dispose;
  object_class->finalize = vireo_display_finalize;
  object_class->get_property = vireo_display_get_property;
  object_class->set_property = vireo_display_set_property;

  widget_class->snapshot = vireo_display_snapshot;
  widget_class->measure = vireo_display_measure;
  widget_class->size_allocate = vireo_display_size_allocate;
  widget_class->unrealize = vireo_display_unrealize;

  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, VIREO_TYPE_CONSOLE_SESSION,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCALING] =
      g_param_spec_enum ("scaling", NULL, NULL, VIREO_TYPE_DISPLAY_SCALING,
                         VIREO_DISPLAY_SCALING_ALWAYS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESIZE_GUEST] =
      g_param_spec_boolean ("resize-guest", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESIZE_GUEST_IGNORED] =
      g_param_spec_boolean ("resize-guest-ignored", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELEASE_KEYS] =
      g_param_spec_string ("release-keys", NULL, NULL, "<Control><Alt>",
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRABBED] =
      g_param_spec_boolean ("grabbed", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "vireo-display");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vireo_display_init (VireoDisplay *self)
{
  self->scaling = VIREO_DISPLAY_SCALING_ALWAYS;
  self->release_keys = g_strdup ("<Control><Alt>");
  _vireo_display_parse_release_keys (self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Guest screen"), -1);

  self->session_signals = g_signal_group_new (VIREO_TYPE_CONSOLE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "framebuffer-resized",
                                  G_CALLBACK (session_resized_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "damage",
                                  G_CALLBACK (session_damage_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "cursor-changed",
                                  G_CALLBACK (_vireo_display_update_cursor), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::pointer-absolute",
                                  G_CALLBACK (_vireo_display_update_cursor), self);
  g_signal_group_connect_swapped (self->session_signals, "connected",
                                  G_CALLBACK (session_state_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "disconnected",
                                  G_CALLBACK (session_state_cb), self);

  _vireo_display_init_input (self);
}

GtkWidget *
vireo_display_new (void)
{
  return g_object_new (VIREO_TYPE_DISPLAY, NULL);
}
