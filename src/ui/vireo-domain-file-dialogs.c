/* vireo-domain-file-dialogs.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rename, Save to File and Restore Saved VM (issue 15). The questions are
 * AdwMessageDialogs, as Force Off's and Delete's are; a path is typed or
 * chosen with GtkFileChooserNative (GTK 4.8 has no GtkFileDialog), and only on
 * a local host: libvirtd writes and reads the file, so on a remote host the
 * path is that host's, which the dialog says.
 */
#define G_LOG_DOMAIN "vireo-domain-file-dialogs"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-domain-file-dialogs.h"
#include "vireo-error-dialog.h"

#define MAX_PATH_CHARS 4096

/* -- shared ---------------------------------------------------------------------- */

typedef struct
{
  GtkWindow       *parent;       /* weak */
  VireoDomain     *domain;       /* owned, or NULL */
  VireoConnection *connection;   /* owned */
  char            *name;         /* the VM's name when asked */
  GtkEntry        *entry;        /* the dialog's; valid while it lives */
  GtkLabel        *problem;
  GtkWidget       *dialog;       /* weak */
  GtkWidget       *progress;     /* the Saving… message, weak */
  GtkProgressBar  *bar;
  GCancellable    *cancellable;
  gboolean         folder;       /* choose a file to save, not to open */
} FileAsk;

static void
file_ask_free (FileAsk *ask)
{
  g_clear_weak_pointer (&ask->parent);
  g_clear_weak_pointer (&ask->dialog);
  g_clear_weak_pointer (&ask->progress);
  g_clear_object (&ask->domain);
  g_clear_object (&ask->connection);
  g_clear_object (&ask->cancellable);
  g_free (ask->name);
  g_free (ask);
}

static FileAsk *
file_ask_new (GtkWindow       *parent,
              VireoDomain     *domain,
              VireoConnection *connection)
{
  FileAsk *ask = g_new0 (FileAsk, 1);

  g_set_weak_pointer (&ask->parent, parent);
  if (domain != NULL)
    {
      ask->domain = g_object_ref (domain);
      ask->name = g_strdup (vireo_domain_get_name (domain));
    }
  ask->connection = connection != NULL ? g_object_ref (connection) : NULL;
  return ask;
}

static void
file_ask_closure_free (gpointer  data,
                       GClosure *closure)
{
  file_ask_free (data);
}

static void
present_error (GtkWindow    *parent,
               const char   *heading,
               const GError *error)
{
  if (parent != NULL)
    vireo_error_dialog_present (parent, heading, error);
  else
    g_message ("%s: %s", heading, error->message);
}

static gboolean
connection_is_remote (VireoConnection *connection)
{
  return connection != NULL && vireo_uri_is_remote (vireo_connection_get_uri (connection));
}

/* the name of the host the path lives on, for the sentence that says so */
static char *
host_label (VireoConnection *connection)
{
  const char *hostname = vireo_connection_get_hostname (connection);

  return vireo_display_name_isolate (hostname != NULL ? hostname
                                                      : vireo_connection_get_label (connection));
}

static GtkWidget *
new_message_dialog (GtkWindow  *parent,
                    const char *heading,
                    const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  return dialog;
}

static GtkEntry *
new_entry (const char *accessible_label,
           const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_max_length (GTK_ENTRY (entry), MAX_PATH_CHARS);
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  return GTK_ENTRY (entry);
}

static GtkLabel *
new_problem_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  return GTK_LABEL (label);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     FileAsk         *ask)
{
  if (response == GTK_RESPONSE_ACCEPT && ask->dialog != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (ask->entry), path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_clicked_cb (GtkButton *button,
                   FileAsk   *ask)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GFile) current = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (ask->entry));

  if (ask->folder)
    chooser = gtk_file_chooser_native_new (_("Save to File"), GTK_WINDOW (ask->dialog),
                                           GTK_FILE_CHOOSER_ACTION_SAVE, _("_Select"), _("_Cancel"));
  else
    chooser = gtk_file_chooser_native_new (_("Choose a Saved Virtual Machine"),
                                           GTK_WINDOW (ask->dialog),
                                           GTK_FILE_CHOOSER_ACTION_OPEN, _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (g_path_is_absolute (text))
    {
      g_autofree char *dir = g_path_get_dirname (text);
      g_autoptr(GFile) folder = g_file_new_for_path (dir);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
      if (ask->folder)
        {
          g_autofree char *base = g_path_get_basename (text);
          gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), base);
        }
    }
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), ask);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The path entry, and for a local host a Choose… button beside it */
static GtkWidget *
new_path_row (FileAsk    *ask,
              const char *path)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  /* Translators: accessible label of the entry with a file's path */
  ask->entry = new_entry (_("Path on the host"), path);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (ask->entry));
  if (!connection_is_remote (ask->connection))
    {
      GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose…"));

      gtk_widget_set_tooltip_text (choose, _("Choose the file on this computer"));
      g_signal_connect (choose, "clicked", G_CALLBACK (choose_clicked_cb), ask);
      gtk_box_append (GTK_BOX (row), choose);
    }
  gtk_box_append (GTK_BOX (box), row);
  ask->problem = new_problem_label ();
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (ask->problem));
  return box;
}

