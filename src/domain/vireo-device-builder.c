/* vireo-device-builder.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-device-builder"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vireo-device-builder.h"
#include "vireo-xml.h"

/* the longest path, name or tag the builder takes (PATH_MAX) */
#define MAX_VALUE 4096

static const VireoDeviceKindInfo kinds[] = {
  { VIREO_DEVICE_KIND_DISK, N_("Storage"), "drive-harddisk-symbolic" },
  { VIREO_DEVICE_KIND_CDROM, N_("CD/DVD Drive"), "media-optical-symbolic" },
  { VIREO_DEVICE_KIND_INTERFACE, N_("Network"), "network-wired-symbolic" },
  { VIREO_DEVICE_KIND_INPUT, N_("Input"), "input-mouse-symbolic" },
  { VIREO_DEVICE_KIND_GRAPHICS, N_("Graphics"), "video-display-symbolic" },
  { VIREO_DEVICE_KIND_SOUND, N_("Sound"), "audio-card-symbolic" },
  { VIREO_DEVICE_KIND_SERIAL, N_("Serial"), "utilities-terminal-symbolic" },
  { VIREO_DEVICE_KIND_CONSOLE, N_("Console"), "utilities-terminal-symbolic" },
  { VIREO_DEVICE_KIND_CHANNEL, N_("Channel"), "utilities-terminal-symbolic" },
  { VIREO_DEVICE_KIND_HOSTDEV_USB, N_("USB Host Device"), "media-removable-symbolic" },
  { VIREO_DEVICE_KIND_HOSTDEV_PCI, N_("PCI Host Device"), "drive-multidisk-symbolic" },
  { VIREO_DEVICE_KIND_VIDEO, N_("Video"), "video-display-symbolic" },
  { VIREO_DEVICE_KIND_WATCHDOG, N_("Watchdog"), "dialog-warning-symbolic" },
  { VIREO_DEVICE_KIND_FILESYSTEM, N_("Filesystem"), "folder-symbolic" },
  { VIREO_DEVICE_KIND_SMARTCARD, N_("Smartcard"), "security-high-symbolic" },
  { VIREO_DEVICE_KIND_REDIRDEV, N_("USB Redirection"), "media-removable-symbolic" },
  { VIREO_DEVICE_KIND_TPM, N_("TPM"), "security-high-symbolic" },
  { VIREO_DEVICE_KIND_RNG, N_("Random Number Generator"), "emblem-system-symbolic" },
  { VIREO_DEVICE_KIND_PANIC, N_("Panic Notifier"), "dialog-warning-symbolic" },
  { VIREO_DEVICE_KIND_VSOCK, N_("VirtIO VSOCK"), "emblem-system-symbolic" },
};

const VireoDeviceKindInfo *
vireo_device_builder_get_kinds (guint *n_kinds)
{
  g_return_val_if_fail (n_kinds != NULL, NULL);

  *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

/* -- host capabilities ---------------------------------------------------- */

char **
vireo_device_builder_caps_values (const char *domain_caps_xml,
                                  const char *element,
                                  const char *enum_name)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *xpath = NULL;
  xmlNode *node;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (element != NULL && enum_name != NULL, NULL);

  if (domain_caps_xml == NULL)
    return NULL;
  doc = vireo_xml_parse (domain_caps_xml, "domainCapabilities", &error);
  if (doc == NULL)
    return NULL;
  /* element and enum_name are the caller's literals, never input */
  xpath = g_strdup_printf ("devices/%s[@supported='yes']/enum[@name='%s']", element, enum_name);
  node = vireo_xml_get_node (vireo_xml_root (doc), xpath);
  if (node == NULL)
    return NULL;
  return vireo_xml_get_strings (node, "value");
}

static gboolean
caps_allow (char **values, const char *value)
{
  return values == NULL || g_strv_contains ((const char * const *) values, value);
}

/* the first of @preferred the host lists (or the first, when it lists none) */
static const char *
pick (char **values, const char * const *preferred)
{
  for (guint i = 0; preferred[i] != NULL; i++)
    if (caps_allow (values, preferred[i]))
      return preferred[i];
  return preferred[0];
}

