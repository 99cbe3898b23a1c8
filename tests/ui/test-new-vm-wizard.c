/* test-new-vm-wizard.c — a person creates VMs with the New VM wizard
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test:///default through Vireo's core (pool "default-pool", network
 * "default"); a second libvirt connection made by the test (as virsh would;
 * the default test driver is shared in-process) checks what was defined.
 */
#define G_LOG_DOMAIN "test-new-vm-wizard"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vireo-express-install.h"
#include "vireo-new-vm-wizard-private.h"
#include "vireo-new-vm-wizard.h"
#include "vireo-pool-browser.h"

#include "ui-test-util.h"
#include "wizard-test-util.h"

#include "../core/http-tree-server.h"

#define TIMEOUT_MS 20000

static VireoConnection *connection;
static GListStore *connections;
static virConnectPtr virsh;
static char *work_dir;

/* -- helpers ----------------------------------------------------------- */

static GtkWidget *
open_wizard (WizardTestCreated *created)
{
  return wizard_test_open (G_LIST_MODEL (connections), NULL, created, TIMEOUT_MS);
}

static char *
domain_xml (const char *name)
{
  return wizard_test_domain_xml (virsh, name, VIR_DOMAIN_XML_INACTIVE);
}

static void
remove_domain (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (virsh, name);

  if (dom == NULL)
    return;
  virDomainDestroy (dom);
  virDomainUndefine (dom);
  virDomainFree (dom);
}

/* -- tests ------------------------------------------------------------- */

static void
test_iso (void)
{
  g_autofree char *iso = g_build_filename (work_dir, "install.iso", NULL);
  g_autofree char *missing = g_build_filename (work_dir, "missing.iso", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *summary_disk = NULL;
  WizardTestCreated created = { 0 };
  GtkWidget *wizard, *memory, *vcpus, *size, *name_row;
  VireoInstallPlan *plan;

  g_assert_true (g_file_set_contents (iso, "", 0, NULL));
  wizard = open_wizard (&created);
  plan = vireo_new_vm_wizard_get_plan (VIREO_NEW_VM_WIZARD (wizard));
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (
                       ui_test_find_widget (wizard, ADW_TYPE_WINDOW_TITLE, NULL))),
                   ==, "Step 1 of 5");
  ui_test_render_check (wizard, "new-vm-1-method.png");

  /* step 1: an ISO that does not exist is refused on this page */
  wizard_test_set_entry (wizard, "ISO image or CD/DVD device", missing);
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 0);
  g_assert_nonnull (wizard_test_find_text (wizard, "does not exist"));
  wizard_test_set_entry (wizard, "ISO image or CD/DVD device", iso);
  g_assert_null (wizard_test_find_text (wizard, "does not exist"));
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 1);

  /* step 2: the empty ISO is not recognised; the person searches the list */
  g_assert_true (ui_test_wait_for (wizard_test_detection_done, wizard, TIMEOUT_MS));
  g_assert_nonnull (strstr (wizard_test_subtitle (wizard, "Detection"), "older than the media"));
  ui_test_render_check (wizard, "new-vm-2-os.png");
  wizard_test_search_os (wizard, "fedora37");

  g_assert_cmpstr (wizard_test_subtitle (wizard, "Chosen operating system"), ==, "Fedora Linux 37");
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 2);

  /* step 3: memory above the host's is warned about, then lowered */
  memory = wizard_test_find_in_row (wizard, GTK_TYPE_SPIN_BUTTON, "_Memory (MiB)");
  vcpus = wizard_test_find_in_row (wizard, GTK_TYPE_SPIN_BUTTON, "_Virtual CPUs");
  g_assert_nonnull (memory);
  g_assert_nonnull (vcpus);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (memory), 16777216);
  ui_test_spin (50);
  g_assert_nonnull (wizard_test_find_text (wizard, "more memory"));
  ui_test_render_check (wizard, "new-vm-3-resources.png");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (memory), 1536);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (vcpus), 2);
  ui_test_spin (50);
  g_assert_null (wizard_test_find_text (wizard, "more memory"));
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 3);

  /* step 4: a 3 GiB disk in the test driver's pool */
  wizard_test_choose (wizard, "Storage _pool", "default-pool");
  size = wizard_test_find_in_row (wizard, GTK_TYPE_SPIN_BUTTON, "_Size (GiB)");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (size), 3);
  ui_test_spin (50);
  ui_test_render_check (wizard, "new-vm-4-storage.png");
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 4);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (
                       ui_test_find_widget (wizard, ADW_TYPE_WINDOW_TITLE, NULL))),
                   ==, "Step 5 of 5");

  /* step 5: the name is checked as it is typed, with the rule shown */
  name_row = ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW, "_Name");
  g_assert_nonnull (name_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "fedora37");
  wizard_test_set_entry (wizard, "_Name", "a/b");
  g_assert_nonnull (wizard_test_find_text (wizard, "contains “/”"));
  g_assert_nonnull (wizard_test_find_text (wizard, vireo_install_plan_name_rule ()));
  g_assert_false (wizard_test_forward_enabled (wizard));
  wizard_test_set_entry (wizard, "_Name", "test"); /* test:///default has a VM "test" */
  g_assert_nonnull (wizard_test_find_text (wizard, "already the name"));
  g_assert_false (wizard_test_forward_enabled (wizard));
  wizard_test_set_entry (wizard, "_Name", "wiz-iso-vm");
  g_assert_null (wizard_test_find_text (wizard, "already the name"));
  g_assert_true (wizard_test_forward_enabled (wizard));
  wizard_test_set_entry (wizard, "MAC address (empty: generated)", "01:00:00:00:00:01");
  g_assert_nonnull (wizard_test_find_text (wizard, "multicast"));
  g_assert_false (wizard_test_forward_enabled (wizard));
  wizard_test_set_entry (wizard, "MAC address (empty: generated)", "52:54:00:aa:bb:cc");
  g_assert_true (wizard_test_forward_enabled (wizard));

  /* the summary */
  g_assert_cmpstr (wizard_test_subtitle (wizard, "Operating system"), ==, "Fedora Linux 37");
  g_assert_nonnull (strstr (wizard_test_subtitle (wizard, "Install from"), iso));
  g_assert_cmpstr (wizard_test_subtitle (wizard, "Memory and CPUs"), ==, "1536 MiB, 2 virtual CPUs");
  summary_disk = g_strdup (wizard_test_subtitle (wizard, "Disk"));
  g_assert_nonnull (strstr (summary_disk, "3 GiB qcow2"));
  g_assert_nonnull (strstr (summary_disk, "wiz-iso-vm.qcow2"));
  g_assert_nonnull (strstr (summary_disk, "default-pool"));
  g_assert_cmpstr (wizard_test_subtitle (wizard, "Network"), ==, "Virtual network “default”");
  ui_test_render_check (wizard, "new-vm-5-finish.png");

  /* Finish: the VM is defined, the wizard closes and hands it over */
  wizard_test_forward (wizard);
  g_assert_true (ui_test_wait_for (wizard_test_is_null, &created.wizard, TIMEOUT_MS));
  g_assert_nonnull (created.domain);
  g_assert_cmpstr (vireo_domain_get_name (created.domain), ==, "wiz-iso-vm");
  (void) plan;

  xml = domain_xml ("wiz-iso-vm");
  g_assert_nonnull (strstr (xml, "<memory unit='KiB'>1572864</memory>"));
  g_assert_nonnull (strstr (xml, ">2</vcpu>"));
  g_assert_nonnull (strstr (xml, "fedoraproject.org/fedora/37"));
  g_assert_nonnull (strstr (xml, "wiz-iso-vm.qcow2"));
  g_assert_nonnull (strstr (xml, "52:54:00:aa:bb:cc"));
  g_assert_nonnull (strstr (xml, "<source network='default'"));
  /* the persistent config boots the disk, without the ISO */
  g_assert_null (strstr (xml, iso));

  g_clear_object (&created.domain);
  remove_domain ("wiz-iso-vm");
  g_unlink (iso);
}

static gboolean
xml_refused_shown (gpointer data)
{
  GtkWidget *label = wizard_test_find_text (data, "The edited configuration was refused");

  return label != NULL && gtk_widget_get_mapped (label);
}

static void
test_import (void)
{
  g_autofree char *image = g_build_filename (work_dir, "existing.qcow2", NULL);
  g_autofree char *xml = NULL;
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;

  g_assert_true (g_file_set_contents (image, "not really qcow2", -1, NULL));
  wizard = open_wizard (&created);

  wizard_test_pick (wizard, "_Import existing disk image");
  g_assert_true (gtk_widget_get_mapped (
      ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW, "Disk image to import")));
  g_assert_false (gtk_widget_get_mapped (
      ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW, "ISO image or CD/DVD device")));
  wizard_test_set_entry (wizard, "Disk image to import", image);
  wizard_test_forward (wizard);
  g_assert_true (ui_test_wait_for (wizard_test_detection_done, wizard, TIMEOUT_MS));
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 3);
  g_assert_nonnull (wizard_test_find_text (wizard, "becomes the virtual machine's disk"));
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 4);
  wizard_test_set_entry (wizard, "_Name", "wiz-import-vm");
  g_assert_nonnull (strstr (wizard_test_subtitle (wizard, "Disk"), image));
  g_assert_nonnull (strstr (wizard_test_subtitle (wizard, "Install from"), "Imported"));

  /* Escape asks before throwing the answers away; keep editing */
  gtk_widget_activate_action (wizard, "wizard.cancel", NULL);
  ui_test_spin (100);
  g_assert_nonnull (created.wizard);
  {
    GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */
    AdwMessageDialog *dialog = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (window))
          dialog = ADW_MESSAGE_DIALOG (window);
      }
    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard the New Virtual Machine?");
    adw_message_dialog_response (dialog, "keep");
    ui_test_spin (100);
    g_assert_nonnull (created.wizard);
  }

  /* review the XML, then Finish */
  gtk_switch_set_active (GTK_SWITCH (wizard_test_in_row (wizard, GTK_TYPE_SWITCH,
                                                      "C_ustomize configuration before install")),
                         TRUE);
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 5);
  {
    GtkTextView *view = GTK_TEXT_VIEW (ui_test_find_widget (wizard, GTK_TYPE_TEXT_VIEW, NULL));
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
    text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
    g_assert_nonnull (strstr (text, "<name>wiz-import-vm</name>"));
    g_assert_nonnull (strstr (text, image));

    /* an XML editor: highlighted as XML, with line numbers, monospace, and
     * announced as "Domain XML" */
    g_assert_true (GTK_SOURCE_IS_VIEW (view));
    g_assert_true (gtk_source_view_get_show_line_numbers (GTK_SOURCE_VIEW (view)));
    g_assert_true (gtk_text_view_get_monospace (view));
    g_assert_nonnull (gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (view))));
    g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (
                         GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (view)))), ==, "xml");
    g_assert_true (gtk_source_buffer_get_highlight_syntax (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (view))));
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
    /* no install phase: nothing is added to the edit */
    g_assert_null (wizard_test_find_text (wizard, "The installer also runs"));
  }
  ui_test_render_check (wizard, "new-vm-xml.png");

  /* the XML is editable: XML libvirt refuses keeps the page open with the
   * reason on it and creates nothing; an accepted edit is the VM's
   * configuration */
  {
    GtkTextView *view = GTK_TEXT_VIEW (ui_test_find_widget (wizard, GTK_TYPE_TEXT_VIEW, NULL));
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
    GtkTextIter start, end;
    g_autofree char *text = NULL;
    g_autofree char *edited = NULL;
    const char *name_end;
    GtkWidget *error_label;

    g_assert_true (gtk_text_view_get_editable (view));
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    gtk_text_buffer_set_text (buffer, "<domain type='kvm'><name>wiz-import-vm</name>", -1);
    wizard_test_forward (wizard);
    g_assert_true (ui_test_wait_for (xml_refused_shown, wizard, TIMEOUT_MS));
    error_label = wizard_test_find_text (wizard, "The edited configuration was refused");
    g_assert_true (gtk_widget_get_mapped (error_label));
    g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 5);
    g_assert_nonnull (created.wizard);
    {
      virDomainPtr *domains = NULL;
      int n = virConnectListAllDomains (virsh, &domains, 0);

      /* nothing created by the refused attempt */
      for (int i = 0; i < n; i++)
        {
          g_assert_cmpstr (virDomainGetName (domains[i]), !=, "wiz-import-vm");
          virDomainFree (domains[i]);
        }
      free (domains);
    }

    name_end = strstr (text, "</name>") + strlen ("</name>");
    edited = g_strdup_printf ("%.*s<description>edited in the wizard</description>%s",
                              (int) (name_end - text), text, name_end);
    gtk_text_buffer_set_text (buffer, edited, -1);
  }
  wizard_test_forward (wizard);
  g_assert_true (ui_test_wait_for (wizard_test_is_null, &created.wizard, TIMEOUT_MS));
  g_assert_nonnull (created.domain);

  xml = domain_xml ("wiz-import-vm");
  g_assert_nonnull (strstr (xml, image));
  g_assert_nonnull (strstr (xml, "<description>edited in the wizard</description>"));
  g_clear_object (&created.domain);
  remove_domain ("wiz-import-vm");
  g_unlink (image);
}

