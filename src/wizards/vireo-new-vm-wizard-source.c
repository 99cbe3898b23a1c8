/* vireo-new-vm-wizard-source.c — the New VM wizard, step 1: the connection and the install source
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection (and its host facts, which fill the other steps' choices),
 * the install method and its media, local CD/DVD drives, the advanced
 * architecture and domain type, whether QEMU can read the chosen image, the
 * storage pool browser and the file choosers.
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-new-vm-wizard-private.h"
#include "vireo-pool-browser.h"

/* -- step 1: connection and method ---------------------------------------- */

VireoInstallMethod
vireo_new_vm_wizard_current_method (VireoNewVmWizard *self)
{
  VireoInstallMethod method;

  g_object_get (self->plan, "method", &method, NULL);
  return method;
}

void
vireo_new_vm_wizard_update_method_widgets (VireoNewVmWizard *self)
{
  VireoInstallMethod method = vireo_new_vm_wizard_current_method (self);
  gboolean local = vireo_new_vm_wizard_connection_is_local (self);
  gboolean xen = g_str_equal (vireo_install_plan_get_effective_virt_type (self->plan), "xen");

  gtk_widget_set_visible (GTK_WIDGET (self->media_source_row), method == VIREO_INSTALL_METHOD_ISO);
  gtk_widget_set_visible (self->iso_row, method == VIREO_INSTALL_METHOD_ISO
                                             && adw_combo_row_get_selected (self->media_source_row) == 0);
  gtk_widget_set_visible (self->url_row, method == VIREO_INSTALL_METHOD_URL);
  gtk_widget_set_visible (self->kickstart_row, method == VIREO_INSTALL_METHOD_URL);
  gtk_widget_set_visible (self->kargs_row, method == VIREO_INSTALL_METHOD_URL);
  gtk_widget_set_visible (self->import_row, method == VIREO_INSTALL_METHOD_IMPORT);
  gtk_widget_set_visible (self->pxe_label, method == VIREO_INSTALL_METHOD_PXE);
  gtk_widget_set_visible (self->media_group, method != VIREO_INSTALL_METHOD_MANUAL);
  gtk_widget_set_visible (self->iso_browse, local);
  gtk_widget_set_visible (self->import_browse, local);
  gtk_widget_set_visible (self->disk_browse, local);
  gtk_widget_set_visible (self->xen_pv_row, xen);

  /* an imported image is the disk: the storage step only says so */
  gtk_widget_set_visible (self->storage_choice_group, method != VIREO_INSTALL_METHOD_IMPORT);
  gtk_widget_set_visible (self->import_note_group, method == VIREO_INSTALL_METHOD_IMPORT);
}

static void
method_toggled_cb (GtkCheckButton   *button,
                   VireoNewVmWizard *self)
{
  VireoInstallMethod method;

  if (!gtk_check_button_get_active (button) || self->updating)
    return;
  if (GTK_WIDGET (button) == self->method_url)
    method = VIREO_INSTALL_METHOD_URL;
  else if (GTK_WIDGET (button) == self->method_pxe)
    method = VIREO_INSTALL_METHOD_PXE;
  else if (GTK_WIDGET (button) == self->method_import)
    method = VIREO_INSTALL_METHOD_IMPORT;
  else if (GTK_WIDGET (button) == self->method_manual)
    method = VIREO_INSTALL_METHOD_MANUAL;
  else
    method = VIREO_INSTALL_METHOD_ISO;

  g_object_set (self->plan, "method", method, NULL);
  if (method == VIREO_INSTALL_METHOD_IMPORT)
    g_object_set (self->plan, "storage-mode", VIREO_STORAGE_MODE_EXISTING, NULL);
  else if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->storage_new)))
    g_object_set (self->plan, "storage-mode", VIREO_STORAGE_MODE_NEW_VOLUME, NULL);
  vireo_new_vm_wizard_update_method_widgets (self);
  vireo_new_vm_wizard_update_storage_widgets (self);
  vireo_new_vm_wizard_set_error_label (self->method_error, NULL);
}

/* what a domain type means to a person */
static const char *
virt_type_label (const char *type)
{
  if (g_str_equal (type, "kvm"))
    return _("Hardware-accelerated (KVM)");
  if (g_str_equal (type, "qemu"))
    return _("Emulated (QEMU, slow)");
  if (g_str_equal (type, "xen"))
    return _("Xen");
  return type;
}

