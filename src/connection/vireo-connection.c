/* vireo-connection.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One libvirt URI. Every libvirt call runs on this connection's own worker
 * pool, so a host that stops answering never blocks the main thread nor the
 * other hosts. State comes from libvirt's events (delivered on the main
 * context through gvir_event_register()); a lost connection reconnects with
 * back-off and keeps its VireoDomain objects, so open windows survive.
 *
 * This file: opening, auth, keepalive, reconnecting, the object. libvirt's
 * callbacks are in vireo-connection-events.c, the list of VMs in
 * vireo-connection-domains.c (see vireo-connection-private.h).
 */
#define G_LOG_DOMAIN "vireo-connection"
#define VIREO_CONNECTION_COMPILATION

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-auth-request-private.h"
#include "vireo-connection-private.h"
#include "vireo-core.h"
#include "vireo-domain-private.h"
#include "vireo-error.h"
#include "vireo-stats-sampler-private.h"
#include "vireo-uri.h"

#define WORKER_THREADS 4

G_DEFINE_FINAL_TYPE (VireoConnection, vireo_connection, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (VireoConnectionState, vireo_connection_state,
                    G_DEFINE_ENUM_VALUE (VIREO_CONNECTION_STATE_DISCONNECTED, "disconnected"),
                    G_DEFINE_ENUM_VALUE (VIREO_CONNECTION_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (VIREO_CONNECTION_STATE_CONNECTED, "connected"))

enum {
  PROP_0,
  PROP_URI,
  PROP_LABEL,
  PROP_STATE,
  PROP_READ_ONLY,
  PROP_ERROR,
  PROP_RECONNECT_SECONDS,
  PROP_AUTOCONNECT,
  PROP_HOSTNAME,
  PROP_HYPERVISOR,
  N_PROPS
};

enum {
  AUTHENTICATE,
  NETWORKS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_open (VireoConnection *self);
static void on_caller_cancelled (GCancellable    *cancellable,
                                 VireoConnection *self);
static void answer_cancelled_waiters (VireoConnection *self);

static void
domain_handle_free (gpointer handle)
{
  virDomainFree (handle);
}

/* -- worker pool ------------------------------------------------------------ */

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} WorkItem;

static void
worker_func (gpointer data,
             gpointer user_data)
{
  WorkItem *item = data;

  item->func (item->task,
              g_task_get_source_object (item->task),
              g_task_get_task_data (item->task),
              g_task_get_cancellable (item->task));
  g_object_unref (item->task);
  g_free (item);
}

void
vireo_connection_run_in_worker (VireoConnection *self,
                                GTask           *task,
                                GTaskThreadFunc  func)
{
  WorkItem *item;

  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (G_IS_TASK (task));

  item = g_new0 (WorkItem, 1);
  item->task = g_object_ref (task);
  item->func = func;
  g_thread_pool_push (self->pool, item, NULL);
}

/* -- state ----------------------------------------------------------------- */

static void
set_state (VireoConnection     *self,
           VireoConnectionState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error (VireoConnection *self,
           const GError    *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_read_only (VireoConnection *self,
               gboolean         read_only)
{
  read_only = !!read_only;
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

static void
set_string (VireoConnection *self,
            char           **field,
            const char      *value,
            int              prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_reconnect_seconds (VireoConnection *self,
                       guint            seconds)
{
  if (self->reconnect_seconds == seconds)
    return;
  self->reconnect_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_SECONDS]);
}

/* -- events ------------------------------------------------------------------ */

void
_vireo_connection_emit_networks_changed (VireoConnection *self,
                                         const char      *name)
{
  g_signal_emit (self, signals[NETWORKS_CHANGED], 0, name);
}

/* -- losing the connection --------------------------------------------------- */

static gboolean
reconnect_tick (gpointer user_data)
{
  VireoConnection *self = user_data;

  if (self->reconnect_seconds > 1)
    {
      set_reconnect_seconds (self, self->reconnect_seconds - 1);
      return G_SOURCE_CONTINUE;
    }

  self->reconnect_source = 0;
  set_reconnect_seconds (self, 0);
  self->open_is_reconnect = TRUE;
  start_open (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (VireoConnection *self)
{
  guint delay;

  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (!self->should_reconnect)
    return;

  delay = self->reconnect_delay ? self->reconnect_delay : self->reconnect_first;
  self->reconnect_delay = MIN (delay * 2, self->reconnect_max);
  set_reconnect_seconds (self, MAX (delay, 1));
  self->reconnect_source = g_timeout_add_seconds (1, reconnect_tick, self);
}

static void
drop_handle (VireoConnection *self)
{
  virConnectPtr handle;

  g_mutex_lock (&self->handle_lock);
  handle = g_steal_pointer (&self->handle);
  g_mutex_unlock (&self->handle_lock);

  _vireo_connection_close_handle_later (handle, self->lifecycle_id, self->metadata_id, self->network_id);
  self->lifecycle_id = -1;
  self->metadata_id = -1;
  self->network_id = -1;
  g_clear_pointer (&self->callbacks, _vireo_connection_callback_data_unref);
}

gboolean
_vireo_connection_closed_idle (gpointer user_data)
{
  CloseData *data = user_data;
  g_autoptr(VireoConnection) self = _vireo_connection_callback_data_get (data->callbacks);
  g_autoptr(GError) error = NULL;
  const char *why;

  if (self == NULL || self->state != VIREO_CONNECTION_STATE_CONNECTED)
    return G_SOURCE_REMOVE;

  switch (data->reason)
    {
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
      why = _("the host stopped answering");
      break;
    case VIR_CONNECT_CLOSE_REASON_EOF:
      why = _("the host closed the connection");
      break;
    case VIR_CONNECT_CLOSE_REASON_CLIENT:
      why = _("the connection was closed");
      break;
    default:
      /* a local daemon's socket only fails when the daemon went away */
      why = vireo_uri_is_remote (self->uri) ? _("a network error occurred")
                                            : _("the libvirt daemon on this computer stopped");
      break;
    }
  /* Translators: "Connection lost: the host stopped answering." */
  error = g_error_new (VIREO_ERROR, VIREO_ERROR_DISCONNECTED, _("Connection lost: %s."), why);

  g_debug ("%s: connection closed (reason %d)", self->uri, data->reason);
  self->generation++;
  drop_handle (self);
  _vireo_connection_set_domains_available (self, FALSE);
  set_error (self, error);
  set_state (self, VIREO_CONNECTION_STATE_DISCONNECTED);
  schedule_reconnect (self);

  return G_SOURCE_REMOVE;
}

/* -- opening ----------------------------------------------------------------- */

typedef struct
{
  char          *uri;
  char          *label;
  gboolean       read_only;
  int            keepalive_interval;
  guint          keepalive_count;
  CallbackData  *callbacks;
  GCancellable  *cancellable;
  guint          auth_attempt;
  gboolean       auth_declined;

  /* results */
  virConnectPtr  handle;
  char          *hostname;
  char          *hypervisor;
  GPtrArray     *snapshots;
  int            lifecycle_id;
  int            metadata_id;
  int            network_id;
} OpenData;

static void
open_data_free (gpointer ptr)
{
  OpenData *data = ptr;

  _vireo_connection_close_handle_later (data->handle, data->lifecycle_id, data->metadata_id, data->network_id);
  g_free (data->uri);
  g_free (data->label);
  g_free (data->hostname);
  g_free (data->hypervisor);
  g_clear_pointer (&data->snapshots, g_ptr_array_unref);
  g_clear_pointer (&data->callbacks, _vireo_connection_callback_data_unref);
  g_clear_object (&data->cancellable);
  g_free (data);
}

typedef struct
{
  CallbackData     *callbacks;
  VireoAuthRequest *request;
} AuthCall;

static gboolean
emit_authenticate_idle (gpointer user_data)
{
  AuthCall *call = user_data;
  g_autoptr(VireoConnection) self = g_weak_ref_get (&call->callbacks->self);
  gboolean handled = FALSE;

  if (self != NULL)
    g_signal_emit (self, signals[AUTHENTICATE], 0, call->request, &handled);
  if (!handled)
    vireo_auth_request_respond (call->request, FALSE);

  _vireo_connection_callback_data_unref (call->callbacks);
  g_object_unref (call->request);
  g_free (call);
  return G_SOURCE_REMOVE;
}

/* libvirt's auth callback: runs on the worker thread inside virConnectOpenAuth */
static int
auth_callback (virConnectCredentialPtr creds,
               unsigned int            n_creds,
               void                   *cbdata)
{
  OpenData *data = cbdata;
  g_autoptr(VireoAuthRequest) request = NULL;
  AuthCall *call;

  request = _vireo_auth_request_new (data->uri, creds, n_creds, data->auth_attempt++);

  call = g_new0 (AuthCall, 1);
  call->callbacks = _vireo_connection_callback_data_ref (data->callbacks);
  call->request = g_object_ref (request);
  g_main_context_invoke (data->callbacks->context, emit_authenticate_idle, call);

  if (!_vireo_auth_request_wait (request, data->cancellable))
    {
      data->auth_declined = TRUE;
      return -1;
    }

  _vireo_auth_request_apply (request, creds, n_creds);
  return 0;
}

static int auth_cred_types[] = {
  VIR_CRED_AUTHNAME,
  VIR_CRED_PASSPHRASE,
  VIR_CRED_ECHOPROMPT,
  VIR_CRED_NOECHOPROMPT,
};

/* Driver names libvirt 9.0 knows (docs: "Connection URIs"). An unknown one
 * makes libvirt fall back to the daemon, whose absence would hide the real
 * mistake. */
static gboolean
is_known_driver (const char *uri)
{
  static const char *drivers[] = {
    "qemu", "xen", "libxl", "test", "lxc", "vbox", "vmwareplayer", "vmwarews",
    "vmwarefusion", "esx", "gsx", "vpx", "hyperv", "bhyve", "ch", "openvz", "vz",
    "parallels", "interface", "network", "nodedev", "nwfilter", "secret", "storage",
  };
  g_autofree char *scheme = g_uri_parse_scheme (uri);
  char *plus;

  if (scheme == NULL)
    return FALSE;
  plus = strchr (scheme, '+');
  if (plus)
    *plus = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (drivers); i++)
    if (g_ascii_strcasecmp (scheme, drivers[i]) == 0)
      return TRUE;
  return FALSE;
}

static int
compare_snapshots (gconstpointer a,
                   gconstpointer b)
{
  const VireoDomainSnapshot *sa = *(VireoDomainSnapshot **) a;
  const VireoDomainSnapshot *sb = *(VireoDomainSnapshot **) b;

  return g_strcmp0 (sa->name, sb->name);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  virConnectAuth auth = { auth_cred_types, G_N_ELEMENTS (auth_cred_types), auth_callback, data };
  virDomainPtr *handles = NULL;
  g_autofree char *what = NULL;
  int n;

  /* Translators: the first half of an error sentence */
  what = g_strdup_printf (_("Could not connect to %s"), data->label);

  data->handle = virConnectOpenAuth (data->uri, &auth, data->read_only ? VIR_CONNECT_RO : 0);
  if (data->handle == NULL)
    {
      g_autoptr(GError) error = vireo_error_new_from_libvirt (what);

      if (g_cancellable_is_cancelled (cancellable))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      else if (data->auth_declined)
        g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_AUTH_CANCELLED,
                                 _("%s: authentication was cancelled."), what);
      else if (!is_known_driver (data->uri))
        g_task_return_error (task, vireo_error_new_with_details (
                                     VIREO_ERROR_INVALID_URI, vireo_error_get_details (error),
                                     _("%s: no hypervisor driver knows this address. Check the URI: it should look like qemu:///system or qemu+ssh://user@host/system."),
                                     what));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Keepalive only works on remote transports; local drivers say no. */
  if (data->keepalive_interval > 0)
    virConnectSetKeepAlive (data->handle, data->keepalive_interval, data->keepalive_count);
  virResetLastError ();

  data->hostname = virConnectGetHostname (data->handle);
  data->hypervisor = g_strdup (virConnectGetType (data->handle));
  virResetLastError ();

  /* Events first, then the list: whatever happens in between is marked
   * dirty by the event handler and looked at again after the merge. */
  _vireo_connection_register_callbacks (data->handle, data->callbacks, &data->lifecycle_id,
                                        &data->metadata_id, &data->network_id);

  n = virConnectListAllDomains (data->handle, &handles, 0);
  if (n < 0)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      return;
    }

  data->snapshots = g_ptr_array_new_full (n, (GDestroyNotify) _vireo_domain_snapshot_free);
  for (int i = 0; i < n; i++)
    {
      VireoDomainSnapshot *snapshot = _vireo_domain_snapshot_fetch (handles[i], NULL);

      /* a VM that vanished while we read the list is simply not there */
      if (snapshot != NULL)
        g_ptr_array_add (data->snapshots, snapshot);
      virDomainFree (handles[i]);
    }
  free (handles);
  g_ptr_array_sort (data->snapshots, compare_snapshots);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
}

static void
complete_waiters (VireoConnection *self,
                  const GError    *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->open_waiters);

  self->open_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);
      GCancellable *cancellable = g_task_get_cancellable (task);

      if (cancellable != NULL)
        g_signal_handlers_disconnect_by_func (cancellable, on_caller_cancelled, self);
      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
open_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  VireoConnection *self = VIREO_CONNECTION (object);
  OpenData *data = g_task_get_task_data (G_TASK (result));
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) dirty = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  /* callers who cancelled while the worker ran, before their idle came: when
   * none is left (and this is no reconnection), the open is dropped */
  if (generation == self->generation)
    answer_cancelled_waiters (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (generation != self->generation)
        return;   /* closed or re-opened meanwhile; the waiters were answered */

      g_clear_object (&self->open_cancellable);
      set_error (self, error);
      set_state (self, VIREO_CONNECTION_STATE_DISCONNECTED);
      complete_waiters (self, error);
      /* a person who cancels a password prompt does not want it again */
      if (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_AUTH_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->should_reconnect = FALSE;
      schedule_reconnect (self);
      return;
    }

  if (generation != self->generation)
    return;   /* open_data_free() closes the stale handle */

  g_clear_object (&self->open_cancellable);

  g_mutex_lock (&self->handle_lock);
  self->handle = g_steal_pointer (&data->handle);
  g_mutex_unlock (&self->handle_lock);
  self->lifecycle_id = data->lifecycle_id;
  self->metadata_id = data->metadata_id;
  self->network_id = data->network_id;
  self->callbacks = g_steal_pointer (&data->callbacks);

  set_string (self, &self->hostname, data->hostname, PROP_HOSTNAME);
  set_string (self, &self->hypervisor, data->hypervisor, PROP_HYPERVISOR);
  set_read_only (self, data->read_only);
  _vireo_connection_merge_domains (self, data->snapshots);
  _vireo_connection_resolve_os_names (self);

  self->should_reconnect = TRUE;
  self->reconnect_delay = 0;
  set_error (self, NULL);
  set_state (self, VIREO_CONNECTION_STATE_CONNECTED);
  /* networks may have changed while the connection was down or opening */
  _vireo_connection_emit_networks_changed (self, NULL);

  /* VMs that changed while the list was being read */
  dirty = g_steal_pointer (&self->dirty_uuids);
  self->dirty_uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             domain_handle_free);
  g_hash_table_iter_init (&iter, dirty);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      VireoDomain *domain = g_hash_table_lookup (self->by_uuid, key);

      if (domain != NULL)
        vireo_domain_refresh (domain);
      else
        _vireo_connection_fetch_new_domain (self, value, key);
    }

  complete_waiters (self, NULL);
}

