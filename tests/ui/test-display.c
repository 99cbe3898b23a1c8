/* test-display.c — the console display widget draws the guest's screen
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A VireoDisplay in a window under Xvfb is fed by a fake console session (a
 * small VireoConsoleSession subclass defined here) whose framebuffer holds
 * known pixels. Rendered to pixels, the widget must show exactly the
 * framebuffer at 1:1 and the same picture letter-boxed (black bars, aspect
 * kept) when it fits the window. A damage rebuilds only the tiles it
 * touches. Key events through the widget's key controller reach the session
 * as the right QEMU qnums, the release combination ends the keyboard grab,
 * and losing the focus lifts every key still down.
 */
#define G_LOG_DOMAIN "test-display"

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include <gdk/x11/gdkx.h>

#include "vireo-display.h"
#include "vireo-keymap.h"

#include "console-test-util.h"
#include "ui-test-util.h"

#define FB_WIDTH  300
#define FB_HEIGHT 200
#define TILE      128

/* -- a fake session (console-test-util.h) ---------------------------------------- */

/* the known picture: smooth gradients (so a scaled copy stays close) */
static void
expected_pixel (int     x,
                int     y,
                guint8 *bgr)
{
  bgr[0] = x * 255 / (FB_WIDTH - 1);
  bgr[1] = y * 255 / (FB_HEIGHT - 1);
  bgr[2] = 0x40;
}

static FakeSession *
fake_session_new_with_picture (void)
{
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (FB_WIDTH, FB_HEIGHT, TILE);
  guint8 *data = vireo_framebuffer_get_data (fb);
  int stride = vireo_framebuffer_get_stride (fb);

  for (int y = 0; y < FB_HEIGHT; y++)
    for (int x = 0; x < FB_WIDTH; x++)
      {
        guint8 *p = data + y * stride + x * 4;

        expected_pixel (x, y, p);
        p[3] = 0;   /* the framebuffer must force the X byte */
      }
  vireo_framebuffer_damage (fb, 0, 0, FB_WIDTH, FB_HEIGHT);
  return fake_session_new_showing (fb);
}

/* -- helpers ------------------------------------------------------------------- */

typedef struct
{
  guchar *pixels;
  gsize   stride;
  int     width;
  int     height;
} Image;

static void
render (GtkWidget  *widget,
        Image      *image,
        const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  /* the paintable draws nothing while a layout is pending: wait for it */
  for (int i = 0; i < 100 && node == NULL; i++)
    {
      ui_test_spin (20);
      image->width = gtk_widget_get_width (widget);
      image->height = gtk_widget_get_height (widget);
      g_assert_cmpint (image->width, >, 0);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, image->width, image->height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, image->width, image->height));
  image->stride = image->width * 4;
  image->pixels = g_malloc (image->stride * image->height);
  gdk_texture_download (texture, image->pixels, image->stride);

  if (g_getenv ("VIREO_TEST_PNG_DIR") != NULL)
    {
      g_autofree char *file = g_strdup_printf ("display-%s.png", name);
      g_autofree char *path = g_build_filename (g_getenv ("VIREO_TEST_PNG_DIR"), file, NULL);

      gdk_texture_save_to_png (texture, path);
    }
}

static const guchar *
pixel_at (const Image *image,
          int          x,
          int          y)
{
  return image->pixels + y * image->stride + x * 4;
}

typedef struct
{
  GtkWidget    *window;
  VireoDisplay *display;
  FakeSession  *session;
} Fixture;

static void
fixture_setup (Fixture *f,
               int      width,
               int      height)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  f->window = gtk_window_new ();
  f->display = VIREO_DISPLAY (vireo_display_new ());
  f->session = fake_session_new_with_picture ();
  gtk_widget_set_size_request (GTK_WIDGET (f->display), width, height);
  gtk_widget_set_halign (GTK_WIDGET (f->display), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (f->display), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->display));
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width + 20, height + 20);
  vireo_display_set_session (f->display, VIREO_CONSOLE_SESSION (f->session));
  gtk_window_present (GTK_WINDOW (f->window));
  for (int i = 0; i < 300 && !gtk_widget_get_mapped (GTK_WIDGET (f->display)); i++)
    ui_test_spin (10);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->display)));
  ui_test_spin (100);
}

