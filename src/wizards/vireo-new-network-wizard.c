/* vireo-new-network-wizard.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One form: what a person types becomes a VireoNetworkDef; the core checks
 * it, writes its XML and makes the network (vireo-host-networks.c), so a
 * bad answer shows the core's sentence here and creates nothing.
 */
#define G_LOG_DOMAIN "vireo-new-network-wizard"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vireo-new-network-wizard.h"

struct _VireoNewNetworkWizard
{
  AdwWindow          parent_instance;

  VireoHostNetworks *networks;     /* owned */
  GCancellable      *cancellable;  /* owned; cancelled in dispose */
  char              *error;
  char              *suggested;    /* the address the suggestion filled in */
  guint              busy : 1;
  guint              suggesting : 1;

  /* template */
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  GtkSpinner        *spinner;
  AdwEntryRow       *name_row;
  AdwComboRow       *mode_row;
  AdwEntryRow       *device_row;
  AdwPreferencesGroup *ipv4_group;
  AdwPreferencesGroup *ipv6_group;
  AdwPreferencesGroup *hosts_group;
  AdwPreferencesGroup *services_group;
  AdwEntryRow       *ipv4_address_row;
  AdwEntryRow       *ipv4_prefix_row;
  AdwEntryRow       *dhcp_start_row;
  AdwEntryRow       *dhcp_end_row;
  AdwExpanderRow    *ipv6_row;
  AdwEntryRow       *ipv6_address_row;
  AdwEntryRow       *ipv6_prefix_row;
  GtkTextView       *hosts_view;
  AdwEntryRow       *domain_row;
  AdwEntryRow       *tftp_row;
  AdwEntryRow       *bootp_row;
  GtkSwitch         *start_switch;
  GtkSwitch         *autostart_switch;
};

G_DEFINE_FINAL_TYPE (VireoNewNetworkWizard, vireo_new_network_wizard, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_NETWORKS, PROP_ERROR, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { NETWORK_CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_error (VireoNewNetworkWizard *self, const char *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
update_busy (VireoNewNetworkWizard *self)
{
  gboolean busy = self->busy || self->suggesting;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.finish", !self->busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

const char *
vireo_new_network_wizard_get_error (VireoNewNetworkWizard *self)
{
  g_return_val_if_fail (VIREO_IS_NEW_NETWORK_WIZARD (self), NULL);
  return self->error;
}

gboolean
vireo_new_network_wizard_get_busy (VireoNewNetworkWizard *self)
{
  g_return_val_if_fail (VIREO_IS_NEW_NETWORK_WIZARD (self), FALSE);
  return self->busy || self->suggesting;
}

/* -- the form ------------------------------------------------------------------ */

static VireoNetworkForward
selected_forward (VireoNewNetworkWizard *self)
{
  /* the rows of mode_row are in the enum's order */
  guint selected = adw_combo_row_get_selected (self->mode_row);

  return selected <= VIREO_NETWORK_FORWARD_MACVTAP ? (VireoNetworkForward) selected : VIREO_NETWORK_FORWARD_NAT;
}

static void
mode_changed_cb (VireoNewNetworkWizard *self)
{
  VireoNetworkForward forward = selected_forward (self);
  gboolean shared = forward == VIREO_NETWORK_FORWARD_BRIDGE || forward == VIREO_NETWORK_FORWARD_MACVTAP;
  const char *title;

  switch (forward)
    {
    case VIREO_NETWORK_FORWARD_BRIDGE:
      title = _("Host Bridge");
      break;
    case VIREO_NETWORK_FORWARD_MACVTAP:
      title = _("Host Interface");
      break;
    case VIREO_NETWORK_FORWARD_NAT:
    case VIREO_NETWORK_FORWARD_ROUTE:
      title = _("Outgoing Device (optional)");
      break;
    case VIREO_NETWORK_FORWARD_ISOLATED:
    case VIREO_NETWORK_FORWARD_OPEN:
    case VIREO_NETWORK_FORWARD_OTHER:
    default:
      title = NULL;
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->device_row), title != NULL);
  if (title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->device_row), title);
  gtk_widget_set_visible (GTK_WIDGET (self->ipv4_group), !shared);
  gtk_widget_set_visible (GTK_WIDGET (self->ipv6_group), !shared);
  gtk_widget_set_visible (GTK_WIDGET (self->hosts_group), !shared);
  gtk_widget_set_visible (GTK_WIDGET (self->services_group), !shared);
}

static void
ipv4_changed_cb (VireoNewNetworkWizard *self)
{
  /* another x.y.z.1: the range follows, while it is still the one filled in */
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->ipv4_address_row));
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *old_start = NULL;
  const char *dot;

  if (self->suggested == NULL || g_strcmp0 (text, self->suggested) == 0)
    return;
  dot = strrchr (self->suggested, '.');
  old_start = g_strdup_printf ("%.*s.2", (int) (dot - self->suggested), self->suggested);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->dhcp_start_row)), old_start) != 0)
    return;
  dot = strrchr (text, '.');
  if (dot == NULL || g_strcmp0 (dot, ".1") != 0)
    return;
  start = g_strdup_printf ("%.*s.2", (int) (dot - text), text);
  end = g_strdup_printf ("%.*s.254", (int) (dot - text), text);
  gtk_editable_set_text (GTK_EDITABLE (self->dhcp_start_row), start);
  gtk_editable_set_text (GTK_EDITABLE (self->dhcp_end_row), end);
  g_free (self->suggested);
  self->suggested = g_strdup (text);
}

