/* vireo-install-plan-xml.c — the libvirt XML an install plan turns into
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The XML is built through vireo-xml only: element text goes through
 * vireo_xml_add_child() and attribute values through vireo_xml_set_attr(),
 * which escape them when the document is written, so a "&", "<" or quote
 * typed by a person can never change the document's structure.
 *
 * Device choices follow libosinfo (see VireoOsDevices) the way virt-install
 * makes them:
 *   - QEMU/KVM x86: machine q35 when the OS lists the q35 chipset, else pc
 *     (an unknown OS too); disk virtio > sata (q35) > ide; NIC virtio > e1000e
 *     (q35) > e1000 > rtl8139; video virtio > qxl (x86) > vga; sound ich9 (q35) >
 *     ich6 > ac97 > none; USB tablet; virtio RNG where supported; SPICE
 *     graphics on 127.0.0.1 (local displays use virDomainOpenGraphicsFD, SSH
 *     tunnels the port); a pty serial console; host-passthrough CPU on KVM.
 *   - Xen: VNC graphics (libxl's SPICE support is partial), no sound; PV
 *     guests use xen disks and consoles, kernel+initrd for the install and
 *     pygrub afterwards; HVM guests use machine xenfv, xen disks for Linux
 *     (PV-on-HVM drivers) and IDE for others.
 */
#define G_LOG_DOMAIN "vireo-install-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vireo-express-install.h"
#include "vireo-install-plan-private.h"
#include "vireo-xml.h"

/* -- XML ------------------------------------------------------------------- */

/* The only ways text gets into the documents below are vireo_xml_add_child()
 * and vireo_xml_set_attr(): both escape it. */
/* an element with attribute name/value pairs, NULL-terminated */
static xmlNode *
add_element (xmlNode    *parent,
             const char *name,
             ...) G_GNUC_NULL_TERMINATED;

static xmlNode *
add_element (xmlNode    *parent,
             const char *name,
             ...)
{
  xmlNode *node = vireo_xml_add_child (parent, name, NULL);
  const char *attr;
  va_list args;

  va_start (args, name);
  while ((attr = va_arg (args, const char *)) != NULL)
    vireo_xml_set_attr (node, attr, va_arg (args, const char *));
  va_end (args);
  return node;
}

/* without the XML declaration: libvirt's own documents have none */
char *
_vireo_install_plan_dump_document (xmlDoc *doc)
{
  return vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY | VIREO_XML_FORMAT_NO_DECLARATION);
}

char *
vireo_install_plan_to_volume_xml (VireoInstallPlan *self,
                                  GError          **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNodePtr root, node;
  g_autofree char *capacity = NULL;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  if (self->storage_mode != VIREO_STORAGE_MODE_NEW_VOLUME)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                   _("Storage: this plan does not create a new disk."));
      return NULL;
    }
  if (self->disk_size_gib == 0 || *vireo_install_plan_get_effective_volume_name (self) == '\0')
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                   _("Storage: the new disk needs a name and a size."));
      return NULL;
    }

  capacity = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) self->disk_size_gib << 30);
  doc = vireo_xml_new_document ("volume");
  root = vireo_xml_root (doc);
  vireo_xml_add_child (root, "name", vireo_install_plan_get_effective_volume_name (self));
  node = vireo_xml_add_child (root, "capacity", capacity);
  vireo_xml_set_attr (node, "unit", "bytes");
  /* allocation = capacity asks libvirt to reserve the space now (falloc);
   * 0 makes a sparse file that grows as the guest writes */
  node = vireo_xml_add_child (root, "allocation", self->allocate_now ? capacity : "0");
  vireo_xml_set_attr (node, "unit", "bytes");
  node = vireo_xml_add_child (root, "target", NULL);
  add_element (node, "format", "type", self->disk_format, NULL);

  return _vireo_install_plan_dump_document (doc);
}

typedef struct
{
  guint count[4];
} Targets;

