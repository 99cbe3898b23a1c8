/* vireo-new-vm-page.c — the New VM wizard's steps: their interface and shared helpers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-new-vm-page.h"
#include "vireo-pool-browser.h"

G_DEFINE_INTERFACE (VireoNewVmPage, vireo_new_vm_page, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_READY_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
vireo_new_vm_page_default_init (VireoNewVmPageInterface *iface)
{
  signals[SIGNAL_READY_CHANGED] =
      g_signal_new ("ready-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);
}

void
vireo_new_vm_page_show_error (VireoNewVmPage *page,
                              const GError   *error)
{
  g_return_if_fail (VIREO_IS_NEW_VM_PAGE (page));

  VIREO_NEW_VM_PAGE_GET_IFACE (page)->show_error (page, error);
}

gboolean
vireo_new_vm_page_is_ready (VireoNewVmPage *page)
{
  VireoNewVmPageInterface *iface;

  g_return_val_if_fail (VIREO_IS_NEW_VM_PAGE (page), FALSE);

  iface = VIREO_NEW_VM_PAGE_GET_IFACE (page);
  return iface->is_ready == NULL || iface->is_ready (page);
}

void
vireo_new_vm_page_shown (VireoNewVmPage *page)
{
  VireoNewVmPageInterface *iface;

  g_return_if_fail (VIREO_IS_NEW_VM_PAGE (page));

  iface = VIREO_NEW_VM_PAGE_GET_IFACE (page);
  if (iface->shown != NULL)
    iface->shown (page);
}

void
vireo_new_vm_page_ready_changed (VireoNewVmPage *page)
{
  g_return_if_fail (VIREO_IS_NEW_VM_PAGE (page));

  g_signal_emit (page, signals[SIGNAL_READY_CHANGED], 0);
}

/* -- error labels ------------------------------------------------------------ */

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

void
vireo_new_vm_page_set_error_label (GtkWidget    *label,
                                   const GError *error)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  if (error == NULL)
    {
      gtk_widget_set_visible (label, FALSE);
      return;
    }
  gtk_label_set_text (GTK_LABEL (label), error->message);
  gtk_widget_set_visible (label, TRUE);
  scroll_into_view (label);
}

gboolean
vireo_new_vm_page_connection_is_local (VireoConnection *connection)
{
  g_autoptr (GUri) uri = NULL;
  const char *host;

  if (connection == NULL)
    return TRUE;
  uri = g_uri_parse (vireo_connection_get_uri (connection), G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return TRUE;
  host = g_uri_get_host (uri);
  return host == NULL || *host == '\0';
}

/* -- file choosers and the pool browser -------------------------------------- */

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
vireo_new_vm_page_browse (GtkWidget  *page,
                          GtkWidget  *entry,
                          const char *title,
                          gboolean    iso)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (GTK_IS_EDITABLE (entry));

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (page)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
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

void
vireo_new_vm_page_open_pool_browser (GtkWidget       *page,
                                     VireoConnection *connection,
                                     const char      *heading,
                                     GCallback        chosen)
{
  GtkWidget *browser;

  g_return_if_fail (GTK_IS_WIDGET (page));

  if (connection == NULL)
    return;
  browser = vireo_pool_browser_new (GTK_WINDOW (gtk_widget_get_root (page)), connection, heading);
  g_signal_connect_object (browser, "volume-chosen", chosen, page, 0);
  gtk_window_present (GTK_WINDOW (browser));
}

/* -- can QEMU read the chosen ISO or image? ---------------------------------- */

typedef struct
{
  VireoImageAccessFunc func;
  char                *path;
  gboolean             need_write;
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

VireoImageAccessFunc
vireo_new_vm_page_access_func (VireoImageAccessFunc func,
                               VireoConnection     *connection)
{
  /* QEMU of a local qemu:///system runs as its own user. Other
   * connections: QEMU runs as the person, or the file is on another
   * machine. */
  if (func == NULL && connection != NULL && g_str_equal (vireo_connection_get_uri (connection), "qemu:///system"))
    return vireo_image_access_check;
  return func;
}

void
vireo_new_vm_page_check_access_async (gpointer             source_object,
                                      VireoImageAccessFunc func,
                                      const char          *path,
                                      gboolean             need_write,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  AccessCheck *check;

  g_return_if_fail (func != NULL);
  g_return_if_fail (path != NULL);

  check = g_new0 (AccessCheck, 1);
  check->func = func;
  check->path = g_strdup (path);
  check->need_write = need_write;
  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_new_vm_page_check_access_async);
  g_task_set_task_data (task, check, (GDestroyNotify) access_check_free);
  g_task_run_in_thread (task, access_thread);
}

gboolean
vireo_new_vm_page_check_access_finish (GAsyncResult *result,
                                       GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
