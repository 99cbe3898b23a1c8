/* vireo-new-vm-wizard.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Five steps over one VireoInstallPlan: connection and method, operating
 * system, memory and CPUs, storage, name/network/summary. The pages bind to
 * the plan's properties; Finish hands the plan to a VireoInstallRunner. A
 * failed run removes what it created (the runner does) and brings the
 * person back to the page the error belongs to, with every answer kept.
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "vireo-host-caps.h"
#include "vireo-new-vm-wizard-private.h"
#include "vireo-new-vm-wizard.h"
#include "vireo-pool-browser.h"

enum
{
  PAGE_METHOD,
  PAGE_OS,
  PAGE_RESOURCES,
  PAGE_STORAGE,
  PAGE_FINISH,
  PAGE_XML,
  PAGE_PROGRESS,
};
#define N_STEPS 5

static const char *page_names[] = { "method", "os", "resources", "storage", "finish", "xml", "progress" };

typedef struct
{
  VireoNetworkMode mode;
  char            *source;  /* network, bridge or device; NULL when typed in device_row */
  gboolean         inactive; /* a virtual network that is not running */
} NetworkChoice;

struct _VireoNewVmWizard
{
  AdwWindow           parent_instance;

  GListModel         *connections;
  GPtrArray          *usable;          /* VireoConnection shown in connection_row */
  GPtrArray          *watched;         /* connections whose state we follow */
  VireoConnection    *connection;      /* the chosen one */
  VireoInstallPlan   *plan;
  VireoHostCaps      *caps;
  VireoOsDatabase    *osdb;
  gboolean            caps_read;   /* the plan read self->caps' capabilities */
  GtkCustomFilter    *os_filter;
  GtkSingleSelection *os_selection;
  GArray             *network_choices; /* NetworkChoice */
  GPtrArray          *arch_values;     /* "" then architecture names */
  GPtrArray          *virt_values;     /* "" then domain types */
  GCancellable       *cancellable;     /* the window's life */
  GCancellable       *caps_cancellable;
  GCancellable       *detect_cancellable;
  GCancellable       *run_cancellable;
  GCancellable       *networks_cancellable;
  gboolean            networks_again;  /* changed while being read */
  VireoInstallRunner *runner;
  gulong              plan_notify_id;
  char               *detected_for;    /* media path or URL last detected */
  char               *tree_error;      /* why the install tree URL was not usable */
  char               *created_uuid;
  guint               poll_source;
  guint               poll_count;
  guint               page;
  guint               access_serial;   /* drops stale image access answers */
  VireoImageAccessFunc access_func;    /* tests; NULL: the real check on qemu:///system */
  guint               dirty : 1;
  guint               name_edited : 1;
  guint               setting_name : 1;
  guint               updating : 1;
  guint               closing : 1;

  /* template children */
  AdwWindowTitle     *window_title;
  GtkWidget          *cancel_button;
  GtkWidget          *back_button;
  GtkWidget          *forward_button;
  GtkStack           *stack;
  AdwComboRow        *connection_row;
  GtkWidget          *no_connection_label;
  GtkWidget          *method_iso;
  GtkWidget          *method_url;
  GtkWidget          *method_pxe;
  GtkWidget          *method_import;
  GtkWidget          *method_manual;
  GtkWidget          *media_group;
  AdwComboRow        *media_source_row;
  GtkWidget          *iso_row;
  GtkWidget          *iso_browse;
  GtkWidget          *iso_volume;
  GtkWidget          *import_volume;
  GtkWidget          *disk_volume_row;
  GtkWidget          *network_inactive_row;
  GtkWidget          *network_start_button;
  GtkWidget          *firmware_error;
  GtkWidget          *media_access_error;
  GtkWidget          *disk_access_error;
  GtkWidget          *url_row;
  GtkWidget          *kickstart_row;
  GtkWidget          *kargs_row;
  GtkWidget          *import_row;
  GtkWidget          *import_browse;
  GtkWidget          *pxe_label;
  AdwComboRow        *arch_row;
  AdwComboRow        *virt_row;
  GtkWidget          *machine_row;
  GtkWidget          *xen_pv_row;
  GtkWidget          *xen_pv_switch;
  GtkWidget          *kvm_label;
  GtkWidget          *method_error;
  AdwActionRow       *detect_row;
  GtkSpinner         *detect_spinner;
  AdwActionRow       *os_row;
  GtkWidget          *os_search;
  GtkListView        *os_list;
  GtkWidget          *os_error;
  AdwPreferencesGroup *resources_group;
  GtkWidget          *memory_spin;
  GtkWidget          *vcpus_spin;
  GtkWidget          *resources_warning;
  GtkWidget          *resources_error;
  GtkWidget          *storage_choice_group;
  GtkWidget          *import_note_group;
  GtkWidget          *import_note;
  GtkWidget          *storage_new;
  GtkWidget          *storage_existing;
  GtkWidget          *storage_none;
  GtkWidget          *new_disk_group;
  AdwComboRow        *pool_row;
  GtkWidget          *size_spin;
  AdwComboRow        *format_row;
  GtkWidget          *allocate_switch;
  GtkWidget          *sparse_warning;
  GtkWidget          *existing_group;
  GtkWidget          *disk_path_row;
  GtkWidget          *disk_browse;
  GtkWidget          *storage_error;
  GtkWidget          *name_row;
  GtkWidget          *name_rule;
  GtkWidget          *name_error;
  AdwComboRow        *network_row;
  GtkWidget          *device_row;
  GtkWidget          *mac_row;
  AdwComboRow        *firmware_row;
  GtkWidget          *network_error;
  AdwActionRow       *sum_os;
  AdwActionRow       *sum_media;
  AdwActionRow       *sum_resources;
  AdwActionRow       *sum_disk;
  AdwActionRow       *sum_network;
  GtkWidget          *warnings_label;
  GtkWidget          *customize_switch;
  GtkWidget          *finish_error;
  GtkWidget          *xml_error;
  GtkWidget          *xml_install_note;  /* the install phase boots the edit too */
  GtkTextView        *xml_view;
  GtkWidget          *progress_label;
  GtkProgressBar     *progress_bar;
};

G_DEFINE_FINAL_TYPE (VireoNewVmWizard, vireo_new_vm_wizard, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_DOMAIN_CREATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void update_buttons (VireoNewVmWizard *self);
static void update_summary (VireoNewVmWizard *self);
static void update_name_check (VireoNewVmWizard *self);
static void connection_changed (VireoNewVmWizard *self);


static void
network_choice_clear (NetworkChoice *choice)
{
  g_free (choice->source);
}

/* once laid out, scrolls the page that holds @widget so that it is in view */
static gboolean
scroll_into_view_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double value, page;

  /* ticks come before the frame's layout: the first frame lays out the
   * newly shown widget, the second one scrolls to where it went */
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "vireo-scroll-tick")) < 2)
    {
      g_object_set_data (G_OBJECT (widget), "vireo-scroll-tick", GUINT_TO_POINTER (2));
      return G_SOURCE_CONTINUE;
    }
  g_object_set_data (G_OBJECT (widget), "vireo-scroll-tick", NULL);
  if (scrolled == NULL || !gtk_widget_get_mapped (widget))
    return G_SOURCE_REMOVE;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  if (content == NULL || !gtk_widget_compute_bounds (widget, content, &bounds))
    return G_SOURCE_REMOVE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  /* the content of a viewport is drawn shifted by the adjustment's value */
  if (GTK_IS_VIEWPORT (content))
    {
      GtkWidget *child = gtk_viewport_get_child (GTK_VIEWPORT (content));

      if (child == NULL || !gtk_widget_compute_bounds (widget, child, &bounds))
        return G_SOURCE_REMOVE;
    }
  if (bounds.origin.y + bounds.size.height > value + page)
    gtk_adjustment_set_value (adjustment, bounds.origin.y + bounds.size.height - page + 12);
  else if (bounds.origin.y < value)
    gtk_adjustment_set_value (adjustment, MAX (bounds.origin.y - 12, 0));
  return G_SOURCE_REMOVE;
}

static void
scroll_into_view (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), "vireo-scroll-tick") != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), "vireo-scroll-tick", GUINT_TO_POINTER (1));
  gtk_widget_add_tick_callback (widget, scroll_into_view_cb, NULL, NULL);
}

static void
set_error_label (GtkWidget    *label,
                 const GError *error)
{
  if (error == NULL)
    {
      gtk_widget_set_visible (label, FALSE);
      return;
    }
  gtk_label_set_text (GTK_LABEL (label), error->message);
  gtk_widget_set_visible (label, TRUE);
  scroll_into_view (label);
}

