/* vireo-details-xml-view.h — an XML text a person reads and edits: a
 * GtkSourceView with XML highlighting, for the Details pages' XML tab
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text comes from libvirt (untrusted): it is made valid UTF-8 and, when
 * longer than the view's maximum, shown cut short and read-only, with a
 * note saying so. "edited" turns TRUE at the person's first change after
 * vireo_details_xml_view_set_xml.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_XML_VIEW (vireo_details_xml_view_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsXmlView, vireo_details_xml_view, VIREO, DETAILS_XML_VIEW, AdwBin)

GtkWidget *vireo_details_xml_view_new           (void);
/* what a screen reader calls the text ("Device XML") */
void       vireo_details_xml_view_set_label     (VireoDetailsXmlView *self,
                                                 const char          *label);
/* a sentence above the text: what it is, what Apply does with it */
void       vireo_details_xml_view_set_description (VireoDetailsXmlView *self,
                                                   const char          *description);
/* the most bytes shown and accepted back (64 KiB unless set) */
void       vireo_details_xml_view_set_max_bytes (VireoDetailsXmlView *self,
                                                 gsize                max_bytes);
gsize      vireo_details_xml_view_get_max_bytes (VireoDetailsXmlView *self);
/* shows @xml (NULL: nothing) and forgets the edits */
void       vireo_details_xml_view_set_xml       (VireoDetailsXmlView *self,
                                                 const char          *xml);
/* the text as it is now; NULL with a sentence when it is longer than the
 * maximum */
char      *vireo_details_xml_view_dup_xml       (VireoDetailsXmlView *self,
                                                 GError             **error);
gboolean   vireo_details_xml_view_get_edited    (VireoDetailsXmlView *self);
/* FALSE when the text was too long to edit */
gboolean   vireo_details_xml_view_get_editable  (VireoDetailsXmlView *self);

G_END_DECLS
