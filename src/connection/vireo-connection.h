/* vireo-connection.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-auth-request.h"

G_BEGIN_DECLS

typedef enum
{
  VIREO_CONNECTION_STATE_DISCONNECTED,
  VIREO_CONNECTION_STATE_CONNECTING,
  VIREO_CONNECTION_STATE_CONNECTED,
} VireoConnectionState;

#define VIREO_TYPE_CONNECTION_STATE (vireo_connection_state_get_type ())
GType vireo_connection_state_get_type (void);

typedef struct _VireoDomain VireoDomain;

#define VIREO_TYPE_CONNECTION (vireo_connection_get_type ())
G_DECLARE_FINAL_TYPE (VireoConnection, vireo_connection, VIREO, CONNECTION, GObject)

VireoConnection     *vireo_connection_new                (const char *uri);

const char          *vireo_connection_get_uri            (VireoConnection *self);
const char          *vireo_connection_get_label          (VireoConnection *self);
void                 vireo_connection_set_label          (VireoConnection *self,
                                                          const char      *label);
VireoConnectionState vireo_connection_get_state          (VireoConnection *self);
gboolean             vireo_connection_get_read_only      (VireoConnection *self);
/* why the connection is not connected (NULL when it is, or never tried) */
const GError        *vireo_connection_get_error          (VireoConnection *self);
/* seconds until the next reconnect attempt; 0 when none is scheduled */
guint                vireo_connection_get_reconnect_seconds (VireoConnection *self);
gboolean             vireo_connection_get_autoconnect    (VireoConnection *self);
void                 vireo_connection_set_autoconnect    (VireoConnection *self,
                                                          gboolean         autoconnect);
/* host facts, known once connected (NULL before) */
const char          *vireo_connection_get_hostname       (VireoConnection *self);
const char          *vireo_connection_get_hypervisor     (VireoConnection *self);

/* GListModel of VireoDomain, in no particular order; the objects survive a
 * reconnect (the same VM keeps the same VireoDomain). */
GListModel          *vireo_connection_get_domains        (VireoConnection *self);
VireoDomain         *vireo_connection_lookup_domain      (VireoConnection *self,
                                                          const char      *uuid);

/* keepalive: ping every @interval s, give up after @count missed answers.
 * Takes effect at the next open. Defaults 5 s × 3. */
void                 vireo_connection_set_keepalive      (VireoConnection *self,
                                                          int              interval,
                                                          guint            count);
/* reconnect back-off bounds in seconds (defaults 1 and 30) */
void                 vireo_connection_set_reconnect_delays (VireoConnection *self,
                                                            guint            first,
                                                            guint            max);

/* Opens the connection on a worker thread. @read_only asks for a read-only
 * connection. Authentication questions are emitted as the "authenticate"
 * signal on the main thread. The domain list is loaded before the task
 * completes. Afterwards lost connections reconnect by themselves until
 * vireo_connection_close() is called. */
void                 vireo_connection_open_async         (VireoConnection    *self,
                                                          gboolean            read_only,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean             vireo_connection_open_finish        (VireoConnection *self,
                                                          GAsyncResult    *result,
                                                          GError         **error);
/* disconnects and stops reconnecting; domains stay listed but unavailable */
void                 vireo_connection_close              (VireoConnection *self);

G_END_DECLS