static void
start_open (VireoConnection *self)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  set_reconnect_seconds (self, 0);

  self->generation++;
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();
  g_hash_table_remove_all (self->dirty_uuids);

  data = g_new0 (OpenData, 1);
  data->uri = g_strdup (self->uri);
  data->label = g_strdup (self->label);
  data->read_only = self->want_read_only;
  data->keepalive_interval = self->keepalive_interval;
  data->keepalive_count = self->keepalive_count;
  data->callbacks = _vireo_connection_callback_data_new (self);
  data->cancellable = g_object_ref (self->open_cancellable);
  data->lifecycle_id = -1;
  data->metadata_id = -1;
  data->network_id = -1;

  set_state (self, VIREO_CONNECTION_STATE_CONNECTING);

  task = g_task_new (self, self->open_cancellable, open_done, GUINT_TO_POINTER (self->generation));
  g_task_set_source_tag (task, start_open);
  g_task_set_task_data (task, data, open_data_free);
  /* No g_task_set_return_on_cancel(): it only works with
   * g_task_run_in_thread(). The callers' own tasks (open_waiters) are
   * answered from their cancellables' handlers instead, and a result that
   * comes too late is dropped by its generation. */
  vireo_connection_run_in_worker (self, task, open_thread);
}

static void
cancel_open (VireoConnection *self)
{
  g_autoptr(GError) error = NULL;

  if (self->state != VIREO_CONNECTION_STATE_CONNECTING)
    return;

  self->generation++;
  self->should_reconnect = FALSE;
  if (self->open_cancellable)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  set_state (self, VIREO_CONNECTION_STATE_DISCONNECTED);
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  complete_waiters (self, error);
}

