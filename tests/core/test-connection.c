/* test-connection.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening, closing and failing connections on libvirt's test driver: the
 * state a connection's section shows, and the VMs it lists.
 */
#define G_LOG_DOMAIN "vireo-test-connection"

#include "config.h"

#include "core-test-util.h"
#include "vireo-connection-private.h"
#include "vireo-host-caps.h"

/* three VMs in the three states a host file can give them */
static const char host_xml[] =
    "<node>\n"
    "  <cpu><mhz>2000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets>"
    "<cores>2</cores><threads>1</threads></cpu>\n"
    "  <memory>8388608</memory>\n"
    "  <domain type='test'>\n"
    "    <name>alpha</name>\n"
    "    <uuid>11111111-2222-3333-4444-555555555501</uuid>\n"
    "    <title>Alpha web server</title>\n"
    "    <memory unit='KiB'>2097152</memory>\n"
    "    <currentMemory unit='KiB'>1048576</currentMemory>\n"
    "    <vcpu>2</vcpu>\n"
    "    <os><type arch='x86_64'>hvm</type></os>\n"
    "  </domain>\n"
    "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
    "    <name>beta</name>\n"
    "    <uuid>11111111-2222-3333-4444-555555555502</uuid>\n"
    "    <test:runstate>3</test:runstate>\n"
    "    <description>Paused build box</description>\n"
    "    <memory unit='MiB'>512</memory>\n"
    "    <vcpu>1</vcpu>\n"
    "    <os><type arch='x86_64'>hvm</type></os>\n"
    "  </domain>\n"
    "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
    "    <name>gamma</name>\n"
    "    <uuid>11111111-2222-3333-4444-555555555503</uuid>\n"
    "    <test:runstate>5</test:runstate>\n"
    "    <memory unit='GiB'>4</memory>\n"
    "    <vcpu>4</vcpu>\n"
    "    <os><type arch='x86_64'>hvm</type></os>\n"
    "  </domain>\n"
    "</node>\n";

static void
record_state (VireoConnection *conn, GParamSpec *pspec, GArray *states)
{
  VireoConnectionState state = vireo_connection_get_state (conn);

  g_array_append_val (states, state);
}

/* Opens test:///<tmp>/vireo-host.xml with the three VMs above. */
static VireoConnection *
open_host_file (char **uri_out)
{
  g_autofree char *path = test_write_host_file ("vireo-host.xml", host_xml);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  g_autoptr (VireoConnection) conn = vireo_connection_new (uri);
  g_autoptr (GError) error = NULL;
  gboolean ok;

  ok = test_connection_open (conn, NULL, &error);
  test_remove_host_file (path); /* the driver has read it */
  g_assert_no_error (error);
  g_assert_true (ok);

  if (uri_out != NULL)
    *uri_out = g_steal_pointer (&uri);
  return g_steal_pointer (&conn);
}

