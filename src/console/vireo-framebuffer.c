/* vireo-framebuffer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-framebuffer"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-error.h"
#include "vireo-framebuffer.h"

struct _VireoFramebuffer
{
  GObject  parent_instance;

  int      width;
  int      height;
  int      stride;
  int      tile_size;
  guint    n_tiles_x;
  guint    n_tiles_y;
  guint    n_dirty;
  guint8  *data;     /* owned, stride * height */
  guint8  *dirty;    /* owned, one byte per tile, row by row */
};

G_DEFINE_FINAL_TYPE (VireoFramebuffer, vireo_framebuffer, G_TYPE_OBJECT)

static void
vireo_framebuffer_finalize (GObject *object)
{
  VireoFramebuffer *self = VIREO_FRAMEBUFFER (object);

  g_free (self->data);
  g_free (self->dirty);

  G_OBJECT_CLASS (vireo_framebuffer_parent_class)->finalize (object);
}

static void
vireo_framebuffer_class_init (VireoFramebufferClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vireo_framebuffer_finalize;
}

static void
vireo_framebuffer_init (VireoFramebuffer *self)
{
}

gboolean
vireo_framebuffer_size_is_supported (int width,
                                     int height)
{
  if (width <= 0 || height <= 0 ||
      width > VIREO_FRAMEBUFFER_MAX_SIDE || height > VIREO_FRAMEBUFFER_MAX_SIDE)
    return FALSE;
  /* both sides are at most 2^14 here: the product fits in 64 bits */
  return (guint64) width * (guint64) height * VIREO_FRAMEBUFFER_BYTES_PER_PIXEL
         <= VIREO_FRAMEBUFFER_MAX_BYTES;
}

gboolean
vireo_framebuffer_check_size (int      width,
                              int      height,
                              GError **error)
{
  if (vireo_framebuffer_size_is_supported (width, height))
    return TRUE;

  g_debug ("screen %d×%d refused", width, height);
  if (width <= 0 || height <= 0)
    g_set_error (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED,
                 _("The display reported an empty screen (%d×%d pixels). "
                   "Reconnect once the guest has set up its screen."),
                 width, height);
  else
    g_set_error (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED,
                 _("The display asked for a screen of %d×%d pixels, larger than "
                   "Vireo shows (at most %d pixels a side and %d MiB). Lower the "
                   "guest's screen resolution, then reconnect."),
                 width, height, VIREO_FRAMEBUFFER_MAX_SIDE,
                 VIREO_FRAMEBUFFER_MAX_BYTES / (1024 * 1024));
  return FALSE;
}

VireoFramebuffer *
vireo_framebuffer_new (int width,
                       int height,
                       int tile_size)
{
  VireoFramebuffer *self;
  guint32 *pixel;
  gsize n_pixels;

  g_return_val_if_fail (vireo_framebuffer_size_is_supported (width, height), NULL);
  g_return_val_if_fail (tile_size >= 0 && tile_size <= VIREO_FRAMEBUFFER_MAX_SIDE, NULL);

  if (tile_size == 0)
    tile_size = VIREO_FRAMEBUFFER_DEFAULT_TILE_SIZE;

  self = g_object_new (VIREO_TYPE_FRAMEBUFFER, NULL);
  self->width = width;
  self->height = height;
  self->stride = width * VIREO_FRAMEBUFFER_BYTES_PER_PIXEL;
  self->tile_size = tile_size;
  self->n_tiles_x = (width + tile_size - 1) / tile_size;
  self->n_tiles_y = (height + tile_size - 1) / tile_size;

  n_pixels = (gsize) width * height;
  self->data = g_malloc (n_pixels * VIREO_FRAMEBUFFER_BYTES_PER_PIXEL);
  /* opaque black in any byte order: 0xff in the X byte, 0 elsewhere */
  pixel = (guint32 *) self->data;
  for (gsize i = 0; i < n_pixels; i++)
    pixel[i] = GUINT32_TO_LE (0xff000000u);

  self->dirty = g_malloc (self->n_tiles_x * self->n_tiles_y);
  vireo_framebuffer_mark_all_dirty (self);

  return self;
}

