/* vireo-domain-delete.c — deleting a VM with a choice of its storage volumes:
 * what it holds (disks, the volumes they are, their other users, NVRAM, TPM),
 * and the delete itself (force off, undefine with the right flags, volumes)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-domain"
#define VIREO_DOMAIN_COMPILATION

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-display-text.h"
#include "vireo-domain-delete.h"
#include "vireo-domain-private.h"
#include "vireo-domain-scan-private.h"
#include "vireo-error.h"
#include "vireo-host-resources-private.h"
#include "vireo-snapshot-private.h"
#include "vireo-xml.h"

/* a VM with more disks than this is not listed whole: the rest are kept */
#define MAX_DISKS 256

void
vireo_domain_volume_free (VireoDomainVolume *volume)
{
  if (volume == NULL)
    return;
  g_free (volume->target);
  g_free (volume->device);
  g_free (volume->source);
  g_free (volume->pool);
  g_free (volume->name);
  g_free (volume->path);
  g_free (volume->format);
  g_free (volume->other_user);
  g_free (volume);
}

void
vireo_domain_storage_free (VireoDomainStorage *storage)
{
  if (storage == NULL)
    return;
  g_clear_pointer (&storage->volumes, g_ptr_array_unref);
  g_free (storage->nvram);
  g_free (storage);
}

gboolean
vireo_domain_volume_is_volume (const VireoDomainVolume *volume)
{
  g_return_val_if_fail (volume != NULL, FALSE);
  return volume->pool != NULL && volume->name != NULL;
}

char *
vireo_domain_volume_dup_key (const VireoDomainVolume *volume)
{
  g_return_val_if_fail (volume != NULL, NULL);
  if (!vireo_domain_volume_is_volume (volume))
    return NULL;
  return g_strdup_printf ("%s/%s", volume->pool, volume->name);
}

guint
vireo_domain_delete_undefine_flags (VireoDomainDeleteFlags flags)
{
  return VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
         VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA |
         ((flags & VIREO_DOMAIN_DELETE_KEEP_NVRAM) ? VIR_DOMAIN_UNDEFINE_KEEP_NVRAM
                                                   : VIR_DOMAIN_UNDEFINE_NVRAM) |
         ((flags & VIREO_DOMAIN_DELETE_KEEP_TPM) ? VIR_DOMAIN_UNDEFINE_KEEP_TPM
                                                 : VIR_DOMAIN_UNDEFINE_TPM);
}

/* -- another VM on the same volumes (worker) ---------------------------------------- */

typedef struct
{
  GPtrArray *forms;   /* of GPtrArray of char *: each volume's sources ("pool/name", path) */
  GPtrArray *users;   /* of char *: the user found for each, or NULL */
  GArray    *running; /* of gboolean */
  virConnectPtr conn;
} UsersScan;

static gboolean
forms_have (GPtrArray  *forms,
            const char *source)
{
  for (guint i = 0; source != NULL && i < forms->len; i++)
    if (g_str_equal (g_ptr_array_index (forms, i), source))
      return TRUE;
  return FALSE;
}

static gboolean
domain_is_running (virConnectPtr conn,
                   const char   *name)
{
  virDomainPtr dom = virDomainLookupByName (conn, name);
  gboolean running;

  if (dom == NULL)
    return FALSE;
  running = virDomainIsActive (dom) == 1;
  virDomainFree (dom);
  return running;
}

static gboolean
scan_users (xmlNode    *domain,
            const char *name,
            gpointer    user_data)
{
  UsersScan *scan = user_data;
  g_autoptr(GPtrArray) sources = vireo_xml_get_nodes (domain, "devices/disk/source");
  gboolean running = -1;

  for (guint i = 0; sources != NULL && i < sources->len && i < MAX_DISKS; i++)
    {
      xmlNode *source = g_ptr_array_index (sources, i);
      g_autofree char *pool = vireo_xml_attr (source, "pool");
      g_autofree char *volume = vireo_xml_attr (source, "volume");
      g_autofree char *file = vireo_xml_attr (source, "file");
      g_autofree char *dev = vireo_xml_attr (source, "dev");
      g_autofree char *pooled = pool != NULL && volume != NULL
                                  ? g_strdup_printf ("%s/%s", pool, volume) : NULL;

      for (guint v = 0; v < scan->forms->len; v++)
        {
          GPtrArray *forms = g_ptr_array_index (scan->forms, v);

          if (!forms_have (forms, pooled) && !forms_have (forms, file) && !forms_have (forms, dev))
            continue;
          if (running == -1)
            running = domain_is_running (scan->conn, name);
          /* a running user is the one to name: it blocks the delete */
          if (g_ptr_array_index (scan->users, v) == NULL ||
              (running && !g_array_index (scan->running, gboolean, v)))
            {
              g_free (g_ptr_array_index (scan->users, v));
              g_ptr_array_index (scan->users, v) = g_strdup (name);
              g_array_index (scan->running, gboolean, v) = running;
            }
        }
    }
  return FALSE;
}