static void
remove_volume (const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (virsh, "default-pool");
  virStorageVolPtr vol = pool != NULL ? virStorageVolLookupByName (pool, name) : NULL;

  if (vol != NULL)
    {
      virStorageVolDelete (vol, 0);
      virStorageVolFree (vol);
    }
  if (pool != NULL)
    virStoragePoolFree (pool);
  virResetLastError ();
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* a copy of test:///default's host facts, for a test to change */
static VireoHostCaps *
fetch_caps (void)
{
  GAsyncResult *result = NULL;
  g_autoptr (VireoHostCaps) caps = NULL;
  g_autoptr (GError) error = NULL;

  vireo_connection_get_host_caps_async (connection, NULL, store_result, &result);
  g_assert_true (ui_test_wait_for (is_set, &result, TIMEOUT_MS));
  caps = vireo_connection_get_host_caps_finish (connection, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return vireo_host_caps_copy (caps);
}

/* -- the host's choices: CD/DVD drives, firmware, networks ---------------- */

static guint
combo_find (GtkWidget *wizard, const char *title, const char *label)
{
  GtkWidget *row = ui_test_find_widget (wizard, ADW_TYPE_COMBO_ROW, title);
  GListModel *model;

  g_assert_nonnull (row);
  model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
combo_select (GtkWidget *wizard, const char *title, const char *label)
{
  guint position = combo_find (wizard, title, label);

  if (position == GTK_INVALID_LIST_POSITION)
    g_error ("“%s” has no item “%s”", title, label);
  adw_combo_row_set_selected (ADW_COMBO_ROW (ui_test_find_widget (wizard, ADW_TYPE_COMBO_ROW, title)), position);
  ui_test_spin (30);
}

static void
choose_os_in_list (GtkWidget *wizard, const char *short_id)
{
  g_assert_true (ui_test_wait_for (wizard_test_detection_done, wizard, TIMEOUT_MS));
  wizard_test_search_os (wizard, short_id);
}

static gboolean
network_started (gpointer wizard)
{
  return combo_find (wizard, "Ne_twork", "Virtual network “wiz-inactive”") != GTK_INVALID_LIST_POSITION;
}

static void
test_host_choices (void)
{
  static const char inactive_xml[] = "<network><name>wiz-inactive</name><bridge name='wizbr9'/></network>";
  g_autofree char *xml = NULL;
  WizardTestCreated created = { 0 };
  GtkWidget *wizard, *media_row, *firmware_row, *inactive_row;
  VireoInstallPlan *plan;
  virNetworkPtr network = virNetworkDefineXML (virsh, inactive_xml);
  g_autoptr (VireoHostCaps) caps = NULL;
  VireoInterfaceFacts *iface;
  VireoDriveFacts *drive;
  g_autofree char *media = NULL;
  g_autofree char *source = NULL;
  VireoNetworkMode mode;
  VireoFirmware firmware;

  g_assert_nonnull (network);
  wizard = open_wizard (&created);
  plan = vireo_new_vm_wizard_get_plan (VIREO_NEW_VM_WIZARD (wizard));

  /* this machine (the test driver) has no CD/DVD drive: the list says so */
  media_row = ui_test_find_widget (wizard, ADW_TYPE_COMBO_ROW, "_Source");
  g_assert_nonnull (media_row);
  g_assert_true (gtk_widget_get_mapped (media_row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (media_row)), ==,
                   "No CD/DVD drive found on this host");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (media_row))), ==, 1);
  g_assert_cmpuint (combo_find (wizard, "_Source", "ISO file"), ==, 0);
  /* no domain capabilities on the test driver: both firmwares offered */
  firmware_row = ui_test_find_widget (wizard, ADW_TYPE_COMBO_ROW, "F_irmware");
  g_assert_true (gtk_widget_get_sensitive (firmware_row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (firmware_row)), ==, "");

  /* the same host with a DVD drive, a bridge, a NIC and no UEFI firmware */
  caps = fetch_caps ();
  /* an x86_64 KVM host (the test driver only offers i686, where libosinfo
   * says nothing about Windows 11's firmware) */
  g_free (caps->capabilities_xml);
  g_assert_true (g_file_get_contents (UI_TESTS_DIR "/../core/data/caps-kvm.xml", &caps->capabilities_xml,
                                      NULL, NULL));
  caps->memory_kib = 16 << 20; /* Windows 11 needs 4 GiB; the test driver has 3 */
  caps->firmware_known = TRUE;
  caps->uefi_available = FALSE;
  drive = g_new0 (VireoDriveFacts, 1);
  drive->path = g_strdup ("/dev/sr0");
  drive->model = g_strdup ("QEMU DVD-ROM");
  g_ptr_array_add (caps->drives, drive);
  iface = g_new0 (VireoInterfaceFacts, 1);
  iface->name = g_strdup ("br0");
  iface->kind = VIREO_INTERFACE_BRIDGE;
  g_ptr_array_add (caps->interfaces, iface);
  iface = g_new0 (VireoInterfaceFacts, 1);
  iface->name = g_strdup ("eth0");
  iface->kind = VIREO_INTERFACE_DEVICE;
  g_ptr_array_add (caps->interfaces, iface);
  _vireo_new_vm_wizard_set_host_caps (VIREO_NEW_VM_WIZARD (wizard), caps);
  ui_test_spin (50);

  /* the drive is listed beside "ISO file"; choosing it makes it the media */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (media_row)), ==, "");
  combo_select (wizard, "_Source", "CD/DVD drive /dev/sr0 (QEMU DVD-ROM)");
  g_object_get (plan, "media-path", &media, NULL);
  g_assert_cmpstr (media, ==, "/dev/sr0");
  g_assert_false (gtk_widget_get_mapped (ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW,
                                                              "ISO image or CD/DVD device")));
  combo_select (wizard, "_Source", "ISO file");
  g_clear_pointer (&media, g_free);
  g_object_get (plan, "media-path", &media, NULL);
  g_assert_cmpstr (media, ==, "");
  g_assert_true (gtk_widget_get_mapped (ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW,
                                                             "ISO image or CD/DVD device")));

  /* Manual install of Windows 11, which needs UEFI on x86_64: blocked on
   * the last page (the injected host is an x86_64 KVM host) */
  wizard_test_pick (wizard, "_Manual");
  wizard_test_forward (wizard);
  choose_os_in_list (wizard, "win11");
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  wizard_test_choose (wizard, "Storage _pool", "default-pool");
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 4);
  wizard_test_set_entry (wizard, "_Name", "wiz-choices-vm");
  g_assert_false (gtk_widget_get_sensitive (firmware_row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (firmware_row)), ==,
                   "BIOS only: no UEFI firmware is installed on this host (package ovmf)");
  g_assert_nonnull (wizard_test_find_text (wizard, "can only boot with UEFI firmware, and no UEFI firmware is installed"));
  g_assert_false (wizard_test_forward_enabled (wizard));
  ui_test_render_check (wizard, "new-vm-5-no-uefi.png");

  /* Fedora boots with BIOS: the block goes, BIOS is chosen, UEFI stays unavailable */
  wizard_test_back (wizard);
  wizard_test_back (wizard);
  wizard_test_back (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 1);
  choose_os_in_list (wizard, "fedora37");
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 4);
  g_assert_null (wizard_test_find_text (wizard, "can only boot with UEFI"));
  g_object_get (plan, "firmware", &firmware, NULL);
  g_assert_cmpint (firmware, ==, VIREO_FIRMWARE_BIOS);
  g_assert_false (gtk_widget_get_sensitive (firmware_row));
  g_assert_true (wizard_test_forward_enabled (wizard));

  /* networks: virtual networks with their state, the bridge, macvtap on the NIC */
  g_assert_cmpuint (combo_find (wizard, "Ne_twork", "Virtual network “default”"), !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (combo_find (wizard, "Ne_twork", "Host bridge br0"), !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (combo_find (wizard, "Ne_twork", "Host device eth0: macvtap"), !=, GTK_INVALID_LIST_POSITION);
  combo_select (wizard, "Ne_twork", "Host bridge br0");
  g_object_get (plan, "network-mode", &mode, "network-source", &source, NULL);
  g_assert_cmpint (mode, ==, VIREO_NETWORK_MODE_BRIDGE);
  g_assert_cmpstr (source, ==, "br0");
  g_assert_false (gtk_widget_get_mapped (ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW,
                                                              "Bridge or host device name")));

  /* an inactive network: said so, Forward blocked, and it can be started here */
  combo_select (wizard, "Ne_twork", "Virtual network “wiz-inactive” (inactive)");
  inactive_row = ui_test_find_widget (wizard, ADW_TYPE_ACTION_ROW,
                                      "The virtual network “wiz-inactive” is not running");
  g_assert_nonnull (inactive_row);
  g_assert_true (gtk_widget_get_mapped (inactive_row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (inactive_row)), ==,
                   "Start it, or choose another network.");
  g_assert_false (wizard_test_forward_enabled (wizard));
  g_signal_emit_by_name (ui_test_find_widget (inactive_row, GTK_TYPE_BUTTON, "_Start"), "clicked");
  g_assert_true (ui_test_wait_for (network_started, wizard, TIMEOUT_MS));
  ui_test_spin (50);
  g_assert_false (gtk_widget_get_mapped (inactive_row));
  g_assert_cmpint (virNetworkIsActive (network), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (ui_test_find_widget (wizard, ADW_TYPE_COMBO_ROW,
                                                                                    "Ne_twork"))),
                    ==, combo_find (wizard, "Ne_twork", "Virtual network “wiz-inactive”"));
  g_assert_true (wizard_test_forward_enabled (wizard));

  /* macvtap on eth0, and Finish: the VM has that interface */
  combo_select (wizard, "Ne_twork", "Host device eth0: macvtap");
  g_clear_pointer (&source, g_free);
  g_object_get (plan, "network-mode", &mode, "network-source", &source, NULL);
  g_assert_cmpint (mode, ==, VIREO_NETWORK_MODE_DIRECT);
  g_assert_cmpstr (source, ==, "eth0");
  g_assert_cmpstr (wizard_test_subtitle (wizard, "Network"), ==, "Host device eth0: macvtap");
  wizard_test_forward (wizard);
  g_assert_true (ui_test_wait_for (wizard_test_is_null, &created.wizard, TIMEOUT_MS));
  g_assert_nonnull (created.domain);
  xml = domain_xml ("wiz-choices-vm");
  g_assert_nonnull (strstr (xml, "<interface type='direct'>"));
  g_assert_nonnull (strstr (xml, "<source dev='eth0' mode='bridge'/>"));
  g_assert_null (strstr (xml, "efi"));

  g_clear_object (&created.domain);
  remove_domain ("wiz-choices-vm");
  remove_volume ("wiz-choices-vm.qcow2");
  virNetworkDestroy (network);
  virNetworkUndefine (network);
  virNetworkFree (network);
}

