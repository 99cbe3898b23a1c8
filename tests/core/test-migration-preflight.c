/* test-migration-preflight.c — the checks before a migration, on two
 * test-driver hosts (issue 13)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Host A (tests/core/data/migration/host-a.xml) holds one VM per check, each
 * with only the problem it is named for; host B (host-b.xml) is the
 * destination. Each is a file URI, so each connection has its own state.
 * Every case asserts what the Migrate dialog would show: which problems,
 * blocking or not, and that each sentence names the thing to fix and the host.
 */
#define G_LOG_DOMAIN "vireo-test-migration-preflight"

#include "config.h"

#include "core-test-util.h"
#include "vireo-connection-private.h"
#include "vireo-migration.h"

typedef struct
{
  VireoConnection *a;
  VireoConnection *b;
  char            *uri_a;
  char            *uri_b;
} Fixture;

static char *
host_uri (const char *file)
{
  return g_strdup_printf ("test://%s/tests/core/data/migration/%s", g_getenv ("VIREO_SOURCE_DIR"), file);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->uri_a = host_uri ("host-a.xml");
  f->uri_b = host_uri ("host-b.xml");
  f->a = test_connection_new_open (f->uri_a);
  f->b = test_connection_new_open (f->uri_b);
  WAIT_UNTIL (g_list_model_get_n_items (vireo_connection_get_domains (f->a)) == 16, TEST_TIMEOUT_MS);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  vireo_connection_close (f->a);
  vireo_connection_close (f->b);
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  g_free (f->uri_a);
  g_free (f->uri_b);
}

/* the defaults for a running VM, with @storage */
static void
options_for (VireoMigrationOptions *options, VireoMigrationStorage storage)
{
  memset (options, 0, sizeof *options);
  options->mode = VIREO_MIGRATION_LIVE;
  options->permanent = TRUE;
  options->transport = VIREO_MIGRATION_DIRECT;
  options->storage = storage;
}

static VireoMigrationReport *
preflight_full (VireoConnection *source, const char *name, VireoConnection *dest,
                const VireoMigrationOptions *options, GCancellable *cancellable, GError **error)
{
  VireoDomain *domain = test_find_domain (vireo_connection_get_domains (source), name, NULL);
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  g_assert_nonnull (domain);
  vireo_migration_preflight_async (domain, dest, options, cancellable, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_migration_preflight_finish (domain, result, error);
}

static VireoMigrationReport *
preflight (Fixture *f, const char *name, VireoMigrationStorage storage)
{
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  VireoMigrationReport *report;

  options_for (&options, storage);
  report = preflight_full (f->a, name, f->b, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static VireoMigrationProblem *
problem (VireoMigrationReport *report, guint i)
{
  GPtrArray *problems = vireo_migration_report_get_problems (report);

  g_assert_cmpuint (i, <, problems->len);
  return g_ptr_array_index (problems, i);
}

static guint
n_problems (VireoMigrationReport *report)
{
  GPtrArray *problems = vireo_migration_report_get_problems (report);

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem %u: check %d, %s: %s", i, problem (report, i)->check,
                    problem (report, i)->blocking ? "blocking" : "warning", problem (report, i)->message);
  return problems->len;
}

/* the message of @p contains each of the NULL-terminated strings */
static void
assert_says (VireoMigrationProblem *p, ...)
{
  va_list args;

  va_start (args, p);
  for (const char *s = va_arg (args, const char *); s != NULL; s = va_arg (args, const char *))
    if (strstr (p->message, s) == NULL)
      g_error ("“%s” does not say “%s”", p->message, s);
  va_end (args);
}

static VireoMigrationDisk *
disk (VireoMigrationReport *report, const char *target)
{
  GPtrArray *disks = vireo_migration_report_get_disks (report);

  for (guint i = 0; i < disks->len; i++)
    if (g_strcmp0 (((VireoMigrationDisk *) g_ptr_array_index (disks, i))->target, target) == 0)
      return g_ptr_array_index (disks, i);
  g_error ("no disk %s in the report", target);
  return NULL;
}

/* -- cases -------------------------------------------------------------------- */

/* a disk on an NFS pool both hosts have, a CD-ROM, a network and a bridge B
 * has: nothing to say */
static void
test_all_clear (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "clear", VIREO_MIGRATION_STORAGE_SHARED);
  VireoMigrationDisk *vda, *hdc;

  g_assert_cmpuint (n_problems (report), ==, 0);
  g_assert_false (vireo_migration_report_get_blocked (report));
  g_assert_false (vireo_migration_report_get_needs_copy (report));
  /* the empty CD-ROM drive has nothing to move */
  g_assert_cmpuint (vireo_migration_report_get_disks (report)->len, ==, 2);
  vda = disk (report, "vda");
  g_assert_cmpstr (vda->source, ==, "/srv/shared/clear.img");
  g_assert_true (vda->shared);
  g_assert_false (vda->read_only);
  g_assert_cmpuint (vda->capacity, ==, 1024 * 1024 * 1024);
  g_assert_cmpuint (vda->allocation, ==, 100 * 1024 * 1024);
  hdc = disk (report, "hdc");
  g_assert_true (hdc->read_only);
  g_assert_cmpstr (hdc->source, ==, "/srv/iso/install.iso");
}

static void
test_network_missing (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "netmissing", VIREO_MIGRATION_STORAGE_SHARED);

  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_NETWORK);
  g_assert_true (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "“lab”", "does not exist", vireo_connection_get_label (f->b), NULL);
  g_assert_true (vireo_migration_report_get_blocked (report));
}

