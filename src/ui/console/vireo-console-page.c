/* vireo-console-page.c — the Console page: its class and template, finding the VM's
 * consoles, connecting to the chosen one and trying again when it drops
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page's other concerns live beside it and share its instance struct
 * through vireo-console-page-private.h: -route.c (the display's socket),
 * -password.c, -clipboard.c, -usb.c, -serial.c, -fullscreen.c and
 * -actions.c (send keys, scaling, screenshot).
 */
#define G_LOG_DOMAIN "vireo-console-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-console-page-private.h"
#include "vireo-menu-tooltips.h"

G_DEFINE_FINAL_TYPE (VireoConsolePage, vireo_console_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_DOMAIN,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void connect_current (VireoConsolePage *self);

/* -- status ------------------------------------------------------------------ */

void
_vireo_console_page_show_status (VireoConsolePage *self,
                                 const char       *icon,
                                 const char       *title,
                                 const char       *description,
                                 gboolean          run,
                                 gboolean          serial,
                                 gboolean          reconnect)
{
  g_autofree char *escaped = NULL;

  /* the description is Pango markup; ours are plain text, and libvirt's,
   * ssh's and the guest's messages (names, addresses) must show as written */
  if (description != NULL)
    escaped = g_markup_escape_text (description, -1);
  g_free (self->status_description);
  self->status_description = g_strdup (description);
  adw_status_page_set_icon_name (self->status_page, icon);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, escaped);
  gtk_widget_set_visible (self->run_button, run);
  gtk_widget_set_visible (self->serial_button, serial);
  gtk_widget_set_visible (self->reconnect_button, reconnect);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static gboolean
domain_is_running (VireoConsolePage *self)
{
  VireoDomainState state;

  if (self->domain == NULL || vireo_domain_get_removed (self->domain))
    return FALSE;
  state = vireo_domain_get_state (self->domain);
  return state == VIREO_DOMAIN_STATE_RUNNING || state == VIREO_DOMAIN_STATE_BLOCKED ||
         state == VIREO_DOMAIN_STATE_PAUSED;
}

VireoConsoleInfo *
_vireo_console_page_find_console (VireoConsolePage *self,
                                  gboolean          graphics)
{
  for (guint i = 0; self->consoles != NULL && i < self->consoles->len; i++)
    {
      VireoConsoleInfo *info = self->consoles->pdata[i];
      VireoConsoleKind kind = vireo_console_info_get_kind (info);
      gboolean is_graphics = kind == VIREO_CONSOLE_KIND_VNC || kind == VIREO_CONSOLE_KIND_SPICE;

      if (is_graphics == graphics)
        return info;
    }
  return NULL;
}

void
_vireo_console_page_update_actions (VireoConsolePage *self)
{
  gboolean connected = self->session != NULL &&
                       vireo_console_session_get_state (self->session) == VIREO_CONSOLE_STATE_CONNECTED;
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "send-keys");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), connected);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "screenshot");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               self->session != NULL &&
                               vireo_console_session_get_framebuffer (self->session) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->usb_button),
                          VIREO_IS_SPICE_SESSION (self->session) &&
                          vireo_spice_session_get_usb_redirection (VIREO_SPICE_SESSION (self->session)));
  gtk_widget_set_visible (GTK_WIDGET (self->send_key_button), self->session != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->scaling_button), self->session != NULL);
  gtk_widget_set_visible (self->screenshot_button, self->session != NULL);
}

static void
update_grab_label (VireoConsolePage *self)
{
  g_autofree char *keys = vireo_display_get_release_label (self->display);
  g_autofree char *text = NULL;

  if (vireo_display_get_grabbed (self->display))
    /* Translators: %s is a key combination, e.g. "Ctrl+Alt" */
    text = g_strdup_printf (_("Press %s to release the keyboard"), keys);
  else if (self->session != NULL &&
           vireo_console_session_get_state (self->session) == VIREO_CONSOLE_STATE_CONNECTED)
    text = g_strdup (_("Click the screen to send the keyboard to the guest"));
  gtk_label_set_text (self->grab_label, text ? text : "");
}

