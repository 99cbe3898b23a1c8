/* test-live-install.c — the New VM plan installs from a real ISO
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds a tiny bootable ISO (xorriso + isolinux) whose isolinux prints
 * VIREO-ISO-MARKER on the serial port every second (as the name of a kernel
 * it cannot find), runs an ISO plan on
 * qemu:///system through VireoInstallRunner (a 1 GiB disk in a dir pool the
 * test creates), and checks that the install phase boots the ISO (the marker
 * on the serial console) and that the persistent VM, started again after the
 * install phase ends, boots its disk and not the ISO.
 *
 * Everything lives under /var/lib/libvirt/images/vireo-live-pool-PID (ISO,
 * pool, volume) and is removed at the end, pass or fail; the guest is named
 * vireo-live-install (harness.sh removes leftovers named vireo-live-*).
 */
#define G_LOG_DOMAIN "test-live-install"

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>
#include <string.h>

#include "live-test-util.h"
#include "vireo-install-runner.h"
#include "vireo-serial-session.h"

#define URI         "qemu:///system"
#define GUEST       "vireo-live-install"
#define MARKER      "VIREO-ISO-MARKER"
#define ISOLINUX    "/usr/lib/ISOLINUX/isolinux.bin"
#define LDLINUX     "/usr/lib/syslinux/modules/bios/ldlinux.c32"

static VireoConnection *conn;
static virConnectPtr raw;
static char *pool_dir;
static char *pool_name;
static char *iso_path;

/* -- fixtures ------------------------------------------------------------------- */

static gboolean
copy_file (const char *from,
           const char *to)
{
  g_autofree char *data = NULL;
  gsize len;

  return g_file_get_contents (from, &data, &len, NULL) && g_file_set_contents (to, data, len, NULL);
}

/* an El Torito ISO: isolinux prints the marker to the serial port, waits a
 * second at its prompt and tries again, forever */
static gboolean
build_iso (const char *path,
           GError    **error)
{
  g_autofree char *tree = g_build_filename (pool_dir, "tree", NULL);
  g_autofree char *boot = g_build_filename (tree, "isolinux", NULL);
  g_autofree char *bin = g_build_filename (boot, "isolinux.bin", NULL);
  g_autofree char *ld = g_build_filename (boot, "ldlinux.c32", NULL);
  g_autofree char *cfg = g_build_filename (boot, "isolinux.cfg", NULL);
  g_autofree char *out = NULL, *err = NULL;
  /* isolinux's SAY runs before its serial console is set up; the name of
   * a kernel it fails to load reaches the serial port, every second */
  const char *config =
    "SERIAL 0 115200\n"
    "PROMPT 1\n"
    "TIMEOUT 10\n"
    "DEFAULT marker\n"
    "LABEL marker\n"
    "  KERNEL /" MARKER "\n";
  const char *argv[] = {
    "xorriso", "-as", "mkisofs", "-quiet", "-o", path,
    "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
    "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
    "-V", "VIREO_LIVE", tree, NULL,
  };
  int status = 0;
  gboolean ok;

  g_mkdir_with_parents (boot, 0755);
  if (!copy_file (ISOLINUX, bin) || !copy_file (LDLINUX, ld) || !g_file_set_contents (cfg, config, -1, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not copy isolinux");
      return FALSE;
    }
  ok = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, error)
       && g_spawn_check_wait_status (status, error);
  g_unlink (bin);
  g_unlink (ld);
  g_unlink (cfg);
  g_rmdir (boot);
  g_rmdir (tree);
  if (!ok)
    g_prefix_error (error, "xorriso: %s: ", err != NULL ? err : "");
  return ok;
}

static void
remove_guest (void)
{
  virDomainPtr dom = virDomainLookupByName (raw, GUEST);

  if (dom != NULL)
    {
      if (virDomainIsActive (dom) == 1)
        virDomainDestroy (dom);
      virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_NVRAM);
      virDomainFree (dom);
    }
  virResetLastError ();
}

static void
remove_pool (void)
{
  virStoragePoolPtr pool;

  if (pool_name == NULL)
    return;
  pool = virStoragePoolLookupByName (raw, pool_name);
  if (pool != NULL)
    {
      virStorageVolPtr *vols = NULL;
      int n = virStoragePoolListAllVolumes (pool, &vols, 0);

      for (int i = 0; i < n; i++)
        {
          virStorageVolDelete (vols[i], 0);
          virStorageVolFree (vols[i]);
        }
      free (vols);
      virStoragePoolDestroy (pool);
      virStoragePoolFree (pool);
    }
  virResetLastError ();
}

