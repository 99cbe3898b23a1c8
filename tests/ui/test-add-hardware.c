/* test-add-hardware.c — the Add Hardware assistant adds what a person asked for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test-driver host (host-add-hardware.xml) with a shut-off VM. The test
 * drives the assistant's widgets like a person: it picks a kind in the list,
 * fills the rows, presses Finish, and reads the XML libvirt then holds:
 *   - a disk on an existing path is there with its path and bus;
 *   - a disk on a path QEMU cannot open: the reason on the page, nothing added;
 *   - a disk on a new volume: the pool has the volume, the disk points at it;
 *   - a disk on a new volume whose adding then fails (the running VM: the
 *     test driver cannot hot-plug): the reason on the page, the volume is
 *     gone from the pool, libvirt's XML is unchanged;
 *   - a NIC with an invalid MAC is refused with a message on the page and
 *     libvirt's XML is unchanged; with a MAC another VM of the host uses,
 *     likewise; with a good MAC the NIC is there with its network and model;
 *   - the host's PCI device another VM has is marked and refused, a host USB
 *     device is added;
 *   - a new volume's name is one the pool does not have;
 *   - a bus the VM's machine type does not have is refused (its own domain
 *     capabilities, not the host's default machine's);
 *   - closing the assistant while Finish runs waits until it ends: no new
 *     volume is left without its disk.
 *   - a 9p share is added alone; a virtiofs share brings the VM's shared
 *     memory (<memoryBacking>) with it, and a second one leaves that as is.
 */
#define G_LOG_DOMAIN "test-add-hardware"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vireo-add-hardware-wizard.h"
#include "vireo-core.h"
#include "vireo-device-builder.h"
#include "vireo-host-caps.h"
#include "vireo-host-resources.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 20000

static VireoConnection *connection;

