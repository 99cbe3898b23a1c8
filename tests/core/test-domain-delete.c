/* test-domain-delete.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Delete with a choice of volumes (issue 15), on libvirt's test driver: what
 * a VM holds (its own volume checked by default, one shared with another VM
 * not, with that VM's name; CD/DVD media and disks outside a pool not), the
 * delete removing the chosen volumes and keeping the rest, a volume a running
 * VM uses refused with its name, the undefine flags (managed save, snapshot
 * metadata), a running VM forced off only when asked, a failed volume delete
 * reported as a sentence.
 */
#define G_LOG_DOMAIN "vireo-test-domain-delete"

#include "config.h"

#include "core-test-util.h"

#define POOL "default-pool"   /* test:///default's pool, target /default-pool */

typedef struct
{
  virConnectPtr    raw;
  VireoConnection *conn;
  GListModel      *domains;
} Fixture;

static void
create_volume (virConnectPtr raw, const char *pool_name, const char *name)
{
  g_autofree char *xml = g_strdup_printf ("<volume><name>%s</name><capacity>1048576</capacity>"
                                          "<target><format type='raw'/></target></volume>", name);
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, pool_name);
  virStorageVolPtr vol;

  g_assert_nonnull (pool);
  vol = virStorageVolCreateXML (pool, xml, 0);
  g_assert_nonnull (vol);
  virStorageVolFree (vol);
  virStoragePoolFree (pool);
}

static gboolean
volume_exists (virConnectPtr raw, const char *pool_name, const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, pool_name);
  virStorageVolPtr vol = pool != NULL ? virStorageVolLookupByName (pool, name) : NULL;

  virResetLastError ();
  if (vol != NULL)
    virStorageVolFree (vol);
  if (pool != NULL)
    virStoragePoolFree (pool);
  return vol != NULL;
}

static void
remove_volume (virConnectPtr raw, const char *pool_name, const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, pool_name);
  virStorageVolPtr vol = pool != NULL ? virStorageVolLookupByName (pool, name) : NULL;

  if (vol != NULL)
    {
      virStorageVolDelete (vol, 0);
      virStorageVolFree (vol);
    }
  if (pool != NULL)
    virStoragePoolFree (pool);
  virResetLastError ();
}

static void
define (virConnectPtr raw, const char *name, const char *disks)
{
  g_autofree char *xml = g_strdup_printf ("<domain type='test'><name>%s</name>"
                                          "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                          "<os><type arch='x86_64'>hvm</type></os>"
                                          "<devices>%s</devices></domain>", name, disks);
  virDomainPtr dom = virDomainDefineXML (raw, xml);

  g_assert_nonnull (dom);
  virDomainFree (dom);
}

static void
remove_domain (virConnectPtr raw, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);

  if (dom != NULL)
    {
      if (virDomainIsActive (dom) == 1)
        virDomainDestroy (dom);
      virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                   VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
      virDomainFree (dom);
    }
  virResetLastError ();
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->raw = test_raw_open ();
  f->conn = test_connection_new_open ("test:///default");
  f->domains = vireo_connection_get_domains (f->conn);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  static const char *const domains[] = { "del-a", "del-b", "del-c", "del-run", "del-fail" };
  static const char *const volumes[] = { "del-own.img", "del-shared.img", "del-media.iso" };

  vireo_connection_close (f->conn);
  g_clear_object (&f->conn);
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    remove_domain (f->raw, domains[i]);
  for (guint i = 0; i < G_N_ELEMENTS (volumes); i++)
    remove_volume (f->raw, POOL, volumes[i]);
  test_raw_close (f->raw);
}

/* the VM @name once the connection lists it (a reference of the caller's
 * own: the list drops the VM when it is deleted) */
static VireoDomain *
wait_domain (Fixture *f, const char *name)
{
  WAIT_UNTIL (test_find_domain (f->domains, name, NULL) != NULL, TEST_TIMEOUT_MS);
  return g_object_ref (test_find_domain (f->domains, name, NULL));
}

