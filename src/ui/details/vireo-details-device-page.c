/* vireo-details-device-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-device-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-device-page.h"

typedef struct
{
  const char *path;  /* vireo_device_get's path */
  const char *title; /* N_() */
} Field;

#define N_FIELDS 6

typedef struct
{
  VireoDeviceKind kind;
  Field fields[N_FIELDS];
} KindFields;

/* what virt-manager shows of each kind */
static const KindFields kind_fields[] = {
  { VIREO_DEVICE_KIND_INPUT, { { "@type", N_ ("Type") }, { "@bus", N_ ("Bus") } } },
  { VIREO_DEVICE_KIND_SOUND, { { "@model", N_ ("Model") } } },
  { VIREO_DEVICE_KIND_AUDIO, { { "@type", N_ ("Type") }, { "@id", N_ ("Identifier") } } },
  { VIREO_DEVICE_KIND_SERIAL,
    { { "@type", N_ ("Type") }, { "source/@path", N_ ("Source path") },
      { "target/@type", N_ ("Target type") }, { "target/@port", N_ ("Port") } } },
  { VIREO_DEVICE_KIND_PARALLEL,
    { { "@type", N_ ("Type") }, { "source/@path", N_ ("Source path") },
      { "target/@port", N_ ("Port") } } },
  { VIREO_DEVICE_KIND_CONSOLE,
    { { "@type", N_ ("Type") }, { "target/@type", N_ ("Target type") },
      { "target/@port", N_ ("Port") } } },
  { VIREO_DEVICE_KIND_CHANNEL,
    { { "@type", N_ ("Type") }, { "target/@type", N_ ("Target type") },
      { "target/@name", N_ ("Target name") }, { "source/@path", N_ ("Source path") } } },
  { VIREO_DEVICE_KIND_HOSTDEV_USB,
    { { "source/vendor/@id", N_ ("Vendor") }, { "source/product/@id", N_ ("Product") } } },
  { VIREO_DEVICE_KIND_HOSTDEV_PCI,
    { { "source/address/@domain", N_ ("PCI domain") }, { "source/address/@bus", N_ ("PCI bus") },
      { "source/address/@slot", N_ ("PCI slot") }, { "source/address/@function", N_ ("PCI function") },
      { "@managed", N_ ("Managed") } } },
  { VIREO_DEVICE_KIND_HOSTDEV_OTHER, { { "@type", N_ ("Type") }, { "@mode", N_ ("Mode") } } },
  { VIREO_DEVICE_KIND_WATCHDOG, { { "@model", N_ ("Model") }, { "@action", N_ ("Action") } } },
  { VIREO_DEVICE_KIND_CONTROLLER,
    { { "@type", N_ ("Type") }, { "@model", N_ ("Model") }, { "@index", N_ ("Index") },
      { "@ports", N_ ("Ports") } } },
  { VIREO_DEVICE_KIND_FILESYSTEM,
    { { "@type", N_ ("Type") }, { "driver/@type", N_ ("Driver") },
      { "@accessmode", N_ ("Access mode") }, { "source/@dir", N_ ("Source path") },
      { "target/@dir", N_ ("Target path") } } },
  { VIREO_DEVICE_KIND_SMARTCARD, { { "@mode", N_ ("Mode") }, { "@type", N_ ("Type") } } },
  { VIREO_DEVICE_KIND_REDIRDEV, { { "@bus", N_ ("Bus") }, { "@type", N_ ("Type") } } },
  { VIREO_DEVICE_KIND_TPM,
    { { "@model", N_ ("Model") }, { "backend/@type", N_ ("Backend") },
      { "backend/@version", N_ ("Version") }, { "backend/device/@path", N_ ("Device path") } } },
  { VIREO_DEVICE_KIND_RNG,
    { { "@model", N_ ("Model") }, { "backend/@model", N_ ("Backend") },
      { "backend", N_ ("Host device") }, { "rate/@bytes", N_ ("Rate (bytes)") },
      { "rate/@period", N_ ("Rate period (ms)") } } },
  { VIREO_DEVICE_KIND_PANIC, { { "@model", N_ ("Model") } } },
  { VIREO_DEVICE_KIND_VSOCK,
    { { "@model", N_ ("Model") }, { "cid/@auto", N_ ("Automatic address") },
      { "cid/@address", N_ ("Guest address (CID)") } } },
  { VIREO_DEVICE_KIND_MEMBALLOON,
    { { "@model", N_ ("Model") }, { "stats/@period", N_ ("Statistics period (s)") },
      { "@autodeflate", N_ ("Deflate on out of memory") } } },
  { VIREO_DEVICE_KIND_HUB, { { "@type", N_ ("Type") } } },
  { VIREO_DEVICE_KIND_SHMEM,
    { { "@name", N_ ("Name") }, { "model/@type", N_ ("Model") }, { "size", N_ ("Size") } } },
  { VIREO_DEVICE_KIND_IOMMU, { { "@model", N_ ("Model") }, { "driver/@intremap", N_ ("Interrupt remapping") } } },
  { VIREO_DEVICE_KIND_MEMORY,
    { { "@model", N_ ("Model") }, { "target/size", N_ ("Size") }, { "target/node", N_ ("NUMA node") } } },
  { VIREO_DEVICE_KIND_LEASE,
    { { "lockspace", N_ ("Lock space") }, { "key", N_ ("Key") }, { "target/@path", N_ ("Target path") } } },
};

