/* vireo-host-resources.h — what a host offers a new VM: storage volumes,
 * network interfaces (bridges, devices for macvtap), CD/DVD drives, firmware
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-connection.h"

G_BEGIN_DECLS

typedef struct
{
  char *name;
  char *path;         /* what a <disk> points at */
  char *format;       /* "qcow2", "raw", "iso", …; NULL when libvirt does not say */
  guint64 capacity;   /* bytes */
  guint64 allocation; /* bytes */
  char *pool;         /* its pool (vireo_connection_lookup_volume_async; NULL in a pool's list) */
} VireoVolumeFacts;

typedef enum
{
  VIREO_INTERFACE_BRIDGE, /* a host bridge: <interface type='bridge'> */
  VIREO_INTERFACE_DEVICE, /* a network device to share with macvtap: <interface type='direct'> */
} VireoInterfaceKind;

typedef struct
{
  char *name;
  VireoInterfaceKind kind;
} VireoInterfaceFacts;

typedef struct
{
  char *path;  /* /dev/sr0 */
  char *model; /* "DVD-RAM drive", NULL when unknown */
} VireoDriveFacts;

void vireo_volume_facts_free (VireoVolumeFacts *facts);
void vireo_interface_facts_free (VireoInterfaceFacts *facts);
void vireo_drive_facts_free (VireoDriveFacts *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoVolumeFacts, vireo_volume_facts_free)

/* Pure parsers (tests feed them canned XML). */

/* Which firmware the host can boot guests with, from
 * virConnectGetDomainCapabilities: <os><enum name='firmware'> values
 * ("bios", "efi"), or, without them, <loader supported='yes'> with firmware
 * paths. FALSE (and both TRUE) when the XML does not say (no domain
 * capabilities: libvirt's test driver, old Xen hosts). */
gboolean
vireo_host_resources_parse_firmware (const char *domain_caps_xml, gboolean *bios, gboolean *uefi);
/* The most virtual CPUs a guest may have, from virConnectGetDomainCapabilities'
 * <vcpu max='N'/>; 0 when the XML does not say. */
guint vireo_host_resources_parse_max_vcpus (const char *domain_caps_xml);
/* The buses a disk can be on, from virConnectGetDomainCapabilities'
 * <devices><disk><enum name='bus'> values ("ide", "sata", "virtio", …;
 * at most 32 names, each letters and digits); NULL when the XML does not
 * say. */
GStrv vireo_host_resources_parse_disk_buses (const char *domain_caps_xml);
/* <device><capability type='net'><interface>NAME</interface>: NAME, or
 * NULL; @physical (may be NULL): the device sits on a bus (its <parent> is
 * not "computer"), so it is a network card rather than a virtual device */
char *vireo_host_resources_parse_net_device (const char *nodedev_xml, gboolean *physical);
/* <device><capability type='storage'><block>/dev/sr0</block>
 * <drive_type>cdrom</drive_type>: the drive, or NULL for other devices */
VireoDriveFacts *vireo_host_resources_parse_drive (const char *nodedev_xml);

/* The volumes of pool @pool (VireoVolumeFacts, sorted by name); the pool is
 * refreshed first. */
void vireo_connection_list_volumes_async (VireoConnection *self,
                                          const char *pool,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
GPtrArray *
vireo_connection_list_volumes_finish (VireoConnection *self, GAsyncResult *result, GError **error);

/* The volume @source names: a path (a file or a device a storage pool has
 * as a volume) or "pool/volume" (as vireo_device_dup_disk_source gives a
 * <source pool= volume=>), with its pool, name, path, format, capacity and
 * allocation; NULL and no error when it is not a volume of any pool. */
void vireo_connection_lookup_volume_async (VireoConnection *self,
                                           const char *source,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
VireoVolumeFacts *
vireo_connection_lookup_volume_finish (VireoConnection *self, GAsyncResult *result, GError **error);

/* Creates volume @name (@capacity bytes, @format "qcow2" or "raw") in @pool;
 * returns its path. */
void vireo_connection_create_volume_async (VireoConnection *self,
                                           const char *pool,
                                           const char *name,
                                           guint64 capacity,
                                           const char *format,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
char *
vireo_connection_create_volume_finish (VireoConnection *self, GAsyncResult *result, GError **error);

/* Deletes volume @name of @pool (a volume a failed step created). */
void vireo_connection_delete_volume_async (VireoConnection *self,
                                           const char *pool,
                                           const char *name,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
gboolean
vireo_connection_delete_volume_finish (VireoConnection *self, GAsyncResult *result, GError **error);

/* Starts the (inactive) virtual network @network. */
void vireo_connection_start_network_async (VireoConnection *self,
                                           const char *network,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
gboolean
vireo_connection_start_network_finish (VireoConnection *self, GAsyncResult *result, GError **error);

G_END_DECLS