static void
xml_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  char **xml = user_data;
  g_autoptr (GError) error = NULL;

  *xml = vireo_domain_get_xml_finish (VIREO_DOMAIN (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* the saved definition libvirt holds */
static char *
libvirt_xml (VireoDomain *domain)
{
  char *xml = NULL;

  vireo_domain_get_xml_async (domain, NULL, xml_cb, &xml);
  g_assert_true (ui_test_wait_for (is_set, &xml, TIMEOUT_MS));
  return xml;
}

/* in @xml, the value at @path of the device of @kind whose @key is @key_value
 * (NULL when there is no such device or value) */
static char *
device_get (const char *xml, VireoDeviceKind kind, const char *key, const char *key_value,
            const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, &error);
  g_autoptr (GPtrArray) devices = NULL;

  g_assert_no_error (error);
  devices = vireo_domain_config_get_devices (config);
  for (guint i = 0; i < devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *found = NULL;

      if (vireo_device_get_kind (device) != kind)
        continue;
      found = vireo_device_get (device, key);
      if (g_strcmp0 (found, key_value) == 0)
        return vireo_device_get (device, path);
    }
  return NULL;
}

static void
volumes_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  *(GPtrArray **) user_data =
      vireo_connection_list_volumes_finish (VIREO_CONNECTION (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
wizard_idle (gpointer data)
{
  return !vireo_add_hardware_wizard_get_busy (data);
}

static gboolean
wizard_failed (gpointer data)
{
  return !vireo_add_hardware_wizard_get_busy (data)
         && vireo_add_hardware_wizard_get_error (data) != NULL;
}

static gboolean
error_shown (gpointer data)
{
  const char *message = vireo_add_hardware_wizard_get_error (data);

  return message != NULL && ui_test_shown_label (data, message) != NULL;
}

static void
added_cb (VireoAddHardwareWizard *wizard, const char *xml, gpointer user_data)
{
  *(char **) user_data = g_strdup (xml);
}

/* a shown widget of @type titled @title */
static GtkWidget *
shown (GtkWidget *root, GType type, const char *title)
{
  GtkWidget *widget = ui_test_find_widget (root, type, title);

  g_assert_nonnull (widget);
  return widget;
}

/* a combo row's choice by its shown text */
static void
choose (GtkWidget *root, const char *row_title, const char *text)
{
  AdwComboRow *row = ADW_COMBO_ROW (shown (root, ADW_TYPE_COMBO_ROW, row_title));
  GListModel *model = adw_combo_row_get_model (row);

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
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
  GtkWidget *row = shown (root, ADW_TYPE_ENTRY_ROW, row_title);

  g_assert_true (gtk_widget_get_mapped (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static GtkWidget *
open_wizard (VireoDomain *domain)
{
  GtkWidget *wizard = vireo_add_hardware_wizard_new (NULL, domain);

  gtk_window_present (GTK_WINDOW (wizard));
  g_assert_true (ui_test_wait_for (wizard_idle, wizard, TIMEOUT_MS));
  return wizard;
}

static void
busy_cb (GObject *wizard, GParamSpec *pspec, gpointer user_data)
{
  if (vireo_add_hardware_wizard_get_busy (VIREO_ADD_HARDWARE_WIZARD (wizard)))
    *(guint *) user_data += 1;
}

static gboolean
counter_reached (gpointer data)
{
  guint *counter = data;

  return counter[0] >= counter[1];
}

/* presses Finish and waits until it has started (a button's activation
 * clicks after a short delay, as a press shows) */
static void
press_finish (GtkWidget *wizard)
{
  GtkWidget *finish = shown (wizard, GTK_TYPE_BUTTON, "_Finish");
  guint counter[2] = { 0, 1 };
  gulong handler = g_signal_connect (wizard, "notify::busy", G_CALLBACK (busy_cb), counter);

  g_assert_true (gtk_widget_is_sensitive (finish));
  gtk_widget_activate (finish);
  g_assert_true (ui_test_wait_for (counter_reached, counter, TIMEOUT_MS));
  g_signal_handler_disconnect (wizard, handler);
}

static void
test_add_disk (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  g_autofree char *added = NULL;
  GtkWidget *wizard = open_wizard (domain);

  g_signal_connect (wizard, "device-added", G_CALLBACK (added_cb), &added);
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &wizard);

  vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard),
                                         VIREO_DEVICE_KIND_DISK);
  choose (wizard, "Source", "Existing file or device");
  type_into (wizard, "Path", "/var/lib/libvirt/images/extra.qcow2");
  choose (wizard, "Bus", "SATA");
  choose (wizard, "Cache Mode", "Write back");
  press_finish (wizard);
  g_assert_true (ui_test_wait_for (is_set, &added, TIMEOUT_MS));

  after = libvirt_xml (domain);
  {
    const char *path = "/var/lib/libvirt/images/extra.qcow2";
    g_autofree char *was = device_get (before, VIREO_DEVICE_KIND_DISK, "source/@file", path, "@type");
    g_autofree char *bus = device_get (after, VIREO_DEVICE_KIND_DISK, "source/@file", path, "target/@bus");
    g_autofree char *dev = device_get (after, VIREO_DEVICE_KIND_DISK, "source/@file", path, "target/@dev");
    g_autofree char *cache = device_get (after, VIREO_DEVICE_KIND_DISK, "source/@file", path, "driver/@cache");
    g_autofree char *kept = device_get (after, VIREO_DEVICE_KIND_DISK, "target/@dev", "vda", "source/@file");

    g_assert_null (was);
    g_assert_cmpstr (bus, ==, "sata");
    g_assert_cmpstr (dev, ==, "sda");
    g_assert_cmpstr (cache, ==, "writeback");
    /* the one that was there is still there */
    g_assert_cmpstr (kept, ==, "/var/lib/libvirt/images/plain.qcow2");
  }

  /* Finish closed the assistant */
  ui_test_spin (50);
  if (wizard != NULL)
    {
      g_assert_false (gtk_widget_get_visible (wizard));
      gtk_window_destroy (GTK_WINDOW (wizard));
    }
}

/* what vireo_image_access_check says of a file QEMU cannot open */
static gboolean
refuse_access (const char *path, gboolean need_write, GError **error)
{
  if (strstr (path, "/home/") == NULL)
    return TRUE;
  g_set_error (error, VIREO_ERROR, VIREO_ERROR_PERMISSION_DENIED,
               "QEMU cannot open “%s”: the folder /home/person is private.", path);
  return FALSE;
}

/* a path QEMU cannot read: the reason on the page, nothing added */
static void
test_disk_access (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  g_autofree char *added = NULL;
  GtkWidget *wizard = open_wizard (domain);

  g_signal_connect (wizard, "device-added", G_CALLBACK (added_cb), &added);
  _vireo_add_hardware_wizard_set_image_access_func (VIREO_ADD_HARDWARE_WIZARD (wizard),
                                                    refuse_access);
  vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard),
                                         VIREO_DEVICE_KIND_DISK);
  choose (wizard, "Source", "Existing file or device");
  type_into (wizard, "Path", "/home/person/disk.qcow2");
  press_finish (wizard);
  g_assert_true (ui_test_wait_for (wizard_failed, wizard, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (error_shown, wizard, TIMEOUT_MS));
  g_assert_nonnull (strstr (vireo_add_hardware_wizard_get_error (VIREO_ADD_HARDWARE_WIZARD (wizard)),
                            "private"));
  g_assert_null (added);
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* the host's devices are listed; a PCI device another VM has says so and is
 * refused; a USB device is added */
static void
test_host_devices (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  g_autofree char *added = NULL;
  g_autofree char *product = NULL;
  GtkWidget *wizard = open_wizard (domain);

  g_signal_connect (wizard, "device-added", G_CALLBACK (added_cb), &added);
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &wizard);

  vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard),
                                         VIREO_DEVICE_KIND_HOSTDEV_PCI);
  choose (wizard, "Host Device",
          "0000:06:12.5 Intel Corporation Audio Controller (used by \u2068other\u2069)");
  press_finish (wizard);
  g_assert_true (ui_test_wait_for (wizard_failed, wizard, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (error_shown, wizard, TIMEOUT_MS));
  g_assert_nonnull (strstr (vireo_add_hardware_wizard_get_error (VIREO_ADD_HARDWARE_WIZARD (wizard)),
                            "other"));
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard),
                                         VIREO_DEVICE_KIND_HOSTDEV_USB);
  choose (wizard, "Host Device", "Logitech, Inc. Unifying Receiver (046d:c52b)");
  press_finish (wizard);
  g_assert_true (ui_test_wait_for (is_set, &added, TIMEOUT_MS));
  after = libvirt_xml (domain);
  product = device_get (after, VIREO_DEVICE_KIND_HOSTDEV_USB, "source/vendor/@id", "0x046d",
                        "source/product/@id");
  g_assert_cmpstr (product, ==, "0xc52b");

  ui_test_spin (50);
  if (wizard != NULL)
    gtk_window_destroy (GTK_WINDOW (wizard));
}

