/* vireo-host-storage.h — a host's storage pools and their volumes, kept
 * current by libvirt's pool lifecycle events, and what a person does with
 * them: start, stop, build, refresh, autostart, define and delete pools;
 * list, create, delete, resize, wipe, upload and download volumes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every libvirt call runs on a worker thread; results and events arrive on
 * the main context. Names and text come from libvirt (a remote daemon is
 * untrusted): each is bounded (VIREO_STORAGE_MAX_NAME) and valid UTF-8.
 */
#pragma once

#include <gio/gio.h>

#include "vireo-connection.h"

G_BEGIN_DECLS

/* the longest name or path kept from libvirt (longer ones are cut) */
#define VIREO_STORAGE_MAX_NAME 4096

typedef enum
{
  VIREO_POOL_STATE_INACTIVE,
  VIREO_POOL_STATE_BUILDING,
  VIREO_POOL_STATE_RUNNING,
  VIREO_POOL_STATE_DEGRADED,
  VIREO_POOL_STATE_INACCESSIBLE,
} VireoPoolState;

/* -- one pool --------------------------------------------------------------- */

#define VIREO_TYPE_STORAGE_POOL (vireo_storage_pool_get_type ())
G_DECLARE_FINAL_TYPE (VireoStoragePool, vireo_storage_pool, VIREO, STORAGE_POOL, GObject)

const char    *vireo_storage_pool_get_name       (VireoStoragePool *self);
/* libvirt's type: "dir", "fs", "netfs", "logical", … */
const char    *vireo_storage_pool_get_pool_type  (VireoStoragePool *self);
VireoPoolState vireo_storage_pool_get_state      (VireoStoragePool *self);
gboolean       vireo_storage_pool_get_active     (VireoStoragePool *self);
gboolean       vireo_storage_pool_get_autostart  (VireoStoragePool *self);
gboolean       vireo_storage_pool_get_persistent (VireoStoragePool *self);
guint64        vireo_storage_pool_get_capacity   (VireoStoragePool *self);
guint64        vireo_storage_pool_get_allocation (VireoStoragePool *self);
guint64        vireo_storage_pool_get_available  (VireoStoragePool *self);
/* the target path, NULL when the pool has none */
const char    *vireo_storage_pool_get_path       (VireoStoragePool *self);
/* allocation / capacity in 0…1; 0 for an inactive pool */
double         vireo_storage_pool_get_usage      (VireoStoragePool *self);

/* -- one volume ------------------------------------------------------------- */

#define VIREO_TYPE_STORAGE_VOLUME (vireo_storage_volume_get_type ())
G_DECLARE_FINAL_TYPE (VireoStorageVolume, vireo_storage_volume, VIREO, STORAGE_VOLUME, GObject)

const char *vireo_storage_volume_get_name       (VireoStorageVolume *self);
const char *vireo_storage_volume_get_pool       (VireoStorageVolume *self);
/* "raw", "qcow2", "iso", …; NULL when libvirt does not say */
const char *vireo_storage_volume_get_format     (VireoStorageVolume *self);
guint64     vireo_storage_volume_get_capacity   (VireoStorageVolume *self);
guint64     vireo_storage_volume_get_allocation (VireoStorageVolume *self);
const char *vireo_storage_volume_get_path       (VireoStorageVolume *self);
/* the VMs with a disk on it, sorted, NULL when none */
const char *const *vireo_storage_volume_get_users (VireoStorageVolume *self);

/* -- a pool to define: the New Pool assistant's answers ---------------------- */

typedef struct
{
  char  *type;          /* "dir", "fs", "netfs", "logical", "disk", "iscsi", "scsi", "mpath", "rbd" */
  char  *name;
  char  *target_path;   /* dir, fs, netfs, logical, disk, iscsi, scsi, mpath (/dev/…) */
  char **devices;       /* fs, logical (build on), disk, iscsi (the target IQN as device path) */
  char **hosts;         /* netfs, iscsi (one); rbd (monitors, "host" or "host:port") */
  char  *source_dir;    /* netfs: the export */
  char  *source_name;   /* logical: the volume group; rbd: the Ceph pool */
  char  *format;        /* fs: "auto", "ext4"…; netfs: "nfs"; disk: "dos", "gpt" */
  char  *initiator_iqn; /* iscsi: this host's IQN (optional) */
  char  *adapter;       /* scsi: "host0" */
  char  *auth_username; /* rbd: the cephx user */
  char  *auth_secret;   /* rbd: the UUID of libvirt's secret */
} VireoPoolSpec;

