/* test-host-resources.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the New VM wizard learns about a host besides its capabilities:
 *   - firmware from domain capabilities (canned XML: this Debian host
 *     without ovmf, a host with firmware descriptors, an older libvirt that
 *     lists loader paths, an aarch64 host, the test driver that has none),
 *     and the plan's answer when the OS needs UEFI the host does not have;
 *   - CD/DVD drives and network devices from node device XML;
 *   - on test:///default through VireoConnection's worker: the host facts
 *     (no drives, no domain capabilities), bridges on a remote host (from
 *     the interface list), the volumes of "default-pool",
 *     creating a volume there, starting an inactive virtual network.
 */
#define G_LOG_DOMAIN "test-host-resources"

#include "config.h"

#include <string.h>

#include "core-test-util.h"
#include "vireo-host-caps.h"
#include "vireo-host-resources-private.h"
#include "vireo-install-plan.h"

/* -- firmware ---------------------------------------------------------------- */

/* Debian 12, qemu-system-x86 without ovmf (virsh domcapabilities here) */
static const char domcaps_no_ovmf[] =
    "<domainCapabilities><path>/usr/bin/qemu-system-x86_64</path><domain>kvm</domain>"
    "<machine>pc-q35-7.2</machine><arch>x86_64</arch>"
    "<os supported='yes'><enum name='firmware'/>"
    "<loader supported='yes'><enum name='type'><value>rom</value><value>pflash</value></enum>"
    "<enum name='readonly'><value>yes</value><value>no</value></enum>"
    "<enum name='secure'><value>no</value></enum></loader></os></domainCapabilities>";

/* with ovmf: firmware descriptors, so firmware autoselection */
static const char domcaps_ovmf[] =
    "<domainCapabilities><arch>x86_64</arch>"
    "<os supported='yes'><enum name='firmware'><value>bios</value><value>efi</value></enum>"
    "<loader supported='yes'><value>/usr/share/OVMF/OVMF_CODE_4M.fd</value>"
    "<enum "
    "name='type'><value>rom</value><value>pflash</value></enum></loader></os></domainCapabilities>";

/* an older libvirt: no firmware enum, loader paths only */
static const char domcaps_loader_only[] =
    "<domainCapabilities><arch>x86_64</arch>"
    "<os supported='yes'><loader supported='yes'><value>/usr/share/OVMF/OVMF_CODE.fd</value>"
    "<enum name='type'><value>pflash</value></enum></loader></os></domainCapabilities>";

static const char domcaps_aarch64[] =
    "<domainCapabilities><arch>aarch64</arch>"
    "<os supported='yes'><enum name='firmware'><value>efi</value></enum>"
    "<loader "
    "supported='yes'><value>/usr/share/AAVMF/AAVMF_CODE.fd</value></loader></os></"
    "domainCapabilities>";

static void
test_firmware (void)
{
  gboolean bios, uefi;

  g_assert_true (vireo_host_resources_parse_firmware (domcaps_no_ovmf, &bios, &uefi));
  g_assert_true (bios);
  g_assert_false (uefi);

  g_assert_true (vireo_host_resources_parse_firmware (domcaps_ovmf, &bios, &uefi));
  g_assert_true (bios);
  g_assert_true (uefi);

  g_assert_true (vireo_host_resources_parse_firmware (domcaps_loader_only, &bios, &uefi));
  g_assert_true (bios);
  g_assert_true (uefi);

  g_assert_true (vireo_host_resources_parse_firmware (domcaps_aarch64, &bios, &uefi));
  g_assert_false (bios);
  g_assert_true (uefi);

  /* no domain capabilities (test driver, old Xen): unknown, nothing refused */
  g_assert_false (vireo_host_resources_parse_firmware (NULL, &bios, &uefi));
  g_assert_true (bios && uefi);
  g_assert_false (vireo_host_resources_parse_firmware ("<capabilities/>", &bios, &uefi));
  g_assert_true (bios && uefi);
  g_assert_false (vireo_host_resources_parse_firmware ("not xml", &bios, &uefi));
}

/* the plan on a host without UEFI: UEFI refused with the package to
 * install; an OS that needs UEFI blocked whatever the choice */
