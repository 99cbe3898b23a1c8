/* test-details.c — the VM window's Details view shows and edits what libvirt holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test-driver host (host-details.xml) with one shut-off VM carrying every
 * device kind the test driver accepts. The test opens its window's Details
 * view like a person: it selects rows of the hardware list, reads the pages'
 * widgets, edits them and presses Apply; what changed is read back from the
 * XML libvirt holds (vireo_domain_get_xml_async), which must differ from the
 * XML before by exactly the edit.
 */
#define G_LOG_DOMAIN "test-details"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vireo-add-hardware-wizard.h"
#include "vireo-details-cpu-page.h"
#include "vireo-details-disk-page.h"
#include "vireo-details-row.h"
#include "vireo-details-view.h"
#include "vireo-domain-config.h"
#include "vireo-host-caps.h"
#include "vireo-host-resources.h"
#include "vireo-vm-window.h"

#define TIMEOUT_MS 20000

#include "details-test-util.h"

static VireoConnection *connection;

/* -- helpers ----------------------------------------------------------- */

static double
spin_value (GtkWidget *root, const char *title)
{
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (shown_in_row (root, title, GTK_TYPE_SPIN_BUTTON)));
}

/* the XML value behind the selected item of the combo row @title */
static const char *
combo_value (GtkWidget *root, const char *title)
{
  AdwComboRow *row = ADW_COMBO_ROW (shown (root, ADW_TYPE_COMBO_ROW, title));
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  g_assert_nonnull (item);
  return gtk_string_object_get_string (item);
}

static void
select_combo_value (GtkWidget *root, const char *title, const char *value)
{
  AdwComboRow *row = ADW_COMBO_ROW (shown (root, ADW_TYPE_COMBO_ROW, title));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), value) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  g_error ("“%s” offers no %s", title, value);
}

static const char *
entry_text (GtkWidget *root, const char *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (shown (root, ADW_TYPE_ENTRY_ROW, title)));
}

static gboolean
switch_on (GtkWidget *root, const char *title)
{
  return gtk_switch_get_active (GTK_SWITCH (shown_in_row (root, title, GTK_TYPE_SWITCH)));
}

/* what the hardware list calls the device @id ("disk:vda") of @domain */
static char *
title_of (VireoDomain *domain, const char *id)
{
  g_autofree char *xml = libvirt_xml (domain);
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, &error);
  VireoDevice *device;

  g_assert_no_error (error);
  device = vireo_domain_config_find_device (config, id);
  g_assert_nonnull (device);
  return vireo_device_dup_title (device);
}

static gboolean
is_eject_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Eject") == 0;
}

static GtkWidget *
hardware_list (GtkWidget *window)
{
  GtkWidget *row = shown (window, VIREO_TYPE_DETAILS_ROW, "CPUs");

  return gtk_widget_get_parent (row);
}

typedef struct
{
  GtkWidget  *window;
  const char *title;
} RowWait;

static gboolean
page_shown (gpointer data)
{
  RowWait *wait = data;
  Match match = { ADW_TYPE_PREFERENCES_PAGE, NULL };

  return ui_test_find_match (wait->window, mapped_match, &match) != NULL;
}

/* clicks the hardware list's row @title, as a person would */
static void
select_item (GtkWidget *window, const char *title)
{
  GtkWidget *row = shown (window, VIREO_TYPE_DETAILS_ROW, title);
  RowWait wait = { window, title };

  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  g_assert_true (ui_test_wait_for (page_shown, &wait, TIMEOUT_MS));
}

static GtkWidget *
selected_row (GtkWidget *window)
{
  return GTK_WIDGET (gtk_list_box_get_selected_row (GTK_LIST_BOX (hardware_list (window))));
}

static gboolean
applied (gpointer data)
{
  GtkWidget *window = data;

  /* the list is back (it waits while the change is applied and read
   * again) and there is nothing left to apply */
  return gtk_widget_is_sensitive (hardware_list (window)) &&
         !gtk_widget_is_sensitive (shown (window, GTK_TYPE_BUTTON, "_Apply"));
}

/* presses Apply, which the edit made sensitive, and waits until it is done */
static void
press_apply (GtkWidget *window)
{
  GtkWidget *apply = shown (window, GTK_TYPE_BUTTON, "_Apply");

  g_assert_true (gtk_widget_is_sensitive (apply));
  g_signal_emit_by_name (apply, "clicked");
  g_assert_false (gtk_widget_is_sensitive (hardware_list (window)));
  g_assert_true (ui_test_wait_for (applied, window, TIMEOUT_MS));
}

static gboolean
error_shown (gpointer data)
{
  return shown_error (data) != NULL;
}

/* -- tests ------------------------------------------------------------- */

