/* test-multihost.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two hosts: a "local" libvirtd (unix socket) and a "remote" one reached over
 * qemu+tcp:// in another network namespace (tests/multihost/harness.sh sets
 * them up and runs this program inside the local namespace).
 *
 *  1. Vireo's core lists the VMs of both hosts.
 *  2. kill -STOP the remote libvirtd for 10 s: the main loop keeps running
 *     (longest stall < 1 s), the remote connection goes DISCONNECTED within
 *     the keepalive timeout and its VMs become unavailable, the local host is
 *     untouched.  kill -CONT: it reconnects by itself and the same VireoDomain
 *     objects are available again.
 *  3. kill -KILL the remote libvirtd: the same; restart it: the same.
 */
#define G_LOG_DOMAIN "vireo-test-multihost"

#include "config.h"

#include <signal.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "live-test-util.h"

#define KEEPALIVE_INTERVAL 1
#define KEEPALIVE_COUNT    3
#define RECONNECT_FIRST    1
#define RECONNECT_MAX      4
/* A main thread that waited on the stopped daemon would stall for the keepalive's
 * 3 s or for the whole 10 s stop.  A loaded machine delays the main loop too
 * (110 ms seen on a 2-core host with builds running; 1-10 ms when quiet): the bound
 * tells the two apart without depending on how busy the machine is. */
#define MAX_STALL_MS       1000

typedef struct
{
  VireoConnection *conn;
  char           **names;        /* expected VM names */
  GPtrArray       *domains;      /* the VireoDomains seen at first (refs) */
  guint            state_changes;
} Host;

static Host local, remote;

/* -- main-loop stall recorder ------------------------------------------------- */

typedef struct
{
  guint  source;
  gint64 last_us;
  gint64 max_gap_us;
  guint  ticks;
} StallRecorder;

static gboolean
stall_tick (gpointer data)
{
  StallRecorder *rec = data;
  gint64 now = g_get_monotonic_time ();

  if (rec->last_us != 0 && now - rec->last_us > rec->max_gap_us)
    rec->max_gap_us = now - rec->last_us;
  rec->last_us = now;
  rec->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
stall_start (StallRecorder *rec)
{
  memset (rec, 0, sizeof *rec);
  rec->last_us = g_get_monotonic_time ();
  rec->source = g_timeout_add (5, stall_tick, rec);
}

/* returns the longest gap between two ticks, in ms */
static double
stall_stop (StallRecorder *rec)
{
  stall_tick (rec);
  g_clear_handle_id (&rec->source, g_source_remove);
  return rec->max_gap_us / 1000.0;
}

/* -- watchdog: a blocked main thread fails the test with a clear reason ---------------- */

#define WATCHDOG_SECONDS 30

static volatile gint64 last_beat_us;

static gboolean
beat (gpointer data)
{
  last_beat_us = g_get_monotonic_time ();
  return G_SOURCE_CONTINUE;
}

static gpointer
watchdog_thread (gpointer data)
{
  for (;;)
    {
      g_usleep (G_USEC_PER_SEC);
      if (g_get_monotonic_time () - last_beat_us > WATCHDOG_SECONDS * G_USEC_PER_SEC)
        {
          printf ("Bail out! the main loop has been blocked for %d s "
                  "(a libvirt call or lock on the main thread)\n", WATCHDOG_SECONDS);
          fflush (stdout);
          _exit (1);
        }
    }
  return NULL;
}

/* -- helpers ------------------------------------------------------------------------- */

static void
on_state_notify (GObject    *object,
                 GParamSpec *pspec,
                 Host       *host)
{
  host->state_changes++;
  g_test_message ("%s: state %d", vireo_connection_get_uri (host->conn),
                  vireo_connection_get_state (host->conn));
}

static void
host_init (Host       *host,
           const char *uri,
           const char *names)
{
  host->conn = vireo_connection_new (uri);
  host->names = g_strsplit (names, " ", -1);
  host->domains = g_ptr_array_new_with_free_func (g_object_unref);
  vireo_connection_set_keepalive (host->conn, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT);
  vireo_connection_set_reconnect_delays (host->conn, RECONNECT_FIRST, RECONNECT_MAX);
  g_signal_connect (host->conn, "notify::state", G_CALLBACK (on_state_notify), host);
}

static void
host_clear (Host *host)
{
  if (host->conn == NULL)
    return;
  g_signal_handlers_disconnect_by_data (host->conn, host);
  vireo_connection_close (host->conn);
  g_clear_pointer (&host->domains, g_ptr_array_unref);
  g_clear_pointer (&host->names, g_strfreev);
  g_clear_object (&host->conn);
}

typedef struct
{
  Host                *host;
  VireoConnectionState state;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *w = data;

  return vireo_connection_get_state (w->host->conn) == w->state;
}

/* waits for @state; returns the time it took in ms, or -1 */
static gint64
wait_state (Host                *host,
            VireoConnectionState state,
            guint                timeout_ms)
{
  StateWait w = { host, state };
  gint64 t0 = live_now_ms ();

  if (!live_wait_until (state_reached, &w, timeout_ms))
    return -1;
  return live_now_ms () - t0;
}

static gboolean
all_available (gpointer data)
{
  Host *host = data;

  for (guint i = 0; i < host->domains->len; i++)
    if (!vireo_domain_get_available (host->domains->pdata[i]))
      return FALSE;
  return TRUE;
}

static gboolean
none_available (gpointer data)
{
  Host *host = data;

  for (guint i = 0; i < host->domains->len; i++)
    if (vireo_domain_get_available (host->domains->pdata[i]))
      return FALSE;
  return TRUE;
}

/* the model lists exactly the expected names, as the same objects as at first */
static void
assert_rows (Host    *host,
             gboolean available)
{
  GListModel *model = vireo_connection_get_domains (host->conn);
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpuint (n, ==, g_strv_length (host->names));
  for (guint i = 0; host->names[i] != NULL; i++)
    {
      VireoDomain *domain = live_find_domain (host->conn, host->names[i]);

      g_assert_nonnull (domain);
      g_assert_false (vireo_domain_get_removed (domain));
      g_assert_cmpint (vireo_domain_get_available (domain), ==, available);
      if (host->domains->len == n)
        g_assert_true (g_ptr_array_find (host->domains, domain, NULL));
    }
}

static pid_t
remote_pid (void)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pid;

  g_file_get_contents (g_getenv ("VIREO_MH_PIDFILE_REMOTE"), &text, NULL, &error);
  g_assert_no_error (error);
  pid = g_ascii_strtoll (g_strstrip (text), NULL, 10);
  g_assert_cmpint (pid, >, 1);
  return (pid_t) pid;
}

