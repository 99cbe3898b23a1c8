/* vireo-console-page-private.h — what the Console page's files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is one class in several files, one per concern (as
 * gnome-text-editor's window is split into -actions.c and -dnd.c): the
 * instance struct and the functions one file calls in another. Only the
 * vireo-console-page*.c files include this header.
 */
#pragma once

#include "vireo-console-page.h"
#include "vireo-serial-session.h"
#include "vireo-spice-session.h"
#include "vireo-vnc-session.h"

G_BEGIN_DECLS

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

/* vireo-console-page.c: status and sessions */
void               _vireo_console_page_show_status            (VireoConsolePage    *self,
                                                               const char          *icon,
                                                               const char          *title,
                                                               const char          *description,
                                                               gboolean             run,
                                                               gboolean             serial,
                                                               gboolean             reconnect);
VireoConsoleInfo  *_vireo_console_page_find_console           (VireoConsolePage    *self,
                                                               gboolean             graphics);
void               _vireo_console_page_update_actions         (VireoConsolePage    *self);
void               _vireo_console_page_stop_graphics          (VireoConsolePage    *self);

/* vireo-console-page-route.c: the socket to the display */
const char        *_vireo_console_page_connection_uri         (VireoConsolePage    *self);
void               _vireo_console_page_request_fd             (VireoConsolePage    *self,
                                                               gboolean             first);
void               _vireo_console_page_stop_tunnels           (VireoConsolePage    *self);

/* vireo-console-page-password.c */
void               _vireo_console_page_auth_required_cb       (VireoConsoleSession *session,
                                                               gboolean             retry,
                                                               VireoConsolePage    *self);
void               _vireo_console_page_close_password_dialog  (VireoConsolePage    *self);

/* vireo-console-page-clipboard.c */
void               _vireo_console_page_clipboard_text_cb      (VireoConsoleSession *session,
                                                               const char          *text,
                                                               VireoConsolePage    *self);
void               _vireo_console_page_watch_clipboard        (VireoConsolePage    *self);
void               _vireo_console_page_load_clipboard         (VireoConsolePage    *self);
void               _vireo_console_page_share_clipboard_action (GSimpleAction       *action,
                                                               GVariant            *param,
                                                               gpointer             user_data);

/* vireo-console-page-usb.c */
void               _vireo_console_page_usb_watch              (VireoConsolePage    *self);
void               _vireo_console_page_usb_forget             (VireoConsolePage    *self);
void               _vireo_console_page_usb_rebuild_menu       (VireoConsolePage    *self);

/* vireo-console-page-serial.c */
void               _vireo_console_page_init_terminal          (VireoConsolePage    *self);
void               _vireo_console_page_connect_serial         (VireoConsolePage    *self,
                                                               VireoConsoleInfo    *info);
void               _vireo_console_page_stop_serial            (VireoConsolePage    *self);

/* vireo-console-page-fullscreen.c */
void               _vireo_console_page_fullscreen_action      (GSimpleAction       *action,
                                                               GVariant            *param,
                                                               gpointer             user_data);
void               _vireo_console_page_root_notify_cb         (VireoConsolePage    *self);
void               _vireo_console_page_fullscreen_dispose     (VireoConsolePage    *self);

/* vireo-console-page-actions.c: send keys, scaling, screenshot */
void               _vireo_console_page_send_keys_action       (GSimpleAction       *action,
                                                               GVariant            *param,
                                                               gpointer             user_data);
void               _vireo_console_page_scaling_action         (GSimpleAction       *action,
                                                               GVariant            *param,
                                                               gpointer             user_data);
void               _vireo_console_page_resize_guest_action    (GSimpleAction       *action,
                                                               GVariant            *param,
                                                               gpointer             user_data);
void               _vireo_console_page_screenshot_action      (GSimpleAction       *action,
                                                               GVariant            *param,
                                                               gpointer             user_data);
void               _vireo_console_page_load_scaling           (VireoConsolePage    *self);
void               _vireo_console_page_resize_ignored_cb      (VireoConsolePage    *self);
GMenuModel        *_vireo_console_page_build_send_keys_menu   (void);

G_END_DECLS
