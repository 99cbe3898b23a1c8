/* vireo-new-vm-wizard-os.c — the New VM wizard, step 2: the operating system
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The OS list (the process's one database), its search, and detecting the
 * OS from the chosen media or install tree.
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-new-vm-wizard-private.h"

/* -- step 2: operating system --------------------------------------------- */

void
vireo_new_vm_wizard_update_os_row (VireoNewVmWizard *self)
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
    vireo_new_vm_wizard_set_error_label (self->os_error, error);
  else
    vireo_new_vm_wizard_set_error_label (self->os_error, NULL);
  vireo_new_vm_wizard_update_os_row (self);
  vireo_new_vm_wizard_suggest_name (self);
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
      if (vireo_new_vm_wizard_current_method (self) == VIREO_INSTALL_METHOD_URL)
        g_object_set (self->plan, "kernel-path", detection->kernel_path != NULL ? detection->kernel_path : "",
                      "initrd-path", detection->initrd_path != NULL ? detection->initrd_path : "", NULL);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = NULL;

      /* no stale paths from another tree */
      if (vireo_new_vm_wizard_current_method (self) == VIREO_INSTALL_METHOD_URL)
        g_object_set (self->plan, "kernel-path", "", "initrd-path", "", NULL);

      g_clear_pointer (&self->tree_error, g_free);
      if (vireo_new_vm_wizard_current_method (self) == VIREO_INSTALL_METHOD_URL &&
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

void
vireo_new_vm_wizard_start_detection (VireoNewVmWizard *self)
{
  VireoInstallMethod method = vireo_new_vm_wizard_current_method (self);
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
  if (method == VIREO_INSTALL_METHOD_ISO && !vireo_new_vm_wizard_connection_is_local (self))
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
    vireo_new_vm_wizard_set_error_label (VIREO_NEW_VM_WIZARD (user_data)->os_error, error);
}

/* the OS list: the process's one database, filtered by the search */
void
vireo_new_vm_wizard_os_init (VireoNewVmWizard *self)
{
  g_autoptr (GtkListItemFactory) factory = NULL;
  GtkFilterListModel *filtered;

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

void
vireo_new_vm_wizard_os_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, os_search_changed_cb);
}
