/* vireo-vnc-session.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-vnc"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gvnc.h>
#include <string.h>
#include <unistd.h>

#include "vireo-error.h"
#include "vireo-vnc-session.h"

/* RFB buttons 4-7 are the wheel: up, down, left, right */
#define VNC_BUTTON_WHEEL_UP    (1 << 3)
#define VNC_BUTTON_WHEEL_DOWN  (1 << 4)
#define VNC_BUTTON_WHEEL_LEFT  (1 << 5)
#define VNC_BUTTON_WHEEL_RIGHT (1 << 6)

/* QEMU reads relative motion as offsets from this point once the pointer
 * type change encoding is on and the guest has a mouse, not a tablet */
#define VNC_RELATIVE_ORIGIN 0x7fff

struct _VireoVncSession
{
  VireoConsoleSession parent_instance;

  VncConnection      *conn;             /* owned; NULL when disconnected */
  GError             *error;            /* the last vnc-error */
  guint               update_idle;
  guint               auth_failed : 1;
  guint               initialized : 1;
  int                 last_x;
  int                 last_y;
};

G_DEFINE_FINAL_TYPE (VireoVncSession, vireo_vnc_session, VIREO_TYPE_CONSOLE_SESSION)

/* the pixel layout Vireo keeps: BGRX in memory (VireoFramebuffer) */
static const VncPixelFormat local_format = {
  .bits_per_pixel = 32,
  .depth = 24,
  .byte_order = G_LITTLE_ENDIAN,
  .true_color_flag = 1,
  .red_max = 255,
  .green_max = 255,
  .blue_max = 255,
  .red_shift = 16,
  .green_shift = 8,
  .blue_shift = 0,
};

static gboolean
unref_later_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
drop_connection (VireoVncSession *self)
{
  VncConnection *conn = g_steal_pointer (&self->conn);

  g_clear_handle_id (&self->update_idle, g_source_remove);
  self->initialized = FALSE;
  if (conn == NULL)
    return;

  g_signal_handlers_disconnect_by_data (conn, self);
  vnc_connection_shutdown (conn);
  /* may be inside one of @conn's own signals: let go later */
  g_idle_add (unref_later_cb, conn);
}

/* Ends the session (the reason in self->error) when the guest's screen is
 * empty or beyond VIREO_FRAMEBUFFER_MAX_SIDE / _MAX_BYTES: gvnc must never
 * be left without a framebuffer to decode into, and a guest must not make
 * Vireo allocate gigabytes. */
static gboolean
check_screen_size (VireoVncSession *self,
                   int              width,
                   int              height)
{
  g_autoptr(GError) error = NULL;

  if (vireo_framebuffer_check_size (width, height, &error))
    return TRUE;

  g_clear_error (&self->error);
  self->error = g_steal_pointer (&error);
  /* "vnc-disconnected" follows and hands self->error on */
  vnc_connection_shutdown (self->conn);
  return FALSE;
}

/* a component of @max at @shift lies within a pixel of @bpp bits */
static gboolean
component_fits (guint16 max,
                guint8  shift,
                guint8  bpp)
{
  return max != 0 && shift < bpp && ((guint64) max << shift) < (G_GUINT64_CONSTANT (1) << bpp);
}

/* Ends the session (the reason in self->error) when the server's pixel
 * format is one gvnc cannot convert into Vireo's safely: gvnc picks its
 * converters by bits a pixel (0 or 24 index past its tables) and a colour
 * map format draws through a map a server need not send. */
static gboolean
check_pixel_format (VireoVncSession      *self,
                    const VncPixelFormat *format)
{
  guint8 bpp = format->bits_per_pixel;

  if ((bpp == 8 || bpp == 16 || bpp == 32) && format->true_color_flag &&
      component_fits (format->red_max, format->red_shift, bpp) &&
      component_fits (format->green_max, format->green_shift, bpp) &&
      component_fits (format->blue_max, format->blue_shift, bpp))
    return TRUE;

  g_debug ("VNC pixel format refused: %u bits, depth %u, true colour %u",
           bpp, format->depth, format->true_color_flag);
  g_clear_error (&self->error);
  self->error = g_error_new (VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED,
                             _("The display sends its pixels in a format Vireo cannot read "
                               "(%d bits a pixel). Change the virtual machine's video device "
                               "or its display settings, then reconnect."),
                             (int) bpp);
  vnc_connection_shutdown (self->conn);
  return FALSE;
}

