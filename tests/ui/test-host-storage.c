/* test-host-storage.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The host window's Storage page on a test-driver host (host-storage.xml),
 * as a person sees it:
 *   - the pools listed with their type and free space (the test driver
 *     counts its volumes: 86.4 GiB of 100), the page drawn;
 *     the selected pool's volumes with their format and the VM that uses
 *     one ("web");
 *   - the search keeps only the matching volumes, and says when none does;
 *   - New Volume: the volume appears; one larger than the free space is
 *     refused with a sentence naming the free space;
 *   - Delete on the volume "web" uses warns with the VM's name; another
 *     volume is deleted and leaves the list;
 *   - Stop and Start: a stopped pool says so instead of listing volumes;
 *   - New Pool: a type the host cannot make shows the package that adds
 *     it and cannot be created; netfs shows the NFS server's field; a name
 *     taken is refused in the assistant; a new dir pool appears on the page;
 *   - the New VM wizard's pool browser is on the same model: a pool made
 *     while it is open appears in it, and goes when deleted.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ui-test-util.h"
#include "vireo-host-storage-page.h"
#include "vireo-new-pool-wizard.h"
#include "vireo-pool-browser.h"

#define TIMEOUT_MS 20000

static VireoConnection *connection;
static GtkWidget *window;
static VireoHostStoragePage *page;

static gboolean
label_shown (gpointer data)
{
  return ui_test_shown_label (GTK_WIDGET (page), data) != NULL;
}

static gboolean
label_gone (gpointer data)
{
  return ui_test_shown_label (GTK_WIDGET (page), data) == NULL;
}

static gboolean
wait_shown (const char *text)
{
  return ui_test_wait_for (label_shown, (gpointer) text, TIMEOUT_MS);
}

static gboolean
wait_gone (const char *text)
{
  return ui_test_wait_for (label_gone, (gpointer) text, TIMEOUT_MS);
}

static gboolean
volumes_loaded (gpointer data)
{
  return vireo_host_storage_page_get_volumes_loaded (page);
}

static gboolean
n_volumes_is (gpointer data)
{
  return g_list_model_get_n_items (vireo_host_storage_page_get_volumes (page)) == GPOINTER_TO_UINT (data);
}

static void
select_pool (const char *name)
{
  g_assert_true (wait_shown (name));
  g_assert_true (vireo_host_storage_page_select_pool (page, name));
  g_assert_true (ui_test_wait_for (volumes_loaded, NULL, TIMEOUT_MS));
}

static void
search (const char *text)
{
  GtkWidget *entry = ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, NULL);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* the entry waits a moment before it says the text changed */
  g_signal_emit_by_name (entry, "search-changed");
}

static AdwMessageDialog *
wait_message_dialog (void)
{
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  return ui_test_find_message_dialog ();
}

static void
answer (AdwMessageDialog *dialog, const char *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  ui_test_spin (50);
}

static void
test_pools_and_volumes (void)
{
  GtkWidget *details;

  select_pool ("images");
  g_assert_true (wait_shown ("web.qcow2"));
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (page), "debian.iso"));
  /* the format, and the VM with its disk on the volume */
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (page), "qcow2"));
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (page), "web"));
  /* the pool's type, folder and free space */
  details = ui_test_shown_label (GTK_WIDGET (page), "Directory · /srv/vireo-images · 86.4\u00a0GiB free of 100.0\u00a0GiB");
  g_assert_nonnull (details);
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (page), "backup"));
  ui_test_render_check (GTK_WIDGET (page), "host-storage-page.png");

  search ("DATA");
  g_assert_true (ui_test_wait_for (n_volumes_is, GUINT_TO_POINTER (2), TIMEOUT_MS));
  g_assert_true (wait_gone ("web.qcow2"));
  g_assert_true (wait_shown ("data-1.img"));
  search ("no-such-volume");
  g_assert_true (wait_shown ("No volume matches the search."));
  search ("");
  g_assert_true (ui_test_wait_for (n_volumes_is, GUINT_TO_POINTER (4), TIMEOUT_MS));
  g_assert_true (wait_shown ("web.qcow2"));
}

static void
fill_new_volume (AdwMessageDialog *dialog, const char *name, double gib, gboolean allocate)
{
  GtkWidget *entry = ui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, NULL);
  GtkWidget *spin = ui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, NULL);
  GtkWidget *check = ui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, NULL);

  g_assert_nonnull (entry);
  g_assert_nonnull (spin);
  g_assert_nonnull (check);
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), gib);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), allocate);
}

