/* vireo-preferences-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-preferences-window.h"

struct _VireoPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings     *settings;  /* owned */

  /* template */
  GtkAdjustment *interval_adjustment;
  GtkAdjustment *history_adjustment;
  GtkSwitch     *cpu_switch;
  GtkSwitch     *memory_switch;
  GtkSwitch     *disk_switch;
  GtkSwitch     *network_switch;
};

G_DEFINE_FINAL_TYPE (VireoPreferencesWindow, vireo_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
vireo_preferences_window_bind (VireoPreferencesWindow *self)
{
  g_settings_bind (self->settings, "stats-interval",
                   self->interval_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "stats-history",
                   self->history_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "stats-cpu", self->cpu_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "stats-memory", self->memory_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "stats-disk", self->disk_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "stats-network", self->network_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
vireo_preferences_window_new (GtkWindow *parent,
                              GSettings *settings)
{
  VireoPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (VIREO_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       /* for its help button (app.help-page) */
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->settings = g_object_ref (settings);
  vireo_preferences_window_bind (self);

  return GTK_WIDGET (self);
}

static void
vireo_preferences_window_dispose (GObject *object)
{
  VireoPreferencesWindow *self = VIREO_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vireo_preferences_window_parent_class)->dispose (object);
}

static void
vireo_preferences_window_class_init (VireoPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/vireo-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoPreferencesWindow, interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, VireoPreferencesWindow, history_adjustment);
  gtk_widget_class_bind_template_child (widget_class, VireoPreferencesWindow, cpu_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoPreferencesWindow, memory_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoPreferencesWindow, disk_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoPreferencesWindow, network_switch);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
vireo_preferences_window_init (VireoPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
