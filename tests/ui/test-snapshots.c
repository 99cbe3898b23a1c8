/* test-snapshots.c — the VM window's Snapshots page and its questions (issue 15)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test:///default through Vireo's windows, as a person uses them: the page
 * of a VM without snapshots offers Create; Create Snapshot (the domain action
 * of the menus and Ctrl+Shift+T) proposes a free name, and two snapshots
 * show as a tree, the second under the first and marked Current; a name
 * already taken is refused with a sentence; Revert moves Current back; Delete
 * with its later snapshots empties the page. A VM that allows only one kind
 * (a kvm VM on a network disk: no external snapshot) says why in the Create
 * dialog, and one that allows none says why Create is greyed out. Names and
 * descriptions with markup characters show literally.
 */
#define G_LOG_DOMAIN "test-snapshots"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vireo-domain-actions.h"
#include "vireo-snapshot-private.h"
#include "vireo-snapshots-page.h"
#include "vireo-vm-window.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 20000
#define VM_A       "snap-a"
#define VM_NET     "snap-net"
#define VM_NONE    "snap-none"
#define VM_HOSTILE "snap-hostile"
#define VM_KVM     "snap-kvm"
#define HOSTILE_NAME "<b>bold</b> & <i>x</i>"
#define HOSTILE_DESCRIPTION "<span color='red'>red</span> &amp;"

static VireoConnection *connection;
static virConnectPtr virsh;
static char *cachedir;

static void
define_vm (const char *xml)
{
  virDomainPtr dom = virDomainDefineXML (virsh, xml);

  g_assert_nonnull (dom);
  virDomainFree (dom);
}

static void
undefine_vm (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (virsh, name);

  if (dom == NULL)
    return;
  if (virDomainIsActive (dom) == 1)
    virDomainDestroy (dom);
  virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
  virDomainFree (dom);
}

static gboolean
domain_listed (gpointer data)
{
  return ui_test_find_domain (connection, data) != NULL;
}

static gboolean
domain_not_listed (gpointer data)
{
  return ui_test_find_domain (connection, data) == NULL;
}

static VireoDomain *
fresh_vm (const char *name,
          const char *xml)
{
  define_vm (xml);
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) name, TIMEOUT_MS));
  return ui_test_find_domain (connection, name);
}

/* gone from libvirt, with its snapshots, and from Vireo's list */
static void
remove_vm (const char *name)
{
  undefine_vm (name);
  g_assert_true (ui_test_wait_for (domain_not_listed, (gpointer) name, TIMEOUT_MS));
}

static gboolean
is_type (GtkWidget *widget, gconstpointer data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static gboolean
is_problem_label (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error");
}

/* a menu's item (GtkModelButton, private to GTK) by the text it shows (no mnemonic) */
static gboolean
is_menu_item (GtkWidget *widget, gconstpointer data)
{
  g_autofree char *text = NULL;

  if (!g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    return FALSE;
  g_object_get (widget, "text", &text, NULL);
  return g_strcmp0 (text, data) == 0;
}

static gboolean
is_more_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), "More Actions") == 0;
}

static gboolean
is_check_labelled (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), data) == 0;
}

static gboolean
no_message_dialog (gpointer data)
{
  return ui_test_find_message_dialog () == NULL;
}

/* the window of @domain, on its Snapshots page (through "domain.snapshots"), once read */
static gboolean
page_loaded (gpointer data)
{
  return vireo_snapshots_page_get_loaded (data);
}

static GtkWidget *
open_snapshots (VireoDomain         *domain,
                VireoSnapshotsPage **page)
{
  GtkWidget *window = vireo_vm_window_new (NULL, domain);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (window, "domain.snapshots", NULL));
  *page = VIREO_SNAPSHOTS_PAGE (ui_test_find_match (window, is_type,
                                                    GSIZE_TO_POINTER (VIREO_TYPE_SNAPSHOTS_PAGE)));
  g_assert_nonnull (*page);
  ui_test_wait_drawn (GTK_WIDGET (*page));
  g_assert_true (ui_test_wait_for (page_loaded, *page, TIMEOUT_MS));
  return window;
}

static GtkListView *
page_list (VireoSnapshotsPage *page)
{
  return GTK_LIST_VIEW (ui_test_find_match (GTK_WIDGET (page), is_type,
                                            GSIZE_TO_POINTER (GTK_TYPE_LIST_VIEW)));
}

