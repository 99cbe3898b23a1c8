/* test-install-job.c — the VM window follows an install to its end
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A VM running its installer (the install run's configuration, with Vireo's
 * marker; the saved configuration boots the disk) on test:///default. Its
 * window, opened from the VM (no wizard), says the install is running; when
 * the installer reboots (the guest shuts down), the same bar says the VM was
 * started again from its disk, and it was; when the person forces it off,
 * the bar says the install was stopped and the VM stays off. A second
 * libvirt connection (as virsh would) plays the guest.
 */
#define G_LOG_DOMAIN "test-install-job"

#include "config.h"

#include <adwaita.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vireo-vm-window.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 20000
#define VM_NAME "ui-install-vm"

#define INSTALLING_TEXT "Installing. When the installer restarts the virtual machine, it starts again from its disk."
#define DONE_TEXT       "Installed. The virtual machine was started again from its disk."
#define STOPPED_TEXT    "The install was stopped before the installer finished. Run starts the virtual machine from its disk."

static VireoConnection *connection;
static virConnectPtr virsh;

/* %s: a new UUID in each test, so that a late event of the previous test's
 * VM (the test driver is shared in-process) is not taken for this one's */
static const char final_xml[] = "<domain type='test'><name>" VM_NAME "</name>"
                                "<uuid>%s</uuid>"
                                "<memory unit='MiB'>256</memory><vcpu>1</vcpu>"
                                "<os><type arch='x86_64'>hvm</type><boot dev='hd'/></os></domain>";
static const char install_xml[] = "<domain type='test'><name>" VM_NAME "</name>"
                                  "<uuid>%s</uuid>"
                                  "<memory unit='MiB'>256</memory><vcpu>1</vcpu>"
                                  "<os><type arch='x86_64'>hvm</type><boot dev='cdrom'/></os>"
                                  "<on_reboot>destroy</on_reboot></domain>";

typedef struct
{
  GtkWidget *window;
  const char *text;
} Shown;

static gboolean
label_shown (gpointer data)
{
  Shown *shown = data;

  GtkWidget *label = ui_test_shown_label (shown->window, shown->text);
  GtkWidget *revealer = label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER) : NULL;

  /* on screen: its bar revealed */
  return label != NULL && revealer != NULL && gtk_revealer_get_reveal_child (GTK_REVEALER (revealer))
         && gtk_widget_get_child_visible (gtk_revealer_get_child (GTK_REVEALER (revealer)));
}

static gboolean
install_followed (gpointer data)
{
  VireoDomain *domain = ui_test_find_domain (connection, VM_NAME);

  return domain != NULL && vireo_domain_get_persistent (domain)
         && vireo_domain_get_install_job (domain) != NULL;
}

static gboolean
domain_is_off (gpointer data)
{
  return vireo_domain_get_state (VIREO_DOMAIN (data)) == VIREO_DOMAIN_STATE_SHUTOFF;
}

/* the install run: the marked installer configuration running, the final one saved */
static virDomainPtr
start_install (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *install = g_strdup_printf (install_xml, uuid);
  g_autofree char *final = g_strdup_printf (final_xml, uuid);
  g_autofree char *marked = vireo_install_job_mark_xml (install, &error);
  virDomainPtr dom, defined;

  g_assert_no_error (error);
  dom = virDomainCreateXML (virsh, marked, 0);
  g_assert_nonnull (dom);
  defined = virDomainDefineXML (virsh, final);
  g_assert_nonnull (defined);
  virDomainFree (defined);
  g_assert_true (ui_test_wait_for (install_followed, NULL, TIMEOUT_MS));
  return dom;
}

static gboolean
vm_gone (gpointer data)
{
  return ui_test_find_domain (connection, VM_NAME) == NULL;
}

static void
remove_vm (virDomainPtr dom)
{
  if (virDomainIsActive (dom) == 1)
    virDomainDestroy (dom);
  virDomainUndefine (dom);
  virDomainFree (dom);
  g_assert_true (ui_test_wait_for (vm_gone, NULL, TIMEOUT_MS));
}

