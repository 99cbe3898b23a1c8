/* test-multihost-console.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Consoles of VMs on a remote host (tests/multihost/harness.sh: this program
 * runs in netns A; the "remote" libvirtd, its guests and an sshd live in
 * netns B on 10.77.N.2).  Two real guests boot a 512-byte boot sector that
 * hides the cursor, paints the text screen blue and writes "VIREO remote
 * console" in white, then halts:
 *
 *   mh-console-open  VNC on 0.0.0.0, SPICE on 10.77.N.2 (reachable)
 *   mh-console-lo    VNC and SPICE on 127.0.0.1 (the remote host's loopback)
 *
 * Every console is reached the way the Console page does it: the console
 * list from vireo_domain_get_consoles_async(), the route from the
 * connection's URI (vireo_console_route_for_uri), then
 *
 *  - qemu+tcp: vireo_console_info_get_remote_address() and
 *    vireo_console_session_connect_host(): the framebuffer that arrives
 *    equals `virsh screenshot` of the guest pixel for pixel (VNC, SPICE);
 *  - qemu+tcp, loopback-only display: no connection, and the sentence a
 *    person reads says it only listens on the remote host's loopback and
 *    what to do (an SSH connection, or another listen address);
 *  - qemu+ssh (key in the URI's keyfile=, no_verify=1): one `ssh -W`
 *    process per socket (vireo_console_info_open_ssh_tunnel), the loopback
 *    display arrives through the tunnel and equals `virsh screenshot`
 *    (VNC, and SPICE with one tunnel per channel); closing the console ends
 *    every ssh process;
 *  - qemu+ssh, a display nothing listens on: the console ends with an
 *    error and ssh's own complaint ("Connection refused") can be read from
 *    the tunnel (vireo_console_ssh_tunnel_get_error) for the page to show.
 */
#define G_LOG_DOMAIN "vireo-test-multihost"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "live-test-util.h"

#define WAIT_MS 60000

/* 16-bit real mode, loaded at 0x7c00 */
static const guint8 boot_code[] = {
  0xb4, 0x01,             /* 7c00 mov ah, 1                                 */
  0xb9, 0x00, 0x20,       /* 7c02 mov cx, 0x2000   (no cursor)              */
  0xcd, 0x10,             /* 7c05 int 10h                                   */
  0x31, 0xc0,             /* 7c07 xor ax, ax                                */
  0x8e, 0xd8,             /* 7c09 mov ds, ax                                */
  0xb8, 0x00, 0xb8,       /* 7c0b mov ax, 0xb800   (VGA text memory)        */
  0x8e, 0xc0,             /* 7c0e mov es, ax                                */
  0x31, 0xff,             /* 7c10 xor di, di                                */
  0xb8, 0x20, 0x11,       /* 7c12 mov ax, 0x1120   (' ', blue on blue)      */
  0xb9, 0xd0, 0x07,       /* 7c15 mov cx, 2000                              */
  0xfc,                   /* 7c18 cld                                       */
  0xf3, 0xab,             /* 7c19 rep stosw                                 */
  0x31, 0xff,             /* 7c1b xor di, di                                */
  0xbe, 0x2e, 0x7c,       /* 7c1d mov si, msg                               */
  0xb4, 0x1f,             /* 7c20 mov ah, 0x1f     (white on blue)          */
  0xac,                   /* 7c22 text: lodsb                               */
  0x84, 0xc0,             /* 7c23 test al, al                               */
  0x74, 0x03,             /* 7c25 jz 7c2a                                   */
  0xab,                   /* 7c27 stosw            (a character cell)       */
  0xeb, 0xf8,             /* 7c28 jmp text                                  */
  0xfa,                   /* 7c2a halt: cli                                 */
  0xf4,                   /* 7c2b hlt                                       */
  0xeb, 0xfc,             /* 7c2c jmp halt                                  */
  /* 7c2e msg: */
  'V', 'I', 'R', 'E', 'O', ' ', 'r', 'e', 'm', 'o', 't', 'e', ' ',
  'c', 'o', 'n', 's', 'o', 'l', 'e', 0,
};

