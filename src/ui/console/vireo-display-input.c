/* vireo-display-input.c — the display's input: the pointer (absolute or
 * relative, its cursor, buttons and scrolling), the keyboard and its grab,
 * and the keys that release it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-display"

#include "config.h"

#include <math.h>
#include <string.h>

#include "vireo-display-private.h"
#include "vireo-keymap.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

/* -- cursor ----------------------------------------------------------------- */

/* -- relative pointer ----------------------------------------------------------- */

/* A guest with a relative pointer (a PS/2 mouse, no tablet) moves by the
 * deltas it is sent; when the host pointer reaches the edge of the screen it
 * stops, and the guest's pointer with it.  While input is grabbed, the host
 * pointer is therefore kept inside the display: it is put back at the centre
 * whenever it strays more than a quarter of the way to an edge, and that jump
 * is not sent to the guest.  GTK 4 has no pointer warping, so this uses X11
 * directly; on Wayland (no warping for clients) the pointer is not confined
 * and the help suggests adding a tablet to the guest. */
static gboolean
is_confining (VireoDisplay *self)
{
  return self->grabbed && self->session != NULL &&
         vireo_console_session_get_state (self->session) == VIREO_CONSOLE_STATE_CONNECTED &&
         !vireo_console_session_get_pointer_absolute (self->session);
}

static void
recentre_pointer (VireoDisplay *self,
                  double        x,
                  double        y)
{
#ifdef GDK_WINDOWING_X11
  GtkWidget *widget = GTK_WIDGET (self);
  GdkDisplay *display = gtk_widget_get_display (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  graphene_point_t centre;
  double nx, ny;
  int scale;

  if (!GDK_IS_X11_DISPLAY (display) || native == NULL || w < 8 || h < 8)
    return;
  if (fabs (x - w / 2.0) < w / 4.0 && fabs (y - h / 2.0) < h / 4.0)
    return;
  if (!gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                 &GRAPHENE_POINT_INIT (floor (w / 2.0), floor (h / 2.0)), &centre))
    return;
  gtk_native_get_surface_transform (native, &nx, &ny);
  scale = gdk_surface_get_scale_factor (gtk_native_get_surface (native));
  XWarpPointer (gdk_x11_display_get_xdisplay (display), None,
                gdk_x11_surface_get_xid (gtk_native_get_surface (native)), 0, 0, 0, 0,
                (int) ((centre.x + nx) * scale), (int) ((centre.y + ny) * scale));
  XFlush (gdk_x11_display_get_xdisplay (display));
  self->warp_pending = TRUE;
  self->warp_x = floor (w / 2.0);
  self->warp_y = floor (h / 2.0);
#endif
}

void
_vireo_display_update_cursor (VireoDisplay *self)
{
  VireoConsoleCursor *cursor;

  if (self->session == NULL)
    {
      gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
      return;
    }
  /* confined (see recentre_pointer()): the guest draws its own pointer */
  if (vireo_console_session_get_cursor_hidden (self->session) || is_confining (self))
    {
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "none");
      return;
    }
  cursor = vireo_console_session_get_cursor (self->session);
  if (cursor != NULL && vireo_console_cursor_get_width (cursor) > 0 &&
      vireo_console_cursor_get_height (cursor) > 0)
    {
      g_autoptr(GBytes) pixels = vireo_console_cursor_get_pixels (cursor);
      g_autoptr(GdkTexture) texture = NULL;
      g_autoptr(GdkCursor) gdk_cursor = NULL;
      int w = vireo_console_cursor_get_width (cursor);

      texture = gdk_memory_texture_new (w, vireo_console_cursor_get_height (cursor),
                                        GDK_MEMORY_R8G8B8A8, pixels, (gsize) w * 4);
      gdk_cursor = gdk_cursor_new_from_texture (texture, vireo_console_cursor_get_hot_x (cursor),
                                                vireo_console_cursor_get_hot_y (cursor), NULL);
      gtk_widget_set_cursor (GTK_WIDGET (self), gdk_cursor);
      return;
    }
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

/* -- keyboard --------------------------------------------------------------- */

