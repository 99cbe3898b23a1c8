/* vireo-host-interfaces.h — the host's network interfaces as libvirt reports
 * them (read-only: this libvirt's interface driver, udev, cannot change them)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-connection.h"

G_BEGIN_DECLS

typedef struct
{
  char      *name;       /* "eth0", "br0": plain text from the host, bounded */
  char      *kind;       /* libvirt's type: "ethernet", "bridge", "bond", "vlan" */
  char      *mac;        /* NULL when libvirt does not say */
  gboolean   active;
  char     **addresses;  /* "192.168.0.5/24", "fe80::1/64"; never NULL */
  char     **members;    /* a bridge's or bond's interfaces; never NULL */
  char      *bridge;     /* the listed bridge this one is a member of, or NULL */
} VireoHostInterface;

void                vireo_host_interface_free  (VireoHostInterface *iface);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHostInterface, vireo_host_interface_free)

/* Pure parser (tests feed it canned XML): an <interface> from
 * virInterfaceGetXMLDesc, bounded (at most 64 addresses and 256 members,
 * names of 64 characters); NULL for bad XML or one without a name. */
VireoHostInterface *vireo_host_interface_parse (const char *interface_xml,
                                                gboolean    active);

/* The host's interfaces (VireoHostInterface by name, at most 4096), each
 * member's bridge filled in. Fails with VIREO_ERROR_NOT_SUPPORTED when
 * this libvirt has no interface driver. */
void       vireo_connection_list_host_interfaces_async  (VireoConnection    *self,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
GPtrArray *vireo_connection_list_host_interfaces_finish (VireoConnection *self,
                                                         GAsyncResult    *result,
                                                         GError         **error);

G_END_DECLS