/* every page shows the VM's values */
static void
test_values (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "rich");
  g_autofree char *xml = libvirt_xml (domain);
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, &error);
  g_autoptr (GPtrArray) devices = NULL;
  GtkWidget *window = open_details (connection, "rich");
  GtkWidget *list = hardware_list (window);
  GtkWidget *row;
  guint n = 0;

  g_assert_no_error (error);
  devices = vireo_domain_config_get_devices (config);

  /* the hardware list: virt-manager's order, every device with its title */
  row = gtk_widget_get_first_child (list);
  g_assert_cmpstr (vireo_details_row_get_title (VIREO_DETAILS_ROW (row)), ==, "CPUs");
  row = gtk_widget_get_next_sibling (row);
  g_assert_cmpstr (vireo_details_row_get_title (VIREO_DETAILS_ROW (row)), ==, "Memory");
  row = gtk_widget_get_next_sibling (row);
  g_assert_cmpstr (vireo_details_row_get_title (VIREO_DETAILS_ROW (row)), ==, "Boot Options");
  /* (the last row is the whole VM's XML) */
  g_assert_cmpstr (vireo_details_row_get_title (VIREO_DETAILS_ROW (gtk_widget_get_last_child (list))), ==, "XML");
  for (row = gtk_widget_get_next_sibling (row); row != gtk_widget_get_last_child (list);
       row = gtk_widget_get_next_sibling (row), n++)
    {
      g_autofree char *title = NULL;

      g_assert_cmpuint (n, <, devices->len);
      title = vireo_device_dup_title (g_ptr_array_index (devices, n));
      g_assert_cmpstr (vireo_details_row_get_title (VIREO_DETAILS_ROW (row)), ==, title);
    }
  g_assert_cmpuint (n, ==, devices->len);
  /* the host file's 33 devices and the fdc and ccid controllers libvirt adds */
  g_assert_cmpuint (n, ==, 35);
  /* the view as a person sees it: the list and the CPUs page drawn */
  ui_test_render_check (ui_test_find_widget (window, VIREO_TYPE_DETAILS_VIEW, NULL), "details.png");

  /* CPUs */
  select_item (window, "CPUs");
  g_assert_cmpfloat (spin_value (window, "Virtual CPUs"), ==, 2);
  g_assert_cmpfloat (spin_value (window, "Maximum"), ==, 4);
  g_assert_true (adw_expander_row_get_enable_expansion (
      ADW_EXPANDER_ROW (shown (window, ADW_TYPE_EXPANDER_ROW, "Manual topology"))));
  g_assert_cmpstr (combo_value (window, "CPU model"), ==, "host-model");

  /* memory, in MiB */
  select_item (window, "Memory");
  g_assert_cmpfloat (spin_value (window, "Current memory (MiB)"), ==, 1024);
  g_assert_cmpfloat (spin_value (window, "Maximum memory (MiB)"), ==, 2048);

  /* boot options: the menu, the disk then the CD-ROM */
  select_item (window, "Boot Options");
  g_assert_true (switch_on (window, "Boot menu"));

  for (guint i = 0; i < devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (devices, i);
      VireoDeviceKind kind = vireo_device_get_kind (device);
      g_autofree char *title = vireo_device_dup_title (device);
      g_autofree char *mac = NULL;

      select_item (window, title);
      g_assert_true (selected_row (window) == shown (window, VIREO_TYPE_DETAILS_ROW, title));
      if (kind == VIREO_DEVICE_KIND_DISK)
        {
          g_assert_cmpstr (entry_text (window, "Source path"), ==, "/var/lib/libvirt/images/rich.qcow2");
          g_assert_cmpstr (combo_value (window, "Bus"), ==, "virtio");
          g_assert_cmpstr (combo_value (window, "Cache mode"), ==, "none");
          g_assert_cmpstr (entry_text (window, "Serial number"), ==, "RICH-0001");
          g_assert_false (switch_on (window, "Read-only"));
        }
      else if (kind == VIREO_DEVICE_KIND_CDROM)
        {
          g_assert_cmpstr (entry_text (window, "Source path"), ==, "/var/lib/libvirt/images/install.iso");
          g_assert_cmpstr (combo_value (window, "Bus"), ==, "sata");
          g_assert_true (switch_on (window, "Read-only"));
          g_assert_nonnull (ui_test_find_match (window, is_eject_button, NULL));
        }
      else if (kind == VIREO_DEVICE_KIND_INTERFACE)
        {
          mac = vireo_device_get (device, "mac/@address");
          g_assert_cmpstr (entry_text (window, "MAC address"), ==, mac);
          if (g_str_equal (mac, "52:54:00:aa:bb:01"))
            {
              g_assert_cmpstr (combo_value (window, "Connected to"), ==, "network");
              g_assert_cmpstr (entry_text (window, "Network name"), ==, "default");
              g_assert_cmpstr (combo_value (window, "Device model"), ==, "e1000e");
              g_assert_true (switch_on (window, "Link up"));
            }
          else
            {
              g_assert_cmpstr (combo_value (window, "Connected to"), ==, "bridge");
              g_assert_cmpstr (entry_text (window, "Bridge name"), ==, "br0");
              g_assert_cmpstr (combo_value (window, "Device model"), ==, "virtio");
              g_assert_false (switch_on (window, "Link up"));
            }
        }
      else if (kind == VIREO_DEVICE_KIND_GRAPHICS)
        {
          g_assert_cmpstr (combo_value (window, "Type"), ==, "vnc");
          g_assert_cmpstr (entry_text (window, "Listen address"), ==, "127.0.0.1");
          g_assert_true (switch_on (window, "Automatic port"));
        }
      else if (kind == VIREO_DEVICE_KIND_VIDEO)
        {
          g_assert_cmpstr (combo_value (window, "Model"), ==, "qxl");
          g_assert_cmpfloat (spin_value (window, "Video memory (MiB)"), ==, 64);
          g_assert_cmpfloat (spin_value (window, "Screens"), ==, 1);
        }
      else if (kind == VIREO_DEVICE_KIND_WATCHDOG)
        {
          g_assert_cmpstr (entry_text (window, "Model"), ==, "i6300esb");
          g_assert_cmpstr (entry_text (window, "Action"), ==, "reset");
        }
      else if (kind == VIREO_DEVICE_KIND_CHANNEL)
        {
          /* libvirt's text as it is, never read as markup */
          g_assert_cmpstr (entry_text (window, "Target name"), ==, "<b>agent&0");
          g_assert_cmpstr (vireo_details_row_get_title (VIREO_DETAILS_ROW (selected_row (window))), ==, title);
        }
      else if (kind == VIREO_DEVICE_KIND_TPM)
        {
          g_assert_cmpstr (entry_text (window, "Model"), ==, "tpm-crb");
          g_assert_cmpstr (entry_text (window, "Version"), ==, "2.0");
        }
      /* nothing was edited by looking */
      g_assert_false (gtk_widget_is_sensitive (shown (window, GTK_TYPE_BUTTON, "_Apply")));
    }

  close_window (window);
}

/* an edit through the widgets lands in libvirt's XML, and only there */
static void
test_edit_apply (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "rich");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *expected = NULL;
  g_autofree char *step = NULL;
  g_autofree char *disk = title_of (domain, "disk:vda");
  g_autofree char *nic = title_of (domain, "interface:52:54:00:aa:bb:01");
  g_autofree char *cdrom = title_of (domain, "disk:sda");
  GtkWidget *window = open_details (connection, "rich");
  GtkWidget *apply;

  /* vCPUs */
  select_item (window, "CPUs");
  apply = shown (window, GTK_TYPE_BUTTON, "_Apply");
  g_assert_false (gtk_widget_is_sensitive (apply));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown_in_row (window, "Virtual CPUs", GTK_TYPE_SPIN_BUTTON)), 3);
  g_assert_true (gtk_widget_is_sensitive (apply));
  g_assert_true (gtk_widget_is_sensitive (shown (window, GTK_TYPE_BUTTON, "Re_vert")));
  press_apply (window);
  expected = replaced (before, "current='2'>4</vcpu>", "current='3'>4</vcpu>");
  assert_xml_becomes (domain, expected);
  g_assert_null (shown_error (window));
  g_assert_cmpfloat (spin_value (window, "Virtual CPUs"), ==, 3);

  /* memory */
  select_item (window, "Memory");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown_in_row (window, "Current memory (MiB)", GTK_TYPE_SPIN_BUTTON)),
                             1536);
  press_apply (window);
  step = g_steal_pointer (&expected);
  expected = replaced (step, "<currentMemory unit='KiB'>1048576</currentMemory>",
                       "<currentMemory unit='KiB'>1572864</currentMemory>");
  g_clear_pointer (&step, g_free);
  assert_xml_becomes (domain, expected);

  /* the disk's cache */
  select_item (window, disk);
  select_combo_value (window, "Cache mode", "writeback");
  press_apply (window);
  step = g_steal_pointer (&expected);
  expected = replaced (step, "type='qcow2' cache='none'/>", "type='qcow2' cache='writeback'/>");
  g_clear_pointer (&step, g_free);
  assert_xml_becomes (domain, expected);

  /* the first NIC's model */
  select_item (window, nic);
  select_combo_value (window, "Device model", "virtio");
  press_apply (window);
  step = g_steal_pointer (&expected);
  expected = replaced (step, "<model type='e1000e'/>", "<model type='virtio'/>");
  g_clear_pointer (&step, g_free);
  assert_xml_becomes (domain, expected);
  g_assert_cmpstr (combo_value (window, "Device model"), ==, "virtio");

  /* the CD-ROM's media, ejected */
  select_item (window, cdrom);
  g_signal_emit_by_name (ui_test_find_match (window, is_eject_button, NULL), "clicked");
  g_assert_cmpstr (entry_text (window, "Source path"), ==, "");
  press_apply (window);
  step = g_steal_pointer (&expected);
  expected = replaced (step, "      <source file='/var/lib/libvirt/images/install.iso'/>\n", "");
  g_clear_pointer (&step, g_free);
  assert_xml_becomes (domain, expected);

  close_window (window);
}