static char *
next_target (Targets    *targets,
             const char *bus)
{
  static const char *const prefixes[] = { "vd", "sd", "hd", "xvd" };
  guint i;

  if (g_str_equal (bus, "virtio"))
    i = 0;
  else if (g_str_equal (bus, "sata") || g_str_equal (bus, "scsi") || g_str_equal (bus, "usb"))
    i = 1;
  else if (g_str_equal (bus, "ide"))
    i = 2;
  else
    i = 3;
  return g_strdup_printf ("%s%c", prefixes[i], 'a' + targets->count[i]++);
}

static gboolean
is_windows (VireoInstallPlan *self)
{
  return g_strcmp0 (self->os_devices->family, "winnt") == 0
         || g_strcmp0 (self->os_devices->family, "win9x") == 0;
}

static gboolean
is_linux (VireoInstallPlan *self)
{
  return g_strcmp0 (self->os_devices->family, "linux") == 0;
}

static const char *
disk_bus (VireoInstallPlan *self)
{
  if (_vireo_install_plan_is_xen (self))
    return self->xen_pv || is_linux (self) ? "xen" : "ide";
  if (self->os_devices->virtio_disk)
    return "virtio";
  return _vireo_install_plan_use_q35 (self) ? "sata" : "ide";
}

static const char *
cdrom_bus (VireoInstallPlan *self)
{
  if (_vireo_install_plan_is_xen (self))
    return "ide";
  return _vireo_install_plan_use_q35 (self) ? "sata" : "ide";
}

static const char *
nic_model (VireoInstallPlan *self)
{
  const VireoOsDevices *d = self->os_devices;

  if (_vireo_install_plan_is_xen (self))
    /* PV and Linux HVM guests use netfront; others an emulated e1000 */
    return self->xen_pv || is_linux (self) ? NULL : "e1000";
  if (d->virtio_net)
    return "virtio";
  if (d->e1000e && _vireo_install_plan_use_q35 (self))
    return "e1000e";
  if (d->e1000)
    return "e1000";
  if (d->rtl8139)
    return "rtl8139";
  /* the NIC of an unknown OS: see vireo_os_devices_new_generic() */
  return "e1000";
}

static gboolean
is_x86 (VireoInstallPlan *self)
{
  const char *arch = vireo_install_plan_get_effective_arch (self);

  return g_str_equal (arch, "x86_64") || g_str_equal (arch, "i686");
}

/* With SPICE (every QEMU guest) the agent resizes the screen only on QXL or
 * virtio-gpu, so QXL unless the OS drives virtio-gpu: QXL is also a VGA card,
 * which every PC OS can use (libosinfo lists QXL for few OSes, and neither
 * for Ubuntu 22.04 or an unknown OS). Plain VGA is left for where nothing
 * else works: Xen HVM (VNC) and non-x86 machines without QXL. */
static const char *
video_model (VireoInstallPlan *self)
{
  if (_vireo_install_plan_is_xen (self))
    return self->xen_pv ? "xen" : "vga";
  if (self->os_devices->virtio_gpu)
    return "virtio";
  if (self->os_devices->qxl || is_x86 (self))
    return "qxl";
  return "vga";
}

static const char *
sound_model (VireoInstallPlan *self)
{
  const VireoOsDevices *d = self->os_devices;

  if (_vireo_install_plan_is_xen (self))
    return NULL;
  if (d->ich9_hda && _vireo_install_plan_use_q35 (self))
    return "ich9";
  if (d->ich6 || d->ich9_hda)
    return "ich6";
  if (d->ac97)
    return "ac97";
  return NULL;
}

static const char *
guess_image_format (const char *path)
{
  if (g_str_has_suffix (path, ".qcow2") || g_str_has_suffix (path, ".qcow"))
    return "qcow2";
  if (g_str_has_suffix (path, ".vmdk"))
    return "vmdk";
  if (g_str_has_suffix (path, ".vdi"))
    return "vdi";
  if (g_str_has_suffix (path, ".vhdx"))
    return "vhdx";
  return "raw";
}

static void
add_disk_source_path (xmlNodePtr  disk,
                      const char *path)
{
  gboolean block = g_str_has_prefix (path, "/dev/");

  vireo_xml_set_attr (disk, "type", block ? "block" : "file");
  add_element (disk, "source", block ? "dev" : "file", path, NULL);
}

