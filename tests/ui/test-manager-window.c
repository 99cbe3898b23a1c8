/* test-manager-window.c — the manager window shows what libvirt holds
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real VireoApplication and VireoManagerWindow under Xvfb with three
 * connections: two libvirt test-driver hosts (host-a.xml, host-b.xml) and one
 * URI that cannot be opened. Later test:///default is added, and a second
 * libvirt connection made by the test (as virsh would) changes a VM there;
 * the row must follow by itself. A host without VMs says so under its
 * header.
 */
#define G_LOG_DOMAIN "test-manager-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <libvirt/libvirt.h>

#include "vireo-application.h"
#include "vireo-domain-actions.h"
#include "vireo-error-dialog.h"
#include "vireo-host-window.h"
#include "vireo-list-row.h"
#include "vireo-manager-window.h"
#include "vireo-new-vm-wizard.h"

#include "ui-test-util.h"

#define MARKUP_NAME "<b>&amp;\"'Ωμέγα ünïcødé"
#define BOGUS_URI   "bogus:///nothing"
#define TIMEOUT_MS  20000

typedef struct
{
  const char      *name;
  VireoDomainState state;    /* as host-*.xml says */
  const char      *os_name;  /* from the libosinfo id in its metadata */
} ExpectedVm;

static const ExpectedVm host_a_vms[] = {      /* sorted by name, ignoring case */
  { "alpha", VIREO_DOMAIN_STATE_SHUTOFF },
  { "Mike", VIREO_DOMAIN_STATE_PAUSED },
  { "zulu", VIREO_DOMAIN_STATE_RUNNING, "Debian 11" },
};

static const ExpectedVm host_b_vms[] = {
  { MARKUP_NAME, VIREO_DOMAIN_STATE_SHUTOFF },
  { "web", VIREO_DOMAIN_STATE_RUNNING },
};

static VireoApplication   *app;
static VireoManagerWindow *window;
static char               *uri_a;
static char               *uri_b;

/* -- helpers ----------------------------------------------------------- */

static VireoConnection *
find_connection (const char *uri)
{
  GListModel *connections = vireo_application_get_connections (app);

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr(VireoConnection) connection = g_list_model_get_item (connections, i);

      if (g_str_equal (vireo_connection_get_uri (connection), uri))
        return connection;
    }
  return NULL;
}

static void
collect_rows (GtkWidget  *widget,
              GHashTable *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (VIREO_IS_LIST_ROW (child))
        {
          GObject *item = vireo_list_row_get_item (VIREO_LIST_ROW (child));

          if (item != NULL && gtk_widget_get_mapped (child))
            g_hash_table_insert (rows, item, child);
        }
      else
        collect_rows (child, rows);
    }
}

/* the row widget a person sees for @item, or NULL */
static VireoListRow *
row_for_item (gpointer item)
{
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);

  collect_rows (GTK_WIDGET (vireo_manager_window_get_list_view (window)), rows);
  return g_hash_table_lookup (rows, item);
}

static gboolean
every_row_shown (gpointer data)
{
  GListModel *model = vireo_manager_window_get_rows (window);
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);
  guint n = g_list_model_get_n_items (model);

  collect_rows (GTK_WIDGET (vireo_manager_window_get_list_view (window)), rows);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (!g_hash_table_contains (rows, item))
        return FALSE;
    }
  return TRUE;
}

static gboolean
connection_settled (VireoConnection *connection,
                    guint            n_domains)
{
  if (connection == NULL)
    return FALSE;
  if (n_domains == G_MAXUINT)  /* expected to fail */
    return vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_DISCONNECTED &&
           vireo_connection_get_error (connection) != NULL;
  return vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED &&
         g_list_model_get_n_items (vireo_connection_get_domains (connection)) == n_domains;
}

static gboolean
os_names_known (VireoConnection  *connection,
                const ExpectedVm *vms,
                guint             n_vms)
{
  GListModel *domains;

  if (connection == NULL)
    return FALSE;
  domains = vireo_connection_get_domains (connection);
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (domains, i);

      for (guint j = 0; j < n_vms; j++)
        if (vms[j].os_name != NULL &&
            g_str_equal (vms[j].name, vireo_domain_get_name (domain)) &&
            vireo_domain_get_os_name (domain) == NULL)
          return FALSE;
    }
  return TRUE;
}

static gboolean
all_settled (gpointer data)
{
  return os_names_known (find_connection (uri_a), host_a_vms, G_N_ELEMENTS (host_a_vms)) &&
         connection_settled (find_connection (uri_a), G_N_ELEMENTS (host_a_vms)) &&
         connection_settled (find_connection (uri_b), G_N_ELEMENTS (host_b_vms)) &&
         connection_settled (find_connection (BOGUS_URI), G_MAXUINT) &&
         g_list_model_get_n_items (vireo_manager_window_get_rows (window)) ==
           3 + G_N_ELEMENTS (host_a_vms) + G_N_ELEMENTS (host_b_vms) &&
         every_row_shown (NULL);
}

static void
assert_vm_row (GObject          *item,
               const ExpectedVm *expected)
{
  VireoDomain *domain;
  VireoListRow *row;
  GtkLabel *label;
  const char *os_name;

  g_assert_true (VIREO_IS_DOMAIN (item));
  domain = VIREO_DOMAIN (item);
  g_assert_cmpstr (vireo_domain_get_name (domain), ==, expected->name);
  g_assert_cmpint (vireo_domain_get_state (domain), ==, expected->state);

  row = row_for_item (item);
  g_assert_nonnull (row);
  g_assert_false (vireo_list_row_is_header (row));

  label = vireo_list_row_get_title_label (row);
  g_assert_cmpstr (gtk_label_get_text (label), ==, expected->name);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (label)));

  label = vireo_list_row_get_state_label (row);
  g_assert_cmpstr (gtk_label_get_text (label), ==,
                   vireo_domain_state_to_string (expected->state, FALSE));

  os_name = vireo_domain_get_os_name (domain);
  label = vireo_list_row_get_detail_label (row);
  g_assert_cmpstr (gtk_label_get_text (label), ==, os_name ? os_name : "");
  if (expected->os_name != NULL)
    {
      g_assert_nonnull (os_name);
      g_assert_true (g_str_has_prefix (gtk_label_get_text (label), expected->os_name));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
    }
}