/* -- the pool browser ----------------------------------------------------- */

static GtkWidget *
find_pool_browser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (VIREO_IS_POOL_BROWSER (window))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
browser_idle (gpointer browser)
{
  return wizard_test_find_text (browser, "Listing") == NULL && wizard_test_find_text (browser, "Creating") == NULL;
}

static gboolean
volume_listed (gpointer browser)
{
  return browser_idle (browser) && vireo_pool_browser_get_selected_path (browser) != NULL;
}

static GtkWidget *
find_button_by_tooltip (GtkWidget *root, const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_get_mapped (child)
          && g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0)
        return child;
      found = find_button_by_tooltip (child, tooltip);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* position of @name in the browser's volume list, and that list */
static GtkWidget *
find_volume (GtkWidget *root, const char *name, guint *position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_VIEW (child))
        {
          GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (child)));

          for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
            {
              g_autoptr (GtkStringObject) item = g_list_model_get_item (model, i);

              if (g_strcmp0 (gtk_string_object_get_string (item), name) == 0)
                {
                  *position = i;
                  return child;
                }
            }
        }
      found = find_volume (child, name, position);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_pool_browser (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard, *browser, *row;
  g_autofree char *path = NULL;
  g_autofree char *chosen = NULL;
  VireoInstallPlan *plan;

  wizard = open_wizard (&created);
  plan = vireo_new_vm_wizard_get_plan (VIREO_NEW_VM_WIZARD (wizard));
  wizard_test_pick (wizard, "_Manual");
  wizard_test_forward (wizard);
  choose_os_in_list (wizard, "fedora37");
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 3);
  wizard_test_pick (wizard, "Use an _existing disk image or device");

  /* "Choose existing volume…" opens the browser on the connection's pools */
  row = ui_test_find_widget (wizard, ADW_TYPE_ACTION_ROW, "Choose _existing volume…");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  g_signal_emit_by_name (row, "activated");
  ui_test_spin (100);
  browser = find_pool_browser ();
  g_assert_nonnull (browser);
  g_assert_true (ui_test_wait_for (browser_idle, browser, TIMEOUT_MS));
  ui_test_spin (100);
  g_assert_nonnull (wizard_test_find_text (browser, "default-pool"));
  g_assert_nonnull (wizard_test_find_text (browser, "Active, "));
  g_assert_nonnull (wizard_test_find_text (browser, "free of 100.0\u00a0GiB")); /* g_format_size: no-break space */
  g_assert_false (gtk_widget_get_sensitive (ui_test_find_widget (browser, GTK_TYPE_BUTTON, "C_hoose")));

  /* create a 1 GiB qcow2 volume there: it is listed, selected, and chosen */
  wizard_test_set_entry (browser, "Volume name", "wiz-browser-vol");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ui_test_find_widget (browser, GTK_TYPE_SPIN_BUTTON, NULL)), 1);
  g_signal_emit_by_name (ui_test_find_widget (browser, GTK_TYPE_BUTTON, "C_reate Volume"), "clicked");
  g_assert_true (ui_test_wait_for (volume_listed, browser, TIMEOUT_MS));
  ui_test_spin (100);
  g_assert_nonnull (wizard_test_find_text (browser, "wiz-browser-vol.qcow2"));
  g_assert_nonnull (wizard_test_find_text (browser, "1.0\u00a0GiB, qcow2"));
  g_assert_nonnull (wizard_test_find_text (browser, "free of 100.0\u00a0GiB")); /* g_format_size: no-break space */
  path = g_strdup (vireo_pool_browser_get_selected_path (VIREO_POOL_BROWSER (browser)));
  g_assert_true (g_str_has_suffix (path, "/wiz-browser-vol.qcow2"));
  ui_test_render_check (browser, "pool-browser.png");

  /* a name taken: libvirt's reason on the dialog */
  wizard_test_set_entry (browser, "Volume name", "wiz-browser-vol.qcow2");
  g_assert_true (gtk_widget_get_sensitive (ui_test_find_widget (browser, GTK_TYPE_BUTTON, "C_reate Volume")));
  g_signal_emit_by_name (ui_test_find_widget (browser, GTK_TYPE_BUTTON, "C_reate Volume"), "clicked");
  g_assert_true (ui_test_wait_for (browser_idle, browser, TIMEOUT_MS));
  ui_test_spin (50);
  g_assert_nonnull (wizard_test_find_text (browser, "Could not create the volume “wiz-browser-vol.qcow2”"));

  g_assert_true (gtk_widget_get_sensitive (ui_test_find_widget (browser, GTK_TYPE_BUTTON, "C_hoose")));
  g_signal_emit_by_name (ui_test_find_widget (browser, GTK_TYPE_BUTTON, "C_hoose"), "clicked");
  ui_test_spin (100);
  g_assert_null (find_pool_browser ());
  g_object_get (plan, "disk-path", &chosen, NULL);
  g_assert_cmpstr (chosen, ==, path);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW,
                                                                             "Disk image or device path"))),
                   ==, path);

  /* the first page: a volume as the disk image to import */
  wizard_test_back (wizard);
  wizard_test_back (wizard);
  wizard_test_back (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 0);
  wizard_test_pick (wizard, "_Import existing disk image");
  wizard_test_set_entry (wizard, "Disk image to import", "");
  ui_test_spin (20);
  g_assert_nonnull (find_button_by_tooltip (wizard, "Choose a volume in a storage pool"));
  g_signal_emit_by_name (find_button_by_tooltip (wizard, "Choose a volume in a storage pool"), "clicked");
  ui_test_spin (100);
  browser = find_pool_browser ();
  g_assert_nonnull (browser);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (browser)), ==, "Choose a Disk Image to Import");
  g_assert_true (ui_test_wait_for (browser_idle, browser, TIMEOUT_MS));
  ui_test_spin (100);
  {
    guint position = 0;
    GtkWidget *list = find_volume (browser, "wiz-browser-vol.qcow2", &position);

    g_assert_nonnull (list);
    g_signal_emit_by_name (list, "activate", position); /* double-click: chosen */
  }
  ui_test_spin (100);
  g_assert_null (find_pool_browser ());
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW,
                                                                             "Disk image to import"))),
                   ==, path);

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (50);
  remove_volume ("wiz-browser-vol.qcow2");
}

/* -- QEMU cannot read the image ------------------------------------------ */

/* stands in for vireo_image_access_check (which needs qemu:///system) */
static gboolean
fake_access_check (const char *path, gboolean need_write, GError **error)
{
  if (strstr (path, "private") == NULL)
    return TRUE;
  g_set_error (error, VIREO_ERROR, VIREO_ERROR_PERMISSION_DENIED,
               "QEMU cannot open “%s”: its folder is private to its owner. Move the file to "
               "/var/lib/libvirt/images.%s",
               path, need_write ? " (read and write)" : "");
  return FALSE;
}

/* a wizard and a text, for the conditions waited for */
typedef struct
{
  GtkWidget  *wizard;
  const char *text;
} WizardText;

static gboolean
text_shown (gpointer data)
{
  const WizardText *args = data;

  return wizard_test_find_text (args->wizard, args->text) != NULL;
}