/* a new framebuffer of the connection's current size for gvnc to decode
 * into; FALSE (and the session ends) when the size or the pixel format is
 * refused */
static gboolean
attach_framebuffer (VireoVncSession *self)
{
  VncConnection *conn = self->conn;
  int width = vnc_connection_get_width (conn);
  int height = vnc_connection_get_height (conn);
  g_autoptr(VireoFramebuffer) fb = NULL;
  VncBaseFramebuffer *vfb;

  if (!check_screen_size (self, width, height) ||
      !check_pixel_format (self, vnc_connection_get_pixel_format (conn)))
    return FALSE;

  fb = vireo_framebuffer_new (width, height, 0);
  vfb = vnc_base_framebuffer_new (vireo_framebuffer_get_data (fb), width, height,
                                  vireo_framebuffer_get_stride (fb), &local_format,
                                  vnc_connection_get_pixel_format (conn));
  /* gvnc writes into @fb's pixels for as long as it holds @vfb */
  g_object_set_data_full (G_OBJECT (vfb), "vireo-framebuffer", g_object_ref (fb), g_object_unref);
  vnc_connection_set_framebuffer (conn, VNC_FRAMEBUFFER (vfb));
  g_object_unref (vfb);
  vireo_console_session_set_framebuffer (VIREO_CONSOLE_SESSION (self), fb);
  return TRUE;
}

/* the end of a batch of rectangles: the next one may ask again */
static gboolean
batch_done_cb (gpointer user_data)
{
  VireoVncSession *self = user_data;

  self->update_idle = 0;
  return G_SOURCE_REMOVE;
}

static void
on_initialized (VncConnection   *conn,
                VireoVncSession *self)
{
  gint32 encodings[] = {
    VNC_CONNECTION_ENCODING_ZRLE,
    VNC_CONNECTION_ENCODING_HEXTILE,
    VNC_CONNECTION_ENCODING_RRE,
    VNC_CONNECTION_ENCODING_COPY_RECT,
    VNC_CONNECTION_ENCODING_RAW,
    VNC_CONNECTION_ENCODING_DESKTOP_RESIZE,
    VNC_CONNECTION_ENCODING_EXTENDED_DESKTOP_RESIZE,
    VNC_CONNECTION_ENCODING_WMVi,
    VNC_CONNECTION_ENCODING_EXT_KEY_EVENT,
    VNC_CONNECTION_ENCODING_POINTER_CHANGE,
    VNC_CONNECTION_ENCODING_RICH_CURSOR,
    VNC_CONNECTION_ENCODING_ALPHA_CURSOR,
    VNC_CONNECTION_ENCODING_XCURSOR,
    VNC_CONNECTION_ENCODING_LAST_RECT,
  };

  /* refused: not connected, "vnc-disconnected" follows */
  if (!attach_framebuffer (self))
    return;

  self->initialized = TRUE;
  vnc_connection_set_encodings (conn, G_N_ELEMENTS (encodings), encodings);
  vnc_connection_framebuffer_update_request (conn, FALSE, 0, 0,
                                             vnc_connection_get_width (conn),
                                             vnc_connection_get_height (conn));
  vireo_console_session_set_pointer_absolute (VIREO_CONSOLE_SESSION (self),
                                              vnc_connection_get_abs_pointer (conn));
  vireo_console_session_set_connected (VIREO_CONSOLE_SESSION (self));
}

static void
on_framebuffer_update (VncConnection   *conn,
                       guint16          x,
                       guint16          y,
                       guint16          width,
                       guint16          height,
                       VireoVncSession *self)
{
  VireoFramebuffer *fb = vireo_console_session_get_framebuffer (VIREO_CONSOLE_SESSION (self));

  if (fb != NULL && vireo_framebuffer_damage (fb, x, y, width, height))
    vireo_console_session_emit_damage (VIREO_CONSOLE_SESSION (self), x, y, width, height);

  /* Ask for the next update at once, at the first rectangle of a batch (as
   * gtk-vnc does at every rectangle): the server prepares and sends it while
   * this one is decoded and drawn.  Later rectangles of the same batch (the
   * idle below has not run yet) do not ask again. */
  if (self->update_idle == 0)
    {
      if (self->initialized)
        vnc_connection_framebuffer_update_request (conn, TRUE, 0, 0,
                                                   vnc_connection_get_width (conn),
                                                   vnc_connection_get_height (conn));
      self->update_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, batch_done_cb, self, NULL);
    }
}

