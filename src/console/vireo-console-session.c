/* vireo-console-session.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The protocol-neutral half of a console connection: state, the password
 * and reconnection dance, held keys, the screen and the pointer image. The
 * subclasses (VNC, SPICE) only translate between their library and this.
 */
#define G_LOG_DOMAIN "vireo-console"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "vireo-console-session.h"
#include "vireo-error.h"

/* -- cursor ------------------------------------------------------------------ */

struct _VireoConsoleCursor
{
  gatomicrefcount ref_count;
  int             width;
  int             height;
  int             hot_x;
  int             hot_y;
  GBytes         *pixels;
};

G_DEFINE_BOXED_TYPE (VireoConsoleCursor, vireo_console_cursor,
                     vireo_console_cursor_ref, vireo_console_cursor_unref)

VireoConsoleCursor *
vireo_console_cursor_new (int           width,
                          int           height,
                          int           hot_x,
                          int           hot_y,
                          const guint8 *rgba)
{
  VireoConsoleCursor *cursor;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (rgba != NULL, NULL);

  cursor = g_new0 (VireoConsoleCursor, 1);
  g_atomic_ref_count_init (&cursor->ref_count);
  cursor->width = width;
  cursor->height = height;
  cursor->hot_x = CLAMP (hot_x, 0, width - 1);
  cursor->hot_y = CLAMP (hot_y, 0, height - 1);
  cursor->pixels = g_bytes_new (rgba, (gsize) width * height * 4);
  return cursor;
}

VireoConsoleCursor *
vireo_console_cursor_ref (VireoConsoleCursor *cursor)
{
  g_return_val_if_fail (cursor != NULL, NULL);
  g_atomic_ref_count_inc (&cursor->ref_count);
  return cursor;
}

void
vireo_console_cursor_unref (VireoConsoleCursor *cursor)
{
  g_return_if_fail (cursor != NULL);
  if (g_atomic_ref_count_dec (&cursor->ref_count))
    {
      g_bytes_unref (cursor->pixels);
      g_free (cursor);
    }
}

int
vireo_console_cursor_get_width (VireoConsoleCursor *cursor)
{
  g_return_val_if_fail (cursor != NULL, 0);
  return cursor->width;
}

int
vireo_console_cursor_get_height (VireoConsoleCursor *cursor)
{
  g_return_val_if_fail (cursor != NULL, 0);
  return cursor->height;
}

int
vireo_console_cursor_get_hot_x (VireoConsoleCursor *cursor)
{
  g_return_val_if_fail (cursor != NULL, 0);
  return cursor->hot_x;
}

int
vireo_console_cursor_get_hot_y (VireoConsoleCursor *cursor)
{
  g_return_val_if_fail (cursor != NULL, 0);
  return cursor->hot_y;
}

GBytes *
vireo_console_cursor_get_pixels (VireoConsoleCursor *cursor)
{
  g_return_val_if_fail (cursor != NULL, NULL);
  return cursor->pixels;
}

/* -- session ----------------------------------------------------------------- */

