/* vireo-host-storage-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pools are the connection's one VireoHostStorage model (kept current
 * by libvirt's pool events); the selected pool's volumes are listed whole
 * on the core's worker and put in place in one step, then searched through
 * a GtkFilterListModel. Nothing here calls libvirt.
 */
#define G_LOG_DOMAIN "vireo-host-storage-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-error-dialog.h"
#include "vireo-host-storage-page.h"
#include "vireo-new-pool-wizard.h"

struct _VireoHostStoragePage
{
  AdwBin parent_instance;

  VireoConnection *connection;    /* owned */
  VireoHostStorage *storage;      /* owned */
  GtkSingleSelection *pool_selection;
  GtkFilterListModel *volume_filter;
  GtkSingleSelection *volume_selection;
  GSignalGroup *pool_signals;     /* the selected pool */
  GCancellable *cancellable;      /* the page's, cancelled in dispose */
  GCancellable *volumes_cancellable;
  GCancellable *transfer_cancellable;
  char *listed_pool;              /* whose volumes are shown */
  char *select_volume;            /* to select once listed */
  guint volumes_loaded : 1;
  guint syncing : 1;
  guint busy : 1;

  /* template */
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkListView *pool_list;
  GtkLabel *pool_title;
  GtkLabel *pool_details;
  GtkLevelBar *usage_bar;
  GtkCheckButton *autostart_check;
  GtkSearchEntry *volume_search;
  GtkStack *volume_stack;
  GtkColumnView *volume_view;
  GtkLabel *volume_status;
  GtkRevealer *transfer_revealer;
  GtkLabel *transfer_label;
  GtkProgressBar *transfer_bar;
  AdwMessageDialog *volume_dialog;
  GtkEntry *volume_name_entry;
  GtkDropDown *volume_format_dropdown;
  GtkSpinButton *volume_capacity_spin;
  GtkCheckButton *volume_allocate_check;
  GtkEntry *volume_backing_entry;
  GtkLabel *volume_free_label;
  AdwMessageDialog *resize_dialog;
  GtkSpinButton *resize_spin;
};

G_DEFINE_FINAL_TYPE (VireoHostStoragePage, vireo_host_storage_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

#define GIB ((double) (1 << 30))

static void load_volumes (VireoHostStoragePage *self);

/* -- helpers ------------------------------------------------------------------- */

static GtkWindow *
parent_window (VireoHostStoragePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static VireoStoragePool *
selected_pool (VireoHostStoragePage *self)
{
  return gtk_single_selection_get_selected_item (self->pool_selection);
}

static VireoStorageVolume *
selected_volume (VireoHostStoragePage *self)
{
  return gtk_single_selection_get_selected_item (self->volume_selection);
}

static char *
format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static void
show_error (VireoHostStoragePage *self, const char *heading, const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* the page's own line too: a dialog goes away, the reason stays readable */
  gtk_label_set_text (self->error_label, error->message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  if (parent_window (self) != NULL)
    vireo_error_dialog_present (parent_window (self), heading, error);
}

static char *
pool_state_text (VireoStoragePool *pool)
{
  switch (vireo_storage_pool_get_state (pool))
    {
    case VIREO_POOL_STATE_RUNNING:
    case VIREO_POOL_STATE_DEGRADED:
      {
        g_autofree char *free_text = format_size (vireo_storage_pool_get_available (pool));
        g_autofree char *capacity = format_size (vireo_storage_pool_get_capacity (pool));

        /* Translators: "12.3 GiB free of 100 GiB" */
        return g_strdup_printf (_("%s free of %s"), free_text, capacity);
      }
    case VIREO_POOL_STATE_BUILDING:
      return g_strdup (_("Being built"));
    case VIREO_POOL_STATE_INACCESSIBLE:
      return g_strdup (_("Not reachable"));
    case VIREO_POOL_STATE_INACTIVE:
    default:
      return g_strdup (_("Not running"));
    }
}

/* -- actions ------------------------------------------------------------------- */

static void
update_actions (VireoHostStoragePage *self)
{
  VireoStoragePool *pool = selected_pool (self);
  VireoStorageVolume *volume = selected_volume (self);
  gboolean connected = self->connection != NULL &&
                       vireo_connection_get_state (self->connection) == VIREO_CONNECTION_STATE_CONNECTED &&
                       !vireo_connection_get_read_only (self->connection);
  gboolean active = pool != NULL && vireo_storage_pool_get_active (pool);
  gboolean transfer = self->transfer_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.new-pool", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.start-pool", connected && pool != NULL && !active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.stop-pool", connected && active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.refresh-pool", connected && active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.delete-pool", connected && pool != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.new-volume", connected && active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.upload", connected && active && !transfer);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.delete-volume", connected && volume != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.resize-volume", connected && volume != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.wipe-volume", connected && volume != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.download", connected && volume != NULL && !transfer);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.cancel-transfer", transfer);
  gtk_widget_set_sensitive (GTK_WIDGET (self->autostart_check), connected && pool != NULL &&
                                                                    vireo_storage_pool_get_persistent (pool));
}

static void
show_pool (VireoHostStoragePage *self)
{
  VireoStoragePool *pool = selected_pool (self);
  g_autofree char *state = NULL;
  g_autofree char *details = NULL;

  if (pool == NULL)
    {
      gtk_label_set_text (self->pool_title, _("No storage pool"));
      gtk_label_set_text (self->pool_details, "");
      gtk_level_bar_set_value (self->usage_bar, 0);
      update_actions (self);
      return;
    }
  state = pool_state_text (pool);
  gtk_label_set_text (self->pool_title, vireo_storage_pool_get_name (pool));
  if (vireo_storage_pool_get_path (pool) != NULL)
    /* Translators: a pool's type, its path, and its state or free space:
     * "Directory · /var/lib/libvirt/images · 12 GiB free of 100 GiB" */
    details = g_strdup_printf (_("%s · %s · %s"),
                               vireo_pool_type_label (vireo_storage_pool_get_pool_type (pool)),
                               vireo_storage_pool_get_path (pool), state);
  else
    /* Translators: a pool's type, and its state or free space */
    details = g_strdup_printf (_("%s · %s"), vireo_pool_type_label (vireo_storage_pool_get_pool_type (pool)),
                               state);
  gtk_label_set_text (self->pool_details, details);
  gtk_level_bar_set_value (self->usage_bar, vireo_storage_pool_get_usage (pool));
  self->syncing = TRUE;
  gtk_check_button_set_active (self->autostart_check, vireo_storage_pool_get_autostart (pool));
  self->syncing = FALSE;
  update_actions (self);
}

static void
pool_changed_cb (VireoHostStoragePage *self, GParamSpec *pspec, VireoStoragePool *pool)
{
  show_pool (self);
  /* started or stopped: its volumes come or go */
  if (g_str_equal (pspec->name, "active"))
    load_volumes (self);
}

static void
pool_action_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoHostStoragePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->storage == NULL)   /* the page went away meanwhile */
    return;

  self->busy = FALSE;
  if (!vireo_host_storage_pool_action_finish (VIREO_HOST_STORAGE (object), result, &error))
    show_error (self, _("The storage pool was not changed"), error);
  load_volumes (self);
}

