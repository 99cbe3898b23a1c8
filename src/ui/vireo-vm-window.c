/* vireo-vm-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-vm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-console-page.h"
#include "vireo-details-view.h"
#include "vireo-domain-actions.h"
#include "vireo-list-row.h"
#include "vireo-menu-tooltips.h"
#include "vireo-overview-page.h"
#include "vireo-performance-page.h"
#include "vireo-snapshots-page.h"
#include "vireo-vm-window.h"

/* how long the "no longer exists" page stays before the window closes */
#define REMOVED_CLOSE_SECONDS 5

struct _VireoVmWindow
{
  AdwApplicationWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget *switcher_bar;
  GtkWidget *header_bar;
  GtkWidget *lifecycle_box;
  GtkWidget *run_button;
  GtkWidget *pause_button;
  GtkWidget *resume_button;
  GtkWidget *more_button;
  GtkWidget *help_button;
  GtkRevealer *lost_revealer;
  GtkLabel *lost_label;
  GtkRevealer *install_revealer;
  GtkInfoBar *install_infobar;
  GtkSpinner *install_spinner;
  GtkLabel *install_label;
  GtkStack *main_stack;
  AdwViewStack *view_stack;
  VireoOverviewPage *overview_page;
  AdwStatusPage *removed_page;

  VireoDomain *domain;   /* owned */
  GActionGroup *actions; /* owned; inserted as "domain" */
  GSignalGroup *domain_signals;
  GSignalGroup *connection_signals;
  GSignalGroup *install_job_signals;
  VireoInstallJob *dismissed_job; /* weak: the ended job the person closed */
  GBinding *title_binding;
  GSettings *settings; /* owned; NULL without the schema */
  guint close_source;
};