/* Answers the waiters whose cancellable was cancelled, and only them: the
 * others still get the connection (GIO's contract). The open itself stops
 * only when nobody waits for it any more and it is not a reconnection. */
static void
answer_cancelled_waiters (VireoConnection *self)
{
  for (guint i = self->open_waiters->len; i > 0; i--)
    {
      GTask *task = g_ptr_array_index (self->open_waiters, i - 1);
      GCancellable *cancellable = g_task_get_cancellable (task);

      if (cancellable == NULL || !g_cancellable_is_cancelled (cancellable))
        continue;
      g_signal_handlers_disconnect_by_func (cancellable, on_caller_cancelled, self);
      g_task_return_error_if_cancelled (task);
      g_ptr_array_remove_index (self->open_waiters, i - 1);
    }

  if (self->open_waiters->len == 0 && !self->open_is_reconnect)
    cancel_open (self);
}

static gboolean
caller_cancelled_idle (gpointer user_data)
{
  g_autoptr(VireoConnection) self = g_weak_ref_get (user_data);

  if (self != NULL)
    answer_cancelled_waiters (self);
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* may run on any thread, the main one included: always through an idle, as
 * the handler may not disconnect itself while the cancellable emits */
static void
on_caller_cancelled (GCancellable    *cancellable,
                     VireoConnection *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);
  GSource *source = g_idle_source_new ();

  g_weak_ref_init (ref, self);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, caller_cancelled_idle, ref, weak_ref_free);
  g_source_set_static_name (source, "[vireo] open cancelled");
  g_source_attach (source, NULL);
  g_source_unref (source);
}

