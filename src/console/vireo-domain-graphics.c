/* vireo-domain-graphics.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What consoles a VM has (from its XML), and sockets to its graphical
 * consoles (virDomainOpenGraphicsFD), both on the connection's worker.
 */
#define G_LOG_DOMAIN "vireo-domain-graphics"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vireo-connection-private.h"
#include "vireo-domain-graphics.h"
#include "vireo-domain-private.h"
#include "vireo-error.h"
#include "vireo-xml.h"

G_DEFINE_ENUM_TYPE (VireoConsoleKind, vireo_console_kind,
                    G_DEFINE_ENUM_VALUE (VIREO_CONSOLE_KIND_VNC, "vnc"),
                    G_DEFINE_ENUM_VALUE (VIREO_CONSOLE_KIND_SPICE, "spice"),
                    G_DEFINE_ENUM_VALUE (VIREO_CONSOLE_KIND_SERIAL, "serial"),
                    G_DEFINE_ENUM_VALUE (VIREO_CONSOLE_KIND_TEXT, "text"))

struct _VireoConsoleInfo
{
  gatomicrefcount  ref_count;
  VireoConsoleKind kind;
  guint            index;
  char            *label;
  char            *devname;
  char            *source_type;
  int              port;
  int              tls_port;
  char            *listen;
  char            *socket;
  gboolean         has_password;
};

G_DEFINE_BOXED_TYPE (VireoConsoleInfo, vireo_console_info,
                     vireo_console_info_ref, vireo_console_info_unref)

static VireoConsoleInfo *
console_info_new (VireoConsoleKind kind,
                  guint            index)
{
  VireoConsoleInfo *info = g_new0 (VireoConsoleInfo, 1);

  g_atomic_ref_count_init (&info->ref_count);
  info->kind = kind;
  info->index = index;
  info->port = -1;
  info->tls_port = -1;
  return info;
}

VireoConsoleInfo *
vireo_console_info_ref (VireoConsoleInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_atomic_ref_count_inc (&info->ref_count);
  return info;
}

void
vireo_console_info_unref (VireoConsoleInfo *info)
{
  g_return_if_fail (info != NULL);
  if (!g_atomic_ref_count_dec (&info->ref_count))
    return;
  g_free (info->label);
  g_free (info->devname);
  g_free (info->source_type);
  g_free (info->listen);
  g_free (info->socket);
  g_free (info);
}

VireoConsoleKind
vireo_console_info_get_kind (VireoConsoleInfo *info)
{
  g_return_val_if_fail (info != NULL, VIREO_CONSOLE_KIND_VNC);
  return info->kind;
}

guint
vireo_console_info_get_index (VireoConsoleInfo *info)
{
  g_return_val_if_fail (info != NULL, 0);
  return info->index;
}

const char *
vireo_console_info_get_label (VireoConsoleInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return info->label;
}

const char *
vireo_console_info_get_devname (VireoConsoleInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return info->devname;
}

const char *
vireo_console_info_get_source_type (VireoConsoleInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return info->source_type;
}

int
vireo_console_info_get_port (VireoConsoleInfo *info)
{
  g_return_val_if_fail (info != NULL, -1);
  return info->port;
}

int
vireo_console_info_get_tls_port (VireoConsoleInfo *info)
{
  g_return_val_if_fail (info != NULL, -1);
  return info->tls_port;
}

const char *
vireo_console_info_get_listen (VireoConsoleInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return info->listen;
}

const char *
vireo_console_info_get_socket (VireoConsoleInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return info->socket;
}

gboolean
vireo_console_info_get_has_password (VireoConsoleInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);
  return info->has_password;
}

gboolean
vireo_console_info_get_listens_on_loopback (VireoConsoleInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);

  if (info->listen == NULL)
    return info->kind == VIREO_CONSOLE_KIND_VNC || info->kind == VIREO_CONSOLE_KIND_SPICE;
  return g_str_has_prefix (info->listen, "127.")
         || g_str_equal (info->listen, "::1")
         || g_str_equal (info->listen, "localhost");
}

