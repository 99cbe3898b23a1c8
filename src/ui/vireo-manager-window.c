/* vireo-manager-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-manager-window"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vireo-domain-actions.h"
#include "vireo-list-row.h"
#include "vireo-manager-window.h"
#include "vireo-menu-tooltips.h"

struct _VireoManagerWindow
{
  AdwApplicationWindow parent_instance;

  GListModel         *connections;      /* owned: the application's */
  GListStore         *sections;         /* GListModel per connection */
  GtkFlattenListModel *rows;
  GtkSingleSelection *selection;
  GtkStringFilter    *filter;
  GtkSorter          *sorter;
  GActionGroup       *domain_actions;
  GSignalGroup       *selected_signals; /* the selected VireoDomain */
  gulong              connections_changed_id;
  GSettings          *settings;         /* owned: the application's, or NULL */
  VireoListColumns    columns;
  gulong              after_paint_id;   /* VIREO_BENCH_READY only */

  /* template */
  AdwToastOverlay    *toast_overlay;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkRevealer        *no_hypervisor_revealer;
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkWidget          *pause_button;
  GtkWidget          *resume_button;
};

G_DEFINE_FINAL_TYPE (VireoManagerWindow, vireo_manager_window, ADW_TYPE_APPLICATION_WINDOW)

static GListModel *
create_section (VireoManagerWindow *self,
                VireoConnection    *connection)
{
  g_autoptr(GListStore) header = g_list_store_new (VIREO_TYPE_CONNECTION);
  g_autoptr(GListStore) parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(GtkFilterListModel) filtered = NULL;
  GtkSortListModel *sorted;

  g_list_store_append (header, connection);

  sorted = gtk_sort_list_model_new (g_object_ref (vireo_connection_get_domains (connection)),
                                    g_object_ref (self->sorter));
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (sorted),
                                        g_object_ref (GTK_FILTER (self->filter)));

  g_list_store_append (parts, header);
  g_list_store_append (parts, filtered);

  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts))));
}

static void
update_stack (VireoManagerWindow *self)
{
  gboolean empty = self->connections == NULL ||
                   g_list_model_get_n_items (self->connections) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
connections_changed_cb (GListModel         *connections,
                        guint               position,
                        guint               removed,
                        guint               added,
                        VireoManagerWindow *self)
{
  g_autofree gpointer *models = g_new0 (gpointer, added + 1);

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(VireoConnection) connection = g_list_model_get_item (connections, position + i);

      models[i] = create_section (self, connection);
    }

  g_list_store_splice (self->sections, position, removed, models, added);

  for (guint i = 0; i < added; i++)
    g_object_unref (models[i]);

  update_stack (self);
}

static void
update_pause_resume (VireoManagerWindow *self)
{
  VireoDomain *domain = vireo_domain_actions_get_domain (self->domain_actions);
  gboolean paused = domain != NULL &&
                    vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_PAUSED;

  gtk_widget_set_visible (self->pause_button, !paused);
  gtk_widget_set_visible (self->resume_button, paused);
}

static void
selection_changed_cb (VireoManagerWindow *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->selection);
  VireoDomain *domain = VIREO_IS_DOMAIN (item) ? item : NULL;

  vireo_domain_actions_set_domain (self->domain_actions, domain);
  g_signal_group_set_target (self->selected_signals, domain);
  update_pause_resume (self);
}

static void
list_activate_cb (VireoManagerWindow *self,
                  guint               position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (VIREO_IS_DOMAIN (item) && VIREO_IS_APPLICATION (app))
    vireo_application_show_domain (VIREO_APPLICATION (app), VIREO_DOMAIN (item));
}

static void
row_context_menu_cb (VireoListRow       *row,
                     double              x,
                     double              y,
                     VireoManagerWindow *self)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (row), "vireo-list-item");
  guint position;

  if (list_item == NULL)
    return;
  position = gtk_list_item_get_position (list_item);
  if (position == GTK_INVALID_LIST_POSITION)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  vireo_list_row_popup_menu (row, x, y);
}

