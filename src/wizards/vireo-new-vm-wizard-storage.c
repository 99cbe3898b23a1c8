/* vireo-new-vm-wizard-storage.c — the New VM wizard, step 4: storage
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new volume in a pool, an existing disk, or none.
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-new-vm-wizard-private.h"

void
vireo_new_vm_wizard_update_storage_widgets (VireoNewVmWizard *self)
{
  VireoStorageMode mode;
  gboolean allocate;
  VireoInstallMethod method = vireo_new_vm_wizard_current_method (self);

  g_object_get (self->plan, "storage-mode", &mode, "allocate-now", &allocate, NULL);
  gtk_widget_set_visible (self->new_disk_group,
                          method != VIREO_INSTALL_METHOD_IMPORT && mode == VIREO_STORAGE_MODE_NEW_VOLUME);
  gtk_widget_set_visible (self->existing_group,
                          method != VIREO_INSTALL_METHOD_IMPORT && mode == VIREO_STORAGE_MODE_EXISTING);
  gtk_widget_set_visible (self->sparse_warning, !allocate);
  if (method == VIREO_INSTALL_METHOD_IMPORT)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;

      g_object_get (self->plan, "disk-path", &path, NULL);
      text = g_strdup_printf (_("The imported disk image “%s” becomes the virtual machine's disk. "
                                "It is used in place, not copied."), path);
      gtk_label_set_text (GTK_LABEL (self->import_note), text);
    }
}

static void
storage_toggled_cb (GtkCheckButton   *button,
                    VireoNewVmWizard *self)
{
  VireoStorageMode mode;

  if (!gtk_check_button_get_active (button) || self->updating)
    return;
  if (GTK_WIDGET (button) == self->storage_existing)
    mode = VIREO_STORAGE_MODE_EXISTING;
  else if (GTK_WIDGET (button) == self->storage_none)
    mode = VIREO_STORAGE_MODE_NONE;
  else
    mode = VIREO_STORAGE_MODE_NEW_VOLUME;
  if (vireo_new_vm_wizard_current_method (self) != VIREO_INSTALL_METHOD_IMPORT)
    g_object_set (self->plan, "storage-mode", mode, NULL);
  vireo_new_vm_wizard_update_storage_widgets (self);
  vireo_new_vm_wizard_set_error_label (self->storage_error, NULL);
}

void
vireo_new_vm_wizard_fill_pools (VireoNewVmWizard *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  if (self->caps != NULL)
    for (guint i = 0; i < self->caps->pools->len; i++)
      {
        VireoPoolFacts *pool = g_ptr_array_index (self->caps->pools, i);
        g_autofree char *free_text = g_format_size_full (pool->available, G_FORMAT_SIZE_IEC_UNITS);
        g_autofree char *label = NULL;

        if (pool->active && !pool->available_known)
          label = g_strdup_printf (_("%s (free space unknown)"), pool->name);
        else if (pool->active)
          label = g_strdup_printf (_("%s (%s free)"), pool->name, free_text);
        else
          label = g_strdup_printf (_("%s (inactive)"), pool->name);
        gtk_string_list_append (names, label);
        if (g_str_equal (pool->name, "default"))
          selected = i;
      }
  self->updating = TRUE;
  adw_combo_row_set_model (self->pool_row, G_LIST_MODEL (names));
  self->updating = FALSE;
  adw_combo_row_set_selected (self->pool_row, selected);
  /* notify::selected does not fire when the index stays the same */
  g_object_notify (G_OBJECT (self->pool_row), "selected");
}

static void
pool_selected_cb (AdwComboRow      *row,
                  GParamSpec       *pspec,
                  VireoNewVmWizard *self)
{
  guint selected = adw_combo_row_get_selected (row);
  VireoPoolFacts *pool;

  if (self->updating || self->caps == NULL || selected >= self->caps->pools->len)
    return;
  pool = g_ptr_array_index (self->caps->pools, selected);
  g_object_set (self->plan,
                "pool-name", pool->name,
                "pool-free-bytes", pool->active && pool->available_known ? (gint64) pool->available : (gint64) -1,
                NULL);
}

static void
disk_volume_cb (VireoNewVmWizard *self)
{
  vireo_new_vm_wizard_open_pool_browser (self, _("Choose a Disk"), "disk-path");
}

static void
disk_browse_cb (VireoNewVmWizard *self)
{
  vireo_new_vm_wizard_browse (self, self->disk_path_row, _("Choose a Disk Image"), FALSE);
}

static void
format_selected_cb (AdwComboRow      *row,
                    GParamSpec       *pspec,
                    VireoNewVmWizard *self)
{
  if (!self->updating)
    g_object_set (self->plan, "disk-format", adw_combo_row_get_selected (row) == 1 ? "raw" : "qcow2",
                  NULL);
}

void
vireo_new_vm_wizard_storage_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, disk_browse_cb);
  gtk_widget_class_bind_template_callback (widget_class, disk_volume_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, pool_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, storage_toggled_cb);
}

static void
storage_answer_changed_cb (VireoNewVmWizard *self)
{
  vireo_new_vm_wizard_set_error_label (self->storage_error, NULL);
}

void
vireo_new_vm_wizard_storage_watch_plan (VireoNewVmWizard *self)
{
  static const char *const props[] = { "notify::allocate-now", "notify::disk-path", "notify::storage-mode" };

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect_swapped (self->plan, props[i], G_CALLBACK (vireo_new_vm_wizard_update_storage_widgets), self);
  /* another disk: the error about the old one goes */
  g_signal_connect_swapped (self->plan, "notify::disk-path", G_CALLBACK (storage_answer_changed_cb), self);
  g_signal_connect_swapped (self->plan, "notify::storage-mode", G_CALLBACK (storage_answer_changed_cb), self);
}
