/* test-networks.c — a host's virtual networks on libvirt's test driver
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * - the list (VireoHostNetworks) holds test:///default's "default" network
 *   with what its XML says, and follows networks another client defines,
 *   starts, stops and undefines (libvirt's events, no reload asked);
 * - start, stop, autostart and delete through it change what libvirt holds;
 * - the VMs on a network (Delete's warning);
 * - the New Network assistant's XML (vireo_network_def_to_xml) matches
 *   tests/core/golden/network-*.xml and passes `virt-xml-validate FILE
 *   network`; VIREO_UPDATE_GOLDEN=1 rewrites them;
 * - create makes the network libvirt then holds, started and autostarted;
 * - every bad input gives its sentence and creates nothing;
 * - hostile XML (huge lists, long texts) is read within bounds;
 * - the suggested subnet overlaps no other network.
 */
#include "config.h"

#include "core-test-util.h"
#include "vireo-connection-private.h"

/* -- helpers ------------------------------------------------------------------ */

static char *
source_path (const char *first, ...)
{
  const char *root = g_getenv ("VIREO_SOURCE_DIR");
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (char *) root);
  g_ptr_array_add (parts, (char *) first);
  va_start (args, first);
  while ((part = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (parts, (char *) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static VireoHostNetworks *
open_networks (VireoConnection **conn_out)
{
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  VireoHostNetworks *networks = vireo_host_networks_get (conn);

  WAIT_UNTIL (vireo_host_networks_get_loaded (networks), TEST_TIMEOUT_MS);
  *conn_out = g_steal_pointer (&conn);
  return networks;
}

static gboolean
run_action (VireoHostNetworks *networks, const char *name, VireoNetworkAction action, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_host_networks_action_async (networks, name, action, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_host_networks_action_finish (networks, result, error);
}

static gboolean
run_create (VireoHostNetworks *networks, const VireoNetworkDef *def, gboolean start, gboolean autostart,
            GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_host_networks_create_async (networks, def, start, autostart, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_host_networks_create_finish (networks, result, error);
}

/* the networks libvirt holds, sorted, comma-joined */
static char *
libvirt_networks (void)
{
  virConnectPtr raw = virConnectOpen ("test:///default");
  virNetworkPtr *nets = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int n = virConnectListAllNetworks (raw, &nets, 0);

  g_assert_cmpint (n, >=, 0);
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (names, g_strdup (virNetworkGetName (nets[i])));
      virNetworkFree (nets[i]);
    }
  free (nets);
  virConnectClose (raw);
  g_ptr_array_sort (names, test_cmp_strp);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

/* a NAT network with PXE settings on a subnet no host address uses */
static VireoNetworkDef *
pxe_def (const char *name, const char *third)
{
  VireoNetworkDef *def = vireo_network_def_new ();
  VireoNetworkRange *range = g_new0 (VireoNetworkRange, 1);

  def->name = g_strdup (name);
  def->forward = VIREO_NETWORK_FORWARD_NAT;
  def->ipv4_address = g_strdup_printf ("10.%s.0.1", third);
  def->ipv4_prefix = 24;
  range->start = g_strdup_printf ("10.%s.0.100", third);
  range->end = g_strdup_printf ("10.%s.0.199", third);
  g_ptr_array_add (def->ipv4_ranges, range);
  vireo_network_def_add_host (def, "52:54:00:AA:00:01", "pxe-guest", def->ipv4_address);
  g_free (((VireoNetworkHost *) g_ptr_array_index (def->hosts, 0))->ip);
  ((VireoNetworkHost *) g_ptr_array_index (def->hosts, 0))->ip = g_strdup_printf ("10.%s.0.10", third);
  def->domain = g_strdup ("pxe.test");
  def->tftp_root = g_strdup ("/srv/tftp");
  def->bootp_file = g_strdup ("pxelinux.0");
  return def;
}

/* -- the list ------------------------------------------------------------------- */

static void
test_list (void)
{
  g_autoptr (VireoConnection) conn = NULL;
  g_autoptr (VireoHostNetworks) networks = open_networks (&conn);
  g_autoptr (VireoHostNetworks) again = vireo_host_networks_get (conn);
  VireoNetwork *def_net;
  const VireoNetworkDef *def;
  g_autofree char *line = NULL;

  /* one list per connection, shared */
  g_assert_true (networks == again);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (networks)) == VIREO_TYPE_NETWORK);
  def_net = vireo_host_networks_lookup (networks, "default");
  g_assert_nonnull (def_net);
  g_assert_true (vireo_network_get_active (def_net));
  g_assert_true (vireo_network_get_persistent (def_net));
  def = vireo_network_get_def (def_net);
  g_assert_cmpint (def->forward, ==, VIREO_NETWORK_FORWARD_NAT);
  g_assert_cmpstr (def->bridge, ==, "virbr0");
  g_assert_cmpstr (def->ipv4_address, ==, "192.168.122.1");
  g_assert_cmpuint (def->ipv4_prefix, ==, 24);   /* from netmask='255.255.255.0' */
  g_assert_cmpuint (def->ipv4_ranges->len, ==, 1);
  g_assert_cmpstr (((VireoNetworkRange *) g_ptr_array_index (def->ipv4_ranges, 0))->start, ==, "192.168.122.2");
  line = vireo_network_describe (def_net);
  g_assert_cmpstr (line, ==, "NAT, 192.168.122.1/24");
}

/* another client (virsh) defines, starts, stops and undefines a network:
 * the list follows through libvirt's events alone */
static void
test_events (void)
{
  g_autoptr (VireoConnection) conn = NULL;
  g_autoptr (VireoHostNetworks) networks = open_networks (&conn);
  virConnectPtr raw = test_raw_open ();
  virNetworkPtr net;

  g_assert_null (vireo_host_networks_lookup (networks, "evnet2"));
  net = virNetworkDefineXML (raw, "<network><name>evnet2</name><bridge name='evbr2'/>"
                                  "<ip address='10.201.0.1' prefix='24'/></network>");
  g_assert_nonnull (net);
  WAIT_UNTIL (vireo_host_networks_lookup (networks, "evnet2") != NULL, TEST_TIMEOUT_MS);
  g_assert_false (vireo_network_get_active (vireo_host_networks_lookup (networks, "evnet2")));
  g_assert_cmpint (vireo_network_get_def (vireo_host_networks_lookup (networks, "evnet2"))->forward, ==,
                   VIREO_NETWORK_FORWARD_ISOLATED);

  g_assert_cmpint (virNetworkCreate (net), ==, 0);
  WAIT_UNTIL (vireo_network_get_active (vireo_host_networks_lookup (networks, "evnet2")), TEST_TIMEOUT_MS);
  g_assert_cmpint (virNetworkDestroy (net), ==, 0);
  WAIT_UNTIL (!vireo_network_get_active (vireo_host_networks_lookup (networks, "evnet2")), TEST_TIMEOUT_MS);
  g_assert_cmpint (virNetworkUndefine (net), ==, 0);
  WAIT_UNTIL (vireo_host_networks_lookup (networks, "evnet2") == NULL, TEST_TIMEOUT_MS);
  virNetworkFree (net);
  test_raw_close (raw);
}

/* -- changes -------------------------------------------------------------------- */

static void
test_create_and_actions (void)
{
  g_autoptr (VireoConnection) conn = NULL;
  g_autoptr (VireoHostNetworks) networks = open_networks (&conn);
  g_autoptr (VireoNetworkDef) def = pxe_def ("pxenet", "202");
  g_autoptr (GError) error = NULL;
  VireoNetwork *net;
  virConnectPtr raw;
  virNetworkPtr handle;
  g_autofree char *xml = NULL;
  int autostart = 0;

  g_assert_true (run_create (networks, def, TRUE, TRUE, &error));
  g_assert_no_error (error);
  /* the list holds it when create answers */
  net = vireo_host_networks_lookup (networks, "pxenet");
  g_assert_nonnull (net);
  g_assert_true (vireo_network_get_active (net));
  g_assert_true (vireo_network_get_autostart (net));
  g_assert_cmpstr (vireo_network_get_def (net)->tftp_root, ==, "/srv/tftp");
  g_assert_cmpstr (vireo_network_get_def (net)->bootp_file, ==, "pxelinux.0");
  g_assert_cmpstr (vireo_network_get_def (net)->domain, ==, "pxe.test");

  /* and libvirt holds what was asked */
  raw = virConnectOpen ("test:///default");
  handle = virNetworkLookupByName (raw, "pxenet");
  g_assert_nonnull (handle);
  g_assert_cmpint (virNetworkIsActive (handle), ==, 1);
  g_assert_cmpint (virNetworkGetAutostart (handle, &autostart), ==, 0);
  g_assert_true (autostart);
  xml = virNetworkGetXMLDesc (handle, 0);
  g_assert_nonnull (strstr (xml, "<bootp file='pxelinux.0'/>"));
  g_assert_nonnull (strstr (xml, "<host mac='52:54:00:aa:00:01' name='pxe-guest' ip='10.202.0.10'/>"));

  /* the same name again: refused, nothing changed */
  g_assert_false (run_create (networks, def, TRUE, FALSE, &error));
  g_assert_cmpstr (error->message, ==, "A virtual network called “pxenet” already exists: choose another name.");
  g_clear_error (&error);

  g_assert_true (run_action (networks, "pxenet", VIREO_NETWORK_ACTION_AUTOSTART_OFF, &error));
  g_assert_false (vireo_network_get_autostart (net));
  g_assert_cmpint (virNetworkGetAutostart (handle, &autostart), ==, 0);
  g_assert_false (autostart);
  g_assert_true (run_action (networks, "pxenet", VIREO_NETWORK_ACTION_STOP, &error));
  g_assert_false (vireo_network_get_active (net));
  g_assert_cmpint (virNetworkIsActive (handle), ==, 0);
  g_assert_true (run_action (networks, "pxenet", VIREO_NETWORK_ACTION_START, &error));
  g_assert_true (vireo_network_get_active (net));
  g_assert_no_error (error);

  /* delete stops it first */
  g_assert_true (run_action (networks, "pxenet", VIREO_NETWORK_ACTION_DELETE, &error));
  g_assert_no_error (error);
  g_assert_null (vireo_host_networks_lookup (networks, "pxenet"));
  virNetworkFree (handle);
  g_assert_null (virNetworkLookupByName (raw, "pxenet"));
  virResetLastError ();
  virConnectClose (raw);

  /* a network that is gone: a sentence */
  g_assert_false (run_action (networks, "pxenet", VIREO_NETWORK_ACTION_START, &error));
  g_assert_true (g_str_has_prefix (error->message, "Could not start the virtual network “pxenet”"));
}

static void
test_users (void)
{
  g_autoptr (VireoConnection) conn = NULL;
  g_autoptr (VireoHostNetworks) networks = open_networks (&conn);
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_auto (GStrv) users = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *joined = NULL;

  /* test:///default's VM "test" has a NIC on "default" */
  vireo_host_networks_list_users_async (networks, "default", NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  users = vireo_host_networks_list_users_finish (networks, result, &error);
  g_assert_no_error (error);
  joined = g_strjoinv (",", users);
  g_assert_cmpstr (joined, ==, "test");
  g_clear_object (&result);
  g_clear_pointer (&users, g_strfreev);

  vireo_host_networks_list_users_async (networks, "nobody-uses-this", NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  users = vireo_host_networks_list_users_finish (networks, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (users), ==, 0);
}

static void
test_define_xml (void)
{
  g_autoptr (VireoConnection) conn = NULL;
  g_autoptr (VireoHostNetworks) networks = open_networks (&conn);
  g_autofree char *before = libvirt_networks ();
  g_autofree char *after = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  /* renaming through the XML editor is refused */
  vireo_host_networks_define_xml_async (networks, "<network><name>other</name></network>", "default", NULL,
                                        test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_false (vireo_host_networks_define_xml_finish (networks, result, &error));
  g_assert_cmpstr (error->message, ==, "The XML must keep the name “default”: a network cannot be renamed.");
  g_clear_error (&error);
  g_clear_object (&result);

  /* not a network, or against libvirt's schema: refused, nothing made */
  vireo_host_networks_define_xml_async (networks, "<domain/>", NULL, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_false (vireo_host_networks_define_xml_finish (networks, result, &error));
  g_assert_true (g_str_has_prefix (error->message, "This is not a network’s XML"));
  g_clear_error (&error);
  g_clear_object (&result);
  vireo_host_networks_define_xml_async (networks, "<network><name>bad</name><forward mode='sideways'/></network>",
                                        NULL, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_false (vireo_host_networks_define_xml_finish (networks, result, &error));
  g_assert_true (g_str_has_prefix (error->message, "Could not save the virtual network"));
  g_clear_error (&error);
  g_clear_object (&result);
  after = libvirt_networks ();
  g_assert_cmpstr (after, ==, before);

  /* an edit that keeps the name (and uuid, as the network's own XML has):
   * the list shows it when the call answers (a stopped network: libvirt's
   * test driver drops a running one's next definition) */
  vireo_host_networks_define_xml_async (networks, "<network><name>editnet</name><bridge name='edbr0'/></network>",
                                        NULL, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_true (vireo_host_networks_define_xml_finish (networks, result, &error));
  g_clear_object (&result);
  {
    const char *xml = vireo_network_get_xml (vireo_host_networks_lookup (networks, "editnet"));
    g_autoptr (GString) edited = g_string_new (xml);

    g_string_replace (edited, "</network>", "<domain name='edited.test'/></network>", 1);
    vireo_host_networks_define_xml_async (networks, edited->str, "editnet", NULL, test_store_result, &slot);
  }
  result = test_wait_result (&slot);
  g_assert_true (vireo_host_networks_define_xml_finish (networks, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vireo_network_get_def (vireo_host_networks_lookup (networks, "editnet"))->domain, ==,
                   "edited.test");
  g_assert_true (run_action (networks, "editnet", VIREO_NETWORK_ACTION_DELETE, &error));
  g_assert_no_error (error);
}

/* -- the assistant's XML --------------------------------------------------------- */

static gboolean
validates (const char *xml, char **output)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vireo-net-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "network.xml", NULL);
  const char *argv[] = { "virt-xml-validate", path, "network", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_no_error (error);
  g_file_set_contents (path, xml, -1, &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
  *output = g_strconcat (out, err, NULL);
  return g_spawn_check_wait_status (status, NULL);
}

static void
check_golden (const char *name, const VireoNetworkDef *def)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = vireo_network_def_to_xml (def, &error);
  g_autofree char *file = g_strdup_printf ("network-%s.xml", name);
  g_autofree char *path = source_path ("tests", "core", "golden", file, NULL);
  g_autofree char *golden = NULL;
  g_autofree char *output = NULL;
  g_autoptr (VireoNetworkDef) back = NULL;
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (xml);
  if (!validates (xml, &output))
    g_error ("%s does not validate as a network:\n%s\n%s", name, output, xml);
  if (g_strcmp0 (g_getenv ("VIREO_UPDATE_GOLDEN"), "1") == 0)
    {
      g_file_set_contents (path, xml, -1, &error);
      g_assert_no_error (error);
    }
  if (!g_file_get_contents (path, &golden, NULL, &error))
    g_error ("%s: %s (run with VIREO_UPDATE_GOLDEN=1 to create it)", path, error->message);
  if (g_strcmp0 (golden, xml) != 0)
    g_error ("%s differs from %s (rerun with VIREO_UPDATE_GOLDEN=1 if intended):\n%s", name, path, xml);

  /* read back, it gives the same XML */
  back = vireo_network_def_parse (xml, &error);
  g_assert_no_error (error);
  again = vireo_network_def_to_xml (back, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, xml);
}

static void
test_golden (void)
{
  g_autoptr (VireoNetworkDef) nat = pxe_def ("pxe-nat", "203");
  g_autoptr (VireoNetworkDef) isolated = vireo_network_def_new ();
  g_autoptr (VireoNetworkDef) routed = vireo_network_def_new ();
  g_autoptr (VireoNetworkDef) open = vireo_network_def_new ();
  g_autoptr (VireoNetworkDef) bridge = vireo_network_def_new ();
  g_autoptr (VireoNetworkDef) macvtap = vireo_network_def_new ();
  VireoNetworkRange *range = g_new0 (VireoNetworkRange, 1);

  check_golden ("nat-pxe", nat);

  isolated->name = g_strdup ("lab");
  isolated->forward = VIREO_NETWORK_FORWARD_ISOLATED;
  isolated->ipv4_address = g_strdup ("192.168.150.1");
  isolated->ipv4_prefix = 24;
  range->start = g_strdup ("192.168.150.2");
  range->end = g_strdup ("192.168.150.254");
  g_ptr_array_add (isolated->ipv4_ranges, range);
  check_golden ("isolated", isolated);

  routed->name = g_strdup ("routed6");
  routed->forward = VIREO_NETWORK_FORWARD_ROUTE;
  routed->forward_dev = g_strdup ("eth0");
  routed->ipv4_address = g_strdup ("10.204.0.1");
  routed->ipv4_prefix = 16;
  routed->ipv6_address = g_strdup ("fd00:1234::1");
  routed->ipv6_prefix = 64;
  check_golden ("routed-ipv6", routed);

  open->name = g_strdup ("open<&>");   /* refused: not a name */
  open->forward = VIREO_NETWORK_FORWARD_OPEN;
  {
    g_autoptr (GError) error = NULL;

    g_assert_null (vireo_network_def_to_xml (open, &error));
    g_assert_nonnull (strstr (error->message, "cannot be a network name"));
  }
  g_free (open->name);
  open->name = g_strdup ("open");
  open->ipv4_address = g_strdup ("172.30.5.1");
  open->ipv4_prefix = 24;
  check_golden ("open", open);

  bridge->name = g_strdup ("lan");
  bridge->forward = VIREO_NETWORK_FORWARD_BRIDGE;
  bridge->bridge = g_strdup ("br0");
  check_golden ("bridge", bridge);

  macvtap->name = g_strdup ("direct");
  macvtap->forward = VIREO_NETWORK_FORWARD_MACVTAP;
  macvtap->forward_dev = g_strdup ("eth0");
  check_golden ("macvtap", macvtap);
}

/* -- bad input ------------------------------------------------------------------- */

typedef struct
{
  const char *what;
  void (*change) (VireoNetworkDef *def);
  const char *message;
} BadCase;

static void
bad_name (VireoNetworkDef *def)
{
  g_free (def->name);
  def->name = g_strdup ("a/b");
}

static void
no_name (VireoNetworkDef *def)
{
  g_free (def->name);
  def->name = g_strdup ("  ");
}

static void
bad_address (VireoNetworkDef *def)
{
  g_free (def->ipv4_address);
  def->ipv4_address = g_strdup ("10.300.0.1");
}

static void
bad_prefix (VireoNetworkDef *def)
{
  def->ipv4_prefix = 31;
}

static void
network_address (VireoNetworkDef *def)
{
  g_free (def->ipv4_address);
  def->ipv4_address = g_strdup ("10.205.0.0");
}

static void
overlap (VireoNetworkDef *def)
{
  VireoNetworkRange *range = g_ptr_array_index (def->ipv4_ranges, 0);

  g_free (def->ipv4_address);
  def->ipv4_address = g_strdup ("192.168.122.129");
  def->ipv4_prefix = 25;
  g_free (range->start);
  range->start = g_strdup ("192.168.122.130");
  g_free (range->end);
  range->end = g_strdup ("192.168.122.140");
  g_ptr_array_set_size (def->hosts, 0);
}

static void
range_outside (VireoNetworkDef *def)
{
  VireoNetworkRange *range = g_ptr_array_index (def->ipv4_ranges, 0);

  g_free (range->end);
  range->end = g_strdup ("10.206.0.20");
}

static void
range_backwards (VireoNetworkDef *def)
{
  VireoNetworkRange *range = g_ptr_array_index (def->ipv4_ranges, 0);

  g_free (range->end);
  range->end = g_strdup ("10.205.0.50");
}

static void
range_holds_host (VireoNetworkDef *def)
{
  VireoNetworkRange *range = g_ptr_array_index (def->ipv4_ranges, 0);

  g_free (range->start);
  range->start = g_strdup ("10.205.0.1");
}

static void
bad_mac (VireoNetworkDef *def)
{
  VireoNetworkHost *host = g_ptr_array_index (def->hosts, 0);

  g_free (host->mac);
  host->mac = g_strdup ("52:54:00:zz:00:01");
}

static void
host_outside (VireoNetworkDef *def)
{
  VireoNetworkHost *host = g_ptr_array_index (def->hosts, 0);

  g_free (host->ip);
  host->ip = g_strdup ("10.99.0.10");
}

static void
bootp_without_range (VireoNetworkDef *def)
{
  g_ptr_array_set_size (def->ipv4_ranges, 0);
}

static void
tftp_relative (VireoNetworkDef *def)
{
  g_free (def->tftp_root);
  def->tftp_root = g_strdup ("tftp");
}

static void
missing_bridge (VireoNetworkDef *def)
{
  def->forward = VIREO_NETWORK_FORWARD_BRIDGE;
  def->bridge = g_strdup ("vireonobr0");
}

static void
missing_device (VireoNetworkDef *def)
{
  def->forward = VIREO_NETWORK_FORWARD_MACVTAP;
  def->forward_dev = g_strdup ("vireonodev0");
}

static void
bad_ipv6 (VireoNetworkDef *def)
{
  def->ipv6_address = g_strdup ("fd00::zz");
  def->ipv6_prefix = 64;
}

static void
nat_without_ipv4 (VireoNetworkDef *def)
{
  g_clear_pointer (&def->ipv4_address, g_free);
  g_ptr_array_set_size (def->ipv4_ranges, 0);
  g_ptr_array_set_size (def->hosts, 0);
  g_clear_pointer (&def->tftp_root, g_free);
  g_clear_pointer (&def->bootp_file, g_free);
}

static const BadCase bad_cases[] = {
  { "no name", no_name, "Give the network a name." },
  { "bad name", bad_name, "“a/b” cannot be a network name: use up to 50 letters, digits, “-”, “_”, “.” and “+”, not starting with “-” or “.”." },
  { "taken name", NULL, "A virtual network called “default” already exists: choose another name." },
  { "invalid subnet", bad_address, "“10.300.0.1” is not an IPv4 address." },
  { "invalid prefix", bad_prefix, "The IPv4 prefix must be between 8 and 30 (/24 is 256 addresses)." },
  { "network address", network_address, "10.205.0.0 is the address of the subnet 10.205.0.0/24 itself or its broadcast address: give the host another one, such as the subnet’s first address." },
  { "overlapping subnet", overlap, "The subnet 192.168.122.129/25 overlaps 192.168.122.0/24 of the network “default”: choose another one." },
  { "range outside", range_outside, "The DHCP range 10.205.0.100 – 10.206.0.20 is outside the subnet 10.205.0.1/24." },
  { "range backwards", range_backwards, "The DHCP range starts at 10.205.0.100, after its end 10.205.0.50." },
  { "range holds the host", range_holds_host, "The DHCP range 10.205.0.1 – 10.205.0.199 holds the host’s own address 10.205.0.1." },
  { "bad MAC", bad_mac, "“52:54:00:zz:00:01” is not a MAC address (six pairs of hex digits: 52:54:00:12:34:56)." },
  { "host outside", host_outside, "The static host’s address 10.99.0.10 is outside the subnet 10.205.0.1/24, or is the host’s own." },
  { "boot file without DHCP", bootp_without_range, "A boot file is handed out by DHCP: give the network a DHCP range." },
  { "relative TFTP root", tftp_relative, "The TFTP root must be a full path on the host, such as /srv/tftp." },
  { "missing bridge", missing_bridge, "The host has no bridge called “vireonobr0”." },
  { "missing device", missing_device, "The host has no network interface called “vireonodev0”." },
  { "invalid IPv6", bad_ipv6, "“fd00::zz” is not an IPv6 address." },
  { "NAT without IPv4", nat_without_ipv4, "A NAT network needs an IPv4 address." },
};

static void
test_bad_input (void)
{
  g_autoptr (VireoConnection) conn = NULL;
  g_autoptr (VireoHostNetworks) networks = open_networks (&conn);
  g_autofree char *before = libvirt_networks ();

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr (VireoNetworkDef) def = pxe_def ("badnet", "205");
      g_autoptr (GError) error = NULL;
      g_autofree char *after = NULL;

      g_test_message ("bad input: %s", bad_cases[i].what);
      if (bad_cases[i].change != NULL)
        bad_cases[i].change (def);
      else
        {
          g_free (def->name);
          def->name = g_strdup ("default");
        }
      g_assert_false (run_create (networks, def, TRUE, TRUE, &error));
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, ==, bad_cases[i].message);
      after = libvirt_networks ();
      g_assert_cmpstr (after, ==, before);
      g_assert_null (vireo_host_networks_lookup (networks, "badnet"));
    }
}

/* -- untrusted XML --------------------------------------------------------------- */

static void
test_hostile_xml (void)
{
  g_autoptr (GString) xml = g_string_new ("<network><name>");
  g_autoptr (VireoNetworkDef) def = NULL;
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < 2000; i++)
    g_string_append (xml, "&lt;b&gt;");
  g_string_append (xml, "</name><forward mode='warp'/><ip address='10.0.0.1' prefix='999'><dhcp>");
  for (int i = 0; i < 5000; i++)
    g_string_append_printf (xml, "<range start='10.0.%d.1' end='10.0.%d.2'/><host mac='x' ip='y'/>", i, i);
  g_string_append (xml, "</dhcp></ip></network>");
  def = vireo_network_def_parse (xml->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (def->name), <=, VIREO_NETWORK_TEXT_MAX);
  g_assert_true (g_str_has_prefix (def->name, "<b>"));   /* kept as text; the UI escapes it */
  g_assert_cmpint (def->forward, ==, VIREO_NETWORK_FORWARD_OTHER);
  g_assert_cmpuint (def->ipv4_prefix, ==, 0);
  g_assert_cmpuint (def->ipv4_ranges->len, ==, VIREO_NETWORK_MAX_RANGES);
  g_assert_cmpuint (def->hosts->len, ==, VIREO_NETWORK_MAX_HOSTS);

  g_clear_pointer (&def, vireo_network_def_free);
  def = vireo_network_def_parse ("<domain/>", &error);
  g_assert_null (def);
  g_assert_nonnull (error);
  g_clear_error (&error);
  def = vireo_network_def_parse ("<network><name>x</na", &error);
  g_assert_null (def);
  g_assert_nonnull (error);
}

/* -- subnets --------------------------------------------------------------------- */

static void
test_subnets (void)
{
  g_autoptr (VireoConnection) conn = NULL;
  g_autoptr (VireoHostNetworks) networks = open_networks (&conn);
  g_autoptr (GArray) used = g_array_new (FALSE, FALSE, sizeof (VireoSubnet));
  VireoSubnet a, b;
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *suggestion = NULL;

  g_assert_true (vireo_subnet_parse ("192.168.100.7/24", 0, &a));
  g_assert_cmphex (a.network, ==, 0xC0A86400);
  g_assert_false (vireo_subnet_parse ("192.168.100.7/33", 0, &b));
  g_assert_false (vireo_subnet_parse ("fe80::1", 64, &b));
  g_assert_true (vireo_subnet_parse ("192.168.0.0", 16, &b));
  g_assert_true (vireo_subnet_overlaps (&a, &b));

  first = vireo_subnet_suggest (used);
  g_assert_cmpstr (first, ==, "192.168.100.1");
  g_array_append_val (used, b);   /* 192.168.0.0/16 taken: the next block */
  g_clear_pointer (&first, g_free);
  first = vireo_subnet_suggest (used);
  g_assert_cmpstr (first, ==, "10.100.0.1");

  /* the host's: never default's 192.168.122.0/24, nor a host address */
  vireo_host_networks_suggest_subnet_async (networks, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  suggestion = vireo_host_networks_suggest_subnet_finish (networks, result, &error);
  g_assert_no_error (error);
  g_assert_true (vireo_subnet_parse (suggestion, 24, &a));
  g_assert_true (vireo_subnet_parse ("192.168.122.1", 24, &b));
  g_assert_false (vireo_subnet_overlaps (&a, &b));
}

int
main (int argc, char **argv)
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add_func ("/networks/list", test_list);
  g_test_add_func ("/networks/events", test_events);
  g_test_add_func ("/networks/create-and-actions", test_create_and_actions);
  g_test_add_func ("/networks/users", test_users);
  g_test_add_func ("/networks/define-xml", test_define_xml);
  g_test_add_func ("/networks/golden", test_golden);
  g_test_add_func ("/networks/bad-input", test_bad_input);
  g_test_add_func ("/networks/hostile-xml", test_hostile_xml);
  g_test_add_func ("/networks/subnets", test_subnets);
  return g_test_run ();
}
