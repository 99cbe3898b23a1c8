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

/* When the host could not start the VM with the host's own CPU model
 * (host-passthrough or host-model; nested virtualisation) and the run
 * started it with another model instead (vireo-cpu-fallback-private.h), the sentence
 * that tells the person which; else NULL. Property "cpu-notice" (main
 * thread), set before the run's callback. The saved configuration uses the
 * model that started. */
const char         *vireo_install_runner_get_cpu_notice (VireoInstallRunner *self);

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

/* URL installs: when the plan's method is URL and its "kernel-path" and
 * "initrd-path" are relative (the paths tree detection found, e.g.
 * "images/pxeboot/vmlinuz"), the run first fetches them from "tree-url"
 * over HTTP (with progress) into a directory the QEMU process can read: the
 * plan's storage pool's directory (pool-name, else the pool "default"), or
 * @dir when set here (tests). The fetched copies are removed once the
 * install config has started (QEMU has read them) and when any step fails. */
void                vireo_install_runner_set_download_dir (VireoInstallRunner *self,
                                                           const char         *dir);

/* "Customize configuration before install": @xml (NULL: the plan's) is the
 * final configuration instead of the plan's FINAL XML, and the install
 * phase boots it too, with the install-time changes on top
 * (vireo_install_plan_install_xml_from()). An edit that is not XML, names
 * another VM or lost what the install needs is refused before anything is
 * created; libvirt validates the rest when the run starts and defines it.
 * Either way the run fails with VIREO_INSTALL_PLAN_ERROR_XML and removes
 * everything it created. */
void                vireo_install_runner_set_final_xml (VireoInstallRunner *self,
                                                        const char         *xml);

/* Progress of a fetch: a sentence and a fraction (0..1, -1 while unknown).
 * Called on the fetching thread. */
typedef void (*VireoFetchProgressFunc) (const char *message,
                                        double      fraction,
                                        gpointer    user_data);

/* Blocking (run it on a worker thread): fetches @kernel_rel and @initrd_rel
 * (relative to @tree_url, plain http:// only) into new files in @dest_dir
 * named "vireo-@name-kernel.XXXXXX" / "vireo-@name-initrd.XXXXXX",
 * readable by everyone, and returns their paths. On any failure (HTTP
 * status, short body, https, cancel) nothing is left in @dest_dir. */
gboolean            vireo_install_fetch_tree_files    (const char            *tree_url,
                                                       const char            *kernel_rel,
                                                       const char            *initrd_rel,
                                                       const char            *dest_dir,
                                                       const char            *name,
                                                       VireoFetchProgressFunc progress,
                                                       gpointer               user_data,
                                                       char                 **kernel_path,
                                                       char                 **initrd_path,
                                                       GCancellable          *cancellable,
                                                       GError               **error);

/* Tests only: @hook (NULL: none) is called on the run's thread once its disk
 * is made, before the run looks for a cancel again, so a test can close the
 * wizard at that point instead of racing the run. */
typedef void (*VireoInstallRunnerHook) (gpointer data);
void _vireo_install_runner_set_disk_made_hook (VireoInstallRunnerHook hook,
                                               gpointer               data);

G_END_DECLS