#define GUEST_OPEN "mh-console-open"
#define GUEST_LO   "mh-console-lo"

static const char *remote_uri;    /* qemu+tcp://10.77.N.2/system */
static const char *remote_addr;   /* 10.77.N.2 */
static const char *tmpdir;        /* the harness's per-run directory */
static virConnectPtr raw;         /* fixtures only: define, start, remove */

static VireoConnection *tcp_conn;
static VireoConnection *ssh_conn;

/* -- guests ------------------------------------------------------------------- */

static void
remove_guests (void)
{
  live_remove_guest (raw, GUEST_OPEN);
  live_remove_guest (raw, GUEST_LO);
}

static void
cleanup_at_exit (void)
{
  remove_guests ();
  if (raw != NULL)
    virConnectClose (raw);
  raw = NULL;
}

/* a boot disk of its own for each guest (QEMU locks the image); in the
 * harness's directory, which goes away with the run */
static char *
write_boot_disk (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.img", name);
  char *path = g_build_filename (tmpdir, file, NULL);

  live_write_boot_sector (path, boot_code, sizeof boot_code);
  return path;
}

static void
start_guest (const char *name,
             const char *vnc_listen,
             const char *spice_listen)
{
  g_autofree char *disk_path = write_boot_disk (name);
  g_autofree char *disk = live_boot_disk_xml (disk_path);
  g_autofree char *devices = g_strdup_printf (
    "%s"
    "<graphics type='vnc' autoport='yes'><listen type='address' address='%s'/></graphics>"
    "<graphics type='spice' autoport='yes'><listen type='address' address='%s'/></graphics>"
    "<video><model type='vga'/></video>", disk, vnc_listen, spice_listen);
  g_autofree char *xml = live_guest_xml (name, 32, "<boot dev='hd'/>", "", devices);

  live_define_and_start (raw, xml);
}

static VireoDomain *
wait_domain (VireoConnection *conn,
             const char      *name)
{
  VireoDomain *domain = live_wait_running (conn, name, WAIT_MS);

  if (domain == NULL)
    g_error ("%s never showed %s running", vireo_connection_get_uri (conn), name);
  return domain;
}

/* the console of @kind in the VM's console list, as the Console page reads it */
static VireoConsoleInfo *
get_console (VireoDomain     *domain,
             VireoConsoleKind kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) consoles = NULL;
  g_autoptr(GError) error = NULL;

  vireo_domain_get_consoles_async (domain, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, WAIT_MS));
  consoles = vireo_domain_get_consoles_finish (domain, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < consoles->len; i++)
    if (vireo_console_info_get_kind (consoles->pdata[i]) == kind)
      return vireo_console_info_ref (consoles->pdata[i]);
  g_error ("%s has no console of kind %d", vireo_domain_get_name (domain), kind);
  return NULL;
}

/* -- pixels --------------------------------------------------------------------- */

/* the guest painted its screen: VGA colour 1 (blue) → 0 0 0xa8, in BGRX */
static gboolean
screen_is_blue (gpointer data)
{
  VireoConsoleSession *session = data;
  VireoFramebuffer *fb = vireo_console_session_get_framebuffer (session);
  const guint8 *p;

  if (fb == NULL || vireo_framebuffer_get_width (fb) != 720 || vireo_framebuffer_get_height (fb) != 400)
    return FALSE;
  p = vireo_framebuffer_get_data (fb) + 200 * vireo_framebuffer_get_stride (fb) + 360 * 4;
  return p[0] == 0xa8 && p[1] == 0 && p[2] == 0;
}

/* `virsh -c URI screenshot NAME` (PNG or PPM, as QEMU writes it); NULL when
 * virsh failed */
static GdkPixbuf *
virsh_screenshot (const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, "shot", NULL);
  const char *argv[] = { "virsh", "-q", "-c", remote_uri, "screenshot", name, "--file", path, NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("virsh screenshot failed: %s", error ? error->message : err);
      return NULL;
    }
  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_unlink (path);
  return pixbuf;
}

/* the session's framebuffer against virsh's picture of the same guest:
 * every pixel (a few tries: an update may still be on its way) */
static void
compare_with_virsh (VireoConsoleSession *session,
                    const char          *name,
                    const char          *what)
{
  guint mismatches = G_MAXUINT;

  g_assert_true (live_wait_until (screen_is_blue, session, WAIT_MS));
  for (int attempt = 0; attempt < 5 && mismatches != 0; attempt++)
    {
      VireoFramebuffer *fb = vireo_console_session_get_framebuffer (session);
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      const guint8 *pixels, *shot;
      int w, h, stride, shot_stride, n_channels;
      guint white = 0;

      if (attempt > 0)
        live_spin (400);
      pixbuf = virsh_screenshot (name);
      if (pixbuf == NULL)
        continue;
      w = gdk_pixbuf_get_width (pixbuf);
      h = gdk_pixbuf_get_height (pixbuf);
      shot = gdk_pixbuf_read_pixels (pixbuf);
      shot_stride = gdk_pixbuf_get_rowstride (pixbuf);
      n_channels = gdk_pixbuf_get_n_channels (pixbuf);
      g_assert_cmpint (gdk_pixbuf_get_bits_per_sample (pixbuf), ==, 8);
      g_assert_cmpint (w, ==, 720);
      g_assert_cmpint (h, ==, 400);
      g_assert_cmpint (vireo_framebuffer_get_width (fb), ==, w);
      g_assert_cmpint (vireo_framebuffer_get_height (fb), ==, h);
      pixels = vireo_framebuffer_get_data (fb);
      stride = vireo_framebuffer_get_stride (fb);
      mismatches = 0;
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            const guint8 *p = pixels + (gsize) y * stride + x * 4;   /* B G R X */
            const guint8 *q = shot + (gsize) y * shot_stride + x * n_channels;   /* R G B */

            if (p[2] != q[0] || p[1] != q[1] || p[0] != q[2])
              if (mismatches++ < 5)
                g_test_message ("%s (%d, %d): Vireo %02x%02x%02x, virsh %02x%02x%02x", what, x, y,
                                p[2], p[1], p[0], q[0], q[1], q[2]);
          }
      /* and it is the guest's blue with white letters, not two black pictures */
      g_assert_cmpuint (shot[200 * shot_stride + 360 * n_channels + 2], ==, 0xa8);
      for (int y = 0; y < 16; y++)
        for (int x = 0; x < 9 * 20; x++)
          if (shot[(gsize) y * shot_stride + x * n_channels] == 0xff &&
              shot[(gsize) y * shot_stride + x * n_channels + 2] == 0xff)
            white++;
      g_assert_cmpuint (white, >, 100);
      g_test_message ("%s: try %d, %u pixels differ from virsh screenshot", what, attempt + 1, mismatches);
    }
  g_assert_cmpuint (mismatches, ==, 0);
}

/* -- sessions ------------------------------------------------------------------- */

typedef struct
{
  VireoConsoleSession *session;
  VireoConsoleInfo    *info;
  const char          *uri;
  GPtrArray           *tunnels;    /* GSubprocess: the ssh processes */
  guint                n_need_fd;
  GError              *disconnect_error;
  gboolean             disconnected;
} Console;

static void
on_disconnected (VireoConsoleSession *session,
                 const GError        *error,
                 Console             *console)
{
  console->disconnected = TRUE;
  g_clear_error (&console->disconnect_error);
  if (error != NULL)
    console->disconnect_error = g_error_copy (error);
}

static int
open_tunnel (Console *console)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *proc = NULL;
  int fd;

  fd = vireo_console_info_open_ssh_tunnel (console->info, console->uri, &proc, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  g_assert_nonnull (proc);
  g_ptr_array_add (console->tunnels, proc);
  return fd;
}

