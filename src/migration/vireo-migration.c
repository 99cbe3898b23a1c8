/* vireo-migration.c — the migration job and its options (issue 13)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The job runs on a thread of its own: it makes the destination
 * volumes a storage copy needs, then calls virDomainMigrate3 (direct, with
 * the destination's handle) or virDomainMigrateToURI3 (peer to peer and
 * tunnelled, with the destination's URI), and deletes those volumes again
 * when the move fails.  Meanwhile the main loop asks the worker for
 * virDomainGetJobStats about twice a second and turns the answer into a
 * VireoMigrationSample.  Cancel is virDomainAbortJob, asked again on each
 * tick until libvirt takes it (the job may not have started yet).
 *
 * Not on the source connection's worker: a move lasts minutes, and a few at
 * once would hold all of that connection's threads, stalling its list, its
 * figures and every other call on it (this job's own samples and aborts
 * among them).  The thread holds what the worker would (RunData).
 */
#define G_LOG_DOMAIN "vireo-migration"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-domain-private.h"
#include "vireo-error.h"
#include "vireo-migration.h"
#include "vireo-migration-private.h"
#include "vireo-xml.h"

#define SAMPLE_INTERVAL_MS 500
#define MAX_SAMPLES        7200   /* an hour of samples */
#define MAX_DISKS          64
#define MAX_ADDRESS        253
#define MAX_BANDWIDTH_MIB  (G_GINT64_CONSTANT (1) << 32)
#define MAX_DOWNTIME_MS    (G_GINT64_CONSTANT (3600) * 1000)

/* -- options ------------------------------------------------------------------------ */

static gboolean
domain_is_active (VireoDomainState state)
{
  return state != VIREO_DOMAIN_STATE_SHUTOFF && state != VIREO_DOMAIN_STATE_NOSTATE &&
         state != VIREO_DOMAIN_STATE_CRASHED;
}

void
vireo_migration_options_init (VireoMigrationOptions *options,
                              VireoDomain           *domain)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (VIREO_IS_DOMAIN (domain));

  memset (options, 0, sizeof *options);
  options->mode = domain_is_active (vireo_domain_get_state (domain))
                    ? VIREO_MIGRATION_LIVE : VIREO_MIGRATION_OFFLINE;
  /* a transient VM has no definition to keep: it moves as it is */
  options->permanent = vireo_domain_get_persistent (domain);
  options->transport = VIREO_MIGRATION_DIRECT;
  options->storage = VIREO_MIGRATION_STORAGE_SHARED;
}

void
vireo_migration_options_clear (VireoMigrationOptions *options)
{
  g_return_if_fail (options != NULL);
  g_clear_pointer (&options->address, g_free);
}

void
vireo_migration_options_copy (const VireoMigrationOptions *src,
                              VireoMigrationOptions       *dest)
{
  g_return_if_fail (src != NULL);
  g_return_if_fail (dest != NULL);

  if (src == dest)
    return;
  *dest = *src;
  dest->address = g_strdup (src->address);
}

static gboolean
address_is_valid (const char *address)
{
  gsize len = strlen (address);

  if (len == 0 || len > MAX_ADDRESS || !g_utf8_validate (address, len, NULL))
    return FALSE;
  for (const char *p = address; *p; p++)
    {
      /* a host name, an IPv4 or IPv6 address (brackets allowed) */
      if (!g_ascii_isalnum (*p) && strchr (".-_:[]", *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED, message);
  return FALSE;
}

gboolean
vireo_migration_options_validate (const VireoMigrationOptions *options,
                                  GError                     **error)
{
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options->mode != VIREO_MIGRATION_LIVE && options->mode != VIREO_MIGRATION_OFFLINE)
    return invalid (error, _("Choose a live or an offline move."));
  if (options->transport != VIREO_MIGRATION_DIRECT && options->transport != VIREO_MIGRATION_TUNNELLED)
    return invalid (error, _("Choose a direct or a tunnelled transport."));
  if (options->storage != VIREO_MIGRATION_STORAGE_SHARED &&
      options->storage != VIREO_MIGRATION_STORAGE_COPY_ALL &&
      options->storage != VIREO_MIGRATION_STORAGE_COPY_INCREMENTAL)
    return invalid (error, _("Choose shared storage, or a full or incremental copy of the disks."));
  if (options->limit_bandwidth && options->bandwidth_mib <= 0)
    return invalid (error, _("The bandwidth limit must be at least 1 MiB/s. Turn the limit off to move at full speed."));
  if (options->limit_bandwidth && options->bandwidth_mib > MAX_BANDWIDTH_MIB)
    return invalid (error, _("The bandwidth limit is too large. Turn the limit off to move at full speed."));
  if (options->max_downtime_ms < 0 || options->max_downtime_ms > MAX_DOWNTIME_MS)
    return invalid (error, _("The maximum downtime must be between 0 (libvirt's default) and one hour."));

  if (options->transport == VIREO_MIGRATION_DIRECT)
    {
      if (options->port > 65535)
        return invalid (error, _("The port must be between 1 and 65535, or 0 to let libvirt choose one."));
      if (options->address != NULL && *options->address != '\0' && !address_is_valid (options->address))
        return invalid (error, _("The address must be a host name or an IP address, without spaces or a scheme such as “tcp://”."));
      if (options->port != 0 && (options->address == NULL || *options->address == '\0'))
        return invalid (error, _("Give the address to migrate to along with the port, or set the port to 0."));
    }

  if (options->mode == VIREO_MIGRATION_OFFLINE)
    {
      if (options->storage != VIREO_MIGRATION_STORAGE_SHARED)
        return invalid (error, _("An offline move takes only the definition: disks cannot be copied. Start the virtual machine to copy its disks with a live move, or copy them yourself."));
      if (options->postcopy)
        return invalid (error, _("Post-copy applies only to a live move."));
    }
  if (options->postcopy && options->transport == VIREO_MIGRATION_TUNNELLED)
    return invalid (error, _("Post-copy does not work through a tunnelled connection. Choose the direct transport, or turn post-copy off."));
  if (options->storage != VIREO_MIGRATION_STORAGE_SHARED && options->transport == VIREO_MIGRATION_TUNNELLED)
    return invalid (error, _("Disks cannot be copied through a tunnelled connection. Choose the direct transport, or shared storage."));

  return TRUE;
}

gboolean
vireo_migration_options_validate_for (const VireoMigrationOptions *options,
                                      VireoDomain                 *domain,
                                      GError                     **error)
{
  VireoDomainState state;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!vireo_migration_options_validate (options, error))
    return FALSE;

  state = vireo_domain_get_state (domain);
  if (options->mode == VIREO_MIGRATION_OFFLINE && !vireo_domain_get_persistent (domain))
    return invalid (error, _("This virtual machine has no saved definition to move offline (it is transient). Move it live while it runs."));
  if (options->mode == VIREO_MIGRATION_LIVE && !domain_is_active (state))
    return invalid (error, _("A live move needs a running virtual machine. This one is shut off: choose an offline move, or start it first."));
  if (options->mode == VIREO_MIGRATION_OFFLINE && domain_is_active (state))
    return invalid (error, _("An offline move needs a shut-off virtual machine. This one runs: choose a live move, or shut it down first."));
  return TRUE;
}

