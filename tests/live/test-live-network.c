/* test-live-network.c — a network the New Network assistant's core makes
 * hands a guest its address, and the page's lease list names the guest
 * (issue 16)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under pxe-harness.sh: a private libvirtd in its own network namespace
 * (VIREO_PXE_URI), so the NAT network's bridge, iptables rules and dnsmasq
 * never touch the machine's own network configuration.
 *
 * VireoHostNetworks makes a NAT network with PXE settings from a
 * VireoNetworkDef (the assistant's Finish: vireo_network_def_to_xml, checks,
 * define, start): a TFTP root with pxelinux, DHCP range and boot file. The
 * list shows it active. A tiny diskless guest (64 MiB, TCG) boots from the
 * network: SeaBIOS's iPXE asks DHCP for an address; the network's lease list
 * (vireo_host_networks_list_leases_async, what the Networks page shows) then
 * has the guest's MAC with an address in the subnet and the guest's name.
 * Delete through the list removes the network. The guest, network and
 * files are removed by the parent process, pass or fail.
 */
#define G_LOG_DOMAIN "test-live-network"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "pxe-test-util.h"

#define GUEST   "vireo-live-net-guest"
#define NETWORK "vireo-live-nat"
#define MAC     "52:54:00:4e:45:54"

static const char *uri;
static char *tftp_dir;
static char *pool_dir;
static char *marker;

static void
cleanup (void)
{
  virConnectPtr raw = virConnectOpen (uri);

  if (raw != NULL)
    {
      virNetworkPtr net;

      live_remove_guest (raw, GUEST);
      net = virNetworkLookupByName (raw, NETWORK);
      if (net != NULL)
        {
          if (virNetworkIsActive (net) == 1)
            virNetworkDestroy (net);
          virNetworkUndefine (net);
          virNetworkFree (net);
        }
      virConnectClose (raw);
    }
  virResetLastError ();
  pxe_remove_tree (tftp_dir);
  pxe_remove_tree (pool_dir);
}

typedef struct
{
  VireoHostNetworks *networks;
  GAsyncResult      *result;
  GPtrArray         *leases;
  gboolean           asked;
} LeaseWait;

/* a UI-like poll: ask for the leases, and again once the answer came
 * without the guest's */