/* a refused edit shows why on the page and leaves the VM as it was */
static void
test_invalid (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "rich");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  g_autofree char *nic = title_of (domain, "interface:52:54:00:aa:bb:01");
  GtkWidget *window = open_details (connection, "rich");
  GtkWidget *apply;

  select_item (window, nic);
  gtk_editable_set_text (GTK_EDITABLE (shown (window, ADW_TYPE_ENTRY_ROW, "MAC address")), "52:54:00:zz:bb:01");
  apply = shown (window, GTK_TYPE_BUTTON, "_Apply");
  g_signal_emit_by_name (apply, "clicked");
  g_assert_nonnull (shown_error (window));
  g_assert_cmpuint (strlen (shown_error (window)), >, 10);
  /* the edit stays for the person to fix */
  g_assert_true (gtk_widget_is_sensitive (apply));
  g_assert_cmpstr (entry_text (window, "MAC address"), ==, "52:54:00:zz:bb:01");

  /* Revert: the VM's value again, and no error */
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "Re_vert"), "clicked");
  g_assert_cmpstr (entry_text (window, "MAC address"), ==, "52:54:00:aa:bb:01");
  g_assert_null (shown_error (window));
  g_assert_false (gtk_widget_is_sensitive (apply));

  /* a MAC another VM of the host has */
  gtk_editable_set_text (GTK_EDITABLE (shown (window, ADW_TYPE_ENTRY_ROW, "MAC address")), "52:54:00:AA:BB:03");
  g_signal_emit_by_name (apply, "clicked");
  g_assert_true (ui_test_wait_for (error_shown, window, TIMEOUT_MS));
  g_assert_nonnull (strstr (shown_error (window), "“busy”"));
  g_assert_true (gtk_widget_is_sensitive (apply));
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "Re_vert"), "clicked");

  /* memory above its maximum */
  select_item (window, "Memory");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown_in_row (window, "Current memory (MiB)", GTK_TYPE_SPIN_BUTTON)),
                             4096);
  g_signal_emit_by_name (apply, "clicked");
  g_assert_nonnull (strstr (shown_error (window), "maximum"));

  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "Re_vert"), "clicked");
  g_assert_null (shown_error (window));

  /* more vCPUs than the maximum */
  select_item (window, "CPUs");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown_in_row (window, "Virtual CPUs", GTK_TYPE_SPIN_BUTTON)), 6);
  g_signal_emit_by_name (apply, "clicked");
  g_assert_nonnull (strstr (shown_error (window), "maximum"));
  g_assert_cmpfloat (spin_value (window, "Virtual CPUs"), ==, 6);

  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);

  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "Re_vert"), "clicked");
  close_window (window);
}

static gboolean
window_gone (gpointer data)
{
  return *(GtkWidget **) data == NULL;
}

/* leaving a page with edits asks Apply / Discard / Cancel */
static void
test_leave (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "rich");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *expected = NULL;
  g_autofree char *after = NULL;
  GtkWidget *window = open_details (connection, "rich");
  GtkWidget *memory_row;

  select_item (window, "Memory");
  memory_row = shown (window, VIREO_TYPE_DETAILS_ROW, "Memory");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown_in_row (window, "Maximum memory (MiB)", GTK_TYPE_SPIN_BUTTON)),
                             3072);

  /* another row: asked; Cancel stays with the edit */
  gtk_list_box_select_row (GTK_LIST_BOX (hardware_list (window)),
                           GTK_LIST_BOX_ROW (shown (window, VIREO_TYPE_DETAILS_ROW, "CPUs")));
  g_assert_true (ui_test_message_dialog_shown (NULL));
  g_assert_true (selected_row (window) == memory_row);
  respond ("cancel");
  g_assert_true (selected_row (window) == memory_row);
  g_assert_cmpfloat (spin_value (window, "Maximum memory (MiB)"), ==, 3072);

  /* Discard: the other page, and the VM unchanged */
  gtk_list_box_select_row (GTK_LIST_BOX (hardware_list (window)),
                           GTK_LIST_BOX_ROW (shown (window, VIREO_TYPE_DETAILS_ROW, "CPUs")));
  respond ("discard");
  g_assert_cmpstr (vireo_details_row_get_title (VIREO_DETAILS_ROW (selected_row (window))), ==, "CPUs");
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);

  /* closing the window: asked; Apply applies, then the window closes */
  select_item (window, "Memory");
  g_assert_cmpfloat (spin_value (window, "Maximum memory (MiB)"), ==, 2048);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown_in_row (window, "Maximum memory (MiB)", GTK_TYPE_SPIN_BUTTON)),
                             3072);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window);
  respond ("apply");
  g_assert_true (ui_test_wait_for (window_gone, &window, TIMEOUT_MS));
  expected = replaced (before, "<memory unit='KiB'>2097152</memory>", "<memory unit='KiB'>3145728</memory>");
  assert_xml_becomes (domain, expected);
}

static gboolean
row_pending (gpointer data)
{
  return vireo_details_row_get_pending (VIREO_DETAILS_ROW (data));
}

/* on a running VM, a change that waits for the next shut down says so, and
 * its row keeps a mark until then */
static void
test_pending (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "busy");
  g_autofree char *watchdog = title_of (domain, "watchdog:0");
  g_autofree char *nic = title_of (domain, "interface:52:54:00:aa:bb:03");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *window;
  GtkWidget *memory_row;

  g_assert_true (ui_test_domain_is_running (domain));
  window = open_details (connection, "busy");
  select_item (window, "Memory");
  memory_row = shown (window, VIREO_TYPE_DETAILS_ROW, "Memory");
  g_assert_false (vireo_details_row_get_pending (VIREO_DETAILS_ROW (memory_row)));
  g_assert_null (ui_test_shown_label (window, "Takes effect after the next shut down"));

  /* the maximum memory of a running VM is for its next start */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown_in_row (window, "Maximum memory (MiB)", GTK_TYPE_SPIN_BUTTON)),
                             1536);
  press_apply (window);
  g_assert_null (shown_error (window));
  memory_row = shown (window, VIREO_TYPE_DETAILS_ROW, "Memory");
  g_assert_true (ui_test_wait_for (row_pending, memory_row, TIMEOUT_MS));
  g_assert_nonnull (ui_test_shown_label (window, "Takes effect after the next shut down"));
  g_assert_cmpfloat (spin_value (window, "Maximum memory (MiB)"), ==, 1536);
  /* only the row whose setting waits is marked */
  g_assert_false (vireo_details_row_get_pending (VIREO_DETAILS_ROW (shown (window, VIREO_TYPE_DETAILS_ROW, "CPUs"))));
  g_assert_false (
      vireo_details_row_get_pending (VIREO_DETAILS_ROW (shown (window, VIREO_TYPE_DETAILS_ROW, "Boot Options"))));
  close_window (window);

  /* the VM keeps it: so does a window opened again */
  window = open_details (connection, "busy");
  g_assert_true (vireo_details_row_get_pending (VIREO_DETAILS_ROW (shown (window, VIREO_TYPE_DETAILS_ROW, "Memory"))));
  g_assert_false (vireo_details_row_get_pending (VIREO_DETAILS_ROW (shown (window, VIREO_TYPE_DETAILS_ROW, "CPUs"))));

  before = libvirt_xml (domain);
  /* Remove says beforehand what a running VM cannot give up until it
   * shuts down (its watchdog), and what it can (its network interface) */
  select_item (window, watchdog);
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "_Remove"), "clicked");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ui_test_find_message_dialog ()),
                            "cannot give up this device while it runs"));
  respond ("cancel");
  select_item (window, nic);
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "_Remove"), "clicked");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ui_test_find_message_dialog ()),
                            "and from the running virtual machine"));
  respond ("cancel");
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
  close_window (window);
}