static void
fixture_teardown (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->session);
  ui_test_spin (50);
}

/* -- tests ------------------------------------------------------------------------ */

static void
test_one_to_one (void)
{
  Fixture f;
  Image image = { 0 };
  guint mismatches = 0;

  fixture_setup (&f, FB_WIDTH, FB_HEIGHT);
  vireo_display_set_scaling (f.display, VIREO_DISPLAY_SCALING_NEVER);
  ui_test_spin (50);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f.display)), ==, FB_WIDTH);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f.display)), ==, FB_HEIGHT);
  /* 3 x 2 tiles, the last column and row narrower */
  g_assert_cmpuint (vireo_display_get_n_tile_uploads (f.display), ==,
                    ((FB_WIDTH + TILE - 1) / TILE) * ((FB_HEIGHT + TILE - 1) / TILE));

  render (GTK_WIDGET (f.display), &image, "1to1");
  for (int y = 0; y < FB_HEIGHT; y++)
    for (int x = 0; x < FB_WIDTH; x++)
      {
        const guchar *p = pixel_at (&image, x, y);
        guint8 e[3];

        expected_pixel (x, y, e);
        if (p[0] != e[0] || p[1] != e[1] || p[2] != e[2] || p[3] != 0xff)
          {
            if (mismatches++ < 5)
              g_test_message ("(%d, %d): %02x%02x%02x%02x, expected %02x%02x%02xff",
                              x, y, p[0], p[1], p[2], p[3], e[0], e[1], e[2]);
          }
      }
  g_assert_cmpuint (mismatches, ==, 0);
  g_free (image.pixels);
  fixture_teardown (&f);
}

static void
test_letterbox (void)
{
  Fixture f;
  Image image = { 0 };
  int gx, gy;

  /* 600 x 300: the 300 x 200 screen fits at 1.5x, 450 x 300, with 75 px
   * black bars left and right */
  fixture_setup (&f, 600, 300);
  vireo_display_set_scaling (f.display, VIREO_DISPLAY_SCALING_ALWAYS);
  ui_test_spin (50);
  render (GTK_WIDGET (f.display), &image, "letterbox");

  for (int y = 0; y < 300; y += 7)
    {
      const guchar *l = pixel_at (&image, 10, y), *r = pixel_at (&image, 590, y);

      g_assert_cmpuint (l[0] | l[1] | l[2], ==, 0);
      g_assert_cmpuint (r[0] | r[1] | r[2], ==, 0);
    }
  for (int y = 10; y < 290; y += 13)
    for (int x = 85; x < 515; x += 11)
      {
        const guchar *p = pixel_at (&image, x, y);
        double gxf = (x + 0.5 - 75) / 1.5 - 0.5, gyf = (y + 0.5) / 1.5 - 0.5;
        double eb = gxf * 255 / (FB_WIDTH - 1), eg = gyf * 255 / (FB_HEIGHT - 1);

        /* linear filtering of a smooth gradient: within a few steps */
        if (fabs (p[0] - eb) > 3 || fabs (p[1] - eg) > 3 || abs (p[2] - 0x40) > 1)
          g_error ("(%d, %d) is %02x %02x %02x, expected about %.0f %.0f 40", x, y, p[0], p[1], p[2], eb, eg);
      }

  /* pointer positions map back through the same geometry */
  g_assert_true (vireo_display_widget_to_guest (f.display, 75, 0, &gx, &gy));
  g_assert_cmpint (gx, ==, 0);
  g_assert_cmpint (gy, ==, 0);
  g_assert_true (vireo_display_widget_to_guest (f.display, 300, 150, &gx, &gy));
  g_assert_cmpint (gx, ==, 150);
  g_assert_cmpint (gy, ==, 100);
  g_assert_true (vireo_display_widget_to_guest (f.display, 599, 299, &gx, &gy));
  g_assert_cmpint (gx, ==, FB_WIDTH - 1);
  g_assert_cmpint (gy, ==, FB_HEIGHT - 1);

  /* "fullscreen" scaling in a normal window: 1:1, centred */
  vireo_display_set_scaling (f.display, VIREO_DISPLAY_SCALING_FULLSCREEN);
  g_free (image.pixels);
  render (GTK_WIDGET (f.display), &image, "fullscreen-only");
  {
    const guchar *p = pixel_at (&image, 150 + 10, 50 + 20);
    guint8 e[3];

    expected_pixel (10, 20, e);
    g_assert_cmpuint (p[0], ==, e[0]);
    g_assert_cmpuint (p[1], ==, e[1]);
    g_assert_cmpuint (p[2], ==, e[2]);
    p = pixel_at (&image, 149, 49);
    g_assert_cmpuint (p[0] | p[1] | p[2], ==, 0);
  }
  g_free (image.pixels);
  fixture_teardown (&f);
}

