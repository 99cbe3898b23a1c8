/* test-multihost-preflight.c — the migration pre-flight checks on two real
 * libvirtds (issue 13)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/multihost/harness.sh runs this inside the "local" namespace with a
 * "remote" libvirtd over qemu+tcp.  Each failure the Migrate dialog must catch
 * is produced for real, with VMs defined for the case and undefined after it
 * (none is started: the checks read definitions and the hosts' facts):
 *   - a network the VM uses that the destination lacks;
 *   - a VM of the same name on the destination;
 *   - a disk the destination cannot see, with copy-storage off;
 *   - a disk whose path is a volume of a local pool on both hosts (each
 *     host's own folder, different files): not shared, a warning;
 *   - a VM larger than the destination's free memory (live mode);
 *   - a CPU the destination cannot provide (every VM here has a qemu64 CPU, so
 *     each case also compares CPUs for real);
 * with none of these, the two daemons on one machine are told apart by their
 * host_uuid (no "same host" problem); and a destination that stops answering
 * during the checks is reported as lost, not as missing everything.
 */
#define G_LOG_DOMAIN "vireo-test-multihost-preflight"

#include "config.h"

#include <signal.h>
#include <sys/types.h>

#include "live-test-util.h"
#include "vireo-migration.h"

#define OPEN_TIMEOUT_MS 60000
#define WAIT_MS         60000

static VireoConnection *local_conn, *remote_conn;
static virConnectPtr local_raw, remote_raw;

/* defines @name on @raw: a diskless VM with @memory_mib of memory, a qemu64
 * CPU with @cpu_features, @devices inside <devices>, and the UUID @uuid or one
 * of libvirt's */
static void
define_vm_full (virConnectPtr raw, const char *name, const char *uuid, guint64 memory_mib,
                const char *cpu_features, const char *devices)
{
  g_autofree char *uuid_elem = uuid != NULL ? g_strdup_printf ("<uuid>%s</uuid>", uuid) : g_strdup ("");
  g_autofree char *xml = g_strdup_printf (
      "<domain type='%s'><name>%s</name>%s<memory unit='MiB'>%" G_GUINT64_FORMAT "</memory>"
      "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os>"
      "<cpu mode='custom' match='exact'><model fallback='forbid'>qemu64</model>%s</cpu>"
      "<devices>%s</devices></domain>",
      g_getenv ("VIREO_TEST_DOMAIN_TYPE") != NULL ? g_getenv ("VIREO_TEST_DOMAIN_TYPE") : "qemu",
      name, uuid_elem, memory_mib, cpu_features != NULL ? cpu_features : "",
      devices != NULL ? devices : "");
  virDomainPtr dom = virDomainDefineXML (raw, xml);

  if (dom == NULL)
    g_error ("defining %s failed: %s", name, virGetLastErrorMessage ());
  virDomainFree (dom);
}

static void
define_vm (virConnectPtr raw, const char *name, const char *uuid, guint64 memory_mib,
           const char *devices)
{
  define_vm_full (raw, name, uuid, memory_mib, NULL, devices);
}

static void
undefine_vm (virConnectPtr raw, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);

  if (dom == NULL)
    return;
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
}

typedef struct
{
  VireoConnection *conn;
  const char      *name;
} Listed;

static gboolean
listed (gpointer data)
{
  Listed *l = data;

  return live_find_domain (l->conn, l->name) != NULL;
}

/* runs the pre-flight of the local VM @name towards the remote host */
static VireoMigrationReport *
preflight (const char *name, VireoMigrationMode mode, VireoMigrationStorage storage)
{
  Listed l = { local_conn, name };
  VireoMigrationOptions options = { 0 };
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  VireoDomain *domain;
  VireoMigrationReport *report;
  GPtrArray *problems;

  g_assert_true (live_wait_until (listed, &l, WAIT_MS));
  domain = live_find_domain (local_conn, name);
  options.mode = mode;
  options.permanent = TRUE;
  options.transport = VIREO_MIGRATION_DIRECT;
  options.storage = storage;
  vireo_migration_preflight_async (domain, remote_conn, &options, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, WAIT_MS));
  report = vireo_migration_preflight_finish (domain, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);

  problems = vireo_migration_report_get_problems (report);
  for (guint i = 0; i < problems->len; i++)
    {
      VireoMigrationProblem *p = g_ptr_array_index (problems, i);

      g_test_message ("%s: check %d, %s: %s", name, p->check, p->blocking ? "blocking" : "warning",
                      p->message);
    }
  return report;
}

