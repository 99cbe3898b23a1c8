/* vireo-details-page.h — the base of the Details view's pages
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page shows one part of a VM's configuration (its CPUs, its memory, its
 * boot options, or one device) and edits it with widgets. The Details view
 * (VireoDetailsView) owns the configuration: it loads the page from it
 * (vireo_details_page_load) and, on Apply, asks the page to write the
 * values the person changed into an edited copy (vireo_details_page_commit)
 * that it hands to the core. A page writes only what was changed, so the
 * rest of the document stays as it was.
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"
#include "vireo-domain-config.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_PAGE (vireo_details_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (VireoDetailsPage, vireo_details_page, VIREO, DETAILS_PAGE, AdwBin)

struct _VireoDetailsPageClass
{
  AdwBinClass parent_class;

  /* fills the widgets from @config (@device is NULL on the CPU, memory and
   * boot pages); the page's "changed" calls are ignored meanwhile */
  void     (*load)   (VireoDetailsPage  *self,
                      VireoDomainConfig *config,
                      VireoDevice       *device);
  /* writes what the person changed into @config, an edited copy (@device:
   * the same device in the copy); FALSE with a sentence for the person */
  gboolean (*commit) (VireoDetailsPage  *self,
                      VireoDomainConfig *config,
                      VireoDevice       *device,
                      GError           **error);
};

/* one choice of a combo row: the value written in the XML ("" for none:
 * the attribute is left out) and what a person reads (N_()) */
typedef struct
{
  const char *value;
  const char *label;
} VireoDetailsChoice;

void         vireo_details_page_load           (VireoDetailsPage  *self,
                                                VireoDomainConfig *config,
                                                VireoDevice       *device);
gboolean     vireo_details_page_commit         (VireoDetailsPage  *self,
                                                VireoDomainConfig *config,
                                                VireoDevice       *device,
                                                GError           **error);
/* "the person changed something": makes the page dirty (not while loading) */
void         vireo_details_page_changed        (VireoDetailsPage  *self);
gboolean     vireo_details_page_get_dirty      (VireoDetailsPage  *self);
gboolean     vireo_details_page_get_loading    (VireoDetailsPage  *self);
/* the device the page shows (its id), NULL for the CPU, memory and boot pages */
const char  *vireo_details_page_get_device_id  (VireoDetailsPage  *self);
void         vireo_details_page_set_device_id  (VireoDetailsPage  *self,
                                                const char        *device_id);

/* -- the XML tab ----------------------------------------------------------
 * Every page has two tabs, "details" (the subclass's widgets) and "xml":
 * the device's element, or the whole domain on the pages without a device
 * (CPUs, memory, boot options, and the whole VM's page, which has the XML
 * tab only). An edit there makes the page dirty; on Apply a device's XML
 * replaces the element (vireo_details_page_commit), a domain's is saved as
 * a whole document (vireo_details_page_commit_document). Edits on both
 * tabs are refused with a sentence: one at a time. */

/* "details" or "xml" */
const char  *vireo_details_page_get_tab        (VireoDetailsPage  *self);
void         vireo_details_page_set_tab        (VireoDetailsPage  *self,
                                                const char        *tab);
/* TRUE when the XML tab of a page without a device holds edits */
gboolean     vireo_details_page_get_document_edited (VireoDetailsPage  *self);
/* the edited whole document, checked (bounded size, read as a domain, the
 * same UUID as @current); NULL with a sentence for the person */
VireoDomainConfig *vireo_details_page_commit_document (VireoDetailsPage  *self,
                                                       VireoDomainConfig *current,
                                                       GError           **error);

/* -- helpers for the pages' widgets ------------------------------------- */

/* @choices ends with { NULL, NULL }; the row shows their labels; a value
 * the table does not know (from the XML) is shown as it is */
void         vireo_details_combo_init          (AdwComboRow              *row,
                                                const VireoDetailsChoice *choices);
void         vireo_details_combo_set_value     (AdwComboRow              *row,
                                                const char               *value);
/* NULL for the "" choice */
const char  *vireo_details_combo_get_value     (AdwComboRow              *row);

/* an entry's text, NULL when empty */
const char  *vireo_details_entry_get_value     (GtkEditable              *editable);
/* sets @path to @value when it differs from what @device holds ("" and NULL
 * both remove it) */
gboolean     vireo_details_device_update       (VireoDevice              *device,
                                                const char               *path,
                                                const char               *value,
                                                GError                  **error);
/* an empty element (<readonly/>, <shareable/>) present or not */
gboolean     vireo_details_device_set_flag     (VireoDevice              *device,
                                                const char               *path,
                                                gboolean                  present,
                                                GError                  **error);
/* a text limited for a label or an entry (untrusted: libvirt's XML) */
char        *vireo_details_bounded_text        (const char               *text);

G_END_DECLS
