/* vireo-domain-file-dialogs.h — Rename, Save to File and Restore Saved VM
 * (issue 15): the questions they ask and the progress of a save
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

/* Each presents an AdwMessageDialog transient for @parent, runs the
 * operation once the person confirms, and reports a failure with
 * vireo_error_dialog_present(). They return the dialog (presented, not owned). */

/* the new name, checked as it is typed (vireo_domain_check_new_name) */
GtkWidget *vireo_rename_dialog_present       (GtkWindow       *parent,
                                              VireoDomain     *domain);
/* the path on the VM's host (a file chooser for a local host), then a
 * "Saving…" message with a progress bar and Cancel */
GtkWidget *vireo_save_file_dialog_present    (GtkWindow       *parent,
                                              VireoDomain     *domain);
/* the path of a saved file on @connection's host */
GtkWidget *vireo_restore_file_dialog_present (GtkWindow       *parent,
                                              VireoConnection *connection);

G_END_DECLS