G_DEFINE_ENUM_TYPE (VireoConsoleState, vireo_console_state,
                    G_DEFINE_ENUM_VALUE (VIREO_CONSOLE_STATE_DISCONNECTED, "disconnected"),
                    G_DEFINE_ENUM_VALUE (VIREO_CONSOLE_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (VIREO_CONSOLE_STATE_AUTHENTICATING, "authenticating"),
                    G_DEFINE_ENUM_VALUE (VIREO_CONSOLE_STATE_CONNECTED, "connected"))

typedef struct
{
  VireoConsoleState   state;
  GError             *error;
  char               *password;
  char               *host;            /* the target of the last connect_host */
  char               *port;
  guint               via_fd : 1;      /* the last connection used connect_fd */
  guint               reconnect_on_password : 1;
  guint               waiting_reconnect_fd : 1;
  guint               password_pending : 1;   /* mid-handshake ask */
  guint               auth_refused : 1;
  guint               pointer_absolute : 1;
  guint               cursor_hidden : 1;
  guint               clipboard_enabled : 1;
  VireoFramebuffer   *framebuffer;
  VireoConsoleCursor *cursor;
  GArray             *keys_down;       /* guint qnums */
} VireoConsoleSessionPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VireoConsoleSession, vireo_console_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_FRAMEBUFFER,
  PROP_POINTER_ABSOLUTE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CONNECTED,
  SIGNAL_DISCONNECTED,
  SIGNAL_FRAMEBUFFER_RESIZED,
  SIGNAL_DAMAGE,
  SIGNAL_CURSOR_CHANGED,
  SIGNAL_POINTER_MODE_CHANGED,
  SIGNAL_AUTH_REQUIRED,
  SIGNAL_NEED_FD,
  SIGNAL_CLIPBOARD_TEXT,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

void
vireo_console_password_free (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

/* the display has the password (or the connection is over): our copy goes */
static void
wipe_password (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv = vireo_console_session_get_instance_private (self);

  g_clear_pointer (&priv->password, vireo_console_password_free);
}

static void
set_state (VireoConsoleSession *self,
           VireoConsoleState    state)
{
  VireoConsoleSessionPrivate *priv = vireo_console_session_get_instance_private (self);

  if (priv->state == state)
    return;
  priv->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
vireo_console_session_dispose (GObject *object)
{
  VireoConsoleSession *self = VIREO_CONSOLE_SESSION (object);
  VireoConsoleSessionPrivate *priv = vireo_console_session_get_instance_private (self);

  g_clear_object (&priv->framebuffer);
  g_clear_pointer (&priv->cursor, vireo_console_cursor_unref);
  wipe_password (self);

  G_OBJECT_CLASS (vireo_console_session_parent_class)->dispose (object);
}

static void
vireo_console_session_finalize (GObject *object)
{
  VireoConsoleSession *self = VIREO_CONSOLE_SESSION (object);
  VireoConsoleSessionPrivate *priv = vireo_console_session_get_instance_private (self);

  g_clear_error (&priv->error);
  vireo_console_password_free (priv->password);
  g_free (priv->host);
  g_free (priv->port);
  g_array_unref (priv->keys_down);

  G_OBJECT_CLASS (vireo_console_session_parent_class)->finalize (object);
}

static void
vireo_console_session_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VireoConsoleSession *self = VIREO_CONSOLE_SESSION (object);
  VireoConsoleSessionPrivate *priv = vireo_console_session_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;
    case PROP_FRAMEBUFFER:
      g_value_set_object (value, priv->framebuffer);
      break;
    case PROP_POINTER_ABSOLUTE:
      g_value_set_boolean (value, priv->pointer_absolute);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_console_session_class_init (VireoConsoleSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vireo_console_session_dispose;
  object_class->finalize = vireo_console_session_finalize;
  object_class->get_property = vireo_console_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VIREO_TYPE_CONSOLE_STATE,
                       VIREO_CONSOLE_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAMEBUFFER] =
    g_param_spec_object ("framebuffer", NULL, NULL, VIREO_TYPE_FRAMEBUFFER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POINTER_ABSOLUTE] =
    g_param_spec_boolean ("pointer-absolute", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (GError *error or NULL) */
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_FRAMEBUFFER_RESIZED] =
    g_signal_new ("framebuffer-resized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
  signals[SIGNAL_DAMAGE] =
    g_signal_new ("damage", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
  signals[SIGNAL_CURSOR_CHANGED] =
    g_signal_new ("cursor-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_POINTER_MODE_CHANGED] =
    g_signal_new ("pointer-mode-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /* (gboolean retry) */
  signals[SIGNAL_AUTH_REQUIRED] =
    g_signal_new ("auth-required", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_NEED_FD] =
    g_signal_new ("need-fd", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (const char *text): the guest copied text; only while sharing is on */
  signals[SIGNAL_CLIPBOARD_TEXT] =
    g_signal_new ("clipboard-text", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vireo_console_session_init (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv = vireo_console_session_get_instance_private (self);

  priv->keys_down = g_array_new (FALSE, FALSE, sizeof (guint));
  priv->pointer_absolute = TRUE;
}

/* -- public ------------------------------------------------------------------ */

const char *
vireo_console_session_get_protocol_name (VireoConsoleSession *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), NULL);
  return VIREO_CONSOLE_SESSION_GET_CLASS (self)->protocol_name;
}

VireoConsoleState
vireo_console_session_get_state (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), VIREO_CONSOLE_STATE_DISCONNECTED);
  priv = vireo_console_session_get_instance_private (self);
  return priv->state;
}

const GError *
vireo_console_session_get_error (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), NULL);
  priv = vireo_console_session_get_instance_private (self);
  return priv->error;
}

static gboolean
check_idle (VireoConsoleSession *self,
            GError             **error)
{
  VireoConsoleSessionPrivate *priv = vireo_console_session_get_instance_private (self);

  if (priv->state != VIREO_CONSOLE_STATE_DISCONNECTED)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                   _("The console is already connected."));
      return FALSE;
    }
  return TRUE;
}

static void
begin_connect (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv = vireo_console_session_get_instance_private (self);

  g_clear_error (&priv->error);
  priv->reconnect_on_password = FALSE;
  priv->waiting_reconnect_fd = FALSE;
  priv->password_pending = FALSE;
  g_array_set_size (priv->keys_down, 0);
  set_state (self, VIREO_CONSOLE_STATE_CONNECTING);
}

static gboolean
do_connect_fd (VireoConsoleSession *self,
               int                  fd,
               GError             **error)
{
  VireoConsoleSessionPrivate *priv = vireo_console_session_get_instance_private (self);

  priv->via_fd = TRUE;
  begin_connect (self);
  if (!VIREO_CONSOLE_SESSION_GET_CLASS (self)->connect_fd (self, fd, error))
    {
      set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED);
      return FALSE;
    }
  return TRUE;
}

