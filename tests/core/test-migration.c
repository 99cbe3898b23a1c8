/* test-migration.c — the migration job's options, its checks, its progress
 * and its failure on libvirt's test driver (issue 13)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The source is test:///default (its running VM "test", plus a shut-off and
 * a transient VM this test makes and removes); the destination is a second
 * test-driver host from a file.  The test driver cannot migrate: the job must
 * fail with a sentence and leave the source as it was.  What is asserted is
 * what the Migrate dialog would show: the defaults it offers, the sentence
 * under a refused option, the progress view's numbers.
 */
#define G_LOG_DOMAIN "vireo-test-migration"

#include "config.h"

#include "core-test-util.h"
#include "vireo-connection-private.h"
#include "vireo-migration.h"
#include "vireo-migration-private.h"

#define SHUTOFF_VM   "vireo-migration-off"
#define TRANSIENT_VM "vireo-migration-transient"

typedef struct
{
  VireoConnection *source;
  VireoConnection *dest;
  char            *dest_file;
} Fixture;

#define VM_XML(name) \
  "<domain type='test'><name>" name "</name><memory>65536</memory><vcpu>1</vcpu>" \
  "<os><type>hvm</type></os></domain>"

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = NULL;
  virConnectPtr handle;
  virDomainPtr dom;
  int fd;

  f->source = test_connection_new_open ("test:///default");
  handle = vireo_connection_ref_handle (f->source);
  g_assert_nonnull (handle);
  dom = virDomainDefineXML (handle, VM_XML (SHUTOFF_VM));
  g_assert_nonnull (dom);
  virDomainFree (dom);
  dom = virDomainCreateXML (handle, VM_XML (TRANSIENT_VM), 0);
  g_assert_nonnull (dom);
  virDomainFree (dom);
  virConnectClose (handle);

  /* a second host: an empty test-driver node of its own */
  fd = g_file_open_tmp ("vireo-migration-dest-XXXXXX.xml", &f->dest_file, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (f->dest_file, "<node/>", -1, &error);
  g_assert_no_error (error);
  uri = g_strdup_printf ("test://%s", f->dest_file);
  f->dest = test_connection_new_open (uri);

  WAIT_UNTIL (test_find_domain (vireo_connection_get_domains (f->source), SHUTOFF_VM, NULL) != NULL &&
              test_find_domain (vireo_connection_get_domains (f->source), TRANSIENT_VM, NULL) != NULL,
              TEST_TIMEOUT_MS);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  virConnectPtr handle = vireo_connection_ref_handle (f->source);
  virDomainPtr dom;

  if ((dom = virDomainLookupByName (handle, SHUTOFF_VM)) != NULL)
    {
      virDomainUndefine (dom);
      virDomainFree (dom);
    }
  if ((dom = virDomainLookupByName (handle, TRANSIENT_VM)) != NULL)
    {
      virDomainDestroy (dom);
      virDomainFree (dom);
    }
  virResetLastError ();
  virConnectClose (handle);

  vireo_connection_close (f->source);
  vireo_connection_close (f->dest);
  g_clear_object (&f->source);
  g_clear_object (&f->dest);
  g_unlink (f->dest_file);
  g_free (f->dest_file);
}

static VireoDomain *
find (Fixture *f, const char *name)
{
  VireoDomain *domain = test_find_domain (vireo_connection_get_domains (f->source), name, NULL);

  g_assert_nonnull (domain);
  return domain;
}

/* -- the defaults the dialog starts from ------------------------------------------------ */

