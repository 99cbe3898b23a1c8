/* vireo-details-boot-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-boot-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-boot-page.h"
#include "vireo-details-boot-row.h"

struct _VireoDetailsBootPage
{
  VireoDetailsPage parent_instance;

  GtkLabel *firmware_label;
  GtkSwitch *menu_switch;
  GtkListBox *order_list;
  AdwExpanderRow *kernel_expander;
  AdwEntryRow *kernel_row;
  AdwEntryRow *initrd_row;
  AdwEntryRow *cmdline_row;
  AdwEntryRow *dtb_row;

  /* as loaded */
  GPtrArray *order; /* device ids that boot, in order */
  gboolean menu;
  char *kernel_fields[4];
};

G_DEFINE_FINAL_TYPE (VireoDetailsBootPage, vireo_details_boot_page, VIREO_TYPE_DETAILS_PAGE)

static const char *const kernel_elements[4] = { "kernel", "initrd", "cmdline", "dtb" };

static AdwEntryRow *
kernel_row (VireoDetailsBootPage *self, guint i)
{
  AdwEntryRow *rows[4] = { self->kernel_row, self->initrd_row, self->cmdline_row, self->dtb_row };

  return rows[i];
}

static void
changed_cb (VireoDetailsBootPage *self)
{
  vireo_details_page_changed (VIREO_DETAILS_PAGE (self));
}

static void
move_cb (VireoDetailsBootRow *row, int delta, VireoDetailsBootPage *self)
{
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  int target = index + delta;

  if (target < 0 || gtk_list_box_get_row_at_index (self->order_list, target) == NULL)
    return;
  g_object_ref (row);
  gtk_list_box_remove (self->order_list, GTK_WIDGET (row));
  gtk_list_box_insert (self->order_list, GTK_WIDGET (row), target);
  g_object_unref (row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  vireo_details_page_changed (VIREO_DETAILS_PAGE (self));
}

static gboolean
boots (VireoDeviceKind kind)
{
  return kind == VIREO_DEVICE_KIND_DISK || kind == VIREO_DEVICE_KIND_CDROM ||
         kind == VIREO_DEVICE_KIND_FLOPPY || kind == VIREO_DEVICE_KIND_INTERFACE ||
         kind == VIREO_DEVICE_KIND_HOSTDEV_USB || kind == VIREO_DEVICE_KIND_HOSTDEV_PCI ||
         kind == VIREO_DEVICE_KIND_REDIRDEV;
}

static void
add_row (VireoDetailsBootPage *self, VireoDevice *device, gboolean enabled)
{
  g_autofree char *title = vireo_device_dup_title (device);
  GtkWidget *row = vireo_details_boot_row_new (vireo_device_get_id (device), title,
                                               vireo_device_get_icon_name (device), enabled);

  g_signal_connect_object (row, "move", G_CALLBACK (move_cb), self, 0);
  g_signal_connect_object (row, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_append (self->order_list, row);
}

static void
vireo_details_boot_page_load (VireoDetailsPage  *page,
                              VireoDomainConfig *config,
                              VireoDevice       *device)
{
  VireoDetailsBootPage *self = VIREO_DETAILS_BOOT_PAGE (page);
  g_autoptr (GPtrArray) order = vireo_domain_config_get_boot_order (config);
  g_autoptr (GPtrArray) devices = vireo_domain_config_get_devices (config);
  const char *firmware = vireo_domain_config_get_firmware (config);
  GtkWidget *child;
  gboolean any_kernel = FALSE;

  if (g_strcmp0 (firmware, "efi") == 0)
    gtk_label_set_text (self->firmware_label, _ ("UEFI"));
  else if (g_strcmp0 (firmware, "bios") == 0)
    gtk_label_set_text (self->firmware_label, _ ("BIOS"));
  else
    gtk_label_set_text (self->firmware_label, _ ("Hypervisor default"));

  self->menu = vireo_domain_config_get_boot_menu (config);
  gtk_switch_set_active (self->menu_switch, self->menu);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->order_list))) != NULL)
    gtk_list_box_remove (self->order_list, child);
  g_ptr_array_set_size (self->order, 0);
  for (guint i = 0; order != NULL && i < order->len; i++)
    {
      VireoDevice *boot_device = g_ptr_array_index (order, i);

      g_ptr_array_add (self->order, g_strdup (vireo_device_get_id (boot_device)));
      add_row (self, boot_device, TRUE);
    }
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      VireoDevice *other = g_ptr_array_index (devices, i);

      if (boots (vireo_device_get_kind (other)) &&
          (order == NULL || !g_ptr_array_find (order, other, NULL)))
        add_row (self, other, FALSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (kernel_elements); i++)
    {
      g_free (self->kernel_fields[i]);
      self->kernel_fields[i] =
          vireo_details_bounded_text (vireo_domain_config_get_os_field (config, kernel_elements[i]));
      gtk_editable_set_text (GTK_EDITABLE (kernel_row (self, i)), self->kernel_fields[i]);
      any_kernel = any_kernel || *self->kernel_fields[i] != '\0';
    }
  adw_expander_row_set_enable_expansion (self->kernel_expander, any_kernel);
  adw_expander_row_set_expanded (self->kernel_expander, any_kernel);
}

