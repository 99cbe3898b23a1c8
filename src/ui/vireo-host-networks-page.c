/* vireo-host-networks-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is the connection's VireoHostNetworks (kept current by libvirt's
 * events); the details follow the selected VireoNetwork. Every text from
 * libvirt is shown as plain text (rows without markup), never as markup.
 */
#define G_LOG_DOMAIN "vireo-host-networks-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-xml-view.h"
#include "vireo-host-networks-page.h"
#include "vireo-new-network-wizard.h"

struct _VireoHostNetworksPage
{
  AdwBin             parent_instance;

  VireoConnection   *connection;   /* owned */
  VireoHostNetworks *networks;     /* owned */
  VireoNetwork      *selected;     /* owned */
  GSignalGroup      *selected_signals;
  GCancellable      *cancellable;  /* the page's calls; cancelled in dispose */
  GCancellable      *leases_cancellable;
  char              *error;
  guint              busy;
  guint              leases_loaded : 1;
  guint              syncing : 1;

  /* template */
  GtkListBox          *network_list;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkStack            *details_stack;
  GtkLabel            *title_label;
  GtkSpinner          *spinner;
  AdwActionRow        *state_row;
  GtkSwitch           *autostart_switch;
  AdwActionRow        *mode_row;
  AdwActionRow        *bridge_row;
  AdwActionRow        *ipv4_row;
  AdwActionRow        *dhcp_row;
  AdwActionRow        *ipv6_row;
  AdwActionRow        *hosts_row;
  AdwActionRow        *dns_row;
  AdwActionRow        *boot_row;
  GtkLabel            *leases_status;
  GtkGrid             *leases_grid;
  VireoDetailsXmlView *xml_view;
};

G_DEFINE_FINAL_TYPE (VireoHostNetworksPage, vireo_host_networks_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_CONNECTION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void update_details (VireoHostNetworksPage *self);
static void load_leases (VireoHostNetworksPage *self);

static void
set_error (VireoHostNetworksPage *self, const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
update_actions (VireoHostNetworksPage *self)
{
  gboolean have = self->selected != NULL;
  gboolean active = have && vireo_network_get_active (self->selected);
  gboolean idle = self->busy == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "networks.start", have && !active && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "networks.stop", active && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "networks.delete", have && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "networks.save-xml", have && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "networks.refresh-leases", active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->autostart_switch),
                            have && idle && vireo_network_get_persistent (self->selected));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), !idle);
  gtk_spinner_set_spinning (self->spinner, !idle);
}

/* -- the list ------------------------------------------------------------------- */

static char *
describe_row (VireoNetwork *network)
{
  g_autofree char *line = vireo_network_describe (network);
  const char *state = vireo_network_get_active (network) ? _("Active") : _("Inactive");

  if (vireo_network_get_autostart (network))
    /* Translators: "Active, starts with the host · NAT, 192.168.122.1/24" */
    return g_strdup_printf (_("%s, starts with the host · %s"), state, line);
  /* Translators: "Inactive · NAT, 192.168.122.1/24" */
  return g_strdup_printf (_("%s · %s"), state, line);
}

static void
update_row (VireoNetwork *network, GParamSpec *pspec, AdwActionRow *row)
{
  g_autofree char *subtitle = describe_row (network);

  adw_action_row_set_subtitle (row, subtitle);
}

static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  VireoNetwork *network = item;
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vireo_network_get_name (network));
  adw_action_row_set_subtitle_lines (row, 2);
  g_object_set_data_full (G_OBJECT (row), "network", g_object_ref (network), g_object_unref);
  update_row (network, NULL, row);
  g_signal_connect_object (network, "notify", G_CALLBACK (update_row), row, 0);
  return GTK_WIDGET (row);
}

gboolean
vireo_host_networks_page_select_network (VireoHostNetworksPage *self,
                                         const char            *name)
{
  g_return_val_if_fail (VIREO_IS_HOST_NETWORKS_PAGE (self), FALSE);

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->network_list, i);
      VireoNetwork *network;

      if (row == NULL)
        return FALSE;
      network = g_object_get_data (G_OBJECT (row), "network");
      if (g_strcmp0 (vireo_network_get_name (network), name) == 0)
        {
          gtk_list_box_select_row (self->network_list, row);
          return TRUE;
        }
    }
}

const char *
vireo_host_networks_page_get_selected (VireoHostNetworksPage *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_NETWORKS_PAGE (self), NULL);
  return self->selected != NULL ? vireo_network_get_name (self->selected) : NULL;
}

