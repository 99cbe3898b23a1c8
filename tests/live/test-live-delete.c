/* test-live-delete.c — Delete with a choice of volumes on a real libvirtd (issue 15)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A shut-off guest with two 1 MiB raw volumes of a dir pool, deleted through
 * Vireo's core with one of them checked: the guest and that volume (its file
 * too) are gone, the other stays. Then a volume a running guest (TCG, no OS:
 * SeaBIOS finds nothing to boot and waits) also uses is refused, naming that
 * guest, and stays while the shut-off guest goes.
 * Run by tests/live/harness.sh.
 */
#define G_LOG_DOMAIN "vireo-test-live-delete"

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
static char *vm_name;      /* the guest deleted */
static char *user_name;    /* a running guest on one of the volumes */
static char *pool_name;
static char *pool_dir;

static void
cleanup_at_exit (void)
{
  live_remove_guest (raw, vm_name);
  live_remove_guest (raw, user_name);
  if (raw != NULL)
    live_remove_pool (raw, pool_name, pool_dir);
  if (raw != NULL)
    virConnectClose (raw);
  raw = NULL;
}

static char *
create_volume (const char *name)
{
  g_autofree char *xml = g_strdup_printf ("<volume><name>%s</name><capacity unit='bytes'>1048576</capacity>"
                                          "<target><format type='raw'/></target></volume>", name);
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

static char *
disk_xml (const char *path, const char *target)
{
  return g_markup_printf_escaped ("<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                                  "<source file='%s'/><target dev='%s' bus='virtio'/></disk>",
                                  path, target);
}

static void
define_guest (const char *name, const char *devices, gboolean start)
{
  g_autofree char *xml = live_guest_xml (name, 64, "", "", devices);
  virDomainPtr dom;

  if (start)
    {
      live_define_and_start (raw, xml);
      return;
    }
  dom = virDomainDefineXML (raw, xml);
  if (dom == NULL)
    g_error ("could not define %s: %s", name, virGetLastErrorMessage ());
  virDomainFree (dom);
}

static gboolean
domain_listed (gpointer name)
{
  return live_find_domain (conn, name) != NULL;
}

static VireoDomainStorage *
list_storage (VireoDomain *domain)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VireoDomainStorage *storage;

  vireo_domain_list_storage_async (domain, NULL, live_store_result, &result);
  live_wait_until (live_result_ready, &result, 60000);
  storage = vireo_domain_list_storage_finish (domain, result, &error);
  g_assert_no_error (error);
  return storage;
}

static GPtrArray *
delete_domain (VireoDomain *domain, const char *const *volumes)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *notes;

  vireo_domain_delete_async (domain, volumes, VIREO_DOMAIN_DELETE_NONE, NULL, live_store_result, &result);
  live_wait_until (live_result_ready, &result, 60000);
  notes = vireo_domain_delete_finish (domain, result, &error);
  g_assert_no_error (error);
  return notes;
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

/* two volumes, one checked: that one and the guest go, the other stays */
static void
test_delete_one_of_two (void)
{
  g_autofree char *keep_path = create_volume ("keep.img");
  g_autofree char *gone_path = create_volume ("gone.img");
  g_autofree char *disk1 = disk_xml (keep_path, "vda");
  g_autofree char *disk2 = disk_xml (gone_path, "vdb");
  g_autofree char *devices = g_strconcat (disk1, disk2, NULL);
  g_autofree char *gone_key = g_strdup_printf ("%s/gone.img", pool_name);
  const char *chosen[] = { gone_key, NULL };
  g_autoptr(VireoDomainStorage) storage = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  VireoDomain *domain;

  define_guest (vm_name, devices, FALSE);
  g_assert_true (live_wait_until (domain_listed, vm_name, 30000));
  domain = live_find_domain (conn, vm_name);

  storage = list_storage (domain);
  g_assert_cmpuint (storage->volumes->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      VireoDomainVolume *volume = g_ptr_array_index (storage->volumes, i);

      g_assert_cmpstr (volume->pool, ==, pool_name);
      g_assert_cmpstr (volume->name, ==, i == 0 ? "keep.img" : "gone.img");
      g_assert_cmpstr (volume->other_user, ==, NULL);
      g_assert_true (volume->suggested);
    }

  notes = delete_domain (domain, chosen);
  g_assert_cmpuint (notes->len, ==, 0);
  g_assert_false (guest_exists (vm_name));
  g_assert_false (volume_exists ("gone.img"));
  g_assert_false (g_file_test (gone_path, G_FILE_TEST_EXISTS));
  g_assert_true (volume_exists ("keep.img"));
  g_assert_true (g_file_test (keep_path, G_FILE_TEST_EXISTS));
}

/* keep.img under a running guest: checked, it is refused with that guest's name */
static void
test_running_user_refused (void)
{
  g_autofree char *keep_path = g_build_filename (pool_dir, "keep.img", NULL);
  g_autofree char *disk = disk_xml (keep_path, "vda");
  g_autofree char *key = g_strdup_printf ("%s/keep.img", pool_name);
  const char *chosen[] = { key, NULL };
  g_autoptr(VireoDomainStorage) storage = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  VireoDomainVolume *volume;
  VireoDomain *domain;

  g_assert_true (volume_exists ("keep.img"));
  define_guest (user_name, disk, TRUE);
  define_guest (vm_name, disk, FALSE);
  g_assert_true (live_wait_until (domain_listed, vm_name, 30000));
  domain = live_find_domain (conn, vm_name);

  storage = list_storage (domain);
  g_assert_cmpuint (storage->volumes->len, ==, 1);
  volume = g_ptr_array_index (storage->volumes, 0);
  g_assert_cmpstr (volume->other_user, ==, user_name);
  g_assert_true (volume->other_running);
  g_assert_false (volume->suggested);

  notes = delete_domain (domain, chosen);
  g_assert_cmpuint (notes->len, ==, 1);
  g_test_message ("%s", (const char *) g_ptr_array_index (notes, 0));
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), user_name));
  g_assert_false (guest_exists (vm_name));
  g_assert_true (volume_exists ("keep.img"));
  g_assert_true (guest_exists (user_name));
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  live_test_init (&argc, &argv);
  vireo_core_init ();

  raw = live_connect_or_skip (URI);
  vm_name = g_strdup_printf ("vireo-live-delete-%d", (int) getpid ());
  user_name = g_strdup_printf ("vireo-live-delete-user-%d", (int) getpid ());
  pool_name = g_strdup (vm_name);
  pool_dir = g_strdup_printf ("/var/lib/libvirt/images/%s", vm_name);
  atexit (cleanup_at_exit);
  live_create_pool (raw, pool_name, pool_dir);
  conn = live_connection_open (URI, 60000);

  g_test_add_func ("/live/delete/one-of-two", test_delete_one_of_two);
  g_test_add_func ("/live/delete/running-user-refused", test_running_user_refused);
  rc = g_test_run ();

  vireo_connection_close (conn);
  g_clear_object (&conn);
  return rc;
}
