/* test-multihost-migrate.c — moving VMs between two real libvirtds with
 * VireoMigration (issue 13)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/multihost/harness.sh runs this inside the "local" namespace (host A)
 * with a "remote" libvirtd over qemu+tcp (host B).  The running guests boot a
 * 1 MiB disk whose boot sector prints "VIREO-COUNT nnnnnn" on COM1 about once
 * a second, the number one higher each time, and rewrites 448 KiB of its
 * memory each time (so a move at 1 MiB/s never converges by itself).  COM1
 * goes to a file both hosts see (append), so the count read there continues
 * from one host to the other.
 *
 *  live          the count goes on past its last value on A without restarting
 *                at 1, A no longer has the VM, B runs it, and both connections'
 *                lists show it (from libvirt's events)
 *  offline       a shut-off VM, permanent (gone from A) and temporary (defined
 *                on both)
 *  copy-storage  a running guest whose qcow2 exists only in A's pool: B's pool
 *                then holds the same image (qemu-img compare); and again
 *                when B's own pool already has another file at that path
 *  tunnelled     peer to peer through the libvirt connection, over qemu+tcp
 *                and over qemu+ssh (the harness's sshd)
 *  cancel        a copy-storage move at 1 MiB/s (a revert to a snapshot meanwhile
 *                is refused), cancelled: A still runs it,
 *                B holds no VM and no volume
 *  destination-killed  B's libvirtd killed during a move at 1 MiB/s: a
 *                sentence, A still runs the guest, B (restarted) holds nothing
 *  postcopy      at 1 MiB/s, switched to post-copy, ends on B (QEMU runs as
 *                root in the harness: userfaultfd)
 *  busy-source   four moves at 1 MiB/s at once: five other calls on the
 *                source connection are answered meanwhile; all four cancelled
 *
 * Every VM, volume, pool and file made here is removed, pass or fail.
 */
#define G_LOG_DOMAIN "vireo-test-multihost-migrate"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live-test-util.h"
#include "vireo-migration.h"

#define OPEN_TIMEOUT_MS 60000
#define WAIT_MS         60000
#define POOL            "mh-migrate-images"
#define IMAGES          "/var/lib/libvirt/images"
#define COUNT_MARKER    "VIREO-COUNT "

static VireoConnection *local_conn, *remote_conn;
static virConnectPtr local_raw, remote_raw;
static char *tmpdir;

/* 16-bit real mode at 0x7c00: adds one to a decimal counter, prints it on
 * COM1, fills 0x10000-0x7ffff with 0xa5, waits ~1 s (18 timer ticks), again */
static const guint8 counter_boot_code[] = {
  0x31, 0xc0,             /* 00 xor ax, ax                 */
  0x8e, 0xd8,             /* 02 mov ds, ax                 */
  0xbe, 0x55, 0x7c,       /* 04 again: mov si, last digit  */
  0xfe, 0x04,             /* 07 inc: inc byte [si]         */
  0x80, 0x3c, 0x3a,       /* 09 cmp byte [si], '9' + 1     */
  0x75, 0x06,             /* 0c jne print                  */
  0xc6, 0x04, 0x30,       /* 0e mov byte [si], '0'         */
  0x4e,                   /* 11 dec si                     */
  0xeb, 0xf3,             /* 12 jmp inc                    */
  0xbe, 0x44, 0x7c,       /* 14 print: mov si, msg         */
  0xac,                   /* 17 next: lodsb                */
  0x84, 0xc0,             /* 18 test al, al                */
  0x74, 0x06,             /* 1a jz fill                    */
  0xba, 0xf8, 0x03,       /* 1c mov dx, 0x3f8 (COM1)       */
  0xee,                   /* 1f out dx, al                 */
  0xeb, 0xf5,             /* 20 jmp next                   */
  0xbb, 0x00, 0x10,       /* 22 fill: mov bx, 0x1000       */
  0x8e, 0xc3,             /* 25 seg: mov es, bx            */
  0x31, 0xff,             /* 27 xor di, di                 */
  0xb9, 0x00, 0x80,       /* 29 mov cx, 0x8000             */
  0xb8, 0xa5, 0xa5,       /* 2c mov ax, 0xa5a5             */
  0xf3, 0xab,             /* 2f rep stosw                  */
  0x81, 0xc3, 0x00, 0x10, /* 31 add bx, 0x1000             */
  0x81, 0xfb, 0x00, 0x80, /* 35 cmp bx, 0x8000             */
  0x72, 0xea,             /* 39 jb seg                     */
  0xb9, 0x12, 0x00,       /* 3b mov cx, 18                 */
  0xfb,                   /* 3e wait: sti                  */
  0xf4,                   /* 3f hlt                        */
  0xe2, 0xfc,             /* 40 loop wait                  */
  0xeb, 0xc0,             /* 42 jmp again                  */
  /* 44 msg: */
  'V', 'I', 'R', 'E', 'O', '-', 'C', 'O', 'U', 'N', 'T', ' ',
  '0', '0', '0', '0', '0', '0', '\r', '\n', 0,
};

/* -- waiting ---------------------------------------------------------------------------- */

#define WAIT_FOR(cond, ms)                                                                     \
  G_STMT_START                                                                                 \
  {                                                                                            \
    gint64 _end = g_get_monotonic_time () + 1000 * (gint64) (ms);                              \
    while (!(cond) && g_get_monotonic_time () < _end)                                          \
      if (!g_main_context_iteration (NULL, FALSE))                                             \
        g_usleep (2000);                                                                       \
    g_assert_true (cond);                                                                      \
  }                                                                                            \
  G_STMT_END