struct _VireoDetailsDevicePage
{
  VireoDetailsPage parent_instance;

  AdwPreferencesGroup *attributes_group;

  const KindFields *fields; /* NULL: a kind without a table (its XML tab only) */
  GtkWidget *rows[N_FIELDS];
};

G_DEFINE_FINAL_TYPE (VireoDetailsDevicePage, vireo_details_device_page, VIREO_TYPE_DETAILS_PAGE)

static void
changed_cb (VireoDetailsDevicePage *self)
{
  vireo_details_page_changed (VIREO_DETAILS_PAGE (self));
}

static void
vireo_details_device_page_load (VireoDetailsPage  *page,
                                VireoDomainConfig *config,
                                VireoDevice       *device)
{
  VireoDetailsDevicePage *self = VIREO_DETAILS_DEVICE_PAGE (page);

  for (guint i = 0; self->fields != NULL && i < G_N_ELEMENTS (self->rows); i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *shown = NULL;

      if (self->rows[i] == NULL)
        continue;
      value = vireo_device_get (device, self->fields->fields[i].path);
      shown = vireo_details_bounded_text (value);
      gtk_editable_set_text (GTK_EDITABLE (self->rows[i]), shown);
    }
}

static gboolean
vireo_details_device_page_commit (VireoDetailsPage  *page,
                                  VireoDomainConfig *config,
                                  VireoDevice       *device,
                                  GError           **error)
{
  VireoDetailsDevicePage *self = VIREO_DETAILS_DEVICE_PAGE (page);

  /* (an edit of the XML tab is the base class's) */
  for (guint i = 0; self->fields != NULL && i < G_N_ELEMENTS (self->rows); i++)
    if (self->rows[i] != NULL &&
        !vireo_details_device_update (device, self->fields->fields[i].path,
                                      vireo_details_entry_get_value (GTK_EDITABLE (self->rows[i])),
                                      error))
      return FALSE;
  return TRUE;
}

static void
vireo_details_device_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIREO_TYPE_DETAILS_DEVICE_PAGE);

  G_OBJECT_CLASS (vireo_details_device_page_parent_class)->dispose (object);
}

static void
vireo_details_device_page_class_init (VireoDetailsDevicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VireoDetailsPageClass *page_class = VIREO_DETAILS_PAGE_CLASS (klass);

  object_class->dispose = vireo_details_device_page_dispose;
  page_class->load = vireo_details_device_page_load;
  page_class->commit = vireo_details_device_page_commit;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/details/vireo-details-device-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsDevicePage, attributes_group);
}

static void
vireo_details_device_page_init (VireoDetailsDevicePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vireo_details_device_page_new (VireoDeviceKind kind)
{
  VireoDetailsDevicePage *self = g_object_new (VIREO_TYPE_DETAILS_DEVICE_PAGE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kind_fields); i++)
    if (kind_fields[i].kind == kind)
      self->fields = &kind_fields[i];

  if (self->fields == NULL)
    adw_preferences_group_set_description (self->attributes_group,
                                           _ ("Vireo has no settings of its own for this kind of "
                                              "device: its XML tab shows and edits it."));
  for (guint i = 0; self->fields != NULL && i < G_N_ELEMENTS (self->rows); i++)
    {
      if (self->fields->fields[i].path == NULL)
        break;
      self->rows[i] = g_object_new (ADW_TYPE_ENTRY_ROW, "title", _ (self->fields->fields[i].title), NULL);
      g_signal_connect_object (self->rows[i], "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->attributes_group, self->rows[i]);
    }
  return GTK_WIDGET (self);
}
