/* vireo-console-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-console-page"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vte/vte.h>

#include "vireo-console-page.h"
#include "vireo-error-dialog.h"
#include "vireo-keymap.h"
#include "vireo-menu-tooltips.h"
#include "vireo-serial-session.h"
#include "vireo-spice-session.h"
#include "vireo-vnc-session.h"

#define RETRY_DELAY_MS        1000
#define MAX_RETRIES           5
#define TOOLBAR_HIDE_DELAY_MS 2000

struct _VireoConsolePage
{
  AdwBin parent_instance;

  GtkOverlay *overlay;
  AdwToast *resize_toast;
  GtkRevealer *toolbar_revealer;
  GtkWidget *toolbar;
  GtkWidget *fullscreen_button;
  GtkWidget *paused_box;
  GtkDropDown *console_dropdown;
  GtkLabel *grab_label;
  GtkMenuButton *usb_button;
  GtkMenuButton *send_key_button;
  GtkMenuButton *scaling_button;
  GtkWidget *screenshot_button;
  GtkStack *stack;
  AdwStatusPage *status_page;
  char *status_description;    /* as a person reads it (the page takes markup) */
  GtkWidget *run_button;
  GtkWidget *serial_button;
  GtkWidget *reconnect_button;
  VireoDisplay *display;
  GtkBox *serial_box;
  GtkWidget *terminal;   /* VteTerminal */

  GSimpleActionGroup *actions;
  GSettings *settings;
  gboolean share_clipboard;    /* this VM's choice; off unless turned on */
  gboolean clipboard_watched;
  char *guest_clipboard;       /* the text the guest last put on the clipboard */

  VireoDomain *domain;
  GSignalGroup *domain_signals;
  GCancellable *cancellable;   /* the consoles' list and sockets */
  GPtrArray *consoles;         /* VireoConsoleInfo, or NULL */
  gboolean loading;
  guint current;               /* index in consoles, G_MAXUINT: none */
  gboolean prefer_serial;

  VireoConsoleSession *session;
  VireoConsoleInfo *session_info;
  VireoGraphicsFdFlags fd_flags;
  GPtrArray *tunnels;          /* GSubprocess: ssh tunnels of the session */
  guint retry_source;
  guint n_retries;
  gboolean stored_password_tried;

  VireoSerialSession *serial;

  GtkWidget *password_dialog;
  guint toolbar_hide_source;
  GtkWidget *watched_root;
  GtkEventController *root_motion;   /* on watched_root: the top edge */

  /* USB redirection (SPICE): the devices whose notifications we follow
   * and the "console.usb-device-N" actions of the menu */
  GListModel *usb_model;       /* the session's */
  GPtrArray *usb_watched;      /* VireoUsbDevice */
  guint n_usb_actions;
};

G_DEFINE_FINAL_TYPE (VireoConsolePage, vireo_console_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_DOMAIN,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void connect_current (VireoConsolePage *self);
static void usb_forget      (VireoConsolePage *self);
static void usb_watch       (VireoConsolePage *self);

/* -- status ------------------------------------------------------------------ */

static void
show_status (VireoConsolePage *self,
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

static VireoConsoleInfo *
find_console (VireoConsolePage *self,
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

static void
update_actions (VireoConsolePage *self)
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

static void
stop_tunnels (VireoConsolePage *self)
{
  for (guint i = 0; self->tunnels != NULL && i < self->tunnels->len; i++)
    g_subprocess_force_exit (self->tunnels->pdata[i]);
  if (self->tunnels != NULL)
    g_ptr_array_set_size (self->tunnels, 0);
}

/* GTK 4.8's GtkPasswordEntry warns when it is finalized inside the
 * dialog's own teardown: take it out first (as vireo-ssh-askpass.c does) */
static void
detach_password_entry (GtkWidget *dialog)
{
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), NULL);
  g_object_set_data (G_OBJECT (dialog), "entry", NULL);
  g_object_set_data (G_OBJECT (dialog), "remember", NULL);
}

static void
close_password_dialog (VireoConsolePage *self)
{
  if (self->password_dialog != NULL)
    {
      GtkWidget *dialog = self->password_dialog;

      self->password_dialog = NULL;
      detach_password_entry (dialog);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

static void
stop_graphics (VireoConsolePage *self)
{
  g_autoptr(VireoConsoleSession) session = g_steal_pointer (&self->session);

  g_clear_handle_id (&self->retry_source, g_source_remove);
  close_password_dialog (self);
  usb_forget (self);
  if (session != NULL)
    {
      g_signal_handlers_disconnect_by_data (session, self);
      vireo_console_session_disconnect (session);
    }
  /* the display keeps no stale picture */
  vireo_display_set_session (self->display, NULL);
  g_clear_pointer (&self->session_info, vireo_console_info_unref);
  stop_tunnels (self);
  update_actions (self);
  update_grab_label (self);
}

static void
stop_serial (VireoConsolePage *self)
{
  if (self->serial != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->serial, self);
      vireo_serial_session_close (self->serial);
      g_clear_object (&self->serial);
    }
}

static void
stop_all (VireoConsolePage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  stop_graphics (self);
  stop_serial (self);
}

/* the connection's URI says how to reach the display (vireo-domain-graphics.h) */
static const char *
connection_uri (VireoConsolePage *self)
{
  VireoConnection *connection = vireo_domain_get_connection (self->domain);

  return connection ? vireo_connection_get_uri (connection) : NULL;
}

/* an ssh child process whose stdio is one end of a socket pair: the other
 * end is a stream to the display, as virDomainOpenGraphicsFD would give */
static int
open_ssh_tunnel (VireoConsolePage *self,
                 GError          **error)
{
  GSubprocess *proc = NULL;
  int fd;

  fd = vireo_console_info_open_ssh_tunnel (self->session_info, connection_uri (self), &proc, error);
  if (proc != NULL)
    g_ptr_array_add (self->tunnels, proc);
  return fd;
}

typedef struct
{
  VireoConsolePage    *self;
  VireoConsoleSession *session;
  gboolean             first;
} FdData;

static void
fd_data_free (FdData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->session);
  g_free (data);
}

static void
fd_ready_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  FdData *data = user_data;
  VireoConsolePage *self = data->self;
  g_autoptr(GError) error = NULL;
  int fd = vireo_domain_open_graphics_fd_finish (VIREO_DOMAIN (source), result, &error);

  if (data->session != self->session)
    {
      if (fd >= 0)
        close (fd);
      fd_data_free (data);
      return;
    }
  if (data->first)
    {
      g_autoptr(GError) connect_error = NULL;

      if (fd < 0 || !vireo_console_session_connect_fd (self->session, fd, &connect_error))
        {
          const GError *e = error ? error : connect_error;

          show_status (self, "dialog-error-symbolic", _("Could not connect to the console"),
                       e ? e->message : NULL, FALSE, find_console (self, FALSE) != NULL, TRUE);
        }
    }
  else
    vireo_console_session_provide_fd (self->session, fd);
  fd_data_free (data);
}