/* the forms a disk on @facts can name it by */
static GPtrArray *
volume_forms (const char             *source,
              const VireoVolumeFacts *facts)
{
  GPtrArray *forms = g_ptr_array_new_with_free_func (g_free);

  if (source != NULL)
    g_ptr_array_add (forms, g_strdup (source));
  if (facts != NULL && facts->path != NULL)
    g_ptr_array_add (forms, g_strdup (facts->path));
  if (facts != NULL && facts->pool != NULL && facts->name != NULL)
    g_ptr_array_add (forms, g_strdup_printf ("%s/%s", facts->pool, facts->name));
  return forms;
}

static UsersScan *
users_scan_new (virConnectPtr conn)
{
  UsersScan *scan = g_new0 (UsersScan, 1);

  scan->conn = conn;
  scan->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  scan->users = g_ptr_array_new_with_free_func (g_free);
  scan->running = g_array_new (FALSE, TRUE, sizeof (gboolean));
  return scan;
}

static void
users_scan_add (UsersScan *scan,
                GPtrArray *forms)
{
  gboolean no = FALSE;

  g_ptr_array_add (scan->forms, forms);
  g_ptr_array_add (scan->users, NULL);
  g_array_append_val (scan->running, no);
}

static void
users_scan_free (UsersScan *scan)
{
  g_ptr_array_unref (scan->forms);
  g_ptr_array_unref (scan->users);
  g_array_unref (scan->running);
  g_free (scan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UsersScan, users_scan_free)

/* -- what the VM holds ------------------------------------------------------------- */

static gboolean
is_iso (const VireoDomainVolume *volume)
{
  const char *path = volume->path != NULL ? volume->path : volume->source;

  if (g_strcmp0 (volume->format, "iso") == 0)
    return TRUE;
  return path != NULL && strlen (path) > 4 &&
         g_ascii_strcasecmp (path + strlen (path) - 4, ".iso") == 0;
}

static void
list_storage_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  VireoDomainTaskData *data = task_data;
  virConnectPtr conn = virDomainGetConnect (data->handle);
  g_autofree char *name = g_strdup (virDomainGetName (data->handle));
  g_autofree char *what = g_strdup_printf (_("Could not list the storage of “%s”"), name);
  g_autoptr(VireoDomainStorage) storage = g_new0 (VireoDomainStorage, 1);
  g_autoptr(UsersScan) scan = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) disks = NULL;
  g_autoptr(GError) error = NULL;
  char uuid[VIR_UUID_STRING_BUFLEN] = "";
  gboolean persistent = virDomainIsPersistent (data->handle) == 1;
  char *xml;
  int n;

  xml = virDomainGetXMLDesc (data->handle, persistent ? VIR_DOMAIN_XML_INACTIVE : 0);
  if (xml == NULL || conn == NULL || virDomainGetUUIDString (data->handle, uuid) < 0)
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

  storage->volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_domain_volume_free);
  storage->nvram = vireo_xml_get_string (vireo_xml_root (doc), "os/nvram");
  if (storage->nvram != NULL && *g_strstrip (storage->nvram) == '\0')
    g_clear_pointer (&storage->nvram, g_free);
  storage->tpm = vireo_xml_get_node (vireo_xml_root (doc),
                                     "devices/tpm/backend[@type='emulator']") != NULL;
  storage->managed_save = virDomainHasManagedSaveImage (data->handle, 0) == 1;
  storage->active = virDomainIsActive (data->handle) == 1;
  n = virDomainSnapshotNum (data->handle, 0);
  storage->n_snapshots = n > 0 ? (guint) n : 0;

  scan = users_scan_new (conn);
  disks = vireo_xml_get_nodes (vireo_xml_root (doc), "devices/disk");
  for (guint i = 0; disks != NULL && i < disks->len && i < MAX_DISKS; i++)
    {
      xmlNode *disk = g_ptr_array_index (disks, i);
      xmlNode *source = vireo_xml_child (disk, "source");
      g_autofree char *pool = vireo_xml_attr (source, "pool");
      g_autofree char *vol = vireo_xml_attr (source, "volume");
      g_autofree char *file = vireo_xml_attr (source, "file");
      g_autofree char *dev = vireo_xml_attr (source, "dev");
      g_autoptr(VireoDomainVolume) volume = g_new0 (VireoDomainVolume, 1);
      VireoVolumeFacts *facts;
      gboolean same = FALSE;

      if (pool != NULL && vol != NULL)
        volume->source = g_strdup_printf ("%s/%s", pool, vol);
      else
        volume->source = g_strdup (file != NULL ? file : dev);
      if (volume->source == NULL || strlen (volume->source) > 4096)
        continue;   /* an empty drive, a network disk: nothing on this host to delete */
      volume->device = vireo_xml_attr (disk, "device");
      if (volume->device == NULL)
        volume->device = g_strdup ("disk");
      volume->target = vireo_xml_get_string (disk, "target/@dev");

      facts = vireo_host_resources_lookup_volume (conn, volume->source);
      if (facts != NULL)
        {
          volume->pool = g_strdup (facts->pool);
          volume->name = g_strdup (facts->name);
          volume->path = g_strdup (facts->path);
          volume->format = g_strdup (facts->format);
          volume->capacity = facts->capacity;
        }
      /* two disks on one volume: listed once */
      for (guint j = 0; j < storage->volumes->len && !same; j++)
        {
          VireoDomainVolume *other = g_ptr_array_index (storage->volumes, j);

          same = g_str_equal (other->source, volume->source) ||
                 (vireo_domain_volume_is_volume (volume) && vireo_domain_volume_is_volume (other) &&
                  g_str_equal (other->pool, volume->pool) && g_str_equal (other->name, volume->name));
        }
      if (!same)
        {
          users_scan_add (scan, volume_forms (volume->source, facts));
          g_ptr_array_add (storage->volumes, g_steal_pointer (&volume));
        }
      vireo_volume_facts_free (facts);
    }

  if (storage->volumes->len > 0 &&
      !_vireo_domain_scan (conn, uuid, scan_users, scan, what, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < storage->volumes->len; i++)
    {
      VireoDomainVolume *volume = g_ptr_array_index (storage->volumes, i);

      volume->other_user = g_strdup (g_ptr_array_index (scan->users, i));
      volume->other_running = g_array_index (scan->running, gboolean, i);
      volume->suggested = vireo_domain_volume_is_volume (volume) &&
                          g_str_equal (volume->device, "disk") && !is_iso (volume) &&
                          volume->other_user == NULL;
    }
  virResetLastError ();
  g_task_return_pointer (task, g_steal_pointer (&storage),
                         (GDestroyNotify) vireo_domain_storage_free);
}

