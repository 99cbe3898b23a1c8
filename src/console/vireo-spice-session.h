/* vireo-spice-session.h — a SPICE console through spice-client-glib
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-console-session.h"
#include "vireo-usb-device.h"

G_BEGIN_DECLS

/* SPICE on spice-client-glib (the GTK-free half of spice-gtk). Uses the
 * main, display (monitor 0), inputs and cursor channels. A session started
 * with vireo_console_session_connect_fd() asks "need-fd" once for every
 * further channel: answer each with a new socket to the same display
 * (another virDomainOpenGraphicsFD). The screen is copied out of SPICE's
 * primary surface on every invalidate (only the invalidated rectangle).
 * set_size sends a monitor configuration through the guest agent. */

#define VIREO_TYPE_SPICE_SESSION (vireo_spice_session_get_type ())
G_DECLARE_FINAL_TYPE (VireoSpiceSession, vireo_spice_session, VIREO, SPICE_SESSION, VireoConsoleSession)

VireoConsoleSession *vireo_spice_session_new (void);

/* -- USB device redirection ------------------------------------------------
 *
 * Through the guest's usbredir channels (<redirdev bus='usb'
 * type='spicevmc'/>, one device per channel) a USB device of this computer
 * moves into the guest: while redirected, this computer no longer has it.
 * Nothing is redirected unless asked.
 *
 * "usb-redirection" (property): the guest has usbredir channels and at
 *     least one of them is connected (FALSE when disconnected).
 * get_usb_devices(): the host's USB devices (VireoUsbDevice), a list that
 *     stays the same object for the life of the session object; it changes
 *     ("items-changed") as devices are plugged in and out, and each device
 *     notifies "redirected" and "busy".
 * get_usb_error(): why the host's USB devices cannot be listed (no USB
 *     support on this computer), or NULL.
 * "usb-device-error" (VireoUsbDevice *device, GError *error): a redirected
 *     device failed in the guest or vanished; it is no longer redirected. */

gboolean      vireo_spice_session_get_usb_redirection (VireoSpiceSession *self);
/* how many usbredir channels the guest has (how many devices it can take
 * at once), connected or not */
guint         vireo_spice_session_get_n_usb_channels  (VireoSpiceSession *self);
GListModel   *vireo_spice_session_get_usb_devices     (VireoSpiceSession *self);
const GError *vireo_spice_session_get_usb_error       (VireoSpiceSession *self);

/* Gives @device to the guest (@redirect TRUE) or takes it back. Fails with a
 * sentence for people: VIREO_ERROR_PERMISSION_DENIED when this user may not
 * open the device node, VIREO_ERROR_INVALID_STATE when every usbredir
 * channel is in use, VIREO_ERROR_NOT_SUPPORTED when the guest has none;
 * SPICE's own text is in vireo_error_get_details(). */
void          vireo_spice_session_redirect_usb_device_async  (VireoSpiceSession   *self,
                                                              VireoUsbDevice      *device,
                                                              gboolean             redirect,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean      vireo_spice_session_redirect_usb_device_finish (VireoSpiceSession   *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

/* Adds an emulated USB CD-ROM drive holding the ISO image @path to the
 * device list (SPICE's shared CD); it is redirected like any other device.
 * Only while connected. */
gboolean      vireo_spice_session_add_usb_cd_image    (VireoSpiceSession   *self,
                                                       const char          *path,
                                                       GError             **error);

G_END_DECLS
