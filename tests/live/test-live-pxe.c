/* test-live-pxe.c — the New VM plan boots a guest from the network (PXE)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under pxe-harness.sh: a private libvirtd in its own network
 * namespace (VIREO_PXE_URI), so the bridge and dnsmasq of the test's
 * network never touch the machine's own network configuration.
 *
 * The test makes a TFTP root (pxelinux.0 and ldlinux.c32 from Debian's
 * pxelinux and syslinux-common, and a pxelinux.cfg/default whose "kernel"
 * is named after a marker unique to the run: pxelinux prints that name on
 * the serial port each time it fails to load it), defines and starts an
 * isolated libvirt network with <tftp root=...> and
 * <dhcp><bootp file='pxelinux.0'/></dhcp>, and runs a PXE plan with a new
 * disk through VireoInstallRunner. The guest (TCG: iPXE's real-mode code is
 * far too slow under nested KVM) gets an address from the network's DHCP,
 * fetches pxelinux over TFTP and shows the marker on its serial console,
 * read through a VireoSerialSession. The XML libvirt holds is checked too:
 * the install run boots the network first, the persistent VM boots its
 * disk, and both have their NIC on the network.
 *
 * The guest is vireo-live-pxe; the guest, network, pool and files are
 * removed by the parent process, pass or fail (the work runs in a child),
 * and the harness removes whatever is left with the daemon.
 */
#define G_LOG_DOMAIN "test-live-pxe"

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>
#include <string.h>

#include "pxe-test-util.h"
#include "vireo-host-caps.h"
#include "vireo-install-runner.h"

#define GUEST "vireo-live-pxe"

static const char *uri;
static char *tftp_dir;
static char *pool_dir;
static char *marker;
static VireoConnection *conn;
static virConnectPtr raw;

static void
cleanup (void)
{
  pxe_cleanup (uri, GUEST, tftp_dir, pool_dir);
}

static void
pxe_install (void)
{
  g_autoptr (VireoInstallPlan) plan = vireo_install_plan_new (uri);
  g_autoptr (VireoInstallRunner) runner = NULL;
  g_autoptr (VireoHostCaps) caps = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *mac = NULL;
  g_autofree char *serial = NULL;
  VireoDomain *domain;
  gboolean listed = FALSE;
  gint64 t0;

  pxe_make_tftp_root (tftp_dir, marker);
  pxe_start_network (raw, tftp_dir);
  pxe_create_pool (raw, pool_dir);

  /* what the wizard learns about the host: the network is there, active */
  vireo_connection_get_host_caps_async (conn, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 60000));
  caps = vireo_connection_get_host_caps_finish (conn, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  for (guint i = 0; i < caps->networks->len; i++)
    {
      VireoNetworkFacts *facts = g_ptr_array_index (caps->networks, i);

      if (g_strcmp0 (facts->name, PXE_NETWORK) == 0)
        listed = facts->active;
    }
  g_assert_true (listed);

  /* the answers a person gives in the wizard */
  g_assert_true (vireo_install_plan_set_capabilities (plan, caps->capabilities_xml, &error));
  g_assert_no_error (error);
  g_assert_true (vireo_install_plan_set_os (plan, NULL, NULL, &error));
  g_assert_no_error (error);
  g_object_set (plan,
                "name", GUEST,
                "method", VIREO_INSTALL_METHOD_PXE,
                /* TCG even where KVM works: nested KVM runs iPXE's real-mode
                 * code so slowly that it never gets to DHCP */
                "virt-type", "qemu",
                "memory-mib", 256,
                "vcpus", 1,
                "storage-mode", VIREO_STORAGE_MODE_NEW_VOLUME,
                "pool-name", PXE_POOL,
                "disk-size-gib", 1,
                "network-mode", VIREO_NETWORK_MODE_NETWORK,
                "network-source", PXE_NETWORK,
                NULL);
  mac = g_strdup (vireo_install_plan_get_effective_mac (plan));

  t0 = live_now_ms ();
  runner = vireo_install_runner_new (conn, plan);
  vireo_install_runner_run_async (runner, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 120000));
  uuid = vireo_install_runner_run_finish (runner, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuid);
  pxe_note ("install run finished after %" G_GINT64_FORMAT " ms", live_now_ms () - t0);

  /* the guest runs; its serial console shows what pxelinux prints */
  g_assert_nonnull (live_wait_running (conn, GUEST, 30000));
  domain = live_find_domain (conn, GUEST);
  g_assert_cmpstr (vireo_domain_get_uuid (domain), ==, uuid);
  serial = live_serial_until (domain, marker, 150000, 1500);
  pxe_note ("marker on the serial console %" G_GINT64_FORMAT " ms after the run started",
            live_now_ms () - t0);
  pxe_note ("serial: %s", serial);
  /* pxelinux itself came over TFTP: its banner is there too */
  g_assert_nonnull (strstr (serial, "PXELINUX"));

  pxe_check_guest (raw, GUEST, mac);
}

/* The work runs in a child process, so that the parent removes the guest,
 * the network, the pool and the files even when an assertion aborts it. */
static void
test_pxe_install (void)
{
  if (pxe_missing () != NULL)
    {
      g_test_skip (pxe_missing ());
      return;
    }
  if (g_test_subprocess ())
    {
      raw = virConnectOpen (uri);
      g_assert_nonnull (raw);
      pxe_remove_objects (raw, GUEST);
      conn = live_connection_open (uri, 60000);
      pxe_install ();
      vireo_connection_close (conn);
      g_clear_object (&conn);
      virConnectClose (raw);
      return;
    }
  g_test_trap_subprocess (NULL, 200 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  cleanup ();
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* libvirt-glib's event loop chatter */
  g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG, live_drop_log, NULL);
  vireo_core_init ();

  uri = pxe_names ("VIREO_LIVE_PXE_TAG", "", "MARKER", &tftp_dir, &pool_dir, &marker);

  g_test_add_func ("/live/install/pxe", test_pxe_install);
  ret = g_test_run ();

  if (!g_test_subprocess () && pxe_missing () == NULL)
    cleanup ();
  g_free (tftp_dir);
  g_free (pool_dir);
  g_free (marker);
  return ret;
}
