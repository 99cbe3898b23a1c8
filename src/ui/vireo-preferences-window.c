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
  GtkSpinButton *interval_spin;
  GtkSpinButton *history_spin;
  GtkSwitch     *cpu_switch;
  GtkSwitch     *memory_switch;
  GtkSwitch     *disk_switch;
  GtkSwitch     *network_switch;
};

G_DEFINE_FINAL_TYPE (VireoPreferencesWindow, vireo_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* -- typed values ------------------------------------------------------ */

static void
say (VireoPreferencesWindow *self,
     const char             *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  /* a toast's title is markup */
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

/* GtkSpinButton::input: what a person typed, as the spin button would take
 * it, but saying so when the value is not what was typed (out of range:
 * the nearest allowed; no number: the value it had) */
static int
spin_input_cb (GtkSpinButton          *spin,
               double                 *new_value,
               VireoPreferencesWindow *self)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));
  guint lower = (guint) gtk_adjustment_get_lower (adjustment);
  guint upper = (guint) gtk_adjustment_get_upper (adjustment);
  gboolean interval = spin == self->interval_spin;
  g_autofree char *message = NULL;
  gint64 typed;

  if (!g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &typed, NULL))
    {
      guint value = (guint) gtk_adjustment_get_value (adjustment);

      *new_value = value;
      /* Translators: a field of Preferences got no number; it keeps its value */
      message = g_strdup_printf (_("Not a whole number: the value stays %u"), value);
    }
  else if (typed > upper)
    {
      *new_value = upper;
      message = interval
        ? g_strdup_printf (ngettext ("Set to %u second, the longest interval allowed",
                                     "Set to %u seconds, the longest interval allowed", upper), upper)
        : g_strdup_printf (ngettext ("Set to %u reading, the most allowed",
                                     "Set to %u readings, the most allowed", upper), upper);
    }
  else if (typed < lower)
    {
      *new_value = lower;
      message = interval
        ? g_strdup_printf (ngettext ("Set to %u second, the shortest interval allowed",
                                     "Set to %u seconds, the shortest interval allowed", lower), lower)
        : g_strdup_printf (ngettext ("Set to %u reading, the fewest allowed",
                                     "Set to %u readings, the fewest allowed", lower), lower);
    }
  else
    return FALSE;   /* as typed */

  say (self, message);
  return TRUE;
}

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
  gtk_widget_class_bind_template_child (widget_class, VireoPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoPreferencesWindow, history_spin);
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

  g_signal_connect (self->interval_spin, "input", G_CALLBACK (spin_input_cb), self);
  g_signal_connect (self->history_spin, "input", G_CALLBACK (spin_input_cb), self);
}
