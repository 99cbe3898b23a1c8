/* test-console-route.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How Vireo reaches the display of a VM on another host
 * (vireo-domain-graphics.h), from the connection's URI and the display's
 * <graphics> element: the route, the TCP address for qemu+tcp/tls (and the
 * sentence a person reads when the display only listens on the remote
 * host's loopback), the ssh command line for qemu+ssh. The real connections
 * are tested in tests/multihost/test-multihost-console.c.
 */
#define G_LOG_DOMAIN "vireo-test-console-route"

#include "config.h"

#include <locale.h>

#include "vireo-core.h"

/* the first console of a domain whose <devices> hold @graphics */
static VireoConsoleInfo *
info_for (const char *graphics)
{
  g_autofree char *xml = g_strdup_printf ("<domain type='kvm'><name>g</name><devices>%s</devices></domain>",
                                          graphics);
  g_autoptr(GPtrArray) consoles = NULL;
  g_autoptr(GError) error = NULL;

  consoles = vireo_console_info_parse_xml (xml, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (consoles->len, >=, 1);
  return vireo_console_info_ref (consoles->pdata[0]);
}

static char *
ssh_command (const char *graphics,
             const char *uri)
{
  g_autoptr(VireoConsoleInfo) info = info_for (graphics);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = vireo_console_info_build_ssh_argv (info, uri, &error);

  g_assert_no_error (error);
  return g_strjoinv (" ", argv);
}

static void
test_route (void)
{
  g_assert_cmpint (vireo_console_route_for_uri ("qemu:///system"), ==, VIREO_CONSOLE_ROUTE_LOCAL);
  g_assert_cmpint (vireo_console_route_for_uri ("qemu:///session"), ==, VIREO_CONSOLE_ROUTE_LOCAL);
  g_assert_cmpint (vireo_console_route_for_uri ("qemu:///system?socket=/tmp/x/libvirt-sock"), ==,
                   VIREO_CONSOLE_ROUTE_LOCAL);
  g_assert_cmpint (vireo_console_route_for_uri ("qemu+unix:///system"), ==, VIREO_CONSOLE_ROUTE_LOCAL);
  g_assert_cmpint (vireo_console_route_for_uri ("test:///default"), ==, VIREO_CONSOLE_ROUTE_LOCAL);
  g_assert_cmpint (vireo_console_route_for_uri (NULL), ==, VIREO_CONSOLE_ROUTE_LOCAL);
  g_assert_cmpint (vireo_console_route_for_uri ("qemu+ssh://alice@host2/system"), ==, VIREO_CONSOLE_ROUTE_SSH);
  g_assert_cmpint (vireo_console_route_for_uri ("qemu+libssh://host2/system"), ==, VIREO_CONSOLE_ROUTE_SSH);
  g_assert_cmpint (vireo_console_route_for_uri ("qemu+libssh2://host2/system"), ==, VIREO_CONSOLE_ROUTE_SSH);
  g_assert_cmpint (vireo_console_route_for_uri ("qemu+tcp://host2/system"), ==, VIREO_CONSOLE_ROUTE_DIRECT);
  g_assert_cmpint (vireo_console_route_for_uri ("qemu+tls://host2/system"), ==, VIREO_CONSOLE_ROUTE_DIRECT);
  /* no transport: libvirt uses TLS */
  g_assert_cmpint (vireo_console_route_for_uri ("qemu://host2/system"), ==, VIREO_CONSOLE_ROUTE_DIRECT);
}

static void
test_direct_address (void)
{
  struct {
    const char *graphics;
    const char *uri;
    const char *host;
    const char *port;
  } cases[] = {
    /* every address: the URI's host */
    { "<graphics type='vnc' port='5901' listen='0.0.0.0'/>", "qemu+tcp://host2/system", "host2", "5901" },
    { "<graphics type='vnc' port='5901'><listen type='address' address='::'/></graphics>",
      "qemu+tls://[fd00::2]:16514/system", "fd00::2", "5901" },
    /* one address: that address */
    { "<graphics type='spice' port='5930' tlsPort='5931'><listen type='address' address='10.0.0.7'/></graphics>",
      "qemu+tcp://host2/system", "10.0.0.7", "5930" },
    /* TLS port only */
    { "<graphics type='spice' tlsPort='5931' listen='10.0.0.7'/>", "qemu+tls://host2/system", "10.0.0.7", "5931" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VireoConsoleInfo) info = info_for (cases[i].graphics);
      g_autofree char *host = NULL, *port = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (vireo_console_info_get_remote_address (info, cases[i].uri, &host, &port, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (host, ==, cases[i].host);
      g_assert_cmpstr (port, ==, cases[i].port);
    }
}

static void
test_direct_unreachable (void)
{
  const char *loopback[] = {
    "<graphics type='vnc' port='5900' listen='127.0.0.1'/>",
    "<graphics type='spice' port='5900'><listen type='address' address='127.0.0.1'/></graphics>",
  };
  const char *no_port[] = {
    "<graphics type='vnc' socket='/run/vnc.sock'/>",
    "<graphics type='vnc'><listen type='socket' socket='/run/vnc.sock'/></graphics>",
    "<graphics type='vnc' autoport='yes' listen='0.0.0.0'/>",   /* not running: no port yet */
  };

  for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
    {
      g_autoptr(VireoConsoleInfo) info = info_for (loopback[i]);
      g_autofree char *host = NULL, *port = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (vireo_console_info_get_remote_address (info, "qemu+tcp://host2/system", &host, &port, &error));
      g_assert_error (error, VIREO_ERROR, VIREO_ERROR_UNREACHABLE);
      g_assert_null (host);
      g_assert_null (port);
      g_assert_cmpstr (error->message, ==,
                       "This display only listens on the loopback address (127.0.0.1) of the remote host "
                       "“host2”, so it cannot be reached from this computer. Connect to the host over SSH "
                       "(a qemu+ssh:// connection), which Vireo tunnels the display through, or change the "
                       "display’s listen address to one this computer can reach.");
    }
  for (guint i = 0; i < G_N_ELEMENTS (no_port); i++)
    {
      g_autoptr(VireoConsoleInfo) info = info_for (no_port[i]);
      g_autofree char *host = NULL, *port = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (vireo_console_info_get_remote_address (info, "qemu+tcp://host2/system", &host, &port, &error));
      g_assert_error (error, VIREO_ERROR, VIREO_ERROR_UNREACHABLE);
      g_assert_nonnull (strstr (error->message, "has no network port"));
    }
}

static void
test_ssh_argv (void)
{
  g_autofree char *plain = NULL, *full = NULL, *any = NULL, *v6 = NULL, *libssh = NULL;
  g_autoptr(VireoConsoleInfo) socket_only = info_for ("<graphics type='vnc' socket='/run/vnc.sock'/>");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  int fd;
  GSubprocess *proc = NULL;

  plain = ssh_command ("<graphics type='vnc' port='5900' listen='127.0.0.1'/>", "qemu+ssh://host2/system");
  g_assert_cmpstr (plain, ==, "ssh -o ClearAllForwardings=yes -o ServerAliveInterval=30 -W 127.0.0.1:5900 -- host2");

  /* the user, port, key, host-key choice and ssh binary of the connection
   * (percent-encoded in the URI's query) */
  full = ssh_command ("<graphics type='spice' port='5901' listen='127.0.0.1'/>",
                      "qemu+ssh://alice@host2:2222/system?keyfile=/home/alice/my%20key&no_verify=1"
                      "&command=/opt/ssh/bin/ssh&socket=/run/libvirt/libvirt-sock");
  g_assert_cmpstr (full, ==, "/opt/ssh/bin/ssh -o ClearAllForwardings=yes -o ServerAliveInterval=30 -p2222 "
                             "-l alice -i /home/alice/my key -o StrictHostKeyChecking=no "
                             "-W 127.0.0.1:5901 -- host2");

  /* every address: the remote host's own loopback; IPv6 in brackets */
  any = ssh_command ("<graphics type='vnc' port='5902' listen='0.0.0.0'/>", "qemu+ssh://host2/system");
  g_assert_true (g_str_has_suffix (any, " -W 127.0.0.1:5902 -- host2"));
  v6 = ssh_command ("<graphics type='vnc' port='5903' listen='::1'/>", "qemu+ssh://[fd00::2]/system");
  g_assert_true (g_str_has_suffix (v6, " -W [::1]:5903 -- fd00::2"));

  /* libssh's known_hosts settings; command= belongs to the ssh transport only */
  libssh = ssh_command ("<graphics type='vnc' port='5904' listen='127.0.0.1'/>",
                        "qemu+libssh://bob@host3/system?known_hosts=/tmp/kh&known_hosts_verify=ignore&command=/x");
  g_assert_cmpstr (libssh, ==, "ssh -o ClearAllForwardings=yes -o ServerAliveInterval=30 -l bob "
                               "-o StrictHostKeyChecking=no -oUserKnownHostsFile=/tmp/kh "
                               "-W 127.0.0.1:5904 -- host3");

  /* a display on a UNIX socket only has no port to forward */
  argv = vireo_console_info_build_ssh_argv (socket_only, "qemu+ssh://host2/system", &error);
  g_assert_null (argv);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_UNREACHABLE);
  g_clear_error (&error);
  fd = vireo_console_info_open_ssh_tunnel (socket_only, "qemu+ssh://host2/system", &proc, &error);
  g_assert_cmpint (fd, ==, -1);
  g_assert_null (proc);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_UNREACHABLE);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  vireo_core_init ();

  g_test_add_func ("/console-route/route", test_route);
  g_test_add_func ("/console-route/direct-address", test_direct_address);
  g_test_add_func ("/console-route/direct-unreachable", test_direct_unreachable);
  g_test_add_func ("/console-route/ssh-argv", test_ssh_argv);
  return g_test_run ();
}
