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
 * Import: a qcow2 image (qemu-img convert of a hand-made boot sector that
 * prints VIREO-IMPORT-OK on COM1) becomes a VM through an IMPORT plan, and
 * the marker shows on a VireoSerialSession.
 *
 * URL: an install tree served over HTTP on 127.0.0.1 by the test is
 * detected, its kernel and initrd are fetched into the pool with progress,
 * and the VM boots them with the given arguments. The "kernel" is a minimal
 * bzImage (boot protocol 2.02 header, no protected-mode part) whose setup
 * code prints VIREO-URL-KERNEL and then the command line QEMU passed it
 * (from 0x20000, where QEMU puts it for protocol >= 2.02) on COM1: the
 * marker and the arguments on the serial console show that the guest
 * booted the fetched kernel with the plan's arguments. The fetched copies
 * are gone from the pool once the install config runs.
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
#include "../core/http-tree-server.h"
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

static const char *wanted_marker = MARKER;

static gboolean
has_marker (gpointer data)
{
  return strstr (((SerialLog *) data)->text->str, wanted_marker) != NULL;
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

/* -- import ------------------------------------------------------------------- */

#define IMPORT_MARKER "VIREO-IMPORT-OK"

/* 16-bit real mode at 0x7c00: prints the marker on COM1 about every second
 * (the boot sector of test-live-serial.c, without the VGA part) */
static const guint8 import_boot_code[] = {
  0x31, 0xc0,             /* 7c00 xor ax, ax                 */
  0x8e, 0xd8,             /* 7c02 mov ds, ax                 */
  0xbe, 0x1c, 0x7c,       /* 7c04 again: mov si, msg         */
  0xac,                   /* 7c07 next: lodsb                */
  0x84, 0xc0,             /* 7c08 test al, al                */
  0x74, 0x06,             /* 7c0a jz 7c12                    */
  0xba, 0xf8, 0x03,       /* 7c0c mov dx, 0x3f8 (COM1)       */
  0xee,                   /* 7c0f out dx, al                 */
  0xeb, 0xf5,             /* 7c10 jmp next                   */
  0xb9, 0x12, 0x00,       /* 7c12 mov cx, 18 (~1 s of ticks) */
  0xfb,                   /* 7c15 wait: sti                  */
  0xf4,                   /* 7c16 hlt                        */
  0xe2, 0xfc,             /* 7c17 loop wait                  */
  0xeb, 0xe9,             /* 7c19 jmp again                  */
  0x90,                   /* 7c1b                            */
  /* 7c1c msg: */
  'V', 'I', 'R', 'E', 'O', '-', 'I', 'M', 'P', 'O', 'R', 'T', '-', 'O', 'K', '\r', '\n', 0,
};

static gboolean
run_program (const char *const *argv,
             GError            **error)
{
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                     NULL, NULL, &err, &status, error)
      || !g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s: ", argv[0], err != NULL ? err : "");
      return FALSE;
    }
  return TRUE;
}

static void
create_pool (void)
{
  g_autofree char *pool_xml = NULL;
  virStoragePoolPtr pool;

  g_assert_cmpint (g_mkdir_with_parents (pool_dir, 0755), ==, 0);
  pool_xml = g_markup_printf_escaped ("<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>",
                                      pool_name, pool_dir);
  pool = virStoragePoolCreateXML (raw, pool_xml, 0);
  g_assert_nonnull (pool);
  virStoragePoolFree (pool);
}

static VireoInstallPlan *
live_plan (VireoInstallMethod method)
{
  VireoInstallPlan *plan = vireo_install_plan_new (URI);
  g_autoptr (GError) error = NULL;
  g_autofree char *caps = NULL;
  char *xml;

  xml = virConnectGetCapabilities (raw);
  caps = g_strdup (xml);
  free (xml);
  g_assert_true (vireo_install_plan_set_capabilities (plan, caps, &error));
  g_assert_no_error (error);
  g_assert_true (vireo_install_plan_set_os (plan, NULL, NULL, &error));
  g_object_set (plan,
                "name", GUEST,
                "method", method,
                /* TCG: real-mode code under nested KVM is unreliable here */
                "virt-type", "qemu",
                "memory-mib", 256,
                "vcpus", 1,
                "pool-name", pool_name,
                "disk-size-gib", 1,
                "network-mode", VIREO_NETWORK_MODE_NONE,
                NULL);
  return plan;
}

static char *
run_plan (VireoInstallPlan *plan,
          VireoInstallRunner **runner_out)
{
  VireoInstallRunner *runner = vireo_install_runner_new (conn, plan);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *uuid;

  vireo_install_runner_run_async (runner, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 240000));
  uuid = vireo_install_runner_run_finish (runner, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuid);
  if (runner_out != NULL)
    *runner_out = runner;
  else
    g_object_unref (runner);
  return uuid;
}

