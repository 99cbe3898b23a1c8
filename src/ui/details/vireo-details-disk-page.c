/* vireo-details-disk-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-disk-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-disk-page.h"

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

  char *source; /* as loaded, as shown */
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
  { "sd", N_ ("SD card") },
  { NULL, NULL },
};

static const VireoDetailsChoice caches[] = {
  { "", N_ ("Hypervisor default") },
  { "none", N_ ("None") },
  { "writethrough", N_ ("Write through") },
  { "writeback", N_ ("Write back") },
  { "directsync", N_ ("Direct sync") },
  { "unsafe", N_ ("Unsafe") },
  { NULL, NULL },
};

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
  vireo_details_page_changed (VIREO_DETAILS_PAGE (self));
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
  gtk_editable_set_text (GTK_EDITABLE (self->source_row), self->source);
  /* removable media: a CD-ROM or a floppy can be ejected, even while it runs */
  gtk_widget_set_visible (GTK_WIDGET (self->eject_button),
                          kind == VIREO_DEVICE_KIND_CDROM || kind == VIREO_DEVICE_KIND_FLOPPY);
  set_label (self->target_label, target);
  set_label (self->format_label, format);
  vireo_details_combo_set_value (self->bus_row, bus);
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

  if (g_strcmp0 (source ? source : "", self->source) != 0 &&
      !vireo_device_set_disk_source (device, source, NULL, NULL, error))
    return FALSE;
  return vireo_details_device_update (device, "target/@bus",
                                      vireo_details_combo_get_value (self->bus_row), error) &&
         vireo_details_device_update (device, "driver/@cache",
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

  G_OBJECT_CLASS (vireo_details_disk_page_parent_class)->finalize (object);
}

static void
vireo_details_disk_page_dispose (GObject *object)
{
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
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, eject_cb);
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
}

GtkWidget *
vireo_details_disk_page_new (void)
{
  return g_object_new (VIREO_TYPE_DETAILS_DISK_PAGE, NULL);
}
