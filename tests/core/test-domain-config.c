/* test-domain-config.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoDomainConfig on a corpus of domain XMLs (tests/core/data/domain-config,
 * every device kind of libvirt's domain schema, <metadata> in foreign
 * namespaces, comments, odd element order), each of which:
 *   - passes `virt-xml-validate FILE domain` (the corpus is real libvirt XML),
 *   - loads and saves to the same canonical document (C14N with comments and
 *     whitespace: nothing Vireo does not edit moves),
 *   - lists its devices in virt-manager's order, each with an id, a title
 *     and an icon.
 * Each typed setter makes exactly the expected change: the result equals
 * tests/core/golden/domain-config/<case>.xml after canonicalisation, and the
 * line diff from the input has exactly the expected removed and added lines
 * (VIREO_UPDATE_GOLDEN=1 rewrites the golden files, to review by eye).
 * Bad input is refused with a sentence and leaves the document as it was:
 * invalid MACs, current memory above the maximum, vCPUs above the maximum,
 * hostile XML (huge, deep, DOCTYPE).
 */
#define G_LOG_DOMAIN "vireo-test-domain-config"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vireo-domain-config.h"
#include "vireo-xml-edit.h"

static char *
source_path (const char *first,
             ...)
{
  const char *root = g_getenv ("VIREO_SOURCE_DIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static char *
corpus_path (const char *name)
{
  return source_path ("tests", "core", "data", "domain-config", name, NULL);
}

static char *
read_corpus (const char *name)
{
  g_autofree char *path = corpus_path (name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static GPtrArray *
corpus_names (void)
{
  g_autofree char *dir_path = corpus_path (NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".xml"))
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static char *
canon (const char *xml)
{
  g_autoptr(GError) error = NULL;
  char *text = vireo_xml_edit_canonicalize_string (xml, VIREO_XML_CANON_DEFAULT, &error);

  g_assert_no_error (error);
  return text;
}

/* -- the corpus ---------------------------------------------------------------- */

static void
test_corpus_valid (void)
{
  g_autoptr(GPtrArray) names = corpus_names ();

  g_assert_cmpuint (names->len, >=, 40);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = corpus_path (g_ptr_array_index (names, i));
      const char *argv[] = { "virt-xml-validate", path, "domain", NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                    &status, &error);
      g_assert_no_error (error);
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("%s does not validate:\n%s%s", path, out, err);
    }
}

/* every element name of libvirt's <devices> the corpus must have */
static const char * const device_elements[] = {
  "disk", "interface", "input", "graphics", "sound", "audio", "serial", "parallel", "console",
  "channel", "hostdev", "video", "watchdog", "controller", "filesystem", "smartcard", "redirdev",
  "tpm", "rng", "panic", "vsock", "memballoon", "hub", "shmem", "iommu", "memory", "lease",
};

static void
test_corpus_round_trip (void)
{
  g_autoptr(GPtrArray) names = corpus_names ();
  g_autoptr(GHashTable) kinds = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) elements = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *xml = read_corpus (name);
      g_autoptr(GError) error = NULL;
      g_autoptr(VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, &error);
      g_autoptr(VireoDomainConfig) copy = NULL;
      g_autoptr(GPtrArray) devices = NULL;
      g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree char *saved = NULL;
      g_autofree char *copied = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *after_copy = NULL;

      g_assert_no_error (error);
      saved = vireo_domain_config_to_xml (config);
      before = canon (xml);
      after = canon (saved);
      if (g_strcmp0 (before, after) != 0)
        g_error ("%s: the saved document differs:\n%s\n---\n%s", name, before, after);
      g_assert_false (vireo_domain_config_has_changes (config));
      g_assert_cmpint (vireo_domain_config_get_change_scope (config), ==, 0);

      copy = vireo_domain_config_copy (config);
      copied = vireo_domain_config_to_xml (copy);
      after_copy = canon (copied);
      g_assert_cmpstr (before, ==, after_copy);

      g_assert_nonnull (vireo_domain_config_get_name (config));
      g_assert_cmpuint (vireo_domain_config_get_vcpus (config), >=, 1);
      g_assert_cmpuint (vireo_domain_config_get_vcpus (config), <=,
                        vireo_domain_config_get_max_vcpus (config));
      g_assert_cmpuint (vireo_domain_config_get_memory (config), <=,
                        vireo_domain_config_get_max_memory (config));

      devices = vireo_domain_config_get_devices (config);
      for (guint j = 0; j < devices->len; j++)
        {
          VireoDevice *device = g_ptr_array_index (devices, j);
          g_autofree char *title = vireo_device_dup_title (device);
          g_autofree char *device_xml = vireo_device_to_xml (device);
          const char *id = vireo_device_get_id (device);

          g_assert_nonnull (title);
          g_assert_cmpstr (title, !=, "");
          g_assert_true (g_str_has_suffix (vireo_device_get_icon_name (device), "-symbolic"));
          g_assert_nonnull (id);
          g_assert_false (g_hash_table_contains (ids, id));
          g_hash_table_add (ids, (gpointer) id);
          g_assert_true (vireo_domain_config_find_device (config, id) == device);
          g_assert_nonnull (device_xml);
          if (j > 0)
            g_assert_cmpint (vireo_device_get_kind (g_ptr_array_index (devices, j - 1)), <=,
                             vireo_device_get_kind (device));
          g_hash_table_add (kinds, GINT_TO_POINTER (vireo_device_get_kind (device) + 1));
          {
            /* the element name is the XML's first word */
            g_autofree char *element = g_strndup (device_xml + 1, strcspn (device_xml + 1, " />"));

            for (guint k = 0; k < G_N_ELEMENTS (device_elements); k++)
              if (g_str_equal (element, device_elements[k]))
                g_hash_table_add (elements, (gpointer) device_elements[k]);
          }
          /* the same id in a copy */
          g_assert_nonnull (vireo_domain_config_find_device (copy, id));
        }
    }

  /* every device kind Vireo names is in the corpus, and every element */
  for (int kind = VIREO_DEVICE_KIND_DISK; kind <= VIREO_DEVICE_KIND_OTHER; kind++)
    if (!g_hash_table_contains (kinds, GINT_TO_POINTER (kind + 1)))
      g_error ("no device of kind %d in the corpus", kind);
  for (guint k = 0; k < G_N_ELEMENTS (device_elements); k++)
    if (!g_hash_table_contains (elements, device_elements[k]))
      g_error ("no <%s> in the corpus", device_elements[k]);
}

/* what the hardware list shows for a VM with a bit of everything */
static void
test_hardware_list (void)
{
  static const struct { const char *id, *title, *icon; } expected[] = {
    { "disk:vda", "VirtIO Disk 1", "drive-harddisk-symbolic" },
    { "disk:sda", "SATA CD-ROM 1", "media-optical-symbolic" },
    { "interface:52:54:00:00:04:01", "NIC :00:04:01", "network-wired-symbolic" },
    { "input:tablet:usb", "Tablet", "input-tablet-symbolic" },
    { "input:mouse:ps2", "Mouse", "input-mouse-symbolic" },
    { "input:keyboard:ps2", "Keyboard", "input-keyboard-symbolic" },
    { "graphics:spice", "Display SPICE", "video-display-symbolic" },
    { "sound:0", "Sound ich9", "audio-card-symbolic" },
    { "audio:1", "Audio Backend spice", "audio-speakers-symbolic" },
    { "serial:0", "Serial 1", "utilities-terminal-symbolic" },
    { "console:0", "Console 1", "utilities-terminal-symbolic" },
    { "channel:org.qemu.guest_agent.0", "Channel QEMU Guest Agent", "utilities-terminal-symbolic" },
    { "hostdev:usb:0x1d6b:0x0002", "Host USB 1d6b:0002", "media-removable-symbolic" },
    { "video:0", "Video Virtio", "video-display-symbolic" },
    { "watchdog:0", "Watchdog", "dialog-warning-symbolic" },
    { "controller:usb:0", "Controller USB 0", "drive-multidisk-symbolic" },
    { "controller:virtio-serial:0", "Controller VirtIO Serial 0", "drive-multidisk-symbolic" },
    { "redirdev:0", "USB Redirector 1", "media-removable-symbolic" },
    { "tpm:0", "TPM v2.0", "security-high-symbolic" },
    { "rng:0", "Random Number Generator", "emblem-system-symbolic" },
    { "panic:0", "Panic Notifier", "dialog-warning-symbolic" },
    { "vsock:0", "VirtIO VSOCK", "emblem-system-symbolic" },
    { "memballoon:0", "Memory Balloon", "emblem-system-symbolic" },
  };
  g_autofree char *xml = read_corpus ("66-everything.xml");
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, NULL);
  g_autoptr(GPtrArray) devices = vireo_domain_config_get_devices (config);

  g_assert_cmpuint (devices->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *title = vireo_device_dup_title (device);

      g_assert_cmpstr (vireo_device_get_id (device), ==, expected[i].id);
      g_assert_cmpstr (title, ==, expected[i].title);
      g_assert_cmpstr (vireo_device_get_icon_name (device), ==, expected[i].icon);
    }
}

