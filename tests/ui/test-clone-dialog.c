/* test-clone-dialog.c — Clone (issue 15)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test:///default through Vireo's domain actions: Clone… opens the dialog
 * with the name "<name>-clone", a row per disk (its own volume to be cloned
 * into "<clone>.img", an empty CD/DVD drive shared and why); choosing Share
 * for a writable disk shows the warning about two VMs writing one disk; a
 * name taken is refused as it is typed; Clone makes the VM, which appears in
 * the connection's list with the shared disk on the same volume. A running
 * VM's dialog says it is running and offers "Pause while cloning": Clone is
 * off until it is checked; Cancel closes the dialog and the VM runs on. In
 * the VM's window, More Actions has Clone…, which opens the dialog, and so
 * does Ctrl+Shift+L.
 */
#define G_LOG_DOMAIN "test-clone-dialog"

#include "config.h"

#include <adwaita.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vireo-clone-dialog.h"
#include "vireo-domain-actions.h"
#include "vireo-vm-window.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 20000
#define POOL "default-pool"

#define SHARE_WARNING "A shared disk is written by both virtual machines. Running them at the same time " \
                      "damages its data unless the guests are made to share a disk."

static VireoConnection *connection;
static virConnectPtr virsh;

static const char *const test_volumes[] = { "cd-own.img", "cd-data.img", "cd-a-clone.img",
                                            "cd-run.img", "cd-run-clone.img" };
static const char *const test_domains[] = { "cd-a", "cd-a-clone", "cd-taken", "cd-run" };

/* -- libvirt's side ------------------------------------------------------ */

static void
create_volume (const char *name)
{
  g_autofree char *xml = g_strdup_printf ("<volume><name>%s</name><capacity>1048576</capacity></volume>", name);
  virStoragePoolPtr pool = virStoragePoolLookupByName (virsh, POOL);
  virStorageVolPtr vol = virStorageVolCreateXML (pool, xml, 0);

  g_assert_nonnull (vol);
  virStorageVolFree (vol);
  virStoragePoolFree (pool);
}

static gboolean
volume_exists (const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (virsh, POOL);
  virStorageVolPtr vol = virStorageVolLookupByName (pool, name);

  virStoragePoolFree (pool);
  virResetLastError ();
  if (vol == NULL)
    return FALSE;
  virStorageVolFree (vol);
  return TRUE;
}

static void
define (const char *name, const char *disks, gboolean start)
{
  g_autofree char *xml = g_strdup_printf ("<domain type='test'><name>%s</name>"
                                          "<memory unit='MiB'>64</memory>"
                                          "<os><type>hvm</type></os><devices>%s</devices></domain>",
                                          name, disks);
  virDomainPtr dom = virDomainDefineXML (virsh, xml);

  g_assert_nonnull (dom);
  if (start)
    g_assert_cmpint (virDomainCreate (dom), ==, 0);
  virDomainFree (dom);
}

static char *
domain_xml (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (virsh, name);
  char *xml, *copy;

  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  virDomainFree (dom);
  copy = g_strdup (xml);
  free (xml);
  return copy;
}

static gboolean
domain_listed (gpointer name)
{
  return ui_test_find_domain (connection, name) != NULL;
}

static gboolean
domain_gone (gpointer name)
{
  return ui_test_find_domain (connection, name) == NULL;
}

static void
cleanup (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (test_domains); i++)
    {
      virDomainPtr dom = virDomainLookupByName (virsh, test_domains[i]);

      if (dom == NULL)
        continue;
      if (virDomainIsActive (dom) == 1)
        virDomainDestroy (dom);
      virDomainUndefine (dom);
      virDomainFree (dom);
    }
  for (guint i = 0; i < G_N_ELEMENTS (test_volumes); i++)
    {
      virStoragePoolPtr pool = virStoragePoolLookupByName (virsh, POOL);
      virStorageVolPtr vol = virStorageVolLookupByName (pool, test_volumes[i]);

      if (vol != NULL)
        {
          virStorageVolDelete (vol, 0);
          virStorageVolFree (vol);
        }
      virStoragePoolFree (pool);
    }
  virResetLastError ();
  for (guint i = 0; i < G_N_ELEMENTS (test_domains); i++)
    g_assert_true (ui_test_wait_for (domain_gone, (gpointer) test_domains[i], TIMEOUT_MS));
}

#define DISK(dev, file) "<disk type='file' device='disk'><source file='/default-pool/" file "'/>" \
                        "<target dev='" dev "' bus='virtio'/></disk>"

/* -- Vireo's side -------------------------------------------------------- */

static VireoCloneDialog *
find_clone_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (VIREO_IS_CLONE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return VIREO_CLONE_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
clone_dialog_loaded (gpointer data)
{
  VireoCloneDialog *dialog = find_clone_dialog ();

  return dialog != NULL && vireo_clone_dialog_get_loaded (dialog);
}

static gboolean
clone_dialog_gone (gpointer data)
{
  return find_clone_dialog () == NULL;
}

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
  return window;
}