static gboolean
do_connect_host (VireoConsoleSession *self,
                 GError             **error)
{
  VireoConsoleSessionPrivate *priv = vireo_console_session_get_instance_private (self);

  priv->via_fd = FALSE;
  begin_connect (self);
  if (!VIREO_CONSOLE_SESSION_GET_CLASS (self)->connect_host (self, priv->host, priv->port, error))
    {
      set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED);
      return FALSE;
    }
  return TRUE;
}

gboolean
vireo_console_session_connect_fd (VireoConsoleSession *self,
                                  int                  fd,
                                  GError             **error)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_idle (self, error))
    {
      close (fd);
      return FALSE;
    }
  return do_connect_fd (self, fd, error);
}

gboolean
vireo_console_session_connect_host (VireoConsoleSession *self,
                                    const char          *host,
                                    const char          *port,
                                    GError             **error)
{
  VireoConsoleSessionPrivate *priv;

  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), FALSE);
  g_return_val_if_fail (host != NULL && port != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = vireo_console_session_get_instance_private (self);
  if (!check_idle (self, error))
    return FALSE;

  g_free (priv->host);
  g_free (priv->port);
  priv->host = g_strdup (host);
  priv->port = g_strdup (port);
  return do_connect_host (self, error);
}

void
vireo_console_session_disconnect (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  priv = vireo_console_session_get_instance_private (self);
  g_object_ref (self);
  priv->reconnect_on_password = FALSE;
  priv->waiting_reconnect_fd = FALSE;
  priv->password_pending = FALSE;
  if (priv->state != VIREO_CONSOLE_STATE_DISCONNECTED)
    {
      VIREO_CONSOLE_SESSION_GET_CLASS (self)->disconnect (self);
      vireo_console_session_set_disconnected (self, NULL);
    }
  g_object_unref (self);
}

void
vireo_console_session_provide_fd (VireoConsoleSession *self,
                                  int                  fd)
{
  VireoConsoleSessionPrivate *priv;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  priv = vireo_console_session_get_instance_private (self);
  if (priv->waiting_reconnect_fd)
    {
      g_autoptr(GError) error = NULL;

      priv->waiting_reconnect_fd = FALSE;
      if (fd < 0)
        {
          vireo_console_session_set_disconnected (
            self, g_error_new (VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("Could not open a connection to the console.")));
          return;
        }
      /* the state is AUTHENTICATING: connect as from scratch */
      set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED);
      if (!do_connect_fd (self, fd, &error))
        {
          set_state (self, VIREO_CONSOLE_STATE_CONNECTING);
          vireo_console_session_set_disconnected (self, g_steal_pointer (&error));
        }
      return;
    }

  if (priv->state == VIREO_CONSOLE_STATE_DISCONNECTED)
    {
      if (fd >= 0)
        close (fd);
      return;
    }

  if (VIREO_CONSOLE_SESSION_GET_CLASS (self)->fd_provided != NULL)
    VIREO_CONSOLE_SESSION_GET_CLASS (self)->fd_provided (self, fd);
  else if (fd >= 0)
    close (fd);
}