/* the problem of kind @check in @report (asserts there is exactly one) */
static VireoMigrationProblem *
find_problem (VireoMigrationReport *report, VireoMigrationCheck check)
{
  GPtrArray *problems = vireo_migration_report_get_problems (report);
  VireoMigrationProblem *found = NULL;

  for (guint i = 0; i < problems->len; i++)
    {
      VireoMigrationProblem *p = g_ptr_array_index (problems, i);

      if (p->check == check)
        {
          g_assert_null (found);
          found = p;
        }
    }
  if (found == NULL)
    g_error ("no problem of check %d in the report", check);
  return found;
}

static void
assert_contains (const char *message, const char *part)
{
  if (strstr (message, part) == NULL)
    g_error ("“%s” does not say “%s”", message, part);
}

/* -- cases ---------------------------------------------------------------------- */

/* nothing in the way: no problem at all, and not "the same host" although
 * both daemons run on this machine (their host_uuid differs) */
static void
test_clear (void)
{
  g_autoptr (VireoMigrationReport) report = NULL;

  define_vm (local_raw, "mh-pf-clear", NULL, 64, NULL);

  report = preflight ("mh-pf-clear", VIREO_MIGRATION_OFFLINE, VIREO_MIGRATION_STORAGE_SHARED);
  g_assert_cmpuint (vireo_migration_report_get_problems (report)->len, ==, 0);
  g_assert_false (vireo_migration_report_get_blocked (report));
  undefine_vm (local_raw, "mh-pf-clear");
}

static void
test_network_missing (void)
{
  g_autoptr (VireoMigrationReport) report = NULL;
  VireoMigrationProblem *p;

  define_vm (local_raw, "mh-pf-net", NULL, 64,
             "<interface type='network'><source network='mh-pf-lab'/></interface>");
  report = preflight ("mh-pf-net", VIREO_MIGRATION_OFFLINE, VIREO_MIGRATION_STORAGE_SHARED);
  p = find_problem (report, VIREO_MIGRATION_CHECK_NETWORK);
  g_assert_true (p->blocking);
  assert_contains (p->message, "“mh-pf-lab”");
  assert_contains (p->message, vireo_connection_get_label (remote_conn));
  undefine_vm (local_raw, "mh-pf-net");
}

static void
test_name_clash (void)
{
  g_autoptr (VireoMigrationReport) report = NULL;
  VireoMigrationProblem *p;

  define_vm (local_raw, "mh-pf-clash", NULL, 64, NULL);
  define_vm (remote_raw, "mh-pf-clash", NULL, 64, NULL);
  report = preflight ("mh-pf-clash", VIREO_MIGRATION_OFFLINE, VIREO_MIGRATION_STORAGE_SHARED);
  p = find_problem (report, VIREO_MIGRATION_CHECK_NAME);
  g_assert_true (p->blocking);
  assert_contains (p->message, "“mh-pf-clash”");
  assert_contains (p->message, "already exists");
  g_assert_cmpuint (vireo_migration_report_get_problems (report)->len, ==, 1);
  undefine_vm (remote_raw, "mh-pf-clash");
  undefine_vm (local_raw, "mh-pf-clash");
}

/* a disk in a folder only the local host has a pool for (none on the remote) */
static void
test_storage_not_shared (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("VIREO_MH_TMPDIR"), "mh-pf-disk.qcow2", NULL);
  g_autofree char *disk = g_strdup_printf (
      "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='%s'/>"
      "<target dev='vda' bus='virtio'/></disk>",
      path);
  g_autoptr (VireoMigrationReport) report = NULL;
  VireoMigrationProblem *p;
  VireoMigrationDisk *vda;

  define_vm (local_raw, "mh-pf-disk", NULL, 64, disk);
  report = preflight ("mh-pf-disk", VIREO_MIGRATION_OFFLINE, VIREO_MIGRATION_STORAGE_SHARED);
  p = find_problem (report, VIREO_MIGRATION_CHECK_STORAGE);
  g_assert_true (p->blocking);
  assert_contains (p->message, "vda");
  assert_contains (p->message, path);
  assert_contains (p->message, "storage both hosts share");
  g_assert_true (vireo_migration_report_get_needs_copy (report));
  g_assert_cmpuint (vireo_migration_report_get_disks (report)->len, ==, 1);
  vda = g_ptr_array_index (vireo_migration_report_get_disks (report), 0);
  g_assert_false (vda->shared);
  g_assert_cmpstr (vda->source, ==, path);
  undefine_vm (local_raw, "mh-pf-disk");
}

