/* vireo-install-runner.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-install-runner"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-error.h"
#include "vireo-install-runner.h"

struct _VireoInstallRunner
{
  GObject           parent_instance;

  VireoConnection  *connection;
  VireoInstallPlan *plan;
  char             *message;
  double            fraction;
  gboolean          running;
};

G_DEFINE_FINAL_TYPE (VireoInstallRunner, vireo_install_runner, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_MESSAGE,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vireo_install_runner_dispose (GObject *object)
{
  VireoInstallRunner *self = VIREO_INSTALL_RUNNER (object);

  g_clear_object (&self->connection);
  g_clear_object (&self->plan);

  G_OBJECT_CLASS (vireo_install_runner_parent_class)->dispose (object);
}

static void
vireo_install_runner_finalize (GObject *object)
{
  VireoInstallRunner *self = VIREO_INSTALL_RUNNER (object);

  g_free (self->message);

  G_OBJECT_CLASS (vireo_install_runner_parent_class)->finalize (object);
}

static void
vireo_install_runner_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VireoInstallRunner *self = VIREO_INSTALL_RUNNER (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_install_runner_class_init (VireoInstallRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vireo_install_runner_dispose;
  object_class->finalize = vireo_install_runner_finalize;
  object_class->get_property = vireo_install_runner_get_property;

  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                      | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, -1.0, 1.0, -1.0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                       | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_install_runner_init (VireoInstallRunner *self)
{
  self->fraction = -1.0;
}

VireoInstallRunner *
vireo_install_runner_new (VireoConnection  *connection,
                          VireoInstallPlan *plan)
{
  VireoInstallRunner *self;

  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (plan), NULL);

  self = g_object_new (VIREO_TYPE_INSTALL_RUNNER, NULL);
  self->connection = g_object_ref (connection);
  self->plan = g_object_ref (plan);
  return self;
}

const char *
vireo_install_runner_get_message (VireoInstallRunner *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_RUNNER (self), NULL);
  return self->message;
}

double
vireo_install_runner_get_fraction (VireoInstallRunner *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_RUNNER (self), -1.0);
  return self->fraction;
}

/* -- progress, posted from the worker to the main context ------------------ */

typedef struct
{
  VireoInstallRunner *self;
  char               *message;  /* NULL: keep */
  double              fraction;
} Progress;

static gboolean
apply_progress (gpointer data)
{
  Progress *p = data;

  if (p->message != NULL && g_strcmp0 (p->self->message, p->message) != 0)
    {
      g_free (p->self->message);
      p->self->message = g_steal_pointer (&p->message);
      g_object_notify_by_pspec (G_OBJECT (p->self), properties[PROP_MESSAGE]);
    }
  if (p->self->fraction != p->fraction)
    {
      p->self->fraction = p->fraction;
      g_object_notify_by_pspec (G_OBJECT (p->self), properties[PROP_FRACTION]);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->self);
  g_free (p->message);
  g_free (p);
}

static void
post_progress (GTask      *task,
               const char *message,
               double      fraction)
{
  Progress *p = g_new0 (Progress, 1);

  p->self = g_object_ref (g_task_get_source_object (task));
  p->message = g_strdup (message);
  p->fraction = fraction;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, apply_progress, p,
                              progress_free);
}

/* -- the run --------------------------------------------------------------- */

typedef struct
{
  virConnectPtr handle;
  char         *name;
  char         *pool_name;
  char         *volume_name;
  char         *volume_xml;   /* NULL: no new volume */
  char         *install_xml;  /* NULL: no install phase */
  char         *final_xml;
  gboolean      allocate_now;

  /* the volume creation, run on its own thread so the worker can poll
   * the volume's allocation meanwhile */
  virStoragePoolPtr pool;
  virStorageVolPtr  created_volume;
  virErrorPtr       create_error;
  gint              create_done;
} RunData;

static void
run_data_free (RunData *data)
{
  if (data->created_volume != NULL)
    virStorageVolFree (data->created_volume);
  if (data->pool != NULL)
    virStoragePoolFree (data->pool);
  if (data->create_error != NULL)
    virFreeError (data->create_error);
  if (data->handle != NULL)
    virConnectClose (data->handle);
  g_free (data->name);
  g_free (data->pool_name);
  g_free (data->volume_name);
  g_free (data->volume_xml);
  g_free (data->install_xml);
  g_free (data->final_xml);
  g_free (data);
}

static gpointer
create_volume_thread (gpointer user_data)
{
  RunData *data = user_data;
  /* allocation = capacity in the XML asks for the space now; for qcow2
   * libvirt also needs the metadata preallocated to honour it */
  unsigned int flags = 0;

  data->created_volume = virStorageVolCreateXML (data->pool, data->volume_xml, flags);
  if (data->created_volume == NULL)
    data->create_error = virSaveLastError ();
  g_atomic_int_set (&data->create_done, 1);
  return NULL;
}

static void
delete_volume (RunData *data)
{
  if (data->created_volume == NULL)
    return;
  if (virStorageVolDelete (data->created_volume, 0) < 0)
    g_warning ("could not remove the volume “%s” after a failed install: %s", data->volume_name,
               virGetLastErrorMessage ());
  virStorageVolFree (data->created_volume);
  data->created_volume = NULL;
}

