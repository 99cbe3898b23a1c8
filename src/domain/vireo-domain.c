/* vireo-domain.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One VM. Properties change only on the main thread, from a snapshot read
 * on the connection's worker (after an event or an action) or straight
 * from a lifecycle event.
 */
#define G_LOG_DOMAIN "vireo-domain"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-core.h"
#include "vireo-cpu-fallback.h"
#include "vireo-domain-private.h"
#include "vireo-install-job.h"
#include "vireo-xml.h"

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

G_DEFINE_FINAL_TYPE (VireoDomain, vireo_domain, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (VireoDomainState, vireo_domain_state,
                    G_DEFINE_ENUM_VALUE (VIREO_DOMAIN_STATE_NOSTATE, "nostate"),
                    G_DEFINE_ENUM_VALUE (VIREO_DOMAIN_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (VIREO_DOMAIN_STATE_BLOCKED, "blocked"),
                    G_DEFINE_ENUM_VALUE (VIREO_DOMAIN_STATE_PAUSED, "paused"),
                    G_DEFINE_ENUM_VALUE (VIREO_DOMAIN_STATE_SHUTDOWN, "shutdown"),
                    G_DEFINE_ENUM_VALUE (VIREO_DOMAIN_STATE_SHUTOFF, "shutoff"),
                    G_DEFINE_ENUM_VALUE (VIREO_DOMAIN_STATE_CRASHED, "crashed"),
                    G_DEFINE_ENUM_VALUE (VIREO_DOMAIN_STATE_PMSUSPENDED, "pmsuspended"))

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_NAME,
  PROP_UUID,
  PROP_ID,
  PROP_STATE,
  PROP_HAS_MANAGED_SAVE,
  PROP_PERSISTENT,
  PROP_AUTOSTART,
  PROP_AVAILABLE,
  PROP_REMOVED,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_OS_ID,
  PROP_OS_NAME,
  PROP_VCPUS,
  PROP_MEMORY,
  PROP_MAX_MEMORY,
  PROP_HYPERVISOR,
  PROP_EMULATOR,
  PROP_INSTALL_JOB,
  N_PROPS
};

enum {
  REFRESHED,
  CPU_FALLBACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* -- snapshots (worker thread) ------------------------------------------------ */

void
_vireo_domain_snapshot_free (VireoDomainSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  if (snapshot->handle)
    virDomainFree (snapshot->handle);
  g_free (snapshot->name);
  g_free (snapshot->uuid);
  g_free (snapshot->title);
  g_free (snapshot->description);
  g_free (snapshot->os_id);
  g_free (snapshot->os_name);
  g_free (snapshot->hypervisor);
  g_free (snapshot->emulator);
  g_free (snapshot);
}

static void
parse_xml (VireoDomainSnapshot *snapshot,
           const char          *xml)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse (xml, NULL, NULL);
  xmlNode *root = vireo_xml_root (doc);

  if (doc == NULL)
    return;
  snapshot->hypervisor = vireo_xml_get_string (root, "/domain/@type");
  {
    g_autofree char *id = vireo_xml_get_string (root, "/domain/@id");
    /* virDomainGetID() answers from the handle's cache; the XML is current */
    snapshot->id = id ? (int) g_ascii_strtoll (id, NULL, 10) : -1;
  }
  snapshot->title = vireo_xml_get_string (root, "/domain/title");
  snapshot->description = vireo_xml_get_string (root, "/domain/description");
  snapshot->emulator = vireo_xml_get_string (root, "/domain/devices/emulator");
  snapshot->os_id = vireo_xml_get_string (root, "/domain/metadata/libosinfo:libosinfo/libosinfo:os/@id");
  {
    g_autofree char *phase = vireo_xml_get_string (root, "/domain/metadata/vireo:install/@phase");

    /* only a running configuration is an install phase */
    snapshot->install_phase = g_strcmp0 (phase, "install") == 0 && snapshot->id >= 0;
  }
}

VireoDomainSnapshot *
_vireo_domain_snapshot_fetch (virDomainPtr handle,
                              GError     **error)
{
  g_autoptr(VireoDomainSnapshot) snapshot = g_new0 (VireoDomainSnapshot, 1);
  char uuid[VIR_UUID_STRING_BUFLEN];
  virDomainInfo info;
  int state = 0, reason = 0;
  int autostart = 0;
  static gsize next_seq;
  char *xml;

  snapshot->seq = g_atomic_pointer_add (&next_seq, 1) + 1;
  virDomainRef (handle);
  snapshot->handle = handle;
  snapshot->name = g_strdup (virDomainGetName (handle));
  if (virDomainGetUUIDString (handle, uuid) < 0)
    goto failed;
  snapshot->uuid = g_strdup (uuid);

  if (virDomainGetState (handle, &state, &reason, 0) < 0)
    goto failed;
  snapshot->state = state;
  snapshot->reason = reason;

  snapshot->id = -1;
  if (virDomainGetInfo (handle, &info) == 0)
    {
      snapshot->vcpus = info.nrVirtCpu;
      snapshot->memory = info.memory;
      snapshot->max_memory = info.maxMem;
    }
  snapshot->has_managed_save = virDomainHasManagedSaveImage (handle, 0) == 1;
  snapshot->persistent = virDomainIsPersistent (handle) == 1;
  if (virDomainGetAutostart (handle, &autostart) == 0)
    snapshot->autostart = autostart != 0;

  xml = virDomainGetXMLDesc (handle, 0);
  if (xml != NULL)
    {
      parse_xml (snapshot, xml);
      free (xml);
    }
  else if (virGetLastErrorCode () == VIR_ERR_NO_DOMAIN)
    goto failed;

  /* Loading the OS database costs ~0.2 s: a first listing does without
   * (the connection fills the names in afterwards, see resolve_os_names) */
  if (vireo_core_os_names_loaded ())
    snapshot->os_name = vireo_os_name_for_id (snapshot->os_id);
  virResetLastError ();

  return g_steal_pointer (&snapshot);

failed:
  {
    g_autofree char *what = g_strdup_printf (_("Could not read “%s”"), snapshot->name);
    GError *local = vireo_error_new_from_libvirt (what);

    virResetLastError ();
    g_propagate_error (error, local);
    return NULL;
  }
}

/* -- main-thread updates ------------------------------------------------------ */

static void
set_string (VireoDomain *self,
            char       **field,
            const char  *value,
            int          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

#define SET_FIELD(self, field, value, prop)                                 \
  G_STMT_START {                                                            \
    if ((self)->field != (value))                                           \
      {                                                                     \
        (self)->field = (value);                                            \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);       \
      }                                                                     \
  } G_STMT_END

/* -- the install job (vireo-install-job.h) -------------------------------------- */

static void
set_install_job (VireoDomain     *self,
                 VireoInstallJob *job)
{
  if (self->install_job == job)
    return;
  g_set_object (&self->install_job, job);
  self->install_stop_asked = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSTALL_JOB]);
}

