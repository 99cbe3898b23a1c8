/* vireo-add-hardware-wizard.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kinds on the left (vireo_device_builder_get_kinds), a page on the
 * right: disks and CD-ROMs, NICs, and one page of option rows for every
 * other kind (each kind shows the rows it uses). The defaults come from the
 * host's domain capabilities and the VM's OS (vireo_device_spec_init_defaults);
 * the answers become a VireoDeviceSpec, the core writes the XML. Finish:
 * the saved definition, the device added to it, a new volume created when
 * asked, then vireo_domain_apply_config_async (hot-plug on a running VM):
 * vireo-add-hardware-wizard-finish.c. This file: the pages and the object.
 */
#define G_LOG_DOMAIN "vireo-add-hardware-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-add-hardware-wizard-private.h"
#include "vireo-device-builder.h"
#include "vireo-host-caps.h"
#include "vireo-host-devices.h"
#include "vireo-host-resources.h"
#include "vireo-new-vm-page.h"


static const Choice disk_sources[] = {
  { "new", N_("New image in a pool") },
  { "path", N_("Existing file or device") },
  { NULL, NULL },
};
static const Choice cdrom_sources[] = {
  { "none", N_("No media") },
  { "path", N_("ISO image or drive") },
  { NULL, NULL },
};
const Choice _vireo_add_hardware_wizard_disk_buses[] = {
  { "virtio", N_("VirtIO") }, { "sata", N_("SATA") }, { "scsi", N_("SCSI") },
  { "usb", N_("USB") },       { "ide", N_("IDE") },   { NULL, NULL },
};
const Choice _vireo_add_hardware_wizard_formats[] = {
  { "qcow2", N_("QCOW2") },
  { "raw", N_("Raw") },
  { NULL, NULL },
};
const Choice _vireo_add_hardware_wizard_nic_types[] = {
  { "network", N_("Virtual network") },
  { "bridge", N_("Bridge device") },
  { "direct", N_("Macvtap (host device)") },
  { "user", N_("Usermode networking") },
  { NULL, NULL },
};
const Choice _vireo_add_hardware_wizard_nic_models[] = {
  { "virtio", N_("VirtIO") }, { "e1000e", N_("e1000e") },   { "e1000", N_("e1000") },
  { "rtl8139", N_("rtl8139") },
  /* on the VM's USB bus: unplugged at once, with no help from the guest */
  { "usb-net", N_("USB network adapter") }, { NULL, NULL },
};
static const Choice input_types[] = {
  { "tablet", N_("Tablet") },
  { "mouse", N_("Mouse") },
  { "keyboard", N_("Keyboard") },
  { NULL, NULL },
};
static const Choice input_buses[] = {
  { "usb", N_("USB") },
  { "virtio", N_("VirtIO") },
  { "ps2", N_("PS/2") },
  { NULL, NULL },
};
static const Choice graphics_types[] = {
  { "spice", N_("SPICE") },
  { "vnc", N_("VNC") },
  { NULL, NULL },
};
static const Choice sound_models[] = {
  { "ich9", N_("HDA (ICH9)") },
  { "ich6", N_("HDA (ICH6)") },
  { "ac97", N_("AC97") },
  { NULL, NULL },
};
static const Choice video_models[] = {
  { "virtio", N_("VirtIO") }, { "qxl", N_("QXL") },     { "vga", N_("VGA") },
  { "bochs", N_("Bochs") },   { NULL, NULL },
};
static const Choice watchdog_models[] = {
  { "i6300esb", N_("Intel 6300ESB") },
  { "ib700", N_("IB700") },
  { NULL, NULL },
};
static const Choice watchdog_actions[] = {
  { "reset", N_("Reset the VM") },
  { "shutdown", N_("Shut down gracefully") },
  { "poweroff", N_("Force off") },
  { "pause", N_("Pause") },
  { "none", N_("Do nothing") },
  { "dump", N_("Dump the memory") },
  { "inject-nmi", N_("Send a non-maskable interrupt") },
  { NULL, NULL },
};
static const Choice tpm_models[] = {
  { "tpm-crb", N_("CRB") },
  { "tpm-tis", N_("TIS") },
  { NULL, NULL },
};
static const Choice panic_models[] = {
  { "isa", N_("ISA (pvpanic)") },
  { "hyperv", N_("Hyper-V") },
  { NULL, NULL },
};
static const Choice channel_types[] = {
  { "qemu-ga", N_("QEMU guest agent") },
  { "spice-vdagent", N_("SPICE agent") },
  { NULL, NULL },
};
static const Choice filesystem_types[] = {
  { "virtiofs", N_("virtiofs (turns on shared memory)") },
  { "9p", N_("9p (needs nothing more)") },
  { NULL, NULL },
};