/* -- sessions ---------------------------------------------------------------- */

void
_vireo_console_page_stop_graphics (VireoConsolePage *self)
{
  g_autoptr(VireoConsoleSession) session = g_steal_pointer (&self->session);

  g_clear_handle_id (&self->retry_source, g_source_remove);
  _vireo_console_page_close_password_dialog (self);
  _vireo_console_page_usb_forget (self);
  if (session != NULL)
    {
      g_signal_handlers_disconnect_by_data (session, self);
      vireo_console_session_disconnect (session);
    }
  /* the display keeps no stale picture */
  vireo_display_set_session (self->display, NULL);
  g_clear_pointer (&self->session_info, vireo_console_info_unref);
  _vireo_console_page_stop_tunnels (self);
  _vireo_console_page_update_actions (self);
  update_grab_label (self);
}

static void
stop_all (VireoConsolePage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  _vireo_console_page_stop_graphics (self);
  _vireo_console_page_stop_serial (self);
}

static void
session_need_fd_cb (VireoConsoleSession *session,
                    VireoConsolePage    *self)
{
  _vireo_console_page_request_fd (self, FALSE);
}

static void
session_connected_cb (VireoConsoleSession *session,
                      VireoConsolePage    *self)
{
  self->n_retries = 0;
  gtk_stack_set_visible_child_name (self->stack, "display");
  gtk_widget_grab_focus (GTK_WIDGET (self->display));
  _vireo_console_page_update_actions (self);
  update_grab_label (self);
}

static void
session_resized_cb (VireoConsoleSession *session,
                    int                  width,
                    int                  height,
                    VireoConsolePage    *self)
{
  _vireo_console_page_update_actions (self);
}

static gboolean
retry_cb (gpointer user_data)
{
  VireoConsolePage *self = user_data;

  self->retry_source = 0;
  if (domain_is_running (self))
    connect_current (self);
  return G_SOURCE_REMOVE;
}

static void
session_disconnected_cb (VireoConsoleSession *session,
                         const GError        *error,
                         VireoConsolePage    *self)
{
  g_autofree char *message = error ? g_strdup (error->message) : NULL;

  /* an ssh tunnel that failed says why ("connect failed", "administratively
   * prohibited"): that is what the person needs to know */
  for (guint i = 0; error != NULL && self->tunnels != NULL && i < self->tunnels->len; i++)
    {
      g_autofree char *said = vireo_console_ssh_tunnel_get_error (self->tunnels->pdata[i]);

      if (said != NULL)
        {
          g_free (message);
          /* Translators: the first %s says why the console closed, the second
           * is what the ssh program printed */
          message = g_strdup_printf (_("%s SSH said: %s"), error->message, said);
          break;
        }
    }
  g_debug ("console disconnected: %s", message ? message : "(no error)");
  _vireo_console_page_close_password_dialog (self);
  _vireo_console_page_stop_tunnels (self);
  _vireo_console_page_update_actions (self);
  update_grab_label (self);
  if (!domain_is_running (self))
    {
      _vireo_console_page_show_status (self, "system-shutdown-symbolic",
                                       _("The guest is not running"),
                                       _("The console connects as soon as it runs."), TRUE, FALSE, FALSE);
      return;
    }
  /* a reboot, a migration, a hiccup: try again by ourselves */
  if (self->n_retries < MAX_RETRIES)
    {
      self->n_retries++;
      g_clear_handle_id (&self->retry_source, g_source_remove);
      self->retry_source = g_timeout_add (RETRY_DELAY_MS, retry_cb, self);
      return;
    }
  _vireo_console_page_show_status (self, "dialog-error-symbolic", _("The console connection ended"),
                                   message, FALSE, _vireo_console_page_find_console (self,
                                                                                     FALSE) != NULL, TRUE);
}

/* -- connecting ---------------------------------------------------------------- */