/* the stop event of a shut-off reason */
static int
stopped_detail_of_reason (int reason)
{
  switch (reason)
    {
    case VIR_DOMAIN_SHUTOFF_SHUTDOWN:
      return VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN;
    case VIR_DOMAIN_SHUTOFF_DESTROYED:
      return VIR_DOMAIN_EVENT_STOPPED_DESTROYED;
    case VIR_DOMAIN_SHUTOFF_CRASHED:
      return VIR_DOMAIN_EVENT_STOPPED_CRASHED;
    case VIR_DOMAIN_SHUTOFF_FAILED:
      return VIR_DOMAIN_EVENT_STOPPED_FAILED;
    case VIR_DOMAIN_SHUTOFF_SAVED:
      return VIR_DOMAIN_EVENT_STOPPED_SAVED;
    case VIR_DOMAIN_SHUTOFF_MIGRATED:
      return VIR_DOMAIN_EVENT_STOPPED_MIGRATED;
    default:
      return VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT; /* unknown: the job ends */
    }
}

static gboolean
install_missed_stop_cb (gpointer user_data)
{
  VireoDomain *self = user_data;

  /* while disconnected, the reading at the reconnection comes back here */
  if (self->install_job != NULL && !self->removed && self->available && self->connection != NULL
      && vireo_connection_get_state (self->connection) == VIREO_CONNECTION_STATE_CONNECTED
      && vireo_install_job_get_state (self->install_job) == VIREO_INSTALL_JOB_INSTALLING
      && self->state == VIREO_DOMAIN_STATE_SHUTOFF)
    _vireo_domain_stopped (self, self->install_missed_stop);
  return G_SOURCE_REMOVE;
}

/* a reading of the VM: running with the marker is an install phase; running
 * without it while one was followed means another Vireo started it again */
static void
update_install_job (VireoDomain         *self,
                    VireoDomainSnapshot *snapshot)
{
  if (snapshot->install_phase)
    {
      /* a job that ended stays: a reading from before the end may arrive
       * after it (a VM saved or migrated mid-install lost its job) */
      if (self->install_job == NULL)
        {
          g_autoptr (VireoInstallJob) job = _vireo_install_job_new ();

          set_install_job (self, job);
        }
      return;
    }
  /* (or started by the person after this Vireo could not) */
  if (self->install_job != NULL
      && (vireo_install_job_get_state (self->install_job) == VIREO_INSTALL_JOB_INSTALLING
          || vireo_install_job_get_state (self->install_job) == VIREO_INSTALL_JOB_FAILED)
      && (snapshot->state == VIREO_DOMAIN_STATE_RUNNING || snapshot->state == VIREO_DOMAIN_STATE_BLOCKED
          || snapshot->state == VIREO_DOMAIN_STATE_PAUSED))
    _vireo_install_job_set (self->install_job, VIREO_INSTALL_JOB_DONE,
                            _("Installed. The virtual machine was started again from its disk."), NULL);
  /* the install stopped while no event could say so (the connection was
   * down): the reading says why. After the reading is applied, as a
   * reconnection applies it before it is connected again */
  else if (self->install_job != NULL
           && vireo_install_job_get_state (self->install_job) == VIREO_INSTALL_JOB_INSTALLING
           && snapshot->state == VIREO_DOMAIN_STATE_SHUTOFF)
    {
      self->install_missed_stop = stopped_detail_of_reason (snapshot->reason);
      g_idle_add_full (G_PRIORITY_DEFAULT, install_missed_stop_cb, g_object_ref (self),
                       g_object_unref);
    }
}

static void
install_restart_done (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  VireoDomain *self = VIREO_DOMAIN (object);
  g_autoptr (VireoInstallJob) job = user_data;
  g_autoptr (GError) error = NULL;

  /* another Vireo watching the same host was quicker: it runs, as it should */
  if (vireo_domain_action_finish (self, result, &error)
      || g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE))
    {
      _vireo_install_job_set (job, VIREO_INSTALL_JOB_DONE,
                              _("Installed. The virtual machine was started again from its disk."), NULL);
      return;
    }
  {
    g_autofree char *message = NULL;

    /* Translators: %s is the sentence that says why the start failed */
    message = g_strdup_printf (_("The installer has finished, but the virtual machine could not be started from its disk. %s"),
                               error->message);
    _vireo_install_job_set (job, VIREO_INSTALL_JOB_FAILED, message, vireo_error_get_details (error));
  }
}

