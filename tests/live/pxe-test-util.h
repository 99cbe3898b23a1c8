/* pxe-test-util.h — fixtures of the live PXE tests (test-live-pxe, test-live-pxe-wizard)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both run under pxe-harness.sh: a private libvirtd (VIREO_PXE_URI) in a
 * network namespace of its own, so the test network's bridge and dnsmasq
 * never touch the machine's network configuration. VIREO_PXE_DIR is a
 * directory everyone can read, for the TFTP root and the storage pool.
 */
#pragma once

#include <stdarg.h>

#include "live-test-util.h"
#include "vireo-serial-session.h"

#define PXE_PXELINUX "/usr/lib/PXELINUX/pxelinux.0"
#define PXE_LDLINUX  "/usr/lib/syslinux/modules/bios/ldlinux.c32"
#define PXE_NETWORK  "vireo-pxe-net"
#define PXE_BRIDGE   "vireo-pxe0"
#define PXE_POOL     "vireo-live-pxe-pool"

/* NULL when the test can run, else why not (for g_test_skip) */
static inline const char *
pxe_missing (void)
{
  if (g_getenv ("VIREO_PXE_URI") == NULL || g_getenv ("VIREO_PXE_DIR") == NULL)
    return "VIREO_PXE_URI is not set: run the test through tests/live/pxe-harness.sh";
  if (!g_file_test (PXE_PXELINUX, G_FILE_TEST_EXISTS))
    return "pxelinux.0 is not installed (package pxelinux)";
  if (!g_file_test (PXE_LDLINUX, G_FILE_TEST_EXISTS))
    return "ldlinux.c32 is not installed (package syslinux-common)";
  return NULL;
}

/* The private libvirtd's URI. @tftp_dir and @pool_dir (owned) are
 * @prefix "tftp-" and "pool-" with the tag in @tag_env (live_test_tag: the
 * child uses the parent's names) under VIREO_PXE_DIR; @marker (owned) is
 * "VIREO-PXE-" @marker_word "-" and the tag */
static inline const char *
pxe_names (const char *tag_env,
           const char *prefix,
           const char *marker_word,
           char      **tftp_dir,
           char      **pool_dir,
           char      **marker)
{
  const char *dir = g_getenv ("VIREO_PXE_DIR");
  const char *tag = live_test_tag (tag_env);

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  *tftp_dir = g_strdup_printf ("%s/%stftp-%s", dir, prefix, tag);
  *pool_dir = g_strdup_printf ("%s/%spool-%s", dir, prefix, tag);
  *marker = g_strdup_printf ("VIREO-PXE-%s-%s", marker_word, tag);
  return g_getenv ("VIREO_PXE_URI");
}

/* g_test_message() of a g_test_trap_subprocess() child is not shown: a
 * TAP comment on stdout instead */
static inline void G_GNUC_PRINTF (1, 2)
pxe_note (const char *format,
          ...)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("# %s\n", lines[i]);
}

/* A TFTP root in @dir (dnsmasq reads it as an unprivileged user): pxelinux
 * fetches ldlinux.c32 and pxelinux.cfg/default, whose only "kernel" is
 * named @marker. pxelinux's SAY may run before its serial console is set
 * up; the name of a kernel it fails to load reaches the serial port, once
 * a second (PROMPT 1, TIMEOUT 10 tenths). */
static inline void
pxe_make_tftp_root (const char *dir,
                    const char *marker)
{
  g_autofree char *cfg_dir = g_build_filename (dir, "pxelinux.cfg", NULL);
  g_autofree char *pxe = g_build_filename (dir, "pxelinux.0", NULL);
  g_autofree char *ld = g_build_filename (dir, "ldlinux.c32", NULL);
  g_autofree char *cfg = g_build_filename (cfg_dir, "default", NULL);
  g_autofree char *config = live_syslinux_config (marker);

  g_assert_cmpint (g_mkdir_with_parents (cfg_dir, 0755), ==, 0);
  g_chmod (dir, 0755);
  g_chmod (cfg_dir, 0755);
  g_assert_true (live_copy_file (PXE_PXELINUX, pxe));
  g_assert_true (live_copy_file (PXE_LDLINUX, ld));
  g_assert_true (g_file_set_contents (cfg, config, -1, NULL));
  g_chmod (cfg, 0644);
}

/* Defines and starts PXE_NETWORK: isolated (no forward), 10.79.0.1/24,
 * DHCP that names pxelinux.0 as the boot file, TFTP from @tftp_dir */
static inline void
pxe_start_network (virConnectPtr raw,
                   const char   *tftp_dir)
{
  g_autofree char *xml = g_markup_printf_escaped (
    "<network>"
    "  <name>" PXE_NETWORK "</name>"
    "  <bridge name='" PXE_BRIDGE "' stp='off' delay='0'/>"
    "  <ip address='10.79.0.1' netmask='255.255.255.0'>"
    "    <tftp root='%s'/>"
    "    <dhcp>"
    "      <range start='10.79.0.100' end='10.79.0.199'/>"
    "      <bootp file='pxelinux.0'/>"
    "    </dhcp>"
    "  </ip>"
    "</network>",
    tftp_dir);
  virNetworkPtr net = virNetworkDefineXML (raw, xml);

  if (net == NULL)
    g_error ("could not define the network: %s", virGetLastErrorMessage ());
  if (virNetworkCreate (net) < 0)
    g_error ("could not start the network: %s", virGetLastErrorMessage ());
  virNetworkFree (net);
}

