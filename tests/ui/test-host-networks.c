/* test-host-networks.c — the host window's Networks page and the New
 * Network assistant (issue 16)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test:///default: the page lists "default" with its state, and its
 * details read what its XML says; a network with markup in its name shows
 * the name as typed; the assistant suggests a free subnet, makes a NAT
 * network with PXE settings that the page then lists and selects; its bad
 * inputs (name taken, overlapping subnet, DHCP range outside the subnet, a
 * host bridge that does not exist) each show their sentence and create
 * nothing; Delete… names the VMs on the network, and deletes it.
 */
#define G_LOG_DOMAIN "test-host-networks"

#include "config.h"

#include <adwaita.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vireo-host-networks-page.h"
#include "vireo-new-network-wizard.h"

#include "ui-test-util.h"

static VireoConnection *connection;
static virConnectPtr virsh;

static int
n_networks (void)
{
  return virConnectNumOfNetworks (virsh) + virConnectNumOfDefinedNetworks (virsh);
}

static gboolean
row_listed (gpointer data)
{
  gpointer *args = data;

  return ui_test_find_widget (args[0], ADW_TYPE_ACTION_ROW, args[1]) != NULL;
}

static GtkWidget *
open_page (GtkWidget **window_out)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *page = vireo_host_networks_page_new (connection);
  gpointer args[2] = { page, (gpointer) "default" };

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ui_test_wait_for (row_listed, args, UI_TEST_DEADLINE_MS));
  *window_out = window;
  return page;
}

