/* vireo-host-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-host-window"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "vireo-graph.h"
#include "vireo-host-interfaces-page.h"
#include "vireo-host-networks-page.h"
#include "vireo-host-storage-page.h"
#include "vireo-host-window.h"
#include "vireo-list-row.h"

struct _VireoHostWindow
{
  AdwWindow          parent_instance;

  VireoConnection   *connection;   /* owned */
  VireoStatsSampler *sampler;      /* owned */
  GSignalGroup      *connection_signals;
  GCancellable      *cancellable;  /* the host facts being read */
  gulong             tick_id;      /* while mapped */
  guint              n_ticks;      /* readings seen, up to 2 */
  gboolean           loaded;

  /* template */
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack      *view_stack;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  GtkLabel          *hostname_label;
  GtkLabel          *uri_label;
  GtkLabel          *hypervisor_label;
  GtkLabel          *libvirt_label;
  GtkLabel          *cpu_model_label;
  GtkLabel          *cpus_label;
  GtkLabel          *topology_label;
  GtkLabel          *memory_label;
  VireoGraph        *cpu_graph;
  GtkLabel          *cpu_graph_axis;
  GtkLabel          *cpu_value;
  VireoGraph        *memory_graph;
  GtkLabel          *memory_graph_axis;
  GtkLabel          *memory_value;
};

