/* vireo-migration.h — moving one VM to another connected host (issue 13)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract between the migration core (src/migration/) and the Migrate
 * dialog (src/ui/migration/).  Written first so both can be built side by
 * side; keep these names.
 *
 * Three steps, each asynchronous and cancellable:
 *
 *   1. vireo_migration_options_init() gives the defaults for a VM
 *      (live for a running guest, offline for a shut-off persistent one,
 *      permanent move, direct transport, shared storage, no limits).
 *
 *   2. vireo_migration_preflight_async() looks at the VM and the destination
 *      (CPU, networks, storage, name/UUID clash, memory, hypervisor kind,
 *      host devices, same host, the options themselves) and returns a
 *      VireoMigrationReport: the guest's disks with where their storage is,
 *      and the problems found.  Each problem is a sentence a person can act
 *      on; a blocking one means the migration would fail or lose the guest.
 *
 *   3. vireo_migration_new() + vireo_migration_start_async() runs it on a
 *      worker thread (virDomainMigrateToURI3 / virDomainMigrate3) while the
 *      main loop samples virDomainGetJobStats and emits ::progress.
 *      vireo_migration_cancel() aborts the job (virDomainAbortJob): the source
 *      keeps running and the destination is left holding nothing.  A failure
 *      says why, in the terms of the seeds (§9), and leaves the source as it
 *      was.  Both hosts' lists then follow from libvirt's own events.
 *
 * While it runs, vireo_domain_get_migration() on the source VM returns the
 * job (the manager's row shows its progress from it).
 */
#pragma once

#include <gio/gio.h>

#include "vireo-connection.h"
#include "vireo-domain.h"

G_BEGIN_DECLS

typedef enum
{
  VIREO_MIGRATION_LIVE,    /* a running (or paused) guest moves while it runs */
  VIREO_MIGRATION_OFFLINE, /* a shut-off persistent VM: its definition moves */
} VireoMigrationMode;

typedef enum
{
  VIREO_MIGRATION_DIRECT,    /* QEMU to QEMU; optional address and port */
  VIREO_MIGRATION_TUNNELLED, /* through the libvirt connection (peer to peer + tunnelled) */
} VireoMigrationTransport;

typedef enum
{
  VIREO_MIGRATION_STORAGE_SHARED,      /* the destination sees the same disks */
  VIREO_MIGRATION_STORAGE_COPY_ALL,    /* copy every local disk (VIR_MIGRATE_NON_SHARED_DISK) */
  VIREO_MIGRATION_STORAGE_COPY_INCREMENTAL, /* only the top layer (VIR_MIGRATE_NON_SHARED_INC) */
} VireoMigrationStorage;

/* What the person chose.  Plain data: the dialog fills it, the core reads it.
 * Strings are owned by the struct (vireo_migration_options_clear frees them). */
typedef struct
{
  VireoMigrationMode      mode;
  gboolean                permanent;      /* TRUE: persist on the destination and undefine
                                           * the source; FALSE: a temporary move */
  VireoMigrationTransport transport;
  char                   *address;        /* DIRECT: host name or address to migrate to, or NULL */
  guint                   port;           /* DIRECT: 0 lets libvirt choose */
  VireoMigrationStorage   storage;
  gboolean                limit_bandwidth;
  gint64                  bandwidth_mib;  /* MiB/s, when limit_bandwidth; must be > 0 */
  gint64                  max_downtime_ms;/* 0: libvirt's default */
  gboolean                auto_converge;
  gboolean                compressed;
  gboolean                postcopy;       /* allow switching to post-copy during the job */
  gboolean                unsafe;         /* VIR_MIGRATE_UNSAFE: skip libvirt's cache-mode safety check */
} VireoMigrationOptions;

void     vireo_migration_options_init  (VireoMigrationOptions  *options,
                                        VireoDomain            *domain);
void     vireo_migration_options_clear (VireoMigrationOptions  *options);
void     vireo_migration_options_copy  (const VireoMigrationOptions *src,
                                        VireoMigrationOptions  *dest);
/* The options alone (no host asked): a bandwidth limit of 0 or below, a port
 * above 65535, an address with spaces, live for a shut-off VM, offline for a
 * transient one, post-copy with tunnelled transport, … */
gboolean vireo_migration_options_validate (const VireoMigrationOptions *options,
                                           GError               **error);
/* The same, and the options against the VM as it is now: live for a shut-off
 * VM, offline for a running or a transient one.  The job checks this first. */
gboolean vireo_migration_options_validate_for (const VireoMigrationOptions *options,
                                               VireoDomain                 *domain,
                                               GError                     **error);

/* ---- pre-flight ---------------------------------------------------------- */

typedef enum
{
  VIREO_MIGRATION_CHECK_OPTIONS,         /* the options themselves */
  VIREO_MIGRATION_CHECK_DESTINATION,     /* disconnected, same host (host UUID) */
  VIREO_MIGRATION_CHECK_HYPERVISOR,      /* different hypervisor kind or architecture */
  VIREO_MIGRATION_CHECK_CPU,             /* guest CPU against the destination's
                                          * (virConnectCompareHypervisorCPU) */
  VIREO_MIGRATION_CHECK_HOST_PASSTHROUGH,/* host-passthrough CPU: warning */
  VIREO_MIGRATION_CHECK_NETWORK,         /* a network or bridge the guest uses is missing
                                          * or inactive on the destination */
  VIREO_MIGRATION_CHECK_STORAGE,         /* a disk the destination lacks while copy is off;
                                          * or a copy with no room in the destination pool */
  VIREO_MIGRATION_CHECK_NAME,            /* the name or the UUID already exists there */
  VIREO_MIGRATION_CHECK_MEMORY,          /* not enough free memory on the destination */
  VIREO_MIGRATION_CHECK_HOST_DEVICE,     /* a host USB or PCI device is attached */
} VireoMigrationCheck;