static const char *
row_subtitle (GtkWidget *root, const char *title)
{
  GtkWidget *row = ui_test_find_widget (root, ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
leases_loaded (gpointer data)
{
  return vireo_host_networks_page_get_leases_loaded (data);
}

static gboolean
page_idle (gpointer data)
{
  return !vireo_host_networks_page_get_busy (data);
}

/* -- the list and details ------------------------------------------------------- */

static void
test_list_and_details (void)
{
  GtkWidget *window;
  GtkWidget *page = open_page (&window);
  virNetworkPtr hostile;
  gpointer args[2] = { page, (gpointer) "<b>lab&amp;" };

  g_assert_true (vireo_host_networks_page_select_network (VIREO_HOST_NETWORKS_PAGE (page), "default"));
  g_assert_true (ui_test_wait_for (leases_loaded, page, UI_TEST_DEADLINE_MS));
  /* the row and the details say what the network is */
  g_assert_cmpstr (row_subtitle (page, "default"), ==, "Active · NAT, 192.168.122.1/24");
  g_assert_cmpstr (row_subtitle (page, "State"), ==, "Active");
  g_assert_cmpstr (row_subtitle (page, "Mode"), ==, "NAT");
  g_assert_cmpstr (row_subtitle (page, "Bridge"), ==, "virbr0");
  g_assert_cmpstr (row_subtitle (page, "IPv4"), ==, "192.168.122.1/24");
  g_assert_cmpstr (row_subtitle (page, "DHCP"), ==, "192.168.122.2 – 192.168.122.254");
  g_assert_cmpstr (row_subtitle (page, "IPv6"), ==, "—");
  /* libvirt's test driver lists no leases: the page says why */
  g_assert_nonnull (ui_test_find_widget (page, GTK_TYPE_LABEL, NULL));
  ui_test_render_check (window, "host-networks-default.png");

  /* a name with markup is shown as typed */
  hostile = virNetworkDefineXML (virsh, "<network><name>&lt;b&gt;lab&amp;amp;</name>"
                                        "<bridge name='vhbr9'/></network>");
  g_assert_nonnull (hostile);
  g_assert_true (ui_test_wait_for (row_listed, args, UI_TEST_DEADLINE_MS));
  g_assert_true (vireo_host_networks_page_select_network (VIREO_HOST_NETWORKS_PAGE (page), "<b>lab&amp;"));
  g_assert_nonnull (ui_test_shown_label (page, "<b>lab&amp;"));
  g_assert_cmpstr (row_subtitle (page, "State"), ==, "Inactive");
  g_assert_cmpstr (row_subtitle (page, "Mode"), ==, "Isolated");
  g_assert_cmpint (virNetworkUndefine (hostile), ==, 0);
  virNetworkFree (hostile);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* -- the assistant ------------------------------------------------------------------ */

static VireoNewNetworkWizard *
find_wizard (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (VIREO_IS_NEW_NETWORK_WIZARD (toplevel))
        return VIREO_NEW_NETWORK_WIZARD (toplevel);
    }
  return NULL;
}

static gboolean
wizard_idle (gpointer data)
{
  VireoNewNetworkWizard *wizard = find_wizard ();

  return wizard != NULL && !vireo_new_network_wizard_get_busy (wizard);
}

static gboolean
wizard_gone (gpointer data)
{
  return find_wizard () == NULL;
}

static void
set_row (VireoNewNetworkWizard *wizard, const char *title, const char *text)
{
  GtkWidget *row = ui_test_find_widget (GTK_WIDGET (wizard), ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static const char *
row_text (VireoNewNetworkWizard *wizard, const char *title)
{
  GtkWidget *row = ui_test_find_widget (GTK_WIDGET (wizard), ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static VireoNewNetworkWizard *
open_wizard (GtkWidget *page)
{
  g_assert_true (gtk_widget_activate_action (page, "networks.new", NULL));
  g_assert_true (ui_test_wait_for (wizard_idle, NULL, UI_TEST_DEADLINE_MS));
  return find_wizard ();
}

/* Finish with bad input: the sentence shows, the assistant stays, nothing is made */
static gboolean
label_shown (gpointer data)
{
  gpointer *args = data;

  return ui_test_shown_label (args[0], args[1]) != NULL;
}

static void
finish_refused (VireoNewNetworkWizard *wizard, const char *message)
{
  int before = n_networks ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.finish", NULL));
  g_assert_true (ui_test_wait_for (wizard_idle, NULL, UI_TEST_DEADLINE_MS));
  g_assert_cmpstr (vireo_new_network_wizard_get_error (wizard), ==, message);
  {
    gpointer args[2] = { wizard, (gpointer) message };

    g_assert_true (ui_test_wait_for (label_shown, args, UI_TEST_DEADLINE_MS));
  }
  g_assert_cmpint (n_networks (), ==, before);
}

/* a click on @response: the dialog answers, then closes */
static void
respond (AdwMessageDialog *dialog, const char *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_new_network (void)
{
  GtkWidget *window;
  GtkWidget *page = open_page (&window);
  VireoNewNetworkWizard *wizard = open_wizard (page);
  g_autofree char *suggested = g_strdup (row_text (wizard, "Host Address"));
  g_autofree char *base = NULL;
  GtkWidget *mode;

  /* a free subnet is offered, with its DHCP range */
  g_assert_cmpstr (suggested, !=, "");
  g_assert_false (g_str_has_prefix (suggested, "192.168.122."));
  base = g_strndup (suggested, strrchr (suggested, '.') - suggested);
  g_assert_true (g_str_has_prefix (row_text (wizard, "DHCP Start"), base));
  ui_test_render_check (GTK_WIDGET (wizard), "new-network-wizard.png");

  /* bad input: each says why, nothing is made */
  set_row (wizard, "Name", "default");
  finish_refused (wizard, "A virtual network called “default” already exists: choose another name.");
  set_row (wizard, "Name", "pxelab");
  set_row (wizard, "DHCP End", "10.254.254.254");
  {
    g_autofree char *message = g_strdup_printf ("The DHCP range %s.2 – 10.254.254.254 is outside the subnet %s/24.",
                                                base, suggested);
    finish_refused (wizard, message);
  }
  {
    g_autofree char *end = g_strdup_printf ("%s.254", base);

    set_row (wizard, "DHCP End", end);
  }
  set_row (wizard, "Host Address", "192.168.122.200");
  set_row (wizard, "DHCP Start", "192.168.122.201");
  set_row (wizard, "DHCP End", "192.168.122.206");
  set_row (wizard, "Prefix Length", "28");
  finish_refused (wizard, "The subnet 192.168.122.200/28 overlaps 192.168.122.0/24 of the network “default”: "
                          "choose another one.");
  mode = ui_test_find_widget (GTK_WIDGET (wizard), ADW_TYPE_COMBO_ROW, "Mode");
  adw_combo_row_set_selected (ADW_COMBO_ROW (mode), VIREO_NETWORK_FORWARD_BRIDGE);
  set_row (wizard, "Host Bridge", "vireonobr9");
  finish_refused (wizard, "The host has no bridge called “vireonobr9”.");
  adw_combo_row_set_selected (ADW_COMBO_ROW (mode), VIREO_NETWORK_FORWARD_NAT);
  set_row (wizard, "Outgoing Device (optional)", "");

  /* a NAT network with PXE settings, on the suggested subnet */
  set_row (wizard, "Host Address", suggested);
  {
    g_autofree char *start = g_strdup_printf ("%s.100", base);
    g_autofree char *end = g_strdup_printf ("%s.199", base);

    set_row (wizard, "DHCP Start", start);
    set_row (wizard, "DHCP End", end);
  }
  set_row (wizard, "Prefix Length", "24");
  set_row (wizard, "TFTP Root (optional)", "/srv/tftp");
  set_row (wizard, "Boot File (optional)", "pxelinux.0");
  set_row (wizard, "DNS Domain (optional)", "lab.test");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.finish", NULL));
  g_assert_true (ui_test_wait_for (wizard_gone, NULL, UI_TEST_DEADLINE_MS));

  /* the page lists it, selected, with its settings */
  g_assert_cmpstr (vireo_host_networks_page_get_selected (VIREO_HOST_NETWORKS_PAGE (page)), ==, "pxelab");
  g_assert_null (vireo_host_networks_page_get_error (VIREO_HOST_NETWORKS_PAGE (page)));
  g_assert_cmpstr (row_subtitle (page, "State"), ==, "Active");
  g_assert_cmpstr (row_subtitle (page, "Network Boot"), ==, "TFTP root /srv/tftp, boot file pxelinux.0");
  g_assert_cmpstr (row_subtitle (page, "DNS Domain"), ==, "lab.test");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (ui_test_find_widget (page, GTK_TYPE_SWITCH, NULL))));

  /* Delete… of "default" names the VM on it; cancel keeps it */
  g_assert_true (vireo_host_networks_page_select_network (VIREO_HOST_NETWORKS_PAGE (page), "default"));
  g_assert_true (gtk_widget_activate_action (page, "networks.delete", NULL));
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, UI_TEST_DEADLINE_MS));
  g_assert_cmpstr (adw_message_dialog_get_body (ui_test_find_message_dialog ()), ==,
                   "It is stopped and removed. This VM has a network card on it and loses its connection: test.");
  respond (ui_test_find_message_dialog (), "cancel");

  /* Delete… of the new one: no VM, and it goes */
  g_assert_true (vireo_host_networks_page_select_network (VIREO_HOST_NETWORKS_PAGE (page), "pxelab"));
  g_assert_true (gtk_widget_activate_action (page, "networks.delete", NULL));
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, UI_TEST_DEADLINE_MS));
  g_assert_cmpstr (adw_message_dialog_get_body (ui_test_find_message_dialog ()), ==,
                   "It is stopped and removed. No VM has a network card on it.");
  respond (ui_test_find_message_dialog (), "delete");
  g_assert_true (ui_test_wait_for (page_idle, page, UI_TEST_DEADLINE_MS));
  {
    virNetworkPtr gone = virNetworkLookupByName (virsh, "pxelab");

    g_assert_null (gone);
    virResetLastError ();
  }
  g_assert_false (vireo_host_networks_page_select_network (VIREO_HOST_NETWORKS_PAGE (page), "pxelab"));
  /* nothing stays selected: no details of a network that is gone */
  g_assert_null (vireo_host_networks_page_get_selected (VIREO_HOST_NETWORKS_PAGE (page)));
  gtk_window_destroy (GTK_WINDOW (window));
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
  ui_test_connection_open (connection, UI_TEST_DEADLINE_MS);

  g_test_add_func ("/host-networks/list-and-details", test_list_and_details);
  g_test_add_func ("/host-networks/new-network", test_new_network);
  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  virConnectClose (virsh);
  return ret;
}
