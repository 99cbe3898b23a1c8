/* vireo-console-session.h — a graphical console connection (abstract)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vireo-framebuffer.h"

G_BEGIN_DECLS

/* VireoConsoleSession is one connection to a guest's graphical console,
 * without any GTK: VireoVncSession (gvnc) and VireoSpiceSession
 * (spice-client-glib) implement it. Everything happens on the main thread.
 *
 * Life of a session, as the display widget sees it:
 *
 *   session = vireo_vnc_session_new ();              (or vireo_spice_session_new ())
 *   connect "need-fd", "auth-required", "connected", "disconnected",
 *           "framebuffer-resized", "damage", "cursor-changed",
 *           "pointer-mode-changed";
 *   vireo_console_session_connect_fd (session, fd, &error);   (a socket from
 *       virDomainOpenGraphicsFD, see vireo_domain_open_graphics_fd_async(),
 *       or an ssh tunnel) — or vireo_console_session_connect_host ();
 *
 *   "framebuffer-resized" (w, h): a new VireoFramebuffer is in place
 *       (vireo_console_session_get_framebuffer()); every tile is dirty.
 *   "damage" (x, y, w, h): pixels changed; the framebuffer's tiles are
 *       already marked, so the widget rebuilds the dirty tiles
 *       (vireo_framebuffer_foreach_dirty_tile()) and queues a draw.
 *   "need-fd": the protocol needs one more socket to the same display
 *       (SPICE opens one per channel; a reconnection after a password
 *       needs a fresh one). Answer, now or later, with
 *       vireo_console_session_provide_fd() (-1 when none can be had).
 *       Sessions started with connect_host never ask.
 *   "auth-required" (retry): the display wants a password; answer with
 *       vireo_console_session_set_password() (the session then carries on
 *       or reconnects by itself, asking "need-fd" when it needs a socket), or
 *       give up with vireo_console_session_disconnect(). @retry is TRUE
 *       when a password was given and refused.
 *   "disconnected" (error): the connection ended; @error is NULL for an
 *       orderly close (the guest stopped, disconnect() was called), else it
 *       says why in a sentence for people.
 *
 * Input goes in as QEMU qnum scancodes (vireo-keymap.h), guest pixel
 * coordinates and a VireoConsoleButtons mask. */

typedef enum
{
  VIREO_CONSOLE_STATE_DISCONNECTED,
  VIREO_CONSOLE_STATE_CONNECTING,
  VIREO_CONSOLE_STATE_AUTHENTICATING,  /* waiting for vireo_console_session_set_password() */
  VIREO_CONSOLE_STATE_CONNECTED,
} VireoConsoleState;

#define VIREO_TYPE_CONSOLE_STATE (vireo_console_state_get_type ())
GType vireo_console_state_get_type (void);

/* the same bits as the RFB pointer event mask and SPICE's button state */
typedef enum
{
  VIREO_CONSOLE_BUTTON_LEFT   = 1 << 0,
  VIREO_CONSOLE_BUTTON_MIDDLE = 1 << 1,
  VIREO_CONSOLE_BUTTON_RIGHT  = 1 << 2,
} VireoConsoleButtons;

typedef enum
{
  VIREO_CONSOLE_SCROLL_UP,
  VIREO_CONSOLE_SCROLL_DOWN,
  VIREO_CONSOLE_SCROLL_LEFT,
  VIREO_CONSOLE_SCROLL_RIGHT,
} VireoConsoleScrollDirection;

/* The guest's pointer image: straight (not premultiplied) R, G, B, A bytes,
 * rows packed (stride = width * 4); GDK_MEMORY_R8G8B8A8 in GTK terms. */
typedef struct _VireoConsoleCursor VireoConsoleCursor;

#define VIREO_TYPE_CONSOLE_CURSOR (vireo_console_cursor_get_type ())
GType               vireo_console_cursor_get_type   (void);
VireoConsoleCursor *vireo_console_cursor_new        (int           width,
                                                     int           height,
                                                     int           hot_x,
                                                     int           hot_y,
                                                     const guint8 *rgba);
VireoConsoleCursor *vireo_console_cursor_ref        (VireoConsoleCursor *cursor);
void                vireo_console_cursor_unref      (VireoConsoleCursor *cursor);
int                 vireo_console_cursor_get_width  (VireoConsoleCursor *cursor);
int                 vireo_console_cursor_get_height (VireoConsoleCursor *cursor);
int                 vireo_console_cursor_get_hot_x  (VireoConsoleCursor *cursor);
int                 vireo_console_cursor_get_hot_y  (VireoConsoleCursor *cursor);
GBytes             *vireo_console_cursor_get_pixels (VireoConsoleCursor *cursor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoConsoleCursor, vireo_console_cursor_unref)

