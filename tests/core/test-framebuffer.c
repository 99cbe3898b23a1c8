/* test-framebuffer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Damage → tiles: an update rebuilds exactly the tiles it touches, at the
 * screen edges and with odd screen sizes too, and the pixels it touched
 * come out opaque.
 */
#define G_LOG_DOMAIN "vireo-test-framebuffer"

#include "config.h"

#include <string.h>

#include "vireo-framebuffer.h"

static guint8
alpha_at (VireoFramebuffer *fb,
          int               x,
          int               y)
{
  return vireo_framebuffer_get_data (fb)[(gsize) y * vireo_framebuffer_get_stride (fb) + x * 4 + 3];
}

/* zeroes every pixel, as a decoder writing X = 0 would */
static void
scribble_zero (VireoFramebuffer *fb)
{
  memset (vireo_framebuffer_get_data (fb), 0,
          (gsize) vireo_framebuffer_get_stride (fb) * vireo_framebuffer_get_height (fb));
}

/* the dirty tiles as a string of '#' and '.', rows separated by '|' */
static char *
dirty_map (VireoFramebuffer *fb)
{
  GString *s = g_string_new (NULL);

  for (guint ty = 0; ty < vireo_framebuffer_get_n_tiles_y (fb); ty++)
    {
      if (ty > 0)
        g_string_append_c (s, '|');
      for (guint tx = 0; tx < vireo_framebuffer_get_n_tiles_x (fb); tx++)
        g_string_append_c (s, vireo_framebuffer_is_tile_dirty (fb, tx, ty) ? '#' : '.');
    }
  return g_string_free (s, FALSE);
}

static void
assert_dirty (VireoFramebuffer *fb,
              const char       *expected)
{
  g_autofree char *map = dirty_map (fb);
  guint n = 0;

  g_assert_cmpstr (map, ==, expected);
  for (const char *p = expected; *p; p++)
    n += *p == '#';
  g_assert_cmpuint (vireo_framebuffer_get_n_dirty (fb), ==, n);
}

static void
test_new (void)
{
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (1024, 768, 256);

  g_assert_cmpint (vireo_framebuffer_get_width (fb), ==, 1024);
  g_assert_cmpint (vireo_framebuffer_get_height (fb), ==, 768);
  g_assert_cmpint (vireo_framebuffer_get_stride (fb), ==, 4096);
  g_assert_cmpuint (vireo_framebuffer_get_n_tiles_x (fb), ==, 4);
  g_assert_cmpuint (vireo_framebuffer_get_n_tiles_y (fb), ==, 3);
  /* a new screen is opaque black and entirely to be drawn */
  assert_dirty (fb, "####|####|####");
  for (int y = 0; y < 768; y += 97)
    for (int x = 0; x < 1024; x += 101)
      {
        const guint8 *p = vireo_framebuffer_get_data (fb) + (gsize) y * 4096 + x * 4;

        g_assert_cmpuint (p[0] | p[1] | p[2], ==, 0);
        g_assert_cmpuint (p[3], ==, 0xff);
      }

  {
    g_autoptr(VireoFramebuffer) small = vireo_framebuffer_new (10, 10, 0);

    g_assert_cmpint (vireo_framebuffer_get_tile_size (small), ==, VIREO_FRAMEBUFFER_DEFAULT_TILE_SIZE);
  }
}

static void
test_tile_rects_odd_size (void)
{
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (1023, 767, 128);
  VireoRect r;

  /* 1023 = 7 * 128 + 127, 767 = 5 * 128 + 127 */
  g_assert_cmpuint (vireo_framebuffer_get_n_tiles_x (fb), ==, 8);
  g_assert_cmpuint (vireo_framebuffer_get_n_tiles_y (fb), ==, 6);

  g_assert_true (vireo_framebuffer_get_tile_rect (fb, 0, 0, &r));
  g_assert_cmpint (r.x, ==, 0);
  g_assert_cmpint (r.y, ==, 0);
  g_assert_cmpint (r.width, ==, 128);
  g_assert_cmpint (r.height, ==, 128);

  g_assert_true (vireo_framebuffer_get_tile_rect (fb, 7, 5, &r));
  g_assert_cmpint (r.x, ==, 896);
  g_assert_cmpint (r.y, ==, 640);
  g_assert_cmpint (r.width, ==, 127);
  g_assert_cmpint (r.height, ==, 127);

  g_assert_false (vireo_framebuffer_get_tile_rect (fb, 8, 0, &r));
  g_assert_false (vireo_framebuffer_get_tile_rect (fb, 0, 6, &r));

  /* the tiles cover the screen exactly once */
  {
    gsize area = 0;

    for (guint ty = 0; ty < 6; ty++)
      for (guint tx = 0; tx < 8; tx++)
        {
          g_assert_true (vireo_framebuffer_get_tile_rect (fb, tx, ty, &r));
          area += (gsize) r.width * r.height;
        }
    g_assert_cmpuint (area, ==, 1023 * 767);
  }
}

