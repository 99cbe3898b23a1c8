/* vireo-details-boot-page.h — the Details view's Boot Options page
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-details-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_BOOT_PAGE (vireo_details_boot_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsBootPage, vireo_details_boot_page, VIREO, DETAILS_BOOT_PAGE, VireoDetailsPage)

GtkWidget *vireo_details_boot_page_new (void);

G_END_DECLS
