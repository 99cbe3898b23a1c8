/* vireo-pool-browser.h — choose (or create) a volume in a host's storage pools
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_POOL_BROWSER (vireo_pool_browser_get_type ())
G_DECLARE_FINAL_TYPE (VireoPoolBrowser, vireo_pool_browser, VIREO, POOL_BROWSER, AdwWindow)

/* A modal dialog over @parent listing @connection's storage pools (state,
 * capacity, free space) and the volumes of the selected one (name, size,
 * format). It can create a volume (name, size, qcow2 or raw) in the selected
 * pool. "Choose" emits "volume-chosen" (const char *path) and closes it.
 * @heading says what the volume is for ("Choose an ISO image"). */
GtkWidget *
vireo_pool_browser_new (GtkWindow *parent, VireoConnection *connection, const char *heading);
/* the path of the selected volume, NULL when none */
const char *vireo_pool_browser_get_selected_path (VireoPoolBrowser *self);

G_END_DECLS