void
vireo_device_spec_init_defaults (VireoDeviceSpec      *spec,
                                 VireoDeviceKind       kind,
                                 const char           *domain_caps_xml,
                                 const VireoOsDevices *os)
{
  g_auto(GStrv) disk_buses = NULL;
  gboolean generic = os == NULL;

  g_return_if_fail (spec != NULL);

  memset (spec, 0, sizeof *spec);
  spec->kind = kind;

  switch ((int) kind)
    {
    case VIREO_DEVICE_KIND_DISK:
      {
        static const char * const virtio_first[] = { "virtio", "sata", "scsi", "ide", NULL };
        static const char * const sata_first[] = { "sata", "ide", "scsi", "virtio", NULL };

        disk_buses = vireo_device_builder_caps_values (domain_caps_xml, "disk", "bus");
        spec->bus = pick (disk_buses, generic || os->virtio_disk ? virtio_first : sata_first);
        spec->format = "qcow2";
      }
      break;
    case VIREO_DEVICE_KIND_CDROM:
      {
        static const char * const cd_buses[] = { "sata", "scsi", "ide", "usb", NULL };

        disk_buses = vireo_device_builder_caps_values (domain_caps_xml, "disk", "bus");
        spec->bus = pick (disk_buses, cd_buses);
        spec->format = "raw";
        spec->readonly = TRUE;
      }
      break;
    case VIREO_DEVICE_KIND_INTERFACE:
      spec->type = "network";
      spec->source = "default";
      if (generic || os->virtio_net)
        spec->model = "virtio";
      else if (os->e1000e)
        spec->model = "e1000e";
      else if (os->e1000)
        spec->model = "e1000";
      else
        spec->model = "rtl8139";
      break;
    case VIREO_DEVICE_KIND_INPUT:
      spec->type = "tablet";
      spec->bus = "usb";
      break;
    case VIREO_DEVICE_KIND_GRAPHICS:
      {
        static const char * const graphics[] = { "spice", "vnc", NULL };
        g_auto(GStrv) types = vireo_device_builder_caps_values (domain_caps_xml, "graphics",
                                                                "type");

        spec->type = pick (types, graphics);
      }
      break;
    case VIREO_DEVICE_KIND_SOUND:
      if (os != NULL && !os->ich9_hda && os->ich6)
        spec->model = "ich6";
      else if (os != NULL && !os->ich9_hda && !os->ich6 && os->ac97)
        spec->model = "ac97";
      else
        spec->model = "ich9";
      break;
    case VIREO_DEVICE_KIND_VIDEO:
      {
        static const char * const virtio_first[] = { "virtio", "qxl", "vga", "bochs", NULL };
        static const char * const qxl_first[] = { "qxl", "vga", "bochs", "virtio", NULL };
        static const char * const vga_first[] = { "vga", "bochs", "qxl", "virtio", NULL };
        g_auto(GStrv) models = vireo_device_builder_caps_values (domain_caps_xml, "video",
                                                                 "modelType");

        if (generic || os->virtio_gpu)
          spec->model = pick (models, virtio_first);
        else if (os->qxl)
          spec->model = pick (models, qxl_first);
        else
          spec->model = pick (models, vga_first);
      }
      break;
    case VIREO_DEVICE_KIND_WATCHDOG:
      spec->model = "i6300esb";
      spec->action = "reset";
      break;
    case VIREO_DEVICE_KIND_RNG:
      spec->source = "/dev/urandom";
      break;
    case VIREO_DEVICE_KIND_TPM:
      {
        static const char * const tpm_models[] = { "tpm-crb", "tpm-tis", NULL };
        g_auto(GStrv) models = vireo_device_builder_caps_values (domain_caps_xml, "tpm",
                                                                 "model");

        spec->model = pick (models, tpm_models);
      }
      break;
    case VIREO_DEVICE_KIND_PANIC:
      spec->model = "isa";
      break;
    case VIREO_DEVICE_KIND_CHANNEL:
      spec->type = "qemu-ga";
      break;
    case VIREO_DEVICE_KIND_FILESYSTEM:
      {
        static const char * const drivers[] = { "virtiofs", "path", NULL };
        g_auto(GStrv) types = vireo_device_builder_caps_values (domain_caps_xml, "filesystem",
                                                                "driverType");

        spec->type = g_str_equal (pick (types, drivers), "virtiofs") ? "virtiofs" : "9p";
      }
      break;
    default:
      break;
    }
}