void
_vireo_display_parse_release_keys (VireoDisplay *self)
{
  const char *p = self->release_keys;

  self->release_mods = 0;
  self->release_keyval = 0;
  while (p != NULL && *p == '<')
    {
      const char *end = strchr (p, '>');
      g_autofree char *name = NULL;

      if (end == NULL)
        break;
      name = g_ascii_strdown (p + 1, end - p - 1);
      if (g_str_equal (name, "control") || g_str_equal (name, "ctrl") || g_str_equal (name, "primary"))
        self->release_mods |= GDK_CONTROL_MASK;
      else if (g_str_equal (name, "alt") || g_str_equal (name, "mod1"))
        self->release_mods |= GDK_ALT_MASK;
      else if (g_str_equal (name, "shift"))
        self->release_mods |= GDK_SHIFT_MASK;
      else if (g_str_equal (name, "super"))
        self->release_mods |= GDK_SUPER_MASK;
      p = end + 1;
    }
  if (p != NULL && *p != '\0')
    self->release_keyval = gdk_keyval_to_lower (gdk_keyval_from_name (p));
  if (self->release_mods == 0 && self->release_keyval == 0)
    self->release_mods = GDK_CONTROL_MASK | GDK_ALT_MASK;
}

static GdkModifierType
modifier_of_keyval (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Control_L:
    case GDK_KEY_Control_R:
      return GDK_CONTROL_MASK;
    case GDK_KEY_Alt_L:
    case GDK_KEY_Alt_R:
    case GDK_KEY_Meta_L:
    case GDK_KEY_Meta_R:
      return GDK_ALT_MASK;
    case GDK_KEY_Shift_L:
    case GDK_KEY_Shift_R:
      return GDK_SHIFT_MASK;
    case GDK_KEY_Super_L:
    case GDK_KEY_Super_R:
      return GDK_SUPER_MASK;
    default:
      return 0;
    }
}

static gboolean
is_release_combination (VireoDisplay   *self,
                        guint           keyval,
                        GdkModifierType state)
{
  GdkModifierType mods = (state | modifier_of_keyval (keyval)) &
                         (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK);

  if (self->release_keyval != 0)
    return mods == self->release_mods && gdk_keyval_to_lower (keyval) == self->release_keyval;
  return modifier_of_keyval (keyval) != 0 && mods == self->release_mods;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VireoDisplay          *self)
{
  guint16 qnum;

  if (self->session == NULL)
    return FALSE;

  if (self->grabbed && is_release_combination (self, keyval, state))
    {
      vireo_display_ungrab_keyboard (self);
      return TRUE;
    }
  /* F11 is the window's (fullscreen) unless the guest holds the keyboard:
   * after the release combination, F11 always gets out */
  if (!self->grabbed && keyval == GDK_KEY_F11 && (state & GDK_MODIFIER_MASK & ~GDK_LOCK_MASK) == 0)
    {
      self->f11_passed = TRUE;
      return FALSE;
    }

  qnum = vireo_keymap_gdk_keycode_to_qnum (keycode);
  if (qnum == 0 && keyval == 0)
    return FALSE;
  vireo_console_session_send_key_full (self->session, qnum, keyval, TRUE);
  return TRUE;
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 VireoDisplay          *self)
{
  guint16 qnum;

  if (self->session == NULL)
    return;
  if (keyval == GDK_KEY_F11 && self->f11_passed)
    {
      /* its press went to the window, not the guest */
      self->f11_passed = FALSE;
      return;
    }
  qnum = vireo_keymap_gdk_keycode_to_qnum (keycode);
  if (qnum == 0 && keyval == 0)
    return;
  vireo_console_session_send_key_full (self->session, qnum, keyval, FALSE);
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                VireoDisplay            *self)
{
  if (self->session != NULL)
    vireo_console_session_release_keys (self->session);
  if (self->grabbed)
    vireo_display_ungrab_keyboard (self);
}

static GdkToplevel *
get_toplevel (VireoDisplay *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GdkSurface *surface = native ? gtk_native_get_surface (native) : NULL;

  return GDK_IS_TOPLEVEL (surface) ? GDK_TOPLEVEL (surface) : NULL;
}

void
vireo_display_grab_keyboard (VireoDisplay *self,
                             GdkEvent     *event)
{
  GdkToplevel *toplevel;

  g_return_if_fail (VIREO_IS_DISPLAY (self));

  if (self->grabbed)
    return;
  toplevel = get_toplevel (self);
  if (toplevel != NULL)
    gdk_toplevel_inhibit_system_shortcuts (toplevel, event);
  self->grabbed = TRUE;
  _vireo_display_update_cursor (self);
  _vireo_display_notify_grabbed (self);
}

