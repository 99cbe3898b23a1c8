/* test-host-interfaces.c — the host window's Interfaces page (issue 16)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * host-interfaces.xml on libvirt's test driver: the host window has an
 * Interfaces page; it lists the host's interfaces with kind, state, MAC,
 * addresses and a bridge's members, says the list is read-only and why,
 * shows a name with markup as typed, and lists the host's devices with
 * their kind, driver (none: the test driver keeps none) and the VM each is
 * assigned to; once that VM is deleted, the page says the devices are
 * assigned to none. On test:///default, a virtual HBA made and removed
 * elsewhere appears on the page and goes (node device events).
 */
#define G_LOG_DOMAIN "test-host-interfaces"

#include "config.h"

#include <adwaita.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vireo-host-interfaces-page.h"
#include "vireo-host-window.h"

#include "ui-test-util.h"

static VireoConnection *connection;

static gboolean
page_loaded (gpointer data)
{
  return vireo_host_interfaces_page_get_loaded (data);
}

static void
action_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vireo_domain_action_finish (VIREO_DOMAIN (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
pci_unassigned (gpointer data)
{
  AdwActionRow *row = vireo_host_interfaces_page_find_row (
      data, "0000:06:12.5 Intel Corporation Audio Controller");

  return vireo_host_interfaces_page_get_loaded (data) && row != NULL
         && g_strcmp0 (adw_action_row_get_subtitle (row),
                       "PCI · No driver · Not assigned to a virtual machine") == 0;
}

static const char *
row_subtitle (VireoHostInterfacesPage *page, const char *title)
{
  AdwActionRow *row = vireo_host_interfaces_page_find_row (page, title);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (row)));
  return adw_action_row_get_subtitle (row);
}

static void
test_page (void)
{
  GtkWidget *window = vireo_host_window_new (NULL, connection);
  GtkWidget *stack = ui_test_find_widget (window, ADW_TYPE_VIEW_STACK, NULL);
  VireoHostInterfacesPage *page;
  const char *note = "This host’s interfaces are read through libvirt’s interface driver, "
                     "which cannot change them: make changes on the host itself.";

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 900);
  g_assert_nonnull (stack);
  /* the window has the page, under its name */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "interfaces");
  page = VIREO_HOST_INTERFACES_PAGE (adw_view_stack_get_visible_child (ADW_VIEW_STACK (stack)));
  g_assert_true (VIREO_IS_HOST_INTERFACES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ui_test_wait_for (page_loaded, page, UI_TEST_DEADLINE_MS));
  ui_test_wait_drawn (window);

  /* read-only, and it says so */
  g_assert_cmpstr (vireo_host_interfaces_page_get_interfaces_note (page), ==, note);
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (page), note));
  g_assert_null (vireo_host_interfaces_page_get_devices_note (page));

  /* the interfaces, each with what libvirt says of it */
  g_assert_cmpstr (row_subtitle (page, "br0"), ==,
                   "Bridge · Active · 192.168.7.2/24, fd00::2/64 · Members: eth0");
  g_assert_cmpstr (row_subtitle (page, "eth1"), ==,
                   "Ethernet · Active · MAC 52:54:00:00:00:02 · 10.0.0.5/8");
  /* a name with markup is shown as typed */
  g_assert_cmpstr (row_subtitle (page, "<b>lan&amp;"), ==, "Ethernet · Active · No addresses");

  /* the devices, with their drivers and the VM of each */
  g_assert_cmpstr (row_subtitle (page, "0000:06:12.5 Intel Corporation Audio Controller"), ==,
                   "PCI · No driver · Assigned to guest");
  g_assert_cmpstr (row_subtitle (page, "Logitech, Inc. Unifying Receiver (046d:c52b)"), ==,
                   "USB · No driver · Assigned to guest");
  g_assert_cmpstr (row_subtitle (page, "Acme Stick (1234:0001)"), ==,
                   "USB · No driver · Not assigned to a virtual machine");
  g_assert_cmpstr (row_subtitle (page, "eth1 (52:54:00:00:00:02)"), ==,
                   "Network · No driver · Not assigned to a virtual machine");

  ui_test_render_check (window, "host-interfaces.png");

  /* the VM goes (on this test-driver instance only): the page follows */
  {
    VireoDomain *guest = ui_test_find_domain (connection, "guest");
    gboolean done = FALSE;

    g_assert_nonnull (guest);
    vireo_domain_action_async (guest, VIREO_DOMAIN_ACTION_DELETE, NULL, action_done, &done);
    g_assert_true (ui_test_wait_for (ui_test_is_true, &done, UI_TEST_DEADLINE_MS));
    g_assert_true (ui_test_wait_for (pci_unassigned, page, UI_TEST_DEADLINE_MS));
    g_assert_cmpstr (row_subtitle (page, "Logitech, Inc. Unifying Receiver (046d:c52b)"), ==,
                     "USB · No driver · Not assigned to a virtual machine");
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static guint
count_scsi_hosts (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_ACTION_ROW (child)
          && g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), "SCSI host "))
        n++;
      n += count_scsi_hosts (child);
    }
  return n;
}