static void
send_signal (pid_t pid,
             int   sig)
{
  g_test_message ("kill -%s %d", sig == SIGSTOP ? "STOP" : sig == SIGCONT ? "CONT" : "KILL",
                  (int) pid);
  g_assert_cmpint (kill (pid, sig), ==, 0);
}

/* -- the steps ----------------------------------------------------------------------- */

static void
test_list_both (void)
{
  g_autoptr(GError) error = NULL;
  gint64 t0;

  t0 = live_now_ms ();
  live_open (local.conn, 30000, &error);
  g_assert_no_error (error);
  live_open (remote.conn, 30000, &error);
  g_assert_no_error (error);
  g_test_message ("both hosts open in %" G_GINT64_FORMAT " ms", live_now_ms () - t0);
  g_assert_cmpint (vireo_connection_get_state (local.conn), ==, VIREO_CONNECTION_STATE_CONNECTED);
  g_assert_cmpint (vireo_connection_get_state (remote.conn), ==, VIREO_CONNECTION_STATE_CONNECTED);

  for (Host *host = &local; host != NULL; host = host == &local ? &remote : NULL)
    {
      assert_rows (host, TRUE);
      for (guint i = 0; host->names[i] != NULL; i++)
        g_ptr_array_add (host->domains, g_object_ref (live_find_domain (host->conn, host->names[i])));
      /* each host's VMs, not the other's */
      g_assert_cmpstr (vireo_domain_get_uuid (host->domains->pdata[0]), !=,
                       vireo_domain_get_uuid (host->domains->pdata[1]));
    }
  g_assert_null (live_find_domain (local.conn, remote.names[0]));
  g_assert_null (live_find_domain (remote.conn, local.names[0]));
  local.state_changes = 0;
}