static void
test_options_init (Fixture *f, gconstpointer data)
{
  VireoMigrationOptions options;

  /* a running persistent VM: a live, permanent move, direct, shared storage, no limits */
  vireo_migration_options_init (&options, find (f, "test"));
  g_assert_cmpint (options.mode, ==, VIREO_MIGRATION_LIVE);
  g_assert_true (options.permanent);
  g_assert_cmpint (options.transport, ==, VIREO_MIGRATION_DIRECT);
  g_assert_cmpint (options.storage, ==, VIREO_MIGRATION_STORAGE_SHARED);
  g_assert_null (options.address);
  g_assert_cmpuint (options.port, ==, 0);
  g_assert_false (options.limit_bandwidth);
  g_assert_cmpint (options.max_downtime_ms, ==, 0);
  g_assert_false (options.postcopy || options.unsafe || options.auto_converge || options.compressed);
  g_assert_true (vireo_migration_options_validate_for (&options, find (f, "test"), NULL));
  vireo_migration_options_clear (&options);

  /* a shut-off VM moves offline */
  vireo_migration_options_init (&options, find (f, SHUTOFF_VM));
  g_assert_cmpint (options.mode, ==, VIREO_MIGRATION_OFFLINE);
  g_assert_true (options.permanent);
  g_assert_true (vireo_migration_options_validate_for (&options, find (f, SHUTOFF_VM), NULL));
  vireo_migration_options_clear (&options);

  /* a transient VM moves live, with no definition to keep or make */
  vireo_migration_options_init (&options, find (f, TRANSIENT_VM));
  g_assert_cmpint (options.mode, ==, VIREO_MIGRATION_LIVE);
  g_assert_false (options.permanent);
  g_assert_true (vireo_migration_options_validate_for (&options, find (f, TRANSIENT_VM), NULL));
  vireo_migration_options_clear (&options);
}

static void
test_options_copy (void)
{
  VireoMigrationOptions a = { 0 }, b = { 0 };

  a.address = g_strdup ("10.0.0.2");
  a.port = 49152;
  a.limit_bandwidth = TRUE;
  a.bandwidth_mib = 5;
  vireo_migration_options_copy (&a, &b);
  g_assert_cmpstr (b.address, ==, "10.0.0.2");
  g_assert_true (b.address != a.address);
  g_assert_cmpuint (b.port, ==, 49152);
  g_assert_cmpint (b.bandwidth_mib, ==, 5);
  vireo_migration_options_clear (&a);
  vireo_migration_options_clear (&b);
  g_assert_null (b.address);
}

/* -- refused options: each one a sentence that names what to change ----------------------- */

typedef struct
{
  const char *name;
  void      (*change) (VireoMigrationOptions *options);
  const char *says;   /* a piece of the sentence */
} BadOption;

static void bandwidth_zero (VireoMigrationOptions *o) { o->limit_bandwidth = TRUE; o->bandwidth_mib = 0; }
static void bandwidth_negative (VireoMigrationOptions *o) { o->limit_bandwidth = TRUE; o->bandwidth_mib = -5; }
static void port_too_big (VireoMigrationOptions *o) { o->address = g_strdup ("10.0.0.2"); o->port = 65536; }
static void port_alone (VireoMigrationOptions *o) { o->port = 49152; }
static void address_spaces (VireoMigrationOptions *o) { o->address = g_strdup ("10.0.0.2 ; rm"); }
static void address_scheme (VireoMigrationOptions *o) { o->address = g_strdup ("tcp://10.0.0.2"); }
static void address_long (VireoMigrationOptions *o) { o->address = g_strnfill (300, 'a'); }
static void downtime_negative (VireoMigrationOptions *o) { o->max_downtime_ms = -1; }
static void postcopy_tunnelled (VireoMigrationOptions *o) { o->postcopy = TRUE; o->transport = VIREO_MIGRATION_TUNNELLED; }
static void copy_tunnelled (VireoMigrationOptions *o) { o->storage = VIREO_MIGRATION_STORAGE_COPY_ALL; o->transport = VIREO_MIGRATION_TUNNELLED; }
static void offline_copy (VireoMigrationOptions *o) { o->mode = VIREO_MIGRATION_OFFLINE; o->storage = VIREO_MIGRATION_STORAGE_COPY_ALL; }
static void offline_postcopy (VireoMigrationOptions *o) { o->mode = VIREO_MIGRATION_OFFLINE; o->postcopy = TRUE; }
static void bad_mode (VireoMigrationOptions *o) { o->mode = 7; }