void
vireo_console_session_set_password (VireoConsoleSession *self,
                                    const char          *password)
{
  VireoConsoleSessionPrivate *priv;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  priv = vireo_console_session_get_instance_private (self);
  vireo_console_password_free (priv->password);
  priv->password = g_strdup (password);

  if (password == NULL)
    return;

  if (priv->password_pending)
    {
      priv->password_pending = FALSE;
      set_state (self, VIREO_CONSOLE_STATE_CONNECTING);
      if (VIREO_CONSOLE_SESSION_GET_CLASS (self)->password_set (self, password))
        return;
      /* the protocol cannot take it now: reconnect with it */
      VIREO_CONSOLE_SESSION_GET_CLASS (self)->disconnect (self);
      priv->reconnect_on_password = TRUE;
    }

  if (priv->reconnect_on_password)
    {
      priv->reconnect_on_password = FALSE;
      if (priv->via_fd)
        {
          set_state (self, VIREO_CONSOLE_STATE_CONNECTING);
          priv->waiting_reconnect_fd = TRUE;
          g_signal_emit (self, signals[SIGNAL_NEED_FD], 0);
        }
      else
        {
          g_autoptr(GError) error = NULL;

          set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED);
          if (!do_connect_host (self, &error))
            {
              set_state (self, VIREO_CONSOLE_STATE_CONNECTING);
              vireo_console_session_set_disconnected (self, g_steal_pointer (&error));
            }
        }
    }
}

VireoFramebuffer *
vireo_console_session_get_framebuffer (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), NULL);
  priv = vireo_console_session_get_instance_private (self);
  return priv->framebuffer;
}

VireoConsoleCursor *
vireo_console_session_get_cursor (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), NULL);
  priv = vireo_console_session_get_instance_private (self);
  return priv->cursor;
}

gboolean
vireo_console_session_get_cursor_hidden (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), FALSE);
  priv = vireo_console_session_get_instance_private (self);
  return priv->cursor_hidden;
}

gboolean
vireo_console_session_get_pointer_absolute (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), FALSE);
  priv = vireo_console_session_get_instance_private (self);
  return priv->pointer_absolute;
}

static gboolean
is_connected (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv = vireo_console_session_get_instance_private (self);

  return priv->state == VIREO_CONSOLE_STATE_CONNECTED;
}

void
vireo_console_session_send_key_full (VireoConsoleSession *self,
                                     guint                qnum,
                                     guint                keysym,
                                     gboolean             down)
{
  VireoConsoleSessionPrivate *priv;
  guint i;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  priv = vireo_console_session_get_instance_private (self);
  if (qnum == 0 || !is_connected (self))
    return;

  for (i = 0; i < priv->keys_down->len; i++)
    if (g_array_index (priv->keys_down, guint, i) == qnum)
      break;

  if (down && i == priv->keys_down->len)
    g_array_append_val (priv->keys_down, qnum);
  else if (!down && i < priv->keys_down->len)
    g_array_remove_index (priv->keys_down, i);
  else if (!down)
    return;   /* never pressed here (e.g. pressed before the grab) */

  VIREO_CONSOLE_SESSION_GET_CLASS (self)->send_key (self, qnum, keysym, down);
}

void
vireo_console_session_send_key (VireoConsoleSession *self,
                                guint                qnum,
                                gboolean             down)
{
  vireo_console_session_send_key_full (self, qnum, 0, down);
}

void
vireo_console_session_send_keys (VireoConsoleSession *self,
                                 const guint         *qnums,
                                 guint                n_qnums)
{
  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));
  g_return_if_fail (qnums != NULL || n_qnums == 0);

  for (guint i = 0; i < n_qnums; i++)
    vireo_console_session_send_key (self, qnums[i], TRUE);
  for (guint i = n_qnums; i > 0; i--)
    vireo_console_session_send_key (self, qnums[i - 1], FALSE);
}

