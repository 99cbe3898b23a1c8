/* vireo-list-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-list-row"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "vireo-graph.h"
#include "vireo-list-row.h"
#include "vireo-domain-file-dialogs.h"
#include "vireo-menu-tooltips.h"
#include "vireo-migration.h"

/* the figure columns, in the order they appear; the CPU sparkline is the
 * template's cpu_graph, the others are labels made when first shown */
#define N_COLUMNS 5

static const struct
{
  VireoListColumns column;
  const char      *caption;     /* heading in the connection's header */
  const char      *tooltip;     /* the VM row's cell */
  int              width_chars; /* 0: the sparkline, 64 px wide */
} column_info[N_COLUMNS] = {
  { VIREO_LIST_COLUMN_CPU, N_("CPU"), NULL, 0 },
  { VIREO_LIST_COLUMN_HOST_CPU, N_("Host"), N_("Share of the host’s CPUs"), 6 },
  { VIREO_LIST_COLUMN_MEMORY, N_("Memory"), N_("Memory in use"), 15 },
  { VIREO_LIST_COLUMN_DISK, N_("Disk"), N_("Disk reads and writes per second"), 11 },
  { VIREO_LIST_COLUMN_NETWORK, N_("Network"), N_("Network traffic in and out per second"), 11 },
};

struct _VireoListRow
{
  GtkWidget     parent_instance;

  GObject      *item;            /* owned: VireoConnection or VireoDomain */
  GSignalGroup *domain_signals;
  GtkWidget    *popover;         /* VM context menu, parented to the row */
  GSignalGroup *stats_signals;   /* the VM's VireoDomainStats, while figures show (lazy) */
  GSignalGroup *sampler_signals; /* its connection's VireoStatsSampler (lazy) */
  VireoListColumns columns;

  /* template: the VM part */
  GtkWidget    *vm_box;
  GtkImage     *vm_icon;
  GtkLabel     *vm_name;
  GtkLabel     *vm_os;
  GtkLabel     *vm_state;
  VireoGraph   *cpu_graph;
  GtkLabel     *cells[N_COLUMNS];  /* [0] unused (cpu_graph); made when first shown */
  GtkWidget    *migration_bar;     /* a migration's progress, made when first needed */
  GSignalGroup *migration_signals; /* the VM's VireoMigration (lazy) */

  /* the header part, made on the first bind to a connection */
  GtkWidget    *header_box;
  GtkLabel     *header_title;
  GtkLabel     *header_state;
  GtkWidget    *header_menu_button;
  GtkWidget    *captions_box;
  GtkWidget    *captions[N_COLUMNS];
  GtkWidget    *empty_page;        /* "No Virtual Machines", New VM button */
  GtkLabel     *empty_title;
  GSignalGroup *connection_signals;
  GSignalGroup *domains_signals;   /* the connection's list of VMs */
  GSimpleActionGroup *row_actions;
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

/* -- menus (made once, shared by every row) -------------------------------- */

/* @entries: label, action pairs; a NULL label starts a new section */
static GMenuModel *
build_menu (const char * const *entries,
            guint               n_entries)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = NULL;

  for (guint i = 0; i + 1 < n_entries; i += 2)
    {
      if (section == NULL)
        section = g_menu_new ();
      if (entries[i] == NULL)
        {
          g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
          g_clear_object (&section);
          continue;
        }
      g_menu_append (section, _(entries[i]), entries[i + 1]);
    }
  if (section != NULL)
    {
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
      g_object_unref (section);
    }
  return G_MENU_MODEL (menu);
}

static GMenuModel *
get_header_menu (void)
{
  static GMenuModel *menu;
  static const char * const entries[] = {
    N_("_New Virtual Machine…"), "row.new-vm",
    N_("_Host Details"), "row.details",
    N_("Res_tore Saved VM…"), "row.restore",
    NULL, NULL,
    N_("_Connect"), "row.connect",
    N_("_Disconnect"), "row.disconnect",
    NULL, NULL,
    N_("_Remove…"), "row.remove",
  };

  if (menu == NULL)
    menu = build_menu (entries, G_N_ELEMENTS (entries));
  return menu;
}