/* USB 2 for an OS without a USB 3 (qemu-xhci) driver: an EHCI controller
 * and its three UHCI companions for USB 1 devices, on bus 0 (the set
 * virt-install adds, and libvirt's documented companion layout). */
static void
add_usb2_controllers (xmlNodePtr devices)
{
  static const char *const companions[][2] = {
    { "ich9-uhci1", "0" }, { "ich9-uhci2", "2" }, { "ich9-uhci3", "4" },
  };

  add_element (devices, "controller", "type", "usb", "index", "0", "model", "ich9-ehci1", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      xmlNodePtr node = add_element (devices, "controller", "type", "usb", "index", "0",
                                     "model", companions[i][0], NULL);

      add_element (node, "master", "startport", companions[i][1], NULL);
    }
}

/* How many PCI Express slots the devices already in @devices take, and the
 * ones libvirt adds for them: each virtio or USB 3 device, NIC and virtio
 * serial bus (for the channels), plus the memory balloon libvirt adds to
 * every QEMU guest. Integrated devices (SATA, EHCI, ICH9 sound, the primary
 * video) sit on pcie.0 and are counted anyway: a spare port too many costs
 * nothing, one too few fails a hot-plug. */
static guint
count_pcie_devices (xmlNodePtr devices)
{
  gboolean virtio_serial = FALSE;
  guint n = 1; /* the memory balloon */

  for (xmlNodePtr child = devices->children; child != NULL; child = child->next)
    {
      const char *name = (const char *) child->name;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (g_str_equal (name, "channel"))
        virtio_serial = TRUE;
      else if (g_str_equal (name, "disk") || g_str_equal (name, "interface")
               || g_str_equal (name, "video") || g_str_equal (name, "sound")
               || g_str_equal (name, "rng"))
        n++;
      else if (g_str_equal (name, "controller"))
        {
          g_autofree char *model = vireo_xml_get_string (child, "string(@model)");

          if (g_strcmp0 (model, "qemu-xhci") == 0 || g_strcmp0 (model, "ich9-ehci1") == 0)
            n++;
        }
    }
  return n + (virtio_serial ? 1 : 0);
}

/* Room to hot-plug devices on q35: libvirt gives each PCI Express device a
 * root port of its own and adds only one spare, so a second hot-added disk
 * fails with "No more available PCI slots". Explicit root ports without an
 * index or address (libvirt 9.0 numbers them 1, 2, ..., packs them eight to
 * a multifunction slot of pcie.0 and puts the devices above into the first
 * ones; seen with qemu:///embed, and tested so): as many as the devices
 * take, plus VIREO_SPARE_PCIE_PORTS free for hot-plug. virt-install does the
 * same with a fixed 14. */
#define VIREO_SPARE_PCIE_PORTS 8

static void
add_pcie_root_ports (xmlNodePtr devices)
{
  guint n = count_pcie_devices (devices) + VIREO_SPARE_PCIE_PORTS;

  /* libvirt numbers a controller without an index from 0 as it parses, so
   * the first root port would take pcie.0's index ("The PCI controller with
   * index='0' must be model='pcie-root'"): the root bus comes first */
  add_element (devices, "controller", "type", "pci", "index", "0", "model", "pcie-root", NULL);
  for (guint i = 0; i < n; i++)
    add_element (devices, "controller", "type", "pci", "model", "pcie-root-port", NULL);
}

