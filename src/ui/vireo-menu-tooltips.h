/* vireo-menu-tooltips.h — a menu button's tooltip never covers its open menu
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Every GtkMenuButton and GtkDropDown that is @widget or under it (now)
 * keeps its tooltip only while its popover is closed: while the menu is
 * open the button, and every widget around it in its window that has a
 * tooltip (an AdwSplitButton's), has none (has-tooltip off, so GTK neither
 * queries nor shows it over the menu's first item); the tooltips are back,
 * unchanged, once the menu closes. Follows popovers set later (menu models,
 * gtk_menu_button_set_popover). Calling it again on the same button does
 * nothing more. */
void vireo_menu_tooltips_hide_while_open (GtkWidget *widget);

G_END_DECLS
