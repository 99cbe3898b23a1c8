/* vireo-spice-session.h — a SPICE console through spice-client-glib
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-console-session.h"

G_BEGIN_DECLS

/* SPICE on spice-client-glib (the GTK-free half of spice-gtk). Uses the
 * main, display (monitor 0), inputs and cursor channels. A session started
 * with vireo_console_session_connect_fd() asks "need-fd" once for every
 * further channel: answer each with a new socket to the same display
 * (another virDomainOpenGraphicsFD). The screen is copied out of SPICE's
 * primary surface on every invalidate (only the invalidated rectangle).
 * set_size sends a monitor configuration through the guest agent. */

#define VIREO_TYPE_SPICE_SESSION (vireo_spice_session_get_type ())
G_DECLARE_FINAL_TYPE (VireoSpiceSession, vireo_spice_session, VIREO, SPICE_SESSION, VireoConsoleSession)

VireoConsoleSession *vireo_spice_session_new (void);

G_END_DECLS