void
vireo_connection_open_async (VireoConnection    *self,
                             gboolean            read_only,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_connection_open_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->state == VIREO_CONNECTION_STATE_CONNECTED && self->read_only == !!read_only)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (cancellable != NULL)
    {
      g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (on_caller_cancelled), self, 0);
      /* cancelled on another thread since the check above */
      if (g_cancellable_is_cancelled (cancellable))
        on_caller_cancelled (cancellable, self);
    }
  g_ptr_array_add (self->open_waiters, g_steal_pointer (&task));

  if (self->state == VIREO_CONNECTION_STATE_CONNECTING && self->want_read_only == !!read_only)
    return;

  if (self->state == VIREO_CONNECTION_STATE_CONNECTED)
    {
      /* switching between read-only and read-write */
      self->generation++;
      drop_handle (self);
      _vireo_connection_set_domains_available (self, FALSE);
    }

  self->want_read_only = !!read_only;
  self->open_is_reconnect = FALSE;
  start_open (self);
}

gboolean
vireo_connection_open_finish (VireoConnection *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vireo_connection_close (VireoConnection *self)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));

  self->should_reconnect = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  set_reconnect_seconds (self, 0);

  if (self->state == VIREO_CONNECTION_STATE_CONNECTING)
    {
      cancel_open (self);
      return;
    }

  self->generation++;
  drop_handle (self);
  _vireo_connection_set_domains_available (self, FALSE);
  set_error (self, NULL);
  set_state (self, VIREO_CONNECTION_STATE_DISCONNECTED);
}

