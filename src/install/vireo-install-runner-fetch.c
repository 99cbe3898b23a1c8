/* vireo-install-runner-fetch.c — an install tree's kernel and initrd over HTTP
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vireo_install_fetch_tree_files(): the installer's kernel and initrd of a
 * network install tree, fetched with plain HTTP/1.0 (at most
 * FETCH_MAX_REDIRECTS redirects) on the runner's worker thread, into the
 * directory its fetch stage picks; nothing is left behind on a failure.
 */
#define G_LOG_DOMAIN "vireo-install-runner"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vireo-install-runner.h"

/* -- fetching an install tree's kernel and initrd (plain HTTP/1.0) --------- */

#define FETCH_MAX_REDIRECTS 5
#define FETCH_BUFFER_SIZE   (64 * 1024)

typedef enum
{
  FETCH_KERNEL,
  FETCH_INITRD,
} FetchWhat;

static void
set_http_status_error (GError   **error,
                       FetchWhat  what,
                       const char *url,
                       guint      status)
{
  if (status == 404 && what == FETCH_KERNEL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("The install tree has no kernel at %s (HTTP 404)."), url);
  else if (status == 404)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("The install tree has no initrd at %s (HTTP 404)."), url);
  else if (what == FETCH_KERNEL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The server refused the install tree's kernel at %s (HTTP %u)."), url, status);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The server refused the install tree's initrd at %s (HTTP %u)."), url, status);
}

/* reads one header line (CRLF or LF), without the line end; NULL at EOF */
static char *
read_header_line (GDataInputStream *in,
                  GCancellable     *cancellable,
                  GError          **error)
{
  gsize len = 0;
  char *line = g_data_input_stream_read_line (in, &len, cancellable, error);

  if (line != NULL && len > 0 && line[len - 1] == '\r')
    line[len - 1] = '\0';
  if (line == NULL && error != NULL && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                         _("The web server closed the connection before sending its answer."));
  return line;
}

/* GET @url into @out. Follows a few redirects (http only). */
static gboolean
http_get (const char            *url,
          FetchWhat              what,
          GOutputStream         *out,
          const char            *message,
          VireoFetchProgressFunc progress,
          gpointer               user_data,
          GCancellable          *cancellable,
          GError               **error)
{
  g_autofree char *current = g_strdup (url);

  for (guint hop = 0; hop <= FETCH_MAX_REDIRECTS; hop++)
    {
      g_autoptr (GUri) uri = NULL;
      g_autoptr (GSocketClient) client = NULL;
      g_autoptr (GSocketConnection) connection = NULL;
      g_autoptr (GDataInputStream) in = NULL;
      g_autofree char *request = NULL;
      g_autofree char *status_line = NULL;
      g_autofree char *location = NULL;
      const char *path;
      guint status = 0;
      gint64 length = -1;
      goffset received = 0;
      g_autofree char *buffer = NULL;

      uri = g_uri_parse (current, G_URI_FLAGS_ENCODED, NULL);
      if (uri == NULL || g_uri_get_host (uri) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a valid web address."), current);
          return FALSE;
        }
      if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("HTTPS trees are not supported yet: use an http:// address of the tree."));
          return FALSE;
        }
      if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("Only http:// install trees can be fetched; “%s” is not one."), current);
          return FALSE;
        }

      client = g_socket_client_new ();
      g_socket_client_set_timeout (client, 60);
      connection = g_socket_client_connect_to_uri (client, current, 80, cancellable, error);
      if (connection == NULL)
        return FALSE;

      path = g_uri_get_path (uri);
      if (path == NULL || *path == '\0')
        path = "/";
      request = g_strdup_printf ("GET %s%s%s HTTP/1.0\r\n"
                                 "Host: %s\r\n"
                                 "User-Agent: Vireo/" PACKAGE_VERSION "\r\n"
                                 "Accept: */*\r\n"
                                 "Connection: close\r\n"
                                 "\r\n",
                                 path,
                                 g_uri_get_query (uri) != NULL ? "?" : "",
                                 g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "",
                                 g_uri_get_host (uri));
      if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                      request, strlen (request), NULL, cancellable, error))
        return FALSE;

      in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
      g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_LF);

      /* status line: HTTP/1.x CODE reason */
      status_line = read_header_line (in, cancellable, error);
      if (status_line == NULL)
        return FALSE;
      if (!g_str_has_prefix (status_line, "HTTP/1.") || strlen (status_line) < 12
          || status_line[8] != ' ' || !g_ascii_isdigit (status_line[9])
          || !g_ascii_isdigit (status_line[10]) || !g_ascii_isdigit (status_line[11]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The server at %s did not answer in HTTP."), g_uri_get_host (uri));
          return FALSE;
        }
      status = (guint) g_ascii_strtoull (status_line + 9, NULL, 10);

      /* headers */
      for (;;)
        {
          g_autofree char *line = read_header_line (in, cancellable, error);
          char *colon;

          if (line == NULL)
            return FALSE;
          if (*line == '\0')
            break;
          colon = strchr (line, ':');
          if (colon == NULL)
            continue;
          *colon = '\0';
          g_strstrip (colon + 1);
          if (g_ascii_strcasecmp (line, "Content-Length") == 0)
            {
              guint64 value;

              if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXINT64, &value, NULL))
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The server at %s sent an invalid length."), g_uri_get_host (uri));
                  return FALSE;
                }
              length = (gint64) value;
            }
          else if (g_ascii_strcasecmp (line, "Location") == 0)
            {
              g_free (location);
              location = g_strdup (colon + 1);
            }
        }

      if (status >= 300 && status < 400 && status != 304 && location != NULL)
        {
          char *next = g_uri_resolve_relative (current, location, G_URI_FLAGS_ENCODED, error);

          if (next == NULL)
            return FALSE;
          g_free (current);
          current = next;
          continue;
        }
      if (status != 200)
        {
          set_http_status_error (error, what, current, status);
          return FALSE;
        }

      /* the body */
      buffer = g_malloc (FETCH_BUFFER_SIZE);
      if (progress != NULL)
        progress (message, length > 0 ? 0.0 : -1.0, user_data);
      while (length < 0 || received < length)
        {
          gsize want = length < 0 ? FETCH_BUFFER_SIZE : (gsize) MIN (FETCH_BUFFER_SIZE, length - received);
          gssize n = g_input_stream_read (G_INPUT_STREAM (in), buffer, want, cancellable, error);

          if (n < 0)
            return FALSE;
          if (n == 0)
            break;
          if (!g_output_stream_write_all (out, buffer, n, NULL, cancellable, error))
            return FALSE;
          received += n;
          if (progress != NULL && length > 0)
            progress (message, (double) received / length, user_data);
        }
      if (length >= 0 && received != length)
        {
          g_autofree char *got = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) received);
          g_autofree char *want = g_strdup_printf ("%" G_GINT64_FORMAT, length);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                       _("The download of %s stopped after %s of %s bytes."), current, got, want);
          return FALSE;
        }
      if (progress != NULL)
        progress (message, 1.0, user_data);
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
               _("The server redirected %s too many times."), url);
  return FALSE;
}

