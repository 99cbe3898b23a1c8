/* vireo-pool-browser.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pools are the connection's one VireoHostStorage model (the host window's
 * Storage page shows the same, kept current by libvirt's pool events),
 * volumes come from vireo_connection_list_volumes_async; nothing here calls
 * libvirt on the main thread.
 */
#define G_LOG_DOMAIN "vireo-pool-browser"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-host-resources.h"
#include "vireo-host-storage.h"
#include "vireo-pool-browser.h"

struct _VireoPoolBrowser
{
  AdwWindow parent_instance;

  VireoConnection *connection;
  VireoHostStorage *storage; /* its pools model is the pool list's */
  GtkStringList *pool_names; /* its pools' names, kept in step */
  GPtrArray *volumes;  /* VireoVolumeFacts, in the order of volume_names */
  GtkStringList *volume_names;
  GtkSingleSelection *pool_selection;
  GtkSingleSelection *volume_selection;
  GCancellable *cancellable; /* the window's, cancelled in dispose */
  GCancellable *volumes_cancellable;
  char *select_pool;   /* to select once pools are listed */
  char *select_volume; /* to select once volumes are listed */
  guint busy : 1;

  /* template */
  AdwWindowTitle *window_title;
  GtkWidget *choose_button;
  GtkListView *pool_list;
  GtkListView *volume_list;
  GtkWidget *status_label;
  GtkWidget *create_group;
  GtkWidget *name_row;
  GtkWidget *size_spin;
  AdwComboRow *format_row;
  GtkWidget *create_button;
  GtkWidget *error_label;
};

G_DEFINE_FINAL_TYPE (VireoPoolBrowser, vireo_pool_browser, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_VOLUME_CHOSEN,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void load_pools (VireoPoolBrowser *self);

/* the list shows the shared model's pool names, changed as the model
 * changes (position for position) */
static void
pools_changed_cb (GListModel *pools, guint position, guint removed, guint added, VireoPoolBrowser *self)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < added; i++)
    {
      g_autoptr (VireoStoragePool) pool = g_list_model_get_item (pools, position + i);

      g_ptr_array_add (names, g_strdup (vireo_storage_pool_get_name (pool)));
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->pool_names, position, removed, (const char *const *) names->pdata);
}

static VireoStoragePool *
pool_of (VireoPoolBrowser *self, GtkStringObject *name)
{
  if (name == NULL || self->storage == NULL)
    return NULL;
  return vireo_host_storage_lookup_pool (self->storage, gtk_string_object_get_string (name));
}

static VireoStoragePool *
selected_pool (VireoPoolBrowser *self)
{
  return pool_of (self, gtk_single_selection_get_selected_item (self->pool_selection));
}

static VireoVolumeFacts *
selected_volume (VireoPoolBrowser *self)
{
  guint selected = gtk_single_selection_get_selected (self->volume_selection);

  if (self->volumes == NULL || selected >= self->volumes->len)
    return NULL;
  return g_ptr_array_index (self->volumes, selected);
}

static void
show_error (VireoPoolBrowser *self, const GError *error)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), error != NULL ? error->message : "");
  gtk_widget_set_visible (self->error_label, error != NULL);
}

static void
update_actions (VireoPoolBrowser *self)
{
  VireoStoragePool *pool = selected_pool (self);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  gtk_widget_set_sensitive (self->choose_button, selected_volume (self) != NULL && !self->busy);
  gtk_widget_set_sensitive (self->create_button, pool != NULL && vireo_storage_pool_get_active (pool) && *name != '\0' &&
                                                     strchr (name, '/') == NULL && !self->busy);
}

/* -- rows -------------------------------------------------------------------- */

static void
row_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (item, box);
}

static void
set_row (GtkListItem *item, const char *title, const char *details)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title_label = gtk_widget_get_first_child (box);
  g_autofree char *accessible = g_strdup_printf ("%s, %s", title, details);

  gtk_label_set_text (GTK_LABEL (title_label), title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title_label)), details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static char *
