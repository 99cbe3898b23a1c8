/* test-live-wizard.c — a person creates VMs in the New VM wizard on a real libvirtd
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard (GTK, under Xvfb) against the machine's qemu:///system, driven
 * like a person: the widgets are found by the titles a person reads (and a
 * screen reader announces), then filled in, chosen and pressed, page after
 * page, up to Finish.  Each guest must then be what libvirt holds and boot:
 *
 *   iso     a hand-made isolinux ISO: the guest's serial console shows the
 *           ISO's marker; the saved configuration boots the new disk;
 *   url     an install tree served over HTTP on 127.0.0.1: its kernel (a
 *           minimal bzImage) prints its marker and the kernel arguments the
 *           person typed; with the wizard's own choice of virtualisation,
 *           which is KVM wherever /dev/kvm works, and the wizard's CPU
 *           (host-passthrough): where the host cannot run that (nested
 *           virtualisation) the guest still starts, with the model the
 *           wizard names in its sentence, and that model is saved;
 *   import  an existing qcow2 image whose boot sector prints a marker; the
 *           person asks for host-passthrough in "Customize configuration"
 *           on an emulated (TCG) guest, which no host can run: the guest
 *           starts with another model, and the wizard says which.
 *
 * And what a person can get wrong, each refused with a clear sentence and
 * nothing left on the host (no domain, no volume):
 *
 *   unreadable-iso    an ISO (and a disk image to import) in a folder
 *                     private to its owner (a home folder): QEMU, running as
 *                     libvirt-qemu, cannot read it; the first page says so;
 *   too-big-disk      a disk larger than the pool's free space;
 *   inactive-network  a virtual network that is not running (libvirt
 *                     refuses to start the guest: the runner removes what
 *                     it had made and the wizard stays open).
 *
 * And vireo_image_access_check (what the wizard's "QEMU cannot read" message
 * comes from) against the real libvirtd: for a file in a private folder, a
 * root-only file (libvirt's dynamic ownership hands it to QEMU) and a file
 * nobody may read, a guest with the file as its CD starts exactly when the
 * check says QEMU can read it.
 *
 * Every test runs in a child process, so that the parent removes the
 * guests, the pool, the network and the files even when an assertion
 * aborts the child.  Guests are named vireo-live-wiz-* (harness.sh removes
 * leftovers named vireo-live-*); the pool is vireo-live-wizpool-PID in
 * /var/lib/libvirt/images.  The other guests run under TCG (chosen on the
 * first page's Advanced options): isolinux's real-mode code stops under
 * nested KVM.
 */
#define G_LOG_DOMAIN "test-live-wizard"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "live-test-util.h"
#include "wizard-test-util.h"
#include "../core/http-tree-server.h"
#include "vireo-new-vm-wizard.h"

#define URI        "qemu:///system"
#define ISO_MARKER "VIREO-WIZARD-ISO"
#define URL_ARGS   "vireo.test=wizard-url"
#define TIMEOUT_MS 30000

static VireoConnection *conn;
static GListStore *connections;
static virConnectPtr raw;
static char *tag;
static char *pool_dir;
static char *pool_name;
static char *home_dir;     /* a "home folder", mode 0700 */
static char *net_name;

/* -- driving the wizard (wizard-test-util.h) ------------------------------------- */

/* the wizard, opened from the toolbar with qemu:///system chosen */
static GtkWidget *
open_wizard (WizardTestCreated *created)
{
  return wizard_test_open (G_LIST_MODEL (connections), conn, created, TIMEOUT_MS);
}

/* step 2: search the list for @query and pick the first match, which must
 * be @name */
static void
choose_os (GtkWidget  *wizard,
           const char *query,
           const char *name)
{
  GtkWidget *chosen;

  wizard_test_search_os (wizard, query);
  chosen = wizard_test_find_row (wizard, ADW_TYPE_ACTION_ROW, "Chosen operating system");
  g_assert_nonnull (chosen);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (chosen)), ==, name);
}

/* step 1's Advanced options: emulation (TCG) */
static void
choose_tcg (GtkWidget *wizard)
{
  GtkWidget *advanced = wizard_test_find_row (wizard, ADW_TYPE_EXPANDER_ROW, "_Advanced options");

  g_assert_nonnull (advanced);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (advanced), TRUE);
  live_spin (300);
  wizard_test_choose (wizard, "Virtualization type", "qemu");
}

/* steps 2 to 5 with small answers: OS as detected (or generic; searched for
 * with @os_query and then @os_name when given), @memory_mib,
 * one CPU, a @disk_gib GiB disk in our pool (none when 0: import), the
 * name, @network ("No network" unless given); stops on the summary */