static VireoDomain *
find_domain (VireoConnection *conn, const char *name)
{
  GListModel *model = vireo_connection_get_domains (conn);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (VireoDomain) domain = g_list_model_get_item (model, i);

      if (g_strcmp0 (vireo_domain_get_name (domain), name) == 0 && !vireo_domain_get_removed (domain))
        return domain; /* the model keeps it */
    }
  return NULL;
}

static gboolean
listed_with_state (VireoConnection *conn, const char *name, VireoDomainState state)
{
  VireoDomain *domain = find_domain (conn, name);

  return domain != NULL && vireo_domain_get_state (domain) == state;
}

/* libvirt's own view: -1 when @name is not defined on @raw */
static int
raw_state (virConnectPtr raw, const char *name, gboolean *persistent)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);
  int state = -1, reason = 0;

  if (dom == NULL)
    {
      virResetLastError ();
      return -1;
    }
  if (virDomainGetState (dom, &state, &reason, 0) < 0)
    state = -1;
  if (persistent != NULL)
    *persistent = virDomainIsPersistent (dom) == 1;
  virDomainFree (dom);
  return state;
}

/* -- VMs, disks, pools ------------------------------------------------------------------- */

static char *
serial_path (const char *name)
{
  return g_strdup_printf ("%s/%s.serial", tmpdir, name);
}

/* a 1 MiB raw image holding the counter's boot sector */
static void
write_counter_raw (const char *path)
{
  g_autofree guint8 *image = g_malloc0 (1024 * 1024);
  g_autoptr (GError) error = NULL;

  memcpy (image, counter_boot_code, sizeof counter_boot_code);
  image[510] = 0x55;
  image[511] = 0xaa;
  g_file_set_contents (path, (const char *) image, 1024 * 1024, &error);
  g_assert_no_error (error);
  g_chmod (path, 0644);
}

static char *
shared_disk (void)
{
  char *path = g_strdup_printf ("%s/mh-migrate-counter.img", tmpdir);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    write_counter_raw (path);
  return path;
}

/* defines @name on @raw: 64 MiB, no display, COM1 appended to serial_path();
 * @disk: the <disk> element or NULL (diskless) */
static void
define_vm (virConnectPtr raw, const char *name, const char *disk)
{
  g_autofree char *serial = serial_path (name);
  g_autofree char *xml = g_strdup_printf (
      "<domain type='%s'><name>%s</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
      "<os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>"
      "<devices>%s<serial type='file'><source path='%s' append='on'/></serial>"
      "<memballoon model='none'/></devices></domain>",
      g_getenv ("VIREO_TEST_DOMAIN_TYPE") != NULL ? g_getenv ("VIREO_TEST_DOMAIN_TYPE") : "qemu",
      name, disk != NULL ? disk : "", serial);
  virDomainPtr dom;

  /* made here, writable by QEMU's user on either host */
  g_assert_true (g_file_set_contents (serial, "", 0, NULL));
  g_chmod (serial, 0666);
  dom = virDomainDefineXML (raw, xml);
  if (dom == NULL)
    g_error ("defining %s failed: %s", name, virGetLastErrorMessage ());
  virDomainFree (dom);
}

static void
start_vm (virConnectPtr raw, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);

  g_assert_nonnull (dom);
  if (virDomainCreate (dom) < 0)
    g_error ("starting %s failed: %s", name, virGetLastErrorMessage ());
  virDomainFree (dom);
}

static void
remove_vm (virConnectPtr raw, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);

  if (dom != NULL)
    {
      if (virDomainIsActive (dom) == 1)
        virDomainDestroy (dom);
      if (virDomainIsPersistent (dom) == 1)
        virDomainUndefine (dom);
      virDomainFree (dom);
    }
  virResetLastError ();
}

static void
remove_everywhere (const char *name)
{
  g_autofree char *serial = serial_path (name);

  remove_vm (local_raw, name);
  remove_vm (remote_raw, name);
  g_unlink (serial);
}

/* the counter's disk, read-only, at the same path on both hosts */
static char *
readonly_disk (const char *path)
{
  return g_strdup_printf ("<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                          "<source file='%s'/><target dev='vda' bus='virtio'/><readonly/></disk>",
                          path);
}

/* -- the counter on the serial file ------------------------------------------------------- */

typedef struct
{
  guint64 last;      /* the last number printed, 0: none yet */
  guint   restarts;  /* how often it printed 1 */
} Count;

static Count
read_count (const char *name)
{
  g_autofree char *serial = serial_path (name);
  g_autofree char *text = NULL;
  Count count = { 0, 0 };

  if (!g_file_get_contents (serial, &text, NULL, NULL))
    return count;
  for (const char *p = strstr (text, COUNT_MARKER); p != NULL; p = strstr (p + 1, COUNT_MARKER))
    {
      const char *digits = p + strlen (COUNT_MARKER);
      guint64 value;

      if (strlen (digits) < 8 || digits[6] != '\r')
        break; /* a line still being written */
      value = g_ascii_strtoull (digits, NULL, 10);
      if (value == 1)
        count.restarts++;
      count.last = value;
    }
  return count;
}

static gboolean
count_above (const char *name, guint64 value)
{
  return read_count (name).last > value;
}

/* -- running a migration -------------------------------------------------------------------- */

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

typedef struct
{
  VireoMigration *job;
  GAsyncResult   *result;
  guint           samples;
  gboolean        saw_postcopy;
} Run;

static void
on_progress (VireoMigration *job, const VireoMigrationSample *sample, Run *run)
{
  run->samples++;
}

static void
on_state (VireoMigration *job, GParamSpec *pspec, Run *run)
{
  if (vireo_migration_get_state (job) == VIREO_MIGRATION_STATE_POSTCOPY)
    run->saw_postcopy = TRUE;
}

