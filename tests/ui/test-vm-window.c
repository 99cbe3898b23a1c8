/* test-vm-window.c — the VM window shows and edits what libvirt holds
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test:///default through Vireo's core; a second libvirt connection made by
 * the test (as virsh would; the default test driver is shared in-process)
 * checks the XML and undefines a VM while its window is open.
 */
#define G_LOG_DOMAIN "test-vm-window"

#include "config.h"

#include <adwaita.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vireo-list-row.h"
#include "vireo-vm-window.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 20000
#define DOOMED_NAME "<b>&amp;\"'doomed ünïcødé"

static VireoConnection *connection;
static virConnectPtr virsh;

/* -- helpers ----------------------------------------------------------- */

static VireoDomain *
find_domain (const char *name)
{
  return ui_test_find_domain (connection, name);
}

static gboolean
domain_listed (gpointer name)
{
  return find_domain (name) != NULL;
}

/* a mapped widget of the type *@data */
static gboolean
mapped_of_type (GtkWidget *widget, gconstpointer data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) data) && gtk_widget_get_mapped (widget);
}

/* the mapped widget of @type (pages of a stack that are not shown do not count) */
static GtkWidget *
find_mapped_widget (GtkWidget *root, GType type)
{
  return ui_test_find_match (root, mapped_of_type, &type);
}

static void
last_label (GtkWidget *root, GtkWidget **out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        *out = child;
      last_label (child, out);
    }
}

/* the value a person reads beside the row titled @title */
static const char *
row_value (GtkWidget *window, const char *title)
{
  GtkWidget *row = ui_test_find_widget (window, ADW_TYPE_ACTION_ROW, title);
  GtkWidget *label = NULL;

  g_assert_nonnull (row);
  last_label (row, &label); /* suffixes come after the title box */
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

/* -- tests ------------------------------------------------------------- */

typedef struct
{
  VireoDomain *domain;
  const char  *title;
} TitleWait;

static gboolean
title_is (gpointer data)
{
  const TitleWait *wait = data;

  return g_strcmp0 (vireo_domain_get_title (wait->domain), wait->title) == 0;
}

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
  return *(gpointer *) data != NULL;
}

static gboolean
autostart_on (gpointer data)
{
  return vireo_domain_get_autostart (VIREO_DOMAIN (data));
}

static gboolean
autostart_off (gpointer data)
{
  return !vireo_domain_get_autostart (VIREO_DOMAIN (data));
}

static void
test_overview (void)
{
  VireoDomain *domain = find_domain ("test");
  GtkWidget *window;
  GtkWidget *title_row;
  virDomainPtr handle;
  char uuid[VIR_UUID_STRING_BUFLEN];
  g_autofree char *xml = NULL;
  g_autofree char *libvirt_title = NULL;
  TitleWait wait_data = { NULL, NULL };

  g_assert_nonnull (domain);
  handle = virDomainLookupByName (virsh, "test");
  g_assert_nonnull (handle);
  g_assert_cmpint (virDomainGetUUIDString (handle, uuid), ==, 0);

  window = vireo_vm_window_new (NULL, domain);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_spin (300);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "test");
  g_assert_cmpstr (row_value (window, "Name"), ==, "test");
  g_assert_cmpstr (row_value (window, "UUID"), ==, uuid);
  g_assert_cmpstr (row_value (window, "State"), ==, "Running");
  g_assert_cmpstr (row_value (window, "Hypervisor"), ==, "Test driver");
  g_assert_cmpstr (row_value (window, "Virtual CPUs"), ==, "2");
  g_assert_cmpstr (row_value (window, "Operating system"), ==, "Unknown");
  ui_test_render_check (window, "vm-window.png");

  /* the person types a title and presses the row's apply button */
  title_row = ui_test_find_widget (window, ADW_TYPE_ENTRY_ROW, "_Title");
  g_assert_nonnull (title_row);
  g_assert_true (gtk_widget_is_sensitive (title_row));
  gtk_editable_set_text (GTK_EDITABLE (title_row), "NEW title ünï");
  g_signal_emit_by_name (title_row, "apply");

  wait_data.domain = domain;
  wait_data.title = "NEW title ünï";
  g_assert_true (ui_test_wait_for (title_is, &wait_data, TIMEOUT_MS));

  /* what libvirt now holds */
  vireo_domain_get_xml_async (domain, NULL, xml_cb, &xml);
  g_assert_true (ui_test_wait_for (is_set, &xml, TIMEOUT_MS));
  g_assert_nonnull (strstr (xml, "<title>NEW title ünï</title>"));
  libvirt_title =
      virDomainGetMetadata (handle, VIR_DOMAIN_METADATA_TITLE, NULL, VIR_DOMAIN_AFFECT_LIVE);
  g_assert_cmpstr (libvirt_title, ==, "NEW title ünï");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title_row)), ==, "NEW title ünï");

  /* a change made outside Vireo shows up in the field */
  g_assert_cmpint (virDomainSuspend (handle), ==, 0);
  g_assert_true (ui_test_wait_for (ui_test_domain_is_paused, domain, TIMEOUT_MS));
  g_assert_cmpstr (row_value (window, "State"), ==, "Paused");
  g_assert_cmpint (virDomainResume (handle), ==, 0);
  g_assert_true (ui_test_wait_for (ui_test_domain_is_running, domain, TIMEOUT_MS));
  g_assert_cmpstr (row_value (window, "State"), ==, "Running");

  /* the autostart switch reaches libvirt, both ways */
  {
    GtkWidget *autostart = ui_test_find_widget (window, GTK_TYPE_SWITCH, NULL);
    int value = -1;

    g_assert_nonnull (autostart);
    g_assert_false (gtk_switch_get_active (GTK_SWITCH (autostart)));
    g_assert_true (gtk_widget_is_sensitive (autostart));
    gtk_switch_set_active (GTK_SWITCH (autostart), TRUE);
    g_assert_true (ui_test_wait_for (autostart_on, domain, TIMEOUT_MS));
    g_assert_cmpint (virDomainGetAutostart (handle, &value), ==, 0);
    g_assert_cmpint (value, ==, 1);
    gtk_switch_set_active (GTK_SWITCH (autostart), FALSE);
    g_assert_true (ui_test_wait_for (autostart_off, domain, TIMEOUT_MS));
    g_assert_cmpint (virDomainGetAutostart (handle, &value), ==, 0);
    g_assert_cmpint (value, ==, 0);
  }
  virDomainFree (handle);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* a label showing @text in @root that a person sees (mapped, with a size) */