static GtkWidget *
page_error_label (VireoNewVmWizard *self,
                  guint             page)
{
  switch (page)
    {
    case PAGE_METHOD: return self->method_error;
    case PAGE_OS: return self->os_error;
    case PAGE_RESOURCES: return self->resources_error;
    case PAGE_STORAGE: return self->storage_error;
    case PAGE_XML: return self->xml_error;
    default: return self->finish_error;
    }
}

static void
clear_errors (VireoNewVmWizard *self)
{
  for (guint i = PAGE_METHOD; i <= PAGE_FINISH; i++)
    set_error_label (page_error_label (self, i), NULL);
  set_error_label (self->xml_error, NULL);
  set_error_label (self->network_error, NULL);
  set_error_label (self->firmware_error, NULL);
}

/* the step an answer's error belongs to */
static guint
page_for_error (const GError *error)
{
  if (error->domain != VIREO_INSTALL_PLAN_ERROR)
    return PAGE_FINISH;
  switch ((VireoInstallPlanError) error->code)
    {
    case VIREO_INSTALL_PLAN_ERROR_METHOD:
    case VIREO_INSTALL_PLAN_ERROR_MEDIA:
    case VIREO_INSTALL_PLAN_ERROR_ARCH:
    case VIREO_INSTALL_PLAN_ERROR_CAPABILITIES:
      return PAGE_METHOD;
    case VIREO_INSTALL_PLAN_ERROR_OS:
      return PAGE_OS;
    case VIREO_INSTALL_PLAN_ERROR_MEMORY:
    case VIREO_INSTALL_PLAN_ERROR_VCPUS:
      return PAGE_RESOURCES;
    case VIREO_INSTALL_PLAN_ERROR_STORAGE:
      return PAGE_STORAGE;
    case VIREO_INSTALL_PLAN_ERROR_XML:
      return PAGE_XML;
    case VIREO_INSTALL_PLAN_ERROR_NAME:
    case VIREO_INSTALL_PLAN_ERROR_NETWORK:
    case VIREO_INSTALL_PLAN_ERROR_MAC:
    case VIREO_INSTALL_PLAN_ERROR_FIRMWARE:
    default:
      return PAGE_FINISH;
    }
}

static gboolean
connection_is_local (VireoNewVmWizard *self)
{
  g_autoptr (GUri) uri = NULL;
  const char *host;

  if (self->connection == NULL)
    return TRUE;
  uri = g_uri_parse (vireo_connection_get_uri (self->connection), G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return TRUE;
  host = g_uri_get_host (uri);
  return host == NULL || *host == '\0';
}

static gboolean
name_taken (VireoNewVmWizard *self,
            const char       *name)
{
  GListModel *domains;

  if (self->connection == NULL)
    return FALSE;
  domains = vireo_connection_get_domains (self->connection);
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr (VireoDomain) domain = g_list_model_get_item (domains, i);

      if (g_strcmp0 (vireo_domain_get_name (domain), name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* the name field is filled in for the person until they type one */
static void
suggest_name (VireoNewVmWizard *self)
{
  const VireoOsDevices *devices = vireo_install_plan_get_os_devices (self->plan);
  const char *base = devices->short_id != NULL ? devices->short_id : "vm";
  g_autofree char *name = NULL;

  if (self->name_edited)
    return;
  name = g_strdup (base);
  for (guint i = 2; name_taken (self, name) && i < 1000; i++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u", base, i);
    }
  self->setting_name = TRUE;
  g_object_set (self->plan, "name", name, NULL);
  self->setting_name = FALSE;
}

static gboolean
check_name (VireoNewVmWizard *self,
            GError          **error)
{
  g_autofree char *name = NULL;

  g_object_get (self->plan, "name", &name, NULL);
  if (!vireo_install_plan_validate_name (name, error))
    return FALSE;
  if (name_taken (self, name))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: “%s” is already the name of a virtual machine on this connection. %s"),
                   name, vireo_install_plan_name_rule ());
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_mac (VireoNewVmWizard *self,
           GError          **error)
{
  g_autofree char *mac = NULL;

  g_object_get (self->plan, "mac", &mac, NULL);
  return mac == NULL || *mac == '\0' || vireo_install_plan_validate_mac (mac, error);
}

/* Validates what the steps up to @page answer: the plan's first problem
 * counts when it belongs to one of them. */
static VireoInstallMethod current_method (VireoNewVmWizard *self);

static gboolean
check_page (VireoNewVmWizard *self,
            guint             page,
            GError          **error)
{
  g_autoptr (GError) local = NULL;

  if (self->connection == NULL)
    {
      g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD,
                           _("Choose a connection that can create virtual machines."));
      return FALSE;
    }
  if (page >= PAGE_OS && current_method (self) == VIREO_INSTALL_METHOD_URL)
    {
      g_autofree char *kernel = NULL;

      g_object_get (self->plan, "kernel-path", &kernel, NULL);
      if (kernel == NULL || *kernel == '\0')
        {
          if (self->tree_error != NULL)
            g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_OS,
                                 self->tree_error);
          else
            g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_OS,
                                 _("The install tree has not been read yet, so it is not known which "
                                   "installer to start. Wait until the detection above has finished."));
          return FALSE;
        }
    }
  if (page >= PAGE_FINISH && (!check_name (self, error) || !check_mac (self, error)))
    return FALSE;
  if (!vireo_install_plan_validate (self->plan, &local) && page_for_error (local) <= page)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* -- step 1: connection and method ---------------------------------------- */

static VireoInstallMethod
current_method (VireoNewVmWizard *self)
{
  VireoInstallMethod method;

  g_object_get (self->plan, "method", &method, NULL);
  return method;
}

static void
update_method_widgets (VireoNewVmWizard *self)
{
  VireoInstallMethod method = current_method (self);
  gboolean local = connection_is_local (self);
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
update_storage_widgets (VireoNewVmWizard *self)
{
  VireoStorageMode mode;
  gboolean allocate;
  VireoInstallMethod method = current_method (self);

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
  update_method_widgets (self);
  update_storage_widgets (self);
  set_error_label (self->method_error, NULL);
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
  if (current_method (self) != VIREO_INSTALL_METHOD_IMPORT)
    g_object_set (self->plan, "storage-mode", mode, NULL);
  update_storage_widgets (self);
  set_error_label (self->storage_error, NULL);
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

  /* the plan read the host's capabilities (apply_host_caps) */
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
  update_method_widgets (self);
}

static void
fill_pools (VireoNewVmWizard *self)
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
add_network_choice (VireoNewVmWizard *self,
                    GtkStringList    *labels,
                    const char       *label,
                    VireoNetworkMode  mode,
                    const char       *source,
                    gboolean          inactive)
{
  NetworkChoice choice = { mode, g_strdup (source), inactive };

  g_array_append_val (self->network_choices, choice);
  gtk_string_list_append (labels, label);
}

/* Virtual networks (with their state), the host's bridges and the devices
 * macvtap can share (from the host facts), user-mode networking on session
 * connections, and a bridge or device typed by name. @keep: the network,
 * bridge or device to keep selected (NULL: the default network). */
static void
fill_networks (VireoNewVmWizard *self,
               const char       *keep)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  gboolean session = vireo_install_plan_is_session (self->plan);
  guint selected = 0;

  g_array_set_size (self->network_choices, 0);
  if (session)
    add_network_choice (self, labels, _("User-mode networking"), VIREO_NETWORK_MODE_USER, NULL, FALSE);
  if (self->caps != NULL)
    for (guint i = 0; i < self->caps->networks->len; i++)
      {
        VireoNetworkFacts *net = g_ptr_array_index (self->caps->networks, i);
        g_autofree char *label = NULL;

        label = g_strdup_printf (net->active ? _("Virtual network “%s”") : _("Virtual network “%s” (inactive)"),
                                 net->name);
        if (keep != NULL ? g_str_equal (net->name, keep) : !session && g_str_equal (net->name, "default"))
          selected = self->network_choices->len;
        add_network_choice (self, labels, label, VIREO_NETWORK_MODE_NETWORK, net->name, !net->active);
      }
  if (self->caps != NULL && self->caps->interfaces != NULL)
    for (guint i = 0; i < self->caps->interfaces->len; i++)
      {
        VireoInterfaceFacts *iface = g_ptr_array_index (self->caps->interfaces, i);
        g_autofree char *label = NULL;
        gboolean bridge = iface->kind == VIREO_INTERFACE_BRIDGE;

        /* TRANSLATORS: "Host bridge br0" / "Host device eth0: macvtap" */
        label = g_strdup_printf (bridge ? _("Host bridge %s") : _("Host device %s: macvtap"), iface->name);
        if (g_strcmp0 (keep, iface->name) == 0)
          selected = self->network_choices->len;
        add_network_choice (self, labels, label, bridge ? VIREO_NETWORK_MODE_BRIDGE : VIREO_NETWORK_MODE_DIRECT,
                            iface->name, FALSE);
      }
  add_network_choice (self, labels, _("Another host bridge (type its name)"), VIREO_NETWORK_MODE_BRIDGE, NULL,
                      FALSE);
  add_network_choice (self, labels, _("Another host device: macvtap (type its name)"), VIREO_NETWORK_MODE_DIRECT,
                      NULL, FALSE);
  add_network_choice (self, labels, _("No network"), VIREO_NETWORK_MODE_NONE, NULL, FALSE);

  self->updating = TRUE;
  adw_combo_row_set_model (self->network_row, G_LIST_MODEL (labels));
  self->updating = FALSE;
  adw_combo_row_set_selected (self->network_row, selected);
  g_object_notify (G_OBJECT (self->network_row), "selected");
}

static void refresh_networks (VireoNewVmWizard *self);

/* Networks defined, undefined, started or stopped since the host's facts
 * came: read again whenever the connection says so ("networks-changed",
 * from libvirt's network events), so the list follows them while it is
 * shown; the choice stays when it still exists */
static void
networks_refreshed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  VireoNewVmWizard *self;
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoHostCaps) caps = NULL;
  NetworkChoice *current;
  guint selected;
  VireoNetworkMode mode;
  g_autofree char *source = NULL;
  gboolean dirty;

  caps = vireo_connection_get_host_caps_finish (VIREO_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->networks_cancellable);
  if (self->networks_again)
    {
      /* this reading may predate the latest change: read again */
      self->networks_again = FALSE;
      refresh_networks (self);
    }
  if (caps == NULL || self->caps == NULL || VIREO_CONNECTION (object) != self->connection)
    return;

  /* the same choice stays chosen */
  selected = adw_combo_row_get_selected (self->network_row);
  current = selected < self->network_choices->len
              ? &g_array_index (self->network_choices, NetworkChoice, selected) : NULL;
  mode = current != NULL ? current->mode : VIREO_NETWORK_MODE_NETWORK;
  source = current != NULL ? g_strdup (current->source) : NULL;

  g_ptr_array_unref (self->caps->networks);
  self->caps->networks = g_ptr_array_ref (caps->networks);
  dirty = self->dirty;
  fill_networks (self, source);
  for (guint i = 0; current != NULL && i < self->network_choices->len; i++)
    {
      NetworkChoice *choice = &g_array_index (self->network_choices, NetworkChoice, i);

      if (choice->mode == mode && g_strcmp0 (choice->source, source) == 0)
        {
          adw_combo_row_set_selected (self->network_row, i);
          break;
        }
    }
  self->dirty = dirty;
}

