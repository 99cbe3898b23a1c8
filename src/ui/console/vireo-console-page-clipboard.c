/* vireo-console-page-clipboard.c — clipboard sharing with the guest (per VM, off until turned on)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-console-page"

#include "config.h"

#include "vireo-console-page-private.h"

/* the guest copied text: it goes on the host's clipboard */
void
_vireo_console_page_clipboard_text_cb (VireoConsoleSession *session,
                                       const char          *text,
                                       VireoConsolePage    *self)
{
  if (!self->share_clipboard || session != self->session)
    return;
  g_free (self->guest_clipboard);
  self->guest_clipboard = g_strdup (text);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VireoConsolePage) self = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  /* not what the guest itself just copied */
  if (text != NULL && self->share_clipboard && self->session != NULL &&
      g_strcmp0 (text, self->guest_clipboard) != 0)
    vireo_console_session_send_clipboard_text (self->session, text);
}

/* the host's clipboard changed: offer its text to the guest */
static void
clipboard_changed_cb (GdkClipboard     *clipboard,
                      VireoConsolePage *self)
{
  if (!self->share_clipboard || self->session == NULL)
    return;
  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read_cb, g_object_ref (self));
}

void
_vireo_console_page_watch_clipboard (VireoConsolePage *self)
{
  if (self->clipboard_watched)
    return;
  self->clipboard_watched = TRUE;
  g_signal_connect_object (gtk_widget_get_clipboard (GTK_WIDGET (self)), "changed",
                           G_CALLBACK (clipboard_changed_cb), self, 0);
}

void
_vireo_console_page_load_clipboard (VireoConsolePage *self)
{
  g_auto(GStrv) uuids = g_settings_get_strv (self->settings, "console-clipboard");
  GAction *action;

  self->share_clipboard = self->domain != NULL && vireo_domain_get_uuid (self->domain) != NULL &&
                          g_strv_contains ((const char * const *) uuids, vireo_domain_get_uuid (self->domain));
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "share-clipboard");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (self->share_clipboard));
  if (self->session != NULL)
    vireo_console_session_set_clipboard_enabled (self->session, self->share_clipboard);
}

void
_vireo_console_page_share_clipboard_action (GSimpleAction *action,
                                            GVariant      *param,
                                            gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  g_auto(GStrv) uuids = g_settings_get_strv (self->settings, "console-clipboard");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  const char *uuid;

  if (self->domain == NULL || (uuid = vireo_domain_get_uuid (self->domain)) == NULL)
    return;
  self->share_clipboard = !self->share_clipboard;
  for (guint i = 0; uuids[i] != NULL; i++)
    if (!g_str_equal (uuids[i], uuid))
      g_strv_builder_add (builder, uuids[i]);
  if (self->share_clipboard)
    g_strv_builder_add (builder, uuid);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "console-clipboard", (const char * const *) updated);
  g_simple_action_set_state (action, g_variant_new_boolean (self->share_clipboard));
  if (self->session != NULL)
    vireo_console_session_set_clipboard_enabled (self->session, self->share_clipboard);
}
