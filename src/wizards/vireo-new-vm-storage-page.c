/* vireo-new-vm-storage-page.c — the New VM wizard, step 4: storage
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new volume in a pool, an existing disk, or none; an imported image is
 * the disk, and the step only says so. Forward waits while QEMU could not
 * open the existing disk.
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-new-vm-storage-page.h"

struct _VireoNewVmStoragePage
{
  AdwPreferencesPage   parent_instance;

  VireoInstallPlan    *plan;
  VireoConnection     *connection;
  VireoHostCaps       *caps;
  GCancellable        *cancellable;     /* the page's life */
  VireoImageAccessFunc access_func;     /* tests; NULL: the real check on qemu:///system */
  guint                access_serial;   /* drops stale image access answers */
  guint                updating : 1;

  /* template children */
  GtkWidget           *storage_choice_group;
  GtkWidget           *import_note_group;
  GtkWidget           *import_note;
  GtkWidget           *storage_new;
  GtkWidget           *storage_existing;
  GtkWidget           *storage_none;
  GtkWidget           *new_disk_group;
  AdwComboRow         *pool_row;
  GtkWidget           *size_spin;
  AdwComboRow         *format_row;
  GtkWidget           *allocate_switch;
  GtkWidget           *sparse_warning;
  GtkWidget           *existing_group;
  GtkWidget           *disk_path_row;
  GtkWidget           *disk_browse;
  GtkWidget           *disk_access_error;
  GtkWidget           *storage_error;
};

static void page_iface_init (VireoNewVmPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoNewVmStoragePage, vireo_new_vm_storage_page, ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_NEW_VM_PAGE, page_iface_init))

enum
{
  PROP_0,
  PROP_PLAN,
  PROP_CONNECTION,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static VireoInstallMethod
current_method (VireoNewVmStoragePage *self)
{
  VireoInstallMethod method;

  g_object_get (self->plan, "method", &method, NULL);
  return method;
}

static void
update_storage_widgets (VireoNewVmStoragePage *self)
{
  VireoStorageMode mode;
  gboolean allocate;
  VireoInstallMethod method = current_method (self);

  g_object_get (self->plan, "storage-mode", &mode, "allocate-now", &allocate, NULL);
  /* an imported image is the disk: the step only says so */
  gtk_widget_set_visible (self->storage_choice_group, method != VIREO_INSTALL_METHOD_IMPORT);
  gtk_widget_set_visible (self->import_note_group, method == VIREO_INSTALL_METHOD_IMPORT);
  gtk_widget_set_visible (self->new_disk_group,
                          method != VIREO_INSTALL_METHOD_IMPORT && mode == VIREO_STORAGE_MODE_NEW_VOLUME);
  gtk_widget_set_visible (self->existing_group,
                          method != VIREO_INSTALL_METHOD_IMPORT && mode == VIREO_STORAGE_MODE_EXISTING);
  gtk_widget_set_visible (self->sparse_warning, !allocate);
  gtk_widget_set_visible (self->disk_browse, vireo_new_vm_page_connection_is_local (self->connection));
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
storage_toggled_cb (GtkCheckButton        *button,
                    VireoNewVmStoragePage *self)
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
  if (current_method (self) != VIREO_INSTALL_METHOD_IMPORT)
    g_object_set (self->plan, "storage-mode", mode, NULL);
  update_storage_widgets (self);
  vireo_new_vm_page_set_error_label (self->storage_error, NULL);
}

static void
fill_pools (VireoNewVmStoragePage *self)
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
pool_selected_cb (AdwComboRow           *row,
                  GParamSpec            *pspec,
                  VireoNewVmStoragePage *self)
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
format_selected_cb (AdwComboRow           *row,
                    GParamSpec            *pspec,
                    VireoNewVmStoragePage *self)
{
  if (!self->updating)
    g_object_set (self->plan, "disk-format", adw_combo_row_get_selected (row) == 1 ? "raw" : "qcow2",
                  NULL);
}

/* -- actions: the file chooser and the pool browser --------------------------- */

static void
volume_chosen_cb (GtkWidget             *browser,
                  const char            *path,
                  VireoNewVmStoragePage *self)
{
  g_object_set (self->plan, "disk-path", path, NULL);
}

static void
choose_volume_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  VireoNewVmStoragePage *self = VIREO_NEW_VM_STORAGE_PAGE (widget);

  vireo_new_vm_page_open_pool_browser (widget, self->connection, _("Choose a Disk"),
                                       G_CALLBACK (volume_chosen_cb));
}

/* the row "Choose existing volume…" */
static void
volume_row_activated_cb (VireoNewVmStoragePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "storage.choose-volume", NULL);
}