static void
test_read_side (void)
{
  g_autofree char *efi = read_corpus ("61-firmware-efi.xml");
  g_autofree char *kernel = read_corpus ("62-kernel-boot.xml");
  g_autofree char *custom = read_corpus ("63-cpu-custom.xml");
  g_autofree char *boot = read_corpus ("64-boot-multi.xml");
  g_autoptr(VireoDomainConfig) config = NULL;
  g_autoptr(GPtrArray) order = NULL;
  guint sockets, dies, cores, threads;

  config = vireo_domain_config_new_from_xml (efi, NULL);
  g_assert_cmpstr (vireo_domain_config_get_firmware (config), ==, "efi");
  g_assert_true (vireo_domain_config_get_boot_menu (config));
  g_assert_cmpstr (vireo_domain_config_get_domain_type (config), ==, "kvm");
  g_assert_cmpstr (vireo_domain_config_get_arch (config), ==, "x86_64");
  g_assert_cmpstr (vireo_domain_config_get_machine (config), ==, "pc-q35-7.2");
  g_assert_cmpuint (vireo_domain_config_get_memory (config), ==, 1048576);
  g_assert_cmpuint (vireo_domain_config_get_max_memory (config), ==, 2097152);
  g_assert_cmpuint (vireo_domain_config_get_vcpus (config), ==, 2);
  g_assert_cmpuint (vireo_domain_config_get_max_vcpus (config), ==, 4);
  g_assert_cmpint (vireo_domain_config_get_cpu_mode (config), ==, VIREO_CPU_MODE_HOST_PASSTHROUGH);
  g_clear_object (&config);

  config = vireo_domain_config_new_from_xml (kernel, NULL);
  g_assert_null (vireo_domain_config_get_firmware (config));
  g_assert_cmpstr (vireo_domain_config_get_os_field (config, "kernel"), ==, "/var/lib/libvirt/boot/vmlinuz");
  g_assert_cmpstr (vireo_domain_config_get_os_field (config, "initrd"), ==, "/var/lib/libvirt/boot/initrd.img");
  g_assert_cmpstr (vireo_domain_config_get_os_field (config, "cmdline"), ==, "console=ttyS0 root=/dev/vda1");
  g_assert_cmpstr (vireo_domain_config_get_os_field (config, "dtb"), ==, "/var/lib/libvirt/boot/board.dtb");
  g_clear_object (&config);

  config = vireo_domain_config_new_from_xml (custom, NULL);
  g_assert_cmpint (vireo_domain_config_get_cpu_mode (config), ==, VIREO_CPU_MODE_CUSTOM);
  g_assert_cmpstr (vireo_domain_config_get_cpu_model (config), ==, "Skylake-Client-IBRS");
  vireo_domain_config_get_topology (config, &sockets, &dies, &cores, &threads);
  g_assert_cmpuint (sockets, ==, 1);
  g_assert_cmpuint (dies, ==, 1);
  g_assert_cmpuint (cores, ==, 2);
  g_assert_cmpuint (threads, ==, 2);
  g_clear_object (&config);

  /* <os><boot dev> resolved to the first device of each kind */
  config = vireo_domain_config_new_from_xml (boot, NULL);
  order = vireo_domain_config_get_boot_order (config);
  g_assert_cmpuint (order->len, ==, 3);
  g_assert_cmpstr (vireo_device_get_id (g_ptr_array_index (order, 0)), ==, "disk:sda");
  g_assert_cmpstr (vireo_device_get_id (g_ptr_array_index (order, 1)), ==, "disk:vda");
  g_assert_cmpstr (vireo_device_get_id (g_ptr_array_index (order, 2)), ==, "interface:52:54:00:00:03:01");
  {
    VireoDevice *cdrom = g_ptr_array_index (order, 0);
    g_autofree char *source = vireo_device_dup_disk_source (cdrom);
    g_autofree char *bus = vireo_device_get (cdrom, "target/@bus");
    g_autofree char *readonly = vireo_device_get (cdrom, "readonly");
    g_autofree char *missing = vireo_device_get (cdrom, "shareable");

    g_assert_cmpstr (source, ==, "/iso/install.iso");
    g_assert_cmpstr (bus, ==, "sata");
    g_assert_cmpstr (readonly, ==, "");
    g_assert_null (missing);
  }
}