/* -- the job ---------------------------------------------------------------------------- */

struct _VireoMigration
{
  GObject               parent_instance;

  VireoDomain          *domain;        /* owned */
  VireoConnection      *destination;   /* owned */
  VireoMigrationOptions options;
  VireoMigrationState   state;
  double                fraction;
  GArray               *samples;       /* VireoMigrationSample */
  gint64                started_at;    /* monotonic µs */

  GTask                *task;          /* the start task while the job runs */
  GCancellable         *cancellable;   /* the caller's, while the job runs */
  gulong                cancelled_id;
  gulong                dest_state_id;
  guint                 tick_source;
  gint                  cancel_asked;  /* atomic: the worker reads it */
  guint                 sampling : 1;  /* a sample is being read */
  guint                 aborting : 1;  /* an abort is being asked */
  guint                 aborted : 1;   /* libvirt took the abort */
  guint                 dest_lost : 1; /* the destination disconnected during the move */
};

G_DEFINE_FINAL_TYPE (VireoMigration, vireo_migration, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATE, PROP_FRACTION, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { PROGRESS, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
state_is_final (VireoMigrationState state)
{
  return state == VIREO_MIGRATION_STATE_DONE || state == VIREO_MIGRATION_STATE_FAILED ||
         state == VIREO_MIGRATION_STATE_CANCELLED;
}

static void
set_fraction (VireoMigration *self,
              double          fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

void
_vireo_migration_set_state (VireoMigration     *self,
                            VireoMigrationState state)
{
  g_return_if_fail (VIREO_IS_MIGRATION (self));

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (state == VIREO_MIGRATION_STATE_DONE)
    set_fraction (self, 1.0);
}

void
_vireo_migration_push_sample (VireoMigration             *self,
                              const VireoMigrationSample *sample)
{
  g_return_if_fail (VIREO_IS_MIGRATION (self));
  g_return_if_fail (sample != NULL);

  if (self->samples->len >= MAX_SAMPLES)
    g_array_remove_index (self->samples, 0);
  g_array_append_val (self->samples, *sample);

  if (self->state == VIREO_MIGRATION_STATE_PREPARING ||
      self->state == VIREO_MIGRATION_STATE_STORAGE ||
      self->state == VIREO_MIGRATION_STATE_MEMORY)
    {
      if (sample->disk_total > 0 && sample->disk_processed < sample->disk_total)
        _vireo_migration_set_state (self, VIREO_MIGRATION_STATE_STORAGE);
      else if (sample->data_total > 0)
        _vireo_migration_set_state (self, VIREO_MIGRATION_STATE_MEMORY);
    }
  if (sample->data_total > 0 && !state_is_final (self->state))
    set_fraction (self, (double) MIN (sample->data_processed, sample->data_total) /
                        (double) sample->data_total);

  g_signal_emit (self, signals[PROGRESS], 0, sample);
}

/* -- sampling (main loop, reading on the source's worker) ------------------------------ */

typedef struct
{
  gboolean             active;     /* a job runs */
  gboolean             postcopy;   /* the source is paused for post-copy */
  VireoMigrationSample sample;
} SampleReading;

static void
read_sample_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  VireoMigration *self = source_object;
  virDomainPtr handle = _vireo_domain_ref_handle (self->domain);
  SampleReading *reading = g_new0 (SampleReading, 1);
  virTypedParameterPtr params = NULL;
  int type = VIR_DOMAIN_JOB_NONE, n = 0, state = 0, reason = 0;
  unsigned long long value = 0;

  if (handle == NULL)
    {
      g_task_return_pointer (task, reading, g_free);
      return;
    }
  if (virDomainGetJobStats (handle, &type, &params, &n, 0) == 0 && type != VIR_DOMAIN_JOB_NONE)
    {
      VireoMigrationSample *s = &reading->sample;

      reading->active = TRUE;
#define GET(key, field) \
      if (virTypedParamsGetULLong (params, n, key, &value) == 1) s->field = value
      GET (VIR_DOMAIN_JOB_TIME_ELAPSED, elapsed_ms);
      GET (VIR_DOMAIN_JOB_DATA_TOTAL, data_total);
      GET (VIR_DOMAIN_JOB_DATA_PROCESSED, data_processed);
      GET (VIR_DOMAIN_JOB_DATA_REMAINING, data_remaining);
      GET (VIR_DOMAIN_JOB_MEMORY_BPS, memory_bps);
      GET (VIR_DOMAIN_JOB_DISK_TOTAL, disk_total);
      GET (VIR_DOMAIN_JOB_DISK_PROCESSED, disk_processed);
      GET (VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE, dirty_rate);
      GET (VIR_DOMAIN_JOB_MEMORY_ITERATION, iteration);
      GET (VIR_DOMAIN_JOB_DOWNTIME, downtime_ms); /* expected, while it runs */
#undef GET
    }
  virTypedParamsFree (params, n);
  if (virDomainGetState (handle, &state, &reason, 0) == 0)
    reading->postcopy = state == VIR_DOMAIN_PAUSED && reason == VIR_DOMAIN_PAUSED_POSTCOPY;
  virResetLastError ();
  virDomainFree (handle);
  g_task_return_pointer (task, reading, g_free);
}

static void
sample_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VireoMigration *self = VIREO_MIGRATION (object);
  g_autofree SampleReading *reading = g_task_propagate_pointer (G_TASK (result), NULL);

  self->sampling = FALSE;
  if (reading == NULL || self->task == NULL || state_is_final (self->state))
    return;
  if (reading->postcopy)
    _vireo_migration_set_state (self, VIREO_MIGRATION_STATE_POSTCOPY);
  if (!reading->active)
    return;
  if (reading->sample.elapsed_ms == 0)
    reading->sample.elapsed_ms = (g_get_monotonic_time () - self->started_at) / 1000;
  _vireo_migration_push_sample (self, &reading->sample);
}

static void
abort_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  VireoMigration *self = source_object;
  virDomainPtr handle = _vireo_domain_ref_handle (self->domain);
  gboolean ok = FALSE;

  if (handle != NULL)
    {
      ok = virDomainAbortJob (handle) == 0;
      if (!ok)
        g_debug ("abort not taken yet: %s", virGetLastErrorMessage ());
      virResetLastError ();
      virDomainFree (handle);
    }
  g_task_return_boolean (task, ok);
}

