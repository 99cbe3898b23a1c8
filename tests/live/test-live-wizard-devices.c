/* test-live-wizard-devices.c — a VM the New VM wizard makes has room and channels
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A guest made the way the wizard makes it (a VireoInstallPlan for Alpine
 * Linux 3.17, a modern Linux with virtio drivers: q35, SPICE, a new 1 GiB
 * volume in a pool of the test's own; no install media, so it sits in its
 * firmware with nothing to boot) is started by VireoInstallRunner on the
 * real qemu:///system (KVM where it works, else TCG), and then, while it
 * runs, through the same core calls as the Add Hardware assistant (the
 * host's and the OS's defaults, vireo_device_builder_build, a new pool
 * volume, vireo_domain_apply_config_async):
 *
 *   agent-channel    the running domain has the SPICE agent channel
 *                    (spicevmc, virtio target com.redhat.spice.0);
 *   usb-redirection  ... and two USB redirection channels (spicevmc
 *                    redirdevs on the USB bus), which QEMU has as chardevs;
 *   hotplug-disks    4 virtio disks on new volumes are hot-added, one at a
 *                    time, each live at once; the running domain and QEMU
 *                    (query-block) have all four, and the definition keeps
 *                    them;
 *   hotplug-nics     then 4 virtio NICs, the same way: the running domain
 *                    and QEMU (query-pci) have all four; with the disks, 8
 *                    hot-plugged PCIe devices on a q35 guest;
 *   unknown-os       a guest for an OS libosinfo does not know gets the
 *                    agent channel and the two redirdevs too.
 *
 * Hot-plugging into a pcie-root-port needs no guest OS (QEMU 7.2, q35,
 * SeaBIOS with nothing to boot, TCG): only taking a device out again does.
 *
 * Each case runs in a child process (g_test_trap_subprocess), so that one
 * that fails does not stop the others and the parent removes the guests,
 * their volumes and the pool at the end, pass or fail. Guests are named
 * vireo-live-wizdev* (harness.sh removes leftovers named vireo-live-*); the
 * pool is vireo-live-wizdev-PID in /var/lib/libvirt/images.
 */
#define G_LOG_DOMAIN "test-live-wizard-devices"

#include "config.h"

#include "live-domain-util.h"
#include "vireo-host-caps.h"
#include "vireo-host-resources.h"

#define URI        "qemu:///system"
#define GUEST      "vireo-live-wizdev"
#define GUEST_OS   "vireo-live-wizdev-generic"
#define OS_ID      "http://alpinelinux.org/alpinelinux/3.17"
#define N_HOTPLUG  4
#define VOLUME_MIB 64

static virConnectPtr raw;
static VireoConnection *conn;
static char *pool_name;
static char *pool_dir;
static gboolean created;   /* parent: the guest of /create started */

/* -- fixtures ------------------------------------------------------------------- */

static void
cleanup (void)
{
  /* a connection of the parent's own */
  virConnectPtr c = virConnectOpen (URI);

  if (c != NULL)
    {
      live_remove_guest (c, GUEST);
      live_remove_guest (c, GUEST_OS);
      /* the pool, and every volume in it: the guests' and the hot-added ones */
      live_remove_pool (c, pool_name, pool_dir);
      virConnectClose (c);
    }
  else if (pool_dir != NULL)
    live_remove_pool (NULL, NULL, pool_dir);
}

/* Runs @func in a child process with a connection of its own (raw and
 * through the core); the parent waits for it. Returns whether it passed. */