static GtkWidget *
find_shown_label (GtkWidget *root, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          gtk_widget_get_width (child) > 0 &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return child;
      found = find_shown_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* the header says which VM this is, and on which host (issue 10, #19) */
static void
test_header (void)
{
  VireoDomain *domain = find_domain ("test");
  GtkWidget *window, *header, *title, *host, *page_switcher;

  g_assert_nonnull (domain);
  window = vireo_vm_window_new (NULL, domain);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 760);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_drawn (window);

  header = ui_test_find_widget (window, ADW_TYPE_HEADER_BAR, NULL);
  g_assert_nonnull (header);
  ui_test_wait_drawn (header);
  title = find_shown_label (header, "test");
  g_assert_nonnull (title);
  host = find_shown_label (header, vireo_list_row_connection_label (connection));
  g_assert_nonnull (host);
  g_assert_true (gtk_widget_get_child_visible (title));

  /* the pages are still one click away */
  page_switcher = ui_test_find_widget (window, ADW_TYPE_VIEW_SWITCHER, NULL);
  g_assert_nonnull (page_switcher);
  g_assert_true (gtk_widget_get_mapped (page_switcher));
  g_assert_nonnull (find_shown_label (page_switcher, "Overview"));
  g_assert_nonnull (find_shown_label (page_switcher, "Console"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* -- the operating system a VM was made for (issue 10, #4) ---------------- */

#define OS_VM_NAME "made-for-debian"
#define DEBIAN11_ID "http://debian.org/debian/11"

static gboolean
os_shown (gpointer data)
{
  GtkWidget *window = ((gpointer *) data)[0];
  const char *const *accepted = ((gpointer *) data)[1];

  return g_strv_contains (accepted, row_value (window, "Operating system"));
}

static void
test_os_name (void)
{
  /* a VM defined after the connection listed its VMs, as the New Virtual
   * Machine assistant defines one, with the libosinfo id it was made for */
  static const char xml[] = "<domain type='test'><name>" OS_VM_NAME "</name><memory>65536</memory>"
                            "<metadata><libosinfo:libosinfo "
                            "xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>"
                            "<libosinfo:os id='" DEBIAN11_ID "'/></libosinfo:libosinfo></metadata>"
                            "<os><type>hvm</type></os></domain>";
  const char *either[] = { "debian11", "Debian 11", NULL };
  g_autofree char *db_name = NULL;
  virDomainPtr handle;
  VireoDomain *domain;
  GtkWidget *window;
  gpointer wait_data[2];

  handle = virDomainDefineXML (virsh, xml);
  g_assert_nonnull (handle);
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) OS_VM_NAME, TIMEOUT_MS));
  domain = find_domain (OS_VM_NAME);
  g_assert_cmpstr (vireo_domain_get_os_id (domain), ==, DEBIAN11_ID);

  window = vireo_vm_window_new (NULL, domain);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_drawn (window);

  /* at once: the OS's name, or its short id while the OS database loads */
  wait_data[0] = window;
  wait_data[1] = either;
  g_assert_cmpstr (row_value (window, "Operating system"), !=, "Unknown");
  g_assert_true (ui_test_wait_for (os_shown, wait_data, TIMEOUT_MS));

  /* then the name the OS database gives it, when the database knows it */
  db_name = vireo_os_name_for_id (DEBIAN11_ID);
  if (db_name != NULL)
    {
      const char *exact[] = { db_name, NULL };

      wait_data[1] = exact;
      g_assert_true (ui_test_wait_for (os_shown, wait_data, TIMEOUT_MS));
    }
  g_test_message ("Operating system: %s", row_value (window, "Operating system"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_cmpint (virDomainUndefine (handle), ==, 0);
  virDomainFree (handle);
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_removed (void)
{
  g_autofree char *xml = NULL;
  virDomainPtr handle;
  VireoDomain *domain;
  GtkWidget *window;
  GtkWidget *status;
  g_autofree char *expected = NULL;

  xml = g_markup_printf_escaped ("<domain type='test'><name>%s</name><memory>65536</memory>"
                                 "<os><type>hvm</type></os></domain>",
                                 DOOMED_NAME);
  handle = virDomainDefineXML (virsh, xml);
  g_assert_nonnull (handle);
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) DOOMED_NAME, TIMEOUT_MS));
  domain = find_domain (DOOMED_NAME);

  window = vireo_vm_window_new (NULL, domain);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_spin (300);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, DOOMED_NAME);
  g_assert_cmpstr (row_value (window, "Name"), ==, DOOMED_NAME);

  /* virsh undefine while the window is open */
  g_assert_cmpint (virDomainUndefine (handle), ==, 0);
  virDomainFree (handle);
  g_assert_true (ui_test_wait_for ((UiTestCondition) vireo_domain_get_removed, domain, TIMEOUT_MS));
  ui_test_spin (300);

  g_assert_nonnull (window);
  status = find_mapped_widget (window, ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  /* the name is isolated (U+2068 … U+2069) in the sentence */
  expected = g_strdup_printf ("“\u2068%s\u2069” no longer exists", DOOMED_NAME);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, expected);
  ui_test_render_check (window, "vm-window-removed.png");

  /* it closes by itself, with no critical on the way (fatal here) */
  g_assert_true (ui_test_wait_for (window_gone, &window, TIMEOUT_MS));
}

/* -- Delete in the VM window (issue 10, #5) ------------------------------- */

#define DELETED_NAME "deleted-in-vireo"

typedef struct
{
  GtkWidget *window;
  char *outside; /* what a status page said, if it blamed someone else */
} DeleteWatch;

/* the window is gone; meanwhile no page may say it was deleted elsewhere */
static gboolean
deleted_window_gone (gpointer data)
{
  DeleteWatch *watch = data;
  GtkWidget *status;

  if (watch->window == NULL)
    return TRUE;
  status = find_mapped_widget (watch->window, ADW_TYPE_STATUS_PAGE);
  if (status != NULL && watch->outside == NULL)
    {
      const char *text = adw_status_page_get_description (ADW_STATUS_PAGE (status));

      if (text != NULL && strstr (text, "outside Vireo") != NULL)
        watch->outside = g_strdup (text);
    }
  return FALSE;
}

static void
test_delete_in_window (void)
{
  static const char xml[] = "<domain type='test'><name>" DELETED_NAME "</name>"
                            "<memory>65536</memory><os><type>hvm</type></os></domain>";
  DeleteWatch watch = { NULL, NULL };
  virDomainPtr handle;
  GtkWidget *dialog;

  handle = virDomainDefineXML (virsh, xml);
  g_assert_nonnull (handle);
  virDomainFree (handle);
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) DELETED_NAME, TIMEOUT_MS));

  watch.window = vireo_vm_window_new (NULL, find_domain (DELETED_NAME));
  g_object_add_weak_pointer (G_OBJECT (watch.window), (gpointer *) &watch.window);
  gtk_window_present (GTK_WINDOW (watch.window));
  ui_test_wait_drawn (watch.window);

  /* the ⋮ menu's Delete…, then the confirmation's Delete */
  g_assert_true (gtk_widget_activate_action (watch.window, "domain.delete", NULL));
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = GTK_WIDGET (ui_test_find_message_dialog ());
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Delete “" DELETED_NAME "”?");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "confirm");

  /* the window closes, and never said the VM was deleted outside Vireo */
  g_assert_true (ui_test_wait_for (deleted_window_gone, &watch, TIMEOUT_MS));
  g_assert_cmpstr (watch.outside, ==, NULL);
  g_assert_null (find_domain (DELETED_NAME));
  handle = virDomainLookupByName (virsh, DELETED_NAME);
  g_assert_null (handle);
}

