/* vireo-os-database.h — libosinfo, loaded off the main thread
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-os-entry.h"

G_BEGIN_DECLS

/* What libosinfo says about one OS on one architecture: resources and the
 * devices its installer has drivers for. Plain data, safe on any thread. */
typedef struct
{
  char    *os_id;            /* full libosinfo id, NULL for "unknown OS" */
  char    *short_id;
  char    *name;
  char    *family;           /* "linux", "winnt", ... */
  char    *distro;           /* "fedora", "win", "debian", ... */
  char    *kernel_url_arg;   /* "inst.repo" for Fedora; NULL when none */

  guint    ram_mib;          /* recommended (falls back to minimum, then 1024) */
  guint    min_ram_mib;      /* 0 when unknown */
  guint    n_cpus;           /* recommended (falls back to minimum, then 1) */
  guint    storage_gib;      /* recommended (falls back to minimum, then 20) */
  guint    rec_ram_mib;      /* libosinfo's recommendation only, 0 when it has none */
  guint    min_n_cpus;       /* 0 when unknown */
  guint    net_install_ram_mib; /* the network installer's need ("network-install"), 0 when none */

  /* devices the OS has drivers for (libosinfo device names in comments) */
  guint    virtio_disk  : 1; /* virtio-block / virtio1.0-block */
  guint    virtio_net   : 1; /* virtio-net / virtio1.0-net */
  guint    virtio_gpu   : 1; /* virtio1.0-gpu */
  guint    virtio_rng   : 1; /* virtio-rng / virtio1.0-rng */
  guint    virtio_input : 1; /* virtio1.0-input */
  guint    e1000e       : 1;
  guint    e1000        : 1;
  guint    rtl8139      : 1;
  guint    qxl          : 1;
  guint    ich9_hda     : 1;
  guint    ich6         : 1;
  guint    ac97         : 1;
  guint    usb_tablet   : 1; /* tablet */
  guint    qemu_xhci    : 1;
  guint    q35          : 1; /* qemu-x86-q35 chipset */
  guint    xen_pv       : 1; /* xen-vbd: the kernel runs paravirtualised on Xen */

  /* firmware (libosinfo <firmware>; "bios supported=false" means UEFI only) */
  guint    efi_supported  : 1;
  guint    bios_supported : 1;
  /* osinfo-db 20221130 has no TPM element: Vireo marks Windows 11 itself,
   * because its installer refuses to run without TPM 2.0 and UEFI. */
  guint    tpm_required   : 1;
} VireoOsDevices;

#define VIREO_TYPE_OS_DEVICES (vireo_os_devices_get_type ())
GType           vireo_os_devices_get_type    (void);
/* the choices for an OS libosinfo does not know: conservative emulated devices */
VireoOsDevices *vireo_os_devices_new_generic (void);
VireoOsDevices *vireo_os_devices_copy        (const VireoOsDevices *devices);
void            vireo_os_devices_free        (VireoOsDevices       *devices);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoOsDevices, vireo_os_devices_free)

/* What media or tree detection found. */
typedef struct
{
  VireoOsEntry *os;           /* never NULL in a successful result */
  char         *arch;         /* media/tree architecture, NULL when unknown */
  char         *volume_id;    /* ISO volume id (media only) */
  char         *kernel_path;  /* inside the media or relative to the tree URL */
  char         *initrd_path;
  guint         installer : 1;
  guint         live      : 1;
} VireoOsDetection;

#define VIREO_TYPE_OS_DETECTION (vireo_os_detection_get_type ())
GType             vireo_os_detection_get_type (void);
VireoOsDetection *vireo_os_detection_copy     (const VireoOsDetection *detection);
void              vireo_os_detection_free     (VireoOsDetection       *detection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoOsDetection, vireo_os_detection_free)

/* default time limit for media and tree detection */
#define VIREO_OS_DETECT_TIMEOUT_MS 20000

#define VIREO_TYPE_OS_DATABASE (vireo_os_database_get_type ())
G_DECLARE_FINAL_TYPE (VireoOsDatabase, vireo_os_database, VIREO, OS_DATABASE, GObject)

