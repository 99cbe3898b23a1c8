/* rfb-script-server.h — a scripted RFB 3.8 server for VNC core tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thread of the test listens on 127.0.0.1 (any free port), accepts one
 * client and runs a script: a function that writes whatever a test wants
 * the "guest" to send (well-formed or hostile) with the helpers below, and
 * reads the client's messages where it must wait for them.  When the script
 * returns, the connection is closed.  Every helper is a no-op once a read
 * or write failed (rfb_script_ok() says whether all went through), so a
 * script never has to check each step.
 *
 * Nothing sleeps: rfb_script_linger() keeps the connection open until the
 * client closes it, rfb_script_hangup() closes the server's side cleanly
 * (FIN, not RST: the client reads all that was sent before it sees the end)
 * and then waits for the client to close too.  rfb_script_server_free()
 * cancels whatever the script still waits for and joins the thread.
 *
 * Header-only (static functions) so that each test program takes what it
 * uses; GIO only.
 */
#pragma once

#include <gio/gio.h>
#include <string.h>

typedef struct _RfbScriptServer RfbScriptServer;
typedef void (*RfbScriptFunc) (RfbScriptServer *server,
                               gpointer         data);

struct _RfbScriptServer
{
  GSocketListener   *listener;
  GCancellable      *cancellable;
  GThread           *thread;
  guint16            port;
  RfbScriptFunc      script;
  gpointer           data;

  /* the script thread's own */
  GSocketConnection *conn;
  GInputStream      *in;
  GOutputStream     *out;
  gboolean           ok;
};

/* the pixel format of rfb_script_server_init(): 32 bits, depth 24,
 * little-endian true colour, red 16, green 8, blue 0 (what Vireo keeps) */
#define RFB_SCRIPT_PIXEL_FORMAT \
  32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0

enum
{
  RFB_ENCODING_RAW                     = 0,
  RFB_ENCODING_DESKTOP_SIZE            = -223,
  RFB_ENCODING_EXTENDED_DESKTOP_SIZE   = -308,
  RFB_ENCODING_WMVI                    = 0x574d5669,
};

static G_GNUC_UNUSED gboolean
rfb_script_ok (RfbScriptServer *server)
{
  return server->ok;
}

static G_GNUC_UNUSED void
rfb_script_write (RfbScriptServer *server,
                  const void      *data,
                  gsize            len)
{
  if (server->ok)
    server->ok = g_output_stream_write_all (server->out, data, len, NULL,
                                            server->cancellable, NULL);
}

static G_GNUC_UNUSED void
rfb_script_write_u8 (RfbScriptServer *server,
                     guint8           value)
{
  rfb_script_write (server, &value, 1);
}

static G_GNUC_UNUSED void
rfb_script_write_u16 (RfbScriptServer *server,
                      guint16          value)
{
  value = GUINT16_TO_BE (value);
  rfb_script_write (server, &value, 2);
}

static G_GNUC_UNUSED void
rfb_script_write_u32 (RfbScriptServer *server,
                      guint32          value)
{
  value = GUINT32_TO_BE (value);
  rfb_script_write (server, &value, 4);
}

static G_GNUC_UNUSED void
rfb_script_read (RfbScriptServer *server,
                 void            *data,
                 gsize            len)
{
  gsize done = 0;

  if (server->ok)
    server->ok = g_input_stream_read_all (server->in, data, len, &done,
                                          server->cancellable, NULL) && done == len;
}

static G_GNUC_UNUSED void
rfb_script_skip (RfbScriptServer *server,
                 gsize            len)
{
  guint8 buf[4096];

  while (server->ok && len > 0)
    {
      gsize n = MIN (len, sizeof buf);

      rfb_script_read (server, buf, n);
      len -= n;
    }
}

/* "RFB 003.008\n" both ways */
static G_GNUC_UNUSED void
rfb_script_version (RfbScriptServer *server)
{
  char version[12];

  rfb_script_write (server, "RFB 003.008\n", 12);
  rfb_script_read (server, version, sizeof version);
}

