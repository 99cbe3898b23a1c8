/* test-snapshot.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Snapshots (issue 15) on libvirt's test driver: the tree as the page lists
 * it (parents before children, by creation time, the current one marked),
 * create / revert / delete (with children) / description edit, each followed
 * by "snapshots-changed"; a name taken, refused before libvirt is asked;
 * hostile snapshot XML (markup, a huge description, a name over the bound,
 * entities, garbage) listed safely or left out; the thumbnail of a running
 * VM kept and removed with its snapshot; and what a VM allows (internal,
 * external, memory, revert and delete of external ones) for qcow2, raw,
 * shareable and UEFI configurations and libvirt 9.0 against 9.9.
 */
#define G_LOG_DOMAIN "vireo-test-snapshot"

#include "config.h"

#include <glib/gstdio.h>

#include "core-test-util.h"
#include "vireo-domain-delete.h"
#include "vireo-snapshot-private.h"
#include "vireo-xml.h"

#define VM "snap-vm"

typedef struct
{
  virConnectPtr    raw;
  VireoConnection *conn;
  GListModel      *domains;
  VireoDomain     *domain;
  guint            changed;
} Fixture;

static void
on_changed (VireoDomain *domain, gpointer user_data)
{
  ((Fixture *) user_data)->changed++;
}

static void
remove_domain (virConnectPtr raw, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);

  if (dom != NULL)
    {
      if (virDomainIsActive (dom) == 1)
        virDomainDestroy (dom);
      virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
      virDomainFree (dom);
    }
  virResetLastError ();
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  const char *xml = "<domain type='test'><name>" VM "</name>"
                    "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                    "<os><type arch='x86_64'>hvm</type></os>"
                    "<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                    "<source file='/default-pool/snap.qcow2'/><target dev='vda' bus='virtio'/></disk>"
                    "<graphics type='vnc' port='-1'/></devices></domain>";
  virDomainPtr dom;

  f->raw = test_raw_open ();
  remove_domain (f->raw, VM);
  dom = virDomainDefineXML (f->raw, xml);
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  virDomainFree (dom);

  f->conn = test_connection_new_open ("test:///default");
  f->domains = vireo_connection_get_domains (f->conn);
  WAIT_UNTIL (test_find_domain (f->domains, VM, NULL) != NULL &&
              vireo_domain_get_state (test_find_domain (f->domains, VM, NULL)) == VIREO_DOMAIN_STATE_RUNNING,
              TEST_TIMEOUT_MS);
  f->domain = g_object_ref (test_find_domain (f->domains, VM, NULL));
  g_signal_connect (f->domain, "snapshots-changed", G_CALLBACK (on_changed), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (f->domain, f);
  g_clear_object (&f->domain);
  vireo_connection_close (f->conn);
  g_clear_object (&f->conn);
  remove_domain (f->raw, VM);
  test_raw_close (f->raw);
}

/* -- helpers ----------------------------------------------------------------------- */

static GListStore *
list (Fixture *f)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GListStore *store;

  vireo_domain_list_snapshots_async (f->domain, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  store = vireo_domain_list_snapshots_finish (f->domain, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* "name(parent)*" for each, in the list's order; * marks the current one */
static char *
describe (GListStore *store)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr (VireoSnapshot) s = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_string_append_printf (out, "%s%s(%s)%s", i > 0 ? " " : "", vireo_snapshot_get_name (s),
                              vireo_snapshot_get_parent_name (s) ? vireo_snapshot_get_parent_name (s) : "",
                              vireo_snapshot_get_is_current (s) ? "*" : "");
    }
  return g_string_free (out, FALSE);
}

static VireoSnapshot *
find (GListStore *store, const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr (VireoSnapshot) s = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_str_equal (vireo_snapshot_get_name (s), name))
        return s;   /* the store keeps it */
    }
  return NULL;
}

