/* vireo-install-runner.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The install run: the object and its progress, the run on a worker thread
 * (volume, transient install domain, definition, CPU fallback) and the fetch
 * stage of URL installs; fetching the tree's files over HTTP is in
 * vireo-install-runner-fetch.c.
 */
#define G_LOG_DOMAIN "vireo-install-runner"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vireo-connection-private.h"
#include "vireo-cpu-fallback-private.h"
#include "vireo-error.h"
#include "vireo-express-install.h"
#include "vireo-install-job.h"
#include "vireo-install-runner.h"

struct _VireoInstallRunner
{
  GObject           parent_instance;

  VireoConnection  *connection;
  VireoInstallPlan *plan;
  char             *message;
  double            fraction;
  gboolean          running;
  char             *download_dir;  /* NULL: the storage pool's directory */
  char             *custom_xml;    /* NULL: the plan's final XML */
  char             *cpu_notice;    /* the last run fell back to another CPU model */
};

G_DEFINE_FINAL_TYPE (VireoInstallRunner, vireo_install_runner, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_MESSAGE,
  PROP_FRACTION,
  PROP_CPU_NOTICE,
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
  g_free (self->download_dir);
  g_free (self->custom_xml);
  g_free (self->cpu_notice);

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
    case PROP_CPU_NOTICE:
      g_value_set_string (value, self->cpu_notice);
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
  properties[PROP_CPU_NOTICE] = g_param_spec_string ("cpu-notice", NULL, NULL, NULL,
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

const char *
vireo_install_runner_get_cpu_notice (VireoInstallRunner *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_RUNNER (self), NULL);
  return self->cpu_notice;
}

/* -- progress, posted from the worker to the main context ------------------ */

typedef struct
{
  VireoInstallRunner *self;
  char               *message;  /* NULL: keep */
  double              fraction;
  char               *cpu_notice; /* NULL: keep */
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
  if (p->cpu_notice != NULL && g_strcmp0 (p->self->cpu_notice, p->cpu_notice) != 0)
    {
      g_free (p->self->cpu_notice);
      p->self->cpu_notice = g_steal_pointer (&p->cpu_notice);
      g_object_notify_by_pspec (G_OBJECT (p->self), properties[PROP_CPU_NOTICE]);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->self);
  g_free (p->message);
  g_free (p->cpu_notice);
  g_free (p);
}

static void
post_progress_full (GTask      *task,
                    const char *message,
                    double      fraction,
                    const char *cpu_notice)
{
  Progress *p = g_new0 (Progress, 1);

  p->self = g_object_ref (g_task_get_source_object (task));
  p->message = g_strdup (message);
  p->fraction = fraction;
  p->cpu_notice = g_strdup (cpu_notice);
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, apply_progress, p,
                              progress_free);
}

static void
post_progress (GTask      *task,
               const char *message,
               double      fraction)
{
  post_progress_full (task, message, fraction, NULL);
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
  gboolean      custom_xml;      /* final_xml is the person's */
  char         *fetched_kernel;  /* URL installs: our copies, removed at the end */
  char         *fetched_initrd;
  char         *answer_disk;     /* express ISO installs: the answer CD-ROM image */

  /* the volume creation, run on its own thread so the worker can poll
   * the volume's allocation meanwhile */
  virStoragePoolPtr pool;
  virStorageVolPtr  created_volume;
  virErrorPtr       create_error;
  gint              create_done;

  /* define and start (no install phase) */
  virDomainPtr      defined;        /* what this run defined, to remove on failure */
  guint             attempts;
  gboolean          define_failed;  /* the first attempt failed to define */
} RunData;

