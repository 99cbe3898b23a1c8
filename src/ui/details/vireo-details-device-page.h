/* vireo-details-device-page.h — the Details view's page for the devices
 * without a page of their own: their main attributes and their XML
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-details-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_DEVICE_PAGE (vireo_details_device_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsDevicePage, vireo_details_device_page, VIREO, DETAILS_DEVICE_PAGE, VireoDetailsPage)

/* the rows are those of @kind */
GtkWidget *vireo_details_device_page_new (VireoDeviceKind kind);

G_END_DECLS
