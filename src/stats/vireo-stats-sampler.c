/* vireo-stats-sampler.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One sampler per connection. A tick reads every running VM's counters
 * with one virConnectGetAllDomainStats() on the connection's worker, asking
 * only for the enabled groups; drivers that give no bulk figures (libvirt's
 * test driver returns only the state) get per-VM calls instead. The main
 * thread then turns counters into rates and pushes them into ring buffers:
 * its cost is a hash lookup and a few pushes per running VM.
 */
#define G_LOG_DOMAIN "vireo-stats-sampler"

#include "config.h"

#include <libvirt/virterror.h>
#include <math.h>

#include "vireo-connection-private.h"
#include "vireo-domain.h"
#include "vireo-stats-sampler-private.h"

typedef struct
{
  char          uuid[VIR_UUID_STRING_BUFLEN];
  VireoRawStats raw;
} Sample;

typedef struct
{
  VireoRawStats raw;
  guint         tick;        /* last tick that saw this VM */
} Previous;

typedef struct
{
  /* in */
  virConnectPtr    handle;
  VireoStatsGroups groups;
  gboolean         per_domain;   /* the driver gives no bulk figures */
  gboolean         want_node_info;

  /* out */
  GArray          *samples;      /* Sample */
  guint            request;
  gboolean         bulk_empty;   /* bulk answered, but without the figures asked for */
  gboolean         have_host_cpu;
  guint64          host_busy_ns;
  guint64          host_total_ns;
  gboolean         have_host_memory;
  guint64          host_memory_used_kib;
  guint64          host_memory_total_kib;
  guint            host_cpus;
} Tick;

struct _VireoStatsSampler
{
  GObject           parent_instance;

  VireoConnection  *connection;        /* weak: the connection owns us */
  guint             interval;
  VireoStatsGroups  groups;
  guint             history_length;

  guint             timeout_source;
  gboolean          in_flight;
  gboolean          per_domain;
  guint             tick;
  guint             last_request;

  GHashTable       *previous;          /* uuid -> Previous */

  VireoStatsSeries *host_cpu;
  VireoStatsSeries *host_memory;
  guint64           host_memory_total_kib;
  guint             host_cpus;
  gboolean          have_prev_host;
  guint64           prev_host_busy_ns;
  guint64           prev_host_total_ns;
};

G_DEFINE_FINAL_TYPE (VireoStatsSampler, vireo_stats_sampler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INTERVAL,
  PROP_GROUPS,
  PROP_HISTORY_LENGTH,
  N_PROPS
};

