/* test-storage.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A host's storage (VireoHostStorage) on libvirt's test driver:
 *   - the pool XML the New Pool assistant makes, per type, against the golden
 *     files in tests/core/golden/pools/ and libvirt's own schema
 *     (virt-xml-validate … storagepool); the volume XML likewise (storagevol);
 *     incomplete answers refused with a sentence;
 *   - which pool types libvirt's pool capabilities say it supports;
 *   - the pool model: "default-pool" listed with its type, state, sizes and
 *     path; a pool defined, started, stopped and undefined behind Vireo's
 *     back (another libvirt connection) appears, changes and goes through
 *     libvirt's pool events;
 *   - New Pool: a dir pool made and started; a name taken, a path that is a
 *     file, an NFS server that does not answer: each a sentence, nothing
 *     defined;
 *   - volumes: listed with format, sizes and the VM that uses each one; a
 *     volume made, one too large for the free space and one whose backing
 *     file is missing refused; delete; a pool's folder is only deleted when
 *     the pool is empty;
 *   - hostile text: a volume with a very long name is listed bounded.
 * (VIREO_UPDATE_GOLDEN=1 rewrites the golden files, to review by eye.)
 */
#define G_LOG_DOMAIN "test-storage"

#include "config.h"

#include <string.h>

#include "core-test-util.h"
#include "vireo-host-storage.h"

static VireoConnection *connection;

static char *
golden_path (const char *name)
{
  const char *root = g_getenv ("VIREO_SOURCE_DIR");
  g_autofree char *file = g_strdup_printf ("%s.xml", name);

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "core", "golden", "pools", file, NULL);
}

static void
assert_validates (const char *xml, const char *schema)
{
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("vireo-storage-XXXXXX.xml", &tmp, &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { "virt-xml-validate", NULL, schema, NULL };

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (tmp, xml, -1, &error);
  g_assert_no_error (error);
  argv[1] = tmp;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s does not validate as %s:\n%s\n%s%s", tmp, schema, xml, out, err);
  g_unlink (tmp);
}

static void
assert_golden (const char *name, const char *xml)
{
  g_autofree char *path = golden_path (name);
  g_autofree char *golden = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("VIREO_UPDATE_GOLDEN") != NULL)
    {
      g_file_set_contents (path, xml, -1, &error);
      g_assert_no_error (error);
    }
  g_file_get_contents (path, &golden, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xml, ==, golden);
}

/* -- the pool XML ------------------------------------------------------------------ */

static VireoPoolSpec *
spec_for (const char *type)
{
  VireoPoolSpec *spec = vireo_pool_spec_new (type, NULL);

  spec->name = g_strdup_printf ("golden-%s", type);
  if (g_str_equal (type, "dir"))
    spec->target_path = g_strdup ("/var/lib/vireo/images");
  else if (g_str_equal (type, "fs"))
    {
      spec->devices = g_strsplit ("/dev/sdb1", ",", -1);
      spec->target_path = g_strdup ("/mnt/images");
    }
  else if (g_str_equal (type, "netfs"))
    {
      spec->hosts = g_strsplit ("nfs.example.org", ",", -1);
      spec->source_dir = g_strdup ("/export/images");
      spec->target_path = g_strdup ("/mnt/nfs");
    }
  else if (g_str_equal (type, "logical"))
    {
      spec->source_name = g_strdup ("vg_guests");
      spec->devices = g_strsplit ("/dev/sdc,/dev/sdd", ",", -1);
    }
  else if (g_str_equal (type, "disk"))
    {
      spec->devices = g_strsplit ("/dev/sde", ",", -1);
      spec->format = g_strdup ("gpt");
    }
  else if (g_str_equal (type, "iscsi"))
    {
      spec->hosts = g_strsplit ("san.example.org:3260", ",", -1);
      spec->devices = g_strsplit ("iqn.2024-01.org.example:storage", ",", -1);
      spec->initiator_iqn = g_strdup ("iqn.2024-01.org.example:vireo-host");
    }
  else if (g_str_equal (type, "scsi"))
    spec->adapter = g_strdup ("host2");
  else if (g_str_equal (type, "rbd"))
    {
      spec->hosts = g_strsplit ("mon1.example.org:6789,mon2.example.org", ",", -1);
      spec->source_name = g_strdup ("rbd");
      spec->auth_username = g_strdup ("libvirt");
      spec->auth_secret = g_strdup ("2ec115d7-3a88-3ceb-bc12-0ac909a6fd87");
    }
  return spec;
}

