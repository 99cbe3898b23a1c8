/* vireo-overview-page.h — the VM window's Overview page
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_OVERVIEW_PAGE (vireo_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoOverviewPage, vireo_overview_page, VIREO, OVERVIEW_PAGE, AdwBin)

GtkWidget *vireo_overview_page_new (VireoDomain *domain);
VireoDomain *vireo_overview_page_get_domain (VireoOverviewPage *self);
void vireo_overview_page_set_domain (VireoOverviewPage *self, VireoDomain *domain);

G_END_DECLS
