/* vireo-domain-config.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoDomainConfig: a typed view and edit of one domain's XML, on a libxml2
 * tree through the XML layer (src/xml). The round trip is lossless: an edit
 * changes only what it edits; unknown elements and attributes, <metadata>,
 * comments, element order and devices Vireo does not know survive.
 *
 * A config is either the persistent (inactive) definition or the live one
 * (vireo_domain_get_config_async). The editors edit a copy of the persistent
 * one; each edit is recorded as a change that says whether it can also be made
 * on the running VM (VIREO_CHANGE_LIVE) or waits for the next shut down.
 * vireo_domain_apply_config_async applies the recorded changes.
 *
 * VireoDevice is a handle on one device element of a config: it lives as long
 * as the config holds that element (until it is removed or the config
 * finalised).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* virt-manager's hardware-list order */
typedef enum
{
  VIREO_DEVICE_KIND_DISK,          /* <disk device="disk|lun"> */
  VIREO_DEVICE_KIND_CDROM,         /* <disk device="cdrom"> */
  VIREO_DEVICE_KIND_FLOPPY,        /* <disk device="floppy"> */
  VIREO_DEVICE_KIND_INTERFACE,
  VIREO_DEVICE_KIND_INPUT,         /* tablet, mouse, keyboard */
  VIREO_DEVICE_KIND_GRAPHICS,      /* VNC, SPICE, … */
  VIREO_DEVICE_KIND_SOUND,
  VIREO_DEVICE_KIND_AUDIO,         /* <audio> backends */
  VIREO_DEVICE_KIND_SERIAL,
  VIREO_DEVICE_KIND_PARALLEL,
  VIREO_DEVICE_KIND_CONSOLE,
  VIREO_DEVICE_KIND_CHANNEL,
  VIREO_DEVICE_KIND_HOSTDEV_USB,
  VIREO_DEVICE_KIND_HOSTDEV_PCI,
  VIREO_DEVICE_KIND_HOSTDEV_OTHER, /* scsi, mdev, … */
  VIREO_DEVICE_KIND_VIDEO,
  VIREO_DEVICE_KIND_WATCHDOG,
  VIREO_DEVICE_KIND_CONTROLLER,
  VIREO_DEVICE_KIND_FILESYSTEM,
  VIREO_DEVICE_KIND_SMARTCARD,
  VIREO_DEVICE_KIND_REDIRDEV,
  VIREO_DEVICE_KIND_TPM,
  VIREO_DEVICE_KIND_RNG,
  VIREO_DEVICE_KIND_PANIC,
  VIREO_DEVICE_KIND_VSOCK,
  VIREO_DEVICE_KIND_MEMBALLOON,
  VIREO_DEVICE_KIND_HUB,
  VIREO_DEVICE_KIND_SHMEM,
  VIREO_DEVICE_KIND_IOMMU,
  VIREO_DEVICE_KIND_MEMORY,        /* <memory model="dimm|nvdimm|…"> */
  VIREO_DEVICE_KIND_LEASE,
  VIREO_DEVICE_KIND_OTHER,         /* an element Vireo does not know: shown, kept */
} VireoDeviceKind;

/* where a change is in effect */
typedef enum
{
  VIREO_CHANGE_PERSISTENT = 1 << 0,  /* the saved definition */
  VIREO_CHANGE_LIVE       = 1 << 1,  /* the running VM */
} VireoChangeScope;

typedef enum
{
  VIREO_CPU_MODE_DEFAULT,          /* no <cpu> mode: the hypervisor's default */
  VIREO_CPU_MODE_HOST_PASSTHROUGH,
  VIREO_CPU_MODE_HOST_MODEL,
  VIREO_CPU_MODE_CUSTOM,           /* a named model */
  VIREO_CPU_MODE_MAXIMUM,
} VireoCpuMode;

#define VIREO_TYPE_DEVICE (vireo_device_get_type ())
G_DECLARE_FINAL_TYPE (VireoDevice, vireo_device, VIREO, DEVICE, GObject)

#define VIREO_TYPE_DOMAIN_CONFIG (vireo_domain_config_get_type ())
G_DECLARE_FINAL_TYPE (VireoDomainConfig, vireo_domain_config, VIREO, DOMAIN_CONFIG, GObject)

/* --- the document ------------------------------------------------------- */

/* parses untrusted XML (the XML layer's limits); G_IO_ERROR_INVALID_DATA
 * naming line and reason, or a root that is not <domain> */
VireoDomainConfig *vireo_domain_config_new_from_xml  (const char         *xml,
                                                      GError            **error);
/* the document as it is now: byte-identical to the input after
 * canonicalisation when nothing was edited */