static gboolean
no_row (gpointer data)
{
  void **args = data;
  Match match = { VIREO_TYPE_DETAILS_ROW, args[1] };

  return ui_test_find_match (args[0], mapped_match, &match) == NULL;
}

/* Remove asks first, then the device leaves the XML libvirt holds and the list */
static void
test_remove (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "rich");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *watchdog = title_of (domain, "watchdog:0");
  g_autofree char *expected = NULL;
  g_autofree char *after = NULL;
  GtkWidget *window = open_details (connection, "rich");
  GtkWidget *remove;
  void *args[2] = { window, watchdog };

  /* nothing to remove on the CPUs page */
  select_item (window, "CPUs");
  remove = shown (window, GTK_TYPE_BUTTON, "_Remove");
  g_assert_false (gtk_widget_is_sensitive (remove));

  select_item (window, watchdog);
  g_assert_true (gtk_widget_is_sensitive (remove));
  g_signal_emit_by_name (remove, "clicked");
  respond ("cancel");
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);

  g_signal_emit_by_name (remove, "clicked");
  respond ("remove");
  g_assert_true (ui_test_wait_for (no_row, args, TIMEOUT_MS));
  expected = replaced (before, "    <watchdog model='i6300esb' action='reset'/>\n", "");
  assert_xml_becomes (domain, expected);
  g_assert_cmpstr (vireo_details_row_get_title (VIREO_DETAILS_ROW (selected_row (window))), ==, "CPUs");

  close_window (window);
}

static void
volumes_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GPtrArray **volumes = user_data;
  g_autoptr (GError) error = NULL;

  *volumes = vireo_connection_list_volumes_finish (VIREO_CONNECTION (object), result, &error);
  g_assert_no_error (error);
}

/* whether the pool "default" has the volume @name */
static gboolean
has_volume (const char *name)
{
  g_autoptr (GPtrArray) volumes = NULL;

  vireo_connection_list_volumes_async (connection, "default", NULL, volumes_cb, &volumes);
  g_assert_true (ui_test_wait_for (is_set, &volumes, TIMEOUT_MS));
  for (guint i = 0; i < volumes->len; i++)
    if (g_strcmp0 (((VireoVolumeFacts *) g_ptr_array_index (volumes, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* the Remove dialog's "Also delete its storage volume" */
static GtkWidget *
volume_check (void)
{
  AdwMessageDialog *dialog;
  GtkWidget *check;

  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = ui_test_find_message_dialog ();
  check = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), ==,
                   "Also _delete its storage volume");
  return check;
}

static gboolean
check_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

static gboolean
body_names_sharer (gpointer data)
{
  const char *body = adw_message_dialog_get_body (ui_test_find_message_dialog ());

  return strstr (body, "“sharer”") != NULL;
}

/* a disk on a volume another VM uses: its volume cannot be deleted, and the
 * dialog says which VM uses it; a disk on a volume of its own: Remove with
 * the box ticked takes the disk out of the XML and the volume out of the
 * pool; a volume that cannot be deleted: the disk goes, the page says why */
static void
test_remove_volume (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "pooled");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *own = title_of (domain, "disk:vdb");
  g_autofree char *shared = title_of (domain, "disk:vdc");
  g_autofree char *missing = title_of (domain, "disk:vdd");
  g_autofree char *expected = NULL;
  GtkWidget *window = open_details (connection, "pooled");
  GtkWidget *remove = shown (window, GTK_TYPE_BUTTON, "_Remove");
  GtkWidget *check;
  void *args[2] = { window, own };

  g_assert_true (has_volume ("pooled-data.qcow2"));
  g_assert_true (has_volume ("shared.qcow2"));

  select_item (window, shared);
  g_signal_emit_by_name (remove, "clicked");
  check = volume_check ();
  g_assert_true (ui_test_wait_for (body_names_sharer, NULL, TIMEOUT_MS));
  g_assert_false (gtk_widget_is_sensitive (check));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  respond ("cancel");

  select_item (window, own);
  g_signal_emit_by_name (remove, "clicked");
  check = volume_check ();
  g_assert_true (ui_test_wait_for (check_sensitive, check, TIMEOUT_MS));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  respond ("remove");
  g_assert_true (ui_test_wait_for (no_row, args, TIMEOUT_MS));
  expected = replaced (before,
                       "    <disk type='volume' device='disk'>\n"
                       "      <source pool='default' volume='pooled-data.qcow2'/>\n"
                       "      <target dev='vdb' bus='virtio'/>\n"
                       "    </disk>\n", "");
  assert_xml_becomes (domain, expected);
  g_assert_true (ui_test_wait_for (applied, window, TIMEOUT_MS));
  g_assert_false (has_volume ("pooled-data.qcow2"));
  g_assert_true (has_volume ("shared.qcow2"));
  g_assert_null (shown_error (window));

  /* a volume that cannot be deleted (the pool lacks it): the disk is
   * removed all the same, and the page says why the volume is not */
  g_free (before);
  before = libvirt_xml (domain);
  select_item (window, missing);
  g_signal_emit_by_name (remove, "clicked");
  check = volume_check ();
  g_assert_true (ui_test_wait_for (check_sensitive, check, TIMEOUT_MS));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  respond ("remove");
  args[1] = missing;
  g_assert_true (ui_test_wait_for (no_row, args, TIMEOUT_MS));
  g_free (expected);
  expected = replaced (before,
                       "    <disk type='volume' device='disk'>\n"
                       "      <source pool='default' volume='missing.qcow2'/>\n"
                       "      <target dev='vdd' bus='virtio'/>\n"
                       "    </disk>\n", "");
  assert_xml_becomes (domain, expected);
  g_assert_true (ui_test_wait_for (error_shown, window, TIMEOUT_MS));
  g_assert_nonnull (strstr (shown_error (window), "Could not delete the volume “missing.qcow2” in “default”"));

  close_window (window);
}

/* -- disks on paths: bus, size, Remove with the volume ------------------- */

/* the buses of a machine without IDE (libvirt's test driver has no domain
 * capabilities: these stand in for them) */
static const char *bus_domcaps =
  "<domainCapabilities><path>/usr/bin/qemu-system-x86_64</path><domain>test</domain>"
  "<machine>pc</machine><arch>x86_64</arch><devices><disk supported='yes'>"
  "<enum name='diskDevice'><value>disk</value><value>cdrom</value></enum>"
  "<enum name='bus'><value>virtio</value><value>sata</value><value>scsi</value><value>usb</value></enum>"
  "</disk></devices></domainCapabilities>";

static gboolean
bus_offered (GtkWidget *window, const char *bus)
{
  AdwComboRow *row = ADW_COMBO_ROW (shown (window, ADW_TYPE_COMBO_ROW, "Bus"));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), bus) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
machine_buses_offered (gpointer data)
{
  return !bus_offered (data, "ide") && !bus_offered (data, "fdc") && bus_offered (data, "sata");
}

static gboolean
size_shown (gpointer data)
{
  Match match = { GTK_TYPE_LABEL, "33.6\u00a0MB" }; /* g_format_size: a no-break space */

  return ui_test_find_match (data, mapped_match, &match) != NULL;
}

/* the XML of device @id in the definition libvirt holds, NULL without it */
static char *
device_xml_of (VireoDomain *domain, const char *id)
{
  g_autofree char *xml = libvirt_xml (domain);
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, &error);
  VireoDevice *device;

  g_assert_no_error (error);
  device = vireo_domain_config_find_device (config, id);
  g_autofree char *text = device != NULL ? vireo_device_to_xml (device) : NULL;
  g_autoptr (GRegex) breaks = g_regex_new ("\\s*\\n\\s*", 0, 0, NULL);

  /* without the line breaks and indentation between elements */
  return text != NULL ? g_regex_replace_literal (breaks, text, -1, 0, "", 0, NULL) : NULL;
}