static void
assert_header_row (GObject    *item,
                   const char *uri)
{
  g_autofree char *label = vireo_uri_get_label (uri);
  VireoListRow *row;

  g_assert_true (VIREO_IS_CONNECTION (item));
  g_assert_cmpstr (vireo_connection_get_uri (VIREO_CONNECTION (item)), ==, uri);
  row = row_for_item (item);
  g_assert_nonnull (row);
  g_assert_true (vireo_list_row_is_header (row));
  g_assert_cmpstr (gtk_label_get_text (vireo_list_row_get_title_label (row)), ==, label);
}

/* -- tests ------------------------------------------------------------- */

static void
test_sections (void)
{
  GListModel *model = vireo_manager_window_get_rows (window);
  guint pos = 0;

  g_assert_true (ui_test_wait_for (all_settled, NULL, TIMEOUT_MS));

  /* section A: header, then its VMs sorted by name, in the state libvirt has */
  {
    g_autoptr(GObject) item = g_list_model_get_item (model, pos++);
    VireoListRow *row;

    assert_header_row (item, uri_a);
    row = row_for_item (item);
    g_assert_cmpstr (gtk_label_get_text (vireo_list_row_get_state_label (row)), ==, "Connected");
  }
  for (guint i = 0; i < G_N_ELEMENTS (host_a_vms); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, pos++);
      assert_vm_row (item, &host_a_vms[i]);
    }

  /* section B */
  {
    g_autoptr(GObject) item = g_list_model_get_item (model, pos++);
    assert_header_row (item, uri_b);
  }
  for (guint i = 0; i < G_N_ELEMENTS (host_b_vms); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, pos++);
      assert_vm_row (item, &host_b_vms[i]);
    }

  /* section C: the connection that failed, saying why */
  {
    g_autoptr(GObject) item = g_list_model_get_item (model, pos++);
    VireoConnection *connection = VIREO_CONNECTION (item);
    const GError *error = vireo_connection_get_error (connection);
    VireoListRow *row;
    const char *state;

    g_assert_true (VIREO_IS_CONNECTION (item));
    g_assert_cmpstr (vireo_connection_get_uri (connection), ==, BOGUS_URI);
    row = row_for_item (item);
    g_assert_nonnull (row);
    state = gtk_label_get_text (vireo_list_row_get_state_label (row));
    g_test_message ("failed connection shows: %s", state);
    g_assert_true (g_str_has_prefix (state, "Disconnected: "));
    g_assert_nonnull (error);
    g_assert_cmpstr (error->message, !=, "");
    g_assert_nonnull (strstr (state, error->message));
  }

  g_assert_cmpuint (pos, ==, g_list_model_get_n_items (model));
}

static void
test_markup_name (void)
{
  GListModel *model = vireo_manager_window_get_rows (window);
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      VireoListRow *row;
      GtkLabel *label;

      if (!VIREO_IS_DOMAIN (item) ||
          g_strcmp0 (vireo_domain_get_name (VIREO_DOMAIN (item)), MARKUP_NAME) != 0)
        continue;

      row = row_for_item (item);
      label = vireo_list_row_get_title_label (row);
      g_assert_cmpstr (gtk_label_get_text (label), ==, MARKUP_NAME);
      g_assert_cmpstr (gtk_label_get_label (label), ==, MARKUP_NAME);
      g_assert_false (gtk_label_get_use_markup (label));
      /* nothing was parsed into attributes (no bold) */
      g_assert_null (gtk_label_get_attributes (label));
      found = TRUE;
    }
  g_assert_true (found);
}

static guint
count_domains_in_rows (void)
{
  GListModel *model = vireo_manager_window_get_rows (window);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      n += VIREO_IS_DOMAIN (item);
    }
  return n;
}

static void
test_search (void)
{
  GListModel *model = vireo_manager_window_get_rows (window);

  /* case-insensitive, non-ASCII */
  vireo_manager_window_set_search_text (window, "ΩΜΈΓΑ");
  ui_test_spin (50);
  g_assert_cmpuint (count_domains_in_rows (), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3 + 1);

  vireo_manager_window_set_search_text (window, "ZUL");
  ui_test_spin (50);
  g_assert_cmpuint (count_domains_in_rows (), ==, 1);

  vireo_manager_window_set_search_text (window, "nothing matches this");
  ui_test_spin (50);
  g_assert_cmpuint (count_domains_in_rows (), ==, 0);

  vireo_manager_window_set_search_text (window, "");
  ui_test_spin (50);
  g_assert_cmpuint (count_domains_in_rows (), ==, 5);
  g_assert_true (ui_test_wait_for (every_row_shown, NULL, TIMEOUT_MS));
}

typedef struct
{
  VireoDomain *domain;
  const char  *text;
} RowText;

static gboolean
row_state_is (gpointer data)
{
  RowText *expected = data;
  VireoListRow *row = row_for_item (expected->domain);

  return row != NULL &&
         g_strcmp0 (gtk_label_get_text (vireo_list_row_get_state_label (row)), expected->text) == 0;
}

static gboolean
default_ready (gpointer data)
{
  VireoConnection *connection = find_connection ("test:///default");

  return connection != NULL &&
         vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED &&
         g_list_model_get_n_items (vireo_connection_get_domains (connection)) >= 1 &&
         every_row_shown (NULL);
}

static VireoDomain *
find_domain (VireoConnection *connection,
             const char      *name)
{
  GListModel *domains = vireo_connection_get_domains (connection);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (domains, i);

      if (g_str_equal (vireo_domain_get_name (domain), name))
        return domain;
    }
  return NULL;
}

static gboolean
select_item (gpointer item)
{
  GListModel *model = vireo_manager_window_get_rows (window);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (model, i);

      if (other == item)
        {
          gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), i);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
