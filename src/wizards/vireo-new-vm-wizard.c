/* vireo-new-vm-wizard.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Five steps over one VireoInstallPlan: connection and method, operating
 * system, memory and CPUs, storage, name/network/summary. The pages bind to
 * the plan's properties; Finish hands the plan to a VireoInstallRunner. A
 * failed run removes what it created (the runner does) and brings the
 * person back to the page the error belongs to, with every answer kept.
 *
 * One class, a file per step (vireo-new-vm-wizard-private.h lists them);
 * this one holds what the steps share: errors, navigation, the run and the
 * object. Each step binds its own signal handlers as template callbacks.
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "vireo-new-vm-wizard-private.h"

static const char *page_names[] = { "method", "os", "resources", "storage", "finish", "xml", "progress" };

G_DEFINE_FINAL_TYPE (VireoNewVmWizard, vireo_new_vm_wizard, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_DOMAIN_CREATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

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

void
vireo_new_vm_wizard_set_error_label (GtkWidget    *label,
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
    vireo_new_vm_wizard_set_error_label (page_error_label (self, i), NULL);
  vireo_new_vm_wizard_set_error_label (self->xml_error, NULL);
  vireo_new_vm_wizard_set_error_label (self->network_error, NULL);
  vireo_new_vm_wizard_set_error_label (self->firmware_error, NULL);
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

gboolean
vireo_new_vm_wizard_connection_is_local (VireoNewVmWizard *self)
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
  if (page >= PAGE_OS && vireo_new_vm_wizard_current_method (self) == VIREO_INSTALL_METHOD_URL)
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
  if (page >= PAGE_FINISH && (!vireo_new_vm_wizard_check_name (self, error) || !vireo_new_vm_wizard_check_mac (self, error)))
    return FALSE;
  if (!vireo_install_plan_validate (self->plan, &local) && page_for_error (local) <= page)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* -- the plan changed ------------------------------------------------------ */

/* any answer changed (connected first): the window has something to lose */
static void
plan_changed_cb (VireoInstallPlan *plan,
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
}

/* other media, tree or image: errors about the old ones, wherever shown */
static void
media_changed_cb (VireoNewVmWizard *self)
{
  vireo_new_vm_wizard_set_error_label (page_error_label (self, self->page), NULL);
  vireo_new_vm_wizard_set_error_label (self->method_error, NULL);
  vireo_new_vm_wizard_set_error_label (self->os_error, NULL);
}

/* any answer changed (connected last, after each step's own handlers): the
 * name check, the summary and the buttons */
static void
plan_changed_after_cb (VireoNewVmWizard *self)
{
  vireo_new_vm_wizard_update_name_check (self);
  if (self->page == PAGE_FINISH)
    vireo_new_vm_wizard_update_summary (self);
  vireo_new_vm_wizard_update_buttons (self);
}

/* the plan's changes: each step follows the properties it shows */
static void
watch_plan (VireoNewVmWizard *self)
{
  static const char *const media[] = { "notify::media-path", "notify::tree-url", "notify::disk-path",
                                       "notify::method" };

  g_signal_connect (self->plan, "notify", G_CALLBACK (plan_changed_cb), self);
  vireo_new_vm_wizard_summary_watch_plan (self);
  vireo_new_vm_wizard_storage_watch_plan (self);
  vireo_new_vm_wizard_resources_watch_plan (self);
  for (guint i = 0; i < G_N_ELEMENTS (media); i++)
    g_signal_connect_swapped (self->plan, media[i], G_CALLBACK (media_changed_cb), self);
  vireo_new_vm_wizard_source_watch_plan (self);
  g_signal_connect_swapped (self->plan, "notify", G_CALLBACK (plan_changed_after_cb), self);
}

/* -- navigation ------------------------------------------------------------ */

