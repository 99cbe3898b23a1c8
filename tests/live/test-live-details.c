/* test-live-details.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The VM's Details view (GTK, under Xvfb) on a running guest of the real
 * qemu:///system, driven like a person: rows of the hardware list clicked,
 * Add Hardware's rows filled and Finish pressed, Remove confirmed, the pages'
 * widgets edited and Apply pressed. Each outcome is checked in what QEMU
 * itself reports (virsh qemu-monitor-command: query-block, query-pci), in the
 * live and persistent XML libvirt holds, and in what the view shows:
 *   - a SCSI disk on a new volume of a pool the test makes in its own
 *     temporary folder: QEMU has it, its row shows, both XMLs have it;
 *   - a NIC (usermode networking): QEMU has one more Ethernet controller,
 *     its row shows;
 *   - the disk removed (and its volume with it): QEMU no longer has it, the
 *     row is gone, the pool no longer has the volume;
 *   - the first NIC's link set down and up with its "Link up" switch, the
 *     CD-ROM's medium changed with its "Source path": libvirt's live XML
 *     (QEMU 7.2 reports no link state: libvirt writes it only once QEMU's
 *     set_link succeeded) and query-block follow;
 *   - a USB network adapter (usb-net, on the VM's USB bus) added, then
 *     removed: QEMU's own list of USB devices ("info usb") has it, then does
 *     not; its row shows, then is gone; both XMLs follow. A USB device
 *     leaves at once, with no help from the guest, so this is the NIC a
 *     guest without an OS can be seen to lose;
 *   - the added PCI NIC removed: refused. The guest runs SeaBIOS with nothing to
 *     boot (there is no guest OS on this platform: no /dev/kvm, TCG only), so
 *     nothing answers the ACPI unplug request; a real OS would let the NIC
 *     go. After the bounded wait (3 s here, through the core's test-only
 *     _vireo_domain_edit_set_detach_timeout; 30 s in the application) the
 *     page shows the timeout message, the row stays, QEMU keeps the NIC and
 *     libvirt's persistent XML is unchanged.
 * Everything it makes (guest, pool, volumes, files) is removed, pass or
 * fail: the test runs in a child process, and the parent removes it all
 * once the child ended, however it ended (a failed assertion aborts; the
 * harness's timeout sends SIGTERM, which the parent passes on).
 * Run by tests/live/harness.sh under xvfb-run.
 */
#define G_LOG_DOMAIN "vireo-test-live"

#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "live-domain-util.h"
#include "vireo-add-hardware-wizard.h"
#include "vireo-details-row.h"
#include "vireo-details-view.h"
#include "vireo-domain-config-private.h"

#define URI        "qemu:///system"
#define NIC_MAC    "52:54:00:ee:10:01"
#define NIC2_MAC   "52:54:00:ee:10:02"
#define NIC3_MAC   "52:54:00:ee:10:03"
#define VOLUME     "vireo-live-details.qcow2"
/* ms: every wait below ends as soon as its condition holds */
#define TIMEOUT_MS 30000
/* ms: how long the core waits for the guest to let a device go */
#define DETACH_MS  3000

#include "ui/details-test-util.h"

static virConnectPtr raw;
static char *vm_name;
static char *dir;       /* the test's temporary folder: ISOs, and the pool's folder */
static char *pool_name;
static char *pool_dir;
static char *iso1, *iso2;
static VireoConnection *conn;
static VireoDomain *domain;
static GtkWidget *window; /* the Details view's window */

static void
remove_everything (void)
{
  live_remove_guest (raw, vm_name);
  if (raw != NULL)
    live_remove_pool (raw, pool_name, pool_dir);
  if (raw != NULL)
    virConnectClose (raw);
  raw = NULL;
  if (dir != NULL)
    {
      g_unlink (iso1);
      g_unlink (iso2);
      g_rmdir (dir);
    }
}

static char *
make_file (const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *zeros = g_malloc0 (1024 * 1024);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, zeros, 1024 * 1024, &error);
  g_assert_no_error (error);
  g_chmod (path, 0644);
  return path;
}

/* -- what QEMU and libvirt hold ------------------------------------------------ */

/* shared with the other live tests: live-domain-util.h */
static char *
monitor (const char *command)
{
  return live_monitor (URI, vm_name, command);
}