static void
remove_fetched (RunData *data)
{
  if (data->fetched_kernel != NULL)
    g_unlink (data->fetched_kernel);
  if (data->fetched_initrd != NULL)
    g_unlink (data->fetched_initrd);
  /* the answer disk holds passwords: its file goes as soon as QEMU has it
   * open (the guest reads it through QEMU's open file until the install
   * phase ends, and the final configuration has no such drive), so no copy
   * stays on the host whatever becomes of this Vireo */
  if (data->answer_disk != NULL)
    g_unlink (data->answer_disk);
  g_clear_pointer (&data->fetched_kernel, g_free);
  g_clear_pointer (&data->fetched_initrd, g_free);
  g_clear_pointer (&data->answer_disk, g_free);
}

static void
run_data_free (RunData *data)
{
  remove_fetched (data);
  if (data->created_volume != NULL)
    virStorageVolFree (data->created_volume);
  if (data->pool != NULL)
    virStoragePoolFree (data->pool);
  if (data->create_error != NULL)
    virFreeError (data->create_error);
  if (data->defined != NULL)
    virDomainFree (data->defined);
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

/* a failed define (@failure, NULL: this thread's last libvirt error): the
 * person's XML is named as the culprit */
static GError *
define_error (RunData          *data,
              const char       *what,
              const virError   *failure)
{
  GError *error = failure != NULL ? vireo_error_new_from_virerror (failure, what)
                                  : vireo_error_new_from_libvirt (what);

  if (data->custom_xml)
    {
      GError *xml_error = g_error_new (VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML,
                                       _("The edited configuration was refused: %s"), error->message);

      g_error_free (error);
      return xml_error;
    }
  return error;
}

/* the install config: a transient domain */
static virDomainPtr
create_transient (virConnectPtr handle,
                  const char   *xml,
                  gpointer      user_data,
                  virErrorPtr  *error)
{
  virDomainPtr dom = virDomainCreateXML (handle, xml, 0);

  if (dom == NULL)
    *error = virSaveLastError ();
  return dom;
}

/* no install phase: the final config, defined (again, with another CPU
 * model after a CPU failure) and started */
static virDomainPtr
define_and_start (virConnectPtr handle,
                  const char   *xml,
                  gpointer      user_data,
                  virErrorPtr  *error)
{
  RunData *data = user_data;
  virDomainPtr dom = virDomainDefineXML (handle, xml);

  data->attempts++;
  if (dom == NULL)
    {
      *error = virSaveLastError ();
      if (data->attempts == 1)
        data->define_failed = TRUE;
      return NULL;
    }
  if (data->defined == NULL)
    {
      virDomainRef (dom);
      data->defined = dom;
    }
  if (virDomainCreate (dom) < 0)
    {
      *error = virSaveLastError ();
      virDomainFree (dom);
      return NULL;
    }
  return dom;
}

/* the final config takes the CPU model the install config started with */
static char *
final_with_cpu_of (const char *final_xml,
                   const char *started_xml)
{
  g_autofree char *model = NULL;

  if (!vireo_cpu_fallback_applies (final_xml))
    return NULL;
  model = vireo_cpu_fallback_get_model (started_xml);
  return vireo_cpu_fallback_apply (final_xml, model, NULL);
}


static VireoInstallRunnerHook disk_made_hook;
static gpointer               disk_made_data;

void
_vireo_install_runner_set_disk_made_hook (VireoInstallRunnerHook hook,
                                          gpointer               data)
{
  disk_made_hook = hook;
  disk_made_data = data;
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
  g_autofree char *cpu_notice = NULL;

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
      if (disk_made_hook != NULL)
        disk_made_hook (disk_made_data);
      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        goto fail;
    }

  /* 2. the domain */
  post_progress (task, _("Starting the virtual machine…"), -1.0);
  if (data->install_xml != NULL)
    {
      /* start the install config (transient), then make it persistent with
       * the final config, which takes effect at the next boot; a CPU model
       * the host cannot run is replaced in both */
      g_autofree char *used_xml = NULL;
      g_autofree char *marked_xml = NULL;
      virErrorPtr failure = NULL;

      /* the marker tells every Vireo that sees this run that it is the
       * install phase: the VM is started again from its disk when the
       * installer reboots (vireo-install-job.h) */
      marked_xml = vireo_install_job_mark_xml (data->install_xml, &error);
      if (marked_xml == NULL)
        goto fail;
      dom = vireo_cpu_fallback_start (data->handle, marked_xml, create_transient, data,
                                      &used_xml, &cpu_notice, &failure);
      if (dom == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("Could not start “%s”"), data->name);
          /* the install config is the person's edit: the XML page says why */
          error = data->custom_xml ? define_error (data, what, failure)
                                   : vireo_error_new_from_virerror (failure, what);
          virFreeError (failure);
          goto fail;
        }
      if (used_xml != NULL)
        {
          char *final = final_with_cpu_of (data->final_xml, used_xml);

          if (final != NULL)
            {
              g_free (data->final_xml);
              data->final_xml = final;
            }
        }
      /* QEMU has read the installer's kernel and initrd; the install config
       * is destroyed at the installer's reboot, so they are not needed again */
      remove_fetched (data);
      {
        virDomainPtr defined = virDomainDefineXML (data->handle, data->final_xml);

        if (defined == NULL)
          {
            g_autofree char *what = g_strdup_printf (_("Could not save the configuration of “%s”"), data->name);
            error = define_error (data, what, NULL);
            /* still transient: destroying it removes it */
            virDomainDestroy (dom);
            goto fail;
          }
        if (data->custom_xml)
          {
            char defined_uuid[VIR_UUID_STRING_BUFLEN] = "", running_uuid[VIR_UUID_STRING_BUFLEN] = "";

            virDomainGetUUIDString (defined, defined_uuid);
            virDomainGetUUIDString (dom, running_uuid);
            if (strcmp (defined_uuid, running_uuid) != 0)
              {
                error = g_error_new (VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML,
                                     _("The edited configuration must keep the name “%s” and the UUID %s of the virtual machine being installed."),
                                     data->name, running_uuid);
                undefine_fully (defined);
                virDomainFree (defined);
                virDomainDestroy (dom);
                goto fail;
              }
          }
        virDomainFree (defined);
      }
    }
  else
    {
      g_autofree char *used_xml = NULL;
      virErrorPtr failure = NULL;

      dom = vireo_cpu_fallback_start (data->handle, data->final_xml, define_and_start, data,
                                      &used_xml, &cpu_notice, &failure);
      if (dom == NULL && data->define_failed)
        {
          g_autofree char *what = g_strdup_printf (_("Could not create “%s”"), data->name);

          error = define_error (data, what, failure);
          virFreeError (failure);
          goto fail;
        }
      if (dom == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("Could not start “%s”"), data->name);
          error = vireo_error_new_from_virerror (failure, what);
          virFreeError (failure);
          if (data->defined != NULL)
            undefine_fully (data->defined);
          goto fail;
        }
    }

  if (virDomainGetUUIDString (dom, uuid) < 0)
    uuid[0] = '\0';
  virDomainFree (dom);
  /* the run succeeded: the volume now belongs to the VM */
  virStorageVolFree (data->created_volume);
  data->created_volume = NULL;
  if (cpu_notice != NULL)
    post_progress_full (task, cpu_notice, 1.0, cpu_notice);
  else
    post_progress (task, NULL, 1.0);
  g_task_return_pointer (task, g_strdup (uuid), g_free);
  return;