static GMenuModel *
get_vm_menu (void)
{
  static GMenuModel *menu;
  static const char * const entries[] = {
    N_("_Open"), "domain.open",
    NULL, NULL,
    N_("_Run"), "domain.run",
    N_("_Pause"), "domain.pause",
    N_("Res_ume"), "domain.resume",
    N_("_Shut Down"), "domain.shutdown",
    N_("Re_boot"), "domain.reboot",
    N_("_Force Off…"), "domain.force-off",
    N_("S_ave"), "domain.save",
    N_("Save to F_ile…"), "domain.save-to-file",
    NULL, NULL,
    N_("Re_name…"), "domain.rename",
    N_("C_lone…"), "domain.clone",
    N_("_Migrate…"), "domain.migrate",
    N_("Create Snapsho_t…"), "domain.snapshot-create",
    N_("Snaps_hots"), "domain.snapshots",
    N_("_Delete…"), "domain.delete",
  };

  if (menu == NULL)
    menu = build_menu (entries, G_N_ELEMENTS (entries));
  return menu;
}

/* -- the header part ------------------------------------------------------ */

static void
vireo_list_row_update_header (VireoListRow *self)
{
  VireoConnection *connection = VIREO_CONNECTION (self->item);
  g_autofree char *state = vireo_list_row_describe_connection (connection);
  g_autofree char *accessible = NULL;
  VireoConnectionState cstate = vireo_connection_get_state (connection);
  const char *label = vireo_list_row_connection_label (connection);
  gboolean empty;
  GAction *action;

  gtk_label_set_text (self->header_title, label);
  /* whole on hover when a very long name is cut */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->header_title), label);
  gtk_label_set_text (self->header_state, state);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->header_state), state);

  empty = cstate == VIREO_CONNECTION_STATE_CONNECTED &&
          g_list_model_get_n_items (vireo_connection_get_domains (connection)) == 0;
  gtk_widget_set_visible (self->empty_page, empty);

  if (empty)
    /* Translators: accessible label of a connection's header: the
     * connection, its state, and "No Virtual Machines" */
    accessible = g_strdup_printf (_("%s, %s, %s"), label, state,
                                  gtk_label_get_text (self->empty_title));
  else
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
  action = g_action_map_lookup_action (G_ACTION_MAP (self->row_actions), "restore");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               cstate == VIREO_CONNECTION_STATE_CONNECTED &&
                               !vireo_connection_get_read_only (connection));
}

static void
connection_changed_cb (VireoListRow *self)
{
  if (VIREO_IS_CONNECTION (self->item))
    vireo_list_row_update_header (self);
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

/* issue 15: a VM saved to a file on this host runs again */
static void
row_restore_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  VireoListRow *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (VIREO_IS_CONNECTION (self->item))
    vireo_restore_file_dialog_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       VIREO_CONNECTION (self->item));
}

static GtkWidget *
dim_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* The header part: made in C on the first bind to a connection, as few
 * rows ever show one (the template holds the VM part only). */