/* @session (owned) becomes the page's graphical console */
static void
attach_session (VireoConsolePage    *self,
                VireoConsoleSession *session)
{
  self->session = session;
  self->stored_password_tried = FALSE;
  g_signal_connect (session, "need-fd", G_CALLBACK (session_need_fd_cb), self);
  g_signal_connect (session, "connected", G_CALLBACK (session_connected_cb), self);
  g_signal_connect (session, "disconnected", G_CALLBACK (session_disconnected_cb), self);
  g_signal_connect (session, "auth-required", G_CALLBACK (_vireo_console_page_auth_required_cb),
                    self);
  g_signal_connect (session, "framebuffer-resized", G_CALLBACK (session_resized_cb), self);
  g_signal_connect (session, "clipboard-text", G_CALLBACK (_vireo_console_page_clipboard_text_cb),
                    self);
  _vireo_console_page_usb_watch (self);
  vireo_console_session_set_clipboard_enabled (session, self->share_clipboard);
  _vireo_console_page_watch_clipboard (self);
  vireo_display_set_session (self->display, session);
  _vireo_console_page_update_actions (self);
}

static void
connect_graphics (VireoConsolePage *self,
                  VireoConsoleInfo *info)
{
  g_autofree char *host = NULL, *port = NULL;
  g_autoptr(GError) error = NULL;
  VireoConsoleSession *session;

  _vireo_console_page_stop_graphics (self);
  _vireo_console_page_stop_serial (self);

  session = vireo_console_info_get_kind (info) == VIREO_CONSOLE_KIND_SPICE
            ? vireo_spice_session_new () : vireo_vnc_session_new ();
  attach_session (self, session);
  self->session_info = vireo_console_info_ref (info);

  _vireo_console_page_show_status (self, "video-display-symbolic",
                                   _("Connecting to the console…"), NULL, FALSE, FALSE, FALSE);

  if (vireo_console_route_for_uri (_vireo_console_page_connection_uri (self)) !=
      VIREO_CONSOLE_ROUTE_DIRECT)
    {
      _vireo_console_page_request_fd (self, TRUE);
      return;
    }

  /* TLS/TCP connections: straight to the address the display listens on;
   * a display on the remote host's loopback says so and what to do */
  if (!vireo_console_info_get_remote_address (info, _vireo_console_page_connection_uri (self),
                                              &host, &port, &error))
    {
      _vireo_console_page_show_status (self, "network-offline-symbolic",
                                       _("The console cannot be reached"),
                                       error->message, FALSE,
                                       _vireo_console_page_find_console (self, FALSE) != NULL,
                                       FALSE);
      return;
    }
  if (!vireo_console_session_connect_host (session, host, port, &error))
    _vireo_console_page_show_status (self, "dialog-error-symbolic",
                                     _("Could not connect to the console"),
                                     error->message, FALSE, _vireo_console_page_find_console (self,
                                                                                              FALSE) != NULL, TRUE);
}

static void
connect_current (VireoConsolePage *self)
{
  VireoConsoleInfo *info;
  VireoConsoleKind kind;

  if (self->consoles == NULL || self->current >= self->consoles->len)
    return;
  info = self->consoles->pdata[self->current];
  kind = vireo_console_info_get_kind (info);
  if (kind == VIREO_CONSOLE_KIND_VNC || kind == VIREO_CONSOLE_KIND_SPICE)
    connect_graphics (self, info);
  else
    _vireo_console_page_connect_serial (self, info);
}

static void
dropdown_selected_cb (VireoConsolePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->console_dropdown);

  if (self->consoles == NULL || selected >= self->consoles->len || selected == self->current)
    return;
  self->current = selected;
  self->n_retries = 0;
  connect_current (self);
}