#define VIREO_TYPE_CONSOLE_SESSION (vireo_console_session_get_type ())
G_DECLARE_DERIVABLE_TYPE (VireoConsoleSession, vireo_console_session, VIREO, CONSOLE_SESSION, GObject)

struct _VireoConsoleSessionClass
{
  GObjectClass parent_class;

  /* "VNC", "SPICE" (not translated: protocol names) */
  const char *protocol_name;

  /* Start a connection. connect_fd owns @fd from here on. */
  gboolean (*connect_fd)   (VireoConsoleSession *self,
                            int                  fd,
                            GError             **error);
  gboolean (*connect_host) (VireoConsoleSession *self,
                            const char          *host,
                            const char          *port,
                            GError             **error);
  /* close everything quietly; the base class emits "disconnected" */
  void     (*disconnect)   (VireoConsoleSession *self);

  /* a password arrived while the protocol waits for it in mid-handshake;
   * return FALSE when the protocol must reconnect to use it instead */
  gboolean (*password_set) (VireoConsoleSession *self,
                            const char          *password);
  /* an answer to a "need-fd" the subclass asked for with
   * vireo_console_session_request_fd(); owns @fd (-1: none) */
  void     (*fd_provided)  (VireoConsoleSession *self,
                            int                  fd);

  void     (*send_key)     (VireoConsoleSession *self,
                            guint                qnum,
                            guint                keysym,
                            gboolean             down);
  void     (*send_pointer) (VireoConsoleSession *self,
                            int                  x,
                            int                  y,
                            VireoConsoleButtons  buttons);
  void     (*send_motion)  (VireoConsoleSession *self,
                            int                  dx,
                            int                  dy,
                            VireoConsoleButtons  buttons);
  void     (*send_scroll)  (VireoConsoleSession        *self,
                            VireoConsoleScrollDirection direction,
                            VireoConsoleButtons         buttons);
  void     (*set_size)     (VireoConsoleSession *self,
                            int                  width,
                            int                  height);
  /* the host's clipboard holds @text now; only called while clipboard
   * sharing is on (may be NULL: the protocol cannot share) */
  void     (*send_clipboard_text) (VireoConsoleSession *self,
                                   const char          *text);

  gpointer padding[7];
};

/* -- for the display widget ---------------------------------------------- */

const char         *vireo_console_session_get_protocol_name (VireoConsoleSession *self);
VireoConsoleState   vireo_console_session_get_state      (VireoConsoleSession *self);
/* the last reason for "disconnected", or NULL */
const GError       *vireo_console_session_get_error      (VireoConsoleSession *self);

/* Connects through @fd, a stream socket to the display (owned from here on,
 * closed on failure). Fails when the session is not disconnected. */
gboolean            vireo_console_session_connect_fd     (VireoConsoleSession *self,
                                                          int                  fd,
                                                          GError             **error);
/* Connects to @host:@port (TCP). */
gboolean            vireo_console_session_connect_host   (VireoConsoleSession *self,
                                                          const char          *host,
                                                          const char          *port,
                                                          GError             **error);
/* Closes the connection; "disconnected" follows with no error. */
void                vireo_console_session_disconnect     (VireoConsoleSession *self);

/* The answer to "need-fd": owns @fd; -1 when no socket could be opened
 * (the session then disconnects with an error, or drops that channel). */
void                vireo_console_session_provide_fd     (VireoConsoleSession *self,
                                                          int                  fd);

/* Sets the password for the connection being made (NULL forgets it).
 * While "auth-required" is pending, this answers it. The session keeps its
 * copy only until the display has it: once connected, when the connection
 * ends and on dispose the copy is overwritten and freed. */
void                vireo_console_session_set_password   (VireoConsoleSession *self,
                                                          const char          *password);

/* A password in ordinary memory (a copy out of an entry): freed with
 * vireo_console_password_free(), which overwrites it first. */
typedef char VireoConsolePassword;
void                vireo_console_password_free          (char                *password);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoConsolePassword, vireo_console_password_free)

/* the screen, or NULL before the first "framebuffer-resized" */
VireoFramebuffer   *vireo_console_session_get_framebuffer (VireoConsoleSession *self);
/* the guest's pointer image, or NULL when the server draws it itself or
 * sent none */
VireoConsoleCursor *vireo_console_session_get_cursor     (VireoConsoleSession *self);
/* TRUE when the guest asked to hide the local pointer */
gboolean            vireo_console_session_get_cursor_hidden (VireoConsoleSession *self);
/* TRUE for a tablet (absolute positions), FALSE for a mouse (relative) */
gboolean            vireo_console_session_get_pointer_absolute (VireoConsoleSession *self);

