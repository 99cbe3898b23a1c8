/* vireo-install-job.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-install-job"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vireo-install-job.h"
#include "vireo-install-plan.h"

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

static xmlNodePtr
find_child (xmlNodePtr  parent,
            const char *name,
            const char *ns)
{
  for (xmlNodePtr child = parent->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && xmlStrcmp (child->name, (const xmlChar *) name) == 0
        && (ns == NULL ? child->ns == NULL
                       : child->ns != NULL && xmlStrcmp (child->ns->href, (const xmlChar *) ns) == 0))
      return child;
  return NULL;
}

static xmlDocPtr
read_domain (const char *xml)
{
  xmlDocPtr doc = xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlNodePtr root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;

  if (root == NULL || xmlStrcmp (root->name, (const xmlChar *) "domain") != 0)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      return NULL;
    }
  return doc;
}

char *
vireo_install_job_mark_xml (const char *xml,
                            GError    **error)
{
  xmlDocPtr doc;
  xmlNodePtr root, metadata, marker;
  xmlNsPtr ns;
  xmlChar *out = NULL;
  int len = 0;
  char *ret;

  g_return_val_if_fail (xml != NULL, NULL);

  doc = read_domain (xml);
  if (doc == NULL)
    {
      g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML,
                           _("The configuration is not a virtual machine's XML (no <domain> element)."));
      return NULL;
    }
  root = xmlDocGetRootElement (doc);
  metadata = find_child (root, "metadata", NULL);
  if (metadata == NULL)
    {
      /* libvirt keeps the order of its own schema: <metadata> follows the name, uuid, title and description */
      xmlNodePtr after = NULL;

      for (xmlNodePtr child = root->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE
            && (xmlStrcmp (child->name, (const xmlChar *) "name") == 0
                || xmlStrcmp (child->name, (const xmlChar *) "uuid") == 0
                || xmlStrcmp (child->name, (const xmlChar *) "genid") == 0
                || xmlStrcmp (child->name, (const xmlChar *) "title") == 0
                || xmlStrcmp (child->name, (const xmlChar *) "description") == 0))
          after = child;
      metadata = xmlNewNode (NULL, (const xmlChar *) "metadata");
      if (after != NULL)
        xmlAddNextSibling (after, metadata);
      else if (root->children != NULL)
        xmlAddPrevSibling (root->children, metadata);
      else
        xmlAddChild (root, metadata);
    }
  if (find_child (metadata, "install", VIREO_INSTALL_NS) == NULL)
    {
      marker = xmlNewChild (metadata, NULL, (const xmlChar *) "install", NULL);
      ns = xmlNewNs (marker, (const xmlChar *) VIREO_INSTALL_NS, (const xmlChar *) VIREO_INSTALL_PREFIX);
      xmlSetNs (marker, ns);
      xmlSetProp (marker, (const xmlChar *) "phase", (const xmlChar *) "install");
    }

  xmlDocDumpFormatMemoryEnc (doc, &out, &len, "UTF-8", 0);
  xmlFreeDoc (doc);
  if (out == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("Could not write the installer's configuration."));
      return NULL;
    }
  ret = g_strndup ((const char *) out, len);
  xmlFree (out);
  return ret;
}

gboolean
vireo_install_job_xml_is_marked (const char *xml)
{
  xmlDocPtr doc;
  xmlNodePtr metadata;
  gboolean marked = FALSE;

  if (xml == NULL)
    return FALSE;
  doc = read_domain (xml);
  if (doc == NULL)
    return FALSE;
  metadata = find_child (xmlDocGetRootElement (doc), "metadata", NULL);
  marked = metadata != NULL && find_child (metadata, "install", VIREO_INSTALL_NS) != NULL;
  xmlFreeDoc (doc);
  return marked;
}
