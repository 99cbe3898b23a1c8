/* vireo-host-storage.c — a host's storage pools (a GListModel kept current
 * by libvirt's pool events) and the operations on pools and volumes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every libvirt call runs on the connection's worker (transfers on a thread
 * of their own, so a long upload never holds the worker); the main thread
 * only merges what a worker read.
 */
#define G_LOG_DOMAIN "vireo-host-storage"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libvirt/virterror.h>
#include <string.h>
#include <unistd.h>

#include "vireo-connection-private.h"
#include "vireo-display-text.h"
#include "vireo-error.h"
#include "vireo-host-resources-private.h"
#include "vireo-host-storage.h"
#include "vireo-xml.h"

/* text from libvirt: valid UTF-8, at most VIREO_STORAGE_MAX_NAME bytes */
static char *
bounded_text (const char *text)
{
  g_autofree char *valid = NULL;
  const char *end;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, MIN (strlen (text), (gsize) VIREO_STORAGE_MAX_NAME + 8));
  if (strlen (valid) <= VIREO_STORAGE_MAX_NAME)
    return g_steal_pointer (&valid);
  end = g_utf8_find_prev_char (valid, valid + VIREO_STORAGE_MAX_NAME + 1);
  return g_strndup (valid, end - valid);
}

/* -- VireoStoragePool ---------------------------------------------------------- */

struct _VireoStoragePool
{
  GObject parent_instance;

  char *name;
  char *type;
  char *path;
  VireoPoolState state;
  guint64 capacity;
  guint64 allocation;
  guint64 available;
  guint autostart : 1;
  guint persistent : 1;
};

G_DEFINE_FINAL_TYPE (VireoStoragePool, vireo_storage_pool, G_TYPE_OBJECT)

enum
{
  POOL_PROP_0,
  POOL_PROP_NAME,
  POOL_PROP_POOL_TYPE,
  POOL_PROP_STATE,
  POOL_PROP_ACTIVE,
  POOL_PROP_AUTOSTART,
  POOL_PROP_CAPACITY,
  POOL_PROP_ALLOCATION,
  POOL_PROP_AVAILABLE,
  POOL_PROP_PATH,
  POOL_PROP_USAGE,
  POOL_N_PROPS
};
static GParamSpec *pool_properties[POOL_N_PROPS];

static void
vireo_storage_pool_finalize (GObject *object)
{
  VireoStoragePool *self = VIREO_STORAGE_POOL (object);

  g_free (self->name);
  g_free (self->type);
  g_free (self->path);
  G_OBJECT_CLASS (vireo_storage_pool_parent_class)->finalize (object);
}

static void
vireo_storage_pool_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VireoStoragePool *self = VIREO_STORAGE_POOL (object);

  switch (prop_id)
    {
    case POOL_PROP_NAME: g_value_set_string (value, self->name); break;
    case POOL_PROP_POOL_TYPE: g_value_set_string (value, self->type); break;
    case POOL_PROP_STATE: g_value_set_int (value, self->state); break;
    case POOL_PROP_ACTIVE: g_value_set_boolean (value, vireo_storage_pool_get_active (self)); break;
    case POOL_PROP_AUTOSTART: g_value_set_boolean (value, self->autostart); break;
    case POOL_PROP_CAPACITY: g_value_set_uint64 (value, self->capacity); break;
    case POOL_PROP_ALLOCATION: g_value_set_uint64 (value, self->allocation); break;
    case POOL_PROP_AVAILABLE: g_value_set_uint64 (value, self->available); break;
    case POOL_PROP_PATH: g_value_set_string (value, self->path); break;
    case POOL_PROP_USAGE: g_value_set_double (value, vireo_storage_pool_get_usage (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_storage_pool_class_init (VireoStoragePoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vireo_storage_pool_finalize;
  object_class->get_property = vireo_storage_pool_get_property;

  pool_properties[POOL_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  pool_properties[POOL_PROP_POOL_TYPE] = g_param_spec_string ("pool-type", NULL, NULL, NULL, flags);
  pool_properties[POOL_PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, VIREO_POOL_STATE_INACCESSIBLE, 0, flags);
  pool_properties[POOL_PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, flags);
  pool_properties[POOL_PROP_AUTOSTART] = g_param_spec_boolean ("autostart", NULL, NULL, FALSE, flags);
  pool_properties[POOL_PROP_CAPACITY] = g_param_spec_uint64 ("capacity", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  pool_properties[POOL_PROP_ALLOCATION] = g_param_spec_uint64 ("allocation", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  pool_properties[POOL_PROP_AVAILABLE] = g_param_spec_uint64 ("available", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  pool_properties[POOL_PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  pool_properties[POOL_PROP_USAGE] = g_param_spec_double ("usage", NULL, NULL, 0, 1, 0, flags);
  g_object_class_install_properties (object_class, POOL_N_PROPS, pool_properties);
}

static void
vireo_storage_pool_init (VireoStoragePool *self)
{
}

const char *
vireo_storage_pool_get_name (VireoStoragePool *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_POOL (self), NULL);
  return self->name;
}

const char *
vireo_storage_pool_get_pool_type (VireoStoragePool *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_POOL (self), NULL);
  return self->type;
}

VireoPoolState
vireo_storage_pool_get_state (VireoStoragePool *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_POOL (self), VIREO_POOL_STATE_INACTIVE);
  return self->state;
}

gboolean
vireo_storage_pool_get_active (VireoStoragePool *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_POOL (self), FALSE);
  return self->state == VIREO_POOL_STATE_RUNNING || self->state == VIREO_POOL_STATE_DEGRADED;
}

gboolean
vireo_storage_pool_get_autostart (VireoStoragePool *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_POOL (self), FALSE);
  return self->autostart;
}

gboolean
vireo_storage_pool_get_persistent (VireoStoragePool *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_POOL (self), FALSE);
  return self->persistent;
}

guint64
vireo_storage_pool_get_capacity (VireoStoragePool *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_POOL (self), 0);
  return self->capacity;
}

guint64
vireo_storage_pool_get_allocation (VireoStoragePool *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_POOL (self), 0);
  return self->allocation;
}

guint64
vireo_storage_pool_get_available (VireoStoragePool *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_POOL (self), 0);
  return self->available;
}

const char *
vireo_storage_pool_get_path (VireoStoragePool *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_POOL (self), NULL);
  return self->path;
}

double
vireo_storage_pool_get_usage (VireoStoragePool *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_POOL (self), 0);
  if (!vireo_storage_pool_get_active (self) || self->capacity == 0)
    return 0;
  /* the test driver reports more allocation than capacity */
  return CLAMP ((double) self->allocation / (double) self->capacity, 0.0, 1.0);
}

/* what a worker read of one pool */
typedef struct
{
  char *name;
  char *type;
  char *path;
  VireoPoolState state;
  guint64 capacity, allocation, available;
  gboolean autostart, persistent;
} PoolSnapshot;

static void
pool_snapshot_free (gpointer data)
{
  PoolSnapshot *snap = data;

  g_free (snap->name);
  g_free (snap->type);
  g_free (snap->path);
  g_free (snap);
}

/* main thread: @self takes @snap's values, notifying what changed */
static void
pool_update (VireoStoragePool *self, const PoolSnapshot *snap)
{
  gboolean was_active = vireo_storage_pool_get_active (self);
  double usage = vireo_storage_pool_get_usage (self);

  g_object_freeze_notify (G_OBJECT (self));
#define SET_STR(field, prop)                                                                       \
  if (g_strcmp0 (self->field, snap->field) != 0)                                                   \
    {                                                                                              \
      g_free (self->field);                                                                        \
      self->field = g_strdup (snap->field);                                                        \
      g_object_notify_by_pspec (G_OBJECT (self), pool_properties[prop]);                           \
    }
#define SET_VAL(field, prop)                                                                       \
  if (self->field != snap->field)                                                                  \
    {                                                                                              \
      self->field = snap->field;                                                                   \
      g_object_notify_by_pspec (G_OBJECT (self), pool_properties[prop]);                           \
    }
  SET_STR (type, POOL_PROP_POOL_TYPE);
  SET_STR (path, POOL_PROP_PATH);
  SET_VAL (state, POOL_PROP_STATE);
  SET_VAL (capacity, POOL_PROP_CAPACITY);
  SET_VAL (allocation, POOL_PROP_ALLOCATION);
  SET_VAL (available, POOL_PROP_AVAILABLE);
#undef SET_STR
#undef SET_VAL
  if (self->autostart != (guint) !!snap->autostart)
    {
      self->autostart = !!snap->autostart;
      g_object_notify_by_pspec (G_OBJECT (self), pool_properties[POOL_PROP_AUTOSTART]);
    }
  self->persistent = !!snap->persistent;
  if (was_active != vireo_storage_pool_get_active (self))
    g_object_notify_by_pspec (G_OBJECT (self), pool_properties[POOL_PROP_ACTIVE]);
  if (usage != vireo_storage_pool_get_usage (self))
    g_object_notify_by_pspec (G_OBJECT (self), pool_properties[POOL_PROP_USAGE]);
  g_object_thaw_notify (G_OBJECT (self));
}