static void
test_pool_xml_golden (void)
{
  for (const char *const *type = vireo_pool_types (); *type != NULL; type++)
    {
      g_autoptr(VireoPoolSpec) spec = spec_for (*type);
      g_autoptr(GError) error = NULL;
      g_autofree char *xml = vireo_pool_spec_to_xml (spec, &error);

      g_test_message ("pool type %s", *type);
      g_assert_no_error (error);
      g_assert_nonnull (xml);
      assert_validates (xml, "storagepool");
      assert_golden (*type, xml);
      /* each type has a label and names the package that brings it */
      g_assert_cmpstr (vireo_pool_type_label (*type), !=, *type);
      g_assert_nonnull (vireo_pool_type_package (*type));
    }
  g_assert_cmpstr (vireo_pool_type_package ("rbd"), ==, "libvirt-daemon-driver-storage-rbd");
}

static void
assert_pool_refused (VireoPoolSpec *spec, const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = vireo_pool_spec_to_xml (spec, &error);

  g_assert_null (xml);
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_pool_xml_bad (void)
{
  g_autoptr(VireoPoolSpec) spec = NULL;

  spec = spec_for ("dir");
  g_clear_pointer (&spec->name, g_free);
  assert_pool_refused (spec, "Give the pool a name");
  spec->name = g_strdup ("a/b");
  assert_pool_refused (spec, "cannot be a name");
  g_free (spec->name);
  spec->name = g_strdup ("ok");
  g_free (spec->target_path);
  spec->target_path = g_strdup ("relative/images");
  assert_pool_refused (spec, "is not a full path");
  g_clear_pointer (&spec, vireo_pool_spec_free);

  spec = spec_for ("netfs");
  g_clear_pointer (&spec->hosts, g_strfreev);
  assert_pool_refused (spec, "NFS server’s host name");
  g_clear_pointer (&spec, vireo_pool_spec_free);

  spec = spec_for ("iscsi");
  g_free (spec->devices[0]);
  spec->devices[0] = g_strdup ("storage");
  assert_pool_refused (spec, "is not an iSCSI name");
  g_clear_pointer (&spec, vireo_pool_spec_free);

  spec = spec_for ("fs");
  g_free (spec->devices[0]);
  spec->devices[0] = g_strdup ("sdb1");
  assert_pool_refused (spec, "is not a device path");
  g_clear_pointer (&spec, vireo_pool_spec_free);

  spec = vireo_pool_spec_new ("zfs", "z");
  assert_pool_refused (spec, "cannot make storage pools of type");
}

static void
test_volume_xml (void)
{
  g_autoptr(VireoVolumeSpec) spec = g_new0 (VireoVolumeSpec, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  spec->name = g_strdup ("overlay.qcow2");
  spec->format = g_strdup ("qcow2");
  spec->capacity = (guint64) 10 << 30;
  spec->allocation = 0;
  spec->backing_path = g_strdup ("/var/lib/libvirt/images/base.qcow2");
  spec->backing_format = g_strdup ("qcow2");
  xml = vireo_volume_spec_to_xml (spec, &error);
  g_assert_no_error (error);
  assert_validates (xml, "storagevol");
  assert_golden ("volume-qcow2-backing", xml);

  /* refused: more allocated than the size, a raw volume with a backing file */
  spec->allocation = spec->capacity + 1;
  g_clear_pointer (&xml, g_free);
  xml = vireo_volume_spec_to_xml (spec, &error);
  g_assert_null (xml);
  g_assert_nonnull (strstr (error->message, "cannot be larger than the volume’s size"));
  g_clear_error (&error);
  spec->allocation = 0;
  g_free (spec->format);
  spec->format = g_strdup ("raw");
  xml = vireo_volume_spec_to_xml (spec, &error);
  g_assert_null (xml);
  g_assert_nonnull (strstr (error->message, "Only a qcow2 volume can have a backing file"));
}

static void
test_capabilities (void)
{
  /* Debian 12's libvirt 9.0 (virsh pool-capabilities), shortened; and a
   * hostile daemon's unknown type, which goes nowhere */
  static const char xml[] =
      "<storagepoolCapabilities>"
      "<pool type='dir' supported='yes'><volOptions/></pool>"
      "<pool type='netfs' supported='yes'/>"
      "<pool type='logical' supported='yes'/>"
      "<pool type='rbd' supported='no'/>"
      "<pool type='gluster' supported='no'/>"
      "<pool type='&lt;b&gt;evil' supported='yes'/>"
      "</storagepoolCapabilities>";
  g_auto(GStrv) supported = vireo_pool_capabilities_parse_supported (xml);

  g_assert_nonnull (supported);
  g_assert_cmpuint (g_strv_length (supported), ==, 3);
  g_assert_true (g_strv_contains ((const char *const *) supported, "dir"));
  g_assert_true (g_strv_contains ((const char *const *) supported, "logical"));
  g_assert_false (g_strv_contains ((const char *const *) supported, "rbd"));
  g_assert_null (vireo_pool_capabilities_parse_supported (NULL));
  g_assert_null (vireo_pool_capabilities_parse_supported ("<nonsense"));
}

/* -- the pool model ---------------------------------------------------------------- */

static GAsyncResult *wait_slot;

static GAsyncResult *
wait_result (void)
{
  return test_wait_result (&wait_slot);
}

static void
test_pool_model (void)
{
  g_autoptr(VireoHostStorage) storage = vireo_host_storage_get (connection);
  g_autoptr(VireoHostStorage) again = vireo_host_storage_get (connection);
  GListModel *pools = vireo_host_storage_get_pools (storage);
  VireoStoragePool *pool;
  virConnectPtr other;
  virStoragePoolPtr handle;
  g_autofree char *dir = g_dir_make_tmp ("vireo-pool-XXXXXX", NULL);
  g_autofree char *xml = g_strdup_printf ("<pool type='dir'><name>behind-back</name>"
                                          "<target><path>%s</path></target></pool>", dir);

  /* one per connection */
  g_assert_true (storage == again);
  WAIT_UNTIL (vireo_host_storage_get_loaded (storage), TEST_TIMEOUT_MS);
  pool = vireo_host_storage_lookup_pool (storage, "default-pool");
  g_assert_nonnull (pool);
  g_assert_cmpstr (vireo_storage_pool_get_pool_type (pool), ==, "dir");
  g_assert_true (vireo_storage_pool_get_active (pool));
  g_assert_cmpstr (vireo_storage_pool_get_path (pool), ==, "/default-pool");
  g_assert_cmpuint (vireo_storage_pool_get_capacity (pool), >, 0);
  g_assert_cmpfloat_with_epsilon (vireo_storage_pool_get_usage (pool),
                                  (double) vireo_storage_pool_get_allocation (pool) /
                                      (double) vireo_storage_pool_get_capacity (pool),
                                  1e-9);

  /* someone else defines, starts, stops and removes a pool: the events tell */
  other = virConnectOpen ("test:///default");
  g_assert_nonnull (other);
  handle = virStoragePoolDefineXML (other, xml, 0);
  g_assert_nonnull (handle);
  WAIT_UNTIL (vireo_host_storage_lookup_pool (storage, "behind-back") != NULL, TEST_TIMEOUT_MS);
  pool = vireo_host_storage_lookup_pool (storage, "behind-back");
  g_assert_false (vireo_storage_pool_get_active (pool));
  g_assert_cmpint (virStoragePoolCreate (handle, 0), ==, 0);
  WAIT_UNTIL (vireo_storage_pool_get_active (pool), TEST_TIMEOUT_MS);
  g_assert_cmpint (virStoragePoolDestroy (handle), ==, 0);
  WAIT_UNTIL (!vireo_storage_pool_get_active (pool), TEST_TIMEOUT_MS);
  g_assert_cmpint (virStoragePoolUndefine (handle), ==, 0);
  WAIT_UNTIL (vireo_host_storage_lookup_pool (storage, "behind-back") == NULL, TEST_TIMEOUT_MS);
  virStoragePoolFree (handle);
  virConnectClose (other);
  g_rmdir (dir);

  /* sorted by name */
  for (guint i = 1; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(VireoStoragePool) a = g_list_model_get_item (pools, i - 1);
      g_autoptr(VireoStoragePool) b = g_list_model_get_item (pools, i);

      g_assert_cmpint (g_strcmp0 (vireo_storage_pool_get_name (a), vireo_storage_pool_get_name (b)), <, 0);
    }
}

static gboolean
create_pool (VireoHostStorage *storage, VireoPoolSpec *spec, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vireo_host_storage_create_pool_async (storage, spec, TRUE, FALSE, NULL, test_store_result, &wait_slot);
  result = wait_result ();
  return vireo_host_storage_create_pool_finish (storage, result, error);
}

static gboolean
pool_defined (const char *name)
{
  virConnectPtr other = virConnectOpen ("test:///default");
  virStoragePoolPtr pool = virStoragePoolLookupByName (other, name);

  virResetLastError ();
  if (pool != NULL)
    virStoragePoolFree (pool);
  virConnectClose (other);
  return pool != NULL;
}

static gboolean
delete_pool (VireoHostStorage *storage, const char *name, gboolean directory, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vireo_host_storage_delete_pool_async (storage, name, directory, NULL, test_store_result, &wait_slot);
  result = wait_result ();
  return vireo_host_storage_delete_pool_finish (storage, result, error);
}

static void
test_new_pool (void)
{
  g_autoptr(VireoHostStorage) storage = vireo_host_storage_get (connection);
  g_autoptr(VireoPoolSpec) spec = vireo_pool_spec_new ("dir", "made-here");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vireo-pool-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  VireoStoragePool *pool;

  spec->target_path = g_build_filename (dir, "images", NULL);
  g_assert_true (create_pool (storage, spec, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (vireo_host_storage_lookup_pool (storage, "made-here") != NULL, TEST_TIMEOUT_MS);
  pool = vireo_host_storage_lookup_pool (storage, "made-here");
  WAIT_UNTIL (vireo_storage_pool_get_active (pool), TEST_TIMEOUT_MS);
  g_assert_cmpstr (vireo_storage_pool_get_path (pool), ==, spec->target_path);

  /* the name again */
  g_assert_false (create_pool (storage, spec, &error));
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_assert_nonnull (strstr (error->message, "made-here"));
  g_clear_error (&error);

  /* a path that is a file: refused, nothing defined */
  g_file_set_contents (file, "x", -1, &error);
  g_assert_no_error (error);
  g_free (spec->name);
  spec->name = g_strdup ("on-a-file");
  g_free (spec->target_path);
  spec->target_path = g_strdup (file);
  g_assert_false (create_pool (storage, spec, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "is not a folder"));
  g_clear_error (&error);
  g_assert_false (pool_defined ("on-a-file"));

  g_assert_true (delete_pool (storage, "made-here", FALSE, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (vireo_host_storage_lookup_pool (storage, "made-here") == NULL, TEST_TIMEOUT_MS);
  g_assert_false (pool_defined ("made-here"));
  g_unlink (file);
  g_rmdir (dir);
}

static void
test_nfs_unreachable (void)
{
  g_autoptr(VireoHostStorage) storage = vireo_host_storage_get (connection);
  g_autoptr(VireoPoolSpec) spec = vireo_pool_spec_new ("netfs", "nfs-nowhere");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port;
  g_autofree char *reason = NULL;

  /* a port that certainly refuses: one just taken and let go */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  reason = vireo_host_storage_check_reachable ("127.0.0.1", port, 2000);
  g_assert_nonnull (reason);
  g_test_message ("%s", reason);
  g_assert_nonnull (strstr (reason, "Could not reach the NFS server"));

  /* the assistant's pool: the server is checked (port 2049 of a loopback
   * address nothing serves NFS on), nothing defined */
  spec->hosts = g_strsplit ("127.0.0.254", ",", -1);
  spec->source_dir = g_strdup ("/export");
  spec->target_path = g_strdup ("/mnt/nfs-nowhere");
  g_assert_false (create_pool (storage, spec, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "NFS server"));
  g_assert_false (pool_defined ("nfs-nowhere"));
}

/* -- volumes ------------------------------------------------------------------------ */

static GListModel *
list_volumes (VireoHostStorage *storage, const char *pool)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *volumes;

  vireo_host_storage_list_volumes_async (storage, pool, NULL, test_store_result, &wait_slot);
  result = wait_result ();
  volumes = vireo_host_storage_list_volumes_finish (storage, result, &error);
  g_assert_no_error (error);
  return volumes;
}

static VireoStorageVolume *
find_volume (GListModel *volumes, const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (volumes); i++)
    {
      g_autoptr(VireoStorageVolume) volume = g_list_model_get_item (volumes, i);

      if (g_str_equal (vireo_storage_volume_get_name (volume), name))
        return volume;   /* the model holds it */
    }
  return NULL;
}

static gboolean
create_volume (VireoHostStorage *storage, VireoVolumeSpec *spec, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vireo_host_storage_create_volume_async (storage, "default-pool", spec, NULL, test_store_result, &wait_slot);
  result = wait_result ();
  return vireo_host_storage_create_volume_finish (storage, result, error);
}

static void
test_volumes (void)
{
  g_autoptr(VireoHostStorage) storage = vireo_host_storage_get (connection);
  g_autoptr(VireoVolumeSpec) spec = g_new0 (VireoVolumeSpec, 1);
  g_autoptr(GListModel) volumes = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VireoStoragePool *pool;
  VireoStorageVolume *volume;
  virConnectPtr other;
  virDomainPtr domain;
  const char *const *users;
  static const char domain_xml[] =
      "<domain type='test'><name>uses-disk</name><memory>65536</memory>"
      "<os><type>hvm</type></os><devices>"
      "<disk type='file' device='disk'><source file='/default-pool/st-disk.qcow2'/>"
      "<target dev='vda' bus='virtio'/></disk></devices></domain>";

  WAIT_UNTIL (vireo_host_storage_get_loaded (storage), TEST_TIMEOUT_MS);
  pool = vireo_host_storage_lookup_pool (storage, "default-pool");
  g_assert_nonnull (pool);

  spec->name = g_strdup ("st-disk.qcow2");
  spec->format = g_strdup ("qcow2");
  spec->capacity = (guint64) 1 << 30;
  g_assert_true (create_volume (storage, spec, &error));
  g_assert_no_error (error);

  /* a VM with its disk on it */
  other = virConnectOpen ("test:///default");
  domain = virDomainDefineXML (other, domain_xml);
  g_assert_nonnull (domain);

  volumes = list_volumes (storage, "default-pool");
  volume = find_volume (volumes, "st-disk.qcow2");
  g_assert_nonnull (volume);
  g_assert_cmpstr (vireo_storage_volume_get_path (volume), ==, "/default-pool/st-disk.qcow2");
  g_assert_cmpuint (vireo_storage_volume_get_capacity (volume), ==, (guint64) 1 << 30);
  g_assert_cmpstr (vireo_storage_volume_get_pool (volume), ==, "default-pool");
  users = vireo_storage_volume_get_users (volume);
  g_assert_nonnull (users);
  g_assert_cmpstr (users[0], ==, "uses-disk");
  g_assert_null (users[1]);

  /* the same name; more than the free space; a backing file that is not there */
  g_assert_false (create_volume (storage, spec, &error));
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);
  g_free (spec->name);
  spec->name = g_strdup ("st-huge.img");
  g_free (spec->format);
  spec->format = g_strdup ("raw");
  spec->capacity = spec->allocation = vireo_storage_pool_get_available (pool) + ((guint64) 1 << 30);
  g_assert_false (create_volume (storage, spec, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "free"));
  g_clear_error (&error);
  g_free (spec->name);
  spec->name = g_strdup ("st-overlay.qcow2");
  g_free (spec->format);
  spec->format = g_strdup ("qcow2");
  spec->capacity = (guint64) 1 << 30;
  spec->allocation = 0;
  spec->backing_path = g_strdup ("/default-pool/no-such-base.qcow2");
  g_assert_false (create_volume (storage, spec, &error));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);
  g_clear_object (&volumes);
  volumes = list_volumes (storage, "default-pool");
  g_assert_null (find_volume (volumes, "st-huge.img"));
  g_assert_null (find_volume (volumes, "st-overlay.qcow2"));

  /* the pool's folder is not deleted while it holds volumes: nothing changes */
  g_assert_false (delete_pool (storage, "default-pool", TRUE, &error));
  g_assert_nonnull (strstr (error->message, "still holds"));
  g_clear_error (&error);
  g_assert_true (pool_defined ("default-pool"));
  g_assert_true (vireo_storage_pool_get_active (pool));

  vireo_host_storage_delete_volume_async (storage, "default-pool", "st-disk.qcow2", NULL, test_store_result,
                                          &wait_slot);
  result = wait_result ();
  g_assert_true (vireo_host_storage_delete_volume_finish (storage, result, &error));
  g_assert_no_error (error);
  g_clear_object (&volumes);
  volumes = list_volumes (storage, "default-pool");
  g_assert_null (find_volume (volumes, "st-disk.qcow2"));

  virDomainUndefine (domain);
  virDomainFree (domain);
  virConnectClose (other);
}

static void
test_long_names (void)
{
  g_autoptr(VireoHostStorage) storage = vireo_host_storage_get (connection);
  g_autoptr(GListModel) volumes = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  virConnectPtr other = virConnectOpen ("test:///default");
  virStoragePoolPtr pool = virStoragePoolLookupByName (other, "default-pool");
  g_autofree char *xml = NULL;
  virStorageVolPtr volume;
  gboolean found = FALSE;

  /* a name longer than Vireo keeps (a remote daemon's names are untrusted) */
  for (guint i = 0; i < 600; i++)
    g_string_append (name, "long-name-");
  xml = g_strdup_printf ("<volume><name>%s</name><capacity>1024</capacity></volume>", name->str);
  volume = virStorageVolCreateXML (pool, xml, 0);
  g_assert_nonnull (volume);

  volumes = list_volumes (storage, "default-pool");
  for (guint i = 0; i < g_list_model_get_n_items (volumes); i++)
    {
      g_autoptr(VireoStorageVolume) item = g_list_model_get_item (volumes, i);
      const char *shown = vireo_storage_volume_get_name (item);

      g_assert_true (g_utf8_validate (shown, -1, NULL));
      g_assert_cmpuint (strlen (shown), <=, VIREO_STORAGE_MAX_NAME);
      found |= g_str_has_prefix (shown, "long-name-long-name-");
    }
  g_assert_true (found);

  virStorageVolDelete (volume, 0);
  virStorageVolFree (volume);
  virStoragePoolFree (pool);
  virConnectClose (other);
}

int
main (int argc, char *argv[])
{
  int ret;

  TEST_CORE_INIT (&argc, &argv);

  connection = test_connection_new_open ("test:///default");

  g_test_add_func ("/storage/pool-xml/golden", test_pool_xml_golden);
  g_test_add_func ("/storage/pool-xml/bad", test_pool_xml_bad);
  g_test_add_func ("/storage/volume-xml", test_volume_xml);
  g_test_add_func ("/storage/capabilities", test_capabilities);
  g_test_add_func ("/storage/pool-model", test_pool_model);
  g_test_add_func ("/storage/new-pool", test_new_pool);
  g_test_add_func ("/storage/nfs-unreachable", test_nfs_unreachable);
  g_test_add_func ("/storage/volumes", test_volumes);
  g_test_add_func ("/storage/long-names", test_long_names);
  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  return ret;
}
