/* fake-console-session.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scripted guest for the console tests (core and UI): FakeSession, a
 * small VireoConsoleSession subclass that records what it is sent (keys,
 * pointer positions, relative motion, size requests, clipboard text) and
 * shows a framebuffer the test fills. connect_host just says "connected".
 * Included by one test file each (it defines the type).
 */
#pragma once

#include <string.h>

#include "vireo-console-session.h"

G_BEGIN_DECLS

#define FAKE_TYPE_SESSION (fake_session_get_type ())
G_DECLARE_FINAL_TYPE (FakeSession, fake_session, FAKE, SESSION, VireoConsoleSession)

struct _FakeSession
{
  VireoConsoleSession parent_instance;
  GArray *keys;     /* guint: qnum | 0x10000 when down */
  int last_x, last_y;
  guint n_pointer;
  int motion_x, motion_y;   /* relative motion sent, summed */
  guint n_motion;
  gboolean follows; /* a guest with an agent: takes the size asked for */
  guint n_requests;
  int asked_width, asked_height;
  GPtrArray *sent;  /* texts given to send_clipboard_text */
  char *given_password;   /* the last answer to "auth-required" */
};

G_DEFINE_FINAL_TYPE (FakeSession, fake_session, VIREO_TYPE_CONSOLE_SESSION)

/* Fills all of @fb with magenta and marks it damaged. */
static inline void
fake_fill_magenta (VireoFramebuffer *fb)
{
  guint8 *data = vireo_framebuffer_get_data (fb);
  int stride = vireo_framebuffer_get_stride (fb);
  int w = vireo_framebuffer_get_width (fb), h = vireo_framebuffer_get_height (fb);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      memcpy (data + y * stride + x * 4, "\xff\x00\xff\xff", 4);   /* B G R X */
  vireo_framebuffer_damage (fb, 0, 0, w, h);
}

static gboolean
fake_connect_host (VireoConsoleSession *session, const char *host, const char *port, GError **error)
{
  vireo_console_session_set_connected (session);
  return TRUE;
}

static void
fake_send_key (VireoConsoleSession *session,
               guint                qnum,
               guint                keysym,
               gboolean             down)
{
  guint v = qnum | (down ? 0x10000 : 0);

  g_array_append_val (FAKE_SESSION (session)->keys, v);
}

static void
fake_send_pointer (VireoConsoleSession *session,
                   int                  x,
                   int                  y,
                   VireoConsoleButtons  buttons)
{
  FakeSession *self = FAKE_SESSION (session);

  self->last_x = x;
  self->last_y = y;
  self->n_pointer++;
}

static void
fake_send_motion (VireoConsoleSession *session,
                  int                  dx,
                  int                  dy,
                  VireoConsoleButtons  buttons)
{
  FakeSession *self = FAKE_SESSION (session);

  self->motion_x += dx;
  self->motion_y += dy;
  self->n_motion++;
}

static void
fake_disconnect (VireoConsoleSession *session)
{
}

/* a guest that does not follow keeps its screen; one that does shows a
 * magenta one of the size asked for */
static void
fake_set_size (VireoConsoleSession *session,
               int                  width,
               int                  height)
{
  FakeSession *self = FAKE_SESSION (session);

  self->n_requests++;
  self->asked_width = width;
  self->asked_height = height;
  if (self->follows)
    {
      g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (width, height, 0);

      fake_fill_magenta (fb);
      vireo_console_session_set_framebuffer (session, fb);
      vireo_console_session_emit_damage (session, 0, 0, width, height);
    }
}

static void
fake_send_clipboard_text (VireoConsoleSession *session, const char *text)
{
  g_ptr_array_add (FAKE_SESSION (session)->sent, g_strdup (text));
}

/* the password asked for arrived (vireo_console_session_set_password) */
static gboolean
fake_password_set (VireoConsoleSession *session, const char *password)
{
  g_free (FAKE_SESSION (session)->given_password);
  FAKE_SESSION (session)->given_password = g_strdup (password);
  return TRUE;
}

static void
fake_session_finalize (GObject *object)
{
  g_free (FAKE_SESSION (object)->given_password);
  g_array_unref (FAKE_SESSION (object)->keys);
  g_ptr_array_unref (FAKE_SESSION (object)->sent);
  G_OBJECT_CLASS (fake_session_parent_class)->finalize (object);
}

static void
fake_session_class_init (FakeSessionClass *klass)
{
  VireoConsoleSessionClass *session_class = VIREO_CONSOLE_SESSION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = fake_session_finalize;
  session_class->protocol_name = "FAKE";
  session_class->connect_host = fake_connect_host;
  session_class->send_key = fake_send_key;
  session_class->send_pointer = fake_send_pointer;
  session_class->send_motion = fake_send_motion;
  session_class->disconnect = fake_disconnect;
  session_class->set_size = fake_set_size;
  session_class->send_clipboard_text = fake_send_clipboard_text;
  session_class->password_set = fake_password_set;
}

static void
fake_session_init (FakeSession *self)
{
  self->keys = g_array_new (FALSE, FALSE, sizeof (guint));
  self->sent = g_ptr_array_new_with_free_func (g_free);
}

/* a connected guest showing @fb (already filled and damaged) */
static inline FakeSession *
fake_session_new_showing (VireoFramebuffer *fb)
{
  FakeSession *session = g_object_new (FAKE_TYPE_SESSION, NULL);
  int w = vireo_framebuffer_get_width (fb), h = vireo_framebuffer_get_height (fb);

  vireo_console_session_set_framebuffer (VIREO_CONSOLE_SESSION (session), fb);
  vireo_console_session_emit_damage (VIREO_CONSOLE_SESSION (session), 0, 0, w, h);
  vireo_console_session_set_connected (VIREO_CONSOLE_SESSION (session));
  return session;
}

/* a connected guest whose @width x @height screen is all magenta */
static inline FakeSession *
fake_session_new_magenta_sized (int width, int height)
{
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (width, height, 0);

  fake_fill_magenta (fb);
  return fake_session_new_showing (fb);
}

/* whether @s was sent the key @qnum going down (@down) or up */
static inline gboolean
fake_session_has_key (FakeSession *s,
                      guint        qnum,
                      gboolean     down)
{
  guint v = qnum | (down ? 0x10000 : 0);

  for (guint i = 0; i < s->keys->len; i++)
    if (g_array_index (s->keys, guint, i) == v)
      return TRUE;
  return FALSE;
}

G_END_DECLS
