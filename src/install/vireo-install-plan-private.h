/* vireo-install-plan-private.h — what the install plan's files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoInstallPlan is one class in several files, one per concern (as the
 * Console page is): vireo-install-plan.c (the answers, capabilities and
 * effective values), -validate.c (checks and warnings), -xml.c (the libvirt
 * XML) and -merge.c (the install phase of an edited configuration). This
 * header holds the instance struct and the functions one file calls in
 * another; only the vireo-install-plan*.c files include it.
 */
#pragma once

#include "vireo-install-plan.h"
#include "vireo-xml.h"

G_BEGIN_DECLS

typedef struct
{
  char      *os_type;      /* "hvm", "xen", "linux" */
  char      *arch;
  GStrv      domain_types; /* "kvm", "qemu", "xen" */
  GStrv      machines;     /* names and canonical names */
} CapsGuest;

struct _VireoInstallPlan
{
  GObject         parent_instance;

  /* answers (the property table below points into these) */
  char           *uri;
  int             method;
  char           *media_path;
  char           *tree_url;
  char           *kickstart_url;
  char           *kernel_args;
  char           *kernel_path;
  char           *initrd_path;
  char           *os_id;
  char           *arch;
  char           *machine;
  char           *virt_type;
  gboolean        xen_pv;
  guint           memory_mib;
  guint           vcpus;
  guint           host_memory_mib;
  guint           host_cpus;
  int             storage_mode;
  char           *pool_name;
  gint64          pool_free_bytes;
  char           *volume_name;
  guint           disk_size_gib;
  char           *disk_format;
  gboolean        allocate_now;
  char           *disk_path;
  char           *name;
  char           *uuid;
  char           *title;
  int             network_mode;
  char           *network_source;
  char           *mac;
  int             firmware;
  gboolean        tpm;
  gboolean        bios_available;
  gboolean        uefi_available;
  gboolean        swtpm_available;
  guint           max_vcpus;
  gboolean        media_readable;
  /* express install (vireo-express-install.h) */
  gboolean        express_install;
  char           *user_login;
  char           *user_fullname;
  char           *user_password;    /* secret */
  gboolean        admin_same_as_user;
  char           *admin_password;   /* secret */
  char           *hostname;
  char           *timezone;
  char           *language;
  char           *product_key;
  char           *answer_disk;      /* the run's answer-file CD-ROM image (install phase only), NULL: none */

  VireoOsDevices *os_devices;     /* never NULL */
  char           *host_arch;      /* from capabilities, NULL when not given */
  GPtrArray      *guests;         /* CapsGuest, NULL when not given */
  gboolean        resources_minimum; /* set_os chose the OS's minimum: no room on the host */
  char           *generated_mac;
  char           *effective_volume_name;
};

/* vireo-install-plan.c */
gboolean   _vireo_install_plan_is_local      (VireoInstallPlan *self);
gboolean   _vireo_install_plan_is_xen        (VireoInstallPlan *self);
gboolean   _vireo_install_plan_is_xen_pv     (VireoInstallPlan *self);
gboolean   _vireo_install_plan_use_q35       (VireoInstallPlan *self);
gboolean   _vireo_install_plan_host_has_room (VireoInstallPlan *self,
                                              guint             memory_mib);
/* the install phase's memory: libosinfo's network-install need for URL and
 * PXE installs when it is more (and the host has room), else "memory-mib" */
guint      _vireo_install_plan_install_memory_mib (VireoInstallPlan *self);
/* an emulated TPM 2.0 is asked for: Windows 11 ("tpm"), or any UEFI guest */
gboolean   _vireo_install_plan_wants_tpm     (VireoInstallPlan *self);
CapsGuest *_vireo_install_plan_find_guest    (VireoInstallPlan *self,
                                              const char       *os_type,
                                              const char       *arch,
                                              const char       *domain_type);

/* vireo-install-plan-xml.c */
char      *_vireo_install_plan_dump_document (xmlDoc           *doc);

G_END_DECLS