action_enabled (const char *name)
{
  GActionGroup *group = vireo_manager_window_get_domain_actions (window);

  return g_action_group_get_action_enabled (group, name);
}

static gboolean
domain_gone_from_rows (gpointer name)
{
  GListModel *model = vireo_manager_window_get_rows (window);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (VIREO_IS_DOMAIN (item) &&
          g_str_equal (vireo_domain_get_name (VIREO_DOMAIN (item)), name))
        return FALSE;
    }
  return TRUE;
}

static gboolean
domain_in_rows (gpointer name)
{
  return !domain_gone_from_rows (name) && every_row_shown (NULL);
}

static void
test_live_state_change (void)
{
  VireoConnection *connection;
  VireoDomain *domain;
  virConnectPtr virsh;
  virDomainPtr handle;
  int state = -1, reason = -1;
  RowText expected;
  static const char extra_xml[] =
    "<domain type='test'><name>extra</name><memory>65536</memory>"
    "<os><type>hvm</type></os></domain>";

  /* test:///default is shared by every connection in this process */
  connection = vireo_application_add_connection (app, "test:///default", FALSE, FALSE);
  g_assert_nonnull (connection);
  g_assert_true (ui_test_wait_for (default_ready, NULL, TIMEOUT_MS));

  domain = find_domain (connection, "test");
  g_assert_nonnull (domain);
  expected = (RowText) { domain, vireo_domain_state_to_string (VIREO_DOMAIN_STATE_RUNNING, FALSE) };
  g_assert_true (ui_test_wait_for (row_state_is, &expected, TIMEOUT_MS));

  /* a second libvirt connection, as virsh would be: pause the VM */
  virsh = virConnectOpen ("test:///default");
  g_assert_nonnull (virsh);
  handle = virDomainLookupByName (virsh, "test");
  g_assert_nonnull (handle);
  g_assert_cmpint (virDomainSuspend (handle), ==, 0);

  expected.text = vireo_domain_state_to_string (VIREO_DOMAIN_STATE_PAUSED, FALSE);
  g_assert_true (ui_test_wait_for (row_state_is, &expected, TIMEOUT_MS));

  /* the toolbar / keyboard actions follow the selected VM's state */
  g_assert_true (select_item (domain));
  g_assert_true (action_enabled ("resume"));
  g_assert_false (action_enabled ("pause"));
  g_assert_false (action_enabled ("run"));
  g_assert_true (action_enabled ("force-off"));

  /* resume through the window's action; libvirt (seen by "virsh") agrees */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "domain.resume", NULL));
  expected.text = vireo_domain_state_to_string (VIREO_DOMAIN_STATE_RUNNING, FALSE);
  g_assert_true (ui_test_wait_for (row_state_is, &expected, TIMEOUT_MS));
  g_assert_cmpint (virDomainGetState (handle, &state, &reason, 0), ==, 0);
  g_assert_cmpint (state, ==, VIR_DOMAIN_RUNNING);
  g_assert_true (action_enabled ("pause"));
  g_assert_false (action_enabled ("resume"));
  virDomainFree (handle);

  /* defined and undefined outside Vireo: the row comes and goes by itself */
  handle = virDomainDefineXML (virsh, extra_xml);
  g_assert_nonnull (handle);
  g_assert_true (ui_test_wait_for (domain_in_rows, (gpointer) "extra", TIMEOUT_MS));
  g_assert_cmpint (virDomainUndefine (handle), ==, 0);
  virDomainFree (handle);
  g_assert_true (ui_test_wait_for (domain_gone_from_rows, (gpointer) "extra", TIMEOUT_MS));

  virConnectClose (virsh);
}

static GtkWidget *
row_popover (VireoListRow *row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (row));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      return child;
  return NULL;
}

static void
test_context_menu (void)
{
  VireoConnection *connection = find_connection (uri_b);
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (vireo_manager_window_get_rows (window));
  VireoDomain *domain;
  VireoListRow *row;
  GtkWidget *popover;

  g_assert_nonnull (connection);
  domain = find_domain (connection, "web");
  g_assert_nonnull (domain);
  row = row_for_item (domain);
  g_assert_nonnull (row);

  /* what a right click (or the Menu key) does: select the VM, pop its menu up */
  g_signal_emit_by_name (row, "context-menu", 10.0, 10.0);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == (gpointer) domain);
  g_assert_true (vireo_domain_actions_get_domain (vireo_manager_window_get_domain_actions (window)) == domain);
  popover = row_popover (row);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_true (action_enabled ("pause"));
  g_assert_true (action_enabled ("shutdown"));
  g_assert_false (action_enabled ("run"));
  gtk_popover_popdown (GTK_POPOVER (popover));
  ui_test_spin (50);
  g_assert_false (gtk_widget_get_visible (popover));

  /* a section header is not selectable */
  gtk_single_selection_set_selected (selection, 0);
  g_assert_false (VIREO_IS_DOMAIN (gtk_single_selection_get_selected_item (selection)));
  g_assert_null (vireo_domain_actions_get_domain (vireo_manager_window_get_domain_actions (window)));
  g_assert_false (action_enabled ("pause"));
}