static void
run_pool_action (VireoHostStoragePage *self, VireoPoolAction action)
{
  VireoStoragePool *pool = selected_pool (self);

  if (pool == NULL)
    return;
  vireo_host_storage_pool_action_async (self->storage, vireo_storage_pool_get_name (pool), action,
                                        self->cancellable, pool_action_cb, g_object_ref (self));
}

static void
start_pool_action (GtkWidget *widget, const char *name, GVariant *param)
{
  run_pool_action (VIREO_HOST_STORAGE_PAGE (widget), VIREO_POOL_ACTION_START);
}

static void
stop_pool_action (GtkWidget *widget, const char *name, GVariant *param)
{
  run_pool_action (VIREO_HOST_STORAGE_PAGE (widget), VIREO_POOL_ACTION_STOP);
}

static void
refresh_pool_action (GtkWidget *widget, const char *name, GVariant *param)
{
  run_pool_action (VIREO_HOST_STORAGE_PAGE (widget), VIREO_POOL_ACTION_REFRESH);
}

static void
autostart_toggled_cb (VireoHostStoragePage *self, GtkCheckButton *check)
{
  if (self->syncing)
    return;
  run_pool_action (self, gtk_check_button_get_active (check) ? VIREO_POOL_ACTION_AUTOSTART_ON
                                                             : VIREO_POOL_ACTION_AUTOSTART_OFF);
}

static void
dismiss_error_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gtk_revealer_set_reveal_child (VIREO_HOST_STORAGE_PAGE (widget)->error_revealer, FALSE);
}

static void
new_pool_created_cb (VireoHostStoragePage *self, const char *name)
{
  /* the model learns of it through the pool events; select it once there */
  if (!vireo_host_storage_page_select_pool (self, name))
    vireo_host_storage_reload (self->storage);
}

static void
new_pool_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (widget);
  GtkWidget *wizard = vireo_new_pool_wizard_new (self->storage);

  gtk_window_set_transient_for (GTK_WINDOW (wizard), parent_window (self));
  gtk_window_set_modal (GTK_WINDOW (wizard), TRUE);
  g_signal_connect_object (wizard, "pool-created", G_CALLBACK (new_pool_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
delete_pool_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoHostStoragePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->storage == NULL)   /* the page went away meanwhile */
    return;

  if (!vireo_host_storage_delete_pool_finish (VIREO_HOST_STORAGE (object), result, &error))
    show_error (self, _("The storage pool was not deleted"), error);
}

static void
delete_pool_response_cb (AdwMessageDialog *dialog, const char *response, VireoHostStoragePage *self)
{
  const char *pool = g_object_get_data (G_OBJECT (dialog), "pool");

  if (g_str_equal (response, "keep") || g_str_equal (response, "delete"))
    vireo_host_storage_delete_pool_async (self->storage, pool, g_str_equal (response, "delete"),
                                          self->cancellable, delete_pool_cb, g_object_ref (self));
}

