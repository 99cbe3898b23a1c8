/* vireo-domain-clone.c — cloning a VM: what it holds (its disks, which can be
 * cloned, NVRAM, TPM, a free name) and the clone itself (volumes copied by
 * streaming with progress and cancel, the new definition, NVRAM and TPM
 * state), undone whole when it fails or is cancelled
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clone runs on a thread of its own, not on one of the connection's few
 * workers: copying a disk lasts as long as the disk takes. It counts the
 * bytes copied under a lock; the main loop reads them five times a second
 * for the caller's progress.
 */
#define G_LOG_DOMAIN "vireo-domain"
#define VIREO_DOMAIN_COMPILATION

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-display-text.h"
#include "vireo-domain-clone.h"
#include "vireo-domain-private.h"
#include "vireo-error.h"
#include "vireo-host-resources-private.h"
#include "vireo-install-plan.h"
#include "vireo-uri.h"
#include "vireo-xml.h"

/* a VM with more disks than this is refused */
#define MAX_DISKS         256
#define MAX_SOURCE_LEN    4096
#define CHUNK_SIZE        (256 * 1024)
#define TICK_MS           200
#define SWTPM_SYSTEM_DIR  "/var/lib/libvirt/swtpm"

void
vireo_clone_disk_free (VireoCloneDisk *disk)
{
  if (disk == NULL)
    return;
  g_free (disk->target);
  g_free (disk->device);
  g_free (disk->source);
  g_free (disk->pool);
  g_free (disk->volume);
  g_free (disk->format);
  g_free (disk->clone_name);
  g_free (disk->no_clone_reason);
  g_free (disk);
}

void
vireo_clone_plan_free (VireoClonePlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->name);
  g_free (plan->clone_name);
  g_clear_pointer (&plan->disks, g_ptr_array_unref);
  g_free (plan->nvram);
  g_free (plan->nvram_note);
  g_free (plan->tpm_note);
  g_free (plan);
}

/* libvirt's last message, valid UTF-8 and at most 1 KiB */
static char *
libvirt_message (void)
{
  const char *message = virGetLastErrorMessage ();

  return g_utf8_make_valid (message, strnlen (message, 1024));
}

/* -- the new definition (pure) --------------------------------------------------- */

char *
vireo_domain_clone_build_xml (const char                 *xml,
                              const char                 *new_name,
                              const VireoCloneDiskChoice *choices,
                              const char *const          *new_sources,
                              guint                       n_choices,
                              const char                 *nvram,
                              GError                    **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) disks = NULL;
  g_autoptr(GPtrArray) macs = NULL;
  xmlNode *root, *node;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (new_name != NULL, NULL);

  doc = vireo_xml_parse (xml, "domain", error);
  if (doc == NULL)
    return NULL;
  root = vireo_xml_root (doc);

  node = vireo_xml_child (root, "name");
  if (node == NULL)
    node = vireo_xml_add_child (root, "name", NULL);
  vireo_xml_set_text (node, new_name);
  /* libvirt makes a new UUID and new MAC addresses */
  while ((node = vireo_xml_child (root, "uuid")) != NULL)
    vireo_xml_remove (node);
  macs = vireo_xml_get_nodes (root, "devices/interface/mac");
  for (guint i = 0; macs != NULL && i < macs->len; i++)
    vireo_xml_remove (g_ptr_array_index (macs, i));

  disks = vireo_xml_get_nodes (root, "devices/disk");
  if ((disks != NULL ? disks->len : 0) != n_choices)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("Its disks changed meanwhile. Open Clone again to choose for each of them."));
      return NULL;
    }
  for (guint i = 0; i < n_choices; i++)
    {
      xmlNode *disk = g_ptr_array_index (disks, i);
      xmlNode *source = vireo_xml_child (disk, "source");
      const char *new_source = new_sources != NULL ? new_sources[i] : NULL;

      if (choices[i] == VIREO_CLONE_DISK_LEAVE_OUT)
        {
          vireo_xml_remove (disk);
          continue;
        }
      if (choices[i] != VIREO_CLONE_DISK_CLONE)
        continue;
      if (source == NULL || new_source == NULL)
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                       _("Its disk %u has no storage to copy."), i + 1);
          return NULL;
        }
      if (vireo_xml_has_attr (source, "pool") && vireo_xml_has_attr (source, "volume"))
        {
          const char *slash = strchr (new_source, '/');
          g_autofree char *pool = slash != NULL ? g_strndup (new_source, slash - new_source) : NULL;

          if (pool == NULL)
            {
              g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                           _("Its disk %u names a pool, but its copy has none."), i + 1);
              return NULL;
            }
          vireo_xml_set_attr (source, "pool", pool);
          vireo_xml_set_attr (source, "volume", slash + 1);
        }
      else if (vireo_xml_has_attr (source, "dev"))
        vireo_xml_set_attr (source, "dev", new_source);
      else
        vireo_xml_set_attr (source, "file", new_source);
    }

  node = vireo_xml_get_node (root, "os/nvram");
  if (node != NULL)
    {
      if (nvram != NULL)
        vireo_xml_set_text (node, nvram);
      else
        vireo_xml_remove (node);   /* libvirt makes a new store from the firmware's template */
    }
  return vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY);
}

/* -- names ---------------------------------------------------------------------- */