G_DEFINE_FINAL_TYPE (VireoVmWindow, vireo_vm_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_DOMAIN,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static gboolean
close_timeout_cb (gpointer user_data)
{
  VireoVmWindow *self = user_data;

  self->close_source = 0;
  gtk_window_close (GTK_WINDOW (self));

  return G_SOURCE_REMOVE;
}

static void
vireo_vm_window_show_removed (VireoVmWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  if (self->close_source != 0)
    return;

  /* the person deleted it in Vireo: nothing to tell, the window just goes */
  if (vireo_domain_actions_is_deleting (self->domain))
    {
      gtk_widget_set_visible (self->lifecycle_box, FALSE);
      gtk_widget_set_visible (self->more_button, FALSE);
      self->close_source = g_idle_add (close_timeout_cb, self);
      return;
    }

  name = vireo_display_name_isolate (vireo_domain_get_name (self->domain));
  /* Translators: %s is the name of a virtual machine */
  title = g_strdup_printf (_ ("“%s” no longer exists"), name);
  adw_status_page_set_title (self->removed_page, title);
  adw_status_page_set_description (
      self->removed_page,
      vireo_domain_get_persistent (self->domain)
          ? _ ("It was deleted outside Vireo. This window closes by itself in a few seconds.")
          : _ ("It was a temporary virtual machine and it stopped. "
               "This window closes by itself in a few seconds."));

  gtk_stack_set_visible_child_name (self->main_stack, "removed");
  gtk_widget_set_visible (self->lifecycle_box, FALSE);
  gtk_widget_set_visible (self->more_button, FALSE);
  gtk_revealer_set_reveal_child (self->lost_revealer, FALSE);
  gtk_widget_set_visible (self->switcher_bar, FALSE);

  self->close_source = g_timeout_add_seconds (REMOVED_CLOSE_SECONDS, close_timeout_cb, self);
}

static void
vireo_vm_window_update (VireoVmWindow *self)
{
  VireoConnection *connection;
  VireoDomainState state;
  gboolean lost;

  if (self->domain == NULL)
    return;

  if (vireo_domain_get_removed (self->domain))
    {
      vireo_vm_window_show_removed (self);
      return;
    }

  connection = vireo_domain_get_connection (self->domain);
  /* the header: the VM's name (the window's title) on its host */
  adw_window_title_set_subtitle (self->window_title,
                                 connection ? vireo_list_row_connection_label (connection) : NULL);
  lost = !vireo_domain_get_available (self->domain) ||
         (connection != NULL &&
          vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED);
  if (lost)
    {
      const char *host = NULL;
      g_autofree char *text = NULL;

      if (connection != NULL)
        host = vireo_connection_get_hostname (connection);
      if (host == NULL && connection != NULL)
        host = vireo_connection_get_label (connection);
      /* Translators: %s is a host name, or a connection's label */
      text = g_strdup_printf (_ ("The connection to %s is lost. Vireo reconnects by itself."),
                              host ? host : "");
      gtk_label_set_text (self->lost_label, text);
    }
  gtk_revealer_set_reveal_child (self->lost_revealer, lost);

  state = vireo_domain_get_state (self->domain);
  gtk_widget_set_visible (self->pause_button, state != VIREO_DOMAIN_STATE_PAUSED);
  gtk_widget_set_visible (self->resume_button, state == VIREO_DOMAIN_STATE_PAUSED);
  gtk_widget_set_visible (self->run_button, state != VIREO_DOMAIN_STATE_PAUSED);
}

/* the install job: one bar from the installer to the VM running from its
 * disk; the sentence that ended it stays until the person closes it */
static void
vireo_vm_window_update_install (VireoVmWindow *self)
{
  VireoInstallJob *job = self->domain != NULL ? vireo_domain_get_install_job (self->domain) : NULL;
  gboolean active;
  GtkMessageType type = GTK_MESSAGE_INFO;

  g_signal_group_set_target (self->install_job_signals, job);
  if (job == NULL || job == self->dismissed_job || vireo_domain_get_removed (self->domain))
    {
      gtk_revealer_set_reveal_child (self->install_revealer, FALSE);
      gtk_spinner_set_spinning (self->install_spinner, FALSE);
      return;
    }

  active = vireo_install_job_get_active (job);
  switch (vireo_install_job_get_state (job))
    {
    case VIREO_INSTALL_JOB_STOPPED:
      type = GTK_MESSAGE_WARNING;
      break;
    case VIREO_INSTALL_JOB_FAILED:
      type = GTK_MESSAGE_ERROR;
      break;
    case VIREO_INSTALL_JOB_INSTALLING:
    case VIREO_INSTALL_JOB_RESTARTING:
    case VIREO_INSTALL_JOB_DONE:
    default:
      break;
    }
  gtk_info_bar_set_message_type (self->install_infobar, type);
  gtk_info_bar_set_show_close_button (self->install_infobar, !active);
  gtk_widget_set_visible (GTK_WIDGET (self->install_spinner), active);
  gtk_spinner_set_spinning (self->install_spinner, active);
  gtk_label_set_text (self->install_label, vireo_install_job_get_message (job));
  gtk_revealer_set_reveal_child (self->install_revealer, TRUE);
}

static void
install_response_cb (VireoVmWindow *self,
                     int            response)
{
  VireoInstallJob *job;

  if (response != GTK_RESPONSE_CLOSE || self->domain == NULL)
    return;
  job = vireo_domain_get_install_job (self->domain);
  g_set_weak_pointer (&self->dismissed_job, job);
  vireo_vm_window_update_install (self);
}

static void
domain_notify_cb (VireoVmWindow *self)
{
  vireo_vm_window_update (self);
}

static void
connection_notify_cb (VireoVmWindow *self)
{
  vireo_vm_window_update (self);
}

static void
vireo_vm_window_set_domain (VireoVmWindow *self, VireoDomain *domain)
{
  VireoConnection *connection;

  g_assert (self->domain == NULL);
  g_return_if_fail (VIREO_IS_DOMAIN (domain));

  self->domain = g_object_ref (domain);
  connection = vireo_domain_get_connection (domain);

  self->title_binding =
      g_object_bind_property (domain, "name", self, "title", G_BINDING_SYNC_CREATE);

  vireo_domain_actions_set_domain (self->actions, domain);
  vireo_overview_page_set_domain (self->overview_page, domain);
  vireo_vm_window_add_page (self, vireo_details_view_new (domain), "details", _ ("Details"),
                            "preferences-system-symbolic");
  vireo_vm_window_add_page (self, vireo_performance_page_new (domain), "performance",
                            _ ("Performance"), "utilities-system-monitor-symbolic");
  vireo_vm_window_add_page (self, vireo_console_page_new (domain), "console", _ ("Console"),
                            "video-display-symbolic");
  vireo_vm_window_add_page (self, vireo_snapshots_page_new (domain), "snapshots", _ ("Snapshots"),
                            "camera-photo-symbolic");
  /* a running VM opens on its screen (not on libvirt's test driver, the
   * demo host, whose VMs have no screen) */
  if ((vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_RUNNING ||
       vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_PAUSED ||
       vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_BLOCKED) &&
      !(connection != NULL && g_str_has_prefix (vireo_connection_get_uri (connection), "test:")))
    adw_view_stack_set_visible_child_name (self->view_stack, "console");

  g_signal_group_set_target (self->domain_signals, domain);
  g_signal_group_set_target (self->connection_signals, connection);

  vireo_vm_window_update (self);
  vireo_vm_window_update_install (self);
}

/* -- the window's size, remembered for the next VM window ------------------- */

static GSettings *
vm_window_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.vireo.Vireo", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "vm-window-width"))
    return NULL;
  return g_settings_new ("org.vireo.Vireo");
}