G_DEFINE_FINAL_TYPE (VireoAddHardwareWizard, vireo_add_hardware_wizard, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_DOMAIN, PROP_BUSY, PROP_ERROR, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { DEVICE_ADDED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
_vireo_add_hardware_wizard_emit_device_added (VireoAddHardwareWizard *self, const char *xml)
{
  g_signal_emit (self, signals[DEVICE_ADDED], 0, xml);
}

/* -- helpers ------------------------------------------------------------- */

static void
set_choices (AdwComboRow   *row,
             const Choice  *choices,
             const char    *selected,
             const Choice **store)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint position = 0;

  for (guint i = 0; choices[i].value != NULL; i++)
    {
      gtk_string_list_append (list, _(choices[i].label));
      if (g_strcmp0 (choices[i].value, selected) == 0)
        position = i;
    }
  if (store != NULL)
    *store = choices;
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (row, position);
}

const char *
_vireo_add_hardware_wizard_choice_id (AdwComboRow *row, const Choice *choices)
{
  guint selected = adw_combo_row_get_selected (row);

  if (choices == NULL || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  for (guint i = 0; choices[i].value != NULL; i++)
    if (i == selected)
      return choices[i].value;
  return NULL;
}

static void
set_row_title (AdwPreferencesRow *row, const char *title)
{
  adw_preferences_row_set_title (row, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

void
_vireo_add_hardware_wizard_set_error (VireoAddHardwareWizard *self, const char *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  /* plain text: the label does not take markup */
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
update_actions (VireoAddHardwareWizard *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.finish", !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_list), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page_stack), !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

void
_vireo_add_hardware_wizard_set_busy (VireoAddHardwareWizard *self, gboolean busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_vireo_add_hardware_wizard_set_applying (VireoAddHardwareWizard *self, gboolean applying)
{
  self->applying = applying;
  /* a close now would leave a new volume without its disk: it waits */
  gtk_window_set_deletable (GTK_WINDOW (self), !applying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.cancel", !applying);
}

static gboolean
vireo_add_hardware_wizard_close_request (GtkWindow *window)
{
  VireoAddHardwareWizard *self = VIREO_ADD_HARDWARE_WIZARD (window);

  if (self->applying)
    return TRUE; /* refused: Finish ends first (it closes the window when the device is added) */
  if (GTK_WINDOW_CLASS (vireo_add_hardware_wizard_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (vireo_add_hardware_wizard_parent_class)->close_request (window);
  return FALSE;
}

/* the VM's own domain capabilities (its emulator, architecture, machine
 * type), not the host's default ones */
const char *
_vireo_add_hardware_wizard_domain_caps_xml (VireoAddHardwareWizard *self)
{
  return self->vm_domain_caps_xml;
}

/* -- the pages ------------------------------------------------------------ */

static void pick_volume_name (VireoAddHardwareWizard *self);

static const char *
first_network (VireoAddHardwareWizard *self)
{
  if (self->caps != NULL && self->caps->networks != NULL)
    {
      for (guint i = 0; i < self->caps->networks->len; i++)
        {
          VireoNetworkFacts *net = g_ptr_array_index (self->caps->networks, i);

          if (g_strcmp0 (net->name, "default") == 0)
            return net->name;
        }
      if (self->caps->networks->len > 0)
        return ((VireoNetworkFacts *) g_ptr_array_index (self->caps->networks, 0))->name;
    }
  return "default";
}

static const char *
first_interface (VireoAddHardwareWizard *self, VireoInterfaceKind kind)
{
  if (self->caps != NULL && self->caps->interfaces != NULL)
    for (guint i = 0; i < self->caps->interfaces->len; i++)
      {
        VireoInterfaceFacts *iface = g_ptr_array_index (self->caps->interfaces, i);

        if (iface->kind == kind)
          return iface->name;
      }
  return "";
}

static void
disk_source_changed_cb (VireoAddHardwareWizard *self)
{
  const char *source = _vireo_add_hardware_wizard_choice_id (self->disk_source_row,
                                                          self->disk_source_choices);
  gboolean is_new = g_strcmp0 (source, "new") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->pool_row), is_new);
  gtk_widget_set_visible (GTK_WIDGET (self->volume_row), is_new);
  gtk_widget_set_visible (GTK_WIDGET (self->size_row), is_new);
  gtk_widget_set_visible (GTK_WIDGET (self->path_row), g_strcmp0 (source, "path") == 0);
}

static void
nic_type_changed_cb (VireoAddHardwareWizard *self)
{
  const char *type = _vireo_add_hardware_wizard_choice_id (self->nic_type_row,
                                                        _vireo_add_hardware_wizard_nic_types);
  AdwPreferencesRow *row = ADW_PREFERENCES_ROW (self->nic_source_row);
  GtkEditable *entry = GTK_EDITABLE (self->nic_source_row);

  gtk_widget_set_visible (GTK_WIDGET (row), g_strcmp0 (type, "user") != 0);
  if (g_strcmp0 (type, "network") == 0)
    {
      set_row_title (row, _("Virtual Network"));
      gtk_editable_set_text (entry, first_network (self));
    }
  else if (g_strcmp0 (type, "bridge") == 0)
    {
      set_row_title (row, _("Bridge"));
      gtk_editable_set_text (entry, first_interface (self, VIREO_INTERFACE_BRIDGE));
    }
  else if (g_strcmp0 (type, "direct") == 0)
    {
      set_row_title (row, _("Host Device"));
      gtk_editable_set_text (entry, first_interface (self, VIREO_INTERFACE_DEVICE));
    }
}

static void
fill_pools (VireoAddHardwareWizard *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0;

  if (self->caps != NULL && self->caps->pools != NULL)
    for (guint i = 0; i < self->caps->pools->len; i++)
      {
        VireoPoolFacts *pool = g_ptr_array_index (self->caps->pools, i);

        gtk_string_list_append (list, pool->name);
        if (g_strcmp0 (pool->name, "default") == 0)
          selected = i;
      }
  adw_combo_row_set_model (self->pool_row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (self->pool_row, selected);
}

static void
fill_host_devices (VireoAddHardwareWizard *self, VireoHostDeviceType type)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->shown_devices, 0);
  for (guint i = 0; self->host_devices != NULL && i < self->host_devices->len; i++)
    {
      VireoHostDevice *device = g_ptr_array_index (self->host_devices, i);

      if (device->type != type)
        continue;
      g_ptr_array_add (self->shown_devices, device);
      if (device->used_by != NULL)
        {
          g_autofree char *name = vireo_display_name_isolate (device->used_by);
          /* TRANSLATORS: a host PCI device, then the VM that has it */
          g_autofree char *text = g_strdup_printf (_("%s (used by %s)"), device->description, name);

          gtk_string_list_append (list, text);
        }
      else
        gtk_string_list_append (list, device->description);
    }
  adw_combo_row_set_model (self->host_device_row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (self->host_device_row, 0);
}

typedef struct
{
  VireoAddHardwareWizard *self; /* owned */
  char                   *pool;
  guint                   listing;
} VolumeListing;

static void
volume_listing_free (VolumeListing *listing)
{
  g_object_unref (listing->self);
  g_free (listing->pool);
  g_free (listing);
}

static const char *
selected_pool (VireoAddHardwareWizard *self)
{
  GtkStringObject *pool = adw_combo_row_get_selected_item (self->pool_row);

  return pool != NULL ? gtk_string_object_get_string (pool) : NULL;
}

static void
pool_volumes_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VolumeListing *listing = user_data;
  VireoAddHardwareWizard *self = listing->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) volumes = vireo_connection_list_volumes_finish (VIREO_CONNECTION (object),
                                                                       result, &error);
  g_autoptr(GPtrArray) taken = g_ptr_array_new ();
  g_autofree char *name = NULL;

  if (volumes == NULL || listing->listing != self->volume_listing || self->domain == NULL
      || g_strcmp0 (selected_pool (self), listing->pool) != 0
      || g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->volume_row)), self->auto_volume) != 0)
    {
      /* cancelled, a later listing, another pool, or a name the person typed */
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("no volumes of %s: %s", listing->pool, error->message);
      volume_listing_free (listing);
      return;
    }
  for (guint i = 0; i < volumes->len; i++)
    g_ptr_array_add (taken, ((VireoVolumeFacts *) g_ptr_array_index (volumes, i))->name);
  g_ptr_array_add (taken, NULL);
  name = vireo_device_builder_free_volume_name (vireo_domain_get_name (self->domain), "qcow2",
                                                (const char *const *) taken->pdata);
  g_free (self->auto_volume);
  self->auto_volume = g_strdup (name);
  gtk_editable_set_text (GTK_EDITABLE (self->volume_row), name);
  volume_listing_free (listing);
}

/* a new volume's name no volume of the chosen pool has (unless the person
 * typed one) */
static void
pick_volume_name (VireoAddHardwareWizard *self)
{
  VolumeListing *listing;
  const char *pool = selected_pool (self);

  if (self->kind != VIREO_DEVICE_KIND_DISK || pool == NULL)
    return;
  listing = g_new0 (VolumeListing, 1);
  listing->self = g_object_ref (self);
  listing->pool = g_strdup (pool);
  listing->listing = ++self->volume_listing;
  vireo_connection_list_volumes_async (vireo_domain_get_connection (self->domain), pool,
                                       self->cancellable, pool_volumes_cb, listing);
}

static const char *
kind_name (VireoDeviceKind kind)
{
  guint n_kinds = 0;
  const VireoDeviceKindInfo *kinds = vireo_device_builder_get_kinds (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    if (kinds[i].kind == kind)
      return _(kinds[i].name);
  return "";
}

static void
show_options (VireoAddHardwareWizard *self, const VireoDeviceSpec *spec)
{
  const char *description = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->host_device_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->type_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->model_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->bus_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->action_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->source_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->tag_row), FALSE);
  self->type_choices = self->model_choices = self->bus_choices = self->action_choices = NULL;

#define SHOW_CHOICES(row, choices, value, store) \
  G_STMT_START \
    { \
      set_choices (self->row, choices, value, &self->store); \
      gtk_widget_set_visible (GTK_WIDGET (self->row), TRUE); \
    } \
  G_STMT_END

  switch ((int) spec->kind)
    {
    case VIREO_DEVICE_KIND_INPUT:
      SHOW_CHOICES (type_row, input_types, spec->type, type_choices);
      SHOW_CHOICES (bus_row, input_buses, spec->bus, bus_choices);
      break;
    case VIREO_DEVICE_KIND_GRAPHICS:
      SHOW_CHOICES (type_row, graphics_types, spec->type, type_choices);
      description = _("A display the console connects to.");
      break;
    case VIREO_DEVICE_KIND_SOUND:
      SHOW_CHOICES (model_row, sound_models, spec->model, model_choices);
      break;
    case VIREO_DEVICE_KIND_VIDEO:
      SHOW_CHOICES (model_row, video_models, spec->model, model_choices);
      break;
    case VIREO_DEVICE_KIND_WATCHDOG:
      SHOW_CHOICES (model_row, watchdog_models, spec->model, model_choices);
      SHOW_CHOICES (action_row, watchdog_actions, spec->action, action_choices);
      description = _("What happens when the guest stops answering the watchdog.");
      break;
    case VIREO_DEVICE_KIND_RNG:
      set_row_title (ADW_PREFERENCES_ROW (self->source_row), _("Host Device"));
      gtk_editable_set_text (GTK_EDITABLE (self->source_row), spec->source);
      gtk_widget_set_visible (GTK_WIDGET (self->source_row), TRUE);
      description = _("A VirtIO random number generator fed from the host.");
      break;
    case VIREO_DEVICE_KIND_TPM:
      SHOW_CHOICES (model_row, tpm_models, spec->model, model_choices);
      description = _("An emulated TPM 2.0 (swtpm).");
      break;
    case VIREO_DEVICE_KIND_PANIC:
      SHOW_CHOICES (model_row, panic_models, spec->model, model_choices);
      description = _("Lets the host know when the guest crashes.");
      break;
    case VIREO_DEVICE_KIND_CHANNEL:
      SHOW_CHOICES (type_row, channel_types, spec->type, type_choices);
      break;
    case VIREO_DEVICE_KIND_FILESYSTEM:
      SHOW_CHOICES (type_row, filesystem_types, spec->type, type_choices);
      set_row_title (ADW_PREFERENCES_ROW (self->source_row), _("Shared Folder"));
      gtk_editable_set_text (GTK_EDITABLE (self->source_row), "");
      gtk_widget_set_visible (GTK_WIDGET (self->source_row), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->tag_row), "");
      gtk_widget_set_visible (GTK_WIDGET (self->tag_row), TRUE);
      description = _("A host folder the guest mounts by its tag. virtiofs needs the VM’s "
                      "memory shared: it is turned on too, from the next start of the VM. 9p "
                      "needs nothing more.");
      break;
    case VIREO_DEVICE_KIND_HOSTDEV_USB:
    case VIREO_DEVICE_KIND_HOSTDEV_PCI:
      fill_host_devices (self, spec->kind == VIREO_DEVICE_KIND_HOSTDEV_USB ? VIREO_HOST_DEVICE_USB
                                                                          : VIREO_HOST_DEVICE_PCI);
      gtk_widget_set_visible (GTK_WIDGET (self->host_device_row), TRUE);
      if (self->shown_devices->len == 0)
        description = _("The host has no device of this kind to give.");
      break;
    case VIREO_DEVICE_KIND_SERIAL:
      description = _("A serial port on a pseudo-terminal of the host.");
      break;
    case VIREO_DEVICE_KIND_CONSOLE:
      description = _("A VirtIO console on a pseudo-terminal of the host.");
      break;
    case VIREO_DEVICE_KIND_SMARTCARD:
      description = _("A smartcard reader passed through the SPICE display.");
      break;
    case VIREO_DEVICE_KIND_REDIRDEV:
      description = _("A USB port the SPICE display redirects the client’s USB devices to.");
      break;
    case VIREO_DEVICE_KIND_VSOCK:
      description = _("A VirtIO socket to the host, with an automatic address.");
      break;
    default:
      break;
    }
#undef SHOW_CHOICES

  adw_preferences_group_set_title (self->options_group, kind_name (spec->kind));
  adw_preferences_group_set_description (self->options_group, description);
}

static void
show_kind (VireoAddHardwareWizard *self, VireoDeviceKind kind)
{
  VireoDeviceSpec spec;

  self->kind = kind;
  _vireo_add_hardware_wizard_set_error (self, NULL);
  vireo_device_spec_init_defaults (&spec, kind, _vireo_add_hardware_wizard_domain_caps_xml (self),
                                   self->os);

  switch ((int) kind)
    {
    case VIREO_DEVICE_KIND_DISK:
    case VIREO_DEVICE_KIND_CDROM:
      {
        gboolean cdrom = kind == VIREO_DEVICE_KIND_CDROM;
        g_autofree char *volume = vireo_device_builder_free_volume_name (vireo_domain_get_name (self->domain),
                                                                         "qcow2", NULL);

        adw_preferences_group_set_title (self->disk_group, kind_name (kind));
        set_choices (self->disk_source_row, cdrom ? cdrom_sources : disk_sources, NULL,
                     &self->disk_source_choices);
        set_choices (self->disk_bus_row, _vireo_add_hardware_wizard_disk_buses, spec.bus, NULL);
        set_choices (self->cache_row, vireo_device_builder_cache_modes, "", NULL);
        set_choices (self->format_row, _vireo_add_hardware_wizard_formats, spec.format, NULL);
        gtk_widget_set_visible (GTK_WIDGET (self->format_row), !cdrom);
        g_free (self->auto_volume);
        self->auto_volume = g_strdup (volume);
        gtk_editable_set_text (GTK_EDITABLE (self->volume_row), volume);
        gtk_editable_set_text (GTK_EDITABLE (self->path_row), "");
        fill_pools (self);
        pick_volume_name (self);
        disk_source_changed_cb (self);
        gtk_stack_set_visible_child_name (self->page_stack, "disk");
      }
      break;
    case VIREO_DEVICE_KIND_INTERFACE:
      {
        g_autofree char *mac = vireo_mac_address_generate ();

        set_choices (self->nic_type_row, _vireo_add_hardware_wizard_nic_types, spec.type, NULL);
        set_choices (self->nic_model_row, _vireo_add_hardware_wizard_nic_models, spec.model, NULL);
        gtk_editable_set_text (GTK_EDITABLE (self->mac_row), mac);
        nic_type_changed_cb (self);
        gtk_stack_set_visible_child_name (self->page_stack, "nic");
      }
      break;
    default:
      show_options (self, &spec);
      gtk_stack_set_visible_child_name (self->page_stack, "options");
      break;
    }
}

static void
kind_selected_cb (VireoAddHardwareWizard *self, GtkListBoxRow *row)
{
  guint n_kinds = 0;
  const VireoDeviceKindInfo *kinds = vireo_device_builder_get_kinds (&n_kinds);
  int index;

  if (row == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index >= 0 && (guint) index < n_kinds)
    show_kind (self, kinds[index].kind);
}

static void
browse_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  VireoAddHardwareWizard *self = VIREO_ADD_HARDWARE_WIZARD (widget);
  gboolean cdrom = self->kind == VIREO_DEVICE_KIND_CDROM;

  vireo_new_vm_page_browse (widget, GTK_WIDGET (self->path_row),
                            cdrom ? _("Choose an ISO Image") : _("Choose a Disk Image"), cdrom);
}