/* ".qcow2" of "web.qcow2": a short extension of letters and digits, or "" */
static const char *
volume_extension (const char *name)
{
  const char *dot = name != NULL ? strrchr (name, '.') : NULL;
  gsize len;

  if (dot == NULL || dot == name)
    return "";
  len = strlen (dot + 1);
  if (len == 0 || len > 8)
    return "";
  for (const char *p = dot + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return "";
  return dot;
}

char *
vireo_domain_clone_volume_name (const char *vm_name,
                                const char *source_volume)
{
  g_return_val_if_fail (vm_name != NULL, NULL);
  return g_strdup_printf ("%s%s", vm_name, volume_extension (source_volume));
}

static gboolean
strv_has (GPtrArray  *taken,
          const char *name)
{
  for (guint i = 0; taken != NULL && i < taken->len; i++)
    if (g_str_equal (g_ptr_array_index (taken, i), name))
      return TRUE;
  return FALSE;
}

/* "<vm><ext>", else "<vm>-2<ext>"…: a name no volume of @pool has, nor @taken */
static char *
free_volume_name (virStoragePoolPtr pool,
                  const char       *vm_name,
                  const char       *source_volume,
                  GPtrArray        *taken)
{
  const char *ext = volume_extension (source_volume);

  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("%s%s", vm_name, ext)
                                     : g_strdup_printf ("%s-%u%s", vm_name, n, ext);
      virStorageVolPtr vol;

      if (strv_has (taken, name))
        continue;
      vol = pool != NULL ? virStorageVolLookupByName (pool, name) : NULL;
      virResetLastError ();
      if (vol == NULL)
        return g_steal_pointer (&name);
      virStorageVolFree (vol);
    }
  return NULL;
}

static gboolean
domain_name_taken (virConnectPtr conn,
                   const char   *name)
{
  virDomainPtr other = virDomainLookupByName (conn, name);

  virResetLastError ();
  if (other == NULL)
    return FALSE;
  virDomainFree (other);
  return TRUE;
}

/* the swtpm state directory of a VM on this machine, or NULL */
static char *
swtpm_dir (const char *uri,
           const char *uuid)
{
  if (uri == NULL || vireo_uri_is_remote (uri))
    return NULL;
  if (g_str_has_prefix (uri, "qemu:///system"))
    return g_build_filename (SWTPM_SYSTEM_DIR, uuid, NULL);
  if (g_str_has_prefix (uri, "qemu:///session"))
    return g_build_filename (g_get_user_config_dir (), "libvirt", "swtpm", uuid, NULL);
  return NULL;
}

static gboolean
is_local_qemu (const char *uri)
{
  return uri != NULL && !vireo_uri_is_remote (uri) && g_str_has_prefix (uri, "qemu:");
}

/* Vireo runs as a user who may read @path and write into @dir (qemu:///system's
 * files belong to root and libvirt's users) */
static gboolean
can_copy_file (const char *path,
               const char *dir)
{
  return g_access (path, R_OK) == 0 && g_access (dir, W_OK | X_OK) == 0;
}

#define NVRAM_NOT_ALLOWED N_("Its UEFI variables are not copied: Vireo may not read or write the files of this host’s libvirt. The clone’s variables start from the firmware’s defaults.")
#define TPM_NOT_ALLOWED   N_("Its TPM state is not copied: Vireo may not read or write the files of this host’s libvirt. The clone’s TPM starts empty.")

/* -- what the VM holds --------------------------------------------------------- */

typedef struct
{
  virDomainPtr handle;   /* owned */
  char        *uri;
} PlanData;

static void
plan_data_free (gpointer ptr)
{
  PlanData *data = ptr;

  if (data->handle != NULL)
    virDomainFree (data->handle);
  g_free (data->uri);
  g_free (data);
}

/* one <disk> as the plan shows it; @pool_handle: its pool, when it is a volume */
static VireoCloneDisk *
read_disk (virConnectPtr conn,
           xmlNode      *disk)
{
  g_autoptr(VireoCloneDisk) out = g_new0 (VireoCloneDisk, 1);
  xmlNode *source = vireo_xml_child (disk, "source");
  g_autofree char *pool = vireo_xml_attr (source, "pool");
  g_autofree char *vol = vireo_xml_attr (source, "volume");
  g_autofree char *file = vireo_xml_attr (source, "file");
  g_autofree char *dev = vireo_xml_attr (source, "dev");
  gboolean readonly = vireo_xml_child (disk, "readonly") != NULL;
  VireoVolumeFacts *facts = NULL;

  out->device = vireo_xml_attr (disk, "device");
  if (out->device == NULL)
    out->device = g_strdup ("disk");
  out->target = vireo_xml_get_string (disk, "target/@dev");
  out->shareable = vireo_xml_child (disk, "shareable") != NULL;
  out->readonly = readonly || g_str_equal (out->device, "cdrom") || g_str_equal (out->device, "floppy");
  if (pool != NULL && vol != NULL)
    out->source = g_strdup_printf ("%s/%s", pool, vol);
  else
    out->source = g_strdup (file != NULL ? file : dev);
  if (out->source != NULL && (strlen (out->source) > MAX_SOURCE_LEN || *out->source == '\0'))
    g_clear_pointer (&out->source, g_free);

  if (out->source != NULL)
    facts = vireo_host_resources_lookup_volume (conn, out->source);
  if (facts != NULL)
    {
      out->pool = g_strdup (facts->pool);
      out->volume = g_strdup (facts->name);
      out->format = g_strdup (facts->format);
      out->allocation = facts->allocation;
      vireo_volume_facts_free (facts);
    }

  if (out->source == NULL)
    out->no_clone_reason = g_strdup (_("It has no storage: the clone gets the same empty drive."));
  else if (g_str_equal (out->device, "cdrom") || g_str_equal (out->device, "floppy") || readonly)
    out->no_clone_reason = g_strdup (_("It is read-only: both virtual machines can use it."));
  else if (g_str_equal (out->device, "lun"))
    out->no_clone_reason = g_strdup (_("It is a host device passed through: it cannot be copied."));
  else if (out->pool == NULL || out->volume == NULL)
    out->no_clone_reason = g_strdup (_("It is not a volume of a storage pool: Vireo copies only volumes. Share it or leave it out."));
  out->can_clone = out->no_clone_reason == NULL;
  out->suggested = out->can_clone && !out->shareable ? VIREO_CLONE_DISK_CLONE
                                                     : VIREO_CLONE_DISK_SHARE;
  return g_steal_pointer (&out);
}