static gboolean
vireo_details_boot_page_commit (VireoDetailsPage  *page,
                                VireoDomainConfig *config,
                                VireoDevice       *device,
                                GError           **error)
{
  VireoDetailsBootPage *self = VIREO_DETAILS_BOOT_PAGE (page);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  gboolean same = TRUE;
  gboolean direct = adw_expander_row_get_enable_expansion (self->kernel_expander);

  if (gtk_switch_get_active (self->menu_switch) != self->menu)
    vireo_domain_config_set_boot_menu (config, gtk_switch_get_active (self->menu_switch));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->order_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      VireoDetailsBootRow *row = VIREO_DETAILS_BOOT_ROW (child);
      const char *id = vireo_details_boot_row_get_device_id (row);
      VireoDevice *boot_device;

      if (!vireo_details_boot_row_get_enabled (row))
        continue;
      boot_device = vireo_domain_config_find_device (config, id);
      if (boot_device == NULL)
        continue;
      same = same && order->len < self->order->len &&
             g_strcmp0 (g_ptr_array_index (self->order, order->len), id) == 0;
      g_ptr_array_add (order, boot_device);
    }
  if ((!same || order->len != self->order->len) &&
      !vireo_domain_config_set_boot_order (config, order, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kernel_elements); i++)
    {
      const char *value = direct ? vireo_details_entry_get_value (GTK_EDITABLE (kernel_row (self, i))) : NULL;

      if (g_strcmp0 (value ? value : "", self->kernel_fields[i]) != 0)
        vireo_domain_config_set_os_field (config, kernel_elements[i], value);
    }
  return TRUE;
}

static void
vireo_details_boot_page_finalize (GObject *object)
{
  VireoDetailsBootPage *self = VIREO_DETAILS_BOOT_PAGE (object);

  g_ptr_array_unref (self->order);
  for (guint i = 0; i < G_N_ELEMENTS (self->kernel_fields); i++)
    g_free (self->kernel_fields[i]);

  G_OBJECT_CLASS (vireo_details_boot_page_parent_class)->finalize (object);
}

static void
vireo_details_boot_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIREO_TYPE_DETAILS_BOOT_PAGE);

  G_OBJECT_CLASS (vireo_details_boot_page_parent_class)->dispose (object);
}

static void
vireo_details_boot_page_class_init (VireoDetailsBootPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VireoDetailsPageClass *page_class = VIREO_DETAILS_PAGE_CLASS (klass);

  object_class->dispose = vireo_details_boot_page_dispose;
  object_class->finalize = vireo_details_boot_page_finalize;
  page_class->load = vireo_details_boot_page_load;
  page_class->commit = vireo_details_boot_page_commit;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/details/vireo-details-boot-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsBootPage, firmware_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsBootPage, menu_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsBootPage, order_list);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsBootPage, kernel_expander);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsBootPage, kernel_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsBootPage, initrd_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsBootPage, cmdline_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsBootPage, dtb_row);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
vireo_details_boot_page_init (VireoDetailsBootPage *self)
{
  self->order = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->kernel_fields); i++)
    self->kernel_fields[i] = g_strdup ("");
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vireo_details_boot_page_new (void)
{
  return g_object_new (VIREO_TYPE_DETAILS_BOOT_PAGE, NULL);
}