static VireoStoragePool *
pool_new (const PoolSnapshot *snap)
{
  VireoStoragePool *self = g_object_new (VIREO_TYPE_STORAGE_POOL, NULL);

  self->name = g_strdup (snap->name);
  self->type = g_strdup (snap->type);
  self->path = g_strdup (snap->path);
  self->state = snap->state;
  self->capacity = snap->capacity;
  self->allocation = snap->allocation;
  self->available = snap->available;
  self->autostart = !!snap->autostart;
  self->persistent = !!snap->persistent;
  return self;
}

/* -- VireoStorageVolume ----------------------------------------------------------- */

struct _VireoStorageVolume
{
  GObject parent_instance;

  char *name;
  char *pool;
  char *format;
  char *path;
  GStrv users;
  guint64 capacity;
  guint64 allocation;
};

G_DEFINE_FINAL_TYPE (VireoStorageVolume, vireo_storage_volume, G_TYPE_OBJECT)

enum
{
  VOL_PROP_0,
  VOL_PROP_NAME,
  VOL_PROP_FORMAT,
  VOL_PROP_PATH,
  VOL_N_PROPS
};
static GParamSpec *volume_properties[VOL_N_PROPS];

static void
vireo_storage_volume_finalize (GObject *object)
{
  VireoStorageVolume *self = VIREO_STORAGE_VOLUME (object);

  g_free (self->name);
  g_free (self->pool);
  g_free (self->format);
  g_free (self->path);
  g_strfreev (self->users);
  G_OBJECT_CLASS (vireo_storage_volume_parent_class)->finalize (object);
}

static void
vireo_storage_volume_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VireoStorageVolume *self = VIREO_STORAGE_VOLUME (object);

  switch (prop_id)
    {
    case VOL_PROP_NAME: g_value_set_string (value, self->name); break;
    case VOL_PROP_FORMAT: g_value_set_string (value, self->format); break;
    case VOL_PROP_PATH: g_value_set_string (value, self->path); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_storage_volume_class_init (VireoStorageVolumeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vireo_storage_volume_finalize;
  object_class->get_property = vireo_storage_volume_get_property;
  /* "name" is what a GtkStringFilter of the page searches */
  volume_properties[VOL_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  volume_properties[VOL_PROP_FORMAT] = g_param_spec_string ("format", NULL, NULL, NULL, flags);
  volume_properties[VOL_PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, VOL_N_PROPS, volume_properties);
}

static void
vireo_storage_volume_init (VireoStorageVolume *self)
{
}

const char *
vireo_storage_volume_get_name (VireoStorageVolume *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_VOLUME (self), NULL);
  return self->name;
}

const char *
vireo_storage_volume_get_pool (VireoStorageVolume *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_VOLUME (self), NULL);
  return self->pool;
}

const char *
vireo_storage_volume_get_format (VireoStorageVolume *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_VOLUME (self), NULL);
  return self->format;
}

guint64
vireo_storage_volume_get_capacity (VireoStorageVolume *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_VOLUME (self), 0);
  return self->capacity;
}

guint64
vireo_storage_volume_get_allocation (VireoStorageVolume *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_VOLUME (self), 0);
  return self->allocation;
}

const char *
vireo_storage_volume_get_path (VireoStorageVolume *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_VOLUME (self), NULL);
  return self->path;
}

const char *const *
vireo_storage_volume_get_users (VireoStorageVolume *self)
{
  g_return_val_if_fail (VIREO_IS_STORAGE_VOLUME (self), NULL);
  return (const char *const *) self->users;
}

/* -- VireoHostStorage ---------------------------------------------------------- */

/* what libvirt's pool events hold: never a reference on the object */
typedef struct
{
  GWeakRef self;
} EventData;

static void
event_data_free (void *ptr)
{
  EventData *data = ptr;

  g_weak_ref_clear (&data->self);
  g_free (data);
}

struct _VireoHostStorage
{
  GObject parent_instance;

  VireoConnection *connection;  /* weak: the connection holds us in its data */
  GListStore *pools;            /* VireoStoragePool, sorted by name */
  GCancellable *cancellable;
  virConnectPtr event_handle;   /* the handle the events are registered on */
  int lifecycle_id;
  int refresh_id;
  guint generation;             /* bumped per reload: older answers are dropped */
  guint reload_source;
  gulong state_handler;
  guint loaded : 1;
  guint registering : 1;
};

G_DEFINE_FINAL_TYPE (VireoHostStorage, vireo_host_storage, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOADED,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void reload_soon (VireoHostStorage *self);
static virConnectPtr task_handle (GTask *task);

/* any thread: deregisters the pool events of @handle and drops it */
typedef struct
{
  virConnectPtr handle;
  int lifecycle_id;
  int refresh_id;
} Deregister;

static gpointer
deregister_thread (gpointer data)
{
  Deregister *job = data;

  if (job->lifecycle_id >= 0)
    virConnectStoragePoolEventDeregisterAny (job->handle, job->lifecycle_id);
  if (job->refresh_id >= 0)
    virConnectStoragePoolEventDeregisterAny (job->handle, job->refresh_id);
  virConnectClose (job->handle);
  virResetLastError ();
  g_free (job);
  return NULL;
}

static void
drop_events (VireoHostStorage *self)
{
  Deregister *job;

  if (self->event_handle == NULL)
    return;
  job = g_new0 (Deregister, 1);
  job->handle = g_steal_pointer (&self->event_handle);
  job->lifecycle_id = self->lifecycle_id;
  job->refresh_id = self->refresh_id;
  self->lifecycle_id = self->refresh_id = -1;
  /* deregistering may wait on the network: never on the main thread */
  g_thread_unref (g_thread_new ("vireo-pool-events", deregister_thread, job));
}

static void
vireo_host_storage_dispose (GObject *object)
{
  VireoHostStorage *self = VIREO_HOST_STORAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->connection);
      g_object_remove_weak_pointer (G_OBJECT (self->connection), (gpointer *) &self->connection);
      self->connection = NULL;
    }
  drop_events (self);
  G_OBJECT_CLASS (vireo_host_storage_parent_class)->dispose (object);
}

static void
vireo_host_storage_finalize (GObject *object)
{
  VireoHostStorage *self = VIREO_HOST_STORAGE (object);

  g_clear_object (&self->pools);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (vireo_host_storage_parent_class)->finalize (object);
}

