/* vireo-cpu-fallback.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-cpu-fallback"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <string.h>

#include "vireo-cpu-fallback.h"
#include "vireo-install-plan.h"

/* What QEMU and libvirt say when the guest CPU is the reason a start failed
 * (lower case). QEMU's own words reach libvirt's message when QEMU dies
 * during start ("QEMU unexpectedly closed the monitor: …"). */
static const char * const cpu_failure_texts[] = {
  /* QEMU under KVM: the (outer) hypervisor refuses an MSR or CPUID */
  "kvm_buf_set_msrs",
  "failed to set msr",
  "kvm_put_msrs",
  "kvm_arch_init_vcpu",
  "kvm_init_vcpu",
  "kvm_set_cpuid",
  "host doesn't support requested feature",
  "host does not support requested feature",
  /* libvirt's checks of the CPU definition */
  "guest cpu doesn't match specification",
  "guest cpu does not match specification",
  "host cpu does not provide required features",
  "incompatible with host cpu",
  "host-passthrough cpu",
  "host-model cpu",
  /* QEMU does not know the model */
  "unable to find cpu model",
  "unknown cpu model",
};

/* libvirt's codes for the failures above; anything else (no domain, an
 * operation that does not apply, storage, network) is not the CPU's fault */
static gboolean
cpu_failure_code (int code)
{
  switch (code)
    {
    case VIR_ERR_INTERNAL_ERROR:
    case VIR_ERR_OPERATION_FAILED:
    case VIR_ERR_CONFIG_UNSUPPORTED:
    case VIR_ERR_CPU_INCOMPATIBLE:
    case VIR_ERR_OPERATION_UNSUPPORTED:
    case VIR_ERR_NO_SUPPORT:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
vireo_cpu_fallback_is_cpu_failure (int         code,
                                   const char *message)
{
  g_autofree char *lower = NULL;
  const char *model;

  if (!cpu_failure_code (code))
    return FALSE;
  if (code == VIR_ERR_CPU_INCOMPATIBLE)
    return TRUE;
  if (message == NULL)
    return FALSE;

  lower = g_ascii_strdown (message, -1);
  for (guint i = 0; i < G_N_ELEMENTS (cpu_failure_texts); i++)
    if (strstr (lower, cpu_failure_texts[i]) != NULL)
      return TRUE;
  /* "CPU model 'EPYC-Rome' is not supported by hypervisor",
   * "CPU mode 'host-passthrough' for x86_64 kvm domain … is not supported" */
  model = strstr (lower, "cpu model");
  if (model == NULL)
    model = strstr (lower, "cpu mode");
  if (model != NULL && strstr (model, "not supported") != NULL)
    return TRUE;
  return FALSE;
}

static xmlDocPtr
parse (const char *xml)
{
  if (xml == NULL)
    return NULL;
  return xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static xmlNodePtr
child_element (xmlNodePtr  parent,
               const char *name)
{
  for (xmlNodePtr node = parent != NULL ? parent->children : NULL; node != NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE && xmlStrEqual (node->name, (const xmlChar *) name))
      return node;
  return NULL;
}

static xmlNodePtr
domain_root (xmlDocPtr doc)
{
  xmlNodePtr root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;

  if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) "domain"))
    return NULL;
  return root;
}

