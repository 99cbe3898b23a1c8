/* vireo-details-disk-page.h — the Details view's page for a disk, a CD-ROM
 * or a floppy
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-details-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_DISK_PAGE (vireo_details_disk_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsDiskPage, vireo_details_disk_page, VIREO, DETAILS_DISK_PAGE, VireoDetailsPage)

GtkWidget *vireo_details_disk_page_new (void);

G_END_DECLS