static VireoCloneDialog *
open_dialog (GActionGroup *actions)
{
  VireoCloneDialog *dialog;

  g_assert_true (g_action_group_get_action_enabled (actions, "clone"));
  g_action_group_activate_action (actions, "clone", NULL);
  g_assert_true (ui_test_wait_for (clone_dialog_loaded, NULL, TIMEOUT_MS));
  dialog = find_clone_dialog ();
  ui_test_wait_drawn (GTK_WIDGET (dialog));
  return dialog;
}

static gboolean
is_name_row (GtkWidget *widget, gconstpointer data)
{
  return ADW_IS_ENTRY_ROW (widget);
}

static gboolean
is_check_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
name_row (VireoCloneDialog *dialog)
{
  GtkWidget *row = ui_test_find_match (GTK_WIDGET (dialog), is_name_row, NULL);

  g_assert_nonnull (row);
  return row;
}

/* the row a person reads for @title */
static AdwComboRow *
disk_row (VireoCloneDialog *dialog, const char *title)
{
  GtkWidget *row = ui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, title);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  return ADW_COMBO_ROW (row);
}

static const char *
row_choice (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  g_assert_nonnull (item);
  return gtk_string_object_get_string (item);
}

static void
assert_says (AdwComboRow *row, const char *text)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

  if (strstr (subtitle, text) == NULL)
    g_error ("the row “%s” says “%s”, not “%s”",
             adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), subtitle, text);
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (row), subtitle));
}

static gboolean
can_clone (VireoCloneDialog *dialog)
{
  GtkWidget *button = ui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "C_lone");

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

static void
test_clone_and_list (void)
{
  GActionGroup *actions = NULL;
  VireoCloneDialog *dialog;
  AdwComboRow *own, *data, *cdrom;
  GtkWidget *window, *entry;
  g_autofree char *xml = NULL;
  VireoDomain *domain;

  create_volume ("cd-own.img");
  create_volume ("cd-data.img");
  define ("cd-taken", "", FALSE);
  define ("cd-a", DISK ("vda", "cd-own.img") DISK ("vdb", "cd-data.img")
                  "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>", FALSE);
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) "cd-a", TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) "cd-taken", TIMEOUT_MS));
  domain = ui_test_find_domain (connection, "cd-a");
  window = actions_window (domain, &actions);

  dialog = open_dialog (actions);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Clone “cd-a”");
  entry = name_row (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "cd-a-clone");
  own = disk_row (dialog, "cd-own.img");
  g_assert_cmpstr (row_choice (own), ==, "Clone");
  assert_says (own, "Copied to the new volume “cd-a-clone.img”");
  data = disk_row (dialog, "cd-data.img");
  g_assert_cmpstr (row_choice (data), ==, "Clone");
  cdrom = disk_row (dialog, "CD/DVD: empty");
  g_assert_cmpstr (row_choice (cdrom), ==, "Share");
  assert_says (cdrom, "It has no storage: the clone gets the same empty drive.");
  g_assert_null (ui_test_shown_label (GTK_WIDGET (dialog), SHARE_WARNING));
  g_assert_true (can_clone (dialog));

  /* the person shares the data disk: the warning is there */
  adw_combo_row_set_selected (data, 1);
  g_assert_cmpstr (row_choice (data), ==, "Share");
  assert_says (data, "Shared: both virtual machines write to it.");
  ui_test_wait_drawn (GTK_WIDGET (dialog));
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (dialog), SHARE_WARNING));
  ui_test_render_check (GTK_WIDGET (dialog), "clone-dialog.png");

  /* a name taken, then the original's: said as typed, Clone off */
  gtk_editable_set_text (GTK_EDITABLE (entry), "cd-taken");
  g_assert_false (can_clone (dialog));
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (dialog),
                                         "Name: another virtual machine on this host is called “cd-taken”. Choose another name."));
  gtk_editable_set_text (GTK_EDITABLE (entry), "cd-a");
  g_assert_false (can_clone (dialog));
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (dialog),
                                         "Name: it is the name of the virtual machine being cloned. Choose another name."));
  /* the copy is named after the clone */
  gtk_editable_set_text (GTK_EDITABLE (entry), "cd-copy");
  assert_says (own, "Copied to the new volume “cd-copy.img”");
  gtk_editable_set_text (GTK_EDITABLE (entry), "cd-a-clone");
  assert_says (own, "Copied to the new volume “cd-a-clone.img”");
  g_assert_true (can_clone (dialog));

  /* Clone: the dialog goes, the clone is in the list */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "clone.start", NULL);
  g_assert_true (ui_test_wait_for (clone_dialog_gone, NULL, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) "cd-a-clone", TIMEOUT_MS));
  g_assert_null (ui_test_find_message_dialog ());
  g_assert_true (volume_exists ("cd-a-clone.img"));
  xml = domain_xml ("cd-a-clone");
  g_assert_nonnull (strstr (xml, "/default-pool/cd-a-clone.img"));
  g_assert_nonnull (strstr (xml, "/default-pool/cd-data.img"));
  g_assert_null (strstr (xml, "cd-own.img"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (actions);
  cleanup ();
}

/* a running VM: Clone only with "Pause while cloning"; Cancel leaves it running */
static void
test_running_needs_pause (void)
{
  GActionGroup *actions = NULL;
  VireoCloneDialog *dialog;
  GtkWidget *window, *pause;
  VireoDomain *domain;

  create_volume ("cd-run.img");
  define ("cd-run", DISK ("vda", "cd-run.img"), TRUE);
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) "cd-run", TIMEOUT_MS));
  domain = ui_test_find_domain (connection, "cd-run");
  g_assert_true (ui_test_wait_for (ui_test_domain_is_running, domain, TIMEOUT_MS));
  window = actions_window (domain, &actions);

  dialog = open_dialog (actions);
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (dialog),
                                         "It is running: its disks change while they are copied. It can be paused "
                                         "while it is cloned and resumed afterwards, or shut down first."));
  g_assert_false (can_clone (dialog));
  pause = ui_test_find_match (GTK_WIDGET (dialog), is_check_labelled, "_Pause while cloning");
  g_assert_nonnull (pause);
  g_assert_true (gtk_widget_is_drawable (pause));
  gtk_widget_activate (pause);
  g_assert_true (can_clone (dialog));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "clone.cancel", NULL);
  g_assert_true (ui_test_wait_for (clone_dialog_gone, NULL, TIMEOUT_MS));
  ui_test_spin (200);
  g_assert_null (ui_test_find_domain (connection, "cd-run-clone"));
  g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (actions);
  cleanup ();
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
is_more_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), "More Actions") == 0;
}

