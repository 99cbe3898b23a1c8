/* test-new-vm-console.c — after the New VM wizard, the VM's window shows its console
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole application on test:///default: Ctrl+N's action opens the
 * wizard; a manual install without disk or network is finished; the wizard
 * closes and the new VM's window opens on its Console page.
 */
#define G_LOG_DOMAIN "test-new-vm-console"

#include "config.h"

#include <adwaita.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vireo-application.h"
#include "vireo-new-vm-wizard.h"
#include "vireo-vm-window.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 20000
#define URI "test:///default"
#define VM_NAME "wiz-console-vm"

static VireoApplication *app;

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
connected (gpointer data)
{
  GListModel *connections = vireo_application_get_connections (app);
  g_autoptr (VireoConnection) connection = g_list_model_get_item (connections, 0);

  return connection != NULL &&
         vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED;
}

static gboolean
wizard_ready (gpointer data)
{
  GtkWidget *wizard = find_toplevel (VIREO_TYPE_NEW_VM_WIZARD);
  GtkWidget *row =
      wizard != NULL ? ui_test_find_widget (wizard, ADW_TYPE_COMBO_ROW, "Storage _pool") : NULL;
  GListModel *model = row != NULL ? adw_combo_row_get_model (ADW_COMBO_ROW (row)) : NULL;

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

static gboolean
vm_window_shown (gpointer data)
{
  GtkWidget *window = find_toplevel (VIREO_TYPE_VM_WINDOW);

  return window != NULL && find_toplevel (VIREO_TYPE_NEW_VM_WIZARD) == NULL &&
         g_strcmp0 (vireo_domain_get_name (vireo_vm_window_get_domain (VIREO_VM_WINDOW (window))),
                    VM_NAME) == 0;
}

static void
remove_vm (void)
{
  virConnectPtr conn = virConnectOpen (URI);
  virDomainPtr dom = virDomainLookupByName (conn, VM_NAME);

  if (dom != NULL)
    {
      virDomainDestroy (dom);
      virDomainUndefine (dom);
      virDomainFree (dom);
    }
  virConnectClose (conn);
}

static void
forward (GtkWidget *wizard)
{
  gtk_widget_activate_action (wizard, "wizard.forward", NULL);
  ui_test_spin (350);
}

static void
test_opens_console (void)
{
  GtkWidget *wizard, *window, *row, *stack;
  VireoInstallPlan *plan;

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-vm", NULL);
  g_assert_true (ui_test_wait_for (wizard_ready, NULL, TIMEOUT_MS));
  wizard = find_toplevel (VIREO_TYPE_NEW_VM_WIZARD);
  plan = vireo_new_vm_wizard_get_plan (VIREO_NEW_VM_WIZARD (wizard));

  /* a manual install, no disk, no network: the shortest way through */
  g_object_set (plan, "method", VIREO_INSTALL_METHOD_MANUAL, "storage-mode",
                VIREO_STORAGE_MODE_NONE, "network-mode", VIREO_NETWORK_MODE_NONE, NULL);
  row = ui_test_find_widget (wizard, ADW_TYPE_ACTION_ROW, "_Manual");
  g_assert_nonnull (row);
  for (guint i = 0; i < 4; i++)
    forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 4);
  gtk_editable_set_text (GTK_EDITABLE (ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW, "_Name")),
                         VM_NAME);
  ui_test_spin (50);
  forward (wizard);

  /* the wizard is gone, the VM's window is there, on its Console page */
  g_assert_true (ui_test_wait_for (vm_window_shown, NULL, TIMEOUT_MS));
  ui_test_spin (200);
  window = find_toplevel (VIREO_TYPE_VM_WINDOW);
  stack = ui_test_find_widget (window, ADW_TYPE_VIEW_STACK, NULL);
  g_assert_nonnull (stack);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "console");
  ui_test_render_check (window, "new-vm-console.png");
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_spin (100);
}

int
main (int argc, char *argv[])
{
  int ret;

  ui_test_app_init (&argc, &argv);
  app = ui_test_app_new ();
  remove_vm ();
  vireo_application_add_connection (app, URI, FALSE, FALSE);
  g_assert_true (ui_test_wait_for (connected, NULL, TIMEOUT_MS));

  g_test_add_func ("/new-vm-console/opens-console", test_opens_console);
  ret = g_test_run ();

  remove_vm ();
  ui_test_app_shutdown (&app, NULL);
  return ret;
}