G_DEFINE_FINAL_TYPE (VireoHostWindow, vireo_host_window, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_CONNECTION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void vireo_host_window_update_usage (VireoHostWindow *self);

/* -- facts -------------------------------------------------------------- */

static void
show_info (VireoHostWindow     *self,
           const VireoHostInfo *info)
{
  g_autofree char *hypervisor = NULL;
  g_autofree char *cpus = NULL;
  g_autofree char *sockets = NULL;
  g_autofree char *cores = NULL;
  g_autofree char *threads = NULL;
  g_autofree char *nodes = NULL;
  g_autofree char *topology = NULL;
  g_autofree char *memory = NULL;

  gtk_label_set_text (self->hostname_label, info->hostname ? info->hostname : "—");

  if (info->hypervisor != NULL && info->hypervisor_version != NULL)
    /* Translators: hypervisor and its version, "QEMU 7.2.0" */
    hypervisor = g_strdup_printf (C_("hypervisor", "%s %s"), info->hypervisor,
                                  info->hypervisor_version);
  else
    hypervisor = g_strdup (info->hypervisor ? info->hypervisor : "—");
  gtk_label_set_text (self->hypervisor_label, hypervisor);
  gtk_label_set_text (self->libvirt_label, info->libvirt_version ? info->libvirt_version : "—");
  gtk_label_set_text (self->cpu_model_label, info->cpu_model ? info->cpu_model : "—");

  if (info->mhz > 0)
    /* Translators: CPU count and clock, "4 at 2400 MHz" */
    cpus = g_strdup_printf (ngettext ("%u at %u MHz", "%u at %u MHz", info->cpus),
                            info->cpus, info->mhz);
  else
    cpus = g_strdup_printf ("%u", info->cpus);
  gtk_label_set_text (self->cpus_label, cpus);

  /* one count per part, each with its own plural */
  sockets = g_strdup_printf (ngettext ("%u socket", "%u sockets", info->sockets), info->sockets);
  cores = g_strdup_printf (ngettext ("%u core", "%u cores", info->cores), info->cores);
  threads = g_strdup_printf (ngettext ("%u thread", "%u threads", info->threads), info->threads);
  nodes = g_strdup_printf (ngettext ("%u NUMA node", "%u NUMA nodes", MAX (info->nodes, 1)),
                           MAX (info->nodes, 1));
  /* Translators: the host's CPU topology: "2 sockets × 4 cores × 1 thread,
   * 1 NUMA node" */
  topology = g_strdup_printf (_("%s × %s × %s, %s"), sockets, cores, threads, nodes);
  gtk_label_set_text (self->topology_label, topology);

  memory = g_format_size_full (info->memory_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
  gtk_label_set_text (self->memory_label, memory);
}

static void
host_info_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VireoHostWindow) self = user_data;
  g_autoptr(VireoHostInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = vireo_connection_get_host_info_finish (VIREO_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info == NULL)
    {
      /* Translators: the reason the host's facts could not be read */
      g_autofree char *text = g_strdup_printf (_("Could not read the host’s details: %s"),
                                               error->message);

      gtk_label_set_text (self->error_label, text);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      return;
    }

  show_info (self, info);
  self->loaded = TRUE;
}

static void
vireo_host_window_update (VireoHostWindow *self)
{
  VireoConnectionState state = vireo_connection_get_state (self->connection);
  g_autofree char *description = NULL;

  gtk_window_set_title (GTK_WINDOW (self), vireo_list_row_connection_label (self->connection));
  gtk_label_set_text (self->uri_label, vireo_connection_get_uri (self->connection));

  if (state == VIREO_CONNECTION_STATE_CONNECTED)
    {
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      if (!self->loaded && self->cancellable == NULL)
        {
          self->cancellable = g_cancellable_new ();
          vireo_connection_get_host_info_async (self->connection, self->cancellable,
                                                host_info_cb, g_object_ref (self));
        }
      return;
    }

  /* not connected: what we showed stays, the bar says why it is not live */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  description = vireo_list_row_describe_connection (self->connection);
  gtk_label_set_text (self->error_label, description);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  if (self->sampler != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    vireo_host_window_update_usage (self);
}

/* -- live usage --------------------------------------------------------- */

/* Why a figure has no value: not connected, not read yet (a rate needs two
 * readings), or the host does not give it */
static char *
missing_figure (VireoHostWindow *self)
{
  if (vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_CONNECTED)
    return g_strdup (_("Not connected"));
  if (self->n_ticks < 2)
    return g_strdup (_("Collecting…"));
  return g_strdup (_("Not reported by this host"));
}

static void
vireo_host_window_tick (VireoHostWindow *self)
{
  if (self->n_ticks < 2)
    self->n_ticks++;
  vireo_host_window_update_usage (self);
}

static void
vireo_host_window_update_usage (VireoHostWindow *self)
{
  VireoStatsSeries *cpu = vireo_stats_sampler_get_host_cpu (self->sampler);
  VireoStatsSeries *memory = vireo_stats_sampler_get_host_memory (self->sampler);
  double total = vireo_stats_sampler_get_host_memory_total (self->sampler);
  double used = vireo_stats_series_get_latest (memory);
  double cpu_now = vireo_stats_series_get_latest (cpu);
  g_autofree char *cpu_text = isnan (cpu_now) ? missing_figure (self) : vireo_graph_format_value (cpu_now, "%");
  g_autofree char *memory_text = NULL;
  g_autofree char *span = NULL;
  guint seconds;

  vireo_graph_set_max (self->memory_graph, total);
  gtk_label_set_text (self->cpu_value, cpu_text);

  if (total > 0 && !isnan (used))
    {
      g_autofree char *u = vireo_graph_format_value (used, "KiB");
      g_autofree char *t = vireo_graph_format_value (total, "KiB");

      memory_text = g_strdup_printf (_("%s of %s (%.0f %%)"), u, t, CLAMP (100 * used / total, 0, 100));
    }
  else
    memory_text = isnan (used) ? missing_figure (self) : vireo_graph_format_value (used, "KiB");
  gtk_label_set_text (self->memory_value, memory_text);

  seconds = vireo_stats_sampler_get_interval (self->sampler) *
            vireo_stats_sampler_get_history_length (self->sampler);
  if (seconds >= 120)
    span = g_strdup_printf (ngettext ("last %u minute", "last %u minutes", seconds / 60),
                            seconds / 60);
  else
    span = g_strdup_printf (ngettext ("last %u second", "last %u seconds", seconds), seconds);
  gtk_label_set_text (self->cpu_graph_axis, span);
  gtk_label_set_text (self->memory_graph_axis, span);
}

static void
vireo_host_window_map (GtkWidget *widget)
{
  VireoHostWindow *self = VIREO_HOST_WINDOW (widget);

  GTK_WIDGET_CLASS (vireo_host_window_parent_class)->map (widget);

  if (self->sampler != NULL && self->tick_id == 0)
    self->tick_id = g_signal_connect_swapped (self->sampler, "tick",
                                              G_CALLBACK (vireo_host_window_tick), self);
  if (self->sampler != NULL)
    vireo_host_window_update_usage (self);
}

static void
vireo_host_window_unmap (GtkWidget *widget)
{
  VireoHostWindow *self = VIREO_HOST_WINDOW (widget);

  if (self->sampler != NULL)
    g_clear_signal_handler (&self->tick_id, self->sampler);

  GTK_WIDGET_CLASS (vireo_host_window_parent_class)->unmap (widget);
}

/* -- object ------------------------------------------------------------- */

static void
vireo_host_window_set_connection (VireoHostWindow *self,
                                  VireoConnection *connection)
{
  g_assert (self->connection == NULL);

  self->connection = g_object_ref (connection);
  self->sampler = g_object_ref (vireo_connection_get_sampler (connection));

  vireo_graph_set_series (self->cpu_graph, vireo_stats_sampler_get_host_cpu (self->sampler));
  vireo_graph_set_series (self->memory_graph,
                          vireo_stats_sampler_get_host_memory (self->sampler));
  g_signal_group_set_target (self->connection_signals, connection);
  vireo_host_window_update (self);

  vireo_host_window_add_page (self, vireo_host_networks_page_new (connection), "networks",
                              _("Networks"), "network-workgroup-symbolic");
  vireo_host_window_add_page (self, vireo_host_storage_page_new (connection), "storage",
                              _("Storage"), "drive-harddisk-symbolic");
  vireo_host_window_add_page (self, vireo_host_interfaces_page_new (connection), "interfaces",
                              _("Interfaces"), "network-wired-symbolic");
}

VireoConnection *
vireo_host_window_get_connection (VireoHostWindow *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_WINDOW (self), NULL);
  return self->connection;
}

gboolean
vireo_host_window_get_loaded (VireoHostWindow *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_WINDOW (self), FALSE);
  return self->loaded;
}