/* the text of @row, stripped; NULL when empty */
static char *
row_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static gboolean
row_prefix (AdwEntryRow *row, guint max, guint *prefix, GError **error)
{
  g_autofree char *text = row_text (row);
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("The prefix length “%s” is not a number from 0 to %u."), text != NULL ? text : "", max);
      return FALSE;
    }
  *prefix = (guint) value;
  return TRUE;
}

VireoNetworkDef *
vireo_new_network_wizard_dup_def (VireoNewNetworkWizard *self,
                                  GError               **error)
{
  g_autoptr (VireoNetworkDef) def = vireo_network_def_new ();
  VireoNetworkForward forward;
  g_autofree char *hosts = NULL;
  g_auto (GStrv) lines = NULL;
  GtkTextIter start, end;

  g_return_val_if_fail (VIREO_IS_NEW_NETWORK_WIZARD (self), NULL);

  forward = selected_forward (self);
  def->name = row_text (self->name_row);
  def->forward = forward;
  if (forward == VIREO_NETWORK_FORWARD_BRIDGE)
    {
      def->bridge = row_text (self->device_row);
      return g_steal_pointer (&def);
    }
  if (forward != VIREO_NETWORK_FORWARD_ISOLATED && forward != VIREO_NETWORK_FORWARD_OPEN)
    def->forward_dev = row_text (self->device_row);
  if (forward == VIREO_NETWORK_FORWARD_MACVTAP)
    return g_steal_pointer (&def);

  def->ipv4_address = row_text (self->ipv4_address_row);
  if (def->ipv4_address != NULL)
    {
      g_autofree char *range_start = row_text (self->dhcp_start_row);
      g_autofree char *range_end = row_text (self->dhcp_end_row);

      if (!row_prefix (self->ipv4_prefix_row, 32, &def->ipv4_prefix, error))
        return NULL;
      if (range_start != NULL || range_end != NULL)
        {
          VireoNetworkRange *range = g_new0 (VireoNetworkRange, 1);

          range->start = g_steal_pointer (&range_start);
          range->end = g_steal_pointer (&range_end);
          g_ptr_array_add (def->ipv4_ranges, range);
        }
    }
  if (adw_expander_row_get_enable_expansion (self->ipv6_row))
    {
      def->ipv6_address = row_text (self->ipv6_address_row);
      if (!row_prefix (self->ipv6_prefix_row, 128, &def->ipv6_prefix, error))
        return NULL;
    }

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (self->hosts_view), &start, &end);
  hosts = gtk_text_buffer_get_text (gtk_text_view_get_buffer (self->hosts_view), &start, &end, FALSE);
  lines = g_strsplit (hosts, "\n", 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t,", 0);
      g_autoptr (GPtrArray) fields = g_ptr_array_new ();

      for (guint j = 0; words[j] != NULL; j++)
        if (*words[j] != '\0')
          g_ptr_array_add (fields, words[j]);
      if (fields->len == 0)
        continue;
      if (fields->len < 2 || fields->len > 3)
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                       _("Line %u of the static hosts is not a MAC address, an IPv4 address and a name."), i + 1);
          return NULL;
        }
      vireo_network_def_add_host (def, g_ptr_array_index (fields, 0),
                                  fields->len == 3 ? g_ptr_array_index (fields, 2) : NULL,
                                  g_ptr_array_index (fields, 1));
    }

  def->domain = row_text (self->domain_row);
  def->tftp_root = row_text (self->tftp_row);
  def->bootp_file = row_text (self->bootp_row);
  return g_steal_pointer (&def);
}

