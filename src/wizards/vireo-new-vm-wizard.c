/* vireo-new-vm-wizard.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Five steps over one VireoInstallPlan: connection and method, operating
 * system, memory and CPUs, storage, name/network/summary. Finish hands the
 * plan to a VireoInstallRunner. A failed run removes what it created (the
 * runner does) and brings the person back to the step the error belongs
 * to, with every answer kept.
 *
 * Each step is its own widget class with its own template (the template
 * here holds the five, and the plan they take as their "plan"): it binds
 * its widgets to the plan's properties, follows those it shows, and has its
 * own template callbacks and actions (VireoNewVmPage). This class keeps
 * what is between the steps: navigation, errors, the host's facts handed to
 * the steps that use them, the XML review, the run and the object.
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "vireo-new-vm-os-page.h"
#include "vireo-new-vm-resources-page.h"
#include "vireo-new-vm-source-page.h"
#include "vireo-new-vm-storage-page.h"
#include "vireo-new-vm-summary-page.h"
#include "vireo-new-vm-wizard-private.h"

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

struct _VireoNewVmWizard
{
  AdwWindow              parent_instance;

  VireoInstallPlan      *plan;            /* the template's; the steps take it */
  GCancellable          *cancellable;     /* the window's life */
  GCancellable          *run_cancellable;
  VireoInstallRunner    *runner;
  char                  *created_uuid;
  guint                  poll_source;
  guint                  poll_count;
  guint                  page;
  guint                  dirty : 1;
  guint                  applying_caps : 1;
  guint                  closing : 1;

  /* template children */
  AdwWindowTitle        *window_title;
  GtkWidget             *cancel_button;
  GtkWidget             *back_button;
  GtkWidget             *forward_button;
  GtkStack              *stack;
  VireoNewVmSourcePage  *source_page;
  VireoNewVmOsPage      *os_page;
  VireoNewVmResourcesPage *resources_page;
  VireoNewVmStoragePage *storage_page;
  VireoNewVmSummaryPage *summary_page;
  GtkWidget             *xml_error;
  GtkWidget             *xml_install_note;  /* the install phase boots the edit too */
  GtkTextView           *xml_view;
  GtkWidget             *progress_label;
  GtkProgressBar        *progress_bar;
};