void
_vireo_domain_stopped (VireoDomain *self,
                       int          detail)
{
  VireoInstallJob *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  job = self->install_job;
  if (job == NULL || vireo_install_job_get_state (job) != VIREO_INSTALL_JOB_INSTALLING)
    return;

  switch (detail)
    {
    case VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN:
      if (!self->install_stop_asked)
        {
          /* the installer rebooted (on_reboot is destroy): the saved
           * configuration boots the disk. This VireoDomain is the one
           * owner of the restart in this Vireo; the wizard does not. */
          _vireo_install_job_set (job, VIREO_INSTALL_JOB_RESTARTING,
                                  _("The installer has finished. Starting the virtual machine from its disk…"),
                                  NULL);
          vireo_domain_action_async (self, VIREO_DOMAIN_ACTION_RUN, NULL, install_restart_done,
                                     g_object_ref (job));
          return;
        }
      G_GNUC_FALLTHROUGH;
    case VIR_DOMAIN_EVENT_STOPPED_DESTROYED:
      _vireo_install_job_set (job, VIREO_INSTALL_JOB_STOPPED,
                              _("The install was stopped before the installer finished. Run starts the virtual machine from its disk."),
                              NULL);
      break;
    case VIR_DOMAIN_EVENT_STOPPED_CRASHED:
    case VIR_DOMAIN_EVENT_STOPPED_FAILED:
      _vireo_install_job_set (job, VIREO_INSTALL_JOB_STOPPED,
                              _("The virtual machine stopped unexpectedly during the install, so it was not started again. Run starts it from its disk."),
                              NULL);
      break;
    default:
      /* saved, migrated, a snapshot restored: the install goes on elsewhere
       * or later, and a reading of the VM running it finds it again */
      set_install_job (self, NULL);
      break;
    }
}

VireoDomain *
_vireo_domain_new (VireoConnection     *connection,
                   VireoDomainSnapshot *snapshot)
{
  VireoDomain *self = g_object_new (VIREO_TYPE_DOMAIN, NULL);

  self->connection = connection;
  g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &self->connection);
  self->uuid = g_strdup (snapshot->uuid);
  self->available = TRUE;
  _vireo_domain_apply (self, snapshot);

  return self;
}

void
_vireo_domain_apply (VireoDomain         *self,
                     VireoDomainSnapshot *snapshot)
{
  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (g_strcmp0 (self->uuid, snapshot->uuid) == 0);

  /* results from the workers arrive in any order: keep the newest reading */
  if (snapshot->seq != 0 && snapshot->seq <= self->applied_seq)
    return;
  self->applied_seq = snapshot->seq;

  if (self->handle != snapshot->handle)
    {
      if (self->handle)
        virDomainFree (self->handle);
      virDomainRef (snapshot->handle);
      self->handle = snapshot->handle;
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->name, snapshot->name, PROP_NAME);
  SET_FIELD (self, id, snapshot->id, PROP_ID);
  SET_FIELD (self, state, snapshot->state, PROP_STATE);
  SET_FIELD (self, has_managed_save, !!snapshot->has_managed_save, PROP_HAS_MANAGED_SAVE);
  SET_FIELD (self, persistent, !!snapshot->persistent, PROP_PERSISTENT);
  SET_FIELD (self, autostart, !!snapshot->autostart, PROP_AUTOSTART);
  SET_FIELD (self, vcpus, snapshot->vcpus, PROP_VCPUS);
  SET_FIELD (self, memory, snapshot->memory, PROP_MEMORY);
  SET_FIELD (self, max_memory, snapshot->max_memory, PROP_MAX_MEMORY);
  set_string (self, &self->title, snapshot->title, PROP_TITLE);
  set_string (self, &self->description, snapshot->description, PROP_DESCRIPTION);
  set_string (self, &self->os_id, snapshot->os_id, PROP_OS_ID);
  set_string (self, &self->os_name, snapshot->os_name, PROP_OS_NAME);
  set_string (self, &self->hypervisor, snapshot->hypervisor, PROP_HYPERVISOR);
  set_string (self, &self->emulator, snapshot->emulator, PROP_EMULATOR);
  g_object_thaw_notify (G_OBJECT (self));

  update_install_job (self, snapshot);
}

void
_vireo_domain_set_state (VireoDomain     *self,
                         VireoDomainState state)
{
  g_return_if_fail (VIREO_IS_DOMAIN (self));
  SET_FIELD (self, state, state, PROP_STATE);
}

void
_vireo_domain_set_os_name (VireoDomain *self,
                           const char  *os_name)
{
  g_return_if_fail (VIREO_IS_DOMAIN (self));
  set_string (self, &self->os_name, os_name, PROP_OS_NAME);
}

void
_vireo_domain_set_available (VireoDomain *self,
                             gboolean     available)
{
  g_return_if_fail (VIREO_IS_DOMAIN (self));
  available = !!available && !self->removed;
  SET_FIELD (self, available, available, PROP_AVAILABLE);
}

void
_vireo_domain_set_removed (VireoDomain *self)
{
  g_return_if_fail (VIREO_IS_DOMAIN (self));

  g_object_freeze_notify (G_OBJECT (self));
  SET_FIELD (self, removed, TRUE, PROP_REMOVED);
  SET_FIELD (self, available, FALSE, PROP_AVAILABLE);
  g_object_thaw_notify (G_OBJECT (self));
}

