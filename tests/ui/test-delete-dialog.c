/* test-delete-dialog.c — Delete with a choice of volumes (issue 15)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test:///default through Vireo's domain actions: Delete… shows the VM's
 * volumes, its own checked, one another VM uses unchecked with that VM's
 * name, one a running VM uses and a disk outside any pool not to be checked,
 * CD/DVD media unchecked with the reason; a running VM's dialog says it is
 * forced off first. Deleting removes what was checked; a volume that became
 * busy in between is kept and the message after says so, naming the VM.
 */
#define G_LOG_DOMAIN "test-delete-dialog"

#include "config.h"

#include <adwaita.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vireo-delete-dialog.h"
#include "vireo-domain-actions.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 20000
#define POOL "default-pool"

static VireoConnection *connection;
static virConnectPtr virsh;

static const char *const test_volumes[] = { "dd-own.img", "dd-shared.img", "dd-busy.img", "dd-media.iso" };
static const char *const test_domains[] = { "dd-a", "dd-b", "dd-run" };

/* -- libvirt's side ------------------------------------------------------ */

static void
create_volume (const char *name)
{
  g_autofree char *xml = g_strdup_printf ("<volume><name>%s</name><capacity>1048576</capacity></volume>", name);
  virStoragePoolPtr pool = virStoragePoolLookupByName (virsh, POOL);
  virStorageVolPtr vol = virStorageVolCreateXML (pool, xml, 0);

  g_assert_nonnull (vol);
  virStorageVolFree (vol);
  virStoragePoolFree (pool);
}

static gboolean
volume_exists (const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (virsh, POOL);
  virStorageVolPtr vol = virStorageVolLookupByName (pool, name);

  virStoragePoolFree (pool);
  if (vol == NULL)
    return FALSE;
  virStorageVolFree (vol);
  return TRUE;
}

static void
define (const char *name, const char *disks, gboolean start)
{
  g_autofree char *xml = g_strdup_printf ("<domain type='test'><name>%s</name>"
                                          "<memory unit='MiB'>64</memory>"
                                          "<os><type>hvm</type></os><devices>%s</devices></domain>",
                                          name, disks);
  virDomainPtr dom = virDomainDefineXML (virsh, xml);

  g_assert_nonnull (dom);
  if (start)
    g_assert_cmpint (virDomainCreate (dom), ==, 0);
  virDomainFree (dom);
}

static gboolean
domain_listed (gpointer name)
{
  return ui_test_find_domain (connection, name) != NULL;
}

static gboolean
domain_gone (gpointer name)
{
  return ui_test_find_domain (connection, name) == NULL;
}

static void
cleanup (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (test_domains); i++)
    {
      virDomainPtr dom = virDomainLookupByName (virsh, test_domains[i]);

      if (dom == NULL)
        continue;
      if (virDomainIsActive (dom) == 1)
        virDomainDestroy (dom);
      virDomainUndefine (dom);
      virDomainFree (dom);
    }
  for (guint i = 0; i < G_N_ELEMENTS (test_volumes); i++)
    {
      virStoragePoolPtr pool = virStoragePoolLookupByName (virsh, POOL);
      virStorageVolPtr vol = virStorageVolLookupByName (pool, test_volumes[i]);

      if (vol != NULL)
        {
          virStorageVolDelete (vol, 0);
          virStorageVolFree (vol);
        }
      virStoragePoolFree (pool);
    }
  virResetLastError ();
  /* Vireo has seen them go: the next case's VM of the same name is a new one */
  for (guint i = 0; i < G_N_ELEMENTS (test_domains); i++)
    g_assert_true (ui_test_wait_for (domain_gone, (gpointer) test_domains[i], TIMEOUT_MS));
}

#define DISK(dev, file) "<disk type='file' device='disk'><source file='/default-pool/" file "'/>" \
                        "<target dev='" dev "' bus='virtio'/></disk>"

/* -- Vireo's side -------------------------------------------------------- */

