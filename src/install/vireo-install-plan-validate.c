/* vireo-install-plan-validate.c — checking the install plan's answers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules for a name and a MAC address, the local files and the
 * firmware, every answer at once before the XML is made (each error names
 * the wizard's page), and the warnings that do not stop an install.
 */
#define G_LOG_DOMAIN "vireo-install-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vireo-express-install.h"
#include "vireo-install-plan-private.h"

#define NAME_MAX_LENGTH 64

/* -- validation ------------------------------------------------------------ */

const char *
vireo_install_plan_name_rule (void)
{
  return _("A name may use letters of any language, digits, spaces and punctuation, at most 64 "
           "characters, but not “/” or line breaks, and must not start with “.” or “-” or be only "
           "digits. libvirt and QEMU use the name in file, socket and log names on the host, and "
           "command-line tools such as virsh read a name of only digits as a VM number.");
}

/* What libvirt refuses in a domain name (a "/" cannot be part of the file
 * names made from it; drivers refuse "\n" at define), plus what makes a
 * name hard to use from virsh or a shell: a leading "." or "-", only
 * digits. Spaces and letters of any script are fine with libvirt. */
gboolean
vireo_install_plan_validate_name (const char *name,
                                  GError    **error)
{
  gboolean all_digits = TRUE;

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: the virtual machine needs a name. %s"), vireo_install_plan_name_rule ());
      return FALSE;
    }
  if (strchr (name, '/') != NULL)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: “%s” contains “/”, which cannot be part of a file name on the host. %s"),
                   name, vireo_install_plan_name_rule ());
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: %s is not allowed in a name. %s"), "?", vireo_install_plan_name_rule ());
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > NAME_MAX_LENGTH)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: the name is %u characters long; at most %u are allowed. %s"),
                   (guint) g_utf8_strlen (name, -1), (guint) NAME_MAX_LENGTH, vireo_install_plan_name_rule ());
      return FALSE;
    }
  if (name[0] == '.' || name[0] == '-')
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: “%s” starts with “%c”. %s"), name, name[0], vireo_install_plan_name_rule ());
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                       _("Name: %s is not allowed in a name. %s"), _("a line break or control character"),
                       vireo_install_plan_name_rule ());
          return FALSE;
        }
      if (!g_ascii_isdigit (*p))
        all_digits = FALSE;
    }
  if (all_digits)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: “%s” is only digits. %s"), name, vireo_install_plan_name_rule ());
      return FALSE;
    }
  return TRUE;
}

gboolean
vireo_install_plan_validate_mac (const char *mac,
                                 GError    **error)
{
  guint octets[6];
  gboolean all_zero = TRUE;

  if (mac == NULL || strlen (mac) != 17)
    goto malformed;
  for (int i = 0; i < 6; i++)
    {
      const char *p = mac + 3 * i;

      if (!g_ascii_isxdigit (p[0]) || !g_ascii_isxdigit (p[1]) || (i < 5 && p[2] != ':'))
        goto malformed;
      octets[i] = g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]);
      if (octets[i] != 0)
        all_zero = FALSE;
    }
  if (octets[0] & 1)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MAC,
                   _("MAC address: %s is a multicast address (its first byte is odd); "
                     "a network card needs a unicast address such as 52:54:00:12:34:56."),
                   mac);
      return FALSE;
    }
  if (all_zero)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MAC,
                   _("MAC address: 00:00:00:00:00:00 is not a usable address; "
                     "leave the field empty to have one generated."));
      return FALSE;
    }
  return TRUE;

malformed:
  g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MAC,
               _("MAC address: “%s” is not a MAC address. Write six pairs of hexadecimal "
                 "digits separated by colons, such as 52:54:00:12:34:56, or leave it empty."),
               mac != NULL ? mac : "");
  return FALSE;
}

static gboolean
check_local_file (VireoInstallPlan     *self,
                  const char           *path,
                  VireoInstallPlanError code,
                  const char           *field,
                  gboolean              removable,
                  GError              **error)
{
  g_autofree char *display = NULL;

  if (!_vireo_install_plan_is_local (self))
    return TRUE;
  display = g_filename_display_name (path);
  if (!g_path_is_absolute (path))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, code,
                   _("%s: “%s” is not a full path. Choose the file again."), field, display);
      return FALSE;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, code,
                   removable
                       ? _("%s: “%s” does not exist. Choose another file, or check that the disc is inserted.")
                       : _("%s: “%s” does not exist. Choose another file, or check that it was not moved or renamed."),
                   field, display);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, code,
                   _("%s: “%s” is a folder; choose a file in it."), field, display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_tree_url (const char *url)
{
  g_autofree char *scheme = g_uri_parse_scheme (url);

  return scheme != NULL
         && (g_str_equal (scheme, "http") || g_str_equal (scheme, "https")
             || g_str_equal (scheme, "ftp") || g_str_equal (scheme, "nfs")
             || g_str_equal (scheme, "file"));
}

