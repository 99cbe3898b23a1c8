/* vireo-network.h — one virtual network of a host: its definition (read
 * from libvirt's XML, or written for the New Network assistant) and the
 * VireoNetwork item of a host's list (vireo-host-networks.h)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Bounds on what is read from libvirt's XML (a remote libvirtd is untrusted) */
#define VIREO_NETWORK_MAX_RANGES 64
#define VIREO_NETWORK_MAX_HOSTS  1024
#define VIREO_NETWORK_TEXT_MAX   256   /* longer names, paths and addresses are cut */
#define VIREO_NETWORK_NAME_MAX   50

typedef enum
{
  VIREO_NETWORK_FORWARD_NAT,      /* <forward mode='nat'> */
  VIREO_NETWORK_FORWARD_ROUTE,    /* <forward mode='route'> */
  VIREO_NETWORK_FORWARD_ISOLATED, /* no <forward> */
  VIREO_NETWORK_FORWARD_OPEN,     /* <forward mode='open'> */
  VIREO_NETWORK_FORWARD_BRIDGE,   /* <forward mode='bridge'> on an existing host bridge */
  VIREO_NETWORK_FORWARD_MACVTAP,  /* <forward mode='bridge'><interface dev=…> : a macvtap pool */
  VIREO_NETWORK_FORWARD_OTHER,    /* any other mode libvirt has (hostdev, passthrough, …) */
} VireoNetworkForward;

#define VIREO_TYPE_NETWORK_FORWARD (vireo_network_forward_get_type ())
GType       vireo_network_forward_get_type (void);
/* "NAT", "Routed", … (translated) */
const char *vireo_network_forward_get_label (VireoNetworkForward mode);

typedef struct
{
  char *start;
  char *end;
} VireoNetworkRange;

typedef struct
{
  char *mac;   /* may be NULL (IPv6 hosts have an id instead) */
  char *name;  /* may be NULL */
  char *ip;
} VireoNetworkHost;

/* One network's settings: what the details show and what the assistant
 * writes. Strings are NULL when unset. */
typedef struct
{
  char            *name;
  char            *uuid;
  VireoNetworkForward forward;
  char            *forward_mode;   /* libvirt's word as read ("nat", "hostdev", …) */
  char            *forward_dev;    /* NAT/routed: the host device out (optional); macvtap: the host interface */
  char            *bridge;         /* libvirt's bridge; in bridge mode the host bridge */
  char            *ipv4_address;   /* the host's address on it: 192.168.100.1 */
  guint            ipv4_prefix;
  GPtrArray       *ipv4_ranges;    /* VireoNetworkRange: DHCP ranges */
  GPtrArray       *hosts;          /* VireoNetworkHost: static DHCP hosts (IPv4 and IPv6) */
  char            *ipv6_address;
  guint            ipv6_prefix;
  GPtrArray       *ipv6_ranges;    /* VireoNetworkRange */
  char            *domain;         /* DNS domain */
  char            *tftp_root;
  char            *bootp_file;
  char            *bootp_server;
} VireoNetworkDef;

VireoNetworkDef *vireo_network_def_new   (void);
VireoNetworkDef *vireo_network_def_copy  (const VireoNetworkDef *def);
void             vireo_network_def_free  (VireoNetworkDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoNetworkDef, vireo_network_def_free)
void             vireo_network_def_add_host (VireoNetworkDef *def,
                                             const char      *mac,
                                             const char      *name,
                                             const char      *ip);

/* Reads libvirt's <network> XML (untrusted: bounded lists, texts cut at
 * VIREO_NETWORK_TEXT_MAX). NULL with an error when it is not that XML. */
VireoNetworkDef *vireo_network_def_parse (const char *xml,
                                          GError    **error);

/* Checks @def on its own (VIREO_ERROR_FAILED with a sentence a person
 * reads): the name, the addresses, prefixes, DHCP range inside the subnet,
 * the static hosts, the device or bridge the mode needs. */
gboolean         vireo_network_def_validate (const VireoNetworkDef *def,
                                             GError               **error);
/* The <network> XML of @def (pure: the same def gives the same XML), after
 * vireo_network_def_validate; NULL with its error when that fails. */
char            *vireo_network_def_to_xml   (const VireoNetworkDef *def,
                                             GError               **error);

/* -- IPv4 subnets ------------------------------------------------------------ */

typedef struct
{
  guint32 network;  /* host byte order, host bits cleared */
  guint   prefix;   /* 0..32 */
} VireoSubnet;

/* "192.168.1.7/24" or an address and prefix: FALSE when not IPv4 */
gboolean vireo_subnet_parse        (const char  *address,
                                    guint        prefix,
                                    VireoSubnet *subnet);
gboolean vireo_subnet_overlaps     (const VireoSubnet *a,
                                    const VireoSubnet *b);
/* A free /24 among 192.168.100.0 … 192.168.254.0, then 10.x: one that
 * overlaps none of @used (VireoSubnet); its address for the host is .1
 * ("192.168.100.1"); NULL when every one is taken. */
char    *vireo_subnet_suggest      (GArray *used);

/* -- the list's items ---------------------------------------------------------- */

#define VIREO_TYPE_NETWORK (vireo_network_get_type ())
G_DECLARE_FINAL_TYPE (VireoNetwork, vireo_network, VIREO, NETWORK, GObject)

const char            *vireo_network_get_name       (VireoNetwork *self);
gboolean               vireo_network_get_active     (VireoNetwork *self);
gboolean               vireo_network_get_autostart  (VireoNetwork *self);
gboolean               vireo_network_get_persistent (VireoNetwork *self);
/* the definition as last read (never NULL: empty when unreadable) */
const VireoNetworkDef *vireo_network_get_def        (VireoNetwork *self);
/* libvirt's XML of it, as last read */
const char            *vireo_network_get_xml        (VireoNetwork *self);
/* "NAT to any device, bridge virbr0" … : one line for a list row (translated) */
char                  *vireo_network_describe       (VireoNetwork *self);

/* the core's own: a new item, and its update from libvirt (notifies what changed) */
VireoNetwork *_vireo_network_new    (const char *name);
void          _vireo_network_update (VireoNetwork *self,
                                     gboolean      active,
                                     gboolean      autostart,
                                     gboolean      persistent,
                                     const char   *xml);

G_END_DECLS