static void
vireo_host_storage_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VireoHostStorage *self = VIREO_HOST_STORAGE (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_host_storage_class_init (VireoHostStorageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vireo_host_storage_dispose;
  object_class->finalize = vireo_host_storage_finalize;
  object_class->get_property = vireo_host_storage_get_property;
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                      G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_host_storage_init (VireoHostStorage *self)
{
  self->pools = g_list_store_new (VIREO_TYPE_STORAGE_POOL);
  self->cancellable = g_cancellable_new ();
  self->lifecycle_id = self->refresh_id = -1;
}

/* -- events ------------------------------------------------------------------ */

/* libvirt's events arrive on the main context (gvir_event_register) */
static void
pool_lifecycle_cb (virConnectPtr conn, virStoragePoolPtr pool, int event, int detail, void *opaque)
{
  EventData *data = opaque;
  g_autoptr(VireoHostStorage) self = g_weak_ref_get (&data->self);

  if (self != NULL)
    reload_soon (self);
}

static void
pool_refresh_cb (virConnectPtr conn, virStoragePoolPtr pool, void *opaque)
{
  EventData *data = opaque;
  g_autoptr(VireoHostStorage) self = g_weak_ref_get (&data->self);

  if (self != NULL)
    reload_soon (self);
}

/* -- reading the pools (worker) ---------------------------------------------------- */

static GError *
disconnected_error (void)
{
  return g_error_new_literal (VIREO_ERROR, VIREO_ERROR_DISCONNECTED, _("The connection is not open."));
}

static VireoPoolState
pool_state (int state)
{
  switch (state)
    {
    case VIR_STORAGE_POOL_BUILDING: return VIREO_POOL_STATE_BUILDING;
    case VIR_STORAGE_POOL_RUNNING: return VIREO_POOL_STATE_RUNNING;
    case VIR_STORAGE_POOL_DEGRADED: return VIREO_POOL_STATE_DEGRADED;
    case VIR_STORAGE_POOL_INACCESSIBLE: return VIREO_POOL_STATE_INACCESSIBLE;
    default: return VIREO_POOL_STATE_INACTIVE;
    }
}

static PoolSnapshot *
read_pool (virStoragePoolPtr pool)
{
  PoolSnapshot *snap = g_new0 (PoolSnapshot, 1);
  virStoragePoolInfo info;
  char *xml;
  int autostart = 0;

  snap->name = bounded_text (virStoragePoolGetName (pool));
  if (virStoragePoolGetInfo (pool, &info) == 0)
    {
      gint64 free_bytes = vireo_host_resources_pool_free_bytes (&info);

      snap->state = pool_state (info.state);
      snap->capacity = info.capacity;
      snap->allocation = MIN (info.allocation, info.capacity);
      snap->available = free_bytes >= 0 ? (guint64) free_bytes : 0;
    }
  if (virStoragePoolGetAutostart (pool, &autostart) == 0)
    snap->autostart = autostart != 0;
  snap->persistent = virStoragePoolIsPersistent (pool) == 1;
  xml = virStoragePoolGetXMLDesc (pool, 0);
  if (xml != NULL)
    {
      g_autoptr(xmlDoc) doc = vireo_xml_parse (xml, "pool", NULL);
      g_autofree char *type = vireo_xml_attr (vireo_xml_root (doc), "type");
      g_autofree char *path = vireo_xml_get_string (vireo_xml_root (doc), "string(target/path)");

      snap->type = bounded_text (type);
      snap->path = path != NULL && *path != '\0' ? bounded_text (path) : NULL;
      free (xml);
    }
  virResetLastError ();
  return snap;
}

static int
compare_snapshots (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 ((*(PoolSnapshot **) a)->name, (*(PoolSnapshot **) b)->name);
}

typedef struct
{
  guint generation;
  gboolean register_events;
  virConnectPtr event_handle;
  int lifecycle_id;
  int refresh_id;
  EventData *event_data;
} ListData;

static void
list_data_free (gpointer ptr)
{
  ListData *data = ptr;

  if (data->event_handle != NULL)
    {
      Deregister *job = g_new0 (Deregister, 1);

      job->handle = data->event_handle;
      job->lifecycle_id = data->lifecycle_id;
      job->refresh_id = data->refresh_id;
      deregister_thread (job);
    }
  g_free (data);
}

static void
list_pools_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  ListData *data = task_data;
  virConnectPtr handle = task_handle (task);
  virStoragePoolPtr *pools = NULL;
  GPtrArray *result;
  int n;

  if (handle == NULL)
    return;

  if (data->register_events)
    {
      EventData *lifecycle = g_new0 (EventData, 1);
      EventData *refresh = g_new0 (EventData, 1);

      g_weak_ref_init (&lifecycle->self, source_object);
      g_weak_ref_init (&refresh->self, source_object);
      data->lifecycle_id = virConnectStoragePoolEventRegisterAny (
          handle, NULL, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
          VIR_STORAGE_POOL_EVENT_CALLBACK (G_CALLBACK (pool_lifecycle_cb)), lifecycle, event_data_free);
      if (data->lifecycle_id < 0)
        event_data_free (lifecycle);
      data->refresh_id = virConnectStoragePoolEventRegisterAny (
          handle, NULL, VIR_STORAGE_POOL_EVENT_ID_REFRESH,
          VIR_STORAGE_POOL_EVENT_CALLBACK (G_CALLBACK (pool_refresh_cb)), refresh, event_data_free);
      if (data->refresh_id < 0)
        event_data_free (refresh);
      virResetLastError ();
      virConnectRef (handle);
      data->event_handle = handle;
    }

  n = virConnectListAllStoragePools (handle, &pools, 0);
  if (n < 0)
    {
      /* a driver without storage: no pools, not an error */
      virResetLastError ();
      n = 0;
    }
  result = g_ptr_array_new_with_free_func (pool_snapshot_free);
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (result, read_pool (pools[i]));
      virStoragePoolFree (pools[i]);
    }
  free (pools);
  g_ptr_array_sort (result, compare_snapshots);
  virConnectClose (handle);
  g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

/* main thread: the store takes the worker's reading, keeping the objects of
 * pools that are still there */
static void
merge_pools (VireoHostStorage *self, GPtrArray *snaps)
{
  guint i = 0, j = 0;

  while (i < g_list_model_get_n_items (G_LIST_MODEL (self->pools)) || j < snaps->len)
    {
      g_autoptr(VireoStoragePool) pool = g_list_model_get_item (G_LIST_MODEL (self->pools), i);
      PoolSnapshot *snap = j < snaps->len ? g_ptr_array_index (snaps, j) : NULL;
      int cmp = pool == NULL ? 1 : snap == NULL ? -1 : g_strcmp0 (pool->name, snap->name);

      if (cmp == 0)
        {
          pool_update (pool, snap);
          i++, j++;
        }
      else if (cmp < 0)
        g_list_store_remove (self->pools, i);
      else
        {
          g_autoptr(VireoStoragePool) added = pool_new (snap);

          g_list_store_insert (self->pools, i, added);
          i++, j++;
        }
    }
}

static void
list_pools_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VireoHostStorage *self = VIREO_HOST_STORAGE (object);
  ListData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) snaps = NULL;
  g_autoptr(GError) error = NULL;

  if (data->register_events)
    self->registering = FALSE;
  snaps = g_task_propagate_pointer (G_TASK (result), &error);
  /* kept only for the handle still in use: one from before a reconnect goes */
  if (data->event_handle != NULL && !g_cancellable_is_cancelled (self->cancellable) &&
      self->event_handle == NULL && self->connection != NULL &&
      vireo_connection_get_state (self->connection) == VIREO_CONNECTION_STATE_CONNECTED)
    {
      self->event_handle = g_steal_pointer (&data->event_handle);
      self->lifecycle_id = data->lifecycle_id;
      self->refresh_id = data->refresh_id;
    }
  if (snaps == NULL || data->generation != self->generation)
    return;
  merge_pools (self, snaps);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

static void
start_reload (VireoHostStorage *self, gboolean register_events)
{
  g_autoptr(GTask) task = NULL;
  ListData *data;

  if (self->connection == NULL ||
      vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_CONNECTED)
    return;
  data = g_new0 (ListData, 1);
  data->generation = ++self->generation;
  data->register_events = register_events;
  data->lifecycle_id = data->refresh_id = -1;
  if (register_events)
    self->registering = TRUE;
  task = g_task_new (self, self->cancellable, list_pools_cb, NULL);
  g_task_set_source_tag (task, start_reload);
  g_task_set_task_data (task, data, list_data_free);
  vireo_connection_run_in_worker (self->connection, task, list_pools_thread);
}

static gboolean
reload_idle (gpointer user_data)
{
  VireoHostStorage *self = user_data;

  self->reload_source = 0;
  start_reload (self, self->event_handle == NULL && !self->registering);
  return G_SOURCE_REMOVE;
}

/* several events in a row (define, start) make one reading */
static void
reload_soon (VireoHostStorage *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_idle_add (reload_idle, self);
}