/* the disks of @root, or NULL with @error when there are too many */
static GPtrArray *
read_disks (virConnectPtr conn,
            xmlNode      *root,
            const char   *what,
            GError      **error)
{
  g_autoptr(GPtrArray) nodes = vireo_xml_get_nodes (root, "devices/disk");
  g_autoptr(GPtrArray) disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_clone_disk_free);

  if (nodes != NULL && nodes->len > MAX_DISKS)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("%s: it has more than %u disks."), what, MAX_DISKS);
      return NULL;
    }
  for (guint i = 0; nodes != NULL && i < nodes->len; i++)
    g_ptr_array_add (disks, read_disk (conn, g_ptr_array_index (nodes, i)));
  return g_steal_pointer (&disks);
}

/* the clones' volume names for @vm_name */
static void
name_volumes (virConnectPtr conn,
              GPtrArray    *disks,
              const char   *vm_name)
{
  g_autoptr(GPtrArray) taken = g_ptr_array_new ();

  for (guint i = 0; i < disks->len; i++)
    {
      VireoCloneDisk *disk = g_ptr_array_index (disks, i);
      virStoragePoolPtr pool;

      if (!disk->can_clone)
        continue;
      pool = virStoragePoolLookupByName (conn, disk->pool);
      g_free (disk->clone_name);
      disk->clone_name = free_volume_name (pool, vm_name, disk->volume, taken);
      if (disk->clone_name != NULL)
        g_ptr_array_add (taken, disk->clone_name);
      if (pool != NULL)
        virStoragePoolFree (pool);
      virResetLastError ();
    }
}

static char *
read_inactive_xml (virDomainPtr handle)
{
  gboolean persistent = virDomainIsPersistent (handle) == 1;

  return virDomainGetXMLDesc (handle, persistent ? VIR_DOMAIN_XML_INACTIVE : 0);
}

static void
plan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PlanData *data = task_data;
  virConnectPtr conn = virDomainGetConnect (data->handle);
  g_autofree char *name = g_strdup (virDomainGetName (data->handle));
  g_autofree char *shown = vireo_display_name_isolate (name);
  g_autofree char *what = g_strdup_printf (_("Could not prepare the clone of “%s”"), shown);
  g_autoptr(VireoClonePlan) plan = g_new0 (VireoClonePlan, 1);
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GError) error = NULL;
  char uuid[VIR_UUID_STRING_BUFLEN] = "";
  int state = 0, reason = 0;
  char *xml;

  xml = read_inactive_xml (data->handle);
  if (xml == NULL || conn == NULL || virDomainGetUUIDString (data->handle, uuid) < 0 ||
      virDomainGetState (data->handle, &state, &reason, 0) < 0)
    {
      free (xml);
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return;
    }
  doc = vireo_xml_parse (xml, "domain", &error);
  free (xml);
  if (doc == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED, "%s: %s", what,
                               error->message);
      return;
    }

  plan->name = g_strdup (name);
  plan->active = state != VIR_DOMAIN_SHUTOFF && state != VIR_DOMAIN_NOSTATE;
  plan->paused = state == VIR_DOMAIN_PAUSED;
  /* "<name>-clone", else "<name>-clone-2"…, valid and free on the host */
  for (guint n = 1; n < 1000 && plan->clone_name == NULL; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup_printf ("%s-clone", name)
                                          : g_strdup_printf ("%s-clone-%u", name, n);

      if (!domain_name_taken (conn, candidate))
        plan->clone_name = g_steal_pointer (&candidate);
    }
  plan->disks = read_disks (conn, vireo_xml_root (doc), what, &error);
  if (plan->disks == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (plan->clone_name != NULL)
    name_volumes (conn, plan->disks, plan->clone_name);

  plan->nvram = vireo_xml_get_string (vireo_xml_root (doc), "os/nvram");
  if (plan->nvram != NULL && (*g_strstrip (plan->nvram) == '\0' || strlen (plan->nvram) > MAX_SOURCE_LEN))
    g_clear_pointer (&plan->nvram, g_free);
  if (plan->nvram != NULL)
    {
      VireoVolumeFacts *facts = vireo_host_resources_lookup_volume (conn, plan->nvram);
      g_autofree char *dir = g_path_get_dirname (plan->nvram);

      if (facts == NULL && is_local_qemu (data->uri) &&
          g_file_test (plan->nvram, G_FILE_TEST_IS_REGULAR) && !can_copy_file (plan->nvram, dir))
        plan->nvram_note = g_strdup (_(NVRAM_NOT_ALLOWED));
      else if (facts != NULL || (is_local_qemu (data->uri) && g_file_test (plan->nvram, G_FILE_TEST_IS_REGULAR)))
        plan->nvram_note = g_strdup (_("Its UEFI variables are copied."));
      else if (is_local_qemu (data->uri))
        plan->nvram_note = g_strdup (_("Its UEFI variables have not been saved yet: the clone’s variables start from the firmware’s defaults."));
      else
        plan->nvram_note = g_strdup (_("The clone’s UEFI variables start from the firmware’s defaults: Vireo copies them only for QEMU on this computer."));
      vireo_volume_facts_free (facts);
    }
  plan->tpm = vireo_xml_get_node (vireo_xml_root (doc),
                                  "devices/tpm/backend[@type='emulator']") != NULL;
  if (plan->tpm)
    {
      g_autofree char *dir = swtpm_dir (data->uri, uuid);

      g_autofree char *parent = dir != NULL ? g_path_get_dirname (dir) : NULL;

      if (dir != NULL && g_file_test (dir, G_FILE_TEST_IS_DIR) && !can_copy_file (dir, parent))
        plan->tpm_note = g_strdup (_(TPM_NOT_ALLOWED));
      else if (dir != NULL && g_file_test (dir, G_FILE_TEST_IS_DIR))
        plan->tpm_note = g_strdup (_("Its TPM state is copied."));
      else if (dir != NULL)
        plan->tpm_note = g_strdup (_("Its TPM has no state yet: the clone’s TPM starts empty."));
      else
        plan->tpm_note = g_strdup (_("The clone’s TPM starts empty: Vireo copies its state only for QEMU on this computer."));
    }
  virResetLastError ();
  g_task_return_pointer (task, g_steal_pointer (&plan), (GDestroyNotify) vireo_clone_plan_free);
}

