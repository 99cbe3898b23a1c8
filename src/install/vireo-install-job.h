/* vireo-install-job.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The install of a VM Vireo made, seen as one job from the installer's first
 * boot to the VM running from its disk. The install run (vireo-install-runner)
 * starts the installer with a marker in the running configuration's
 * <metadata>; any Vireo that sees a VM running with that marker follows it
 * (VireoDomain:install-job): when the installer reboots (the guest shuts
 * down; QEMU stops it, as on_reboot is destroy), the VM is started again from
 * its saved configuration, which boots the disk. A VM forced off, or one that
 * crashed, is left off.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Vireo's own namespace in a domain's <metadata> */
#define VIREO_INSTALL_NS      "https://vireo.org/xmlns/libvirt/domain/install/1.0"
#define VIREO_INSTALL_PREFIX  "vireo"

typedef enum
{
  VIREO_INSTALL_JOB_INSTALLING,   /* the installer runs */
  VIREO_INSTALL_JOB_RESTARTING,   /* it rebooted: starting the VM from its disk */
  VIREO_INSTALL_JOB_DONE,         /* the VM runs from its disk */
  VIREO_INSTALL_JOB_STOPPED,      /* forced off, shut down by the person, or crashed: left off */
  VIREO_INSTALL_JOB_FAILED,       /* starting it from its disk failed */
} VireoInstallJobState;

#define VIREO_TYPE_INSTALL_JOB_STATE (vireo_install_job_state_get_type ())
GType vireo_install_job_state_get_type (void);

#define VIREO_TYPE_INSTALL_JOB (vireo_install_job_get_type ())
G_DECLARE_FINAL_TYPE (VireoInstallJob, vireo_install_job, VIREO, INSTALL_JOB, GObject)

VireoInstallJobState vireo_install_job_get_state    (VireoInstallJob *self);
/* one sentence a person reads (translated) */
const char          *vireo_install_job_get_message  (VireoInstallJob *self);
/* -1: no measure (the installer runs); 1.0 at the end */
double               vireo_install_job_get_fraction (VireoInstallJob *self);
/* TRUE while installing or restarting */
gboolean             vireo_install_job_get_active   (VireoInstallJob *self);
/* libvirt's own words when the start failed, else NULL */
const char          *vireo_install_job_get_details  (VireoInstallJob *self);

/* @xml with the install-phase marker in its <metadata> (other metadata kept);
 * NULL + error when @xml is not a domain */
char                *vireo_install_job_mark_xml     (const char *xml,
                                                     GError    **error);
/* whether the domain XML @xml carries the marker */
gboolean             vireo_install_job_xml_is_marked (const char *xml);

/* for VireoDomain */
VireoInstallJob     *_vireo_install_job_new         (void);
void                 _vireo_install_job_set         (VireoInstallJob      *self,
                                                     VireoInstallJobState  state,
                                                     const char           *message,
                                                     const char           *details);

G_END_DECLS
