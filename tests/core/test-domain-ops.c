/* test-domain-ops.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rename, save to a file and restore from it (issue 15) on libvirt's test
 * driver, checked against libvirt's own view (a second connection to the same
 * in-process driver): the VM carries its new name and nothing else moved; a
 * rename that cannot happen says why and changes nothing; a VM saved to a file
 * is shut off, and restored from it runs again.
 */
#define G_LOG_DOMAIN "vireo-test-domain-ops"

#include "config.h"

#include "core-test-util.h"

typedef struct
{
  virConnectPtr raw;
  VireoConnection *conn;
  GListModel *domains;
  VireoDomain *domain; /* "ops-vm", owned */
  char *dir;           /* for saved files */
} Fixture;

#define VM_NAME  "ops-vm"
#define NEW_NAME "ops-vm-renamed"
#define OTHER    "ops-other"

static const char vm_xml[] = "<domain type='test'><name>" VM_NAME "</name>"
                             "<memory unit='MiB'>256</memory><vcpu>1</vcpu>"
                             "<os><type arch='x86_64'>hvm</type></os></domain>";
static const char other_xml[] = "<domain type='test'><name>" OTHER "</name>"
                                "<memory unit='MiB'>128</memory><vcpu>1</vcpu>"
                                "<os><type arch='x86_64'>hvm</type></os></domain>";

static void
undefine_named (virConnectPtr raw, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);

  if (dom == NULL)
    {
      virResetLastError ();
      return;
    }
  if (virDomainIsActive (dom) == 1)
    virDomainDestroy (dom);
  virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE);
  virDomainFree (dom);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  virDomainPtr dom;
  g_autoptr (GError) error = NULL;

  f->raw = test_raw_open ();
  g_assert_nonnull (f->raw);
  dom = virDomainDefineXML (f->raw, vm_xml);
  g_assert_nonnull (dom);
  virDomainFree (dom);
  dom = virDomainDefineXML (f->raw, other_xml);
  g_assert_nonnull (dom);
  virDomainFree (dom);
  f->dir = g_dir_make_tmp ("vireo-ops-XXXXXX", &error);
  g_assert_no_error (error);
  f->conn = test_connection_new_open ("test:///default");
  f->domains = vireo_connection_get_domains (f->conn);
  f->domain = g_object_ref (test_find_domain (f->domains, VM_NAME, NULL));
  WAIT_UNTIL (test_find_domain (f->domains, OTHER, NULL) != NULL, TEST_TIMEOUT_MS);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *entry;

  vireo_connection_close (f->conn);
  g_clear_object (&f->domain);
  g_clear_object (&f->conn);
  undefine_named (f->raw, VM_NAME);
  undefine_named (f->raw, NEW_NAME);
  undefine_named (f->raw, OTHER);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, entry, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  test_raw_close (f->raw);
}