/* tiles are built when the widget paints: wait for the next frame(s) */
static guint
uploads_after_paint (Fixture *f,
                     guint    before,
                     guint    expected)
{
  for (int i = 0; i < 100 && vireo_display_get_n_tile_uploads (f->display) - before < expected; i++)
    ui_test_spin (10);
  ui_test_spin (50);
  return vireo_display_get_n_tile_uploads (f->display) - before;
}

static void
test_partial_damage (void)
{
  Fixture f;
  Image image = { 0 };
  VireoFramebuffer *fb;
  guint before;
  guint8 *data;
  int stride;

  fixture_setup (&f, FB_WIDTH, FB_HEIGHT);
  vireo_display_set_scaling (f.display, VIREO_DISPLAY_SCALING_NEVER);
  fb = vireo_console_session_get_framebuffer (VIREO_CONSOLE_SESSION (f.session));
  data = vireo_framebuffer_get_data (fb);
  stride = vireo_framebuffer_get_stride (fb);

  /* inside one tile: one upload */
  before = vireo_display_get_n_tile_uploads (f.display);
  for (int y = 10; y < 30; y++)
    for (int x = 10; x < 30; x++)
      memcpy (data + y * stride + x * 4, "\x00\x00\xff\x00", 4);
  vireo_framebuffer_damage (fb, 10, 10, 20, 20);
  vireo_console_session_emit_damage (VIREO_CONSOLE_SESSION (f.session), 10, 10, 20, 20);
  g_assert_cmpuint (uploads_after_paint (&f, before, 1), ==, 1);

  /* across a tile corner: four */
  before = vireo_display_get_n_tile_uploads (f.display);
  for (int y = 120; y < 140; y++)
    for (int x = 120; x < 140; x++)
      memcpy (data + y * stride + x * 4, "\xff\x00\x00\x00", 4);
  vireo_framebuffer_damage (fb, 120, 120, 20, 20);
  vireo_console_session_emit_damage (VIREO_CONSOLE_SESSION (f.session), 120, 120, 20, 20);
  g_assert_cmpuint (uploads_after_paint (&f, before, 4), ==, 4);

  /* the bottom-right edge tile (narrow and short): one */
  before = vireo_display_get_n_tile_uploads (f.display);
  vireo_framebuffer_damage (fb, FB_WIDTH - 1, FB_HEIGHT - 1, 5, 5);
  vireo_console_session_emit_damage (VIREO_CONSOLE_SESSION (f.session), FB_WIDTH - 1, FB_HEIGHT - 1, 1, 1);
  g_assert_cmpuint (uploads_after_paint (&f, before, 1), ==, 1);

  ui_test_spin (50);
  render (GTK_WIDGET (f.display), &image, "damage");
  g_assert_cmpuint (pixel_at (&image, 15, 15)[2], ==, 0xff);   /* red square */
  g_assert_cmpuint (pixel_at (&image, 15, 15)[0], ==, 0x00);
  g_assert_cmpuint (pixel_at (&image, 130, 130)[0], ==, 0xff); /* blue square */
  g_assert_cmpuint (pixel_at (&image, 130, 130)[2], ==, 0x00);
  {
    guint8 e[3];

    expected_pixel (200, 50, e);
    g_assert_cmpuint (pixel_at (&image, 200, 50)[0], ==, e[0]);
  }

  /* the screenshot is the framebuffer, whole */
  {
    g_autoptr(GdkTexture) shot = vireo_display_get_screenshot (f.display);
    g_autofree guchar *pixels = g_malloc (FB_WIDTH * FB_HEIGHT * 4);

    g_assert_nonnull (shot);
    g_assert_cmpint (gdk_texture_get_width (shot), ==, FB_WIDTH);
    g_assert_cmpint (gdk_texture_get_height (shot), ==, FB_HEIGHT);
    gdk_texture_download (shot, pixels, FB_WIDTH * 4);
    g_assert_cmpuint (pixels[(15 * FB_WIDTH + 15) * 4 + 2], ==, 0xff);
    g_assert_cmpuint (pixels[(15 * FB_WIDTH + 15) * 4 + 3], ==, 0xff);
  }

  g_free (image.pixels);
  fixture_teardown (&f);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;   /* the widget keeps it */
    }
  g_assert_not_reached ();
}

