/* test-domain-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection's list of VMs follows libvirt's events: VMs defined,
 * started, stopped and undefined by somebody else (here: a second libvirt
 * connection to the same in-process test driver, as virsh would be) appear,
 * change and disappear by themselves, with exactly the right items-changed.
 */
#define G_LOG_DOMAIN "vireo-test-domain-model"

#include "config.h"

#include "core-test-util.h"

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  virConnectPtr raw; /* the "virsh" side */
  VireoConnection *conn;
  GListModel *domains; /* borrowed from conn */
  GArray *changes;     /* Change */
} Fixture;

static void
record_change (GListModel *model, guint position, guint removed, guint added, Fixture *f)
{
  Change c = { position, removed, added };

  g_array_append_val (f->changes, c);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->raw = test_raw_open ();
  g_assert_nonnull (f->raw);
  f->conn = test_connection_new_open ("test:///default");
  f->domains = vireo_connection_get_domains (f->conn);
  f->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_signal_connect (f->domains, "items-changed", G_CALLBACK (record_change), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_signal_handlers_disconnect_by_func (f->domains, record_change, f);
  vireo_connection_close (f->conn);
  g_clear_object (&f->conn);
  g_clear_pointer (&f->changes, g_array_unref);
  test_raw_close (f->raw);
}

/* The model lists exactly what libvirt lists. */
static void
assert_same_names (Fixture *f)
{
  g_autofree char *ours = test_model_names (f->domains);
  g_autofree char *theirs = test_libvirt_names (f->raw);

  g_assert_cmpstr (ours, ==, theirs);
}

static void
record_state (VireoDomain *domain, GParamSpec *pspec, GArray *states)
{
  VireoDomainState state = vireo_domain_get_state (domain);

  g_array_append_val (states, state);
}

#define VM_XML(name)                                                                               \
  "<domain type='test'><name>" name "</name>"                                                      \
  "<memory unit='MiB'>256</memory><vcpu>1</vcpu>"                                                  \
  "<os><type arch='x86_64'>hvm</type></os></domain>"

static void
test_define_start_destroy_undefine (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoDomain) domain = NULL;
  g_autoptr (GArray) states = g_array_new (FALSE, FALSE, sizeof (VireoDomainState));
  g_autoptr (VireoDomain) at_position = NULL;
  virDomainPtr dom;
  guint n_before = g_list_model_get_n_items (f->domains);
  guint position = G_MAXUINT;
  Change c;

  assert_same_names (f);
  g_assert_null (test_find_domain (f->domains, "model-vm", NULL));

  /* define: one row appears, at the position items-changed says */
  dom = virDomainDefineXML (f->raw, VM_XML ("model-vm"));
  g_assert_nonnull (dom);
  WAIT_UNTIL (f->changes->len >= 1, TEST_TIMEOUT_MS);
  test_settle (200);
  g_assert_cmpuint (f->changes->len, ==, 1);
  c = g_array_index (f->changes, Change, 0);
  g_assert_cmpuint (c.removed, ==, 0);
  g_assert_cmpuint (c.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (f->domains), ==, n_before + 1);
  at_position = g_list_model_get_item (f->domains, c.position);
  g_assert_nonnull (at_position);
  g_assert_cmpstr (vireo_domain_get_name (at_position), ==, "model-vm");
  domain = g_object_ref (at_position);
  g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_SHUTOFF);
  g_assert_true (vireo_domain_get_persistent (domain));
  g_assert_true (vireo_domain_get_available (domain));
  g_assert_false (vireo_domain_get_removed (domain));
  assert_same_names (f);
  g_array_set_size (f->changes, 0);

  g_signal_connect (domain, "notify::state", G_CALLBACK (record_state), states);

  /* start: the row changes state, the list does not change */
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  WAIT_UNTIL (vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_RUNNING, TEST_TIMEOUT_MS);
  test_settle (200);
  g_assert_cmpuint (states->len, >=, 1);
  g_assert_cmpint (g_array_index (states, VireoDomainState, states->len - 1), ==,
                   VIREO_DOMAIN_STATE_RUNNING);
  g_assert_cmpuint (f->changes->len, ==, 0);
  assert_same_names (f);
  g_array_set_size (states, 0);

  /* a running VM has libvirt's id (a fresh lookup: virDomainGetID on an old
   * handle returns the id the handle was created with)
   * CORE-BUG-CHECK (stale-id) */
  {
    virDomainPtr fresh = virDomainLookupByName (f->raw, "model-vm");
    int raw_id = (int) virDomainGetID (fresh);

    virDomainFree (fresh);
    g_assert_cmpint (raw_id, >, 0);
    WAIT_UNTIL (vireo_domain_get_id (domain) == raw_id, TEST_TIMEOUT_MS);
  }

  /* destroy: shut off, still listed */
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  WAIT_UNTIL (vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_SHUTOFF, TEST_TIMEOUT_MS);
  test_settle (200);
  g_assert_cmpuint (states->len, >=, 1);
  g_assert_cmpint (g_array_index (states, VireoDomainState, states->len - 1), ==,
                   VIREO_DOMAIN_STATE_SHUTOFF);
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_false (vireo_domain_get_removed (domain));
  WAIT_UNTIL (vireo_domain_get_id (domain) == -1, TEST_TIMEOUT_MS);
  assert_same_names (f);

  /* undefine: the row goes, from where it was */
  g_assert_true (test_find_domain (f->domains, "model-vm", &position) == domain);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  WAIT_UNTIL (f->changes->len >= 1, TEST_TIMEOUT_MS);
  test_settle (200);
  g_assert_cmpuint (f->changes->len, ==, 1);
  c = g_array_index (f->changes, Change, 0);
  g_assert_cmpuint (c.position, ==, position);
  g_assert_cmpuint (c.removed, ==, 1);
  g_assert_cmpuint (c.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (f->domains), ==, n_before);
  g_assert_null (test_find_domain (f->domains, "model-vm", NULL));
  /* an open VM window holding the object learns it is gone */
  g_assert_true (vireo_domain_get_removed (domain));
  g_assert_false (vireo_domain_get_available (domain));
  assert_same_names (f);

  g_signal_handlers_disconnect_by_func (domain, record_state, states);
}

