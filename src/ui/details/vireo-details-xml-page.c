/* vireo-details-xml-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-xml-page"

#include "config.h"

#include "vireo-details-xml-page.h"

struct _VireoDetailsXmlPage
{
  VireoDetailsPage parent_instance;
};

G_DEFINE_FINAL_TYPE (VireoDetailsXmlPage, vireo_details_xml_page, VIREO_TYPE_DETAILS_PAGE)

static void
vireo_details_xml_page_class_init (VireoDetailsXmlPageClass *klass)
{
}

static void
vireo_details_xml_page_init (VireoDetailsXmlPage *self)
{
}

GtkWidget *
vireo_details_xml_page_new (void)
{
  return g_object_new (VIREO_TYPE_DETAILS_XML_PAGE, NULL);
}