static VireoDeleteDialog *
find_delete_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (VIREO_IS_DELETE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return VIREO_DELETE_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
delete_dialog_loaded (gpointer data)
{
  VireoDeleteDialog *dialog = find_delete_dialog ();

  return dialog != NULL && vireo_delete_dialog_get_loaded (dialog);
}

/* the message after the delete: a message dialog that is not the question */
static gboolean
result_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && !VIREO_IS_DELETE_DIALOG (toplevel) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        {
          *(AdwMessageDialog **) data = ADW_MESSAGE_DIALOG (toplevel);
          return TRUE;
        }
    }
  return FALSE;
}

static GtkWidget *
actions_window (VireoDomain *domain, GActionGroup **actions)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *child = gtk_label_new ("owner");

  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  *actions = vireo_domain_actions_new (child);
  vireo_domain_actions_set_domain (*actions, domain);
  gtk_widget_insert_action_group (child, "domain", *actions);
  return window;
}

static VireoDeleteDialog *
open_dialog (GActionGroup *actions)
{
  VireoDeleteDialog *dialog;

  g_assert_true (g_action_group_get_action_enabled (actions, "delete"));
  g_action_group_activate_action (actions, "delete", NULL);
  g_assert_true (ui_test_wait_for (delete_dialog_loaded, NULL, TIMEOUT_MS));
  dialog = find_delete_dialog ();
  ui_test_wait_drawn (GTK_WIDGET (dialog));
  return dialog;
}

/* the row a person reads for @title, its check box, and its subtitle */
static GtkWidget *
volume_row (VireoDeleteDialog *dialog, const char *title, GtkWidget **check)
{
  GtkWidget *row = ui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  *check = ui_test_find_widget (row, GTK_TYPE_CHECK_BUTTON, NULL);
  g_assert_nonnull (*check);
  return row;
}

static void
assert_row (VireoDeleteDialog *dialog, const char *title, gboolean checked, gboolean can_check,
            const char *says)
{
  GtkWidget *check;
  GtkWidget *row = volume_row (dialog, title, &check);
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

  g_assert_cmpint (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)), ==, checked);
  g_assert_cmpint (gtk_widget_is_sensitive (check), ==, can_check);
  if (says != NULL && strstr (subtitle, says) == NULL)
    g_error ("the row “%s” says “%s”, not “%s”", title, subtitle, says);
  if (says == NULL)
    g_assert_null (strstr (subtitle, "\n"));
  /* and a person reads it */
  if (says != NULL)
    g_assert_nonnull (ui_test_shown_label (row, subtitle));
}

