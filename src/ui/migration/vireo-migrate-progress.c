/* vireo-migrate-progress.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-migrate-progress"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-graph.h"
#include "vireo-list-row.h"
#include "vireo-migrate-progress.h"

/* the result sentence, kept on the VireoMigration for a dialog opened later */
#define RESULT_KEY "vireo-migrate-result"
/* the graphs show the last half minute at two samples a second */
#define SERIES_CAPACITY 60

struct _VireoMigrateProgress
{
  AdwBin            parent_instance;

  VireoMigration   *migration;       /* owned */
  GSignalGroup     *migration_signals;
  VireoStatsSeries *remaining;       /* KiB */
  VireoStatsSeries *rate;            /* bytes/s */

  /* template */
  GtkLabel         *heading_label;
  GtkLabel         *state_label;
  GtkProgressBar   *progress_bar;
  GtkWidget        *result_box;
  GtkImage         *result_icon;
  GtkLabel         *result_label;
  VireoGraph       *remaining_graph;
  VireoGraph       *rate_graph;
  AdwActionRow     *processed_row;
  AdwActionRow     *remaining_row;
  AdwActionRow     *rate_row;
  AdwActionRow     *dirty_row;
  AdwActionRow     *iteration_row;
  AdwActionRow     *downtime_row;
  AdwActionRow     *disk_row;
  AdwActionRow     *elapsed_row;
  GtkLabel         *postcopy_error_label;
  GtkWidget        *postcopy_button;
  GtkWidget        *cancel_button;
};

G_DEFINE_FINAL_TYPE (VireoMigrateProgress, vireo_migrate_progress, ADW_TYPE_BIN)

