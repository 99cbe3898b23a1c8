/* vireo-framebuffer.h — a guest screen in memory, split into tiles
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Pixels are 32-bit BGRX in memory (little-endian 0xXXRRGGBB; the same as
 * CAIRO_FORMAT_RGB24, VNC's local format and SPICE's 32_xRGB). The X byte
 * is kept at 0xff wherever the screen was damaged (and at creation), so a
 * tile can be handed to GdkMemoryTexture as GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
 * (GTK 4.8 has no B8G8R8X8).
 *
 * The screen is cut into square tiles of tile_size pixels (the last column
 * and row are narrower). vireo_framebuffer_damage() marks the tiles a
 * rectangle touches as dirty; the display rebuilds the texture of each dirty
 * tile only (vireo_framebuffer_foreach_dirty_tile()), so the cost of an
 * update grows with the damaged area, not with the screen. */

#define VIREO_FRAMEBUFFER_DEFAULT_TILE_SIZE 128
#define VIREO_FRAMEBUFFER_BYTES_PER_PIXEL   4

/* The largest screen Vireo holds. A guest picks its screen size (VNC's
 * ServerInit and DesktopSize carry any 16-bit width and height), so a broken
 * or hostile one could ask for gigabytes: a screen is at most
 * VIREO_FRAMEBUFFER_MAX_SIDE pixels wide and high (16384: twice 8K UHD's
 * width) and its pixels take at most VIREO_FRAMEBUFFER_MAX_BYTES (256 MiB:
 * 16384×4096, or 8K UHD 7680×4320 twice over). A session refuses a larger
 * screen and ends with the reason (see vireo_framebuffer_size_is_supported()). */
#define VIREO_FRAMEBUFFER_MAX_SIDE          16384
#define VIREO_FRAMEBUFFER_MAX_BYTES         (256 * 1024 * 1024)

typedef struct
{
  int x;
  int y;
  int width;
  int height;
} VireoRect;

#define VIREO_TYPE_FRAMEBUFFER (vireo_framebuffer_get_type ())
G_DECLARE_FINAL_TYPE (VireoFramebuffer, vireo_framebuffer, VIREO, FRAMEBUFFER, GObject)

/* TRUE when a @width × @height screen is within the limits above (and not
 * empty); callers with sizes from a guest check this before
 * vireo_framebuffer_new(). */
gboolean          vireo_framebuffer_size_is_supported (int width,
                                                       int height);

/* the same check, with the sentence a person reads when it fails */
gboolean          vireo_framebuffer_check_size        (int      width,
                                                       int      height,
                                                       GError **error);

/* a new opaque black screen, every tile dirty; @tile_size 0 means the
 * default. The size must be supported (a programming error otherwise:
 * NULL and a critical). */
VireoFramebuffer *vireo_framebuffer_new              (int width,
                                                      int height,
                                                      int tile_size);

int               vireo_framebuffer_get_width        (VireoFramebuffer *self);
int               vireo_framebuffer_get_height       (VireoFramebuffer *self);
/* bytes per row (width * 4) */
int               vireo_framebuffer_get_stride       (VireoFramebuffer *self);
int               vireo_framebuffer_get_tile_size    (VireoFramebuffer *self);
guint8           *vireo_framebuffer_get_data         (VireoFramebuffer *self);

guint             vireo_framebuffer_get_n_tiles_x    (VireoFramebuffer *self);
guint             vireo_framebuffer_get_n_tiles_y    (VireoFramebuffer *self);
/* the screen area of tile (@tx, @ty); FALSE when there is no such tile */
gboolean          vireo_framebuffer_get_tile_rect    (VireoFramebuffer *self,
                                                      guint             tx,
                                                      guint             ty,
                                                      VireoRect        *rect);

/* Pixels in (@x, @y, @width, @height) changed: clips the rectangle to the
 * screen, sets the X byte to 0xff in exactly the clipped area, and marks
 * every tile it touches dirty. Returns FALSE when nothing was on screen. */
gboolean          vireo_framebuffer_damage           (VireoFramebuffer *self,
                                                      int               x,
                                                      int               y,
                                                      int               width,
                                                      int               height);

/* Copies a rectangle from another 32-bit buffer (e.g. SPICE's primary
 * surface, which has the same size and layout) into this one and damages
 * it. @src points at pixel (0, 0) of the source. */
void              vireo_framebuffer_update_from      (VireoFramebuffer *self,
                                                      const guint8     *src,
                                                      int               src_stride,
                                                      int               x,
                                                      int               y,
                                                      int               width,
                                                      int               height);

gboolean          vireo_framebuffer_is_tile_dirty    (VireoFramebuffer *self,
                                                      guint             tx,
                                                      guint             ty);
guint             vireo_framebuffer_get_n_dirty      (VireoFramebuffer *self);
void              vireo_framebuffer_mark_all_dirty   (VireoFramebuffer *self);
void              vireo_framebuffer_clear_dirty      (VireoFramebuffer *self);

typedef void (*VireoFramebufferTileFunc) (VireoFramebuffer *framebuffer,
                                          guint             tx,
                                          guint             ty,
                                          const VireoRect  *rect,
                                          gpointer          user_data);

/* Calls @func for every dirty tile, row by row, and clears the dirty marks.
 * Returns how many tiles were dirty. */
guint             vireo_framebuffer_foreach_dirty_tile (VireoFramebuffer        *self,
                                                        VireoFramebufferTileFunc func,
                                                        gpointer                 user_data);

/* A copy of tile (@tx, @ty)'s pixels, rows packed (stride = tile width * 4),
 * ready for gdk_memory_texture_new (w, h, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
 * bytes, w * 4). Fills @rect with the tile's area when non-NULL. */
GBytes           *vireo_framebuffer_copy_tile        (VireoFramebuffer *self,
                                                      guint             tx,
                                                      guint             ty,
                                                      VireoRect        *rect);

/* A copy of the whole screen (stride = width * 4), e.g. for a screenshot. */
GBytes           *vireo_framebuffer_copy_all         (VireoFramebuffer *self);

G_END_DECLS
