/* vireo-install-plan.h — the New VM wizard's answers, and the XML they make
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vireo-os-database.h"

G_BEGIN_DECLS

typedef enum
{
  VIREO_INSTALL_METHOD_ISO,     /* local media: ISO file or host CD/DVD device */
  VIREO_INSTALL_METHOD_URL,     /* network install tree: kernel + initrd + cmdline */
  VIREO_INSTALL_METHOD_PXE,     /* network boot */
  VIREO_INSTALL_METHOD_IMPORT,  /* an existing disk image that already boots */
  VIREO_INSTALL_METHOD_MANUAL,  /* no install media: define and boot the disk */
} VireoInstallMethod;

typedef enum
{
  VIREO_INSTALL_PHASE_INSTALL,  /* the first boot: from the media, tree or network */
  VIREO_INSTALL_PHASE_FINAL,    /* every later boot: from the disk */
} VireoInstallPhase;

typedef enum
{
  VIREO_STORAGE_MODE_NONE,
  VIREO_STORAGE_MODE_NEW_VOLUME, /* create pool-name/volume-name of disk-size-gib */
  VIREO_STORAGE_MODE_EXISTING,   /* disk-path: a file, block device or volume path */
} VireoStorageMode;

typedef enum
{
  VIREO_NETWORK_MODE_NONE,
  VIREO_NETWORK_MODE_NETWORK,  /* libvirt virtual network named network-source */
  VIREO_NETWORK_MODE_BRIDGE,   /* host bridge named network-source */
  VIREO_NETWORK_MODE_DIRECT,   /* macvtap on host device network-source */
  VIREO_NETWORK_MODE_USER,     /* QEMU user-mode networking (session connections) */
} VireoNetworkMode;

typedef enum
{
  VIREO_FIRMWARE_BIOS,
  VIREO_FIRMWARE_UEFI,
} VireoFirmware;

#define VIREO_TYPE_INSTALL_METHOD (vireo_install_method_get_type ())
#define VIREO_TYPE_INSTALL_PHASE  (vireo_install_phase_get_type ())
#define VIREO_TYPE_STORAGE_MODE   (vireo_storage_mode_get_type ())
#define VIREO_TYPE_NETWORK_MODE   (vireo_network_mode_get_type ())
#define VIREO_TYPE_FIRMWARE       (vireo_firmware_get_type ())
GType vireo_install_method_get_type (void);
GType vireo_install_phase_get_type  (void);
GType vireo_storage_mode_get_type   (void);
GType vireo_network_mode_get_type   (void);
GType vireo_firmware_get_type       (void);

/* Which answer is wrong: the wizard shows the message on that field's page. */
#define VIREO_INSTALL_PLAN_ERROR (vireo_install_plan_error_quark ())
typedef enum
{
  VIREO_INSTALL_PLAN_ERROR_NAME,
  VIREO_INSTALL_PLAN_ERROR_METHOD,
  VIREO_INSTALL_PLAN_ERROR_MEDIA,
  VIREO_INSTALL_PLAN_ERROR_OS,
  VIREO_INSTALL_PLAN_ERROR_ARCH,
  VIREO_INSTALL_PLAN_ERROR_MEMORY,
  VIREO_INSTALL_PLAN_ERROR_VCPUS,
  VIREO_INSTALL_PLAN_ERROR_STORAGE,
  VIREO_INSTALL_PLAN_ERROR_NETWORK,
  VIREO_INSTALL_PLAN_ERROR_MAC,
  VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
  VIREO_INSTALL_PLAN_ERROR_CAPABILITIES,
  VIREO_INSTALL_PLAN_ERROR_XML,  /* the person's edited domain XML (runner) */
  VIREO_INSTALL_PLAN_ERROR_EXPRESS, /* an express-install answer (vireo-express-install.h) */
} VireoInstallPlanError;
GQuark vireo_install_plan_error_quark (void);

#define VIREO_TYPE_INSTALL_PLAN (vireo_install_plan_get_type ())
G_DECLARE_FINAL_TYPE (VireoInstallPlan, vireo_install_plan, VIREO, INSTALL_PLAN, GObject)