static guint
n_rows (VireoSnapshotsPage *page)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (page_list (page))));
}

/* row @i of the tree, and its snapshot's name (owned by the row's item) */
static GtkTreeListRow *
row_at (VireoSnapshotsPage *page,
        guint               i,
        const char        **name)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (page_list (page)));
  GtkTreeListRow *row = g_list_model_get_item (model, i);
  g_autoptr (VireoSnapshot) snapshot = gtk_tree_list_row_get_item (row);

  g_object_unref (row); /* the model keeps it */
  *name = vireo_snapshot_get_name (snapshot);
  return row;
}

typedef struct
{
  VireoSnapshotsPage *page;
  guint               n;
} RowsWait;

static gboolean
rows_are (gpointer data)
{
  RowsWait *wait = data;

  return page_loaded (wait->page) && n_rows (wait->page) == wait->n;
}

static void
wait_rows (VireoSnapshotsPage *page,
           guint               n)
{
  RowsWait wait = { page, n };

  g_assert_true (ui_test_wait_for (rows_are, &wait, TIMEOUT_MS));
}

/* the row widget (a GtkTreeExpander) that shows @name, drawn on screen, or NULL */
static GtkWidget *
shown_row (VireoSnapshotsPage *page,
           const char         *name)
{
  GtkWidget *label = ui_test_shown_label (GTK_WIDGET (page), name);

  if (label == NULL)
    return NULL;
  return gtk_widget_get_ancestor (label, GTK_TYPE_TREE_EXPANDER);
}

/* whether the row of @name shows the "Current" marker */
static gboolean
row_is_current (VireoSnapshotsPage *page,
                const char         *name)
{
  GtkWidget *row = shown_row (page, name);
  GtkWidget *marker = row != NULL ? ui_test_find_widget (row, GTK_TYPE_LABEL, "Current") : NULL;

  return marker != NULL && gtk_widget_is_drawable (marker);
}

typedef struct
{
  VireoSnapshotsPage *page;
  const char         *name;
} CurrentWait;

static gboolean
current_is (gpointer data)
{
  CurrentWait *wait = data;

  return row_is_current (wait->page, wait->name);
}

static const char *
problem_text (AdwMessageDialog *dialog)
{
  GtkWidget *label = ui_test_find_match (adw_message_dialog_get_extra_child (dialog),
                                         is_problem_label, NULL);

  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : "";
}

static void
respond (AdwMessageDialog *dialog, const char *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static gboolean
description_shown (gpointer data)
{
  return ui_test_shown_label (data, "before the big upgrade") != NULL;
}

static gboolean
create_ready (gpointer data)
{
  return adw_message_dialog_get_response_enabled (data, "confirm");
}

/* the Create dialog of @window's VM (its "domain.snapshot-create"), once its name is proposed */
static AdwMessageDialog *
open_create (GtkWidget *widget, const char *action)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (widget, action, NULL));
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = ui_test_find_message_dialog ();
  g_assert_true (ui_test_wait_for (create_ready, dialog, TIMEOUT_MS));
  return dialog;
}

static GtkWidget *
find_row (AdwMessageDialog *dialog, const char *title)
{
  GtkWidget *row = ui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_ROW, title);

  g_assert_nonnull (row);
  return row;
}

/* the dialog's entry titled @title */
static GtkEditable *
dialog_row (AdwMessageDialog *dialog, const char *title)
{
  return GTK_EDITABLE (find_row (dialog, title));
}