static void
answer_the_rest (GtkWidget  *wizard,
                 const char *os_query,
                 const char *os_name,
                 const char *name,
                 guint       memory_mib,
                 guint       disk_gib,
                 const char *network)
{
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);
  g_assert_true (live_wait_until (wizard_test_detection_done, wizard, 60000));
  if (os_query != NULL)
    choose_os (wizard, os_query, os_name);

  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 2);
  wizard_test_set_number (wizard, "_Memory (MiB)", memory_mib);
  wizard_test_set_number (wizard, "_Virtual CPUs", 1);

  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 3);
  if (disk_gib > 0)
    {
      wizard_test_choose (wizard, "Storage _pool", pool_name);
      wizard_test_set_number (wizard, "_Size (GiB)", disk_gib);
    }

  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 4);
  wizard_test_type_into (wizard, "_Name", name);
  wizard_test_choose (wizard, "Ne_twork", network != NULL ? network : "No network");
}

/* -- what the wizard says while it works ----------------------------------------- */

#define CPU_NOTICE_START "This host could not run the virtual machine with the host's own CPU model"

static void
label_changed_cb (GtkLabel   *label,
                  GParamSpec *pspec,
                  GPtrArray  *seen)
{
  const char *text = gtk_label_get_text (label);

  if (gtk_widget_get_mapped (GTK_WIDGET (label)) && *text != '\0'
      && (seen->len == 0 || g_strcmp0 (g_ptr_array_index (seen, seen->len - 1), text) != 0))
    g_ptr_array_add (seen, g_strdup (text));
}

/* from now on, every text a label of @root shows goes into @seen (until
 * the wizard is gone) */
static void
watch_labels (GtkWidget *root,
              GPtrArray *seen)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_signal_connect (child, "notify::label", G_CALLBACK (label_changed_cb), seen);
      watch_labels (child, seen);
    }
}

/* the sentence saying which CPU model replaced the host's own, or NULL */
static const char *
cpu_notice_in (GPtrArray *seen)
{
  for (guint i = 0; i < seen->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (seen, i), CPU_NOTICE_START))
      return g_ptr_array_index (seen, i);
  return NULL;
}

/* the <model> libvirt writes into a definition that names no CPU model, for
 * a guest of @saved_xml's type, architecture and machine (libvirt ≥ 7 may
 * write QEMU's default model, e.g. qemu64, in place of none); NULL when it
 * writes none. Learnt from a scratch definition, removed again. */
static char *
default_cpu_model_for (const char *saved_xml)
{
  const char *type = strstr (saved_xml, "<domain type='");
  const char *os_type = strstr (saved_xml, "<type arch=");
  const char *os_type_end = os_type != NULL ? strstr (os_type, "</type>") : NULL;
  g_autofree char *virt = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *defined_xml = NULL;
  virDomainPtr scratch;
  char *model = NULL;

  g_assert_nonnull (type);
  g_assert_nonnull (os_type_end);
  type += strlen ("<domain type='");
  virt = g_strndup (type, strcspn (type, "'"));
  xml = g_strdup_printf ("<domain type='%s'><name>vireo-live-wiz-cpuprobe</name>"
                         "<memory unit='MiB'>64</memory><os>%.*s</type></os></domain>",
                         virt, (int) (os_type_end - os_type), os_type);
  scratch = virDomainDefineXML (raw, xml);
  g_assert_nonnull (scratch);
  defined_xml = virDomainGetXMLDesc (scratch, VIR_DOMAIN_XML_INACTIVE);
  g_assert_cmpint (virDomainUndefine (scratch), ==, 0);
  virDomainFree (scratch);
  g_assert_nonnull (defined_xml);
  {
    const char *open = strstr (defined_xml, "<model");
    const char *text = open != NULL ? strchr (open, '>') : NULL;

    if (text != NULL && open < strstr (defined_xml, "</cpu>"))
      model = g_strndup (text + 1, strcspn (text + 1, "<"));
  }
  return model;
}

/* the saved configuration has the CPU @notice names: “model”, or QEMU's
 * default (no model, or the model libvirt writes for none) */
static void
assert_cpu_as_told (const char *notice,
                    const char *saved_xml)
{
  const char *open = strstr (notice, "“");
  const char *cpu = strstr (saved_xml, "<cpu");
  const char *cpu_end = cpu != NULL ? strstr (cpu, "</cpu>") : NULL;
  g_autofree char *cpu_text = cpu != NULL ? g_strndup (cpu, cpu_end != NULL ? cpu_end - cpu : (gssize) strlen (cpu)) : NULL;

  g_assert_null (strstr (saved_xml, "host-passthrough"));
  g_assert_null (strstr (saved_xml, "host-model"));
  if (open != NULL)
    {
      const char *close = strstr (open, "”");
      g_autofree char *model = g_strndup (open + strlen ("“"), close - open - strlen ("“"));
      g_autofree char *element = g_strdup_printf ("<model fallback='forbid'>%s</model>", model);

      if (cpu_text == NULL || strstr (cpu_text, element) == NULL)
        g_error ("the wizard said “%s”, but the saved CPU is:\n%s", notice, cpu_text ? cpu_text : "(none)");
    }
  else
    {
      g_autofree char *fallback = default_cpu_model_for (saved_xml);
      g_autofree char *element = fallback != NULL
        ? g_strdup_printf (">%s</model>", fallback) : NULL;

      g_assert_nonnull (strstr (notice, "QEMU's default CPU model"));
      if (cpu_text != NULL && strstr (cpu_text, "<model") != NULL
          && (element == NULL || strstr (cpu_text, element) == NULL))
        g_error ("the wizard said “%s”, but the saved CPU is:\n%s", notice, cpu_text);
    }
}

