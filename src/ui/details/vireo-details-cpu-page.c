/* vireo-details-cpu-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-cpu-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-details-cpu-page.h"

struct _VireoDetailsCpuPage
{
  VireoDetailsPage parent_instance;

  GtkSpinButton *vcpus_spin;
  GtkSpinButton *max_vcpus_spin;
  AdwExpanderRow *topology_row;
  GtkSpinButton *sockets_spin;
  GtkSpinButton *dies_spin;
  GtkSpinButton *cores_spin;
  GtkSpinButton *threads_spin;
  AdwComboRow *mode_row;
  AdwEntryRow *model_row;

  /* as loaded: only what the person changed is written */
  guint vcpus, max_vcpus;
  guint host_max_vcpus; /* 0: the host does not say */
  guint topology[4];
  char *mode;
  char *model;
};

G_DEFINE_FINAL_TYPE (VireoDetailsCpuPage, vireo_details_cpu_page, VIREO_TYPE_DETAILS_PAGE)

static const VireoDetailsChoice cpu_modes[] = {
  { "", N_ ("Hypervisor default") },
  { "host-passthrough", N_ ("Host passthrough") },
  { "host-model", N_ ("Host model") },
  { "custom", N_ ("Named model") },
  { "maximum", N_ ("Maximum") },
  { NULL, NULL },
};

static const char *
mode_value (VireoCpuMode mode)
{
  if (mode == VIREO_CPU_MODE_HOST_PASSTHROUGH)
    return "host-passthrough";
  if (mode == VIREO_CPU_MODE_HOST_MODEL)
    return "host-model";
  if (mode == VIREO_CPU_MODE_CUSTOM)
    return "custom";
  if (mode == VIREO_CPU_MODE_MAXIMUM)
    return "maximum";
  return "";
}

static VireoCpuMode
mode_from_value (const char *value)
{
  if (g_strcmp0 (value, "host-passthrough") == 0)
    return VIREO_CPU_MODE_HOST_PASSTHROUGH;
  if (g_strcmp0 (value, "host-model") == 0)
    return VIREO_CPU_MODE_HOST_MODEL;
  if (g_strcmp0 (value, "custom") == 0)
    return VIREO_CPU_MODE_CUSTOM;
  if (g_strcmp0 (value, "maximum") == 0)
    return VIREO_CPU_MODE_MAXIMUM;
  return VIREO_CPU_MODE_DEFAULT;
}

static void
update_model_row (VireoDetailsCpuPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->model_row),
                          g_strcmp0 (vireo_details_combo_get_value (self->mode_row), "custom") == 0);
}

static void
changed_cb (VireoDetailsCpuPage *self)
{
  update_model_row (self);
  vireo_details_page_changed (VIREO_DETAILS_PAGE (self));
}

static void
vireo_details_cpu_page_load (VireoDetailsPage  *page,
                             VireoDomainConfig *config,
                             VireoDevice       *device)
{
  VireoDetailsCpuPage *self = VIREO_DETAILS_CPU_PAGE (page);
  g_autofree char *model = NULL;

  self->vcpus = vireo_domain_config_get_vcpus (config);
  self->max_vcpus = vireo_domain_config_get_max_vcpus (config);
  gtk_spin_button_set_value (self->max_vcpus_spin, self->max_vcpus);
  gtk_spin_button_set_value (self->vcpus_spin, self->vcpus);

  vireo_domain_config_get_topology (config, &self->topology[0], &self->topology[1],
                                    &self->topology[2], &self->topology[3]);
  adw_expander_row_set_enable_expansion (self->topology_row, self->topology[0] != 0);
  gtk_spin_button_set_value (self->sockets_spin, MAX (self->topology[0], 1));
  gtk_spin_button_set_value (self->dies_spin, MAX (self->topology[1], 1));
  gtk_spin_button_set_value (self->cores_spin, MAX (self->topology[2], 1));
  gtk_spin_button_set_value (self->threads_spin, MAX (self->topology[3], 1));

  g_free (self->mode);
  self->mode = g_strdup (mode_value (vireo_domain_config_get_cpu_mode (config)));
  vireo_details_combo_set_value (self->mode_row, self->mode);
  g_free (self->model);
  self->model = g_strdup (vireo_domain_config_get_cpu_model (config));
  model = vireo_details_bounded_text (self->model);
  gtk_editable_set_text (GTK_EDITABLE (self->model_row), model);
  update_model_row (self);
}

