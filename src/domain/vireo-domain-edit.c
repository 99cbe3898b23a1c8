/* vireo-domain-edit.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoDomain's hardware calls: read its definition as a VireoDomainConfig
 * and apply an edited one (the live-capable changes on the running VM
 * first, then the whole persistent definition).
 */
#define G_LOG_DOMAIN "vireo-domain"

#define VIREO_DOMAIN_COMPILATION

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-domain-config-private.h"
#include "vireo-domain-edit.h"
#include "vireo-domain-private.h"
#include "vireo-error.h"
#include "vireo-xml-edit.h"
#include "vireo-xml.h"

/* -- reading ------------------------------------------------------------------ */

typedef struct
{
  virDomainPtr handle;
  gboolean     live;
  gboolean     secure;   /* with secrets: a read-only connection has none */
} GetData;

static void
get_data_free (gpointer data)
{
  GetData *get = data;

  if (get->handle != NULL)
    virDomainFree (get->handle);
  g_free (get);
}

static void
get_config_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GetData *data = task_data;
  g_autofree char *name = g_strdup (virDomainGetName (data->handle));
  gboolean active = data->live && virDomainIsActive (data->handle) == 1;
  char *xml;
  VireoDomainConfig *config;
  GError *error = NULL;

  /* the persistent definition keeps its secrets (display passwords), so
   * writing it back loses none */
  xml = virDomainGetXMLDesc (data->handle,
                             active ? 0
                                    : VIR_DOMAIN_XML_INACTIVE
                                      | (data->secure ? VIR_DOMAIN_XML_SECURE : 0));
  if (xml == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Could not read the configuration of “%s”"), name);

      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return;
    }
  config = vireo_domain_config_new_from_xml (xml, &error);
  free (xml);
  if (config == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  _vireo_domain_config_set_is_live (config, active);
  g_task_return_pointer (task, config, g_object_unref);
}

void
vireo_domain_get_config_async (VireoDomain         *self,
                               gboolean             live,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GetData *data;
  virDomainPtr handle;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_domain_get_config_async);
  handle = _vireo_domain_ref_handle (self);
  if (handle == NULL || vireo_domain_get_connection (self) == NULL)
    {
      if (handle != NULL)
        virDomainFree (handle);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                               _("The virtual machine “%s” no longer exists."),
                               vireo_domain_get_name (self));
      return;
    }
  data = g_new0 (GetData, 1);
  data->handle = handle;
  data->live = live;
  data->secure = !vireo_connection_get_read_only (vireo_domain_get_connection (self));
  g_task_set_task_data (task, data, get_data_free);
  vireo_connection_run_in_worker (vireo_domain_get_connection (self), task, get_config_thread);
}

VireoDomainConfig *
vireo_domain_get_config_finish (VireoDomain   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- pending changes ------------------------------------------------------------ */

/* the device ids whose applied changes wait for the next shut down: the
 * VM's pending_devices, made on the first */
static GHashTable *
get_pending (VireoDomain *self)
{
  return self->pending_devices;
}

static void
on_state_changed (VireoDomain *self,
                  GParamSpec  *pspec,
                  gpointer     user_data)
{
  GHashTable *pending = get_pending (self);

  if (vireo_domain_get_state (self) != VIREO_DOMAIN_STATE_SHUTOFF
      || pending == NULL || g_hash_table_size (pending) == 0)
    return;
  g_hash_table_remove_all (pending);
  g_object_notify (G_OBJECT (self), "has-pending-changes");
}

static void
add_pending (VireoDomain *self,
             GPtrArray   *ids)
{
  GHashTable *pending = get_pending (self);
  gboolean was_empty;

  if (ids->len == 0)
    return;
  if (pending == NULL)
    {
      pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      self->pending_devices = pending;
      g_signal_connect (self, "notify::state", G_CALLBACK (on_state_changed), NULL);
    }
  was_empty = g_hash_table_size (pending) == 0;
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (pending, g_strdup (g_ptr_array_index (ids, i)));
  if (was_empty)
    g_object_notify (G_OBJECT (self), "has-pending-changes");
}

gboolean
vireo_domain_is_device_pending (VireoDomain *self,
                                const char  *device_id)
{
  GHashTable *pending;

  g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);
  g_return_val_if_fail (device_id != NULL, FALSE);

  pending = get_pending (self);
  return pending != NULL && g_hash_table_contains (pending, device_id);
}