/* architectures and domain types the host offers, from its capabilities */
static void
fill_advanced (VireoNewVmWizard *self)
{
  g_autoptr (GtkStringList) archs = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) virts = gtk_string_list_new (NULL);
  g_autofree char *default_arch = NULL;
  g_autofree char *default_virt = NULL;
  gboolean has_qemu = FALSE, has_kvm = FALSE;

  g_ptr_array_set_size (self->arch_values, 0);
  g_ptr_array_set_size (self->virt_values, 0);

  g_object_set (self->plan, "arch", "", "virt-type", "", NULL);
  default_arch = g_strdup_printf (_("Default (%s)"), vireo_install_plan_get_effective_arch (self->plan));
  /* TRANSLATORS: %s is "Hardware-accelerated (KVM)", "Emulated (QEMU, slow)" or a domain type */
  default_virt = g_strdup_printf (_("Automatic: %s"),
                                  virt_type_label (vireo_install_plan_get_effective_virt_type (self->plan)));
  gtk_string_list_append (archs, default_arch);
  g_ptr_array_add (self->arch_values, g_strdup (""));
  gtk_string_list_append (virts, default_virt);
  g_ptr_array_add (self->virt_values, g_strdup (""));

  /* the plan read the host's capabilities (vireo_new_vm_wizard_apply_host_caps) */
  if (self->caps != NULL && self->caps_read)
    {
      g_auto (GStrv) host_archs = vireo_install_plan_dup_host_archs (self->plan);
      g_auto (GStrv) host_virts = vireo_install_plan_dup_host_virt_types (self->plan);

      for (guint i = 0; host_archs[i] != NULL; i++)
        if (!g_ptr_array_find_with_equal_func (self->arch_values, host_archs[i], g_str_equal, NULL))
          {
            gtk_string_list_append (archs, host_archs[i]);
            g_ptr_array_add (self->arch_values, g_strdup (host_archs[i]));
          }
      for (guint i = 0; host_virts[i] != NULL; i++)
        {
          has_qemu |= g_str_equal (host_virts[i], "qemu");
          has_kvm |= g_str_equal (host_virts[i], "kvm");
          if (!g_ptr_array_find_with_equal_func (self->virt_values, host_virts[i], g_str_equal, NULL))
            {
              gtk_string_list_append (virts, virt_type_label (host_virts[i]));
              g_ptr_array_add (self->virt_values, g_strdup (host_virts[i]));
            }
        }
    }

  self->updating = TRUE;
  adw_combo_row_set_model (self->arch_row, G_LIST_MODEL (archs));
  adw_combo_row_set_model (self->virt_row, G_LIST_MODEL (virts));
  adw_combo_row_set_selected (self->arch_row, 0);
  adw_combo_row_set_selected (self->virt_row, 0);
  /* a host whose only domain type the plan does not guess (libvirt's test
   * driver: "test"): use what it offers */
  if (self->virt_values->len > 1
      && !g_ptr_array_find_with_equal_func (self->virt_values, "kvm", g_str_equal, NULL)
      && !g_ptr_array_find_with_equal_func (self->virt_values, "qemu", g_str_equal, NULL)
      && !g_ptr_array_find_with_equal_func (self->virt_values, "xen", g_str_equal, NULL))
    {
      adw_combo_row_set_selected (self->virt_row, 1);
      g_object_set (self->plan, "virt-type", g_ptr_array_index (self->virt_values, 1), NULL);
    }
  self->updating = FALSE;

  /* a QEMU host without KVM: the guest is emulated */
  gtk_widget_set_visible (self->kvm_label, has_qemu && !has_kvm);
}

static void
advanced_selected_cb (AdwComboRow      *row,
                      GParamSpec       *pspec,
                      VireoNewVmWizard *self)
{
  guint selected = adw_combo_row_get_selected (row);
  GPtrArray *values = row == self->arch_row ? self->arch_values : self->virt_values;

  if (self->updating || selected >= values->len)
    return;
  g_object_set (self->plan, row == self->arch_row ? "arch" : "virt-type",
                g_ptr_array_index (values, selected), NULL);
  vireo_new_vm_wizard_update_method_widgets (self);
}

/* -- local media: ISO file or the host's CD/DVD drives -------------------- */

