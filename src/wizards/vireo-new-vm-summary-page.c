/* vireo-new-vm-summary-page.c — the New VM wizard, step 5: name, network, firmware and the summary
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The name (suggested until the person types one) and MAC checks, the
 * network choices (virtual networks, bridges, host devices; read again when
 * the connection's networks change), firmware, the summary rows and whether
 * to review the XML first. Forward waits while a check fails or the chosen
 * network is not running.
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-express-install.h"
#include "vireo-new-vm-summary-page.h"

typedef struct
{
  VireoNetworkMode mode;
  char            *source;  /* network, bridge or device; NULL when typed in device_row */
  gboolean         inactive; /* a virtual network that is not running */
} NetworkChoice;

struct _VireoNewVmSummaryPage
{
  AdwPreferencesPage parent_instance;

  VireoInstallPlan  *plan;
  VireoConnection   *connection;
  VireoHostCaps     *caps;
  GArray            *network_choices; /* NetworkChoice */
  GCancellable      *cancellable;     /* the page's life */
  VireoHostNetworks *host_networks;   /* the connection's networks (owned) */
  guint              name_edited : 1;
  guint              setting_name : 1;
  guint              refreshing : 1;  /* the networks are read again */
  guint              updating : 1;

  /* template children */
  GtkWidget         *name_row;
  GtkWidget         *name_rule;
  GtkWidget         *name_error;
  AdwComboRow       *network_row;
  GtkWidget         *device_row;
  GtkWidget         *network_inactive_row;
  GtkWidget         *mac_row;
  AdwComboRow       *firmware_row;
  GtkWidget         *firmware_error;
  GtkWidget         *network_error;
  AdwActionRow      *sum_os;
  AdwActionRow      *sum_media;
  AdwActionRow      *sum_resources;
  AdwActionRow      *sum_disk;
  AdwActionRow      *sum_network;
  AdwActionRow      *sum_express;
  GtkWidget         *warnings_label;
  GtkWidget         *customize_switch;
  GtkWidget         *finish_error;
};

static void page_iface_init (VireoNewVmPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoNewVmSummaryPage, vireo_new_vm_summary_page, ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_NEW_VM_PAGE, page_iface_init))