static char *
prop (xmlNodePtr  node,
      const char *name)
{
  xmlChar *value = node != NULL ? xmlGetProp (node, (const xmlChar *) name) : NULL;
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

static char *
content (xmlNodePtr node)
{
  xmlChar *text = node != NULL ? xmlNodeGetContent (node) : NULL;
  char *copy = g_strdup ((const char *) text);

  xmlFree (text);
  if (copy != NULL)
    g_strstrip (copy);
  return copy;
}

char *
vireo_cpu_fallback_get_mode (const char *domain_xml)
{
  xmlDocPtr doc = parse (domain_xml);
  xmlNodePtr cpu = child_element (domain_root (doc), "cpu");
  char *mode = prop (cpu, "mode");

  if (cpu != NULL && mode == NULL && child_element (cpu, "model") != NULL)
    mode = g_strdup ("custom");
  xmlFreeDoc (doc);
  return mode;
}

gboolean
vireo_cpu_fallback_applies (const char *domain_xml)
{
  g_autofree char *mode = vireo_cpu_fallback_get_mode (domain_xml);

  return g_strcmp0 (mode, "host-passthrough") == 0 || g_strcmp0 (mode, "host-model") == 0;
}

/* newest first; a vendor's models libvirt's cpu_map knows */
static const struct
{
  const char *vendor;
  const char *model;
} model_generations[] = {
  { "AMD", "EPYC-Turin" },
  { "AMD", "EPYC-Genoa" },
  { "AMD", "EPYC-Milan" },
  { "AMD", "EPYC-Rome" },
  { "AMD", "EPYC-IBPB" },
  { "AMD", "EPYC" },
  { "AMD", "Opteron_G5" },
  { "AMD", "Opteron_G4" },
  { "AMD", "Opteron_G3" },
  { "AMD", "Opteron_G2" },
  { "AMD", "Opteron_G1" },
  { "AMD", "phenom" },
  { "AMD", "athlon" },
  { "Hygon", "Dhyana" },
  { "Intel", "GraniteRapids" },
  { "Intel", "SierraForest" },
  { "Intel", "SapphireRapids" },
  { "Intel", "Cooperlake" },
  { "Intel", "Icelake-Server" },
  { "Intel", "Icelake-Server-noTSX" },
  { "Intel", "Cascadelake-Server" },
  { "Intel", "Cascadelake-Server-noTSX" },
  { "Intel", "Skylake-Server-IBRS" },
  { "Intel", "Skylake-Server" },
  { "Intel", "Skylake-Server-noTSX-IBRS" },
  { "Intel", "Skylake-Client-IBRS" },
  { "Intel", "Skylake-Client" },
  { "Intel", "Skylake-Client-noTSX-IBRS" },
  { "Intel", "Broadwell-IBRS" },
  { "Intel", "Broadwell" },
  { "Intel", "Broadwell-noTSX-IBRS" },
  { "Intel", "Broadwell-noTSX" },
  { "Intel", "Haswell-IBRS" },
  { "Intel", "Haswell" },
  { "Intel", "Haswell-noTSX-IBRS" },
  { "Intel", "Haswell-noTSX" },
  { "Intel", "IvyBridge-IBRS" },
  { "Intel", "IvyBridge" },
  { "Intel", "SandyBridge-IBRS" },
  { "Intel", "SandyBridge" },
  { "Intel", "Westmere-IBRS" },
  { "Intel", "Westmere" },
  { "Intel", "Nehalem-IBRS" },
  { "Intel", "Nehalem" },
  { "Intel", "Penryn" },
  { "Intel", "Conroe" },
};

/* the custom mode's <model> called @name, when usable and not deprecated */
static gboolean
model_usable (xmlNodePtr  custom,
              const char *name)
{
  for (xmlNodePtr node = custom != NULL ? custom->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *text = NULL;
      g_autofree char *usable = NULL;
      g_autofree char *deprecated = NULL;

      if (node->type != XML_ELEMENT_NODE || !xmlStrEqual (node->name, (const xmlChar *) "model"))
        continue;
      text = content (node);
      if (g_strcmp0 (text, name) != 0)
        continue;
      usable = prop (node, "usable");
      deprecated = prop (node, "deprecated");
      return g_strcmp0 (usable, "yes") == 0 && g_strcmp0 (deprecated, "yes") != 0;
    }
  return FALSE;
}

/* <mode name="@name" supported="yes"> under <cpu> */
static xmlNodePtr
cpu_mode (xmlNodePtr  cpu,
          const char *name)
{
  for (xmlNodePtr node = cpu != NULL ? cpu->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *mode_name = NULL;
      g_autofree char *supported = NULL;

      if (node->type != XML_ELEMENT_NODE || !xmlStrEqual (node->name, (const xmlChar *) "mode"))
        continue;
      mode_name = prop (node, "name");
      supported = prop (node, "supported");
      if (g_strcmp0 (mode_name, name) == 0)
        return g_strcmp0 (supported, "no") == 0 ? NULL : node;
    }
  return NULL;
}

GPtrArray *
vireo_cpu_fallback_candidates (const char *domain_caps_xml)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func (g_free);
  xmlDocPtr doc = domain_caps_xml != NULL
                  ? xmlReadMemory (domain_caps_xml, strlen (domain_caps_xml), "domcaps.xml", NULL,
                                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
                  : NULL;
  xmlNodePtr root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  xmlNodePtr cpu, host_model, custom;
  g_autofree char *host_name = NULL;
  g_autofree char *vendor = NULL;

  if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) "domainCapabilities"))
    {
      xmlFreeDoc (doc);
      return candidates;
    }
  cpu = child_element (root, "cpu");
  host_model = cpu_mode (cpu, "host-model");
  custom = cpu_mode (cpu, "custom");
  host_name = content (child_element (host_model, "model"));
  vendor = content (child_element (host_model, "vendor"));

  /* 1. the host's own model, without the features host-model adds to it */
  if (host_name != NULL && model_usable (custom, host_name))
    g_ptr_array_add (candidates, g_strdup (host_name));

  /* 2. the newest usable model of the host's vendor */
  for (guint i = 0; vendor != NULL && i < G_N_ELEMENTS (model_generations); i++)
    if (g_ascii_strcasecmp (model_generations[i].vendor, vendor) == 0
        && g_strcmp0 (model_generations[i].model, host_name) != 0
        && model_usable (custom, model_generations[i].model))
      {
        g_ptr_array_add (candidates, g_strdup (model_generations[i].model));
        break;
      }

  xmlFreeDoc (doc);
  return candidates;
}

