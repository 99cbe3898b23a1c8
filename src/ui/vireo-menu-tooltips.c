/* vireo-menu-tooltips.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-menu-tooltips"

#include "config.h"

#include "vireo-menu-tooltips.h"

/* One per menu button, kept on it (qdata) and freed with it */
typedef struct
{
  GtkWidget    *button;          /* not owned: the data lives on it */
  GSignalGroup *popover_signals; /* the button's popover, "notify::visible" */
  guint         suspended : 1;   /* has-tooltip is off because the menu is open */
  guint         had_tooltip : 1; /* has-tooltip before the menu opened */
} MenuTooltip;

static GQuark
menu_tooltip_quark (void)
{
  return g_quark_from_static_string ("vireo-menu-tooltip");
}

static void
menu_tooltip_free (MenuTooltip *data)
{
  g_signal_group_set_target (data->popover_signals, NULL);
  g_clear_object (&data->popover_signals);
  g_free (data);
}

static void
menu_tooltip_resume (MenuTooltip *data)
{
  if (!data->suspended)
    return;
  data->suspended = FALSE;
  gtk_widget_set_has_tooltip (data->button, data->had_tooltip);
}

static void
menu_tooltip_update (MenuTooltip *data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (data->button));
  gboolean open = popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover));

  if (open && !data->suspended)
    {
      data->had_tooltip = gtk_widget_get_has_tooltip (data->button);
      data->suspended = TRUE;
      gtk_widget_set_has_tooltip (data->button, FALSE);
      /* a tooltip already on screen (the pointer rested on the button) goes now */
      gtk_widget_trigger_tooltip_query (data->button);
    }
  else if (!open)
    menu_tooltip_resume (data);
}

static void
popover_changed_cb (GtkMenuButton *button,
                    GParamSpec    *pspec,
                    MenuTooltip   *data)
{
  g_signal_group_set_target (data->popover_signals, gtk_menu_button_get_popover (button));
  menu_tooltip_update (data);
}

static void
hide_on_button (GtkMenuButton *button)
{
  MenuTooltip *data;

  if (g_object_get_qdata (G_OBJECT (button), menu_tooltip_quark ()) != NULL)
    return;

  data = g_new0 (MenuTooltip, 1);
  data->button = GTK_WIDGET (button);
  data->popover_signals = g_signal_group_new (GTK_TYPE_POPOVER);
  g_signal_group_connect_swapped (data->popover_signals, "notify::visible",
                                  G_CALLBACK (menu_tooltip_update), data);
  g_object_set_qdata_full (G_OBJECT (button), menu_tooltip_quark (), data,
                           (GDestroyNotify) menu_tooltip_free);
  g_signal_connect (button, "notify::popover", G_CALLBACK (popover_changed_cb), data);
  popover_changed_cb (button, NULL, data);
}

void
vireo_menu_tooltips_hide_while_open (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_MENU_BUTTON (widget))
    hide_on_button (GTK_MENU_BUTTON (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    vireo_menu_tooltips_hide_while_open (child);
}
