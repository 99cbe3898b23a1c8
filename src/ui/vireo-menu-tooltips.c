/* vireo-menu-tooltips.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK looks for a tooltip from the widget under the pointer up through its
 * parents, and a menu button's (or drop-down's) popover is that button's
 * child: over the open menu, GTK finds the button's tooltip, or the tooltip
 * of a widget around it (an AdwSplitButton's), and shows it over the menu's
 * first item. So while the menu is open those widgets have no tooltip.
 */
#define G_LOG_DOMAIN "vireo-menu-tooltips"

#include "config.h"

#include "vireo-menu-tooltips.h"

/* One per menu button or drop-down, kept on it (qdata) and freed with it */
typedef struct
{
  GtkWidget    *owner;           /* not owned: the data lives on it */
  GSignalGroup *popover_signals; /* its popover's "notify::visible" */
  GPtrArray    *suspended;       /* GWeakRef *: the widgets whose tooltip is off while it is open */
  gboolean      open;
} MenuTooltip;

static GQuark
menu_tooltip_quark (void)
{
  return g_quark_from_static_string ("vireo-menu-tooltip");
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static GtkPopover *
find_popover (GtkWidget *owner)
{
  if (GTK_IS_MENU_BUTTON (owner))
    return gtk_menu_button_get_popover (GTK_MENU_BUTTON (owner));

  /* a GtkDropDown's popover is its child and stays */
  for (GtkWidget *child = gtk_widget_get_first_child (owner);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      return GTK_POPOVER (child);
  return NULL;
}

static void
menu_tooltip_resume (MenuTooltip *data)
{
  data->open = FALSE;
  for (guint i = 0; i < data->suspended->len; i++)
    {
      g_autoptr(GtkWidget) widget = g_weak_ref_get (g_ptr_array_index (data->suspended, i));

      if (widget != NULL)
        gtk_widget_set_has_tooltip (widget, TRUE);
    }
  g_ptr_array_set_size (data->suspended, 0);
}

static void
menu_tooltip_suspend (MenuTooltip *data)
{
  data->open = TRUE;
  for (GtkWidget *widget = data->owner; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      GWeakRef *ref;

      if (GTK_IS_NATIVE (widget) && widget != data->owner)
        break;
      if (!gtk_widget_get_has_tooltip (widget))
        continue;
      ref = g_new0 (GWeakRef, 1);
      g_weak_ref_init (ref, widget);
      g_ptr_array_add (data->suspended, ref);
      gtk_widget_set_has_tooltip (widget, FALSE);
    }
  /* a tooltip already on screen (the pointer rested on the button) goes now */
  gtk_widget_trigger_tooltip_query (data->owner);
}

static void
menu_tooltip_update (MenuTooltip *data)
{
  GtkPopover *popover = find_popover (data->owner);
  gboolean open = popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover));

  if (open && !data->open)
    menu_tooltip_suspend (data);
  else if (!open && data->open)
    menu_tooltip_resume (data);
}

static void
menu_tooltip_free (MenuTooltip *data)
{
  g_signal_group_set_target (data->popover_signals, NULL);
  g_clear_object (&data->popover_signals);
  menu_tooltip_resume (data);
  g_ptr_array_unref (data->suspended);
  g_free (data);
}

static void
popover_changed_cb (GtkWidget   *owner,
                    GParamSpec  *pspec,
                    MenuTooltip *data)
{
  g_signal_group_set_target (data->popover_signals, find_popover (owner));
  menu_tooltip_update (data);
}

static void
hide_on_owner (GtkWidget *owner)
{
  MenuTooltip *data;

  if (g_object_get_qdata (G_OBJECT (owner), menu_tooltip_quark ()) != NULL)
    return;

  data = g_new0 (MenuTooltip, 1);
  data->owner = owner;
  data->suspended = g_ptr_array_new_with_free_func ((GDestroyNotify) weak_ref_free);
  data->popover_signals = g_signal_group_new (GTK_TYPE_POPOVER);
  g_signal_group_connect_swapped (data->popover_signals, "notify::visible",
                                  G_CALLBACK (menu_tooltip_update), data);
  g_object_set_qdata_full (G_OBJECT (owner), menu_tooltip_quark (), data,
                           (GDestroyNotify) menu_tooltip_free);
  if (GTK_IS_MENU_BUTTON (owner))
    g_signal_connect (owner, "notify::popover", G_CALLBACK (popover_changed_cb), data);
  popover_changed_cb (owner, NULL, data);
}

void
vireo_menu_tooltips_hide_while_open (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget))
    hide_on_owner (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    vireo_menu_tooltips_hide_while_open (child);
}
