/* vireo-details-cpu-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-cpu-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-details-cpu-page.h"
#include "vireo-host-caps.h"
#include "vireo-host-resources.h"

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
  AdwEntryRow *model_row;      /* a typed name: the host does not list its models */
  AdwActionRow *models_row;    /* a name from the host's list */
  GtkDropDown *models_drop_down;

  /* as loaded: only what the person changed is written */
  guint vcpus, max_vcpus;
  guint host_max_vcpus; /* 0: the host does not say */
  guint vm_max_vcpus;   /* from this VM's domain capabilities; 0: not known */
  guint topology[4];
  char *mode;
  char *model;

  /* the host's CPU models for this VM's emulator, machine and architecture */
  VireoConnection *connection;  /* owned */
  VireoDomainConfig *config;    /* owned: as loaded, until its models are asked for */
  GCancellable *cancellable;
  VireoCpuModels *models;       /* NULL while loading, or when the host does not say */
  guint models_failed : 1;      /* the host does not say: the name is typed */
  guint own_model_first : 1;    /* the list's first item is the VM's model (self->model) */
  guint filling : 1;            /* the list is being filled: not the person's change */
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
  gboolean custom = g_strcmp0 (vireo_details_combo_get_value (self->mode_row), "custom") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->model_row), custom && self->models_failed);
  gtk_widget_set_visible (GTK_WIDGET (self->models_row), custom && !self->models_failed);
}

static void
changed_cb (VireoDetailsCpuPage *self)
{
  update_model_row (self);
  if (!self->filling)
    vireo_details_page_changed (VIREO_DETAILS_PAGE (self));
}

/* what the list shows of a name: a model the host does not run is marked */
static char *
model_label (GtkStringObject *item, gpointer user_data)
{
  VireoDetailsCpuPage *self = user_data;
  const VireoCpuModel *model;
  const char *name;

  if (item == NULL)
    return g_strdup ("");
  name = gtk_string_object_get_string (item);
  if (self->models == NULL)
    return g_strdup (name);
  model = vireo_cpu_models_find (self->models, name);
  if (model != NULL && model->usable)
    return g_strdup (name);
  /* TRANSLATORS: a CPU model's name (the VM has it) that this host cannot run */
  return g_strdup_printf (_ ("%s (not offered by this host)"), name);
}

static const char *
selected_model (VireoDetailsCpuPage *self)
{
  GtkStringObject *item;

  if (self->models_failed)
    return vireo_details_entry_get_value (GTK_EDITABLE (self->model_row));
  /* the VM's own model: whole (the list shows it bounded) */
  if (self->own_model_first && gtk_drop_down_get_selected (self->models_drop_down) == 0)
    return self->model;
  item = gtk_drop_down_get_selected_item (self->models_drop_down);
  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* the list: the VM's model first when the host does not run it, then the
 * models the host runs (the ones it does not are left out); the choice stays */
static void
fill_models (VireoDetailsCpuPage *self)
{
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);
  g_autofree char *keep = g_strdup (selected_model (self));
  const char *selected = keep != NULL ? keep : self->model;
  guint position = 0;
  guint n = 0;
  gboolean own_model_first = FALSE;

  if (self->model != NULL)
    {
      const VireoCpuModel *model = self->models != NULL ? vireo_cpu_models_find (self->models, self->model)
                                                        : NULL;

      if (model == NULL || !model->usable)
        {
          g_autofree char *bounded = vireo_details_bounded_text (self->model);

          gtk_string_list_append (list, bounded);
          own_model_first = TRUE;
          n++;
        }
    }
  for (guint i = 0; self->models != NULL && i < self->models->models->len; i++)
    {
      const VireoCpuModel *model = g_ptr_array_index (self->models->models, i);

      if (!model->usable)
        break; /* the usable ones come first */
      if (g_strcmp0 (model->name, selected) == 0)
        position = n;
      gtk_string_list_append (list, model->name);
      n++;
    }

  self->filling = TRUE;
  self->own_model_first = own_model_first;
  gtk_drop_down_set_model (self->models_drop_down, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->models_drop_down, n > 0 ? position : GTK_INVALID_LIST_POSITION);
  self->filling = FALSE;
}