static gboolean
row_selected_is (gpointer data)
{
  void **args = data;
  GtkWidget *row = selected_row (args[0]);

  return row != NULL && g_strcmp0 (vireo_details_row_get_title (VIREO_DETAILS_ROW (row)), args[1]) == 0;
}

/* a disk on a path a pool has shows the volume's size; the bus combo offers
 * the machine's buses only; another bus lands in libvirt's XML as the new
 * bus and target (nothing else changed), and the list shows the disk
 * under its new name */
static void
test_disk_bus (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "filed");
  g_autofree char *vda = device_xml_of (domain, "disk:vda");
  g_autofree char *vdb = device_xml_of (domain, "disk:vdb");
  g_autofree char *sda = device_xml_of (domain, "disk:sda");
  g_autofree char *sdb = NULL;
  g_autofree char *vdb_after = NULL;
  g_autofree char *sda_after = NULL;
  g_autofree char *vda_after = NULL;
  g_autofree char *gone = NULL;
  GtkWidget *window;
  void *args[2];

  g_assert_nonnull (vda);
  g_assert_nonnull (strstr (vda, "<target dev=\"vda\" bus=\"virtio\"/>"));
  vireo_connection_set_domain_caps_override (connection, bus_domcaps);
  window = open_details (connection, "filed");
  select_item (window, "VirtIO Disk 1");
  g_assert_true (ui_test_wait_for (size_shown, window, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (machine_buses_offered, window, TIMEOUT_MS));
  g_assert_cmpstr (combo_value (window, "Bus"), ==, "virtio");
  /* the source: a volume of a pool, or a file of this (local) host */
  shown (window, GTK_TYPE_BUTTON, "_Browse…");

  select_combo_value (window, "Bus", "sata");
  press_apply (window);
  g_assert_null (shown_error (window));
  /* libvirt holds the disk on SATA as sdb (the next free name: sda is the
   * other SATA disk's), on the same file; vda is gone; the other disks are
   * as they were (libvirt gives the moved disk a SATA address itself) */
  sdb = device_xml_of (domain, "disk:sdb");
  g_assert_nonnull (sdb);
  g_assert_nonnull (strstr (sdb, "<target dev=\"sdb\" bus=\"sata\"/>"));
  g_assert_nonnull (strstr (sdb, "<source file=\"/var/lib/libvirt/images/filed.qcow2\"/>"));
  gone = device_xml_of (domain, "disk:vda");
  g_assert_null (gone);
  vdb_after = device_xml_of (domain, "disk:vdb");
  sda_after = device_xml_of (domain, "disk:sda");
  g_assert_cmpstr (vdb_after, ==, vdb);
  g_assert_cmpstr (sda_after, ==, sda);
  args[0] = window;
  args[1] = (gpointer) "SATA Disk 2";
  g_assert_true (ui_test_wait_for (row_selected_is, args, TIMEOUT_MS));

  /* and back: the first free VirtIO name is vda again, without the SATA address */
  g_assert_true (ui_test_wait_for (machine_buses_offered, window, TIMEOUT_MS));
  select_combo_value (window, "Bus", "virtio");
  press_apply (window);
  vda_after = device_xml_of (domain, "disk:vda");
  g_assert_cmpstr (vda_after, ==, vda);
  args[1] = (gpointer) "VirtIO Disk 1";
  g_assert_true (ui_test_wait_for (row_selected_is, args, TIMEOUT_MS));

  close_window (window);
  vireo_connection_set_domain_caps_override (connection, NULL);
}

static gboolean
tooltip_says_kept (gpointer data)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (data),
                    "Only a volume of a storage pool can be deleted here: this disk’s storage is kept") == 0;
}

/* Remove on disks on paths: a file no pool has keeps its storage; a path
 * that is the volume "sharer" has by pool and name names "sharer"; a path
 * that is a volume of its own goes with the disk when asked */
static void
test_remove_path_volume (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "filed");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *expected = NULL;
  GtkWidget *window = open_details (connection, "filed");
  GtkWidget *remove = shown (window, GTK_TYPE_BUTTON, "_Remove");
  GtkWidget *check;
  void *args[2] = { window, (gpointer) "VirtIO Disk 1" };

  g_assert_true (has_volume ("filed.qcow2"));

  select_item (window, "SATA Disk 1");
  g_signal_emit_by_name (remove, "clicked");
  check = volume_check ();
  g_assert_true (ui_test_wait_for (tooltip_says_kept, check, TIMEOUT_MS));
  g_assert_false (gtk_widget_is_sensitive (check));
  respond ("cancel");

  select_item (window, "VirtIO Disk 2");
  g_signal_emit_by_name (remove, "clicked");
  check = volume_check ();
  g_assert_true (ui_test_wait_for (body_names_sharer, NULL, TIMEOUT_MS));
  g_assert_false (gtk_widget_is_sensitive (check));
  respond ("cancel");

  select_item (window, "VirtIO Disk 1");
  g_signal_emit_by_name (remove, "clicked");
  check = volume_check ();
  g_assert_true (ui_test_wait_for (check_sensitive, check, TIMEOUT_MS));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  respond ("remove");
  g_assert_true (ui_test_wait_for (no_row, args, TIMEOUT_MS));
  expected = replaced (before,
                       "    <disk type='file' device='disk'>\n"
                       "      <source file='/var/lib/libvirt/images/filed.qcow2'/>\n"
                       "      <target dev='vda' bus='virtio'/>\n"
                       "    </disk>\n", "");
  assert_xml_becomes (domain, expected);
  g_assert_true (ui_test_wait_for (applied, window, TIMEOUT_MS));
  g_assert_false (has_volume ("filed.qcow2"));
  g_assert_true (has_volume ("sharer-data.qcow2"));
  g_assert_null (shown_error (window));

  close_window (window);
}