/* -- the suggested subnet ---------------------------------------------------------- */

static void
suggest_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VireoNewNetworkWizard) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *address = vireo_host_networks_suggest_subnet_finish (VIREO_HOST_NETWORKS (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->suggesting = FALSE;
  if (address != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->ipv4_address_row)) == '\0')
    {
      g_autofree char *base = g_strndup (address, strrchr (address, '.') - address);
      g_autofree char *start = g_strdup_printf ("%s.2", base);
      g_autofree char *end = g_strdup_printf ("%s.254", base);

      g_free (self->suggested);
      self->suggested = g_strdup (address);
      gtk_editable_set_text (GTK_EDITABLE (self->ipv4_address_row), address);
      gtk_editable_set_text (GTK_EDITABLE (self->ipv4_prefix_row), "24");
      gtk_editable_set_text (GTK_EDITABLE (self->dhcp_start_row), start);
      gtk_editable_set_text (GTK_EDITABLE (self->dhcp_end_row), end);
    }
  update_busy (self);
}

/* -- finish ------------------------------------------------------------------------ */

static void
create_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VireoNewNetworkWizard) self = user_data;
  g_autoptr (GError) error = NULL;

  if (vireo_host_networks_create_finish (VIREO_HOST_NETWORKS (object), result, &error) ||
      g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE))
    {
      /* made (perhaps not started: the page says so) */
      const char *created = g_object_get_data (G_OBJECT (self), "creating");

      self->busy = FALSE;
      update_busy (self);
      g_signal_emit (self, signals[NETWORK_CREATED], 0, created, error != NULL ? error->message : NULL);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  update_busy (self);
  set_error (self, error->message);
}

static void
finish_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  VireoNewNetworkWizard *self = VIREO_NEW_NETWORK_WIZARD (widget);
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoNetworkDef) def = NULL;

  if (self->busy)
    return;
  def = vireo_new_network_wizard_dup_def (self, &error);
  /* the quick checks here; the host's (name taken, overlap, bridge) in the core */
  if (def == NULL || !vireo_network_def_validate (def, &error))
    {
      set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  self->busy = TRUE;
  update_busy (self);
  g_object_set_data_full (G_OBJECT (self), "creating", g_strdup (def->name), g_free);
  vireo_host_networks_create_async (self->networks, def, gtk_switch_get_active (self->start_switch),
                                    gtk_switch_get_active (self->autostart_switch), self->cancellable, create_done,
                                    g_object_ref (self));
}

static void
cancel_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

/* -- object -------------------------------------------------------------------------- */

