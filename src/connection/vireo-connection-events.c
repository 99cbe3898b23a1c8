/* vireo-connection-events.c — libvirt's callbacks into a connection: the data
 * they share with it, and the domain and network events they dispatch
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-connection"
#define VIREO_CONNECTION_COMPILATION

#include "config.h"

#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-domain-private.h"

/* -- callback data --------------------------------------------------------- */

static gint n_callback_data;   /* alive, for the tests */

guint
_vireo_connection_get_n_callback_data (void)
{
  return (guint) g_atomic_int_get (&n_callback_data);
}

CallbackData *
_vireo_connection_callback_data_new (VireoConnection *self)
{
  CallbackData *data = g_new0 (CallbackData, 1);

  g_atomic_ref_count_init (&data->ref_count);
  g_weak_ref_init (&data->self, self);
  data->generation = self->generation;
  data->context = g_main_context_ref_thread_default ();
  g_atomic_int_inc (&n_callback_data);
  return data;
}

CallbackData *
_vireo_connection_callback_data_ref (CallbackData *data)
{
  g_atomic_ref_count_inc (&data->ref_count);
  return data;
}

void
_vireo_connection_callback_data_unref (gpointer ptr)
{
  CallbackData *data = ptr;

  if (g_atomic_ref_count_dec (&data->ref_count))
    {
      g_weak_ref_clear (&data->self);
      g_main_context_unref (data->context);
      g_free (data);
      g_atomic_int_add (&n_callback_data, -1);
    }
}

/* The connection, if it still exists and @data belongs to its current handle */
VireoConnection *
_vireo_connection_callback_data_get (CallbackData *data)
{
  VireoConnection *self = g_weak_ref_get (&data->self);

  if (self != NULL && self->generation != data->generation)
    g_clear_object (&self);
  return self;
}

/* -- events ------------------------------------------------------------------ */

static int
lifecycle_event_cb (virConnectPtr conn,
                    virDomainPtr  handle,
                    int           event,
                    int           detail,
                    void         *opaque)
{
  g_autoptr(VireoConnection) self = _vireo_connection_callback_data_get (opaque);
  char uuid[VIR_UUID_STRING_BUFLEN];
  VireoDomain *domain;

  if (self == NULL || virDomainGetUUIDString (handle, uuid) < 0)
    return 0;

  if (self->state != VIREO_CONNECTION_STATE_CONNECTED)
    {
      /* the list is still being read: look at this VM again afterwards */
      virDomainRef (handle);
      g_hash_table_replace (self->dirty_uuids, g_strdup (uuid), handle);
      return 0;
    }

  domain = g_hash_table_lookup (self->by_uuid, uuid);

  switch (event)
    {
    case VIR_DOMAIN_EVENT_UNDEFINED:
      /* renamed (issue 15): the same VM, same uuid; "defined, renamed" follows */
      if (detail == VIR_DOMAIN_EVENT_UNDEFINED_RENAMED && domain != NULL)
        return 0;
      if (g_hash_table_contains (self->pending_adds, uuid))
        g_hash_table_replace (self->pending_adds, g_strdup (uuid), GINT_TO_POINTER (ADD_CANCELLED));
      if (domain != NULL)
        {
          if (vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_SHUTOFF ||
              vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_NOSTATE)
            _vireo_connection_remove_domain (self, domain);
          else
            vireo_domain_refresh (domain);   /* still running: now transient */
        }
      return 0;

    case VIR_DOMAIN_EVENT_DEFINED:
      /* renamed: read through this event's handle, which has the new name (an
       * in-process driver's older handles keep the old one) */
      if (detail == VIR_DOMAIN_EVENT_DEFINED_RENAMED && domain != NULL)
        {
          _vireo_connection_fetch_new_domain (self, handle, uuid);
          return 0;
        }
      break;

    case VIR_DOMAIN_EVENT_STOPPED:
      if (domain != NULL)
        {
          if (!vireo_domain_get_persistent (domain))
            {
              _vireo_connection_remove_domain (self, domain);
              return 0;
            }
          _vireo_domain_set_state (domain, VIREO_DOMAIN_STATE_SHUTOFF);
          _vireo_domain_stopped (domain, detail);
        }
      break;

    case VIR_DOMAIN_EVENT_STARTED:
    case VIR_DOMAIN_EVENT_RESUMED:
      if (domain != NULL)
        _vireo_domain_set_state (domain, VIREO_DOMAIN_STATE_RUNNING);
      break;

    case VIR_DOMAIN_EVENT_SUSPENDED:
      if (domain != NULL)
        _vireo_domain_set_state (domain, VIREO_DOMAIN_STATE_PAUSED);
      break;

    case VIR_DOMAIN_EVENT_PMSUSPENDED:
      if (domain != NULL)
        _vireo_domain_set_state (domain, VIREO_DOMAIN_STATE_PMSUSPENDED);
      break;

    case VIR_DOMAIN_EVENT_CRASHED:
      if (domain != NULL)
        _vireo_domain_set_state (domain, VIREO_DOMAIN_STATE_CRASHED);
      break;

    default:
      break;
    }

  /* libvirt reverted a snapshot (issue 15): its list changes (current marker) */
  if (domain != NULL &&
      ((event == VIR_DOMAIN_EVENT_DEFINED && detail == VIR_DOMAIN_EVENT_DEFINED_FROM_SNAPSHOT) ||
       (event == VIR_DOMAIN_EVENT_STARTED && detail == VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT) ||
       (event == VIR_DOMAIN_EVENT_STOPPED && detail == VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT) ||
       (event == VIR_DOMAIN_EVENT_SUSPENDED && detail == VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT) ||
       (event == VIR_DOMAIN_EVENT_RESUMED && detail == VIR_DOMAIN_EVENT_RESUMED_FROM_SNAPSHOT)))
    _vireo_domain_emit_snapshots_changed (domain);

  if (domain != NULL)
    vireo_domain_refresh (domain);
  else if (event != VIR_DOMAIN_EVENT_STOPPED)
    _vireo_connection_fetch_new_domain (self, handle, uuid);

  return 0;
}