static GTask *
new_task (VireoDomain        *self,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data,
          gpointer            source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  VireoDomainTaskData *data;

  g_task_set_source_tag (task, source_tag);
  if (self->removed || self->connection == NULL || self->handle == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                               _("The virtual machine “%s” no longer exists."), self->name);
      g_object_unref (task);
      return NULL;
    }
  data = g_new0 (VireoDomainTaskData, 1);
  virDomainRef (self->handle);
  data->handle = self->handle;
  g_task_set_task_data (task, data, _vireo_domain_task_data_free);
  return task;
}

void
vireo_domain_list_storage_async (VireoDomain        *self,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  task = new_task (self, cancellable, callback, user_data, vireo_domain_list_storage_async);
  if (task != NULL)
    vireo_connection_run_in_worker (self->connection, task, list_storage_thread);
}

VireoDomainStorage *
vireo_domain_list_storage_finish (VireoDomain  *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- the delete ------------------------------------------------------------------- */

typedef struct
{
  GStrv                  volumes;
  VireoDomainDeleteFlags flags;
} DeleteData;

static void
delete_data_free (gpointer ptr)
{
  DeleteData *data = ptr;

  g_strfreev (data->volumes);
  g_free (data);
}

int
_vireo_domain_undefine (virDomainPtr handle,
                        guint        wanted,
                        guint       *used)
{
  const guint keep = VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_KEEP_NVRAM;
  const guint attempts[] = {
    wanted,
    wanted & ~(VIR_DOMAIN_UNDEFINE_TPM | VIR_DOMAIN_UNDEFINE_KEEP_TPM),
    wanted & (VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA | keep),
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      int code;

      *used = attempts[i];
      if (virDomainUndefineFlags (handle, attempts[i]) == 0)
        return 0;
      code = virGetLastErrorCode ();
      if (code != VIR_ERR_INVALID_ARG && code != VIR_ERR_NO_SUPPORT &&
          code != VIR_ERR_ARGUMENT_UNSUPPORTED)
        return -1;
    }
  *used = 0;
  return virDomainUndefine (handle);
}

/* the pool and name of "pool/name" */
static gboolean
split_key (const char *key,
           char      **pool,
           char      **name)
{
  const char *slash = key != NULL ? strchr (key, '/') : NULL;

  if (slash == NULL || slash == key || slash[1] == '\0' || strlen (key) > 4096)
    return FALSE;
  *pool = g_strndup (key, slash - key);
  *name = g_strdup (slash + 1);
  return TRUE;
}

static char *
delete_volume (virConnectPtr conn,
               const char   *key)
{
  g_autofree char *pool_name = NULL;
  g_autofree char *vol_name = NULL;
  g_autofree char *shown = NULL;
  virStoragePoolPtr pool = NULL;
  virStorageVolPtr vol = NULL;
  char *failure = NULL;

  if (!split_key (key, &pool_name, &vol_name))
    {
      shown = vireo_display_name_isolate (key);
      return g_strdup_printf (_("“%s” was kept: it is not a volume of a storage pool."), shown);
    }
  shown = vireo_display_name_isolate (vol_name);
  pool = virStoragePoolLookupByName (conn, pool_name);
  if (pool != NULL)
    vol = virStorageVolLookupByName (pool, vol_name);
  if (vol == NULL || virStorageVolDelete (vol, 0) < 0)
    {
      g_autofree char *pool_shown = vireo_display_name_isolate (pool_name);
      const char *message = virGetLastErrorMessage ();
      /* libvirt's words, valid UTF-8 and at most 1 KiB (the length is
       * what is read: never past the message's end) */
      g_autofree char *why = g_utf8_make_valid (message, strnlen (message, 1024));

      failure = g_strdup_printf (_("Could not delete the volume “%s” of the pool “%s”: %s. "
                                   "It is still there; delete it from the pool when the cause is fixed."),
                                 shown, pool_shown, why);
    }
  if (vol != NULL)
    virStorageVolFree (vol);
  if (pool != NULL)
    {
      /* the pool's list of volumes as it is now */
      virStoragePoolRefresh (pool, 0);
      virStoragePoolFree (pool);
    }
  virResetLastError ();
  return failure;
}

/* whether the saved definition has a UEFI variable store and an emulated TPM */
static void
firmware_state (virDomainPtr handle,
                gboolean    *nvram,
                gboolean    *tpm)
{
  char *xml = virDomainGetXMLDesc (handle, VIR_DOMAIN_XML_INACTIVE);
  g_autoptr(xmlDoc) doc = xml != NULL ? vireo_xml_parse (xml, "domain", NULL) : NULL;

  free (xml);
  *nvram = doc != NULL && vireo_xml_get_node (vireo_xml_root (doc), "os/nvram") != NULL;
  *tpm = doc != NULL && vireo_xml_get_node (vireo_xml_root (doc),
                                            "devices/tpm/backend[@type='emulator']") != NULL;
}

static void
delete_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VireoDomainTaskData *data = task_data;
  DeleteData *request = g_object_get_data (G_OBJECT (task), "delete");
  virConnectPtr conn = virDomainGetConnect (data->handle);
  g_autofree char *name = g_strdup (virDomainGetName (data->handle));
  g_autofree char *shown = vireo_display_name_isolate (name);
  g_autofree char *what = g_strdup_printf (_("Could not delete “%s”"), shown);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(UsersScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gboolean *refused = NULL;
  char uuid[VIR_UUID_STRING_BUFLEN] = "";
  guint n_volumes = request->volumes != NULL ? g_strv_length (request->volumes) : 0;
  guint wanted = vireo_domain_delete_undefine_flags (request->flags);
  guint used = 0;
  int active;

  active = virDomainIsActive (data->handle);
  if (active < 0 || conn == NULL || virDomainGetUUIDString (data->handle, uuid) < 0)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return;
    }
  if (active == 1 && !(request->flags & VIREO_DOMAIN_DELETE_FORCE_OFF))
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               _("%s: it is running. Shut it down first, or agree to force it off."),
                               what);
      return;
    }

  /* a volume another running VM uses stays: deleting it under that VM would break it */
  refused = g_new0 (gboolean, n_volumes + 1);
  scan = users_scan_new (conn);
  for (guint i = 0; i < n_volumes; i++)
    {
      VireoVolumeFacts *facts = vireo_host_resources_lookup_volume (conn, request->volumes[i]);

      users_scan_add (scan, volume_forms (request->volumes[i], facts));
      vireo_volume_facts_free (facts);
    }
  if (n_volumes > 0 && !_vireo_domain_scan (conn, uuid, scan_users, scan, what, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < n_volumes; i++)
    {
      const char *user = g_ptr_array_index (scan->users, i);

      if (user != NULL && g_array_index (scan->running, gboolean, i))
        {
          g_autofree char *vol_shown = vireo_display_name_isolate (request->volumes[i]);
          g_autofree char *user_shown = vireo_display_name_isolate (user);

          refused[i] = TRUE;
          g_ptr_array_add (notes,
                           g_strdup_printf (_("The volume “%s” was kept: the running virtual machine “%s” uses it. "
                                              "Delete it from its pool once “%s” no longer needs it."),
                                            vol_shown, user_shown, user_shown));
        }
    }

  if (active == 1 && virDomainDestroy (data->handle) < 0)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return;
    }
  /* a transient VM is gone once it is off */
  if (virDomainIsPersistent (data->handle) == 1)
    {
      gboolean nvram, tpm;

      firmware_state (data->handle, &nvram, &tpm);
      if (_vireo_domain_undefine (data->handle, wanted, &used) < 0)
        {
          g_task_return_error (task, vireo_error_new_from_libvirt (what));
          virResetLastError ();
          return;
        }
      if (nvram && (wanted & VIR_DOMAIN_UNDEFINE_NVRAM) && !(used & VIR_DOMAIN_UNDEFINE_NVRAM))
        g_ptr_array_add (notes, g_strdup (_("Its UEFI variables may have been kept: this host's libvirt cannot remove them with the virtual machine.")));
      if (tpm && (wanted & VIR_DOMAIN_UNDEFINE_TPM) && !(used & VIR_DOMAIN_UNDEFINE_TPM))
        g_ptr_array_add (notes, g_strdup (_("Its TPM state may have been kept: this host's libvirt cannot remove it with the virtual machine.")));
    }

  /* the VM is gone: so are the thumbnails of its snapshots */
  _vireo_snapshot_forget_thumbnails (uuid);

  for (guint i = 0; i < n_volumes; i++)
    {
      char *failure;

      if (refused[i])
        continue;
      failure = delete_volume (conn, request->volumes[i]);
      if (failure != NULL)
        g_ptr_array_add (notes, failure);
    }
  virResetLastError ();
  g_task_return_pointer (task, g_steal_pointer (&notes), (GDestroyNotify) g_ptr_array_unref);
}