static VireoDevice *device (VireoDomainConfig *config,
                            const char        *id);

/* memory in any of libvirt's units; a NIC's id follows its MAC */
static void
test_units_and_ids (void)
{
  static const char *xml =
    "<domain type='kvm'>\n"
    "  <name>units</name>\n"
    "  <memory unit='GiB'>2</memory>\n"
    "  <currentMemory unit='MB'>1024</currentMemory>\n"
    "  <vcpu>1</vcpu>\n"
    "  <os><type>hvm</type></os>\n"
    "  <devices>\n"
    "    <interface type='user'>\n"
    "      <mac address='52:54:00:00:00:0A'/>\n"
    "    </interface>\n"
    "  </devices>\n"
    "</domain>\n";
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, NULL);
  VireoDevice *nic;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (vireo_domain_config_get_max_memory (config), ==, 2097152);
  g_assert_cmpuint (vireo_domain_config_get_memory (config), ==, 1000000);
  g_assert_cmpuint (vireo_domain_config_get_vcpus (config), ==, 1);
  g_assert_cmpuint (vireo_domain_config_get_max_vcpus (config), ==, 1);

  nic = device (config, "interface:52:54:00:00:00:0a");
  g_assert_true (vireo_device_set_mac (nic, "52:54:00:00:00:0b", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vireo_device_get_id (nic), ==, "interface:52:54:00:00:00:0b");
  g_assert_true (vireo_domain_config_find_device (config, "interface:52:54:00:00:00:0b") == nic);
  g_assert_null (vireo_domain_config_find_device (config, "interface:52:54:00:00:00:0a"));
  /* a second card may not take the first one's address */
  g_assert_null (vireo_domain_config_add_device (config,
                                                 "<interface type='user'><mac address='52:54:00:00:00:0b'/></interface>",
                                                 &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  {
    g_autoptr(GPtrArray) devices = vireo_domain_config_get_devices (config);

    g_assert_cmpuint (devices->len, ==, 1);
  }
}

/* -- typed edits: exact diffs ---------------------------------------------------------- */

/* lines only in @a and only in @b (a longest common subsequence apart) */
static void
line_diff (const char *a,
           const char *b,
           guint      *removed,
           guint      *added)
{
  g_auto(GStrv) x = g_strsplit (a, "\n", -1);
  g_auto(GStrv) y = g_strsplit (b, "\n", -1);
  guint n = g_strv_length (x), m = g_strv_length (y);
  g_autofree guint *table = g_new0 (guint, (gsize) (n + 1) * (m + 1));

  for (guint i = n; i-- > 0;)
    for (guint j = m; j-- > 0;)
      table[i * (m + 1) + j] = g_str_equal (x[i], y[j])
                               ? table[(i + 1) * (m + 1) + j + 1] + 1
                               : MAX (table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1]);
  *removed = n - table[0];
  *added = m - table[0];
}

typedef void (*EditFunc) (VireoDomainConfig *config);

typedef struct
{
  const char      *name;      /* golden/domain-config/<name>.xml */
  const char      *input;     /* the corpus file */
  EditFunc         edit;
  guint            removed;   /* lines */
  guint            added;
  VireoChangeScope scope;
} EditCase;

static VireoDevice *
device (VireoDomainConfig *config,
        const char        *id)
{
  VireoDevice *found = vireo_domain_config_find_device (config, id);

  if (found == NULL)
    g_error ("no device %s", id);
  return found;
}

#define OK(call)                                  \
  G_STMT_START {                                  \
    g_autoptr(GError) error_ = NULL;              \
    gboolean ok_ = (call);                        \
    g_assert_no_error (error_);                   \
    g_assert_true (ok_);                          \
  } G_STMT_END
#define E (&error_)

static void edit_vcpus_current (VireoDomainConfig *c) { OK (vireo_domain_config_set_vcpus (c, 3, 4, E)); }
static void edit_vcpus_all (VireoDomainConfig *c) { OK (vireo_domain_config_set_vcpus (c, 4, 4, E)); }
static void edit_vcpus_max (VireoDomainConfig *c) { OK (vireo_domain_config_set_vcpus (c, 2, 8, E)); }
static void edit_memory_current (VireoDomainConfig *c) { OK (vireo_domain_config_set_memory (c, 1572864, 2097152, E)); }
static void edit_memory_max (VireoDomainConfig *c) { OK (vireo_domain_config_set_memory (c, 1048576, 4194304, E)); }
static void edit_memory_add_current (VireoDomainConfig *c) { OK (vireo_domain_config_set_memory (c, 262144, 524288, E)); }
static void edit_topology (VireoDomainConfig *c) { OK (vireo_domain_config_set_topology (c, 2, 0, 1, 2, E)); }
static void edit_topology_clear (VireoDomainConfig *c) { OK (vireo_domain_config_set_topology (c, 0, 0, 0, 0, E)); }
static void edit_cpu_host_model (VireoDomainConfig *c) { OK (vireo_domain_config_set_cpu (c, VIREO_CPU_MODE_HOST_MODEL, NULL, E)); }
static void edit_cpu_custom (VireoDomainConfig *c) { OK (vireo_domain_config_set_cpu (c, VIREO_CPU_MODE_CUSTOM, "EPYC", E)); }
static void edit_cpu_default (VireoDomainConfig *c) { OK (vireo_domain_config_set_cpu (c, VIREO_CPU_MODE_DEFAULT, NULL, E)); }

static void
edit_boot_order (VireoDomainConfig *c)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  g_ptr_array_add (order, device (c, "disk:sda"));
  g_ptr_array_add (order, device (c, "disk:vda"));
  OK (vireo_domain_config_set_boot_order (c, order, E));
}

