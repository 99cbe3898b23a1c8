/* vireo-new-vm-wizard-private.h — the New VM wizard's files (one per step) and its tests
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

enum
{
  PAGE_METHOD,
  PAGE_OS,
  PAGE_RESOURCES,
  PAGE_STORAGE,
  PAGE_FINISH,
  PAGE_XML,
  PAGE_PROGRESS,
};
#define N_STEPS 5

typedef struct
{
  VireoNetworkMode mode;
  char            *source;  /* network, bridge or device; NULL when typed in device_row */
  gboolean         inactive; /* a virtual network that is not running */
} NetworkChoice;

struct _VireoNewVmWizard
{
  AdwWindow           parent_instance;

  GListModel         *connections;
  GPtrArray          *usable;          /* VireoConnection shown in connection_row */
  GPtrArray          *watched;         /* connections whose state we follow */
  VireoConnection    *connection;      /* the chosen one */
  VireoInstallPlan   *plan;
  VireoHostCaps      *caps;
  VireoOsDatabase    *osdb;
  gboolean            caps_read;   /* the plan read self->caps' capabilities */
  GtkCustomFilter    *os_filter;
  GtkSingleSelection *os_selection;
  GArray             *network_choices; /* NetworkChoice */
  GPtrArray          *arch_values;     /* "" then architecture names */
  GPtrArray          *virt_values;     /* "" then domain types */
  GCancellable       *cancellable;     /* the window's life */
  GCancellable       *caps_cancellable;
  GCancellable       *detect_cancellable;
  GCancellable       *run_cancellable;
  GCancellable       *networks_cancellable;
  gboolean            networks_again;  /* changed while being read */
  VireoInstallRunner *runner;
  char               *detected_for;    /* media path or URL last detected */
  char               *tree_error;      /* why the install tree URL was not usable */
  char               *created_uuid;
  guint               poll_source;
  guint               poll_count;
  guint               page;
  guint               access_serial;   /* drops stale image access answers */
  VireoImageAccessFunc access_func;    /* tests; NULL: the real check on qemu:///system */
  guint               dirty : 1;
  guint               name_edited : 1;
  guint               setting_name : 1;
  guint               updating : 1;
  guint               closing : 1;

  /* template children */
  AdwWindowTitle     *window_title;
  GtkWidget          *cancel_button;
  GtkWidget          *back_button;
  GtkWidget          *forward_button;
  GtkStack           *stack;
  AdwComboRow        *connection_row;
  GtkWidget          *no_connection_label;
  GtkWidget          *method_iso;
  GtkWidget          *method_url;
  GtkWidget          *method_pxe;
  GtkWidget          *method_import;
  GtkWidget          *method_manual;
  GtkWidget          *media_group;
  AdwComboRow        *media_source_row;
  GtkWidget          *iso_row;
  GtkWidget          *iso_browse;
  GtkWidget          *iso_volume;
  GtkWidget          *import_volume;
  GtkWidget          *disk_volume_row;
  GtkWidget          *network_inactive_row;
  GtkWidget          *network_start_button;
  GtkWidget          *firmware_error;
  GtkWidget          *media_access_error;
  GtkWidget          *disk_access_error;
  GtkWidget          *url_row;
  GtkWidget          *kickstart_row;
  GtkWidget          *kargs_row;
  GtkWidget          *import_row;
  GtkWidget          *import_browse;
  GtkWidget          *pxe_label;
  AdwComboRow        *arch_row;
  AdwComboRow        *virt_row;
  GtkWidget          *machine_row;
  GtkWidget          *xen_pv_row;
  GtkWidget          *xen_pv_switch;
  GtkWidget          *kvm_label;
  GtkWidget          *method_error;
  AdwActionRow       *detect_row;
  GtkSpinner         *detect_spinner;
  AdwActionRow       *os_row;
  GtkWidget          *os_search;
  GtkListView        *os_list;
  GtkWidget          *os_error;
  AdwPreferencesGroup *resources_group;
  GtkWidget          *memory_spin;
  GtkWidget          *vcpus_spin;
  GtkWidget          *resources_warning;
  GtkWidget          *resources_error;
  GtkWidget          *storage_choice_group;
  GtkWidget          *import_note_group;
  GtkWidget          *import_note;
  GtkWidget          *storage_new;
  GtkWidget          *storage_existing;
  GtkWidget          *storage_none;
  GtkWidget          *new_disk_group;
  AdwComboRow        *pool_row;
  GtkWidget          *size_spin;
  AdwComboRow        *format_row;
  GtkWidget          *allocate_switch;
  GtkWidget          *sparse_warning;
  GtkWidget          *existing_group;
  GtkWidget          *disk_path_row;
  GtkWidget          *disk_browse;
  GtkWidget          *storage_error;
  GtkWidget          *name_row;
  GtkWidget          *name_rule;
  GtkWidget          *name_error;
  AdwComboRow        *network_row;
  GtkWidget          *device_row;
  GtkWidget          *mac_row;
  AdwComboRow        *firmware_row;
  GtkWidget          *network_error;
  AdwActionRow       *sum_os;
  AdwActionRow       *sum_media;
  AdwActionRow       *sum_resources;
  AdwActionRow       *sum_disk;
  AdwActionRow       *sum_network;
  GtkWidget          *warnings_label;
  GtkWidget          *customize_switch;
  GtkWidget          *finish_error;
  GtkWidget          *xml_error;
  GtkWidget          *xml_install_note;  /* the install phase boots the edit too */
  GtkTextView        *xml_view;
  GtkWidget          *progress_label;
  GtkProgressBar     *progress_bar;
};