static void
test_transient (Fixture *f, gconstpointer data)
{
  g_autoptr (VireoDomain) domain = NULL;
  virDomainPtr dom;
  guint n_before = g_list_model_get_n_items (f->domains);
  guint position = G_MAXUINT;
  Change c;

  dom = virDomainCreateXML (f->raw, VM_XML ("model-transient"), 0);
  g_assert_nonnull (dom);
  WAIT_UNTIL (f->changes->len >= 1, TEST_TIMEOUT_MS);
  test_settle (200);
  g_assert_cmpuint (f->changes->len, ==, 1);
  c = g_array_index (f->changes, Change, 0);
  g_assert_cmpuint (c.removed, ==, 0);
  g_assert_cmpuint (c.added, ==, 1);
  domain = g_list_model_get_item (f->domains, c.position);
  g_assert_cmpstr (vireo_domain_get_name (domain), ==, "model-transient");
  WAIT_UNTIL (vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_RUNNING, TEST_TIMEOUT_MS);
  g_assert_false (vireo_domain_get_persistent (domain));
  g_assert_cmpuint (g_list_model_get_n_items (f->domains), ==, n_before + 1);
  assert_same_names (f);
  g_array_set_size (f->changes, 0);

  /* a transient VM that stops is gone */
  g_assert_true (test_find_domain (f->domains, "model-transient", &position) == domain);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  virDomainFree (dom);
  WAIT_UNTIL (f->changes->len >= 1, TEST_TIMEOUT_MS);
  test_settle (200);
  g_assert_cmpuint (f->changes->len, ==, 1);
  c = g_array_index (f->changes, Change, 0);
  g_assert_cmpuint (c.position, ==, position);
  g_assert_cmpuint (c.removed, ==, 1);
  g_assert_cmpuint (c.added, ==, 0);
  g_assert_null (test_find_domain (f->domains, "model-transient", NULL));
  g_assert_true (vireo_domain_get_removed (domain));
  g_assert_cmpuint (g_list_model_get_n_items (f->domains), ==, n_before);
  assert_same_names (f);
}

