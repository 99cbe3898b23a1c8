/* vireo-domain-private.h — what VireoConnection needs of VireoDomain
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vireo-domain.h"
#include "vireo-install-job.h"
#include "vireo-snapshot-private.h"

G_BEGIN_DECLS

/* Everything Vireo shows of a VM, read on a worker thread in one go. */
typedef struct
{
  virDomainPtr     handle;        /* owned reference */
  guint64          seq;           /* when it was read: newer wins */
  char            *name;
  char            *uuid;
  int              id;
  VireoDomainState state;
  gboolean         has_managed_save;
  gboolean         persistent;
  gboolean         autostart;
  guint            vcpus;
  guint64          memory;
  guint64          max_memory;
  char            *title;
  char            *description;
  char            *os_id;
  char            *os_name;
  char            *hypervisor;
  char            *emulator;
  gboolean         install_phase; /* running with Vireo's install-phase marker */
  int              reason;        /* virDomainGetState's reason for state */
  VireoSnapshotFacts *snapshot_facts; /* what its definition says about snapshots (vireo-snapshot.c) */
} VireoDomainSnapshot;

/* worker thread; NULL + error when the VM vanished or libvirt failed */
VireoDomainSnapshot *_vireo_domain_snapshot_fetch (virDomainPtr handle,
                                                   GError     **error);
void                 _vireo_domain_snapshot_free  (VireoDomainSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoDomainSnapshot, _vireo_domain_snapshot_free)

/* a new reference to the libvirt handle (free with virDomainFree), or NULL */
virDomainPtr _vireo_domain_ref_handle    (VireoDomain         *self);

/* main thread */
VireoDomain *_vireo_domain_new           (VireoConnection     *connection,
                                          VireoDomainSnapshot *snapshot);
void         _vireo_domain_apply         (VireoDomain         *self,
                                          VireoDomainSnapshot *snapshot);
void         _vireo_domain_set_state     (VireoDomain         *self,
                                          VireoDomainState     state);
void         _vireo_domain_set_os_name   (VireoDomain         *self,
                                          const char          *os_name);
void         _vireo_domain_set_available (VireoDomain         *self,
                                          gboolean             available);
void         _vireo_domain_set_removed   (VireoDomain         *self);
/* the migration this VM is the source of (a VireoMigration), or NULL when
 * it ends; notifies "migration" (vireo-migration.c) */
void         _vireo_domain_set_migration (VireoDomain         *self,
                                          gpointer             migration);
/* a lifecycle event said the VM stopped (@detail: virDomainEventStoppedDetailType);
 * ends or continues its install job */
void         _vireo_domain_stopped       (VireoDomain         *self,
                                          int                  detail);
/* emits "snapshots-changed": a snapshot was made, reverted to, deleted or
 * described, or a lifecycle event says libvirt reverted one (issue 15) */
void         _vireo_domain_emit_snapshots_changed (VireoDomain *self);

/* -- the class's own files only ------------------------------------------------
 * VireoDomain is one class in files by concern that share what follows:
 * vireo-domain.c (properties, main-thread updates, the install job, the
 * object), vireo-domain-refresh.c (reading state and XML from libvirt) and
 * vireo-domain-lifecycle.c (actions, autostart, metadata, XML),
 * vireo-domain-delete.c (Delete with a choice of volumes), vireo-domain-clone.c
 * (Clone: it reads the handle and the connection), vireo-snapshot.c
 * (snapshots: it reads the handle, the name and the facts kept here), and
 * vireo-domain-edit.c (its configuration: read, apply, pending changes). The rest of
 * the core uses the functions above, never the struct: only files that
 * define VIREO_DOMAIN_COMPILATION before their includes see it. */
#ifdef VIREO_DOMAIN_COMPILATION

struct _VireoDomain
{
  GObject           parent_instance;

  VireoConnection  *connection;     /* weak */
  virDomainPtr      handle;

  char             *name;
  char             *uuid;
  int               id;
  VireoDomainState  state;
  char             *title;
  char             *description;
  char             *os_id;
  char             *os_name;
  char             *hypervisor;
  char             *emulator;
  guint64           memory;
  guint64           max_memory;
  guint             vcpus;
  guint64           applied_seq;   /* the newest snapshot applied */
  VireoDomainStats *stats;         /* made on first use */
  VireoInstallJob  *install_job;   /* NULL: no install followed */
  GObject          *migration;     /* the VireoMigration it is the source of, or NULL */
  GHashTable       *pending_devices; /* ids of devices whose applied changes wait for the
                                      * next shut down (vireo-domain-edit.c); NULL: none yet */
  VireoSnapshotFacts *snapshot_facts; /* from the newest reading (vireo-snapshot.c); NULL: none yet */

  guint             has_managed_save : 1;
  guint             persistent : 1;
  guint             autostart : 1;
  guint             available : 1;
  guint             removed : 1;
  guint             refreshing : 1;
  guint             refresh_again : 1;
  guint             install_stop_asked : 1;  /* the person shut it down or forced it off */
  int               install_missed_stop;     /* a stop seen in a reading, not an event */
};

/* a worker task's data: the VM's handle and what to do */
typedef struct
{
  virDomainPtr handle;
  int          action;
  char        *cpu_notice;   /* Run started it with another CPU model */
} VireoDomainTaskData;

/* vireo-domain.c */
/* emits VireoDomain::refreshed */
void         _vireo_domain_emit_refreshed    (VireoDomain *self);
/* emits VireoDomain::cpu-fallback */
void         _vireo_domain_emit_cpu_fallback (VireoDomain *self,
                                              const char  *notice);

/* vireo-domain-lifecycle.c: FALSE after answering @task (a sentence that starts with @what) when no
 * change can be sent now: the VM is gone, its connection is not open or is
 * read-only */
gboolean     _vireo_domain_check_writable (VireoDomain *self,
                                           GTask       *task,
                                           const char  *what);

/* vireo-domain-delete.c: virDomainUndefineFlags with @wanted, or fewer
 * flags on drivers that know fewer, then plain virDomainUndefine; *@used:
 * the flags that worked (0 for the plain call). Worker thread. */
int          _vireo_domain_undefine       (virDomainPtr handle,
                                           guint        wanted,
                                           guint       *used);

/* vireo-domain-refresh.c */
void         _vireo_domain_task_data_free    (gpointer     ptr);

#endif /* VIREO_DOMAIN_COMPILATION */

G_END_DECLS
