/* vireo-list-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-list-row"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "vireo-graph.h"
#include "vireo-list-row.h"

struct _VireoListRow
{
  GtkWidget     parent_instance;

  GObject      *item;            /* owned: VireoConnection or VireoDomain */
  GSignalGroup *connection_signals;
  GSignalGroup *domain_signals;
  GSimpleActionGroup *row_actions;
  GtkWidget    *popover;         /* VM context menu, parented to the row */
  GSignalGroup *stats_signals;   /* the VM's VireoDomainStats, while bound */
  GSignalGroup *sampler_signals; /* its connection's VireoStatsSampler */
  VireoListColumns columns;

  /* template */
  GtkWidget    *header_box;
  GtkLabel     *header_title;
  GtkLabel     *header_state;
  GtkWidget    *header_menu_button;
  GtkWidget    *captions_box;
  GtkWidget    *cpu_caption;
  GtkWidget    *host_cpu_caption;
  GtkWidget    *memory_caption;
  GtkWidget    *disk_caption;
  GtkWidget    *network_caption;
  GtkWidget    *vm_box;
  GtkImage     *vm_icon;
  GtkLabel     *vm_name;
  GtkLabel     *vm_os;
  GtkLabel     *vm_state;
  VireoGraph   *cpu_graph;
  GtkLabel     *host_cpu_label;
  GtkLabel     *memory_label;
  GtkLabel     *disk_label;
  GtkLabel     *network_label;
  GMenuModel   *vm_menu;
};

G_DEFINE_FINAL_TYPE (VireoListRow, vireo_list_row, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ITEM, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_CONTEXT_MENU, N_SIGNALS };
static guint signals[N_SIGNALS];

const char *
vireo_list_row_connection_label (VireoConnection *connection)
{
  const char *label;

  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  label = vireo_connection_get_label (connection);
  if (label == NULL)
    label = vireo_connection_get_uri (connection);
  return label;
}

char *
vireo_list_row_describe_connection (VireoConnection *connection)
{
  const GError *error;
  guint seconds;

  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  switch (vireo_connection_get_state (connection))
    {
    case VIREO_CONNECTION_STATE_CONNECTING:
      return g_strdup (_("Connecting…"));
    case VIREO_CONNECTION_STATE_CONNECTED:
      if (vireo_connection_get_read_only (connection))
        return g_strdup (_("Read-only"));
      return g_strdup (_("Connected"));
    case VIREO_CONNECTION_STATE_DISCONNECTED:
    default:
      break;
    }

  error = vireo_connection_get_error (connection);
  seconds = vireo_connection_get_reconnect_seconds (connection);
  if (error != NULL && seconds > 0)
    /* Translators: the reason, then the seconds until the next attempt */
    return g_strdup_printf (_("Disconnected: %s — reconnecting in %u s"), error->message, seconds);
  if (error != NULL)
    return g_strdup_printf (_("Disconnected: %s"), error->message);
  if (seconds > 0)
    return g_strdup_printf (_("Disconnected — reconnecting in %u s"), seconds);
  return g_strdup (_("Disconnected"));
}

static void
vireo_list_row_update_header (VireoListRow *self)
{
  VireoConnection *connection = VIREO_CONNECTION (self->item);
  g_autofree char *state = vireo_list_row_describe_connection (connection);
  g_autofree char *accessible = NULL;
  VireoConnectionState cstate = vireo_connection_get_state (connection);
  const char *label = vireo_list_row_connection_label (connection);
  GAction *action;

  gtk_label_set_text (self->header_title, label);
  gtk_label_set_text (self->header_state, state);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->header_state), state);

  accessible = g_strdup_printf ("%s, %s", label, state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  action = g_action_map_lookup_action (G_ACTION_MAP (self->row_actions), "connect");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               cstate == VIREO_CONNECTION_STATE_DISCONNECTED);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->row_actions), "disconnect");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               cstate != VIREO_CONNECTION_STATE_DISCONNECTED ||
                               vireo_connection_get_reconnect_seconds (connection) > 0);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->row_actions), "new-vm");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               cstate == VIREO_CONNECTION_STATE_CONNECTED &&
                               !vireo_connection_get_read_only (connection));
}

/* -- live figures (bound VM rows only) ------------------------------------ */