/* -- accessors ---------------------------------------------------------------- */

VireoConnection *
vireo_connection_new (const char *uri)
{
  g_return_val_if_fail (uri != NULL, NULL);

  return g_object_new (VIREO_TYPE_CONNECTION, "uri", uri, NULL);
}

const char *
vireo_connection_get_uri (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->uri;
}

const char *
vireo_connection_get_label (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->label;
}

/* a person's name for the connection, instead of the one from the URI */
void
vireo_connection_set_label (VireoConnection *self,
                            const char      *label)
{
  g_autofree char *from_uri = NULL;

  g_return_if_fail (VIREO_IS_CONNECTION (self));

  if (label == NULL || *label == '\0')
    label = from_uri = vireo_uri_get_label (self->uri);
  set_string (self, &self->label, label, PROP_LABEL);
}

VireoConnectionState
vireo_connection_get_state (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), VIREO_CONNECTION_STATE_DISCONNECTED);
  return self->state;
}

gboolean
vireo_connection_get_read_only (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
  return self->read_only;
}

const GError *
vireo_connection_get_error (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->error;
}

guint
vireo_connection_get_reconnect_seconds (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), 0);
  return self->reconnect_seconds;
}

gboolean
vireo_connection_get_autoconnect (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
  return self->autoconnect;
}

