/* test-shutdown.c — Shut Down that works says nothing more
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test:///default through Vireo's core. The test driver obeys Shut Down at
 * once, so this is the guest that does shut down: the person presses Shut
 * Down in the VM window (and from the manager window's actions), the VM is
 * off, and after the deadline ("shutdown-timeout", set to 1 s here) no "Did
 * Not Shut Down" message appears. The guest that ignores Shut Down, and its
 * message with Force Off, is tests/live/test-live-shutdown.c (a real guest).
 */
#define G_LOG_DOMAIN "test-shutdown"

#include "config.h"

#include <adwaita.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vireo-domain-actions.h"
#include "vireo-manager-window.h"
#include "vireo-vm-window.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 20000
#define DEADLINE 1

static VireoConnection *connection;
static virConnectPtr virsh;

static gboolean
is_shut_off (gpointer data)
{
  return vireo_domain_get_state (VIREO_DOMAIN (data)) == VIREO_DOMAIN_STATE_SHUTOFF;
}

static gboolean
is_drawable (gpointer data)
{
  return gtk_widget_is_drawable (GTK_WIDGET (data));
}

static gboolean
has_action (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

static void
start (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (virsh, name);

  g_assert_nonnull (dom);
  if (virDomainIsActive (dom) != 1)
    g_assert_cmpint (virDomainCreate (dom), ==, 0);
  virDomainFree (dom);
  g_assert_true (ui_test_wait_for (ui_test_domain_is_running,
                                   ui_test_find_domain (connection, name), TIMEOUT_MS));
}

/* the deadline passes with the VM off: nothing is said. (Waiting for time is
 * the point here: that nothing shows up is only known after the deadline.) */
static void
assert_nothing_after_deadline (void)
{
  ui_test_spin (DEADLINE * 1000 + 1000);
  g_assert_null (ui_test_find_message_dialog ());
}

static void
test_vm_window (void)
{
  VireoDomain *domain;
  GtkWidget *window, *button;

  start ("test");
  domain = ui_test_find_domain (connection, "test");
  window = vireo_vm_window_new (NULL, domain);
  gtk_window_present (GTK_WINDOW (window));

  /* the person presses Shut Down in the window's header */
  button = ui_test_find_match (window, has_action, "domain.shutdown");
  g_assert_nonnull (button);
  g_assert_true (ui_test_wait_for (is_drawable, button, TIMEOUT_MS));
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);

  g_assert_true (ui_test_wait_for (is_shut_off, domain, TIMEOUT_MS));
  assert_nothing_after_deadline ();

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_manager_window (void)
{
  g_autoptr (VireoApplication) app = NULL;
  VireoDomain *domain;
  GtkWidget *window;
  GActionGroup *actions;

  start ("test");
  domain = ui_test_find_domain (connection, "test");
  app = ui_test_app_new ();
  window = vireo_manager_window_new (app);
  gtk_window_present (GTK_WINDOW (window));

  actions = vireo_manager_window_get_domain_actions (VIREO_MANAGER_WINDOW (window));
  vireo_domain_actions_set_domain (actions, domain);
  g_assert_true (g_action_group_get_action_enabled (actions, "shutdown"));
  g_action_group_activate_action (actions, "shutdown", NULL);

  g_assert_true (ui_test_wait_for (is_shut_off, domain, TIMEOUT_MS));
  assert_nothing_after_deadline ();

  ui_test_app_shutdown (&app, window);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GSettings) settings = NULL;
  int ret;

  ui_test_app_init (&argc, &argv);
  vireo_core_init ();

  settings = g_settings_new ("org.vireo.Vireo");
  g_assert_true (g_settings_set_uint (settings, "shutdown-timeout", DEADLINE));

  virsh = virConnectOpen ("test:///default");
  g_assert_nonnull (virsh);
  connection = vireo_connection_new ("test:///default");
  ui_test_connection_open (connection, TIMEOUT_MS);

  g_test_add_func ("/shutdown/vm-window", test_vm_window);
  g_test_add_func ("/shutdown/manager-window", test_manager_window);

  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  virConnectClose (virsh);

  return ret;
}