static void
refresh_networks (VireoNewVmWizard *self)
{
  if (self->networks_cancellable != NULL)
    {
      self->networks_again = TRUE;
      return;
    }
  if (self->connection == NULL || self->caps == NULL)
    return;
  self->networks_cancellable = g_cancellable_new ();
  vireo_connection_get_host_caps_async (self->connection, self->networks_cancellable,
                                        networks_refreshed_cb, self);
}

static void
networks_changed_cb (VireoNewVmWizard *self,
                     const char       *name,
                     VireoConnection  *connection)
{
  if (connection == self->connection)
    refresh_networks (self);
}

/* network names in full where they fit, else cut in the middle, where
 * names that start alike ("ipv6_…") differ */
static void
network_item_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (item, label);
}

static void
network_item_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

static void
network_selected_cb (AdwComboRow      *row,
                     GParamSpec       *pspec,
                     VireoNewVmWizard *self)
{
  guint selected = adw_combo_row_get_selected (row);
  NetworkChoice *choice;

  if (self->updating || selected >= self->network_choices->len)
    return;
  choice = &g_array_index (self->network_choices, NetworkChoice, selected);
  gtk_widget_set_visible (self->device_row, choice->source == NULL
                                              && (choice->mode == VIREO_NETWORK_MODE_BRIDGE
                                                  || choice->mode == VIREO_NETWORK_MODE_DIRECT));
  if (choice->inactive)
    {
      g_autofree char *title = g_strdup_printf (_("The virtual network “%s” is not running"), choice->source);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->network_inactive_row), title);
      gtk_widget_set_sensitive (self->network_start_button, TRUE);
    }
  gtk_widget_set_visible (self->network_inactive_row, choice->inactive);
  g_object_set (self->plan,
                "network-mode", choice->mode,
                "network-source", choice->source != NULL
                                    ? choice->source
                                    : gtk_editable_get_text (GTK_EDITABLE (self->device_row)),
                NULL);
  /* an error about the previous choice goes; one about this choice (PXE
   * without a network) is said */
  update_name_check (self);
  update_buttons (self);
}

static void
network_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  VireoNewVmWizard *self;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  if (!vireo_connection_start_network_finish (VIREO_CONNECTION (object), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_object_get (self->plan, "network-source", &name, NULL);
  if (error != NULL)
    {
      gtk_widget_set_sensitive (self->network_start_button, TRUE);
      set_error_label (self->network_error, error);
      return;
    }
  if (self->caps != NULL && VIREO_CONNECTION (object) == self->connection)
    for (guint i = 0; i < self->caps->networks->len; i++)
      {
        VireoNetworkFacts *net = g_ptr_array_index (self->caps->networks, i);

        if (g_str_equal (net->name, name))
          net->active = TRUE;
      }
  fill_networks (self, name);
}

static void
network_start_cb (VireoNewVmWizard *self)
{
  g_autofree char *name = NULL;

  if (self->connection == NULL)
    return;
  g_object_get (self->plan, "network-source", &name, NULL);
  gtk_widget_set_sensitive (self->network_start_button, FALSE);
  set_error_label (self->network_error, NULL);
  vireo_connection_start_network_async (self->connection, name, self->cancellable, network_started_cb, self);
}

static void
device_changed_cb (GtkEditable      *editable,
                   VireoNewVmWizard *self)
{
  if (gtk_widget_get_visible (self->device_row))
    g_object_set (self->plan, "network-source", gtk_editable_get_text (editable), NULL);
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
  update_method_widgets (self);
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
  update_method_widgets (self);
}

/* -- firmware ---------------------------------------------------------------- */

/* what the host has (domain capabilities) and what the OS needs */
static void
update_firmware (VireoNewVmWizard *self)
{
  g_autoptr (GError) error = NULL;
  const VireoOsDevices *os = vireo_install_plan_get_os_devices (self->plan);
  gboolean bios, uefi;
  VireoFirmware firmware;
  const char *why = NULL;

  g_object_get (self->plan, "bios-available", &bios, "uefi-available", &uefi, "firmware", &firmware, NULL);
  if (!uefi && bios)
    {
      why = _("BIOS only: no UEFI firmware is installed on this host (package ovmf)");
      if (firmware == VIREO_FIRMWARE_UEFI && os->bios_supported)
        g_object_set (self->plan, "firmware", VIREO_FIRMWARE_BIOS, NULL);
    }
  else if (!bios && uefi)
    {
      why = _("UEFI only: this host has no BIOS firmware for this architecture");
      if (firmware == VIREO_FIRMWARE_BIOS && os->efi_supported)
        g_object_set (self->plan, "firmware", VIREO_FIRMWARE_UEFI, NULL);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->firmware_row), why);
  gtk_widget_set_sensitive (GTK_WIDGET (self->firmware_row), why == NULL);
  if (why != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->firmware_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    why, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->firmware_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  if (!vireo_install_plan_check_firmware (self->plan, &error))
    set_error_label (self->firmware_error, error);
  else
    set_error_label (self->firmware_error, NULL);
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
  set_error_label (check->label, error);
  /* QEMU reads the media: nothing for the summary to warn about */
  if (check->label == self->media_access_error)
    g_object_set (self->plan, "media-readable", error == NULL, NULL);
  update_buttons (self);
}

/* QEMU of a local qemu:///system runs as its own user: say on the page when
 * it could not open the ISO or image (vireo_image_access_check), and block
 * Forward there. Other connections: QEMU runs as the person, or the file is
 * on another machine. */
static void
check_image_access (VireoNewVmWizard *self)
{
  VireoInstallMethod method = current_method (self);
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

      set_error_label (checks[i].label, NULL);
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
  update_buttons (self);
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
      update_method_widgets (self);
    }
  g_object_set (self->plan, property, path, NULL);
}