static void
cleanup (void)
{
  /* a connection of the parent's own: the child's died with it */
  raw = virConnectOpen (URI);
  if (raw != NULL)
    {
      remove_guest ();
      remove_pool ();
      virConnectClose (raw);
      raw = NULL;
    }
  if (iso_path != NULL)
    g_unlink (iso_path);
  if (pool_dir != NULL)
    {
      g_autoptr (GDir) dir = g_dir_open (pool_dir, 0, NULL);
      const char *name;

      /* whatever the pool left (it owns nothing else) */
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (pool_dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (pool_dir);
    }
}

/* -- serial log --------------------------------------------------------------------- */

typedef struct
{
  GString *text;
  gboolean closed;
} SerialLog;

static void
on_data (VireoSerialSession *session,
         GBytes             *bytes,
         SerialLog          *log)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_string_append_len (log->text, data, len);
}

static void
on_closed (VireoSerialSession *session,
           const GError       *error,
           SerialLog          *log)
{
  log->closed = TRUE;
}

static gboolean
has_marker (gpointer data)
{
  return strstr (((SerialLog *) data)->text->str, MARKER) != NULL;
}

static VireoSerialSession *
open_serial (VireoDomain *domain,
             SerialLog   *log)
{
  VireoSerialSession *session = vireo_serial_session_new (domain, NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  g_signal_connect (session, "data", G_CALLBACK (on_data), log);
  g_signal_connect (session, "closed", G_CALLBACK (on_closed), log);
  vireo_serial_session_open_async (session, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 30000));
  g_assert_true (vireo_serial_session_open_finish (session, result, &error));
  g_assert_no_error (error);
  return session;
}

static gboolean
domain_listed (gpointer data)
{
  return live_find_domain (conn, GUEST) != NULL;
}

static gboolean
domain_state_is (gpointer data)
{
  virDomainPtr dom = virDomainLookupByName (raw, GUEST);
  int state = dom != NULL ? live_raw_state (dom, NULL) : -1;

  if (dom != NULL)
    virDomainFree (dom);
  return state == GPOINTER_TO_INT (data);
}

static gboolean
vireo_domain_running (gpointer data)
{
  VireoDomain *domain = live_find_domain (conn, GUEST);

  return domain != NULL && vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_RUNNING;
}

/* -- the test ------------------------------------------------------------------- */

