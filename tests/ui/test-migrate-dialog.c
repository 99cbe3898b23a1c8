/* test-migrate-dialog.c — the Migrate dialog on two test-driver hosts
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * host-migrate-a.xml is the source, host-migrate-b.xml the destination (see
 * their comments); a third test URI names a file that does not exist, so its
 * connection stays disconnected with a reason. What a person sees is
 * asserted: the hosts offered (never the source; the disconnected one greyed
 * out with its reason), which choices can be made for a running and a
 * shut-off VM and for each transport, a bandwidth limit of 0 refused on the
 * Advanced page with Migrate disabled and the reason written under the pages,
 * the pre-flight's problems on the page they belong to (a missing network and
 * a name clash on General, nothing on Storage), a disk whose path the
 * destination's local pool also has (a copy proposed, a warning naming it on
 * Storage), and the progress view of a
 * synthetic job (vireo-migration-private.h): its figures, graphs, buttons and
 * result, and the manager's row of the migrating VM.
 */
#define G_LOG_DOMAIN "test-migrate-dialog"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vireo-domain-actions.h"
#include "vireo-domain-private.h"
#include "vireo-graph.h"
#include "vireo-list-row.h"
#include "vireo-migrate-dialog.h"
#include "vireo-migrate-follow.h"
#include "vireo-migrate-progress.h"
#include "vireo-migration-private.h"
#include "vireo-vm-window.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 20000

static VireoConnection *source;
static VireoConnection *destination;
static VireoConnection *down;     /* never connects: its file does not exist */
static GListStore      *connections;

/* -- helpers ------------------------------------------------------------ */

static gboolean
not_checking (gpointer data)
{
  return !vireo_migrate_dialog_get_checking (VIREO_MIGRATE_DIALOG (data));
}

static GtkWidget *
open_dialog (const char *vm)
{
  VireoDomain *domain = ui_test_find_domain (source, vm);
  GtkWidget *dialog;

  g_assert_nonnull (domain);
  dialog = vireo_migrate_dialog_new (NULL, domain, G_LIST_MODEL (connections));
  gtk_window_present (GTK_WINDOW (dialog));
  ui_test_wait_drawn (dialog);
  g_assert_true (ui_test_wait_for (not_checking, dialog, TIMEOUT_MS));
  return dialog;
}

static void
close_dialog (GtkWidget *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_test_spin (50);
}

static GtkWidget *
row (GtkWidget *root, const char *title)
{
  GtkWidget *found = ui_test_find_widget (root, ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (found);
  return found;
}

/* the AdwPreferencesPage of the dialog's page @name (general, storage, advanced) */
static GtkWidget *
page (GtkWidget *dialog, const char *name)
{
  GtkWidget *stack = ui_test_find_widget (dialog, ADW_TYPE_VIEW_STACK, NULL);
  GtkWidget *child;

  g_assert_nonnull (stack);
  child = adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), name);
  g_assert_nonnull (child);
  return child;
}

static gboolean
is_blocking_row (GtkWidget *widget, gconstpointer data)
{
  return ADW_IS_ACTION_ROW (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), "This stops the migration.") == 0 &&
         (data == NULL || strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) != NULL);
}

/* the blocking problem shown on @page_widget whose sentence holds @text (any when NULL) */
static GtkWidget *
blocking_problem (GtkWidget *page_widget, const char *text)
{
  GtkWidget *found = ui_test_find_match (page_widget, is_blocking_row, text);

  /* shown: its group is visible too */
  if (found != NULL && !gtk_widget_is_visible (found))
    return NULL;
  return found;
}

static GtkWidget *
migrate_button (GtkWidget *dialog)
{
  GtkWidget *button = ui_test_find_widget (dialog, GTK_TYPE_BUTTON, "_Migrate");

  g_assert_nonnull (button);
  return button;
}