/* -- list columns ---------------------------------------------------- */

static const struct
{
  const char      *key;
  VireoListColumns column;
} column_keys[] = {
  { "list-column-cpu", VIREO_LIST_COLUMN_CPU },
  { "list-column-host-cpu", VIREO_LIST_COLUMN_HOST_CPU },
  { "list-column-memory", VIREO_LIST_COLUMN_MEMORY },
  { "list-column-disk", VIREO_LIST_COLUMN_DISK },
  { "list-column-network", VIREO_LIST_COLUMN_NETWORK },
};

static void
update_columns (VireoManagerWindow *self)
{
  VireoListColumns columns = 0;

  if (self->settings == NULL)
    columns = VIREO_LIST_COLUMNS_DEFAULT;
  else
    for (guint i = 0; i < G_N_ELEMENTS (column_keys); i++)
      if (g_settings_get_boolean (self->settings, column_keys[i].key))
        columns |= column_keys[i].column;

  if (columns == self->columns)
    return;
  self->columns = columns;
  /* only the rows the list view holds now (about a screenful), never one per
   * VM: its children are the list item widgets, each with our row inside.
   * No list of rows is kept: GTK 4.8 tears a row down after taking it out of
   * its list item, so a list kept from "setup" would point at freed rows. */
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (VIREO_IS_LIST_ROW (row))
        vireo_list_row_set_columns (VIREO_LIST_ROW (row), columns);
    }
}

static void
settings_changed_cb (GSettings          *settings,
                     const char         *key,
                     VireoManagerWindow *self)
{
  if (g_str_has_prefix (key, "list-column-"))
    update_columns (self);
}

/* -- VIREO_BENCH_READY ------------------------------------------------ */

/* every connection opened at start has settled (connected, or failed) and
 * the list holds all their VMs; returns the number of VM rows or -1 */
static int
count_ready_rows (VireoManagerWindow *self)
{
  guint n_connections = g_list_model_get_n_items (self->connections);
  guint expected = 0;
  guint rows;

  for (guint i = 0; i < n_connections; i++)
    {
      g_autoptr(VireoConnection) connection = g_list_model_get_item (self->connections, i);

      if (vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTING)
        return -1;
      expected += g_list_model_get_n_items (vireo_connection_get_domains (connection));
    }

  rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  rows -= MIN (rows, g_list_model_get_n_items (G_LIST_MODEL (self->sections))); /* headers */
  return rows == expected ? (int) rows : -1;
}

static void
after_paint_cb (GdkFrameClock      *clock,
                VireoManagerWindow *self)
{
  int rows = count_ready_rows (self);

  if (rows < 0)
    return;

  printf ("READY %.6f rows=%d\n", g_get_monotonic_time () / 1e6, rows);
  fflush (stdout);
  g_clear_signal_handler (&self->after_paint_id, clock);
}

static void
vireo_manager_window_realize (GtkWidget *widget)
{
  VireoManagerWindow *self = VIREO_MANAGER_WINDOW (widget);
  static gboolean printed;

  GTK_WIDGET_CLASS (vireo_manager_window_parent_class)->realize (widget);

  if (!printed && g_strcmp0 (g_getenv ("VIREO_BENCH_READY"), "1") == 0)
    {
      printed = TRUE; /* one line per process */
      self->after_paint_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                               G_CALLBACK (after_paint_cb), self);
    }
}

static void
vireo_manager_window_unrealize (GtkWidget *widget)
{
  VireoManagerWindow *self = VIREO_MANAGER_WINDOW (widget);

  if (self->after_paint_id != 0)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (vireo_manager_window_parent_class)->unrealize (widget);
}