static void
delete_pool_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (widget);
  VireoStoragePool *pool = selected_pool (self);
  g_autofree char *shown = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  gboolean has_folder;

  if (pool == NULL)
    return;
  shown = vireo_display_name_reveal (vireo_storage_pool_get_name (pool));
  /* Translators: %s: a storage pool's name */
  heading = g_strdup_printf (_("Delete the storage pool “%s”?"), shown);
  dialog = adw_message_dialog_new (parent_window (self), heading,
                                   _("Vireo forgets the pool; its volumes stay where they are unless its folder is deleted too, which is only possible when the pool is empty."));
  has_folder = g_strcmp0 (vireo_storage_pool_get_pool_type (pool), "dir") == 0;
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "keep",
                                   has_folder ? _("Delete Pool, _Keep Folder") : _("_Delete Pool"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "keep", ADW_RESPONSE_DESTRUCTIVE);
  if (has_folder)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete", _("Delete Pool and _Folder"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "pool", g_strdup (vireo_storage_pool_get_name (pool)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_pool_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -- volumes ----------------------------------------------------------------- */

static void
update_volume_status (VireoHostStoragePage *self)
{
  VireoStoragePool *pool = selected_pool (self);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->volume_filter));
  GListModel *all = gtk_filter_list_model_get_model (self->volume_filter);
  const char *status = NULL;

  if (pool == NULL)
    status = _("No storage pool is selected.");
  else if (!vireo_storage_pool_get_active (pool))
    status = _("The pool is not running: start it to see its volumes.");
  else if (!self->volumes_loaded)
    status = _("Listing volumes…");
  else if (all == NULL || g_list_model_get_n_items (all) == 0)
    status = _("This pool has no volumes.");
  else if (shown == 0)
    status = _("No volume matches the search.");

  if (status != NULL)
    gtk_label_set_text (self->volume_status, status);
  gtk_stack_set_visible_child_name (self->volume_stack, status != NULL ? "status" : "list");
}

static void
list_volumes_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoHostStoragePage) self = user_data;
  g_autoptr(GListModel) volumes = NULL;
  g_autoptr(GError) error = NULL;

  if (self->storage == NULL)   /* the page went away meanwhile */
    return;

  volumes = vireo_host_storage_list_volumes_finish (VIREO_HOST_STORAGE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->volumes_cancellable);
  self->volumes_loaded = TRUE;
  if (volumes == NULL)
    {
      gtk_filter_list_model_set_model (self->volume_filter, NULL);
      gtk_label_set_text (self->volume_status, error->message);
      gtk_stack_set_visible_child_name (self->volume_stack, "status");
      return;
    }
  /* the whole list in one step */
  gtk_filter_list_model_set_model (self->volume_filter, volumes);
  if (self->select_volume != NULL)
    {
      vireo_host_storage_page_select_volume (self, self->select_volume);
      g_clear_pointer (&self->select_volume, g_free);
    }
  update_volume_status (self);
  update_actions (self);
}

static void
load_volumes (VireoHostStoragePage *self)
{
  VireoStoragePool *pool = selected_pool (self);

  g_cancellable_cancel (self->volumes_cancellable);
  g_clear_object (&self->volumes_cancellable);
  self->volumes_loaded = FALSE;
  if (pool == NULL || g_strcmp0 (self->listed_pool, vireo_storage_pool_get_name (pool)) != 0)
    gtk_filter_list_model_set_model (self->volume_filter, NULL);
  g_free (self->listed_pool);
  self->listed_pool = pool != NULL ? g_strdup (vireo_storage_pool_get_name (pool)) : NULL;
  if (pool != NULL && vireo_storage_pool_get_active (pool))
    {
      self->volumes_cancellable = g_cancellable_new ();
      vireo_host_storage_list_volumes_async (self->storage, vireo_storage_pool_get_name (pool),
                                             self->volumes_cancellable, list_volumes_cb, g_object_ref (self));
    }
  else
    gtk_filter_list_model_set_model (self->volume_filter, NULL);
  update_volume_status (self);
  update_actions (self);
}

static void
pool_selected_cb (VireoHostStoragePage *self)
{
  g_signal_group_set_target (self->pool_signals, selected_pool (self));
  show_pool (self);
  if (g_strcmp0 (self->listed_pool, selected_pool (self) != NULL
                                        ? vireo_storage_pool_get_name (selected_pool (self))
                                        : NULL) != 0)
    load_volumes (self);
}

static void
volume_done_cb (VireoHostStoragePage *self, gboolean ok, const char *heading, GError *error)
{
  if (!ok)
    show_error (self, heading, error);
  load_volumes (self);
}