static gboolean
in_child (void (*func) (void))
{
  if (g_test_subprocess ())
    {
      raw = virConnectOpen (URI);
      g_assert_nonnull (raw);
      conn = live_connection_open (URI, 60000);
      /* the checks a change of Vireo can break fail the case with fail()
       * and return: the connections are closed before the child ends
       * (libvirt 9.0's daemon was seen to crash a few seconds after a
       * client that had failed a hot-plug died without closing them) */
      func ();
      vireo_connection_close (conn);
      g_clear_object (&conn);
      virConnectClose (raw);
      return TRUE;
    }
  /* the child's stdout is not ours: a failure there prints "Bail out!",
   * which would stop the whole program's TAP; its messages go to stderr */
  g_test_trap_subprocess (NULL, 180 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  /* not g_test_trap_assert_passed: the parent goes on, to the other cases
   * and to the cleanup */
  if (g_test_trap_has_passed ())
    return TRUE;
  g_test_fail_printf ("the child process of %s failed (its messages are above)", g_test_get_path ());
  return FALSE;
}

/* -- what the guest has ------------------------------------------------------------- */

/* the case fails with @format's sentence, also on stderr (the parent shows
 * a child's stderr, not its stdout); the child goes on to close its
 * connections */
static void fail (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("# FAILED: %s\n", message);
  g_test_fail_printf ("%s", message);
}

/* the guest @name, running, in the core's list (no reference) */
static VireoDomain *
running_guest (const char *name)
{
  VireoDomain *domain = live_wait_running (conn, name, 60000);

  if (domain == NULL)
    g_error ("%s is not running", name);
  return domain;
}

/* how many devices of @config are of @kind with @path1 = @value1 and
 * @path2 = @value2 (paths as vireo_device_get takes them) */
static guint
count_devices (VireoDomainConfig *config,
               VireoDeviceKind    kind,
               const char        *path1,
               const char        *value1,
               const char        *path2,
               const char        *value2)
{
  g_autoptr (GPtrArray) devices = vireo_domain_config_get_devices (config);
  guint n = 0;

  for (guint i = 0; i < devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *v1 = vireo_device_get (device, path1);
      g_autofree char *v2 = vireo_device_get (device, path2);

      if (vireo_device_get_kind (device) == kind && g_strcmp0 (v1, value1) == 0 && g_strcmp0 (v2, value2) == 0)
        n++;
    }
  return n;
}

/* the running @name has the SPICE agent's channel (else the case fails) */
static void
check_agent_channel (const char *name)
{
  g_autoptr (VireoDomainConfig) running = live_domain_config (raw, name, TRUE);

  if (count_devices (running, VIREO_DEVICE_KIND_CHANNEL, "@type", "spicevmc", "target/@name",
                     "com.redhat.spice.0") != 1
      || count_devices (running, VIREO_DEVICE_KIND_CHANNEL, "@type", "spicevmc", "target/@type", "virtio") != 1)
    {
      g_autofree char *xml = live_domain_xml (raw, name, TRUE);

      g_printerr ("%s\n", xml);
      fail ("%s runs without the SPICE agent channel (spicevmc, virtio, com.redhat.spice.0)", name);
    }
}

/* the running @name has two USB redirection channels, and QEMU has their
 * character devices (else the case fails) */
static void
check_usb_redirection (const char *name)
{
  g_autoptr (VireoDomainConfig) running = live_domain_config (raw, name, TRUE);
  g_autofree char *chardevs = NULL;
  guint n = count_devices (running, VIREO_DEVICE_KIND_REDIRDEV, "@bus", "usb", "@type", "spicevmc");

  if (n != 2)
    {
      g_autofree char *xml = live_domain_xml (raw, name, TRUE);

      g_printerr ("%s\n", xml);
      fail ("%s runs with %u USB redirection channels (spicevmc redirdev), not 2", name, n);
      return;
    }
  chardevs = live_monitor (URI, name, "{\"execute\":\"query-chardev\"}");
  g_assert_nonnull (strstr (chardevs, "\"charredir0\""));
  g_assert_nonnull (strstr (chardevs, "\"charredir1\""));
}

/* -- the Add Hardware assistant's steps -------------------------------------------- */

/* the domain capabilities the assistant asks for (owned) */
static char *
domain_caps_for (VireoDomainConfig *config)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *caps;

  vireo_connection_get_domain_caps_async (conn, config, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 60000));
  caps = vireo_connection_get_domain_caps_finish (conn, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (caps);
  return caps;
}