/* SPICE opens one socket per channel: one more tunnel each, as the page does */
static void
on_need_fd (VireoConsoleSession *session,
            Console             *console)
{
  console->n_need_fd++;
  vireo_console_session_provide_fd (session, open_tunnel (console));
}

static void
console_init (Console          *console,
              VireoConsoleInfo *info,
              const char       *uri)
{
  memset (console, 0, sizeof *console);
  console->info = vireo_console_info_ref (info);
  console->uri = uri;
  console->tunnels = g_ptr_array_new_with_free_func (g_object_unref);
  console->session = vireo_console_info_get_kind (info) == VIREO_CONSOLE_KIND_SPICE
                     ? vireo_spice_session_new () : vireo_vnc_session_new ();
  g_signal_connect (console->session, "disconnected", G_CALLBACK (on_disconnected), console);
  g_signal_connect (console->session, "need-fd", G_CALLBACK (on_need_fd), console);
}

static gboolean
console_connected (gpointer data)
{
  Console *console = data;

  return console->disconnected ||
         vireo_console_session_get_state (console->session) == VIREO_CONSOLE_STATE_CONNECTED;
}

static void
console_wait_connected (Console    *console,
                        const char *what)
{
  g_assert_true (live_wait_until (console_connected, console, WAIT_MS));
  if (console->disconnected)
    g_error ("%s: the console disconnected: %s", what,
             console->disconnect_error ? console->disconnect_error->message : "(no reason)");
}

static gboolean
tunnels_gone (gpointer data)
{
  Console *console = data;

  for (guint i = 0; i < console->tunnels->len; i++)
    if (g_subprocess_get_identifier (console->tunnels->pdata[i]) != NULL)
      return FALSE;
  return TRUE;
}

/* closes the console as the page does (disconnect, then end its ssh
 * processes) and checks that no ssh process is left */
static void
console_clear (Console *console)
{
  g_signal_handlers_disconnect_by_data (console->session, console);
  vireo_console_session_disconnect (console->session);
  for (guint i = 0; i < console->tunnels->len; i++)
    g_subprocess_force_exit (console->tunnels->pdata[i]);
  g_assert_true (live_wait_until (tunnels_gone, console, 10000));
  g_clear_object (&console->session);
  /* spice-glib lets its session and channels go in idle callbacks: within
   * this test */
  live_spin (300);
  g_clear_pointer (&console->info, vireo_console_info_unref);
  g_clear_pointer (&console->tunnels, g_ptr_array_unref);
  g_clear_error (&console->disconnect_error);
}

/* -- TCP ---------------------------------------------------------------------------- */