/* -- refresh -------------------------------------------------------------------- */

typedef struct
{
  virDomainPtr handle;
  int          action;
  char        *cpu_notice;   /* Run started it with another CPU model */
} TaskData;

static void
task_data_free (gpointer ptr)
{
  TaskData *data = ptr;

  if (data->handle)
    virDomainFree (data->handle);
  g_free (data->cpu_notice);
  g_free (data);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  VireoDomainSnapshot *snapshot = _vireo_domain_snapshot_fetch (data->handle, &error);

  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) _vireo_domain_snapshot_free);
}

static void
refresh_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VireoDomain *self = VIREO_DOMAIN (object);
  TaskData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(VireoDomainSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  self->refreshing = FALSE;
  snapshot = g_task_propagate_pointer (G_TASK (result), &error);

  if (snapshot != NULL)
    {
      /* a reconnect may have replaced the handle meanwhile */
      if (data->handle == self->handle && !self->removed)
        _vireo_domain_apply (self, snapshot);
    }
  else if (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND) &&
           data->handle == self->handle && self->connection != NULL)
    {
      _vireo_connection_remove_domain (self->connection, self);
    }

  if (self->refresh_again && !self->removed)
    {
      self->refresh_again = FALSE;
      vireo_domain_refresh (self);
      return;
    }

  g_signal_emit (self, signals[REFRESHED], 0);
}

void
vireo_domain_refresh (VireoDomain *self)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  if (self->removed || self->connection == NULL || self->handle == NULL)
    return;
  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }
  self->refreshing = TRUE;

  data = g_new0 (TaskData, 1);
  virDomainRef (self->handle);
  data->handle = self->handle;

  task = g_task_new (self, NULL, refresh_done, NULL);
  g_task_set_source_tag (task, vireo_domain_refresh);
  g_task_set_task_data (task, data, task_data_free);
  vireo_connection_run_in_worker (self->connection, task, refresh_thread);
}

/* -- actions -------------------------------------------------------------------- */

const char *
vireo_domain_state_to_string (VireoDomainState state,
                              gboolean         has_managed_save)
{
  switch (state)
    {
    case VIREO_DOMAIN_STATE_RUNNING:
      return _("Running");
    case VIREO_DOMAIN_STATE_BLOCKED:
      return _("Idle");
    case VIREO_DOMAIN_STATE_PAUSED:
      return _("Paused");
    case VIREO_DOMAIN_STATE_SHUTDOWN:
      return _("Shutting down");
    case VIREO_DOMAIN_STATE_SHUTOFF:
      return has_managed_save ? _("Saved") : _("Shut off");
    case VIREO_DOMAIN_STATE_CRASHED:
      return _("Crashed");
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
      return _("Suspended");
    case VIREO_DOMAIN_STATE_NOSTATE:
    default:
      return _("Unknown");
    }
}

const char *
vireo_domain_state_icon_name (VireoDomainState state,
                              gboolean         has_managed_save)
{
  switch (state)
    {
    case VIREO_DOMAIN_STATE_RUNNING:
    case VIREO_DOMAIN_STATE_BLOCKED:
      return "media-playback-start-symbolic";
    case VIREO_DOMAIN_STATE_PAUSED:
      return "media-playback-pause-symbolic";
    case VIREO_DOMAIN_STATE_SHUTDOWN:
    case VIREO_DOMAIN_STATE_SHUTOFF:
      return has_managed_save ? "document-save-symbolic" : "system-shutdown-symbolic";
    case VIREO_DOMAIN_STATE_CRASHED:
      return "dialog-error-symbolic";
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
      return "weather-clear-night-symbolic";
    case VIREO_DOMAIN_STATE_NOSTATE:
    default:
      return "dialog-question-symbolic";
    }
}

gboolean
vireo_domain_action_applies (VireoDomainAction action,
                             VireoDomainState  state,
                             gboolean          has_managed_save)
{
  gboolean running = state == VIREO_DOMAIN_STATE_RUNNING || state == VIREO_DOMAIN_STATE_BLOCKED;
  gboolean active = state != VIREO_DOMAIN_STATE_SHUTOFF && state != VIREO_DOMAIN_STATE_NOSTATE;

  switch (action)
    {
    case VIREO_DOMAIN_ACTION_RUN:
      return state == VIREO_DOMAIN_STATE_SHUTOFF || state == VIREO_DOMAIN_STATE_CRASHED;
    case VIREO_DOMAIN_ACTION_PAUSE:
      return running;
    case VIREO_DOMAIN_ACTION_RESUME:
      return state == VIREO_DOMAIN_STATE_PAUSED;
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
    case VIREO_DOMAIN_ACTION_REBOOT:
      return running;
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
      return active;
    case VIREO_DOMAIN_ACTION_SAVE:
      return running || state == VIREO_DOMAIN_STATE_PAUSED;
    case VIREO_DOMAIN_ACTION_DELETE:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
vireo_domain_can (VireoDomain      *self,
                  VireoDomainAction action)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);

  if (!self->available || self->connection == NULL ||
      vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_CONNECTED ||
      vireo_connection_get_read_only (self->connection))
    return FALSE;

  return vireo_domain_action_applies (action, self->state, self->has_managed_save);
}

