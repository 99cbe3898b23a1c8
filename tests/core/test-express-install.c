/* test-express-install.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Express (unattended) installs: which OSes offer it and why not, the checks
 * on the answers, the answer file libosinfo makes (Debian's preseed: the
 * answers in the file, none of them on the kernel command line), the cpio
 * archive the initrd gets, and a direct-kernel run on the test driver that
 * boots a copy of the person's initrd with the answers in it.
 */
#define G_LOG_DOMAIN "test-express-install"

#include "config.h"

#include <glib/gstdio.h>

#include "core-test-util.h"
#include "http-tree-server.h"
#include "vireo-express-install.h"
#include "vireo-install-runner.h"

/* osinfo-db 20221130 has no "debian12": Debian 12 (bookworm) is its
 * "debiantesting" */
#define DEBIAN_12 "debiantesting"
#define PASSWORD  "s3cret-Pa55"
#define ADMIN_PW  "r00t-Pa55"

static VireoOsDatabase *db;
static char *work_dir;

static VireoInstallPlan *
make_plan (const char        *os_id,
           VireoInstallMethod method)
{
  VireoInstallPlan *plan = vireo_install_plan_new ("test:///default");
  g_autoptr (GError) error = NULL;
  g_autofree char *iso = g_build_filename (work_dir, "install.iso", NULL);

  g_file_set_contents (iso, "", 0, NULL);
  g_assert_true (vireo_install_plan_set_os (plan, db, os_id, &error));
  g_assert_no_error (error);
  g_object_set (plan,
                "name", "express-vm",
                "method", method,
                "media-path", iso,
                "tree-url", "http://127.0.0.1:9/debian/",
                "virt-type", "kvm",
                "pool-name", "default-pool",
                "disk-size-gib", 2,
                "memory-mib", 2048,
                "network-mode", VIREO_NETWORK_MODE_NETWORK,
                "network-source", "default",
                NULL);
  return plan;
}

static void
set_answers (VireoInstallPlan *plan)
{
  g_object_set (plan,
                "express-install", TRUE,
                "user-login", "alice",
                "user-fullname", "Alice Liddell",
                "user-password", PASSWORD,
                "admin-same-as-user", FALSE,
                "admin-password", ADMIN_PW,
                "hostname", "wonderland",
                "timezone", "Europe/Rome",
                "language", "it_IT",
                NULL);
}

/* -- which OSes ------------------------------------------------------------ */

static void
test_supported (void)
{
  struct
  {
    const char        *os;
    VireoInstallMethod method;
    gboolean           supported;
    const char        *reason;
  } cases[] = {
    { DEBIAN_12, VIREO_INSTALL_METHOD_URL, TRUE, NULL },
    { "fedora37", VIREO_INSTALL_METHOD_URL, TRUE, NULL },
    /* Windows' scripts go on an answer CD-ROM, which its installer searches */
    { "win10", VIREO_INSTALL_METHOD_ISO, TRUE, NULL },
    /* osinfo-db 20221130 has no script for Windows 11 */
    { "win11", VIREO_INSTALL_METHOD_ISO, FALSE, "Microsoft Windows 11 has no unattended install script." },
    /* Windows XP's winnt.sif goes on a floppy only */
    { "winxp", VIREO_INSTALL_METHOD_ISO, FALSE,
      "The install script of Microsoft Windows XP needs a floppy disk, which Vireo cannot make." },
    /* a kickstart on a CD-ROM needs "inst.ks=" on a command line an ISO keeps */
    { "fedora37", VIREO_INSTALL_METHOD_ISO, FALSE,
      "The install script of Fedora Linux 37 cannot reach an ISO install; install from its network install tree instead." },
    { "alpinelinux3.17", VIREO_INSTALL_METHOD_URL, FALSE, "Alpine Linux 3.17 has no unattended install script." },
    /* Debian's preseed reaches the installer through the initrd only */
    { DEBIAN_12, VIREO_INSTALL_METHOD_ISO, FALSE,
      "The install script of Debian testing cannot reach an ISO install; install from its network install tree instead." },
    { DEBIAN_12, VIREO_INSTALL_METHOD_PXE, FALSE,
      "Express install works only when installing from an ISO image or a network install tree." },
    { NULL, VIREO_INSTALL_METHOD_URL, FALSE,
      "Express install needs an operating system from the list: Vireo has no install script for an unknown one." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (VireoInstallPlan) plan = make_plan (cases[i].os, cases[i].method);
      g_autofree char *reason = NULL;

      g_test_message ("%s, method %d", cases[i].os, cases[i].method);
      g_assert_cmpint (vireo_express_install_supported (plan, &reason), ==, cases[i].supported);
      g_assert_cmpstr (reason, ==, cases[i].reason);
    }

  {
    /* the answer disk is made on this computer: not for another host's QEMU */
    g_autoptr (VireoInstallPlan) remote = make_plan ("win10", VIREO_INSTALL_METHOD_ISO);
    g_autofree char *reason = NULL;

    g_object_set (remote, "uri", "qemu+ssh://root@elsewhere.example/system", NULL);
    g_assert_false (vireo_express_install_supported (remote, &reason));
    g_assert_cmpstr (reason, ==, "Express install from an ISO image works only with this computer’s own "
                                 "hypervisor: the answer disk is made here.");
  }
  {
    g_autoptr (VireoInstallPlan) win = make_plan ("win10", VIREO_INSTALL_METHOD_ISO);
    g_autoptr (VireoInstallPlan) debian = make_plan (DEBIAN_12, VIREO_INSTALL_METHOD_URL);

    g_assert_true (vireo_express_install_needs_product_key (win));
    g_assert_false (vireo_express_install_needs_product_key (debian));
  }
}

/* -- the answers ----------------------------------------------------------- */

static void
expect_invalid (VireoInstallPlan *plan,
                const char       *property,
                const char       *value,
                const char       *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) plan_error = NULL;
  GValue saved = G_VALUE_INIT;

  g_object_get_property (G_OBJECT (plan), property, (g_value_init (&saved, G_TYPE_STRING), &saved));
  g_object_set (plan, property, value, NULL);
  g_assert_false (vireo_express_install_validate (plan, &error));
  g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_EXPRESS);
  g_assert_cmpstr (error->message, ==, message);
  /* the whole plan's check says the same */
  g_assert_false (vireo_install_plan_validate (plan, &plan_error));
  g_assert_error (plan_error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_EXPRESS);
  g_object_set_property (G_OBJECT (plan), property, &saved);
  g_value_unset (&saved);
}

