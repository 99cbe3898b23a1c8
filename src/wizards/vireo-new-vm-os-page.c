/* vireo-new-vm-os-page.c — the New VM wizard, step 2: the operating system
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The OS list (the process's one database), its search, and detecting the
 * OS from the chosen media or install tree each time the step is shown.
 * Once an OS is chosen, the express install's answers (vireo-express-install.h),
 * checked as they are typed; the passwords live only in the plan.
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-express-install.h"
#include "vireo-new-vm-os-page.h"

/* the longest answer each express row takes (untrusted as any input;
 * libosinfo's scripts and the installers take far less) */
#define MAX_LOGIN     32
#define MAX_FULLNAME  256
#define MAX_PASSWORD  256
#define MAX_HOSTNAME  63
#define MAX_TIMEZONE  64
#define MAX_LANGUAGE  32
#define MAX_KEY       29

struct _VireoNewVmOsPage
{
  AdwPreferencesPage  parent_instance;

  VireoInstallPlan   *plan;
  VireoConnection    *connection;
  VireoOsDatabase    *osdb;
  GtkCustomFilter    *os_filter;
  GtkSingleSelection *os_selection;
  GCancellable       *cancellable;     /* the page's life */
  GCancellable       *detect_cancellable;
  char               *detected_for;    /* media path or URL last detected */
  char               *tree_error;      /* why the install tree URL was not usable */

  /* template children */
  AdwActionRow       *detect_row;
  GtkSpinner         *detect_spinner;
  AdwActionRow       *os_row;
  GtkWidget          *os_search;
  GtkListView        *os_list;
  GtkWidget          *os_error;
  GtkWidget          *express_group;
  AdwExpanderRow     *express_row;
  GtkWidget          *login_row;
  GtkWidget          *fullname_row;
  GtkWidget          *password_row;
  GtkWidget          *admin_same_switch;
  GtkWidget          *admin_password_row;
  GtkWidget          *hostname_row;
  GtkWidget          *timezone_row;
  GtkWidget          *language_row;
  GtkWidget          *product_key_row;
  GtkWidget          *express_unsupported;
  GtkWidget          *express_error;
};

static void page_iface_init (VireoNewVmPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoNewVmOsPage, vireo_new_vm_os_page, ADW_TYPE_PREFERENCES_PAGE,
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
current_method (VireoNewVmOsPage *self)
{
  VireoInstallMethod method;

  g_object_get (self->plan, "method", &method, NULL);
  return method;
}

/* the plan's operating system */
static void
update_os_row (VireoNewVmOsPage *self)
{
  const VireoOsDevices *devices = vireo_install_plan_get_os_devices (self->plan);

  adw_action_row_set_subtitle (self->os_row, devices->name != NULL
                                               ? devices->name
                                               : _("Generic (the operating system is unknown): the most compatible devices, an i440FX PC with an IDE disk and an e1000 network card"));
}

/* the summary step follows (a suggested name) */
static void
choose_os (VireoNewVmOsPage *self,
           const char       *os_id)
{
  g_autoptr (GError) error = NULL;

  if (!vireo_install_plan_set_os (self->plan, self->osdb, os_id, &error))
    vireo_new_vm_page_set_error_label (self->os_error, error);
  else
    vireo_new_vm_page_set_error_label (self->os_error, NULL);
  update_os_row (self);
}

static void
detect_done (VireoNewVmOsPage *self,
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
start_detection (VireoNewVmOsPage *self)
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
  if (method == VIREO_INSTALL_METHOD_ISO && !vireo_new_vm_page_connection_is_local (self->connection))
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

/* -- express install ----------------------------------------------------------- */

/* the answers as they stand: what is wrong is said under the group at once */
static void
update_express_error (VireoNewVmOsPage *self)
{
  g_autoptr (GError) error = NULL;

  if (!gtk_widget_get_visible (self->express_group) || vireo_express_install_validate (self->plan, &error))
    vireo_new_vm_page_set_error_label (self->express_error, NULL);
  /* shown and scrolled to once, not at every key typed */
  else if (!gtk_widget_get_visible (self->express_error)
           || g_strcmp0 (gtk_label_get_text (GTK_LABEL (self->express_error)), error->message) != 0)
    vireo_new_vm_page_set_error_label (self->express_error, error);
}

/* the hostname the guest gets when none is typed: the VM's name, shown
 * greyed in the empty row */
static void
update_hostname_default (VireoNewVmOsPage *self)
{
  g_autofree char *hostname = vireo_express_install_effective_hostname (self->plan);
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->hostname_row));

  gtk_text_set_placeholder_text (GTK_TEXT (text), hostname);
}

/* another OS or method: whether its installer can be answered, and what
 * it asks (a product key for Windows) */