/* The first half of the error sentence for each action */
static char *
action_what (VireoDomainAction action,
             const char       *name)
{
  switch (action)
    {
    case VIREO_DOMAIN_ACTION_RUN:
      return g_strdup_printf (_("Could not start “%s”"), name);
    case VIREO_DOMAIN_ACTION_PAUSE:
      return g_strdup_printf (_("Could not pause “%s”"), name);
    case VIREO_DOMAIN_ACTION_RESUME:
      return g_strdup_printf (_("Could not resume “%s”"), name);
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
      return g_strdup_printf (_("Could not shut down “%s”"), name);
    case VIREO_DOMAIN_ACTION_REBOOT:
      return g_strdup_printf (_("Could not reboot “%s”"), name);
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
      return g_strdup_printf (_("Could not force off “%s”"), name);
    case VIREO_DOMAIN_ACTION_SAVE:
      return g_strdup_printf (_("Could not save “%s”"), name);
    case VIREO_DOMAIN_ACTION_DELETE:
      return g_strdup_printf (_("Could not delete “%s”"), name);
    default:
      return g_strdup_printf (_("Could not change “%s”"), name);
    }
}

/* Why an action does not apply to the VM's state, in words */
static const char *
action_wrong_state (VireoDomainAction action)
{
  switch (action)
    {
    case VIREO_DOMAIN_ACTION_RUN:
      return _("it is already running.");
    case VIREO_DOMAIN_ACTION_RESUME:
      return _("it is not paused.");
    case VIREO_DOMAIN_ACTION_PAUSE:
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
    case VIREO_DOMAIN_ACTION_REBOOT:
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
    case VIREO_DOMAIN_ACTION_SAVE:
      return _("it is not running.");
    case VIREO_DOMAIN_ACTION_DELETE:
    default:
      return _("the virtual machine is not in a state that allows it.");
    }
}

/* Called on the worker right after @action failed on @handle with @err
 * (taken; NULL: this thread's last libvirt error): when the VM's state
 * explains it (drivers word this differently), says so in words. */
static GError *
action_error (virDomainPtr      handle,
              VireoDomainAction action,
              const char       *name,
              virErrorPtr       err)
{
  g_autofree char *what = action_what (action, name);

  if (err == NULL)
    err = virSaveLastError ();
  GError *error;
  int state = 0, reason = 0;
  gboolean wrong_state = err != NULL && err->code == VIR_ERR_OPERATION_INVALID;

  if (!wrong_state && virDomainGetState (handle, &state, &reason, 0) == 0)
    {
      int has_save = virDomainHasManagedSaveImage (handle, 0);
      wrong_state = !vireo_domain_action_applies (action, state, has_save == 1);
    }

  if (wrong_state && err != NULL)
    {
      g_autofree char *details = g_strdup_printf ("%s (libvirt error %d, domain %d)",
                                                  err->message, err->code, err->domain);
      error = vireo_error_new_with_details (VIREO_ERROR_INVALID_STATE, details,
                                            "%s: %s", what, action_wrong_state (action));
    }
  else
    {
      error = vireo_error_new_from_virerror (err, what);
    }

  virFreeError (err);
  virResetLastError ();
  return error;
}

static int
undefine (virDomainPtr handle)
{
  static const unsigned int attempts[] = {
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
      VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_KEEP_NVRAM,
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE,
  };

  /* older drivers know fewer flags; storage is never removed here */
  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      int code;

      if (virDomainUndefineFlags (handle, attempts[i]) == 0)
        return 0;
      code = virGetLastErrorCode ();
      if (code != VIR_ERR_INVALID_ARG && code != VIR_ERR_NO_SUPPORT &&
          code != VIR_ERR_ARGUMENT_UNSUPPORTED)
        return -1;
    }
  return virDomainUndefine (handle);
}

static int
run_action (virDomainPtr      handle,
            VireoDomainAction action)
{
  int active;

  switch (action)
    {
    case VIREO_DOMAIN_ACTION_RUN:
      return virDomainCreate (handle);
    case VIREO_DOMAIN_ACTION_PAUSE:
      return virDomainSuspend (handle);
    case VIREO_DOMAIN_ACTION_RESUME:
      return virDomainResume (handle);
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
      return virDomainShutdown (handle);
    case VIREO_DOMAIN_ACTION_REBOOT:
      return virDomainReboot (handle, 0);
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
      return virDomainDestroy (handle);
    case VIREO_DOMAIN_ACTION_SAVE:
      return virDomainManagedSave (handle, 0);
    case VIREO_DOMAIN_ACTION_DELETE:
      active = virDomainIsActive (handle);
      if (active < 0)
        return -1;
      if (active == 1 && virDomainDestroy (handle) < 0)
        return -1;
      if (virDomainIsPersistent (handle) != 1)
        return 0;   /* transient: forcing it off removed it */
      return undefine (handle);
    default:
      g_assert_not_reached ();
    }
}

/* one Run of the persistent definition @xml: defined (again), then started */
static virDomainPtr
define_and_start (virConnectPtr handle,
                  const char   *xml,
                  gpointer      user_data,
                  virErrorPtr  *error)
{
  virDomainPtr dom = virDomainDefineXML (handle, xml);

  if (dom == NULL)
    {
      *error = virSaveLastError ();
      return NULL;
    }
  if (virDomainCreate (dom) < 0)
    {
      *error = virSaveLastError ();
      virDomainFree (dom);
      return NULL;
    }
  return dom;
}

/* Run: when the host cannot start the VM with the host's own CPU model
 * (nested virtualisation), the persistent definition is changed to a model
 * that starts (vireo-cpu-fallback.h), and put back as it was when none
 * does. Returns 0 or -1 with *@failure what the person should read. */
