/* test-hostile-names.c — names and messages a remote daemon wrote, shown as written
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A remote libvirtd chooses the names of its VMs, pools and networks and
 * writes the error messages Vireo shows. host-hostile.xml (a libvirt
 * test-driver host) has VMs called "a & b" (not valid Pango markup),
 * "web&#45;01 &lt;big&gt;" (valid markup, drawn as "web-01 <big>": another
 * VM's name, near enough; libvirt refuses "/" in names, so no closing tags),
 * "admin" U+202E "gpj.exe" (reads "adminexe.jpg"), a pool and a network
 * with markup in their names. What a person reads — the label a widget
 * draws, not the property it was given — must be the text as written: the
 * console page's status, the New VM wizard's summary, an error dialog. A
 * name in an error's heading is isolated (U+2068 … U+2069); a name in a
 * delete or force-off confirmation shows its invisible characters as
 * <U+202E>.
 * Last, the askpass helper ssh runs to ask for passwords never comes from
 * the build tree.
 */
#define G_LOG_DOMAIN "test-hostile-names"

#include "config.h"

#include <adwaita.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vireo-console-page.h"
#include "vireo-domain-actions.h"
#include "vireo-domain-private.h"
#include "vireo-new-vm-wizard.h"

#include "ui-test-util.h"
#include "wizard-test-util.h"

#define TIMEOUT_MS 20000

#define NAME_AMP "a & b"
#define NAME_MARKUP "web&#45;01 &lt;big&gt;"
#define NAME_GONE "gone & <i>soon"
#define NAME_SPOOF                                                                                 \
  "admin\xe2\x80\xae"                                                                              \
  "gpj.exe"
#define POOL_NAME "pool &#45; <b>x"
#define NET_NAME "net & <i>y"
#define VM_NAME "vm &#45; <u>z"

#define FSI "\xe2\x81\xa8" /* U+2068 FIRST STRONG ISOLATE */
#define PDI "\xe2\x81\xa9" /* U+2069 POP DIRECTIONAL ISOLATE */

static VireoApplication *app;
static VireoConnection *connection;

/* -- helpers ----------------------------------------------------------- */

static VireoDomain *
find_domain (const char *name)
{
  return ui_test_find_domain (connection, name);
}

static gboolean
connected (gpointer data)
{
  return vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED;
}

static gboolean
domain_listed (gpointer name)
{
  return find_domain (name) != NULL;
}

/* a label with the CSS class @data */
static gboolean
label_with_class (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, data);
}

/* the first label under @root with the CSS class @css_class */
static GtkWidget *
find_label_with_class (GtkWidget *root, const char *css_class)
{
  return ui_test_find_match (root, label_with_class, css_class);
}

/* the text a person reads in the label with @css_class under @root (what
 * Pango draws: markup, if the label took it as markup, is gone) */
static const char *
shown_text (GtkWidget *root, const char *css_class)
{
  GtkWidget *label = find_label_with_class (root, css_class);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* the shown label under @root whose text contains @needle, or NULL */
static GtkWidget *
find_label_containing (GtkWidget *root, const char *needle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_text (GTK_LABEL (child)), needle) != NULL)
        return child;
      found = find_label_containing (child, needle);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
close_message_dialog (AdwMessageDialog *dialog, const char *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_test_spin (100);
}

/* -- the console page -------------------------------------------------- */

static gboolean
console_failed (gpointer page)
{
  return g_strcmp0 (vireo_console_page_get_status_title (page),
                    "Could not connect to the console") == 0;
}

