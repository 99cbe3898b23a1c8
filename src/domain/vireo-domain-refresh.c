/* vireo-domain-refresh.c — reading a VM from libvirt: its state and XML in one
 * snapshot (worker thread), and refreshing the object from it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-domain"
#define VIREO_DOMAIN_COMPILATION

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-core.h"
#include "vireo-domain-private.h"
#include "vireo-xml.h"

/* -- snapshots (worker thread) ------------------------------------------------ */

void
_vireo_domain_snapshot_free (VireoDomainSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  if (snapshot->handle)
    virDomainFree (snapshot->handle);
  g_free (snapshot->name);
  g_free (snapshot->uuid);
  g_free (snapshot->title);
  g_free (snapshot->description);
  g_free (snapshot->os_id);
  g_free (snapshot->os_name);
  g_free (snapshot->hypervisor);
  g_free (snapshot->emulator);
  _vireo_snapshot_facts_free (snapshot->snapshot_facts);
  g_free (snapshot);
}

static void
parse_xml (VireoDomainSnapshot *snapshot,
           const char          *xml)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse (xml, NULL, NULL);
  xmlNode *root = vireo_xml_root (doc);

  if (doc == NULL)
    return;
  snapshot->hypervisor = vireo_xml_get_string (root, "/domain/@type");
  {
    g_autofree char *id = vireo_xml_get_string (root, "/domain/@id");
    /* virDomainGetID() answers from the handle's cache; the XML is current */
    snapshot->id = id ? (int) g_ascii_strtoll (id, NULL, 10) : -1;
  }
  snapshot->title = vireo_xml_get_string (root, "/domain/title");
  snapshot->description = vireo_xml_get_string (root, "/domain/description");
  snapshot->emulator = vireo_xml_get_string (root, "/domain/devices/emulator");
  snapshot->os_id = vireo_xml_get_string (root, "/domain/metadata/libosinfo:libosinfo/libosinfo:os/@id");
  {
    g_autofree char *phase = vireo_xml_get_string (root, "/domain/metadata/vireo:install/@phase");

    /* only a running configuration is an install phase */
    snapshot->install_phase = g_strcmp0 (phase, "install") == 0 && snapshot->id >= 0;
  }
  snapshot->snapshot_facts = _vireo_snapshot_facts_read (root);
}

VireoDomainSnapshot *
_vireo_domain_snapshot_fetch (virDomainPtr handle,
                              GError     **error)
{
  g_autoptr(VireoDomainSnapshot) snapshot = g_new0 (VireoDomainSnapshot, 1);
  char uuid[VIR_UUID_STRING_BUFLEN];
  virDomainInfo info;
  int state = 0, reason = 0;
  int autostart = 0;
  static gsize next_seq;
  char *xml;

  snapshot->seq = g_atomic_pointer_add (&next_seq, 1) + 1;
  virDomainRef (handle);
  snapshot->handle = handle;
  snapshot->name = g_strdup (virDomainGetName (handle));
  if (virDomainGetUUIDString (handle, uuid) < 0)
    goto failed;
  snapshot->uuid = g_strdup (uuid);

  if (virDomainGetState (handle, &state, &reason, 0) < 0)
    goto failed;
  snapshot->state = state;
  snapshot->reason = reason;

  snapshot->id = -1;
  if (virDomainGetInfo (handle, &info) == 0)
    {
      snapshot->vcpus = info.nrVirtCpu;
      snapshot->memory = info.memory;
      snapshot->max_memory = info.maxMem;
    }
  snapshot->has_managed_save = virDomainHasManagedSaveImage (handle, 0) == 1;
  snapshot->persistent = virDomainIsPersistent (handle) == 1;
  if (virDomainGetAutostart (handle, &autostart) == 0)
    snapshot->autostart = autostart != 0;

  xml = virDomainGetXMLDesc (handle, 0);
  if (xml != NULL)
    {
      parse_xml (snapshot, xml);
      free (xml);
    }
  if (snapshot->snapshot_facts != NULL)
    {
      unsigned long version = 0;

      if (virConnectGetLibVersion (virDomainGetConnect (handle), &version) == 0)
        snapshot->snapshot_facts->lib_version = version;
    }
  else if (virGetLastErrorCode () == VIR_ERR_NO_DOMAIN)
    goto failed;

  /* Loading the OS database costs ~0.2 s: a first listing does without
   * (the connection fills the names in afterwards, see resolve_os_names) */
  if (vireo_core_os_names_loaded ())
    snapshot->os_name = vireo_os_name_for_id (snapshot->os_id);
  virResetLastError ();

  return g_steal_pointer (&snapshot);

failed:
  {
    g_autofree char *what = g_strdup_printf (_("Could not read “%s”"), snapshot->name);
    GError *local = vireo_error_new_from_libvirt (what);

    virResetLastError ();
    g_propagate_error (error, local);
    return NULL;
  }
}

/* -- refresh -------------------------------------------------------------------- */

void
_vireo_domain_task_data_free (gpointer ptr)
{
  VireoDomainTaskData *data = ptr;

  if (data->handle)
    virDomainFree (data->handle);
  g_free (data->cpu_notice);
  g_free (data);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  VireoDomainTaskData *data = task_data;
  GError *error = NULL;
  VireoDomainSnapshot *snapshot = _vireo_domain_snapshot_fetch (data->handle, &error);

  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) _vireo_domain_snapshot_free);
}

static void
refresh_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VireoDomain *self = VIREO_DOMAIN (object);
  VireoDomainTaskData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(VireoDomainSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  self->refreshing = FALSE;
  snapshot = g_task_propagate_pointer (G_TASK (result), &error);

  if (snapshot != NULL)
    {
      /* a reconnect may have replaced the handle meanwhile */
      if (data->handle == self->handle && !self->removed)
        _vireo_domain_apply (self, snapshot);
    }
  else if (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND) &&
           data->handle == self->handle && self->connection != NULL)
    {
      _vireo_connection_remove_domain (self->connection, self);
    }

  if (self->refresh_again && !self->removed)
    {
      self->refresh_again = FALSE;
      vireo_domain_refresh (self);
      return;
    }

  _vireo_domain_emit_refreshed (self);
}

void
vireo_domain_refresh (VireoDomain *self)
{
  g_autoptr(GTask) task = NULL;
  VireoDomainTaskData *data;

  g_return_if_fail (VIREO_IS_DOMAIN (self));

  if (self->removed || self->connection == NULL || self->handle == NULL)
    return;
  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }
  self->refreshing = TRUE;

  data = g_new0 (VireoDomainTaskData, 1);
  virDomainRef (self->handle);
  data->handle = self->handle;

  task = g_task_new (self, NULL, refresh_done, NULL);
  g_task_set_source_tag (task, vireo_domain_refresh);
  g_task_set_task_data (task, data, _vireo_domain_task_data_free);
  vireo_connection_run_in_worker (self->connection, task, refresh_thread);
}