/* a new volume in a pool: created, and the disk points at it */
static void
test_add_new_volume (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *added = NULL;
  g_autofree char *after = NULL;
  g_autofree char *pool = NULL;
  g_autofree char *bus = NULL;
  g_autoptr (GPtrArray) volumes = NULL;
  GtkWidget *wizard = open_wizard (domain);
  gboolean found = FALSE;

  g_signal_connect (wizard, "device-added", G_CALLBACK (added_cb), &added);
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &wizard);

  vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard),
                                         VIREO_DEVICE_KIND_DISK);
  choose (wizard, "Source", "New image in a pool");
  choose (wizard, "Storage Pool", "default");
  type_into (wizard, "Volume Name", "plain-data.qcow2");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (shown (wizard, GTK_TYPE_SPIN_BUTTON, NULL)), 2);
  choose (wizard, "Bus", "SCSI");
  press_finish (wizard);
  g_assert_true (ui_test_wait_for (is_set, &added, TIMEOUT_MS));

  after = libvirt_xml (domain);
  pool = device_get (after, VIREO_DEVICE_KIND_DISK, "source/@volume", "plain-data.qcow2",
                     "source/@pool");
  bus = device_get (after, VIREO_DEVICE_KIND_DISK, "source/@volume", "plain-data.qcow2",
                    "target/@bus");
  g_assert_cmpstr (pool, ==, "default");
  g_assert_cmpstr (bus, ==, "scsi");

  /* the pool has the volume, 2 GiB */
  {
    GPtrArray *list = NULL;

    vireo_connection_list_volumes_async (connection, "default", NULL, volumes_cb, &list);
    g_assert_true (ui_test_wait_for (is_set, &list, TIMEOUT_MS));
    volumes = list;
  }
  for (guint i = 0; i < volumes->len; i++)
    {
      VireoVolumeFacts *facts = g_ptr_array_index (volumes, i);

      if (g_strcmp0 (facts->name, "plain-data.qcow2") == 0)
        {
          g_assert_cmpuint (facts->capacity, ==, 2 * G_GUINT64_CONSTANT (1024 * 1024 * 1024));
          found = TRUE;
        }
    }
  g_assert_true (found);

  ui_test_spin (50);
  if (wizard != NULL)
    gtk_window_destroy (GTK_WINDOW (wizard));
}

