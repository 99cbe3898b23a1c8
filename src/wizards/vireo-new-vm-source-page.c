/* vireo-new-vm-source-page.c — the New VM wizard, step 1: the connection and the install source
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection (its host facts are fetched here and handed to the wizard,
 * which gives them to the steps that use them), the install method and its
 * media, local CD/DVD drives, the advanced architecture and domain type, and
 * whether QEMU can read the chosen image (Forward waits while it cannot).
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-new-vm-source-page.h"
#include "vireo-pool-browser.h"

struct _VireoNewVmSourcePage
{
  AdwPreferencesPage   parent_instance;

  VireoInstallPlan    *plan;
  GListModel          *connections;
  GPtrArray           *usable;          /* VireoConnection shown in connection_row */
  GPtrArray           *watched;         /* connections whose state we follow */
  VireoConnection     *connection;      /* the chosen one */
  VireoHostCaps       *caps;
  GPtrArray           *arch_values;     /* "" then architecture names */
  GPtrArray           *virt_values;     /* "" then domain types */
  GCancellable        *cancellable;     /* the page's life */
  GCancellable        *caps_cancellable;
  VireoImageAccessFunc access_func;     /* tests; NULL: the real check on qemu:///system */
  guint                access_serial;   /* drops stale image access answers */
  guint                caps_read : 1;   /* the plan read self->caps' capabilities */
  guint                updating : 1;

  /* template children */
  AdwComboRow         *connection_row;
  GtkWidget           *no_connection_label;
  GtkWidget           *method_iso;
  GtkWidget           *method_url;
  GtkWidget           *method_pxe;
  GtkWidget           *method_import;
  GtkWidget           *method_manual;
  GtkWidget           *media_group;
  AdwComboRow         *media_source_row;
  GtkWidget           *iso_row;
  GtkWidget           *iso_browse;
  GtkWidget           *url_row;
  GtkWidget           *kickstart_row;
  GtkWidget           *kargs_row;
  GtkWidget           *import_row;
  GtkWidget           *import_browse;
  GtkWidget           *media_access_error;
  GtkWidget           *pxe_label;
  AdwComboRow         *arch_row;
  AdwComboRow         *virt_row;
  GtkWidget           *machine_row;
  GtkWidget           *xen_pv_row;
  GtkWidget           *xen_pv_switch;
  GtkWidget           *kvm_label;
  GtkWidget           *method_error;
};

static void page_iface_init (VireoNewVmPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoNewVmSourcePage, vireo_new_vm_source_page, ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_NEW_VM_PAGE, page_iface_init))

enum
{
  PROP_0,
  PROP_PLAN,
  PROP_CONNECTION,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_HOST_CAPS_LOADED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static VireoInstallMethod
current_method (VireoNewVmSourcePage *self)
{
  VireoInstallMethod method;

  g_object_get (self->plan, "method", &method, NULL);
  return method;
}

static void
update_method_widgets (VireoNewVmSourcePage *self)
{
  VireoInstallMethod method = current_method (self);
  gboolean local = vireo_new_vm_page_connection_is_local (self->connection);
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
  gtk_widget_set_visible (self->xen_pv_row, xen);
}

static void
method_toggled_cb (GtkCheckButton       *button,
                   VireoNewVmSourcePage *self)
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

  /* the storage step follows: an imported image is the disk */
  g_object_set (self->plan, "method", method, NULL);
  update_method_widgets (self);
  vireo_new_vm_page_set_error_label (self->method_error, NULL);
}

/* the plan's method, however it was chosen: its button and its rows */
static void
plan_method_cb (VireoNewVmSourcePage *self)
{
  GtkWidget *buttons[] = { [VIREO_INSTALL_METHOD_ISO] = self->method_iso,
                           [VIREO_INSTALL_METHOD_URL] = self->method_url,
                           [VIREO_INSTALL_METHOD_PXE] = self->method_pxe,
                           [VIREO_INSTALL_METHOD_IMPORT] = self->method_import,
                           [VIREO_INSTALL_METHOD_MANUAL] = self->method_manual };
  VireoInstallMethod method = current_method (self);

  if ((guint) method < G_N_ELEMENTS (buttons) && buttons[method] != NULL)
    {
      self->updating = TRUE;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (buttons[method]), TRUE);
      self->updating = FALSE;
    }
  update_method_widgets (self);
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
fill_advanced (VireoNewVmSourcePage *self)
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

  /* the plan read the host's capabilities (vireo_new_vm_source_page_set_host_caps) */
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
advanced_selected_cb (AdwComboRow          *row,
                      GParamSpec           *pspec,
                      VireoNewVmSourcePage *self)
{
  guint selected = adw_combo_row_get_selected (row);
  GPtrArray *values = row == self->arch_row ? self->arch_values : self->virt_values;

  if (self->updating || selected >= values->len)
    return;
  g_object_set (self->plan, row == self->arch_row ? "arch" : "virt-type",
                g_ptr_array_index (values, selected), NULL);
  update_method_widgets (self);
}

