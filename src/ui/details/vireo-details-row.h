/* vireo-details-row.h — one row of the Details view's hardware list
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_ROW (vireo_details_row_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsRow, vireo_details_row, VIREO, DETAILS_ROW, GtkListBoxRow)

/* @page_name: the name of its page in the view's stack ("cpu", "memory",
 * "boot" or a device id) */
GtkWidget  *vireo_details_row_new           (const char      *page_name,
                                             const char      *title,
                                             const char      *icon_name);
const char *vireo_details_row_get_page_name (VireoDetailsRow *self);
const char *vireo_details_row_get_title     (VireoDetailsRow *self);
/* the marker of a change that waits for the next shut down */
void        vireo_details_row_set_pending   (VireoDetailsRow *self,
                                             gboolean         pending);
gboolean    vireo_details_row_get_pending   (VireoDetailsRow *self);
/* a device the running VM still has, removed from its definition: its row
 * stays, marked, until the next shut down */
void        vireo_details_row_set_removed   (VireoDetailsRow *self,
                                             gboolean         removed);
gboolean    vireo_details_row_get_removed   (VireoDetailsRow *self);

G_END_DECLS