static void
abort_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  VireoMigration *self = VIREO_MIGRATION (object);

  self->aborting = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), NULL))
    self->aborted = TRUE;
}

static void
ask_abort (VireoMigration *self)
{
  g_autoptr(GTask) task = NULL;
  VireoConnection *source = vireo_domain_get_connection (self->domain);

  if (self->aborting || self->aborted || source == NULL)
    return;
  self->aborting = TRUE;
  task = g_task_new (self, NULL, abort_done, NULL);
  g_task_set_source_tag (task, ask_abort);
  vireo_connection_run_in_worker (source, task, abort_thread);
}

static gboolean
tick (gpointer user_data)
{
  VireoMigration *self = user_data;
  VireoConnection *source = vireo_domain_get_connection (self->domain);
  g_autoptr(GTask) task = NULL;

  if (g_atomic_int_get (&self->cancel_asked) || self->dest_lost)
    ask_abort (self);
  if (self->sampling || source == NULL)
    return G_SOURCE_CONTINUE;
  self->sampling = TRUE;
  task = g_task_new (self, NULL, sample_read, NULL);
  g_task_set_source_tag (task, tick);
  vireo_connection_run_in_worker (source, task, read_sample_thread);
  return G_SOURCE_CONTINUE;
}

/* -- the run (a thread of its own) ------------------------------------------------------ */

typedef struct
{
  char *pool;    /* the destination pool */
  char *volume;  /* the volume made there */
} MadeVolume;

static void
made_volume_free (gpointer ptr)
{
  MadeVolume *made = ptr;

  g_free (made->pool);
  g_free (made->volume);
  g_free (made);
}

/* What the run's thread holds, as the connection's worker would: the source
 * VM's handle and references to both libvirt connections, alive however long
 * the move lasts, even when Vireo closes either connection meanwhile. */