/* removes a domain this run defined, with its NVRAM and TPM state */
static void
undefine_fully (virDomainPtr dom)
{
  if (virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_TPM) == 0)
    return;
  /* drivers that know neither flag (Xen's libxl, the test driver) */
  if (virDomainUndefineFlags (dom, 0) < 0)
    g_warning ("could not remove a half-created domain: %s", virGetLastErrorMessage ());
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  virDomainPtr dom = NULL;
  char uuid[VIR_UUID_STRING_BUFLEN];
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    goto fail;

  /* 1. the disk */
  if (data->volume_xml != NULL)
    {
      g_autofree char *what = NULL;
      GThread *thread;

      data->pool = virStoragePoolLookupByName (data->handle, data->pool_name);
      if (data->pool == NULL)
        {
          what = g_strdup_printf (_("Could not find the storage pool “%s”"), data->pool_name);
          error = vireo_error_new_from_libvirt (what);
          goto fail;
        }
      if (virStoragePoolIsActive (data->pool) != 1)
        {
          error = g_error_new (VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               _("The storage pool “%s” is not active. Start it on the Storage page and try again."),
                               data->pool_name);
          goto fail;
        }

      post_progress (task, _("Creating the disk…"), data->allocate_now ? 0.0 : -1.0);
      thread = g_thread_new ("vireo-volume-create", create_volume_thread, data);
      while (!g_atomic_int_get (&data->create_done))
        {
          g_usleep (200 * 1000);
          if (data->allocate_now && !g_atomic_int_get (&data->create_done))
            {
              virStorageVolPtr vol = virStorageVolLookupByName (data->pool, data->volume_name);
              virStorageVolInfo info;

              if (vol != NULL && virStorageVolGetInfo (vol, &info) == 0 && info.capacity > 0)
                post_progress (task, NULL, MIN (1.0, (double) info.allocation / info.capacity));
              if (vol != NULL)
                virStorageVolFree (vol);
              virResetLastError ();
            }
        }
      g_thread_join (thread);
      if (data->created_volume == NULL)
        {
          what = g_strdup_printf (_("Could not create the disk “%s” in pool “%s”"), data->volume_name,
                                  data->pool_name);
          error = vireo_error_new_from_virerror (data->create_error, what);
          goto fail;
        }
      post_progress (task, NULL, 1.0);
      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        goto fail;
    }

  /* 2. the domain */
  post_progress (task, _("Starting the virtual machine…"), -1.0);
  if (data->install_xml != NULL)
    {
      /* start the install config (transient), then make it persistent with
       * the final config, which takes effect at the next boot */
      dom = virDomainCreateXML (data->handle, data->install_xml, 0);
      if (dom == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("Could not start “%s”"), data->name);
          error = vireo_error_new_from_libvirt (what);
          goto fail;
        }
      {
        virDomainPtr defined = virDomainDefineXML (data->handle, data->final_xml);

        if (defined == NULL)
          {
            g_autofree char *what = g_strdup_printf (_("Could not save the configuration of “%s”"), data->name);
            error = vireo_error_new_from_libvirt (what);
            /* still transient: destroying it removes it */
            virDomainDestroy (dom);
            goto fail;
          }
        virDomainFree (defined);
      }
    }
  else
    {
      dom = virDomainDefineXML (data->handle, data->final_xml);
      if (dom == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("Could not create “%s”"), data->name);
          error = vireo_error_new_from_libvirt (what);
          goto fail;
        }
      if (virDomainCreate (dom) < 0)
        {
          g_autofree char *what = g_strdup_printf (_("Could not start “%s”"), data->name);
          error = vireo_error_new_from_libvirt (what);
          undefine_fully (dom);
          goto fail;
        }
    }

  if (virDomainGetUUIDString (dom, uuid) < 0)
    uuid[0] = '\0';
  virDomainFree (dom);
  /* the run succeeded: the volume now belongs to the VM */
  virStorageVolFree (data->created_volume);
  data->created_volume = NULL;
  post_progress (task, NULL, 1.0);
  g_task_return_pointer (task, g_strdup (uuid), g_free);
  return;

fail:
  if (dom != NULL)
    virDomainFree (dom);
  delete_volume (data);
  g_task_return_error (task, error);
}

void
vireo_install_runner_run_async (VireoInstallRunner *self,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  RunData *data;
  int storage_mode;
  gboolean allocate_now;
  g_autofree char *name = NULL;
  g_autofree char *pool = NULL;

  g_return_if_fail (VIREO_IS_INSTALL_RUNNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_install_runner_run_async);

  if (self->running)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               _("This virtual machine is already being created."));
      return;
    }
  if (vireo_connection_get_read_only (self->connection))
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_READ_ONLY,
                               _("The connection is read-only: reconnect with full access to create virtual machines."));
      return;
    }
  if (!vireo_install_plan_validate (self->plan, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (RunData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_object_get (self->plan, "storage-mode", &storage_mode, "allocate-now", &allocate_now,
                "name", &name, "pool-name", &pool, NULL);
  data->name = g_steal_pointer (&name);
  data->pool_name = g_steal_pointer (&pool);
  data->volume_name = g_strdup (vireo_install_plan_get_effective_volume_name (self->plan));
  data->allocate_now = allocate_now;
  if (storage_mode == VIREO_STORAGE_MODE_NEW_VOLUME
      && (data->volume_xml = vireo_install_plan_to_volume_xml (self->plan, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (vireo_install_plan_needs_install_phase (self->plan)
      && (data->install_xml = vireo_install_plan_to_domain_xml (self->plan, VIREO_INSTALL_PHASE_INSTALL,
                                                                &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->final_xml = vireo_install_plan_to_domain_xml (self->plan, VIREO_INSTALL_PHASE_FINAL, &error);
  if (data->final_xml == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->handle = vireo_connection_ref_handle (self->connection);
  if (data->handle == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                               _("The connection to the host is closed; the virtual machine was not created."));
      return;
    }

  self->running = TRUE;
  vireo_connection_run_in_worker (self->connection, task, run_thread);
}

char *
vireo_install_runner_run_finish (VireoInstallRunner *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  self->running = FALSE;
  return g_task_propagate_pointer (G_TASK (result), error);
}
