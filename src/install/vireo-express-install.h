/* vireo-express-install.h — unattended ("express") installs: the answers a
 * person gives once, the OS's own install script (libosinfo) made from them,
 * and how that script reaches the installer
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-install-plan.h"

G_BEGIN_DECLS

/* The answers are VireoInstallPlan properties (the wizard binds to them):
 *   "express-install"     bool: install without questions (default FALSE)
 *   "user-login"          the person's account ("" = none asked yet)
 *   "user-fullname"       their full name (may stay "")
 *   "user-password"       SECRET: never in settings, logs, titles or command lines
 *   "admin-same-as-user"  bool (default TRUE): the administrator/root password
 *                         is the user's
 *   "admin-password"      SECRET; used when "admin-same-as-user" is FALSE
 *   "hostname"            "" = made from the VM's name
 *   "timezone"            "" = the host's (vireo_express_install_host_timezone)
 *   "language"            "" = the host's (vireo_express_install_host_language)
 *   "product-key"         Windows only, "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX"
 * vireo_install_plan_validate() checks them (VIREO_INSTALL_PLAN_ERROR_EXPRESS)
 * when "express-install" is TRUE. */

/* TRUE when the plan's OS ("os-id") has a libosinfo install script that can
 * reach its installer with the plan's method (initrd injection for URL
 * installs and direct kernel boot, an answer-file disk for ISO installs).
 * Otherwise FALSE, and *@reason (when not NULL) is one translated sentence
 * for the wizard to show where the option would be, e.g. "Alpine Linux 3.17
 * has no unattended install script." Main thread; cheap. */
gboolean     vireo_express_install_supported          (VireoInstallPlan *plan,
                                                       char            **reason);

/* TRUE when the OS's script asks for a product key (Windows). */
gboolean     vireo_express_install_needs_product_key  (VireoInstallPlan *plan);

/* Checks only the express answers: a user name the OS accepts, a password
 * where the script requires one, a hostname, a product key in the form
 * "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX" when one is needed. The first problem is
 * a VIREO_INSTALL_PLAN_ERROR_EXPRESS whose message is a sentence naming the
 * field. TRUE when "express-install" is FALSE. */
gboolean     vireo_express_install_validate           (VireoInstallPlan *plan,
                                                       GError          **error);

/* The host's time zone ("Europe/Rome"; "UTC" when unknown) and language
 * ("it_IT"; "en_US" when unknown), the defaults of "timezone" and "language". */
const char  *vireo_express_install_host_timezone      (void);
const char  *vireo_express_install_host_language      (void);

/* Core only (the plan's XML and the runner): the host name the script
 * gets: "hostname", or one made from the VM's name. */
char        *_vireo_express_install_effective_hostname (VireoInstallPlan *plan);

G_END_DECLS