gboolean
vireo_install_plan_check_firmware (VireoInstallPlan *self,
                                   GError          **error)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);

  if (self->firmware == VIREO_FIRMWARE_UEFI && _vireo_install_plan_is_xen_pv (self))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                   _("Firmware: a paravirtualised Xen guest boots its kernel directly and has no UEFI; "
                     "choose BIOS or full virtualisation."));
      return FALSE;
    }
  if (!_vireo_install_plan_is_xen_pv (self) && !self->os_devices->bios_supported && !self->uefi_available)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                   _("Firmware: %s can only boot with UEFI firmware, and no UEFI firmware is installed "
                     "on this host. Install it on the host (package ovmf on Debian and Ubuntu, edk2-ovmf "
                     "on Fedora) and start again, or choose another operating system."),
                   self->os_devices->name);
      return FALSE;
    }
  if (self->firmware == VIREO_FIRMWARE_UEFI && !self->uefi_available && !_vireo_install_plan_is_xen_pv (self))
    {
      g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                           _("Firmware: no UEFI firmware is installed on this host (package ovmf); "
                             "choose BIOS."));
      return FALSE;
    }
  if (self->firmware == VIREO_FIRMWARE_BIOS && !self->bios_available && !_vireo_install_plan_is_xen_pv (self))
    {
      g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                           _("Firmware: this host has no BIOS firmware for this architecture; choose UEFI."));
      return FALSE;
    }
  if (self->firmware == VIREO_FIRMWARE_BIOS && !self->os_devices->bios_supported)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                   _("Firmware: %s cannot boot with BIOS firmware; choose UEFI."),
                   self->os_devices->name);
      return FALSE;
    }
  if (self->firmware == VIREO_FIRMWARE_UEFI && !self->os_devices->efi_supported)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                   _("Firmware: %s cannot boot with UEFI firmware; choose BIOS."),
                   self->os_devices->name);
      return FALSE;
    }
  if (self->os_devices->tpm_required && !self->swtpm_available && !_vireo_install_plan_is_xen (self))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                   _("Firmware: %s needs a TPM 2.0, and swtpm, the TPM emulator, is not installed on "
                     "this host. Install swtpm on the host (package swtpm) and start again."),
                   self->os_devices->name);
      return FALSE;
    }
  return TRUE;
}