gboolean
vireo_domain_get_has_pending_changes (VireoDomain *self)
{
  GHashTable *pending;

  g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);

  pending = get_pending (self);
  return pending != NULL && g_hash_table_size (pending) > 0;
}

/* -- applying ------------------------------------------------------------------------ */

static guint detach_timeout_ms = 30000;

void
_vireo_domain_edit_set_detach_timeout (guint ms)
{
  detach_timeout_ms = ms;
}

typedef enum
{
  UNDO_VCPUS,
  UNDO_MEMORY,
  UNDO_UPDATE,
  UNDO_DETACH,
  UNDO_ATTACH,
} UndoKind;

typedef struct
{
  UndoKind kind;
  guint64  number;
  char    *xml;
} Undo;

static void
undo_free (gpointer data)
{
  Undo *undo = data;

  g_free (undo->xml);
  g_free (undo);
}

typedef struct
{
  virDomainPtr       handle;
  VireoDomainConfig *edited;   /* a copy: the worker's alone */
  GPtrArray         *pending;  /* out: device ids */
  GPtrArray         *undo;
  VireoChangeScope   scope;    /* out */
} ApplyData;

static void
apply_data_free (gpointer data)
{
  ApplyData *apply = data;

  if (apply->handle != NULL)
    virDomainFree (apply->handle);
  g_clear_object (&apply->edited);
  g_ptr_array_unref (apply->pending);
  g_ptr_array_unref (apply->undo);
  g_free (apply);
}

static void
add_id (GPtrArray  *ids,
        const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      return;
  g_ptr_array_add (ids, g_strdup (id));
}

/* what waits because of @change: its device, or "" and the part ("cpu",
 * "memory", "boot") for the VM as a whole */
static void
add_change_id (GPtrArray               *ids,
               const VireoConfigChange *change)
{
  add_id (ids, change->device_id);
  if (*change->device_id == '\0' && change->path != NULL)
    add_id (ids, change->path);
}

/* -- waiting for an unplug -- */

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean removed;
  gint     refs;
} Waiter;

static void
waiter_unref (gpointer data)
{
  Waiter *waiter = data;

  if (!g_atomic_int_dec_and_test (&waiter->refs))
    return;
  g_mutex_clear (&waiter->lock);
  g_cond_clear (&waiter->cond);
  g_free (waiter);
}

static void
on_device_removed (virConnectPtr conn,
                   virDomainPtr  dom,
                   const char   *dev_alias,
                   void         *opaque)
{
  Waiter *waiter = opaque;

  g_mutex_lock (&waiter->lock);
  waiter->removed = TRUE;
  g_cond_broadcast (&waiter->cond);
  g_mutex_unlock (&waiter->lock);
}

static gboolean
device_present (virDomainPtr  handle,
                const char   *device_id)
{
  char *xml = virDomainGetXMLDesc (handle, 0);
  g_autoptr(VireoDomainConfig) live = NULL;

  if (xml == NULL)
    return FALSE;
  live = vireo_domain_config_new_from_xml (xml, NULL);
  free (xml);
  return live != NULL && vireo_domain_config_find_device (live, device_id) != NULL;
}