static void
test_tree_revert_delete (void)
{
  VireoDomain *domain = fresh_vm (VM_A, "<domain type='test'><name>" VM_A "</name>"
                                        "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                        "<os><type arch='x86_64'>hvm</type></os></domain>");
  VireoSnapshotsPage *page;
  AdwMessageDialog *dialog;
  GtkTreeListRow *first, *second;
  const char *name;
  GtkWidget *window, *extra, *all;
  GtkEditable *entry;
  virDomainPtr dom = virDomainLookupByName (virsh, VM_A);
  virDomainSnapshotPtr snap, parent;

  window = open_snapshots (domain, &page);
  /* none yet: the empty state, with Create */
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (page), "No Snapshots"));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, "_Create Snapshot…"));

  /* the menus' Create Snapshot: a free name is proposed */
  dialog = open_create (window, "domain.snapshot-create");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Create a Snapshot of “" VM_A "”");
  g_assert_cmpstr (gtk_editable_get_text (dialog_row (dialog, "Name")), ==, VM_A "-snapshot-1");
  gtk_editable_set_text (dialog_row (dialog, "Description"), "before the upgrade");
  respond (dialog, "confirm");
  wait_rows (page, 1);

  /* the second, from the page's own button, is taken from the first */
  dialog = open_create (GTK_WIDGET (page), "snapshots.create");
  g_assert_cmpstr (gtk_editable_get_text (dialog_row (dialog, "Name")), ==, VM_A "-snapshot-2");
  respond (dialog, "confirm");
  wait_rows (page, 2);

  first = row_at (page, 0, &name);
  g_assert_cmpstr (name, ==, VM_A "-snapshot-1");
  g_assert_cmpuint (gtk_tree_list_row_get_depth (first), ==, 0);
  second = row_at (page, 1, &name);
  g_assert_cmpstr (name, ==, VM_A "-snapshot-2");
  g_assert_cmpuint (gtk_tree_list_row_get_depth (second), ==, 1);
  {
    g_autoptr (GtkTreeListRow) up = gtk_tree_list_row_get_parent (second);

    g_assert_true (up == first);
  }
  /* libvirt holds the same tree */
  snap = virDomainSnapshotLookupByName (dom, VM_A "-snapshot-2", 0);
  parent = virDomainSnapshotGetParent (snap, 0);
  g_assert_cmpstr (virDomainSnapshotGetName (parent), ==, VM_A "-snapshot-1");
  virDomainSnapshotFree (parent);
  virDomainSnapshotFree (snap);

  /* what a person sees: both rows, the newest marked Current, the description */
  {
    CurrentWait wait = { page, VM_A "-snapshot-2" };

    g_assert_true (ui_test_wait_for (current_is, &wait, TIMEOUT_MS));
  }
  g_assert_nonnull (shown_row (page, VM_A "-snapshot-1"));
  g_assert_false (row_is_current (page, VM_A "-snapshot-1"));
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (page), "before the upgrade"));

  /* Edit Description of the first (the Delete key on the list is Delete, not this) */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (page_list (page))), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "snapshots.edit-description", NULL));
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = ui_test_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Description of “" VM_A "-snapshot-1”");
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "before the upgrade");
  gtk_editable_set_text (entry, "before the big upgrade");
  respond (dialog, "confirm");
  g_assert_true (ui_test_wait_for (description_shown, page, TIMEOUT_MS));
  g_assert_null (ui_test_shown_label (GTK_WIDGET (page), "before the upgrade"));

  /* a name already taken: said at once, Create stays off */
  dialog = open_create (GTK_WIDGET (page), "snapshots.create");
  gtk_editable_set_text (dialog_row (dialog, "Name"), VM_A "-snapshot-1");
  ui_test_iterate ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  g_assert_cmpstr (problem_text (dialog), ==,
                   "A snapshot called “\u2068" VM_A "-snapshot-1\u2069” already exists. Choose another name.");
  gtk_editable_set_text (dialog_row (dialog, "Name"), "a/b");
  ui_test_iterate ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  g_assert_cmpstr (problem_text (dialog), ==, "The name cannot contain “/”.");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (ui_test_wait_for (no_message_dialog, NULL, TIMEOUT_MS));

  /* Revert to the first: it becomes the current one */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (page_list (page))), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "snapshots.revert", NULL));
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = ui_test_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Revert to “" VM_A "-snapshot-1”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "is lost"));
  respond (dialog, "confirm");
  {
    CurrentWait wait = { page, VM_A "-snapshot-1" };

    g_assert_true (ui_test_wait_for (current_is, &wait, TIMEOUT_MS));
  }
  g_assert_false (row_is_current (page, VM_A "-snapshot-2"));
  snap = virDomainSnapshotCurrent (dom, 0);
  g_assert_cmpstr (virDomainSnapshotGetName (snap), ==, VM_A "-snapshot-1");
  virDomainSnapshotFree (snap);

  /* Delete the first with the later one: a choice, then nothing left */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (page_list (page))), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "snapshots.delete", NULL));
  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = ui_test_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete the Snapshot “" VM_A "-snapshot-1”?");
  extra = adw_message_dialog_get_extra_child (dialog);
  g_assert_nonnull (extra);
  g_assert_nonnull (ui_test_find_match (extra, is_check_labelled, "_Only this snapshot"));
  all = ui_test_find_match (extra, is_check_labelled, "This snapshot _and the 1 later one");
  g_assert_nonnull (all);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (all)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (all), TRUE);
  respond (dialog, "confirm");
  wait_rows (page, 0);
  ui_test_wait_drawn (GTK_WIDGET (page));
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (page), "No Snapshots"));
  g_assert_cmpint (virDomainSnapshotNum (dom, 0), ==, 0);
  g_assert_null (ui_test_find_message_dialog ());

  virDomainFree (dom);
  gtk_window_destroy (GTK_WINDOW (window));
  remove_vm (VM_A);
}

