/* test-details-xml.c — the Details pages' XML tab and the whole VM's XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test-driver host (host-details-xml.xml): a shut-off VM "plain" with a
 * NIC, and a running VM "running". The test opens a VM window's Details
 * view like a person: it selects a row of the hardware list, clicks the
 * page's "XML" tab, edits the text and presses Apply; what changed is read
 * back from the XML libvirt holds, which must differ from the XML before by
 * exactly the edit, or not at all when the edit is refused (with a message
 * on the page).
 */
#define G_LOG_DOMAIN "test-details-xml"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vireo-details-row.h"
#include "vireo-details-view.h"
#include "vireo-details-xml-view.h"
#include "vireo-domain-config.h"
#include "vireo-domain-edit.h"
#include "vireo-vm-window.h"

#define TIMEOUT_MS 20000

#include "details-test-util.h"

static VireoConnection *connection;

/* -- helpers ----------------------------------------------------------- */

static void
config_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VireoDomainConfig **config = user_data;
  g_autoptr (GError) error = NULL;

  *config = vireo_domain_get_config_finish (VIREO_DOMAIN (object), result, &error);
  g_assert_no_error (error);
}

/* the definition libvirt keeps for the VM's next start */
static char *
persistent_xml (VireoDomain *domain)
{
  g_autoptr (VireoDomainConfig) config = NULL;

  vireo_domain_get_config_async (domain, FALSE, NULL, config_cb, &config);
  g_assert_true (ui_test_wait_for (is_set, &config, TIMEOUT_MS));
  return vireo_domain_config_to_xml (config);
}

static gboolean
is_row (GtkWidget *widget, gconstpointer data)
{
  return VIREO_IS_DETAILS_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (vireo_details_row_get_title (VIREO_DETAILS_ROW (widget)), data) == 0;
}

static GtkWidget *
row (GtkWidget *window, const char *title)
{
  GtkWidget *found = ui_test_find_match (window, is_row, title);

  if (found == NULL)
    g_error ("no row “%s” in the hardware list", title);
  return found;
}

static GtkWidget *
hardware_list (GtkWidget *window)
{
  return gtk_widget_get_parent (row (window, "CPUs"));
}

static gboolean
is_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static GtkWidget *
button (GtkWidget *window, const char *label)
{
  GtkWidget *found = ui_test_find_match (window, is_button, label);

  if (found == NULL)
    g_error ("no button “%s” on screen", label);
  return found;
}

/* the page switcher's toggle button that shows @title */
static gboolean
is_tab (GtkWidget *widget, gconstpointer data)
{
  GtkWidget *label;

  if (!GTK_IS_TOGGLE_BUTTON (widget) || !gtk_widget_get_mapped (widget) ||
      !GTK_IS_STACK_SWITCHER (gtk_widget_get_parent (widget)))
    return FALSE;
  label = ui_test_find_widget (widget, GTK_TYPE_LABEL, NULL);
  return label != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), data) == 0;
}

static GtkWidget *
tab (GtkWidget *window, const char *title)
{
  return ui_test_find_match (window, is_tab, title);
}