void
vireo_host_storage_reload (VireoHostStorage *self)
{
  g_return_if_fail (VIREO_IS_HOST_STORAGE (self));
  reload_soon (self);
}

static void
state_changed_cb (VireoConnection *connection, GParamSpec *pspec, VireoHostStorage *self)
{
  if (vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED)
    reload_soon (self);
  else
    drop_events (self);   /* a new handle comes with the reconnect */
}

static void
host_storage_release (gpointer data)
{
  g_object_run_dispose (data);
  g_object_unref (data);
}

VireoHostStorage *
vireo_host_storage_get (VireoConnection *connection)
{
  VireoHostStorage *self;

  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  self = g_object_get_data (G_OBJECT (connection), "vireo-host-storage");
  if (self != NULL)
    return g_object_ref (self);

  self = g_object_new (VIREO_TYPE_HOST_STORAGE, NULL);
  self->connection = connection;
  g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &self->connection);
  /* the worker finds the connection through this (the task's source is us) */
  g_object_set_data (G_OBJECT (self), "vireo-connection", connection);
  self->state_handler = g_signal_connect (connection, "notify::state", G_CALLBACK (state_changed_cb), self);
  /* the connection keeps it for every later caller */
  g_object_set_data_full (G_OBJECT (connection), "vireo-host-storage", g_object_ref (self),
                          host_storage_release);
  reload_soon (self);
  return self;
}

VireoConnection *
vireo_host_storage_get_connection (VireoHostStorage *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_STORAGE (self), NULL);
  return self->connection;
}

GListModel *
vireo_host_storage_get_pools (VireoHostStorage *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_STORAGE (self), NULL);
  return G_LIST_MODEL (self->pools);
}

gboolean
vireo_host_storage_get_loaded (VireoHostStorage *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_STORAGE (self), FALSE);
  return self->loaded;
}

VireoStoragePool *
vireo_host_storage_lookup_pool (VireoHostStorage *self, const char *name)
{
  guint n;

  g_return_val_if_fail (VIREO_IS_HOST_STORAGE (self), NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->pools));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoStoragePool) pool = g_list_model_get_item (G_LIST_MODEL (self->pools), i);

      if (g_strcmp0 (pool->name, name) == 0)
        return pool;   /* the store holds it */
    }
  return NULL;
}

/* -- operations: shared plumbing --------------------------------------------------- */

typedef struct
{
  char *pool;
  char *volume;
  char *path;
  char *xml;
  VireoPoolSpec *pool_spec;
  VireoVolumeSpec *volume_spec;
  VireoPoolAction action;
  guint64 capacity;
  gboolean flag;        /* delete_directory, allow_shrink, create, build */
  gboolean autostart;
  gboolean local;
  GFileProgressCallback progress;
  gpointer progress_data;
  GMainContext *context;
} OpData;

static void
op_data_free (gpointer ptr)
{
  OpData *data = ptr;

  g_free (data->pool);
  g_free (data->volume);
  g_free (data->path);
  g_free (data->xml);
  vireo_pool_spec_free (data->pool_spec);
  vireo_volume_spec_free (data->volume_spec);
  if (data->context != NULL)
    g_main_context_unref (data->context);
  g_free (data);
}

static gboolean
connection_is_local (VireoConnection *connection)
{
  g_autoptr(GUri) uri = g_uri_parse (vireo_connection_get_uri (connection), G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  return host == NULL || *host == '\0' || g_str_equal (host, "localhost");
}

static OpData *
op_data_new (VireoHostStorage *self, const char *pool, const char *volume)
{
  OpData *data = g_new0 (OpData, 1);

  data->pool = g_strdup (pool);
  data->volume = g_strdup (volume);
  data->local = self->connection != NULL && connection_is_local (self->connection);
  return data;
}

/* the connection's handle for a worker, or NULL with the task answered */
static virConnectPtr
task_handle (GTask *task)
{
  VireoConnection *connection = g_object_get_data (g_task_get_source_object (task), "vireo-connection");
  virConnectPtr handle = NULL;

  /* the object keeps the pointer only while the connection lives */
  if (VIREO_HOST_STORAGE (g_task_get_source_object (task))->connection != NULL)
    handle = vireo_connection_ref_handle (connection);
  if (handle == NULL)
    g_task_return_error (task, disconnected_error ());
  return handle;
}

static char *
isolate (const char *name)
{
  return vireo_display_name_isolate (name);
}

/* answers @task with libvirt's last error after @what ("Could not …") */
static void
return_libvirt_what (GTask *task, const char *what)
{
  g_task_return_error (task, vireo_error_new_from_libvirt (what));
  virResetLastError ();
}

/* @format: a literal with one %s, the name (isolated here) */
#define return_libvirt_error(task, format, name)                                                   \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autofree char *_shown = isolate (name);                                                      \
    g_autofree char *_what = g_strdup_printf (format, _shown);                                     \
    return_libvirt_what (task, _what);                                                             \
  }                                                                                                \
  G_STMT_END

static void
run_op (VireoHostStorage *self,
        gpointer tag,
        OpData *data,
        GTaskThreadFunc thread,
        GCancellable *cancellable,
        GAsyncReadyCallback callback,
        gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, data, op_data_free);
  if (self->connection == NULL)
    {
      g_task_return_error (task, disconnected_error ());
      return;
    }
  vireo_connection_run_in_worker (self->connection, task, thread);
}

static gboolean
finish_boolean (VireoHostStorage *self, GAsyncResult *result, gpointer tag, GError **error)
{
  g_return_val_if_fail (VIREO_IS_HOST_STORAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, FALSE);
  /* whatever happened, the pools' numbers may have changed */
  reload_soon (self);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static virStoragePoolPtr
lookup_pool (GTask *task, virConnectPtr handle, const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (handle, name);

  if (pool == NULL)
    return_libvirt_error (task, _("Could not find the storage pool %s"), name);
  return pool;
}

/* -- pool operations ------------------------------------------------------------ */

static void
pool_action_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  OpData *data = task_data;
  virConnectPtr handle = task_handle (task);
  virStoragePoolPtr pool;
  g_autofree char *shown = isolate (data->pool);
  g_autofree char *what = NULL;
  int rc = -1;

  if (handle == NULL)
    return;
  pool = lookup_pool (task, handle, data->pool);
  if (pool != NULL)
    {
      switch (data->action)
        {
        case VIREO_POOL_ACTION_START:
          rc = virStoragePoolCreate (pool, 0);
          what = g_strdup_printf (_("Could not start the storage pool %s"), shown);
          break;
        case VIREO_POOL_ACTION_STOP:
          rc = virStoragePoolDestroy (pool);
          what = g_strdup_printf (_("Could not stop the storage pool %s"), shown);
          break;
        case VIREO_POOL_ACTION_BUILD:
          rc = virStoragePoolBuild (pool, 0);
          what = g_strdup_printf (_("Could not build the storage pool %s"), shown);
          break;
        case VIREO_POOL_ACTION_REFRESH:
          rc = virStoragePoolRefresh (pool, 0);
          what = g_strdup_printf (_("Could not refresh the storage pool %s"), shown);
          break;
        case VIREO_POOL_ACTION_AUTOSTART_ON:
        case VIREO_POOL_ACTION_AUTOSTART_OFF:
          rc = virStoragePoolSetAutostart (pool, data->action == VIREO_POOL_ACTION_AUTOSTART_ON);
          what = g_strdup_printf (_("Could not change whether the storage pool %s starts with the host"), shown);
          break;
        default:
          g_assert_not_reached ();
        }
      if (rc < 0)
        return_libvirt_what (task, what);
      else
        g_task_return_boolean (task, TRUE);
      virStoragePoolFree (pool);
    }
  virConnectClose (handle);
}

void
vireo_host_storage_pool_action_async (VireoHostStorage *self,
                                      const char *pool,
                                      VireoPoolAction action,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  OpData *data;

  g_return_if_fail (VIREO_IS_HOST_STORAGE (self));
  g_return_if_fail (pool != NULL);
  data = op_data_new (self, pool, NULL);
  data->action = action;
  run_op (self, vireo_host_storage_pool_action_async, data, pool_action_thread, cancellable, callback,
          user_data);
}

gboolean
vireo_host_storage_pool_action_finish (VireoHostStorage *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, vireo_host_storage_pool_action_async, error);
}