static void
check_console_status (const char *name)
{
  VireoDomain *domain = find_domain (name);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page;
  GtkWidget *status;
  g_autofree char *quoted = g_strdup_printf ("“%s”", name);
  const char *text;

  g_assert_nonnull (domain);
  g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);
  page = vireo_console_page_new (domain);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));

  /* the test driver cannot hand over the display: libvirt's error, as a
   * sentence with the VM's name in it, is what the page says */
  g_assert_true (ui_test_wait_for (console_failed, page, TIMEOUT_MS));
  ui_test_spin (100);
  status = ui_test_find_widget (page, ADW_TYPE_STATUS_PAGE, NULL);
  g_assert_nonnull (status);
  text = shown_text (status, "description");
  g_test_message ("the console page says: %s", text);
  g_assert_true (g_str_has_prefix (text, "Could not connect to the display of "));
  g_assert_nonnull (strstr (text, quoted));
  /* what a person reads is what the page reports */
  g_assert_cmpstr (text, ==, vireo_console_page_get_status_description (VIREO_CONSOLE_PAGE (page)));
  ui_test_render_check (window, "hostile-console.png");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_spin (100);
}

static void
test_console_status_amp (void)
{
  check_console_status (NAME_AMP);
}

static void
test_console_status_markup (void)
{
  check_console_status (NAME_MARKUP);
}

/* -- the New VM wizard's summary ---------------------------------------- */

/* what the summary row @title shows under its title */
static const char *
summary (GtkWidget *wizard, const char *title)
{
  GtkWidget *row = wizard_test_find_plain_row (wizard, title);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  return shown_text (row, "subtitle");
}

static void
test_wizard_summary (void)
{
  g_autoptr (GListStore) connections = g_list_store_new (VIREO_TYPE_CONNECTION);
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;
  const char *text;

  g_list_store_append (connections, connection);
  wizard = wizard_test_open (G_LIST_MODEL (connections), connection, &created, TIMEOUT_MS);

  wizard_test_pick (wizard, "_Manual");
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 3);
  wizard_test_choose (wizard, "Storage _pool", POOL_NAME);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 4);
  wizard_test_set_entry (wizard, "_Name", VM_NAME);
  wizard_test_choose (wizard, "Ne_twork", "Virtual network “" NET_NAME "”");
  ui_test_spin (200);

  text = summary (wizard, "Disk");
  g_test_message ("Disk: %s", text);
  g_assert_nonnull (strstr (text, "“" VM_NAME ".qcow2”"));
  g_assert_nonnull (strstr (text, "in pool “" POOL_NAME "”"));
  text = summary (wizard, "Network");
  g_test_message ("Network: %s", text);
  g_assert_cmpstr (text, ==, "Virtual network “" NET_NAME "”");
  ui_test_render_check (wizard, "hostile-wizard.png");

  /* nothing is created: the wizard goes */
  gtk_window_destroy (GTK_WINDOW (wizard));
  g_assert_true (ui_test_wait_for (wizard_test_is_null, &created.wizard, TIMEOUT_MS));
  g_clear_object (&created.domain);
}

/* -- confirmations and errors ------------------------------------------- */

static GtkWidget *
actions_window (VireoDomain *domain, GActionGroup **actions)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *child = gtk_label_new ("owner");

  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  *actions = vireo_domain_actions_new (child);
  vireo_domain_actions_set_domain (*actions, domain);
  gtk_widget_insert_action_group (child, "domain", *actions);
  ui_test_spin (50);
  return window;
}

/* activates @action in @actions and returns the message dialog it shows */
static AdwMessageDialog *
activate_for_dialog (GActionGroup *actions, const char *action)
{
  g_action_group_activate_action (actions, action, NULL);
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  return ui_test_find_message_dialog ();
}

static void
test_spoof_confirmations (void)
{
  VireoDomain *domain = find_domain (NAME_SPOOF);
  GActionGroup *actions = NULL;
  GtkWidget *window;
  AdwMessageDialog *dialog;

  g_assert_nonnull (domain);
  window = actions_window (domain, &actions);

  /* delete: the override is shown, not obeyed */
  g_assert_true (g_action_group_get_action_enabled (actions, "delete"));
  dialog = activate_for_dialog (actions, "delete");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “admin<U+202E>gpj.exe”?");
  /* and that is what the dialog's heading label draws */
  g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog), "admin<U+202E>gpj.exe"));
  close_message_dialog (dialog, "cancel");
  g_assert_nonnull (find_domain (NAME_SPOOF));

  /* force off, likewise */
  g_assert_true (g_action_group_get_action_enabled (actions, "force-off"));
  dialog = activate_for_dialog (actions, "force-off");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Force off “admin<U+202E>gpj.exe”?");
  close_message_dialog (dialog, "cancel");
  g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_spin (100);
  g_object_unref (actions);
}

