/* vireo-add-connection-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_ADD_CONNECTION_DIALOG (vireo_add_connection_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoAddConnectionDialog, vireo_add_connection_dialog, VIREO, ADD_CONNECTION_DIALOG, AdwWindow)

GtkWidget  *vireo_add_connection_dialog_new            (GtkWindow *parent);
/* the URI the dialog would connect to now (custom URI when filled in) */
const char *vireo_add_connection_dialog_get_uri        (VireoAddConnectionDialog *self);
gboolean    vireo_add_connection_dialog_get_autoconnect (VireoAddConnectionDialog *self);
/* for tests and for pre-filling */
void        vireo_add_connection_dialog_set_fields     (VireoAddConnectionDialog *self,
                                                        VireoHypervisor           hypervisor,
                                                        VireoTransport            transport,
                                                        const char               *user,
                                                        const char               *host,
                                                        guint                     port);
/* signal "connect-requested" (const char *uri, gboolean autoconnect) is
 * emitted when the person presses Connect; the dialog then closes. */

G_END_DECLS
