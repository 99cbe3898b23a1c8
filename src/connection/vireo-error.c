/* vireo-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-error"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-error.h"

typedef struct
{
  char *details;
  int   libvirt_code;
} VireoErrorPrivate;

static void
vireo_error_private_init (VireoErrorPrivate *priv)
{
  priv->details = NULL;
  priv->libvirt_code = 0;
}

static void
vireo_error_private_copy (const VireoErrorPrivate *src,
                          VireoErrorPrivate       *dest)
{
  dest->details = g_strdup (src->details);
  dest->libvirt_code = src->libvirt_code;
}

static void
vireo_error_private_clear (VireoErrorPrivate *priv)
{
  g_clear_pointer (&priv->details, g_free);
}

G_DEFINE_EXTENDED_ERROR (VireoError, vireo_error)

const char *
vireo_error_get_details (const GError *error)
{
  VireoErrorPrivate *priv;

  if (error == NULL || error->domain != VIREO_ERROR)
    return NULL;
  priv = vireo_error_get_private (error);
  return priv ? priv->details : NULL;
}

int
vireo_error_get_libvirt_code (const GError *error)
{
  VireoErrorPrivate *priv;

  if (error == NULL || error->domain != VIREO_ERROR)
    return 0;
  priv = vireo_error_get_private (error);
  return priv ? priv->libvirt_code : 0;
}

static GError *
new_error (VireoErrorCode code,
           const char    *details,
           int            libvirt_code,
           char          *message /* owned */)
{
  GError *error = g_error_new_literal (VIREO_ERROR, code, message);
  VireoErrorPrivate *priv = vireo_error_get_private (error);

  priv->details = g_strdup (details);
  priv->libvirt_code = libvirt_code;
  g_free (message);
  return error;
}