char              *vireo_domain_config_to_xml        (VireoDomainConfig  *self);
VireoDomainConfig *vireo_domain_config_copy          (VireoDomainConfig  *self);
/* TRUE when the document came from a running VM's live XML */
gboolean           vireo_domain_config_get_is_live   (VireoDomainConfig  *self);

const char        *vireo_domain_config_get_name      (VireoDomainConfig  *self);
const char        *vireo_domain_config_get_uuid      (VireoDomainConfig  *self);
const char        *vireo_domain_config_get_domain_type (VireoDomainConfig *self); /* "kvm", "qemu", … */
const char        *vireo_domain_config_get_arch      (VireoDomainConfig  *self); /* os/type/@arch */
const char        *vireo_domain_config_get_machine   (VireoDomainConfig  *self); /* os/type/@machine */
/* "bios", "efi" or NULL (os/@firmware, or a <loader> of type pflash) */
const char        *vireo_domain_config_get_firmware  (VireoDomainConfig  *self);

/* --- CPUs --------------------------------------------------------------- */

guint              vireo_domain_config_get_vcpus     (VireoDomainConfig  *self); /* current */
guint              vireo_domain_config_get_max_vcpus (VireoDomainConfig  *self);
/* current <= max, both >= 1, else G_IO_ERROR_INVALID_ARGUMENT (a sentence);
 * the host's limit is the caller's to check (vireo_host_caps) */
gboolean           vireo_domain_config_set_vcpus     (VireoDomainConfig  *self,
                                                      guint               current,
                                                      guint               max,
                                                      GError            **error);
/* 0 = not set; sockets*dies*cores*threads must equal max vCPUs when set */
void               vireo_domain_config_get_topology  (VireoDomainConfig  *self,
                                                      guint              *sockets,
                                                      guint              *dies,
                                                      guint              *cores,
                                                      guint              *threads);
gboolean           vireo_domain_config_set_topology  (VireoDomainConfig  *self,
                                                      guint               sockets,
                                                      guint               dies,
                                                      guint               cores,
                                                      guint               threads,
                                                      GError            **error);
VireoCpuMode       vireo_domain_config_get_cpu_mode  (VireoDomainConfig  *self);
const char        *vireo_domain_config_get_cpu_model (VireoDomainConfig  *self); /* CUSTOM only */
gboolean           vireo_domain_config_set_cpu       (VireoDomainConfig  *self,
                                                      VireoCpuMode        mode,
                                                      const char         *model,
                                                      GError            **error);

/* --- memory (KiB) ------------------------------------------------------- */

guint64            vireo_domain_config_get_memory    (VireoDomainConfig  *self); /* currentMemory */
guint64            vireo_domain_config_get_max_memory (VireoDomainConfig *self); /* memory */
/* current <= max, else G_IO_ERROR_INVALID_ARGUMENT */
gboolean           vireo_domain_config_set_memory    (VireoDomainConfig  *self,
                                                      guint64             current,
                                                      guint64             max,
                                                      GError            **error);
/* shared memory access, which virtiofs shares need: <memoryBacking><access
 * mode="shared"/> (or NUMA cells all memAccess="shared"). Setting it adds
 * what is missing of <memoryBacking><source type="memfd"/><access
 * mode="shared"/> and keeps the rest; persistent only (the next start) */
gboolean           vireo_domain_config_get_shared_memory (VireoDomainConfig *self);
void               vireo_domain_config_set_shared_memory (VireoDomainConfig *self,
                                                          gboolean           shared);
/* whether the VM has a memory balloon (a <memballoon> whose model is not
 * "none"), without which QEMU cannot change a running VM's memory */
gboolean           vireo_domain_config_has_balloon   (VireoDomainConfig  *self);

/* --- boot --------------------------------------------------------------- */

/* the devices that boot, in order (per-device <boot order>, or <os><boot
 * dev> resolved to the first device of each kind); transfer container */
GPtrArray         *vireo_domain_config_get_boot_order (VireoDomainConfig *self);
/* @devices in boot order; every other device loses its <boot>; an
 * <os><boot dev> list is replaced by per-device <boot order> */
gboolean           vireo_domain_config_set_boot_order (VireoDomainConfig *self,
                                                       GPtrArray         *devices,
                                                       GError           **error);
gboolean           vireo_domain_config_get_boot_menu  (VireoDomainConfig *self);
void               vireo_domain_config_set_boot_menu  (VireoDomainConfig *self,
                                                       gboolean           enabled);
/* direct kernel boot: os/kernel, os/initrd, os/cmdline, os/dtb; NULL or ""
 * removes the element */
const char        *vireo_domain_config_get_os_field   (VireoDomainConfig *self,
                                                       const char        *element);
void               vireo_domain_config_set_os_field   (VireoDomainConfig *self,
                                                       const char        *element,
                                                       const char        *value);

