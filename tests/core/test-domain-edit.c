/* test-domain-edit.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoDomain's hardware calls on libvirt's test driver, checked against
 * what libvirt holds (a second, raw connection): the persistent and live
 * configs, a live vCPU and memory change (made live and saved), a change
 * that waits for the next shut down (pending until the VM shuts off), a
 * failing live step (the test driver has no hot-plug: the VM is left as it
 * was, the vCPU change before it undone), a definition libvirt refuses, and
 * a MAC another VM uses. Hot-plug, unplug, media and link state need QEMU:
 * tests/live/test-live-hardware.c.
 */
#define G_LOG_DOMAIN "vireo-test-domain-edit"

#include "config.h"

#include "core-test-util.h"
#include "vireo-domain-config-private.h"
#include "vireo-domain-scan.h"
#include "vireo-host-resources.h"

#define VM_NAME "edit-vm"
#define VM_MAC  "52:54:00:aa:bb:01"

static const char *vm_xml =
  "<domain type='test'>\n"
  "  <name>" VM_NAME "</name>\n"
  "  <memory unit='KiB'>2097152</memory>\n"
  "  <currentMemory unit='KiB'>1048576</currentMemory>\n"
  "  <vcpu current='2'>4</vcpu>\n"
  "  <os><type arch='x86_64'>hvm</type></os>\n"
  "  <devices>\n"
  "    <disk type='file' device='disk'>\n"
  "      <source file='/guest/edit.img'/>\n"
  "      <target dev='vda' bus='virtio'/>\n"
  "    </disk>\n"
  "    <interface type='network'>\n"
  "      <mac address='" VM_MAC "'/>\n"
  "      <source network='default'/>\n"
  "    </interface>\n"
  "    <memballoon model='virtio'/>\n"
  "  </devices>\n"
  "</domain>\n";

typedef struct
{
  virConnectPtr    raw;
  VireoConnection *conn;
  GListModel      *domains;
  VireoDomain     *domain;
  virDomainPtr     dom;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  f->raw = test_raw_open ();
  f->dom = virDomainDefineXML (f->raw, vm_xml);
  g_assert_nonnull (f->dom);
  f->conn = test_connection_new_open ("test:///default");
  f->domains = vireo_connection_get_domains (f->conn);
  f->domain = g_object_ref (test_find_domain (f->domains, VM_NAME, NULL));
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  vireo_connection_close (f->conn);
  g_clear_object (&f->domain);
  g_clear_object (&f->conn);
  if (virDomainIsActive (f->dom) == 1)
    virDomainDestroy (f->dom);
  virDomainUndefine (f->dom);
  virDomainFree (f->dom);
  test_raw_close (f->raw);
}

static VireoDomainConfig *
get_config (VireoDomain *domain,
            gboolean     live)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VireoDomainConfig *config;

  vireo_domain_get_config_async (domain, live, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  config = vireo_domain_get_config_finish (domain, result, &error);
  g_assert_no_error (error);
  return config;
}

