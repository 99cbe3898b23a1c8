/* vireo-new-vm-wizard-resources.c — the New VM wizard, step 3: memory and CPUs
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The host's limits and the plan's warnings about memory and virtual CPUs.
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-new-vm-wizard-private.h"

/* -- step 3: memory and CPUs ----------------------------------------------- */

/* more virtual CPUs than the host can give a guest: said at once */
gboolean
vireo_new_vm_wizard_check_vcpus (VireoNewVmWizard *self,
                                 GError          **error)
{
  guint vcpus, max_vcpus;

  g_object_get (self->plan, "vcpus", &vcpus, "max-vcpus", &max_vcpus, NULL);
  if (max_vcpus > 0 && vcpus > max_vcpus)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_VCPUS,
                   ngettext ("CPUs: this host can give a virtual machine at most %u virtual CPU; "
                             "%u is too many.",
                             "CPUs: this host can give a virtual machine at most %u virtual CPUs; "
                             "%u is too many.",
                             max_vcpus),
                   max_vcpus, vcpus);
      return FALSE;
    }
  return TRUE;
}

void
vireo_new_vm_wizard_update_resources (VireoNewVmWizard *self)
{
  guint memory, vcpus, host_memory, host_cpus;
  g_autoptr (GString) warning = g_string_new (NULL);
  g_autofree char *description = NULL;
  g_autoptr (GError) error = NULL;

  /* the answers changed: an error about the old ones is stale */
  vireo_new_vm_wizard_set_error_label (self->resources_error, NULL);
  if (!vireo_new_vm_wizard_check_vcpus (self, &error))
    vireo_new_vm_wizard_set_error_label (self->resources_error, error);
  g_object_get (self->plan, "memory-mib", &memory, "vcpus", &vcpus,
                "host-memory-mib", &host_memory, "host-cpus", &host_cpus, NULL);
  if (host_memory > 0)
    description = g_strdup_printf (ngettext ("The host has %u MiB of memory and %u logical CPU.",
                                             "The host has %u MiB of memory and %u logical CPUs.",
                                             host_cpus),
                                   host_memory, host_cpus);
  adw_preferences_group_set_description (self->resources_group, description);

  if (host_memory > 0 && memory > host_memory)
    g_string_append_printf (warning,
                            _("This virtual machine would have more memory (%u MiB) than the host "
                              "has (%u MiB): the host will swap, and may stop guests or lose "
                              "data when it runs out of memory."),
                            memory, host_memory);
  else if (host_memory > 0 && memory > host_memory * 0.8)
    g_string_append_printf (warning,
                            _("%u MiB is close to all the host's memory (%u MiB): leave enough "
                              "for the host and its other guests."),
                            memory, host_memory);
  if (host_cpus > 0 && vcpus > host_cpus && error == NULL)
    {
      if (warning->len > 0)
        g_string_append_c (warning, '\n');
      /* Translators: the plural follows the host's count (the second
       * number); the first is always more than one */
      g_string_append_printf (warning,
                              ngettext ("%u virtual CPUs is more than the host's %u logical CPU: "
                                        "for best performance use at most as many as the host has.",
                                        "%u virtual CPUs is more than the host's %u logical CPUs: "
                                        "for best performance use at most as many as the host has.",
                                        host_cpus),
                              vcpus, host_cpus);
    }
  gtk_label_set_text (GTK_LABEL (self->resources_warning), warning->str);
  gtk_widget_set_visible (self->resources_warning, warning->len > 0);
}

void
vireo_new_vm_wizard_resources_watch_plan (VireoNewVmWizard *self)
{
  static const char *const props[] = { "notify::memory-mib", "notify::vcpus", "notify::host-memory-mib",
                                       "notify::max-vcpus" };

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect_swapped (self->plan, props[i], G_CALLBACK (vireo_new_vm_wizard_update_resources), self);
}
