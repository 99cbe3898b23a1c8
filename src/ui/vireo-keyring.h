/* vireo-keyring.h — the keyring's one schema for Vireo's passwords
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

/* "org.vireo.Vireo.Password", with two attributes:
 *   "uri"   a connection's libvirt URI (vireo-auth-dialog.c), or for a
 *           display's password that URI + "#console=" + the VM's UUID +
 *           "/" + the display's index (the Console page);
 *   "user"  the user name asked with the password, "" for displays.
 * Passwords are stored only when the person ticks "Remember". */
const SecretSchema *vireo_password_schema (void);

G_END_DECLS