static VireoChangeScope
apply (VireoDomain       *domain,
       VireoDomainConfig *edited,
       GError           **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_apply_config_async (domain, edited, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_domain_apply_config_finish (domain, result, error);
}

/* what libvirt holds, as a config */
static VireoDomainConfig *
raw_config (Fixture *f,
            gboolean live)
{
  g_autofree char *xml = NULL;
  char *text = virDomainGetXMLDesc (f->dom, live ? 0 : VIR_DOMAIN_XML_INACTIVE);
  g_autoptr(GError) error = NULL;
  VireoDomainConfig *config;

  g_assert_nonnull (text);
  xml = g_strdup (text);
  free (text);
  config = vireo_domain_config_new_from_xml (xml, &error);
  g_assert_no_error (error);
  return config;
}

static void
run (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  test_domain_action (f->domain, VIREO_DOMAIN_ACTION_RUN, &error);
  g_assert_no_error (error);
}

static void
test_get (Fixture      *f,
          gconstpointer data)
{
  g_autoptr(VireoDomainConfig) persistent = NULL;
  g_autoptr(VireoDomainConfig) live = NULL;

  persistent = get_config (f->domain, FALSE);
  g_assert_false (vireo_domain_config_get_is_live (persistent));
  g_assert_cmpstr (vireo_domain_config_get_name (persistent), ==, VM_NAME);
  g_assert_cmpuint (vireo_domain_config_get_vcpus (persistent), ==, 2);
  g_assert_cmpuint (vireo_domain_config_get_max_vcpus (persistent), ==, 4);
  g_assert_nonnull (vireo_domain_config_find_device (persistent, "interface:" VM_MAC));

  /* not running: the live config is the persistent one */
  live = get_config (f->domain, TRUE);
  g_assert_false (vireo_domain_config_get_is_live (live));
  g_clear_object (&live);

  run (f);
  live = get_config (f->domain, TRUE);
  g_assert_true (vireo_domain_config_get_is_live (live));
  g_assert_cmpuint (vireo_domain_config_get_max_memory (live), ==, 2097152);
}

static void
test_live_vcpus_memory (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(VireoDomainConfig) edited = NULL;
  g_autoptr(VireoDomainConfig) live = NULL;
  g_autoptr(VireoDomainConfig) saved = NULL;
  g_autoptr(GError) error = NULL;
  VireoChangeScope scope;

  run (f);
  edited = get_config (f->domain, FALSE);
  g_assert_true (vireo_domain_config_set_vcpus (edited, 3, 4, &error));
  g_assert_true (vireo_domain_config_set_memory (edited, 1572864, 2097152, &error));
  g_assert_cmpint (vireo_domain_config_get_change_scope (edited), ==,
                   VIREO_CHANGE_PERSISTENT | VIREO_CHANGE_LIVE);

  scope = apply (f->domain, edited, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scope, ==, VIREO_CHANGE_PERSISTENT | VIREO_CHANGE_LIVE);

  /* the running VM has it, and so has its definition */
  live = raw_config (f, TRUE);
  g_assert_cmpuint (vireo_domain_config_get_vcpus (live), ==, 3);
  g_assert_cmpuint (vireo_domain_config_get_memory (live), ==, 1572864);
  saved = raw_config (f, FALSE);
  g_assert_cmpuint (vireo_domain_config_get_vcpus (saved), ==, 3);
  g_assert_cmpuint (vireo_domain_config_get_memory (saved), ==, 1572864);
  g_assert_false (vireo_domain_get_has_pending_changes (f->domain));
  WAIT_UNTIL (vireo_domain_get_vcpus (f->domain) == 3, TEST_TIMEOUT_MS);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_pending (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(VireoDomainConfig) edited = NULL;
  g_autoptr(VireoDomainConfig) live = NULL;
  g_autoptr(VireoDomainConfig) saved = NULL;
  g_autoptr(GError) error = NULL;
  VireoDevice *disk;
  VireoChangeScope scope;
  guint notified = 0;

  run (f);
  g_signal_connect (f->domain, "notify::has-pending-changes", G_CALLBACK (on_notify), &notified);
  edited = get_config (f->domain, FALSE);
  /* the maximum and a disk's cache need a shut down */
  g_assert_true (vireo_domain_config_set_memory (edited, 1048576, 3145728, &error));
  disk = vireo_domain_config_find_device (edited, "disk:vda");
  g_assert_true (vireo_device_set (disk, "driver/@cache", "none", &error));
  g_assert_cmpint (vireo_domain_config_get_change_scope (edited), ==, VIREO_CHANGE_PERSISTENT);

  scope = apply (f->domain, edited, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scope, ==, VIREO_CHANGE_PERSISTENT);
  g_assert_true (vireo_domain_get_has_pending_changes (f->domain));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (vireo_domain_is_device_pending (f->domain, ""));
  /* the part of the VM that waits is memory, not the CPUs nor the boot options */
  g_assert_true (vireo_domain_is_device_pending (f->domain, "memory"));
  g_assert_false (vireo_domain_is_device_pending (f->domain, "cpu"));
  g_assert_false (vireo_domain_is_device_pending (f->domain, "boot"));
  g_assert_true (vireo_domain_is_device_pending (f->domain, "disk:vda"));
  g_assert_false (vireo_domain_is_device_pending (f->domain, "interface:" VM_MAC));

  /* saved, not running */
  saved = raw_config (f, FALSE);
  g_assert_cmpuint (vireo_domain_config_get_max_memory (saved), ==, 3145728);
  live = raw_config (f, TRUE);
  g_assert_cmpuint (vireo_domain_config_get_max_memory (live), ==, 2097152);

  /* until it shuts off */
  virDomainDestroy (f->dom);
  WAIT_UNTIL (!vireo_domain_get_has_pending_changes (f->domain), TEST_TIMEOUT_MS);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_false (vireo_domain_is_device_pending (f->domain, "disk:vda"));
  g_signal_handlers_disconnect_by_func (f->domain, on_notify, &notified);
}

static void
test_failed_live_step (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(VireoDomainConfig) edited = NULL;
  g_autoptr(VireoDomainConfig) live = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  run (f);
  text = virDomainGetXMLDesc (f->dom, VIR_DOMAIN_XML_INACTIVE);
  before = g_strdup (text);
  free (text);

  edited = get_config (f->domain, FALSE);
  g_assert_true (vireo_domain_config_set_vcpus (edited, 1, 4, &error));
  /* a virtio disk can be hot-plugged, but not on the test driver */
  g_assert_nonnull (vireo_domain_config_add_device (edited,
                                                    "<disk type='file' device='disk'>\n"
                                                    "  <source file='/guest/extra.img'/>\n"
                                                    "  <target dev='vdb' bus='virtio'/>\n"
                                                    "</disk>",
                                                    &error));
  g_assert_no_error (error);
  g_assert_cmpint (vireo_domain_config_get_change_scope (edited), ==,
                   VIREO_CHANGE_PERSISTENT | VIREO_CHANGE_LIVE);

  apply (f->domain, edited, &error);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED);
  g_assert_true (g_str_has_prefix (error->message, "Could not change “" VM_NAME "” while it runs"));
  g_assert_nonnull (vireo_error_get_details (error));
  g_assert_false (vireo_domain_get_has_pending_changes (f->domain));

  /* as it was: the vCPU change made before the failure is undone, and the
   * definition is not touched */
  live = raw_config (f, TRUE);
  g_assert_cmpuint (vireo_domain_config_get_vcpus (live), ==, 2);
  g_assert_null (vireo_domain_config_find_device (live, "disk:vdb"));
  text = virDomainGetXMLDesc (f->dom, VIR_DOMAIN_XML_INACTIVE);
  after = g_strdup (text);
  free (text);
  g_assert_cmpstr (before, ==, after);
}

static void
test_define_refused (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(VireoDomainConfig) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  char *text;

  text = virDomainGetXMLDesc (f->dom, VIR_DOMAIN_XML_INACTIVE);
  before = g_strdup (text);
  free (text);
  edited = get_config (f->domain, FALSE);
  g_assert_nonnull (vireo_domain_config_add_device (edited,
                                                    "<disk type='file' device='disk'>"
                                                    "<source file='/guest/b.img'/>"
                                                    "<target dev='vdc' bus='no-such-bus'/></disk>",
                                                    &error));
  apply (f->domain, edited, &error);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Could not save the configuration of “" VM_NAME "”"));
  text = virDomainGetXMLDesc (f->dom, VIR_DOMAIN_XML_INACTIVE);
  after = g_strdup (text);
  free (text);
  g_assert_cmpstr (before, ==, after);
}

/* the XML tab: a whole document without recorded edits */
static void
test_whole_document (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(VireoDomainConfig) same = NULL;
  g_autoptr(VireoDomainConfig) live = NULL;
  g_autoptr(VireoDomainConfig) typed = NULL;
  g_autoptr(VireoDomainConfig) saved = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  VireoChangeScope scope;
  char *at;

  run (f);
  /* unchanged: nothing to do, nothing pending */
  same = get_config (f->domain, FALSE);
  scope = apply (f->domain, same, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scope, ==, VIREO_CHANGE_PERSISTENT | VIREO_CHANGE_LIVE);
  g_assert_false (vireo_domain_get_has_pending_changes (f->domain));

  /* the running VM's own XML is never a definition */
  live = get_config (f->domain, TRUE);
  g_assert_true (vireo_domain_config_get_is_live (live));
  apply (f->domain, live, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* typed in: saved, and pending for the whole VM */
  xml = vireo_domain_config_to_xml (same);
  at = strstr (xml, "/guest/edit.img");
  g_assert_nonnull (at);
  memcpy (at, "/guest/EDIT", 11);
  typed = vireo_domain_config_new_from_xml (xml, &error);
  g_assert_no_error (error);
  scope = apply (f->domain, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scope, ==, VIREO_CHANGE_PERSISTENT);
  g_assert_true (vireo_domain_is_device_pending (f->domain, ""));
  saved = raw_config (f, FALSE);
  {
    g_autofree char *source = vireo_device_dup_disk_source (vireo_domain_config_find_device (saved, "disk:vda"));

    g_assert_cmpstr (source, ==, "/guest/EDIT.img");
  }
}

static char *
find_mac_user (VireoConnection *conn,
               const char      *mac,
               const char      *except)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *name;

  vireo_connection_find_mac_user_async (conn, mac, except, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  name = vireo_connection_find_mac_user_finish (conn, result, &error);
  g_assert_no_error (error);
  return name;
}

static void
test_mac_user (Fixture      *f,
               gconstpointer data)
{
  g_autofree char *user = NULL;
  g_autofree char *none = NULL;
  g_autofree char *self_only = NULL;

  user = find_mac_user (f->conn, "52:54:00:AA:BB:01", NULL);
  g_assert_cmpstr (user, ==, VM_NAME);
  self_only = find_mac_user (f->conn, VM_MAC, vireo_domain_get_uuid (f->domain));
  g_assert_null (self_only);
  none = find_mac_user (f->conn, "52:54:00:99:99:99", NULL);
  g_assert_null (none);
}

static char *
find_disk_user (VireoConnection *conn,
                const char      *source,
                const char      *except)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *name;

  vireo_connection_find_disk_user_async (conn, source, except, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  name = vireo_connection_find_disk_user_finish (conn, result, &error);
  g_assert_no_error (error);
  return name;
}

/* the VM with a disk on a file; not the VM being edited; nobody for an unused file */
static void
test_disk_user (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *user = NULL;
  g_autofree char *self_only = NULL;
  g_autofree char *none = NULL;

  user = find_disk_user (f->conn, "/guest/edit.img", NULL);
  g_assert_cmpstr (user, ==, VM_NAME);
  self_only = find_disk_user (f->conn, "/guest/edit.img", vireo_domain_get_uuid (f->domain));
  g_assert_null (self_only);
  none = find_disk_user (f->conn, "default/edit.img", NULL);
  g_assert_null (none);
}

static VireoVolumeFacts *
lookup_volume (VireoConnection *conn,
               const char      *source)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VireoVolumeFacts *facts;

  vireo_connection_lookup_volume_async (conn, source, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  facts = vireo_connection_lookup_volume_finish (conn, result, &error);
  g_assert_no_error (error);
  return facts;
}

#define OTHER_VM "other-vm"

static virDomainPtr
define_other (Fixture    *f,
              const char *disk_source)
{
  g_autofree char *xml = g_strdup_printf (
      "<domain type='test'><name>" OTHER_VM "</name><memory unit='KiB'>65536</memory>"
      "<os><type arch='x86_64'>hvm</type></os><devices>%s</devices></domain>",
      disk_source);
  virDomainPtr dom = virDomainDefineXML (f->raw, xml);

  g_assert_nonnull (dom);
  return dom;
}

static void
undefine_other (virDomainPtr dom)
{
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
}

/* a pool's volume: looked up by its path or by pool and name; another VM
 * that has it through either form is its user */
static void
test_volume_user (Fixture      *f,
                  gconstpointer data)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (f->raw, "default-pool");
  virStorageVolPtr vol;
  virDomainPtr other;
  g_autoptr(VireoVolumeFacts) by_path = NULL;
  g_autoptr(VireoVolumeFacts) by_name = NULL;
  g_autoptr(VireoVolumeFacts) none = NULL;
  g_autofree char *user = NULL;
  g_autofree char *path = NULL;

  g_assert_nonnull (pool);
  vol = virStorageVolCreateXML (pool,
                                "<volume><name>shared.img</name>"
                                "<capacity unit='bytes'>1048576</capacity>"
                                "<allocation unit='bytes'>0</allocation></volume>", 0);
  g_assert_nonnull (vol);
  path = virStorageVolGetPath (vol);
  g_assert_nonnull (path);

  by_path = lookup_volume (f->conn, path);
  g_assert_nonnull (by_path);
  g_assert_cmpstr (by_path->pool, ==, "default-pool");
  g_assert_cmpstr (by_path->name, ==, "shared.img");
  g_assert_cmpstr (by_path->path, ==, path);
  g_assert_cmpuint (by_path->capacity, ==, 1048576);
  by_name = lookup_volume (f->conn, "default-pool/shared.img");
  g_assert_nonnull (by_name);
  g_assert_cmpstr (by_name->path, ==, path);
  g_assert_cmpstr (by_name->pool, ==, "default-pool");
  /* a file no pool has, a pool or volume that does not exist: no volume, no error */
  none = lookup_volume (f->conn, "/guest/edit.img");
  g_assert_null (none);
  g_assert_null (lookup_volume (f->conn, "default-pool/missing.img"));
  g_assert_null (lookup_volume (f->conn, "no-pool/shared.img"));
  g_assert_null (lookup_volume (f->conn, "relative"));

  /* another VM with it as <source pool= volume=>: found by its path */
  other = define_other (f, "<disk type='volume' device='disk'>"
                           "<source pool='default-pool' volume='shared.img'/>"
                           "<target dev='vda' bus='virtio'/></disk>");
  user = find_disk_user (f->conn, path, vireo_domain_get_uuid (f->domain));
  g_assert_cmpstr (user, ==, OTHER_VM);
  g_clear_pointer (&user, g_free);
  undefine_other (other);
  user = find_disk_user (f->conn, path, vireo_domain_get_uuid (f->domain));
  g_assert_null (user);

  /* another VM with it as a file: found by its pool and name */
  {
    g_autofree char *disk = g_strdup_printf ("<disk type='file' device='disk'><source file='%s'/>"
                                             "<target dev='vda' bus='virtio'/></disk>", path);

    other = define_other (f, disk);
  }
  user = find_disk_user (f->conn, "default-pool/shared.img", vireo_domain_get_uuid (f->domain));
  g_assert_cmpstr (user, ==, OTHER_VM);
  undefine_other (other);

  g_assert_cmpint (virStorageVolDelete (vol, 0), ==, 0);
  virStorageVolFree (vol);
  virStoragePoolFree (pool);
}

int
main (int   argc,
      char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/domain-edit/get", test_get);
  ADD ("/domain-edit/volume-user", test_volume_user);
  ADD ("/domain-edit/live-vcpus-memory", test_live_vcpus_memory);
  ADD ("/domain-edit/pending", test_pending);
  ADD ("/domain-edit/failed-live-step", test_failed_live_step);
  ADD ("/domain-edit/define-refused", test_define_refused);
  ADD ("/domain-edit/whole-document", test_whole_document);
  ADD ("/domain-edit/mac-user", test_mac_user);
  ADD ("/domain-edit/disk-user", test_disk_user);
#undef ADD

  return g_test_run ();
}