gboolean
vireo_install_plan_validate (VireoInstallPlan *self,
                             GError          **error)
{
  const char *arch;
  const char *virt_type;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);

  if (!vireo_install_plan_validate_name (self->name, error))
    return FALSE;

  arch = vireo_install_plan_get_effective_arch (self);
  virt_type = vireo_install_plan_get_effective_virt_type (self);
  if (!g_str_equal (arch, "x86_64") && !g_str_equal (arch, "i686"))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_ARCH,
                   _("Architecture: Vireo creates x86_64 and i686 guests only; “%s” is not supported yet."),
                   arch);
      return FALSE;
    }
  if (self->guests != NULL
      && _vireo_install_plan_find_guest (self, _vireo_install_plan_is_xen_pv (self) ? NULL : "hvm", _vireo_install_plan_is_xen_pv (self) ? NULL : arch, virt_type) == NULL)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_ARCH,
                   _("Architecture: this host cannot run %s guests with “%s” virtualisation."),
                   arch, virt_type);
      return FALSE;
    }
  if (self->xen_pv && !_vireo_install_plan_is_xen (self))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD,
                   _("Paravirtualisation requires a Xen host; this connection runs full virtualisation only."));
      return FALSE;
    }
  if (self->xen_pv && self->guests != NULL && !vireo_install_plan_host_has_xen_pv (self))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD,
                   _("Paravirtualisation is not available on this Xen host."));
      return FALSE;
    }

  switch ((VireoInstallMethod) self->method)
    {
    case VIREO_INSTALL_METHOD_ISO:
      if (self->xen_pv)
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD,
                       _("Install method: a paravirtualised Xen guest cannot boot from install media; "
                         "use a network install tree, or choose full virtualisation."));
          return FALSE;
        }
      if (*self->media_path == '\0')
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                       _("Installation media: choose an ISO image or a CD/DVD drive."));
          return FALSE;
        }
      if (!check_local_file (self, self->media_path, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                             _("Installation media"), TRUE, error))
        return FALSE;
      break;

    case VIREO_INSTALL_METHOD_URL:
      if (*self->tree_url == '\0' || !is_tree_url (self->tree_url))
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                       _("Install tree: “%s” is not an http, https, ftp or nfs address of an install tree."),
                       self->tree_url);
          return FALSE;
        }
      if (*self->kickstart_url != '\0' && !is_tree_url (self->kickstart_url))
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                       _("Kickstart: “%s” is not an http, https, ftp or nfs address."),
                       self->kickstart_url);
          return FALSE;
        }
      break;

    case VIREO_INSTALL_METHOD_PXE:
      if (self->xen_pv)
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD,
                       _("Install method: a paravirtualised Xen guest cannot boot from the network; "
                         "use a network install tree, or choose full virtualisation."));
          return FALSE;
        }
      if (self->network_mode == VIREO_NETWORK_MODE_NONE)
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NETWORK,
                       _("Network: a network boot (PXE) needs a network connection; choose a virtual "
                         "network with PXE or a host bridge."));
          return FALSE;
        }
      break;

    case VIREO_INSTALL_METHOD_IMPORT:
      if (self->storage_mode != VIREO_STORAGE_MODE_EXISTING || *self->disk_path == '\0')
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                       _("Storage: importing needs an existing disk image; choose one."));
          return FALSE;
        }
      if (!check_local_file (self, self->disk_path, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                             _("Disk image to import"), FALSE, error))
        return FALSE;
      break;

    case VIREO_INSTALL_METHOD_MANUAL:
      break;

    default:
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD,
                   _("Install method: unknown method."));
      return FALSE;
    }

  if (self->memory_mib < 64)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEMORY,
                   _("Memory: %u MiB is too little to start any system; give at least 64 MiB."),
                   self->memory_mib);
      return FALSE;
    }
  if (self->host_memory_mib > 0 && self->memory_mib > self->host_memory_mib)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEMORY,
                   _("Memory: %u MiB is more than the host has (%u MiB). Give the virtual machine "
                     "less, and leave enough for the host itself."),
                   self->memory_mib, self->host_memory_mib);
      return FALSE;
    }
  if (self->os_devices->min_ram_mib > 0 && self->memory_mib < self->os_devices->min_ram_mib)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEMORY,
                   _("Memory: %s needs at least %u MiB; %u MiB is not enough for its installer."),
                   self->os_devices->name, self->os_devices->min_ram_mib, self->memory_mib);
      return FALSE;
    }
  if (self->vcpus < 1)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_VCPUS,
                   _("CPUs: a virtual machine needs at least one virtual CPU."));
      return FALSE;
    }
  if (self->max_vcpus > 0 && self->vcpus > self->max_vcpus)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_VCPUS,
                   ngettext ("CPUs: this host can give a virtual machine at most %u virtual CPU; "
                             "%u is too many.",
                             "CPUs: this host can give a virtual machine at most %u virtual CPUs; "
                             "%u is too many.",
                             self->max_vcpus),
                   self->max_vcpus, self->vcpus);
      return FALSE;
    }

  switch ((VireoStorageMode) self->storage_mode)
    {
    case VIREO_STORAGE_MODE_NEW_VOLUME:
      {
        const char *volume = vireo_install_plan_get_effective_volume_name (self);
        guint64 size = (guint64) self->disk_size_gib << 30;

        if (*self->pool_name == '\0')
          {
            g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                         _("Storage: choose the storage pool for the new disk."));
            return FALSE;
          }
        if (strchr (volume, '/') != NULL || *volume == '\0' || *volume == '.')
          {
            g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                         _("Storage: “%s” cannot be a volume name: it must not be empty, start with “.” "
                           "or contain “/”."),
                         volume);
            return FALSE;
          }
        if (self->disk_size_gib == 0)
          {
            g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                         _("Storage: the new disk needs a size of at least 1 GiB."));
            return FALSE;
          }
        if (self->disk_format == NULL || *self->disk_format == '\0'
            || (!g_str_equal (self->disk_format, "qcow2") && !g_str_equal (self->disk_format, "raw")))
          {
            g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                         _("Storage: the disk format must be qcow2 or raw, not “%s”."), self->disk_format);
            return FALSE;
          }
        /* also for sparse disks: a guest that fills a disk the pool cannot
         * hold gets write errors and corrupts its file systems (the seeds'
         * warning), so Vireo does not create one */
        if (self->pool_free_bytes >= 0 && size > (guint64) self->pool_free_bytes)
          {
            g_autofree char *want = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
            g_autofree char *have = g_format_size_full (self->pool_free_bytes, G_FORMAT_SIZE_IEC_UNITS);

            g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                         _("Storage: the disk (%s) is larger than the free space in pool “%s” (%s). "
                           "Choose a smaller size or another pool."),
                         want, self->pool_name, have);
            return FALSE;
          }
      }
      break;

    case VIREO_STORAGE_MODE_EXISTING:
      if (*self->disk_path == '\0')
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                       _("Storage: choose the existing disk image or device."));
          return FALSE;
        }
      if (!check_local_file (self, self->disk_path, VIREO_INSTALL_PLAN_ERROR_STORAGE, _("Storage"), FALSE,
                             error))
        return FALSE;
      break;

    case VIREO_STORAGE_MODE_NONE:
    default:
      break;
    }

  switch ((VireoNetworkMode) self->network_mode)
    {
    case VIREO_NETWORK_MODE_NETWORK:
    case VIREO_NETWORK_MODE_BRIDGE:
    case VIREO_NETWORK_MODE_DIRECT:
      if (self->network_source == NULL || *self->network_source == '\0')
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NETWORK,
                       self->network_mode == VIREO_NETWORK_MODE_NETWORK
                           ? _("Network: choose a virtual network.")
                           : self->network_mode == VIREO_NETWORK_MODE_BRIDGE
                                 ? _("Network: choose a host bridge.")
                                 : _("Network: choose the host device to share (macvtap)."));
          return FALSE;
        }
      break;
    case VIREO_NETWORK_MODE_USER:
      if (_vireo_install_plan_is_xen (self))
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NETWORK,
                       _("Network: user-mode networking is a QEMU feature; on Xen choose a bridge or a virtual network."));
          return FALSE;
        }
      break;
    case VIREO_NETWORK_MODE_NONE:
    default:
      break;
    }

  if (self->network_mode != VIREO_NETWORK_MODE_NONE && *self->mac != '\0'
      && !vireo_install_plan_validate_mac (self->mac, error))
    return FALSE;

  if (!vireo_install_plan_check_firmware (self, error))
    return FALSE;
  /* the express install's answers, last: they are on the last page */
  return !self->express_install || vireo_express_install_validate (self, error);
}