static void
create_volume_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoHostStoragePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = vireo_host_storage_create_volume_finish (VIREO_HOST_STORAGE (object), result, &error);

  if (self->storage == NULL)   /* the page went away meanwhile */
    return;

  if (!ok)
    g_clear_pointer (&self->select_volume, g_free);
  volume_done_cb (self, ok, _("The volume was not made"), error);
}

static void
volume_dialog_response_cb (VireoHostStoragePage *self, const char *response, AdwMessageDialog *dialog)
{
  g_autoptr(VireoVolumeSpec) spec = NULL;
  VireoStoragePool *pool = selected_pool (self);
  GtkStringObject *format;
  const char *backing;

  if (!g_str_equal (response, "create") || pool == NULL)
    return;
  spec = g_new0 (VireoVolumeSpec, 1);
  spec->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->volume_name_entry)));
  format = gtk_drop_down_get_selected_item (self->volume_format_dropdown);
  spec->format = g_strdup (format != NULL ? gtk_string_object_get_string (format) : "qcow2");
  spec->capacity = (guint64) (gtk_spin_button_get_value (self->volume_capacity_spin) * GIB);
  spec->allocation = gtk_check_button_get_active (self->volume_allocate_check) ? spec->capacity : 0;
  backing = gtk_editable_get_text (GTK_EDITABLE (self->volume_backing_entry));
  if (*backing != '\0')
    {
      spec->backing_path = g_strdup (backing);
      spec->backing_format = g_strdup ("qcow2");
    }
  g_free (self->select_volume);
  self->select_volume = g_strdup (spec->name);
  vireo_host_storage_create_volume_async (self->storage, vireo_storage_pool_get_name (pool), spec,
                                          self->cancellable, create_volume_cb, g_object_ref (self));
}

static void
new_volume_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (widget);
  VireoStoragePool *pool = selected_pool (self);
  g_autofree char *free_text = NULL;
  g_autofree char *label = NULL;

  if (pool == NULL)
    return;
  free_text = format_size (vireo_storage_pool_get_available (pool));
  /* Translators: %s: a size, "12.3 GiB" */
  label = g_strdup_printf (_("The pool has %s free."), free_text);
  gtk_label_set_text (self->volume_free_label, label);
  gtk_editable_set_text (GTK_EDITABLE (self->volume_name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->volume_backing_entry), "");
  gtk_check_button_set_active (self->volume_allocate_check, FALSE);
  gtk_window_set_transient_for (GTK_WINDOW (self->volume_dialog), parent_window (self));
  gtk_window_present (GTK_WINDOW (self->volume_dialog));
  gtk_widget_grab_focus (GTK_WIDGET (self->volume_name_entry));
}

static void
delete_volume_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoHostStoragePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = vireo_host_storage_delete_volume_finish (VIREO_HOST_STORAGE (object), result, &error);

  if (self->storage == NULL)   /* the page went away meanwhile */
    return;

  volume_done_cb (self, ok, _("The volume was not deleted"), error);
}

static void
wipe_volume_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoHostStoragePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = vireo_host_storage_wipe_volume_finish (VIREO_HOST_STORAGE (object), result, &error);

  if (self->storage == NULL)   /* the page went away meanwhile */
    return;

  volume_done_cb (self, ok, _("The volume was not wiped"), error);
}

static void
resize_volume_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoHostStoragePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = vireo_host_storage_resize_volume_finish (VIREO_HOST_STORAGE (object), result, &error);

  if (self->storage == NULL)   /* the page went away meanwhile */
    return;

  volume_done_cb (self, ok, _("The volume was not resized"), error);
}

/* a confirmation for volume action @response on the selected volume */
static void
volume_confirm_response_cb (AdwMessageDialog *dialog, const char *response, VireoHostStoragePage *self)
{
  const char *pool = g_object_get_data (G_OBJECT (dialog), "pool");
  const char *volume = g_object_get_data (G_OBJECT (dialog), "volume");

  if (g_str_equal (response, "delete"))
    vireo_host_storage_delete_volume_async (self->storage, pool, volume, self->cancellable, delete_volume_cb,
                                            g_object_ref (self));
  else if (g_str_equal (response, "wipe"))
    vireo_host_storage_wipe_volume_async (self->storage, pool, volume, self->cancellable, wipe_volume_cb,
                                          g_object_ref (self));
  else if (g_str_equal (response, "shrink"))
    {
      guint64 capacity = *(guint64 *) g_object_get_data (G_OBJECT (dialog), "capacity");

      vireo_host_storage_resize_volume_async (self->storage, pool, volume, capacity, TRUE, self->cancellable,
                                              resize_volume_cb, g_object_ref (self));
    }
}

