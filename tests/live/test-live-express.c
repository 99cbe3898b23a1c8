/* test-live-express.c — an express install of the real Debian 12 installer,
 * and the answer CD-ROM of a Windows express install from an ISO
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The second case (windows-answer-disk, about 12 s under TCG with the
 * harness) runs no Windows: a Windows 10 ISO plan whose "media" is a tiny
 * ISO, diskless, checked while SeaBIOS finds nothing to boot: the answer
 * drive in the running XML, its file already gone from the pool's folder
 * while QEMU holds it open, and no answer drive in the saved configuration
 * once the install phase is forced off.
 *
 * Debian's package debian-installer-12-netboot-amd64 ships the installer's
 * kernel and initrd. A direct-kernel plan (the person's own kernel and
 * initrd on the host) for Debian 12 with "express-install" on goes through
 * VireoInstallRunner on qemu:///system: the runner copies the initrd into
 * the pool's folder, appends Vireo's preseed to the copy, and boots it with
 * the script's command-line part. The installer (d-i) reads /preseed.cfg
 * from the initrd by itself and runs its early_command, which writes
 * "VIREO-EXPRESS <hostname>" to the console: seen on the guest's serial
 * console, it shows that the installer took Vireo's answers. The installer
 * cannot reach a mirror here and does not need to; the test stops there.
 *
 * What must not happen: the person's initrd changes, a password reaches the
 * domain's XML, or the copy stays behind. The guest has 1 GiB (libosinfo's
 * minimum for Debian 12, which validation asks for; d-i touches about
 * 256 MiB of it), no disk and no network, an i440fx machine, and runs under
 * TCG: about two minutes here (more than the 90 s the live suite's budget
 * allows a test), over a minute of it between d-i's media check and the
 * early_command, which it runs once the preseed's answers are loaded. Everything lives
 * under /var/lib/libvirt/images/vireo-live-express-PID and is removed at the
 * end, pass or fail; the guest is vireo-live-express (harness.sh removes
 * leftovers named vireo-live-*). Skipped without the package.
 */
#define G_LOG_DOMAIN "test-live-express"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "live-domain-util.h"
#include "vireo-express-install.h"
#include "vireo-install-runner.h"
#include "vireo-serial-session.h"

#define URI       "qemu:///system"
#define GUEST     "vireo-live-express"
#define WIN_GUEST "vireo-live-express-win"
#define WIN_KEY   "ABCDE-12345-FGHIJ-67890-KLMNO"
#define HOSTNAME  "vireo-express-deb"
#define MARKER    "VIREO-EXPRESS " HOSTNAME
#define PASSWORD  "live-Secret-42"
#define DI_DIR    "/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64"
#define DI_KERNEL DI_DIR "/linux"
#define DI_INITRD DI_DIR "/initrd.gz"
/* osinfo-db 20221130 names Debian 12 (bookworm) "debiantesting" */
#define DEBIAN_12 "debiantesting"

static VireoConnection *conn;
static virConnectPtr raw;
static char *pool_dir;
static char *pool_name;

static void
cleanup (void)
{
  /* a connection of the parent's own: the child's died with it */
  raw = virConnectOpen (URI);
  if (raw != NULL)
    {
      live_remove_guest (raw, GUEST);
      live_remove_guest (raw, WIN_GUEST);
      live_remove_pool (raw, pool_name, pool_dir);
      virConnectClose (raw);
      raw = NULL;
    }
  if (pool_dir != NULL)
    live_remove_pool (NULL, NULL, pool_dir);
}

static gboolean
domain_listed (gpointer data)
{
  return live_find_domain (conn, GUEST) != NULL;
}

static char *
checksum_of (const char *path)
{
  g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);

  g_assert_nonnull (file);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) g_mapped_file_get_contents (file),
                                      g_mapped_file_get_length (file));
}

