/* vireo-migrate-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-migrate-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-error-dialog.h"
#include "vireo-list-row.h"
#include "vireo-migrate-dialog-private.h"
#include "vireo-migrate-follow.h"
#include "vireo-migrate-progress.h"

/* the checks run this long after the last change of a choice */
#define PREFLIGHT_DELAY_MS 300


G_DEFINE_FINAL_TYPE (VireoMigrateDialog, vireo_migrate_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_CHECKING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void vireo_migrate_dialog_update (VireoMigrateDialog *self);
static void schedule_preflight (VireoMigrateDialog *self);

/* -- the choices ---------------------------------------------------------- */

static gboolean
domain_can_live (VireoDomain *domain)
{
  switch (vireo_domain_get_state (domain))
    {
    case VIREO_DOMAIN_STATE_RUNNING:
    case VIREO_DOMAIN_STATE_BLOCKED:
    case VIREO_DOMAIN_STATE_PAUSED:
    case VIREO_DOMAIN_STATE_SHUTDOWN:
      return TRUE;
    case VIREO_DOMAIN_STATE_NOSTATE:
    case VIREO_DOMAIN_STATE_SHUTOFF:
    case VIREO_DOMAIN_STATE_CRASHED:
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
    default:
      return FALSE;
    }
}

static gboolean
domain_can_offline (VireoDomain *domain)
{
  VireoDomainState state = vireo_domain_get_state (domain);

  return vireo_domain_get_persistent (domain) &&
         (state == VIREO_DOMAIN_STATE_SHUTOFF || state == VIREO_DOMAIN_STATE_CRASHED);
}

/* the options as the widgets show them */
static void
collect_options (VireoMigrateDialog    *self,
                 VireoMigrationOptions *options)
{
  const char *address;
  gboolean live;

  vireo_migration_options_init (options, self->domain);

  live = gtk_check_button_get_active (self->live_check);
  options->mode = live ? VIREO_MIGRATION_LIVE : VIREO_MIGRATION_OFFLINE;
  options->permanent = gtk_check_button_get_active (self->permanent_check);
  options->transport = gtk_check_button_get_active (self->tunnelled_check)
                       ? VIREO_MIGRATION_TUNNELLED : VIREO_MIGRATION_DIRECT;
  g_clear_pointer (&options->address, g_free);
  options->port = 0;
  if (options->transport == VIREO_MIGRATION_DIRECT)
    {
      address = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
      if (address != NULL)
        {
          g_autofree char *stripped = g_strstrip (g_strdup (address));

          if (*stripped != '\0')
            options->address = g_steal_pointer (&stripped);
        }
      options->port = (guint) gtk_spin_button_get_value_as_int (self->port_spin);
    }

  if (gtk_check_button_get_active (self->copy_all_check))
    options->storage = VIREO_MIGRATION_STORAGE_COPY_ALL;
  else if (gtk_check_button_get_active (self->copy_inc_check))
    options->storage = VIREO_MIGRATION_STORAGE_COPY_INCREMENTAL;
  else
    options->storage = VIREO_MIGRATION_STORAGE_SHARED;

  options->limit_bandwidth = live && gtk_switch_get_active (self->bandwidth_switch);
  options->bandwidth_mib = (gint64) gtk_spin_button_get_value_as_int (self->bandwidth_value_spin);
  options->max_downtime_ms = live ? (gint64) gtk_spin_button_get_value_as_int (self->downtime_spin) : 0;
  options->auto_converge = live && gtk_switch_get_active (self->auto_converge_switch);
  options->compressed = live && gtk_switch_get_active (self->compress_switch);
  options->postcopy = live && options->transport == VIREO_MIGRATION_DIRECT &&
                      gtk_switch_get_active (self->postcopy_switch);
  options->unsafe = gtk_switch_get_active (self->unsafe_switch);
}

/* the widgets as @options say (at the start) */
static void
show_options (VireoMigrateDialog          *self,
              const VireoMigrationOptions *options)
{
  self->updating = TRUE;
  gtk_check_button_set_active (options->mode == VIREO_MIGRATION_LIVE ? self->live_check : self->offline_check,
                               TRUE);
  gtk_check_button_set_active (options->permanent ? self->permanent_check : self->temporary_check, TRUE);
  gtk_check_button_set_active (options->transport == VIREO_MIGRATION_TUNNELLED ? self->tunnelled_check
                                                                                : self->direct_check,
                               TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), options->address ? options->address : "");
  gtk_spin_button_set_value (self->port_spin, options->port);
  switch (options->storage)
    {
    case VIREO_MIGRATION_STORAGE_COPY_ALL:
      gtk_check_button_set_active (self->copy_all_check, TRUE);
      break;
    case VIREO_MIGRATION_STORAGE_COPY_INCREMENTAL:
      gtk_check_button_set_active (self->copy_inc_check, TRUE);
      break;
    case VIREO_MIGRATION_STORAGE_SHARED:
    default:
      gtk_check_button_set_active (self->shared_check, TRUE);
      break;
    }
  gtk_switch_set_active (self->bandwidth_switch, options->limit_bandwidth);
  /* a limit a person turns on starts from a value that works */
  gtk_spin_button_set_value (self->bandwidth_value_spin,
                             options->bandwidth_mib > 0 ? (double) options->bandwidth_mib : 100.0);
  gtk_spin_button_set_value (self->downtime_spin, (double) options->max_downtime_ms);
  gtk_switch_set_active (self->auto_converge_switch, options->auto_converge);
  gtk_switch_set_active (self->compress_switch, options->compressed);
  gtk_switch_set_active (self->postcopy_switch, options->postcopy);
  gtk_switch_set_active (self->unsafe_switch, options->unsafe);
  self->updating = FALSE;
}