/* detaches @xml and waits until the guest let it go; FALSE with @error */
static gboolean
detach_and_wait (virDomainPtr  handle,
                 const char   *xml,
                 const char   *device_id,
                 const char   *title,
                 const char   *what,
                 GError      **error)
{
  virConnectPtr conn = virDomainGetConnect (handle);
  Waiter *waiter = g_new0 (Waiter, 1);
  gint64 deadline = g_get_monotonic_time () + (gint64) detach_timeout_ms * 1000;
  int callback;
  gboolean gone;

  g_mutex_init (&waiter->lock);
  g_cond_init (&waiter->cond);
  waiter->refs = 2;
  /* registered before the detach, so its event cannot come first */
  callback = virConnectDomainEventRegisterAny (conn, handle, VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
                                               VIR_DOMAIN_EVENT_CALLBACK (G_CALLBACK (on_device_removed)),
                                               waiter, waiter_unref);
  if (callback < 0)
    waiter_unref (waiter);

  if (virDomainDetachDeviceFlags (handle, xml, VIR_DOMAIN_AFFECT_LIVE) < 0)
    {
      *error = vireo_error_new_from_libvirt (what);
      if (callback >= 0)
        virConnectDomainEventDeregisterAny (conn, callback);
      waiter_unref (waiter);
      return FALSE;
    }

  gone = !device_present (handle, device_id);
  while (!gone)
    {
      gboolean timed_out = FALSE;

      g_mutex_lock (&waiter->lock);
      while (!waiter->removed && !timed_out)
        timed_out = !g_cond_wait_until (&waiter->cond, &waiter->lock, deadline);
      waiter->removed = FALSE;
      g_mutex_unlock (&waiter->lock);
      gone = !device_present (handle, device_id);
      if (timed_out)
        break;
    }
  if (callback >= 0)
    virConnectDomainEventDeregisterAny (conn, callback);
  waiter_unref (waiter);
  virResetLastError ();
  if (!gone)
    {
      *error = vireo_error_new_with_details (VIREO_ERROR_FAILED, NULL,
                                             _("%s: the guest did not release %s within %u seconds, so it is still attached. The guest may not support removing it while it runs: shut the virtual machine down and remove it then."),
                                             what, title, (detach_timeout_ms + 999) / 1000);
      return FALSE;
    }
  return TRUE;
}

/* best effort: what the steps before a failure did, undone in reverse */
static void
roll_back (virDomainPtr  handle,
           GPtrArray    *undo)
{
  for (guint i = undo->len; i > 0; i--)
    {
      Undo *step = g_ptr_array_index (undo, i - 1);
      int ret = 0;

      switch (step->kind)
        {
        case UNDO_VCPUS:
          ret = virDomainSetVcpusFlags (handle, (unsigned int) step->number, VIR_DOMAIN_AFFECT_LIVE);
          break;
        case UNDO_MEMORY:
          ret = virDomainSetMemoryFlags (handle, step->number, VIR_DOMAIN_AFFECT_LIVE);
          break;
        case UNDO_UPDATE:
          ret = virDomainUpdateDeviceFlags (handle, step->xml, VIR_DOMAIN_AFFECT_LIVE);
          break;
        case UNDO_DETACH:
          ret = virDomainDetachDeviceFlags (handle, step->xml, VIR_DOMAIN_AFFECT_LIVE);
          break;
        case UNDO_ATTACH:
          ret = virDomainAttachDeviceFlags (handle, step->xml, VIR_DOMAIN_AFFECT_LIVE);
          break;
        default:
          g_assert_not_reached ();
        }
      if (ret < 0)
        g_warning ("could not undo a live change: %s", virGetLastErrorMessage ());
    }
  g_ptr_array_set_size (undo, 0);
  virResetLastError ();
}

static void
push_undo (GPtrArray  *undo,
           UndoKind    kind,
           guint64     number,
           const char *xml)
{
  Undo *step = g_new0 (Undo, 1);

  step->kind = kind;
  step->number = number;
  step->xml = g_strdup (xml);
  g_ptr_array_add (undo, step);
}

/* @device's XML for a hot-plug. A USB address with no port ("on the USB
 * bus", as the definition must say of a USB network adapter: libvirt 9.0
 * looks for a PCI slot for it otherwise) is left out: libvirt would hand
 * QEMU an empty port, where without it libvirt picks a free one. */
static char *
hotplug_xml (VireoDevice *device)
{
  g_autofree char *xml = vireo_device_to_xml (device);
  g_autoptr (xmlDoc) doc = xml != NULL ? vireo_xml_parse (xml, NULL, NULL) : NULL;
  xmlNode *address = doc != NULL
                     ? vireo_xml_get_node (vireo_xml_root (doc), "address[@type='usb' and not(@port)]")
                     : NULL;

  if (address == NULL)
    return g_steal_pointer (&xml);
  vireo_xml_remove (address);
  return vireo_xml_serialize_node (vireo_xml_root (doc), VIREO_XML_FORMAT_COMPACT);
}

/* the live-capable changes on the running VM; FALSE with @error after
 * undoing what was done */