static void
on_desktop_resize (VncConnection   *conn,
                   guint16          width,
                   guint16          height,
                   VireoVncSession *self)
{
  if (attach_framebuffer (self))
    vnc_connection_framebuffer_update_request (conn, FALSE, 0, 0, width, height);
}

static void
on_pixel_format_changed (VncConnection  *conn,
                         VncPixelFormat *format,
                         VireoVncSession *self)
{
  if (attach_framebuffer (self))
    vnc_connection_framebuffer_update_request (conn, FALSE, 0, 0,
                                               vnc_connection_get_width (conn),
                                               vnc_connection_get_height (conn));
}

static void
on_cursor_changed (VncConnection   *conn,
                   VncCursor       *cursor,
                   VireoVncSession *self)
{
  g_autoptr(VireoConsoleCursor) copy = NULL;

  if (cursor == NULL)
    {
      vireo_console_session_set_cursor (VIREO_CONSOLE_SESSION (self), NULL, FALSE);
      return;
    }

  if (vnc_cursor_get_width (cursor) == 0 || vnc_cursor_get_height (cursor) == 0)
    {
      vireo_console_session_set_cursor (VIREO_CONSOLE_SESSION (self), NULL, TRUE);
      return;
    }

  /* gvnc hands rich cursors over as R, G, B, A bytes */
  copy = vireo_console_cursor_new (vnc_cursor_get_width (cursor),
                                   vnc_cursor_get_height (cursor),
                                   vnc_cursor_get_hotx (cursor),
                                   vnc_cursor_get_hoty (cursor),
                                   vnc_cursor_get_data (cursor));
  vireo_console_session_set_cursor (VIREO_CONSOLE_SESSION (self), copy, FALSE);
}

static void
on_pointer_mode_changed (VncConnection   *conn,
                         gboolean         absolute,
                         VireoVncSession *self)
{
  vireo_console_session_set_pointer_absolute (VIREO_CONSOLE_SESSION (self), absolute);
}

static void
on_auth_choose_type (VncConnection   *conn,
                     GValueArray     *types,
                     VireoVncSession *self)
{
  static const guint preferred[] = {
    VNC_CONNECTION_AUTH_NONE,
    VNC_CONNECTION_AUTH_VNC,
    VNC_CONNECTION_AUTH_VENCRYPT,
  };

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  for (guint p = 0; p < G_N_ELEMENTS (preferred); p++)
    for (guint i = 0; i < types->n_values; i++)
      if (g_value_get_enum (g_value_array_get_nth (types, i)) == (int) preferred[p])
        {
          g_debug ("VNC authentication type %u", preferred[p]);
          vnc_connection_set_auth_type (conn, preferred[p]);
          return;
        }
  G_GNUC_END_IGNORE_DEPRECATIONS

  g_clear_error (&self->error);
  self->error = g_error_new (VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED,
                             _("The display asks for a kind of authentication Vireo does not support."));
  vnc_connection_shutdown (conn);
}

static void
on_auth_choose_subtype (VncConnection   *conn,
                        guint            type,
                        GValueArray     *subtypes,
                        VireoVncSession *self)
{
  static const guint preferred[] = {
    VNC_CONNECTION_AUTH_VENCRYPT_TLSNONE,
    VNC_CONNECTION_AUTH_VENCRYPT_X509NONE,
    VNC_CONNECTION_AUTH_VENCRYPT_TLSVNC,
    VNC_CONNECTION_AUTH_VENCRYPT_X509VNC,
  };

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  for (guint p = 0; p < G_N_ELEMENTS (preferred); p++)
    for (guint i = 0; i < subtypes->n_values; i++)
      if (g_value_get_enum (g_value_array_get_nth (subtypes, i)) == (int) preferred[p])
        {
          vnc_connection_set_auth_subtype (conn, preferred[p]);
          return;
        }
  G_GNUC_END_IGNORE_DEPRECATIONS

  g_clear_error (&self->error);
  self->error = g_error_new (VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED,
                             _("The display asks for a kind of authentication Vireo does not support."));
  vnc_connection_shutdown (conn);
}