static void
test_open_default (void)
{
  g_autoptr (VireoConnection) conn = vireo_connection_new ("test:///default");
  g_autoptr (GArray) states = g_array_new (FALSE, FALSE, sizeof (VireoConnectionState));
  g_autoptr (GError) error = NULL;
  GListModel *domains;
  VireoDomain *test;

  g_assert_cmpstr (vireo_connection_get_uri (conn), ==, "test:///default");
  g_assert_cmpstr (vireo_connection_get_label (conn), ==, "Test driver");
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_DISCONNECTED);
  g_assert_null (vireo_connection_get_error (conn));
  domains = vireo_connection_get_domains (conn);
  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 0);
  g_assert_true (g_list_model_get_item_type (domains) == VIREO_TYPE_DOMAIN);

  g_signal_connect (conn, "notify::state", G_CALLBACK (record_state), states);

  g_assert_true (test_connection_open (conn, NULL, &error));
  g_assert_no_error (error);

  /* the section says "connecting", then "connected" — nothing else */
  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (g_array_index (states, VireoConnectionState, 0), ==,
                   VIREO_CONNECTION_STATE_CONNECTING);
  g_assert_cmpint (g_array_index (states, VireoConnectionState, 1), ==,
                   VIREO_CONNECTION_STATE_CONNECTED);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_CONNECTED);
  g_assert_null (vireo_connection_get_error (conn));
  g_assert_false (vireo_connection_get_read_only (conn));
  g_assert_cmpuint (vireo_connection_get_reconnect_seconds (conn), ==, 0);
  g_assert_cmpstr (vireo_connection_get_label (conn), ==, "Test driver");
  g_assert_nonnull (vireo_connection_get_hostname (conn));
  g_assert_nonnull (vireo_connection_get_hypervisor (conn));

  /* the domain list is loaded before the open completes */
  domains = vireo_connection_get_domains (conn);
  test = test_find_domain (domains, "test", NULL);
  g_assert_nonnull (test);
  g_assert_cmpint (vireo_domain_get_state (test), ==, VIREO_DOMAIN_STATE_RUNNING);
  g_assert_true (vireo_domain_get_available (test));
  g_assert_false (vireo_domain_get_removed (test));
  g_assert_true (vireo_domain_get_persistent (test));
  g_assert_true (vireo_domain_get_connection (test) == conn);
  g_assert_cmpstr (vireo_domain_get_uuid (test), ==, "6695eb01-f6a4-8304-79aa-97f2502e193f");
  g_assert_true (vireo_connection_lookup_domain (conn, "6695eb01-f6a4-8304-79aa-97f2502e193f") ==
                 test);
  g_assert_null (vireo_connection_lookup_domain (conn, "00000000-0000-0000-0000-000000000000"));

  vireo_connection_close (conn);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_DISCONNECTED);
  g_signal_handlers_disconnect_by_func (conn, record_state, states);
}

static void
test_open_file (void)
{
  g_autofree char *uri = NULL;
  g_autoptr (VireoConnection) conn = open_host_file (&uri);
  GListModel *domains = vireo_connection_get_domains (conn);
  VireoDomain *alpha, *beta, *gamma;

  g_assert_cmpstr (vireo_connection_get_uri (conn), ==, uri);
  g_assert_cmpstr (vireo_connection_get_label (conn), ==, "Test driver: vireo-host.xml");

  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 3);
  alpha = test_find_domain (domains, "alpha", NULL);
  beta = test_find_domain (domains, "beta", NULL);
  gamma = test_find_domain (domains, "gamma", NULL);
  g_assert_nonnull (alpha);
  g_assert_nonnull (beta);
  g_assert_nonnull (gamma);

  g_assert_cmpint (vireo_domain_get_state (alpha), ==, VIREO_DOMAIN_STATE_RUNNING);
  g_assert_cmpint (vireo_domain_get_state (beta), ==, VIREO_DOMAIN_STATE_PAUSED);
  g_assert_cmpint (vireo_domain_get_state (gamma), ==, VIREO_DOMAIN_STATE_SHUTOFF);
  g_assert_cmpstr (vireo_domain_state_to_string (vireo_domain_get_state (alpha),
                                                 vireo_domain_get_has_managed_save (alpha)),
                   ==, "Running");
  g_assert_cmpstr (vireo_domain_state_to_string (vireo_domain_get_state (beta),
                                                 vireo_domain_get_has_managed_save (beta)),
                   ==, "Paused");
  g_assert_cmpstr (vireo_domain_state_to_string (vireo_domain_get_state (gamma),
                                                 vireo_domain_get_has_managed_save (gamma)),
                   ==, "Shut off");

  g_assert_cmpstr (vireo_domain_get_uuid (alpha), ==, "11111111-2222-3333-4444-555555555501");
  g_assert_cmpstr (vireo_domain_get_uuid (gamma), ==, "11111111-2222-3333-4444-555555555503");

  g_assert_cmpuint (vireo_domain_get_vcpus (alpha), ==, 2);
  g_assert_cmpuint (vireo_domain_get_vcpus (beta), ==, 1);
  g_assert_cmpuint (vireo_domain_get_vcpus (gamma), ==, 4);

  /* KiB */
  g_assert_cmpuint (vireo_domain_get_memory (alpha), ==, 1048576);
  g_assert_cmpuint (vireo_domain_get_max_memory (alpha), ==, 2097152);
  g_assert_cmpuint (vireo_domain_get_max_memory (beta), ==, 524288);
  g_assert_cmpuint (vireo_domain_get_memory (beta), ==, 524288);
  g_assert_cmpuint (vireo_domain_get_max_memory (gamma), ==, 4194304);

  g_assert_cmpstr (vireo_domain_get_title (alpha), ==, "Alpha web server");
  g_assert_cmpstr (vireo_domain_get_description (beta), ==, "Paused build box");
  g_assert_true (vireo_domain_get_title (gamma) == NULL || *vireo_domain_get_title (gamma) == '\0');

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (VireoDomain) d = g_list_model_get_item (domains, i);

      g_assert_true (vireo_domain_get_available (d));
      g_assert_false (vireo_domain_get_removed (d));
      g_assert_true (vireo_domain_get_persistent (d));
      g_assert_false (vireo_domain_get_has_managed_save (d));
      g_assert_cmpstr (vireo_domain_get_hypervisor (d), ==, "test");
    }

  vireo_connection_close (conn);
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
count_items_changed (GListModel *model, guint position, guint removed, guint added, guint *count)
{
  (*count)++;
}