static void
vireo_list_row_ensure_header (VireoListRow *self)
{
  static const GActionEntry row_entries[] = {
    { "connect", row_connect_cb },
    { "disconnect", row_disconnect_cb },
    { "remove", row_remove_cb },
    { "details", row_details_cb },
    { "new-vm", row_new_vm_cb },
    { "restore", row_restore_cb },
  };
  GtkWidget *line, *image, *label, *button;

  if (self->header_box != NULL)
    return;

  /* the actions first: the menu's items look for "row.*" when the menu is
   * made, and an item that finds nothing stays greyed out for good */
  self->row_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->row_actions), row_entries,
                                   G_N_ELEMENTS (row_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "row", G_ACTION_GROUP (self->row_actions));

  self->header_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (self->header_box, 12);
  gtk_widget_set_margin_bottom (self->header_box, 2);
  gtk_widget_set_margin_start (self->header_box, 6);
  gtk_widget_set_margin_end (self->header_box, 6);
  gtk_widget_add_css_class (self->header_box, "vireo-header-row");
  gtk_widget_set_visible (self->header_box, FALSE);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (self->header_box), line);

  /* the title has the line to itself but for the column captions and the
   * menu; the state goes under it, so that a long reason (a failed
   * connection's) never cuts the title short at the default width */
  self->header_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->header_title, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->header_title), TRUE);
  gtk_label_set_ellipsize (self->header_title, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->header_title), "heading");
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->header_title));

  self->header_state = GTK_LABEL (dim_label (NULL));
  gtk_label_set_xalign (self->header_state, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->header_state), TRUE);
  gtk_label_set_wrap (self->header_state, TRUE);
  gtk_label_set_wrap_mode (self->header_state, PANGO_WRAP_WORD_CHAR);
  /* bounded: a remote daemon writes the reason */
  gtk_label_set_lines (self->header_state, 6);
  gtk_label_set_ellipsize (self->header_state, PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (self->header_state, 20);
  gtk_widget_add_css_class (GTK_WIDGET (self->header_state), "caption");
  gtk_box_append (GTK_BOX (self->header_box), GTK_WIDGET (self->header_state));

  self->header_menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->header_menu_button), "view-more-symbolic");
  gtk_widget_set_valign (self->header_menu_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->header_menu_button, _("Connection Menu"));
  vireo_menu_tooltips_hide_while_open (self->header_menu_button);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->header_menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Connection menu"),
                                  -1);
  gtk_widget_add_css_class (self->header_menu_button, "flat");
  gtk_box_append (GTK_BOX (line), self->header_menu_button);

  /* a connection's heading names the columns of its VMs */
  self->captions_box = g_object_new (GTK_TYPE_BOX,
                                     "spacing", 12,
                                     "margin-end", 6,
                                     "valign", GTK_ALIGN_CENTER,
                                     "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                     NULL);
  gtk_box_append (GTK_BOX (line), self->captions_box);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkLabel *caption = GTK_LABEL (dim_label (_(column_info[i].caption)));

      gtk_label_set_ellipsize (caption, PANGO_ELLIPSIZE_END);
      if (column_info[i].width_chars == 0)
        {
          gtk_label_set_xalign (caption, 0.5);
          gtk_widget_set_size_request (GTK_WIDGET (caption), 64, -1);
        }
      else
        {
          gtk_label_set_xalign (caption, 1);
          gtk_label_set_width_chars (caption, column_info[i].width_chars);
          gtk_label_set_max_width_chars (caption, column_info[i].width_chars);
        }
      self->captions[i] = GTK_WIDGET (caption);
      gtk_box_append (GTK_BOX (self->captions_box), self->captions[i]);
    }

  /* under the header of a connection without VMs, what to do about it: a
   * compact AdwStatusPage as a box (the status page scrolls, and would
   * shrink to a line inside a list row) */
  self->empty_page = g_object_new (GTK_TYPE_BOX,
                                   "orientation", GTK_ORIENTATION_VERTICAL,
                                   "spacing", 12,
                                   "margin-top", 24,
                                   "margin-bottom", 24,
                                   "halign", GTK_ALIGN_CENTER,
                                   "visible", FALSE,
                                   NULL);
  gtk_widget_add_css_class (self->empty_page, "vireo-empty-host");
  image = gtk_image_new_from_icon_name ("computer-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 64);
  gtk_widget_add_css_class (image, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (self->empty_page), image);
  label = gtk_label_new (_("No Virtual Machines"));
  self->empty_title = GTK_LABEL (label);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "title-2");
  gtk_box_append (GTK_BOX (self->empty_page), label);
  label = gtk_label_new (_("This host has no virtual machines yet. Create one to install an "
                           "operating system or to use an existing disk image."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_box_append (GTK_BOX (self->empty_page), label);
  button = gtk_button_new_with_mnemonic (_("_New Virtual Machine…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "row.new-vm");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (button, 12);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_box_append (GTK_BOX (self->empty_page), button);
  gtk_box_append (GTK_BOX (self->header_box), self->empty_page);

  gtk_widget_insert_after (self->header_box, GTK_WIDGET (self), self->vm_box);
  /* the menu once the button is inside the row, where "row.*" lives */
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->header_menu_button), get_header_menu ());

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

  self->domains_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->domains_signals, "items-changed",
                                  G_CALLBACK (connection_changed_cb), self);
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

      set_cell (self->cells[1],
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
      set_cell (self->cells[2], text);
    }

  if (self->columns & VIREO_LIST_COLUMN_DISK)
    set_cell (self->cells[3],
              live && (groups & VIREO_STATS_GROUP_DISK)
                ? format_rate_sum (vireo_domain_stats_get_current (stats, VIREO_STAT_DISK_READ),
                                   vireo_domain_stats_get_current (stats, VIREO_STAT_DISK_WRITE))
                : g_strdup ("—"));

  if (self->columns & VIREO_LIST_COLUMN_NETWORK)
    set_cell (self->cells[4],
              live && (groups & VIREO_STATS_GROUP_NETWORK)
                ? format_rate_sum (vireo_domain_stats_get_current (stats, VIREO_STAT_NET_RX),
                                   vireo_domain_stats_get_current (stats, VIREO_STAT_NET_TX))
                : g_strdup ("—"));
}