static gboolean
guest_leased (gpointer data)
{
  LeaseWait *wait = data;

  if (!wait->asked)
    {
      vireo_host_networks_list_leases_async (wait->networks, NETWORK, NULL, live_store_result, &wait->result);
      wait->asked = TRUE;
      return FALSE;
    }
  if (wait->result == NULL)
    return FALSE;
  g_clear_pointer (&wait->leases, g_ptr_array_unref);
  wait->leases = vireo_host_networks_list_leases_finish (wait->networks, wait->result, NULL);
  g_clear_object (&wait->result);
  wait->asked = FALSE;
  for (guint i = 0; wait->leases != NULL && i < wait->leases->len; i++)
    if (g_strcmp0 (((VireoNetworkLease *) g_ptr_array_index (wait->leases, i))->mac, MAC) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
network_active (gpointer data)
{
  VireoNetwork *net = vireo_host_networks_lookup (data, NETWORK);

  return net != NULL && vireo_network_get_active (net);
}

static gboolean
list_loaded (gpointer data)
{
  return vireo_host_networks_get_loaded (data);
}

static void
network_lease (void)
{
  g_autoptr (VireoConnection) conn = live_connection_open (uri, 60000);
  g_autoptr (VireoHostNetworks) networks = vireo_host_networks_get (conn);
  g_autoptr (VireoNetworkDef) def = vireo_network_def_new ();
  VireoNetworkRange *range = g_new0 (VireoNetworkRange, 1);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *guest_xml = NULL;
  virConnectPtr raw = virConnectOpen (uri);
  LeaseWait wait = { networks, NULL, NULL, FALSE };
  const VireoNetworkLease *lease = NULL;
  virDomainPtr dom;
  gint64 t0 = live_now_ms ();

  g_assert_nonnull (raw);
  g_assert_true (live_wait_until (list_loaded, networks, 30000));
  pxe_make_tftp_root (tftp_dir, marker);

  /* the assistant's answers */
  def->name = g_strdup (NETWORK);
  def->forward = VIREO_NETWORK_FORWARD_NAT;
  def->ipv4_address = g_strdup ("10.81.0.1");
  def->ipv4_prefix = 24;
  range->start = g_strdup ("10.81.0.100");
  range->end = g_strdup ("10.81.0.199");
  g_ptr_array_add (def->ipv4_ranges, range);
  def->domain = g_strdup ("live.test");
  def->tftp_root = g_strdup (tftp_dir);
  def->bootp_file = g_strdup ("pxelinux.0");
  vireo_host_networks_create_async (networks, def, TRUE, FALSE, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 60000));
  vireo_host_networks_create_finish (networks, result, &error);
  g_assert_no_error (error);
  g_assert_true (live_wait_until (network_active, networks, 30000));
  pxe_note ("network made and started in %" G_GINT64_FORMAT " ms", live_now_ms () - t0);

  /* a tiny guest boots from it (TCG: iPXE's real-mode code crawls under nested KVM) */
  guest_xml = g_strdup_printf ("<domain type='qemu'><name>" GUEST "</name><memory unit='MiB'>64</memory>"
                               "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type>"
                               "<boot dev='network'/></os><devices>"
                               "<interface type='network'><mac address='" MAC "'/>"
                               "<source network='" NETWORK "'/><model type='virtio'/></interface>"
                               "<serial type='pty'/><graphics type='vnc' listen='127.0.0.1'/>"
                               "</devices></domain>");
  dom = virDomainCreateXML (raw, guest_xml, 0);
  if (dom == NULL)
    g_error ("the guest did not start: %s", virGetLastErrorMessage ());
  virDomainFree (dom);

  /* its lease, with its name, as the Networks page lists it */
  g_assert_true (live_wait_until (guest_leased, &wait, 90000));
  pxe_note ("lease %" G_GINT64_FORMAT " ms after the start", live_now_ms () - t0);
  for (guint i = 0; i < wait.leases->len; i++)
    if (g_strcmp0 (((VireoNetworkLease *) g_ptr_array_index (wait.leases, i))->mac, MAC) == 0)
      lease = g_ptr_array_index (wait.leases, i);
  g_assert_nonnull (lease);
  pxe_note ("lease: %s/%u for %s (%s), host name %s", lease->ip, lease->prefix, lease->mac,
            lease->vm != NULL ? lease->vm : "no VM", lease->hostname != NULL ? lease->hostname : "none");
  g_assert_true (g_str_has_prefix (lease->ip, "10.81.0."));
  g_assert_cmpuint (lease->prefix, ==, 24);
  g_assert_cmpstr (lease->vm, ==, GUEST);
  g_assert_cmpint (lease->expiry, >, 0);
  g_assert_null (wait.result);   /* guest_leased answered from a finished call */
  g_clear_pointer (&wait.leases, g_ptr_array_unref);

  /* Delete through the list: the guest goes first (its NIC holds the bridge) */
  live_remove_guest (raw, GUEST);
  g_clear_object (&result);
  vireo_host_networks_action_async (networks, NETWORK, VIREO_NETWORK_ACTION_DELETE, NULL, live_store_result,
                                    &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 60000));
  g_assert_true (vireo_host_networks_action_finish (networks, result, &error));
  g_assert_no_error (error);
  g_assert_null (vireo_host_networks_lookup (networks, NETWORK));
  g_assert_null (virNetworkLookupByName (raw, NETWORK));
  virResetLastError ();
  pxe_note ("the whole run took %" G_GINT64_FORMAT " ms", live_now_ms () - t0);
  vireo_connection_close (conn);
  virConnectClose (raw);
}

static void
test_network_lease (void)
{
  if (pxe_missing () != NULL)
    {
      g_test_skip (pxe_missing ());
      return;
    }
  if (g_test_subprocess ())
    {
      cleanup ();
      network_lease ();
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  cleanup ();
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG, live_drop_log, NULL);
  vireo_core_init ();

  uri = pxe_names ("VIREO_LIVE_NET_TAG", "net-", "NET", &tftp_dir, &pool_dir, &marker);

  g_test_add_func ("/live/network/lease", test_network_lease);
  ret = g_test_run ();

  if (!g_test_subprocess () && pxe_missing () == NULL)
    cleanup ();
  g_free (tftp_dir);
  g_free (pool_dir);
  g_free (marker);
  return ret;
}