static void
update_express (VireoNewVmOsPage *self)
{
  g_autofree char *os_id = NULL;
  g_autofree char *reason = NULL;
  gboolean chosen, supported = FALSE;

  g_object_get (self->plan, "os-id", &os_id, NULL);
  chosen = os_id != NULL && *os_id != '\0';
  if (chosen)
    supported = vireo_express_install_supported (self->plan, &reason);
  /* an installer that cannot be answered (or none chosen yet) is not told
   * to install alone: Forward is never held by answers nobody can see */
  if (!supported)
    g_object_set (self->plan, "express-install", FALSE, NULL);

  gtk_widget_set_visible (self->express_group, chosen);
  gtk_widget_set_visible (GTK_WIDGET (self->express_row), supported);
  gtk_widget_set_visible (self->product_key_row, supported && vireo_express_install_needs_product_key (self->plan));
  gtk_label_set_text (GTK_LABEL (self->express_unsupported), reason != NULL ? reason : "");
  gtk_widget_set_visible (self->express_unsupported, chosen && !supported);
  update_hostname_default (self);
  update_express_error (self);
}

/* "timezone" and "language": "" is the host's, which the row shows */
static gboolean
host_default_to_row (GBinding     *binding,
                     const GValue *from,
                     GValue       *to,
                     gpointer      user_data)
{
  const char *value = g_value_get_string (from);

  g_value_set_string (to, value != NULL && *value != '\0' ? value : user_data);
  return TRUE;
}

static gboolean
row_to_host_default (GBinding     *binding,
                     const GValue *from,
                     GValue       *to,
                     gpointer      user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, g_strcmp0 (text, user_data) == 0 ? "" : text);
  return TRUE;
}

static void
bind_express (VireoNewVmOsPage *self)
{
  static const char *const followed[] = { "notify::express-install", "notify::os-id", "notify::os-devices",
                                          "notify::method", "notify::media-path", "notify::tree-url",
                                          "notify::kernel-path", "notify::arch" };
  static const char *const answers[] = { "notify::user-login",
                                         "notify::user-fullname", "notify::user-password",
                                         "notify::admin-same-as-user", "notify::admin-password",
                                         "notify::hostname", "notify::timezone", "notify::language",
                                         "notify::product-key" };
  const struct
  {
    const char *property;
    GtkWidget  *row;
    int         max;
  } texts[] = {
    { "user-login", self->login_row, MAX_LOGIN },
    { "user-fullname", self->fullname_row, MAX_FULLNAME },
    { "user-password", self->password_row, MAX_PASSWORD },
    { "admin-password", self->admin_password_row, MAX_PASSWORD },
    { "hostname", self->hostname_row, MAX_HOSTNAME },
    { "product-key", self->product_key_row, MAX_KEY },
  };
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  g_object_bind_property (self->plan, "express-install", self->express_row, "enable-expansion", flags);
  g_object_bind_property (self->plan, "admin-same-as-user", self->admin_same_switch, "active", flags);
  g_object_bind_property (self->admin_same_switch, "active", self->admin_password_row, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      gtk_text_set_max_length (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (texts[i].row))), texts[i].max);
      g_object_bind_property (self->plan, texts[i].property, texts[i].row, "text", flags);
    }
  gtk_text_set_max_length (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->timezone_row))), MAX_TIMEZONE);
  gtk_text_set_max_length (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->language_row))), MAX_LANGUAGE);
  g_object_bind_property_full (self->plan, "timezone", self->timezone_row, "text", flags,
                               host_default_to_row, row_to_host_default,
                               (gpointer) vireo_express_install_host_timezone (), NULL);
  g_object_bind_property_full (self->plan, "language", self->language_row, "text", flags,
                               host_default_to_row, row_to_host_default,
                               (gpointer) vireo_express_install_host_language (), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (followed); i++)
    g_signal_connect_object (self->plan, followed[i], G_CALLBACK (update_express), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    g_signal_connect_object (self->plan, answers[i], G_CALLBACK (update_express_error), self, G_CONNECT_SWAPPED);
  /* the default shown follows the VM's name, and comes back when the row is emptied */
  g_signal_connect_object (self->plan, "notify::name", G_CALLBACK (update_hostname_default), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plan, "notify::hostname", G_CALLBACK (update_hostname_default), self,
                           G_CONNECT_SWAPPED);
  update_express (self);
}

/* -- the list ---------------------------------------------------------------- */

static gboolean
os_filter_func (gpointer item,
                gpointer user_data)
{
  VireoNewVmOsPage *self = user_data;

  return vireo_os_entry_matches (item, gtk_editable_get_text (GTK_EDITABLE (self->os_search)));
}

