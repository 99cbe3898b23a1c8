/* vireo-console-page.h — the VM window's Console page
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"
#include "vireo-display.h"
#include "vireo-domain-graphics.h"

G_BEGIN_DECLS

/* Shows a VM's consoles (graphical, serial, text) and connects to them as
 * soon as the VM runs: local connections through virDomainOpenGraphicsFD,
 * SSH connections through an ssh tunnel, TLS/TCP connections directly. */

#define VIREO_TYPE_CONSOLE_PAGE (vireo_console_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoConsolePage, vireo_console_page, VIREO, CONSOLE_PAGE, AdwBin)

GtkWidget    *vireo_console_page_new            (VireoDomain      *domain);
VireoDomain  *vireo_console_page_get_domain     (VireoConsolePage *self);
void          vireo_console_page_set_domain     (VireoConsolePage *self,
                                                 VireoDomain      *domain);

VireoDisplay *vireo_console_page_get_display    (VireoConsolePage *self);
/* "display", "serial", "status" */
const char   *vireo_console_page_get_view       (VireoConsolePage *self);
/* the status page's title and description (what a person reads) */
const char   *vireo_console_page_get_status_title (VireoConsolePage *self);
const char   *vireo_console_page_get_status_description (VireoConsolePage *self);
/* the serial console's terminal (a VteTerminal) */
GtkWidget    *vireo_console_page_get_terminal   (VireoConsolePage *self);
/* shows the first serial or text console */
void          vireo_console_page_show_serial    (VireoConsolePage *self);
/* the open password prompt (an AdwMessageDialog), or NULL */
GtkWidget    *vireo_console_page_get_password_dialog (VireoConsolePage *self);

/* the "USB Devices" menu button (shown when the SPICE guest has usbredir
 * channels); its menu model lists the devices */
GtkMenuButton *vireo_console_page_get_usb_button (VireoConsolePage *self);

/* for tests: shows @session (a scripted one) as the page's graphical
 * console, as if the page had opened it */
void          vireo_console_page_use_session    (VireoConsolePage    *self,
                                                 VireoConsoleSession *session);

/* for tests: the flags for virDomainOpenGraphicsFD on local connections
 * (default VIREO_GRAPHICS_FD_SKIP_AUTH) */
void          vireo_console_page_set_graphics_fd_flags (VireoConsolePage    *self,
                                                        VireoGraphicsFdFlags flags);

G_END_DECLS
