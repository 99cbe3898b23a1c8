/* vireo-usb-device.h — one USB device a console can redirect to its guest
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A USB device of this computer as a console session sees it (see
 * vireo_spice_session_get_usb_devices()). Read-only for everyone but the
 * session; notifies "redirected" and "busy" when they change. */

#define VIREO_TYPE_USB_DEVICE (vireo_usb_device_get_type ())
G_DECLARE_FINAL_TYPE (VireoUsbDevice, vireo_usb_device, VIREO, USB_DEVICE, GObject)

/* "Manufacturer Product", as the USB ID database or the device names it */
const char     *vireo_usb_device_get_description (VireoUsbDevice *self);
/* the description with the vendor and product IDs, e.g.
 * "SanDisk Cruzer Blade (0781:5567)": what a menu shows */
char           *vireo_usb_device_dup_label       (VireoUsbDevice *self);
guint16         vireo_usb_device_get_vendor_id   (VireoUsbDevice *self);
guint16         vireo_usb_device_get_product_id  (VireoUsbDevice *self);
/* USB bus number and device address on this computer */
guint           vireo_usb_device_get_bus         (VireoUsbDevice *self);
guint           vireo_usb_device_get_address     (VireoUsbDevice *self);
/* TRUE while the guest has the device (it is gone from this computer) */
gboolean        vireo_usb_device_get_redirected  (VireoUsbDevice *self);
/* TRUE while a redirection or a return is under way */
gboolean        vireo_usb_device_get_busy        (VireoUsbDevice *self);

/* -- for sessions ----------------------------------------------------------- */

/* @handle is the protocol's own device (owned: @destroy frees it) */
VireoUsbDevice *vireo_usb_device_new             (gpointer        handle,
                                                  GDestroyNotify  destroy,
                                                  const char     *description,
                                                  guint16         vendor_id,
                                                  guint16         product_id,
                                                  guint           bus,
                                                  guint           address);
gpointer        vireo_usb_device_get_handle      (VireoUsbDevice *self);
void            vireo_usb_device_set_redirected  (VireoUsbDevice *self,
                                                  gboolean        redirected);
void            vireo_usb_device_set_busy        (VireoUsbDevice *self,
                                                  gboolean        busy);

G_END_DECLS