/* whether pool "default" has volume @name */
static gboolean
pool_has (const char *name)
{
  g_autoptr (GPtrArray) volumes = NULL;
  GPtrArray *list = NULL;

  vireo_connection_list_volumes_async (connection, "default", NULL, volumes_cb, &list);
  g_assert_true (ui_test_wait_for (is_set, &list, TIMEOUT_MS));
  volumes = list;
  for (guint i = 0; i < volumes->len; i++)
    if (g_strcmp0 (((VireoVolumeFacts *) g_ptr_array_index (volumes, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* the new volume is created, then adding the disk fails: the volume goes */
static void
test_new_volume_failed (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "running");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  g_autofree char *added = NULL;
  GtkWidget *wizard = open_wizard (domain);

  g_signal_connect (wizard, "device-added", G_CALLBACK (added_cb), &added);
  g_assert_false (pool_has ("running-data.qcow2"));

  vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard),
                                         VIREO_DEVICE_KIND_DISK);
  choose (wizard, "Source", "New image in a pool");
  choose (wizard, "Storage Pool", "default");
  type_into (wizard, "Volume Name", "running-data.qcow2");
  press_finish (wizard);
  g_assert_true (ui_test_wait_for (wizard_failed, wizard, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (error_shown, wizard, TIMEOUT_MS));
  g_assert_null (added);

  /* the volume Finish created is gone, the VM is as it was */
  g_assert_false (pool_has ("running-data.qcow2"));
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);

  gtk_window_destroy (GTK_WINDOW (wizard));
}

static void
volume_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = vireo_connection_create_volume_finish (VIREO_CONNECTION (object), result, &error);

  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
volume_deleted_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (vireo_connection_delete_volume_finish (VIREO_CONNECTION (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

typedef struct
{
  GtkWidget  *wizard;
  const char *text;
} EntryWait;

static gboolean
volume_name_is (gpointer data)
{
  EntryWait *wait = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (shown (wait->wizard, ADW_TYPE_ENTRY_ROW, "Volume Name"))),
                    wait->text) == 0;
}

/* the new volume's name is one the pool does not have yet: with
 * "plain-1.qcow2" there, "plain-2.qcow2" is offered */
static void
test_volume_name_free (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  gboolean done = FALSE;
  GtkWidget *wizard;
  EntryWait wait = { NULL, "plain-2.qcow2" };

  g_assert_false (pool_has ("plain-1.qcow2"));
  vireo_connection_create_volume_async (connection, "default", "plain-1.qcow2", 1024 * 1024, "qcow2", NULL,
                                        volume_done_cb, &done);
  g_assert_true (ui_test_wait_for (ui_test_is_true, &done, TIMEOUT_MS));

  wizard = open_wizard (domain);
  vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard), VIREO_DEVICE_KIND_DISK);
  choose (wizard, "Source", "New image in a pool");
  choose (wizard, "Storage Pool", "default");
  wait.wizard = wizard;
  g_assert_true (ui_test_wait_for (volume_name_is, &wait, TIMEOUT_MS));
  gtk_window_destroy (GTK_WINDOW (wizard));

  done = FALSE;
  vireo_connection_delete_volume_async (connection, "default", "plain-1.qcow2", NULL, volume_deleted_cb, &done);
  g_assert_true (ui_test_wait_for (ui_test_is_true, &done, TIMEOUT_MS));
}

/* closing the assistant while Finish adds a disk on a new volume is
 * refused until it ends: the disk is added with its volume, never a
 * volume left without its disk; when the adding fails the volume goes and
 * the window stays with the reason, and closes then */
static void
test_close_while_applying (void)
{
  VireoDomain *plain = ui_test_find_domain (connection, "plain");
  VireoDomain *running = ui_test_find_domain (connection, "running");
  g_autofree char *before = libvirt_xml (running);
  g_autofree char *after = NULL;
  g_autofree char *added = NULL;
  g_autofree char *pool = NULL;
  GtkWidget *wizard = open_wizard (plain);

  g_signal_connect (wizard, "device-added", G_CALLBACK (added_cb), &added);
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &wizard);
  vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard), VIREO_DEVICE_KIND_DISK);
  choose (wizard, "Source", "New image in a pool");
  type_into (wizard, "Volume Name", "plain-closed.qcow2");
  press_finish (wizard);
  /* the person closes the window (its close button, Escape) meanwhile */
  gtk_window_close (GTK_WINDOW (wizard));
  g_assert_nonnull (wizard);
  g_assert_true (gtk_widget_get_visible (wizard));
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (wizard)));
  /* Finish ends: the disk is there with its volume, the window closes */
  g_assert_true (ui_test_wait_for (is_set, &added, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (is_set_null, &wizard, TIMEOUT_MS));
  g_assert_true (pool_has ("plain-closed.qcow2"));
  after = libvirt_xml (plain);
  pool = device_get (after, VIREO_DEVICE_KIND_DISK, "source/@volume", "plain-closed.qcow2", "source/@pool");
  g_assert_cmpstr (pool, ==, "default");
  g_clear_pointer (&after, g_free);
  g_clear_pointer (&added, g_free);

  /* adding fails (the test driver cannot hot-plug into the running VM) */
  wizard = open_wizard (running);
  g_signal_connect (wizard, "device-added", G_CALLBACK (added_cb), &added);
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &wizard);
  vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard), VIREO_DEVICE_KIND_DISK);
  choose (wizard, "Source", "New image in a pool");
  type_into (wizard, "Volume Name", "running-closed.qcow2");
  press_finish (wizard);
  gtk_window_close (GTK_WINDOW (wizard));
  g_assert_nonnull (wizard);
  g_assert_true (ui_test_wait_for (wizard_failed, wizard, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (error_shown, wizard, TIMEOUT_MS));
  g_assert_null (added);
  g_assert_false (pool_has ("running-closed.qcow2"));
  after = libvirt_xml (running);
  g_assert_cmpstr (after, ==, before);
  /* it ended: the window closes now */
  g_assert_true (gtk_window_get_deletable (GTK_WINDOW (wizard)));
  gtk_window_close (GTK_WINDOW (wizard));
  g_assert_true (ui_test_wait_for (is_set_null, &wizard, TIMEOUT_MS));
}