/* --- devices ------------------------------------------------------------ */

/* every device in hardware-list order (by kind, then document order);
 * transfer container */
GPtrArray         *vireo_domain_config_get_devices   (VireoDomainConfig  *self);
/* by vireo_device_get_id; NULL when there is none */
VireoDevice       *vireo_domain_config_find_device   (VireoDomainConfig  *self,
                                                      const char         *id);
/* adds a device from its XML (validated as one device element) at the end
 * of <devices>, after the last of its kind; recorded as a hot-plug when the
 * kind can be; returns the new handle (transfer none) */
VireoDevice       *vireo_domain_config_add_device    (VireoDomainConfig  *self,
                                                      const char         *device_xml,
                                                      GError            **error);
/* recorded as a hot-unplug when the kind can be */
void               vireo_domain_config_remove_device (VireoDomainConfig  *self,
                                                      VireoDevice        *device);

/* the scope the changes recorded since load can reach: PERSISTENT only, or
 * PERSISTENT|LIVE when every change can also be made on a running VM; 0
 * when nothing changed */
VireoChangeScope   vireo_domain_config_get_change_scope (VireoDomainConfig *self);
gboolean           vireo_domain_config_has_changes   (VireoDomainConfig  *self);

/* --- one device --------------------------------------------------------- */

VireoDeviceKind    vireo_device_get_kind             (VireoDevice        *self);
/* TRUE when a running VM can take the device in and give it up (a disk on
 * a virtio, SCSI or USB bus, a network interface, a host USB device); other
 * devices are added and removed for the next start only */
gboolean           vireo_device_get_hotpluggable     (VireoDevice        *self);
/* stable within a config and across reloads while the device exists:
 * "disk:vda", "interface:52:54:00:12:34:56", "video:0", … */
const char        *vireo_device_get_id               (VireoDevice        *self);
/* what the hardware list shows: "VirtIO Disk 1", "NIC :12:34:56",
 * "Display VNC", … (translated) */
char              *vireo_device_dup_title            (VireoDevice        *self);
const char        *vireo_device_get_icon_name        (VireoDevice        *self);
/* the element's XML, for the XML tab and for live updates */
char              *vireo_device_to_xml               (VireoDevice        *self);
/* replaces the element by @xml (one element of the same kind); recorded
 * like the typed setters */
gboolean           vireo_device_set_from_xml         (VireoDevice        *self,
                                                      const char         *xml,
                                                      GError            **error);

/* generic access for the pages of the less common kinds: @path is relative
 * to the device element and of the form "@attr", "child/@attr",
 * "child/grandchild" (its text) or "child" (exists?). get returns NULL when
 * absent; set with NULL removes the attribute (and elements left empty by
 * that), set creates missing elements at the end of their parent. */
char              *vireo_device_get                  (VireoDevice        *self,
                                                      const char         *path);
gboolean           vireo_device_set                  (VireoDevice        *self,
                                                      const char         *path,
                                                      const char         *value,
                                                      GError            **error);

/* disks and CD-ROMs: the source is a file, a block device or a pool volume
 * (pool and volume non-NULL); NULL path on a CD-ROM ejects the medium */
char              *vireo_device_dup_disk_source      (VireoDevice        *self);
gboolean           vireo_device_set_disk_source      (VireoDevice        *self,
                                                      const char         *path,
                                                      const char         *pool,
                                                      const char         *volume,
                                                      GError            **error);

/* disks, CD-ROMs and floppies: moves the disk to @bus ("virtio", "sata",
 * "scsi", "usb", "ide", "fdc", "xen"; any other is G_IO_ERROR_INVALID_ARGUMENT).
 * target/@dev becomes the new bus's prefix (vd, sd, hd, fd, xvd) with the first
 * letter no other disk of the VM has, and the disk's <address> goes (libvirt
 * assigns one on the new bus); the rest is kept. The device's id follows its
 * new target. Persistent only: a bus cannot change on a running VM. */
gboolean           vireo_device_set_disk_bus         (VireoDevice        *self,
                                                      const char         *bus,
                                                      GError            **error);

/* NICs: @type "network", "bridge", "direct" (macvtap), "user"; @source the
 * network, bridge or host device name (NULL for user) */
gboolean           vireo_device_set_nic_source       (VireoDevice        *self,
                                                      const char         *type,
                                                      const char         *source,
                                                      GError            **error);
/* an invalid MAC (not six hex pairs, multicast) is G_IO_ERROR_INVALID_ARGUMENT
 * with a sentence saying why */
gboolean           vireo_device_set_mac              (VireoDevice        *self,
                                                      const char         *mac,
                                                      GError            **error);
gboolean           vireo_mac_address_is_valid        (const char         *mac,
                                                      GError            **error);

G_END_DECLS
