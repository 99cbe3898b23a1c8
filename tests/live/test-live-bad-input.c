/* test-live-bad-input.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bad input against real daemons: libvirtd not running, an unreachable host,
 * an unknown URI scheme, a wrong password (SASL, when harness.sh could start
 * a SASL libvirtd), and a VM undefined by virsh while Vireo shows it.  Each
 * must give a clear message and no crash.
 */
#define G_LOG_DOMAIN "vireo-test-live"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live-test-util.h"

static gboolean
message_is_sentence (const GError *error)
{
  /* a sentence, not a bare libvirt dump */
  return error->message != NULL && strlen (error->message) > 30 &&
         strstr (error->message, "virNetSocket") == NULL;
}

static void
assert_failed_connection (VireoConnection *conn,
                          const GError    *error)
{
  const GError *stored = vireo_connection_get_error (conn);

  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_DISCONNECTED);
  /* the connection keeps the reason for its section in the window */
  g_assert_nonnull (stored);
  g_assert_cmpint (stored->code, ==, error->code);
  g_assert_cmpuint (g_list_model_get_n_items (vireo_connection_get_domains (conn)), ==, 0);
}

static void
test_no_daemon (void)
{
  g_autoptr(VireoConnection) conn =
    vireo_connection_new ("qemu:///system?socket=/nonexistent/dir/libvirt-sock");
  g_autoptr(GError) error = NULL;

  g_assert_false (live_open (conn, 30000, &error));
  g_test_message ("message: %s", error->message);
  g_test_message ("details: %s", vireo_error_get_details (error) ?: "(none)");
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_NO_DAEMON);
  g_assert_true (message_is_sentence (error));
  /* says what is wrong and what to do */
  g_assert_nonnull (strstr (error->message, "not running"));
  g_assert_nonnull (strstr (error->message, "libvirtd"));
  g_assert_nonnull (vireo_error_get_details (error));
  assert_failed_connection (conn, error);
  vireo_connection_close (conn);
}

static void
test_unreachable (void)
{
  /* nothing listens on port 1 of the loopback address */
  g_autoptr(VireoConnection) conn = vireo_connection_new ("qemu+tcp://127.0.0.1:1/system");
  g_autoptr(GError) error = NULL;
  gint64 t0 = live_now_ms ();
  gint64 took;

  g_assert_false (live_open (conn, 30000, &error));
  took = live_now_ms () - t0;
  g_test_message ("message: %s", error->message);
  g_test_message ("details: %s", vireo_error_get_details (error) ?: "(none)");
  g_test_message ("failed after %" G_GINT64_FORMAT " ms", took);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_UNREACHABLE);
  g_assert_true (message_is_sentence (error));
  g_assert_cmpint (took, <, 5000);
  assert_failed_connection (conn, error);
  vireo_connection_close (conn);
}

static void
test_unknown_scheme (void)
{
  g_autoptr(VireoConnection) conn = vireo_connection_new ("bogus+frob://nowhere/system");
  g_autoptr(GError) error = NULL;

  g_assert_false (live_open (conn, 30000, &error));
  g_test_message ("message: %s", error->message);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI);
  g_assert_true (message_is_sentence (error));
  vireo_connection_close (conn);
}

/* -- SASL ------------------------------------------------------------------- */

typedef struct
{
  const char *user;
  const char *password;
  guint       asked;
} AuthAnswer;

static gboolean
on_authenticate (VireoConnection  *conn,
                 VireoAuthRequest *req,
                 AuthAnswer       *answer)
{
  guint n = vireo_auth_request_get_n_fields (req);

  answer->asked++;
  g_test_message ("authenticate: attempt %u, %u field(s)",
                  vireo_auth_request_get_attempt (req), n);
  for (guint i = 0; i < n; i++)
    {
      switch (vireo_auth_request_get_field_kind (req, i))
        {
        case VIREO_AUTH_FIELD_USERNAME:
          vireo_auth_request_set_field_value (req, i, answer->user);
          break;
        case VIREO_AUTH_FIELD_PASSWORD:
          vireo_auth_request_set_field_value (req, i, answer->password);
          break;
        case VIREO_AUTH_FIELD_QUESTION:
        case VIREO_AUTH_FIELD_OTHER:
        default:
          g_test_message ("unexpected question: %s", vireo_auth_request_get_field_prompt (req, i));
          break;
        }
    }
  /* answer later, from the main loop, as a dialog would */
  vireo_auth_request_respond (req, TRUE);
  return TRUE;
}