enum
{
  PROP_0,
  PROP_PLAN,
  PROP_CONNECTION,
  PROP_CUSTOMIZE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void update_name_check (VireoNewVmSummaryPage *self);

static void
network_choice_clear (NetworkChoice *choice)
{
  g_free (choice->source);
}

static VireoInstallMethod
current_method (VireoNewVmSummaryPage *self)
{
  VireoInstallMethod method;

  g_object_get (self->plan, "method", &method, NULL);
  return method;
}

static gboolean
name_taken (VireoNewVmSummaryPage *self,
            const char       *name)
{
  GListModel *domains;

  if (self->connection == NULL)
    return FALSE;
  domains = vireo_connection_get_domains (self->connection);
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr (VireoDomain) domain = g_list_model_get_item (domains, i);

      if (g_strcmp0 (vireo_domain_get_name (domain), name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* the name field is filled in for the person until they type one */
static void
suggest_name (VireoNewVmSummaryPage *self)
{
  const VireoOsDevices *devices = vireo_install_plan_get_os_devices (self->plan);
  const char *base = devices->short_id != NULL ? devices->short_id : "vm";
  g_autofree char *name = NULL;

  if (self->name_edited)
    return;
  name = g_strdup (base);
  for (guint i = 2; name_taken (self, name) && i < 1000; i++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u", base, i);
    }
  self->setting_name = TRUE;
  g_object_set (self->plan, "name", name, NULL);
  self->setting_name = FALSE;
}

static gboolean
check_name (VireoNewVmSummaryPage *self,
                                GError          **error)
{
  g_autofree char *name = NULL;

  g_object_get (self->plan, "name", &name, NULL);
  if (!vireo_install_plan_validate_name (name, error))
    return FALSE;
  if (name_taken (self, name))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: “%s” is already the name of a virtual machine on this connection. %s"),
                   name, vireo_install_plan_name_rule ());
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_mac (VireoNewVmSummaryPage *self,
                               GError          **error)
{
  g_autofree char *mac = NULL;

  g_object_get (self->plan, "mac", &mac, NULL);
  return mac == NULL || *mac == '\0' || vireo_install_plan_validate_mac (mac, error);
}

static void
add_network_choice (VireoNewVmSummaryPage *self,
                    GtkStringList    *labels,
                    const char       *label,
                    VireoNetworkMode  mode,
                    const char       *source,
                    gboolean          inactive)
{
  NetworkChoice choice = { mode, g_strdup (source), inactive };

  g_array_append_val (self->network_choices, choice);
  gtk_string_list_append (labels, label);
}

/* Virtual networks (with their state), the host's bridges and the devices
 * macvtap can share (from the host facts), user-mode networking on session
 * connections, and a bridge or device typed by name. @keep: the network,
 * bridge or device to keep selected (NULL: the default network). */
static void
fill_networks (VireoNewVmSummaryPage *self,
                                   const char       *keep)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  gboolean session = vireo_install_plan_is_session (self->plan);
  guint selected = 0;

  g_array_set_size (self->network_choices, 0);
  if (session)
    add_network_choice (self, labels, _("User-mode networking"), VIREO_NETWORK_MODE_USER, NULL, FALSE);
  if (self->caps != NULL)
    for (guint i = 0; i < self->caps->networks->len; i++)
      {
        VireoNetworkFacts *net = g_ptr_array_index (self->caps->networks, i);
        g_autofree char *label = NULL;

        label = g_strdup_printf (net->active ? _("Virtual network “%s”") : _("Virtual network “%s” (inactive)"),
                                 net->name);
        if (keep != NULL ? g_str_equal (net->name, keep) : !session && g_str_equal (net->name, "default"))
          selected = self->network_choices->len;
        add_network_choice (self, labels, label, VIREO_NETWORK_MODE_NETWORK, net->name, !net->active);
      }
  if (self->caps != NULL && self->caps->interfaces != NULL)
    for (guint i = 0; i < self->caps->interfaces->len; i++)
      {
        VireoInterfaceFacts *iface = g_ptr_array_index (self->caps->interfaces, i);
        g_autofree char *label = NULL;
        gboolean bridge = iface->kind == VIREO_INTERFACE_BRIDGE;

        /* TRANSLATORS: "Host bridge br0" / "Host device eth0: macvtap" */
        label = g_strdup_printf (bridge ? _("Host bridge %s") : _("Host device %s: macvtap"), iface->name);
        if (g_strcmp0 (keep, iface->name) == 0)
          selected = self->network_choices->len;
        add_network_choice (self, labels, label, bridge ? VIREO_NETWORK_MODE_BRIDGE : VIREO_NETWORK_MODE_DIRECT,
                            iface->name, FALSE);
      }
  add_network_choice (self, labels, _("Another host bridge (type its name)"), VIREO_NETWORK_MODE_BRIDGE, NULL,
                      FALSE);
  add_network_choice (self, labels, _("Another host device: macvtap (type its name)"), VIREO_NETWORK_MODE_DIRECT,
                      NULL, FALSE);
  add_network_choice (self, labels, _("No network"), VIREO_NETWORK_MODE_NONE, NULL, FALSE);

  self->updating = TRUE;
  adw_combo_row_set_model (self->network_row, G_LIST_MODEL (labels));
  self->updating = FALSE;
  adw_combo_row_set_selected (self->network_row, selected);
  g_object_notify (G_OBJECT (self->network_row), "selected");
}

/* Networks defined, undefined, started or stopped since the host's facts
 * came: the connection's list of networks (VireoHostNetworks, the one the
 * host window's Networks page shows) follows libvirt's network events, and
 * says "changed" each time it was read again, so this list follows it while
 * it is shown; the choice stays when it still exists */
static void
network_facts_free (VireoNetworkFacts *facts)
{
  g_free (facts->name);
  g_free (facts->bridge);
  g_free (facts);
}

static void
host_networks_changed_cb (VireoNewVmSummaryPage *self)
{
  g_autoptr (GPtrArray) networks = NULL;
  GListModel *model = G_LIST_MODEL (self->host_networks);
  NetworkChoice *current;
  guint selected;
  VireoNetworkMode mode;
  g_autofree char *source = NULL;

  if (self->caps == NULL || !vireo_host_networks_get_loaded (self->host_networks))
    return;
  networks = g_ptr_array_new_with_free_func ((GDestroyNotify) network_facts_free);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (VireoNetwork) network = g_list_model_get_item (model, i);
      VireoNetworkFacts *facts = g_new0 (VireoNetworkFacts, 1);

      facts->name = g_strdup (vireo_network_get_name (network));
      facts->bridge = g_strdup (vireo_network_get_def (network)->bridge);
      facts->active = vireo_network_get_active (network);
      g_ptr_array_add (networks, facts);
    }

  /* the same choice stays chosen */
  selected = adw_combo_row_get_selected (self->network_row);
  current = selected < self->network_choices->len
              ? &g_array_index (self->network_choices, NetworkChoice, selected) : NULL;
  mode = current != NULL ? current->mode : VIREO_NETWORK_MODE_NETWORK;
  source = current != NULL ? g_strdup (current->source) : NULL;

  g_ptr_array_unref (self->caps->networks);
  self->caps->networks = g_steal_pointer (&networks);
  /* what the host offers is not an answer */
  self->refreshing = TRUE;
  fill_networks (self, source);
  for (guint i = 0; current != NULL && i < self->network_choices->len; i++)
    {
      NetworkChoice *choice = &g_array_index (self->network_choices, NetworkChoice, i);

      if (choice->mode == mode && g_strcmp0 (choice->source, source) == 0)
        {
          adw_combo_row_set_selected (self->network_row, i);
          break;
        }
    }
  self->refreshing = FALSE;
}

/* network names in full where they fit, else cut in the middle, where
 * names that start alike ("ipv6_…") differ */
static void
network_item_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (item, label);
}

static void
network_item_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

static void
network_selected_cb (AdwComboRow           *row,
                     GParamSpec            *pspec,
                     VireoNewVmSummaryPage *self)
{
  guint selected = adw_combo_row_get_selected (row);
  NetworkChoice *choice;

  if (self->updating || selected >= self->network_choices->len)
    return;
  choice = &g_array_index (self->network_choices, NetworkChoice, selected);
  gtk_widget_set_visible (self->device_row, choice->source == NULL
                                              && (choice->mode == VIREO_NETWORK_MODE_BRIDGE
                                                  || choice->mode == VIREO_NETWORK_MODE_DIRECT));
  if (choice->inactive)
    {
      g_autofree char *title = g_strdup_printf (_("The virtual network “%s” is not running"), choice->source);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->network_inactive_row), title);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.start-network", TRUE);
    }
  gtk_widget_set_visible (self->network_inactive_row, choice->inactive);
  g_object_set (self->plan,
                "network-mode", choice->mode,
                "network-source", choice->source != NULL
                                    ? choice->source
                                    : gtk_editable_get_text (GTK_EDITABLE (self->device_row)),
                NULL);
  /* an error about the previous choice goes; one about this choice (PXE
   * without a network) is said */
  update_name_check (self);
  vireo_new_vm_page_ready_changed (VIREO_NEW_VM_PAGE (self));
}

