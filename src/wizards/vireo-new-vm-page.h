/* vireo-new-vm-page.h — what the New VM wizard asks of each of its steps
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each step of the wizard is its own widget class with its own template,
 * bound to the wizard's VireoInstallPlan (its "plan" construct property).
 * The wizard keeps navigation, errors, the run and the object; through this
 * interface it shows a step's error, asks whether Forward may be pressed,
 * and tells a step that it is shown. The helpers below are what the steps
 * share: error labels, file choosers, the pool browser, image access checks.
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NEW_VM_PAGE (vireo_new_vm_page_get_type ())
G_DECLARE_INTERFACE (VireoNewVmPage, vireo_new_vm_page, VIREO, NEW_VM_PAGE, GtkWidget)

struct _VireoNewVmPageInterface
{
  GTypeInterface parent_iface;

  /* the step's own error label shows @error (NULL: hides it) */
  void     (*show_error) (VireoNewVmPage *page,
                          const GError   *error);
  /* Forward may be pressed (NULL: always) */
  gboolean (*is_ready)   (VireoNewVmPage *page);
  /* the wizard has just shown the step (NULL: nothing to do) */
  void     (*shown)      (VireoNewVmPage *page);
};

void     vireo_new_vm_page_show_error    (VireoNewVmPage *page,
                                          const GError   *error);
gboolean vireo_new_vm_page_is_ready      (VireoNewVmPage *page);
void     vireo_new_vm_page_shown         (VireoNewVmPage *page);
/* emits "ready-changed": what is_ready answers may have changed */
void     vireo_new_vm_page_ready_changed (VireoNewVmPage *page);

/* vireo_image_access_check's signature */
typedef gboolean (*VireoImageAccessFunc) (const char *path, gboolean need_write, GError **error);

/* @label shows @error's message and is scrolled into view (NULL: hidden) */
void     vireo_new_vm_page_set_error_label      (GtkWidget       *label,
                                                 const GError    *error);
/* NULL or a connection to this machine */
gboolean vireo_new_vm_page_connection_is_local  (VireoConnection *connection);
/* a file chooser over @page's window; the chosen path goes into @entry */
void     vireo_new_vm_page_browse               (GtkWidget       *page,
                                                 GtkWidget       *entry,
                                                 const char      *title,
                                                 gboolean         iso);
/* the pool browser over @page's window; @chosen is connected to its
 * "volume-chosen" (VireoPoolBrowser *, const char *path, @page) */
void     vireo_new_vm_page_open_pool_browser    (GtkWidget       *page,
                                                 VireoConnection *connection,
                                                 const char      *heading,
                                                 GCallback        chosen);
/* the check QEMU's access to images gets: @func (tests) or, on a local
 * qemu:///system, vireo_image_access_check; else NULL (no check) */
VireoImageAccessFunc vireo_new_vm_page_access_func (VireoImageAccessFunc func,
                                                    VireoConnection     *connection);
/* runs @func on @path in a thread; @callback gets @source_object */
void     vireo_new_vm_page_check_access_async   (gpointer             source_object,
                                                 VireoImageAccessFunc func,
                                                 const char          *path,
                                                 gboolean             need_write,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean vireo_new_vm_page_check_access_finish  (GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
