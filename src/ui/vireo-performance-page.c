/* vireo-performance-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-performance-page"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "vireo-graph.h"
#include "vireo-performance-page.h"

struct _VireoPerformancePage
{
  AdwBin             parent_instance;

  VireoDomain       *domain;        /* owned */
  VireoDomainStats  *stats;         /* owned */
  VireoStatsSampler *sampler;       /* owned */
  gulong             updated_id;    /* while mapped */
  gulong             sampler_ids[3];
  guint              n_updates;     /* readings seen while shown, up to 2 */

  /* template */
  GtkLabel          *cpu_value;
  GtkLabel          *cpu_second_value;
  GtkStack          *cpu_stack;
  VireoGraph        *cpu_graph;
  GtkLabel          *cpu_off_label;
  GtkLabel          *cpu_axis;
  GtkLabel          *memory_value;
  GtkStack          *memory_stack;
  VireoGraph        *memory_graph;
  GtkLabel          *memory_off_label;
  GtkLabel          *memory_axis;
  GtkLabel          *disk_value;
  GtkLabel          *disk_second_value;
  GtkStack          *disk_stack;
  VireoGraph        *disk_graph;
  GtkLabel          *disk_off_label;
  GtkLabel          *disk_axis;
  GtkLabel          *network_value;
  GtkLabel          *network_second_value;
  GtkStack          *network_stack;
  VireoGraph        *network_graph;
  GtkLabel          *network_off_label;
  GtkLabel          *network_axis;
};