static void
express_install (void)
{
  g_autoptr (VireoOsDatabase) db = vireo_os_database_new ();
  g_autoptr (VireoInstallPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *before = checksum_of (DI_INITRD);
  g_autofree char *after = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *initrd_prefix = NULL;
  VireoDomain *domain;
  virDomainPtr dom;
  gint64 start;
  char *xml;

  live_create_pool (raw, pool_name, pool_dir);
  g_assert_true (vireo_os_database_load (db, NULL, &error));
  g_assert_no_error (error);

  plan = live_plan_new (raw, URI, db, DEBIAN_12, GUEST, VIREO_INSTALL_METHOD_URL, pool_name);
  g_object_set (plan,
                /* libosinfo's minimum for Debian 12; QEMU touches far less */
                "memory-mib", 1024,
                "storage-mode", VIREO_STORAGE_MODE_NONE,
                /* i440fx: before d-i reads a preseed file it looks for media
                 * and settles udev, which q35's many root ports make half a
                 * minute longer under TCG */
                "machine", "pc",
                /* the tree the installer would fetch packages from: never reached */
                "tree-url", "http://127.0.0.1:9/debian/",
                "kernel-path", DI_KERNEL,
                "initrd-path", DI_INITRD,
                /* quiet: the kernel's messages cost seconds on an emulated serial port */
                "kernel-args", "console=ttyS0 quiet nomodeset",
                "express-install", TRUE,
                "user-login", "vireo",
                "user-fullname", "Vireo Tester",
                "user-password", PASSWORD,
                "hostname", HOSTNAME,
                "timezone", "Europe/Rome",
                "language", "en_US",
                NULL);
  {
    g_autofree char *reason = NULL;

    g_assert_true (vireo_express_install_supported (plan, &reason));
    g_assert_null (reason);
  }

  start = live_now_ms ();
  uuid = live_run_plan (conn, plan, NULL);
  g_printerr ("# started in %" G_GINT64_FORMAT " ms\n", live_now_ms () - start);

  /* the install config boots the person's kernel and a copy of their
   * initrd, with the script's part of the command line and no answers */
  initrd_prefix = g_strdup_printf ("<initrd>%s/vireo-%s-initrd.", pool_dir, GUEST);
  dom = virDomainLookupByUUIDString (raw, uuid);
  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, 0);
  g_test_message ("install XML:\n%s", xml);
  g_assert_nonnull (strstr (xml, "<kernel>" DI_KERNEL "</kernel>"));
  g_assert_nonnull (strstr (xml, initrd_prefix));
  g_assert_nonnull (strstr (xml, "debconf/priority=critical"));
  g_assert_null (strstr (xml, PASSWORD));
  free (xml);
  virDomainFree (dom);

  /* d-i read the preseed Vireo put in the initrd: its early_command's line */
  g_assert_true (live_wait_until (domain_listed, NULL, 30000));
  domain = live_find_domain (conn, GUEST);
  serial = live_serial_until (domain, MARKER, 170000, 0);
  g_printerr ("# marker after %" G_GINT64_FORMAT " ms\n", live_now_ms () - start);
  g_assert_nonnull (strstr (serial, MARKER));
  g_assert_null (strstr (serial, PASSWORD));

  /* the person's initrd is as it was; the copy is gone */
  after = checksum_of (DI_INITRD);
  g_assert_cmpstr (after, ==, before);
  {
    g_autoptr (GDir) dir = g_dir_open (pool_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, "vireo-" GUEST "-"));
  }
  live_remove_guest (raw, GUEST);
}