static void
run_start (Run *run, const char *name, const VireoMigrationOptions *options)
{
  VireoDomain *domain = find_domain (local_conn, name);

  g_assert_nonnull (domain);
  memset (run, 0, sizeof *run);
  run->job = vireo_migration_new (domain, remote_conn, options);
  g_signal_connect (run->job, "progress", G_CALLBACK (on_progress), run);
  g_signal_connect (run->job, "notify::state", G_CALLBACK (on_state), run);
  vireo_migration_start_async (run->job, NULL, store_result, &run->result);
  g_assert_true (vireo_domain_get_migration (domain) == run->job);
}

static gboolean
run_finish (Run *run, guint timeout_ms, GError **error)
{
  gboolean ok;

  WAIT_FOR (run->result != NULL, timeout_ms);
  ok = vireo_migration_start_finish (run->job, run->result, error);
  g_clear_object (&run->result);
  return ok;
}

static void
run_clear (Run *run)
{
  if (run->job != NULL)
    g_signal_handlers_disconnect_by_data (run->job, run);
  g_clear_object (&run->job);
  g_clear_object (&run->result);
}

static void
wait_listed_running_on_a (const char *name)
{
  WAIT_FOR (listed_with_state (local_conn, name, VIREO_DOMAIN_STATE_RUNNING), WAIT_MS);
}

/* defines and starts on A the counting guest @name on @disk, and waits until
 * A lists it running and its count has begun */
static void
start_counting_vm (const char *name, const char *disk)
{
  define_vm (local_raw, name, disk);
  start_vm (local_raw, name);
  wait_listed_running_on_a (name);
  WAIT_FOR (count_above (name, 0), WAIT_MS);
}

/* -- live -------------------------------------------------------------------------------- */

static gint64 case_start;

static void
case_begin (gpointer fixture, gconstpointer data)
{
  case_start = g_get_monotonic_time ();
}

static void
case_end (gpointer fixture, gconstpointer data)
{
  g_test_message ("took %.1f s", (g_get_monotonic_time () - case_start) / 1e6);
}

static void
test_live (gpointer fixture, gconstpointer data)
{
  const char *name = "mh-mig-live";
  g_autofree char *disk_path = shared_disk ();
  g_autofree char *disk = readonly_disk (disk_path);
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  gboolean persistent = FALSE;
  Run run;
  Count before, after;

  start_counting_vm (name, disk);

  vireo_migration_options_init (&options, find_domain (local_conn, name));
  g_assert_cmpint (options.mode, ==, VIREO_MIGRATION_LIVE);
  g_assert_true (options.permanent);
  run_start (&run, name, &options);
  vireo_migration_options_clear (&options);
  if (!run_finish (&run, WAIT_MS, &error))
    g_error ("the live move failed: %s", error->message);
  g_assert_cmpint (vireo_migration_get_state (run.job), ==, VIREO_MIGRATION_STATE_DONE);
  g_assert_cmpfloat (vireo_migration_get_fraction (run.job), ==, 1.0);
  before = read_count (name);
  g_test_message ("count at the end of the move: %" G_GUINT64_FORMAT ", %u samples",
                  before.last, run.samples);

  /* the guest goes on counting on B, from where it was: no restart at 1 */
  WAIT_FOR (count_above (name, before.last + 1), WAIT_MS);
  after = read_count (name);
  g_assert_cmpuint (after.restarts, ==, 1);
  g_assert_cmpint (raw_state (local_raw, name, NULL), ==, -1);
  g_assert_cmpint (raw_state (remote_raw, name, &persistent), ==, VIR_DOMAIN_RUNNING);
  g_assert_true (persistent);

  /* what the window shows: gone from A's list, running in B's */
  WAIT_FOR (find_domain (local_conn, name) == NULL, WAIT_MS);
  WAIT_FOR (listed_with_state (remote_conn, name, VIREO_DOMAIN_STATE_RUNNING), WAIT_MS);

  run_clear (&run);
  remove_everywhere (name);
}

/* -- offline ------------------------------------------------------------------------------ */

static void
move_offline (const char *name, gboolean permanent)
{
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  gboolean persistent = FALSE;
  Run run;

  define_vm (local_raw, name, NULL);
  WAIT_FOR (listed_with_state (local_conn, name, VIREO_DOMAIN_STATE_SHUTOFF), WAIT_MS);
  vireo_migration_options_init (&options, find_domain (local_conn, name));
  g_assert_cmpint (options.mode, ==, VIREO_MIGRATION_OFFLINE);
  options.permanent = permanent;
  run_start (&run, name, &options);
  vireo_migration_options_clear (&options);
  if (!run_finish (&run, WAIT_MS, &error))
    g_error ("the offline move failed: %s", error->message);

  /* B has its definition, shut off */
  g_assert_cmpint (raw_state (remote_raw, name, &persistent), ==, VIR_DOMAIN_SHUTOFF);
  g_assert_true (persistent);
  WAIT_FOR (listed_with_state (remote_conn, name, VIREO_DOMAIN_STATE_SHUTOFF), WAIT_MS);
  if (permanent)
    {
      /* gone from A */
      g_assert_cmpint (raw_state (local_raw, name, NULL), ==, -1);
      WAIT_FOR (find_domain (local_conn, name) == NULL, WAIT_MS);
    }
  else
    {
      /* a temporary move keeps A's definition: it is listed on both */
      g_assert_cmpint (raw_state (local_raw, name, &persistent), ==, VIR_DOMAIN_SHUTOFF);
      g_assert_true (persistent);
      g_assert_true (listed_with_state (local_conn, name, VIREO_DOMAIN_STATE_SHUTOFF));
    }
  run_clear (&run);
  remove_everywhere (name);
}

static void
test_offline (gpointer fixture, gconstpointer data)
{
  move_offline ("mh-mig-offline", TRUE);
  move_offline ("mh-mig-offline-temp", FALSE);
}

