/* vireo-domain-scan.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The walk over every VM's definitions (saved, and live while it runs), and
 * the checks on it: another VM with a MAC address, with a disk on a file or
 * a pool volume. vireo-host-devices.c finds a host PCI device's user on the
 * same walk.
 */
#define G_LOG_DOMAIN "vireo-domain-scan"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-domain-scan-private.h"
#include "vireo-error.h"
#include "vireo-host-resources-private.h"
#include "vireo-xml.h"

gboolean
_vireo_domain_scan (virConnectPtr        handle,
                    const char          *except_uuid,
                    VireoDomainScanFunc  func,
                    gpointer             user_data,
                    const char          *what,
                    GError             **error)
{
  virDomainPtr *domains = NULL;
  gboolean stop = FALSE;
  int n;

  g_return_val_if_fail (handle != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  n = virConnectListAllDomains (handle, &domains, 0);
  if (n < 0)
    {
      g_propagate_error (error, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return FALSE;
    }
  for (int i = 0; i < n; i++)
    {
      char uuid[VIR_UUID_STRING_BUFLEN] = "";
      const char *name = virDomainGetName (domains[i]);

      if (!stop && name != NULL && virDomainGetUUIDString (domains[i], uuid) == 0
          && g_strcmp0 (uuid, except_uuid) != 0)
        for (int live = 0; live < 2 && !stop; live++)
          {
            char *xml;

            if (live && virDomainIsActive (domains[i]) != 1)
              continue;
            xml = virDomainGetXMLDesc (domains[i], live ? 0 : VIR_DOMAIN_XML_INACTIVE);
            if (xml != NULL)
              {
                g_autoptr(xmlDoc) doc = vireo_xml_parse (xml, "domain", NULL);

                if (doc != NULL)
                  stop = func (vireo_xml_root (doc), name, user_data);
              }
            free (xml);
          }
      virDomainFree (domains[i]);
    }
  free (domains);
  virResetLastError ();
  return TRUE;
}

/* -- a MAC's or a disk's other user ------------------------------------------------- */

typedef struct
{
  char      *key;          /* a MAC, or a disk source as vireo_device_dup_disk_source gives it */
  char      *except_uuid;
  gboolean   disk;
  /* the worker's */
  GPtrArray *sources;      /* a disk: the forms of its source ("pool/volume", path) */
  char      *found;
} UserData;

static void
user_data_free (gpointer data)
{
  UserData *user = data;

  g_free (user->key);
  g_free (user->except_uuid);
  g_clear_pointer (&user->sources, g_ptr_array_unref);
  g_free (user->found);
  g_free (user);
}

static gboolean
has_source (const UserData *data,
            const char     *source)
{
  for (guint i = 0; source != NULL && i < data->sources->len; i++)
    if (g_str_equal (g_ptr_array_index (data->sources, i), source))
      return TRUE;
  return FALSE;
}

static gboolean
domain_has_user (xmlNode    *domain,
                 const char *name,
                 gpointer    user_data)
{
  UserData *data = user_data;
  gboolean found = FALSE;

  if (data->disk)
    {
      g_autoptr(GPtrArray) sources = vireo_xml_get_nodes (domain, "devices/disk/source");

      for (guint i = 0; sources != NULL && i < sources->len && !found; i++)
        {
          xmlNode *source = g_ptr_array_index (sources, i);
          g_autofree char *pool = vireo_xml_attr (source, "pool");
          g_autofree char *volume = vireo_xml_attr (source, "volume");
          g_autofree char *file = vireo_xml_attr (source, "file");
          g_autofree char *dev = vireo_xml_attr (source, "dev");
          g_autofree char *pooled = pool != NULL && volume != NULL
                                      ? g_strdup_printf ("%s/%s", pool, volume) : NULL;

          found = has_source (data, pooled) || has_source (data, file) || has_source (data, dev);
        }
    }
  else
    {
      g_auto(GStrv) macs = vireo_xml_get_strings (domain, "devices/interface/mac/@address");

      for (guint i = 0; macs != NULL && macs[i] != NULL && !found; i++)
        found = g_ascii_strcasecmp (macs[i], data->key) == 0;
    }
  if (found)
    data->found = g_strdup (name);
  return found;
}

static void
find_user_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  UserData *data = task_data;
  virConnectPtr conn = vireo_connection_ref_handle (VIREO_CONNECTION (source_object));
  const char *what = data->disk ? _("Could not check which virtual machines use the disk")
                                : _("Could not check the MAC address");
  GError *error = NULL;

  if (conn == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                               _("%s: the connection to its host is not open."), what);
      return;
    }
  if (data->disk)
    {
      /* a pool's volume: a disk on its path or on its pool and name */
      VireoVolumeFacts *volume = vireo_host_resources_lookup_volume (conn, data->key);

      data->sources = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (data->sources, g_strdup (data->key));
      if (volume != NULL)
        {
          if (volume->path != NULL)
            g_ptr_array_add (data->sources, g_strdup (volume->path));
          if (volume->pool != NULL && volume->name != NULL)
            g_ptr_array_add (data->sources, g_strdup_printf ("%s/%s", volume->pool, volume->name));
          vireo_volume_facts_free (volume);
        }
    }
  if (!_vireo_domain_scan (conn, data->except_uuid, domain_has_user, data, what, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&data->found), g_free);
  virConnectClose (conn);
}

static void
find_user (VireoConnection     *self,
           char                *key,
           const char          *except_uuid,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag,
           gboolean             disk)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  UserData *data = g_new0 (UserData, 1);

  g_task_set_source_tag (task, source_tag);
  data->key = key;
  data->except_uuid = g_strdup (except_uuid);
  data->disk = disk;
  g_task_set_task_data (task, data, user_data_free);
  vireo_connection_run_in_worker (self, task, find_user_thread);
}

void
vireo_connection_find_mac_user_async (VireoConnection     *self,
                                      const char          *mac,
                                      const char          *except_uuid,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (mac != NULL);

  find_user (self, g_strdup (mac), except_uuid, cancellable, callback, user_data,
             vireo_connection_find_mac_user_async, FALSE);
}

char *
vireo_connection_find_mac_user_finish (VireoConnection  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vireo_connection_find_disk_user_async (VireoConnection     *self,
                                       const char          *source,
                                       const char          *except_uuid,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (source != NULL);

  find_user (self, g_strdup (source), except_uuid, cancellable, callback, user_data,
             vireo_connection_find_disk_user_async, TRUE);
}

char *
vireo_connection_find_disk_user_finish (VireoConnection  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
