/* vireo-install-runner.h — carries out a VireoInstallPlan on a connection
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-connection.h"
#include "vireo-install-plan.h"

G_BEGIN_DECLS

#define VIREO_TYPE_INSTALL_RUNNER (vireo_install_runner_get_type ())
G_DECLARE_FINAL_TYPE (VireoInstallRunner, vireo_install_runner, VIREO, INSTALL_RUNNER, GObject)

/* One run of the wizard's Finish: creates the volume (with progress), then
 * starts the VM the way vireo_install_plan_to_domain_xml() describes (install
 * config started, final config defined; or define + start when there is no
 * install phase). If any step fails or the run is cancelled, everything this
 * run created is removed again (the domain destroyed/undefined, the volume
 * deleted), so nothing half-created stays on the host.
 *
 * Properties (main thread): "message" (what is happening, a sentence) and
 * "fraction" (0..1, or -1 while unknown). */
VireoInstallRunner *vireo_install_runner_new          (VireoConnection    *connection,
                                                       VireoInstallPlan   *plan);
const char         *vireo_install_runner_get_message  (VireoInstallRunner *self);
double              vireo_install_runner_get_fraction (VireoInstallRunner *self);

/* Validates the plan and builds its XML on the calling (main) thread, then
 * works on the connection's worker. A cancel while the volume is being
 * written takes effect when libvirt returns; it is reported as
 * G_IO_ERROR_CANCELLED. */
void                vireo_install_runner_run_async    (VireoInstallRunner *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
/* the new domain's UUID */
char               *vireo_install_runner_run_finish   (VireoInstallRunner *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

G_END_DECLS
