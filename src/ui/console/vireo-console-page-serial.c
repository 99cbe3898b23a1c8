/* vireo-console-page-serial.c — the serial console in a terminal
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-console-page"

#include "config.h"

#include <glib/gi18n.h>
#include <vte/vte.h>

#include "vireo-console-page-private.h"

void
_vireo_console_page_stop_serial (VireoConsolePage *self)
{
  if (self->serial != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->serial, self);
      vireo_serial_session_close (self->serial);
      g_clear_object (&self->serial);
    }
}

static void
serial_data_cb (VireoSerialSession *serial,
                GBytes             *bytes,
                VireoConsolePage   *self)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  vte_terminal_feed (VTE_TERMINAL (self->terminal), data, len);
}

static void
serial_closed_cb (VireoSerialSession *serial,
                  const GError       *error,
                  VireoConsolePage   *self)
{
  g_autofree char *text = g_strdup_printf ("\r\n[%s]\r\n", _("The console was closed."));

  vte_terminal_feed (VTE_TERMINAL (self->terminal), text, -1);
}

static void
serial_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VireoConsolePage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vireo_serial_session_open_finish (VIREO_SERIAL_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          VIREO_SERIAL_SESSION (source) == self->serial)
        _vireo_console_page_show_status (self, "dialog-error-symbolic",
                                         _("Could not open the serial console"),
                                         error->message, FALSE, FALSE, TRUE);
    }
  g_object_unref (self);
}

static void
terminal_commit_cb (VteTerminal      *terminal,
                    const char       *text,
                    guint             size,
                    VireoConsolePage *self)
{
  if (self->serial != NULL)
    vireo_serial_session_write (self->serial, text, size);
}

void
_vireo_console_page_connect_serial (VireoConsolePage *self,
                                    VireoConsoleInfo *info)
{
  _vireo_console_page_stop_graphics (self);
  _vireo_console_page_stop_serial (self);

  vte_terminal_reset (VTE_TERMINAL (self->terminal), TRUE, TRUE);
  self->serial = vireo_serial_session_new (self->domain, vireo_console_info_get_devname (info));
  g_signal_connect (self->serial, "data", G_CALLBACK (serial_data_cb), self);
  g_signal_connect (self->serial, "closed", G_CALLBACK (serial_closed_cb), self);
  vireo_serial_session_open_async (self->serial, self->cancellable, serial_opened_cb,
                                   g_object_ref (self));
  gtk_stack_set_visible_child_name (self->stack, "serial");
  gtk_widget_grab_focus (self->terminal);
  _vireo_console_page_update_actions (self);
}

static gboolean
terminal_key_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 VireoConsolePage      *self)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK);

  if (mods != (GDK_CONTROL_MASK | GDK_SHIFT_MASK))
    return FALSE;
  if (keyval == GDK_KEY_C || keyval == GDK_KEY_c)
    {
      vte_terminal_copy_clipboard_format (VTE_TERMINAL (self->terminal), VTE_FORMAT_TEXT);
      return TRUE;
    }
  if (keyval == GDK_KEY_V || keyval == GDK_KEY_v)
    {
      vte_terminal_paste_clipboard (VTE_TERMINAL (self->terminal));
      return TRUE;
    }
  return FALSE;
}

/* the terminal of the serial view, with Ctrl+Shift+C and V for the clipboard */
void
_vireo_console_page_init_terminal (VireoConsolePage *self)
{
  GtkEventController *controller;
  GtkWidget *scrollbar;

  self->terminal = vte_terminal_new ();
  gtk_widget_set_hexpand (self->terminal, TRUE);
  gtk_widget_set_vexpand (self->terminal, TRUE);
  vte_terminal_set_scrollback_lines (VTE_TERMINAL (self->terminal), 10000);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->terminal), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Serial console"), -1);
  g_signal_connect (self->terminal, "commit", G_CALLBACK (terminal_commit_cb), self);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (terminal_key_cb), self);
  gtk_widget_add_controller (self->terminal, controller);
  gtk_box_append (self->serial_box, self->terminal);
  scrollbar = gtk_scrollbar_new (GTK_ORIENTATION_VERTICAL,
                                 gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->terminal)));
  gtk_box_append (self->serial_box, scrollbar);
}
