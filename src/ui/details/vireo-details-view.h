/* vireo-details-view.h — the VM window's Details view: the hardware list
 * and a page for each item, edited and applied per page
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_VIEW (vireo_details_view_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsView, vireo_details_view, VIREO, DETAILS_VIEW, AdwBin)

GtkWidget   *vireo_details_view_new        (VireoDomain      *domain);
VireoDomain *vireo_details_view_get_domain (VireoDetailsView *self);
/* TRUE while the shown page has edits not applied yet */
gboolean     vireo_details_view_get_dirty  (VireoDetailsView *self);

G_END_DECLS