/* the OS devices of the guest's OS, as the assistant has them (owned) */
static VireoOsDevices *
guest_os_devices (void)
{
  g_autoptr (VireoOsDatabase) db = vireo_os_database_new ();
  g_autoptr (VireoInstallPlan) plan = vireo_install_plan_new (URI);
  g_autoptr (GError) error = NULL;

  g_assert_true (vireo_os_database_load (db, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (vireo_install_plan_set_os (plan, db, OS_ID, &error));
  g_assert_no_error (error);
  return vireo_os_devices_copy (vireo_install_plan_get_os_devices (plan));
}

/* a free name for a new volume of the guest in the pool, as the assistant
 * proposes it (owned) */
static char *
free_volume_name (void)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) volumes = NULL;
  g_autoptr (GPtrArray) taken = g_ptr_array_new ();

  vireo_connection_list_volumes_async (conn, pool_name, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 60000));
  volumes = vireo_connection_list_volumes_finish (conn, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < volumes->len; i++)
    g_ptr_array_add (taken, ((VireoVolumeFacts *) g_ptr_array_index (volumes, i))->name);
  g_ptr_array_add (taken, NULL);
  return vireo_device_builder_free_volume_name (GUEST, "qcow2", (const char *const *) taken->pdata);
}

/* @spec's device added to the running guest as the assistant's Finish
 * does it: built into @edited (the persistent config), a new volume of
 * VOLUME_MIB when @spec names one, then applied; the device is live at once.
 * Returns the new device's id in the config ("disk:vdb", "interface:…"),
 * or NULL when libvirt refused it (the case fails). */
static char *
hot_add (VireoDomain           *domain,
         VireoDomainConfig     *edited,
         const VireoDeviceSpec *spec,
         const char            *domain_caps)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;
  VireoDevice *device;
  VireoChangeScope scope;

  g_assert_true (vireo_device_builder_check_caps (spec, domain_caps, &error));
  g_assert_no_error (error);
  xml = vireo_device_builder_build (spec, edited, &error);
  g_assert_no_error (error);
  device = vireo_domain_config_add_device (edited, xml, &error);
  g_assert_no_error (error);
  g_assert_nonnull (device);
  g_assert_cmpint (vireo_domain_config_get_change_scope (edited), ==, VIREO_CHANGE_PERSISTENT | VIREO_CHANGE_LIVE);

  if (spec->pool != NULL)
    {
      g_autoptr (GAsyncResult) result = NULL;
      g_autofree char *path = NULL;

      vireo_connection_create_volume_async (conn, spec->pool, spec->volume, (guint64) VOLUME_MIB * 1024 * 1024,
                                            spec->format, NULL, live_store_result, &result);
      g_assert_true (live_wait_until (live_result_ready, &result, 60000));
      path = vireo_connection_create_volume_finish (conn, result, &error);
      g_assert_no_error (error);
      g_assert_nonnull (path);
    }

  scope = live_apply_config (domain, edited, &error);
  if (error != NULL)
    {
      g_printerr ("%s\n", xml);
      fail ("adding %s to the running guest failed: %s", vireo_device_get_id (device), error->message);
      return NULL;
    }
  g_assert_cmpint (scope, ==, VIREO_CHANGE_PERSISTENT | VIREO_CHANGE_LIVE);
  g_assert_false (vireo_domain_get_has_pending_changes (domain));
  return g_strdup (vireo_device_get_id (device));
}

/* -- the cases ------------------------------------------------------------------ */