static GtkWidget *
volume_confirm (VireoHostStoragePage *self,
                VireoStorageVolume *volume,
                const char *heading,
                const char *body,
                const char *response,
                const char *label)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), response, label);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "pool", g_strdup (vireo_storage_volume_get_pool (volume)), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "volume", g_strdup (vireo_storage_volume_get_name (volume)),
                          g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (volume_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* "web, db" — the VMs that use @volume, each name revealed, or NULL */
static char *
volume_users_text (VireoStorageVolume *volume)
{
  const char *const *users = vireo_storage_volume_get_users (volume);
  g_autoptr(GString) text = NULL;

  if (users == NULL)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; users[i] != NULL && i < 8; i++)
    {
      g_autofree char *shown = vireo_display_name_reveal (users[i]);

      if (i > 0)
        /* Translators: between two VM names in a list */
        g_string_append (text, _(", "));
      g_string_append_printf (text, "“%s”", shown);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
delete_volume_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (widget);
  VireoStorageVolume *volume = selected_volume (self);
  g_autofree char *shown = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *users = NULL;
  g_autofree char *body = NULL;

  if (volume == NULL)
    return;
  shown = vireo_display_name_reveal (vireo_storage_volume_get_name (volume));
  /* Translators: %s: a volume's name */
  heading = g_strdup_printf (_("Delete the volume “%s”?"), shown);
  users = volume_users_text (volume);
  if (users != NULL)
    /* Translators: %s: one or more VM names, "“web”, “db”" */
    body = g_strdup_printf (_("It is a disk of %s. That VM loses the disk and may no longer start. Its data is lost for good."),
                            users);
  else
    body = g_strdup (_("Its data is lost for good."));
  volume_confirm (self, volume, heading, body, "delete", _("_Delete"));
}

static void
wipe_volume_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (widget);
  VireoStorageVolume *volume = selected_volume (self);
  g_autofree char *shown = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *users = NULL;
  g_autofree char *body = NULL;

  if (volume == NULL)
    return;
  shown = vireo_display_name_reveal (vireo_storage_volume_get_name (volume));
  /* Translators: %s: a volume's name */
  heading = g_strdup_printf (_("Wipe the volume “%s”?"), shown);
  users = volume_users_text (volume);
  if (users != NULL)
    /* Translators: %s: one or more VM names */
    body = g_strdup_printf (_("Every byte of it is overwritten, and it is a disk of %s."), users);
  else
    body = g_strdup (_("Every byte of it is overwritten; the volume stays, empty."));
  volume_confirm (self, volume, heading, body, "wipe", _("_Wipe"));
}

static void
resize_response_cb (VireoHostStoragePage *self, const char *response, AdwMessageDialog *dialog)
{
  VireoStorageVolume *volume = selected_volume (self);
  guint64 capacity;

  if (!g_str_equal (response, "resize") || volume == NULL)
    return;
  capacity = (guint64) (gtk_spin_button_get_value (self->resize_spin) * GIB);
  if (capacity < vireo_storage_volume_get_capacity (volume))
    {
      g_autofree char *shown = vireo_display_name_reveal (vireo_storage_volume_get_name (volume));
      g_autofree char *heading = g_strdup_printf (_("Shrink the volume “%s”?"), shown);
      g_autofree char *old_size = format_size (vireo_storage_volume_get_capacity (volume));
      g_autofree char *new_size = format_size (capacity);
      /* Translators: two sizes, "20 GiB", "10 GiB" */
      g_autofree char *body = g_strdup_printf (_("From %s to %s: whatever is stored past the new end is lost, and the file system on it may break."),
                                               old_size, new_size);
      GtkWidget *confirm = volume_confirm (self, volume, heading, body, "shrink", _("_Shrink"));

      g_object_set_data_full (G_OBJECT (confirm), "capacity", g_memdup2 (&capacity, sizeof capacity), g_free);
      return;
    }
  vireo_host_storage_resize_volume_async (self->storage, vireo_storage_volume_get_pool (volume),
                                          vireo_storage_volume_get_name (volume), capacity, FALSE,
                                          self->cancellable, resize_volume_cb, g_object_ref (self));
}

static void
resize_volume_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (widget);
  VireoStorageVolume *volume = selected_volume (self);

  if (volume == NULL)
    return;
  gtk_spin_button_set_value (self->resize_spin, (double) vireo_storage_volume_get_capacity (volume) / GIB);
  gtk_window_set_transient_for (GTK_WINDOW (self->resize_dialog), parent_window (self));
  gtk_window_present (GTK_WINDOW (self->resize_dialog));
}

/* -- transfers ----------------------------------------------------------------- */

static void
transfer_progress_cb (goffset current, goffset total, gpointer user_data)
{
  VireoHostStoragePage *self = user_data;
  g_autofree char *done = format_size (current);
  g_autofree char *all = format_size (total);
  g_autofree char *text = NULL;

  if (self->transfer_cancellable == NULL)
    return;
  gtk_progress_bar_set_fraction (self->transfer_bar, total > 0 ? (double) current / (double) total : 1.0);
  /* Translators: "12 MiB of 700 MiB" */
  text = g_strdup_printf (_("%s of %s"), done, all);
  gtk_progress_bar_set_text (self->transfer_bar, text);
  gtk_progress_bar_set_show_text (self->transfer_bar, TRUE);
}

