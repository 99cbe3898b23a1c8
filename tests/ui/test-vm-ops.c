/* test-vm-ops.c — Rename, Save to File and Restore Saved VM (issue 15)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test:///default through Vireo's windows: the person renames a shut-off VM
 * from its window (F2's action): the dialog says as they type why a name
 * cannot be used, and the window's title then shows the new name. On a
 * running VM Rename is greyed out in the window's menu, and the item's
 * tooltip says why. Save to File writes the file the person typed and the VM
 * is off; Restore Saved VM… runs it again; a file that is no saved VM gets a
 * message, and nothing changes.
 */
#define G_LOG_DOMAIN "test-vm-ops"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vireo-domain-actions.h"
#include "vireo-domain-file-dialogs.h"
#include "vireo-vm-window.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 20000
#define VM_A "ops-a"
#define VM_B "ops-b"

static VireoConnection *connection;
static virConnectPtr virsh;
static char *tmpdir;

static const char vm_xml[] = "<domain type='test'><name>" VM_A "</name>"
                             "<memory unit='MiB'>128</memory><vcpu>1</vcpu>"
                             "<os><type arch='x86_64'>hvm</type></os></domain>";

static void
define_vm (void)
{
  virDomainPtr dom = virDomainDefineXML (virsh, vm_xml);

  g_assert_nonnull (dom);
  virDomainFree (dom);
}

static void
undefine_vm (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (virsh, name);

  if (dom == NULL)
    return;
  if (virDomainIsActive (dom) == 1)
    virDomainDestroy (dom);
  virDomainUndefine (dom);
  virDomainFree (dom);
}

static gboolean
domain_listed (gpointer data)
{
  return ui_test_find_domain (connection, data) != NULL;
}

static gboolean
domain_not_listed (gpointer data)
{
  return ui_test_find_domain (connection, data) == NULL;
}

/* gone from libvirt, and from Vireo's list: the next test defines it anew */
static void
remove_vm (const char *name)
{
  undefine_vm (name);
  g_assert_true (ui_test_wait_for (domain_not_listed, (gpointer) name, TIMEOUT_MS));
}

static gboolean
is_shut_off (gpointer data)
{
  return vireo_domain_get_state (VIREO_DOMAIN (data)) == VIREO_DOMAIN_STATE_SHUTOFF;
}

static gboolean
title_is (gpointer data)
{
  GtkWindow *window = g_object_get_data (data, "window");

  return g_strcmp0 (gtk_window_get_title (window), g_object_get_data (data, "title")) == 0;
}

static gboolean
no_message_dialog (gpointer data)
{
  return ui_test_find_message_dialog () == NULL;
}

/* a menu's item (GtkModelButton, private to GTK) by the text it shows (no mnemonic) */
static gboolean
is_menu_item (GtkWidget *widget, gconstpointer data)
{
  g_autofree char *text = NULL;

  if (!g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    return FALSE;
  g_object_get (widget, "text", &text, NULL);
  return g_strcmp0 (text, data) == 0;
}

static gboolean
is_type (GtkWidget *widget, gconstpointer data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static gboolean
is_more_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), "More Actions") == 0;
}

static VireoDomain *
fresh_vm (void)
{
  define_vm ();
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) VM_A, TIMEOUT_MS));
  return ui_test_find_domain (connection, VM_A);
}

static void
type_text (GtkEntry *entry, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  ui_test_iterate ();
}

/* the sentence under an entry that says what is wrong (styled as an error) */
static gboolean
is_problem_label (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error");
}

static const char *
problem_text (AdwMessageDialog *dialog)
{
  GtkWidget *label = ui_test_find_match (adw_message_dialog_get_extra_child (dialog),
                                         is_problem_label, NULL);

  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : "";
}

