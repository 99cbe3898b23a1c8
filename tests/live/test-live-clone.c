/* test-live-clone.c — Clone on a real libvirtd (issue 15)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A guest with two disks in a dir pool: a 1 MiB qcow2 with a pattern written
 * into it (cloned) and a 1 MiB raw disk marked shareable (shared). The clone
 * made through Vireo's core has a new qcow2 volume with the same content
 * (qemu-img compare), the shared disk on the same file, a new UUID and MAC;
 * then the original runs, the clone is started through the core as well and
 * both run at once (TCG, no OS: SeaBIOS finds nothing to boot and waits).
 * Then an 8 MiB volume of data, cloned at 1 MiB/s and cancelled once the
 * first bytes are copied: the copy's volume is gone from the pool and the
 * directory, and no VM was defined. Last, a guest's UEFI variable store (a
 * file outside any pool): the clone gets a copy of its own. And a pool on a
 * 5 MiB tmpfs that fills up while a volume is copied: the sentence says the
 * pool ran out of room, and the partial copy is gone.
 * Run by tests/live/harness.sh.
 */
#define G_LOG_DOMAIN "vireo-test-live-clone"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live-test-util.h"

#define URI "qemu:///system"

static virConnectPtr raw;
static VireoConnection *conn;
static char *vm_name;      /* the guest cloned */
static char *clone_name;
static char *big_name;     /* the guest whose clone is cancelled */
static char *efi_name;     /* a guest with a UEFI variable store */
static char *full_name;    /* a guest in a small pool that fills up during its clone */
static char *full_dir;     /* that pool's tmpfs */
static char *pool_name;
static char *pool_dir;

static void
cleanup_at_exit (void)
{
  g_autofree char *big_clone = big_name != NULL ? g_strdup_printf ("%s-clone", big_name) : NULL;

  live_remove_guest (raw, clone_name);
  live_remove_guest (raw, vm_name);
  live_remove_guest (raw, big_name);
  live_remove_guest (raw, big_clone);
  if (efi_name != NULL)
    {
      g_autofree char *efi_clone = g_strdup_printf ("%s-clone", efi_name);

      live_remove_guest (raw, efi_clone);
      live_remove_guest (raw, efi_name);
    }
  if (full_name != NULL)
    {
      g_autofree char *full_clone = g_strdup_printf ("%s-clone", full_name);

      live_remove_guest (raw, full_clone);
      live_remove_guest (raw, full_name);
    }
  if (raw != NULL && full_dir != NULL && g_file_test (full_dir, G_FILE_TEST_IS_DIR))
    {
      const char *const umount[] = { "umount", full_dir, NULL };

      live_remove_pool (raw, full_name, NULL);
      g_spawn_sync (NULL, (char **) umount, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, NULL);
      g_rmdir (full_dir);
    }
  if (raw != NULL)
    live_remove_pool (raw, pool_name, pool_dir);
  if (raw != NULL)
    virConnectClose (raw);
  raw = NULL;
}

static char *
create_volume (const char *name, const char *format, guint64 capacity)
{
  g_autofree char *xml = g_strdup_printf ("<volume><name>%s</name>"
                                          "<capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>"
                                          "<target><format type='%s'/></target></volume>",
                                          name, capacity, format);
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, pool_name);
  virStorageVolPtr vol;
  char *path;

  g_assert_nonnull (pool);
  vol = virStorageVolCreateXML (pool, xml, 0);
  if (vol == NULL)
    g_error ("could not create %s: %s", name, virGetLastErrorMessage ());
  path = virStorageVolGetPath (vol);
  virStorageVolFree (vol);
  virStoragePoolFree (pool);
  return path;
}

static void
refresh_pool (void)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, pool_name);

  g_assert_nonnull (pool);
  virStoragePoolRefresh (pool, 0);
  virStoragePoolFree (pool);
  virResetLastError ();
}

static gboolean
volume_exists (const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, pool_name);
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

static void
run (const char *const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, NULL));
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", argv[0], out, err);
}

static int
guest_state (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);
  int state;

  g_assert_nonnull (dom);
  state = live_raw_state (dom, NULL);
  virDomainFree (dom);
  return state;
}