/* the capability check asks about this VM's machine, not the host's
 * default one: a q35 VM's domain capabilities have no IDE bus (libvirt's
 * test driver has none: the override stands in for what libvirt would say
 * for this VM) */
static void
test_vm_caps (void)
{
  static const char q35_caps[] =
      "<domainCapabilities><path>/usr/bin/qemu-system-x86_64</path><domain>kvm</domain>"
      "<machine>pc-q35-7.2</machine><arch>x86_64</arch><devices>"
      "<disk supported='yes'><enum name='diskDevice'><value>disk</value><value>cdrom</value></enum>"
      "<enum name='bus'><value>fdc</value><value>scsi</value><value>virtio</value><value>usb</value>"
      "<value>sata</value></enum></disk></devices></domainCapabilities>";
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  g_autofree char *added = NULL;
  GtkWidget *wizard;
  const char *message;

  vireo_connection_set_domain_caps_override (connection, q35_caps);
  wizard = open_wizard (domain);
  g_signal_connect (wizard, "device-added", G_CALLBACK (added_cb), &added);
  vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard), VIREO_DEVICE_KIND_DISK);
  choose (wizard, "Source", "Existing file or device");
  type_into (wizard, "Path", "/var/lib/libvirt/images/ide.qcow2");
  choose (wizard, "Bus", "IDE");
  press_finish (wizard);
  g_assert_true (ui_test_wait_for (wizard_idle, wizard, TIMEOUT_MS));
  g_assert_null (added);
  g_assert_true (ui_test_wait_for (wizard_failed, wizard, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (error_shown, wizard, TIMEOUT_MS));
  message = vireo_add_hardware_wizard_get_error (VIREO_ADD_HARDWARE_WIZARD (wizard));
  g_assert_nonnull (strstr (message, "“ide” bus"));
  g_assert_null (added);
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);

  gtk_window_destroy (GTK_WINDOW (wizard));
  vireo_connection_set_domain_caps_override (connection, NULL);
}