static gboolean
apply_live (ApplyData   *data,
            const char  *name,
            GError     **error)
{
  GPtrArray *changes = _vireo_domain_config_get_changes (data->edited);
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(VireoDomainConfig) live = NULL;
  g_autofree char *what = g_strdup_printf (_("Could not change “%s” while it runs"), name);
  char *xml;

  xml = virDomainGetXMLDesc (data->handle, 0);
  if (xml == NULL)
    {
      *error = vireo_error_new_from_libvirt (what);
      return FALSE;
    }
  live = vireo_domain_config_new_from_xml (xml, error);
  free (xml);
  if (live == NULL)
    return FALSE;

  for (guint i = 0; i < changes->len; i++)
    {
      VireoConfigChange *change = g_ptr_array_index (changes, i);
      VireoDevice *device;
      g_autofree char *old_xml = NULL;
      g_autofree char *new_xml = NULL;

      if (!change->live)
        {
          add_change_id (data->pending, change);
          continue;
        }
      switch ((int) change->kind)
        {
        case VIREO_CONFIG_CHANGE_VCPUS:
          if (change->number > vireo_domain_config_get_max_vcpus (live))
            {
              add_change_id (data->pending, change);
              break;
            }
          if (virDomainSetVcpusFlags (data->handle, (unsigned int) change->number,
                                      VIR_DOMAIN_AFFECT_LIVE) < 0)
            goto failed;
          push_undo (data->undo, UNDO_VCPUS, vireo_domain_config_get_vcpus (live), NULL);
          break;

        case VIREO_CONFIG_CHANGE_MEMORY:
          /* beyond the running maximum, or without a balloon: at the next start */
          if (change->number > vireo_domain_config_get_max_memory (live)
              || !vireo_domain_config_has_balloon (live))
            {
              add_change_id (data->pending, change);
              break;
            }
          if (virDomainSetMemoryFlags (data->handle, change->number, VIR_DOMAIN_AFFECT_LIVE) < 0)
            goto failed;
          push_undo (data->undo, UNDO_MEMORY, vireo_domain_config_get_memory (live), NULL);
          break;

        case VIREO_CONFIG_CHANGE_DEVICE_SET:
        case VIREO_CONFIG_CHANGE_DISK_SOURCE:
          if (g_hash_table_contains (done, change->device_id))
            break;
          g_hash_table_add (done, change->device_id);
          device = vireo_domain_config_find_device (live, change->device_id);
          if (device == NULL || !_vireo_domain_config_device_is_live (data->edited, change->device_id))
            {
              add_id (data->pending, change->device_id);
              break;
            }
          old_xml = vireo_device_to_xml (device);
          /* every edit of this device, made again on its live element */
          for (guint j = i; j < changes->len; j++)
            {
              VireoConfigChange *other = g_ptr_array_index (changes, j);

              if (g_str_equal (other->device_id, change->device_id)
                  && !_vireo_device_replay (device, other, error))
                {
                  roll_back (data->handle, data->undo);
                  return FALSE;
                }
            }
          new_xml = vireo_device_to_xml (device);
          if (virDomainUpdateDeviceFlags (data->handle, new_xml, VIR_DOMAIN_AFFECT_LIVE) < 0)
            goto failed;
          push_undo (data->undo, UNDO_UPDATE, 0, old_xml);
          break;

        case VIREO_CONFIG_CHANGE_ADD:
          device = vireo_domain_config_find_device (data->edited, change->device_id);
          if (device == NULL)
            break;
          new_xml = hotplug_xml (device);
          if (virDomainAttachDeviceFlags (data->handle, new_xml, VIR_DOMAIN_AFFECT_LIVE) < 0)
            goto failed;
          push_undo (data->undo, UNDO_DETACH, 0, new_xml);
          break;

        case VIREO_CONFIG_CHANGE_REMOVE:
          device = vireo_domain_config_find_device (live, change->device_id);
          if (device == NULL)
            break;
          {
            g_autofree char *title = vireo_device_dup_title (device);

            old_xml = vireo_device_to_xml (device);
            if (!detach_and_wait (data->handle, old_xml, change->device_id, title, what, error))
              {
                roll_back (data->handle, data->undo);
                return FALSE;
              }
          }
          push_undo (data->undo, UNDO_ATTACH, 0, change->xml);
          break;

        default:
          add_change_id (data->pending, change);
          break;
        }
      continue;

    failed:
      *error = vireo_error_new_from_libvirt (what);
      roll_back (data->handle, data->undo);
      return FALSE;
    }
  return TRUE;
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ApplyData *data = task_data;
  g_autofree char *name = g_strdup (virDomainGetName (data->handle));
  g_autofree char *xml = vireo_domain_config_to_xml (data->edited);
  gboolean active = virDomainIsActive (data->handle) == 1;
  GError *error = NULL;
  virDomainPtr defined;

  /* a whole document without recorded edits (the XML tab): the same as
   * libvirt's is nothing to do, another one waits for the next shut down */
  if (_vireo_domain_config_get_changes (data->edited)->len == 0)
    {
      char *current = virDomainGetXMLDesc (data->handle, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
      g_autofree char *a = current != NULL
                           ? vireo_xml_edit_canonicalize_string (current, VIREO_XML_CANON_NO_BLANKS, NULL)
                           : NULL;
      g_autofree char *b = vireo_xml_edit_canonicalize_string (xml, VIREO_XML_CANON_NO_BLANKS, NULL);

      free (current);
      virResetLastError ();
      if (a != NULL && g_strcmp0 (a, b) == 0)
        {
          data->scope = VIREO_CHANGE_PERSISTENT | (active ? VIREO_CHANGE_LIVE : 0);
          g_task_return_boolean (task, TRUE);
          return;
        }
      add_id (data->pending, "");
    }

  if (active && !apply_live (data, name, &error))
    {
      virResetLastError ();
      g_task_return_error (task, error);
      return;
    }

  /* checked against libvirt's schema: a misspelt element or attribute (the
   * XML tab) is refused with libvirt's reason, never silently dropped */
  defined = virDomainDefineXMLFlags (virDomainGetConnect (data->handle), xml, VIR_DOMAIN_DEFINE_VALIDATE);
  if (defined == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Could not save the configuration of “%s”"), name);

      error = vireo_error_new_from_libvirt (what);
      roll_back (data->handle, data->undo);
      virResetLastError ();
      g_task_return_error (task, error);
      return;
    }
  virDomainFree (defined);

  if (!active)
    g_ptr_array_set_size (data->pending, 0);
  data->scope = VIREO_CHANGE_PERSISTENT;
  if (active && data->pending->len == 0)
    data->scope |= VIREO_CHANGE_LIVE;
  g_task_return_boolean (task, TRUE);
}

static void
apply_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  VireoDomain *self = VIREO_DOMAIN (object);
  g_autoptr(GTask) outer = user_data;
  ApplyData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  vireo_domain_refresh (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  add_pending (self, data->pending);
  g_task_return_int (outer, data->scope);
}

void
vireo_domain_apply_config_async (VireoDomain         *self,
                                 VireoDomainConfig   *edited,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  GTask *inner;
  ApplyData *data;
  VireoConnection *connection;
  virDomainPtr handle;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (edited));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_apply_config_async);
  /* the running VM's XML holds what QEMU made of it (aliases, ports):
   * never a definition */
  if (vireo_domain_config_get_is_live (edited))
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Could not change “%s”: edit its saved configuration, not the running one."),
                               vireo_domain_get_name (self));
      return;
    }
  connection = vireo_domain_get_connection (self);
  handle = _vireo_domain_ref_handle (self);
  if (handle == NULL || connection == NULL)
    {
      if (handle != NULL)
        virDomainFree (handle);
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                               _("The virtual machine “%s” no longer exists."),
                               vireo_domain_get_name (self));
      return;
    }
  if (vireo_connection_get_read_only (connection))
    {
      virDomainFree (handle);
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_READ_ONLY,
                               _("Could not change “%s”: the connection is read-only. Reconnect with full access to make changes."),
                               vireo_domain_get_name (self));
      return;
    }

  data = g_new0 (ApplyData, 1);
  data->handle = handle;
  data->edited = vireo_domain_config_copy (edited);
  data->pending = g_ptr_array_new_with_free_func (g_free);
  data->undo = g_ptr_array_new_with_free_func (undo_free);
  inner = g_task_new (self, NULL, apply_done, g_steal_pointer (&outer));
  g_task_set_task_data (inner, data, apply_data_free);
  vireo_connection_run_in_worker (connection, inner, apply_thread);
  g_object_unref (inner);
}

VireoChangeScope
vireo_domain_apply_config_finish (VireoDomain   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  gssize scope;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  scope = g_task_propagate_int (G_TASK (result), error);
  return scope < 0 ? 0 : (VireoChangeScope) scope;
}
