/* vireo-domain-graphics.h — a VM's consoles: what it has, and sockets to them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

typedef enum
{
  VIREO_CONSOLE_KIND_VNC,
  VIREO_CONSOLE_KIND_SPICE,
  VIREO_CONSOLE_KIND_SERIAL,     /* <serial>, read through virDomainOpenConsole */
  VIREO_CONSOLE_KIND_TEXT,       /* <console> that is not the first serial port (virtio, …) */
} VireoConsoleKind;

#define VIREO_TYPE_CONSOLE_KIND (vireo_console_kind_get_type ())
GType vireo_console_kind_get_type (void);

/* One console of a VM, as its XML describes it. */
typedef struct _VireoConsoleInfo VireoConsoleInfo;

#define VIREO_TYPE_CONSOLE_INFO (vireo_console_info_get_type ())
GType             vireo_console_info_get_type     (void);
VireoConsoleInfo *vireo_console_info_ref          (VireoConsoleInfo *info);
void              vireo_console_info_unref        (VireoConsoleInfo *info);
VireoConsoleKind  vireo_console_info_get_kind     (VireoConsoleInfo *info);
/* graphics: the index for virDomainOpenGraphicsFD (the n-th <graphics>);
 * serial/text: the device's port number */
guint             vireo_console_info_get_index    (VireoConsoleInfo *info);
/* "VNC display 1 (port 5901)", "SPICE display 2", "Serial port 0",
 * "Text console 1" (translated): each console of a VM has its own */
const char       *vireo_console_info_get_label    (VireoConsoleInfo *info);
/* serial/text: the alias to pass to VireoSerialSession ("serial0"), NULL
 * when the XML has none (a stopped VM) */
const char       *vireo_console_info_get_devname  (VireoConsoleInfo *info);
/* serial/text: the <source>/<target> type ("pty", "file", …) */
const char       *vireo_console_info_get_source_type (VireoConsoleInfo *info);
/* graphics: the TCP port (-1 when none yet: autoport and not running),
 * the TLS port (SPICE; -1 when none), the listen address (NULL when
 * none, e.g. listen type none or socket), the UNIX socket path (or NULL),
 * and whether a password is set */
int               vireo_console_info_get_port     (VireoConsoleInfo *info);
int               vireo_console_info_get_tls_port (VireoConsoleInfo *info);
const char       *vireo_console_info_get_listen   (VireoConsoleInfo *info);
const char       *vireo_console_info_get_socket   (VireoConsoleInfo *info);
gboolean          vireo_console_info_get_has_password (VireoConsoleInfo *info);
/* TRUE when a graphical console only listens on the host's loopback (a
 * remote client must tunnel to reach it) */
gboolean          vireo_console_info_get_listens_on_loopback (VireoConsoleInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoConsoleInfo, vireo_console_info_unref)

/* Parses a domain XML: graphics first (in XML order), then serial ports,
 * then text consoles. NULL (and @error) when the XML does not parse. */
GPtrArray        *vireo_console_info_parse_xml    (const char *xml,
                                                   GError    **error);

/* Reads the VM's live XML on the worker and parses it: a GPtrArray of
 * VireoConsoleInfo (empty when the VM has none). */
void              vireo_domain_get_consoles_async  (VireoDomain        *domain,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
GPtrArray        *vireo_domain_get_consoles_finish (VireoDomain  *domain,
                                                    GAsyncResult *result,
                                                    GError      **error);

typedef enum
{
  VIREO_GRAPHICS_FD_NONE      = 0,
  /* skip the display's own password (the libvirt user may do anything to
   * the VM anyway); virt-manager does this for local connections */
  VIREO_GRAPHICS_FD_SKIP_AUTH = 1 << 0,
} VireoGraphicsFdFlags;

/* A connected socket to the VM's @idx-th graphical console, from
 * virDomainOpenGraphicsFD (on the worker). Works only where libvirt can
 * pass file descriptors: local (UNIX socket) connections. The caller owns
 * the returned fd; -1 and @error on failure. */
void              vireo_domain_open_graphics_fd_async  (VireoDomain         *domain,
                                                        guint                idx,
                                                        VireoGraphicsFdFlags flags,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
int               vireo_domain_open_graphics_fd_finish (VireoDomain  *domain,
                                                        GAsyncResult *result,
                                                        GError      **error);

/* -- reaching a display of a VM on another host ------------------------------- */

/* How a display of a VM on the connection @uri is reached */
typedef enum
{
  /* a local (UNIX socket) connection: vireo_domain_open_graphics_fd_async() */
  VIREO_CONSOLE_ROUTE_LOCAL,
  /* qemu+ssh, +libssh, +libssh2: one `ssh -W` child process per socket,
   * vireo_console_info_open_ssh_tunnel() */
  VIREO_CONSOLE_ROUTE_SSH,
  /* qemu+tcp, +tls: TCP to the address the display listens on,
   * vireo_console_info_get_remote_address() */
  VIREO_CONSOLE_ROUTE_DIRECT,
} VireoConsoleRoute;

VireoConsoleRoute vireo_console_route_for_uri (const char *uri);

/* ROUTE_DIRECT: the host and port to connect to for the display @info of a
 * VM on @uri: the listen address, or the URI's host when the display
 * listens on every address. FALSE and a sentence for people in @error
 * (VIREO_ERROR_UNREACHABLE) when it cannot be reached from here: it listens
 * only on the remote host's loopback, or it has no TCP port. */
gboolean          vireo_console_info_get_remote_address (VireoConsoleInfo *info,
                                                         const char       *uri,
                                                         char            **host,
                                                         char            **port,
                                                         GError          **error);

/* ROUTE_SSH: the argument vector of an ssh whose stdin and stdout become a
 * stream to the display (`ssh -W address:port`), with the user, port,
 * keyfile, no_verify, known_hosts and command (the ssh binary) of @uri, as
 * libvirt's own ssh uses them. NULL and @error when the display has no TCP
 * port. */
GStrv             vireo_console_info_build_ssh_argv     (VireoConsoleInfo *info,
                                                         const char       *uri,
                                                         GError          **error);

/* ROUTE_SSH: runs that ssh with one end of a socket pair as its stdin and
 * stdout and returns the other end (owned by the caller, as a socket from
 * virDomainOpenGraphicsFD), or -1 and @error. @subprocess gets the ssh
 * process: force it to exit when the console closes. ssh asks for
 * passwords and unknown host keys through SSH_ASKPASS. */
int               vireo_console_info_open_ssh_tunnel    (VireoConsoleInfo *info,
                                                         const char       *uri,
                                                         GSubprocess     **subprocess,
                                                         GError          **error);

/* What the ssh of a tunnel said on its standard error so far, one line per
 * message joined with "; " (e.g. "channel 0: open failed: connect failed:
 * Connection refused; stdio forwarding failed"), or NULL when nothing.
 * Never blocks; call it when the console's connection ended with an error,
 * to tell the person why. */
char             *vireo_console_ssh_tunnel_get_error    (GSubprocess      *tunnel);

G_END_DECLS
