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
 * size (extended desktop resize).
 *
 * Everything the server sends is the guest's and untrusted: a screen that is
 * empty or beyond VIREO_FRAMEBUFFER_MAX_SIDE / VIREO_FRAMEBUFFER_MAX_BYTES
 * (vireo-framebuffer.h), at ServerInit or in a later resize, ends the
 * session with the reason ("disconnected"), and so does a pixel format gvnc
 * cannot convert safely (other than 8, 16 or 32 bits a pixel of true
 * colour, each component inside the pixel); text the guest copies is shared
 * (clipboard sharing on) only up to VIREO_VNC_CLIPBOARD_MAX_BYTES. */

/* 1 MiB of ISO 8859-1 text (up to 2 MiB once converted to UTF-8) */
#define VIREO_VNC_CLIPBOARD_MAX_BYTES (1024 * 1024)

#define VIREO_TYPE_VNC_SESSION (vireo_vnc_session_get_type ())
G_DECLARE_FINAL_TYPE (VireoVncSession, vireo_vnc_session, VIREO, VNC_SESSION, VireoConsoleSession)

VireoConsoleSession *vireo_vnc_session_new (void);

G_END_DECLS
