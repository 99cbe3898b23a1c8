/* vireo-domain.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-connection.h"
#include "vireo-domain-stats.h"
#include "vireo-install-job.h"

G_BEGIN_DECLS

/* the same numbers as virDomainState */
typedef enum
{
  VIREO_DOMAIN_STATE_NOSTATE = 0,
  VIREO_DOMAIN_STATE_RUNNING,
  VIREO_DOMAIN_STATE_BLOCKED,
  VIREO_DOMAIN_STATE_PAUSED,
  VIREO_DOMAIN_STATE_SHUTDOWN,
  VIREO_DOMAIN_STATE_SHUTOFF,
  VIREO_DOMAIN_STATE_CRASHED,
  VIREO_DOMAIN_STATE_PMSUSPENDED,
} VireoDomainState;

#define VIREO_TYPE_DOMAIN_STATE (vireo_domain_state_get_type ())
GType vireo_domain_state_get_type (void);

typedef enum
{
  VIREO_DOMAIN_ACTION_RUN,        /* start, or restore a managed save */
  VIREO_DOMAIN_ACTION_PAUSE,
  VIREO_DOMAIN_ACTION_RESUME,
  VIREO_DOMAIN_ACTION_SHUTDOWN,   /* ACPI */
  VIREO_DOMAIN_ACTION_REBOOT,
  VIREO_DOMAIN_ACTION_FORCE_OFF,
  VIREO_DOMAIN_ACTION_SAVE,       /* managed save */
  VIREO_DOMAIN_ACTION_DELETE,     /* undefine; storage is kept */
} VireoDomainAction;

#define VIREO_TYPE_DOMAIN (vireo_domain_get_type ())
G_DECLARE_FINAL_TYPE (VireoDomain, vireo_domain, VIREO, DOMAIN, GObject)

VireoConnection  *vireo_domain_get_connection     (VireoDomain *self);
const char       *vireo_domain_get_name           (VireoDomain *self);
const char       *vireo_domain_get_uuid           (VireoDomain *self);
int               vireo_domain_get_id             (VireoDomain *self);
VireoDomainState  vireo_domain_get_state          (VireoDomain *self);
gboolean          vireo_domain_get_has_managed_save (VireoDomain *self);
gboolean          vireo_domain_get_persistent     (VireoDomain *self);
gboolean          vireo_domain_get_autostart      (VireoDomain *self);
/* FALSE while the connection is down, and once the VM has been undefined */
gboolean          vireo_domain_get_available      (VireoDomain *self);
/* TRUE once libvirt said the VM is gone (undefined / transient and stopped) */
gboolean          vireo_domain_get_removed        (VireoDomain *self);
const char       *vireo_domain_get_title          (VireoDomain *self);
const char       *vireo_domain_get_description    (VireoDomain *self);
const char       *vireo_domain_get_os_id          (VireoDomain *self);  /* libosinfo id or NULL */
const char       *vireo_domain_get_os_name        (VireoDomain *self);  /* "Fedora 37" or NULL */
guint             vireo_domain_get_vcpus          (VireoDomain *self);
guint64           vireo_domain_get_memory         (VireoDomain *self);  /* KiB, current */
guint64           vireo_domain_get_max_memory     (VireoDomain *self);  /* KiB */
const char       *vireo_domain_get_hypervisor     (VireoDomain *self);  /* "kvm", "qemu", "xen", "test" */
const char       *vireo_domain_get_emulator       (VireoDomain *self);  /* path or NULL */

/* the install Vireo follows on this VM (vireo-install-job.h): from the
 * installer's first boot until the VM runs from its disk, and the sentence
 * that ended it afterwards; NULL when there is none. "notify::install-job" */
VireoInstallJob  *vireo_domain_get_install_job    (VireoDomain *self);

/* live figures and history, filled by the connection's VireoStatsSampler;
 * made on first use */
VireoDomainStats *vireo_domain_get_stats          (VireoDomain *self);

/* "Running", "Paused", "Saved", "Shut off", … (translated) */
const char       *vireo_domain_state_to_string    (VireoDomainState state,
                                                   gboolean         has_managed_save);
/* a symbolic icon name for the state */
const char       *vireo_domain_state_icon_name    (VireoDomainState state,
                                                   gboolean         has_managed_save);
