/* vireo-host-devices.h — the host's USB and PCI devices a VM can be given,
 * and its node devices (PCI, USB, SCSI, net, mediated) with their drivers
 * and the VM each is assigned to, for the host window's Interfaces page
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-connection.h"

G_BEGIN_DECLS

typedef enum
{
  VIREO_HOST_DEVICE_USB,
  VIREO_HOST_DEVICE_PCI,
  VIREO_HOST_DEVICE_SCSI,
  VIREO_HOST_DEVICE_NET,
  VIREO_HOST_DEVICE_MDEV,
} VireoHostDeviceType;

typedef struct
{
  VireoHostDeviceType type;
  char  *name;         /* libvirt's node device name: "usb_1_5", "pci_0000_00_1f_3" */
  char  *description;  /* "Logitech, Inc. Unifying Receiver (046d:c52b)": plain
                        * text from the host, bounded and valid UTF-8 */
  guint  vendor_id;    /* 0 when libvirt does not say */
  guint  product_id;
  char  *pci_address;  /* PCI: "0000:00:1f.3"; NULL for USB */
  char  *used_by;      /* PCI, USB, mediated: a VM of the host (not the one
                        * asking) given this device, in its live or saved
                        * definition; NULL when none */
  char  *driver;       /* the host driver bound to it ("e1000e"), NULL when none */
  guint  usb_bus;      /* USB: its bus and device numbers, 0 when not said */
  guint  usb_device;
  char  *mdev_uuid;    /* mediated: its UUID, NULL otherwise */
} VireoHostDevice;

void             vireo_host_device_free  (VireoHostDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHostDevice, vireo_host_device_free)

/* Pure parser (tests feed it canned XML): a <device> with a usb_device or
 * pci capability, or NULL for any other (or bad) XML. */
VireoHostDevice *vireo_host_device_parse (const char *nodedev_xml);
/* The same for any node device Vireo lists: a usb_device, pci, scsi, net or
 * mdev capability; NULL for any other (or bad) XML. */
VireoHostDevice *vireo_node_device_parse (const char *nodedev_xml);
/* "PCI", "USB", "SCSI", "Network", "Mediated" (translated) */
const char      *vireo_host_device_type_label (VireoHostDeviceType type);

/* The host's USB and PCI devices (VireoHostDevice, USB first, then PCI, each
 * by description); for PCI, which other VM (@except_uuid is the VM asking)
 * already has the device. */
void       vireo_connection_list_host_devices_async  (VireoConnection    *self,
                                                      const char         *except_uuid,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
GPtrArray *vireo_connection_list_host_devices_finish (VireoConnection *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);

/* Every PCI, USB, SCSI (devices and hosts), net and mediated node device of the host
 * (VireoHostDevice, by type then description, at most 8192) with the VM
 * each is assigned to: the host window's list. */
void       vireo_connection_list_node_devices_async  (VireoConnection    *self,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
GPtrArray *vireo_connection_list_node_devices_finish (VireoConnection *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);

/* Follows libvirt's node device events on @connection while it is connected
 * (registered in a worker, dropped with the object): "changed" (main
 * context) when a device is added, removed or updated. Drivers without node
 * device events never emit it. */
#define VIREO_TYPE_NODE_DEVICE_WATCH (vireo_node_device_watch_get_type ())
G_DECLARE_FINAL_TYPE (VireoNodeDeviceWatch, vireo_node_device_watch, VIREO, NODE_DEVICE_WATCH, GObject)

VireoNodeDeviceWatch *vireo_node_device_watch_new (VireoConnection *connection);

G_END_DECLS
