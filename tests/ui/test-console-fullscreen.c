/* test-console-fullscreen.c — a fullscreen console always has a way out
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Console page in a window under Xvfb shows a scripted guest screen (a
 * small VireoConsoleSession subclass defined here, all magenta).  The window
 * goes fullscreen through the toolbar's button, as a person would; the
 * toolbar hides, and the pointer at the top edge of the screen (moved on the
 * X server) brings it back, drawn with a background of its own, not over
 * the guest's pixels.  Keys are typed on the X server (XTEST): with the
 * keyboard grabbed, F11 goes to the guest; after the release combination
 * (Ctrl+Alt), F11 leaves fullscreen.  The revealed toolbar's "Leave
 * Fullscreen" button leaves too.
 *
 * Xvfb has no window manager, and fullscreen is a window manager's job: the
 * test plays that part for _NET_WM_STATE_FULLSCREEN (the state property and
 * the window's size), which is all GTK asks for.
 */
#define G_LOG_DOMAIN "test-console-fullscreen"

#include "config.h"

#include <adwaita.h>
#include <dlfcn.h>
#include <glib-unix.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/keysym.h>
#include <gdk/x11/gdkx.h>

#include "vireo-console-page.h"
#include "vireo-keymap.h"

#include "console-test-util.h"
#include "ui-test-util.h"

#define FB_WIDTH  640
#define FB_HEIGHT 512   /* the aspect of the 1280 x 1024 screen: no bars */

/* -- a scripted guest ------------------------------------------------------------ */

/* a connected guest whose screen is all magenta */
static FakeSession *
fake_session_new_magenta (void)
{
  return fake_session_new_magenta_sized (FB_WIDTH, FB_HEIGHT);
}

/* -- the window manager's part ------------------------------------------------------ */

typedef struct
{
  Display *dpy;       /* its own connection */
  Atom     net_wm_state;
  Atom     fullscreen;
  guint    source;
  int      saved_x, saved_y, saved_w, saved_h;
} FakeWm;

static FakeWm wm;

static void
fake_wm_set_fullscreen (Window   window,
                        gboolean on)
{
  XWindowAttributes attrs;

  if (on)
    {
      XGetWindowAttributes (wm.dpy, window, &attrs);
      wm.saved_x = attrs.x;
      wm.saved_y = attrs.y;
      wm.saved_w = attrs.width;
      wm.saved_h = attrs.height;
      XChangeProperty (wm.dpy, window, wm.net_wm_state, XA_ATOM, 32, PropModeReplace,
                       (guchar *) &wm.fullscreen, 1);
      XMoveResizeWindow (wm.dpy, window, 0, 0, DisplayWidth (wm.dpy, DefaultScreen (wm.dpy)),
                         DisplayHeight (wm.dpy, DefaultScreen (wm.dpy)));
    }
  else
    {
      XChangeProperty (wm.dpy, window, wm.net_wm_state, XA_ATOM, 32, PropModeReplace, NULL, 0);
      XMoveResizeWindow (wm.dpy, window, wm.saved_x, wm.saved_y, wm.saved_w, wm.saved_h);
    }
  XFlush (wm.dpy);
}

static gboolean
fake_wm_cb (int          fd,
            GIOCondition condition,
            gpointer     data)
{
  while (XPending (wm.dpy))
    {
      XEvent ev;

      XNextEvent (wm.dpy, &ev);
      /* _NET_WM_STATE: data.l[0] remove 0 / add 1 / toggle 2, l[1], l[2] the states */
      if (ev.type == ClientMessage && ev.xclient.message_type == wm.net_wm_state &&
          ((Atom) ev.xclient.data.l[1] == wm.fullscreen || (Atom) ev.xclient.data.l[2] == wm.fullscreen))
        {
          Atom type;
          int format;
          unsigned long n = 0, after;
          guchar *prop = NULL;
          gboolean is_on = FALSE;

          XGetWindowProperty (wm.dpy, ev.xclient.window, wm.net_wm_state, 0, 32, False, XA_ATOM, &type,
                              &format, &n, &after, &prop);
          for (unsigned long i = 0; prop != NULL && i < n; i++)
            is_on |= ((Atom *) prop)[i] == wm.fullscreen;
          if (prop != NULL)
            XFree (prop);
          if (ev.xclient.data.l[0] == 1 || (ev.xclient.data.l[0] == 2 && !is_on))
            fake_wm_set_fullscreen (ev.xclient.window, TRUE);
          else
            fake_wm_set_fullscreen (ev.xclient.window, FALSE);
        }
    }
  return G_SOURCE_CONTINUE;
}