static void
wait_for_marker (const char *uuid,
                 const char *marker,
                 SerialLog  *log)
{
  g_autoptr (VireoSerialSession) session = NULL;
  VireoDomain *domain;

  g_assert_true (live_wait_until (domain_listed, NULL, 30000));
  g_assert_true (live_wait_until (domain_state_is, GINT_TO_POINTER (VIR_DOMAIN_RUNNING), 30000));
  domain = live_find_domain (conn, GUEST);
  g_assert_cmpstr (vireo_domain_get_uuid (domain), ==, uuid);
  wanted_marker = marker;
  session = open_serial (domain, log);
  if (!live_wait_until (has_marker, log, 120000))
    g_error ("no marker %s on the serial console; got \"%s\"", marker, log->text->str);
  /* the rest of the line */
  live_spin (3000);
  vireo_serial_session_close (session);
}

static void
import_install (void)
{
  g_autoptr (VireoInstallPlan) plan = NULL;
  g_autofree char *raw_path = g_build_filename (pool_dir, "import.img", NULL);
  g_autofree char *qcow2_path = g_build_filename (pool_dir, "import.qcow2", NULL);
  g_autofree char *uuid = NULL;
  g_autoptr (GError) error = NULL;
  SerialLog log = { g_string_new (NULL), FALSE };
  guint8 sector[512] = { 0 };
  virDomainPtr dom;
  char *xml;

  if (g_find_program_in_path ("qemu-img") == NULL)
    {
      g_test_skip ("qemu-img is not installed (package qemu-utils)");
      return;
    }
  create_pool ();

  /* an "existing" image: a raw boot sector converted to qcow2 */
  memcpy (sector, import_boot_code, sizeof import_boot_code);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  {
    /* 1 MiB: firmware does not boot disks smaller than a few sectors */
    g_autofree guint8 *image = g_malloc0 (1024 * 1024);

    memcpy (image, sector, sizeof sector);
    g_assert_true (g_file_set_contents (raw_path, (const char *) image, 1024 * 1024, &error));
  }
  {
    const char *argv[] = { "qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw_path, qcow2_path, NULL };

    g_assert_true (run_program (argv, &error));
    g_assert_no_error (error);
  }
  g_unlink (raw_path);
  g_chmod (qcow2_path, 0644);

  plan = live_plan (VIREO_INSTALL_METHOD_IMPORT);
  g_object_set (plan, "storage-mode", VIREO_STORAGE_MODE_EXISTING, "disk-path", qcow2_path,
                "disk-format", "qcow2", NULL);
  uuid = run_plan (plan, NULL);

  wait_for_marker (uuid, IMPORT_MARKER, &log);

  dom = virDomainLookupByName (raw, GUEST);
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (strstr (xml, qcow2_path));
  g_assert_nonnull (strstr (xml, "type='qcow2'"));
  free (xml);
  virDomainFree (dom);
  g_string_free (log.text, TRUE);
}

/* -- URL ------------------------------------------------------------------------ */

#define URL_MARKER "VIREO-URL-KERNEL "
#define URL_ARGS   "vireo.test=url-args"

/* A bzImage QEMU accepts (-kernel): one setup sector after the boot sector,
 * boot protocol 2.02 with LOADED_HIGH, so QEMU loads the setup at 0x10000,
 * the command line at 0x20000, and jumps to setup + 0x200 (CS = 0x1020). */
static GBytes *
make_kernel (void)
{
  guint8 *k = g_malloc0 (1536);
  static const guint8 code[] = {
    0x0e,                   /* 80 push cs                        */
    0x1f,                   /* 81 pop ds                         */
    0xbe, 0xc0, 0x00,       /* 82 mov si, 0xc0 (marker)          */
    0xe8, 0x1b, 0x00,       /* 85 call print (a3)                */
    0xb8, 0x00, 0x20,       /* 88 mov ax, 0x2000 (command line)  */
    0x8e, 0xd8,             /* 8b mov ds, ax                     */
    0x31, 0xf6,             /* 8d xor si, si                     */
    0xe8, 0x11, 0x00,       /* 8f call print                     */
    0x0e,                   /* 92 push cs                        */
    0x1f,                   /* 93 pop ds                         */
    0xbe, 0xe0, 0x00,       /* 94 mov si, 0xe0 (CR LF)           */
    0xe8, 0x09, 0x00,       /* 97 call print                     */
    0xb9, 0x12, 0x00,       /* 9a mov cx, 18 (~1 s of ticks)     */
    0xfb,                   /* 9d wait: sti                      */
    0xf4,                   /* 9e hlt                            */
    0xe2, 0xfc,             /* 9f loop wait                      */
    0xeb, 0xdd,             /* a1 jmp 80                         */
    0xac,                   /* a3 print: lodsb                   */
    0x84, 0xc0,             /* a4 test al, al                    */
    0x74, 0x06,             /* a6 jz ae                          */
    0xba, 0xf8, 0x03,       /* a8 mov dx, 0x3f8 (COM1)           */
    0xee,                   /* ab out dx, al                     */
    0xeb, 0xf5,             /* ac jmp print                      */
    0xc3,                   /* ae ret                            */
  };

  k[0x1f1] = 1;                     /* setup_sects */
  k[0x1fe] = 0x55;
  k[0x1ff] = 0xaa;
  k[0x200] = 0xeb;                  /* jmp 0x280 */
  k[0x201] = 0x7e;
  memcpy (k + 0x202, "HdrS", 4);
  k[0x206] = 0x02;                  /* version 2.02 */
  k[0x207] = 0x02;
  k[0x211] = 0x01;                  /* LOADED_HIGH */
  memcpy (k + 0x280, code, sizeof code);
  memcpy (k + 0x2c0, URL_MARKER, strlen (URL_MARKER) + 1);
  memcpy (k + 0x2e0, "\r\n", 3);
  return g_bytes_new_take (k, 1536);
}

static gboolean
detection_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
url_install (void)
{
  g_autoptr (VireoInstallPlan) plan = NULL;
  g_autoptr (VireoInstallRunner) runner = NULL;
  g_autoptr (VireoOsDatabase) db = vireo_os_database_new ();
  g_autoptr (VireoOsDetection) det = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GBytes) kernel = make_kernel ();
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *tree = NULL;
  g_autofree char *kernel_prefix = NULL;
  SerialLog log = { g_string_new (NULL), FALSE };
  HttpTreeServer *server;
  virDomainPtr dom;
  char *xml;

  create_pool ();
  server = http_tree_server_new (16);
  http_tree_server_add (server, "/tree/images/pxeboot/vmlinuz", g_bytes_get_data (kernel, NULL),
                        g_bytes_get_size (kernel));
  tree = http_tree_server_url (server, "tree/");

  /* the OS page: the tree is detected and names its kernel and initrd */
  g_assert_true (vireo_os_database_load (db, NULL, &error));
  vireo_os_database_detect_tree_async (db, tree, 0, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (detection_ready, &result, 30000));
  det = vireo_os_database_detect_tree_finish (db, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (det->kernel_path, ==, "images/pxeboot/vmlinuz");

  plan = live_plan (VIREO_INSTALL_METHOD_URL);
  g_object_set (plan,
                "tree-url", tree,
                "kernel-path", det->kernel_path,
                "initrd-path", det->initrd_path,
                "kernel-args", "console=ttyS0 " URL_ARGS,
                "storage-mode", VIREO_STORAGE_MODE_NEW_VOLUME,
                NULL);
  uuid = run_plan (plan, &runner);

  /* the guest runs the fetched kernel, which prints the arguments it got */
  wait_for_marker (uuid, URL_MARKER, &log);
  g_test_message ("serial: %s", log.text->str);
  g_assert_nonnull (strstr (log.text->str, URL_ARGS));
  g_assert_nonnull (strstr (log.text->str, "console=ttyS0"));

  /* the running (install) config names the copies in the pool */
  kernel_prefix = g_strdup_printf ("%s/vireo-%s-kernel.", pool_dir, GUEST);
  dom = virDomainLookupByName (raw, GUEST);
  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, 0);
  g_test_message ("install XML:\n%s", xml);
  g_assert_nonnull (strstr (xml, kernel_prefix));
  g_assert_nonnull (strstr (xml, "<cmdline>"));
  free (xml);
  /* ...which are gone now; the next boot is from the disk */
  {
    g_autoptr (GDir) dir = g_dir_open (pool_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, "vireo-" GUEST "-"));
  }
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_null (strstr (xml, "<kernel>"));
  free (xml);
  virDomainFree (dom);

  http_tree_server_free (server);
  g_string_free (log.text, TRUE);
}

/* The work runs in a child process, so that the parent removes the guest,
 * the pool and the files even when an assertion aborts the child. */
static void
in_child (void (*func) (void))
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
      func ();
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

static void
test_import_install (void)
{
  in_child (import_install);
}

static void
test_url_install (void)
{
  in_child (url_install);
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

  /* a proxy never serves the test's loopback tree (and GIO's GNOME proxy
   * resolver needs a schema the test environment hides) */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_add_func ("/live/install/iso", test_iso_install);
  g_test_add_func ("/live/install/import", test_import_install);
  g_test_add_func ("/live/install/url", test_url_install);
  ret = g_test_run ();

  if (!g_test_subprocess ())
    cleanup ();
  g_free (pool_dir);
  g_free (pool_name);
  g_free (iso_path);
  return ret;
}