static void
network_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  VireoNewVmSummaryPage *self;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  if (!vireo_connection_start_network_finish (VIREO_CONNECTION (object), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_object_get (self->plan, "network-source", &name, NULL);
  if (error != NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.start-network", TRUE);
      vireo_new_vm_page_set_error_label (self->network_error, error);
      vireo_new_vm_page_ready_changed (VIREO_NEW_VM_PAGE (self));
      return;
    }
  if (self->caps != NULL && VIREO_CONNECTION (object) == self->connection)
    for (guint i = 0; i < self->caps->networks->len; i++)
      {
        VireoNetworkFacts *net = g_ptr_array_index (self->caps->networks, i);

        if (g_str_equal (net->name, name))
          net->active = TRUE;
      }
  fill_networks (self, name);
}

static void
start_network_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  VireoNewVmSummaryPage *self = VIREO_NEW_VM_SUMMARY_PAGE (widget);
  g_autofree char *name = NULL;

  if (self->connection == NULL)
    return;
  g_object_get (self->plan, "network-source", &name, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.start-network", FALSE);
  vireo_new_vm_page_set_error_label (self->network_error, NULL);
  vireo_connection_start_network_async (self->connection, name, self->cancellable, network_started_cb, self);
}

static void
device_changed_cb (GtkEditable           *editable,
                   VireoNewVmSummaryPage *self)
{
  if (gtk_widget_get_visible (self->device_row))
    g_object_set (self->plan, "network-source", gtk_editable_get_text (editable), NULL);
}

/* -- firmware ---------------------------------------------------------------- */

/* what the host has (domain capabilities) and what the OS needs */
static void
update_firmware (VireoNewVmSummaryPage *self)
{
  g_autoptr (GError) error = NULL;
  const VireoOsDevices *os = vireo_install_plan_get_os_devices (self->plan);
  gboolean bios, uefi;
  VireoFirmware firmware;
  const char *why = NULL;

  g_object_get (self->plan, "bios-available", &bios, "uefi-available", &uefi, "firmware", &firmware, NULL);
  if (!uefi && bios)
    {
      why = _("BIOS only: no UEFI firmware is installed on this host (package ovmf)");
      if (firmware == VIREO_FIRMWARE_UEFI && os->bios_supported)
        g_object_set (self->plan, "firmware", VIREO_FIRMWARE_BIOS, NULL);
    }
  else if (!bios && uefi)
    {
      why = _("UEFI only: this host has no BIOS firmware for this architecture");
      if (firmware == VIREO_FIRMWARE_BIOS && os->efi_supported)
        g_object_set (self->plan, "firmware", VIREO_FIRMWARE_UEFI, NULL);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->firmware_row), why);
  gtk_widget_set_sensitive (GTK_WIDGET (self->firmware_row), why == NULL);
  if (why != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->firmware_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    why, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->firmware_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  if (!vireo_install_plan_check_firmware (self->plan, &error))
    vireo_new_vm_page_set_error_label (self->firmware_error, error);
  else
    vireo_new_vm_page_set_error_label (self->firmware_error, NULL);
}

/* -- step 5: name, network, summary --------------------------------------- */

/* a network boot needs a network */
static gboolean
check_pxe_network (VireoNewVmSummaryPage *self,
                   GError          **error)
{
  VireoNetworkMode mode;

  g_object_get (self->plan, "network-mode", &mode, NULL);
  if (current_method (self) == VIREO_INSTALL_METHOD_PXE && mode == VIREO_NETWORK_MODE_NONE)
    {
      g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NETWORK,
                           _("Network: a network boot (PXE) needs a network connection; choose a virtual "
                             "network with PXE or a host bridge."));
      return FALSE;
    }
  return TRUE;
}