const char *
vireo_host_networks_page_get_error (VireoHostNetworksPage *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_NETWORKS_PAGE (self), NULL);
  return self->error;
}

gboolean
vireo_host_networks_page_get_leases_loaded (VireoHostNetworksPage *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_NETWORKS_PAGE (self), FALSE);
  return self->leases_loaded;
}

gboolean
vireo_host_networks_page_get_busy (VireoHostNetworksPage *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_NETWORKS_PAGE (self), FALSE);
  return self->busy > 0;
}

static void
selected_changed_cb (VireoHostNetworksPage *self)
{
  gboolean was_active = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), "was-active"));

  update_details (self);
  if (self->selected != NULL && vireo_network_get_active (self->selected) != was_active)
    load_leases (self);
}

static void
row_selected_cb (VireoHostNetworksPage *self, GtkListBoxRow *row)
{
  VireoNetwork *network = row != NULL ? g_object_get_data (G_OBJECT (row), "network") : NULL;

  if (network == self->selected)
    return;
  g_set_object (&self->selected, network);
  g_signal_group_set_target (self->selected_signals, network);
  set_error (self, NULL);
  vireo_details_xml_view_set_xml (self->xml_view, network != NULL ? vireo_network_get_xml (network) : NULL);
  update_details (self);
  load_leases (self);
}

/* -- details -------------------------------------------------------------------- */

static void
set_subtitle (AdwActionRow *row, const char *text)
{
  adw_action_row_set_subtitle (row, text != NULL && *text != '\0' ? text : "—");
}

static void
update_details (VireoHostNetworksPage *self)
{
  const VireoNetworkDef *def;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *mode = NULL;

  update_actions (self);
  if (self->selected == NULL)
    {
      gtk_stack_set_visible_child_name (self->details_stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->details_stack, "details");
  g_object_set_data (G_OBJECT (self), "was-active", GINT_TO_POINTER (vireo_network_get_active (self->selected)));
  def = vireo_network_get_def (self->selected);

  gtk_label_set_text (self->title_label, vireo_network_get_name (self->selected));
  g_string_assign (text, vireo_network_get_active (self->selected) ? _("Active") : _("Inactive"));
  if (!vireo_network_get_persistent (self->selected))
    g_string_append (text, _(", removed when stopped"));
  set_subtitle (self->state_row, text->str);

  self->syncing = TRUE;
  gtk_switch_set_active (self->autostart_switch, vireo_network_get_autostart (self->selected));
  gtk_switch_set_state (self->autostart_switch, vireo_network_get_autostart (self->selected));
  self->syncing = FALSE;

  if (def->forward_dev != NULL)
    /* Translators: "NAT through eth0" */
    mode = g_strdup_printf (_("%s through %s"), vireo_network_forward_get_label (def->forward), def->forward_dev);
  else if (def->forward == VIREO_NETWORK_FORWARD_OTHER && def->forward_mode != NULL)
    mode = g_strdup (def->forward_mode);
  else
    mode = g_strdup (vireo_network_forward_get_label (def->forward));
  set_subtitle (self->mode_row, mode);
  set_subtitle (self->bridge_row, def->bridge);

  g_string_truncate (text, 0);
  if (def->ipv4_address != NULL)
    g_string_printf (text, "%s/%u", def->ipv4_address, def->ipv4_prefix);
  set_subtitle (self->ipv4_row, text->str);

  g_string_truncate (text, 0);
  for (guint i = 0; i < def->ipv4_ranges->len || i < def->ipv6_ranges->len; i++)
    for (int v6 = 0; v6 < 2; v6++)
      {
        GPtrArray *ranges = v6 ? def->ipv6_ranges : def->ipv4_ranges;
        const VireoNetworkRange *range = i < ranges->len ? g_ptr_array_index (ranges, i) : NULL;

        if (range == NULL)
          continue;
        if (text->len > 0)
          g_string_append_c (text, '\n');
        g_string_append_printf (text, "%s – %s", range->start != NULL ? range->start : "?",
                                range->end != NULL ? range->end : "?");
      }
  set_subtitle (self->dhcp_row, text->str);

  g_string_truncate (text, 0);
  if (def->ipv6_address != NULL)
    g_string_printf (text, "%s/%u", def->ipv6_address, def->ipv6_prefix);
  set_subtitle (self->ipv6_row, text->str);

  g_string_truncate (text, 0);
  for (guint i = 0; i < def->hosts->len && i < 64; i++)
    {
      const VireoNetworkHost *host = g_ptr_array_index (def->hosts, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s  %s  %s", host->mac != NULL ? host->mac : "", host->ip != NULL ? host->ip : "",
                              host->name != NULL ? host->name : "");
    }
  if (def->hosts->len > 64)
    g_string_append_printf (text, "\n%s",
                            /* Translators: more static hosts than shown */
                            _("and more"));
  set_subtitle (self->hosts_row, text->str);
  adw_action_row_set_subtitle_lines (self->hosts_row, 0);
  adw_action_row_set_subtitle_lines (self->dhcp_row, 0);
  set_subtitle (self->dns_row, def->domain);

  g_string_truncate (text, 0);
  if (def->tftp_root != NULL)
    g_string_append_printf (text, _("TFTP root %s"), def->tftp_root);
  if (def->bootp_file != NULL)
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, _("boot file %s"), def->bootp_file);
    }
  set_subtitle (self->boot_row, text->str);

  if (!vireo_details_xml_view_get_edited (self->xml_view))
    vireo_details_xml_view_set_xml (self->xml_view, vireo_network_get_xml (self->selected));
}

