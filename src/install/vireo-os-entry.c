/* vireo-os-entry.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-os-entry"

#include "config.h"

#include <string.h>

#include "vireo-os-entry.h"

struct _VireoOsEntry
{
  GObject parent_instance;

  char   *id;
  char   *short_id;
  char   *name;
  char   *vendor;
  char   *family;
  char   *distro;
  char   *release_date;
  char   *haystack;     /* casefolded text vireo_os_entry_matches() searches */
};

G_DEFINE_FINAL_TYPE (VireoOsEntry, vireo_os_entry, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_SHORT_ID,
  PROP_NAME,
  PROP_VENDOR,
  PROP_FAMILY,
  PROP_DISTRO,
  PROP_RELEASE_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vireo_os_entry_finalize (GObject *object)
{
  VireoOsEntry *self = VIREO_OS_ENTRY (object);

  g_free (self->id);
  g_free (self->short_id);
  g_free (self->name);
  g_free (self->vendor);
  g_free (self->family);
  g_free (self->distro);
  g_free (self->release_date);
  g_free (self->haystack);

  G_OBJECT_CLASS (vireo_os_entry_parent_class)->finalize (object);
}

static void
vireo_os_entry_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VireoOsEntry *self = VIREO_OS_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_SHORT_ID:
      g_value_set_string (value, self->short_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_VENDOR:
      g_value_set_string (value, self->vendor);
      break;
    case PROP_FAMILY:
      g_value_set_string (value, self->family);
      break;
    case PROP_DISTRO:
      g_value_set_string (value, self->distro);
      break;
    case PROP_RELEASE_DATE:
      g_value_set_string (value, self->release_date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_os_entry_class_init (VireoOsEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vireo_os_entry_finalize;
  object_class->get_property = vireo_os_entry_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_SHORT_ID] = g_param_spec_string ("short-id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_VENDOR] = g_param_spec_string ("vendor", NULL, NULL, NULL, flags);
  properties[PROP_FAMILY] = g_param_spec_string ("family", NULL, NULL, NULL, flags);
  properties[PROP_DISTRO] = g_param_spec_string ("distro", NULL, NULL, NULL, flags);
  properties[PROP_RELEASE_DATE] = g_param_spec_string ("release-date", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_os_entry_init (VireoOsEntry *self)
{
}

VireoOsEntry *
vireo_os_entry_new (const char *id,
                    const char *short_id,
                    const char *name,
                    const char *vendor,
                    const char *family,
                    const char *distro,
                    const char *release_date)
{
  VireoOsEntry *self;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (VIREO_TYPE_OS_ENTRY, NULL);
  self->id = g_strdup (id);
  self->short_id = g_strdup (short_id);
  self->name = g_strdup (name != NULL ? name : (short_id != NULL ? short_id : id));
  self->vendor = g_strdup (vendor);
  self->family = g_strdup (family);
  self->distro = g_strdup (distro);
  self->release_date = g_strdup (release_date);

  joined = g_strjoin (" ", self->name,
                      self->short_id != NULL ? self->short_id : "",
                      self->vendor != NULL ? self->vendor : "",
                      self->family != NULL ? self->family : "",
                      NULL);
  self->haystack = g_utf8_casefold (joined, -1);
  return self;
}

const char *
vireo_os_entry_get_id (VireoOsEntry *self)
{
  g_return_val_if_fail (VIREO_IS_OS_ENTRY (self), NULL);
  return self->id;
}

const char *
vireo_os_entry_get_short_id (VireoOsEntry *self)
{
  g_return_val_if_fail (VIREO_IS_OS_ENTRY (self), NULL);
  return self->short_id;
}

const char *
vireo_os_entry_get_name (VireoOsEntry *self)
{
  g_return_val_if_fail (VIREO_IS_OS_ENTRY (self), NULL);
  return self->name;
}

const char *
vireo_os_entry_get_vendor (VireoOsEntry *self)
{
  g_return_val_if_fail (VIREO_IS_OS_ENTRY (self), NULL);
  return self->vendor;
}

const char *
vireo_os_entry_get_family (VireoOsEntry *self)
{
  g_return_val_if_fail (VIREO_IS_OS_ENTRY (self), NULL);
  return self->family;
}

const char *
vireo_os_entry_get_distro (VireoOsEntry *self)
{
  g_return_val_if_fail (VIREO_IS_OS_ENTRY (self), NULL);
  return self->distro;
}

const char *
vireo_os_entry_get_release_date (VireoOsEntry *self)
{
  g_return_val_if_fail (VIREO_IS_OS_ENTRY (self), NULL);
  return self->release_date;
}

gboolean
vireo_os_entry_matches (VireoOsEntry *self,
                        const char   *query)
{
  g_autofree char *folded = NULL;
  g_auto (GStrv) words = NULL;

  g_return_val_if_fail (VIREO_IS_OS_ENTRY (self), FALSE);

  if (query == NULL || *query == '\0')
    return TRUE;

  folded = g_utf8_casefold (query, -1);
  words = g_strsplit_set (folded, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (strstr (self->haystack, words[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}