/* the label of figure column @i (1…4), made when first needed */
static GtkLabel *
vireo_list_row_ensure_cell (VireoListRow *self,
                            guint         i)
{
  GtkWidget *label, *after = GTK_WIDGET (self->cpu_graph);

  g_assert (i > 0 && i < N_COLUMNS);

  if (self->cells[i] != NULL)
    return self->cells[i];

  label = gtk_label_new ("—");
  /* hidden before its tooltip is set, see the .ui */
  gtk_widget_set_visible (label, FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_width_chars (GTK_LABEL (label), column_info[i].width_chars);
  gtk_label_set_max_width_chars (GTK_LABEL (label), column_info[i].width_chars);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (label, _(column_info[i].tooltip));
  gtk_widget_add_css_class (label, "vireo-stat-cell");
  gtk_widget_add_css_class (label, "numeric");

  for (guint j = i - 1; j > 0; j--)
    if (self->cells[j] != NULL)
      {
        after = GTK_WIDGET (self->cells[j]);
        break;
      }
  gtk_box_insert_child_after (GTK_BOX (self->vm_box), label, after);
  self->cells[i] = GTK_LABEL (label);
  return self->cells[i];
}

static void
vireo_list_row_update_columns (VireoListRow *self)
{
  gboolean vm = VIREO_IS_DOMAIN (self->item);
  gboolean figures = vm && (self->columns & ~VIREO_LIST_COLUMN_CPU) != 0;
  VireoConnection *connection = vm ? vireo_domain_get_connection (VIREO_DOMAIN (self->item)) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->cpu_graph), self->columns & VIREO_LIST_COLUMN_CPU);
  for (guint i = 1; i < N_COLUMNS; i++)
    {
      gboolean shown = (self->columns & column_info[i].column) != 0;

      if (shown && vm)
        vireo_list_row_ensure_cell (self, i);
      if (self->cells[i] != NULL)
        gtk_widget_set_visible (GTK_WIDGET (self->cells[i]), shown);
    }

  if (self->header_box != NULL)
    {
      for (guint i = 0; i < N_COLUMNS; i++)
        gtk_widget_set_visible (self->captions[i], self->columns & column_info[i].column);
      gtk_widget_set_visible (self->captions_box, self->columns != 0);
    }

  /* the figures update only while the row is bound to a VM and shows some */
  if (figures && self->stats_signals == NULL)
    {
      self->stats_signals = g_signal_group_new (VIREO_TYPE_DOMAIN_STATS);
      g_signal_group_connect_swapped (self->stats_signals, "updated",
                                      G_CALLBACK (vireo_list_row_update_stats), self);
      self->sampler_signals = g_signal_group_new (VIREO_TYPE_STATS_SAMPLER);
      g_signal_group_connect_swapped (self->sampler_signals, "notify::groups",
                                      G_CALLBACK (vireo_list_row_update_stats), self);
    }
  if (self->stats_signals != NULL)
    {
      g_signal_group_set_target (self->stats_signals,
                                 figures ? vireo_domain_get_stats (VIREO_DOMAIN (self->item)) : NULL);
      g_signal_group_set_target (self->sampler_signals,
                                 figures && connection != NULL
                                   ? vireo_connection_get_sampler (connection) : NULL);
    }

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

  if (column == VIREO_LIST_COLUMN_CPU)
    return GTK_WIDGET (self->cpu_graph);
  for (guint i = 1; i < N_COLUMNS; i++)
    if (column_info[i].column == column)
      return GTK_WIDGET (vireo_list_row_ensure_cell (self, i));
  g_return_val_if_reached (NULL);
}

/* -- the VM part ---------------------------------------------------------- */

static void domain_changed_cb (VireoListRow *self);

/* a VM migrating to another host: a small progress bar beside its state, and
 * the state reads "Migrating, 42 %"; returns that text, or NULL */