static void
test_validate (void)
{
  g_autoptr (VireoInstallPlan) plan = make_plan (DEBIAN_12, VIREO_INSTALL_METHOD_URL);
  g_autoptr (VireoInstallPlan) win = make_plan ("win10", VIREO_INSTALL_METHOD_ISO);
  g_autoptr (GError) error = NULL;

  /* express off: nothing asked */
  g_assert_true (vireo_express_install_validate (plan, &error));
  g_assert_no_error (error);

  set_answers (plan);
  g_assert_true (vireo_express_install_validate (plan, &error));
  g_assert_no_error (error);
  g_assert_true (vireo_install_plan_validate (plan, &error));
  g_assert_no_error (error);

  expect_invalid (plan, "user-password", "",
                  "Express install: enter a password for the user account; the installer needs one.");
  expect_invalid (plan, "user-password", "two\nlines",
                  "Express install: the user's password may have at most 256 characters, and no line "
                  "breaks or other control characters.");
  expect_invalid (plan, "admin-password", "",
                  "Express install: enter the administrator password, or use the user's.");
  expect_invalid (plan, "user-login", "", "Express install: enter a user name for the account it creates.");
  expect_invalid (plan, "user-login", "Alice Liddell",
                  "Express install: the user name must start with a lower-case letter and have only "
                  "lower-case letters, digits, “-” and “_” (at most 32), and cannot be “root”.");
  expect_invalid (plan, "user-login", "root",
                  "Express install: the user name must start with a lower-case letter and have only "
                  "lower-case letters, digits, “-” and “_” (at most 32), and cannot be “root”.");
  expect_invalid (plan, "hostname", "-wonderland",
                  "Express install: the host name may have only letters, digits and “-” (not first or "
                  "last, not only digits), at most 63 of them.");
  expect_invalid (plan, "hostname", "wonder land\nd-i x",
                  "Express install: the host name may have only letters, digits and “-” (not first or "
                  "last, not only digits), at most 63 of them.");
  expect_invalid (plan, "timezone", "../../etc/passwd",
                  "Express install: the time zone is not one of the system's time zones, such as “Europe/Rome”.");

  /* the admin password is the user's: then it need not be given */
  g_object_set (plan, "admin-same-as-user", TRUE, "admin-password", "", NULL);
  g_assert_true (vireo_express_install_validate (plan, &error));
  g_assert_no_error (error);

  /* Windows: a product key in five groups of five, which its script
   * requires */
  set_answers (win);
  g_object_set (win, "product-key", "ABCDE-12345-FGHIJ-67890-KLMNO", NULL);
  expect_invalid (win, "product-key", "",
                  "Express install: enter the product key of your copy of the system, in the form "
                  "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX; its installer needs one.");
  expect_invalid (win, "product-key", "ABCDE-12345",
                  "Express install: the product key must have the form XXXXX-XXXXX-XXXXX-XXXXX-XXXXX "
                  "(letters and digits).");
  expect_invalid (win, "product-key", "ABCDE-12345-ABCDE-12345-ABCD!",
                  "Express install: the product key must have the form XXXXX-XXXXX-XXXXX-XXXXX-XXXXX "
                  "(letters and digits).");
  expect_invalid (win, "hostname", "wonderland-castle",
                  "Express install: the host name may have only letters, digits and “-” (not first or "
                  "last, not only digits), at most 15 of them.");
  g_assert_true (vireo_express_install_validate (win, &error));
  g_assert_no_error (error);
  g_assert_true (vireo_install_plan_validate (win, &error));
  g_assert_no_error (error);
}

