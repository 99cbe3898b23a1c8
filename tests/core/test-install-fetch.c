/* test-install-fetch.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * URL installs: an install tree served over HTTP on 127.0.0.1 by the test
 * (.treeinfo, images/pxeboot/vmlinuz, initrd.img) is detected by
 * VireoOsDatabase, its kernel and initrd are fetched with progress, and a
 * URL plan run on the test driver boots them (the install config carries
 * <kernel>/<initrd>/<cmdline>) and removes the fetched copies afterwards. A
 * 404, an https address and a URL that is not a tree give clear messages
 * and leave no files.
 */
#define G_LOG_DOMAIN "test-install-fetch"

#include "config.h"

#include "core-test-util.h"
#include "http-tree-server.h"
#include "vireo-install-runner.h"

#define KERNEL_SIZE (300 * 1024)

static HttpTreeServer *server;
static char *work_dir;

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

typedef struct
{
  GPtrArray *messages;
  double     last;
  gboolean   monotonic;
  guint      calls;
} ProgressLog;

static void
log_progress (const char *message,
              double      fraction,
              gpointer    user_data)
{
  ProgressLog *log = user_data;

  log->calls++;
  if (log->messages->len == 0 || g_strcmp0 (g_ptr_array_index (log->messages, log->messages->len - 1), message) != 0)
    {
      g_ptr_array_add (log->messages, g_strdup (message));
      log->last = -1.0;
    }
  if (fraction >= 0 && fraction < log->last)
    log->monotonic = FALSE;
  if (fraction >= 0)
    log->last = fraction;
}

