/* vireo-connection-domains.c — a connection's list of VMs: merging what
 * libvirt lists, adding the VMs events tell of, removing, their OS names
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-connection"
#define VIREO_CONNECTION_COMPILATION

#include "config.h"

#include "vireo-connection-private.h"
#include "vireo-core.h"
#include "vireo-domain-private.h"

/* -- the list ------------------------------------------------------------------ */

void
_vireo_connection_set_domains_available (VireoConnection *self,
                                         gboolean         available)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i);
      _vireo_domain_set_available (domain, available);
    }
}

static gboolean
find_domain_position (VireoConnection *self,
                      VireoDomain     *domain,
                      guint           *position)
{
  return g_list_store_find (self->domains, domain, position);
}

static void
remove_domain (VireoConnection *self,
               VireoDomain     *domain)
{
  guint position;

  g_object_ref (domain);   /* the table and the store may hold the last references */
  g_hash_table_remove (self->by_uuid, vireo_domain_get_uuid (domain));
  if (find_domain_position (self, domain, &position))
    g_list_store_remove (self->domains, position);
  _vireo_domain_set_removed (domain);
  g_object_unref (domain);
}

void
_vireo_connection_remove_domain (VireoConnection *self,
                                 VireoDomain     *domain)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));

  if (g_hash_table_lookup (self->by_uuid, vireo_domain_get_uuid (domain)) == domain)
    remove_domain (self, domain);
}

static void
add_domain (VireoConnection     *self,
            VireoDomainSnapshot *snapshot)
{
  g_autoptr(VireoDomain) domain = _vireo_domain_new (self, snapshot);

  g_hash_table_insert (self->by_uuid, g_strdup (vireo_domain_get_uuid (domain)), domain);
  g_list_store_append (self->domains, domain);
}

/* Replaces the model's content with what libvirt listed, keeping the
 * VireoDomain of every VM that is still there. One splice for the
 * additions, so a big host costs one items-changed. */
void
_vireo_connection_merge_domains (VireoConnection *self,
                                 GPtrArray       *snapshots)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  for (guint i = 0; i < snapshots->len; i++)
    {
      VireoDomainSnapshot *snapshot = g_ptr_array_index (snapshots, i);
      VireoDomain *domain = g_hash_table_lookup (self->by_uuid, snapshot->uuid);

      g_hash_table_add (seen, snapshot->uuid);
      if (domain != NULL)
        {
          _vireo_domain_apply (domain, snapshot);
          _vireo_domain_set_available (domain, TRUE);
        }
      else
        {
          domain = _vireo_domain_new (self, snapshot);
          g_hash_table_insert (self->by_uuid, g_strdup (snapshot->uuid), domain);
          g_ptr_array_add (added, domain);
        }
    }

  /* VMs that went away while we were not looking */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i - 1);
      if (!g_hash_table_contains (seen, vireo_domain_get_uuid (domain)))
        remove_domain (self, domain);
    }

  if (added->len > 0)
    g_list_store_splice (self->domains,
                         g_list_model_get_n_items (G_LIST_MODEL (self->domains)),
                         0, added->pdata, added->len);
}

/* -- VMs the events tell of ---------------------------------------------------- */

typedef struct
{
  virDomainPtr handle;
  char        *uuid;
} AddData;

static void
add_data_free (gpointer ptr)
{
  AddData *data = ptr;

  virDomainFree (data->handle);
  g_free (data->uuid);
  g_free (data);
}

static void
fetch_new_domain_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  AddData *data = task_data;
  GError *error = NULL;
  VireoDomainSnapshot *snapshot = _vireo_domain_snapshot_fetch (data->handle, &error);

  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) _vireo_domain_snapshot_free);
}

