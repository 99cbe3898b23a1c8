/* vireo-domain-config-private.h — what VireoDomain's edit calls need of a
 * VireoDomainConfig: the recorded changes, to replay them on the live VM;
 * and what its files (vireo-domain-config.c, -devices.c, vireo-device.c)
 * share: the two structs and the helpers one calls in another.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libxml/tree.h>

#include "vireo-domain-config.h"

G_BEGIN_DECLS

typedef enum
{
  VIREO_CONFIG_CHANGE_VCPUS,        /* number: the current vCPUs */
  VIREO_CONFIG_CHANGE_MEMORY,       /* number: the current memory, KiB */
  VIREO_CONFIG_CHANGE_DEVICE_SET,   /* path = value on the device */
  VIREO_CONFIG_CHANGE_DISK_SOURCE,  /* value (path), pool, volume */
  VIREO_CONFIG_CHANGE_ADD,          /* the device (its XML is the config's at apply time) */
  VIREO_CONFIG_CHANGE_REMOVE,       /* xml: the element as it was */
  VIREO_CONFIG_CHANGE_OTHER,        /* persistent only */
} VireoConfigChangeKind;

typedef struct
{
  VireoConfigChangeKind kind;
  char                 *device_id;  /* "" for the whole VM */
  gboolean              live;       /* can be made on the running VM */
  char                 *path;       /* for the whole VM: its part, "cpu", "memory" or "boot" */
  char                 *value;
  char                 *pool;
  char                 *volume;
  char                 *xml;
  guint64               number;
} VireoConfigChange;

/* (element-type VireoConfigChange) (transfer none), in the order made */
GPtrArray *_vireo_domain_config_get_changes  (VireoDomainConfig       *self);
void       _vireo_domain_config_set_is_live  (VireoDomainConfig       *self,
                                              gboolean                 is_live);
/* whether every change recorded for @device_id can be made live */
gboolean   _vireo_domain_config_device_is_live (VireoDomainConfig     *self,
                                                const char            *device_id);
/* makes a DEVICE_SET or DISK_SOURCE change again on @device (of another
 * config: the live one) */
gboolean   _vireo_device_replay              (VireoDevice             *device,
                                              const VireoConfigChange *change,
                                              GError                 **error);

/* -- shared by the files of VireoDomainConfig and VireoDevice -- */

struct _VireoDevice
{
  GObject            parent_instance;

  VireoDomainConfig *config;   /* weak: the config owns its devices */
  xmlNode           *node;     /* NULL once removed or the config gone */
  VireoDeviceKind    kind;
  char              *id;
};

struct _VireoDomainConfig
{
  GObject     parent_instance;

  xmlDoc     *doc;
  GPtrArray  *devices;     /* (element-type VireoDevice) owned, document order */
  GPtrArray  *removed;     /* handles of removed elements, kept until finalize */
  GPtrArray  *changes;     /* (element-type VireoConfigChange) */
  GHashTable *strings;     /* getter name → the string last returned */
  gboolean    is_live;
};

#define ROOT(self) vireo_xml_root ((self)->doc)
#define DEVICE_USABLE(device) ((device)->node != NULL && (device)->config != NULL)

/* vireo-domain-config.c: the change records */
gboolean           _vireo_domain_config_was_added      (VireoDomainConfig     *self,
                                                        const char            *device_id);
VireoConfigChange *_vireo_domain_config_record         (VireoDomainConfig     *self,
                                                        VireoConfigChangeKind  kind,
                                                        const char            *device_id,
                                                        gboolean               live);
void               _vireo_domain_config_rename_changes (VireoDomainConfig     *self,
                                                        const char            *old_id,
                                                        const char            *new_id);

/* vireo-domain-config-devices.c: the device list and ids */
char              *_vireo_domain_config_shown          (const char            *text);
void               _vireo_domain_config_scan_devices   (VireoDomainConfig     *self);
void               _vireo_domain_config_refresh_id     (VireoDevice           *self);

/* tests: how long an unplug waits for the guest (default 30 s) */
void       _vireo_domain_edit_set_detach_timeout (guint                ms);

G_END_DECLS
