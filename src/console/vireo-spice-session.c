/* vireo-spice-session.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-spice"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <spice-client.h>
#include <spice/vd_agent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vireo-error.h"
#include "vireo-keymap.h"
#include "vireo-spice-session.h"

struct _VireoSpiceSession
{
  VireoConsoleSession parent_instance;

  SpiceSession       *session;       /* owned; NULL when disconnected */
  SpiceMainChannel   *main;          /* the session's */
  SpiceChannel       *display;
  SpiceInputsChannel *inputs;
  SpiceChannel       *cursor;
  GQueue              fd_waiters;    /* SpiceChannel refs waiting for "need-fd" answers */

  const guint8       *primary;       /* SPICE's primary surface pixels, or NULL */
  int                 primary_stride;
  guint               buttons;       /* SPICE button mask last sent */
  guint               via_fd : 1;
  char               *clipboard;     /* the host's text we grabbed the guest's clipboard with */

  /* USB redirection (the "USB device redirection" section below) */
  SpiceUsbDeviceManager *usb_manager;  /* the session's; NULL when disconnected or unavailable */
  GListStore         *usb_devices;   /* VireoUsbDevice */
  GError             *usb_error;     /* why there is no usb_manager */
  guint               n_usb_channels; /* the guest's usbredir channels */
  guint               n_usb_open;     /* of which connected */
};

G_DEFINE_FINAL_TYPE (VireoSpiceSession, vireo_spice_session, VIREO_TYPE_CONSOLE_SESSION)

