/* test-install-plan.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The New VM wizard's core without a display: a table of plans (every
 * install method; Windows and Linux; BIOS and UEFI; system and session; KVM,
 * plain QEMU and Xen PV/HVM) turned into volume and domain XML that
 *   - passes `virt-xml-validate` (libvirt's own RNG schemas),
 *   - starts and defines on the test driver the way the runner does it
 *     (virDomainCreateXML with the install XML, then virDomainDefineXML with
 *     the final XML, which must leave a persistent domain that boots the disk),
 *   - matches tests/core/golden/<plan>.xml after the generated UUID, MAC and
 *     temporary directory are normalised. VIREO_UPDATE_GOLDEN=1 rewrites them.
 * The test driver keeps qemu- and xen-specific elements (it parses domains of
 * any type), so no domain type='test' variant is needed. Xen hosts come from
 * tests/core/data/caps-xen.xml, KVM hosts from caps-kvm.xml, hosts without
 * KVM from caps-tcg.xml, because the test driver reports its own
 * capabilities.
 *
 * Also: bad input (each error names its field), escaping, the OS database
 * (load, search, devices, media detection from an ISO made here with
 * xorriso, tree detection from a .treeinfo, the time limit).
 */
#define G_LOG_DOMAIN "test-install-plan"

#include "config.h"

#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <sys/stat.h>

#include "core-test-util.h"
#include "vireo-core.h"
#include "vireo-cpu-fallback-private.h"
#include "vireo-host-resources.h"
#include "vireo-install-plan.h"
#include "vireo-os-database.h"

static VireoOsDatabase *os_db;   /* loaded once: reading osinfo-db takes ~0.3 s */
static char *work_dir;           /* ISO and disk images the plans point at */

typedef struct
{
  const char        *name;        /* golden file tests/core/golden/<name>.xml */
  const char        *uri;
  const char        *caps;        /* "kvm", "tcg", "xen" */
  VireoInstallMethod method;
  const char        *os;          /* libosinfo short id, NULL = unknown OS */
  VireoFirmware      firmware;
  gboolean           xen_pv;
  VireoStorageMode   storage;
  VireoNetworkMode   network;
  const char        *network_source;
  const char        *mac;         /* typed MAC, NULL = generated */
  const char        *disk_format; /* NULL = qcow2 */
  gboolean           allocate_now;
  const char        *kickstart;
  const char        *kernel_args;
  const char        *arch;
  /* what the golden pins, checked here too so a failure says which choice */
  const char        *expect_machine;
  const char        *expect_disk_bus;
  const char        *expect_nic;
  const char        *expect_video;
  const char        *media;       /* NULL = an ISO file made by the test */
} PlanCase;

#define SYS  "qemu:///system"
#define SES  "qemu:///session"
#define XEN  "xen:///system"
#define RMT  "qemu+ssh://vmhost.example/system"  /* remote: paths are the host's, not checked here */
#define BIOS VIREO_FIRMWARE_BIOS
#define UEFI VIREO_FIRMWARE_UEFI
#define ISO    VIREO_INSTALL_METHOD_ISO
#define URL    VIREO_INSTALL_METHOD_URL
#define PXE    VIREO_INSTALL_METHOD_PXE
#define IMPORT VIREO_INSTALL_METHOD_IMPORT
#define MANUAL VIREO_INSTALL_METHOD_MANUAL
#define NEWVOL VIREO_STORAGE_MODE_NEW_VOLUME
#define EXIST  VIREO_STORAGE_MODE_EXISTING
#define NODISK VIREO_STORAGE_MODE_NONE
#define NET  VIREO_NETWORK_MODE_NETWORK
#define BR   VIREO_NETWORK_MODE_BRIDGE
#define MVT  VIREO_NETWORK_MODE_DIRECT
#define USER VIREO_NETWORK_MODE_USER
#define NONET VIREO_NETWORK_MODE_NONE

static const PlanCase plans[] = {
  /* name                         uri  caps   method  os                firmware pv     storage net    source     mac                  fmt    alloc  kickstart                                   kernel args         arch    machine  disk      nic       video */
  { "iso-fedora37-bios",          SYS, "kvm", ISO,    "fedora37",       BIOS, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "virtio" },
  { "iso-fedora37-uefi",          SYS, "kvm", ISO,    "fedora37",       UEFI, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "virtio" },
  { "iso-debian11-bridge",        SYS, "kvm", ISO,    "debian11",       BIOS, FALSE, NEWVOL, BR,    "br0",     NULL,                NULL,  TRUE,  NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "virtio" },
  { "iso-ubuntu22.04-macvtap",    SYS, "kvm", ISO,    "ubuntu22.04",    UEFI, FALSE, NEWVOL, MVT,   "eth0",    NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "qxl" },
  { "iso-centos-stream9-mac",     SYS, "kvm", ISO,    "centos-stream9", BIOS, FALSE, NEWVOL, NET,   "default", "52:54:00:ab:cd:ef", NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "qxl" },
  { "iso-alpine3.17-raw",         SYS, "kvm", ISO,    "alpinelinux3.17",BIOS, FALSE, NEWVOL, NET,   "default", NULL,                "raw", TRUE,  NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "qxl" },
  { "iso-win10-bios",             SYS, "kvm", ISO,    "win10",          BIOS, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "sata",   "e1000e", "qxl" },
  { "iso-win10-uefi",             SYS, "kvm", ISO,    "win10",          UEFI, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "sata",   "e1000e", "qxl" },
  { "iso-win11-uefi-tpm",         SYS, "kvm", ISO,    "win11",          UEFI, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "sata",   "e1000e", "qxl" },
  { "iso-win2k19",                SYS, "kvm", ISO,    "win2k19",        BIOS, FALSE, NEWVOL, BR,    "br0",     NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "sata",   "e1000e", "qxl" },
  { "iso-winxp-pc",               SYS, "kvm", ISO,    "winxp",          BIOS, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "pc",    "ide",    "e1000",  "qxl" },
  { "iso-generic",                SYS, "kvm", ISO,    NULL,             BIOS, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "pc",    "ide",    "e1000",  "qxl" },
  { "iso-live-nodisk",            SYS, "kvm", ISO,    "fedora37",       BIOS, FALSE, NODISK, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   NULL,     "virtio", "virtio" },
  { "iso-fedora37-i686-tcg",      SYS, "tcg", ISO,    "fedora37",       BIOS, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               "i686", "q35",   "virtio", "virtio", "virtio" },
  { "iso-fedora37-session",       SES, "kvm", ISO,    "fedora37",       BIOS, FALSE, NEWVOL, USER,  NULL,      NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "virtio" },
  { "iso-win10-session-uefi",     SES, "kvm", ISO,    "win10",          UEFI, FALSE, NEWVOL, USER,  NULL,      NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "sata",   "e1000e", "qxl" },
  { "iso-debian11-tcg",           SYS, "tcg", ISO,    "debian11",       BIOS, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "virtio" },
  { "url-fedora37-kickstart",     SYS, "kvm", URL,    "fedora37",       BIOS, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, "http://10.0.0.1/ks/a&b.cfg?x=<1>",           "console=ttyS0",    NULL,   "q35",   "virtio", "virtio", "virtio" },
  { "url-debian11-preseed",       SYS, "kvm", URL,    "debian11",       BIOS, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, "http://10.0.0.1/preseed.cfg",                NULL,               NULL,   "q35",   "virtio", "virtio", "virtio" },
  { "url-centos-stream9-session", SES, "kvm", URL,    "centos-stream9", UEFI, FALSE, NEWVOL, USER,  NULL,      NULL,                NULL,  FALSE, NULL,                                       "inst.text",        NULL,   "q35",   "virtio", "virtio", "qxl" },
  { "pxe-fedora37",               SYS, "kvm", PXE,    "fedora37",       BIOS, FALSE, NEWVOL, NET,   "pxenet",  NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "virtio" },
  { "pxe-debian11-bridge-uefi",   SYS, "kvm", PXE,    "debian11",       UEFI, FALSE, NEWVOL, BR,    "br0",     NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "virtio" },
  { "pxe-win10",                  SYS, "kvm", PXE,    "win10",          BIOS, FALSE, NEWVOL, NET,   "pxenet",  NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "sata",   "e1000e", "qxl" },
  { "pxe-diskless-tcg",           SYS, "tcg", PXE,    NULL,             BIOS, FALSE, NODISK, NET,   "pxenet",  NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "pc",    NULL,     "e1000",  "qxl" },
  { "import-ubuntu22.04",         SYS, "kvm", IMPORT, "ubuntu22.04",    BIOS, FALSE, EXIST,  NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "qxl" },
  { "import-win10-session",       SES, "kvm", IMPORT, "win10",          UEFI, FALSE, EXIST,  USER,  NULL,      NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "sata",   "e1000e", "qxl" },
  { "manual-fedora37",            SYS, "kvm", MANUAL, "fedora37",       BIOS, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "virtio" },
  { "manual-generic-bare",        SYS, "kvm", MANUAL, NULL,             BIOS, FALSE, NODISK, NONET, NULL,      NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "pc",    NULL,     NULL,     "qxl" },
  /* the host's CD/DVD drive: a block cdrom (remote, so /dev/sr0 need not exist on this machine) */
  { "iso-fedora37-cdrom-drive",   RMT, "kvm", ISO,    "fedora37",       BIOS, FALSE, NEWVOL, MVT,   "eth0",    NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "q35",   "virtio", "virtio", "virtio", "/dev/sr0" },
  { "xen-pv-url-fedora37",        XEN, "xen", URL,    "fedora37",       BIOS, TRUE,  NEWVOL, BR,    "xenbr0",  NULL,                NULL,  FALSE, "http://10.0.0.1/ks.cfg",                     "console=hvc0",     NULL,   "xenpv", "xen",    NULL,     "xen" },
  { "xen-pv-import-debian11",     XEN, "xen", IMPORT, "debian11",       BIOS, TRUE,  EXIST,  BR,    "xenbr0",  "00:16:3e:01:02:03", NULL,  FALSE, NULL,                                       NULL,               NULL,   "xenpv", "xen",    NULL,     "xen" },
  { "xen-pv-manual",              XEN, "xen", MANUAL, "debian11",       BIOS, TRUE,  NEWVOL, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "xenpv", "xen",    NULL,     "xen" },
  { "xen-hvm-iso-win10",          XEN, "xen", ISO,    "win10",          BIOS, FALSE, NEWVOL, BR,    "xenbr0",  NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "xenfv", "ide",    "e1000",  "vga" },
  { "xen-hvm-iso-debian11",       XEN, "xen", ISO,    "debian11",       BIOS, FALSE, NEWVOL, BR,    "xenbr0",  NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "xenfv", "xen",    NULL,     "vga" },
  { "xen-hvm-pxe-centos-stream9", XEN, "xen", PXE,    "centos-stream9", BIOS, FALSE, NEWVOL, NET,   "default", NULL,                NULL,  FALSE, NULL,                                       NULL,               NULL,   "xenfv", "xen",    NULL,     "vga" },
};

