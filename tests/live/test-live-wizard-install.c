/* test-live-wizard-install.c — a wizard-made guest installs and comes back from its disk
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A person makes a VM in the New VM wizard (GTK, under Xvfb) from an ISO on
 * qemu:///system, with the wizard's own choice of virtualisation (KVM
 * wherever /dev/kvm works: harness.sh says so in VIREO_TEST_DOMAIN_TYPE).
 * The ISO is a real, tiny installer: an El Torito no-emulation boot image
 * (hand-made machine code below) that writes a boot sector to the VM's first
 * disk with BIOS int 13h, prints INSTALLER_MARKER on COM1 until a byte comes
 * back on COM1 — the test's go, so that nothing here waits for time — and
 * then resets the machine through the keyboard controller. QEMU ends the
 * install phase there (on_reboot is destroy). Without a click, the VM must
 * come back running from its disk: the boot sector the installer wrote prints
 * DISK_MARKER on COM1, and the running XML is the saved (final)
 * configuration, without Vireo's install marker and without the installer's
 * boot from the CD. The VM window shows it as one install job.
 *
 *   wizard-closed     the wizard has closed (Finish) before the installer
 *                     reboots: the job lives in the core, not in the wizard;
 *   vireo-restarted   and Vireo's connection is closed and another opened
 *                     (Vireo quit and started again) before the reboot: the
 *                     new one finds the install from the marker.
 *
 * Every case runs in a child process, so that the parent removes the guest,
 * the pool and the ISO even when an assertion aborts the child. Names start
 * with vireo-live- (harness.sh removes leftovers named vireo-live-*).
 */
#define G_LOG_DOMAIN "test-live-wizard-install"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "live-test-util.h"
#include "wizard-test-util.h"
#include "vireo-new-vm-wizard.h"
#include "vireo-vm-window.h"

#define URI              "qemu:///system"
#define GUEST            "vireo-live-wizinst"
#define INSTALLER_MARKER "VIREO-INSTALLER-WROTE-DISK"
#define DISK_MARKER      "VIREO-BOOTED-FROM-DISK"
#define TIMEOUT_MS       30000

#define INSTALLING_TEXT "Installing. When the installer restarts the virtual machine, it starts again from its disk."
#define DONE_TEXT       "Installed. The virtual machine was started again from its disk."

static VireoConnection *conn;
static GListStore *connections;
static virConnectPtr raw;
static char *tag;
static char *pool_dir;
static char *pool_name;

/* -- the installer ---------------------------------------------------------------- */

/* The El Torito boot image, loaded at 07c0:0000 (4 virtual sectors). 16-bit
 * real mode, assembled with GNU as (.code16) from:
 *
 *         ljmp $0x07c0, $start   # the same CS:IP whichever the BIOS used
 * start:  mov %cs,%ax; mov %ax,%ds; mov %ax,%es; mov %ax,%ss; mov $0x2000,%sp
 *         mov $0x0301,%ax        # int 13h: write 1 sector
 *         mov $0x0001,%cx        # cylinder 0, sector 1
 *         mov $0x0080,%dx        # head 0, the first hard disk
 *         mov $0x0200,%bx        # es:bx: the disk's boot sector (offset 512)
 *         int $0x13
 *         jc fail
 * again:  mov $msg_ok,%si; call print
 *         mov $18,%cx            # ~1 s of timer ticks
 * wait:   mov $0x3fd,%dx; in %dx,%al; test $1,%al   # COM1: a byte came?
 *         jnz reset
 *         sti; hlt; loop wait; jmp again
 * reset:  mov $0xfe,%al; out %al,$0x64              # pulse the reset line
 * halt:   hlt; jmp halt
 * fail:   mov $msg_fail,%si; call print; mov $18,%cx
 * fwait:  sti; hlt; loop fwait; jmp fail
 * print:  lodsb; test %al,%al; jz done; mov $0x3f8,%dx; out %al,%dx; jmp print
 * done:   ret
 */
