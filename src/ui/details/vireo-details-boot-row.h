/* vireo-details-boot-row.h — one device of the Boot Options page's order
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_BOOT_ROW (vireo_details_boot_row_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsBootRow, vireo_details_boot_row, VIREO, DETAILS_BOOT_ROW, AdwActionRow)

/* "move" (int delta: -1 up, +1 down) and "changed" (the check box) */
GtkWidget  *vireo_details_boot_row_new           (const char          *device_id,
                                                  const char          *title,
                                                  const char          *icon_name,
                                                  gboolean             enabled);
const char *vireo_details_boot_row_get_device_id (VireoDetailsBootRow *self);
gboolean    vireo_details_boot_row_get_enabled   (VireoDetailsBootRow *self);

G_END_DECLS
