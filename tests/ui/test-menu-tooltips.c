/* test-menu-tooltips.c — a menu button's tooltip does not cover its open menu
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every menu button with a tooltip, in the manager window (Main Menu, a
 * connection's ⋮, the Shut Down split button's arrow), the VM window (More
 * Actions) and the Console page (Send Key, Scaling, the Console switcher's
 * drop-down), opened the way a person does under Xvfb: the pointer is
 * moved onto the button on the X server and clicks it (XTEST), then moves
 * onto the first item of the menu and rests there.
 *
 * GTK looks for a tooltip from the widget under the pointer up through its
 * parents, and a button's popover is the button's child: with the pointer
 * on the menu's first item, GTK asks the menu button for its tooltip and
 * shows it there, over the item. So the test watches GTK's own tooltip
 * query: it marks the popover as having a tooltip of its own that it
 * declines (a probe: GTK then goes on to the popover's parent, the button,
 * in the same lookup) and waits until GTK asked the popover — at that
 * moment the button must not have been asked, and must not have a tooltip.
 * After the menu closes, the pointer back on the button makes GTK ask the
 * button again, and its tooltip text is the same.
 */
#define G_LOG_DOMAIN "test-menu-tooltips"

#include "config.h"

#include <adwaita.h>
#include <dlfcn.h>
#include <libvirt/libvirt.h>
#include <stdio.h>

#include <X11/Xlib.h>
#include <gdk/x11/gdkx.h>

#include "vireo-application.h"
#include "vireo-manager-window.h"
#include "vireo-vm-window.h"

#include "console-test-util.h"
#include "ui-test-util.h"

#define TIMEOUT_MS 20000

/* -- the X server: pointer and clicks ------------------------------------------- */

typedef int (*FakeButtonFunc) (Display *, unsigned int, Bool, unsigned long);
static FakeButtonFunc fake_button;

static Display *
xdisplay (void)
{
  return gdk_x11_display_get_xdisplay (gdk_display_get_default ());
}

/* the pointer on the middle of @widget (on screen) */
static void
pointer_to (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  graphene_point_t in = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                             gtk_widget_get_height (widget) / 2.f);
  graphene_point_t out;
  double nx, ny;
  int rx, ry;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &in, &out));
  gtk_native_get_surface_transform (native, &nx, &ny);
  XTranslateCoordinates (xdisplay (), gdk_x11_surface_get_xid (surface),
                         DefaultRootWindow (xdisplay ()), (int) (out.x + nx), (int) (out.y + ny),
                         &rx, &ry, &child);
  XWarpPointer (xdisplay (), None, DefaultRootWindow (xdisplay ()), 0, 0, 0, 0, rx, ry);
  XFlush (xdisplay ());
}

static void
pointer_away (void)
{
  XWarpPointer (xdisplay (), None, DefaultRootWindow (xdisplay ()), 0, 0, 0, 0,
                DisplayWidth (xdisplay (), 0) - 1, DisplayHeight (xdisplay (), 0) - 1);
  XFlush (xdisplay ());
}

static void
click (void)
{
  fake_button (xdisplay (), 1, True, CurrentTime);
  fake_button (xdisplay (), 1, False, CurrentTime);
  XFlush (xdisplay ());
}

/* -- conditions ---------------------------------------------------------------- */

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
is_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
is_drawable (gpointer data)
{
  return gtk_widget_is_drawable (GTK_WIDGET (data));
}

/* the pointer is on @data (GTK has seen it move there) */
static gboolean
is_hovered (gpointer data)
{
  return (gtk_widget_get_state_flags (GTK_WIDGET (data)) & GTK_STATE_FLAG_PRELIGHT) != 0;
}

static gboolean
count_positive (gpointer data)
{
  return *(guint *) data > 0;
}

static gboolean
count_query_cb (
    GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, guint *count)
{
  (*count)++;
  return FALSE; /* the probe declines: GTK goes on to the parent */
}

/* a menu button or drop-down (anything whose child is the menu that opens) */
static gboolean
is_tooltip_menu_button (GtkWidget *widget, gconstpointer data)
{
  return (GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget)) &&
         gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