static const BadOption bad_options[] = {
  { "bandwidth 0", bandwidth_zero, "at least 1 MiB/s" },
  { "bandwidth -5", bandwidth_negative, "at least 1 MiB/s" },
  { "port 65536", port_too_big, "between 1 and 65535" },
  { "port without address", port_alone, "Give the address" },
  { "address with spaces", address_spaces, "without spaces" },
  { "address with a scheme", address_scheme, "tcp://" },
  { "address of 300 characters", address_long, "host name or an IP address" },
  { "downtime -1", downtime_negative, "maximum downtime" },
  { "post-copy tunnelled", postcopy_tunnelled, "Post-copy does not work through a tunnelled" },
  { "copy tunnelled", copy_tunnelled, "cannot be copied through a tunnelled" },
  { "offline with copy", offline_copy, "An offline move takes only the definition" },
  { "offline with post-copy", offline_postcopy, "Post-copy applies only to a live move" },
  { "unknown mode", bad_mode, "live or an offline" },
};

static void
test_options_refused (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_options); i++)
    {
      VireoMigrationOptions options = { 0 };
      g_autoptr (GError) error = NULL;

      options.permanent = TRUE;
      bad_options[i].change (&options);
      g_test_message ("%s", bad_options[i].name);
      g_assert_false (vireo_migration_options_validate (&options, &error));
      g_assert_error (error, VIREO_ERROR, VIREO_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, bad_options[i].says));
      vireo_migration_options_clear (&options);
    }

  /* what is fine: a limit of 1 MiB/s, port 65535 with an address, IPv6 */
  {
    VireoMigrationOptions options = { 0 };

    options.limit_bandwidth = TRUE;
    options.bandwidth_mib = 1;
    options.address = g_strdup ("fe80::1");
    options.port = 65535;
    g_assert_true (vireo_migration_options_validate (&options, NULL));
    /* a tunnelled move ignores the direct address and port */
    options.transport = VIREO_MIGRATION_TUNNELLED;
    options.port = 70000;
    g_assert_true (vireo_migration_options_validate (&options, NULL));
    vireo_migration_options_clear (&options);
  }
}

static void
assert_refused_for (VireoDomain *domain, VireoMigrationMode mode, const char *says)
{
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;

  vireo_migration_options_init (&options, domain);
  options.mode = mode;
  g_assert_true (vireo_migration_options_validate (&options, NULL));
  g_assert_false (vireo_migration_options_validate_for (&options, domain, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, says));
  vireo_migration_options_clear (&options);
}

static void
test_options_refused_for_vm (Fixture *f, gconstpointer data)
{
  assert_refused_for (find (f, SHUTOFF_VM), VIREO_MIGRATION_LIVE, "A live move needs a running");
  assert_refused_for (find (f, "test"), VIREO_MIGRATION_OFFLINE, "An offline move needs a shut-off");
  assert_refused_for (find (f, TRANSIENT_VM), VIREO_MIGRATION_OFFLINE, "transient");
}