/* -- rows -------------------------------------------------------------- */

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  VireoManagerWindow       *self)
{
  GtkWidget *row = vireo_list_row_new ();

  g_object_set_data (G_OBJECT (row), "vireo-list-item", list_item);
  vireo_list_row_set_columns (VIREO_LIST_ROW (row), self->columns);
  g_signal_connect_object (row, "context-menu", G_CALLBACK (row_context_menu_cb), self, 0);
  gtk_list_item_set_child (list_item, row);
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 VireoManagerWindow       *self)
{
  GObject *item = gtk_list_item_get_item (list_item);
  gboolean is_domain = VIREO_IS_DOMAIN (item);

  vireo_list_row_set_item (VIREO_LIST_ROW (gtk_list_item_get_child (list_item)), item);
  gtk_list_item_set_selectable (list_item, is_domain);
  gtk_list_item_set_activatable (list_item, is_domain);
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   VireoManagerWindow       *self)
{
  vireo_list_row_set_item (VIREO_LIST_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
search_changed_cb (VireoManagerWindow *self)
{
  gtk_string_filter_set_search (self->filter,
                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
stop_search_cb (VireoManagerWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VireoManagerWindow *self = VIREO_MANAGER_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* "win.add-toast" (a string): a sentence from a window that does not know
 * this one (the New VM wizard's CPU notice), shown as a toast */
static void
add_toast_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  vireo_manager_window_add_toast (VIREO_MANAGER_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
context_menu_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  VireoManagerWindow *self = VIREO_MANAGER_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *row = NULL;

  if (focus == NULL)
    return;
  /* the focus is on the list item widget, whose child is our row */
  for (GtkWidget *child = gtk_widget_get_first_child (focus);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (VIREO_IS_LIST_ROW (child))
      row = child;
  if (row == NULL)
    row = gtk_widget_get_ancestor (focus, VIREO_TYPE_LIST_ROW);
  if (row != NULL)
    row_context_menu_cb (VIREO_LIST_ROW (row), -1, -1, self);
}

static void
domain_deleted_cb (GActionGroup       *group,
                   VireoDomain        *domain,
                   VireoManagerWindow *self)
{
  g_autofree char *title = NULL;

  /* Translators: a toast after a VM was deleted */
  title = g_strdup_printf (_("“%s” was deleted. Its storage was kept."),
                           vireo_domain_get_name (domain));
  vireo_manager_window_add_toast (self, title);
}

static void
domain_notice_cb (GActionGroup       *group,
                  const char         *notice,
                  VireoManagerWindow *self)
{
  vireo_manager_window_add_toast (self, notice);
}

void
vireo_manager_window_add_toast (VireoManagerWindow *self,
                                const char         *title)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (VIREO_IS_MANAGER_WINDOW (self));
  g_return_if_fail (title != NULL);

  /* AdwToast titles are markup in libadwaita 1.2; ours are plain text */
  escaped = g_markup_escape_text (title, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

void
vireo_manager_window_set_no_hypervisor (VireoManagerWindow *self,
                                        gboolean            no_hypervisor)
{
  g_return_if_fail (VIREO_IS_MANAGER_WINDOW (self));

  gtk_revealer_set_reveal_child (self->no_hypervisor_revealer, no_hypervisor);
}

GtkListView *
vireo_manager_window_get_list_view (VireoManagerWindow *self)
{
  g_return_val_if_fail (VIREO_IS_MANAGER_WINDOW (self), NULL);
  return self->list_view;
}

GListModel *
vireo_manager_window_get_rows (VireoManagerWindow *self)
{
  g_return_val_if_fail (VIREO_IS_MANAGER_WINDOW (self), NULL);
  return G_LIST_MODEL (self->selection);
}

GActionGroup *
vireo_manager_window_get_domain_actions (VireoManagerWindow *self)
{
  g_return_val_if_fail (VIREO_IS_MANAGER_WINDOW (self), NULL);
  return self->domain_actions;
}

void
vireo_manager_window_set_search_text (VireoManagerWindow *self,
                                      const char         *text)
{
  g_return_if_fail (VIREO_IS_MANAGER_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && *text != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* apply at once rather than after the entry's search delay */
  gtk_string_filter_set_search (self->filter, text);
}

static void
save_window_state (VireoManagerWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings;
  int width, height;

  if (!VIREO_IS_APPLICATION (app))
    return;
  settings = vireo_application_get_settings (VIREO_APPLICATION (app));
  if (settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
vireo_manager_window_close_request (GtkWindow *window)
{
  save_window_state (VIREO_MANAGER_WINDOW (window));

  return GTK_WINDOW_CLASS (vireo_manager_window_parent_class)->close_request (window);
}

GtkWidget *
vireo_manager_window_new (VireoApplication *application)
{
  VireoManagerWindow *self;
  GSettings *settings;

  g_return_val_if_fail (VIREO_IS_APPLICATION (application), NULL);

  self = g_object_new (VIREO_TYPE_MANAGER_WINDOW,
                       "application", application,
                       NULL);

  settings = vireo_application_get_settings (application);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      for (guint i = 0; i < G_N_ELEMENTS (column_keys); i++)
        {
          g_autoptr(GAction) action = g_settings_create_action (settings, column_keys[i].key);

          g_action_map_add_action (G_ACTION_MAP (self), action);
        }
      g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self, 0);
      update_columns (self);

      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  self->connections = g_object_ref (vireo_application_get_connections (application));
  self->connections_changed_id =
    g_signal_connect (self->connections, "items-changed",
                      G_CALLBACK (connections_changed_cb), self);
  connections_changed_cb (self->connections, 0, 0,
                          g_list_model_get_n_items (self->connections), self);

  return GTK_WIDGET (self);
}

static void
vireo_manager_window_dispose (GObject *object)
{
  VireoManagerWindow *self = VIREO_MANAGER_WINDOW (object);

  if (self->connections != NULL)
    g_clear_signal_handler (&self->connections_changed_id, self->connections);
  g_clear_object (&self->connections);
  if (self->selected_signals != NULL)
    g_signal_group_set_target (self->selected_signals, NULL);
  if (self->domain_actions != NULL)
    vireo_domain_actions_set_domain (self->domain_actions, NULL);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_MANAGER_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->sections);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorter);
  g_clear_object (&self->domain_actions);
  g_clear_object (&self->selected_signals);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vireo_manager_window_parent_class)->dispose (object);
}

static void
vireo_manager_window_class_init (VireoManagerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vireo_manager_window_dispose;
  window_class->close_request = vireo_manager_window_close_request;
  widget_class->realize = vireo_manager_window_realize;
  widget_class->unrealize = vireo_manager_window_unrealize;

  g_type_ensure (VIREO_TYPE_LIST_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/vireo-manager-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, no_hypervisor_revealer);
  gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, VireoManagerWindow, resume_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action_cb);
  gtk_widget_class_install_action (widget_class, "win.context-menu", NULL, context_menu_action_cb);
  gtk_widget_class_install_action (widget_class, "win.add-toast", "s", add_toast_action_cb);
}

static void
vireo_manager_window_init (VireoManagerWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkExpression *name_expression;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Main Menu (the rows see to theirs) */
  vireo_menu_tooltips_hide_while_open (GTK_WIDGET (self));

  self->columns = VIREO_LIST_COLUMNS_DEFAULT;

  name_expression = gtk_property_expression_new (VIREO_TYPE_DOMAIN, NULL, "name");
  self->sorter = GTK_SORTER (gtk_string_sorter_new (gtk_expression_ref (name_expression)));
  self->filter = gtk_string_filter_new (name_expression);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);

  self->sections = g_list_store_new (G_TYPE_LIST_MODEL);
  self->rows = gtk_flatten_list_model_new (g_object_ref (G_LIST_MODEL (self->sections)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selection_changed_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  self->domain_actions = vireo_domain_actions_new (GTK_WIDGET (self));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "domain", self->domain_actions);
  g_signal_connect (self->domain_actions, "domain-deleted",
                    G_CALLBACK (domain_deleted_cb), self);
  g_signal_connect (self->domain_actions, "notice",
                    G_CALLBACK (domain_notice_cb), self);

  self->selected_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_swapped (self->selected_signals, "notify::state",
                                  G_CALLBACK (update_pause_resume), self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  update_stack (self);
  update_pause_resume (self);
}
