/* test-domain-names.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bad input: a VM whose name and title hold markup characters and
 * non-ASCII text keeps exactly that text in the core (the UI shows it
 * literally), whether it is listed at open or arrives by an event.
 */
#define G_LOG_DOMAIN "vireo-test-domain-names"

#include "config.h"

#include "core-test-util.h"

/* the raw name a person typed: <b>&amp;"'Ωμέγα-ünï */
#define ODD_NAME "<b>&amp;\"'\316\251\316\274\316\255\316\263\316\261-\303\274n\303\257"
#define ODD_TITLE "<i>Title</i> & <u>\"more\"</u> \342\200\224 \346\227\245\346\234\254"

static char *
domain_xml (const char *name, const char *title, gboolean in_node)
{
  /* the name is XML-escaped for libvirt, never pasted in raw */
  g_autofree char *name_esc = g_markup_escape_text (name, -1);
  g_autofree char *title_esc = g_markup_escape_text (title, -1);

  return g_strdup_printf ("<domain type='test'%s>"
                          "<name>%s</name><title>%s</title>"
                          "%s"
                          "<memory unit='MiB'>128</memory><vcpu>1</vcpu>"
                          "<os><type arch='x86_64'>hvm</type></os></domain>",
                          in_node ? " xmlns:test='http://libvirt.org/schemas/domain/test/1.0'" : "",
                          name_esc, title_esc, in_node ? "<test:runstate>5</test:runstate>" : "");
}

static void
assert_odd_domain (VireoDomain *domain)
{
  g_assert_nonnull (domain);
  g_assert_true (g_utf8_validate (vireo_domain_get_name (domain), -1, NULL));
  g_assert_cmpstr (vireo_domain_get_name (domain), ==, ODD_NAME);
  g_assert_cmpstr (vireo_domain_get_title (domain), ==, ODD_TITLE);
}

/* defined through another connection while Vireo watches (define event) */
static void
test_name_by_event (void)
{
  virConnectPtr raw = test_raw_open ();
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  GListModel *domains = vireo_connection_get_domains (conn);
  g_autofree char *xml = domain_xml (ODD_NAME, ODD_TITLE, FALSE);
  virDomainPtr dom;
  VireoDomain *domain;

  g_assert_nonnull (raw);
  dom = virDomainDefineXML (raw, xml);
  g_assert_nonnull (dom);
  g_assert_cmpstr (virDomainGetName (dom), ==, ODD_NAME); /* libvirt agrees */

  WAIT_UNTIL (g_list_model_get_n_items (domains) == 2, TEST_TIMEOUT_MS);
  domain = test_find_domain (domains, ODD_NAME, NULL);
  assert_odd_domain (domain);
  /* title arrives with the definition, not only after a refresh */
  WAIT_UNTIL (g_strcmp0 (vireo_domain_get_title (domain), ODD_TITLE) == 0, TEST_TIMEOUT_MS);

  /* and the lifecycle works on it (the name goes through libvirt unharmed) */
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (test_domain_action (domain, VIREO_DOMAIN_ACTION_RUN, &error));
    g_assert_no_error (error);
    g_assert_cmpint (test_libvirt_state (raw, ODD_NAME), ==, VIR_DOMAIN_RUNNING);
    WAIT_UNTIL (vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_RUNNING, TEST_TIMEOUT_MS);

    /* an error about it names it literally */
    g_assert_false (test_domain_action (domain, VIREO_DOMAIN_ACTION_RESUME, &error));
    g_assert_nonnull (error);
    g_test_message ("error: %s", error->message);
    g_assert_nonnull (strstr (error->message, ODD_NAME));
  }

  virDomainDestroy (dom);
  virDomainUndefine (dom);
  virDomainFree (dom);
  WAIT_UNTIL (test_find_domain (domains, ODD_NAME, NULL) == NULL, TEST_TIMEOUT_MS);
  vireo_connection_close (conn);
  test_raw_close (raw);
}

/* listed when the connection opens (a host file) */
static void
test_name_at_open (void)
{
  g_autofree char *dom_xml = domain_xml (ODD_NAME, ODD_TITLE, TRUE);
  g_autofree char *node = g_strdup_printf ("<node>%s</node>", dom_xml);
  g_autofree char *path = test_write_host_file ("odd-names.xml", node);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  g_autoptr (VireoConnection) conn = vireo_connection_new (uri);
  g_autoptr (GError) error = NULL;
  gboolean ok;

  ok = test_connection_open (conn, NULL, &error);
  test_remove_host_file (path);
  g_assert_no_error (error);
  g_assert_true (ok);

  g_assert_cmpuint (g_list_model_get_n_items (vireo_connection_get_domains (conn)), ==, 1);
  assert_odd_domain (test_find_domain (vireo_connection_get_domains (conn), ODD_NAME, NULL));
  vireo_connection_close (conn);
}

int
main (int argc, char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add_func ("/domain-names/by-event", test_name_by_event);
  g_test_add_func ("/domain-names/at-open", test_name_at_open);

  return g_test_run ();
}
