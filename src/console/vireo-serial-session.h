/* vireo-serial-session.h — a guest's serial port or text console
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

/* A byte stream to a guest's serial port or <console> device through
 * virDomainOpenConsole (works locally and over remote connections).
 * vireo_core_init() must have run: the stream is driven by libvirt's event
 * loop in the GLib main context. Received bytes come as "data" (GBytes);
 * "closed" (GError or NULL) says the stream ended (guest stopped, another
 * client took the console, the connection dropped, or close()). */

#define VIREO_TYPE_SERIAL_SESSION (vireo_serial_session_get_type ())
G_DECLARE_FINAL_TYPE (VireoSerialSession, vireo_serial_session, VIREO, SERIAL_SESSION, GObject)

/* @devname: the device alias ("serial0", "console1"; see VireoConsoleInfo)
 * or NULL for the guest's first console */
VireoSerialSession *vireo_serial_session_new          (VireoDomain *domain,
                                                       const char  *devname);
VireoDomain        *vireo_serial_session_get_domain   (VireoSerialSession *self);
const char         *vireo_serial_session_get_devname  (VireoSerialSession *self);
gboolean            vireo_serial_session_get_is_open  (VireoSerialSession *self);

/* Opens the console (on a worker), taking it over from any other client. */
void                vireo_serial_session_open_async   (VireoSerialSession *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean            vireo_serial_session_open_finish  (VireoSerialSession *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

/* Queues @len bytes for the guest (typed keys, pasted text). */
void                vireo_serial_session_write        (VireoSerialSession *self,
                                                       const void         *data,
                                                       gsize               len);

/* Closes the stream; "closed" follows with no error. */
void                vireo_serial_session_close        (VireoSerialSession *self);

/* For tests: how many times any session asked libvirt for a console (retries included). */
guint               _vireo_serial_session_get_open_attempts (void);

G_END_DECLS
