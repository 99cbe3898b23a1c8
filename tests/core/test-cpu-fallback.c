/* test-cpu-fallback.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What Vireo does when a guest with the host's own CPU model cannot start
 * (nested virtualisation): which libvirt failures count as the CPU's, which
 * named models it tries next and in what order (from a host's domain
 * capabilities), and that the retried configuration differs from the
 * person's only in its <cpu>.
 */
#define G_LOG_DOMAIN "test-cpu-fallback"

#include "config.h"

#include <libvirt/virterror.h>
#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "core-test-util.h"
#include "vireo-cpu-fallback-private.h"

/* -- which failures are the CPU's ------------------------------------------- */

static void
test_cpu_failures (void)
{
  static const struct
  {
    int         code;
    const char *message;
  } cpu[] = {
    /* QEMU aborting under nested KVM (the AMD EPYC cloud VM of issue 10) */
    { VIR_ERR_INTERNAL_ERROR,
      "internal error: QEMU unexpectedly closed the monitor (vm='vireo-test'): "
      "2026-12-07T06:00:00.000000Z qemu-system-x86_64: error: failed to set MSR 0x10a to 0x2000000ac\n"
      "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3211: kvm_buf_set_msrs: Assertion "
      "`ret == cpu->kvm_msr_buf->nmsrs' failed." },
    { VIR_ERR_OPERATION_FAILED,
      "operation failed: process exited while connecting to monitor: qemu-system-x86_64: "
      "kvm_buf_set_msrs: Assertion `ret == cpu->kvm_msr_buf->nmsrs' failed." },
    { VIR_ERR_INTERNAL_ERROR,
      "internal error: qemu unexpectedly closed the monitor: warning: host doesn't support "
      "requested feature: CPUID.80000001H:ECX.svm [bit 2]" },
    { VIR_ERR_OPERATION_FAILED,
      "operation failed: guest CPU doesn't match specification: missing features: svm,x2apic" },
    { VIR_ERR_CONFIG_UNSUPPORTED,
      "unsupported configuration: CPU model 'EPYC-Rome' is not supported by hypervisor" },
    /* libvirt 9 on a host without KVM (TCG), word for word */
    { VIR_ERR_CONFIG_UNSUPPORTED,
      "unsupported configuration: CPU mode 'host-passthrough' for x86_64 qemu domain on x86_64 host "
      "is not supported by hypervisor" },
    { VIR_ERR_CPU_INCOMPATIBLE,
      "the CPU is incompatible with host CPU: Host CPU does not provide required features: vme, "
      "rdseed, sha-ni" },
    { VIR_ERR_CPU_INCOMPATIBLE, NULL },
  };
  static const struct
  {
    int         code;
    const char *message;
  } other[] = {
    { VIR_ERR_INTERNAL_ERROR,
      "internal error: process exited while connecting to monitor: qemu-system-x86_64: -blockdev "
      "{\"driver\":\"file\",\"filename\":\"/home/ada/x.qcow2\"}: Could not open '/home/ada/x.qcow2': "
      "Permission denied" },
    { VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: network 'default' is not active" },
    { VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: domain is already running" },
    /* CPU words, but a code that is not a start failure */
    { VIR_ERR_NO_DOMAIN, "failed to set MSR 0x10a" },
    { VIR_ERR_OPERATION_INVALID, "CPU model 'EPYC' is not supported" },
    /* a configuration libvirt refuses for another reason */
    { VIR_ERR_CONFIG_UNSUPPORTED, "unsupported configuration: Maximum CPUs greater than specified machine type limit 255" },
    { VIR_ERR_CONFIG_UNSUPPORTED, "unsupported configuration: host-model is used for the clock" },
    { VIR_ERR_INTERNAL_ERROR, NULL },
    { VIR_ERR_NO_STORAGE_VOL, "Storage volume not found: no storage vol with matching path" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cpu); i++)
    if (!vireo_cpu_fallback_is_cpu_failure (cpu[i].code, cpu[i].message))
      g_error ("not taken for a CPU failure (code %d): %s", cpu[i].code, cpu[i].message);
  for (guint i = 0; i < G_N_ELEMENTS (other); i++)
    if (vireo_cpu_fallback_is_cpu_failure (other[i].code, other[i].message))
      g_error ("taken for a CPU failure (code %d): %s", other[i].code, other[i].message);
}

/* -- the candidates ----------------------------------------------------------- */

#define DOMCAPS(host_model, vendor, models) \
  "<domainCapabilities><path>/usr/bin/qemu-system-x86_64</path><domain>kvm</domain>" \
  "<arch>x86_64</arch><cpu>" \
  "<mode name='host-passthrough' supported='yes'/>" \
  "<mode name='host-model' supported='yes'><model fallback='forbid'>" host_model "</model>" \
  "<vendor>" vendor "</vendor><feature policy='require' name='arch-capabilities'/>" \
  "<feature policy='require' name='hypervisor'/></mode>" \
  "<mode name='custom' supported='yes'>" models "</mode>" \
  "</cpu></domainCapabilities>"

static char *
candidates_of (const char *domcaps)
{
  g_autoptr (GPtrArray) candidates = vireo_cpu_fallback_candidates (domcaps);

  g_ptr_array_add (candidates, NULL);
  return g_strjoinv (",", (char **) candidates->pdata);
}

static void
test_candidates (void)
{
  g_autofree char *nested_epyc = NULL;
  g_autofree char *newer_than_known = NULL;
  g_autofree char *tcg = NULL;
  g_autofree char *intel = NULL;
  g_autofree char *deprecated = NULL;
  g_autofree char *no_vendor = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *none = NULL;

  /* a nested AMD EPYC host: its host-model, then the newest usable EPYC */
  nested_epyc = candidates_of (DOMCAPS ("EPYC-Rome", "AMD",
                                        "<model usable='yes' vendor='unknown'>qemu64</model>"
                                        "<model usable='yes' vendor='AMD'>Opteron_G3</model>"
                                        "<model usable='no' vendor='AMD'>EPYC-Milan</model>"
                                        "<model usable='yes' vendor='AMD'>EPYC</model>"
                                        "<model usable='yes' vendor='AMD'>EPYC-Rome</model>"
                                        "<model usable='yes' vendor='AMD'>EPYC-IBPB</model>"
                                        "<model usable='yes' vendor='Intel'>Westmere</model>"));
  g_assert_cmpstr (nested_epyc, ==, "EPYC-Rome,EPYC-IBPB");

  /* host-model names a model the custom mode cannot run */
  newer_than_known = candidates_of (DOMCAPS ("EPYC-Milan", "AMD",
                                             "<model usable='no' vendor='AMD'>EPYC-Milan</model>"
                                             "<model usable='yes' vendor='AMD'>EPYC-Rome</model>"
                                             "<model usable='yes' vendor='AMD'>EPYC</model>"));
  g_assert_cmpstr (newer_than_known, ==, "EPYC-Rome");

  /* this machine under TCG (libvirt 9.0): EPYC is not usable, Opteron_G2 is
   * the newest AMD model that is; Intel models are not offered on AMD */
  tcg = candidates_of (DOMCAPS ("EPYC", "AMD",
                                "<model usable='yes' vendor='unknown'>qemu64</model>"
                                "<model usable='no' vendor='AMD'>phenom</model>"
                                "<model usable='yes' vendor='AMD'>athlon</model>"
                                "<model usable='yes' vendor='Intel'>Westmere</model>"
                                "<model usable='no' vendor='AMD'>Opteron_G3</model>"
                                "<model usable='yes' vendor='AMD'>Opteron_G2</model>"
                                "<model usable='yes' vendor='AMD'>Opteron_G1</model>"
                                "<model usable='no' vendor='AMD'>EPYC-Rome</model>"
                                "<model usable='no' vendor='AMD'>EPYC</model>"));
  g_assert_cmpstr (tcg, ==, "Opteron_G2");

  intel = candidates_of (DOMCAPS ("Skylake-Client-IBRS", "Intel",
                                  "<model usable='yes' vendor='Intel'>Haswell</model>"
                                  "<model usable='yes' vendor='Intel'>Skylake-Client</model>"
                                  "<model usable='yes' vendor='Intel'>Skylake-Client-IBRS</model>"));
  g_assert_cmpstr (intel, ==, "Skylake-Client-IBRS,Skylake-Client");

  /* deprecated models are not chosen */
  deprecated = candidates_of (DOMCAPS ("EPYC-Rome", "AMD",
                                       "<model usable='yes' deprecated='yes' vendor='AMD'>EPYC-Rome</model>"
                                       "<model usable='yes' vendor='AMD'>EPYC</model>"));
  g_assert_cmpstr (deprecated, ==, "EPYC");

  /* without a vendor only the host-model's own model can be named */
  no_vendor = candidates_of ("<domainCapabilities><cpu>"
                             "<mode name='host-model' supported='yes'><model>EPYC</model></mode>"
                             "<mode name='custom' supported='yes'>"
                             "<model usable='yes' vendor='AMD'>EPYC</model>"
                             "<model usable='yes' vendor='AMD'>Opteron_G2</model></mode>"
                             "</cpu></domainCapabilities>");
  g_assert_cmpstr (no_vendor, ==, "EPYC");

  /* no host-model, no custom models, no XML: only QEMU's default is left */
  empty = candidates_of ("<domainCapabilities><cpu><mode name='host-model' supported='no'/>"
                         "<mode name='custom' supported='no'/></cpu></domainCapabilities>");
  g_assert_cmpstr (empty, ==, "");
  none = candidates_of (NULL);
  g_assert_cmpstr (none, ==, "");
  g_clear_pointer (&none, g_free);
  none = candidates_of ("<capabilities/>");
  g_assert_cmpstr (none, ==, "");
}

/* -- the XML edit ------------------------------------------------------------ */

static const char person_xml[] =
  "<!-- made by Vireo -->\n"
  "<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n"
  "  <name>vireo-cpu</name>\n"
  "  <uuid>6f1b2a3c-0d4e-4f5a-8b6c-7d8e9fa0b1c2</uuid>\n"
  "  <description>Ada's &amp; Bob's &lt;test&gt; VM</description>\n"
  "  <metadata>\n"
  "    <libosinfo:libosinfo xmlns:libosinfo=\"http://libosinfo.org/xmlns/libvirt/domain/1.0\">\n"
  "      <libosinfo:os id=\"http://debian.org/debian/12\"/>\n"
  "    </libosinfo:libosinfo>\n"
  "  </metadata>\n"
  "  <memory unit='KiB'>262144</memory>\n"
  "  <vcpu placement='static'>2</vcpu>\n"
  "  <os>\n"
  "    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>\n"
  "    <boot dev='hd'/>\n"
  "  </os>\n"
  "  <features><acpi/><apic/></features>\n"
  "  <cpu mode='host-passthrough' check='none' migratable='on'>\n"
  "    <topology sockets='1' dies='1' cores='2' threads='1'/>\n"
  "    <cache mode='passthrough'/>\n"
  "    <feature policy='disable' name='svm'/>\n"
  "  </cpu>\n"
  "  <clock offset='utc'/>\n"
  "  <devices>\n"
  "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
  "    <!-- the console -->\n"
  "    <serial type='pty'><target port='0'/></serial>\n"
  "  </devices>\n"
  "  <qemu:commandline><qemu:arg value='-no-user-config'/></qemu:commandline>\n"
  "</domain>\n";

/* the canonical form of @xml without its <cpu> (and without blanks between
 * elements, which serialising may change) */
static char *
canonical_without_cpu (const char *xml)
{
  xmlDocPtr doc = xmlReadMemory (xml, strlen (xml), "t.xml", NULL, XML_PARSE_NOBLANKS | XML_PARSE_NONET);
  xmlChar *out = NULL;
  char *copy;

  g_assert_nonnull (doc);
  for (xmlNodePtr node = xmlDocGetRootElement (doc)->children; node != NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE && xmlStrEqual (node->name, (const xmlChar *) "cpu"))
      {
        xmlUnlinkNode (node);
        xmlFreeNode (node);
        break;
      }
  g_assert_cmpint (xmlC14NDocDumpMemory (doc, NULL, XML_C14N_1_0, NULL, 1, &out), >, 0);
  copy = g_strdup ((const char *) out);
  xmlFree (out);
  xmlFreeDoc (doc);
  return copy;
}

/* the <cpu>…</cpu> of @xml as text */
static char *
cpu_text (const char *xml)
{
  const char *start = strstr (xml, "<cpu");
  const char *end;

  if (start == NULL)
    return NULL;
  end = strstr (start, "</cpu>");
  if (end != NULL)
    return g_strndup (start, end + strlen ("</cpu>") - start);
  end = strstr (start, "/>");
  return g_strndup (start, end + 2 - start);
}

static void
test_apply (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *named = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *added = NULL;
  g_autofree char *before = canonical_without_cpu (person_xml);
  g_autofree char *after = NULL;
  g_autofree char *cpu = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *flat_xml = NULL;

  g_assert_true (vireo_cpu_fallback_applies (person_xml));
  mode = vireo_cpu_fallback_get_mode (person_xml);
  g_assert_cmpstr (mode, ==, "host-passthrough");
  g_clear_pointer (&mode, g_free);

  /* a named model: <cpu> says only that (and keeps the topology) */
  named = vireo_cpu_fallback_apply (person_xml, "EPYC-Rome", &error);
  g_assert_no_error (error);
  cpu = cpu_text (named);
  g_assert_cmpstr (cpu, ==,
                   "<cpu mode=\"custom\" match=\"exact\" check=\"partial\">"
                   "<model fallback=\"forbid\">EPYC-Rome</model>"
                   "<topology sockets=\"1\" dies=\"1\" cores=\"2\" threads=\"1\"/></cpu>");
  after = canonical_without_cpu (named);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (vireo_cpu_fallback_applies (named));
  mode = vireo_cpu_fallback_get_mode (named);
  g_assert_cmpstr (mode, ==, "custom");
  g_clear_pointer (&mode, g_free);
  /* the comments before the root and inside it are still there */
  g_assert_true (g_str_has_prefix (named, "<!-- made by Vireo -->\n<domain"));
  g_assert_nonnull (strstr (named, "<!-- the console -->"));
  g_assert_nonnull (strstr (named, "Ada's &amp; Bob's &lt;test&gt; VM"));

  /* QEMU's default: no model, the topology stays */
  g_clear_pointer (&cpu, g_free);
  g_clear_pointer (&after, g_free);
  plain = vireo_cpu_fallback_apply (person_xml, NULL, &error);
  g_assert_no_error (error);
  cpu = cpu_text (plain);
  g_assert_cmpstr (cpu, ==, "<cpu><topology sockets=\"1\" dies=\"1\" cores=\"2\" threads=\"1\"/></cpu>");
  after = canonical_without_cpu (plain);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (vireo_cpu_fallback_get_mode (plain));

  /* what the wizard writes (no topology): QEMU's default is no <cpu> at all */
  {
    g_autoptr (GString) wizard = g_string_new (person_xml);

    g_string_replace (wizard, "    <topology sockets='1' dies='1' cores='2' threads='1'/>\n", "", 1);
    flat_xml = g_string_free (g_steal_pointer (&wizard), FALSE);
  }
  flat = vireo_cpu_fallback_apply (flat_xml, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (flat, "<cpu"));
  g_assert_nonnull (strstr (flat, "</features>\n  <clock"));
  g_clear_pointer (&after, g_free);
  g_clear_pointer (&before, g_free);
  before = canonical_without_cpu (flat_xml);
  after = canonical_without_cpu (flat);
  g_assert_cmpstr (after, ==, before);

  /* a domain without <cpu> gets one before <clock> */
  added = vireo_cpu_fallback_apply (flat, "EPYC", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (added, "</features>\n  <cpu mode=\"custom\" match=\"exact\" check=\"partial\">"
                                   "<model fallback=\"forbid\">EPYC</model></cpu><clock"));
  g_assert_false (vireo_cpu_fallback_applies (flat));

  /* host-model counts; custom and maximum do not; not XML is refused */
  g_assert_true (vireo_cpu_fallback_applies ("<domain><cpu mode='host-model'/></domain>"));
  g_assert_false (vireo_cpu_fallback_applies ("<domain><cpu mode='custom'><model>EPYC</model></cpu></domain>"));
  g_assert_false (vireo_cpu_fallback_applies ("<domain><cpu mode='maximum'/></domain>"));
  g_assert_false (vireo_cpu_fallback_applies ("not xml"));
  g_assert_null (vireo_cpu_fallback_apply ("<network/>", "EPYC", &error));
  g_assert_nonnull (error);
}

static void
test_describe (void)
{
  g_autofree char *nested = vireo_cpu_fallback_describe ("EPYC-Rome", TRUE);
  g_autofree char *plain = vireo_cpu_fallback_describe (NULL, FALSE);

  g_assert_cmpstr (nested, ==,
                   "This host could not run the virtual machine with the host's own CPU model "
                   "(nested virtualisation); it now uses the CPU model “EPYC-Rome”.");
  g_assert_cmpstr (plain, ==,
                   "This host could not run the virtual machine with the host's own CPU model; "
                   "it now uses QEMU's default CPU model.");
}

int
main (int   argc,
      char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add_func ("/cpu-fallback/cpu-failures", test_cpu_failures);
  g_test_add_func ("/cpu-fallback/candidates", test_candidates);
  g_test_add_func ("/cpu-fallback/apply", test_apply);
  g_test_add_func ("/cpu-fallback/describe", test_describe);
  return g_test_run ();
}