/* "cpu-fallback" of a VireoDomain */
static void
remember_sentence (char      **said,
                   const char *sentence)
{
  g_free (*said);
  *said = g_strdup (sentence);
}

/* Finish, and wait for the wizard to hand the new VM over and close */
static VireoDomain *
finish (GtkWidget         *wizard,
        WizardTestCreated *created)
{
  g_autofree char *text = NULL;

  wizard_test_forward (wizard);
  if (!live_wait_until (wizard_test_is_null, &created->wizard, 240000))
    g_error ("the wizard did not finish:\n%s", text = wizard_test_shown_text (wizard));
  g_assert_nonnull (created->domain);
  return created->domain;
}

/* -- what libvirt holds -------------------------------------------------------- */

static char *
domain_xml (const char *name,
            guint       flags)
{
  return wizard_test_domain_xml (raw, name, flags);
}

static gboolean
domain_exists (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);

  virResetLastError ();
  if (dom == NULL)
    return FALSE;
  virDomainFree (dom);
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* the names of the volumes in our pool, sorted, comma-separated */
static char *
pool_volumes (void)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, pool_name);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  virStorageVolPtr *vols = NULL;
  int n;

  g_assert_nonnull (pool);
  virStoragePoolRefresh (pool, 0);
  n = virStoragePoolListAllVolumes (pool, &vols, 0);
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (names, g_strdup (virStorageVolGetName (vols[i])));
      virStorageVolFree (vols[i]);
    }
  free (vols);
  virStoragePoolFree (pool);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

static gboolean
running (gpointer data)
{
  virDomainPtr dom = virDomainLookupByName (raw, data);
  int state = dom != NULL ? live_raw_state (dom, NULL) : -1;

  virResetLastError ();
  if (dom != NULL)
    virDomainFree (dom);
  return state == VIR_DOMAIN_RUNNING;
}

/* the guest's serial console (through the core) shows @marker */
static char *
serial_until (VireoDomain *domain,
              const char  *marker)
{
  g_assert_true (live_wait_until (running, (gpointer) vireo_domain_get_name (domain), TIMEOUT_MS));
  return live_serial_until (domain, marker, 120000, 2500);
}

/* -- the guests ------------------------------------------------------------------ */

/* the isolinux ISO showing ISO_MARKER at @iso, readable by all; FALSE (the
 * test skipped) without isolinux or xorriso */
static gboolean
make_iso (const char *iso)
{
  g_autoptr (GError) error = NULL;

  if (live_iso_missing () != NULL)
    {
      g_test_skip (live_iso_missing ());
      return FALSE;
    }
  live_build_iso (pool_dir, iso, ISO_MARKER, &error);
  g_assert_no_error (error);
  g_chmod (iso, 0644);
  return TRUE;
}

static void
iso_guest (void)
{
  g_autofree char *iso = g_build_filename (pool_dir, "wizard.iso", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *volumes = NULL;
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;
  VireoDomain *domain;

  if (!make_iso (iso))
    return;

  wizard = open_wizard (&created);
  wizard_test_pick (wizard, "_Local install media");
  wizard_test_type_into (wizard, "ISO image or CD/DVD device", iso);
  choose_tcg (wizard);
  answer_the_rest (wizard, "alpinelinux3.17", "Alpine Linux 3.17", "vireo-live-wiz-iso", 256, 1, NULL);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                                wizard_test_find_row (wizard, ADW_TYPE_ACTION_ROW, "Install from"))),
                            iso));
  domain = finish (wizard, &created);
  g_assert_cmpstr (vireo_domain_get_name (domain), ==, "vireo-live-wiz-iso");

  /* libvirt holds a persistent VM with the answers, booting its new disk */
  xml = domain_xml ("vireo-live-wiz-iso", VIR_DOMAIN_XML_INACTIVE);
  {
    g_autofree char *disk = g_strdup_printf ("<source pool='%s' volume='vireo-live-wiz-iso.qcow2'/>", pool_name);

    if (strstr (xml, disk) == NULL || strstr (xml, "<domain type='qemu'") == NULL)
      g_error ("the saved XML lacks %s or TCG:\n%s", disk, xml);
  }
  g_assert_nonnull (strstr (xml, "<memory unit='KiB'>262144</memory>"));
  g_assert_nonnull (strstr (xml, ">1</vcpu>"));
  g_assert_nonnull (strstr (xml, "alpinelinux.org/alpinelinux/3.17"));
  g_assert_null (strstr (xml, iso));
  g_assert_null (strstr (xml, "<interface"));
  volumes = pool_volumes ();
  g_assert_cmpstr (volumes, ==, "vireo-live-wiz-iso.qcow2,wizard.iso");

  /* and it boots the ISO now */
  serial = serial_until (domain, ISO_MARKER);
  g_test_message ("serial: %s", serial);
  g_clear_pointer (&xml, g_free);
  xml = domain_xml ("vireo-live-wiz-iso", 0);
  g_assert_nonnull (strstr (xml, iso));
  g_clear_object (&created.domain);
}

