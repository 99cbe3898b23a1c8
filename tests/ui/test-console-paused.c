/* test-console-paused.c — a paused VM's console says it is paused
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test:///default through Vireo's core, the VM window on its Console page.
 * The VM is paused from outside (as virsh would): the console shows
 * "Paused" with a Resume button, drawn over the page; the button resumes the
 * VM, and the indicator goes.
 */
#define G_LOG_DOMAIN "test-console-paused"

#include "config.h"

#include <adwaita.h>
#include <libvirt/libvirt.h>

#include "vireo-console-page.h"
#include "vireo-vm-window.h"

#include "ui-test-util.h"

static VireoConnection *connection;
static virConnectPtr virsh;

/* the "Paused" label a person reads on the console, when it is on screen */
static GtkWidget *
paused_label (GtkWidget *page)
{
  return ui_test_shown_label (page, "Paused");
}

static gboolean
indicator_shown (gpointer data)
{
  return paused_label (data) != NULL;
}

static gboolean
indicator_gone (gpointer data)
{
  return paused_label (data) == NULL;
}

static void
test_paused_indicator (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "test");
  GtkWidget *window, *page, *label, *button;
  virDomainPtr handle;
  UiTestImage image = { 0 };
  guint32 background;
  guint count;

  g_assert_nonnull (domain);
  handle = virDomainLookupByName (virsh, "test");
  g_assert_nonnull (handle);
  if (vireo_domain_get_state (domain) != VIREO_DOMAIN_STATE_RUNNING)
    {
      g_assert_cmpint (virDomainResume (handle), ==, 0);
      g_assert_true (ui_test_wait_for (ui_test_domain_is_running, domain, UI_TEST_DEADLINE_MS));
    }

  window = vireo_vm_window_new (NULL, domain);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (window, "vm.show-page", "s", "console");
  page = ui_test_find_widget (window, VIREO_TYPE_CONSOLE_PAGE, NULL);
  g_assert_nonnull (page);
  ui_test_wait_drawn (page);
  /* running: no indicator */
  g_assert_null (paused_label (page));

  /* paused outside Vireo: the console says so */
  g_assert_cmpint (virDomainSuspend (handle), ==, 0);
  g_assert_true (ui_test_wait_for (ui_test_domain_is_paused, domain, UI_TEST_DEADLINE_MS));
  g_assert_true (ui_test_wait_for (indicator_shown, page, UI_TEST_DEADLINE_MS));
  label = paused_label (page);

  /* drawn: the word is on screen, light on the indicator's dark background */
  ui_test_render (label, "console-paused-label.png", &image);
  background = ui_test_image_background (&image, &count);
  g_test_message ("label background %06x (%u pixels)", background, count);
  g_assert_cmpuint (((background >> 16) & 0xff) + ((background >> 8) & 0xff) + (background & 0xff), <, 3 * 0x60);
  g_assert_cmpuint (ui_test_image_count_text (&image, label, background), >, 20);
  ui_test_image_clear (&image);

  /* Resume, on the indicator, resumes the VM; the indicator goes */
  button = ui_test_find_widget (page, GTK_TYPE_BUTTON, "_Resume");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  g_assert_true (ui_test_wait_for (ui_test_domain_is_running, domain, UI_TEST_DEADLINE_MS));
  g_assert_true (ui_test_wait_for (indicator_gone, page, UI_TEST_DEADLINE_MS));
  {
    int state = -1, reason;

    g_assert_cmpint (virDomainGetState (handle, &state, &reason, 0), ==, 0);
    g_assert_cmpint (state, ==, VIR_DOMAIN_RUNNING);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  virDomainFree (handle);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vireo_core_init ();

  {
    g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();

    /* what AdwApplication loads for the application */
    gtk_css_provider_load_from_resource (provider, "/org/vireo/Vireo/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  virsh = virConnectOpen ("test:///default");
  g_assert_nonnull (virsh);

  connection = vireo_connection_new ("test:///default");
  ui_test_connection_open (connection, UI_TEST_DEADLINE_MS);

  g_test_add_func ("/console-paused/indicator", test_paused_indicator);

  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  virConnectClose (virsh);

  return ret;
}