/* the sentence written under the pages */
static const char *
status_text (GtkWidget *dialog)
{
  GtkWidget *box = gtk_widget_get_last_child (gtk_widget_get_parent (ui_test_find_widget (dialog, ADW_TYPE_VIEW_STACK, NULL)));
  GtkWidget *label = ui_test_find_widget (box, GTK_TYPE_LABEL, NULL);

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_drawable (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static GtkCheckButton *
row_check (GtkWidget *action_row)
{
  GtkWidget *check = ui_test_find_widget (action_row, GTK_TYPE_CHECK_BUTTON, NULL);

  g_assert_nonnull (check);
  return GTK_CHECK_BUTTON (check);
}

static gboolean
down_disconnected (gpointer data)
{
  return vireo_connection_get_state (down) == VIREO_CONNECTION_STATE_DISCONNECTED &&
         vireo_connection_get_error (down) != NULL;
}

static gboolean
is_help_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "app.help-page") == 0;
}

/* -- the destinations ---------------------------------------------------- */

static void
test_destinations (void)
{
  GtkWidget *dialog = open_dialog ("web");
  GtkWidget *general = page (dialog, "general");
  GtkWidget *dest_row, *down_row;
  const char *subtitle;

  /* the source is never offered */
  g_assert_null (ui_test_find_widget (general, ADW_TYPE_ACTION_ROW, vireo_list_row_connection_label (source)));

  /* the destination is, and as the only one reachable it is chosen */
  dest_row = row (general, vireo_list_row_connection_label (destination));
  g_assert_true (gtk_widget_is_sensitive (dest_row));
  g_assert_true (gtk_check_button_get_active (row_check (dest_row)));
  g_assert_true (vireo_migrate_dialog_get_destination (VIREO_MIGRATE_DIALOG (dialog)) == destination);

  /* the disconnected host is there, greyed out, with why */
  down_row = row (general, vireo_list_row_connection_label (down));
  g_assert_false (gtk_widget_is_sensitive (down_row));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (down_row));
  g_assert_nonnull (subtitle);
  g_assert_true (g_str_has_prefix (subtitle, "Disconnected"));
  g_assert_cmpuint (strlen (subtitle), >, strlen ("Disconnected: "));

  /* a running VM with its network on the destination: nothing stops it */
  if (blocking_problem (dialog, NULL) != NULL)
    g_test_message ("unexpected: %s",
                    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (blocking_problem (dialog, NULL))));
  g_assert_null (blocking_problem (dialog, NULL));
  g_assert_true (gtk_widget_is_sensitive (migrate_button (dialog)));
  g_assert_true (g_str_has_prefix (status_text (dialog), "Ready to migrate"));

  /* its Help button opens the page about migrating */
  {
    GtkWidget *help = ui_test_find_match (dialog, is_help_button, NULL);
    g_autofree char *target = NULL;

    g_assert_nonnull (help);
    target = g_variant_print (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (help)), FALSE);
    g_assert_cmpstr (target, ==, "'vm-migrate'");
  }

  ui_test_render_check (dialog, "migrate-dialog.png");
  close_dialog (dialog);
}

/* -- the choices ---------------------------------------------------------- */