static void
volume_chosen_cb (GtkWidget *browser, const char *path, gpointer user_data)
{
  VireoAddHardwareWizard *self = VIREO_ADD_HARDWARE_WIZARD (user_data);

  gtk_editable_set_text (GTK_EDITABLE (self->path_row), path);
}

static void
choose_volume_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  VireoAddHardwareWizard *self = VIREO_ADD_HARDWARE_WIZARD (widget);

  vireo_new_vm_page_open_pool_browser (widget, vireo_domain_get_connection (self->domain),
                                       _("Choose a Volume"), G_CALLBACK (volume_chosen_cb));
}

static void
cancel_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* -- what the host and the OS suggest --------------------------------------- */

static void
loaded_one (VireoAddHardwareWizard *self)
{
  g_assert (self->n_loading > 0);
  if (--self->n_loading > 0)
    return;
  _vireo_add_hardware_wizard_set_busy (self, FALSE);
  show_kind (self, self->kind);
}

static void
caps_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoAddHardwareWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  VireoHostCaps *caps = vireo_connection_get_host_caps_finish (VIREO_CONNECTION (object), result,
                                                               &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("no host facts: %s", error->message);
  self->caps = caps;
  loaded_one (self);
}

static void
host_devices_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoAddHardwareWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *devices = vireo_connection_list_host_devices_finish (VIREO_CONNECTION (object),
                                                                  result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("no host devices: %s", error->message);
  if (devices != NULL)
    {
      g_clear_pointer (&self->host_devices, g_ptr_array_unref);
      self->host_devices = devices;
    }
  loaded_one (self);
}

