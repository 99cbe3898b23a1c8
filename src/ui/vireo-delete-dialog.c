/* vireo-delete-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-delete-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-delete-dialog.h"

struct _VireoDeleteDialog
{
  AdwMessageDialog    parent_instance;

  GtkWidget          *force_label;
  GtkWidget          *loading_box;
  GtkWidget          *storage_label;
  GtkWidget          *volume_list;
  GtkWidget          *firmware_check;
  GtkWidget          *error_label;

  VireoDomain        *domain;       /* owned */
  VireoDomainStorage *storage;      /* NULL until read */
  GPtrArray          *checks;       /* of GtkCheckButton, one per storage->volumes */
  GCancellable       *cancellable;
  guint               active : 1;   /* it runs: forced off first */
};

G_DEFINE_FINAL_TYPE (VireoDeleteDialog, vireo_delete_dialog, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
state_is_active (VireoDomainState state)
{
  return state != VIREO_DOMAIN_STATE_SHUTOFF && state != VIREO_DOMAIN_STATE_NOSTATE &&
         state != VIREO_DOMAIN_STATE_CRASHED;
}

/* "20 GB", or "" when libvirt did not say */
static char *
format_size (guint64 bytes)
{
  return bytes > 0 ? g_format_size (bytes) : g_strdup ("");
}

/* why a volume is unchecked, or cannot be checked; NULL when it is checked */
static char *
volume_reason (const VireoDomainVolume *volume,
               gboolean                *sensitive)
{
  g_autofree char *user = NULL;

  *sensitive = TRUE;
  if (!vireo_domain_volume_is_volume (volume))
    {
      *sensitive = FALSE;
      return g_strdup (_("Not a volume of a storage pool: it is kept. Remove the file yourself if nothing needs it."));
    }
  if (volume->other_user != NULL)
    {
      user = vireo_display_name_isolate (volume->other_user);
      if (volume->other_running)
        {
          *sensitive = FALSE;
          return g_strdup_printf (_("In use by the running virtual machine “%s”: it is kept."), user);
        }
      return g_strdup_printf (_("Also used by “%s”: unchecked, so that “%s” keeps its disk."), user, user);
    }
  if (g_strcmp0 (volume->device, "cdrom") == 0)
    return g_strdup (_("CD/DVD media: unchecked, as an installer image is often used again."));
  if (g_strcmp0 (volume->device, "floppy") == 0)
    return g_strdup (_("Floppy media: unchecked, as it is often used again."));
  if (!volume->suggested)
    return g_strdup (_("An ISO image: unchecked, as it is often used again."));
  return NULL;
}

static GtkWidget *
volume_row (VireoDeleteDialog       *self,
            const VireoDomainVolume *volume)
{
  g_autofree char *title = NULL;
  g_autofree char *size = format_size (volume->capacity);
  g_autofree char *reason = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  const char *where = volume->path != NULL ? volume->path : volume->source;
  gboolean sensitive;
  GtkWidget *row, *check;

  /* names and paths come from libvirt: plain text, never markup */
  title = vireo_display_name_reveal (vireo_domain_volume_is_volume (volume) ? volume->name
                                                                            : volume->source);
  reason = volume_reason (volume, &sensitive);
  if (*size != '\0')
    subtitle = g_strdup_printf ("%s · %s%s%s", where, size, reason ? "\n" : "", reason ? reason : "");
  else
    subtitle = g_strdup_printf ("%s%s%s", where, reason ? "\n" : "", reason ? reason : "");

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  check = gtk_check_button_new ();
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), volume->suggested && sensitive);
  gtk_widget_set_sensitive (check, sensitive);
  /* Translators: the accessible label of a volume's check box in the Delete dialog */
  label = g_strdup_printf (_("Delete “%s”"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_widget_set_sensitive (row, sensitive);
  g_ptr_array_add (self->checks, check);
  return row;
}

static void
storage_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VireoDeleteDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  VireoDomainStorage *storage;

  storage = vireo_domain_list_storage_finish (VIREO_DOMAIN (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_visible (self->loading_box, FALSE);
  if (storage == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s Deleting it now keeps all its storage."),
                                               error->message);

      g_debug ("%s", error->message);

      gtk_label_set_text (GTK_LABEL (self->error_label), text);
      gtk_widget_set_visible (self->error_label, TRUE);
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "confirm", TRUE);
      return;
    }
  self->storage = storage;
  for (guint i = 0; i < storage->volumes->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->volume_list),
                         volume_row (self, g_ptr_array_index (storage->volumes, i)));
  gtk_widget_set_visible (self->volume_list, storage->volumes->len > 0);
  gtk_widget_set_visible (self->storage_label, storage->volumes->len > 0);
  gtk_widget_set_visible (self->firmware_check, storage->nvram != NULL || storage->tpm);
  if (storage->active && !self->active)
    {
      self->active = TRUE;
      gtk_widget_set_visible (self->force_label, TRUE);
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "confirm", TRUE);
}