static void
open_pool_browser (VireoNewVmWizard *self,
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
  open_pool_browser (self, _("Choose an ISO Image"), "media-path");
}

static void
import_volume_cb (VireoNewVmWizard *self)
{
  open_pool_browser (self, _("Choose a Disk Image to Import"), "disk-path");
}

static void
disk_volume_cb (VireoNewVmWizard *self)
{
  open_pool_browser (self, _("Choose a Disk"), "disk-path");
}

static void apply_host_caps (VireoNewVmWizard *self,
                             VireoHostCaps    *caps);

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
        set_error_label (self->method_error, error);
      return;
    }
  if (VIREO_CONNECTION (object) != self->connection)
    {
      vireo_host_caps_unref (caps);
      return;
    }
  apply_host_caps (self, caps);
}

/* takes @caps */
static void
apply_host_caps (VireoNewVmWizard *self,
                 VireoHostCaps    *caps)
{
  g_autoptr (GError) error = NULL;
  gboolean dirty = self->dirty;
  guint max_vcpus;

  g_clear_pointer (&self->caps, vireo_host_caps_unref);
  self->caps = caps;

  self->caps_read = vireo_install_plan_set_capabilities (self->plan, caps->capabilities_xml, &error);
  if (!self->caps_read)
    set_error_label (self->method_error, error);
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
  fill_pools (self);
  fill_networks (self, NULL);
  fill_media_sources (self);
  update_firmware (self);
  update_method_widgets (self);
  update_buttons (self);
  /* what the host offers is not an answer: Cancel on an untouched wizard
   * closes it without asking */
  self->dirty = dirty;
}

static void
connection_changed (VireoNewVmWizard *self)
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
      update_buttons (self);
      return;
    }

  g_object_set (self->plan, "uri", vireo_connection_get_uri (connection), NULL);
  self->caps_cancellable = g_cancellable_new ();
  vireo_connection_get_host_caps_async (connection, self->caps_cancellable, host_caps_cb, self);
  suggest_name (self);
  update_method_widgets (self);
  update_buttons (self);
}

static void
connection_selected_cb (AdwComboRow      *row,
                        GParamSpec       *pspec,
                        VireoNewVmWizard *self)
{
  if (!self->updating)
    connection_changed (self);
}

static void rebuild_connections (VireoNewVmWizard *self);

static void
connection_state_cb (VireoNewVmWizard *self)
{
  rebuild_connections (self);
}

static void
rebuild_connections (VireoNewVmWizard *self)
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
          g_signal_connect_object (connection, "networks-changed", G_CALLBACK (networks_changed_cb),
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
  connection_changed (self);
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

static void
browse (VireoNewVmWizard *self,
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
  browse (self, self->iso_row, _("Choose an ISO Image"), TRUE);
}

static void
import_browse_cb (VireoNewVmWizard *self)
{
  browse (self, self->import_row, _("Choose a Disk Image"), FALSE);
}

static void
disk_browse_cb (VireoNewVmWizard *self)
{
  browse (self, self->disk_path_row, _("Choose a Disk Image"), FALSE);
}

/* -- step 2: operating system --------------------------------------------- */

static void
update_os_row (VireoNewVmWizard *self)
{
  const VireoOsDevices *devices = vireo_install_plan_get_os_devices (self->plan);

  adw_action_row_set_subtitle (self->os_row, devices->name != NULL
                                               ? devices->name
                                               : _("Generic (the operating system is unknown)"));
}

static void
choose_os (VireoNewVmWizard *self,
           const char       *os_id)
{
  g_autoptr (GError) error = NULL;

  if (!vireo_install_plan_set_os (self->plan, self->osdb, os_id, &error))
    set_error_label (self->os_error, error);
  else
    set_error_label (self->os_error, NULL);
  update_os_row (self);
  suggest_name (self);
}

static void
detect_done (VireoNewVmWizard *self,
             VireoOsDetection *detection,
             GError           *error)
{
  gtk_spinner_stop (self->detect_spinner);
  if (detection != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Found %s"), vireo_os_entry_get_name (detection->os));

      g_clear_pointer (&self->tree_error, g_free);

      adw_action_row_set_subtitle (self->detect_row, text);
      choose_os (self, vireo_os_entry_get_id (detection->os));
      /* the tree's own paths: Finish fetches them over HTTP into the pool */
      if (current_method (self) == VIREO_INSTALL_METHOD_URL)
        g_object_set (self->plan, "kernel-path", detection->kernel_path != NULL ? detection->kernel_path : "",
                      "initrd-path", detection->initrd_path != NULL ? detection->initrd_path : "", NULL);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = NULL;

      /* no stale paths from another tree */
      if (current_method (self) == VIREO_INSTALL_METHOD_URL)
        g_object_set (self->plan, "kernel-path", "", "initrd-path", "", NULL);

      g_clear_pointer (&self->tree_error, g_free);
      if (current_method (self) == VIREO_INSTALL_METHOD_URL &&
          g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND) &&
          strstr (error->message, ".treeinfo") != NULL)
        {
          /* not an install tree at all (404, no .treeinfo): nothing to boot;
           * the OS database is not the problem */
          self->tree_error = g_strdup (error->message);
          text = g_strdup (error->message);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        text = g_strdup (_("Detection took too long and was stopped. Choose the operating system "
                           "from the list below."));
      else if (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND))
        /* not recognised: the database's own message already gives the
         * advice (the OS database may be older than the media) */
        text = g_strdup (error->message);
      else
        text = g_strdup_printf (_("The operating system could not be recognised (%s). The OS "
                                  "database may be older than the media: choose the operating "
                                  "system from the list below."),
                                error->message);
      adw_action_row_set_subtitle (self->detect_row, text);
    }
}

static void
detect_media_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoOsDetection) detection =
      vireo_os_database_detect_media_finish (VIREO_OS_DATABASE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  detect_done (user_data, detection, error);
}

static void
detect_tree_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoOsDetection) detection =
      vireo_os_database_detect_tree_finish (VIREO_OS_DATABASE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  detect_done (user_data, detection, error);
}

static void
start_detection (VireoNewVmWizard *self)
{
  VireoInstallMethod method = current_method (self);
  g_autofree char *source = NULL;

  if (method == VIREO_INSTALL_METHOD_ISO)
    g_object_get (self->plan, "media-path", &source, NULL);
  else if (method == VIREO_INSTALL_METHOD_URL)
    g_object_get (self->plan, "tree-url", &source, NULL);

  if (source == NULL || *source == '\0')
    {
      adw_action_row_set_subtitle (self->detect_row,
                                   _("Nothing to detect with this method: choose the operating "
                                     "system from the list below."));
      return;
    }
  /* remote media cannot be read from here */
  if (method == VIREO_INSTALL_METHOD_ISO && !connection_is_local (self))
    {
      adw_action_row_set_subtitle (self->detect_row,
                                   _("The media is on a remote host and cannot be examined: "
                                     "choose the operating system from the list below."));
      return;
    }
  if (g_strcmp0 (source, self->detected_for) == 0)
    return;
  g_free (self->detected_for);
  self->detected_for = g_strdup (source);

  g_cancellable_cancel (self->detect_cancellable);
  g_clear_object (&self->detect_cancellable);
  self->detect_cancellable = g_cancellable_new ();
  /* another tree: nothing of the previous one may be used */
  g_clear_pointer (&self->tree_error, g_free);
  if (method == VIREO_INSTALL_METHOD_URL)
    g_object_set (self->plan, "kernel-path", "", "initrd-path", "", NULL);
  gtk_spinner_start (self->detect_spinner);
  adw_action_row_set_subtitle (self->detect_row, _("Looking at the media…"));
  if (method == VIREO_INSTALL_METHOD_ISO)
    vireo_os_database_detect_media_async (self->osdb, source, 0, self->detect_cancellable,
                                          detect_media_cb, self);
  else
    vireo_os_database_detect_tree_async (self->osdb, source, 0, self->detect_cancellable,
                                         detect_tree_cb, self);
}

static gboolean
os_filter_func (gpointer item,
                gpointer user_data)
{
  VireoNewVmWizard *self = user_data;

  return vireo_os_entry_matches (item, gtk_editable_get_text (GTK_EDITABLE (self->os_search)));
}

