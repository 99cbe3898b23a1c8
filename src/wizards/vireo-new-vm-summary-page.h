/* vireo-new-vm-summary-page.h — the New VM wizard, step 5: name, network, firmware and the summary
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-host-caps.h"
#include "vireo-new-vm-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NEW_VM_SUMMARY_PAGE (vireo_new_vm_summary_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoNewVmSummaryPage, vireo_new_vm_summary_page, VIREO, NEW_VM_SUMMARY_PAGE,
                      AdwPreferencesPage)

/* the chosen connection's facts: its networks, bridges and devices, and
 * which firmware the host has */
void     vireo_new_vm_summary_page_set_host_caps      (VireoNewVmSummaryPage *self,
                                                       VireoHostCaps         *caps);
/* the name is free and valid, the MAC address valid; else FALSE with why */
gboolean vireo_new_vm_summary_page_check              (VireoNewVmSummaryPage *self,
                                                       GError               **error);
/* the name, MAC and network checks say what is wrong, at once */
void     vireo_new_vm_summary_page_update_checks      (VireoNewVmSummaryPage *self);
/* the summary rows follow the plan */
void     vireo_new_vm_summary_page_update_summary     (VireoNewVmSummaryPage *self);
/* the step itself is changing the plan (a suggested name, the networks
 * read again): not an answer the person gave */
gboolean vireo_new_vm_summary_page_is_changing_plan   (VireoNewVmSummaryPage *self);
/* the network's error label shows @error (NULL: hides it) */
void     vireo_new_vm_summary_page_show_network_error (VireoNewVmSummaryPage *self,
                                                       const GError          *error);
/* hides the step's error, its network error and its firmware error */
void     vireo_new_vm_summary_page_clear_errors       (VireoNewVmSummaryPage *self);
/* whether to review the XML before the VM is created ("customize") */
gboolean vireo_new_vm_summary_page_get_customize      (VireoNewVmSummaryPage *self);

G_END_DECLS
