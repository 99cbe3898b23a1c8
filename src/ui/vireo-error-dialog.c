/* vireo-error-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-error-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-core.h"
#include "vireo-error-dialog.h"

static void
copy_clicked_cb (GtkButton  *button,
                 const char *details)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (button));

  gdk_clipboard_set_text (clipboard, details);
  gtk_button_set_label (button, _("Copied"));
}

static void
free_details (gpointer  data,
              GClosure *closure)
{
  g_free (data);
}

static GtkWidget *
build_details (const char *details)
{
  GtkWidget *expander;
  GtkWidget *box;
  GtkWidget *scroller;
  GtkWidget *label;
  GtkWidget *button;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  label = gtk_label_new (NULL);
  gtk_label_set_text (GTK_LABEL (label), details);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Error details"),
                                  -1);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_box_append (GTK_BOX (box), scroller);

  button = gtk_button_new_with_mnemonic (_("_Copy Details"));
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  g_signal_connect_data (button, "clicked", G_CALLBACK (copy_clicked_cb),
                         g_strdup (details), free_details, 0);
  gtk_box_append (GTK_BOX (box), button);

  expander = gtk_expander_new_with_mnemonic (_("_Details"));
  gtk_expander_set_child (GTK_EXPANDER (expander), box);

  return expander;
}

GtkWidget *
vireo_error_dialog_present (GtkWindow    *parent,
                            const char   *heading,
                            const GError *error)
{
  GtkWidget *dialog;
  const char *details = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (heading != NULL, NULL);
  g_return_val_if_fail (error != NULL, NULL);

  dialog = adw_message_dialog_new (parent, NULL, NULL);
  /* plain text: names in headings and messages are never markup */
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");

  if (error->domain == VIREO_ERROR)
    details = vireo_error_get_details (error);
  if (details != NULL && *details != '\0')
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), build_details (details));

  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}