int
vireo_framebuffer_get_width (VireoFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), 0);
  return self->width;
}

int
vireo_framebuffer_get_height (VireoFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), 0);
  return self->height;
}

int
vireo_framebuffer_get_stride (VireoFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), 0);
  return self->stride;
}

int
vireo_framebuffer_get_tile_size (VireoFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), 0);
  return self->tile_size;
}

guint8 *
vireo_framebuffer_get_data (VireoFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), NULL);
  return self->data;
}

guint
vireo_framebuffer_get_n_tiles_x (VireoFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), 0);
  return self->n_tiles_x;
}

guint
vireo_framebuffer_get_n_tiles_y (VireoFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), 0);
  return self->n_tiles_y;
}

gboolean
vireo_framebuffer_get_tile_rect (VireoFramebuffer *self,
                                 guint             tx,
                                 guint             ty,
                                 VireoRect        *rect)
{
  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (tx >= self->n_tiles_x || ty >= self->n_tiles_y)
    {
      *rect = (VireoRect) { 0, 0, 0, 0 };
      return FALSE;
    }

  rect->x = tx * self->tile_size;
  rect->y = ty * self->tile_size;
  rect->width = MIN (self->tile_size, self->width - rect->x);
  rect->height = MIN (self->tile_size, self->height - rect->y);
  return TRUE;
}

/* clips to the screen; FALSE when nothing is left */
static gboolean
clip_rect (VireoFramebuffer *self,
           int              *x,
           int              *y,
           int              *width,
           int              *height)
{
  gint64 x0 = *x, y0 = *y;
  gint64 x1 = x0 + *width, y1 = y0 + *height;

  if (*width <= 0 || *height <= 0)
    return FALSE;

  x0 = CLAMP (x0, 0, self->width);
  y0 = CLAMP (y0, 0, self->height);
  x1 = CLAMP (x1, 0, self->width);
  y1 = CLAMP (y1, 0, self->height);
  if (x1 <= x0 || y1 <= y0)
    return FALSE;

  *x = x0;
  *y = y0;
  *width = x1 - x0;
  *height = y1 - y0;
  return TRUE;
}

static void
mark_tiles (VireoFramebuffer *self,
            int               x,
            int               y,
            int               width,
            int               height)
{
  guint tx0 = x / self->tile_size;
  guint ty0 = y / self->tile_size;
  guint tx1 = (x + width - 1) / self->tile_size;
  guint ty1 = (y + height - 1) / self->tile_size;

  for (guint ty = ty0; ty <= ty1; ty++)
    for (guint tx = tx0; tx <= tx1; tx++)
      {
        guint8 *d = &self->dirty[ty * self->n_tiles_x + tx];

        if (!*d)
          {
            *d = 1;
            self->n_dirty++;
          }
      }
}

/* runs once per decoded update over the whole damaged area: let GCC
 * vectorise it even at -O2 */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__ ((optimize ("tree-vectorize")))
#endif
static void
force_alpha (VireoFramebuffer *self,
             int               x,
             int               y,
             int               width,
             int               height)
{
  for (int j = y; j < y + height; j++)
    {
      guint32 *row = (guint32 *) (self->data + (gsize) j * self->stride + (gsize) x * 4);

      /* byte 3 of each BGRX pixel (the top byte of the little-endian word) is X;
       * whole words, so the compiler vectorises the loop */
      for (int i = 0; i < width; i++)
        row[i] |= GUINT32_TO_LE (0xff000000u);
    }
}

gboolean
vireo_framebuffer_damage (VireoFramebuffer *self,
                          int               x,
                          int               y,
                          int               width,
                          int               height)
{
  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), FALSE);

  if (!clip_rect (self, &x, &y, &width, &height))
    return FALSE;

  force_alpha (self, x, y, width, height);
  mark_tiles (self, x, y, width, height);
  return TRUE;
}