/* Every answer is a property (the wizard pages bind to them):
 *   "uri"               connection URI; decides session vs system and local vs remote
 *   "method"            VireoInstallMethod
 *   "media-path"        ISO file or CD/DVD device (ISO)
 *   "tree-url"          install tree (URL); "kickstart-url", "kernel-args" optional
 *   "kernel-path", "initrd-path"  host paths of the tree's kernel and initrd
 *                       once fetched (URL, needed for the install phase)
 *   "os-id"             libosinfo id or short id ("" = unknown/generic)
 *   "os-devices"        VireoOsDevices for os-id (vireo_install_plan_set_os)
 *   "arch", "machine", "virt-type" ("kvm", "qemu", "xen"; "" = best the host offers)
 *   "xen-pv"            paravirtualised Xen guest
 *   "memory-mib", "vcpus"
 *   "host-memory-mib", "host-cpus"   the host's totals (0 = unknown)
 *   "storage-mode"      VireoStorageMode
 *   "pool-name", "pool-free-bytes" (-1 = unknown), "volume-name" ("" = name + ext),
 *   "disk-size-gib", "disk-format" ("qcow2"), "allocate-now", "disk-path"
 *   "name", "uuid" (generated), "title"
 *   "network-mode"      VireoNetworkMode, "network-source"
 *   "mac"               "" = generated (52:54:00 for QEMU, 00:16:3e for Xen)
 *   "firmware"          VireoFirmware
 *   "tpm"               the OS needs an emulated TPM 2.0 (set by vireo_install_plan_set_os
 *                       for Windows 11); every UEFI guest gets one anyway when the host
 *                       has swtpm (BitLocker, measured boot, LUKS binding)
 *   "swtpm-available"   the host has swtpm, QEMU's TPM emulator (TRUE when unknown;
 *                       vireo_install_plan_set_domain_capabilities): without it a
 *                       UEFI guest gets no TPM (a warning), and Windows 11 is refused
 *   "bios-available", "uefi-available"  the firmware the host has (domain
 *                       capabilities; TRUE when unknown): validation refuses
 *                       firmware the host lacks, and an OS that needs UEFI on
 *                       a host without it
 *   "max-vcpus"         the most virtual CPUs the host gives a guest (0 =
 *                       unknown): validation refuses more
 *   "media-readable"    QEMU was found to read "media-path" (the wizard's access
 *                       check): no warning about where the media lies
 */
VireoInstallPlan *vireo_install_plan_new                 (const char *uri);

/* Facts about the host from virConnectGetCapabilities(): architectures,
 * domain types (kvm/qemu/xen), machine types, PV vs HVM. Sets the defaults
 * of "arch" and "virt-type" when they are empty. */
gboolean          vireo_install_plan_set_capabilities    (VireoInstallPlan *self,
                                                          const char       *capabilities_xml,
                                                          GError          **error);
/* Facts from virConnectGetDomainCapabilities() (NULL when the connection
 * gives none): sets "swtpm-available" from its <tpm> backend models, or for a
 * local host without them from `swtpm` in PATH. Returns the value set. */
gboolean          vireo_install_plan_set_domain_capabilities (VireoInstallPlan *self,
                                                              const char       *domain_caps_xml);
gboolean          vireo_install_plan_host_has_kvm        (VireoInstallPlan *self);
gboolean          vireo_install_plan_host_has_xen_pv     (VireoInstallPlan *self);
/* The guest architectures and the domain types ("kvm", "qemu", "test") the
 * capabilities offer, each once, in the order the host lists them; empty
 * before vireo_install_plan_set_capabilities. */
GStrv             vireo_install_plan_dup_host_archs      (VireoInstallPlan *self);
GStrv             vireo_install_plan_dup_host_virt_types (VireoInstallPlan *self);

/* Sets "os-id" and "os-devices" from the database (NULL @db or unknown id:
 * generic devices), and the defaults libosinfo recommends: memory, vCPUs,
 * disk size, UEFI for OSes that cannot boot with BIOS, a TPM for Windows 11.
 * @db is used on the calling thread (it is cheap once loaded). */
gboolean          vireo_install_plan_set_os              (VireoInstallPlan *self,
                                                          VireoOsDatabase  *db,
                                                          const char       *os_id,
                                                          GError          **error);