static void
consoles_ready_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  VireoConsolePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) consoles = vireo_domain_get_consoles_finish (VIREO_DOMAIN (source), result, &error);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  VireoConsoleInfo *graphics;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || VIREO_DOMAIN (source) != self->domain)
    {
      g_object_unref (self);
      return;
    }
  self->loading = FALSE;
  if (consoles == NULL)
    {
      _vireo_console_page_show_status (self, "dialog-error-symbolic",
                                       _("Could not read the consoles"),
                                       error ? error->message : NULL, FALSE, FALSE, TRUE);
      g_object_unref (self);
      return;
    }
  if (!domain_is_running (self))
    {
      g_object_unref (self);
      return;
    }

  g_clear_pointer (&self->consoles, g_ptr_array_unref);
  self->consoles = g_ptr_array_ref (consoles);
  for (guint i = 0; i < consoles->len; i++)
    gtk_string_list_append (labels, vireo_console_info_get_label (consoles->pdata[i]));

  graphics = _vireo_console_page_find_console (self, TRUE);
  self->current = G_MAXUINT;
  if (self->prefer_serial || graphics == NULL)
    {
      VireoConsoleInfo *text = _vireo_console_page_find_console (self, FALSE);

      if (self->prefer_serial && text != NULL)
        g_ptr_array_find (consoles, text, &self->current);
    }
  else
    g_ptr_array_find (consoles, graphics, &self->current);

  g_signal_handlers_block_by_func (self->console_dropdown, dropdown_selected_cb, self);
  gtk_drop_down_set_model (self->console_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->console_dropdown,
                              self->current == G_MAXUINT ? GTK_INVALID_LIST_POSITION : self->current);
  g_signal_handlers_unblock_by_func (self->console_dropdown, dropdown_selected_cb, self);
  gtk_widget_set_visible (GTK_WIDGET (self->console_dropdown), consoles->len > 1);

  if (self->current == G_MAXUINT)
    {
      gboolean has_text = _vireo_console_page_find_console (self, FALSE) != NULL;

      _vireo_console_page_show_status (self, "video-display-symbolic",
                                       _("This virtual machine has no graphical console"),
                                       has_text ? _("It has a serial console you can use instead.") : NULL,
                                       FALSE, has_text, FALSE);
    }
  else
    connect_current (self);
  g_object_unref (self);
}

static void
load_consoles (VireoConsolePage *self)
{
  if (self->loading)
    return;
  self->loading = TRUE;
  _vireo_console_page_show_status (self, "video-display-symbolic",
                                   _("Connecting to the console…"), NULL, FALSE, FALSE, FALSE);
  vireo_domain_get_consoles_async (self->domain, self->cancellable, consoles_ready_cb,
                                   g_object_ref (self));
}

static void
domain_state_cb (VireoConsolePage *self)
{
  /* a paused guest's screen is frozen: say so over it, with the way on */
  gtk_widget_set_visible (self->paused_box,
                          self->domain != NULL && !vireo_domain_get_removed (self->domain) &&
                          vireo_domain_get_state (self->domain) == VIREO_DOMAIN_STATE_PAUSED);
  if (self->domain == NULL)
    return;
  if (!domain_is_running (self))
    {
      stop_all (self);
      self->loading = FALSE;
      g_clear_pointer (&self->consoles, g_ptr_array_unref);
      gtk_widget_set_visible (GTK_WIDGET (self->console_dropdown), FALSE);
      if (vireo_domain_get_removed (self->domain))
        _vireo_console_page_show_status (self, "edit-delete-symbolic",
                                         _("The virtual machine no longer exists"),
                                         NULL, FALSE, FALSE, FALSE);
      else
        _vireo_console_page_show_status (self, "system-shutdown-symbolic",
                                         _("The guest is not running"),
                                         _("The console connects as soon as it runs."), TRUE, FALSE, FALSE);
      return;
    }
  if (self->consoles == NULL)
    {
      self->n_retries = 0;
      load_consoles (self);
    }
}

static void
show_serial_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  vireo_console_page_show_serial (VIREO_CONSOLE_PAGE (user_data));
}

static void
reconnect_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  VireoConsolePage *self = user_data;

  self->n_retries = 0;
  if (self->consoles == NULL)
    {
      stop_all (self);
      self->loading = FALSE;
      domain_state_cb (self);
    }
  else if (domain_is_running (self))
    connect_current (self);
}

/* -- public ------------------------------------------------------------------ */

