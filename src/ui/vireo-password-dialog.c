/* vireo-password-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password question of the Console page and of vireo-ssh-askpass. The
 * typed text lives in the entry and, after the response, in one copy that
 * is overwritten before it is freed; never in settings or logs.
 */
#define G_LOG_DOMAIN "vireo-password-dialog"

#include "config.h"

#include <string.h>

#include "vireo-password-dialog.h"

struct _VireoPasswordDialog
{
  AdwMessageDialog parent_instance;

  GtkEditable    *entry;
  GtkCheckButton *remember_check;

  char           *password;    /* the copy taken on the response; owned */
  guint           remember : 1;
  guint           answered : 1;
};

G_DEFINE_FINAL_TYPE (VireoPasswordDialog, vireo_password_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
wipe_password (VireoPasswordDialog *self)
{
  if (self->password != NULL)
    {
      explicit_bzero (self->password, strlen (self->password));
      g_clear_pointer (&self->password, g_free);
    }
}

/* GTK 4.8's GtkPasswordEntry warns when it is finalized inside the dialog's
 * own teardown: empty it and take it out while the dialog is whole */
static void
detach_entry (VireoPasswordDialog *self)
{
  if (self->entry == NULL)
    return;
  gtk_editable_set_text (self->entry, "");
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), NULL);
  self->entry = NULL;
  self->remember_check = NULL;
}

/* runs before the askers' handlers (connected first): they read the copy */
static void
response_cb (VireoPasswordDialog *self,
             const char          *response)
{
  if (self->answered)
    return;
  self->answered = TRUE;
  wipe_password (self);
  self->password = g_strdup (gtk_editable_get_text (self->entry));
  self->remember = gtk_widget_get_visible (GTK_WIDGET (self->remember_check)) &&
                   gtk_check_button_get_active (self->remember_check);
  detach_entry (self);
}

/* the person types at once */
static void
vireo_password_dialog_map (GtkWidget *widget)
{
  VireoPasswordDialog *self = VIREO_PASSWORD_DIALOG (widget);

  GTK_WIDGET_CLASS (vireo_password_dialog_parent_class)->map (widget);
  if (self->entry != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
vireo_password_dialog_dispose (GObject *object)
{
  VireoPasswordDialog *self = VIREO_PASSWORD_DIALOG (object);

  detach_entry (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_PASSWORD_DIALOG);

  G_OBJECT_CLASS (vireo_password_dialog_parent_class)->dispose (object);
}

static void
vireo_password_dialog_finalize (GObject *object)
{
  wipe_password (VIREO_PASSWORD_DIALOG (object));

  G_OBJECT_CLASS (vireo_password_dialog_parent_class)->finalize (object);
}

static void
vireo_password_dialog_class_init (VireoPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_password_dialog_dispose;
  object_class->finalize = vireo_password_dialog_finalize;
  widget_class->map = vireo_password_dialog_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/vireo-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoPasswordDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, VireoPasswordDialog, remember_check);
}

static void
vireo_password_dialog_init (VireoPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

GtkWidget *
vireo_password_dialog_new (GtkWindow  *parent,
                           const char *heading,
                           const char *body)
{
  return g_object_new (VIREO_TYPE_PASSWORD_DIALOG,
                       "transient-for", parent,
                       "heading", heading,
                       "body", body,
                       NULL);
}

void
vireo_password_dialog_set_offer_remember (VireoPasswordDialog *self,
                                          gboolean             offer)
{
  g_return_if_fail (VIREO_IS_PASSWORD_DIALOG (self));

  if (self->remember_check != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->remember_check), offer);
}

const char *
vireo_password_dialog_get_password (VireoPasswordDialog *self)
{
  g_return_val_if_fail (VIREO_IS_PASSWORD_DIALOG (self), NULL);

  if (self->entry != NULL)
    return gtk_editable_get_text (self->entry);
  return self->password;
}

gboolean
vireo_password_dialog_get_remember (VireoPasswordDialog *self)
{
  g_return_val_if_fail (VIREO_IS_PASSWORD_DIALOG (self), FALSE);

  if (self->remember_check != NULL)
    return gtk_widget_get_visible (GTK_WIDGET (self->remember_check)) &&
           gtk_check_button_get_active (self->remember_check);
  return self->remember;
}

void
vireo_password_dialog_close (VireoPasswordDialog *self)
{
  g_return_if_fail (VIREO_IS_PASSWORD_DIALOG (self));

  self->answered = TRUE;
  detach_entry (self);
  gtk_window_destroy (GTK_WINDOW (self));
}