enum
{
  PROP_0,
  PROP_USB_REDIRECTION,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_USB_DEVICE_ERROR,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void usb_attach       (VireoSpiceSession *self);
static void usb_detach       (VireoSpiceSession *self);
static void usb_channel_new  (VireoSpiceSession *self,
                              SpiceChannel      *channel);
static void usb_channel_gone (VireoSpiceSession *self,
                              SpiceChannel      *channel);

static gboolean
unref_later_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
drop_session (VireoSpiceSession *self)
{
  SpiceSession *session = g_steal_pointer (&self->session);
  GList *channels;

  g_queue_clear_full (&self->fd_waiters, g_object_unref);
  self->main = NULL;
  self->display = NULL;
  self->inputs = NULL;
  self->cursor = NULL;
  self->primary = NULL;
  self->buttons = 0;
  usb_detach (self);
  if (session == NULL)
    return;

  channels = spice_session_get_channels (session);
  for (GList *l = channels; l != NULL; l = l->next)
    g_signal_handlers_disconnect_by_data (l->data, self);
  g_list_free (channels);
  g_signal_handlers_disconnect_by_data (session, self);
  spice_session_disconnect (session);
  /* may be inside one of its channels' signals: let go later */
  g_idle_add (unref_later_cb, session);
}

static GError *
channel_error (SpiceChannel      *channel,
               SpiceChannelEvent  event)
{
  const GError *detail = spice_channel_get_error (channel);

  switch (event)
    {
    case SPICE_CHANNEL_ERROR_TLS:
      return g_error_new (VIREO_ERROR, VIREO_ERROR_FAILED,
                          _("The secure (TLS) connection to the display failed: %s"),
                          detail ? detail->message : _("unknown error"));
    case SPICE_CHANNEL_ERROR_CONNECT:
      return g_error_new (VIREO_ERROR, VIREO_ERROR_UNREACHABLE,
                          _("Could not connect to the display: %s"),
                          detail ? detail->message : _("unknown error"));
    case SPICE_CHANNEL_ERROR_AUTH:
    case SPICE_CHANNEL_ERROR_LINK:
    case SPICE_CHANNEL_ERROR_IO:
    case SPICE_CHANNEL_NONE:
    case SPICE_CHANNEL_OPENED:
    case SPICE_CHANNEL_SWITCHING:
    case SPICE_CHANNEL_CLOSED:
    default:
      return g_error_new (VIREO_ERROR, VIREO_ERROR_FAILED,
                          _("The connection to the display failed: %s"),
                          detail ? detail->message : _("unknown error"));
    }
}

static void
on_main_event (SpiceChannel      *channel,
               SpiceChannelEvent  event,
               VireoSpiceSession *self)
{
  VireoConsoleSession *session = VIREO_CONSOLE_SESSION (self);

  g_debug ("SPICE main channel event %d", event);
  switch (event)
    {
    case SPICE_CHANNEL_OPENED:
      spice_main_channel_request_mouse_mode (self->main, SPICE_MOUSE_MODE_CLIENT);
      vireo_console_session_set_connected (session);
      break;

    case SPICE_CHANNEL_CLOSED:
      drop_session (self);
      vireo_console_session_set_disconnected (session, NULL);
      break;

    case SPICE_CHANNEL_ERROR_AUTH:
      drop_session (self);
      vireo_console_session_auth_failed (session);
      break;

    case SPICE_CHANNEL_ERROR_CONNECT:
    case SPICE_CHANNEL_ERROR_TLS:
    case SPICE_CHANNEL_ERROR_LINK:
    case SPICE_CHANNEL_ERROR_IO:
      {
        GError *error = channel_error (channel, event);

        drop_session (self);
        vireo_console_session_set_disconnected (session, error);
      }
      break;

    case SPICE_CHANNEL_NONE:
    case SPICE_CHANNEL_SWITCHING:   /* migration: the session goes on */
    default:
      break;
    }
}

static void
on_mouse_update (SpiceChannel      *channel,
                 VireoSpiceSession *self)
{
  int mode = 0;

  g_object_get (channel, "mouse-mode", &mode, NULL);
  vireo_console_session_set_pointer_absolute (VIREO_CONSOLE_SESSION (self),
                                              mode == SPICE_MOUSE_MODE_CLIENT);
}

static void
on_open_fd (SpiceChannel      *channel,
            int                with_tls,
            VireoSpiceSession *self)
{
  g_queue_push_tail (&self->fd_waiters, g_object_ref (channel));
  vireo_console_session_request_fd (VIREO_CONSOLE_SESSION (self));
}

static void
on_primary_create (SpiceChannel      *channel,
                   int                format,
                   int                width,
                   int                height,
                   int                stride,
                   int                shmid,
                   gpointer           data,
                   VireoSpiceSession *self)
{
  g_autoptr(VireoFramebuffer) fb = NULL;
  GError *error = NULL;

  g_debug ("SPICE primary surface %dx%d format %d stride %d", width, height, format, stride);
  if (format != SPICE_SURFACE_FMT_32_xRGB && format != SPICE_SURFACE_FMT_32_ARGB)
    {
      g_warning ("SPICE primary surface format %d is not supported", format);
      self->primary = NULL;
      return;
    }
  /* the guest picks its screen size: a refused one ends the session with the reason */
  if (!vireo_framebuffer_check_size (width, height, &error))
    {
      drop_session (self);
      vireo_console_session_set_disconnected (VIREO_CONSOLE_SESSION (self), error);
      return;
    }
  if ((gint64) stride < (gint64) width * 4 || data == NULL)
    return;

  self->primary = data;
  self->primary_stride = stride;
  fb = vireo_framebuffer_new (width, height, 0);
  vireo_framebuffer_update_from (fb, self->primary, stride, 0, 0, width, height);
  vireo_console_session_set_framebuffer (VIREO_CONSOLE_SESSION (self), fb);
}

static void
on_primary_destroy (SpiceChannel      *channel,
                    VireoSpiceSession *self)
{
  /* the last picture stays in the framebuffer */
  self->primary = NULL;
}

static void
on_invalidate (SpiceChannel      *channel,
               int                x,
               int                y,
               int                width,
               int                height,
               VireoSpiceSession *self)
{
  VireoFramebuffer *fb = vireo_console_session_get_framebuffer (VIREO_CONSOLE_SESSION (self));

  if (fb == NULL || self->primary == NULL)
    return;
  vireo_framebuffer_update_from (fb, self->primary, self->primary_stride, x, y, width, height);
  vireo_console_session_emit_damage (VIREO_CONSOLE_SESSION (self), x, y, width, height);
}

static void
on_cursor_set (SpiceChannel      *channel,
               int                width,
               int                height,
               int                hot_x,
               int                hot_y,
               gpointer           rgba,
               VireoSpiceSession *self)
{
  g_autoptr(VireoConsoleCursor) cursor = NULL;

  if (rgba == NULL || width <= 0 || height <= 0)
    {
      vireo_console_session_set_cursor (VIREO_CONSOLE_SESSION (self), NULL, FALSE);
      return;
    }
  cursor = vireo_console_cursor_new (width, height, hot_x, hot_y, rgba);
  vireo_console_session_set_cursor (VIREO_CONSOLE_SESSION (self), cursor, FALSE);
}

static void
on_cursor_hide (SpiceChannel      *channel,
                VireoSpiceSession *self)
{
  VireoConsoleSession *session = VIREO_CONSOLE_SESSION (self);

  vireo_console_session_set_cursor (session, vireo_console_session_get_cursor (session), TRUE);
}

static void
on_cursor_reset (SpiceChannel      *channel,
                 VireoSpiceSession *self)
{
  vireo_console_session_set_cursor (VIREO_CONSOLE_SESSION (self), NULL, FALSE);
}

/* -- clipboard (only while sharing is on; see vireo-console-session.h) -- */

static gboolean
on_clipboard_grab (SpiceMainChannel  *main,
                   guint              selection,
                   guint32           *types,
                   guint              ntypes,
                   VireoSpiceSession *self)
{
  if (!vireo_console_session_get_clipboard_enabled (VIREO_CONSOLE_SESSION (self)) ||
      selection != VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD)
    return TRUE;
  for (guint i = 0; i < ntypes; i++)
    if (types[i] == VD_AGENT_CLIPBOARD_UTF8_TEXT)
      {
        spice_main_channel_clipboard_selection_request (main, selection, VD_AGENT_CLIPBOARD_UTF8_TEXT);
        break;
      }
  return TRUE;
}

static void
on_clipboard_data (SpiceMainChannel  *main,
                   guint              selection,
                   guint              type,
                   const guchar      *data,
                   guint              size,
                   VireoSpiceSession *self)
{
  g_autofree char *text = NULL;

  if (!vireo_console_session_get_clipboard_enabled (VIREO_CONSOLE_SESSION (self)) ||
      selection != VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD || type != VD_AGENT_CLIPBOARD_UTF8_TEXT)
    return;
  text = g_strndup ((const char *) data, size);
  if (g_utf8_validate (text, -1, NULL))
    vireo_console_session_emit_clipboard_text (VIREO_CONSOLE_SESSION (self), text);
}

static gboolean
on_clipboard_request (SpiceMainChannel  *main,
                      guint              selection,
                      guint              type,
                      VireoSpiceSession *self)
{
  if (!vireo_console_session_get_clipboard_enabled (VIREO_CONSOLE_SESSION (self)) ||
      selection != VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD || type != VD_AGENT_CLIPBOARD_UTF8_TEXT ||
      self->clipboard == NULL)
    return FALSE;
  spice_main_channel_clipboard_selection_notify (main, selection, type,
                                                 (const guchar *) self->clipboard,
                                                 strlen (self->clipboard));
  return TRUE;
}

static void
vireo_spice_session_send_clipboard_text (VireoConsoleSession *session,
                                         const char          *text)
{
  VireoSpiceSession *self = VIREO_SPICE_SESSION (session);
  guint32 types[] = { VD_AGENT_CLIPBOARD_UTF8_TEXT };

  g_free (self->clipboard);
  self->clipboard = g_strdup (text);
  if (self->main != NULL)
    spice_main_channel_clipboard_selection_grab (self->main, VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD,
                                                 types, G_N_ELEMENTS (types));
}

static void
on_channel_new (SpiceSession      *session,
                SpiceChannel      *channel,
                VireoSpiceSession *self)
{
  int id = 0;
  gboolean wanted = FALSE;

  g_object_get (channel, "channel-id", &id, NULL);

  if (SPICE_IS_MAIN_CHANNEL (channel))
    {
      self->main = SPICE_MAIN_CHANNEL (channel);
      g_signal_connect (channel, "channel-event", G_CALLBACK (on_main_event), self);
      g_signal_connect (channel, "main-mouse-update", G_CALLBACK (on_mouse_update), self);
      g_signal_connect (channel, "main-clipboard-selection-grab", G_CALLBACK (on_clipboard_grab), self);
      g_signal_connect (channel, "main-clipboard-selection", G_CALLBACK (on_clipboard_data), self);
      g_signal_connect (channel, "main-clipboard-selection-request", G_CALLBACK (on_clipboard_request), self);
      /* the session connects the main channel itself */
    }
  else if (SPICE_IS_DISPLAY_CHANNEL (channel) && id == 0)
    {
      self->display = channel;
      g_signal_connect (channel, "display-primary-create", G_CALLBACK (on_primary_create), self);
      g_signal_connect (channel, "display-primary-destroy", G_CALLBACK (on_primary_destroy), self);
      g_signal_connect (channel, "display-invalidate", G_CALLBACK (on_invalidate), self);
      wanted = TRUE;
    }
  else if (SPICE_IS_INPUTS_CHANNEL (channel))
    {
      self->inputs = SPICE_INPUTS_CHANNEL (channel);
      wanted = TRUE;
    }
  else if (SPICE_IS_CURSOR_CHANNEL (channel) && id == 0)
    {
      self->cursor = channel;
      g_signal_connect (channel, "cursor-set", G_CALLBACK (on_cursor_set), self);
      g_signal_connect (channel, "cursor-hide", G_CALLBACK (on_cursor_hide), self);
      g_signal_connect (channel, "cursor-reset", G_CALLBACK (on_cursor_reset), self);
      wanted = TRUE;
    }
  else if (SPICE_IS_USBREDIR_CHANNEL (channel))
    usb_channel_new (self, channel);

  if (!wanted)
    return;

  if (self->via_fd)
    g_signal_connect (channel, "open-fd", G_CALLBACK (on_open_fd), self);
  spice_channel_connect (channel);
}

static void
on_channel_destroy (SpiceSession      *session,
                    SpiceChannel      *channel,
                    VireoSpiceSession *self)
{
  if ((gpointer) channel == (gpointer) self->main)
    self->main = NULL;
  if (channel == self->display)
    {
      self->display = NULL;
      self->primary = NULL;
    }
  if ((gpointer) channel == (gpointer) self->inputs)
    self->inputs = NULL;
  if (channel == self->cursor)
    self->cursor = NULL;
  if (SPICE_IS_USBREDIR_CHANNEL (channel))
    usb_channel_gone (self, channel);
}

static void
new_session (VireoSpiceSession *self,
             gboolean           via_fd)
{
  const char *password = vireo_console_session_get_password (VIREO_CONSOLE_SESSION (self));

  drop_session (self);
  self->via_fd = via_fd;
  self->session = spice_session_new ();
  if (password != NULL)
    g_object_set (self->session, "password", password, NULL);
  g_signal_connect (self->session, "channel-new", G_CALLBACK (on_channel_new), self);
  g_signal_connect (self->session, "channel-destroy", G_CALLBACK (on_channel_destroy), self);
  /* after "channel-new" is ours: usbredir channels need their "open-fd"
   * handler before the USB device manager connects them */
  usb_attach (self);
}

static gboolean
vireo_spice_session_connect_fd (VireoConsoleSession *session,
                                int                  fd,
                                GError             **error)
{
  VireoSpiceSession *self = VIREO_SPICE_SESSION (session);

  new_session (self, TRUE);
  if (!spice_session_open_fd (self->session, fd))
    {
      close (fd);
      drop_session (self);
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("Could not open the connection to the display."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
vireo_spice_session_connect_host (VireoConsoleSession *session,
                                  const char          *host,
                                  const char          *port,
                                  GError             **error)
{
  VireoSpiceSession *self = VIREO_SPICE_SESSION (session);

  new_session (self, FALSE);
  g_object_set (self->session, "host", host, "port", port, NULL);
  if (!spice_session_connect (self->session))
    {
      drop_session (self);
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_UNREACHABLE,
                   _("Could not connect to the display at %s:%s."), host, port);
      return FALSE;
    }
  return TRUE;
}

static void
vireo_spice_session_disconnect (VireoConsoleSession *session)
{
  drop_session (VIREO_SPICE_SESSION (session));
}

static gboolean
vireo_spice_session_password_set (VireoConsoleSession *session,
                                  const char          *password)
{
  /* SPICE sends the password when a channel links: reconnect */
  return FALSE;
}

static void
vireo_spice_session_fd_provided (VireoConsoleSession *session,
                                 int                  fd)
{
  VireoSpiceSession *self = VIREO_SPICE_SESSION (session);
  SpiceChannel *channel = g_queue_pop_head (&self->fd_waiters);

  if (channel == NULL)
    {
      if (fd >= 0)
        close (fd);
      return;
    }

  if (fd < 0)
    {
      g_debug ("no socket for a SPICE channel");
      spice_channel_disconnect (channel, SPICE_CHANNEL_ERROR_CONNECT);
    }
  else
    spice_channel_open_fd (channel, fd);
  g_object_unref (channel);
}

static void
vireo_spice_session_send_key (VireoConsoleSession *session,
                              guint                qnum,
                              guint                keysym,
                              gboolean             down)
{
  VireoSpiceSession *self = VIREO_SPICE_SESSION (session);
  guint scancode = vireo_keymap_qnum_to_spice (qnum);

  if (self->inputs == NULL || scancode == 0)
    return;
  if (down)
    spice_inputs_channel_key_press (self->inputs, scancode);
  else
    spice_inputs_channel_key_release (self->inputs, scancode);
}

static void
send_button_changes (VireoSpiceSession *self,
                     guint              buttons)
{
  static const struct { guint mask; int button; } map[] = {
    { SPICE_MOUSE_BUTTON_MASK_LEFT, SPICE_MOUSE_BUTTON_LEFT },
    { SPICE_MOUSE_BUTTON_MASK_MIDDLE, SPICE_MOUSE_BUTTON_MIDDLE },
    { SPICE_MOUSE_BUTTON_MASK_RIGHT, SPICE_MOUSE_BUTTON_RIGHT },
  };
  guint state = self->buttons;

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      if ((buttons & map[i].mask) && !(state & map[i].mask))
        {
          state |= map[i].mask;
          spice_inputs_channel_button_press (self->inputs, map[i].button, state);
        }
      else if (!(buttons & map[i].mask) && (state & map[i].mask))
        {
          state &= ~map[i].mask;
          spice_inputs_channel_button_release (self->inputs, map[i].button, state);
        }
    }
  self->buttons = state;
}

static void
vireo_spice_session_send_pointer (VireoConsoleSession *session,
                                  int                  x,
                                  int                  y,
                                  VireoConsoleButtons  buttons)
{
  VireoSpiceSession *self = VIREO_SPICE_SESSION (session);

  if (self->inputs == NULL)
    return;
  buttons &= 0x7;
  /* positions mean nothing to a server-mode (relative) mouse */
  if (vireo_console_session_get_pointer_absolute (session))
    spice_inputs_channel_position (self->inputs, x, y, 0, self->buttons);
  send_button_changes (self, buttons);
}

static void
vireo_spice_session_send_motion (VireoConsoleSession *session,
                                 int                  dx,
                                 int                  dy,
                                 VireoConsoleButtons  buttons)
{
  VireoSpiceSession *self = VIREO_SPICE_SESSION (session);

  if (self->inputs == NULL)
    return;
  spice_inputs_channel_motion (self->inputs, dx, dy, self->buttons);
  send_button_changes (self, buttons & 0x7);
}

static void
vireo_spice_session_send_scroll (VireoConsoleSession        *session,
                                 VireoConsoleScrollDirection direction,
                                 VireoConsoleButtons         buttons)
{
  VireoSpiceSession *self = VIREO_SPICE_SESSION (session);
  int button;

  if (self->inputs == NULL)
    return;
  send_button_changes (self, buttons & 0x7);

  switch (direction)
    {
    case VIREO_CONSOLE_SCROLL_UP:   button = SPICE_MOUSE_BUTTON_UP;   break;
    case VIREO_CONSOLE_SCROLL_DOWN: button = SPICE_MOUSE_BUTTON_DOWN; break;
    case VIREO_CONSOLE_SCROLL_LEFT:
    case VIREO_CONSOLE_SCROLL_RIGHT:
    default: return;   /* SPICE has no horizontal wheel */
    }
  spice_inputs_channel_button_press (self->inputs, button, self->buttons);
  spice_inputs_channel_button_release (self->inputs, button, self->buttons);
}

static void
vireo_spice_session_set_size (VireoConsoleSession *session,
                              int                  width,
                              int                  height)
{
  VireoSpiceSession *self = VIREO_SPICE_SESSION (session);

  if (self->main == NULL)
    return;
  spice_main_channel_update_display_enabled (self->main, 0, TRUE, FALSE);
  spice_main_channel_update_display (self->main, 0, 0, 0, width, height, TRUE);
}

static void
vireo_spice_session_dispose (GObject *object)
{
  drop_session (VIREO_SPICE_SESSION (object));
  g_clear_pointer (&VIREO_SPICE_SESSION (object)->clipboard, g_free);

  G_OBJECT_CLASS (vireo_spice_session_parent_class)->dispose (object);
}

static void
vireo_spice_session_finalize (GObject *object)
{
  VireoSpiceSession *self = VIREO_SPICE_SESSION (object);

  g_clear_object (&self->usb_devices);
  g_clear_error (&self->usb_error);

  G_OBJECT_CLASS (vireo_spice_session_parent_class)->finalize (object);
}

static void
vireo_spice_session_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VireoSpiceSession *self = VIREO_SPICE_SESSION (object);

  switch (prop_id)
    {
    case PROP_USB_REDIRECTION:
      g_value_set_boolean (value, vireo_spice_session_get_usb_redirection (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_spice_session_class_init (VireoSpiceSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VireoConsoleSessionClass *session_class = VIREO_CONSOLE_SESSION_CLASS (klass);

  object_class->dispose = vireo_spice_session_dispose;
  object_class->finalize = vireo_spice_session_finalize;
  object_class->get_property = vireo_spice_session_get_property;

  properties[PROP_USB_REDIRECTION] =
      g_param_spec_boolean ("usb-redirection", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_USB_DEVICE_ERROR] =
      g_signal_new ("usb-device-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                    NULL, NULL, NULL, G_TYPE_NONE, 2, VIREO_TYPE_USB_DEVICE,
                    G_TYPE_ERROR);

  session_class->protocol_name = "SPICE";
  session_class->connect_fd = vireo_spice_session_connect_fd;
  session_class->connect_host = vireo_spice_session_connect_host;
  session_class->disconnect = vireo_spice_session_disconnect;
  session_class->password_set = vireo_spice_session_password_set;
  session_class->fd_provided = vireo_spice_session_fd_provided;
  session_class->send_key = vireo_spice_session_send_key;
  session_class->send_pointer = vireo_spice_session_send_pointer;
  session_class->send_motion = vireo_spice_session_send_motion;
  session_class->send_scroll = vireo_spice_session_send_scroll;
  session_class->set_size = vireo_spice_session_set_size;
  session_class->send_clipboard_text = vireo_spice_session_send_clipboard_text;
}

static void
vireo_spice_session_init (VireoSpiceSession *self)
{
  g_queue_init (&self->fd_waiters);
  self->usb_devices = g_list_store_new (VIREO_TYPE_USB_DEVICE);
}

VireoConsoleSession *
vireo_spice_session_new (void)
{
  return g_object_new (VIREO_TYPE_SPICE_SESSION, NULL);
}

/* -- USB device redirection ----------------------------------------------------
 *
 * SPICE's USB device manager (one per SpiceSession) lists the host's USB
 * devices with libusb and moves one into the guest through a free usbredir
 * channel. Its "auto-connect" stays off: nothing is redirected unless the
 * person asks. */

static void
usb_notify_redirection (VireoSpiceSession *self,
                        gboolean           before)
{
  if (before != vireo_spice_session_get_usb_redirection (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USB_REDIRECTION]);
}

static VireoUsbDevice *
usb_find (VireoSpiceSession *self,
          SpiceUsbDevice    *handle,
          guint             *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->usb_devices));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoUsbDevice) device = g_list_model_get_item (G_LIST_MODEL (self->usb_devices), i);

      if (vireo_usb_device_get_handle (device) == (gpointer) handle)
        {
          if (position != NULL)
            *position = i;
          return device;   /* the store keeps it */
        }
    }
  return NULL;
}

static void
usb_free_handle (gpointer handle)
{
  g_boxed_free (spice_usb_device_get_type (), handle);
}

static void
usb_add (VireoSpiceSession *self,
         SpiceUsbDevice    *handle)
{
  g_autoptr(VireoUsbDevice) device = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) parts = NULL;
  guint vid = 0, pid = 0;