/* a kvm VM on a network disk: internal snapshots only, and the dialog says why not external */
static void
test_only_internal_says_why (void)
{
  VireoDomain *domain = fresh_vm (VM_NET,
                                  "<domain type='kvm'><name>" VM_NET "</name>"
                                  "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                  "<os><type arch='x86_64'>hvm</type></os><devices>"
                                  "<disk type='network' device='disk'><driver name='qemu' type='qcow2'/>"
                                  "<source protocol='nbd' name='disk'><host name='localhost' port='10809'/></source>"
                                  "<target dev='vda' bus='virtio'/></disk></devices></domain>");
  g_autoptr (VireoSnapshotSupport) support = vireo_domain_get_snapshot_support (domain);
  AdwMessageDialog *dialog;
  GtkWidget *kind;
  const char *subtitle;

  g_assert_true (support->internal);
  g_assert_false (support->external);
  g_assert_nonnull (support->external_reason);

  dialog = ADW_MESSAGE_DIALOG (vireo_snapshot_create_dialog_present (NULL, domain));
  g_assert_true (ui_test_wait_for (create_ready, dialog, TIMEOUT_MS));
  kind = find_row (dialog, "Kind");
  /* no choice to make, and the reason for it */
  g_assert_null (ui_test_find_match (kind, is_type, GSIZE_TO_POINTER (GTK_TYPE_DROP_DOWN)));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (kind));
  g_assert_true (g_str_has_prefix (subtitle, "Internal: "));
  g_assert_nonnull (strstr (subtitle, support->external_reason));
  ui_test_render_check (GTK_WIDGET (dialog), "snapshot-create-internal-only.png");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (ui_test_wait_for (no_message_dialog, NULL, TIMEOUT_MS));
  remove_vm (VM_NET);
}

/* an external snapshot of @vm taken on 2023-11-11 22:13:20 UTC, as libvirt keeps one */
static void
redefine_external (const char *vm,
                   const char *name)
{
  virDomainPtr dom = virDomainLookupByName (virsh, vm);
  char *definition = virDomainGetXMLDesc (dom, 0);
  g_autofree char *xml = g_strdup_printf ("<domainsnapshot><name>%s</name><state>shutoff</state>"
                                          "<creationTime>1700000000</creationTime><memory snapshot='no'/>"
                                          "<disks><disk name='vda' snapshot='external'>"
                                          "<source file='/var/lib/libvirt/images/%s.%s'/></disk></disks>"
                                          "%s</domainsnapshot>",
                                          name, vm, name, definition);
  virDomainSnapshotPtr snap = virDomainSnapshotCreateXML (dom, xml, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE);

  g_assert_nonnull (snap);
  virDomainSnapshotFree (snap);
  free (definition);
  virDomainFree (dom);
}