/* -- destinations --------------------------------------------------------- */

/* "qemu" of qemu+ssh://host/system */
static char *
uri_driver (const char *uri)
{
  const char *scheme_end;
  const char *plus;

  if (uri == NULL)
    return NULL;
  scheme_end = strchr (uri, ':');
  if (scheme_end == NULL)
    return NULL;
  plus = memchr (uri, '+', scheme_end - uri);
  return g_ascii_strdown (uri, (plus ? plus : scheme_end) - uri);
}

static gboolean
same_kind (VireoConnection *a,
           VireoConnection *b)
{
  g_autofree char *da = uri_driver (vireo_connection_get_uri (a));
  g_autofree char *db = uri_driver (vireo_connection_get_uri (b));

  return da != NULL && g_strcmp0 (da, db) == 0;
}

/* why @connection cannot be chosen now, or NULL when it can */
static char *
unavailable_reason (VireoConnection *connection)
{
  if (vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED)
    return vireo_list_row_describe_connection (connection);
  if (vireo_connection_get_read_only (connection))
    return g_strdup (_("Read-only: Vireo may not create a virtual machine there. Connect to it again with full access."));
  return NULL;
}

static void
unwatch_connections (VireoMigrateDialog *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_ptr_array_set_size (self->watched, 0);
}

static void destinations_changed_cb (VireoMigrateDialog *self);

static void
destination_toggled_cb (GtkCheckButton     *check,
                        VireoMigrateDialog *self)
{
  VireoConnection *connection;

  if (self->updating || !gtk_check_button_get_active (check))
    return;
  connection = g_object_get_data (G_OBJECT (check), "connection");
  if (g_set_object (&self->destination, connection))
    {
      vireo_migrate_dialog_update (self);
      schedule_preflight (self);
    }
}