  if (usb_find (self, handle, NULL) != NULL)
    return;
  /* manufacturer, product, "[vid:pid]", bus, address: the arguments
   * spice_usb_device_get_description() fills its format with */
  raw = spice_usb_device_get_description (handle, "%1$s\x1f%2$s\x1f%3$s\x1f%4$d\x1f%5$d");
  parts = g_strsplit (raw ? raw : "", "\x1f", 5);
  if (g_strv_length (parts) == 5)
    {
      description = g_strstrip (g_strdup_printf ("%s %s", parts[0], parts[1]));
      if (sscanf (parts[2], "[%x:%x]", &vid, &pid) != 2)
        vid = pid = 0;
      device = vireo_usb_device_new (g_boxed_copy (spice_usb_device_get_type (), handle), usb_free_handle,
                                     *description ? description : _("USB device"),
                                     vid, pid, (guint) atoi (parts[3]), (guint) atoi (parts[4]));
    }
  else
    {
      description = spice_usb_device_get_description (handle, NULL);
      device = vireo_usb_device_new (g_boxed_copy (spice_usb_device_get_type (), handle), usb_free_handle,
                                     description, 0, 0, 0, 0);
    }
  vireo_usb_device_set_redirected (device,
                                   spice_usb_device_manager_is_device_connected (self->usb_manager, handle));
  g_list_store_append (self->usb_devices, device);
}