static void
test_close (void)
{
  g_autoptr (VireoConnection) conn = open_host_file (NULL);
  GListModel *domains = vireo_connection_get_domains (conn);
  g_autoptr (GArray) states = g_array_new (FALSE, FALSE, sizeof (VireoConnectionState));
  guint n_changed = 0;
  guint n_available_notify = 0;

  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (VireoDomain) d = g_list_model_get_item (domains, i);
      g_signal_connect (d, "notify::available", G_CALLBACK (count_notify), &n_available_notify);
    }
  g_signal_connect (conn, "notify::state", G_CALLBACK (record_state), states);
  g_signal_connect (domains, "items-changed", G_CALLBACK (count_items_changed), &n_changed);

  vireo_connection_close (conn);
  WAIT_UNTIL (vireo_connection_get_state (conn) == VIREO_CONNECTION_STATE_DISCONNECTED,
              TEST_TIMEOUT_MS);
  g_assert_cmpuint (states->len, ==, 1);

  /* the rows stay, greyed out */
  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 3);
  g_assert_nonnull (test_find_domain (domains, "alpha", NULL));
  g_assert_nonnull (test_find_domain (domains, "beta", NULL));
  g_assert_nonnull (test_find_domain (domains, "gamma", NULL));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (VireoDomain) d = g_list_model_get_item (domains, i);

      WAIT_UNTIL (!vireo_domain_get_available (d), TEST_TIMEOUT_MS);
      g_assert_false (vireo_domain_get_removed (d));
    }
  g_assert_cmpuint (n_available_notify, >=, 3);

  /* a closed connection is not a lost one: it does not come back by itself */
  g_assert_cmpuint (vireo_connection_get_reconnect_seconds (conn), ==, 0);
  g_assert_null (vireo_connection_get_error (conn));
  test_settle (2500); /* longer than the default first reconnect delay (1 s) */
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_DISCONNECTED);
  g_assert_cmpuint (states->len, ==, 1);
  g_assert_cmpuint (vireo_connection_get_reconnect_seconds (conn), ==, 0);
  g_assert_cmpuint (n_changed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 3);

  g_signal_handlers_disconnect_by_func (conn, record_state, states);
  g_signal_handlers_disconnect_by_func (domains, count_items_changed, &n_changed);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (VireoDomain) d = g_list_model_get_item (domains, i);
      g_signal_handlers_disconnect_by_func (d, count_notify, &n_available_notify);
    }
}