void
vireo_domain_clone_plan_async (VireoDomain        *self,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *what = NULL;
  PlanData *data;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_domain_clone_plan_async);
  what = g_strdup_printf (_("Could not prepare the clone of “%s”"), self->name);
  if (!_vireo_domain_check_writable (self, task, what))
    return;
  data = g_new0 (PlanData, 1);
  virDomainRef (self->handle);
  data->handle = self->handle;
  data->uri = g_strdup (vireo_connection_get_uri (self->connection));
  g_task_set_task_data (task, data, plan_data_free);
  vireo_connection_run_in_worker (self->connection, task, plan_thread);
}

VireoClonePlan *
vireo_domain_clone_plan_finish (VireoDomain  *self,
                                GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- the clone ------------------------------------------------------------------ */

typedef struct
{
  virDomainPtr                  handle;       /* owned */
  char                         *uri;
  char                         *new_name;
  VireoCloneDiskChoice         *choices;
  guint                         n_choices;
  VireoDomainCloneFlags         flags;
  guint64                       rate_limit;
  GCancellable                 *cancellable;  /* the caller's, or NULL */

  GMutex                        lock;
  guint64                       copied;       /* under @lock */
  guint64                       total;        /* under @lock */

  /* main thread */
  VireoDomain                  *domain;       /* owned */
  GTask                        *outer;
  VireoDomainCloneProgressFunc  progress;
  gpointer                      progress_data;
  guint                         tick_id;
  guint64                       shown;

  /* what the clone made, undone when it fails (clone thread) */
  GPtrArray                    *made_volumes; /* of virStorageVolPtr */
  char                         *made_file;
  char                         *made_dir;
  virDomainPtr                  made_domain;
} CloneJob;

static void
clone_job_free (gpointer ptr)
{
  CloneJob *job = ptr;

  g_clear_handle_id (&job->tick_id, g_source_remove);
  if (job->handle != NULL)
    virDomainFree (job->handle);
  if (job->made_domain != NULL)
    virDomainFree (job->made_domain);
  g_clear_pointer (&job->made_volumes, g_ptr_array_unref);
  g_free (job->made_file);
  g_free (job->made_dir);
  g_free (job->uri);
  g_free (job->new_name);
  g_free (job->choices);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->outer);
  g_clear_object (&job->domain);
  g_mutex_clear (&job->lock);
  g_free (job);
}

static void
volume_unref (gpointer vol)
{
  virStorageVolFree (vol);
}

static void
add_copied (CloneJob *job,
            guint64   bytes)
{
  g_mutex_lock (&job->lock);
  job->copied += bytes;
  g_mutex_unlock (&job->lock);
}

static gboolean
cancelled (CloneJob *job)
{
  return job->cancellable != NULL && g_cancellable_is_cancelled (job->cancellable);
}

static void
set_cancelled (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
}

/* waits until @position bytes are due at @rate_limit since @start; FALSE when cancelled */
static gboolean
throttle (CloneJob *job,
          gint64    start,
          guint64   position)
{
  if (job->rate_limit == 0)
    return !cancelled (job);
  for (;;)
    {
      gint64 due = start + (gint64) ((double) position / (double) job->rate_limit * G_USEC_PER_SEC);
      gint64 now = g_get_monotonic_time ();

      if (cancelled (job))
        return FALSE;
      if (now >= due)
        return TRUE;
      g_usleep (MIN (due - now, 50 * 1000));
    }
}

static gboolean
is_disk_full (const char *message)
{
  return message != NULL && (strstr (message, "No space left on device") != NULL ||
                             strstr (message, g_strerror (ENOSPC)) != NULL);
}

/* @what's sentence for a copy into @pool_name that failed with libvirt's last error */
static void
set_copy_error (GError    **error,
                const char *what,
                const char *pool_name,
                const char *volume)
{
  g_autofree char *message = libvirt_message ();
  g_autofree char *pool_shown = vireo_display_name_isolate (pool_name);
  g_autofree char *vol_shown = vireo_display_name_isolate (volume);

  if (is_disk_full (message))
    g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                 _("%s: the pool “%s” ran out of room while “%s” was copied. Nothing was kept. "
                   "Free space in the pool, or share or leave out some disks, and try again."),
                 what, pool_shown, vol_shown);
  else
    *error = vireo_error_new_from_libvirt (what);
}

static char *
volume_xml (const char *name,
            const char *format,
            guint64     capacity,
            guint64     allocation)
{
  g_autoptr(xmlDoc) doc = vireo_xml_new_document ("volume");
  xmlNode *root = vireo_xml_root (doc);
  g_autofree char *cap = g_strdup_printf ("%" G_GUINT64_FORMAT, capacity);
  g_autofree char *alloc = g_strdup_printf ("%" G_GUINT64_FORMAT, allocation);
  xmlNode *node;

  vireo_xml_add_child (root, "name", name);
  node = vireo_xml_add_child (root, "capacity", cap);
  vireo_xml_set_attr (node, "unit", "bytes");
  node = vireo_xml_add_child (root, "allocation", alloc);
  vireo_xml_set_attr (node, "unit", "bytes");
  if (format != NULL)
    {
      node = vireo_xml_ensure_path (root, "target/format");
      vireo_xml_set_attr (node, "type", format);
    }
  return vireo_xml_serialize (doc, VIREO_XML_FORMAT_NO_DECLARATION);
}

static gboolean
pump (CloneJob     *job,
      virStreamPtr  in,
      virStreamPtr  out,
      char         *buf)
{
  gint64 start = g_get_monotonic_time ();
  guint64 position = 0;

  for (;;)
    {
      int n;

      if (!throttle (job, start, position))
        return FALSE;
      n = virStreamRecvFlags (in, buf, CHUNK_SIZE, VIR_STREAM_RECV_STOP_AT_HOLE);
      if (n == -3)
        {
          long long hole = 0;

          if (virStreamRecvHole (in, &hole, 0) < 0 || hole < 0 ||
              virStreamSendHole (out, hole, 0) < 0)
            return FALSE;
          position += hole;
          add_copied (job, hole);
        }
      else if (n > 0)
        {
          for (int off = 0; off < n;)
            {
              int w = virStreamSend (out, buf + off, n - off);

              if (w < 0)
                return FALSE;
              off += w;
            }
          position += n;
          add_copied (job, n);
        }
      else if (n == 0)
        return TRUE;
      else
        return FALSE;
    }
}