static void
url_guest (void)
{
  g_autoptr (GBytes) kernel = live_make_kernel ();
  g_autofree char *tree = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *volumes = NULL;
  g_autofree char *type = NULL;
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  const char *notice;
  WizardTestCreated created = { 0 };
  HttpTreeServer *server;
  GtkWidget *wizard;
  VireoDomain *domain;

  server = http_tree_server_new (16);
  http_tree_server_add (server, "/tree/images/pxeboot/vmlinuz", g_bytes_get_data (kernel, NULL),
                        g_bytes_get_size (kernel));
  tree = http_tree_server_url (server, "tree/");

  wizard = open_wizard (&created);
  wizard_test_pick (wizard, "_Network install");
  wizard_test_type_into (wizard, "Install tree URL", tree);
  wizard_test_type_into (wizard, "Kernel arguments (optional)", "console=ttyS0 " URL_ARGS);
  /* the wizard's own virtualisation type: KVM wherever /dev/kvm works */
  answer_the_rest (wizard, NULL, NULL, "vireo-live-wiz-url", 1024, 1, NULL);
  watch_labels (wizard, seen);
  domain = finish (wizard, &created);

  /* the fetched kernel runs and prints the arguments the person typed */
  serial = serial_until (domain, LIVE_URL_MARKER);
  g_test_message ("serial: %s", serial);
  g_assert_nonnull (strstr (serial, URL_ARGS));

  /* it runs accelerated where the host can, with a CPU the host runs: the
   * wizard's host-passthrough, or the model the wizard named instead */
  xml = domain_xml ("vireo-live-wiz-url", 0);
  type = g_strdup_printf ("<domain type='%s'", live_domain_type ());
  if (strstr (xml, type) == NULL)
    g_error ("the guest does not run as %s:\n%s", type, xml);
  g_clear_pointer (&xml, g_free);
  xml = domain_xml ("vireo-live-wiz-url", VIR_DOMAIN_XML_INACTIVE);
  notice = cpu_notice_in (seen);
  g_printerr ("# url: accel %s; CPU: %s\n", live_domain_type (),
              notice != NULL ? notice : "as the wizard chose it (no fallback)");
  if (notice != NULL)
    assert_cpu_as_told (notice, xml);
  else if (g_str_equal (live_domain_type (), "kvm"))
    g_assert_nonnull (strstr (xml, "<cpu mode='host-passthrough'"));
  else
    g_assert_null (strstr (xml, "host-passthrough"));
  g_clear_pointer (&xml, g_free);

  xml = domain_xml ("vireo-live-wiz-url", VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (strstr (xml, "<memory unit='KiB'>1048576</memory>"));
  g_assert_null (strstr (xml, "<kernel>"));
  /* the fetched kernel and initrd are gone from the pool again */
  volumes = pool_volumes ();
  g_assert_cmpstr (volumes, ==, "vireo-live-wiz-url.qcow2");

  http_tree_server_free (server);
  g_clear_object (&created.domain);
}

static void
import_guest (void)
{
  g_autofree char *image = g_build_filename (pool_dir, "existing.qcow2", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *serial = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *qemu_img = g_find_program_in_path ("qemu-img");
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  const char *notice;
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;
  VireoDomain *domain;

  if (qemu_img == NULL)
    {
      g_test_skip ("qemu-img is not installed (package qemu-utils)");
      return;
    }
  live_build_import_image (image, &error);
  g_assert_no_error (error);

  wizard = open_wizard (&created);
  wizard_test_pick (wizard, "_Import existing disk image");
  wizard_test_type_into (wizard, "Disk image to import", image);
  choose_tcg (wizard);
  answer_the_rest (wizard, NULL, NULL, "vireo-live-wiz-import", 256, 0, NULL);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                                wizard_test_find_row (wizard, ADW_TYPE_ACTION_ROW, "Disk"))),
                            image));

  /* "Customize configuration before install": the host's own CPU, which
   * an emulated guest cannot have on any host */
  gtk_switch_set_active (GTK_SWITCH (wizard_test_in_row (wizard, GTK_TYPE_SWITCH,
                                                          "Customize configuration before install")),
                         TRUE);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 5);
  {
    GtkWidget *view = wizard_test_find_mapped (wizard, GTK_TYPE_TEXT_VIEW);
    GtkTextBuffer *buffer;
    GtkTextIter start, end;
    g_autofree char *text = NULL;
    g_autoptr (GString) edited = NULL;

    g_assert_nonnull (view);
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_null (strstr (text, "<cpu"));
    edited = g_string_new (text);
    g_assert_cmpuint (g_string_replace (edited, "<clock", "<cpu mode=\"host-passthrough\"/>\n  <clock", 1), ==, 1);
    gtk_text_buffer_set_text (buffer, edited->str, -1);
  }
  watch_labels (wizard, seen);
  domain = finish (wizard, &created);

  xml = domain_xml ("vireo-live-wiz-import", VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (strstr (xml, image));
  g_assert_nonnull (strstr (xml, "type='qcow2'"));
  g_assert_nonnull (strstr (xml, "<domain type='qemu'"));
  serial = serial_until (domain, LIVE_IMPORT_MARKER);
  g_test_message ("serial: %s", serial);
  /* the wizard said which model it used instead, and saved that one */
  notice = cpu_notice_in (seen);
  if (notice == NULL)
    {
      g_autoptr (GString) shown = g_string_new (NULL);

      for (guint i = 0; i < seen->len; i++)
        g_string_append_printf (shown, "  | %s\n", (char *) g_ptr_array_index (seen, i));
      g_error ("no word of the CPU model; the wizard showed:\n%s", shown->str);
    }
  /* the child's g_test_message() is not shown: tell the log what happened */
  g_printerr ("# import (TCG): %s\n", notice);
  assert_cpu_as_told (notice, xml);

  /* Run (the VM window's ▶) once the definition asks for host-passthrough
   * again: the core falls back the same way and says so */
  {
    virDomainPtr dom = virDomainLookupByName (raw, "vireo-live-wiz-import");
    const char *cpu = strstr (xml, "<cpu");
    const char *cpu_end = cpu != NULL ? strstr (cpu, "</cpu>") : NULL;
    g_autoptr (GString) passthrough = g_string_new (NULL);
    g_autoptr (GError) run_error = NULL;
    g_autofree char *said = NULL;
    g_autofree char *again = NULL;
    g_autofree char *serial_again = NULL;
    virDomainPtr redefined;

    g_assert_nonnull (dom);
    g_assert_nonnull (cpu_end);
    g_assert_cmpint (virDomainDestroy (dom), ==, 0);
    virDomainFree (dom);
    g_string_append_len (passthrough, xml, cpu - xml);
    g_string_append (passthrough, "<cpu mode='host-passthrough'/>");
    g_string_append (passthrough, cpu_end + strlen ("</cpu>"));
    redefined = virDomainDefineXML (raw, passthrough->str);
    g_assert_nonnull (redefined);
    virDomainFree (redefined);

    g_signal_connect_swapped (domain, "cpu-fallback", G_CALLBACK (remember_sentence), &said);
    if (!live_action (domain, VIREO_DOMAIN_ACTION_RUN, &run_error))
      g_error ("Run did not fall back to another CPU model: %s", run_error->message);
    g_signal_handlers_disconnect_by_func (domain, remember_sentence, &said);
    g_assert_nonnull (said);
    g_printerr ("# import, Run: %s\n", said);
    again = domain_xml ("vireo-live-wiz-import", VIR_DOMAIN_XML_INACTIVE);
    assert_cpu_as_told (said, again);
    serial_again = serial_until (domain, LIVE_IMPORT_MARKER);
  }
  g_clear_object (&created.domain);
}

