/* test-multihost-storage.c — a volume upload to a remote host (issue 16)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/multihost/harness.sh runs this inside the "local" namespace with a
 * "remote" libvirtd (host B) over qemu+tcp.  A dir pool is made on B for the
 * run; through the remote connection's VireoHostStorage:
 *   - a local file of a few MiB uploaded into a new volume of B's pool and
 *     downloaded back is the same bytes;
 *   - an upload cancelled at its first progress report leaves no volume on B.
 * The pool, its volumes and folder are removed at the end, pass or fail.
 */
#define G_LOG_DOMAIN "vireo-test-multihost-storage"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "live-test-util.h"

#define OPEN_TIMEOUT_MS 60000
#define WAIT_MS         60000
#define MIB             (1024 * 1024)

static VireoConnection *remote_conn;
static VireoHostStorage *storage;
static virConnectPtr remote_raw;
static char *pool_name;
static char *work_dir;

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  g_assert_true (live_wait_until (live_result_ready, slot, WAIT_MS));
  return g_steal_pointer (slot);
}

static gboolean
pool_listed (gpointer name)
{
  VireoStoragePool *pool = vireo_host_storage_lookup_pool (storage, name);

  return pool != NULL && vireo_storage_pool_get_active (pool);
}

/* whether B has @name in the run's pool, as libvirt on B says after a refresh */
static gboolean
remote_volume_exists (const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (remote_raw, pool_name);
  virStorageVolPtr vol;

  g_assert_nonnull (pool);
  virStoragePoolRefresh (pool, 0);
  vol = virStorageVolLookupByName (pool, name);
  virStoragePoolFree (pool);
  virResetLastError ();
  if (vol == NULL)
    return FALSE;
  virStorageVolFree (vol);
  return TRUE;
}

static char *
write_pattern (const char *name, gsize size)
{
  g_autofree guint8 *data = g_malloc (size);
  char *path = g_build_filename (work_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  guint32 x = 2463534242u;

  for (gsize i = 0; i < size; i++)
    {
      x ^= x << 13, x ^= x >> 17, x ^= x << 5;
      data[i] = x & 0xff;
    }
  g_file_set_contents (path, (const char *) data, size, &error);
  g_assert_no_error (error);
  return path;
}

static void
count_cb (goffset current, goffset total, gpointer user_data)
{
  guint *reports = user_data;

  (*reports)++;
}

static void
cancel_at_first_cb (goffset current, goffset total, gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_upload_download (void)
{
  g_autofree char *source = write_pattern ("source.bin", 4 * MIB + 4321);
  g_autofree char *back = g_build_filename (work_dir, "back.bin", NULL);
  g_autofree char *sent = NULL;
  g_autofree char *received = NULL;
  gsize sent_len = 0, received_len = 0;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GAsyncResult *result;
  guint reports = 0;

  vireo_host_storage_upload_async (storage, pool_name, "uploaded.raw", source, TRUE, count_cb,
                                   &reports, NULL, live_store_result, &slot);
  result = wait_result (&slot);
  g_assert_true (vireo_host_storage_upload_finish (storage, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
  g_assert_cmpuint (reports, >, 1);
  /* on host B, not here */
  g_assert_true (remote_volume_exists ("uploaded.raw"));

  vireo_host_storage_download_async (storage, pool_name, "uploaded.raw", back, NULL, NULL, NULL,
                                     live_store_result, &slot);
  result = wait_result (&slot);
  g_assert_true (vireo_host_storage_download_finish (storage, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);

  g_assert_true (g_file_get_contents (source, &sent, &sent_len, NULL));
  g_assert_true (g_file_get_contents (back, &received, &received_len, NULL));
  g_assert_cmpuint (received_len, ==, sent_len);
  g_assert_true (memcmp (sent, received, sent_len) == 0);
  g_unlink (source);
  g_unlink (back);
}

static void
test_upload_cancel (void)
{
  g_autofree char *source = write_pattern ("big.bin", 16 * MIB);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GAsyncResult *result;

  vireo_host_storage_upload_async (storage, pool_name, "cancelled.raw", source, TRUE,
                                   cancel_at_first_cb, cancellable, cancellable,
                                   live_store_result, &slot);
  result = wait_result (&slot);
  g_assert_false (vireo_host_storage_upload_finish (storage, result, &error));
  g_object_unref (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (remote_volume_exists ("cancelled.raw"));
  g_unlink (source);
}

/* B's pool for the run: defined, built (its folder made) and started */
static void
pool_up (void)
{
  g_autofree char *xml = g_strdup_printf ("<pool type='dir'><name>%s</name><target>"
                                          "<path>/var/lib/libvirt/images/%s</path>"
                                          "</target></pool>", pool_name, pool_name);
  virStoragePoolPtr pool = virStoragePoolDefineXML (remote_raw, xml, 0);

  if (pool == NULL || virStoragePoolBuild (pool, 0) < 0 || virStoragePoolCreate (pool, 0) < 0)
    g_error ("making the pool on B failed: %s", virGetLastErrorMessage ());
  virStoragePoolFree (pool);
}

static void
pool_down (void)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (remote_raw, pool_name);
  virStorageVolPtr *vols = NULL;
  int n;

  if (pool == NULL)
    {
      virResetLastError ();
      return;
    }
  virStoragePoolRefresh (pool, 0);
  n = virStoragePoolListAllVolumes (pool, &vols, 0);
  for (int i = 0; i < n; i++)
    {
      virStorageVolDelete (vols[i], 0);
      virStorageVolFree (vols[i]);
    }
  free (vols);
  virStoragePoolDestroy (pool);
  virStoragePoolDelete (pool, 0);
  virStoragePoolUndefine (pool);
  virStoragePoolFree (pool);
  virResetLastError ();
}

int
main (int argc, char **argv)
{
  int ret;

  live_test_init (&argc, &argv);
  vireo_core_init ();

  remote_raw = virConnectOpen (g_getenv ("VIREO_MH_URI_REMOTE"));
  g_assert_nonnull (remote_raw);
  pool_name = g_strdup_printf ("mh-storage-%d", (int) getpid ());
  work_dir = g_dir_make_tmp ("vireo-mh-storage-XXXXXX", NULL);
  g_assert_nonnull (work_dir);
  pool_up ();

  remote_conn = live_connection_open (g_getenv ("VIREO_MH_URI_REMOTE"), OPEN_TIMEOUT_MS);
  storage = vireo_host_storage_get (remote_conn);
  g_assert_true (live_wait_until (pool_listed, pool_name, WAIT_MS));

  g_test_add_func ("/multihost-storage/upload-download", test_upload_download);
  g_test_add_func ("/multihost-storage/upload-cancel", test_upload_cancel);
  ret = g_test_run ();

  pool_down ();
  g_rmdir (work_dir);
  g_clear_object (&storage);
  vireo_connection_close (remote_conn);
  g_clear_object (&remote_conn);
  virConnectClose (remote_raw);
  g_free (pool_name);
  g_free (work_dir);
  return ret;
}