/* the children of <cpu> that describe the guest's shape, not its model */
static gboolean
keep_in_cpu (xmlNodePtr node)
{
  return node->type == XML_ELEMENT_NODE
         && (xmlStrEqual (node->name, (const xmlChar *) "topology")
             || xmlStrEqual (node->name, (const xmlChar *) "numa"));
}

static void
remove_node (xmlNodePtr node)
{
  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

/* the document as it came in: what precedes the root (comments), the root,
 * what follows; no XML declaration was added */
static char *
serialize (xmlDocPtr doc)
{
  GString *out = g_string_new (NULL);

  for (xmlNodePtr node = doc->children; node != NULL; node = node->next)
    {
      xmlBufferPtr buffer = xmlBufferCreate ();

      if (node->type == XML_DTD_NODE)
        {
          xmlBufferFree (buffer);
          continue;
        }
      xmlNodeDump (buffer, doc, node, 0, 0);
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, (const char *) xmlBufferContent (buffer));
      xmlBufferFree (buffer);
    }
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

char *
vireo_cpu_fallback_apply (const char *domain_xml,
                          const char *model,
                          GError    **error)
{
  xmlDocPtr doc;
  xmlNodePtr root, cpu, node, next;
  gboolean has_shape = FALSE;
  char *result;

  g_return_val_if_fail (domain_xml != NULL, NULL);

  doc = parse (domain_xml);
  root = domain_root (doc);
  if (root == NULL)
    {
      xmlFreeDoc (doc);
      g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML,
                           _("The virtual machine's configuration is not a libvirt domain."));
      return NULL;
    }

  cpu = child_element (root, "cpu");
  if (cpu == NULL && model == NULL)
    {
      result = serialize (doc);
      xmlFreeDoc (doc);
      return result;
    }
  if (cpu == NULL)
    {
      /* where libvirt puts it: before <clock>, else at the end */
      xmlNodePtr clock = child_element (root, "clock");

      cpu = xmlNewDocNode (doc, NULL, (const xmlChar *) "cpu", NULL);
      if (clock != NULL)
        xmlAddPrevSibling (clock, cpu);
      else
        xmlAddChild (root, cpu);
    }

  /* keep only the shape: topology and NUMA cells */
  for (node = cpu->children; node != NULL; node = next)
    {
      next = node->next;
      if (keep_in_cpu (node))
        has_shape = TRUE;
      else if (node->type != XML_TEXT_NODE)
        remove_node (node);
    }
  for (xmlAttrPtr attr = cpu->properties, next_attr; attr != NULL; attr = next_attr)
    {
      next_attr = attr->next;
      xmlRemoveProp (attr);
    }

  if (model != NULL)
    {
      xmlNodePtr model_node = xmlNewDocNode (doc, NULL, (const xmlChar *) "model", NULL);
      xmlNodePtr first = NULL;

      xmlSetProp (cpu, (const xmlChar *) "mode", (const xmlChar *) "custom");
      xmlSetProp (cpu, (const xmlChar *) "match", (const xmlChar *) "exact");
      xmlSetProp (cpu, (const xmlChar *) "check", (const xmlChar *) "partial");
      xmlSetProp (model_node, (const xmlChar *) "fallback", (const xmlChar *) "forbid");
      xmlNodeAddContent (model_node, (const xmlChar *) model);
      for (node = cpu->children; node != NULL && first == NULL; node = node->next)
        if (node->type == XML_ELEMENT_NODE)
          first = node;
      if (first != NULL)
        xmlAddPrevSibling (first, model_node);
      else
        xmlAddChild (cpu, model_node);
    }
  else if (!has_shape)
    {
      /* QEMU's default: no <cpu> at all, and no blank line where it was */
      xmlNodePtr before = cpu->prev;

      remove_node (cpu);
      if (before != NULL && before->type == XML_TEXT_NODE && xmlIsBlankNode (before))
        remove_node (before);
    }

  /* the rewritten <cpu> on one line: no blanks left from removed children */
  if (model != NULL || has_shape)
    for (node = cpu->children; node != NULL; node = next)
      {
        next = node->next;
        if (node->type == XML_TEXT_NODE && xmlIsBlankNode (node))
          remove_node (node);
      }

  result = serialize (doc);
  xmlFreeDoc (doc);
  return result;
}