static void
transfer_begin (VireoHostStoragePage *self, const char *label)
{
  self->transfer_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->transfer_label, label);
  gtk_progress_bar_set_fraction (self->transfer_bar, 0);
  gtk_progress_bar_set_show_text (self->transfer_bar, FALSE);
  gtk_revealer_set_reveal_child (self->transfer_revealer, TRUE);
  update_actions (self);
}

static void
transfer_end (VireoHostStoragePage *self)
{
  g_clear_object (&self->transfer_cancellable);
  gtk_revealer_set_reveal_child (self->transfer_revealer, FALSE);
  update_actions (self);
}

static void
upload_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoHostStoragePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = vireo_host_storage_upload_finish (VIREO_HOST_STORAGE (object), result, &error);

  if (self->storage == NULL)   /* the page went away meanwhile */
    return;

  transfer_end (self);
  volume_done_cb (self, ok, _("The file was not uploaded"), error);
}

static void
download_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoHostStoragePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->storage == NULL)   /* the page went away meanwhile */
    return;

  transfer_end (self);
  if (!vireo_host_storage_download_finish (VIREO_HOST_STORAGE (object), result, &error))
    show_error (self, _("The volume was not downloaded"), error);
}

static void
upload_chosen_cb (GtkNativeDialog *chooser, int response, VireoHostStoragePage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *volume = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *label = NULL;
  VireoStoragePool *pool = selected_pool (self);

  if (response == GTK_RESPONSE_ACCEPT && pool != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;
  volume = g_file_get_basename (file);
  shown = vireo_display_name_reveal (volume);
  /* Translators: %s: a volume's name */
  label = g_strdup_printf (_("Uploading “%s”"), shown);
  g_free (self->select_volume);
  self->select_volume = g_strdup (volume);
  transfer_begin (self, label);
  vireo_host_storage_upload_async (self->storage, vireo_storage_pool_get_name (pool), volume, path, TRUE,
                                   transfer_progress_cb, self, self->transfer_cancellable, upload_cb,
                                   g_object_ref (self));
}

static void
upload_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (widget);
  GtkFileChooserNative *chooser =
      gtk_file_chooser_native_new (_("Upload a File into the Pool"), parent_window (self),
                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Upload"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (upload_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
download_chosen_cb (GtkNativeDialog *chooser, int response, VireoHostStoragePage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *label = NULL;
  const char *pool = g_object_get_data (G_OBJECT (chooser), "pool");
  const char *volume = g_object_get_data (G_OBJECT (chooser), "volume");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    {
      shown = vireo_display_name_reveal (volume);
      /* Translators: %s: a volume's name */
      label = g_strdup_printf (_("Downloading “%s”"), shown);
      transfer_begin (self, label);
      vireo_host_storage_download_async (self->storage, pool, volume, path, transfer_progress_cb, self,
                                         self->transfer_cancellable, download_cb, g_object_ref (self));
    }
  g_object_unref (chooser);
}

static void
download_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (widget);
  VireoStorageVolume *volume = selected_volume (self);
  GtkFileChooserNative *chooser;

  if (volume == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Download the Volume to a File"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Download"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), vireo_storage_volume_get_name (volume));
  g_object_set_data_full (G_OBJECT (chooser), "pool", g_strdup (vireo_storage_volume_get_pool (volume)), g_free);
  g_object_set_data_full (G_OBJECT (chooser), "volume", g_strdup (vireo_storage_volume_get_name (volume)), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (download_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_transfer_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (widget);

  g_cancellable_cancel (self->transfer_cancellable);
}

/* -- rows and columns ------------------------------------------------------------- */

static void
pool_row_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), details);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_list_item_set_child (item, box);
}

static void
pool_row_fill (GtkListItem *item)
{
  VireoStoragePool *pool = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *details = gtk_widget_get_next_sibling (title);
  GtkWidget *bar = gtk_widget_get_next_sibling (details);
  g_autofree char *state = pool_state_text (pool);
  /* Translators: a pool's type and its state or free space: "Directory · 12 GiB free of 100 GiB" */
  g_autofree char *text = g_strdup_printf (_("%s · %s"), vireo_pool_type_label (vireo_storage_pool_get_pool_type (pool)),
                                           state);
  g_autofree char *accessible = NULL;

  gtk_label_set_text (GTK_LABEL (title), vireo_storage_pool_get_name (pool));
  gtk_label_set_text (GTK_LABEL (details), text);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), vireo_storage_pool_get_usage (pool));
  gtk_widget_set_visible (bar, vireo_storage_pool_get_active (pool));
  /* Translators: a pool's name, then its type and state */
  accessible = g_strdup_printf (_("%s, %s"), vireo_storage_pool_get_name (pool), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
pool_row_notify_cb (GtkListItem *item)
{
  if (gtk_list_item_get_item (item) != NULL)
    pool_row_fill (item);
}

static void
pool_row_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  pool_row_fill (item);
  g_signal_connect_object (gtk_list_item_get_item (item), "notify", G_CALLBACK (pool_row_notify_cb), item,
                           G_CONNECT_SWAPPED);
}

static void
pool_row_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), pool_row_notify_cb, item);
}

