/* vireo-clone-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-clone-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-clone-dialog.h"

struct _VireoCloneDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *clone_button;
  GtkWidget      *name_row;
  GtkWidget      *name_error_label;
  GtkWidget      *loading_box;
  GtkWidget      *disks_group;
  GtkWidget      *share_warning;
  GtkWidget      *firmware_label;
  GtkWidget      *pause_box;
  GtkWidget      *pause_check;
  GtkWidget      *progress_box;
  GtkWidget      *progress_bar;
  GtkWidget      *progress_label;
  GtkWidget      *error_label;

  VireoDomain    *domain;        /* owned */
  VireoClonePlan *plan;          /* NULL until read */
  GPtrArray      *rows;          /* of AdwComboRow, one per plan->disks (the rows own them) */
  GCancellable   *cancellable;   /* the plan's, and the clone's while it runs */
  guint           busy : 1;      /* the clone runs */
  guint           close_asked : 1; /* closed while it ran: closes once it stopped */
  guint           name_ok : 1;
};

G_DEFINE_FINAL_TYPE (VireoCloneDialog, vireo_clone_dialog, ADW_TYPE_WINDOW)

/* the choice of row @i's selected item */
static VireoCloneDiskChoice
row_choice (VireoCloneDialog *self,
            guint             i)
{
  VireoCloneDisk *disk = g_ptr_array_index (self->plan->disks, i);
  guint selected = adw_combo_row_get_selected (g_ptr_array_index (self->rows, i));

  /* a disk that cannot be cloned offers Share and Leave Out only */
  if (!disk->can_clone)
    selected++;
  return selected == 0 ? VIREO_CLONE_DISK_CLONE
                       : selected == 1 ? VIREO_CLONE_DISK_SHARE : VIREO_CLONE_DISK_LEAVE_OUT;
}

static gboolean
shares_writable_disk (VireoCloneDialog *self)
{
  for (guint i = 0; self->plan != NULL && i < self->plan->disks->len; i++)
    {
      VireoCloneDisk *disk = g_ptr_array_index (self->plan->disks, i);

      if (row_choice (self, i) == VIREO_CLONE_DISK_SHARE && !disk->readonly && disk->source != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
update (VireoCloneDialog *self)
{
  gboolean ready = self->plan != NULL && self->name_ok && !self->busy;

  if (self->plan != NULL && self->plan->active && !self->plan->paused)
    ready = ready && gtk_check_button_get_active (GTK_CHECK_BUTTON (self->pause_check));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clone.start", ready);
  gtk_widget_set_visible (self->share_warning, shares_writable_disk (self));
  gtk_widget_set_sensitive (self->name_row, !self->busy);
  gtk_widget_set_sensitive (self->disks_group, !self->busy);
  gtk_widget_set_sensitive (self->pause_box, !self->busy);
}

static char *disk_subtitle (VireoCloneDialog     *self,
                            const VireoCloneDisk *disk,
                            VireoCloneDiskChoice  choice);

static void
update_cb (VireoCloneDialog *self)
{
  update (self);
}

static void
name_changed_cb (VireoCloneDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_strcmp0 (name, vireo_domain_get_name (self->domain)) == 0)
    {
      ok = FALSE;
      g_set_error_literal (&error, VIREO_ERROR, VIREO_ERROR_FAILED,
                           _("Name: it is the name of the virtual machine being cloned. Choose another name."));
    }
  else
    ok = vireo_domain_check_new_name (self->domain, name, &error);
  self->name_ok = ok;
  /* the copies are named after the clone */
  for (guint i = 0; ok && self->plan != NULL && i < self->plan->disks->len; i++)
    {
      VireoCloneDisk *disk = g_ptr_array_index (self->plan->disks, i);
      g_autofree char *subtitle = NULL;

      if (!disk->can_clone)
        continue;
      g_free (disk->clone_name);
      disk->clone_name = vireo_domain_clone_volume_name (name, disk->volume);
      subtitle = disk_subtitle (self, disk, row_choice (self, i));
      adw_action_row_set_subtitle (g_ptr_array_index (self->rows, i), subtitle);
    }
  gtk_label_set_text (GTK_LABEL (self->name_error_label), ok ? "" : error->message);
  gtk_widget_set_visible (self->name_error_label, !ok && name != NULL && *name != '\0');
  if (ok)
    gtk_widget_remove_css_class (self->name_row, "error");
  else
    gtk_widget_add_css_class (self->name_row, "error");
  update (self);
}

/* "vda", "hdc"… or a number */
static char *
disk_title (const VireoCloneDisk *disk,
            guint                 index)
{
  g_autofree char *name = NULL;

  if (disk->volume != NULL)
    name = vireo_display_name_reveal (disk->volume);
  else if (disk->source != NULL)
    name = vireo_display_name_reveal (disk->source);

  if (g_strcmp0 (disk->device, "cdrom") == 0)
    /* Translators: a CD/DVD drive in the Clone dialog; %s: its volume or path, or "empty" */
    return g_strdup_printf (_("CD/DVD: %s"), name != NULL ? name : _("empty"));
  if (g_strcmp0 (disk->device, "floppy") == 0)
    return g_strdup_printf (_("Floppy: %s"), name != NULL ? name : _("empty"));
  if (name != NULL)
    return g_steal_pointer (&name);
  /* Translators: a disk without storage in the Clone dialog */
  return g_strdup_printf (_("Disk %u"), index + 1);
}

static char *
disk_subtitle (VireoCloneDialog     *self,
               const VireoCloneDisk *disk,
               VireoCloneDiskChoice  choice)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *source = disk->source != NULL ? vireo_display_name_reveal (disk->source) : NULL;

  if (source != NULL)
    g_string_append (text, source);
  if (disk->allocation > 0)
    {
      g_autofree char *size = g_format_size (disk->allocation);

      g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", size);
    }
  if (choice == VIREO_CLONE_DISK_CLONE && disk->clone_name != NULL)
    {
      g_autofree char *volume = vireo_display_name_reveal (disk->clone_name);

      g_string_append_c (text, '\n');
      /* Translators: where a cloned disk is copied to, in the same pool */
      g_string_append_printf (text, _("Copied to the new volume “%s”"), volume);
    }
  else if (choice == VIREO_CLONE_DISK_SHARE && !disk->readonly && disk->source != NULL)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("Shared: both virtual machines write to it."));
    }
  else if (choice == VIREO_CLONE_DISK_LEAVE_OUT)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("Left out: the clone has no such disk."));
    }
  if (disk->no_clone_reason != NULL)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, disk->no_clone_reason);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