void
vireo_console_session_release_keys (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  priv = vireo_console_session_get_instance_private (self);
  while (priv->keys_down->len > 0)
    {
      guint qnum = g_array_index (priv->keys_down, guint, priv->keys_down->len - 1);

      g_array_remove_index (priv->keys_down, priv->keys_down->len - 1);
      if (is_connected (self))
        VIREO_CONSOLE_SESSION_GET_CLASS (self)->send_key (self, qnum, 0, FALSE);
    }
}

guint
vireo_console_session_get_n_keys_down (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), 0);
  priv = vireo_console_session_get_instance_private (self);
  return priv->keys_down->len;
}

void
vireo_console_session_send_pointer (VireoConsoleSession *self,
                                    int                  x,
                                    int                  y,
                                    VireoConsoleButtons  buttons)
{
  VireoConsoleSessionPrivate *priv;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  priv = vireo_console_session_get_instance_private (self);
  if (!is_connected (self))
    return;
  if (priv->framebuffer != NULL)
    {
      x = CLAMP (x, 0, vireo_framebuffer_get_width (priv->framebuffer) - 1);
      y = CLAMP (y, 0, vireo_framebuffer_get_height (priv->framebuffer) - 1);
    }
  VIREO_CONSOLE_SESSION_GET_CLASS (self)->send_pointer (self, MAX (x, 0), MAX (y, 0), buttons);
}

void
vireo_console_session_send_motion (VireoConsoleSession *self,
                                   int                  dx,
                                   int                  dy,
                                   VireoConsoleButtons  buttons)
{
  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  if (is_connected (self) && (dx != 0 || dy != 0))
    VIREO_CONSOLE_SESSION_GET_CLASS (self)->send_motion (self, dx, dy, buttons);
}

void
vireo_console_session_send_scroll (VireoConsoleSession        *self,
                                   VireoConsoleScrollDirection direction,
                                   VireoConsoleButtons         buttons)
{
  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  if (is_connected (self))
    VIREO_CONSOLE_SESSION_GET_CLASS (self)->send_scroll (self, direction, buttons);
}

gboolean
vireo_console_session_get_clipboard_enabled (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), FALSE);
  priv = vireo_console_session_get_instance_private (self);
  return priv->clipboard_enabled;
}

void
vireo_console_session_set_clipboard_enabled (VireoConsoleSession *self,
                                             gboolean             enabled)
{
  VireoConsoleSessionPrivate *priv;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));
  priv = vireo_console_session_get_instance_private (self);
  priv->clipboard_enabled = !!enabled;
}

void
vireo_console_session_send_clipboard_text (VireoConsoleSession *self,
                                           const char          *text)
{
  VireoConsoleSessionPrivate *priv;
  VireoConsoleSessionClass *klass;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));
  priv = vireo_console_session_get_instance_private (self);
  klass = VIREO_CONSOLE_SESSION_GET_CLASS (self);
  if (!priv->clipboard_enabled || text == NULL || !is_connected (self) ||
      klass->send_clipboard_text == NULL)
    return;
  klass->send_clipboard_text (self, text);
}

void
vireo_console_session_emit_clipboard_text (VireoConsoleSession *self,
                                           const char          *text)
{
  VireoConsoleSessionPrivate *priv;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));
  priv = vireo_console_session_get_instance_private (self);
  if (!priv->clipboard_enabled || text == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_CLIPBOARD_TEXT], 0, text);
}

void
vireo_console_session_set_size (VireoConsoleSession *self,
                                int                  width,
                                int                  height)
{
  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  if (is_connected (self) && width > 0 && height > 0)
    VIREO_CONSOLE_SESSION_GET_CLASS (self)->set_size (self, width, height);
}

/* -- for subclasses ---------------------------------------------------------- */

void
vireo_console_session_set_connected (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  priv = vireo_console_session_get_instance_private (self);
  if (priv->state == VIREO_CONSOLE_STATE_CONNECTED)
    return;
  priv->auth_refused = FALSE;
  /* the display took the password: gvnc and spice-gtk hold their own copy */
  wipe_password (self);
  set_state (self, VIREO_CONSOLE_STATE_CONNECTED);
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
}