G_DEFINE_FINAL_TYPE (VireoNewVmWizard, vireo_new_vm_wizard, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_DOMAIN_CREATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void vireo_new_vm_wizard_update_buttons (VireoNewVmWizard *self);

/* the step @page (0..4) */
static VireoNewVmPage *
step_page (VireoNewVmWizard *self,
           guint             page)
{
  switch (page)
    {
    case PAGE_METHOD: return VIREO_NEW_VM_PAGE (self->source_page);
    case PAGE_OS: return VIREO_NEW_VM_PAGE (self->os_page);
    case PAGE_RESOURCES: return VIREO_NEW_VM_PAGE (self->resources_page);
    case PAGE_STORAGE: return VIREO_NEW_VM_PAGE (self->storage_page);
    case PAGE_FINISH: return VIREO_NEW_VM_PAGE (self->summary_page);
    default: g_assert_not_reached ();
    }
}

static VireoConnection *
wizard_connection (VireoNewVmWizard *self)
{
  return vireo_new_vm_source_page_get_connection (self->source_page);
}

/* -- errors ------------------------------------------------------------------ */

/* the page @page shows @error (NULL: no error) */
static void
show_page_error (VireoNewVmWizard *self,
                 guint             page,
                 const GError     *error)
{
  if (page < N_STEPS)
    vireo_new_vm_page_show_error (step_page (self, page), error);
  else if (page == PAGE_XML)
    vireo_new_vm_page_set_error_label (self->xml_error, error);
  else
    vireo_new_vm_page_show_error (step_page (self, PAGE_FINISH), error);
}

static void
clear_errors (VireoNewVmWizard *self)
{
  for (guint i = PAGE_METHOD; i <= PAGE_FINISH; i++)
    show_page_error (self, i, NULL);
  show_page_error (self, PAGE_XML, NULL);
  vireo_new_vm_summary_page_clear_errors (self->summary_page);
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
    case VIREO_INSTALL_PLAN_ERROR_EXPRESS:
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
check_page (VireoNewVmWizard *self,
            guint             page,
            GError          **error)
{
  g_autoptr (GError) local = NULL;

  if (wizard_connection (self) == NULL)
    {
      g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD,
                           _("Choose a connection that can create virtual machines."));
      return FALSE;
    }
  if (page >= PAGE_OS && !vireo_new_vm_os_page_check (self->os_page, error))
    return FALSE;
  if (page >= PAGE_FINISH && !vireo_new_vm_summary_page_check (self->summary_page, error))
    return FALSE;
  if (!vireo_install_plan_validate (self->plan, &local) && page_for_error (local) <= page)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* -- the plan changed and the host's facts ------------------------------------ */

/* any answer changed: the window has something to lose */
static void
plan_changed_cb (VireoInstallPlan *plan,
                 GParamSpec       *pspec,
                 VireoNewVmWizard *self)
{
  const char *name = g_param_spec_get_name (pspec);

  /* what the host offers, or what a step fills in itself, is not an answer */
  if (self->applying_caps || vireo_new_vm_summary_page_is_changing_plan (self->summary_page))
    return;
  if (!g_str_equal (name, "uri") && !g_str_equal (name, "host-memory-mib")
      && !g_str_equal (name, "host-cpus") && !g_str_equal (name, "pool-free-bytes")
      && !g_str_equal (name, "bios-available") && !g_str_equal (name, "uefi-available")
      && !g_str_equal (name, "max-vcpus") && !g_str_equal (name, "media-readable"))
    self->dirty = TRUE;
}

/* other media, tree or image: errors about the old ones, wherever shown */
static void
media_changed_cb (VireoNewVmWizard *self)
{
  show_page_error (self, self->page, NULL);
  show_page_error (self, PAGE_METHOD, NULL);
  show_page_error (self, PAGE_OS, NULL);
}

/* any answer changed (connected after the steps' own handlers): the name
 * check, the summary and the buttons */
static void
plan_changed_after_cb (VireoNewVmWizard *self)
{
  vireo_new_vm_summary_page_update_checks (self->summary_page);
  if (self->page == PAGE_FINISH)
    vireo_new_vm_summary_page_update_summary (self->summary_page);
  vireo_new_vm_wizard_update_buttons (self);
}

/* the steps follow the plan's properties they show themselves */
static void
watch_plan (VireoNewVmWizard *self)
{
  static const char *const media[] = { "notify::media-path", "notify::tree-url", "notify::disk-path",
                                       "notify::method" };

  g_signal_connect (self->plan, "notify", G_CALLBACK (plan_changed_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (media); i++)
    g_signal_connect_swapped (self->plan, media[i], G_CALLBACK (media_changed_cb), self);
  g_signal_connect_swapped (self->plan, "notify", G_CALLBACK (plan_changed_after_cb), self);
}

/* the chosen connection's facts, for the steps that use them; what the
 * host offers is not an answer: Cancel on an untouched wizard closes it
 * without asking */
static void
apply_host_caps (VireoNewVmWizard *self,
                 VireoHostCaps    *caps)
{
  self->applying_caps = TRUE;
  vireo_new_vm_source_page_set_host_caps (self->source_page, caps);
  vireo_new_vm_storage_page_set_host_caps (self->storage_page, caps);
  vireo_new_vm_summary_page_set_host_caps (self->summary_page, caps);
  self->applying_caps = FALSE;
  vireo_new_vm_wizard_update_buttons (self);
}

static void
host_caps_loaded_cb (VireoNewVmWizard *self,
                     VireoHostCaps    *caps)
{
  apply_host_caps (self, caps);
}

/* -- navigation ------------------------------------------------------------ */

static void
vireo_new_vm_wizard_update_buttons (VireoNewVmWizard *self)
{
  gboolean running = self->page == PAGE_PROGRESS;
  gboolean forward_ok = wizard_connection (self) != NULL && !running;
  g_autofree char *subtitle = NULL;

  /* the step's own checks (an image QEMU cannot open, too many CPUs, a
   * name taken...) hold Forward */
  if (self->page < N_STEPS)
    forward_ok = forward_ok && vireo_new_vm_page_is_ready (step_page (self, self->page));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.forward", forward_ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", self->page > PAGE_METHOD && !running);
  gtk_widget_set_visible (self->back_button, self->page > PAGE_METHOD && !running);
  gtk_widget_set_visible (self->forward_button, !running);

  if (self->page == PAGE_XML
      || (self->page == PAGE_FINISH && !vireo_new_vm_summary_page_get_customize (self->summary_page)))
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
  if (page < N_STEPS)
    vireo_new_vm_page_shown (step_page (self, page));
  vireo_new_vm_wizard_update_buttons (self);
}

/* the new domain reaches the connection's list through libvirt's events */
static gboolean
domain_poll_cb (gpointer user_data)
{
  VireoNewVmWizard *self = user_data;
  VireoDomain *domain = vireo_connection_lookup_domain (wizard_connection (self), self->created_uuid);

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
  show_page_error (self, page, error);
  if (error->domain == VIREO_INSTALL_PLAN_ERROR && error->code == VIREO_INSTALL_PLAN_ERROR_NETWORK)
    vireo_new_vm_summary_page_show_network_error (self->summary_page, error);
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

  self->runner = vireo_install_runner_new (wizard_connection (self), self->plan);
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
      show_page_error (self, page, error);
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
  if ((self->page == PAGE_METHOD || self->page == PAGE_STORAGE)
      && !vireo_new_vm_page_is_ready (step_page (self, self->page)))
    return;
  if (self->page <= PAGE_FINISH && !check_page (self, self->page, &error))
    {
      guint page = page_for_error (error);

      if (page > self->page)
        page = self->page;
      show_page (self, page);
      show_page_error (self, page, error);
      return;
    }
  show_page_error (self, self->page, NULL);

  if (self->page < PAGE_FINISH)
    show_page (self, self->page + 1);
  else if (self->page == PAGE_FINISH && vireo_new_vm_summary_page_get_customize (self->summary_page))
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

/* -- the XML review ---------------------------------------------------------- */

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
  g_cancellable_cancel (self->run_cancellable);
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
  g_clear_object (&self->runner);

  G_OBJECT_CLASS (vireo_new_vm_wizard_parent_class)->dispose (object);
}

static void
vireo_new_vm_wizard_finalize (GObject *object)
{
  VireoNewVmWizard *self = VIREO_NEW_VM_WIZARD (object);

  g_clear_object (&self->plan);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->run_cancellable);
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
  /* the steps, and the plan they take */
  g_type_ensure (VIREO_TYPE_INSTALL_PLAN);
  g_type_ensure (VIREO_TYPE_NEW_VM_SOURCE_PAGE);
  g_type_ensure (VIREO_TYPE_NEW_VM_OS_PAGE);
  g_type_ensure (VIREO_TYPE_NEW_VM_RESOURCES_PAGE);
  g_type_ensure (VIREO_TYPE_NEW_VM_STORAGE_PAGE);
  g_type_ensure (VIREO_TYPE_NEW_VM_SUMMARY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-new-vm-wizard.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "plan", FALSE, 0);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoNewVmWizard, name)
  BIND (window_title);
  BIND (cancel_button);
  BIND (back_button);
  BIND (forward_button);
  BIND (stack);
  BIND (source_page);
  BIND (os_page);
  BIND (resources_page);
  BIND (storage_page);
  BIND (summary_page);
  BIND (xml_error);
  BIND (xml_install_note);
  BIND (xml_view);
  BIND (progress_label);
  BIND (progress_bar);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, host_caps_loaded_cb);
  gtk_widget_class_bind_template_callback (widget_class, vireo_new_vm_wizard_update_buttons);

  gtk_widget_class_install_action (widget_class, "wizard.forward", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel_action);
}

