/* vireo-domain-ops.c — whole-VM operations of issue 15: rename a shut-off
 * VM, save a running one to a file on its host, restore a VM from such a file
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rename and restore are short calls on the connection's worker. A save
 * lasts as long as the guest's memory takes to write, so it runs on a thread
 * of its own (as a migration does: it must not hold one of the connection's
 * few workers); meanwhile the main loop asks the worker for
 * virDomainGetJobStats twice a second and hands the fraction written to the
 * caller. Cancel is virDomainAbortJob, asked again on each tick until libvirt
 * takes it; libvirtd removes the part of the file it wrote.
 */
#define G_LOG_DOMAIN "vireo-domain"
#define VIREO_DOMAIN_COMPILATION

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-core.h"
#include "vireo-domain-private.h"
#include "vireo-error.h"
#include "vireo-install-plan.h"

#define SAVE_TICK_MS  500
#define MAX_PATH_LEN  4096

/* -- rename ------------------------------------------------------------------------ */

const char *
vireo_domain_get_rename_blocker (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

  if (self->removed)
    return _("The virtual machine no longer exists.");
  if (self->connection == NULL || !self->available ||
      vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_CONNECTED)
    return _("The connection to its host is not open.");
  if (vireo_connection_get_read_only (self->connection))
    return _("The connection is read-only. Reconnect with full access to rename it.");
  if (!self->persistent)
    return _("It is a transient virtual machine: it has no definition to rename.");
  if (self->state != VIREO_DOMAIN_STATE_SHUTOFF)
    return _("Only a virtual machine that is shut off can be renamed. Shut it down first.");
  if (self->has_managed_save)
    return _("It has a saved state, which keeps its old name. Run it and shut it down first.");
  return NULL;
}

gboolean
vireo_domain_check_new_name (VireoDomain *self,
                             const char  *name,
                             GError     **error)
{
  g_autoptr(GError) local = NULL;
  GListModel *domains;
  guint n;

  g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);

  if (!vireo_install_plan_validate_name (name, &local))
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED, local->message);
      return FALSE;
    }
  if (g_strcmp0 (name, self->name) == 0)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("Name: the virtual machine is already called “%s”."), name);
      return FALSE;
    }
  if (self->connection == NULL)
    return TRUE;
  domains = vireo_connection_get_domains (self->connection);
  n = g_list_model_get_n_items (domains);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoDomain) other = g_list_model_get_item (domains, i);

      if (other != self && g_strcmp0 (vireo_domain_get_name (other), name) == 0)
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                       _("Name: another virtual machine on this host is called “%s”. Choose another name."),
                       name);
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  virDomainPtr handle;     /* owned */
  char        *old_name;
  char        *new_name;
  char        *path;
} OpData;

static void
op_data_free (gpointer ptr)
{
  OpData *data = ptr;

  if (data->handle != NULL)
    virDomainFree (data->handle);
  g_free (data->old_name);
  g_free (data->new_name);
  g_free (data->path);
  g_free (data);
}

static void
rename_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  OpData *data = task_data;
  g_autofree char *what = g_strdup_printf (_("Could not rename “%s” to “%s”"),
                                           data->old_name, data->new_name);
  virConnectPtr conn = virDomainGetConnect (data->handle);
  virDomainPtr other = conn != NULL ? virDomainLookupByName (conn, data->new_name) : NULL;
  virDomainPtr renamed;
  unsigned char uuid[VIR_UUID_BUFLEN];
  int state = 0, reason = 0;

  /* the list may not have seen a VM another client just defined */
  if (other != NULL)
    {
      virDomainFree (other);
      virResetLastError ();
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("%s: another virtual machine on this host is called “%s”. Choose another name."),
                               what, data->new_name);
      return;
    }
  virResetLastError ();
  if (virDomainGetState (data->handle, &state, &reason, 0) == 0 && state != VIR_DOMAIN_SHUTOFF)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               _("%s: it is running. Shut it down first: only a virtual machine that is shut off can be renamed."),
                               what);
      return;
    }
  if (virDomainRename (data->handle, data->new_name, 0) < 0)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return;
    }
  /* a fresh handle: an in-process driver (test:///) leaves the old one's name as it was */
  if (virDomainGetUUID (data->handle, uuid) == 0 &&
      (renamed = virDomainLookupByUUID (conn, uuid)) != NULL)
    {
      virDomainFree (data->handle);
      data->handle = renamed;
    }
  g_task_return_pointer (task, _vireo_domain_snapshot_fetch (data->handle, NULL),
                         (GDestroyNotify) _vireo_domain_snapshot_free);
  virResetLastError ();
}