fail:
  if (dom != NULL)
    virDomainFree (dom);
  delete_volume (data);
  remove_fetched (data);
  g_task_return_error (task, error);
}

/* builds the XML from the plan (main thread) and starts the run on the
 * worker; takes the fetched files (or NULL) */
static void
start_run (VireoInstallRunner *self,
           GTask              *task,
           char               *fetched_kernel,
           char               *fetched_initrd,
           char               *answer_disk)
{
  g_autoptr (GError) error = NULL;
  RunData *data;
  int storage_mode;
  gboolean allocate_now;
  g_autofree char *name = NULL;
  g_autofree char *pool = NULL;
  g_autofree char *kernel_rel = NULL;
  g_autofree char *initrd_rel = NULL;

  data = g_new0 (RunData, 1);
  data->fetched_kernel = fetched_kernel;
  data->fetched_initrd = fetched_initrd;
  data->answer_disk = answer_disk;
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
  if (fetched_kernel != NULL || fetched_initrd != NULL)
    {
      /* the install XML points at our copies (a direct-kernel express
       * install copies only the initrd); the plan keeps the tree's paths so
       * that another run fetches again */
      g_object_get (self->plan, "kernel-path", &kernel_rel, "initrd-path", &initrd_rel, NULL);
      g_object_set (self->plan,
                    "kernel-path", fetched_kernel != NULL ? fetched_kernel : kernel_rel,
                    "initrd-path", fetched_initrd != NULL ? fetched_initrd : initrd_rel,
                    NULL);
    }
  /* the person's edit boots in the install phase too, with the install-time
   * changes on top; the answer disk is the install phase's alone */
  _vireo_install_plan_set_answer_disk (self->plan, answer_disk);
  if (vireo_install_plan_needs_install_phase (self->plan) && self->custom_xml != NULL)
    data->install_xml = vireo_install_plan_install_xml_from (self->plan, self->custom_xml, &error);
  else if (vireo_install_plan_needs_install_phase (self->plan))
    data->install_xml = vireo_install_plan_to_domain_xml (self->plan, VIREO_INSTALL_PHASE_INSTALL,
                                                          &error);
  _vireo_install_plan_set_answer_disk (self->plan, NULL);
  if (fetched_kernel != NULL || fetched_initrd != NULL)
    g_object_set (self->plan, "kernel-path", kernel_rel, "initrd-path", initrd_rel, NULL);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->custom_xml != NULL)
    {
      data->final_xml = g_strdup (self->custom_xml);
      data->custom_xml = TRUE;
    }
  else
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

  vireo_connection_run_in_worker (self->connection, task, run_thread);
}