G_DEFINE_FINAL_TYPE (VireoPerformancePage, vireo_performance_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_DOMAIN, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* -- values ------------------------------------------------------------- */

static void vireo_performance_page_update_values (VireoPerformancePage *self);

/* Why a figure has no value: the host is not connected, the VM does not
 * run, it has not been read twice yet (a rate needs two readings), or the
 * host does not give it */
static const char *
missing_figure (VireoPerformancePage *self)
{
  VireoConnection *connection = vireo_domain_get_connection (self->domain);
  VireoDomainState state = vireo_domain_get_state (self->domain);

  if (connection != NULL && vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED)
    return _("not connected");
  if (state != VIREO_DOMAIN_STATE_RUNNING && state != VIREO_DOMAIN_STATE_BLOCKED &&
      state != VIREO_DOMAIN_STATE_PAUSED)
    return _("not running");
  if (self->n_updates < 2)
    return _("collecting…");
  return _("not reported by this host");
}

static void
set_value (VireoPerformancePage *self,
           GtkLabel             *label,
           const char           *what,
           double                value,
           const char           *unit)
{
  g_autofree char *formatted = NULL;
  g_autofree char *text = NULL;

  if (isnan (value))
    /* Translators: a graph's key without a value: what, then why
     * ("Read: not reported by this host") */
    text = g_strdup_printf (C_("graph key", "%s: %s"), what, missing_figure (self));
  else
    {
      formatted = vireo_graph_format_value (value, unit);
      /* Translators: a graph's key: what, then its value ("Read 3.4 MiB/s") */
      text = g_strdup_printf (C_("graph key", "%s %s"), what, formatted);
    }
  gtk_label_set_text (label, text);
}

static void
vireo_performance_page_updated (VireoPerformancePage *self)
{
  if (self->n_updates < 2)
    self->n_updates++;
  vireo_performance_page_update_values (self);
}

static void
vireo_performance_page_update_values (VireoPerformancePage *self)
{
  double memory, total;
  g_autofree char *memory_text = NULL;

  if (self->stats == NULL)
    return;

  set_value (self, self->cpu_value, _("Guest"),
             vireo_domain_stats_get_current (self->stats, VIREO_STAT_CPU), "%");
  set_value (self, self->cpu_second_value, _("Host"),
             vireo_domain_stats_get_current (self->stats, VIREO_STAT_HOST_CPU), "%");

  memory = vireo_domain_stats_get_current (self->stats, VIREO_STAT_MEMORY);
  total = vireo_domain_stats_get_memory_total (self->stats);
  vireo_graph_set_max (self->memory_graph, total);
  if (isnan (memory))
    /* Translators: the memory graph's key without a value ("In use: not
     * running"): see "%s: %s" */
    memory_text = g_strdup_printf (C_("graph key", "%s: %s"), _("In use"), missing_figure (self));
  else if (total > 0)
    {
      g_autofree char *used = vireo_graph_format_value (memory, "KiB");
      g_autofree char *all = vireo_graph_format_value (total, "KiB");

      /* Translators: memory in use, of the total, and the percentage */
      memory_text = g_strdup_printf (_("%s of %s (%.0f %%)"), used, all,
                                     CLAMP (100 * memory / total, 0, 100));
    }
  else
    memory_text = vireo_graph_format_value (memory, "KiB");
  gtk_label_set_text (self->memory_value, memory_text);

  set_value (self, self->disk_value, _("Read"),
             vireo_domain_stats_get_current (self->stats, VIREO_STAT_DISK_READ), "B/s");
  set_value (self, self->disk_second_value, _("Write"),
             vireo_domain_stats_get_current (self->stats, VIREO_STAT_DISK_WRITE), "B/s");
  set_value (self, self->network_value, _("In"),
             vireo_domain_stats_get_current (self->stats, VIREO_STAT_NET_RX), "B/s");
  set_value (self, self->network_second_value, _("Out"),
             vireo_domain_stats_get_current (self->stats, VIREO_STAT_NET_TX), "B/s");
}

/* -- polling settings --------------------------------------------------- */

/* "last 6 minutes", "last 30 seconds" */
static char *
vireo_performance_page_describe_span (guint seconds)
{
  if (seconds >= 120)
    return g_strdup_printf (ngettext ("last %u minute", "last %u minutes", seconds / 60),
                            seconds / 60);
  return g_strdup_printf (ngettext ("last %u second", "last %u seconds", seconds), seconds);
}

static void
set_group_state (GtkStack   *stack,
                 GtkLabel   *off_label,
                 gboolean    on,
                 const char *off_text)
{
  gtk_label_set_text (off_label, off_text);
  gtk_stack_set_visible_child_name (stack, on ? "graph" : "off");
}

static void
vireo_performance_page_update_sampler (VireoPerformancePage *self)
{
  VireoStatsGroups groups;
  g_autofree char *span = NULL;

  if (self->sampler == NULL)
    return;

  groups = vireo_stats_sampler_get_groups (self->sampler);
  set_group_state (self->cpu_stack, self->cpu_off_label, groups & VIREO_STATS_GROUP_CPU,
                   _("CPU polling is off — turn it on in Preferences"));
  set_group_state (self->memory_stack, self->memory_off_label, groups & VIREO_STATS_GROUP_MEMORY,
                   _("Memory polling is off — turn it on in Preferences"));
  set_group_state (self->disk_stack, self->disk_off_label, groups & VIREO_STATS_GROUP_DISK,
                   _("Disk polling is off — turn it on in Preferences"));
  set_group_state (self->network_stack, self->network_off_label, groups & VIREO_STATS_GROUP_NETWORK,
                   _("Network polling is off — turn it on in Preferences"));

  span = vireo_performance_page_describe_span (vireo_stats_sampler_get_interval (self->sampler) *
                                               vireo_stats_sampler_get_history_length (self->sampler));
  gtk_label_set_text (self->cpu_axis, span);
  gtk_label_set_text (self->memory_axis, span);
  gtk_label_set_text (self->disk_axis, span);
  gtk_label_set_text (self->network_axis, span);
}

/* -- listening only while shown ----------------------------------------- */

static void
vireo_performance_page_listen (VireoPerformancePage *self)
{
  if (self->stats != NULL && self->updated_id == 0)
    self->updated_id = g_signal_connect_swapped (self->stats, "updated",
                                                 G_CALLBACK (vireo_performance_page_updated),
                                                 self);
  if (self->sampler != NULL && self->sampler_ids[0] == 0)
    {
      const char *names[] = { "notify::groups", "notify::interval", "notify::history-length" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        self->sampler_ids[i] =
          g_signal_connect_swapped (self->sampler, names[i],
                                    G_CALLBACK (vireo_performance_page_update_sampler), self);
    }
}

static void
vireo_performance_page_unlisten (VireoPerformancePage *self)
{
  if (self->stats != NULL)
    g_clear_signal_handler (&self->updated_id, self->stats);
  self->updated_id = 0;
  for (guint i = 0; i < G_N_ELEMENTS (self->sampler_ids); i++)
    {
      if (self->sampler != NULL)
        g_clear_signal_handler (&self->sampler_ids[i], self->sampler);
      self->sampler_ids[i] = 0;
    }
}

static void
vireo_performance_page_map (GtkWidget *widget)
{
  VireoPerformancePage *self = VIREO_PERFORMANCE_PAGE (widget);

  GTK_WIDGET_CLASS (vireo_performance_page_parent_class)->map (widget);

  vireo_performance_page_listen (self);
  vireo_performance_page_update_sampler (self);
  vireo_performance_page_update_values (self);
}

static void
vireo_performance_page_unmap (GtkWidget *widget)
{
  vireo_performance_page_unlisten (VIREO_PERFORMANCE_PAGE (widget));

  GTK_WIDGET_CLASS (vireo_performance_page_parent_class)->unmap (widget);
}

/* -- domain ------------------------------------------------------------- */

void
vireo_performance_page_set_domain (VireoPerformancePage *self,
                                   VireoDomain          *domain)
{
  VireoConnection *connection;

  g_return_if_fail (VIREO_IS_PERFORMANCE_PAGE (self));
  g_return_if_fail (domain == NULL || VIREO_IS_DOMAIN (domain));

  if (self->domain == domain)
    return;

  vireo_performance_page_unlisten (self);
  g_clear_object (&self->stats);
  g_clear_object (&self->sampler);
  g_set_object (&self->domain, domain);
  self->n_updates = 0;

  if (domain != NULL)
    {
      self->stats = g_object_ref (vireo_domain_get_stats (domain));
      connection = vireo_domain_get_connection (domain);
      if (connection != NULL)
        self->sampler = g_object_ref (vireo_connection_get_sampler (connection));
    }

#define SERIES(stat) (self->stats ? vireo_domain_stats_get_series (self->stats, stat) : NULL)
  vireo_graph_set_series (self->cpu_graph, SERIES (VIREO_STAT_CPU));
  vireo_graph_set_second_series (self->cpu_graph, SERIES (VIREO_STAT_HOST_CPU));
  vireo_graph_set_series (self->memory_graph, SERIES (VIREO_STAT_MEMORY));
  vireo_graph_set_series (self->disk_graph, SERIES (VIREO_STAT_DISK_READ));
  vireo_graph_set_second_series (self->disk_graph, SERIES (VIREO_STAT_DISK_WRITE));
  vireo_graph_set_series (self->network_graph, SERIES (VIREO_STAT_NET_RX));
  vireo_graph_set_second_series (self->network_graph, SERIES (VIREO_STAT_NET_TX));
#undef SERIES

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      vireo_performance_page_listen (self);
      vireo_performance_page_update_sampler (self);
      vireo_performance_page_update_values (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
}

VireoDomain *
vireo_performance_page_get_domain (VireoPerformancePage *self)
{
  g_return_val_if_fail (VIREO_IS_PERFORMANCE_PAGE (self), NULL);
  return self->domain;
}

GtkWidget *
vireo_performance_page_new (VireoDomain *domain)
{
  return g_object_new (VIREO_TYPE_PERFORMANCE_PAGE, "domain", domain, NULL);
}

static void
vireo_performance_page_dispose (GObject *object)
{
  VireoPerformancePage *self = VIREO_PERFORMANCE_PAGE (object);

  vireo_performance_page_unlisten (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_PERFORMANCE_PAGE);
  g_clear_object (&self->stats);
  g_clear_object (&self->sampler);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vireo_performance_page_parent_class)->dispose (object);
}

static void
vireo_performance_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  VireoPerformancePage *self = VIREO_PERFORMANCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_performance_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  VireoPerformancePage *self = VIREO_PERFORMANCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      vireo_performance_page_set_domain (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_performance_page_class_init (VireoPerformancePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_performance_page_dispose;
  object_class->get_property = vireo_performance_page_get_property;
  object_class->set_property = vireo_performance_page_set_property;
  widget_class->map = vireo_performance_page_map;
  widget_class->unmap = vireo_performance_page_unmap;

  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VIREO_TYPE_GRAPH);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/vireo-performance-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoPerformancePage, name)
  BIND (cpu_value);
  BIND (cpu_second_value);
  BIND (cpu_stack);
  BIND (cpu_graph);
  BIND (cpu_off_label);
  BIND (cpu_axis);
  BIND (memory_value);
  BIND (memory_stack);
  BIND (memory_graph);
  BIND (memory_off_label);
  BIND (memory_axis);
  BIND (disk_value);
  BIND (disk_second_value);
  BIND (disk_stack);
  BIND (disk_graph);
  BIND (disk_off_label);
  BIND (disk_axis);
  BIND (network_value);
  BIND (network_second_value);
  BIND (network_stack);
  BIND (network_graph);
  BIND (network_off_label);
  BIND (network_axis);
#undef BIND
}

static void
vireo_performance_page_init (VireoPerformancePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  vireo_graph_set_max (self->cpu_graph, 100);
  vireo_graph_set_fill (self->cpu_graph, TRUE);
  vireo_graph_set_label (self->cpu_graph, _("Guest CPU"));
  vireo_graph_set_second_label (self->cpu_graph, _("Host CPU share"));
  vireo_graph_set_accessible_unit (self->cpu_graph, "%");

  vireo_graph_set_fill (self->memory_graph, TRUE);
  vireo_graph_set_label (self->memory_graph, _("Memory in use"));
  vireo_graph_set_accessible_unit (self->memory_graph, "KiB");

  vireo_graph_set_label (self->disk_graph, _("Disk read"));
  vireo_graph_set_second_label (self->disk_graph, _("Disk write"));
  vireo_graph_set_accessible_unit (self->disk_graph, "B/s");

  vireo_graph_set_label (self->network_graph, _("Network in"));
  vireo_graph_set_second_label (self->network_graph, _("Network out"));
  vireo_graph_set_accessible_unit (self->network_graph, "B/s");
}