static void
test_damage_tiles (void)
{
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (1024, 768, 256);

  vireo_framebuffer_clear_dirty (fb);
  assert_dirty (fb, "....|....|....");

  /* inside one tile */
  g_assert_true (vireo_framebuffer_damage (fb, 10, 10, 20, 20));
  assert_dirty (fb, "#...|....|....");
  vireo_framebuffer_clear_dirty (fb);

  /* the last pixel of a tile, and the first of the next: one tile each */
  vireo_framebuffer_damage (fb, 255, 0, 1, 1);
  assert_dirty (fb, "#...|....|....");
  vireo_framebuffer_clear_dirty (fb);
  vireo_framebuffer_damage (fb, 256, 0, 1, 1);
  assert_dirty (fb, ".#..|....|....");
  vireo_framebuffer_clear_dirty (fb);

  /* straddling a corner: four tiles */
  vireo_framebuffer_damage (fb, 255, 255, 2, 2);
  assert_dirty (fb, "##..|##..|....");
  vireo_framebuffer_clear_dirty (fb);

  /* exactly one tile, to its edge */
  vireo_framebuffer_damage (fb, 256, 256, 256, 256);
  assert_dirty (fb, "....|.#..|....");
  vireo_framebuffer_clear_dirty (fb);

  /* the bottom-right pixel */
  vireo_framebuffer_damage (fb, 1023, 767, 1, 1);
  assert_dirty (fb, "....|....|...#");
  vireo_framebuffer_clear_dirty (fb);

  /* a thin full-width line */
  vireo_framebuffer_damage (fb, 0, 300, 1024, 1);
  assert_dirty (fb, "....|####|....");
  vireo_framebuffer_clear_dirty (fb);

  /* damage accumulates until the tiles are rebuilt */
  vireo_framebuffer_damage (fb, 0, 0, 1, 1);
  vireo_framebuffer_damage (fb, 0, 0, 1, 1);
  vireo_framebuffer_damage (fb, 800, 600, 5, 5);
  assert_dirty (fb, "#...|....|...#");
}

static void
test_damage_clipping (void)
{
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (1023, 767, 128);

  vireo_framebuffer_clear_dirty (fb);

  /* empty and inverted rectangles do nothing */
  g_assert_false (vireo_framebuffer_damage (fb, 10, 10, 0, 10));
  g_assert_false (vireo_framebuffer_damage (fb, 10, 10, 10, 0));
  g_assert_false (vireo_framebuffer_damage (fb, 10, 10, -5, 10));
  /* entirely off screen */
  g_assert_false (vireo_framebuffer_damage (fb, 1023, 0, 10, 10));
  g_assert_false (vireo_framebuffer_damage (fb, 0, 767, 10, 10));
  g_assert_false (vireo_framebuffer_damage (fb, -20, -20, 20, 20));
  g_assert_false (vireo_framebuffer_damage (fb, G_MAXINT - 1, 0, G_MAXINT, 1));
  assert_dirty (fb, "........|........|........|........|........|........");
}

static void
test_damage_clipping_partial (void)
{
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (1023, 767, 128);

  vireo_framebuffer_clear_dirty (fb);
  scribble_zero (fb);

  /* partly off the top-left corner: only tile (0, 0), only pixels on screen */
  g_assert_true (vireo_framebuffer_damage (fb, -50, -50, 60, 60));
  assert_dirty (fb, "#.......|........|........|........|........|........");
  g_assert_cmpuint (alpha_at (fb, 0, 0), ==, 0xff);
  g_assert_cmpuint (alpha_at (fb, 9, 9), ==, 0xff);
  g_assert_cmpuint (alpha_at (fb, 10, 9), ==, 0);
  g_assert_cmpuint (alpha_at (fb, 9, 10), ==, 0);
  vireo_framebuffer_clear_dirty (fb);

  /* partly off the bottom-right corner: the narrow last tile */
  g_assert_true (vireo_framebuffer_damage (fb, 1000, 700, 500, 500));
  assert_dirty (fb, "........|........|........|........|........|.......#");
  g_assert_cmpuint (alpha_at (fb, 1022, 766), ==, 0xff);
  g_assert_cmpuint (alpha_at (fb, 1000, 700), ==, 0xff);
  g_assert_cmpuint (alpha_at (fb, 999, 700), ==, 0);
  g_assert_cmpuint (alpha_at (fb, 1000, 699), ==, 0);
  vireo_framebuffer_clear_dirty (fb);

  /* huge rectangles do not overflow */
  g_assert_true (vireo_framebuffer_damage (fb, -G_MAXINT / 2, -G_MAXINT / 2, G_MAXINT, G_MAXINT));
  g_assert_cmpuint (vireo_framebuffer_get_n_dirty (fb), ==, 8 * 6);
}