/* -- the fetch stage of URL installs ---------------------------------------- */

typedef struct
{
  GTask         *run_task;   /* the caller's task */
  virConnectPtr  handle;
  char          *tree_url;
  char          *kernel_rel;
  char          *initrd_rel;
  char          *dir;        /* NULL: the pool's directory */
  char          *pool_name;
  char          *name;
  char          *kernel;     /* results */
  char          *initrd;
  VireoExpressScript *express;  /* express install: the script the initrd gets */
  gboolean       copy_initrd;   /* initrd_rel is the person's own file: copy it */
  gboolean       answer_only;   /* an ISO install: only the answer disk is made */
  char          *answer_disk;   /* result */
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->run_task);
  if (data->handle != NULL)
    virConnectClose (data->handle);
  /* still set: the run never took them */
  if (data->kernel != NULL)
    g_unlink (data->kernel);
  if (data->initrd != NULL)
    g_unlink (data->initrd);
  if (data->answer_disk != NULL)
    g_unlink (data->answer_disk);
  g_free (data->answer_disk);
  g_free (data->kernel);
  g_free (data->initrd);
  g_free (data->tree_url);
  g_free (data->kernel_rel);
  g_free (data->initrd_rel);
  g_free (data->dir);
  g_free (data->pool_name);
  g_free (data->name);
  vireo_express_script_free (data->express);
  g_free (data);
}

