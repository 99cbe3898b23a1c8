/* vireo-details-memory-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-memory-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-memory-page.h"

struct _VireoDetailsMemoryPage
{
  VireoDetailsPage parent_instance;

  AdwActionRow *memory_row;
  GtkSpinButton *memory_spin;     /* MiB */
  GtkSpinButton *max_memory_spin; /* MiB */

  /* as loaded (KiB): a value the person did not change is kept exactly */
  guint64 memory;
  guint64 max_memory;
};

G_DEFINE_FINAL_TYPE (VireoDetailsMemoryPage, vireo_details_memory_page, VIREO_TYPE_DETAILS_PAGE)

static void
changed_cb (VireoDetailsMemoryPage *self)
{
  vireo_details_page_changed (VIREO_DETAILS_PAGE (self));
}

static guint64
kib_to_mib (guint64 kib)
{
  return (kib + 1023) / 1024;
}

static void
vireo_details_memory_page_load (VireoDetailsPage  *page,
                                VireoDomainConfig *config,
                                VireoDevice       *device)
{
  VireoDetailsMemoryPage *self = VIREO_DETAILS_MEMORY_PAGE (page);

  self->memory = vireo_domain_config_get_memory (config);
  self->max_memory = vireo_domain_config_get_max_memory (config);
  gtk_spin_button_set_value (self->max_memory_spin, kib_to_mib (self->max_memory));
  gtk_spin_button_set_value (self->memory_spin, kib_to_mib (self->memory));
  /* the core makes such a change at the next start (vireo_domain_apply_config_async) */
  adw_action_row_set_subtitle (self->memory_row,
                               vireo_domain_config_has_balloon (config) ? ""
                               : _ ("This virtual machine has no memory balloon device: "
                                    "while it runs, a change takes effect after the next "
                                    "shut down"));
}

static gboolean
vireo_details_memory_page_commit (VireoDetailsPage  *page,
                                  VireoDomainConfig *config,
                                  VireoDevice       *device,
                                  GError           **error)
{
  VireoDetailsMemoryPage *self = VIREO_DETAILS_MEMORY_PAGE (page);
  guint64 memory_mib = (guint64) gtk_spin_button_get_value (self->memory_spin);
  guint64 max_mib = (guint64) gtk_spin_button_get_value (self->max_memory_spin);
  guint64 memory = memory_mib == kib_to_mib (self->memory) ? self->memory : memory_mib * 1024;
  guint64 max_memory = max_mib == kib_to_mib (self->max_memory) ? self->max_memory : max_mib * 1024;

  if (memory > max_memory)
    {
      /* the numbers as text: a G_GUINT64_FORMAT in a msgid does not reach the catalogue */
      g_autofree char *memory_text = g_strdup_printf ("%" G_GUINT64_FORMAT, memory_mib);
      g_autofree char *max_text = g_strdup_printf ("%" G_GUINT64_FORMAT, max_mib);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: the two numbers are MiB */
                   _ ("The current memory (%s MiB) cannot be more than the maximum (%s MiB). "
                      "Raise the maximum or lower the current memory."),
                   memory_text, max_text);
      return FALSE;
    }
  if (memory == self->memory && max_memory == self->max_memory)
    return TRUE;
  return vireo_domain_config_set_memory (config, memory, max_memory, error);
}

static void
vireo_details_memory_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIREO_TYPE_DETAILS_MEMORY_PAGE);

  G_OBJECT_CLASS (vireo_details_memory_page_parent_class)->dispose (object);
}

static void
vireo_details_memory_page_class_init (VireoDetailsMemoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VireoDetailsPageClass *page_class = VIREO_DETAILS_PAGE_CLASS (klass);

  object_class->dispose = vireo_details_memory_page_dispose;
  page_class->load = vireo_details_memory_page_load;
  page_class->commit = vireo_details_memory_page_commit;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/details/vireo-details-memory-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsMemoryPage, memory_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsMemoryPage, memory_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsMemoryPage, max_memory_spin);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
vireo_details_memory_page_init (VireoDetailsMemoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vireo_details_memory_page_new (void)
{
  return g_object_new (VIREO_TYPE_DETAILS_MEMORY_PAGE, NULL);
}