/* An absolute path, at most MAX_PATH_CHARS: libvirtd needs the whole path */
static void
path_changed_cb (GtkEditable *editable,
                 FileAsk     *ask)
{
  const char *text = gtk_editable_get_text (editable);
  gboolean ok = g_path_is_absolute (text) && !g_str_has_suffix (text, "/");

  gtk_label_set_text (ask->problem, ok ? "" :
                      _("Type the file's full path on the host, starting with “/”."));
  gtk_widget_set_visible (GTK_WIDGET (ask->problem), !ok);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (ask->dialog), "confirm", ok);
}

/* -- rename ------------------------------------------------------------------------ */

static void
rename_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FileAsk *ask = user_data;
  g_autoptr(GError) error = NULL;

  if (!vireo_domain_rename_finish (VIREO_DOMAIN (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *isolated = vireo_display_name_isolate (ask->name);
      g_autofree char *heading = g_strdup_printf (_("Could not rename “%s”"), isolated);

      present_error (ask->parent, heading, error);
    }
  file_ask_free (ask);
}

static void
rename_text_changed_cb (GtkEditable *editable,
                        FileAsk     *ask)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (editable);
  gboolean ok = vireo_domain_check_new_name (ask->domain, text, &error);

  /* the current name is no news: nothing to say, nothing to do */
  gtk_label_set_text (ask->problem, ok || g_strcmp0 (text, ask->name) == 0 ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (ask->problem), !ok && g_strcmp0 (text, ask->name) != 0);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (ask->dialog), "confirm", ok);
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    FileAsk          *ask)
{
  FileAsk *run;

  if (g_strcmp0 (response, "confirm") != 0 ||
      !vireo_domain_check_new_name (ask->domain, gtk_editable_get_text (GTK_EDITABLE (ask->entry)), NULL))
    return;
  run = file_ask_new (ask->parent, ask->domain, NULL);
  vireo_domain_rename_async (ask->domain, gtk_editable_get_text (GTK_EDITABLE (ask->entry)),
                             NULL, rename_done_cb, run);
}

GtkWidget *
vireo_rename_dialog_present (GtkWindow   *parent,
                             VireoDomain *domain)
{
  g_autofree char *revealed = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *box;
  FileAsk *ask;

  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  ask = file_ask_new (parent, domain, vireo_domain_get_connection (domain));
  revealed = vireo_display_name_reveal (ask->name);
  heading = g_strdup_printf (_("Rename “%s”"), revealed);
  body = g_strdup_printf (_("The virtual machine keeps its disks, settings and identity; only its name changes. %s"),
                          vireo_install_plan_name_rule ());
  dialog = new_message_dialog (parent, heading, body);
  g_set_weak_pointer (&ask->dialog, dialog);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* Translators: accessible label of the entry with a VM's new name */
  ask->entry = new_entry (_("New name"), ask->name);
  gtk_entry_set_max_length (ask->entry, 200);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (ask->entry));
  ask->problem = new_problem_label ();
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (ask->problem));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm", FALSE);

  g_signal_connect (ask->entry, "changed", G_CALLBACK (rename_text_changed_cb), ask);
  g_signal_connect_data (dialog, "response", G_CALLBACK (rename_response_cb),
                         ask, file_ask_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (ask->entry));
  gtk_editable_select_region (GTK_EDITABLE (ask->entry), 0, -1);
  return dialog;
}

/* -- save to a file ------------------------------------------------------------------ */

static void
save_progress_cb (double   fraction,
                  gpointer user_data)
{
  FileAsk *ask = user_data;

  if (ask->progress != NULL)
    gtk_progress_bar_set_fraction (ask->bar, fraction);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FileAsk *ask = user_data;
  g_autoptr(GError) error = NULL;

  if (ask->progress != NULL)
    {
      g_signal_handlers_disconnect_by_data (ask->progress, ask);
      gtk_window_destroy (GTK_WINDOW (ask->progress));
    }
  if (!vireo_domain_save_to_file_finish (VIREO_DOMAIN (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *isolated = vireo_display_name_isolate (ask->name);
      g_autofree char *heading = g_strdup_printf (_("Could not save “%s” to a file"), isolated);

      present_error (ask->parent, heading, error);
    }
  file_ask_free (ask);
}

static void
progress_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      FileAsk          *ask)
{
  /* Cancel (or Escape): libvirt aborts the save; the VM keeps running */
  g_cancellable_cancel (ask->cancellable);
}

static void
save_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  FileAsk          *ask)
{
  g_autofree char *isolated = NULL;
  g_autofree char *heading = NULL;
  const char *path = gtk_editable_get_text (GTK_EDITABLE (ask->entry));
  GtkWidget *progress;
  GtkWidget *bar;
  FileAsk *run;

  if (g_strcmp0 (response, "confirm") != 0)
    return;

  run = file_ask_new (ask->parent, ask->domain, NULL);
  run->cancellable = g_cancellable_new ();
  isolated = vireo_display_name_isolate (ask->name);
  /* Translators: the heading of the message shown while a VM is saved to a file */
  heading = g_strdup_printf (_("Saving “%s”…"), isolated);
  progress = new_message_dialog (ask->parent, heading,
                                 _("Its memory is written to the file; then it shuts off. Cancel leaves it running."));
  bar = gtk_progress_bar_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Saved so far"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (progress), bar);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (progress), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (progress), "cancel");
  run->bar = GTK_PROGRESS_BAR (bar);
  g_set_weak_pointer (&run->progress, progress);
  g_signal_connect (progress, "response", G_CALLBACK (progress_response_cb), run);
  gtk_window_present (GTK_WINDOW (progress));

  vireo_domain_save_to_file_async (ask->domain, path, save_progress_cb, run, run->cancellable,
                                   save_done_cb, run);
}