static void
edit_boot_order_again (VireoDomainConfig *c)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  /* per-device orders already: the first disk joins before the second */
  g_ptr_array_add (order, device (c, "disk:vda"));
  g_ptr_array_add (order, device (c, "disk:sda"));
  OK (vireo_domain_config_set_boot_order (c, order, E));
}

static void
edit_boot_order_same (VireoDomainConfig *c)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  g_ptr_array_add (order, device (c, "interface:52:54:00:12:34:56"));
  OK (vireo_domain_config_set_boot_order (c, order, E));
}

static void edit_boot_menu (VireoDomainConfig *c) { vireo_domain_config_set_boot_menu (c, TRUE); }
static void edit_shared_memory (VireoDomainConfig *c) { vireo_domain_config_set_shared_memory (c, TRUE); }
static void edit_kernel_add (VireoDomainConfig *c) { vireo_domain_config_set_os_field (c, "kernel", "/boot/vmlinuz"); }
static void edit_cmdline (VireoDomainConfig *c) { vireo_domain_config_set_os_field (c, "cmdline", "console=ttyS0 quiet & <safe>"); }
static void edit_dtb_remove (VireoDomainConfig *c) { vireo_domain_config_set_os_field (c, "dtb", NULL); }
static void edit_disk_cache (VireoDomainConfig *c) { OK (vireo_device_set (device (c, "disk:vda"), "driver/@cache", "writeback", E)); }
static void edit_disk_serial (VireoDomainConfig *c) { OK (vireo_device_set (device (c, "disk:vda"), "serial", "SYS-0001", E)); }
static void edit_disk_not_readonly (VireoDomainConfig *c) { OK (vireo_device_set (device (c, "disk:sda"), "readonly", NULL, E)); }
static void edit_disk_discard_off (VireoDomainConfig *c) { OK (vireo_device_set (device (c, "disk:vda"), "driver/@discard", NULL, E)); }
static void edit_cdrom_media (VireoDomainConfig *c) { OK (vireo_device_set_disk_source (device (c, "disk:sda"), "/iso/other.iso", NULL, NULL, E)); }
static void edit_cdrom_eject (VireoDomainConfig *c) { OK (vireo_device_set_disk_source (device (c, "disk:sda"), NULL, NULL, NULL, E)); }
static void edit_cdrom_insert (VireoDomainConfig *c) { OK (vireo_device_set_disk_source (device (c, "disk:sdb"), "/iso/new.iso", NULL, NULL, E)); }
static void edit_disk_volume (VireoDomainConfig *c) { OK (vireo_device_set_disk_source (device (c, "disk:vda"), NULL, "default", "new.qcow2", E)); }
static void edit_disk_block (VireoDomainConfig *c) { OK (vireo_device_set_disk_source (device (c, "disk:vdb"), "/dev/vg0/other", NULL, NULL, E)); }
static void edit_disk_bus_sata (VireoDomainConfig *c) { OK (vireo_device_set_disk_bus (device (c, "disk:vda"), "sata", E)); }
static void edit_disk_bus_virtio (VireoDomainConfig *c) { OK (vireo_device_set_disk_bus (device (c, "disk:sda"), "virtio", E)); }
static void edit_disk_bus_scsi (VireoDomainConfig *c) { OK (vireo_device_set_disk_bus (device (c, "disk:hda"), "scsi", E)); }
static void edit_cdrom_bus_sata (VireoDomainConfig *c) { OK (vireo_device_set_disk_bus (device (c, "disk:hdc"), "sata", E)); }
static void edit_nic_bridge (VireoDomainConfig *c) { OK (vireo_device_set_nic_source (device (c, "interface:52:54:00:12:34:56"), "bridge", "br1", E)); }
static void edit_nic_network (VireoDomainConfig *c) { OK (vireo_device_set_nic_source (device (c, "interface:52:54:00:12:34:56"), "network", "isolated", E)); }
static void edit_nic_user (VireoDomainConfig *c) { OK (vireo_device_set_nic_source (device (c, "interface:52:54:00:00:00:02"), "user", NULL, E)); }
static void edit_nic_mac (VireoDomainConfig *c) { OK (vireo_device_set_mac (device (c, "interface:52:54:00:12:34:56"), "52:54:00:AB:CD:EF", E)); }
static void edit_nic_model (VireoDomainConfig *c) { OK (vireo_device_set (device (c, "interface:52:54:00:12:34:56"), "model/@type", "e1000e", E)); }
static void edit_nic_link_down (VireoDomainConfig *c) { OK (vireo_device_set (device (c, "interface:52:54:00:12:34:56"), "link/@state", "down", E)); }
static void edit_vnc_password (VireoDomainConfig *c) { OK (vireo_device_set (device (c, "graphics:vnc"), "@passwd", "n3w", E)); }
static void edit_video_vram (VireoDomainConfig *c) { OK (vireo_device_set (device (c, "video:0"), "model/@vram", "32768", E)); }
static void edit_spice_gl (VireoDomainConfig *c) { OK (vireo_device_set (device (c, "graphics:spice"), "gl/@enable", "yes", E)); }
static void edit_watchdog (VireoDomainConfig *c) { OK (vireo_device_set (device (c, "watchdog:0"), "@action", "poweroff", E)); }

static void
edit_add_disk (VireoDomainConfig *c)
{
  g_autoptr(GError) error = NULL;
  VireoDevice *added = vireo_domain_config_add_device (c,
                                                       "<disk type='file' device='disk'>\n"
                                                       "  <source file='/images/extra.img'/>\n"
                                                       "  <target dev='vdb' bus='virtio'/>\n"
                                                       "</disk>\n",
                                                       &error);

  g_assert_no_error (error);
  g_assert_cmpstr (vireo_device_get_id (added), ==, "disk:vdb");
}