static void
test_network_inactive (Fixture *f, gconstpointer data)
{
  virConnectPtr b = vireo_connection_ref_handle (f->b);
  virNetworkPtr isolated = virNetworkLookupByName (b, "isolated");
  g_autoptr (VireoMigrationReport) clear = NULL;
  g_autoptr (VireoMigrationReport) report = NULL;

  /* active on B: no problem */
  clear = preflight (f, "netinactive", VIREO_MIGRATION_STORAGE_SHARED);
  g_assert_cmpuint (n_problems (clear), ==, 0);

  g_assert_cmpint (virNetworkDestroy (isolated), ==, 0);
  virNetworkFree (isolated);
  virConnectClose (b);

  report = preflight (f, "netinactive", VIREO_MIGRATION_STORAGE_SHARED);
  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_NETWORK);
  g_assert_true (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "“isolated”", "not running", "Start it", NULL);
}

/* br0 is an interface on B and virbr0 the bridge of its network "default";
 * br-lab is nowhere */
static void
test_bridge_missing (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "bridged", VIREO_MIGRATION_STORAGE_SHARED);

  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_NETWORK);
  g_assert_true (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "bridge “br-lab”", NULL);
}

static void
test_name_clash (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "clash", VIREO_MIGRATION_STORAGE_SHARED);

  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_NAME);
  g_assert_true (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "“clash”", "already exists", NULL);
}

static void
test_uuid_clash (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "uuidclash", VIREO_MIGRATION_STORAGE_SHARED);

  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_NAME);
  g_assert_true (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "“other-name”", "4d1b0c2e-0000-4000-8000-000000000006",
               "“uuidclash”", NULL);
}

/* the same VM (name and UUID) shut off on B: libvirt replaces it; a warning */
static void
test_same_definition (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "samedef", VIREO_MIGRATION_STORAGE_SHARED);

  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_NAME);
  g_assert_false (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "“samedef”", "replaced", NULL);
  g_assert_false (vireo_migration_report_get_blocked (report));
}

/* 8 GiB guest, B has 4 GiB less its two running 128 MiB VMs (the test
 * driver does not say what is free: the core counts) */
static void
test_low_memory (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "big", VIREO_MIGRATION_STORAGE_SHARED);

  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_MEMORY);
  g_assert_true (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "3.8\xc2\xa0GiB", "8.0\xc2\xa0GiB", "memory", NULL);
}

/* two host devices (blocking) and a host-passthrough CPU (a warning):
 * blocking ones first */
static void
test_host_devices_sorted (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "usb", VIREO_MIGRATION_STORAGE_SHARED);

  g_assert_cmpuint (n_problems (report), ==, 3);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_HOST_DEVICE);
  g_assert_true (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "USB device 0x1234:0x5678", "Remove the device", NULL);
  g_assert_cmpint (problem (report, 1)->check, ==, VIREO_MIGRATION_CHECK_HOST_DEVICE);
  g_assert_true (problem (report, 1)->blocking);
  assert_says (problem (report, 1), "PCI device 0x0000:0x03:0x00.0x1", NULL);
  g_assert_cmpint (problem (report, 2)->check, ==, VIREO_MIGRATION_CHECK_HOST_PASSTHROUGH);
  g_assert_false (problem (report, 2)->blocking);
  assert_says (problem (report, 2), "same processor", NULL);
}

/* B runs i686 guests only */
static void
test_other_arch (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "otherarch", VIREO_MIGRATION_STORAGE_SHARED);

  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_HYPERVISOR);
  g_assert_true (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "cannot run this VM", "“test”", "x86_64", NULL);
}

/* the test driver cannot compare CPUs: a warning that says so */
static void
test_cpu_not_compared (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "cpucustom", VIREO_MIGRATION_STORAGE_SHARED);

  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_CPU);
  g_assert_false (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "Could not compare", vireo_connection_get_label (f->b), NULL);
}

