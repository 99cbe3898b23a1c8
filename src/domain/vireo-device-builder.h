/* vireo-device-builder.h — a new device element's XML from typed answers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Add Hardware assistant fills a VireoDeviceSpec (one struct for every
 * kind: the fields a kind does not use are ignored), asks for the defaults a
 * host and an OS suggest, and gets the element's XML through the XML layer,
 * ready for vireo_domain_config_add_device. Values are checked here (paths,
 * names, MAC addresses, sizes) so a bad answer is a sentence, never XML.
 */
#pragma once

#include <gio/gio.h>

#include "vireo-domain-config.h"
#include "vireo-os-database.h"

G_BEGIN_DECLS

/* one choice of a list: the value libvirt's XML holds ("" for none: the
 * attribute is left out) and what a person reads (N_(): translate it) */
typedef struct
{
  const char *value;
  const char *label;
} VireoDeviceChoice;

/* a disk's cache modes, worded once for the Add Hardware assistant and the
 * Details view's disk page; ends with { NULL, NULL } */
extern const VireoDeviceChoice vireo_device_builder_cache_modes[];

/* the kinds a person can add, in the assistant's order */
typedef struct
{
  VireoDeviceKind kind;
  const char     *name;      /* translated */
  const char     *icon_name; /* as the Details view's hardware list */
} VireoDeviceKindInfo;

/* every kind the builder makes, in the order the assistant lists them */
const VireoDeviceKindInfo *vireo_device_builder_get_kinds (guint *n_kinds);

typedef struct
{
  VireoDeviceKind kind;

  /* DISK, CDROM: @source_path a file or block device (NULL on a CD-ROM:
   * no media), or @pool and @volume; @bus "virtio", "sata", "scsi", "usb",
   * "ide"; @cache "default" or "" (NULL), "none", "writethrough", "writeback",
   * "directsync", "unsafe"; @format the driver type ("qcow2", "raw");
   * @target the target dev (NULL: the first free name for the bus) */
  const char *source_path;
  const char *pool;
  const char *volume;
  const char *bus;
  const char *cache;
  const char *format;
  const char *target;
  gboolean    readonly;

  /* INTERFACE: @type "network", "bridge", "direct" (macvtap), "user";
   * @source the network, bridge or host device; @model "virtio", "e1000e",
   * "e1000", "rtl8139"; @mac (NULL: a new 52:54:00:xx:xx:xx) */
  const char *type;
  const char *source;
  const char *model;
  const char *mac;

  /* INPUT: @type "tablet", "mouse", "keyboard", @bus "usb", "virtio", "ps2".
   * GRAPHICS: @type "vnc", "spice". SOUND: @model "ich9", "ich6", "ac97".
   * VIDEO: @model "virtio", "qxl", "vga", "bochs". WATCHDOG: @model
   * "i6300esb", "ib700" (libvirt 9.0 has no "itco"),
   * @action "reset", "shutdown", "poweroff", "pause",
   * "none", "dump", "inject-nmi". RNG: @source the host device
   * ("/dev/urandom"). TPM: @model "tpm-tis", "tpm-crb" (emulator, 2.0).
   * PANIC: @model "isa" (pvpanic), "hyperv". VSOCK: automatic CID. CHANNEL: @type
   * "qemu-ga", "spice-vdagent". SERIAL, CONSOLE: a pty. FILESYSTEM: @type
   * "virtiofs", "9p", @source_path the host directory, @target the tag.
   * SMARTCARD, REDIRDEV: spicevmc. */
  const char *action;

  /* HOSTDEV_USB: @vendor_id, @product_id. HOSTDEV_PCI: @pci_address
   * "DDDD:BB:SS.F" */
  guint       vendor_id;
  guint       product_id;
  const char *pci_address;
} VireoDeviceSpec;

/* what a host and an OS suggest for @kind: @spec is reset to @kind with
 * static strings; @domain_caps_xml (NULL: unknown) limits the models and
 * buses to the host's; @os (NULL: unknown) picks virtio where it has the
 * drivers */
void      vireo_device_spec_init_defaults (VireoDeviceSpec      *spec,
                                           VireoDeviceKind       kind,
                                           const char           *domain_caps_xml,
                                           const VireoOsDevices *os);

/* the values <domainCapabilities><devices><@element><enum name=@name>
 * lists (transfer full; NULL when the XML does not say) */
char    **vireo_device_builder_caps_values (const char *domain_caps_xml,
                                            const char *element,
                                            const char *enum_name);

/* the device element's XML; @config (may be NULL) to name a disk's target
 * after the ones it has. A bad value is G_IO_ERROR_INVALID_ARGUMENT with a
 * sentence saying which and why. */
char     *vireo_device_builder_build       (const VireoDeviceSpec *spec,
                                            VireoDomainConfig     *config,
                                            GError               **error);

/* whether the host's domain capabilities (NULL: unknown, anything goes)
 * support @spec's bus, model or type: a disk or CD-ROM bus, a video model,
 * a display type, a TPM model, a filesystem driver. G_IO_ERROR_NOT_SUPPORTED
 * with a sentence naming it. */
gboolean  vireo_device_builder_check_caps  (const VireoDeviceSpec *spec,
                                            const char            *domain_caps_xml,
                                            GError               **error);

/* a new locally administered MAC address under QEMU's prefix 52:54:00 */
char     *vireo_mac_address_generate       (void);

/* the first free target dev for @bus ("vda", "sdb", …) in @config (NULL:
 * the first name) */
char     *vireo_device_builder_free_target (VireoDomainConfig *config,
                                            const char        *bus);

/* a new volume's name for VM @vm_name: "<vm_name>-N.<extension>" with the
 * smallest N >= 1 that none of @taken (the pool's volume names, NULL-ended;
 * NULL: none) has. A VM name with "/" (no volume name may hold one) or too
 * long for one (255 bytes) is cut down. */
char     *vireo_device_builder_free_volume_name (const char        *vm_name,
                                                 const char        *extension,
                                                 const char *const *taken);

G_END_DECLS
