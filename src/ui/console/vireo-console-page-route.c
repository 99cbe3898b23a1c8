/* vireo-console-page-route.c — the socket to the display: virDomainOpenGraphicsFD, or an ssh tunnel
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-console-page"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "vireo-console-page-private.h"

void
_vireo_console_page_stop_tunnels (VireoConsolePage *self)
{
  for (guint i = 0; self->tunnels != NULL && i < self->tunnels->len; i++)
    g_subprocess_force_exit (self->tunnels->pdata[i]);
  if (self->tunnels != NULL)
    g_ptr_array_set_size (self->tunnels, 0);
}

/* the connection's URI says how to reach the display (vireo-domain-graphics.h) */
const char *
_vireo_console_page_connection_uri (VireoConsolePage *self)
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

  fd = vireo_console_info_open_ssh_tunnel (self->session_info,
                                           _vireo_console_page_connection_uri (self), &proc, error);
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

          _vireo_console_page_show_status (self, "dialog-error-symbolic",
                                           _("Could not connect to the console"),
                                           e ? e->message : NULL, FALSE,
                                           _vireo_console_page_find_console (self, FALSE) != NULL,
                                           TRUE);
        }
    }
  else
    vireo_console_session_provide_fd (self->session, fd);
  fd_data_free (data);
}

void
_vireo_console_page_request_fd (VireoConsolePage *self,
                                gboolean          first)
{
  const char *uri = _vireo_console_page_connection_uri (self);

  if (vireo_console_route_for_uri (uri) == VIREO_CONSOLE_ROUTE_SSH)
    {
      g_autoptr(GError) error = NULL;
      int fd = open_ssh_tunnel (self, &error);

      if (first)
        {
          if (fd < 0 || !vireo_console_session_connect_fd (self->session, fd, &error))
            _vireo_console_page_show_status (self, "dialog-error-symbolic",
                                             _("Could not connect to the console"),
                                             error ? error->message : NULL, FALSE,
                                             _vireo_console_page_find_console (self, FALSE) != NULL,
                                             TRUE);
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