static void
request_fd (VireoConsolePage *self,
            gboolean          first)
{
  if (vireo_console_route_for_uri (connection_uri (self)) == VIREO_CONSOLE_ROUTE_SSH)
    {
      g_autoptr(GError) error = NULL;
      int fd = open_ssh_tunnel (self, &error);

      if (first)
        {
          if (fd < 0 || !vireo_console_session_connect_fd (self->session, fd, &error))
            show_status (self, "dialog-error-symbolic", _("Could not connect to the console"),
                         error ? error->message : NULL, FALSE, find_console (self, FALSE) != NULL, TRUE);
        }
      else
        vireo_console_session_provide_fd (self->session, fd);
      return;
    }
  else
    {
      FdData *data = g_new0 (FdData, 1);

      data->self = g_object_ref (self);
      data->session = g_object_ref (self->session);
      data->first = first;
      vireo_domain_open_graphics_fd_async (self->domain, vireo_console_info_get_index (self->session_info),
                                           self->fd_flags, self->cancellable, fd_ready_cb, data);
    }
}

static void
session_need_fd_cb (VireoConsoleSession *session,
                    VireoConsolePage    *self)
{
  request_fd (self, FALSE);
}

static void
session_connected_cb (VireoConsoleSession *session,
                      VireoConsolePage    *self)
{
  self->n_retries = 0;
  gtk_stack_set_visible_child_name (self->stack, "display");
  gtk_widget_grab_focus (GTK_WIDGET (self->display));
  update_actions (self);
  update_grab_label (self);
}