typedef struct
{
  virDomainPtr          handle;      /* source VM */
  virConnectPtr         source;      /* source handle (virConnectRef) */
  virConnectPtr         dest;        /* destination handle */
  char                 *dest_uri;
  char                 *what;        /* "Could not move “web” to “B”" */
  VireoMigrationOptions options;
  gint                 *cancel_asked;
  GPtrArray            *made;        /* MadeVolume */
  char                 *vm_name;
} RunData;

static void
run_data_free (gpointer ptr)
{
  RunData *data = ptr;

  if (data->handle)
    virDomainFree (data->handle);
  if (data->source)
    virConnectClose (data->source);
  if (data->dest)
    virConnectClose (data->dest);
  g_free (data->dest_uri);
  g_free (data->what);
  g_free (data->vm_name);
  vireo_migration_options_clear (&data->options);
  g_clear_pointer (&data->made, g_ptr_array_unref);
  g_free (data);
}

/* a disk a storage copy writes: its target, path and format */
typedef struct
{
  char *target;
  char *path;
  char *format;
  char *backing;         /* its backing file, for an incremental copy */
  char *backing_format;
} CopyDisk;

static void
copy_disk_free (gpointer ptr)
{
  CopyDisk *disk = ptr;

  g_free (disk->target);
  g_free (disk->path);
  g_free (disk->format);
  g_free (disk->backing);
  g_free (disk->backing_format);
  g_free (disk);
}

/* the local disks a storage copy would write (neither read-only, shared
 * nor empty), from the running VM's XML */
static GPtrArray *
disks_to_copy (const char *xml)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse (xml, "domain", NULL);
  g_autoptr(GPtrArray) nodes = NULL;
  GPtrArray *disks = g_ptr_array_new_with_free_func (copy_disk_free);

  if (doc == NULL)
    return disks;
  nodes = vireo_xml_get_nodes (vireo_xml_root (doc), "devices/disk");
  for (guint i = 0; nodes != NULL && i < MIN (nodes->len, MAX_DISKS); i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      g_autofree char *device = vireo_xml_attr (node, "device");
      g_autofree char *type = vireo_xml_attr (node, "type");
      xmlNode *source = vireo_xml_child (node, "source");
      CopyDisk *disk;

      if (vireo_xml_child (node, "readonly") != NULL || vireo_xml_child (node, "shareable") != NULL ||
          source == NULL || (device != NULL && g_strcmp0 (device, "disk") != 0))
        continue;
      if (g_strcmp0 (type, "file") != 0 && g_strcmp0 (type, "block") != 0)
        continue;
      disk = g_new0 (CopyDisk, 1);
      disk->path = vireo_xml_attr (source, g_strcmp0 (type, "file") == 0 ? "file" : "dev");
      disk->target = vireo_xml_get_string (node, "string(target/@dev)");
      disk->format = vireo_xml_get_string (node, "string(driver/@type)");
      disk->backing = vireo_xml_get_string (node, "string(backingStore/source/@file)");
      disk->backing_format = vireo_xml_get_string (node, "string(backingStore/format/@type)");
      if (disk->path == NULL || *disk->path != '/' || disk->target == NULL || *disk->target == '\0')
        {
          copy_disk_free (disk);
          continue;
        }
      g_ptr_array_add (disks, disk);
    }
  return disks;
}

static char *
volume_xml (const char *name,
            guint64     capacity,
            const char *format,
            const char *backing,
            const char *backing_format)
{
  g_autoptr(xmlDoc) doc = vireo_xml_new_document ("volume");
  xmlNode *root = vireo_xml_root (doc);
  g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, capacity);
  xmlNode *node;

  vireo_xml_add_child (root, "name", name);
  node = vireo_xml_add_child (root, "capacity", bytes);
  vireo_xml_set_attr (node, "unit", "bytes");
  node = vireo_xml_add_child (root, "allocation", "0");
  vireo_xml_set_attr (node, "unit", "bytes");
  node = vireo_xml_add_child (vireo_xml_add_child (root, "target", NULL), "format", NULL);
  vireo_xml_set_attr (node, "type", format);
  if (backing != NULL && *backing != '\0')
    {
      xmlNode *store = vireo_xml_add_child (root, "backingStore", NULL);

      vireo_xml_add_child (store, "path", backing);
      node = vireo_xml_add_child (store, "format", NULL);
      vireo_xml_set_attr (node, "type", backing_format != NULL && *backing_format ? backing_format : "raw");
    }
  return vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY);
}

static void
delete_made_volumes (RunData *data)
{
  for (guint i = 0; i < data->made->len; i++)
    {
      MadeVolume *made = g_ptr_array_index (data->made, i);
      virStoragePoolPtr pool = virStoragePoolLookupByName (data->dest, made->pool);
      virStorageVolPtr volume = pool ? virStorageVolLookupByName (pool, made->volume) : NULL;

      if (volume == NULL || virStorageVolDelete (volume, 0) < 0)
        g_warning ("could not delete the volume %s/%s made for a migration: %s",
                   made->pool, made->volume, virGetLastErrorMessage ());
      if (volume)
        virStorageVolFree (volume);
      if (pool)
        virStoragePoolFree (pool);
    }
  g_ptr_array_set_size (data->made, 0);
  virResetLastError ();
}