gboolean
vireo_device_builder_check_caps (const VireoDeviceSpec *spec,
                                 const char            *domain_caps_xml,
                                 GError               **error)
{
  g_auto(GStrv) values = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);

  switch ((int) spec->kind)
    {
    case VIREO_DEVICE_KIND_DISK:
    case VIREO_DEVICE_KIND_CDROM:
      values = vireo_device_builder_caps_values (domain_caps_xml, "disk", "bus");
      if (spec->bus == NULL || caps_allow (values, spec->bus))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   /* TRANSLATORS: %s is a bus name ("virtio", "sata") */
                   _("This VM’s machine type does not support the “%s” bus: choose another one."),
                   spec->bus);
      return FALSE;
    case VIREO_DEVICE_KIND_VIDEO:
      values = vireo_device_builder_caps_values (domain_caps_xml, "video", "modelType");
      if (spec->model == NULL || caps_allow (values, spec->model))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The host does not support the “%s” video model: choose another one."),
                   spec->model);
      return FALSE;
    case VIREO_DEVICE_KIND_GRAPHICS:
      values = vireo_device_builder_caps_values (domain_caps_xml, "graphics", "type");
      if (spec->type == NULL || caps_allow (values, spec->type))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The host does not support “%s” displays: choose another one."), spec->type);
      return FALSE;
    case VIREO_DEVICE_KIND_TPM:
      values = vireo_device_builder_caps_values (domain_caps_xml, "tpm", "model");
      if (spec->model == NULL || caps_allow (values, spec->model))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The host does not support the “%s” TPM model: choose another one."),
                   spec->model);
      return FALSE;
    case VIREO_DEVICE_KIND_FILESYSTEM:
      values = vireo_device_builder_caps_values (domain_caps_xml, "filesystem", "driverType");
      if (spec->type == NULL
          || caps_allow (values, g_str_equal (spec->type, "virtiofs") ? "virtiofs" : "path"))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The host does not support “%s” shared folders: choose another one."),
                   spec->type);
      return FALSE;
    default:
      return TRUE;
    }
}

/* -- checks ---------------------------------------------------------------- */

