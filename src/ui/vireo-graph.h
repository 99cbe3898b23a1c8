/* vireo-graph.h — draws one or two VireoStatsSeries as a line graph
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_GRAPH (vireo_graph_get_type ())
G_DECLARE_FINAL_TYPE (VireoGraph, vireo_graph, VIREO, GRAPH, GtkWidget)

/* Properties:
 *  "series", "second-series" (VireoStatsSeries): the values, newest on the
 *     right; the graph spans the series' capacity. The second series is drawn
 *     in a second colour (CSS: @vireo_graph_second_color).
 *  "max" (double): the top of the scale; 0 scales to the largest value held.
 *  "fill" (boolean): fills the area under the first line.
 *  "sparkline" (boolean): compact mode for list rows (no frame, no grid).
 *  "label", "second-label" (string): what each series is ("CPU usage").
 *  "accessible-unit" (string): the unit for the accessible description:
 *     "%" → "12 %", "B/s" → "3.4 MiB/s", "KiB" → "1.5 GiB", else "12 unit".
 * The accessible description ("CPU usage 12 %") follows the newest values. The
 * graph listens to its series only while mapped, and paints a new value only
 * when it changes the picture by a quarter pixel or more and the graph is not
 * scrolled out of view (it is drawn when scrolled back). */
GtkWidget        *vireo_graph_new               (void);
void              vireo_graph_set_series        (VireoGraph       *self,
                                                 VireoStatsSeries *series);
VireoStatsSeries *vireo_graph_get_series        (VireoGraph       *self);
void              vireo_graph_set_second_series (VireoGraph       *self,
                                                 VireoStatsSeries *series);
VireoStatsSeries *vireo_graph_get_second_series (VireoGraph       *self);
void              vireo_graph_set_max           (VireoGraph       *self,
                                                 double            max);
double            vireo_graph_get_max           (VireoGraph       *self);
void              vireo_graph_set_fill          (VireoGraph       *self,
                                                 gboolean          fill);
gboolean          vireo_graph_get_fill          (VireoGraph       *self);
void              vireo_graph_set_sparkline     (VireoGraph       *self,
                                                 gboolean          sparkline);
gboolean          vireo_graph_get_sparkline     (VireoGraph       *self);
void              vireo_graph_set_label         (VireoGraph       *self,
                                                 const char       *label);
const char       *vireo_graph_get_label         (VireoGraph       *self);
void              vireo_graph_set_second_label  (VireoGraph       *self,
                                                 const char       *label);
void              vireo_graph_set_accessible_unit (VireoGraph     *self,
                                                   const char     *unit);

/* "3.4 MiB/s", "12 %", … as the accessible description writes @value */
char             *vireo_graph_format_value      (double            value,
                                                 const char       *unit);

G_END_DECLS