const VireoOsDevices *vireo_install_plan_get_os_devices  (VireoInstallPlan *self);
/* Which resources the plan holds, as a sentence for the Resources page:
 * libosinfo's recommendation ("Recommended for Fedora 37."), the OS's
 * minimum when the host has no room for it, and the network installer's
 * memory for URL and PXE installs; NULL for an unknown OS. */
char             *vireo_install_plan_dup_resources_note  (VireoInstallPlan *self);

/* what the XML will use when the property is left empty */
const char       *vireo_install_plan_get_effective_virt_type (VireoInstallPlan *self);
const char       *vireo_install_plan_get_effective_arch      (VireoInstallPlan *self);
const char       *vireo_install_plan_get_effective_machine   (VireoInstallPlan *self);
const char       *vireo_install_plan_get_effective_volume_name (VireoInstallPlan *self);
/* generates and remembers a MAC when "mac" is empty */
const char       *vireo_install_plan_get_effective_mac   (VireoInstallPlan *self);
gboolean          vireo_install_plan_is_session          (VireoInstallPlan *self);
/* the install phase differs from the final one (ISO, URL, PXE) */
gboolean          vireo_install_plan_needs_install_phase (VireoInstallPlan *self);

/* The name rule, as a sentence for the Name page. */
const char       *vireo_install_plan_name_rule           (void);
/* Checks only the name (as-you-type validation); uniqueness on the
 * connection is the caller's check. */
gboolean          vireo_install_plan_validate_name       (const char       *name,
                                                          GError          **error);
/* Checks a typed MAC address: six hex pairs, unicast, not all zero. */
gboolean          vireo_install_plan_validate_mac        (const char       *mac,
                                                          GError          **error);
/* Checks every answer; the first problem is returned as a
 * VIREO_INSTALL_PLAN_ERROR whose code names the field. */
gboolean          vireo_install_plan_validate            (VireoInstallPlan *self,
                                                          GError          **error);
/* Checks only the firmware: what the OS can boot with and what the host
 * has (the Name and Network page shows it as the answers change). */
gboolean          vireo_install_plan_check_firmware      (VireoInstallPlan *self,
                                                          GError          **error);
/* Soft problems (overcommit, sparse disks, images outside the labelled
 * directory): sentences for the summary page; NULL-terminated, may be empty. */
GStrv             vireo_install_plan_get_warnings        (VireoInstallPlan *self);

/* <volume> for storage-mode NEW_VOLUME; NULL with an error otherwise */
char             *vireo_install_plan_to_volume_xml       (VireoInstallPlan *self,
                                                          GError          **error);
/* <domain> for @phase. How a new VM is started (the virt-install pattern):
 *   1. virDomainCreateXML (INSTALL xml): a transient domain boots the media
 *      with <on_reboot>destroy</on_reboot>, so the installer's reboot stops it;
 *   2. virDomainDefineXML (FINAL xml), same name and UUID: the running
 *      domain becomes persistent and its next boot uses the disk;
 *   3. when the install run stops, the domain is started again, from disk.
 * For IMPORT and MANUAL (no install phase) both phases give the same XML:
 * define it and start the persistent domain. */
char             *vireo_install_plan_to_domain_xml       (VireoInstallPlan *self,
                                                          VireoInstallPhase phase,
                                                          GError          **error);
/* "Customize configuration before install": the INSTALL-phase <domain> made
 * from @final_xml, the person's edit of the FINAL XML. Everything the plan's
 * INSTALL XML has that its FINAL XML has not (booting from the media, the
 * tree's kernel and initrd or the network; the medium in the CD/DVD drive;
 * <on_reboot>destroy</on_reboot>; whatever else differs) is applied on top
 * of the edit; the rest of the edit is kept as it is. Without an install
 * phase, a copy of @final_xml. Refuses (VIREO_INSTALL_PLAN_ERROR_XML, a
 * sentence) XML that does not parse, is not a <domain>, no longer has the
 * plan's name and UUID, or lost what the install needs (the CD/DVD drive of
 * an ISO install, the network interface of a PXE install). */
char             *vireo_install_plan_install_xml_from    (VireoInstallPlan *self,
                                                          const char       *final_xml,
                                                          GError          **error);

G_END_DECLS