static void
iso_install (void)
{
  g_autoptr (VireoInstallPlan) plan = vireo_install_plan_new (URI);
  g_autoptr (VireoInstallRunner) runner = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *pool_xml = NULL;
  g_autofree char *caps = NULL;
  g_autoptr (VireoSerialSession) session = NULL;
  SerialLog log = { g_string_new (NULL), FALSE };
  virStoragePoolPtr pool;
  virDomainPtr dom;
  VireoDomain *domain;
  char *xml;

  if (!g_file_test (ISOLINUX, G_FILE_TEST_EXISTS) || !g_file_test (LDLINUX, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("isolinux is not installed (packages isolinux, syslinux-common)");
      return;
    }
  if (g_find_program_in_path ("xorriso") == NULL)
    {
      g_test_skip ("xorriso is not installed (package xorriso)");
      return;
    }

  /* a dir pool of our own, holding the ISO too (QEMU can read it there) */
  g_assert_cmpint (g_mkdir_with_parents (pool_dir, 0755), ==, 0);
  build_iso (iso_path, &error);
  g_assert_no_error (error);
  pool_xml = g_markup_printf_escaped ("<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>",
                                      pool_name, pool_dir);
  pool = virStoragePoolCreateXML (raw, pool_xml, 0);
  g_assert_nonnull (pool);
  virStoragePoolFree (pool);

  /* the answers a person gives in the wizard */
  xml = virConnectGetCapabilities (raw);
  caps = g_strdup (xml);
  free (xml);
  g_assert_true (vireo_install_plan_set_capabilities (plan, caps, &error));
  g_assert_no_error (error);
  g_assert_true (vireo_install_plan_set_os (plan, NULL, NULL, &error));
  g_object_set (plan,
                "name", GUEST,
                "method", VIREO_INSTALL_METHOD_ISO,
                "media-path", iso_path,
                /* TCG even where KVM works: under nested KVM isolinux's
                 * real-mode code stops the guest with a KVM emulation error */
                "virt-type", "qemu",
                "memory-mib", 256,
                "vcpus", 1,
                "storage-mode", VIREO_STORAGE_MODE_NEW_VOLUME,
                "pool-name", pool_name,
                "disk-size-gib", 1,
                "network-mode", VIREO_NETWORK_MODE_NONE,
                NULL);

  runner = vireo_install_runner_new (conn, plan);
  vireo_install_runner_run_async (runner, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 240000));
  uuid = vireo_install_runner_run_finish (runner, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuid);

  /* the install phase boots the ISO: its marker on the serial console */
  g_assert_true (live_wait_until (domain_listed, NULL, 30000));
  domain = live_find_domain (conn, GUEST);
  g_assert_cmpstr (vireo_domain_get_uuid (domain), ==, uuid);
  session = open_serial (domain, &log);
  if (!live_wait_until (has_marker, &log, 120000))
    g_error ("no ISO marker on the serial console; got \"%s\"", log.text->str);
  vireo_serial_session_close (session);
  g_clear_object (&session);

  /* the persistent config boots the disk first and has no media in a drive */
  dom = virDomainLookupByName (raw, GUEST);
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (xml);
  g_test_message ("final XML:\n%s", xml);
  g_assert_null (strstr (xml, iso_path));
  g_assert_nonnull (strstr (xml, "<boot dev='hd'/>"));
  g_assert_null (strstr (xml, "<boot dev='cdrom'/>"));
  free (xml);

  /* the installer "reboots": the install phase stops; the VM starts again
   * from its (empty) disk and must not show the ISO's marker */
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_true (live_wait_until (domain_state_is, GINT_TO_POINTER (VIR_DOMAIN_SHUTOFF), 30000));
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  g_assert_true (live_wait_until (domain_state_is, GINT_TO_POINTER (VIR_DOMAIN_RUNNING), 30000));
  g_assert_true (live_wait_until (vireo_domain_running, NULL, 30000));
  domain = live_find_domain (conn, GUEST);
  g_string_truncate (log.text, 0);
  session = open_serial (domain, &log);
  live_spin (10000);
  g_assert_null (strstr (log.text->str, MARKER));
  xml = virDomainGetXMLDesc (dom, 0);
  g_assert_null (strstr (xml, iso_path));
  free (xml);
  vireo_serial_session_close (session);

  virDomainFree (dom);
  g_string_free (log.text, TRUE);
}

/* The work runs in a child process, so that the parent removes the guest,
 * the pool and the files even when an assertion aborts the child. */
static void
test_iso_install (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GError) error = NULL;

      raw = virConnectOpen (URI);
      g_assert_nonnull (raw);
      remove_guest ();
      conn = vireo_connection_new (URI);
      g_assert_true (live_open (conn, 60000, &error));
      g_assert_no_error (error);
      iso_install ();
      vireo_connection_close (conn);
      g_clear_object (&conn);
      virConnectClose (raw);
      return;
    }
  g_test_trap_subprocess (NULL, 400 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  cleanup ();
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  const char *tag;
  int ret;

  g_test_init (&argc, &argv, NULL);
  vireo_core_init ();

  /* the child uses the parent's names */
  tag = g_getenv ("VIREO_LIVE_INSTALL_TAG");
  if (tag == NULL)
    {
      g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());

      g_setenv ("VIREO_LIVE_INSTALL_TAG", pid, TRUE);
      tag = g_getenv ("VIREO_LIVE_INSTALL_TAG");
    }
  pool_dir = g_strdup_printf ("/var/lib/libvirt/images/vireo-live-pool-%s", tag);
  pool_name = g_strdup_printf ("vireo-live-pool-%s", tag);
  iso_path = g_build_filename (pool_dir, "marker.iso", NULL);

  g_test_add_func ("/live/install/iso", test_iso_install);
  ret = g_test_run ();

  if (!g_test_subprocess ())
    cleanup ();
  g_free (pool_dir);
  g_free (pool_name);
  g_free (iso_path);
  return ret;
}
