/* vireo-details-nic-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-nic-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-nic-page.h"

struct _VireoDetailsNicPage
{
  VireoDetailsPage parent_instance;

  AdwComboRow *type_row;
  AdwEntryRow *source_row;
  AdwComboRow *model_row;
  AdwEntryRow *mac_row;
  GtkSwitch *link_switch;

  /* as loaded, as shown */
  char *type;
  char *source;
  char *mac;
};

G_DEFINE_FINAL_TYPE (VireoDetailsNicPage, vireo_details_nic_page, VIREO_TYPE_DETAILS_PAGE)

static const VireoDetailsChoice types[] = {
  { "network", N_ ("Virtual network") },
  { "bridge", N_ ("Bridge device") },
  { "direct", N_ ("Host device (macvtap)") },
  { "user", N_ ("Usermode networking") },
  { NULL, NULL },
};

static const VireoDetailsChoice models[] = {
  { "", N_ ("Hypervisor default") },
  { "virtio", N_ ("VirtIO") },
  { "e1000e", "e1000e" },
  { "e1000", "e1000" },
  { "rtl8139", "rtl8139" },
  { "ne2k_pci", "ne2k_pci" },
  { "pcnet", "pcnet" },
  { NULL, NULL },
};

/* the attribute of <source> that names what @type connects to */
static const char *
source_path (const char *type)
{
  if (g_strcmp0 (type, "network") == 0)
    return "source/@network";
  if (g_strcmp0 (type, "bridge") == 0)
    return "source/@bridge";
  if (g_strcmp0 (type, "direct") == 0)
    return "source/@dev";
  return NULL;
}

static void
update_source_row (VireoDetailsNicPage *self)
{
  const char *type = vireo_details_combo_get_value (self->type_row);

  gtk_widget_set_visible (GTK_WIDGET (self->source_row), source_path (type) != NULL);
  if (g_strcmp0 (type, "network") == 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->source_row), _ ("Network name"));
  else if (g_strcmp0 (type, "bridge") == 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->source_row), _ ("Bridge name"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->source_row), _ ("Host device name"));
}

static void
changed_cb (VireoDetailsNicPage *self)
{
  update_source_row (self);
  vireo_details_page_changed (VIREO_DETAILS_PAGE (self));
}

static void
vireo_details_nic_page_load (VireoDetailsPage  *page,
                             VireoDomainConfig *config,
                             VireoDevice       *device)
{
  VireoDetailsNicPage *self = VIREO_DETAILS_NIC_PAGE (page);
  g_autofree char *type = vireo_device_get (device, "@type");
  g_autofree char *source = NULL;
  g_autofree char *model = vireo_device_get (device, "model/@type");
  g_autofree char *mac = vireo_device_get (device, "mac/@address");
  g_autofree char *link = vireo_device_get (device, "link/@state");

  if (source_path (type) != NULL)
    source = vireo_device_get (device, source_path (type));
  g_free (self->type);
  self->type = vireo_details_bounded_text (type);
  g_free (self->source);
  self->source = vireo_details_bounded_text (source);
  g_free (self->mac);
  self->mac = vireo_details_bounded_text (mac);

  vireo_details_combo_set_value (self->type_row, self->type);
  gtk_editable_set_text (GTK_EDITABLE (self->source_row), self->source);
  vireo_details_combo_set_value (self->model_row, model);
  gtk_editable_set_text (GTK_EDITABLE (self->mac_row), self->mac);
  gtk_switch_set_active (self->link_switch, g_strcmp0 (link, "down") != 0);
  update_source_row (self);
}

static gboolean
vireo_details_nic_page_commit (VireoDetailsPage  *page,
                               VireoDomainConfig *config,
                               VireoDevice       *device,
                               GError           **error)
{
  VireoDetailsNicPage *self = VIREO_DETAILS_NIC_PAGE (page);
  const char *type = vireo_details_combo_get_value (self->type_row);
  const char *source = vireo_details_entry_get_value (GTK_EDITABLE (self->source_row));
  const char *mac = vireo_details_entry_get_value (GTK_EDITABLE (self->mac_row));
  g_autofree char *link = vireo_device_get (device, "link/@state");
  gboolean up = gtk_switch_get_active (self->link_switch);

  if (source_path (type) == NULL)
    source = NULL;
  if (g_strcmp0 (mac ? mac : "", self->mac) != 0)
    {
      if (mac == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _ ("A network interface needs a MAC address. Type one, such as "
                                  "52:54:00:12:34:56."));
          return FALSE;
        }
      if (!vireo_mac_address_is_valid (mac, error) || !vireo_device_set_mac (device, mac, error))
        return FALSE;
    }
  if (g_strcmp0 (type ? type : "", self->type) != 0 ||
      g_strcmp0 (source ? source : "", self->source) != 0)
    {
      if (source_path (type) != NULL && source == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _ ("Type the name of the network, bridge or host device the "
                                  "interface connects to."));
          return FALSE;
        }
      if (!vireo_device_set_nic_source (device, type, source, error))
        return FALSE;
    }
  if (!vireo_details_device_update (device, "model/@type",
                                    vireo_details_combo_get_value (self->model_row), error))
    return FALSE;
  /* no <link>: the link is up */
  if (up != (g_strcmp0 (link, "down") != 0) &&
      !vireo_device_set (device, "link/@state", up ? "up" : "down", error))
    return FALSE;
  return TRUE;
}

static void
vireo_details_nic_page_finalize (GObject *object)
{
  VireoDetailsNicPage *self = VIREO_DETAILS_NIC_PAGE (object);

  g_free (self->type);
  g_free (self->source);
  g_free (self->mac);

  G_OBJECT_CLASS (vireo_details_nic_page_parent_class)->finalize (object);
}

static void
vireo_details_nic_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIREO_TYPE_DETAILS_NIC_PAGE);

  G_OBJECT_CLASS (vireo_details_nic_page_parent_class)->dispose (object);
}

static void
vireo_details_nic_page_class_init (VireoDetailsNicPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VireoDetailsPageClass *page_class = VIREO_DETAILS_PAGE_CLASS (klass);

  object_class->dispose = vireo_details_nic_page_dispose;
  object_class->finalize = vireo_details_nic_page_finalize;
  page_class->load = vireo_details_nic_page_load;
  page_class->commit = vireo_details_nic_page_commit;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/details/vireo-details-nic-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsNicPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsNicPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsNicPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsNicPage, mac_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsNicPage, link_switch);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
vireo_details_nic_page_init (VireoDetailsNicPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vireo_details_combo_init (self->type_row, types);
  vireo_details_combo_init (self->model_row, models);
  self->type = g_strdup ("");
  self->source = g_strdup ("");
  self->mac = g_strdup ("");
}

GtkWidget *
vireo_details_nic_page_new (void)
{
  return g_object_new (VIREO_TYPE_DETAILS_NIC_PAGE, NULL);
}