static gboolean
rename_domain (VireoDomain *domain, const char *name, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_rename_async (domain, name, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_domain_rename_finish (domain, result, error);
}

static void
count_progress (double fraction, gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static gboolean
save_domain (VireoDomain *domain, const char *path, double *progress, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_save_to_file_async (domain, path, count_progress, progress, NULL,
                                   test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_domain_save_to_file_finish (domain, result, error);
}

static gboolean
restore_file (VireoConnection *conn, const char *path, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_restore_from_file_async (conn, path, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_domain_restore_from_file_finish (conn, result, error);
}

/* The same VM (uuid, object, row) under its new name; the old name is gone. */
static void
test_rename (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = g_strdup (vireo_domain_get_uuid (f->domain));
  guint n_before = g_list_model_get_n_items (f->domains);

  g_assert_null (vireo_domain_get_rename_blocker (f->domain));
  g_assert_true (rename_domain (f->domain, NEW_NAME, &error));
  g_assert_no_error (error);

  g_assert_cmpint (test_libvirt_state (f->raw, NEW_NAME), ==, VIR_DOMAIN_SHUTOFF);
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, -1);
  WAIT_UNTIL (g_strcmp0 (vireo_domain_get_name (f->domain), NEW_NAME) == 0, TEST_TIMEOUT_MS);
  g_assert_cmpstr (vireo_domain_get_uuid (f->domain), ==, uuid);
  /* the events (undefined and defined, "renamed") settle on the same object */
  test_settle (200);
  g_assert_true (test_find_domain (f->domains, NEW_NAME, NULL) == f->domain);
  g_assert_null (test_find_domain (f->domains, VM_NAME, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (f->domains), ==, n_before);
  g_assert_false (vireo_domain_get_removed (f->domain));
  g_assert_true (vireo_domain_get_available (f->domain));
}

/* Each refusal is a sentence and leaves libvirt as it was. */
static void
test_rename_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *blocker;

  /* a name the wizard would refuse */
  g_assert_false (vireo_domain_check_new_name (f->domain, "a/b", &error));
  g_assert_nonnull (strstr (error->message, "“/”"));
  g_clear_error (&error);
  g_assert_false (rename_domain (f->domain, "a/b", &error));
  g_test_message ("bad name: %s", error->message);
  g_assert_nonnull (strstr (error->message, VM_NAME));
  g_clear_error (&error);
  g_assert_false (rename_domain (f->domain, "", &error));
  g_clear_error (&error);

  /* its own name */
  g_assert_false (rename_domain (f->domain, VM_NAME, &error));
  g_assert_nonnull (strstr (error->message, "already called"));
  g_clear_error (&error);

  /* a name another VM of the host has */
  g_assert_false (vireo_domain_check_new_name (f->domain, OTHER, &error));
  g_assert_nonnull (strstr (error->message, "another virtual machine"));
  g_clear_error (&error);
  g_assert_false (rename_domain (f->domain, OTHER, &error));
  g_test_message ("taken: %s", error->message);
  g_assert_nonnull (strstr (error->message, "another virtual machine"));
  g_assert_nonnull (strstr (error->message, OTHER));
  g_clear_error (&error);
  g_assert_cmpint (test_libvirt_state (f->raw, OTHER), ==, VIR_DOMAIN_SHUTOFF);

  /* running: the reason, before and after asking */
  g_assert_true (test_domain_action (f->domain, VIREO_DOMAIN_ACTION_RUN, &error));
  WAIT_UNTIL (vireo_domain_get_state (f->domain) == VIREO_DOMAIN_STATE_RUNNING, TEST_TIMEOUT_MS);
  blocker = vireo_domain_get_rename_blocker (f->domain);
  g_assert_nonnull (blocker);
  g_assert_nonnull (strstr (blocker, "shut off"));
  g_assert_false (rename_domain (f->domain, NEW_NAME, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, "Shut it down"));
  g_clear_error (&error);

  /* a managed save keeps the old name: refused too */
  g_assert_true (test_domain_action (f->domain, VIREO_DOMAIN_ACTION_SAVE, &error));
  WAIT_UNTIL (vireo_domain_get_has_managed_save (f->domain), TEST_TIMEOUT_MS);
  blocker = vireo_domain_get_rename_blocker (f->domain);
  g_assert_nonnull (blocker);
  g_assert_nonnull (strstr (blocker, "saved state"));

  g_assert_cmpint (test_libvirt_state (f->raw, NEW_NAME), ==, -1);
  g_assert_cmpstr (vireo_domain_get_name (f->domain), ==, VM_NAME);
}

/* Saved to a file: shut off, the file on the host; restored: runs again. */
static void
test_save_restore (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "ops-vm.save", NULL);
  double progress = 0;

  /* not running: refused with a sentence, no file */
  g_assert_false (save_domain (f->domain, path, &progress, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, VM_NAME));
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (test_domain_action (f->domain, VIREO_DOMAIN_ACTION_RUN, &error));
  WAIT_UNTIL (vireo_domain_get_state (f->domain) == VIREO_DOMAIN_STATE_RUNNING, TEST_TIMEOUT_MS);

  /* a relative path is no path on the host */
  g_assert_false (save_domain (f->domain, "ops-vm.save", &progress, &error));
  g_assert_nonnull (strstr (error->message, "full path"));
  g_clear_error (&error);

  g_assert_true (save_domain (f->domain, path, &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (progress, ==, 1.0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, VIR_DOMAIN_SHUTOFF);
  WAIT_UNTIL (vireo_domain_get_state (f->domain) == VIREO_DOMAIN_STATE_SHUTOFF, TEST_TIMEOUT_MS);
  /* a file, not a managed save: the list says "Shut off" */
  g_assert_false (vireo_domain_get_has_managed_save (f->domain));

  g_assert_true (restore_file (f->conn, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, VIR_DOMAIN_RUNNING);
  WAIT_UNTIL (vireo_domain_get_state (f->domain) == VIREO_DOMAIN_STATE_RUNNING, TEST_TIMEOUT_MS);
  g_assert_true (test_find_domain (f->domains, VM_NAME, NULL) == f->domain);
}

/* A file that holds no saved VM: a sentence naming the file. */
static void
test_restore_bad_file (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "not-a-save.img", NULL);
  guint n_before = g_list_model_get_n_items (f->domains);

  g_file_set_contents (path, "<domain>not saved", -1, &error);
  g_assert_no_error (error);
  g_assert_false (restore_file (f->conn, path, &error));
  g_assert_nonnull (error);
  g_test_message ("bad file: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Could not restore the virtual machine saved in “not-a-save.img”"));
  g_clear_error (&error);

  g_assert_false (restore_file (f->conn, "relative.img", &error));
  g_assert_nonnull (strstr (error->message, "full path"));
  g_assert_cmpuint (g_list_model_get_n_items (f->domains), ==, n_before);
}

int
main (int argc, char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add ("/domain-ops/rename", Fixture, NULL, fixture_setup, test_rename, fixture_teardown);
  g_test_add ("/domain-ops/rename-refused", Fixture, NULL, fixture_setup, test_rename_refused,
              fixture_teardown);
  g_test_add ("/domain-ops/save-restore", Fixture, NULL, fixture_setup, test_save_restore,
              fixture_teardown);
  g_test_add ("/domain-ops/restore-bad-file", Fixture, NULL, fixture_setup, test_restore_bad_file,
              fixture_teardown);

  return g_test_run ();
}