static void
rebuild_destinations (VireoMigrateDialog *self)
{
  VireoConnection *source = vireo_domain_get_connection (self->domain);
  GtkCheckButton *group = NULL;
  gboolean destination_found = FALSE;
  GtkCheckButton *only_available = NULL;
  guint n_available = 0;
  guint n;

  self->updating = TRUE;
  unwatch_connections (self);
  for (guint i = 0; i < self->dest_rows->len; i++)
    adw_preferences_group_remove (self->destination_group, g_ptr_array_index (self->dest_rows, i));
  g_ptr_array_set_size (self->dest_rows, 0);

  n = self->connections != NULL ? g_list_model_get_n_items (self->connections) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoConnection) connection = g_list_model_get_item (self->connections, i);
      g_autofree char *reason = NULL;
      g_autofree char *state = NULL;
      const char *label;
      GtkWidget *row;
      GtkWidget *check;

      /* the source host is never a destination */
      if (connection == source || source == NULL || !same_kind (connection, source))
        continue;

      g_ptr_array_add (self->watched, g_object_ref (connection));
      g_signal_connect_swapped (connection, "notify::state", G_CALLBACK (destinations_changed_cb), self);
      g_signal_connect_swapped (connection, "notify::read-only", G_CALLBACK (destinations_changed_cb), self);
      g_signal_connect_swapped (connection, "notify::error", G_CALLBACK (destinations_changed_cb), self);
      g_signal_connect_swapped (connection, "notify::label", G_CALLBACK (destinations_changed_cb), self);

      label = vireo_list_row_connection_label (connection);
      reason = unavailable_reason (connection);
      state = vireo_list_row_describe_connection (connection);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   reason != NULL ? reason : state);
      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      if (group == NULL)
        group = GTK_CHECK_BUTTON (check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (check), "connection", g_object_ref (connection), g_object_unref);
      g_object_set_data_full (G_OBJECT (row), "connection", g_object_ref (connection), g_object_unref);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      if (reason != NULL)
        gtk_widget_set_sensitive (row, FALSE);
      else
        {
          n_available++;
          only_available = GTK_CHECK_BUTTON (check);
        }
      if (connection == self->destination && reason == NULL)
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
          destination_found = TRUE;
        }
      g_signal_connect (check, "toggled", G_CALLBACK (destination_toggled_cb), self);
      adw_preferences_group_add (self->destination_group, row);
      g_ptr_array_add (self->dest_rows, row);
    }

  if (self->dest_rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No other host"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Vireo is connected to no other host of this kind. Add one with Add Connection, then migrate."));
      adw_preferences_group_add (self->destination_group, row);
      g_ptr_array_add (self->dest_rows, row);
    }
  self->updating = FALSE;

  if (!destination_found)
    {
      /* the one host it can go to is chosen for the person */
      if (n_available == 1)
        {
          self->updating = TRUE;
          gtk_check_button_set_active (only_available, TRUE);
          self->updating = FALSE;
          g_set_object (&self->destination, g_object_get_data (G_OBJECT (only_available), "connection"));
        }
      else
        g_clear_object (&self->destination);
      schedule_preflight (self);
    }
}

static void
destinations_changed_cb (VireoMigrateDialog *self)
{
  VireoConnection *before = self->destination ? g_object_ref (self->destination) : NULL;

  rebuild_destinations (self);
  /* a host that reconnected may have changed (its VMs, networks, pools) */
  if (before != NULL && before == self->destination)
    schedule_preflight (self);
  g_clear_object (&before);
  vireo_migrate_dialog_update (self);
}

/* -- the dialog's state --------------------------------------------------- */

static void
set_status (VireoMigrateDialog *self,
            const char         *icon_name,
            const char         *text)
{
  gtk_widget_set_visible (GTK_WIDGET (self->checking_spinner), icon_name == NULL);
  gtk_spinner_set_spinning (self->checking_spinner, icon_name == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), icon_name != NULL);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  if (g_strcmp0 (icon_name, "dialog-error-symbolic") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "error");
  else if (g_strcmp0 (icon_name, "dialog-warning-symbolic") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "warning");
  else if (g_strcmp0 (icon_name, "emblem-ok-symbolic") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "success");
  gtk_label_set_text (self->status_label, text);
}