static guint
ethernet_controllers (void)
{
  g_autofree char *pci = monitor ("{\"execute\":\"query-pci\"}");

  return live_count (pci, "Ethernet controller");
}

static gboolean
block_has (const char *path)
{
  g_autofree char *blocks = monitor ("{\"execute\":\"query-block\"}");

  return strstr (blocks, path) != NULL;
}

/* libvirt's XML of the guest: live, or the persistent definition (owned) */
static char *
raw_xml (gboolean live)
{
  return live_domain_xml (raw, vm_name, live);
}

static VireoDomainConfig *
raw_config (gboolean live)
{
  return live_domain_config (raw, vm_name, live);
}

/* in @config, the device whose value at @path is @value, or NULL */
static VireoDevice *
device_with (VireoDomainConfig *config, const char *path, const char *value)
{
  g_autoptr (GPtrArray) devices = vireo_domain_config_get_devices (config);

  for (guint i = 0; i < devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *found = vireo_device_get (device, path);

      if (g_strcmp0 (found, value) == 0)
        return device;
    }
  return NULL;
}

/* what the hardware list calls the device of the persistent definition
 * whose value at @path is @value (owned) */
static char *
title_of (const char *path, const char *value)
{
  g_autoptr (VireoDomainConfig) config = raw_config (FALSE);
  VireoDevice *device = device_with (config, path, value);

  if (device == NULL)
    g_error ("no device with %s = %s", path, value);
  return vireo_device_dup_title (device);
}

static gboolean
pool_has_volume (const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, pool_name);
  virStorageVolPtr vol;

  g_assert_nonnull (pool);
  virStoragePoolRefresh (pool, 0);
  vol = virStorageVolLookupByName (pool, name);
  virStoragePoolFree (pool);
  virResetLastError ();
  if (vol == NULL)
    return FALSE;
  virStorageVolFree (vol);
  return TRUE;
}

/* the volume's path in the pool's folder (owned) */
static char *
volume_path (void)
{
  return g_build_filename (pool_dir, VOLUME, NULL);
}

/* -- the widgets a person sees --------------------------------------------------- */

/* a combo row's choice, by its shown text */
static void
choose (GtkWidget *root, const char *row_title, const char *text)
{
  AdwComboRow *row = ADW_COMBO_ROW (shown (root, ADW_TYPE_COMBO_ROW, row_title));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_error ("%s has no choice “%s”", row_title, text);
}

static void
type_into (GtkWidget *root, const char *row_title, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (shown (root, ADW_TYPE_ENTRY_ROW, row_title)), text);
}

static GtkWidget *
hardware_list (void)
{
  return gtk_widget_get_parent (shown (window, VIREO_TYPE_DETAILS_ROW, "CPUs"));
}

static gboolean
row_shown (gpointer title)
{
  return find_shown (window, VIREO_TYPE_DETAILS_ROW, title) != NULL;
}

static gboolean
row_gone (gpointer title)
{
  return find_shown (window, VIREO_TYPE_DETAILS_ROW, title) == NULL;
}

static gboolean
page_shown (gpointer data)
{
  return find_shown (window, ADW_TYPE_PREFERENCES_PAGE, NULL) != NULL;
}

/* clicks the hardware list's row @title */
static void
select_item (const char *title)
{
  GtkWidget *row = shown (window, VIREO_TYPE_DETAILS_ROW, title);

  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (hardware_list ())) == GTK_LIST_BOX_ROW (row));
  g_assert_true (ui_test_wait_for (page_shown, NULL, TIMEOUT_MS));
}

static gboolean
applied (gpointer data)
{
  /* the list is back (it waits while a change is applied and read again)
   * and nothing is left to apply */
  return gtk_widget_is_sensitive (hardware_list ()) &&
         !gtk_widget_is_sensitive (shown (window, GTK_TYPE_BUTTON, "_Apply"));
}

static void
press_apply (void)
{
  GtkWidget *apply = shown (window, GTK_TYPE_BUTTON, "_Apply");

  g_assert_true (gtk_widget_is_sensitive (apply));
  g_signal_emit_by_name (apply, "clicked");
  g_assert_true (ui_test_wait_for (applied, NULL, TIMEOUT_MS));
}