/* security type None, accepted; then the client's ClientInit */
static G_GNUC_UNUSED void
rfb_script_security_none (RfbScriptServer *server)
{
  static const guint8 security[] = { 1, 1 };    /* one type: None */
  guint8 choice, shared;

  rfb_script_write (server, security, sizeof security);
  rfb_script_read (server, &choice, 1);
  rfb_script_write_u32 (server, 0);             /* SecurityResult OK */
  rfb_script_read (server, &shared, 1);
}

/* ServerInit: @width × @height in RFB_SCRIPT_PIXEL_FORMAT, a desktop name
 * announced as @name_length bytes of which @name's first @name_sent go out
 * (a hostile length need not be followed by that many bytes) */
static G_GNUC_UNUSED void
rfb_script_server_init (RfbScriptServer *server,
                        guint16          width,
                        guint16          height,
                        guint32          name_length,
                        const char      *name,
                        gsize            name_sent)
{
  static const guint8 format[16] = { RFB_SCRIPT_PIXEL_FORMAT };

  rfb_script_write_u16 (server, width);
  rfb_script_write_u16 (server, height);
  rfb_script_write (server, format, sizeof format);
  rfb_script_write_u32 (server, name_length);
  if (name_sent > 0)
    rfb_script_write (server, name, name_sent);
}

/* version, security None and a ServerInit named "test" */
static G_GNUC_UNUSED void
rfb_script_handshake (RfbScriptServer *server,
                      guint16          width,
                      guint16          height)
{
  rfb_script_version (server);
  rfb_script_security_none (server);
  rfb_script_server_init (server, width, height, 4, "test", 4);
}

/* reads client messages until a FramebufferUpdateRequest arrives; the
 * client has then taken the ServerInit (or the last update) */
static G_GNUC_UNUSED void
rfb_script_wait_update_request (RfbScriptServer *server)
{
  while (server->ok)
    {
      guint8 type, buf[16];

      rfb_script_read (server, &type, 1);
      if (!server->ok)
        return;
      switch (type)
        {
        case 0:   /* SetPixelFormat */
          rfb_script_skip (server, 19);
          break;
        case 2:   /* SetEncodings */
          {
            guint16 n;

            rfb_script_read (server, buf, 1);
            rfb_script_read (server, &n, 2);
            rfb_script_skip (server, 4 * (gsize) GUINT16_FROM_BE (n));
          }
          break;
        case 3:   /* FramebufferUpdateRequest */
          rfb_script_skip (server, 9);
          return;
        case 4:   /* KeyEvent */
          rfb_script_skip (server, 7);
          break;
        case 5:   /* PointerEvent */
          rfb_script_skip (server, 5);
          break;
        case 6:   /* ClientCutText */
          {
            guint32 len;

            rfb_script_read (server, buf, 3);
            rfb_script_read (server, &len, 4);
            rfb_script_skip (server, GUINT32_FROM_BE (len));
          }
          break;
        case 251: /* SetDesktopSize */
          rfb_script_read (server, buf, 7);
          rfb_script_skip (server, 16 * (gsize) buf[5]);
          break;
        case 255: /* QEMU: extended key event */
          rfb_script_skip (server, 11);
          break;
        default:
          server->ok = FALSE;
          break;
        }
    }
}

static G_GNUC_UNUSED void
rfb_script_update_header (RfbScriptServer *server,
                          guint16          n_rects)
{
  rfb_script_write_u8 (server, 0);      /* FramebufferUpdate */
  rfb_script_write_u8 (server, 0);
  rfb_script_write_u16 (server, n_rects);
}

static G_GNUC_UNUSED void
rfb_script_rect_header (RfbScriptServer *server,
                        guint16          x,
                        guint16          y,
                        guint16          width,
                        guint16          height,
                        gint32           encoding)
{
  rfb_script_write_u16 (server, x);
  rfb_script_write_u16 (server, y);
  rfb_script_write_u16 (server, width);
  rfb_script_write_u16 (server, height);
  rfb_script_write_u32 (server, (guint32) encoding);
}

