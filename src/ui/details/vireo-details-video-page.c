/* vireo-details-video-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-video-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-video-page.h"

struct _VireoDetailsVideoPage
{
  VireoDetailsPage parent_instance;

  AdwComboRow *model_row;
  GtkSpinButton *vram_spin;  /* MiB, 0: not set */
  GtkSpinButton *heads_spin;
  GtkSwitch *accel3d_switch;

  /* as loaded */
  guint64 vram; /* KiB */
  guint heads;
};

G_DEFINE_FINAL_TYPE (VireoDetailsVideoPage, vireo_details_video_page, VIREO_TYPE_DETAILS_PAGE)

static const VireoDetailsChoice models[] = {
  { "virtio", N_ ("VirtIO") },
  { "qxl", N_ ("QXL") },
  { "vga", N_ ("VGA") },
  { "bochs", N_ ("Bochs") },
  { "ramfb", N_ ("RAM framebuffer") },
  { "cirrus", N_ ("Cirrus") },
  { "none", N_ ("None") },
  { NULL, NULL },
};

static void
changed_cb (VireoDetailsVideoPage *self)
{
  vireo_details_page_changed (VIREO_DETAILS_PAGE (self));
}

static guint64
parse_number (const char *text, guint64 max)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return 0;
  return value;
}

static void
vireo_details_video_page_load (VireoDetailsPage  *page,
                               VireoDomainConfig *config,
                               VireoDevice       *device)
{
  VireoDetailsVideoPage *self = VIREO_DETAILS_VIDEO_PAGE (page);
  g_autofree char *model = vireo_device_get (device, "model/@type");
  g_autofree char *vram = vireo_device_get (device, "model/@vram");
  g_autofree char *heads = vireo_device_get (device, "model/@heads");
  g_autofree char *accel3d = vireo_device_get (device, "model/acceleration/@accel3d");

  vireo_details_combo_set_value (self->model_row, model);
  self->vram = parse_number (vram, G_MAXUINT32);
  gtk_spin_button_set_value (self->vram_spin, (self->vram + 1023) / 1024);
  self->heads = parse_number (heads, 16);
  gtk_spin_button_set_value (self->heads_spin, MAX (self->heads, 1));
  gtk_switch_set_active (self->accel3d_switch, g_strcmp0 (accel3d, "yes") == 0);
}

static gboolean
vireo_details_video_page_commit (VireoDetailsPage  *page,
                                 VireoDomainConfig *config,
                                 VireoDevice       *device,
                                 GError           **error)
{
  VireoDetailsVideoPage *self = VIREO_DETAILS_VIDEO_PAGE (page);
  guint64 vram_mib = (guint64) gtk_spin_button_get_value (self->vram_spin);
  guint heads = gtk_spin_button_get_value_as_int (self->heads_spin);
  g_autofree char *accel3d = vireo_device_get (device, "model/acceleration/@accel3d");
  gboolean accel = gtk_switch_get_active (self->accel3d_switch);

  if (!vireo_details_device_update (device, "model/@type",
                                    vireo_details_combo_get_value (self->model_row), error))
    return FALSE;
  if (vram_mib != (self->vram + 1023) / 1024)
    {
      g_autofree char *text = vram_mib > 0 ? g_strdup_printf ("%" G_GUINT64_FORMAT, vram_mib * 1024) : NULL;

      if (!vireo_device_set (device, "model/@vram", text, error))
        return FALSE;
    }
  if (heads != MAX (self->heads, 1))
    {
      g_autofree char *text = g_strdup_printf ("%u", heads);

      if (!vireo_device_set (device, "model/@heads", text, error))
        return FALSE;
    }
  if (accel != (g_strcmp0 (accel3d, "yes") == 0) &&
      !vireo_device_set (device, "model/acceleration/@accel3d", accel ? "yes" : "no", error))
    return FALSE;
  return TRUE;
}

static void
vireo_details_video_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIREO_TYPE_DETAILS_VIDEO_PAGE);

  G_OBJECT_CLASS (vireo_details_video_page_parent_class)->dispose (object);
}

static void
vireo_details_video_page_class_init (VireoDetailsVideoPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VireoDetailsPageClass *page_class = VIREO_DETAILS_PAGE_CLASS (klass);

  object_class->dispose = vireo_details_video_page_dispose;
  page_class->load = vireo_details_video_page_load;
  page_class->commit = vireo_details_video_page_commit;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/details/vireo-details-video-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsVideoPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsVideoPage, vram_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsVideoPage, heads_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsVideoPage, accel3d_switch);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
vireo_details_video_page_init (VireoDetailsVideoPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vireo_details_combo_init (self->model_row, models);
}

GtkWidget *
vireo_details_video_page_new (void)
{
  return g_object_new (VIREO_TYPE_DETAILS_VIDEO_PAGE, NULL);
}