char *
vireo_cpu_fallback_describe (const char *model,
                             gboolean    nested)
{
  if (model != NULL && nested)
    return g_strdup_printf (_("This host could not run the virtual machine with the host's own CPU model (nested virtualisation); it now uses the CPU model “%s”."),
                            model);
  if (model != NULL)
    return g_strdup_printf (_("This host could not run the virtual machine with the host's own CPU model; it now uses the CPU model “%s”."),
                            model);
  if (nested)
    return g_strdup (_("This host could not run the virtual machine with the host's own CPU model (nested virtualisation); it now uses QEMU's default CPU model."));
  return g_strdup (_("This host could not run the virtual machine with the host's own CPU model; it now uses QEMU's default CPU model."));
}

/* -- the start ------------------------------------------------------------- */

static char *
xpath_string (xmlDocPtr   doc,
              const char *expression)
{
  xmlXPathContextPtr ctx;
  xmlXPathObjectPtr obj;
  char *value = NULL;

  if (doc == NULL)
    return NULL;
  ctx = xmlXPathNewContext (doc);
  obj = xmlXPathEvalExpression ((const xmlChar *) expression, ctx);
  if (obj != NULL && obj->type == XPATH_STRING && obj->stringval != NULL && *obj->stringval != '\0')
    value = g_strdup ((const char *) obj->stringval);
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  return value;
}

/* the domain capabilities for the domain's own type, arch, machine and
 * emulator (a KVM guest's differ from a TCG guest's) */
static char *
domain_caps_for (virConnectPtr handle,
                 const char   *domain_xml,
                 gboolean     *kvm)
{
  xmlDocPtr doc = parse (domain_xml);
  g_autofree char *type = xpath_string (doc, "string(/domain/@type)");
  g_autofree char *arch = xpath_string (doc, "string(/domain/os/type/@arch)");
  g_autofree char *machine = xpath_string (doc, "string(/domain/os/type/@machine)");
  g_autofree char *emulator = xpath_string (doc, "normalize-space(/domain/devices/emulator)");
  char *caps, *copy;

  xmlFreeDoc (doc);
  *kvm = g_strcmp0 (type, "kvm") == 0;
  caps = virConnectGetDomainCapabilities (handle, emulator, arch, machine, type, 0);
  if (caps == NULL && machine != NULL)
    caps = virConnectGetDomainCapabilities (handle, emulator, arch, NULL, type, 0);
  copy = g_strdup (caps);
  free (caps);
  virResetLastError ();
  return copy;
}

