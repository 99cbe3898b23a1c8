/* vireo-console-page-actions.c — send keys, scaling and resizing, screenshot
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-console-page"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "vireo-console-page-private.h"

#include "vireo-keymap.h"

void
_vireo_console_page_send_keys_action (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  const char *what = g_variant_get_string (param, NULL);
  guint keys[3];
  guint n = 0;

  if (self->session == NULL)
    return;
  if (g_str_equal (what, "print"))
    keys[n++] = VIREO_QNUM_PRINT;
  else
    {
      keys[n++] = VIREO_QNUM_LEFT_CTRL;
      keys[n++] = VIREO_QNUM_LEFT_ALT;
      if (g_str_equal (what, "ctrl-alt-del"))
        keys[n++] = VIREO_QNUM_DELETE;
      else if (g_str_equal (what, "ctrl-alt-backspace"))
        keys[n++] = VIREO_QNUM_BACKSPACE;
      else if (g_str_has_prefix (what, "ctrl-alt-f"))
        {
          int f = atoi (what + strlen ("ctrl-alt-f"));

          if (f >= 1 && f <= 10)
            keys[n++] = VIREO_QNUM_F1 + f - 1;
          else if (f == 11)
            keys[n++] = VIREO_QNUM_F11;
          else if (f == 12)
            keys[n++] = VIREO_QNUM_F12;
          else
            return;
        }
      else
        return;
    }
  vireo_console_session_send_keys (self->session, keys, n);
}

static void
save_scaling (VireoConsolePage    *self,
              VireoDisplayScaling  scaling)
{
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *uuid, *mode;

  if (self->domain == NULL || vireo_domain_get_uuid (self->domain) == NULL)
    return;
  old = g_settings_get_value (self->settings, "console-scaling");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &uuid, &mode))
    if (!g_str_equal (uuid, vireo_domain_get_uuid (self->domain)))
      g_variant_builder_add (&builder, "{ss}", uuid, mode);
  g_variant_builder_add (&builder, "{ss}", vireo_domain_get_uuid (self->domain),
                         vireo_display_scaling_to_string (scaling));
  g_settings_set_value (self->settings, "console-scaling", g_variant_builder_end (&builder));
}

void
_vireo_console_page_load_scaling (VireoConsolePage *self)
{
  g_autoptr(GVariant) dict = g_settings_get_value (self->settings, "console-scaling");
  const char *mode = NULL;
  VireoDisplayScaling scaling = VIREO_DISPLAY_SCALING_ALWAYS;
  GAction *action;

  if (self->domain != NULL && vireo_domain_get_uuid (self->domain) != NULL &&
      g_variant_lookup (dict, vireo_domain_get_uuid (self->domain), "&s", &mode))
    scaling = vireo_display_scaling_from_string (mode);
  vireo_display_set_scaling (self->display, scaling);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "scaling");
  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_string (vireo_display_scaling_to_string (scaling)));
}

void
_vireo_console_page_scaling_action (GSimpleAction *action,
                                    GVariant      *param,
                                    gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  VireoDisplayScaling scaling = vireo_display_scaling_from_string (g_variant_get_string (param, NULL));

  g_simple_action_set_state (action, g_variant_new_string (vireo_display_scaling_to_string (scaling)));
  vireo_display_set_scaling (self->display, scaling);
  save_scaling (self, scaling);
}

void
_vireo_console_page_resize_guest_action (GSimpleAction *action,
                                         GVariant      *param,
                                         gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));
  gboolean on = !g_variant_get_boolean (state);

  g_simple_action_set_state (action, g_variant_new_boolean (on));
  vireo_display_set_resize_guest (self->display, on);
  g_settings_set_boolean (self->settings, "console-resize-guest", on);
}

static void
resize_toast_dismissed_cb (VireoConsolePage *self)
{
  g_clear_object (&self->resize_toast);
}

static void
resize_toast_button_cb (VireoConsolePage *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "resize-guest");
  g_autoptr(GVariant) state = g_action_get_state (action);

  /* the toast goes by itself: it must not be dismissed twice */
  g_clear_object (&self->resize_toast);
  if (g_variant_get_boolean (state))
    g_action_activate (action, NULL);
}

/* "Resize Guest to Window" is on, and the guest did not follow: say why
 * and what the guest needs, once for each time it happens */
void
_vireo_console_page_resize_ignored_cb (VireoConsolePage *self)
{
  const char *title;

  if (!vireo_display_get_resize_guest_ignored (self->display))
    {
      if (self->resize_toast != NULL)
        adw_toast_dismiss (self->resize_toast);
      return;
    }
  if (self->resize_toast != NULL)
    return;
  if (VIREO_IS_SPICE_SESSION (self->session))
    title = _("The guest needs spice-vdagent to resize");
  else
    title = _("The guest needs Virtio video to resize");
  self->resize_toast = adw_toast_new (title);
  adw_toast_set_timeout (self->resize_toast, 0);
  adw_toast_set_button_label (self->resize_toast, _("Turn _Off"));
  g_signal_connect_object (self->resize_toast, "button-clicked", G_CALLBACK (resize_toast_button_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->resize_toast, "dismissed", G_CALLBACK (resize_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  /* the page's own child (not a bound template child: AdwBin keeps it) */
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self))),
                               g_object_ref (self->resize_toast));
}

static void
screenshot_response_cb (GtkNativeDialog  *native,
                        int               response,
                        VireoConsolePage *self)
{
  GdkTexture *texture = g_object_get_data (G_OBJECT (native), "texture");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path == NULL || !gdk_texture_save_to_png (texture, path))
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                      _("Could Not Save the Screenshot"),
                                                      _("The file could not be written. Choose another folder."));

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
_vireo_console_page_screenshot_action (GSimpleAction *action,
                                       GVariant      *param,
                                       gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  GdkTexture *texture = vireo_display_get_screenshot (self->display);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");
  g_autofree char *name = NULL;
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);

  if (texture == NULL)
    return;
  native = gtk_file_chooser_native_new (_("Save Screenshot"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  /* Translators: a file name; %s is a VM's name, the second %s a date and time */
  name = g_strdup_printf (_("%s %s.png"), vireo_domain_get_name (self->domain), stamp);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  if (pictures != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (pictures);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }
  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_set_data_full (G_OBJECT (native), "texture", texture, g_object_unref);
  g_signal_connect_object (native, "response", G_CALLBACK (screenshot_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

GMenuModel *
_vireo_console_page_build_send_keys_menu (void)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();
  GMenu *fkeys = g_menu_new ();

  g_menu_append (section, _("Ctrl+Alt+_Del"), "console.send-keys::ctrl-alt-del");
  g_menu_append (section, _("Ctrl+Alt+_Backspace"), "console.send-keys::ctrl-alt-backspace");
  g_menu_append (section, _("_Print Screen"), "console.send-keys::print");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  for (int f = 1; f <= 12; f++)
    {
      g_autofree char *label = g_strdup_printf (_("Ctrl+Alt+F%d"), f);
      g_autofree char *detailed = g_strdup_printf ("console.send-keys::ctrl-alt-f%d", f);

      g_menu_append (fkeys, label, detailed);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (fkeys));
  g_object_unref (section);
  g_object_unref (fkeys);
  return G_MENU_MODEL (menu);
}