void
vireo_console_page_show_serial (VireoConsolePage *self)
{
  VireoConsoleInfo *text;

  g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

  self->prefer_serial = TRUE;
  text = _vireo_console_page_find_console (self, FALSE);
  if (text == NULL)
    return;
  g_ptr_array_find (self->consoles, text, &self->current);
  g_signal_handlers_block_by_func (self->console_dropdown, dropdown_selected_cb, self);
  gtk_drop_down_set_selected (self->console_dropdown, self->current);
  g_signal_handlers_unblock_by_func (self->console_dropdown, dropdown_selected_cb, self);
  connect_current (self);
}

VireoDomain *
vireo_console_page_get_domain (VireoConsolePage *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

  return self->domain;
}

void
vireo_console_page_set_domain (VireoConsolePage *self,
                               VireoDomain      *domain)
{
  g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));
  g_return_if_fail (domain == NULL || VIREO_IS_DOMAIN (domain));

  if (self->domain == domain)
    return;
  stop_all (self);
  self->loading = FALSE;
  g_clear_pointer (&self->consoles, g_ptr_array_unref);
  g_set_object (&self->domain, domain);
  g_signal_group_set_target (self->domain_signals, domain);
  _vireo_console_page_load_scaling (self);
  _vireo_console_page_load_clipboard (self);
  domain_state_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
}

VireoDisplay *
vireo_console_page_get_display (VireoConsolePage *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

  return self->display;
}

const char *
vireo_console_page_get_view (VireoConsolePage *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
vireo_console_page_get_status_title (VireoConsolePage *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

  return adw_status_page_get_title (self->status_page);
}

const char *
vireo_console_page_get_status_description (VireoConsolePage *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

  return self->status_description;
}

GtkWidget *
vireo_console_page_get_terminal (VireoConsolePage *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

  return self->terminal;
}

GtkWidget *
vireo_console_page_get_password_dialog (VireoConsolePage *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

  return self->password_dialog;
}

GtkMenuButton *
vireo_console_page_get_usb_button (VireoConsolePage *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_PAGE (self), NULL);

  return self->usb_button;
}

void
vireo_console_page_use_session (VireoConsolePage    *self,
                                VireoConsoleSession *session)
{
  g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));
  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (session));

  _vireo_console_page_stop_graphics (self);
  _vireo_console_page_stop_serial (self);
  attach_session (self, g_object_ref (session));
  if (vireo_console_session_get_state (session) == VIREO_CONSOLE_STATE_CONNECTED)
    session_connected_cb (session, self);
}

void
vireo_console_page_set_graphics_fd_flags (VireoConsolePage    *self,
                                          VireoGraphicsFdFlags flags)
{
  g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

  self->fd_flags = flags;
}

/* -- GObject ------------------------------------------------------------------ */

static void
vireo_console_page_dispose (GObject *object)
{
  VireoConsolePage *self = VIREO_CONSOLE_PAGE (object);

  _vireo_console_page_fullscreen_dispose (self);
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  _vireo_console_page_stop_graphics (self);
  _vireo_console_page_stop_serial (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_CONSOLE_PAGE);

  g_clear_pointer (&self->consoles, g_ptr_array_unref);
  g_clear_pointer (&self->guest_clipboard, g_free);
  g_clear_pointer (&self->status_description, g_free);
  g_clear_pointer (&self->tunnels, g_ptr_array_unref);
  g_clear_pointer (&self->usb_watched, g_ptr_array_unref);
  g_clear_object (&self->domain_signals);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->actions);
  g_clear_object (&self->settings);
  g_clear_object (&self->domain);
  g_clear_object (&self->resize_toast);

  G_OBJECT_CLASS (vireo_console_page_parent_class)->dispose (object);
}