/* g_strv_builder_take() is GLib 2.80 */
static void
builder_take (GStrvBuilder *builder,
              char         *str)
{
  g_strv_builder_add (builder, str);
  g_free (str);
}

GStrv
vireo_install_plan_get_warnings (VireoInstallPlan *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  if (self->host_memory_mib > 0 && self->memory_mib <= self->host_memory_mib
      && (guint64) self->memory_mib * 10 > (guint64) self->host_memory_mib * 9)
    builder_take (builder,
                         g_strdup_printf (_("%u MiB is close to all the host's memory (%u MiB). "
                                            "The host may run out of memory and stop virtual machines."),
                                          self->memory_mib, self->host_memory_mib));
  if (self->host_cpus > 0 && self->vcpus > self->host_cpus)
    builder_take (builder,
                         g_strdup_printf (_vireo_install_plan_is_xen (self)
                                              ? _("%u virtual CPUs is more than the host's %u; Xen does not overcommit CPUs.")
                                              : _("%u virtual CPUs is more than the host's %u; the guest will run slower, not faster."),
                                          self->vcpus, self->host_cpus));
  if (g_str_equal (vireo_install_plan_get_effective_virt_type (self), "qemu"))
    g_strv_builder_add (builder,
                        vireo_install_plan_host_has_kvm (self)
                          ? _("The guest runs under emulation (QEMU without KVM), as chosen under Advanced "
                              "options: much slower than with KVM, which this host has.")
                          : _("This host has no hardware virtualisation (KVM), so the guest runs under slow "
                              "emulation. Enable VT-x or AMD-V in the firmware settings and check that /dev/kvm exists."));
  if (_vireo_install_plan_wants_tpm (self) && !self->swtpm_available && !self->os_devices->tpm_required)
    g_strv_builder_add (builder,
                        _("The guest gets no TPM: swtpm, the TPM emulator, is not installed on this host. "
                          "BitLocker, measured boot and LUKS keys bound to a TPM need one: install swtpm "
                          "on the host (package swtpm) and add a TPM under Details."));
  if (self->storage_mode == VIREO_STORAGE_MODE_NEW_VOLUME && !self->allocate_now)
    g_strv_builder_add (builder,
                        _("The disk is not allocated now: space is taken as the guest writes. If the host "
                          "runs out of space, the guest's data may be corrupted."));
  if (self->method == VIREO_INSTALL_METHOD_ISO && _vireo_install_plan_is_local (self) && !vireo_install_plan_is_session (self)
      && !self->media_readable
      && *self->media_path != '\0' && !g_str_has_prefix (self->media_path, "/dev/")
      && !g_str_has_prefix (self->media_path, "/var/lib/libvirt/images/"))
    g_strv_builder_add (builder,
                        _("The installation media is outside /var/lib/libvirt/images. If QEMU cannot read it "
                          "(file permissions or an SELinux/AppArmor label), copy it there or into a storage pool."));
  return g_strv_builder_end (builder);
}
