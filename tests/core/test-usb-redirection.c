/* test-usb-redirection.c — USB devices of a SPICE session, without a server
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What needs no guest: a device's label and notifications, and a SPICE
 * session that is not connected (no usbredir channels, no devices, a clear
 * error instead of a redirection). The real redirection is in
 * tests/live/test-live-usbredir.c.
 */
#define G_LOG_DOMAIN "vireo-test"
#include "config.h"

#include "vireo-error.h"
#include "vireo-spice-session.h"
#include "vireo-usb-device.h"

static guint handles_freed;

static void
free_handle (gpointer handle)
{
  g_assert_cmpstr (handle, ==, "handle");
  handles_freed++;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_device (void)
{
  VireoUsbDevice *device = vireo_usb_device_new ((gpointer) "handle", free_handle, "SanDisk Cruzer Blade",
                                                 0x0781, 0x5567, 3, 7);
  g_autofree char *label = vireo_usb_device_dup_label (device);
  guint redirected = 0, busy = 0;

  g_assert_cmpstr (label, ==, "SanDisk Cruzer Blade (0781:5567)");
  g_assert_cmpuint (vireo_usb_device_get_vendor_id (device), ==, 0x0781);
  g_assert_cmpuint (vireo_usb_device_get_product_id (device), ==, 0x5567);
  g_assert_cmpuint (vireo_usb_device_get_bus (device), ==, 3);
  g_assert_cmpuint (vireo_usb_device_get_address (device), ==, 7);
  g_assert_false (vireo_usb_device_get_redirected (device));
  g_assert_false (vireo_usb_device_get_busy (device));

  g_signal_connect (device, "notify::redirected", G_CALLBACK (count_notify), &redirected);
  g_signal_connect (device, "notify::busy", G_CALLBACK (count_notify), &busy);
  vireo_usb_device_set_redirected (device, TRUE);
  vireo_usb_device_set_redirected (device, TRUE);   /* no change, no notify */
  vireo_usb_device_set_busy (device, TRUE);
  vireo_usb_device_set_busy (device, FALSE);
  g_assert_cmpuint (redirected, ==, 1);
  g_assert_cmpuint (busy, ==, 2);
  g_assert_true (vireo_usb_device_get_redirected (device));

  handles_freed = 0;
  g_assert_finalize_object (device);
  g_assert_cmpuint (handles_freed, ==, 1);
}

static void
test_device_without_ids (void)
{
  g_autoptr(VireoUsbDevice) device = vireo_usb_device_new (NULL, NULL, "SPICE CD (disc.iso)", 0, 0, 0, 0);
  g_autofree char *label = vireo_usb_device_dup_label (device);

  g_assert_cmpstr (label, ==, "SPICE CD (disc.iso)");
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_disconnected_session (void)
{
  VireoConsoleSession *session = vireo_spice_session_new ();
  VireoSpiceSession *spice = VIREO_SPICE_SESSION (session);
  g_autoptr(VireoUsbDevice) device = vireo_usb_device_new (NULL, NULL, "Some Device", 1, 2, 1, 2);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (vireo_spice_session_get_usb_redirection (spice));
  g_assert_cmpuint (vireo_spice_session_get_n_usb_channels (spice), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (vireo_spice_session_get_usb_devices (spice)), ==, 0);
  g_assert_true (g_list_model_get_item_type (vireo_spice_session_get_usb_devices (spice)) ==
                 VIREO_TYPE_USB_DEVICE);

  /* a device the session does not list: an error, nothing done */
  vireo_spice_session_redirect_usb_device_async (spice, device, TRUE, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (vireo_spice_session_redirect_usb_device_finish (spice, result, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_DISCONNECTED);
  g_assert_false (vireo_usb_device_get_redirected (device));
  g_assert_false (vireo_usb_device_get_busy (device));
  g_clear_error (&error);

  g_assert_false (vireo_spice_session_add_usb_cd_image (spice, "/nonexistent.iso", &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_DISCONNECTED);

  g_clear_object (&result);
  g_assert_finalize_object (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/usb-redirection/device", test_device);
  g_test_add_func ("/usb-redirection/device-without-ids", test_device_without_ids);
  g_test_add_func ("/usb-redirection/disconnected-session", test_disconnected_session);

  return g_test_run ();
}
