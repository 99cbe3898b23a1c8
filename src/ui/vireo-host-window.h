/* vireo-host-window.h — one connection's host: facts and live usage
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_WINDOW (vireo_host_window_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostWindow, vireo_host_window, VIREO, HOST_WINDOW, AdwWindow)

GtkWidget       *vireo_host_window_new            (GtkApplication  *application,
                                                   VireoConnection *connection);
VireoConnection *vireo_host_window_get_connection (VireoHostWindow *self);
/* Later issues add pages (Networks, Storage) beside the Overview */
void             vireo_host_window_add_page       (VireoHostWindow *self,
                                                   GtkWidget       *page,
                                                   const char      *name,
                                                   const char      *title,
                                                   const char      *icon_name);
/* TRUE once the host's facts are shown (tests) */
gboolean         vireo_host_window_get_loaded     (VireoHostWindow *self);

G_END_DECLS