/* the remote host goes away (@sig: SIGSTOP or SIGKILL) and comes back */
static void
lose_and_regain_remote (gboolean stop)
{
  StallRecorder rec;
  gint64 t0, to_disconnect, to_reconnect;
  pid_t pid = remote_pid ();
  double stall;
  g_autoptr(GError) error = NULL;

  g_assert_true (all_available (&remote));

  stall_start (&rec);
  t0 = live_now_ms ();
  send_signal (pid, stop ? SIGSTOP : SIGKILL);

  to_disconnect = wait_state (&remote, VIREO_CONNECTION_STATE_DISCONNECTED, 20000);
  if (to_disconnect < 0)
    {
      if (stop)
        kill (pid, SIGCONT);
      g_error ("the remote connection was not marked disconnected within 20 s (state %d)",
               vireo_connection_get_state (remote.conn));
    }
  g_test_message ("remote marked disconnected after %" G_GINT64_FORMAT " ms "
                  "(keepalive %d s x %d)", to_disconnect, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT);
  if (vireo_connection_get_error (remote.conn) != NULL)
    g_test_message ("reason shown: %s", vireo_connection_get_error (remote.conn)->message);
  /* rows grey out; nothing is removed */
  g_assert_true (live_wait_until (none_available, &remote, 2000));
  assert_rows (&remote, FALSE);
  /* the other host is untouched */
  g_assert_cmpint (vireo_connection_get_state (local.conn), ==, VIREO_CONNECTION_STATE_CONNECTED);
  assert_rows (&local, TRUE);

  if (stop)
    {
      /* keep it stopped for 10 s in all, the main loop running */
      live_spin ((guint) MAX (0, 10000 - (live_now_ms () - t0)));
      g_assert_cmpint (vireo_connection_get_state (local.conn), ==, VIREO_CONNECTION_STATE_CONNECTED);
      assert_rows (&local, TRUE);
      t0 = live_now_ms ();
      send_signal (pid, SIGCONT);
    }
  else
    {
      const char *cmd = g_getenv ("VIREO_MH_RESTART_CMD");
      int status = -1;

      /* let it fail to reconnect a few times first */
      live_spin (3000);
      g_assert_cmpint (vireo_connection_get_state (local.conn), ==, VIREO_CONNECTION_STATE_CONNECTED);
      g_test_message ("restarting: %s (reconnect in %u s)", cmd,
                      vireo_connection_get_reconnect_seconds (remote.conn));
      /* the restart blocks this thread: not part of the stall measure */
      stall = stall_stop (&rec);
      g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      stall_start (&rec);
      rec.max_gap_us = (gint64) (stall * 1000);
      t0 = live_now_ms ();
    }

  to_reconnect = wait_state (&remote, VIREO_CONNECTION_STATE_CONNECTED, 30000);
  stall = stall_stop (&rec);
  g_test_message ("longest main-loop stall: %.1f ms", stall);
  if (to_reconnect < 0)
    g_error ("the remote connection did not come back within 30 s (state %d)",
             vireo_connection_get_state (remote.conn));
  g_test_message ("remote reconnected %" G_GINT64_FORMAT " ms after %s",
                  to_reconnect, stop ? "kill -CONT" : "the restart");
  g_assert_true (live_wait_until (all_available, &remote, 5000));
  /* the same objects, the same rows */
  assert_rows (&remote, TRUE);
  g_assert_cmpint (vireo_connection_get_state (local.conn), ==, VIREO_CONNECTION_STATE_CONNECTED);
  assert_rows (&local, TRUE);
  g_assert_cmpuint (local.state_changes, ==, 0);
  g_assert_cmpfloat (stall, <, MAX_STALL_MS);
}

static void
test_stop_remote (void)
{
  lose_and_regain_remote (TRUE);
}

static void
test_kill_remote (void)
{
  lose_and_regain_remote (FALSE);
}

int
main (int   argc,
      char *argv[])
{
  const char *needed[] = { "VIREO_MH_URI_LOCAL", "VIREO_MH_URI_REMOTE", "VIREO_MH_VMS_LOCAL",
                           "VIREO_MH_VMS_REMOTE", "VIREO_MH_PIDFILE_REMOTE", "VIREO_MH_RESTART_CMD" };
  int rc;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  live_require_env (needed, G_N_ELEMENTS (needed), "tests/multihost/harness.sh");
  /* libvirt-glib's event loop logs every watch update at debug level */
  g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG, live_drop_log, NULL);
  vireo_core_init ();
  last_beat_us = g_get_monotonic_time ();
  g_timeout_add (100, beat, NULL);
  g_thread_unref (g_thread_new ("watchdog", watchdog_thread, NULL));

  host_init (&local, g_getenv ("VIREO_MH_URI_LOCAL"), g_getenv ("VIREO_MH_VMS_LOCAL"));
  host_init (&remote, g_getenv ("VIREO_MH_URI_REMOTE"), g_getenv ("VIREO_MH_VMS_REMOTE"));

  g_test_add_func ("/multihost/list-both", test_list_both);
  g_test_add_func ("/multihost/stop-remote", test_stop_remote);
  g_test_add_func ("/multihost/kill-remote", test_kill_remote);
  rc = g_test_run ();

  host_clear (&local);
  host_clear (&remote);
  return rc;
}