static void
session_resized_cb (VireoConsoleSession *session,
                    int                  width,
                    int                  height,
                    VireoConsolePage    *self)
{
  update_actions (self);
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
  close_password_dialog (self);
  stop_tunnels (self);
  update_actions (self);
  update_grab_label (self);
  if (!domain_is_running (self))
    {
      show_status (self, "system-shutdown-symbolic", _("The guest is not running"),
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
  show_status (self, "dialog-error-symbolic", _("The console connection ended"),
               message, FALSE, find_console (self, FALSE) != NULL, TRUE);
}

/* -- passwords ---------------------------------------------------------------- */

static const SecretSchema *
console_password_schema (void)
{
  /* the same schema as connection passwords (vireo-auth-dialog.c); the
   * "uri" of a display is the connection's URI + "#console=" + the VM's UUID */
  static const SecretSchema schema = {
    "org.vireo.Vireo.Password",
    SECRET_SCHEMA_NONE,
    {
        { "uri", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };

  return &schema;
}

static char *
console_secret_uri (VireoConsolePage *self)
{
  VireoConnection *connection = vireo_domain_get_connection (self->domain);

  return g_strdup_printf ("%s#console=%s/%u", connection ? vireo_connection_get_uri (connection) : "",
                          vireo_domain_get_uuid (self->domain),
                          self->session_info ? vireo_console_info_get_index (self->session_info) : 0);
}

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_warning ("Could not store the display password in the keyring: %s", error->message);
}

static void
password_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      VireoConsolePage *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  GtkCheckButton *remember = g_object_get_data (G_OBJECT (dialog), "remember");
  VireoConsoleSession *session = g_object_get_data (G_OBJECT (dialog), "session");
  g_autoptr(VireoConsolePassword) password = NULL;
  gboolean remember_it;

  if (entry == NULL)   /* answered already */
    return;
  password = g_strdup (gtk_editable_get_text (entry));
  remember_it = gtk_check_button_get_active (remember);
  detach_password_entry (GTK_WIDGET (dialog));

  if (self->password_dialog != GTK_WIDGET (dialog))
    return;
  self->password_dialog = NULL;
  if (session != self->session || self->session == NULL)
    return;

  if (g_strcmp0 (response, "connect") == 0)
    {
      if (remember_it)
        {
          g_autofree char *uri = console_secret_uri (self);
          g_autofree char *label = g_strdup_printf (_("Display password of “%s”"),
                                                    vireo_domain_get_name (self->domain));

          secret_password_store (console_password_schema (), SECRET_COLLECTION_DEFAULT, label,
                                 password, NULL, password_stored_cb, NULL,
                                 "uri", uri, "user", "", NULL);
        }
      vireo_console_session_set_password (self->session, password);
    }
  else
    {
      stop_graphics (self);
      show_status (self, "dialog-password-symbolic", _("The console needs a password"),
                   NULL, FALSE, find_console (self, FALSE) != NULL, TRUE);
    }
}

static void
prompt_password (VireoConsolePage *self,
                 gboolean          retry)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog, *box, *entry, *remember;
  g_autofree char *body = NULL;

  close_password_dialog (self);
  if (retry)
    body = g_strdup (_("The password was not accepted. Check it and try again."));
  else
    {
      g_autofree char *name = vireo_display_name_isolate (vireo_domain_get_name (self->domain));

      /* Translators: %s is the name of a virtual machine */
      body = g_strdup_printf (_("The display of “%s” is protected by a password."), name);
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Console Password"), body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Password"), -1);
  g_object_set (entry, "activates-default", TRUE, NULL);
  remember = gtk_check_button_new_with_mnemonic (_("_Remember in the keyring"));
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), remember);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "remember", remember);
  g_object_set_data_full (G_OBJECT (dialog), "session", g_object_ref (self->session), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  self->password_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

typedef struct
{
  VireoConsolePage    *self;
  VireoConsoleSession *session;
} LookupData;

static void
password_lookup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LookupData *data = user_data;
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (data->session == data->self->session &&
      vireo_console_session_get_state (data->session) == VIREO_CONSOLE_STATE_AUTHENTICATING)
    {
      if (password != NULL)
        vireo_console_session_set_password (data->session, password);
      else
        prompt_password (data->self, FALSE);
    }
  secret_password_free (password);
  g_object_unref (data->self);
  g_object_unref (data->session);
  g_free (data);
}

static void
session_auth_required_cb (VireoConsoleSession *session,
                          gboolean             retry,
                          VireoConsolePage    *self)
{
  if (!retry && !self->stored_password_tried)
    {
      LookupData *data = g_new0 (LookupData, 1);
      g_autofree char *uri = console_secret_uri (self);

      self->stored_password_tried = TRUE;
      data->self = g_object_ref (self);
      data->session = g_object_ref (session);
      secret_password_lookup (console_password_schema (), NULL, password_lookup_cb, data,
                              "uri", uri, "user", "", NULL);
      return;
    }
  prompt_password (self, retry);
}

/* -- clipboard sharing (per VM, off until turned on) ------------------------ */

/* the guest copied text: it goes on the host's clipboard */
static void
session_clipboard_text_cb (VireoConsoleSession *session,
                           const char          *text,
                           VireoConsolePage    *self)
{
  if (!self->share_clipboard || session != self->session)
    return;
  g_free (self->guest_clipboard);
  self->guest_clipboard = g_strdup (text);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VireoConsolePage) self = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  /* not what the guest itself just copied */
  if (text != NULL && self->share_clipboard && self->session != NULL &&
      g_strcmp0 (text, self->guest_clipboard) != 0)
    vireo_console_session_send_clipboard_text (self->session, text);
}

/* the host's clipboard changed: offer its text to the guest */
static void
clipboard_changed_cb (GdkClipboard     *clipboard,
                      VireoConsolePage *self)
{
  if (!self->share_clipboard || self->session == NULL)
    return;
  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read_cb, g_object_ref (self));
}

static void
watch_clipboard (VireoConsolePage *self)
{
  if (self->clipboard_watched)
    return;
  self->clipboard_watched = TRUE;
  g_signal_connect_object (gtk_widget_get_clipboard (GTK_WIDGET (self)), "changed",
                           G_CALLBACK (clipboard_changed_cb), self, 0);
}

static void
load_clipboard (VireoConsolePage *self)
{
  g_auto(GStrv) uuids = g_settings_get_strv (self->settings, "console-clipboard");
  GAction *action;

  self->share_clipboard = self->domain != NULL && vireo_domain_get_uuid (self->domain) != NULL &&
                          g_strv_contains ((const char * const *) uuids, vireo_domain_get_uuid (self->domain));
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "share-clipboard");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (self->share_clipboard));
  if (self->session != NULL)
    vireo_console_session_set_clipboard_enabled (self->session, self->share_clipboard);
}

static void
share_clipboard_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  g_auto(GStrv) uuids = g_settings_get_strv (self->settings, "console-clipboard");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  const char *uuid;

  if (self->domain == NULL || (uuid = vireo_domain_get_uuid (self->domain)) == NULL)
    return;
  self->share_clipboard = !self->share_clipboard;
  for (guint i = 0; uuids[i] != NULL; i++)
    if (!g_str_equal (uuids[i], uuid))
      g_strv_builder_add (builder, uuids[i]);
  if (self->share_clipboard)
    g_strv_builder_add (builder, uuid);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "console-clipboard", (const char * const *) updated);
  g_simple_action_set_state (action, g_variant_new_boolean (self->share_clipboard));
  if (self->session != NULL)
    vireo_console_session_set_clipboard_enabled (self->session, self->share_clipboard);
}