/* -- copy storage ---------------------------------------------------------------------------- */

static void
pool_up (virConnectPtr raw)
{
  const char *xml = "<pool type='dir'><name>" POOL "</name><target><path>" IMAGES "</path></target></pool>";
  virStoragePoolPtr pool = virStoragePoolCreateXML (raw, xml, 0);

  if (pool == NULL)
    g_error ("making the pool failed: %s", virGetLastErrorMessage ());
  virStoragePoolFree (pool);
}

static void
pool_down (virConnectPtr raw, const char *volume)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, POOL);
  virStorageVolPtr vol;

  if (pool == NULL)
    {
      virResetLastError ();
      return;
    }
  virStoragePoolRefresh (pool, 0);
  if ((vol = virStorageVolLookupByName (pool, volume)) != NULL)
    {
      virStorageVolDelete (vol, 0);
      virStorageVolFree (vol);
    }
  virStoragePoolDestroy (pool);
  virStoragePoolFree (pool);
  virResetLastError ();
}

/* host @host's file (a, b) at @path in its private /var/lib/libvirt */
static char *
host_file (const char *host, const char *volume)
{
  return g_strdup_printf ("%s/%s/lib/images/%s", tmpdir, host, volume);
}

/* a qcow2 of the counter in A's private images folder, A's pool up on it */
static void
make_local_qcow2 (const char *volume)
{
  g_autofree char *raw = g_strdup_printf ("%s/%s.raw", tmpdir, volume);
  g_autofree char *qcow2 = host_file ("a", volume);
  const char *argv[] = { "qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw, qcow2, NULL };
  g_autoptr (GError) error = NULL;

  write_counter_raw (raw);
  g_assert_true (live_run_program (argv, &error));
  g_assert_no_error (error);
  g_unlink (raw);
  g_chmod (qcow2, 0644);
  pool_up (local_raw);
  pool_up (remote_raw);
}

static char *
qcow2_disk (const char *volume)
{
  return g_strdup_printf ("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                          "<source file='" IMAGES "/%s'/><target dev='vda' bus='virtio'/></disk>",
                          volume);
}

/* @existing: B already has a volume at that path in its own (local) pool,
 * another file: the copy must go into it, not leave B's file in place */
static void
copy_storage (const char *name, const char *volume, gboolean existing)
{
  g_autofree char *disk = qcow2_disk (volume);
  g_autofree char *on_a = host_file ("a", volume);
  g_autofree char *on_b = host_file ("b", volume);
  g_autofree char *dest_path = g_strdup_printf (IMAGES "/%s", volume);
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  virStorageVolPtr vol;
  Run run;

  make_local_qcow2 (volume);
  g_assert_false (g_file_test (on_b, G_FILE_TEST_EXISTS));
  if (existing)
    {
      g_autofree char *vol_xml = g_strdup_printf ("<volume><name>%s</name><capacity unit='MiB'>1</capacity>"
                                                  "<target><format type='qcow2'/></target></volume>",
                                                  volume);
      virStoragePoolPtr pool = virStoragePoolLookupByName (remote_raw, POOL);
      virStorageVolPtr made = pool != NULL ? virStorageVolCreateXML (pool, vol_xml, 0) : NULL;

      if (made == NULL)
        g_error ("making B's own %s failed: %s", volume, virGetLastErrorMessage ());
      virStorageVolFree (made);
      virStoragePoolFree (pool);
      g_assert_true (g_file_test (on_b, G_FILE_TEST_EXISTS));
    }
  start_counting_vm (name, disk);

  vireo_migration_options_init (&options, find_domain (local_conn, name));
  options.storage = VIREO_MIGRATION_STORAGE_COPY_ALL;
  run_start (&run, name, &options);
  vireo_migration_options_clear (&options);
  if (!run_finish (&run, WAIT_MS, &error))
    g_error ("the copy-storage move failed: %s", error->message);

  /* B runs it from its own copy, a volume of its pool, with the same content */
  g_assert_cmpint (raw_state (remote_raw, name, NULL), ==, VIR_DOMAIN_RUNNING);
  vol = virStorageVolLookupByPath (remote_raw, dest_path);
  g_assert_nonnull (vol);
  virStorageVolFree (vol);
  {
    const char *argv[] = { "qemu-img", "compare", "-U", "-q", on_a, on_b, NULL };

    g_assert_true (live_run_program (argv, &error));
    g_assert_no_error (error);
  }
  WAIT_FOR (listed_with_state (remote_conn, name, VIREO_DOMAIN_STATE_RUNNING), WAIT_MS);
  WAIT_FOR (find_domain (local_conn, name) == NULL, WAIT_MS);

  run_clear (&run);
  remove_everywhere (name);
  pool_down (remote_raw, volume);
  pool_down (local_raw, volume);
  g_unlink (on_a);
  g_unlink (on_b);
}

static void
test_copy_storage (gpointer fixture, gconstpointer data)
{
  copy_storage ("mh-mig-copy", "mh-mig-copy.qcow2", FALSE);
}

static void
test_copy_storage_same_path (gpointer fixture, gconstpointer data)
{
  copy_storage ("mh-mig-copy-same", "mh-mig-copy-same.qcow2", TRUE);
}

/* -- tunnelled ------------------------------------------------------------------------------ */

static void
test_tunnelled (gpointer fixture, gconstpointer data)
{
  const char *name = "mh-mig-tunnel";
  g_autofree char *disk_path = shared_disk ();
  g_autofree char *disk = readonly_disk (disk_path);
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  Run run;
  Count before;

  start_counting_vm (name, disk);

  vireo_migration_options_init (&options, find_domain (local_conn, name));
  options.transport = VIREO_MIGRATION_TUNNELLED;
  run_start (&run, name, &options);
  vireo_migration_options_clear (&options);
  if (!run_finish (&run, WAIT_MS, &error))
    g_error ("the tunnelled move failed: %s", error->message);
  before = read_count (name);
  WAIT_FOR (count_above (name, before.last + 1), WAIT_MS);
  g_assert_cmpuint (read_count (name).restarts, ==, 1);
  g_assert_cmpint (raw_state (remote_raw, name, NULL), ==, VIR_DOMAIN_RUNNING);
  g_assert_cmpint (raw_state (local_raw, name, NULL), ==, -1);

  run_clear (&run);
  remove_everywhere (name);
}

/* -- tunnelled over SSH ------------------------------------------------------------------------ */

/* The source libvirtd opens the SSH URI itself (peer to peer), with its own
 * home: the machine's root home, where ssh (no_verify=1) adds B's per-run
 * host key to .ssh/known_hosts.  That file is seen through the daemon's
 * /proc root and put back as it was afterwards. */
typedef struct
{
  char    *path;
  char    *dir;
  char    *content;    /* NULL: there was no file */
  gsize    length;
  gboolean dir_existed;
} KnownHosts;

static void
known_hosts_save (KnownHosts *known)
{
  g_autofree char *pidfile = g_strdup_printf ("%s/a/pid/libvirtd.pid", tmpdir);
  g_autofree char *pid = NULL;

  memset (known, 0, sizeof *known);
  g_assert_true (g_file_get_contents (pidfile, &pid, NULL, NULL));
  g_strstrip (pid);
  /* the daemon's home is the harness's (the same path as the test's, which
   * is a private mount over it): seen outside that mount */
  known->dir = g_strdup_printf ("/proc/%s/root%s/.ssh", pid, g_get_home_dir ());
  known->path = g_build_filename (known->dir, "known_hosts", NULL);
  known->dir_existed = g_file_test (known->dir, G_FILE_TEST_IS_DIR);
  if (!g_file_get_contents (known->path, &known->content, &known->length, NULL))
    known->content = NULL;
}

static void
known_hosts_restore (KnownHosts *known)
{
  if (known->content != NULL)
    g_file_set_contents (known->path, known->content, known->length, NULL);
  else
    g_unlink (known->path);
  if (!known->dir_existed)
    g_rmdir (known->dir);
  g_free (known->path);
  g_free (known->dir);
  g_free (known->content);
}

static void
test_tunnelled_ssh (gpointer fixture, gconstpointer data)
{
  const char *name = "mh-mig-ssh";
  const char *uri = g_getenv ("VIREO_MH_SSH_URI");
  g_autoptr (VireoConnection) ssh_conn = NULL;
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoMigration) job = NULL;
  GAsyncResult *result = NULL;
  KnownHosts known;
  gboolean ok;

  if (uri == NULL)
    {
      g_test_skip (g_getenv ("VIREO_MH_SSH_SKIP") != NULL ? g_getenv ("VIREO_MH_SSH_SKIP") : "no sshd");
      return;
    }
  ssh_conn = live_connection_open (uri, OPEN_TIMEOUT_MS);
  define_vm (local_raw, name, NULL);
  start_vm (local_raw, name);
  wait_listed_running_on_a (name);

  vireo_migration_options_init (&options, find_domain (local_conn, name));
  options.transport = VIREO_MIGRATION_TUNNELLED;
  job = vireo_migration_new (find_domain (local_conn, name), ssh_conn, &options);
  vireo_migration_options_clear (&options);
  known_hosts_save (&known);
  vireo_migration_start_async (job, NULL, store_result, &result);
  WAIT_FOR (result != NULL, WAIT_MS);
  ok = vireo_migration_start_finish (job, result, &error);
  g_clear_object (&result);
  known_hosts_restore (&known);
  if (!ok)
    g_error ("the move over SSH failed: %s (%s)", error->message, vireo_error_get_details (error));

  /* B runs it; the SSH connection's list shows it, A's no longer */
  g_assert_cmpint (raw_state (remote_raw, name, NULL), ==, VIR_DOMAIN_RUNNING);
  g_assert_cmpint (raw_state (local_raw, name, NULL), ==, -1);
  WAIT_FOR (listed_with_state (ssh_conn, name, VIREO_DOMAIN_STATE_RUNNING), WAIT_MS);
  WAIT_FOR (find_domain (local_conn, name) == NULL, WAIT_MS);

  remove_everywhere (name);
  vireo_connection_close (ssh_conn);
}