/* Reopening a closed connection keeps the same VireoDomain objects. */
static void
test_reopen_keeps_objects (void)
{
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  GListModel *domains = vireo_connection_get_domains (conn);
  g_autoptr (VireoDomain) before = NULL;
  g_autoptr (GError) error = NULL;
  VireoDomain *after;

  before = g_object_ref (test_find_domain (domains, "test", NULL));
  vireo_connection_close (conn);
  WAIT_UNTIL (!vireo_domain_get_available (before), TEST_TIMEOUT_MS);

  g_assert_true (test_connection_open (conn, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_CONNECTED);
  after = test_find_domain (domains, "test", NULL);
  g_assert_true (after == before);
  WAIT_UNTIL (vireo_domain_get_available (before), TEST_TIMEOUT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 1);

  vireo_connection_close (conn);
}

static void
assert_failed_state (VireoConnection *conn, const GError *error)
{
  const GError *stored;

  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_DISCONNECTED);
  stored = vireo_connection_get_error (conn);
  g_assert_nonnull (stored);
  g_assert_true (stored->domain == error->domain);
  g_assert_cmpint (stored->code, ==, error->code);
  g_assert_cmpstr (stored->message, ==, error->message);
  g_assert_cmpuint (g_list_model_get_n_items (vireo_connection_get_domains (conn)), ==, 0);
}

static void
test_open_unknown_driver (void)
{
  g_autoptr (VireoConnection) conn = vireo_connection_new ("bogus:///x");
  g_autoptr (GError) error = NULL;
  g_autofree char *lower = NULL;
  const char *details;

  g_assert_false (test_connection_open (conn, NULL, &error));
  g_test_message ("message: %s", error->message);
  g_test_message ("details: %s", vireo_error_get_details (error));

  /* CORE-BUG-CHECK (unknown-driver): with no libvirtd running, libvirt answers
   * "Failed to connect socket to '/var/run/libvirt/libvirt-sock'", which must
   * not be reported as "the daemon is not running": the address is wrong,
   * whatever daemon runs. */
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI);
  lower = g_utf8_strdown (error->message, -1);
  g_assert_true (strstr (lower, "driver") != NULL || strstr (lower, "hypervisor") != NULL);
  g_assert_nonnull (strstr (lower, "bogus"));
  details = vireo_error_get_details (error);
  g_assert_nonnull (details);
  g_assert_cmpstr (details, !=, "");
  g_assert_cmpstr (details, !=, error->message);

  assert_failed_state (conn, error);
}