/* the disk at @path is a volume of a network pool on the source */
static gboolean
source_is_shared (RunData    *data,
                  const char *path)
{
  virStorageVolPtr volume = virStorageVolLookupByPath (virDomainGetConnect (data->handle), path);
  gboolean shared = volume != NULL && _vireo_migration_volume_is_shared (volume);

  if (volume != NULL)
    virStorageVolFree (volume);
  virResetLastError ();
  return shared;
}

/* Makes, on the destination, the volumes the copy writes into: the same path,
 * size and format, in the destination pool whose folder holds that path.
 * Adds the targets to copy to @targets.  FALSE and @error when one cannot be. */
static gboolean
prepare_storage (RunData    *data,
                 GPtrArray  *targets,
                 GError    **error)
{
  g_autofree char *xml = virDomainGetXMLDesc (data->handle, 0);
  g_autoptr(GPtrArray) disks = NULL;

  if (xml == NULL)
    {
      g_propagate_error (error, vireo_error_new_from_libvirt (data->what));
      return FALSE;
    }
  disks = disks_to_copy (xml);
  for (guint i = 0; i < disks->len; i++)
    {
      CopyDisk *disk = g_ptr_array_index (disks, i);
      virStorageVolPtr existing = virStorageVolLookupByPath (data->dest, disk->path);
      g_autofree char *dir = NULL;
      g_autofree char *name = NULL;
      g_autofree char *vol_xml = NULL;
      virStoragePoolPtr pool;
      virStorageVolPtr volume;
      virDomainBlockInfo info = { 0 };
      MadeVolume *made;

      if (source_is_shared (data, disk->path))
        {
          /* on a network pool (netfs, iscsi, rbd…): the destination reaches
           * the same storage, and a copy would write over the disk in use */
          if (existing != NULL)
            virStorageVolFree (existing);
          virResetLastError ();
          continue;
        }
      if (existing != NULL)
        {
          gboolean shared = _vireo_migration_volume_is_shared (existing);

          /* the same path on a local pool there (the pre-flight warned): the
           * copy goes into it, as the person chose a copy; on a network pool
           * it is the same storage and is left alone */
          virStorageVolFree (existing);
          if (!shared)
            g_ptr_array_add (targets, g_strdup (disk->target));
          continue;
        }
      virResetLastError ();
      g_ptr_array_add (targets, g_strdup (disk->target));

      dir = g_path_get_dirname (disk->path);
      name = g_path_get_basename (disk->path);
      pool = virStoragePoolLookupByTargetPath (data->dest, dir);
      if (pool == NULL)
        {
          virResetLastError ();
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                       _("%s: the destination has no storage pool for the folder “%s”, so the disk “%s” has nowhere to go. Add a directory pool for that folder on the destination (Host details, Storage) and try again."),
                       data->what, dir, disk->target);
          return FALSE;
        }
      if (virDomainGetBlockInfo (data->handle, disk->target, &info, 0) < 0)
        {
          g_propagate_error (error, vireo_error_new_from_libvirt (data->what));
          virStoragePoolFree (pool);
          return FALSE;
        }
      vol_xml = volume_xml (name, info.capacity,
                            disk->format && *disk->format ? disk->format : "raw",
                            data->options.storage == VIREO_MIGRATION_STORAGE_COPY_INCREMENTAL ? disk->backing : NULL,
                            disk->backing_format);
      volume = virStorageVolCreateXML (pool, vol_xml, 0);
      if (volume == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("%s: the disk “%s” could not be made on the destination"),
                                                   data->what, disk->target);

          g_propagate_error (error, vireo_error_new_from_libvirt (what));
          virResetLastError ();
          virStoragePoolFree (pool);
          return FALSE;
        }
      made = g_new0 (MadeVolume, 1);
      made->pool = g_strdup (virStoragePoolGetName (pool));
      made->volume = g_strdup (name);
      g_ptr_array_add (data->made, made);
      virStorageVolFree (volume);
      virStoragePoolFree (pool);
    }
  return TRUE;
}

static unsigned int
migration_flags (const VireoMigrationOptions *options)
{
  unsigned int flags = 0;

  if (options->mode == VIREO_MIGRATION_LIVE)
    {
      flags |= VIR_MIGRATE_LIVE;
      if (options->permanent)
        flags |= VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_UNDEFINE_SOURCE;
      if (options->auto_converge)
        flags |= VIR_MIGRATE_AUTO_CONVERGE;
      if (options->compressed)
        flags |= VIR_MIGRATE_COMPRESSED;
      if (options->postcopy)
        flags |= VIR_MIGRATE_POSTCOPY;
      if (options->storage == VIREO_MIGRATION_STORAGE_COPY_ALL)
        flags |= VIR_MIGRATE_NON_SHARED_DISK;
      else if (options->storage == VIREO_MIGRATION_STORAGE_COPY_INCREMENTAL)
        flags |= VIR_MIGRATE_NON_SHARED_INC;
    }
  else
    {
      /* the definition moves: it must be kept on the destination */
      flags |= VIR_MIGRATE_OFFLINE | VIR_MIGRATE_PERSIST_DEST;
      if (options->permanent)
        flags |= VIR_MIGRATE_UNDEFINE_SOURCE;
    }
  if (options->transport == VIREO_MIGRATION_TUNNELLED)
    flags |= VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_TUNNELLED;
  if (options->unsafe)
    flags |= VIR_MIGRATE_UNSAFE;
  return flags;
}

