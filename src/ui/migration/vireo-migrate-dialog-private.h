/* vireo-migrate-dialog-private.h — what the Migrate dialog's files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoMigrateDialog is one class in two files: vireo-migrate-dialog.c (the
 * choices, the destinations, the pre-flight runs, the job, the object) and
 * -checks.c (what the checks found: the disks, and each problem on the page
 * it belongs to).
 */
#pragma once

#include "vireo-migrate-dialog.h"
#include "vireo-migrate-progress.h"

G_BEGIN_DECLS

struct _VireoMigrateDialog
{
  AdwWindow             parent_instance;

  VireoDomain          *domain;          /* owned */
  GListModel           *connections;     /* owned */
  VireoConnection      *destination;     /* owned, or NULL */
  GPtrArray            *watched;         /* VireoConnection (owned) whose changes we follow */
  GSignalGroup         *domain_signals;
  GPtrArray            *dest_rows;       /* AdwActionRow in destination_group */
  GPtrArray            *disk_rows;
  GPtrArray            *problem_rows;    /* in the three problems groups */
  VireoMigrationReport *report;          /* the last checks' answer, or NULL */
  char                 *options_error;   /* the options' own problem, or NULL */
  char                 *preflight_error; /* the checks could not run, or NULL */
  GCancellable         *preflight_cancellable;
  guint                 preflight_source;
  guint                 checking : 1;
  guint                 updating : 1;    /* the dialog sets its own widgets */
  guint                 storage_touched : 1;

  /* template */
  GtkStack             *title_stack;
  AdwWindowTitle       *window_title;
  GtkWidget            *close_button;
  GtkWidget            *migrate_button;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwViewStackPage     *general_page;
  AdwViewStackPage     *storage_page;
  AdwViewStackPage     *advanced_page;
  AdwPreferencesGroup  *general_problems_group;
  AdwPreferencesGroup  *storage_problems_group;
  AdwPreferencesGroup  *advanced_problems_group;
  AdwPreferencesGroup  *destination_group;
  AdwPreferencesGroup  *disks_group;
  AdwPreferencesGroup  *memory_group;
  GtkWidget            *live_row;
  GtkCheckButton       *live_check;
  GtkWidget            *offline_row;
  GtkCheckButton       *offline_check;
  GtkWidget            *permanent_row;
  GtkCheckButton       *permanent_check;
  GtkWidget            *temporary_row;
  GtkCheckButton       *temporary_check;
  GtkWidget            *direct_row;
  GtkCheckButton       *direct_check;
  GtkWidget            *tunnelled_row;
  GtkCheckButton       *tunnelled_check;
  GtkWidget            *address_row;
  GtkWidget            *port_row;
  GtkSpinButton        *port_spin;
  GtkWidget            *shared_row;
  GtkCheckButton       *shared_check;
  GtkWidget            *copy_all_row;
  GtkCheckButton       *copy_all_check;
  GtkWidget            *copy_inc_row;
  GtkCheckButton       *copy_inc_check;
  GtkWidget            *bandwidth_row;
  GtkSwitch            *bandwidth_switch;
  GtkWidget            *bandwidth_value_row;
  GtkSpinButton        *bandwidth_value_spin;
  GtkSpinButton        *downtime_spin;
  GtkSwitch            *auto_converge_switch;
  GtkSwitch            *compress_switch;
  GtkWidget            *postcopy_row;
  GtkSwitch            *postcopy_switch;
  GtkSwitch            *unsafe_switch;
  GtkSpinner           *checking_spinner;
  GtkImage             *status_icon;
  GtkLabel             *status_label;
  VireoMigrateProgress *progress;
};

/* vireo-migrate-dialog-checks.c */
void        _vireo_migrate_dialog_show_disks     (VireoMigrateDialog *self);
/* the problems of the report, the options' own and the checks' failure, on their pages */
void        _vireo_migrate_dialog_show_problems  (VireoMigrateDialog *self);
/* the first blocking sentence shown, or NULL */
const char *_vireo_migrate_dialog_first_blocking (VireoMigrateDialog *self);
guint       _vireo_migrate_dialog_count_warnings (VireoMigrateDialog *self);

G_END_DECLS