/* -- XML ---------------------------------------------------------------------- */

/* an int attribute; @fallback when missing or not a number in int's range */
static int
prop_int (xmlNode    *node,
          const char *name,
          int         fallback)
{
  g_autofree char *value = vireo_xml_attr (node, name);
  gint64 n;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, G_MININT, G_MAXINT, &n, NULL))
    return fallback;
  return (int) n;
}

static VireoConsoleInfo *
parse_graphics (xmlNode  *node,
                guint      index,
                guint     *n_vnc,
                guint     *n_spice)
{
  g_autofree char *type = vireo_xml_attr (node, "type");
  g_autofree char *passwd = NULL;
  VireoConsoleInfo *info;
  VireoConsoleKind kind;
  guint number;

  if (g_strcmp0 (type, "vnc") == 0)
    kind = VIREO_CONSOLE_KIND_VNC;
  else if (g_strcmp0 (type, "spice") == 0)
    kind = VIREO_CONSOLE_KIND_SPICE;
  else
    return NULL;   /* sdl, rdp, egl-headless, dbus: nothing Vireo shows */

  info = console_info_new (kind, index);
  info->port = prop_int (node, "port", -1);
  if (info->port <= 0)
    info->port = -1;
  /* each display its own name: its protocol, its number among the VM's
   * displays of that protocol, and its port when it has one */
  number = kind == VIREO_CONSOLE_KIND_VNC ? ++*n_vnc : ++*n_spice;
  if (info->port > 0)
    info->label = kind == VIREO_CONSOLE_KIND_VNC
                  /* Translators: a VM's n-th VNC display and its TCP port */
                  ? g_strdup_printf (_("VNC display %u (port %d)"), number, info->port)
                  /* Translators: a VM's n-th SPICE display and its TCP port */
                  : g_strdup_printf (_("SPICE display %u (port %d)"), number, info->port);
  else
    info->label = kind == VIREO_CONSOLE_KIND_VNC
                  ? g_strdup_printf (_("VNC display %u"), number)
                  : g_strdup_printf (_("SPICE display %u"), number);
  info->tls_port = prop_int (node, "tlsPort", -1);
  if (info->tls_port <= 0)
    info->tls_port = -1;
  passwd = vireo_xml_attr (node, "passwd");
  info->has_password = passwd != NULL;
  info->listen = vireo_xml_attr (node, "listen");
  info->socket = vireo_xml_attr (node, "socket");

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      g_autofree char *listen_type = NULL;

      if (c->type != XML_ELEMENT_NODE || !g_str_equal ((const char *) c->name, "listen"))
        continue;
      listen_type = vireo_xml_attr (c, "type");
      if (g_strcmp0 (listen_type, "address") == 0 && info->listen == NULL)
        info->listen = vireo_xml_attr (c, "address");
      else if (g_strcmp0 (listen_type, "socket") == 0 && info->socket == NULL)
        info->socket = vireo_xml_attr (c, "socket");
      break;
    }
  return info;
}

static VireoConsoleInfo *
parse_char_device (xmlNode  *node,
                   gboolean   is_console)
{
  xmlNode *target = vireo_xml_child (node, "target");
  xmlNode *alias = vireo_xml_child (node, "alias");
  g_autofree char *target_type = target ? vireo_xml_attr (target, "type") : NULL;
  VireoConsoleInfo *info;
  int port = target ? prop_int (target, "port", 0) : 0;

  /* the first <console> of a PC is the first serial port again */
  if (is_console && (target_type == NULL || g_str_equal (target_type, "serial")))
    return NULL;

  info = console_info_new (is_console ? VIREO_CONSOLE_KIND_TEXT : VIREO_CONSOLE_KIND_SERIAL,
                           MAX (port, 0));
  info->label = is_console ? g_strdup_printf (_("Text console %u"), info->index)
                           : g_strdup_printf (_("Serial port %u"), info->index);
  info->source_type = vireo_xml_attr (node, "type");
  if (alias != NULL)
    info->devname = vireo_xml_attr (alias, "name");
  return info;
}