/* whether @action applies to a VM in @state */
gboolean          vireo_domain_action_applies     (VireoDomainAction action,
                                                   VireoDomainState  state,
                                                   gboolean          has_managed_save);
gboolean          vireo_domain_can                (VireoDomain      *self,
                                                   VireoDomainAction action);

/* VIREO_DOMAIN_ACTION_RUN of a VM whose CPU is the host's own
 * (host-passthrough, host-model) that the host cannot run (nested
 * virtualisation): the VM is started with a named model of the host's
 * domain capabilities, else QEMU's default, its definition keeps that model,
 * and "cpu-fallback" (const char *sentence) says which before the action
 * finishes. */
void              vireo_domain_action_async       (VireoDomain        *self,
                                                   VireoDomainAction   action,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
gboolean          vireo_domain_action_finish      (VireoDomain  *self,
                                                   GAsyncResult *result,
                                                   GError      **error);

void              vireo_domain_set_autostart_async (VireoDomain        *self,
                                                    gboolean            autostart,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
gboolean          vireo_domain_set_autostart_finish (VireoDomain  *self,
                                                     GAsyncResult *result,
                                                     GError      **error);

/* saves title and description into the domain (live and persistent config) */
void              vireo_domain_set_metadata_async (VireoDomain        *self,
                                                   const char         *title,
                                                   const char         *description,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
gboolean          vireo_domain_set_metadata_finish (VireoDomain  *self,
                                                    GAsyncResult *result,
                                                    GError      **error);

/* the domain's XML as libvirt holds it now (worker thread) */
void              vireo_domain_get_xml_async      (VireoDomain        *self,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
char             *vireo_domain_get_xml_finish     (VireoDomain  *self,
                                                   GAsyncResult *result,
                                                   GError      **error);

/* -- whole-VM operations (vireo-domain-ops.c, issue 15) -- */

/* NULL when @self can be renamed now; else why not, a translated sentence
 * (running, saved state, transient, read-only, not connected) */
const char       *vireo_domain_get_rename_blocker (VireoDomain *self);
/* the New VM wizard's name rules, not its current name, and no other VM of
 * its connection's list called so (main thread) */
gboolean          vireo_domain_check_new_name     (VireoDomain  *self,
                                                   const char   *name,
                                                   GError      **error);
/* virDomainRename of a shut-off persistent VM; the same VireoDomain then
 * carries the new name ("notify::name") */
void              vireo_domain_rename_async       (VireoDomain        *self,
                                                   const char         *new_name,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
gboolean          vireo_domain_rename_finish      (VireoDomain  *self,
                                                   GAsyncResult *result,
                                                   GError      **error);

/* main thread: the fraction of a save written so far, 0…1 */
typedef void (*VireoDomainProgressFunc) (double   fraction,
                                         gpointer user_data);

/* virDomainSaveFlags of a running or paused VM to @path, an absolute path
 * on the VM's host (libvirtd writes it); the VM is shut off afterwards.
 * @progress is called while it writes (virDomainGetJobStats) and must stay
 * valid until @callback. Cancelling @cancellable aborts the job (libvirtd
 * removes the partial file; the VM keeps running) and the result is
 * G_IO_ERROR_CANCELLED. */
void              vireo_domain_save_to_file_async  (VireoDomain             *self,
                                                    const char              *path,
                                                    VireoDomainProgressFunc  progress,
                                                    gpointer                 progress_data,
                                                    GCancellable            *cancellable,
                                                    GAsyncReadyCallback      callback,
                                                    gpointer                 user_data);
gboolean          vireo_domain_save_to_file_finish (VireoDomain  *self,
                                                    GAsyncResult *result,
                                                    GError      **error);
/* virDomainRestoreFlags on @connection of a file saved as above (a path on
 * that host): the VM runs again and appears in the list by its events */
void              vireo_domain_restore_from_file_async  (VireoConnection    *connection,
                                                         const char         *path,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
gboolean          vireo_domain_restore_from_file_finish (VireoConnection *connection,
                                                         GAsyncResult    *result,
                                                         GError         **error);

/* re-reads everything from libvirt on the worker; "refreshed" is emitted after */
void              vireo_domain_refresh            (VireoDomain *self);

G_END_DECLS
