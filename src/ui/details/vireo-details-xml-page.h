/* vireo-details-xml-page.h — the Details view's page for the whole VM's
 * XML: the persistent definition, edited and saved as one document
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * It has no widgets of its own: the base class shows the domain's XML
 * (VireoDetailsPage's XML tab, alone) and the view applies an edit with
 * vireo_details_page_commit_document.
 */
#pragma once

#include "vireo-details-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_XML_PAGE (vireo_details_xml_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsXmlPage, vireo_details_xml_page, VIREO, DETAILS_XML_PAGE, VireoDetailsPage)

GtkWidget *vireo_details_xml_page_new (void);

G_END_DECLS