/* the <target><path> of a directory-like pool */
static char *
pool_directory (virConnectPtr handle,
                const char   *pool_name,
                GError      **error)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (handle, pool_name);
  g_autofree char *xml = NULL;
  const char *target, *start, *end;

  if (pool == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Could not find the storage pool “%s” for the installer's kernel"),
                                               pool_name);
      *error = vireo_error_new_from_libvirt (what);
      return NULL;
    }
  xml = virStoragePoolGetXMLDesc (pool, 0);
  virStoragePoolFree (pool);
  if (xml == NULL)
    {
      *error = vireo_error_new_from_libvirt (_("Could not read the storage pool's configuration"));
      return NULL;
    }
  target = strstr (xml, "<target>");
  start = target != NULL ? strstr (target, "<path>") : NULL;
  end = start != NULL ? strstr (start, "</path>") : NULL;
  if (end == NULL)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED,
                   _("The storage pool “%s” has no directory to hold the installer's kernel and initrd."),
                   pool_name);
      return NULL;
    }
  start += strlen ("<path>");
  return g_strndup (start, end - start);
}

static void
fetch_progress (const char *message,
                double      fraction,
                gpointer    user_data)
{
  post_progress (user_data, message, fraction);
}

/* Copies the person's own initrd (direct kernel boot) into @dir, named like
 * the fetched files, so that the answer file goes into the copy and never
 * into their file. */
