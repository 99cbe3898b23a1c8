/* vireo-domain-delete.h — deleting a VM with a choice of its storage volumes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two steps on the connection's worker: vireo_domain_list_storage_async
 * says what the VM holds (its disks, which of them are volumes of a storage
 * pool, which other VM also uses each, its UEFI variables and TPM state), and
 * vireo_domain_delete_async removes the VM with the volumes the person chose.
 */
#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

/* one disk, CD/DVD or floppy of the VM (several disks on one volume: one entry) */
typedef struct
{
  char     *target;        /* "vda", "sdb"; NULL when the definition has none */
  char     *device;        /* "disk", "cdrom", "floppy", "lun" */
  char     *source;        /* as the definition names it: a path or "pool/volume" */
  /* the storage volume it is, or all NULL: not a volume of any pool */
  char     *pool;
  char     *name;
  char     *path;
  char     *format;        /* "qcow2", "raw", "iso"…; NULL when libvirt does not say */
  guint64   capacity;      /* bytes */
  char     *other_user;    /* another VM with a disk on it (a running one first), or NULL */
  gboolean  other_running; /* other_user is running */
  gboolean  suggested;     /* a volume of this VM alone, a disk and no ISO image: checked by default */
} VireoDomainVolume;

typedef struct
{
  GPtrArray *volumes;      /* of VireoDomainVolume, in the definition's order */
  char      *nvram;        /* the UEFI variable store's path, or NULL */
  gboolean   tpm;          /* an emulated TPM, whose state libvirt keeps */
  gboolean   managed_save;
  gboolean   active;       /* running, paused…: it is forced off first */
  guint      n_snapshots;
} VireoDomainStorage;

void vireo_domain_volume_free  (VireoDomainVolume  *volume);
void vireo_domain_storage_free (VireoDomainStorage *storage);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoDomainVolume, vireo_domain_volume_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoDomainStorage, vireo_domain_storage_free)

/* a volume the dialog can offer to delete: a volume of a pool */
gboolean vireo_domain_volume_is_volume (const VireoDomainVolume *volume);
/* "pool/name", what vireo_domain_delete_async takes, or NULL for a disk that is no volume */
char    *vireo_domain_volume_dup_key   (const VireoDomainVolume *volume);

void                vireo_domain_list_storage_async  (VireoDomain        *self,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
VireoDomainStorage *vireo_domain_list_storage_finish (VireoDomain        *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);

typedef enum
{
  VIREO_DOMAIN_DELETE_NONE       = 0,
  VIREO_DOMAIN_DELETE_FORCE_OFF  = 1 << 0, /* the person agreed to force a running VM off */
  VIREO_DOMAIN_DELETE_KEEP_NVRAM = 1 << 1, /* keep the UEFI variable store */
  VIREO_DOMAIN_DELETE_KEEP_TPM   = 1 << 2, /* keep the TPM state */
} VireoDomainDeleteFlags;

/* Removes the VM: forced off first when it runs (only with
 * VIREO_DOMAIN_DELETE_FORCE_OFF: otherwise VIREO_ERROR_INVALID_STATE and
 * nothing changes), undefined with its managed save image, snapshot and
 * checkpoint metadata, NVRAM and TPM state (unless kept), then each volume
 * of @volumes ("pool/name", NULL-terminated; may be NULL) deleted. A volume
 * another running VM uses is refused. The VM itself failing to go is the
 * error (no volume removed); the finish returns, for a VM that went, the
 * sentences (char *) of what could not be removed and why: empty when all
 * of it went. */
void       vireo_domain_delete_async  (VireoDomain           *self,
                                       const char *const     *volumes,
                                       VireoDomainDeleteFlags flags,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data);
GPtrArray *vireo_domain_delete_finish (VireoDomain           *self,
                                       GAsyncResult          *result,
                                       GError               **error);

/* libvirt's virDomainUndefineFlags for @flags (tests; the fallbacks for
 * older drivers drop flags from it) */
guint      vireo_domain_delete_undefine_flags (VireoDomainDeleteFlags flags);

G_END_DECLS