static GtkPopover *
popover_of (GtkWidget *button)
{
  if (GTK_IS_MENU_BUTTON (button))
    return gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  for (GtkWidget *child = gtk_widget_get_first_child (button); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      return GTK_POPOVER (child);
  return NULL;
}

/* the first item of the open menu: a menu's first button, else what the popover holds */
static gboolean
is_item (GtkWidget *widget, gconstpointer data)
{
  return gtk_widget_is_drawable (widget) &&
         g_type_is_a (G_OBJECT_TYPE (widget), g_type_from_name ("GtkModelButton"));
}

typedef struct
{
  GtkWidget *root;
  const char *tooltip;
  GtkWidget *button;
} ButtonSearch;

/* the menu button with that tooltip is on screen (a row's comes when its connection opened) */
static gboolean
button_found (gpointer data)
{
  ButtonSearch *search = data;

  search->button = ui_test_find_match (search->root, is_tooltip_menu_button, search->tooltip);
  return search->button != NULL;
}

/* -- the check, for one menu button -------------------------------------------- */

static void
check_menu_button (GtkWidget *root, const char *tooltip)
{
  ButtonSearch search = { NULL, NULL, NULL };
  GtkWidget *button;
  GtkPopover *popover;
  GtkWidget *item;
  guint button_queries = 0, popover_queries = 0;
  gulong popover_id;
  g_autoptr (GPtrArray) with_tooltip = g_ptr_array_new ();

  g_test_message ("menu button \"%s\"", tooltip);
  g_assert_true (ui_test_wait_for (is_drawable, root, TIMEOUT_MS));
  search.root = root;
  search.tooltip = tooltip;
  g_assert_true (ui_test_wait_for (button_found, &search, TIMEOUT_MS));
  button = search.button;
  g_assert_true (gtk_widget_get_has_tooltip (button));
  /* the button and the widgets around it with a tooltip (a split button's
   * own): GTK may ask any of them over the menu */
  for (GtkWidget *w = button; w != NULL && (w == button || !GTK_IS_NATIVE (w));
       w = gtk_widget_get_parent (w))
    if (gtk_widget_get_has_tooltip (w))
      {
        g_ptr_array_add (with_tooltip, w);
        g_signal_connect (w, "query-tooltip", G_CALLBACK (count_query_cb), &button_queries);
      }

  /* the person clicks the button; the menu opens below it */
  ui_test_wait_drawn (root);
  pointer_to (button);
  g_assert_true (ui_test_wait_for (is_hovered, button, TIMEOUT_MS));
  click ();
  popover = popover_of (button);
  g_assert_nonnull (popover);
  g_assert_true (ui_test_wait_for (is_mapped, popover, TIMEOUT_MS));

  /* and rests the pointer on the menu's first item */
  item = ui_test_find_match (GTK_WIDGET (popover), is_item, NULL);
  if (item == NULL)
    item = gtk_popover_get_child (popover);
  g_assert_nonnull (item);
  g_assert_true (ui_test_wait_for (is_drawable, item, TIMEOUT_MS));

  gtk_widget_set_has_tooltip (GTK_WIDGET (popover), TRUE);
  popover_id =
      g_signal_connect (popover, "query-tooltip", G_CALLBACK (count_query_cb), &popover_queries);
  button_queries =
      0; /* GTK may have asked while the pointer rested on the button, before the click */
  pointer_to (item);

  /* GTK looked for a tooltip over the item: neither the button's nor one
   * around it was asked for */
  g_assert_true (ui_test_wait_for (count_positive, &popover_queries, TIMEOUT_MS));
  g_assert_cmpuint (button_queries, ==, 0);
  for (guint i = 0; i < with_tooltip->len; i++)
    g_assert_false (gtk_widget_get_has_tooltip (g_ptr_array_index (with_tooltip, i)));

  g_signal_handler_disconnect (popover, popover_id);
  gtk_widget_set_has_tooltip (GTK_WIDGET (popover), FALSE);

  /* the menu closes (Escape): the tooltip is back, the same */
  gtk_popover_popdown (popover);
  g_assert_true (ui_test_wait_for (is_unmapped, popover, TIMEOUT_MS));
  for (guint i = 0; i < with_tooltip->len; i++)
    g_assert_true (gtk_widget_get_has_tooltip (g_ptr_array_index (with_tooltip, i)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, tooltip);
  button_queries = 0;
  pointer_to (button);
  g_assert_true (ui_test_wait_for (count_positive, &button_queries, TIMEOUT_MS));

  for (guint i = 0; i < with_tooltip->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (with_tooltip, i), count_query_cb,
                                          &button_queries);
  pointer_away ();
}

/* -- the windows ------------------------------------------------------------------ */

static void
test_manager_window (void)
{
  g_autoptr (VireoApplication) app = ui_test_app_new ();
  GtkWidget *window = vireo_manager_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_nonnull (vireo_application_add_connection (app, "test:///default", FALSE, FALSE));

  check_menu_button (window, "Main Menu");
  check_menu_button (window, "Connection Menu");
  /* the Shut Down split button's arrow: the split button's own "Shut Down"
   * tooltip must not show over its menu either */
  check_menu_button (window, "More Ways to Stop");

  ui_test_app_shutdown (&app, window);
}

static void
test_vm_window (void)
{
  g_autoptr (VireoConnection) connection = vireo_connection_new ("test:///default");
  GtkWidget *window;

  ui_test_connection_open (connection, TIMEOUT_MS);
  window = vireo_vm_window_new (NULL, ui_test_find_domain (connection, "test"));
  gtk_window_present (GTK_WINDOW (window));

  check_menu_button (window, "More Actions");

  gtk_window_destroy (GTK_WINDOW (window));
  vireo_connection_close (connection);
}

static void
test_console_page (void)
{
  g_autoptr (FakeSession) session = fake_session_new_magenta_sized (640, 480);
  VireoConsolePage *page;
  GtkWidget *window = console_test_page_window (session, 800, 600, &page);

  check_menu_button (window, "Send Key");
  check_menu_button (window, "Scaling");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_drawn_drop_down (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_DROP_DOWN (widget) && gtk_widget_is_drawable (widget);
}

/* the window has other drop-downs on pages not shown (the Details view's
 * CPU model): the switcher is the one drawn on the Console page */
static gboolean
switcher_shown (gpointer data)
{
  return ui_test_find_match (data, is_drawn_drop_down, NULL) != NULL;
}

/* a VM with several consoles: the Console switcher (a drop-down) */
static void
test_console_switcher (void)
{
  g_autoptr (VireoConnection) connection =
      vireo_connection_new ("test://" UI_TESTS_DIR "/host-polish.xml");
  GtkWidget *window;

  ui_test_connection_open (connection, TIMEOUT_MS);
  window = vireo_vm_window_new (NULL, ui_test_find_domain (connection, "screens"));
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (window, "vm.show-page", "s", "console");
  g_assert_true (ui_test_wait_for (switcher_shown, window, TIMEOUT_MS));

  check_menu_button (window, "Console");

  gtk_window_destroy (GTK_WINDOW (window));
  vireo_connection_close (connection);
}

int
main (int argc, char *argv[])
{
  void *xtst;

  ui_test_app_init (&argc, &argv);
  vireo_core_init ();

  xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_GLOBAL);
  fake_button = xtst != NULL ? (FakeButtonFunc) dlsym (xtst, "XTestFakeButtonEvent") : NULL;
  if (fake_button == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      printf ("1..0 # SKIP needs X11 with XTEST (libXtst)\n");
      return 0;
    }

  g_test_add_func ("/menu-tooltips/manager-window", test_manager_window);
  g_test_add_func ("/menu-tooltips/vm-window", test_vm_window);
  g_test_add_func ("/menu-tooltips/console-page", test_console_page);
  g_test_add_func ("/menu-tooltips/console-switcher", test_console_switcher);

  return g_test_run ();
}
