/* vireo-auth-request-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vireo-auth-request.h"

G_BEGIN_DECLS

VireoAuthRequest *_vireo_auth_request_new   (const char             *uri,
                                             virConnectCredentialPtr creds,
                                             guint                   n_creds,
                                             guint                   attempt);
/* worker thread: blocks until vireo_auth_request_respond() or @cancellable */
gboolean          _vireo_auth_request_wait  (VireoAuthRequest *self,
                                             GCancellable     *cancellable);
/* worker thread: copies the answers into libvirt's credential array */
void              _vireo_auth_request_apply (VireoAuthRequest       *self,
                                             virConnectCredentialPtr creds,
                                             guint                   n_creds);

G_END_DECLS