GPtrArray *
vireo_console_info_parse_xml (const char *xml,
                              GError    **error)
{
  g_autoptr(GPtrArray) graphics = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_console_info_unref);
  g_autoptr(GPtrArray) serials = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_console_info_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_console_info_unref);
  GPtrArray *all;
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *devices;
  guint graphics_index = 0;
  guint n_vnc = 0, n_spice = 0;

  g_return_val_if_fail (xml != NULL, NULL);

  doc = vireo_xml_parse (xml, "domain", NULL);
  if (doc == NULL)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("The virtual machine’s description could not be read."));
      return NULL;
    }

  devices = vireo_xml_child (vireo_xml_root (doc), "devices");
  for (xmlNode *c = devices ? devices->children : NULL; c != NULL; c = c->next)
    {
      const char *name = (const char *) c->name;
      VireoConsoleInfo *info;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (g_str_equal (name, "graphics"))
        {
          /* virDomainOpenGraphicsFD counts every <graphics>, shown or not */
          if ((info = parse_graphics (c, graphics_index, &n_vnc, &n_spice)) != NULL)
            g_ptr_array_add (graphics, info);
          graphics_index++;
        }
      else if (g_str_equal (name, "serial") && (info = parse_char_device (c, FALSE)) != NULL)
        g_ptr_array_add (serials, info);
      else if (g_str_equal (name, "console") && (info = parse_char_device (c, TRUE)) != NULL)
        g_ptr_array_add (texts, info);
    }

  all = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_console_info_unref);
  g_ptr_array_extend_and_steal (all, g_steal_pointer (&graphics));
  g_ptr_array_extend_and_steal (all, g_steal_pointer (&serials));
  g_ptr_array_extend_and_steal (all, g_steal_pointer (&texts));
  return all;
}

/* -- worker tasks --------------------------------------------------------------- */

typedef struct
{
  virDomainPtr handle;
  guint        idx;
  guint        flags;
} TaskData;

static void
task_data_free (gpointer ptr)
{
  TaskData *data = ptr;

  if (data->handle)
    virDomainFree (data->handle);
  g_free (data);
}

static GTask *
new_domain_task (VireoDomain        *domain,
                 GCancellable       *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer            user_data,
                 gpointer            source_tag,
                 VireoConnection   **connection)
{
  GTask *task = g_task_new (domain, cancellable, callback, user_data);
  virDomainPtr handle;
  TaskData *data;

  g_task_set_source_tag (task, source_tag);
  *connection = vireo_domain_get_connection (domain);
  handle = _vireo_domain_ref_handle (domain);
  if (*connection == NULL || handle == NULL)
    {
      if (handle)
        virDomainFree (handle);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                               _("The virtual machine “%s” no longer exists."),
                               vireo_domain_get_name (domain));
      g_object_unref (task);
      return NULL;
    }

  data = g_new0 (TaskData, 1);
  data->handle = handle;
  g_task_set_task_data (task, data, task_data_free);
  return task;
}

static void
consoles_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TaskData *data = task_data;
  /* before any call that can fail: every libvirt call resets the last error */
  g_autofree char *name = g_strdup (virDomainGetName (data->handle));
  GError *error = NULL;
  GPtrArray *consoles;
  char *xml;

  /* the secure XML says whether a display password is set; read-only
   * connections may not have it */
  xml = virDomainGetXMLDesc (data->handle, VIR_DOMAIN_XML_SECURE);
  if (xml == NULL)
    {
      virResetLastError ();
      xml = virDomainGetXMLDesc (data->handle, 0);
    }
  if (xml == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Could not read “%s”"), name);
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return;
    }

  consoles = vireo_console_info_parse_xml (xml, &error);
  /* the secure XML holds passwords: do not leave them in freed memory */
  memset (xml, 0, strlen (xml));
  free (xml);
  if (consoles == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, consoles, (GDestroyNotify) g_ptr_array_unref);
}