typedef enum
{
  COLUMN_NAME,
  COLUMN_FORMAT,
  COLUMN_CAPACITY,
  COLUMN_ALLOCATION,
  COLUMN_USERS,
} VolumeColumn;

static void
cell_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  VireoStorageVolume *volume = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch ((VolumeColumn) GPOINTER_TO_INT (user_data))
    {
    case COLUMN_NAME:
      text = g_strdup (vireo_storage_volume_get_name (volume));
      break;
    case COLUMN_FORMAT:
      text = g_strdup (vireo_storage_volume_get_format (volume) != NULL ? vireo_storage_volume_get_format (volume)
                                                                        : "—");
      break;
    case COLUMN_CAPACITY:
      text = format_size (vireo_storage_volume_get_capacity (volume));
      break;
    case COLUMN_ALLOCATION:
      text = format_size (vireo_storage_volume_get_allocation (volume));
      break;
    case COLUMN_USERS:
      {
        const char *const *users = vireo_storage_volume_get_users (volume);

        text = users != NULL ? g_strjoinv (", ", (char **) users) : g_strdup ("");
      }
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (label, text);
}

static void
add_column (VireoHostStoragePage *self, const char *title, VolumeColumn column, gboolean expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->volume_view, view_column);
}

/* -- public ------------------------------------------------------------------------- */

GtkWidget *
vireo_host_storage_page_new (VireoConnection *connection)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);
  return g_object_new (VIREO_TYPE_HOST_STORAGE_PAGE, "connection", connection, NULL);
}

gboolean
vireo_host_storage_page_select_pool (VireoHostStoragePage *self, const char *name)
{
  GListModel *pools;

  g_return_val_if_fail (VIREO_IS_HOST_STORAGE_PAGE (self), FALSE);
  pools = G_LIST_MODEL (self->pool_selection);
  for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(VireoStoragePool) pool = g_list_model_get_item (pools, i);

      if (g_strcmp0 (vireo_storage_pool_get_name (pool), name) == 0)
        {
          gtk_single_selection_set_selected (self->pool_selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

GListModel *
vireo_host_storage_page_get_volumes (VireoHostStoragePage *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_STORAGE_PAGE (self), NULL);
  return G_LIST_MODEL (self->volume_filter);
}

gboolean
vireo_host_storage_page_get_volumes_loaded (VireoHostStoragePage *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_STORAGE_PAGE (self), FALSE);
  return self->volumes_loaded;
}

gboolean
vireo_host_storage_page_select_volume (VireoHostStoragePage *self, const char *name)
{
  GListModel *volumes;

  g_return_val_if_fail (VIREO_IS_HOST_STORAGE_PAGE (self), FALSE);
  volumes = G_LIST_MODEL (self->volume_filter);
  for (guint i = 0; i < g_list_model_get_n_items (volumes); i++)
    {
      g_autoptr(VireoStorageVolume) volume = g_list_model_get_item (volumes, i);

      if (g_strcmp0 (vireo_storage_volume_get_name (volume), name) == 0)
        {
          gtk_single_selection_set_selected (self->volume_selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* -- object --------------------------------------------------------------------------- */

static void
search_changed_cb (VireoHostStoragePage *self, GtkSearchEntry *entry)
{
  GtkFilter *filter = gtk_filter_list_model_get_filter (self->volume_filter);

  gtk_string_filter_set_search (GTK_STRING_FILTER (filter), gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_volume_status (self);
}

static void
set_connection (VireoHostStoragePage *self, VireoConnection *connection)
{
  g_autoptr(GListModel) pools = NULL;

  self->connection = g_object_ref (connection);
  self->storage = vireo_host_storage_get (connection);
  pools = g_object_ref (vireo_host_storage_get_pools (self->storage));
  gtk_single_selection_set_model (self->pool_selection, pools);
  g_signal_connect_object (connection, "notify::state", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  pool_selected_cb (self);
}

static void
vireo_host_storage_page_dispose (GObject *object)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->volumes_cancellable);
  g_cancellable_cancel (self->transfer_cancellable);
  if (self->pool_signals != NULL)
    g_signal_group_set_target (self->pool_signals, NULL);
  if (self->volume_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->volume_dialog));
  if (self->resize_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->resize_dialog));
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_HOST_STORAGE_PAGE);
  self->volume_dialog = NULL;
  self->resize_dialog = NULL;
  g_clear_object (&self->pool_signals);
  g_clear_object (&self->pool_selection);
  g_clear_object (&self->volume_selection);
  g_clear_object (&self->volume_filter);
  g_clear_object (&self->storage);
  g_clear_object (&self->connection);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->volumes_cancellable);
  g_clear_object (&self->transfer_cancellable);
  G_OBJECT_CLASS (vireo_host_storage_page_parent_class)->dispose (object);
}

static void
vireo_host_storage_page_finalize (GObject *object)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (object);

  g_free (self->listed_pool);
  g_free (self->select_volume);
  G_OBJECT_CLASS (vireo_host_storage_page_parent_class)->finalize (object);
}