static void
fill_media_sources (VireoNewVmWizard *self)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  guint n = self->caps != NULL && self->caps->drives != NULL ? self->caps->drives->len : 0;
  g_autofree char *media = NULL;
  guint selected = 0;

  g_object_get (self->plan, "media-path", &media, NULL);
  gtk_string_list_append (labels, _("ISO file"));
  for (guint i = 0; i < n; i++)
    {
      VireoDriveFacts *drive = g_ptr_array_index (self->caps->drives, i);
      g_autofree char *label = NULL;

      if (drive->model != NULL)
        label = g_strdup_printf (_("CD/DVD drive %s (%s)"), drive->path, drive->model);
      else
        label = g_strdup_printf (_("CD/DVD drive %s"), drive->path);
      gtk_string_list_append (labels, label);
      if (g_strcmp0 (media, drive->path) == 0)
        selected = i + 1;
    }
  self->updating = TRUE;
  adw_combo_row_set_model (self->media_source_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->media_source_row, selected);
  self->updating = FALSE;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->media_source_row),
                               n == 0 ? _("No CD/DVD drive found on this host") : NULL);
  vireo_new_vm_wizard_update_method_widgets (self);
}

static void
media_source_selected_cb (AdwComboRow      *row,
                          GParamSpec       *pspec,
                          VireoNewVmWizard *self)
{
  guint selected = adw_combo_row_get_selected (row);
  g_autofree char *media = NULL;

  if (self->updating)
    return;
  g_object_get (self->plan, "media-path", &media, NULL);
  if (selected > 0 && self->caps != NULL && self->caps->drives != NULL && selected <= self->caps->drives->len)
    {
      VireoDriveFacts *drive = g_ptr_array_index (self->caps->drives, selected - 1);

      g_object_set (self->plan, "media-path", drive->path, NULL);
    }
  else if (media != NULL && g_str_has_prefix (media, "/dev/"))
    g_object_set (self->plan, "media-path", "", NULL);
  vireo_new_vm_wizard_update_method_widgets (self);
}

/* -- can QEMU read the chosen ISO or image? ---------------------------------- */

typedef struct
{
  VireoImageAccessFunc func;
  char                *path;
  gboolean             need_write;
  guint                serial;
  GtkWidget           *label;   /* borrowed: the wizard outlives the check (see dispose) */
} AccessCheck;

static void
access_check_free (AccessCheck *check)
{
  g_free (check->path);
  g_free (check);
}

static void
access_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AccessCheck *check = task_data;
  GError *error = NULL;

  if (check->func (check->path, check->need_write, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
access_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VireoNewVmWizard *self = VIREO_NEW_VM_WIZARD (object);
  AccessCheck *check = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (check->serial != self->access_serial)
    return;
  vireo_new_vm_wizard_set_error_label (check->label, error);
  /* QEMU reads the media: nothing for the summary to warn about */
  if (check->label == self->media_access_error)
    g_object_set (self->plan, "media-readable", error == NULL, NULL);
  vireo_new_vm_wizard_update_buttons (self);
}

/* QEMU of a local qemu:///system runs as its own user: say on the page when
 * it could not open the ISO or image (vireo_image_access_check), and block
 * Forward there. Other connections: QEMU runs as the person, or the file is
 * on another machine. */
void
vireo_new_vm_wizard_check_image_access (VireoNewVmWizard *self)
{
  VireoInstallMethod method = vireo_new_vm_wizard_current_method (self);
  VireoStorageMode mode;
  VireoImageAccessFunc func = self->access_func;
  g_autofree char *media = NULL;
  g_autofree char *disk = NULL;
  struct { GtkWidget *label; const char *path; gboolean need_write; } checks[2];

  g_object_get (self->plan, "media-path", &media, "disk-path", &disk, "storage-mode", &mode, NULL);
  if (func == NULL && self->connection != NULL
      && g_str_equal (vireo_connection_get_uri (self->connection), "qemu:///system"))
    func = vireo_image_access_check;

  self->access_serial++;
  g_object_set (self->plan, "media-readable", FALSE, NULL);
  checks[0].label = self->media_access_error;
  checks[0].path = method == VIREO_INSTALL_METHOD_ISO ? media
                   : method == VIREO_INSTALL_METHOD_IMPORT ? disk : NULL;
  checks[0].need_write = method == VIREO_INSTALL_METHOD_IMPORT;
  checks[1].label = self->disk_access_error;
  checks[1].path = method != VIREO_INSTALL_METHOD_IMPORT && mode == VIREO_STORAGE_MODE_EXISTING ? disk : NULL;
  checks[1].need_write = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr (GTask) task = NULL;
      AccessCheck *check;

      vireo_new_vm_wizard_set_error_label (checks[i].label, NULL);
      /* a missing file or a relative path is the plan's own message */
      if (func == NULL || checks[i].path == NULL || !g_path_is_absolute (checks[i].path)
          || !g_file_test (checks[i].path, G_FILE_TEST_EXISTS))
        continue;
      check = g_new0 (AccessCheck, 1);
      check->func = func;
      check->path = g_strdup (checks[i].path);
      check->need_write = checks[i].need_write;
      check->serial = self->access_serial;
      check->label = checks[i].label;
      task = g_task_new (self, self->cancellable, access_done_cb, NULL);
      g_task_set_task_data (task, check, (GDestroyNotify) access_check_free);
      g_task_run_in_thread (task, access_thread);
    }
  vireo_new_vm_wizard_update_buttons (self);
}