/* a new volume @name in @pool with @src's content; added to job->made_volumes */
static virStorageVolPtr
copy_volume (CloneJob          *job,
             virConnectPtr      conn,
             virStoragePoolPtr  pool,
             virStorageVolPtr   src,
             const char        *name,
             const char        *format,
             guint64            length,
             const char        *what,
             GError           **error)
{
  const char *pool_name = virStoragePoolGetName (pool);
  virStreamPtr in = NULL, out = NULL;
  virStorageVolPtr dst = NULL;
  virStorageVolInfo info = { 0 };
  g_autofree char *buf = NULL;
  g_autofree char *xml = NULL;
  gboolean sparse = TRUE;
  gboolean downloading = FALSE;
  gboolean ok;

  if (virStorageVolGetInfoFlags (src, &info, VIR_STORAGE_VOL_GET_PHYSICAL) < 0 &&
      virStorageVolGetInfo (src, &info) < 0)
    {
      set_copy_error (error, what, pool_name, name);
      return NULL;
    }
  in = virStreamNew (conn, 0);
  if (in != NULL)
    downloading = virStorageVolDownload (src, in, 0, 0, VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM) == 0;
  if (in != NULL && !downloading && virGetLastErrorCode () != VIR_ERR_NO_SUPPORT)
    {
      /* a volume whose holes libvirt cannot tell (a block device): every byte */
      virStreamFree (in);
      sparse = FALSE;
      in = virStreamNew (conn, 0);
      if (in != NULL)
        downloading = virStorageVolDownload (src, in, 0, 0, 0) == 0;
    }
  if (!downloading)
    {
      int code = virGetLastErrorCode ();
      virStorageVolInfo src_info = { 0 };
      gint64 start = g_get_monotonic_time ();

      if (in != NULL)
        virStreamFree (in);
      if (code != VIR_ERR_NO_SUPPORT)
        {
          set_copy_error (error, what, pool_name, name);
          return NULL;
        }
      /* a driver without streams: one call, no progress within the volume */
      virResetLastError ();
      virStorageVolGetInfo (src, &src_info);
      g_free (xml);
      xml = volume_xml (name, format, src_info.capacity, src_info.allocation);
      dst = virStorageVolCreateXMLFrom (pool, xml, src, 0);
      if (dst == NULL)
        {
          set_copy_error (error, what, pool_name, name);
          return NULL;
        }
      g_ptr_array_add (job->made_volumes, dst);
      add_copied (job, length);
      /* the rate limit holds here too: the copy counts as done when due */
      if (!throttle (job, start, length))
        {
          set_cancelled (error);
          return NULL;
        }
      return dst;
    }

  /* the bytes as they are, into a raw volume of their size: a qcow2's
   * container comes across whole, and the pool sees its format on refresh */
  xml = volume_xml (name, "raw", info.allocation, 0);
  dst = virStorageVolCreateXML (pool, xml, 0);
  if (dst == NULL)
    {
      set_copy_error (error, what, pool_name, name);
      virStreamAbort (in);
      virStreamFree (in);
      return NULL;
    }
  g_ptr_array_add (job->made_volumes, dst);
  out = virStreamNew (conn, 0);
  if (out == NULL ||
      virStorageVolUpload (dst, out, 0, info.allocation,
                           sparse ? VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM : 0) < 0)
    {
      set_copy_error (error, what, pool_name, name);
      virStreamAbort (in);
      virStreamFree (in);
      if (out != NULL)
        virStreamFree (out);
      return NULL;
    }

  buf = g_malloc (CHUNK_SIZE);
  ok = pump (job, in, out, buf);
  if (ok)
    ok = virStreamFinish (in) == 0 && virStreamFinish (out) == 0;
  if (!ok)
    {
      if (cancelled (job))
        set_cancelled (error);
      else
        set_copy_error (error, what, pool_name, name);
      virStreamAbort (in);
      virStreamAbort (out);
    }
  virStreamFree (in);
  virStreamFree (out);
  virResetLastError ();
  return ok ? dst : NULL;
}

/* removes what the clone made: its definition, volumes, NVRAM file, TPM state */
static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
undo (CloneJob *job)
{
  if (job->made_domain != NULL)
    {
      guint used = 0;

      _vireo_domain_undefine (job->made_domain, VIR_DOMAIN_UNDEFINE_KEEP_NVRAM |
                                                VIR_DOMAIN_UNDEFINE_KEEP_TPM, &used);
      g_clear_pointer (&job->made_domain, virDomainFree);
    }
  for (guint i = 0; i < job->made_volumes->len; i++)
    {
      virStorageVolPtr vol = g_ptr_array_index (job->made_volumes, i);

      if (virStorageVolDelete (vol, 0) < 0)
        g_warning ("could not remove the clone's volume %s: %s",
                   virStorageVolGetName (vol), virGetLastErrorMessage ());
    }
  g_ptr_array_set_size (job->made_volumes, 0);
  if (job->made_file != NULL)
    g_unlink (job->made_file);
  if (job->made_dir != NULL)
    remove_dir (job->made_dir);
  g_clear_pointer (&job->made_file, g_free);
  g_clear_pointer (&job->made_dir, g_free);
  virResetLastError ();
}

/* copies the UEFI variable store at @path; the copy's path, or NULL (left to
 * libvirt's template, said in @notes) */