static void
browse_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VireoNewVmStoragePage *self = VIREO_NEW_VM_STORAGE_PAGE (widget);

  vireo_new_vm_page_browse (widget, self->disk_path_row, _("Choose a Disk Image"), FALSE);
}

/* -- can QEMU open the existing disk? ---------------------------------------- */

static void
access_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VireoNewVmStoragePage *self = VIREO_NEW_VM_STORAGE_PAGE (object);
  g_autoptr (GError) error = NULL;

  if (!vireo_new_vm_page_check_access_finish (result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (GPOINTER_TO_UINT (user_data) != self->access_serial)
    return;
  vireo_new_vm_page_set_error_label (self->disk_access_error, error);
  vireo_new_vm_page_ready_changed (VIREO_NEW_VM_PAGE (self));
}

/* QEMU of a local qemu:///system runs as its own user: say here when it
 * could not open the existing disk, and hold Forward */
static void
check_image_access (VireoNewVmStoragePage *self)
{
  VireoImageAccessFunc func = vireo_new_vm_page_access_func (self->access_func, self->connection);
  VireoStorageMode mode;
  g_autofree char *disk = NULL;

  g_object_get (self->plan, "disk-path", &disk, "storage-mode", &mode, NULL);
  self->access_serial++;
  vireo_new_vm_page_set_error_label (self->disk_access_error, NULL);
  if (current_method (self) == VIREO_INSTALL_METHOD_IMPORT || mode != VIREO_STORAGE_MODE_EXISTING)
    g_clear_pointer (&disk, g_free);
  /* a missing file or a relative path is the plan's own message */
  if (func != NULL && disk != NULL && g_path_is_absolute (disk) && g_file_test (disk, G_FILE_TEST_EXISTS))
    vireo_new_vm_page_check_access_async (self, func, disk, TRUE, self->cancellable, access_done_cb,
                                          GUINT_TO_POINTER (self->access_serial));
  vireo_new_vm_page_ready_changed (VIREO_NEW_VM_PAGE (self));
}

/* -- the plan's changes ------------------------------------------------------ */

/* another disk: the error about the old one goes */
static void
storage_answer_changed_cb (VireoNewVmStoragePage *self)
{
  vireo_new_vm_page_set_error_label (self->storage_error, NULL);
}

/* an imported image is the disk; back from importing, a new volume when
 * that is what the step shows chosen */
static void
method_changed_cb (VireoNewVmStoragePage *self)
{
  if (current_method (self) == VIREO_INSTALL_METHOD_IMPORT)
    g_object_set (self->plan, "storage-mode", VIREO_STORAGE_MODE_EXISTING, NULL);
  else if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->storage_new)))
    g_object_set (self->plan, "storage-mode", VIREO_STORAGE_MODE_NEW_VOLUME, NULL);
  update_storage_widgets (self);
}

/* the plan's storage, however it was chosen: its button (an imported
 * image is the disk, and the buttons are hidden and kept meanwhile) */
static void
plan_storage_mode_cb (VireoNewVmStoragePage *self)
{
  VireoStorageMode mode;
  GtkWidget *button;

  if (current_method (self) == VIREO_INSTALL_METHOD_IMPORT)
    return;
  g_object_get (self->plan, "storage-mode", &mode, NULL);
  button = mode == VIREO_STORAGE_MODE_EXISTING ? self->storage_existing
           : mode == VIREO_STORAGE_MODE_NONE ? self->storage_none
           : self->storage_new;
  self->updating = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
  self->updating = FALSE;
}