static VireoDomainStorage *
list_storage (VireoDomain *domain)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  VireoDomainStorage *storage;

  vireo_domain_list_storage_async (domain, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  storage = vireo_domain_list_storage_finish (domain, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (storage);
  return storage;
}

static GPtrArray *
delete_domain (VireoDomain *domain, const char *const *volumes, VireoDomainDeleteFlags flags,
               GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_delete_async (domain, volumes, flags, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_domain_delete_finish (domain, result, error);
}

static VireoDomainVolume *
find_volume (VireoDomainStorage *storage, const char *source)
{
  for (guint i = 0; i < storage->volumes->len; i++)
    {
      VireoDomainVolume *volume = g_ptr_array_index (storage->volumes, i);

      if (g_str_equal (volume->source, source))
        return volume;
    }
  return NULL;
}

#define OWN_DISK "<disk type='file' device='disk'><source file='/default-pool/del-own.img'/>" \
                 "<target dev='vda' bus='virtio'/></disk>"
#define SHARED_DISK "<disk type='volume' device='disk'><source pool='" POOL "' volume='del-shared.img'/>" \
                    "<target dev='vdb' bus='virtio'/></disk>"
#define SHARED_BY_PATH "<disk type='file' device='disk'><source file='/default-pool/del-shared.img'/>" \
                       "<target dev='vda' bus='virtio'/></disk>"
#define MEDIA "<disk type='file' device='cdrom'><source file='/default-pool/del-media.iso'/>" \
              "<target dev='hdc' bus='ide'/><readonly/></disk>"
#define OUTSIDE "<disk type='file' device='disk'><source file='/srv/not-a-pool/plain.img'/>" \
                "<target dev='vdc' bus='virtio'/></disk>"

/* a VM with its own volume, one shared with another VM, an ISO and a disk
 * outside any pool: the list says which is which; the delete with its own
 * volume checked removes that one and the VM, and nothing else */
static void
test_shared_volume (Fixture *f, gconstpointer data)
{
  static const char *const chosen[] = { POOL "/del-own.img", NULL };
  g_autoptr (VireoDomainStorage) storage = NULL;
  g_autoptr (GPtrArray) notes = NULL;
  g_autoptr (GError) error = NULL;
  VireoDomainVolume *volume;
  g_autoptr (VireoDomain) domain = NULL;

  create_volume (f->raw, POOL, "del-own.img");
  create_volume (f->raw, POOL, "del-shared.img");
  create_volume (f->raw, POOL, "del-media.iso");
  define (f->raw, "del-a", OWN_DISK SHARED_DISK MEDIA OUTSIDE);
  define (f->raw, "del-b", SHARED_BY_PATH);
  domain = wait_domain (f, "del-a");

  storage = list_storage (domain);
  g_assert_cmpuint (storage->volumes->len, ==, 4);
  g_assert_false (storage->active);

  volume = find_volume (storage, "/default-pool/del-own.img");
  g_assert_nonnull (volume);
  g_assert_cmpstr (volume->pool, ==, POOL);
  g_assert_cmpstr (volume->name, ==, "del-own.img");
  g_assert_cmpstr (volume->other_user, ==, NULL);
  g_assert_true (volume->suggested);

  /* named by pool and volume, used by del-b through its path */
  volume = find_volume (storage, POOL "/del-shared.img");
  g_assert_nonnull (volume);
  g_assert_cmpstr (volume->path, ==, "/default-pool/del-shared.img");
  g_assert_cmpstr (volume->other_user, ==, "del-b");
  g_assert_false (volume->other_running);
  g_assert_false (volume->suggested);

  volume = find_volume (storage, "/default-pool/del-media.iso");
  g_assert_nonnull (volume);
  g_assert_cmpstr (volume->device, ==, "cdrom");
  g_assert_true (vireo_domain_volume_is_volume (volume));
  g_assert_false (volume->suggested);

  volume = find_volume (storage, "/srv/not-a-pool/plain.img");
  g_assert_nonnull (volume);
  g_assert_false (vireo_domain_volume_is_volume (volume));
  g_assert_false (volume->suggested);

  notes = delete_domain (domain, chosen, VIREO_DOMAIN_DELETE_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 0);
  g_assert_cmpint (test_libvirt_state (f->raw, "del-a"), ==, -1);
  WAIT_UNTIL (test_find_domain (f->domains, "del-a", NULL) == NULL, TEST_TIMEOUT_MS);
  g_assert_false (volume_exists (f->raw, POOL, "del-own.img"));
  g_assert_true (volume_exists (f->raw, POOL, "del-shared.img"));
  g_assert_true (volume_exists (f->raw, POOL, "del-media.iso"));
  g_assert_cmpint (test_libvirt_state (f->raw, "del-b"), ==, VIR_DOMAIN_SHUTOFF);
}

/* a volume a running VM uses is refused, with that VM's name; the VM itself
 * goes, and so does a volume checked that a shut-off VM shares */
static void
test_running_user_refused (Fixture *f, gconstpointer data)
{
  static const char *const chosen[] = { POOL "/del-shared.img", POOL "/del-own.img", NULL };
  g_autoptr (GPtrArray) notes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoDomain) domain = NULL;
  virDomainPtr dom;

  create_volume (f->raw, POOL, "del-own.img");
  create_volume (f->raw, POOL, "del-shared.img");
  define (f->raw, "del-c", OWN_DISK SHARED_DISK);
  define (f->raw, "del-run", SHARED_BY_PATH);
  dom = virDomainLookupByName (f->raw, "del-run");
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  virDomainFree (dom);
  domain = wait_domain (f, "del-c");

  notes = delete_domain (domain, chosen, VIREO_DOMAIN_DELETE_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "del-shared.img"));
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "the running virtual machine"));
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "del-run"));
  g_assert_cmpint (test_libvirt_state (f->raw, "del-c"), ==, -1);
  g_assert_true (volume_exists (f->raw, POOL, "del-shared.img"));
  g_assert_false (volume_exists (f->raw, POOL, "del-own.img"));
  g_assert_cmpint (test_libvirt_state (f->raw, "del-run"), ==, VIR_DOMAIN_RUNNING);
}