static void
fake_wm_start (void)
{
  wm.dpy = XOpenDisplay (NULL);
  g_assert_nonnull (wm.dpy);
  wm.net_wm_state = XInternAtom (wm.dpy, "_NET_WM_STATE", False);
  wm.fullscreen = XInternAtom (wm.dpy, "_NET_WM_STATE_FULLSCREEN", False);
  /* the messages GTK sends to the root window (not the redirect: GTK's
   * windows map and move as without a window manager) */
  XSelectInput (wm.dpy, DefaultRootWindow (wm.dpy), SubstructureNotifyMask);
  XFlush (wm.dpy);
  wm.source = g_unix_fd_add (ConnectionNumber (wm.dpy), G_IO_IN, fake_wm_cb, NULL);
}

/* -- typing and moving on the X server (XTEST, loaded where it is) ------------------- */

typedef int (*FakeKeyFunc) (Display *, unsigned int, Bool, unsigned long);
typedef int (*FakeButtonFunc) (Display *, unsigned int, Bool, unsigned long);
static FakeKeyFunc fake_key;
static FakeButtonFunc fake_button;
static gboolean have_xtest;

static gboolean
xtest_load (void)
{
  void *lib = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_GLOBAL);

  if (lib == NULL)
    return FALSE;
  fake_key = (FakeKeyFunc) dlsym (lib, "XTestFakeKeyEvent");
  fake_button = (FakeButtonFunc) dlsym (lib, "XTestFakeButtonEvent");
  return fake_key != NULL && fake_button != NULL;
}

static Display *
gdk_xdisplay (void)
{
  return gdk_x11_display_get_xdisplay (gdk_display_get_default ());
}

static void
key_event (KeySym   sym,
           gboolean down)
{
  KeyCode code = XKeysymToKeycode (gdk_xdisplay (), sym);

  g_assert_cmpuint (code, !=, 0);
  fake_key (gdk_xdisplay (), code, down, CurrentTime);
  XFlush (gdk_xdisplay ());
}

static void
move_pointer (int x,
              int y)
{
  XWarpPointer (gdk_xdisplay (), None, DefaultRootWindow (gdk_xdisplay ()), 0, 0, 0, 0, x, y);
  XFlush (gdk_xdisplay ());
}

/* -- conditions ------------------------------------------------------------------- */

typedef struct
{
  GtkWidget        *window;
  VireoConsolePage *page;
  FakeSession      *session;
  guint             n_keys;   /* session keys seen before the step */
} Fixture;

static gboolean
is_fullscreen (gpointer data)
{
  Fixture *f = data;
  GdkDisplay *display = gdk_display_get_default ();

  return gtk_window_is_fullscreen (GTK_WINDOW (f->window)) &&
         gtk_widget_get_width (f->window) == DisplayWidth (gdk_x11_display_get_xdisplay (display), 0);
}

static gboolean
is_windowed (gpointer data)
{
  Fixture *f = data;

  return !gtk_window_is_fullscreen (GTK_WINDOW (f->window)) &&
         gtk_widget_get_width (f->window) < DisplayWidth (gdk_xdisplay (), 0);
}

static GtkRevealer *
toolbar_revealer (Fixture *f)
{
  GtkWidget *button = ui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_TOGGLE_BUTTON, NULL);
  GtkWidget *w;

  g_assert_nonnull (button);
  for (w = button; w != NULL && !GTK_IS_REVEALER (w); w = gtk_widget_get_parent (w))
    ;
  g_assert_nonnull (w);
  return GTK_REVEALER (w);
}

static gboolean
toolbar_hidden (gpointer data)
{
  return !gtk_revealer_get_child_revealed (toolbar_revealer (data));
}

static gboolean
toolbar_shown (gpointer data)
{
  GtkRevealer *revealer = toolbar_revealer (data);

  return gtk_revealer_get_reveal_child (revealer) && gtk_revealer_get_child_revealed (revealer) &&
         gtk_widget_get_mapped (gtk_revealer_get_child (revealer));
}

static gboolean
guest_got_f11 (gpointer data)
{
  Fixture *f = data;

  return fake_session_has_key (f->session, VIREO_QNUM_F11, TRUE) &&
         fake_session_has_key (f->session, VIREO_QNUM_F11, FALSE);
}

