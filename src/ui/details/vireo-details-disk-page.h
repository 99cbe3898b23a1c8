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

/* the host of the VM: its buses (the domain capabilities of the VM's
 * machine), the source's storage volume and size, the pool browser; set
 * before the page is loaded (NULL: none of them) */
void       vireo_details_disk_page_set_connection (VireoDetailsDiskPage *self,
                                                   VireoConnection      *connection);

/* tests: the check of QEMU's access to a new source path, with
 * vireo_image_access_check's signature, for every disk page (NULL: that
 * check on a local qemu:///system only) */
void       _vireo_details_disk_page_set_image_access_func (gpointer func);

G_END_DECLS