enum { PROP_0, PROP_MIGRATION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const char *
state_text (VireoMigrationState state)
{
  switch (state)
    {
    case VIREO_MIGRATION_STATE_PREPARING:
      return _("Preparing the destination…");
    case VIREO_MIGRATION_STATE_STORAGE:
      return _("Copying the disks…");
    case VIREO_MIGRATION_STATE_MEMORY:
      return _("Copying the memory while the guest runs…");
    case VIREO_MIGRATION_STATE_POSTCOPY:
      return _("Post-copy: the guest runs on the destination while the rest of its memory follows…");
    case VIREO_MIGRATION_STATE_DONE:
      return _("Done");
    case VIREO_MIGRATION_STATE_FAILED:
      return _("Failed");
    case VIREO_MIGRATION_STATE_CANCELLED:
      return _("Cancelled");
    default:
      return "";
    }
}

static gboolean
state_is_final (VireoMigrationState state)
{
  return state == VIREO_MIGRATION_STATE_DONE || state == VIREO_MIGRATION_STATE_FAILED ||
         state == VIREO_MIGRATION_STATE_CANCELLED;
}

static char *
format_bytes (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static const char *
source_label (VireoMigrateProgress *self)
{
  VireoConnection *source = vireo_domain_get_connection (vireo_migration_get_domain (self->migration));

  return source != NULL ? vireo_list_row_connection_label (source) : "";
}

static const char *
destination_label (VireoMigrateProgress *self)
{
  VireoConnection *destination = vireo_migration_get_destination (self->migration);

  return destination != NULL ? vireo_list_row_connection_label (destination) : "";
}

/* the figures of the newest sample */
static void
show_sample (VireoMigrateProgress       *self,
             const VireoMigrationSample *sample)
{
  g_autofree char *processed = format_bytes (sample->data_processed);
  g_autofree char *total = format_bytes (sample->data_total);
  g_autofree char *remaining = format_bytes (sample->data_remaining);
  g_autofree char *rate = vireo_graph_format_value ((double) sample->memory_bps, "B/s");
  g_autofree char *processed_text = NULL;
  g_autofree char *dirty_text = NULL;
  g_autofree char *elapsed_text = NULL;
  g_autofree char *number = NULL;
  guint seconds = (guint) MIN (sample->elapsed_ms / 1000, (gint64) G_MAXUINT);

  /* Translators: data processed of the total, "1.2 GiB of 2.0 GiB" */
  processed_text = g_strdup_printf (_("%s of %s"), processed, total);
  set_subtitle (self->processed_row, processed_text);
  set_subtitle (self->remaining_row, remaining);
  set_subtitle (self->rate_row, rate);

  if (sample->dirty_rate > 0)
    {
      number = g_strdup_printf ("%" G_GUINT64_FORMAT, sample->dirty_rate);
      /* Translators: how many memory pages the guest changes per second */
      dirty_text = g_strdup_printf (_("%s pages a second"), number);
      set_subtitle (self->dirty_row, dirty_text);
    }
  else
    set_subtitle (self->dirty_row, _("Not known yet"));
  g_clear_pointer (&number, g_free);

  if (sample->iteration > 0)
    {
      number = g_strdup_printf ("%" G_GUINT64_FORMAT, sample->iteration);
      set_subtitle (self->iteration_row, number);
    }
  else
    set_subtitle (self->iteration_row, _("Not started"));
  g_clear_pointer (&number, g_free);

  /* how long the guest would pause if the copy ended now: it falls as the
   * copy converges */
  if (sample->downtime_ms > 0)
    {
      g_autofree char *downtime_text = NULL;

      number = g_strdup_printf ("%" G_GUINT64_FORMAT, sample->downtime_ms);
      /* Translators: milliseconds, "42 ms" */
      downtime_text = g_strdup_printf (_("%s ms"), number);
      set_subtitle (self->downtime_row, downtime_text);
    }
  else
    set_subtitle (self->downtime_row, _("Not known yet"));

  gtk_widget_set_visible (GTK_WIDGET (self->disk_row), sample->disk_total > 0);
  if (sample->disk_total > 0)
    {
      g_autofree char *disk_done = format_bytes (sample->disk_processed);
      g_autofree char *disk_total = format_bytes (sample->disk_total);
      g_autofree char *disk_text = g_strdup_printf (_("%s of %s"), disk_done, disk_total);

      set_subtitle (self->disk_row, disk_text);
    }

  /* Translators: time elapsed, minutes and seconds ("2:05") */
  elapsed_text = g_strdup_printf (C_("elapsed time", "%u:%02u"), seconds / 60, seconds % 60);
  set_subtitle (self->elapsed_row, elapsed_text);
}

static void
push_sample (VireoMigrateProgress       *self,
             const VireoMigrationSample *sample)
{
  vireo_stats_series_push (self->remaining, (double) sample->data_remaining / 1024.0);
  vireo_stats_series_push (self->rate, (double) sample->memory_bps);
}

static void
progress_cb (VireoMigrateProgress       *self,
             const VireoMigrationSample *sample)
{
  g_assert (VIREO_IS_MIGRATE_PROGRESS (self));

  if (sample == NULL)
    return;
  push_sample (self, sample);
  show_sample (self, sample);
}

static char *
result_sentence (VireoMigrateProgress *self,
                 VireoMigrationState   state)
{
  VireoDomain *domain = vireo_migration_get_domain (self->migration);
  const VireoMigrationOptions *options = vireo_migration_get_options (self->migration);
  g_autofree char *name = vireo_display_name_isolate (vireo_domain_get_name (domain));
  const char *kept;

  switch (state)
    {
    case VIREO_MIGRATION_STATE_DONE:
      if (options != NULL && options->mode == VIREO_MIGRATION_OFFLINE)
        return g_strdup_printf (_("“%s” is now defined on %s."), name, destination_label (self));
      return g_strdup_printf (_("“%s” now runs on %s."), name, destination_label (self));
    case VIREO_MIGRATION_STATE_CANCELLED:
      return g_strdup_printf (_("The migration was cancelled. “%s” is still on %s, unchanged."),
                              name, source_label (self));
    case VIREO_MIGRATION_STATE_FAILED:
      kept = g_object_get_data (G_OBJECT (self->migration), RESULT_KEY);
      if (kept != NULL)
        return g_strdup (kept);
      return g_strdup_printf (_("The migration failed. “%s” is still on %s."), name, source_label (self));
    case VIREO_MIGRATION_STATE_PREPARING:
    case VIREO_MIGRATION_STATE_STORAGE:
    case VIREO_MIGRATION_STATE_MEMORY:
    case VIREO_MIGRATION_STATE_POSTCOPY:
    default:
      return NULL;
    }
}

static void
vireo_migrate_progress_update (VireoMigrateProgress *self)
{
  VireoMigrationState state;
  const VireoMigrationOptions *options;
  g_autofree char *percent = NULL;
  gboolean final;
  double fraction;

  if (self->migration == NULL)
    return;

  state = vireo_migration_get_state (self->migration);
  options = vireo_migration_get_options (self->migration);
  final = state_is_final (state);
  fraction = CLAMP (vireo_migration_get_fraction (self->migration), 0.0, 1.0);
  if (state == VIREO_MIGRATION_STATE_DONE)
    fraction = 1.0;

  gtk_label_set_text (self->state_label, state_text (state));
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  /* Translators: the migration's progress in per cent */
  percent = g_strdup_printf (_("%d %%"), (int) (fraction * 100.0 + 0.5));
  gtk_progress_bar_set_text (self->progress_bar, percent);

  gtk_widget_set_visible (self->cancel_button, !final);
  gtk_widget_set_sensitive (self->cancel_button, state != VIREO_MIGRATION_STATE_POSTCOPY);
  gtk_widget_set_visible (self->postcopy_button,
                          !final && options != NULL && options->postcopy &&
                          options->mode == VIREO_MIGRATION_LIVE);
  gtk_widget_set_sensitive (self->postcopy_button, state == VIREO_MIGRATION_STATE_MEMORY);

  gtk_widget_set_visible (self->result_box, final);
  if (final)
    {
      g_autofree char *sentence = result_sentence (self, state);

      gtk_label_set_text (self->result_label, sentence != NULL ? sentence : "");
      gtk_image_set_from_icon_name (self->result_icon,
                                    state == VIREO_MIGRATION_STATE_DONE ? "emblem-ok-symbolic"
                                    : state == VIREO_MIGRATION_STATE_FAILED ? "dialog-error-symbolic"
                                    : "dialog-information-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->postcopy_error_label), FALSE);
    }
}

static void
cancel_clicked_cb (VireoMigrateProgress *self)
{
  if (self->migration == NULL)
    return;
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  vireo_migration_cancel (self->migration);
}

static void
postcopy_clicked_cb (VireoMigrateProgress *self)
{
  g_autoptr(GError) error = NULL;

  if (self->migration == NULL)
    return;
  if (!vireo_migration_switch_to_postcopy (self->migration, &error))
    {
      gtk_label_set_text (self->postcopy_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->postcopy_error_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->postcopy_error_label), FALSE);
  gtk_widget_set_sensitive (self->postcopy_button, FALSE);
}

void
vireo_migrate_progress_remember_error (VireoMigration *migration,
                                       const GError   *error)
{
  VireoDomain *domain;
  VireoConnection *source;
  g_autofree char *name = NULL;
  g_autofree char *kept = NULL;

  g_return_if_fail (VIREO_IS_MIGRATION (migration));

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  domain = vireo_migration_get_domain (migration);
  source = vireo_domain_get_connection (domain);
  name = vireo_display_name_isolate (vireo_domain_get_name (domain));
  /* the core's sentence says why; this one says what became of the VM */
  kept = g_strdup_printf (_("“%s” is still on %s."), name,
                          source != NULL ? vireo_list_row_connection_label (source) : "");
  g_object_set_data_full (G_OBJECT (migration), RESULT_KEY,
                          g_strdup_printf ("%s %s", error->message, kept), g_free);
}

void
vireo_migrate_progress_set_result (VireoMigrateProgress *self,
                                   const GError         *error)
{
  g_return_if_fail (VIREO_IS_MIGRATE_PROGRESS (self));

  if (self->migration == NULL)
    return;
  if (g_object_get_data (G_OBJECT (self->migration), RESULT_KEY) == NULL)
    vireo_migrate_progress_remember_error (self->migration, error);
  vireo_migrate_progress_update (self);
}

const char *
vireo_migrate_progress_get_result_text (VireoMigrateProgress *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATE_PROGRESS (self), NULL);

  if (!gtk_widget_get_visible (self->result_box))
    return NULL;
  return gtk_label_get_text (self->result_label);
}

void
vireo_migrate_progress_set_migration (VireoMigrateProgress *self,
                                      VireoMigration       *migration)
{
  g_return_if_fail (VIREO_IS_MIGRATE_PROGRESS (self));
  g_return_if_fail (migration == NULL || VIREO_IS_MIGRATION (migration));

  if (!g_set_object (&self->migration, migration))
    return;

  g_signal_group_set_target (self->migration_signals, migration);
  vireo_stats_series_clear (self->remaining);
  vireo_stats_series_clear (self->rate);

  if (migration != NULL)
    {
      VireoDomain *domain = vireo_migration_get_domain (migration);
      g_autofree char *name = vireo_display_name_isolate (vireo_domain_get_name (domain));
      g_autofree char *heading = NULL;
      GArray *samples = vireo_migration_get_samples (migration);

      /* Translators: the VM's name, the source host, the destination host */
      heading = g_strdup_printf (_("Moving “%s” from %s to %s"), name, source_label (self),
                                 destination_label (self));
      gtk_label_set_text (self->heading_label, heading);

      if (samples != NULL)
        {
          guint first = samples->len > SERIES_CAPACITY ? samples->len - SERIES_CAPACITY : 0;

          for (guint i = first; i < samples->len; i++)
            push_sample (self, &g_array_index (samples, VireoMigrationSample, i));
          if (samples->len > 0)
            show_sample (self, &g_array_index (samples, VireoMigrationSample, samples->len - 1));
        }
      if (samples == NULL || samples->len == 0)
        {
          VireoMigrationSample none = { 0 };

          show_sample (self, &none);
        }
    }

  vireo_migrate_progress_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIGRATION]);
}