/* fetches @rel under @tree_url into a new file in @dir; returns its path */
static char *
fetch_one (const char            *tree_url,
           const char            *rel,
           FetchWhat              what,
           const char            *dir,
           const char            *name,
           VireoFetchProgressFunc progress,
           gpointer               user_data,
           GCancellable          *cancellable,
           GError               **error)
{
  g_autofree char *base = g_str_has_suffix (tree_url, "/") ? g_strdup (tree_url)
                                                             : g_strconcat (tree_url, "/", NULL);
  g_autofree char *url = NULL;
  g_autofree char *template = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GOutputStream) out = NULL;
  const char *message;

  while (*rel == '/')
    rel++;
  url = g_uri_resolve_relative (base, rel, G_URI_FLAGS_ENCODED, error);
  if (url == NULL)
    return NULL;

  for (guint attempt = 0; out == NULL; attempt++)
    {
      g_autoptr (GFile) file = NULL;
      g_autoptr (GError) local = NULL;

      g_clear_pointer (&template, g_free);
      g_clear_pointer (&path, g_free);
      template = g_strdup_printf ("vireo-%s-%s.%08x", name, what == FETCH_KERNEL ? "kernel" : "initrd",
                                  g_random_int ());
      path = g_build_filename (dir, template, NULL);
      file = g_file_new_for_path (path);
      out = G_OUTPUT_STREAM (g_file_create (file, G_FILE_CREATE_NONE, cancellable, &local));
      if (out == NULL && (attempt > 10 || !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS)))
        {
          g_autofree char *display = g_filename_display_name (dir);

          g_set_error (error, local->domain, local->code,
                       _("Could not create a file in %s for the install tree's files: %s"), display,
                       local->message);
          return NULL;
        }
    }
  /* QEMU (another user) reads the file; the umask may have narrowed it */
  g_chmod (path, 0644);

  message = what == FETCH_KERNEL ? _("Downloading the installer's kernel…")
                                 : _("Downloading the installer's initrd…");
  if (!http_get (url, what, out, message, progress, user_data, cancellable, error)
      || !g_output_stream_close (out, cancellable, error))
    {
      g_output_stream_close (out, NULL, NULL);
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

gboolean
vireo_install_fetch_tree_files (const char            *tree_url,
                                const char            *kernel_rel,
                                const char            *initrd_rel,
                                const char            *dest_dir,
                                const char            *name,
                                VireoFetchProgressFunc progress,
                                gpointer               user_data,
                                char                 **kernel_path,
                                char                 **initrd_path,
                                GCancellable          *cancellable,
                                GError               **error)
{
  g_autofree char *kernel = NULL;
  g_autofree char *initrd = NULL;

  g_return_val_if_fail (tree_url != NULL && kernel_rel != NULL && initrd_rel != NULL, FALSE);
  g_return_val_if_fail (dest_dir != NULL && name != NULL, FALSE);

  kernel = fetch_one (tree_url, kernel_rel, FETCH_KERNEL, dest_dir, name, progress, user_data,
                      cancellable, error);
  if (kernel == NULL)
    return FALSE;
  initrd = fetch_one (tree_url, initrd_rel, FETCH_INITRD, dest_dir, name, progress, user_data,
                      cancellable, error);
  if (initrd == NULL)
    {
      g_unlink (kernel);
      return FALSE;
    }
  if (kernel_path != NULL)
    *kernel_path = g_steal_pointer (&kernel);
  else
    g_unlink (kernel);
  if (initrd_path != NULL)
    *initrd_path = g_steal_pointer (&initrd);
  else
    g_unlink (initrd);
  return TRUE;
}