static char *
build_cmdline (VireoInstallPlan *self)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *distro = self->os_devices->distro;

  if (self->os_devices->kernel_url_arg != NULL)
    g_ptr_array_add (parts, g_strdup_printf ("%s=%s", self->os_devices->kernel_url_arg, self->tree_url));

  if (*self->kickstart_url != '\0')
    {
      if (g_strcmp0 (distro, "debian") == 0 || g_strcmp0 (distro, "ubuntu") == 0)
        g_ptr_array_add (parts, g_strdup_printf ("auto=true priority=critical url=%s", self->kickstart_url));
      else if (g_strcmp0 (distro, "opensuse") == 0 || g_strcmp0 (distro, "sles") == 0)
        g_ptr_array_add (parts, g_strdup_printf ("autoyast=%s", self->kickstart_url));
      else if (g_strcmp0 (distro, "fedora") == 0 || g_strcmp0 (distro, "rhel") == 0
               || g_strcmp0 (distro, "centos") == 0 || g_strcmp0 (distro, "centos-stream") == 0
               || g_strcmp0 (distro, "almalinux") == 0 || g_strcmp0 (distro, "rocky") == 0)
        g_ptr_array_add (parts, g_strdup_printf ("inst.ks=%s", self->kickstart_url));
      else
        g_ptr_array_add (parts, g_strdup_printf ("ks=%s", self->kickstart_url));
    }
  /* express install: what the script needs on the command line (never a
   * password: the script itself is in the initrd) */
  if (self->express_install)
    {
      g_autofree char *express = vireo_express_install_command_line (self);

      if (*express != '\0')
        g_ptr_array_add (parts, g_steal_pointer (&express));
    }
  if (*self->kernel_args != '\0')
    g_ptr_array_add (parts, g_strdup (self->kernel_args));
  g_ptr_array_add (parts, NULL);
  /* one string of kernel arguments; it becomes element text, escaped */
  return g_strjoinv (" ", (char **) parts->pdata);
}

static void
add_interface (VireoInstallPlan *self,
               xmlNodePtr        devices)
{
  xmlNodePtr iface = vireo_xml_add_child (devices, "interface", NULL);
  const char *model = nic_model (self);

  switch ((VireoNetworkMode) self->network_mode)
    {
    case VIREO_NETWORK_MODE_NETWORK:
      vireo_xml_set_attr (iface, "type", "network");
      add_element (iface, "source", "network", self->network_source, NULL);
      break;
    case VIREO_NETWORK_MODE_BRIDGE:
      vireo_xml_set_attr (iface, "type", "bridge");
      add_element (iface, "source", "bridge", self->network_source, NULL);
      break;
    case VIREO_NETWORK_MODE_DIRECT:
      vireo_xml_set_attr (iface, "type", "direct");
      add_element (iface, "source", "dev", self->network_source, "mode", "bridge", NULL);
      break;
    case VIREO_NETWORK_MODE_USER:
    case VIREO_NETWORK_MODE_NONE:
    default:
      vireo_xml_set_attr (iface, "type", "user");
      break;
    }
  add_element (iface, "mac", "address", vireo_install_plan_get_effective_mac (self), NULL);
  if (model != NULL)
    add_element (iface, "model", "type", model, NULL);
}