static void
test_host_defaults (void)
{
  const char *tz = vireo_express_install_host_timezone ();
  const char *lang = vireo_express_install_host_language ();

  g_assert_nonnull (tz);
  g_assert_nonnull (lang);
  /* never a path or a codeset: what the scripts take */
  g_assert_false (g_path_is_absolute (tz));
  g_assert_null (strchr (lang, '.'));
  g_assert_cmpuint (strlen (lang), >=, 2);
}

/* -- the script ------------------------------------------------------------ */

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, PASSWORD));
  g_assert_null (strstr (text, ADMIN_PW));
}

static void
test_debian_preseed (void)
{
  g_autoptr (VireoInstallPlan) plan = make_plan (DEBIAN_12, VIREO_INSTALL_METHOD_URL);
  g_autoptr (VireoExpressScript) script = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *install_xml = NULL;
  g_autofree char *final_xml = NULL;
  const char *cmdline;

  set_answers (plan);
  script = vireo_express_install_generate (plan, &error);
  g_assert_no_error (error);
  g_assert_nonnull (script);

  g_assert_cmpstr (vireo_express_script_get_filename (script), ==, "preseed.cfg");
  text = g_strndup (g_bytes_get_data (vireo_express_script_get_contents (script), NULL),
                    g_bytes_get_size (vireo_express_script_get_contents (script)));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "d-i netcfg/get_hostname string wonderland\n"));
  g_assert_nonnull (strstr (text, "d-i passwd/username alice\n"));
  g_assert_nonnull (strstr (text, "d-i passwd/user-fullname string Alice Liddell\n"));
  g_assert_nonnull (strstr (text, "d-i passwd/user-password password " PASSWORD "\n"));
  g_assert_nonnull (strstr (text, "d-i passwd/root-password password " ADMIN_PW "\n"));
  g_assert_nonnull (strstr (text, "d-i time/zone select Europe/Rome\n"));
  g_assert_nonnull (strstr (text, "d-i debian-installer/locale string it_IT\n"));
  /* the plan's disk is virtio for Debian */
  g_assert_nonnull (strstr (text, "d-i partman-auto/disk string /dev/vda\n"));
  /* the marker the live test waits for */
  g_assert_nonnull (strstr (text, "d-i preseed/early_command string echo VIREO-EXPRESS wonderland > /dev/console\n"));

  /* the command line: what d-i needs, no answers */
  cmdline = vireo_express_script_get_cmdline (script);
  g_assert_nonnull (strstr (cmdline, "debconf/priority=critical"));
  assert_no_secret (cmdline);
  g_assert_null (strstr (cmdline, "alice"));

  /* and the XML libvirt gets: the command line's part in the install
   * phase, never a password or the account */
  g_object_set (plan, "kernel-path", "/boot/linux", "initrd-path", "/boot/initrd.gz", NULL);
  install_xml = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_INSTALL, &error);
  g_assert_no_error (error);
  final_xml = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_FINAL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (install_xml, "debconf/priority=critical"));
  g_assert_null (strstr (final_xml, "debconf/priority=critical"));
  assert_no_secret (install_xml);
  assert_no_secret (final_xml);
  g_assert_null (strstr (install_xml, "alice"));

  /* express off: the command line is as before */
  g_object_set (plan, "express-install", FALSE, NULL);
  g_clear_pointer (&install_xml, g_free);
  install_xml = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_INSTALL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (install_xml, "debconf/priority=critical"));
}

static void
test_hostname_from_name (void)
{
  g_autoptr (VireoInstallPlan) plan = make_plan (DEBIAN_12, VIREO_INSTALL_METHOD_URL);
  g_autofree char *hostname = NULL;

  set_answers (plan);
  g_object_set (plan, "hostname", "", "name", "My Debian_12 (test)", NULL);
  hostname = vireo_express_install_effective_hostname (plan);
  g_assert_cmpstr (hostname, ==, "my-debian-12-te");
  g_assert_true (vireo_express_install_validate (plan, NULL));
}

/* -- the cpio archive ------------------------------------------------------ */

typedef struct
{
  char   *name;
  guint32 mode;
  GBytes *data;
} CpioEntry;

static void
cpio_entry_free (CpioEntry *entry)
{
  g_free (entry->name);
  g_bytes_unref (entry->data);
  g_free (entry);
}