static void
vireo_migrate_dialog_update (VireoMigrateDialog *self)
{
  gboolean can_live = domain_can_live (self->domain);
  gboolean can_offline = domain_can_offline (self->domain);
  gboolean live, direct;
  const char *blocking = NULL;
  gboolean ready = FALSE;
  guint warnings;

  self->updating = TRUE;
  /* the mode follows the VM's state */
  gtk_widget_set_sensitive (self->live_row, can_live);
  gtk_widget_set_sensitive (self->offline_row, can_offline);
  if (can_live && !gtk_check_button_get_active (self->live_check))
    gtk_check_button_set_active (self->live_check, TRUE);
  else if (!can_live && can_offline && !gtk_check_button_get_active (self->offline_check))
    gtk_check_button_set_active (self->offline_check, TRUE);
  live = gtk_check_button_get_active (self->live_check);
  direct = gtk_check_button_get_active (self->direct_check);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->temporary_row),
                               live ? _("The source host keeps its definition; the destination keeps none once the guest stops.")
                                    : _("The source host keeps its definition; the destination gets a copy of it."));

  gtk_widget_set_sensitive (self->address_row, direct);
  gtk_widget_set_sensitive (self->port_row, direct);

  /* memory moves only in a live migration; post-copy needs the direct transport */
  gtk_widget_set_sensitive (GTK_WIDGET (self->memory_group), live);
  adw_preferences_group_set_description (self->memory_group,
                                         live ? NULL : _("Only a live migration copies memory."));
  gtk_widget_set_sensitive (self->bandwidth_value_row, gtk_switch_get_active (self->bandwidth_switch));
  gtk_widget_set_sensitive (self->postcopy_row, direct);
  gtk_widget_set_tooltip_text (self->postcopy_row,
                               direct ? NULL : _("Post-copy needs the direct transport."));

  /* copying is offered when a disk needs it, or once chosen */
  {
    gboolean needs_copy = self->report == NULL || vireo_migration_report_get_needs_copy (self->report);
    gboolean copying = !gtk_check_button_get_active (self->shared_check);

    gtk_widget_set_sensitive (self->copy_all_row, needs_copy || copying);
    gtk_widget_set_sensitive (self->copy_inc_row, needs_copy || copying);
  }
  self->updating = FALSE;

  _vireo_migrate_dialog_show_problems (self);
  blocking = _vireo_migrate_dialog_first_blocking (self);
  warnings = _vireo_migrate_dialog_count_warnings (self);

  if (vireo_domain_get_migration (self->domain) != NULL)
    set_status (self, "dialog-information-symbolic", _("This virtual machine is already migrating."));
  else if (self->destination == NULL)
    set_status (self, "dialog-information-symbolic",
                self->dest_rows->len > 0 &&
                g_object_get_data (G_OBJECT (g_ptr_array_index (self->dest_rows, 0)), "connection") != NULL
                ? _("Choose the destination host.")
                : _("There is no host to migrate to: connect to another host of the same kind first."));
  else if (self->options_error != NULL && !self->checking)
    set_status (self, "dialog-error-symbolic", self->options_error);
  else if (self->checking)
    set_status (self, NULL, _("Checking the destination…"));
  else if (blocking != NULL)
    set_status (self, "dialog-error-symbolic", blocking);
  else if (self->report == NULL)
    set_status (self, NULL, _("Checking the destination…"));
  else
    {
      g_autofree char *text = NULL;

      if (warnings > 0)
        text = g_strdup_printf (ngettext ("Ready to migrate, with %u warning: read it before you start.",
                                          "Ready to migrate, with %u warnings: read them before you start.",
                                          warnings),
                                warnings);
      else
        text = g_strdup (_("Ready to migrate: the checks found no problem."));
      set_status (self, warnings > 0 ? "dialog-warning-symbolic" : "emblem-ok-symbolic", text);
      ready = TRUE;
    }

  gtk_widget_set_sensitive (self->migrate_button, ready);
  gtk_widget_set_tooltip_text (self->migrate_button,
                               ready ? NULL : gtk_label_get_text (self->status_label));
}

static void
set_checking (VireoMigrateDialog *self,
              gboolean            checking)
{
  if (self->checking == !!checking)
    return;
  self->checking = !!checking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
}

typedef struct
{
  VireoMigrateDialog *self;          /* owned */
  GCancellable       *cancellable;   /* owned */
} PreflightData;

static void
preflight_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PreflightData *data = user_data;
  VireoMigrateDialog *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoMigrationReport) report = NULL;

  report = vireo_migration_preflight_finish (VIREO_DOMAIN (object), result, &error);
  /* a newer check replaced this one, or the dialog went away */
  if (g_cancellable_is_cancelled (data->cancellable) || data->cancellable != self->preflight_cancellable)
    goto out;

  g_clear_object (&self->preflight_cancellable);
  g_clear_object (&self->report);
  g_clear_pointer (&self->preflight_error, g_free);
  if (report == NULL)
    self->preflight_error = g_strdup (error != NULL ? error->message
                                                    : _("The checks could not run."));
  else
    self->report = g_steal_pointer (&report);

  /* a disk only the source has: copying is what the person needs, unless they chose */
  if (self->report != NULL && !self->storage_touched)
    {
      self->updating = TRUE;
      if (vireo_migration_report_get_needs_copy (self->report) &&
          gtk_check_button_get_active (self->shared_check))
        {
          gtk_check_button_set_active (self->copy_all_check, TRUE);
          self->updating = FALSE;
          _vireo_migrate_dialog_show_disks (self);
          vireo_migrate_dialog_update (self);
          schedule_preflight (self);
          goto out;
        }
      self->updating = FALSE;
    }

  set_checking (self, FALSE);
  _vireo_migrate_dialog_show_disks (self);
  vireo_migrate_dialog_update (self);