static int
start_with_cpu_fallback (TaskData    *data,
                         virErrorPtr *failure)
{
  virConnectPtr conn;
  virDomainPtr started;
  g_autofree char *used_xml = NULL;
  char *xml;
  virErrorPtr first;

  *failure = NULL;
  if (virDomainCreate (data->handle) == 0)
    return 0;
  first = virSaveLastError ();
  /* a transient VM has no definition to change; a saved one resumes the CPU
   * it was saved with */
  if (first == NULL || !vireo_cpu_fallback_is_cpu_failure (first->code, first->message)
      || virDomainIsPersistent (data->handle) != 1
      || virDomainHasManagedSaveImage (data->handle, 0) != 0)
    {
      *failure = first;
      return -1;
    }
  /* with its secrets (graphics passwords): the definition is written back */
  xml = virDomainGetXMLDesc (data->handle, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
  conn = virDomainGetConnect (data->handle);
  if (xml == NULL || conn == NULL)
    {
      free (xml);
      *failure = first;
      return -1;
    }
  started = vireo_cpu_fallback_retry (conn, xml, first, define_and_start, NULL, &used_xml,
                                      &data->cpu_notice, failure);
  if (started == NULL && vireo_cpu_fallback_applies (xml))
    {
      /* the definition as it was: a fallback may have changed it */
      virDomainPtr restored = virDomainDefineXML (conn, xml);

      if (restored == NULL)
        g_warning ("could not restore the definition of “%s”: %s", virDomainGetName (data->handle),
                   virGetLastErrorMessage ());
      else
        virDomainFree (restored);
    }
  free (xml);
  if (started == NULL)
    return -1;
  virDomainFree (started);
  return 0;
}

static void
action_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;
  VireoDomainSnapshot *snapshot;
  g_autofree char *name = g_strdup (virDomainGetName (data->handle));
  virErrorPtr failure = NULL;

  if (data->action == VIREO_DOMAIN_ACTION_RUN
      ? start_with_cpu_fallback (data, &failure) < 0
      : run_action (data->handle, data->action) < 0)
    {
      g_task_return_error (task, action_error (data->handle, data->action, name, failure));
      return;
    }

  /* read the outcome before answering, so the caller sees it */
  snapshot = data->action == VIREO_DOMAIN_ACTION_DELETE
             ? NULL : _vireo_domain_snapshot_fetch (data->handle, NULL);
  virResetLastError ();
  g_task_return_pointer (task, snapshot, (GDestroyNotify) _vireo_domain_snapshot_free);
}

static void
action_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VireoDomain *self = VIREO_DOMAIN (object);
  g_autoptr(GTask) outer = user_data;
  TaskData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(VireoDomainSnapshot) snapshot = NULL;
  GError *error = NULL;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (outer, error);
      vireo_domain_refresh (self);
      return;
    }

  if (data->action == VIREO_DOMAIN_ACTION_DELETE)
    {
      if (self->connection != NULL)
        _vireo_connection_remove_domain (self->connection, self);
      else
        _vireo_domain_set_removed (self);
    }
  else if (snapshot != NULL && data->handle == self->handle && !self->removed)
    _vireo_domain_apply (self, snapshot);

  if (data->cpu_notice != NULL)
    g_signal_emit (self, signals[CPU_FALLBACK], 0, data->cpu_notice);
  g_task_return_boolean (outer, TRUE);
}

/* Checks that a change can be sent; returns FALSE after answering @task */
static gboolean
check_writable (VireoDomain *self,
                GTask       *task,
                const char  *what)
{
  if (self->removed)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                               _("%s: the virtual machine no longer exists."), what);
      return FALSE;
    }
  if (self->connection == NULL || self->handle == NULL ||
      vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_CONNECTED)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                               _("%s: the connection to its host is not open. Vireo reconnects by itself; try again when it is back."),
                               what);
      return FALSE;
    }
  if (vireo_connection_get_read_only (self->connection))
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_READ_ONLY,
                               _("%s: the connection is read-only. Reconnect with full access to make changes."),
                               what);
      return FALSE;
    }
  return TRUE;
}

static GTask *
new_worker_task (VireoDomain        *self,
                 int                 action,
                 GAsyncReadyCallback callback,
                 gpointer            user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  TaskData *data = g_new0 (TaskData, 1);

  virDomainRef (self->handle);
  data->handle = self->handle;
  data->action = action;
  g_task_set_task_data (task, data, task_data_free);
  return task;
}

void
vireo_domain_action_async (VireoDomain        *self,
                           VireoDomainAction   action,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  g_autofree char *what = NULL;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (action <= VIREO_DOMAIN_ACTION_DELETE);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_action_async);

  what = action_what (action, self->name);
  if (!check_writable (self, outer, what))
    return;

  /* a person who shuts the installer down wants it off, not started again */
  if ((action == VIREO_DOMAIN_ACTION_SHUTDOWN || action == VIREO_DOMAIN_ACTION_FORCE_OFF)
      && self->install_job != NULL
      && vireo_install_job_get_state (self->install_job) == VIREO_INSTALL_JOB_INSTALLING)
    self->install_stop_asked = TRUE;

  inner = new_worker_task (self, action, action_done, g_steal_pointer (&outer));
  vireo_connection_run_in_worker (self->connection, inner, action_thread);
}