static void
test_choices (void)
{
  GtkWidget *dialog = open_dialog ("web");
  GtkWidget *general = page (dialog, "general");
  GtkWidget *advanced = page (dialog, "advanced");
  GtkWidget *address, *port, *postcopy, *bandwidth, *bandwidth_value;
  GtkWidget *problem;
  GtkSpinButton *spin;

  /* Migrate… is on the VM's menus for a running and a shut-off VM alike */
  {
    GtkWidget *owner = gtk_label_new (NULL);
    GActionGroup *actions = vireo_domain_actions_new (g_object_ref_sink (owner));

    vireo_domain_actions_set_domain (actions, ui_test_find_domain (source, "web"));
    g_assert_true (g_action_group_get_action_enabled (actions, "migrate"));
    vireo_domain_actions_set_domain (actions, ui_test_find_domain (source, "db"));
    g_assert_true (g_action_group_get_action_enabled (actions, "migrate"));
    vireo_domain_actions_set_domain (actions, NULL);
    g_object_unref (actions);
    g_object_unref (owner);
  }

  /* a running VM moves live; offline is for a shut-off one */
  g_assert_true (gtk_widget_is_sensitive (row (general, "Live")));
  g_assert_true (gtk_check_button_get_active (row_check (row (general, "Live"))));
  g_assert_false (gtk_widget_is_sensitive (row (general, "Offline")));

  /* address and port belong to the direct transport, post-copy too */
  address = ui_test_find_widget (general, ADW_TYPE_ENTRY_ROW, "Address on the destination (optional)");
  g_assert_nonnull (address);
  port = row (general, "Port");
  postcopy = row (advanced, "Allow post-copy");
  g_assert_true (gtk_check_button_get_active (row_check (row (general, "Direct"))));
  g_assert_true (gtk_widget_is_sensitive (address));
  g_assert_true (gtk_widget_is_sensitive (port));
  g_assert_true (gtk_widget_is_sensitive (postcopy));
  adw_action_row_activate (ADW_ACTION_ROW (row (general, "Tunnelled")));
  g_assert_true (gtk_check_button_get_active (row_check (row (general, "Tunnelled"))));
  g_assert_false (gtk_widget_is_sensitive (address));
  g_assert_false (gtk_widget_is_sensitive (port));
  g_assert_false (gtk_widget_is_sensitive (postcopy));
  adw_action_row_activate (ADW_ACTION_ROW (row (general, "Direct")));
  g_assert_true (gtk_widget_is_sensitive (address));
  g_assert_true (ui_test_wait_for (not_checking, dialog, TIMEOUT_MS));
  g_assert_true (gtk_widget_is_sensitive (migrate_button (dialog)));

  /* a bandwidth limit of 0 is refused: on the Advanced page, with Migrate
   * disabled and the reason written under the pages */
  bandwidth = row (advanced, "Limit bandwidth");
  bandwidth_value = row (advanced, "Bandwidth limit");
  g_assert_false (gtk_widget_is_sensitive (bandwidth_value));
  gtk_switch_set_active (GTK_SWITCH (ui_test_find_widget (bandwidth, GTK_TYPE_SWITCH, NULL)), TRUE);
  g_assert_true (gtk_widget_is_sensitive (bandwidth_value));
  spin = GTK_SPIN_BUTTON (ui_test_find_widget (bandwidth_value, GTK_TYPE_SPIN_BUTTON, NULL));
  gtk_spin_button_set_value (spin, 0);
  g_assert_true (ui_test_wait_for (not_checking, dialog, TIMEOUT_MS));
  problem = blocking_problem (advanced, NULL);
  g_assert_nonnull (problem);
  g_assert_null (blocking_problem (general, NULL));
  g_assert_null (blocking_problem (page (dialog, "storage"), NULL));
  g_assert_false (gtk_widget_is_sensitive (migrate_button (dialog)));
  g_assert_cmpstr (status_text (dialog), ==, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (problem)));
  g_test_message ("bandwidth 0: %s", status_text (dialog));

  gtk_spin_button_set_value (spin, 50);
  g_assert_true (ui_test_wait_for (not_checking, dialog, TIMEOUT_MS));
  g_assert_null (blocking_problem (advanced, NULL));
  g_assert_true (gtk_widget_is_sensitive (migrate_button (dialog)));
  close_dialog (dialog);

  /* a shut-off VM moves offline, and no memory is copied */
  dialog = open_dialog ("db");
  general = page (dialog, "general");
  advanced = page (dialog, "advanced");
  g_assert_false (gtk_widget_is_sensitive (row (general, "Live")));
  g_assert_true (gtk_widget_is_sensitive (row (general, "Offline")));
  g_assert_true (gtk_check_button_get_active (row_check (row (general, "Offline"))));
  g_assert_false (gtk_widget_is_sensitive (row (advanced, "Limit bandwidth")));
  g_assert_false (gtk_widget_is_sensitive (row (advanced, "Allow post-copy")));
  close_dialog (dialog);
}

/* -- the pre-flight's problems ------------------------------------------- */