static void
vireo_vm_window_restore_size (VireoVmWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "vm-window-width"),
                               g_settings_get_int (self->settings, "vm-window-height"));
  if (g_settings_get_boolean (self->settings, "vm-window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
vireo_vm_window_save_size (VireoVmWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  /* the default size follows the window's unmaximized, unfullscreened size */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "vm-window-width", width);
      g_settings_set_int (self->settings, "vm-window-height", height);
    }
  g_settings_set_boolean (self->settings, "vm-window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
vireo_vm_window_close_request (GtkWindow *window)
{
  vireo_vm_window_save_size (VIREO_VM_WINDOW (window));

  return GTK_WINDOW_CLASS (vireo_vm_window_parent_class)->close_request (window);
}

static void
vireo_vm_window_dispose (GObject *object)
{
  VireoVmWindow *self = VIREO_VM_WINDOW (object);

  g_clear_handle_id (&self->close_source, g_source_remove);
  if (self->title_binding != NULL)
    g_binding_unbind (self->title_binding);
  self->title_binding = NULL;
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, NULL);
  if (self->install_job_signals != NULL)
    g_signal_group_set_target (self->install_job_signals, NULL);
  g_clear_weak_pointer (&self->dismissed_job);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_VM_WINDOW);

  g_clear_object (&self->domain_signals);
  g_clear_object (&self->connection_signals);
  g_clear_object (&self->install_job_signals);
  g_clear_object (&self->actions);
  g_clear_object (&self->domain);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vireo_vm_window_parent_class)->dispose (object);
}

static void
vireo_vm_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VireoVmWindow *self = VIREO_VM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_vm_window_set_property (GObject *object,
                              guint prop_id,
                              const GValue *value,
                              GParamSpec *pspec)
{
  VireoVmWindow *self = VIREO_VM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      vireo_vm_window_set_domain (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VireoVmWindow *self = VIREO_VM_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (param, NULL));
}

const char *
vireo_vm_window_get_help_page (VireoVmWindow *self)
{
  g_return_val_if_fail (VIREO_IS_VM_WINDOW (self), NULL);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "details") == 0)
    return "vm-details";
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "snapshots") == 0)
    return "vm-snapshots";
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "console") == 0
           ? "console" : "vm-window";
}

/* the help button (and F1) opens the page about what is shown: the
 * console's own page on the console, the window's page on the others */
static void
visible_page_cb (VireoVmWindow *self)
{
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->help_button), "s",
                                    vireo_vm_window_get_help_page (self));
}

