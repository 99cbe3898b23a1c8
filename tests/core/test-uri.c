/* test-uri.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The URIs the Add Connection dialog builds, and the labels a connection's
 * section shows for them.
 */
#define G_LOG_DOMAIN "vireo-test-uri"

#include "config.h"

#include "core-test-util.h"

typedef struct
{
  VireoHypervisor hypervisor;
  VireoTransport transport;
  const char *user;
  const char *host;
  guint port;
  const char *expected;
} BuildCase;

#define H "host2.example.com"

static const BuildCase build_cases[] = {
  /* local: user, host and port are ignored */
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_LOCAL, NULL, NULL, 0, "qemu:///system" },
  { VIREO_HYPERVISOR_QEMU_SESSION, VIREO_TRANSPORT_LOCAL, NULL, NULL, 0, "qemu:///session" },
  { VIREO_HYPERVISOR_XEN, VIREO_TRANSPORT_LOCAL, NULL, NULL, 0, "xen:///system" },
  { VIREO_HYPERVISOR_TEST, VIREO_TRANSPORT_LOCAL, NULL, NULL, 0, "test:///default" },
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_LOCAL, "alice", H, 2222, "qemu:///system" },
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_LOCAL, "", "", 0, "qemu:///system" },

  /* QEMU/KVM system */
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_SSH, "alice", H, 0,
    "qemu+ssh://alice@" H "/system" },
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_SSH, "alice", H, 2222,
    "qemu+ssh://alice@" H ":2222/system" },
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_TLS, "alice", H, 0,
    "qemu+tls://alice@" H "/system" },
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_TLS, "alice", H, 2222,
    "qemu+tls://alice@" H ":2222/system" },
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_TCP, "alice", H, 0,
    "qemu+tcp://alice@" H "/system" },
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_TCP, "alice", H, 2222,
    "qemu+tcp://alice@" H ":2222/system" },

  /* QEMU/KVM user session */
  { VIREO_HYPERVISOR_QEMU_SESSION, VIREO_TRANSPORT_SSH, "alice", H, 0,
    "qemu+ssh://alice@" H "/session" },
  { VIREO_HYPERVISOR_QEMU_SESSION, VIREO_TRANSPORT_SSH, "alice", H, 2222,
    "qemu+ssh://alice@" H ":2222/session" },
  { VIREO_HYPERVISOR_QEMU_SESSION, VIREO_TRANSPORT_TLS, "alice", H, 0,
    "qemu+tls://alice@" H "/session" },
  { VIREO_HYPERVISOR_QEMU_SESSION, VIREO_TRANSPORT_TLS, "alice", H, 2222,
    "qemu+tls://alice@" H ":2222/session" },
  { VIREO_HYPERVISOR_QEMU_SESSION, VIREO_TRANSPORT_TCP, "alice", H, 0,
    "qemu+tcp://alice@" H "/session" },
  { VIREO_HYPERVISOR_QEMU_SESSION, VIREO_TRANSPORT_TCP, "alice", H, 2222,
    "qemu+tcp://alice@" H ":2222/session" },

  /* Xen */
  { VIREO_HYPERVISOR_XEN, VIREO_TRANSPORT_SSH, "alice", H, 0, "xen+ssh://alice@" H "/system" },
  { VIREO_HYPERVISOR_XEN, VIREO_TRANSPORT_SSH, "alice", H, 2222,
    "xen+ssh://alice@" H ":2222/system" },
  { VIREO_HYPERVISOR_XEN, VIREO_TRANSPORT_TLS, "alice", H, 0, "xen+tls://alice@" H "/system" },
  { VIREO_HYPERVISOR_XEN, VIREO_TRANSPORT_TLS, "alice", H, 2222,
    "xen+tls://alice@" H ":2222/system" },
  { VIREO_HYPERVISOR_XEN, VIREO_TRANSPORT_TCP, "alice", H, 0, "xen+tcp://alice@" H "/system" },
  { VIREO_HYPERVISOR_XEN, VIREO_TRANSPORT_TCP, "alice", H, 2222,
    "xen+tcp://alice@" H ":2222/system" },

  /* test driver */
  { VIREO_HYPERVISOR_TEST, VIREO_TRANSPORT_SSH, "alice", H, 0, "test+ssh://alice@" H "/default" },
  { VIREO_HYPERVISOR_TEST, VIREO_TRANSPORT_SSH, "alice", H, 2222,
    "test+ssh://alice@" H ":2222/default" },
  { VIREO_HYPERVISOR_TEST, VIREO_TRANSPORT_TLS, "alice", H, 0, "test+tls://alice@" H "/default" },
  { VIREO_HYPERVISOR_TEST, VIREO_TRANSPORT_TLS, "alice", H, 2222,
    "test+tls://alice@" H ":2222/default" },
  { VIREO_HYPERVISOR_TEST, VIREO_TRANSPORT_TCP, "alice", H, 0, "test+tcp://alice@" H "/default" },
  { VIREO_HYPERVISOR_TEST, VIREO_TRANSPORT_TCP, "alice", H, 2222,
    "test+tcp://alice@" H ":2222/default" },

  /* no user: no "@" */
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_SSH, NULL, H, 0, "qemu+ssh://" H "/system" },
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_TCP, "", "10.0.0.2", 0,
    "qemu+tcp://10.0.0.2/system" },

  /* IPv6 literals get brackets */
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_TCP, NULL, "::1", 0, "qemu+tcp://[::1]/system" },
  { VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_SSH, "alice", "fd00::2", 2222,
    "qemu+ssh://alice@[fd00::2]:2222/system" },
};