/* the details text is the one selectable label */
static GtkWidget *
find_selectable_label (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_label_get_selectable (GTK_LABEL (child)))
        return child;
      if ((found = find_selectable_label (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_error_dialog (void)
{
  g_autoptr(GError) error =
    vireo_error_new_with_details (VIREO_ERROR_INVALID_STATE,
                                  "libvirt error 55 (VIR_ERR_OPERATION_INVALID): domain is already running",
                                  "“%s” is already running.", "<b>web</b>");
  GtkWidget *dialog;
  GtkWidget *expander;
  GtkWidget *label;

  dialog = vireo_error_dialog_present (GTK_WINDOW (window), "Could not start “<b>web</b>”", error);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Could not start “<b>web</b>”");
  g_assert_false (adw_message_dialog_get_heading_use_markup (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==, error->message);

  expander = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  g_assert_true (GTK_IS_EXPANDER (expander));
  label = find_selectable_label (gtk_expander_get_child (GTK_EXPANDER (expander)));
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "VIR_ERR_OPERATION_INVALID"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* no details: no expander */
  {
    g_autoptr(GError) plain = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Plain.");

    dialog = vireo_error_dialog_present (GTK_WINDOW (window), "Heading", plain);
    g_assert_null (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  ui_test_spin (50);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not owned */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
message_dialog_gone (gpointer data)
{
  return find_message_dialog () == NULL;
}

static void
test_force_off_and_delete (void)
{
  VireoConnection *connection = find_connection ("test:///default");
  AdwMessageDialog *dialog;
  VireoDomain *domain;
  RowText expected;

  g_assert_nonnull (connection);
  domain = find_domain (connection, "test");
  g_assert_nonnull (domain);
  g_assert_true (select_item (domain));
  g_assert_true (action_enabled ("force-off"));

  /* Force Off asks first; Cancel leaves the VM running */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "domain.force-off", NULL));
  g_assert_true (ui_test_wait_for (message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Force off “test”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Try Shut Down first"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "confirm"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (ui_test_wait_for (message_dialog_gone, NULL, TIMEOUT_MS));
  ui_test_spin (200);
  g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);

  /* … and Force Off stops it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "domain.force-off", NULL));
  g_assert_true (ui_test_wait_for (message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = find_message_dialog ();
  adw_message_dialog_response (dialog, "confirm");
  gtk_window_destroy (GTK_WINDOW (dialog));
  expected = (RowText) { domain, vireo_domain_state_to_string (VIREO_DOMAIN_STATE_SHUTOFF, FALSE) };
  g_assert_true (ui_test_wait_for (row_state_is, &expected, TIMEOUT_MS));
  g_assert_true (action_enabled ("run"));
  g_assert_true (action_enabled ("delete"));
  g_assert_false (action_enabled ("force-off"));

  /* Delete says what it removes (vireo-delete-dialog), then the row goes */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "domain.delete", NULL));
  g_assert_true (ui_test_wait_for (message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “test”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Its definition is removed"));
  adw_message_dialog_response (dialog, "confirm");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (ui_test_wait_for (domain_gone_from_rows, (gpointer) "test", TIMEOUT_MS));
  g_assert_false (action_enabled ("run"));
}

static void
test_render_png (void)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colours = NULL;
  g_autofree guchar *pixels = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;
  gsize stride;
  guint32 background;
  guint n_background = 0, n_pixels;

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (vireo_manager_window_get_rows (window)),
                                     GTK_INVALID_LIST_POSITION);
  ui_test_spin (200);

  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  g_assert_cmpint (width, >, 100);
  g_assert_cmpint (height, >, 100);

  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_assert_nonnull (renderer);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  /* kept in the build directory for a person to look at */
  path = g_build_filename (g_getenv ("VIREO_BUILD_DIR") ? g_getenv ("VIREO_BUILD_DIR") : ".",
                           "tests", "ui", "manager-window.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("rendered %s (%dx%d, %s)", path, width, height, G_OBJECT_TYPE_NAME (renderer));

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);

  /* not blank: many colours (text, icons, header bar), and the most common
   * colour (the background) does not cover everything */
  colours = g_hash_table_new (NULL, NULL);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 p = *(guint32 *) (pixels + y * stride + x * 4);
        guint count = GPOINTER_TO_UINT (g_hash_table_lookup (colours, GUINT_TO_POINTER (p)));

        g_hash_table_insert (colours, GUINT_TO_POINTER (p), GUINT_TO_POINTER (count + 1));
      }

  {
    GHashTableIter iter;
    gpointer key, value;

    background = 0;
    g_hash_table_iter_init (&iter, colours);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (GPOINTER_TO_UINT (value) > n_background)
        {
          n_background = GPOINTER_TO_UINT (value);
          background = GPOINTER_TO_UINT (key);
        }
  }
  n_pixels = (guint) (width * height);
  g_test_message ("%u distinct colours; background %08x covers %u of %u pixels",
                  g_hash_table_size (colours), background, n_background, n_pixels);
  g_assert_cmpuint (g_hash_table_size (colours), >, 50);
  g_assert_cmpuint (n_pixels - n_background, >, n_pixels / 50);
}

static gboolean
find_status_page (GtkWidget  *widget,
                  const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_STATUS_PAGE (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (child)), title) == 0)
        return TRUE;
      if (find_status_page (child, title))
        return TRUE;
    }
  return FALSE;
}

static gboolean
empty_state_shown (gpointer data)
{
  return find_status_page (GTK_WIDGET (window), "No Connections");
}

static void
test_empty_state (void)
{
  GListModel *connections = vireo_application_get_connections (app);

  g_assert_false (empty_state_shown (NULL));
  while (g_list_model_get_n_items (connections) > 0)
    {
      g_autoptr(VireoConnection) connection = g_list_model_get_item (connections, 0);
      vireo_application_remove_connection (app, connection);
    }
  g_assert_cmpuint (g_list_model_get_n_items (vireo_manager_window_get_rows (window)), ==, 0);
  g_assert_true (ui_test_wait_for (empty_state_shown, NULL, TIMEOUT_MS));
}

/* a visible label reading @text inside @widget */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return TRUE;
      if (shows_label (child, text))
        return TRUE;
    }
  return FALSE;
}

/* @item is in the manager's list model (its row widget exists only while
 * the list shows it: a new connection's header lands below the fold) */
static gboolean
item_listed (gpointer item)
{
  GListModel *model = vireo_manager_window_get_rows (window);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) listed = g_list_model_get_item (model, i);

      if (listed == item)
        return TRUE;
    }
  return FALSE;
}

static gboolean
connection_connected (gpointer uri)
{
  VireoConnection *connection = find_connection (uri);

  return connection != NULL &&
         vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED &&
         item_listed (connection);
}

/* every host row shown says "No Virtual Machines" exactly when its host has
 * none (test:///default can be empty by now: an earlier case deletes its VM) */
