/* vireo-details-disk-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-disk-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-disk-page.h"
#include "vireo-host-caps.h"
#include "vireo-host-resources.h"
#include "vireo-new-vm-page.h"
#include "vireo-pool-browser.h"

/* tests: the access check every disk page uses (NULL: the real one, local only) */
static VireoImageAccessFunc test_access_func;

struct _VireoDetailsDiskPage
{
  VireoDetailsPage parent_instance;

  AdwEntryRow *source_row;
  GtkButton *eject_button;
  GtkLabel *target_label;
  GtkLabel *format_label;
  AdwComboRow *bus_row;
  AdwComboRow *cache_row;
  AdwComboRow *io_row;
  AdwComboRow *discard_row;
  GtkSwitch *readonly_switch;
  GtkSwitch *shareable_switch;
  AdwEntryRow *serial_row;
  AdwActionRow *size_row;
  GtkLabel *size_label;
  GtkButton *file_button;
  GtkButton *browse_button;

  VireoConnection *connection; /* owned, NULL without one */
  GCancellable *cancellable;   /* the lookups of the loaded disk */
  char *source;                /* as loaded, as shown */
  char *bus;                   /* as loaded */
  char *machine;               /* the VM's machine type, as loaded */
  GStrv supported_buses;       /* from the domain capabilities; NULL: unknown */
  guint updating_buses : 1;
};

G_DEFINE_FINAL_TYPE (VireoDetailsDiskPage, vireo_details_disk_page, VIREO_TYPE_DETAILS_PAGE)

static const VireoDetailsChoice buses[] = {
  { "", N_ ("Hypervisor default") },
  { "virtio", N_ ("VirtIO") },
  { "sata", N_ ("SATA") },
  { "scsi", N_ ("SCSI") },
  { "usb", N_ ("USB") },
  { "ide", N_ ("IDE") },
  { "fdc", N_ ("Floppy controller") },
  { "xen", N_ ("Xen") },
  { NULL, NULL },
};

/* what a person reads for @bus */
static const char *
bus_label (const char *bus)
{
  for (guint i = 0; buses[i].label != NULL; i++)
    if (g_strcmp0 (buses[i].value, bus) == 0)
      return _ (buses[i].label);
  return bus;
}

/* the cache modes as Add Hardware words them: the core's one table (a
 * VireoDeviceChoice is laid out as a VireoDetailsChoice) */
G_STATIC_ASSERT (sizeof (VireoDeviceChoice) == sizeof (VireoDetailsChoice));
#define caches ((const VireoDetailsChoice *) vireo_device_builder_cache_modes)

static const VireoDetailsChoice io_modes[] = {
  { "", N_ ("Hypervisor default") },
  { "native", N_ ("Native") },
  { "threads", N_ ("Threads") },
  { "io_uring", N_ ("io_uring") },
  { NULL, NULL },
};

static const VireoDetailsChoice discards[] = {
  { "", N_ ("Hypervisor default") },
  { "ignore", N_ ("Ignore") },
  { "unmap", N_ ("Unmap") },
  { NULL, NULL },
};

static void
changed_cb (VireoDetailsDiskPage *self)
{
  if (self->updating_buses)
    return;
  vireo_details_page_changed (VIREO_DETAILS_PAGE (self));
}

static gboolean
bus_supported (VireoDetailsDiskPage *self, const char *bus)
{
  return self->supported_buses == NULL || (bus != NULL && g_strv_contains ((const char * const *) self->supported_buses, bus));
}

/* the bus combo offers the buses the machine supports, and the disk's own
 * and the chosen one whatever they are */
static void
update_bus_choices (VireoDetailsDiskPage *self)
{
  GtkStringList *model = GTK_STRING_LIST (adw_combo_row_get_model (self->bus_row));
  g_autofree char *chosen = g_strdup (vireo_details_combo_get_value (self->bus_row));
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) values = NULL;

  for (guint i = 0; buses[i].label != NULL; i++)
    {
      const char *value = buses[i].value;

      if ((*value == '\0' && self->bus == NULL) ||
          (*value != '\0' && (bus_supported (self, value) || g_strcmp0 (value, self->bus) == 0 ||
                               g_strcmp0 (value, chosen) == 0)))
        g_strv_builder_add (builder, value);
    }
  values = g_strv_builder_end (builder);
  self->updating_buses = TRUE;
  gtk_string_list_splice (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)),
                          (const char * const *) values);
  vireo_details_combo_set_value (self->bus_row, chosen != NULL ? chosen : self->bus);
  self->updating_buses = FALSE;
}

static void
domain_caps_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = vireo_connection_get_domain_caps_finish (VIREO_CONNECTION (object), result, &error);
  VireoDetailsDiskPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VIREO_DETAILS_DISK_PAGE (user_data);
  g_clear_pointer (&self->supported_buses, g_strfreev);
  /* a host that does not say: every bus is offered, libvirt checks it */
  self->supported_buses = vireo_host_resources_parse_disk_buses (xml);
  update_bus_choices (self);
}