static void
metadata_event_cb (virConnectPtr conn,
                   virDomainPtr  handle,
                   int           type,
                   const char   *nsuri,
                   void         *opaque)
{
  g_autoptr(VireoConnection) self = _vireo_connection_callback_data_get (opaque);
  char uuid[VIR_UUID_STRING_BUFLEN];
  VireoDomain *domain;

  if (self == NULL || virDomainGetUUIDString (handle, uuid) < 0)
    return;
  domain = g_hash_table_lookup (self->by_uuid, uuid);
  if (domain != NULL)
    vireo_domain_refresh (domain);
}

/* A virtual network was defined, undefined, started or stopped: said at
 * once (on the main context, like every libvirt event here). While the
 * connection opens, open_done() says it once it is connected. */
static void
network_event_cb (virConnectPtr conn,
                  virNetworkPtr network,
                  int           event,
                  int           detail,
                  void         *opaque)
{
  g_autoptr(VireoConnection) self = _vireo_connection_callback_data_get (opaque);
  const char *name;

  if (self == NULL || self->state != VIREO_CONNECTION_STATE_CONNECTED)
    return;
  name = virNetworkGetName (network);
  _vireo_connection_emit_networks_changed (self, name);
}

/* -- the close callback ------------------------------------------------------ */

static void
close_data_free (gpointer ptr)
{
  CloseData *data = ptr;

  _vireo_connection_callback_data_unref (data->callbacks);
  g_free (data);
}