static void
os_search_changed_cb (VireoNewVmWizard *self)
{
  gtk_filter_changed (GTK_FILTER (self->os_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
os_selected_cb (GtkSingleSelection *selection,
                GParamSpec         *pspec,
                VireoNewVmWizard   *self)
{
  VireoOsEntry *entry = gtk_single_selection_get_selected_item (selection);

  if (entry != NULL && !self->updating)
    choose_os (self, vireo_os_entry_get_id (entry));
}

static void
os_item_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *id = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (id, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), id);
  gtk_list_item_set_child (item, box);
}

static void
os_item_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  VireoOsEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *name = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *id = gtk_widget_get_next_sibling (name);

  gtk_label_set_text (GTK_LABEL (name), vireo_os_entry_get_name (entry));
  gtk_label_set_text (GTK_LABEL (id), vireo_os_entry_get_short_id (entry));
}

static void
osdb_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!vireo_os_database_load_finish (VIREO_OS_DATABASE (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_error_label (VIREO_NEW_VM_WIZARD (user_data)->os_error, error);
}

/* -- step 3: memory and CPUs ----------------------------------------------- */

/* more virtual CPUs than the host can give a guest: said at once */
static gboolean
check_vcpus (VireoNewVmWizard *self,
             GError          **error)
{
  guint vcpus, max_vcpus;

  g_object_get (self->plan, "vcpus", &vcpus, "max-vcpus", &max_vcpus, NULL);
  if (max_vcpus > 0 && vcpus > max_vcpus)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_VCPUS,
                   ngettext ("CPUs: this host can give a virtual machine at most %u virtual CPU; "
                             "%u is too many.",
                             "CPUs: this host can give a virtual machine at most %u virtual CPUs; "
                             "%u is too many.",
                             max_vcpus),
                   max_vcpus, vcpus);
      return FALSE;
    }
  return TRUE;
}

static void
update_resources (VireoNewVmWizard *self)
{
  guint memory, vcpus, host_memory, host_cpus;
  g_autoptr (GString) warning = g_string_new (NULL);
  g_autofree char *description = NULL;
  g_autoptr (GError) error = NULL;

  /* the answers changed: an error about the old ones is stale */
  set_error_label (self->resources_error, NULL);
  if (!check_vcpus (self, &error))
    set_error_label (self->resources_error, error);
  g_object_get (self->plan, "memory-mib", &memory, "vcpus", &vcpus,
                "host-memory-mib", &host_memory, "host-cpus", &host_cpus, NULL);
  if (host_memory > 0)
    description = g_strdup_printf (ngettext ("The host has %u MiB of memory and %u logical CPU.",
                                             "The host has %u MiB of memory and %u logical CPUs.",
                                             host_cpus),
                                   host_memory, host_cpus);
  adw_preferences_group_set_description (self->resources_group, description);

  if (host_memory > 0 && memory > host_memory)
    g_string_append_printf (warning,
                            _("This virtual machine would have more memory (%u MiB) than the host "
                              "has (%u MiB): the host will swap, and may stop guests or lose "
                              "data when it runs out of memory."),
                            memory, host_memory);
  else if (host_memory > 0 && memory > host_memory * 0.8)
    g_string_append_printf (warning,
                            _("%u MiB is close to all the host's memory (%u MiB): leave enough "
                              "for the host and its other guests."),
                            memory, host_memory);
  if (host_cpus > 0 && vcpus > host_cpus && error == NULL)
    {
      if (warning->len > 0)
        g_string_append_c (warning, '\n');
      /* Translators: the plural follows the host's count (the second
       * number); the first is always more than one */
      g_string_append_printf (warning,
                              ngettext ("%u virtual CPUs is more than the host's %u logical CPU: "
                                        "for best performance use at most as many as the host has.",
                                        "%u virtual CPUs is more than the host's %u logical CPUs: "
                                        "for best performance use at most as many as the host has.",
                                        host_cpus),
                              vcpus, host_cpus);
    }
  gtk_label_set_text (GTK_LABEL (self->resources_warning), warning->str);
  gtk_widget_set_visible (self->resources_warning, warning->len > 0);
}

/* -- step 5: name, network, summary --------------------------------------- */

/* a network boot needs a network */
static gboolean
check_pxe_network (VireoNewVmWizard *self,
                   GError          **error)
{
  VireoNetworkMode mode;

  g_object_get (self->plan, "network-mode", &mode, NULL);
  if (current_method (self) == VIREO_INSTALL_METHOD_PXE && mode == VIREO_NETWORK_MODE_NONE)
    {
      g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NETWORK,
                           _("Network: a network boot (PXE) needs a network connection; choose a virtual "
                             "network with PXE or a host bridge."));
      return FALSE;
    }
  return TRUE;
}

static void
update_name_check (VireoNewVmWizard *self)
{
  g_autoptr (GError) error = NULL;

  if (!check_name (self, &error))
    set_error_label (self->name_error, error);
  else
    set_error_label (self->name_error, NULL);

  g_clear_error (&error);
  if (!check_mac (self, &error) || !check_pxe_network (self, &error))
    set_error_label (self->network_error, error);
  else
    set_error_label (self->network_error, NULL);
}

static void
update_summary (VireoNewVmWizard *self)
{
  g_autofree char *media = NULL, *url = NULL, *disk_path = NULL, *pool = NULL, *format = NULL;
  g_autofree char *source = NULL, *text = NULL;
  const VireoOsDevices *devices = vireo_install_plan_get_os_devices (self->plan);
  guint memory, vcpus, size;
  VireoStorageMode storage;
  VireoNetworkMode network;
  g_auto (GStrv) warnings = NULL;

  g_object_get (self->plan, "media-path", &media, "tree-url", &url, "disk-path", &disk_path,
                "pool-name", &pool, "disk-format", &format, "memory-mib", &memory, "vcpus", &vcpus,
                "disk-size-gib", &size, "storage-mode", &storage, "network-mode", &network,
                "network-source", &source, NULL);

  adw_action_row_set_subtitle (self->sum_os, devices->name != NULL ? devices->name : _("Generic"));
  switch (current_method (self))
    {
    case VIREO_INSTALL_METHOD_ISO:
      text = g_strdup_printf (_("Local media %s"), media);
      break;
    case VIREO_INSTALL_METHOD_URL:
      text = g_strdup_printf (_("Install tree %s"), url);
      break;
    case VIREO_INSTALL_METHOD_PXE:
      text = g_strdup (_("Network boot (PXE)"));
      break;
    case VIREO_INSTALL_METHOD_IMPORT:
      text = g_strdup_printf (_("Imported disk image %s"), disk_path);
      break;
    case VIREO_INSTALL_METHOD_MANUAL:
    default:
      text = g_strdup (_("Manual: no install media"));
      break;
    }
  adw_action_row_set_subtitle (self->sum_media, text);
  g_free (text);

  text = g_strdup_printf (ngettext ("%u MiB, %u virtual CPU", "%u MiB, %u virtual CPUs", vcpus), memory, vcpus);
  adw_action_row_set_subtitle (self->sum_resources, text);
  g_free (text);

  if (storage == VIREO_STORAGE_MODE_NEW_VOLUME)
    text = g_strdup_printf (_("New %u GiB %s disk “%s” in pool “%s”"), size, format,
                            vireo_install_plan_get_effective_volume_name (self->plan), pool);
  else if (storage == VIREO_STORAGE_MODE_EXISTING)
    text = g_strdup_printf (_("Existing disk %s"), disk_path);
  else
    text = g_strdup (_("No disk"));
  adw_action_row_set_subtitle (self->sum_disk, text);
  g_free (text);

  switch (network)
    {
    case VIREO_NETWORK_MODE_NETWORK:
      text = g_strdup_printf (_("Virtual network “%s”"), source);
      break;
    case VIREO_NETWORK_MODE_BRIDGE:
      text = g_strdup_printf (_("Host bridge %s"), source);
      break;
    case VIREO_NETWORK_MODE_DIRECT:
      text = g_strdup_printf (_("Host device %s: macvtap"), source);
      break;
    case VIREO_NETWORK_MODE_USER:
      text = g_strdup (_("User-mode networking"));
      break;
    case VIREO_NETWORK_MODE_NONE:
    default:
      text = g_strdup (_("None"));
      break;
    }
  adw_action_row_set_subtitle (self->sum_network, text);

  warnings = vireo_install_plan_get_warnings (self->plan);
  if (warnings != NULL && warnings[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv ("\n", warnings);

      gtk_label_set_text (GTK_LABEL (self->warnings_label), joined);
      gtk_widget_set_visible (self->warnings_label, TRUE);
    }
  else
    gtk_widget_set_visible (self->warnings_label, FALSE);
}

static void
firmware_selected_cb (AdwComboRow      *row,
                      GParamSpec       *pspec,
                      VireoNewVmWizard *self)
{
  if (!self->updating)
    g_object_set (self->plan, "firmware",
                  adw_combo_row_get_selected (row) == 1 ? VIREO_FIRMWARE_UEFI : VIREO_FIRMWARE_BIOS,
                  NULL);
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

/* -- the plan changed ------------------------------------------------------ */

static void
plan_notify_cb (VireoInstallPlan *plan,
                GParamSpec       *pspec,
                VireoNewVmWizard *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "name") && !self->setting_name)
    self->name_edited = TRUE;
  if (!g_str_equal (name, "uri") && !g_str_equal (name, "host-memory-mib")
      && !g_str_equal (name, "host-cpus") && !g_str_equal (name, "pool-free-bytes")
      && !g_str_equal (name, "bios-available") && !g_str_equal (name, "uefi-available")
      && !g_str_equal (name, "max-vcpus") && !g_str_equal (name, "media-readable")
      && !(g_str_equal (name, "name") && self->setting_name))
    self->dirty = TRUE;

  if (g_str_equal (name, "firmware"))
    {
      VireoFirmware firmware;

      g_object_get (plan, "firmware", &firmware, NULL);
      self->updating = TRUE;
      adw_combo_row_set_selected (self->firmware_row, firmware == VIREO_FIRMWARE_UEFI ? 1 : 0);
      self->updating = FALSE;
    }
  if (g_str_equal (name, "firmware") || g_str_equal (name, "os-devices")
      || g_str_equal (name, "uefi-available") || g_str_equal (name, "bios-available")
      || g_str_equal (name, "xen-pv") || g_str_equal (name, "virt-type"))
    update_firmware (self);
  if (g_str_equal (name, "allocate-now") || g_str_equal (name, "disk-path")
      || g_str_equal (name, "storage-mode"))
    update_storage_widgets (self);
  if (g_str_equal (name, "memory-mib") || g_str_equal (name, "vcpus")
      || g_str_equal (name, "host-memory-mib") || g_str_equal (name, "max-vcpus"))
    update_resources (self);
  if (g_str_equal (name, "media-path") || g_str_equal (name, "tree-url")
      || g_str_equal (name, "disk-path") || g_str_equal (name, "method"))
    {
      /* errors about the old media, tree or image, wherever they are shown */
      set_error_label (page_error_label (self, self->page), NULL);
      set_error_label (self->method_error, NULL);
      set_error_label (self->os_error, NULL);
    }
  if (g_str_equal (name, "disk-path") || g_str_equal (name, "storage-mode"))
    set_error_label (self->storage_error, NULL);
  if (g_str_equal (name, "media-path") || g_str_equal (name, "disk-path") || g_str_equal (name, "method")
      || g_str_equal (name, "storage-mode") || g_str_equal (name, "uri"))
    check_image_access (self);

  update_name_check (self);
  if (self->page == PAGE_FINISH)
    update_summary (self);
  update_buttons (self);
}