/* -- leases ---------------------------------------------------------------------- */

static void
clear_leases (VireoHostNetworksPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->leases_grid))) != NULL)
    gtk_grid_remove (self->leases_grid, child);
}

static void
add_cell (VireoHostNetworksPage *self, const char *text, int column, int row, gboolean heading)
{
  GtkWidget *label = gtk_label_new (text != NULL ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), !heading);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  gtk_grid_attach (self->leases_grid, label, column, row, 1, 1);
}

static void
leases_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VireoHostNetworksPage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) leases = vireo_host_networks_list_leases_finish (VIREO_HOST_NETWORKS (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  clear_leases (self);
  self->leases_loaded = TRUE;
  if (leases == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The leases cannot be read. %s"), error->message);

      gtk_label_set_text (self->leases_status, message);
      gtk_widget_set_visible (GTK_WIDGET (self->leases_status), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->leases_status), leases->len == 0);
  gtk_label_set_text (self->leases_status, _("No machine has a lease on this network."));
  if (leases->len == 0)
    return;
  add_cell (self, _("MAC Address"), 0, 0, TRUE);
  add_cell (self, _("IP Address"), 1, 0, TRUE);
  add_cell (self, _("Host Name"), 2, 0, TRUE);
  add_cell (self, _("VM"), 3, 0, TRUE);
  for (guint i = 0; i < leases->len && i < 512; i++)
    {
      const VireoNetworkLease *lease = g_ptr_array_index (leases, i);

      add_cell (self, lease->mac, 0, (int) i + 1, FALSE);
      add_cell (self, lease->ip, 1, (int) i + 1, FALSE);
      add_cell (self, lease->hostname, 2, (int) i + 1, FALSE);
      add_cell (self, lease->vm, 3, (int) i + 1, FALSE);
    }
}

static void
load_leases (VireoHostNetworksPage *self)
{
  g_cancellable_cancel (self->leases_cancellable);
  g_clear_object (&self->leases_cancellable);
  clear_leases (self);
  self->leases_loaded = FALSE;
  if (self->selected == NULL)
    return;
  if (!vireo_network_get_active (self->selected))
    {
      self->leases_loaded = TRUE;
      gtk_label_set_text (self->leases_status, _("The network is not running: it hands out no leases."));
      gtk_widget_set_visible (GTK_WIDGET (self->leases_status), TRUE);
      return;
    }
  gtk_label_set_text (self->leases_status, _("Reading the leases…"));
  gtk_widget_set_visible (GTK_WIDGET (self->leases_status), TRUE);
  self->leases_cancellable = g_cancellable_new ();
  vireo_host_networks_list_leases_async (self->networks, vireo_network_get_name (self->selected),
                                         self->leases_cancellable, leases_done, self);
}

/* -- changes ----------------------------------------------------------------------- */

static void
action_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VireoHostNetworksPage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!vireo_host_networks_action_finish (VIREO_HOST_NETWORKS (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  set_error (self, error != NULL ? error->message : NULL);
  update_details (self);
}

static void
run_action (VireoHostNetworksPage *self, VireoNetworkAction action)
{
  if (self->selected == NULL)
    return;
  self->busy++;
  update_actions (self);
  vireo_host_networks_action_async (self->networks, vireo_network_get_name (self->selected), action, self->cancellable,
                                    action_done, g_object_ref (self));
}

static void
start_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  run_action (VIREO_HOST_NETWORKS_PAGE (widget), VIREO_NETWORK_ACTION_START);
}

static void
stop_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  run_action (VIREO_HOST_NETWORKS_PAGE (widget), VIREO_NETWORK_ACTION_STOP);
}