static guint32
hex_field (const guint8 *header,
           guint         index)
{
  char field[9] = { 0 };

  memcpy (field, header + 6 + 8 * index, 8);
  for (guint i = 0; i < 8; i++)
    g_assert_true (g_ascii_isxdigit (field[i]));
  return (guint32) g_ascii_strtoull (field, NULL, 16);
}

/* Reads "newc" archives from @offset (which must be a multiple of four, as
 * the kernel wants), until the trailer; returns the entries. */
static GPtrArray *
read_cpio (const guint8 *bytes,
           gsize         size,
           gsize         offset)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cpio_entry_free);

  g_assert_cmpuint (offset % 4, ==, 0);
  for (;;)
    {
      CpioEntry *entry;
      guint32 namesize, filesize;

      g_assert_cmpuint (offset + 110, <=, size);
      g_assert_cmpmem (bytes + offset, 6, "070701", 6);
      namesize = hex_field (bytes + offset, 11);
      filesize = hex_field (bytes + offset, 6);
      g_assert_cmpuint (offset + 110 + namesize, <=, size);
      g_assert_cmpint (bytes[offset + 110 + namesize - 1], ==, '\0');
      entry = g_new0 (CpioEntry, 1);
      entry->name = g_strdup ((const char *) bytes + offset + 110);
      entry->mode = hex_field (bytes + offset, 1);
      offset = (offset + 110 + namesize + 3) & ~(gsize) 3;
      g_assert_cmpuint (offset + filesize, <=, size);
      entry->data = g_bytes_new (bytes + offset, filesize);
      offset = (offset + filesize + 3) & ~(gsize) 3;
      if (g_str_equal (entry->name, "TRAILER!!!"))
        {
          cpio_entry_free (entry);
          break;
        }
      g_ptr_array_add (entries, entry);
    }
  g_assert_cmpuint (offset, ==, size);
  return entries;
}

static void
test_cpio (void)
{
  g_autoptr (GBytes) contents = g_bytes_new_static ("hello, installer\n", 17);
  g_autoptr (GBytes) archive = vireo_express_cpio_newc ("preseed.cfg", contents, 0600);
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *cpio = NULL;
  CpioEntry *entry;
  gsize size;
  const guint8 *bytes = g_bytes_get_data (archive, &size);

  g_assert_cmpuint (size % 4, ==, 0);
  entries = read_cpio (bytes, size, 0);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->name, ==, "preseed.cfg");
  g_assert_cmpuint (entry->mode, ==, 0100600);
  g_assert_true (g_bytes_equal (entry->data, contents));

  /* the system's cpio reads it too, when it is there */
  cpio = g_find_program_in_path ("cpio");
  if (cpio != NULL)
    {
      g_autofree char *path = g_build_filename (work_dir, "test.cpio", NULL);
      g_autofree char *cmd = NULL;
      g_autofree char *out = NULL;
      int status;

      g_assert_true (g_file_set_contents (path, (const char *) bytes, size, NULL));
      cmd = g_strdup_printf ("cpio -it --quiet -F %s", path);
      g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_cmpstr (out, ==, "preseed.cfg\n");
      g_unlink (path);
    }
}