static void
show_volume (VireoDetailsDiskPage *self, const VireoVolumeFacts *facts)
{
  g_autofree char *capacity = NULL;
  g_autofree char *allocation = NULL;
  g_autofree char *name = NULL;
  g_autofree char *pool = NULL;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->size_row), facts != NULL);
  if (facts == NULL)
    return;
  capacity = g_format_size (facts->capacity);
  allocation = g_format_size (facts->allocation);
  name = vireo_details_bounded_text (facts->name);
  pool = vireo_details_bounded_text (facts->pool);
  gtk_label_set_text (self->size_label, capacity);
  /* Translators: the first %s is a size ("3.2 GB"), then a volume's and a storage pool's names */
  subtitle = g_strdup_printf (_ ("%s used on the host · volume “%s” of the pool “%s”"), allocation, name,
                              pool);
  adw_action_row_set_subtitle (self->size_row, subtitle);
}

static void
lookup_volume_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  VireoVolumeFacts *facts = vireo_connection_lookup_volume_finish (VIREO_CONNECTION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_volume (VIREO_DETAILS_DISK_PAGE (user_data), facts);
  vireo_volume_facts_free (facts);
}

/* -- choosing the source ---------------------------------------------------- */

static void
volume_chosen_cb (VireoPoolBrowser *browser, const char *path, VireoDetailsDiskPage *self)
{
  if (path != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->source_row), path);
}

static void
browse_pools_cb (VireoDetailsDiskPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *browser;

  if (self->connection == NULL)
    return;
  browser = vireo_pool_browser_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->connection,
                                    _ ("Choose the Disk’s Storage Volume"));
  g_signal_connect_object (browser, "volume-chosen", G_CALLBACK (volume_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (browser));
}

static void
file_chosen_cb (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  VireoDetailsDiskPage *self = VIREO_DETAILS_DISK_PAGE (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->source_row), path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
browse_file_cb (VireoDetailsDiskPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_ ("Choose the Disk’s File"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Choose"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (file_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
eject_cb (VireoDetailsDiskPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->source_row), "");
}

static void
set_label (GtkLabel *label, const char *text)
{
  g_autofree char *shown = vireo_details_bounded_text (text);

  gtk_label_set_text (label, *shown != '\0' ? shown : _ ("None"));
}

static void
vireo_details_disk_page_load (VireoDetailsPage  *page,
                              VireoDomainConfig *config,
                              VireoDevice       *device)
{
  VireoDetailsDiskPage *self = VIREO_DETAILS_DISK_PAGE (page);
  VireoDeviceKind kind = vireo_device_get_kind (device);
  g_autofree char *source = vireo_device_dup_disk_source (device);
  g_autofree char *target = vireo_device_get (device, "target/@dev");
  g_autofree char *format = vireo_device_get (device, "driver/@type");
  g_autofree char *bus = vireo_device_get (device, "target/@bus");
  g_autofree char *cache = vireo_device_get (device, "driver/@cache");
  g_autofree char *io = vireo_device_get (device, "driver/@io");
  g_autofree char *discard = vireo_device_get (device, "driver/@discard");
  g_autofree char *readonly = vireo_device_get (device, "readonly");
  g_autofree char *shareable = vireo_device_get (device, "shareable");
  g_autofree char *serial = vireo_device_get (device, "serial");
  g_autofree char *serial_shown = vireo_details_bounded_text (serial);

  g_free (self->source);
  self->source = vireo_details_bounded_text (source);
  g_free (self->bus);
  self->bus = g_strdup (bus);
  g_free (self->machine);
  self->machine = g_strdup (vireo_domain_config_get_machine (config));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_volume (self, NULL);
  if (self->connection != NULL)
    {
      vireo_connection_get_domain_caps_async (self->connection, config, self->cancellable, domain_caps_cb,
                                              self);
      if (source != NULL)
        vireo_connection_lookup_volume_async (self->connection, source, self->cancellable,
                                              lookup_volume_cb, self);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->source_row), self->source);
  /* removable media: a CD-ROM or a floppy can be ejected, even while it runs */
  gtk_widget_set_visible (GTK_WIDGET (self->eject_button),
                          kind == VIREO_DEVICE_KIND_CDROM || kind == VIREO_DEVICE_KIND_FLOPPY);
  set_label (self->target_label, target);
  set_label (self->format_label, format);
  vireo_details_combo_set_value (self->bus_row, bus);
  update_bus_choices (self);
  vireo_details_combo_set_value (self->cache_row, cache);
  vireo_details_combo_set_value (self->io_row, io);
  vireo_details_combo_set_value (self->discard_row, discard);
  gtk_switch_set_active (self->readonly_switch, readonly != NULL);
  gtk_switch_set_active (self->shareable_switch, shareable != NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->serial_row), serial_shown);
}