/* a "dir" pool on @raw at its own /var/lib/libvirt/images, holding a qcow2
 * @volume of @mib MiB */
static void
same_path_pool_up (virConnectPtr raw, const char *volume, guint mib)
{
  g_autofree char *vol_xml = g_strdup_printf (
      "<volume><name>%s</name><capacity unit='MiB'>%u</capacity>"
      "<target><format type='qcow2'/></target></volume>", volume, mib);
  virStoragePoolPtr pool = virStoragePoolCreateXML (
      raw, "<pool type='dir'><name>mh-pf-images</name>"
           "<target><path>/var/lib/libvirt/images</path></target></pool>", 0);
  virStorageVolPtr vol;

  if (pool == NULL)
    g_error ("making the pool failed: %s", virGetLastErrorMessage ());
  vol = virStorageVolCreateXML (pool, vol_xml, 0);
  if (vol == NULL)
    g_error ("making the volume failed: %s", virGetLastErrorMessage ());
  virStorageVolFree (vol);
  virStoragePoolFree (pool);
}

static void
same_path_pool_down (virConnectPtr raw, const char *volume)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, "mh-pf-images");
  virStorageVolPtr vol = pool != NULL ? virStorageVolLookupByName (pool, volume) : NULL;

  if (vol != NULL)
    {
      virStorageVolDelete (vol, 0);
      virStorageVolFree (vol);
    }
  if (pool != NULL)
    {
      virStoragePoolDestroy (pool);
      virStoragePoolFree (pool);
    }
  virResetLastError ();
}

/* The same path in a local pool on each host: each daemon's private
 * /var/lib/libvirt/images, so two different files (64 and 32 MiB), which
 * Vireo cannot tell from one shared file system.  Not shared: a warning that
 * names the disk, nothing blocking once the person keeps shared storage. */
static void
test_storage_same_path (void)
{
  const char *volume = "mh-pf-same.qcow2";
  g_autofree char *disk = g_strdup_printf (
      "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
      "<source file='/var/lib/libvirt/images/%s'/><target dev='vda' bus='virtio'/></disk>",
      volume);
  g_autoptr (VireoMigrationReport) report = NULL;
  VireoMigrationProblem *p;
  VireoMigrationDisk *vda;

  same_path_pool_up (local_raw, volume, 64);
  same_path_pool_up (remote_raw, volume, 32);
  define_vm (local_raw, "mh-pf-same", NULL, 64, disk);
  report = preflight ("mh-pf-same", VIREO_MIGRATION_OFFLINE, VIREO_MIGRATION_STORAGE_SHARED);
  p = find_problem (report, VIREO_MIGRATION_CHECK_STORAGE);
  g_assert_false (p->blocking);
  assert_contains (p->message, "vda");
  assert_contains (p->message, "same path");
  assert_contains (p->message, "cannot tell");
  assert_contains (p->message, vireo_connection_get_label (remote_conn));
  g_assert_false (vireo_migration_report_get_blocked (report));
  g_assert_true (vireo_migration_report_get_needs_copy (report));
  vda = g_ptr_array_index (vireo_migration_report_get_disks (report), 0);
  g_assert_false (vda->shared);
  g_assert_cmpuint (vda->capacity, ==, 64 * 1024 * 1024);
  undefine_vm (local_raw, "mh-pf-same");
  same_path_pool_down (local_raw, volume);
  same_path_pool_down (remote_raw, volume);
}

/* a VM with 1 GiB more memory than the remote host has free, checked for a
 * live move (defined only: it is never started) */
static void
test_memory (void)
{
  unsigned long long free_bytes = virNodeGetFreeMemory (remote_raw);
  guint64 memory_mib = free_bytes / (1024 * 1024) + 1024;
  g_autoptr (VireoMigrationReport) report = NULL;
  g_autofree char *needed = NULL;
  VireoMigrationProblem *p;

  g_assert_cmpuint (free_bytes, >, 0);
  define_vm (local_raw, "mh-pf-big", NULL, memory_mib, NULL);
  report = preflight ("mh-pf-big", VIREO_MIGRATION_LIVE, VIREO_MIGRATION_STORAGE_SHARED);
  p = find_problem (report, VIREO_MIGRATION_CHECK_MEMORY);
  g_assert_true (p->blocking);
  needed = g_format_size_full (memory_mib * 1024 * 1024, G_FORMAT_SIZE_IEC_UNITS);
  assert_contains (p->message, needed);
  assert_contains (p->message, vireo_connection_get_label (remote_conn));
  g_assert_true (vireo_migration_report_get_blocked (report));
  undefine_vm (local_raw, "mh-pf-big");
}

