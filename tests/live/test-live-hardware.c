/* test-live-hardware.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hardware editors' core on a running guest of the real qemu:///system
 * (KVM or TCG; SeaBIOS with nothing to boot: no guest OS cooperates), each
 * change made through vireo_domain_apply_config_async and checked in what
 * QEMU itself reports (virsh qemu-monitor-command: query-block, query-pci,
 * query-cpus-fast) and in the definition libvirt saved:
 *   - a CD-ROM's medium changed while it runs;
 *   - a NIC's link set down and up;
 *   - vCPUs and memory changed within the maximum;
 *   - a SCSI disk hot-added, then hot-removed (a SCSI bus needs no guest);
 *   - a NIC hot-added; removing it again needs the guest, which has no OS
 *     to let it go: after the bounded wait the error says so, and the CD-ROM
 *     change made before it in the same apply is undone (the VM unchanged).
 * Run by tests/live/harness.sh.
 */
#define G_LOG_DOMAIN "vireo-test-live"

#include "config.h"

#include <fcntl.h>

#include "live-domain-util.h"
#include "vireo-domain-config-private.h"

#define URI      "qemu:///system"
#define NIC_MAC  "52:54:00:ee:00:01"
#define NIC2_MAC "52:54:00:ee:00:02"

static virConnectPtr raw;
static char *vm_name;
static char *dir;
static char *iso1, *iso2, *extra;
static VireoConnection *conn;
static VireoDomain *domain;

static void
cleanup_at_exit (void)
{
  live_remove_guest (raw, vm_name);
  if (raw != NULL)
    virConnectClose (raw);
  raw = NULL;
  if (dir != NULL)
    {
      g_unlink (iso1);
      g_unlink (iso2);
      g_unlink (extra);
      g_rmdir (dir);
    }
}

static char *
make_file (const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *zeros = g_malloc0 (1024 * 1024);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, zeros, 1024 * 1024, &error);
  g_assert_no_error (error);
  g_chmod (path, 0644);
  return path;
}

/* shared with the other live tests: live-domain-util.h */
static char *
monitor (const char *command)
{
  return live_monitor (URI, vm_name, command);
}

static VireoDomainConfig *
raw_config (gboolean live)
{
  return live_domain_config (raw, vm_name, live);
}

static VireoDomainConfig *
edit (void)
{
  return live_edit_config (domain);
}

static VireoChangeScope
apply (VireoDomainConfig *edited,
       GError           **error)
{
  return live_apply_config (domain, edited, error);
}

static void
apply_live (VireoDomainConfig *edited)
{
  g_autoptr(GError) error = NULL;
  VireoChangeScope scope;

  g_assert_cmpint (vireo_domain_config_get_change_scope (edited), ==,
                   VIREO_CHANGE_PERSISTENT | VIREO_CHANGE_LIVE);
  scope = apply (edited, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scope, ==, VIREO_CHANGE_PERSISTENT | VIREO_CHANGE_LIVE);
  g_assert_false (vireo_domain_get_has_pending_changes (domain));
}

static VireoDevice *
find (VireoDomainConfig *config,
      const char        *id)
{
  VireoDevice *device = vireo_domain_config_find_device (config, id);

  if (device == NULL)
    g_error ("no device %s", id);
  return device;
}

/* -- the steps, in order --------------------------------------------------------- */

static void
test_start (void)
{
  g_autoptr(GError) error = NULL;

  conn = live_connection_open (URI, 60000);
  domain = live_find_domain (conn, vm_name);
  g_assert_nonnull (domain);
  g_object_ref (domain);
  live_action (domain, VIREO_DOMAIN_ACTION_RUN, &error);
  g_assert_no_error (error);
}

static void
test_cdrom_media (void)
{
  g_autoptr(VireoDomainConfig) edited = edit ();
  g_autoptr(VireoDomainConfig) saved = NULL;
  g_autofree char *before = monitor ("{\"execute\":\"query-block\"}");
  g_autofree char *after = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (strstr (before, iso1));
  g_assert_true (vireo_device_set_disk_source (find (edited, "disk:hdc"), iso2, NULL, NULL, &error));
  apply_live (edited);
  after = monitor ("{\"execute\":\"query-block\"}");
  g_assert_null (strstr (after, iso1));
  g_assert_nonnull (strstr (after, iso2));
  saved = raw_config (FALSE);
  source = vireo_device_dup_disk_source (find (saved, "disk:hdc"));
  g_assert_cmpstr (source, ==, iso2);
}