static void
on_auth_credential (VncConnection   *conn,
                    GValueArray     *credentials,
                    VireoVncSession *self)
{
  gboolean wants_password = FALSE;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  for (guint i = 0; i < credentials->n_values; i++)
    {
      int type = g_value_get_enum (g_value_array_get_nth (credentials, i));

      if (type == VNC_CONNECTION_CREDENTIAL_PASSWORD)
        wants_password = TRUE;
      else if (type == VNC_CONNECTION_CREDENTIAL_CLIENTNAME)
        vnc_connection_set_credential (conn, type, "vireo");
      else if (type == VNC_CONNECTION_CREDENTIAL_USERNAME)
        vnc_connection_set_credential (conn, type, g_get_user_name ());
    }
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (wants_password)
    {
      const char *password = vireo_console_session_ask_password (VIREO_CONSOLE_SESSION (self));

      /* NULL: "auth-required" went out; the answer comes through password_set */
      if (password != NULL)
        vnc_connection_set_credential (conn, VNC_CONNECTION_CREDENTIAL_PASSWORD, password);
    }
}

static void
on_auth_failure (VncConnection   *conn,
                 const char      *reason,
                 VireoVncSession *self)
{
  g_debug ("VNC authentication failed: %s", reason ? reason : "(no reason)");
  self->auth_failed = TRUE;
}

static void
on_auth_unsupported (VncConnection   *conn,
                     guint            type,
                     VireoVncSession *self)
{
  g_clear_error (&self->error);
  self->error = g_error_new (VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED,
                             _("The display asks for a kind of authentication Vireo does not support."));
}

static void
on_error (VncConnection   *conn,
          const char      *message,
          VireoVncSession *self)
{
  g_debug ("VNC error: %s", message);
  if (self->error == NULL)
    self->error = g_error_new (VIREO_ERROR, VIREO_ERROR_FAILED,
                               self->initialized
                                 ? _("The connection to the display was lost: %s")
                                 : _("The connection to the display failed: %s"),
                               message);
}

static void
on_disconnected (VncConnection   *conn,
                 VireoVncSession *self)
{
  g_autoptr(GError) error = g_steal_pointer (&self->error);

  drop_connection (self);

  if (self->auth_failed)
    {
      self->auth_failed = FALSE;
      vireo_console_session_auth_failed (VIREO_CONSOLE_SESSION (self));
      return;
    }

  vireo_console_session_set_disconnected (VIREO_CONSOLE_SESSION (self), g_steal_pointer (&error));
}

/* The guest copied @text: RFB cut text is ISO 8859-1, and gvnc (1.3.1)
 * hands it over as a nul-terminated string (G_TYPE_STRING; gvnc itself ends
 * the connection over 32 MiB). More than VIREO_VNC_CLIPBOARD_MAX_BYTES is
 * not shared. */
