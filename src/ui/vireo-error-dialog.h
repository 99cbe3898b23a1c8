/* vireo-error-dialog.h — every error as a sentence, libvirt's text under an expander
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Presents an AdwMessageDialog transient for @parent: heading @heading,
 * body error->message, and when vireo_error_get_details() has text, a
 * "Details" expander with it and a "Copy details" button. Returns the
 * dialog (already presented; not owned by the caller). */
GtkWidget *vireo_error_dialog_present (GtkWindow    *parent,
                                       const char   *heading,
                                       const GError *error);

G_END_DECLS