static void
test_plan_without_uefi (void)
{
  g_autoptr (VireoOsDatabase) db = vireo_os_database_new ();
  g_autoptr (VireoInstallPlan) plan = vireo_install_plan_new ("test:///default");
  g_autoptr (GError) error = NULL;

  vireo_os_database_load (db, NULL, &error);
  g_assert_no_error (error);
  g_object_set (plan, "name", "fw", "method", VIREO_INSTALL_METHOD_MANUAL, "storage-mode",
                VIREO_STORAGE_MODE_NONE, "network-mode", VIREO_NETWORK_MODE_NONE, "uefi-available",
                FALSE, NULL);

  vireo_install_plan_set_os (plan, db, "fedora37", &error);
  g_assert_no_error (error);
  g_object_set (plan, "firmware", VIREO_FIRMWARE_BIOS, NULL);
  g_assert_true (vireo_install_plan_validate (plan, &error));
  g_object_set (plan, "firmware", VIREO_FIRMWARE_UEFI, NULL);
  g_assert_false (vireo_install_plan_validate (plan, &error));
  g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE);
  g_assert_nonnull (
      strstr (error->message, "no UEFI firmware is installed on this host (package ovmf)"));
  g_clear_error (&error);

  /* Windows 11 needs UEFI: blocked with BIOS and with UEFI */
  vireo_install_plan_set_os (plan, db, "win11", &error);
  g_assert_no_error (error);
  for (int fw = VIREO_FIRMWARE_BIOS; fw <= VIREO_FIRMWARE_UEFI; fw++)
    {
      g_object_set (plan, "firmware", fw, NULL);
      g_assert_false (vireo_install_plan_validate (plan, &error));
      g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE);
      g_assert_nonnull (strstr (error->message, "can only boot with UEFI firmware"));
      g_assert_nonnull (strstr (error->message, "ovmf"));
      g_clear_error (&error);
    }

  /* the same host with ovmf installed */
  g_object_set (plan, "uefi-available", TRUE, NULL);
  g_assert_true (vireo_install_plan_validate (plan, &error));
  g_assert_no_error (error);
}

/* -- node devices -------------------------------------------------------------- */

static void
test_node_devices (void)
{
  VireoDriveFacts *drive;
  gboolean physical;
  char *name;

  drive = vireo_host_resources_parse_drive (
      "<device><name>block_sr0</name><path>/sys/devices/pci0000:00/0000:00:01.1/ata2/host1/"
      "target1:0:0/1:0:0:0/block/sr0</path>"
      "<capability "
      "type='storage'><block>/dev/sr0</block><bus>ata</bus><drive_type>cdrom</drive_type>"
      "<model>QEMU DVD-ROM</model><vendor>QEMU</vendor>"
      "<capability "
      "type='removable'><media_available>1</media_available></capability></capability></device>");
  g_assert_nonnull (drive);
  g_assert_cmpstr (drive->path, ==, "/dev/sr0");
  g_assert_cmpstr (drive->model, ==, "QEMU QEMU DVD-ROM");
  vireo_drive_facts_free (drive);

  /* a disk is not a CD/DVD drive */
  g_assert_null (vireo_host_resources_parse_drive (
      "<device><name>block_vda</name><capability type='storage'><block>/dev/vda</block>"
      "<drive_type>disk</drive_type></capability></device>"));
  g_assert_null (vireo_host_resources_parse_drive ("<device><capability type='system'/></device>"));

  name = vireo_host_resources_parse_net_device (
      "<device><name>net_eth0_02_fc_00_00_00_01</name><path>/sys/devices/pci0000:00/0000:00:03.0/"
      "net/eth0</path>"
      "<parent>pci_0000_00_03_0</parent><capability type='net'><interface>eth0</interface>"
      "<address>02:fc:00:00:00:01</address><link state='up'/></capability></device>",
      &physical);
  g_assert_cmpstr (name, ==, "eth0");
  g_assert_true (physical);
  g_free (name);
  name = vireo_host_resources_parse_net_device (
      "<device><name>net_virbr0_52_54_00_12_34_56</name><parent>computer</parent>"
      "<capability type='net'><interface>virbr0</interface></capability></device>",
      &physical);
  g_assert_cmpstr (name, ==, "virbr0");
  g_assert_false (physical);
  g_free (name);
  g_assert_null (vireo_host_resources_parse_net_device (
      "<device><capability type='storage'/></device>", NULL));
}

/* -- on the test driver -------------------------------------------------------- */

static VireoConnection *connection;

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  return test_wait_result (slot);
}

