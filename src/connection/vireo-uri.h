/* vireo-uri.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VIREO_HYPERVISOR_QEMU_SYSTEM,
  VIREO_HYPERVISOR_QEMU_SESSION,
  VIREO_HYPERVISOR_XEN,
  VIREO_HYPERVISOR_TEST,
} VireoHypervisor;

typedef enum
{
  VIREO_TRANSPORT_LOCAL,
  VIREO_TRANSPORT_SSH,
  VIREO_TRANSPORT_TLS,
  VIREO_TRANSPORT_TCP,
} VireoTransport;

/* Builds a libvirt URI: driver[+transport]://[user@][host][:port]/path.
 * @user, @host may be NULL or ""; @port 0 means the default. Returns NULL
 * and sets @error when a remote transport has no host. */
char    *vireo_uri_build            (VireoHypervisor hypervisor,
                                     VireoTransport  transport,
                                     const char     *user,
                                     const char     *host,
                                     guint           port,
                                     GError        **error);

/* "QEMU/KVM", "QEMU/KVM user session", "QEMU/KVM: host2 (SSH)", "Test: demo-host.xml" */
char    *vireo_uri_get_label        (const char *uri);

/* TRUE when the URI names another machine (has a host part) */
gboolean vireo_uri_is_remote        (const char *uri);

/* The URI a first start connects to: qemu:///system for root, else qemu:///session */
const char *vireo_uri_default_local (void);

G_END_DECLS