static gboolean
empty_only_where_empty (gpointer data)
{
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer item, row;

  collect_rows (GTK_WIDGET (vireo_manager_window_get_list_view (window)), rows);
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &item, &row))
    {
      gboolean empty = VIREO_IS_CONNECTION (item) &&
        vireo_connection_get_state (item) == VIREO_CONNECTION_STATE_CONNECTED &&
        g_list_model_get_n_items (vireo_connection_get_domains (item)) == 0;

      if (shows_label (row, "No Virtual Machines") != empty)
        return FALSE;
    }
  return TRUE;
}

static gboolean
empty_state_in_row (gpointer connection)
{
  VireoListRow *row = row_for_item (connection);

  return row != NULL && shows_label (GTK_WIDGET (row), "No Virtual Machines");
}

static gboolean
row_in_view (gpointer item)
{
  GtkWidget *list_view = GTK_WIDGET (vireo_manager_window_get_list_view (window));
  GtkWidget *scrolled = gtk_widget_get_ancestor (list_view, GTK_TYPE_SCROLLED_WINDOW);
  VireoListRow *row = row_for_item (item);
  graphene_rect_t bounds;

  return row != NULL && gtk_widget_compute_bounds (GTK_WIDGET (row), scrolled, &bounds) &&
         bounds.origin.y >= 0 && bounds.size.height > 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled);
}

/* the row of the last section's @item in view: the list scrolled to its
 * end, as a person would with the wheel (again whenever the list view moves
 * back, as GTK 4.8 does when rows change size) */
static gboolean
scrolled_to_end (gpointer item)
{
  GtkWidget *list_view = GTK_WIDGET (vireo_manager_window_get_list_view (window));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));

  if (row_in_view (item))
    return TRUE;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
  return FALSE;
}

static void
scroll_into_view (gpointer item)
{
  GtkWidget *list_view = GTK_WIDGET (vireo_manager_window_get_list_view (window));

  /* until it stays in view over a frame painted after the scroll: the list
   * measures the rows it has not shown yet only as it shows them */
  do
    {
      g_assert_true (ui_test_wait_for (scrolled_to_end, item, TIMEOUT_MS));
      ui_test_wait_drawn (list_view);
    }
  while (!row_in_view (item));
}

static GtkWindow *
wizard_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (VIREO_IS_NEW_VM_WIZARD (l->data) && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

static gboolean
wizard_shown (gpointer data)
{
  return wizard_window () != NULL;
}

static void
test_empty_connection (void)
{
  static const char host[] =
    "<node>\n"
    "  <cpu><mhz>2000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets>"
    "<cores>2</cores><threads>1</threads></cpu>\n"
    "  <memory>8388608</memory>\n"
    "</node>\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vireo-empty-host-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  VireoConnection *connection;
  VireoListRow *row;
  GtkWidget *empty_page, *button;
  GtkWindow *wizard;
  g_autofree char *wizard_uri = NULL;
  const char *empty_text = "No Virtual Machines";

  g_assert_no_error (error);
  path = g_build_filename (dir, "empty.xml", NULL);
  g_assert_true (g_file_set_contents (path, host, -1, &error));
  uri = g_strconcat ("test://", path, NULL);

  vireo_application_add_connection (app, uri, FALSE, FALSE);
  g_assert_true (ui_test_wait_for (connection_connected, uri, TIMEOUT_MS));
  connection = find_connection (uri);
  g_assert_cmpuint (g_list_model_get_n_items (vireo_connection_get_domains (connection)), ==, 0);

  /* the empty host says so under its header, as a GNOME empty state with
   * the way forward; hosts with VMs do not (those shown first, at the top,
   * then those that share the view with it) */
  g_assert_true (ui_test_wait_for (empty_only_where_empty, NULL, TIMEOUT_MS));
  scroll_into_view (connection);
  g_assert_true (ui_test_wait_for (empty_state_in_row, connection, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (empty_only_where_empty, NULL, TIMEOUT_MS));
  row = row_for_item (connection);
  g_assert_nonnull (row);
  g_assert_true (vireo_list_row_is_header (row));
  ui_test_wait_drawn (GTK_WIDGET (row));
  g_assert_true (shows_label (GTK_WIDGET (row), empty_text));
  empty_page = ui_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, empty_text);
  g_assert_nonnull (empty_page);
  empty_page = gtk_widget_get_parent (empty_page);
  g_assert_true (gtk_widget_get_mapped (empty_page));
  g_assert_cmpint (gtk_widget_get_height (empty_page), >=, 150);  /* not a line */
  button = ui_test_find_widget (empty_page, GTK_TYPE_BUTTON, "_New Virtual Machine…");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  ui_test_render_check (GTK_WIDGET (row), "manager-empty-host.png");

  /* its button opens the New Virtual Machine assistant for that host */
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (ui_test_wait_for (wizard_shown, NULL, TIMEOUT_MS));
  wizard = wizard_window ();
  g_object_get (vireo_new_vm_wizard_get_plan (VIREO_NEW_VM_WIZARD (wizard)), "uri", &wizard_uri, NULL);
  g_assert_cmpstr (wizard_uri, ==, uri);
  gtk_window_destroy (wizard);

  vireo_application_remove_connection (app, connection);
  g_assert_null (find_connection (uri));
  g_unlink (path);
  g_rmdir (dir);
}

/* -- the connection's ⋮ menu (issue 10, #16) ---------------------------- */

/* the ⋮ button in the header of @connection */
static GtkWidget *
connection_menu_button (VireoConnection *connection)
{
  VireoListRow *row = row_for_item (connection);

  g_assert_nonnull (row);
  return ui_test_find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, NULL);
}

static gboolean
popover_shown (gpointer popover)
{
  return gtk_widget_get_mapped (popover);
}

static gboolean
popover_hidden (gpointer popover)
{
  return !gtk_widget_get_visible (popover);
}

/* the item of the open menu @popover whose label (mnemonic taken out) reads
 * @text: the menu's GtkModelButton, or NULL */