static gboolean
press (GtkEventController *keys,
       guint               keyval,
       guint               keycode,
       GdkModifierType     state)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, keycode, state, &handled);
  return handled;
}

static void
release (GtkEventController *keys,
         guint               keyval,
         guint               keycode,
         GdkModifierType     state)
{
  g_signal_emit_by_name (keys, "key-released", keyval, keycode, state);
}

static void
test_keys (void)
{
  Fixture f;
  GtkEventController *keys, *focus;
  VireoConsoleSession *session;

  fixture_setup (&f, FB_WIDTH, FB_HEIGHT);
  session = VIREO_CONSOLE_SESSION (f.session);
  keys = find_controller (GTK_WIDGET (f.display), GTK_TYPE_EVENT_CONTROLLER_KEY);
  focus = find_controller (GTK_WIDGET (f.display), GTK_TYPE_EVENT_CONTROLLER_FOCUS);

  /* X keycodes are evdev + 8: 'a' is KEY_A (30) → qnum 0x1e */
  g_assert_true (press (keys, GDK_KEY_a, 30 + 8, 0));
  g_assert_true (fake_session_has_key (f.session, 0x1e, TRUE));
  release (keys, GDK_KEY_a, 30 + 8, 0);
  g_assert_true (fake_session_has_key (f.session, 0x1e, FALSE));
  /* Right Ctrl (KEY_RIGHTCTRL 97) → E0 1D → 0x9d; Up (103) → E0 48 → 0xc8;
   * F12 (88) → 0x58; keypad Enter (96) → E0 1C → 0x9c */
  press (keys, GDK_KEY_Control_R, 97 + 8, 0);
  g_assert_true (fake_session_has_key (f.session, VIREO_QNUM_RIGHT_CTRL, TRUE));
  press (keys, GDK_KEY_Up, 103 + 8, GDK_CONTROL_MASK);
  g_assert_true (fake_session_has_key (f.session, 0xc8, TRUE));
  press (keys, GDK_KEY_F12, 88 + 8, GDK_CONTROL_MASK);
  g_assert_true (fake_session_has_key (f.session, VIREO_QNUM_F12, TRUE));
  press (keys, GDK_KEY_KP_Enter, 96 + 8, GDK_CONTROL_MASK);
  g_assert_true (fake_session_has_key (f.session, 0x9c, TRUE));
  g_assert_cmpuint (vireo_console_session_get_n_keys_down (session), ==, 4);

  /* focus leaves: every key still down is lifted */
  g_signal_emit_by_name (focus, "leave");
  g_assert_cmpuint (vireo_console_session_get_n_keys_down (session), ==, 0);
  g_assert_true (fake_session_has_key (f.session, VIREO_QNUM_RIGHT_CTRL, FALSE));
  g_assert_true (fake_session_has_key (f.session, 0xc8, FALSE));
  g_assert_true (fake_session_has_key (f.session, 0x9c, FALSE));

  /* grab, then Ctrl+Alt releases it (and the guest keeps no modifier down) */
  vireo_display_grab_keyboard (f.display, NULL);
  g_assert_true (vireo_display_get_grabbed (f.display));
  press (keys, GDK_KEY_Control_L, 29 + 8, 0);
  g_assert_true (fake_session_has_key (f.session, VIREO_QNUM_LEFT_CTRL, TRUE));
  g_assert_true (vireo_display_get_grabbed (f.display));
  press (keys, GDK_KEY_Alt_L, 56 + 8, GDK_CONTROL_MASK);
  g_assert_false (vireo_display_get_grabbed (f.display));
  g_assert_cmpuint (vireo_console_session_get_n_keys_down (session), ==, 0);
  {
    g_autofree char *label = vireo_display_get_release_label (f.display);

    g_assert_cmpstr (label, ==, "Ctrl+Alt");
  }

  /* another release combination */
  vireo_display_set_release_keys (f.display, "<Control><Shift>g");
  vireo_display_grab_keyboard (f.display, NULL);
  press (keys, GDK_KEY_Alt_L, 56 + 8, GDK_CONTROL_MASK);
  g_assert_true (vireo_display_get_grabbed (f.display));
  press (keys, GDK_KEY_G, 34 + 8, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_false (vireo_display_get_grabbed (f.display));

  fixture_teardown (&f);
}

static void
test_session_gone (void)
{
  Fixture f;
  Image image = { 0 };

  fixture_setup (&f, FB_WIDTH, FB_HEIGHT);
  vireo_display_set_session (f.display, NULL);
  g_assert_null (vireo_display_get_screenshot (f.display));
  ui_test_spin (50);
  render (GTK_WIDGET (f.display), &image, "no-session");
  /* black, no stale picture */
  g_assert_cmpuint (pixel_at (&image, 150, 100)[0] | pixel_at (&image, 150, 100)[1], ==, 0);
  g_free (image.pixels);
  fixture_teardown (&f);
}


/* -- relative pointer: real pointer motion on the X server -------------------------- */

/* the display's top-left corner on the X screen */
static void
display_origin (Fixture *f,
                int     *rx,
                int     *ry)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (f->display));
  GdkSurface *surface = gtk_native_get_surface (native);
  Display *xdpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (f->display)));
  graphene_point_t p;
  double nx, ny;
  Window child;

  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (f->display), GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (0, 0), &p));
  gtk_native_get_surface_transform (native, &nx, &ny);
  XTranslateCoordinates (xdpy, gdk_x11_surface_get_xid (surface), DefaultRootWindow (xdpy),
                         (int) (p.x + nx), (int) (p.y + ny), rx, ry, &child);
}