static gboolean
autostart_set_cb (VireoHostNetworksPage *self, gboolean state)
{
  if (self->syncing || self->selected == NULL || state == vireo_network_get_autostart (self->selected))
    return FALSE;
  run_action (self, state ? VIREO_NETWORK_ACTION_AUTOSTART_ON : VIREO_NETWORK_ACTION_AUTOSTART_OFF);
  return FALSE;
}

static void
refresh_leases_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  load_leases (VIREO_HOST_NETWORKS_PAGE (widget));
}

static void
delete_response_cb (AdwMessageDialog *dialog, const char *response, VireoHostNetworksPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "network");

  if (g_strcmp0 (response, "delete") != 0 || self->selected == NULL ||
      g_strcmp0 (name, vireo_network_get_name (self->selected)) != 0)
    return;
  run_action (self, VIREO_NETWORK_ACTION_DELETE);
}

static void
users_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VireoHostNetworksPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) users = vireo_host_networks_list_users_finish (VIREO_HOST_NETWORKS (object), result, &error);
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  update_actions (self);
  if (self->selected == NULL)
    return;
  name = g_strdup (vireo_network_get_name (self->selected));
  heading = g_strdup_printf (_("Delete “%s”?"), name);
  if (users == NULL)
    body = g_strdup_printf (_("It is stopped and removed. Which VMs use it is not known: %s"), error->message);
  else if (users[0] == NULL)
    body = g_strdup (_("It is stopped and removed. No VM has a network card on it."));
  else
    {
      g_autofree char *list = g_strjoinv (", ", users);

      body = g_strdup_printf (g_dngettext (NULL, "It is stopped and removed. This VM has a network card on it and loses "
                                                 "its connection: %s.",
                                           "It is stopped and removed. These VMs have a network card on it and lose "
                                           "their connection: %s.",
                                           g_strv_length (users)),
                              list);
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "network", g_steal_pointer (&name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  VireoHostNetworksPage *self = VIREO_HOST_NETWORKS_PAGE (widget);

  if (self->selected == NULL)
    return;
  self->busy++;
  update_actions (self);
  vireo_host_networks_list_users_async (self->networks, vireo_network_get_name (self->selected), self->cancellable,
                                        users_done, g_object_ref (self));
}

static void
define_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VireoHostNetworksPage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!vireo_host_networks_define_xml_finish (VIREO_HOST_NETWORKS (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (error == NULL)
    {
      set_error (self, vireo_network_get_active (self->selected)
                         ? _("Saved. The running network keeps its settings until it is stopped and started again.")
                         : NULL);
      vireo_details_xml_view_set_xml (self->xml_view, vireo_network_get_xml (self->selected));
    }
  else
    set_error (self, error->message);
  update_details (self);
}

static void
save_xml_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  VireoHostNetworksPage *self = VIREO_HOST_NETWORKS_PAGE (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;

  if (self->selected == NULL)
    return;
  xml = vireo_details_xml_view_dup_xml (self->xml_view, &error);
  if (xml == NULL)
    {
      set_error (self, error->message);
      return;
    }
  self->busy++;
  update_actions (self);
  vireo_host_networks_define_xml_async (self->networks, xml, vireo_network_get_name (self->selected),
                                        self->cancellable, define_done, g_object_ref (self));
}

static void
network_created_cb (VireoNewNetworkWizard *wizard, const char *name, const char *warning,
                    VireoHostNetworksPage *self)
{
  vireo_host_networks_page_select_network (self, name);
  set_error (self, warning);
}

static void
new_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  VireoHostNetworksPage *self = VIREO_HOST_NETWORKS_PAGE (widget);
  GtkWidget *wizard = vireo_new_network_wizard_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->networks);

  g_signal_connect_object (wizard, "network-created", G_CALLBACK (network_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (wizard));
}

/* -- object -------------------------------------------------------------------------- */

GtkWidget *
vireo_host_networks_page_new (VireoConnection *connection)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);
  return g_object_new (VIREO_TYPE_HOST_NETWORKS_PAGE, "connection", connection, NULL);
}