static void
vireo_new_vm_wizard_init (VireoNewVmWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* the template's plan, which the steps took as theirs */
  self->plan = g_object_ref (VIREO_INSTALL_PLAN (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                                VIREO_TYPE_NEW_VM_WIZARD,
                                                                                "plan")));
  self->cancellable = g_cancellable_new ();
  vireo_install_plan_set_os (self->plan, NULL, NULL, NULL);
  watch_plan (self);
  /* after the other steps, which follow it through their bindings */
  g_signal_connect_object (self->source_page, "notify::connection", G_CALLBACK (vireo_new_vm_wizard_update_buttons),
                           self, G_CONNECT_SWAPPED);

  setup_xml_editor (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->forward_button);
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
  /* @connection chosen when it can create VMs; then its facts are fetched */
  vireo_new_vm_source_page_set_connections (self->source_page, connections, connection);
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

  apply_host_caps (self, caps);
}

void
_vireo_new_vm_wizard_set_image_access_func (VireoNewVmWizard    *self,
                                            VireoImageAccessFunc func)
{
  g_return_if_fail (VIREO_IS_NEW_VM_WIZARD (self));

  _vireo_new_vm_source_page_set_image_access_func (self->source_page, func);
  _vireo_new_vm_storage_page_set_image_access_func (self->storage_page, func);
}
