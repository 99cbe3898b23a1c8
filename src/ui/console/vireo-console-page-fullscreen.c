/* vireo-console-page-fullscreen.c — fullscreen, and the toolbar that floats over the guest there
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-console-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-console-page-private.h"

static gboolean
hide_toolbar_cb (gpointer user_data)
{
  VireoConsolePage *self = user_data;

  self->toolbar_hide_source = 0;
  gtk_revealer_set_reveal_child (self->toolbar_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
page_is_fullscreen (VireoConsolePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) && gtk_window_is_fullscreen (GTK_WINDOW (root));
}

static void
fullscreen_changed_cb (VireoConsolePage *self)
{
  gboolean fs = page_is_fullscreen (self);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "fullscreen");

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (fs));
  g_clear_handle_id (&self->toolbar_hide_source, g_source_remove);
  /* over the guest's picture the toolbar needs a background of its own */
  if (fs)
    gtk_widget_add_css_class (self->toolbar, "floating");
  else
    gtk_widget_remove_css_class (self->toolbar, "floating");
  /* the way back, where the person looks for it */
  gtk_button_set_icon_name (GTK_BUTTON (self->fullscreen_button),
                            fs ? "view-restore-symbolic" : "view-fullscreen-symbolic");
  gtk_widget_set_tooltip_text (self->fullscreen_button, fs ? _("Leave Fullscreen (F11)") : _("Fullscreen (F11)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fullscreen_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  fs ? _("Leave Fullscreen") : _("Fullscreen"), -1);
  if (fs && gtk_widget_get_parent (GTK_WIDGET (self->toolbar_revealer)) ==
              gtk_widget_get_parent (GTK_WIDGET (self->stack)))
    {
      /* the toolbar floats over the screen and hides until the pointer
       * touches the top edge */
      g_object_ref (self->toolbar_revealer);
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->stack))),
                      GTK_WIDGET (self->toolbar_revealer));
      gtk_widget_set_valign (GTK_WIDGET (self->toolbar_revealer), GTK_ALIGN_START);
      gtk_overlay_add_overlay (self->overlay,
                               GTK_WIDGET (self->toolbar_revealer));
      g_object_unref (self->toolbar_revealer);
      self->toolbar_hide_source = g_timeout_add (TOOLBAR_HIDE_DELAY_MS, hide_toolbar_cb, self);
    }
  else if (!fs && gtk_widget_get_parent (GTK_WIDGET (self->toolbar_revealer)) !=
           gtk_widget_get_parent (GTK_WIDGET (self->stack)))
    {
      GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->stack));

      g_object_ref (self->toolbar_revealer);
      gtk_overlay_remove_overlay (self->overlay,
                                  GTK_WIDGET (self->toolbar_revealer));
      gtk_box_prepend (GTK_BOX (box), GTK_WIDGET (self->toolbar_revealer));
      g_object_unref (self->toolbar_revealer);
      gtk_revealer_set_reveal_child (self->toolbar_revealer, TRUE);
    }
}

/* The pointer anywhere in the window: in fullscreen, the top edge of the
 * screen (the window's, whatever lies under the pointer there) shows the
 * toolbar, which hides again a while after the pointer left it. */
static void
root_motion_cb (GtkEventControllerMotion *controller,
                double                    x,
                double                    y,
                VireoConsolePage         *self)
{
  graphene_point_t p;

  if (!page_is_fullscreen (self))
    return;
  /* in the page's coordinates, where the toolbar is */
  if (!gtk_widget_compute_point (self->watched_root, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &p))
    return;
  if (y < 8 || p.y < 8 || gtk_revealer_get_reveal_child (self->toolbar_revealer))
    {
      gtk_revealer_set_reveal_child (self->toolbar_revealer, TRUE);
      g_clear_handle_id (&self->toolbar_hide_source, g_source_remove);
      if (y >= 8 && p.y > gtk_widget_get_height (GTK_WIDGET (self->toolbar_revealer)) + 8)
        self->toolbar_hide_source = g_timeout_add (TOOLBAR_HIDE_DELAY_MS, hide_toolbar_cb, self);
    }
}

void
_vireo_console_page_fullscreen_action (GSimpleAction *action,
                                       GVariant      *param,
                                       gpointer       user_data)
{
  VireoConsolePage *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!GTK_IS_WINDOW (root))
    return;
  if (gtk_window_is_fullscreen (GTK_WINDOW (root)))
    gtk_window_unfullscreen (GTK_WINDOW (root));
  else
    gtk_window_fullscreen (GTK_WINDOW (root));
}

void
_vireo_console_page_root_notify_cb (VireoConsolePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if ((GtkWidget *) root == self->watched_root)
    return;
  if (self->watched_root != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->watched_root, fullscreen_changed_cb, self);
      gtk_widget_remove_controller (self->watched_root, self->root_motion);
      self->root_motion = NULL;
    }
  self->watched_root = GTK_IS_WINDOW (root) ? GTK_WIDGET (root) : NULL;
  if (self->watched_root != NULL)
    {
      g_signal_connect_object (root, "notify::fullscreened", G_CALLBACK (fullscreen_changed_cb), self,
                               G_CONNECT_SWAPPED);
      /* capture: before any widget under the pointer can keep the motion */
      self->root_motion = gtk_event_controller_motion_new ();
      gtk_event_controller_set_propagation_phase (self->root_motion, GTK_PHASE_CAPTURE);
      g_signal_connect_object (self->root_motion, "motion", G_CALLBACK (root_motion_cb), self, 0);
      gtk_widget_add_controller (self->watched_root, self->root_motion);
    }
  fullscreen_changed_cb (self);
}

void
_vireo_console_page_fullscreen_dispose (VireoConsolePage *self)
{
  g_clear_handle_id (&self->toolbar_hide_source, g_source_remove);
  if (self->watched_root != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->watched_root, fullscreen_changed_cb, self);
      gtk_widget_remove_controller (self->watched_root, self->root_motion);
      self->root_motion = NULL;
      self->watched_root = NULL;
    }
}
