/* vireo-details-graphics-page.h — the Details view's page for a display (VNC, SPICE)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-details-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_GRAPHICS_PAGE (vireo_details_graphics_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsGraphicsPage, vireo_details_graphics_page, VIREO, DETAILS_GRAPHICS_PAGE, VireoDetailsPage)

GtkWidget *vireo_details_graphics_page_new (void);

G_END_DECLS