/* -- navigation ------------------------------------------------------------ */

static void
update_buttons (VireoNewVmWizard *self)
{
  gboolean running = self->page == PAGE_PROGRESS;
  gboolean forward_ok = self->connection != NULL && !running;
  g_autofree char *subtitle = NULL;

  if (self->page == PAGE_METHOD)
    forward_ok = forward_ok && !gtk_widget_get_visible (self->media_access_error);
  if (self->page == PAGE_STORAGE)
    forward_ok = forward_ok && !gtk_widget_get_visible (self->disk_access_error);
  if (self->page == PAGE_RESOURCES)
    forward_ok = forward_ok && check_vcpus (self, NULL);
  if (self->page == PAGE_FINISH)
    forward_ok = forward_ok && !gtk_widget_get_visible (self->name_error)
                 && !gtk_widget_get_visible (self->network_error)
                 && !gtk_widget_get_visible (self->firmware_error)
                 && !gtk_widget_get_visible (self->network_inactive_row);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.forward", forward_ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", self->page > PAGE_METHOD && !running);
  gtk_widget_set_visible (self->back_button, self->page > PAGE_METHOD && !running);
  gtk_widget_set_visible (self->forward_button, !running);

  if (self->page == PAGE_XML
      || (self->page == PAGE_FINISH && !gtk_switch_get_active (GTK_SWITCH (self->customize_switch))))
    gtk_button_set_label (GTK_BUTTON (self->forward_button), _("_Finish"));
  else
    gtk_button_set_label (GTK_BUTTON (self->forward_button), _("_Forward"));

  if (self->page < N_STEPS)
    subtitle = g_strdup_printf (_("Step %u of %u"), self->page + 1, N_STEPS);
  else if (self->page == PAGE_XML)
    subtitle = g_strdup (_("Review the configuration"));
  else
    subtitle = g_strdup (_("Creating the virtual machine"));
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
show_page (VireoNewVmWizard *self,
           guint             page)
{
  self->page = page;
  gtk_stack_set_visible_child_name (self->stack, page_names[page]);
  if (page == PAGE_OS)
    start_detection (self);
  if (page == PAGE_RESOURCES)
    update_resources (self);
  if (page == PAGE_FINISH)
    {
      update_name_check (self);
      update_summary (self);
    }
  update_buttons (self);
}

/* the new domain reaches the connection's list through libvirt's events */
static gboolean
domain_poll_cb (gpointer user_data)
{
  VireoNewVmWizard *self = user_data;
  VireoDomain *domain = vireo_connection_lookup_domain (self->connection, self->created_uuid);

  if (domain == NULL && ++self->poll_count < 400)
    return G_SOURCE_CONTINUE;

  self->poll_source = 0;
  self->closing = TRUE;
  if (domain != NULL)
    {
      g_object_ref (domain);
      g_signal_emit (self, signals[SIGNAL_DOMAIN_CREATED], 0, domain);
      g_object_unref (domain);
    }
  gtk_window_destroy (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

/* @user_data: a GWeakRef on the wizard (freed here). Not a reference: GTK
 * 4.8's gtk_window_destroy() only drops the window's own reference, so a
 * reference held by the run would keep a closed wizard, and its run, going. */
static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr (VireoNewVmWizard) self = g_weak_ref_get (weak);
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  guint page;

  g_weak_ref_clear (weak);
  g_free (weak);
  uuid = vireo_install_runner_run_finish (VIREO_INSTALL_RUNNER (object), result, &error);
  /* the window went while the run was going: dispose cancelled the run, which
   * removed what it had made (or, past its last step, left a whole VM that
   * the manager window lists); there is nothing left to show it in */
  if (self == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  g_clear_object (&self->run_cancellable);
  if (self->runner == VIREO_INSTALL_RUNNER (object))
    g_clear_object (&self->runner);
  if (uuid != NULL)
    {
      const char *cpu_notice = vireo_install_runner_get_cpu_notice (VIREO_INSTALL_RUNNER (object));

      self->created_uuid = g_steal_pointer (&uuid);
      /* another CPU model than the host's own: say which, here and in the
       * manager window, which stays after the wizard closes */
      gtk_label_set_text (GTK_LABEL (self->progress_label),
                          cpu_notice != NULL ? cpu_notice : _("Opening the virtual machine…"));
      if (cpu_notice != NULL && gtk_window_get_transient_for (GTK_WINDOW (self)) != NULL)
        gtk_widget_activate_action (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (self))),
                                    "win.add-toast", "s", cpu_notice);
      self->poll_count = 0;
      self->poll_source = g_timeout_add (25, domain_poll_cb, self);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("Creating the virtual machine was cancelled; nothing was left on the host."));
    }
  page = page_for_error (error);
  show_page (self, page);
  set_error_label (page_error_label (self, page), error);
  if (error->domain == VIREO_INSTALL_PLAN_ERROR && error->code == VIREO_INSTALL_PLAN_ERROR_NETWORK)
    set_error_label (self->network_error, error);
}

