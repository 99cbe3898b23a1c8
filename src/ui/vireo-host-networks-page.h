/* vireo-host-networks-page.h — the host window's Networks page: the host's
 * virtual networks with state and autostart, the selected one's settings
 * and DHCP leases, and what can be done to it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_NETWORKS_PAGE (vireo_host_networks_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostNetworksPage, vireo_host_networks_page, VIREO, HOST_NETWORKS_PAGE, AdwBin)

GtkWidget  *vireo_host_networks_page_new             (VireoConnection       *connection);
/* selects network @name (tests, and after New Network); FALSE when not listed */
gboolean    vireo_host_networks_page_select_network  (VireoHostNetworksPage *self,
                                                      const char            *name);
/* the name of the selected network, NULL when none */
const char *vireo_host_networks_page_get_selected    (VireoHostNetworksPage *self);
/* the message shown above the details, NULL when none */
const char *vireo_host_networks_page_get_error       (VireoHostNetworksPage *self);
/* TRUE once the selected network's leases were read (or could not be) */
gboolean    vireo_host_networks_page_get_leases_loaded (VireoHostNetworksPage *self);
/* TRUE while a change runs */
gboolean    vireo_host_networks_page_get_busy        (VireoHostNetworksPage *self);

G_END_DECLS