static void
on_usb_device_added (SpiceUsbDeviceManager *manager,
                     SpiceUsbDevice        *handle,
                     VireoSpiceSession     *self)
{
  usb_add (self, handle);
}

static void
on_usb_device_removed (SpiceUsbDeviceManager *manager,
                       SpiceUsbDevice        *handle,
                       VireoSpiceSession     *self)
{
  guint position;

  if (usb_find (self, handle, &position) != NULL)
    g_list_store_remove (self->usb_devices, position);
}

/* SPICE's text → a sentence for people, with SPICE's text as details */
static GError *
usb_error_new (VireoUsbDevice *device,
               gboolean        redirect,
               const GError   *cause)
{
  const char *message = cause ? cause->message : "";
  g_autofree char *label = vireo_usb_device_dup_label (device);

  if (cause != NULL && g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (cause);
  if (strstr (message, "ACL") != NULL || strstr (message, "ccess denied") != NULL ||
      strstr (message, "ermission") != NULL)
    return vireo_error_new_with_details (VIREO_ERROR_PERMISSION_DENIED, message,
                                         /* Translators: %s is a USB device; the path is its device node */
                                         _("You have no permission to use “%s”: its device node "
                                           "/dev/bus/usb/%03u/%03u is not writable for you. Ask the "
                                           "administrator of this computer for access to it."),
                                         label, vireo_usb_device_get_bus (device),
                                         vireo_usb_device_get_address (device));
  if (strstr (message, "free USB channel") != NULL || strstr (message, "busy") != NULL)
    return vireo_error_new_with_details (VIREO_ERROR_INVALID_STATE, message,
                                         _("Every USB redirection channel of this guest is in use. "
                                           "Return another device to this computer first, then try "
                                           "again."));
  if (strstr (message, "not configured for USB redirection") != NULL)
    return vireo_error_new_with_details (VIREO_ERROR_NOT_SUPPORTED, message,
                                         _("This guest has no USB redirection channels."));
  if (cause != NULL && g_error_matches (cause, SPICE_CLIENT_ERROR, SPICE_CLIENT_ERROR_USB_DEVICE_LOST))
    return vireo_error_new_with_details (VIREO_ERROR_FAILED, message,
                                         _("“%s” was unplugged or stopped answering."), label);
  if (cause != NULL && g_error_matches (cause, SPICE_CLIENT_ERROR, SPICE_CLIENT_ERROR_USB_DEVICE_REJECTED))
    return vireo_error_new_with_details (VIREO_ERROR_FAILED, message,
                                         _("“%s” may not be redirected: this computer's USB policy "
                                           "or the guest refused it."), label);
  if (redirect)
    return vireo_error_new_with_details (VIREO_ERROR_FAILED, message,
                                         _("Could not redirect “%s” to the guest."), label);
  return vireo_error_new_with_details (VIREO_ERROR_FAILED, message,
                                       _("Could not return “%s” to this computer."), label);
}

static void
on_usb_device_error (SpiceUsbDeviceManager *manager,
                     SpiceUsbDevice        *handle,
                     GError                *cause,
                     VireoSpiceSession     *self)
{
  VireoUsbDevice *device = usb_find (self, handle, NULL);
  g_autoptr(GError) error = NULL;

  if (device == NULL)
    return;
  vireo_usb_device_set_redirected (device, spice_usb_device_manager_is_device_connected (manager, handle));
  error = usb_error_new (device, TRUE, cause);
  g_signal_emit (self, signals[SIGNAL_USB_DEVICE_ERROR], 0, device, error);
}

static void
usb_attach (VireoSpiceSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = NULL;

  g_clear_error (&self->usb_error);
  self->usb_manager = spice_usb_device_manager_get (self->session, &error);
  if (self->usb_manager == NULL)
    {
      g_debug ("no SPICE USB device manager: %s", error ? error->message : "?");
      self->usb_error = vireo_error_new_with_details (VIREO_ERROR_NOT_SUPPORTED,
                                                      error ? error->message : NULL,
                                                      _("USB devices of this computer cannot be used."));
      return;
    }
  g_object_set (self->usb_manager, "auto-connect", FALSE, NULL);
  g_signal_connect (self->usb_manager, "device-added", G_CALLBACK (on_usb_device_added), self);
  g_signal_connect (self->usb_manager, "device-removed", G_CALLBACK (on_usb_device_removed), self);
  g_signal_connect (self->usb_manager, "device-error", G_CALLBACK (on_usb_device_error), self);
  devices = spice_usb_device_manager_get_devices (self->usb_manager);
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    usb_add (self, devices->pdata[i]);
}

static void
usb_detach (VireoSpiceSession *self)
{
  gboolean before = vireo_spice_session_get_usb_redirection (self);

  if (self->usb_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->usb_manager, self);
  self->usb_manager = NULL;   /* the SpiceSession's */
  self->n_usb_channels = 0;
  self->n_usb_open = 0;
  if (self->usb_devices != NULL)
    g_list_store_remove_all (self->usb_devices);
  usb_notify_redirection (self, before);
}

static void
on_usb_channel_event (SpiceChannel      *channel,
                      SpiceChannelEvent  event,
                      VireoSpiceSession *self)
{
  gboolean before = vireo_spice_session_get_usb_redirection (self);
  gboolean was_open = g_object_get_data (G_OBJECT (channel), "vireo-usb-open") != NULL;

  if (event == SPICE_CHANNEL_OPENED && !was_open)
    {
      g_object_set_data (G_OBJECT (channel), "vireo-usb-open", GINT_TO_POINTER (TRUE));
      self->n_usb_open++;
    }
  else if (event != SPICE_CHANNEL_OPENED && event != SPICE_CHANNEL_NONE && was_open)
    {
      g_object_set_data (G_OBJECT (channel), "vireo-usb-open", NULL);
      self->n_usb_open--;
    }
  usb_notify_redirection (self, before);
}

static void
usb_channel_new (VireoSpiceSession *self,
                 SpiceChannel      *channel)
{
  g_signal_connect (channel, "channel-event", G_CALLBACK (on_usb_channel_event), self);

  /* SPICE's USB device manager connects usbredir channels itself, maybe
   * before this handler ran (its "open-fd" then went unanswered): ask for
   * the socket ourselves; spice_channel_open_fd() starts the channel
   * whether or not it asked already */
  if (self->via_fd)
    {
      g_queue_push_tail (&self->fd_waiters, g_object_ref (channel));
      vireo_console_session_request_fd (VIREO_CONSOLE_SESSION (self));
    }
  else
    spice_channel_connect (channel);   /* nothing when connecting already */
  self->n_usb_channels++;
}

static void
usb_channel_gone (VireoSpiceSession *self,
                  SpiceChannel      *channel)
{
  gboolean before = vireo_spice_session_get_usb_redirection (self);

  if (self->n_usb_channels > 0)
    self->n_usb_channels--;
  if (g_object_get_data (G_OBJECT (channel), "vireo-usb-open") != NULL)
    {
      g_object_set_data (G_OBJECT (channel), "vireo-usb-open", NULL);
      self->n_usb_open--;
    }
  usb_notify_redirection (self, before);
}

gboolean
vireo_spice_session_get_usb_redirection (VireoSpiceSession *self)
{
  g_return_val_if_fail (VIREO_IS_SPICE_SESSION (self), FALSE);

  return self->n_usb_open > 0;
}

guint
vireo_spice_session_get_n_usb_channels (VireoSpiceSession *self)
{
  g_return_val_if_fail (VIREO_IS_SPICE_SESSION (self), 0);

  return self->n_usb_channels;
}

GListModel *
vireo_spice_session_get_usb_devices (VireoSpiceSession *self)
{
  g_return_val_if_fail (VIREO_IS_SPICE_SESSION (self), NULL);

  return G_LIST_MODEL (self->usb_devices);
}

const GError *
vireo_spice_session_get_usb_error (VireoSpiceSession *self)
{
  g_return_val_if_fail (VIREO_IS_SPICE_SESSION (self), NULL);

  return self->usb_error;
}

typedef struct
{
  VireoUsbDevice *device;
  gboolean        redirect;
} UsbOp;

static void
usb_op_free (UsbOp *op)
{
  g_object_unref (op->device);
  g_free (op);
}

static void
usb_op_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VireoSpiceSession *self = g_task_get_source_object (task);
  UsbOp *op = g_task_get_task_data (task);
  SpiceUsbDeviceManager *manager = SPICE_USB_DEVICE_MANAGER (source);
  SpiceUsbDevice *handle = vireo_usb_device_get_handle (op->device);
  g_autoptr(GError) cause = NULL;
  gboolean ok;

  if (op->redirect)
    ok = spice_usb_device_manager_connect_device_finish (manager, result, &cause);
  else
    ok = spice_usb_device_manager_disconnect_device_finish (manager, result, &cause);
  vireo_usb_device_set_busy (op->device, FALSE);
  if (manager == self->usb_manager)
    vireo_usb_device_set_redirected (op->device, spice_usb_device_manager_is_device_connected (manager, handle));
  else
    vireo_usb_device_set_redirected (op->device, FALSE);

  if (!ok)
    g_task_return_error (task, usb_error_new (op->device, op->redirect, cause));
  else
    g_task_return_boolean (task, TRUE);
}