/* @keyval with @modifiers as @widget's own keyboard shortcuts see it */
static gboolean
press_shortcut (GtkWidget *widget, guint keyval, GdkModifierType modifiers)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

/* the VM's window: More Actions has Clone…, and Ctrl+Shift+L opens the dialog too */
static void
test_vm_window_menu_and_shortcut (void)
{
  GtkWidget *window, *more, *item;
  VireoCloneDialog *dialog;
  GtkPopover *popover;
  VireoDomain *domain;

  create_volume ("cd-own.img");
  define ("cd-a", DISK ("vda", "cd-own.img"), FALSE);
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) "cd-a", TIMEOUT_MS));
  domain = ui_test_find_domain (connection, "cd-a");

  window = vireo_vm_window_new (NULL, domain);
  gtk_window_present (GTK_WINDOW (window));
  more = ui_test_find_match (window, is_more_button, NULL);
  g_assert_nonnull (more);
  ui_test_wait_drawn (more);
  gtk_menu_button_popup (GTK_MENU_BUTTON (more));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (more));
  g_assert_true (ui_test_wait_for ((UiTestCondition) gtk_widget_get_mapped, popover, TIMEOUT_MS));
  item = ui_test_find_match (GTK_WIDGET (popover), is_menu_item, "Clone…");
  g_assert_nonnull (item);
  g_assert_true (gtk_widget_is_sensitive (item));
  gtk_widget_activate (item);
  g_assert_true (ui_test_wait_for (clone_dialog_loaded, NULL, TIMEOUT_MS));
  dialog = find_clone_dialog ();
  g_assert_true (vireo_clone_dialog_get_domain (dialog) == domain);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "clone.cancel", NULL);
  g_assert_true (ui_test_wait_for (clone_dialog_gone, NULL, TIMEOUT_MS));

  g_assert_true (press_shortcut (window, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_true (ui_test_wait_for (clone_dialog_loaded, NULL, TIMEOUT_MS));
  gtk_widget_activate_action (GTK_WIDGET (find_clone_dialog ()), "clone.cancel", NULL);
  g_assert_true (ui_test_wait_for (clone_dialog_gone, NULL, TIMEOUT_MS));

  gtk_window_destroy (GTK_WINDOW (window));
  cleanup ();
}

int
main (int argc, char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vireo_core_init ();

  virsh = virConnectOpen ("test:///default");
  g_assert_nonnull (virsh);
  connection = vireo_connection_new ("test:///default");
  ui_test_connection_open (connection, TIMEOUT_MS);

  g_test_add_func ("/clone-dialog/clone-and-list", test_clone_and_list);
  g_test_add_func ("/clone-dialog/running-needs-pause", test_running_needs_pause);
  g_test_add_func ("/clone-dialog/vm-window-menu-and-shortcut", test_vm_window_menu_and_shortcut);
  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  virConnectClose (virsh);
  return ret;
}