static void
tcp_console (VireoConsoleKind kind,
             const char      *expected_host,
             const char      *what)
{
  VireoDomain *domain = wait_domain (tcp_conn, GUEST_OPEN);
  g_autoptr(VireoConsoleInfo) info = get_console (domain, kind);
  g_autofree char *host = NULL, *port = NULL;
  g_autoptr(GError) error = NULL;
  Console console;

  g_assert_cmpint (vireo_console_route_for_uri (remote_uri), ==, VIREO_CONSOLE_ROUTE_DIRECT);
  g_assert_true (vireo_console_info_get_remote_address (info, remote_uri, &host, &port, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (host, ==, expected_host);
  g_assert_cmpint (atoi (port), ==, vireo_console_info_get_port (info));
  g_test_message ("%s: connecting to %s:%s", what, host, port);

  console_init (&console, info, remote_uri);
  g_assert_true (vireo_console_session_connect_host (console.session, host, port, &error));
  g_assert_no_error (error);
  console_wait_connected (&console, what);
  compare_with_virsh (console.session, GUEST_OPEN, what);
  g_assert_cmpuint (console.n_need_fd, ==, 0);
  console_clear (&console);
}

static void
test_tcp_vnc (void)
{
  /* listens on 0.0.0.0: Vireo connects to the host of the URI */
  tcp_console (VIREO_CONSOLE_KIND_VNC, remote_addr, "TCP, VNC");
}

static void
test_tcp_spice (void)
{
  /* listens on the remote host's own address */
  tcp_console (VIREO_CONSOLE_KIND_SPICE, remote_addr, "TCP, SPICE");
}

static void
test_tcp_loopback (void)
{
  VireoDomain *domain = wait_domain (tcp_conn, GUEST_LO);
  VireoConsoleKind kinds[] = { VIREO_CONSOLE_KIND_VNC, VIREO_CONSOLE_KIND_SPICE };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(VireoConsoleInfo) info = get_console (domain, kinds[i]);
      g_autofree char *host = NULL, *port = NULL, *expected = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (vireo_console_info_get_listen (info), ==, "127.0.0.1");
      g_assert_false (vireo_console_info_get_remote_address (info, remote_uri, &host, &port, &error));
      g_assert_null (host);
      g_assert_null (port);
      g_assert_error (error, VIREO_ERROR, VIREO_ERROR_UNREACHABLE);
      /* what a person reads on the Console page (tests run in the C locale) */
      expected = g_strdup_printf ("This display only listens on the loopback address (127.0.0.1) of "
                                  "the remote host “%s”, so it cannot be reached from this computer. "
                                  "Connect to the host over SSH (a qemu+ssh:// connection), which "
                                  "Vireo tunnels the display through, or change the display’s listen "
                                  "address to one this computer can reach.", remote_addr);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

/* -- SSH ---------------------------------------------------------------------------- */

static gboolean
ssh_available (void)
{
  if (g_getenv ("VIREO_MH_SSH_URI") == NULL)
    {
      g_autofree char *why = g_strdup_printf ("no sshd on the remote host: %s",
                                              g_getenv ("VIREO_MH_SSH_SKIP"));

      g_test_skip (why);
      return FALSE;
    }
  return TRUE;
}

static void
test_ssh_open (void)
{
  g_autoptr(GError) error = NULL;

  if (!ssh_available ())
    return;
  ssh_conn = vireo_connection_new (g_getenv ("VIREO_MH_SSH_URI"));
  if (!live_open (ssh_conn, WAIT_MS, &error))
    g_error ("could not open %s: %s", g_getenv ("VIREO_MH_SSH_URI"), error->message);
  g_assert_cmpint (vireo_console_route_for_uri (vireo_connection_get_uri (ssh_conn)), ==,
                   VIREO_CONSOLE_ROUTE_SSH);
  /* the same host as over TCP: both guests are there */
  wait_domain (ssh_conn, GUEST_OPEN);
  wait_domain (ssh_conn, GUEST_LO);
}

static void
ssh_console (VireoConsoleKind kind,
             const char      *what)
{
  const char *uri = g_getenv ("VIREO_MH_SSH_URI");
  VireoDomain *domain;
  g_autoptr(VireoConsoleInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *target = NULL, *joined = NULL, *keyfile = NULL;
  Console console;

  if (!ssh_available ())
    return;
  g_assert_nonnull (ssh_conn);
  domain = wait_domain (ssh_conn, GUEST_LO);
  info = get_console (domain, kind);
  g_assert_cmpstr (vireo_console_info_get_listen (info), ==, "127.0.0.1");

  /* the ssh command line: the URI's user, key and host-key choice, and the
   * display's address as the remote host sees it */
  argv = vireo_console_info_build_ssh_argv (info, uri, &error);
  g_assert_no_error (error);
  joined = g_strjoinv (" ", argv);
  g_test_message ("%s: %s", what, joined);
  target = g_strdup_printf ("-W 127.0.0.1:%d -- %s", vireo_console_info_get_port (info), remote_addr);
  keyfile = g_strdup_printf (" -i %s/ssh/id_ed25519 ", tmpdir);
  g_assert_true (g_str_has_prefix (joined, "ssh "));
  g_assert_true (g_str_has_suffix (joined, target));
  g_assert_nonnull (strstr (joined, " -l root "));
  g_assert_nonnull (strstr (joined, keyfile));
  g_assert_nonnull (strstr (joined, " -o StrictHostKeyChecking=no "));

  console_init (&console, info, uri);
  g_assert_true (vireo_console_session_connect_fd (console.session, open_tunnel (&console), &error));
  g_assert_no_error (error);
  console_wait_connected (&console, what);
  compare_with_virsh (console.session, GUEST_LO, what);
  g_test_message ("%s: %u ssh processes", what, console.tunnels->len);
  if (kind == VIREO_CONSOLE_KIND_SPICE)
    g_assert_cmpuint (console.tunnels->len, >=, 2);   /* main + display, inputs, cursor */
  else
    g_assert_cmpuint (console.tunnels->len, ==, 1);
  console_clear (&console);
}

/* the tunnel cannot reach the display (nothing listens on port 1 of the
 * remote host's loopback): the console ends with an error, and ssh's own
 * complaint is there for the Console page to show */
static gboolean
console_disconnected (gpointer data)
{
  return ((Console *) data)->disconnected;
}

static void
test_ssh_tunnel_error (void)
{
  const char *uri = g_getenv ("VIREO_MH_SSH_URI");
  g_autoptr(VireoConsoleInfo) info = NULL;
  g_autoptr(GPtrArray) consoles = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  Console console;

  if (!ssh_available ())
    return;
  consoles = vireo_console_info_parse_xml ("<domain><devices><graphics type='vnc' port='1' listen='127.0.0.1'/>"
                                           "</devices></domain>", &error);
  g_assert_no_error (error);
  info = vireo_console_info_ref (consoles->pdata[0]);
  console_init (&console, info, uri);
  g_assert_true (vireo_console_session_connect_fd (console.session, open_tunnel (&console), &error));
  g_assert_no_error (error);
  g_assert_true (live_wait_until (console_disconnected, &console, WAIT_MS));
  g_assert_nonnull (console.disconnect_error);
  g_assert_cmpint (vireo_console_session_get_state (console.session), ==, VIREO_CONSOLE_STATE_DISCONNECTED);
  said = vireo_console_ssh_tunnel_get_error (console.tunnels->pdata[0]);
  g_test_message ("the console ended: %s; ssh said: %s", console.disconnect_error->message, said);
  g_assert_nonnull (said);
  g_assert_nonnull (strstr (said, "Connection refused"));
  console_clear (&console);
}

static void
test_ssh_vnc (void)
{
  ssh_console (VIREO_CONSOLE_KIND_VNC, "SSH, VNC");
}

static void
test_ssh_spice (void)
{
  ssh_console (VIREO_CONSOLE_KIND_SPICE, "SSH, SPICE");
}

/* spice-glib 0.42 logs two harmless events as criticals or warnings, which
 * tests make fatal; these are counted instead (anything else stays fatal):
 * - a channel destroyed with messages still in its write queue (the inputs
 *   channel's key-lock message, sent as it links) writes them after
 *   spice_session_channel_destroy() cleared its session: "spice_session_
 *   get_read_only: assertion 'SPICE_IS_SESSION(self)' failed" (spice-devel,
 *   "spice-channel: return if has_error is TRUE in spice_channel_write_msg",
 *   2019, not merged);
 * - a channel whose connection ends while it links (the console closed
 *   while one of SPICE's channels still comes through its ssh tunnel):
 *   "…: spice_channel_recv_link_msg: incomplete link reply (0/182)" or the
 *   warning "incomplete link header (-104/16)".
 * The pixels, not the absence of these, are what the tests assert. */
static guint known_spice_criticals;
static GLogFunc default_log_handler;   /* GTest's: TAP comments */

static gboolean
is_known_spice_critical (const char    *log_domain,
                         GLogLevelFlags log_level,
                         const char    *message)
{
  if (g_strcmp0 (log_domain, "GSpice") != 0)
    return FALSE;
  if ((log_level & G_LOG_LEVEL_CRITICAL) &&
      strstr (message, "spice_session_get_read_only: assertion 'SPICE_IS_SESSION(self)' failed") != NULL)
    return TRUE;
  /* "incomplete link reply (0/182)", "incomplete link header (-104/16)" */
  return (log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) &&
         strstr (message, "incomplete link ") != NULL;
}

static gboolean
fatal_log_filter (const char    *log_domain,
                  GLogLevelFlags log_level,
                  const char    *message,
                  gpointer       user_data)
{
  return !is_known_spice_critical (log_domain, log_level, message);
}

/* libvirt-glib, GIO and spice-glib log every step at debug level: not
 * into the TAP output */
static void
log_handler (const char    *log_domain,
             GLogLevelFlags log_level,
             const char    *message,
             gpointer       user_data)
{
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return;
  if (is_known_spice_critical (log_domain, log_level, message))
    {
      known_spice_criticals++;
      log_level &= ~G_LOG_FLAG_FATAL;
    }
  default_log_handler (log_domain, log_level, message, user_data);
}

/* GTest resets the fatal-log filter for every test case */
static void
setup (gpointer      fixture,
       gconstpointer data)
{
  g_test_log_set_fatal_handler (fatal_log_filter, NULL);
}

typedef void (*TestFunc) (void);

static void
run_test (gpointer      fixture,
          gconstpointer data)
{
  ((TestFunc) data) ();
}

static void
add_test (const char *path,
          TestFunc    func)
{
  g_test_add_vtable (path, 0, (gconstpointer) func, setup, run_test, NULL);
}

int
main (int   argc,
      char *argv[])
{
  const char *needed[] = { "VIREO_MH_URI_REMOTE", "VIREO_MH_REMOTE_ADDR", "VIREO_MH_TMPDIR" };
  g_autoptr(GError) error = NULL;
  int rc;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  live_require_env (needed, G_N_ELEMENTS (needed), "tests/multihost/harness.sh");
  remote_uri = g_getenv ("VIREO_MH_URI_REMOTE");
  remote_addr = g_getenv ("VIREO_MH_REMOTE_ADDR");
  tmpdir = g_getenv ("VIREO_MH_TMPDIR");
  /* an ssh that wants to ask something fails at once: no prompt can be answered here */
  g_setenv ("SSH_ASKPASS", "/bin/false", TRUE);
  g_setenv ("SSH_ASKPASS_REQUIRE", "force", TRUE);
  /* libvirt-glib, GIO and spice-glib log every step at debug level */
  default_log_handler = g_log_set_default_handler (log_handler, NULL);
  g_test_log_set_fatal_handler (fatal_log_filter, NULL);
  vireo_core_init ();

  raw = virConnectOpen (remote_uri);
  if (raw == NULL)
    g_error ("could not open %s: %s", remote_uri, virGetLastErrorMessage ());
  atexit (cleanup_at_exit);
  remove_guests ();
  start_guest (GUEST_OPEN, "0.0.0.0", remote_addr);
  start_guest (GUEST_LO, "127.0.0.1", "127.0.0.1");

  tcp_conn = vireo_connection_new (remote_uri);
  if (!live_open (tcp_conn, WAIT_MS, &error))
    g_error ("could not open %s: %s", remote_uri, error->message);

  add_test ("/multihost/console/tcp-vnc", test_tcp_vnc);
  add_test ("/multihost/console/tcp-spice", test_tcp_spice);
  add_test ("/multihost/console/tcp-loopback-only", test_tcp_loopback);
  add_test ("/multihost/console/ssh-open", test_ssh_open);
  add_test ("/multihost/console/ssh-vnc", test_ssh_vnc);
  add_test ("/multihost/console/ssh-spice", test_ssh_spice);
  add_test ("/multihost/console/ssh-tunnel-error", test_ssh_tunnel_error);
  rc = g_test_run ();
  if (known_spice_criticals > 0)
    printf ("# spice-glib's known harmless criticals were logged %u times (not fatal)\n",
            known_spice_criticals);

  if (ssh_conn != NULL)
    vireo_connection_close (ssh_conn);
  vireo_connection_close (tcp_conn);
  g_clear_object (&ssh_conn);
  g_clear_object (&tcp_conn);
  remove_guests ();
  return rc;
}