/* -- USB device redirection (SPICE) ------------------------------------------- */

typedef struct
{
  VireoConsolePage *self;
  gboolean          redirect;
} UsbData;

static void
usb_redirect_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree UsbData *data = user_data;
  g_autoptr(VireoConsolePage) self = data->self;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  if (vireo_spice_session_redirect_usb_device_finish (VIREO_SPICE_SESSION (source), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (VireoConsoleSession *) source != self->session)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  vireo_error_dialog_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                              data->redirect ? _("Could not redirect the USB device")
                                             : _("Could not return the USB device"),
                              error);
}

static void
usb_device_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  VireoUsbDevice *device = g_object_get_data (G_OBJECT (action), "device");
  UsbData *data;

  if (device == NULL || !VIREO_IS_SPICE_SESSION (self->session))
    return;
  data = g_new0 (UsbData, 1);
  data->self = g_object_ref (self);
  data->redirect = !vireo_usb_device_get_redirected (device);
  vireo_spice_session_redirect_usb_device_async (VIREO_SPICE_SESSION (self->session), device, data->redirect,
                                                 self->cancellable, usb_redirect_cb, data);
}

static void
usb_update_states (VireoConsolePage *self)
{
  for (guint i = 0; self->usb_watched != NULL && i < self->usb_watched->len; i++)
    {
      VireoUsbDevice *device = self->usb_watched->pdata[i];
      g_autofree char *name = g_strdup_printf ("usb-device-%u", i);
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

      if (action == NULL)
        continue;
      g_simple_action_set_state (G_SIMPLE_ACTION (action),
                                 g_variant_new_boolean (vireo_usb_device_get_redirected (device)));
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !vireo_usb_device_get_busy (device));
    }
}

static void
usb_clear_menu (VireoConsolePage *self)
{
  for (guint i = 0; self->usb_watched != NULL && i < self->usb_watched->len; i++)
    g_signal_handlers_disconnect_by_data (self->usb_watched->pdata[i], self);
  if (self->usb_watched != NULL)
    g_ptr_array_set_size (self->usb_watched, 0);
  for (guint i = 0; i < self->n_usb_actions; i++)
    {
      g_autofree char *name = g_strdup_printf ("usb-device-%u", i);

      g_action_map_remove_action (G_ACTION_MAP (self->actions), name);
    }
  self->n_usb_actions = 0;
}

/* one check item per device: checked while the guest has it */
static void
usb_rebuild_menu (VireoConsolePage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  const GError *usb_error = NULL;
  guint n;

  usb_clear_menu (self);
  if (VIREO_IS_SPICE_SESSION (self->session))
    usb_error = vireo_spice_session_get_usb_error (VIREO_SPICE_SESSION (self->session));
  n = self->usb_model != NULL ? g_list_model_get_n_items (self->usb_model) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoUsbDevice) device = g_list_model_get_item (self->usb_model, i);
      g_autofree char *name = g_strdup_printf ("usb-device-%u", i);
      g_autofree char *detailed = g_strdup_printf ("console.%s", name);
      g_autofree char *label = vireo_usb_device_dup_label (device);
      g_autoptr(GSimpleAction) action =
          g_simple_action_new_stateful (name, NULL,
                                        g_variant_new_boolean (vireo_usb_device_get_redirected (device)));

      g_object_set_data_full (G_OBJECT (action), "device", g_object_ref (device), g_object_unref);
      g_signal_connect (action, "activate", G_CALLBACK (usb_device_action), self);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
      g_ptr_array_add (self->usb_watched, g_object_ref (device));
      g_signal_connect_swapped (device, "notify::redirected", G_CALLBACK (usb_update_states), self);
      g_signal_connect_swapped (device, "notify::busy", G_CALLBACK (usb_update_states), self);
      g_menu_append (section, label, detailed);
    }
  self->n_usb_actions = n;
  if (n == 0)
    g_menu_append (section, usb_error != NULL ? usb_error->message : _("No USB devices found"),
                   "console.usb-none");
  g_menu_append_section (menu, _("Redirect to the Guest"), G_MENU_MODEL (section));
  gtk_menu_button_set_menu_model (self->usb_button, G_MENU_MODEL (menu));
  usb_update_states (self);
}

static void
usb_redirection_changed_cb (VireoConsolePage *self)
{
  update_actions (self);
}

static void
usb_device_error_cb (VireoConsoleSession *session,
                     VireoUsbDevice      *device,
                     const GError        *error,
                     VireoConsolePage    *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (session != self->session)
    return;
  vireo_error_dialog_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                              _("A USB device was returned to this computer"), error);
}

/* follows the new session's USB devices (SPICE sessions only) */
static void
usb_watch (VireoConsolePage *self)
{
  usb_forget (self);
  if (VIREO_IS_SPICE_SESSION (self->session))
    {
      VireoSpiceSession *spice = VIREO_SPICE_SESSION (self->session);

      g_signal_connect_swapped (spice, "notify::usb-redirection", G_CALLBACK (usb_redirection_changed_cb), self);
      g_signal_connect (spice, "usb-device-error", G_CALLBACK (usb_device_error_cb), self);
      self->usb_model = g_object_ref (vireo_spice_session_get_usb_devices (spice));
      g_signal_connect_swapped (self->usb_model, "items-changed", G_CALLBACK (usb_rebuild_menu), self);
    }
  usb_rebuild_menu (self);
}

