/* test-live-snapshot.c — snapshots (issue 15) on the real qemu:///system,
 * through Vireo's core
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two tiny guests (64 MiB, TCG here) whose 1 MiB boot disk counts on COM1,
 * into a file:
 *   - on a qcow2 disk: an internal snapshot with memory while it counts;
 *     later reverted to, the guest runs and its count goes back to what it
 *     was when the snapshot was taken; then the snapshot is deleted;
 *   - on a raw disk: no internal snapshot (the reason names the disk); an
 *     external disk-only one while it runs: the overlay file exists, the
 *     guest keeps running; reverting is refused with libvirt's version
 *     (9.0 here) when the host's libvirt is older than 9.9; deleting it
 *     removes the overlay; one with memory: the memory file next to the
 *     disk, removed with the snapshot.
 * Everything is removed at the end. Run by tests/live/harness.sh.
 */
#define G_LOG_DOMAIN "vireo-test-live-snapshot"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live-test-util.h"

#define URI          "qemu:///system"
#define COUNT_MARKER "VIREO-COUNT "
#define WAIT_MS      60000

static virConnectPtr raw;
static VireoConnection *conn;
static char *tmpdir;
static char *qcow2_name;
static char *raw_name;
static gint64 start_ms;

/* The counting boot sector of tests/live/test-live-vm-ops.c: prints an
 * increasing number on COM1 about once a second */
static const guint8 counter_boot_code[] = {
  0x31, 0xc0, 0x8e, 0xd8, 0xbe, 0x55, 0x7c, 0xfe, 0x04, 0x80, 0x3c, 0x3a, 0x75, 0x06,
  0xc6, 0x04, 0x30, 0x4e, 0xeb, 0xf3, 0xbe, 0x44, 0x7c, 0xac, 0x84, 0xc0, 0x74, 0x06,
  0xba, 0xf8, 0x03, 0xee, 0xeb, 0xf5, 0xbb, 0x00, 0x10, 0x8e, 0xc3, 0x31, 0xff, 0xb9,
  0x00, 0x80, 0xb8, 0xa5, 0xa5, 0xf3, 0xab, 0x81, 0xc3, 0x00, 0x10, 0x81, 0xfb, 0x00,
  0x80, 0x72, 0xea, 0xb9, 0x12, 0x00, 0xfb, 0xf4, 0xe2, 0xfc, 0xeb, 0xc0,
  'V', 'I', 'R', 'E', 'O', '-', 'C', 'O', 'U', 'N', 'T', ' ',
  '0', '0', '0', '0', '0', '0', '\r', '\n', 0,
};

static char *
in_tmp (const char *file)
{
  return g_build_filename (tmpdir, file, NULL);
}

/* the numbers printed after byte @from of @serial, in order */
static GArray *
read_counts (const char *serial,
             gsize       from)
{
  g_autofree char *path = in_tmp (serial);
  g_autofree char *text = NULL;
  gsize length = 0;
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (guint64));

  if (!g_file_get_contents (path, &text, &length, NULL) || from >= length)
    return counts;
  for (const char *p = strstr (text + from, COUNT_MARKER); p != NULL; p = strstr (p + 1, COUNT_MARKER))
    {
      const char *digits = p + strlen (COUNT_MARKER);
      guint64 value;

      if (strlen (digits) < 8 || digits[6] != '\r')
        break; /* a line still being written */
      value = g_ascii_strtoull (digits, NULL, 10);
      g_array_append_val (counts, value);
    }
  return counts;
}

static guint64
last_count (const char *serial)
{
  g_autoptr (GArray) counts = read_counts (serial, 0);

  return counts->len > 0 ? g_array_index (counts, guint64, counts->len - 1) : 0;
}

static gsize
serial_length (const char *serial)
{
  g_autofree char *path = in_tmp (serial);
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gsize) st.st_size : 0;
}

typedef struct
{
  const char *serial;
  guint64     above;
} CountAbove;

static gboolean
count_above (gpointer data)
{
  CountAbove *c = data;

  return last_count (c->serial) > c->above;
}