void
vireo_connection_set_autoconnect (VireoConnection *self,
                                  gboolean         autoconnect)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));

  autoconnect = !!autoconnect;
  if (self->autoconnect == autoconnect)
    return;
  self->autoconnect = autoconnect;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOCONNECT]);
}

const char *
vireo_connection_get_hostname (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->hostname;
}

const char *
vireo_connection_get_hypervisor (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->hypervisor;
}

void
vireo_connection_set_keepalive (VireoConnection *self,
                                int              interval,
                                guint            count)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));
  self->keepalive_interval = interval;
  self->keepalive_count = count;
}

void
vireo_connection_set_reconnect_delays (VireoConnection *self,
                                       guint            first,
                                       guint            max)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));
  self->reconnect_first = MAX (first, 1);
  self->reconnect_max = MAX (max, self->reconnect_first);
}

virConnectPtr
vireo_connection_ref_handle (VireoConnection *self)
{
  virConnectPtr handle;

  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

  g_mutex_lock (&self->handle_lock);
  handle = self->handle;
  if (handle != NULL)
    virConnectRef (handle);
  g_mutex_unlock (&self->handle_lock);

  return handle;
}

gboolean
_vireo_connection_get_reconnects (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
  return self->should_reconnect;
}

/* the statistics sampler of this connection: one, made on first use, and ours
 * (declared in vireo-stats-sampler.h) */
VireoStatsSampler *
vireo_connection_get_sampler (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);

  if (self->sampler == NULL)
    self->sampler = _vireo_stats_sampler_new (self);
  return self->sampler;
}

/* -- GObject ------------------------------------------------------------------ */

static void
vireo_connection_dispose (GObject *object)
{
  VireoConnection *self = VIREO_CONNECTION (object);

  self->should_reconnect = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (self->open_cancellable)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->generation++;
  drop_handle (self);
  g_clear_object (&self->sampler);

  G_OBJECT_CLASS (vireo_connection_parent_class)->dispose (object);
}

