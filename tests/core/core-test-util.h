/* core-test-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers shared by the core tests: spinning the main context until
 * something happens (with a timeout), running the core's _async calls to
 * completion, finding VMs in a connection's model, and writing test-driver
 * host files.
 */
#pragma once

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "vireo-core.h"

G_BEGIN_DECLS

/* Tests wait for conditions; this is only the safety net that names the condition that never
 * came true.  Generous: the test driver answers in microseconds, but a loaded machine or the
 * sanitizer build (VIREO_TEST_SANITIZE=1, set by tests/meson.build) is many times slower, and loading
 * the OS database alone takes seconds there.  It stays below meson's time-out for the test. */
static inline guint
test_timeout_ms (void)
{
  return g_getenv ("VIREO_TEST_SANITIZE") != NULL ? 150000 : 45000;
}
#define TEST_TIMEOUT_MS test_timeout_ms ()

static inline void
test_iterate (void)
{
  /* never block for long: libvirt's event loop and worker threads wake the
   * context, but a condition may also change without a wakeup */
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (1000);
}

/* Spins the default main context until @cond holds or @ms pass, then
 * asserts @cond (so a failure names the condition that never came true). */
#define WAIT_UNTIL(cond, ms)                                                                       \
  G_STMT_START                                                                                     \
  {                                                                                                \
    gint64 _wait_end = g_get_monotonic_time () + 1000 * (gint64) (ms);                             \
    while (!(cond) && g_get_monotonic_time () < _wait_end)                                         \
      test_iterate ();                                                                             \
    g_assert_true (cond);                                                                          \
  }                                                                                                \
  G_STMT_END

/* Lets pending events reach their handlers for @ms, whatever happens. */
static inline void
test_settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    test_iterate ();
}

static inline void
test_store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Waits for an async call started with test_store_result and returns its result (owned). */
static inline GAsyncResult *
test_wait_result (GAsyncResult **slot)
{
  WAIT_UNTIL (*slot != NULL, TEST_TIMEOUT_MS);
  return g_steal_pointer (slot);
}

static inline gboolean
test_connection_open (VireoConnection *conn, GCancellable *cancellable, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_connection_open_async (conn, FALSE, cancellable, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_connection_open_finish (conn, result, error);
}

/* A connected VireoConnection for @uri; asserts that the open succeeded. */
static inline VireoConnection *
test_connection_new_open (const char *uri)
{
  g_autoptr (VireoConnection) conn = vireo_connection_new (uri);
  g_autoptr (GError) error = NULL;

  if (!test_connection_open (conn, NULL, &error))
    g_error ("opening %s failed: %s", uri, error->message);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_CONNECTED);
  return g_steal_pointer (&conn);
}

static inline gboolean
test_domain_action (VireoDomain *domain, VireoDomainAction action, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_action_async (domain, action, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_domain_action_finish (domain, result, error);
}

/* The VireoDomain called @name in @model (borrowed), or NULL; @position may be NULL. */
static inline VireoDomain *
test_find_domain (GListModel *model, const char *name, guint *position)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (VireoDomain) domain = g_list_model_get_item (model, i);

      if (g_strcmp0 (vireo_domain_get_name (domain), name) == 0)
        {
          if (position != NULL)
            *position = i;
          return domain; /* the model keeps its reference */
        }
    }
  return NULL;
}

static inline int
test_cmp_strp (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* Sorted, newline-joined names of every item in @model. */
static inline char *
test_model_names (GListModel *model)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (VireoDomain) domain = g_list_model_get_item (model, i);
      g_ptr_array_add (names, (char *) vireo_domain_get_name (domain));
    }
  g_ptr_array_sort (names, test_cmp_strp);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("\n", (char **) names->pdata);
}