VireoMigration *
vireo_migrate_progress_get_migration (VireoMigrateProgress *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATE_PROGRESS (self), NULL);

  return self->migration;
}

GtkWidget *
vireo_migrate_progress_new (void)
{
  return g_object_new (VIREO_TYPE_MIGRATE_PROGRESS, NULL);
}

static void
vireo_migrate_progress_dispose (GObject *object)
{
  VireoMigrateProgress *self = VIREO_MIGRATE_PROGRESS (object);

  if (self->migration_signals != NULL)
    g_signal_group_set_target (self->migration_signals, NULL);
  g_clear_object (&self->migration);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_MIGRATE_PROGRESS);

  G_OBJECT_CLASS (vireo_migrate_progress_parent_class)->dispose (object);
}

static void
vireo_migrate_progress_finalize (GObject *object)
{
  VireoMigrateProgress *self = VIREO_MIGRATE_PROGRESS (object);

  g_clear_object (&self->migration_signals);
  g_clear_object (&self->remaining);
  g_clear_object (&self->rate);

  G_OBJECT_CLASS (vireo_migrate_progress_parent_class)->finalize (object);
}

static void
vireo_migrate_progress_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  VireoMigrateProgress *self = VIREO_MIGRATE_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_MIGRATION:
      g_value_set_object (value, self->migration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_migrate_progress_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  VireoMigrateProgress *self = VIREO_MIGRATE_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_MIGRATION:
      vireo_migrate_progress_set_migration (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_migrate_progress_class_init (VireoMigrateProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_migrate_progress_dispose;
  object_class->finalize = vireo_migrate_progress_finalize;
  object_class->get_property = vireo_migrate_progress_get_property;
  object_class->set_property = vireo_migrate_progress_set_property;

  properties[PROP_MIGRATION] =
    g_param_spec_object ("migration", NULL, NULL, VIREO_TYPE_MIGRATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VIREO_TYPE_GRAPH);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/migration/vireo-migrate-progress.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, heading_label);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, state_label);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, result_box);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, result_icon);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, result_label);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, remaining_graph);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, rate_graph);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, processed_row);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, remaining_row);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, rate_row);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, dirty_row);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, iteration_row);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, downtime_row);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, disk_row);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, elapsed_row);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, postcopy_error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, postcopy_button);
  gtk_widget_class_bind_template_child (widget_class, VireoMigrateProgress, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, postcopy_clicked_cb);
}

static void
vireo_migrate_progress_init (VireoMigrateProgress *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->remaining = vireo_stats_series_new (SERIES_CAPACITY);
  self->rate = vireo_stats_series_new (SERIES_CAPACITY);
  vireo_graph_set_series (self->remaining_graph, self->remaining);
  vireo_graph_set_series (self->rate_graph, self->rate);

  self->migration_signals = g_signal_group_new (VIREO_TYPE_MIGRATION);
  g_signal_group_connect_swapped (self->migration_signals, "progress",
                                  G_CALLBACK (progress_cb), self);
  g_signal_group_connect_swapped (self->migration_signals, "notify::state",
                                  G_CALLBACK (vireo_migrate_progress_update), self);
  g_signal_group_connect_swapped (self->migration_signals, "notify::fraction",
                                  G_CALLBACK (vireo_migrate_progress_update), self);
}