char *
vireo_install_plan_to_domain_xml (VireoInstallPlan *self,
                                  VireoInstallPhase phase,
                                  GError          **error)
{
  const VireoOsDevices *d;
  const char *virt_type;
  gboolean xen, pv, kvm, install, q35, windows, spice;
  g_autofree char *memory = NULL;
  g_autofree char *vcpus = NULL;
  Targets targets = { { 0 } };
  g_autoptr(xmlDoc) doc = NULL;
  xmlNodePtr root, node, os, features, devices;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  d = self->os_devices;
  virt_type = vireo_install_plan_get_effective_virt_type (self);
  xen = _vireo_install_plan_is_xen (self);
  pv = _vireo_install_plan_is_xen_pv (self);
  kvm = g_str_equal (virt_type, "kvm");
  q35 = _vireo_install_plan_use_q35 (self);
  windows = is_windows (self);
  install = phase == VIREO_INSTALL_PHASE_INSTALL && vireo_install_plan_needs_install_phase (self);
  spice = !xen; /* Xen guests get VNC (see the top of this file) */

  if (*self->name == '\0')
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: the virtual machine needs a name."));
      return NULL;
    }
  if (install && self->method == VIREO_INSTALL_METHOD_URL
      && (*self->kernel_path == '\0' || *self->initrd_path == '\0'))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                   _("Install tree: the installer's kernel and initrd of “%s” are not known yet: the tree must be detected (its “.treeinfo” read) first."),
                   self->tree_url);
      return NULL;
    }
  if (install && self->method == VIREO_INSTALL_METHOD_ISO && *self->media_path == '\0')
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                   _("Installation media: choose an ISO image or a CD/DVD drive."));
      return NULL;
    }

  doc = vireo_xml_new_document ("domain");
  root = vireo_xml_root (doc);
  vireo_xml_set_attr (root, "type", virt_type);

  vireo_xml_add_child (root, "name", self->name);
  if (*self->uuid != '\0')
    vireo_xml_add_child (root, "uuid", self->uuid);
  if (*self->title != '\0')
    vireo_xml_add_child (root, "title", self->title);

  if (d->os_id != NULL)
    {
      xmlNode *metadata = vireo_xml_add_child (root, "metadata", NULL);
      xmlNode *info = vireo_xml_add_ns_child (metadata, VIREO_XML_NS_LIBOSINFO, "libosinfo", "libosinfo");
      xmlNode *os_node = vireo_xml_add_child (info, "os", NULL); /* <libosinfo:os>, in its parent's namespace */

      vireo_xml_set_attr (os_node, "id", d->os_id);
    }

  /* a network installer gets libosinfo's "network-install" memory */
  memory = g_strdup_printf ("%u", install ? _vireo_install_plan_install_memory_mib (self) : self->memory_mib);
  node = vireo_xml_add_child (root, "memory", memory);
  vireo_xml_set_attr (node, "unit", "MiB");
  node = vireo_xml_add_child (root, "currentMemory", memory);
  vireo_xml_set_attr (node, "unit", "MiB");
  vcpus = g_strdup_printf ("%u", self->vcpus);
  vireo_xml_add_child (root, "vcpu", vcpus);

  /* boot */
  if (pv && !install)
    /* libxl finds pygrub in its own libexec directory */
    vireo_xml_add_child (root, "bootloader", "pygrub");

  os = vireo_xml_add_child (root, "os", NULL);
  if (self->firmware == VIREO_FIRMWARE_UEFI && !pv)
    vireo_xml_set_attr (os, "firmware", "efi");
  node = vireo_xml_add_child (os, "type", pv ? "linux" : "hvm");
  vireo_xml_set_attr (node, "arch", vireo_install_plan_get_effective_arch (self));
  vireo_xml_set_attr (node, "machine", vireo_install_plan_get_effective_machine (self));

  if (install && self->method == VIREO_INSTALL_METHOD_URL)
    {
      g_autofree char *cmdline = build_cmdline (self);

      vireo_xml_add_child (os, "kernel", self->kernel_path);
      vireo_xml_add_child (os, "initrd", self->initrd_path);
      if (*cmdline != '\0')
        vireo_xml_add_child (os, "cmdline", cmdline);
    }
  if (!pv && !(install && self->method == VIREO_INSTALL_METHOD_URL))
    {
      if (install && self->method == VIREO_INSTALL_METHOD_ISO)
        add_element (os, "boot", "dev", "cdrom", NULL);
      else if (install && self->method == VIREO_INSTALL_METHOD_PXE)
        add_element (os, "boot", "dev", "network", NULL);
      else if (self->method == VIREO_INSTALL_METHOD_ISO && self->storage_mode == VIREO_STORAGE_MODE_NONE)
        add_element (os, "boot", "dev", "cdrom", NULL); /* a live system without a disk */
      else if (self->method == VIREO_INSTALL_METHOD_PXE && self->storage_mode == VIREO_STORAGE_MODE_NONE)
        add_element (os, "boot", "dev", "network", NULL); /* a diskless network client */
      add_element (os, "boot", "dev", "hd", NULL);
    }

  /* features, CPU, clock */
  features = vireo_xml_add_child (root, "features", NULL);
  if (!pv)
    {
      vireo_xml_add_child (features, "acpi", NULL);
      vireo_xml_add_child (features, "apic", NULL);
    }
  if (!xen && windows)
    {
      xmlNodePtr hyperv = add_element (features, "hyperv", "mode", "custom", NULL);

      add_element (hyperv, "relaxed", "state", "on", NULL);
      add_element (hyperv, "vapic", "state", "on", NULL);
      add_element (hyperv, "spinlocks", "state", "on", "retries", "8191", NULL);
    }
  if (!xen && q35 && self->firmware == VIREO_FIRMWARE_UEFI)
    /* System Management Mode: the Secure Boot builds of OVMF need it */
    add_element (features, "smm", "state", "on", NULL);
  if (spice && is_x86 (self))
    /* VMware's I/O port (the vmmouse) is of no use to a guest with a USB
     * tablet and fights the SPICE agent over the pointer. virt-install turns
     * it off the same way, for every x86 SPICE guest whether KVM or TCG
     * (virtinst/guest.py, Guest._add_spice_devices), so TCG gets it too. */
    add_element (features, "vmport", "state", "off", NULL);
  if (features->children == NULL)
    vireo_xml_remove (features);

  if (kvm)
    add_element (root, "cpu", "mode", "host-passthrough", "check", "none", "migratable", "on", NULL);

  if (!pv)
    {
      xmlNodePtr clock = add_element (root, "clock", "offset", windows ? "localtime" : "utc", NULL);

      if (!xen)
        {
          add_element (clock, "timer", "name", "rtc", "tickpolicy", "catchup", NULL);
          add_element (clock, "timer", "name", "pit", "tickpolicy", "delay", NULL);
          add_element (clock, "timer", "name", "hpet", "present", "no", NULL);
          if (windows && kvm)
            add_element (clock, "timer", "name", "hypervclock", "present", "yes", NULL);
        }
    }

  if (!xen)
    {
      /* guest-initiated suspend: S3 and S4 leave a QEMU guest hard to wake
       * from a host tool (virt-install disables both the same way) */
      xmlNodePtr pm = vireo_xml_add_child (root, "pm", NULL);

      add_element (pm, "suspend-to-mem", "enabled", "no", NULL);
      add_element (pm, "suspend-to-disk", "enabled", "no", NULL);
    }

  /* the installer's reboot ends the install run; the next start uses the
   * persistent (final) definition, which boots the disk */
  vireo_xml_add_child (root, "on_poweroff", "destroy");
  vireo_xml_add_child (root, "on_reboot", install ? "destroy" : "restart");
  vireo_xml_add_child (root, "on_crash", "destroy");

  devices = vireo_xml_add_child (root, "devices", NULL);

  /* disks */
  if (self->storage_mode != VIREO_STORAGE_MODE_NONE)
    {
      const char *bus = disk_bus (self);
      g_autofree char *target = next_target (&targets, bus);
      xmlNodePtr disk = add_element (devices, "disk", "type", "file", "device", "disk", NULL);

      if (self->storage_mode == VIREO_STORAGE_MODE_NEW_VOLUME)
        {
          xmlNodePtr driver = add_element (disk, "driver", "name", "qemu", "type", self->disk_format, NULL);

          /* a sparse disk hands the space the guest frees back to the host;
           * a fully allocated one keeps what the person chose to reserve */
          if (!self->allocate_now)
            vireo_xml_set_attr (driver, "discard", "unmap");
          vireo_xml_set_attr (disk, "type", "volume");
          add_element (disk, "source", "pool", self->pool_name,
                       "volume", vireo_install_plan_get_effective_volume_name (self), NULL);
        }
      else
        {
          add_element (disk, "driver", "name", "qemu", "type", guess_image_format (self->disk_path), NULL);
          add_disk_source_path (disk, self->disk_path);
        }
      add_element (disk, "target", "dev", target, "bus", bus, NULL);
    }
  if (self->method == VIREO_INSTALL_METHOD_ISO)
    {
      const char *bus = cdrom_bus (self);
      g_autofree char *target = next_target (&targets, bus);
      xmlNodePtr cdrom = add_element (devices, "disk", "type", "file", "device", "cdrom", NULL);

      add_element (cdrom, "driver", "name", "qemu", "type", "raw", NULL);
      /* after the install the drive stays, empty (the installer's "eject"),
       * so the guest keeps its drive letters; a diskless live system keeps
       * its medium */
      if (install || self->storage_mode == VIREO_STORAGE_MODE_NONE)
        add_disk_source_path (cdrom, self->media_path);
      add_element (cdrom, "target", "dev", target, "bus", bus, NULL);
      vireo_xml_add_child (cdrom, "readonly", NULL);
    }
  if (install && self->answer_disk != NULL)
    {
      /* the express install's answer file, on a second CD-ROM the
       * installer searches by itself (vireo-express-install.h); the
       * final configuration never has it */
      const char *bus = cdrom_bus (self);
      g_autofree char *target = next_target (&targets, bus);
      xmlNodePtr cdrom = add_element (devices, "disk", "type", "file", "device", "cdrom", NULL);

      add_element (cdrom, "driver", "name", "qemu", "type", "raw", NULL);
      add_element (cdrom, "source", "file", self->answer_disk, NULL);
      add_element (cdrom, "target", "dev", target, "bus", bus, NULL);
      vireo_xml_add_child (cdrom, "readonly", NULL);
    }

  /* USB: the tablet and the SPICE redirection channels below need a bus. */
  if (!xen && d->qemu_xhci)
    add_element (devices, "controller", "type", "usb", "model", "qemu-xhci", "ports", "15", NULL);
  else if (spice)
    add_usb2_controllers (devices);

  if (self->network_mode != VIREO_NETWORK_MODE_NONE)
    add_interface (self, devices);

  /* consoles */
  if (pv)
    {
      node = add_element (devices, "console", "type", "pty", NULL);
      add_element (node, "target", "type", "xen", "port", "0", NULL);
    }
  else
    {
      node = add_element (devices, "serial", "type", "pty", NULL);
      add_element (node, "target", "port", "0", NULL);
      node = add_element (devices, "console", "type", "pty", NULL);
      add_element (node, "target", "type", "serial", "port", "0", NULL);
    }
  if (!xen && (d->virtio_disk || d->virtio_net))
    {
      node = add_element (devices, "channel", "type", "unix", NULL);
      add_element (node, "target", "type", "virtio", "name", "org.qemu.guest_agent.0", NULL);
    }
  if (spice)
    {
      /* the SPICE agent's channel, for every SPICE guest whatever its OS:
       * clipboard sharing and resizing the guest with the window need it
       * once the guest tools are in (as virt-install adds it) */
      node = add_element (devices, "channel", "type", "spicevmc", NULL);
      add_element (node, "target", "type", "virtio", "name", "com.redhat.spice.0", NULL);
    }

  /* input */
  if (pv)
    {
      add_element (devices, "input", "type", "mouse", "bus", "xen", NULL);
      add_element (devices, "input", "type", "keyboard", "bus", "xen", NULL);
    }
  else if (d->usb_tablet || d->os_id == NULL)
    add_element (devices, "input", "type", "tablet", "bus", "usb", NULL);

  /* display */
  node = add_element (devices, "graphics", "type", spice ? "spice" : "vnc", "autoport", "yes", NULL);
  add_element (node, "listen", "type", "address", "address", "127.0.0.1", NULL);
  node = vireo_xml_add_child (devices, "video", NULL);
  add_element (node, "model", "type", video_model (self), NULL);

  if (sound_model (self) != NULL)
    add_element (devices, "sound", "model", sound_model (self), NULL);

  if (_vireo_install_plan_wants_tpm (self) && self->swtpm_available)
    {
      /* libvirt's formatdomain: CRB is the TPM 2.0 interface (what Windows
       * 11 and OVMF expect on q35); TIS, the default, on the i440FX PC */
      node = add_element (devices, "tpm", "model", q35 ? "tpm-crb" : "tpm-tis", NULL);
      add_element (node, "backend", "type", "emulator", "version", "2.0", NULL);
    }
  if (!xen && d->virtio_rng)
    {
      node = add_element (devices, "rng", "model", "virtio", NULL);
      vireo_xml_set_text (add_element (node, "backend", "model", "random", NULL), "/dev/urandom");
    }
  if (spice)
    /* USB redirection: two host USB devices at a time, the console's USB menu */
    for (guint i = 0; i < 2; i++)
      add_element (devices, "redirdev", "bus", "usb", "type", "spicevmc", NULL);

  if (q35)
    add_pcie_root_ports (devices);

  return _vireo_install_plan_dump_document (doc);
}

void
_vireo_install_plan_set_answer_disk (VireoInstallPlan *self,
                                     const char       *path)
{
  g_return_if_fail (VIREO_IS_INSTALL_PLAN (self));

  g_free (self->answer_disk);
  self->answer_disk = g_strdup (path);
}