static void
fetch_new_domain_done (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  VireoConnection *self = VIREO_CONNECTION (object);
  guint generation = GPOINTER_TO_UINT (user_data);
  AddData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(VireoDomainSnapshot) snapshot = g_task_propagate_pointer (G_TASK (result), NULL);
  gpointer wanted;

  VireoDomain *domain;

  if (!g_hash_table_lookup_extended (self->pending_adds, data->uuid, NULL, &wanted))
    wanted = GINT_TO_POINTER (ADD_CANCELLED);
  g_hash_table_remove (self->pending_adds, data->uuid);

  if (snapshot == NULL || GPOINTER_TO_INT (wanted) == ADD_CANCELLED || generation != self->generation)
    return;

  if (g_hash_table_contains (self->by_uuid, snapshot->uuid))
    _vireo_domain_apply (g_hash_table_lookup (self->by_uuid, snapshot->uuid), snapshot);
  else
    add_domain (self, snapshot);

  domain = g_hash_table_lookup (self->by_uuid, snapshot->uuid);
  if (domain != NULL && GPOINTER_TO_INT (wanted) == ADD_WANTED_AGAIN)
    vireo_domain_refresh (domain);
}

void
_vireo_connection_fetch_new_domain (VireoConnection *self,
                                    virDomainPtr     handle,
                                    const char      *uuid)
{
  g_autoptr(GTask) task = NULL;
  AddData *data;

  if (g_hash_table_contains (self->pending_adds, uuid))
    {
      /* the reading in flight may predate this event: read again after it */
      g_hash_table_replace (self->pending_adds, g_strdup (uuid), GINT_TO_POINTER (ADD_WANTED_AGAIN));
      return;
    }
  g_hash_table_insert (self->pending_adds, g_strdup (uuid), GINT_TO_POINTER (ADD_WANTED));

  data = g_new0 (AddData, 1);
  virDomainRef (handle);
  data->handle = handle;
  data->uuid = g_strdup (uuid);

  task = g_task_new (self, NULL, fetch_new_domain_done, GUINT_TO_POINTER (self->generation));
  g_task_set_source_tag (task, _vireo_connection_fetch_new_domain);
  g_task_set_task_data (task, data, add_data_free);
  vireo_connection_run_in_worker (self, task, fetch_new_domain_thread);
}

/* -- OS names, once the OS database is loaded ---------------------------------- */

static void
resolve_os_names_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  GHashTable *names = task_data;   /* os id -> name (NULL until resolved) */
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_iter_replace (&iter, vireo_os_name_for_id (key));
  g_task_return_boolean (task, TRUE);
}

static void
resolve_os_names_done (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  VireoConnection *self = VIREO_CONNECTION (object);
  GHashTable *names = g_task_get_task_data (G_TASK (result));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i);
      const char *os_id = vireo_domain_get_os_id (domain);

      if (os_id != NULL && vireo_domain_get_os_name (domain) == NULL)
        _vireo_domain_set_os_name (domain, g_hash_table_lookup (names, os_id));
    }
}

void
_vireo_connection_resolve_os_names (VireoConnection *self)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GTask) task = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i);
      const char *os_id = vireo_domain_get_os_id (domain);

      if (os_id != NULL && vireo_domain_get_os_name (domain) == NULL)
        g_hash_table_replace (names, g_strdup (os_id), NULL);
    }
  if (g_hash_table_size (names) == 0)
    return;

  task = g_task_new (self, NULL, resolve_os_names_done, NULL);
  g_task_set_source_tag (task, _vireo_connection_resolve_os_names);
  g_task_set_task_data (task, g_steal_pointer (&names), (GDestroyNotify) g_hash_table_unref);
  vireo_connection_run_in_worker (self, task, resolve_os_names_thread);
}

/* -- accessors ------------------------------------------------------------------ */

GListModel *
vireo_connection_get_domains (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return G_LIST_MODEL (self->domains);
}

VireoDomain *
vireo_connection_lookup_domain (VireoConnection *self,
                                const char      *uuid)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);
  return g_hash_table_lookup (self->by_uuid, uuid);
}