static gboolean
copy_nvram (CloneJob      *job,
            virConnectPtr  conn,
            const char    *path,
            const char    *what,
            char         **new_path,
            GPtrArray     *notes,
            GError       **error)
{
  VireoVolumeFacts *facts = vireo_host_resources_lookup_volume (conn, path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_strdup_printf ("%s_VARS.fd", job->new_name);

  *new_path = NULL;
  if (facts != NULL)
    {
      virStoragePoolPtr pool = virStoragePoolLookupByName (conn, facts->pool);
      virStorageVolPtr src = pool != NULL ? virStorageVolLookupByName (pool, facts->name) : NULL;
      g_autofree char *name = NULL;
      virStorageVolPtr dst = NULL;

      vireo_volume_facts_free (facts);
      if (src != NULL)
        {
          virStorageVolInfo info = { 0 };

          name = g_strdup_printf ("%s_VARS.fd", job->new_name);
          virStorageVolGetInfo (src, &info);
          dst = copy_volume (job, conn, pool, src, name, NULL, info.allocation, what, error);
          virStorageVolFree (src);
        }
      else
        *error = vireo_error_new_from_libvirt (what);
      if (pool != NULL)
        virStoragePoolFree (pool);
      if (dst == NULL)
        return FALSE;
      *new_path = virStorageVolGetPath (dst);
      return *new_path != NULL;
    }
  if (is_local_qemu (job->uri) && g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
      !can_copy_file (path, dir))
    {
      g_ptr_array_add (notes, g_strdup (_(NVRAM_NOT_ALLOWED)));
      return TRUE;
    }
  if (is_local_qemu (job->uri) && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GFile) from = g_file_new_for_path (path);
      g_autofree char *to_path = g_build_filename (dir, base, NULL);
      g_autoptr(GFile) to = g_file_new_for_path (to_path);
      g_autoptr(GError) local = NULL;

      if (!g_file_copy (from, to, G_FILE_COPY_ALL_METADATA, job->cancellable, NULL, NULL, &local))
        {
          g_autofree char *to_shown = vireo_display_name_isolate (to_path);

          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            set_cancelled (error);
          else
            g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                         _("%s: its UEFI variables could not be copied to “%s”: %s."),
                         what, to_shown, local->message);
          return FALSE;
        }
      job->made_file = g_strdup (to_path);
      *new_path = g_steal_pointer (&to_path);
      return TRUE;
    }
  if (is_local_qemu (job->uri))
    g_ptr_array_add (notes, g_strdup (_("Its UEFI variables had not been saved yet: the clone’s variables start from the firmware’s defaults.")));
  else
    g_ptr_array_add (notes, g_strdup (_("The clone’s UEFI variables start from the firmware’s defaults: Vireo copies them only for QEMU on this computer.")));
  return TRUE;
}

/* copies the swtpm state of @uuid for the new VM */
static gboolean
copy_tpm (CloneJob     *job,
          const char   *uuid,
          const char   *what,
          GPtrArray    *notes,
          GError      **error)
{
  char new_uuid[VIR_UUID_STRING_BUFLEN] = "";
  g_autofree char *from = swtpm_dir (job->uri, uuid);
  g_autofree char *to = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "cp", "-a", "--", NULL, NULL, NULL };
  int status = 0;

  if (from == NULL)
    {
      g_ptr_array_add (notes, g_strdup (_("The clone’s TPM starts empty: Vireo copies its state only for QEMU on this computer.")));
      return TRUE;
    }
  if (!g_file_test (from, G_FILE_TEST_IS_DIR))
    return TRUE;   /* never started: no state to copy */
  {
    g_autofree char *parent = g_path_get_dirname (from);

    if (!can_copy_file (from, parent))
      {
        g_ptr_array_add (notes, g_strdup (_(TPM_NOT_ALLOWED)));
        return TRUE;
      }
  }
  if (virDomainGetUUIDString (job->made_domain, new_uuid) < 0)
    {
      *error = vireo_error_new_from_libvirt (what);
      return FALSE;
    }
  to = swtpm_dir (job->uri, new_uuid);
  if (g_file_test (to, G_FILE_TEST_EXISTS))
    remove_dir (to);   /* a left-over of a VM that had this UUID */
  argv[3] = from;
  argv[4] = to;
  job->made_dir = g_strdup (to);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("%s: its TPM state could not be copied: %s"), what,
                   err != NULL && *err != '\0' ? g_strstrip (err) : _("the copy failed"));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  VireoCloneDisk   *disk;
  virStoragePoolPtr pool;
  virStorageVolPtr  src;
  guint64           length;   /* the bytes a stream carries: the volume's physical size */
} CopyItem;

static void
copy_item_free (gpointer ptr)
{
  CopyItem *item = ptr;

  if (item->src != NULL)
    virStorageVolFree (item->src);
  if (item->pool != NULL)
    virStoragePoolFree (item->pool);
  g_free (item);
}

/* FALSE (@error) when a pool has less room than its new volumes need */
static gboolean
check_room (GPtrArray  *items,
            const char *what,
            GError    **error)
{
  for (guint i = 0; i < items->len; i++)
    {
      CopyItem *item = g_ptr_array_index (items, i);
      virStoragePoolInfo info;
      guint64 needed = 0;
      gint64 free_bytes;
      gboolean first = TRUE;

      for (guint j = 0; j < items->len; j++)
        {
          CopyItem *other = g_ptr_array_index (items, j);

          if (g_str_equal (other->disk->pool, item->disk->pool))
            {
              first = first && j >= i;
              needed += other->disk->allocation;
            }
        }
      if (!first)
        continue;   /* counted with the pool's first disk */
      virStoragePoolRefresh (item->pool, 0);
      if (virStoragePoolGetInfo (item->pool, &info) < 0)
        continue;
      free_bytes = vireo_host_resources_pool_free_bytes (&info);
      if (free_bytes >= 0 && (guint64) free_bytes < needed)
        {
          g_autofree char *pool_shown = vireo_display_name_isolate (item->disk->pool);
          g_autofree char *free_text = g_format_size ((guint64) free_bytes);
          g_autofree char *needed_text = g_format_size (needed);

          g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                       _("%s: the pool “%s” has %s free and the copies need %s. "
                         "Free space in the pool, or share or leave out some disks."),
                       what, pool_shown, free_text, needed_text);
          virResetLastError ();
          return FALSE;
        }
    }
  virResetLastError ();
  return TRUE;
}