/* moves the X pointer to (x, y) of the display, as a mouse would */
static void
move_pointer (Fixture *f,
              int      x,
              int      y)
{
  Display *xdpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (f->display)));
  int ox, oy;

  display_origin (f, &ox, &oy);
  XWarpPointer (xdpy, None, DefaultRootWindow (xdpy), 0, 0, 0, 0, ox + x, oy + y);
  XFlush (xdpy);
  ui_test_spin (80);
}

/* where the X pointer is, in the display's coordinates */
static void
query_pointer (Fixture *f,
               int     *x,
               int     *y)
{
  Display *xdpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (f->display)));
  Window root, child;
  int rx, ry, wx, wy, ox, oy;
  unsigned int mask;

  XQueryPointer (xdpy, DefaultRootWindow (xdpy), &root, &child, &rx, &ry, &wx, &wy, &mask);
  display_origin (f, &ox, &oy);
  *x = rx - ox;
  *y = ry - oy;
}

static void
test_relative_pointer (void)
{
  Fixture f;
  int cx = FB_WIDTH / 2, cy = FB_HEIGHT / 2, px, py;

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("pointer confinement is implemented for X11 only");
      return;
    }
  fixture_setup (&f, FB_WIDTH, FB_HEIGHT);
  vireo_display_set_scaling (f.display, VIREO_DISPLAY_SCALING_NEVER);
  vireo_console_session_set_pointer_absolute (VIREO_CONSOLE_SESSION (f.session), FALSE);
  ui_test_spin (50);

  /* not grabbed: deltas go to the guest, the pointer is left alone */
  move_pointer (&f, cx, cy);
  f.session->motion_x = f.session->motion_y = 0;
  move_pointer (&f, cx + 10, cy + 5);
  g_assert_cmpint (f.session->motion_x, ==, 10);
  g_assert_cmpint (f.session->motion_y, ==, 5);
  move_pointer (&f, FB_WIDTH - 5, cy + 5);
  g_assert_cmpint (f.session->motion_x, ==, FB_WIDTH - 5 - cx);
  query_pointer (&f, &px, &py);
  g_assert_cmpint (px, ==, FB_WIDTH - 5);

  /* grabbed: near an edge the pointer is put back in the middle, and that
   * jump never reaches the guest; the guest has moved exactly as the mouse */
  vireo_display_grab_keyboard (f.display, NULL);
  g_assert_true (vireo_display_get_grabbed (f.display));
  move_pointer (&f, cx, cy);
  f.session->motion_x = f.session->motion_y = 0;
  move_pointer (&f, cx + 20, cy + 10);
  query_pointer (&f, &px, &py);
  g_assert_cmpint (px, ==, cx + 20);   /* small moves: not recentred */
  move_pointer (&f, FB_WIDTH - 4, cy + 30);
  g_assert_cmpint (f.session->motion_x, ==, FB_WIDTH - 4 - cx);
  g_assert_cmpint (f.session->motion_y, ==, 30);
  query_pointer (&f, &px, &py);
  g_assert_cmpint (abs (px - cx), <=, 1);
  g_assert_cmpint (abs (py - cy), <=, 1);
  /* and from there on, the guest keeps getting the mouse's real deltas */
  move_pointer (&f, px - 40, py);
  g_assert_cmpint (f.session->motion_x, ==, FB_WIDTH - 4 - cx - 40);
  g_assert_cmpint (f.session->motion_y, ==, 30);

  /* released: no more recentring */
  vireo_display_ungrab_keyboard (f.display);
  move_pointer (&f, 3, 3);
  query_pointer (&f, &px, &py);
  g_assert_cmpint (px, ==, 3);
  g_assert_cmpint (py, ==, 3);

  fixture_teardown (&f);
}