static void
test_uri_build (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (build_cases); i++)
    {
      const BuildCase *c = &build_cases[i];
      g_autoptr (GError) error = NULL;
      g_autofree char *uri = NULL;

      uri = vireo_uri_build (c->hypervisor, c->transport, c->user, c->host, c->port, &error);
      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, uri ? uri : "(null)");
      g_assert_no_error (error);
      g_assert_cmpstr (uri, ==, c->expected);
    }
}

typedef struct
{
  VireoTransport transport;
  const char *user;
  const char *host;
} BadCase;

static const BadCase bad_cases[] = {
  { VIREO_TRANSPORT_SSH, "alice", NULL }, /* remote, no host */
  { VIREO_TRANSPORT_TCP, "alice", "" },
  { VIREO_TRANSPORT_TLS, NULL, NULL },
  { VIREO_TRANSPORT_SSH, "al@ice", H },           /* '@' in the user */
  { VIREO_TRANSPORT_SSH, "alice", "host2/evil" }, /* '/' in the host */
  { VIREO_TRANSPORT_TCP, NULL, "host2.example.com/system?x" },
  { VIREO_TRANSPORT_SSH, "alice", "host two" }, /* space in the host */
};

static void
test_uri_build_errors (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr (GError) error = NULL;
      g_autofree char *uri = NULL;

      g_test_message ("bad case %" G_GSIZE_FORMAT ": user %s host %s", i,
                      c->user ? c->user : "(null)", c->host ? c->host : "(null)");
      uri =
          vireo_uri_build (VIREO_HYPERVISOR_QEMU_SYSTEM, c->transport, c->user, c->host, 0, &error);
      g_assert_null (uri);
      g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI);
      /* a sentence a person can act on, not an empty string */
      g_assert_nonnull (error->message);
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
}

typedef struct
{
  const char *uri;
  const char *label;
} LabelCase;

static const LabelCase label_cases[] = {
  { "qemu:///system", "QEMU/KVM" },
  { "qemu:///session", "QEMU/KVM user session" },
  { "qemu+ssh://alice@host2/system", "QEMU/KVM: host2 (SSH)" },
  { "qemu+ssh://alice@host2:2222/system", "QEMU/KVM: host2 (SSH)" },
  { "qemu+tcp://10.0.0.2/system", "QEMU/KVM: 10.0.0.2 (TCP)" },
  { "qemu+tls://host2.example.com/system", "QEMU/KVM: host2.example.com (TLS)" },
  { "qemu+ssh://alice@host2/session", "QEMU/KVM user session: host2 (SSH)" },
  { "xen:///system", "Xen" },
  { "xen+ssh://alice@host2/system", "Xen: host2 (SSH)" },
  { "test:///default", "Test driver" },
  { "test:///path/to/demo-host.xml", "Test driver: demo-host.xml" },
};

static void
test_uri_label (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (label_cases); i++)
    {
      g_autofree char *label = vireo_uri_get_label (label_cases[i].uri);

      g_test_message ("label of %s: %s", label_cases[i].uri, label);
      g_assert_cmpstr (label, ==, label_cases[i].label);
    }
}

static void
test_uri_is_remote (void)
{
  g_assert_false (vireo_uri_is_remote ("qemu:///system"));
  g_assert_false (vireo_uri_is_remote ("qemu:///session"));
  g_assert_false (vireo_uri_is_remote ("test:///default"));
  g_assert_false (vireo_uri_is_remote ("test:///path/to/demo-host.xml"));
  g_assert_false (vireo_uri_is_remote ("xen:///system"));
  g_assert_true (vireo_uri_is_remote ("qemu+ssh://alice@host2/system"));
  g_assert_true (vireo_uri_is_remote ("qemu+tcp://10.0.0.2/system"));
  g_assert_true (vireo_uri_is_remote ("qemu+tls://host2.example.com:16514/system"));
  g_assert_true (vireo_uri_is_remote ("qemu+tcp://[::1]/system"));
  g_assert_true (vireo_uri_is_remote ("test+tcp://alice@host2.example.com/default"));
}

/* Whatever vireo_uri_build makes, the label and remoteness read it back. */
static void
test_uri_round_trip (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (build_cases); i++)
    {
      const BuildCase *c = &build_cases[i];
      g_autofree char *uri =
          vireo_uri_build (c->hypervisor, c->transport, c->user, c->host, c->port, NULL);
      g_autofree char *label = NULL;

      g_assert_nonnull (uri);
      label = vireo_uri_get_label (uri);
      g_assert_cmpint (vireo_uri_is_remote (uri), ==, c->transport != VIREO_TRANSPORT_LOCAL);
      if (c->transport != VIREO_TRANSPORT_LOCAL)
        {
          const char *expected_transport[] = { NULL, "(SSH)", "(TLS)", "(TCP)" };
          g_autofree char *bare_host = g_strdup (c->host);

          g_test_message ("%s → %s", uri, label);
          g_assert_true (g_str_has_suffix (label, expected_transport[c->transport]));
          /* the host, without brackets, is in the label */
          g_assert_nonnull (strstr (label, bare_host));
        }
    }
}

static void
test_uri_default_local (void)
{
  const char *uri = vireo_uri_default_local ();

  if (geteuid () == 0)
    g_assert_cmpstr (uri, ==, "qemu:///system");
  else
    g_assert_cmpstr (uri, ==, "qemu:///session");
}

int
main (int argc, char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add_func ("/uri/build", test_uri_build);
  g_test_add_func ("/uri/build-errors", test_uri_build_errors);
  g_test_add_func ("/uri/label", test_uri_label);
  g_test_add_func ("/uri/is-remote", test_uri_is_remote);
  g_test_add_func ("/uri/round-trip", test_uri_round_trip);
  g_test_add_func ("/uri/default-local", test_uri_default_local);

  return g_test_run ();
}