out:
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data);
}

static gboolean
preflight_timeout_cb (gpointer user_data)
{
  VireoMigrateDialog *self = user_data;
  VireoMigrationOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  PreflightData *data;

  self->preflight_source = 0;
  g_clear_pointer (&self->options_error, g_free);
  g_clear_pointer (&self->preflight_error, g_free);

  if (self->destination == NULL || vireo_domain_get_migration (self->domain) != NULL)
    {
      g_clear_object (&self->report);
      set_checking (self, FALSE);
      _vireo_migrate_dialog_show_disks (self);
      vireo_migrate_dialog_update (self);
      return G_SOURCE_REMOVE;
    }

  collect_options (self, &options);
  if (!vireo_migration_options_validate (&options, &error))
    self->options_error = g_strdup (error->message);

  self->preflight_cancellable = g_cancellable_new ();
  data = g_new0 (PreflightData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->preflight_cancellable);
  vireo_migration_preflight_async (self->domain, self->destination, &options,
                                   self->preflight_cancellable, preflight_cb, data);
  vireo_migration_options_clear (&options);
  vireo_migrate_dialog_update (self);

  return G_SOURCE_REMOVE;
}

/* the checks run again shortly after the last change; a running one is dropped */
static void
schedule_preflight (VireoMigrateDialog *self)
{
  if (self->preflight_cancellable != NULL)
    {
      g_cancellable_cancel (self->preflight_cancellable);
      g_clear_object (&self->preflight_cancellable);
    }
  g_clear_handle_id (&self->preflight_source, g_source_remove);
  if (gtk_stack_get_visible_child_name (self->main_stack) != NULL &&
      g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "progress"))
    {
      set_checking (self, FALSE);
      return;
    }
  set_checking (self, TRUE);
  self->preflight_source = g_timeout_add (PREFLIGHT_DELAY_MS, preflight_timeout_cb, self);
  vireo_migrate_dialog_update (self);
}

static void
option_changed_cb (VireoMigrateDialog *self)
{
  if (self->updating)
    return;
  vireo_migrate_dialog_update (self);
  schedule_preflight (self);
}

static void
option_toggled_cb (VireoMigrateDialog *self,
                   GtkCheckButton     *check)
{
  if (self->updating)
    return;
  /* a radio button turned off by another: the one turned on counts */
  if (!gtk_check_button_get_active (check))
    return;
  if (check == self->shared_check || check == self->copy_all_check || check == self->copy_inc_check)
    self->storage_touched = TRUE;
  option_changed_cb (self);
}

static void
domain_changed_cb (VireoMigrateDialog *self)
{
  VireoMigration *migration = vireo_domain_get_migration (self->domain);

  if (vireo_domain_get_removed (self->domain) &&
      vireo_migrate_progress_get_migration (self->progress) == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  /* a migration started elsewhere for this VM: show it */
  if (migration != NULL && vireo_migrate_progress_get_migration (self->progress) == NULL)
    {
      vireo_migrate_dialog_show_migration (self, migration);
      return;
    }
  vireo_migrate_dialog_update (self);
  schedule_preflight (self);
}

/* -- the job -------------------------------------------------------------- */

typedef struct
{
  GWeakRef        dialog;
  VireoMigration *migration;   /* owned */
} StartData;

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  StartData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoMigrateDialog) self = g_weak_ref_get (&data->dialog);

  if (vireo_migration_start_finish (VIREO_MIGRATION (object), result, &error))
    /* an open console follows the VM to the destination */
    vireo_migrate_follow_windows (data->migration);
  vireo_migrate_progress_remember_error (data->migration, error);
  if (self != NULL && vireo_migrate_progress_get_migration (self->progress) == data->migration)
    vireo_migrate_progress_set_result (self->progress, error);
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* the dialog was closed: the failure still reaches the person */
      GApplication *app = g_application_get_default ();
      GtkWindow *window = GTK_IS_APPLICATION (app)
                          ? gtk_application_get_active_window (GTK_APPLICATION (app)) : NULL;
      VireoDomain *domain = vireo_migration_get_domain (data->migration);
      g_autofree char *name = vireo_display_name_isolate (vireo_domain_get_name (domain));
      g_autofree char *heading = g_strdup_printf (_("Could not migrate “%s”"), name);

      if (window != NULL)
        vireo_error_dialog_present (window, heading, error);
      else
        g_message ("%s: %s", heading, error->message);
    }

  g_weak_ref_clear (&data->dialog);
  g_object_unref (data->migration);
  g_free (data);
}

