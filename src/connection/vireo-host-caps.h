/* vireo-host-caps.h — what the New VM wizard needs to know about a host
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-connection.h"
#include "vireo-domain-config.h"
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

/* -- CPU models (a VM's page of CPUs) ---------------------------------------- */

/* The most named CPU models read, and the longest name kept (untrusted XML) */
#define VIREO_CPU_MODELS_MAX     512
#define VIREO_CPU_MODEL_NAME_MAX 64

typedef struct
{
  char    *name;
  gboolean usable;  /* usable='yes' or 'unknown': it runs on this host */
} VireoCpuModel;

/* What <cpu> of a host's domain capabilities offers a VM */
typedef struct
{
  gboolean   host_passthrough;  /* <mode name='host-passthrough' supported='yes'> */
  gboolean   host_model;
  gboolean   maximum;
  gboolean   custom;
  char      *host_model_name;   /* the model host-model gives ("EPYC"), NULL when unsaid */
  GPtrArray *models;            /* VireoCpuModel of mode 'custom': the usable ones first,
                                 * each group by name; no duplicates, no empty names */
} VireoCpuModels;

void            vireo_cpu_models_free         (VireoCpuModels *models);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoCpuModels, vireo_cpu_models_free)

/* The CPU modes and named models of virConnectGetDomainCapabilities' XML;
 * NULL with G_IO_ERROR_INVALID_DATA when it is not that XML. At most
 * VIREO_CPU_MODELS_MAX models; names longer than VIREO_CPU_MODEL_NAME_MAX,
 * or with other than letters, digits and "-_.", are left out. */
VireoCpuModels *vireo_cpu_models_parse        (const char     *domain_caps_xml,
                                               GError        **error);
/* the model named @name, NULL when the host does not list it */
const VireoCpuModel *
                vireo_cpu_models_find         (const VireoCpuModels *models,
                                               const char           *name);

/* The domain capabilities of the emulator, architecture, machine type and
 * virtualisation type of the VM @config describes (its devices/emulator,
 * os/type/@arch, os/type/@machine and @type; each one left out when the
 * config has none). Read once per connection and target, then kept. */
void            vireo_connection_get_domain_caps_async  (VireoConnection    *self,
                                                         VireoDomainConfig  *config,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
char           *vireo_connection_get_domain_caps_finish (VireoConnection    *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);
/* Tests: what vireo_connection_get_domain_caps_async gives for any VM of
 * @self, instead of asking libvirt (whose test driver has no domain
 * capabilities); NULL asks libvirt again. */
void            vireo_connection_set_domain_caps_override (VireoConnection *self,
                                                           const char      *domain_caps_xml);

G_END_DECLS