static GPtrArray *
clone_steps (CloneJob   *job,
             const char *what,
             GError    **error)
{
  virConnectPtr conn = virDomainGetConnect (job->handle);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) disks = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (copy_item_free);
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) new_sources = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *xml = NULL;
  g_autofree char *new_xml = NULL;
  g_autofree char *nvram = NULL;
  g_autofree char *new_nvram = NULL;
  char uuid[VIR_UUID_STRING_BUFLEN] = "";
  gboolean tpm;
  char *raw;

  raw = read_inactive_xml (job->handle);
  if (raw == NULL || conn == NULL || virDomainGetUUIDString (job->handle, uuid) < 0)
    {
      free (raw);
      *error = vireo_error_new_from_libvirt (what);
      return NULL;
    }
  xml = g_strdup (raw);
  free (raw);
  doc = vireo_xml_parse (xml, "domain", &local);
  if (doc == NULL)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED, "%s: %s", what, local->message);
      return NULL;
    }
  disks = read_disks (conn, vireo_xml_root (doc), what, error);
  if (disks == NULL)
    return NULL;
  if (disks->len != job->n_choices)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("%s: its disks changed meanwhile. Open Clone again to choose for each of them."),
                   what);
      return NULL;
    }
  name_volumes (conn, disks, job->new_name);
  g_ptr_array_set_size (new_sources, job->n_choices);

  /* each disk to copy, its pool and volume; the room they need */
  for (guint i = 0; i < disks->len; i++)
    {
      VireoCloneDisk *disk = g_ptr_array_index (disks, i);
      CopyItem *item;

      if (job->choices[i] != VIREO_CLONE_DISK_CLONE)
        continue;
      if (!disk->can_clone || disk->clone_name == NULL)
        {
          g_autofree char *source = vireo_display_name_isolate (disk->source != NULL ? disk->source
                                                                                       : disk->target);

          g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED, _("%s: “%s” cannot be copied. %s"),
                       what, source != NULL ? source : "",
                       disk->no_clone_reason != NULL ? disk->no_clone_reason : "");
          return NULL;
        }
      item = g_new0 (CopyItem, 1);
      item->disk = disk;
      g_ptr_array_add (items, item);
      item->pool = virStoragePoolLookupByName (conn, disk->pool);
      item->src = item->pool != NULL ? virStorageVolLookupByName (item->pool, disk->volume) : NULL;
      if (item->src == NULL)
        {
          *error = vireo_error_new_from_libvirt (what);
          return NULL;
        }
      {
        virStorageVolInfo info = { 0 };

        if (virStorageVolGetInfoFlags (item->src, &info, VIR_STORAGE_VOL_GET_PHYSICAL) < 0)
          virStorageVolGetInfo (item->src, &info);
        item->length = info.allocation;
        virResetLastError ();
      }
      g_mutex_lock (&job->lock);
      job->total += item->length;
      g_mutex_unlock (&job->lock);
    }
  if (!check_room (items, what, error))
    return NULL;

  for (guint i = 0; i < items->len; i++)
    {
      CopyItem *item = g_ptr_array_index (items, i);
      virStorageVolPtr dst;
      guint index;

      if (cancelled (job))
        {
          set_cancelled (error);
          return NULL;
        }
      g_ptr_array_find (disks, item->disk, &index);
      dst = copy_volume (job, conn, item->pool, item->src, item->disk->clone_name,
                         item->disk->format, item->length, what, error);
      if (dst == NULL)
        return NULL;
      if (strchr (item->disk->source, '/') != NULL && *item->disk->source != '/')
        g_ptr_array_index (new_sources, index) = g_strdup_printf ("%s/%s", item->disk->pool, item->disk->clone_name);
      else
        g_ptr_array_index (new_sources, index) = virStorageVolGetPath (dst);
      if (g_ptr_array_index (new_sources, index) == NULL)
        {
          *error = vireo_error_new_from_libvirt (what);
          return NULL;
        }
      virStoragePoolRefresh (item->pool, 0);
      virResetLastError ();
    }

  nvram = vireo_xml_get_string (vireo_xml_root (doc), "os/nvram");
  if (nvram != NULL && *g_strstrip (nvram) != '\0' && strlen (nvram) <= MAX_SOURCE_LEN &&
      !copy_nvram (job, conn, nvram, what, &new_nvram, notes, error))
    return NULL;

  /* @new_sources has NULLs: it is read per index, not as a string vector */
  new_xml = vireo_domain_clone_build_xml (xml, job->new_name, job->choices,
                                          (const char *const *) new_sources->pdata, job->n_choices,
                                          new_nvram, &local);
  if (new_xml == NULL)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED, "%s: %s", what, local->message);
      return NULL;
    }
  if (cancelled (job))
    {
      set_cancelled (error);
      return NULL;
    }
  if (domain_name_taken (conn, job->new_name))
    {
      g_autofree char *name_shown = vireo_display_name_isolate (job->new_name);

      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("%s: another virtual machine on this host is called “%s”. Choose another name."),
                   what, name_shown);
      return NULL;
    }
  job->made_domain = virDomainDefineXML (conn, new_xml);
  if (job->made_domain == NULL)
    {
      *error = vireo_error_new_from_libvirt (what);
      return NULL;
    }

  tpm = vireo_xml_get_node (vireo_xml_root (doc), "devices/tpm/backend[@type='emulator']") != NULL;
  if (tpm && !copy_tpm (job, uuid, what, notes, error))
    return NULL;
  return g_steal_pointer (&notes);
}