static void
update_name_check (VireoNewVmSummaryPage *self)
{
  g_autoptr (GError) error = NULL;

  if (!check_name (self, &error))
    vireo_new_vm_page_set_error_label (self->name_error, error);
  else
    vireo_new_vm_page_set_error_label (self->name_error, NULL);

  g_clear_error (&error);
  if (!check_mac (self, &error) || !check_pxe_network (self, &error))
    vireo_new_vm_page_set_error_label (self->network_error, error);
  else
    vireo_new_vm_page_set_error_label (self->network_error, NULL);
}

static void
update_summary (VireoNewVmSummaryPage *self)
{
  g_autofree char *media = NULL, *url = NULL, *disk_path = NULL, *pool = NULL, *format = NULL;
  g_autofree char *source = NULL, *text = NULL;
  const VireoOsDevices *devices = vireo_install_plan_get_os_devices (self->plan);
  guint memory, vcpus, size;
  VireoStorageMode storage;
  VireoNetworkMode network;
  gboolean express;
  g_auto (GStrv) warnings = NULL;

  g_object_get (self->plan, "media-path", &media, "tree-url", &url, "disk-path", &disk_path,
                "pool-name", &pool, "disk-format", &format, "memory-mib", &memory, "vcpus", &vcpus,
                "disk-size-gib", &size, "storage-mode", &storage, "network-mode", &network,
                "network-source", &source, NULL);

  adw_action_row_set_subtitle (self->sum_os, devices->name != NULL ? devices->name : _("Generic"));
  switch (current_method (self))
    {
    case VIREO_INSTALL_METHOD_ISO:
      text = g_strdup_printf (_("Local media %s"), media);
      break;
    case VIREO_INSTALL_METHOD_URL:
      text = g_strdup_printf (_("Install tree %s"), url);
      break;
    case VIREO_INSTALL_METHOD_PXE:
      text = g_strdup (_("Network boot (PXE)"));
      break;
    case VIREO_INSTALL_METHOD_IMPORT:
      text = g_strdup_printf (_("Imported disk image %s"), disk_path);
      break;
    case VIREO_INSTALL_METHOD_MANUAL:
    default:
      text = g_strdup (_("Manual: no install media"));
      break;
    }
  adw_action_row_set_subtitle (self->sum_media, text);
  g_free (text);

  text = g_strdup_printf (ngettext ("%u MiB, %u virtual CPU", "%u MiB, %u virtual CPUs", vcpus), memory, vcpus);
  adw_action_row_set_subtitle (self->sum_resources, text);
  g_free (text);

  if (storage == VIREO_STORAGE_MODE_NEW_VOLUME)
    text = g_strdup_printf (_("New %u GiB %s disk “%s” in pool “%s”"), size, format,
                            vireo_install_plan_get_effective_volume_name (self->plan), pool);
  else if (storage == VIREO_STORAGE_MODE_EXISTING)
    text = g_strdup_printf (_("Existing disk %s"), disk_path);
  else
    text = g_strdup (_("No disk"));
  adw_action_row_set_subtitle (self->sum_disk, text);
  g_free (text);

  switch (network)
    {
    case VIREO_NETWORK_MODE_NETWORK:
      text = g_strdup_printf (_("Virtual network “%s”"), source);
      break;
    case VIREO_NETWORK_MODE_BRIDGE:
      text = g_strdup_printf (_("Host bridge %s"), source);
      break;
    case VIREO_NETWORK_MODE_DIRECT:
      text = g_strdup_printf (_("Host device %s: macvtap"), source);
      break;
    case VIREO_NETWORK_MODE_USER:
      text = g_strdup (_("User-mode networking"));
      break;
    case VIREO_NETWORK_MODE_NONE:
    default:
      text = g_strdup (_("None"));
      break;
    }
  adw_action_row_set_subtitle (self->sum_network, text);
  g_free (text);
  text = NULL;

  /* who the installer makes, never their password */
  g_object_get (self->plan, "express-install", &express, NULL);
  if (express)
    {
      g_autofree char *login = NULL;
      g_autofree char *key = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *hostname = vireo_express_install_effective_hostname (self->plan);

      g_object_get (self->plan, "user-login", &login, "product-key", &key, NULL);
      /* the key's last group only, as Windows shows it */
      if (key != NULL && strlen (key) == 29)
        /* Translators: the express install's user name, the guest's hostname,
         * then the last five characters of the Windows product key */
        text = g_strdup_printf (_("As %s, hostname %s, product key ending in %s"), login, hostname, key + 24);
      else
        /* Translators: the express install's user name, then the guest's hostname */
        text = g_strdup_printf (_("As %s, hostname %s"), login, hostname);
      if (key != NULL)
        memset (key, 0, strlen (key));
      /* the subtitle is markup: the answers are the person's text */
      shown = g_markup_escape_text (text, -1);
      adw_action_row_set_subtitle (self->sum_express, shown);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sum_express), express);

  warnings = vireo_install_plan_get_warnings (self->plan);
  if (warnings != NULL && warnings[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv ("\n", warnings);

      gtk_label_set_text (GTK_LABEL (self->warnings_label), joined);
      gtk_widget_set_visible (self->warnings_label, TRUE);
    }
  else
    gtk_widget_set_visible (self->warnings_label, FALSE);
}

