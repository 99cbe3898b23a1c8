/* test-host-interfaces.c — the host window's Interfaces page's models on
 * libvirt's test driver:
 * - the host's interfaces: name, MAC, state, IPv4/IPv6 addresses, a bridge's
 *   members and each member's bridge;
 * - the host's node devices (PCI, USB, SCSI, net) with their drivers and the
 *   VM each is assigned to (PCI by address, USB by vendor and product);
 * - hostile XML: bounded names, addresses and members, bad XML refused.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "core-test-util.h"
#include "vireo-core.h"

static const char host_xml[] =
  "<node>"
  "  <domain type='test'>"
  "    <name>guest</name>"
  "    <uuid>eeeeeeee-0000-0000-0000-000000000010</uuid>"
  "    <memory unit='KiB'>65536</memory>"
  "    <vcpu>1</vcpu>"
  "    <os><type arch='x86_64' machine='pc'>hvm</type></os>"
  "    <devices>"
  "      <hostdev mode='subsystem' type='pci' managed='yes'>"
  "        <source><address domain='0x0000' bus='0x06' slot='0x12' function='0x5'/></source>"
  "      </hostdev>"
  "      <hostdev mode='subsystem' type='usb'>"
  "        <source><vendor id='0x046d'/><product id='0xc52b'/></source>"
  "      </hostdev>"
  "    </devices>"
  "  </domain>"
  "  <interface type='bridge' name='br0'>"
  "    <start mode='onboot'/>"
  "    <protocol family='ipv4'><ip address='192.168.7.2' prefix='24'/></protocol>"
  "    <protocol family='ipv6'><ip address='fd00::2' prefix='64'/></protocol>"
  "    <bridge stp='off'>"
  "      <interface type='ethernet' name='eth0'><mac address='52:54:00:00:00:01'/></interface>"
  "    </bridge>"
  "  </interface>"
  "  <interface type='ethernet' name='eth1'>"
  "    <start mode='onboot'/>"
  "    <mac address='52:54:00:00:00:02'/>"
  "    <protocol family='ipv4'><ip address='10.0.0.5' prefix='8'/></protocol>"
  "  </interface>"
  "  <device>"
  "    <name>pci_0000_06_12_5</name><parent>computer</parent>"
  "    <driver><name>snd_hda_intel</name></driver>"
  "    <capability type='pci'>"
  "      <domain>0</domain><bus>6</bus><slot>18</slot><function>5</function>"
  "      <product id='0xa348'>Audio Controller</product>"
  "      <vendor id='0x8086'>Intel Corporation</vendor>"
  "    </capability>"
  "  </device>"
  "  <device>"
  "    <name>usb_1_5</name><parent>computer</parent>"
  "    <driver><name>usbhid</name></driver>"
  "    <capability type='usb_device'>"
  "      <bus>1</bus><device>5</device>"
  "      <product id='0xc52b'>Unifying Receiver</product>"
  "      <vendor id='0x046d'>Logitech, Inc.</vendor>"
  "    </capability>"
  "  </device>"
  "  <device>"
  "    <name>usb_1_6</name><parent>computer</parent>"
  "    <capability type='usb_device'>"
  "      <bus>1</bus><device>6</device>"
  "      <product id='0x0001'>Stick</product>"
  "      <vendor id='0x1234'>Acme</vendor>"
  "    </capability>"
  "  </device>"
  "  <device>"
  "    <name>net_eth1_52_54_00_00_00_02</name><parent>computer</parent>"
  "    <capability type='net'>"
  "      <interface>eth1</interface><address>52:54:00:00:00:02</address>"
  "    </capability>"
  "  </device>"
  "</node>";

static GPtrArray *
list_on (VireoConnection *conn, gboolean interfaces, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (interfaces)
    {
      vireo_connection_list_host_interfaces_async (conn, NULL, test_store_result, &slot);
      result = test_wait_result (&slot);
      return vireo_connection_list_host_interfaces_finish (conn, result, error);
    }
  vireo_connection_list_node_devices_async (conn, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_connection_list_node_devices_finish (conn, result, error);
}

static VireoConnection *
open_host (void)
{
  g_autofree char *path = test_write_host_file ("host-interfaces.xml", host_xml);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  VireoConnection *conn = test_connection_new_open (uri);

  test_remove_host_file (path);
  return conn;
}

static VireoHostInterface *
find_interface (GPtrArray *list, const char *name)
{
  for (guint i = 0; i < list->len; i++)
    {
      VireoHostInterface *iface = g_ptr_array_index (list, i);

      if (g_strcmp0 (iface->name, name) == 0)
        return iface;
    }
  return NULL;
}

static VireoHostDevice *
find_device (GPtrArray *list, const char *name)
{
  for (guint i = 0; i < list->len; i++)
    {
      VireoHostDevice *device = g_ptr_array_index (list, i);

      if (g_strcmp0 (device->name, name) == 0)
        return device;
    }
  return NULL;
}

static void
test_interfaces_list (void)
{
  g_autoptr(VireoConnection) conn = open_host ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = list_on (conn, TRUE, &error);
  VireoHostInterface *br0, *eth1;

  g_assert_no_error (error);
  g_assert_nonnull (list);
  /* by name; the bridge's member is listed inside it, not on its own */
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((VireoHostInterface *) g_ptr_array_index (list, 0))->name, ==, "br0");

  br0 = find_interface (list, "br0");
  g_assert_nonnull (br0);
  g_assert_cmpstr (br0->kind, ==, "bridge");
  g_assert_true (br0->active);
  g_assert_cmpuint (g_strv_length (br0->addresses), ==, 2);
  g_assert_cmpstr (br0->addresses[0], ==, "192.168.7.2/24");
  g_assert_cmpstr (br0->addresses[1], ==, "fd00::2/64");
  g_assert_cmpuint (g_strv_length (br0->members), ==, 1);
  g_assert_cmpstr (br0->members[0], ==, "eth0");
  g_assert_null (br0->bridge);

  eth1 = find_interface (list, "eth1");
  g_assert_nonnull (eth1);
  g_assert_cmpstr (eth1->kind, ==, "ethernet");
  g_assert_cmpstr (eth1->mac, ==, "52:54:00:00:00:02");
  g_assert_cmpstr (eth1->addresses[0], ==, "10.0.0.5/8");
  g_assert_cmpuint (g_strv_length (eth1->members), ==, 0);
  g_assert_null (eth1->bridge);
}