typedef struct
{
  VireoMigrationCheck check;
  gboolean            blocking;   /* FALSE: a warning the person may accept */
  char               *message;    /* one plain sentence (never markup) */
} VireoMigrationProblem;

/* One disk of the guest, as the storage page shows it. */
typedef struct
{
  char    *target;        /* "vda" */
  char    *source;        /* path, or pool/volume, or network source name */
  guint64  capacity;      /* bytes, 0 when unknown */
  guint64  allocation;    /* bytes, 0 when unknown */
  gboolean shared;        /* the destination already sees it (same path in one of its
                           * pools, or a shared pool type: netfs, iscsi, rbd, gluster…) */
  gboolean read_only;     /* CD-ROMs and read-only disks are never copied */
  char    *dest_pool;     /* the destination pool that would receive a copy, or NULL */
  guint64  dest_pool_free;/* bytes available in it */
} VireoMigrationDisk;

#define VIREO_TYPE_MIGRATION_REPORT (vireo_migration_report_get_type ())
G_DECLARE_FINAL_TYPE (VireoMigrationReport, vireo_migration_report, VIREO, MIGRATION_REPORT, GObject)

/* (element-type VireoMigrationProblem), blocking ones first, then by check */
GPtrArray *vireo_migration_report_get_problems (VireoMigrationReport *self);
/* (element-type VireoMigrationDisk) */
GPtrArray *vireo_migration_report_get_disks    (VireoMigrationReport *self);
gboolean   vireo_migration_report_get_blocked  (VireoMigrationReport *self);
/* storage must be copied (some disk is neither shared nor read-only) */
gboolean   vireo_migration_report_get_needs_copy (VireoMigrationReport *self);

void                  vireo_migration_preflight_async  (VireoDomain                 *domain,
                                                        VireoConnection             *destination,
                                                        const VireoMigrationOptions *options,
                                                        GCancellable                *cancellable,
                                                        GAsyncReadyCallback          callback,
                                                        gpointer                     user_data);
/* NULL and @error only when the checks themselves could not run (the source
 * vanished); problems found are in the report, not in @error. */
VireoMigrationReport *vireo_migration_preflight_finish (VireoDomain                 *domain,
                                                        GAsyncResult                *result,
                                                        GError                     **error);

/* ---- the job -------------------------------------------------------------- */

typedef enum
{
  VIREO_MIGRATION_STATE_PREPARING,  /* not yet copying */
  VIREO_MIGRATION_STATE_STORAGE,    /* copying disks */
  VIREO_MIGRATION_STATE_MEMORY,     /* copying memory (pre-copy) */
  VIREO_MIGRATION_STATE_POSTCOPY,   /* switched to post-copy: the guest runs on the destination */
  VIREO_MIGRATION_STATE_DONE,
  VIREO_MIGRATION_STATE_FAILED,
  VIREO_MIGRATION_STATE_CANCELLED,
} VireoMigrationState;

/* One sample of the job, taken about twice a second. */
typedef struct
{
  gint64  elapsed_ms;
  guint64 data_total;       /* bytes: memory + disks */
  guint64 data_processed;
  guint64 data_remaining;
  guint64 memory_bps;       /* memory transfer rate, bytes/s */
  guint64 disk_total;
  guint64 disk_processed;
  guint64 dirty_rate;       /* pages/s the guest dirties, 0 when unknown */
  guint64 iteration;        /* memory pass */
  guint64 downtime_ms;      /* live: the downtime expected if it ended now, 0 when unknown */
} VireoMigrationSample;

#define VIREO_TYPE_MIGRATION (vireo_migration_get_type ())
G_DECLARE_FINAL_TYPE (VireoMigration, vireo_migration, VIREO, MIGRATION, GObject)

VireoMigration      *vireo_migration_new          (VireoDomain                 *domain,
                                                   VireoConnection             *destination,
                                                   const VireoMigrationOptions *options);
VireoDomain         *vireo_migration_get_domain      (VireoMigration *self);
VireoConnection     *vireo_migration_get_destination (VireoMigration *self);
const VireoMigrationOptions *vireo_migration_get_options (VireoMigration *self);
VireoMigrationState  vireo_migration_get_state       (VireoMigration *self);   /* property "state" */
double               vireo_migration_get_fraction    (VireoMigration *self);   /* property "fraction", 0..1 */
/* every sample so far, oldest first (element-type VireoMigrationSample) */
GArray              *vireo_migration_get_samples     (VireoMigration *self);

/* Runs the migration.  Options are validated again first.  The result is
 * TRUE once the guest runs (live) or is defined (offline) on the destination.
 * On error the source keeps running. */
void                 vireo_migration_start_async     (VireoMigration      *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean             vireo_migration_start_finish    (VireoMigration      *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* Abort (virDomainAbortJob).  The job then ends with state CANCELLED and
 * G_IO_ERROR_CANCELLED; the source still runs.  Not possible in post-copy. */
void                 vireo_migration_cancel          (VireoMigration      *self);
/* Only while MEMORY and with options->postcopy (virDomainMigrateStartPostCopy). */
gboolean             vireo_migration_switch_to_postcopy (VireoMigration   *self,
                                                         GError          **error);

/* Signals:
 *   ::progress (const VireoMigrationSample *sample)  after each new sample
 *   notify::state, notify::fraction
 */

/* The migration the VM is the source of, or NULL (defined in vireo-domain.c;
 * property "migration" on VireoDomain, notified when it starts and ends). */
VireoMigration      *vireo_domain_get_migration      (VireoDomain    *domain);

G_END_DECLS