static void
test_add_nic (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  g_autofree char *added = NULL;
  GtkWidget *wizard = open_wizard (domain);

  g_signal_connect (wizard, "device-added", G_CALLBACK (added_cb), &added);
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &wizard);

  vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard),
                                         VIREO_DEVICE_KIND_INTERFACE);
  /* a MAC a person mistyped: refused on the page, nothing added */
  type_into (wizard, "MAC Address", "52:54:00:12:34:5g");
  press_finish (wizard);
  g_assert_true (ui_test_wait_for (wizard_failed, wizard, TIMEOUT_MS));
  g_assert_null (added);
  {
    const char *message = vireo_add_hardware_wizard_get_error (VIREO_ADD_HARDWARE_WIZARD (wizard));
    /* on the page, where a person sees it */
    g_assert_true (ui_test_wait_for (error_shown, wizard, TIMEOUT_MS));
    g_assert_nonnull (strstr (message, "MAC"));
  }
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* a MAC another VM of the host has: refused, nothing added */
  type_into (wizard, "MAC Address", "52:54:00:aa:bb:03");
  press_finish (wizard);
  g_assert_true (ui_test_wait_for (wizard_idle, wizard, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (wizard_failed, wizard, TIMEOUT_MS));
  {
    const char *message = vireo_add_hardware_wizard_get_error (VIREO_ADD_HARDWARE_WIZARD (wizard));

    if (strstr (message, "other") == NULL)
      g_error ("not about the VM with the MAC: %s", message);
  }
  g_assert_null (added);
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* a good one */
  choose (wizard, "Device Model", "e1000e");
  type_into (wizard, "MAC Address", "52:54:00:12:34:56");
  press_finish (wizard);
  g_assert_true (ui_test_wait_for (is_set, &added, TIMEOUT_MS));

  after = libvirt_xml (domain);
  {
    const char *mac = "52:54:00:12:34:56";
    g_autofree char *model = device_get (after, VIREO_DEVICE_KIND_INTERFACE, "mac/@address", mac, "model/@type");
    g_autofree char *network = device_get (after, VIREO_DEVICE_KIND_INTERFACE, "mac/@address", mac, "source/@network");

    g_assert_cmpstr (model, ==, "e1000e");
    g_assert_cmpstr (network, ==, "default");
  }

  ui_test_spin (50);
  if (wizard != NULL)
    gtk_window_destroy (GTK_WINDOW (wizard));
}

/* the text of @xml's <memoryBacking> element (NULL when there is none); its
 * count in *n */
static char *
memory_backing (const char *xml, guint *n)
{
  const char *start = strstr (xml, "<memoryBacking");
  const char *end = start != NULL ? strstr (start, "</memoryBacking>") : NULL;

  *n = 0;
  for (const char *p = xml; (p = strstr (p, "<memoryBacking")) != NULL; p++)
    *n += 1;
  return end != NULL ? g_strndup (start, end - start) : NULL;
}

/* adds a shared folder of @driver (its label in the Type row) */
static void
add_share (VireoDomain *domain, const char *driver, const char *folder, const char *tag)
{
  g_autofree char *added = NULL;
  GtkWidget *wizard = open_wizard (domain);

  g_signal_connect (wizard, "device-added", G_CALLBACK (added_cb), &added);
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &wizard);
  vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard),
                                         VIREO_DEVICE_KIND_FILESYSTEM);
  choose (wizard, "Type", driver);
  type_into (wizard, "Shared Folder", folder);
  type_into (wizard, "Mount Tag", tag);
  press_finish (wizard);
  g_assert_true (ui_test_wait_for (is_set, &added, TIMEOUT_MS));
  ui_test_spin (50);
  if (wizard != NULL)
    gtk_window_destroy (GTK_WINDOW (wizard));
}

/* a 9p share needs nothing more; a virtiofs share turns on the VM's shared
 * memory in the same apply, and a second one leaves it as it is */
