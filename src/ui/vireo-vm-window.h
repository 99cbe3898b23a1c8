/* vireo-vm-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_VM_WINDOW (vireo_vm_window_get_type ())
G_DECLARE_FINAL_TYPE (VireoVmWindow, vireo_vm_window, VIREO, VM_WINDOW, AdwApplicationWindow)

GtkWidget   *vireo_vm_window_new        (GtkApplication *application,
                                         VireoDomain    *domain);
VireoDomain *vireo_vm_window_get_domain (VireoVmWindow *self);
/* the help page about what the window shows: "console" or "vm-window" */
const char  *vireo_vm_window_get_help_page (VireoVmWindow *self);
/* Later issues plug pages in here (Performance, Console, Hardware):
 * adds @page to the window's view stack with @name, @title, @icon_name. */
void         vireo_vm_window_add_page   (VireoVmWindow *self,
                                         GtkWidget     *page,
                                         const char    *name,
                                         const char    *title,
                                         const char    *icon_name);

G_END_DECLS