/* -- helpers --------------------------------------------------------------- */

static char *
source_path (const char *first,
             ...)
{
  const char *root = g_getenv ("VIREO_SOURCE_DIR");
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (char *) root);
  g_ptr_array_add (parts, (char *) first);
  va_start (args, first);
  while ((part = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (parts, (char *) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static char *
read_caps (const char *which)
{
  g_autofree char *file = g_strdup_printf ("caps-%s.xml", which);
  g_autofree char *path = source_path ("tests", "core", "data", file, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
work_file (const char *name)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr (GError) error = NULL;

      g_file_set_contents (path, "", 0, &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&path);
}

static VireoInstallPlan *
plan_from_case (const PlanCase *pc)
{
  g_autoptr (VireoInstallPlan) plan = vireo_install_plan_new (pc->uri);
  g_autoptr (GError) error = NULL;
  g_autofree char *caps = read_caps (pc->caps);
  g_autofree char *iso = work_file ("install.iso");
  g_autofree char *image = work_file ("existing.qcow2");

  vireo_install_plan_set_capabilities (plan, caps, &error);
  g_assert_no_error (error);
  if (pc->arch != NULL)
    g_object_set (plan, "arch", pc->arch, NULL);
  g_object_set (plan, "xen-pv", pc->xen_pv, NULL);
  vireo_install_plan_set_os (plan, os_db, pc->os, &error);
  g_assert_no_error (error);

  g_object_set (plan,
                "name", pc->name,
                "method", pc->method,
                "storage-mode", pc->storage,
                "network-mode", pc->network,
                "network-source", pc->network_source,
                "allocate-now", pc->allocate_now,
                "host-memory-mib", 16384,
                "host-cpus", 8,
                "pool-free-bytes", (gint64) 500 << 30,
                NULL);
  if (pc->os == NULL || !g_str_equal (pc->os, "win11"))
    g_object_set (plan, "firmware", pc->firmware, NULL);
  if (pc->mac != NULL)
    g_object_set (plan, "mac", pc->mac, NULL);
  if (pc->disk_format != NULL)
    g_object_set (plan, "disk-format", pc->disk_format, NULL);

  switch (pc->method)
    {
    case VIREO_INSTALL_METHOD_ISO:
      g_object_set (plan, "media-path", pc->media != NULL ? pc->media : iso, NULL);
      break;
    case VIREO_INSTALL_METHOD_URL:
      g_object_set (plan,
                    "tree-url", "http://10.0.0.1/tree/os/",
                    "kickstart-url", pc->kickstart,
                    "kernel-args", pc->kernel_args,
                    /* where the runner puts what it fetched from the tree */
                    "kernel-path", "/var/lib/libvirt/boot/vireo-kernel.abc123",
                    "initrd-path", "/var/lib/libvirt/boot/vireo-initrd.abc123",
                    NULL);
      break;
    case VIREO_INSTALL_METHOD_PXE:      /* boots from the network: nothing to point at */
    case VIREO_INSTALL_METHOD_IMPORT:   /* the disk image below */
    case VIREO_INSTALL_METHOD_MANUAL:
    default:
      break;
    }
  if (pc->storage == VIREO_STORAGE_MODE_EXISTING)
    g_object_set (plan, "disk-path", image, NULL);

  return g_steal_pointer (&plan);
}

static gboolean
run_validator (const char *xml,
               const char *schema,
               char      **output)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (work_dir, "validate.xml", NULL);
  const char *argv[] = { "virt-xml-validate", path, schema, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_file_set_contents (path, xml, -1, &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_unlink (path);
  *output = g_strconcat (out, err, NULL);
  return g_spawn_check_wait_status (status, NULL);
}

static void
assert_valid (const char *xml,
              const char *schema,
              const char *what)
{
  g_autofree char *output = NULL;

  if (!run_validator (xml, schema, &output))
    g_error ("%s does not validate as %s:\n%s\n%s", what, schema, output, xml);
}

static char *
normalise (const char *xml)
{
  g_autoptr (GRegex) uuid = g_regex_new ("<uuid>[0-9a-f-]{36}</uuid>", 0, 0, NULL);
  g_autoptr (GRegex) mac = g_regex_new ("<mac address=\"(52:54:00|00:16:3e)(:[0-9a-f]{2}){3}\"/>", 0, 0, NULL);
  g_autofree char *a = g_regex_replace_literal (uuid, xml, -1, 0, "<uuid>@UUID@</uuid>", 0, NULL);
  g_autofree char *b = g_regex_replace (mac, a, -1, 0, "<mac address=\"\\1:@MAC@\"/>", 0, NULL);
  g_autoptr (GString) s = g_string_new (b);

  g_string_replace (s, work_dir, "@WORKDIR@", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
xpath_value (const char *xml,
             const char *expr)
{
  xmlDocPtr doc = xmlReadMemory (xml, strlen (xml), NULL, NULL, 0);
  xmlXPathContextPtr ctx = xmlXPathNewContext (doc);
  xmlXPathObjectPtr obj = xmlXPathEvalExpression ((const xmlChar *) expr, ctx);
  char *ret = NULL;

  if (obj != NULL && obj->type == XPATH_STRING && obj->stringval != NULL && *obj->stringval)
    ret = g_strdup ((const char *) obj->stringval);
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return ret;
}

static void
assert_xpath (const char *xml,
              const char *expr,
              const char *expected,
              const char *plan)
{
  g_autofree char *value = xpath_value (xml, expr);

  if (g_strcmp0 (value, expected) != 0)
    g_error ("plan %s: %s is “%s”, expected “%s”", plan, expr, value ? value : "(none)",
             expected ? expected : "(none)");
}

/* -- the plan table --------------------------------------------------------- */

static void
test_plan (gconstpointer data)
{
  const PlanCase *pc = data;
  g_autoptr (VireoInstallPlan) plan = plan_from_case (pc);
  g_autoptr (GError) error = NULL;
  g_autofree char *volume = NULL;
  g_autofree char *install = NULL;
  g_autofree char *final = NULL;
  g_autofree char *install_n = NULL;
  g_autofree char *final_n = NULL;
  g_autofree char *golden_text = NULL;
  g_autofree char *golden_file = g_strdup_printf ("%s.xml", pc->name);
  g_autofree char *golden_path = source_path ("tests", "core", "golden", golden_file, NULL);
  g_autofree char *expected = NULL;
  virConnectPtr conn;
  virDomainPtr dom;
  int persistent;

  vireo_install_plan_validate (plan, &error);
  g_assert_no_error (error);

  if (pc->storage == VIREO_STORAGE_MODE_NEW_VOLUME)
    {
      volume = vireo_install_plan_to_volume_xml (plan, &error);
      g_assert_no_error (error);
      assert_valid (volume, "storagevol", pc->name);
    }
  else
    {
      g_assert_null (vireo_install_plan_to_volume_xml (plan, &error));
      g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE);
      g_clear_error (&error);
    }

  install = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_INSTALL, &error);
  g_assert_no_error (error);
  final = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_FINAL, &error);
  g_assert_no_error (error);
  assert_valid (install, "domain", pc->name);
  assert_valid (final, "domain", pc->name);

  /* the device choices, by name (the golden file pins the rest) */
  assert_xpath (final, "string(/domain/os/type/@machine)", pc->expect_machine, pc->name);
  assert_xpath (final, "string(/domain/devices/disk[@device='disk']/target/@bus)", pc->expect_disk_bus,
                pc->name);
  assert_xpath (final, "string(/domain/devices/interface/model/@type)", pc->expect_nic, pc->name);
  assert_xpath (final, "string(/domain/devices/video/model/@type)", pc->expect_video, pc->name);
  assert_xpath (final, "string(/domain/os/@firmware)",
                (pc->firmware == UEFI || g_strcmp0 (pc->os, "win11") == 0) && !pc->xen_pv ? "efi" : NULL,
                pc->name);

  /* install boots the media and stops at the installer's reboot; final
   * boots the disk and restarts */
  assert_xpath (final, "string(/domain/on_reboot)", "restart", pc->name);
  if (vireo_install_plan_needs_install_phase (plan))
    {
      assert_xpath (install, "string(/domain/on_reboot)", "destroy", pc->name);
      g_assert_cmpstr (install, !=, final);
      if (!pc->xen_pv)
        assert_xpath (install, "string(/domain/os/boot[1]/@dev)",
                      pc->method == ISO ? "cdrom" : pc->method == PXE ? "network" : NULL, pc->name);
      if (pc->method == URL)
        {
          assert_xpath (install, "string(/domain/os/kernel)", "/var/lib/libvirt/boot/vireo-kernel.abc123",
                        pc->name);
          assert_xpath (final, "string(/domain/os/kernel)", NULL, pc->name);
        }
    }
  else
    g_assert_cmpstr (install, ==, final);
  if (!pc->xen_pv && pc->storage != NODISK)
    assert_xpath (final, "string(/domain/os/boot[1]/@dev)", "hd", pc->name);
  if (pc->xen_pv)
    assert_xpath (final, "string(/domain/bootloader)", "pygrub", pc->name);
  if (pc->os != NULL)
    {
      g_assert_nonnull (strstr (final, "<libosinfo:os id=\"http://"));
      g_assert_nonnull (strstr (final, "xmlns:libosinfo=\"http://libosinfo.org/xmlns/libvirt/domain/1.0\""));
    }
  if (pc->mac != NULL)
    g_assert_nonnull (strstr (final, pc->mac));
  if (pc->network == USER)
    assert_xpath (final, "string(/domain/devices/interface/@type)", "user", pc->name);
  if (pc->network == BR)
    {
      assert_xpath (final, "string(/domain/devices/interface/@type)", "bridge", pc->name);
      assert_xpath (final, "string(/domain/devices/interface/source/@bridge)", pc->network_source, pc->name);
    }
  if (pc->network == MVT)
    {
      assert_xpath (final, "string(/domain/devices/interface/@type)", "direct", pc->name);
      assert_xpath (final, "string(/domain/devices/interface/source/@dev)", pc->network_source, pc->name);
    }
  if (pc->network == NET)
    {
      assert_xpath (final, "string(/domain/devices/interface/@type)", "network", pc->name);
      assert_xpath (final, "string(/domain/devices/interface/source/@network)", pc->network_source, pc->name);
    }
  if (pc->media != NULL && g_str_has_prefix (pc->media, "/dev/"))
    {
      /* a host drive is a block cdrom during the install, gone afterwards */
      assert_xpath (install, "string(/domain/devices/disk[@device='cdrom']/@type)", "block", pc->name);
      assert_xpath (install, "string(/domain/devices/disk[@device='cdrom']/source/@dev)", pc->media, pc->name);
      assert_xpath (final, "string(/domain/devices/disk[@device='cdrom']/source/@dev)", NULL, pc->name);
    }

  /* the runner's sequence on the test driver: start the install config as a
   * transient domain, then define the final config under the same name */
  conn = virConnectOpen ("test:///default");
  g_assert_nonnull (conn);
  dom = virDomainCreateXML (conn, install, 0);
  if (dom == NULL)
    g_error ("plan %s: the test driver refused the install XML: %s", pc->name,
             virGetLastErrorMessage ());
  g_assert_cmpint (virDomainIsPersistent (dom), ==, 0);
  virDomainFree (dom);
  dom = virDomainDefineXML (conn, final);
  if (dom == NULL)
    g_error ("plan %s: the test driver refused the final XML: %s", pc->name, virGetLastErrorMessage ());
  persistent = virDomainIsPersistent (dom);
  g_assert_cmpint (persistent, ==, 1);
  {
    /* the running domain keeps the install config; the next boot is from disk */
    g_autofree char *inactive = NULL;
    char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);

    inactive = g_strdup (xml);
    free (xml);
    assert_xpath (inactive, "string(/domain/on_reboot)", "restart", pc->name);
    g_assert_cmpstr (virDomainGetName (dom), ==, pc->name);
  }
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  g_assert_null (virDomainLookupByName (conn, pc->name));
  virResetLastError ();
  virConnectClose (conn);

  /* golden file */
  install_n = normalise (install);
  final_n = normalise (final);
  expected = g_strdup_printf ("<!-- %s: generated by tests/core/test-install-plan.c; "
                              "regenerate with VIREO_UPDATE_GOLDEN=1 -->\n"
                              "<golden plan=\"%s\">\n%s<!-- install phase -->\n%s<!-- final phase -->\n%s</golden>\n",
                              golden_file, pc->name, volume != NULL ? volume : "", install_n, final_n);
  if (g_strcmp0 (g_getenv ("VIREO_UPDATE_GOLDEN"), "1") == 0)
    {
      g_file_set_contents (golden_path, expected, -1, &error);
      g_assert_no_error (error);
      g_test_message ("updated %s", golden_path);
      return;
    }
  if (!g_file_get_contents (golden_path, &golden_text, NULL, &error))
    g_error ("%s: %s (run the test with VIREO_UPDATE_GOLDEN=1 to create it)", pc->name, error->message);
  if (g_strcmp0 (golden_text, expected) != 0)
    g_error ("plan %s differs from %s (if the change is intended, rerun with VIREO_UPDATE_GOLDEN=1):\n%s",
             pc->name, golden_path, expected);
}

/* -- escaping --------------------------------------------------------------- */

/* -- "Customize configuration before install" ------------------------------ */

static const PlanCase *find_case (const char *name);

/* the person's edit of the FINAL XML: more memory, a description and an
 * extra device */
static char *
edit_final (const char *final)
{
  xmlDocPtr doc = xmlReadMemory (final, strlen (final), NULL, NULL, 0);
  xmlNodePtr root = xmlDocGetRootElement (doc);
  xmlNodePtr name = NULL, devices = NULL, watchdog;
  xmlChar *buffer = NULL;
  int size = 0;
  char *ret;

  for (xmlNodePtr n = root->children; n != NULL; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (xmlStrEqual (n->name, (const xmlChar *) "name"))
        name = n;
      else if (xmlStrEqual (n->name, (const xmlChar *) "devices"))
        devices = n;
      else if (xmlStrEqual (n->name, (const xmlChar *) "memory")
               || xmlStrEqual (n->name, (const xmlChar *) "currentMemory"))
        xmlNodeSetContent (n, (const xmlChar *) "3072");
    }
  g_assert_nonnull (name);
  g_assert_nonnull (devices);
  xmlAddNextSibling (name, xmlNewDocNode (doc, NULL, (const xmlChar *) "description",
                                          (const xmlChar *) "edited by hand"));
  watchdog = xmlNewChild (devices, NULL, (const xmlChar *) "watchdog", NULL);
  xmlSetProp (watchdog, (const xmlChar *) "model", (const xmlChar *) "i6300esb");
  xmlSetProp (watchdog, (const xmlChar *) "action", (const xmlChar *) "reset");
  xmlDocDumpFormatMemory (doc, &buffer, &size, 1);
  ret = g_strdup ((const char *) buffer);
  xmlFree (buffer);
  xmlFreeDoc (doc);
  return ret;
}

/* the install phase boots what the person edited, with the install-time
 * changes on top; unedited, it is exactly the plan's INSTALL XML */
static void
test_install_from_final (gconstpointer data)
{
  const PlanCase *pc = data;
  g_autoptr (VireoInstallPlan) plan = plan_from_case (pc);
  g_autoptr (GError) error = NULL;
  g_autofree char *install = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_INSTALL, &error);
  g_autofree char *final = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_FINAL, &error);
  g_autofree char *from_final = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *from_edited = NULL;
  g_autofree char *expected_cmdline = NULL;
  g_autofree char *media = NULL;

  g_assert_no_error (error);
  g_assert_true (vireo_install_plan_needs_install_phase (plan));

  from_final = vireo_install_plan_install_xml_from (plan, final, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_final, ==, install);

  edited = edit_final (final);
  from_edited = vireo_install_plan_install_xml_from (plan, edited, &error);
  g_assert_no_error (error);
  g_test_message ("%s", from_edited);
  assert_valid (from_edited, "domain", pc->name);
  /* the person's edits */
  assert_xpath (from_edited, "string(/domain/memory)", "3072", pc->name);
  assert_xpath (from_edited, "string(/domain/currentMemory)", "3072", pc->name);
  assert_xpath (from_edited, "string(/domain/description)", "edited by hand", pc->name);
  assert_xpath (from_edited, "string(/domain/devices/watchdog/@model)", "i6300esb", pc->name);
  /* Vireo's install-time changes */
  assert_xpath (from_edited, "string(/domain/on_reboot)", "destroy", pc->name);
  assert_xpath (from_edited, "string(/domain/bootloader)", NULL, pc->name);
  switch (pc->method)
    {
    case ISO:
      assert_xpath (from_edited, "string(/domain/os/boot[1]/@dev)", "cdrom", pc->name);
      media = xpath_value (install, "concat(/domain/devices/disk[@device='cdrom']/source/@file,"
                                    " /domain/devices/disk[@device='cdrom']/source/@dev)");
      g_assert_nonnull (media);
      assert_xpath (from_edited,
                    "concat(/domain/devices/disk[@device='cdrom']/source/@file,"
                    " /domain/devices/disk[@device='cdrom']/source/@dev)",
                    media, pc->name);
      break;
    case PXE:
      assert_xpath (from_edited, "string(/domain/os/boot[1]/@dev)", "network", pc->name);
      break;
    case URL:
      assert_xpath (from_edited, "string(/domain/os/kernel)", "/var/lib/libvirt/boot/vireo-kernel.abc123",
                    pc->name);
      assert_xpath (from_edited, "string(/domain/os/initrd)", "/var/lib/libvirt/boot/vireo-initrd.abc123",
                    pc->name);
      expected_cmdline = xpath_value (install, "string(/domain/os/cmdline)");
      assert_xpath (from_edited, "string(/domain/os/cmdline)", expected_cmdline, pc->name);
      assert_xpath (from_edited, "string(count(/domain/os/boot))", "0", pc->name);
      break;
    case IMPORT:   /* no install phase, asserted above */
    case MANUAL:
    default:
      g_assert_not_reached ();
    }

  /* a CPU model the host cannot run is replaced in it as in the plan's own
   * (vireo-cpu-fallback-private.h): only the <cpu> changes */
  g_assert_cmpint (vireo_cpu_fallback_applies (from_edited), ==, vireo_cpu_fallback_applies (install));
  if (vireo_cpu_fallback_applies (from_edited))
    {
      g_autofree char *retried = vireo_cpu_fallback_apply (from_edited, "EPYC", &error);

      g_assert_no_error (error);
      assert_xpath (retried, "string(/domain/cpu/model)", "EPYC", pc->name);
      assert_xpath (retried, "string(/domain/description)", "edited by hand", pc->name);
      assert_xpath (retried, "string(/domain/on_reboot)", "destroy", pc->name);
      assert_valid (retried, "domain", pc->name);
    }
}

/* the CD/DVD drives and boot order of an edit: the medium goes into the
 * drive the final configuration leaves empty, wherever the person moved it,
 * never into a drive the person added with another disc; per-device boot
 * orders give way to the install's boot from the media (libvirt refuses
 * both together) */
static void
test_install_from_final_devices (void)
{
  g_autoptr (VireoInstallPlan) plan = plan_from_case (find_case ("iso-fedora37-bios"));
  g_autoptr (GError) error = NULL;
  g_autofree char *final = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_FINAL, &error);
  g_autofree char *media = NULL;
  static const char driver_disc[] =
    "<disk type=\"file\" device=\"cdrom\"><driver name=\"qemu\" type=\"raw\"/>"
    "<source file=\"/var/lib/libvirt/images/virtio-win.iso\"/><target dev=\"sdb\" bus=\"sata\"/><readonly/></disk>";
  g_autoptr (GRegex) cdrom = g_regex_new ("<disk[^>]*device=\"cdrom\".*?</disk>", G_REGEX_DOTALL, 0, NULL);

  g_assert_no_error (error);
  g_object_get (plan, "media-path", &media, NULL);

  /* a driver disc added: it keeps its disc, the installer's drive gets the media */
  {
    g_autoptr (GString) edited = g_string_new (final);
    g_autofree char *install = NULL;

    g_autofree char *with_disc = g_strdup_printf ("%s</devices>", driver_disc);

    g_assert_cmpuint (g_string_replace (edited, "</devices>", with_disc, 1), ==, 1);
    install = vireo_install_plan_install_xml_from (plan, edited->str, &error);
    g_assert_no_error (error);
    assert_xpath (install, "string(/domain/devices/disk[target/@dev='sdb']/source/@file)",
                  "/var/lib/libvirt/images/virtio-win.iso", "driver disc");
    assert_xpath (install, "string(/domain/devices/disk[target/@dev='sda']/source/@file)", media, "driver disc");
    assert_valid (install, "domain", "driver disc");
  }

  /* the installer's drive moved to another target: the media follows it */
  {
    g_autoptr (GString) edited = g_string_new (final);
    g_autofree char *install = NULL;

    g_assert_cmpuint (g_string_replace (edited, "<target dev=\"sda\" bus=\"sata\"/>",
                                        "<target dev=\"sdc\" bus=\"sata\"/>", 1), ==, 1);
    install = vireo_install_plan_install_xml_from (plan, edited->str, &error);
    g_assert_no_error (error);
    assert_xpath (install, "string(/domain/devices/disk[target/@dev='sdc']/source/@file)", media, "moved drive");
    assert_xpath (install, "string(count(/domain/devices/disk[@device='cdrom']))", "1", "moved drive");
  }

  /* only a driver disc left: no drive for the media, refused */
  {
    g_autofree char *no_cdrom = g_regex_replace_literal (cdrom, final, -1, 0, "", 0, NULL);
    g_autoptr (GString) edited = g_string_new (no_cdrom);

    g_autofree char *with_disc = g_strdup_printf ("%s</devices>", driver_disc);

    g_assert_cmpuint (g_string_replace (edited, "</devices>", with_disc, 1), ==, 1);
    g_assert_null (vireo_install_plan_install_xml_from (plan, edited->str, &error));
    g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML);
    g_assert_nonnull (strstr (error->message, "CD/DVD drive"));
    g_clear_error (&error);
  }

  /* boot order on the disk instead of <os><boot>: the install boots the
   * media through <os>, without the per-device order; libvirt takes it */
  {
    g_autoptr (GString) edited = g_string_new (final);
    g_autofree char *install = NULL;
    virConnectPtr conn;
    virDomainPtr dom;

    g_assert_cmpuint (g_string_replace (edited, "<boot dev=\"hd\"/>", "", 0), ==, 1);
    g_assert_cmpuint (g_string_replace (edited, "<target dev=\"vda\" bus=\"virtio\"/>",
                                        "<target dev=\"vda\" bus=\"virtio\"/><boot order=\"1\"/>", 1), ==, 1);
    install = vireo_install_plan_install_xml_from (plan, edited->str, &error);
    g_assert_no_error (error);
    assert_xpath (install, "string(/domain/os/boot[1]/@dev)", "cdrom", "boot order");
    assert_xpath (install, "string(count(/domain/devices/*/boot))", "0", "boot order");
    conn = virConnectOpen ("test:///default");
    dom = virDomainCreateXML (conn, install, 0);
    if (dom == NULL)
      g_error ("libvirt refused the install XML: %s\n%s", virGetLastErrorMessage (), install);
    virDomainDestroy (dom);
    virDomainFree (dom);
    virConnectClose (conn);
  }
}