static void
test_list_and_delete (void)
{
  GActionGroup *actions = NULL;
  AdwMessageDialog *result = NULL;
  VireoDeleteDialog *dialog;
  GtkWidget *window, *check;
  VireoDomain *domain;
  const char *body;

  for (guint i = 0; i < G_N_ELEMENTS (test_volumes); i++)
    create_volume (test_volumes[i]);
  define ("dd-b", DISK ("vda", "dd-shared.img"), FALSE);
  define ("dd-run", DISK ("vda", "dd-busy.img"), TRUE);
  define ("dd-a", DISK ("vda", "dd-own.img") DISK ("vdb", "dd-shared.img") DISK ("vdc", "dd-busy.img")
                  "<disk type='file' device='cdrom'><source file='/default-pool/dd-media.iso'/>"
                  "<target dev='hdc' bus='ide'/><readonly/></disk>"
                  "<disk type='file' device='disk'><source file='/srv/elsewhere/plain.img'/>"
                  "<target dev='vdd' bus='virtio'/></disk>", FALSE);
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) "dd-a", TIMEOUT_MS));
  domain = ui_test_find_domain (connection, "dd-a");
  window = actions_window (domain, &actions);

  dialog = open_dialog (actions);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Delete “dd-a”?");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm"));
  g_assert_null (ui_test_shown_label (GTK_WIDGET (dialog),
                                      "It is running: it is forced off first, like pulling the power cord. "
                                      "Unsaved data in the guest is lost."));
  assert_row (dialog, "dd-own.img", TRUE, TRUE, NULL);
  assert_row (dialog, "dd-shared.img", FALSE, TRUE, "Also used by “\u2068dd-b\u2069”: unchecked");
  assert_row (dialog, "dd-busy.img", FALSE, FALSE,
              "In use by the running virtual machine “\u2068dd-run\u2069”: it is kept.");
  assert_row (dialog, "dd-media.iso", FALSE, TRUE, "CD/DVD media: unchecked");
  assert_row (dialog, "/srv/elsewhere/plain.img", FALSE, FALSE, "Not a volume of a storage pool");
  /* drawn as a person sees it: rows, check boxes, text */
  ui_test_render_check (GTK_WIDGET (dialog), "delete-dialog.png");

  /* the person checks the shared one too; dd-b starts before they press Delete */
  volume_row (dialog, "dd-shared.img", &check);
  gtk_widget_activate (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  {
    virDomainPtr dom = virDomainLookupByName (virsh, "dd-b");

    g_assert_cmpint (virDomainCreate (dom), ==, 0);
    virDomainFree (dom);
  }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  gtk_window_close (GTK_WINDOW (dialog));

  /* the VM and its own volume go; the busy one stays, and the message says why */
  g_assert_true (ui_test_wait_for (result_shown, &result, TIMEOUT_MS));
  g_assert_cmpstr (adw_message_dialog_get_heading (result), ==,
                   "“\u2068dd-a\u2069” Was Deleted, but Not All of Its Storage");
  body = adw_message_dialog_get_body (result);
  g_assert_nonnull (strstr (body, "The volume “\u2068" POOL "/dd-shared.img\u2069” was kept: "
                                  "the running virtual machine “\u2068dd-b\u2069” uses it."));
  g_assert_null (strstr (body, "dd-own"));
  ui_test_wait_drawn (GTK_WIDGET (result));
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (result), body));
  g_assert_true (domain_gone ((gpointer) "dd-a"));
  g_assert_false (volume_exists ("dd-own.img"));
  g_assert_true (volume_exists ("dd-shared.img"));
  g_assert_true (volume_exists ("dd-busy.img"));
  g_assert_true (volume_exists ("dd-media.iso"));
  gtk_window_destroy (GTK_WINDOW (result));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (actions);
  cleanup ();
}

/* a running VM: the dialog says it is forced off first; Cancel leaves it running */
static void
test_running_cancel (void)
{
  GActionGroup *actions = NULL;
  VireoDeleteDialog *dialog;
  VireoDomain *domain;
  GtkWidget *window;

  define ("dd-run", "", TRUE);
  g_assert_true (ui_test_wait_for (domain_listed, (gpointer) "dd-run", TIMEOUT_MS));
  domain = ui_test_find_domain (connection, "dd-run");
  g_assert_true (ui_test_wait_for (ui_test_domain_is_running, domain, TIMEOUT_MS));
  window = actions_window (domain, &actions);

  dialog = open_dialog (actions);
  g_assert_nonnull (ui_test_shown_label (GTK_WIDGET (dialog),
                                         "It is running: it is forced off first, like pulling the power cord. "
                                         "Unsaved data in the guest is lost."));
  g_assert_cmpint (vireo_delete_dialog_get_flags (dialog) & VIREO_DOMAIN_DELETE_FORCE_OFF, !=, 0);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_test_spin (200);
  g_assert_nonnull (ui_test_find_domain (connection, "dd-run"));
  g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (actions);
  cleanup ();
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

  g_test_add_func ("/delete-dialog/list-and-delete", test_list_and_delete);
  g_test_add_func ("/delete-dialog/running-cancel", test_running_cancel);
  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  virConnectClose (virsh);
  return ret;
}