static void
test_add_shares (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *xml = NULL;
  g_autofree char *backing = NULL;
  g_autofree char *backing_again = NULL;
  g_autofree char *driver = NULL;
  guint n = 0;

  xml = libvirt_xml (domain);
  g_assert_null (memory_backing (xml, &n));
  g_clear_pointer (&xml, g_free);

  add_share (domain, "9p (needs nothing more)", "/srv/nine", "nine");
  xml = libvirt_xml (domain);
  driver = device_get (xml, VIREO_DEVICE_KIND_FILESYSTEM, "target/@dir", "nine", "source/@dir");
  g_assert_cmpstr (driver, ==, "/srv/nine");
  g_assert_null (memory_backing (xml, &n));
  g_clear_pointer (&driver, g_free);
  g_clear_pointer (&xml, g_free);

  add_share (domain, "virtiofs (turns on shared memory)", "/srv/fs", "fs");
  xml = libvirt_xml (domain);
  driver = device_get (xml, VIREO_DEVICE_KIND_FILESYSTEM, "target/@dir", "fs", "driver/@type");
  g_assert_cmpstr (driver, ==, "virtiofs");
  backing = memory_backing (xml, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_nonnull (strstr (backing, "<source type='memfd'/>"));
  g_assert_nonnull (strstr (backing, "<access mode='shared'/>"));
  g_clear_pointer (&driver, g_free);
  g_clear_pointer (&xml, g_free);

  /* the VM has shared memory now: a second share changes nothing of it */
  add_share (domain, "virtiofs (turns on shared memory)", "/srv/fs2", "fs2");
  xml = libvirt_xml (domain);
  driver = device_get (xml, VIREO_DEVICE_KIND_FILESYSTEM, "target/@dir", "fs2", "driver/@type");
  g_assert_cmpstr (driver, ==, "virtiofs");
  backing_again = memory_backing (xml, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (backing_again, ==, backing);
}

/* every kind's page shows, with its defaults, and nothing is added on Cancel */
static void
test_every_kind_cancel (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  GtkWidget *wizard = open_wizard (domain);
  guint n_kinds = 0;
  const VireoDeviceKindInfo *kinds = vireo_device_builder_get_kinds (&n_kinds);

  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &wizard);
  for (guint i = 0; i < n_kinds; i++)
    {
      vireo_add_hardware_wizard_select_kind (VIREO_ADD_HARDWARE_WIZARD (wizard), kinds[i].kind);
      ui_test_spin (10);
      g_assert_null (vireo_add_hardware_wizard_get_error (VIREO_ADD_HARDWARE_WIZARD (wizard)));
      /* the kind's name is in the list */
      g_assert_nonnull (ui_test_shown_label (wizard, kinds[i].name));
      if (kinds[i].kind == VIREO_DEVICE_KIND_DISK || kinds[i].kind == VIREO_DEVICE_KIND_INTERFACE
          || kinds[i].kind == VIREO_DEVICE_KIND_WATCHDOG)
        {
          g_autofree char *name = g_strdup_printf ("add-hardware-%u", kinds[i].kind);

          ui_test_render_check (wizard, name);
        }
    }
  gtk_widget_activate (shown (wizard, GTK_TYPE_BUTTON, "_Cancel"));
  g_assert_true (ui_test_wait_for (is_set_null, &wizard, TIMEOUT_MS));
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
}

int
main (int argc, char *argv[])
{
  g_autofree char *uri = NULL;
  int status;

  ui_test_app_init (&argc, &argv);
  vireo_core_init ();

  uri = g_strdup_printf ("test://%s/host-add-hardware.xml", UI_TESTS_DIR);
  connection = vireo_connection_new (uri);
  ui_test_connection_open (connection, TIMEOUT_MS);

  g_test_add_func ("/add-hardware/every-kind-cancel", test_every_kind_cancel);
  g_test_add_func ("/add-hardware/disk", test_add_disk);
  g_test_add_func ("/add-hardware/disk-access", test_disk_access);
  g_test_add_func ("/add-hardware/new-volume", test_add_new_volume);
  g_test_add_func ("/add-hardware/new-volume-failed", test_new_volume_failed);
  g_test_add_func ("/add-hardware/nic", test_add_nic);
  g_test_add_func ("/add-hardware/host-devices", test_host_devices);
  g_test_add_func ("/add-hardware/volume-name-free", test_volume_name_free);
  g_test_add_func ("/add-hardware/close-while-applying", test_close_while_applying);
  g_test_add_func ("/add-hardware/vm-caps", test_vm_caps);
  g_test_add_func ("/add-hardware/shares", test_add_shares);
  status = g_test_run ();

  g_clear_object (&connection);
  return status;
}
