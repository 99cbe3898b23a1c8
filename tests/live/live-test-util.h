/* live-test-util.h — helpers shared by the live and multihost tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here spins the default main context: the core delivers its
 * results and libvirt's events there (gvir_event_register), exactly as in the
 * application.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-core.h"

typedef gboolean (*LiveCondFunc) (gpointer data);

static gboolean
live_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main context until @cond holds or @timeout_ms passed.
 * Returns whether @cond held. */
static inline gboolean
live_wait_until (LiveCondFunc cond,
                 gpointer     data,
                 guint        timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = g_timeout_add (10, live_tick_cb, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

static gboolean
live_false_cb (gpointer data)
{
  return FALSE;
}

/* Runs the main context for @ms milliseconds */
static inline void
live_spin (guint ms)
{
  live_wait_until (live_false_cb, NULL, ms);
}

static gboolean
live_result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
live_store_result (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Opens @conn through the core and waits (the main loop runs) */
static inline gboolean
live_open (VireoConnection *conn,
           guint            timeout_ms,
           GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vireo_connection_open_async (conn, FALSE, NULL, live_store_result, &result);
  if (!live_wait_until (live_result_ready, &result, timeout_ms))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "opening %s did not finish within %u ms",
                   vireo_connection_get_uri (conn), timeout_ms);
      /* the callback still points at our stack: wait for it for real */
      live_wait_until (live_result_ready, &result, 600000);
      return FALSE;
    }
  return vireo_connection_open_finish (conn, result, error);
}

/* Runs @action on @domain through the core and waits */
static inline gboolean
live_action (VireoDomain       *domain,
             VireoDomainAction  action,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_action_async (domain, action, NULL, live_store_result, &result);
  live_wait_until (live_result_ready, &result, 600000);
  return vireo_domain_action_finish (domain, result, error);
}

/* The VireoDomain called @name in @conn's list, or NULL (no reference) */
static inline VireoDomain *
live_find_domain (VireoConnection *conn,
                  const char      *name)
{
  GListModel *model = vireo_connection_get_domains (conn);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (model, i);

      if (g_strcmp0 (vireo_domain_get_name (domain), name) == 0)
        return domain;   /* the model keeps it alive */
    }
  return NULL;
}

static inline gboolean
live_model_contains (GListModel  *model,
                     gpointer     item)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) it = g_list_model_get_item (model, i);

      if ((gpointer) it == item)
        return TRUE;
    }
  return FALSE;
}

/* libvirt's own state of @dom, through a raw handle */
static inline int
live_raw_state (virDomainPtr dom,
                int         *reason)
{
  int state = -1, r = -1;

  if (virDomainGetState (dom, &state, &r, 0) < 0)
    return -1;
  if (reason)
    *reason = r;
  return state;
}

static inline const char *
live_raw_state_name (int state)
{
  static const char *names[] = {
    "nostate", "running", "blocked", "paused", "shutdown", "shutoff", "crashed", "pmsuspended",
  };

  if (state >= 0 && state < (int) G_N_ELEMENTS (names))
    return names[state];
  return "error";
}

static inline void
live_drop_log (const char    *log_domain,
               GLogLevelFlags log_level,
               const char    *message,
               gpointer       user_data)
{
}

static inline gint64
live_now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

/* Writes a one-sector boot disk holding @code (with the 0x55 0xaa
 * signature) to a new file named after @name_template (g_file_open_tmp
 * style) in the shared temporary directory — not a private one: QEMU runs
 * as another user — readable by all. Returns its path (owned). */
static inline char *
live_test_write_boot_disk (const guint8 *code,
                           gsize         code_len,
                           const char   *name_template)
{
  guint8 sector[512] = { 0 };
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  g_assert_cmpuint (code_len, <=, 510);
  memcpy (sector, code, code_len);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  fd = g_file_open_tmp (name_template, &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_chmod (path, 0644);
  g_file_set_contents (path, (const char *) sector, sizeof sector, &error);
  g_assert_no_error (error);
  return path;
}