/* -- the window's size is remembered (issue 10, #15) ----------------------- */

static gboolean
window_is_size (gpointer data)
{
  GtkWidget *window = ((gpointer *) data)[0];
  int *size = ((gpointer *) data)[1];

  return gtk_widget_get_mapped (window) && gtk_widget_get_width (window) == size[0] &&
         gtk_widget_get_height (window) == size[1];
}

static gboolean
window_resized (gpointer data)
{
  GtkWidget *window = ((gpointer *) data)[0];
  int *size = ((gpointer *) data)[1];

  return gtk_widget_get_width (window) != size[0] && gtk_widget_get_height (window) != size[1];
}

static GtkWidget *
open_test_window (void)
{
  GtkWidget *window = vireo_vm_window_new (NULL, find_domain ("test"));

  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_drawn (window);
  return window;
}

static void
test_size_remembered (void)
{
  g_autoptr (GSettings) settings = NULL;
  int size[2];
  gpointer wait_data[2] = { NULL, size };
  GtkWidget *window;

  /* a first window, made smaller by the person, then closed */
  window = open_test_window ();
  size[0] = gtk_widget_get_width (window);
  size[1] = gtk_widget_get_height (window);
  gtk_window_set_default_size (GTK_WINDOW (window), size[0] - 120, size[1] - 160);
  wait_data[0] = window;
  g_assert_true (ui_test_wait_for (window_resized, wait_data, TIMEOUT_MS));
  ui_test_wait_drawn (window);
  size[0] = gtk_widget_get_width (window);
  size[1] = gtk_widget_get_height (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (ui_test_wait_for (window_gone, &window, TIMEOUT_MS));

  /* the next one opens at that size, not maximized */
  window = open_test_window ();
  wait_data[0] = window;
  g_assert_true (ui_test_wait_for (window_is_size, wait_data, TIMEOUT_MS));
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (ui_test_wait_for (window_gone, &window, TIMEOUT_MS));

  /* the next tests open windows at the usual size */
  settings = g_settings_new ("org.vireo.Vireo");
  g_settings_reset (settings, "vm-window-width");
  g_settings_reset (settings, "vm-window-height");
  g_settings_reset (settings, "vm-window-maximized");
}

static gboolean
domain_unavailable (gpointer data)
{
  return !vireo_domain_get_available (VIREO_DOMAIN (data));
}

static void
test_connection_lost (void)
{
  VireoDomain *domain = find_domain ("test");
  GtkWidget *window;
  GtkWidget *revealer;
  GtkWidget *label = NULL;
  GtkWidget *title_row;

  g_assert_nonnull (domain);
  window = vireo_vm_window_new (NULL, domain);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_spin (300);

  /* the bar that says the connection is lost (an info bar in a revealer) */
  revealer = gtk_widget_get_ancestor (ui_test_find_widget (window, GTK_TYPE_INFO_BAR, NULL),
                                      GTK_TYPE_REVEALER);
  g_assert_nonnull (revealer);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  title_row = ui_test_find_widget (window, ADW_TYPE_ENTRY_ROW, "_Title");
  g_assert_true (gtk_widget_is_sensitive (title_row));

  vireo_connection_close (connection);
  g_assert_true (ui_test_wait_for (domain_unavailable, domain, TIMEOUT_MS));
  ui_test_spin (500);

  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  last_label (revealer, &label);
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "is lost"));
  g_assert_false (gtk_widget_is_sensitive (title_row));
  /* the window stays */
  g_assert_true (gtk_widget_get_visible (window));
  ui_test_render_check (window, "vm-window-lost.png");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
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

  g_test_add_func ("/vm-window/overview", test_overview);
  g_test_add_func ("/vm-window/header", test_header);
  g_test_add_func ("/vm-window/os-name", test_os_name);
  g_test_add_func ("/vm-window/removed", test_removed);
  g_test_add_func ("/vm-window/delete-in-window", test_delete_in_window);
  g_test_add_func ("/vm-window/size-remembered", test_size_remembered);
  g_test_add_func ("/vm-window/connection-lost", test_connection_lost);

  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  virConnectClose (virsh);

  return ret;
}