enum {
  TICK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule (VireoStatsSampler *self);

/* -- worker side -------------------------------------------------------------- */

static void
tick_free (gpointer data)
{
  Tick *tick = data;

  if (tick->handle)
    virConnectClose (tick->handle);
  g_clear_pointer (&tick->samples, g_array_unref);
  g_free (tick);
}

static void
read_typed_params (Sample               *sample,
                   virTypedParameterPtr  params,
                   int                   n_params)
{
  VireoRawStats *raw = &sample->raw;

  for (int i = 0; i < n_params; i++)
    {
      const char *field = params[i].field;
      guint64 value;

      switch (params[i].type)
        {
        case VIR_TYPED_PARAM_ULLONG:
          value = params[i].value.ul;
          break;
        case VIR_TYPED_PARAM_UINT:
          value = params[i].value.ui;
          break;
        case VIR_TYPED_PARAM_INT:
          value = params[i].value.i;
          break;
        case VIR_TYPED_PARAM_LLONG:
          value = params[i].value.l;
          break;
        default:
          continue;
        }

      if (g_str_equal (field, "state.state"))
        raw->active = value != VIR_DOMAIN_SHUTOFF && value != VIR_DOMAIN_NOSTATE;
      else if (g_str_equal (field, "cpu.time"))
        {
          raw->has_cpu = TRUE;
          raw->cpu_time_ns = value;
        }
      else if (g_str_equal (field, "balloon.current"))
        {
          raw->has_memory = TRUE;
          raw->memory_kib = value;
        }
      else if (g_str_equal (field, "balloon.available"))
        {
          raw->has_guest_memory = TRUE;
          raw->available_kib = value;
        }
      else if (g_str_equal (field, "balloon.unused"))
        raw->unused_kib = value;
      else if (g_str_has_prefix (field, "block."))
        {
          if (g_str_has_suffix (field, ".rd.bytes"))
            raw->disk_read_bytes += value;
          else if (g_str_has_suffix (field, ".wr.bytes"))
            raw->disk_write_bytes += value;
          else
            continue;
          raw->has_disk = TRUE;
        }
      else if (g_str_has_prefix (field, "net."))
        {
          if (g_str_has_suffix (field, ".rx.bytes"))
            raw->net_rx_bytes += value;
          else if (g_str_has_suffix (field, ".tx.bytes"))
            raw->net_tx_bytes += value;
          else
            continue;
          raw->has_network = TRUE;
        }
    }
  /* libvirt reports no balloon.unused without a guest balloon driver */
  if (raw->has_guest_memory && raw->unused_kib == 0)
    raw->has_guest_memory = FALSE;
}

/* per-VM calls, for drivers without bulk figures */
static void
read_domain_directly (virDomainPtr     domain,
                      VireoStatsGroups groups,
                      Sample          *sample)
{
  VireoRawStats *raw = &sample->raw;
  virDomainInfo info;

  if (virDomainGetInfo (domain, &info) < 0)
    return;
  raw->active = info.state != VIR_DOMAIN_SHUTOFF && info.state != VIR_DOMAIN_NOSTATE;
  raw->vcpus = info.nrVirtCpu;
  if (groups & VIREO_STATS_GROUP_CPU)
    {
      raw->has_cpu = TRUE;
      raw->cpu_time_ns = info.cpuTime;
    }
  if (groups & VIREO_STATS_GROUP_MEMORY)
    {
      raw->has_memory = TRUE;
      raw->memory_kib = info.memory;
    }
}

static void
read_host (Tick *tick)
{
  int n = 0;

  if (tick->want_node_info)
    {
      virNodeInfo node;

      if (virNodeGetInfo (tick->handle, &node) == 0)
        {
          tick->host_cpus = node.cpus;
          tick->host_memory_total_kib = node.memory;
        }
    }

  if (virNodeGetCPUStats (tick->handle, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &n, 0) == 0 && n > 0)
    {
      g_autofree virNodeCPUStatsPtr params = g_new0 (virNodeCPUStats, n);

      if (virNodeGetCPUStats (tick->handle, VIR_NODE_CPU_STATS_ALL_CPUS, params, &n, 0) == 0)
        {
          guint64 idle = 0, total = 0;

          for (int i = 0; i < n; i++)
            {
              if (g_str_equal (params[i].field, VIR_NODE_CPU_STATS_IDLE))
                idle = params[i].value;
              if (g_str_equal (params[i].field, VIR_NODE_CPU_STATS_IDLE) ||
                  g_str_equal (params[i].field, VIR_NODE_CPU_STATS_KERNEL) ||
                  g_str_equal (params[i].field, VIR_NODE_CPU_STATS_USER) ||
                  g_str_equal (params[i].field, VIR_NODE_CPU_STATS_IOWAIT))
                total += params[i].value;
            }
          tick->have_host_cpu = total > 0;
          tick->host_total_ns = total;
          tick->host_busy_ns = total - idle;
        }
    }

  n = 0;
  if (virNodeGetMemoryStats (tick->handle, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &n, 0) == 0 && n > 0)
    {
      g_autofree virNodeMemoryStatsPtr params = g_new0 (virNodeMemoryStats, n);

      if (virNodeGetMemoryStats (tick->handle, VIR_NODE_MEMORY_STATS_ALL_CELLS, params, &n, 0) == 0)
        {
          guint64 total = 0, free_kib = 0, buffers = 0, cached = 0;

          for (int i = 0; i < n; i++)
            {
              if (g_str_equal (params[i].field, VIR_NODE_MEMORY_STATS_TOTAL))
                total = params[i].value;
              else if (g_str_equal (params[i].field, VIR_NODE_MEMORY_STATS_FREE))
                free_kib = params[i].value;
              else if (g_str_equal (params[i].field, VIR_NODE_MEMORY_STATS_BUFFERS))
                buffers = params[i].value;
              else if (g_str_equal (params[i].field, VIR_NODE_MEMORY_STATS_CACHED))
                cached = params[i].value;
            }
          if (total > 0 && total >= free_kib + buffers + cached)
            {
              tick->have_host_memory = TRUE;
              tick->host_memory_total_kib = total;
              tick->host_memory_used_kib = total - free_kib - buffers - cached;
            }
        }
    }
  /* drivers without node memory stats: total minus free */
  if (!tick->have_host_memory)
    {
      unsigned long long free_bytes = virNodeGetFreeMemory (tick->handle);
      guint64 total = tick->host_memory_total_kib;

      if (total == 0)
        {
          virNodeInfo node;

          if (virNodeGetInfo (tick->handle, &node) == 0)
            total = node.memory;
        }
      if (free_bytes > 0 && total > 0 && free_bytes / 1024 <= total)
        {
          tick->have_host_memory = TRUE;
          tick->host_memory_total_kib = total;
          tick->host_memory_used_kib = total - free_bytes / 1024;
        }
    }
  virResetLastError ();
}

static void
tick_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Tick *tick = task_data;
  guint flags = VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE;
  virDomainStatsRecordPtr *records = NULL;
  int n;