static gboolean
vireo_details_cpu_page_commit (VireoDetailsPage  *page,
                               VireoDomainConfig *config,
                               VireoDevice       *device,
                               GError           **error)
{
  VireoDetailsCpuPage *self = VIREO_DETAILS_CPU_PAGE (page);
  guint vcpus = gtk_spin_button_get_value_as_int (self->vcpus_spin);
  guint max_vcpus = gtk_spin_button_get_value_as_int (self->max_vcpus_spin);
  guint topology[4] = { 0, 0, 0, 0 };
  const char *mode = vireo_details_combo_get_value (self->mode_row);
  const char *model = vireo_details_entry_get_value (GTK_EDITABLE (self->model_row));

  if (vcpus > max_vcpus)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("The virtual CPUs (%u) cannot be more than the maximum (%u). "
                      "Raise the maximum or lower the number of virtual CPUs."),
                   vcpus, max_vcpus);
      return FALSE;
    }
  if (self->host_max_vcpus > 0 && max_vcpus > self->host_max_vcpus && max_vcpus != self->max_vcpus)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("This host gives a virtual machine at most %u virtual CPUs. Lower the "
                      "maximum to %u or less."),
                   self->host_max_vcpus, self->host_max_vcpus);
      return FALSE;
    }
  if ((vcpus != self->vcpus || max_vcpus != self->max_vcpus) &&
      !vireo_domain_config_set_vcpus (config, vcpus, max_vcpus, error))
    return FALSE;

  if (adw_expander_row_get_enable_expansion (self->topology_row))
    {
      topology[0] = gtk_spin_button_get_value_as_int (self->sockets_spin);
      topology[1] = gtk_spin_button_get_value_as_int (self->dies_spin);
      topology[2] = gtk_spin_button_get_value_as_int (self->cores_spin);
      topology[3] = gtk_spin_button_get_value_as_int (self->threads_spin);
    }
  if (topology[0] != 0 && (memcmp (topology, self->topology, sizeof topology) != 0 || max_vcpus != self->max_vcpus) &&
      (guint64) topology[0] * topology[1] * topology[2] * topology[3] != max_vcpus)
    {
      g_autofree char *product = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                  (guint64) topology[0] * topology[1] *
                                                  topology[2] * topology[3]);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("The topology gives %s virtual CPUs (sockets × dies × cores × threads) "
                      "but the maximum is %u. Make them equal, or turn the manual topology off."),
                   product, max_vcpus);
      return FALSE;
    }
  if (memcmp (topology, self->topology, sizeof topology) != 0 &&
      !vireo_domain_config_set_topology (config, topology[0], topology[1], topology[2],
                                         topology[3], error))
    return FALSE;

  if (g_strcmp0 (mode ? mode : "", self->mode) != 0 ||
      (g_strcmp0 (mode, "custom") == 0 && g_strcmp0 (model, self->model) != 0))
    {
      if (g_strcmp0 (mode, "custom") == 0 && model == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _ ("A named CPU model needs its name. Type the model’s name, "
                                  "or choose another kind of CPU."));
          return FALSE;
        }
      if (!vireo_domain_config_set_cpu (config, mode_from_value (mode), model, error))
        return FALSE;
    }
  return TRUE;
}

static void
vireo_details_cpu_page_finalize (GObject *object)
{
  VireoDetailsCpuPage *self = VIREO_DETAILS_CPU_PAGE (object);

  g_free (self->mode);
  g_free (self->model);

  G_OBJECT_CLASS (vireo_details_cpu_page_parent_class)->finalize (object);
}

static void
vireo_details_cpu_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIREO_TYPE_DETAILS_CPU_PAGE);

  G_OBJECT_CLASS (vireo_details_cpu_page_parent_class)->dispose (object);
}

static void
vireo_details_cpu_page_class_init (VireoDetailsCpuPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VireoDetailsPageClass *page_class = VIREO_DETAILS_PAGE_CLASS (klass);

  object_class->dispose = vireo_details_cpu_page_dispose;
  object_class->finalize = vireo_details_cpu_page_finalize;
  page_class->load = vireo_details_cpu_page_load;
  page_class->commit = vireo_details_cpu_page_commit;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/details/vireo-details-cpu-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsCpuPage, vcpus_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsCpuPage, max_vcpus_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsCpuPage, topology_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsCpuPage, sockets_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsCpuPage, dies_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsCpuPage, cores_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsCpuPage, threads_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsCpuPage, mode_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsCpuPage, model_row);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
vireo_details_cpu_page_init (VireoDetailsCpuPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vireo_details_combo_init (self->mode_row, cpu_modes);
  self->mode = g_strdup ("");
}

GtkWidget *
vireo_details_cpu_page_new (void)
{
  return g_object_new (VIREO_TYPE_DETAILS_CPU_PAGE, NULL);
}

void
vireo_details_cpu_page_set_host_max_vcpus (VireoDetailsCpuPage *self, guint host_max_vcpus)
{
  g_return_if_fail (VIREO_IS_DETAILS_CPU_PAGE (self));

  self->host_max_vcpus = host_max_vcpus;
}