static void
usb_forget (VireoConsolePage *self)
{
  if (self->usb_model != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->usb_model, self);
      g_clear_object (&self->usb_model);
    }
  usb_clear_menu (self);
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
  g_signal_connect (session, "auth-required", G_CALLBACK (session_auth_required_cb), self);
  g_signal_connect (session, "framebuffer-resized", G_CALLBACK (session_resized_cb), self);
  g_signal_connect (session, "clipboard-text", G_CALLBACK (session_clipboard_text_cb), self);
  usb_watch (self);
  vireo_console_session_set_clipboard_enabled (session, self->share_clipboard);
  watch_clipboard (self);
  vireo_display_set_session (self->display, session);
  update_actions (self);
}

static void
connect_graphics (VireoConsolePage *self,
                  VireoConsoleInfo *info)
{
  g_autofree char *host = NULL, *port = NULL;
  g_autoptr(GError) error = NULL;
  VireoConsoleSession *session;

  stop_graphics (self);
  stop_serial (self);

  session = vireo_console_info_get_kind (info) == VIREO_CONSOLE_KIND_SPICE
            ? vireo_spice_session_new () : vireo_vnc_session_new ();
  attach_session (self, session);
  self->session_info = vireo_console_info_ref (info);

  show_status (self, "video-display-symbolic", _("Connecting to the console…"), NULL,
               FALSE, FALSE, FALSE);

  if (vireo_console_route_for_uri (connection_uri (self)) != VIREO_CONSOLE_ROUTE_DIRECT)
    {
      request_fd (self, TRUE);
      return;
    }

  /* TLS/TCP connections: straight to the address the display listens on;
   * a display on the remote host's loopback says so and what to do */
  if (!vireo_console_info_get_remote_address (info, connection_uri (self), &host, &port, &error))
    {
      show_status (self, "network-offline-symbolic", _("The console cannot be reached"),
                   error->message, FALSE, find_console (self, FALSE) != NULL, FALSE);
      return;
    }
  if (!vireo_console_session_connect_host (session, host, port, &error))
    show_status (self, "dialog-error-symbolic", _("Could not connect to the console"),
                 error->message, FALSE, find_console (self, FALSE) != NULL, TRUE);
}

static void
serial_data_cb (VireoSerialSession *serial,
                GBytes             *bytes,
                VireoConsolePage   *self)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  vte_terminal_feed (VTE_TERMINAL (self->terminal), data, len);
}

static void
serial_closed_cb (VireoSerialSession *serial,
                  const GError       *error,
                  VireoConsolePage   *self)
{
  g_autofree char *text = g_strdup_printf ("\r\n[%s]\r\n", _("The console was closed."));

  vte_terminal_feed (VTE_TERMINAL (self->terminal), text, -1);
}

static void
serial_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VireoConsolePage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vireo_serial_session_open_finish (VIREO_SERIAL_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          VIREO_SERIAL_SESSION (source) == self->serial)
        show_status (self, "dialog-error-symbolic", _("Could not open the serial console"),
                     error->message, FALSE, FALSE, TRUE);
    }
  g_object_unref (self);
}

static void
terminal_commit_cb (VteTerminal      *terminal,
                    const char       *text,
                    guint             size,
                    VireoConsolePage *self)
{
  if (self->serial != NULL)
    vireo_serial_session_write (self->serial, text, size);
}

