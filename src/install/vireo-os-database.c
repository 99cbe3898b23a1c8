/* vireo-os-database.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libosinfo is read on worker threads only (loading the database, reading an
 * ISO's volume descriptor, fetching a .treeinfo). The main thread sees plain
 * VireoOsEntry objects and VireoOsDevices structs. The OsinfoDb is read once
 * per process and shared (vireo_os_database_get_default, and
 * vireo_os_database_name_for_id for the names of existing VMs); every use of
 * it after loading goes through osinfo_lock, so a detection on a worker and a
 * lookup on the main thread never meet inside libosinfo.
 */
#define G_LOG_DOMAIN "vireo-os-database"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <osinfo/osinfo.h>

#include "vireo-error.h"
#include "vireo-os-database.h"

struct _VireoOsDatabase
{
  GObject     parent_instance;

  OsinfoDb   *db;          /* the process's one (shared_osinfo_db), set once on load */
  GListStore *os_list;     /* VireoOsEntry */
  GHashTable *by_id;       /* id and short id → VireoOsEntry (borrowed from os_list) */
  gboolean    loaded;
};

G_DEFINE_FINAL_TYPE (VireoOsDatabase, vireo_os_database, G_TYPE_OBJECT)

/* the process's one OsinfoDb: read once, by whichever asks first */
static GMutex    osinfo_lock;        /* every use of osinfo_db after loading */
static GMutex    osinfo_load_lock;   /* loading it */
static OsinfoDb *osinfo_db;          /* set once, kept for the process */
static GError   *osinfo_error;       /* the system database could not be read */
static gboolean  osinfo_tried;

/* -- boxed types ---------------------------------------------------------- */

VireoOsDevices *
vireo_os_devices_new_generic (void)
{
  VireoOsDevices *d = g_new0 (VireoOsDevices, 1);

  /* An unknown OS gets hardware every PC OS of the last 20 years drives:
   * the i440FX chipset (no q35: an old OS has no AHCI driver, so an IDE
   * disk), and the e1000 NIC, not rtl8139: in osinfo-db 20221130 e1000 is
   * the NIC listed from Windows XP and Server 2003 on, for FreeBSD 8 and for
   * the Linux distributions (win-xp.xml, win-2k3.xml, freebsd-8.0.xml,
   * rhel-6.0.xml, debian-9.xml, ...), while no OS lists rtl8139; it is also
   * virt-install's fallback model for x86. */
  d->ram_mib = 1024;
  d->n_cpus = 1;
  d->storage_gib = 20;
  d->e1000 = TRUE;
  d->usb_tablet = TRUE;
  d->efi_supported = TRUE;
  d->bios_supported = TRUE;
  return d;
}

VireoOsDevices *
vireo_os_devices_copy (const VireoOsDevices *devices)
{
  VireoOsDevices *copy;

  g_return_val_if_fail (devices != NULL, NULL);

  copy = g_memdup2 (devices, sizeof *devices);
  copy->os_id = g_strdup (devices->os_id);
  copy->short_id = g_strdup (devices->short_id);
  copy->name = g_strdup (devices->name);
  copy->family = g_strdup (devices->family);
  copy->distro = g_strdup (devices->distro);
  copy->kernel_url_arg = g_strdup (devices->kernel_url_arg);
  return copy;
}

void
vireo_os_devices_free (VireoOsDevices *devices)
{
  if (devices == NULL)
    return;
  g_free (devices->os_id);
  g_free (devices->short_id);
  g_free (devices->name);
  g_free (devices->family);
  g_free (devices->distro);
  g_free (devices->kernel_url_arg);
  g_free (devices);
}

G_DEFINE_BOXED_TYPE (VireoOsDevices, vireo_os_devices, vireo_os_devices_copy, vireo_os_devices_free)

VireoOsDetection *
vireo_os_detection_copy (const VireoOsDetection *detection)
{
  VireoOsDetection *copy;

  g_return_val_if_fail (detection != NULL, NULL);

  copy = g_memdup2 (detection, sizeof *detection);
  copy->os = detection->os != NULL ? g_object_ref (detection->os) : NULL;
  copy->arch = g_strdup (detection->arch);
  copy->volume_id = g_strdup (detection->volume_id);
  copy->kernel_path = g_strdup (detection->kernel_path);
  copy->initrd_path = g_strdup (detection->initrd_path);
  return copy;
}