pool_details (VireoStoragePool *pool)
{
  guint64 capacity_bytes = vireo_storage_pool_get_capacity (pool);
  guint64 available_bytes = vireo_storage_pool_get_available (pool);
  g_autofree char *capacity = g_format_size_full (capacity_bytes, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *available = g_format_size_full (available_bytes, G_FORMAT_SIZE_IEC_UNITS);

  if (!vireo_storage_pool_get_active (pool))
    return g_strdup (_ ("Inactive"));
  /* nothing free and nothing left unallocated: libvirt's numbers did not tell */
  if (available_bytes == 0 && vireo_storage_pool_get_allocation (pool) >= capacity_bytes)
    /* TRANSLATORS: a storage pool: "Active, 100 GiB, free space unknown" */
    return g_strdup_printf (_ ("Active, %s, free space unknown"), capacity);
  /* TRANSLATORS: a storage pool: "Active, 80 GiB free of 100 GiB" */
  return g_strdup_printf (_ ("Active, %s free of %s"), available, capacity);
}

static char *
volume_details (const VireoVolumeFacts *volume)
{
  g_autofree char *capacity = g_format_size_full (volume->capacity, G_FORMAT_SIZE_IEC_UNITS);

  if (volume->format != NULL)
    /* TRANSLATORS: a volume: "20.0 GiB, qcow2" */
    return g_strdup_printf (_ ("%s, %s"), capacity, volume->format);
  return g_strdup (capacity);
}

static void
pool_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, VireoPoolBrowser *self)
{
  VireoStoragePool *pool = pool_of (self, gtk_list_item_get_item (item));
  g_autofree char *details = NULL;

  if (pool == NULL)
    return;
  details = pool_details (pool);
  set_row (item, vireo_storage_pool_get_name (pool), details);
}

static void
volume_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, VireoPoolBrowser *self)
{
  guint position = gtk_list_item_get_position (item);
  VireoVolumeFacts *volume;
  g_autofree char *details = NULL;

  if (self->volumes == NULL || position >= self->volumes->len)
    return;
  volume = g_ptr_array_index (self->volumes, position);
  details = volume_details (volume);
  set_row (item, volume->name, details);
}

/* -- volumes ----------------------------------------------------------------- */

static void
volumes_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VireoPoolBrowser *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) volumes = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  guint select = GTK_INVALID_LIST_POSITION;

  volumes = vireo_connection_list_volumes_finish (VIREO_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->volumes_cancellable);
  if (volumes == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->status_label), "");
      show_error (self, error);
      return;
    }

  for (guint i = 0; i < volumes->len; i++)
    {
      VireoVolumeFacts *volume = g_ptr_array_index (volumes, i);

      g_ptr_array_add (names, volume->name);
      if (g_strcmp0 (volume->name, self->select_volume) == 0)
        select = i;
    }
  g_ptr_array_add (names, NULL);
  g_clear_pointer (&self->select_volume, g_free);

  g_clear_pointer (&self->volumes, g_ptr_array_unref);
  self->volumes = g_steal_pointer (&volumes);
  gtk_string_list_splice (self->volume_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->volume_names)),
                          (const char *const *) names->pdata);
  gtk_single_selection_set_selected (self->volume_selection, select);
  gtk_label_set_text (
      GTK_LABEL (self->status_label),
      self->volumes->len == 0 ? _ ("This pool has no volumes yet: create one below.") : "");
  update_actions (self);
}

static void
load_volumes (VireoPoolBrowser *self)
{
  VireoStoragePool *pool = selected_pool (self);

  g_cancellable_cancel (self->volumes_cancellable);
  g_clear_object (&self->volumes_cancellable);
  g_clear_pointer (&self->volumes, g_ptr_array_unref);
  gtk_string_list_splice (self->volume_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->volume_names)), NULL);
  show_error (self, NULL);
  if (pool == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->status_label), "");
      update_actions (self);
      return;
    }
  if (!vireo_storage_pool_get_active (pool))
    {
      g_autofree char *text =
          g_strdup_printf (_ ("The pool “%s” is not active: its volumes cannot be "
                              "listed. Start it in the host's storage settings, or "
                              "choose another pool."),
                           vireo_storage_pool_get_name (pool));

      gtk_label_set_text (GTK_LABEL (self->status_label), text);
      update_actions (self);
      return;
    }
  gtk_label_set_text (GTK_LABEL (self->status_label), _ ("Listing the volumes…"));
  self->volumes_cancellable = g_cancellable_new ();
  vireo_connection_list_volumes_async (self->connection, vireo_storage_pool_get_name (pool),
                                       self->volumes_cancellable,
                                       volumes_cb, self);
  update_actions (self);
}

/* -- pools ------------------------------------------------------------------- */

/* once the shared model has the pools: the one asked for, else "default",
 * else the first */
