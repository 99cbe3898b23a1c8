/* vireo-domain.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One VM. Properties change only on the main thread, from a snapshot read
 * on the connection's worker (after an event or an action) or straight
 * from a lifecycle event.
 *
 * This file: properties, main-thread updates, the install job, the object.
 * Reading from libvirt is in vireo-domain-refresh.c, the actions, autostart,
 * metadata and XML in vireo-domain-lifecycle.c (see vireo-domain-private.h).
 */
#define G_LOG_DOMAIN "vireo-domain"
#define VIREO_DOMAIN_COMPILATION

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-core.h"
#include "vireo-cpu-fallback-private.h"
#include "vireo-domain-private.h"
#include "vireo-install-job.h"
#include "vireo-migration.h"
#include "vireo-xml.h"

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
  PROP_HAS_PENDING_CHANGES,  /* held by vireo-domain-edit.c */
  PROP_MIGRATION,
  N_PROPS
};

enum {
  REFRESHED,
  CPU_FALLBACK,
  SNAPSHOTS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* -- signals ------------------------------------------------------------------ */

void
_vireo_domain_emit_refreshed (VireoDomain *self)
{
  g_signal_emit (self, signals[REFRESHED], 0);
}

void
_vireo_domain_emit_cpu_fallback (VireoDomain *self,
                                 const char  *notice)
{
  g_signal_emit (self, signals[CPU_FALLBACK], 0, notice);
}

void
_vireo_domain_emit_snapshots_changed (VireoDomain *self)
{
  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_signal_emit (self, signals[SNAPSHOTS_CHANGED], 0);
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
  if (snapshot->snapshot_facts != NULL)
    {
      _vireo_snapshot_facts_free (self->snapshot_facts);
      self->snapshot_facts = g_steal_pointer (&snapshot->snapshot_facts);
    }

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

/* -- the migration (vireo-migration.h) ---------------------------------------- */

void
_vireo_domain_set_migration (VireoDomain *self,
                             gpointer     migration)
{
  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (migration == NULL || VIREO_IS_MIGRATION (migration));

  if (g_set_object (&self->migration, migration))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIGRATION]);
}

VireoMigration *
vireo_domain_get_migration (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
  return (VireoMigration *) self->migration;
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
  g_clear_object (&self->migration);
  g_clear_pointer (&self->pending_devices, g_hash_table_unref);
  g_clear_pointer (&self->snapshot_facts, _vireo_snapshot_facts_free);
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
    case PROP_HAS_PENDING_CHANGES:
      g_value_set_boolean (value, vireo_domain_get_has_pending_changes (self));
      break;
    case PROP_MIGRATION:
      g_value_set_object (value, self->migration);
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
  properties[PROP_HAS_PENDING_CHANGES] =
    g_param_spec_boolean ("has-pending-changes", NULL, NULL, FALSE, flags);
  /* set while a migration of this VM runs (vireo-migration.h) */
  properties[PROP_MIGRATION] = g_param_spec_object ("migration", NULL, NULL,
                                                    VIREO_TYPE_MIGRATION, flags);

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
  /* its snapshots changed: one was made, reverted to, deleted or described
   * (vireo-snapshot.h), or libvirt said it reverted one */
  signals[SNAPSHOTS_CHANGED] =
    g_signal_new ("snapshots-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vireo_domain_init (VireoDomain *self)
{
  self->id = -1;
}