/* the wizard's Finish on the plan a person makes for Alpine Linux 3.17 */
static void
create (void)
{
  g_autoptr (VireoOsDatabase) db = vireo_os_database_new ();
  g_autoptr (VireoInstallPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = NULL;
  const VireoOsDevices *os;
  VireoDomain *domain;

  live_remove_guest (raw, GUEST);
  live_create_pool (raw, pool_name, pool_dir);
  g_assert_true (vireo_os_database_load (db, NULL, &error));
  g_assert_no_error (error);

  plan = live_plan_new (raw, URI, db, OS_ID, GUEST, VIREO_INSTALL_METHOD_MANUAL, pool_name);
  g_object_set (plan,
                /* the wizard's own choice would be KVM where it works: so here */
                "virt-type", live_domain_type (),
                "memory-mib", 128,
                "storage-mode", VIREO_STORAGE_MODE_NEW_VOLUME,
                NULL);
  os = vireo_install_plan_get_os_devices (plan);
  g_assert_true (os->virtio_disk);
  g_assert_true (os->virtio_net);
  g_assert_cmpstr (vireo_install_plan_get_effective_machine (plan), ==, "q35");

  uuid = live_run_plan (conn, plan, NULL);
  domain = running_guest (GUEST);
  g_assert_cmpstr (vireo_domain_get_uuid (domain), ==, uuid);
}

static void
agent_channel (void)
{
  running_guest (GUEST);
  check_agent_channel (GUEST);
}

static void
usb_redirection (void)
{
  running_guest (GUEST);
  check_usb_redirection (GUEST);
}

static void
hotplug_disks (void)
{
  VireoDomain *domain = running_guest (GUEST);
  g_autoptr (VireoOsDevices) os = guest_os_devices ();
  g_autoptr (VireoDomainConfig) live = NULL;
  g_autoptr (VireoDomainConfig) saved = NULL;
  g_autofree char *caps = NULL;
  g_autofree char *blocks = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) volumes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_HOTPLUG; i++)
    {
      g_autoptr (VireoDomainConfig) edited = live_edit_config (domain);
      VireoDeviceSpec spec;

      if (caps == NULL)
        caps = domain_caps_for (edited);
      vireo_device_spec_init_defaults (&spec, VIREO_DEVICE_KIND_DISK, caps, os);
      g_assert_cmpstr (spec.bus, ==, "virtio");
      g_ptr_array_add (volumes, free_volume_name ());
      spec.pool = pool_name;
      spec.volume = g_ptr_array_index (volumes, i);
      g_ptr_array_add (ids, hot_add (domain, edited, &spec, caps));
      if (g_ptr_array_index (ids, i) == NULL)
        return;
      g_printerr ("# disk %u of %u added: %s on %s\n", i + 1, N_HOTPLUG, (char *) g_ptr_array_index (ids, i),
                  spec.volume);
    }

  /* what the running guest has: libvirt's live XML, and QEMU's block
   * devices; and its definition keeps them */
  live = live_domain_config (raw, GUEST, TRUE);
  saved = live_domain_config (raw, GUEST, FALSE);
  blocks = live_monitor (URI, GUEST, "{\"execute\":\"query-block\"}");
  for (guint i = 0; i < N_HOTPLUG; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      VireoDevice *disk = vireo_domain_config_find_device (live, id);
      g_autofree char *bus = NULL;
      g_autofree char *volume = NULL;
      g_autofree char *path = g_build_filename (pool_dir, g_ptr_array_index (volumes, i), NULL);

      if (disk == NULL)
        g_error ("the running guest has no %s", id);
      g_assert_nonnull (vireo_domain_config_find_device (saved, id));
      bus = vireo_device_get (disk, "target/@bus");
      volume = vireo_device_get (disk, "source/@volume");
      g_assert_cmpstr (bus, ==, "virtio");
      g_assert_cmpstr (volume, ==, g_ptr_array_index (volumes, i));
      g_assert_nonnull (strstr (blocks, path));
    }
  /* the wizard's disk and the four */
  g_assert_cmpuint (count_devices (live, VIREO_DEVICE_KIND_DISK, "@device", "disk", "target/@bus", "virtio"), ==,
                    N_HOTPLUG + 1);
}

static void
hotplug_nics (void)
{
  VireoDomain *domain = running_guest (GUEST);
  g_autoptr (VireoOsDevices) os = guest_os_devices ();
  g_autoptr (VireoDomainConfig) live = NULL;
  g_autoptr (VireoDomainConfig) saved = NULL;
  g_autofree char *caps = NULL;
  g_autofree char *pci = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_HOTPLUG; i++)
    {
      g_autoptr (VireoDomainConfig) edited = live_edit_config (domain);
      g_autofree char *mac = vireo_mac_address_generate ();
      VireoDeviceSpec spec;

      if (caps == NULL)
        caps = domain_caps_for (edited);
      vireo_device_spec_init_defaults (&spec, VIREO_DEVICE_KIND_INTERFACE, caps, os);
      g_assert_cmpstr (spec.model, ==, "virtio");
      /* user-mode networking: the host's own network is never touched */
      spec.type = "user";
      spec.source = NULL;
      spec.mac = mac;
      g_ptr_array_add (ids, hot_add (domain, edited, &spec, caps));
      if (g_ptr_array_index (ids, i) == NULL)
        return;
      g_printerr ("# NIC %u of %u added: %s\n", i + 1, N_HOTPLUG, (char *) g_ptr_array_index (ids, i));
    }

  live = live_domain_config (raw, GUEST, TRUE);
  saved = live_domain_config (raw, GUEST, FALSE);
  for (guint i = 0; i < N_HOTPLUG; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      VireoDevice *nic = vireo_domain_config_find_device (live, id);
      g_autofree char *model = NULL;

      if (nic == NULL)
        g_error ("the running guest has no %s", id);
      g_assert_nonnull (vireo_domain_config_find_device (saved, id));
      model = vireo_device_get (nic, "model/@type");
      g_assert_cmpstr (model, ==, "virtio");
    }
  /* the wizard made it with no network: the four are all it has */
  g_assert_cmpuint (count_devices (live, VIREO_DEVICE_KIND_INTERFACE, "@type", "user", "model/@type", "virtio"),
                    ==, N_HOTPLUG);
  pci = live_monitor (URI, GUEST, "{\"execute\":\"query-pci\"}");
  g_assert_cmpuint (live_count (pci, "Ethernet controller"), ==, N_HOTPLUG);
}

