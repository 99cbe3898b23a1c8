/* vireo-core.h — the GTK-free core of Vireo
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-auth-request.h"
#include "vireo-connection.h"
#include "vireo-console-session.h"
#include "vireo-device-builder.h"
#include "vireo-display-text.h"
#include "vireo-domain.h"
#include "vireo-domain-config.h"
#include "vireo-domain-clone.h"
#include "vireo-domain-delete.h"
#include "vireo-domain-edit.h"
#include "vireo-domain-graphics.h"
#include "vireo-domain-scan.h"
#include "vireo-domain-stats.h"
#include "vireo-error.h"
#include "vireo-framebuffer.h"
#include "vireo-host-devices.h"
#include "vireo-host-info.h"
#include "vireo-host-interfaces.h"
#include "vireo-host-storage.h"
#include "vireo-host-networks.h"
#include "vireo-image-access.h"
#include "vireo-install-job.h"
#include "vireo-install-plan.h"
#include "vireo-install-runner.h"
#include "vireo-keymap.h"
#include "vireo-network.h"
#include "vireo-os-database.h"
#include "vireo-os-entry.h"
#include "vireo-serial-session.h"
#include "vireo-snapshot.h"
#include "vireo-spice-session.h"
#include "vireo-stats-sampler.h"
#include "vireo-stats-series.h"
#include "vireo-stats.h"
#include "vireo-uri.h"
#include "vireo-vnc-session.h"

G_BEGIN_DECLS

/* Hooks libvirt's event loop into the GLib main context (gvir_event_register)
 * and sets up libvirt's error handling. Call once, on the main thread, before
 * any connection opens. */
void vireo_core_init (void);

/* The OS name for a libosinfo id ("Fedora 37"); loads the database on first
 * use, so call it only from a worker thread. NULL when unknown. */
char *vireo_os_name_for_id (const char *os_id);
/* TRUE once the OS database was loaded (so vireo_os_name_for_id is cheap) */
gboolean vireo_core_os_names_loaded (void);

G_END_DECLS
