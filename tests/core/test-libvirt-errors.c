/* test-libvirt-errors.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When libvirt refuses, the sentence a person reads says why: libvirt's
 * error is read before any other libvirt call (virDomainGetName(),
 * virStreamFree(), …) resets it, so no failure reads "the reason is
 * unknown". libvirt's in-process test driver refuses consoles and displays
 * ("not supported"), and a VM undefined behind Vireo's back is "not found".
 */
#define G_LOG_DOMAIN "vireo-test-libvirt-errors"

#include "config.h"

#include "core-test-util.h"

#define VM_NAME "errors-vm"

static const char vm_xml[] = "<domain type='test'><name>" VM_NAME "</name>"
                             "<memory unit='MiB'>256</memory><vcpu>1</vcpu>"
                             "<os><type arch='x86_64'>hvm</type></os></domain>";

/* libvirt's own message when @call fails on the raw side */
static char *
raw_message (virConnectPtr raw, const char *call)
{
  virDomainPtr dom = virDomainLookupByName (raw, "test");
  char *message;

  g_assert_nonnull (dom);
  if (g_str_equal (call, "graphics"))
    g_assert_cmpint (virDomainOpenGraphicsFD (dom, 0, 0), <, 0);
  else
    {
      virStreamPtr stream = virStreamNew (raw, VIR_STREAM_NONBLOCK);

      g_assert_cmpint (virDomainOpenConsole (dom, NULL, stream, VIR_DOMAIN_CONSOLE_FORCE), <, 0);
      message = g_strdup (virGetLastErrorMessage ());
      virStreamFree (stream);
      virDomainFree (dom);
      return message;
    }
  message = g_strdup (virGetLastErrorMessage ());
  virDomainFree (dom);
  return message;
}

/* @error says libvirt's reason: ours in words, libvirt's under the expander */
static void
assert_reason (const GError *error, const char *name, int libvirt_code, const char *libvirt_message)
{
  g_assert_nonnull (error);
  g_test_message ("%s  [details: %s]", error->message, vireo_error_get_details (error));
  g_assert_true (error->domain == VIREO_ERROR);
  g_assert_null (strstr (error->message, "unknown"));
  g_assert_nonnull (strstr (error->message, name));
  g_assert_cmpint (vireo_error_get_libvirt_code (error), ==, libvirt_code);
  g_assert_nonnull (vireo_error_get_details (error));
  g_assert_nonnull (strstr (vireo_error_get_details (error), libvirt_message));
}

static void
test_graphics_fd (void)
{
  virConnectPtr raw = test_raw_open ();
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  VireoDomain *domain = test_find_domain (vireo_connection_get_domains (conn), "test", NULL);
  g_autofree char *expected = raw_message (raw, "graphics");
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (domain);
  vireo_domain_open_graphics_fd_async (domain, 0, 0, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_cmpint (vireo_domain_open_graphics_fd_finish (domain, result, &error), <, 0);
  assert_reason (error, "test", VIR_ERR_NO_SUPPORT, expected);
  g_assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED));

  vireo_connection_close (conn);
  test_raw_close (raw);
}

/* a refusal that will not change is not tried again (it was, four times,
 * 750 ms, when the error had been reset before it was looked at) */
static void
test_serial_console (void)
{
  virConnectPtr raw = test_raw_open ();
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  VireoDomain *domain = test_find_domain (vireo_connection_get_domains (conn), "test", NULL);
  g_autoptr (VireoSerialSession) session = NULL;
  g_autofree char *expected = raw_message (raw, "console");
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  guint attempts;

  g_assert_nonnull (domain);
  session = vireo_serial_session_new (domain, NULL);
  attempts = _vireo_serial_session_get_open_attempts ();
  vireo_serial_session_open_async (session, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_false (vireo_serial_session_open_finish (session, result, &error));
  /* a refusal that will not change is not tried again */
  g_assert_cmpuint (_vireo_serial_session_get_open_attempts () - attempts, ==, 1);
  assert_reason (error, "test", VIR_ERR_NO_SUPPORT, expected);
  g_assert_false (vireo_serial_session_get_is_open (session));

  vireo_connection_close (conn);
  test_raw_close (raw);
}

/* a VM undefined behind Vireo's back, before its event arrived: reading
 * its XML or its consoles says it no longer exists */
static void
test_vanished (void)
{
  virConnectPtr raw = test_raw_open ();
  g_autoptr (VireoConnection) conn = test_connection_new_open ("test:///default");
  GListModel *domains = vireo_connection_get_domains (conn);
  virDomainPtr dom = virDomainDefineXML (raw, vm_xml);
  g_autoptr (VireoDomain) domain = NULL;
  GAsyncResult *xml_slot = NULL;
  GAsyncResult *consoles_slot = NULL;
  g_autoptr (GAsyncResult) xml_result = NULL;
  g_autoptr (GAsyncResult) consoles_result = NULL;
  g_autoptr (GError) xml_error = NULL;
  g_autoptr (GError) consoles_error = NULL;
  g_autofree char *xml = NULL;
  g_autoptr (GPtrArray) consoles = NULL;

  g_assert_nonnull (dom);
  WAIT_UNTIL (test_find_domain (domains, VM_NAME, NULL) != NULL, TEST_TIMEOUT_MS);
  domain = g_object_ref (test_find_domain (domains, VM_NAME, NULL));

  /* no main-context iteration in between: Vireo has not heard of it yet */
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  vireo_domain_get_xml_async (domain, NULL, test_store_result, &xml_slot);
  vireo_domain_get_consoles_async (domain, NULL, test_store_result, &consoles_slot);

  xml_result = test_wait_result (&xml_slot);
  xml = vireo_domain_get_xml_finish (domain, xml_result, &xml_error);
  g_assert_null (xml);
  assert_reason (xml_error, VM_NAME, VIR_ERR_NO_DOMAIN, "Domain not found");
  g_assert_true (g_error_matches (xml_error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND));

  consoles_result = test_wait_result (&consoles_slot);
  consoles = vireo_domain_get_consoles_finish (domain, consoles_result, &consoles_error);
  g_assert_null (consoles);
  assert_reason (consoles_error, VM_NAME, VIR_ERR_NO_DOMAIN, "Domain not found");

  WAIT_UNTIL (vireo_domain_get_removed (domain), TEST_TIMEOUT_MS);
  virDomainFree (dom);
  vireo_connection_close (conn);
  test_raw_close (raw);
}

int
main (int argc, char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add_func ("/libvirt-errors/graphics-fd", test_graphics_fd);
  g_test_add_func ("/libvirt-errors/serial-console", test_serial_console);
  g_test_add_func ("/libvirt-errors/vanished", test_vanished);

  return g_test_run ();
}