static char *
vireo_list_row_update_migration (VireoListRow *self,
                                 VireoDomain  *domain)
{
  VireoMigration *migration = vireo_domain_get_migration (domain);
  double fraction;

  if (migration == NULL && self->migration_signals == NULL)
    return NULL;
  if (self->migration_signals == NULL)
    {
      self->migration_signals = g_signal_group_new (VIREO_TYPE_MIGRATION);
      g_signal_group_connect_swapped (self->migration_signals, "notify::fraction",
                                      G_CALLBACK (domain_changed_cb), self);
      g_signal_group_connect_swapped (self->migration_signals, "notify::state",
                                      G_CALLBACK (domain_changed_cb), self);
    }
  g_signal_group_set_target (self->migration_signals, migration);
  if (migration == NULL)
    {
      if (self->migration_bar != NULL)
        gtk_widget_set_visible (self->migration_bar, FALSE);
      return NULL;
    }
  if (self->migration_bar == NULL)
    {
      self->migration_bar = gtk_progress_bar_new ();
      gtk_widget_set_size_request (self->migration_bar, 64, -1);
      gtk_widget_set_valign (self->migration_bar, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->migration_bar),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Migration progress"), -1);
      gtk_box_insert_child_after (GTK_BOX (self->vm_box), self->migration_bar,
                                  GTK_WIDGET (self->vm_state));
    }
  fraction = CLAMP (vireo_migration_get_fraction (migration), 0.0, 1.0);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->migration_bar), fraction);
  gtk_widget_set_visible (self->migration_bar, TRUE);
  /* Translators: a VM row's state while the VM moves to another host, with its progress */
  return g_strdup_printf (_("Migrating, %d %%"), (int) (fraction * 100.0 + 0.5));
}

static void
vireo_list_row_update_vm (VireoListRow *self)
{
  VireoDomain *domain = VIREO_DOMAIN (self->item);
  VireoDomainState state = vireo_domain_get_state (domain);
  gboolean saved = vireo_domain_get_has_managed_save (domain);
  const char *name = vireo_domain_get_name (domain);
  const char *os_name = vireo_domain_get_os_name (domain);
  g_autofree char *migrating = vireo_list_row_update_migration (self, domain);
  const char *state_text = migrating ? migrating : vireo_domain_state_to_string (state, saved);
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
domain_changed_cb (VireoListRow *self)
{
  if (VIREO_IS_DOMAIN (self->item))
    {
      vireo_list_row_update_vm (self);
      vireo_list_row_update_stats (self);
    }
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
      self->popover = gtk_popover_menu_new_from_model (get_vm_menu ());
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
  gboolean header = VIREO_IS_CONNECTION (item);

  g_return_if_fail (VIREO_IS_LIST_ROW (self));
  g_return_if_fail (item == NULL || VIREO_IS_CONNECTION (item) || VIREO_IS_DOMAIN (item));

  if (self->item == item)
    return;

  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));

  g_set_object (&self->item, item);

  if (header)
    vireo_list_row_ensure_header (self);
  if (self->header_box != NULL)
    {
      g_signal_group_set_target (self->connection_signals, header ? item : NULL);
      g_signal_group_set_target (self->domains_signals,
                                 header ? vireo_connection_get_domains (VIREO_CONNECTION (item)) : NULL);
      gtk_widget_set_visible (self->header_box, header);
    }
  g_signal_group_set_target (self->domain_signals,
                             VIREO_IS_DOMAIN (item) ? item : NULL);
  vireo_list_row_update_columns (self);

  gtk_widget_set_visible (self->vm_box, VIREO_IS_DOMAIN (item));
  gtk_widget_remove_css_class (GTK_WIDGET (self), "vireo-unavailable");

  if (header)
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
  if (self->domains_signals != NULL)
    g_signal_group_set_target (self->domains_signals, NULL);
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  if (self->stats_signals != NULL)
    g_signal_group_set_target (self->stats_signals, NULL);
  if (self->sampler_signals != NULL)
    g_signal_group_set_target (self->sampler_signals, NULL);
  if (self->migration_signals != NULL)
    g_signal_group_set_target (self->migration_signals, NULL);
  g_clear_object (&self->item);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_pointer (&self->header_box, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_LIST_ROW);

  G_OBJECT_CLASS (vireo_list_row_parent_class)->dispose (object);
}

static void
vireo_list_row_finalize (GObject *object)
{
  VireoListRow *self = VIREO_LIST_ROW (object);

  g_clear_object (&self->connection_signals);
  g_clear_object (&self->domains_signals);
  g_clear_object (&self->domain_signals);
  g_clear_object (&self->stats_signals);
  g_clear_object (&self->sampler_signals);
  g_clear_object (&self->migration_signals);
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
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, vm_box);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, vm_icon);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, vm_name);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, vm_os);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, vm_state);
  gtk_widget_class_bind_template_child (widget_class, VireoListRow, cpu_graph);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vireolistrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vireo_list_row_init (VireoListRow *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

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
  g_signal_group_connect_swapped (self->domain_signals, "notify::migration",
                                  G_CALLBACK (domain_changed_cb), self);

  self->columns = VIREO_LIST_COLUMNS_DEFAULT;

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}