char *
vireo_host_storage_check_reachable (const char *host, guint16 port, guint timeout_ms)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = isolate (host);

  g_return_val_if_fail (host != NULL, NULL);
  /* NFS never goes through a proxy (and asking for one reads GSettings) */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, MAX (1u, (timeout_ms + 999) / 1000));
  connection = g_socket_client_connect_to_host (client, host, port, NULL, &error);
  if (connection != NULL)
    return NULL;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    /* Translators: %s: a host name; %u: a number of seconds */
    return g_strdup_printf (_("The NFS server %s did not answer within %u seconds. Check its name and that it is on the network."),
                            shown, MAX (1u, (timeout_ms + 999) / 1000));
  /* Translators: the first %s is a host name, the second the system's reason */
  return g_strdup_printf (_("Could not reach the NFS server %s: %s. Check its name and that it serves NFS."),
                          shown, error->message);
}

static void
create_pool_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  OpData *data = task_data;
  const VireoPoolSpec *spec = data->pool_spec;
  virConnectPtr handle;
  virStoragePoolPtr pool;
  g_autofree char *shown = isolate (spec->name);
  gboolean built = FALSE;

  /* the NFS server first: it needs no libvirt, and nothing is made yet */
  if (g_str_equal (spec->type, "netfs") && spec->hosts != NULL && spec->hosts[0] != NULL)
    {
      g_autofree char *reason = vireo_host_storage_check_reachable (spec->hosts[0], 2049, 5000);

      if (reason != NULL)
        {
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED, "%s", reason);
          return;
        }
    }

  handle = task_handle (task);
  if (handle == NULL)
    return;

  pool = virStoragePoolLookupByName (handle, spec->name);
  virResetLastError ();
  if (pool != NULL)
    {
      virStoragePoolFree (pool);
      virConnectClose (handle);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("A storage pool called %s already exists. Choose another name."), shown);
      return;
    }

  if (g_str_equal (spec->type, "dir") && data->local && spec->target_path != NULL &&
      g_file_test (spec->target_path, G_FILE_TEST_EXISTS) &&
      !g_file_test (spec->target_path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *path = isolate (spec->target_path);

      virConnectClose (handle);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("%s is not a folder. Choose a folder, or a path that does not exist yet."),
                               path);
      return;
    }

  pool = virStoragePoolDefineXML (handle, data->xml, 0);
  if (pool == NULL)
    {
      return_libvirt_error (task, _("Could not make the storage pool %s"), spec->name);
      virConnectClose (handle);
      return;
    }

  /* build only what is not there yet: a dir pool's folder that exists is kept */
  if (data->flag && !(g_str_equal (spec->type, "dir") && data->local &&
                      g_file_test (spec->target_path, G_FILE_TEST_IS_DIR)))
    {
      if (virStoragePoolBuild (pool, 0) < 0)
        goto failed;
      built = TRUE;
    }
  if (virStoragePoolCreate (pool, 0) < 0)
    goto failed;
  if (data->autostart && virStoragePoolSetAutostart (pool, 1) < 0)
    goto failed;

  virStoragePoolFree (pool);
  virConnectClose (handle);
  g_task_return_boolean (task, TRUE);
  return;

failed:
  {
    virErrorPtr saved = virSaveLastError ();
    g_autofree char *what = g_strdup_printf (_("Could not make the storage pool %s"), shown);

    /* nothing half-made: stopped, what the build made removed, undefined */
    if (virStoragePoolIsActive (pool) == 1)
      virStoragePoolDestroy (pool);
    if (built && g_str_equal (spec->type, "dir"))
      virStoragePoolDelete (pool, 0);
    virStoragePoolUndefine (pool);
    virResetLastError ();
    g_task_return_error (task, vireo_error_new_from_virerror (saved, what));
    virFreeError (saved);
    virStoragePoolFree (pool);
    virConnectClose (handle);
  }
}

void
vireo_host_storage_create_pool_async (VireoHostStorage *self,
                                      const VireoPoolSpec *spec,
                                      gboolean build,
                                      gboolean autostart,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  OpData *data;

  g_return_if_fail (VIREO_IS_HOST_STORAGE (self));
  g_return_if_fail (spec != NULL);

  xml = vireo_pool_spec_to_xml (spec, &error);
  if (xml == NULL)
    {
      g_task_report_error (self, callback, user_data, vireo_host_storage_create_pool_async,
                           g_steal_pointer (&error));
      return;
    }
  data = op_data_new (self, spec->name, NULL);
  data->xml = g_steal_pointer (&xml);
  data->pool_spec = vireo_pool_spec_new (spec->type, spec->name);
  data->pool_spec->target_path = g_strdup (spec->target_path);
  data->pool_spec->hosts = g_strdupv (spec->hosts);
  data->flag = build;
  data->autostart = autostart;
  run_op (self, vireo_host_storage_create_pool_async, data, create_pool_thread, cancellable, callback,
          user_data);
}

gboolean
vireo_host_storage_create_pool_finish (VireoHostStorage *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, vireo_host_storage_create_pool_async, error);
}

static void
delete_pool_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  OpData *data = task_data;
  virConnectPtr handle = task_handle (task);
  virStoragePoolPtr pool;
  g_autofree char *shown = isolate (data->pool);

  if (handle == NULL)
    return;
  pool = lookup_pool (task, handle, data->pool);
  if (pool == NULL)
    {
      virConnectClose (handle);
      return;
    }

  /* the folder goes only when empty: checked before anything changes */
  if (data->flag && virStoragePoolIsActive (pool) == 1)
    {
      int n;

      virStoragePoolRefresh (pool, 0);
      n = virStoragePoolNumOfVolumes (pool);
      virResetLastError ();
      if (n > 0)
        {
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                                   ngettext ("The storage pool %s still holds %d volume. Delete it first, or keep the pool’s folder.",
                                                "The storage pool %s still holds %d volumes. Delete them first, or keep the pool’s folder.",
                                                n),
                                   shown, n);
          goto out;
        }
    }

  if (virStoragePoolIsActive (pool) == 1 && virStoragePoolDestroy (pool) < 0)
    {
      return_libvirt_error (task, _("Could not stop the storage pool %s"), data->pool);
      goto out;
    }
  if (data->flag && virStoragePoolDelete (pool, 0) < 0)
    {
      return_libvirt_error (task, _("Could not delete the folder of the storage pool %s"), data->pool);
      goto out;
    }
  if (virStoragePoolIsPersistent (pool) == 1 && virStoragePoolUndefine (pool) < 0)
    {
      return_libvirt_error (task, _("Could not delete the storage pool %s"), data->pool);
      goto out;
    }
  virResetLastError ();
  g_task_return_boolean (task, TRUE);

out:
  virStoragePoolFree (pool);
  virConnectClose (handle);
}

void
vireo_host_storage_delete_pool_async (VireoHostStorage *self,
                                      const char *pool,
                                      gboolean delete_directory,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  OpData *data;

  g_return_if_fail (VIREO_IS_HOST_STORAGE (self));
  g_return_if_fail (pool != NULL);
  data = op_data_new (self, pool, NULL);
  data->flag = delete_directory;
  run_op (self, vireo_host_storage_delete_pool_async, data, delete_pool_thread, cancellable, callback,
          user_data);
}

gboolean
vireo_host_storage_delete_pool_finish (VireoHostStorage *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, vireo_host_storage_delete_pool_async, error);
}

static void
capabilities_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  virConnectPtr handle = task_handle (task);
  char *xml;

  if (handle == NULL)
    return;
  xml = virConnectGetStoragePoolCapabilities (handle, 0);
  virResetLastError ();
  g_task_return_pointer (task, vireo_pool_capabilities_parse_supported (xml), (GDestroyNotify) g_strfreev);
  free (xml);
  virConnectClose (handle);
}

void
vireo_host_storage_get_capabilities_async (VireoHostStorage *self,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data)
{
  g_return_if_fail (VIREO_IS_HOST_STORAGE (self));
  run_op (self, vireo_host_storage_get_capabilities_async, op_data_new (self, NULL, NULL),
          capabilities_thread, cancellable, callback, user_data);
}

