/* vireo-password-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VIREO_TYPE_PASSWORD_DIALOG (vireo_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VireoPasswordDialog, vireo_password_dialog, VIREO, PASSWORD_DIALOG, AdwMessageDialog)

/* A password question (a template: vireo-password-dialog.ui): @heading and
 * @body (plain text) over a password entry and a "Remember in the keyring"
 * check; responses "cancel" and "connect" (the default). The Console page
 * asks for a display's password with it, vireo-ssh-askpass for ssh's.
 *
 * On "response" the dialog keeps a copy of the typed text and lets the
 * entry go (GTK 4.8's GtkPasswordEntry warns when it is finalized inside
 * the dialog's own teardown); vireo_password_dialog_close() does the same
 * for a question that is withdrawn. */
GtkWidget  *vireo_password_dialog_new               (GtkWindow           *parent,
                                                     const char          *heading,
                                                     const char          *body);
/* The check is shown unless @offer is FALSE (ssh's passwords are not kept). */
void        vireo_password_dialog_set_offer_remember (VireoPasswordDialog *self,
                                                      gboolean             offer);
/* The text typed (before the response, the entry's; after it, the copy). */
const char *vireo_password_dialog_get_password      (VireoPasswordDialog *self);
/* Whether "Remember in the keyring" is ticked (and shown). */
gboolean    vireo_password_dialog_get_remember      (VireoPasswordDialog *self);
/* Withdraws the question: no response, the dialog goes. */
void        vireo_password_dialog_close             (VireoPasswordDialog *self);

G_END_DECLS