/* -- what a person gets wrong ---------------------------------------------------- */

/* nothing of @name on the host: no domain, nothing new in the pool */
static void
assert_nothing_left (const char *name,
                     const char *volumes_before)
{
  g_autofree char *volumes = pool_volumes ();

  g_assert_false (domain_exists (name));
  g_assert_cmpstr (volumes, ==, volumes_before);
}

static gboolean
qemu_cannot_open_shown (gpointer wizard)
{
  return wizard_test_find_text (wizard, "QEMU cannot open") != NULL;
}

static gboolean
qemu_cannot_open_gone (gpointer wizard)
{
  return wizard_test_find_text (wizard, "QEMU cannot open") == NULL;
}

static void
unreadable_iso (void)
{
  g_autofree char *downloads = g_build_filename (home_dir, "Downloads", NULL);
  g_autofree char *iso = g_build_filename (downloads, "install.iso", NULL);
  g_autofree char *image = g_build_filename (downloads, "disk.qcow2", NULL);
  g_autofree char *readable = g_build_filename (pool_dir, "moved.iso", NULL);
  g_autofree char *before = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;
  GtkWidget *message;

  if (live_iso_missing () != NULL)
    {
      g_test_skip (live_iso_missing ());
      return;
    }
  /* ~/Downloads/install.iso under a home folder only its owner enters */
  g_assert_no_errno (g_mkdir_with_parents (downloads, 0755));
  live_build_iso (downloads, iso, ISO_MARKER, &error);
  g_assert_no_error (error);
  g_chmod (iso, 0644);
  g_assert_true (live_copy_file (iso, image));
  g_assert_true (live_copy_file (iso, readable));
  g_chmod (image, 0644);
  g_chmod (readable, 0644);
  g_assert_no_errno (g_chmod (home_dir, 0700));
  before = pool_volumes ();

  wizard = open_wizard (&created);
  wizard_test_pick (wizard, "_Local install media");
  wizard_test_type_into (wizard, "ISO image or CD/DVD device", iso);
  choose_tcg (wizard);

  /* the first page says why and what to do (checked as the person types),
   * and keeps the person there */
  if (!live_wait_until (qemu_cannot_open_shown, wizard, 10000))
    g_error ("no explanation on step %u:\n%s", wizard_test_page (wizard) + 1, text = wizard_test_shown_text (wizard));
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 0);
  message = wizard_test_find_text (wizard, "QEMU cannot open");
  g_assert_nonnull (message);
  g_test_message ("shown: %s", gtk_label_get_text (GTK_LABEL (message)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), iso));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), home_dir));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "is private to its owner"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "/var/lib/libvirt/images"));

  /* the same for a disk image to import from there */
  wizard_test_pick (wizard, "_Import existing disk image");
  wizard_test_type_into (wizard, "Disk image to import", image);
  if (!live_wait_until (qemu_cannot_open_shown, wizard, 10000))
    g_error ("no explanation for the image on step %u:\n%s", wizard_test_page (wizard) + 1,
             text = wizard_test_shown_text (wizard));
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 0);
  message = wizard_test_find_text (wizard, "QEMU cannot open");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), image));

  /* moved where QEMU can read it, the ISO is accepted */
  wizard_test_pick (wizard, "_Local install media");
  wizard_test_type_into (wizard, "ISO image or CD/DVD device", readable);
  g_assert_true (live_wait_until (qemu_cannot_open_gone, wizard, 10000));
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);

  g_assert_nonnull (created.wizard);
  assert_nothing_left ("vireo-live-wiz-noread", before);

  /* Vireo never changed the folder (still private) nor the files (still
   * root's: libvirt never got to hand them to QEMU) */
  {
    struct stat st;

    g_assert_no_errno (stat (home_dir, &st));
    g_assert_cmpuint (st.st_mode & 0777, ==, 0700);
    g_assert_no_errno (stat (iso, &st));
    g_assert_cmpuint (st.st_uid, ==, 0);
    g_assert_cmpuint (st.st_mode & 0777, ==, 0644);
    g_assert_no_errno (stat (image, &st));
    g_assert_cmpuint (st.st_uid, ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (wizard));
  live_spin (100);
}