/* -- local media: ISO file or the host's CD/DVD drives -------------------- */

static void
fill_media_sources (VireoNewVmSourcePage *self)
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
  update_method_widgets (self);
}

static void
media_source_selected_cb (AdwComboRow          *row,
                          GParamSpec           *pspec,
                          VireoNewVmSourcePage *self)
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
  update_method_widgets (self);
}

/* -- can QEMU read the chosen ISO or image? ---------------------------------- */

static void
access_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VireoNewVmSourcePage *self = VIREO_NEW_VM_SOURCE_PAGE (object);
  g_autoptr (GError) error = NULL;

  if (!vireo_new_vm_page_check_access_finish (result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (GPOINTER_TO_UINT (user_data) != self->access_serial)
    return;
  vireo_new_vm_page_set_error_label (self->media_access_error, error);
  /* QEMU reads the media: nothing for the summary to warn about */
  g_object_set (self->plan, "media-readable", error == NULL, NULL);
  vireo_new_vm_page_ready_changed (VIREO_NEW_VM_PAGE (self));
}

/* QEMU of a local qemu:///system runs as its own user: say on the page when
 * it could not open the ISO or image (vireo_image_access_check), and hold
 * Forward there. Other connections: QEMU runs as the person, or the file is
 * on another machine. */
static void
check_image_access (VireoNewVmSourcePage *self)
{
  VireoInstallMethod method = current_method (self);
  VireoImageAccessFunc func = vireo_new_vm_page_access_func (self->access_func, self->connection);
  g_autofree char *media = NULL;
  g_autofree char *disk = NULL;
  const char *path;

  g_object_get (self->plan, "media-path", &media, "disk-path", &disk, NULL);
  self->access_serial++;
  g_object_set (self->plan, "media-readable", FALSE, NULL);
  path = method == VIREO_INSTALL_METHOD_ISO ? media : method == VIREO_INSTALL_METHOD_IMPORT ? disk : NULL;
  vireo_new_vm_page_set_error_label (self->media_access_error, NULL);
  /* a missing file or a relative path is the plan's own message */
  if (func != NULL && path != NULL && g_path_is_absolute (path) && g_file_test (path, G_FILE_TEST_EXISTS))
    vireo_new_vm_page_check_access_async (self, func, path, method == VIREO_INSTALL_METHOD_IMPORT,
                                          self->cancellable, access_done_cb,
                                          GUINT_TO_POINTER (self->access_serial));
  vireo_new_vm_page_ready_changed (VIREO_NEW_VM_PAGE (self));
}

/* -- actions: file choosers and the pool browser ------------------------------ */

static void
iso_volume_chosen_cb (GtkWidget            *browser,
                      const char           *path,
                      VireoNewVmSourcePage *self)
{
  self->updating = TRUE;
  adw_combo_row_set_selected (self->media_source_row, 0);
  self->updating = FALSE;
  update_method_widgets (self);
  g_object_set (self->plan, "media-path", path, NULL);
}

static void
import_volume_chosen_cb (GtkWidget            *browser,
                         const char           *path,
                         VireoNewVmSourcePage *self)
{
  g_object_set (self->plan, "disk-path", path, NULL);
}

static void
choose_iso_volume_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  vireo_new_vm_page_open_pool_browser (widget, VIREO_NEW_VM_SOURCE_PAGE (widget)->connection,
                                       _("Choose an ISO Image"), G_CALLBACK (iso_volume_chosen_cb));
}

static void
choose_import_volume_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  vireo_new_vm_page_open_pool_browser (widget, VIREO_NEW_VM_SOURCE_PAGE (widget)->connection,
                                       _("Choose a Disk Image to Import"), G_CALLBACK (import_volume_chosen_cb));
}

static void
browse_iso_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  vireo_new_vm_page_browse (widget, VIREO_NEW_VM_SOURCE_PAGE (widget)->iso_row, _("Choose an ISO Image"), TRUE);
}

static void
browse_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  vireo_new_vm_page_browse (widget, VIREO_NEW_VM_SOURCE_PAGE (widget)->import_row, _("Choose a Disk Image"),
                            FALSE);
}

/* -- the connection and its facts -------------------------------------------- */

static void
host_caps_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VireoNewVmSourcePage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoHostCaps) caps = NULL;

  caps = vireo_connection_get_host_caps_finish (VIREO_CONNECTION (object), result, &error);
  if (caps == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vireo_new_vm_page_set_error_label (self->method_error, error);
      return;
    }
  if (VIREO_CONNECTION (object) != self->connection)
    return;
  /* the wizard hands them to every step that uses them */
  g_signal_emit (self, signals[SIGNAL_HOST_CAPS_LOADED], 0, caps);
}