static void
test_new_volume (void)
{
  AdwMessageDialog *dialog;

  select_pool ("images");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "storage.new-volume", NULL));
  dialog = wait_message_dialog ();
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (dialog), "The pool has 86.4\u00a0GiB free."));
  fill_new_volume (dialog, "new-disk.qcow2", 8, FALSE);
  answer (dialog, "create");
  g_assert_true (wait_shown ("new-disk.qcow2"));

  /* more than the pool has free: a sentence, and no volume */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "storage.new-volume", NULL));
  dialog = wait_message_dialog ();
  fill_new_volume (dialog, "huge.img", 500, TRUE);
  answer (dialog, "create");
  dialog = wait_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The volume was not made");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "86.4\u00a0GiB free"));
  answer (dialog, "close");
  g_assert_null (ui_test_shown_label (GTK_WIDGET (page), "huge.img"));
}

static void
test_delete_in_use (void)
{
  AdwMessageDialog *dialog;

  select_pool ("images");
  g_assert_true (wait_shown ("web.qcow2"));
  g_assert_true (vireo_host_storage_page_select_volume (page, "web.qcow2"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "storage.delete-volume", NULL));
  dialog = wait_message_dialog ();
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete the volume “web.qcow2”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "It is a disk of “web”"));
  answer (dialog, "cancel");
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (page), "web.qcow2"));

  g_assert_true (vireo_host_storage_page_select_volume (page, "data-2.img"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "storage.delete-volume", NULL));
  dialog = wait_message_dialog ();
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "disk of"));
  answer (dialog, "delete");
  g_assert_true (wait_gone ("data-2.img"));
}

static void
test_stop_start (void)
{
  select_pool ("backup");
  g_assert_true (wait_shown ("This pool has no volumes."));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "storage.stop-pool", NULL));
  g_assert_true (wait_shown ("The pool is not running: start it to see its volumes."));
  g_assert_true (wait_shown ("Directory · /srv/vireo-backup · Not running"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "storage.start-pool", NULL));
  g_assert_true (wait_shown ("This pool has no volumes."));
}

static VireoNewPoolWizard *
find_wizard (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (VIREO_IS_NEW_POOL_WIZARD (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return VIREO_NEW_POOL_WIZARD (toplevel);
    }
  return NULL;
}

static gboolean
wizard_ready (gpointer data)
{
  VireoNewPoolWizard *wizard = find_wizard ();

  return wizard != NULL && vireo_new_pool_wizard_get_ready (wizard);
}

static gboolean
wizard_gone (gpointer data)
{
  return find_wizard () == NULL;
}

static GtkWidget *
wizard_row (VireoNewPoolWizard *wizard, const char *title)
{
  GtkWidget *row = ui_test_find_widget (GTK_WIDGET (wizard), ADW_TYPE_PREFERENCES_ROW, title);

  return row != NULL && gtk_widget_is_drawable (row) ? row : NULL;
}

/* a drawn label under @root whose text holds @words */
static gboolean
drawn_label_holds (GtkWidget *root, const char *words)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_is_drawable (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), words) != NULL)
        return TRUE;
      if (drawn_label_holds (child, words))
        return TRUE;
    }
  return FALSE;
}

static gboolean
wizard_error_shown (gpointer data)
{
  VireoNewPoolWizard *wizard = find_wizard ();

  return wizard != NULL && drawn_label_holds (GTK_WIDGET (wizard), data);
}

static void
test_new_pool (void)
{
  static const char *const supported[] = { "dir", "fs", "netfs", "logical", "disk", NULL };
  g_autofree char *dir = g_dir_make_tmp ("vireo-ui-pool-XXXXXX", NULL);
  VireoNewPoolWizard *wizard;
  GtkWidget *row, *create;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "storage.new-pool", NULL));
  g_assert_true (ui_test_wait_for (wizard_ready, NULL, TIMEOUT_MS));
  wizard = find_wizard ();
  ui_test_wait_drawn (GTK_WIDGET (wizard));

  /* as on Debian 12: no RBD without its package */
  vireo_new_pool_wizard_set_supported (wizard, supported);
  g_assert_true (vireo_new_pool_wizard_set_type (wizard, "rbd"));
  ui_test_spin (50);
  row = wizard_row (wizard, "Not available on this host");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "libvirt-daemon-driver-storage-rbd"));
  gtk_editable_set_text (GTK_EDITABLE (wizard_row (wizard, "Name")), "ceph");
  create = ui_test_find_widget (GTK_WIDGET (wizard), GTK_TYPE_BUTTON, "C_reate");
  g_assert_nonnull (create);
  g_assert_false (gtk_widget_is_sensitive (create));

  /* netfs: the NFS fields, not a folder */
  g_assert_true (vireo_new_pool_wizard_set_type (wizard, "netfs"));
  ui_test_spin (50);
  g_assert_null (wizard_row (wizard, "Not available on this host"));
  g_assert_true (gtk_widget_is_sensitive (create));
  g_assert_nonnull (wizard_row (wizard, "NFS server (host name or address)"));
  g_assert_nonnull (wizard_row (wizard, "Exported folder"));
  g_assert_nonnull (wizard_row (wizard, "Mount point"));
  g_assert_null (wizard_row (wizard, "Folder"));
  g_assert_null (wizard_row (wizard, "Ceph pool"));

  /* a name taken: said in the assistant, which stays open */
  g_assert_true (vireo_new_pool_wizard_set_type (wizard, "dir"));
  ui_test_spin (50);
  gtk_editable_set_text (GTK_EDITABLE (wizard_row (wizard, "Name")), "images");
  gtk_editable_set_text (GTK_EDITABLE (wizard_row (wizard, "Folder")), dir);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "pool.create", NULL));
  g_assert_true (ui_test_wait_for (wizard_error_shown, (gpointer) "already exists", TIMEOUT_MS));

  gtk_editable_set_text (GTK_EDITABLE (wizard_row (wizard, "Name")), "fresh");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "pool.create", NULL));
  g_assert_true (ui_test_wait_for (wizard_gone, NULL, TIMEOUT_MS));
  g_assert_true (wait_shown ("fresh"));

  /* clean up: the pool goes, the folder was there before and stays for g_rmdir */
  g_assert_true (vireo_host_storage_page_select_pool (page, "fresh"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "storage.delete-pool", NULL));
  answer (wait_message_dialog (), "keep");
  g_assert_true (wait_gone ("fresh"));
  g_rmdir (dir);
}