static void
test_preflight_pages (void)
{
  GtkWidget *dialog = open_dialog ("clash");
  GtkWidget *general = page (dialog, "general");
  GtkWidget *network, *name;

  /* a missing network and a name clash: on the first page, not the others */
  network = blocking_problem (general, "“lan”");
  g_assert_nonnull (network);
  g_test_message ("network: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (network)));
  name = blocking_problem (general, "clash");
  g_assert_nonnull (name);
  g_assert_true (name != network);
  g_test_message ("name: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name)));
  g_assert_null (blocking_problem (page (dialog, "storage"), NULL));
  g_assert_null (blocking_problem (page (dialog, "advanced"), NULL));

  /* Migrate is disabled, and the reason is written where a person looks */
  g_assert_false (gtk_widget_is_sensitive (migrate_button (dialog)));
  g_assert_true (g_str_equal (status_text (dialog), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (network))) ||
                 g_str_equal (status_text (dialog), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name))));
  ui_test_render_check (dialog, "migrate-dialog-problems.png");
  close_dialog (dialog);
}

/* a disk the destination lacks: listed with its size on the Storage page,
 * copying chosen; with shared storage chosen by hand, the problem is there */
static void
test_storage_page (void)
{
  GtkWidget *dialog = open_dialog ("disky");
  GtkWidget *storage = page (dialog, "storage");
  GtkWidget *disk;
  const char *subtitle;
  g_autofree char *size = g_format_size_full (2ull << 30, G_FORMAT_SIZE_IEC_UNITS);

  disk = row (storage, "vda: /srv/a/images/disky.qcow2");
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (disk));
  g_test_message ("disk: %s", subtitle);
  g_assert_true (g_str_has_prefix (subtitle, size));
  g_assert_nonnull (strstr (subtitle, "local"));
  g_assert_true (gtk_check_button_get_active (row_check (row (storage, "Copy all disks"))));
  g_assert_null (blocking_problem (storage, NULL));

  adw_action_row_activate (ADW_ACTION_ROW (row (storage, "Shared storage")));
  g_assert_true (ui_test_wait_for (not_checking, dialog, TIMEOUT_MS));
  g_assert_nonnull (blocking_problem (storage, NULL));
  g_test_message ("shared: %s", status_text (dialog));
  g_assert_null (blocking_problem (page (dialog, "general"), NULL));
  g_assert_false (gtk_widget_is_sensitive (migrate_button (dialog)));
  close_dialog (dialog);
}

static gboolean
is_warning_row (GtkWidget *widget, gconstpointer data)
{
  return ADW_IS_ACTION_ROW (widget) && gtk_widget_is_visible (widget) &&
         g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)),
                    "A warning: the migration may still work.") == 0 &&
         strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) != NULL;
}

/* a disk whose path the destination's local pool also has: not taken for
 * shared (a copy into that pool is proposed and chosen), with a warning on
 * the Storage page naming the disk; shared storage chosen by hand stops
 * nothing (the person knows), and the warning stays */
static void
test_storage_same_path (void)
{
  GtkWidget *dialog = open_dialog ("samey");
  GtkWidget *storage = page (dialog, "storage");
  GtkWidget *disk;
  GtkWidget *warning;
  const char *subtitle;

  disk = row (storage, "vda: /srv/a/images/samey.qcow2");
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (disk));
  g_test_message ("disk: %s", subtitle);
  g_assert_nonnull (strstr (subtitle, "local: a copy goes into pool"));
  g_assert_nonnull (strstr (subtitle, "images"));
  g_assert_true (gtk_check_button_get_active (row_check (row (storage, "Copy all disks"))));
  g_assert_null (blocking_problem (storage, NULL));
  warning = ui_test_find_match (storage, is_warning_row, "same path");
  g_assert_nonnull (warning);
  g_test_message ("warning: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (warning)));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (warning)), "vda"));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (warning)), "replaces"));

  adw_action_row_activate (ADW_ACTION_ROW (row (storage, "Shared storage")));
  g_assert_true (ui_test_wait_for (not_checking, dialog, TIMEOUT_MS));
  g_assert_null (blocking_problem (storage, NULL));
  g_assert_nonnull (ui_test_find_match (storage, is_warning_row, "cannot tell"));
  g_assert_null (ui_test_find_match (storage, is_warning_row, "replaces"));
  close_dialog (dialog);
}

/* -- the progress view of a synthetic job ------------------------------- */

static gboolean
graph_has_values (GtkWidget *widget, gconstpointer data)
{
  VireoStatsSeries *series;

  if (!VIREO_IS_GRAPH (widget))
    return FALSE;
  series = vireo_graph_get_series (VIREO_GRAPH (widget));
  return series != NULL && vireo_stats_series_get_n_values (series) == GPOINTER_TO_UINT (data);
}