static void
set_cell (GtkLabel *label,
          char     *text)  /* (transfer full) */
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
  g_free (text);
}

static char *
format_rate_sum (double a,
                 double b)
{
  if (isnan (a) && isnan (b))
    return g_strdup ("—");
  return vireo_stats_format_rate ((isnan (a) ? 0 : a) + (isnan (b) ? 0 : b));
}

static void
vireo_list_row_update_stats (VireoListRow *self)
{
  VireoDomain *domain;
  VireoDomainStats *stats;
  VireoConnection *connection;
  VireoStatsGroups groups = 0;
  VireoDomainState state;
  gboolean live;

  if (!VIREO_IS_DOMAIN (self->item) ||
      (self->columns & ~VIREO_LIST_COLUMN_CPU) == 0)
    return;

  domain = VIREO_DOMAIN (self->item);
  stats = vireo_domain_get_stats (domain);
  connection = vireo_domain_get_connection (domain);
  if (connection != NULL)
    groups = vireo_stats_sampler_get_groups (vireo_connection_get_sampler (connection));
  state = vireo_domain_get_state (domain);
  live = state == VIREO_DOMAIN_STATE_RUNNING || state == VIREO_DOMAIN_STATE_PAUSED;

  if (self->columns & VIREO_LIST_COLUMN_HOST_CPU)
    {
      double value = vireo_domain_stats_get_current (stats, VIREO_STAT_HOST_CPU);

      set_cell (self->host_cpu_label,
                live && (groups & VIREO_STATS_GROUP_CPU) && !isnan (value)
                  ? vireo_graph_format_value (value, "%") : g_strdup ("—"));
    }

  if (self->columns & VIREO_LIST_COLUMN_MEMORY)
    {
      double value = vireo_domain_stats_get_current (stats, VIREO_STAT_MEMORY);
      double total = vireo_domain_stats_get_memory_total (stats);
      char *text;

      if (!live || !(groups & VIREO_STATS_GROUP_MEMORY) || isnan (value))
        text = g_strdup ("—");
      else if (total > 0)
        {
          g_autofree char *used = vireo_graph_format_value (value, "KiB");

          /* Translators: memory in use and its share, "512 MiB (50 %)" */
          text = g_strdup_printf (_("%s (%.0f %%)"), used, CLAMP (100 * value / total, 0, 100));
        }
      else
        text = vireo_graph_format_value (value, "KiB");
      set_cell (self->memory_label, text);
    }

  if (self->columns & VIREO_LIST_COLUMN_DISK)
    set_cell (self->disk_label,
              live && (groups & VIREO_STATS_GROUP_DISK)
                ? format_rate_sum (vireo_domain_stats_get_current (stats, VIREO_STAT_DISK_READ),
                                   vireo_domain_stats_get_current (stats, VIREO_STAT_DISK_WRITE))
                : g_strdup ("—"));

  if (self->columns & VIREO_LIST_COLUMN_NETWORK)
    set_cell (self->network_label,
              live && (groups & VIREO_STATS_GROUP_NETWORK)
                ? format_rate_sum (vireo_domain_stats_get_current (stats, VIREO_STAT_NET_RX),
                                   vireo_domain_stats_get_current (stats, VIREO_STAT_NET_TX))
                : g_strdup ("—"));
}