VireoPoolSpec *vireo_pool_spec_new  (const char *type, const char *name);
void           vireo_pool_spec_free (VireoPoolSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoPoolSpec, vireo_pool_spec_free)

/* The pool's XML for virStoragePoolDefineXML (pure: through src/xml); NULL
 * and a sentence in @error when the spec is incomplete or malformed (no
 * name, a name with "/", a relative target path, a missing host…). */
char *vireo_pool_spec_to_xml (const VireoPoolSpec *spec, GError **error);

/* The pool types Vireo offers, in its order (NULL-terminated) */
const char *const *vireo_pool_types (void);
/* a person's name for pool type @type ("Directory", "NFS share", …) */
const char *vireo_pool_type_label (const char *type);
/* the Debian package that adds pool type @type to libvirt */
const char *vireo_pool_type_package (const char *type);
/* From virConnectGetStoragePoolCapabilities' XML: the types it says are
 * supported, or NULL when the XML does not say (a driver without the call:
 * then every type is offered). */
GStrv vireo_pool_capabilities_parse_supported (const char *xml);

/* -- a volume to create ----------------------------------------------------- */

typedef struct
{
  char   *name;
  char   *format;          /* "raw" or "qcow2" */
  guint64 capacity;        /* bytes */
  guint64 allocation;      /* bytes; capacity for a fully allocated raw volume */
  char   *backing_path;    /* qcow2 only; NULL for none */
  char   *backing_format;  /* the backing file's format */
} VireoVolumeSpec;

void vireo_volume_spec_free (VireoVolumeSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoVolumeSpec, vireo_volume_spec_free)

/* The volume's XML for virStorageVolCreateXML (pure); NULL and a sentence
 * in @error when the spec is malformed. */
char *vireo_volume_spec_to_xml (const VireoVolumeSpec *spec, GError **error);

/* -- the host's pools --------------------------------------------------------- */

typedef enum
{
  VIREO_POOL_ACTION_START,
  VIREO_POOL_ACTION_STOP,
  VIREO_POOL_ACTION_BUILD,
  VIREO_POOL_ACTION_REFRESH,
  VIREO_POOL_ACTION_AUTOSTART_ON,
  VIREO_POOL_ACTION_AUTOSTART_OFF,
} VireoPoolAction;

#define VIREO_TYPE_HOST_STORAGE (vireo_host_storage_get_type ())
G_DECLARE_FINAL_TYPE (VireoHostStorage, vireo_host_storage, VIREO, HOST_STORAGE, GObject)

/* The one VireoHostStorage of @connection (a new reference): every window
 * that shows its pools shares it. It lists them once the connection is
 * connected, and again after every reconnect. */
VireoHostStorage *vireo_host_storage_get          (VireoConnection *connection);
VireoConnection  *vireo_host_storage_get_connection (VireoHostStorage *self);
/* GListModel of VireoStoragePool, sorted by name */
GListModel       *vireo_host_storage_get_pools    (VireoHostStorage *self);
/* TRUE once the pools were listed ("loaded" property) */
gboolean          vireo_host_storage_get_loaded   (VireoHostStorage *self);
VireoStoragePool *vireo_host_storage_lookup_pool  (VireoHostStorage *self,
                                                   const char       *name);
/* reads the pools again (after a change the events do not tell of) */
void              vireo_host_storage_reload       (VireoHostStorage *self);