void
vireo_domain_get_consoles_async (VireoDomain        *domain,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  VireoConnection *connection;

  g_return_if_fail (VIREO_IS_DOMAIN (domain));

  task = new_domain_task (domain, cancellable, callback, user_data,
                          vireo_domain_get_consoles_async, &connection);
  if (task != NULL)
    vireo_connection_run_in_worker (connection, task, consoles_thread);
}

GPtrArray *
vireo_domain_get_consoles_finish (VireoDomain  *domain,
                                  GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
graphics_fd_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  TaskData *data = task_data;
  /* before the call that can fail: every libvirt call resets the last error */
  g_autofree char *name = g_strdup (virDomainGetName (data->handle));
  unsigned int flags = 0;
  int fd;

  if (data->flags & VIREO_GRAPHICS_FD_SKIP_AUTH)
    flags |= VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH;

  fd = virDomainOpenGraphicsFD (data->handle, data->idx, flags);
  if (fd < 0)
    {
      g_autofree char *what = g_strdup_printf (_("Could not connect to the display of “%s”"), name);
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      virResetLastError ();
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      close (fd);
      return;
    }
  g_task_return_int (task, fd);
}

void
vireo_domain_open_graphics_fd_async (VireoDomain         *domain,
                                     guint                idx,
                                     VireoGraphicsFdFlags flags,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  VireoConnection *connection;
  TaskData *data;

  g_return_if_fail (VIREO_IS_DOMAIN (domain));

  task = new_domain_task (domain, cancellable, callback, user_data,
                          vireo_domain_open_graphics_fd_async, &connection);
  if (task == NULL)
    return;
  data = g_task_get_task_data (task);
  data->idx = idx;
  data->flags = flags;
  /* an fd nobody collects must not leak */
  g_task_set_return_on_cancel (task, FALSE);
  vireo_connection_run_in_worker (connection, task, graphics_fd_thread);
}

int
vireo_domain_open_graphics_fd_finish (VireoDomain  *domain,
                                      GAsyncResult *result,
                                      GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), -1);
  return (int) g_task_propagate_int (G_TASK (result), error);
}

/* -- reaching a display of a VM on another host ---------------------------------- */

/* @uri's scheme transport ("ssh" of qemu+ssh), host, user, port and
 * decoded query parameters; FALSE when it names no host (a local URI) */
static gboolean
parse_remote_uri (const char  *uri,
                  char       **transport,
                  char       **host,
                  char       **user,
                  int         *port,
                  GHashTable **params)
{
  g_autoptr(GUri) parsed = NULL;
  const char *plus, *query;

  *transport = NULL;
  *host = NULL;
  *user = NULL;
  *port = -1;
  *params = NULL;
  if (uri == NULL)
    return FALSE;
  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED_QUERY, NULL);
  if (parsed == NULL || g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0')
    return FALSE;
  plus = strchr (g_uri_get_scheme (parsed), '+');
  *transport = g_strdup (plus != NULL ? plus + 1 : "tls");   /* libvirt's default */
  *host = g_strdup (g_uri_get_host (parsed));
  *user = g_strdup (g_uri_get_user (parsed));
  *port = g_uri_get_port (parsed);
  query = g_uri_get_query (parsed);
  if (query != NULL)
    *params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (*params == NULL)
    *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return TRUE;
}

VireoConsoleRoute
vireo_console_route_for_uri (const char *uri)
{
  g_autofree char *transport = NULL, *host = NULL, *user = NULL;
  g_autoptr(GHashTable) params = NULL;
  int port;

  if (!parse_remote_uri (uri, &transport, &host, &user, &port, &params) ||
      g_str_equal (transport, "unix") || g_str_equal (transport, "ext"))
    return VIREO_CONSOLE_ROUTE_LOCAL;
  if (g_str_equal (transport, "ssh") || g_str_equal (transport, "libssh") ||
      g_str_equal (transport, "libssh2"))
    return VIREO_CONSOLE_ROUTE_SSH;
  return VIREO_CONSOLE_ROUTE_DIRECT;
}