void
vireo_os_detection_free (VireoOsDetection *detection)
{
  if (detection == NULL)
    return;
  g_clear_object (&detection->os);
  g_free (detection->arch);
  g_free (detection->volume_id);
  g_free (detection->kernel_path);
  g_free (detection->initrd_path);
  g_free (detection);
}

G_DEFINE_BOXED_TYPE (VireoOsDetection, vireo_os_detection, vireo_os_detection_copy,
                     vireo_os_detection_free)

/* -- object --------------------------------------------------------------- */

static void
vireo_os_database_finalize (GObject *object)
{
  VireoOsDatabase *self = VIREO_OS_DATABASE (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->os_list);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (vireo_os_database_parent_class)->finalize (object);
}

static void
vireo_os_database_class_init (VireoOsDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vireo_os_database_finalize;
}

static void
vireo_os_database_init (VireoOsDatabase *self)
{
  self->os_list = g_list_store_new (VIREO_TYPE_OS_ENTRY);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

VireoOsDatabase *
vireo_os_database_new (void)
{
  return g_object_new (VIREO_TYPE_OS_DATABASE, NULL);
}

/* -- loading -------------------------------------------------------------- */

typedef struct
{
  OsinfoDb  *db;
  GPtrArray *entries; /* VireoOsEntry */
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_object (&result->db);
  g_clear_pointer (&result->entries, g_ptr_array_unref);
  g_free (result);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  VireoOsEntry *ea = *(VireoOsEntry **) a;
  VireoOsEntry *eb = *(VireoOsEntry **) b;
  const char *da = vireo_os_entry_get_release_date (ea);
  const char *db = vireo_os_entry_get_release_date (eb);
  int cmp;

  /* newest first; undated entries (generic ones) after the dated */
  cmp = g_strcmp0 (db != NULL ? db : "", da != NULL ? da : "");
  if (cmp != 0)
    return cmp;
  return g_utf8_collate (vireo_os_entry_get_name (ea), vireo_os_entry_get_name (eb));
}

/* The process's OsinfoDb, read on first use (blocking: call it on a
 * worker). With the system database unreadable, sets @error and still
 * returns what was read. */
static OsinfoDb *
shared_osinfo_db (GError **error)
{
  OsinfoDb *db;

  g_mutex_lock (&osinfo_load_lock);
  if (!osinfo_tried)
    {
      g_autoptr (OsinfoLoader) loader = osinfo_loader_new ();
      g_autoptr (GError) local_error = NULL;

      /* the system database (osinfo-db) must load; the local (/etc/osinfo) and
       * per-user additions are optional, and a broken or missing one (a HOME
       * that is not a directory, say) must not lose the system's */
      osinfo_loader_process_system_path (loader, &local_error);
      if (local_error == NULL)
        {
          g_autoptr (GError) extra_error = NULL;

          osinfo_loader_process_local_path (loader, &extra_error);
          if (extra_error != NULL)
            g_debug ("osinfo local path: %s", extra_error->message);
          g_clear_error (&extra_error);
          osinfo_loader_process_user_path (loader, &extra_error);
          if (extra_error != NULL)
            g_debug ("osinfo user path: %s", extra_error->message);
        }
      osinfo_db = g_object_ref (osinfo_loader_get_db (loader));
      osinfo_error = g_steal_pointer (&local_error);
      osinfo_tried = TRUE;
    }
  db = osinfo_db;
  if (osinfo_error != NULL)
    g_propagate_error (error, g_error_copy (osinfo_error));
  g_mutex_unlock (&osinfo_load_lock);
  return db;
}

gboolean
vireo_os_database_names_loaded (void)
{
  gboolean tried;

  g_mutex_lock (&osinfo_load_lock);
  tried = osinfo_tried;
  g_mutex_unlock (&osinfo_load_lock);
  return tried;
}

char *
vireo_os_database_name_for_id (const char *os_id)
{
  OsinfoDb *db;
  OsinfoOs *os;
  char *name = NULL;

  if (os_id == NULL || *os_id == '\0')
    return NULL;

  db = shared_osinfo_db (NULL);
  g_mutex_lock (&osinfo_lock);
  os = osinfo_db_get_os (db, os_id);
  if (os != NULL)
    name = g_strdup (osinfo_product_get_name (OSINFO_PRODUCT (os)));
  g_mutex_unlock (&osinfo_lock);
  return name;
}

void
vireo_os_database_with_osinfo_os (const char        *id_or_short_id,
                                  VireoOsinfoOsFunc  func,
                                  gpointer           user_data)
{
  OsinfoDb *db;
  OsinfoOs *os = NULL;

  g_return_if_fail (func != NULL);

  db = shared_osinfo_db (NULL);
  g_mutex_lock (&osinfo_lock);
  if (db != NULL && id_or_short_id != NULL && *id_or_short_id != '\0')
    {
      os = osinfo_db_get_os (db, id_or_short_id);
      if (os == NULL)
        {
          g_autoptr (OsinfoOsList) oses = osinfo_db_get_os_list (db);
          int n = osinfo_list_get_length (OSINFO_LIST (oses));

          for (int i = 0; i < n && os == NULL; i++)
            {
              OsinfoOs *candidate = OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (oses), i));
              g_autoptr (GList) short_ids = osinfo_product_get_short_id_list (OSINFO_PRODUCT (candidate));

              for (GList *l = short_ids; l != NULL; l = l->next)
                if (g_str_equal (l->data, id_or_short_id))
                  os = candidate;
            }
        }
    }
  func (os, user_data);
  g_mutex_unlock (&osinfo_lock);
}