void
vireo_framebuffer_update_from (VireoFramebuffer *self,
                               const guint8     *src,
                               int               src_stride,
                               int               x,
                               int               y,
                               int               width,
                               int               height)
{
  g_return_if_fail (VIREO_IS_FRAMEBUFFER (self));
  g_return_if_fail (src != NULL);
  g_return_if_fail (src_stride >= self->width * 4);

  if (!clip_rect (self, &x, &y, &width, &height))
    return;

  for (int j = y; j < y + height; j++)
    memcpy (self->data + (gsize) j * self->stride + (gsize) x * 4,
            src + (gsize) j * src_stride + (gsize) x * 4,
            (gsize) width * 4);

  force_alpha (self, x, y, width, height);
  mark_tiles (self, x, y, width, height);
}

gboolean
vireo_framebuffer_is_tile_dirty (VireoFramebuffer *self,
                                 guint             tx,
                                 guint             ty)
{
  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), FALSE);

  if (tx >= self->n_tiles_x || ty >= self->n_tiles_y)
    return FALSE;
  return self->dirty[ty * self->n_tiles_x + tx] != 0;
}

guint
vireo_framebuffer_get_n_dirty (VireoFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), 0);
  return self->n_dirty;
}

void
vireo_framebuffer_mark_all_dirty (VireoFramebuffer *self)
{
  g_return_if_fail (VIREO_IS_FRAMEBUFFER (self));

  memset (self->dirty, 1, self->n_tiles_x * self->n_tiles_y);
  self->n_dirty = self->n_tiles_x * self->n_tiles_y;
}

void
vireo_framebuffer_clear_dirty (VireoFramebuffer *self)
{
  g_return_if_fail (VIREO_IS_FRAMEBUFFER (self));

  memset (self->dirty, 0, self->n_tiles_x * self->n_tiles_y);
  self->n_dirty = 0;
}

guint
vireo_framebuffer_foreach_dirty_tile (VireoFramebuffer        *self,
                                      VireoFramebufferTileFunc func,
                                      gpointer                 user_data)
{
  guint count = 0;

  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), 0);

  if (self->n_dirty == 0)
    return 0;

  for (guint ty = 0; ty < self->n_tiles_y; ty++)
    for (guint tx = 0; tx < self->n_tiles_x; tx++)
      {
        guint8 *d = &self->dirty[ty * self->n_tiles_x + tx];
        VireoRect rect;

        if (!*d)
          continue;
        /* clear first: @func may damage again */
        *d = 0;
        self->n_dirty--;
        count++;
        if (func != NULL)
          {
            vireo_framebuffer_get_tile_rect (self, tx, ty, &rect);
            func (self, tx, ty, &rect, user_data);
          }
      }

  return count;
}

GBytes *
vireo_framebuffer_copy_tile (VireoFramebuffer *self,
                             guint             tx,
                             guint             ty,
                             VireoRect        *rect)
{
  VireoRect r;
  guint8 *copy;
  gsize row_bytes;

  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), NULL);

  if (!vireo_framebuffer_get_tile_rect (self, tx, ty, &r))
    return NULL;

  row_bytes = (gsize) r.width * 4;
  copy = g_malloc (row_bytes * r.height);
  for (int j = 0; j < r.height; j++)
    memcpy (copy + j * row_bytes,
            self->data + (gsize) (r.y + j) * self->stride + (gsize) r.x * 4,
            row_bytes);

  if (rect != NULL)
    *rect = r;
  return g_bytes_new_take (copy, row_bytes * r.height);
}

GBytes *
vireo_framebuffer_copy_all (VireoFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_FRAMEBUFFER (self), NULL);

  return g_bytes_new (self->data, (gsize) self->stride * self->height);
}