static const guint8 installer_code[] = {
  0xea, 0x05, 0x00, 0xc0, 0x07, 0x8c, 0xc8, 0x8e, 0xd8, 0x8e, 0xc0, 0x8e,
  0xd0, 0xbc, 0x00, 0x20, 0xb8, 0x01, 0x03, 0xb9, 0x01, 0x00, 0xba, 0x80,
  0x00, 0xbb, 0x00, 0x02, 0xcd, 0x13, 0x72, 0x1e, 0xbe, 0x59, 0x00, 0xe8,
  0x27, 0x00, 0xb9, 0x12, 0x00, 0xba, 0xfd, 0x03, 0xec, 0xa8, 0x01, 0x75,
  0x06, 0xfb, 0xf4, 0xe2, 0xf4, 0xeb, 0xe9, 0xb0, 0xfe, 0xe6, 0x64, 0xf4,
  0xeb, 0xfd, 0xbe, 0x76, 0x00, 0xe8, 0x09, 0x00, 0xb9, 0x12, 0x00, 0xfb,
  0xf4, 0xe2, 0xfc, 0xeb, 0xf1, 0xac, 0x84, 0xc0, 0x74, 0x06, 0xba, 0xf8,
  0x03, 0xee, 0xeb, 0xf5, 0xc3,
  /* 0x59 msg_ok */
  'V', 'I', 'R', 'E', 'O', '-', 'I', 'N', 'S', 'T', 'A', 'L', 'L', 'E', 'R', '-',
  'W', 'R', 'O', 'T', 'E', '-', 'D', 'I', 'S', 'K', '\r', '\n', 0,
  /* 0x76 msg_fail */
  'V', 'I', 'R', 'E', 'O', '-', 'I', 'N', 'S', 'T', 'A', 'L', 'L', 'E', 'R', '-',
  'F', 'A', 'I', 'L', 'E', 'D', '\r', '\n', 0,
};

/* The boot sector the installer writes to the disk: at 0000:7c00, prints
 * DISK_MARKER on COM1 about every second.
 *
 *         xor %ax,%ax; mov %ax,%ds
 * again:  mov $msg,%si
 * next:   lodsb; test %al,%al; jz pause; mov $0x3f8,%dx; out %al,%dx; jmp next
 * pause:  mov $18,%cx
 * wait:   sti; hlt; loop wait; jmp again
 */
static const guint8 disk_code[] = {
  0x31, 0xc0, 0x8e, 0xd8, 0xbe, 0x1b, 0x7c, 0xac, 0x84, 0xc0, 0x74, 0x06,
  0xba, 0xf8, 0x03, 0xee, 0xeb, 0xf5, 0xb9, 0x12, 0x00, 0xfb, 0xf4, 0xe2,
  0xfc, 0xeb, 0xe9,
  /* 0x7c1b msg */
  'V', 'I', 'R', 'E', 'O', '-', 'B', 'O', 'O', 'T', 'E', 'D', '-', 'F', 'R', 'O', 'M', '-',
  'D', 'I', 'S', 'K', '\r', '\n', 0,
};

G_STATIC_ASSERT (sizeof installer_code == 0x76 + 25);
G_STATIC_ASSERT (sizeof disk_code == 0x1b + 25);

/* The installer ISO at @iso (mode 0644); the test is skipped without xorriso */
static gboolean
make_installer_iso (const char *iso)
{
  g_autofree char *tree = g_build_filename (pool_dir, "installer-tree", NULL);
  g_autofree char *image_path = g_build_filename (tree, "installer.img", NULL);
  g_autofree guint8 *image = g_malloc0 (2048);
  g_autoptr (GError) error = NULL;
  const char *argv[] = {
    "xorriso", "-as", "mkisofs", "-quiet", "-o", iso,
    "-b", "installer.img", "-c", "boot.cat", "-no-emul-boot", "-boot-load-size", "4",
    "-V", "VIREO_INSTALLER", tree, NULL,
  };
  g_autofree char *xorriso = g_find_program_in_path ("xorriso");
  gboolean ok;

  if (xorriso == NULL)
    {
      g_test_skip ("xorriso is not installed");
      return FALSE;
    }
  memcpy (image, installer_code, sizeof installer_code);
  memcpy (image + 512, disk_code, sizeof disk_code);
  image[512 + 510] = 0x55;
  image[512 + 511] = 0xaa;
  g_assert_no_errno (g_mkdir_with_parents (tree, 0755));
  g_assert_true (g_file_set_contents (image_path, (const char *) image, 2048, &error));
  ok = live_run_program (argv, &error);
  g_unlink (image_path);
  g_rmdir (tree);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_chmod (iso, 0644);
  return TRUE;
}

/* -- waits ------------------------------------------------------------------------ */

typedef struct
{
  GtkWidget  *window;
  const char *text;
} Shown;

/* @text is on screen in the window, in a revealed bar */
static gboolean
text_shown (gpointer data)
{
  Shown *shown = data;
  GtkWidget *label = wizard_test_find_text (shown->window, shown->text);
  GtkWidget *revealer = label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER) : NULL;

  return label != NULL && gtk_widget_is_drawable (label) && revealer != NULL
         && gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