static void
connect_serial (VireoConsolePage *self,
                VireoConsoleInfo *info)
{
  stop_graphics (self);
  stop_serial (self);

  vte_terminal_reset (VTE_TERMINAL (self->terminal), TRUE, TRUE);
  self->serial = vireo_serial_session_new (self->domain, vireo_console_info_get_devname (info));
  g_signal_connect (self->serial, "data", G_CALLBACK (serial_data_cb), self);
  g_signal_connect (self->serial, "closed", G_CALLBACK (serial_closed_cb), self);
  vireo_serial_session_open_async (self->serial, self->cancellable, serial_opened_cb,
                                   g_object_ref (self));
  gtk_stack_set_visible_child_name (self->stack, "serial");
  gtk_widget_grab_focus (self->terminal);
  update_actions (self);
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
    connect_serial (self, info);
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
      show_status (self, "dialog-error-symbolic", _("Could not read the consoles"),
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

  graphics = find_console (self, TRUE);
  self->current = G_MAXUINT;
  if (self->prefer_serial || graphics == NULL)
    {
      VireoConsoleInfo *text = find_console (self, FALSE);

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
      gboolean has_text = find_console (self, FALSE) != NULL;

      show_status (self, "video-display-symbolic", _("This virtual machine has no graphical console"),
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
  show_status (self, "video-display-symbolic", _("Connecting to the console…"), NULL,
               FALSE, FALSE, FALSE);
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
        show_status (self, "edit-delete-symbolic", _("The virtual machine no longer exists"),
                     NULL, FALSE, FALSE, FALSE);
      else
        show_status (self, "system-shutdown-symbolic", _("The guest is not running"),
                     _("The console connects as soon as it runs."), TRUE, FALSE, FALSE);
      return;
    }
  if (self->consoles == NULL)
    {
      self->n_retries = 0;
      load_consoles (self);
    }
}

/* -- actions ------------------------------------------------------------------ */

static void
send_keys_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  const char *what = g_variant_get_string (param, NULL);
  guint keys[3];
  guint n = 0;

  if (self->session == NULL)
    return;
  if (g_str_equal (what, "print"))
    keys[n++] = VIREO_QNUM_PRINT;
  else
    {
      keys[n++] = VIREO_QNUM_LEFT_CTRL;
      keys[n++] = VIREO_QNUM_LEFT_ALT;
      if (g_str_equal (what, "ctrl-alt-del"))
        keys[n++] = VIREO_QNUM_DELETE;
      else if (g_str_equal (what, "ctrl-alt-backspace"))
        keys[n++] = VIREO_QNUM_BACKSPACE;
      else if (g_str_has_prefix (what, "ctrl-alt-f"))
        {
          int f = atoi (what + strlen ("ctrl-alt-f"));

          if (f >= 1 && f <= 10)
            keys[n++] = VIREO_QNUM_F1 + f - 1;
          else if (f == 11)
            keys[n++] = VIREO_QNUM_F11;
          else if (f == 12)
            keys[n++] = VIREO_QNUM_F12;
          else
            return;
        }
      else
        return;
    }
  vireo_console_session_send_keys (self->session, keys, n);
}

static void
save_scaling (VireoConsolePage    *self,
              VireoDisplayScaling  scaling)
{
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *uuid, *mode;

  if (self->domain == NULL || vireo_domain_get_uuid (self->domain) == NULL)
    return;
  old = g_settings_get_value (self->settings, "console-scaling");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &uuid, &mode))
    if (!g_str_equal (uuid, vireo_domain_get_uuid (self->domain)))
      g_variant_builder_add (&builder, "{ss}", uuid, mode);
  g_variant_builder_add (&builder, "{ss}", vireo_domain_get_uuid (self->domain),
                         vireo_display_scaling_to_string (scaling));
  g_settings_set_value (self->settings, "console-scaling", g_variant_builder_end (&builder));
}

static void
load_scaling (VireoConsolePage *self)
{
  g_autoptr(GVariant) dict = g_settings_get_value (self->settings, "console-scaling");
  const char *mode = NULL;
  VireoDisplayScaling scaling = VIREO_DISPLAY_SCALING_ALWAYS;
  GAction *action;

  if (self->domain != NULL && vireo_domain_get_uuid (self->domain) != NULL &&
      g_variant_lookup (dict, vireo_domain_get_uuid (self->domain), "&s", &mode))
    scaling = vireo_display_scaling_from_string (mode);
  vireo_display_set_scaling (self->display, scaling);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "scaling");
  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_string (vireo_display_scaling_to_string (scaling)));
}

static void
scaling_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  VireoDisplayScaling scaling = vireo_display_scaling_from_string (g_variant_get_string (param, NULL));

  g_simple_action_set_state (action, g_variant_new_string (vireo_display_scaling_to_string (scaling)));
  vireo_display_set_scaling (self->display, scaling);
  save_scaling (self, scaling);
}

static void
resize_guest_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));
  gboolean on = !g_variant_get_boolean (state);

  g_simple_action_set_state (action, g_variant_new_boolean (on));
  vireo_display_set_resize_guest (self->display, on);
  g_settings_set_boolean (self->settings, "console-resize-guest", on);
}

static void
resize_toast_dismissed_cb (VireoConsolePage *self)
{
  g_clear_object (&self->resize_toast);
}

static void
resize_toast_button_cb (VireoConsolePage *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "resize-guest");
  g_autoptr(GVariant) state = g_action_get_state (action);

  /* the toast goes by itself: it must not be dismissed twice */
  g_clear_object (&self->resize_toast);
  if (g_variant_get_boolean (state))
    g_action_activate (action, NULL);
}

/* "Resize Guest to Window" is on, and the guest did not follow: say why
 * and what the guest needs, once for each time it happens */
static void
resize_ignored_cb (VireoConsolePage *self)
{
  const char *title;

  if (!vireo_display_get_resize_guest_ignored (self->display))
    {
      if (self->resize_toast != NULL)
        adw_toast_dismiss (self->resize_toast);
      return;
    }
  if (self->resize_toast != NULL)
    return;
  if (VIREO_IS_SPICE_SESSION (self->session))
    title = _("The guest needs spice-vdagent to resize");
  else
    title = _("The guest needs Virtio video to resize");
  self->resize_toast = adw_toast_new (title);
  adw_toast_set_timeout (self->resize_toast, 0);
  adw_toast_set_button_label (self->resize_toast, _("Turn _Off"));
  g_signal_connect_object (self->resize_toast, "button-clicked", G_CALLBACK (resize_toast_button_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->resize_toast, "dismissed", G_CALLBACK (resize_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  /* the page's own child (not a bound template child: AdwBin keeps it) */
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self))),
                               g_object_ref (self->resize_toast));
}

