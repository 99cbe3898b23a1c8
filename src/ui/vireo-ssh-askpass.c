/* vireo-ssh-askpass.c — SSH_ASKPASS for the ssh processes libvirt starts
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ssh runs this with its prompt as argv[1] and reads the answer from our
 * standard output. An unknown host key is shown in full for the person to
 * accept or refuse; anything else is a password or passphrase question.
 * Exit status 0 means answered, 1 means refused or cancelled.
 */
#define G_LOG_DOMAIN "vireo-ssh-askpass"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "vireo-password-dialog.h"

typedef struct
{
  GMainLoop *loop;
  gboolean host_key; /* answer "yes" */
  int status;
} Askpass;

static gboolean
is_host_key_prompt (const char *prompt)
{
  return strstr (prompt, "(yes/no") != NULL || strstr (prompt, "continue connecting") != NULL;
}

static void
response_cb (AdwMessageDialog *dialog, const char *response, Askpass *askpass)
{
  /* the password dialog answers "connect" (it has taken the typed text out
   * of its entry by now), the questions "accept" */
  if (VIREO_IS_PASSWORD_DIALOG (dialog) && g_str_equal (response, "connect"))
    {
      fputs (vireo_password_dialog_get_password (VIREO_PASSWORD_DIALOG (dialog)), stdout);
      fputs ("\n", stdout);
      fflush (stdout);
      askpass->status = 0;
    }
  else if (g_str_equal (response, "accept"))
    {
      if (askpass->host_key)
        fputs ("yes\n", stdout);
      fflush (stdout);
      askpass->status = 0;
    }
  else
    askpass->status = 1;

  g_main_loop_quit (askpass->loop);
}

/* Standard output is the answer channel and standard error ends up in
 * libvirt's error messages: every log line goes to stderr, and libadwaita's
 * note that a message dialog has no parent window (there is none: ssh is
 * our parent) is dropped. */
static GLogWriterOutput
log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  if ((level & G_LOG_LEVEL_MASK) >= G_LOG_LEVEL_MESSAGE)
    for (gsize i = 0; i < n_fields; i++)
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0 &&
          g_str_equal (fields[i].value, "Adwaita"))
        return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static GtkWidget *
host_key_dialog (const char *prompt, Askpass *askpass)
{
  GtkWidget *dialog;
  GtkWidget *label;

  dialog = adw_message_dialog_new (NULL, _ ("Unknown Host Key"),
                                   _ ("Vireo has not connected to this host before. "
                                      "Accept its key only if the fingerprint below is the one "
                                      "the host’s administrator gave you."));

  label = gtk_label_new (prompt);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_widget_add_css_class (label, "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Host key details"), -1);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "refuse", _ ("_Refuse"), "accept",
                                    _ ("_Accept"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_SUGGESTED);
  /* refusing is the safe default, for Enter as for Escape */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "refuse");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "refuse");

  askpass->host_key = TRUE;
  return dialog;
}

static GtkWidget *
confirm_dialog (const char *prompt, Askpass *askpass)
{
  GtkWidget *dialog;

  /* SSH_ASKPASS_PROMPT=confirm (ssh-agent confirmations): yes/no, no text;
   * SSH_ASKPASS_PROMPT=none: a notice */
  dialog = adw_message_dialog_new (NULL, _ ("Confirm"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), prompt);
  if (g_strcmp0 (g_getenv ("SSH_ASKPASS_PROMPT"), "none") == 0)
    {
      /* only information (e.g. "touch your security key"): nothing to answer */
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "accept", _ ("_OK"));
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "accept");
      return dialog;
    }

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "refuse", _ ("_No"), "accept",
                                    _ ("_Yes"), NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "refuse");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "refuse");

  return dialog;
}

/* the Console page's password dialog (vireo-password-dialog.ui), without
 * Remember: libvirt's ssh asks each time */
static GtkWidget *
password_dialog (const char *prompt)
{
  GtkWidget *dialog;

  /* ssh's own prompt, e.g. "alice@host2's password:" — plain text */
  dialog = vireo_password_dialog_new (NULL, _ ("SSH Password"), prompt);
  vireo_password_dialog_set_offer_remember (VIREO_PASSWORD_DIALOG (dialog), FALSE);
  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (dialog), "connect", _ ("_Log In"));

  return dialog;
}

int
main (int argc, char *argv[])
{
  Askpass askpass = { NULL, FALSE, 1 };
  const char *prompt;
  const char *kind;
  GtkWidget *dialog;

  g_log_writer_default_set_use_stderr (TRUE);
  g_log_set_writer_func (log_writer, NULL, NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!gtk_init_check ())
    {
      g_printerr ("%s\n", _ ("vireo-ssh-askpass needs a graphical display."));
      return 1;
    }
  adw_init ();

  prompt = argc > 1 ? argv[1] : "";
  kind = g_getenv ("SSH_ASKPASS_PROMPT");
  g_set_prgname ("vireo-ssh-askpass");

  if (is_host_key_prompt (prompt))
    dialog = host_key_dialog (prompt, &askpass);
  else if (g_strcmp0 (kind, "confirm") == 0 || g_strcmp0 (kind, "none") == 0)
    dialog = confirm_dialog (prompt, &askpass);
  else
    dialog = password_dialog (prompt);

  gtk_window_set_title (GTK_WINDOW (dialog), _ ("Vireo"));
  askpass.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), &askpass);
  gtk_window_present (GTK_WINDOW (dialog));

  g_main_loop_run (askpass.loop);

  /* the dialog closed itself on the response; the process ends here */
  g_main_loop_unref (askpass.loop);

  return askpass.status;
}