  tick->request = vireo_stats_groups_to_libvirt (tick->groups);
  tick->samples = g_array_new (FALSE, TRUE, sizeof (Sample));

  if (tick->per_domain)
    n = virConnectGetAllDomainStats (tick->handle, VIR_DOMAIN_STATS_STATE, &records, flags);
  else
    n = virConnectGetAllDomainStats (tick->handle, tick->request, &records, flags);
  if (n < 0)
    {
      /* older drivers: no filter flags */
      virResetLastError ();
      flags = 0;
      n = virConnectGetAllDomainStats (tick->handle,
                                       tick->per_domain ? VIR_DOMAIN_STATS_STATE : tick->request,
                                       &records, flags);
    }
  if (n < 0)
    {
      virResetLastError ();
      read_host (tick);
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_array_set_size (tick->samples, n);
  for (int i = 0; i < n; i++)
    {
      Sample *sample = &g_array_index (tick->samples, Sample, i);

      virDomainGetUUIDString (records[i]->dom, sample->uuid);
      read_typed_params (sample, records[i]->params, records[i]->nparams);
      sample->raw.time_us = g_get_monotonic_time ();

      if (!sample->raw.active)
        continue;
      if (!tick->per_domain && (tick->groups & VIREO_STATS_GROUP_CPU) && !sample->raw.has_cpu)
        tick->bulk_empty = TRUE;
      if (tick->per_domain)
        read_domain_directly (records[i]->dom, tick->groups, sample);
    }

  /* The driver answered without the figures: read this tick per VM. */
  if (tick->bulk_empty)
    for (int i = 0; i < n; i++)
      {
        Sample *sample = &g_array_index (tick->samples, Sample, i);

        if (sample->raw.active && !sample->raw.has_cpu)
          read_domain_directly (records[i]->dom, tick->groups, sample);
      }

  virDomainStatsRecordListFree (records);
  read_host (tick);
  g_task_return_boolean (task, TRUE);
}

/* -- main-thread side ------------------------------------------------------------- */

static void
apply_tick (VireoStatsSampler *self,
            Tick              *tick)
{
  GHashTableIter iter;
  gpointer value;
  double guests_host_cpu = 0;
  gboolean have_guests_cpu = FALSE;

  self->tick++;
  self->last_request = tick->request;
  if (tick->bulk_empty)
    self->per_domain = TRUE;
  if (tick->host_cpus > 0)
    self->host_cpus = tick->host_cpus;
  if (tick->host_memory_total_kib > 0)
    self->host_memory_total_kib = tick->host_memory_total_kib;

  for (guint i = 0; i < tick->samples->len; i++)
    {
      Sample *sample = &g_array_index (tick->samples, Sample, i);
      VireoDomain *domain = vireo_connection_lookup_domain (self->connection, sample->uuid);
      Previous *previous = g_hash_table_lookup (self->previous, sample->uuid);
      VireoDomainStats *stats;
      VireoRates rates;

      if (domain == NULL || !sample->raw.active)
        continue;
      if (sample->raw.vcpus == 0)
        sample->raw.vcpus = vireo_domain_get_vcpus (domain);

      vireo_stats_compute_rates (previous ? &previous->raw : NULL, &sample->raw,
                                 MAX (self->host_cpus, 1), &rates);
      stats = vireo_domain_get_stats (domain);
      vireo_domain_stats_set_history_length (stats, self->history_length);
      vireo_domain_stats_push (stats, &rates);
      if (rates.has_cpu)
        {
          have_guests_cpu = TRUE;
          guests_host_cpu += rates.host_cpu_percent;
        }

      if (previous == NULL)
        {
          previous = g_new0 (Previous, 1);
          g_hash_table_insert (self->previous, g_strdup (sample->uuid), previous);
        }
      previous->raw = sample->raw;
      previous->tick = self->tick;
    }

  /* forget VMs that stopped or vanished: their next reading starts afresh */
  g_hash_table_iter_init (&iter, self->previous);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Previous *) value)->tick != self->tick)
      g_hash_table_iter_remove (&iter);

  if (tick->have_host_cpu)
    {
      if (self->have_prev_host && tick->host_total_ns > self->prev_host_total_ns &&
          tick->host_busy_ns >= self->prev_host_busy_ns)
        {
          double busy = tick->host_busy_ns - self->prev_host_busy_ns;
          double total = tick->host_total_ns - self->prev_host_total_ns;

          vireo_stats_series_push (self->host_cpu, CLAMP (100.0 * busy / total, 0.0, 100.0));
        }
      self->have_prev_host = TRUE;
      self->prev_host_busy_ns = tick->host_busy_ns;
      self->prev_host_total_ns = tick->host_total_ns;
    }
  else if (have_guests_cpu)
    {
      /* no node CPU figures (test driver): what the guests use of it */
      vireo_stats_series_push (self->host_cpu, CLAMP (guests_host_cpu, 0.0, 100.0));
    }
  if (tick->have_host_memory)
    vireo_stats_series_push (self->host_memory, tick->host_memory_used_kib);

  g_signal_emit (self, signals[TICK], 0);
}

