/* vireo-cpu-fallback-private.h — starting a guest whose host CPU model the host cannot run
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A guest with <cpu mode="host-passthrough"> (what the New VM wizard writes
 * on KVM) or "host-model" may not start on a host that is itself a virtual
 * machine: the outer hypervisor hides or refuses some of the CPU's MSRs and
 * features, and QEMU aborts ("failed to set MSR 0x10a",
 * "kvm_buf_set_msrs: Assertion … failed"). When a start fails for such a CPU
 * reason the guest is tried again with, in this order:
 *
 *   1. a named model from the host's domain capabilities: the host-model's
 *      <model> when the custom mode lists it as usable, else the newest
 *      usable model of the host's CPU vendor;
 *   2. QEMU's default CPU model (no model at all).
 *
 * Only the <cpu> element changes (its topology and NUMA cells stay); the
 * rest of the document is kept as it is, through vireo-xml's tree.
 */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

G_BEGIN_DECLS

/* TRUE when a start that failed with libvirt error @code and @message
 * failed because of the guest's CPU definition (and not, say, a missing
 * disk or an inactive network). */
gboolean   vireo_cpu_fallback_is_cpu_failure (int         code,
                                              const char *message);

/* the mode of the domain's <cpu> ("host-passthrough", "host-model",
 * "custom", "maximum"), NULL when the domain has no <cpu> or @domain_xml is
 * not XML. A <cpu> without a mode but with a <model> is "custom". */
char      *vireo_cpu_fallback_get_mode       (const char *domain_xml);

/* TRUE when @domain_xml's CPU is one a fallback applies to: host-passthrough
 * or host-model */
gboolean   vireo_cpu_fallback_applies        (const char *domain_xml);

/* The named models to try, best first (at most two), from domain
 * capabilities XML (virConnectGetDomainCapabilities): the host-model's
 * <model> when usable, then the newest usable model of the host's vendor.
 * Empty when the capabilities name none (QEMU's default is then all that is
 * left, which is not in this list). */
GPtrArray *vireo_cpu_fallback_candidates     (const char *domain_caps_xml);

/* @domain_xml with its <cpu> set to the custom @model (fallback forbidden,
 * check "partial"), or with no CPU model at all when @model is NULL (QEMU's
 * default; a <cpu> kept only for its topology or NUMA cells). Nothing else in
 * the document changes. NULL with @error set when @domain_xml is not a
 * domain. */
char      *vireo_cpu_fallback_apply          (const char *domain_xml,
                                              const char *model,
                                              GError    **error);

/* The sentence that tells the person: @model NULL is QEMU's default;
 * @nested when the host is itself a virtual machine. */
char      *vireo_cpu_fallback_describe       (const char *model,
                                              gboolean    nested);

/* the <model> of the domain's <cpu>, NULL when it names none */
char      *vireo_cpu_fallback_get_model      (const char *domain_xml);

/* One start attempt with @xml, blocking: returns the started domain, or NULL
 * with *@error libvirt's failure (saved with virSaveLastError). */
typedef virDomainPtr (*VireoCpuStartFunc) (virConnectPtr handle,
                                           const char   *xml,
                                           gpointer      user_data,
                                           virErrorPtr  *error);

/* Blocking (the connection's worker): starts @xml with @start. When that
 * fails for a CPU reason and @xml's CPU is host-passthrough or host-model,
 * tries the candidates of the host's domain capabilities for the domain's
 * type, arch, machine and emulator, then QEMU's default, until one starts.
 *
 * Returns the started domain, with *@used_xml the XML that started (NULL when
 * @xml itself did) and *@notice the sentence for the person (NULL when no
 * fallback was needed). When nothing started: NULL, and *@first_error is the
 * failure of @xml itself (free with virFreeError), which is what the person
 * should read. */
virDomainPtr vireo_cpu_fallback_start        (virConnectPtr     handle,
                                              const char       *xml,
                                              VireoCpuStartFunc start,
                                              gpointer          user_data,
                                              char            **used_xml,
                                              char            **notice,
                                              virErrorPtr      *first_error);

/* The same after @xml already failed with @failure (taken): tries the
 * fallbacks when @failure is a CPU failure, else gives @failure back in
 * *@first_error. */
virDomainPtr vireo_cpu_fallback_retry        (virConnectPtr     handle,
                                              const char       *xml,
                                              virErrorPtr       failure,
                                              VireoCpuStartFunc start,
                                              gpointer          user_data,
                                              char            **used_xml,
                                              char            **notice,
                                              virErrorPtr      *first_error);

G_END_DECLS