/* the person presses a response: the dialog answers and closes */
static void
respond (AdwMessageDialog *dialog, const char *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
test_rename (void)
{
  VireoDomain *domain = fresh_vm ();
  g_autoptr (GObject) wait = g_object_new (G_TYPE_OBJECT, NULL);
  AdwMessageDialog *dialog;
  GtkEntry *entry;
  GtkWidget *window;

  window = vireo_vm_window_new (NULL, domain);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (window, "domain.rename", NULL));
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = ui_test_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Rename “" VM_A "”");
  entry = GTK_ENTRY (ui_test_find_match (adw_message_dialog_get_extra_child (dialog), is_type,
                                         GSIZE_TO_POINTER (GTK_TYPE_ENTRY)));
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, VM_A);
  /* its own name: nothing to do, nothing said */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  g_assert_cmpstr (problem_text (dialog), ==, "");

  type_text (entry, "ops/a");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  g_assert_nonnull (strstr (problem_text (dialog), "contains “/”"));

  /* the test driver's own VM */
  type_text (entry, "test");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  g_assert_nonnull (strstr (problem_text (dialog), "another virtual machine on this host is called “test”"));

  type_text (entry, VM_B);
  g_assert_cmpstr (problem_text (dialog), ==, "");
  respond (dialog, "confirm");

  g_object_set_data (wait, "window", window);
  g_object_set_data (wait, "title", (gpointer) VM_B);
  g_assert_true (ui_test_wait_for (title_is, wait, TIMEOUT_MS));
  g_assert_true (ui_test_find_domain (connection, VM_B) == domain);
  g_assert_null (ui_test_find_domain (connection, VM_A));
  g_assert_null (ui_test_find_message_dialog ());

  gtk_window_destroy (GTK_WINDOW (window));
  remove_vm (VM_B);
}

/* Greyed out while it runs, and the menu item says why */
static void
test_rename_disabled_says_why (void)
{
  VireoDomain *domain = fresh_vm ();
  GtkWidget *window, *more, *item;
  GtkPopover *popover;
  virDomainPtr dom = virDomainLookupByName (virsh, VM_A);

  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  virDomainFree (dom);
  g_assert_true (ui_test_wait_for (ui_test_domain_is_running, domain, TIMEOUT_MS));

  window = vireo_vm_window_new (NULL, domain);
  gtk_window_present (GTK_WINDOW (window));
  more = ui_test_find_match (window, is_more_button, NULL);
  g_assert_nonnull (more);
  ui_test_wait_drawn (more);
  gtk_menu_button_popup (GTK_MENU_BUTTON (more));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (more));
  g_assert_true (ui_test_wait_for ((UiTestCondition) gtk_widget_get_mapped, popover, TIMEOUT_MS));

  item = ui_test_find_match (GTK_WIDGET (popover), is_menu_item, "Rename…");
  g_assert_nonnull (item);
  g_assert_false (gtk_widget_is_sensitive (item));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (item), ==,
                   "Only a virtual machine that is shut off can be renamed. Shut it down first.");
  /* an item that works has no excuse to give */
  item = ui_test_find_match (GTK_WIDGET (popover), is_menu_item, "Save to File…");
  g_assert_nonnull (item);
  g_assert_true (gtk_widget_is_sensitive (item));
  g_assert_null (gtk_widget_get_tooltip_text (item));
  gtk_popover_popdown (popover);

  /* shut off: Rename works, and the tooltip is gone the next time */
  g_assert_true (gtk_widget_activate_action (window, "domain.force-off", NULL));
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  respond (ui_test_find_message_dialog (), "confirm");
  g_assert_true (ui_test_wait_for (is_shut_off, domain, TIMEOUT_MS));
  gtk_menu_button_popup (GTK_MENU_BUTTON (more));
  g_assert_true (ui_test_wait_for ((UiTestCondition) gtk_widget_get_mapped, popover, TIMEOUT_MS));
  item = ui_test_find_match (GTK_WIDGET (popover), is_menu_item, "Rename…");
  g_assert_true (gtk_widget_is_sensitive (item));
  g_assert_null (gtk_widget_get_tooltip_text (item));
  gtk_popover_popdown (popover);

  gtk_window_destroy (GTK_WINDOW (window));
  remove_vm (VM_A);
}