static void
expect_xml_refused (VireoInstallPlan *plan,
                    const char       *xml,
                    const char       *words)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (vireo_install_plan_install_xml_from (plan, xml, &error));
  g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML);
  g_test_message ("%s", error->message);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

/* an edit that is not XML, or lost what the install needs */
static void
test_install_from_final_refused (void)
{
  g_autoptr (VireoInstallPlan) iso = plan_from_case (find_case ("iso-fedora37-bios"));
  g_autoptr (VireoInstallPlan) pxe = plan_from_case (find_case ("pxe-fedora37"));
  g_autoptr (GError) error = NULL;
  g_autofree char *final = vireo_install_plan_to_domain_xml (iso, VIREO_INSTALL_PHASE_FINAL, &error);
  g_autofree char *pxe_final = vireo_install_plan_to_domain_xml (pxe, VIREO_INSTALL_PHASE_FINAL, &error);
  g_autofree char *uuid = NULL;
  g_autoptr (GRegex) cdrom = g_regex_new ("<disk[^>]*device=\"cdrom\".*?</disk>", G_REGEX_DOTALL, 0, NULL);
  g_autoptr (GRegex) iface = g_regex_new ("<interface.*?</interface>", G_REGEX_DOTALL, 0, NULL);
  g_autofree char *no_cdrom = NULL;
  g_autofree char *no_iface = NULL;

  g_assert_no_error (error);
  expect_xml_refused (iso, "<domain type='kvm'><name>iso-fedora37-bios</name>", "not valid XML");
  expect_xml_refused (iso, "", "is empty");
  expect_xml_refused (iso, "<domain", "not valid XML (line 1: ");
  expect_xml_refused (iso, "<network><name>iso-fedora37-bios</name></network>", "“domain”");

  no_cdrom = g_regex_replace_literal (cdrom, final, -1, 0, "", 0, NULL);
  g_assert_cmpstr (no_cdrom, !=, final);
  expect_xml_refused (iso, no_cdrom, "CD/DVD drive");
  no_iface = g_regex_replace_literal (iface, pxe_final, -1, 0, "", 0, NULL);
  g_assert_cmpstr (no_iface, !=, pxe_final);
  expect_xml_refused (pxe, no_iface, "network interface");

  /* another VM than the one being created */
  g_object_get (iso, "uuid", &uuid, NULL);
  {
    g_autoptr (GString) other = g_string_new (final);

    g_string_replace (other, uuid, "6b1f1f5e-0000-4000-8000-000000000001", 0);
    expect_xml_refused (iso, other->str, "UUID");
    g_string_assign (other, final);
    g_string_replace (other, "<name>iso-fedora37-bios</name>", "<name>renamed</name>", 0);
    expect_xml_refused (iso, other->str, "name");
  }
}