static void
edit_add_nic (VireoDomainConfig *c)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (vireo_domain_config_add_device (c,
                                                    "<interface type='network'><mac address='52:54:00:12:34:57'/>"
                                                    "<source network='default'/><model type='virtio'/></interface>",
                                                    &error));
  g_assert_no_error (error);
}

static void
edit_add_video (VireoDomainConfig *c)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (vireo_domain_config_add_device (c, "<video><model type='vga'/></video>", &error));
  g_assert_no_error (error);
}

static void edit_remove_nic (VireoDomainConfig *c) { vireo_domain_config_remove_device (c, device (c, "interface:52:54:00:00:01:01")); }
static void edit_remove_disk (VireoDomainConfig *c) { vireo_domain_config_remove_device (c, device (c, "disk:vda")); }

static void
edit_video_xml (VireoDomainConfig *c)
{
  VireoDevice *video = device (c, "video:0");
  g_autofree char *xml = vireo_device_to_xml (video);
  g_autofree char *changed = NULL;
  g_autoptr(GError) error = NULL;
  char *at = strstr (xml, "16384");

  g_assert_nonnull (at);
  memcpy (at, "65536", 5);
  changed = g_strdup (xml);
  vireo_device_set_from_xml (video, changed, &error);
  g_assert_no_error (error);
}

static void edit_metadata_vm_disk (VireoDomainConfig *c) { OK (vireo_device_set (device (c, "disk:vda"), "driver/@io", "threads", E)); }
static void edit_odd_order_memory (VireoDomainConfig *c) { OK (vireo_domain_config_set_memory (c, 524288, 2097152, E)); }

#define BOTH (VIREO_CHANGE_PERSISTENT | VIREO_CHANGE_LIVE)
#define PERS VIREO_CHANGE_PERSISTENT

static const EditCase edit_cases[] = {
  { "vcpus-current", "01-minimal.xml", edit_vcpus_current, 1, 1, BOTH },
  { "vcpus-all", "01-minimal.xml", edit_vcpus_all, 1, 1, BOTH },
  { "vcpus-max", "01-minimal.xml", edit_vcpus_max, 1, 1, PERS },
  { "memory-current", "01-minimal.xml", edit_memory_current, 1, 1, BOTH },
  { "memory-max", "01-minimal.xml", edit_memory_max, 1, 1, PERS },
  { "memory-xen", "65-xen-pv.xml", edit_memory_add_current, 1, 1, BOTH },
  { "topology", "01-minimal.xml", edit_topology, 1, 3, PERS },
  { "topology-clear", "63-cpu-custom.xml", edit_topology_clear, 1, 0, PERS },
  { "cpu-host-model", "01-minimal.xml", edit_cpu_host_model, 1, 1, PERS },
  { "cpu-custom", "01-minimal.xml", edit_cpu_custom, 1, 3, PERS },
  { "cpu-default", "63-cpu-custom.xml", edit_cpu_default, 5, 1, PERS },
  { "boot-order", "64-boot-multi.xml", edit_boot_order, 3, 2, PERS },
  { "boot-order-again", "02-disk-file.xml", edit_boot_order_again, 0, 1, PERS },
  { "boot-order-same", "12-interface-network.xml", edit_boot_order_same, 0, 0, 0 },
  { "boot-menu", "01-minimal.xml", edit_boot_menu, 0, 1, PERS },
  { "shared-memory", "01-minimal.xml", edit_shared_memory, 0, 4, PERS },
  { "shared-memory-kept", "41-filesystem-virtiofs.xml", edit_shared_memory, 0, 0, 0 },
  { "kernel-add", "01-minimal.xml", edit_kernel_add, 0, 1, PERS },
  { "cmdline", "62-kernel-boot.xml", edit_cmdline, 1, 1, PERS },
  { "dtb-remove", "62-kernel-boot.xml", edit_dtb_remove, 1, 0, PERS },
  { "disk-cache", "02-disk-file.xml", edit_disk_cache, 1, 1, PERS },
  { "disk-serial", "02-disk-file.xml", edit_disk_serial, 0, 1, PERS },
  { "disk-not-readonly", "02-disk-file.xml", edit_disk_not_readonly, 1, 0, PERS },
  { "disk-discard-off", "02-disk-file.xml", edit_disk_discard_off, 1, 1, PERS },
  { "cdrom-media", "09-cdrom.xml", edit_cdrom_media, 1, 1, BOTH },
  { "cdrom-eject", "09-cdrom.xml", edit_cdrom_eject, 1, 0, BOTH },
  { "cdrom-insert", "09-cdrom.xml", edit_cdrom_insert, 0, 1, BOTH },
  { "disk-volume", "02-disk-file.xml", edit_disk_volume, 2, 2, PERS },
  { "disk-block", "03-disk-block.xml", edit_disk_block, 1, 1, PERS },
  { "disk-bus-sata", "02-disk-file.xml", edit_disk_bus_sata, 2, 1, PERS },
  { "disk-bus-virtio", "02-disk-file.xml", edit_disk_bus_virtio, 1, 1, PERS },
  { "disk-bus-scsi", "67-disk-ide.xml", edit_disk_bus_scsi, 2, 1, PERS },
  { "cdrom-bus-sata", "67-disk-ide.xml", edit_cdrom_bus_sata, 2, 1, PERS },
  { "nic-bridge", "12-interface-network.xml", edit_nic_bridge, 2, 2, PERS },
  { "nic-network", "12-interface-network.xml", edit_nic_network, 1, 1, PERS },
  { "nic-user", "13-interface-bridge.xml", edit_nic_user, 2, 1, PERS },
  { "nic-mac", "12-interface-network.xml", edit_nic_mac, 1, 1, PERS },
  { "nic-model", "12-interface-network.xml", edit_nic_model, 1, 1, PERS },
  { "nic-link-down", "12-interface-network.xml", edit_nic_link_down, 1, 1, BOTH },
  { "vnc-password", "22-graphics-vnc.xml", edit_vnc_password, 1, 1, BOTH },
  { "video-vram", "22-graphics-vnc.xml", edit_video_vram, 1, 1, PERS },
  { "spice-gl", "23-graphics-spice.xml", edit_spice_gl, 1, 1, PERS },
  { "watchdog-action", "39-watchdog.xml", edit_watchdog, 1, 1, PERS },
  { "add-disk", "01-minimal.xml", edit_add_disk, 0, 4, BOTH },
  { "add-nic", "12-interface-network.xml", edit_add_nic, 0, 1, BOTH },
  { "add-video", "22-graphics-vnc.xml", edit_add_video, 0, 1, PERS },
  { "remove-nic", "58-comments.xml", edit_remove_nic, 6, 0, BOTH },
  { "remove-disk", "58-comments.xml", edit_remove_disk, 7, 0, BOTH },
  { "video-xml", "22-graphics-vnc.xml", edit_video_xml, 1, 1, PERS },
  { "metadata-kept", "57-metadata.xml", edit_metadata_vm_disk, 1, 1, PERS },
  { "odd-order-memory", "59-odd-order.xml", edit_odd_order_memory, 1, 1, BOTH },
};