static void
vireo_host_storage_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_host_storage_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  VireoHostStoragePage *self = VIREO_HOST_STORAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_host_storage_page_class_init (VireoHostStoragePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_host_storage_page_dispose;
  object_class->finalize = vireo_host_storage_page_finalize;
  object_class->get_property = vireo_host_storage_page_get_property;
  object_class->set_property = vireo_host_storage_page_set_property;

  properties[PROP_CONNECTION] = g_param_spec_object ("connection", NULL, NULL, VIREO_TYPE_CONNECTION,
                                                     G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-host-storage-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoHostStoragePage, name)
  BIND (error_revealer);
  BIND (error_label);
  BIND (pool_list);
  BIND (pool_title);
  BIND (pool_details);
  BIND (usage_bar);
  BIND (autostart_check);
  BIND (volume_search);
  BIND (volume_stack);
  BIND (volume_view);
  BIND (volume_status);
  BIND (transfer_revealer);
  BIND (transfer_label);
  BIND (transfer_bar);
  BIND (volume_dialog);
  BIND (volume_name_entry);
  BIND (volume_format_dropdown);
  BIND (volume_capacity_spin);
  BIND (volume_allocate_check);
  BIND (volume_backing_entry);
  BIND (volume_free_label);
  BIND (resize_dialog);
  BIND (resize_spin);
#undef BIND

  gtk_widget_class_install_action (widget_class, "storage.new-pool", NULL, new_pool_action);
  gtk_widget_class_install_action (widget_class, "storage.start-pool", NULL, start_pool_action);
  gtk_widget_class_install_action (widget_class, "storage.stop-pool", NULL, stop_pool_action);
  gtk_widget_class_install_action (widget_class, "storage.refresh-pool", NULL, refresh_pool_action);
  gtk_widget_class_install_action (widget_class, "storage.delete-pool", NULL, delete_pool_action);
  gtk_widget_class_install_action (widget_class, "storage.new-volume", NULL, new_volume_action);
  gtk_widget_class_install_action (widget_class, "storage.delete-volume", NULL, delete_volume_action);
  gtk_widget_class_install_action (widget_class, "storage.resize-volume", NULL, resize_volume_action);
  gtk_widget_class_install_action (widget_class, "storage.wipe-volume", NULL, wipe_volume_action);
  gtk_widget_class_install_action (widget_class, "storage.upload", NULL, upload_action);
  gtk_widget_class_install_action (widget_class, "storage.download", NULL, download_action);
  gtk_widget_class_install_action (widget_class, "storage.cancel-transfer", NULL, cancel_transfer_action);
  gtk_widget_class_install_action (widget_class, "storage.dismiss-error", NULL, dismiss_error_action);
}

static void
vireo_host_storage_page_init (VireoHostStoragePage *self)
{
  GtkListItemFactory *factory;
  GtkStringFilter *filter;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  self->pool_selection = gtk_single_selection_new (NULL);
  g_signal_connect_swapped (self->pool_selection, "notify::selected-item", G_CALLBACK (pool_selected_cb), self);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (pool_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (pool_row_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (pool_row_unbind_cb), NULL);
  gtk_list_view_set_factory (self->pool_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->pool_list, GTK_SELECTION_MODEL (self->pool_selection));

  self->pool_signals = g_signal_group_new (VIREO_TYPE_STORAGE_POOL);
  g_signal_group_connect_swapped (self->pool_signals, "notify", G_CALLBACK (pool_changed_cb), self);

  filter = gtk_string_filter_new (gtk_property_expression_new (VIREO_TYPE_STORAGE_VOLUME, NULL, "name"));
  gtk_string_filter_set_match_mode (filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (filter, TRUE);
  self->volume_filter = gtk_filter_list_model_new (NULL, GTK_FILTER (filter));
  self->volume_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->volume_filter)));
  gtk_single_selection_set_can_unselect (self->volume_selection, TRUE);
  g_signal_connect_swapped (self->volume_selection, "notify::selected-item", G_CALLBACK (update_actions), self);
  gtk_column_view_set_model (self->volume_view, GTK_SELECTION_MODEL (self->volume_selection));
  add_column (self, _("Name"), COLUMN_NAME, TRUE);
  add_column (self, _("Format"), COLUMN_FORMAT, FALSE);
  add_column (self, _("Size"), COLUMN_CAPACITY, FALSE);
  add_column (self, _("Allocated"), COLUMN_ALLOCATION, FALSE);
  add_column (self, _("Used By"), COLUMN_USERS, TRUE);

  g_signal_connect_swapped (self->volume_search, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->autostart_check, "toggled", G_CALLBACK (autostart_toggled_cb), self);
  g_signal_connect_swapped (self->volume_dialog, "response", G_CALLBACK (volume_dialog_response_cb), self);
  g_signal_connect_swapped (self->resize_dialog, "response", G_CALLBACK (resize_response_cb), self);
  update_actions (self);
}
