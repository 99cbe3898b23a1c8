/* test-device-builder.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Add Hardware assistant's device XML (VireoDeviceSpec): for every kind
 * the builder makes, the element it writes is added to a corpus domain with
 * vireo_domain_config_add_device, the whole domain passes
 * `virt-xml-validate FILE domain`, and the device the config then holds has
 * the values asked for (read back through the config, not the string).
 * Defaults follow the host's domain capabilities and the OS's drivers; disk
 * names go to the first free one; bad answers (an invalid MAC, a relative
 * path, a tablet on PS/2, a bad PCI address, control characters) are refused
 * with a sentence.
 */
#define G_LOG_DOMAIN "vireo-test-device-builder"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vireo-device-builder.h"
#include "vireo-host-devices.h"

static char *
read_corpus (const char *name)
{
  const char *root = g_getenv ("VIREO_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_nonnull (root);
  path = g_build_filename (root, "tests", "core", "data", "domain-config", name, NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static VireoDomainConfig *
load_corpus (const char *name)
{
  g_autofree char *xml = read_corpus (name);
  g_autoptr(GError) error = NULL;
  VireoDomainConfig *config = vireo_domain_config_new_from_xml (xml, &error);

  g_assert_no_error (error);
  return config;
}

static void
assert_validates (const char *what, const char *xml)
{
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("vireo-builder-XXXXXX.xml", &tmp, &error);
  const char *argv[] = { "virt-xml-validate", NULL, "domain", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (tmp, xml, -1, &error);
  g_assert_no_error (error);
  argv[1] = tmp;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_unlink (tmp);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s: the domain does not validate:\n%s%s\n%s", what, out, err, xml);
}

/* the path=value pairs the added device must have */
typedef struct
{
  const char     *name;
  VireoDeviceSpec spec;
  VireoDeviceKind added_kind;
  const char     *expect[16]; /* NULL-terminated */
} Case;

static const Case cases[] = {
  { "disk-file",
    { .kind = VIREO_DEVICE_KIND_DISK, .source_path = "/var/lib/libvirt/images/data.qcow2",
      .bus = "virtio", .cache = "none", .format = "qcow2" },
    VIREO_DEVICE_KIND_DISK,
    { "@type", "file", "@device", "disk", "source/@file", "/var/lib/libvirt/images/data.qcow2",
      "target/@bus", "virtio", "driver/@cache", "none", "driver/@type", "qcow2" } },
  { "disk-block",
    { .kind = VIREO_DEVICE_KIND_DISK, .source_path = "/dev/sdz", .bus = "sata", .format = "raw" },
    VIREO_DEVICE_KIND_DISK,
    { "@type", "block", "source/@dev", "/dev/sdz", "target/@bus", "sata", "target/@dev", "sda" } },
  { "disk-volume",
    { .kind = VIREO_DEVICE_KIND_DISK, .pool = "default", .volume = "new.qcow2", .bus = "scsi",
      .cache = "writeback" },
    VIREO_DEVICE_KIND_DISK,
    { "@type", "volume", "source/@pool", "default", "source/@volume", "new.qcow2", "target/@bus",
      "scsi", "driver/@cache", "writeback" } },
  { "cdrom-empty",
    { .kind = VIREO_DEVICE_KIND_CDROM, .bus = "sata" },
    VIREO_DEVICE_KIND_CDROM,
    { "@device", "cdrom", "readonly", "", "target/@bus", "sata", "target/@dev", "sda" } },
  { "cdrom-media",
    { .kind = VIREO_DEVICE_KIND_CDROM, .source_path = "/srv/iso/debian.iso", .bus = "scsi" },
    VIREO_DEVICE_KIND_CDROM,
    { "@device", "cdrom", "source/@file", "/srv/iso/debian.iso", "target/@bus", "scsi" } },
  { "nic-network",
    { .kind = VIREO_DEVICE_KIND_INTERFACE, .type = "network", .source = "default",
      .model = "virtio", .mac = "52:54:00:ab:cd:ef" },
    VIREO_DEVICE_KIND_INTERFACE,
    { "@type", "network", "source/@network", "default", "model/@type", "virtio", "mac/@address",
      "52:54:00:ab:cd:ef" } },
  { "nic-bridge",
    { .kind = VIREO_DEVICE_KIND_INTERFACE, .type = "bridge", .source = "br0", .model = "e1000e" },
    VIREO_DEVICE_KIND_INTERFACE,
    { "@type", "bridge", "source/@bridge", "br0", "model/@type", "e1000e" } },
  { "nic-macvtap",
    { .kind = VIREO_DEVICE_KIND_INTERFACE, .type = "direct", .source = "eth0",
      .model = "rtl8139" },
    VIREO_DEVICE_KIND_INTERFACE,
    { "@type", "direct", "source/@dev", "eth0", "source/@mode", "bridge", "model/@type",
      "rtl8139" } },
  { "nic-user",
    { .kind = VIREO_DEVICE_KIND_INTERFACE, .type = "user", .model = "e1000" },
    VIREO_DEVICE_KIND_INTERFACE,
    { "@type", "user", "model/@type", "e1000" } },
  { "input-tablet",
    { .kind = VIREO_DEVICE_KIND_INPUT, .type = "tablet", .bus = "usb" },
    VIREO_DEVICE_KIND_INPUT,
    { "@type", "tablet", "@bus", "usb" } },
  { "input-keyboard",
    { .kind = VIREO_DEVICE_KIND_INPUT, .type = "keyboard", .bus = "virtio" },
    VIREO_DEVICE_KIND_INPUT,
    { "@type", "keyboard", "@bus", "virtio" } },
  { "input-mouse",
    { .kind = VIREO_DEVICE_KIND_INPUT, .type = "mouse", .bus = "ps2" },
    VIREO_DEVICE_KIND_INPUT,
    { "@type", "mouse", "@bus", "ps2" } },
  { "graphics-vnc",
    { .kind = VIREO_DEVICE_KIND_GRAPHICS, .type = "vnc" },
    VIREO_DEVICE_KIND_GRAPHICS,
    { "@type", "vnc", "@autoport", "yes" } },
  { "graphics-spice",
    { .kind = VIREO_DEVICE_KIND_GRAPHICS, .type = "spice" },
    VIREO_DEVICE_KIND_GRAPHICS,
    { "@type", "spice" } },
  { "sound-ich9", { .kind = VIREO_DEVICE_KIND_SOUND, .model = "ich9" }, VIREO_DEVICE_KIND_SOUND,
    { "@model", "ich9" } },
  { "sound-ac97", { .kind = VIREO_DEVICE_KIND_SOUND, .model = "ac97" }, VIREO_DEVICE_KIND_SOUND,
    { "@model", "ac97" } },
  { "video-qxl", { .kind = VIREO_DEVICE_KIND_VIDEO, .model = "qxl" }, VIREO_DEVICE_KIND_VIDEO,
    { "model/@type", "qxl" } },
  { "video-bochs", { .kind = VIREO_DEVICE_KIND_VIDEO, .model = "bochs" }, VIREO_DEVICE_KIND_VIDEO,
    { "model/@type", "bochs" } },
  { "watchdog",
    { .kind = VIREO_DEVICE_KIND_WATCHDOG, .model = "ib700", .action = "poweroff" },
    VIREO_DEVICE_KIND_WATCHDOG,
    { "@model", "ib700", "@action", "poweroff" } },
  { "rng", { .kind = VIREO_DEVICE_KIND_RNG, .source = "/dev/urandom" }, VIREO_DEVICE_KIND_RNG,
    { "@model", "virtio", "backend/@model", "random", "backend", "/dev/urandom" } },
  { "tpm", { .kind = VIREO_DEVICE_KIND_TPM, .model = "tpm-tis" }, VIREO_DEVICE_KIND_TPM,
    { "@model", "tpm-tis", "backend/@type", "emulator", "backend/@version", "2.0" } },
  { "panic", { .kind = VIREO_DEVICE_KIND_PANIC, .model = "hyperv" }, VIREO_DEVICE_KIND_PANIC,
    { "@model", "hyperv" } },
  { "vsock", { .kind = VIREO_DEVICE_KIND_VSOCK }, VIREO_DEVICE_KIND_VSOCK,
    { "@model", "virtio", "cid/@auto", "yes" } },
  { "channel-qemu-ga", { .kind = VIREO_DEVICE_KIND_CHANNEL, .type = "qemu-ga" },
    VIREO_DEVICE_KIND_CHANNEL,
    { "@type", "unix", "target/@type", "virtio", "target/@name", "org.qemu.guest_agent.0" } },
  { "channel-vdagent", { .kind = VIREO_DEVICE_KIND_CHANNEL, .type = "spice-vdagent" },
    VIREO_DEVICE_KIND_CHANNEL,
    { "@type", "spicevmc", "target/@name", "com.redhat.spice.0" } },
  { "serial", { .kind = VIREO_DEVICE_KIND_SERIAL }, VIREO_DEVICE_KIND_SERIAL, { "@type", "pty" } },
  { "console", { .kind = VIREO_DEVICE_KIND_CONSOLE }, VIREO_DEVICE_KIND_CONSOLE,
    { "@type", "pty", "target/@type", "virtio" } },
  { "filesystem-virtiofs",
    { .kind = VIREO_DEVICE_KIND_FILESYSTEM, .type = "virtiofs", .source_path = "/srv/share",
      .target = "share" },
    VIREO_DEVICE_KIND_FILESYSTEM,
    { "driver/@type", "virtiofs", "source/@dir", "/srv/share", "target/@dir", "share" } },
  { "filesystem-9p",
    { .kind = VIREO_DEVICE_KIND_FILESYSTEM, .type = "9p", .source_path = "/srv/other",
      .target = "other" },
    VIREO_DEVICE_KIND_FILESYSTEM,
    { "@accessmode", "mapped", "source/@dir", "/srv/other", "target/@dir", "other" } },
  { "smartcard", { .kind = VIREO_DEVICE_KIND_SMARTCARD }, VIREO_DEVICE_KIND_SMARTCARD,
    { "@mode", "passthrough", "@type", "spicevmc" } },
  { "redirdev", { .kind = VIREO_DEVICE_KIND_REDIRDEV }, VIREO_DEVICE_KIND_REDIRDEV,
    { "@bus", "usb", "@type", "spicevmc" } },
  { "hostdev-usb",
    { .kind = VIREO_DEVICE_KIND_HOSTDEV_USB, .vendor_id = 0x046d, .product_id = 0xc52b },
    VIREO_DEVICE_KIND_HOSTDEV_USB,
    { "@type", "usb", "source/vendor/@id", "0x046d", "source/product/@id", "0xc52b" } },
  { "hostdev-pci",
    { .kind = VIREO_DEVICE_KIND_HOSTDEV_PCI, .pci_address = "0000:06:12.5" },
    VIREO_DEVICE_KIND_HOSTDEV_PCI,
    { "@type", "pci", "source/address/@bus", "0x06", "source/address/@slot", "0x12",
      "source/address/@function", "0x5" } },
};

static void
test_kind (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(VireoDomainConfig) config = load_corpus ("01-minimal.xml");
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *domain_xml = NULL;
  VireoDevice *device;

  xml = vireo_device_builder_build (&c->spec, config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (xml);
  g_assert_null (strstr (xml, "<?xml"));

  device = vireo_domain_config_add_device (config, xml, &error);
  g_assert_no_error (error);
  g_assert_nonnull (device);
  g_assert_cmpint (vireo_device_get_kind (device), ==, c->added_kind);
  g_assert_true (vireo_domain_config_has_changes (config));

  for (guint i = 0; c->expect[i] != NULL; i += 2)
    {
      g_autofree char *value = vireo_device_get (device, c->expect[i]);

      if (value == NULL)
        g_error ("%s: %s is missing in\n%s", c->name, c->expect[i], xml);
      if (*c->expect[i + 1] != '\0')
        g_assert_cmpstr (value, ==, c->expect[i + 1]);
    }
  if (c->added_kind == VIREO_DEVICE_KIND_INTERFACE)
    {
      g_autofree char *mac = vireo_device_get (device, "mac/@address");

      g_assert_true (vireo_mac_address_is_valid (mac, NULL));
      if (c->spec.mac == NULL)
        g_assert_true (g_str_has_prefix (mac, "52:54:00:"));
    }

  domain_xml = vireo_domain_config_to_xml (config);
  assert_validates (c->name, domain_xml);
}

/* every kind the assistant lists is built by at least one case */
static void
test_kinds_covered (void)
{
  guint n_kinds = 0;
  const VireoDeviceKindInfo *kinds = vireo_device_builder_get_kinds (&n_kinds);

  g_assert_cmpuint (n_kinds, >=, 20);
  for (guint i = 0; i < n_kinds; i++)
    {
      gboolean found = FALSE;

      g_assert_nonnull (kinds[i].name);
      g_assert_true (g_str_has_suffix (kinds[i].icon_name, "-symbolic"));
      for (guint j = 0; j < G_N_ELEMENTS (cases) && !found; j++)
        found = cases[j].spec.kind == kinds[i].kind;
      if (!found)
        g_error ("kind %s has no case", kinds[i].name);
    }
}

/* a second and a third disk get the next free names; all disks validate */
static void
test_disk_targets (void)
{
  g_autoptr(VireoDomainConfig) config = load_corpus ("02-disk-file.xml");
  g_autoptr(GPtrArray) before = vireo_domain_config_get_devices (config);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) used = g_ptr_array_new_with_free_func (g_free);
  VireoDeviceSpec spec = { .kind = VIREO_DEVICE_KIND_DISK, .bus = "virtio",
                           .source_path = "/var/lib/libvirt/images/extra.qcow2" };
  g_autofree char *domain_xml = NULL;

  for (guint i = 0; i < before->len; i++)
    {
      char *dev = vireo_device_get (g_ptr_array_index (before, i), "target/@dev");

      if (dev != NULL)
        g_ptr_array_add (used, dev);
    }
  for (guint n = 0; n < 2; n++)
    {
      g_autofree char *xml = vireo_device_builder_build (&spec, config, &error);
      g_autofree char *dev = NULL;
      VireoDevice *device;

      g_assert_no_error (error);
      device = vireo_domain_config_add_device (config, xml, &error);
      g_assert_no_error (error);
      dev = vireo_device_get (device, "target/@dev");
      g_assert_true (g_str_has_prefix (dev, "vd"));
      for (guint i = 0; i < used->len; i++)
        g_assert_cmpstr (dev, !=, g_ptr_array_index (used, i));
      g_ptr_array_add (used, g_steal_pointer (&dev));
    }
  domain_xml = vireo_domain_config_to_xml (config);
  assert_validates ("disk-targets", domain_xml);

  {
    g_autofree char *first = vireo_device_builder_free_target (NULL, "sata");
    g_autofree char *ide = vireo_device_builder_free_target (NULL, "ide");

    g_assert_cmpstr (first, ==, "sda");
    g_assert_cmpstr (ide, ==, "hda");
  }
}

static void
test_mac_generated (void)
{
  for (guint i = 0; i < 64; i++)
    {
      g_autofree char *mac = vireo_mac_address_generate ();
      g_autoptr(GError) error = NULL;

      g_assert_true (g_str_has_prefix (mac, "52:54:00:"));
      g_assert_cmpuint (strlen (mac), ==, 17);
      g_assert_true (vireo_mac_address_is_valid (mac, &error));
      g_assert_no_error (error);
    }
}

static const char domain_caps[] =
  "<domainCapabilities><path>/usr/bin/qemu-system-x86_64</path><domain>kvm</domain>"
  "<devices>"
  "<disk supported='yes'><enum name='bus'><value>ide</value><value>sata</value></enum></disk>"
  "<graphics supported='yes'><enum name='type'><value>vnc</value></enum></graphics>"
  "<video supported='yes'><enum name='modelType'><value>vga</value><value>qxl</value>"
  "<value>virtio</value></enum></video>"
  "<tpm supported='yes'><enum name='model'><value>tpm-tis</value></enum></tpm>"
  "</devices></domainCapabilities>";

static void
test_defaults (void)
{
  g_autoptr(VireoOsDevices) generic = vireo_os_devices_new_generic ();
  g_autoptr(VireoOsDevices) old = vireo_os_devices_new_generic ();
  g_auto(GStrv) buses = vireo_device_builder_caps_values (domain_caps, "disk", "bus");
  VireoDeviceSpec spec;

  g_assert_nonnull (buses);
  g_assert_cmpuint (g_strv_length (buses), ==, 2);
  g_assert_null (vireo_device_builder_caps_values (domain_caps, "rng", "model"));
  g_assert_null (vireo_device_builder_caps_values ("<not-caps/>", "disk", "bus"));
  g_assert_null (vireo_device_builder_caps_values ("<<<", "disk", "bus"));

  /* unknown host, an OS with virtio: virtio */
  generic->virtio_disk = generic->virtio_net = generic->virtio_gpu = TRUE;
  vireo_device_spec_init_defaults (&spec, VIREO_DEVICE_KIND_DISK, NULL, generic);
  g_assert_cmpstr (spec.bus, ==, "virtio");
  vireo_device_spec_init_defaults (&spec, VIREO_DEVICE_KIND_INTERFACE, NULL, generic);
  g_assert_cmpstr (spec.model, ==, "virtio");
  g_assert_cmpstr (spec.type, ==, "network");
  g_assert_null (spec.mac);
  vireo_device_spec_init_defaults (&spec, VIREO_DEVICE_KIND_VIDEO, NULL, generic);
  g_assert_cmpstr (spec.model, ==, "virtio");

  /* a host without virtio disks: the first it has */
  vireo_device_spec_init_defaults (&spec, VIREO_DEVICE_KIND_DISK, domain_caps, generic);
  g_assert_cmpstr (spec.bus, ==, "sata");
  vireo_device_spec_init_defaults (&spec, VIREO_DEVICE_KIND_GRAPHICS, domain_caps, generic);
  g_assert_cmpstr (spec.type, ==, "vnc");
  vireo_device_spec_init_defaults (&spec, VIREO_DEVICE_KIND_TPM, domain_caps, generic);
  g_assert_cmpstr (spec.model, ==, "tpm-tis");

  /* an OS without virtio drivers: emulated devices */
  old->virtio_disk = old->virtio_net = old->virtio_gpu = FALSE;
  old->e1000e = FALSE;
  old->e1000 = TRUE;
  old->qxl = TRUE;
  vireo_device_spec_init_defaults (&spec, VIREO_DEVICE_KIND_DISK, NULL, old);
  g_assert_cmpstr (spec.bus, ==, "sata");
  vireo_device_spec_init_defaults (&spec, VIREO_DEVICE_KIND_INTERFACE, NULL, old);
  g_assert_cmpstr (spec.model, ==, "e1000");
  vireo_device_spec_init_defaults (&spec, VIREO_DEVICE_KIND_VIDEO, domain_caps, old);
  g_assert_cmpstr (spec.model, ==, "qxl");

  /* every default builds */
  {
    guint n_kinds = 0;
    const VireoDeviceKindInfo *kinds = vireo_device_builder_get_kinds (&n_kinds);

    for (guint i = 0; i < n_kinds; i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *xml = NULL;

        vireo_device_spec_init_defaults (&spec, kinds[i].kind, domain_caps, generic);
        /* what a person must still give */
        spec.source_path = "/srv/x";
        spec.target = kinds[i].kind == VIREO_DEVICE_KIND_FILESYSTEM ? "tag" : NULL;
        spec.vendor_id = 0x1d6b;
        spec.product_id = 2;
        spec.pci_address = "0000:00:1f.3";
        xml = vireo_device_builder_build (&spec, NULL, &error);
        g_assert_no_error (error);
        g_assert_nonnull (xml);
      }
  }
}

/* what the host's domain capabilities do not list is refused with a sentence */
static void
test_check_caps (void)
{
  static const struct
  {
    VireoDeviceSpec spec;
    gboolean        supported;
  } checks[] = {
    { { .kind = VIREO_DEVICE_KIND_DISK, .bus = "sata" }, TRUE },
    { { .kind = VIREO_DEVICE_KIND_DISK, .bus = "virtio" }, FALSE },
    { { .kind = VIREO_DEVICE_KIND_CDROM, .bus = "scsi" }, FALSE },
    { { .kind = VIREO_DEVICE_KIND_VIDEO, .model = "qxl" }, TRUE },
    { { .kind = VIREO_DEVICE_KIND_VIDEO, .model = "bochs" }, FALSE },
    { { .kind = VIREO_DEVICE_KIND_GRAPHICS, .type = "spice" }, FALSE },
    { { .kind = VIREO_DEVICE_KIND_GRAPHICS, .type = "vnc" }, TRUE },
    { { .kind = VIREO_DEVICE_KIND_TPM, .model = "tpm-crb" }, FALSE },
    { { .kind = VIREO_DEVICE_KIND_RNG, .source = "/dev/urandom" }, TRUE },
    /* the XML does not say: anything goes */
    { { .kind = VIREO_DEVICE_KIND_FILESYSTEM, .type = "virtiofs" }, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = vireo_device_builder_check_caps (&checks[i].spec, domain_caps, &error);

      g_assert_cmpint (ok, ==, checks[i].supported);
      if (!ok)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
          g_assert_true (g_str_has_suffix (error->message, "."));
        }
      g_assert_true (vireo_device_builder_check_caps (&checks[i].spec, NULL, NULL));
    }
}

typedef struct
{
  const char     *name;
  VireoDeviceSpec spec;
  const char     *message_part;
} BadCase;

static const BadCase bad_cases[] = {
  { "mac-short", { .kind = VIREO_DEVICE_KIND_INTERFACE, .type = "user", .mac = "52:54:00:12:34" },
    NULL },
  { "mac-multicast",
    { .kind = VIREO_DEVICE_KIND_INTERFACE, .type = "user", .mac = "01:54:00:12:34:56" }, NULL },
  { "mac-text",
    { .kind = VIREO_DEVICE_KIND_INTERFACE, .type = "user", .mac = "52:54:00:zz:34:56" }, NULL },
  { "nic-no-network", { .kind = VIREO_DEVICE_KIND_INTERFACE, .type = "network" },
    "virtual network" },
  { "nic-bad-type", { .kind = VIREO_DEVICE_KIND_INTERFACE, .type = "vhostuser" }, "connects" },
  { "disk-relative",
    { .kind = VIREO_DEVICE_KIND_DISK, .bus = "virtio", .source_path = "images/a.qcow2" },
    "absolute" },
  { "disk-no-path", { .kind = VIREO_DEVICE_KIND_DISK, .bus = "virtio" }, "disk path" },
  { "disk-bad-bus", { .kind = VIREO_DEVICE_KIND_DISK, .bus = "floppy", .source_path = "/a" },
    "bus" },
  { "disk-control",
    { .kind = VIREO_DEVICE_KIND_DISK, .bus = "virtio", .source_path = "/a\nb" }, "control" },
  { "disk-bad-cache",
    { .kind = VIREO_DEVICE_KIND_DISK, .bus = "virtio", .source_path = "/a", .cache = "x" },
    "cache" },
  { "tablet-ps2", { .kind = VIREO_DEVICE_KIND_INPUT, .type = "tablet", .bus = "ps2" }, "PS/2" },
  { "fs-no-tag",
    { .kind = VIREO_DEVICE_KIND_FILESYSTEM, .type = "9p", .source_path = "/srv" }, "mount tag" },
  { "fs-long-tag",
    { .kind = VIREO_DEVICE_KIND_FILESYSTEM, .type = "9p", .source_path = "/srv",
      .target = "0123456789012345678901234567890123456789" },
    "36" },
  { "pci-bad", { .kind = VIREO_DEVICE_KIND_HOSTDEV_PCI, .pci_address = "0000:06:40.9" }, "PCI" },
  { "pci-text", { .kind = VIREO_DEVICE_KIND_HOSTDEV_PCI, .pci_address = "a:b" }, "PCI" },
  { "usb-none", { .kind = VIREO_DEVICE_KIND_HOSTDEV_USB }, "USB" },
  { "memballoon", { .kind = VIREO_DEVICE_KIND_MEMBALLOON }, "kind" },
};

static void
test_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *xml = vireo_device_builder_build (&c->spec, NULL, &error);

      if (xml != NULL)
        g_error ("%s: built\n%s", c->name, xml);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_str_has_suffix (error->message, "."));
      if (c->message_part != NULL && strstr (error->message, c->message_part) == NULL)
        g_error ("%s: “%s” does not say “%s”", c->name, error->message, c->message_part);
    }
}

/* node devices as libvirt lists them, and hostile ones */
static void
test_host_device_parse (void)
{
  g_autoptr(VireoHostDevice) usb = vireo_host_device_parse (
      "<device><name>usb_1_5</name><parent>usb_usb1</parent>"
      "<capability type='usb_device'><bus>1</bus><device>5</device>"
      "<product id='0xc52b'>Unifying Receiver</product>"
      "<vendor id='0x046d'>Logitech, Inc.</vendor></capability></device>");
  g_autoptr(VireoHostDevice) pci = vireo_host_device_parse (
      "<device><name>pci_0000_00_1f_3</name><parent>computer</parent>"
      "<capability type='pci'><class>0x040300</class><domain>0</domain><bus>0</bus>"
      "<slot>31</slot><function>3</function><product id='0xa348'>Cannon Lake PCH cAVS</product>"
      "<vendor id='0x8086'>Intel Corporation\u202e</vendor></capability></device>");
  g_autoptr(GString) long_name = g_string_new ("<device><name>usb_2_2</name>"
                                              "<capability type='usb_device'><product id='0x1'>");

  g_assert_nonnull (usb);
  g_assert_cmpint (usb->type, ==, VIREO_HOST_DEVICE_USB);
  g_assert_cmpuint (usb->vendor_id, ==, 0x046d);
  g_assert_cmpuint (usb->product_id, ==, 0xc52b);
  g_assert_cmpstr (usb->description, ==, "Logitech, Inc. Unifying Receiver (046d:c52b)");
  g_assert_null (usb->pci_address);

  g_assert_nonnull (pci);
  g_assert_cmpint (pci->type, ==, VIREO_HOST_DEVICE_PCI);
  g_assert_cmpstr (pci->pci_address, ==, "0000:00:1f.3");
  g_assert_true (g_str_has_prefix (pci->description, "0000:00:1f.3 Intel Corporation"));
  g_assert_null (g_utf8_strchr (pci->description, -1, 0x202e));

  /* and the builder takes what the listing gives */
  {
    VireoDeviceSpec spec = { .kind = VIREO_DEVICE_KIND_HOSTDEV_PCI,
                             .pci_address = pci->pci_address };
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = vireo_device_builder_build (&spec, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (xml, "slot=\"0x1f\""));
  }

  /* bounded names, never a control character */
  for (guint i = 0; i < 5000; i++)
    g_string_append (long_name, "\xe2\x80\xae");
  g_string_append (long_name, "</product></capability></device>");
  {
    g_autoptr(VireoHostDevice) hostile = vireo_host_device_parse (long_name->str);

    g_assert_nonnull (hostile);
    g_assert_cmpuint (g_utf8_strlen (hostile->description, -1), <=, 120);
    g_assert_null (g_utf8_strchr (hostile->description, -1, 0x202e));
  }
  g_assert_null (vireo_host_device_parse ("<device><name>net_eth0</name>"
                                          "<capability type='net'/></device>"));
  g_assert_null (vireo_host_device_parse ("<device><name>pci_x</name><capability type='pci'>"
                                          "<domain>0</domain><bus>0</bus><slot>99</slot>"
                                          "<function>0</function></capability></device>"));
  g_assert_null (vireo_host_device_parse ("<<<"));
  g_assert_null (vireo_host_device_parse (NULL));
}

/* a new volume's name is free in the pool: the first "<vm>-N.qcow2" no
 * volume has (the Add Hardware assistant once offered "<vm>-1.qcow2" when
 * the pool already had it) */
static void
test_free_volume_name (void)
{
  const char *const none[] = { NULL };
  const char *const taken[] = { "web-1.qcow2", "web-2.qcow2", "web-4.qcow2", "other-3.qcow2",
                                "web-3.img", NULL };
  g_autofree char *first = vireo_device_builder_free_volume_name ("web", "qcow2", NULL);
  g_autofree char *empty = vireo_device_builder_free_volume_name ("web", "qcow2", none);
  g_autofree char *free_name = vireo_device_builder_free_volume_name ("web", "qcow2", taken);
  g_autofree char *raw = vireo_device_builder_free_volume_name ("web", "img", taken);
  g_autofree char *slash = vireo_device_builder_free_volume_name ("a/../b", "qcow2", NULL);
  g_autofree char *long_vm = g_strnfill (300, 'x');
  g_autofree char *cut = vireo_device_builder_free_volume_name (long_vm, "qcow2", NULL);
  /* "é" is two bytes: a cut never splits one */
  g_autoptr(GString) accents = g_string_new (NULL);
  g_autofree char *cut_utf8 = NULL;

  g_assert_cmpstr (first, ==, "web-1.qcow2");
  g_assert_cmpstr (empty, ==, "web-1.qcow2");
  g_assert_cmpstr (free_name, ==, "web-3.qcow2");
  g_assert_cmpstr (raw, ==, "web-1.img");
  g_assert_cmpstr (slash, ==, "a_.._b-1.qcow2");
  g_assert_cmpuint (strlen (cut), <=, 255);
  g_assert_true (g_str_has_suffix (cut, "x-1.qcow2"));

  for (guint i = 0; i < 200; i++)
    g_string_append (accents, "é");
  cut_utf8 = vireo_device_builder_free_volume_name (accents->str, "qcow2", NULL);
  g_assert_cmpuint (strlen (cut_utf8), <=, 255);
  g_assert_true (g_utf8_validate (cut_utf8, -1, NULL));
  g_assert_true (g_str_has_suffix (cut_utf8, "é-1.qcow2"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/device-builder/kind/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_kind);
    }
  g_test_add_func ("/device-builder/kinds-covered", test_kinds_covered);
  g_test_add_func ("/device-builder/disk-targets", test_disk_targets);
  g_test_add_func ("/device-builder/mac-generated", test_mac_generated);
  g_test_add_func ("/device-builder/defaults", test_defaults);
  g_test_add_func ("/device-builder/bad", test_bad);
  g_test_add_func ("/device-builder/check-caps", test_check_caps);
  g_test_add_func ("/device-builder/host-device-parse", test_host_device_parse);
  g_test_add_func ("/device-builder/free-volume-name", test_free_volume_name);
  return g_test_run ();
}