static void
tick_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VireoStatsSampler) self = user_data;
  Tick *tick = g_task_get_task_data (G_TASK (result));

  self->in_flight = FALSE;
  if (self->connection != NULL && g_task_propagate_boolean (G_TASK (result), NULL))
    apply_tick (self, tick);
}

static void
poll (VireoStatsSampler *self)
{
  g_autoptr(GTask) task = NULL;
  virConnectPtr handle;
  Tick *tick;

  if (self->in_flight || self->connection == NULL)
    return;   /* the last reading is still out: skip, never pile up */

  handle = vireo_connection_ref_handle (self->connection);
  if (handle == NULL)
    return;

  tick = g_new0 (Tick, 1);
  tick->handle = handle;
  tick->groups = self->groups;
  tick->per_domain = self->per_domain;
  tick->want_node_info = self->host_cpus == 0;

  self->in_flight = TRUE;
  task = g_task_new (self->connection, NULL, tick_done, g_object_ref (self));
  g_task_set_source_tag (task, poll);
  g_task_set_task_data (task, tick, tick_free);
  vireo_connection_run_in_worker (self->connection, task, tick_thread);
}

static gboolean
on_timeout (gpointer user_data)
{
  poll (user_data);
  return G_SOURCE_CONTINUE;
}

static void
schedule (VireoStatsSampler *self)
{
  gboolean connected;

  g_clear_handle_id (&self->timeout_source, g_source_remove);

  connected = self->connection != NULL &&
              vireo_connection_get_state (self->connection) == VIREO_CONNECTION_STATE_CONNECTED;
  if (!connected)
    {
      g_hash_table_remove_all (self->previous);
      self->have_prev_host = FALSE;
      return;
    }

  self->timeout_source = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, self->interval * 1000,
                                             on_timeout, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->timeout_source),
                            "[vireo] stats sampler");
}

static void
on_connection_state (VireoConnection   *connection,
                     GParamSpec        *pspec,
                     VireoStatsSampler *self)
{
  schedule (self);
  if (vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED)
    poll (self);   /* a first reading right away: rates need two */
}

/* -- API -------------------------------------------------------------------------- */

/* vireo_connection_get_sampler() is the connection's (vireo-connection.c): it makes its one
 * sampler with this on first use and holds it */
VireoStatsSampler *
_vireo_stats_sampler_new (VireoConnection *connection)
{
  VireoStatsSampler *self;

  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  self = g_object_new (VIREO_TYPE_STATS_SAMPLER, NULL);
  self->connection = connection;
  g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &self->connection);
  g_signal_connect_object (connection, "notify::state",
                           G_CALLBACK (on_connection_state), self, 0);
  on_connection_state (connection, NULL, self);

  return self;
}

guint
vireo_stats_sampler_get_interval (VireoStatsSampler *self)
{
  g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), 0);
  return self->interval;
}

void
vireo_stats_sampler_set_interval (VireoStatsSampler *self,
                                  guint              seconds)
{
  g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));

  seconds = CLAMP (seconds, 1, 60);
  if (self->interval == seconds)
    return;
  self->interval = seconds;
  if (self->timeout_source != 0)
    schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

VireoStatsGroups
vireo_stats_sampler_get_groups (VireoStatsSampler *self)
{
  g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), 0);
  return self->groups;
}