static void
test_escaping (void)
{
  const char *nasty = "a&b<c'd\"e>";
  g_autoptr (VireoInstallPlan) plan = vireo_install_plan_new (SYS);
  g_autoptr (GError) error = NULL;
  g_autofree char *caps = read_caps ("kvm");
  g_autofree char *xml = NULL;
  g_autofree char *volume = NULL;
  g_autofree char *iso = work_file ("odd & <name>.iso");
  virConnectPtr conn;
  virDomainPtr dom;

  vireo_install_plan_set_capabilities (plan, caps, &error);
  g_assert_no_error (error);
  g_object_set (plan, "name", nasty, "title", "Tom & Jerry's <VM>", "media-path", iso,
                "network-source", "net'&\"<", NULL);

  /* libvirt takes the name, and so does the name rule... */
  g_assert_true (vireo_install_plan_validate_name (nasty, &error));
  g_assert_no_error (error);

  /* ...and the XML writer escapes whatever it is given */
  xml = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_INSTALL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "<name>a&amp;b&lt;c'd\"e&gt;</name>"));
  g_assert_null (strstr (xml, nasty));
  assert_valid (xml, "domain", "escaping");
  volume = vireo_install_plan_to_volume_xml (plan, &error);
  g_assert_no_error (error);
  assert_valid (volume, "storagevol", "escaping volume");

  conn = virConnectOpen ("test:///default");
  dom = virDomainDefineXML (conn, xml);
  g_assert_nonnull (dom);
  g_assert_cmpstr (virDomainGetName (dom), ==, nasty);
  {
    char *back = virDomainGetXMLDesc (dom, 0);
    g_autofree char *source = xpath_value (back, "string(/domain/devices/disk[@device='cdrom']/source/@file)");
    g_autofree char *net = xpath_value (back, "string(/domain/devices/interface/source/@network)");
    g_autofree char *title = xpath_value (back, "string(/domain/title)");

    g_assert_cmpstr (source, ==, iso);
    g_assert_cmpstr (net, ==, "net'&\"<");
    g_assert_cmpstr (title, ==, "Tom & Jerry's <VM>");
    free (back);
  }
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  virConnectClose (conn);
}

/* -- bad input -------------------------------------------------------------- */

static const PlanCase *
find_case (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    if (g_str_equal (plans[i].name, name))
      return &plans[i];
  g_assert_not_reached ();
}

static VireoInstallPlan *
good_plan (void)
{
  VireoInstallPlan *plan = plan_from_case (&plans[0]);
  g_autoptr (GError) error = NULL;

  g_object_set (plan, "name", "good", NULL);
  g_assert_true (vireo_install_plan_validate (plan, &error));
  g_assert_no_error (error);
  return plan;
}

static void
expect_error (VireoInstallPlan     *plan,
              VireoInstallPlanError code,
              const char           *field)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (vireo_install_plan_validate (plan, &error));
  g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, (int) code);
  g_test_message ("%s", error->message);
  /* a sentence that starts with the field it is about */
  g_assert_true (g_str_has_prefix (error->message, field));
  g_assert_true (g_str_has_suffix (error->message, "."));
}