static void
set_link (const char *state)
{
  g_autoptr(VireoDomainConfig) edited = edit ();
  g_autoptr(VireoDomainConfig) live = NULL;
  g_autoptr(VireoDomainConfig) saved = NULL;
  g_autofree char *live_state = NULL;
  g_autofree char *saved_state = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vireo_device_set (find (edited, "interface:" NIC_MAC), "link/@state", state, &error));
  apply_live (edited);
  live = raw_config (TRUE);
  saved = raw_config (FALSE);
  live_state = vireo_device_get (find (live, "interface:" NIC_MAC), "link/@state");
  saved_state = vireo_device_get (find (saved, "interface:" NIC_MAC), "link/@state");
  g_assert_cmpstr (live_state ?: "up", ==, state);
  g_assert_cmpstr (saved_state, ==, state);
}

static void
test_link_state (void)
{
  set_link ("down");
  set_link ("up");
}

static void
test_vcpus_memory (void)
{
  g_autoptr(VireoDomainConfig) edited = edit ();
  g_autoptr(VireoDomainConfig) saved = NULL;
  g_autofree char *cpus = NULL;
  g_autoptr(GError) error = NULL;

  cpus = monitor ("{\"execute\":\"query-cpus-fast\"}");
  g_assert_cmpuint (live_count (cpus, "\"cpu-index\""), ==, 1);
  g_assert_true (vireo_domain_config_set_vcpus (edited, 2, 2, &error));
  g_assert_true (vireo_domain_config_set_memory (edited, 196608, 262144, &error));
  apply_live (edited);
  g_free (cpus);
  cpus = monitor ("{\"execute\":\"query-cpus-fast\"}");
  g_assert_cmpuint (live_count (cpus, "\"cpu-index\""), ==, 2);
  saved = raw_config (FALSE);
  g_assert_cmpuint (vireo_domain_config_get_vcpus (saved), ==, 2);
  g_assert_cmpuint (vireo_domain_config_get_memory (saved), ==, 196608);
}

static void
test_disk_hotplug (void)
{
  g_autoptr(VireoDomainConfig) edited = edit ();
  g_autoptr(VireoDomainConfig) again = NULL;
  g_autoptr(VireoDomainConfig) saved = NULL;
  g_autofree char *xml = g_markup_printf_escaped ("<disk type='file' device='disk'>\n"
                                                  "  <driver name='qemu' type='raw'/>\n"
                                                  "  <source file='%s'/>\n"
                                                  "  <target dev='sdb' bus='scsi'/>\n"
                                                  "</disk>", extra);
  g_autofree char *blocks = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (vireo_domain_config_add_device (edited, xml, &error));
  g_assert_no_error (error);
  apply_live (edited);
  blocks = monitor ("{\"execute\":\"query-block\"}");
  g_assert_nonnull (strstr (blocks, extra));
  saved = raw_config (FALSE);
  g_assert_nonnull (vireo_domain_config_find_device (saved, "disk:sdb"));
  g_clear_object (&saved);

  again = edit ();
  vireo_domain_config_remove_device (again, find (again, "disk:sdb"));
  apply_live (again);
  g_free (blocks);
  blocks = monitor ("{\"execute\":\"query-block\"}");
  g_assert_null (strstr (blocks, extra));
  saved = raw_config (FALSE);
  g_assert_null (vireo_domain_config_find_device (saved, "disk:sdb"));
}