static gboolean
refuse_access (const char *path, gboolean need_write, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               "QEMU cannot open “%s”: the folder does not let it in (test)", path);
  return FALSE;
}

/* a path QEMU could not open: the image-access check's sentence on the
 * page, and the VM as it was */
static void
test_disk_access (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "filed");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  GtkWidget *window = open_details (connection, "filed");

  _vireo_details_disk_page_set_image_access_func (refuse_access);
  select_item (window, "SATA Disk 1");
  gtk_editable_set_text (GTK_EDITABLE (shown (window, ADW_TYPE_ENTRY_ROW, "Source path")), "/srv/closed.img");
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "_Apply"), "clicked");
  g_assert_true (ui_test_wait_for (error_shown, window, TIMEOUT_MS));
  g_assert_cmpstr (shown_error (window), ==,
                   "QEMU cannot open “/srv/closed.img”: the folder does not let it in (test)");
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);

  _vireo_details_disk_page_set_image_access_func (NULL);
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "Re_vert"), "clicked");
  close_window (window);
}

static GtkWindow *
shown_wizard (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (VIREO_IS_ADD_HARDWARE_WIZARD (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GTK_WINDOW (toplevel);
    }
  return NULL;
}

static gboolean
wizard_shown (gpointer data)
{
  return shown_wizard () != NULL;
}

/* Add Hardware opens the assistant over the VM's window */
static void
test_add_hardware (void)
{
  GtkWidget *window = open_details (connection, "rich");
  GtkWidget *add = shown (window, GTK_TYPE_BUTTON, "Add _Hardware");
  GtkWindow *wizard;

  g_assert_true (gtk_widget_is_sensitive (add));
  g_assert_null (shown_wizard ());
  g_signal_emit_by_name (add, "clicked");
  g_assert_true (ui_test_wait_for (wizard_shown, NULL, TIMEOUT_MS));
  wizard = shown_wizard ();
  g_assert_true (gtk_window_get_transient_for (wizard) == GTK_WINDOW (window));
  gtk_window_destroy (wizard);
  close_window (window);
}

/* the CPUs page refuses a maximum above the host's (its domain
 * capabilities, which libvirt's test driver has not: the page alone) */
static void
test_host_max_vcpus (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "rich");
  g_autofree char *xml = libvirt_xml (domain);
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, &error);
  g_autoptr (VireoDomainConfig) edited = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = vireo_details_cpu_page_new ();

  g_assert_no_error (error);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  vireo_details_page_load (VIREO_DETAILS_PAGE (page), config, NULL);
  vireo_details_cpu_page_set_host_max_vcpus (VIREO_DETAILS_CPU_PAGE (page), 8);
  ui_test_wait_drawn (page);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown_in_row (page, "Maximum", GTK_TYPE_SPIN_BUTTON)), 16);
  g_assert_true (vireo_details_page_get_dirty (VIREO_DETAILS_PAGE (page)));
  edited = vireo_domain_config_copy (config);
  g_assert_false (vireo_details_page_commit (VIREO_DETAILS_PAGE (page), edited, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "at most 8"));
  g_assert_false (vireo_domain_config_has_changes (edited));
  g_clear_error (&error);

  /* within the host's maximum, but not what the topology (1 × 1 × 2 × 2) gives */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown_in_row (page, "Maximum", GTK_TYPE_SPIN_BUTTON)), 8);
  g_assert_false (vireo_details_page_commit (VIREO_DETAILS_PAGE (page), edited, NULL, &error));
  g_assert_nonnull (strstr (error->message, "topology"));
  g_clear_error (&error);

  /* without the manual topology: written */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (shown (page, ADW_TYPE_EXPANDER_ROW, "Manual topology")),
                                         FALSE);
  g_assert_true (vireo_details_page_commit (VIREO_DETAILS_PAGE (page), edited, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vireo_domain_config_get_max_vcpus (edited), ==, 8);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* @xml without its <cpu> element (what a CPU model change may touch) */
static char *
without_cpu (const char *xml)
{
  const char *start = strstr (xml, "<cpu");
  const char *end = start != NULL ? strstr (start, "</cpu>") : NULL;

  g_assert_nonnull (end);
  return g_strdup_printf ("%.*s%s", (int) (start - xml), xml, end + strlen ("</cpu>"));
}

static GtkDropDown *
models_drop_down (GtkWidget *root)
{
  return GTK_DROP_DOWN (shown_in_row (root, "Model name", GTK_TYPE_DROP_DOWN));
}

static int
model_position (GtkDropDown *drop_down, const char *name)
{
  GListModel *model = gtk_drop_down_get_model (drop_down);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name) == 0)
      return i;
  return -1;
}

static gboolean
models_listed (gpointer data)
{
  return model_position (models_drop_down (data), "Westmere") >= 0;
}

/* what the list shows for its item @position */
static char *
model_shown (GtkDropDown *drop_down, guint position)
{
  g_autoptr (GObject) item = g_list_model_get_item (gtk_drop_down_get_model (drop_down), position);
  g_auto (GValue) value = G_VALUE_INIT;

  g_assert_true (gtk_expression_evaluate (gtk_drop_down_get_expression (drop_down), item, &value));
  return g_value_dup_string (&value);
}

/* the CPUs page offers the named models the host's domain capabilities
 * list as usable for the VM (libvirt's test driver has none: this
 * machine's, tests/core/data/domcaps-tcg.xml, stand in for them); one
 * picked lands in libvirt's XML as <cpu mode='custom'><model>; a model
 * the VM has that the host does not run is still shown, marked */