GtkWidget *
vireo_new_network_wizard_new (GtkWindow         *parent,
                              VireoHostNetworks *networks)
{
  g_return_val_if_fail (VIREO_IS_HOST_NETWORKS (networks), NULL);

  return g_object_new (VIREO_TYPE_NEW_NETWORK_WIZARD, "transient-for", parent, "networks", networks, NULL);
}

static void
vireo_new_network_wizard_constructed (GObject *object)
{
  VireoNewNetworkWizard *self = VIREO_NEW_NETWORK_WIZARD (object);

  G_OBJECT_CLASS (vireo_new_network_wizard_parent_class)->constructed (object);
  mode_changed_cb (self);
  if (self->networks != NULL)
    {
      self->suggesting = TRUE;
      update_busy (self);
      vireo_host_networks_suggest_subnet_async (self->networks, self->cancellable, suggest_done,
                                                g_object_ref (self));
    }
}

static void
vireo_new_network_wizard_dispose (GObject *object)
{
  VireoNewNetworkWizard *self = VIREO_NEW_NETWORK_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_NEW_NETWORK_WIZARD);
  g_clear_object (&self->networks);
  G_OBJECT_CLASS (vireo_new_network_wizard_parent_class)->dispose (object);
}

static void
vireo_new_network_wizard_finalize (GObject *object)
{
  VireoNewNetworkWizard *self = VIREO_NEW_NETWORK_WIZARD (object);

  g_clear_object (&self->cancellable);
  g_free (self->error);
  g_free (self->suggested);
  G_OBJECT_CLASS (vireo_new_network_wizard_parent_class)->finalize (object);
}

static void
vireo_new_network_wizard_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VireoNewNetworkWizard *self = VIREO_NEW_NETWORK_WIZARD (object);

  switch (prop_id)
    {
    case PROP_NETWORKS:
      g_value_set_object (value, self->networks);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, vireo_new_network_wizard_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_new_network_wizard_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  VireoNewNetworkWizard *self = VIREO_NEW_NETWORK_WIZARD (object);

  switch (prop_id)
    {
    case PROP_NETWORKS:
      self->networks = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_new_network_wizard_class_init (VireoNewNetworkWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vireo_new_network_wizard_constructed;
  object_class->dispose = vireo_new_network_wizard_dispose;
  object_class->finalize = vireo_new_network_wizard_finalize;
  object_class->get_property = vireo_new_network_wizard_get_property;
  object_class->set_property = vireo_new_network_wizard_set_property;

  properties[PROP_NETWORKS] =
    g_param_spec_object ("networks", NULL, NULL, VIREO_TYPE_HOST_NETWORKS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoNewNetworkWizard::network-created:
   * @name: the new network
   * @warning: (nullable): why it is not running (defined, kept, but its
   *   start failed), or %NULL
   */
  signals[NETWORK_CREATED] =
    g_signal_new ("network-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-new-network-wizard.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoNewNetworkWizard, name)
  BIND (error_revealer);
  BIND (error_label);
  BIND (spinner);
  BIND (name_row);
  BIND (mode_row);
  BIND (device_row);
  BIND (ipv4_group);
  BIND (ipv6_group);
  BIND (hosts_group);
  BIND (services_group);
  BIND (ipv4_address_row);
  BIND (ipv4_prefix_row);
  BIND (dhcp_start_row);
  BIND (dhcp_end_row);
  BIND (ipv6_row);
  BIND (ipv6_address_row);
  BIND (ipv6_prefix_row);
  BIND (hosts_view);
  BIND (domain_row);
  BIND (tftp_row);
  BIND (bootp_row);
  BIND (start_switch);
  BIND (autostart_switch);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ipv4_changed_cb);
  gtk_widget_class_install_action (widget_class, "wizard.finish", NULL, finish_activated);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel_activated);
}

static void
vireo_new_network_wizard_init (VireoNewNetworkWizard *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
