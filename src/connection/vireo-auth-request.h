/* vireo-auth-request.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One libvirt authentication round (virConnectAuth callback) handed from the
 * connection's worker thread to the main thread. The UI fills in the answers
 * and calls vireo_auth_request_respond(); the worker waits for that.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  VIREO_AUTH_FIELD_USERNAME,   /* VIR_CRED_AUTHNAME */
  VIREO_AUTH_FIELD_PASSWORD,   /* VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT */
  VIREO_AUTH_FIELD_QUESTION,   /* VIR_CRED_ECHOPROMPT: shown text, typed answer */
  VIREO_AUTH_FIELD_OTHER,
} VireoAuthFieldKind;

#define VIREO_TYPE_AUTH_REQUEST (vireo_auth_request_get_type ())
G_DECLARE_FINAL_TYPE (VireoAuthRequest, vireo_auth_request, VIREO, AUTH_REQUEST, GObject)

const char        *vireo_auth_request_get_uri         (VireoAuthRequest *self);
guint              vireo_auth_request_get_n_fields    (VireoAuthRequest *self);
VireoAuthFieldKind vireo_auth_request_get_field_kind  (VireoAuthRequest *self,
                                                       guint             index);
const char        *vireo_auth_request_get_field_prompt (VireoAuthRequest *self,
                                                        guint             index);
const char        *vireo_auth_request_get_field_default (VireoAuthRequest *self,
                                                         guint             index);
void               vireo_auth_request_set_field_value (VireoAuthRequest *self,
                                                       guint             index,
                                                       const char       *value);
/* how many times this connection attempt has asked already (0 = first) */
guint              vireo_auth_request_get_attempt     (VireoAuthRequest *self);
/* @accepted FALSE cancels the connection attempt */
void               vireo_auth_request_respond         (VireoAuthRequest *self,
                                                       gboolean          accepted);

G_END_DECLS