static char *
migrate_uri (const VireoMigrationOptions *options)
{
  const char *address = options->address;
  gboolean v6;

  if (options->transport != VIREO_MIGRATION_DIRECT || address == NULL || *address == '\0')
    return NULL;
  v6 = strchr (address, ':') != NULL && *address != '[';
  if (options->port == 0)
    return g_strdup_printf (v6 ? "tcp://[%s]" : "tcp://%s", address);
  return g_strdup_printf (v6 ? "tcp://[%s]:%u" : "tcp://%s:%u", address, options->port);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  const VireoMigrationOptions *options = &data->options;
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = migrate_uri (options);
  virTypedParameterPtr params = NULL;
  int n = 0, max = 0, ret;
  unsigned int flags = migration_flags (options);
  virErrorPtr err;

  if (options->storage != VIREO_MIGRATION_STORAGE_SHARED && options->mode == VIREO_MIGRATION_LIVE)
    {
      if (!prepare_storage (data, targets, &error))
        {
          delete_made_volumes (data);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (targets->len == 0)
        flags &= ~(VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC);
    }

  if (options->mode == VIREO_MIGRATION_LIVE && options->max_downtime_ms > 0 &&
      virDomainMigrateSetMaxDowntime (data->handle, options->max_downtime_ms, 0) < 0)
    {
      g_autofree char *what = g_strdup_printf (_("%s: the maximum downtime could not be set"), data->what);

      g_task_return_error (task, vireo_error_new_from_migration (virGetLastError (), what));
      virResetLastError ();
      delete_made_volumes (data);
      return;
    }

  if (options->limit_bandwidth)
    virTypedParamsAddULLong (&params, &n, &max, VIR_MIGRATE_PARAM_BANDWIDTH, options->bandwidth_mib);
  if (uri != NULL)
    virTypedParamsAddString (&params, &n, &max, VIR_MIGRATE_PARAM_URI, uri);
  for (guint i = 0; i < targets->len; i++)
    virTypedParamsAddString (&params, &n, &max, VIR_MIGRATE_PARAM_MIGRATE_DISKS,
                             g_ptr_array_index (targets, i));

  if (g_atomic_int_get (data->cancel_asked))
    {
      virTypedParamsFree (params, n);
      delete_made_volumes (data);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The move was cancelled."));
      return;
    }

  if (options->transport == VIREO_MIGRATION_TUNNELLED)
    {
      ret = virDomainMigrateToURI3 (data->handle, data->dest_uri, params, n, flags);
    }
  else
    {
      virDomainPtr moved = virDomainMigrate3 (data->handle, data->dest, params, n, flags);

      ret = moved != NULL ? 0 : -1;
      if (moved != NULL)
        virDomainFree (moved);
    }
  virTypedParamsFree (params, n);

  if (ret == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  err = virSaveLastError ();
  virResetLastError ();
  delete_made_volumes (data);
  if (g_atomic_int_get (data->cancel_asked) &&
      (err == NULL || err->code == VIR_ERR_OPERATION_ABORTED ||
       strstr (err->message ? err->message : "", "cancel") != NULL))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The move was cancelled."));
  else
    g_task_return_error (task, vireo_error_new_from_migration (err, data->what));
  virFreeError (err);
}

/* the run's thread: the task holds the job (its source object) and RunData */
static gpointer
run_thread_func (gpointer user_data)
{
  GTask *task = user_data;

  run_thread (task, g_task_get_source_object (task), g_task_get_task_data (task), NULL);
  g_object_unref (task);
  return NULL;
}

/* -- public ------------------------------------------------------------------------------ */

VireoMigration *
vireo_migration_new (VireoDomain                 *domain,
                     VireoConnection             *destination,
                     const VireoMigrationOptions *options)
{
  VireoMigration *self;

  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);
  g_return_val_if_fail (VIREO_IS_CONNECTION (destination), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (VIREO_TYPE_MIGRATION, NULL);
  self->domain = g_object_ref (domain);
  self->destination = g_object_ref (destination);
  vireo_migration_options_copy (options, &self->options);
  return self;
}

VireoDomain *
vireo_migration_get_domain (VireoMigration *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATION (self), NULL);
  return self->domain;
}

VireoConnection *
vireo_migration_get_destination (VireoMigration *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATION (self), NULL);
  return self->destination;
}

const VireoMigrationOptions *
vireo_migration_get_options (VireoMigration *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATION (self), NULL);
  return &self->options;
}

VireoMigrationState
vireo_migration_get_state (VireoMigration *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATION (self), VIREO_MIGRATION_STATE_FAILED);
  return self->state;
}

double
vireo_migration_get_fraction (VireoMigration *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATION (self), 0.0);
  return self->fraction;
}

