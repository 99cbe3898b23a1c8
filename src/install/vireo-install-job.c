/* vireo-install-job.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-install-job"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vireo-install-job.h"
#include "vireo-install-plan.h"
#include "vireo-xml.h"

struct _VireoInstallJob
{
  GObject              parent_instance;

  VireoInstallJobState state;
  char                *message;
  char                *details;
};

G_DEFINE_FINAL_TYPE (VireoInstallJob, vireo_install_job, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (VireoInstallJobState, vireo_install_job_state,
                    G_DEFINE_ENUM_VALUE (VIREO_INSTALL_JOB_INSTALLING, "installing"),
                    G_DEFINE_ENUM_VALUE (VIREO_INSTALL_JOB_RESTARTING, "restarting"),
                    G_DEFINE_ENUM_VALUE (VIREO_INSTALL_JOB_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (VIREO_INSTALL_JOB_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (VIREO_INSTALL_JOB_FAILED, "failed"))

enum
{
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_FRACTION,
  PROP_ACTIVE,
  PROP_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vireo_install_job_finalize (GObject *object)
{
  VireoInstallJob *self = VIREO_INSTALL_JOB (object);

  g_free (self->message);
  g_free (self->details);

  G_OBJECT_CLASS (vireo_install_job_parent_class)->finalize (object);
}

static void
vireo_install_job_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VireoInstallJob *self = VIREO_INSTALL_JOB (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, vireo_install_job_get_fraction (self));
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, vireo_install_job_get_active (self));
      break;
    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_install_job_class_init (VireoInstallJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vireo_install_job_finalize;
  object_class->get_property = vireo_install_job_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, VIREO_TYPE_INSTALL_JOB_STATE,
                                              VIREO_INSTALL_JOB_INSTALLING,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                  | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                      | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, -1.0, 1.0, -1.0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                       | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, TRUE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                      | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAILS] = g_param_spec_string ("details", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                      | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_install_job_init (VireoInstallJob *self)
{
  self->state = VIREO_INSTALL_JOB_INSTALLING;
  self->message = g_strdup (_("Installing. When the installer restarts the virtual machine, it starts again from its disk."));
}

VireoInstallJob *
_vireo_install_job_new (void)
{
  return g_object_new (VIREO_TYPE_INSTALL_JOB, NULL);
}

void
_vireo_install_job_set (VireoInstallJob      *self,
                        VireoInstallJobState  state,
                        const char           *message,
                        const char           *details)
{
  gboolean was_active;

  g_return_if_fail (VIREO_IS_INSTALL_JOB (self));

  was_active = vireo_install_job_get_active (self);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      double fraction = vireo_install_job_get_fraction (self);

      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      if (fraction != vireo_install_job_get_fraction (self))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
      if (was_active != vireo_install_job_get_active (self))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (g_strcmp0 (self->details, details) != 0)
    {
      g_free (self->details);
      self->details = g_strdup (details);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

VireoInstallJobState
vireo_install_job_get_state (VireoInstallJob *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_JOB (self), VIREO_INSTALL_JOB_INSTALLING);
  return self->state;
}

const char *
vireo_install_job_get_message (VireoInstallJob *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_JOB (self), NULL);
  return self->message;
}

double
vireo_install_job_get_fraction (VireoInstallJob *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_JOB (self), -1.0);
  return vireo_install_job_get_active (self) ? -1.0 : 1.0;
}

gboolean
vireo_install_job_get_active (VireoInstallJob *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_JOB (self), FALSE);
  return self->state == VIREO_INSTALL_JOB_INSTALLING || self->state == VIREO_INSTALL_JOB_RESTARTING;
}

const char *
vireo_install_job_get_details (VireoInstallJob *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_JOB (self), NULL);
  return self->details;
}

/* -- the marker ------------------------------------------------------------- */

char *
vireo_install_job_mark_xml (const char *xml,
                            GError    **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root, *metadata;
  char *ret;

  g_return_val_if_fail (xml != NULL, NULL);

  doc = vireo_xml_parse (xml, "domain", NULL);
  if (doc == NULL)
    {
      g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML,
                           _("The configuration is not a virtual machine's XML (no <domain> element)."));
      return NULL;
    }
  root = vireo_xml_root (doc);
  metadata = vireo_xml_get_node (root, "metadata");
  if (metadata == NULL)
    {
      /* libvirt keeps the order of its own schema: <metadata> follows the name, uuid, title and description */
      xmlNode *after = vireo_xml_get_node (root, "(name|uuid|genid|title|description)[last()]");

      metadata = vireo_xml_new_element (doc, "metadata");
      if (after != NULL)
        vireo_xml_insert_after (after, metadata);
      else
        vireo_xml_prepend (root, metadata);
    }
  if (vireo_xml_get_node (metadata, "vireo:install") == NULL)
    vireo_xml_set_attr (vireo_xml_add_ns_child (metadata, VIREO_INSTALL_NS, VIREO_INSTALL_PREFIX, "install"),
                        "phase", "install");

  ret = vireo_xml_serialize (doc, VIREO_XML_FORMAT_COMPACT);
  if (ret == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                         _("Could not write the installer's configuration."));
  return ret;
}

gboolean
vireo_install_job_xml_is_marked (const char *xml)
{
  g_autoptr(xmlDoc) doc = NULL;

  if (xml == NULL)
    return FALSE;
  doc = vireo_xml_parse (xml, "domain", NULL);
  return vireo_xml_get_node (vireo_xml_root (doc), "metadata/vireo:install") != NULL;
}
