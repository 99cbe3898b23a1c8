/* vireo-express-install.h — unattended ("express") installs: the answers a
 * person gives once, the OS's own install script (libosinfo) made from them,
 * and how that script reaches the installer
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-install-plan.h"

G_BEGIN_DECLS

/* the answer file made for one run (below) */
typedef struct _VireoExpressScript VireoExpressScript;

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
 * installs and direct kernel boot; for ISO installs an answer-file CD-ROM,
 * where the installer looks for the file on every drive by itself: Windows'
 * autounattend.xml).
 * Otherwise FALSE, and *@reason (when not NULL) is one translated sentence
 * for the wizard to show where the option would be, e.g. "Alpine Linux 3.17
 * has no unattended install script." Main thread; cheap. */
gboolean     vireo_express_install_supported          (VireoInstallPlan *plan,
                                                       char            **reason);

/* TRUE when the OS's script asks for a product key (Windows). */
gboolean     vireo_express_install_needs_product_key  (VireoInstallPlan *plan);

/* Checks only the express answers: a user name the OS accepts, a password
 * where the script requires one, a hostname, a product key in the form
 * "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX" when the script asks for one (it may stay
 * empty only where the script does not require it). The first problem is
 * a VIREO_INSTALL_PLAN_ERROR_EXPRESS whose message is a sentence naming the
 * field. TRUE when "express-install" is FALSE. */
gboolean     vireo_express_install_validate           (VireoInstallPlan *plan,
                                                       GError          **error);

/* The host's time zone ("Europe/Rome"; "UTC" when unknown) and language
 * ("it_IT"; "en_US" when unknown), the defaults of "timezone" and "language". */
const char  *vireo_express_install_host_timezone      (void);
const char  *vireo_express_install_host_language      (void);

/* The host's keyboard layout (XKBLAYOUT of /etc/default/keyboard, its first
 * layout, e.g. "it"), or NULL when it does not say: then the layout comes
 * from the language. */
const char  *vireo_express_install_host_keyboard      (void);

/* The host name the script gets: "hostname", or one made from the VM's
 * name (what the OS step shows greyed in an empty row). */
char        *vireo_express_install_effective_hostname (VireoInstallPlan *plan);

/* -- core only (the plan's XML, the runner, tests) -- */

/* The first layout of the XKBLAYOUT line in @path (a file in the format
 * of /etc/default/keyboard), NULL when none or not a layout name. */
char        *_vireo_express_install_keyboard_from_file (const char *path);

/* TRUE when the plan's run puts the script on an answer-file CD-ROM: express
 * install on, an ISO install, and a script that goes there. */
gboolean     vireo_express_install_uses_answer_disk   (VireoInstallPlan *plan);

/* Makes the answer-file CD-ROM image (ISO 9660 with Joliet names, label
 * "OEMDRV") holding the script under the name it expects
 * ("autounattend.xml"), as a new file in @dir named after @vm_name, mode
 * 0600 (libvirt hands it to QEMU's user); returns its path. The script is
 * staged in a private directory, wiped and removed. Needs xorriso. Blocking. */
char        *vireo_express_install_make_answer_disk   (const char               *dir,
                                                       const char               *vm_name,
                                                       const VireoExpressScript *script,
                                                       GCancellable             *cancellable,
                                                       GError                  **error);

/* The install phase's XML gets the answer disk @path as a CD-ROM (NULL: no
 * disk); the runner sets it around making that XML. */
void         _vireo_install_plan_set_answer_disk      (VireoInstallPlan *plan,
                                                       const char       *path);

/* The OS's install script made from the plan's answers: the "desktop"
 * profile when the OS has one that reaches the installer with the plan's
 * method, else "jeos"; libosinfo's template, plus (Debian's preseed) an
 * early_command that writes "VIREO-EXPRESS <hostname>" to the installer's
 * console. Validates the answers first. Any thread that may read the plan;
 * blocking (the database is read on first use). */
VireoExpressScript *vireo_express_install_generate    (VireoInstallPlan *plan,
                                                       GError          **error);
void         vireo_express_script_free                (VireoExpressScript *script);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoExpressScript, vireo_express_script_free)
/* the file name the installer looks for ("preseed.cfg", "fedora.ks") */
const char  *vireo_express_script_get_filename        (const VireoExpressScript *script);
/* SECRET: the answer file (it holds the passwords); wiped when freed */
GBytes      *vireo_express_script_get_contents        (const VireoExpressScript *script);
/* what the installer's kernel command line needs ("" when nothing); never a secret */
const char  *vireo_express_script_get_cmdline         (const VireoExpressScript *script);

/* The command-line part alone, for the INSTALL phase's <cmdline> of a URL or
 * direct-kernel install with "express-install" on; "" otherwise. */
char        *vireo_express_install_command_line       (VireoInstallPlan *plan);

/* A "newc" cpio archive (the kernel's initramfs format) holding one regular
 * file @name (relative, e.g. "preseed.cfg") with @contents and permission
 * bits @mode, and the trailer. */
GBytes      *vireo_express_cpio_newc                  (const char *name,
                                                       GBytes     *contents,
                                                       guint32     mode);
/* Appends that archive, with the script in it, to the initrd at
 * @initrd_path (a copy the run owns, never the person's file): the kernel
 * unpacks it over the installer's own files. Blocking. */
gboolean     vireo_express_install_inject_initrd      (const char               *initrd_path,
                                                       const VireoExpressScript *script,
                                                       GError                  **error);

G_END_DECLS
