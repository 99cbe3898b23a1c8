/* vireo-details-cpu-page.h — the Details view's CPUs page
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vireo-details-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DETAILS_CPU_PAGE (vireo_details_cpu_page_get_type ())
G_DECLARE_FINAL_TYPE (VireoDetailsCpuPage, vireo_details_cpu_page, VIREO, DETAILS_CPU_PAGE, VireoDetailsPage)

GtkWidget *vireo_details_cpu_page_new                (void);
/* the most virtual CPUs the host gives a guest (its domain capabilities);
 * 0 when it does not say */
void       vireo_details_cpu_page_set_host_max_vcpus (VireoDetailsCpuPage *self,
                                                      guint                host_max_vcpus);
/* the VM's host: the page offers the CPU models its domain capabilities
 * list for the VM's emulator, architecture and machine
 * (vireo_connection_get_domain_caps_async); without it, or when the host
 * does not list them, the model's name is typed */
void       vireo_details_cpu_page_set_connection     (VireoDetailsCpuPage *self,
                                                      VireoConnection     *connection);

G_END_DECLS