/* -- storage volumes: the pool browser -------------------------------------- */

static void
volume_chosen_cb (VireoPoolBrowser *browser,
                  const char       *path,
                  VireoNewVmWizard *self)
{
  const char *property = g_object_get_data (G_OBJECT (browser), "vireo-plan-property");

  if (g_str_equal (property, "media-path"))
    {
      self->updating = TRUE;
      adw_combo_row_set_selected (self->media_source_row, 0);
      self->updating = FALSE;
      vireo_new_vm_wizard_update_method_widgets (self);
    }
  g_object_set (self->plan, property, path, NULL);
}

void
vireo_new_vm_wizard_open_pool_browser (VireoNewVmWizard *self,
                                       const char       *heading,
                                       const char       *property)
{
  GtkWidget *browser;

  if (self->connection == NULL)
    return;
  browser = vireo_pool_browser_new (GTK_WINDOW (self), self->connection, heading);
  g_object_set_data (G_OBJECT (browser), "vireo-plan-property", (gpointer) property);
  g_signal_connect_object (browser, "volume-chosen", G_CALLBACK (volume_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (browser));
}

static void
iso_volume_cb (VireoNewVmWizard *self)
{
  vireo_new_vm_wizard_open_pool_browser (self, _("Choose an ISO Image"), "media-path");
}

static void
import_volume_cb (VireoNewVmWizard *self)
{
  vireo_new_vm_wizard_open_pool_browser (self, _("Choose a Disk Image to Import"), "disk-path");
}

static void
host_caps_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VireoNewVmWizard *self = user_data;
  g_autoptr (GError) error = NULL;
  VireoHostCaps *caps;

  caps = vireo_connection_get_host_caps_finish (VIREO_CONNECTION (object), result, &error);
  if (caps == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vireo_new_vm_wizard_set_error_label (self->method_error, error);
      return;
    }
  if (VIREO_CONNECTION (object) != self->connection)
    {
      vireo_host_caps_unref (caps);
      return;
    }
  vireo_new_vm_wizard_apply_host_caps (self, caps);
}

/* takes @caps */
void
vireo_new_vm_wizard_apply_host_caps (VireoNewVmWizard *self,
                                     VireoHostCaps    *caps)
{
  g_autoptr (GError) error = NULL;
  gboolean dirty = self->dirty;
  guint max_vcpus;

  g_clear_pointer (&self->caps, vireo_host_caps_unref);
  self->caps = caps;

  self->caps_read = vireo_install_plan_set_capabilities (self->plan, caps->capabilities_xml, &error);
  if (!self->caps_read)
    vireo_new_vm_wizard_set_error_label (self->method_error, error);
  max_vcpus = vireo_host_resources_parse_max_vcpus (caps->domain_caps_xml);
  g_object_set (self->plan,
                "host-memory-mib", (guint) (caps->memory_kib / 1024),
                "host-cpus", caps->cpus,
                /* the domain capabilities' limit, else the host's CPUs */
                "max-vcpus", max_vcpus > 0 ? max_vcpus : caps->cpus,
                "bios-available", caps->bios_available,
                "uefi-available", caps->uefi_available,
                NULL);
  fill_advanced (self);
  vireo_new_vm_wizard_fill_pools (self);
  vireo_new_vm_wizard_fill_networks (self, NULL);
  fill_media_sources (self);
  vireo_new_vm_wizard_update_firmware (self);
  vireo_new_vm_wizard_update_method_widgets (self);
  vireo_new_vm_wizard_update_buttons (self);
  /* what the host offers is not an answer: Cancel on an untouched wizard
   * closes it without asking */
  self->dirty = dirty;
}

