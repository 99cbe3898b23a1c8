/* vireo-new-vm-wizard-private.h — for tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-host-caps.h"
#include "vireo-new-vm-wizard.h"

G_BEGIN_DECLS

/* vireo_image_access_check's signature */
typedef gboolean (*VireoImageAccessFunc) (const char *path, gboolean need_write, GError **error);

/* Shows @caps as the chosen connection's host facts, as if the connection
 * had reported them (tests: a host with CD/DVD drives, bridges, no UEFI). */
void _vireo_new_vm_wizard_set_host_caps (VireoNewVmWizard *self, VireoHostCaps *caps);

/* Checks chosen ISOs and images with @func on any connection (tests; the
 * wizard itself uses vireo_image_access_check on local qemu:///system). */
void _vireo_new_vm_wizard_set_image_access_func (VireoNewVmWizard *self, VireoImageAccessFunc func);

G_END_DECLS