void
vireo_console_session_set_disconnected (VireoConsoleSession *self,
                                        GError              *error)
{
  VireoConsoleSessionPrivate *priv;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  priv = vireo_console_session_get_instance_private (self);
  if (priv->state == VIREO_CONSOLE_STATE_DISCONNECTED)
    {
      g_clear_error (&error);
      return;
    }

  g_object_ref (self);
  g_clear_error (&priv->error);
  priv->error = error;
  priv->reconnect_on_password = FALSE;
  priv->waiting_reconnect_fd = FALSE;
  priv->password_pending = FALSE;
  g_array_set_size (priv->keys_down, 0);
  wipe_password (self);
  set_state (self, VIREO_CONSOLE_STATE_DISCONNECTED);
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, priv->error);
  g_object_unref (self);
}

void
vireo_console_session_auth_failed (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;
  gboolean retry;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  priv = vireo_console_session_get_instance_private (self);
  if (priv->state == VIREO_CONSOLE_STATE_DISCONNECTED)
    return;

  /* a password that was tried and refused is forgotten */
  retry = priv->password != NULL;
  wipe_password (self);
  priv->auth_refused = TRUE;
  priv->password_pending = FALSE;
  priv->reconnect_on_password = TRUE;
  set_state (self, VIREO_CONSOLE_STATE_AUTHENTICATING);
  g_signal_emit (self, signals[SIGNAL_AUTH_REQUIRED], 0, retry);
}

const char *
vireo_console_session_ask_password (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), NULL);

  priv = vireo_console_session_get_instance_private (self);
  if (priv->password != NULL)
    return priv->password;

  priv->password_pending = TRUE;
  set_state (self, VIREO_CONSOLE_STATE_AUTHENTICATING);
  g_signal_emit (self, signals[SIGNAL_AUTH_REQUIRED], 0, (gboolean) priv->auth_refused);
  return NULL;
}

const char *
vireo_console_session_get_password (VireoConsoleSession *self)
{
  VireoConsoleSessionPrivate *priv;

  g_return_val_if_fail (VIREO_IS_CONSOLE_SESSION (self), NULL);
  priv = vireo_console_session_get_instance_private (self);
  return priv->password;
}

void
vireo_console_session_request_fd (VireoConsoleSession *self)
{
  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));
  g_signal_emit (self, signals[SIGNAL_NEED_FD], 0);
}

void
vireo_console_session_set_framebuffer (VireoConsoleSession *self,
                                       VireoFramebuffer    *framebuffer)
{
  VireoConsoleSessionPrivate *priv;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));
  g_return_if_fail (framebuffer == NULL || VIREO_IS_FRAMEBUFFER (framebuffer));

  priv = vireo_console_session_get_instance_private (self);
  if (!g_set_object (&priv->framebuffer, framebuffer))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMEBUFFER]);
  if (framebuffer != NULL)
    g_signal_emit (self, signals[SIGNAL_FRAMEBUFFER_RESIZED], 0,
                   vireo_framebuffer_get_width (framebuffer),
                   vireo_framebuffer_get_height (framebuffer));
}

void
vireo_console_session_emit_damage (VireoConsoleSession *self,
                                   int                  x,
                                   int                  y,
                                   int                  width,
                                   int                  height)
{
  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  if (width > 0 && height > 0)
    g_signal_emit (self, signals[SIGNAL_DAMAGE], 0, x, y, width, height);
}

void
vireo_console_session_set_cursor (VireoConsoleSession *self,
                                  VireoConsoleCursor  *cursor,
                                  gboolean             hidden)
{
  VireoConsoleSessionPrivate *priv;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  priv = vireo_console_session_get_instance_private (self);
  if (cursor != NULL)
    vireo_console_cursor_ref (cursor);
  g_clear_pointer (&priv->cursor, vireo_console_cursor_unref);
  priv->cursor = cursor;
  priv->cursor_hidden = !!hidden;
  g_signal_emit (self, signals[SIGNAL_CURSOR_CHANGED], 0);
}

void
vireo_console_session_set_pointer_absolute (VireoConsoleSession *self,
                                            gboolean             absolute)
{
  VireoConsoleSessionPrivate *priv;

  g_return_if_fail (VIREO_IS_CONSOLE_SESSION (self));

  priv = vireo_console_session_get_instance_private (self);
  absolute = !!absolute;
  if (priv->pointer_absolute == (guint) absolute)
    return;
  priv->pointer_absolute = absolute;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_ABSOLUTE]);
  g_signal_emit (self, signals[SIGNAL_POINTER_MODE_CHANGED], 0, absolute);
}
