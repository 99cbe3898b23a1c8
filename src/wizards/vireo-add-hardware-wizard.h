/* vireo-add-hardware-wizard.h — the Add Hardware assistant
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_ADD_HARDWARE_WIZARD (vireo_add_hardware_wizard_get_type ())
G_DECLARE_FINAL_TYPE (VireoAddHardwareWizard, vireo_add_hardware_wizard, VIREO,
                      ADD_HARDWARE_WIZARD, AdwWindow)

/* adds a device to @domain: Finish takes the saved definition, adds the
 * device and applies it (hot-plugged into a running VM where it can be);
 * then emits "device-added" (the new device's XML) and closes. An error
 * shows in the assistant and changes nothing. */
GtkWidget *vireo_add_hardware_wizard_new        (GtkWindow              *parent,
                                                 VireoDomain            *domain);
/* the kind shown (one of vireo_device_builder_get_kinds) */
void       vireo_add_hardware_wizard_select_kind (VireoAddHardwareWizard *self,
                                                  VireoDeviceKind         kind);
/* the message shown, NULL when none */
const char *vireo_add_hardware_wizard_get_error (VireoAddHardwareWizard *self);
/* TRUE while Finish runs */
gboolean   vireo_add_hardware_wizard_get_busy   (VireoAddHardwareWizard *self);

/* tests: the check of QEMU's access to a disk's path, with
 * vireo_image_access_check's signature (NULL: that check on a local
 * qemu:///system, none elsewhere) */
void       _vireo_add_hardware_wizard_set_image_access_func (VireoAddHardwareWizard *self,
                                                             gpointer                func);

G_END_DECLS