/* the TCP port of a display: the plain one, else the TLS one */
static int
tcp_port (VireoConsoleInfo *info)
{
  return info->port > 0 ? info->port : info->tls_port;
}

static gboolean
is_any_address (const char *address)
{
  return g_str_equal (address, "0.0.0.0") || g_str_equal (address, "::") ||
         g_str_equal (address, "[::]");
}

static void
set_no_port_error (GError **error)
{
  g_set_error (error, VIREO_ERROR, VIREO_ERROR_UNREACHABLE,
               _("This display has no network port (it may listen only on a local socket), "
                 "so it cannot be reached from another computer."));
}

gboolean
vireo_console_info_get_remote_address (VireoConsoleInfo *info,
                                       const char       *uri,
                                       char            **host,
                                       char            **port,
                                       GError          **error)
{
  g_autofree char *transport = NULL, *uri_host = NULL, *user = NULL;
  g_autoptr(GHashTable) params = NULL;
  int uri_port;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (host != NULL && port != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *host = NULL;
  *port = NULL;
  parse_remote_uri (uri, &transport, &uri_host, &user, &uri_port, &params);
  if (tcp_port (info) <= 0 || (info->listen == NULL && info->socket != NULL))
    {
      set_no_port_error (error);
      return FALSE;
    }
  if (info->listen != NULL && vireo_console_info_get_listens_on_loopback (info))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_UNREACHABLE,
                   /* Translators: the first %s is an address (127.0.0.1), the
                    * second a host name */
                   _("This display only listens on the loopback address (%s) of the remote host "
                     "“%s”, so it cannot be reached from this computer. Connect to the host over "
                     "SSH (a qemu+ssh:// connection), which Vireo tunnels the display through, or "
                     "change the display’s listen address to one this computer can reach."),
                   info->listen, uri_host ? uri_host : "?");
      return FALSE;
    }
  if (info->listen == NULL || is_any_address (info->listen))
    {
      if (uri_host == NULL)
        {
          set_no_port_error (error);
          return FALSE;
        }
      *host = g_steal_pointer (&uri_host);
    }
  else
    *host = g_strdup (info->listen);
  *port = g_strdup_printf ("%d", tcp_port (info));
  return TRUE;
}

static void
add_printf (GStrvBuilder *builder,
            const char   *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
add_printf (GStrvBuilder *builder,
            const char   *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_strv_builder_add (builder, text);
}

GStrv
vireo_console_info_build_ssh_argv (VireoConsoleInfo *info,
                                   const char       *uri,
                                   GError          **error)
{
  g_autofree char *transport = NULL, *host = NULL, *user = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GStrvBuilder) argv = NULL;
  const char *listen, *value;
  int port;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!parse_remote_uri (uri, &transport, &host, &user, &port, &params))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                   _("“%s” names no remote host to reach the display through."), uri ? uri : "");
      return NULL;
    }
  if (tcp_port (info) <= 0 || (info->listen == NULL && info->socket != NULL))
    {
      set_no_port_error (error);
      return NULL;
    }

  /* the address the display listens on, seen from the remote host */
  listen = info->listen;
  if (listen == NULL || g_str_equal (listen, "[::]") || g_str_equal (listen, "::"))
    listen = "localhost";
  else if (g_str_equal (listen, "0.0.0.0"))
    listen = "127.0.0.1";

  argv = g_strv_builder_new ();
  /* libvirt's ssh transport runs command=… instead of "ssh" */
  value = g_str_equal (transport, "ssh") ? g_hash_table_lookup (params, "command") : NULL;
  g_strv_builder_add (argv, value != NULL && *value != '\0' ? value : "ssh");
  /* no forwardings from ~/.ssh/config: this process only carries the display */
  g_strv_builder_add_many (argv, "-o", "ClearAllForwardings=yes",
                           "-o", "ServerAliveInterval=30", NULL);
  if (port > 0)
    add_printf (argv, "-p%d", port);
  if (user != NULL && *user != '\0')
    g_strv_builder_add_many (argv, "-l", user, NULL);
  if ((value = g_hash_table_lookup (params, "keyfile")) != NULL && *value != '\0')
    g_strv_builder_add_many (argv, "-i", value, NULL);
  if (g_strcmp0 (g_hash_table_lookup (params, "no_verify"), "1") == 0 ||
      g_strcmp0 (g_hash_table_lookup (params, "known_hosts_verify"), "ignore") == 0)
    g_strv_builder_add_many (argv, "-o", "StrictHostKeyChecking=no", NULL);
  if ((value = g_hash_table_lookup (params, "known_hosts")) != NULL && *value != '\0')
    add_printf (argv, "-oUserKnownHostsFile=%s", value);
  g_strv_builder_add (argv, "-W");
  if (strchr (listen, ':') != NULL && listen[0] != '[')
    add_printf (argv, "[%s]:%d", listen, tcp_port (info));
  else
    add_printf (argv, "%s:%d", listen, tcp_port (info));
  g_strv_builder_add_many (argv, "--", host, NULL);
  return g_strv_builder_end (argv);
}