static void
vireo_list_row_update_columns (VireoListRow *self)
{
  gboolean vm = VIREO_IS_DOMAIN (self->item);

  gtk_widget_set_visible (GTK_WIDGET (self->cpu_graph), self->columns & VIREO_LIST_COLUMN_CPU);
  gtk_widget_set_visible (GTK_WIDGET (self->host_cpu_label), self->columns & VIREO_LIST_COLUMN_HOST_CPU);
  gtk_widget_set_visible (GTK_WIDGET (self->memory_label), self->columns & VIREO_LIST_COLUMN_MEMORY);
  gtk_widget_set_visible (GTK_WIDGET (self->disk_label), self->columns & VIREO_LIST_COLUMN_DISK);
  gtk_widget_set_visible (GTK_WIDGET (self->network_label), self->columns & VIREO_LIST_COLUMN_NETWORK);

  /* a connection's heading names the columns of its VMs */
  gtk_widget_set_visible (self->cpu_caption, self->columns & VIREO_LIST_COLUMN_CPU);
  gtk_widget_set_visible (self->host_cpu_caption, self->columns & VIREO_LIST_COLUMN_HOST_CPU);
  gtk_widget_set_visible (self->memory_caption, self->columns & VIREO_LIST_COLUMN_MEMORY);
  gtk_widget_set_visible (self->disk_caption, self->columns & VIREO_LIST_COLUMN_DISK);
  gtk_widget_set_visible (self->network_caption, self->columns & VIREO_LIST_COLUMN_NETWORK);
  gtk_widget_set_visible (self->captions_box, self->columns != 0);

  /* the figures update only while the row is bound to a VM and shows some */
  g_signal_group_set_target (self->stats_signals,
                             vm && (self->columns & ~VIREO_LIST_COLUMN_CPU)
                               ? vireo_domain_get_stats (VIREO_DOMAIN (self->item)) : NULL);
  if (vm && (self->columns & VIREO_LIST_COLUMN_CPU))
    vireo_graph_set_series (self->cpu_graph,
                            vireo_domain_stats_get_series (vireo_domain_get_stats (VIREO_DOMAIN (self->item)),
                                                           VIREO_STAT_CPU));
  else
    vireo_graph_set_series (self->cpu_graph, NULL);

  vireo_list_row_update_stats (self);
}

void
vireo_list_row_set_columns (VireoListRow     *self,
                            VireoListColumns  columns)
{
  g_return_if_fail (VIREO_IS_LIST_ROW (self));

  if (self->columns == columns)
    return;
  self->columns = columns;
  vireo_list_row_update_columns (self);
}

VireoListColumns
vireo_list_row_get_columns (VireoListRow *self)
{
  g_return_val_if_fail (VIREO_IS_LIST_ROW (self), 0);
  return self->columns;
}

GtkWidget *
vireo_list_row_get_column_widget (VireoListRow     *self,
                                  VireoListColumns  column)
{
  g_return_val_if_fail (VIREO_IS_LIST_ROW (self), NULL);

  switch (column)
    {
    case VIREO_LIST_COLUMN_CPU:
      return GTK_WIDGET (self->cpu_graph);
    case VIREO_LIST_COLUMN_HOST_CPU:
      return GTK_WIDGET (self->host_cpu_label);
    case VIREO_LIST_COLUMN_MEMORY:
      return GTK_WIDGET (self->memory_label);
    case VIREO_LIST_COLUMN_DISK:
      return GTK_WIDGET (self->disk_label);
    case VIREO_LIST_COLUMN_NETWORK:
      return GTK_WIDGET (self->network_label);
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
vireo_list_row_update_vm (VireoListRow *self)
{
  VireoDomain *domain = VIREO_DOMAIN (self->item);
  VireoDomainState state = vireo_domain_get_state (domain);
  gboolean saved = vireo_domain_get_has_managed_save (domain);
  const char *name = vireo_domain_get_name (domain);
  const char *os_name = vireo_domain_get_os_name (domain);
  const char *state_text = vireo_domain_state_to_string (state, saved);
  g_autofree char *accessible = NULL;

  gtk_image_set_from_icon_name (self->vm_icon, vireo_domain_state_icon_name (state, saved));
  gtk_label_set_text (self->vm_name, name ? name : "");
  gtk_label_set_text (self->vm_state, state_text);
  gtk_label_set_text (self->vm_os, os_name ? os_name : "");
  gtk_widget_set_visible (GTK_WIDGET (self->vm_os), os_name != NULL && *os_name != '\0');

  if (vireo_domain_get_available (domain))
    gtk_widget_remove_css_class (GTK_WIDGET (self), "vireo-unavailable");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "vireo-unavailable");

  /* Translators: accessible description of a VM row: name, state */
  accessible = g_strdup_printf (_("%s, %s"), name ? name : "", state_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
connection_changed_cb (VireoListRow *self)
{
  if (VIREO_IS_CONNECTION (self->item))
    vireo_list_row_update_header (self);
}

static void
domain_changed_cb (VireoListRow *self)
{
  if (VIREO_IS_DOMAIN (self->item))
    {
      vireo_list_row_update_vm (self);
      vireo_list_row_update_stats (self);
    }
}

static void
activate_row_action (VireoListRow *self,
                     const char   *app_action)
{
  if (!VIREO_IS_CONNECTION (self->item))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), app_action, "s",
                              vireo_connection_get_uri (VIREO_CONNECTION (self->item)));
}

static void
row_connect_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  activate_row_action (user_data, "app.connection-connect");
}