static void
on_server_cut_text (VncConnection   *conn,
                    const char      *text,
                    VireoVncSession *self)
{
  g_autofree char *utf8 = NULL;
  gsize len;

  if (!vireo_console_session_get_clipboard_enabled (VIREO_CONSOLE_SESSION (self)) || text == NULL)
    return;
  len = strnlen (text, VIREO_VNC_CLIPBOARD_MAX_BYTES + 1);
  if (len > VIREO_VNC_CLIPBOARD_MAX_BYTES)
    {
      g_message ("The guest copied more than %u bytes of text; not shared",
                 (guint) VIREO_VNC_CLIPBOARD_MAX_BYTES);
      return;
    }
  utf8 = g_convert (text, len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  if (utf8 != NULL)
    vireo_console_session_emit_clipboard_text (VIREO_CONSOLE_SESSION (self), utf8);
}

static VncConnection *
new_connection (VireoVncSession *self)
{
  VncConnection *conn = vnc_connection_new ();

  g_signal_connect (conn, "vnc-initialized", G_CALLBACK (on_initialized), self);
  g_signal_connect (conn, "vnc-framebuffer-update", G_CALLBACK (on_framebuffer_update), self);
  g_signal_connect (conn, "vnc-desktop-resize", G_CALLBACK (on_desktop_resize), self);
  g_signal_connect (conn, "vnc-pixel-format-changed", G_CALLBACK (on_pixel_format_changed), self);
  g_signal_connect (conn, "vnc-cursor-changed", G_CALLBACK (on_cursor_changed), self);
  g_signal_connect (conn, "vnc-pointer-mode-changed", G_CALLBACK (on_pointer_mode_changed), self);
  g_signal_connect (conn, "vnc-auth-choose-type", G_CALLBACK (on_auth_choose_type), self);
  g_signal_connect (conn, "vnc-auth-choose-subtype", G_CALLBACK (on_auth_choose_subtype), self);
  g_signal_connect (conn, "vnc-auth-credential", G_CALLBACK (on_auth_credential), self);
  g_signal_connect (conn, "vnc-auth-failure", G_CALLBACK (on_auth_failure), self);
  g_signal_connect (conn, "vnc-auth-unsupported", G_CALLBACK (on_auth_unsupported), self);
  g_signal_connect (conn, "vnc-error", G_CALLBACK (on_error), self);
  g_signal_connect (conn, "vnc-disconnected", G_CALLBACK (on_disconnected), self);
  g_signal_connect (conn, "vnc-server-cut-text", G_CALLBACK (on_server_cut_text), self);
  return conn;
}

static gboolean
vireo_vnc_session_connect_fd (VireoConsoleSession *session,
                              int                  fd,
                              GError             **error)
{
  VireoVncSession *self = VIREO_VNC_SESSION (session);

  drop_connection (self);
  g_clear_error (&self->error);
  self->auth_failed = FALSE;
  self->conn = new_connection (self);
  if (!vnc_connection_open_fd (self->conn, fd))
    {
      close (fd);
      drop_connection (self);
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("Could not open the connection to the display."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
vireo_vnc_session_connect_host (VireoConsoleSession *session,
                                const char          *host,
                                const char          *port,
                                GError             **error)
{
  VireoVncSession *self = VIREO_VNC_SESSION (session);

  drop_connection (self);
  g_clear_error (&self->error);
  self->auth_failed = FALSE;
  self->conn = new_connection (self);
  if (!vnc_connection_open_host (self->conn, host, port))
    {
      drop_connection (self);
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_UNREACHABLE,
                   _("Could not connect to the display at %s:%s."), host, port);
      return FALSE;
    }
  return TRUE;
}

static void
vireo_vnc_session_disconnect (VireoConsoleSession *session)
{
  drop_connection (VIREO_VNC_SESSION (session));
}

static gboolean
vireo_vnc_session_password_set (VireoConsoleSession *session,
                                const char          *password)
{
  VireoVncSession *self = VIREO_VNC_SESSION (session);

  if (self->conn == NULL)
    return FALSE;
  return vnc_connection_set_credential (self->conn, VNC_CONNECTION_CREDENTIAL_PASSWORD, password);
}

static void
vireo_vnc_session_send_key (VireoConsoleSession *session,
                            guint                qnum,
                            guint                keysym,
                            gboolean             down)
{
  VireoVncSession *self = VIREO_VNC_SESSION (session);

  /* gvnc sends a QEMU extended key event (scancode first) when the server
   * took that encoding, and a plain keysym event otherwise */
  if (self->conn != NULL)
    vnc_connection_key_event (self->conn, down, keysym, qnum);
}

static void
vireo_vnc_session_send_pointer (VireoConsoleSession *session,
                                int                  x,
                                int                  y,
                                VireoConsoleButtons  buttons)
{
  VireoVncSession *self = VIREO_VNC_SESSION (session);

  if (self->conn == NULL)
    return;
  self->last_x = x;
  self->last_y = y;
  vnc_connection_pointer_event (self->conn, buttons & 0x7, x, y);
}

static void
vireo_vnc_session_send_motion (VireoConsoleSession *session,
                               int                  dx,
                               int                  dy,
                               VireoConsoleButtons  buttons)
{
  VireoVncSession *self = VIREO_VNC_SESSION (session);

  if (self->conn == NULL)
    return;
  dx = CLAMP (dx, -VNC_RELATIVE_ORIGIN, VNC_RELATIVE_ORIGIN);
  dy = CLAMP (dy, -VNC_RELATIVE_ORIGIN, VNC_RELATIVE_ORIGIN);
  vnc_connection_pointer_event (self->conn, buttons & 0x7,
                                VNC_RELATIVE_ORIGIN + dx, VNC_RELATIVE_ORIGIN + dy);
}

static void
vireo_vnc_session_send_scroll (VireoConsoleSession        *session,
                               VireoConsoleScrollDirection direction,
                               VireoConsoleButtons         buttons)
{
  VireoVncSession *self = VIREO_VNC_SESSION (session);
  guint8 wheel;
  guint16 x, y;

  if (self->conn == NULL)
    return;

  switch (direction)
    {
    case VIREO_CONSOLE_SCROLL_UP:    wheel = VNC_BUTTON_WHEEL_UP;    break;
    case VIREO_CONSOLE_SCROLL_DOWN:  wheel = VNC_BUTTON_WHEEL_DOWN;  break;
    case VIREO_CONSOLE_SCROLL_LEFT:  wheel = VNC_BUTTON_WHEEL_LEFT;  break;
    case VIREO_CONSOLE_SCROLL_RIGHT: wheel = VNC_BUTTON_WHEEL_RIGHT; break;
    default: g_return_if_reached ();
    }

  if (vireo_console_session_get_pointer_absolute (session))
    {
      x = self->last_x;
      y = self->last_y;
    }
  else
    {
      /* relative mode: no motion */
      x = VNC_RELATIVE_ORIGIN;
      y = VNC_RELATIVE_ORIGIN;
    }
  vnc_connection_pointer_event (self->conn, (buttons & 0x7) | wheel, x, y);
  vnc_connection_pointer_event (self->conn, buttons & 0x7, x, y);
}

static void
vireo_vnc_session_set_size (VireoConsoleSession *session,
                            int                  width,
                            int                  height)
{
  VireoVncSession *self = VIREO_VNC_SESSION (session);

  if (self->conn != NULL)
    vnc_connection_set_size (self->conn, width, height);
}

static void
vireo_vnc_session_dispose (GObject *object)
{
  VireoVncSession *self = VIREO_VNC_SESSION (object);

  drop_connection (self);

  G_OBJECT_CLASS (vireo_vnc_session_parent_class)->dispose (object);
}

static void
vireo_vnc_session_finalize (GObject *object)
{
  VireoVncSession *self = VIREO_VNC_SESSION (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (vireo_vnc_session_parent_class)->finalize (object);
}

static void
vireo_vnc_session_send_clipboard_text (VireoConsoleSession *session,
                                       const char          *text)
{
  VireoVncSession *self = VIREO_VNC_SESSION (session);
  g_autofree char *latin1 = NULL;
  gsize len = 0;

  if (self->conn == NULL)
    return;
  latin1 = g_convert_with_fallback (text, -1, "ISO-8859-1", "UTF-8", "?", NULL, &len, NULL);
  if (latin1 != NULL)
    vnc_connection_client_cut_text (self->conn, latin1, len);
}

static void
vireo_vnc_session_class_init (VireoVncSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VireoConsoleSessionClass *session_class = VIREO_CONSOLE_SESSION_CLASS (klass);

  object_class->dispose = vireo_vnc_session_dispose;
  object_class->finalize = vireo_vnc_session_finalize;

  session_class->protocol_name = "VNC";
  session_class->connect_fd = vireo_vnc_session_connect_fd;
  session_class->connect_host = vireo_vnc_session_connect_host;
  session_class->disconnect = vireo_vnc_session_disconnect;
  session_class->password_set = vireo_vnc_session_password_set;
  session_class->send_key = vireo_vnc_session_send_key;
  session_class->send_pointer = vireo_vnc_session_send_pointer;
  session_class->send_motion = vireo_vnc_session_send_motion;
  session_class->send_scroll = vireo_vnc_session_send_scroll;
  session_class->set_size = vireo_vnc_session_set_size;
  session_class->send_clipboard_text = vireo_vnc_session_send_clipboard_text;
}

static void
vireo_vnc_session_init (VireoVncSession *self)
{
}

VireoConsoleSession *
vireo_vnc_session_new (void)
{
  return g_object_new (VIREO_TYPE_VNC_SESSION, NULL);
}
