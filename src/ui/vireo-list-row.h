/* vireo-list-row.h — one row of the manager window's list: a connection
 * header or a virtual machine
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

/* the figures a VM row shows beside its name (list-column-* settings) */
typedef enum
{
  VIREO_LIST_COLUMN_CPU      = 1 << 0,  /* guest CPU sparkline */
  VIREO_LIST_COLUMN_HOST_CPU = 1 << 1,  /* share of the host's CPUs, % */
  VIREO_LIST_COLUMN_MEMORY   = 1 << 2,  /* in use (and %) */
  VIREO_LIST_COLUMN_DISK     = 1 << 3,  /* read + write, per second */
  VIREO_LIST_COLUMN_NETWORK  = 1 << 4,  /* in + out, per second */
} VireoListColumns;

#define VIREO_LIST_COLUMNS_DEFAULT VIREO_LIST_COLUMN_CPU

#define VIREO_TYPE_LIST_ROW (vireo_list_row_get_type ())
G_DECLARE_FINAL_TYPE (VireoListRow, vireo_list_row, VIREO, LIST_ROW, GtkWidget)

GtkWidget *vireo_list_row_new           (void);
/* @item is a VireoConnection (header) or a VireoDomain (VM row), or NULL */
void       vireo_list_row_set_item      (VireoListRow *self,
                                         GObject      *item);
GObject   *vireo_list_row_get_item      (VireoListRow *self);
gboolean   vireo_list_row_is_header     (VireoListRow *self);
/* pops up the VM context menu (domain.* actions) at @x, @y (-1: centred) */
void       vireo_list_row_popup_menu    (VireoListRow *self,
                                         double        x,
                                         double        y);

/* the labels a person reads: header → connection label and its state;
 * VM → name, state text, OS name */
GtkLabel  *vireo_list_row_get_title_label  (VireoListRow *self);
GtkLabel  *vireo_list_row_get_state_label  (VireoListRow *self);
GtkLabel  *vireo_list_row_get_detail_label (VireoListRow *self);

/* the text shown for a connection's state ("Connected", "Disconnected: … —
 * reconnecting in 3 s", …) */
char      *vireo_list_row_describe_connection (VireoConnection *connection);
/* the label shown for a connection (a "vireo-label" set by the application
 * wins over the URI's label) */
const char *vireo_list_row_connection_label (VireoConnection *connection);

/* which figures a VM row shows (default VIREO_LIST_COLUMNS_DEFAULT) */
void       vireo_list_row_set_columns   (VireoListRow     *self,
                                         VireoListColumns  columns);
VireoListColumns vireo_list_row_get_columns (VireoListRow *self);
/* the cell of one column: a VireoGraph for VIREO_LIST_COLUMN_CPU, a GtkLabel
 * for the others, made (hidden) when first asked for (tests) */
GtkWidget *vireo_list_row_get_column_widget (VireoListRow     *self,
                                             VireoListColumns  column);

/* signal "context-menu" (double x, double y): right click / Menu key; the
 * handler selects the row's item, then calls vireo_list_row_popup_menu(). */

G_END_DECLS
