/* vireo-snapshot-private.h — what VireoDomain and the tests need of the snapshot core
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libxml/tree.h>

#include "vireo-snapshot.h"

G_BEGIN_DECLS

/* bounds on what a libvirtd hands us (a remote one is untrusted) */
#define VIREO_SNAPSHOT_MAX_NAME        1024        /* bytes; longer names are not listed */
#define VIREO_SNAPSHOT_MAX_DESCRIPTION (64 * 1024) /* bytes; longer ones are cut */
#define VIREO_SNAPSHOT_MAX_LISTED      4096        /* snapshots of one VM */
#define VIREO_SNAPSHOT_MAX_DISKS       64          /* disks of one VM looked at */
#define VIREO_SNAPSHOT_MAX_SCREENSHOT  (64 * 1024 * 1024)
/* the longest name Vireo gives a new snapshot (overlay files are named
 * <disk>.<name>, under the file-name limit) */
#define VIREO_SNAPSHOT_MAX_NEW_NAME    128

/* one disk of the VM, as snapshots see it */
typedef struct
{
  char     *target;       /* "vda" */
  char     *device;       /* "disk", "cdrom", "floppy", "lun" */
  char     *type;         /* "file", "block", "network", "volume", … */
  char     *format;       /* driver/@type: "qcow2", "raw", or NULL */
  char     *source;       /* a file or device path, or NULL */
  gboolean  has_source;
  gboolean  shareable;
  gboolean  readonly;
} VireoSnapshotDisk;

/* what a VM's definition says about snapshots, read with its XML (worker
 * thread) and kept by VireoDomain */
typedef struct
{
  char      *hypervisor;   /* domain/@type */
  gboolean   pflash;       /* UEFI with a pflash variable store */
  gboolean   graphics;     /* a display to take a thumbnail of */
  gulong     lib_version;  /* the host's libvirt, 1000000*major + 1000*minor + micro; 0 unknown */
  GPtrArray *disks;        /* of VireoSnapshotDisk */
} VireoSnapshotFacts;

void                _vireo_snapshot_facts_free   (VireoSnapshotFacts *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoSnapshotFacts, _vireo_snapshot_facts_free)
/* from the <domain> element of a definition (never NULL) */
VireoSnapshotFacts *_vireo_snapshot_facts_read   (xmlNode            *domain);

/* what a VM in @state with @facts allows on a connection that is
 * @read_only or not (the tests call it directly) */
VireoSnapshotSupport *_vireo_snapshot_support_compute (const VireoSnapshotFacts *facts,
                                                       VireoDomainState          state,
                                                       gboolean                  read_only);

/* one <domainsnapshot> document, bounded; NULL + error when it cannot be
 * listed (not well-formed, no name, a name over the bound) */
VireoSnapshot *_vireo_snapshot_new_from_xml (const char *xml,
                                             gboolean    is_current,
                                             GError    **error);

/* the snapshot XML vireo_domain_create_snapshot_async sends, or NULL +
 * error with the sentence saying why not (tests) */
char          *_vireo_snapshot_build_xml    (const VireoSnapshotFacts *facts,
                                             VireoDomainState          state,
                                             const char               *domain_name,
                                             const char               *name,
                                             const char               *description,
                                             VireoSnapshotKind         kind,
                                             gboolean                  include_memory,
                                             guint                    *flags,
                                             GError                  **error);

/* where a thumbnail of @name of the VM @uuid is kept, without its extension
 * (owned) */
char          *_vireo_snapshot_thumbnail_base (const char *uuid,
                                               const char *name);
/* removes every thumbnail Vireo keeps of the VM @uuid, and their folder
 * (the VM was deleted) */
void           _vireo_snapshot_forget_thumbnails (const char *uuid);

G_END_DECLS
