/* vireo-core.h — the GTK-free core of Vireo
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-auth-request.h"
#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-domain-stats.h"
#include "vireo-error.h"
#include "vireo-host-info.h"
#include "vireo-stats-sampler.h"
#include "vireo-stats-series.h"
#include "vireo-stats.h"
#include "vireo-uri.h"

G_BEGIN_DECLS

/* Hooks libvirt's event loop into the GLib main context (gvir_event_register)
 * and sets up libvirt's error handling. Call once, on the main thread, before
 * any connection opens. */
void vireo_core_init (void);

/* The OS name for a libosinfo id ("Fedora 37"); loads the database on first
 * use, so call it only from a worker thread. NULL when unknown. */
char *vireo_os_name_for_id (const char *os_id);

G_END_DECLS