static gboolean
released (gpointer data)
{
  Fixture *f = data;

  return !vireo_display_get_grabbed (vireo_console_page_get_display (f->page));
}

static gboolean
grabbed (gpointer data)
{
  Fixture *f = data;

  return vireo_display_get_grabbed (vireo_console_page_get_display (f->page));
}

static gboolean
display_has_focus (gpointer data)
{
  Fixture *f = data;

  return gtk_window_is_active (GTK_WINDOW (f->window)) &&
         gtk_widget_has_focus (GTK_WIDGET (vireo_console_page_get_display (f->page)));
}

/* a button whose tooltip is @data */
static gboolean
button_with_tooltip (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

/* the button that leaves fullscreen, as its tooltip names it */
static GtkWidget *
find_by_tooltip (GtkWidget  *root,
                 const char *tooltip)
{
  return ui_test_find_match (root, button_with_tooltip, tooltip);
}

/* a button that does the action @data */
static gboolean
button_with_action (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

/* the button that does @action */
static GtkWidget *
find_by_action (GtkWidget  *root,
                const char *action)
{
  return ui_test_find_match (root, button_with_action, action);
}

/* clicks (primary button) at the middle of @widget on the X server */
static void
click_widget (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t p;
  double nx, ny;
  int rx, ry;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0),
                                           &p));
  gtk_native_get_surface_transform (native, &nx, &ny);
  XTranslateCoordinates (gdk_xdisplay (), gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (gdk_xdisplay ()), (int) (p.x + nx), (int) (p.y + ny), &rx, &ry,
                         &child);
  move_pointer (rx, ry);
  fake_button (gdk_xdisplay (), 1, True, CurrentTime);
  fake_button (gdk_xdisplay (), 1, False, CurrentTime);
  XFlush (gdk_xdisplay ());
}