/* a kvm VM whose one disk is shared: no snapshot at all, and Create says why it is off */
static void
test_none_says_why (void)
{
  VireoDomain *domain = fresh_vm (VM_NONE,
                                  "<domain type='kvm'><name>" VM_NONE "</name>"
                                  "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                  "<os><type arch='x86_64'>hvm</type></os><devices>"
                                  "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                                  "<source file='/var/lib/libvirt/images/shared.img'/>"
                                  "<target dev='vda' bus='virtio'/><shareable/></disk></devices></domain>");
  g_autofree char *blocker = vireo_snapshot_create_blocker (domain);
  g_autoptr (VireoSnapshotSupport) support = NULL;
  g_autofree char *both = NULL;
  VireoSnapshotsPage *page;
  GtkWidget *window, *button, *reason, *more, *item;
  GtkPopover *popover;

  g_assert_nonnull (blocker);
  window = open_snapshots (domain, &page);
  button = ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, "_Create Snapshot…");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, blocker);
  reason = ui_test_shown_label (GTK_WIDGET (page), blocker);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (blocker, "vda"));
  /* the window's menu item is off too, with the same reason as its tooltip */
  more = ui_test_find_match (window, is_more_button, NULL);
  g_assert_nonnull (more);
  ui_test_wait_drawn (more);
  gtk_menu_button_popup (GTK_MENU_BUTTON (more));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (more));
  g_assert_true (ui_test_wait_for ((UiTestCondition) gtk_widget_get_mapped, popover, TIMEOUT_MS));
  item = ui_test_find_match (GTK_WIDGET (popover), is_menu_item, "Create Snapshot…");
  g_assert_nonnull (item);
  g_assert_false (gtk_widget_is_sensitive (item));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (item), ==, blocker);
  gtk_popover_popdown (popover);

  /* an external snapshot made elsewhere (libvirt keeps it), read again as on libvirt's
   * news: listed, but this host's libvirt (9.0) cannot revert to it, and Revert says
   * which version can */
  redefine_external (VM_NONE, "ext1");
  g_signal_emit_by_name (domain, "snapshots-changed");
  wait_rows (page, 1);
  ui_test_wait_drawn (GTK_WIDGET (page));
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (page), "ext1"));
  /* its date in local time, the state the VM was in, its kind */
  {
    g_autoptr (GDateTime) taken = g_date_time_new_from_unix_local (1700000000);
    g_autofree char *date = g_date_time_format (taken, "%c");
    g_autofree char *line = g_strdup_printf ("%s · Shut off · External, disks only", date);

    g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (page), line));
  }
  button = ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, "_Revert…");
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button),
                            "Reverting to an external snapshot needs libvirt 9.9 or later on the host; it has libvirt 9.0"));
  button = ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, "_Create…");
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, blocker);
  /* both reasons also as text under the buttons */
  support = vireo_domain_get_snapshot_support (domain);
  both = g_strconcat (blocker, "\n", support->revert_external_reason, NULL);
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (page), both));
  /* Delete works on libvirt 9.0 */
  button = ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, "_Delete…");
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_null (gtk_widget_get_tooltip_text (button));

  gtk_window_destroy (GTK_WINDOW (window));
  remove_vm (VM_NONE);
}

/* the thumbnail the core keeps for snapshot @name of @domain: 64×48 pure red, or junk bytes */
static char *
write_thumbnail (VireoDomain *domain,
                 const char  *name,
                 gboolean     png)
{
  g_autofree char *base = _vireo_snapshot_thumbnail_base (vireo_domain_get_uuid (domain), name);
  g_autofree char *dir = NULL;
  char *path = g_strconcat (base, ".png", NULL);

  g_assert_true (g_str_has_prefix (path, cachedir));
  dir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  if (png)
    {
      g_autofree guchar *pixels = g_malloc (64 * 48 * 4);
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (GdkTexture) texture = NULL;

      for (int i = 0; i < 64 * 48; i++)
        {
          pixels[i * 4] = 0xff;     /* R8G8B8A8 */
          pixels[i * 4 + 1] = 0;
          pixels[i * 4 + 2] = 0;
          pixels[i * 4 + 3] = 0xff;
        }
      bytes = g_bytes_new (pixels, 64 * 48 * 4);
      texture = gdk_memory_texture_new (64, 48, GDK_MEMORY_R8G8B8A8, bytes, 64 * 4);
      g_assert_true (gdk_texture_save_to_png (texture, path));
    }
  else
    g_assert_true (g_file_set_contents (path, "\x89PNG\r\n\x1a\nnot really", -1, NULL));
  return path;
}

static gboolean
thumbnail_shown (gpointer data)
{
  GtkWidget *row = data;
  GtkWidget *picture = row != NULL ? ui_test_find_match (row, is_type, GSIZE_TO_POINTER (GTK_TYPE_PICTURE)) : NULL;

  return picture != NULL && gtk_widget_is_drawable (picture) &&
         gtk_picture_get_paintable (GTK_PICTURE (picture)) != NULL;
}

