/* vireo-cpu-fallback.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-cpu-fallback"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vireo-cpu-fallback-private.h"
#include "vireo-install-plan.h"
#include "vireo-xml.h"

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

char *
vireo_cpu_fallback_get_mode (const char *domain_xml)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse (domain_xml, "domain", NULL);
  xmlNode *cpu = vireo_xml_child (vireo_xml_root (doc), "cpu");
  char *mode = vireo_xml_attr (cpu, "mode");

  if (cpu != NULL && mode == NULL && vireo_xml_child (cpu, "model") != NULL)
    mode = g_strdup ("custom");
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
model_usable (xmlNode    *custom,
              const char *name)
{
  g_autoptr(GPtrArray) models = vireo_xml_get_nodes (custom, "model");

  for (guint i = 0; i < models->len; i++)
    {
      xmlNode *node = g_ptr_array_index (models, i);
      g_autofree char *text = vireo_xml_trimmed_text (node);

      if (g_strcmp0 (text, name) == 0)
        return vireo_xml_attr_equals (node, "usable", "yes")
               && !vireo_xml_attr_equals (node, "deprecated", "yes");
    }
  return FALSE;
}

/* <mode name="@name" supported="yes"> under <cpu> */
static xmlNode *
cpu_mode (xmlNode    *cpu,
          const char *name)
{
  g_autoptr(GPtrArray) modes = vireo_xml_get_nodes (cpu, "mode");

  for (guint i = 0; i < modes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (modes, i);

      if (vireo_xml_attr_equals (node, "name", name))
        return vireo_xml_attr_equals (node, "supported", "no") ? NULL : node;
    }
  return NULL;
}

GPtrArray *
vireo_cpu_fallback_candidates (const char *domain_caps_xml)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(xmlDoc) doc = vireo_xml_parse (domain_caps_xml, "domainCapabilities", NULL);
  xmlNode *cpu, *host_model, *custom;
  g_autofree char *host_name = NULL;
  g_autofree char *vendor = NULL;

  if (doc == NULL)
    return candidates;
  cpu = vireo_xml_child (vireo_xml_root (doc), "cpu");
  host_model = cpu_mode (cpu, "host-model");
  custom = cpu_mode (cpu, "custom");
  host_name = vireo_xml_child_text (host_model, "model");
  vendor = vireo_xml_child_text (host_model, "vendor");

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

  return candidates;
}

/* the children of <cpu> that describe the guest's shape, not its model */
static gboolean
keep_in_cpu (xmlNode *node)
{
  return vireo_xml_is_element (node, "topology") || vireo_xml_is_element (node, "numa");
}

char *
vireo_cpu_fallback_apply (const char *domain_xml,
                          const char *model,
                          GError    **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root, *cpu, *node, *next;
  gboolean has_shape = FALSE;

  g_return_val_if_fail (domain_xml != NULL, NULL);

  /* the document as it came in, without an XML declaration added */
  doc = vireo_xml_parse (domain_xml, "domain", NULL);
  root = vireo_xml_root (doc);
  if (root == NULL)
    {
      g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML,
                           _("The virtual machine's configuration is not a libvirt domain."));
      return NULL;
    }

  cpu = vireo_xml_child (root, "cpu");
  if (cpu == NULL && model == NULL)
    return vireo_xml_serialize (doc, VIREO_XML_FORMAT_NO_DECLARATION);
  if (cpu == NULL)
    {
      /* where libvirt puts it: before <clock>, else at the end */
      xmlNode *clock = vireo_xml_child (root, "clock");

      cpu = vireo_xml_new_element (doc, "cpu");
      if (clock != NULL)
        vireo_xml_insert_before (clock, cpu);
      else
        vireo_xml_append (root, cpu);
    }

  /* keep only the shape: topology and NUMA cells */
  for (node = cpu->children; node != NULL; node = next)
    {
      next = node->next;
      if (keep_in_cpu (node))
        has_shape = TRUE;
      else if (node->type != XML_TEXT_NODE)
        vireo_xml_remove (node);
    }
  vireo_xml_clear_attrs (cpu);

  if (model != NULL)
    {
      xmlNode *model_node = vireo_xml_new_element (doc, "model");
      xmlNode *first = vireo_xml_first_element (cpu);

      vireo_xml_set_attr (cpu, "mode", "custom");
      vireo_xml_set_attr (cpu, "match", "exact");
      vireo_xml_set_attr (cpu, "check", "partial");
      vireo_xml_set_attr (model_node, "fallback", "forbid");
      vireo_xml_set_text (model_node, model);
      if (first != NULL)
        vireo_xml_insert_before (first, model_node);
      else
        vireo_xml_append (cpu, model_node);
    }
  else if (!has_shape)
    {
      /* QEMU's default: no <cpu> at all, and no blank line where it was */
      xmlNode *before = cpu->prev;

      vireo_xml_remove (cpu);
      if (vireo_xml_is_blank (before))
        vireo_xml_remove (before);
    }

  /* the rewritten <cpu> on one line: no blanks left from removed children */
  if (model != NULL || has_shape)
    for (node = cpu->children; node != NULL; node = next)
      {
        next = node->next;
        if (vireo_xml_is_blank (node))
          vireo_xml_remove (node);
      }

  return vireo_xml_serialize (doc, VIREO_XML_FORMAT_NO_DECLARATION);
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

/* the domain capabilities for the domain's own type, arch, machine and
 * emulator (a KVM guest's differ from a TCG guest's) */
static char *
domain_caps_for (virConnectPtr handle,
                 const char   *domain_xml,
                 gboolean     *kvm)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse (domain_xml, "domain", NULL);
  xmlNode *root = vireo_xml_root (doc);
  g_autofree char *type = vireo_xml_get_string (root, "string(@type)");
  g_autofree char *arch = vireo_xml_get_string (root, "string(os/type/@arch)");
  g_autofree char *machine = vireo_xml_get_string (root, "string(os/type/@machine)");
  g_autofree char *emulator = vireo_xml_get_string (root, "normalize-space(devices/emulator)");
  char *caps, *copy;

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
  g_autoptr(xmlDoc) doc = vireo_xml_parse (caps, "capabilities", NULL);
  g_autofree char *count = vireo_xml_get_string (vireo_xml_root (doc),
                                                 "string(count(host/cpu/feature[@name='hypervisor']))");

  free (caps);
  virResetLastError ();
  return g_strcmp0 (count, "0") != 0 && count != NULL;
}

char *
vireo_cpu_fallback_get_model (const char *domain_xml)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse (domain_xml, "domain", NULL);

  return vireo_xml_child_text (vireo_xml_child (vireo_xml_root (doc), "cpu"), "model");
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