static void
test_image_access (void)
{
  g_autofree char *private_iso = g_build_filename (work_dir, "private.iso", NULL);
  g_autofree char *iso = g_build_filename (work_dir, "install.iso", NULL);
  g_autofree char *private_disk = g_build_filename (work_dir, "private-disk.qcow2", NULL);
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;
  WizardText args = { NULL, NULL };

  g_assert_true (g_file_set_contents (private_iso, "", 0, NULL));
  g_assert_true (g_file_set_contents (iso, "", 0, NULL));
  g_assert_true (g_file_set_contents (private_disk, "", 0, NULL));
  wizard = open_wizard (&created);
  _vireo_new_vm_wizard_set_image_access_func (VIREO_NEW_VM_WIZARD (wizard), fake_access_check);

  /* an ISO QEMU cannot read: the reason on the first page, Forward blocked */
  wizard_test_set_entry (wizard, "ISO image or CD/DVD device", private_iso);
  args.wizard = wizard;
  args.text = "QEMU cannot open";
  g_assert_true (ui_test_wait_for (text_shown, &args, TIMEOUT_MS));
  g_assert_nonnull (wizard_test_find_text (wizard, "Move the file to /var/lib/libvirt/images."));
  g_assert_null (wizard_test_find_text (wizard, "(read and write)"));
  g_assert_false (wizard_test_forward_enabled (wizard));
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 0);
  ui_test_render_check (wizard, "new-vm-1-image-access.png");

  /* one it can read */
  wizard_test_set_entry (wizard, "ISO image or CD/DVD device", iso);
  ui_test_spin (200);
  g_assert_null (wizard_test_find_text (wizard, "QEMU cannot open"));
  g_assert_true (wizard_test_forward_enabled (wizard));
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 1);
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 3);

  /* an existing disk it cannot write: said on the storage page */
  wizard_test_pick (wizard, "Use an _existing disk image or device");
  wizard_test_set_entry (wizard, "Disk image or device path", private_disk);
  args.text = "(read and write)";
  g_assert_true (ui_test_wait_for (text_shown, &args, TIMEOUT_MS));
  g_assert_false (wizard_test_forward_enabled (wizard));
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 3);
  wizard_test_pick (wizard, "Create a _new disk");
  ui_test_spin (200);
  g_assert_null (wizard_test_find_text (wizard, "QEMU cannot open"));
  g_assert_true (wizard_test_forward_enabled (wizard));

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (50);
  g_unlink (private_iso);
  g_unlink (iso);
  g_unlink (private_disk);
}


static int
count_domains (void)
{
  virDomainPtr *domains = NULL;
  int n = virConnectListAllDomains (virsh, &domains, 0);

  for (int i = 0; i < n; i++)
    virDomainFree (domains[i]);
  free (domains);
  return n;
}

/* Back to the first page, @url typed, Forward: the OS page's detection says
 * @detected; Forward again leads to step @then + 1 (stays on 2: refused) */
static void
retry_url (GtkWidget *wizard, const char *url, const char *detected, guint then)
{
  wizard_test_back (wizard);
  wizard_test_set_entry (wizard, "Install tree URL", url);
  wizard_test_forward (wizard);
  g_assert_true (ui_test_wait_for (wizard_test_detection_done, wizard, TIMEOUT_MS));
  g_assert_nonnull (strstr (wizard_test_subtitle (wizard, "Detection"), detected));
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, then);
}

/* the Network install method with addresses that are not install trees: the
 * OS page says so and does not go on; a real tree then works */
static void
test_url_errors (void)
{
  HttpTreeServer *server = http_tree_server_new (4096);
  g_autofree char *missing = http_tree_server_url (server, "nothing-here/");
  g_autofree char *not_tree = http_tree_server_url (server, "notatree/");
  g_autofree char *tree = http_tree_server_url (server, "tree/");
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;
  int domains_before = count_domains ();
  const char *text;

  wizard = open_wizard (&created);
  wizard_test_pick (wizard, "_Network install");

  /* HTTP 404 */
  wizard_test_set_entry (wizard, "Install tree URL", missing);
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 1);
  g_assert_true (ui_test_wait_for (wizard_test_detection_done, wizard, TIMEOUT_MS));
  text = wizard_test_subtitle (wizard, "Detection");
  g_assert_nonnull (strstr (text, "is not an install tree"));
  g_assert_nonnull (strstr (text, ".treeinfo"));
  g_assert_null (strstr (text, "older than"));
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 1);
  g_assert_nonnull (wizard_test_find_text (wizard, "is not an install tree"));

  /* a web page, not a tree */
  retry_url (wizard, not_tree, "is not an install tree", 1);

  /* the real tree: detected, and the wizard goes on */
  retry_url (wizard, tree, "Fedora", 2);

  /* nothing was created on the host */
  g_assert_cmpint (count_domains (), ==, domains_before);
  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (100);
  http_tree_server_free (server);
}

/* -- closing: Cancel → Discard, and a close while a VM is being created -- */

/* the message dialog on screen, or NULL */
static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */
  AdwMessageDialog *dialog = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        dialog = ADW_MESSAGE_DIALOG (window);
    }
  return dialog;
}

/* Cancel asks; the person clicks a button of the question, as with the mouse */
static void
cancel_and_answer (GtkWidget  *wizard,
                   const char *button_label)
{
  AdwMessageDialog *dialog;
  GtkWidget *button;

  gtk_widget_activate_action (wizard, "wizard.cancel", NULL);
  ui_test_spin (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard the New Virtual Machine?");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (wizard));
  button = ui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_label);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* Cancel → Discard closes the question and the wizard, without a critical
 * (they are fatal here) from the question outliving the window it belongs
 * to; the wizard is freed */
static void
test_cancel_discard (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;

  for (guint round = 0; round < 2; round++)
    {
      wizard = open_wizard (&created);
      wizard_test_set_entry (wizard, "ISO image or CD/DVD device", "/nowhere/answer.iso");

      cancel_and_answer (wizard, "_Keep Editing");
      ui_test_spin (100);
      g_assert_nonnull (created.wizard);
      g_assert_null (find_message_dialog ());

      cancel_and_answer (wizard, "_Discard");
      g_assert_true (ui_test_wait_for (wizard_test_is_null, &created.wizard, TIMEOUT_MS));
      ui_test_spin (200);
      g_assert_null (find_message_dialog ());
      g_assert_null (created.domain);
    }
}

static gboolean
volume_exists (gpointer name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (virsh, "default-pool");
  virStorageVolPtr vol = pool != NULL ? virStorageVolLookupByName (pool, name) : NULL;
  gboolean exists = vol != NULL;

  if (vol != NULL)
    virStorageVolFree (vol);
  if (pool != NULL)
    virStoragePoolFree (pool);
  virResetLastError ();
  return exists;
}

static gboolean
volume_gone (gpointer name)
{
  return !volume_exists (name);
}

static gboolean
domain_exists (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (virsh, name);

  virResetLastError ();
  if (dom == NULL)
    return FALSE;
  virDomainFree (dom);
  return TRUE;
}

static gboolean
progress_left (gpointer wizard)
{
  return vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)) != 6;
}

/* the wizard on its last page, ready to create "wiz-close-vm" with a new
 * 2 GiB disk in default-pool */
static void
fill_to_finish (GtkWidget *wizard)
{
  wizard_test_pick (wizard, "_Manual");
  wizard_test_forward (wizard);
  choose_os_in_list (wizard, "fedora37");
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 3);
  wizard_test_choose (wizard, "Storage _pool", "default-pool");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (wizard_test_find_in_row (wizard, GTK_TYPE_SPIN_BUTTON,
                                                                       "_Size (GiB)")),
                             2);
  ui_test_spin (50);
  wizard_test_forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 4);
  wizard_test_set_entry (wizard, "_Name", "wiz-close-vm");
  g_assert_true (wizard_test_forward_enabled (wizard));
}

/* The run held once its disk is made (on its thread), until the test lets
 * it go: the close lands before the run's next check on any machine. */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean reached;
  gboolean released;
} RunHold;

static RunHold run_hold;

static void
run_hold_hook (gpointer data)
{
  RunHold *hold = data;

  g_mutex_lock (&hold->lock);
  hold->reached = TRUE;
  while (!hold->released)
    g_cond_wait (&hold->cond, &hold->lock);
  g_mutex_unlock (&hold->lock);
}

static gboolean
run_hold_reached (gpointer data)
{
  RunHold *hold = data;
  gboolean reached;

  g_mutex_lock (&hold->lock);
  reached = hold->reached;
  g_mutex_unlock (&hold->lock);
  return reached;
}

static void
run_hold_arm (void)
{
  g_mutex_lock (&run_hold.lock);
  run_hold.reached = FALSE;
  run_hold.released = FALSE;
  g_mutex_unlock (&run_hold.lock);
  _vireo_install_runner_set_disk_made_hook (run_hold_hook, &run_hold);
}

static void
run_hold_release (void)
{
  g_mutex_lock (&run_hold.lock);
  run_hold.released = TRUE;
  g_cond_broadcast (&run_hold.cond);
  g_mutex_unlock (&run_hold.lock);
}

/* Closing while the VM is being created (the run is held once it made the
 * disk, so the close lands before its next check). The close button (or Escape) cancels the run
 * and keeps the wizard, with every answer; a window torn down with the run
 * going (the application quitting) cancels the run too. Either way the run
 * removes the disk it made and defines nothing; its callbacks never touch the
 * gone window (criticals are fatal here) and the wizard is freed at once. */
static void
test_close_while_creating (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;
  const char *volume = "wiz-close-vm.qcow2";

  remove_volume (volume);
  wizard = open_wizard (&created);
  fill_to_finish (wizard);

  /* Finish, then the close button */
  run_hold_arm ();
  gtk_widget_activate_action (wizard, "wizard.forward", NULL);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 6);
  g_assert_true (ui_test_wait_for (run_hold_reached, &run_hold, TIMEOUT_MS));
  gtk_window_close (GTK_WINDOW (wizard));
  run_hold_release ();
  g_assert_true (ui_test_wait_for (progress_left, wizard, TIMEOUT_MS));
  g_assert_nonnull (created.wizard);
  g_assert_nonnull (wizard_test_find_text (wizard, "was cancelled; nothing was left on the host"));
  g_assert_true (volume_gone ((gpointer) volume));
  g_assert_false (domain_exists ("wiz-close-vm"));
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 4);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wizard_test_entry (wizard, "_Name"))), ==,
                   "wiz-close-vm");

  /* Finish again, then the window is torn down */
  run_hold_arm ();
  gtk_widget_activate_action (wizard, "wizard.forward", NULL);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 6);
  g_assert_true (ui_test_wait_for (run_hold_reached, &run_hold, TIMEOUT_MS));
  gtk_window_destroy (GTK_WINDOW (wizard));
  wizard = NULL;
  g_assert_true (ui_test_wait_for (wizard_test_is_null, &created.wizard, TIMEOUT_MS));
  /* the run goes on without the window until its check, then undoes */
  run_hold_release ();
  g_assert_true (ui_test_wait_for (volume_gone, (gpointer) volume, TIMEOUT_MS));
  g_assert_false (domain_exists ("wiz-close-vm"));
  _vireo_install_runner_set_disk_made_hook (NULL, NULL);
  ui_test_spin (100);
  g_assert_null (created.domain);
}

/* The plan outlives its wizard (the runner holds it): changes to it after
 * the wizard was disposed reach no handler of the wizard's (a disposed
 * wizard's widgets are gone: criticals, fatal here), and the wizard is
 * freed */
