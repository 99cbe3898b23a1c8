/* vireo-details-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-page.h"
#include "vireo-details-row.h"

struct _VireoDetailsRow
{
  GtkListBoxRow parent_instance;

  GtkImage *icon;
  GtkLabel *title_label;
  GtkImage *pending_icon;
  GtkImage *removed_icon;

  char *page_name;
  gboolean pending;
  gboolean removed;
};

G_DEFINE_FINAL_TYPE (VireoDetailsRow, vireo_details_row, GTK_TYPE_LIST_BOX_ROW)

static void
vireo_details_row_finalize (GObject *object)
{
  VireoDetailsRow *self = VIREO_DETAILS_ROW (object);

  g_free (self->page_name);

  G_OBJECT_CLASS (vireo_details_row_parent_class)->finalize (object);
}

static void
vireo_details_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIREO_TYPE_DETAILS_ROW);

  G_OBJECT_CLASS (vireo_details_row_parent_class)->dispose (object);
}

static void
vireo_details_row_class_init (VireoDetailsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_details_row_dispose;
  object_class->finalize = vireo_details_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/details/vireo-details-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsRow, icon);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsRow, pending_icon);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsRow, removed_icon);
}

static void
vireo_details_row_init (VireoDetailsRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vireo_details_row_new (const char *page_name, const char *title, const char *icon_name)
{
  VireoDetailsRow *self;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (page_name != NULL, NULL);

  self = g_object_new (VIREO_TYPE_DETAILS_ROW, NULL);
  self->page_name = g_strdup (page_name);
  shown = vireo_details_bounded_text (title);
  gtk_label_set_text (self->title_label, shown);
  gtk_image_set_from_icon_name (self->icon, icon_name != NULL ? icon_name : "application-x-firmware-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, shown, -1);

  return GTK_WIDGET (self);
}

const char *
vireo_details_row_get_page_name (VireoDetailsRow *self)
{
  g_return_val_if_fail (VIREO_IS_DETAILS_ROW (self), NULL);

  return self->page_name;
}

const char *
vireo_details_row_get_title (VireoDetailsRow *self)
{
  g_return_val_if_fail (VIREO_IS_DETAILS_ROW (self), NULL);

  return gtk_label_get_text (self->title_label);
}

/* the mark: a change that waits, or (in its place) a removal that waits */
static void
update_marks (VireoDetailsRow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->pending_icon), self->pending && !self->removed);
  gtk_widget_set_visible (GTK_WIDGET (self->removed_icon), self->pending && self->removed);
}

void
vireo_details_row_set_pending (VireoDetailsRow *self, gboolean pending)
{
  g_return_if_fail (VIREO_IS_DETAILS_ROW (self));

  self->pending = pending;
  update_marks (self);
}

gboolean
vireo_details_row_get_pending (VireoDetailsRow *self)
{
  g_return_val_if_fail (VIREO_IS_DETAILS_ROW (self), FALSE);

  return self->pending;
}

void
vireo_details_row_set_removed (VireoDetailsRow *self, gboolean removed)
{
  g_return_if_fail (VIREO_IS_DETAILS_ROW (self));

  self->removed = removed;
  update_marks (self);
  if (removed)
    gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "dim-label");
}

gboolean
vireo_details_row_get_removed (VireoDetailsRow *self)
{
  g_return_val_if_fail (VIREO_IS_DETAILS_ROW (self), FALSE);

  return self->removed;
}