static char *
default_save_path (VireoDomain *domain)
{
  VireoConnection *connection = vireo_domain_get_connection (domain);
  const char *uri = connection != NULL ? vireo_connection_get_uri (connection) : "";
  g_autofree char *file = g_strdup_printf ("%s.save", vireo_domain_get_name (domain));

  /* "/" cannot be in a VM's name, but another host's names are not checked */
  g_strdelimit (file, "/", '_');
  if (!vireo_uri_is_remote (uri) && strstr (uri, "/session") != NULL)
    return g_build_filename (g_get_home_dir (), file, NULL);
  return g_build_filename ("/var/lib/libvirt/qemu/save", file, NULL);
}

GtkWidget *
vireo_save_file_dialog_present (GtkWindow   *parent,
                                VireoDomain *domain)
{
  g_autofree char *revealed = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  GtkWidget *dialog;
  FileAsk *ask;

  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  ask = file_ask_new (parent, domain, vireo_domain_get_connection (domain));
  ask->folder = TRUE;
  revealed = vireo_display_name_reveal (ask->name);
  heading = g_strdup_printf (_("Save “%s” to a File?"), revealed);
  if (connection_is_remote (ask->connection))
    {
      g_autofree char *host = host_label (ask->connection);

      body = g_strdup_printf (_("Its memory is written to a file and it shuts off; Restore Saved VM… in the host's menu runs it again from there. "
                                "The file is written by libvirt on “%s”: type a path on that host, not on this computer."),
                              host);
    }
  else
    body = g_strdup (_("Its memory is written to a file and it shuts off; Restore Saved VM… in the host's menu runs it again from there. "
                       "libvirt writes the file itself: choose a folder it can write to."));
  dialog = new_message_dialog (parent, heading, body);
  g_set_weak_pointer (&ask->dialog, dialog);

  path = default_save_path (domain);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), new_path_row (ask, path));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect (ask->entry, "changed", G_CALLBACK (path_changed_cb), ask);
  g_signal_connect_data (dialog, "response", G_CALLBACK (save_response_cb),
                         ask, file_ask_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* -- restore ------------------------------------------------------------------------- */

static void
restore_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FileAsk *ask = user_data;
  g_autoptr(GError) error = NULL;

  if (!vireo_domain_restore_from_file_finish (VIREO_CONNECTION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    present_error (ask->parent, _("Could not restore the saved virtual machine"), error);
  file_ask_free (ask);
}

static void
restore_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     FileAsk          *ask)
{
  FileAsk *run;

  if (g_strcmp0 (response, "confirm") != 0)
    return;
  run = file_ask_new (ask->parent, NULL, ask->connection);
  vireo_domain_restore_from_file_async (ask->connection,
                                        gtk_editable_get_text (GTK_EDITABLE (ask->entry)),
                                        NULL, restore_done_cb, run);
}

GtkWidget *
vireo_restore_file_dialog_present (GtkWindow       *parent,
                                   VireoConnection *connection)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  FileAsk *ask;

  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  ask = file_ask_new (parent, NULL, connection);
  if (connection_is_remote (connection))
    {
      g_autofree char *host = host_label (connection);

      body = g_strdup_printf (_("The virtual machine saved in the file runs again where it was saved. "
                                "libvirt on “%s” reads the file: type its path on that host, not on this computer."),
                              host);
    }
  else
    body = g_strdup (_("The virtual machine saved in the file runs again where it was saved. "
                       "libvirt reads the file itself."));
  dialog = new_message_dialog (parent, _("Restore a Saved Virtual Machine?"), body);
  g_set_weak_pointer (&ask->dialog, dialog);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), new_path_row (ask, ""));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm", FALSE);

  g_signal_connect (ask->entry, "changed", G_CALLBACK (path_changed_cb), ask);
  g_signal_connect_data (dialog, "response", G_CALLBACK (restore_response_cb),
                         ask, file_ask_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