static void
sasl_connect (const char *password,
              GError    **error,
              guint      *asked)
{
  g_autoptr(VireoConnection) conn = vireo_connection_new (g_getenv ("VIREO_LIVE_SASL_URI"));
  AuthAnswer answer = { g_getenv ("VIREO_LIVE_SASL_USER"), password, 0 };

  g_signal_connect (conn, "authenticate", G_CALLBACK (on_authenticate), &answer);
  live_open (conn, 60000, error);
  *asked = answer.asked;
  if (*error == NULL)
    {
      g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_CONNECTED);
      g_test_message ("connected; %u VM(s) listed",
                      g_list_model_get_n_items (vireo_connection_get_domains (conn)));
    }
  else
    {
      assert_failed_connection (conn, *error);
    }
  vireo_connection_close (conn);
  g_signal_handlers_disconnect_by_data (conn, &answer);
}

static void
test_wrong_password (void)
{
  g_autoptr(GError) error = NULL;
  guint asked = 0;

  if (g_getenv ("VIREO_LIVE_SASL_URI") == NULL)
    {
      g_test_skip (g_getenv ("VIREO_LIVE_SASL_SKIP") ?: "no SASL libvirtd (set up by harness.sh --sasl)");
      return;
    }

  sasl_connect ("not-the-password", &error, &asked);
  g_assert_nonnull (error);
  g_test_message ("message: %s", error->message);
  g_test_message ("details: %s", vireo_error_get_details (error) ?: "(none)");
  g_assert_cmpuint (asked, >=, 1);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_AUTH_FAILED);
  g_assert_true (message_is_sentence (error));

  g_clear_error (&error);
  sasl_connect (g_getenv ("VIREO_LIVE_SASL_PASSWORD"), &error, &asked);
  g_assert_no_error (error);
}

/* -- a VM undefined behind Vireo's back ---------------------------------------- */

static gboolean
removed_and_gone (gpointer data)
{
  VireoDomain *domain = ((gpointer *) data)[0];
  VireoConnection *conn = ((gpointer *) data)[1];

  return vireo_domain_get_removed (domain) &&
         !live_model_contains (vireo_connection_get_domains (conn), domain);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_undefined_by_virsh (void)
{
  g_autofree char *name = g_strdup_printf ("vireo-live-%d-gone", (int) getpid ());
  g_autofree char *xml = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(VireoConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoDomain) domain = NULL;
  const char *argv[] = { "virsh", "-q", "-c", "qemu:///system", "undefine", name, NULL };
  gpointer data[2];
  guint removed_notifies = 0;
  virConnectPtr raw;
  virDomainPtr dom;
  int status = -1;

  raw = virConnectOpen ("qemu:///system");
  if (raw == NULL)
    {
      g_test_skip ("qemu:///system is not reachable (run through tests/live/harness.sh)");
      return;
    }
  xml = g_strdup_printf ("<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory>"
                         "<os><type arch='x86_64'>hvm</type></os></domain>", name);
  dom = virDomainDefineXML (raw, xml);
  g_assert_nonnull (dom);
  virDomainFree (dom);

  conn = vireo_connection_new ("qemu:///system");
  live_open (conn, 60000, &error);
  g_assert_no_error (error);
  domain = live_find_domain (conn, name);
  g_assert_nonnull (domain);
  g_object_ref (domain);
  g_assert_false (vireo_domain_get_removed (domain));
  g_signal_connect (domain, "notify::removed", G_CALLBACK (count_notify), &removed_notifies);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("virsh undefine: %s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  data[0] = domain;
  data[1] = conn;
  g_assert_true (live_wait_until (removed_and_gone, data, 10000));
  g_assert_cmpuint (removed_notifies, ==, 1);
  g_assert_false (vireo_domain_get_available (domain));
  /* the name and the rest stay readable for a window that still shows it */
  g_assert_cmpstr (vireo_domain_get_name (domain), ==, name);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_CONNECTED);
  g_signal_handlers_disconnect_by_data (domain, &removed_notifies);

  /* an action on it now is a sentence too, not a crash */
  g_assert_false (live_action (domain, VIREO_DOMAIN_ACTION_RUN, &error));
  g_test_message ("run a removed VM: %s", error->message);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND);

  vireo_connection_close (conn);
  /* in case the test failed before virsh ran */
  dom = virDomainLookupByName (raw, name);
  if (dom != NULL)
    {
      virDomainUndefine (dom);
      virDomainFree (dom);
    }
  virResetLastError ();
  virConnectClose (raw);
}

int
main (int   argc,
      char *argv[])
{
  live_test_init (&argc, &argv);
  vireo_core_init ();

  g_test_add_func ("/live/bad-input/no-daemon", test_no_daemon);
  g_test_add_func ("/live/bad-input/unreachable", test_unreachable);
  g_test_add_func ("/live/bad-input/unknown-scheme", test_unknown_scheme);
  g_test_add_func ("/live/bad-input/wrong-password", test_wrong_password);
  g_test_add_func ("/live/bad-input/undefined-by-virsh", test_undefined_by_virsh);

  return g_test_run ();
}