static void
too_big_disk (void)
{
  g_autofree char *iso = g_build_filename (pool_dir, "wizard.iso", NULL);
  g_autofree char *before = NULL;
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;
  virStoragePoolPtr pool;
  virStoragePoolInfo info;
  guint too_big;

  if (!make_iso (iso))
    return;
  before = pool_volumes ();
  pool = virStoragePoolLookupByName (raw, pool_name);
  g_assert_cmpint (virStoragePoolGetInfo (pool, &info), ==, 0);
  virStoragePoolFree (pool);
  too_big = (guint) (info.available >> 30) + 10;
  if (too_big > 65536)
    {
      g_test_skip ("the pool has more free space than the wizard's largest disk");
      return;
    }

  wizard = open_wizard (&created);
  wizard_test_pick (wizard, "_Local install media");
  wizard_test_type_into (wizard, "ISO image or CD/DVD device", iso);
  wizard_test_forward (wizard);
  g_assert_true (live_wait_until (wizard_test_detection_done, wizard, 60000));
  wizard_test_forward (wizard);
  wizard_test_forward (wizard);
  g_assert_cmpuint (wizard_test_page (wizard), ==, 3);
  wizard_test_choose (wizard, "Storage _pool", pool_name);
  wizard_test_set_number (wizard, "_Size (GiB)", too_big);
  wizard_test_forward (wizard);

  /* the storage page keeps the person, with the sizes */
  g_assert_cmpuint (wizard_test_page (wizard), ==, 3);
  g_assert_nonnull (wizard_test_find_text (wizard, "is larger than the free space in pool"));
  g_assert_nonnull (wizard_test_find_text (wizard, pool_name));
  assert_nothing_left ("vireo-live-wiz-big", before);

  /* a smaller disk is accepted */
  wizard_test_set_number (wizard, "_Size (GiB)", 1);
  wizard_test_forward (wizard);
  g_assert_cmpuint (wizard_test_page (wizard), ==, 4);
  gtk_window_destroy (GTK_WINDOW (wizard));
  live_spin (100);
  assert_nothing_left ("vireo-live-wiz-big", before);
}