/* fullscreen belongs to the console: no header bar nor page switcher then */
static void
fullscreened_cb (VireoVmWindow *self)
{
  gboolean fullscreen = gtk_window_is_fullscreen (GTK_WINDOW (self));

  gtk_widget_set_visible (self->header_bar, !fullscreen);
  gtk_widget_set_visible (self->switcher_bar,
                          !fullscreen && g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack),
                                                    "removed") != 0);
}

static void
vireo_vm_window_class_init (VireoVmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vireo_vm_window_dispose;
  object_class->get_property = vireo_vm_window_get_property;
  object_class->set_property = vireo_vm_window_set_property;

  properties[PROP_DOMAIN] =
      g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  window_class->close_request = vireo_vm_window_close_request;

  g_type_ensure (VIREO_TYPE_OVERVIEW_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-vm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, lifecycle_box);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, more_button);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, help_button);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, lost_revealer);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, lost_label);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, install_revealer);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, install_infobar);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, install_spinner);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, install_label);
  gtk_widget_class_bind_template_callback (widget_class, install_response_cb);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, VireoVmWindow, removed_page);

  /* Clone… (issue 15), as in the manager window (not Ctrl+Shift+D: GTK's inspector) */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "domain.clone", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
  /* Create Snapshot (issue 15), as in the manager window */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "domain.snapshot-create", NULL);
  /* "vm.show-page" ("console"): shows one page (vireo --show-domain-console) */
  gtk_widget_class_install_action (widget_class, "vm.show-page", "s", show_page_action);
}

static void
vireo_vm_window_init (VireoVmWindow *self)
{
  /* the action group exists before the template so the header's buttons
   * find "domain.*" at once */
  self->actions = vireo_domain_actions_new (GTK_WIDGET (self));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "domain", self->actions);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* More Actions (the pages' own menu buttons see to theirs) */
  vireo_menu_tooltips_hide_while_open (GTK_WIDGET (self));

  self->settings = vm_window_settings_new ();
  vireo_vm_window_restore_size (self);

  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (fullscreened_cb), NULL);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (visible_page_cb), self, G_CONNECT_SWAPPED);

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_object (self->domain_signals, "notify::removed",
                                 G_CALLBACK (domain_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->domain_signals, "notify::available",
                                 G_CALLBACK (domain_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->domain_signals, "notify::state",
                                 G_CALLBACK (domain_notify_cb), self, G_CONNECT_SWAPPED);

  self->install_job_signals = g_signal_group_new (VIREO_TYPE_INSTALL_JOB);
  g_signal_group_connect_object (self->install_job_signals, "notify::message",
                                 G_CALLBACK (vireo_vm_window_update_install), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->install_job_signals, "notify::state",
                                 G_CALLBACK (vireo_vm_window_update_install), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->domain_signals, "notify::install-job",
                                 G_CALLBACK (vireo_vm_window_update_install), self,
                                 G_CONNECT_SWAPPED);

  self->connection_signals = g_signal_group_new (VIREO_TYPE_CONNECTION);
  g_signal_group_connect_object (self->connection_signals, "notify::state",
                                 G_CALLBACK (connection_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->connection_signals, "notify::hostname",
                                 G_CALLBACK (connection_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->connection_signals, "notify::label",
                                 G_CALLBACK (connection_notify_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
vireo_vm_window_new (GtkApplication *application, VireoDomain *domain)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  return g_object_new (VIREO_TYPE_VM_WINDOW, "application", application, "domain", domain, NULL);
}

VireoDomain *
vireo_vm_window_get_domain (VireoVmWindow *self)
{
  g_return_val_if_fail (VIREO_IS_VM_WINDOW (self), NULL);

  return self->domain;
}

void
vireo_vm_window_add_page (VireoVmWindow *self,
                          GtkWidget *page,
                          const char *name,
                          const char *title,
                          const char *icon_name)
{
  AdwViewStackPage *stack_page;

  g_return_if_fail (VIREO_IS_VM_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (name != NULL);
  g_return_if_fail (title != NULL);

  stack_page = adw_view_stack_add_titled (self->view_stack, page, name, title);
  if (icon_name != NULL)
    adw_view_stack_page_set_icon_name (stack_page, icon_name);
}
