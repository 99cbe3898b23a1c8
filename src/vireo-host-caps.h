/* vireo-host-caps.h — what the New VM wizard needs to know about a host
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-connection.h"

G_BEGIN_DECLS

typedef struct
{
  char    *name;
  char    *path;        /* target path, NULL when the pool has none */
  guint64  capacity;    /* bytes */
  guint64  available;   /* bytes */
  gboolean active;
} VireoPoolFacts;

typedef struct
{
  char    *name;
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
} VireoHostCaps;

#define VIREO_TYPE_HOST_CAPS (vireo_host_caps_get_type ())
GType          vireo_host_caps_get_type (void);
VireoHostCaps *vireo_host_caps_ref      (VireoHostCaps *caps);
void           vireo_host_caps_unref    (VireoHostCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHostCaps, vireo_host_caps_unref)

void           vireo_connection_get_host_caps_async  (VireoConnection    *self,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
VireoHostCaps *vireo_connection_get_host_caps_finish (VireoConnection *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);

G_END_DECLS