typedef struct
{
  const char *serial;
  gsize       from;
} NewCount;

static gboolean
new_count (gpointer data)
{
  NewCount *c = data;
  g_autoptr (GArray) counts = read_counts (c->serial, c->from);

  return counts->len > 0;
}

static void
cleanup_at_exit (void)
{
  static const char *const files[] = { "q.qcow2", "q.log", "r.img", "r.log", "r.external" };

  if (raw != NULL)
    {
      live_remove_guest (raw, qcow2_name);
      live_remove_guest (raw, raw_name);
      virConnectClose (raw);
      raw = NULL;
    }
  if (tmpdir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = in_tmp (files[i]);

      g_unlink (path);
    }
  {
    /* the thumbnails' cache (deleting a snapshot removed its file) */
    const char *argv[] = { "rm", "-rf", "--one-file-system", tmpdir, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

/* a counting guest @name on @disk (raw or qcow2) with its serial in @serial */
static void
define_and_start (const char *name,
                  const char *disk,
                  const char *format,
                  const char *serial)
{
  g_autofree guint8 *image = g_malloc0 (1024 * 1024);
  g_autofree char *disk_path = in_tmp (disk);
  g_autofree char *serial_path = in_tmp (serial);
  g_autofree char *raw_path = g_strconcat (disk_path, ".raw", NULL);
  g_autofree char *devices = NULL;
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;

  memcpy (image, counter_boot_code, sizeof counter_boot_code);
  image[510] = 0x55;
  image[511] = 0xaa;
  if (g_str_equal (format, "raw"))
    {
      g_file_set_contents (disk_path, (const char *) image, 1024 * 1024, &error);
      g_assert_no_error (error);
    }
  else
    {
      const char *argv[] = { "qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw_path, disk_path, NULL };

      g_file_set_contents (raw_path, (const char *) image, 1024 * 1024, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_unlink (raw_path);
    }
  g_chmod (disk_path, 0666);
  g_assert_true (g_file_set_contents (serial_path, "", 0, NULL));
  g_chmod (serial_path, 0666);

  devices = g_markup_printf_escaped ("<disk type='file' device='disk'><driver name='qemu' type='%s'/>"
                                     "<source file='%s'/><target dev='vda' bus='virtio'/></disk>"
                                     "<serial type='file'><source path='%s' append='on'/></serial>"
                                     "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>"
                                     "<video><model type='vga'/></video>",
                                     format, disk_path, serial_path);
  xml = live_guest_xml (name, 64, "<boot dev='hd'/>", "", devices);
  live_define_and_start (raw, xml);
}

static VireoDomain *
running_domain (const char *name)
{
  VireoDomain *domain;

  g_assert_true (live_wait_running (conn, name, WAIT_MS));
  domain = live_find_domain (conn, name);
  g_assert_nonnull (domain);
  return domain;
}

static gboolean
create (VireoDomain *domain, const char *name, VireoSnapshotKind kind, gboolean memory, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_create_snapshot_async (domain, name, "live", kind, memory, NULL, live_store_result, &result);
  live_wait_until (live_result_ready, &result, WAIT_MS);
  return vireo_domain_create_snapshot_finish (domain, result, error);
}

static gboolean
revert (VireoDomain *domain, const char *name, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_revert_snapshot_async (domain, name, NULL, live_store_result, &result);
  live_wait_until (live_result_ready, &result, WAIT_MS);
  return vireo_domain_revert_snapshot_finish (domain, result, error);
}

static gboolean
delete (VireoDomain *domain, const char *name, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_delete_snapshot_async (domain, name, FALSE, NULL, live_store_result, &result);
  live_wait_until (live_result_ready, &result, WAIT_MS);
  return vireo_domain_delete_snapshot_finish (domain, result, error);
}

static GListStore *
list (VireoDomain *domain)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GListStore *store;

  vireo_domain_list_snapshots_async (domain, NULL, live_store_result, &result);
  live_wait_until (live_result_ready, &result, WAIT_MS);
  store = vireo_domain_list_snapshots_finish (domain, result, &error);
  g_assert_no_error (error);
  return store;
}

static int
raw_state (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);
  int state;

  g_assert_nonnull (dom);
  state = live_raw_state (dom, NULL);
  virDomainFree (dom);
  return state;
}

static void
test_open (void)
{
  g_autoptr (GError) error = NULL;

  conn = vireo_connection_new (URI);
  live_open (conn, WAIT_MS, &error);
  g_assert_no_error (error);
  g_test_message ("open at %" G_GINT64_FORMAT " ms", live_now_ms () - start_ms);
}

/* qcow2: internal with memory; revert: the count goes back */
static void
test_internal (void)
{
  VireoDomain *domain = running_domain (qcow2_name);
  g_autoptr (VireoSnapshotSupport) support = vireo_domain_get_snapshot_support (domain);
  g_autoptr (GListStore) store = NULL;
  g_autoptr (VireoSnapshot) snapshot = NULL;
  g_autoptr (GError) error = NULL;
  CountAbove above = { "q.log", 1 };
  NewCount after;
  g_autoptr (GArray) counts = NULL;
  guint64 at_snapshot, before_revert, first_after;

  g_assert_true (support->internal);
  g_assert_true (support->memory);
  g_assert_true (live_wait_until (count_above, &above, WAIT_MS));

  at_snapshot = last_count ("q.log");
  g_assert_true (create (domain, "counting", VIREO_SNAPSHOT_KIND_INTERNAL, TRUE, &error));
  g_assert_no_error (error);
  g_test_message ("snapshot at count %" G_GUINT64_FORMAT ", %" G_GINT64_FORMAT " ms",
                  at_snapshot, live_now_ms () - start_ms);
  store = list (domain);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  snapshot = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (vireo_snapshot_get_name (snapshot), ==, "counting");
  g_assert_true (vireo_snapshot_get_is_current (snapshot));
  g_assert_true (vireo_snapshot_get_has_memory (snapshot));
  g_assert_false (vireo_snapshot_get_is_external (snapshot));
  g_assert_cmpint (vireo_snapshot_get_state (snapshot), ==, VIREO_DOMAIN_STATE_RUNNING);
  g_assert_nonnull (vireo_snapshot_get_thumbnail (snapshot));

  /* it counts on, then goes back */
  above.above = at_snapshot + 3;
  g_assert_true (live_wait_until (count_above, &above, WAIT_MS));
  before_revert = last_count ("q.log");
  after.serial = "q.log";
  after.from = serial_length ("q.log");
  g_assert_true (revert (domain, "counting", &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_state (qcow2_name), ==, VIR_DOMAIN_RUNNING);
  g_assert_true (live_wait_until (new_count, &after, WAIT_MS));
  counts = read_counts ("q.log", after.from);
  first_after = g_array_index (counts, guint64, 0);
  g_test_message ("count before revert %" G_GUINT64_FORMAT ", first after %" G_GUINT64_FORMAT,
                  before_revert, first_after);
  g_assert_cmpuint (first_after, <, before_revert);
  g_assert_cmpuint (first_after, >=, at_snapshot);

  g_assert_true (delete (domain, "counting", &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  store = list (domain);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_test_message ("internal done at %" G_GINT64_FORMAT " ms", live_now_ms () - start_ms);
}

/* raw: external disk-only; the overlay exists; revert refused on libvirt < 9.9; delete */
static void
test_external (void)
{
  VireoDomain *domain = running_domain (raw_name);
  g_autoptr (VireoSnapshotSupport) support = vireo_domain_get_snapshot_support (domain);
  g_autoptr (GListStore) store = NULL;
  g_autoptr (VireoSnapshot) snapshot = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *overlay = in_tmp ("r.external");
  g_autofree char *overlay_memory = in_tmp ("r.memory");
  g_autofree char *memory_base = g_strdup_printf ("%s.memory.mem", raw_name);
  g_autofree char *memory_file = in_tmp (memory_base);
  CountAbove above = { "r.log", 1 };
  unsigned long version = 0;

  g_assert_false (support->internal);
  g_assert_cmpstr (support->internal_reason, ==,
                   "Disk vda is in raw format: only qcow2 disks can hold internal snapshots. Take an external snapshot instead.");
  g_assert_true (support->external);

  /* an internal one anyway: refused with that sentence, nothing made */
  g_assert_false (create (domain, "inside", VIREO_SNAPSHOT_KIND_INTERNAL, TRUE, &error));
  g_assert_nonnull (strstr (error->message, support->internal_reason));
  g_clear_error (&error);

  g_assert_true (create (domain, "external", VIREO_SNAPSHOT_KIND_EXTERNAL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (overlay, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (raw_state (raw_name), ==, VIR_DOMAIN_RUNNING);
  above.above = last_count ("r.log");
  g_assert_true (live_wait_until (count_above, &above, WAIT_MS));

  store = list (domain);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  snapshot = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_true (vireo_snapshot_get_is_external (snapshot));
  g_assert_false (vireo_snapshot_get_has_memory (snapshot));

  g_assert_cmpint (virConnectGetLibVersion (raw, &version), ==, 0);
  g_clear_pointer (&support, vireo_snapshot_support_free);
  support = vireo_domain_get_snapshot_support (domain);
  if (version < 9009000)
    {
      g_assert_false (support->revert_external);
      g_assert_false (revert (domain, "external", &error));
      g_assert_error (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED);
      g_assert_nonnull (strstr (error->message, "needs libvirt 9.9 or later"));
      g_test_message ("revert: %s", error->message);
      g_clear_error (&error);
    }

  g_assert_true (delete (domain, "external", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (overlay, G_FILE_TEST_EXISTS));
  g_assert_cmpint (raw_state (raw_name), ==, VIR_DOMAIN_RUNNING);
  g_clear_object (&store);
  store = list (domain);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  /* with its memory, next to the disk; the guest keeps running; deleted:
   * the overlay and the memory file go */
  g_assert_true (support->memory);
  g_assert_true (create (domain, "memory", VIREO_SNAPSHOT_KIND_EXTERNAL, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (overlay_memory, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (memory_file, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (raw_state (raw_name), ==, VIR_DOMAIN_RUNNING);
  g_clear_object (&store);
  store = list (domain);
  g_clear_object (&snapshot);
  snapshot = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_true (vireo_snapshot_get_is_external (snapshot));
  g_assert_true (vireo_snapshot_get_has_memory (snapshot));
  g_assert_true (delete (domain, "memory", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (overlay_memory, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (memory_file, G_FILE_TEST_EXISTS));
  g_assert_cmpint (raw_state (raw_name), ==, VIR_DOMAIN_RUNNING);
  g_test_message ("external done at %" G_GINT64_FORMAT " ms", live_now_ms () - start_ms);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int rc;

  tmpdir = g_dir_make_tmp ("vireo-live-snapshot-XXXXXX", &error);
  g_assert_no_error (error);
  /* thumbnails go to a cache in the test's folder */
  g_setenv ("XDG_CACHE_HOME", tmpdir, TRUE);
  live_test_init (&argc, &argv);
  vireo_core_init ();

  raw = live_connect_or_skip (URI);
  qcow2_name = g_strdup_printf ("vireo-live-snapq-%d", (int) getpid ());
  raw_name = g_strdup_printf ("vireo-live-snapr-%d", (int) getpid ());
  /* QEMU's user writes the serial files, the disks and the overlay */
  g_chmod (tmpdir, 0777);
  atexit (cleanup_at_exit);
  start_ms = live_now_ms ();
  define_and_start (qcow2_name, "q.qcow2", "qcow2", "q.log");
  define_and_start (raw_name, "r.img", "raw", "r.log");

  g_test_add_func ("/live/snapshot/open", test_open);
  g_test_add_func ("/live/snapshot/internal", test_internal);
  g_test_add_func ("/live/snapshot/external", test_external);

  rc = g_test_run ();

  if (conn != NULL)
    {
      vireo_connection_close (conn);
      g_clear_object (&conn);
    }
  return rc;
}