static void
test_save_restore (void)
{
  VireoDomain *domain = fresh_vm ();
  g_autofree char *path = g_build_filename (tmpdir, "ops-a.save", NULL);
  g_autofree char *junk = g_build_filename (tmpdir, "junk.save", NULL);
  virDomainPtr dom = virDomainLookupByName (virsh, VM_A);
  AdwMessageDialog *dialog;
  GtkEntry *entry;
  GtkWidget *window;

  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  g_assert_true (ui_test_wait_for (ui_test_domain_is_running, domain, TIMEOUT_MS));
  window = vireo_vm_window_new (NULL, domain);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (gtk_widget_activate_action (window, "domain.save-to-file", NULL));
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = ui_test_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save “" VM_A "” to a File?");
  /* a local host: the file chooser is offered */
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Choose…"));
  entry = GTK_ENTRY (ui_test_find_match (adw_message_dialog_get_extra_child (dialog), is_type,
                                         GSIZE_TO_POINTER (GTK_TYPE_ENTRY)));
  type_text (entry, "relative.save");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  g_assert_nonnull (strstr (problem_text (dialog), "full path"));
  type_text (entry, path);
  respond (dialog, "confirm");

  g_assert_true (ui_test_wait_for (is_shut_off, domain, TIMEOUT_MS));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  /* the Saving… message goes with the save; nothing else is said */
  g_assert_true (ui_test_wait_for (no_message_dialog, NULL, TIMEOUT_MS));
  g_assert_cmpint (virDomainIsActive (dom), ==, 0);

  /* a file that holds no saved VM */
  g_assert_true (g_file_set_contents (junk, "junk", -1, NULL));
  dialog = ADW_MESSAGE_DIALOG (vireo_restore_file_dialog_present (GTK_WINDOW (window), connection));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  entry = GTK_ENTRY (ui_test_find_match (adw_message_dialog_get_extra_child (dialog), is_type,
                                         GSIZE_TO_POINTER (GTK_TYPE_ENTRY)));
  type_text (entry, junk);
  respond (dialog, "confirm");
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = ui_test_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could not restore the saved virtual machine");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "Could not restore the virtual machine saved in “junk.save”"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (virDomainIsActive (dom), ==, 0);

  /* the real one: it runs again */
  dialog = ADW_MESSAGE_DIALOG (vireo_restore_file_dialog_present (GTK_WINDOW (window), connection));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Restore a Saved Virtual Machine?");
  entry = GTK_ENTRY (ui_test_find_match (adw_message_dialog_get_extra_child (dialog), is_type,
                                         GSIZE_TO_POINTER (GTK_TYPE_ENTRY)));
  type_text (entry, path);
  respond (dialog, "confirm");
  g_assert_true (ui_test_wait_for (ui_test_domain_is_running, domain, TIMEOUT_MS));
  g_assert_cmpint (virDomainIsActive (dom), ==, 1);
  g_assert_null (ui_test_find_message_dialog ());

  gtk_window_destroy (GTK_WINDOW (window));
  virDomainFree (dom);
  remove_vm (VM_A);
  g_unlink (path);
  g_unlink (junk);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  ui_test_app_init (&argc, &argv);
  vireo_core_init ();

  tmpdir = g_dir_make_tmp ("vireo-ui-ops-XXXXXX", &error);
  g_assert_no_error (error);
  virsh = virConnectOpen ("test:///default");
  g_assert_nonnull (virsh);
  connection = vireo_connection_new ("test:///default");
  ui_test_connection_open (connection, TIMEOUT_MS);

  g_test_add_func ("/vm-ops/rename", test_rename);
  g_test_add_func ("/vm-ops/rename-disabled-says-why", test_rename_disabled_says_why);
  g_test_add_func ("/vm-ops/save-restore", test_save_restore);

  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  undefine_vm (VM_A);
  undefine_vm (VM_B);
  virConnectClose (virsh);
  g_rmdir (tmpdir);
  g_free (tmpdir);

  return ret;
}