void
vireo_stats_sampler_set_groups (VireoStatsSampler *self,
                                VireoStatsGroups   groups)
{
  g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));

  groups &= VIREO_STATS_GROUP_ALL;
  if (self->groups == groups)
    return;
  self->groups = groups;
  /* a group that comes back starts from a fresh reading */
  g_hash_table_remove_all (self->previous);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUPS]);
}

guint
vireo_stats_sampler_get_history_length (VireoStatsSampler *self)
{
  g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), 0);
  return self->history_length;
}

void
vireo_stats_sampler_set_history_length (VireoStatsSampler *self,
                                        guint              samples)
{
  GListModel *domains;

  g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));

  samples = MAX (samples, 2);
  if (self->history_length == samples)
    return;
  self->history_length = samples;

  vireo_stats_series_set_capacity (self->host_cpu, samples);
  vireo_stats_series_set_capacity (self->host_memory, samples);
  if (self->connection != NULL)
    {
      domains = vireo_connection_get_domains (self->connection);
      for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
        {
          g_autoptr(VireoDomain) domain = g_list_model_get_item (domains, i);
          vireo_domain_stats_set_history_length (vireo_domain_get_stats (domain), samples);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_LENGTH]);
}

VireoStatsSeries *
vireo_stats_sampler_get_host_cpu (VireoStatsSampler *self)
{
  g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), NULL);
  return self->host_cpu;
}

VireoStatsSeries *
vireo_stats_sampler_get_host_memory (VireoStatsSampler *self)
{
  g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), NULL);
  return self->host_memory;
}

guint64
vireo_stats_sampler_get_host_memory_total (VireoStatsSampler *self)
{
  g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), 0);
  return self->host_memory_total_kib;
}

guint
vireo_stats_sampler_get_host_cpus (VireoStatsSampler *self)
{
  g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), 0);
  return self->host_cpus;
}

void
vireo_stats_sampler_poll_now (VireoStatsSampler *self)
{
  g_return_if_fail (VIREO_IS_STATS_SAMPLER (self));
  poll (self);
}

guint
vireo_stats_sampler_get_last_request (VireoStatsSampler *self)
{
  g_return_val_if_fail (VIREO_IS_STATS_SAMPLER (self), 0);
  return self->last_request;
}

/* -- GObject ------------------------------------------------------------------------ */

static void
vireo_stats_sampler_finalize (GObject *object)
{
  VireoStatsSampler *self = VIREO_STATS_SAMPLER (object);

  g_clear_handle_id (&self->timeout_source, g_source_remove);
  if (self->connection)
    g_object_remove_weak_pointer (G_OBJECT (self->connection), (gpointer *) &self->connection);
  g_clear_pointer (&self->previous, g_hash_table_unref);
  g_clear_object (&self->host_cpu);
  g_clear_object (&self->host_memory);

  G_OBJECT_CLASS (vireo_stats_sampler_parent_class)->finalize (object);
}

static void
vireo_stats_sampler_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VireoStatsSampler *self = VIREO_STATS_SAMPLER (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    case PROP_GROUPS:
      g_value_set_uint (value, self->groups);
      break;
    case PROP_HISTORY_LENGTH:
      g_value_set_uint (value, self->history_length);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_stats_sampler_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VireoStatsSampler *self = VIREO_STATS_SAMPLER (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      vireo_stats_sampler_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_GROUPS:
      vireo_stats_sampler_set_groups (self, g_value_get_uint (value));
      break;
    case PROP_HISTORY_LENGTH:
      vireo_stats_sampler_set_history_length (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_stats_sampler_class_init (VireoStatsSamplerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vireo_stats_sampler_finalize;
  object_class->get_property = vireo_stats_sampler_get_property;
  object_class->set_property = vireo_stats_sampler_set_property;

  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 1, 60, 3,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUPS] =
    g_param_spec_uint ("groups", NULL, NULL, 0, VIREO_STATS_GROUP_ALL, VIREO_STATS_GROUP_CPU,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY_LENGTH] =
    g_param_spec_uint ("history-length", NULL, NULL, 2, 100000, 120,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoStatsSampler::tick:
   *
   * A reading was applied to every VM's VireoDomainStats and the host series.
   */
  signals[TICK] =
    g_signal_new ("tick",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vireo_stats_sampler_init (VireoStatsSampler *self)
{
  self->interval = 3;
  self->groups = VIREO_STATS_GROUP_CPU;
  self->history_length = 120;
  self->previous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->host_cpu = vireo_stats_series_new (self->history_length);
  self->host_memory = vireo_stats_series_new (self->history_length);
}