static void
firmware_selected_cb (AdwComboRow           *row,
                      GParamSpec            *pspec,
                      VireoNewVmSummaryPage *self)
{
  if (!self->updating)
    g_object_set (self->plan, "firmware",
                  adw_combo_row_get_selected (row) == 1 ? VIREO_FIRMWARE_UEFI : VIREO_FIRMWARE_BIOS,
                  NULL);
}

static void
customize_cb (VireoNewVmSummaryPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMIZE]);
}

/* -- the plan's changes ------------------------------------------------------ */

/* the plan chose a firmware (libosinfo's recommendation, say): the row follows */
static void
plan_firmware_cb (VireoNewVmSummaryPage *self)
{
  VireoFirmware firmware;

  g_object_get (self->plan, "firmware", &firmware, NULL);
  self->updating = TRUE;
  adw_combo_row_set_selected (self->firmware_row, firmware == VIREO_FIRMWARE_UEFI ? 1 : 0);
  self->updating = FALSE;
}

/* a name typed (not suggested) stays */
static void
plan_name_cb (VireoNewVmSummaryPage *self)
{
  if (!self->setting_name)
    self->name_edited = TRUE;
}

static void
watch_plan (VireoNewVmSummaryPage *self)
{
  static const char *const firmware[] = { "notify::firmware", "notify::os-devices", "notify::uefi-available",
                                          "notify::bios-available", "notify::xen-pv", "notify::virt-type" };

  g_signal_connect_object (self->plan, "notify::name", G_CALLBACK (plan_name_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plan, "notify::firmware", G_CALLBACK (plan_firmware_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (firmware); i++)
    g_signal_connect_object (self->plan, firmware[i], G_CALLBACK (update_firmware), self, G_CONNECT_SWAPPED);
  /* another operating system: another suggested name */
  g_signal_connect_object (self->plan, "notify::os-devices", G_CALLBACK (suggest_name), self, G_CONNECT_SWAPPED);
}

/* -- VireoNewVmPage ---------------------------------------------------------- */

static void
summary_page_show_error (VireoNewVmPage *page,
                         const GError   *error)
{
  vireo_new_vm_page_set_error_label (VIREO_NEW_VM_SUMMARY_PAGE (page)->finish_error, error);
}

static gboolean
summary_page_is_ready (VireoNewVmPage *page)
{
  VireoNewVmSummaryPage *self = VIREO_NEW_VM_SUMMARY_PAGE (page);

  return !gtk_widget_get_visible (self->name_error) && !gtk_widget_get_visible (self->network_error)
         && !gtk_widget_get_visible (self->firmware_error) && !gtk_widget_get_visible (self->network_inactive_row);
}

static void
summary_page_shown (VireoNewVmPage *page)
{
  VireoNewVmSummaryPage *self = VIREO_NEW_VM_SUMMARY_PAGE (page);

  update_name_check (self);
  update_summary (self);
}

static void
page_iface_init (VireoNewVmPageInterface *iface)
{
  iface->show_error = summary_page_show_error;
  iface->is_ready = summary_page_is_ready;
  iface->shown = summary_page_shown;
}

/* -- public ------------------------------------------------------------------ */

void
vireo_new_vm_summary_page_set_host_caps (VireoNewVmSummaryPage *self,
                                         VireoHostCaps         *caps)
{
  g_return_if_fail (VIREO_IS_NEW_VM_SUMMARY_PAGE (self));
  g_return_if_fail (caps != NULL);

  vireo_host_caps_ref (caps);
  g_clear_pointer (&self->caps, vireo_host_caps_unref);
  self->caps = caps;
  fill_networks (self, NULL);
  update_firmware (self);
}

gboolean
vireo_new_vm_summary_page_check (VireoNewVmSummaryPage *self,
                                 GError               **error)
{
  g_return_val_if_fail (VIREO_IS_NEW_VM_SUMMARY_PAGE (self), FALSE);

  return check_name (self, error) && check_mac (self, error);
}

void
vireo_new_vm_summary_page_update_checks (VireoNewVmSummaryPage *self)
{
  g_return_if_fail (VIREO_IS_NEW_VM_SUMMARY_PAGE (self));

  update_name_check (self);
}

void
vireo_new_vm_summary_page_update_summary (VireoNewVmSummaryPage *self)
{
  g_return_if_fail (VIREO_IS_NEW_VM_SUMMARY_PAGE (self));

  update_summary (self);
}

gboolean
vireo_new_vm_summary_page_is_changing_plan (VireoNewVmSummaryPage *self)
{
  g_return_val_if_fail (VIREO_IS_NEW_VM_SUMMARY_PAGE (self), FALSE);

  return self->setting_name || self->refreshing;
}

void
vireo_new_vm_summary_page_show_network_error (VireoNewVmSummaryPage *self,
                                              const GError          *error)
{
  g_return_if_fail (VIREO_IS_NEW_VM_SUMMARY_PAGE (self));

  vireo_new_vm_page_set_error_label (self->network_error, error);
}

void
vireo_new_vm_summary_page_clear_errors (VireoNewVmSummaryPage *self)
{
  g_return_if_fail (VIREO_IS_NEW_VM_SUMMARY_PAGE (self));

  vireo_new_vm_page_set_error_label (self->finish_error, NULL);
  vireo_new_vm_page_set_error_label (self->network_error, NULL);
  vireo_new_vm_page_set_error_label (self->firmware_error, NULL);
}

gboolean
vireo_new_vm_summary_page_get_customize (VireoNewVmSummaryPage *self)
{
  g_return_val_if_fail (VIREO_IS_NEW_VM_SUMMARY_PAGE (self), FALSE);

  return gtk_switch_get_active (GTK_SWITCH (self->customize_switch));
}

/* -- object ------------------------------------------------------------------ */

static void
set_connection (VireoNewVmSummaryPage *self,
                VireoConnection       *connection)
{
  if (!g_set_object (&self->connection, connection))
    return;
  if (self->host_networks != NULL)
    g_signal_handlers_disconnect_by_func (self->host_networks, host_networks_changed_cb, self);
  g_clear_object (&self->host_networks);
  /* until the new host's facts come */
  g_clear_pointer (&self->caps, vireo_host_caps_unref);
  if (connection != NULL)
    {
      self->host_networks = vireo_host_networks_get (connection);
      g_signal_connect_object (self->host_networks, "changed", G_CALLBACK (host_networks_changed_cb), self,
                               G_CONNECT_SWAPPED);
      suggest_name (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

static void
vireo_new_vm_summary_page_constructed (GObject *object)
{
  VireoNewVmSummaryPage *self = VIREO_NEW_VM_SUMMARY_PAGE (object);

  G_OBJECT_CLASS (vireo_new_vm_summary_page_parent_class)->constructed (object);

  g_assert (self->plan != NULL);
  g_object_bind_property (self->plan, "name", self->name_row, "text",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->plan, "mac", self->mac_row, "text",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  watch_plan (self);
}

static void
vireo_new_vm_summary_page_dispose (GObject *object)
{
  VireoNewVmSummaryPage *self = VIREO_NEW_VM_SUMMARY_PAGE (object);

  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  if (self->host_networks != NULL)
    g_signal_handlers_disconnect_by_data (self->host_networks, self);
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_NEW_VM_SUMMARY_PAGE);
  g_clear_object (&self->plan);
  g_clear_object (&self->connection);
  g_clear_object (&self->host_networks);
  g_clear_pointer (&self->caps, vireo_host_caps_unref);

  G_OBJECT_CLASS (vireo_new_vm_summary_page_parent_class)->dispose (object);
}

static void
vireo_new_vm_summary_page_finalize (GObject *object)
{
  VireoNewVmSummaryPage *self = VIREO_NEW_VM_SUMMARY_PAGE (object);

  g_clear_object (&self->cancellable);
  g_array_unref (self->network_choices);

  G_OBJECT_CLASS (vireo_new_vm_summary_page_parent_class)->finalize (object);
}

static void
vireo_new_vm_summary_page_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  VireoNewVmSummaryPage *self = VIREO_NEW_VM_SUMMARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_CUSTOMIZE:
      g_value_set_boolean (value, vireo_new_vm_summary_page_get_customize (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_new_vm_summary_page_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  VireoNewVmSummaryPage *self = VIREO_NEW_VM_SUMMARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      self->plan = g_value_dup_object (value);
      break;
    case PROP_CONNECTION:
      set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_new_vm_summary_page_class_init (VireoNewVmSummaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vireo_new_vm_summary_page_constructed;
  object_class->dispose = vireo_new_vm_summary_page_dispose;
  object_class->finalize = vireo_new_vm_summary_page_finalize;
  object_class->get_property = vireo_new_vm_summary_page_get_property;
  object_class->set_property = vireo_new_vm_summary_page_set_property;

  properties[PROP_PLAN] =
      g_param_spec_object ("plan", NULL, NULL, VIREO_TYPE_INSTALL_PLAN,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* the chosen connection (names taken, networks, starting a network) */
  properties[PROP_CONNECTION] =
      g_param_spec_object ("connection", NULL, NULL, VIREO_TYPE_CONNECTION,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMIZE] =
      g_param_spec_boolean ("customize", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-new-vm-summary-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoNewVmSummaryPage, name)
  BIND (name_row);
  BIND (name_rule);
  BIND (name_error);
  BIND (network_row);
  BIND (device_row);
  BIND (network_inactive_row);
  BIND (mac_row);
  BIND (firmware_row);
  BIND (firmware_error);
  BIND (network_error);
  BIND (sum_os);
  BIND (sum_media);
  BIND (sum_resources);
  BIND (sum_disk);
  BIND (sum_network);
  BIND (sum_express);
  BIND (warnings_label);
  BIND (customize_switch);
  BIND (finish_error);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, customize_cb);
  gtk_widget_class_bind_template_callback (widget_class, device_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, firmware_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, network_selected_cb);

  gtk_widget_class_install_action (widget_class, "summary.start-network", NULL, start_network_action);
}

static void
vireo_new_vm_summary_page_init (VireoNewVmSummaryPage *self)
{
  g_autoptr (GtkListItemFactory) network_factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->network_choices = g_array_new (FALSE, TRUE, sizeof (NetworkChoice));
  g_array_set_clear_func (self->network_choices, (GDestroyNotify) network_choice_clear);

  /* the network list's rows */
  g_signal_connect (network_factory, "setup", G_CALLBACK (network_item_setup_cb), NULL);
  g_signal_connect (network_factory, "bind", G_CALLBACK (network_item_bind_cb), NULL);
  adw_combo_row_set_factory (self->network_row, network_factory);

  gtk_label_set_text (GTK_LABEL (self->name_rule), vireo_install_plan_name_rule ());
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->name_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->name_rule, NULL, -1);
}