VireoOsDatabase *
vireo_os_database_get_default (void)
{
  static VireoOsDatabase *db;

  if (db == NULL)
    db = vireo_os_database_new ();
  return db;
}

static LoadResult *
load_in_thread (GCancellable *cancellable,
                GError      **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (OsinfoOsList) oses = NULL;
  LoadResult *result;
  OsinfoDb *db;
  guint n;

  db = shared_osinfo_db (&local_error);
  if (local_error != NULL)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("The operating system database could not be read: %s. "
                     "Check that the osinfo-db package is installed."),
                   local_error->message);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  result = g_new0 (LoadResult, 1);
  result->db = g_object_ref (db);
  result->entries = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&osinfo_lock);
  oses = osinfo_db_get_os_list (result->db);
  n = osinfo_list_get_length (OSINFO_LIST (oses));
  for (guint i = 0; i < n; i++)
    {
      OsinfoOs *os = OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (oses), i));
      OsinfoProduct *product = OSINFO_PRODUCT (os);

      g_ptr_array_add (result->entries,
                       vireo_os_entry_new (osinfo_entity_get_id (OSINFO_ENTITY (os)),
                                           osinfo_product_get_short_id (product),
                                           osinfo_product_get_name (product),
                                           osinfo_product_get_vendor (product),
                                           osinfo_os_get_family (os),
                                           osinfo_os_get_distro (os),
                                           osinfo_entity_get_param_value (OSINFO_ENTITY (os),
                                                                          OSINFO_PRODUCT_PROP_RELEASE_DATE)));
    }
  g_mutex_unlock (&osinfo_lock);
  g_ptr_array_sort (result->entries, compare_entries);
  return result;
}

