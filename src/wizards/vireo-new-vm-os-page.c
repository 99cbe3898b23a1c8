/* vireo-new-vm-os-page.c — the New VM wizard, step 2: the operating system
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The OS list (the process's one database), its search, and detecting the
 * OS from the chosen media or install tree each time the step is shown.
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-new-vm-os-page.h"

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
                                               : _("Generic (the operating system is unknown)"));
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
  vireo_new_vm_page_set_error_label (VIREO_NEW_VM_OS_PAGE (page)->os_error, error);
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
  iface->shown = os_page_shown;
}

/* -- public ------------------------------------------------------------------ */

gboolean
vireo_new_vm_os_page_check (VireoNewVmOsPage *self,
                            GError          **error)
{
  g_autofree char *kernel = NULL;

  g_return_val_if_fail (VIREO_IS_NEW_VM_OS_PAGE (self), FALSE);

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