/* -- cancel ---------------------------------------------------------------------------------- */

static gboolean
copying (Run *run)
{
  VireoMigrationState state = vireo_migration_get_state (run->job);

  return state == VIREO_MIGRATION_STATE_STORAGE || state == VIREO_MIGRATION_STATE_MEMORY ||
         run->result != NULL;
}

static void
test_cancel (gpointer fixture, gconstpointer data)
{
  const char *name = "mh-mig-cancel";
  const char *volume = "mh-mig-cancel.qcow2";
  g_autofree char *disk = qcow2_disk (volume);
  g_autofree char *on_b = host_file ("b", volume);
  g_autofree char *dest_path = g_strdup_printf (IMAGES "/%s", volume);
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  VireoDomain *domain;
  virStorageVolPtr vol;
  Run run;

  make_local_qcow2 (volume);
  start_counting_vm (name, disk);
  domain = find_domain (local_conn, name);

  vireo_migration_options_init (&options, domain);
  options.storage = VIREO_MIGRATION_STORAGE_COPY_ALL;
  options.limit_bandwidth = TRUE;
  options.bandwidth_mib = 1;
  /* with libvirt's 300 ms the rewritten memory can converge between two of
   * the guest's rewrites, and the move end before the cancel reaches it */
  options.max_downtime_ms = 1;
  run_start (&run, name, &options);
  vireo_migration_options_clear (&options);
  WAIT_FOR (copying (&run), WAIT_MS);
  g_assert_null (run.result);

  /* a revert to a snapshot meanwhile is refused, with the reason (issue 15) */
  {
    GAsyncResult *reverted = NULL;
    g_autoptr (GError) revert_error = NULL;

    vireo_domain_revert_snapshot_async (domain, "any", NULL, store_result, &reverted);
    WAIT_FOR (reverted != NULL, WAIT_MS);
    g_assert_false (vireo_domain_revert_snapshot_finish (domain, reverted, &revert_error));
    g_clear_object (&reverted);
    g_assert_error (revert_error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE);
    g_assert_nonnull (strstr (revert_error->message, "it is being migrated"));
  }
  g_assert_null (run.result);
  g_test_message ("cancelled in state %d after %u samples", vireo_migration_get_state (run.job), run.samples);
  vireo_migration_cancel (run.job);
  g_assert_false (run_finish (&run, WAIT_MS, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (vireo_migration_get_state (run.job), ==, VIREO_MIGRATION_STATE_CANCELLED);
  g_assert_null (vireo_domain_get_migration (domain));

  /* A still runs it and lists it; B holds neither the VM nor its disk */
  g_assert_cmpint (raw_state (local_raw, name, NULL), ==, VIR_DOMAIN_RUNNING);
  g_assert_true (find_domain (local_conn, name) == domain);
  g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);
  g_assert_cmpint (raw_state (remote_raw, name, NULL), ==, -1);
  g_assert_null (find_domain (remote_conn, name));
  vol = virStorageVolLookupByPath (remote_raw, dest_path);
  g_assert_null (vol);
  virResetLastError ();
  g_assert_false (g_file_test (on_b, G_FILE_TEST_EXISTS));
  {
    /* and it still counts on A */
    guint64 last = read_count (name).last;

    WAIT_FOR (count_above (name, last), WAIT_MS);
  }

  run_clear (&run);
  remove_everywhere (name);
  pool_down (remote_raw, volume);
  pool_down (local_raw, volume);
  {
    g_autofree char *on_a = host_file ("a", volume);

    g_unlink (on_a);
  }
}

/* -- the destination's daemon killed during the move --------------------------------------------- */

static gboolean
remote_answers (void)
{
  virConnectPtr raw = virConnectOpen (g_getenv ("VIREO_MH_URI_REMOTE"));

  if (raw == NULL)
    {
      virResetLastError ();
      return FALSE;
    }
  virConnectClose (remote_raw);
  remote_raw = raw;
  return TRUE;
}

static void
test_destination_killed (gpointer fixture, gconstpointer data)
{
  const char *name = "mh-mig-killed";
  g_autofree char *disk_path = shared_disk ();
  g_autofree char *disk = readonly_disk (disk_path);
  g_autofree char *pid_text = NULL;
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  VireoDomain *domain;
  Run run;

  start_counting_vm (name, disk);
  domain = find_domain (local_conn, name);

  /* at 1 MiB/s with a 1 ms downtime allowed, the guest's rewritten memory
   * never converges (with libvirt's 300 ms it may, after a few seconds on a
   * slow host): the move is still copying when B's daemon dies */
  vireo_migration_options_init (&options, domain);
  options.limit_bandwidth = TRUE;
  options.bandwidth_mib = 1;
  options.max_downtime_ms = 1;
  run_start (&run, name, &options);
  vireo_migration_options_clear (&options);
  WAIT_FOR (vireo_migration_get_state (run.job) == VIREO_MIGRATION_STATE_MEMORY || run.result != NULL, WAIT_MS);
  g_assert_null (run.result);
  g_assert_true (g_file_get_contents (g_getenv ("VIREO_MH_PIDFILE_REMOTE"), &pid_text, NULL, NULL));
  g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (pid_text, NULL, 10), SIGKILL), ==, 0);

  g_assert_false (run_finish (&run, WAIT_MS, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (error->message, "lost during the move"));
  g_assert_cmpint (vireo_migration_get_state (run.job), ==, VIREO_MIGRATION_STATE_FAILED);

  /* the guest never left A: it runs there and goes on counting */
  g_assert_cmpint (raw_state (local_raw, name, NULL), ==, VIR_DOMAIN_RUNNING);
  WAIT_FOR (listed_with_state (local_conn, name, VIREO_DOMAIN_STATE_RUNNING), WAIT_MS);
  {
    guint64 last = read_count (name).last;

    WAIT_FOR (count_above (name, last), WAIT_MS);
  }

  /* B back: the half-arrived guest is gone there */
  g_assert_true (g_spawn_command_line_sync (g_getenv ("VIREO_MH_RESTART_CMD"), NULL, NULL, NULL, NULL));
  WAIT_FOR (remote_answers (), WAIT_MS);
  WAIT_FOR (raw_state (remote_raw, name, NULL) == -1, WAIT_MS);
  WAIT_FOR (vireo_connection_get_state (remote_conn) == VIREO_CONNECTION_STATE_CONNECTED, WAIT_MS);

  run_clear (&run);
  remove_everywhere (name);
}