/* -- scaled: no seams ------------------------------------------------------------ */

/* The display scaled to @width x @height (fit to window) must look like the
 * whole framebuffer scaled in one piece: the same screenshot as one texture,
 * drawn by the same renderer with the same scale and offset.  A seam at a
 * tile boundary (a light or dark line where two tiles meet) is far outside
 * the tolerance a different filter could explain. */
static void
check_scaled_like_one_piece (int width,
                             int height)
{
  Fixture f;
  UiTestImage image = { 0 }, reference = { 0 };
  g_autoptr(GdkTexture) shot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *name = NULL;
  GskRenderNode *nodes[2];
  static const GdkRGBA black = { 0, 0, 0, 1 };
  GskRenderer *renderer;
  double s, ox, oy;
  guint bad = 0;
  int worst = 0;
  int x0, y0, x1, y1;

  fixture_setup (&f, width, height);
  vireo_display_set_scaling (f.display, VIREO_DISPLAY_SCALING_ALWAYS);
  name = g_strdup_printf ("display-scaled-%dx%d-%s.png", width, height,
                          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (f.display)))));
  ui_test_render (GTK_WIDGET (f.display), name, &image);
  /* the window may give the display more room than it asked for */
  width = image.width;
  height = image.height;

  s = MIN ((double) width / FB_WIDTH, (double) height / FB_HEIGHT);
  ox = (width - FB_WIDTH * s) / 2;
  oy = (height - FB_HEIGHT * s) / 2;
  shot = vireo_display_get_screenshot (f.display);
  nodes[0] = gsk_color_node_new (&black, &GRAPHENE_RECT_INIT (0, 0, width, height));
  nodes[1] = gsk_texture_node_new (shot, &GRAPHENE_RECT_INIT (ox, oy, FB_WIDTH * s, FB_HEIGHT * s));
  node = gsk_container_node_new (nodes, 2);
  gsk_render_node_unref (nodes[0]);
  gsk_render_node_unref (nodes[1]);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (f.display)));
  /* the renderer asked for is the one drawing (run_scaled() checked GL works) */
  g_assert_true ((g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0) == GSK_IS_CAIRO_RENDERER (renderer));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  reference.width = width;
  reference.height = height;
  reference.stride = width * 4;
  reference.pixels = g_malloc (reference.stride * height);
  gdk_texture_download (texture, reference.pixels, reference.stride);

  /* the screen's inside (its outermost pixels are blended with the bars) */
  x0 = (int) ceil (ox) + 2;
  y0 = (int) ceil (oy) + 2;
  x1 = (int) floor (ox + FB_WIDTH * s) - 2;
  y1 = (int) floor (oy + FB_HEIGHT * s) - 2;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guchar *p = image.pixels + y * image.stride + x * 4;
        const guchar *r = reference.pixels + y * reference.stride + x * 4;
        int d = MAX (MAX (abs (p[0] - r[0]), abs (p[1] - r[1])), abs (p[2] - r[2]));

        worst = MAX (worst, d);
        if (d > 4 && bad++ < 5)
          g_test_message ("(%d, %d) is %02x%02x%02x, in one piece %02x%02x%02x",
                          x, y, p[2], p[1], p[0], r[2], r[1], r[0]);
      }
  g_test_message ("scaled %.3f at %dx%d (%s): largest difference %d",
                  s, width, height, G_OBJECT_TYPE_NAME (renderer), worst);
  g_assert_cmpuint (bad, ==, 0);

  ui_test_image_clear (&image);
  ui_test_image_clear (&reference);
  fixture_teardown (&f);
}