GStrv
vireo_host_storage_get_capabilities_finish (VireoHostStorage *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- volumes ---------------------------------------------------------------------- */

/* path or "pool/volume" → GPtrArray of VM names, from every VM's definition */
static void
add_user (GHashTable *users, const char *source, const char *vm)
{
  GPtrArray *names;

  if (source == NULL || *source == '\0')
    return;
  names = g_hash_table_lookup (users, source);
  if (names == NULL)
    {
      names = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (users, g_strdup (source), names);
    }
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), vm))
      return;
  g_ptr_array_add (names, g_strdup (vm));
}

static void
scan_domain_xml (GHashTable *users, const char *xml, const char *vm)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse (xml, "domain", NULL);
  g_autoptr(GPtrArray) sources = NULL;

  if (doc == NULL)
    return;
  sources = vireo_xml_get_nodes (vireo_xml_root (doc), "devices/disk/source");
  for (guint i = 0; i < sources->len && i < 1024; i++)
    {
      xmlNode *source = g_ptr_array_index (sources, i);
      g_autofree char *file = vireo_xml_attr (source, "file");
      g_autofree char *dev = vireo_xml_attr (source, "dev");
      g_autofree char *pool = vireo_xml_attr (source, "pool");
      g_autofree char *volume = vireo_xml_attr (source, "volume");

      add_user (users, file, vm);
      add_user (users, dev, vm);
      if (pool != NULL && volume != NULL)
        {
          g_autofree char *both = g_strdup_printf ("%s/%s", pool, volume);

          add_user (users, both, vm);
        }
    }
}

static GHashTable *
collect_disk_users (virConnectPtr handle)
{
  GHashTable *users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  virDomainPtr *domains = NULL;
  int n = virConnectListAllDomains (handle, &domains, 0);

  for (int i = 0; i < n; i++)
    {
      g_autofree char *vm = bounded_text (virDomainGetName (domains[i]));
      char *xml = virDomainGetXMLDesc (domains[i], VIR_DOMAIN_XML_INACTIVE);

      if (xml != NULL && vm != NULL)
        scan_domain_xml (users, xml, vm);
      free (xml);
      if (virDomainIsActive (domains[i]) == 1)
        {
          xml = virDomainGetXMLDesc (domains[i], 0);
          if (xml != NULL && vm != NULL)
            scan_domain_xml (users, xml, vm);
          free (xml);
        }
      virDomainFree (domains[i]);
    }
  free (domains);
  virResetLastError ();
  return users;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static VireoStorageVolume *
read_volume (virStorageVolPtr handle, const char *pool, GHashTable *users)
{
  VireoStorageVolume *self = g_object_new (VIREO_TYPE_STORAGE_VOLUME, NULL);
  virStorageVolInfo info;
  char *path = virStorageVolGetPath (handle);
  char *xml = virStorageVolGetXMLDesc (handle, 0);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *both = NULL;
  GPtrArray *found;

  self->name = bounded_text (virStorageVolGetName (handle));
  self->pool = g_strdup (pool);
  self->path = bounded_text (path);
  if (xml != NULL)
    {
      g_autoptr(xmlDoc) doc = vireo_xml_parse (xml, "volume", NULL);
      g_autofree char *format = vireo_xml_attr (vireo_xml_child (vireo_xml_child (vireo_xml_root (doc), "target"), "format"),
                                                "type");

      self->format = bounded_text (format);
    }
  if (virStorageVolGetInfo (handle, &info) == 0)
    {
      self->capacity = info.capacity;
      self->allocation = info.allocation;
    }
  free (path);
  free (xml);

  both = g_strdup_printf ("%s/%s", pool, self->name);
  for (guint k = 0; k < 2; k++)
    {
      const char *key = k == 0 ? self->path : both;

      found = key != NULL ? g_hash_table_lookup (users, key) : NULL;
      for (guint i = 0; found != NULL && i < found->len; i++)
        {
          gboolean seen = FALSE;

          for (guint j = 0; j < names->len; j++)
            seen |= g_str_equal (g_ptr_array_index (names, j), g_ptr_array_index (found, i));
          if (!seen)
            g_ptr_array_add (names, g_ptr_array_index (found, i));
        }
    }
  if (names->len > 0)
    {
      g_ptr_array_sort (names, compare_strings);
      self->users = g_new0 (char *, names->len + 1);
      for (guint i = 0; i < names->len; i++)
        self->users[i] = g_strdup (g_ptr_array_index (names, i));
    }
  return self;
}

static int
compare_volumes (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 ((*(VireoStorageVolume **) a)->name, (*(VireoStorageVolume **) b)->name);
}

static void
list_volumes_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  OpData *data = task_data;
  virConnectPtr handle = task_handle (task);
  virStoragePoolPtr pool;
  virStorageVolPtr *volumes = NULL;
  g_autoptr(GHashTable) users = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GListStore *store;
  int n;

  if (handle == NULL)
    return;
  pool = lookup_pool (task, handle, data->pool);
  if (pool == NULL)
    {
      virConnectClose (handle);
      return;
    }
  store = g_list_store_new (VIREO_TYPE_STORAGE_VOLUME);
  if (virStoragePoolIsActive (pool) == 1)
    {
      virStoragePoolRefresh (pool, 0);   /* files copied in by hand since */
      n = virStoragePoolListAllVolumes (pool, &volumes, 0);
      if (n < 0)
        {
          return_libvirt_error (task, _("Could not list the volumes of the storage pool %s"), data->pool);
          g_object_unref (store);
          virStoragePoolFree (pool);
          virConnectClose (handle);
          return;
        }
      users = collect_disk_users (handle);
      items = g_ptr_array_new_full (n, g_object_unref);
      for (int i = 0; i < n; i++)
        {
          if (!g_cancellable_is_cancelled (cancellable))
            g_ptr_array_add (items, read_volume (volumes[i], data->pool, users));
          virStorageVolFree (volumes[i]);
        }
      free (volumes);
      g_ptr_array_sort (items, compare_volumes);
      /* one splice: one items-changed for the whole list */
      g_list_store_splice (store, 0, 0, items->pdata, items->len);
    }
  virResetLastError ();
  virStoragePoolFree (pool);
  virConnectClose (handle);
  g_task_return_pointer (task, store, g_object_unref);
}

void
vireo_host_storage_list_volumes_async (VireoHostStorage *self,
                                       const char *pool,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  g_return_if_fail (VIREO_IS_HOST_STORAGE (self));
  g_return_if_fail (pool != NULL);
  run_op (self, vireo_host_storage_list_volumes_async, op_data_new (self, pool, NULL), list_volumes_thread,
          cancellable, callback, user_data);
}

GListModel *
vireo_host_storage_list_volumes_finish (VireoHostStorage *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
create_volume_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  OpData *data = task_data;
  const VireoVolumeSpec *spec = data->volume_spec;
  virConnectPtr handle = task_handle (task);
  virStoragePoolPtr pool;
  virStorageVolPtr volume;
  virStoragePoolInfo info;
  g_autofree char *shown = isolate (spec->name);

  if (handle == NULL)
    return;
  pool = lookup_pool (task, handle, data->pool);
  if (pool == NULL)
    {
      virConnectClose (handle);
      return;
    }

  volume = virStorageVolLookupByName (pool, spec->name);
  virResetLastError ();
  if (volume != NULL)
    {
      virStorageVolFree (volume);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("A volume called %s already exists in this pool. Choose another name."), shown);
      goto out;
    }

  if (virStoragePoolGetInfo (pool, &info) == 0)
    {
      gint64 free_bytes = vireo_host_resources_pool_free_bytes (&info);

      if (free_bytes >= 0 && spec->allocation > (guint64) free_bytes)
        {
          g_autofree char *need = g_format_size_full (spec->allocation, G_FORMAT_SIZE_IEC_UNITS);
          g_autofree char *have = g_format_size_full (free_bytes, G_FORMAT_SIZE_IEC_UNITS);

          /* Translators: "Volume “a” needs 20 GiB now, but the pool has 3 GiB free. …" */
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                                   _("Volume %s needs %s now, but the pool has only %s free. Make it smaller, allocate less now, or free some space."),
                                   shown, need, have);
          goto out;
        }
    }

  if (spec->backing_path != NULL && *spec->backing_path != '\0')
    {
      virStorageVolPtr backing = virStorageVolLookupByPath (handle, spec->backing_path);

      virResetLastError ();
      if (backing != NULL)
        virStorageVolFree (backing);
      else if (!data->local || !g_file_test (spec->backing_path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *path = isolate (spec->backing_path);

          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                                   _("The backing file %s does not exist. Choose an existing volume."), path);
          goto out;
        }
    }

  volume = virStorageVolCreateXML (pool, data->xml, 0);
  if (volume == NULL)
    return_libvirt_error (task, _("Could not make the volume %s"), spec->name);
  else
    {
      virStorageVolFree (volume);
      g_task_return_boolean (task, TRUE);
    }

