/* vireo-new-vm-resources-page.c — the New VM wizard, step 3: memory and CPUs
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plan's memory and virtual CPUs, the host's limits and the plan's
 * warnings about them. Forward waits while more virtual CPUs are asked for
 * than the host can give.
 */
#define G_LOG_DOMAIN "vireo-new-vm-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-new-vm-resources-page.h"

struct _VireoNewVmResourcesPage
{
  AdwPreferencesPage   parent_instance;

  VireoInstallPlan    *plan;

  /* template children */
  AdwPreferencesGroup *resources_group;
  GtkWidget           *memory_spin;
  GtkWidget           *vcpus_spin;
  GtkWidget           *resources_note;
  GtkWidget           *resources_warning;
  GtkWidget           *resources_error;
};

static void page_iface_init (VireoNewVmPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoNewVmResourcesPage, vireo_new_vm_resources_page, ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_NEW_VM_PAGE, page_iface_init))

enum
{
  PROP_0,
  PROP_PLAN,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* more virtual CPUs than the host can give a guest: said at once */
static gboolean
check_vcpus (VireoNewVmResourcesPage *self,
             GError                 **error)
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

static void
update_resources (VireoNewVmResourcesPage *self)
{
  guint memory, vcpus, host_memory, host_cpus;
  g_autoptr (GString) warning = g_string_new (NULL);
  g_autofree char *description = NULL;
  g_autofree char *note = NULL;
  g_autoptr (GError) error = NULL;

  /* the answers changed: an error about the old ones is stale */
  vireo_new_vm_page_set_error_label (self->resources_error, NULL);
  if (!check_vcpus (self, &error))
    vireo_new_vm_page_set_error_label (self->resources_error, error);
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
  /* plain text (the OS name comes from the database) */
  note = vireo_install_plan_dup_resources_note (self->plan);
  gtk_label_set_text (GTK_LABEL (self->resources_note), note != NULL ? note : "");
  gtk_widget_set_visible (self->resources_note, note != NULL);

  gtk_label_set_text (GTK_LABEL (self->resources_warning), warning->str);
  gtk_widget_set_visible (self->resources_warning, warning->len > 0);
}

/* -- VireoNewVmPage ---------------------------------------------------------- */

static void
resources_page_show_error (VireoNewVmPage *page,
                           const GError   *error)
{
  vireo_new_vm_page_set_error_label (VIREO_NEW_VM_RESOURCES_PAGE (page)->resources_error, error);
}

static gboolean
resources_page_is_ready (VireoNewVmPage *page)
{
  return check_vcpus (VIREO_NEW_VM_RESOURCES_PAGE (page), NULL);
}

static void
resources_page_shown (VireoNewVmPage *page)
{
  update_resources (VIREO_NEW_VM_RESOURCES_PAGE (page));
}

static void
page_iface_init (VireoNewVmPageInterface *iface)
{
  iface->show_error = resources_page_show_error;
  iface->is_ready = resources_page_is_ready;
  iface->shown = resources_page_shown;
}

/* -- object ------------------------------------------------------------------ */

static void
vireo_new_vm_resources_page_constructed (GObject *object)
{
  VireoNewVmResourcesPage *self = VIREO_NEW_VM_RESOURCES_PAGE (object);
  static const char *const props[] = { "notify::memory-mib", "notify::vcpus", "notify::host-memory-mib",
                                       "notify::max-vcpus", "notify::os-devices", "notify::method" };

  G_OBJECT_CLASS (vireo_new_vm_resources_page_parent_class)->constructed (object);

  g_assert (self->plan != NULL);
  g_object_bind_property (self->plan, "memory-mib",
                          gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->memory_spin)), "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->plan, "vcpus",
                          gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->vcpus_spin)), "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect_object (self->plan, props[i], G_CALLBACK (update_resources), self, G_CONNECT_SWAPPED);
}

static void
vireo_new_vm_resources_page_dispose (GObject *object)
{
  VireoNewVmResourcesPage *self = VIREO_NEW_VM_RESOURCES_PAGE (object);

  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_NEW_VM_RESOURCES_PAGE);
  g_clear_object (&self->plan);

  G_OBJECT_CLASS (vireo_new_vm_resources_page_parent_class)->dispose (object);
}

static void
vireo_new_vm_resources_page_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  VireoNewVmResourcesPage *self = VIREO_NEW_VM_RESOURCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_new_vm_resources_page_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  VireoNewVmResourcesPage *self = VIREO_NEW_VM_RESOURCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      self->plan = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_new_vm_resources_page_class_init (VireoNewVmResourcesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vireo_new_vm_resources_page_constructed;
  object_class->dispose = vireo_new_vm_resources_page_dispose;
  object_class->get_property = vireo_new_vm_resources_page_get_property;
  object_class->set_property = vireo_new_vm_resources_page_set_property;

  properties[PROP_PLAN] =
      g_param_spec_object ("plan", NULL, NULL, VIREO_TYPE_INSTALL_PLAN,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-new-vm-resources-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmResourcesPage, resources_group);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmResourcesPage, memory_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmResourcesPage, vcpus_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmResourcesPage, resources_note);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmResourcesPage, resources_warning);
  gtk_widget_class_bind_template_child (widget_class, VireoNewVmResourcesPage, resources_error);
}

static void
vireo_new_vm_resources_page_init (VireoNewVmResourcesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Enter in a spin button = Forward (GtkSpinButton has no activates-default in 4.8;
   * its text delegate has) */
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->memory_spin))), TRUE);
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->vcpus_spin))), TRUE);
}