static void
apply_load_result (VireoOsDatabase *self,
                   LoadResult      *result)
{
  if (self->loaded)
    return;

  g_mutex_lock (&osinfo_lock);
  self->db = g_steal_pointer (&result->db);
  g_mutex_unlock (&osinfo_lock);

  for (guint i = 0; i < result->entries->len; i++)
    {
      VireoOsEntry *entry = g_ptr_array_index (result->entries, i);
      const char *short_id = vireo_os_entry_get_short_id (entry);

      g_hash_table_insert (self->by_id, (gpointer) vireo_os_entry_get_id (entry), entry);
      if (short_id != NULL && !g_hash_table_contains (self->by_id, short_id))
        g_hash_table_insert (self->by_id, (gpointer) short_id, entry);
    }
  self->loaded = TRUE;
  g_list_store_splice (self->os_list, 0, 0, result->entries->pdata, result->entries->len);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  LoadResult *result = load_in_thread (cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

void
vireo_os_database_load_async (VireoOsDatabase    *self,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (VIREO_IS_OS_DATABASE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_os_database_load_async);
  if (self->loaded)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  g_task_run_in_thread (task, load_thread);
}

gboolean
vireo_os_database_load_finish (VireoOsDatabase *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  LoadResult *load;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  load = g_task_propagate_pointer (G_TASK (result), error);
  if (load == NULL)
    return self->loaded && !g_task_had_error (G_TASK (result));
  apply_load_result (self, load);
  load_result_free (load);
  return TRUE;
}

gboolean
vireo_os_database_load (VireoOsDatabase *self,
                        GCancellable    *cancellable,
                        GError         **error)
{
  LoadResult *load;

  g_return_val_if_fail (VIREO_IS_OS_DATABASE (self), FALSE);

  if (self->loaded)
    return TRUE;
  load = load_in_thread (cancellable, error);
  if (load == NULL)
    return FALSE;
  apply_load_result (self, load);
  load_result_free (load);
  return TRUE;
}

gboolean
vireo_os_database_get_loaded (VireoOsDatabase *self)
{
  g_return_val_if_fail (VIREO_IS_OS_DATABASE (self), FALSE);
  return self->loaded;
}

GListModel *
vireo_os_database_get_os_list (VireoOsDatabase *self)
{
  g_return_val_if_fail (VIREO_IS_OS_DATABASE (self), NULL);
  return G_LIST_MODEL (self->os_list);
}

GListModel *
vireo_os_database_search (VireoOsDatabase *self,
                          const char      *query)
{
  GListStore *store;
  guint n;

  g_return_val_if_fail (VIREO_IS_OS_DATABASE (self), NULL);

  store = g_list_store_new (VIREO_TYPE_OS_ENTRY);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->os_list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (VireoOsEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->os_list), i);

      if (vireo_os_entry_matches (entry, query))
        g_list_store_append (store, entry);
    }
  return G_LIST_MODEL (store);
}

VireoOsEntry *
vireo_os_database_lookup (VireoOsDatabase *self,
                          const char      *id_or_short_id)
{
  g_return_val_if_fail (VIREO_IS_OS_DATABASE (self), NULL);

  if (id_or_short_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, id_or_short_id);
}

/* -- devices and resources ------------------------------------------------ */

static gboolean
resources_for_arch (OsinfoResourcesList *list,
                    const char          *arch,
                    gint64              *ram,
                    gint                *n_cpus,
                    gint64              *storage)
{
  guint n = osinfo_list_get_length (OSINFO_LIST (list));
  gboolean found = FALSE;

  for (guint pass = 0; pass < 2 && !found; pass++)
    for (guint i = 0; i < n; i++)
      {
        OsinfoResources *res = OSINFO_RESOURCES (osinfo_list_get_nth (OSINFO_LIST (list), i));
        const char *res_arch = osinfo_resources_get_architecture (res);

        /* first pass: this arch; second: "all" */
        if (g_strcmp0 (res_arch, pass == 0 ? arch : "all") != 0)
          continue;
        if (*ram <= 0)
          *ram = osinfo_resources_get_ram (res);
        if (*n_cpus <= 0)
          *n_cpus = osinfo_resources_get_n_cpus (res);
        if (*storage <= 0)
          *storage = osinfo_resources_get_storage (res);
        found = TRUE;
        break;
      }
  return found;
}

/* Walks @os and what it derives from (newer entries often only say
 * "derives-from" the previous release) until the values are known. */
static void
find_resources (OsinfoOs   *os,
                const char *arch,
                gboolean    minimum,
                gint64     *ram,
                gint       *n_cpus,
                gint64     *storage)
{
  OsinfoOs *current = os;

  for (guint depth = 0; current != NULL && depth < 16; depth++)
    {
      g_autoptr (OsinfoResourcesList) list = NULL;
      g_autoptr (OsinfoProductList) parents = NULL;

      list = minimum ? osinfo_os_get_minimum_resources (current)
                     : osinfo_os_get_recommended_resources (current);
      resources_for_arch (list, arch, ram, n_cpus, storage);
      if (*ram > 0 && *n_cpus > 0 && *storage > 0)
        return;

      parents = osinfo_product_get_related (OSINFO_PRODUCT (current),
                                            OSINFO_PRODUCT_RELATIONSHIP_DERIVES_FROM);
      current = osinfo_list_get_length (OSINFO_LIST (parents)) > 0
                    ? OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (parents), 0))
                    : NULL;
    }
}