static gboolean
error_shown (gpointer data)
{
  return shown_error (window) != NULL && applied (NULL);
}

static gboolean
error_drawn (gpointer data)
{
  const char *message = shown_error (window);

  return message != NULL && ui_test_shown_label (window, message) != NULL;
}

static gboolean
widget_sensitive (gpointer widget)
{
  return gtk_widget_is_sensitive (widget);
}

/* -- Add Hardware ------------------------------------------------------------------ */

static VireoAddHardwareWizard *
shown_wizard (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (VIREO_IS_ADD_HARDWARE_WIZARD (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return VIREO_ADD_HARDWARE_WIZARD (toplevel);
    }
  return NULL;
}

static gboolean
wizard_ready (gpointer data)
{
  VireoAddHardwareWizard *wizard = shown_wizard ();

  return wizard != NULL && !vireo_add_hardware_wizard_get_busy (wizard);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* presses the Details view's Add Hardware: the assistant, ready, with the
 * page of @kind shown */
static GtkWidget *
open_add_hardware (VireoDeviceKind kind)
{
  GtkWidget *add = shown (window, GTK_TYPE_BUTTON, "Add _Hardware");
  VireoAddHardwareWizard *wizard;

  g_assert_true (gtk_widget_is_sensitive (add));
  g_signal_emit_by_name (add, "clicked");
  g_assert_true (ui_test_wait_for (wizard_ready, NULL, TIMEOUT_MS));
  wizard = shown_wizard ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (wizard)) == GTK_WINDOW (window));
  vireo_add_hardware_wizard_select_kind (wizard, kind);
  ui_test_wait_drawn (GTK_WIDGET (wizard));
  return GTK_WIDGET (wizard);
}

/* presses Finish; the assistant closes once the device is added (the test
 * fails with the assistant's message when it is not) */
static void
press_finish (GtkWidget *wizard)
{
  GtkWidget *finish = shown (wizard, GTK_TYPE_BUTTON, "_Finish");
  gpointer alive = wizard;

  g_object_add_weak_pointer (G_OBJECT (wizard), &alive);
  g_assert_true (gtk_widget_is_sensitive (finish));
  gtk_widget_activate (finish);
  if (!ui_test_wait_for (is_null, &alive, TIMEOUT_MS))
    g_error ("Finish did not add the device: %s",
             vireo_add_hardware_wizard_get_error (VIREO_ADD_HARDWARE_WIZARD (wizard)) ?: "(no message)");
}

/* -- the steps, in order --------------------------------------------------------- */

static void
test_open (void)
{
  g_autofree char *cdrom = NULL;
  g_autofree char *nic = NULL;

  domain = live_wait_running (conn, vm_name, 60000);
  g_assert_nonnull (domain);
  g_object_ref (domain);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  gtk_window_set_child (GTK_WINDOW (window), vireo_details_view_new (domain));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ui_test_wait_for (details_loaded, window, TIMEOUT_MS));

  /* the guest's devices are in the list */
  cdrom = title_of ("target/@dev", "hdc");
  nic = title_of ("mac/@address", NIC_MAC);
  g_assert_true (row_shown (cdrom));
  g_assert_true (row_shown (nic));
  ui_test_wait_drawn (window);
}

static void
test_add_disk (void)
{
  g_autofree char *path = volume_path ();
  g_autofree char *title = NULL;
  g_autoptr (VireoDomainConfig) live = NULL;
  g_autoptr (VireoDomainConfig) saved = NULL;
  g_autofree char *bus = NULL;
  GtkWidget *wizard;

  g_assert_false (block_has (path));
  g_assert_false (pool_has_volume (VOLUME));

  wizard = open_add_hardware (VIREO_DEVICE_KIND_DISK);
  choose (wizard, "Source", "New image in a pool");
  choose (wizard, "Storage Pool", pool_name);
  type_into (wizard, "Volume Name", VOLUME);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown (wizard, GTK_TYPE_SPIN_BUTTON, NULL)), 1);
  choose (wizard, "Bus", "SCSI");
  press_finish (wizard);

  /* QEMU has it */
  g_assert_true (block_has (path));
  g_assert_true (pool_has_volume (VOLUME));
  /* libvirt's persistent and live XML have it, on the SCSI bus */
  saved = raw_config (FALSE);
  live = raw_config (TRUE);
  g_assert_nonnull (device_with (saved, "source/@volume", VOLUME));
  g_assert_nonnull (device_with (live, "source/@volume", VOLUME));
  bus = vireo_device_get (device_with (saved, "source/@volume", VOLUME), "target/@bus");
  g_assert_cmpstr (bus, ==, "scsi");
  /* its row shows */
  title = title_of ("source/@volume", VOLUME);
  g_assert_true (ui_test_wait_for (row_shown, title, TIMEOUT_MS));
}