static void
op_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  VireoDomain *self = VIREO_DOMAIN (object);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(VireoDomainSnapshot) snapshot = NULL;
  GError *error = NULL;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (outer, error);
      vireo_domain_refresh (self);
      return;
    }
  if (snapshot != NULL && !self->removed && g_strcmp0 (snapshot->uuid, self->uuid) == 0)
    _vireo_domain_apply (self, snapshot);
  else
    vireo_domain_refresh (self);
  g_task_return_boolean (outer, TRUE);
}

static OpData *
op_data_new (VireoDomain *self)
{
  OpData *data = g_new0 (OpData, 1);

  virDomainRef (self->handle);
  data->handle = self->handle;
  data->old_name = g_strdup (self->name);
  return data;
}

void
vireo_domain_rename_async (VireoDomain        *self,
                           const char         *new_name,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  const char *blocker;
  OpData *data;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_rename_async);
  what = g_strdup_printf (_("Could not rename “%s”"), self->name);
  if (!_vireo_domain_check_writable (self, outer, what))
    return;
  if (!vireo_domain_check_new_name (self, new_name, &error))
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_FAILED, "%s: %s", what,
                               error->message);
      return;
    }
  blocker = vireo_domain_get_rename_blocker (self);
  if (blocker != NULL)
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_INVALID_STATE, "%s: %s", what,
                               blocker);
      return;
    }

  data = op_data_new (self);
  data->new_name = g_strdup (new_name);
  inner = g_task_new (self, NULL, op_done, g_steal_pointer (&outer));
  g_task_set_task_data (inner, data, op_data_free);
  vireo_connection_run_in_worker (self->connection, inner, rename_thread);
}

gboolean
vireo_domain_rename_finish (VireoDomain  *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- save to a file ------------------------------------------------------------------ */

typedef struct
{
  VireoDomain              *domain;         /* owned */
  OpData                   *data;           /* owned by the inner task */
  GTask                    *outer;          /* owned until answered */
  GCancellable             *cancellable;    /* the caller's, or NULL */
  guint                     tick_id;
  gboolean                  reading;        /* a job-stats read is in flight */
  gboolean                  aborting;       /* an abort is in flight */
  gboolean                  aborted;        /* libvirt took it */
  VireoDomainProgressFunc   progress;
  gpointer                  progress_data;
  double                    fraction;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_handle_id (&job->tick_id, g_source_remove);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->outer);
  g_clear_object (&job->domain);
  g_free (job);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpData *data = task_data;
  g_autofree char *what = g_strdup_printf (_("Could not save “%s” to a file"), data->old_name);

  if (virDomainSaveFlags (data->handle, data->path, NULL, 0) < 0)
    {
      if (virGetLastErrorCode () == VIR_ERR_OPERATION_ABORTED)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      else
        g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return;
    }
  g_task_return_pointer (task, _vireo_domain_snapshot_fetch (data->handle, NULL),
                         (GDestroyNotify) _vireo_domain_snapshot_free);
  virResetLastError ();
}