static void
connection_changed (VireoNewVmSourcePage *self)
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
  if (connection != NULL)
    {
      g_object_set (self->plan, "uri", vireo_connection_get_uri (connection), NULL);
      self->caps_cancellable = g_cancellable_new ();
      vireo_connection_get_host_caps_async (connection, self->caps_cancellable, host_caps_cb, self);
      update_method_widgets (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

static void
connection_selected_cb (AdwComboRow          *row,
                        GParamSpec           *pspec,
                        VireoNewVmSourcePage *self)
{
  if (!self->updating)
    connection_changed (self);
}

static void rebuild_connections (VireoNewVmSourcePage *self,
                                 VireoConnection      *preferred);

static void
connection_state_cb (VireoNewVmSourcePage *self)
{
  rebuild_connections (self, self->connection);
}

/* the connections that can create VMs, @preferred chosen when it is one */
static void
rebuild_connections (VireoNewVmSourcePage *self,
                     VireoConnection      *preferred)
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
        }
      if (vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED
          || vireo_connection_get_read_only (connection))
        continue;
      if (connection == preferred)
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
  connection_changed (self);
}

static void
connections_changed_cb (VireoNewVmSourcePage *self)
{
  rebuild_connections (self, self->connection);
}

/* -- VireoNewVmPage ---------------------------------------------------------- */

static void
source_page_show_error (VireoNewVmPage *page,
                        const GError   *error)
{
  vireo_new_vm_page_set_error_label (VIREO_NEW_VM_SOURCE_PAGE (page)->method_error, error);
}

static gboolean
source_page_is_ready (VireoNewVmPage *page)
{
  return !gtk_widget_get_visible (VIREO_NEW_VM_SOURCE_PAGE (page)->media_access_error);
}

static void
page_iface_init (VireoNewVmPageInterface *iface)
{
  iface->show_error = source_page_show_error;
  iface->is_ready = source_page_is_ready;
}

/* -- public ------------------------------------------------------------------ */