/* a CPU no processor has: Intel's VMX and AMD's SVM together (nor QEMU's TCG,
 * which emulates SVM only) */
static void
test_cpu_incompatible (void)
{
  g_autoptr (VireoMigrationReport) report = NULL;
  VireoMigrationProblem *p;

  define_vm_full (local_raw, "mh-pf-cpu", NULL, 64,
                  "<feature policy='require' name='vmx'/><feature policy='require' name='svm'/>",
                  NULL);
  report = preflight ("mh-pf-cpu", VIREO_MIGRATION_OFFLINE, VIREO_MIGRATION_STORAGE_SHARED);
  p = find_problem (report, VIREO_MIGRATION_CHECK_CPU);
  g_assert_true (p->blocking);
  assert_contains (p->message, "qemu64");
  assert_contains (p->message, vireo_connection_get_label (remote_conn));
  undefine_vm (local_raw, "mh-pf-cpu");
}

static gboolean
remote_connected (gpointer data)
{
  return vireo_connection_get_state (remote_conn) == VIREO_CONNECTION_STATE_CONNECTED;
}

/* the remote libvirtd stops answering while the checks run: once the
 * keepalive gives up, the report says the connection was lost, not that the
 * network or the VM is missing there (every lookup fails then) */
static void
test_destination_lost (void)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoMigrationReport) report = NULL;
  VireoMigrationProblem *p;
  pid_t pid;

  define_vm (local_raw, "mh-pf-lost", NULL, 64,
             "<interface type='network'><source network='mh-pf-lab'/></interface>");
  g_file_get_contents (g_getenv ("VIREO_MH_PIDFILE_REMOTE"), &text, NULL, &error);
  g_assert_no_error (error);
  pid = (pid_t) g_ascii_strtoll (g_strstrip (text), NULL, 10);
  g_assert_cmpint (pid, >, 1);

  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  report = preflight ("mh-pf-lost", VIREO_MIGRATION_OFFLINE, VIREO_MIGRATION_STORAGE_SHARED);
  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);

  p = find_problem (report, VIREO_MIGRATION_CHECK_DESTINATION);
  g_assert_true (p->blocking);
  assert_contains (p->message, "was lost");
  assert_contains (p->message, vireo_connection_get_label (remote_conn));
  g_assert_cmpuint (vireo_migration_report_get_problems (report)->len, ==, 1);

  /* it comes back by itself */
  g_assert_true (live_wait_until (remote_connected, NULL, WAIT_MS));
  undefine_vm (local_raw, "mh-pf-lost");
}

int
main (int argc, char **argv)
{
  int ret;

  live_test_init (&argc, &argv);
  vireo_core_init ();

  local_conn = live_connection_open (g_getenv ("VIREO_MH_URI_LOCAL"), OPEN_TIMEOUT_MS);
  remote_conn = vireo_connection_new (g_getenv ("VIREO_MH_URI_REMOTE"));
  /* a stopped daemon is noticed in 3 s (destination-lost) */
  vireo_connection_set_keepalive (remote_conn, 1, 3);
  vireo_connection_set_reconnect_delays (remote_conn, 1, 2);
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (live_open (remote_conn, OPEN_TIMEOUT_MS, &error));
    g_assert_no_error (error);
  }
  local_raw = virConnectOpen (g_getenv ("VIREO_MH_URI_LOCAL"));
  remote_raw = virConnectOpen (g_getenv ("VIREO_MH_URI_REMOTE"));
  g_assert_nonnull (local_raw);
  g_assert_nonnull (remote_raw);

  g_test_add_func ("/multihost-preflight/clear", test_clear);
  g_test_add_func ("/multihost-preflight/network-missing", test_network_missing);
  g_test_add_func ("/multihost-preflight/name-clash", test_name_clash);
  g_test_add_func ("/multihost-preflight/storage-not-shared", test_storage_not_shared);
  g_test_add_func ("/multihost-preflight/storage-same-path", test_storage_same_path);
  g_test_add_func ("/multihost-preflight/memory", test_memory);
  g_test_add_func ("/multihost-preflight/cpu-incompatible", test_cpu_incompatible);
  /* last: the remote daemon is stopped for a while */
  g_test_add_func ("/multihost-preflight/destination-lost", test_destination_lost);
  ret = g_test_run ();

  virConnectClose (local_raw);
  virConnectClose (remote_raw);
  vireo_connection_close (local_conn);
  vireo_connection_close (remote_conn);
  g_clear_object (&local_conn);
  g_clear_object (&remote_conn);
  return ret;
}