/* -- post-copy ------------------------------------------------------------------------------- */

static void
test_postcopy (gpointer fixture, gconstpointer data)
{
  const char *name = "mh-mig-postcopy";
  g_autofree char *disk_path = shared_disk ();
  g_autofree char *disk = readonly_disk (disk_path);
  VireoMigrationOptions options;
  g_autoptr (GError) error = NULL;
  Run run;

  start_counting_vm (name, disk);

  vireo_migration_options_init (&options, find_domain (local_conn, name));
  options.postcopy = TRUE;
  options.limit_bandwidth = TRUE;
  options.bandwidth_mib = 1;
  options.max_downtime_ms = 1; /* never converges by itself: the switch is needed */
  run_start (&run, name, &options);
  vireo_migration_options_clear (&options);
  WAIT_FOR (vireo_migration_get_state (run.job) == VIREO_MIGRATION_STATE_MEMORY || run.result != NULL, WAIT_MS);
  if (run.result == NULL)
    {
      g_assert_true (vireo_migration_switch_to_postcopy (run.job, &error));
      g_assert_no_error (error);
    }
  if (!run_finish (&run, WAIT_MS, &error))
    {
      g_test_message ("post-copy failed: %s (%s)", error->message, vireo_error_get_details (error));
      if (!g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED))
        g_error ("the post-copy move failed: %s", error->message);
      /* the sentence says why and what to do; the guest still runs on A
       * and B holds nothing */
      g_assert_nonnull (strstr (error->message, "post-copy"));
      g_assert_cmpint (vireo_migration_get_state (run.job), ==, VIREO_MIGRATION_STATE_FAILED);
      g_assert_cmpint (raw_state (local_raw, name, NULL), ==, VIR_DOMAIN_RUNNING);
      g_assert_cmpint (raw_state (remote_raw, name, NULL), ==, -1);
      g_assert_true (listed_with_state (local_conn, name, VIREO_DOMAIN_STATE_RUNNING));
      {
        /* libvirt's own words: userfaultfd refused (the harness runs QEMU as
         * root for it), or a kernel without it */
        g_autofree char *why = g_strdup_printf ("the destination cannot do post-copy (%s); "
                                                "the refusal was checked instead",
                                                vireo_error_get_details (error) != NULL
                                                  ? vireo_error_get_details (error)
                                                  : error->message);

        run_clear (&run);
        remove_everywhere (name);
        g_test_skip (why);
      }
      return;
    }
  g_assert_true (run.saw_postcopy);
  g_assert_cmpint (vireo_migration_get_state (run.job), ==, VIREO_MIGRATION_STATE_DONE);
  g_assert_cmpint (raw_state (remote_raw, name, NULL), ==, VIR_DOMAIN_RUNNING);
  g_assert_cmpint (raw_state (local_raw, name, NULL), ==, -1);
  {
    guint64 last = read_count (name).last;

    WAIT_FOR (count_above (name, last), WAIT_MS);
    g_assert_cmpuint (read_count (name).restarts, ==, 1);
  }

  run_clear (&run);
  remove_everywhere (name);
}