gboolean
vireo_domain_action_finish (VireoDomain  *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- autostart, metadata, XML ---------------------------------------------------- */

typedef struct
{
  gboolean autostart;
  char    *title;
  char    *description;
} ChangeData;

static void
change_data_free (gpointer ptr)
{
  ChangeData *change = ptr;

  g_free (change->title);
  g_free (change->description);
  g_free (change);
}

static void
autostart_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  TaskData *data = task_data;
  ChangeData *change = g_object_get_data (G_OBJECT (task), "change");
  g_autofree char *what = g_strdup_printf (_("Could not change autostart of “%s”"),
                                           virDomainGetName (data->handle));

  if (virDomainSetAutostart (data->handle, change->autostart) < 0)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return;
    }
  g_task_return_pointer (task, _vireo_domain_snapshot_fetch (data->handle, NULL),
                         (GDestroyNotify) _vireo_domain_snapshot_free);
  virResetLastError ();
}

static void
metadata_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TaskData *data = task_data;
  ChangeData *change = g_object_get_data (G_OBJECT (task), "change");
  g_autofree char *what = g_strdup_printf (_("Could not save the title and description of “%s”"),
                                           virDomainGetName (data->handle));
  unsigned int flags = 0;

  if (virDomainIsPersistent (data->handle) == 1)
    flags |= VIR_DOMAIN_AFFECT_CONFIG;
  if (virDomainIsActive (data->handle) == 1)
    flags |= VIR_DOMAIN_AFFECT_LIVE;

  if (virDomainSetMetadata (data->handle, VIR_DOMAIN_METADATA_TITLE,
                            change->title && *change->title ? change->title : NULL,
                            NULL, NULL, flags) < 0 ||
      virDomainSetMetadata (data->handle, VIR_DOMAIN_METADATA_DESCRIPTION,
                            change->description && *change->description ? change->description : NULL,
                            NULL, NULL, flags) < 0)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return;
    }
  g_task_return_pointer (task, _vireo_domain_snapshot_fetch (data->handle, NULL),
                         (GDestroyNotify) _vireo_domain_snapshot_free);
  virResetLastError ();
}

static void
change_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VireoDomain *self = VIREO_DOMAIN (object);
  g_autoptr(GTask) outer = user_data;
  TaskData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(VireoDomainSnapshot) snapshot = NULL;
  GError *error = NULL;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  if (snapshot != NULL && data->handle == self->handle && !self->removed)
    _vireo_domain_apply (self, snapshot);
  g_task_return_boolean (outer, TRUE);
}

static void
start_change (VireoDomain        *self,
              ChangeData         *change,
              GTaskThreadFunc     func,
              const char         *what,
              gpointer            source_tag,
              GCancellable       *cancellable,
              GAsyncReadyCallback callback,
              gpointer            user_data)
{
  g_autoptr(GTask) outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;

  g_task_set_source_tag (outer, source_tag);
  if (!check_writable (self, outer, what))
    {
      change_data_free (change);
      return;
    }

  inner = new_worker_task (self, -1, change_done, g_steal_pointer (&outer));
  g_object_set_data_full (G_OBJECT (inner), "change", change, change_data_free);
  vireo_connection_run_in_worker (self->connection, inner, func);
}

void
vireo_domain_set_autostart_async (VireoDomain        *self,
                                  gboolean            autostart,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  ChangeData *change;
  g_autofree char *what = NULL;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  change = g_new0 (ChangeData, 1);
  change->autostart = !!autostart;
  what = g_strdup_printf (_("Could not change autostart of “%s”"), self->name);
  start_change (self, change, autostart_thread, what, vireo_domain_set_autostart_async,
                cancellable, callback, user_data);
}

gboolean
vireo_domain_set_autostart_finish (VireoDomain  *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vireo_domain_set_metadata_async (VireoDomain        *self,
                                 const char         *title,
                                 const char         *description,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  ChangeData *change;
  g_autofree char *what = NULL;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  change = g_new0 (ChangeData, 1);
  change->title = g_strdup (title);
  change->description = g_strdup (description);
  what = g_strdup_printf (_("Could not save the title and description of “%s”"), self->name);
  start_change (self, change, metadata_thread, what, vireo_domain_set_metadata_async,
                cancellable, callback, user_data);
}

gboolean
vireo_domain_set_metadata_finish (VireoDomain  *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
xml_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  TaskData *data = task_data;
  /* before the call that can fail: every libvirt call resets the last error */
  g_autofree char *name = g_strdup (virDomainGetName (data->handle));
  char *xml = virDomainGetXMLDesc (data->handle, 0);

  if (xml == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Could not read “%s”"), name);
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return;
    }
  g_task_return_pointer (task, g_strdup (xml), g_free);
  free (xml);
}

void
vireo_domain_get_xml_async (VireoDomain        *self,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_domain_get_xml_async);
  if (self->connection == NULL || self->handle == NULL || self->removed)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                               _("The virtual machine “%s” no longer exists."), self->name);
      return;
    }

  data = g_new0 (TaskData, 1);
  virDomainRef (self->handle);
  data->handle = self->handle;
  g_task_set_task_data (task, data, task_data_free);
  vireo_connection_run_in_worker (self->connection, task, xml_thread);
}