static void
test_damage_full_screen (void)
{
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (1023, 767, 128);
  guint count = 0;

  vireo_framebuffer_clear_dirty (fb);
  scribble_zero (fb);
  g_assert_true (vireo_framebuffer_damage (fb, 0, 0, 1023, 767));
  g_assert_cmpuint (vireo_framebuffer_get_n_dirty (fb), ==, 8 * 6);

  for (int y = 0; y < 767; y++)
    for (int x = 0; x < 1023; x++)
      if (alpha_at (fb, x, y) != 0xff)
        g_error ("pixel %d,%d not opaque", x, y);

  /* oversized full-screen damage marks the same tiles */
  vireo_framebuffer_clear_dirty (fb);
  vireo_framebuffer_damage (fb, -1, -1, 5000, 5000);
  g_assert_cmpuint (vireo_framebuffer_get_n_dirty (fb), ==, 8 * 6);

  count = vireo_framebuffer_foreach_dirty_tile (fb, NULL, NULL);
  g_assert_cmpuint (count, ==, 48);
  g_assert_cmpuint (vireo_framebuffer_get_n_dirty (fb), ==, 0);
}

static void
test_alpha_exact (void)
{
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (300, 200, 128);
  guint8 *data = vireo_framebuffer_get_data (fb);
  int stride = vireo_framebuffer_get_stride (fb);

  scribble_zero (fb);
  /* colour bytes are left alone */
  data[(gsize) 50 * stride + 40 * 4 + 0] = 0x12;
  data[(gsize) 50 * stride + 40 * 4 + 1] = 0x34;
  data[(gsize) 50 * stride + 40 * 4 + 2] = 0x56;

  vireo_framebuffer_damage (fb, 40, 50, 3, 2);

  for (int y = 0; y < 200; y++)
    for (int x = 0; x < 300; x++)
      {
        gboolean inside = x >= 40 && x < 43 && y >= 50 && y < 52;

        if (alpha_at (fb, x, y) != (inside ? 0xff : 0))
          g_error ("pixel %d,%d alpha %u", x, y, alpha_at (fb, x, y));
      }
  g_assert_cmphex (data[(gsize) 50 * stride + 40 * 4 + 0], ==, 0x12);
  g_assert_cmphex (data[(gsize) 50 * stride + 40 * 4 + 1], ==, 0x34);
  g_assert_cmphex (data[(gsize) 50 * stride + 40 * 4 + 2], ==, 0x56);
}

static void
test_one_pixel (void)
{
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (1, 1, 128);
  g_autoptr(GBytes) tile = NULL;
  VireoRect r;

  g_assert_cmpuint (vireo_framebuffer_get_n_tiles_x (fb), ==, 1);
  g_assert_cmpuint (vireo_framebuffer_get_n_tiles_y (fb), ==, 1);
  g_assert_true (vireo_framebuffer_get_tile_rect (fb, 0, 0, &r));
  g_assert_cmpint (r.width, ==, 1);
  g_assert_cmpint (r.height, ==, 1);

  vireo_framebuffer_clear_dirty (fb);
  scribble_zero (fb);
  g_assert_false (vireo_framebuffer_damage (fb, 1, 0, 1, 1));
  g_assert_false (vireo_framebuffer_damage (fb, 0, 1, 1, 1));
  g_assert_true (vireo_framebuffer_damage (fb, 0, 0, 1, 1));
  assert_dirty (fb, "#");
  g_assert_cmpuint (alpha_at (fb, 0, 0), ==, 0xff);

  tile = vireo_framebuffer_copy_tile (fb, 0, 0, &r);
  g_assert_cmpuint (g_bytes_get_size (tile), ==, 4);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (tile, NULL))[3], ==, 0xff);
}

typedef struct
{
  guint     n;
  VireoRect rects[8];
} Collected;

static void
collect_tile (VireoFramebuffer *fb,
              guint             tx,
              guint             ty,
              const VireoRect  *rect,
              gpointer          user_data)
{
  Collected *c = user_data;

  g_assert_cmpuint (c->n, <, G_N_ELEMENTS (c->rects));
  c->rects[c->n++] = *rect;
}