static void
select_first_pool (VireoPoolBrowser *self)
{
  GListModel *pools = vireo_host_storage_get_pools (self->storage);
  guint n = g_list_model_get_n_items (pools);
  guint select = 0;

  if (!vireo_host_storage_get_loaded (self->storage))
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (VireoStoragePool) pool = g_list_model_get_item (pools, i);
      const char *name = vireo_storage_pool_get_name (pool);

      if (self->select_pool != NULL ? g_str_equal (name, self->select_pool) : g_str_equal (name, "default"))
        select = i;
    }
  g_clear_pointer (&self->select_pool, g_free);
  if (n == 0)
    {
      gtk_label_set_text (GTK_LABEL (self->status_label), _ ("This host has no storage pools."));
      update_actions (self);
      return;
    }
  /* selecting the same position again does not notify */
  if (gtk_single_selection_get_selected (self->pool_selection) == select)
    load_volumes (self);
  else
    gtk_single_selection_set_selected (self->pool_selection, select);
}

static void
load_pools (VireoPoolBrowser *self)
{
  if (vireo_host_storage_get_loaded (self->storage))
    select_first_pool (self);
  else
    gtk_label_set_text (GTK_LABEL (self->status_label), _ ("Listing the storage pools…"));
}

static void
pool_selected_cb (VireoPoolBrowser *self)
{
  load_volumes (self);
}

/* -- create, choose ---------------------------------------------------------- */

static void
created_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VireoPoolBrowser *self;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  path = vireo_connection_create_volume_finish (VIREO_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  self->busy = FALSE;
  if (path == NULL)
    {
      g_clear_pointer (&self->select_volume, g_free);
      gtk_label_set_text (GTK_LABEL (self->status_label), "");
      show_error (self, error);
      update_actions (self);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  /* the pool's free space changed (the shared model reads it again after
   * the core's volume change): list the volumes again, selecting the new one */
  vireo_host_storage_reload (self->storage);
  load_volumes (self);
}

static void
create_cb (VireoPoolBrowser *self)
{
  VireoStoragePool *pool = selected_pool (self);
  const char *format = adw_combo_row_get_selected (self->format_row) == 1 ? "raw" : "qcow2";
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *name = NULL;
  guint64 size;

  if (pool == NULL || *typed == '\0' || self->busy)
    return;
  /* "disk" becomes "disk.qcow2", as the New VM wizard names its volumes */
  name = strchr (typed, '.') != NULL ? g_strdup (typed) : g_strdup_printf ("%s.%s", typed, format);
  size = (guint64) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->size_spin)) << 30;
  show_error (self, NULL);
  self->busy = TRUE;
  g_free (self->select_volume);
  self->select_volume = g_strdup (name);
  gtk_label_set_text (GTK_LABEL (self->status_label), _ ("Creating the volume…"));
  vireo_connection_create_volume_async (self->connection, vireo_storage_pool_get_name (pool), name, size, format,
                                        self->cancellable, created_cb, self);
  update_actions (self);
}

static void
choose_cb (VireoPoolBrowser *self)
{
  VireoVolumeFacts *volume = selected_volume (self);
  g_autofree char *path = NULL;

  if (volume == NULL)
    return;
  path = g_strdup (volume->path);
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_VOLUME_CHOSEN], 0, path);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
volume_activate_cb (GtkListView *list, guint position, VireoPoolBrowser *self)
{
  gtk_single_selection_set_selected (self->volume_selection, position);
  choose_cb (self);
}

/* -- GObject ----------------------------------------------------------------- */

static void
vireo_pool_browser_dispose (GObject *object)
{
  VireoPoolBrowser *self = VIREO_POOL_BROWSER (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->volumes_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_POOL_BROWSER);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->volumes_cancellable);
  g_clear_object (&self->pool_selection);
  g_clear_object (&self->volume_selection);
  g_clear_object (&self->storage);
  g_clear_object (&self->connection);
  G_OBJECT_CLASS (vireo_pool_browser_parent_class)->dispose (object);
}

static void
vireo_pool_browser_finalize (GObject *object)
{
  VireoPoolBrowser *self = VIREO_POOL_BROWSER (object);

  g_clear_pointer (&self->volumes, g_ptr_array_unref);
  g_free (self->select_pool);
  g_free (self->select_volume);
  G_OBJECT_CLASS (vireo_pool_browser_parent_class)->finalize (object);
}