static void
test_bad_name (void)
{
  g_autoptr (VireoInstallPlan) plan = good_plan ();
  g_autoptr (GError) error = NULL;

  g_object_set (plan, "name", "web/01", NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_NAME, "Name:");
  g_object_set (plan, "name", "", NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_NAME, "Name:");
  g_object_set (plan, "name", "two\nlines", NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_NAME, "Name:");
  g_object_set (plan, "name", "-rf", NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_NAME, "Name:");
  g_object_set (plan, "name", "1234", NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_NAME, "Name:");
  /* libvirt's qemu driver takes spaces and letters of any script: so does Vireo */
  for (guint i = 0; i < 3; i++)
    {
      static const char *const fine[] = { "my vm", "über", "Сервер 1" };

      g_assert_true (vireo_install_plan_validate_name (fine[i], &error));
      g_assert_no_error (error);
    }
  {
    g_autofree char *long_name = g_strnfill (65, 'a');

    g_object_set (plan, "name", long_name, NULL);
    expect_error (plan, VIREO_INSTALL_PLAN_ERROR_NAME, "Name:");
  }

  /* the rule's own examples pass */
  g_assert_true (vireo_install_plan_validate_name ("web_01.example-a", &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (vireo_install_plan_name_rule (), "file"));
}

static void
test_bad_memory (void)
{
  g_autoptr (VireoInstallPlan) plan = good_plan ();

  g_object_set (plan, "host-memory-mib", 4096, "memory-mib", 8192, NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_MEMORY, "Memory:");
  g_object_set (plan, "memory-mib", 32, NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_MEMORY, "Memory:");
}

static void
test_bad_disk (void)
{
  g_autoptr (VireoInstallPlan) plan = good_plan ();

  g_object_set (plan, "pool-free-bytes", (gint64) 10 << 30, "disk-size-gib", 11, NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_STORAGE, "Storage:");
  g_object_set (plan, "allocate-now", TRUE, NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_STORAGE, "Storage:");
  g_object_set (plan, "disk-size-gib", 10, NULL);
  g_assert_true (vireo_install_plan_validate (plan, NULL));
  g_object_set (plan, "disk-size-gib", 0, NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_STORAGE, "Storage:");
}

static void
test_bad_media (void)
{
  g_autoptr (VireoInstallPlan) plan = good_plan ();
  g_autofree char *missing = g_build_filename (work_dir, "no-such.iso", NULL);

  g_object_set (plan, "media-path", missing, NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_MEDIA, "Installation media:");
  g_object_set (plan, "media-path", "", NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_MEDIA, "Installation media:");
  g_object_set (plan, "media-path", work_dir, NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_MEDIA, "Installation media:");

  g_object_set (plan, "method", URL, "tree-url", "not a url", NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_MEDIA, "Install tree:");

  /* an image to import that is not there: step 1's error, in words about an
   * image, not a disc */
  {
    g_autoptr (GError) error = NULL;

    g_object_set (plan, "method", VIREO_INSTALL_METHOD_IMPORT, "storage-mode", VIREO_STORAGE_MODE_EXISTING,
                  "disk-path", missing, NULL);
    g_assert_false (vireo_install_plan_validate (plan, &error));
    g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEDIA);
    g_assert_true (g_str_has_prefix (error->message, "Disk image to import:"));
    g_assert_null (strstr (error->message, "disc"));
  }
}

/* more virtual CPUs than the host can give a guest: refused, not warned */
static void
test_bad_vcpus (void)
{
  g_autoptr (VireoInstallPlan) plan = good_plan ();
  g_autoptr (GError) error = NULL;

  g_object_set (plan, "max-vcpus", 16, "vcpus", 4096, NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_VCPUS, "CPUs:");
  g_assert_false (vireo_install_plan_validate (plan, &error));
  g_assert_nonnull (strstr (error->message, "at most 16 virtual CPUs"));
  g_object_set (plan, "vcpus", 16, NULL);
  g_assert_true (vireo_install_plan_validate (plan, NULL));

  /* the limit the wizard gives the plan: the domain capabilities' own */
  g_assert_cmpuint (vireo_host_resources_parse_max_vcpus ("<domainCapabilities><path>/usr/bin/qemu-system-x86_64</path>"
                                                          "<vcpu max='288'/></domainCapabilities>"),
                    ==, 288);
  g_assert_cmpuint (vireo_host_resources_parse_max_vcpus ("<domainCapabilities/>"), ==, 0);
  g_assert_cmpuint (vireo_host_resources_parse_max_vcpus (NULL), ==, 0);
}

/* the media outside /var/lib/libvirt/images: warned about only while it is
 * not known that QEMU can read it */
static void
test_media_warning (void)
{
  g_autoptr (VireoInstallPlan) plan = good_plan ();
  g_autofree char *iso = g_build_filename (work_dir, "outside.iso", NULL);
  g_auto (GStrv) before = NULL;
  g_auto (GStrv) after = NULL;
  g_autofree char *joined = NULL;

  g_object_set (plan, "uri", "qemu:///system", "method", VIREO_INSTALL_METHOD_ISO, "media-path", iso, NULL);
  before = vireo_install_plan_get_warnings (plan);
  joined = g_strjoinv ("\n", before);
  g_assert_nonnull (strstr (joined, "outside /var/lib/libvirt/images"));
  g_object_set (plan, "media-readable", TRUE, NULL);
  after = vireo_install_plan_get_warnings (plan);
  g_clear_pointer (&joined, g_free);
  joined = g_strjoinv ("\n", after);
  g_assert_null (strstr (joined, "outside /var/lib/libvirt/images"));
}

static void
test_bad_mac (void)
{
  g_autoptr (VireoInstallPlan) plan = good_plan ();

  g_object_set (plan, "mac", "01:00:5e:00:00:01", NULL); /* multicast */
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_MAC, "MAC address:");
  g_object_set (plan, "mac", "ff:ff:ff:ff:ff:ff", NULL); /* broadcast */
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_MAC, "MAC address:");
  g_object_set (plan, "mac", "00:00:00:00:00:00", NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_MAC, "MAC address:");
  g_object_set (plan, "mac", "52:54:00:zz:00:01", NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_MAC, "MAC address:");
  g_object_set (plan, "mac", "52:54:00:1:2:3", NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_MAC, "MAC address:");
  g_object_set (plan, "mac", "52:54:00:AB:cd:01", NULL);
  g_assert_true (vireo_install_plan_validate (plan, NULL));
}

static void
test_bad_combinations (void)
{
  g_autoptr (VireoInstallPlan) plan = good_plan ();
  g_autoptr (VireoInstallPlan) xen = plan_from_case (find_case ("xen-pv-url-fedora37"));
  g_autoptr (GError) error = NULL;

  g_assert_true (vireo_install_plan_validate (xen, NULL));

  /* Windows 11 cannot boot with BIOS */
  vireo_install_plan_set_os (plan, os_db, "win11", &error);
  g_assert_no_error (error);
  g_assert_true (vireo_install_plan_validate (plan, NULL));
  g_object_set (plan, "firmware", BIOS, NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_FIRMWARE, "Firmware:");

  /* PV is for Xen hosts only */
  vireo_install_plan_set_os (plan, os_db, "fedora37", &error);
  g_object_set (plan, "xen-pv", TRUE, NULL);
  g_assert_false (vireo_install_plan_validate (plan, &error));
  g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD);
  g_clear_error (&error);

  /* a PV guest cannot boot an ISO or PXE, or use UEFI */
  g_object_set (xen, "method", ISO, NULL);
  expect_error (xen, VIREO_INSTALL_PLAN_ERROR_METHOD, "Install method:");
  g_object_set (xen, "method", PXE, NULL);
  expect_error (xen, VIREO_INSTALL_PLAN_ERROR_METHOD, "Install method:");
  g_object_set (xen, "method", URL, "firmware", UEFI, NULL);
  expect_error (xen, VIREO_INSTALL_PLAN_ERROR_FIRMWARE, "Firmware:");

  /* PXE without a network; an unknown OS id */
  g_object_set (plan, "xen-pv", FALSE, "method", PXE, "network-mode", NONET, NULL);
  expect_error (plan, VIREO_INSTALL_PLAN_ERROR_NETWORK, "Network:");
  g_assert_false (vireo_install_plan_set_os (plan, os_db, "debian12-not-in-db", &error));
  g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_OS);
}

static void
test_defaults_and_warnings (void)
{
  g_autoptr (VireoInstallPlan) plan = vireo_install_plan_new (SES);
  g_autoptr (VireoInstallPlan) tcg = vireo_install_plan_new (SYS);
  g_autofree char *caps = read_caps ("tcg");
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) warnings = NULL;
  const char *mac;
  int mode;

  /* a session connection defaults to user-mode networking */
  g_object_get (plan, "network-mode", &mode, NULL);
  g_assert_cmpint (mode, ==, USER);

  /* libosinfo's recommendations become the defaults */
  vireo_install_plan_set_os (plan, os_db, "win11", &error);
  g_assert_no_error (error);
  {
    guint memory, vcpus, disk, firmware;
    gboolean tpm;

    g_object_get (plan, "memory-mib", &memory, "vcpus", &vcpus, "disk-size-gib", &disk,
                  "firmware", &firmware, "tpm", &tpm, NULL);
    g_assert_cmpuint (memory, >=, 4096);
    g_assert_cmpuint (vcpus, >=, 2);
    g_assert_cmpuint (disk, >=, 64);
    g_assert_cmpuint (firmware, ==, UEFI);
    g_assert_true (tpm);
  }

  /* the generated MAC is stable, QEMU's prefix, and changes for Xen */
  mac = vireo_install_plan_get_effective_mac (plan);
  g_assert_true (g_str_has_prefix (mac, "52:54:00:"));
  g_assert_true (vireo_install_plan_validate_mac (mac, NULL));
  g_assert_cmpstr (mac, ==, vireo_install_plan_get_effective_mac (plan));

  /* no KVM: plain QEMU, and the summary says why it will be slow */
  vireo_install_plan_set_capabilities (tcg, caps, &error);
  g_assert_no_error (error);
  g_assert_false (vireo_install_plan_host_has_kvm (tcg));
  g_assert_cmpstr (vireo_install_plan_get_effective_virt_type (tcg), ==, "qemu");
  g_object_set (tcg, "host-memory-mib", 4096, "memory-mib", 4000, "host-cpus", 2, "vcpus", 4, NULL);
  warnings = vireo_install_plan_get_warnings (tcg);
  g_assert_cmpuint (g_strv_length (warnings), ==, 4); /* memory, CPUs, no KVM, sparse disk */
  g_assert_nonnull (strstr (warnings[2], "/dev/kvm"));

  g_assert_false (vireo_install_plan_set_capabilities (tcg, "<notcaps/>", &error));
  g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_CAPABILITIES);
}