static VireoOsDetection *
detect (const char *url,
        GError    **error)
{
  static VireoOsDatabase *db;
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  if (db == NULL)
    {
      db = vireo_os_database_new ();
      g_assert_true (vireo_os_database_load (db, NULL, NULL));
    }
  vireo_os_database_detect_tree_async (db, url, 0, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_os_database_detect_tree_finish (db, result, error);
}

static void
test_detect_and_fetch (void)
{
  g_autofree char *url = http_tree_server_url (server, "tree/");
  g_autoptr (VireoOsDetection) det = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *kernel = NULL;
  g_autofree char *initrd = NULL;
  g_autofree char *data = NULL;
  gsize len;
  ProgressLog log = { g_ptr_array_new_with_free_func (g_free), -1.0, TRUE, 0 };

  det = detect (url, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vireo_os_entry_get_short_id (det->os), ==, "fedora37");
  g_assert_cmpstr (det->kernel_path, ==, "images/pxeboot/vmlinuz");
  g_assert_cmpstr (det->initrd_path, ==, "images/pxeboot/initrd.img");

  g_assert_true (vireo_install_fetch_tree_files (url, det->kernel_path, det->initrd_path, work_dir,
                                                 "fetch", log_progress, &log, &kernel, &initrd, NULL,
                                                 &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (kernel, work_dir));
  g_assert_true (g_file_get_contents (kernel, &data, &len, NULL));
  g_assert_cmpuint (len, ==, KERNEL_SIZE);
  g_assert_cmpint (data[1000], ==, (char) (1000 * 7 + 3));
  g_clear_pointer (&data, g_free);
  g_assert_true (g_file_get_contents (initrd, &data, &len, NULL));
  g_assert_cmpstr (data, ==, "VIREO-INITRD\n");
  /* readable by the QEMU user */
  {
    GStatBuf st;
    g_assert_cmpint (g_stat (kernel, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0444, ==, 0444);
  }

  /* progress: kernel then initrd, each rising to 1 with steps between */
  g_assert_cmpuint (log.messages->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (log.messages, 0), ==, "Downloading the installer's kernel…");
  g_assert_cmpstr (g_ptr_array_index (log.messages, 1), ==, "Downloading the installer's initrd…");
  g_assert_true (log.monotonic);
  g_assert_cmpfloat (log.last, ==, 1.0);
  g_assert_cmpuint (log.calls, >, 4);
  g_ptr_array_unref (log.messages);

  g_unlink (kernel);
  g_unlink (initrd);
  g_assert_cmpuint (count_files (work_dir), ==, 0);
  g_clear_pointer (&kernel, g_free);
  g_clear_pointer (&initrd, g_free);

  /* a redirect is followed */
  {
    g_autofree char *redirect = http_tree_server_url (server, "redirect/tree");

    g_assert_true (vireo_install_fetch_tree_files (redirect, "images/pxeboot/vmlinuz",
                                                   "images/pxeboot/initrd.img", work_dir, "fetch", NULL,
                                                   NULL, &kernel, &initrd, NULL, &error));
    g_assert_no_error (error);
    g_unlink (kernel);
    g_unlink (initrd);
  }
}

static void
test_errors (void)
{
  g_autofree char *broken = http_tree_server_url (server, "broken/");
  g_autofree char *notatree = http_tree_server_url (server, "notatree/");
  g_autofree char *tree = http_tree_server_url (server, "tree/");
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;
  char *kernel = NULL, *initrd = NULL;

  /* .treeinfo names a kernel the server does not have */
  g_assert_false (vireo_install_fetch_tree_files (broken, "images/pxeboot/vmlinuz",
                                                  "images/pxeboot/initrd.img", work_dir, "broken", NULL,
                                                  NULL, &kernel, &initrd, NULL, &error));
  expected = g_strdup_printf ("The install tree has no kernel at %simages/pxeboot/vmlinuz (HTTP 404).",
                              broken);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (kernel);
  g_assert_cmpuint (count_files (work_dir), ==, 0);
  g_clear_error (&error);

  /* the kernel is there, the initrd is not: the kernel goes again */
  g_assert_false (vireo_install_fetch_tree_files (tree, "images/pxeboot/vmlinuz", "images/missing.img",
                                                  work_dir, "half", NULL, NULL, &kernel, &initrd, NULL,
                                                  &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (strstr (error->message, "no initrd") != NULL);
  g_assert_cmpuint (count_files (work_dir), ==, 0);
  g_clear_error (&error);

  /* https */
  g_assert_false (vireo_install_fetch_tree_files ("https://127.0.0.1:1/tree/", "a", "b", work_dir, "tls",
                                                  NULL, NULL, &kernel, &initrd, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_true (g_str_has_prefix (error->message, "HTTPS trees are not supported yet"));
  g_assert_cmpuint (count_files (work_dir), ==, 0);
  g_clear_error (&error);

  /* a web page that is not an install tree: detection says so */
  g_assert_null (detect (notatree, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND);
  g_assert_true (strstr (error->message, "is not an install tree") != NULL);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (count_files (work_dir), ==, 0);
}

static VireoInstallPlan *
url_plan (const char *name,
          const char *tree)
{
  VireoInstallPlan *plan = vireo_install_plan_new ("test:///default");

  vireo_install_plan_set_os (plan, NULL, NULL, NULL);
  g_object_set (plan,
                "name", name,
                "method", VIREO_INSTALL_METHOD_URL,
                "tree-url", tree,
                "kernel-path", "images/pxeboot/vmlinuz",
                "initrd-path", "images/pxeboot/initrd.img",
                "kernel-args", "console=ttyS0 vireo.marker=1",
                "virt-type", "kvm",
                "pool-name", "default-pool",
                "disk-size-gib", 2,
                "network-mode", VIREO_NETWORK_MODE_NETWORK,
                "network-source", "default",
                NULL);
  return plan;
}

static void
note_message (GObject    *runner,
              GParamSpec *pspec,
              gpointer    user_data)
{
  GPtrArray *messages = user_data;
  const char *message = vireo_install_runner_get_message (VIREO_INSTALL_RUNNER (runner));

  if (message != NULL)
    g_ptr_array_add (messages, g_strdup (message));
}

static char *
run (VireoConnection  *conn,
     VireoInstallPlan *plan,
     GPtrArray        *messages,
     GError          **error)
{
  g_autoptr (VireoInstallRunner) runner = vireo_install_runner_new (conn, plan);
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  char *uuid;

  vireo_install_runner_set_download_dir (runner, work_dir);
  if (messages != NULL)
    g_signal_connect (runner, "notify::message", G_CALLBACK (note_message), messages);
  vireo_install_runner_run_async (runner, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  uuid = vireo_install_runner_run_finish (runner, result, error);
  test_settle (50);
  return uuid;
}

static void
test_runner_url (void)
{
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  g_autofree char *tree = http_tree_server_url (server, "tree/");
  g_autoptr (VireoInstallPlan) plan = url_plan ("wizard-url", tree);
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *kernel = NULL;
  g_autofree char *kernel_prefix = g_build_filename (work_dir, "vireo-wizard-url-kernel.", NULL);
  g_autofree char *initrd_prefix = g_build_filename (work_dir, "vireo-wizard-url-initrd.", NULL);
  virConnectPtr raw = test_raw_open ();
  virDomainPtr dom;
  char *xml;

  uuid = run (conn, plan, messages, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuid);
  g_assert_cmpstr (g_ptr_array_index (messages, 0), ==, "Downloading the installer's kernel…");
  g_assert_cmpstr (g_ptr_array_index (messages, 1), ==, "Downloading the installer's initrd…");
  g_assert_cmpstr (g_ptr_array_index (messages, messages->len - 1), ==, "Starting the virtual machine…");

  /* the running install config boots the fetched files with the arguments */
  dom = virDomainLookupByUUIDString (raw, uuid);
  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, 0);
  g_assert_nonnull (strstr (xml, kernel_prefix));
  g_assert_nonnull (strstr (xml, initrd_prefix));
  g_assert_nonnull (strstr (xml, "console=ttyS0 vireo.marker=1"));
  free (xml);
  /* the next boot is from the disk */
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_assert_null (strstr (xml, "<kernel>"));
  free (xml);
  /* QEMU has read them: the copies are gone; the plan keeps the tree's paths */
  g_assert_cmpuint (count_files (work_dir), ==, 0);
  g_object_get (plan, "kernel-path", &kernel, NULL);
  g_assert_cmpstr (kernel, ==, "images/pxeboot/vmlinuz");

  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  {
    virStoragePoolPtr pool = virStoragePoolLookupByName (raw, "default-pool");
    virStorageVolPtr vol = virStorageVolLookupByName (pool, "wizard-url.qcow2");

    g_assert_nonnull (vol);
    virStorageVolDelete (vol, 0);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
  }
  test_raw_close (raw);
}

static void
test_runner_url_404 (void)
{
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  g_autofree char *tree = http_tree_server_url (server, "broken/");
  g_autoptr (VireoInstallPlan) plan = url_plan ("wizard-url-404", tree);
  g_autoptr (GError) error = NULL;
  virConnectPtr raw = test_raw_open ();
  g_autofree char *before = test_libvirt_names (raw);
  g_autofree char *after = NULL;

  g_assert_null (run (conn, plan, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "The install tree has no kernel at "));
  g_assert_cmpuint (count_files (work_dir), ==, 0);
  after = test_libvirt_names (raw);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (test_libvirt_state (raw, "wizard-url-404"), ==, -1);
  test_raw_close (raw);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  /* GIO's GNOME proxy resolver reads org.gnome.system.proxy, which the
   * test environment's GSETTINGS_SCHEMA_DIR (the build's schemas only)
   * lacks; the server is on loopback, which no proxy serves anyway */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  TEST_CORE_INIT (&argc, &argv);
  work_dir = g_dir_make_tmp ("vireo-fetch-XXXXXX", &error);
  g_assert_no_error (error);
  server = http_tree_server_new (KERNEL_SIZE);

  g_test_add_func ("/install-fetch/detect-and-fetch", test_detect_and_fetch);
  g_test_add_func ("/install-fetch/errors", test_errors);
  g_test_add_func ("/install-fetch/runner-url", test_runner_url);
  g_test_add_func ("/install-fetch/runner-url-404", test_runner_url_404);
  ret = g_test_run ();

  http_tree_server_free (server);
  g_rmdir (work_dir);
  g_free (work_dir);
  return ret;
}
