/* vireo-display.h — a guest's graphical console as a GTK 4 widget
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-console-session.h"

G_BEGIN_DECLS

/* VireoDisplay draws a VireoConsoleSession's framebuffer and sends the
 * keyboard and pointer to it. The screen is kept as one GdkTexture per
 * framebuffer tile; a "damage" rebuilds the textures of the dirty tiles
 * only, so the cost of an update grows with the damaged area. The tiles are
 * drawn with one scale (letter-boxed: the aspect is kept, black around).
 *
 * Keys go out as QEMU qnum scancodes (vireo-keymap.h). A click grabs the
 * keyboard (system shortcuts go to the guest); the release combination
 * ("release-keys", default "<Control><Alt>") or focus loss releases it. */

typedef enum
{
  VIREO_DISPLAY_SCALING_NEVER,       /* 1:1, centred */
  VIREO_DISPLAY_SCALING_FULLSCREEN,  /* fit only while the window is fullscreen */
  VIREO_DISPLAY_SCALING_ALWAYS,      /* fit, keeping the aspect */
} VireoDisplayScaling;

#define VIREO_TYPE_DISPLAY_SCALING (vireo_display_scaling_get_type ())
GType vireo_display_scaling_get_type (void);

/* "never", "fullscreen", "always" (GSettings / keyfile names) */
const char          *vireo_display_scaling_to_string   (VireoDisplayScaling scaling);
VireoDisplayScaling  vireo_display_scaling_from_string (const char         *str);

#define VIREO_TYPE_DISPLAY (vireo_display_get_type ())
G_DECLARE_FINAL_TYPE (VireoDisplay, vireo_display, VIREO, DISPLAY, GtkWidget)

GtkWidget           *vireo_display_new               (void);

VireoConsoleSession *vireo_display_get_session       (VireoDisplay        *self);
void                 vireo_display_set_session       (VireoDisplay        *self,
                                                      VireoConsoleSession *session);

VireoDisplayScaling  vireo_display_get_scaling       (VireoDisplay        *self);
void                 vireo_display_set_scaling       (VireoDisplay        *self,
                                                      VireoDisplayScaling  scaling);

gboolean             vireo_display_get_resize_guest  (VireoDisplay        *self);
void                 vireo_display_set_resize_guest  (VireoDisplay        *self,
                                                      gboolean             resize_guest);
/* TRUE when the guest was asked for the widget's size and its screen did
 * not change within a few seconds (no agent, or a display that cannot
 * resize); FALSE again once it does, or when resizing is turned off */
gboolean             vireo_display_get_resize_guest_ignored (VireoDisplay *self);

/* an accelerator made of modifiers only ("<Control><Alt>"), optionally
 * followed by a key name ("<Control><Alt>g") */
const char          *vireo_display_get_release_keys  (VireoDisplay        *self);
void                 vireo_display_set_release_keys  (VireoDisplay        *self,
                                                      const char          *accel);
/* the release combination for people ("Ctrl+Alt"), newly allocated */
char                *vireo_display_get_release_label (VireoDisplay        *self);

gboolean             vireo_display_get_grabbed       (VireoDisplay        *self);
/* grabs the keyboard (@event: the click that asked for it, may be NULL) */
void                 vireo_display_grab_keyboard     (VireoDisplay        *self,
                                                      GdkEvent            *event);
void                 vireo_display_ungrab_keyboard   (VireoDisplay        *self);

/* the whole screen as a texture, or NULL before the first picture */
GdkTexture          *vireo_display_get_screenshot    (VireoDisplay        *self);

/* widget coordinates → guest pixels; FALSE when there is no screen */
gboolean             vireo_display_widget_to_guest   (VireoDisplay        *self,
                                                      double               x,
                                                      double               y,
                                                      int                 *guest_x,
                                                      int                 *guest_y);

/* for tests: how many tile textures were built since the session was set */
guint                vireo_display_get_n_tile_uploads (VireoDisplay       *self);

G_END_DECLS