/* -- the job on the test driver: fails with a sentence, the source unchanged -------------- */

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_job_fails_cleanly (Fixture *f, gconstpointer data)
{
  VireoDomain *domain = find (f, "test");
  VireoMigrationOptions options;
  g_autoptr (VireoMigration) job = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;
  guint notified = 0;

  vireo_migration_options_init (&options, domain);
  job = vireo_migration_new (domain, f->dest, &options);
  vireo_migration_options_clear (&options);
  g_assert_true (vireo_migration_get_domain (job) == domain);
  g_assert_true (vireo_migration_get_destination (job) == f->dest);
  g_assert_cmpint (vireo_migration_get_state (job), ==, VIREO_MIGRATION_STATE_PREPARING);
  g_assert_null (vireo_domain_get_migration (domain));

  g_signal_connect (domain, "notify::migration", G_CALLBACK (count_notify), &notified);
  vireo_migration_start_async (job, NULL, test_store_result, &slot);
  /* the VM's row shows the move while it runs */
  g_assert_true (vireo_domain_get_migration (domain) == job);
  g_assert_cmpuint (notified, ==, 1);

  result = test_wait_result (&slot);
  g_assert_false (vireo_migration_start_finish (job, result, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Could not move “test” to “"));
  g_assert_nonnull (strstr (error->message, "cannot move a virtual machine this way"));
  g_assert_cmpint (vireo_migration_get_state (job), ==, VIREO_MIGRATION_STATE_FAILED);
  g_assert_null (vireo_domain_get_migration (domain));
  g_assert_cmpuint (notified, ==, 2);
  g_signal_handlers_disconnect_by_func (domain, count_notify, &notified);

  /* the source as it was: running and listed there; nothing on the destination */
  test_settle (100);
  g_assert_true (test_find_domain (vireo_connection_get_domains (f->source), "test", NULL) == domain);
  g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);
  g_assert_false (vireo_domain_get_removed (domain));
  g_assert_cmpuint (g_list_model_get_n_items (vireo_connection_get_domains (f->dest)), ==, 0);

  /* a job runs once */
  g_clear_object (&result);
  g_clear_error (&error);
  vireo_migration_start_async (job, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_false (vireo_migration_start_finish (job, result, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE);
}

static void
test_job_refuses_bad_options (Fixture *f, gconstpointer data)
{
  VireoDomain *domain = find (f, SHUTOFF_VM);
  VireoMigrationOptions options;
  g_autoptr (VireoMigration) job = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;

  vireo_migration_options_init (&options, domain);
  options.mode = VIREO_MIGRATION_LIVE;
  job = vireo_migration_new (domain, f->dest, &options);
  vireo_migration_options_clear (&options);

  vireo_migration_start_async (job, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_false (vireo_migration_start_finish (job, result, &error));
  g_assert_nonnull (strstr (error->message, "Could not move “" SHUTOFF_VM "”"));
  g_assert_nonnull (strstr (error->message, "A live move needs a running"));
  g_assert_cmpint (vireo_migration_get_state (job), ==, VIREO_MIGRATION_STATE_FAILED);
  g_assert_null (vireo_domain_get_migration (domain));
}

static void
test_job_to_itself (Fixture *f, gconstpointer data)
{
  VireoDomain *domain = find (f, "test");
  VireoMigrationOptions options;
  g_autoptr (VireoMigration) job = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;

  vireo_migration_options_init (&options, domain);
  job = vireo_migration_new (domain, f->source, &options);
  vireo_migration_options_clear (&options);
  vireo_migration_start_async (job, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_false (vireo_migration_start_finish (job, result, &error));
  g_assert_nonnull (strstr (error->message, "the destination is the host it is on"));
}

/* -- the progress a synthetic job gives the dialog ---------------------------------------- */

static void
count_progress (VireoMigration *job, const VireoMigrationSample *sample, gpointer user_data)
{
  *(const VireoMigrationSample **) user_data = sample;
}

static void
test_samples (Fixture *f, gconstpointer data)
{
  VireoMigrationOptions options;
  g_autoptr (VireoMigration) job = NULL;
  const VireoMigrationSample *seen = NULL;
  VireoMigrationSample sample = { 0 };

  vireo_migration_options_init (&options, find (f, "test"));
  job = vireo_migration_new (find (f, "test"), f->dest, &options);
  vireo_migration_options_clear (&options);
  g_signal_connect (job, "progress", G_CALLBACK (count_progress), &seen);

  /* disks first: STORAGE while disk_processed < disk_total */
  sample.data_total = 1000;
  sample.data_processed = 250;
  sample.disk_total = 600;
  sample.disk_processed = 250;
  _vireo_migration_push_sample (job, &sample);
  g_assert_nonnull (seen);
  g_assert_cmpuint (seen->data_processed, ==, 250);
  g_assert_cmpint (vireo_migration_get_state (job), ==, VIREO_MIGRATION_STATE_STORAGE);
  g_assert_cmpfloat_with_epsilon (vireo_migration_get_fraction (job), 0.25, 1e-9);

  /* then memory */
  sample.data_processed = 800;
  sample.disk_processed = 600;
  sample.iteration = 2;
  _vireo_migration_push_sample (job, &sample);
  g_assert_cmpint (vireo_migration_get_state (job), ==, VIREO_MIGRATION_STATE_MEMORY);
  g_assert_cmpfloat_with_epsilon (vireo_migration_get_fraction (job), 0.8, 1e-9);
  g_assert_cmpuint (vireo_migration_get_samples (job)->len, ==, 2);

  /* a hostile sample (processed above total) stays within 0..1 */
  sample.data_processed = G_MAXUINT64;
  _vireo_migration_push_sample (job, &sample);
  g_assert_cmpfloat (vireo_migration_get_fraction (job), <=, 1.0);

  _vireo_migration_set_state (job, VIREO_MIGRATION_STATE_POSTCOPY);
  sample.disk_processed = 0;
  _vireo_migration_push_sample (job, &sample);
  g_assert_cmpint (vireo_migration_get_state (job), ==, VIREO_MIGRATION_STATE_POSTCOPY);
  _vireo_migration_set_state (job, VIREO_MIGRATION_STATE_DONE);
  g_assert_cmpfloat (vireo_migration_get_fraction (job), ==, 1.0);

  /* post-copy is refused when the move did not allow it, with the reason */
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (vireo_migration_switch_to_postcopy (job, &error));
    g_assert_nonnull (strstr (error->message, "without post-copy"));
  }
}

/* -- libvirt's migration errors as sentences ---------------------------------------------- */

typedef struct
{
  int         code;
  const char *message;
  int         vireo_code;
  const char *says;
} MigrationError;

static const MigrationError migration_errors[] = {
  { VIR_ERR_INTERNAL_ERROR, "internal error: Attempt to migrate guest to the same host 0a", VIREO_ERROR_INVALID_STATE, "same host" },
  { VIR_ERR_CPU_INCOMPATIBLE, "the CPU is incompatible with host CPU: Host CPU does not provide required features: avx512f", VIREO_ERROR_FAILED, "processor cannot run" },
  { VIR_ERR_OPERATION_FAILED, "operation failed: domain 'web' already exists with uuid 1234", VIREO_ERROR_INVALID_STATE, "already exists on the destination" },
  { VIR_ERR_SYSTEM_ERROR, "Cannot access storage file '/var/lib/libvirt/images/web.qcow2': No such file or directory", VIREO_ERROR_NOT_FOUND, "cannot open the guest's disks" },
  { VIR_ERR_SYSTEM_ERROR, "End of file while reading data: Input/output error", VIREO_ERROR_DISCONNECTED, "lost during the move" },
  { VIR_ERR_OPERATION_FAILED, "operation failed: job 'migration out' failed: Lost connection to destination host", VIREO_ERROR_DISCONNECTED, "lost during the move" },
  { VIR_ERR_SYSTEM_ERROR, "unable to connect to server at '10.77.1.2:49152': Connection refused", VIREO_ERROR_UNREACHABLE, "could not be reached" },
  { VIR_ERR_NO_SUPPORT, "this function is not supported by the connection driver: virDomainMigrate3", VIREO_ERROR_NOT_SUPPORTED, "cannot move a virtual machine this way" },
  { VIR_ERR_INTERNAL_ERROR, "internal error: unable to execute QEMU command 'migrate-set-capabilities': Postcopy is not supported", VIREO_ERROR_NOT_SUPPORTED, "cannot take a post-copy move" },
  /* something else: libvirt's own words */
  { VIR_ERR_INTERNAL_ERROR, "qemu said <b>no</b>", VIREO_ERROR_FAILED, "libvirt reported “qemu said <b>no</b>”" },
};

static void
test_migration_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (migration_errors); i++)
    {
      virError err = { 0 };
      g_autoptr (GError) error = NULL;

      err.code = migration_errors[i].code;
      err.domain = VIR_FROM_QEMU;
      err.message = (char *) migration_errors[i].message;
      error = vireo_error_new_from_migration (&err, "Could not move “web” to “B”");
      g_test_message ("%s", error->message);
      g_assert_error (error, VIREO_ERROR, migration_errors[i].vireo_code);
      g_assert_true (g_str_has_prefix (error->message, "Could not move “web” to “B”: "));
      g_assert_nonnull (strstr (error->message, migration_errors[i].says));
      g_assert_nonnull (strstr (vireo_error_get_details (error), migration_errors[i].message));
    }
}

int
main (int argc, char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/migration/options/init", test_options_init);
  g_test_add_func ("/migration/options/copy", test_options_copy);
  g_test_add_func ("/migration/options/refused", test_options_refused);
  ADD ("/migration/options/refused-for-vm", test_options_refused_for_vm);
  ADD ("/migration/job/fails-cleanly", test_job_fails_cleanly);
  ADD ("/migration/job/refuses-bad-options", test_job_refuses_bad_options);
  ADD ("/migration/job/to-itself", test_job_to_itself);
  ADD ("/migration/job/samples", test_samples);
  g_test_add_func ("/migration/errors", test_migration_errors);
#undef ADD

  return g_test_run ();
}