GArray *
vireo_migration_get_samples (VireoMigration *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATION (self), NULL);
  return self->samples;
}

static gboolean
cancel_idle (gpointer user_data)
{
  vireo_migration_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  /* may run in another thread: the cancel itself goes through the main loop */
  g_idle_add_full (G_PRIORITY_DEFAULT, cancel_idle, g_object_ref (user_data), g_object_unref);
}

static char *
what_failed (VireoMigration *self)
{
  const char *dest_label = vireo_connection_get_label (self->destination);

  return g_strdup_printf (_("Could not move “%s” to “%s”"), vireo_domain_get_name (self->domain),
                          dest_label ? dest_label : vireo_connection_get_uri (self->destination));
}

/* The destination's connection dropped (its daemon died, the network went):
 * a direct move would wait on it for ever, so the job is aborted and the
 * guest stays on the source.  Not in post-copy: the guest runs there then. */
static void
on_dest_state (VireoConnection *destination,
               GParamSpec      *pspec,
               gpointer         user_data)
{
  VireoMigration *self = user_data;

  if (self->task == NULL || state_is_final (self->state) || self->dest_lost ||
      self->state == VIREO_MIGRATION_STATE_POSTCOPY ||
      vireo_connection_get_state (destination) == VIREO_CONNECTION_STATE_CONNECTED)
    return;
  self->dest_lost = TRUE;
  ask_abort (self);
}

/* main thread: the job ended; answers the caller */
static void
finish (VireoMigration *self,
        GError         *error /* owned, NULL: done */)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_signal_handler (&self->dest_state_id, self->destination);
  if (error != NULL && self->dest_lost && !g_atomic_int_get (&self->cancel_asked))
    {
      g_autofree char *what = what_failed (self);
      GError *lost = vireo_error_new_with_details (VIREO_ERROR_DISCONNECTED, error->message,
                                                   _("%s: the connection to the destination was lost during the move. The virtual machine still runs on this host: check that the destination and its libvirt daemon are up, then try again."),
                                                   what);

      g_error_free (error);
      error = lost;
    }
  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_disconnect (self->cancellable, self->cancelled_id);
  self->cancelled_id = 0;
  g_clear_object (&self->cancellable);

  if (error == NULL)
    _vireo_migration_set_state (self, VIREO_MIGRATION_STATE_DONE);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _vireo_migration_set_state (self, VIREO_MIGRATION_STATE_CANCELLED);
  else
    _vireo_migration_set_state (self, VIREO_MIGRATION_STATE_FAILED);

  if (vireo_domain_get_migration (self->domain) == self)
    _vireo_domain_set_migration (self->domain, NULL);
  /* libvirt sends no event for every end (an offline move that undefines
   * the source sends none): the source's list reads the VM again */
  if (!vireo_domain_get_removed (self->domain))
    vireo_domain_refresh (self->domain);

  if (error == NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VireoMigration) self = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    finish (self, error);
  else
    finish (self, NULL);
}

void
vireo_migration_start_async (VireoMigration      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) run = NULL;
  g_autoptr(GError) error = NULL;
  VireoConnection *source;
  RunData *data;
  const char *dest_label;
  GThread *thread;

  g_return_if_fail (VIREO_IS_MIGRATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_migration_start_async);

  if (self->task != NULL || self->state != VIREO_MIGRATION_STATE_PREPARING || self->started_at != 0)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               _("This move has already been started."));
      return;
    }
  self->started_at = g_get_monotonic_time ();

  dest_label = vireo_connection_get_label (self->destination);
  source = vireo_domain_get_connection (self->domain);
  data = g_new0 (RunData, 1);
  data->vm_name = g_strdup (vireo_domain_get_name (self->domain));
  data->what = g_strdup_printf (_("Could not move “%s” to “%s”"), data->vm_name,
                                dest_label ? dest_label : vireo_connection_get_uri (self->destination));
  data->made = g_ptr_array_new_with_free_func (made_volume_free);
  data->cancel_asked = &self->cancel_asked;
  vireo_migration_options_copy (&self->options, &data->options);

  if (!vireo_migration_options_validate_for (&self->options, self->domain, &error))
    {
      _vireo_migration_set_state (self, VIREO_MIGRATION_STATE_FAILED);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED, "%s: %s", data->what, error->message);
      run_data_free (data);
      return;
    }
  if (vireo_domain_get_migration (self->domain) != NULL)
    {
      _vireo_migration_set_state (self, VIREO_MIGRATION_STATE_FAILED);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               _("%s: it is already being moved. Wait for that move to end."), data->what);
      run_data_free (data);
      return;
    }
  if (source == self->destination)
    {
      _vireo_migration_set_state (self, VIREO_MIGRATION_STATE_FAILED);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               _("%s: the destination is the host it is on. Choose another host."), data->what);
      run_data_free (data);
      return;
    }

  data->handle = _vireo_domain_ref_handle (self->domain);
  if (data->handle != NULL)
    {
      /* the connection the VM's handle belongs to, kept open for the move */
      data->source = virDomainGetConnect (data->handle);
      virConnectRef (data->source);
    }
  data->dest = vireo_connection_ref_handle (self->destination);
  data->dest_uri = g_strdup (vireo_connection_get_uri (self->destination));
  if (source == NULL || data->handle == NULL || data->dest == NULL)
    {
      _vireo_migration_set_state (self, VIREO_MIGRATION_STATE_FAILED);
      if (data->dest == NULL)
        g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                                 _("%s: the destination is not connected. Connect to it first."), data->what);
      else
        g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                                 _("%s: the host it is on is not connected. Connect to it first."), data->what);
      run_data_free (data);
      return;
    }

  self->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);
    }
  _vireo_domain_set_migration (self->domain, self);
  self->dest_state_id = g_signal_connect (self->destination, "notify::state",
                                          G_CALLBACK (on_dest_state), self);
  self->tick_source = g_timeout_add (SAMPLE_INTERVAL_MS, tick, self);

  run = g_task_new (self, NULL, run_done, g_object_ref (self));
  g_task_set_source_tag (run, run_thread);
  g_task_set_task_data (run, data, run_data_free);
  thread = g_thread_try_new ("vireo-migrate", run_thread_func, g_object_ref (run), &error);
  if (thread == NULL)
    {
      g_object_unref (run);
      g_task_return_new_error (run, VIREO_ERROR, VIREO_ERROR_FAILED, "%s: %s", data->what, error->message);
      return;
    }
  g_thread_unref (thread);
}

