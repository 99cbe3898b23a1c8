/* vireo-preferences-window.h — polling and history of the live figures
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VIREO_TYPE_PREFERENCES_WINDOW (vireo_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (VireoPreferencesWindow, vireo_preferences_window, VIREO, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* every control is bound to @settings (schema org.vireo.Vireo) */
GtkWidget *vireo_preferences_window_new (GtkWindow *parent,
                                         GSettings *settings);

G_END_DECLS
