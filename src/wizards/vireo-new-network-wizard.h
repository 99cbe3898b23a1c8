/* vireo-new-network-wizard.h — the New Network assistant
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NEW_NETWORK_WIZARD (vireo_new_network_wizard_get_type ())
G_DECLARE_FINAL_TYPE (VireoNewNetworkWizard, vireo_new_network_wizard, VIREO, NEW_NETWORK_WIZARD, AdwWindow)

/* Makes a virtual network on @networks' host: name, forwarding mode, IPv4
 * with a DHCP range (a free subnet suggested), IPv6, static hosts, DNS
 * domain, TFTP root and boot file. Finish checks it in the core
 * (vireo_host_networks_create_async: bad input creates nothing and shows
 * its sentence here), then emits "network-created" (its name, and a
 * warning or NULL: created but not started) and closes. */
GtkWidget  *vireo_new_network_wizard_new       (GtkWindow         *parent,
                                                VireoHostNetworks *networks);
/* the message shown, NULL when none */
const char *vireo_new_network_wizard_get_error (VireoNewNetworkWizard *self);
/* TRUE while Finish runs, or while the suggested subnet is read */
gboolean    vireo_new_network_wizard_get_busy  (VireoNewNetworkWizard *self);
/* the settings as the form says now (tests); NULL with the sentence when a
 * field cannot be read (a prefix, a static host line) */
VireoNetworkDef *vireo_new_network_wizard_dup_def (VireoNewNetworkWizard *self,
                                                   GError               **error);

G_END_DECLS