GError *
vireo_error_new_with_details (VireoErrorCode code,
                              const char    *details,
                              const char    *format,
                              ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  return new_error (code, details, 0, message);
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

/* Maps libvirt's error to our code and the second half of the sentence:
 * why it failed and what the person can do. */
static VireoErrorCode
classify (const virError *err,
          const char    **why)
{
  const char *msg = err ? err->message : NULL;
  int code = err ? err->code : VIR_ERR_INTERNAL_ERROR;

  switch (code)
    {
    case VIR_ERR_NO_CONNECT:
    case VIR_ERR_INVALID_ARG:
      if (contains (msg, "no connection driver") || code == VIR_ERR_NO_CONNECT)
        {
          *why = _("no hypervisor driver knows this address. Check the URI: it should look like qemu:///system or qemu+ssh://user@host/system.");
          return VIREO_ERROR_INVALID_URI;
        }
      break;

    case VIR_ERR_AUTH_FAILED:
      *why = _("the host refused the credentials. Check the user name and password and try again.");
      return VIREO_ERROR_AUTH_FAILED;

    case VIR_ERR_AUTH_CANCELLED:
      *why = _("authentication was cancelled.");
      return VIREO_ERROR_AUTH_CANCELLED;

    case VIR_ERR_AUTH_UNAVAILABLE:
      *why = _("no way to log in was available. Set up an SSH key or check the host's authentication settings.");
      return VIREO_ERROR_AUTH_FAILED;

    case VIR_ERR_OPERATION_INVALID:
      *why = NULL; /* the caller knows the action; see vireo-domain.c */
      return VIREO_ERROR_INVALID_STATE;

    case VIR_ERR_NO_DOMAIN:
      *why = _("the virtual machine no longer exists on this host.");
      return VIREO_ERROR_NOT_FOUND;

    case VIR_ERR_NO_SUPPORT:
    case VIR_ERR_OPERATION_UNSUPPORTED:
    case VIR_ERR_ARGUMENT_UNSUPPORTED:
      *why = _("this hypervisor does not support it.");
      return VIREO_ERROR_NOT_SUPPORTED;

    case VIR_ERR_OPERATION_DENIED:
    case VIR_ERR_ACCESS_DENIED:
      *why = _("permission was denied. Ask the host's administrator for access, or connect read-only.");
      return VIREO_ERROR_PERMISSION_DENIED;

    case VIR_ERR_INVALID_CONN:
      *why = _("the connection to the host is closed. Vireo reconnects by itself when the host is back.");
      return VIREO_ERROR_DISCONNECTED;

    default:
      break;
    }

  if (contains (msg, "Permission denied") || contains (msg, "authentication failed: access denied"))
    {
      *why = _("permission was denied. You may connect read-only, or ask the host's administrator to add you to the libvirt group.");
      return VIREO_ERROR_PERMISSION_DENIED;
    }
  if ((contains (msg, "libvirt-sock") || contains (msg, "Failed to connect socket")) &&
      (contains (msg, "No such file or directory") || contains (msg, "Connection refused")))
    {
      *why = _("the libvirt daemon is not running on this computer. Start it (as root: “libvirtd -d”, or “systemctl start libvirtd”) and try again.");
      return VIREO_ERROR_NO_DAEMON;
    }
  if (contains (msg, "Connection refused"))
    {
      *why = _("nothing accepted the connection. Check that libvirtd runs on that host and listens on this transport and port.");
      return VIREO_ERROR_UNREACHABLE;
    }
  if (contains (msg, "No route to host") || contains (msg, "Network is unreachable") ||
      contains (msg, "timed out") || contains (msg, "Name or service not known") ||
      contains (msg, "unable to resolve") || contains (msg, "Temporary failure in name resolution") ||
      contains (msg, "Could not resolve"))
    {
      *why = _("the host could not be reached. Check its name and that it is on the network.");
      return VIREO_ERROR_UNREACHABLE;
    }
  if (contains (msg, "End of file while reading data") || contains (msg, "Cannot recv data"))
    {
      *why = _("the host closed the connection. If you use SSH, check that you can log in with “ssh” and that libvirt runs there.");
      return VIREO_ERROR_UNREACHABLE;
    }
  if (code == VIR_ERR_SYSTEM_ERROR && contains (msg, "No such file or directory"))
    {
      *why = _("a file it needs does not exist.");
      return VIREO_ERROR_FAILED;
    }

  *why = NULL;
  return VIREO_ERROR_FAILED;
}

GError *
vireo_error_new_from_libvirt (const char *what)
{
  return vireo_error_new_from_virerror (virGetLastError (), what);
}

GError *
vireo_error_new_from_virerror (const void *virerror,
                               const char *what)
{
  const virError *err = virerror;
  g_autofree char *details = NULL;
  const char *why = NULL;
  VireoErrorCode code;

  code = classify (err, &why);

  if (err != NULL && err->message != NULL)
    details = g_strdup_printf ("%s (libvirt error %d, domain %d)", err->message, err->code, err->domain);

  if (why == NULL)
    {
      /* No sentence of our own: say what libvirt said, in its words. */
      if (err != NULL && err->message != NULL)
        return new_error (code, details, err->code,
                          g_strdup_printf (_("%s: libvirt reported “%s”."), what, err->message));
      return new_error (code, NULL, 0, g_strdup_printf (_("%s: the reason is unknown."), what));
    }

  return new_error (code, details, err ? err->code : 0, g_strdup_printf ("%s: %s", what, why));
}

/* -- migration ----------------------------------------------------------------- */

/* The second half of a migration's failure, or NULL: libvirt words the
 * same fault differently per stage and driver, so it goes by code and text. */
static const char *
migration_why (const virError *err,
               VireoErrorCode *code)
{
  const char *msg = err ? err->message : NULL;
  int libvirt_code = err ? err->code : VIR_ERR_INTERNAL_ERROR;

  if (libvirt_code == VIR_ERR_OPERATION_ABORTED)
    {
      *code = VIREO_ERROR_FAILED;
      return _("the move was cancelled. The virtual machine still runs on this host.");
    }
  if (contains (msg, "same host"))
    {
      *code = VIREO_ERROR_INVALID_STATE;
      return _("both connections lead to the same host (they report the same host UUID). Choose a destination on another computer.");
    }
  if (libvirt_code == VIR_ERR_CPU_INCOMPATIBLE || contains (msg, "CPU is incompatible") ||
      contains (msg, "guest CPU doesn't match") || contains (msg, "does not provide required features") ||
      contains (msg, "unsupported configuration: guest and host CPU"))
    {
      *code = VIREO_ERROR_FAILED;
      return _("the destination's processor cannot run this guest's CPU. Give the guest a CPU model both hosts support (Details, CPUs), or choose another destination.");
    }
  if (libvirt_code == VIR_ERR_DOM_EXIST || contains (msg, "already exists with uuid") ||
      contains (msg, "is already defined with uuid") || contains (msg, "already exists with name") ||
      (contains (msg, "domain '") && contains (msg, "already")))
    {
      *code = VIREO_ERROR_INVALID_STATE;
      return _("a virtual machine with the same name or UUID already exists on the destination. Rename or delete that one first.");
    }
  if (contains (msg, "Cannot access storage file") || contains (msg, "Could not open '") ||
      contains (msg, "unable to find any storage pool") || contains (msg, "does not exist or is not accessible"))
    {
      *code = VIREO_ERROR_NOT_FOUND;
      return _("the destination cannot open the guest's disks at the same paths. Put them on storage both hosts share, mounted at the same path, or let Vireo copy them.");
    }
  if (contains (msg, "End of file while reading data") || contains (msg, "Cannot recv data") ||
      contains (msg, "Cannot write data") || contains (msg, "Connection reset") ||
      contains (msg, "Broken pipe") || contains (msg, "client socket is closed") ||
      contains (msg, "Lost connection to destination") || contains (msg, "unexpectedly closed") ||
      contains (msg, "connection closed") || contains (msg, "keepalive") ||
      contains (msg, "failed due to I/O error") || libvirt_code == VIR_ERR_RPC)
    {
      *code = VIREO_ERROR_DISCONNECTED;
      return _("the connection to the destination was lost during the move. The virtual machine still runs on this host: check that the destination and its libvirt daemon are up, then try again.");
    }
  if (contains (msg, "unable to connect to server") || contains (msg, "Connection refused") ||
      contains (msg, "No route to host") || contains (msg, "Network is unreachable") ||
      contains (msg, "timed out") || contains (msg, "Name or service not known") ||
      contains (msg, "unable to resolve") || contains (msg, "Failed to connect") ||
      libvirt_code == VIR_ERR_OPERATION_TIMEOUT)
    {
      *code = VIREO_ERROR_UNREACHABLE;
      return _("the destination could not be reached from this host. Check that it is on the network, that its libvirt daemon runs, and that the migration ports (49152 to 49215) are open.");
    }
  if (contains (msg, "Postcopy is not supported") || contains (msg, "userfaultfd"))
    {
      *code = VIREO_ERROR_NOT_SUPPORTED;
      return _("the destination cannot take a post-copy move (its kernel does not let QEMU use userfaultfd). Turn post-copy off, or allow it on the destination (sysctl vm.unprivileged_userfaultfd=1).");
    }
  if (libvirt_code == VIR_ERR_NO_SUPPORT || libvirt_code == VIR_ERR_OPERATION_UNSUPPORTED ||
      libvirt_code == VIR_ERR_ARGUMENT_UNSUPPORTED)
    {
      *code = VIREO_ERROR_NOT_SUPPORTED;
      return _("this hypervisor cannot move a virtual machine this way. Try another transport or mode, or leave out the advanced options.");
    }
  if (libvirt_code == VIR_ERR_OPERATION_INVALID && contains (msg, "not running"))
    {
      *code = VIREO_ERROR_INVALID_STATE;
      return _("the virtual machine is not running. A shut-off virtual machine moves offline.");
    }
  return NULL;
}

GError *
vireo_error_new_from_migration (const void *virerror,
                                const char *what)
{
  const virError *err = virerror;
  g_autofree char *details = NULL;
  VireoErrorCode code = VIREO_ERROR_FAILED;
  const char *why = migration_why (err, &code);

  if (why == NULL)
    return vireo_error_new_from_virerror (virerror, what);

  if (err != NULL && err->message != NULL)
    details = g_strdup_printf ("%s (libvirt error %d, domain %d)", err->message, err->code, err->domain);
  return new_error (code, details, err ? err->code : 0, g_strdup_printf ("%s: %s", what, why));
}