void
vireo_new_vm_source_page_set_connections (VireoNewVmSourcePage *self,
                                          GListModel           *connections,
                                          VireoConnection      *preferred)
{
  g_return_if_fail (VIREO_IS_NEW_VM_SOURCE_PAGE (self));
  g_return_if_fail (G_IS_LIST_MODEL (connections));
  g_return_if_fail (self->connections == NULL);

  self->connections = g_object_ref (connections);
  g_signal_connect_object (connections, "items-changed", G_CALLBACK (connections_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rebuild_connections (self, preferred);
}

VireoConnection *
vireo_new_vm_source_page_get_connection (VireoNewVmSourcePage *self)
{
  g_return_val_if_fail (VIREO_IS_NEW_VM_SOURCE_PAGE (self), NULL);

  return self->connection;
}

void
vireo_new_vm_source_page_set_host_caps (VireoNewVmSourcePage *self,
                                        VireoHostCaps        *caps)
{
  g_autoptr (GError) error = NULL;
  guint max_vcpus;

  g_return_if_fail (VIREO_IS_NEW_VM_SOURCE_PAGE (self));
  g_return_if_fail (caps != NULL);

  vireo_host_caps_ref (caps);
  g_clear_pointer (&self->caps, vireo_host_caps_unref);
  self->caps = caps;

  self->caps_read = vireo_install_plan_set_capabilities (self->plan, caps->capabilities_xml, &error);
  if (!self->caps_read)
    vireo_new_vm_page_set_error_label (self->method_error, error);
  max_vcpus = vireo_host_resources_parse_max_vcpus (caps->domain_caps_xml);
  g_object_set (self->plan,
                "host-memory-mib", (guint) (caps->memory_kib / 1024),
                "host-cpus", caps->cpus,
                /* the domain capabilities' limit, else the host's CPUs */
                "max-vcpus", max_vcpus > 0 ? max_vcpus : caps->cpus,
                "bios-available", caps->bios_available,
                "uefi-available", caps->uefi_available,
                NULL);
  vireo_install_plan_set_domain_capabilities (self->plan, caps->domain_caps_xml);
  fill_advanced (self);
  fill_media_sources (self);
}

void
_vireo_new_vm_source_page_set_image_access_func (VireoNewVmSourcePage *self,
                                                 VireoImageAccessFunc  func)
{
  g_return_if_fail (VIREO_IS_NEW_VM_SOURCE_PAGE (self));

  self->access_func = func;
  check_image_access (self);
}

/* -- object ------------------------------------------------------------------ */

static void
bind_text (VireoNewVmSourcePage *self,
           GtkWidget            *editable,
           const char           *property)
{
  g_object_bind_property (self->plan, property, editable, "text",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

static void
vireo_new_vm_source_page_constructed (GObject *object)
{
  VireoNewVmSourcePage *self = VIREO_NEW_VM_SOURCE_PAGE (object);
  /* the media, image, storage or connection changed: can QEMU read it? */
  static const char *const access[] = { "notify::media-path", "notify::disk-path", "notify::method",
                                        "notify::storage-mode", "notify::uri" };

  G_OBJECT_CLASS (vireo_new_vm_source_page_parent_class)->constructed (object);

  g_assert (self->plan != NULL);
  bind_text (self, self->iso_row, "media-path");
  bind_text (self, self->url_row, "tree-url");
  bind_text (self, self->kickstart_row, "kickstart-url");
  bind_text (self, self->kargs_row, "kernel-args");
  bind_text (self, self->import_row, "disk-path");
  bind_text (self, self->machine_row, "machine");
  g_object_bind_property (self->plan, "xen-pv", self->xen_pv_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->plan, "notify::method", G_CALLBACK (plan_method_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (access); i++)
    g_signal_connect_object (self->plan, access[i], G_CALLBACK (check_image_access), self, G_CONNECT_SWAPPED);
  plan_method_cb (self);
}

static void
vireo_new_vm_source_page_dispose (GObject *object)
{
  VireoNewVmSourcePage *self = VIREO_NEW_VM_SOURCE_PAGE (object);

  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->caps_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_NEW_VM_SOURCE_PAGE);
  g_clear_object (&self->plan);
  g_clear_object (&self->connection);
  g_clear_object (&self->connections);
  g_clear_pointer (&self->usable, g_ptr_array_unref);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_pointer (&self->caps, vireo_host_caps_unref);

  G_OBJECT_CLASS (vireo_new_vm_source_page_parent_class)->dispose (object);
}

static void
vireo_new_vm_source_page_finalize (GObject *object)
{
  VireoNewVmSourcePage *self = VIREO_NEW_VM_SOURCE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->caps_cancellable);
  g_ptr_array_unref (self->arch_values);
  g_ptr_array_unref (self->virt_values);

  G_OBJECT_CLASS (vireo_new_vm_source_page_parent_class)->finalize (object);
}

static void
vireo_new_vm_source_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  VireoNewVmSourcePage *self = VIREO_NEW_VM_SOURCE_PAGE (object);

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
vireo_new_vm_source_page_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  VireoNewVmSourcePage *self = VIREO_NEW_VM_SOURCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      self->plan = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_new_vm_source_page_class_init (VireoNewVmSourcePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vireo_new_vm_source_page_constructed;
  object_class->dispose = vireo_new_vm_source_page_dispose;
  object_class->finalize = vireo_new_vm_source_page_finalize;
  object_class->get_property = vireo_new_vm_source_page_get_property;
  object_class->set_property = vireo_new_vm_source_page_set_property;

  properties[PROP_PLAN] =
      g_param_spec_object ("plan", NULL, NULL, VIREO_TYPE_INSTALL_PLAN,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* the chosen connection; the other steps follow it */
  properties[PROP_CONNECTION] =
      g_param_spec_object ("connection", NULL, NULL, VIREO_TYPE_CONNECTION,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_HOST_CAPS_LOADED] =
      g_signal_new ("host-caps-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, VIREO_TYPE_HOST_CAPS);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-new-vm-source-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoNewVmSourcePage, name)
  BIND (connection_row);
  BIND (no_connection_label);
  BIND (method_iso);
  BIND (method_url);
  BIND (method_pxe);
  BIND (method_import);
  BIND (method_manual);
  BIND (media_group);
  BIND (media_source_row);
  BIND (iso_row);
  BIND (iso_browse);
  BIND (url_row);
  BIND (kickstart_row);
  BIND (kargs_row);
  BIND (import_row);
  BIND (import_browse);
  BIND (media_access_error);
  BIND (pxe_label);
  BIND (arch_row);
  BIND (virt_row);
  BIND (machine_row);
  BIND (xen_pv_row);
  BIND (xen_pv_switch);
  BIND (kvm_label);
  BIND (method_error);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, advanced_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, connection_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, media_source_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, method_toggled_cb);

  gtk_widget_class_install_action (widget_class, "source.browse-iso", NULL, browse_iso_action);
  gtk_widget_class_install_action (widget_class, "source.choose-iso-volume", NULL, choose_iso_volume_action);
  gtk_widget_class_install_action (widget_class, "source.browse-import", NULL, browse_import_action);
  gtk_widget_class_install_action (widget_class, "source.choose-import-volume", NULL,
                                   choose_import_volume_action);
}

static void
vireo_new_vm_source_page_init (VireoNewVmSourcePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->usable = g_ptr_array_new_with_free_func (g_object_unref);
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->arch_values = g_ptr_array_new_with_free_func (g_free);
  self->virt_values = g_ptr_array_new_with_free_func (g_free);
}