static void
test_volume_on_test_driver (void)
{
  g_autoptr (VireoInstallPlan) plan = good_plan ();
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;
  virConnectPtr conn = virConnectOpen ("test:///default");
  virStoragePoolPtr pool = virStoragePoolLookupByName (conn, "default-pool");
  virStorageVolPtr vol;
  virStorageVolInfo info;

  g_object_set (plan, "disk-size-gib", 3, NULL);
  xml = vireo_install_plan_to_volume_xml (plan, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pool);
  vol = virStorageVolCreateXML (pool, xml, 0);
  g_assert_nonnull (vol);
  g_assert_cmpstr (virStorageVolGetName (vol), ==, "good.qcow2");
  g_assert_cmpint (virStorageVolGetInfo (vol, &info), ==, 0);
  g_assert_cmpuint (info.capacity, ==, (guint64) 3 << 30);
  g_assert_cmpint (virStorageVolDelete (vol, 0), ==, 0);
  virStorageVolFree (vol);
  virStoragePoolFree (pool);
  virConnectClose (conn);
}

/* The New VM wizard offers the architectures and domain types the plan read
 * from the host's capabilities, each once, in the host's order. */
static void
test_host_archs (void)
{
  g_autoptr (VireoInstallPlan) plan = vireo_install_plan_new ("qemu:///system");
  g_autofree char *kvm = read_caps ("kvm");
  g_autofree char *xen = read_caps ("xen");
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) none_archs = vireo_install_plan_dup_host_archs (plan);
  g_auto (GStrv) none_types = vireo_install_plan_dup_host_virt_types (plan);
  g_auto (GStrv) kvm_archs = NULL;
  g_auto (GStrv) kvm_types = NULL;
  g_auto (GStrv) xen_archs = NULL;
  g_auto (GStrv) xen_types = NULL;
  const char *const kvm_archs_expected[] = { "i686", "x86_64", NULL };
  const char *const kvm_types_expected[] = { "qemu", "kvm", NULL };
  const char *const xen_archs_expected[] = { "x86_64", NULL };
  const char *const xen_types_expected[] = { "xen", NULL };

  /* before the capabilities: nothing */
  g_assert_cmpuint (g_strv_length (none_archs), ==, 0);
  g_assert_cmpuint (g_strv_length (none_types), ==, 0);

  g_assert_true (vireo_install_plan_set_capabilities (plan, kvm, &error));
  g_assert_no_error (error);
  kvm_archs = vireo_install_plan_dup_host_archs (plan);
  kvm_types = vireo_install_plan_dup_host_virt_types (plan);
  g_assert_true (g_strv_equal ((const char *const *) kvm_archs, kvm_archs_expected));
  g_assert_true (g_strv_equal ((const char *const *) kvm_types, kvm_types_expected));

  /* a Xen host: x86_64 twice (PV and HVM), listed once */
  g_assert_true (vireo_install_plan_set_capabilities (plan, xen, &error));
  g_assert_no_error (error);
  xen_archs = vireo_install_plan_dup_host_archs (plan);
  xen_types = vireo_install_plan_dup_host_virt_types (plan);
  g_assert_true (g_strv_equal ((const char *const *) xen_archs, xen_archs_expected));
  g_assert_true (g_strv_equal ((const char *const *) xen_types, xen_types_expected));
}

/* -- the OS database -------------------------------------------------------- */

/* One OS database per process: the wizard's (the default) and the names of
 * existing VMs (vireo_os_name_for_id) share the one main() loaded. */
static void
test_os_database_shared (void)
{
  g_autofree char *name = NULL;

  g_assert_true (vireo_os_database_get_default () == vireo_os_database_get_default ());
  /* main() loaded a database: the names need no loading of their own */
  g_assert_true (vireo_core_os_names_loaded ());
  name = vireo_os_name_for_id ("http://fedoraproject.org/fedora/37");
  g_assert_cmpstr (name, ==, "Fedora Linux 37");
  g_assert_null (vireo_os_name_for_id ("http://example.com/no-such-os"));
}