/* Several VMs defined at once; removing one in the middle shifts the others. */
static void
test_many (Fixture *f, gconstpointer data)
{
  const char *names[] = { "model-a", "model-b", "model-c", "model-d" };
  guint n_before = g_list_model_get_n_items (f->domains);
  guint total_added = 0, total_removed = 0;
  guint position = G_MAXUINT;
  virDomainPtr dom;

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *xml = g_strdup_printf (VM_XML ("%s"), names[i]);

      dom = virDomainDefineXML (f->raw, xml);
      g_assert_nonnull (dom);
      virDomainFree (dom);
    }
  WAIT_UNTIL (g_list_model_get_n_items (f->domains) == n_before + G_N_ELEMENTS (names),
              TEST_TIMEOUT_MS);
  test_settle (200);
  for (guint i = 0; i < f->changes->len; i++)
    {
      Change c = g_array_index (f->changes, Change, i);
      total_added += c.added;
      total_removed += c.removed;
    }
  /* no churn: every row added once, none removed */
  g_assert_cmpuint (total_added, ==, G_N_ELEMENTS (names));
  g_assert_cmpuint (total_removed, ==, 0);
  assert_same_names (f);
  g_array_set_size (f->changes, 0);

  g_assert_nonnull (test_find_domain (f->domains, "model-b", &position));
  dom = virDomainLookupByName (f->raw, "model-b");
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  WAIT_UNTIL (f->changes->len >= 1, TEST_TIMEOUT_MS);
  test_settle (200);
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (f->changes, Change, 0).position, ==, position);
  g_assert_cmpuint (g_array_index (f->changes, Change, 0).removed, ==, 1);
  g_assert_cmpuint (g_array_index (f->changes, Change, 0).added, ==, 0);
  assert_same_names (f);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_str_equal (names[i], "model-b"))
        continue;
      dom = virDomainLookupByName (f->raw, names[i]);
      g_assert_cmpint (virDomainUndefine (dom), ==, 0);
      virDomainFree (dom);
    }
  WAIT_UNTIL (g_list_model_get_n_items (f->domains) == n_before, TEST_TIMEOUT_MS);
  test_settle (200);
  assert_same_names (f);
}

/* Defined and started at once (as the New VM wizard does): the reading of
 * the new VM may be taken before the start, yet the row must end up
 * running. Repeated, because it depends on timing. */
static void
test_define_then_start_at_once (Fixture *f, gconstpointer data)
{
  for (int round = 0; round < 10; round++)
    {
      g_autofree char *name = g_strdup_printf ("model-quick-%d", round);
      g_autofree char *xml = g_strdup_printf (VM_XML ("%s"), name);
      virDomainPtr dom = virDomainDefineXML (f->raw, xml);
      VireoDomain *domain;

      g_assert_nonnull (dom);
      g_assert_cmpint (virDomainCreate (dom), ==, 0);
      WAIT_UNTIL ((domain = test_find_domain (f->domains, name, NULL)) != NULL, TEST_TIMEOUT_MS);
      WAIT_UNTIL (vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_RUNNING, TEST_TIMEOUT_MS);
      g_assert_cmpint (virDomainDestroy (dom), ==, 0);
      g_assert_cmpint (virDomainUndefine (dom), ==, 0);
      virDomainFree (dom);
      WAIT_UNTIL (test_find_domain (f->domains, name, NULL) == NULL, TEST_TIMEOUT_MS);
    }
  assert_same_names (f);
}

int
main (int argc, char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add ("/domain-model/define-start-destroy-undefine", Fixture, NULL, fixture_setup,
              test_define_start_destroy_undefine, fixture_teardown);
  g_test_add ("/domain-model/transient", Fixture, NULL, fixture_setup, test_transient,
              fixture_teardown);
  g_test_add ("/domain-model/many", Fixture, NULL, fixture_setup, test_many, fixture_teardown);
  g_test_add ("/domain-model/define-then-start-at-once", Fixture, NULL, fixture_setup,
              test_define_then_start_at_once, fixture_teardown);

  return g_test_run ();
}