choice_changed_cb (AdwComboRow      *row,
                   GParamSpec       *pspec,
                   VireoCloneDialog *self)
{
  guint index;

  if (self->plan == NULL || !g_ptr_array_find (self->rows, row, &index))
    return;
  {
    g_autofree char *subtitle = disk_subtitle (self, g_ptr_array_index (self->plan->disks, index),
                                               row_choice (self, index));

    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  }
  update (self);
}

static GtkWidget *
disk_row (VireoCloneDialog     *self,
          const VireoCloneDisk *disk,
          guint                 index)
{
  const char *const all[] = { _("Clone"), _("Share"), _("Leave Out"), NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (disk->can_clone ? all : all + 1);
  g_autofree char *title = disk_title (disk, index);
  g_autofree char *subtitle = disk_subtitle (self, disk, disk->suggested);
  GtkWidget *row = adw_combo_row_new ();

  /* names and paths come from libvirt: plain text, never markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row),
                              disk->suggested == VIREO_CLONE_DISK_CLONE ? 0
                              : disk->can_clone ? (disk->suggested == VIREO_CLONE_DISK_SHARE ? 1 : 2)
                              : (disk->suggested == VIREO_CLONE_DISK_SHARE ? 0 : 1));
  g_signal_connect (row, "notify::selected", G_CALLBACK (choice_changed_cb), self);
  g_ptr_array_add (self->rows, row);
  return row;
}

static void
plan_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VireoCloneDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) firmware = g_string_new (NULL);
  VireoClonePlan *plan;

  plan = vireo_domain_clone_plan_finish (VIREO_DOMAIN (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_visible (self->loading_box, FALSE);
  if (plan == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_label, TRUE);
      return;
    }
  self->plan = plan;
  for (guint i = 0; i < plan->disks->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->disks_group),
                               disk_row (self, g_ptr_array_index (plan->disks, i), i));
  gtk_widget_set_visible (self->disks_group, plan->disks->len > 0);
  if (plan->nvram_note != NULL)
    g_string_append (firmware, plan->nvram_note);
  if (plan->tpm_note != NULL)
    g_string_append_printf (firmware, "%s%s", firmware->len > 0 ? " " : "", plan->tpm_note);
  gtk_label_set_text (GTK_LABEL (self->firmware_label), firmware->str);
  gtk_widget_set_visible (self->firmware_label, firmware->len > 0);
  gtk_widget_set_visible (self->pause_box, plan->active && !plan->paused);

  /* a name typed meanwhile stays; else the free one the host suggests */
  if (plan->clone_name != NULL &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), "") == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), plan->clone_name);
  name_changed_cb (self);
}

static void
progress_cb (guint64  copied,
             guint64  total,
             gpointer user_data)
{
  VireoCloneDialog *self = user_data;
  g_autofree char *copied_text = g_format_size (copied);
  g_autofree char *total_text = g_format_size (total);
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                 total > 0 ? CLAMP ((double) copied / (double) total, 0.0, 1.0) : 0.0);
  /* Translators: the Clone dialog's progress: "1.2 GB of 4.0 GB copied" */
  text = g_strdup_printf (_("%s of %s copied"), copied_text, total_text);
  gtk_label_set_text (GTK_LABEL (self->progress_label), text);
}