static void
osdb_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoAddHardwareWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  VireoOsDatabase *osdb = VIREO_OS_DATABASE (object);

  if (!vireo_os_database_load_finish (osdb, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    }
  else
    self->os = vireo_os_database_get_devices (osdb, vireo_domain_get_os_id (self->domain), NULL,
                                              NULL);
  loaded_one (self);
}

static void
vm_caps_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoAddHardwareWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  char *xml = vireo_connection_get_domain_caps_finish (VIREO_CONNECTION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("no domain capabilities for the VM: %s", error->message);
  g_free (self->vm_domain_caps_xml);
  self->vm_domain_caps_xml = xml;
  loaded_one (self);
}

static void
vm_config_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoAddHardwareWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoDomainConfig) config = vireo_domain_get_config_finish (VIREO_DOMAIN (object),
                                                                        result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (config == NULL)
    {
      g_debug ("no definition: %s", error->message);
      loaded_one (self);
      return;
    }
  vireo_connection_get_domain_caps_async (vireo_domain_get_connection (self->domain), config,
                                          self->cancellable, vm_caps_cb, g_object_ref (self));
}

static void
load_facts (VireoAddHardwareWizard *self)
{
  VireoConnection *connection = vireo_domain_get_connection (self->domain);

  _vireo_add_hardware_wizard_set_busy (self, TRUE);
  self->n_loading = 3;
  vireo_domain_get_config_async (self->domain, FALSE, self->cancellable, vm_config_cb,
                                 g_object_ref (self));
  vireo_connection_get_host_caps_async (connection, self->cancellable, caps_cb,
                                        g_object_ref (self));
  vireo_connection_list_host_devices_async (connection, vireo_domain_get_uuid (self->domain),
                                            self->cancellable, host_devices_cb,
                                            g_object_ref (self));
  if (vireo_domain_get_os_id (self->domain) != NULL)
    {
      self->n_loading++;
      vireo_os_database_load_async (vireo_os_database_get_default (), self->cancellable, osdb_cb,
                                    g_object_ref (self));
    }
}