static VireoOsDevices *
devices_for_os (OsinfoOs   *os,
                const char *arch)
{
  g_autoptr (VireoOsDevices) d = g_new0 (VireoOsDevices, 1);
  g_autoptr (OsinfoDeviceList) devices = NULL;
  g_autoptr (OsinfoFirmwareList) firmwares = NULL;
  gint64 ram = -1, storage = -1, min_ram = -1, min_storage = -1;
  gint n_cpus = -1, min_cpus = -1;
  guint n;

  d->os_id = g_strdup (osinfo_entity_get_id (OSINFO_ENTITY (os)));
  d->short_id = g_strdup (osinfo_product_get_short_id (OSINFO_PRODUCT (os)));
  d->name = g_strdup (osinfo_product_get_name (OSINFO_PRODUCT (os)));
  d->family = g_strdup (osinfo_os_get_family (os));
  d->distro = g_strdup (osinfo_os_get_distro (os));
  d->kernel_url_arg = g_strdup (osinfo_os_get_kernel_url_argument (os));

  find_resources (os, arch, FALSE, &ram, &n_cpus, &storage);
  d->rec_ram_mib = ram > 0 ? (guint) (ram / (1024 * 1024)) : 0;
  find_resources (os, arch, TRUE, &min_ram, &min_cpus, &min_storage);
  d->min_n_cpus = min_cpus > 0 ? (guint) min_cpus : 0;
  {
    /* what an installer that fetches its packages over the network needs
     * (CentOS Stream 9: 3 GiB, where its minimum is 1.5 GiB) */
    gint64 net_ram = -1, net_storage = -1;
    gint net_cpus = -1;
    OsinfoOs *current = os;

    for (guint depth = 0; current != NULL && depth < 16 && net_ram <= 0; depth++)
      {
        g_autoptr (OsinfoResourcesList) list = osinfo_os_get_network_install_resources (current);
        g_autoptr (OsinfoProductList) parents = NULL;

        resources_for_arch (list, arch, &net_ram, &net_cpus, &net_storage);
        parents = osinfo_product_get_related (OSINFO_PRODUCT (current), OSINFO_PRODUCT_RELATIONSHIP_DERIVES_FROM);
        current = osinfo_list_get_length (OSINFO_LIST (parents)) > 0
                      ? OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (parents), 0))
                      : NULL;
      }
    d->net_install_ram_mib = net_ram > 0 ? (guint) (net_ram / (1024 * 1024)) : 0;
  }
  /* a recommendation inherited from an older release can be below this
   * release's own minimum (Windows 11 inherits Windows 10's): never go below */
  ram = MAX (ram, min_ram);
  n_cpus = MAX (n_cpus, min_cpus);
  storage = MAX (storage, min_storage);
  d->ram_mib = ram > 0 ? (guint) (ram / (1024 * 1024)) : 1024;
  d->min_ram_mib = min_ram > 0 ? (guint) (min_ram / (1024 * 1024)) : 0;
  d->n_cpus = n_cpus > 0 ? (guint) n_cpus : 1;
  d->storage_gib = storage > 0 ? (guint) ((storage + (G_GINT64_CONSTANT (1) << 30) - 1) >> 30) : 20;

  /* osinfo_os_get_all_devices() includes what the OS inherits */
  devices = osinfo_os_get_all_devices (os, NULL);
  n = osinfo_list_get_length (OSINFO_LIST (devices));
  for (guint i = 0; i < n; i++)
    {
      OsinfoDevice *dev = OSINFO_DEVICE (osinfo_list_get_nth (OSINFO_LIST (devices), i));
      const char *name = osinfo_device_get_name (dev);

      if (name == NULL)
        continue;
      if (g_str_equal (name, "virtio-block") || g_str_equal (name, "virtio1.0-block"))
        d->virtio_disk = TRUE;
      else if (g_str_equal (name, "virtio-net") || g_str_equal (name, "virtio1.0-net"))
        d->virtio_net = TRUE;
      else if (g_str_equal (name, "virtio1.0-gpu"))
        d->virtio_gpu = TRUE;
      else if (g_str_equal (name, "virtio-rng") || g_str_equal (name, "virtio1.0-rng"))
        d->virtio_rng = TRUE;
      else if (g_str_equal (name, "virtio1.0-input"))
        d->virtio_input = TRUE;
      else if (g_str_equal (name, "e1000e"))
        d->e1000e = TRUE;
      else if (g_str_equal (name, "e1000"))
        d->e1000 = TRUE;
      else if (g_str_equal (name, "rtl8139"))
        d->rtl8139 = TRUE;
      else if (g_str_equal (name, "qxl"))
        d->qxl = TRUE;
      else if (g_str_equal (name, "ich9-hda"))
        d->ich9_hda = TRUE;
      else if (g_str_equal (name, "ich6"))
        d->ich6 = TRUE;
      else if (g_str_equal (name, "ac97"))
        d->ac97 = TRUE;
      else if (g_str_equal (name, "tablet"))
        d->usb_tablet = TRUE;
      else if (g_str_equal (name, "qemu-xhci"))
        d->qemu_xhci = TRUE;
      else if (g_str_equal (name, "qemu-x86-q35"))
        d->q35 = TRUE;
      else if (g_str_equal (name, "xen-vbd"))
        d->xen_pv = TRUE;
    }

  /* firmware: UEFI is allowed unless listed unsupported; BIOS is allowed
   * unless listed unsupported (Windows 11: <firmware type="bios" supported="false"/>) */
  d->efi_supported = TRUE;
  d->bios_supported = TRUE;
  firmwares = osinfo_os_get_complete_firmware_list (os, NULL);
  n = osinfo_list_get_length (OSINFO_LIST (firmwares));
  for (guint i = 0; i < n; i++)
    {
      OsinfoFirmware *fw = OSINFO_FIRMWARE (osinfo_list_get_nth (OSINFO_LIST (firmwares), i));
      const char *fw_arch = osinfo_firmware_get_architecture (fw);
      const char *type = osinfo_firmware_get_firmware_type (fw);

      if (g_strcmp0 (fw_arch, arch) != 0 && g_strcmp0 (fw_arch, "all") != 0)
        continue;
      if (g_strcmp0 (type, "efi") == 0)
        d->efi_supported = osinfo_firmware_is_supported (fw);
      else if (g_strcmp0 (type, "bios") == 0)
        d->bios_supported = osinfo_firmware_is_supported (fw);
    }

  /* The Windows 11 installer checks for TPM 2.0 (and UEFI with Secure Boot).
   * osinfo-db 20221130 does not describe TPMs, so this fact is Vireo's. */
  d->tpm_required = g_strcmp0 (d->short_id, "win11") == 0
                    || g_str_has_prefix (d->os_id, "http://microsoft.com/win/11");

  return g_steal_pointer (&d);
}