/* an OS libosinfo does not know: the channels all the same */
static void
unknown_os (void)
{
  g_autoptr (VireoInstallPlan) plan = NULL;
  g_autofree char *uuid = NULL;

  live_remove_guest (raw, GUEST_OS);
  plan = live_plan_new (raw, URI, NULL, NULL, GUEST_OS, VIREO_INSTALL_METHOD_MANUAL, pool_name);
  g_object_set (plan,
                "virt-type", live_domain_type (),
                "memory-mib", 128,
                "storage-mode", VIREO_STORAGE_MODE_NEW_VOLUME,
                NULL);
  uuid = live_run_plan (conn, plan, NULL);
  g_assert_cmpstr (vireo_domain_get_uuid (running_guest (GUEST_OS)), ==, uuid);
  check_agent_channel (GUEST_OS);
  check_usb_redirection (GUEST_OS);
}

static void
test_create (void)
{
  created = in_child (create);
}

/* the cases on the guest of /create: skipped when it did not start */
static void
on_guest (void (*func) (void))
{
  if (!g_test_subprocess () && !created)
    {
      g_test_skip ("the wizard's guest did not start");
      return;
    }
  in_child (func);
}

static void
test_agent_channel (void)
{
  on_guest (agent_channel);
}

static void
test_usb_redirection (void)
{
  on_guest (usb_redirection);
}

static void
test_hotplug_disks (void)
{
  on_guest (hotplug_disks);
}

static void
test_hotplug_nics (void)
{
  on_guest (hotplug_nics);
}

static void
test_unknown_os (void)
{
  if (!g_test_subprocess () && !created)
    {
      g_test_skip ("the pool was not created");
      return;
    }
  in_child (unknown_os);
}

int
main (int   argc,
      char *argv[])
{
  const char *tag;
  int ret;

  live_test_init (&argc, &argv);
  vireo_core_init ();

  /* the plan is skipped when libvirt does not answer (no harness); a case
   * that fails does not stop the parent: the other cases run, and the
   * cleanup (the children's assertions stay fatal) */
  if (!g_test_subprocess ())
    {
      virConnectClose (live_connect_or_skip (URI));
      g_test_set_nonfatal_assertions ();
    }

  /* the children use the parent's names */
  tag = live_test_tag ("VIREO_LIVE_WIZDEV_TAG");
  pool_name = g_strdup_printf ("vireo-live-wizdev-%s", tag);
  pool_dir = g_strdup_printf ("/var/lib/libvirt/images/vireo-live-wizdev-%s", tag);

  g_test_add_func ("/live/wizard-devices/create", test_create);
  g_test_add_func ("/live/wizard-devices/agent-channel", test_agent_channel);
  g_test_add_func ("/live/wizard-devices/usb-redirection", test_usb_redirection);
  g_test_add_func ("/live/wizard-devices/hotplug-disks", test_hotplug_disks);
  g_test_add_func ("/live/wizard-devices/hotplug-nics", test_hotplug_nics);
  g_test_add_func ("/live/wizard-devices/unknown-os", test_unknown_os);
  ret = g_test_run ();

  if (!g_test_subprocess ())
    cleanup ();
  g_free (pool_name);
  g_free (pool_dir);
  return ret;
}