/* -- the object ------------------------------------------------------------- */

static GtkWidget *
kind_row_new (const VireoDeviceKindInfo *info)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name (info->icon_name);
  GtkWidget *label = gtk_label_new (_(info->name));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(info->name), -1);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(info->name), -1);
  return row;
}

static void
vireo_add_hardware_wizard_constructed (GObject *object)
{
  VireoAddHardwareWizard *self = VIREO_ADD_HARDWARE_WIZARD (object);
  guint n_kinds = 0;
  const VireoDeviceKindInfo *kinds = vireo_device_builder_get_kinds (&n_kinds);
  g_autofree char *title = NULL;

  G_OBJECT_CLASS (vireo_add_hardware_wizard_parent_class)->constructed (object);

  g_assert (VIREO_IS_DOMAIN (self->domain));
  {
    g_autofree char *name = vireo_display_name_isolate (vireo_domain_get_name (self->domain));

    /* TRANSLATORS: the window's title: the VM's name */
    title = g_strdup_printf (_("Add Hardware to %s"), name);
    gtk_window_set_title (GTK_WINDOW (self), title);
    adw_window_title_set_subtitle (self->window_title, name);
  }
  /* the file chooser sees this computer's files: only for a local host */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.browse",
                                 vireo_new_vm_page_connection_is_local (
                                     vireo_domain_get_connection (self->domain)));
  for (guint i = 0; i < n_kinds; i++)
    gtk_list_box_append (self->kind_list, kind_row_new (&kinds[i]));
  self->kind = kinds[0].kind;
  gtk_list_box_select_row (self->kind_list, gtk_list_box_get_row_at_index (self->kind_list, 0));
  load_facts (self);
}