static gboolean
job_followed (gpointer data)
{
  VireoDomain *domain = live_find_domain (data, GUEST);

  return domain != NULL && vireo_domain_get_persistent (domain)
         && vireo_domain_get_install_job (domain) != NULL;
}

static gboolean
job_done (gpointer data)
{
  VireoInstallJob *job = vireo_domain_get_install_job (data);

  return job != NULL && !vireo_install_job_get_active (job);
}

static gboolean
serial_has_marker (gpointer data)
{
  LiveSerialLog *log = data;

  return strstr (log->text->str, log->marker) != NULL;
}

static char *
domain_xml (unsigned int flags)
{
  return wizard_test_domain_xml (raw, GUEST, flags);
}

/* The VM window shows the guest's screen: when the installer resets the
 * machine, spice-glib and gtk-vnc warn that the link closed mid-message.
 * That is the guest going away, as it should here: not fatal. */
static gboolean
console_warning_not_fatal (const char    *log_domain,
                           GLogLevelFlags log_level,
                           const char    *message,
                           gpointer       user_data)
{
  return !((log_level & G_LOG_LEVEL_WARNING)
           && (g_strcmp0 (log_domain, "GSpice") == 0 || g_strcmp0 (log_domain, "gtk-vnc") == 0));
}

/* -- the case --------------------------------------------------------------------- */