/* vireo-new-vm-wizard.c: errors, navigation, the run, the object */
void vireo_new_vm_wizard_set_error_label (GtkWidget    *label,
                                          const GError *error);
gboolean vireo_new_vm_wizard_connection_is_local (VireoNewVmWizard *self);
void vireo_new_vm_wizard_update_buttons (VireoNewVmWizard *self);

/* vireo-new-vm-wizard-source.c: step 1, the connection and the install source */
VireoInstallMethod vireo_new_vm_wizard_current_method (VireoNewVmWizard *self);
void vireo_new_vm_wizard_update_method_widgets (VireoNewVmWizard *self);
void vireo_new_vm_wizard_check_image_access (VireoNewVmWizard *self);
void vireo_new_vm_wizard_open_pool_browser (VireoNewVmWizard *self,
                                            const char       *heading,
                                            const char       *property);
void vireo_new_vm_wizard_apply_host_caps (VireoNewVmWizard *self,
                                          VireoHostCaps    *caps);
void vireo_new_vm_wizard_connection_changed (VireoNewVmWizard *self);
void vireo_new_vm_wizard_rebuild_connections (VireoNewVmWizard *self);
void vireo_new_vm_wizard_browse (VireoNewVmWizard *self,
                                 GtkWidget        *entry,
                                 const char       *title,
                                 gboolean          iso);
void vireo_new_vm_wizard_source_class_init (GtkWidgetClass *widget_class);
void vireo_new_vm_wizard_source_watch_plan (VireoNewVmWizard *self);

/* vireo-new-vm-wizard-os.c: step 2, the operating system */
void vireo_new_vm_wizard_update_os_row (VireoNewVmWizard *self);
void vireo_new_vm_wizard_start_detection (VireoNewVmWizard *self);
void vireo_new_vm_wizard_os_class_init (GtkWidgetClass *widget_class);
void vireo_new_vm_wizard_os_init (VireoNewVmWizard *self);

/* vireo-new-vm-wizard-resources.c: step 3, memory and CPUs */
gboolean vireo_new_vm_wizard_check_vcpus (VireoNewVmWizard *self,
                                          GError          **error);
void vireo_new_vm_wizard_update_resources (VireoNewVmWizard *self);
void vireo_new_vm_wizard_resources_watch_plan (VireoNewVmWizard *self);

/* vireo-new-vm-wizard-storage.c: step 4, storage */
void vireo_new_vm_wizard_update_storage_widgets (VireoNewVmWizard *self);
void vireo_new_vm_wizard_fill_pools (VireoNewVmWizard *self);
void vireo_new_vm_wizard_storage_class_init (GtkWidgetClass *widget_class);
void vireo_new_vm_wizard_storage_watch_plan (VireoNewVmWizard *self);

/* vireo-new-vm-wizard-summary.c: step 5, name, network, firmware, summary and the XML editor */
void vireo_new_vm_wizard_suggest_name (VireoNewVmWizard *self);
gboolean vireo_new_vm_wizard_check_name (VireoNewVmWizard *self,
                                         GError          **error);
gboolean vireo_new_vm_wizard_check_mac (VireoNewVmWizard *self,
                                        GError          **error);
void vireo_new_vm_wizard_fill_networks (VireoNewVmWizard *self,
                                        const char       *keep);
void vireo_new_vm_wizard_networks_changed_cb (VireoNewVmWizard *self,
                                              const char       *name,
                                              VireoConnection  *connection);
void vireo_new_vm_wizard_update_firmware (VireoNewVmWizard *self);
void vireo_new_vm_wizard_update_name_check (VireoNewVmWizard *self);
void vireo_new_vm_wizard_update_summary (VireoNewVmWizard *self);
void vireo_new_vm_wizard_summary_class_init (GtkWidgetClass *widget_class);
void vireo_new_vm_wizard_summary_init (VireoNewVmWizard *self);
void vireo_new_vm_wizard_summary_watch_plan (VireoNewVmWizard *self);

G_END_DECLS