/* A transient dir pool PXE_POOL in @dir */
static inline void
pxe_create_pool (virConnectPtr raw,
                 const char   *dir)
{
  g_autofree char *xml = NULL;
  virStoragePoolPtr pool;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  xml = g_markup_printf_escaped ("<pool type='dir'><name>" PXE_POOL "</name><target><path>%s</path></target></pool>",
                                 dir);
  pool = virStoragePoolCreateXML (raw, xml, 0);
  if (pool == NULL)
    g_error ("could not create the pool: %s", virGetLastErrorMessage ());
  virStoragePoolFree (pool);
}

/* The guest @guest, the pool (with its volumes) and the network, if there */
static inline void
pxe_remove_objects (virConnectPtr raw,
                    const char   *guest)
{
  virNetworkPtr net;

  live_remove_guest (raw, guest);
  live_remove_pool (raw, PXE_POOL, NULL);
  net = virNetworkLookupByName (raw, PXE_NETWORK);
  if (net != NULL)
    {
      if (virNetworkIsActive (net) == 1)
        virNetworkDestroy (net);
      virNetworkUndefine (net);
      virNetworkFree (net);
    }
  virResetLastError ();
}

static inline void
pxe_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        pxe_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* What a test left (the guest @guest, the pool, the network, its files),
 * removed by the parent through a connection of its own (the child's died
 * with it) */
static inline void
pxe_cleanup (const char *uri,
             const char *guest,
             const char *tftp_dir,
             const char *pool_dir)
{
  virConnectPtr raw = virConnectOpen (uri);

  if (raw != NULL)
    {
      pxe_remove_objects (raw, guest);
      virConnectClose (raw);
    }
  virResetLastError ();
  pxe_remove_tree (tftp_dir);
  pxe_remove_tree (pool_dir);
}

/* -- what the guest shows and libvirt holds ------------------------------------ */

static inline char *
pxe_domain_xml (virDomainPtr dom,
                unsigned int flags)
{
  char *xml = virDomainGetXMLDesc (dom, flags);
  char *ret;

  g_assert_nonnull (xml);
  ret = g_strdup (xml);
  free (xml);
  return ret;
}

/* After the marker: the guest (NIC @mac) has a lease from the network's
 * DHCP; the running install config has its NIC on PXE_NETWORK and boots
 * the network first; the persistent config boots the disk in PXE_POOL. */
static inline void
pxe_check_guest (virConnectPtr raw,
                 const char   *guest,
                 const char   *mac)
{
  virNetworkDHCPLeasePtr *leases = NULL;
  g_autofree char *live_xml = NULL;
  g_autofree char *final_xml = NULL;
  const char *boot_net, *boot_hd;
  virNetworkPtr net;
  virDomainPtr dom;
  int n;

  net = virNetworkLookupByName (raw, PXE_NETWORK);
  g_assert_nonnull (net);
  n = virNetworkGetDHCPLeases (net, mac, &leases, 0);
  g_assert_cmpint (n, >=, 1);
  pxe_note ("lease: %s for %s", leases[0]->ipaddr, leases[0]->mac);
  g_assert_true (g_str_has_prefix (leases[0]->ipaddr, "10.79.0."));
  for (int i = 0; i < n; i++)
    virNetworkDHCPLeaseFree (leases[i]);
  free (leases);
  virNetworkFree (net);

  dom = virDomainLookupByName (raw, guest);
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
  live_xml = pxe_domain_xml (dom, 0);
  final_xml = pxe_domain_xml (dom, VIR_DOMAIN_XML_INACTIVE);
  virDomainFree (dom);
  pxe_note ("install XML:\n%s", live_xml);

  /* the install run: TCG, NIC on the network, network boot first, and the
   * installer's reboot ends it */
  g_assert_nonnull (strstr (live_xml, "<domain type='qemu'"));
  g_assert_nonnull (strstr (live_xml, "<interface type='network'>"));
  g_assert_nonnull (strstr (live_xml, "<source network='" PXE_NETWORK "'"));
  g_assert_nonnull (strstr (live_xml, mac));
  boot_net = strstr (live_xml, "<boot dev='network'/>");
  boot_hd = strstr (live_xml, "<boot dev='hd'/>");
  g_assert_nonnull (boot_net);
  g_assert_true (boot_hd == NULL || boot_net < boot_hd);
  g_assert_nonnull (strstr (live_xml, "<on_reboot>destroy</on_reboot>"));

  /* every later boot: from the disk; the NIC stays on the network */
  g_assert_nonnull (strstr (final_xml, "<boot dev='hd'/>"));
  g_assert_null (strstr (final_xml, "<boot dev='network'/>"));
  g_assert_nonnull (strstr (final_xml, "<source network='" PXE_NETWORK "'"));
  g_assert_nonnull (strstr (final_xml, mac));
  g_assert_nonnull (strstr (final_xml, "<source pool='" PXE_POOL "'"));
  g_assert_nonnull (strstr (final_xml, "<on_reboot>restart</on_reboot>"));
}
