/* vireo-details-nic-page.h — the Details view's page for a network interface
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-details-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_NIC_PAGE (vireo_details_nic_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsNicPage, vireo_details_nic_page, VIREO, DETAILS_NIC_PAGE, VireoDetailsPage)

GtkWidget *vireo_details_nic_page_new (void);

G_END_DECLS