static void
os_search_changed_cb (VireoNewVmOsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->os_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
os_selected_cb (GtkSingleSelection *selection,
                GParamSpec         *pspec,
                VireoNewVmOsPage   *self)
{
  VireoOsEntry *entry = gtk_single_selection_get_selected_item (selection);

  if (entry != NULL)
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
    vireo_new_vm_page_set_error_label (VIREO_NEW_VM_OS_PAGE (user_data)->os_error, error);
}

/* -- VireoNewVmPage ---------------------------------------------------------- */

static void
os_page_show_error (VireoNewVmPage *page,
                    const GError   *error)
{
  VireoNewVmOsPage *self = VIREO_NEW_VM_OS_PAGE (page);

  /* an express answer's error goes under its own group */
  if (g_error_matches (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_EXPRESS))
    {
      vireo_new_vm_page_set_error_label (self->express_error, error);
      return;
    }
  vireo_new_vm_page_set_error_label (self->os_error, error);
  if (error == NULL)
    update_express_error (self);
}

/* Forward waits while an express answer is missing or wrong */
static gboolean
os_page_is_ready (VireoNewVmPage *page)
{
  return vireo_express_install_validate (VIREO_NEW_VM_OS_PAGE (page)->plan, NULL);
}

static void
os_page_shown (VireoNewVmPage *page)
{
  start_detection (VIREO_NEW_VM_OS_PAGE (page));
}

static void
page_iface_init (VireoNewVmPageInterface *iface)
{
  iface->show_error = os_page_show_error;
  iface->is_ready = os_page_is_ready;
  iface->shown = os_page_shown;
}

/* -- public ------------------------------------------------------------------ */

gboolean
vireo_new_vm_os_page_check (VireoNewVmOsPage *self,
                            GError          **error)
{
  g_autofree char *kernel = NULL;

  g_return_val_if_fail (VIREO_IS_NEW_VM_OS_PAGE (self), FALSE);

  /* the express answers, whatever changed them since (a
   * VIREO_INSTALL_PLAN_ERROR_EXPRESS, shown under their group) */
  if (!vireo_express_install_validate (self->plan, error))
    return FALSE;
  if (current_method (self) != VIREO_INSTALL_METHOD_URL)
    return TRUE;
  g_object_get (self->plan, "kernel-path", &kernel, NULL);
  if (kernel != NULL && *kernel != '\0')
    return TRUE;
  if (self->tree_error != NULL)
    g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_OS, self->tree_error);
  else
    g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_OS,
                         _("The install tree has not been read yet, so it is not known which "
                           "installer to start. Wait until the detection above has finished."));
  return FALSE;
}

/* -- object ------------------------------------------------------------------ */

static void
vireo_new_vm_os_page_constructed (GObject *object)
{
  VireoNewVmOsPage *self = VIREO_NEW_VM_OS_PAGE (object);

  G_OBJECT_CLASS (vireo_new_vm_os_page_parent_class)->constructed (object);

  g_assert (self->plan != NULL);
  g_signal_connect_object (self->plan, "notify::os-devices", G_CALLBACK (update_os_row), self, G_CONNECT_SWAPPED);
  update_os_row (self);
  bind_express (self);
}

static void
vireo_new_vm_os_page_dispose (GObject *object)
{
  VireoNewVmOsPage *self = VIREO_NEW_VM_OS_PAGE (object);

  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->detect_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_NEW_VM_OS_PAGE);
  g_clear_object (&self->plan);
  g_clear_object (&self->connection);
  g_clear_object (&self->os_filter);
  g_clear_object (&self->os_selection);
  g_clear_object (&self->osdb);

  G_OBJECT_CLASS (vireo_new_vm_os_page_parent_class)->dispose (object);
}

static void
vireo_new_vm_os_page_finalize (GObject *object)
{
  VireoNewVmOsPage *self = VIREO_NEW_VM_OS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->detect_cancellable);
  g_free (self->detected_for);
  g_free (self->tree_error);

  G_OBJECT_CLASS (vireo_new_vm_os_page_parent_class)->finalize (object);
}

static void
vireo_new_vm_os_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VireoNewVmOsPage *self = VIREO_NEW_VM_OS_PAGE (object);

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
vireo_new_vm_os_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VireoNewVmOsPage *self = VIREO_NEW_VM_OS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      self->plan = g_value_dup_object (value);
      break;
    case PROP_CONNECTION:
      if (g_set_object (&self->connection, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_new_vm_os_page_class_init (VireoNewVmOsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vireo_new_vm_os_page_constructed;
  object_class->dispose = vireo_new_vm_os_page_dispose;
  object_class->finalize = vireo_new_vm_os_page_finalize;
  object_class->get_property = vireo_new_vm_os_page_get_property;
  object_class->set_property = vireo_new_vm_os_page_set_property;

  properties[PROP_PLAN] =
      g_param_spec_object ("plan", NULL, NULL, VIREO_TYPE_INSTALL_PLAN,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* the chosen connection (whether the media can be read from here) */
  properties[PROP_CONNECTION] =
      g_param_spec_object ("connection", NULL, NULL, VIREO_TYPE_CONNECTION,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-new-vm-os-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, detect_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, detect_spinner);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, os_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, os_search);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, os_list);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, os_error);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, express_group);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, express_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, fullname_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, admin_same_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, admin_password_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, hostname_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, timezone_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, language_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, product_key_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, express_unsupported);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmOsPage, express_error);
  gtk_widget_class_bind_template_callback (widget_class, os_search_changed_cb);
}

/* the OS list: the process's one database, filtered by the search */
static void
vireo_new_vm_os_page_init (VireoNewVmOsPage *self)
{
  g_autoptr (GtkListItemFactory) factory = NULL;
  GtkFilterListModel *filtered;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
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
  g_signal_connect (self->os_selection, "notify::selected", G_CALLBACK (os_selected_cb), self);
}