static gboolean
vireo_details_disk_page_commit (VireoDetailsPage  *page,
                                VireoDomainConfig *config,
                                VireoDevice       *device,
                                GError           **error)
{
  VireoDetailsDiskPage *self = VIREO_DETAILS_DISK_PAGE (page);
  const char *source = vireo_details_entry_get_value (GTK_EDITABLE (self->source_row));
  const char *bus = vireo_details_combo_get_value (self->bus_row);
  gboolean new_source = g_strcmp0 (source ? source : "", self->source) != 0;

  if (new_source && source != NULL && *source == '/')
    {
      /* a path QEMU could not open: said now, not when the VM starts */
      VireoImageAccessFunc func = vireo_new_vm_page_access_func (test_access_func, self->connection);
      gboolean read_only = gtk_switch_get_active (self->readonly_switch) ||
                           vireo_device_get_kind (device) != VIREO_DEVICE_KIND_DISK;

      if (func != NULL && !func (source, !read_only, error))
        return FALSE;
    }
  if (new_source && !vireo_device_set_disk_source (device, source, NULL, NULL, error))
    return FALSE;
  if (bus != NULL && g_strcmp0 (bus, self->bus) != 0)
    {
      if (!bus_supported (self, bus))
        {
          g_autofree char *machine = vireo_details_bounded_text (self->machine);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       /* Translators: the first %s is a machine type ("pc-q35-7.2"), the second a bus ("IDE") */
                       _ ("The machine type “%s” of this virtual machine does not support disks on the %s "
                          "bus. Choose another bus."),
                       machine, bus_label (bus));
          return FALSE;
        }
      if (!vireo_device_set_disk_bus (device, bus, error))
        return FALSE;
    }
  return vireo_details_device_update (device, "driver/@cache",
                                      vireo_details_combo_get_value (self->cache_row), error) &&
         vireo_details_device_update (device, "driver/@io",
                                      vireo_details_combo_get_value (self->io_row), error) &&
         vireo_details_device_update (device, "driver/@discard",
                                      vireo_details_combo_get_value (self->discard_row), error) &&
         vireo_details_device_set_flag (device, "readonly",
                                        gtk_switch_get_active (self->readonly_switch), error) &&
         vireo_details_device_set_flag (device, "shareable",
                                        gtk_switch_get_active (self->shareable_switch), error) &&
         vireo_details_device_update (device, "serial",
                                      vireo_details_entry_get_value (GTK_EDITABLE (self->serial_row)),
                                      error);
}

static void
vireo_details_disk_page_finalize (GObject *object)
{
  VireoDetailsDiskPage *self = VIREO_DETAILS_DISK_PAGE (object);

  g_free (self->source);
  g_free (self->bus);
  g_free (self->machine);
  g_strfreev (self->supported_buses);

  G_OBJECT_CLASS (vireo_details_disk_page_parent_class)->finalize (object);
}

static void
vireo_details_disk_page_dispose (GObject *object)
{
  VireoDetailsDiskPage *self = VIREO_DETAILS_DISK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->connection);
  gtk_widget_dispose_template (GTK_WIDGET (object), VIREO_TYPE_DETAILS_DISK_PAGE);

  G_OBJECT_CLASS (vireo_details_disk_page_parent_class)->dispose (object);
}

static void
vireo_details_disk_page_class_init (VireoDetailsDiskPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VireoDetailsPageClass *page_class = VIREO_DETAILS_PAGE_CLASS (klass);

  object_class->dispose = vireo_details_disk_page_dispose;
  object_class->finalize = vireo_details_disk_page_finalize;
  page_class->load = vireo_details_disk_page_load;
  page_class->commit = vireo_details_disk_page_commit;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/details/vireo-details-disk-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, eject_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, target_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, format_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, bus_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, cache_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, io_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, discard_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, readonly_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, shareable_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, serial_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, size_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, size_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, file_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDiskPage, browse_button);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, eject_cb);
  gtk_widget_class_bind_template_callback (widget_class, browse_pools_cb);
  gtk_widget_class_bind_template_callback (widget_class, browse_file_cb);
}

static void
vireo_details_disk_page_init (VireoDetailsDiskPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vireo_details_combo_init (self->bus_row, buses);
  vireo_details_combo_init (self->cache_row, caches);
  vireo_details_combo_init (self->io_row, io_modes);
  vireo_details_combo_init (self->discard_row, discards);
  self->source = g_strdup ("");
  gtk_widget_set_visible (GTK_WIDGET (self->file_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->browse_button), FALSE);
}

GtkWidget *
vireo_details_disk_page_new (void)
{
  return g_object_new (VIREO_TYPE_DETAILS_DISK_PAGE, NULL);
}

void
vireo_details_disk_page_set_connection (VireoDetailsDiskPage *self,
                                        VireoConnection      *connection)
{
  g_return_if_fail (VIREO_IS_DETAILS_DISK_PAGE (self));
  g_return_if_fail (connection == NULL || VIREO_IS_CONNECTION (connection));

  g_set_object (&self->connection, connection);
  /* this machine's files are the host's only on a local connection */
  gtk_widget_set_visible (GTK_WIDGET (self->file_button),
                          connection != NULL && vireo_new_vm_page_connection_is_local (connection));
  gtk_widget_set_visible (GTK_WIDGET (self->browse_button), connection != NULL);
}

void
_vireo_details_disk_page_set_image_access_func (gpointer func)
{
  test_access_func = (VireoImageAccessFunc) func;
}