/* the host is itself a virtual machine: its CPU has the "hypervisor" flag */
static gboolean
host_is_virtual (virConnectPtr handle)
{
  char *caps = virConnectGetCapabilities (handle);
  xmlDocPtr doc = caps != NULL ? xmlReadMemory (caps, strlen (caps), "caps.xml", NULL,
                                                XML_PARSE_NONET | XML_PARSE_NOERROR
                                                    | XML_PARSE_NOWARNING)
                               : NULL;
  g_autofree char *count = xpath_string (doc, "string(count(/capabilities/host/cpu/feature[@name='hypervisor']))");

  free (caps);
  xmlFreeDoc (doc);
  virResetLastError ();
  return g_strcmp0 (count, "0") != 0 && count != NULL;
}

char *
vireo_cpu_fallback_get_model (const char *domain_xml)
{
  xmlDocPtr doc = parse (domain_xml);
  char *model = content (child_element (child_element (domain_root (doc), "cpu"), "model"));

  xmlFreeDoc (doc);
  if (model != NULL && *model == '\0')
    g_clear_pointer (&model, g_free);
  return model;
}

virDomainPtr
vireo_cpu_fallback_start (virConnectPtr     handle,
                          const char       *xml,
                          VireoCpuStartFunc start,
                          gpointer          user_data,
                          char            **used_xml,
                          char            **notice,
                          virErrorPtr      *first_error)
{
  virDomainPtr dom;
  virErrorPtr failure = NULL;

  g_return_val_if_fail (handle != NULL && xml != NULL && start != NULL, NULL);
  g_return_val_if_fail (used_xml != NULL && notice != NULL && first_error != NULL, NULL);

  *used_xml = NULL;
  *notice = NULL;
  *first_error = NULL;
  dom = start (handle, xml, user_data, &failure);
  if (dom != NULL)
    return dom;
  return vireo_cpu_fallback_retry (handle, xml, failure, start, user_data, used_xml, notice,
                                   first_error);
}

virDomainPtr
vireo_cpu_fallback_retry (virConnectPtr     handle,
                          const char       *xml,
                          virErrorPtr       failure,
                          VireoCpuStartFunc start,
                          gpointer          user_data,
                          char            **used_xml,
                          char            **notice,
                          virErrorPtr      *first_error)
{
  g_autofree char *caps = NULL;
  g_autoptr (GPtrArray) candidates = NULL;
  gboolean kvm = FALSE;

  g_return_val_if_fail (handle != NULL && xml != NULL && start != NULL, NULL);
  g_return_val_if_fail (used_xml != NULL && notice != NULL && first_error != NULL, NULL);

  *used_xml = NULL;
  *notice = NULL;
  *first_error = failure;
  if (failure == NULL || !vireo_cpu_fallback_applies (xml)
      || !vireo_cpu_fallback_is_cpu_failure (failure->code, failure->message))
    return NULL;
  g_info ("the guest's CPU could not start (%s); trying other CPU models", failure->message);

  caps = domain_caps_for (handle, xml, &kvm);
  candidates = vireo_cpu_fallback_candidates (caps);
  g_ptr_array_add (candidates, NULL); /* QEMU's default */

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *model = g_ptr_array_index (candidates, i);
      g_autofree char *candidate = vireo_cpu_fallback_apply (xml, model, NULL);
      virErrorPtr last = NULL;
      virDomainPtr dom;
      gboolean cpu_again;

      if (candidate == NULL)
        break;
      dom = start (handle, candidate, user_data, &last);
      if (dom != NULL)
        {
          *used_xml = g_steal_pointer (&candidate);
          *notice = vireo_cpu_fallback_describe (model, kvm && host_is_virtual (handle));
          *first_error = NULL;
          virFreeError (failure);
          virFreeError (last);
          return dom;
        }
      g_info ("the CPU model %s did not start either: %s", model != NULL ? model : "(QEMU's default)",
              last != NULL && last->message != NULL ? last->message : "?");
      /* a reason other than the CPU: no other model changes that */
      cpu_again = last != NULL && vireo_cpu_fallback_is_cpu_failure (last->code, last->message);
      virFreeError (last);
      if (!cpu_again)
        break;
    }
  return NULL;
}
