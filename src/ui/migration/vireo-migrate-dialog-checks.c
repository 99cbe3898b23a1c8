/* vireo-migrate-dialog-checks.c — what the pre-flight checks found: the
 * guest's disks on the Storage page, each problem on the page it belongs to
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-migrate-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-migrate-dialog-private.h"

static AdwPreferencesGroup *
group_for_check (VireoMigrateDialog  *self,
                 VireoMigrationCheck  check)
{
  switch (check)
    {
    case VIREO_MIGRATION_CHECK_OPTIONS:
      return self->advanced_problems_group;
    case VIREO_MIGRATION_CHECK_STORAGE:
      return self->storage_problems_group;
    case VIREO_MIGRATION_CHECK_DESTINATION:
    case VIREO_MIGRATION_CHECK_HYPERVISOR:
    case VIREO_MIGRATION_CHECK_CPU:
    case VIREO_MIGRATION_CHECK_HOST_PASSTHROUGH:
    case VIREO_MIGRATION_CHECK_NETWORK:
    case VIREO_MIGRATION_CHECK_NAME:
    case VIREO_MIGRATION_CHECK_MEMORY:
    case VIREO_MIGRATION_CHECK_HOST_DEVICE:
    default:
      return self->general_problems_group;
    }
}

static void
add_problem_row (VireoMigrateDialog  *self,
                 AdwPreferencesGroup *group,
                 const char          *message,
                 gboolean             blocking)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (blocking ? "dialog-error-symbolic"
                                                           : "dialog-warning-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               blocking ? _("This stops the migration.")
                                        : _("A warning: the migration may still work."));
  gtk_widget_add_css_class (icon, blocking ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  blocking ? _("Problem") : _("Warning"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  g_object_set_data (G_OBJECT (row), "problem-group", group);
  g_object_set_data (G_OBJECT (row), "blocking", GINT_TO_POINTER (blocking));
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->problem_rows, row);
}

static void
clear_problems (VireoMigrateDialog *self)
{
  for (guint i = 0; i < self->problem_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->problem_rows, i);

      adw_preferences_group_remove (g_object_get_data (G_OBJECT (row), "problem-group"), row);
    }
  g_ptr_array_set_size (self->problem_rows, 0);
}

static char *
describe_disk (const VireoMigrationDisk *disk)
{
  g_autofree char *size = NULL;
  g_autofree char *where = NULL;

  if (disk->capacity > 0)
    size = g_format_size_full (disk->capacity, G_FORMAT_SIZE_IEC_UNITS);
  else
    size = g_strdup (_("size unknown"));

  if (disk->read_only)
    where = g_strdup (_("read-only: not copied"));
  else if (disk->shared)
    where = g_strdup (_("shared: the destination sees it"));
  else if (disk->dest_pool != NULL)
    {
      g_autofree char *free_text = g_format_size_full (disk->dest_pool_free, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *pool = vireo_display_name_isolate (disk->dest_pool);

      /* Translators: a disk only the source host has: the destination pool and its free space */
      where = g_strdup_printf (_("local: a copy goes into pool “%s” (%s free)"), pool, free_text);
    }
  else
    where = g_strdup (_("local: the destination has no pool for a copy"));

  /* Translators: a disk's size, then where its storage is ("20 GiB, shared: …") */
  return g_strdup_printf (_("%s, %s"), size, where);
}

void
_vireo_migrate_dialog_show_disks (VireoMigrateDialog *self)
{
  GPtrArray *disks = self->report ? vireo_migration_report_get_disks (self->report) : NULL;

  for (guint i = 0; i < self->disk_rows->len; i++)
    adw_preferences_group_remove (self->disks_group, g_ptr_array_index (self->disk_rows, i));
  g_ptr_array_set_size (self->disk_rows, 0);

  if (disks == NULL || disks->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     self->report == NULL ? _("Not checked yet") : _("No disks"));
      adw_preferences_group_add (self->disks_group, row);
      g_ptr_array_add (self->disk_rows, row);
      return;
    }

  for (guint i = 0; i < disks->len; i++)
    {
      const VireoMigrationDisk *disk = g_ptr_array_index (disks, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = describe_disk (disk);
      GtkWidget *row = adw_action_row_new ();

      /* Translators: a disk's target ("vda") and its source (a path or pool/volume) */
      title = g_strdup_printf (_("%s: %s"), disk->target ? disk->target : "?",
                               disk->source ? disk->source : _("no source"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (self->disks_group, row);
      g_ptr_array_add (self->disk_rows, row);
    }
}

static gboolean
group_has_problem (VireoMigrateDialog  *self,
                   AdwPreferencesGroup *group,
                   gboolean            *blocking)
{
  gboolean found = FALSE;

  *blocking = FALSE;
  for (guint i = 0; i < self->problem_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->problem_rows, i);

      if (g_object_get_data (G_OBJECT (row), "problem-group") != group)
        continue;
      found = TRUE;
      if (g_object_get_data (G_OBJECT (row), "blocking"))
        *blocking = TRUE;
    }
  return found;
}

void
_vireo_migrate_dialog_show_problems (VireoMigrateDialog *self)
{
  GPtrArray *problems = self->report ? vireo_migration_report_get_problems (self->report) : NULL;
  struct { AdwPreferencesGroup *group; AdwViewStackPage *page; } pages[] = {
    { self->general_problems_group, self->general_page },
    { self->storage_problems_group, self->storage_page },
    { self->advanced_problems_group, self->advanced_page },
  };

  clear_problems (self);
  if (self->options_error != NULL)
    add_problem_row (self, self->advanced_problems_group, self->options_error, TRUE);
  if (self->preflight_error != NULL)
    add_problem_row (self, self->general_problems_group, self->preflight_error, TRUE);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const VireoMigrationProblem *problem = g_ptr_array_index (problems, i);

      if (problem->message == NULL)
        continue;
      /* the options' own problem is already there from the dialog's check */
      if (problem->check == VIREO_MIGRATION_CHECK_OPTIONS &&
          g_strcmp0 (problem->message, self->options_error) == 0)
        continue;
      add_problem_row (self, group_for_check (self, problem->check), problem->message, problem->blocking);
    }

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gboolean blocking;
      gboolean found = group_has_problem (self, pages[i].group, &blocking);

      gtk_widget_set_visible (GTK_WIDGET (pages[i].group), found);
      adw_view_stack_page_set_needs_attention (pages[i].page, found && blocking);
    }
}

/* the first blocking sentence, or NULL */
const char *
_vireo_migrate_dialog_first_blocking (VireoMigrateDialog *self)
{
  for (guint i = 0; i < self->problem_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->problem_rows, i);

      if (g_object_get_data (G_OBJECT (row), "blocking"))
        return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
    }
  return NULL;
}

guint
_vireo_migrate_dialog_count_warnings (VireoMigrateDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->problem_rows->len; i++)
    if (!g_object_get_data (G_OBJECT (g_ptr_array_index (self->problem_rows, i)), "blocking"))
      n++;
  return n;
}