/* the selected network went away (deleted here or elsewhere) */
static void
networks_changed_cb (VireoHostNetworksPage *self)
{
  if (self->selected != NULL &&
      vireo_host_networks_lookup (self->networks, vireo_network_get_name (self->selected)) != self->selected)
    row_selected_cb (self, NULL);
}

static void
vireo_host_networks_page_set_connection (VireoHostNetworksPage *self, VireoConnection *connection)
{
  self->connection = g_object_ref (connection);
  self->networks = vireo_host_networks_get (connection);
  gtk_list_box_bind_model (self->network_list, G_LIST_MODEL (self->networks), create_row, self, NULL);
  g_signal_connect_object (self->networks, "items-changed", G_CALLBACK (networks_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_details (self);
}

static void
vireo_host_networks_page_dispose (GObject *object)
{
  VireoHostNetworksPage *self = VIREO_HOST_NETWORKS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->leases_cancellable);
  if (self->selected_signals != NULL)
    g_signal_group_set_target (self->selected_signals, NULL);
  if (self->network_list != NULL)
    gtk_list_box_bind_model (self->network_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_HOST_NETWORKS_PAGE);
  g_clear_object (&self->selected_signals);
  g_clear_object (&self->selected);
  g_clear_object (&self->networks);
  g_clear_object (&self->connection);
  G_OBJECT_CLASS (vireo_host_networks_page_parent_class)->dispose (object);
}

static void
vireo_host_networks_page_finalize (GObject *object)
{
  VireoHostNetworksPage *self = VIREO_HOST_NETWORKS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->leases_cancellable);
  g_free (self->error);
  G_OBJECT_CLASS (vireo_host_networks_page_parent_class)->finalize (object);
}

static void
vireo_host_networks_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VireoHostNetworksPage *self = VIREO_HOST_NETWORKS_PAGE (object);

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
vireo_host_networks_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  VireoHostNetworksPage *self = VIREO_HOST_NETWORKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      vireo_host_networks_page_set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_host_networks_page_class_init (VireoHostNetworksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_host_networks_page_dispose;
  object_class->finalize = vireo_host_networks_page_finalize;
  object_class->get_property = vireo_host_networks_page_get_property;
  object_class->set_property = vireo_host_networks_page_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, VIREO_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VIREO_TYPE_DETAILS_XML_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-host-networks-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoHostNetworksPage, name)
  BIND (network_list);
  BIND (error_revealer);
  BIND (error_label);
  BIND (details_stack);
  BIND (title_label);
  BIND (spinner);
  BIND (state_row);
  BIND (autostart_switch);
  BIND (mode_row);
  BIND (bridge_row);
  BIND (ipv4_row);
  BIND (dhcp_row);
  BIND (ipv6_row);
  BIND (hosts_row);
  BIND (dns_row);
  BIND (boot_row);
  BIND (leases_status);
  BIND (leases_grid);
  BIND (xml_view);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, autostart_set_cb);
  gtk_widget_class_install_action (widget_class, "networks.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "networks.start", NULL, start_activated);
  gtk_widget_class_install_action (widget_class, "networks.stop", NULL, stop_activated);
  gtk_widget_class_install_action (widget_class, "networks.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "networks.save-xml", NULL, save_xml_activated);
  gtk_widget_class_install_action (widget_class, "networks.refresh-leases", NULL, refresh_leases_activated);
}

static void
vireo_host_networks_page_init (VireoHostNetworksPage *self)
{
  AdwActionRow *rows[10];

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  rows[0] = self->state_row;
  rows[1] = self->mode_row;
  rows[2] = self->bridge_row;
  rows[3] = self->ipv4_row;
  rows[4] = self->dhcp_row;
  rows[5] = self->ipv6_row;
  rows[6] = self->hosts_row;
  rows[7] = self->dns_row;
  rows[8] = self->boot_row;
  rows[9] = NULL;
  /* libvirt's texts are shown as they are, never read as markup */
  for (guint i = 0; rows[i] != NULL; i++)
    adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (rows[i]), FALSE);
  vireo_details_xml_view_set_label (self->xml_view, _("Network XML"));
  vireo_details_xml_view_set_description (
    self->xml_view, _("The network’s whole definition. Save checks it against libvirt’s schema; a running network "
                      "takes it at its next start."));
  self->selected_signals = g_signal_group_new (VIREO_TYPE_NETWORK);
  g_signal_group_connect_swapped (self->selected_signals, "notify", G_CALLBACK (selected_changed_cb), self);
}