/* the archive goes after the initrd's own bytes, from a multiple of four */
static void
test_inject (void)
{
  g_autoptr (VireoInstallPlan) plan = make_plan (DEBIAN_12, VIREO_INSTALL_METHOD_URL);
  g_autoptr (VireoExpressScript) script = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (work_dir, "initrd-inject", NULL);
  g_autofree char *data = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  CpioEntry *entry;
  gsize size;
  /* a gzip member's first bytes, seven of them: not a multiple of four */
  static const char initrd[] = "\x1f\x8b\x08\x00zzz";

  set_answers (plan);
  script = vireo_express_install_generate (plan, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, initrd, 7, NULL));
  g_assert_true (vireo_express_install_inject_initrd (path, script, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &data, &size, NULL));
  g_assert_cmpmem (data, 7, initrd, 7);
  g_assert_cmpint (data[7], ==, 0);
  entries = read_cpio ((const guint8 *) data, size, 8);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->name, ==, "preseed.cfg");
  g_assert_cmpuint (entry->mode, ==, 0100600);
  g_assert_true (g_bytes_equal (entry->data, vireo_express_script_get_contents (script)));
  g_unlink (path);

  /* no file: an error, nothing created */
  g_assert_false (vireo_express_install_inject_initrd (path, script, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* -- a run on the test driver ---------------------------------------------- */

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_run_direct_kernel (void)
{
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  g_autoptr (VireoInstallPlan) plan = make_plan (DEBIAN_12, VIREO_INSTALL_METHOD_URL);
  g_autoptr (VireoInstallRunner) runner = vireo_install_runner_new (conn, plan);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *kernel = g_build_filename (work_dir, "linux", NULL);
  g_autofree char *initrd = g_build_filename (work_dir, "initrd.gz", NULL);
  g_autofree char *downloads = g_build_filename (work_dir, "downloads", NULL);
  g_autofree char *after = NULL;
  g_autofree char *initrd_elem = NULL;
  GAsyncResult *slot = NULL;
  virConnectPtr raw = test_raw_open ();
  virDomainPtr dom;
  char *xml;
  gsize after_len;

  g_assert_cmpint (g_mkdir (downloads, 0700), ==, 0);
  g_assert_true (g_file_set_contents (kernel, "kernel", -1, NULL));
  g_assert_true (g_file_set_contents (initrd, "\x1f\x8b person's initrd", -1, NULL));
  set_answers (plan);
  g_object_set (plan, "name", "express-run", "kernel-path", kernel, "initrd-path", initrd,
                "kernel-args", "console=ttyS0", NULL);
  vireo_install_runner_set_download_dir (runner, downloads);

  vireo_install_runner_run_async (runner, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  uuid = vireo_install_runner_run_finish (runner, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuid);

  dom = virDomainLookupByUUIDString (raw, uuid);
  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, 0);
  g_test_message ("running: %s", xml);
  /* the person's kernel, a copy of their initrd, the script's command line */
  {
    g_autofree char *k = g_strdup_printf ("<kernel>%s</kernel>", kernel);
    g_autofree char *prefix = g_strdup_printf ("<initrd>%s/vireo-express-run-initrd.", downloads);

    g_assert_nonnull (strstr (xml, k));
    g_assert_nonnull (strstr (xml, prefix));
  }
  g_assert_nonnull (strstr (xml, "debconf/priority=critical"));
  g_assert_nonnull (strstr (xml, "console=ttyS0"));
  assert_no_secret (xml);
  free (xml);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  assert_no_secret (xml);
  g_assert_null (strstr (xml, "<initrd>"));
  free (xml);

  /* the person's initrd is untouched; the copy is gone once started */
  g_assert_true (g_file_get_contents (initrd, &after, &after_len, NULL));
  g_assert_cmpstr (after, ==, "\x1f\x8b person's initrd");
  g_assert_cmpuint (count_files (downloads), ==, 0);
  /* the plan still names the person's files */
  g_object_get (plan, "initrd-path", &initrd_elem, NULL);
  g_assert_cmpstr (initrd_elem, ==, initrd);

  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  {
    virStoragePoolPtr pool = virStoragePoolLookupByName (raw, "default-pool");
    virStorageVolPtr vol = virStorageVolLookupByName (pool, "express-run.qcow2");

    g_assert_nonnull (vol);
    virStorageVolDelete (vol, 0);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
  }
  test_raw_close (raw);
  g_unlink (kernel);
  g_unlink (initrd);
  g_rmdir (downloads);
}

static void
message_cb (VireoInstallRunner *runner,
            GParamSpec         *pspec,
            GPtrArray          *messages)
{
  const char *message = vireo_install_runner_get_message (runner);

  if (message != NULL)
    g_ptr_array_add (messages, g_strdup (message));
}

static gboolean
has_message (GPtrArray  *messages,
             const char *message)
{
  return g_ptr_array_find_with_equal_func (messages, message, g_str_equal, NULL);
}

/* a URL install: the tree's initrd is fetched, and the answers go into it */
static void
test_run_url (void)
{
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  g_autoptr (VireoInstallPlan) plan = make_plan (DEBIAN_12, VIREO_INSTALL_METHOD_URL);
  g_autoptr (VireoInstallRunner) runner = vireo_install_runner_new (conn, plan);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *uuid = NULL;
  g_autofree char *tree = NULL;
  g_autofree char *downloads = g_build_filename (work_dir, "url-downloads", NULL);
  g_autofree char *prefix = NULL;
  HttpTreeServer *server = http_tree_server_new (4096);
  GAsyncResult *slot = NULL;
  virConnectPtr raw = test_raw_open ();
  virDomainPtr dom;
  char *xml;

  g_assert_cmpint (g_mkdir (downloads, 0700), ==, 0);
  tree = http_tree_server_url (server, "tree/");
  set_answers (plan);
  g_object_set (plan, "name", "express-url", "tree-url", tree, "kernel-path", "images/pxeboot/vmlinuz",
                "initrd-path", "images/pxeboot/initrd.img", NULL);
  vireo_install_runner_set_download_dir (runner, downloads);
  g_signal_connect (runner, "notify::message", G_CALLBACK (message_cb), messages);

  vireo_install_runner_run_async (runner, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  uuid = vireo_install_runner_run_finish (runner, result, &error);
  g_assert_no_error (error);
  test_settle (50);
  g_assert_true (has_message (messages, "Downloading the installer's initrd…"));
  g_assert_true (has_message (messages, "Adding the answers to the installer…"));

  dom = virDomainLookupByUUIDString (raw, uuid);
  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, 0);
  prefix = g_strdup_printf ("<initrd>%s/vireo-express-url-initrd.", downloads);
  g_assert_nonnull (strstr (xml, prefix));
  g_assert_nonnull (strstr (xml, "debconf/priority=critical"));
  assert_no_secret (xml);
  free (xml);
  g_assert_cmpuint (count_files (downloads), ==, 0);

  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  {
    virStoragePoolPtr pool = virStoragePoolLookupByName (raw, "default-pool");
    virStorageVolPtr vol = virStorageVolLookupByName (pool, "express-url.qcow2");

    g_assert_nonnull (vol);
    virStorageVolDelete (vol, 0);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
  }
  test_raw_close (raw);
  http_tree_server_free (server);
  g_rmdir (downloads);
}

/* bad answers: the run stops before anything is created */
static void
test_run_refused (void)
{
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  g_autoptr (VireoInstallPlan) plan = make_plan (DEBIAN_12, VIREO_INSTALL_METHOD_URL);
  g_autoptr (VireoInstallRunner) runner = vireo_install_runner_new (conn, plan);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  GAsyncResult *slot = NULL;
  virConnectPtr raw = test_raw_open ();

  set_answers (plan);
  g_object_set (plan, "name", "express-refused", "user-password", "", "kernel-path", "/nonexistent/linux",
                "initrd-path", "/nonexistent/initrd.gz", NULL);
  vireo_install_runner_run_async (runner, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  uuid = vireo_install_runner_run_finish (runner, result, &error);
  g_assert_null (uuid);
  g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_EXPRESS);
  g_assert_cmpint (test_libvirt_state (raw, "express-refused"), ==, -1);
  test_raw_close (raw);
}

/* -- the answer disk of ISO installs ---------------------------------------- */

#define PRODUCT_KEY "ABCDE-12345-FGHIJ-67890-KLMNO"

static VireoInstallPlan *
make_windows_plan (void)
{
  VireoInstallPlan *plan = make_plan ("win10", VIREO_INSTALL_METHOD_ISO);

  set_answers (plan);
  g_object_set (plan, "hostname", "looking-glass", "product-key", PRODUCT_KEY, NULL);
  return plan;
}

/* xorriso makes the answer disk (and reads it back here) */
static gboolean
have_xorriso (void)
{
  g_autofree char *path = g_find_program_in_path ("xorriso");

  return path != NULL;
}

/* the file @name inside the ISO image @iso, read back with xorriso */
static char *
read_from_iso (const char *iso,
               const char *name)
{
  g_autofree char *out = g_build_filename (work_dir, "extracted", NULL);
  g_autofree char *inside = g_strdup_printf ("/%s", name);
  const char *argv[] = { "xorriso", "-osirrox", "on", "-indev", iso, "-extract", inside, out, NULL };
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                               | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_chmod (out, 0600);
  g_unlink (out);
  return contents;
}

/* Windows 10's autounattend.xml on a CD-ROM image: the answers are in it
 * under the name the installer looks for, the file is the user's alone,
 * and nothing else is left in the directory */
static void
test_answer_disk (void)
{
  g_autoptr (VireoInstallPlan) plan = make_windows_plan ();
  g_autoptr (VireoExpressScript) script = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_build_filename (work_dir, "answers", NULL);
  g_autofree char *iso = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = NULL;
  GStatBuf st;

  if (!have_xorriso ())
    {
      g_test_skip ("xorriso is not installed");
      return;
    }
  g_assert_true (vireo_express_install_uses_answer_disk (plan));
  script = vireo_express_install_generate (plan, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vireo_express_script_get_filename (script), ==, "autounattend.xml");
  /* nothing on a command line: the ISO boots its own */
  g_assert_cmpstr (vireo_express_script_get_cmdline (script), ==, "");

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  iso = vireo_express_install_make_answer_disk (dir, "My VM/1", script, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (iso);
  base = g_path_get_basename (iso);
  g_assert_true (g_str_has_prefix (base, "vireo-My-VM-1-answers."));
  g_assert_true (g_str_has_suffix (base, ".iso"));
  g_assert_cmpint (g_stat (iso, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* the image alone: the staged script is gone */
  g_assert_cmpuint (count_files (dir), ==, 1);

  text = read_from_iso (iso, "autounattend.xml");
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "<Key>" PRODUCT_KEY "</Key>"));
  g_assert_nonnull (strstr (text, "<Username>alice</Username>"));
  g_assert_nonnull (strstr (text, "<ComputerName>looking-glass</ComputerName>"));
  g_assert_nonnull (strstr (text, PASSWORD));
  g_unlink (iso);

  /* no directory to write in: an error that says so, nothing left */
  {
    g_autofree char *missing = g_build_filename (work_dir, "no-such-dir", NULL);
    g_autofree char *none = vireo_express_install_make_answer_disk (missing, "vm", script, NULL, &error);

    g_assert_null (none);
    g_assert_nonnull (error);
    g_assert_true (g_str_has_prefix (error->message, "Could not create the answer disk of the express install in "));
    g_clear_error (&error);
  }
  g_rmdir (dir);
}

/* which installs get a disk: only an ISO install of an OS whose script
 * goes on one; Debian's (initrd only) never does */
static void
test_answer_disk_which (void)
{
  g_autoptr (VireoInstallPlan) debian = make_plan (DEBIAN_12, VIREO_INSTALL_METHOD_URL);
  g_autoptr (VireoInstallPlan) debian_iso = make_plan (DEBIAN_12, VIREO_INSTALL_METHOD_ISO);
  g_autoptr (VireoInstallPlan) win = make_windows_plan ();
  g_autoptr (GError) error = NULL;
  g_autofree char *install_xml = NULL;

  set_answers (debian);
  set_answers (debian_iso);
  g_assert_false (vireo_express_install_uses_answer_disk (debian));
  g_assert_false (vireo_express_install_uses_answer_disk (debian_iso));
  g_object_set (win, "express-install", FALSE, NULL);
  g_assert_false (vireo_express_install_uses_answer_disk (win));
  g_object_set (win, "express-install", TRUE, NULL);
  g_assert_true (vireo_express_install_uses_answer_disk (win));

  /* the plan's XML has no second CD-ROM unless the run gives it one */
  g_object_set (debian, "kernel-path", "/boot/linux", "initrd-path", "/boot/initrd.gz", NULL);
  install_xml = vireo_install_plan_to_domain_xml (debian, VIREO_INSTALL_PHASE_INSTALL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (install_xml, "device=\"cdrom\""));
  g_clear_pointer (&install_xml, g_free);
  install_xml = vireo_install_plan_to_domain_xml (win, VIREO_INSTALL_PHASE_INSTALL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (install_xml, "answers"));
}

/* the install phase's XML with the answer CD-ROM, pinned in a golden file;
 * the final phase never has it */
static void
test_answer_disk_xml (void)
{
  g_autoptr (VireoInstallPlan) plan = make_windows_plan ();
  g_autoptr (GError) error = NULL;
  g_autofree char *install_xml = NULL;
  g_autofree char *final_xml = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *golden = NULL;
  g_autofree char *golden_path = g_build_filename (g_getenv ("VIREO_SOURCE_DIR"), "tests", "core", "golden",
                                                   "express-iso-win10-answer-disk.xml", NULL);

  g_object_set (plan, "uuid", "8b6c3fd2-6a1e-4c35-9f0e-1d2c3b4a5e6f", "mac", "52:54:00:12:34:56",
                "media-path", "/srv/iso/Win10_22H2_English_x64.iso", NULL);
  _vireo_install_plan_set_answer_disk (plan, "/var/lib/libvirt/images/vireo-express-vm-answers.0000abcd.iso");
  install_xml = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_INSTALL, &error);
  g_assert_no_error (error);
  final_xml = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_FINAL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (final_xml, "answers"));
  /* a configuration the person edited gets the answer drive in its
   * install phase too, beside the media */
  {
    g_autofree char *merged = vireo_install_plan_install_xml_from (plan, final_xml, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (merged, "<source file=\"/var/lib/libvirt/images/vireo-express-vm-answers.0000abcd.iso\"/>"));
    g_assert_nonnull (strstr (merged, "<source file=\"/srv/iso/Win10_22H2_English_x64.iso\"/>"));
  }
  _vireo_install_plan_set_answer_disk (plan, NULL);
  assert_no_secret (install_xml);
  g_assert_null (strstr (install_xml, PRODUCT_KEY));

  expected = g_strdup_printf ("<!-- express-iso-win10-answer-disk.xml: the install phase of a Windows 10 express "
                              "install from an ISO; generated by tests/core/test-express-install.c, regenerate "
                              "with VIREO_UPDATE_GOLDEN=1 -->\n%s", install_xml);
  if (g_strcmp0 (g_getenv ("VIREO_UPDATE_GOLDEN"), "1") == 0)
    {
      g_assert_true (g_file_set_contents (golden_path, expected, -1, NULL));
      g_test_message ("updated %s", golden_path);
      return;
    }
  g_assert_true (g_file_get_contents (golden_path, &golden, NULL, NULL));
  g_assert_cmpstr (expected, ==, golden);
}

/* an ISO run on the test driver: the answer CD-ROM is made, given to the
 * install phase beside the installation media, and its file is gone once
 * the VM runs; the saved configuration has no such drive */
static void
test_run_iso (void)
{
  g_autoptr (VireoConnection) conn = NULL;
  g_autoptr (VireoInstallPlan) plan = NULL;
  g_autoptr (VireoInstallRunner) runner = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *uuid = NULL;
  g_autofree char *downloads = g_build_filename (work_dir, "iso-downloads", NULL);
  g_autofree char *prefix = NULL;
  GAsyncResult *slot = NULL;
  virConnectPtr raw;
  virDomainPtr dom;
  char *xml;

  if (!have_xorriso ())
    {
      g_test_skip ("xorriso is not installed");
      return;
    }
  conn = test_connection_new_open ("test:///default");
  plan = make_windows_plan ();
  runner = vireo_install_runner_new (conn, plan);
  raw = test_raw_open ();
  g_assert_cmpint (g_mkdir (downloads, 0700), ==, 0);
  g_object_set (plan, "name", "express-iso", NULL);
  vireo_install_runner_set_download_dir (runner, downloads);
  g_signal_connect (runner, "notify::message", G_CALLBACK (message_cb), messages);

  vireo_install_runner_run_async (runner, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  uuid = vireo_install_runner_run_finish (runner, result, &error);
  g_assert_no_error (error);
  test_settle (50);
  g_assert_true (has_message (messages, "Making the answer disk of the express install…"));

  dom = virDomainLookupByUUIDString (raw, uuid);
  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, 0);
  g_test_message ("running: %s", xml);
  prefix = g_strdup_printf ("<source file='%s/vireo-express-iso-answers.", downloads);
  g_assert_nonnull (strstr (xml, prefix));
  assert_no_secret (xml);
  g_assert_null (strstr (xml, PRODUCT_KEY));
  free (xml);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_null (strstr (xml, "answers"));
  free (xml);
  /* the image is gone from the host once the VM has it */
  g_assert_cmpuint (count_files (downloads), ==, 0);

  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  {
    virStoragePoolPtr pool = virStoragePoolLookupByName (raw, "default-pool");
    virStorageVolPtr vol = virStorageVolLookupByName (pool, "express-iso.qcow2");

    g_assert_nonnull (vol);
    virStorageVolDelete (vol, 0);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
  }
  test_raw_close (raw);
  g_rmdir (downloads);
}

/* -- the keyboard ------------------------------------------------------------ */

static void
test_keyboard (void)
{
  const struct
  {
    const char *file;
    const char *layout;
  } cases[] = {
    { "XKBMODEL=\"pc105\"\nXKBLAYOUT=\"it\"\nXKBVARIANT=\"\"\n", "it" },
    { "XKBLAYOUT=de,us\n", "de" },
    { "  XKBLAYOUT='fr'\n", "fr" },
    { "XKBMODEL=\"pc105\"\n", NULL },
    { "XKBLAYOUT=\"\"\n", NULL },
    { "XKBLAYOUT=\"$(reboot)\"\n", NULL },
    { "XKBLAYOUT=\"IT\"\n", NULL },
  };
  g_autofree char *path = g_build_filename (work_dir, "keyboard", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *layout = NULL;

      g_assert_true (g_file_set_contents (path, cases[i].file, -1, NULL));
      layout = _vireo_express_install_keyboard_from_file (path);
      g_assert_cmpstr (layout, ==, cases[i].layout);
    }
  g_unlink (path);
  g_assert_null (_vireo_express_install_keyboard_from_file (path));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  TEST_CORE_INIT (&argc, &argv);
  /* a proxy never serves the test's loopback tree */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  work_dir = g_dir_make_tmp ("vireo-express-XXXXXX", &error);
  g_assert_no_error (error);
  db = vireo_os_database_new ();
  g_assert_true (vireo_os_database_load (db, NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/express-install/supported", test_supported);
  g_test_add_func ("/express-install/validate", test_validate);
  g_test_add_func ("/express-install/host-defaults", test_host_defaults);
  g_test_add_func ("/express-install/debian-preseed", test_debian_preseed);
  g_test_add_func ("/express-install/hostname-from-name", test_hostname_from_name);
  g_test_add_func ("/express-install/cpio", test_cpio);
  g_test_add_func ("/express-install/inject", test_inject);
  g_test_add_func ("/express-install/run-direct-kernel", test_run_direct_kernel);
  g_test_add_func ("/express-install/run-url", test_run_url);
  g_test_add_func ("/express-install/run-refused", test_run_refused);
  g_test_add_func ("/express-install/answer-disk", test_answer_disk);
  g_test_add_func ("/express-install/answer-disk-which", test_answer_disk_which);
  g_test_add_func ("/express-install/answer-disk-xml", test_answer_disk_xml);
  g_test_add_func ("/express-install/run-iso", test_run_iso);
  g_test_add_func ("/express-install/keyboard", test_keyboard);
  ret = g_test_run ();

  {
    g_autofree char *iso = g_build_filename (work_dir, "install.iso", NULL);

    g_unlink (iso);
    g_rmdir (work_dir);
  }
  g_clear_object (&db);
  g_free (work_dir);
  return ret;
}