static void
test_add_nic (void)
{
  guint before = ethernet_controllers ();
  g_autofree char *title = NULL;
  g_autoptr (VireoDomainConfig) live = NULL;
  GtkWidget *wizard = open_add_hardware (VIREO_DEVICE_KIND_INTERFACE);

  g_assert_cmpuint (before, ==, 1);
  choose (wizard, "Connection", "Usermode networking");
  choose (wizard, "Device Model", "VirtIO");
  type_into (wizard, "MAC Address", NIC2_MAC);
  press_finish (wizard);

  /* QEMU has it */
  g_assert_cmpuint (ethernet_controllers (), ==, before + 1);
  live = raw_config (TRUE);
  g_assert_nonnull (device_with (live, "mac/@address", NIC2_MAC));
  /* its row shows */
  title = title_of ("mac/@address", NIC2_MAC);
  g_assert_true (ui_test_wait_for (row_shown, title, TIMEOUT_MS));
}

static void
test_remove_disk (void)
{
  g_autofree char *path = volume_path ();
  g_autofree char *title = title_of ("source/@volume", VOLUME);
  g_autoptr (VireoDomainConfig) live = NULL;
  g_autoptr (VireoDomainConfig) saved = NULL;
  GtkWidget *remove = shown (window, GTK_TYPE_BUTTON, "_Remove");
  AdwMessageDialog *dialog;
  GtkWidget *check;

  select_item (title);
  g_assert_true (gtk_widget_is_sensitive (remove));
  g_signal_emit_by_name (remove, "clicked");
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = ui_test_find_message_dialog ();
  /* the volume goes too: no other VM uses it */
  check = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  g_assert_true (ui_test_wait_for (widget_sensitive, check, TIMEOUT_MS));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  respond ("remove");

  /* the row is gone, and QEMU no longer has the disk */
  g_assert_true (ui_test_wait_for (row_gone, title, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (applied, NULL, TIMEOUT_MS));
  g_assert_null (shown_error (window));
  g_assert_false (block_has (path));
  saved = raw_config (FALSE);
  live = raw_config (TRUE);
  g_assert_null (device_with (saved, "source/@volume", VOLUME));
  g_assert_null (device_with (live, "source/@volume", VOLUME));
  g_assert_false (pool_has_volume (VOLUME));
}

/* the first NIC's link, with its switch: libvirt's live and persistent XML */
static void
set_link (const char *title, gboolean up)
{
  g_autoptr (VireoDomainConfig) live = NULL;
  g_autoptr (VireoDomainConfig) saved = NULL;
  g_autofree char *live_state = NULL;
  g_autofree char *saved_state = NULL;
  const char *state = up ? "up" : "down";

  select_item (title);
  gtk_switch_set_active (GTK_SWITCH (shown_in_row (window, "Link up", GTK_TYPE_SWITCH)), up);
  press_apply ();
  g_assert_null (shown_error (window));
  live = raw_config (TRUE);
  saved = raw_config (FALSE);
  live_state = vireo_device_get (device_with (live, "mac/@address", NIC_MAC), "link/@state");
  saved_state = vireo_device_get (device_with (saved, "mac/@address", NIC_MAC), "link/@state");
  g_assert_cmpstr (live_state ?: "up", ==, state);
  g_assert_cmpstr (saved_state ?: "up", ==, state);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (shown_in_row (window, "Link up", GTK_TYPE_SWITCH))) == up);
}

static void
test_link_state (void)
{
  g_autofree char *title = title_of ("mac/@address", NIC_MAC);

  set_link (title, FALSE);
  set_link (title, TRUE);
}