static void
test_scaled_subprocess (void)
{
  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /display/scaled/cairo and /display/scaled/gl");
      return;
    }
  /* the window is 20 px larger than asked: below 1:1 the display takes it */
  check_scaled_like_one_piece (199, 126);   /* 0.73, no bars */
  check_scaled_like_one_piece (210, 126);   /* 0.73, bars of 5.5 px left and right */
  check_scaled_like_one_piece (411, 280);   /* 1.37, bars of 3 px above and below */
  check_scaled_like_one_piece (517, 345);   /* 1.723…, bars of 0.5 px */
}

static void
run_scaled (const char *renderer)
{
  g_autofree char *old = g_strdup (g_getenv ("GSK_RENDERER"));

  g_setenv ("GSK_RENDERER", renderer, TRUE);
  g_test_trap_subprocess ("/display/scaled/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (old != NULL)
    g_setenv ("GSK_RENDERER", old, TRUE);
  else
    g_unsetenv ("GSK_RENDERER");
  g_test_trap_assert_passed ();
}

static void
test_scaled_cairo (void)
{
  run_scaled ("cairo");
}

static void
test_scaled_gl (void)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = gdk_display_create_gl_context (gdk_display_get_default (), &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_test_skip_printf ("no GL on this display: %s", error ? error->message : "?");
      return;
    }
  run_scaled ("gl");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/display/one-to-one", test_one_to_one);
  g_test_add_func ("/display/letterbox", test_letterbox);
  g_test_add_func ("/display/partial-damage", test_partial_damage);
  g_test_add_func ("/display/keys", test_keys);
  g_test_add_func ("/display/relative-pointer", test_relative_pointer);
  g_test_add_func ("/display/session-gone", test_session_gone);
  g_test_add_func ("/display/scaled/cairo", test_scaled_cairo);
  g_test_add_func ("/display/scaled/gl", test_scaled_gl);
  g_test_add_func ("/display/scaled/subprocess", test_scaled_subprocess);

  return g_test_run ();
}