void
vireo_host_window_add_page (VireoHostWindow *self,
                            GtkWidget       *page,
                            const char      *name,
                            const char      *title,
                            const char      *icon_name)
{
  AdwViewStackPage *stack_page;

  g_return_if_fail (VIREO_IS_HOST_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (name != NULL && title != NULL);

  stack_page = adw_view_stack_add_titled (self->view_stack, page, name, title);
  if (icon_name != NULL)
    adw_view_stack_page_set_icon_name (stack_page, icon_name);
}

GtkWidget *
vireo_host_window_new (GtkApplication  *application,
                       VireoConnection *connection)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  return g_object_new (VIREO_TYPE_HOST_WINDOW,
                       "application", application,
                       "connection", connection,
                       NULL);
}

static void
vireo_host_window_dispose (GObject *object)
{
  VireoHostWindow *self = VIREO_HOST_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sampler != NULL)
    g_clear_signal_handler (&self->tick_id, self->sampler);
  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_HOST_WINDOW);

  g_clear_object (&self->connection_signals);
  g_clear_object (&self->sampler);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (vireo_host_window_parent_class)->dispose (object);
}

static void
vireo_host_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VireoHostWindow *self = VIREO_HOST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_host_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VireoHostWindow *self = VIREO_HOST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      vireo_host_window_set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_host_window_class_init (VireoHostWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_host_window_dispose;
  object_class->get_property = vireo_host_window_get_property;
  object_class->set_property = vireo_host_window_set_property;
  widget_class->map = vireo_host_window_map;
  widget_class->unmap = vireo_host_window_unmap;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, VIREO_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VIREO_TYPE_GRAPH);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/vireo-host-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoHostWindow, name)
  BIND (switcher_title);
  BIND (view_stack);
  BIND (error_revealer);
  BIND (error_label);
  BIND (hostname_label);
  BIND (uri_label);
  BIND (hypervisor_label);
  BIND (libvirt_label);
  BIND (cpu_model_label);
  BIND (cpus_label);
  BIND (topology_label);
  BIND (memory_label);
  BIND (cpu_graph);
  BIND (cpu_graph_axis);
  BIND (cpu_value);
  BIND (memory_graph);
  BIND (memory_graph_axis);
  BIND (memory_value);
#undef BIND

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
vireo_host_window_init (VireoHostWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_view_switcher_title_set_subtitle (self->switcher_title, _("Host Details"));

  vireo_graph_set_max (self->cpu_graph, 100);
  vireo_graph_set_label (self->cpu_graph, _("Host CPU usage"));
  vireo_graph_set_accessible_unit (self->cpu_graph, "%");
  vireo_graph_set_label (self->memory_graph, _("Host memory in use"));
  vireo_graph_set_accessible_unit (self->memory_graph, "KiB");

  self->connection_signals = g_signal_group_new (VIREO_TYPE_CONNECTION);
  g_signal_group_connect_swapped (self->connection_signals, "notify::state",
                                  G_CALLBACK (vireo_host_window_update), self);
  g_signal_group_connect_swapped (self->connection_signals, "notify::label",
                                  G_CALLBACK (vireo_host_window_update), self);
}
