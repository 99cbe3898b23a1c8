/* vireo-auth-request.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-auth"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vireo-auth-request-private.h"

typedef struct
{
  VireoAuthFieldKind kind;
  char              *prompt;
  char              *defresult;
  char              *value;    /* answer; may be a secret */
} Field;

struct _VireoAuthRequest
{
  GObject  parent_instance;

  char    *uri;
  GArray  *fields;        /* Field */
  guint    attempt;

  GMutex   lock;
  GCond    cond;
  guint    responded : 1;
  guint    accepted : 1;
};

G_DEFINE_FINAL_TYPE (VireoAuthRequest, vireo_auth_request, G_TYPE_OBJECT)

static void
field_clear (gpointer data)
{
  Field *field = data;

  g_free (field->prompt);
  g_free (field->defresult);
  if (field->value)
    {
      explicit_bzero (field->value, strlen (field->value));
      g_free (field->value);
    }
}

static void
vireo_auth_request_finalize (GObject *object)
{
  VireoAuthRequest *self = VIREO_AUTH_REQUEST (object);

  g_free (self->uri);
  g_array_unref (self->fields);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (vireo_auth_request_parent_class)->finalize (object);
}

static void
vireo_auth_request_class_init (VireoAuthRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vireo_auth_request_finalize;
}

static void
vireo_auth_request_init (VireoAuthRequest *self)
{
  self->fields = g_array_new (FALSE, TRUE, sizeof (Field));
  g_array_set_clear_func (self->fields, field_clear);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static VireoAuthFieldKind
kind_for_type (int type)
{
  switch (type)
    {
    case VIR_CRED_USERNAME:
    case VIR_CRED_AUTHNAME:
      return VIREO_AUTH_FIELD_USERNAME;
    case VIR_CRED_PASSPHRASE:
    case VIR_CRED_NOECHOPROMPT:
      return VIREO_AUTH_FIELD_PASSWORD;
    case VIR_CRED_ECHOPROMPT:
      return VIREO_AUTH_FIELD_QUESTION;
    default:
      return VIREO_AUTH_FIELD_OTHER;
    }
}

VireoAuthRequest *
_vireo_auth_request_new (const char             *uri,
                         virConnectCredentialPtr creds,
                         guint                   n_creds,
                         guint                   attempt)
{
  VireoAuthRequest *self = g_object_new (VIREO_TYPE_AUTH_REQUEST, NULL);

  self->uri = g_strdup (uri);
  self->attempt = attempt;
  for (guint i = 0; i < n_creds; i++)
    {
      Field field = { 0 };

      field.kind = kind_for_type (creds[i].type);
      field.prompt = g_strdup (creds[i].prompt);
      field.defresult = g_strdup (creds[i].defresult);
      g_array_append_val (self->fields, field);
    }

  return self;
}

static void
on_cancelled (GCancellable     *cancellable,
              VireoAuthRequest *self)
{
  g_mutex_lock (&self->lock);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

gboolean
_vireo_auth_request_wait (VireoAuthRequest *self,
                          GCancellable     *cancellable)
{
  gulong handler = 0;
  gboolean accepted;

  if (cancellable)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);

  g_mutex_lock (&self->lock);
  while (!self->responded && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait (&self->cond, &self->lock);
  accepted = self->responded && self->accepted;
  g_mutex_unlock (&self->lock);

  if (cancellable)
    g_cancellable_disconnect (cancellable, handler);

  return accepted;
}

void
_vireo_auth_request_apply (VireoAuthRequest       *self,
                           virConnectCredentialPtr creds,
                           guint                   n_creds)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < n_creds && i < self->fields->len; i++)
    {
      Field *field = &g_array_index (self->fields, Field, i);
      const char *value = field->value ? field->value : field->defresult;

      if (value == NULL)
        value = "";
      /* libvirt frees these with free() */
      creds[i].result = strdup (value);
      creds[i].resultlen = strlen (value);
    }
  g_mutex_unlock (&self->lock);
}

const char *
vireo_auth_request_get_uri (VireoAuthRequest *self)
{
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), NULL);
  return self->uri;
}

guint
vireo_auth_request_get_n_fields (VireoAuthRequest *self)
{
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), 0);
  return self->fields->len;
}

VireoAuthFieldKind
vireo_auth_request_get_field_kind (VireoAuthRequest *self,
                                   guint             index)
{
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), VIREO_AUTH_FIELD_OTHER);
  g_return_val_if_fail (index < self->fields->len, VIREO_AUTH_FIELD_OTHER);
  return g_array_index (self->fields, Field, index).kind;
}

const char *
vireo_auth_request_get_field_prompt (VireoAuthRequest *self,
                                     guint             index)
{
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);
  return g_array_index (self->fields, Field, index).prompt;
}

const char *
vireo_auth_request_get_field_default (VireoAuthRequest *self,
                                      guint             index)
{
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);
  return g_array_index (self->fields, Field, index).defresult;
}

void
vireo_auth_request_set_field_value (VireoAuthRequest *self,
                                    guint             index,
                                    const char       *value)
{
  Field *field;

  g_return_if_fail (VIREO_IS_AUTH_REQUEST (self));
  g_return_if_fail (index < self->fields->len);

  g_mutex_lock (&self->lock);
  field = &g_array_index (self->fields, Field, index);
  if (field->value)
    {
      explicit_bzero (field->value, strlen (field->value));
      g_free (field->value);
    }
  field->value = g_strdup (value);
  g_mutex_unlock (&self->lock);
}

guint
vireo_auth_request_get_attempt (VireoAuthRequest *self)
{
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), 0);
  return self->attempt;
}

void
vireo_auth_request_respond (VireoAuthRequest *self,
                            gboolean          accepted)
{
  g_return_if_fail (VIREO_IS_AUTH_REQUEST (self));

  g_mutex_lock (&self->lock);
  if (!self->responded)
    {
      self->responded = TRUE;
      self->accepted = !!accepted;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);
}