static void
test_progress (void)
{
  VireoDomain *domain = ui_test_find_domain (source, "web");
  VireoMigrationOptions options = { 0 };
  g_autoptr(VireoMigration) migration = NULL;
  g_autofree char *processed = NULL, *total = NULL, *expected = NULL;
  GtkWidget *dialog, *list_row, *window, *postcopy, *cancel, *result;
  VireoMigrationSample sample = { 0 };

  vireo_migration_options_init (&options, domain);
  options.postcopy = TRUE;
  migration = vireo_migration_new (domain, destination, &options);
  vireo_migration_options_clear (&options);

  dialog = open_dialog ("web");
  vireo_migrate_dialog_show_migration (VIREO_MIGRATE_DIALOG (dialog), migration);

  for (guint i = 0; i < 5; i++)
    {
      sample.elapsed_ms = 500 * (i + 1);
      sample.data_total = 1024 * 1024 * 1024;
      sample.data_processed = (guint64) (i + 1) * 100 * 1024 * 1024;
      sample.data_remaining = sample.data_total - sample.data_processed;
      sample.memory_bps = 200 * 1024 * 1024;
      sample.dirty_rate = 1500;
      sample.iteration = 1;
      sample.downtime_ms = 300 - 50 * i;
      _vireo_migration_push_sample (migration, &sample);
    }
  _vireo_migration_set_state (migration, VIREO_MIGRATION_STATE_MEMORY);
  ui_test_wait_drawn (dialog);

  /* the figures of the newest sample */
  processed = g_format_size_full (sample.data_processed, G_FORMAT_SIZE_IEC_UNITS);
  total = g_format_size_full (sample.data_total, G_FORMAT_SIZE_IEC_UNITS);
  expected = g_strdup_printf ("%s of %s", processed, total);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (dialog, "Data processed"))), ==, expected);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (dialog, "Memory the guest changes"))), ==,
                   "1500 pages a second");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (dialog, "Expected downtime"))), ==, "100 ms");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (dialog, "Time elapsed"))), ==, "0:02");
  g_assert_nonnull (ui_test_shown_label (dialog, "Copying the memory while the guest runs…"));

  /* both graphs hold the five samples and are drawn */
  g_assert_nonnull (ui_test_find_match (dialog, graph_has_values, GUINT_TO_POINTER (5)));
  ui_test_render_check (dialog, "migrate-progress.png");

  /* Cancel, and Switch to Post-Copy as the options allow it */
  cancel = ui_test_find_widget (dialog, GTK_TYPE_BUTTON, "_Cancel Migration");
  postcopy = ui_test_find_widget (dialog, GTK_TYPE_BUTTON, "Switch to _Post-Copy");
  g_assert_true (gtk_widget_is_drawable (cancel) && gtk_widget_is_sensitive (cancel));
  g_assert_true (gtk_widget_is_drawable (postcopy) && gtk_widget_is_sensitive (postcopy));

  /* the manager's row of the VM shows that it is migrating */
  window = gtk_window_new ();
  list_row = vireo_list_row_new ();
  gtk_window_set_child (GTK_WINDOW (window), list_row);
  vireo_list_row_set_item (VIREO_LIST_ROW (list_row), G_OBJECT (domain));
  _vireo_domain_set_migration (domain, migration);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_drawn (list_row);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (vireo_list_row_get_state_label (VIREO_LIST_ROW (list_row))),
                                   "Migrating, "));
  g_assert_nonnull (ui_test_find_widget (list_row, GTK_TYPE_PROGRESS_BAR, NULL));
  _vireo_domain_set_migration (domain, NULL);
  g_assert_cmpstr (gtk_label_get_text (vireo_list_row_get_state_label (VIREO_LIST_ROW (list_row))), ==,
                   vireo_domain_state_to_string (VIREO_DOMAIN_STATE_RUNNING, FALSE));
  gtk_window_destroy (GTK_WINDOW (window));

  /* the end: the result in a sentence, no more Cancel */
  _vireo_migration_set_state (migration, VIREO_MIGRATION_STATE_DONE);
  {
    g_autofree char *sentence = g_strdup_printf ("“\xe2\x81\xa8web\xe2\x81\xa9” now runs on %s.",
                                                 vireo_list_row_connection_label (destination));

    result = ui_test_shown_label (dialog, sentence);
  }
  g_assert_nonnull (result);
  g_assert_false (gtk_widget_is_drawable (cancel));
  g_assert_false (gtk_widget_is_drawable (postcopy));
  close_dialog (dialog);
}