static gboolean
create (Fixture *f, const char *name, const char *description, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_create_snapshot_async (f->domain, name, description, VIREO_SNAPSHOT_KIND_INTERNAL,
                                      TRUE, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_domain_create_snapshot_finish (f->domain, result, error);
}

static gboolean
revert (Fixture *f, const char *name, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_revert_snapshot_async (f->domain, name, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_domain_revert_snapshot_finish (f->domain, result, error);
}

static gboolean
delete (Fixture *f, const char *name, gboolean children, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_delete_snapshot_async (f->domain, name, children, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_domain_delete_snapshot_finish (f->domain, result, error);
}

static gboolean
set_description (Fixture *f, const char *name, const char *description, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_set_snapshot_description_async (f->domain, name, description, NULL,
                                               test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_domain_set_snapshot_description_finish (f->domain, result, error);
}

static int
libvirt_snapshot_count (Fixture *f)
{
  virDomainPtr dom = virDomainLookupByName (f->raw, VM);
  int n = virDomainSnapshotNum (dom, 0);

  virDomainFree (dom);
  return n;
}

/* -- the tree and the operations ---------------------------------------------------------- */

static void
test_tree (Fixture *f, gconstpointer data)
{
  g_autoptr (GListStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  VireoSnapshot *s;

  g_assert_true (create (f, "first", "Before <the> upgrade & co", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changed, ==, 1);
  g_assert_true (create (f, "second", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (revert (f, "first", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changed, >=, 3);
  g_assert_true (create (f, "third", NULL, &error));
  g_assert_no_error (error);

  store = list (f);
  text = describe (store);
  /* first is the root; second and third its children, by creation time;
   * third is current */
  g_assert_cmpstr (text, ==, "first() second(first) third(first)*");
  s = find (store, "first");
  g_assert_cmpstr (vireo_snapshot_get_description (s), ==, "Before <the> upgrade & co");
  g_assert_cmpint (vireo_snapshot_get_state (s), ==, VIREO_DOMAIN_STATE_RUNNING);
  g_assert_true (vireo_snapshot_get_has_memory (s));
  g_assert_false (vireo_snapshot_get_is_external (s));
  g_assert_nonnull (vireo_snapshot_get_creation_time (s));
  g_assert_cmpstr (vireo_snapshot_get_description (find (store, "second")), ==, "");
  g_clear_object (&store);

  /* the description: set, changed, removed; the current marker stays */
  g_assert_true (set_description (f, "second", "A <b>new</b> description", &error));
  g_assert_no_error (error);
  g_assert_true (set_description (f, "third", "Third's", &error));
  g_assert_no_error (error);
  store = list (f);
  g_assert_cmpstr (vireo_snapshot_get_description (find (store, "second")), ==, "A <b>new</b> description");
  g_assert_cmpstr (vireo_snapshot_get_description (find (store, "third")), ==, "Third's");
  g_assert_true (vireo_snapshot_get_is_current (find (store, "third")));
  g_clear_object (&store);
  g_assert_true (set_description (f, "second", "", &error));
  g_assert_no_error (error);
  store = list (f);
  g_assert_cmpstr (vireo_snapshot_get_description (find (store, "second")), ==, "");
  g_clear_object (&store);

  /* one deleted: its children would move up; a leaf here */
  g_assert_true (delete (f, "second", FALSE, &error));
  g_assert_no_error (error);
  store = list (f);
  g_free (text);
  text = describe (store);
  g_assert_cmpstr (text, ==, "first() third(first)*");
  g_clear_object (&store);

  /* with its children: all gone, in libvirt too */
  f->changed = 0;
  g_assert_true (delete (f, "first", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changed, ==, 1);
  store = list (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_cmpint (libvirt_snapshot_count (f), ==, 0);
}

/* a name taken or invalid: a sentence, libvirt is not asked, nothing changes */
static void
test_refusals (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (create (f, "taken", NULL, &error));
  g_assert_no_error (error);
  f->changed = 0;
  g_assert_false (create (f, "taken", "again", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "already has a snapshot called “taken”"));
  g_clear_error (&error);
  g_assert_false (create (f, "a/b", NULL, &error));
  g_assert_nonnull (strstr (error->message, "“/”"));
  g_clear_error (&error);
  g_assert_false (create (f, "", NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (f->changed, ==, 0);
  g_assert_cmpint (libvirt_snapshot_count (f), ==, 1);

  /* revert or delete of one that is not there: a sentence naming it */
  g_assert_false (revert (f, "missing", &error));
  g_assert_nonnull (strstr (error->message, "“missing”"));
  g_clear_error (&error);
  g_assert_false (delete (f, "missing", FALSE, &error));
  g_assert_nonnull (strstr (error->message, "“missing”"));
  g_clear_error (&error);
  g_assert_true (delete (f, "taken", FALSE, &error));
}

static void
test_name_rules (void)
{
  static const char *const good[] = { "before upgrade", "v1.2", "Ünïcödé ✓", "-x", "a.b.c" };
  static const char *const bad[] = { "", " lead", "trail ", "a/b", "line\nbreak", "tab\tx", "123",
                                     ".", "..", "\xff\xfe" };
  g_autofree char *long_name = g_strnfill (VIREO_SNAPSHOT_MAX_NEW_NAME + 1, 'x');

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (vireo_snapshot_name_is_valid (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *reason = NULL;

      g_assert_false (vireo_snapshot_name_is_valid (bad[i], &reason));
      g_assert_nonnull (reason);
      g_assert_true (g_str_has_suffix (reason, "."));
    }
  g_assert_false (vireo_snapshot_name_is_valid (long_name, NULL));
}

/* -- hostile XML --------------------------------------------------------------------------- */

static void
test_hostile_xml (void)
{
  g_autoptr (VireoSnapshot) s = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) big = g_string_new ("<domainsnapshot><name>&lt;b&gt;x&lt;/b&gt;</name><description>");
  g_autofree char *long_name = g_strnfill (VIREO_SNAPSHOT_MAX_NAME + 1, 'n');
  g_autofree char *xml = NULL;

  /* 1 MiB of description (with a 2-byte character across the bound), markup in the name */
  for (guint i = 0; i < 512 * 1024; i++)
    g_string_append (big, "é");
  g_string_append (big, "</description><state>disk-snapshot</state><creationTime>99999999999999999</creationTime>"
                        "<parent><name></name></parent>"
                        "<memory snapshot='no'/><disks><disk name='vda' snapshot='external'/></disks></domainsnapshot>");
  s = _vireo_snapshot_new_from_xml (big->str, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vireo_snapshot_get_name (s), ==, "<b>x</b>");
  g_assert_cmpuint (strlen (vireo_snapshot_get_description (s)), <=, VIREO_SNAPSHOT_MAX_DESCRIPTION);
  g_assert_cmpuint (strlen (vireo_snapshot_get_description (s)), >, VIREO_SNAPSHOT_MAX_DESCRIPTION - 4);
  g_assert_true (g_utf8_validate (vireo_snapshot_get_description (s), -1, NULL));
  g_assert_null (vireo_snapshot_get_parent_name (s));
  g_assert_nonnull (vireo_snapshot_get_creation_time (s));
  g_assert_cmpint (vireo_snapshot_get_state (s), ==, VIREO_DOMAIN_STATE_RUNNING);
  g_assert_true (vireo_snapshot_get_is_external (s));
  g_assert_false (vireo_snapshot_get_has_memory (s));
  g_clear_object (&s);

  /* a name over the bound, no name, entities, garbage, another root: not listed */
  xml = g_strdup_printf ("<domainsnapshot><name>%s</name></domainsnapshot>", long_name);
  g_assert_null (_vireo_snapshot_new_from_xml (xml, FALSE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (_vireo_snapshot_new_from_xml ("<domainsnapshot><state>running</state></domainsnapshot>", FALSE, &error));
  g_clear_error (&error);
  g_assert_null (_vireo_snapshot_new_from_xml ("<!DOCTYPE d [<!ENTITY x 'boom'>]><domainsnapshot><name>&x;</name></domainsnapshot>", FALSE, &error));
  g_clear_error (&error);
  g_assert_null (_vireo_snapshot_new_from_xml ("<domainsnapshot><name>x", FALSE, &error));
  g_clear_error (&error);
  g_assert_null (_vireo_snapshot_new_from_xml ("<domain><name>x</name></domain>", FALSE, &error));
  g_clear_error (&error);

  /* an unknown state, no time: listed with neither */
  s = _vireo_snapshot_new_from_xml ("<domainsnapshot><name>odd</name><state>weird</state>"
                                    "<memory snapshot='internal'/></domainsnapshot>", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vireo_snapshot_get_state (s), ==, VIREO_DOMAIN_STATE_NOSTATE);
  g_assert_true (vireo_snapshot_get_is_current (s));
  g_assert_true (vireo_snapshot_get_has_memory (s));
  g_assert_false (vireo_snapshot_get_is_external (s));
}

/* the driver lists a snapshot whose name is over the bound: the others are listed */
static void
test_hostile_listing (Fixture *f, gconstpointer data)
{
  g_autofree char *long_name = g_strnfill (VIREO_SNAPSHOT_MAX_NAME + 10, 'n');
  g_autofree char *xml = g_strdup_printf ("<domainsnapshot><name>%s</name></domainsnapshot>", long_name);
  virDomainPtr dom = virDomainLookupByName (f->raw, VM);
  virDomainSnapshotPtr snap;
  g_autoptr (GListStore) store = NULL;
  g_autoptr (GError) error = NULL;

  snap = virDomainSnapshotCreateXML (dom, xml, 0);
  g_assert_nonnull (snap);
  virDomainSnapshotFree (snap);
  snap = virDomainSnapshotCreateXML (dom, "<domainsnapshot><name>&lt;i&gt;ok&amp;</name>"
                                          "<description>&lt;script&gt;</description></domainsnapshot>", 0);
  g_assert_nonnull (snap);
  virDomainSnapshotFree (snap);
  virDomainFree (dom);

  store = list (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_nonnull (find (store, "<i>ok&"));
  g_assert_cmpstr (vireo_snapshot_get_description (find (store, "<i>ok&")), ==, "<script>");
  /* the long one's parent is gone from the list: the other is a root */
  g_assert_null (vireo_snapshot_get_parent_name (find (store, "<i>ok&")));
  g_assert_true (delete (f, "<i>ok&", FALSE, &error));
  g_assert_no_error (error);
}

/* -- thumbnails ------------------------------------------------------------------------------ */

static void
test_thumbnail (Fixture *f, gconstpointer data)
{
  g_autoptr (GListStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GFile *file;

  g_assert_true (create (f, "shot", NULL, &error));
  g_assert_no_error (error);
  store = list (f);
  file = vireo_snapshot_get_thumbnail (find (store, "shot"));
  g_assert_nonnull (file);
  path = g_file_get_path (file);
  g_assert_true (g_str_has_prefix (path, g_get_user_cache_dir ()));
  g_assert_nonnull (strstr (path, vireo_domain_get_uuid (f->domain)));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_object (&store);

  g_assert_true (delete (f, "shot", FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* a shut-off VM has no screen: no thumbnail, the snapshot is taken */
  g_assert_true (test_domain_action (f->domain, VIREO_DOMAIN_ACTION_FORCE_OFF, &error));
  g_assert_no_error (error);
  g_assert_true (create (f, "off", NULL, &error));
  g_assert_no_error (error);
  store = list (f);
  g_assert_null (vireo_snapshot_get_thumbnail (find (store, "off")));
  g_assert_cmpint (vireo_snapshot_get_state (find (store, "off")), ==, VIREO_DOMAIN_STATE_SHUTOFF);
  g_assert_true (delete (f, "off", FALSE, &error));
}

/* deleting the VM takes the thumbnails of its snapshots with it */
static void
test_thumbnails_of_deleted_vm (Fixture *f, gconstpointer data)
{
  g_autoptr (GListStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) notes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *other = NULL;
  g_autofree char *other_folder = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  g_assert_true (create (f, "kept-until-delete", NULL, &error));
  g_assert_no_error (error);
  store = list (f);
  g_assert_nonnull (vireo_snapshot_get_thumbnail (find (store, "kept-until-delete")));
  path = g_file_get_path (vireo_snapshot_get_thumbnail (find (store, "kept-until-delete")));
  folder = g_path_get_dirname (path);
  /* another VM's thumbnails stay */
  other = _vireo_snapshot_thumbnail_base ("00000000-0000-0000-0000-00000000beef", "other");
  other_folder = g_path_get_dirname (other);
  g_assert_cmpint (g_mkdir_with_parents (other_folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (other, "x", 1, NULL));

  vireo_domain_delete_async (f->domain, NULL, VIREO_DOMAIN_DELETE_FORCE_OFF, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  notes = vireo_domain_delete_finish (f->domain, result, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_unlink (other);
}

/* -- what a VM allows -------------------------------------------------------------------------- */

static VireoSnapshotSupport *
support_for (const char *os, const char *devices, gulong version, VireoDomainState state)
{
  g_autofree char *xml = g_strdup_printf ("<domain type='kvm'><name>x</name><os><type>hvm</type>%s</os>"
                                          "<devices>%s</devices></domain>", os, devices);
  g_autoptr (xmlDoc) doc = vireo_xml_parse (xml, "domain", NULL);
  g_autoptr (VireoSnapshotFacts) facts = _vireo_snapshot_facts_read (vireo_xml_root (doc));

  facts->lib_version = version;
  return _vireo_snapshot_support_compute (facts, state, FALSE);
}

#define QCOW2 "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>" \
              "<source file='/var/lib/libvirt/images/a.qcow2'/><target dev='vda'/></disk>"
#define RAW "<disk type='file' device='disk'><driver name='qemu' type='raw'/>" \
            "<source file='/var/lib/libvirt/images/b.img'/><target dev='vdb'/></disk>"
#define SHARED "<disk type='file' device='disk'><driver name='qemu' type='raw'/>" \
               "<source file='/srv/shared.img'/><target dev='vdc'/><shareable/></disk>"
#define CDROM "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>" \
              "<target dev='sda'/><readonly/></disk>"
#define UEFI "<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader><nvram>/v/x_VARS.fd</nvram>"

static void
test_support (void)
{
  g_autoptr (VireoSnapshotSupport) s = NULL;
  g_autoptr (xmlDoc) doc = NULL;
  g_autoptr (VireoSnapshotFacts) facts = NULL;
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;
  guint flags = 0;

  /* qcow2 (and an empty CD-ROM) on libvirt 9.0, running: internal, external, memory; no external revert */
  s = support_for ("", QCOW2 CDROM, 9000000, VIREO_DOMAIN_STATE_RUNNING);
  g_assert_true (s->internal);
  g_assert_null (s->internal_reason);
  g_assert_true (s->external);
  g_assert_true (s->memory);
  g_assert_false (s->revert_external);
  g_assert_cmpstr (s->revert_external_reason, ==,
                   "Reverting to an external snapshot needs libvirt 9.9 or later on the host; it has libvirt 9.0.0.");
  g_assert_true (s->delete_external);
  g_clear_pointer (&s, vireo_snapshot_support_free);

  /* shut off on libvirt 9.9: no memory, external revert */
  s = support_for ("", QCOW2, 9009000, VIREO_DOMAIN_STATE_SHUTOFF);
  g_assert_false (s->memory);
  g_assert_cmpstr (s->memory_reason, ==, "Memory is saved only for a running virtual machine.");
  g_assert_true (s->revert_external);
  g_assert_null (s->revert_external_reason);
  g_clear_pointer (&s, vireo_snapshot_support_free);

  /* a raw disk: no internal, naming it */
  s = support_for ("", QCOW2 RAW, 9000000, VIREO_DOMAIN_STATE_SHUTOFF);
  g_assert_false (s->internal);
  g_assert_cmpstr (s->internal_reason, ==,
                   "Disk vdb is in raw format: only qcow2 disks can hold internal snapshots. Take an external snapshot instead.");
  g_assert_true (s->external);
  g_clear_pointer (&s, vireo_snapshot_support_free);

  /* UEFI: no internal */
  s = support_for (UEFI, QCOW2, 9000000, VIREO_DOMAIN_STATE_SHUTOFF);
  g_assert_false (s->internal);
  g_assert_nonnull (strstr (s->internal_reason, "UEFI"));
  g_assert_true (s->external);
  g_clear_pointer (&s, vireo_snapshot_support_free);

  /* a shareable disk: no internal; external leaves it out */
  s = support_for ("", QCOW2 SHARED, 9000000, VIREO_DOMAIN_STATE_SHUTOFF);
  g_assert_false (s->internal);
  g_assert_nonnull (strstr (s->internal_reason, "Disk vdc is shared"));
  g_assert_true (s->external);
  g_clear_pointer (&s, vireo_snapshot_support_free);

  /* only a shareable disk and a CD-ROM: nothing to snapshot, said twice */
  s = support_for ("", SHARED CDROM, 9000000, VIREO_DOMAIN_STATE_SHUTOFF);
  g_assert_false (s->internal);
  g_assert_false (s->external);
  g_assert_nonnull (s->external_reason);
  g_clear_pointer (&s, vireo_snapshot_support_free);

  /* the external snapshot's XML: overlays on the disks, the shared disk and
   * the CD-ROM left out, memory next to the first disk */
  xml = g_strdup_printf ("<domain type='kvm'><name>x</name><devices>%s</devices></domain>", QCOW2 SHARED CDROM);
  doc = vireo_xml_parse (xml, "domain", NULL);
  facts = _vireo_snapshot_facts_read (vireo_xml_root (doc));
  g_free (xml);
  xml = _vireo_snapshot_build_xml (facts, VIREO_DOMAIN_STATE_RUNNING, "web", "s1", "d",
                                   VIREO_SNAPSHOT_KIND_EXTERNAL, TRUE, &flags, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "<memory snapshot=\"external\" file=\"/var/lib/libvirt/images/web.s1.mem\"/>"));
  g_assert_nonnull (strstr (xml, "<disk name=\"vda\" snapshot=\"external\"/>"));
  g_assert_nonnull (strstr (xml, "<disk name=\"vdc\" snapshot=\"no\"/>"));
  g_assert_nonnull (strstr (xml, "<disk name=\"sda\" snapshot=\"no\"/>"));
  g_assert_cmpuint (flags & VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY, ==, 0);
  g_assert_cmpuint (flags & VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC, !=, 0);
  g_free (xml);
  xml = _vireo_snapshot_build_xml (facts, VIREO_DOMAIN_STATE_RUNNING, "web", "s2", NULL,
                                   VIREO_SNAPSHOT_KIND_EXTERNAL, FALSE, &flags, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "<memory snapshot=\"no\"/>"));
  g_assert_cmpuint (flags & VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY, !=, 0);
  g_free (xml);
  /* internal of this one: refused with the reason, before libvirt */
  xml = _vireo_snapshot_build_xml (facts, VIREO_DOMAIN_STATE_RUNNING, "web", "s3", NULL,
                                   VIREO_SNAPSHOT_KIND_INTERNAL, TRUE, &flags, &error);
  g_assert_null (xml);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "Disk vdc is shared"));
}

/* a read-only connection: every operation greyed with the reason */
static void
test_support_read_only (void)
{
  g_autoptr (VireoSnapshotFacts) facts = _vireo_snapshot_facts_read (NULL);
  g_autoptr (VireoSnapshotSupport) s = _vireo_snapshot_support_compute (facts, VIREO_DOMAIN_STATE_RUNNING, TRUE);

  g_assert_false (s->internal || s->external || s->memory || s->revert_external || s->delete_external);
  g_assert_nonnull (strstr (s->internal_reason, "read-only"));
  g_assert_nonnull (s->external_reason);
  g_assert_nonnull (s->memory_reason);
  g_assert_nonnull (s->revert_external_reason);
  g_assert_nonnull (s->delete_external_reason);
}

/* on a read-only connection: every operation greyed with the reason, and
 * refused with it; libvirt is not asked */
static void
test_read_only_connection (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoConnection) ro = vireo_connection_new ("test:///default");
  g_autoptr (VireoSnapshotSupport) s = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;
  VireoDomain *domain;

  vireo_connection_open_async (ro, TRUE, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_true (vireo_connection_open_finish (ro, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (vireo_connection_get_read_only (ro));
  WAIT_UNTIL (test_find_domain (vireo_connection_get_domains (ro), VM, NULL) != NULL, TEST_TIMEOUT_MS);
  domain = test_find_domain (vireo_connection_get_domains (ro), VM, NULL);

  s = vireo_domain_get_snapshot_support (domain);
  g_assert_false (s->internal || s->external || s->memory);
  g_assert_nonnull (strstr (s->internal_reason, "read-only"));

  vireo_domain_create_snapshot_async (domain, "ro", NULL, VIREO_SNAPSHOT_KIND_INTERNAL, TRUE, NULL,
                                      test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_false (vireo_domain_create_snapshot_finish (domain, result, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_assert_cmpint (libvirt_snapshot_count (f), ==, 0);
  vireo_connection_close (ro);
}

/* the domain's own support, from its definition as the connection read it */
static void
test_domain_support (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoSnapshotSupport) s = vireo_domain_get_snapshot_support (f->domain);

  /* the test driver: everything, memory because it runs */
  g_assert_true (s->internal);
  g_assert_true (s->external);
  g_assert_true (s->memory);
  g_assert_true (s->revert_external);
  g_assert_true (s->delete_external);
}

int
main (int argc, char **argv)
{
  /* each case has private XDG folders: thumbnails go to a cache of its own */
  TEST_CORE_INIT (&argc, &argv);

  g_test_add_func ("/snapshot/name-rules", test_name_rules);
  g_test_add_func ("/snapshot/hostile-xml", test_hostile_xml);
  g_test_add_func ("/snapshot/support", test_support);
  g_test_add_func ("/snapshot/support-read-only", test_support_read_only);
  g_test_add ("/snapshot/tree", Fixture, NULL, fixture_setup, test_tree, fixture_teardown);
  g_test_add ("/snapshot/refusals", Fixture, NULL, fixture_setup, test_refusals, fixture_teardown);
  g_test_add ("/snapshot/hostile-listing", Fixture, NULL, fixture_setup, test_hostile_listing, fixture_teardown);
  g_test_add ("/snapshot/thumbnail", Fixture, NULL, fixture_setup, test_thumbnail, fixture_teardown);
  g_test_add ("/snapshot/deleted-vm", Fixture, NULL, fixture_setup, test_thumbnails_of_deleted_vm, fixture_teardown);
  g_test_add ("/snapshot/domain-support", Fixture, NULL, fixture_setup, test_domain_support, fixture_teardown);
  g_test_add ("/snapshot/read-only", Fixture, NULL, fixture_setup, test_read_only_connection, fixture_teardown);
  return g_test_run ();
}
