/* vireo-domain-edit.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoDomain's hardware calls: read its definition as a VireoDomainConfig
 * and apply an edited one (the live-capable changes on the running VM
 * first, then the whole persistent definition).
 */
#define G_LOG_DOMAIN "vireo-domain"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-domain-config-private.h"
#include "vireo-domain-edit.h"
#include "vireo-domain-private.h"
#include "vireo-error.h"

/* -- reading ------------------------------------------------------------------ */

typedef struct
{
  virDomainPtr handle;
  gboolean     live;
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
  xml = virDomainGetXMLDesc (data->handle, active ? 0 : VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
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
