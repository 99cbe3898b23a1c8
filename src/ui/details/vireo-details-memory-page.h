/* vireo-details-memory-page.h — the Details view's Memory page
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-details-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_MEMORY_PAGE (vireo_details_memory_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsMemoryPage, vireo_details_memory_page, VIREO, DETAILS_MEMORY_PAGE, VireoDetailsPage)

GtkWidget *vireo_details_memory_page_new (void);

G_END_DECLS