static char *
copy_initrd (const char   *source,
             const char   *dir,
             const char   *name,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr (GFile) from = g_file_new_for_path (source);
  g_autoptr (GFileInputStream) in = NULL;
  g_autoptr (GFileOutputStream) out = NULL;
  g_autofree char *path = NULL;

  in = g_file_read (from, cancellable, error);
  if (in == NULL)
    return NULL;
  for (guint attempt = 0; out == NULL; attempt++)
    {
      g_autofree char *base = g_strdup_printf ("vireo-%s-initrd.%08x", name, g_random_int ());
      g_autoptr (GFile) file = NULL;
      g_autoptr (GError) local = NULL;

      g_free (path);
      path = g_build_filename (dir, base, NULL);
      file = g_file_new_for_path (path);
      out = g_file_create (file, G_FILE_CREATE_NONE, cancellable, &local);
      if (out == NULL && (attempt > 10 || !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS)))
        {
          g_autofree char *display = g_filename_display_name (dir);

          g_set_error (error, local->domain, local->code,
                       _("Could not create a file in %s for the installer's initrd: %s"), display,
                       local->message);
          return NULL;
        }
    }
  /* QEMU (another user) reads the file; the umask may have narrowed it */
  g_chmod (path, 0644);
  if (g_output_stream_splice (G_OUTPUT_STREAM (out), G_INPUT_STREAM (in),
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              cancellable, error) < 0)
    {
      g_autofree char *display = g_filename_display_name (source);

      g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
      g_unlink (path);
      g_prefix_error (error, _("Could not copy the installer's initrd %s: "), display);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  GError *error = NULL;

  if (data->dir == NULL)
    {
      data->dir = pool_directory (data->handle, data->pool_name, &error);
      if (data->dir == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  if (data->answer_only)
    {
      post_progress (task, _("Making the answer disk of the express install…"), -1.0);
      data->answer_disk = vireo_express_install_make_answer_disk (data->dir, data->name, data->express,
                                                                  cancellable, &error);
      if (data->answer_disk == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }
  if (data->copy_initrd)
    {
      post_progress (task, _("Copying the installer's initrd…"), -1.0);
      data->initrd = copy_initrd (data->initrd_rel, data->dir, data->name, cancellable, &error);
      if (data->initrd == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else
    {
      post_progress (task, _("Downloading the installer's kernel…"), -1.0);
      if (!vireo_install_fetch_tree_files (data->tree_url, data->kernel_rel, data->initrd_rel, data->dir,
                                           data->name, fetch_progress, task, &data->kernel,
                                           &data->initrd, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  /* express install: the answer file goes into our copy of the initrd (the
   * files are removed by fetch_data_free when this fails) */
  if (data->express != NULL)
    {
      post_progress (task, _("Adding the answers to the installer…"), -1.0);
      if (!vireo_express_install_inject_initrd (data->initrd, data->express, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VireoInstallRunner *self = VIREO_INSTALL_RUNNER (object);
  FetchData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr (GTask) task = g_steal_pointer (&data->run_task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  start_run (self, task, g_steal_pointer (&data->kernel), g_steal_pointer (&data->initrd),
             g_steal_pointer (&data->answer_disk));
}

void
vireo_install_runner_set_final_xml (VireoInstallRunner *self,
                                    const char         *xml)
{
  g_return_if_fail (VIREO_IS_INSTALL_RUNNER (self));

  g_free (self->custom_xml);
  self->custom_xml = g_strdup (xml);
}

void
vireo_install_runner_set_download_dir (VireoInstallRunner *self,
                                       const char         *dir)
{
  g_return_if_fail (VIREO_IS_INSTALL_RUNNER (self));

  g_free (self->download_dir);
  self->download_dir = g_strdup (dir);
}

void
vireo_install_runner_run_async (VireoInstallRunner *self,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  VireoInstallMethod method;
  g_autofree char *kernel = NULL;
  g_autofree char *initrd = NULL;
  gboolean express_install = FALSE;
  g_autoptr (VireoExpressScript) express = NULL;

  g_return_if_fail (VIREO_IS_INSTALL_RUNNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_install_runner_run_async);
  /* the result says what the run did: a cancel that came after its last
   * check (the VM already defined and started) is not reported as one */
  g_task_set_check_cancellable (task, FALSE);

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

  /* an edit the install cannot boot is refused before anything is fetched
   * or created */
  if (self->custom_xml != NULL && vireo_install_plan_needs_install_phase (self->plan))
    {
      g_autofree char *install_xml = vireo_install_plan_install_xml_from (self->plan, self->custom_xml, &error);

      if (install_xml == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  g_object_get (self->plan, "method", &method, "kernel-path", &kernel, "initrd-path", &initrd,
                "express-install", &express_install, NULL);
  /* express install of a URL or direct-kernel install: the answer file is
   * made now (on this thread: it reads the plan) and goes into a copy of
   * the initrd; of an ISO install, onto an answer CD-ROM */
  if (express_install && (method == VIREO_INSTALL_METHOD_URL || vireo_express_install_uses_answer_disk (self->plan)))
    {
      express = vireo_express_install_generate (self->plan, &error);
      if (express == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  self->running = TRUE;
  if ((method == VIREO_INSTALL_METHOD_URL && *kernel != '\0' && *initrd != '\0'
       && (!g_path_is_absolute (kernel) || !g_path_is_absolute (initrd) || express != NULL))
      || (method == VIREO_INSTALL_METHOD_ISO && express != NULL))
    {
      g_autoptr (GTask) fetch = NULL;
      FetchData *data = g_new0 (FetchData, 1);
      g_autofree char *pool = NULL;

      fetch = g_task_new (self, cancellable, fetch_cb, NULL);
      g_task_set_task_data (fetch, data, (GDestroyNotify) fetch_data_free);
      data->run_task = g_object_ref (task);
      g_object_get (self->plan, "tree-url", &data->tree_url, "name", &data->name, "pool-name", &pool,
                    NULL);
      data->answer_only = method == VIREO_INSTALL_METHOD_ISO;
      data->copy_initrd = g_path_is_absolute (kernel) && g_path_is_absolute (initrd);
      data->kernel_rel = g_steal_pointer (&kernel);
      data->initrd_rel = g_steal_pointer (&initrd);
      data->express = g_steal_pointer (&express);
      data->dir = g_strdup (self->download_dir);
      data->pool_name = pool != NULL && *pool != '\0' ? g_steal_pointer (&pool) : g_strdup ("default");
      if (data->dir == NULL)
        {
          data->handle = vireo_connection_ref_handle (self->connection);
          if (data->handle == NULL)
            {
              g_task_return_new_error (fetch, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                                       _("The connection to the host is closed; the virtual machine was not created."));
              return;
            }
        }
      /* not on the connection's worker: a download must not hold up other calls */
      g_task_run_in_thread (fetch, fetch_thread);
      return;
    }

  start_run (self, task, NULL, NULL, NULL);
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
