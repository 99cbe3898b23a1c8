/* vireo-new-vm-wizard-private.h — the New VM wizard's hooks for its tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-host-caps.h"
#include "vireo-new-vm-page.h"
#include "vireo-new-vm-wizard.h"

G_BEGIN_DECLS

/* Shows @caps as the chosen connection's host facts, as if the connection
 * had reported them (tests: a host with CD/DVD drives, bridges, no UEFI). */
void _vireo_new_vm_wizard_set_host_caps (VireoNewVmWizard *self, VireoHostCaps *caps);

/* Checks chosen ISOs and images with @func on any connection (tests; the
 * wizard itself uses vireo_image_access_check on local qemu:///system). */
void _vireo_new_vm_wizard_set_image_access_func (VireoNewVmWizard *self, VireoImageAccessFunc func);

G_END_DECLS