static void
test_interface_member_bridge (void)
{
  /* an interface libvirt says is down, with no address */
  g_autoptr(VireoHostInterface) iface = NULL;

  iface = vireo_host_interface_parse ("<interface type='ethernet' name='eth0'>"
                                      "<mac address='52:54:00:00:00:01'/></interface>",
                                      FALSE);
  g_assert_nonnull (iface);
  g_assert_false (iface->active);
  g_assert_cmpstr (iface->mac, ==, "52:54:00:00:00:01");
  g_assert_nonnull (iface->addresses);
  g_assert_null (iface->addresses[0]);
}

static void
test_interface_hostile (void)
{
  g_autoptr(GString) xml = g_string_new ("<interface type='bridge' name='");
  g_autoptr(VireoHostInterface) iface = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append (xml, "x");
  g_string_append (xml, "&#10;&lt;b&gt;'><bridge>");
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (xml, "<interface type='ethernet' name='m%u'/>", i);
  g_string_append (xml, "</bridge><protocol family='ipv4'>");
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (xml, "<ip address='10.0.%u.%u' prefix='24'/>", i / 250, i % 250);
  g_string_append (xml, "<ip address='not an address' prefix='999'/></protocol></interface>");

  iface = vireo_host_interface_parse (xml->str, TRUE);
  g_assert_nonnull (iface);
  g_assert_cmpint (g_utf8_strlen (iface->name, -1), <=, 64);
  g_assert_null (strchr (iface->name, '\n'));
  g_assert_cmpuint (g_strv_length (iface->members), ==, 256);
  g_assert_cmpuint (g_strv_length (iface->addresses), ==, 64);

  g_assert_null (vireo_host_interface_parse ("<interface type='ethernet'/>", TRUE));
  g_assert_null (vireo_host_interface_parse ("<interface name=' \n '/>", TRUE));
  g_assert_null (vireo_host_interface_parse ("<<<", TRUE));
  g_assert_null (vireo_host_interface_parse ("<device name='x'/>", TRUE));
  g_assert_null (vireo_host_interface_parse (NULL, TRUE));
}

static void
test_node_devices (void)
{
  g_autoptr(VireoConnection) conn = open_host ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = list_on (conn, FALSE, &error);
  VireoHostDevice *pci, *usb, *usb_free, *net;

  g_assert_no_error (error);
  g_assert_nonnull (list);

  pci = find_device (list, "pci_0000_06_12_5");
  g_assert_nonnull (pci);
  g_assert_cmpint (pci->type, ==, VIREO_HOST_DEVICE_PCI);
  /* libvirt's test driver keeps no driver (libvirt reads it from sysfs):
   * the parser's own test below reads one */
  g_assert_null (pci->driver);
  g_assert_cmpstr (pci->used_by, ==, "guest");

  usb = find_device (list, "usb_1_5");
  g_assert_nonnull (usb);
  g_assert_cmpstr (usb->used_by, ==, "guest");
  g_assert_cmpuint (usb->usb_bus, ==, 1);
  g_assert_cmpuint (usb->usb_device, ==, 5);

  usb_free = find_device (list, "usb_1_6");
  g_assert_nonnull (usb_free);
  g_assert_null (usb_free->used_by);
  g_assert_null (usb_free->driver);

  net = find_device (list, "net_eth1_52_54_00_00_00_02");
  g_assert_nonnull (net);
  g_assert_cmpint (net->type, ==, VIREO_HOST_DEVICE_NET);
  g_assert_cmpstr (net->description, ==, "eth1 (52:54:00:00:00:02)");
  g_assert_null (net->used_by);

  /* by kind: USB, PCI, SCSI, net, mediated */
  for (guint i = 1; i < list->len; i++)
    g_assert_cmpint (((VireoHostDevice *) g_ptr_array_index (list, i - 1))->type, <=,
                     ((VireoHostDevice *) g_ptr_array_index (list, i))->type);
}