static gboolean
hide_toolbar_cb (gpointer user_data)
{
  VireoConsolePage *self = user_data;

  self->toolbar_hide_source = 0;
  gtk_revealer_set_reveal_child (self->toolbar_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
page_is_fullscreen (VireoConsolePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) && gtk_window_is_fullscreen (GTK_WINDOW (root));
}

static void
fullscreen_changed_cb (VireoConsolePage *self)
{
  gboolean fs = page_is_fullscreen (self);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "fullscreen");

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (fs));
  g_clear_handle_id (&self->toolbar_hide_source, g_source_remove);
  /* over the guest's picture the toolbar needs a background of its own */
  if (fs)
    gtk_widget_add_css_class (self->toolbar, "floating");
  else
    gtk_widget_remove_css_class (self->toolbar, "floating");
  /* the way back, where the person looks for it */
  gtk_button_set_icon_name (GTK_BUTTON (self->fullscreen_button),
                            fs ? "view-restore-symbolic" : "view-fullscreen-symbolic");
  gtk_widget_set_tooltip_text (self->fullscreen_button, fs ? _("Leave Fullscreen (F11)") : _("Fullscreen (F11)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fullscreen_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  fs ? _("Leave Fullscreen") : _("Fullscreen"), -1);
  if (fs && gtk_widget_get_parent (GTK_WIDGET (self->toolbar_revealer)) ==
              gtk_widget_get_parent (GTK_WIDGET (self->stack)))
    {
      /* the toolbar floats over the screen and hides until the pointer
       * touches the top edge */
      g_object_ref (self->toolbar_revealer);
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->stack))),
                      GTK_WIDGET (self->toolbar_revealer));
      gtk_widget_set_valign (GTK_WIDGET (self->toolbar_revealer), GTK_ALIGN_START);
      gtk_overlay_add_overlay (self->overlay,
                               GTK_WIDGET (self->toolbar_revealer));
      g_object_unref (self->toolbar_revealer);
      self->toolbar_hide_source = g_timeout_add (TOOLBAR_HIDE_DELAY_MS, hide_toolbar_cb, self);
    }
  else if (!fs && gtk_widget_get_parent (GTK_WIDGET (self->toolbar_revealer)) !=
           gtk_widget_get_parent (GTK_WIDGET (self->stack)))
    {
      GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->stack));

      g_object_ref (self->toolbar_revealer);
      gtk_overlay_remove_overlay (self->overlay,
                                  GTK_WIDGET (self->toolbar_revealer));
      gtk_box_prepend (GTK_BOX (box), GTK_WIDGET (self->toolbar_revealer));
      g_object_unref (self->toolbar_revealer);
      gtk_revealer_set_reveal_child (self->toolbar_revealer, TRUE);
    }
}

/* The pointer anywhere in the window: in fullscreen, the top edge of the
 * screen (the window's, whatever lies under the pointer there) shows the
 * toolbar, which hides again a while after the pointer left it. */
static void
root_motion_cb (GtkEventControllerMotion *controller,
                double                    x,
                double                    y,
                VireoConsolePage         *self)
{
  graphene_point_t p;

  if (!page_is_fullscreen (self))
    return;
  /* in the page's coordinates, where the toolbar is */
  if (!gtk_widget_compute_point (self->watched_root, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &p))
    return;
  if (y < 8 || p.y < 8 || gtk_revealer_get_reveal_child (self->toolbar_revealer))
    {
      gtk_revealer_set_reveal_child (self->toolbar_revealer, TRUE);
      g_clear_handle_id (&self->toolbar_hide_source, g_source_remove);
      if (y >= 8 && p.y > gtk_widget_get_height (GTK_WIDGET (self->toolbar_revealer)) + 8)
        self->toolbar_hide_source = g_timeout_add (TOOLBAR_HIDE_DELAY_MS, hide_toolbar_cb, self);
    }
}

static void
fullscreen_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!GTK_IS_WINDOW (root))
    return;
  if (gtk_window_is_fullscreen (GTK_WINDOW (root)))
    gtk_window_unfullscreen (GTK_WINDOW (root));
  else
    gtk_window_fullscreen (GTK_WINDOW (root));
}

static void
screenshot_response_cb (GtkNativeDialog  *native,
                        int               response,
                        VireoConsolePage *self)
{
  GdkTexture *texture = g_object_get_data (G_OBJECT (native), "texture");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path == NULL || !gdk_texture_save_to_png (texture, path))
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                      _("Could Not Save the Screenshot"),
                                                      _("The file could not be written. Choose another folder."));

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
screenshot_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  GdkTexture *texture = vireo_display_get_screenshot (self->display);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");
  g_autofree char *name = NULL;
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);

  if (texture == NULL)
    return;
  native = gtk_file_chooser_native_new (_("Save Screenshot"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  /* Translators: a file name; %s is a VM's name, the second %s a date and time */
  name = g_strdup_printf (_("%s %s.png"), vireo_domain_get_name (self->domain), stamp);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  if (pictures != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (pictures);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }
  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_set_data_full (G_OBJECT (native), "texture", texture, g_object_unref);
  g_signal_connect_object (native, "response", G_CALLBACK (screenshot_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
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

static gboolean
terminal_key_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 VireoConsolePage      *self)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK);

  if (mods != (GDK_CONTROL_MASK | GDK_SHIFT_MASK))
    return FALSE;
  if (keyval == GDK_KEY_C || keyval == GDK_KEY_c)
    {
      vte_terminal_copy_clipboard_format (VTE_TERMINAL (self->terminal), VTE_FORMAT_TEXT);
      return TRUE;
    }
  if (keyval == GDK_KEY_V || keyval == GDK_KEY_v)
    {
      vte_terminal_paste_clipboard (VTE_TERMINAL (self->terminal));
      return TRUE;
    }
  return FALSE;
}

static GMenuModel *
build_send_keys_menu (void)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();
  GMenu *fkeys = g_menu_new ();

  g_menu_append (section, _("Ctrl+Alt+_Del"), "console.send-keys::ctrl-alt-del");
  g_menu_append (section, _("Ctrl+Alt+_Backspace"), "console.send-keys::ctrl-alt-backspace");
  g_menu_append (section, _("_Print Screen"), "console.send-keys::print");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  for (int f = 1; f <= 12; f++)
    {
      g_autofree char *label = g_strdup_printf (_("Ctrl+Alt+F%d"), f);
      g_autofree char *detailed = g_strdup_printf ("console.send-keys::ctrl-alt-f%d", f);

      g_menu_append (fkeys, label, detailed);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (fkeys));
  g_object_unref (section);
  g_object_unref (fkeys);
  return G_MENU_MODEL (menu);
}