static void
vireo_connection_finalize (GObject *object)
{
  VireoConnection *self = VIREO_CONNECTION (object);

  /* does not wait: a worker stuck on a dead host finishes on its own */
  g_thread_pool_free (self->pool, FALSE, FALSE);
  g_clear_pointer (&self->open_waiters, g_ptr_array_unref);
  g_clear_pointer (&self->by_uuid, g_hash_table_unref);
  g_clear_pointer (&self->pending_adds, g_hash_table_unref);
  g_clear_pointer (&self->dirty_uuids, g_hash_table_unref);
  g_clear_object (&self->domains);
  g_clear_error (&self->error);
  g_free (self->uri);
  g_free (self->label);
  g_free (self->hostname);
  g_free (self->hypervisor);
  g_mutex_clear (&self->handle_lock);

  G_OBJECT_CLASS (vireo_connection_parent_class)->finalize (object);
}

static void
vireo_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VireoConnection *self = VIREO_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_RECONNECT_SECONDS:
      g_value_set_uint (value, self->reconnect_seconds);
      break;
    case PROP_AUTOCONNECT:
      g_value_set_boolean (value, self->autoconnect);
      break;
    case PROP_HOSTNAME:
      g_value_set_string (value, self->hostname);
      break;
    case PROP_HYPERVISOR:
      g_value_set_string (value, self->hypervisor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_connection_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VireoConnection *self = VIREO_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_assert (self->uri == NULL);
      self->uri = g_value_dup_string (value);
      self->label = vireo_uri_get_label (self->uri);
      break;
    case PROP_LABEL:
      if (self->uri != NULL)
        vireo_connection_set_label (self, g_value_get_string (value));
      break;
    case PROP_AUTOCONNECT:
      vireo_connection_set_autoconnect (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_connection_class_init (VireoConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vireo_connection_dispose;
  object_class->finalize = vireo_connection_finalize;
  object_class->get_property = vireo_connection_get_property;
  object_class->set_property = vireo_connection_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       VIREO_TYPE_CONNECTION_STATE, VIREO_CONNECTION_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECONNECT_SECONDS] =
    g_param_spec_uint ("reconnect-seconds", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTOCONNECT] =
    g_param_spec_boolean ("autoconnect", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOSTNAME] =
    g_param_spec_string ("hostname", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HYPERVISOR] =
    g_param_spec_string ("hypervisor", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoConnection::authenticate:
   * @request: the questions libvirt asks
   *
   * Emitted on the main thread when libvirt needs credentials. Return %TRUE
   * when you will call vireo_auth_request_respond() (now or later).
   */
  signals[AUTHENTICATE] =
    g_signal_new ("authenticate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_true_handled, NULL,
                  NULL,
                  G_TYPE_BOOLEAN, 1, VIREO_TYPE_AUTH_REQUEST);

  /**
   * VireoConnection::networks-changed:
   * @name: (nullable): the virtual network that changed, or %NULL when any
   *   may have (the connection has just been (re)opened)
   *
   * Emitted on the main thread when libvirt says a virtual network was
   * defined, undefined, started or stopped, and after every open. Read the
   * networks again (vireo_connection_get_host_caps_async()).
   */
  signals[NETWORKS_CHANGED] =
    g_signal_new ("networks-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vireo_connection_init (VireoConnection *self)
{
  self->domains = g_list_store_new (VIREO_TYPE_DOMAIN);
  self->by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending_adds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->dirty_uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             domain_handle_free);
  self->open_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->pool = g_thread_pool_new (worker_func, NULL, WORKER_THREADS, FALSE, NULL);
  self->keepalive_interval = 5;
  self->keepalive_count = 3;
  self->reconnect_first = 1;
  self->reconnect_max = 30;
  self->lifecycle_id = -1;
  self->metadata_id = -1;
  self->network_id = -1;
  g_mutex_init (&self->handle_lock);
}