void
vireo_spice_session_redirect_usb_device_async (VireoSpiceSession   *self,
                                               VireoUsbDevice      *device,
                                               gboolean             redirect,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) cause = NULL;
  SpiceUsbDevice *handle;
  UsbOp *op;

  g_return_if_fail (VIREO_IS_SPICE_SESSION (self));
  g_return_if_fail (VIREO_IS_USB_DEVICE (device));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_spice_session_redirect_usb_device_async);
  op = g_new0 (UsbOp, 1);
  op->device = g_object_ref (device);
  op->redirect = !!redirect;
  g_task_set_task_data (task, op, (GDestroyNotify) usb_op_free);
  handle = vireo_usb_device_get_handle (device);

  if (self->usb_manager == NULL || usb_find (self, handle, NULL) != device)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                               _("The console is not connected, or the device is gone."));
      return;
    }
  if (vireo_usb_device_get_busy (device))
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               _("The device is being redirected or returned already."));
      return;
    }
  if (spice_usb_device_manager_is_device_connected (self->usb_manager, handle) == op->redirect)
    {
      vireo_usb_device_set_redirected (device, op->redirect);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (op->redirect && !spice_usb_device_manager_can_redirect_device (self->usb_manager, handle, &cause))
    {
      g_task_return_error (task, usb_error_new (device, TRUE, cause));
      return;
    }

  vireo_usb_device_set_busy (device, TRUE);
  if (op->redirect)
    spice_usb_device_manager_connect_device_async (self->usb_manager, handle, cancellable,
                                                   usb_op_done, g_steal_pointer (&task));
  else
    spice_usb_device_manager_disconnect_device_async (self->usb_manager, handle, cancellable,
                                                      usb_op_done, g_steal_pointer (&task));
}

gboolean
vireo_spice_session_redirect_usb_device_finish (VireoSpiceSession  *self,
                                                GAsyncResult       *result,
                                                GError            **error)
{
  g_return_val_if_fail (VIREO_IS_SPICE_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
vireo_spice_session_add_usb_cd_image (VireoSpiceSession  *self,
                                      const char         *path,
                                      GError            **error)
{
  g_autoptr(GError) cause = NULL;
  g_autofree char *copy = NULL;

  g_return_val_if_fail (VIREO_IS_SPICE_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->usb_manager == NULL)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                   _("The console is not connected, or USB devices cannot be used."));
      return FALSE;
    }
  copy = g_strdup (path);
  if (!spice_usb_device_manager_create_shared_cd_device (self->usb_manager, copy, &cause))
    {
      g_autofree char *name = g_path_get_basename (path);

      g_propagate_error (error,
                         vireo_error_new_with_details (VIREO_ERROR_FAILED, cause ? cause->message : NULL,
                                                       /* Translators: %s is a file name */
                                                       _("Could not share “%s” as a USB CD-ROM drive."),
                                                       name));
      return FALSE;
    }
  return TRUE;
}