/* the wizard closed, or came back from its progress page */
static gboolean
run_over (gpointer data)
{
  WizardTestCreated *created = data;

  return created->wizard == NULL || wizard_test_page (created->wizard) <= 4;
}

static void
inactive_network (void)
{
  g_autofree char *iso = g_build_filename (pool_dir, "wizard.iso", NULL);
  g_autofree char *before = NULL;
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;
  WizardTestCreated created = { 0 };
  GtkWidget *wizard;

  if (!make_iso (iso))
    return;
  before = pool_volumes ();

  wizard = open_wizard (&created);
  wizard_test_pick (wizard, "_Local install media");
  wizard_test_type_into (wizard, "ISO image or CD/DVD device", iso);
  choose_tcg (wizard);
  label = g_strdup_printf ("Virtual network “%s” (inactive)", net_name);
  answer_the_rest (wizard, NULL, NULL, "vireo-live-wiz-net", 256, 1, label);
  wizard_test_forward (wizard);   /* Finish */

  /* libvirt refuses to start the guest; the wizard comes back with the reason
   * and keeps the answers; what the run made is gone again */
  if (!live_wait_until (run_over, &created, 240000))
    g_error ("the wizard is still creating:\n%s", text = wizard_test_shown_text (wizard));
  if (created.wizard == NULL)
    g_error ("the wizard closed: the guest was created on an inactive network");
  text = wizard_test_shown_text (wizard);
  if (strstr (text, net_name) == NULL
      || (wizard_test_find_text (wizard, "not running") == NULL && wizard_test_find_text (wizard, "not active") == NULL))
    g_error ("no word of the inactive network on step %u:\n%s", wizard_test_page (wizard) + 1, text);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wizard_test_find_row (wizard, ADW_TYPE_ENTRY_ROW, "_Name"))), ==,
                   "vireo-live-wiz-net");
  assert_nothing_left ("vireo-live-wiz-net", before);
  gtk_window_destroy (GTK_WINDOW (wizard));
  live_spin (100);
}

/* vireo_image_access_check's answers against the real libvirtd: a guest
 * with the file as its CD starts exactly when the check says QEMU can
 * read it (libvirt's dynamic ownership included) */
static gboolean
libvirt_can_start_with (const char *path,
                        char      **why)
{
  g_autofree char *xml = g_markup_printf_escaped (
      "<domain type='qemu'><name>vireo-live-wiz-access</name><memory unit='MiB'>64</memory>"
      "<os><type arch='x86_64'>hvm</type></os><devices>"
      "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='%s'/>"
      "<target dev='sda' bus='sata'/><readonly/></disk></devices></domain>",
      path);
  virDomainPtr dom = virDomainCreateXML (raw, xml, 0);

  if (dom == NULL)
    {
      *why = g_strdup (virGetLastErrorMessage ());
      virResetLastError ();
      return FALSE;
    }
  virDomainDestroy (dom);
  virDomainFree (dom);
  *why = NULL;
  return TRUE;
}

static void
access_check_agrees (void)
{
  g_autofree char *private_dir = g_build_filename (home_dir, "Downloads", NULL);
  g_autofree char *open_dir = g_strdup_printf ("%s-open", home_dir);
  g_autofree char *in_private = g_build_filename (private_dir, "a.iso", NULL);
  g_autofree char *root_only = g_build_filename (open_dir, "b.iso", NULL);
  g_autofree char *no_bits = g_build_filename (open_dir, "c.iso", NULL);
  struct
  {
    const char *path;
    guint       mode;
    gboolean    readable;
  } cases[] = {
    { in_private, 0644, FALSE },  /* the folder above is 0700 */
    { root_only, 0600, TRUE },    /* root's, but libvirt hands it to QEMU */
    { no_bits, 0000, FALSE },     /* nobody may read it, not even its owner */
  };

  if (live_iso_missing () != NULL)
    {
      g_test_skip (live_iso_missing ());
      return;
    }
  g_assert_no_errno (g_mkdir_with_parents (private_dir, 0755));
  g_assert_no_errno (g_mkdir_with_parents (open_dir, 0755));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (live_copy_file (LIVE_ISOLINUX, cases[i].path));
      g_assert_no_errno (g_chmod (cases[i].path, cases[i].mode));
    }
  g_assert_no_errno (g_chmod (home_dir, 0700));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *why = NULL;
      gboolean check = vireo_image_access_check (cases[i].path, FALSE, &error);
      gboolean started = libvirt_can_start_with (cases[i].path, &why);

      g_test_message ("%s: check %s, libvirt %s", cases[i].path, check ? "yes" : error->message,
                      started ? "started" : why);
      if (check != started || check != cases[i].readable)
        g_error ("%s (mode %04o): the check says %s, libvirtd %s",
                 cases[i].path, cases[i].mode, check ? "readable" : error->message,
                 started ? "started the guest" : why);
    }
  {
    const char *argv[] = { "rm", "-rf", open_dir, NULL };

    live_run_program (argv, NULL);
  }
}

