/* vireo-vnc-session.h — a VNC console through gvnc-1.0
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-console-session.h"

G_BEGIN_DECLS

/* VNC on gvnc (the GTK-free half of gtk-vnc). Picks "None" authentication
 * when the server offers it, else "VNC" (password, see "auth-required");
 * keys go out as QEMU extended key events (scancodes) when the server
 * supports them; scrolling is buttons 4-7; set_size asks for a new desktop
 * size (extended desktop resize). */

#define VIREO_TYPE_VNC_SESSION (vireo_vnc_session_get_type ())
G_DECLARE_FINAL_TYPE (VireoVncSession, vireo_vnc_session, VIREO, VNC_SESSION, VireoConsoleSession)

VireoConsoleSession *vireo_vnc_session_new (void);

G_END_DECLS
