/* vireo-domain-clone.h — cloning a VM: a new definition with a choice per disk
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two steps: vireo_domain_clone_plan_async says what the VM holds (its disks,
 * which of them can be cloned and why not, its UEFI variables and TPM
 * state, a free name), and vireo_domain_clone_async makes the clone: per disk
 * a new volume in the same pool, the same storage shared, or the disk left
 * out; no UUID and no MAC addresses (libvirt makes new ones); a new UEFI
 * variable store and the TPM state copied where this connection can.
 *
 * A volume is copied by streaming it from libvirtd and back
 * (virStorageVolDownload → virStorageVolUpload, sparse), not with
 * virStorageVolCreateXMLFrom: the stream says how far it is, and stops
 * between two chunks when cancelled, whereas CreateXMLFrom is one call that
 * can neither report nor be stopped, and its half-made volume cannot be
 * deleted while it runs. Drivers without streams (libvirt's test driver)
 * fall back to CreateXMLFrom, one volume at a time.
 */
#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

typedef enum
{
  VIREO_CLONE_DISK_CLONE,     /* a new volume in the same pool with the same content */
  VIREO_CLONE_DISK_SHARE,     /* the clone uses the same storage */
  VIREO_CLONE_DISK_LEAVE_OUT, /* the clone has no such disk */
} VireoCloneDiskChoice;

/* one <disk> of the definition, in its order */
typedef struct
{
  char                *target;      /* "vda"; NULL when the definition has none */
  char                *device;      /* "disk", "cdrom", "floppy", "lun" */
  char                *source;      /* a path or "pool/volume"; NULL: no source (an empty drive) */
  char                *pool;        /* the volume it is, or NULL: not a volume of a pool */
  char                *volume;
  char                *format;      /* "qcow2", "raw"… or NULL */
  guint64              allocation;  /* bytes the copy needs */
  char                *clone_name;  /* the new volume's name when cloned */
  gboolean             can_clone;
  char                *no_clone_reason; /* why not (a sentence), when !can_clone */
  gboolean             shareable;   /* marked <shareable/> in the definition */
  gboolean             readonly;    /* read-only (CD/DVD media, <readonly/>): sharing it is safe */
  VireoCloneDiskChoice suggested;
} VireoCloneDisk;

typedef struct
{
  char      *name;        /* the VM's name */
  char      *clone_name;  /* "<name>-clone", free on the host */
  GPtrArray *disks;       /* of VireoCloneDisk */
  char      *nvram;       /* the UEFI variable store, or NULL */
  char      *nvram_note;  /* what the clone's will be (a sentence), or NULL */
  gboolean   tpm;         /* an emulated TPM */
  char      *tpm_note;    /* what the clone's state will be (a sentence), or NULL */
  gboolean   active;      /* running or paused: cloned only paused */
  gboolean   paused;      /* paused already */
} VireoClonePlan;

void vireo_clone_disk_free (VireoCloneDisk *disk);
void vireo_clone_plan_free (VireoClonePlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoCloneDisk, vireo_clone_disk_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoClonePlan, vireo_clone_plan_free)

void            vireo_domain_clone_plan_async  (VireoDomain        *self,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
VireoClonePlan *vireo_domain_clone_plan_finish (VireoDomain        *self,
                                                GAsyncResult       *result,
                                                GError            **error);

typedef enum
{
  VIREO_DOMAIN_CLONE_NONE  = 0,
  VIREO_DOMAIN_CLONE_PAUSE = 1 << 0, /* the person agreed to pause a running VM while it is copied */
} VireoDomainCloneFlags;

/* main thread: bytes copied so far of @total */
typedef void (*VireoDomainCloneProgressFunc) (guint64  copied,
                                              guint64  total,
                                              gpointer user_data);

/* Clones @self as @new_name (the New VM wizard's name rules; not taken on
 * the host). @choices: one per disk of the plan, in its order; @n_choices
 * must be the number of the VM's disks now. A running or paused VM is
 * refused (VIREO_ERROR_INVALID_STATE) unless @flags has
 * VIREO_DOMAIN_CLONE_PAUSE: then a running one is paused while its disks
 * are copied and resumed afterwards, also when the clone fails. Before any
 * copy, each pool must have room for its new volumes. @rate_limit: at most
 * that many bytes of a volume per second (0: no limit). @progress is called
 * while volumes are copied and must stay valid until @callback.
 * Cancelling, or any failure, removes every volume and file made so far and
 * defines nothing (G_IO_ERROR_CANCELLED when cancelled). The finish
 * returns the sentences (char *) worth telling about the new VM (its UEFI
 * variables or TPM state starting afresh); it appears in the connection's
 * list by libvirt's events. */
void       vireo_domain_clone_async  (VireoDomain                  *self,
                                      const char                   *new_name,
                                      const VireoCloneDiskChoice   *choices,
                                      guint                         n_choices,
                                      VireoDomainCloneFlags         flags,
                                      guint64                       rate_limit,
                                      VireoDomainCloneProgressFunc  progress,
                                      gpointer                      progress_data,
                                      GCancellable                 *cancellable,
                                      GAsyncReadyCallback           callback,
                                      gpointer                      user_data);
GPtrArray *vireo_domain_clone_finish (VireoDomain                  *self,
                                      GAsyncResult                 *result,
                                      GError                      **error);

/* "<vm_name>.qcow2" for a volume "web.qcow2": the name a cloned volume gets
 * when the pool has none of it yet (else "<vm_name>-2.qcow2"…) */
char      *vireo_domain_clone_volume_name (const char *vm_name,
                                           const char *source_volume);

/* the clone's definition from @xml (the VM's inactive XML): @new_name, no
 * <uuid>, no interface <mac>, each disk per @choices with @new_sources
 * (for CLONE: the new volume's path, or "pool/volume" for a disk that names
 * its pool), @nvram the new variable store's path (NULL: left to libvirt,
 * which makes one from its template). Pure; tests. */
char      *vireo_domain_clone_build_xml (const char                 *xml,
                                         const char                 *new_name,
                                         const VireoCloneDiskChoice *choices,
                                         const char *const          *new_sources,
                                         guint                       n_choices,
                                         const char                 *nvram,
                                         GError                    **error);

G_END_DECLS
