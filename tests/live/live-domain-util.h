/* live-domain-util.h — a running guest's configuration, and new guests made
 * the way the New VM wizard makes them, for the live tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What several live tests had as copies of their own: libvirt's XML of a
 * guest (raw, or as the core's VireoDomainConfig), QEMU's monitor through
 * virsh, the core's read-edit-apply of a VM's configuration (what the
 * Details view and the Add Hardware assistant do), and a VireoInstallPlan
 * with small answers carried out by VireoInstallRunner (the wizard's
 * Finish). Every wait spins the default main context (live-test-util.h).
 */
#pragma once

#include "live-test-util.h"

/* how many times @needle occurs in @haystack */
static inline guint
live_count (const char *haystack,
            const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* libvirt's XML of guest @name: what runs now (@live) or the persistent
 * definition; the test fails when there is no such guest (owned) */
static inline char *
live_domain_xml (virConnectPtr raw,
                 const char   *name,
                 gboolean      live)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);
  char *xml;
  char *copy;

  if (dom == NULL)
    g_error ("no guest %s: %s", name, virGetLastErrorMessage ());
  xml = virDomainGetXMLDesc (dom, live ? 0 : VIR_DOMAIN_XML_INACTIVE);
  virDomainFree (dom);
  g_assert_nonnull (xml);
  copy = g_strdup (xml);
  free (xml);
  return copy;
}

/* live_domain_xml() read by the core (owned) */
static inline VireoDomainConfig *
live_domain_config (virConnectPtr raw,
                    const char   *name,
                    gboolean      live)
{
  g_autofree char *xml = live_domain_xml (raw, name, live);
  g_autoptr (GError) error = NULL;
  VireoDomainConfig *config = vireo_domain_config_new_from_xml (xml, &error);

  g_assert_no_error (error);
  return config;
}

/* QEMU's answer to the QMP @command for guest @name at @uri (virsh
 * qemu-monitor-command); the test fails when QEMU refuses it (owned) */
static inline char *
live_monitor (const char *uri,
              const char *name,
              const char *command)
{
  const char *argv[] = { "virsh", "-q", "-c", uri, "qemu-monitor-command", name, command, NULL };
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s: %s", command, err);
  return g_steal_pointer (&out);
}

/* @domain's persistent configuration, read through the core to be edited
 * (what the Details view and Add Hardware start from) (owned) */
static inline VireoDomainConfig *
live_edit_config (VireoDomain *domain)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  VireoDomainConfig *config;

  vireo_domain_get_config_async (domain, FALSE, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 60000));
  config = vireo_domain_get_config_finish (domain, result, &error);
  g_assert_no_error (error);
  g_assert_false (vireo_domain_config_get_is_live (config));
  return config;
}

/* vireo_domain_apply_config_async of @edited on @domain, waited for: the
 * scope now in effect, or 0 with @error */
static inline VireoChangeScope
live_apply_config (VireoDomain       *domain,
                   VireoDomainConfig *edited,
                   GError           **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_apply_config_async (domain, edited, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 120000));
  return vireo_domain_apply_config_finish (domain, result, error);
}

/* A plan as a person fills in the New VM wizard on @uri (@raw's
 * capabilities): OS @os_id of @db (NULL @db or @os_id: an unknown OS, generic
 * devices), @method, guest @name, with small answers: TCG ("qemu"), 256 MiB,
 * one CPU, a 1 GiB disk in pool @pool_name when a new volume is asked for,
 * no network. Callers change any answer with g_object_set. (owned) */
static inline VireoInstallPlan *
live_plan_new (virConnectPtr       raw,
               const char         *uri,
               VireoOsDatabase    *db,
               const char         *os_id,
               const char         *name,
               VireoInstallMethod  method,
               const char         *pool_name)
{
  VireoInstallPlan *plan = vireo_install_plan_new (uri);
  g_autoptr (GError) error = NULL;
  g_autofree char *caps = NULL;
  char *xml;

  xml = virConnectGetCapabilities (raw);
  g_assert_nonnull (xml);
  caps = g_strdup (xml);
  free (xml);
  g_assert_true (vireo_install_plan_set_capabilities (plan, caps, &error));
  g_assert_no_error (error);
  g_assert_true (vireo_install_plan_set_os (plan, db, os_id, &error));
  g_assert_no_error (error);
  g_object_set (plan,
                "name", name,
                "method", method,
                /* TCG: real-mode code under nested KVM is unreliable here */
                "virt-type", "qemu",
                "memory-mib", 256,
                "vcpus", 1,
                "pool-name", pool_name,
                "disk-size-gib", 1,
                "network-mode", VIREO_NETWORK_MODE_NONE,
                NULL);
  return plan;
}

/* Carries out @plan on @conn through VireoInstallRunner (the wizard's
 * Finish) and waits: the new VM's UUID (owned); the test fails when the run
 * does. The runner goes to @runner_out when given. */
static inline char *
live_run_plan (VireoConnection     *conn,
               VireoInstallPlan    *plan,
               VireoInstallRunner **runner_out)
{
  VireoInstallRunner *runner = vireo_install_runner_new (conn, plan);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *uuid;

  vireo_install_runner_run_async (runner, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 240000));
  uuid = vireo_install_runner_run_finish (runner, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuid);
  if (runner_out != NULL)
    *runner_out = runner;
  else
    g_object_unref (runner);
  return uuid;
}