static void
vireo_add_hardware_wizard_dispose (GObject *object)
{
  VireoAddHardwareWizard *self = VIREO_ADD_HARDWARE_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_ADD_HARDWARE_WIZARD);
  g_clear_object (&self->config);
  g_clear_object (&self->domain);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->caps, vireo_host_caps_unref);
  g_clear_pointer (&self->os, vireo_os_devices_free);
  g_clear_pointer (&self->shown_devices, g_ptr_array_unref);
  g_clear_pointer (&self->host_devices, g_ptr_array_unref);

  G_OBJECT_CLASS (vireo_add_hardware_wizard_parent_class)->dispose (object);
}

static void
vireo_add_hardware_wizard_finalize (GObject *object)
{
  VireoAddHardwareWizard *self = VIREO_ADD_HARDWARE_WIZARD (object);

  g_free (self->error);
  g_free (self->device_xml);
  g_free (self->new_pool);
  g_free (self->new_volume);
  g_free (self->new_format);
  g_free (self->failure);
  g_free (self->mac);
  g_free (self->disk_path);
  g_free (self->vm_domain_caps_xml);
  g_free (self->auto_volume);

  G_OBJECT_CLASS (vireo_add_hardware_wizard_parent_class)->finalize (object);
}

static void
vireo_add_hardware_wizard_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  VireoAddHardwareWizard *self = VIREO_ADD_HARDWARE_WIZARD (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_add_hardware_wizard_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  VireoAddHardwareWizard *self = VIREO_ADD_HARDWARE_WIZARD (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      self->domain = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_add_hardware_wizard_class_init (VireoAddHardwareWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vireo_add_hardware_wizard_constructed;
  object_class->dispose = vireo_add_hardware_wizard_dispose;
  object_class->finalize = vireo_add_hardware_wizard_finalize;
  object_class->get_property = vireo_add_hardware_wizard_get_property;
  object_class->set_property = vireo_add_hardware_wizard_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = vireo_add_hardware_wizard_close_request;

  properties[PROP_DOMAIN] =
      g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                    | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                    | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* the new device's XML */
  signals[DEVICE_ADDED] = g_signal_new ("device-added", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/vireo-add-hardware-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, kind_list);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, page_stack);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, spinner);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, finish_button);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, disk_group);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, disk_source_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, pool_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, volume_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, size_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, size_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, path_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, disk_bus_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, cache_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, format_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, nic_type_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, nic_source_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, nic_model_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, mac_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, options_group);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, host_device_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, type_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, model_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, bus_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, action_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, source_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareWizard, tag_row);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, disk_source_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, nic_type_changed_cb);

  gtk_widget_class_install_action (widget_class, "wizard.finish", NULL,
                                   _vireo_add_hardware_wizard_finish_activated);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "wizard.browse", NULL, browse_activated);
  gtk_widget_class_install_action (widget_class, "wizard.choose-volume", NULL,
                                   choose_volume_activated);
}

