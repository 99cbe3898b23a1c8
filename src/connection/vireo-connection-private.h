/* vireo-connection-private.h — what the core's own objects need of
 * VireoConnection: the libvirt handle, the worker pool. Only the core
 * (and its tests) include it: the UI and the wizards never see libvirt.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-stats-sampler.h"

G_BEGIN_DECLS

/* a new reference to the libvirt handle, or NULL when not connected */
virConnectPtr        vireo_connection_ref_handle         (VireoConnection *self);
/* runs @func in this connection's worker pool. g_task_set_return_on_cancel()
 * has no effect here (it only works with g_task_run_in_thread()): an
 * operation that must return at once when cancelled answers its caller's
 * task from the cancellable's handler, as vireo_connection_open_async() does */
void                 vireo_connection_run_in_worker      (VireoConnection *self,
                                                          GTask           *task,
                                                          GTaskThreadFunc  func);

/* main thread: the VM is gone (deleted through Vireo, or found missing) */
void _vireo_connection_remove_domain (VireoConnection *self,
                                      VireoDomain     *domain);

/* tests: blocks of callback data alive, in every connection (one per open
 * handle and per open in flight; libvirt's callbacks share them) */
guint    _vireo_connection_get_n_callback_data (void);

/* tests: whether a lost connection comes back by itself */
gboolean _vireo_connection_get_reconnects      (VireoConnection *self);

/* -- the class's own files only ------------------------------------------------
 * VireoConnection is one class in three files that share what follows:
 * vireo-connection.c (open, auth, keepalive, reconnect, the object),
 * vireo-connection-events.c (libvirt's callbacks and the events they
 * dispatch) and vireo-connection-domains.c (the list of VMs). The rest of
 * the core uses the functions above, never the struct: only files that
 * define VIREO_CONNECTION_COMPILATION before their includes see it. */
#ifdef VIREO_CONNECTION_COMPILATION

/* Shared with libvirt callbacks, which may outlive the object. The close
 * callback holds no reference of its own: libvirt never calls the free
 * function of a close callback on drivers without close callbacks (the test
 * driver, embedded drivers), so the owner of the handle keeps its reference
 * until _vireo_connection_close_handle_later() has unregistered it. */
typedef struct
{
  gatomicrefcount ref_count;
  GWeakRef        self;
  guint           generation;
  GMainContext   *context;
} CallbackData;

struct _VireoConnection
{
  GObject              parent_instance;

  char                *uri;
  char                *label;
  char                *hostname;
  char                *hypervisor;
  GError              *error;

  VireoConnectionState state;
  guint                read_only : 1;
  guint                autoconnect : 1;
  guint                want_read_only : 1;
  guint                should_reconnect : 1;
  guint                open_is_reconnect : 1;   /* no caller asked for this open */

  GListStore          *domains;        /* VireoDomain */
  GHashTable          *by_uuid;        /* uuid -> VireoDomain (borrowed) */
  GHashTable          *pending_adds;   /* uuid -> GINT_TO_POINTER (still wanted) */
  GHashTable          *dirty_uuids;    /* events seen while an open was in flight */

  GMutex               handle_lock;
  virConnectPtr        handle;
  guint                generation;     /* bumped on every open and close */
  CallbackData        *callbacks;      /* for the current handle */
  int                  lifecycle_id;
  int                  metadata_id;
  int                  network_id;     /* network lifecycle events */

  int                  keepalive_interval;
  guint                keepalive_count;
  guint                reconnect_first;
  guint                reconnect_max;
  guint                reconnect_delay;
  guint                reconnect_seconds;
  guint                reconnect_source;

  GCancellable        *open_cancellable;
  GPtrArray           *open_waiters;   /* GTask */
  GThreadPool         *pool;

  VireoStatsSampler   *sampler;        /* owned; made on first use */
};

/* pending_adds values: what to do when the reading of a new VM returns */
enum {
  ADD_CANCELLED,      /* undefined meanwhile: drop it */
  ADD_WANTED,
  ADD_WANTED_AGAIN,   /* more events came: add it, then read it again */
};

/* what libvirt's close callback passes to the main context */
typedef struct
{
  CallbackData *callbacks;
  int           reason;
} CloseData;

/* vireo-connection.c */
void             _vireo_connection_emit_networks_changed (VireoConnection *self,
                                                          const char      *name);
/* main context: the handle was closed (@user_data: CloseData) */
gboolean         _vireo_connection_closed_idle           (gpointer         user_data);

/* vireo-connection-events.c: callback data (any thread), libvirt's callbacks */
CallbackData    *_vireo_connection_callback_data_new     (VireoConnection *self);
CallbackData    *_vireo_connection_callback_data_ref     (CallbackData    *data);
void             _vireo_connection_callback_data_unref   (gpointer         ptr);
/* the connection, if it still exists and @data belongs to its current handle */
VireoConnection *_vireo_connection_callback_data_get     (CallbackData    *data);
/* worker thread: registers the events and the close callback of a new handle */
void             _vireo_connection_register_callbacks    (virConnectPtr    handle,
                                                          CallbackData    *callbacks,
                                                          int             *lifecycle_id,
                                                          int             *metadata_id,
                                                          int             *network_id);
/* any thread: deregisters and closes @handle (may be NULL) on a worker */
void             _vireo_connection_close_handle_later    (virConnectPtr    handle,
                                                          int              lifecycle_id,
                                                          int              metadata_id,
                                                          int              network_id);

/* vireo-connection-domains.c: the list of VMs (main thread) */
void             _vireo_connection_set_domains_available (VireoConnection *self,
                                                          gboolean         available);
/* replaces the list's content with @snapshots (VireoDomainSnapshot) */
void             _vireo_connection_merge_domains         (VireoConnection *self,
                                                          GPtrArray       *snapshots);
/* reads a VM an event told of and adds it */
void             _vireo_connection_fetch_new_domain      (VireoConnection *self,
                                                          virDomainPtr     handle,
                                                          const char      *uuid);
void             _vireo_connection_resolve_os_names      (VireoConnection *self);

#endif /* VIREO_CONNECTION_COMPILATION */

G_END_DECLS