static void
test_plan_outlives_wizard (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard = open_wizard (&created);
  g_autoptr (VireoInstallPlan) plan = g_object_ref (vireo_new_vm_wizard_get_plan (VIREO_NEW_VM_WIZARD (wizard)));

  wizard_test_set_entry (wizard, "_Name", "wiz-plan-vm");
  g_object_ref (wizard);
  gtk_window_destroy (GTK_WINDOW (wizard));
  g_object_run_dispose (G_OBJECT (wizard));
  g_object_set (plan, "name", "wiz-plan-vm-2", "memory-mib", 1024, "firmware", VIREO_FIRMWARE_UEFI, "disk-path", "/nowhere.img", NULL);
  ui_test_spin (100);
  g_assert_finalize_object (wizard);
  g_assert_null (created.wizard);
  g_object_set (plan, "name", "wiz-plan-vm-3", NULL);
}

/* -- issue 10: what a person met ----------------------------------------- */

/* the wizard's title bar subtitle */
static const char *
wizard_subtitle (GtkWidget *wizard)
{
  return adw_window_title_get_subtitle (ADW_WINDOW_TITLE (ui_test_find_widget (wizard, ADW_TYPE_WINDOW_TITLE, NULL)));
}

/* Cancel on a wizard nobody answered anything in closes it, no question */
static void
test_cancel_untouched (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard = open_wizard (&created);

  gtk_widget_activate_action (wizard, "wizard.cancel", NULL);
  g_assert_true (ui_test_wait_for (wizard_test_is_null, &created.wizard, TIMEOUT_MS));
  g_assert_null (find_message_dialog ());
}

/* a refused address's error goes when the person moves on: to PXE, or to
 * another address */
static void
test_stale_errors (void)
{
  HttpTreeServer *server = http_tree_server_new (4096);
  g_autofree char *missing = http_tree_server_url (server, "nothing-here/");
  g_autofree char *tree = http_tree_server_url (server, "tree/");
  WizardTestCreated created = { 0 };
  GtkWidget *wizard = open_wizard (&created);
  GtkWidget *old;

  wizard_test_pick (wizard, "_Network install");
  wizard_test_set_entry (wizard, "Install tree URL", missing);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);
  g_assert_true (ui_test_wait_for (wizard_test_detection_done, wizard, TIMEOUT_MS));
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);
  /* the refusal, below the detection's own words */
  g_assert_nonnull (wizard_test_find_text (wizard, "is not an install tree"));

  /* Back, PXE, Forward: nothing about the address is left on the page */
  wizard_test_back (wizard);
  wizard_test_pick (wizard, "Network _boot (PXE)");
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);
  old = wizard_test_find_text (wizard, "nothing-here");
  g_assert_null (old);

  /* Back, another address, Forward: the old address's error is gone at once */
  wizard_test_back (wizard);
  wizard_test_pick (wizard, "_Network install");
  wizard_test_set_entry (wizard, "Install tree URL", tree);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);
  g_assert_null (wizard_test_find_text (wizard, "nothing-here"));
  g_assert_true (ui_test_wait_for (wizard_test_detection_done, wizard, TIMEOUT_MS));
  g_assert_null (wizard_test_find_text (wizard, "nothing-here"));
  g_assert_null (wizard_test_find_text (wizard, "is not an install tree"));

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (100);
  http_tree_server_free (server);
}

/* the label @data is shown inside the part of its page that is scrolled into view */
static gboolean
label_in_view (gpointer data)
{
  GtkWidget *label = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  if (label == NULL || !gtk_widget_get_mapped (label) || scrolled == NULL
      || !gtk_widget_compute_bounds (label, scrolled, &bounds))
    return FALSE;
  g_test_message ("error at y %.0f..%.0f of %d", bounds.origin.y, bounds.origin.y + bounds.size.height,
                  gtk_widget_get_height (scrolled));
  return bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled);
}

/* An image to import that is not there: refused on step 1, in words about
 * an image (not a disc) */
static void
test_import_missing (void)
{
  g_autofree char *missing = g_build_filename (work_dir, "gone.qcow2", NULL);
  WizardTestCreated created = { 0 };
  GtkWidget *wizard = open_wizard (&created);
  GtkWidget *label;

  wizard_test_pick (wizard, "_Import existing disk image");
  wizard_test_set_entry (wizard, "Disk image to import", missing);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 0);
  label = wizard_test_find_text (wizard, "does not exist");
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "Disk image to import"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (label)), "disc"));

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (50);
}

/* in a short window, the error under the page's last row is scrolled into
 * view when Forward is refused */
static void
test_error_scrolled_into_view (void)
{
  g_autofree char *missing = g_build_filename (work_dir, "nowhere.iso", NULL);
  WizardTestCreated created = { 0 };
  GtkWidget *wizard = open_wizard (&created);
  GtkWidget *label;
  WizardText args = { wizard, "does not exist" };

  gtk_window_set_default_size (GTK_WINDOW (wizard), 640, 360);
  ui_test_wait_drawn (wizard);
  wizard_test_set_entry (wizard, "ISO image or CD/DVD device", missing);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 0);
  g_assert_true (ui_test_wait_for (text_shown, &args, TIMEOUT_MS));
  label = wizard_test_find_text (wizard, "does not exist");
  /* a person sees the message without scrolling */
  g_assert_true (ui_test_wait_for (label_in_view, label, TIMEOUT_MS));

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (50);
}

/* step 5 of a Manual (or @pxe) install of Fedora 37 with the defaults */
static void
to_finish (GtkWidget *wizard,
           gboolean   pxe)
{
  wizard_test_pick (wizard, pxe ? "Network _boot (PXE)" : "_Manual");
  wizard_test_forward (wizard);
  choose_os_in_list (wizard, "fedora37");
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 3);
  wizard_test_choose (wizard, "Storage _pool", "default-pool");
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 4);
}

static gboolean
network_offered (gpointer data)
{
  const WizardText *args = data;

  return combo_find (args->wizard, "Ne_twork", args->text) != GTK_INVALID_LIST_POSITION;
}

static void
collect_labels (GtkWidget *root, GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child))
        g_ptr_array_add (out, child);
      collect_labels (child, out);
    }
}

/* the choice shown on the Network row is shown whole, not cut to its
 * common start */
static void
assert_network_shown_whole (GtkWidget *wizard, const char *text)
{
  GtkWidget *row = ui_test_find_widget (wizard, ADW_TYPE_COMBO_ROW, "Ne_twork");
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *shown = NULL;

  ui_test_wait_drawn (wizard);
  collect_labels (row, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (gtk_label_get_text (labels->pdata[i]), text))
      shown = labels->pdata[i];
  g_assert_nonnull (shown);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (shown))));
}

static const char *const lab_networks[] = { "ipv6_routed_lab_a", "ipv6_routed_lab_b" };

static void
define_lab_networks (virNetworkPtr networks[2])
{
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *xml = g_strdup_printf ("<network><name>%s</name><bridge name='wizv6br%u'/></network>",
                                              lab_networks[i], i);

      networks[i] = virNetworkDefineXML (virsh, xml);
      g_assert_nonnull (networks[i]);
    }
}

static void
undefine_lab_networks (virNetworkPtr networks[2])
{
  for (guint i = 0; i < 2; i++)
    {
      virNetworkUndefine (networks[i]);
      virNetworkFree (networks[i]);
    }
}

/* networks defined while the wizard is open (with virsh or another window)
 * are offered after Back and Forward */
static void
test_network_defined_meanwhile (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard = open_wizard (&created);
  virNetworkPtr networks[2];
  g_autofree char *label_a = g_strdup_printf ("Virtual network “%s” (inactive)", lab_networks[0]);
  WizardText args = { wizard, label_a };

  to_finish (wizard, FALSE);
  define_lab_networks (networks);
  wizard_test_back (wizard);
  wizard_test_forward (wizard);
  g_assert_true (ui_test_wait_for (network_offered, &args, TIMEOUT_MS));
  /* the network chosen before is still chosen */
  g_assert_cmpstr (wizard_test_subtitle (wizard, "Network"), ==, "Virtual network “default”");

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (100);
  undefine_lab_networks (networks);
}

static gboolean
network_not_offered (gpointer data)
{
  return !network_offered (data);
}

/* the entry the Network row shows chosen */
static const char *
network_choice (GtkWidget *wizard)
{
  AdwComboRow *row = ADW_COMBO_ROW (ui_test_find_widget (wizard, ADW_TYPE_COMBO_ROW, "Ne_twork"));
  GObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

static gboolean
network_chosen (gpointer data)
{
  const WizardText *args = data;

  return g_strcmp0 (network_choice (args->wizard), args->text) == 0;
}

/* the Network row follows the host while it is shown (libvirt's network
 * events), with no Back and Forward: a network defined elsewhere appears,
 * one started loses "(inactive)" and stays chosen, one undefined goes */
static void
test_network_followed_live (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard = open_wizard (&created);
  virNetworkPtr net;
  WizardText inactive = { wizard, "Virtual network “live_net” (inactive)" };
  WizardText active = { wizard, "Virtual network “live_net”" };
  WizardText other = { wizard, "Virtual network “live_other” (inactive)" };
  virNetworkPtr other_net;

  to_finish (wizard, FALSE);
  g_assert_true (network_not_offered (&inactive));

  /* defined in virsh: offered, inactive */
  net = virNetworkDefineXML (virsh, "<network><name>live_net</name><bridge name='livebr0'/></network>");
  g_assert_nonnull (net);
  g_assert_true (ui_test_wait_for (network_offered, &inactive, TIMEOUT_MS));
  combo_select (wizard, "Ne_twork", inactive.text);
  g_assert_true (ui_test_wait_for (network_chosen, &inactive, TIMEOUT_MS));

  /* started in virsh: the chosen entry says so, and stays chosen */
  g_assert_cmpint (virNetworkCreate (net), ==, 0);
  g_assert_true (ui_test_wait_for (network_chosen, &active, TIMEOUT_MS));
  g_assert_true (network_not_offered (&inactive));

  /* another one defined: offered, and the choice is kept */
  other_net = virNetworkDefineXML (virsh, "<network><name>live_other</name><bridge name='livebr1'/></network>");
  g_assert_nonnull (other_net);
  g_assert_true (ui_test_wait_for (network_offered, &other, TIMEOUT_MS));
  g_assert_cmpstr (network_choice (wizard), ==, active.text);

  /* undefined in virsh: gone from the list */
  g_assert_cmpint (virNetworkUndefine (other_net), ==, 0);
  g_assert_true (ui_test_wait_for (network_not_offered, &other, TIMEOUT_MS));
  g_assert_cmpstr (network_choice (wizard), ==, active.text);
  g_assert_cmpstr (wizard_test_subtitle (wizard, "Network"), ==, active.text);
  virNetworkFree (other_net);

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (100);
  virNetworkDestroy (net);
  virNetworkUndefine (net);
  virNetworkFree (net);
}

/* networks whose names start alike are told apart on the row */
static void
test_network_names_whole (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;
  virNetworkPtr networks[2];
  g_autofree char *label_a = g_strdup_printf ("Virtual network “%s” (inactive)", lab_networks[0]);
  g_autofree char *label_b = g_strdup_printf ("Virtual network “%s” (inactive)", lab_networks[1]);

  define_lab_networks (networks);
  wizard = open_wizard (&created);
  to_finish (wizard, FALSE);
  combo_select (wizard, "Ne_twork", label_a);
  assert_network_shown_whole (wizard, label_a);
  combo_select (wizard, "Ne_twork", label_b);
  assert_network_shown_whole (wizard, label_b);

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (100);
  undefine_lab_networks (networks);
}

/* a name with spaces and letters beyond ASCII (libvirt takes them) is
 * accepted, "/" still refused; the XML page does not say "Step 5 of 5" */
static void
test_names_and_xml_step (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard = open_wizard (&created);
  GtkWidget *customize;

  to_finish (wizard, FALSE);
  wizard_test_set_entry (wizard, "_Name", "Lab VM für Ünïcode");
  g_assert_null (wizard_test_find_text (wizard, "is not allowed"));
  g_assert_true (wizard_test_forward_enabled (wizard));
  wizard_test_set_entry (wizard, "_Name", "lab/vm");
  g_assert_nonnull (wizard_test_find_text (wizard, "contains “/”"));
  g_assert_false (wizard_test_forward_enabled (wizard));
  wizard_test_set_entry (wizard, "_Name", "Lab VM für Ünïcode");

  customize = wizard_test_in_row (wizard, GTK_TYPE_SWITCH, "Customize configuration before install");
  gtk_switch_set_active (GTK_SWITCH (customize), TRUE);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 5);
  g_assert_cmpstr (wizard_subtitle (wizard), !=, "Step 5 of 5");
  g_assert_cmpstr (wizard_subtitle (wizard), ==, "Review the configuration");

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (100);
}