static void
vireo_add_hardware_wizard_init (VireoAddHardwareWizard *self)
{
  self->cancellable = g_cancellable_new ();
  self->shown_devices = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->pool_row, "notify::selected", G_CALLBACK (pick_volume_name), self);
}

GtkWidget *
vireo_add_hardware_wizard_new (GtkWindow *parent, VireoDomain *domain)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  return g_object_new (VIREO_TYPE_ADD_HARDWARE_WIZARD, "transient-for", parent, "domain", domain,
                       NULL);
}

void
vireo_add_hardware_wizard_select_kind (VireoAddHardwareWizard *self, VireoDeviceKind kind)
{
  guint n_kinds = 0;
  const VireoDeviceKindInfo *kinds = vireo_device_builder_get_kinds (&n_kinds);

  g_return_if_fail (VIREO_IS_ADD_HARDWARE_WIZARD (self));

  for (guint i = 0; i < n_kinds; i++)
    if (kinds[i].kind == kind)
      gtk_list_box_select_row (self->kind_list, gtk_list_box_get_row_at_index (self->kind_list, i));
}

const char *
vireo_add_hardware_wizard_get_error (VireoAddHardwareWizard *self)
{
  g_return_val_if_fail (VIREO_IS_ADD_HARDWARE_WIZARD (self), NULL);

  return self->error;
}

void
_vireo_add_hardware_wizard_set_image_access_func (VireoAddHardwareWizard *self,
                                                  gpointer                func)
{
  g_return_if_fail (VIREO_IS_ADD_HARDWARE_WIZARD (self));

  self->access_func = (VireoImageAccessFunc) func;
}

gboolean
vireo_add_hardware_wizard_get_busy (VireoAddHardwareWizard *self)
{
  g_return_val_if_fail (VIREO_IS_ADD_HARDWARE_WIZARD (self), FALSE);

  return self->busy;
}
