/* vireo-add-hardware-wizard-private.h — what the Add Hardware assistant's files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The assistant is one class in two files, one per concern: the pages and
 * the object (vireo-add-hardware-wizard.c), Finish: the spec, its checks,
 * the new volume and the apply (vireo-add-hardware-wizard-finish.c). Here:
 * the instance struct and what one file calls in the other. Only the
 * vireo-add-hardware-wizard*.c files include this header.
 */
#pragma once

#include <adwaita.h>

#include "vireo-add-hardware-wizard.h"
#include "vireo-device-builder.h"
#include "vireo-host-caps.h"
#include "vireo-new-vm-page.h"

G_BEGIN_DECLS

typedef VireoDeviceChoice Choice;

struct _VireoAddHardwareWizard
{
  AdwWindow        parent_instance;

  VireoDomain     *domain;        /* owned */
  GCancellable    *cancellable;
  VireoHostCaps   *caps;          /* NULL until known (or when the host does not say) */
  VireoOsDevices  *os;            /* NULL: unknown OS */
  GPtrArray       *host_devices;  /* VireoHostDevice */
  GPtrArray       *shown_devices; /* borrowed from host_devices: host_device_row's items */
  guint            n_loading;
  VireoDeviceKind  kind;
  char            *error;
  gboolean         busy;
  char            *vm_domain_caps_xml; /* for the VM's emulator, arch and machine; NULL: unknown */
  char            *auto_volume;   /* the new volume's name the assistant picked (not typed) */
  guint            volume_listing; /* the latest listing of the pool's volumes */
  gboolean         applying;      /* Finish runs: closing waits until it ends */

  /* Finish in progress */
  VireoDomainConfig *config;
  char              *device_xml;
  char              *new_pool;
  char              *new_volume;
  char              *new_format;
  guint64            new_capacity;
  gboolean           volume_created; /* new_volume is there: a failure deletes it */
  char              *failure;       /* the message shown once the volume is deleted */
  char              *mac;           /* a NIC's, to check no other VM has it */
  char              *disk_path;     /* a disk's existing path, to check QEMU can open it */
  gboolean           disk_writable;
  VireoImageAccessFunc access_func; /* tests; NULL: vireo_new_vm_page_access_func's */

  /* the choices each combo row shows now */
  const Choice    *disk_source_choices;
  const Choice    *type_choices;
  const Choice    *model_choices;
  const Choice    *bus_choices;
  const Choice    *action_choices;

  AdwWindowTitle  *window_title;
  GtkListBox      *kind_list;
  GtkStack        *page_stack;
  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
  GtkSpinner      *spinner;
  GtkWidget       *finish_button;
  AdwComboRow     *disk_source_row;
  AdwComboRow     *pool_row;
  AdwEntryRow     *volume_row;
  AdwActionRow    *size_row;
  GtkSpinButton   *size_spin;
  AdwEntryRow     *path_row;
  AdwComboRow     *disk_bus_row;
  AdwComboRow     *cache_row;
  AdwComboRow     *format_row;
  AdwPreferencesGroup *disk_group;
  AdwComboRow     *nic_type_row;
  AdwEntryRow     *nic_source_row;
  AdwComboRow     *nic_model_row;
  AdwEntryRow     *mac_row;
  AdwPreferencesGroup *options_group;
  AdwComboRow     *host_device_row;
  AdwComboRow     *type_row;
  AdwComboRow     *model_row;
  AdwComboRow     *bus_row;
  AdwComboRow     *action_row;
  AdwEntryRow     *source_row;
  AdwEntryRow     *tag_row;
};

extern const Choice _vireo_add_hardware_wizard_disk_buses[];
extern const Choice _vireo_add_hardware_wizard_formats[];
extern const Choice _vireo_add_hardware_wizard_nic_types[];
extern const Choice _vireo_add_hardware_wizard_nic_models[];

/* vireo-add-hardware-wizard.c */
void        _vireo_add_hardware_wizard_set_error         (VireoAddHardwareWizard *self,
                                                          const char             *message);
void        _vireo_add_hardware_wizard_set_busy          (VireoAddHardwareWizard *self,
                                                          gboolean                busy);
/* Finish runs (TRUE) or ended: the window cannot be closed meanwhile */
void        _vireo_add_hardware_wizard_set_applying      (VireoAddHardwareWizard *self,
                                                          gboolean                applying);
const char *_vireo_add_hardware_wizard_domain_caps_xml   (VireoAddHardwareWizard *self);
const char *_vireo_add_hardware_wizard_choice_id         (AdwComboRow            *row,
                                                          const Choice           *choices);
void        _vireo_add_hardware_wizard_emit_device_added (VireoAddHardwareWizard *self,
                                                          const char             *xml);

/* vireo-add-hardware-wizard-finish.c: the wizard.finish action */
void        _vireo_add_hardware_wizard_finish_activated  (GtkWidget              *widget,
                                                          const char             *action_name,
                                                          GVariant               *parameter);

G_END_DECLS