static void
migrate_clicked_cb (VireoMigrateDialog *self)
{
  VireoMigrationOptions options = { 0 };
  g_autoptr(VireoMigration) migration = NULL;
  StartData *data;

  if (!gtk_widget_get_sensitive (self->migrate_button) || self->destination == NULL)
    return;

  collect_options (self, &options);
  migration = vireo_migration_new (self->domain, self->destination, &options);
  vireo_migration_options_clear (&options);
  vireo_migrate_dialog_show_migration (self, migration);

  data = g_new0 (StartData, 1);
  g_weak_ref_init (&data->dialog, self);
  data->migration = g_object_ref (migration);
  /* not the dialog's cancellable: closing the dialog does not stop the move
   * (the manager's row still shows it); Cancel Migration does */
  vireo_migration_start_async (migration, NULL, start_cb, data);
}

void
vireo_migrate_dialog_show_migration (VireoMigrateDialog *self,
                                     VireoMigration     *migration)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (VIREO_IS_MIGRATE_DIALOG (self));
  g_return_if_fail (VIREO_IS_MIGRATION (migration));

  g_clear_handle_id (&self->preflight_source, g_source_remove);
  if (self->preflight_cancellable != NULL)
    {
      g_cancellable_cancel (self->preflight_cancellable);
      g_clear_object (&self->preflight_cancellable);
    }
  set_checking (self, FALSE);

  name = vireo_display_name_isolate (vireo_domain_get_name (self->domain));
  /* Translators: the Migrate dialog's title while the job runs */
  title = g_strdup_printf (_("Migrating “%s”"), name);
  adw_window_title_set_title (self->window_title, title);
  gtk_stack_set_visible_child_name (self->title_stack, "title");
  gtk_stack_set_visible_child_name (self->main_stack, "progress");
  gtk_widget_set_visible (self->migrate_button, FALSE);
  gtk_button_set_label (GTK_BUTTON (self->close_button), _("_Close"));
  gtk_widget_set_tooltip_text (self->close_button,
                               _("The migration goes on; the list of virtual machines shows its progress"));
  vireo_migrate_progress_set_migration (self->progress, migration);
}

/* -- the object ----------------------------------------------------------- */

GtkWidget *
vireo_migrate_dialog_new (GtkWindow   *parent,
                          VireoDomain *domain,
                          GListModel  *connections)
{
  VireoMigrateDialog *self;
  VireoMigrationOptions options = { 0 };
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);
  g_return_val_if_fail (connections == NULL || G_IS_LIST_MODEL (connections), NULL);

  self = g_object_new (VIREO_TYPE_MIGRATE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->domain = g_object_ref (domain);
  self->connections = connections ? g_object_ref (connections) : NULL;

  name = vireo_display_name_isolate (vireo_domain_get_name (domain));
  /* Translators: the Migrate dialog's title */
  title = g_strdup_printf (_("Migrate “%s”"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);

  vireo_migration_options_init (&options, domain);
  show_options (self, &options);
  vireo_migration_options_clear (&options);

  if (self->connections != NULL)
    g_signal_connect_object (self->connections, "items-changed",
                             G_CALLBACK (destinations_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_set_target (self->domain_signals, domain);

  rebuild_destinations (self);
  _vireo_migrate_dialog_show_disks (self);
  if (vireo_domain_get_migration (domain) != NULL)
    vireo_migrate_dialog_show_migration (self, vireo_domain_get_migration (domain));
  vireo_migrate_dialog_update (self);

  return GTK_WIDGET (self);
}

VireoDomain *
vireo_migrate_dialog_get_domain (VireoMigrateDialog *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATE_DIALOG (self), NULL);
  return self->domain;
}

VireoConnection *
vireo_migrate_dialog_get_destination (VireoMigrateDialog *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATE_DIALOG (self), NULL);
  return self->destination;
}

gboolean
vireo_migrate_dialog_get_checking (VireoMigrateDialog *self)
{
  g_return_val_if_fail (VIREO_IS_MIGRATE_DIALOG (self), FALSE);
  return self->checking;
}

static void
vireo_migrate_dialog_dispose (GObject *object)
{
  VireoMigrateDialog *self = VIREO_MIGRATE_DIALOG (object);

  g_clear_handle_id (&self->preflight_source, g_source_remove);
  if (self->preflight_cancellable != NULL)
    g_cancellable_cancel (self->preflight_cancellable);
  g_clear_object (&self->preflight_cancellable);
  if (self->watched != NULL)
    unwatch_connections (self);
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  g_clear_object (&self->destination);
  g_clear_object (&self->report);
  g_clear_object (&self->connections);
  g_clear_object (&self->domain);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_MIGRATE_DIALOG);

  G_OBJECT_CLASS (vireo_migrate_dialog_parent_class)->dispose (object);
}

