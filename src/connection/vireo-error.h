/* vireo-error.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIREO_ERROR (vireo_error_quark ())

typedef enum
{
  VIREO_ERROR_FAILED,
  VIREO_ERROR_INVALID_URI,        /* unknown scheme, malformed URI */
  VIREO_ERROR_NO_DAEMON,          /* local libvirtd not running */
  VIREO_ERROR_UNREACHABLE,        /* remote host refused, unknown, timed out */
  VIREO_ERROR_AUTH_FAILED,        /* wrong password, key refused */
  VIREO_ERROR_AUTH_CANCELLED,     /* the person cancelled a prompt */
  VIREO_ERROR_PERMISSION_DENIED,  /* read-write refused: read-only may work */
  VIREO_ERROR_INVALID_STATE,      /* e.g. start a running VM */
  VIREO_ERROR_NOT_FOUND,          /* VM vanished */
  VIREO_ERROR_NOT_SUPPORTED,      /* the driver cannot do this */
  VIREO_ERROR_DISCONNECTED,       /* the connection is not open */
  VIREO_ERROR_READ_ONLY,          /* a change on a read-only connection */
} VireoErrorCode;

GQuark      vireo_error_quark              (void);

/* libvirt's own text (code, domain, message) for the "Details" expander, or NULL */
const char *vireo_error_get_details        (const GError *error);
int         vireo_error_get_libvirt_code   (const GError *error);

/* Builds a VIREO_ERROR from this thread's last libvirt error. @what is the
 * first half of the sentence ("Could not start “web”"); the second half says
 * why and what to do. */
GError     *vireo_error_new_from_libvirt   (const char *what);
/* the same from a saved virErrorPtr (may be NULL) */
GError     *vireo_error_new_from_virerror  (const void *virerror,
                                            const char *what);
/* the same for a failed migration (vireo-migration.c): the destination not
 * reached or lost during the move, its daemon gone, a CPU it cannot run, the
 * same host twice, the name taken there, the disks missing there, …; other
 * errors as vireo_error_new_from_virerror. @what: "Could not move “web” to “B”" */
GError     *vireo_error_new_from_migration (const void *virerror,
                                            const char *what);
GError     *vireo_error_new_with_details   (VireoErrorCode code,
                                            const char    *details,
                                            const char    *format,
                                            ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS
