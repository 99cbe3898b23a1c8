/* vireo-snapshot.h — a VM's snapshots: list, create, revert, delete, describe
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each operation runs on the connection's worker thread (libvirt's
 * virDomainSnapshot* calls); VireoDomain emits "snapshots-changed" after any
 * of them succeeds and when libvirt says the VM was defined or started from
 * a snapshot, so a page showing the list reads it again.
 *
 * Internal snapshots (qcow2 disks, memory included for a running VM) are the
 * default; external ones (an overlay file next to each disk, and for a
 * running VM with memory a memory file next to the first disk) where an
 * internal one is impossible: a raw disk, a UEFI VM whose variable store is
 * pflash. vireo_domain_get_snapshot_support says what this VM allows and why
 * not, from its cached configuration and the connection's libvirt version.
 *
 * Thumbnails: a running VM with graphics is screenshotted when snapshotted
 * (bounded, best effort: a failed screenshot never fails the snapshot); the
 * image is kept as it came from the VM (the core does not link gdk-pixbuf,
 * the UI scales it) in $XDG_CACHE_HOME/vireo/snapshots/<uuid>/<name>.<ext>.
 * So vireo_snapshot_get_thumbnail gives an image file GdkTexture can load
 * (PNG or PPM, as libvirt's driver writes), not necessarily a PNG.
 */
#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

#define VIREO_TYPE_SNAPSHOT (vireo_snapshot_get_type ())
G_DECLARE_FINAL_TYPE (VireoSnapshot, vireo_snapshot, VIREO, SNAPSHOT, GObject)

const char       *vireo_snapshot_get_name          (VireoSnapshot *self);
const char       *vireo_snapshot_get_description   (VireoSnapshot *self);  /* "" when none */
const char       *vireo_snapshot_get_parent_name   (VireoSnapshot *self);  /* NULL for a root */
GDateTime        *vireo_snapshot_get_creation_time (VireoSnapshot *self);
/* the VM's state when it was taken */
VireoDomainState  vireo_snapshot_get_state         (VireoSnapshot *self);
gboolean          vireo_snapshot_get_is_current    (VireoSnapshot *self);
gboolean          vireo_snapshot_get_is_external   (VireoSnapshot *self);
gboolean          vireo_snapshot_get_has_memory    (VireoSnapshot *self);
/* an image file (see above), or NULL when none was taken */
GFile            *vireo_snapshot_get_thumbnail     (VireoSnapshot *self);

typedef enum
{
  VIREO_SNAPSHOT_KIND_INTERNAL,
  VIREO_SNAPSHOT_KIND_EXTERNAL,
} VireoSnapshotKind;

/* what this VM allows, from its config + the connection (raw/shareable
 * disks, UEFI pflash, libvirt version): each op TRUE/FALSE with a translated
 * sentence saying why not (never NULL when FALSE, NULL when TRUE) */
typedef struct
{
  gboolean  internal;
  char     *internal_reason;
  gboolean  external;
  char     *external_reason;
  gboolean  memory;             /* include memory (running VM) */
  char     *memory_reason;
  gboolean  revert_external;
  char     *revert_external_reason;  /* e.g. "needs libvirt 9.7 or later" */
  gboolean  delete_external;
  char     *delete_external_reason;
} VireoSnapshotSupport;

void                  vireo_snapshot_support_free      (VireoSnapshotSupport *support);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoSnapshotSupport, vireo_snapshot_support_free)
/* from the cached config; cheap (main thread) */
VireoSnapshotSupport *vireo_domain_get_snapshot_support (VireoDomain *domain);

/* result: a GListStore of VireoSnapshot, parents before children, sorted by
 * creation time */
void        vireo_domain_list_snapshots_async  (VireoDomain        *domain,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
GListStore *vireo_domain_list_snapshots_finish (VireoDomain        *domain,
                                                GAsyncResult       *result,
                                                GError            **error);

/* @description may be NULL; @include_memory only counts for a running VM */
void        vireo_domain_create_snapshot_async  (VireoDomain        *domain,
                                                 const char         *name,
                                                 const char         *description,
                                                 VireoSnapshotKind   kind,
                                                 gboolean            include_memory,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean    vireo_domain_create_snapshot_finish (VireoDomain        *domain,
                                                 GAsyncResult       *result,
                                                 GError            **error);

void        vireo_domain_revert_snapshot_async  (VireoDomain        *domain,
                                                 const char         *name,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean    vireo_domain_revert_snapshot_finish (VireoDomain        *domain,
                                                 GAsyncResult       *result,
                                                 GError            **error);

void        vireo_domain_delete_snapshot_async  (VireoDomain        *domain,
                                                 const char         *name,
                                                 gboolean            with_children,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean    vireo_domain_delete_snapshot_finish (VireoDomain        *domain,
                                                 GAsyncResult       *result,
                                                 GError            **error);

void        vireo_domain_set_snapshot_description_async  (VireoDomain        *domain,
                                                          const char         *name,
                                                          const char         *description,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean    vireo_domain_set_snapshot_description_finish (VireoDomain        *domain,
                                                          GAsyncResult       *result,
                                                          GError            **error);

/* same rules as libvirt + no '/'; FALSE with a translated sentence in
 * @reason (may be NULL) */
gboolean    vireo_snapshot_name_is_valid (const char  *name,
                                          char       **reason);

G_END_DECLS