/* "Customize configuration before install" (a PXE install): the XML page
 * says that the installer runs with the edit too; an edit without the
 * network interface the install boots from is refused there before anything
 * is created; an accepted edit is what the install run boots */
/* the refusal is shown, or (wrongly) the wizard finished and closed */
static gboolean
no_interface_shown_or_closed (gpointer data)
{
  WizardTestCreated *created = data;
  GtkWidget *label;

  if (created->wizard == NULL)
    return TRUE;
  label = wizard_test_find_text (created->wizard, "has no network interface");
  return label != NULL && gtk_widget_get_mapped (label);
}

static void
test_customize_install (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard = open_wizard (&created);
  g_autoptr (GRegex) iface = g_regex_new ("<interface.*?</interface>", G_REGEX_DOTALL, 0, NULL);
  g_autofree char *text = NULL;
  g_autofree char *no_iface = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *live = NULL;
  g_autofree char *inactive = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  const char *name_end;

  to_finish (wizard, TRUE);
  wizard_test_set_entry (wizard, "_Name", "wiz-custom-pxe");
  gtk_switch_set_active (GTK_SWITCH (wizard_test_in_row (wizard, GTK_TYPE_SWITCH,
                                                      "C_ustomize configuration before install")),
                         TRUE);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 5);
  g_assert_nonnull (wizard_test_find_text (wizard, "The installer also runs with this configuration."));
  g_assert_nonnull (wizard_test_find_text (wizard, "the installer’s restart ends it"));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (ui_test_find_widget (wizard, GTK_TYPE_TEXT_VIEW, NULL)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  /* the interface the network boot needs, removed: refused on this page */
  no_iface = g_regex_replace_literal (iface, text, -1, 0, "", 0, NULL);
  g_assert_cmpstr (no_iface, !=, text);
  gtk_text_buffer_set_text (buffer, no_iface, -1);
  wizard_test_forward (wizard);
  g_assert_true (ui_test_wait_for (no_interface_shown_or_closed, &created, TIMEOUT_MS));
  g_assert_null (virDomainLookupByName (virsh, "wiz-custom-pxe"));
  g_assert_nonnull (created.wizard);
  wizard_test_expect_page (wizard, 5);
  virResetLastError ();
  {
    virStoragePoolPtr pool = virStoragePoolLookupByName (virsh, "default-pool");

    g_assert_null (virStorageVolLookupByName (pool, "wiz-custom-pxe.qcow2"));
    virResetLastError ();
    virStoragePoolFree (pool);
  }

  /* an accepted edit: the install run boots it, with the network boot on top */
  name_end = strstr (text, "</name>") + strlen ("</name>");
  edited = g_strdup_printf ("%.*s<description>edited in the wizard</description>%s", (int) (name_end - text),
                            text, name_end);
  gtk_text_buffer_set_text (buffer, edited, -1);
  wizard_test_forward (wizard);
  g_assert_true (ui_test_wait_for (wizard_test_is_null, &created.wizard, TIMEOUT_MS));
  g_assert_nonnull (created.domain);

  live = wizard_test_domain_xml (virsh, "wiz-custom-pxe", 0);
  g_test_message ("running: %s", live);
  g_assert_nonnull (strstr (live, "<description>edited in the wizard</description>"));
  g_assert_nonnull (strstr (live, "<boot dev='network'/>"));
  g_assert_nonnull (strstr (live, "<on_reboot>destroy</on_reboot>"));
  inactive = domain_xml ("wiz-custom-pxe");
  g_assert_nonnull (strstr (inactive, "<description>edited in the wizard</description>"));
  g_assert_null (strstr (inactive, "<boot dev='network'/>"));
  g_clear_object (&created.domain);
  remove_domain ("wiz-custom-pxe");
  remove_volume ("wiz-custom-pxe.qcow2");
}

/* PXE with "No network": refused at once, with a sentence */
static void
test_pxe_without_network (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard = open_wizard (&created);

  to_finish (wizard, TRUE);
  combo_select (wizard, "Ne_twork", "No network");
  g_assert_nonnull (wizard_test_find_text (wizard, "needs a network connection"));
  g_assert_false (wizard_test_forward_enabled (wizard));
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 4);
  combo_select (wizard, "Ne_twork", "Virtual network “default”");
  g_assert_null (wizard_test_find_text (wizard, "needs a network connection"));
  g_assert_true (wizard_test_forward_enabled (wizard));

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (100);
}

/* the virtualisation types in words */
static void
test_virt_types (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard = open_wizard (&created);
  g_autoptr (VireoHostCaps) caps = fetch_caps ();
  GtkWidget *virt;
  GListModel *model;

  /* a KVM host */
  g_free (caps->capabilities_xml);
  g_assert_true (g_file_get_contents (UI_TESTS_DIR "/../core/data/caps-kvm.xml", &caps->capabilities_xml,
                                      NULL, NULL));
  _vireo_new_vm_wizard_set_host_caps (VIREO_NEW_VM_WIZARD (wizard), caps);
  ui_test_spin (50);
  virt = ui_test_find_widget (wizard, ADW_TYPE_COMBO_ROW, "Virtualization type");
  model = adw_combo_row_get_model (ADW_COMBO_ROW (virt));
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==,
                   "Automatic: Hardware-accelerated (KVM)");
  g_assert_cmpuint (combo_find (wizard, "Virtualization type", "Hardware-accelerated (KVM)"), !=,
                    GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (combo_find (wizard, "Virtualization type", "Emulated (QEMU, slow)"), !=,
                    GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      const char *item = gtk_string_list_get_string (GTK_STRING_LIST (model), i);

      g_assert_cmpstr (item, !=, "kvm");
      g_assert_cmpstr (item, !=, "qemu");
    }

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (50);
}

/* 9999 virtual CPUs refused on step 3 with a sentence; "1 virtual CPU" on
 * the summary */
static void
test_vcpus_limit (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard = open_wizard (&created);
  g_autoptr (VireoHostCaps) caps = fetch_caps ();
  g_autofree char *limit = g_strdup_printf ("at most %u virtual CPUs", caps->cpus);

  wizard_test_pick (wizard, "_Manual");
  wizard_test_forward (wizard);
  choose_os_in_list (wizard, "fedora37");
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 2);
  wizard_test_set_number (wizard, "_Virtual CPUs", 9999);
  g_assert_nonnull (wizard_test_find_text (wizard, limit));
  g_assert_false (wizard_test_forward_enabled (wizard));
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 2);
  wizard_test_set_number (wizard, "_Virtual CPUs", 1);
  g_assert_null (wizard_test_find_text (wizard, limit));
  g_assert_true (wizard_test_forward_enabled (wizard));
  wizard_test_forward (wizard);
  wizard_test_choose (wizard, "Storage _pool", "default-pool");
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 4);
  g_assert_true (g_str_has_suffix (wizard_test_subtitle (wizard, "Memory and CPUs"), " MiB, 1 virtual CPU"));

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (50);
}

/* an ISO the OS database does not know: the advice is given once */
static void
test_detection_advice_once (void)
{
  g_autofree char *xorriso = g_find_program_in_path ("xorriso");
  g_autofree char *root = g_build_filename (work_dir, "unknown-root", NULL);
  g_autofree char *boot = g_build_filename (root, "boot.img", NULL);
  g_autofree char *iso = g_build_filename (work_dir, "unknown-os.iso", NULL);
  g_autofree char *zeros = g_malloc0 (2048);
  g_autoptr (GError) error = NULL;
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;
  const char *text, *first;
  int status = 0;

  if (xorriso == NULL)
    {
      g_test_skip ("xorriso is not installed");
      return;
    }
  g_mkdir_with_parents (root, 0700);
  g_assert_true (g_file_set_contents (boot, zeros, 2048, NULL));
  {
    const char *argv[] = { xorriso, "-as", "mkisofs", "-quiet", "-V", "NOBODY_KNOWS_THIS_OS_1",
                           "-sysid", "LINUX", "-b", "boot.img", "-no-emul-boot", "-o", iso, root, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  wizard = open_wizard (&created);
  wizard_test_set_entry (wizard, "ISO image or CD/DVD device", iso);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);
  g_assert_true (ui_test_wait_for (wizard_test_detection_done, wizard, TIMEOUT_MS));
  text = wizard_test_subtitle (wizard, "Detection");
  first = strstr (text, "OS database may be older");
  g_assert_nonnull (first);
  g_assert_null (strstr (first + 1, "OS database may be older"));

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (50);
  g_unlink (iso);
  g_unlink (boot);
  g_rmdir (root);
}

/* media outside /var/lib/libvirt/images that QEMU was found to read: the
 * summary does not warn about where it lies */
static void
test_media_warning_only_when_unchecked (void)
{
  g_autofree char *iso = g_build_filename (work_dir, "readable.iso", NULL);
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;

  g_assert_true (g_file_set_contents (iso, "", 0, NULL));
  wizard = open_wizard (&created);
  _vireo_new_vm_wizard_set_image_access_func (VIREO_NEW_VM_WIZARD (wizard), fake_access_check);
  wizard_test_set_entry (wizard, "ISO image or CD/DVD device", iso);
  ui_test_spin (200);
  wizard_test_forward (wizard);
  choose_os_in_list (wizard, "fedora37");
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  wizard_test_choose (wizard, "Storage _pool", "default-pool");
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 4);
  g_assert_null (wizard_test_find_text (wizard, "/var/lib/libvirt/images"));

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (50);
  g_unlink (iso);
}