/* a disk only A has: blocking with shared storage; with a copy, B's pool for
 * its directory receives it */
static void
test_storage_not_shared (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "localdisk", VIREO_MIGRATION_STORAGE_SHARED);
  g_autoptr (VireoMigrationReport) copy = NULL;
  VireoMigrationDisk *vda;

  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_STORAGE);
  g_assert_true (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "vda", "/srv/a/images/local.qcow2", "copy the disks",
               "storage both hosts share", NULL);
  g_assert_true (vireo_migration_report_get_needs_copy (report));
  vda = disk (report, "vda");
  g_assert_false (vda->shared);
  g_assert_cmpuint (vda->capacity, ==, 2 * 1024 * 1024 * 1024ull);

  copy = preflight (f, "localdisk", VIREO_MIGRATION_STORAGE_COPY_ALL);
  g_assert_cmpuint (n_problems (copy), ==, 0);
  g_assert_true (vireo_migration_report_get_needs_copy (copy));
  vda = disk (copy, "vda");
  g_assert_cmpstr (vda->dest_pool, ==, "a-images");
  /* the test driver's 100 GiB, less B's same.qcow2 */
  g_assert_cmpuint (vda->dest_pool_free, ==, 100 * 1024 * 1024 * 1024ull - 512 * 1024 * 1024);
}

/* The disk's path is a volume in a local (dir) pool on both hosts: maybe a
 * shared file system mounted at that path, maybe another file of the same
 * name.  Not shared (a copy is what the dialog proposes), with a warning
 * naming the disk; with shared storage chosen nothing blocks (the person
 * knows), with a copy the warning says the file there is replaced. */
static void
test_storage_same_path (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "samepath", VIREO_MIGRATION_STORAGE_SHARED);
  g_autoptr (VireoMigrationReport) copy = NULL;
  VireoMigrationDisk *vda;

  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_STORAGE);
  g_assert_false (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "vda", "/srv/a/images/same.qcow2", "same path",
               vireo_connection_get_label (f->b), "cannot tell", "same storage",
               "copy the disks", NULL);
  g_assert_false (vireo_migration_report_get_blocked (report));
  g_assert_true (vireo_migration_report_get_needs_copy (report));
  vda = disk (report, "vda");
  g_assert_false (vda->shared);
  g_assert_false (vda->read_only);
  /* where a copy would go, shown before copying is chosen */
  g_assert_cmpstr (vda->dest_pool, ==, "a-images");

  copy = preflight (f, "samepath", VIREO_MIGRATION_STORAGE_COPY_ALL);
  g_assert_cmpuint (n_problems (copy), ==, 1);
  g_assert_false (problem (copy, 0)->blocking);
  assert_says (problem (copy, 0), "vda", "same path", "cannot tell", "replaces",
               "choose shared storage", NULL);
  g_assert_true (vireo_migration_report_get_needs_copy (copy));
  vda = disk (copy, "vda");
  g_assert_false (vda->shared);
  g_assert_cmpstr (vda->dest_pool, ==, "a-images");
}

/* an 8 GiB disk copied into B's "default" pool, which has 512 MiB free */
static void
test_storage_pool_full (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "bigdisk", VIREO_MIGRATION_STORAGE_COPY_ALL);
  VireoMigrationDisk *vdb;

  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_STORAGE);
  g_assert_true (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "“default”", "disk vdb needs", "512.0\xc2\xa0MiB", "8.0\xc2\xa0GiB", NULL);
  vdb = disk (report, "vdb");
  g_assert_cmpstr (vdb->dest_pool, ==, "default");
  g_assert_cmpuint (vdb->dest_pool_free, ==, 512 * 1024 * 1024);
}

/* the destination is the source, as the same object or another connection to it */
static void
test_same_host (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoConnection) again = test_connection_new_open (f->uri_a);
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  VireoConnection *dests[] = { f->a, again };

  options_for (&options, VIREO_MIGRATION_STORAGE_SHARED);
  for (guint i = 0; i < G_N_ELEMENTS (dests); i++)
    {
      g_autoptr (VireoMigrationReport) report
          = preflight_full (f->a, "clear", dests[i], &options, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_DESTINATION);
      g_assert_true (problem (report, 0)->blocking);
      assert_says (problem (report, 0), "already runs on", "Choose another host", NULL);
    }
  vireo_connection_close (again);
}

static void
test_disconnected (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoConnection) closed = vireo_connection_new (f->uri_b);
  g_autoptr (VireoMigrationReport) report = NULL;
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;

  options_for (&options, VIREO_MIGRATION_STORAGE_SHARED);
  report = preflight_full (f->a, "netmissing", closed, &options, NULL, &error);
  g_assert_no_error (error);
  /* nothing is asked of a host that is not there */
  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_DESTINATION);
  g_assert_true (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "not connected", "Connect to it", NULL);
}

