/* vireo-host-storage-page.h — the host window's Storage page: pools with
 * their usage, the selected pool's volumes, and what can be done to each
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_STORAGE_PAGE (vireo_host_storage_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostStoragePage, vireo_host_storage_page, VIREO, HOST_STORAGE_PAGE, AdwBin)

GtkWidget  *vireo_host_storage_page_new            (VireoConnection      *connection);
/* selects pool @name (tests, and after New Pool); FALSE when not listed */
gboolean    vireo_host_storage_page_select_pool    (VireoHostStoragePage *self,
                                                    const char           *name);
/* the volumes shown (after the search), a GListModel of VireoStorageVolume */
GListModel *vireo_host_storage_page_get_volumes    (VireoHostStoragePage *self);
/* TRUE once the selected pool's volumes are listed (tests) */
gboolean    vireo_host_storage_page_get_volumes_loaded (VireoHostStoragePage *self);
/* selects the shown volume @name; FALSE when not shown */
gboolean    vireo_host_storage_page_select_volume  (VireoHostStoragePage *self,
                                                    const char           *name);

G_END_DECLS