/* -- several moves at once: the source connection still answers ------------------------------ */

#define N_BUSY 4

static const char *const busy_names[N_BUSY] = { "mh-mig-busy-1", "mh-mig-busy-2", "mh-mig-busy-3",
                                                "mh-mig-busy-4" };

typedef struct
{
  Run                runs[N_BUSY];
  guint              done;           /* calls answered */
  guint              while_moving;   /* ... while all four moves still ran */
  guint              refreshed;
  VireoDomainConfig *config[2];
  char              *xml[2];
} Busy;

static void
answered (Busy *busy)
{
  gboolean moving = TRUE;

  for (guint i = 0; i < N_BUSY; i++)
    moving = moving && busy->runs[i].result == NULL;
  busy->done++;
  if (moving)
    busy->while_moving++;
}

static void
on_refreshed (VireoDomain *domain, Busy *busy)
{
  busy->refreshed++;
  answered (busy);
}

static void
config_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Busy *busy = user_data;
  g_autoptr (GError) error = NULL;
  VireoDomainConfig *config = vireo_domain_get_config_finish (VIREO_DOMAIN (source), result, &error);

  g_assert_no_error (error);
  busy->config[busy->config[0] == NULL ? 0 : 1] = config;
  answered (busy);
}

static void
xml_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Busy *busy = user_data;
  g_autoptr (GError) error = NULL;
  char *xml = vireo_domain_get_xml_finish (VIREO_DOMAIN (source), result, &error);

  g_assert_no_error (error);
  busy->xml[busy->xml[0] == NULL ? 0 : 1] = xml;
  answered (busy);
}

/* Four guests move at once at 1 MiB/s: the source connection has four
 * workers, and a move that held one for its whole run would leave none for
 * anything else until a move ends.  Five calls on that connection (a VM read
 * again for the list, two definitions for the Details view, two XML
 * documents) are answered while all four moves still run; then all four are
 * cancelled, the guests still running on A and B holding none of them. */