static void
test_error_dialog (void)
{
  VireoDomain *domain = find_domain (NAME_GONE);
  GActionGroup *actions = NULL;
  GtkWidget *window;
  AdwMessageDialog *dialog;
  virDomainPtr handle;
  GtkWidget *body;

  g_assert_nonnull (domain);
  window = actions_window (domain, &actions);
  g_assert_true (g_action_group_get_action_enabled (actions, "pause"));

  /* the VM goes away behind Vireo's back (before its events arrive): libvirt
   * refuses the pause with a message that names it */
  handle = _vireo_domain_ref_handle (domain);
  g_assert_nonnull (handle);
  g_assert_cmpint (virDomainDestroy (handle), ==, 0);
  g_assert_cmpint (virDomainUndefine (handle), ==, 0);
  virDomainFree (handle);
  dialog = activate_for_dialog (actions, "pause");

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Could not pause “" FSI NAME_GONE PDI "”");
  g_test_message ("body: %s", adw_message_dialog_get_body (dialog));
  /* the body label draws libvirt's message as written */
  body = find_label_containing (GTK_WIDGET (dialog), adw_message_dialog_get_body (dialog));
  g_assert_nonnull (body);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (body)), "“" NAME_GONE "”"));
  close_message_dialog (dialog, "close");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_spin (100);
  g_object_unref (actions);
}

/* -- the askpass helper --------------------------------------------------- */

static void
test_askpass_not_from_build_tree (void)
{
  const char *askpass = g_getenv ("SSH_ASKPASS");
  g_autofree char *build_askpass =
      g_build_filename (g_getenv ("VIREO_BUILD_DIR") ? g_getenv ("VIREO_BUILD_DIR") : ".", "src",
                        "ui", "vireo-ssh-askpass", NULL);

  /* the build tree has one (tests run from there) ... */
  if (!g_file_test (build_askpass, G_FILE_TEST_IS_EXECUTABLE))
    g_test_message ("%s is not built", build_askpass);
  /* ... but the application, started without SSH_ASKPASS, only ever uses the
   * installed one (here: not installed, so none) */
  g_test_message ("SSH_ASKPASS=%s", askpass ? askpass : "(unset)");
  if (askpass != NULL)
    g_assert_cmpstr (askpass, ==, LIBEXECDIR "/vireo-ssh-askpass");
}

int
main (int argc, char *argv[])
{
  g_autofree char *uri = g_strdup ("test://" UI_TESTS_DIR "/host-hostile.xml");
  int ret;

  /* the person has not chosen an askpass program of their own */
  g_unsetenv ("SSH_ASKPASS");
  g_unsetenv ("SSH_ASKPASS_REQUIRE");

  ui_test_app_init (&argc, &argv);
  app = ui_test_app_new ();
  connection = g_object_ref (vireo_application_add_connection (app, uri, FALSE, FALSE));
  g_assert_true (ui_test_wait_for (connected, NULL, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) NAME_AMP, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) NAME_MARKUP, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) NAME_SPOOF, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) NAME_GONE, TIMEOUT_MS));

  g_test_add_func ("/hostile-names/console-status/amp", test_console_status_amp);
  g_test_add_func ("/hostile-names/console-status/markup", test_console_status_markup);
  g_test_add_func ("/hostile-names/wizard-summary", test_wizard_summary);
  g_test_add_func ("/hostile-names/spoof-confirmations", test_spoof_confirmations);
  g_test_add_func ("/hostile-names/error-dialog", test_error_dialog);
  g_test_add_func ("/hostile-names/askpass-not-from-build-tree", test_askpass_not_from_build_tree);
  ret = g_test_run ();

  g_clear_object (&connection);
  ui_test_app_shutdown (&app, NULL);
  return ret;
}