static gboolean
browser_shows (gpointer data)
{
  GtkWidget *browser = g_object_get_data (data, "browser");
  GtkWidget *label = ui_test_find_widget (browser, GTK_TYPE_LABEL, g_object_get_data (data, "name"));

  return label != NULL && gtk_widget_is_drawable (label);
}

static gboolean
browser_hides (gpointer data)
{
  return !browser_shows (data);
}

static gboolean make_pool_cb_done;

static void
make_pool_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vireo_host_storage_create_pool_finish (VIREO_HOST_STORAGE (object), result, &error));
  g_assert_no_error (error);
  make_pool_cb_done = TRUE;
}

static void
test_pool_browser_follows (void)
{
  g_autoptr(VireoHostStorage) storage = vireo_host_storage_get (connection);
  g_autoptr(VireoPoolSpec) spec = vireo_pool_spec_new ("dir", "browser-sees");
  g_autoptr(GObject) state = g_object_new (G_TYPE_OBJECT, NULL);
  g_autofree char *dir = g_dir_make_tmp ("vireo-ui-browser-XXXXXX", NULL);
  GtkWidget *browser = vireo_pool_browser_new (NULL, connection, NULL);

  g_object_set_data (state, "browser", browser);
  g_object_set_data (state, "name", (gpointer) "images");
  gtk_window_present (GTK_WINDOW (browser));
  g_assert_true (ui_test_wait_for (browser_shows, state, TIMEOUT_MS));

  /* made elsewhere (here: the core, as the Storage page does) while it is open */
  spec->target_path = g_strdup (dir);
  vireo_host_storage_create_pool_async (storage, spec, FALSE, FALSE, NULL, make_pool_cb, NULL);
  g_assert_true (ui_test_wait_for (ui_test_is_true, &make_pool_cb_done, TIMEOUT_MS));
  g_object_set_data (state, "name", (gpointer) "browser-sees");
  g_assert_true (ui_test_wait_for (browser_shows, state, TIMEOUT_MS));

  g_assert_true (vireo_host_storage_page_select_pool (page, "browser-sees"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "storage.delete-pool", NULL));
  answer (wait_message_dialog (), "keep");
  g_assert_true (ui_test_wait_for (browser_hides, state, TIMEOUT_MS));
  gtk_window_destroy (GTK_WINDOW (browser));
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_autofree char *uri = g_strdup_printf ("test://%s/host-storage.xml", UI_TESTS_DIR);
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vireo_core_init ();

  connection = vireo_connection_new (uri);
  ui_test_connection_open (connection, TIMEOUT_MS);
  /* the page alone in a window: the host window's other pages are other tests' */
  window = adw_window_new ();
  page = VIREO_HOST_STORAGE_PAGE (vireo_host_storage_page_new (connection));
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/host-storage/pools-and-volumes", test_pools_and_volumes);
  g_test_add_func ("/host-storage/new-volume", test_new_volume);
  g_test_add_func ("/host-storage/delete-in-use", test_delete_in_use);
  g_test_add_func ("/host-storage/stop-start", test_stop_start);
  g_test_add_func ("/host-storage/new-pool", test_new_pool);
  g_test_add_func ("/host-storage/pool-browser-follows", test_pool_browser_follows);
  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  vireo_connection_close (connection);
  g_clear_object (&connection);
  return ret;
}