/* Answers given to the plan from elsewhere (the application pre-filling
 * them, a script): each step shows them, as if the person had given them */
static void
test_steps_follow_plan (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard, *pool;
  VireoInstallPlan *plan;

  wizard = open_wizard (&created);
  plan = vireo_new_vm_wizard_get_plan (VIREO_NEW_VM_WIZARD (wizard));

  /* step 1: the method chosen, and its rows shown */
  g_object_set (plan, "method", VIREO_INSTALL_METHOD_URL, "tree-url", "http://example.invalid/tree/", NULL);
  wizard_test_spin (50);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (
      wizard_test_in_row (wizard, GTK_TYPE_CHECK_BUTTON, "_Network install"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (
      wizard_test_in_row (wizard, GTK_TYPE_CHECK_BUTTON, "_Local install media"))));
  g_assert_true (gtk_widget_get_mapped (wizard_test_entry (wizard, "Install tree URL")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wizard_test_entry (wizard, "Install tree URL"))), ==,
                   "http://example.invalid/tree/");
  g_assert_false (gtk_widget_get_mapped (wizard_test_entry (wizard, "ISO image or CD/DVD device")));

  /* a manual install, to walk on: the steps show the plan's memory, CPUs and storage */
  g_object_set (plan, "method", VIREO_INSTALL_METHOD_MANUAL, "memory-mib", 3072, "vcpus", 2, NULL);
  wizard_test_spin (50);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (
      wizard_test_in_row (wizard, GTK_TYPE_CHECK_BUTTON, "_Manual"))));
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 2);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (
      wizard_test_in_row (wizard, GTK_TYPE_SPIN_BUTTON, "_Memory (MiB)"))), ==, 3072);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (
      wizard_test_in_row (wizard, GTK_TYPE_SPIN_BUTTON, "_Virtual CPUs"))), ==, 2);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 3);
  g_object_set (plan, "storage-mode", VIREO_STORAGE_MODE_NONE, NULL);
  wizard_test_spin (50);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (
      wizard_test_in_row (wizard, GTK_TYPE_CHECK_BUTTON, "N_o disk"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (
      wizard_test_in_row (wizard, GTK_TYPE_CHECK_BUTTON, "Create a _new disk"))));
  pool = wizard_test_find_row (wizard, ADW_TYPE_COMBO_ROW, "Storage _pool");
  g_assert_true (pool == NULL || !gtk_widget_get_mapped (pool));

  /* nothing is created: the wizard goes */
  gtk_window_destroy (GTK_WINDOW (wizard));
  g_assert_true (ui_test_wait_for (wizard_test_is_null, &created.wizard, TIMEOUT_MS));
}

/* -- express install ------------------------------------------------------ */

static gboolean
forward_enabled_cb (gpointer wizard)
{
  return wizard_test_forward_enabled (wizard);
}

/* the install tree server of the express cases (until the end of the run) */
static HttpTreeServer *express_server;

/* step 2 of a network install (the express answers reach the installer in
 * its initrd), with @short_id chosen from the list */
static GtkWidget *
express_to_os (WizardTestCreated *created,
               const char        *short_id)
{
  g_autofree char *tree = NULL;
  GtkWidget *wizard;

  if (express_server == NULL)
    express_server = http_tree_server_new (4096);
  tree = http_tree_server_url (express_server, "tree/");
  wizard = open_wizard (created);
  wizard_test_pick (wizard, "_Network install");
  wizard_test_set_entry (wizard, "Install tree URL", tree);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);
  g_assert_true (ui_test_wait_for (wizard_test_detection_done, wizard, TIMEOUT_MS));
  choose_os_in_list (wizard, short_id);
  return wizard;
}

/* the express row, when a person sees it */
static GtkWidget *
express_row (GtkWidget *wizard)
{
  GtkWidget *row = wizard_test_find_row (wizard, ADW_TYPE_EXPANDER_ROW, "_Express install");

  return row != NULL && gtk_widget_get_mapped (row) ? row : NULL;
}

static gboolean
express_row_shown (gpointer wizard)
{
  return express_row (wizard) != NULL;
}

static gboolean
express_row_hidden (gpointer wizard)
{
  return express_row (wizard) == NULL;
}

typedef struct
{
  GtkWidget  *wizard;
  const char *title;
} ExpressEntry;

static gboolean
express_entry_mapped (gpointer data)
{
  const ExpressEntry *args = data;

  return gtk_widget_get_mapped (wizard_test_entry (args->wizard, args->title));
}

/* a person types @text into the express row @title, once it has slid in */
static void
express_type (GtkWidget  *wizard,
              const char *title,
              const char *text)
{
  ExpressEntry args = { wizard, title };

  if (!ui_test_wait_for (express_entry_mapped, &args, TIMEOUT_MS))
    g_error ("the entry “%s” is not shown", title);
  wizard_test_type_into (wizard, title, text);
}

/* a person flips the express switch on */
static void
express_switch_on (GtkWidget *wizard)
{
  GtkWidget *toggle = wizard_test_in_row (wizard, GTK_TYPE_SWITCH, "_Express install");
  ExpressEntry args = { wizard, "User Name" };

  g_assert_true (gtk_widget_get_mapped (toggle));
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  /* the answers slide in */
  if (!ui_test_wait_for (express_entry_mapped, &args, TIMEOUT_MS))
    g_error ("switching express install on shows no answers");
}

static gboolean
plan_bool (VireoInstallPlan *plan,
           const char       *property)
{
  gboolean value;

  g_object_get (plan, property, &value, NULL);
  return value;
}

/* the plan's string @property (owned) */
static char *
plan_string (VireoInstallPlan *plan,
             const char       *property)
{
  char *value = NULL;

  g_object_get (plan, property, &value, NULL);
  return value;
}

/* the error the express answers have now, as the core words it (owned) */
static char *
express_problem (GtkWidget *wizard)
{
  g_autoptr (GError) error = NULL;

  if (vireo_express_install_validate (vireo_new_vm_wizard_get_plan (VIREO_NEW_VM_WIZARD (wizard)), &error))
    return NULL;
  g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_EXPRESS);
  return g_strdup (error->message);
}

/* Fedora has an install script: the group, its switch and its rows, the
 * host's time zone and language filled in; Alpine has none: one greyed
 * sentence says why, and no switch */
static void
test_express_offered (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard, *reason_label;
  VireoInstallPlan *plan;
  g_autofree char *reason = NULL;

  wizard = express_to_os (&created, "fedora37");
  plan = vireo_new_vm_wizard_get_plan (VIREO_NEW_VM_WIZARD (wizard));
  /* the OS search applies its choice once the list has filtered */
  g_assert_true (ui_test_wait_for (express_row_shown, wizard, TIMEOUT_MS));
  g_assert_null (wizard_test_find_text (wizard, "has no unattended install"));
  /* off until asked for: the installer asks its own questions */
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (express_row (wizard))));
  g_assert_true (wizard_test_forward_enabled (wizard));
  express_switch_on (wizard);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (express_row (wizard))));
  g_assert_true (gtk_widget_get_mapped (wizard_test_entry (wizard, "User Name")));
  g_assert_true (gtk_widget_get_mapped (wizard_test_entry (wizard, "Password")));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (wizard_test_entry (wizard, "Password")));
  g_assert_true (gtk_widget_get_mapped (wizard_test_entry (wizard, "Hostname")));
  /* the administrator's password is the user's until said otherwise */
  g_assert_false (gtk_widget_get_mapped (wizard_test_entry (wizard, "Administrator Password")));
  /* no product key for Linux */
  g_assert_false (gtk_widget_get_mapped (wizard_test_entry (wizard, "Product Key")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wizard_test_entry (wizard, "Time Zone"))), ==,
                   vireo_express_install_host_timezone ());
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wizard_test_entry (wizard, "Language"))), ==,
                   vireo_express_install_host_language ());
  ui_test_render_check (wizard, "new-vm-2-express.png");

  /* a system without a script: the reason, greyed, where the switch was */
  choose_os_in_list (wizard, "alpinelinux3.17");
  g_assert_false (vireo_express_install_supported (plan, &reason));
  g_assert_nonnull (reason);
  g_assert_true (ui_test_wait_for (express_row_hidden, wizard, TIMEOUT_MS));
  reason_label = wizard_test_find_text (wizard, reason);
  g_assert_nonnull (reason_label);
  g_assert_true (gtk_widget_has_css_class (reason_label, "dim-label"));
  /* nor does the plan install without questions */
  g_assert_false (plan_bool (plan, "express-install"));
  g_assert_true (wizard_test_forward_enabled (wizard));
  /* nor when told to from elsewhere: no answers nobody can see hold Forward */
  g_object_set (plan, "express-install", TRUE, NULL);
  wizard_test_spin (50);
  g_assert_false (plan_bool (plan, "express-install"));
  g_assert_true (wizard_test_forward_enabled (wizard));

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (50);
}

/* express on, a user name and an empty password: Forward refused, the
 * reason under the group; the password typed: Forward goes on. What was
 * typed is in the plan; the summary names the user and the hostname, and
 * no password is shown, nor kept in the settings */
