/* vireo-details-video-page.h — the Details view's page for a video device
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-details-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_VIDEO_PAGE (vireo_details_video_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsVideoPage, vireo_details_video_page, VIREO, DETAILS_VIDEO_PAGE, VireoDetailsPage)

GtkWidget *vireo_details_video_page_new (void);

G_END_DECLS