static void
test_edit (gconstpointer data)
{
  const EditCase *edit = data;
  g_autofree char *input = read_corpus (edit->input);
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_new_from_xml (input, &error);
  g_autofree char *golden_name = g_strdup_printf ("%s.xml", edit->name);
  g_autofree char *golden_path = source_path ("tests", "core", "golden", "domain-config", golden_name, NULL);
  g_autofree char *output = NULL;
  g_autofree char *golden = NULL;
  g_autofree char *canon_input = NULL;
  g_autofree char *canon_output = NULL;
  g_autofree char *canon_golden = NULL;
  guint removed, added;

  g_assert_no_error (error);
  edit->edit (config);
  output = vireo_domain_config_to_xml (config);
  g_assert_cmpint (vireo_domain_config_get_change_scope (config), ==, edit->scope);
  g_assert_true (vireo_domain_config_has_changes (config) == (edit->scope != 0));

  if (g_getenv ("VIREO_UPDATE_GOLDEN") != NULL)
    {
      g_file_set_contents (golden_path, output, -1, &error);
      g_assert_no_error (error);
    }
  g_file_get_contents (golden_path, &golden, NULL, &error);
  g_assert_no_error (error);

  canon_input = canon (input);
  canon_output = canon (output);
  canon_golden = canon (golden);
  g_assert_cmpstr (canon_output, ==, canon_golden);
  line_diff (canon_input, canon_output, &removed, &added);
  if (removed != edit->removed || added != edit->added)
    g_error ("%s: %u lines removed and %u added, not %u and %u:\n%s", edit->name, removed, added,
             edit->removed, edit->added, output);

  /* the result is still a domain libvirt's schema takes */
  {
    g_autofree char *tmp = NULL;
    int fd = g_file_open_tmp ("vireo-config-XXXXXX.xml", &tmp, &error);
    const char *argv[] = { "virt-xml-validate", tmp, "domain", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = 0;

    g_assert_no_error (error);
    close (fd);
    g_file_set_contents (tmp, output, -1, &error);
    g_assert_no_error (error);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                  &error);
    g_unlink (tmp);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("%s: the result does not validate:\n%s%s\n%s", edit->name, out, err, output);
  }
}

/* an element and attributes Vireo does not know survive an edit next to them */
static void
test_unknown_kept (void)
{
  static const char *xml =
    "<domain type='kvm' xmlns:x='urn:x'>\n"
    "  <name>u</name>\n"
    "  <memory>1024</memory>\n"
    "  <future-element mode='a'><inner/></future-element>\n"
    "  <devices>\n"
    "    <disk type='file' device='disk' x:flag='1'>\n"
    "      <source file='/a.img' future='yes'/>\n"
    "      <target dev='vda' bus='virtio'/>\n"
    "      <unknown-child/>\n"
    "    </disk>\n"
    "    <future-device kind='z'/>\n"
    "  </devices>\n"
    "</domain>\n";
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, NULL);
  g_autoptr(GPtrArray) devices = vireo_domain_config_get_devices (config);
  VireoDevice *other = g_ptr_array_index (devices, 1);
  g_autofree char *title = vireo_device_dup_title (other);
  g_autofree char *out = NULL;
  g_autofree char *a = NULL, *b = NULL;
  guint removed, added;

  g_assert_cmpuint (devices->len, ==, 2);
  g_assert_cmpint (vireo_device_get_kind (other), ==, VIREO_DEVICE_KIND_OTHER);
  g_assert_cmpstr (title, ==, "Device <future-device>");
  OK (vireo_device_set_disk_source (device (config, "disk:vda"), "/b.img", NULL, NULL, E));
  out = vireo_domain_config_to_xml (config);
  a = canon (xml);
  b = canon (out);
  line_diff (a, b, &removed, &added);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (added, ==, 1);
  g_assert_nonnull (strstr (out, "<source file=\"/b.img\" future=\"yes\"/>"));
}

/* shared memory keeps the memory backing a VM has (huge pages, a file) and
 * adds only what is missing; NUMA cells all shared already are shared */