out:
  virStoragePoolFree (pool);
  virConnectClose (handle);
}

void
vireo_host_storage_create_volume_async (VireoHostStorage *self,
                                        const char *pool,
                                        const VireoVolumeSpec *spec,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  OpData *data;

  g_return_if_fail (VIREO_IS_HOST_STORAGE (self));
  g_return_if_fail (pool != NULL && spec != NULL);

  xml = vireo_volume_spec_to_xml (spec, &error);
  if (xml == NULL)
    {
      g_task_report_error (self, callback, user_data, vireo_host_storage_create_volume_async,
                           g_steal_pointer (&error));
      return;
    }
  data = op_data_new (self, pool, spec->name);
  data->xml = g_steal_pointer (&xml);
  data->volume_spec = g_new0 (VireoVolumeSpec, 1);
  data->volume_spec->name = g_strdup (spec->name);
  data->volume_spec->format = g_strdup (spec->format);
  data->volume_spec->capacity = spec->capacity;
  data->volume_spec->allocation = spec->allocation;
  data->volume_spec->backing_path = g_strdup (spec->backing_path);
  data->volume_spec->backing_format = g_strdup (spec->backing_format);
  run_op (self, vireo_host_storage_create_volume_async, data, create_volume_thread, cancellable, callback,
          user_data);
}

gboolean
vireo_host_storage_create_volume_finish (VireoHostStorage *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, vireo_host_storage_create_volume_async, error);
}

/* the volume @data names, or NULL with the task answered */
static virStorageVolPtr
lookup_volume (GTask *task, virConnectPtr handle, OpData *data, virStoragePoolPtr *pool_out)
{
  virStoragePoolPtr pool = lookup_pool (task, handle, data->pool);
  virStorageVolPtr volume;

  if (pool == NULL)
    return NULL;
  volume = virStorageVolLookupByName (pool, data->volume);
  if (volume == NULL)
    return_libvirt_error (task, _("Could not find the volume %s"), data->volume);
  if (pool_out != NULL)
    *pool_out = pool;
  else
    virStoragePoolFree (pool);
  return volume;
}

typedef enum { VOLUME_DELETE, VOLUME_RESIZE, VOLUME_WIPE } VolumeOp;

static void
volume_op_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  OpData *data = task_data;
  virConnectPtr handle = task_handle (task);
  virStorageVolPtr volume;
  virStorageVolInfo info;
  int rc = -1;

  if (handle == NULL)
    return;
  volume = lookup_volume (task, handle, data, NULL);
  if (volume == NULL)
    {
      virConnectClose (handle);
      return;
    }
  switch ((VolumeOp) data->action)
    {
    case VOLUME_DELETE:
      if (virStorageVolDelete (volume, 0) < 0)
        return_libvirt_error (task, _("Could not delete the volume %s"), data->volume);
      else
        rc = 0;
      break;
    case VOLUME_RESIZE:
      if (virStorageVolGetInfo (volume, &info) == 0 && data->capacity < info.capacity && !data->flag)
        {
          g_autofree char *shown = isolate (data->volume);

          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                                   _("Shrinking the volume %s would cut off the data at its end. Confirm the smaller size to shrink it anyway."),
                                   shown);
          break;
        }
      if (virStorageVolResize (volume, data->capacity,
                               data->flag ? VIR_STORAGE_VOL_RESIZE_SHRINK : 0) < 0)
        return_libvirt_error (task, _("Could not resize the volume %s"), data->volume);
      else
        rc = 0;
      break;
    case VOLUME_WIPE:
      if (virStorageVolWipe (volume, 0) < 0)
        return_libvirt_error (task, _("Could not wipe the volume %s"), data->volume);
      else
        rc = 0;
      break;
    default:
      g_assert_not_reached ();
    }
  if (rc == 0)
    g_task_return_boolean (task, TRUE);
  virResetLastError ();
  virStorageVolFree (volume);
  virConnectClose (handle);
}

static void
volume_op (VireoHostStorage *self,
           gpointer tag,
           VolumeOp op,
           const char *pool,
           const char *volume,
           guint64 capacity,
           gboolean flag,
           GCancellable *cancellable,
           GAsyncReadyCallback callback,
           gpointer user_data)
{
  OpData *data;

  g_return_if_fail (VIREO_IS_HOST_STORAGE (self));
  g_return_if_fail (pool != NULL && volume != NULL);
  data = op_data_new (self, pool, volume);
  data->action = (VireoPoolAction) op;
  data->capacity = capacity;
  data->flag = flag;
  run_op (self, tag, data, volume_op_thread, cancellable, callback, user_data);
}

void
vireo_host_storage_delete_volume_async (VireoHostStorage *self,
                                        const char *pool,
                                        const char *volume,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  volume_op (self, vireo_host_storage_delete_volume_async, VOLUME_DELETE, pool, volume, 0, FALSE,
             cancellable, callback, user_data);
}

gboolean
vireo_host_storage_delete_volume_finish (VireoHostStorage *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, vireo_host_storage_delete_volume_async, error);
}

void
vireo_host_storage_resize_volume_async (VireoHostStorage *self,
                                        const char *pool,
                                        const char *volume,
                                        guint64 capacity,
                                        gboolean allow_shrink,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  volume_op (self, vireo_host_storage_resize_volume_async, VOLUME_RESIZE, pool, volume, capacity,
             allow_shrink, cancellable, callback, user_data);
}

gboolean
vireo_host_storage_resize_volume_finish (VireoHostStorage *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, vireo_host_storage_resize_volume_async, error);
}

void
vireo_host_storage_wipe_volume_async (VireoHostStorage *self,
                                      const char *pool,
                                      const char *volume,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  volume_op (self, vireo_host_storage_wipe_volume_async, VOLUME_WIPE, pool, volume, 0, FALSE, cancellable,
             callback, user_data);
}

gboolean
vireo_host_storage_wipe_volume_finish (VireoHostStorage *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, vireo_host_storage_wipe_volume_async, error);
}

/* -- transfers ---------------------------------------------------------------------- */

#define TRANSFER_CHUNK (256 * 1024)

typedef struct
{
  GFileProgressCallback progress;
  gpointer progress_data;
  goffset current;
  goffset total;
} ProgressReport;

static gboolean
progress_idle (gpointer user_data)
{
  ProgressReport *report = user_data;

  report->progress (report->current, report->total, report->progress_data);
  return G_SOURCE_REMOVE;
}

/* at most every 1 % and at the end */
static void
report_progress (OpData *data, goffset current, goffset total, goffset *last)
{
  ProgressReport *report;

  if (data->progress == NULL || (current != total && current - *last < MAX (total / 100, 1)))
    return;
  *last = current;
  report = g_new0 (ProgressReport, 1);
  report->progress = data->progress;
  report->progress_data = data->progress_data;
  report->current = current;
  report->total = total;
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, progress_idle, report, g_free);
}