void
vireo_new_vm_wizard_update_buttons (VireoNewVmWizard *self)
{
  gboolean running = self->page == PAGE_PROGRESS;
  gboolean forward_ok = self->connection != NULL && !running;
  g_autofree char *subtitle = NULL;

  if (self->page == PAGE_METHOD)
    forward_ok = forward_ok && !gtk_widget_get_visible (self->media_access_error);
  if (self->page == PAGE_STORAGE)
    forward_ok = forward_ok && !gtk_widget_get_visible (self->disk_access_error);
  if (self->page == PAGE_RESOURCES)
    forward_ok = forward_ok && vireo_new_vm_wizard_check_vcpus (self, NULL);
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
    vireo_new_vm_wizard_start_detection (self);
  if (page == PAGE_RESOURCES)
    vireo_new_vm_wizard_update_resources (self);
  if (page == PAGE_FINISH)
    {
      vireo_new_vm_wizard_update_name_check (self);
      vireo_new_vm_wizard_update_summary (self);
    }
  vireo_new_vm_wizard_update_buttons (self);
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
  vireo_new_vm_wizard_set_error_label (page_error_label (self, page), error);
  if (error->domain == VIREO_INSTALL_PLAN_ERROR && error->code == VIREO_INSTALL_PLAN_ERROR_NETWORK)
    vireo_new_vm_wizard_set_error_label (self->network_error, error);
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
      vireo_new_vm_wizard_set_error_label (page_error_label (self, page), error);
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
      vireo_new_vm_wizard_set_error_label (page_error_label (self, page), error);
      return;
    }
  vireo_new_vm_wizard_set_error_label (page_error_label (self, self->page), NULL);

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
  vireo_new_vm_wizard_update_buttons (self);
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
    g_signal_handlers_disconnect_by_data (self->plan, self);
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

  /* each step's signal handlers, in its own file */
  gtk_widget_class_bind_template_callback (widget_class, customize_cb);
  vireo_new_vm_wizard_source_class_init (widget_class);
  vireo_new_vm_wizard_os_class_init (widget_class);
  vireo_new_vm_wizard_storage_class_init (widget_class);
  vireo_new_vm_wizard_summary_class_init (widget_class);

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

static void
vireo_new_vm_wizard_init (VireoNewVmWizard *self)
{
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
  watch_plan (self);

  /* Enter in a spin button = Forward (GtkSpinButton has no activates-default in 4.8;
   * its text delegate has) */
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->memory_spin))), TRUE);
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->vcpus_spin))), TRUE);
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->size_spin))), TRUE);

  gtk_label_set_text (GTK_LABEL (self->name_rule), vireo_install_plan_name_rule ());
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->name_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->name_rule, NULL, -1);

  vireo_new_vm_wizard_os_init (self);
  vireo_new_vm_wizard_summary_init (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->forward_button);
  vireo_new_vm_wizard_update_os_row (self);
  vireo_new_vm_wizard_update_method_widgets (self);
  vireo_new_vm_wizard_update_storage_widgets (self);
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
  g_signal_connect_object (connections, "items-changed", G_CALLBACK (vireo_new_vm_wizard_rebuild_connections), self,
                           G_CONNECT_SWAPPED);
  {
    VireoConnection *preferred = self->connection;

    /* keep it selected, then fetch its facts */
    vireo_new_vm_wizard_rebuild_connections (self);
    if (preferred != NULL && self->connection == preferred && self->caps == NULL
        && self->caps_cancellable == NULL)
      {
        g_clear_object (&self->connection);
        vireo_new_vm_wizard_connection_changed (self);
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

  vireo_new_vm_wizard_apply_host_caps (self, vireo_host_caps_ref (caps));
}

void
_vireo_new_vm_wizard_set_image_access_func (VireoNewVmWizard    *self,
                                            VireoImageAccessFunc func)
{
  g_return_if_fail (VIREO_IS_NEW_VM_WIZARD (self));

  self->access_func = func;
  vireo_new_vm_wizard_check_image_access (self);
}