static void
runner_notify_cb (VireoInstallRunner *runner,
                  GParamSpec         *pspec,
                  VireoNewVmWizard   *self)
{
  double fraction = vireo_install_runner_get_fraction (runner);
  const char *message = vireo_install_runner_get_message (runner);

  gtk_label_set_text (GTK_LABEL (self->progress_label), message != NULL ? message : "");
  if (fraction < 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static void
start_run (VireoNewVmWizard *self)
{
  g_autofree char *custom_xml = NULL;
  GWeakRef *weak;

  /* Finish on the XML page: the (possibly edited) XML is the configuration */
  if (self->page == PAGE_XML)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->xml_view);
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      custom_xml = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  clear_errors (self);
  show_page (self, PAGE_PROGRESS);
  gtk_label_set_text (GTK_LABEL (self->progress_label), _("Creating the virtual machine…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);

  self->runner = vireo_install_runner_new (self->connection, self->plan);
  if (custom_xml != NULL)
    vireo_install_runner_set_final_xml (self->runner, custom_xml);
  g_signal_connect_object (self->runner, "notify", G_CALLBACK (runner_notify_cb), self, 0);
  self->run_cancellable = g_cancellable_new ();
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  vireo_install_runner_run_async (self->runner, self->run_cancellable, run_cb, weak);
}

static void
show_xml (VireoNewVmWizard *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = vireo_install_plan_to_domain_xml (self->plan, VIREO_INSTALL_PHASE_FINAL, &error);

  if (xml == NULL)
    {
      guint page = page_for_error (error);

      show_page (self, page);
      set_error_label (page_error_label (self, page), error);
      return;
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->xml_view), xml, -1);
  gtk_widget_set_visible (self->xml_install_note, vireo_install_plan_needs_install_phase (self->plan));
  show_page (self, PAGE_XML);
}

static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  VireoNewVmWizard *self = VIREO_NEW_VM_WIZARD (widget);
  g_autoptr (GError) error = NULL;

  if (self->page >= PAGE_PROGRESS)
    return;
  /* QEMU could not read the ISO or image: the page says why */
  if ((self->page == PAGE_METHOD && gtk_widget_get_visible (self->media_access_error))
      || (self->page == PAGE_STORAGE && gtk_widget_get_visible (self->disk_access_error)))
    return;
  if (self->page <= PAGE_FINISH && !check_page (self, self->page, &error))
    {
      guint page = page_for_error (error);

      if (page > self->page)
        page = self->page;
      show_page (self, page);
      set_error_label (page_error_label (self, page), error);
      return;
    }
  set_error_label (page_error_label (self, self->page), NULL);

  if (self->page < PAGE_FINISH)
    show_page (self, self->page + 1);
  else if (self->page == PAGE_FINISH && gtk_switch_get_active (GTK_SWITCH (self->customize_switch)))
    show_xml (self);
  else
    start_run (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VireoNewVmWizard *self = VIREO_NEW_VM_WIZARD (widget);

  if (self->page == PAGE_XML)
    show_page (self, PAGE_FINISH);
  else if (self->page > PAGE_METHOD && self->page < PAGE_PROGRESS)
    show_page (self, self->page - 1);
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     VireoNewVmWizard *self)
{
  if (g_str_equal (response, "discard"))
    {
      /* the question is closed but alive until its response is out; GTK 4.8
       * does not forget a destroyed transient parent, so let go of it first */
      gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
      self->closing = TRUE;
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VireoNewVmWizard *self = VIREO_NEW_VM_WIZARD (widget);
  GtkWidget *dialog;

  if (self->page == PAGE_PROGRESS)
    {
      /* the runner removes what it made; run_cb brings the answers back */
      g_cancellable_cancel (self->run_cancellable);
      return;
    }
  if (!self->dirty)
    {
      self->closing = TRUE;
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard the New Virtual Machine?"),
                                   _("The answers given so far are lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
vireo_new_vm_wizard_close_request (GtkWindow *window)
{
  VireoNewVmWizard *self = VIREO_NEW_VM_WIZARD (window);

  if (self->closing)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.cancel", NULL);
  return TRUE;
}

static void
customize_cb (VireoNewVmWizard *self)
{
  update_buttons (self);
}

/* -- object ---------------------------------------------------------------- */

static void
vireo_new_vm_wizard_dispose (GObject *object)
{
  VireoNewVmWizard *self = VIREO_NEW_VM_WIZARD (object);

  /* nothing may reach the widgets once they go: the plan's changes, the
   * runner's progress; a run is cancelled (the runner removes what it made)
   * and run_cb, which holds only a weak reference, returns at once */
  if (self->plan != NULL)
    g_clear_signal_handler (&self->plan_notify_id, self->plan);
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->caps_cancellable);
  g_cancellable_cancel (self->detect_cancellable);
  g_cancellable_cancel (self->run_cancellable);
  g_cancellable_cancel (self->networks_cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  /* windows still open over this one (the Discard question, the pool
   * browser) go with it, after letting go of it (see discard_response_cb) */
  {
    GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

    for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
      {
        g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

        if (gtk_window_get_transient_for (window) == GTK_WINDOW (self))
          {
            gtk_window_set_transient_for (window, NULL);
            gtk_window_destroy (window);
          }
      }
  }
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_NEW_VM_WIZARD);
  g_clear_object (&self->connection);
  g_clear_object (&self->connections);
  g_clear_object (&self->runner);
  g_clear_object (&self->os_filter);
  g_clear_object (&self->os_selection);
  g_clear_object (&self->osdb);
  g_clear_pointer (&self->usable, g_ptr_array_unref);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_pointer (&self->caps, vireo_host_caps_unref);

  G_OBJECT_CLASS (vireo_new_vm_wizard_parent_class)->dispose (object);
}

static void
vireo_new_vm_wizard_finalize (GObject *object)
{
  VireoNewVmWizard *self = VIREO_NEW_VM_WIZARD (object);

  g_clear_object (&self->plan);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->caps_cancellable);
  g_clear_object (&self->detect_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->networks_cancellable);
  g_array_unref (self->network_choices);
  g_ptr_array_unref (self->arch_values);
  g_ptr_array_unref (self->virt_values);
  g_free (self->tree_error);
  g_free (self->detected_for);
  g_free (self->created_uuid);

  G_OBJECT_CLASS (vireo_new_vm_wizard_parent_class)->finalize (object);
}

static void
vireo_new_vm_wizard_class_init (VireoNewVmWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vireo_new_vm_wizard_dispose;
  object_class->finalize = vireo_new_vm_wizard_finalize;
  window_class->close_request = vireo_new_vm_wizard_close_request;

  signals[SIGNAL_DOMAIN_CREATED] =
      g_signal_new ("domain-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, VIREO_TYPE_DOMAIN);

  /* the XML editor (GtkSourceView 5) */
  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-new-vm-wizard.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoNewVmWizard, name)
  BIND (window_title);
  BIND (cancel_button);
  BIND (back_button);
  BIND (forward_button);
  BIND (stack);
  BIND (connection_row);
  BIND (no_connection_label);
  BIND (method_iso);
  BIND (method_url);
  BIND (method_pxe);
  BIND (method_import);
  BIND (method_manual);
  BIND (media_group);
  BIND (iso_row);
  BIND (media_source_row);
  BIND (iso_volume);
  BIND (import_volume);
  BIND (disk_volume_row);
  BIND (network_inactive_row);
  BIND (network_start_button);
  BIND (firmware_error);
  BIND (media_access_error);
  BIND (disk_access_error);
  BIND (iso_browse);
  BIND (url_row);
  BIND (kickstart_row);
  BIND (kargs_row);
  BIND (import_row);
  BIND (import_browse);
  BIND (pxe_label);
  BIND (arch_row);
  BIND (virt_row);
  BIND (machine_row);
  BIND (xen_pv_row);
  BIND (xen_pv_switch);
  BIND (kvm_label);
  BIND (method_error);
  BIND (detect_row);
  BIND (detect_spinner);
  BIND (os_row);
  BIND (os_search);
  BIND (os_list);
  BIND (os_error);
  BIND (resources_group);
  BIND (memory_spin);
  BIND (vcpus_spin);
  BIND (resources_warning);
  BIND (resources_error);
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
  BIND (storage_error);
  BIND (name_row);
  BIND (name_rule);
  BIND (name_error);
  BIND (network_row);
  BIND (device_row);
  BIND (mac_row);
  BIND (firmware_row);
  BIND (network_error);
  BIND (sum_os);
  BIND (sum_media);
  BIND (sum_resources);
  BIND (sum_disk);
  BIND (sum_network);
  BIND (warnings_label);
  BIND (customize_switch);
  BIND (finish_error);
  BIND (xml_error);
  BIND (xml_install_note);
  BIND (xml_view);
  BIND (progress_label);
  BIND (progress_bar);
#undef BIND

  gtk_widget_class_install_action (widget_class, "wizard.forward", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel_action);
}

static void
bind_text (VireoNewVmWizard *self,
           GtkWidget        *editable,
           const char       *property)
{
  g_object_bind_property (self->plan, property, editable, "text",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

/* XML highlighting, in the light or dark scheme the desktop uses */
static void
xml_scheme_cb (AdwStyleManager  *manager,
               GParamSpec       *pspec,
               VireoNewVmWizard *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (self->xml_view));
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes, adw_style_manager_get_dark (manager)
                                                                    ? "Adwaita-dark"
                                                                    : "Adwaita");
  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (buffer, scheme);
}

static void
setup_xml_editor (VireoNewVmWizard *self)
{
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (self->xml_view));
  GtkSourceLanguage *xml;
  AdwStyleManager *manager = adw_style_manager_get_default ();

  xml = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "xml");
  if (xml != NULL)
    gtk_source_buffer_set_language (buffer, xml);
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (xml_scheme_cb), self, 0);
  xml_scheme_cb (manager, NULL, self);
}

static void
vireo_new_vm_wizard_init (VireoNewVmWizard *self)
{
  g_autoptr (GtkListItemFactory) factory = NULL;
  GtkFilterListModel *filtered;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->usable = g_ptr_array_new_with_free_func (g_object_unref);
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->network_choices = g_array_new (FALSE, TRUE, sizeof (NetworkChoice));
  g_array_set_clear_func (self->network_choices, (GDestroyNotify) network_choice_clear);
  self->arch_values = g_ptr_array_new_with_free_func (g_free);
  self->virt_values = g_ptr_array_new_with_free_func (g_free);
  self->plan = vireo_install_plan_new ("test:///default");
  vireo_install_plan_set_os (self->plan, NULL, NULL, NULL);

  /* the answers */
  bind_text (self, self->iso_row, "media-path");
  bind_text (self, self->url_row, "tree-url");
  bind_text (self, self->kickstart_row, "kickstart-url");
  bind_text (self, self->kargs_row, "kernel-args");
  bind_text (self, self->import_row, "disk-path");
  bind_text (self, self->disk_path_row, "disk-path");
  bind_text (self, self->machine_row, "machine");
  bind_text (self, self->name_row, "name");
  bind_text (self, self->mac_row, "mac");
  g_object_bind_property (self->plan, "memory-mib",
                          gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->memory_spin)), "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->plan, "vcpus",
                          gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->vcpus_spin)), "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->plan, "disk-size-gib",
                          gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->size_spin)), "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->plan, "allocate-now", self->allocate_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->plan, "xen-pv", self->xen_pv_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  self->plan_notify_id = g_signal_connect (self->plan, "notify", G_CALLBACK (plan_notify_cb), self);

  g_signal_connect (self->method_iso, "toggled", G_CALLBACK (method_toggled_cb), self);
  g_signal_connect (self->method_url, "toggled", G_CALLBACK (method_toggled_cb), self);
  g_signal_connect (self->method_pxe, "toggled", G_CALLBACK (method_toggled_cb), self);
  g_signal_connect (self->method_import, "toggled", G_CALLBACK (method_toggled_cb), self);
  g_signal_connect (self->method_manual, "toggled", G_CALLBACK (method_toggled_cb), self);
  g_signal_connect (self->storage_new, "toggled", G_CALLBACK (storage_toggled_cb), self);
  g_signal_connect (self->storage_existing, "toggled", G_CALLBACK (storage_toggled_cb), self);
  g_signal_connect (self->storage_none, "toggled", G_CALLBACK (storage_toggled_cb), self);
  g_signal_connect (self->connection_row, "notify::selected", G_CALLBACK (connection_selected_cb), self);
  g_signal_connect (self->arch_row, "notify::selected", G_CALLBACK (advanced_selected_cb), self);
  g_signal_connect (self->virt_row, "notify::selected", G_CALLBACK (advanced_selected_cb), self);
  g_signal_connect (self->pool_row, "notify::selected", G_CALLBACK (pool_selected_cb), self);
  g_signal_connect (self->network_row, "notify::selected", G_CALLBACK (network_selected_cb), self);
  g_signal_connect (self->firmware_row, "notify::selected", G_CALLBACK (firmware_selected_cb), self);
  g_signal_connect (self->format_row, "notify::selected", G_CALLBACK (format_selected_cb), self);
  g_signal_connect (self->device_row, "changed", G_CALLBACK (device_changed_cb), self);
  g_signal_connect (self->media_source_row, "notify::selected", G_CALLBACK (media_source_selected_cb), self);
  g_signal_connect_swapped (self->network_start_button, "clicked", G_CALLBACK (network_start_cb), self);
  g_signal_connect_swapped (self->iso_volume, "clicked", G_CALLBACK (iso_volume_cb), self);
  g_signal_connect_swapped (self->import_volume, "clicked", G_CALLBACK (import_volume_cb), self);
  g_signal_connect_swapped (self->disk_volume_row, "activated", G_CALLBACK (disk_volume_cb), self);
  /* Enter in a spin button = Forward (GtkSpinButton has no activates-default in 4.8;
   * its text delegate has) */
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->memory_spin))), TRUE);
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->vcpus_spin))), TRUE);
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->size_spin))), TRUE);
  g_signal_connect_swapped (self->customize_switch, "notify::active", G_CALLBACK (customize_cb), self);
  g_signal_connect_swapped (self->iso_browse, "clicked", G_CALLBACK (iso_browse_cb), self);
  g_signal_connect_swapped (self->import_browse, "clicked", G_CALLBACK (import_browse_cb), self);
  g_signal_connect_swapped (self->disk_browse, "clicked", G_CALLBACK (disk_browse_cb), self);

  gtk_label_set_text (GTK_LABEL (self->name_rule), vireo_install_plan_name_rule ());
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->name_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->name_rule, NULL, -1);

  /* the OS list */
  self->osdb = g_object_ref (vireo_os_database_get_default ());
  vireo_os_database_load_async (self->osdb, self->cancellable, osdb_loaded_cb, self);
  self->os_filter = gtk_custom_filter_new (os_filter_func, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (vireo_os_database_get_os_list (self->osdb)),
                                        GTK_FILTER (g_object_ref (self->os_filter)));
  self->os_selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->os_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->os_selection, TRUE);
  gtk_single_selection_set_selected (self->os_selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->os_list, GTK_SELECTION_MODEL (self->os_selection));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (os_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (os_item_bind_cb), NULL);
  gtk_list_view_set_factory (self->os_list, factory);
  {
    g_autoptr (GtkListItemFactory) network_factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (network_factory, "setup", G_CALLBACK (network_item_setup_cb), NULL);
    g_signal_connect (network_factory, "bind", G_CALLBACK (network_item_bind_cb), NULL);
    adw_combo_row_set_factory (self->network_row, network_factory);
  }
  g_signal_connect (self->os_selection, "notify::selected", G_CALLBACK (os_selected_cb), self);
  g_signal_connect_swapped (self->os_search, "search-changed", G_CALLBACK (os_search_changed_cb), self);

  setup_xml_editor (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->forward_button);
  update_os_row (self);
  update_method_widgets (self);
  update_storage_widgets (self);
}

