/* vireo-auth-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_AUTH_DIALOG (vireo_auth_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoAuthDialog, vireo_auth_dialog, VIREO, AUTH_DIALOG, AdwWindow)

/* Asks the person the questions of @request (user name, password, …) with a
 * "Remember" check that stores the password in the keyring (libsecret).
 * Responds to @request when the person answers or cancels. */
GtkWidget *vireo_auth_dialog_new (GtkWindow        *parent,
                                  VireoAuthRequest *request);

/* Handles "authenticate" for @connection: uses a remembered password on the
 * first attempt, otherwise presents a VireoAuthDialog over the active window. */
void       vireo_auth_dialog_attach (VireoConnection *connection,
                                     GtkApplication  *application);

G_END_DECLS
