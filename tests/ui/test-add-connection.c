/* test-add-connection.c — the Add Connection dialog builds the URI a person expects
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-add-connection"

#include "config.h"

#include <adwaita.h>

#include "vireo-add-connection-dialog.h"

#include "ui-test-util.h"

static GtkWidget *
find_preview_label (GtkWidget *root)
{
  /* the preview is the one selectable label in the dialog */
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_label_get_selectable (GTK_LABEL (child)))
        return child;
      found = find_preview_label (child);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static const char *
expected_uri (VireoHypervisor hypervisor, VireoTransport transport, guint port)
{
  static const char *local[] = {
    "qemu:///system",
    "qemu:///session",
    "xen:///system",
    "test:///default",
  };
  static const char *drivers[] = { "qemu", "qemu", "xen", "test" };
  static const char *paths[] = { "/system", "/session", "/system", "/default" };
  static const char *transports[] = { NULL, "ssh", "tls", "tcp" };
  static char buffer[256];

  if (transport == VIREO_TRANSPORT_LOCAL)
    return local[hypervisor];

  if (port != 0)
    g_snprintf (buffer, sizeof buffer, "%s+%s://alice@host2.example.com:%u%s", drivers[hypervisor],
                transports[transport], port, paths[hypervisor]);
  else
    g_snprintf (buffer, sizeof buffer, "%s+%s://alice@host2.example.com%s", drivers[hypervisor],
                transports[transport], paths[hypervisor]);
  return buffer;
}

static VireoAddConnectionDialog *
new_dialog (void)
{
  GtkWidget *dialog = vireo_add_connection_dialog_new (NULL);

  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return VIREO_ADD_CONNECTION_DIALOG (dialog);
}

static void
destroy_dialog (VireoAddConnectionDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static void
test_combinations (void)
{
  VireoAddConnectionDialog *dialog = new_dialog ();
  GtkWidget *preview = find_preview_label (GTK_WIDGET (dialog));
  GtkWidget *connect = ui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "C_onnect");
  static const guint ports[] = { 0, 2222 };

  g_assert_nonnull (preview);
  g_assert_nonnull (connect);

  /* the spot checks the issue names */
  vireo_add_connection_dialog_set_fields (dialog, VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_SSH,
                                          "alice", "host2.example.com", 2222);
  g_assert_cmpstr (vireo_add_connection_dialog_get_uri (dialog), ==,
                   "qemu+ssh://alice@host2.example.com:2222/system");
  vireo_add_connection_dialog_set_fields (dialog, VIREO_HYPERVISOR_TEST, VIREO_TRANSPORT_TCP,
                                          "alice", "host2.example.com", 0);
  g_assert_cmpstr (vireo_add_connection_dialog_get_uri (dialog), ==,
                   "test+tcp://alice@host2.example.com/default");

  for (guint h = VIREO_HYPERVISOR_QEMU_SYSTEM; h <= VIREO_HYPERVISOR_TEST; h++)
    for (guint t = VIREO_TRANSPORT_LOCAL; t <= VIREO_TRANSPORT_TCP; t++)
      for (guint p = 0; p < G_N_ELEMENTS (ports); p++)
        {
          const char *expected = expected_uri (h, t, ports[p]);

          vireo_add_connection_dialog_set_fields (dialog, h, t, "alice", "host2.example.com",
                                                  ports[p]);
          g_test_message ("hypervisor %u transport %u port %u → %s", h, t, ports[p], expected);
          g_assert_cmpstr (vireo_add_connection_dialog_get_uri (dialog), ==, expected);
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (preview)), ==, expected);
          g_assert_true (gtk_widget_get_sensitive (connect));
        }

  destroy_dialog (dialog);
}

static void
test_missing_host (void)
{
  VireoAddConnectionDialog *dialog = new_dialog ();
  GtkWidget *preview = find_preview_label (GTK_WIDGET (dialog));
  GtkWidget *connect = ui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "C_onnect");
  GtkWidget *host_row = ui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Host _Name");

  g_assert_nonnull (host_row);

  for (guint t = VIREO_TRANSPORT_SSH; t <= VIREO_TRANSPORT_TCP; t++)
    {
      vireo_add_connection_dialog_set_fields (dialog, VIREO_HYPERVISOR_QEMU_SYSTEM, t, "alice", "",
                                              0);
      g_assert_null (vireo_add_connection_dialog_get_uri (dialog));
      g_assert_false (gtk_widget_get_sensitive (connect));
      g_assert_true (gtk_widget_get_sensitive (host_row));
      /* the preview says why instead of showing a URI */
      g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (preview)), "://"));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (preview)), !=, "");
    }

  /* typing the host name fixes it */
  gtk_editable_set_text (GTK_EDITABLE (host_row), "host2.example.com");
  g_assert_cmpstr (vireo_add_connection_dialog_get_uri (dialog), ==,
                   "qemu+tcp://alice@host2.example.com/system");
  g_assert_true (gtk_widget_get_sensitive (connect));

  /* a local transport needs no host, and its host field is off */
  vireo_add_connection_dialog_set_fields (dialog, VIREO_HYPERVISOR_QEMU_SYSTEM,
                                          VIREO_TRANSPORT_LOCAL, NULL, NULL, 0);
  g_assert_cmpstr (vireo_add_connection_dialog_get_uri (dialog), ==, "qemu:///system");
  g_assert_false (gtk_widget_get_sensitive (host_row));
  g_assert_true (gtk_widget_get_sensitive (connect));

  /* a port that is not a number */
  vireo_add_connection_dialog_set_fields (dialog, VIREO_HYPERVISOR_QEMU_SYSTEM, VIREO_TRANSPORT_SSH,
                                          "alice", "host2.example.com", 0);
  gtk_editable_set_text (GTK_EDITABLE (ui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                                                            "_Port (empty for the default)")),
                         "22x");
  g_assert_null (vireo_add_connection_dialog_get_uri (dialog));
  g_assert_false (gtk_widget_get_sensitive (connect));

  destroy_dialog (dialog);
}