static void
upload_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  OpData *data = task_data;
  g_autofree char *shown_file = isolate (data->path);
  g_autofree char *shown = isolate (data->volume);
  g_autofree char *buffer = NULL;
  virConnectPtr handle;
  virStoragePoolPtr pool = NULL;
  virStorageVolPtr volume = NULL;
  virStreamPtr stream = NULL;
  gboolean created = FALSE;
  GStatBuf st;
  goffset sent = 0, last = 0;
  int fd;

  /* the file first: nothing is made for a file the user cannot read */
  fd = g_open (data->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    {
      int saved = fd < 0 ? errno : EISDIR;

      if (fd >= 0)
        close (fd);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_PERMISSION_DENIED,
                               _("Could not read the file %s: %s. Choose a file you can read."), shown_file,
                               g_strerror (saved));
      return;
    }

  handle = task_handle (task);
  if (handle == NULL)
    {
      close (fd);
      return;
    }
  pool = lookup_pool (task, handle, data->pool);
  if (pool == NULL)
    goto out;

  if (data->flag)
    {
      g_autoptr(VireoVolumeSpec) spec = g_new0 (VireoVolumeSpec, 1);
      g_autofree char *xml = NULL;
      g_autoptr(GError) error = NULL;

      spec->name = g_strdup (data->volume);
      spec->format = g_strdup ("raw");
      spec->capacity = MAX ((guint64) st.st_size, 1);
      xml = vireo_volume_spec_to_xml (spec, &error);
      if (xml == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          goto out;
        }
      volume = virStorageVolLookupByName (pool, data->volume);
      virResetLastError ();
      if (volume != NULL)
        {
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                                   _("A volume called %s already exists in this pool. Choose another name."),
                                   shown);
          goto out;
        }
      volume = virStorageVolCreateXML (pool, xml, 0);
      if (volume == NULL)
        {
          return_libvirt_error (task, _("Could not make the volume %s"), data->volume);
          goto out;
        }
      created = TRUE;
    }
  else
    {
      volume = virStorageVolLookupByName (pool, data->volume);
      if (volume == NULL)
        {
          return_libvirt_error (task, _("Could not find the volume %s"), data->volume);
          goto out;
        }
    }

  stream = virStreamNew (handle, 0);
  if (stream == NULL || virStorageVolUpload (volume, stream, 0, st.st_size, 0) < 0)
    {
      return_libvirt_error (task, _("Could not upload into the volume %s"), data->volume);
      goto failed;
    }
  buffer = g_malloc (TRANSFER_CHUNK);
  while (sent < st.st_size)
    {
      gssize got;

      if (g_cancellable_is_cancelled (cancellable))
        {
          virStreamAbort (stream);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The upload was cancelled."));
          goto failed;
        }
      got = read (fd, buffer, TRANSFER_CHUNK);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        {
          int saved = got < 0 ? errno : EIO;

          virStreamAbort (stream);
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                                   _("Could not read the file %s: %s. Choose a file you can read."),
                                   shown_file, g_strerror (saved));
          goto failed;
        }
      for (gssize off = 0; off < got;)
        {
          int n = virStreamSend (stream, buffer + off, got - off);

          if (n < 0)
            {
              virStreamAbort (stream);
              return_libvirt_error (task, _("Could not upload into the volume %s"), data->volume);
              goto failed;
            }
          off += n;
        }
      sent += got;
      report_progress (data, sent, st.st_size, &last);
    }
  if (virStreamFinish (stream) < 0)
    {
      return_libvirt_error (task, _("Could not upload into the volume %s"), data->volume);
      goto failed;
    }
  if (sent == 0)
    report_progress (data, 0, 0, &last);
  g_task_return_boolean (task, TRUE);
  goto out;

failed:
  /* a volume made for this upload does not stay half-written */
  if (created)
    virStorageVolDelete (volume, 0);

out:
  virResetLastError ();
  close (fd);
  if (stream != NULL)
    virStreamFree (stream);
  if (volume != NULL)
    virStorageVolFree (volume);
  if (pool != NULL)
    virStoragePoolFree (pool);
  virConnectClose (handle);
}

void
vireo_host_storage_upload_async (VireoHostStorage *self,
                                 const char *pool,
                                 const char *volume,
                                 const char *path,
                                 gboolean create,
                                 GFileProgressCallback progress,
                                 gpointer progress_data,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  OpData *data;

  g_return_if_fail (VIREO_IS_HOST_STORAGE (self));
  g_return_if_fail (pool != NULL && volume != NULL && path != NULL);

  data = op_data_new (self, pool, volume);
  data->path = g_strdup (path);
  data->flag = create;
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_host_storage_upload_async);
  g_task_set_task_data (task, data, op_data_free);
  /* a thread of its own: a long upload must not hold the connection's worker */
  g_task_run_in_thread (task, upload_thread);
}

gboolean
vireo_host_storage_upload_finish (VireoHostStorage *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, vireo_host_storage_upload_async, error);
}

static void
download_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  OpData *data = task_data;
  g_autofree char *shown_file = isolate (data->path);
  g_autofree char *dir = g_path_get_dirname (data->path);
  g_autofree char *base = g_path_get_basename (data->path);
  g_autofree char *tmpl = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp = g_build_filename (dir, tmpl, NULL);
  g_autofree char *buffer = NULL;
  virConnectPtr handle;
  virStorageVolPtr volume = NULL;
  virStreamPtr stream = NULL;
  virStorageVolInfo info;
  goffset received = 0, last = 0, total = 0;
  int fd;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_PERMISSION_DENIED,
                               _("Could not write the file %s: %s. Choose a folder you can write to."),
                               shown_file, g_strerror (saved));
      return;
    }
  handle = task_handle (task);
  if (handle == NULL)
    {
      close (fd);
      g_unlink (tmp);
      return;
    }
  volume = lookup_volume (task, handle, data, NULL);
  if (volume == NULL)
    goto failed;
  if (virStorageVolGetInfo (volume, &info) == 0)
    total = (goffset) MIN (info.capacity, (guint64) G_MAXINT64);
  stream = virStreamNew (handle, 0);
  if (stream == NULL || virStorageVolDownload (volume, stream, 0, 0, 0) < 0)
    {
      return_libvirt_error (task, _("Could not download the volume %s"), data->volume);
      goto failed;
    }
  buffer = g_malloc (TRANSFER_CHUNK);
  for (;;)
    {
      int got;

      if (g_cancellable_is_cancelled (cancellable))
        {
          virStreamAbort (stream);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The download was cancelled."));
          goto failed;
        }
      got = virStreamRecv (stream, buffer, TRANSFER_CHUNK);
      if (got == -2)
        continue;
      if (got < 0)
        {
          virStreamAbort (stream);
          return_libvirt_error (task, _("Could not download the volume %s"), data->volume);
          goto failed;
        }
      if (got == 0)
        break;
      for (int off = 0; off < got;)
        {
          gssize n = write (fd, buffer + off, got - off);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              int saved = errno;

              virStreamAbort (stream);
              g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                                       _("Could not write the file %s: %s. Choose a folder with enough free space."),
                                       shown_file, g_strerror (saved));
              goto failed;
            }
          off += n;
        }
      received += got;
      report_progress (data, received, MAX (total, received), &last);
    }
  if (virStreamFinish (stream) < 0)
    {
      return_libvirt_error (task, _("Could not download the volume %s"), data->volume);
      goto failed;
    }
  if (close (fd) < 0 || g_rename (tmp, data->path) < 0)
    {
      int saved = errno;

      fd = -1;
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("Could not write the file %s: %s. Choose a folder with enough free space."),
                               shown_file, g_strerror (saved));
      goto failed;
    }
  fd = -1;
  report_progress (data, received, received, &last);
  g_task_return_boolean (task, TRUE);
  goto out;

failed:
  g_unlink (tmp);

out:
  virResetLastError ();
  if (fd >= 0)
    close (fd);
  if (stream != NULL)
    virStreamFree (stream);
  if (volume != NULL)
    virStorageVolFree (volume);
  virConnectClose (handle);
}

void
vireo_host_storage_download_async (VireoHostStorage *self,
                                   const char *pool,
                                   const char *volume,
                                   const char *path,
                                   GFileProgressCallback progress,
                                   gpointer progress_data,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  OpData *data;

  g_return_if_fail (VIREO_IS_HOST_STORAGE (self));
  g_return_if_fail (pool != NULL && volume != NULL && path != NULL);

  data = op_data_new (self, pool, volume);
  data->path = g_strdup (path);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_host_storage_download_async);
  g_task_set_task_data (task, data, op_data_free);
  g_task_run_in_thread (task, download_thread);
}

gboolean
vireo_host_storage_download_finish (VireoHostStorage *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, vireo_host_storage_download_async, error);
}