static void
vireo_console_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VireoConsolePage *self = VIREO_CONSOLE_PAGE (object);

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
vireo_console_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VireoConsolePage *self = VIREO_CONSOLE_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      vireo_console_page_set_domain (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_console_page_class_init (VireoConsolePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_console_page_dispose;
  object_class->get_property = vireo_console_page_get_property;
  object_class->set_property = vireo_console_page_set_property;

  properties[PROP_DOMAIN] =
      g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VIREO_TYPE_DISPLAY);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/console/vireo-console-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, overlay);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, toolbar_revealer);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, fullscreen_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, paused_box);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, console_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, grab_label);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, usb_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, send_key_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, scaling_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, screenshot_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, stack);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, run_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, serial_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, display);
  gtk_widget_class_bind_template_child (widget_class, VireoConsolePage, serial_box);
}

static void
vireo_console_page_init (VireoConsolePage *self)
{
  static const GActionEntry entries[] = {
    { "send-keys", _vireo_console_page_send_keys_action, "s" },
    { "scaling", _vireo_console_page_scaling_action, "s", "'always'" },
    { "resize-guest", _vireo_console_page_resize_guest_action, NULL, "false" },
    { "share-clipboard", _vireo_console_page_share_clipboard_action, NULL, "false" },
    { "fullscreen", _vireo_console_page_fullscreen_action, NULL, "false" },
    { "screenshot", _vireo_console_page_screenshot_action },
    { "show-serial", show_serial_action },
    { "reconnect", reconnect_action },
    { "usb-none", NULL },   /* "No USB devices found": never enabled */
  };
  g_autoptr(GMenuModel) send_keys_menu = NULL;
  GtkEventController *controller;

  self->current = G_MAXUINT;
  self->fd_flags = VIREO_GRAPHICS_FD_SKIP_AUTH;
  self->tunnels = g_ptr_array_new_with_free_func (g_object_unref);
  self->usb_watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new ("org.vireo.Vireo");

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "console", G_ACTION_GROUP (self->actions));

  gtk_widget_init_template (GTK_WIDGET (self));
  /* USB Devices, Send Key, Scaling */
  vireo_menu_tooltips_hide_while_open (GTK_WIDGET (self));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions),
                                                                            "usb-none")),
                               FALSE);
  _vireo_console_page_usb_rebuild_menu (self);

  send_keys_menu = _vireo_console_page_build_send_keys_menu ();
  gtk_menu_button_set_menu_model (self->send_key_button, send_keys_menu);

  /* the serial console */
  _vireo_console_page_init_terminal (self);

  /* preferences */
  g_settings_bind (self->settings, "console-release-keys", self->display, "release-keys",
                   G_SETTINGS_BIND_GET);
  if (g_settings_get_boolean (self->settings, "console-resize-guest"))
    {
      vireo_display_set_resize_guest (self->display, TRUE);
      g_action_group_change_action_state (G_ACTION_GROUP (self->actions), "resize-guest",
                                          g_variant_new_boolean (TRUE));
    }

  g_signal_connect_object (self->display, "notify::grabbed", G_CALLBACK (update_grab_label), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->display, "notify::resize-guest-ignored",
                           G_CALLBACK (_vireo_console_page_resize_ignored_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->display, "notify::release-keys", G_CALLBACK (update_grab_label), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->console_dropdown, "notify::selected",
                            G_CALLBACK (dropdown_selected_cb), self);

  /* F11: in and out of fullscreen, whenever the guest does not hold the
   * keyboard (the display passes F11 on unless it is grabbed; the release
   * combination, then F11, always leaves) */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F11, 0),
                                                          gtk_named_action_new ("console.fullscreen")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  g_signal_connect (self, "notify::root", G_CALLBACK (_vireo_console_page_root_notify_cb), NULL);

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_swapped (self->domain_signals, "notify::state", G_CALLBACK (domain_state_cb), self);
  g_signal_group_connect_swapped (self->domain_signals, "notify::removed", G_CALLBACK (domain_state_cb), self);

  _vireo_console_page_update_actions (self);
  _vireo_console_page_show_status (self, "system-shutdown-symbolic", _("The guest is not running"),
                                   _("The console connects as soon as it runs."), TRUE, FALSE, FALSE);
}

GtkWidget *
vireo_console_page_new (VireoDomain *domain)
{
  return g_object_new (VIREO_TYPE_CONSOLE_PAGE, "domain", domain, NULL);
}