static void
test_open_missing_file (void)
{
  g_autoptr (VireoConnection) conn = vireo_connection_new ("test:///nonexistent/file.xml");
  g_autoptr (GError) error = NULL;

  g_assert_false (test_connection_open (conn, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("message: %s", error->message);
  g_test_message ("details: %s", vireo_error_get_details (error));
  g_assert_true (error->domain == VIREO_ERROR);
  g_assert_cmpint (error->code, !=, VIREO_ERROR_NO_DAEMON);
  g_assert_cmpint (error->code, !=, VIREO_ERROR_UNREACHABLE);
  /* the person is told which file */
  g_assert_nonnull (strstr (error->message, "/nonexistent/file.xml"));
  g_assert_nonnull (vireo_error_get_details (error));

  assert_failed_state (conn, error);
}

static void
test_open_cancelled (void)
{
  g_autoptr (VireoConnection) conn = vireo_connection_new ("test:///default");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;

  vireo_connection_open_async (conn, FALSE, cancellable, test_store_result, &slot);
  g_cancellable_cancel (cancellable);
  result = test_wait_result (&slot);
  g_assert_false (vireo_connection_open_finish (conn, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* a cancel is not a failure to show, and leaves nothing half-open */
  WAIT_UNTIL (vireo_connection_get_state (conn) == VIREO_CONNECTION_STATE_DISCONNECTED,
              TEST_TIMEOUT_MS);
  test_settle (200);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_DISCONNECTED);
  g_assert_cmpuint (vireo_connection_get_reconnect_seconds (conn), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (vireo_connection_get_domains (conn)), ==, 0);
  g_assert_null (vireo_connection_ref_handle (conn));

  /* and the connection can still be opened afterwards */
  g_clear_error (&error);
  g_assert_true (test_connection_open (conn, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (test_find_domain (vireo_connection_get_domains (conn), "test", NULL));
  vireo_connection_close (conn);
}

static void
test_open_precancelled (void)
{
  g_autoptr (VireoConnection) conn = vireo_connection_new ("test:///default");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (test_connection_open (conn, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  test_settle (100);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_DISCONNECTED);
}

/* A closed, unreferenced connection goes away (no reference cycle with its VMs). */
static void
test_no_leak (void)
{
  VireoConnection *conn = test_connection_new_open ("test:///default");
  GListModel *domains = vireo_connection_get_domains (conn);
  VireoDomain *test = test_find_domain (domains, "test", NULL);

  g_object_add_weak_pointer (G_OBJECT (conn), (gpointer *) &conn);
  g_object_add_weak_pointer (G_OBJECT (test), (gpointer *) &test);
  vireo_connection_close (conn);
  g_object_unref (conn);
  /* worker tasks may hold the connection for a moment */
  WAIT_UNTIL (conn == NULL, TEST_TIMEOUT_MS);
  WAIT_UNTIL (test == NULL, TEST_TIMEOUT_MS);
}

/* One CallbackData per open handle, freed when the handle is closed: the
 * close callback's reference leaked on drivers without close callbacks
 * (this one), one block per open. A VM that arrives by event while the
 * connection is open is read on the worker and added (its pending entry
 * leaked its key: LeakSanitizer shows it, see the README's sanitizer run). */
static void
test_callback_data_freed (void)
{
  virConnectPtr raw = test_raw_open ();
  VireoConnection *conn = vireo_connection_new ("test:///default");
  g_autoptr (GError) error = NULL;
  virDomainPtr dom;
  guint before;

  test_settle (100); /* handles of earlier tests still being closed */
  before = _vireo_connection_get_n_callback_data ();

  g_object_add_weak_pointer (G_OBJECT (conn), (gpointer *) &conn);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (test_connection_open (conn, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (_vireo_connection_get_n_callback_data (), ==, before + 1);
      vireo_connection_close (conn);
      /* the handle is closed on a worker: its event callbacks go there */
      WAIT_UNTIL (_vireo_connection_get_n_callback_data () == before, TEST_TIMEOUT_MS);
    }

  g_assert_true (test_connection_open (conn, NULL, &error));
  dom = virDomainDefineXML (raw, "<domain type='test'><name>arrives-by-event</name>"
                                 "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                 "<os><type arch='x86_64'>hvm</type></os></domain>");
  g_assert_nonnull (dom);
  WAIT_UNTIL (test_find_domain (vireo_connection_get_domains (conn), "arrives-by-event", NULL) !=
                  NULL,
              TEST_TIMEOUT_MS);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  WAIT_UNTIL (test_find_domain (vireo_connection_get_domains (conn), "arrives-by-event", NULL) ==
                  NULL,
              TEST_TIMEOUT_MS);
  virDomainFree (dom);

  vireo_connection_close (conn);
  g_object_unref (conn);
  WAIT_UNTIL (conn == NULL, TEST_TIMEOUT_MS);
  WAIT_UNTIL (_vireo_connection_get_n_callback_data () == before, TEST_TIMEOUT_MS);
  test_raw_close (raw);
}

/* -- virtual networks follow libvirt's events (issue 10, #17) ------------ */

static void
record_network (VireoConnection *conn, const char *name, GPtrArray *names)
{
  g_ptr_array_add (names, g_strdup (name != NULL ? name : "(any)"));
}

static gboolean
names_include (GPtrArray *names, const char *name)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

/* the network called @name as the connection reads it now: -1 when it is
 * not there, else whether it runs */
static int
network_state (VireoConnection *conn, const char *name)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (VireoHostCaps) caps = NULL;
  g_autoptr (GError) error = NULL;

  vireo_connection_get_host_caps_async (conn, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  caps = vireo_connection_get_host_caps_finish (conn, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < caps->networks->len; i++)
    {
      VireoNetworkFacts *net = g_ptr_array_index (caps->networks, i);

      if (g_str_equal (net->name, name))
        return net->active ? 1 : 0;
    }
  return -1;
}

/* A network defined, started, stopped and undefined on the host (here
 * through the connection's own handle) is announced each time by
 * "networks-changed" with its name, without anyone asking; the networks
 * read then are the host's. An open says "any network may have changed". */
static void
test_network_events (void)
{
  g_autoptr (VireoConnection) conn = vireo_connection_new ("test:///default");
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  virConnectPtr handle;
  virNetworkPtr net;

  g_signal_connect (conn, "networks-changed", G_CALLBACK (record_network), names);
  g_assert_true (test_connection_open (conn, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (names_include (names, "(any)"));
  g_ptr_array_set_size (names, 0);

  handle = vireo_connection_ref_handle (conn);
  g_assert_nonnull (handle);
  g_assert_cmpint (network_state (conn, "evnet"), ==, -1);

  net = virNetworkDefineXML (handle, "<network><name>evnet</name><bridge name='evbr0'/></network>");
  g_assert_nonnull (net);
  WAIT_UNTIL (names_include (names, "evnet"), TEST_TIMEOUT_MS);
  g_assert_cmpint (network_state (conn, "evnet"), ==, 0);
  g_ptr_array_set_size (names, 0);

  g_assert_cmpint (virNetworkCreate (net), ==, 0);
  WAIT_UNTIL (names_include (names, "evnet"), TEST_TIMEOUT_MS);
  g_assert_cmpint (network_state (conn, "evnet"), ==, 1);
  g_ptr_array_set_size (names, 0);

  g_assert_cmpint (virNetworkDestroy (net), ==, 0);
  WAIT_UNTIL (names_include (names, "evnet"), TEST_TIMEOUT_MS);
  g_assert_cmpint (network_state (conn, "evnet"), ==, 0);
  g_ptr_array_set_size (names, 0);

  g_assert_cmpint (virNetworkUndefine (net), ==, 0);
  WAIT_UNTIL (names_include (names, "evnet"), TEST_TIMEOUT_MS);
  g_assert_cmpint (network_state (conn, "evnet"), ==, -1);
  virNetworkFree (net);
  virConnectClose (handle);

  /* closed: no more news, and the handle's registration is dropped */
  vireo_connection_close (conn);
  g_signal_handlers_disconnect_by_func (conn, record_network, names);
}

/* a host that asks for a user name and a password: the open waits for them */
static const char auth_host_xml[] = "<node>\n"
                                    "  <auth><user password='secret'>alice</user></auth>\n"
                                    "</node>\n";

typedef struct
{
  GPtrArray *requests; /* VireoAuthRequest not answered yet */
  gboolean answer;     /* answer at once */
} AuthState;

static void
answer_request (VireoAuthRequest *request)
{
  for (guint i = 0; i < vireo_auth_request_get_n_fields (request); i++)
    vireo_auth_request_set_field_value (
        request, i,
        vireo_auth_request_get_field_kind (request, i) == VIREO_AUTH_FIELD_USERNAME ? "alice"
                                                                                    : "secret");
  vireo_auth_request_respond (request, TRUE);
}

static gboolean
on_authenticate (VireoConnection *conn, VireoAuthRequest *request, AuthState *state)
{
  if (state->answer)
    answer_request (request);
  else
    g_ptr_array_add (state->requests, g_object_ref (request));
  return TRUE;
}

/* Two callers wait for one open; one cancels. GIO's contract: only that
 * caller gets G_IO_ERROR_CANCELLED, and at once (the worker is still
 * waiting for the password); the other gets the connection, which comes
 * back by itself when lost. */
static void
test_cancel_one_waiter (void)
{
  g_autofree char *path = test_write_host_file ("auth-host.xml", auth_host_xml);
  g_autofree char *uri = g_strdup_printf ("test://%s", path);
  g_autoptr (VireoConnection) conn = vireo_connection_new (uri);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GPtrArray) requests = g_ptr_array_new_with_free_func (g_object_unref);
  AuthState state = { requests, FALSE };
  g_autoptr (GAsyncResult) result_a = NULL;
  g_autoptr (GAsyncResult) result_b = NULL;
  g_autoptr (GError) error_a = NULL;
  g_autoptr (GError) error_b = NULL;
  GAsyncResult *slot_a = NULL;
  GAsyncResult *slot_b = NULL;
  gint64 start;

  g_signal_connect (conn, "authenticate", G_CALLBACK (on_authenticate), &state);
  vireo_connection_open_async (conn, FALSE, cancellable, test_store_result, &slot_a);
  vireo_connection_open_async (conn, FALSE, NULL, test_store_result, &slot_b);
  WAIT_UNTIL (requests->len > 0, TEST_TIMEOUT_MS);

  start = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  result_a = test_wait_result (&slot_a);
  g_test_message ("the cancelled caller returned after %" G_GINT64_FORMAT " us",
                  g_get_monotonic_time () - start);
  /* at once: the worker still waits for the password nobody gave (it waits for as long as it
   * takes), and the other caller has no answer yet */
  g_assert_null (slot_b);
  g_assert_false (vireo_connection_open_finish (conn, result_a, &error_a));
  g_assert_error (error_a, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* the open goes on for the other caller */
  test_settle (50);
  g_assert_null (slot_b);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_CONNECTING);

  state.answer = TRUE;
  answer_request (g_ptr_array_index (requests, 0));
  result_b = test_wait_result (&slot_b);
  test_remove_host_file (path);
  g_assert_true (vireo_connection_open_finish (conn, result_b, &error_b));
  g_assert_no_error (error_b);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_CONNECTED);
  g_assert_null (vireo_connection_get_error (conn));
  g_assert_true (_vireo_connection_get_reconnects (conn));

  vireo_connection_close (conn);
  g_signal_handlers_disconnect_by_func (conn, on_authenticate, &state);
}

/* The only caller cancels while the worker waits for libvirt: the caller
 * gets G_IO_ERROR_CANCELLED at once, and the open stops. */
static void
test_cancel_only_waiter_prompt (void)
{
  g_autofree char *path = test_write_host_file ("auth-host.xml", auth_host_xml);
  g_autofree char *uri = g_strdup_printf ("test://%s", path);
  g_autoptr (VireoConnection) conn = vireo_connection_new (uri);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GPtrArray) requests = g_ptr_array_new_with_free_func (g_object_unref);
  AuthState state = { requests, FALSE };
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;
  gint64 start;

  g_signal_connect (conn, "authenticate", G_CALLBACK (on_authenticate), &state);
  vireo_connection_open_async (conn, FALSE, cancellable, test_store_result, &slot);
  WAIT_UNTIL (requests->len > 0, TEST_TIMEOUT_MS);
  test_remove_host_file (path);

  start = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  /* the worker waits for the password for as long as it takes: an answer that waited for it
   * would never come (test_wait_result fails) */
  result = test_wait_result (&slot);
  g_test_message ("the cancelled caller returned after %" G_GINT64_FORMAT " us",
                  g_get_monotonic_time () - start);
  g_assert_false (vireo_connection_open_finish (conn, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_DISCONNECTED);
  g_assert_false (_vireo_connection_get_reconnects (conn));
  g_assert_null (vireo_connection_get_error (conn));
  test_settle (200);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_DISCONNECTED);
  g_assert_null (vireo_connection_ref_handle (conn));
  g_signal_handlers_disconnect_by_func (conn, on_authenticate, &state);
}

int
main (int argc, char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add_func ("/connection/callback-data-freed", test_callback_data_freed);
  g_test_add_func ("/connection/open-default", test_open_default);
  g_test_add_func ("/connection/open-file", test_open_file);
  g_test_add_func ("/connection/close", test_close);
  g_test_add_func ("/connection/reopen-keeps-objects", test_reopen_keeps_objects);
  g_test_add_func ("/connection/open-missing-file", test_open_missing_file);
  g_test_add_func ("/connection/open-cancelled", test_open_cancelled);
  g_test_add_func ("/connection/open-precancelled", test_open_precancelled);
  g_test_add_func ("/connection/no-leak", test_no_leak);
  g_test_add_func ("/connection/cancel-one-waiter", test_cancel_one_waiter);
  g_test_add_func ("/connection/cancel-only-waiter-prompt", test_cancel_only_waiter_prompt);
  g_test_add_func ("/connection/network-events", test_network_events);
  /* last: it fails while the core reports an unknown driver as "daemon not
   * running" (see CORE-BUG-CHECK), and a failure stops the program */
  g_test_add_func ("/connection/open-unknown-driver", test_open_unknown_driver);

  return g_test_run ();
}