static void
test_cpu_models (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "rich");
  g_autofree char *path = g_build_filename (UI_TESTS_DIR, "..", "core", "data", "domcaps-tcg.xml", NULL);
  g_autofree char *domcaps = NULL;
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  g_autofree char *before_rest = without_cpu (before);
  g_autofree char *after_rest = NULL;
  g_autofree char *edited_xml = NULL;
  g_autofree char *label = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoDomainConfig) config = NULL;
  GtkWidget *window;
  GtkDropDown *drop_down;
  GtkWidget *page;

  g_assert_true (g_file_get_contents (path, &domcaps, NULL, NULL));
  vireo_connection_set_domain_caps_override (connection, domcaps);

  window = open_details (connection, "rich");
  select_item (window, "CPUs");
  select_combo_value (window, "CPU model", "custom");
  drop_down = models_drop_down (window);
  g_assert_true (ui_test_wait_for (models_listed, window, TIMEOUT_MS));
  /* the usable ones, by name; the ones the host cannot run are left out */
  g_assert_cmpint (model_position (drop_down, "486"), ==, 0);
  g_assert_cmpint (model_position (drop_down, "Westmere"), ==, 9);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (drop_down)), ==, 10);
  g_assert_cmpint (model_position (drop_down, "Haswell"), ==, -1);
  g_assert_true (gtk_drop_down_get_enable_search (drop_down));
  gtk_drop_down_set_selected (drop_down, model_position (drop_down, "Westmere"));
  press_apply (window);

  after = libvirt_xml (domain);
  g_assert_nonnull (strstr (after, "<cpu mode='custom'"));
  g_assert_nonnull (strstr (after, ">Westmere</model>"));
  /* nothing else changed */
  after_rest = without_cpu (after);
  g_assert_cmpstr (after_rest, ==, before_rest);
  close_window (window);

  /* a VM with a model the host does not run: shown first, marked */
  edited_xml = replaced (after, ">Westmere</model>", ">Haswell</model>");
  config = vireo_domain_config_new_from_xml (edited_xml, &error);
  g_assert_no_error (error);
  window = gtk_window_new ();
  page = vireo_details_cpu_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  vireo_details_cpu_page_set_connection (VIREO_DETAILS_CPU_PAGE (page), connection);
  vireo_details_page_load (VIREO_DETAILS_PAGE (page), config, NULL);
  ui_test_wait_drawn (page);
  drop_down = models_drop_down (page);
  /* while the list loads, or once it is there: the VM's model is chosen */
  g_assert_cmpint (model_position (drop_down, "Haswell"), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 0);
  g_assert_true (ui_test_wait_for (models_listed, page, TIMEOUT_MS));
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 0);
  label = model_shown (drop_down, 0);
  g_assert_cmpstr (label, ==, "Haswell (not offered by this host)");
  g_assert_cmpint (model_position (drop_down, "486"), ==, 1);
  /* loading the list is not an edit */
  g_assert_false (vireo_details_page_get_dirty (VIREO_DETAILS_PAGE (page)));
  gtk_window_destroy (GTK_WINDOW (window));

  /* a host without KVM (these capabilities: host-passthrough
   * supported='no') cannot pass its CPU through: refused with a sentence,
   * libvirt's XML as it was, the choice left for the person to change */
  window = open_details (connection, "rich");
  select_item (window, "CPUs");
  g_assert_true (ui_test_wait_for (models_listed, window, TIMEOUT_MS));
  g_free (before);
  before = libvirt_xml (domain);
  select_combo_value (window, "CPU model", "host-passthrough");
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "_Apply"), "clicked");
  g_assert_true (ui_test_wait_for (error_shown, window, TIMEOUT_MS));
  g_assert_nonnull (strstr (shown_error (window), "KVM"));
  g_assert_true (gtk_widget_is_sensitive (shown (window, GTK_TYPE_BUTTON, "_Apply")));
  g_free (after);
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
  /* the host's model is offered: that one is taken */
  select_combo_value (window, "CPU model", "host-model");
  press_apply (window);
  g_free (after);
  after = libvirt_xml (domain);
  g_assert_nonnull (strstr (after, "<cpu mode='host-model'"));
  close_window (window);

  vireo_connection_set_domain_caps_override (connection, NULL);
}

/* every mnemonic of the Details view (Alt + its letter) is its own */
static void
collect_mnemonics (GtkWidget *widget, GHashTable *seen)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget)))
    {
      /* Alt+A and Alt+Shift+A are one */
      guint keyval = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)));
      const char *text = gtk_label_get_label (GTK_LABEL (widget));
      const char *other = g_hash_table_lookup (seen, GUINT_TO_POINTER (keyval));

      if (keyval != GDK_KEY_VoidSymbol)
        {
          if (other != NULL)
            g_error ("“%s” and “%s” share Alt+%s", other, text, gdk_keyval_name (keyval));
          g_hash_table_insert (seen, GUINT_TO_POINTER (keyval), (gpointer) text);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, seen);
}

static void
test_mnemonics (void)
{
  GtkWidget *window = open_details (connection, "rich");
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  ui_test_wait_drawn (window);
  collect_mnemonics (window, seen);
  /* the four buttons at least */
  g_assert_cmpuint (g_hash_table_size (seen), >=, 4);
  g_assert_true (g_hash_table_contains (seen, GUINT_TO_POINTER (GDK_KEY_h)));
  g_assert_true (g_hash_table_contains (seen, GUINT_TO_POINTER (GDK_KEY_v)));
  close_window (window);
}

static gboolean
row_removed (gpointer data)
{
  Match match = { VIREO_TYPE_DETAILS_ROW, ((void **) data)[1] };
  GtkWidget *row = ui_test_find_match (((void **) data)[0], mapped_match, &match);

  return row != NULL && vireo_details_row_get_removed (VIREO_DETAILS_ROW (row));
}

static void
config_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VireoDomainConfig **config = user_data;
  g_autoptr (GError) error = NULL;

  *config = vireo_domain_get_config_finish (VIREO_DOMAIN (object), result, &error);
  g_assert_no_error (error);
}

/* the definition libvirt holds, with its secrets */
static VireoDomainConfig *
saved_config (VireoDomain *domain)
{
  VireoDomainConfig *config = NULL;

  vireo_domain_get_config_async (domain, FALSE, NULL, config_cb, &config);
  g_assert_true (ui_test_wait_for (is_set, &config, TIMEOUT_MS));
  return config;
}

/* a disk the running VM cannot unplug (SATA): removed from the definition,
 * its row stays, marked, until the next shut down */
static void
test_remove_pending (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "keeper");
  g_autofree char *disk = title_of (domain, "disk:sdb");
  g_autofree char *other = title_of (domain, "disk:vda");
  g_autoptr (VireoDomainConfig) saved = NULL;
  g_autofree char *live = NULL;
  GtkWidget *window;
  GtkWidget *row;
  void *args[2];

  g_assert_true (ui_test_domain_is_running (domain));
  window = open_details (connection, "keeper");
  args[0] = window;
  args[1] = disk;
  select_item (window, disk);
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "_Remove"), "clicked");
  respond ("remove");
  g_assert_true (ui_test_wait_for (row_removed, args, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (applied, window, TIMEOUT_MS));
  g_assert_null (shown_error (window));

  /* gone from the definition, still in the running VM */
  saved = saved_config (domain);
  g_assert_null (vireo_domain_config_find_device (saved, "disk:sdb"));
  live = libvirt_xml (domain);
  g_assert_nonnull (strstr (live, "keeper-data.img"));

  /* its row says so, and there is nothing more to remove or edit */
  row = shown (window, VIREO_TYPE_DETAILS_ROW, disk);
  g_assert_true (vireo_details_row_get_pending (VIREO_DETAILS_ROW (row)));
  select_item (window, disk);
  g_assert_nonnull (ui_test_shown_label (window, "Removed after the next shut down"));
  g_assert_false (gtk_widget_is_sensitive (shown (window, GTK_TYPE_BUTTON, "_Remove")));
  g_assert_false (gtk_widget_is_sensitive (shown (window, GTK_TYPE_BUTTON, "_Apply")));
  g_assert_false (vireo_details_row_get_removed (VIREO_DETAILS_ROW (shown (window, VIREO_TYPE_DETAILS_ROW, other))));
  close_window (window);

  /* a window opened again shows it as well */
  window = open_details (connection, "keeper");
  args[0] = window;
  g_assert_true (ui_test_wait_for (row_removed, args, TIMEOUT_MS));
  close_window (window);
}

/* a running VM without a memory balloon cannot change its memory now: the
 * page says so, and the change waits for the next shut down */