static void
test_nic_hotplug_and_refused_unplug (void)
{
  g_autoptr(VireoDomainConfig) edited = edit ();
  g_autoptr(VireoDomainConfig) again = NULL;
  g_autoptr(VireoDomainConfig) saved = NULL;
  g_autofree char *before = monitor ("{\"execute\":\"query-pci\"}");
  g_autofree char *after = NULL;
  g_autofree char *after_failure = NULL;
  g_autofree char *blocks = NULL;
  g_autofree char *saved_before = NULL;
  g_autofree char *saved_after = NULL;
  guint nics = live_count (before, "Ethernet controller");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (vireo_domain_config_add_device (edited,
                                                    "<interface type='user'>\n"
                                                    "  <mac address='" NIC2_MAC "'/>\n"
                                                    "  <model type='virtio'/>\n"
                                                    "</interface>", &error));
  g_assert_no_error (error);
  apply_live (edited);
  after = monitor ("{\"execute\":\"query-pci\"}");
  g_assert_cmpuint (live_count (after, "Ethernet controller"), ==, nics + 1);

  /* the medium back to the first ISO, then the NIC out: the guest has no
   * OS to release it, so the apply fails and the medium stays */
  again = edit ();
  g_assert_true (vireo_device_set_disk_source (find (again, "disk:hdc"), iso1, NULL, NULL, &error));
  vireo_domain_config_remove_device (again, find (again, "interface:" NIC2_MAC));
  saved = raw_config (FALSE);
  saved_before = vireo_domain_config_to_xml (saved);
  g_clear_object (&saved);
  _vireo_domain_edit_set_detach_timeout (3000);
  apply (again, &error);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "the guest did not release NIC :ee:00:02 within 3 seconds"));

  after_failure = monitor ("{\"execute\":\"query-pci\"}");
  g_assert_cmpuint (live_count (after_failure, "Ethernet controller"), ==, nics + 1);
  blocks = monitor ("{\"execute\":\"query-block\"}");
  g_assert_nonnull (strstr (blocks, iso2));
  g_assert_null (strstr (blocks, iso1));
  saved = raw_config (FALSE);
  saved_after = vireo_domain_config_to_xml (saved);
  g_assert_cmpstr (saved_before, ==, saved_after);
  g_assert_false (vireo_domain_get_has_pending_changes (domain));
}

static void
define_guest (void)
{
  g_autofree char *xml = g_markup_printf_escaped (
    "<domain type='%s'>\n"
    "  <name>%s</name>\n"
    "  <memory unit='KiB'>262144</memory>\n"
    "  <currentMemory unit='KiB'>262144</currentMemory>\n"
    "  <vcpu current='1'>2</vcpu>\n"
    "  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>\n"
    "  <features><acpi/></features>\n"
    "  <on_poweroff>destroy</on_poweroff>\n"
    "  <devices>\n"
    "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
    "    <controller type='scsi' index='0' model='virtio-scsi'/>\n"
    "    <disk type='file' device='cdrom'>\n"
    "      <source file='%s'/>\n"
    "      <target dev='hdc' bus='ide'/>\n"
    "      <readonly/>\n"
    "    </disk>\n"
    "    <interface type='user'>\n"
    "      <mac address='" NIC_MAC "'/>\n"
    "      <model type='virtio'/>\n"
    "    </interface>\n"
    "    <serial type='pty'/>\n"
    "    <memballoon model='virtio'/>\n"
    "  </devices>\n"
    "</domain>\n", live_domain_type (), vm_name, iso1);
  virDomainPtr dom = virDomainDefineXML (raw, xml);

  if (dom == NULL)
    g_error ("could not define %s: %s", vm_name, virGetLastErrorMessage ());
  virDomainFree (dom);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int rc;

  live_test_init (&argc, &argv);
  vireo_core_init ();

  raw = live_connect_or_skip (URI);
  vm_name = g_strdup_printf ("vireo-live-%d", (int) getpid ());
  dir = g_dir_make_tmp ("vireo-live-hw-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (dir, 0755);
  iso1 = make_file ("one.iso");
  iso2 = make_file ("two.iso");
  extra = make_file ("extra.img");
  atexit (cleanup_at_exit);
  define_guest ();

  g_test_add_func ("/live/hardware/start", test_start);
  g_test_add_func ("/live/hardware/cdrom-media", test_cdrom_media);
  g_test_add_func ("/live/hardware/link-state", test_link_state);
  g_test_add_func ("/live/hardware/vcpus-memory", test_vcpus_memory);
  g_test_add_func ("/live/hardware/disk-hotplug", test_disk_hotplug);
  g_test_add_func ("/live/hardware/nic-hotplug-refused-unplug", test_nic_hotplug_and_refused_unplug);

  rc = g_test_run ();
  g_clear_object (&domain);
  if (conn != NULL)
    {
      vireo_connection_close (conn);
      g_object_unref (conn);
    }
  return rc;
}