static void
test_cdrom_media (void)
{
  g_autofree char *title = title_of ("target/@dev", "hdc");
  g_autoptr (VireoDomainConfig) saved = NULL;
  g_autofree char *source = NULL;

  g_assert_true (block_has (iso1));
  select_item (title);
  type_into (window, "Source path", iso2);
  press_apply ();
  g_assert_null (shown_error (window));
  /* QEMU has the new medium */
  g_assert_false (block_has (iso1));
  g_assert_true (block_has (iso2));
  saved = raw_config (FALSE);
  source = vireo_device_dup_disk_source (device_with (saved, "target/@dev", "hdc"));
  g_assert_cmpstr (source, ==, iso2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (shown (window, ADW_TYPE_ENTRY_ROW, "Source path"))), ==,
                   iso2);
}

/* the USB network adapters QEMU has ("info usb", through QMP) */
static guint
usb_nics (void)
{
  g_autofree char *usb = monitor ("{\"execute\":\"human-monitor-command\","
                                  "\"arguments\":{\"command-line\":\"info usb\"}}");

  return live_count (usb, "QEMU USB Network Interface");
}

static void
test_usb_nic (void)
{
  g_autofree char *title = NULL;
  g_autoptr (VireoDomainConfig) live = NULL;
  g_autoptr (VireoDomainConfig) saved = NULL;
  GtkWidget *wizard = open_add_hardware (VIREO_DEVICE_KIND_INTERFACE);

  g_assert_cmpuint (usb_nics (), ==, 0);
  choose (wizard, "Connection", "Usermode networking");
  choose (wizard, "Device Model", "USB network adapter");
  type_into (wizard, "MAC Address", NIC3_MAC);
  press_finish (wizard);

  /* plugged in while it runs: QEMU has it, libvirt's live XML, its row */
  g_assert_cmpuint (usb_nics (), ==, 1);
  live = raw_config (TRUE);
  g_assert_nonnull (device_with (live, "mac/@address", NIC3_MAC));
  g_clear_object (&live);
  title = title_of ("mac/@address", NIC3_MAC);
  g_assert_true (ui_test_wait_for (row_shown, title, TIMEOUT_MS));

  /* removed while it runs: gone from QEMU, both XMLs and the list */
  select_item (title);
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "_Remove"), "clicked");
  respond ("remove");
  g_assert_true (ui_test_wait_for (row_gone, title, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (applied, NULL, TIMEOUT_MS));
  g_assert_null (shown_error (window));
  g_assert_cmpuint (usb_nics (), ==, 0);
  live = raw_config (TRUE);
  saved = raw_config (FALSE);
  g_assert_null (device_with (live, "mac/@address", NIC3_MAC));
  g_assert_null (device_with (saved, "mac/@address", NIC3_MAC));
}

static void
test_remove_nic_refused (void)
{
  g_autofree char *title = title_of ("mac/@address", NIC2_MAC);
  g_autofree char *saved_before = raw_xml (FALSE);
  g_autofree char *saved_after = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (VireoDomainConfig) live = NULL;
  guint nics = ethernet_controllers ();
  gint64 start;

  g_assert_cmpuint (nics, ==, 2);
  _vireo_domain_edit_set_detach_timeout (DETACH_MS);
  select_item (title);
  g_signal_emit_by_name (shown (window, GTK_TYPE_BUTTON, "_Remove"), "clicked");
  start = g_get_monotonic_time ();
  respond ("remove");

  /* after the bounded wait, the page says the guest did not let it go */
  g_assert_true (ui_test_wait_for (error_shown, NULL, DETACH_MS + TIMEOUT_MS));
  g_test_message ("after %" G_GINT64_FORMAT " ms: %s", (g_get_monotonic_time () - start) / 1000, shown_error (window));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, DETACH_MS * 1000);
  expected = g_strdup_printf ("the guest did not release %s within %u seconds", title, DETACH_MS / 1000);
  g_assert_nonnull (strstr (shown_error (window), expected));
  g_assert_nonnull (strstr (shown_error (window), "shut the virtual machine down"));
  /* on screen, where a person reads it */
  g_assert_true (ui_test_wait_for (error_drawn, NULL, TIMEOUT_MS));
  ui_test_render_check (window, "live-details-refused.png");

  /* the VM keeps the NIC: its row, QEMU's device, libvirt's XML */
  g_assert_true (row_shown (title));
  g_assert_cmpuint (ethernet_controllers (), ==, nics);
  live = raw_config (TRUE);
  g_assert_nonnull (device_with (live, "mac/@address", NIC2_MAC));
  saved_after = raw_xml (FALSE);
  g_assert_cmpstr (saved_after, ==, saved_before);
  g_assert_false (vireo_domain_get_has_pending_changes (domain));
}