/* the flags: managed save, snapshot and checkpoint metadata always; NVRAM
 * and TPM as chosen. A running VM with a managed save… is deleted only when
 * the person agreed to force it off */
static void
test_undefine_flags (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) notes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoDomain) domain = NULL;
  virDomainPtr dom;
  virDomainSnapshotPtr snapshot;
  guint flags;

  flags = vireo_domain_delete_undefine_flags (VIREO_DOMAIN_DELETE_NONE);
  g_assert_cmpuint (flags, ==, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                                 VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA |
                                 VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_TPM);
  flags = vireo_domain_delete_undefine_flags (VIREO_DOMAIN_DELETE_KEEP_NVRAM |
                                              VIREO_DOMAIN_DELETE_KEEP_TPM |
                                              VIREO_DOMAIN_DELETE_FORCE_OFF);
  g_assert_cmpuint (flags, ==, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                                 VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA |
                                 VIR_DOMAIN_UNDEFINE_KEEP_NVRAM | VIR_DOMAIN_UNDEFINE_KEEP_TPM);

  /* a snapshot, then a managed save, then running again */
  define (f->raw, "del-run", "");
  dom = virDomainLookupByName (f->raw, "del-run");
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  snapshot = virDomainSnapshotCreateXML (dom, "<domainsnapshot><name>s1</name></domainsnapshot>", 0);
  g_assert_nonnull (snapshot);
  virDomainSnapshotFree (snapshot);
  g_assert_cmpint (virDomainManagedSave (dom, 0), ==, 0);
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  snapshot = virDomainSnapshotCreateXML (dom, "<domainsnapshot><name>s2</name></domainsnapshot>", 0);
  g_assert_nonnull (snapshot);
  virDomainSnapshotFree (snapshot);
  virDomainFree (dom);
  domain = wait_domain (f, "del-run");
  WAIT_UNTIL (vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_RUNNING, TEST_TIMEOUT_MS);

  {
    g_autoptr (VireoDomainStorage) storage = list_storage (domain);

    g_assert_true (storage->active);
    g_assert_cmpuint (storage->n_snapshots, ==, 2);
  }

  /* not forced off without the person's word */
  notes = delete_domain (domain, NULL, VIREO_DOMAIN_DELETE_NONE, &error);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, "it is running"));
  g_assert_null (notes);
  g_assert_cmpint (test_libvirt_state (f->raw, "del-run"), ==, VIR_DOMAIN_RUNNING);
  g_clear_error (&error);

  notes = delete_domain (domain, NULL, VIREO_DOMAIN_DELETE_FORCE_OFF, &error);
  g_assert_no_error (error);
  g_assert_nonnull (notes);
  g_assert_cmpint (test_libvirt_state (f->raw, "del-run"), ==, -1);
  WAIT_UNTIL (vireo_domain_get_removed (domain), TEST_TIMEOUT_MS);
}

/* a volume that cannot be deleted (its pool stopped under it): the VM goes,
 * and the sentence says which volume stayed and why */
static void
test_failed_volume (Fixture *f, gconstpointer data)
{
  static const char *const chosen[] = { "del-pool/del-gone.img", NULL };
  static const char pool_xml[] = "<pool type='dir'><name>del-pool</name>"
                                 "<target><path>/del-pool</path></target></pool>";
  g_autoptr (GPtrArray) notes = NULL;
  g_autoptr (GError) error = NULL;
  virStoragePoolPtr pool;
  g_autoptr (VireoDomain) domain = NULL;

  pool = virStoragePoolDefineXML (f->raw, pool_xml, 0);
  g_assert_nonnull (pool);
  g_assert_cmpint (virStoragePoolCreate (pool, 0), ==, 0);
  create_volume (f->raw, "del-pool", "del-gone.img");
  define (f->raw, "del-fail", "<disk type='file' device='disk'><source file='/del-pool/del-gone.img'/>"
                              "<target dev='vda' bus='virtio'/></disk>");
  domain = wait_domain (f, "del-fail");
  g_assert_cmpint (virStoragePoolDestroy (pool), ==, 0);

  notes = delete_domain (domain, chosen, VIREO_DOMAIN_DELETE_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_libvirt_state (f->raw, "del-fail"), ==, -1);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (notes, 0),
                                   "Could not delete the volume “\u2068del-gone.img\u2069” of the pool “\u2068del-pool\u2069”: "));
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "It is still there"));

  g_assert_cmpint (virStoragePoolCreate (pool, 0), ==, 0);
  g_assert_true (volume_exists (f->raw, "del-pool", "del-gone.img"));
  remove_volume (f->raw, "del-pool", "del-gone.img");
  virStoragePoolDestroy (pool);
  virStoragePoolUndefine (pool);
  virStoragePoolFree (pool);
}

int
main (int argc, char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/domain-delete/shared-volume", test_shared_volume);
  ADD ("/domain-delete/running-user-refused", test_running_user_refused);
  ADD ("/domain-delete/undefine-flags", test_undefine_flags);
  ADD ("/domain-delete/failed-volume", test_failed_volume);
  return g_test_run ();
}
