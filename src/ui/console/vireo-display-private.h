/* vireo-display-private.h — what the display widget's files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoDisplay is one class in two files that share the instance struct and
 * the functions one calls in the other: vireo-display.c (tiles, geometry,
 * drawing, scaling, resizing the guest, the session, the object) and
 * vireo-display-input.c (pointer, cursor, keyboard and grab). Only the
 * vireo-display*.c files include this header.
 */
#pragma once

#include "vireo-display.h"

G_BEGIN_DECLS

struct _VireoDisplay
{
  GtkWidget parent_instance;

  VireoConsoleSession *session;   /* owned */
  GSignalGroup *session_signals;

  /* one render node per framebuffer tile, row by row (NULL: not built yet) */
  GPtrArray *tiles;
  cairo_surface_t *view;          /* cairo renderer: a view of the framebuffer's pixels */
  gboolean tiles_cairo;           /* built for the cairo renderer */
  double built_scale;             /* cairo renderer: the geometry the tiles were built for */
  double built_x;
  double built_y;
  guint n_tiles_x;
  guint n_tiles_y;
  int fb_width;
  int fb_height;
  guint n_tile_uploads;

  VireoDisplayScaling scaling;
  gboolean resize_guest;
  guint resize_source;
  int last_requested_width;
  int last_requested_height;
  guint resize_check_source;
  gboolean resize_ignored;

  char *release_keys;
  GdkModifierType release_mods;
  guint release_keyval;
  gboolean grabbed;
  gboolean f11_passed;            /* F11 went to the window (not grabbed) */

  VireoConsoleButtons buttons;
  gboolean warp_pending;          /* relative pointer: the pointer was put back */
  double warp_x;
  double warp_y;
  gboolean have_last_pos;
  double last_x;
  double last_y;
};

/* vireo-display.c */
/* the scale and the top-left corner of the guest screen in the widget */
gboolean _vireo_display_get_geometry       (VireoDisplay *self,
                                            double       *scale,
                                            double       *off_x,
                                            double       *off_y);
void     _vireo_display_notify_grabbed     (VireoDisplay *self);

/* vireo-display-input.c */
void     _vireo_display_init_input         (VireoDisplay *self);
void     _vireo_display_parse_release_keys (VireoDisplay *self);
void     _vireo_display_update_cursor      (VireoDisplay *self);

G_END_DECLS