GtkWidget *
vireo_delete_dialog_new (GtkWindow   *parent,
                         VireoDomain *domain)
{
  VireoDeleteDialog *self;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  self = g_object_new (VIREO_TYPE_DELETE_DIALOG, "transient-for", parent, NULL);
  self->domain = g_object_ref (domain);
  self->active = state_is_active (vireo_domain_get_state (domain));

  /* a decision about this VM and no other: a name with a right-to-left
   * override or zero-width characters cannot pass for another VM's name */
  name = vireo_display_name_reveal (vireo_domain_get_name (domain));
  heading = g_strdup_printf (_("Delete “%s”?"), name);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                               _("Its definition is removed, with its saved state and its snapshots' metadata."));
  gtk_widget_set_visible (self->force_label, self->active);

  vireo_domain_list_storage_async (domain, self->cancellable, storage_listed_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

VireoDomain *
vireo_delete_dialog_get_domain (VireoDeleteDialog *self)
{
  g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);
  return self->domain;
}

gboolean
vireo_delete_dialog_get_loaded (VireoDeleteDialog *self)
{
  g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), FALSE);
  return self->storage != NULL;
}

GStrv
vireo_delete_dialog_dup_volumes (VireoDeleteDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);

  for (guint i = 0; self->storage != NULL && i < self->storage->volumes->len; i++)
    {
      VireoDomainVolume *volume = g_ptr_array_index (self->storage->volumes, i);
      GtkWidget *check = g_ptr_array_index (self->checks, i);
      g_autofree char *key = vireo_domain_volume_dup_key (volume);

      if (key != NULL && gtk_widget_get_sensitive (check) &&
          gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_strv_builder_add (builder, key);
    }
  return g_strv_builder_end (builder);
}

VireoDomainDeleteFlags
vireo_delete_dialog_get_flags (VireoDeleteDialog *self)
{
  VireoDomainDeleteFlags flags = VIREO_DOMAIN_DELETE_NONE;

  g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), flags);

  /* the dialog said so: the person agreed */
  if (self->active)
    flags |= VIREO_DOMAIN_DELETE_FORCE_OFF;
  if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (self->firmware_check)))
    flags |= VIREO_DOMAIN_DELETE_KEEP_NVRAM | VIREO_DOMAIN_DELETE_KEEP_TPM;
  return flags;
}

GtkWidget *
vireo_delete_dialog_present_result (GtkWindow  *parent,
                                    const char *name,
                                    GPtrArray  *notes)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *isolated = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (notes != NULL, NULL);

  isolated = vireo_display_name_isolate (name);
  /* Translators: the heading of the message after a Delete that kept some of the VM's storage */
  heading = g_strdup_printf (_("“%s” Was Deleted, but Not All of Its Storage"), isolated);
  for (guint i = 0; i < notes->len; i++)
    {
      if (i > 0)
        g_string_append (body, "\n\n");
      g_string_append (body, g_ptr_array_index (notes, i));
    }
  /* plain text: the sentences carry names and messages from libvirt */
  dialog = adw_message_dialog_new (parent, heading, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
vireo_delete_dialog_dispose (GObject *object)
{
  VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_DELETE_DIALOG);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vireo_delete_dialog_parent_class)->dispose (object);
}

static void
vireo_delete_dialog_finalize (GObject *object)
{
  VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);

  g_clear_pointer (&self->storage, vireo_domain_storage_free);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vireo_delete_dialog_parent_class)->finalize (object);
}

static void
vireo_delete_dialog_class_init (VireoDeleteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_delete_dialog_dispose;
  object_class->finalize = vireo_delete_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-delete-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, force_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, loading_box);
  gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, storage_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, volume_list);
  gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, firmware_check);
  gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, error_label);
}

static void
vireo_delete_dialog_init (VireoDeleteDialog *self)
{
  self->cancellable = g_cancellable_new ();
  /* the check buttons live in the rows; the array only points at them */
  self->checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
