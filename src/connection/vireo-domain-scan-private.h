/* vireo-domain-scan-private.h — the walk over every VM's definitions that
 * the checks for another user of a MAC, a disk or a host PCI device share
 * (core only: a worker thread on the raw libvirt handle)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>
#include <libxml/tree.h>

#include "vireo-domain-scan.h"

G_BEGIN_DECLS

/* @domain: the root <domain> of one definition (parsed as untrusted XML);
 * @name: the VM's name. TRUE stops the walk. */
typedef gboolean (*VireoDomainScanFunc) (xmlNode    *domain,
                                         const char *name,
                                         gpointer    user_data);

/* Calls @func on every VM of @handle but @except_uuid (NULL: none left
 * out): on its saved definition, then on its live one while it runs.
 * Blocking: worker threads only. FALSE with @error (libvirt's, after
 * @what) when the VMs cannot be listed. */
gboolean _vireo_domain_scan (virConnectPtr        handle,
                             const char          *except_uuid,
                             VireoDomainScanFunc  func,
                             gpointer             user_data,
                             const char          *what,
                             GError             **error);

G_END_DECLS