static void
test_shared_memory_kept (void)
{
  static const char *xml =
    "<domain type='kvm'>\n"
    "  <name>s</name>\n"
    "  <memory>1048576</memory>\n"
    "  <memoryBacking>\n"
    "    <hugepages/>\n"
    "    <source type='file'/>\n"
    "    <access mode='private'/>\n"
    "  </memoryBacking>\n"
    "  <devices/>\n"
    "</domain>\n";
  static const char *numa =
    "<domain type='kvm'>\n"
    "  <name>n</name>\n"
    "  <memory>1048576</memory>\n"
    "  <cpu>\n"
    "    <numa>\n"
    "      <cell id='0' cpus='0' memory='524288' memAccess='shared'/>\n"
    "      <cell id='1' cpus='1' memory='524288' memAccess='shared'/>\n"
    "    </numa>\n"
    "  </cpu>\n"
    "  <devices/>\n"
    "</domain>\n";
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, NULL);
  g_autoptr(VireoDomainConfig) cells = vireo_domain_config_new_from_xml (numa, NULL);
  g_autofree char *out = NULL;
  g_autofree char *a = NULL, *b = NULL;
  guint removed, added;

  g_assert_false (vireo_domain_config_get_shared_memory (config));
  vireo_domain_config_set_shared_memory (config, TRUE);
  g_assert_true (vireo_domain_config_get_shared_memory (config));
  g_assert_cmpint (vireo_domain_config_get_change_scope (config), ==, VIREO_CHANGE_PERSISTENT);
  out = vireo_domain_config_to_xml (config);
  a = canon (xml);
  b = canon (out);
  line_diff (a, b, &removed, &added);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (added, ==, 1);
  g_assert_nonnull (strstr (out, "    <hugepages/>\n    <source type=\"file\"/>\n"
                                 "    <access mode=\"shared\"/>\n"));

  g_assert_true (vireo_domain_config_get_shared_memory (cells));
  vireo_domain_config_set_shared_memory (cells, TRUE);
  g_assert_false (vireo_domain_config_has_changes (cells));
}

/* a memory balloon is a <memballoon> whose model is not "none" (with no
 * model, libvirt's default); the first of several that counts is enough */
static void
test_has_balloon (void)
{
  static const struct
  {
    const char *devices;
    gboolean    balloon;
  } cases[] = {
    { "", FALSE },
    { "<memballoon model='none'/>", FALSE },
    { "<memballoon model='virtio'/>", TRUE },
    { "<memballoon model='virtio-non-transitional'><stats period='5'/></memballoon>", TRUE },
    { "<memballoon/>", TRUE },
    { "<memballoon model='none'/><memballoon model='virtio'/>", TRUE },
    { "<disk type='file' device='disk'><target dev='vda'/></disk>", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf ("<domain type='kvm'><name>b</name>"
                                              "<memory>1048576</memory>"
                                              "<devices>%s</devices></domain>",
                                              cases[i].devices);
      g_autoptr (GError) error = NULL;
      g_autoptr (VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, &error);

      g_assert_no_error (error);
      g_test_message ("devices: %s", cases[i].devices);
      g_assert_cmpint (vireo_domain_config_has_balloon (config), ==, cases[i].balloon);
    }
}

/* -- bad input ------------------------------------------------------------------------ */

/* a disk's bus: unknown names refused (nothing changes), the same bus is no
 * change, and the device's id and title follow the new target */
static void
test_disk_bus (void)
{
  g_autofree char *xml = read_corpus ("02-disk-file.xml");
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, NULL);
  VireoDevice *disk = device (config, "disk:vda");
  g_autofree char *before = vireo_domain_config_to_xml (config);
  g_autofree char *after = NULL;
  g_autofree char *title = NULL;
  const char *bad[] = { "pci", "", "VIRTIO", "sata ", "virtio'/><x a='" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (vireo_device_set_disk_bus (disk, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "is not a bus a disk can be on"));
    }
  g_assert_true (vireo_device_set_disk_bus (disk, "virtio", NULL));
  after = vireo_domain_config_to_xml (config);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (vireo_domain_config_has_changes (config));

  /* sda is taken by the other disk: the next free name on the bus */
  g_assert_true (vireo_device_set_disk_bus (disk, "scsi", NULL));
  g_assert_cmpstr (vireo_device_get_id (disk), ==, "disk:sdb");
  g_assert_true (vireo_domain_config_find_device (config, "disk:sdb") == disk);
  g_assert_null (vireo_domain_config_find_device (config, "disk:vda"));
  title = vireo_device_dup_title (disk);
  g_assert_cmpstr (title, ==, "SCSI Disk 2");
  g_assert_cmpint (vireo_domain_config_get_change_scope (config), ==, VIREO_CHANGE_PERSISTENT);
  /* and back: vda is free again */
  g_assert_true (vireo_device_set_disk_bus (disk, "virtio", NULL));
  g_assert_cmpstr (vireo_device_get_id (disk), ==, "disk:vda");
}

static void
test_bad_mac (void)
{
  static const struct { const char *mac, *says; } bad[] = {
    { "52:54:00:12:34", "is not a MAC address" },
    { "52:54:00:12:34:5g", "is not a MAC address" },
    { "52-54-00-12-34-56", "is not a MAC address" },
    { "", "is not a MAC address" },
    { "01:00:5e:00:00:01", "multicast" },
    { "00:00:00:00:00:00", "all zeros" },
    { "52:54:00:12:34:56:78", "is not a MAC address" },
  };
  g_autofree char *xml = read_corpus ("12-interface-network.xml");
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, NULL);
  VireoDevice *nic = device (config, "interface:52:54:00:12:34:56");
  g_autofree char *before = vireo_domain_config_to_xml (config);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (vireo_device_set_mac (nic, bad[i].mac, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("“%s”: %s", bad[i].mac, error->message);
    }
  g_assert_true (vireo_mac_address_is_valid ("52:54:00:AB:cd:01", NULL));
  after = vireo_domain_config_to_xml (config);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (vireo_domain_config_has_changes (config));
}

static void
test_bad_numbers (void)
{
  g_autofree char *xml = read_corpus ("01-minimal.xml");
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, NULL);
  g_autofree char *before = vireo_domain_config_to_xml (config);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (vireo_domain_config_set_memory (config, 4194304, 2097152, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "The current memory, 4.0\u00a0GiB, is more than the maximum, 2.0\u00a0GiB: raise the maximum first.");
  g_clear_error (&error);
  g_assert_false (vireo_domain_config_set_vcpus (config, 5, 4, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "5 vCPUs is more than the maximum of 4: raise the maximum first.");
  g_clear_error (&error);
  g_assert_false (vireo_domain_config_set_vcpus (config, 0, 4, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (vireo_domain_config_set_topology (config, 3, 0, 1, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (vireo_domain_config_set_cpu (config, VIREO_CPU_MODE_CUSTOM, "<evil>", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (vireo_domain_config_add_device (config, "<name>x</name>", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (vireo_domain_config_add_device (config, "<disk", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  after = vireo_domain_config_to_xml (config);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (vireo_domain_config_has_changes (config));
}

static void
assert_refused (const char *xml,
                const char *says)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, &error);

  g_assert_null (config);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_true (g_str_has_prefix (error->message, "The virtual machine’s XML cannot be read: "));
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” not in: %s", says, error->message);
}

static void
test_hostile (void)
{
  g_autoptr(GString) deep = g_string_new ("<domain><metadata>");
  g_autofree char *huge = NULL;
  gsize size = 33 * 1024 * 1024;

  assert_refused ("<!DOCTYPE domain [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]>"
                  "<domain><name>&b;</name></domain>",
                  "document type declaration");
  assert_refused ("<?xml version='1.0'?><!DOCTYPE domain SYSTEM 'file:///etc/passwd'><domain/>",
                  "document type declaration");
  for (guint i = 0; i < 300; i++)
    g_string_append (deep, "<x>");
  for (guint i = 0; i < 300; i++)
    g_string_append (deep, "</x>");
  g_string_append (deep, "</metadata></domain>");
  assert_refused (deep->str, "nested deeper");

  huge = g_malloc (size + 1);
  memset (huge, ' ', size);
  memcpy (huge, "<domain>", 8);
  memcpy (huge + size - 9, "</domain>", 9);
  huge[size] = '\0';
  assert_refused (huge, "larger than");

  assert_refused ("<network><name>n</name></network>", "not <domain>");
  assert_refused ("<domain><name>unclosed</domain>", "Line 1");
  assert_refused ("", "empty");
}

/* values a remote libvirtd or a file may hold: nothing crashes, every
 * title stays short and the document comes back as it was */
static void
test_hostile_values (void)
{
  g_autoptr(GString) xml = g_string_new ("<domain type='kvm'>\n  <name>h</name>\n"
                                         "  <memory unit='bogus'>-1</memory>\n"
                                         "  <currentMemory unit='TiB'>99999999999999999999</currentMemory>\n"
                                         "  <vcpu current='0'>abc</vcpu>\n"
                                         "  <os><type>hvm</type><boot dev='nonsense'/></os>\n"
                                         "  <cpu><topology sockets='-2' cores='x' threads='99999999999'/></cpu>\n"
                                         "  <devices>\n");
  g_autofree char *long_name = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autofree char *out = NULL;
  g_autofree char *a = NULL, *b = NULL;
  guint sockets, dies, cores, threads;

  long_name = g_strnfill (5000, 'x');
  g_string_append_printf (xml, "    <channel type='pty'><target type='virtio' name='%s\u202e'/></channel>\n", long_name);
  g_string_append (xml, "    <channel type='pty'><target type='virtio' name='ab\u202ecd'/></channel>\n"
                        "    <serial type='pty'><target port='-7'/></serial>\n"
                        "    <disk device='disk'><target dev='vd' bus='b&#x202e;'/><boot order='x'/></disk>\n"
                        "    <disk device='cdrom'><target dev='sdzzzzzzzzz'/><boot order='18446744073709551615'/></disk>\n"
                        "    <hostdev mode='subsystem' type='pci'><source><address bus='0xffffffffff' slot='-1'/></source></hostdev>\n"
                        "    <hostdev mode='subsystem' type='usb'><source><vendor id='zz'/><product id='0x10000'/></source></hostdev>\n"
                        "    <interface type='user'><mac address='not a mac'/></interface>\n"
                        "    <interface type='user'><mac address='not a mac'/></interface>\n"
                        "    <controller type='usb' index='-1'/>\n"
                        "    <x:thing xmlns:x='urn:x'/>\n"
                        "    <unknownthing/>\n"
                        "  </devices>\n</domain>\n");
  config = vireo_domain_config_new_from_xml (xml->str, NULL);
  g_assert_nonnull (config);
  g_assert_cmpuint (vireo_domain_config_get_max_vcpus (config), ==, 1);
  g_assert_cmpuint (vireo_domain_config_get_vcpus (config), ==, 1);
  g_assert_cmpuint (vireo_domain_config_get_max_memory (config), ==, 0);
  vireo_domain_config_get_topology (config, &sockets, &dies, &cores, &threads);
  g_assert_cmpuint (sockets + dies + cores + threads, ==, 0);
  order = vireo_domain_config_get_boot_order (config);
  devices = vireo_domain_config_get_devices (config);
  g_assert_cmpuint (devices->len, ==, 11);
  for (guint i = 0; i < devices->len; i++)
    {
      VireoDevice *device_ = g_ptr_array_index (devices, i);
      g_autofree char *title = vireo_device_dup_title (device_);

      g_assert_true (g_utf8_validate (title, -1, NULL));
      g_assert_null (g_utf8_strchr (title, -1, 0x202e));
      g_assert_cmpuint (g_utf8_strlen (title, -1), <=, 64);
      g_assert_cmpuint (strlen (vireo_device_get_id (device_)), <=, 200);
    }
  out = vireo_domain_config_to_xml (config);
  a = canon (xml->str);
  b = canon (out);
  g_assert_cmpstr (a, ==, b);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain-config/corpus/valid", test_corpus_valid);
  g_test_add_func ("/domain-config/corpus/round-trip", test_corpus_round_trip);
  g_test_add_func ("/domain-config/hardware-list", test_hardware_list);
  g_test_add_func ("/domain-config/read-side", test_read_side);
  g_test_add_func ("/domain-config/units-and-ids", test_units_and_ids);
  for (guint i = 0; i < G_N_ELEMENTS (edit_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/domain-config/edit/%s", edit_cases[i].name);

      g_test_add_data_func (path, &edit_cases[i], test_edit);
    }
  g_test_add_func ("/domain-config/unknown-kept", test_unknown_kept);
  g_test_add_func ("/domain-config/shared-memory-backing", test_shared_memory_kept);
  g_test_add_func ("/domain-config/has-balloon", test_has_balloon);
  g_test_add_func ("/domain-config/disk-bus", test_disk_bus);
  g_test_add_func ("/domain-config/bad/mac", test_bad_mac);
  g_test_add_func ("/domain-config/bad/numbers", test_bad_numbers);
  g_test_add_func ("/domain-config/bad/hostile", test_hostile);
  g_test_add_func ("/domain-config/bad/hostile-values", test_hostile_values);

  return g_test_run ();
}