/* names and descriptions with markup characters show as they are */
static void
test_hostile_names (void)
{
  VireoDomain *domain;
  VireoSnapshotsPage *page;
  GtkWidget *window, *label, *picture;
  virDomainPtr dom;
  virDomainSnapshotPtr snap;
  g_autofree char *red = NULL;
  g_autofree char *junk = NULL;
  UiTestImage image = { 0 };
  const GdkRGBA red_color = { 1, 0, 0, 1 };

  define_vm ("<domain type='test'><name>" VM_HOSTILE "</name>"
             "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
             "<os><type arch='x86_64'>hvm</type></os></domain>");
  dom = virDomainLookupByName (virsh, VM_HOSTILE);
  snap = virDomainSnapshotCreateXML (dom,
                                     "<domainsnapshot><name>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;x&lt;/i&gt;</name>"
                                     "<description>&lt;span color='red'&gt;red&lt;/span&gt; &amp;amp;</description>"
                                     "</domainsnapshot>", 0);
  g_assert_nonnull (snap);
  virDomainSnapshotFree (snap);
  /* a second one whose thumbnail file is junk: no picture, nothing else changes */
  snap = virDomainSnapshotCreateXML (dom, "<domainsnapshot><name>junk</name></domainsnapshot>", 0);
  g_assert_nonnull (snap);
  virDomainSnapshotFree (snap);
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) VM_HOSTILE, TIMEOUT_MS));
  domain = ui_test_find_domain (connection, VM_HOSTILE);
  red = write_thumbnail (domain, HOSTILE_NAME, TRUE);
  junk = write_thumbnail (domain, "junk", FALSE);

  window = open_snapshots (domain, &page);
  wait_rows (page, 2);
  ui_test_wait_drawn (GTK_WIDGET (page));
  label = ui_test_shown_label (GTK_WIDGET (page), HOSTILE_NAME);
  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));
  label = ui_test_shown_label (GTK_WIDGET (page), HOSTILE_DESCRIPTION);
  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));
  ui_test_render_check (GTK_WIDGET (page), "snapshots-hostile.png");

  /* the thumbnail: on screen, scaled, with its accessible label; none for the junk file */
  g_assert_true (ui_test_wait_for (thumbnail_shown, shown_row (page, HOSTILE_NAME), TIMEOUT_MS));
  picture = ui_test_find_match (shown_row (page, HOSTILE_NAME), is_type, GSIZE_TO_POINTER (GTK_TYPE_PICTURE));
  g_assert_cmpint (gtk_widget_get_width (picture), <=, 96);
  g_assert_cmpint (gtk_widget_get_height (picture), <=, 72);
  ui_test_render (picture, "snapshot-thumbnail.png", &image);
  g_assert_cmpuint (ui_test_image_count_color (&image, 0, 0, image.width, image.height, &red_color, 0.05),
                    >, 40 * 30);
  ui_test_image_clear (&image);
  g_assert_false (thumbnail_shown (shown_row (page, "junk")));

  virDomainFree (dom);
  gtk_window_destroy (GTK_WINDOW (window));
  remove_vm (VM_HOSTILE);
  g_unlink (red);
  g_unlink (junk);
}

/* a running kvm VM with a qcow2 disk: both kinds; internal keeps the memory (QEMU's way),
 * so the switch is locked on and says why, until External is chosen */
static void
test_running_memory (void)
{
  VireoDomain *domain = fresh_vm (VM_KVM,
                                  "<domain type='kvm'><name>" VM_KVM "</name>"
                                  "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                  "<os><type arch='x86_64'>hvm</type></os><devices>"
                                  "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                                  "<source file='/var/lib/libvirt/images/" VM_KVM ".qcow2'/>"
                                  "<target dev='vda' bus='virtio'/></disk></devices></domain>");
  virDomainPtr dom = virDomainLookupByName (virsh, VM_KVM);
  AdwMessageDialog *dialog;
  GtkWidget *memory, *toggle, *kind;
  GtkDropDown *dropdown;

  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  virDomainFree (dom);
  g_assert_true (ui_test_wait_for (ui_test_domain_is_running, domain, TIMEOUT_MS));

  dialog = ADW_MESSAGE_DIALOG (vireo_snapshot_create_dialog_present (NULL, domain));
  g_assert_true (ui_test_wait_for (create_ready, dialog, TIMEOUT_MS));
  kind = find_row (dialog, "Kind");
  dropdown = GTK_DROP_DOWN (ui_test_find_match (kind, is_type, GSIZE_TO_POINTER (GTK_TYPE_DROP_DOWN)));
  g_assert_nonnull (dropdown);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);
  memory = find_row (dialog, "Include Memory");
  toggle = ui_test_find_match (memory, is_type, GSIZE_TO_POINTER (GTK_TYPE_SWITCH));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_false (gtk_widget_is_sensitive (toggle));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (memory)), "always includes its memory"));

  gtk_drop_down_set_selected (dropdown, 1);
  g_assert_true (gtk_widget_is_sensitive (toggle));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (kind)), "External: "));
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (memory)), "always includes its memory"));

  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (ui_test_wait_for (no_message_dialog, NULL, TIMEOUT_MS));
  remove_vm (VM_KVM);
}