static GtkWidget *
open_window (VireoDomain *domain, Shown *shown)
{
  GtkWidget *window = vireo_vm_window_new (NULL, domain);

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  shown->window = window;
  shown->text = INSTALLING_TEXT;
  g_assert_true (ui_test_wait_for (label_shown, shown, TIMEOUT_MS));
  /* a job that runs: a spinner, no close button */
  {
    GtkWidget *spinner = ui_test_find_widget (window, GTK_TYPE_SPINNER, NULL);

    g_assert_nonnull (spinner);
    g_assert_true (gtk_widget_is_drawable (spinner));
    g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
    g_assert_false (gtk_info_bar_get_show_close_button (GTK_INFO_BAR (
        gtk_widget_get_ancestor (ui_test_shown_label (window, INSTALLING_TEXT), GTK_TYPE_INFO_BAR))));
  }
  return window;
}

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  ui_test_spin (50);
}

static void
test_reboot_starts_from_disk (void)
{
  virDomainPtr dom = start_install ();
  VireoDomain *domain = ui_test_find_domain (connection, VM_NAME);
  Shown shown;
  GtkWidget *window = open_window (domain, &shown);
  GtkWidget *infobar;
  char *xml;
  int state = 0, reason = 0;

  /* the installer reboots */
  g_assert_cmpint (virDomainShutdown (dom), ==, 0);
  shown.text = DONE_TEXT;
  g_assert_true (ui_test_wait_for (label_shown, &shown, TIMEOUT_MS));
  g_assert_null (ui_test_shown_label (window, INSTALLING_TEXT));
  infobar = gtk_widget_get_ancestor (ui_test_shown_label (window, DONE_TEXT), GTK_TYPE_INFO_BAR);
  g_assert_cmpint (gtk_info_bar_get_message_type (GTK_INFO_BAR (infobar)), ==, GTK_MESSAGE_INFO);
  g_assert_true (gtk_info_bar_get_show_close_button (GTK_INFO_BAR (infobar)));

  /* and it runs from its disk, without a click */
  g_assert_cmpint (virDomainGetState (dom, &state, &reason, 0), ==, 0);
  g_assert_cmpint (state, ==, VIR_DOMAIN_RUNNING);
  xml = virDomainGetXMLDesc (dom, 0);
  g_assert_false (vireo_install_job_xml_is_marked (xml));
  g_assert_nonnull (strstr (xml, "<boot dev='hd'/>"));
  free (xml);
  g_assert_true (ui_test_wait_for (ui_test_domain_is_running, domain, TIMEOUT_MS));

  /* the person closes the bar */
  gtk_info_bar_response (GTK_INFO_BAR (infobar), GTK_RESPONSE_CLOSE);
  g_assert_false (gtk_revealer_get_reveal_child (
      GTK_REVEALER (gtk_widget_get_ancestor (infobar, GTK_TYPE_REVEALER))));

  close_window (window);
  remove_vm (dom);
}

static void
test_force_off_stays_off (void)
{
  virDomainPtr dom = start_install ();
  VireoDomain *domain = ui_test_find_domain (connection, VM_NAME);
  Shown shown;
  GtkWidget *window = open_window (domain, &shown);
  GtkWidget *infobar;

  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  shown.text = STOPPED_TEXT;
  g_assert_true (ui_test_wait_for (label_shown, &shown, TIMEOUT_MS));
  infobar = gtk_widget_get_ancestor (ui_test_shown_label (window, STOPPED_TEXT), GTK_TYPE_INFO_BAR);
  g_assert_cmpint (gtk_info_bar_get_message_type (GTK_INFO_BAR (infobar)), ==, GTK_MESSAGE_WARNING);
  g_assert_true (ui_test_wait_for (domain_is_off, domain, TIMEOUT_MS));
  vireo_domain_refresh (domain);
  ui_test_spin (50);
  g_assert_cmpint (virDomainIsActive (dom), ==, 0);

  close_window (window);
  remove_vm (dom);
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

  g_test_add_func ("/install-job/reboot-starts-from-disk", test_reboot_starts_from_disk);
  g_test_add_func ("/install-job/force-off-stays-off", test_force_off_stays_off);

  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  virConnectClose (virsh);

  return ret;
}