static void
test_express_install (void)
{
  if (!g_file_test (DI_KERNEL, G_FILE_TEST_EXISTS) || !g_file_test (DI_INITRD, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the Debian 12 installer is not installed (package debian-installer-12-netboot-amd64)");
      return;
    }
  if (g_test_subprocess ())
    {
      raw = virConnectOpen (URI);
      g_assert_nonnull (raw);
      live_remove_guest (raw, GUEST);
      conn = live_connection_open (URI, 60000);
      express_install ();
      vireo_connection_close (conn);
      g_clear_object (&conn);
      virConnectClose (raw);
      return;
    }
  g_test_trap_subprocess (NULL, 250 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  cleanup ();
  g_test_trap_assert_passed ();
}

/* -- Windows from an ISO: the answer CD-ROM ---------------------------------- */

/* xorriso makes the answer disk (and reads it back here) */
static gboolean
have_xorriso (void)
{
  g_autofree char *path = g_find_program_in_path ("xorriso");

  return path != NULL;
}

/* the paths QEMU (@pid) holds open, one a line (owned) */
static char *
open_files_of (const char *pid)
{
  g_autofree char *fd_dir = g_strdup_printf ("/proc/%s/fd", pid);
  g_autoptr (GDir) dir = g_dir_open (fd_dir, 0, NULL);
  GString *paths = g_string_new (NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename (fd_dir, name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL)
        g_string_append_printf (paths, "%s\n", target);
    }
  return g_string_free (paths, FALSE);
}

/* A Windows 10 plan from an ISO image (a tiny one with nothing to boot: the
 * installer is not what is tested) with express install on: the running
 * VM has the answer CD-ROM beside the media, QEMU has its image open while
 * the file is already gone from the pool's folder, no answer is in the
 * XML; when the install ends (here forced off) the VM's configuration has
 * no answer drive and nothing of it is left on the host. */
static void
windows_answer_disk (void)
{
  g_autoptr (VireoOsDatabase) db = vireo_os_database_new ();
  g_autoptr (VireoInstallPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *iso = g_build_filename (pool_dir, "win10-media.iso", NULL);
  g_autofree char *answer_prefix = g_strdup_printf ("%s/vireo-%s-answers.", pool_dir, WIN_GUEST);
  g_autofree char *pid_file = g_strdup_printf ("/run/libvirt/qemu/%s.pid", WIN_GUEST);
  g_autofree char *pid = NULL;
  g_autofree char *open_files = NULL;
  virDomainPtr dom;
  gint64 start;
  char *xml;

  live_create_pool (raw, pool_name, pool_dir);
  {
    /* the "installation media": an ISO with one small file */
    g_autofree char *content = g_build_filename (pool_dir, "readme.txt", NULL);
    const char *argv[] = { "xorriso", "-as", "mkisofs", "-quiet", "-o", iso, content, NULL };
    int status;

    g_assert_true (g_file_set_contents (content, "not an installer\n", -1, NULL));
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                 &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_unlink (content);
  }
  g_assert_true (vireo_os_database_load (db, NULL, &error));
  g_assert_no_error (error);

  plan = live_plan_new (raw, URI, db, "win10", WIN_GUEST, VIREO_INSTALL_METHOD_ISO, pool_name);
  g_object_set (plan,
                "media-path", iso,
                /* libosinfo's minimum for 64-bit Windows 10; SeaBIOS touches little of it */
                "memory-mib", 2048,
                "storage-mode", VIREO_STORAGE_MODE_NONE,
                "machine", "pc",
                "firmware", VIREO_FIRMWARE_BIOS,
                "express-install", TRUE,
                "user-login", "vireo",
                "user-password", PASSWORD,
                "hostname", "vireo-win",
                "product-key", WIN_KEY,
                NULL);
  g_assert_true (vireo_express_install_uses_answer_disk (plan));

  start = live_now_ms ();
  uuid = live_run_plan (conn, plan, NULL);
  g_printerr ("# started in %" G_GINT64_FORMAT " ms\n", live_now_ms () - start);

  /* the running VM: the answer drive, no answer in its XML */
  dom = virDomainLookupByUUIDString (raw, uuid);
  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, 0);
  g_test_message ("install XML:\n%s", xml);
  g_assert_nonnull (strstr (xml, answer_prefix));
  g_assert_null (strstr (xml, PASSWORD));
  g_assert_null (strstr (xml, WIN_KEY));
  free (xml);

  /* its file is gone from the host, and QEMU reads it through its open file */
  {
    g_autoptr (GDir) dir = g_dir_open (pool_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, "vireo-" WIN_GUEST "-"));
  }
  g_assert_true (g_file_get_contents (pid_file, &pid, NULL, NULL));
  g_strstrip (pid);
  open_files = open_files_of (pid);
  g_test_message ("QEMU's open files:\n%s", open_files);
  g_assert_nonnull (strstr (open_files, answer_prefix));
  g_assert_nonnull (strstr (open_files, ".iso (deleted)\n"));

  /* the install ends: the saved configuration has no answer drive */
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_null (strstr (xml, "answers"));
  g_assert_nonnull (strstr (xml, iso));
  free (xml);
  virDomainFree (dom);
  live_remove_guest (raw, WIN_GUEST);
  g_unlink (iso);
}

static void
test_windows_answer_disk (void)
{
  if (!have_xorriso ())
    {
      g_test_skip ("xorriso is not installed");
      return;
    }
  if (g_test_subprocess ())
    {
      raw = virConnectOpen (URI);
      g_assert_nonnull (raw);
      live_remove_guest (raw, WIN_GUEST);
      conn = live_connection_open (URI, 60000);
      windows_answer_disk ();
      vireo_connection_close (conn);
      g_clear_object (&conn);
      virConnectClose (raw);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC,
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
  tag = live_test_tag ("VIREO_LIVE_EXPRESS_TAG");
  pool_dir = g_strdup_printf ("/var/lib/libvirt/images/vireo-live-express-%s", tag);
  pool_name = g_strdup_printf ("vireo-live-express-%s", tag);

  g_test_add_func ("/live/express/debian12-preseed", test_express_install);
  g_test_add_func ("/live/express/windows-answer-disk", test_windows_answer_disk);
  ret = g_test_run ();

  if (!g_test_subprocess ())
    cleanup ();
  g_free (pool_dir);
  g_free (pool_name);
  return ret;
}