static gboolean
domain_listed (gpointer name)
{
  return live_find_domain (conn, name) != NULL;
}

static gboolean
guest_exists (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);

  virResetLastError ();
  if (dom == NULL)
    return FALSE;
  virDomainFree (dom);
  return TRUE;
}

static char *
guest_xml (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);
  char *xml, *copy;

  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  virDomainFree (dom);
  g_assert_nonnull (xml);
  copy = g_strdup (xml);
  free (xml);
  return copy;
}

typedef struct
{
  GCancellable *cancel_at_progress;
  guint64       copied;
  guint64       total;
} Progress;

static void
on_progress (guint64 copied, guint64 total, gpointer user_data)
{
  Progress *progress = user_data;

  progress->copied = copied;
  progress->total = total;
  if (progress->cancel_at_progress != NULL && copied > 0)
    g_cancellable_cancel (progress->cancel_at_progress);
}

static VireoClonePlan *
plan (VireoDomain *domain)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VireoClonePlan *out;

  vireo_domain_clone_plan_async (domain, NULL, live_store_result, &result);
  live_wait_until (live_result_ready, &result, 60000);
  out = vireo_domain_clone_plan_finish (domain, result, &error);
  g_assert_no_error (error);
  return out;
}

static GPtrArray *
clone_domain (VireoDomain *domain, const char *name, const VireoCloneDiskChoice *choices,
              guint n, guint64 rate, Progress *progress, GCancellable *cancellable, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_clone_async (domain, name, choices, n, VIREO_DOMAIN_CLONE_NONE, rate,
                            progress != NULL ? on_progress : NULL,
                            progress, cancellable, live_store_result, &result);
  live_wait_until (live_result_ready, &result, 120000);
  return vireo_domain_clone_finish (domain, result, error);
}

/* the cloned qcow2 has the same content; the shared disk stays one file; both guests run */
static void
test_clone_and_run (void)
{
  g_autofree char *qcow2 = create_volume ("disk.qcow2", "qcow2", 1048576);
  g_autofree char *shared = create_volume ("shared.img", "raw", 1048576);
  g_autofree char *disk1 = g_markup_printf_escaped ("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                                                    "<source file='%s'/><target dev='vda' bus='virtio'/></disk>",
                                                    qcow2);
  g_autofree char *disk2 = g_markup_printf_escaped ("<disk type='file' device='disk'><driver name='qemu' type='raw' cache='none'/>"
                                                    "<source file='%s'/><target dev='vdb' bus='virtio'/><shareable/></disk>",
                                                    shared);
  g_autofree char *devices = g_strconcat (disk1, disk2, "<interface type='user'><mac address='52:54:00:0c:10:4e'/></interface>", NULL);
  g_autofree char *xml = live_guest_xml (vm_name, 64, "", "", devices);
  g_autofree char *clone_qcow2 = NULL;
  g_autofree char *clone_xml = NULL;
  g_autoptr(VireoClonePlan) clone_plan = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  VireoCloneDiskChoice choices[2];
  Progress progress = { 0 };
  VireoDomain *domain, *copy;
  virDomainPtr dom;
  gint64 start = g_get_monotonic_time ();

  /* a pattern in the qcow2, so that an empty copy differs */
  run ((const char *const[]) { "qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 256k", qcow2, NULL });
  refresh_pool ();
  dom = virDomainDefineXML (raw, xml);
  g_assert_nonnull (dom);
  virDomainFree (dom);
  g_assert_true (live_wait_until (domain_listed, vm_name, 30000));
  domain = live_find_domain (conn, vm_name);

  clone_plan = plan (domain);
  g_assert_cmpstr (clone_plan->clone_name, ==, clone_name);
  g_assert_cmpuint (clone_plan->disks->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      VireoCloneDisk *disk = g_ptr_array_index (clone_plan->disks, i);

      g_assert_true (disk->can_clone);
      g_assert_cmpstr (disk->pool, ==, pool_name);
      /* the shareable disk is suggested shared */
      g_assert_cmpint (disk->suggested, ==, disk->shareable ? VIREO_CLONE_DISK_SHARE : VIREO_CLONE_DISK_CLONE);
      choices[i] = disk->suggested;
      if (!disk->shareable)
        {
          g_autofree char *expected = g_strdup_printf ("%s.qcow2", clone_name);

          g_assert_cmpstr (disk->clone_name, ==, expected);
        }
    }

  notes = clone_domain (domain, clone_name, choices, 2, 0, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress.copied, >, 0);
  g_assert_cmpuint (progress.copied, ==, progress.total);
  g_test_message ("cloned in %.1f s", (g_get_monotonic_time () - start) / 1e6);

  clone_qcow2 = g_strdup_printf ("%s/%s.qcow2", pool_dir, clone_name);
  g_assert_true (volume_exists (strrchr (clone_qcow2, '/') + 1));
  run ((const char *const[]) { "qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", qcow2, clone_qcow2, NULL });
  clone_xml = guest_xml (clone_name);
  g_assert_nonnull (strstr (clone_xml, clone_qcow2));
  g_assert_nonnull (strstr (clone_xml, shared));
  g_assert_null (strstr (clone_xml, "52:54:00:0c:10:4e"));
  g_assert_nonnull (strstr (clone_xml, "<mac address='52:54:00:"));
  g_assert_null (strstr (clone_xml, vireo_domain_get_uuid (domain)));

  /* both run, on the shared disk at once */
  g_assert_true (live_action (domain, VIREO_DOMAIN_ACTION_RUN, &error));
  g_assert_no_error (error);
  g_assert_true (live_wait_until (domain_listed, clone_name, 30000));
  copy = live_find_domain (conn, clone_name);
  g_assert_true (live_action (copy, VIREO_DOMAIN_ACTION_RUN, &error));
  g_assert_no_error (error);
  g_assert_cmpint (guest_state (vm_name), ==, VIR_DOMAIN_RUNNING);
  g_assert_cmpint (guest_state (clone_name), ==, VIR_DOMAIN_RUNNING);
  g_test_message ("both running after %.1f s", (g_get_monotonic_time () - start) / 1e6);
  live_remove_guest (raw, clone_name);
  live_remove_guest (raw, vm_name);
}