char *
vireo_domain_get_xml_finish (VireoDomain  *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

virDomainPtr
_vireo_domain_ref_handle (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

  if (self->handle == NULL || self->removed)
    return NULL;
  virDomainRef (self->handle);
  return self->handle;
}

VireoInstallJob *
vireo_domain_get_install_job (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
  return self->install_job;
}

VireoDomainStats *
vireo_domain_get_stats (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

  if (self->stats == NULL)
    self->stats = vireo_domain_stats_new (120);
  return self->stats;
}

/* -- accessors --------------------------------------------------------------------- */

VireoConnection *
vireo_domain_get_connection (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
  return self->connection;
}

#define GETTER(type, prop, field, fallback)                    \
  type                                                         \
  vireo_domain_get_##prop (VireoDomain *self)                  \
  {                                                            \
    g_return_val_if_fail (VIREO_IS_DOMAIN (self), fallback);   \
    return self->field;                                        \
  }

GETTER (const char *, name, name, NULL)
GETTER (const char *, uuid, uuid, NULL)
GETTER (int, id, id, -1)
GETTER (VireoDomainState, state, state, VIREO_DOMAIN_STATE_NOSTATE)
GETTER (gboolean, has_managed_save, has_managed_save, FALSE)
GETTER (gboolean, persistent, persistent, FALSE)
GETTER (gboolean, autostart, autostart, FALSE)
GETTER (gboolean, available, available, FALSE)
GETTER (gboolean, removed, removed, FALSE)
GETTER (const char *, title, title, NULL)
GETTER (const char *, description, description, NULL)
GETTER (const char *, os_id, os_id, NULL)
GETTER (const char *, os_name, os_name, NULL)
GETTER (guint, vcpus, vcpus, 0)
GETTER (guint64, memory, memory, 0)
GETTER (guint64, max_memory, max_memory, 0)
GETTER (const char *, hypervisor, hypervisor, NULL)
GETTER (const char *, emulator, emulator, NULL)

/* -- GObject ------------------------------------------------------------------------- */

static void
vireo_domain_finalize (GObject *object)
{
  VireoDomain *self = VIREO_DOMAIN (object);

  if (self->connection)
    g_object_remove_weak_pointer (G_OBJECT (self->connection), (gpointer *) &self->connection);
  if (self->handle)
    virDomainFree (self->handle);
  g_clear_object (&self->stats);
  g_clear_object (&self->install_job);
  g_free (self->name);
  g_free (self->uuid);
  g_free (self->title);
  g_free (self->description);
  g_free (self->os_id);
  g_free (self->os_name);
  g_free (self->hypervisor);
  g_free (self->emulator);

  G_OBJECT_CLASS (vireo_domain_parent_class)->finalize (object);
}

static void
vireo_domain_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VireoDomain *self = VIREO_DOMAIN (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_ID:
      g_value_set_int (value, self->id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_HAS_MANAGED_SAVE:
      g_value_set_boolean (value, self->has_managed_save);
      break;
    case PROP_PERSISTENT:
      g_value_set_boolean (value, self->persistent);
      break;
    case PROP_AUTOSTART:
      g_value_set_boolean (value, self->autostart);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_REMOVED:
      g_value_set_boolean (value, self->removed);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_OS_ID:
      g_value_set_string (value, self->os_id);
      break;
    case PROP_OS_NAME:
      g_value_set_string (value, self->os_name);
      break;
    case PROP_VCPUS:
      g_value_set_uint (value, self->vcpus);
      break;
    case PROP_MEMORY:
      g_value_set_uint64 (value, self->memory);
      break;
    case PROP_MAX_MEMORY:
      g_value_set_uint64 (value, self->max_memory);
      break;
    case PROP_HYPERVISOR:
      g_value_set_string (value, self->hypervisor);
      break;
    case PROP_EMULATOR:
      g_value_set_string (value, self->emulator);
      break;
    case PROP_INSTALL_JOB:
      g_value_set_object (value, self->install_job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_domain_class_init (VireoDomainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vireo_domain_finalize;
  object_class->get_property = vireo_domain_get_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, VIREO_TYPE_CONNECTION, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties[PROP_ID] = g_param_spec_int ("id", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VIREO_TYPE_DOMAIN_STATE,
                       VIREO_DOMAIN_STATE_NOSTATE, flags);
  properties[PROP_HAS_MANAGED_SAVE] =
    g_param_spec_boolean ("has-managed-save", NULL, NULL, FALSE, flags);
  properties[PROP_PERSISTENT] = g_param_spec_boolean ("persistent", NULL, NULL, FALSE, flags);
  properties[PROP_AUTOSTART] = g_param_spec_boolean ("autostart", NULL, NULL, FALSE, flags);
  properties[PROP_AVAILABLE] = g_param_spec_boolean ("available", NULL, NULL, FALSE, flags);
  properties[PROP_REMOVED] = g_param_spec_boolean ("removed", NULL, NULL, FALSE, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_OS_ID] = g_param_spec_string ("os-id", NULL, NULL, NULL, flags);
  properties[PROP_OS_NAME] = g_param_spec_string ("os-name", NULL, NULL, NULL, flags);
  properties[PROP_VCPUS] = g_param_spec_uint ("vcpus", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_MEMORY] =
    g_param_spec_uint64 ("memory", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_MAX_MEMORY] =
    g_param_spec_uint64 ("max-memory", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_HYPERVISOR] = g_param_spec_string ("hypervisor", NULL, NULL, NULL, flags);
  properties[PROP_EMULATOR] = g_param_spec_string ("emulator", NULL, NULL, NULL, flags);
  properties[PROP_INSTALL_JOB] = g_param_spec_object ("install-job", NULL, NULL,
                                                      VIREO_TYPE_INSTALL_JOB, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REFRESHED] =
    g_signal_new ("refreshed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* a Run started the VM with another CPU model than the host's own (the
   * host could not run that one: nested virtualisation), and changed its
   * definition to that model; the argument is the sentence for the person */
  signals[CPU_FALLBACK] =
    g_signal_new ("cpu-fallback",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vireo_domain_init (VireoDomain *self)
{
  self->id = -1;
}