gboolean
vireo_migration_start_finish (VireoMigration *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (VIREO_IS_MIGRATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vireo_migration_cancel (VireoMigration *self)
{
  g_return_if_fail (VIREO_IS_MIGRATION (self));

  if (self->task == NULL || state_is_final (self->state) ||
      self->state == VIREO_MIGRATION_STATE_POSTCOPY)
    return;
  g_atomic_int_set (&self->cancel_asked, 1);
  ask_abort (self);
}

static void
postcopy_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  VireoMigration *self = source_object;
  virDomainPtr handle = _vireo_domain_ref_handle (self->domain);

  if (handle == NULL || virDomainMigrateStartPostCopy (handle, 0) < 0)
    {
      g_autofree char *what = g_strdup_printf (_("Could not switch the move of “%s” to post-copy"),
                                               vireo_domain_get_name (self->domain));

      g_task_return_error (task, vireo_error_new_from_migration (virGetLastError (), what));
    }
  else
    {
      g_task_return_boolean (task, TRUE);
    }
  virResetLastError ();
  if (handle != NULL)
    virDomainFree (handle);
}

static void
postcopy_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  VireoMigration *self = VIREO_MIGRATION (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("%s", error->message);
      return;
    }
  if (self->task != NULL && !state_is_final (self->state))
    _vireo_migration_set_state (self, VIREO_MIGRATION_STATE_POSTCOPY);
}

gboolean
vireo_migration_switch_to_postcopy (VireoMigration *self,
                                    GError        **error)
{
  g_autoptr(GTask) task = NULL;
  VireoConnection *source;

  g_return_val_if_fail (VIREO_IS_MIGRATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->options.postcopy)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                           _("This move was started without post-copy. Allow post-copy in the advanced options next time."));
      return FALSE;
    }
  if (self->task == NULL || self->state != VIREO_MIGRATION_STATE_MEMORY)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                           _("Post-copy can start only while the memory is being copied."));
      return FALSE;
    }
  source = vireo_domain_get_connection (self->domain);
  if (source == NULL)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                           _("The host the virtual machine is on is not connected."));
      return FALSE;
    }
  task = g_task_new (self, NULL, postcopy_done, NULL);
  g_task_set_source_tag (task, vireo_migration_switch_to_postcopy);
  vireo_connection_run_in_worker (source, task, postcopy_thread);
  return TRUE;
}

/* -- GObject ------------------------------------------------------------------------------- */

static void
vireo_migration_dispose (GObject *object)
{
  VireoMigration *self = VIREO_MIGRATION (object);

  /* a running job holds a reference (run_done's): only a job that never
   * started or has ended gets here */
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_object (&self->destination);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vireo_migration_parent_class)->dispose (object);
}

static void
vireo_migration_finalize (GObject *object)
{
  VireoMigration *self = VIREO_MIGRATION (object);

  vireo_migration_options_clear (&self->options);
  g_clear_pointer (&self->samples, g_array_unref);

  G_OBJECT_CLASS (vireo_migration_parent_class)->finalize (object);
}

static void
vireo_migration_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VireoMigration *self = VIREO_MIGRATION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_migration_class_init (VireoMigrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vireo_migration_dispose;
  object_class->finalize = vireo_migration_finalize;
  object_class->get_property = vireo_migration_get_property;

  /* VireoMigrationState */
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL,
                                             VIREO_MIGRATION_STATE_PREPARING,
                                             VIREO_MIGRATION_STATE_CANCELLED,
                                             VIREO_MIGRATION_STATE_PREPARING, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (const VireoMigrationSample *sample) */
  signals[PROGRESS] = g_signal_new ("progress",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
vireo_migration_init (VireoMigration *self)
{
  self->state = VIREO_MIGRATION_STATE_PREPARING;
  self->samples = g_array_new (FALSE, TRUE, sizeof (VireoMigrationSample));
}