/* -- fixtures ------------------------------------------------------------------ */

static void
define_inactive_network (void)
{
  g_autofree char *xml = g_strdup_printf ("<network><name>%s</name><bridge name='vwiz%s'/>"
                                          "<ip address='10.251.77.1' netmask='255.255.255.0'/></network>",
                                          net_name, tag);
  virNetworkPtr net = virNetworkDefineXML (raw, xml);

  g_assert_nonnull (net);
  virNetworkFree (net);
}

static void
cleanup (void)
{
  virConnectPtr c = virConnectOpen (URI);

  if (c != NULL)
    {
      const char *guests[] = { "vireo-live-wiz-iso", "vireo-live-wiz-url", "vireo-live-wiz-import",
                               "vireo-live-wiz-noread", "vireo-live-wiz-big", "vireo-live-wiz-net",
                               "vireo-live-wiz-access" };
      virNetworkPtr net = virNetworkLookupByName (c, net_name);

      for (guint i = 0; i < G_N_ELEMENTS (guests); i++)
        live_remove_guest (c, guests[i]);
      if (net != NULL)
        {
          virNetworkDestroy (net);
          virNetworkUndefine (net);
          virNetworkFree (net);
        }
      virResetLastError ();
      live_remove_pool (c, pool_name, pool_dir);
      virConnectClose (c);
    }
  live_remove_pool (NULL, NULL, pool_dir);
  if (home_dir != NULL && g_file_test (home_dir, G_FILE_TEST_IS_DIR))
    {
      const char *argv[] = { "rm", "-rf", home_dir, NULL };

      live_run_program (argv, NULL);
    }
  {
    g_autofree char *open_dir = g_strdup_printf ("%s-open", home_dir);
    const char *argv[] = { "rm", "-rf", open_dir, NULL };

    live_run_program (argv, NULL);
  }
}

/* The work runs in a child process, so that the parent removes the guests,
 * the pool and the files even when an assertion aborts the child. */
static void
in_child (void (*func) (void))
{
  if (g_test_subprocess ())
    {
      raw = virConnectOpen (URI);
      g_assert_nonnull (raw);
      live_create_pool (raw, pool_name, pool_dir);
      define_inactive_network ();
      conn = live_connection_open (URI, 60000);
      connections = g_list_store_new (VIREO_TYPE_CONNECTION);
      g_list_store_append (connections, conn);

      func ();

      live_spin (100);
      vireo_connection_close (conn);
      g_clear_object (&connections);
      g_clear_object (&conn);
      virConnectClose (raw);
      return;
    }
  g_test_trap_subprocess (NULL, 400 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  cleanup ();
  g_test_trap_assert_passed ();
}

static void test_iso (void) { in_child (iso_guest); }
static void test_url (void) { in_child (url_guest); }
static void test_import (void) { in_child (import_guest); }
static void test_unreadable_iso (void) { in_child (unreadable_iso); }
static void test_too_big_disk (void) { in_child (too_big_disk); }
static void test_inactive_network (void) { in_child (inactive_network); }
static void test_access_check (void) { in_child (access_check_agrees); }

int
main (int argc, char *argv[])
{
  int ret;

  /* the child uses the parent's names */
  live_test_tag ("VIREO_LIVE_WIZARD_TAG");
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  /* a proxy never serves the test's loopback tree (and GIO's GNOME proxy
   * resolver needs a schema the test environment hides) */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* libvirt-glib's event loop chatter */
  g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG, live_drop_log, NULL);
  adw_init ();
  vireo_core_init ();

  tag = g_strdup (g_getenv ("VIREO_LIVE_WIZARD_TAG"));
  pool_dir = g_strdup_printf ("/var/lib/libvirt/images/vireo-live-wizpool-%s", tag);
  pool_name = g_strdup_printf ("vireo-live-wizpool-%s", tag);
  home_dir = g_strdup_printf ("/tmp/vireo-live-wizhome-%s", tag);
  net_name = g_strdup_printf ("vireo-live-wiznet-%s", tag);

  g_test_add_func ("/live/wizard/iso", test_iso);
  g_test_add_func ("/live/wizard/url", test_url);
  g_test_add_func ("/live/wizard/import", test_import);
  g_test_add_func ("/live/wizard/unreadable-iso", test_unreadable_iso);
  g_test_add_func ("/live/wizard/too-big-disk", test_too_big_disk);
  g_test_add_func ("/live/wizard/inactive-network", test_inactive_network);
  g_test_add_func ("/live/wizard/access-check-agrees-with-libvirtd", test_access_check);
  ret = g_test_run ();

  if (!g_test_subprocess ())
    cleanup ();
  g_free (tag);
  g_free (pool_dir);
  g_free (pool_name);
  g_free (home_dir);
  g_free (net_name);
  return ret;
}