static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  /* what AdwApplication loads for the application */
  gtk_css_provider_load_from_resource (provider, "/org/vireo/Vireo/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
fixture_setup (Fixture *f)
{
  if (!have_xtest)
    {
      g_test_skip ("needs X11 with XTEST (libXtst.so.6)");
      f->window = NULL;
      return;
    }
  f->session = fake_session_new_magenta ();
  f->window = console_test_page_window (f->session, 500, 400, &f->page);
}

static void
fixture_teardown (Fixture *f)
{
  if (f->window == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->session);
}

/* goes fullscreen with the toolbar's button; the toolbar then hides */
static void
enter_fullscreen (Fixture *f)
{
  GtkWidget *button = find_by_action (GTK_WIDGET (f->page), "console.fullscreen");

  g_assert_nonnull (button);
  click_widget (button);
  g_assert_true (ui_test_wait_for (is_fullscreen, f, UI_TEST_DEADLINE_MS));
  /* the pointer away from the top edge: the toolbar goes */
  move_pointer (300, 300);
  move_pointer (310, 310);
  g_assert_true (ui_test_wait_for (toolbar_hidden, f, UI_TEST_DEADLINE_MS));
}

/* -- tests ------------------------------------------------------------------------ */

static void
test_toolbar_at_top_edge (void)
{
  Fixture f;
  UiTestImage image = { 0 };
  GtkWidget *toolbar;
  graphene_rect_t bounds;
  guint magenta = 0, total = 0;
  static const GdkRGBA guest = { 1, 0, 1, 1 };

  fixture_setup (&f);
  if (f.window == NULL)
    return;
  enter_fullscreen (&f);

  /* the guest's picture fills the screen, no toolbar over it */
  ui_test_render (f.window, "fullscreen-hidden.png", &image);
  g_assert_true (ui_test_image_is_color (&image, image.width / 2, 2, &guest, 0.02));
  ui_test_image_clear (&image);

  /* the pointer at the top edge of the screen brings the toolbar back */
  move_pointer (400, 0);
  move_pointer (401, 0);
  g_assert_true (ui_test_wait_for (toolbar_shown, &f, UI_TEST_DEADLINE_MS));

  /* drawn on a background of its own: none of the guest's magenta shows
   * through it (icons sit on the toolbar, not on the guest's picture) */
  toolbar = gtk_revealer_get_child (toolbar_revealer (&f));
  ui_test_render (f.window, "fullscreen-toolbar.png", &image);
  g_assert_true (gtk_widget_compute_bounds (toolbar, f.window, &bounds));
  g_assert_cmpfloat (bounds.origin.y, ==, 0);
  g_assert_cmpfloat (bounds.size.height, >=, 24);
  for (int y = 0; y < (int) bounds.size.height - 1; y++)
    for (int x = 0; x < image.width; x++)
      {
        magenta += ui_test_image_is_color (&image, x, y, &guest, 0.25);
        total++;
      }
  g_test_message ("%u of the toolbar's %u pixels show the guest", magenta, total);
  g_assert_cmpuint (magenta, ==, 0);
  /* and below it, the guest */
  g_assert_true (ui_test_image_is_color (&image, image.width / 2, (int) bounds.size.height + 4, &guest, 0.02));
  ui_test_image_clear (&image);

  fixture_teardown (&f);
}

static void
test_keys_way_out (void)
{
  Fixture f;
  VireoDisplay *display;

  fixture_setup (&f);
  if (f.window == NULL)
    return;
  display = vireo_console_page_get_display (f.page);
  enter_fullscreen (&f);

  /* a click on the guest's screen: it takes the keyboard */
  click_widget (GTK_WIDGET (display));
  g_assert_true (ui_test_wait_for (grabbed, &f, UI_TEST_DEADLINE_MS));
  g_assert_true (ui_test_wait_for (display_has_focus, &f, UI_TEST_DEADLINE_MS));

  /* grabbed: F11 is the guest's (an installer's key, say) */
  key_event (XK_F11, TRUE);
  key_event (XK_F11, FALSE);
  g_assert_true (ui_test_wait_for (guest_got_f11, &f, UI_TEST_DEADLINE_MS));
  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (f.window)));

  /* the release combination gives the keyboard back... */
  key_event (XK_Control_L, TRUE);
  key_event (XK_Alt_L, TRUE);
  key_event (XK_Alt_L, FALSE);
  key_event (XK_Control_L, FALSE);
  g_assert_true (ui_test_wait_for (released, &f, UI_TEST_DEADLINE_MS));

  /* ...and then F11 leaves fullscreen, and does not reach the guest */
  g_array_set_size (f.session->keys, 0);
  key_event (XK_F11, TRUE);
  key_event (XK_F11, FALSE);
  g_assert_true (ui_test_wait_for (is_windowed, &f, UI_TEST_DEADLINE_MS));
  g_assert_false (fake_session_has_key (f.session, VIREO_QNUM_F11, TRUE));

  /* not grabbed, F11 goes back to fullscreen */
  g_assert_true (ui_test_wait_for (display_has_focus, &f, UI_TEST_DEADLINE_MS));
  key_event (XK_F11, TRUE);
  key_event (XK_F11, FALSE);
  g_assert_true (ui_test_wait_for (is_fullscreen, &f, UI_TEST_DEADLINE_MS));
  g_assert_false (fake_session_has_key (f.session, VIREO_QNUM_F11, TRUE));
  g_assert_false (fake_session_has_key (f.session, VIREO_QNUM_F11, FALSE));

  fixture_teardown (&f);
}

static void
test_leave_button (void)
{
  Fixture f;
  GtkWidget *button;

  fixture_setup (&f);
  if (f.window == NULL)
    return;
  enter_fullscreen (&f);
  move_pointer (400, 0);
  move_pointer (401, 0);
  g_assert_true (ui_test_wait_for (toolbar_shown, &f, UI_TEST_DEADLINE_MS));

  /* the revealed toolbar names its way out, and it works */
  button = find_by_tooltip (GTK_WIDGET (f.page), "Leave Fullscreen (F11)");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button));
  click_widget (button);
  g_assert_true (ui_test_wait_for (is_windowed, &f, UI_TEST_DEADLINE_MS));
  /* back in the window: the toolbar is in its place, shown */
  g_assert_true (ui_test_wait_for (toolbar_shown, &f, UI_TEST_DEADLINE_MS));
  g_assert_nonnull (find_by_tooltip (GTK_WIDGET (f.page), "Fullscreen (F11)"));

  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  have_xtest = GDK_IS_X11_DISPLAY (gdk_display_get_default ()) && xtest_load ();
  if (have_xtest)
    fake_wm_start ();
  load_style ();

  g_test_add_func ("/console-fullscreen/toolbar-at-top-edge", test_toolbar_at_top_edge);
  g_test_add_func ("/console-fullscreen/keys-way-out", test_keys_way_out);
  g_test_add_func ("/console-fullscreen/leave-button", test_leave_button);

  return g_test_run ();
}