static void
vireo_pool_browser_class_init (VireoPoolBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_pool_browser_dispose;
  object_class->finalize = vireo_pool_browser_finalize;

  signals[SIGNAL_VOLUME_CHOSEN] =
      g_signal_new ("volume-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/vireo-pool-browser.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoPoolBrowser, window_title);
  gtk_widget_class_bind_template_child (widget_class, VireoPoolBrowser, choose_button);
  gtk_widget_class_bind_template_child (widget_class, VireoPoolBrowser, pool_list);
  gtk_widget_class_bind_template_child (widget_class, VireoPoolBrowser, volume_list);
  gtk_widget_class_bind_template_child (widget_class, VireoPoolBrowser, status_label);
  gtk_widget_class_bind_template_child (widget_class, VireoPoolBrowser, create_group);
  gtk_widget_class_bind_template_child (widget_class, VireoPoolBrowser, name_row);
  gtk_widget_class_bind_template_child (widget_class, VireoPoolBrowser, size_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoPoolBrowser, format_row);
  gtk_widget_class_bind_template_child (widget_class, VireoPoolBrowser, create_button);
  gtk_widget_class_bind_template_child (widget_class, VireoPoolBrowser, error_label);
}

static GtkListItemFactory *
row_factory (VireoPoolBrowser *self, GCallback bind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), NULL);
  g_signal_connect (factory, "bind", bind, self);
  return factory;
}

static void
vireo_pool_browser_init (VireoPoolBrowser *self)
{
  g_autoptr (GtkListItemFactory) pool_factory = NULL;
  g_autoptr (GtkListItemFactory) volume_factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->volume_names = gtk_string_list_new (NULL);
  self->pool_names = gtk_string_list_new (NULL);
  self->pool_selection = gtk_single_selection_new (G_LIST_MODEL (self->pool_names));
  gtk_single_selection_set_autoselect (self->pool_selection, FALSE);
  self->volume_selection = gtk_single_selection_new (G_LIST_MODEL (self->volume_names));
  gtk_single_selection_set_autoselect (self->volume_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->volume_selection, TRUE);

  pool_factory = row_factory (self, G_CALLBACK (pool_bind_cb));
  volume_factory = row_factory (self, G_CALLBACK (volume_bind_cb));
  gtk_list_view_set_factory (self->pool_list, pool_factory);
  gtk_list_view_set_factory (self->volume_list, volume_factory);
  gtk_list_view_set_model (self->pool_list, GTK_SELECTION_MODEL (self->pool_selection));
  gtk_list_view_set_model (self->volume_list, GTK_SELECTION_MODEL (self->volume_selection));

  g_signal_connect_swapped (self->pool_selection, "notify::selected", G_CALLBACK (pool_selected_cb),
                            self);
  g_signal_connect_swapped (self->volume_selection, "notify::selected", G_CALLBACK (update_actions),
                            self);
  g_signal_connect (self->volume_list, "activate", G_CALLBACK (volume_activate_cb), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->create_button, "clicked", G_CALLBACK (create_cb), self);
  g_signal_connect_swapped (self->choose_button, "clicked", G_CALLBACK (choose_cb), self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->choose_button);
}

GtkWidget *
vireo_pool_browser_new (GtkWindow *parent, VireoConnection *connection, const char *heading)
{
  VireoPoolBrowser *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  /* the application's too, for its help button (app.help-page) */
  self = g_object_new (VIREO_TYPE_POOL_BROWSER, "transient-for", parent, "destroy-with-parent",
                       TRUE, "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->connection = g_object_ref (connection);
  if (heading != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), heading);
      adw_window_title_set_title (self->window_title, heading);
    }
  adw_window_title_set_subtitle (self->window_title, vireo_connection_get_label (connection));
  self->storage = vireo_host_storage_get (connection);
  pools_changed_cb (vireo_host_storage_get_pools (self->storage), 0, 0,
                    g_list_model_get_n_items (vireo_host_storage_get_pools (self->storage)), self);
  g_signal_connect_object (vireo_host_storage_get_pools (self->storage), "items-changed",
                           G_CALLBACK (pools_changed_cb), self, 0);
  g_signal_connect_object (self->storage, "notify::loaded", G_CALLBACK (select_first_pool), self,
                           G_CONNECT_SWAPPED);
  load_pools (self);
  return GTK_WIDGET (self);
}

const char *
vireo_pool_browser_get_selected_path (VireoPoolBrowser *self)
{
  VireoVolumeFacts *volume;

  g_return_val_if_fail (VIREO_IS_POOL_BROWSER (self), NULL);

  volume = selected_volume (self);
  return volume != NULL ? volume->path : NULL;
}