/* the fraction written (0…1), or a negative number when libvirt says nothing */
static void
job_read_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  virDomainPtr handle = task_data;
  virTypedParameterPtr params = NULL;
  int type = VIR_DOMAIN_JOB_NONE, n = 0;
  unsigned long long total = 0, processed = 0;
  double fraction = -1;

  if (virDomainGetJobStats (handle, &type, &params, &n, 0) == 0 && type != VIR_DOMAIN_JOB_NONE)
    {
      if ((virTypedParamsGetULLong (params, n, VIR_DOMAIN_JOB_DATA_TOTAL, &total) == 1 &&
           virTypedParamsGetULLong (params, n, VIR_DOMAIN_JOB_DATA_PROCESSED, &processed) == 1 &&
           total > 0) ||
          (virTypedParamsGetULLong (params, n, VIR_DOMAIN_JOB_MEMORY_TOTAL, &total) == 1 &&
           virTypedParamsGetULLong (params, n, VIR_DOMAIN_JOB_MEMORY_PROCESSED, &processed) == 1 &&
           total > 0))
        fraction = CLAMP ((double) processed / (double) total, 0.0, 1.0);
    }
  virTypedParamsFree (params, n);
  virResetLastError ();
  g_task_return_pointer (task, g_memdup2 (&fraction, sizeof fraction), g_free);
}

static void
job_read_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SaveJob *job = user_data;
  g_autofree double *fraction = g_task_propagate_pointer (G_TASK (result), NULL);

  job->reading = FALSE;
  if (job->outer == NULL)
    {
      /* the save ended meanwhile: the last one out frees the job */
      if (!job->aborting)
        save_job_free (job);
      return;
    }
  if (fraction != NULL && *fraction >= 0 && *fraction > job->fraction)
    {
      job->fraction = *fraction;
      if (job->progress != NULL)
        job->progress (job->fraction, job->progress_data);
    }
}

static void
abort_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  gboolean ok = virDomainAbortJob (task_data) == 0;

  virResetLastError ();
  g_task_return_boolean (task, ok);
}

static void
abort_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SaveJob *job = user_data;

  job->aborting = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), NULL))
    job->aborted = TRUE;
  if (job->outer == NULL && !job->reading)
    save_job_free (job);
}

static void
handle_free (gpointer handle)
{
  virDomainFree (handle);
}

static void
run_on_handle (SaveJob           *job,
               GTaskThreadFunc    func,
               GAsyncReadyCallback done)
{
  g_autoptr(GTask) task = g_task_new (job->domain, NULL, done, job);
  VireoConnection *connection = vireo_domain_get_connection (job->domain);

  virDomainRef (job->data->handle);
  g_task_set_task_data (task, job->data->handle, handle_free);
  if (connection != NULL)
    vireo_connection_run_in_worker (connection, task, func);
  else
    g_task_run_in_thread (task, func);
}

static gboolean
save_tick (gpointer user_data)
{
  SaveJob *job = user_data;

  if (job->cancellable != NULL && g_cancellable_is_cancelled (job->cancellable))
    {
      if (!job->aborting && !job->aborted)
        {
          job->aborting = TRUE;
          run_on_handle (job, abort_thread, abort_done);
        }
    }
  else if (!job->reading)
    {
      job->reading = TRUE;
      run_on_handle (job, job_read_thread, job_read_done);
    }
  return G_SOURCE_CONTINUE;
}

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  VireoDomain *self = VIREO_DOMAIN (object);
  SaveJob *job = user_data;
  g_autoptr(GTask) outer = g_steal_pointer (&job->outer);
  g_autoptr(VireoDomainSnapshot) snapshot = NULL;
  GError *error = NULL;

  g_clear_handle_id (&job->tick_id, g_source_remove);
  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  if (error == NULL && job->cancellable != NULL && g_cancellable_is_cancelled (job->cancellable)
      && snapshot != NULL && snapshot->state != VIREO_DOMAIN_STATE_SHUTOFF)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  if (error != NULL)
    {
      vireo_domain_refresh (self);
      g_task_return_error (outer, error);
    }
  else
    {
      if (snapshot != NULL && job->data->handle == self->handle && !self->removed)
        _vireo_domain_apply (self, snapshot);
      if (job->progress != NULL && job->fraction < 1.0)
        job->progress (1.0, job->progress_data);
      g_task_return_boolean (outer, TRUE);
    }
  if (!job->reading && !job->aborting)
    save_job_free (job);
}