static void
test_memory_no_balloon (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "keeper");
  const char *note = "This virtual machine has no memory balloon device: while it runs, a change takes "
                     "effect after the next shut down";
  g_autoptr (VireoDomainConfig) saved = NULL;
  g_autofree char *live = NULL;
  GtkWidget *window;

  g_assert_true (ui_test_domain_is_running (domain));
  window = open_details (connection, "keeper");
  select_item (window, "Memory");
  g_assert_nonnull (ui_test_shown_label (window, note));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown_in_row (window, "Current memory (MiB)", GTK_TYPE_SPIN_BUTTON)),
                             768);
  press_apply (window);
  g_assert_null (shown_error (window));
  g_assert_true (ui_test_wait_for (row_pending, shown (window, VIREO_TYPE_DETAILS_ROW, "Memory"), TIMEOUT_MS));
  g_assert_nonnull (ui_test_shown_label (window, "Takes effect after the next shut down"));
  g_assert_false (vireo_details_row_get_pending (VIREO_DETAILS_ROW (shown (window, VIREO_TYPE_DETAILS_ROW, "CPUs"))));

  /* saved; the running VM has what it had */
  saved = saved_config (domain);
  g_assert_cmpuint (vireo_domain_config_get_memory (saved), ==, 786432);
  live = libvirt_xml (domain);
  g_assert_nonnull (strstr (live, "<currentMemory unit='KiB'>524288</currentMemory>"));
  close_window (window);

  /* a VM with a balloon: no such note */
  window = open_details (connection, "rich");
  select_item (window, "Memory");
  g_assert_null (ui_test_shown_label (window, note));
  close_window (window);
}

/* after a new MAC (a new id, interface:<mac>), the page stays on the NIC */
static void
test_mac_reselect (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "display");
  g_autofree char *nic = title_of (domain, "interface:52:54:00:aa:bb:0a");
  g_autofree char *renamed = NULL;
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *expected = replaced (before, "52:54:00:aa:bb:0a", "52:54:00:aa:bb:0b");
  GtkWidget *window = open_details (connection, "display");

  select_item (window, nic);
  gtk_editable_set_text (GTK_EDITABLE (shown (window, ADW_TYPE_ENTRY_ROW, "MAC address")), "52:54:00:aa:bb:0b");
  press_apply (window);
  assert_xml_becomes (domain, expected);
  g_assert_null (shown_error (window));
  renamed = title_of (domain, "interface:52:54:00:aa:bb:0b");
  g_assert_cmpstr (vireo_details_row_get_title (VIREO_DETAILS_ROW (selected_row (window))), ==, renamed);
  g_assert_cmpstr (entry_text (window, "MAC address"), ==, "52:54:00:aa:bb:0b");

  /* back as it was */
  gtk_editable_set_text (GTK_EDITABLE (shown (window, ADW_TYPE_ENTRY_ROW, "MAC address")), "52:54:00:aa:bb:0a");
  press_apply (window);
  assert_xml_becomes (domain, before);
  g_assert_cmpstr (vireo_details_row_get_title (VIREO_DETAILS_ROW (selected_row (window))), ==, nic);
  close_window (window);
}

/* the VM's display device */
static VireoDevice *
graphics_of (VireoDomainConfig *config)
{
  g_autoptr (GPtrArray) devices = vireo_domain_config_get_devices (config);

  for (guint i = 0; i < devices->len; i++)
    if (vireo_device_get_kind (g_ptr_array_index (devices, i)) == VIREO_DEVICE_KIND_GRAPHICS)
      return g_ptr_array_index (devices, i);
  g_assert_not_reached ();
}

static char *
saved_password (VireoDomain *domain)
{
  g_autoptr (VireoDomainConfig) saved = saved_config (domain);

  return vireo_device_get (graphics_of (saved), "@passwd");
}

/* Display: a port below 5900 is refused with a message; the password can be
 * removed */
static void
test_display (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "display");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  g_autofree char *title = NULL;
  g_autofree char *password = NULL;
  GtkWidget *window = open_details (connection, "display");

  {
    g_autoptr (VireoDomainConfig) saved = saved_config (domain);

    title = vireo_device_dup_title (graphics_of (saved));
  }
  select_item (window, title);
  g_assert_false (switch_on (window, "Automatic port"));
  g_assert_cmpfloat (spin_value (window, "Port"), ==, 5901);

  /* a port libvirt would not start the VM with */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown_in_row (window, "Port", GTK_TYPE_SPIN_BUTTON)), 5000);
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "_Apply"), "clicked");
  g_assert_nonnull (shown_error (window));
  g_assert_nonnull (strstr (shown_error (window), "5900"));
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "Re_vert"), "clicked");

  /* the password: on, kept unless changed; off removes it */
  g_assert_true (switch_on (window, "Password"));
  gtk_switch_set_active (GTK_SWITCH (shown_in_row (window, "Password", GTK_TYPE_SWITCH)), FALSE);
  press_apply (window);
  g_assert_null (shown_error (window));
  password = saved_password (domain);
  g_assert_null (password);
  g_assert_false (switch_on (window, "Password"));

  /* on again: a new one must be typed */
  gtk_switch_set_active (GTK_SWITCH (shown_in_row (window, "Password", GTK_TYPE_SWITCH)), TRUE);
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "_Apply"), "clicked");
  g_assert_nonnull (shown_error (window));
  gtk_editable_set_text (GTK_EDITABLE (shown (window, ADW_TYPE_PASSWORD_ENTRY_ROW, "New password")), "secret");
  press_apply (window);
  g_assert_null (shown_error (window));
  g_clear_pointer (&password, g_free);
  password = saved_password (domain);
  g_assert_cmpstr (password, ==, "secret");
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
  close_window (window);
}

int
main (int argc, char *argv[])
{
  g_autofree char *uri = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vireo_core_init ();

  uri = g_strdup_printf ("test://%s/host-details.xml", UI_TESTS_DIR);
  connection = vireo_connection_new (uri);
  ui_test_connection_open (connection, TIMEOUT_MS);

  g_test_add_func ("/details/values", test_values);
  g_test_add_func ("/details/invalid", test_invalid);
  g_test_add_func ("/details/edit-apply", test_edit_apply);
  g_test_add_func ("/details/leave", test_leave);
  g_test_add_func ("/details/remove", test_remove);
  g_test_add_func ("/details/remove-volume", test_remove_volume);
  g_test_add_func ("/details/disk-bus", test_disk_bus);
  g_test_add_func ("/details/remove-path-volume", test_remove_path_volume);
  g_test_add_func ("/details/disk-access", test_disk_access);
  g_test_add_func ("/details/add-hardware", test_add_hardware);
  g_test_add_func ("/details/pending", test_pending);
  g_test_add_func ("/details/host-max-vcpus", test_host_max_vcpus);
  g_test_add_func ("/details/mnemonics", test_mnemonics);
  g_test_add_func ("/details/remove-pending", test_remove_pending);
  g_test_add_func ("/details/memory-no-balloon", test_memory_no_balloon);
  g_test_add_func ("/details/mac-reselect", test_mac_reselect);
  g_test_add_func ("/details/display", test_display);
  g_test_add_func ("/details/cpu-models", test_cpu_models);

  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);

  return ret;
}
