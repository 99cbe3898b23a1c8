/* vireo-snapshots-page.h — the VM window's Snapshots page and its questions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"
#include "vireo-snapshot.h"

G_BEGIN_DECLS

#define VIREO_TYPE_SNAPSHOTS_PAGE (vireo_snapshots_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoSnapshotsPage, vireo_snapshots_page, VIREO, SNAPSHOTS_PAGE, AdwBin)

/* The tree of @domain's snapshots (a GtkListView over a GtkTreeListModel:
 * children under their parent), each with its name, date, the VM's state
 * then, kind, description, a "Current" marker and its thumbnail; an empty
 * state with Create; Create, Revert, Edit Description and Delete acting on
 * the selected one ("snapshots." actions), each greyed out only with its
 * reason shown. Read when first shown and again on "snapshots-changed". */
GtkWidget   *vireo_snapshots_page_new        (VireoDomain        *domain);
VireoDomain *vireo_snapshots_page_get_domain (VireoSnapshotsPage *self);
/* TRUE once the list has been read and no read is pending */
gboolean     vireo_snapshots_page_get_loaded (VireoSnapshotsPage *self);

/* why no snapshot of @domain can be created now (a translated sentence, to
 * free), or NULL when one can */
char        *vireo_snapshot_create_blocker   (VireoDomain        *domain);

/* The Create Snapshot question, transient for @parent: name (prefilled
 * "<vm>-snapshot-N", unique), description, whether to include the memory of
 * a running VM, and the kind VireoSnapshotSupport allows, with the reason
 * when only one is possible. Responses "cancel" and "confirm". Returns it
 * (presented; not owned by the caller). */
GtkWidget   *vireo_snapshot_create_dialog_present (GtkWindow   *parent,
                                                   VireoDomain *domain);

G_END_DECLS