static void
test_host_facts (void)
{
  GAsyncResult *wait = NULL, *result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoHostCaps) caps = NULL;
  g_autoptr (VireoHostCaps) copy = NULL;

  vireo_connection_get_host_caps_async (connection, NULL, test_store_result, &wait);
  caps = vireo_connection_get_host_caps_finish (connection, (result = wait_result (&wait)), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  /* the test driver has no domain capabilities: firmware unknown, both allowed */
  g_assert_false (caps->firmware_known);
  g_assert_true (caps->bios_available && caps->uefi_available);
  /* and no CD/DVD drive */
  g_assert_nonnull (caps->drives);
  g_assert_cmpuint (caps->drives->len, ==, 0);
  g_assert_nonnull (caps->interfaces);
  g_assert_true (caps->interfaces_local);
  /* the network "default" and its bridge */
  g_assert_cmpuint (caps->networks->len, >=, 1);
  g_assert_cmpstr (((VireoNetworkFacts *) g_ptr_array_index (caps->networks, 0))->name, ==,
                   "default");
  g_assert_cmpstr (((VireoNetworkFacts *) g_ptr_array_index (caps->networks, 0))->bridge, ==,
                   "virbr0");

  copy = vireo_host_caps_copy (caps);
  g_assert_cmpuint (copy->pools->len, ==, caps->pools->len);
  g_assert_cmpstr (((VireoPoolFacts *) g_ptr_array_index (copy->pools, 0))->name, ==,
                   ((VireoPoolFacts *) g_ptr_array_index (caps->pools, 0))->name);
}

/* a remote host: bridges as libvirt's interface list reports them (the
 * test driver keeps interfaces), those of virtual networks left out */
static void
test_remote_interfaces (void)
{
  static const char bridge_xml[] =
      "<interface type='bridge' name='br7'><start mode='onboot'/>"
      "<protocol family='ipv4'><dhcp/></protocol>"
      "<bridge stp='off' delay='0'><interface type='ethernet' name='eth7'>"
      "<mac address='aa:bb:cc:dd:ee:07'/></interface></bridge></interface>";
  const char *network_bridges[] = { "br7", NULL };
  virConnectPtr conn = virConnectOpen ("test:///default");
  virInterfacePtr iface = virInterfaceDefineXML (conn, bridge_xml, 0);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) without = NULL;
  VireoInterfaceFacts *br7 = NULL;

  g_assert_nonnull (iface);
  g_assert_cmpint (virInterfaceCreate (iface, 0), ==, 0);

  found = vireo_host_resources_collect_interfaces (conn, FALSE, NULL);
  for (guint i = 0; i < found->len; i++)
    {
      VireoInterfaceFacts *facts = g_ptr_array_index (found, i);

      if (g_str_equal (facts->name, "br7"))
        br7 = facts;
      /* the test driver's eth1 is an ethernet interface, not a bridge */
      g_assert_cmpstr (facts->name, !=, "eth1");
    }
  g_assert_nonnull (br7);
  g_assert_cmpint (br7->kind, ==, VIREO_INTERFACE_BRIDGE);

  without = vireo_host_resources_collect_interfaces (conn, FALSE, network_bridges);
  for (guint i = 0; i < without->len; i++)
    g_assert_cmpstr (((VireoInterfaceFacts *) g_ptr_array_index (without, i))->name, !=, "br7");

  virInterfaceDestroy (iface, 0);
  virInterfaceUndefine (iface);
  virInterfaceFree (iface);
  virConnectClose (conn);
}

static GPtrArray *
list_volumes (const char *pool, GError **error)
{
  GAsyncResult *wait = NULL, *result = NULL;
  GPtrArray *volumes;

  vireo_connection_list_volumes_async (connection, pool, NULL, test_store_result, &wait);
  volumes =
      vireo_connection_list_volumes_finish (connection, (result = wait_result (&wait)), error);
  g_clear_object (&result);
  return volumes;
}

static void
test_volumes (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) after = NULL;
  g_autofree char *path = NULL;
  VireoVolumeFacts *found = NULL;
  GAsyncResult *wait = NULL, *result = NULL;
  virConnectPtr virsh;
  virStorageVolPtr vol;

  before = list_volumes ("default-pool", &error);
  g_assert_no_error (error);

  vireo_connection_create_volume_async (connection, "default-pool", "hr-test.qcow2",
                                        ((guint64) 2 << 30), "qcow2", NULL, test_store_result,
                                        &wait);
  path = vireo_connection_create_volume_finish (connection, (result = wait_result (&wait)), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  g_assert_true (g_str_has_suffix (path, "hr-test.qcow2"));

  after = list_volumes ("default-pool", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < after->len; i++)
    if (g_str_equal (((VireoVolumeFacts *) g_ptr_array_index (after, i))->name, "hr-test.qcow2"))
      found = g_ptr_array_index (after, i);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->path, ==, path);
  g_assert_cmpuint (found->capacity, ==, ((guint64) 2 << 30));

  /* the same name again: libvirt's reason, in a sentence */
  vireo_connection_create_volume_async (connection, "default-pool", "hr-test.qcow2", 1 << 20, "raw",
                                        NULL, test_store_result, &wait);
  g_assert_null (
      vireo_connection_create_volume_finish (connection, (result = wait_result (&wait)), &error));
  g_clear_object (&result);
  g_assert_nonnull (error);
  g_assert_nonnull (
      strstr (error->message, "Could not create the volume “hr-test.qcow2” in “default-pool”"));
  g_clear_error (&error);

  /* a pool that does not exist */
  g_assert_null (list_volumes ("no-such-pool", &error));
  g_assert_nonnull (strstr (error->message, "no-such-pool"));
  g_clear_error (&error);

  virsh = virConnectOpen ("test:///default");
  vol = virStorageVolLookupByPath (virsh, path);
  g_assert_nonnull (vol);
  g_assert_cmpint (virStorageVolDelete (vol, 0), ==, 0);
  virStorageVolFree (vol);
  virConnectClose (virsh);
}