static gboolean
fail (GError **error, const char *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

/* a value from a person: non-empty (when @required), valid UTF-8, bounded,
 * no control characters */
static gboolean
check_text (const char *value, gboolean required, const char *missing, GError **error)
{
  if (value == NULL || *value == '\0')
    {
      if (!required)
        return TRUE;
      return fail (error, missing);
    }
  if (strlen (value) > MAX_VALUE || !g_utf8_validate (value, -1, NULL))
    {
      return fail (error, _("A value is too long or not valid text."));
    }
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      {
        return fail (error, _("A value contains a control character."));
      }
  return TRUE;
}

static gboolean
check_path (const char *path, gboolean required, const char *missing, GError **error)
{
  if (!check_text (path, required, missing, error))
    return FALSE;
  if (path != NULL && *path != '\0' && !g_path_is_absolute (path))
    return fail (error, _("A path must be absolute (start with “/”)."));
  return TRUE;
}

static gboolean
one_of (const char *value, const char * const *allowed)
{
  return value != NULL && g_strv_contains (allowed, value);
}

/* -- names ----------------------------------------------------------------- */

char *
vireo_mac_address_generate (void)
{
  return g_strdup_printf ("52:54:00:%02x:%02x:%02x", g_random_int_range (0, 256),
                          g_random_int_range (0, 256), g_random_int_range (0, 256));
}

static const char *
target_prefix (const char *bus)
{
  if (g_strcmp0 (bus, "virtio") == 0)
    return "vd";
  if (g_strcmp0 (bus, "ide") == 0)
    return "hd";
  if (g_strcmp0 (bus, "xen") == 0)
    return "xvd";
  if (g_strcmp0 (bus, "fdc") == 0)
    return "fd";
  return "sd";
}

/* "a".."z", "aa".."zz" as libvirt counts disks */
static char *
disk_suffix (guint index)
{
  if (index < 26)
    return g_strdup_printf ("%c", 'a' + index);
  index -= 26;
  return g_strdup_printf ("%c%c", 'a' + (index / 26) % 26, 'a' + index % 26);
}

char *
vireo_device_builder_free_target (VireoDomainConfig *config,
                                  const char        *bus)
{
  g_autoptr(GPtrArray) used = g_ptr_array_new_with_free_func (g_free);
  const char *prefix = target_prefix (bus);

  if (config != NULL)
    {
      g_autoptr(GPtrArray) devices = vireo_domain_config_get_devices (config);

      for (guint i = 0; i < devices->len; i++)
        {
          VireoDevice *device = g_ptr_array_index (devices, i);
          VireoDeviceKind kind = vireo_device_get_kind (device);

          if (kind == VIREO_DEVICE_KIND_DISK || kind == VIREO_DEVICE_KIND_CDROM
              || kind == VIREO_DEVICE_KIND_FLOPPY)
            {
              char *dev = vireo_device_get (device, "target/@dev");

              if (dev != NULL)
                g_ptr_array_add (used, dev);
            }
        }
    }

  for (guint i = 0; i < 26 + 26 * 26; i++)
    {
      g_autofree char *suffix = disk_suffix (i);
      g_autofree char *name = g_strconcat (prefix, suffix, NULL);
      gboolean taken = FALSE;

      for (guint j = 0; j < used->len && !taken; j++)
        taken = g_str_equal (g_ptr_array_index (used, j), name);
      if (!taken)
        return g_steal_pointer (&name);
    }
  return NULL;
}

const VireoDeviceChoice vireo_device_builder_cache_modes[] = {
  { "", N_("Hypervisor default") },
  { "none", N_("None") },
  { "writethrough", N_("Write through") },
  { "writeback", N_("Write back") },
  { "directsync", N_("Direct sync") },
  { "unsafe", N_("Unsafe") },
  { NULL, NULL },
};

#define VOLUME_NAME_MAX 255

char *
vireo_device_builder_free_volume_name (const char        *vm_name,
                                       const char        *extension,
                                       const char *const *taken)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *base = NULL;
  gsize room;

  g_return_val_if_fail (vm_name != NULL, NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  for (guint i = 0; taken != NULL && taken[i] != NULL; i++)
    g_hash_table_add (names, (gpointer) taken[i]);

  /* "/" cannot be in a volume's name; room for "-4294967295." and the extension */
  base = g_strdelimit (g_utf8_make_valid (vm_name, -1), "/", '_');
  room = VOLUME_NAME_MAX - MIN (VOLUME_NAME_MAX / 2, 12 + strlen (extension));
  if (strlen (base) > room)
    *g_utf8_find_prev_char (base, base + room + 1) = '\0';

  for (guint n = 1; n < G_MAXUINT; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u.%s", base, n, extension);

      if (!g_hash_table_contains (names, name))
        return g_steal_pointer (&name);
    }
  g_assert_not_reached ();
}

/* -- the kinds ------------------------------------------------------------- */

static gboolean
build_disk (const VireoDeviceSpec *spec, VireoDomainConfig *config, xmlNode *disk, GError **error)
{
  static const char * const buses[] = { "virtio", "sata", "scsi", "usb", "ide", "xen", NULL };
  static const char * const caches[] = { "default", "", "none", "writethrough", "writeback",
                                         "directsync", "unsafe", NULL };
  static const char * const formats[] = { "qcow2", "raw", "vmdk", "vdi", "qed", NULL };
  gboolean cdrom = spec->kind == VIREO_DEVICE_KIND_CDROM;
  gboolean in_pool = spec->pool != NULL || spec->volume != NULL;
  g_autofree char *target = NULL;
  xmlNode *driver;
  xmlNode *node;

  if (!one_of (spec->bus, buses))
    return fail (error, _("Choose the bus the disk sits on."));
  if (spec->cache != NULL && !one_of (spec->cache, caches))
    return fail (error, _("Choose a cache mode from the list."));
  if (spec->format != NULL && !one_of (spec->format, formats))
    return fail (error, _("Choose a disk format from the list."));
  if (in_pool)
    {
      if (!check_text (spec->pool, TRUE, _("Choose a storage pool."), error)
          || !check_text (spec->volume, TRUE, _("Enter the volume name."), error))
        return FALSE;
    }
  else if (!check_path (spec->source_path, !cdrom, _("Enter the disk path."), error))
    return FALSE;
  if (spec->target != NULL)
    {
      if (!check_text (spec->target, TRUE, _("Enter the target device."), error))
        return FALSE;
      target = g_strdup (spec->target);
    }
  else
    target = vireo_device_builder_free_target (config, spec->bus);
  if (target == NULL)
    return fail (error, _("The VM has no free disk name left on this bus."));

  if (in_pool)
    vireo_xml_set_attr (disk, "type", "volume");
  else if (spec->source_path != NULL && *spec->source_path != '\0'
           && g_str_has_prefix (spec->source_path, "/dev/"))
    vireo_xml_set_attr (disk, "type", "block");
  else
    vireo_xml_set_attr (disk, "type", "file");
  vireo_xml_set_attr (disk, "device", cdrom ? "cdrom" : "disk");

  driver = vireo_xml_add_child (disk, "driver", NULL);
  vireo_xml_set_attr (driver, "name", "qemu");
  vireo_xml_set_attr (driver, "type", spec->format != NULL ? spec->format : (cdrom ? "raw" : "qcow2"));
  if (spec->cache != NULL && *spec->cache != '\0' && !g_str_equal (spec->cache, "default"))
    vireo_xml_set_attr (driver, "cache", spec->cache);

  if (in_pool)
    {
      node = vireo_xml_add_child (disk, "source", NULL);
      vireo_xml_set_attr (node, "pool", spec->pool);
      vireo_xml_set_attr (node, "volume", spec->volume);
    }
  else if (spec->source_path != NULL && *spec->source_path != '\0')
    {
      node = vireo_xml_add_child (disk, "source", NULL);
      vireo_xml_set_attr (node, g_str_has_prefix (spec->source_path, "/dev/") ? "dev" : "file",
                          spec->source_path);
    }

  node = vireo_xml_add_child (disk, "target", NULL);
  vireo_xml_set_attr (node, "dev", target);
  vireo_xml_set_attr (node, "bus", spec->bus);
  if (spec->readonly || cdrom)
    vireo_xml_add_child (disk, "readonly", NULL);
  return TRUE;
}

static gboolean
build_interface (const VireoDeviceSpec *spec, xmlNode *nic, GError **error)
{
  static const char * const types[] = { "network", "bridge", "direct", "user", NULL };
  static const char * const models[] = { "virtio", "e1000e", "e1000", "rtl8139", "ne2k_pci",
                                         "pcnet", "usb-net", NULL };
  g_autofree char *generated = NULL;
  const char *mac = spec->mac;
  xmlNode *node;

  if (!one_of (spec->type, types))
    return fail (error, _("Choose how the network card connects."));
  if (spec->model != NULL && !one_of (spec->model, models))
    return fail (error, _("Choose a network card model from the list."));
  if (mac == NULL || *mac == '\0')
    mac = generated = vireo_mac_address_generate ();
  else if (!vireo_mac_address_is_valid (mac, error))
    return FALSE;
  if (!g_str_equal (spec->type, "user")
      && !check_text (spec->source, TRUE,
                      g_str_equal (spec->type, "network") ? _("Choose a virtual network.")
                      : g_str_equal (spec->type, "bridge") ? _("Enter the bridge name.")
                                                           : _("Choose a host network device."),
                      error))
    return FALSE;

  vireo_xml_set_attr (nic, "type", spec->type);
  node = vireo_xml_add_child (nic, "mac", NULL);
  vireo_xml_set_attr (node, "address", mac);
  if (!g_str_equal (spec->type, "user"))
    {
      node = vireo_xml_add_child (nic, "source", NULL);
      if (g_str_equal (spec->type, "network"))
        vireo_xml_set_attr (node, "network", spec->source);
      else if (g_str_equal (spec->type, "bridge"))
        vireo_xml_set_attr (node, "bridge", spec->source);
      else
        {
          vireo_xml_set_attr (node, "dev", spec->source);
          vireo_xml_set_attr (node, "mode", "bridge");
        }
    }
  if (spec->model != NULL)
    {
      node = vireo_xml_add_child (nic, "model", NULL);
      vireo_xml_set_attr (node, "type", spec->model);
    }
  /* a USB adapter sits on the USB bus: without saying so, libvirt 9.0
   * looks for a PCI slot for it when it saves the definition, and fails */
  if (g_strcmp0 (spec->model, "usb-net") == 0)
    {
      node = vireo_xml_add_child (nic, "address", NULL);
      vireo_xml_set_attr (node, "type", "usb");
      vireo_xml_set_attr (node, "bus", "0"); /* the first USB controller; libvirt picks the port */
    }
  return TRUE;
}

static gboolean
parse_pci_address (const char *text, guint *domain, guint *bus, guint *slot, guint *function)
{
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) slot_fn = NULL;
  guint64 values[4];
  const char *fields[4];

  if (text == NULL || strlen (text) > 16)
    return FALSE;
  parts = g_strsplit (text, ":", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;
  slot_fn = g_strsplit (parts[2], ".", -1);
  if (g_strv_length (slot_fn) != 2)
    return FALSE;
  fields[0] = parts[0];
  fields[1] = parts[1];
  fields[2] = slot_fn[0];
  fields[3] = slot_fn[1];
  for (guint i = 0; i < 4; i++)
    if (*fields[i] == '\0'
        || !g_ascii_string_to_unsigned (fields[i], 16, 0, G_MAXUINT16, &values[i], NULL))
      return FALSE;
  if (values[1] > 0xff || values[2] > 0x1f || values[3] > 7)
    return FALSE;
  *domain = values[0];
  *bus = values[1];
  *slot = values[2];
  *function = values[3];
  return TRUE;
}

/* "0x" and @digits hex digits (at least one) */
static void
set_hex_attr (xmlNode *node, const char *name, int digits, guint value)
{
  g_autofree char *text = g_strdup_printf ("0x%0*x", digits, value);

  vireo_xml_set_attr (node, name, text);
}

static gboolean
build_hostdev (const VireoDeviceSpec *spec, xmlNode *hostdev, GError **error)
{
  xmlNode *source;
  xmlNode *node;

  vireo_xml_set_attr (hostdev, "mode", "subsystem");
  if (spec->kind == VIREO_DEVICE_KIND_HOSTDEV_USB)
    {
      if (spec->vendor_id == 0 || spec->vendor_id > 0xffff || spec->product_id > 0xffff)
        return fail (error, _("Choose a USB device of the host."));
      vireo_xml_set_attr (hostdev, "type", "usb");
      vireo_xml_set_attr (hostdev, "managed", "yes");
      source = vireo_xml_add_child (hostdev, "source", NULL);
      node = vireo_xml_add_child (source, "vendor", NULL);
      set_hex_attr (node, "id", 4, spec->vendor_id);
      node = vireo_xml_add_child (source, "product", NULL);
      set_hex_attr (node, "id", 4, spec->product_id);
    }
  else
    {
      guint domain, bus, slot, function;

      if (!parse_pci_address (spec->pci_address, &domain, &bus, &slot, &function))
        return fail (error, _("Choose a PCI device of the host."));
      vireo_xml_set_attr (hostdev, "type", "pci");
      vireo_xml_set_attr (hostdev, "managed", "yes");
      source = vireo_xml_add_child (hostdev, "source", NULL);
      node = vireo_xml_add_child (source, "address", NULL);
      set_hex_attr (node, "domain", 4, domain);
      set_hex_attr (node, "bus", 2, bus);
      set_hex_attr (node, "slot", 2, slot);
      set_hex_attr (node, "function", 1, function);
    }
  return TRUE;
}

static const char *
element_name (VireoDeviceKind kind)
{
  switch ((int) kind)
    {
    case VIREO_DEVICE_KIND_DISK:
    case VIREO_DEVICE_KIND_CDROM:
      return "disk";
    case VIREO_DEVICE_KIND_INTERFACE:
      return "interface";
    case VIREO_DEVICE_KIND_INPUT:
      return "input";
    case VIREO_DEVICE_KIND_GRAPHICS:
      return "graphics";
    case VIREO_DEVICE_KIND_SOUND:
      return "sound";
    case VIREO_DEVICE_KIND_SERIAL:
      return "serial";
    case VIREO_DEVICE_KIND_CONSOLE:
      return "console";
    case VIREO_DEVICE_KIND_CHANNEL:
      return "channel";
    case VIREO_DEVICE_KIND_HOSTDEV_USB:
    case VIREO_DEVICE_KIND_HOSTDEV_PCI:
      return "hostdev";
    case VIREO_DEVICE_KIND_VIDEO:
      return "video";
    case VIREO_DEVICE_KIND_WATCHDOG:
      return "watchdog";
    case VIREO_DEVICE_KIND_FILESYSTEM:
      return "filesystem";
    case VIREO_DEVICE_KIND_SMARTCARD:
      return "smartcard";
    case VIREO_DEVICE_KIND_REDIRDEV:
      return "redirdev";
    case VIREO_DEVICE_KIND_TPM:
      return "tpm";
    case VIREO_DEVICE_KIND_RNG:
      return "rng";
    case VIREO_DEVICE_KIND_PANIC:
      return "panic";
    case VIREO_DEVICE_KIND_VSOCK:
      return "vsock";
    default:
      return NULL;
    }
}

static gboolean
build_other (const VireoDeviceSpec *spec, xmlNode *root, GError **error)
{
  xmlNode *node;

  switch ((int) spec->kind)
    {
    case VIREO_DEVICE_KIND_INPUT:
      {
        static const char * const types[] = { "tablet", "mouse", "keyboard", NULL };
        static const char * const buses[] = { "usb", "virtio", "ps2", NULL };

        if (!one_of (spec->type, types) || !one_of (spec->bus, buses))
          return fail (error, _("Choose an input device type and bus from the lists."));
        if (g_str_equal (spec->type, "tablet") && g_str_equal (spec->bus, "ps2"))
          return fail (error, _("A tablet cannot sit on the PS/2 bus: choose USB or VirtIO."));
        vireo_xml_set_attr (root, "type", spec->type);
        vireo_xml_set_attr (root, "bus", spec->bus);
      }
      return TRUE;
    case VIREO_DEVICE_KIND_GRAPHICS:
      {
        static const char * const types[] = { "vnc", "spice", NULL };

        if (!one_of (spec->type, types))
          return fail (error, _("Choose VNC or SPICE."));
        vireo_xml_set_attr (root, "type", spec->type);
        vireo_xml_set_attr (root, "autoport", "yes");
        node = vireo_xml_add_child (root, "listen", NULL);
        vireo_xml_set_attr (node, "type", "address");
      }
      return TRUE;
    case VIREO_DEVICE_KIND_SOUND:
      {
        static const char * const models[] = { "ich9", "ich6", "ac97", NULL };

        if (!one_of (spec->model, models))
          return fail (error, _("Choose a sound card model from the list."));
        vireo_xml_set_attr (root, "model", spec->model);
      }
      return TRUE;
    case VIREO_DEVICE_KIND_VIDEO:
      {
        static const char * const models[] = { "virtio", "qxl", "vga", "bochs", NULL };

        if (!one_of (spec->model, models))
          return fail (error, _("Choose a video model from the list."));
        node = vireo_xml_add_child (root, "model", NULL);
        vireo_xml_set_attr (node, "type", spec->model);
        vireo_xml_set_attr (node, "heads", "1");
      }
      return TRUE;
    case VIREO_DEVICE_KIND_WATCHDOG:
      {
        static const char * const models[] = { "i6300esb", "ib700", NULL };
        static const char * const actions[] = { "reset", "shutdown", "poweroff", "pause", "none",
                                                "dump", "inject-nmi", NULL };

        if (!one_of (spec->model, models) || !one_of (spec->action, actions))
          return fail (error, _("Choose a watchdog model and action from the lists."));
        vireo_xml_set_attr (root, "model", spec->model);
        vireo_xml_set_attr (root, "action", spec->action);
      }
      return TRUE;
    case VIREO_DEVICE_KIND_RNG:
      if (!check_path (spec->source, TRUE, _("Enter the random number source."), error))
        return FALSE;
      vireo_xml_set_attr (root, "model", "virtio");
      node = vireo_xml_add_child (root, "backend", spec->source);
      vireo_xml_set_attr (node, "model", "random");
      return TRUE;
    case VIREO_DEVICE_KIND_TPM:
      {
        static const char * const models[] = { "tpm-crb", "tpm-tis", NULL };

        if (!one_of (spec->model, models))
          return fail (error, _("Choose a TPM model from the list."));
        vireo_xml_set_attr (root, "model", spec->model);
        node = vireo_xml_add_child (root, "backend", NULL);
        vireo_xml_set_attr (node, "type", "emulator");
        vireo_xml_set_attr (node, "version", "2.0");
      }
      return TRUE;
    case VIREO_DEVICE_KIND_PANIC:
      {
        static const char * const models[] = { "isa", "hyperv", NULL };

        if (!one_of (spec->model, models))
          return fail (error, _("Choose a panic notifier model from the list."));
        vireo_xml_set_attr (root, "model", spec->model);
      }
      return TRUE;
    case VIREO_DEVICE_KIND_VSOCK:
      vireo_xml_set_attr (root, "model", "virtio");
      node = vireo_xml_add_child (root, "cid", NULL);
      vireo_xml_set_attr (node, "auto", "yes");
      return TRUE;
    case VIREO_DEVICE_KIND_CHANNEL:
      if (g_strcmp0 (spec->type, "qemu-ga") == 0)
        {
          vireo_xml_set_attr (root, "type", "unix");
          node = vireo_xml_add_child (root, "target", NULL);
          vireo_xml_set_attr (node, "type", "virtio");
          vireo_xml_set_attr (node, "name", "org.qemu.guest_agent.0");
        }
      else if (g_strcmp0 (spec->type, "spice-vdagent") == 0)
        {
          vireo_xml_set_attr (root, "type", "spicevmc");
          node = vireo_xml_add_child (root, "target", NULL);
          vireo_xml_set_attr (node, "type", "virtio");
          vireo_xml_set_attr (node, "name", "com.redhat.spice.0");
        }
      else
        return fail (error, _("Choose the guest agent or the SPICE agent channel."));
      return TRUE;
    case VIREO_DEVICE_KIND_SERIAL:
      vireo_xml_set_attr (root, "type", "pty");
      return TRUE;
    case VIREO_DEVICE_KIND_CONSOLE:
      vireo_xml_set_attr (root, "type", "pty");
      node = vireo_xml_add_child (root, "target", NULL);
      vireo_xml_set_attr (node, "type", "virtio");
      return TRUE;
    case VIREO_DEVICE_KIND_FILESYSTEM:
      {
        gboolean virtiofs = g_strcmp0 (spec->type, "virtiofs") == 0;

        if (!virtiofs && g_strcmp0 (spec->type, "9p") != 0)
          return fail (error, _("Choose virtiofs or 9p."));
        if (!check_path (spec->source_path, TRUE, _("Choose the folder to share."), error)
            || !check_text (spec->target, TRUE, _("Enter the mount tag."), error))
          return FALSE;
        if (strlen (spec->target) > 36 || strchr (spec->target, '/') != NULL)
          return fail (error, _("The mount tag must be at most 36 characters, without “/”."));
        vireo_xml_set_attr (root, "type", "mount");
        vireo_xml_set_attr (root, "accessmode", virtiofs ? "passthrough" : "mapped");
        if (virtiofs)
          {
            node = vireo_xml_add_child (root, "driver", NULL);
            vireo_xml_set_attr (node, "type", "virtiofs");
          }
        node = vireo_xml_add_child (root, "source", NULL);
        vireo_xml_set_attr (node, "dir", spec->source_path);
        node = vireo_xml_add_child (root, "target", NULL);
        vireo_xml_set_attr (node, "dir", spec->target);
      }
      return TRUE;
    case VIREO_DEVICE_KIND_SMARTCARD:
      vireo_xml_set_attr (root, "mode", "passthrough");
      vireo_xml_set_attr (root, "type", "spicevmc");
      return TRUE;
    case VIREO_DEVICE_KIND_REDIRDEV:
      vireo_xml_set_attr (root, "bus", "usb");
      vireo_xml_set_attr (root, "type", "spicevmc");
      return TRUE;
    default:
      return fail (error, _("Vireo cannot add this kind of device."));
    }
}

char *
vireo_device_builder_build (const VireoDeviceSpec *spec,
                            VireoDomainConfig     *config,
                            GError               **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  const char *name;
  xmlNode *root;
  gboolean ok;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (config == NULL || VIREO_IS_DOMAIN_CONFIG (config), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = element_name (spec->kind);
  if (name == NULL)
    {
      fail (error, _("Vireo cannot add this kind of device."));
      return NULL;
    }
  doc = vireo_xml_new_document (name);
  root = vireo_xml_root (doc);

  switch ((int) spec->kind)
    {
    case VIREO_DEVICE_KIND_DISK:
    case VIREO_DEVICE_KIND_CDROM:
      ok = build_disk (spec, config, root, error);
      break;
    case VIREO_DEVICE_KIND_INTERFACE:
      ok = build_interface (spec, root, error);
      break;
    case VIREO_DEVICE_KIND_HOSTDEV_USB:
    case VIREO_DEVICE_KIND_HOSTDEV_PCI:
      ok = build_hostdev (spec, root, error);
      break;
    default:
      ok = build_other (spec, root, error);
      break;
    }
  if (!ok)
    return NULL;
  return vireo_xml_serialize_node (root, VIREO_XML_FORMAT_PRETTY | VIREO_XML_FORMAT_NO_DECLARATION);
}