static void
test_express_answers (void)
{
  WizardTestCreated created = { 0 };
  GtkWidget *wizard, *label;
  VireoInstallPlan *plan;
  g_autofree char *problem = NULL, *shown = NULL, *value = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  wizard = express_to_os (&created, "fedora37");
  plan = vireo_new_vm_wizard_get_plan (VIREO_NEW_VM_WIZARD (wizard));
  express_switch_on (wizard);
  g_assert_true (plan_bool (plan, "express-install"));
  express_type (wizard, "User Name", "alice");
  express_type (wizard, "Full Name", "Alice Liddell");
  express_type (wizard, "Password", "");

  /* the empty password, said at once */
  problem = express_problem (wizard);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "assword"));
  label = wizard_test_find_text (wizard, problem);
  if (label == NULL)
    g_error ("“%s” is not shown; the wizard shows:\n%s", problem, shown = wizard_test_shown_text (wizard));
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  g_assert_false (wizard_test_forward_enabled (wizard));
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);

  /* the same password for the administrator unless switched off */
  gtk_switch_set_active (GTK_SWITCH (wizard_test_in_row (wizard, GTK_TYPE_SWITCH,
                                                         "Administrator password same as user’s")), FALSE);
  wizard_test_spin (50);
  g_assert_false (plan_bool (plan, "admin-same-as-user"));
  express_type (wizard, "Administrator Password", "r00t-Secret");
  express_type (wizard, "Password", "Us3r-Secret");
  g_assert_null (wizard_test_find_text (wizard, problem));
  g_clear_pointer (&problem, g_free);
  problem = express_problem (wizard);
  if (problem != NULL)
    g_error ("the answers are refused: %s", problem);
  g_assert_true (wizard_test_forward_enabled (wizard));
  /* an empty hostname shows the one made from the VM's name, also after
   * the name changed while another was typed */
  express_type (wizard, "Hostname", "looking-glass");
  g_object_set (plan, "name", "Wiz Express VM", NULL);
  express_type (wizard, "Hostname", "");
  g_assert_cmpstr (gtk_text_get_placeholder_text (GTK_TEXT (gtk_editable_get_delegate (
                       GTK_EDITABLE (wizard_test_entry (wizard, "Hostname"))))), ==, "wiz-express-vm");
  express_type (wizard, "Hostname", "wonderland");
  express_type (wizard, "Time Zone", "America/Argentina/Buenos_Aires");
  express_type (wizard, "Language", "es_AR");

  /* every answer is the plan's */
  g_assert_cmpstr ((value = plan_string (plan, "user-login")), ==, "alice");
  g_free (value);
  g_assert_cmpstr ((value = plan_string (plan, "user-fullname")), ==, "Alice Liddell");
  g_free (value);
  g_assert_cmpstr ((value = plan_string (plan, "user-password")), ==, "Us3r-Secret");
  g_free (value);
  g_assert_cmpstr ((value = plan_string (plan, "admin-password")), ==, "r00t-Secret");
  g_free (value);
  g_assert_cmpstr ((value = plan_string (plan, "hostname")), ==, "wonderland");
  g_free (value);
  g_assert_cmpstr ((value = plan_string (plan, "timezone")), ==, "America/Argentina/Buenos_Aires");
  g_free (value);
  g_assert_cmpstr ((value = plan_string (plan, "language")), ==, "es_AR");
  g_free (value);
  /* the host's own time zone typed back: the host's default again */
  express_type (wizard, "Time Zone", vireo_express_install_host_timezone ());
  g_assert_cmpstr ((value = plan_string (plan, "timezone")), ==, "");
  g_free (value);
  value = NULL;

  /* on to the summary: the user and the hostname, never a password */
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 2);
  wizard_test_forward (wizard);
  wizard_test_choose (wizard, "Storage _pool", "default-pool");
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 4);
  g_assert_true (gtk_widget_get_mapped (wizard_test_find_plain_row (wizard, "Express install")));
  g_assert_cmpstr (wizard_test_subtitle (wizard, "Express install"), ==, "As alice, hostname wonderland");
  /* an empty hostname is the VM's name */
  g_object_set (plan, "hostname", "", NULL);
  wizard_test_spin (50);
  g_assert_cmpstr (wizard_test_subtitle (wizard, "Express install"), ==, "As alice, hostname wiz-express-vm");
  g_free (shown);
  shown = wizard_test_shown_text (wizard);
  g_assert_null (strstr (shown, "Secret"));
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (wizard)), "Secret"));

  /* an answer spoiled meanwhile (from elsewhere): Finish brings the person
   * back to step 2, where the reason is */
  g_object_set (plan, "user-password", "", NULL);
  wizard_test_spin (50);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);
  g_clear_pointer (&problem, g_free);
  problem = express_problem (wizard);
  g_assert_nonnull (problem);
  g_assert_nonnull (wizard_test_find_text (wizard, problem));
  g_assert_false (wizard_test_forward_enabled (wizard));

  /* nothing of it in the settings */
  settings = g_settings_new ("org.vireo.Vireo");
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr (GVariant) v = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (v, FALSE);

      g_assert_null (strstr (text, "Secret"));
    }

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (50);
}

/* the express error @message is shown under the group, and Forward waits */
static void
assert_express_refused (GtkWidget  *wizard,
                        const char *message)
{
  g_autofree char *shown = NULL;
  GtkWidget *label = wizard_test_find_text (wizard, message);

  if (label == NULL || !gtk_widget_get_mapped (label))
    g_error ("“%s” is not shown; the wizard shows:\n%s", message, shown = wizard_test_shown_text (wizard));
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  g_assert_false (wizard_test_forward_enabled (wizard));
}

/* Windows from its ISO image: its answers go on an answer CD-ROM, so the
 * Express row is there, with the Product Key row; a key in the wrong form,
 * or none (its script requires one), is refused with the reason; the
 * summary names the user, the hostname and the key's last group only */
static void
test_express_windows (void)
{
  WizardTestCreated created = { 0 };
  g_autofree char *iso = g_build_filename (work_dir, "express-windows.iso", NULL);
  g_autofree char *shown = NULL;
  GtkWidget *wizard;
  VireoInstallPlan *plan;

  g_assert_true (g_file_set_contents (iso, "", 0, NULL));
  wizard = open_wizard (&created);
  _vireo_new_vm_wizard_set_image_access_func (VIREO_NEW_VM_WIZARD (wizard), fake_access_check);
  wizard_test_set_entry (wizard, "ISO image or CD/DVD device", iso);
  g_assert_true (ui_test_wait_for (forward_enabled_cb, wizard, TIMEOUT_MS));
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);
  choose_os_in_list (wizard, "win10");
  plan = vireo_new_vm_wizard_get_plan (VIREO_NEW_VM_WIZARD (wizard));

  g_assert_true (ui_test_wait_for (express_row_shown, wizard, TIMEOUT_MS));
  express_switch_on (wizard);
  g_assert_true (plan_bool (plan, "express-install"));
  express_type (wizard, "User Name", "alice");
  express_type (wizard, "Password", "Us3r-Secret");
  express_type (wizard, "Hostname", "looking-glass");

  /* the key: none, then one in the wrong form */
  assert_express_refused (wizard, "Express install: enter the product key of your copy of the system, in the "
                                  "form XXXXX-XXXXX-XXXXX-XXXXX-XXXXX; its installer needs one.");
  express_type (wizard, "Product Key", "ABCDE-12345");
  assert_express_refused (wizard, "Express install: the product key must have the form "
                                  "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX (letters and digits).");
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);
  express_type (wizard, "Product Key", "ABCDE-12345-FGHIJ-67890-KLMNO");
  g_assert_true (ui_test_wait_for (forward_enabled_cb, wizard, TIMEOUT_MS));

  /* on to the summary */
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 2);
  wizard_test_forward (wizard);
  wizard_test_choose (wizard, "Storage _pool", "default-pool");
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 4);
  g_assert_true (gtk_widget_get_mapped (wizard_test_find_plain_row (wizard, "Express install")));
  g_assert_cmpstr (wizard_test_subtitle (wizard, "Express install"), ==,
                   "As alice, hostname looking-glass, product key ending in KLMNO");
  shown = wizard_test_shown_text (wizard);
  g_assert_null (strstr (shown, "Secret"));
  g_assert_null (strstr (shown, "ABCDE-12345"));

  gtk_window_destroy (GTK_WINDOW (wizard));
  ui_test_spin (50);
}

int
main (int argc, char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vireo_core_init ();

  work_dir = g_dir_make_tmp ("vireo-wizard-XXXXXX", NULL);
  g_assert_nonnull (work_dir);
  virsh = virConnectOpen ("test:///default");
  g_assert_nonnull (virsh);
  connection = vireo_connection_new ("test:///default");
  connections = g_list_store_new (VIREO_TYPE_CONNECTION);
  g_list_store_append (connections, connection);
  ui_test_connection_open (connection, TIMEOUT_MS);

  g_test_add_func ("/new-vm-wizard/iso", test_iso);
  g_test_add_func ("/new-vm-wizard/import", test_import);
  g_test_add_func ("/new-vm-wizard/url-errors", test_url_errors);
  g_test_add_func ("/new-vm-wizard/host-choices", test_host_choices);
  g_test_add_func ("/new-vm-wizard/pool-browser", test_pool_browser);
  g_test_add_func ("/new-vm-wizard/image-access", test_image_access);
  g_test_add_func ("/new-vm-wizard/cancel-discard", test_cancel_discard);
  g_test_add_func ("/new-vm-wizard/close-while-creating", test_close_while_creating);
  g_test_add_func ("/new-vm-wizard/plan-outlives-wizard", test_plan_outlives_wizard);
  g_test_add_func ("/new-vm-wizard/cancel-untouched", test_cancel_untouched);
  g_test_add_func ("/new-vm-wizard/stale-errors", test_stale_errors);
  g_test_add_func ("/new-vm-wizard/import-missing", test_import_missing);
  g_test_add_func ("/new-vm-wizard/error-scrolled-into-view", test_error_scrolled_into_view);
  g_test_add_func ("/new-vm-wizard/network-defined-meanwhile", test_network_defined_meanwhile);
  g_test_add_func ("/new-vm-wizard/network-followed-live", test_network_followed_live);
  g_test_add_func ("/new-vm-wizard/network-names-whole", test_network_names_whole);
  g_test_add_func ("/new-vm-wizard/names-and-xml-step", test_names_and_xml_step);
  g_test_add_func ("/new-vm-wizard/customize-install", test_customize_install);
  g_test_add_func ("/new-vm-wizard/pxe-without-network", test_pxe_without_network);
  g_test_add_func ("/new-vm-wizard/virt-types", test_virt_types);
  g_test_add_func ("/new-vm-wizard/vcpus-limit", test_vcpus_limit);
  g_test_add_func ("/new-vm-wizard/detection-advice-once", test_detection_advice_once);
  g_test_add_func ("/new-vm-wizard/media-warning", test_media_warning_only_when_unchecked);
  g_test_add_func ("/new-vm-wizard/steps-follow-plan", test_steps_follow_plan);
  g_test_add_func ("/new-vm-wizard/express-offered", test_express_offered);
  g_test_add_func ("/new-vm-wizard/express-answers", test_express_answers);
  g_test_add_func ("/new-vm-wizard/express-windows", test_express_windows);
  ret = g_test_run ();
  g_clear_pointer (&express_server, http_tree_server_free);

  remove_domain ("wiz-iso-vm");
  remove_domain ("wiz-import-vm");
  remove_domain ("wiz-choices-vm");
  remove_volume ("wiz-choices-vm.qcow2");
  remove_volume ("wiz-browser-vol.qcow2");
  remove_volume ("wiz-close-vm.qcow2");
  remove_domain ("wiz-close-vm");
  vireo_connection_close (connection);
  g_clear_object (&connections);
  g_clear_object (&connection);
  virConnectClose (virsh);
  {
    /* whatever a test left in the work folder goes with it */
    g_autoptr(GDir) dir = g_dir_open (work_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (work_dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (work_dir);
  g_free (work_dir);
  return ret;
}