/* @n_pixels Raw pixels of one colour in RFB_SCRIPT_PIXEL_FORMAT */
static G_GNUC_UNUSED void
rfb_script_pixels (RfbScriptServer *server,
                   gsize            n_pixels,
                   guint32          rgb)
{
  guint32 buf[1024];

  for (guint i = 0; i < G_N_ELEMENTS (buf); i++)
    buf[i] = GUINT32_TO_LE (rgb);
  while (server->ok && n_pixels > 0)
    {
      gsize n = MIN (n_pixels, G_N_ELEMENTS (buf));

      rfb_script_write (server, buf, n * 4);
      n_pixels -= n;
    }
}

/* ServerCutText announcing @announced bytes, of which @text's first @sent go out */
static G_GNUC_UNUSED void
rfb_script_cut_text (RfbScriptServer *server,
                     guint32          announced,
                     const char      *text,
                     gsize            sent)
{
  static const guint8 head[4] = { 3, 0, 0, 0 };

  rfb_script_write (server, head, sizeof head);
  rfb_script_write_u32 (server, announced);
  if (sent > 0)
    rfb_script_write (server, text, sent);
}

/* reads (and drops) what the client sends until it closes the connection */
static G_GNUC_UNUSED void
rfb_script_linger (RfbScriptServer *server)
{
  guint8 buf[4096];

  g_output_stream_flush (server->out, server->cancellable, NULL);
  for (;;)
    {
      gssize n = g_input_stream_read (server->in, buf, sizeof buf, server->cancellable, NULL);

      if (n <= 0)
        break;
    }
}

/* the server goes away: ends its side of the connection after what was
 * sent, then waits for the client to close */
static G_GNUC_UNUSED void
rfb_script_hangup (RfbScriptServer *server)
{
  GSocket *socket = g_socket_connection_get_socket (server->conn);

  g_output_stream_flush (server->out, server->cancellable, NULL);
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  rfb_script_linger (server);
}

static gpointer
rfb_script_server_thread (gpointer data)
{
  RfbScriptServer *server = data;

  server->conn = g_socket_listener_accept (server->listener, NULL, server->cancellable, NULL);
  if (server->conn == NULL)
    return NULL;
  server->in = g_io_stream_get_input_stream (G_IO_STREAM (server->conn));
  server->out = g_io_stream_get_output_stream (G_IO_STREAM (server->conn));
  server->ok = TRUE;

  server->script (server, server->data);

  g_io_stream_close (G_IO_STREAM (server->conn), NULL, NULL);
  g_clear_object (&server->conn);
  return NULL;
}

static G_GNUC_UNUSED RfbScriptServer *
rfb_script_server_start (RfbScriptFunc script,
                         gpointer      data)
{
  RfbScriptServer *server = g_new0 (RfbScriptServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  server->script = script;
  server->data = data;
  server->cancellable = g_cancellable_new ();
  server->listener = g_socket_listener_new ();
  g_socket_listener_add_address (server->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  server->thread = g_thread_new ("rfb-script", rfb_script_server_thread, server);
  return server;
}

/* "12345": the port for vireo_console_session_connect_host() */
static G_GNUC_UNUSED char *
rfb_script_server_dup_port (RfbScriptServer *server)
{
  return g_strdup_printf ("%u", server->port);
}

/* stops whatever the script still waits for, joins the thread */
static G_GNUC_UNUSED void
rfb_script_server_free (RfbScriptServer *server)
{
  g_cancellable_cancel (server->cancellable);
  g_socket_listener_close (server->listener);
  g_thread_join (server->thread);
  g_object_unref (server->listener);
  g_object_unref (server->cancellable);
  g_free (server);
}

/* -- the client's side ----------------------------------------------------------- */

static G_GNUC_UNUSED gboolean
rfb_script_timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until *@flag (set by a signal handler)
 * or @seconds pass (a generous safety net only); returns *@flag. */
static G_GNUC_UNUSED gboolean
rfb_script_wait_for (gboolean *flag,
                     guint     seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, rfb_script_timed_out_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}