static void
domain_caps_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = vireo_connection_get_domain_caps_finish (VIREO_CONNECTION (object), result, &error);
  VireoDetailsCpuPage *self;
  g_autoptr (VireoCpuModels) models = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VIREO_DETAILS_CPU_PAGE (user_data);
  if (xml != NULL)
    models = vireo_cpu_models_parse (xml, &error);
  if (models == NULL || models->models->len == 0)
    {
      /* no list (libvirt's test driver, old hosts): the name is typed */
      g_debug ("no CPU models: %s", error != NULL ? error->message : "none listed");
      self->models_failed = TRUE;
      update_model_row (self);
      return;
    }
  self->vm_max_vcpus = vireo_host_resources_parse_max_vcpus (xml);
  vireo_cpu_models_free (self->models);
  self->models = g_steal_pointer (&models);
  fill_models (self);
}

/* asks for the models once both the VM and its connection are known */
static void
fetch_models (VireoDetailsCpuPage *self)
{
  g_autoptr (VireoDomainConfig) config = NULL;

  if (self->connection == NULL || self->config == NULL)
    return;
  config = g_steal_pointer (&self->config);
  vireo_connection_get_domain_caps_async (self->connection, config, self->cancellable,
                                          domain_caps_cb, self);
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
  /* the VM's model is shown while the host's list loads */
  gtk_drop_down_set_selected (self->models_drop_down, GTK_INVALID_LIST_POSITION);
  fill_models (self);
  update_model_row (self);

  g_set_object (&self->config, config);
  if (self->models == NULL && !self->models_failed)
    fetch_models (self);
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
  const char *model = selected_model (self);
  guint host_max_vcpus = self->vm_max_vcpus > 0 ? self->vm_max_vcpus : self->host_max_vcpus;

  if (vcpus > max_vcpus)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("The virtual CPUs (%u) cannot be more than the maximum (%u). "
                      "Raise the maximum or lower the number of virtual CPUs."),
                   vcpus, max_vcpus);
      return FALSE;
    }
  if (host_max_vcpus > 0 && max_vcpus > host_max_vcpus && max_vcpus != self->max_vcpus)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("This host gives a virtual machine at most %u virtual CPUs. Lower the "
                      "maximum to %u or less."),
                   host_max_vcpus, host_max_vcpus);
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
      if (g_strcmp0 (mode, "custom") == 0 && model == NULL && self->models_failed)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _ ("A named CPU model needs its name. Type the model’s name, "
                                  "or choose another kind of CPU."));
          return FALSE;
        }
      if (g_strcmp0 (mode, "custom") == 0 && model == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _ ("A named CPU model needs its name. Choose one of the models "
                                  "this host offers, or another kind of CPU."));
          return FALSE;
        }
      /* a mode the host's domain capabilities say it cannot give (the
       * host's own CPU without KVM: QEMU's TCG has none to pass through) */
      if (self->models != NULL &&
          ((g_strcmp0 (mode, "host-passthrough") == 0 && !self->models->host_passthrough) ||
           (g_strcmp0 (mode, "host-model") == 0 && !self->models->host_model)))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _ ("This host cannot give a VM a copy of its own CPU: it runs "
                                  "VMs without hardware virtualization (KVM), or its hypervisor "
                                  "does not offer it. Choose “Hypervisor default”, “Maximum” or "
                                  "a named model."));
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
  vireo_cpu_models_free (self->models);

  G_OBJECT_CLASS (vireo_details_cpu_page_parent_class)->finalize (object);
}

static void
vireo_details_cpu_page_dispose (GObject *object)
{
  VireoDetailsCpuPage *self = VIREO_DETAILS_CPU_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->connection);
  g_clear_object (&self->config);
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
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsCpuPage, models_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsCpuPage, models_drop_down);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
vireo_details_cpu_page_init (VireoDetailsCpuPage *self)
{
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));
  vireo_details_combo_init (self->mode_row, cpu_modes);
  self->mode = g_strdup ("");
  self->cancellable = g_cancellable_new ();
  /* the list's labels, and what its search matches */
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (model_label),
                                            self, NULL);
  gtk_drop_down_set_expression (self->models_drop_down, expression);
  gtk_expression_unref (expression);
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

void
vireo_details_cpu_page_set_connection (VireoDetailsCpuPage *self, VireoConnection *connection)
{
  g_return_if_fail (VIREO_IS_DETAILS_CPU_PAGE (self));
  g_return_if_fail (connection == NULL || VIREO_IS_CONNECTION (connection));

  if (!g_set_object (&self->connection, connection))
    return;
  fetch_models (self);
}