VireoOsDevices *
vireo_os_database_get_devices (VireoOsDatabase *self,
                               const char      *id_or_short_id,
                               const char      *arch,
                               GError         **error)
{
  VireoOsEntry *entry;
  VireoOsDevices *devices = NULL;
  OsinfoOs *os;

  g_return_val_if_fail (VIREO_IS_OS_DATABASE (self), NULL);
  g_return_val_if_fail (id_or_short_id != NULL, NULL);

  entry = vireo_os_database_lookup (self, id_or_short_id);
  if (entry == NULL)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                   _("The operating system “%s” is not in the OS database. "
                     "The database may be older than this system; choose a close relative or “Generic”."),
                   id_or_short_id);
      return NULL;
    }

  g_mutex_lock (&osinfo_lock);
  os = osinfo_db_get_os (self->db, vireo_os_entry_get_id (entry));
  if (os != NULL)
    devices = devices_for_os (os, arch != NULL ? arch : "x86_64");
  g_mutex_unlock (&osinfo_lock);

  if (devices == NULL)
    g_set_error (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                 _("The operating system “%s” is not in the OS database."), id_or_short_id);
  return devices;
}

/* -- detection ------------------------------------------------------------ */

typedef struct
{
  char         *location;
  gboolean      is_tree;
  gboolean      timed_out;
  guint         timeout_ms;
  GCancellable *caller;        /* the caller's cancellable, may be NULL */
  gulong        caller_handler;
  GSource      *timeout;
} DetectData;