static void
test_node_device_kinds (void)
{
  g_autoptr(VireoHostDevice) scsi = vireo_node_device_parse (
    "<device><name>scsi_0_0_0_0</name><driver><name>sd</name></driver>"
    "<capability type='scsi'><host>0</host><bus>0</bus><target>1</target><lun>2</lun>"
    "<type>disk</type></capability></device>");
  g_autoptr(VireoHostDevice) mdev = vireo_node_device_parse (
    "<device><name>mdev_x</name><driver><name>vfio_mdev</name></driver>"
    "<capability type='mdev'><type id='nvidia-11'/>"
    "<uuid>4B20D080-1B54-4048-85B3-A6A62D165C01</uuid></capability></device>");
  g_autoptr(VireoHostDevice) pci = vireo_node_device_parse (
    "<device><name>pci_0000_06_12_5</name><driver><name>vfio-pci</name></driver>"
    "<capability type='pci'><domain>0</domain><bus>6</bus><slot>18</slot>"
    "<function>5</function></capability></device>");
  g_autoptr(VireoHostDevice) net_as_host_device = vireo_host_device_parse (
    "<device><name>net_eth0</name><capability type='net'><interface>eth0</interface>"
    "</capability></device>");
  g_autoptr(VireoHostDevice) hostile = NULL;
  g_autoptr(GString) xml = g_string_new ("<device><name>net_");

  g_assert_nonnull (scsi);
  g_assert_cmpint (scsi->type, ==, VIREO_HOST_DEVICE_SCSI);
  g_assert_cmpstr (scsi->description, ==, "SCSI disk 0:0:1:2");
  g_assert_cmpstr (scsi->driver, ==, "sd");
  g_assert_nonnull (pci);
  g_assert_cmpint (pci->type, ==, VIREO_HOST_DEVICE_PCI);
  g_assert_cmpstr (pci->driver, ==, "vfio-pci");
  g_assert_cmpstr (pci->pci_address, ==, "0000:06:12.5");
  g_assert_nonnull (mdev);
  g_assert_cmpint (mdev->type, ==, VIREO_HOST_DEVICE_MDEV);
  g_assert_cmpstr (mdev->mdev_uuid, ==, "4b20d080-1b54-4048-85b3-a6a62d165c01");
  /* the Add Hardware assistant's parser still takes only USB and PCI */
  g_assert_null (net_as_host_device);

  for (guint i = 0; i < 2000; i++)
    g_string_append (xml, "y");
  g_string_append (xml, "</name><driver><name>");
  for (guint i = 0; i < 2000; i++)
    g_string_append (xml, "d&#x85;&#9;");
  g_string_append (xml, "</name></driver><capability type='net'><interface>");
  for (guint i = 0; i < 2000; i++)
    g_string_append (xml, "i");
  g_string_append (xml, "</interface></capability></device>");
  hostile = vireo_node_device_parse (xml->str);
  g_assert_nonnull (hostile);
  g_assert_cmpint (g_utf8_strlen (hostile->name, -1), <=, 120);
  g_assert_cmpint (g_utf8_strlen (hostile->driver, -1), <=, 120);
  g_assert_null (strchr (hostile->driver, '\t'));
  g_assert_null (strstr (hostile->driver, "\xc2\x85"));
  g_assert_cmpint (g_utf8_strlen (hostile->description, -1), <=, 120);
  g_assert_null (vireo_node_device_parse ("<device><name>x</name>"
                                          "<capability type='system'/></device>"));
}

int
main (int argc, char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add_func ("/host-interfaces/list", test_interfaces_list);
  g_test_add_func ("/host-interfaces/parse", test_interface_member_bridge);
  g_test_add_func ("/host-interfaces/hostile", test_interface_hostile);
  g_test_add_func ("/host-devices/node-devices", test_node_devices);
  g_test_add_func ("/host-devices/kinds", test_node_device_kinds);
  return g_test_run ();
}