static void
test_os_database (void)
{
  g_autoptr (VireoOsDatabase) db = vireo_os_database_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GListModel) found = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoOsDevices) win10 = NULL;
  g_autoptr (VireoOsDevices) win11 = NULL;
  g_autoptr (VireoOsDevices) fedora = NULL;
  GAsyncResult *slot = NULL;
  VireoOsEntry *entry;

  g_assert_cmpuint (g_list_model_get_n_items (vireo_os_database_get_os_list (db)), ==, 0);
  vireo_os_database_load_async (db, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_true (vireo_os_database_load_finish (db, result, &error));
  g_assert_no_error (error);
  g_assert_true (vireo_os_database_get_loaded (db));
  /* osinfo-db 20221130 has about 790 systems */
  g_assert_cmpuint (g_list_model_get_n_items (vireo_os_database_get_os_list (db)), >, 500);

  entry = vireo_os_database_lookup (db, "fedora37");
  g_assert_nonnull (entry);
  g_assert_cmpstr (vireo_os_entry_get_id (entry), ==, "http://fedoraproject.org/fedora/37");
  g_assert_cmpstr (vireo_os_entry_get_name (entry), ==, "Fedora Linux 37");
  g_assert_cmpstr (vireo_os_entry_get_family (entry), ==, "linux");
  g_assert_cmpstr (vireo_os_entry_get_release_date (entry), ==, "2022-11-15");
  g_assert_true (vireo_os_database_lookup (db, "http://fedoraproject.org/fedora/37") == entry);
  g_assert_null (vireo_os_database_lookup (db, "debian12"));

  found = vireo_os_database_search (db, "windows 11");
  g_assert_cmpuint (g_list_model_get_n_items (found), >=, 1);
  {
    g_autoptr (VireoOsEntry) first = g_list_model_get_item (found, 0);
    g_assert_cmpstr (vireo_os_entry_get_family (first), ==, "winnt");
  }

  fedora = vireo_os_database_get_devices (db, "fedora37", "x86_64", &error);
  g_assert_no_error (error);
  g_assert_true (fedora->virtio_disk && fedora->virtio_net && fedora->q35);
  g_assert_cmpstr (fedora->kernel_url_arg, ==, "inst.repo");
  win10 = vireo_os_database_get_devices (db, "win10", "x86_64", &error);
  g_assert_no_error (error);
  g_assert_false (win10->virtio_disk); /* no virtio driver in the Windows installer */
  g_assert_true (win10->bios_supported);
  win11 = vireo_os_database_get_devices (db, "win11", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (win11->bios_supported);
  g_assert_true (win11->efi_supported && win11->tpm_required);
}

static VireoOsDetection *
detect (gboolean    tree,
        const char *location,
        guint       timeout_ms,
        GError    **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  if (tree)
    vireo_os_database_detect_tree_async (os_db, location, timeout_ms, NULL, test_store_result, &slot);
  else
    vireo_os_database_detect_media_async (os_db, location, timeout_ms, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return tree ? vireo_os_database_detect_tree_finish (os_db, result, error)
              : vireo_os_database_detect_media_finish (os_db, result, error);
}

static void
test_detect_media (void)
{
  g_autofree char *xorriso = g_find_program_in_path ("xorriso");
  g_autofree char *root = g_build_filename (work_dir, "isoroot", NULL);
  g_autofree char *boot = g_build_filename (root, "boot.img", NULL);
  g_autofree char *iso = g_build_filename (work_dir, "fedora.iso", NULL);
  g_autofree char *junk = work_file ("junk.iso");
  g_autofree char *missing = g_build_filename (work_dir, "missing.iso", NULL);
  g_autoptr (VireoOsDetection) det = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *zeros = g_malloc0 (2048);
  int status = 0;

  /* not media at all, and no file: clear errors, not a hang */
  g_assert_null (detect (FALSE, junk, 0, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_null (detect (FALSE, missing, 0, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  if (xorriso == NULL)
    {
      g_test_skip ("xorriso is not installed");
      return;
    }

  /* an El Torito bootable ISO with Fedora 37 Server DVD's volume and system ids */
  g_mkdir_with_parents (root, 0700);
  g_file_set_contents (boot, zeros, 2048, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { xorriso, "-as", "mkisofs", "-quiet", "-V", "Fedora-S-dvd-x86_64-37",
                           "-sysid", "LINUX", "-b", "boot.img", "-no-emul-boot", "-o", iso, root, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  det = detect (FALSE, iso, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vireo_os_entry_get_short_id (det->os), ==, "fedora37");
  g_assert_cmpstr (det->volume_id, ==, "Fedora-S-dvd-x86_64-37");
  g_assert_cmpstr (det->kernel_path, ==, "isolinux/vmlinuz");
  g_unlink (iso);
  g_unlink (boot);
  g_rmdir (root);
}

static void
test_detect_tree (void)
{
  g_autofree char *tree = g_build_filename (work_dir, "tree", NULL);
  g_autofree char *treeinfo = g_build_filename (tree, ".treeinfo", NULL);
  g_autofree char *url = NULL;
  g_autofree char *empty = g_build_filename (work_dir, "empty-tree", NULL);
  g_autofree char *empty_url = NULL;
  g_autoptr (VireoOsDetection) det = NULL;
  g_autoptr (GError) error = NULL;

  g_mkdir_with_parents (tree, 0700);
  g_mkdir_with_parents (empty, 0700);
  g_file_set_contents (treeinfo,
                       "[general]\nfamily = Fedora\nversion = 37\narch = x86_64\nvariant = Server\n\n"
                       "[images-x86_64]\nkernel = images/pxeboot/vmlinuz\ninitrd = images/pxeboot/initrd.img\n",
                       -1, &error);
  g_assert_no_error (error);
  url = g_filename_to_uri (tree, NULL, NULL);
  empty_url = g_filename_to_uri (empty, NULL, NULL);

  det = detect (TRUE, url, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vireo_os_entry_get_short_id (det->os), ==, "fedora37");
  g_assert_cmpstr (det->kernel_path, ==, "images/pxeboot/vmlinuz");
  g_assert_cmpstr (det->initrd_path, ==, "images/pxeboot/initrd.img");

  /* a folder without .treeinfo is "not an install tree" */
  g_assert_null (detect (TRUE, empty_url, 0, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_unlink (treeinfo);
  g_rmdir (tree);
  g_rmdir (empty);
}

static void
test_detect_timeout (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *fifo = g_build_filename (work_dir, "never.iso", NULL);
  gint64 start;

  /* a FIFO nobody writes to: reading it blocks like a dead NFS mount */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  start = g_get_monotonic_time ();
  g_assert_null (detect (FALSE, fifo, 300, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_test_message ("%s", error->message);

  /* unblock the worker thread so it ends */
  {
    int fd = open (fifo, O_WRONLY | O_NONBLOCK);
    if (fd >= 0)
      close (fd);
  }
  g_unlink (fifo);
}

/* -- devices every guest needs (issue 14) ---------------------------------- */

static guint
xpath_count (const char *xml,
             const char *expr)
{
  g_autofree char *wrapped = g_strdup_printf ("string(count(%s))", expr);
  g_autofree char *value = xpath_value (xml, wrapped);

  g_assert_nonnull (value);
  return (guint) g_ascii_strtoull (value, NULL, 10);
}

/* Every SPICE guest (every QEMU guest here; Xen guests get VNC): the SPICE
 * agent's channel whatever the OS, two USB redirection channels on a USB
 * controller, and on q35 room for 8 hot-plugged PCI Express devices: root
 * ports left for libvirt to number and place, after pcie.0 itself. */
static void
test_devices_spice_usb_pcie (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      const PlanCase *pc = &plans[i];
      g_autoptr (VireoInstallPlan) plan = plan_from_case (pc);
      g_autoptr (GError) error = NULL;
      VireoInstallPhase phases[] = { VIREO_INSTALL_PHASE_INSTALL, VIREO_INSTALL_PHASE_FINAL };

      for (guint p = 0; p < G_N_ELEMENTS (phases); p++)
        {
          g_autofree char *xml = vireo_install_plan_to_domain_xml (plan, phases[p], &error);
          gboolean spice;
          guint ports, taken;

          g_assert_no_error (error);
          spice = xpath_count (xml, "/domain/devices/graphics[@type='spice']") == 1;
          g_assert_true (spice == !g_str_equal (pc->caps, "xen"));
          if (!spice)
            {
              g_assert_cmpuint (xpath_count (xml, "/domain/devices/channel[@type='spicevmc']"), ==, 0);
              g_assert_cmpuint (xpath_count (xml, "/domain/devices/redirdev"), ==, 0);
              g_assert_cmpuint (xpath_count (xml, "/domain/devices/controller[@type='pci']"), ==, 0);
              continue;
            }
          g_test_message ("%s: %s", pc->name, p == 0 ? "install" : "final");
          g_assert_cmpuint (xpath_count (xml, "/domain/devices/channel[@type='spicevmc']"
                                              "/target[@type='virtio'][@name='com.redhat.spice.0']"), ==, 1);
          g_assert_cmpuint (xpath_count (xml, "/domain/devices/redirdev[@bus='usb'][@type='spicevmc']"), ==, 2);
          /* a USB 2 or 3 controller takes them (USB 1 alone would be slow) */
          g_assert_cmpuint (xpath_count (xml, "/domain/devices/controller[@type='usb']"
                                              "[@model='qemu-xhci' or @model='ich9-ehci1']"), ==, 1);

          ports = xpath_count (xml, "/domain/devices/controller[@type='pci'][@model='pcie-root-port']");
          if (!g_str_equal (pc->expect_machine, "q35"))
            {
              g_assert_cmpuint (ports, ==, 0);
              continue;
            }
          /* libvirt numbers them; pcie.0 comes first with index 0 */
          g_assert_cmpuint (xpath_count (xml, "/domain/devices/controller[@type='pci'][@index or address]"), ==, 1);
          assert_xpath (xml, "string(/domain/devices/controller[@type='pci'][1]/@model)", "pcie-root", pc->name);
          assert_xpath (xml, "string(/domain/devices/controller[@type='pci'][1]/@index)", "0", pc->name);
          /* every device that may take a port (the balloon and virtio-serial
           * bus libvirt adds, too) leaves 8 */
          taken = xpath_count (xml, "/domain/devices/disk | /domain/devices/interface | /domain/devices/video"
                                    " | /domain/devices/sound | /domain/devices/rng"
                                    " | /domain/devices/controller[@model='qemu-xhci' or @model='ich9-ehci1']")
                  + 1 /* memballoon */ + 1 /* virtio-serial */;
          g_assert_cmpuint (ports, >=, taken + 8);
        }
    }
}

/* The safe defaults of a QEMU guest: no guest-initiated suspend, no VMware
 * port on x86 (KVM and TCG alike, as virt-install), discard only on sparse
 * disks, and a screen the SPICE agent can resize (QXL or virtio, never plain
 * VGA on x86). */
static void
test_devices_defaults (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      const PlanCase *pc = &plans[i];
      g_autoptr (VireoInstallPlan) plan = plan_from_case (pc);
      g_autoptr (GError) error = NULL;
      g_autofree char *xml = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_FINAL, &error);
      gboolean xen = g_str_equal (pc->caps, "xen");

      g_assert_no_error (error);
      g_test_message ("%s", pc->name);
      g_assert_cmpuint (xpath_count (xml, "/domain/pm/suspend-to-mem[@enabled='no']"), ==, xen ? 0 : 1);
      g_assert_cmpuint (xpath_count (xml, "/domain/pm/suspend-to-disk[@enabled='no']"), ==, xen ? 0 : 1);
      g_assert_cmpuint (xpath_count (xml, "/domain/features/vmport[@state='off']"), ==, xen ? 0 : 1);
      if (pc->storage == NEWVOL)
        assert_xpath (xml, "string(/domain/devices/disk[@device='disk']/driver/@discard)",
                      pc->allocate_now ? NULL : "unmap", pc->name);
      if (!xen)
        g_assert_cmpstr (pc->expect_video, !=, "vga");
    }
}

/* An emulated TPM 2.0 for every UEFI guest when the host has swtpm (libvirt's
 * domain capabilities say, or PATH on a local host without them); without
 * swtpm a warning instead, and Windows 11, which needs one, is refused. */
static void
test_devices_tpm (void)
{
  static const char *const domcaps_with =
    "<domainCapabilities><devices><tpm supported='yes'>"
    "<enum name='model'><value>tpm-tis</value><value>tpm-crb</value></enum>"
    "<enum name='backendModel'><value>passthrough</value><value>emulator</value></enum>"
    "</tpm></devices></domainCapabilities>";
  static const char *const domcaps_without =
    "<domainCapabilities><devices><tpm supported='yes'>"
    "<enum name='backendModel'><value>passthrough</value></enum>"
    "</tpm></devices></domainCapabilities>";
  static const char *const domcaps_silent = "<domainCapabilities><devices/></domainCapabilities>";
  g_autofree char *swtpm_path = g_find_program_in_path ("swtpm");

  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      const PlanCase *pc = &plans[i];
      g_autoptr (VireoInstallPlan) plan = plan_from_case (pc);
      gboolean uefi = (pc->firmware == UEFI || g_strcmp0 (pc->os, "win11") == 0) && !g_str_equal (pc->caps, "xen");
      gboolean win11 = g_strcmp0 (pc->os, "win11") == 0;

      for (guint with = 0; with < 2; with++)
        {
          g_autoptr (GError) error = NULL;
          g_autofree char *xml = NULL;
          g_auto (GStrv) warnings = NULL;
          g_autofree char *joined = NULL;

          g_assert_true (vireo_install_plan_set_domain_capabilities (plan, with ? domcaps_with : domcaps_without) == (gboolean) with);
          g_test_message ("%s, swtpm %s", pc->name, with ? "installed" : "missing");
          xml = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_FINAL, &error);
          g_assert_no_error (error);
          warnings = vireo_install_plan_get_warnings (plan);
          joined = g_strjoinv ("\n", warnings);
          if (uefi && with)
            {
              assert_xpath (xml, "string(/domain/devices/tpm/@model)",
                            g_str_equal (pc->expect_machine, "q35") ? "tpm-crb" : "tpm-tis", pc->name);
              assert_xpath (xml, "string(/domain/devices/tpm/backend[@type='emulator']/@version)", "2.0", pc->name);
            }
          else
            g_assert_cmpuint (xpath_count (xml, "/domain/devices/tpm"), ==, 0);
          g_assert_true ((strstr (joined, "no TPM: swtpm") != NULL) == (uefi && !with && !win11));
          vireo_install_plan_validate (plan, &error);
          if (win11 && !with)
            {
              g_assert_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE);
              g_assert_nonnull (strstr (error->message, "needs a TPM 2.0"));
              g_assert_nonnull (strstr (error->message, "Install swtpm on the host"));
            }
          else
            g_assert_no_error (error);
        }
    }

  {
    g_autoptr (VireoInstallPlan) local = vireo_install_plan_new ("qemu:///system");
    g_autoptr (VireoInstallPlan) remote = vireo_install_plan_new ("qemu+ssh://vmhost.example/system");
    gboolean value;

    /* a libvirt that does not list TPMs: PATH on this host, trust the remote one */
    g_assert_true (vireo_install_plan_set_domain_capabilities (local, domcaps_silent) == (swtpm_path != NULL));
    g_assert_true (vireo_install_plan_set_domain_capabilities (local, NULL) == (swtpm_path != NULL));
    g_object_get (local, "swtpm-available", &value, NULL);
    g_assert_true (value == (swtpm_path != NULL));
    g_assert_true (vireo_install_plan_set_domain_capabilities (remote, NULL));
    g_assert_false (vireo_install_plan_set_domain_capabilities (remote, domcaps_without));
    /* junk from a hostile daemon is "not said" */
    g_assert_true (vireo_install_plan_set_domain_capabilities (remote, "<tpm><<"));
  }
}

/* Resources: libosinfo's recommendation when the host has room, its minimum
 * when not, and for URL and PXE installs its network-install memory in the
 * install phase only; the sentence the Resources page shows says which. */
static VireoInstallPlan *
resources_plan (const char        *os,
                VireoInstallMethod method,
                guint              host_memory_mib)
{
  VireoInstallPlan *plan = vireo_install_plan_new (SYS);
  g_autofree char *caps = read_caps ("kvm");
  g_autoptr (GError) error = NULL;

  vireo_install_plan_set_capabilities (plan, caps, &error);
  g_assert_no_error (error);
  g_object_set (plan, "host-memory-mib", host_memory_mib, "host-cpus", 8, "method", method,
                "name", "resources", "tree-url", "http://10.0.0.1/tree/os/",
                "kernel-path", "/var/lib/libvirt/boot/k", "initrd-path", "/var/lib/libvirt/boot/i", NULL);
  vireo_install_plan_set_os (plan, os_db, os, &error);
  g_assert_no_error (error);
  return plan;
}

static void
test_resources (void)
{
  g_autoptr (GError) error = NULL;
  const VireoOsDevices *d;
  guint memory;

  /* CentOS Stream 9 over HTTP: 1.5 GiB installed, 3 GiB for its installer */
  {
    g_autoptr (VireoInstallPlan) plan = resources_plan ("centos-stream9", URL, 16384);
    g_autofree char *install = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_INSTALL, &error);
    g_autofree char *final = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_FINAL, &error);
    g_autofree char *note = vireo_install_plan_dup_resources_note (plan);

    g_assert_no_error (error);
    d = vireo_install_plan_get_os_devices (plan);
    g_assert_cmpuint (d->net_install_ram_mib, ==, 3072);
    g_object_get (plan, "memory-mib", &memory, NULL);
    g_assert_cmpuint (memory, ==, d->rec_ram_mib);
    assert_xpath (install, "string(/domain/memory)", "3072", "centos URL");
    assert_xpath (install, "string(/domain/currentMemory)", "3072", "centos URL");
    assert_xpath (final, "string(/domain/memory)", "1536", "centos URL");
    g_assert_cmpstr (note, ==, "Recommended for CentOS Stream 9. The installer gets 3072 MiB while it installs "
                               "over the network (what CentOS Stream 9 needs for a network install); the "
                               "installed system has 1536 MiB.");
  }
  /* the same from an ISO: no network installer */
  {
    g_autoptr (VireoInstallPlan) plan = resources_plan ("centos-stream9", ISO, 16384);
    g_autofree char *install = NULL;
    g_autofree char *note = vireo_install_plan_dup_resources_note (plan);

    g_object_set (plan, "media-path", "/var/lib/libvirt/images/c9.iso", NULL);
    install = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_INSTALL, &error);
    g_assert_no_error (error);
    assert_xpath (install, "string(/domain/memory)", "1536", "centos ISO");
    g_assert_cmpstr (note, ==, "Recommended for CentOS Stream 9.");
  }
  /* a host with little memory: Fedora's minimum, said so; a PXE install
   * whose network memory does not fit keeps it */
  {
    g_autoptr (VireoInstallPlan) plan = resources_plan ("fedora37", PXE, 2048);
    g_autofree char *note = vireo_install_plan_dup_resources_note (plan);
    g_autofree char *expected = NULL;
    g_autofree char *install = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_INSTALL, &error);

    g_assert_no_error (error);
    d = vireo_install_plan_get_os_devices (plan);
    g_assert_cmpuint (d->min_ram_mib, <, d->ram_mib);
    g_object_get (plan, "memory-mib", &memory, NULL);
    g_assert_cmpuint (memory, ==, d->min_ram_mib);
    expected = g_strdup_printf ("The minimum for Fedora Linux 37: the host has little memory for the recommended %u MiB.",
                                d->ram_mib);
    g_assert_cmpstr (note, ==, expected);
    g_clear_pointer (&expected, g_free);
    expected = g_strdup_printf ("%u", memory);
    assert_xpath (install, "string(/domain/memory)", expected, "fedora PXE, small host");
  }
  /* an unknown OS: nothing to say */
  {
    g_autoptr (VireoInstallPlan) plan = resources_plan (NULL, ISO, 16384);

    g_assert_null (vireo_install_plan_dup_resources_note (plan));
  }
}

/* removes @dir and everything below it (the embedded driver's root) */
static void
rm_rf (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        rm_rf (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* What libvirt's QEMU driver makes of the root ports (the test driver does
 * not place devices): the final XML of a TCG plan defined through an
 * embedded QEMU driver (qemu:///embed, in this process, its own root
 * directory) gets numbered root ports, of which 8 hold no device, and keeps
 * the agent channel and the redirection channels. */
static void
test_devices_on_qemu_driver (void)
{
  const PlanCase *pc = find_case ("iso-debian11-tcg");
  g_autoptr (VireoInstallPlan) plan = plan_from_case (pc);
  g_autoptr (GError) error = NULL;
  g_autofree char *final = NULL;
  g_autofree char *root = g_dir_make_tmp ("vireo-embed-XXXXXX", &error);
  g_autofree char *uri = NULL;
  g_autofree char *defined = NULL;
  g_autoptr (GPtrArray) free_ports = g_ptr_array_new_with_free_func (g_free);
  virConnectPtr conn;
  virDomainPtr dom;
  char *xml;
  guint ports;

  g_assert_no_error (error);
  if (g_find_program_in_path ("qemu-system-x86_64") == NULL)
    {
      g_test_skip ("no qemu-system-x86_64");
      rm_rf (root);
      return;
    }
  final = vireo_install_plan_to_domain_xml (plan, VIREO_INSTALL_PHASE_FINAL, &error);
  g_assert_no_error (error);
  assert_xpath (final, "string(/domain/@type)", "qemu", pc->name);

  uri = g_strdup_printf ("qemu:///embed?root=%s", root);
  conn = virConnectOpen (uri);
  if (conn == NULL)
    g_error ("%s: %s", uri, virGetLastErrorMessage ());
  dom = virDomainDefineXML (conn, final);
  if (dom == NULL)
    g_error ("the QEMU driver refused the final XML: %s\n%s", virGetLastErrorMessage (), final);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  defined = g_strdup (xml);
  free (xml);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  virConnectClose (conn);
  rm_rf (root);

  ports = xpath_count (defined, "/domain/devices/controller[@type='pci'][@model='pcie-root-port']");
  g_assert_cmpuint (ports, >=, 8);
  for (guint i = 1; i <= ports; i++)
    {
      g_autofree char *bus = g_strdup_printf ("0x%02x", i);
      g_autofree char *expr = g_strdup_printf ("/domain/devices/*[address/@bus='%s']", bus);
      g_autofree char *port = g_strdup_printf ("/domain/devices/controller[@model='pcie-root-port'][@index='%u']", i);

      g_assert_cmpuint (xpath_count (defined, port), ==, 1);
      if (xpath_count (defined, expr) == 0)
        g_ptr_array_add (free_ports, g_strdup (bus));
    }
  if (free_ports->len < 8)
    g_error ("only %u of %u root ports are free for hot-plug:\n%s", free_ports->len, ports, defined);
  g_assert_cmpuint (xpath_count (defined, "/domain/devices/channel[@type='spicevmc']"
                                          "/target[@name='com.redhat.spice.0']"), ==, 1);
  g_assert_cmpuint (xpath_count (defined, "/domain/devices/redirdev[@bus='usb'][@type='spicevmc']"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  TEST_CORE_INIT (&argc, &argv);

  work_dir = g_dir_make_tmp ("vireo-plan-XXXXXX", &error);
  g_assert_no_error (error);
  os_db = vireo_os_database_new ();
  vireo_os_database_load (os_db, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (G_N_ELEMENTS (plans), >=, 25);
  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      g_autofree char *path = g_strdup_printf ("/install-plan/plan/%s", plans[i].name);
      g_test_add_data_func (path, &plans[i], test_plan);
    }
  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    if (plans[i].method == ISO || plans[i].method == URL || plans[i].method == PXE)
      {
        g_autofree char *path = g_strdup_printf ("/install-plan/install-from-final/%s", plans[i].name);
        g_test_add_data_func (path, &plans[i], test_install_from_final);
      }
  g_test_add_func ("/install-plan/install-from-final-refused", test_install_from_final_refused);
  g_test_add_func ("/install-plan/install-from-final-devices", test_install_from_final_devices);
  g_test_add_func ("/install-plan/escaping", test_escaping);
  g_test_add_func ("/install-plan/bad/name", test_bad_name);
  g_test_add_func ("/install-plan/bad/memory", test_bad_memory);
  g_test_add_func ("/install-plan/bad/disk", test_bad_disk);
  g_test_add_func ("/install-plan/bad/media", test_bad_media);
  g_test_add_func ("/install-plan/bad/mac", test_bad_mac);
  g_test_add_func ("/install-plan/bad/vcpus", test_bad_vcpus);
  g_test_add_func ("/install-plan/media-warning", test_media_warning);
  g_test_add_func ("/install-plan/bad/combinations", test_bad_combinations);
  g_test_add_func ("/install-plan/defaults-and-warnings", test_defaults_and_warnings);
  g_test_add_func ("/install-plan/volume-on-test-driver", test_volume_on_test_driver);
  g_test_add_func ("/install-plan/host-archs", test_host_archs);
  g_test_add_func ("/os-database/load-search-devices", test_os_database);
  g_test_add_func ("/os-database/shared", test_os_database_shared);
  g_test_add_func ("/os-database/detect-media", test_detect_media);
  g_test_add_func ("/os-database/detect-tree", test_detect_tree);
  g_test_add_func ("/os-database/detect-timeout", test_detect_timeout);
  g_test_add_func ("/install-plan/devices/spice-usb-pcie", test_devices_spice_usb_pcie);
  g_test_add_func ("/install-plan/devices/qemu-driver", test_devices_on_qemu_driver);
  g_test_add_func ("/install-plan/devices/defaults", test_devices_defaults);
  g_test_add_func ("/install-plan/devices/tpm", test_devices_tpm);
  g_test_add_func ("/install-plan/resources", test_resources);

  ret = g_test_run ();

  g_clear_object (&os_db);
  {
    /* remove what the plans pointed at */
    const char *names[] = { "install.iso", "existing.qcow2", "junk.iso", "odd & <name>.iso", NULL };

    for (guint i = 0; names[i] != NULL; i++)
      {
        g_autofree char *path = g_build_filename (work_dir, names[i], NULL);
        g_unlink (path);
      }
    g_rmdir (work_dir);
  }
  g_free (work_dir);
  return ret;
}