static void
clone_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VireoCloneDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;

  notes = vireo_domain_clone_finish (VIREO_DOMAIN (object), result, &error);
  self->busy = FALSE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->close_asked)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (notes == NULL)
    {
      gtk_widget_set_visible (self->progress_box, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (GTK_LABEL (self->error_label),
                            _("The clone was cancelled. Everything it had copied was removed."));
      else
        gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_label, TRUE);
      update (self);
      return;
    }
  if (notes->len > 0)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
      g_autofree char *name = vireo_display_name_isolate (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
      /* Translators: the heading of the message after a clone, over what to know about it */
      g_autofree char *heading = g_strdup_printf (_("“%s” Was Created"), name);
      g_autoptr(GString) body = g_string_new (NULL);
      GtkWidget *message;

      for (guint i = 0; i < notes->len; i++)
        g_string_append_printf (body, "%s%s", i > 0 ? "\n\n" : "",
                                (const char *) g_ptr_array_index (notes, i));
      message = adw_message_dialog_new (parent, heading, body->str);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (message));
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  VireoCloneDialog *self = VIREO_CLONE_DIALOG (widget);
  g_autofree VireoCloneDiskChoice *choices = NULL;
  VireoDomainCloneFlags flags = VIREO_DOMAIN_CLONE_NONE;
  guint n;

  if (self->plan == NULL || self->busy || !self->name_ok)
    return;
  n = self->plan->disks->len;
  choices = g_new0 (VireoCloneDiskChoice, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    choices[i] = row_choice (self, i);
  if (gtk_widget_get_visible (self->pause_box) &&
      gtk_check_button_get_active (GTK_CHECK_BUTTON (self->pause_check)))
    flags |= VIREO_DOMAIN_CLONE_PAUSE;
  if (self->plan->paused)
    flags |= VIREO_DOMAIN_CLONE_PAUSE;   /* paused already: it stays so */

  self->busy = TRUE;
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_widget_set_visible (self->progress_box, TRUE);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), 0);
  gtk_label_set_text (GTK_LABEL (self->progress_label), _("Preparing…"));
  update (self);
  vireo_domain_clone_async (self->domain, gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                            choices, n, flags, 0, progress_cb, self, self->cancellable,
                            clone_done_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  VireoCloneDialog *self = VIREO_CLONE_DIALOG (widget);

  if (self->busy)
    {
      gtk_label_set_text (GTK_LABEL (self->progress_label), _("Cancelling: removing what was copied…"));
      g_cancellable_cancel (self->cancellable);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
vireo_clone_dialog_close_request (GtkWindow *window)
{
  VireoCloneDialog *self = VIREO_CLONE_DIALOG (window);

  /* the copies are removed before it goes: nothing half-done is left */
  if (self->busy)
    {
      self->close_asked = TRUE;
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (vireo_clone_dialog_parent_class)->close_request (window);
}

GtkWidget *
vireo_clone_dialog_new (GtkWindow   *parent,
                        VireoDomain *domain)
{
  VireoCloneDialog *self;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  self = g_object_new (VIREO_TYPE_CLONE_DIALOG, "transient-for", parent, NULL);
  self->domain = g_object_ref (domain);

  name = vireo_display_name_reveal (vireo_domain_get_name (domain));
  /* Translators: the Clone dialog's title */
  title = g_strdup_printf (_("Clone “%s”"), name);
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  update (self);

  vireo_domain_clone_plan_async (domain, self->cancellable, plan_ready_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

VireoDomain *
vireo_clone_dialog_get_domain (VireoCloneDialog *self)
{
  g_return_val_if_fail (VIREO_IS_CLONE_DIALOG (self), NULL);
  return self->domain;
}

gboolean
vireo_clone_dialog_get_loaded (VireoCloneDialog *self)
{
  g_return_val_if_fail (VIREO_IS_CLONE_DIALOG (self), FALSE);
  return self->plan != NULL;
}

gboolean
vireo_clone_dialog_get_busy (VireoCloneDialog *self)
{
  g_return_val_if_fail (VIREO_IS_CLONE_DIALOG (self), FALSE);
  return self->busy;
}

static void
vireo_clone_dialog_dispose (GObject *object)
{
  VireoCloneDialog *self = VIREO_CLONE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_CLONE_DIALOG);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vireo_clone_dialog_parent_class)->dispose (object);
}

static void
vireo_clone_dialog_finalize (GObject *object)
{
  VireoCloneDialog *self = VIREO_CLONE_DIALOG (object);

  g_clear_pointer (&self->plan, vireo_clone_plan_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vireo_clone_dialog_parent_class)->finalize (object);
}

static void
vireo_clone_dialog_class_init (VireoCloneDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vireo_clone_dialog_dispose;
  object_class->finalize = vireo_clone_dialog_finalize;
  window_class->close_request = vireo_clone_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-clone-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, clone_button);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, loading_box);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, disks_group);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, share_warning);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, firmware_label);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, pause_box);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, pause_check);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_cb);

  gtk_widget_class_install_action (widget_class, "clone.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "clone.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "clone.cancel", NULL);
}

static void
vireo_clone_dialog_init (VireoCloneDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Enter in the name clones */
  gtk_window_set_default_widget (GTK_WINDOW (self), self->clone_button);
}