/* -- the VM's window follows it ----------------------------------------- */

/* the VM window showing @domain, or NULL */
static GtkWidget *
vm_window_of (VireoApplication *app, VireoDomain *domain)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (VIREO_IS_VM_WINDOW (l->data) && vireo_vm_window_get_domain (l->data) == domain)
      return l->data;
  return NULL;
}

static void
test_follow (void)
{
  g_autoptr(VireoApplication) app = ui_test_app_new ();
  VireoDomain *moved = ui_test_find_domain (source, "moved");
  VireoDomain *arrived = ui_test_find_domain (destination, "moved");
  VireoMigrationOptions options = { 0 };
  g_autoptr(VireoMigration) migration = NULL;
  GtkWidget *old_window, *new_window;

  g_assert_nonnull (moved);
  g_assert_nonnull (arrived);
  vireo_application_show_domain (app, moved);
  old_window = vm_window_of (app, moved);
  g_assert_nonnull (old_window);
  ui_test_wait_drawn (old_window);

  /* the move ended well: the window (and its console) is now the destination's */
  vireo_migration_options_init (&options, moved);
  migration = vireo_migration_new (moved, destination, &options);
  vireo_migration_options_clear (&options);
  vireo_migrate_follow_windows (migration);
  g_assert_null (vm_window_of (app, moved));
  new_window = vm_window_of (app, arrived);
  g_assert_nonnull (new_window);
  ui_test_wait_drawn (new_window);
  g_assert_true (vireo_domain_get_connection (vireo_vm_window_get_domain (VIREO_VM_WINDOW (new_window))) ==
                 destination);

  gtk_window_destroy (GTK_WINDOW (new_window));
  ui_test_spin (50);
}

int
main (int argc, char *argv[])
{
  g_autofree char *uri_a = NULL, *uri_b = NULL, *uri_down = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vireo_core_init ();

  uri_a = g_strdup_printf ("test://%s/host-migrate-a.xml", UI_TESTS_DIR);
  uri_b = g_strdup_printf ("test://%s/host-migrate-b.xml", UI_TESTS_DIR);
  uri_down = g_strdup_printf ("test://%s/host-migrate-none.xml", UI_TESTS_DIR);
  source = vireo_connection_new (uri_a);
  destination = vireo_connection_new (uri_b);
  down = vireo_connection_new (uri_down);
  ui_test_connection_open (source, TIMEOUT_MS);
  ui_test_connection_open (destination, TIMEOUT_MS);
  vireo_connection_open_async (down, FALSE, NULL, NULL, NULL);
  g_assert_true (ui_test_wait_for (down_disconnected, NULL, TIMEOUT_MS));

  connections = g_list_store_new (VIREO_TYPE_CONNECTION);
  g_list_store_append (connections, source);
  g_list_store_append (connections, down);
  g_list_store_append (connections, destination);

  g_test_add_func ("/migrate-dialog/destinations", test_destinations);
  g_test_add_func ("/migrate-dialog/choices", test_choices);
  g_test_add_func ("/migrate-dialog/preflight-pages", test_preflight_pages);
  g_test_add_func ("/migrate-dialog/storage-page", test_storage_page);
  g_test_add_func ("/migrate-dialog/storage-same-path", test_storage_same_path);
  g_test_add_func ("/migrate-dialog/progress", test_progress);
  g_test_add_func ("/migrate-dialog/follow", test_follow);

  ret = g_test_run ();

  g_clear_object (&connections);
  vireo_connection_close (down);
  vireo_connection_close (destination);
  vireo_connection_close (source);
  g_clear_object (&down);
  g_clear_object (&destination);
  g_clear_object (&source);

  return ret;
}