/* the options alone are refused: the first problem, blocking */
static void
test_options_invalid (Fixture *f, gconstpointer data)
{
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoMigrationReport) report = NULL;

  options_for (&options, VIREO_MIGRATION_STORAGE_SHARED);
  options.limit_bandwidth = TRUE;
  options.bandwidth_mib = 0;
  report = preflight_full (f->a, "clear", f->b, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_problems (report), ==, 1);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_OPTIONS);
  g_assert_true (problem (report, 0)->blocking);
  g_assert_cmpstr (problem (report, 0)->message, !=, "");
}

/* a network name of 400 characters with markup and a line break in it: the
 * sentence holds a bounded, plain copy on one line */
static void
test_hostile_name (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoMigrationReport) report = preflight (f, "hostile", VIREO_MIGRATION_STORAGE_SHARED);
  const char *message;

  g_assert_cmpuint (n_problems (report), ==, 1);
  message = problem (report, 0)->message;
  g_assert_true (g_utf8_validate (message, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (message, -1), <, 500);
  g_assert_null (strchr (message, '\n'));
  assert_says (problem (report, 0), "“<b>lab &xxx", "…”", NULL);
}

/* an offline move of a shut-off VM: what would keep it from starting on B.
 * The disk blocks (an offline move leaves it behind); too little memory and a
 * stopped network are warnings (its definition can move, it cannot start) */
static void
test_offline (Fixture *f, gconstpointer data)
{
  virConnectPtr b = vireo_connection_ref_handle (f->b);
  virNetworkPtr isolated = virNetworkLookupByName (b, "isolated");
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoMigrationReport) report = NULL;

  g_assert_cmpint (virNetworkDestroy (isolated), ==, 0);
  virNetworkFree (isolated);
  virConnectClose (b);

  options_for (&options, VIREO_MIGRATION_STORAGE_SHARED);
  options.mode = VIREO_MIGRATION_OFFLINE;
  report = preflight_full (f->a, "offline", f->b, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_problems (report), ==, 3);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_STORAGE);
  g_assert_true (problem (report, 0)->blocking);
  assert_says (problem (report, 0), "vda", "/srv/a/images/local.qcow2", "offline move",
               "would not start", NULL);
  g_assert_cmpint (problem (report, 1)->check, ==, VIREO_MIGRATION_CHECK_NETWORK);
  g_assert_false (problem (report, 1)->blocking);
  assert_says (problem (report, 1), "“isolated”", NULL);
  g_assert_cmpint (problem (report, 2)->check, ==, VIREO_MIGRATION_CHECK_MEMORY);
  g_assert_false (problem (report, 2)->blocking);
  assert_says (problem (report, 2), "will not start there", NULL);

  /* the same VM, live: the options say it is shut off, first */
  g_clear_object (&report);
  options.mode = VIREO_MIGRATION_LIVE;
  report = preflight_full (f->a, "offline", f->b, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (problem (report, 0)->check, ==, VIREO_MIGRATION_CHECK_OPTIONS);
  g_assert_true (problem (report, 0)->blocking);
}

static void
test_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  VireoMigrationReport *report;

  options_for (&options, VIREO_MIGRATION_STORAGE_SHARED);
  g_cancellable_cancel (cancellable);
  report = preflight_full (f->a, "clear", f->b, &options, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char **argv)
{
  TEST_CORE_INIT (&argc, &argv);

#define ADD(path, func) g_test_add ("/migration-preflight/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("all-clear", test_all_clear);
  ADD ("network-missing", test_network_missing);
  ADD ("network-inactive", test_network_inactive);
  ADD ("bridge-missing", test_bridge_missing);
  ADD ("name-clash", test_name_clash);
  ADD ("uuid-clash", test_uuid_clash);
  ADD ("same-definition", test_same_definition);
  ADD ("low-memory", test_low_memory);
  ADD ("host-devices-sorted", test_host_devices_sorted);
  ADD ("other-arch", test_other_arch);
  ADD ("cpu-not-compared", test_cpu_not_compared);
  ADD ("storage-not-shared", test_storage_not_shared);
  ADD ("storage-pool-full", test_storage_pool_full);
  ADD ("storage-same-path", test_storage_same_path);
  ADD ("same-host", test_same_host);
  ADD ("disconnected", test_disconnected);
  ADD ("options-invalid", test_options_invalid);
  ADD ("hostile-name", test_hostile_name);
  ADD ("offline", test_offline);
  ADD ("cancelled", test_cancelled);
#undef ADD

  return g_test_run ();
}