static void
row_disconnect_cb (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  activate_row_action (user_data, "app.connection-disconnect");
}

static void
row_details_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  activate_row_action (user_data, "app.connection-details");
}

static void
row_new_vm_cb (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  activate_row_action (user_data, "app.new-vm-on");
}

static void
row_remove_cb (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  activate_row_action (user_data, "app.connection-remove");
}

static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      VireoListRow    *self)
{
  if (!VIREO_IS_DOMAIN (self->item))
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  g_signal_emit (self, signals[SIGNAL_CONTEXT_MENU], 0, x, y);
}

void
vireo_list_row_popup_menu (VireoListRow *self,
                           double        x,
                           double        y)
{
  GdkRectangle rect;

  g_return_if_fail (VIREO_IS_LIST_ROW (self));

  if (!VIREO_IS_DOMAIN (self->item))
    return;

  if (self->popover == NULL)
    {
      self->popover = gtk_popover_menu_new_from_model (self->vm_menu);
      gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
      gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
    }

  if (x < 0 || y < 0)
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  rect = (GdkRectangle) { (int) x, (int) y, 1, 1 };
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

void
vireo_list_row_set_item (VireoListRow *self,
                         GObject      *item)
{
  g_return_if_fail (VIREO_IS_LIST_ROW (self));
  g_return_if_fail (item == NULL || VIREO_IS_CONNECTION (item) || VIREO_IS_DOMAIN (item));

  if (self->item == item)
    return;

  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));

  g_set_object (&self->item, item);

  g_signal_group_set_target (self->connection_signals,
                             VIREO_IS_CONNECTION (item) ? item : NULL);
  g_signal_group_set_target (self->domain_signals,
                             VIREO_IS_DOMAIN (item) ? item : NULL);
  g_signal_group_set_target (self->sampler_signals,
                             VIREO_IS_DOMAIN (item) &&
                             vireo_domain_get_connection (VIREO_DOMAIN (item)) != NULL
                               ? vireo_connection_get_sampler (vireo_domain_get_connection (VIREO_DOMAIN (item)))
                               : NULL);
  vireo_list_row_update_columns (self);

  gtk_widget_set_visible (self->header_box, VIREO_IS_CONNECTION (item));
  gtk_widget_set_visible (self->vm_box, VIREO_IS_DOMAIN (item));
  gtk_widget_remove_css_class (GTK_WIDGET (self), "vireo-unavailable");

  if (VIREO_IS_CONNECTION (item))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "header");
      vireo_list_row_update_header (self);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "header");
      if (VIREO_IS_DOMAIN (item))
        vireo_list_row_update_vm (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

GObject *
vireo_list_row_get_item (VireoListRow *self)
{
  g_return_val_if_fail (VIREO_IS_LIST_ROW (self), NULL);
  return self->item;
}

gboolean
vireo_list_row_is_header (VireoListRow *self)
{
  g_return_val_if_fail (VIREO_IS_LIST_ROW (self), FALSE);
  return VIREO_IS_CONNECTION (self->item);
}

GtkLabel *
vireo_list_row_get_title_label (VireoListRow *self)
{
  g_return_val_if_fail (VIREO_IS_LIST_ROW (self), NULL);
  return VIREO_IS_CONNECTION (self->item) ? self->header_title : self->vm_name;
}

GtkLabel *
vireo_list_row_get_state_label (VireoListRow *self)
{
  g_return_val_if_fail (VIREO_IS_LIST_ROW (self), NULL);
  return VIREO_IS_CONNECTION (self->item) ? self->header_state : self->vm_state;
}

GtkLabel *
vireo_list_row_get_detail_label (VireoListRow *self)
{
  g_return_val_if_fail (VIREO_IS_LIST_ROW (self), NULL);
  return VIREO_IS_CONNECTION (self->item) ? NULL : self->vm_os;
}

GtkWidget *
vireo_list_row_new (void)
{
  return g_object_new (VIREO_TYPE_LIST_ROW, NULL);
}

static void
vireo_list_row_dispose (GObject *object)
{
  VireoListRow *self = VIREO_LIST_ROW (object);

  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, NULL);
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  if (self->stats_signals != NULL)
    g_signal_group_set_target (self->stats_signals, NULL);
  if (self->sampler_signals != NULL)
    g_signal_group_set_target (self->sampler_signals, NULL);
  g_clear_object (&self->item);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_LIST_ROW);

  G_OBJECT_CLASS (vireo_list_row_parent_class)->dispose (object);
}

