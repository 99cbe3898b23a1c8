/* vireo-usb-device.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-usb-device"

#include "config.h"

#include "vireo-usb-device.h"

struct _VireoUsbDevice
{
  GObject         parent_instance;

  gpointer        handle;
  GDestroyNotify  destroy;
  char           *description;
  guint16         vendor_id;
  guint16         product_id;
  guint           bus;
  guint           address;
  guint           redirected : 1;
  guint           busy : 1;
};

G_DEFINE_FINAL_TYPE (VireoUsbDevice, vireo_usb_device, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DESCRIPTION,
  PROP_VENDOR_ID,
  PROP_PRODUCT_ID,
  PROP_REDIRECTED,
  PROP_BUSY,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void
vireo_usb_device_finalize (GObject *object)
{
  VireoUsbDevice *self = VIREO_USB_DEVICE (object);

  if (self->destroy != NULL && self->handle != NULL)
    self->destroy (self->handle);
  g_free (self->description);

  G_OBJECT_CLASS (vireo_usb_device_parent_class)->finalize (object);
}

static void
vireo_usb_device_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VireoUsbDevice *self = VIREO_USB_DEVICE (object);

  switch (prop_id)
    {
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_VENDOR_ID:
      g_value_set_uint (value, self->vendor_id);
      break;
    case PROP_PRODUCT_ID:
      g_value_set_uint (value, self->product_id);
      break;
    case PROP_REDIRECTED:
      g_value_set_boolean (value, self->redirected);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_usb_device_class_init (VireoUsbDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vireo_usb_device_finalize;
  object_class->get_property = vireo_usb_device_get_property;

  properties[PROP_DESCRIPTION] =
      g_param_spec_string ("description", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VENDOR_ID] =
      g_param_spec_uint ("vendor-id", NULL, NULL, 0, G_MAXUINT16, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRODUCT_ID] =
      g_param_spec_uint ("product-id", NULL, NULL, 0, G_MAXUINT16, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDIRECTED] =
      g_param_spec_boolean ("redirected", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
      g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_usb_device_init (VireoUsbDevice *self)
{
}

VireoUsbDevice *
vireo_usb_device_new (gpointer        handle,
                      GDestroyNotify  destroy,
                      const char     *description,
                      guint16         vendor_id,
                      guint16         product_id,
                      guint           bus,
                      guint           address)
{
  VireoUsbDevice *self = g_object_new (VIREO_TYPE_USB_DEVICE, NULL);

  self->handle = handle;
  self->destroy = destroy;
  self->description = g_strdup (description);
  self->vendor_id = vendor_id;
  self->product_id = product_id;
  self->bus = bus;
  self->address = address;
  return self;
}

const char *
vireo_usb_device_get_description (VireoUsbDevice *self)
{
  g_return_val_if_fail (VIREO_IS_USB_DEVICE (self), NULL);

  return self->description;
}

char *
vireo_usb_device_dup_label (VireoUsbDevice *self)
{
  g_return_val_if_fail (VIREO_IS_USB_DEVICE (self), NULL);

  if (self->vendor_id == 0 && self->product_id == 0)
    return g_strdup (self->description);
  /* not translated: a name and two hexadecimal numbers */
  return g_strdup_printf ("%s (%04x:%04x)", self->description, self->vendor_id, self->product_id);
}

guint16
vireo_usb_device_get_vendor_id (VireoUsbDevice *self)
{
  g_return_val_if_fail (VIREO_IS_USB_DEVICE (self), 0);

  return self->vendor_id;
}

guint16
vireo_usb_device_get_product_id (VireoUsbDevice *self)
{
  g_return_val_if_fail (VIREO_IS_USB_DEVICE (self), 0);

  return self->product_id;
}

guint
vireo_usb_device_get_bus (VireoUsbDevice *self)
{
  g_return_val_if_fail (VIREO_IS_USB_DEVICE (self), 0);

  return self->bus;
}

guint
vireo_usb_device_get_address (VireoUsbDevice *self)
{
  g_return_val_if_fail (VIREO_IS_USB_DEVICE (self), 0);

  return self->address;
}

gboolean
vireo_usb_device_get_redirected (VireoUsbDevice *self)
{
  g_return_val_if_fail (VIREO_IS_USB_DEVICE (self), FALSE);

  return self->redirected;
}

gboolean
vireo_usb_device_get_busy (VireoUsbDevice *self)
{
  g_return_val_if_fail (VIREO_IS_USB_DEVICE (self), FALSE);

  return self->busy;
}

gpointer
vireo_usb_device_get_handle (VireoUsbDevice *self)
{
  g_return_val_if_fail (VIREO_IS_USB_DEVICE (self), NULL);

  return self->handle;
}

void
vireo_usb_device_set_redirected (VireoUsbDevice *self,
                                 gboolean        redirected)
{
  g_return_if_fail (VIREO_IS_USB_DEVICE (self));

  redirected = !!redirected;
  if (self->redirected == redirected)
    return;
  self->redirected = redirected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDIRECTED]);
}

void
vireo_usb_device_set_busy (VireoUsbDevice *self,
                           gboolean        busy)
{
  g_return_if_fail (VIREO_IS_USB_DEVICE (self));

  busy = !!busy;
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}
