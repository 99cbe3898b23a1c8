/* vireo-keyring.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-keyring"

#include "config.h"

#include "vireo-keyring.h"

const SecretSchema *
vireo_password_schema (void)
{
  static const SecretSchema schema = {
    "org.vireo.Vireo.Password",
    SECRET_SCHEMA_NONE,
    {
        { "uri", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };

  return &schema;
}
