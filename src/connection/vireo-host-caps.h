/* vireo-host-caps.h — what the New VM wizard needs to know about a host
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-connection.h"
#include "vireo-host-resources.h"

G_BEGIN_DECLS

typedef struct
{
  char    *name;
  char    *path;        /* target path, NULL when the pool has none */
  guint64  capacity;    /* bytes */
  guint64  available;   /* bytes; 0 when not available_known */
  gboolean available_known;   /* FALSE when libvirt's numbers do not tell */
  gboolean active;
} VireoPoolFacts;

typedef struct
{
  char    *name;
  char    *bridge;  /* the bridge libvirt made for it, NULL when none */
  gboolean active;
} VireoNetworkFacts;

/* One worker round trip: capabilities, domain capabilities, node totals,
 * storage pools and virtual networks. Plain data, safe on any thread. */
typedef struct
{
  char      *capabilities_xml;   /* virConnectGetCapabilities */
  char      *domain_caps_xml;    /* virConnectGetDomainCapabilities, NULL when unsupported */
  guint64    memory_kib;         /* host RAM */
  guint      cpus;               /* logical host CPUs */
  GPtrArray *pools;              /* VireoPoolFacts, sorted by name */
  GPtrArray *networks;           /* VireoNetworkFacts, sorted by name */
  /* firmware from the domain capabilities (vireo_host_resources_parse_firmware);
   * firmware_known is FALSE when the host does not say (both are then TRUE) */
  gboolean   firmware_known;
  gboolean   bios_available;
  gboolean   uefi_available;
  GPtrArray *interfaces;         /* VireoInterfaceFacts: bridges first, then devices */
  gboolean   interfaces_local;   /* told apart through /sys/class/net (local host) */
  GPtrArray *drives;             /* VireoDriveFacts: the host's CD/DVD drives */
} VireoHostCaps;

#define VIREO_TYPE_HOST_CAPS (vireo_host_caps_get_type ())
GType          vireo_host_caps_get_type (void);
VireoHostCaps *vireo_host_caps_ref      (VireoHostCaps *caps);
void           vireo_host_caps_unref    (VireoHostCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHostCaps, vireo_host_caps_unref)

/* A copy with the same facts (tests change a copy's facts: a host with
 * UEFI, bridges, CD/DVD drives). */
VireoHostCaps *vireo_host_caps_copy     (const VireoHostCaps *caps);

void           vireo_connection_get_host_caps_async  (VireoConnection    *self,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
VireoHostCaps *vireo_connection_get_host_caps_finish (VireoConnection *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);

G_END_DECLS