/* may run on any thread */
static void
on_close (virConnectPtr conn,
          int           reason,
          void         *opaque)
{
  CallbackData *callbacks = opaque;
  CloseData *data = g_new0 (CloseData, 1);
  GSource *source;

  data->callbacks = _vireo_connection_callback_data_ref (callbacks);
  data->reason = reason;
  /* Never run it right here: libvirt holds its close-callback lock while
   * calling us, and dropping the handle takes that lock again. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, _vireo_connection_closed_idle, data, close_data_free);
  g_source_set_static_name (source, "[vireo] connection closed");
  g_source_attach (source, callbacks->context);
  g_source_unref (source);
}

/* -- registering and deregistering ------------------------------------------- */

/* worker thread, while opening: the domain and network events and the close
 * callback of a new handle; an id is -1 where the driver said no */
void
_vireo_connection_register_callbacks (virConnectPtr  handle,
                                      CallbackData  *callbacks,
                                      int           *lifecycle_id,
                                      int           *metadata_id,
                                      int           *network_id)
{
  /* through G_CALLBACK: libvirt takes each event's own callback type as one
   * generic type, and a cast between two function types is only quiet
   * (-Wcast-function-type, gcc and clang) when one of them is void (*) (void) */
  *lifecycle_id = virConnectDomainEventRegisterAny (handle, NULL,
                                                    VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                    VIR_DOMAIN_EVENT_CALLBACK (G_CALLBACK (lifecycle_event_cb)),
                                                    _vireo_connection_callback_data_ref (callbacks),
                                                    _vireo_connection_callback_data_unref);
  if (*lifecycle_id < 0)
    _vireo_connection_callback_data_unref (callbacks);
  *metadata_id = virConnectDomainEventRegisterAny (handle, NULL,
                                                   VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
                                                   VIR_DOMAIN_EVENT_CALLBACK (G_CALLBACK (metadata_event_cb)),
                                                   _vireo_connection_callback_data_ref (callbacks),
                                                   _vireo_connection_callback_data_unref);
  if (*metadata_id < 0)
    _vireo_connection_callback_data_unref (callbacks);
  /* drivers without a network driver (or events for it) simply say no */
  *network_id = virConnectNetworkEventRegisterAny (handle, NULL,
                                                   VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                                   VIR_NETWORK_EVENT_CALLBACK (G_CALLBACK (network_event_cb)),
                                                   _vireo_connection_callback_data_ref (callbacks),
                                                   _vireo_connection_callback_data_unref);
  if (*network_id < 0)
    _vireo_connection_callback_data_unref (callbacks);
  virResetLastError ();

  /* no free function: see CallbackData */
  if (virConnectRegisterCloseCallback (handle, on_close, callbacks, NULL) < 0)
    virResetLastError ();
}

/* Deregisters the events and closes a libvirt handle on a worker: both may
 * wait on the network. */
typedef struct
{
  virConnectPtr handle;
  int           lifecycle_id;
  int           metadata_id;
  int           network_id;
} CloseJob;

static void
close_handle_thread (gpointer data,
                     gpointer user_data)
{
  CloseJob *job = data;

  if (job->lifecycle_id >= 0)
    virConnectDomainEventDeregisterAny (job->handle, job->lifecycle_id);
  if (job->metadata_id >= 0)
    virConnectDomainEventDeregisterAny (job->handle, job->metadata_id);
  if (job->network_id >= 0)
    virConnectNetworkEventDeregisterAny (job->handle, job->network_id);
  virConnectClose (job->handle);
  virResetLastError ();
  g_free (job);
}

void
_vireo_connection_close_handle_later (virConnectPtr handle,
                                      int           lifecycle_id,
                                      int           metadata_id,
                                      int           network_id)
{
  static GThreadPool *closer;
  static gsize once;
  CloseJob *job;

  if (handle == NULL)
    return;
  if (g_once_init_enter (&once))
    {
      closer = g_thread_pool_new (close_handle_thread, NULL, 2, FALSE, NULL);
      g_once_init_leave (&once, 1);
    }
  /* no more close notifications for this handle; local call. It waits for
   * an on_close() in progress, so the caller may drop its CallbackData next */
  virConnectUnregisterCloseCallback (handle, on_close);
  virResetLastError ();
  job = g_new0 (CloseJob, 1);
  job->handle = handle;
  job->lifecycle_id = lifecycle_id;
  job->metadata_id = metadata_id;
  job->network_id = network_id;
  g_thread_pool_push (closer, job, NULL);
}