static void
delete_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VireoDomain *self = VIREO_DOMAIN (object);
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;
  GPtrArray *notes;

  notes = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (outer, error);
      vireo_domain_refresh (self);
      return;
    }
  if (self->connection != NULL)
    _vireo_connection_remove_domain (self->connection, self);
  else
    _vireo_domain_set_removed (self);
  g_task_return_pointer (outer, notes, (GDestroyNotify) g_ptr_array_unref);
}

void
vireo_domain_delete_async (VireoDomain           *self,
                           const char *const     *volumes,
                           VireoDomainDeleteFlags flags,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  g_autofree char *shown = NULL;
  DeleteData *request;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_delete_async);
  shown = vireo_display_name_isolate (self->name);
  if (self->connection != NULL && self->handle != NULL && !self->removed)
    {
      if (vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_CONNECTED)
        {
          g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                                   _("Could not delete “%s”: the connection to its host is not open. Vireo reconnects by itself; try again when it is back."),
                                   shown);
          return;
        }
      if (vireo_connection_get_read_only (self->connection))
        {
          g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_READ_ONLY,
                                   _("Could not delete “%s”: the connection is read-only. Reconnect with full access to make changes."),
                                   shown);
          return;
        }
    }

  /* the worker task answers the outer one: no cancel once the delete has started */
  inner = new_task (self, NULL, delete_done, g_object_ref (outer), vireo_domain_delete_async);
  if (inner == NULL)
    return;   /* delete_done answers @outer with the error */
  request = g_new0 (DeleteData, 1);
  request->volumes = g_strdupv ((char **) volumes);
  request->flags = flags;
  g_object_set_data_full (G_OBJECT (inner), "delete", request, delete_data_free);
  vireo_connection_run_in_worker (self->connection, inner, delete_thread);
}

GPtrArray *
vireo_domain_delete_finish (VireoDomain  *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