/* "Snapshots" in a list row's menu: the VM's window opens on its Snapshots page */
static void
test_open_from_list (void)
{
  VireoDomain *domain = fresh_vm (VM_A, "<domain type='test'><name>" VM_A "</name>"
                                        "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                        "<os><type arch='x86_64'>hvm</type></os></domain>");
  VireoApplication *app = ui_test_app_new ();
  GtkWidget *owner = gtk_window_new ();
  GActionGroup *actions = vireo_domain_actions_new (owner);
  GtkWidget *vm_window = NULL;
  GList *windows;

  gtk_window_set_application (GTK_WINDOW (owner), GTK_APPLICATION (app));
  /* the owner holds the group, as the manager window does */
  gtk_widget_insert_action_group (owner, "domain", actions);
  g_object_unref (actions);
  vireo_domain_actions_set_domain (actions, domain);
  gtk_window_present (GTK_WINDOW (owner));
  g_assert_true (g_action_group_get_action_enabled (actions, "snapshots"));
  g_action_group_activate_action (actions, "snapshots", NULL);

  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  for (GList *l = windows; l != NULL; l = l->next)
    if (VIREO_IS_VM_WINDOW (l->data))
      vm_window = l->data;
  g_assert_nonnull (vm_window);
  g_assert_true (vireo_vm_window_get_domain (VIREO_VM_WINDOW (vm_window)) == domain);
  g_assert_cmpstr (vireo_vm_window_get_help_page (VIREO_VM_WINDOW (vm_window)), ==, "vm-snapshots");

  gtk_window_destroy (GTK_WINDOW (vm_window));
  ui_test_app_shutdown (&app, owner);
  remove_vm (VM_A);
}

int
main (int argc, char *argv[])
{
  int ret;

  /* the thumbnails the core keeps, in a folder of the test's own */
  cachedir = g_dir_make_tmp ("vireo-ui-snapshots-XXXXXX", NULL);
  g_assert_nonnull (cachedir);
  g_setenv ("XDG_CACHE_HOME", cachedir, TRUE);
  ui_test_app_init (&argc, &argv);
  vireo_core_init ();

  virsh = virConnectOpen ("test:///default");
  g_assert_nonnull (virsh);
  connection = vireo_connection_new ("test:///default");
  ui_test_connection_open (connection, TIMEOUT_MS);

  g_test_add_func ("/snapshots/tree-revert-delete", test_tree_revert_delete);
  g_test_add_func ("/snapshots/only-internal-says-why", test_only_internal_says_why);
  g_test_add_func ("/snapshots/none-says-why", test_none_says_why);
  g_test_add_func ("/snapshots/hostile-names", test_hostile_names);
  g_test_add_func ("/snapshots/running-memory", test_running_memory);
  g_test_add_func ("/snapshots/open-from-list", test_open_from_list);

  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  undefine_vm (VM_A);
  undefine_vm (VM_NET);
  undefine_vm (VM_NONE);
  undefine_vm (VM_HOSTILE);
  undefine_vm (VM_KVM);
  virConnectClose (virsh);
  /* the folders the thumbnails were in, now empty */
  {
    g_autofree char *snapshots = g_build_filename (cachedir, "vireo", "snapshots", NULL);
    g_autoptr (GDir) dir = g_dir_open (snapshots, 0, NULL);
    const char *entry;

    while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (snapshots, entry, NULL);
        g_rmdir (path);
      }
    g_rmdir (snapshots);
    g_free (snapshots);
    snapshots = g_build_filename (cachedir, "vireo", NULL);
    g_rmdir (snapshots);
  }
  g_rmdir (cachedir);
  g_free (cachedir);

  return ret;
}