/* Sorted, newline-joined names of every domain libvirt lists on @conn. */
static inline char *
test_libvirt_names (virConnectPtr conn)
{
  virDomainPtr *domains = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int n = virConnectListAllDomains (conn, &domains, 0);

  g_assert_cmpint (n, >=, 0);
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (names, g_strdup (virDomainGetName (domains[i])));
      virDomainFree (domains[i]);
    }
  free (domains);
  g_ptr_array_sort (names, test_cmp_strp);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("\n", (char **) names->pdata);
}

/* libvirt's own state of the VM @name on @conn (-1 when it does not exist). */
static inline int
test_libvirt_state (virConnectPtr conn, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (conn, name);
  int state = -1, reason = 0;

  if (dom == NULL)
    return -1;
  g_assert_cmpint (virDomainGetState (dom, &state, &reason, 0), ==, 0);
  virDomainFree (dom);
  return state;
}

static inline int
test_raw_noop_event (virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
  return 0;
}

/* The "virsh" side: a second libvirt connection to the shared in-process
 * test:///default. It keeps one lifecycle callback registered for its whole
 * life so that the test driver's shared event queue always has a dispatch
 * timer: without it, events were lost now and then (about 1 run in 20) when a
 * previous test's Vireo connection was still being closed on its worker while
 * the next one registered. A real virsh is another process with its own event
 * state, so this only removes a test-driver artefact. */
static int test_raw_callback_id G_GNUC_UNUSED = -1; /* one raw connection at a time */

static inline virConnectPtr
test_raw_open (void)
{
  virConnectPtr conn = virConnectOpen ("test:///default");

  g_assert_nonnull (conn);
  g_assert_cmpint (test_raw_callback_id, ==, -1);
  test_raw_callback_id = virConnectDomainEventRegisterAny (
      conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK (G_CALLBACK (test_raw_noop_event)),
      NULL, NULL);
  g_assert_cmpint (test_raw_callback_id, >=, 0);
  return conn;
}

/* the callback holds a reference on the connection: deregister, then close */
static inline void
test_raw_close (virConnectPtr conn)
{
  g_assert_cmpint (virConnectDomainEventDeregisterAny (conn, test_raw_callback_id), ==, 0);
  test_raw_callback_id = -1;
  g_assert_cmpint (virConnectClose (conn), ==, 0);
}

/* Writes @contents to a fresh file in the temporary directory and returns
 * its absolute path; the caller unlinks it (as soon as the test driver has
 * read it, so nothing is left behind even when a later assertion fails). */
static inline char *
test_write_host_file (const char *basename, const char *contents)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vireo-core-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, basename, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static inline void
test_remove_host_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

/* Keeps every temporary file in the build tree: GLib leaves a failed test's
 * isolated directories behind, and they must not pile up in /tmp. */
static inline void
test_use_build_tmpdir (void)
{
  const char *build = g_getenv ("VIREO_BUILD_DIR");
  g_autofree char *dir = NULL;

  if (build == NULL)
    return;
  dir = g_build_filename (build, "tests", "core", "tmp", NULL);
  g_mkdir_with_parents (dir, 0700);
  g_setenv ("TMPDIR", dir, TRUE);
}

/* Calls vireo_core_init() and g_test_init() the way every core test does.  Each test case gets
 * private XDG folders, except in the sanitizer build: GLib 2.74's g_set_user_dirs() leaks the
 * strings it replaces, and LeakSanitizer cannot name GLib's frames to suppress them, so there
 * tests/meson.build points HOME and the XDG folders at one private folder for the whole run. */
#define TEST_CORE_INIT(argcp, argvp)                                                               \
  G_STMT_START                                                                                     \
  {                                                                                                \
    setlocale (LC_ALL, "");                                                                        \
    test_use_build_tmpdir ();                                                                      \
    g_test_init ((argcp), (argvp),                                                                 \
                 g_getenv ("VIREO_TEST_SANITIZE") != NULL ? NULL : G_TEST_OPTION_ISOLATE_DIRS,     \
                 NULL);                                                                            \
    vireo_core_init ();                                                                            \
  }                                                                                                \
  G_STMT_END

G_END_DECLS