VireoOsDatabase  *vireo_os_database_new                 (void);
/* The process's one database (main thread): the New VM wizard's list. Every
 * database shares one libosinfo database, read once per process. */
VireoOsDatabase  *vireo_os_database_get_default         (void);
/* The OS name for a libosinfo id ("Fedora 37"), on any thread; reads the
 * database on first use (blocking), NULL for an unknown id. */
char             *vireo_os_database_name_for_id         (const char *os_id);
/* TRUE once the database was read (so vireo_os_database_name_for_id is cheap) */
gboolean          vireo_os_database_names_loaded        (void);

/* Reads osinfo-db on a worker thread (about 0.3 s); the OS list fills in on
 * the main thread when it completes. A second call after success completes
 * at once. */
void              vireo_os_database_load_async          (VireoOsDatabase    *self,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
gboolean          vireo_os_database_load_finish         (VireoOsDatabase *self,
                                                         GAsyncResult    *result,
                                                         GError         **error);
/* the same, blocking: for worker threads and tests (the caller's thread
 * must own the thread-default main context the list notifies on) */
gboolean          vireo_os_database_load                (VireoOsDatabase *self,
                                                         GCancellable    *cancellable,
                                                         GError         **error);
gboolean          vireo_os_database_get_loaded          (VireoOsDatabase *self);

/* GListModel of VireoOsEntry, newest release first, then by name; empty
 * until loaded. Owned by @self. */
GListModel       *vireo_os_database_get_os_list         (VireoOsDatabase *self);
/* a new list of the entries vireo_os_entry_matches() accepts */
GListModel       *vireo_os_database_search              (VireoOsDatabase *self,
                                                         const char      *query);
/* by full id or short id (borrowed); NULL when unknown (or not loaded) */
VireoOsEntry     *vireo_os_database_lookup              (VireoOsDatabase *self,
                                                         const char      *id_or_short_id);

/* Resources and supported devices of @id_or_short_id on @arch (NULL: x86_64);
 * NULL with an error when the OS is unknown. Cheap once loaded. */
VireoOsDevices   *vireo_os_database_get_devices         (VireoOsDatabase *self,
                                                         const char      *id_or_short_id,
                                                         const char      *arch,
                                                         GError         **error);

/* For the core (vireo-express-install.c): calls @func with the libosinfo
 * OsinfoOs of @id_or_short_id (NULL when unknown) while holding the lock
 * every use of the process's OsinfoDb takes; reads the database on first use
 * (blocking). @func must not call back into this file. */
typedef void    (*VireoOsinfoOsFunc)                    (gpointer osinfo_os,
                                                         gpointer user_data);
void              vireo_os_database_with_osinfo_os      (const char        *id_or_short_id,
                                                         VireoOsinfoOsFunc  func,
                                                         gpointer           user_data);

/* Which OS is on the ISO (or CD device) at @path: reads its volume
 * descriptor on a worker thread and matches it against the database. Fails
 * with G_IO_ERROR_TIMED_OUT after @timeout_ms (0: the default), and with
 * VIREO_ERROR_NOT_FOUND when the media is readable but unknown (the database
 * may be older than the media). */
void              vireo_os_database_detect_media_async  (VireoOsDatabase    *self,
                                                         const char         *path,
                                                         guint               timeout_ms,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
VireoOsDetection *vireo_os_database_detect_media_finish (VireoOsDatabase *self,
                                                         GAsyncResult    *result,
                                                         GError         **error);
/* The same for an install tree at @url (http, https, ftp, file): fetches
 * its .treeinfo. */
void              vireo_os_database_detect_tree_async   (VireoOsDatabase    *self,
                                                         const char         *url,
                                                         guint               timeout_ms,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
VireoOsDetection *vireo_os_database_detect_tree_finish  (VireoOsDatabase *self,
                                                         GAsyncResult    *result,
                                                         GError         **error);

G_END_DECLS