static void
test_start_network (void)
{
  static const char xml[] = "<network><name>hr-inactive</name><bridge name='hrbr0'/></network>";
  g_autoptr (GError) error = NULL;
  GAsyncResult *wait = NULL, *result = NULL;
  virConnectPtr virsh = virConnectOpen ("test:///default");
  virNetworkPtr network = virNetworkDefineXML (virsh, xml);

  g_assert_nonnull (network);
  g_assert_cmpint (virNetworkIsActive (network), ==, 0);

  vireo_connection_start_network_async (connection, "hr-inactive", NULL, test_store_result, &wait);
  g_assert_true (
      vireo_connection_start_network_finish (connection, (result = wait_result (&wait)), &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpint (virNetworkIsActive (network), ==, 1);

  vireo_connection_start_network_async (connection, "no-such-net", NULL, test_store_result, &wait);
  g_assert_false (
      vireo_connection_start_network_finish (connection, (result = wait_result (&wait)), &error));
  g_clear_object (&result);
  g_assert_nonnull (strstr (error->message, "Could not start the virtual network “no-such-net”"));

  virNetworkDestroy (network);
  virNetworkUndefine (network);
  virNetworkFree (network);
  virConnectClose (virsh);
}

/* -- free space of a storage pool ---------------------------------------------- */

static virStoragePoolInfo
pool_info (int state, guint64 capacity, guint64 allocation, guint64 available)
{
  virStoragePoolInfo info = { state, capacity, allocation, available };

  return info;
}

/* libvirt's numbers, taken only when they make sense */
static void
test_pool_free_bytes (void)
{
  const guint64 gib = G_GUINT64_CONSTANT (1) << 30;
  virStoragePoolInfo info;

  info = pool_info (VIR_STORAGE_POOL_RUNNING, 100 * gib, 20 * gib, 75 * gib);
  g_assert_cmpint (vireo_host_resources_pool_free_bytes (&info), ==, (gint64) (75 * gib));
  info = pool_info (VIR_STORAGE_POOL_RUNNING, 100 * gib, 100 * gib, 0);
  g_assert_cmpint (vireo_host_resources_pool_free_bytes (&info), ==, 0);
  /* a driver that subtracted more than there is (the test driver with the
   * demo host's volumes): available wrapped around to nearly 2^64 */
  info = pool_info (VIR_STORAGE_POOL_RUNNING, 100 * gib, 394 * gib, 100 * gib - 394 * gib);
  g_assert_cmpint (vireo_host_resources_pool_free_bytes (&info), ==, -1);
  /* wrapped, but capacity minus allocation holds */
  info = pool_info (VIR_STORAGE_POOL_RUNNING, 100 * gib, 30 * gib, G_MAXUINT64 - 5);
  g_assert_cmpint (vireo_host_resources_pool_free_bytes (&info), ==, (gint64) (70 * gib));
  /* an inactive pool's numbers are zeros */
  info = pool_info (VIR_STORAGE_POOL_INACTIVE, 0, 0, 0);
  g_assert_cmpint (vireo_host_resources_pool_free_bytes (&info), ==, -1);
  /* never above what a gint64 holds */
  info = pool_info (VIR_STORAGE_POOL_RUNNING, G_MAXUINT64, 0, G_MAXUINT64);
  g_assert_cmpint (vireo_host_resources_pool_free_bytes (&info), ==, G_MAXINT64);
}

/* The demo host (data/demo-host.xml): its pool's free space is unknown (the
 * test driver's arithmetic wraps around), not -294 GiB, and the wizard
 * hands the plan -1 without a warning (warnings are fatal here). */
static void
test_demo_host_pool (void)
{
  g_autofree char *uri =
      g_strdup_printf ("test://%s/data/demo-host.xml", g_getenv ("VIREO_SOURCE_DIR"));
  g_autoptr (VireoConnection) demo = test_connection_new_open (uri);
  g_autoptr (VireoInstallPlan) plan = vireo_install_plan_new (uri);
  GAsyncResult *wait = NULL, *result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoHostCaps) caps = NULL;
  VireoPoolFacts *pool = NULL;
  gint64 free_bytes = 0;

  vireo_connection_get_host_caps_async (demo, NULL, test_store_result, &wait);
  caps = vireo_connection_get_host_caps_finish (demo, (result = wait_result (&wait)), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  for (guint i = 0; i < caps->pools->len; i++)
    if (g_str_equal (((VireoPoolFacts *) g_ptr_array_index (caps->pools, i))->name, "default"))
      pool = g_ptr_array_index (caps->pools, i);
  g_assert_nonnull (pool);
  g_assert_true (pool->active);
  g_test_message ("pool default: capacity %" G_GUINT64_FORMAT ", available %" G_GUINT64_FORMAT
                  " (%s)",
                  pool->capacity, pool->available, pool->available_known ? "known" : "unknown");
  g_assert_cmpuint (pool->available, <=, pool->capacity);
  g_assert_false (pool->available_known);

  /* as vireo-new-vm-wizard.c's pool_selected_cb() */
  g_object_set (plan, "pool-name", pool->name, "pool-free-bytes",
                pool->active && pool->available_known ? (gint64) pool->available : (gint64) -1,
                NULL);
  g_object_get (plan, "pool-free-bytes", &free_bytes, NULL);
  g_assert_cmpint (free_bytes, ==, -1);

  vireo_connection_close (demo);
}

/* the buses a disk can be on, from domain capabilities (untrusted: bounded,
 * plain names only); NULL when they do not say */
static void
test_disk_buses (void)
{
  g_auto (GStrv) buses = vireo_host_resources_parse_disk_buses (
      "<domainCapabilities><devices><disk supported='yes'>"
      "<enum name='diskDevice'><value>disk</value></enum>"
      "<enum name='bus'><value>ide</value><value> sata </value><value>vir tio</value>"
      "<value>scsi'/></value><value></value><value>usb</value></enum>"
      "</disk></devices></domainCapabilities>");
  g_autoptr (GString) many = g_string_new ("<domainCapabilities><devices><disk supported='yes'><enum name='bus'>");
  g_auto (GStrv) bounded = NULL;
  g_auto (GStrv) unsupported = NULL;
  g_auto (GStrv) silent = NULL;
  const char *expected[] = { "ide", "sata", "usb", NULL };

  g_assert_nonnull (buses);
  g_assert_true (g_strv_equal ((const char * const *) buses, expected));

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (many, "<value>bus%u</value>", i);
  g_string_append (many, "</enum></disk></devices></domainCapabilities>");
  bounded = vireo_host_resources_parse_disk_buses (many->str);
  g_assert_cmpuint (g_strv_length (bounded), ==, 32);

  unsupported = vireo_host_resources_parse_disk_buses (
      "<domainCapabilities><devices><disk supported='no'/></devices></domainCapabilities>");
  g_assert_null (unsupported);
  silent = vireo_host_resources_parse_disk_buses ("<domainCapabilities/>");
  g_assert_null (silent);
  g_assert_null (vireo_host_resources_parse_disk_buses (NULL));
  g_assert_null (vireo_host_resources_parse_disk_buses ("<not xml"));
}

int
main (int argc, char *argv[])
{
  int ret;

  TEST_CORE_INIT (&argc, &argv);

  connection = test_connection_new_open ("test:///default");

  g_test_add_func ("/host-resources/firmware", test_firmware);
  g_test_add_func ("/host-resources/disk-buses", test_disk_buses);
  g_test_add_func ("/host-resources/plan-without-uefi", test_plan_without_uefi);
  g_test_add_func ("/host-resources/node-devices", test_node_devices);
  g_test_add_func ("/host-resources/host-facts", test_host_facts);
  g_test_add_func ("/host-resources/remote-interfaces", test_remote_interfaces);
  g_test_add_func ("/host-resources/volumes", test_volumes);
  g_test_add_func ("/host-resources/start-network", test_start_network);
  g_test_add_func ("/host-resources/pool-free-bytes", test_pool_free_bytes);
  g_test_add_func ("/host-resources/demo-host-pool", test_demo_host_pool);
  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  return ret;
}