/* -- public ------------------------------------------------------------------ */

void
vireo_console_page_show_serial (VireoConsolePage *self)
{
  VireoConsoleInfo *text;

  g_return_if_fail (VIREO_IS_CONSOLE_PAGE (self));

  self->prefer_serial = TRUE;
  text = find_console (self, FALSE);
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
  load_scaling (self);
  load_clipboard (self);
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

  stop_graphics (self);
  stop_serial (self);
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
root_notify_cb (VireoConsolePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if ((GtkWidget *) root == self->watched_root)
    return;
  if (self->watched_root != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->watched_root, fullscreen_changed_cb, self);
      gtk_widget_remove_controller (self->watched_root, self->root_motion);
      self->root_motion = NULL;
    }
  self->watched_root = GTK_IS_WINDOW (root) ? GTK_WIDGET (root) : NULL;
  if (self->watched_root != NULL)
    {
      g_signal_connect_object (root, "notify::fullscreened", G_CALLBACK (fullscreen_changed_cb), self,
                               G_CONNECT_SWAPPED);
      /* capture: before any widget under the pointer can keep the motion */
      self->root_motion = gtk_event_controller_motion_new ();
      gtk_event_controller_set_propagation_phase (self->root_motion, GTK_PHASE_CAPTURE);
      g_signal_connect_object (self->root_motion, "motion", G_CALLBACK (root_motion_cb), self, 0);
      gtk_widget_add_controller (self->watched_root, self->root_motion);
    }
  fullscreen_changed_cb (self);
}

static void
vireo_console_page_dispose (GObject *object)
{
  VireoConsolePage *self = VIREO_CONSOLE_PAGE (object);

  g_clear_handle_id (&self->toolbar_hide_source, g_source_remove);
  if (self->watched_root != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->watched_root, fullscreen_changed_cb, self);
      gtk_widget_remove_controller (self->watched_root, self->root_motion);
      self->root_motion = NULL;
      self->watched_root = NULL;
    }
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  stop_graphics (self);
  stop_serial (self);

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

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-console-page.ui");
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
    { "send-keys", send_keys_action, "s" },
    { "scaling", scaling_action, "s", "'always'" },
    { "resize-guest", resize_guest_action, NULL, "false" },
    { "share-clipboard", share_clipboard_action, NULL, "false" },
    { "fullscreen", fullscreen_action, NULL, "false" },
    { "screenshot", screenshot_action },
    { "show-serial", show_serial_action },
    { "reconnect", reconnect_action },
    { "usb-none", NULL },   /* "No USB devices found": never enabled */
  };
  g_autoptr(GMenuModel) send_keys_menu = NULL;
  g_autofree char *release = NULL;
  GtkEventController *controller;
  GtkWidget *scrollbar;

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
  usb_rebuild_menu (self);

  send_keys_menu = build_send_keys_menu ();
  gtk_menu_button_set_menu_model (self->send_key_button, send_keys_menu);

  /* the serial console */
  self->terminal = vte_terminal_new ();
  gtk_widget_set_hexpand (self->terminal, TRUE);
  gtk_widget_set_vexpand (self->terminal, TRUE);
  vte_terminal_set_scrollback_lines (VTE_TERMINAL (self->terminal), 10000);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->terminal), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Serial console"), -1);
  g_signal_connect (self->terminal, "commit", G_CALLBACK (terminal_commit_cb), self);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (terminal_key_cb), self);
  gtk_widget_add_controller (self->terminal, controller);
  gtk_box_append (self->serial_box, self->terminal);
  scrollbar = gtk_scrollbar_new (GTK_ORIENTATION_VERTICAL,
                                 gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->terminal)));
  gtk_box_append (self->serial_box, scrollbar);

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
  g_signal_connect_object (self->display, "notify::resize-guest-ignored", G_CALLBACK (resize_ignored_cb), self,
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
  g_signal_connect (self, "notify::root", G_CALLBACK (root_notify_cb), NULL);

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_swapped (self->domain_signals, "notify::state", G_CALLBACK (domain_state_cb), self);
  g_signal_group_connect_swapped (self->domain_signals, "notify::removed", G_CALLBACK (domain_state_cb), self);

  update_actions (self);
  show_status (self, "system-shutdown-symbolic", _("The guest is not running"),
               _("The console connects as soon as it runs."), TRUE, FALSE, FALSE);
}

GtkWidget *
vireo_console_page_new (VireoDomain *domain)
{
  return g_object_new (VIREO_TYPE_CONSOLE_PAGE, "domain", domain, NULL);
}