static gboolean
is_text_view (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_TEXT_VIEW (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
text_view_shown (gpointer data)
{
  return ui_test_find_match (data, is_text_view, NULL) != NULL;
}

/* the XML text on screen */
static GtkTextView *
xml_text_view (GtkWidget *window)
{
  GtkWidget *view = ui_test_find_match (window, is_text_view, NULL);

  g_assert_nonnull (view);
  return GTK_TEXT_VIEW (view);
}

static char *
xml_text (GtkWidget *window)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (xml_text_view (window));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* what a person does by selecting all and pasting @text */
static void
paste_xml (GtkWidget *window, const char *text)
{
  GtkTextView *view = xml_text_view (window);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  g_assert_true (gtk_text_view_get_editable (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_delete_interactive (buffer, &start, &end, TRUE);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert_interactive (buffer, &start, text, -1, TRUE);
}

/* the shown XML with @from replaced by @to, pasted back */
static void
edit_xml (GtkWidget *window, const char *from, const char *to)
{
  g_autofree char *text = xml_text (window);
  g_autofree char *edited = replaced (text, from, to);

  paste_xml (window, edited);
}

typedef struct
{
  GtkWidget  *window;
  const char *title;
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *wait = data;
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (GTK_LIST_BOX (hardware_list (wait->window)));

  return selected != NULL &&
         g_strcmp0 (vireo_details_row_get_title (VIREO_DETAILS_ROW (selected)), wait->title) == 0;
}

/* clicks the hardware list's row @title, as a person would */
static void
select_item (GtkWidget *window, const char *title)
{
  RowWait wait = { window, title };

  gtk_list_box_select_row (GTK_LIST_BOX (hardware_list (window)), GTK_LIST_BOX_ROW (row (window, title)));
  g_assert_true (ui_test_wait_for (row_shown, &wait, TIMEOUT_MS));
}

/* the row @title, on its XML tab */
static void
select_xml_tab (GtkWidget *window, const char *title)
{
  GtkWidget *xml_tab;

  select_item (window, title);
  g_assert_false (text_view_shown (window));
  xml_tab = tab (window, "XML");
  g_assert_nonnull (xml_tab);
  /* reachable with the keyboard */
  g_assert_true (gtk_widget_get_focusable (xml_tab));
  gtk_widget_activate (xml_tab);
  g_assert_true (ui_test_wait_for (text_view_shown, window, TIMEOUT_MS));
}

static gboolean
settled (gpointer data)
{
  GtkWidget *window = data;

  /* the list is back: the apply is over (done, or refused with a message) */
  return gtk_widget_is_sensitive (hardware_list (window));
}

/* presses Apply, which the edit made sensitive, and waits until it is done */
static void
press_apply (GtkWidget *window)
{
  GtkWidget *apply = button (window, "_Apply");

  g_assert_true (gtk_widget_is_sensitive (apply));
  g_signal_emit_by_name (apply, "clicked");
  g_assert_true (ui_test_wait_for (settled, window, TIMEOUT_MS));
}

/* Apply, refused: the page says why (containing @reason) and keeps the edit */
static void
assert_refused (GtkWidget *window, const char *reason)
{
  press_apply (window);
  g_assert_nonnull (shown_error (window));
  if (strstr (shown_error (window), reason) == NULL)
    g_error ("the page says “%s”, not why: “%s”", shown_error (window), reason);
  g_assert_true (gtk_widget_is_sensitive (button (window, "_Apply")));
}

static void
press_revert (GtkWidget *window)
{
  g_signal_emit_by_name (button (window, "Re_vert"), "clicked");
  g_assert_null (shown_error (window));
  g_assert_false (gtk_widget_is_sensitive (button (window, "_Apply")));
}

static char *
nic_title (VireoDomain *domain, const char *id)
{
  g_autofree char *xml = libvirt_xml (domain);
  g_autoptr (VireoDomainConfig) config = vireo_domain_config_new_from_xml (xml, NULL);

  g_assert_nonnull (config);
  g_assert_nonnull (vireo_domain_config_find_device (config, id));
  return vireo_device_dup_title (vireo_domain_config_find_device (config, id));
}

/* -- tests ------------------------------------------------------------- */

/* a NIC's model through its XML tab: in libvirt's XML, and nothing else */
static void
test_device_xml (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *expected = replaced (before, "<model type='e1000e'/>", "<model type='virtio'/>");
  g_autofree char *nic = nic_title (domain, "interface:52:54:00:aa:cc:01");
  g_autofree char *shown = NULL;
  GtkWidget *window = open_details (connection, "plain");

  select_xml_tab (window, nic);
  /* the device's element, not the whole VM */
  shown = xml_text (window);
  g_assert_true (g_str_has_prefix (shown, "<interface type=\"network\">"));
  g_assert_nonnull (strstr (shown, "<model type=\"e1000e\"/>"));
  g_assert_null (strstr (shown, "<domain"));
  g_assert_false (gtk_widget_is_sensitive (button (window, "_Apply")));
  /* the tab as a person sees it: the switcher, the sentence, the text drawn */
  ui_test_render_check (ui_test_find_widget (window, VIREO_TYPE_DETAILS_VIEW, NULL), "details-xml.png");

  edit_xml (window, "<model type=\"e1000e\"/>", "<model type=\"virtio\"/>");
  g_assert_true (gtk_widget_is_sensitive (button (window, "_Apply")));
  press_apply (window);
  g_assert_null (shown_error (window));
  assert_xml_becomes (domain, expected);

  /* the page shows what libvirt holds, still on its XML tab */
  g_clear_pointer (&shown, g_free);
  shown = xml_text (window);
  g_assert_nonnull (strstr (shown, "<model type=\"virtio\"/>"));
  g_assert_false (gtk_widget_is_sensitive (button (window, "_Apply")));

  close_window (window);
}

/* a refused edit of a device's XML says why and leaves the VM as it was */
static void
test_device_xml_invalid (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  g_autofree char *nic = nic_title (domain, "interface:52:54:00:aa:cc:01");
  GtkWidget *window = open_details (connection, "plain");

  select_xml_tab (window, nic);

  /* not XML */
  edit_xml (window, "<source network=\"default\"/>", "<source network=\"default\">");
  assert_refused (window, "cannot be read");
  press_revert (window);

  /* XML, but not what libvirt's schema allows: libvirt's own reason */
  edit_xml (window, "<source network=\"default\"/>", "<source network=\"default\" colour=\"blue\"/>");
  assert_refused (window, "schema");
  press_revert (window);

  /* another kind of device */
  paste_xml (window, "<watchdog model=\"i6300esb\" action=\"poweroff\"/>");
  assert_refused (window, "<watchdog>");

  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
  press_revert (window);
  close_window (window);
}

/* the whole VM's XML: a changed <description> and <on_reboot> land in
 * libvirt's XML, and nothing else */
static void
test_whole_xml (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *step = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  GtkWidget *window = open_details (connection, "plain");

  /* the last row of the hardware list */
  g_assert_true (gtk_widget_get_last_child (hardware_list (window)) == row (window, "XML"));
  select_item (window, "XML");
  g_assert_true (text_view_shown (window));
  g_assert_null (tab (window, "Details"));
  shown = xml_text (window);
  g_assert_true (g_str_has_prefix (shown, "<domain type=\"test\">"));
  g_assert_nonnull (strstr (shown, "<uuid>dddddddd-0000-0000-0000-0000000000a1</uuid>"));

  edit_xml (window, "<on_reboot>restart</on_reboot>", "<on_reboot>destroy</on_reboot>");
  edit_xml (window, "</uuid>\n", "</uuid>\n  <description>Edited in the XML tab</description>\n");
  press_apply (window);
  g_assert_null (shown_error (window));
  step = replaced (before, "<on_reboot>restart</on_reboot>", "<on_reboot>destroy</on_reboot>");
  expected = replaced (step, "</uuid>\n", "</uuid>\n  <description>Edited in the XML tab</description>\n");
  assert_xml_becomes (domain, expected);
  g_assert_true (row_shown (&(RowWait){ window, "XML" }));
  g_assert_false (gtk_widget_is_sensitive (button (window, "_Apply")));

  /* the CPUs page's XML tab shows the whole VM too */
  select_xml_tab (window, "CPUs");
  g_clear_pointer (&shown, g_free);
  shown = xml_text (window);
  g_assert_nonnull (strstr (shown, "<description>Edited in the XML tab</description>"));

  close_window (window);
}

/* a whole document libvirt or Vireo refuses: the message on the page, and
 * the VM byte for byte as it was */
static void
test_whole_xml_refused (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  g_autoptr (GString) huge = g_string_new (NULL);
  GtkWidget *window = open_details (connection, "plain");

  select_item (window, "XML");

  /* not XML */
  edit_xml (window, "</devices>", "</device>");
  assert_refused (window, "cannot be read");
  press_revert (window);

  /* XML libvirt's schema refuses: its reason */
  edit_xml (window, "<on_reboot>", "<on_reboots>destroy</on_reboots>\n  <on_reboot>");
  assert_refused (window, "schema");
  press_revert (window);

  /* another name for the same UUID: libvirt's refusal */
  edit_xml (window, "<name>plain</name>", "<name>plain-renamed</name>");
  assert_refused (window, "already defined");
  press_revert (window);

  /* another UUID would be another VM */
  edit_xml (window, "0000000000a1</uuid>", "0000000000ff</uuid>");
  assert_refused (window, "UUID");
  press_revert (window);

  /* hostile: a document type with entities, and one too large */
  paste_xml (window, "<!DOCTYPE domain [<!ENTITY a 'aaaa'>]><domain type=\"test\"><name>&a;</name></domain>");
  assert_refused (window, "document type");
  press_revert (window);
  g_string_append (huge, "<domain type='test'><description>");
  for (guint i = 0; i < 17 * 1024; i++)
    g_string_append (huge, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
  g_string_append (huge, "</description></domain>");
  paste_xml (window, huge->str);
  assert_refused (window, "longer than");
  press_revert (window);

  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
  close_window (window);
}

/* on a running VM the whole XML is its next start's: the page says so and
 * the row keeps a mark until then */
static void
test_whole_xml_pending (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "running");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *saved = persistent_xml (domain);
  g_autofree char *expected = replaced (saved, "<on_reboot>restart</on_reboot>", "<on_reboot>destroy</on_reboot>");
  g_autofree char *after = NULL;
  GtkWidget *window;

  g_assert_true (ui_test_domain_is_running (domain));
  window = open_details (connection, "running");
  select_item (window, "XML");
  g_assert_false (vireo_details_row_get_pending (VIREO_DETAILS_ROW (row (window, "XML"))));
  g_assert_null (ui_test_shown_label (window, "Takes effect after the next shut down"));

  edit_xml (window, "<on_reboot>restart</on_reboot>", "<on_reboot>destroy</on_reboot>");
  press_apply (window);
  g_assert_null (shown_error (window));
  g_assert_true (vireo_details_row_get_pending (VIREO_DETAILS_ROW (row (window, "XML"))));
  g_assert_nonnull (ui_test_shown_label (window, "Takes effect after the next shut down"));
  /* the saved definition has it, the running VM's XML does not yet */
  g_clear_pointer (&saved, g_free);
  saved = persistent_xml (domain);
  g_assert_cmpstr (saved, ==, expected);
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
  close_window (window);

  /* the mark stays in a window opened again */
  window = open_details (connection, "running");
  g_assert_true (vireo_details_row_get_pending (VIREO_DETAILS_ROW (row (window, "XML"))));
  close_window (window);
}

/* unapplied XML edits are edits: leaving asks; the details and the XML
 * both changed are refused, one at a time */
static void
test_leave_and_both (void)
{
  VireoDomain *domain = ui_test_find_domain (connection, "plain");
  g_autofree char *before = libvirt_xml (domain);
  g_autofree char *after = NULL;
  g_autofree char *nic = nic_title (domain, "interface:52:54:00:aa:cc:01");
  g_autofree char *shown = NULL;
  GtkWidget *window = open_details (connection, "plain");
  GtkWidget *entry;

  select_xml_tab (window, nic);
  edit_xml (window, "<source network=\"default\"/>", "<source network=\"other\"/>");

  /* another row: asked; Cancel keeps the edit, Discard drops it */
  gtk_list_box_select_row (GTK_LIST_BOX (hardware_list (window)), GTK_LIST_BOX_ROW (row (window, "CPUs")));
  respond ("cancel");
  g_assert_true (row_shown (&(RowWait){ window, nic }));
  shown = xml_text (window);
  g_assert_nonnull (strstr (shown, "<source network=\"other\"/>"));
  gtk_list_box_select_row (GTK_LIST_BOX (hardware_list (window)), GTK_LIST_BOX_ROW (row (window, "CPUs")));
  respond ("discard");
  g_assert_true (row_shown (&(RowWait){ window, "CPUs" }));
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);

  /* the details and the XML of one page: neither is applied */
  select_item (window, nic);
  entry = ui_test_find_widget (window, ADW_TYPE_ENTRY_ROW, "MAC address");
  gtk_editable_set_text (GTK_EDITABLE (entry), "52:54:00:aa:cc:09");
  gtk_widget_activate (tab (window, "XML"));
  g_assert_true (ui_test_wait_for (text_view_shown, window, TIMEOUT_MS));
  edit_xml (window, "<source network=\"default\"/>", "<source network=\"other\"/>");
  assert_refused (window, "Both the settings and the XML");
  g_clear_pointer (&after, g_free);
  after = libvirt_xml (domain);
  g_assert_cmpstr (after, ==, before);
  press_revert (window);
  close_window (window);
}

static gboolean
is_cut_short_note (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), "cut short") != NULL;
}

/* the view itself: untrusted text made valid UTF-8, too long shown cut
 * short and read-only */
static void
test_view_bounds (void)
{
  GtkWidget *view = g_object_ref_sink (vireo_details_xml_view_new ());
  GtkTextView *text_view = GTK_TEXT_VIEW (ui_test_find_widget (view, GTK_TYPE_TEXT_VIEW, NULL));
  g_autofree char *long_text = g_strnfill (100, 'x');
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  vireo_details_xml_view_set_max_bytes (VIREO_DETAILS_XML_VIEW (view), 64);
  vireo_details_xml_view_set_xml (VIREO_DETAILS_XML_VIEW (view), "<a>\xff\xfe</a>");
  text = vireo_details_xml_view_dup_xml (VIREO_DETAILS_XML_VIEW (view), &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (gtk_text_view_get_editable (text_view));
  g_assert_false (vireo_details_xml_view_get_edited (VIREO_DETAILS_XML_VIEW (view)));
  g_assert_null (ui_test_find_match (view, is_cut_short_note, NULL));

  vireo_details_xml_view_set_xml (VIREO_DETAILS_XML_VIEW (view), long_text);
  g_assert_false (gtk_text_view_get_editable (text_view));
  g_assert_false (vireo_details_xml_view_get_editable (VIREO_DETAILS_XML_VIEW (view)));
  /* and says so */
  g_assert_true (ui_test_find_match (view, is_cut_short_note, NULL) != NULL);
  g_clear_pointer (&text, g_free);
  text = vireo_details_xml_view_dup_xml (VIREO_DETAILS_XML_VIEW (view), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (text), ==, 64);

  g_assert_finalize_object (view);
}

int
main (int argc, char *argv[])
{
  g_autofree char *uri = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vireo_core_init ();

  uri = g_strdup_printf ("test://%s/host-details-xml.xml", UI_TESTS_DIR);
  connection = vireo_connection_new (uri);
  ui_test_connection_open (connection, TIMEOUT_MS);

  g_test_add_func ("/details-xml/view-bounds", test_view_bounds);
  g_test_add_func ("/details-xml/device", test_device_xml);
  g_test_add_func ("/details-xml/device-invalid", test_device_xml_invalid);
  g_test_add_func ("/details-xml/whole", test_whole_xml);
  g_test_add_func ("/details-xml/whole-refused", test_whole_xml_refused);
  g_test_add_func ("/details-xml/whole-pending", test_whole_xml_pending);
  g_test_add_func ("/details-xml/leave-and-both", test_leave_and_both);

  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);

  return ret;
}