typedef struct
{
  GtkWidget *page;
  guint      n;
} ScsiCount;

static gboolean
scsi_hosts_are (gpointer data)
{
  ScsiCount *want = data;

  return vireo_host_interfaces_page_get_loaded (VIREO_HOST_INTERFACES_PAGE (want->page))
         && count_scsi_hosts (want->page) == want->n;
}

/* test:///default (one driver state for the process): a virtual HBA made
 * and removed through another connection appears on the page and goes, by
 * libvirt's node device events */
static void
test_device_events (void)
{
  g_autoptr(VireoConnection) shared = vireo_connection_new ("test:///default");
  virConnectPtr raw = virConnectOpen ("test:///default");
  GtkWidget *window = adw_window_new ();
  GtkWidget *page;
  virNodeDevicePtr vhba;
  ScsiCount want = { NULL, 0 };
  guint before;

  g_assert_nonnull (raw);
  ui_test_connection_open (shared, UI_TEST_DEADLINE_MS);
  page = vireo_host_interfaces_page_new (shared);
  want.page = page;
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ui_test_wait_for (page_loaded, page, UI_TEST_DEADLINE_MS));
  before = count_scsi_hosts (page);
  g_assert_cmpuint (before, >, 0);

  vhba = virNodeDeviceCreateXML (raw, "<device><parent>scsi_host1</parent>"
                                      "<capability type='scsi_host'><capability type='fc_host'>"
                                      "<wwnn>2000000012345678</wwnn><wwpn>1000000012345678</wwpn>"
                                      "</capability></capability></device>", 0);
  g_assert_nonnull (vhba);
  want.n = before + 1;
  g_assert_true (ui_test_wait_for (scsi_hosts_are, &want, UI_TEST_DEADLINE_MS));

  g_assert_cmpint (virNodeDeviceDestroy (vhba), ==, 0);
  virNodeDeviceFree (vhba);
  want.n = before;
  g_assert_true (ui_test_wait_for (scsi_hosts_are, &want, UI_TEST_DEADLINE_MS));

  gtk_window_destroy (GTK_WINDOW (window));
  vireo_connection_close (shared);
  virConnectClose (raw);
}

int
main (int argc, char *argv[])
{
  g_autofree char *uri = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vireo_core_init ();

  uri = g_strdup_printf ("test://%s/host-interfaces.xml", UI_TESTS_DIR);
  connection = vireo_connection_new (uri);
  ui_test_connection_open (connection, UI_TEST_DEADLINE_MS);

  g_test_add_func ("/host-interfaces/page", test_page);
  g_test_add_func ("/host-interfaces/device-events", test_device_events);
  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  return ret;
}
