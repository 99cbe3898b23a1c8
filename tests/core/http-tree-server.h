/* http-tree-server.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tiny HTTP/1.0 server on 127.0.0.1 (an ephemeral port) for the URL
 * install tests: it serves an install tree (.treeinfo, kernel, initrd) from
 * memory on its own threads, so a test may fetch from it synchronously.
 * Unknown paths are 404; "/redirect/..." answers 302 to the same path
 * without the prefix.
 */
#pragma once

#include <gio/gio.h>
#include <string.h>

typedef struct
{
  GSocketService *service;
  GHashTable     *files;    /* path -> GBytes */
  guint16         port;
  gint            requests;
  /* the service accepts on its own thread's main context, so a test may
   * block its main thread in a fetch */
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  GMutex          lock;
  GCond           ready;
  gboolean        started;
} HttpTreeServer;

#define HTTP_TREE_TREEINFO                                                                         \
  "[general]\nfamily = Fedora\nversion = 37\narch = x86_64\nvariant = Server\n\n"                 \
  "[images-x86_64]\nkernel = images/pxeboot/vmlinuz\ninitrd = images/pxeboot/initrd.img\n"

static gboolean
http_tree_server_run (GThreadedSocketService *service,
                      GSocketConnection      *connection,
                      GObject                *source_object,
                      gpointer                user_data)
{
  HttpTreeServer *server = user_data;
  g_autoptr (GDataInputStream) in =
      g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *request = NULL;
  g_auto (GStrv) parts = NULL;
  g_autofree char *head = NULL;
  GBytes *body = NULL;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  request = g_data_input_stream_read_line (in, NULL, NULL, NULL);
  if (request == NULL)
    return TRUE;
  /* the headers: read up to the blank line */
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      if (line == NULL || *line == '\0')
        break;
    }
  g_atomic_int_inc (&server->requests);
  parts = g_strsplit (request, " ", 3);
  /* like most web servers, "a//b" is "a/b" (libosinfo asks for URL + "/.treeinfo") */
  if (parts[0] != NULL && parts[1] != NULL)
    {
      char *w = parts[1];

      for (const char *r = parts[1]; *r != '\0'; r++)
        if (!(r[0] == '/' && r[1] == '/'))
          *w++ = *r;
      *w = '\0';
    }
  if (g_strv_length (parts) < 2 || g_strcmp0 (parts[0], "GET") != 0)
    head = g_strdup ("HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
  else if (g_str_has_prefix (parts[1], "/redirect/"))
    head = g_strdup_printf ("HTTP/1.0 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n",
                            parts[1] + strlen ("/redirect"));
  else if ((body = g_hash_table_lookup (server->files, parts[1])) != NULL)
    head = g_strdup_printf ("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n"
                            "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                            g_bytes_get_size (body));
  else
    head = g_strdup ("HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n"
                     "not found\n");
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  if (body != NULL)
    g_output_stream_write_all (out, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL,
                               NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static inline void
http_tree_server_add (HttpTreeServer *server,
                      const char     *path,
                      const void     *data,
                      gsize           size)
{
  g_hash_table_insert (server->files, g_strdup (path), g_bytes_new (data, size));
}

static gpointer
http_tree_server_thread (gpointer user_data)
{
  HttpTreeServer *server = user_data;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) effective = NULL;
  g_autoptr (GError) error = NULL;

  g_main_context_push_thread_default (server->context);
  server->service = g_threaded_socket_service_new (8);
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (server->service, "run", G_CALLBACK (http_tree_server_run), server);
  g_socket_service_start (server->service);

  g_mutex_lock (&server->lock);
  server->started = TRUE;
  g_cond_signal (&server->ready);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);

  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_clear_object (&server->service);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

/* serves /tree/ (a Fedora 37 tree with a @kernel_size-byte "kernel" and a
 * small initrd) and /broken/ (the same .treeinfo, no images) */
static inline HttpTreeServer *
http_tree_server_new (gsize kernel_size)
{
  HttpTreeServer *server = g_new0 (HttpTreeServer, 1);
  g_autofree char *kernel = g_malloc (kernel_size);

  for (gsize i = 0; i < kernel_size; i++)
    kernel[i] = (char) (i * 7 + 3);
  server->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  http_tree_server_add (server, "/tree/.treeinfo", HTTP_TREE_TREEINFO, strlen (HTTP_TREE_TREEINFO));
  http_tree_server_add (server, "/tree/images/pxeboot/vmlinuz", kernel, kernel_size);
  http_tree_server_add (server, "/tree/images/pxeboot/initrd.img", "VIREO-INITRD\n", 13);
  http_tree_server_add (server, "/broken/.treeinfo", HTTP_TREE_TREEINFO, strlen (HTTP_TREE_TREEINFO));
  http_tree_server_add (server, "/notatree/index.html", "<html>hello</html>\n", 19);

  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  g_mutex_init (&server->lock);
  g_cond_init (&server->ready);
  server->thread = g_thread_new ("http-tree-server", http_tree_server_thread, server);
  g_mutex_lock (&server->lock);
  while (!server->started)
    g_cond_wait (&server->ready, &server->lock);
  g_mutex_unlock (&server->lock);
  return server;
}

/* http://127.0.0.1:PORT/@path */
static inline char *
http_tree_server_url (HttpTreeServer *server,
                      const char     *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u/%s", server->port, path);
}

static inline void
http_tree_server_free (HttpTreeServer *server)
{
  g_main_loop_quit (server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->ready);
  g_hash_table_unref (server->files);
  g_free (server);
}
