/* vireo-host-interfaces-page.h — the host window's Interfaces page: the host's
 * network interfaces as libvirt reports them (read-only) and its node devices
 * (PCI, USB, SCSI, net, mediated) with their drivers and the VM of each
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HOST_INTERFACES_PAGE (vireo_host_interfaces_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostInterfacesPage, vireo_host_interfaces_page, VIREO, HOST_INTERFACES_PAGE, AdwBin)

GtkWidget  *vireo_host_interfaces_page_new        (VireoConnection         *connection);
/* TRUE once both lists were read (or could not be) */
gboolean    vireo_host_interfaces_page_get_loaded (VireoHostInterfacesPage *self);
/* the row whose title is @title (an interface's name, a device's
 * description), NULL when none (tests) */
AdwActionRow *vireo_host_interfaces_page_find_row (VireoHostInterfacesPage *self,
                                                   const char              *title);
/* the sentence above the interfaces: read-only, or why they are missing */
const char *vireo_host_interfaces_page_get_interfaces_note (VireoHostInterfacesPage *self);
/* the sentence above the devices when they cannot be listed, else NULL */
const char *vireo_host_interfaces_page_get_devices_note    (VireoHostInterfacesPage *self);
/* reads both lists again */
void        vireo_host_interfaces_page_reload     (VireoHostInterfacesPage *self);

G_END_DECLS