static void
detect_data_free (DetectData *data)
{
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_source_unref (data->timeout);
    }
  if (data->caller != NULL)
    {
      g_cancellable_disconnect (data->caller, data->caller_handler);
      g_object_unref (data->caller);
    }
  g_free (data->location);
  g_free (data);
}

static VireoOsDetection *
detection_from_os (OsinfoOs *os)
{
  VireoOsDetection *det = g_new0 (VireoOsDetection, 1);
  OsinfoProduct *product = OSINFO_PRODUCT (os);

  det->os = vireo_os_entry_new (osinfo_entity_get_id (OSINFO_ENTITY (os)),
                                osinfo_product_get_short_id (product),
                                osinfo_product_get_name (product),
                                osinfo_product_get_vendor (product),
                                osinfo_os_get_family (os),
                                osinfo_os_get_distro (os),
                                osinfo_entity_get_param_value (OSINFO_ENTITY (os),
                                                               OSINFO_PRODUCT_PROP_RELEASE_DATE));
  return det;
}

static void
detect_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VireoOsDatabase *self = source_object;
  DetectData *data = task_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *display = g_filename_display_name (data->location);
  VireoOsDetection *det = NULL;

  if (!data->is_tree)
    {
      g_autoptr (OsinfoMedia) media = osinfo_media_create_from_location (data->location,
                                                                          cancellable, &error);
      OsinfoOs *os = NULL;

      if (media == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_task_return_error (task, g_steal_pointer (&error));
          else
            g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                                     _("“%s” could not be read as installation media: %s. "
                                       "Check that it is a bootable ISO image or disc."),
                                     display, error->message);
          return;
        }

      g_mutex_lock (&osinfo_lock);
      if (self->db != NULL && osinfo_db_identify_media (self->db, media))
        {
          os = osinfo_media_get_os (media);
          if (os != NULL)
            {
              det = detection_from_os (os);
              g_object_unref (os);
            }
        }
      g_mutex_unlock (&osinfo_lock);

      if (det != NULL)
        {
          det->arch = g_strdup (osinfo_media_get_architecture (media));
          det->volume_id = g_strdup (osinfo_media_get_volume_id (media));
          det->kernel_path = g_strdup (osinfo_media_get_kernel_path (media));
          det->initrd_path = g_strdup (osinfo_media_get_initrd_path (media));
          det->installer = osinfo_media_get_installer (media);
          det->live = osinfo_media_get_live (media);
        }
      else
        {
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                                   _("The operating system on “%s” (volume “%s”) was not recognised. "
                                     "The OS database may be older than the media: choose the system from the list."),
                                   display,
                                   osinfo_media_get_volume_id (media) != NULL
                                       ? osinfo_media_get_volume_id (media)
                                       : "");
          return;
        }
    }
  else
    {
      g_autoptr (OsinfoTree) tree = osinfo_tree_create_from_location (data->location,
                                                                       cancellable, &error);
      OsinfoOs *os = NULL;

      if (tree == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_task_return_error (task, g_steal_pointer (&error));
          else
            g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                                     _("“%s” is not an install tree: %s. "
                                       "The address must point at the folder that holds the “.treeinfo” file."),
                                     data->location, error->message);
          return;
        }

      g_mutex_lock (&osinfo_lock);
      if (self->db != NULL && osinfo_db_identify_tree (self->db, tree))
        {
          os = osinfo_tree_get_os (tree);
          if (os != NULL)
            {
              det = detection_from_os (os);
              g_object_unref (os);
            }
        }
      g_mutex_unlock (&osinfo_lock);

      if (det == NULL)
        {
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                                   _("The install tree at “%s” (%s %s) was not recognised. "
                                     "The OS database may be older than the tree: choose the system from the list."),
                                   data->location,
                                   osinfo_tree_get_treeinfo_family (tree) != NULL
                                       ? osinfo_tree_get_treeinfo_family (tree) : "",
                                   osinfo_tree_get_treeinfo_version (tree) != NULL
                                       ? osinfo_tree_get_treeinfo_version (tree) : "");
          return;
        }
      det->arch = g_strdup (osinfo_tree_get_architecture (tree));
      det->kernel_path = g_strdup (osinfo_tree_get_kernel_path (tree));
      det->initrd_path = g_strdup (osinfo_tree_get_initrd_path (tree));
      det->installer = TRUE;
    }

  g_task_return_pointer (task, det, (GDestroyNotify) vireo_os_detection_free);
}