static void
test_foreach_and_copy (void)
{
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (300, 200, 128);
  guint8 *data = vireo_framebuffer_get_data (fb);
  int stride = vireo_framebuffer_get_stride (fb);
  g_autoptr(GBytes) tile = NULL;
  Collected c = { 0 };
  const guint8 *p;
  VireoRect r;

  vireo_framebuffer_clear_dirty (fb);
  /* a marker pixel in the bottom-right tile (256..299, 128..199) */
  data[(gsize) 199 * stride + 299 * 4 + 2] = 0xab;
  vireo_framebuffer_damage (fb, 299, 199, 1, 1);
  vireo_framebuffer_damage (fb, 0, 0, 1, 1);

  g_assert_cmpuint (vireo_framebuffer_foreach_dirty_tile (fb, collect_tile, &c), ==, 2);
  g_assert_cmpuint (c.n, ==, 2);
  /* row by row */
  g_assert_cmpint (c.rects[0].x, ==, 0);
  g_assert_cmpint (c.rects[0].y, ==, 0);
  g_assert_cmpint (c.rects[1].x, ==, 256);
  g_assert_cmpint (c.rects[1].y, ==, 128);
  g_assert_cmpint (c.rects[1].width, ==, 44);
  g_assert_cmpint (c.rects[1].height, ==, 72);
  g_assert_cmpuint (vireo_framebuffer_get_n_dirty (fb), ==, 0);
  g_assert_cmpuint (vireo_framebuffer_foreach_dirty_tile (fb, collect_tile, &c), ==, 0);

  /* the tile copy is packed (stride = tile width * 4) */
  tile = vireo_framebuffer_copy_tile (fb, 2, 1, &r);
  g_assert_cmpuint (g_bytes_get_size (tile), ==, 44 * 72 * 4);
  p = g_bytes_get_data (tile, NULL);
  g_assert_cmphex (p[(gsize) 71 * 44 * 4 + 43 * 4 + 2], ==, 0xab);
  g_assert_cmphex (p[(gsize) 71 * 44 * 4 + 43 * 4 + 3], ==, 0xff);
  g_assert_null (vireo_framebuffer_copy_tile (fb, 3, 0, NULL));
}

static void
test_update_from (void)
{
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (200, 100, 64);
  int src_stride = 200 * 4 + 32;   /* a wider source stride, as SPICE may have */
  g_autofree guint8 *src = g_malloc0 ((gsize) src_stride * 100);
  const guint8 *data = vireo_framebuffer_get_data (fb);

  for (int y = 0; y < 100; y++)
    for (int x = 0; x < 200; x++)
      {
        src[(gsize) y * src_stride + x * 4 + 0] = x;
        src[(gsize) y * src_stride + x * 4 + 1] = y;
        src[(gsize) y * src_stride + x * 4 + 2] = 0x77;
        src[(gsize) y * src_stride + x * 4 + 3] = 0;   /* SPICE's X byte */
      }

  vireo_framebuffer_clear_dirty (fb);
  vireo_framebuffer_update_from (fb, src, src_stride, 60, 10, 10, 60);
  assert_dirty (fb, "##..|##..");
  /* copied with alpha forced */
  g_assert_cmpuint (data[(gsize) 20 * 800 + 65 * 4 + 0], ==, 65);
  g_assert_cmpuint (data[(gsize) 20 * 800 + 65 * 4 + 1], ==, 20);
  g_assert_cmpuint (data[(gsize) 20 * 800 + 65 * 4 + 2], ==, 0x77);
  g_assert_cmpuint (data[(gsize) 20 * 800 + 65 * 4 + 3], ==, 0xff);
  /* outside the rectangle: still the initial black */
  g_assert_cmpuint (data[(gsize) 20 * 800 + 59 * 4 + 2], ==, 0);
  g_assert_cmpuint (data[(gsize) 70 * 800 + 65 * 4 + 2], ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/framebuffer/new", test_new);
  g_test_add_func ("/framebuffer/tile-rects-odd-size", test_tile_rects_odd_size);
  g_test_add_func ("/framebuffer/damage-tiles", test_damage_tiles);
  g_test_add_func ("/framebuffer/damage-empty-offscreen", test_damage_clipping);
  g_test_add_func ("/framebuffer/damage-partly-offscreen", test_damage_clipping_partial);
  g_test_add_func ("/framebuffer/damage-full-screen", test_damage_full_screen);
  g_test_add_func ("/framebuffer/alpha-exact", test_alpha_exact);
  g_test_add_func ("/framebuffer/one-pixel", test_one_pixel);
  g_test_add_func ("/framebuffer/foreach-and-copy", test_foreach_and_copy);
  g_test_add_func ("/framebuffer/update-from", test_update_from);

  return g_test_run ();
}