static void
test_custom_uri (void)
{
  VireoAddConnectionDialog *dialog = new_dialog ();
  GtkWidget *preview = find_preview_label (GTK_WIDGET (dialog));
  GtkWidget *custom = ui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Custom _URI");
  GtkWidget *host_row = ui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Host _Name");
  GtkWidget *hypervisor_row =
      ui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "_Hypervisor");
  GtkWidget *connect = ui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "C_onnect");

  g_assert_nonnull (custom);
  g_assert_nonnull (hypervisor_row);

  vireo_add_connection_dialog_set_fields (dialog, VIREO_HYPERVISOR_XEN, VIREO_TRANSPORT_SSH,
                                          "alice", "", 0);
  g_assert_false (gtk_widget_get_sensitive (connect));

  gtk_editable_set_text (GTK_EDITABLE (custom), "qemu+ssh://bob@10.0.0.2/system?keyfile=/k");
  g_assert_cmpstr (vireo_add_connection_dialog_get_uri (dialog), ==,
                   "qemu+ssh://bob@10.0.0.2/system?keyfile=/k");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (preview)), ==,
                   "qemu+ssh://bob@10.0.0.2/system?keyfile=/k");
  g_assert_true (gtk_widget_get_sensitive (connect));
  g_assert_false (gtk_widget_get_sensitive (host_row));
  g_assert_false (gtk_widget_get_sensitive (hypervisor_row));

  /* not a URI at all */
  gtk_editable_set_text (GTK_EDITABLE (custom), "hello world");
  g_assert_null (vireo_add_connection_dialog_get_uri (dialog));
  g_assert_false (gtk_widget_get_sensitive (connect));

  /* emptied: the fields count again */
  gtk_editable_set_text (GTK_EDITABLE (custom), "");
  g_assert_true (gtk_widget_get_sensitive (host_row));
  g_assert_null (vireo_add_connection_dialog_get_uri (dialog));

  destroy_dialog (dialog);
}

static void
connect_requested_cb (VireoAddConnectionDialog *dialog,
                      const char *uri,
                      gboolean autoconnect,
                      gpointer user_data)
{
  char **out = user_data;

  g_assert_null (*out);
  *out = g_strdup_printf ("%s %s", uri, autoconnect ? "auto" : "manual");
}

static gboolean
string_set (gpointer out)
{
  return *(char **) out != NULL;
}

static void
test_connect_signal (void)
{
  VireoAddConnectionDialog *dialog = new_dialog ();
  GtkWidget *connect = ui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "C_onnect");
  GtkWidget *custom = ui_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Custom _URI");
  GtkWidget *autoconnect = ui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SWITCH, NULL);
  g_autofree char *got = NULL;

  g_signal_connect (dialog, "connect-requested", G_CALLBACK (connect_requested_cb), &got);

  /* autoconnect is on by default */
  g_assert_true (vireo_add_connection_dialog_get_autoconnect (dialog));
  gtk_switch_set_active (GTK_SWITCH (autoconnect), FALSE);
  g_assert_false (vireo_add_connection_dialog_get_autoconnect (dialog));

  gtk_editable_set_text (GTK_EDITABLE (custom), "test:///default");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  /* a keyboard activation, as Enter on the button: GtkButton emits
   * "clicked" once its press animation ends */
  gtk_widget_activate (connect);
  g_assert_true (ui_test_wait_for (string_set, &got, 20000));

  g_assert_cmpstr (got, ==, "test:///default manual");
  /* the dialog closed itself */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  destroy_dialog (dialog);
}

static void
test_escape_cancels (void)
{
  VireoAddConnectionDialog *dialog = new_dialog ();
  g_autofree char *got = NULL;

  g_signal_connect (dialog, "connect-requested", G_CALLBACK (connect_requested_cb), &got);
  vireo_add_connection_dialog_set_fields (dialog, VIREO_HYPERVISOR_TEST, VIREO_TRANSPORT_LOCAL,
                                          NULL, NULL, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  g_assert_null (got);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  destroy_dialog (dialog);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/add-connection/combinations", test_combinations);
  g_test_add_func ("/add-connection/missing-host", test_missing_host);
  g_test_add_func ("/add-connection/custom-uri", test_custom_uri);
  g_test_add_func ("/add-connection/connect-signal", test_connect_signal);
  g_test_add_func ("/add-connection/escape-cancels", test_escape_cancels);

  return g_test_run ();
}