static void
install (gboolean restart_vireo)
{
  g_autofree char *iso = g_build_filename (pool_dir, "installer.iso", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *type = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *text = NULL;
  g_autoptr (VireoSerialSession) session = NULL;
  LiveSerialLog log = { g_string_new (NULL), FALSE, INSTALLER_MARKER };
  WizardTestCreated created = { 0 };
  VireoConnection *watching;
  VireoDomain *domain;
  VireoInstallJob *job;
  GtkWidget *wizard, *window;
  Shown shown;

  if (!make_installer_iso (iso))
    return;

  /* the person: local media, the ISO, small answers, the wizard's own
   * virtualisation type (no Advanced options), Finish */
  wizard = wizard_test_open (G_LIST_MODEL (connections), conn, &created, TIMEOUT_MS);
  wizard_test_pick (wizard, "_Local install media");
  wizard_test_type_into (wizard, "ISO image or CD/DVD device", iso);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 1);
  g_assert_true (live_wait_until (wizard_test_detection_done, wizard, 60000));
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 2);
  wizard_test_set_number (wizard, "_Memory (MiB)", 256);
  wizard_test_set_number (wizard, "_Virtual CPUs", 1);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 3);
  wizard_test_choose (wizard, "Storage _pool", pool_name);
  wizard_test_set_number (wizard, "_Size (GiB)", 1);
  wizard_test_forward (wizard);
  wizard_test_expect_page (wizard, 4);
  wizard_test_type_into (wizard, "_Name", GUEST);
  wizard_test_choose (wizard, "Ne_twork", "No network");
  wizard_test_forward (wizard); /* Finish */
  if (!live_wait_until (wizard_test_is_null, &created.wizard, 240000))
    g_error ("the wizard did not finish:\n%s", text = wizard_test_shown_text (wizard));
  /* the wizard is gone before the installer reboots */
  g_assert_null (created.wizard);
  g_assert_nonnull (created.domain);
  g_clear_object (&created.domain);

  /* the installer runs: its running configuration carries the marker; the
   * saved one boots the disk */
  xml = domain_xml (0);
  g_assert_true (vireo_install_job_xml_is_marked (xml));
  type = g_strdup_printf ("<domain type='%s'", live_domain_type ());
  if (strstr (xml, type) == NULL)
    g_error ("the installer does not run as %s:\n%s", type, xml);
  g_clear_pointer (&xml, g_free);
  xml = domain_xml (VIR_DOMAIN_XML_INACTIVE);
  g_assert_false (vireo_install_job_xml_is_marked (xml));
  g_clear_pointer (&xml, g_free);

  watching = conn;
  if (restart_vireo)
    {
      /* Vireo quits and starts again: a new connection, nothing of the old */
      vireo_connection_close (conn);
      g_list_store_remove_all (connections);
      g_clear_object (&conn);
      live_spin (100);
      conn = live_connection_open (URI, 60000);
      g_list_store_append (connections, conn);
      watching = conn;
    }
  g_assert_true (live_wait_until (job_followed, watching, TIMEOUT_MS));
  domain = live_find_domain (watching, GUEST);
  job = vireo_domain_get_install_job (domain);
  g_assert_cmpint (vireo_install_job_get_state (job), ==, VIREO_INSTALL_JOB_INSTALLING);

  /* the VM window (opened from the list) shows the install */
  window = vireo_vm_window_new (NULL, domain);
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  shown.window = window;
  shown.text = INSTALLING_TEXT;
  if (!live_wait_until (text_shown, &shown, TIMEOUT_MS))
    g_error ("the VM window does not show the install:\n%s", text = wizard_test_shown_text (window));

  /* the installer wrote the disk; the go on COM1, and it reboots */
  session = live_open_serial (domain, &log);
  if (!live_wait_until (serial_has_marker, &log, 120000))
    g_error ("no %s on the serial console; got \"%s\"", INSTALLER_MARKER, log.text->str);
  g_printerr ("# installer (%s): %s", live_domain_type (), log.text->str);
  vireo_serial_session_write (session, "R", 1);

  /* no click: the VM comes back, from its disk */
  if (!live_wait_until (job_done, domain, 120000))
    g_error ("the install job did not end: %s", vireo_install_job_get_message (job));
  g_assert_cmpstr (vireo_install_job_get_message (job), ==, DONE_TEXT);
  g_assert_cmpint (vireo_install_job_get_state (job), ==, VIREO_INSTALL_JOB_DONE);
  shown.text = DONE_TEXT;
  if (!live_wait_until (text_shown, &shown, TIMEOUT_MS))
    g_error ("the VM window does not say the install ended:\n%s", text = wizard_test_shown_text (window));
  g_assert_null (wizard_test_find_text (window, INSTALLING_TEXT));
  vireo_serial_session_close (session);
  g_signal_handlers_disconnect_by_data (session, &log);
  g_clear_object (&session);

  g_assert_nonnull (live_wait_running (watching, GUEST, TIMEOUT_MS));
  serial = live_serial_until (domain, DISK_MARKER, 120000, 500);
  g_printerr ("# after the reboot: %s", serial);

  /* what runs is the saved configuration: no marker, no installer */
  xml = domain_xml (0);
  g_assert_false (vireo_install_job_xml_is_marked (xml));
  if (strstr (xml, type) == NULL)
    g_error ("the installed guest does not run as %s:\n%s", type, xml);
  if (strstr (xml, "<boot dev='cdrom'/>") != NULL || strstr (xml, "<on_reboot>destroy</on_reboot>") != NULL
      || strstr (xml, iso) != NULL)
    g_error ("the installer's configuration runs again:\n%s", xml);
  g_assert_nonnull (strstr (xml, "<boot dev='hd'/>"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_string_free (log.text, TRUE);
}

static void
wizard_closed (void)
{
  install (FALSE);
}

static void
vireo_restarted (void)
{
  install (TRUE);
}

/* -- fixtures --------------------------------------------------------------------- */

static void
cleanup (void)
{
  virConnectPtr c = virConnectOpen (URI);

  if (c != NULL)
    {
      live_remove_guest (c, GUEST);
      live_remove_pool (c, pool_name, pool_dir);
      virConnectClose (c);
    }
  virResetLastError ();
  live_remove_pool (NULL, NULL, pool_dir);
}

static void
in_child (void (*func) (void))
{
  if (g_test_subprocess ())
    {
      g_test_log_set_fatal_handler (console_warning_not_fatal, NULL);
      raw = virConnectOpen (URI);
      g_assert_nonnull (raw);
      live_create_pool (raw, pool_name, pool_dir);
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
  g_test_trap_subprocess (NULL, 280 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  cleanup ();
  g_test_trap_assert_passed ();
}

static void test_wizard_closed (void) { in_child (wizard_closed); }
static void test_vireo_restarted (void) { in_child (vireo_restarted); }

int
main (int argc, char *argv[])
{
  int ret;

  /* the child uses the parent's names */
  live_test_tag ("VIREO_LIVE_WIZINST_TAG");
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG, live_drop_log, NULL);
  adw_init ();
  vireo_core_init ();

  tag = g_strdup (g_getenv ("VIREO_LIVE_WIZINST_TAG"));
  pool_dir = g_strdup_printf ("/var/lib/libvirt/images/vireo-live-wizinstpool-%s", tag);
  pool_name = g_strdup_printf ("vireo-live-wizinstpool-%s", tag);

  g_test_add_func ("/live/wizard-install/wizard-closed", test_wizard_closed);
  g_test_add_func ("/live/wizard-install/vireo-restarted", test_vireo_restarted);
  ret = g_test_run ();

  if (!g_test_subprocess ())
    cleanup ();
  g_free (tag);
  g_free (pool_dir);
  g_free (pool_name);
  return ret;
}
