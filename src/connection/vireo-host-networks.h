/* vireo-host-networks.h — a host's virtual networks: the list (kept current
 * by libvirt's network events), their leases and users, and the changes
 * (start, stop, autostart, delete, define, create)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-connection.h"
#include "vireo-network.h"

G_BEGIN_DECLS

/* the most networks, leases and VMs read from one host (untrusted) */
#define VIREO_HOST_NETWORKS_MAX 4096

typedef struct
{
  char  *mac;
  char  *ip;        /* the address alone */
  guint  prefix;
  char  *hostname;  /* NULL when the client gave none */
  gint64 expiry;    /* seconds since the epoch; 0: never */
  char  *vm;        /* the VM with a NIC of that MAC, NULL when none */
} VireoNetworkLease;

void vireo_network_lease_free (VireoNetworkLease *lease);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoNetworkLease, vireo_network_lease_free)

#define VIREO_TYPE_HOST_NETWORKS (vireo_host_networks_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostNetworks, vireo_host_networks, VIREO, HOST_NETWORKS, GObject)

/* The one list of @connection's virtual networks (a GListModel of
 * VireoNetwork sorted by name), made on first use and kept current by
 * libvirt's network events and after every change made through it; a new
 * reference. The New VM wizard, the host window and the assistant share it;
 * "changed" says each time it was read again. */
VireoHostNetworks *vireo_host_networks_get            (VireoConnection   *connection);
VireoConnection   *vireo_host_networks_get_connection (VireoHostNetworks *self);
/* TRUE once the list was read at least once */
gboolean           vireo_host_networks_get_loaded     (VireoHostNetworks *self);
/* the network called @name (borrowed), or NULL */
VireoNetwork      *vireo_host_networks_lookup         (VireoHostNetworks *self,
                                                       const char        *name);
/* reads the list again now (events do it by themselves) */
void               vireo_host_networks_reload         (VireoHostNetworks *self);

typedef enum
{
  VIREO_NETWORK_ACTION_START,
  VIREO_NETWORK_ACTION_STOP,
  VIREO_NETWORK_ACTION_AUTOSTART_ON,
  VIREO_NETWORK_ACTION_AUTOSTART_OFF,
  VIREO_NETWORK_ACTION_DELETE,      /* stopped first when active, then undefined */
} VireoNetworkAction;

void     vireo_host_networks_action_async  (VireoHostNetworks  *self,
                                            const char         *name,
                                            VireoNetworkAction  action,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean vireo_host_networks_action_finish (VireoHostNetworks *self,
                                            GAsyncResult      *result,
                                            GError           **error);

/* Defines a network from @xml, checked against libvirt's schema. With
 * @expected_name (editing a network) the XML must keep that name. */
void     vireo_host_networks_define_xml_async  (VireoHostNetworks  *self,
                                                const char         *xml,
                                                const char         *expected_name,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean vireo_host_networks_define_xml_finish (VireoHostNetworks *self,
                                                GAsyncResult      *result,
                                                GError           **error);

/* The New Network assistant's Finish: checks @def (vireo_network_def_validate;
 * a name already taken; an IPv4 subnet that overlaps the host's addresses
 * or another network's; a host bridge or interface the host lacks), so bad
 * input creates nothing; defines it, sets autostart, starts it. A network
 * that was defined but failed to start stays defined (its settings kept,
 * for Start once the cause is fixed): the error then says so and its code is
 * VIREO_ERROR_INVALID_STATE. */
void     vireo_host_networks_create_async  (VireoHostNetworks     *self,
                                            const VireoNetworkDef *def,
                                            gboolean               start,
                                            gboolean               autostart,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
gboolean vireo_host_networks_create_finish (VireoHostNetworks *self,
                                            GAsyncResult      *result,
                                            GError           **error);

/* A free IPv4 address for a new network's host side ("192.168.100.1", /24):
 * in no subnet of the host's own addresses (getifaddrs on a local
 * connection, libvirt's interface list on a remote one) nor of another
 * network. */
void     vireo_host_networks_suggest_subnet_async  (VireoHostNetworks  *self,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
char    *vireo_host_networks_suggest_subnet_finish (VireoHostNetworks *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);

/* The DHCP leases of network @name (VireoNetworkLease, sorted by IP), each
 * with the VM whose NIC has its MAC. */
void       vireo_host_networks_list_leases_async  (VireoHostNetworks  *self,
                                                   const char         *name,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
GPtrArray *vireo_host_networks_list_leases_finish (VireoHostNetworks *self,
                                                   GAsyncResult      *result,
                                                   GError           **error);

/* The VMs with a NIC on network @name (saved or live definition), sorted */
void       vireo_host_networks_list_users_async  (VireoHostNetworks  *self,
                                                  const char         *name,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
GStrv      vireo_host_networks_list_users_finish (VireoHostNetworks *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);

G_END_DECLS