void
vireo_display_ungrab_keyboard (VireoDisplay *self)
{
  GdkToplevel *toplevel;

  g_return_if_fail (VIREO_IS_DISPLAY (self));

  if (!self->grabbed)
    return;
  toplevel = get_toplevel (self);
  if (toplevel != NULL)
    gdk_toplevel_restore_system_shortcuts (toplevel);
  self->grabbed = FALSE;
  self->warp_pending = FALSE;
  _vireo_display_update_cursor (self);
  /* the guest must not keep Ctrl and Alt down */
  if (self->session != NULL)
    vireo_console_session_release_keys (self->session);
  _vireo_display_notify_grabbed (self);
}

gboolean
vireo_display_get_grabbed (VireoDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_DISPLAY (self), FALSE);

  return self->grabbed;
}

/* -- pointer ---------------------------------------------------------------- */

static void
send_position (VireoDisplay *self,
               double        x,
               double        y)
{
  int gx, gy;

  if (self->session == NULL ||
      vireo_console_session_get_state (self->session) != VIREO_CONSOLE_STATE_CONNECTED)
    return;

  if (vireo_console_session_get_pointer_absolute (self->session))
    {
      if (vireo_display_widget_to_guest (self, x, y, &gx, &gy))
        vireo_console_session_send_pointer (self->session, gx, gy, self->buttons);
    }
  else if (self->warp_pending && fabs (x - self->warp_x) < 1 && fabs (y - self->warp_y) < 1)
    {
      /* the pointer arriving where recentre_pointer() put it: no motion */
      self->warp_pending = FALSE;
    }
  else if (self->have_last_pos)
    {
      double scale, ox, oy;
      int dx, dy;

      if (!_vireo_display_get_geometry (self, &scale, &ox, &oy))
        return;
      dx = (int) round ((x - self->last_x) / scale);
      dy = (int) round ((y - self->last_y) / scale);
      if (dx != 0 || dy != 0)
        vireo_console_session_send_motion (self->session, dx, dy, self->buttons);
      else
        return;   /* keep accumulating */
      /* whole guest pixels were sent: keep the remainder for the next event */
      x = self->last_x + dx * scale;
      y = self->last_y + dy * scale;
      if (is_confining (self) && !self->warp_pending)
        recentre_pointer (self, x, y);
    }
  self->last_x = x;
  self->last_y = y;
  self->have_last_pos = TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           VireoDisplay             *self)
{
  send_position (self, x, y);
}

static VireoConsoleButtons
button_mask (guint button)
{
  switch (button)
    {
    case GDK_BUTTON_PRIMARY:
      return VIREO_CONSOLE_BUTTON_LEFT;
    case GDK_BUTTON_MIDDLE:
      return VIREO_CONSOLE_BUTTON_MIDDLE;
    case GDK_BUTTON_SECONDARY:
      return VIREO_CONSOLE_BUTTON_RIGHT;
    default:
      return 0;
    }
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            VireoDisplay    *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->session != NULL &&
      vireo_console_session_get_state (self->session) == VIREO_CONSOLE_STATE_CONNECTED &&
      !self->grabbed)
    vireo_display_grab_keyboard (self, gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture)));
  self->buttons |= button_mask (button);
  send_position (self, x, y);
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             VireoDisplay    *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  self->buttons &= ~button_mask (button);
  send_position (self, x, y);
}

static void
click_stopped_cb (GtkGestureClick *gesture,
                  VireoDisplay    *self)
{
  /* nothing: a stopped gesture (a long press) keeps the buttons as they are
   * until their release */
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           VireoDisplay             *self)
{
  if (self->session == NULL ||
      vireo_console_session_get_state (self->session) != VIREO_CONSOLE_STATE_CONNECTED)
    return FALSE;
  if (dy < 0)
    vireo_console_session_send_scroll (self->session, VIREO_CONSOLE_SCROLL_UP, self->buttons);
  else if (dy > 0)
    vireo_console_session_send_scroll (self->session, VIREO_CONSOLE_SCROLL_DOWN, self->buttons);
  if (dx < 0)
    vireo_console_session_send_scroll (self->session, VIREO_CONSOLE_SCROLL_LEFT, self->buttons);
  else if (dx > 0)
    vireo_console_session_send_scroll (self->session, VIREO_CONSOLE_SCROLL_RIGHT, self->buttons);
  return TRUE;
}

/* -- the controllers ---------------------------------------------------------- */

void
_vireo_display_init_input (VireoDisplay *self)
{
  GtkEventController *controller;
  GtkGesture *click;

  /* capture phase: the guest gets its keys before the window's shortcuts */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  g_signal_connect (click, "stopped", G_CALLBACK (click_stopped_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES |
                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