static void
watch_plan (VireoNewVmStoragePage *self)
{
  static const char *const widgets[] = { "notify::allocate-now", "notify::disk-path", "notify::storage-mode" };
  static const char *const access[] = { "notify::disk-path", "notify::method", "notify::storage-mode",
                                        "notify::uri" };

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    g_signal_connect_object (self->plan, widgets[i], G_CALLBACK (update_storage_widgets), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plan, "notify::disk-path", G_CALLBACK (storage_answer_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plan, "notify::storage-mode", G_CALLBACK (storage_answer_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plan, "notify::method", G_CALLBACK (method_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plan, "notify::storage-mode", G_CALLBACK (plan_storage_mode_cb), self,
                           G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (access); i++)
    g_signal_connect_object (self->plan, access[i], G_CALLBACK (check_image_access), self, G_CONNECT_SWAPPED);
}

/* -- VireoNewVmPage ---------------------------------------------------------- */

static void
storage_page_show_error (VireoNewVmPage *page,
                         const GError   *error)
{
  vireo_new_vm_page_set_error_label (VIREO_NEW_VM_STORAGE_PAGE (page)->storage_error, error);
}

static gboolean
storage_page_is_ready (VireoNewVmPage *page)
{
  return !gtk_widget_get_visible (VIREO_NEW_VM_STORAGE_PAGE (page)->disk_access_error);
}

static void
page_iface_init (VireoNewVmPageInterface *iface)
{
  iface->show_error = storage_page_show_error;
  iface->is_ready = storage_page_is_ready;
}

/* -- public ------------------------------------------------------------------ */

void
vireo_new_vm_storage_page_set_host_caps (VireoNewVmStoragePage *self,
                                         VireoHostCaps         *caps)
{
  g_return_if_fail (VIREO_IS_NEW_VM_STORAGE_PAGE (self));

  if (caps != NULL)
    vireo_host_caps_ref (caps);
  g_clear_pointer (&self->caps, vireo_host_caps_unref);
  self->caps = caps;
  if (caps != NULL)
    fill_pools (self);
}

void
_vireo_new_vm_storage_page_set_image_access_func (VireoNewVmStoragePage *self,
                                                  VireoImageAccessFunc   func)
{
  g_return_if_fail (VIREO_IS_NEW_VM_STORAGE_PAGE (self));

  self->access_func = func;
  check_image_access (self);
}

/* -- object ------------------------------------------------------------------ */

static void
set_connection (VireoNewVmStoragePage *self,
                VireoConnection       *connection)
{
  if (!g_set_object (&self->connection, connection))
    return;
  /* until the new host's facts come */
  g_clear_pointer (&self->caps, vireo_host_caps_unref);
  update_storage_widgets (self);
  check_image_access (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

static void
vireo_new_vm_storage_page_constructed (GObject *object)
{
  VireoNewVmStoragePage *self = VIREO_NEW_VM_STORAGE_PAGE (object);

  G_OBJECT_CLASS (vireo_new_vm_storage_page_parent_class)->constructed (object);

  g_assert (self->plan != NULL);
  g_object_bind_property (self->plan, "disk-path", self->disk_path_row, "text",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->plan, "disk-size-gib",
                          gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->size_spin)), "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->plan, "allocate-now", self->allocate_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  watch_plan (self);
  plan_storage_mode_cb (self);
  update_storage_widgets (self);
}

static void
vireo_new_vm_storage_page_dispose (GObject *object)
{
  VireoNewVmStoragePage *self = VIREO_NEW_VM_STORAGE_PAGE (object);

  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_NEW_VM_STORAGE_PAGE);
  g_clear_object (&self->plan);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->caps, vireo_host_caps_unref);

  G_OBJECT_CLASS (vireo_new_vm_storage_page_parent_class)->dispose (object);
}

static void
vireo_new_vm_storage_page_finalize (GObject *object)
{
  VireoNewVmStoragePage *self = VIREO_NEW_VM_STORAGE_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vireo_new_vm_storage_page_parent_class)->finalize (object);
}

static void
vireo_new_vm_storage_page_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  VireoNewVmStoragePage *self = VIREO_NEW_VM_STORAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_new_vm_storage_page_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  VireoNewVmStoragePage *self = VIREO_NEW_VM_STORAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      self->plan = g_value_dup_object (value);
      break;
    case PROP_CONNECTION:
      set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_new_vm_storage_page_class_init (VireoNewVmStoragePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vireo_new_vm_storage_page_constructed;
  object_class->dispose = vireo_new_vm_storage_page_dispose;
  object_class->finalize = vireo_new_vm_storage_page_finalize;
  object_class->get_property = vireo_new_vm_storage_page_get_property;
  object_class->set_property = vireo_new_vm_storage_page_set_property;

  properties[PROP_PLAN] =
      g_param_spec_object ("plan", NULL, NULL, VIREO_TYPE_INSTALL_PLAN,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* the chosen connection (the pool browser, whether files are local) */
  properties[PROP_CONNECTION] =
      g_param_spec_object ("connection", NULL, NULL, VIREO_TYPE_CONNECTION,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-new-vm-storage-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoNewVmStoragePage, name)
  BIND (storage_choice_group);
  BIND (import_note_group);
  BIND (import_note);
  BIND (storage_new);
  BIND (storage_existing);
  BIND (storage_none);
  BIND (new_disk_group);
  BIND (pool_row);
  BIND (size_spin);
  BIND (format_row);
  BIND (allocate_switch);
  BIND (sparse_warning);
  BIND (existing_group);
  BIND (disk_path_row);
  BIND (disk_browse);
  BIND (disk_access_error);
  BIND (storage_error);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, format_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, pool_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, storage_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, volume_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "storage.browse", NULL, browse_action);
  gtk_widget_class_install_action (widget_class, "storage.choose-volume", NULL, choose_volume_action);
}

static void
vireo_new_vm_storage_page_init (VireoNewVmStoragePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  /* Enter in a spin button = Forward (GtkSpinButton has no activates-default in 4.8;
   * its text delegate has) */
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->size_spin))), TRUE);
}