static GtkWidget *
menu_item (GtkWidget  *popover,
           const char *text)
{
  GType model_button = g_type_from_name ("GtkModelButton");

  g_assert_true (model_button != G_TYPE_INVALID);
  for (GtkWidget *child = gtk_widget_get_first_child (popover); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, model_button))
        {
          g_autofree char *label = NULL;
          g_auto(GStrv) parts = NULL;
          g_autofree char *shown = NULL;

          g_object_get (child, "text", &label, NULL);
          parts = g_strsplit (label ? label : "", "_", -1);
          shown = g_strjoinv ("", parts);
          if (g_str_equal (shown, text))
            return child;
        }
      if ((found = menu_item (child, text)) != NULL)
        return found;
    }
  return NULL;
}

/* opens the ⋮ menu of @connection as a click on it does; returns its popover */
static GtkWidget *
open_connection_menu (VireoConnection *connection)
{
  GtkWidget *button = connection_menu_button (connection);
  GtkWidget *popover;

  g_assert_nonnull (button);
  ui_test_wait_drawn (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_nonnull (popover);
  g_assert_true (ui_test_wait_for (popover_shown, popover, TIMEOUT_MS));
  return popover;
}

typedef struct
{
  const char *label;
  gboolean    enabled;
} MenuExpectation;

/* every item a person sees in @popover is there and enabled (or greyed out)
 * as @expected says */
static void
assert_menu_items (GtkWidget             *popover,
                   const MenuExpectation *expected,
                   guint                  n_expected)
{
  for (guint i = 0; i < n_expected; i++)
    {
      GtkWidget *item = menu_item (popover, expected[i].label);

      g_test_message ("menu item “%s”: expected %s", expected[i].label,
                      expected[i].enabled ? "enabled" : "greyed out");
      g_assert_nonnull (item);
      g_assert_true (gtk_widget_get_mapped (item));
      g_assert_cmpint (gtk_widget_is_sensitive (item), ==, expected[i].enabled);
    }
}

/* a click on @label in the open @popover */
static void
click_menu_item (GtkWidget  *popover,
                 const char *label)
{
  GtkWidget *item = menu_item (popover, label);

  g_assert_nonnull (item);
  g_assert_true (gtk_widget_is_sensitive (item));
  g_signal_emit_by_name (item, "clicked");
  g_assert_true (ui_test_wait_for (popover_hidden, popover, TIMEOUT_MS));
}

static GtkWindow *
host_window_of (VireoConnection *connection)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (VIREO_IS_HOST_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

static gboolean
host_window_shown (gpointer connection)
{
  return host_window_of (connection) != NULL;
}

static gboolean
host_topology_shown (gpointer host_window)
{
  GtkWidget *label = ui_test_find_widget (host_window, GTK_TYPE_LABEL,
                                          "1 socket × 2 cores × 1 thread, 1 NUMA node");

  return label != NULL && gtk_widget_get_mapped (label);
}

static gboolean
connection_disconnected (gpointer connection)
{
  return vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_DISCONNECTED;
}

static gboolean
connection_back (gpointer connection)
{
  return vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED &&
         g_list_model_get_n_items (vireo_connection_get_domains (connection)) == G_N_ELEMENTS (host_a_vms) &&
         row_for_item (connection) != NULL;
}

static void
test_connection_menu (void)
{
  static const MenuExpectation connected[] = {
    { "New Virtual Machine…", TRUE },
    { "Host Details", TRUE },
    { "Connect", FALSE },
    { "Disconnect", TRUE },
    { "Remove…", TRUE },
  };
  static const MenuExpectation disconnected[] = {
    { "New Virtual Machine…", FALSE },
    { "Host Details", TRUE },   /* its address, and why it is not connected */
    { "Connect", TRUE },
    { "Disconnect", FALSE },
    { "Remove…", TRUE },
  };
  VireoConnection *connection = find_connection (uri_a);
  VireoConnection *failed = find_connection (BOGUS_URI);
  GtkWidget *popover;
  GtkWindow *host_window;

  g_assert_true (ui_test_wait_for (connection_back, connection, TIMEOUT_MS));

  /* a connected host: everything but Connect */
  popover = open_connection_menu (connection);
  assert_menu_items (popover, connected, G_N_ELEMENTS (connected));

  /* Host Details opens the host's window */
  click_menu_item (popover, "Host Details");
  g_assert_true (ui_test_wait_for (host_window_shown, connection, TIMEOUT_MS));
  host_window = host_window_of (connection);
  /* it reads as English: one of each is singular (host-a.xml: 1 socket,
   * 2 cores, 1 thread, 1 node) */
  g_assert_true (ui_test_wait_for (host_topology_shown, host_window, TIMEOUT_MS));
  gtk_window_destroy (host_window);

  /* Disconnect disconnects; then only Connect and Remove are offered */
  popover = open_connection_menu (connection);
  click_menu_item (popover, "Disconnect");
  g_assert_true (ui_test_wait_for (connection_disconnected, connection, TIMEOUT_MS));
  popover = open_connection_menu (connection);
  assert_menu_items (popover, disconnected, G_N_ELEMENTS (disconnected));

  /* Connect brings it back, VMs and all */
  click_menu_item (popover, "Connect");
  g_assert_true (ui_test_wait_for (connection_back, connection, TIMEOUT_MS));
  popover = open_connection_menu (connection);
  assert_menu_items (popover, connected, G_N_ELEMENTS (connected));
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_true (ui_test_wait_for (popover_hidden, popover, TIMEOUT_MS));

  /* a connection that failed can be retried or removed */
  popover = open_connection_menu (failed);
  assert_menu_items (popover, disconnected, G_N_ELEMENTS (disconnected));
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_true (ui_test_wait_for (popover_hidden, popover, TIMEOUT_MS));
}

/* -- help (issue 10, #18) ------------------------------------------------ */

static char *shown_uri;   /* what the application last asked the desktop to show */

static gboolean
show_uri_cb (VireoApplication *application,
             const char       *uri,
             gpointer          user_data)
{
  g_free (shown_uri);
  shown_uri = g_strdup (uri);
  return TRUE;  /* seen; nothing is launched */
}

static gboolean
uri_shown (gpointer data)
{
  return shown_uri != NULL;
}

/* the header's main menu button (☰) */
static GtkWidget *
find_main_menu_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_MENU_BUTTON (child) &&
          g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (child)), "open-menu-symbolic") == 0)
        return child;
      if ((found = find_main_menu_button (child)) != NULL)
        return found;
    }
  return NULL;
}