static gboolean
detect_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  DetectData *data = g_task_get_task_data (task);

  data->timed_out = TRUE;
  /* the task returns at once (return-on-cancel); the worker stops reading
   * when libosinfo next checks the cancellable */
  g_cancellable_cancel (g_task_get_cancellable (task));
  return G_SOURCE_REMOVE;
}

static void
detect_completed_cb (GTask      *task,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  DetectData *data = g_task_get_task_data (task);

  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_clear_pointer (&data->timeout, g_source_unref);
    }
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

static void
detect_async (VireoOsDatabase    *self,
              const char         *location,
              gboolean            is_tree,
              guint               timeout_ms,
              GCancellable       *cancellable,
              GAsyncReadyCallback callback,
              gpointer            user_data,
              gpointer            source_tag)
{
  g_autoptr (GCancellable) inner = g_cancellable_new ();
  g_autoptr (GTask) task = NULL;
  DetectData *data;

  task = g_task_new (self, inner, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  data = g_new0 (DetectData, 1);
  data->location = g_strdup (location);
  data->is_tree = is_tree;
  data->timeout_ms = timeout_ms != 0 ? timeout_ms : VIREO_OS_DETECT_TIMEOUT_MS;
  g_task_set_task_data (task, data, (GDestroyNotify) detect_data_free);

  if (!self->loaded)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               _("The operating system database is not loaded yet."));
      return;
    }
  if (location == NULL || *location == '\0')
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                               is_tree ? _("No install tree address was given.")
                                       : _("No installation media was chosen."));
      return;
    }

  if (cancellable != NULL)
    {
      data->caller = g_object_ref (cancellable);
      data->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                    inner, NULL);
    }

  data->timeout = g_timeout_source_new (data->timeout_ms);
  g_source_set_callback (data->timeout, detect_timeout_cb, task, NULL);
  g_source_set_static_name (data->timeout, "[vireo] os detection timeout");
  g_source_attach (data->timeout, g_main_context_get_thread_default ());

  g_signal_connect (task, "notify::completed", G_CALLBACK (detect_completed_cb), NULL);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, detect_thread);
}

static VireoOsDetection *
detect_finish (GAsyncResult *result,
               GError      **error)
{
  DetectData *data = g_task_get_task_data (G_TASK (result));
  GError *local_error = NULL;
  VireoOsDetection *det;

  det = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (det != NULL)
    return det;

  if (data->timed_out && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *display = g_filename_display_name (data->location);

      g_clear_error (&local_error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   data->is_tree
                       ? _("Detecting the system at “%s” took longer than %u seconds and was stopped. "
                           "Check the address and the network, or choose the system from the list.")
                       : _("Reading “%s” took longer than %u seconds and was stopped. "
                           "Choose the system from the list."),
                   display, data->timeout_ms / 1000);
      return NULL;
    }
  g_propagate_error (error, local_error);
  return NULL;
}

void
vireo_os_database_detect_media_async (VireoOsDatabase    *self,
                                      const char         *path,
                                      guint               timeout_ms,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_return_if_fail (VIREO_IS_OS_DATABASE (self));
  detect_async (self, path, FALSE, timeout_ms, cancellable, callback, user_data,
                vireo_os_database_detect_media_async);
}

VireoOsDetection *
vireo_os_database_detect_media_finish (VireoOsDatabase *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return detect_finish (result, error);
}

void
vireo_os_database_detect_tree_async (VireoOsDatabase    *self,
                                     const char         *url,
                                     guint               timeout_ms,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_return_if_fail (VIREO_IS_OS_DATABASE (self));
  detect_async (self, url, TRUE, timeout_ms, cancellable, callback, user_data,
                vireo_os_database_detect_tree_async);
}

VireoOsDetection *
vireo_os_database_detect_tree_finish (VireoOsDatabase *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return detect_finish (result, error);
}
