/* vireo-details-boot-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-boot-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-boot-row.h"
#include "vireo-details-page.h"

struct _VireoDetailsBootRow
{
  AdwActionRow parent_instance;

  GtkCheckButton *enabled_check;

  char *device_id;
};

G_DEFINE_FINAL_TYPE (VireoDetailsBootRow, vireo_details_boot_row, ADW_TYPE_ACTION_ROW)

enum
{
  SIGNAL_MOVE,
  SIGNAL_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
up_cb (VireoDetailsBootRow *self)
{
  g_signal_emit (self, signals[SIGNAL_MOVE], 0, -1);
}

static void
down_cb (VireoDetailsBootRow *self)
{
  g_signal_emit (self, signals[SIGNAL_MOVE], 0, 1);
}

static void
toggled_cb (VireoDetailsBootRow *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
vireo_details_boot_row_finalize (GObject *object)
{
  VireoDetailsBootRow *self = VIREO_DETAILS_BOOT_ROW (object);

  g_free (self->device_id);

  G_OBJECT_CLASS (vireo_details_boot_row_parent_class)->finalize (object);
}

static void
vireo_details_boot_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIREO_TYPE_DETAILS_BOOT_ROW);

  G_OBJECT_CLASS (vireo_details_boot_row_parent_class)->dispose (object);
}

static void
vireo_details_boot_row_class_init (VireoDetailsBootRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_details_boot_row_dispose;
  object_class->finalize = vireo_details_boot_row_finalize;

  signals[SIGNAL_MOVE] = g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                       NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/details/vireo-details-boot-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsBootRow, enabled_check);
  gtk_widget_class_bind_template_callback (widget_class, up_cb);
  gtk_widget_class_bind_template_callback (widget_class, down_cb);
  gtk_widget_class_bind_template_callback (widget_class, toggled_cb);
}

static void
vireo_details_boot_row_init (VireoDetailsBootRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vireo_details_boot_row_new (const char *device_id, const char *title, const char *icon_name, gboolean enabled)
{
  VireoDetailsBootRow *self;
  g_autofree char *shown = vireo_details_bounded_text (title);
  g_autofree char *label = NULL;

  g_return_val_if_fail (device_id != NULL, NULL);

  self = g_object_new (VIREO_TYPE_DETAILS_BOOT_ROW, "use-markup", FALSE, "title", shown,
                       "icon-name", icon_name, NULL);
  self->device_id = g_strdup (device_id);
  gtk_check_button_set_active (self->enabled_check, enabled);
  /* Translators: the check box of a device in the boot order; %s is its name, e.g. "VirtIO Disk 1" */
  label = g_strdup_printf (_ ("Boot from %s"), shown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->enabled_check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  return GTK_WIDGET (self);
}

const char *
vireo_details_boot_row_get_device_id (VireoDetailsBootRow *self)
{
  g_return_val_if_fail (VIREO_IS_DETAILS_BOOT_ROW (self), NULL);

  return self->device_id;
}

gboolean
vireo_details_boot_row_get_enabled (VireoDetailsBootRow *self)
{
  g_return_val_if_fail (VIREO_IS_DETAILS_BOOT_ROW (self), FALSE);

  return gtk_check_button_get_active (self->enabled_check);
}