void
vireo_domain_save_to_file_async (VireoDomain             *self,
                                 const char              *path,
                                 VireoDomainProgressFunc  progress,
                                 gpointer                 progress_data,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  g_autofree char *what = NULL;
  SaveJob *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_save_to_file_async);
  what = g_strdup_printf (_("Could not save “%s” to a file"), self->name);
  if (!_vireo_domain_check_writable (self, outer, what))
    return;
  if (path == NULL || !g_path_is_absolute (path) || strlen (path) > MAX_PATH_LEN ||
      !g_utf8_validate (path, -1, NULL))
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("%s: the file needs a full path on the virtual machine's host, starting with “/”."),
                               what);
      return;
    }
  if (!vireo_domain_action_applies (VIREO_DOMAIN_ACTION_SAVE, self->state, self->has_managed_save))
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               _("%s: it is not running. Only a running or paused virtual machine can be saved."),
                               what);
      return;
    }

  job = g_new0 (SaveJob, 1);
  job->domain = g_object_ref (self);
  job->data = op_data_new (self);
  job->data->path = g_strdup (path);
  job->outer = g_steal_pointer (&outer);
  job->progress = progress;
  job->progress_data = progress_data;
  /* a cancel is seen on the next tick, which asks libvirt to abort */
  if (cancellable != NULL)
    job->cancellable = g_object_ref (cancellable);
  job->tick_id = g_timeout_add (SAVE_TICK_MS, save_tick, job);

  /* its own thread, not the connection's worker: see the top of the file */
  inner = g_task_new (self, NULL, save_done, job);
  g_task_set_task_data (inner, job->data, op_data_free);
  g_task_run_in_thread (inner, save_thread);
}

gboolean
vireo_domain_save_to_file_finish (VireoDomain  *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- restore from a file --------------------------------------------------------------- */

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *path = task_data;
  virConnectPtr conn = vireo_connection_ref_handle (VIREO_CONNECTION (source_object));
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *what = g_strdup_printf (_("Could not restore the virtual machine saved in “%s”"),
                                           basename);

  if (conn == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                               _("%s: the connection to the host is not open. Vireo reconnects by itself; try again when it is back."),
                               what);
      return;
    }
  if (virDomainRestoreFlags (conn, path, NULL, 0) < 0)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      virConnectClose (conn);
      return;
    }
  virConnectClose (conn);
  g_task_return_boolean (task, TRUE);
}

void
vireo_domain_restore_from_file_async (VireoConnection    *connection,
                                      const char         *path,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VIREO_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_domain_restore_from_file_async);
  if (path == NULL || !g_path_is_absolute (path) || strlen (path) > MAX_PATH_LEN ||
      !g_utf8_validate (path, -1, NULL))
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("Could not restore a virtual machine: the file needs a full path on the host, starting with “/”."));
      return;
    }
  if (vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                               _("Could not restore a virtual machine: the connection to the host is not open. Vireo reconnects by itself; try again when it is back."));
      return;
    }
  if (vireo_connection_get_read_only (connection))
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_READ_ONLY,
                               _("Could not restore a virtual machine: the connection is read-only. Reconnect with full access to make changes."));
      return;
    }
  g_task_set_task_data (task, g_strdup (path), g_free);
  vireo_connection_run_in_worker (connection, task, restore_thread);
}

gboolean
vireo_domain_restore_from_file_finish (VireoConnection *connection,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
