/* vireo-migrate-follow.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A VM window is made for one VireoDomain, and the domain of the destination
 * is another object (another connection's): the window of the source's VM
 * is closed and the destination's opened in its place, where the old one
 * was asked for.
 */
#define G_LOG_DOMAIN "vireo-migrate-dialog"

#include "config.h"

#include "vireo-application.h"
#include "vireo-migrate-follow.h"
#include "vireo-vm-window.h"

/* how long the destination may take to list the VM */
#define FOLLOW_TIMEOUT_S 30

typedef struct
{
  VireoApplication *app;          /* owned */
  VireoConnection  *destination;  /* owned */
  char             *uuid;
  GPtrArray        *windows;      /* GWeakRef *, the source VM's windows */
  gulong            items_id;
  guint             timeout_id;
} Follow;

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
follow_free (Follow *follow)
{
  g_clear_signal_handler (&follow->items_id, vireo_connection_get_domains (follow->destination));
  g_clear_handle_id (&follow->timeout_id, g_source_remove);
  g_clear_pointer (&follow->windows, g_ptr_array_unref);
  g_clear_object (&follow->destination);
  g_clear_object (&follow->app);
  g_free (follow->uuid);
  g_free (follow);
}

static gboolean
follow_try (Follow *follow)
{
  VireoDomain *domain = vireo_connection_lookup_domain (follow->destination, follow->uuid);
  gboolean shown = FALSE;

  if (domain == NULL)
    return FALSE;

  for (guint i = 0; i < follow->windows->len; i++)
    {
      g_autoptr(GtkWidget) window = g_weak_ref_get (g_ptr_array_index (follow->windows, i));

      if (window == NULL)
        continue;
      if (!shown)
        {
          vireo_application_show_domain (follow->app, domain);
          shown = TRUE;
        }
      gtk_window_destroy (GTK_WINDOW (window));
    }
  return TRUE;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Follow     *follow)
{
  if (added > 0 && follow_try (follow))
    follow_free (follow);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Follow *follow = user_data;

  follow->timeout_id = 0;
  follow_free (follow);
  return G_SOURCE_REMOVE;
}

void
vireo_migrate_follow_windows (VireoMigration *migration)
{
  GApplication *app = g_application_get_default ();
  VireoDomain *source;
  Follow *follow;

  g_return_if_fail (VIREO_IS_MIGRATION (migration));

  if (!VIREO_IS_APPLICATION (app) || vireo_migration_get_destination (migration) == NULL)
    return;
  source = vireo_migration_get_domain (migration);

  follow = g_new0 (Follow, 1);
  follow->windows = g_ptr_array_new_with_free_func ((GDestroyNotify) weak_ref_free);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (VIREO_IS_VM_WINDOW (l->data) && vireo_vm_window_get_domain (l->data) == source)
      {
        GWeakRef *ref = g_new0 (GWeakRef, 1);

        g_weak_ref_init (ref, l->data);
        g_ptr_array_add (follow->windows, ref);
      }
  follow->app = g_object_ref (VIREO_APPLICATION (app));
  follow->destination = g_object_ref (vireo_migration_get_destination (migration));
  follow->uuid = g_strdup (vireo_domain_get_uuid (source));
  if (follow->windows->len == 0 || follow->uuid == NULL || follow_try (follow))
    {
      follow_free (follow);
      return;
    }
  follow->items_id = g_signal_connect (vireo_connection_get_domains (follow->destination), "items-changed",
                                       G_CALLBACK (items_changed_cb), follow);
  follow->timeout_id = g_timeout_add_seconds (FOLLOW_TIMEOUT_S, timeout_cb, follow);
}