void
vireo_new_vm_wizard_connection_changed (VireoNewVmWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->connection_row);
  VireoConnection *connection = NULL;

  if (selected < self->usable->len)
    connection = g_ptr_array_index (self->usable, selected);
  if (connection == self->connection)
    return;

  g_set_object (&self->connection, connection);
  g_clear_pointer (&self->caps, vireo_host_caps_unref);
  /* until the new host says otherwise */
  g_object_set (self->plan, "bios-available", TRUE, "uefi-available", TRUE, NULL);
  g_cancellable_cancel (self->caps_cancellable);
  g_clear_object (&self->caps_cancellable);
  if (connection == NULL)
    {
      vireo_new_vm_wizard_update_buttons (self);
      return;
    }

  g_object_set (self->plan, "uri", vireo_connection_get_uri (connection), NULL);
  self->caps_cancellable = g_cancellable_new ();
  vireo_connection_get_host_caps_async (connection, self->caps_cancellable, host_caps_cb, self);
  vireo_new_vm_wizard_suggest_name (self);
  vireo_new_vm_wizard_update_method_widgets (self);
  vireo_new_vm_wizard_update_buttons (self);
}

static void
connection_selected_cb (AdwComboRow      *row,
                        GParamSpec       *pspec,
                        VireoNewVmWizard *self)
{
  if (!self->updating)
    vireo_new_vm_wizard_connection_changed (self);
}

static void
connection_state_cb (VireoNewVmWizard *self)
{
  vireo_new_vm_wizard_rebuild_connections (self);
}

void
vireo_new_vm_wizard_rebuild_connections (VireoNewVmWizard *self)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  guint n = g_list_model_get_n_items (self->connections);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_ptr_array_set_size (self->usable, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (VireoConnection) connection = g_list_model_get_item (self->connections, i);

      if (!g_ptr_array_find (self->watched, connection, NULL))
        {
          g_ptr_array_add (self->watched, g_object_ref (connection));
          g_signal_connect_object (connection, "notify::state", G_CALLBACK (connection_state_cb), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (connection, "notify::read-only", G_CALLBACK (connection_state_cb),
                                   self, G_CONNECT_SWAPPED);
          g_signal_connect_object (connection, "networks-changed", G_CALLBACK (vireo_new_vm_wizard_networks_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
      if (vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED
          || vireo_connection_get_read_only (connection))
        continue;
      if (connection == self->connection)
        selected = self->usable->len;
      g_ptr_array_add (self->usable, g_object_ref (connection));
      gtk_string_list_append (labels, vireo_connection_get_label (connection));
    }
  if (selected == GTK_INVALID_LIST_POSITION && self->usable->len > 0)
    selected = 0;

  self->updating = TRUE;
  adw_combo_row_set_model (self->connection_row, G_LIST_MODEL (labels));
  if (selected != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->connection_row, selected);
  self->updating = FALSE;
  gtk_widget_set_visible (self->no_connection_label, self->usable->len == 0);
  vireo_new_vm_wizard_connection_changed (self);
}

/* -- file choosers --------------------------------------------------------- */

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     GtkWidget       *entry)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (entry), path);
    }
  g_object_unref (chooser);
}

void
vireo_new_vm_wizard_browse (VireoNewVmWizard *self,
                            GtkWidget        *entry,
                            const char       *title,
                            gboolean          iso)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (iso)
    {
      gtk_file_filter_set_name (filter, _("ISO images"));
      gtk_file_filter_add_pattern (filter, "*.iso");
      gtk_file_filter_add_pattern (filter, "*.ISO");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("Disk images"));
      gtk_file_filter_add_pattern (filter, "*.qcow2");
      gtk_file_filter_add_pattern (filter, "*.img");
      gtk_file_filter_add_pattern (filter, "*.raw");
      gtk_file_filter_add_pattern (filter, "*.vmdk");
      gtk_file_filter_add_pattern (filter, "*.vdi");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), entry);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
iso_browse_cb (VireoNewVmWizard *self)
{
  vireo_new_vm_wizard_browse (self, self->iso_row, _("Choose an ISO Image"), TRUE);
}

static void
import_browse_cb (VireoNewVmWizard *self)
{
  vireo_new_vm_wizard_browse (self, self->import_row, _("Choose a Disk Image"), FALSE);
}

void
vireo_new_vm_wizard_source_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, advanced_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, connection_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_browse_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_volume_cb);
  gtk_widget_class_bind_template_callback (widget_class, iso_browse_cb);
  gtk_widget_class_bind_template_callback (widget_class, iso_volume_cb);
  gtk_widget_class_bind_template_callback (widget_class, media_source_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, method_toggled_cb);
}

/* the media, image, storage or connection changed: can QEMU read it? */
void
vireo_new_vm_wizard_source_watch_plan (VireoNewVmWizard *self)
{
  static const char *const props[] = { "notify::media-path", "notify::disk-path", "notify::method",
                                       "notify::storage-mode", "notify::uri" };

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect_swapped (self->plan, props[i], G_CALLBACK (vireo_new_vm_wizard_check_image_access), self);
}
