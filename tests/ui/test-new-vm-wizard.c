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
#include <libvirt/libvirt.h>
#include <string.h>

#include "vireo-new-vm-wizard.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 20000

static VireoConnection *connection;
static GListStore *connections;
static virConnectPtr virsh;
static char *work_dir;

/* -- helpers ----------------------------------------------------------- */

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* the widget a screen reader announces as @label */
static GtkWidget *
find_labelled (GtkWidget *root, GType type, const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        {
          GtkWidget *row = gtk_widget_get_ancestor (child, ADW_TYPE_ACTION_ROW);

          if (row != NULL && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), label) == 0)
            return child;
        }
      found = find_labelled (child, type, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* a mapped label showing text that contains @needle */
static GtkWidget *
find_text (GtkWidget *root, const char *needle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child)
          && strstr (gtk_label_get_text (GTK_LABEL (child)), needle) != NULL)
        return child;
      found = find_text (child, needle);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* the OS list (combo rows have list views of their own) */
static GtkWidget *
find_os_list (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_VIEW (child) && gtk_list_view_get_model (GTK_LIST_VIEW (child)) != NULL)
        {
          GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (child)));
          g_autoptr (GObject) first = g_list_model_get_item (model, 0);

          if (first != NULL && VIREO_IS_OS_ENTRY (first))
            return child;
        }
      found = find_os_list (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
set_entry (GtkWidget *wizard, const char *title, const char *text)
{
  GtkWidget *row = ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  ui_test_spin (20);
}

static const char *
subtitle_of (GtkWidget *wizard, const char *title)
{
  GtkWidget *row = ui_test_find_widget (wizard, ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
forward_enabled (GtkWidget *wizard)
{
  return gtk_widget_get_sensitive (gtk_window_get_default_widget (GTK_WINDOW (wizard)));
}

static void
forward (GtkWidget *wizard)
{
  gtk_widget_activate_action (wizard, "wizard.forward", NULL);
  ui_test_spin (350); /* the page slides in */
}

static gboolean
facts_loaded (gpointer wizard)
{
  GtkWidget *row = ui_test_find_widget (wizard, ADW_TYPE_COMBO_ROW, "Storage _pool");
  GListModel *model = row != NULL ? adw_combo_row_get_model (ADW_COMBO_ROW (row)) : NULL;

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

static gboolean
detection_done (gpointer wizard)
{
  const char *text = subtitle_of (wizard, "Detection");

  return text != NULL && strstr (text, "Looking") == NULL;
}

static void
select_pool (GtkWidget *wizard, const char *name)
{
  GtkWidget *row = ui_test_find_widget (wizard, ADW_TYPE_COMBO_ROW, "Storage _pool");
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
        return;
      }
  g_assert_not_reached ();
}

typedef struct
{
  VireoDomain *domain;
  GtkWidget   *wizard;
} Created;

static void
domain_created_cb (GtkWidget *wizard, VireoDomain *domain, Created *created)
{
  created->domain = g_object_ref (domain);
}

static GtkWidget *
open_wizard (Created *created)
{
  GtkWidget *wizard = vireo_new_vm_wizard_new (NULL, G_LIST_MODEL (connections), NULL);

  gtk_window_present (GTK_WINDOW (wizard));
  created->wizard = wizard;
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &created->wizard);
  g_signal_connect (wizard, "domain-created", G_CALLBACK (domain_created_cb), created);
  g_assert_true (ui_test_wait_for (facts_loaded, wizard, TIMEOUT_MS));
  ui_test_spin (200);
  return wizard;
}

static char *
domain_xml (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (virsh, name);
  char *raw, *xml;

  g_assert_nonnull (dom);
  raw = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  xml = g_strdup (raw);
  free (raw);
  virDomainFree (dom);
  return xml;
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
  Created created = { 0 };
  GtkWidget *wizard, *search, *list, *memory, *vcpus, *size, *name_row;
  GtkSelectionModel *selection;
  VireoInstallPlan *plan;

  g_assert_true (g_file_set_contents (iso, "", 0, NULL));
  wizard = open_wizard (&created);
  plan = vireo_new_vm_wizard_get_plan (VIREO_NEW_VM_WIZARD (wizard));
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (
                       ui_test_find_widget (wizard, ADW_TYPE_WINDOW_TITLE, NULL))),
                   ==, "Step 1 of 5");
  ui_test_render_check (wizard, "new-vm-1-method.png");

  /* step 1: an ISO that does not exist is refused on this page */
  set_entry (wizard, "ISO image or CD/DVD device", missing);
  forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 0);
  g_assert_nonnull (find_text (wizard, "does not exist"));
  set_entry (wizard, "ISO image or CD/DVD device", iso);
  g_assert_null (find_text (wizard, "does not exist"));
  forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 1);

  /* step 2: the empty ISO is not recognised; the person searches the list */
  g_assert_true (ui_test_wait_for (detection_done, wizard, TIMEOUT_MS));
  g_assert_nonnull (strstr (subtitle_of (wizard, "Detection"), "older than the media"));
  ui_test_render_check (wizard, "new-vm-2-os.png");
  search = ui_test_find_widget (wizard, GTK_TYPE_SEARCH_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (search), "fedora37");
  ui_test_spin (400); /* search-changed is delayed */
  list = find_os_list (wizard);
  g_assert_nonnull (list);
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), >=, 1);
  gtk_selection_model_select_item (selection, 0, TRUE);
  ui_test_spin (50);

  g_assert_cmpstr (subtitle_of (wizard, "Chosen operating system"), ==, "Fedora Linux 37");
  forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 2);

  /* step 3: memory above the host's is warned about, then lowered */
  memory = find_labelled (wizard, GTK_TYPE_SPIN_BUTTON, "_Memory (MiB)");
  vcpus = find_labelled (wizard, GTK_TYPE_SPIN_BUTTON, "_Virtual CPUs");
  g_assert_nonnull (memory);
  g_assert_nonnull (vcpus);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (memory), 16777216);
  ui_test_spin (50);
  g_assert_nonnull (find_text (wizard, "more memory"));
  ui_test_render_check (wizard, "new-vm-3-resources.png");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (memory), 1536);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (vcpus), 2);
  ui_test_spin (50);
  g_assert_null (find_text (wizard, "more memory"));
  forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 3);

  /* step 4: a 3 GiB disk in the test driver's pool */
  select_pool (wizard, "default-pool");
  size = find_labelled (wizard, GTK_TYPE_SPIN_BUTTON, "_Size (GiB)");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (size), 3);
  ui_test_spin (50);
  ui_test_render_check (wizard, "new-vm-4-storage.png");
  forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 4);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (
                       ui_test_find_widget (wizard, ADW_TYPE_WINDOW_TITLE, NULL))),
                   ==, "Step 5 of 5");

  /* step 5: the name is checked as it is typed, with the rule shown */
  name_row = ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW, "_Name");
  g_assert_nonnull (name_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "fedora37");
  set_entry (wizard, "_Name", "a/b");
  g_assert_nonnull (find_text (wizard, "contains “/”"));
  g_assert_nonnull (find_text (wizard, vireo_install_plan_name_rule ()));
  g_assert_false (forward_enabled (wizard));
  set_entry (wizard, "_Name", "test"); /* test:///default has a VM "test" */
  g_assert_nonnull (find_text (wizard, "already the name"));
  g_assert_false (forward_enabled (wizard));
  set_entry (wizard, "_Name", "wiz-iso-vm");
  g_assert_null (find_text (wizard, "already the name"));
  g_assert_true (forward_enabled (wizard));
  set_entry (wizard, "MAC address (empty: generated)", "01:00:00:00:00:01");
  g_assert_nonnull (find_text (wizard, "multicast"));
  g_assert_false (forward_enabled (wizard));
  set_entry (wizard, "MAC address (empty: generated)", "52:54:00:aa:bb:cc");
  g_assert_true (forward_enabled (wizard));

  /* the summary */
  g_assert_cmpstr (subtitle_of (wizard, "Operating system"), ==, "Fedora Linux 37");
  g_assert_nonnull (strstr (subtitle_of (wizard, "Install from"), iso));
  g_assert_cmpstr (subtitle_of (wizard, "Memory and CPUs"), ==, "1536 MiB, 2 virtual CPUs");
  summary_disk = g_strdup (subtitle_of (wizard, "Disk"));
  g_assert_nonnull (strstr (summary_disk, "3 GiB qcow2"));
  g_assert_nonnull (strstr (summary_disk, "wiz-iso-vm.qcow2"));
  g_assert_nonnull (strstr (summary_disk, "default-pool"));
  g_assert_cmpstr (subtitle_of (wizard, "Network"), ==, "Virtual network “default”");
  ui_test_render_check (wizard, "new-vm-5-finish.png");

  /* Finish: the VM is defined, the wizard closes and hands it over */
  forward (wizard);
  g_assert_true (ui_test_wait_for (is_null, &created.wizard, TIMEOUT_MS));
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
  GtkWidget *label = find_text (data, "The edited configuration was refused");

  return label != NULL && gtk_widget_get_mapped (label);
}