static void
vireo_list_row_finalize (GObject *object)
{
  VireoListRow *self = VIREO_LIST_ROW (object);

  g_clear_object (&self->connection_signals);
  g_clear_object (&self->domain_signals);
  g_clear_object (&self->stats_signals);
  g_clear_object (&self->sampler_signals);
  g_clear_object (&self->row_actions);

  G_OBJECT_CLASS (vireo_list_row_parent_class)->finalize (object);
}

static void
vireo_list_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VireoListRow *self = VIREO_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_list_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VireoListRow *self = VIREO_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      vireo_list_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_list_row_class_init (VireoListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_list_row_dispose;
  object_class->finalize = vireo_list_row_finalize;
  object_class->get_property = vireo_list_row_get_property;
  object_class->set_property = vireo_list_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CONTEXT_MENU] =
    g_signal_new ("context-menu", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  g_type_ensure (VIREO_TYPE_GRAPH);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-list-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, header_box);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, header_title);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, header_state);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, header_menu_button);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, vm_box);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, vm_icon);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, vm_name);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, vm_os);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, vm_state);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, captions_box);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, cpu_caption);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, host_cpu_caption);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, memory_caption);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, disk_caption);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, network_caption);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, cpu_graph);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, host_cpu_label);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, memory_label);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, disk_label);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, network_label);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, vm_menu);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vireolistrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vireo_list_row_init (VireoListRow *self)
{
  static const GActionEntry row_entries[] = {
    { "connect", row_connect_cb },
    { "disconnect", row_disconnect_cb },
    { "remove", row_remove_cb },
    { "details", row_details_cb },
    { "new-vm", row_new_vm_cb },
  };
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->row_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->row_actions), row_entries,
                                   G_N_ELEMENTS (row_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "row", G_ACTION_GROUP (self->row_actions));

  self->connection_signals = g_signal_group_new (VIREO_TYPE_CONNECTION);
  g_signal_group_connect_swapped (self->connection_signals, "notify::state",
                                  G_CALLBACK (connection_changed_cb), self);
  g_signal_group_connect_swapped (self->connection_signals, "notify::read-only",
                                  G_CALLBACK (connection_changed_cb), self);
  g_signal_group_connect_swapped (self->connection_signals, "notify::error",
                                  G_CALLBACK (connection_changed_cb), self);
  g_signal_group_connect_swapped (self->connection_signals, "notify::reconnect-seconds",
                                  G_CALLBACK (connection_changed_cb), self);
  g_signal_group_connect_swapped (self->connection_signals, "notify::label",
                                  G_CALLBACK (connection_changed_cb), self);

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_swapped (self->domain_signals, "notify::name",
                                  G_CALLBACK (domain_changed_cb), self);
  g_signal_group_connect_swapped (self->domain_signals, "notify::state",
                                  G_CALLBACK (domain_changed_cb), self);
  g_signal_group_connect_swapped (self->domain_signals, "notify::has-managed-save",
                                  G_CALLBACK (domain_changed_cb), self);
  g_signal_group_connect_swapped (self->domain_signals, "notify::available",
                                  G_CALLBACK (domain_changed_cb), self);
  g_signal_group_connect_swapped (self->domain_signals, "notify::os-name",
                                  G_CALLBACK (domain_changed_cb), self);

  self->stats_signals = g_signal_group_new (VIREO_TYPE_DOMAIN_STATS);
  g_signal_group_connect_swapped (self->stats_signals, "updated",
                                  G_CALLBACK (vireo_list_row_update_stats), self);
  self->sampler_signals = g_signal_group_new (VIREO_TYPE_STATS_SAMPLER);
  g_signal_group_connect_swapped (self->sampler_signals, "notify::groups",
                                  G_CALLBACK (vireo_list_row_update_stats), self);

  self->columns = VIREO_LIST_COLUMNS_DEFAULT;

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gtk_widget_set_visible (self->header_box, FALSE);
  gtk_widget_set_visible (self->vm_box, FALSE);
}
