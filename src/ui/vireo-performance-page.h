/* vireo-performance-page.h — the VM window's live graphs
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_PERFORMANCE_PAGE (vireo_performance_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoPerformancePage, vireo_performance_page, VIREO, PERFORMANCE_PAGE, AdwBin)

GtkWidget   *vireo_performance_page_new        (VireoDomain          *domain);
VireoDomain *vireo_performance_page_get_domain (VireoPerformancePage *self);
void         vireo_performance_page_set_domain (VireoPerformancePage *self,
                                                VireoDomain          *domain);

G_END_DECLS
