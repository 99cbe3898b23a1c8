/* test-plurals.c — counts read as English on a one-CPU host
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A libvirt test-driver host with one CPU (one socket, one core, one
 * thread): the New Virtual Machine assistant's Memory and CPUs step says
 * "1 logical CPU", not "1 logical CPUs" (issue 10, #19: "1 threads",
 * "1 virtual CPUs"; the host window's topology is checked in
 * test-manager-window).
 */
#define G_LOG_DOMAIN "test-plurals"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vireo-new-vm-wizard.h"

#include "ui-test-util.h"
#include "wizard-test-util.h"

#define TIMEOUT_MS 20000

static const char one_cpu_host[] =
  "<node>\n"
  "  <cpu><mhz>2000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets>"
  "<cores>1</cores><threads>1</threads></cpu>\n"
  "  <memory>8388608</memory>\n"
  "  <pool type='dir'><name>default</name>"
  "<uuid>5f1e0a10-7c3b-4d2a-9e61-c00000000011</uuid>"
  "<capacity unit='GiB'>100</capacity><allocation unit='GiB'>1</allocation>"
  "<available unit='GiB'>99</available>"
  "<target><path>/var/lib/libvirt/images</path></target></pool>\n"
  "</node>\n";

static VireoConnection *connection;
static GListStore *connections;
static char *work_dir;

/* a label that reads @text and is shown */
static GtkWidget *
shown_text (GtkWidget *root, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return child;
      if ((found = shown_text (child, text)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *wizard;
  const char *text;
} TextWait;

static gboolean
text_shown (gpointer data)
{
  TextWait *wait = data;

  return shown_text (wait->wizard, wait->text) != NULL;
}

static void
test_one_cpu_host (void)
{
  g_autofree char *image = g_build_filename (work_dir, "existing.qcow2", NULL);
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;
  TextWait wait;

  g_assert_true (g_file_set_contents (image, "not really qcow2", -1, NULL));
  wizard = wizard_test_open (G_LIST_MODEL (connections), connection, &created, TIMEOUT_MS);

  /* to the Memory and CPUs step, as a person goes there */
  wizard_test_pick (wizard, "_Import existing disk image");
  wizard_test_set_entry (wizard, "Disk image to import", image);
  wizard_test_forward (wizard);
  g_assert_true (ui_test_wait_for (wizard_test_detection_done, wizard, TIMEOUT_MS));
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 2);

  /* what the host has: one CPU, singular */
  wait = (TextWait) { wizard, "The host has 8192 MiB of memory and 1 logical CPU." };
  g_assert_true (ui_test_wait_for (text_shown, &wait, TIMEOUT_MS));
  g_assert_null (shown_text (wizard, "1 logical CPUs"));

  gtk_window_destroy (GTK_WINDOW (wizard));
  g_assert_true (ui_test_wait_for (wizard_test_is_null, &created.wizard, TIMEOUT_MS));
  g_clear_object (&created.domain);
  g_unlink (image);
}

int
main (int argc, char *argv[])
{
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vireo_core_init ();

  work_dir = g_dir_make_tmp ("vireo-plurals-XXXXXX", NULL);
  g_assert_nonnull (work_dir);
  path = g_build_filename (work_dir, "one-cpu.xml", NULL);
  g_assert_true (g_file_set_contents (path, one_cpu_host, -1, NULL));
  uri = g_strconcat ("test://", path, NULL);
  connection = vireo_connection_new (uri);
  connections = g_list_store_new (VIREO_TYPE_CONNECTION);
  g_list_store_append (connections, connection);
  ui_test_connection_open (connection, TIMEOUT_MS);

  g_test_add_func ("/plurals/one-cpu-host", test_one_cpu_host);
  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connections);
  g_clear_object (&connection);
  g_unlink (path);
  g_rmdir (work_dir);
  g_free (work_dir);
  return ret;
}
