/* vireo-manager-window.h — the main window: every connection as a section
 * with its VMs as rows
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-application.h"

G_BEGIN_DECLS

#define VIREO_TYPE_MANAGER_WINDOW (vireo_manager_window_get_type ())
G_DECLARE_FINAL_TYPE (VireoManagerWindow, vireo_manager_window, VIREO, MANAGER_WINDOW, AdwApplicationWindow)

GtkWidget    *vireo_manager_window_new              (VireoApplication *application);
/* shows (or hides) the "No hypervisor found on this computer" offer */
void          vireo_manager_window_set_no_hypervisor (VireoManagerWindow *self,
                                                      gboolean            no_hypervisor);
void          vireo_manager_window_add_toast        (VireoManagerWindow *self,
                                                     const char         *title);

/* -- for tests ---------------------------------------------------------- */
GtkListView  *vireo_manager_window_get_list_view    (VireoManagerWindow *self);
/* the rows: VireoConnection (section header) and VireoDomain items */
GListModel   *vireo_manager_window_get_rows         (VireoManagerWindow *self);
GActionGroup *vireo_manager_window_get_domain_actions (VireoManagerWindow *self);
void          vireo_manager_window_set_search_text  (VireoManagerWindow *self,
                                                     const char         *text);

G_END_DECLS
