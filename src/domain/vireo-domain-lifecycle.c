/* vireo-domain-lifecycle.c — what a person does to a VM: the lifecycle
 * actions (run, pause, shut down, delete…), autostart, title and description,
 * and its XML
 * SPDX-License-Identifier: GPL-3.0-or-later
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
#include "vireo-xml.h"

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

/* storage is never removed here */
static int
undefine (virDomainPtr handle)
{
  guint used;

  return _vireo_domain_undefine (handle,
                                 VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                   VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                                   VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA |
                                   VIR_DOMAIN_UNDEFINE_KEEP_NVRAM,
                                 &used);
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
 * that starts (vireo-cpu-fallback-private.h), and put back as it was when none
 * does. Returns 0 or -1 with *@failure what the person should read. */
static int
start_with_cpu_fallback (VireoDomainTaskData *data,
                         virErrorPtr         *failure)
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
  VireoDomainTaskData *data = task_data;
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
  VireoDomainTaskData *data = g_task_get_task_data (G_TASK (result));
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
    _vireo_domain_emit_cpu_fallback (self, data->cpu_notice);
  g_task_return_boolean (outer, TRUE);
}

/* Checks that a change can be sent; returns FALSE after answering @task */
gboolean
_vireo_domain_check_writable (VireoDomain *self,
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
  VireoDomainTaskData *data = g_new0 (VireoDomainTaskData, 1);

  virDomainRef (self->handle);
  data->handle = self->handle;
  data->action = action;
  g_task_set_task_data (task, data, _vireo_domain_task_data_free);
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
  if (!_vireo_domain_check_writable (self, outer, what))
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
  VireoDomainTaskData *data = task_data;
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
  VireoDomainTaskData *data = task_data;
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
  VireoDomainTaskData *data = g_task_get_task_data (G_TASK (result));
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
  if (!_vireo_domain_check_writable (self, outer, what))
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
  VireoDomainTaskData *data = task_data;
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
  VireoDomainTaskData *data;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_domain_get_xml_async);
  if (self->connection == NULL || self->handle == NULL || self->removed)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                               _("The virtual machine “%s” no longer exists."), self->name);
      return;
    }

  data = g_new0 (VireoDomainTaskData, 1);
  virDomainRef (self->handle);
  data->handle = self->handle;
  g_task_set_task_data (task, data, _vireo_domain_task_data_free);
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