/* presses @keyval as the window's keyboard shortcuts see it: the shortcut
 * of @window (its own or the application's accelerators) for that key runs */
static gboolean
press_shortcut (GtkWidget *widget,
                guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

static gboolean
toast_shown (gpointer text)
{
  GtkWidget *label = ui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, text);

  return label != NULL && gtk_widget_get_mapped (label);
}

/* a toast shown in @root, or NULL */
static GtkWidget *
find_toast (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_css_name (child), "toast") == 0 && gtk_widget_get_mapped (child))
        return child;
      if ((found = find_toast (child)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
widget_gone (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* the person closes every toast, one after the other */
static void
close_toasts (void)
{
  GtkWidget *toast;

  while ((toast = find_toast (GTK_WIDGET (window))) != NULL)
    {
      GtkWidget *close = ui_test_find_widget (toast, GTK_TYPE_BUTTON, NULL);
      g_autoptr(GtkWidget) closed = g_object_ref (toast);

      g_assert_nonnull (close);
      gtk_widget_activate (close);
      g_assert_true (ui_test_wait_for (widget_gone, closed, TIMEOUT_MS));
    }
}

static void
action_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;

  g_assert_true (vireo_domain_action_finish (VIREO_DOMAIN (object), result, NULL));
  *done = TRUE;
}

static gboolean
run_enabled (gpointer data)
{
  return action_enabled ("run");
}

static gboolean
domain_running (gpointer domain)
{
  return vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_RUNNING;
}

/* A Run that had to start the VM with another CPU model (nested virtualisation: the core says
 * so with "cpu-fallback" before the run completes) ends with that sentence as a toast. */
static void
test_run_notice (void)
{
  static const char sentence[] = "This host could not run the virtual machine with the host's own "
                                 "CPU model; it now uses the CPU model “Opteron_G2”.";
  VireoConnection *connection = find_connection ("test:///default");
  VireoDomain *domain;
  gboolean done = FALSE;

  g_assert_nonnull (connection);
  domain = find_domain (connection, "test");
  g_assert_nonnull (domain);
  vireo_domain_action_async (domain, VIREO_DOMAIN_ACTION_FORCE_OFF, NULL, action_done, &done);
  g_assert_true (ui_test_wait_for (ui_test_is_true, &done, TIMEOUT_MS));
  g_assert_true (select_item (domain));
  g_assert_true (ui_test_wait_for (run_enabled, NULL, TIMEOUT_MS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "domain.run", NULL));
  /* the core's word arrives while the start is still under way */
  g_signal_emit_by_name (domain, "cpu-fallback", sentence);
  g_assert_true (ui_test_wait_for (toast_shown, (gpointer) sentence, TIMEOUT_MS));
  g_assert_true (ui_test_wait_for (domain_running, domain, TIMEOUT_MS));
  close_toasts ();
}

static void
test_help (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vireo-help-XXXXXX", &error);
  g_autofree char *yelp = NULL;
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *path = NULL;
  g_autofree char *index_html = g_build_filename (g_getenv ("VIREO_BUILD_DIR"), "help", "html",
                                                  "index.html", NULL);
  g_autofree char *index_uri = g_filename_to_uri (index_html, NULL, NULL);
  GtkWidget *button, *popover;
  gulong id;

  g_assert_no_error (error);
  id = g_signal_connect (app, "show-uri", G_CALLBACK (show_uri_cb), NULL);

  /* a desktop with Yelp, the help viewer */
  yelp = g_build_filename (dir, "yelp", NULL);
  g_assert_true (g_file_set_contents (yelp, "#!/bin/sh\nexit 0\n", -1, &error));
  g_assert_cmpint (g_chmod (yelp, 0755), ==, 0);
  path = g_strconcat (dir, ":", old_path, NULL);
  g_setenv ("PATH", path, TRUE);

  /* the main menu's Help item opens the help's front page */
  button = find_main_menu_button (GTK_WIDGET (window));
  g_assert_nonnull (button);
  ui_test_wait_drawn (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (ui_test_wait_for (popover_shown, popover, TIMEOUT_MS));
  click_menu_item (popover, "Help");
  g_assert_true (ui_test_wait_for (uri_shown, NULL, TIMEOUT_MS));
  g_assert_cmpstr (shown_uri, ==, "help:vireo");
  g_clear_pointer (&shown_uri, g_free);

  /* so does F1 */
  g_assert_true (press_shortcut (GTK_WIDGET (window), GDK_KEY_F1));
  g_assert_true (ui_test_wait_for (uri_shown, NULL, TIMEOUT_MS));
  g_assert_cmpstr (shown_uri, ==, "help:vireo");
  g_clear_pointer (&shown_uri, g_free);

  /* without Yelp: the page as HTML in the web browser, and the person is told why */
  g_unlink (yelp);
  g_assert_true (press_shortcut (GTK_WIDGET (window), GDK_KEY_F1));
  g_assert_true (ui_test_wait_for (uri_shown, NULL, TIMEOUT_MS));
  g_assert_cmpstr (shown_uri, ==, index_uri);
  g_clear_pointer (&shown_uri, g_free);
  g_assert_true (ui_test_wait_for (toast_shown,
                                   (gpointer) "Yelp, the help viewer, is not installed: showing the "
                                              "help in the web browser instead.",
                                   TIMEOUT_MS));

  /* the person closes the toasts */
  close_toasts ();

  g_setenv ("PATH", old_path, TRUE);
  g_signal_handler_disconnect (app, id);
  g_rmdir (dir);
}

/* -- columns after a search (issue 9) ---------------------------------- */

#define N_MANY_VMS 120

static gboolean
many_shown (gpointer uri)
{
  VireoConnection *connection = find_connection (uri);

  return connection != NULL &&
         vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED &&
         g_list_model_get_n_items (vireo_connection_get_domains (connection)) == N_MANY_VMS &&
         row_for_item (find_connection (uri_a)) != NULL;
}

static void
collect_vm_rows (GtkWidget *widget,
                 GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (VIREO_IS_LIST_ROW (child))
        {
          if (gtk_widget_get_mapped (child) &&
              VIREO_IS_DOMAIN (vireo_list_row_get_item (VIREO_LIST_ROW (child))))
            g_ptr_array_add (rows, child);
        }
      else
        collect_vm_rows (child, rows);
    }
}

/* every VM row a person sees shows the memory column, or none does */
static void
assert_memory_column_shown (gboolean shown)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_vm_rows (GTK_WIDGET (vireo_manager_window_get_list_view (window)), rows);
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      VireoListRow *row = g_ptr_array_index (rows, i);
      GtkWidget *cell = vireo_list_row_get_column_widget (row, VIREO_LIST_COLUMN_MEMORY);

      g_assert_cmpint (gtk_widget_get_visible (cell), ==, shown);
    }
}