static void
test_import (void)
{
  g_autofree char *image = g_build_filename (work_dir, "existing.qcow2", NULL);
  g_autofree char *xml = NULL;
  Created created = { 0 };
  GtkWidget *wizard, *method;

  g_assert_true (g_file_set_contents (image, "not really qcow2", -1, NULL));
  wizard = open_wizard (&created);

  method = find_labelled (wizard, GTK_TYPE_CHECK_BUTTON, "_Import existing disk image");
  g_assert_nonnull (method);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (method), TRUE);
  ui_test_spin (20);
  g_assert_true (gtk_widget_get_mapped (
      ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW, "Disk image to import")));
  g_assert_false (gtk_widget_get_mapped (
      ui_test_find_widget (wizard, ADW_TYPE_ENTRY_ROW, "ISO image or CD/DVD device")));
  set_entry (wizard, "Disk image to import", image);
  forward (wizard);
  g_assert_true (ui_test_wait_for (detection_done, wizard, TIMEOUT_MS));
  forward (wizard);
  forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 3);
  g_assert_nonnull (find_text (wizard, "becomes the virtual machine's disk"));
  forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 4);
  set_entry (wizard, "_Name", "wiz-import-vm");
  g_assert_nonnull (strstr (subtitle_of (wizard, "Disk"), image));
  g_assert_nonnull (strstr (subtitle_of (wizard, "Install from"), "Imported"));

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
  gtk_switch_set_active (GTK_SWITCH (find_labelled (wizard, GTK_TYPE_SWITCH,
                                                    "C_ustomize configuration before install")),
                         TRUE);
  forward (wizard);
  g_assert_cmpuint (vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard)), ==, 5);
  {
    GtkTextView *view = GTK_TEXT_VIEW (ui_test_find_widget (wizard, GTK_TYPE_TEXT_VIEW, NULL));
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
    text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
    g_assert_nonnull (strstr (text, "<name>wiz-import-vm</name>"));
    g_assert_nonnull (strstr (text, image));
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
    forward (wizard);
    g_assert_true (ui_test_wait_for (xml_refused_shown, wizard, TIMEOUT_MS));
    error_label = find_text (wizard, "The edited configuration was refused");
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
  forward (wizard);
  g_assert_true (ui_test_wait_for (is_null, &created.wizard, TIMEOUT_MS));
  g_assert_nonnull (created.domain);

  xml = domain_xml ("wiz-import-vm");
  g_assert_nonnull (strstr (xml, image));
  g_assert_nonnull (strstr (xml, "<description>edited in the wizard</description>"));
  g_clear_object (&created.domain);
  remove_domain ("wiz-import-vm");
  g_unlink (image);
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
  ret = g_test_run ();

  remove_domain ("wiz-iso-vm");
  remove_domain ("wiz-import-vm");
  vireo_connection_close (connection);
  g_clear_object (&connections);
  g_clear_object (&connection);
  virConnectClose (virsh);
  g_rmdir (work_dir);
  g_free (work_dir);
  return ret;
}