int
vireo_console_info_open_ssh_tunnel (VireoConsoleInfo *info,
                                    const char       *uri,
                                    GSubprocess     **subprocess,
                                    GError          **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_auto(GStrv) argv = NULL;
  GSubprocess *proc;
  int sv[2];

  g_return_val_if_fail (info != NULL, -1);
  g_return_val_if_fail (subprocess != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  *subprocess = NULL;
  argv = vireo_console_info_build_ssh_argv (info, uri, error);
  if (argv == NULL)
    return -1;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not open a tunnel to the display: %s"), g_strerror (errsv));
      return -1;
    }

  /* its complaints ("connect failed", "administratively prohibited") are
   * what a person needs when the display does not come:
   * vireo_console_ssh_tunnel_get_error() */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_take_stdin_fd (launcher, dup (sv[1]));
  g_subprocess_launcher_take_stdout_fd (launcher, sv[1]);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, error);
  if (proc == NULL)
    {
      close (sv[0]);
      return -1;
    }
  g_debug ("ssh tunnel to the display: pid %s, %s", g_subprocess_get_identifier (proc), argv[g_strv_length (argv) - 3]);
  *subprocess = proc;
  return sv[0];
}

static void
free_string (gpointer string)
{
  g_string_free (string, TRUE);
}

char *
vireo_console_ssh_tunnel_get_error (GSubprocess *tunnel)
{
  GInputStream *stream;
  GString *text;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) said = NULL;
  g_auto(GStrv) kept = NULL;

  g_return_val_if_fail (G_IS_SUBPROCESS (tunnel), NULL);

  /* what was read before stays with the process */
  text = g_object_get_data (G_OBJECT (tunnel), "vireo-stderr");
  if (text == NULL)
    {
      text = g_string_new (NULL);
      g_object_set_data_full (G_OBJECT (tunnel), "vireo-stderr", text, free_string);
    }
  stream = g_subprocess_get_stderr_pipe (tunnel);
  if (stream != NULL && G_IS_POLLABLE_INPUT_STREAM (stream))
    {
      char buffer[1024];
      gssize n;

      while (text->len < 16384 &&
             (n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buffer,
                                                            sizeof buffer, NULL, NULL)) > 0)
        g_string_append_len (text, buffer, n);
    }

  said = g_strv_builder_new ();
  lines = g_strsplit (text->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      /* not a complaint: no_verify=1 adds the host key every time */
      if (*line != '\0' && !g_str_has_prefix (line, "Warning: Permanently added"))
        g_strv_builder_add (said, line);
    }
  kept = g_strv_builder_end (said);
  if (kept[0] == NULL)
    return NULL;
  return g_strjoinv ("; ", kept);
}