static void
define_and_start_guest (void)
{
  g_autofree char *xml = g_markup_printf_escaped (
    "<domain type='%s'>\n"
    "  <name>%s</name>\n"
    "  <memory unit='KiB'>131072</memory>\n"
    "  <vcpu>1</vcpu>\n"
    "  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>\n"
    "  <features><acpi/></features>\n"
    "  <on_poweroff>destroy</on_poweroff>\n"
    "  <devices>\n"
    "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
    "    <controller type='scsi' index='0' model='virtio-scsi'/>\n"
    "    <disk type='file' device='cdrom'>\n"
    "      <source file='%s'/>\n"
    "      <target dev='hdc' bus='ide'/>\n"
    "      <readonly/>\n"
    "    </disk>\n"
    "    <interface type='user'>\n"
    "      <mac address='" NIC_MAC "'/>\n"
    "      <model type='virtio'/>\n"
    "    </interface>\n"
    "    <memballoon model='none'/>\n"
    "  </devices>\n"
    "</domain>\n", live_domain_type (), vm_name, iso1);

  live_define_and_start (raw, xml);
}

static pid_t child_pid;

static void
forward_signal (int signum)
{
  if (child_pid > 0)
    kill (child_pid, signum);
}

/* the parent: waits for the test (the child), then removes what it made,
 * whatever became of it — a failed assertion aborts, a timeout kills */
static int
wait_and_clean_up (void)
{
  struct sigaction action = { 0 };
  int status = 0;

  action.sa_handler = forward_signal;
  sigaction (SIGTERM, &action, NULL);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGHUP, &action, NULL);
  while (waitpid (child_pid, &status, 0) < 0 && errno == EINTR)
    ;
  raw = virConnectOpen (URI);
  remove_everything ();
  if (WIFSIGNALED (status))
    {
      printf ("Bail out! the test was stopped by signal %d (what it made is removed)\n", WTERMSIG (status));
      fflush (stdout);
      return 1;
    }
  return WIFEXITED (status) ? WEXITSTATUS (status) : 1;
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int rc;

  live_test_init (&argc, &argv);
  /* reachable, or the whole program is skipped */
  raw = live_connect_or_skip (URI);
  virConnectClose (raw);
  raw = NULL;

  vm_name = g_strdup_printf ("vireo-live-details-%d", (int) getpid ());
  pool_name = g_strdup (vm_name);
  dir = g_dir_make_tmp ("vireo-live-details-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (dir, 0755);
  pool_dir = g_build_filename (dir, "pool", NULL);
  iso1 = make_file ("one.iso");
  iso2 = make_file ("two.iso");

  fflush (stdout);
  child_pid = fork ();
  g_assert_cmpint (child_pid, >=, 0);
  if (child_pid > 0)
    return wait_and_clean_up ();

  /* the child: the test */
  live_gtk_init_or_skip ();
  vireo_core_init ();
  raw = live_connect_or_skip (URI);
  live_create_pool (raw, pool_name, pool_dir);
  define_and_start_guest ();
  conn = live_connection_open (URI, 60000);

  g_test_add_func ("/live/details/open", test_open);
  g_test_add_func ("/live/details/add-disk", test_add_disk);
  g_test_add_func ("/live/details/add-nic", test_add_nic);
  g_test_add_func ("/live/details/remove-disk", test_remove_disk);
  g_test_add_func ("/live/details/link-state", test_link_state);
  g_test_add_func ("/live/details/cdrom-media", test_cdrom_media);
  g_test_add_func ("/live/details/usb-nic", test_usb_nic);
  g_test_add_func ("/live/details/remove-nic-refused", test_remove_nic_refused);

  rc = g_test_run ();
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  ui_test_spin (50);
  g_clear_object (&domain);
  if (conn != NULL)
    {
      vireo_connection_close (conn);
      g_object_unref (conn);
    }
  virConnectClose (raw);
  raw = NULL;
  return rc;
}