void     vireo_host_storage_pool_action_async  (VireoHostStorage   *self,
                                                const char         *pool,
                                                VireoPoolAction     action,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean vireo_host_storage_pool_action_finish (VireoHostStorage *self,
                                                GAsyncResult     *result,
                                                GError          **error);

/* Defines @spec's pool, builds it when @build, starts it, sets autostart;
 * when a step fails the pool is undefined again (nothing half-created).
 * Refuses a name already taken and, for a dir pool on a local host, a
 * target path that exists and is not a directory. For netfs, first checks
 * that the NFS host answers (TCP port 2049, at most @timeout_ms). */
void     vireo_host_storage_create_pool_async  (VireoHostStorage    *self,
                                                const VireoPoolSpec *spec,
                                                gboolean             build,
                                                gboolean             autostart,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean vireo_host_storage_create_pool_finish (VireoHostStorage *self,
                                                GAsyncResult     *result,
                                                GError          **error);

/* Whether @host answers on TCP @port within @timeout_ms: NULL when it does,
 * else the reason as a sentence (blocking; for a worker thread or a test) */
char *vireo_host_storage_check_reachable (const char *host,
                                          guint16     port,
                                          guint       timeout_ms);

/* Stops @pool when running and undefines it; with @delete_directory, first
 * deletes its (empty) target directory (virStoragePoolDelete). */
void     vireo_host_storage_delete_pool_async  (VireoHostStorage   *self,
                                                const char         *pool,
                                                gboolean            delete_directory,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean vireo_host_storage_delete_pool_finish (VireoHostStorage *self,
                                                GAsyncResult     *result,
                                                GError          **error);

/* Pool type names the host's libvirt supports (see
 * vireo_pool_capabilities_parse_supported: NULL means all) */
void     vireo_host_storage_get_capabilities_async  (VireoHostStorage   *self,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
GStrv    vireo_host_storage_get_capabilities_finish (VireoHostStorage *self,
                                                     GAsyncResult     *result,
                                                     GError          **error);

/* -- volumes ---------------------------------------------------------------- */

/* The volumes of @pool as a GListModel of VireoStorageVolume sorted by name,
 * each with the VMs that use it; built whole on the worker
 * (virStoragePoolListAllVolumes, one walk over the VMs), so the caller puts
 * it in place in one step. */
void        vireo_host_storage_list_volumes_async  (VireoHostStorage   *self,
                                                    const char         *pool,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
GListModel *vireo_host_storage_list_volumes_finish (VireoHostStorage *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);

/* Creates @spec in @pool. Refuses a name taken, a capacity (fully
 * allocated) or allocation above the pool's free space, and a backing
 * file that is not a volume the host knows. */
void     vireo_host_storage_create_volume_async  (VireoHostStorage      *self,
                                                  const char            *pool,
                                                  const VireoVolumeSpec *spec,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
gboolean vireo_host_storage_create_volume_finish (VireoHostStorage *self,
                                                  GAsyncResult     *result,
                                                  GError          **error);

void     vireo_host_storage_delete_volume_async  (VireoHostStorage   *self,
                                                  const char         *pool,
                                                  const char         *volume,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean vireo_host_storage_delete_volume_finish (VireoHostStorage *self,
                                                  GAsyncResult     *result,
                                                  GError          **error);

/* Resizes @volume to @capacity bytes; a smaller capacity is refused unless
 * @allow_shrink (the person confirmed losing the end of the disk). */
void     vireo_host_storage_resize_volume_async  (VireoHostStorage   *self,
                                                  const char         *pool,
                                                  const char         *volume,
                                                  guint64             capacity,
                                                  gboolean            allow_shrink,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean vireo_host_storage_resize_volume_finish (VireoHostStorage *self,
                                                  GAsyncResult     *result,
                                                  GError          **error);

void     vireo_host_storage_wipe_volume_async  (VireoHostStorage   *self,
                                                const char         *pool,
                                                const char         *volume,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean vireo_host_storage_wipe_volume_finish (VireoHostStorage *self,
                                                GAsyncResult     *result,
                                                GError          **error);

/* Uploads local file @path into @volume of @pool through a libvirt stream.
 * With @create, a raw volume of the file's size is made first, and removed
 * again when the upload fails or is cancelled. A file the user cannot read
 * is refused before anything is made. @progress runs on the main context. */
void     vireo_host_storage_upload_async  (VireoHostStorage     *self,
                                           const char           *pool,
                                           const char           *volume,
                                           const char           *path,
                                           gboolean              create,
                                           GFileProgressCallback progress,
                                           gpointer              progress_data,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean vireo_host_storage_upload_finish (VireoHostStorage *self,
                                           GAsyncResult     *result,
                                           GError          **error);

/* Downloads @volume of @pool into local file @path (replaced only once the
 * whole volume arrived; a cancelled download leaves nothing). */
void     vireo_host_storage_download_async  (VireoHostStorage     *self,
                                             const char           *pool,
                                             const char           *volume,
                                             const char           *path,
                                             GFileProgressCallback progress,
                                             gpointer              progress_data,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean vireo_host_storage_download_finish (VireoHostStorage *self,
                                             GAsyncResult     *result,
                                             GError          **error);

G_END_DECLS