/* an 8 MiB volume of data at 1 MiB/s, cancelled once the first bytes are over:
 * no volume, no file, no VM */
static void
test_cancel_leaves_nothing (void)
{
  g_autofree char *big = create_volume ("big.img", "raw", 8 * 1048576);
  g_autofree char *disk = g_markup_printf_escaped ("<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                                                   "<source file='%s'/><target dev='vda' bus='virtio'/></disk>", big);
  g_autofree char *xml = live_guest_xml (big_name, 64, "", "", disk);
  g_autofree char *big_clone = g_strdup_printf ("%s-clone", big_name);
  g_autofree char *big_clone_file = g_strdup_printf ("%s/%s.img", pool_dir, big_clone);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  const VireoCloneDiskChoice choices[] = { VIREO_CLONE_DISK_CLONE };
  Progress progress = { .cancel_at_progress = cancellable };
  VireoDomain *domain;
  virDomainPtr dom;
  gint64 start = g_get_monotonic_time ();

  /* data all along: a sparse copy would skip holes at once */
  run ((const char *const[]) { "qemu-io", "-f", "raw", "-c", "write -P 0x33 0 8M", big, NULL });
  refresh_pool ();
  dom = virDomainDefineXML (raw, xml);
  g_assert_nonnull (dom);
  virDomainFree (dom);
  g_assert_true (live_wait_until (domain_listed, big_name, 30000));
  domain = live_find_domain (conn, big_name);

  notes = clone_domain (domain, big_clone, choices, 1, 1048576, &progress, cancellable, &error);
  g_assert_null (notes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.copied, >, 0);
  g_assert_cmpuint (progress.copied, <, progress.total);
  g_assert_cmpuint (progress.total, ==, 8 * 1048576);
  g_test_message ("cancelled after %.1f s at %" G_GUINT64_FORMAT " bytes",
                  (g_get_monotonic_time () - start) / 1e6, progress.copied);
  g_assert_false (volume_exists (strrchr (big_clone_file, '/') + 1));
  g_assert_false (g_file_test (big_clone_file, G_FILE_TEST_EXISTS));
  g_assert_false (guest_exists (big_clone));
  g_assert_true (volume_exists ("big.img"));
}

/* a UEFI variable store outside any pool: the clone gets a copy of its own,
 * named after it, and the original's is untouched (the firmware is never
 * run: the guests stay shut off) */
static void
test_nvram_copied (void)
{
  g_autofree char *nvram = g_strdup_printf ("/var/lib/libvirt/qemu/nvram/%s_VARS.fd", efi_name);
  g_autofree char *efi_clone = g_strdup_printf ("%s-clone", efi_name);
  g_autofree char *clone_nvram = g_strdup_printf ("/var/lib/libvirt/qemu/nvram/%s_VARS.fd", efi_clone);
  g_autofree char *os = g_markup_printf_escaped ("<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>"
                                                 "<nvram>%s</nvram>", nvram);
  g_autofree char *xml = live_guest_xml (efi_name, 64, os, "<features><acpi/></features>", "");
  g_autofree char *clone_xml = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *original = NULL;
  g_autoptr(VireoClonePlan) clone_plan = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0, copy_length = 0;
  VireoDomain *domain;
  virDomainPtr dom;

  g_assert_cmpint (g_mkdir_with_parents ("/var/lib/libvirt/qemu/nvram", 0755), ==, 0);
  contents = g_strnfill (128 * 1024, 'V');
  g_assert_true (g_file_set_contents (nvram, contents, 128 * 1024, NULL));
  dom = virDomainDefineXML (raw, xml);
  if (dom == NULL)
    g_error ("could not define %s: %s", efi_name, virGetLastErrorMessage ());
  virDomainFree (dom);
  g_assert_true (live_wait_until (domain_listed, efi_name, 30000));
  domain = live_find_domain (conn, efi_name);

  clone_plan = plan (domain);
  g_assert_cmpstr (clone_plan->nvram, ==, nvram);
  g_assert_cmpstr (clone_plan->nvram_note, ==, "Its UEFI variables are copied.");

  notes = clone_domain (domain, efi_clone, NULL, 0, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 0);
  clone_xml = guest_xml (efi_clone);
  g_assert_nonnull (strstr (clone_xml, clone_nvram));
  g_assert_true (g_file_get_contents (clone_nvram, &copy, &copy_length, NULL));
  g_assert_cmpuint (copy_length, ==, 128 * 1024);
  g_assert_true (memcmp (copy, contents, copy_length) == 0);
  g_assert_true (g_file_get_contents (nvram, &original, &length, NULL));
  g_assert_cmpuint (length, ==, 128 * 1024);

  /* the clone's undefine takes its own store, not the original's */
  live_remove_guest (raw, efi_clone);
  g_assert_false (g_file_test (clone_nvram, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (nvram, G_FILE_TEST_EXISTS));
  live_remove_guest (raw, efi_name);
  g_unlink (nvram);
}

typedef struct
{
  Progress    progress;
  const char *filler;       /* written once the copy has begun */
  gboolean    filled;
} FillAtProgress;

static void
fill_at_progress (guint64 copied, guint64 total, gpointer user_data)
{
  FillAtProgress *fill = user_data;

  fill->progress.copied = copied;
  fill->progress.total = total;
  if (!fill->filled && copied > 0)
    {
      g_autofree char *block = g_malloc0 (1048576);
      FILE *file = fopen (fill->filler, "wb");

      g_assert_nonnull (file);
      /* what the pool has left, taken: the rest of the copy finds no room */
      while (fwrite (block, 1, 1048576, file) == 1048576)
        ;
      fclose (file);
      fill->filled = TRUE;
    }
}

/* a 5 MiB pool (tmpfs) with a 2 MiB volume of data: the room check passes;
 * once the throttled copy has begun the pool fills up: the clone fails with
 * a sentence saying so, and nothing is left */
static void
test_disk_full (void)
{
  g_autofree char *size = g_strdup ("size=5M");
  const char *const mount[] = { "mount", "-t", "tmpfs", "-o", size, "tmpfs", full_dir, NULL };
  g_autofree char *pool_xml = g_markup_printf_escaped ("<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>",
                                                       full_name, full_dir);
  g_autofree char *vol_xml = g_strdup ("<volume><name>full.img</name><capacity unit='bytes'>2097152</capacity>"
                                       "<target><format type='raw'/></target></volume>");
  g_autofree char *full_clone = g_strdup_printf ("%s-clone", full_name);
  g_autofree char *filler = g_build_filename (full_dir, "filler", NULL);
  g_autofree char *disk = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  const VireoCloneDiskChoice choices[] = { VIREO_CLONE_DISK_CLONE };
  FillAtProgress fill = { .filler = filler };
  virStoragePoolPtr pool;
  virStorageVolPtr vol;
  VireoDomain *domain;
  virDomainPtr dom;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_cmpint (g_mkdir_with_parents (full_dir, 0755), ==, 0);
  run (mount);
  pool = virStoragePoolCreateXML (raw, pool_xml, 0);
  g_assert_nonnull (pool);
  vol = virStorageVolCreateXML (pool, vol_xml, 0);
  g_assert_nonnull (vol);
  path = virStorageVolGetPath (vol);
  virStorageVolFree (vol);
  run ((const char *const[]) { "qemu-io", "-f", "raw", "-c", "write -P 0x44 0 2M", path, NULL });
  virStoragePoolRefresh (pool, 0);
  virStoragePoolFree (pool);

  disk = g_markup_printf_escaped ("<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                                  "<source file='%s'/><target dev='vda' bus='virtio'/></disk>", path);
  xml = live_guest_xml (full_name, 64, "", "", disk);
  dom = virDomainDefineXML (raw, xml);
  g_assert_nonnull (dom);
  virDomainFree (dom);
  g_assert_true (live_wait_until (domain_listed, full_name, 30000));
  domain = live_find_domain (conn, full_name);

  vireo_domain_clone_async (domain, full_clone, choices, 1, VIREO_DOMAIN_CLONE_NONE, 1048576,
                            fill_at_progress, &fill, NULL, live_store_result, &result);
  live_wait_until (live_result_ready, &result, 120000);
  notes = vireo_domain_clone_finish (domain, result, &error);
  g_assert_null (notes);
  g_assert_true (fill.filled);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "ran out of room while"));
  g_assert_nonnull (strstr (error->message, "Nothing was kept."));
  g_unlink (filler);
  {
    g_autofree char *copy = g_strdup_printf ("%s/%s.img", full_dir, full_clone);

    g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  }
  g_assert_false (guest_exists (full_clone));
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  live_test_init (&argc, &argv);
  vireo_core_init ();

  raw = live_connect_or_skip (URI);
  vm_name = g_strdup_printf ("vireo-live-clone-%d", (int) getpid ());
  clone_name = g_strdup_printf ("%s-clone", vm_name);
  big_name = g_strdup_printf ("vireo-live-clone-big-%d", (int) getpid ());
  efi_name = g_strdup_printf ("vireo-live-clone-efi-%d", (int) getpid ());
  full_name = g_strdup_printf ("vireo-live-clone-full-%d", (int) getpid ());
  full_dir = g_strdup_printf ("/var/lib/libvirt/images/%s", full_name);
  pool_name = g_strdup (vm_name);
  pool_dir = g_strdup_printf ("/var/lib/libvirt/images/%s", vm_name);
  atexit (cleanup_at_exit);
  live_create_pool (raw, pool_name, pool_dir);
  conn = live_connection_open (URI, 60000);

  g_test_add_func ("/live/clone/clone-and-run", test_clone_and_run);
  g_test_add_func ("/live/clone/cancel-leaves-nothing", test_cancel_leaves_nothing);
  g_test_add_func ("/live/clone/nvram-copied", test_nvram_copied);
  g_test_add_func ("/live/clone/disk-full", test_disk_full);
  rc = g_test_run ();

  vireo_connection_close (conn);
  g_clear_object (&conn);
  return rc;
}