static void
clone_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CloneJob *job = task_data;
  virConnectPtr conn = virDomainGetConnect (job->handle);
  g_autofree char *name = g_strdup (virDomainGetName (job->handle));
  g_autofree char *shown = vireo_display_name_isolate (name);
  g_autofree char *new_shown = vireo_display_name_isolate (job->new_name);
  g_autofree char *what = g_strdup_printf (_("Could not clone “%s”"), shown);
  g_autoptr(GPtrArray) notes = NULL;
  GError *error = NULL;
  gboolean paused_here = FALSE;
  int state = 0, reason = 0;

  if (conn == NULL || virDomainGetState (job->handle, &state, &reason, 0) < 0)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return;
    }
  if (domain_name_taken (conn, job->new_name))
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("%s: another virtual machine on this host is called “%s”. Choose another name."),
                               what, new_shown);
      return;
    }
  if (state != VIR_DOMAIN_SHUTOFF && state != VIR_DOMAIN_NOSTATE)
    {
      if (!(job->flags & VIREO_DOMAIN_CLONE_PAUSE))
        {
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                                   _("%s: it is running, and its disks change while they are copied. "
                                     "Choose “Pause while cloning”, or shut it down first."),
                                   what);
          return;
        }
      if (state != VIR_DOMAIN_PAUSED)
        {
          if (virDomainSuspend (job->handle) < 0)
            {
              g_task_return_error (task, vireo_error_new_from_libvirt (what));
              virResetLastError ();
              return;
            }
          paused_here = TRUE;
        }
    }

  notes = clone_steps (job, what, &error);
  if (notes == NULL)
    undo (job);
  /* resumed whatever happened: it was running before */
  if (paused_here && virDomainResume (job->handle) < 0)
    {
      g_autofree char *message = libvirt_message ();

      if (notes != NULL)
        g_ptr_array_add (notes, g_strdup_printf (_("“%s” stayed paused: %s. Resume it yourself."),
                                                 shown, message));
      else
        g_prefix_error (&error, _("“%s” stayed paused (%s). Resume it yourself. "), shown, message);
    }
  virResetLastError ();
  if (notes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&notes), (GDestroyNotify) g_ptr_array_unref);
}

static gboolean
clone_tick (gpointer user_data)
{
  CloneJob *job = user_data;
  guint64 copied, total;

  g_mutex_lock (&job->lock);
  copied = job->copied;
  total = job->total;
  g_mutex_unlock (&job->lock);
  if (copied != job->shown && job->progress != NULL)
    {
      job->shown = copied;
      job->progress (copied, MAX (total, copied), job->progress_data);
    }
  return G_SOURCE_CONTINUE;
}

static void
clone_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  VireoDomain *self = VIREO_DOMAIN (object);
  CloneJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GTask) outer = g_steal_pointer (&job->outer);
  GError *error = NULL;
  GPtrArray *notes;

  g_clear_handle_id (&job->tick_id, g_source_remove);
  clone_tick (job);
  notes = g_task_propagate_pointer (G_TASK (result), &error);
  vireo_domain_refresh (self);
  if (error != NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, notes, (GDestroyNotify) g_ptr_array_unref);
}

/* another VM of @connection's list is called @name (main thread) */
static gboolean
name_in_list (VireoConnection *connection,
              const char      *name)
{
  GListModel *domains = connection != NULL ? vireo_connection_get_domains (connection) : NULL;
  guint n = domains != NULL ? g_list_model_get_n_items (domains) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoDomain) other = g_list_model_get_item (domains, i);

      if (!vireo_domain_get_removed (other) && g_strcmp0 (vireo_domain_get_name (other), name) == 0)
        return TRUE;
    }
  return FALSE;
}

void
vireo_domain_clone_async (VireoDomain                  *self,
                          const char                   *new_name,
                          const VireoCloneDiskChoice   *choices,
                          guint                         n_choices,
                          VireoDomainCloneFlags         flags,
                          guint64                       rate_limit,
                          VireoDomainCloneProgressFunc  progress,
                          gpointer                      progress_data,
                          GCancellable                 *cancellable,
                          GAsyncReadyCallback           callback,
                          gpointer                      user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *what = NULL;
  CloneJob *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (n_choices == 0 || choices != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_clone_async);
  shown = vireo_display_name_isolate (self->name);
  what = g_strdup_printf (_("Could not clone “%s”"), shown);
  if (!_vireo_domain_check_writable (self, outer, what))
    return;
  if (!vireo_install_plan_validate_name (new_name, &error))
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_FAILED, "%s: %s", what,
                               error->message);
      return;
    }
  if (name_in_list (self->connection, new_name))
    {
      g_autofree char *name_shown = vireo_display_name_isolate (new_name);

      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("%s: another virtual machine on this host is called “%s”. Choose another name."),
                               what, name_shown);
      return;
    }
  if (self->state != VIREO_DOMAIN_STATE_SHUTOFF && !(flags & VIREO_DOMAIN_CLONE_PAUSE))
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               _("%s: it is running, and its disks change while they are copied. "
                                 "Choose “Pause while cloning”, or shut it down first."),
                               what);
      return;
    }

  job = g_new0 (CloneJob, 1);
  g_mutex_init (&job->lock);
  virDomainRef (self->handle);
  job->handle = self->handle;
  job->uri = g_strdup (vireo_connection_get_uri (self->connection));
  job->new_name = g_strdup (new_name);
  job->choices = g_memdup2 (choices, sizeof (VireoCloneDiskChoice) * MAX (n_choices, 1));
  job->n_choices = n_choices;
  job->flags = flags;
  job->rate_limit = rate_limit;
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->made_volumes = g_ptr_array_new_with_free_func (volume_unref);
  job->domain = g_object_ref (self);
  job->outer = g_steal_pointer (&outer);
  job->progress = progress;
  job->progress_data = progress_data;
  job->tick_id = g_timeout_add (TICK_MS, clone_tick, job);

  /* its own thread, not the connection's worker: see the top of the file */
  inner = g_task_new (self, NULL, clone_done, NULL);
  g_task_set_source_tag (inner, vireo_domain_clone_async);
  g_task_set_task_data (inner, job, clone_job_free);
  g_task_run_in_thread (inner, clone_thread);
}

GPtrArray *
vireo_domain_clone_finish (VireoDomain  *self,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