/* A key went down or up; @qnum from vireo_keymap_*(). Keys still down are
 * remembered so vireo_console_session_release_keys() can lift them. */
void                vireo_console_session_send_key       (VireoConsoleSession *self,
                                                          guint                qnum,
                                                          gboolean             down);
/* The same with the X keysym (GDK keyval) of the key, for VNC servers that
 * take no scancodes; 0 when unknown. */
void                vireo_console_session_send_key_full  (VireoConsoleSession *self,
                                                          guint                qnum,
                                                          guint                keysym,
                                                          gboolean             down);
/* Presses @qnums in order and releases them in reverse (Ctrl+Alt+Del). */
void                vireo_console_session_send_keys      (VireoConsoleSession *self,
                                                          const guint         *qnums,
                                                          guint                n_qnums);
/* Releases every key still down (call when the widget loses focus). */
void                vireo_console_session_release_keys   (VireoConsoleSession *self);
/* how many keys are down now */
guint               vireo_console_session_get_n_keys_down (VireoConsoleSession *self);

/* absolute pointer position in guest pixels, with the buttons held */
void                vireo_console_session_send_pointer   (VireoConsoleSession *self,
                                                          int                  x,
                                                          int                  y,
                                                          VireoConsoleButtons  buttons);
/* relative motion (mouse mode) */
void                vireo_console_session_send_motion    (VireoConsoleSession *self,
                                                          int                  dx,
                                                          int                  dy,
                                                          VireoConsoleButtons  buttons);
/* one wheel step (VNC: buttons 4-7 pressed and released) */
void                vireo_console_session_send_scroll    (VireoConsoleSession        *self,
                                                          VireoConsoleScrollDirection direction,
                                                          VireoConsoleButtons         buttons);
/* asks the guest to use this screen size ("resize guest to window"):
 * VNC desktop size, SPICE monitor config through the agent */
void                vireo_console_session_set_size       (VireoConsoleSession *self,
                                                          int                  width,
                                                          int                  height);

/* Clipboard sharing, OFF until turned on (a per-VM choice of the person):
 * while off, nothing of the host's clipboard goes to the guest and the
 * guest's clipboard is ignored. While on, "clipboard-text" (const char
 * *text, UTF-8) says the guest copied @text, and send_clipboard_text()
 * offers the host's text to the guest (VNC client cut text, SPICE agent
 * clipboard grab). */
gboolean            vireo_console_session_get_clipboard_enabled (VireoConsoleSession *self);
void                vireo_console_session_set_clipboard_enabled (VireoConsoleSession *self,
                                                                 gboolean             enabled);
/* does nothing (and sends nothing) while sharing is off or not connected */
void                vireo_console_session_send_clipboard_text (VireoConsoleSession *self,
                                                               const char          *text);

/* -- for subclasses -------------------------------------------------------- */

/* the guest copied @text (UTF-8): emits "clipboard-text" only while
 * sharing is on */
void                vireo_console_session_emit_clipboard_text (VireoConsoleSession *self,
                                                               const char          *text);

void                vireo_console_session_set_connected  (VireoConsoleSession *self);
/* ends the connection (once); takes @error (may be NULL) */
void                vireo_console_session_set_disconnected (VireoConsoleSession *self,
                                                            GError              *error);
/* the server refused to go on without a (good) password; the subclass has
 * closed its connection. Emits "auth-required" and reconnects once
 * vireo_console_session_set_password() is called. */
void                vireo_console_session_auth_failed    (VireoConsoleSession *self);
/* the server asks for a password in mid-handshake: answers with the known
 * one (returns it) or emits "auth-required" (returns NULL); the password
 * then arrives through the class's password_set */
const char         *vireo_console_session_ask_password   (VireoConsoleSession *self);
const char         *vireo_console_session_get_password   (VireoConsoleSession *self);
/* emits "need-fd"; the answer goes to the class's fd_provided */
void                vireo_console_session_request_fd     (VireoConsoleSession *self);
/* installs a new screen (may be NULL) and emits "framebuffer-resized" */
void                vireo_console_session_set_framebuffer (VireoConsoleSession *self,
                                                           VireoFramebuffer    *framebuffer);
/* emits "damage"; the subclass has already damaged the framebuffer */
void                vireo_console_session_emit_damage    (VireoConsoleSession *self,
                                                          int                  x,
                                                          int                  y,
                                                          int                  width,
                                                          int                  height);
void                vireo_console_session_set_cursor     (VireoConsoleSession *self,
                                                          VireoConsoleCursor  *cursor,
                                                          gboolean             hidden);
void                vireo_console_session_set_pointer_absolute (VireoConsoleSession *self,
                                                                gboolean             absolute);

G_END_DECLS