/* A search drops most rows (GTK tears their widgets down) and clearing it
 * makes new ones; a column toggled afterwards reaches only live rows
 * (criticals are fatal: a torn-down row would fail VIREO_IS_LIST_ROW). */
static void
test_columns_after_search (void)
{
  GSettings *settings = vireo_application_get_settings (app);
  g_autoptr(GString) xml = g_string_new ("<node>\n"
                                         "  <cpu><mhz>2000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets>"
                                         "<cores>2</cores><threads>1</threads></cpu>\n"
                                         "  <memory>8388608</memory>\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vireo-many-host-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  static const char *searches[] = { "many-01", "ZULU", "many-1", "nothing matches this" };

  g_assert_no_error (error);
  g_assert_nonnull (settings);
  for (guint i = 0; i < N_MANY_VMS; i++)
    g_string_append_printf (xml,
                            "  <domain type='test'><name>many-%03u</name>"
                            "<memory unit='MiB'>256</memory><vcpu>1</vcpu>"
                            "<os><type arch='x86_64'>hvm</type></os></domain>\n", i);
  g_string_append (xml, "</node>\n");
  path = g_build_filename (dir, "many.xml", NULL);
  g_assert_true (g_file_set_contents (path, xml->str, xml->len, &error));
  uri = g_strconcat ("test://", path, NULL);

  /* from the top of the list (an earlier test scrolled to its end), where
   * host A's rows are */
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (vireo_manager_window_get_list_view (window))), 0);
  vireo_application_add_connection (app, uri, FALSE, FALSE);
  g_assert_true (ui_test_wait_for (many_shown, uri, TIMEOUT_MS));
  ui_test_spin (100);
  assert_memory_column_shown (FALSE);

  for (guint round = 0; round < 2 * G_N_ELEMENTS (searches); round++)
    {
      gboolean memory = !g_settings_get_boolean (settings, "list-column-memory");

      vireo_manager_window_set_search_text (window, searches[round % G_N_ELEMENTS (searches)]);
      ui_test_spin (50);
      vireo_manager_window_set_search_text (window, "");
      ui_test_spin (50);
      /* the View menu's check item on odd rounds, the setting on even ones */
      if (round % 2 == 1)
        g_action_group_activate_action (G_ACTION_GROUP (window), "list-column-memory", NULL);
      else
        g_settings_set_boolean (settings, "list-column-memory", memory);
      g_assert_cmpint (g_settings_get_boolean (settings, "list-column-memory"), ==, memory);
      ui_test_spin (50);
      assert_memory_column_shown (memory);
    }

  g_settings_reset (settings, "list-column-memory");
  ui_test_spin (50);
  assert_memory_column_shown (FALSE);

  vireo_application_remove_connection (app, find_connection (uri));
  g_assert_null (find_connection (uri));
  g_unlink (path);
  g_rmdir (dir);
}

/* -- main -------------------------------------------------------------- */

static gboolean
window_ready (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (window)) &&
         gtk_widget_get_width (GTK_WIDGET (window)) > 0;
}

static gboolean
log_is_fatal (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  /* no session bus under xvfb-run: GTK says so once; nothing else may warn */
  if (strstr (message, "session bus") != NULL)
    return FALSE;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ui_test_app_init (&argc, &argv);
  g_test_log_set_fatal_handler (log_is_fatal, NULL);

  uri_a = g_strdup ("test://" UI_TESTS_DIR "/host-a.xml");
  uri_b = g_strdup ("test://" UI_TESTS_DIR "/host-b.xml");

  app = ui_test_app_new ();

  window = VIREO_MANAGER_WINDOW (vireo_manager_window_new (app));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ui_test_wait_for (window_ready, NULL, TIMEOUT_MS));

  vireo_application_add_connection (app, uri_a, FALSE, FALSE);
  vireo_application_add_connection (app, uri_b, FALSE, FALSE);
  vireo_application_add_connection (app, BOGUS_URI, FALSE, FALSE);

  g_test_add_func ("/manager-window/sections", test_sections);
  g_test_add_func ("/manager-window/markup-name", test_markup_name);
  g_test_add_func ("/manager-window/search", test_search);
  g_test_add_func ("/manager-window/live-state-change", test_live_state_change);
  g_test_add_func ("/manager-window/render-png", test_render_png);
  g_test_add_func ("/manager-window/context-menu", test_context_menu);
  g_test_add_func ("/manager-window/error-dialog", test_error_dialog);
  g_test_add_func ("/manager-window/run-notice", test_run_notice);
  g_test_add_func ("/manager-window/force-off-and-delete", test_force_off_and_delete);
  g_test_add_func ("/manager-window/connection-menu", test_connection_menu);
  g_test_add_func ("/manager-window/help", test_help);
  g_test_add_func ("/manager-window/empty-connection", test_empty_connection);
  g_test_add_func ("/manager-window/columns-after-search", test_columns_after_search);
  g_test_add_func ("/manager-window/empty-state", test_empty_state);

  ret = g_test_run ();

  /* clean up: connections, window, application, files */
  ui_test_app_shutdown (&app, GTK_WIDGET (window));

  g_free (uri_a);
  g_free (uri_b);

  return ret;
}