static void
test_busy_source (gpointer fixture, gconstpointer data)
{
  g_autofree char *disk_path = shared_disk ();
  g_autofree char *disk = readonly_disk (disk_path);
  VireoDomain *one = find_domain (local_conn, "mh-local-1");
  VireoDomain *two = find_domain (local_conn, "mh-local-2");
  g_autoptr (GError) error = NULL;
  Busy busy = { 0 };
  gulong refreshed_id;

  g_assert_nonnull (one);
  g_assert_nonnull (two);
  for (guint i = 0; i < N_BUSY; i++)
    {
      define_vm (local_raw, busy_names[i], disk);
      start_vm (local_raw, busy_names[i]);
    }
  for (guint i = 0; i < N_BUSY; i++)
    {
      wait_listed_running_on_a (busy_names[i]);
      WAIT_FOR (count_above (busy_names[i], 0), WAIT_MS);
    }

  for (guint i = 0; i < N_BUSY; i++)
    {
      VireoMigrationOptions options;

      vireo_migration_options_init (&options, find_domain (local_conn, busy_names[i]));
      options.limit_bandwidth = TRUE;
      options.bandwidth_mib = 1;
      /* never within 1 ms: the guest keeps rewriting its memory */
      options.max_downtime_ms = 1;
      run_start (&busy.runs[i], busy_names[i], &options);
      vireo_migration_options_clear (&options);
    }
  refreshed_id = g_signal_connect (one, "refreshed", G_CALLBACK (on_refreshed), &busy);
  vireo_domain_refresh (one);
  vireo_domain_get_config_async (one, FALSE, NULL, config_read, &busy);
  vireo_domain_get_config_async (two, FALSE, NULL, config_read, &busy);
  vireo_domain_get_xml_async (one, NULL, xml_read, &busy);
  vireo_domain_get_xml_async (two, NULL, xml_read, &busy);
  WAIT_FOR (busy.done >= 5, WAIT_MS);
  g_signal_handler_disconnect (one, refreshed_id);
  g_test_message ("%u of 5 calls answered while the four moves ran", busy.while_moving);
  g_assert_cmpuint (busy.while_moving, ==, 5);
  g_assert_cmpuint (busy.refreshed, ==, 1);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (g_str_has_prefix (vireo_domain_config_get_name (busy.config[i]), "mh-local-"));
      g_assert_nonnull (strstr (busy.xml[i], "<name>mh-local-"));
      g_clear_object (&busy.config[i]);
      g_clear_pointer (&busy.xml[i], g_free);
    }

  /* every VM shows its own move; each is cancelled and stays on A */
  for (guint i = 0; i < N_BUSY; i++)
    g_assert_true (vireo_domain_get_migration (find_domain (local_conn, busy_names[i])) == busy.runs[i].job);
  for (guint i = 0; i < N_BUSY; i++)
    vireo_migration_cancel (busy.runs[i].job);
  for (guint i = 0; i < N_BUSY; i++)
    {
      if (run_finish (&busy.runs[i], WAIT_MS, &error))
        g_error ("the move of %s ended before its cancel", busy_names[i]);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_cmpint (raw_state (local_raw, busy_names[i], NULL), ==, VIR_DOMAIN_RUNNING);
      g_assert_cmpint (raw_state (remote_raw, busy_names[i], NULL), ==, -1);
      run_clear (&busy.runs[i]);
      remove_everywhere (busy_names[i]);
    }
}

int
main (int argc, char *argv[])
{
  const char *needed[] = { "VIREO_MH_URI_LOCAL", "VIREO_MH_URI_REMOTE", "VIREO_MH_TMPDIR" };
  g_autofree char *shared = NULL;
  int rc;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  live_require_env (needed, G_N_ELEMENTS (needed), "tests/multihost/harness.sh");
  g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG, live_drop_log, NULL);
  vireo_core_init ();
  tmpdir = g_strdup (g_getenv ("VIREO_MH_TMPDIR"));

  local_raw = live_connect_or_skip (g_getenv ("VIREO_MH_URI_LOCAL"));
  remote_raw = live_connect_or_skip (g_getenv ("VIREO_MH_URI_REMOTE"));
  local_conn = live_connection_open (g_getenv ("VIREO_MH_URI_LOCAL"), OPEN_TIMEOUT_MS);
  remote_conn = live_connection_open (g_getenv ("VIREO_MH_URI_REMOTE"), OPEN_TIMEOUT_MS);

  g_test_add_vtable ("/multihost/migrate/live", 0, NULL,
                     case_begin, test_live, case_end);
  g_test_add_vtable ("/multihost/migrate/offline", 0, NULL,
                     case_begin, test_offline, case_end);
  g_test_add_vtable ("/multihost/migrate/copy-storage", 0, NULL,
                     case_begin, test_copy_storage, case_end);
  g_test_add_vtable ("/multihost/migrate/copy-storage-same-path", 0, NULL,
                     case_begin, test_copy_storage_same_path, case_end);
  g_test_add_vtable ("/multihost/migrate/tunnelled", 0, NULL,
                     case_begin, test_tunnelled, case_end);
  g_test_add_vtable ("/multihost/migrate/tunnelled-ssh", 0, NULL,
                     case_begin, test_tunnelled_ssh, case_end);
  g_test_add_vtable ("/multihost/migrate/cancel", 0, NULL,
                     case_begin, test_cancel, case_end);
  g_test_add_vtable ("/multihost/migrate/destination-killed", 0, NULL,
                     case_begin, test_destination_killed, case_end);
  g_test_add_vtable ("/multihost/migrate/postcopy", 0, NULL,
                     case_begin, test_postcopy, case_end);
  g_test_add_vtable ("/multihost/migrate/busy-source", 0, NULL,
                     case_begin, test_busy_source, case_end);
  rc = g_test_run ();

  /* whatever a failed case left */
  {
    const char *names[] = { "mh-mig-live", "mh-mig-offline", "mh-mig-offline-temp", "mh-mig-copy",
                            "mh-mig-copy-same", "mh-mig-tunnel", "mh-mig-ssh", "mh-mig-cancel",
                            "mh-mig-killed", "mh-mig-postcopy", "mh-mig-busy-1", "mh-mig-busy-2",
                            "mh-mig-busy-3", "mh-mig-busy-4" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      remove_everywhere (names[i]);
    pool_down (remote_raw, "mh-mig-copy.qcow2");
    pool_down (local_raw, "mh-mig-copy.qcow2");
    pool_down (remote_raw, "mh-mig-copy-same.qcow2");
    pool_down (local_raw, "mh-mig-copy-same.qcow2");
  }
  shared = g_strdup_printf ("%s/mh-migrate-counter.img", tmpdir);
  g_unlink (shared);

  vireo_connection_close (local_conn);
  vireo_connection_close (remote_conn);
  g_clear_object (&local_conn);
  g_clear_object (&remote_conn);
  virConnectClose (local_raw);
  virConnectClose (remote_raw);
  g_free (tmpdir);
  return rc;
}