static void
vireo_migrate_dialog_finalize (GObject *object)
{
  VireoMigrateDialog *self = VIREO_MIGRATE_DIALOG (object);

  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_pointer (&self->dest_rows, g_ptr_array_unref);
  g_clear_pointer (&self->disk_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  g_clear_object (&self->domain_signals);
  g_free (self->options_error);
  g_free (self->preflight_error);

  G_OBJECT_CLASS (vireo_migrate_dialog_parent_class)->finalize (object);
}

static void
vireo_migrate_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VireoMigrateDialog *self = VIREO_MIGRATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CHECKING:
      g_value_set_boolean (value, self->checking);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_migrate_dialog_class_init (VireoMigrateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_migrate_dialog_dispose;
  object_class->finalize = vireo_migrate_dialog_finalize;
  object_class->get_property = vireo_migrate_dialog_get_property;

  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VIREO_TYPE_MIGRATE_PROGRESS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/migration/vireo-migrate-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoMigrateDialog, name)
  BIND (title_stack);
  BIND (window_title);
  BIND (close_button);
  BIND (migrate_button);
  BIND (main_stack);
  BIND (view_stack);
  BIND (general_page);
  BIND (storage_page);
  BIND (advanced_page);
  BIND (general_problems_group);
  BIND (storage_problems_group);
  BIND (advanced_problems_group);
  BIND (destination_group);
  BIND (disks_group);
  BIND (memory_group);
  BIND (live_row);
  BIND (live_check);
  BIND (offline_row);
  BIND (offline_check);
  BIND (permanent_row);
  BIND (permanent_check);
  BIND (temporary_row);
  BIND (temporary_check);
  BIND (direct_row);
  BIND (direct_check);
  BIND (tunnelled_row);
  BIND (tunnelled_check);
  BIND (address_row);
  BIND (port_row);
  BIND (port_spin);
  BIND (shared_row);
  BIND (shared_check);
  BIND (copy_all_row);
  BIND (copy_all_check);
  BIND (copy_inc_row);
  BIND (copy_inc_check);
  BIND (bandwidth_row);
  BIND (bandwidth_switch);
  BIND (bandwidth_value_row);
  BIND (bandwidth_value_spin);
  BIND (downtime_spin);
  BIND (auto_converge_switch);
  BIND (compress_switch);
  BIND (postcopy_row);
  BIND (postcopy_switch);
  BIND (unsafe_switch);
  BIND (checking_spinner);
  BIND (status_icon);
  BIND (status_label);
  BIND (progress);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, option_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, option_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, migrate_clicked_cb);
}

static void
vireo_migrate_dialog_init (VireoMigrateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->dest_rows = g_ptr_array_new ();
  self->disk_rows = g_ptr_array_new ();
  self->problem_rows = g_ptr_array_new ();

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_swapped (self->domain_signals, "notify::state",
                                  G_CALLBACK (domain_changed_cb), self);
  g_signal_group_connect_swapped (self->domain_signals, "notify::persistent",
                                  G_CALLBACK (domain_changed_cb), self);
  g_signal_group_connect_swapped (self->domain_signals, "notify::removed",
                                  G_CALLBACK (domain_changed_cb), self);
  g_signal_group_connect_swapped (self->domain_signals, "notify::migration",
                                  G_CALLBACK (domain_changed_cb), self);
}