GtkWidget *
vireo_new_vm_wizard_new (GtkWindow       *parent,
                         GListModel      *connections,
                         VireoConnection *connection)
{
  VireoNewVmWizard *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (connections), NULL);
  g_return_val_if_fail (connection == NULL || VIREO_IS_CONNECTION (connection), NULL);

  self = g_object_new (VIREO_TYPE_NEW_VM_WIZARD, "transient-for", parent, NULL);
  self->connections = g_object_ref (connections);
  if (connection != NULL)
    self->connection = g_object_ref (connection); /* preferred by rebuild_connections */
  g_signal_connect_object (connections, "items-changed", G_CALLBACK (rebuild_connections), self,
                           G_CONNECT_SWAPPED);
  {
    VireoConnection *preferred = self->connection;

    /* keep it selected, then fetch its facts */
    rebuild_connections (self);
    if (preferred != NULL && self->connection == preferred && self->caps == NULL
        && self->caps_cancellable == NULL)
      {
        g_clear_object (&self->connection);
        connection_changed (self);
      }
  }
  self->dirty = FALSE;
  show_page (self, PAGE_METHOD);
  return GTK_WIDGET (self);
}

VireoInstallPlan *
vireo_new_vm_wizard_get_plan (VireoNewVmWizard *self)
{
  g_return_val_if_fail (VIREO_IS_NEW_VM_WIZARD (self), NULL);
  return self->plan;
}

guint
vireo_new_vm_wizard_get_page (VireoNewVmWizard *self)
{
  g_return_val_if_fail (VIREO_IS_NEW_VM_WIZARD (self), 0);
  return self->page;
}

void
_vireo_new_vm_wizard_set_host_caps (VireoNewVmWizard *self,
                                    VireoHostCaps    *caps)
{
  g_return_if_fail (VIREO_IS_NEW_VM_WIZARD (self));
  g_return_if_fail (caps != NULL);

  apply_host_caps (self, vireo_host_caps_ref (caps));
}

void
_vireo_new_vm_wizard_set_image_access_func (VireoNewVmWizard    *self,
                                            VireoImageAccessFunc func)
{
  g_return_if_fail (VIREO_IS_NEW_VM_WIZARD (self));

  self->access_func = func;
  check_image_access (self);
}
