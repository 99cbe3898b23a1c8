/* test-live-vm-ops.c — Rename, Save to File and Restore (issue 15) on the
 * real qemu:///system, through Vireo's core
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One tiny guest (64 MiB, a 1 MiB raw disk whose boot sector counts on COM1,
 * into a file): renamed while shut off (the same VireoDomain, libvirt knows
 * only the new name, and it still starts); refused while it runs; saved to a
 * file in the test's folder while it counts (the VM shuts off, the file is
 * there, progress reached 1); restored from it: it runs again and its count
 * goes on from where it was, not from 1. The file and the guest are removed
 * at the end. Run by tests/live/harness.sh.
 */
#define G_LOG_DOMAIN "vireo-test-live-vm-ops"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live-test-util.h"

#define URI          "qemu:///system"
#define COUNT_MARKER "VIREO-COUNT "
#define WAIT_MS      60000

static virConnectPtr raw;
static VireoConnection *conn;
static VireoDomain *domain;   /* owned */
static char *tmpdir;
static char *name;            /* the guest's first name */
static char *new_name;        /* and the one it is renamed to */
static char *save_path;
static gint64 start_ms;       /* when the program began: each case says when it ended */

/* The counting boot sector of tests/multihost/test-multihost-migrate.c:
 * 16-bit real mode at 0x7c00, adds one to a decimal counter, prints it on
 * COM1, fills 0x10000-0x7ffff with 0xa5, waits ~1 s (18 timer ticks), again */
static const guint8 counter_boot_code[] = {
  0x31, 0xc0, 0x8e, 0xd8, 0xbe, 0x55, 0x7c, 0xfe, 0x04, 0x80, 0x3c, 0x3a, 0x75, 0x06,
  0xc6, 0x04, 0x30, 0x4e, 0xeb, 0xf3, 0xbe, 0x44, 0x7c, 0xac, 0x84, 0xc0, 0x74, 0x06,
  0xba, 0xf8, 0x03, 0xee, 0xeb, 0xf5, 0xbb, 0x00, 0x10, 0x8e, 0xc3, 0x31, 0xff, 0xb9,
  0x00, 0x80, 0xb8, 0xa5, 0xa5, 0xf3, 0xab, 0x81, 0xc3, 0x00, 0x10, 0x81, 0xfb, 0x00,
  0x80, 0x72, 0xea, 0xb9, 0x12, 0x00, 0xfb, 0xf4, 0xe2, 0xfc, 0xeb, 0xc0,
  'V', 'I', 'R', 'E', 'O', '-', 'C', 'O', 'U', 'N', 'T', ' ',
  '0', '0', '0', '0', '0', '0', '\r', '\n', 0,
};

static char *
serial_path (void)
{
  return g_build_filename (tmpdir, "serial.log", NULL);
}

static char *
disk_path (void)
{
  return g_build_filename (tmpdir, "counter.img", NULL);
}

typedef struct
{
  guint64 last;      /* the last number printed, 0: none yet */
  guint   restarts;  /* how often it printed 1 */
} Count;

static Count
read_count (void)
{
  g_autofree char *serial = serial_path ();
  g_autofree char *text = NULL;
  Count count = { 0, 0 };

  if (!g_file_get_contents (serial, &text, NULL, NULL))
    return count;
  for (const char *p = strstr (text, COUNT_MARKER); p != NULL; p = strstr (p + 1, COUNT_MARKER))
    {
      const char *digits = p + strlen (COUNT_MARKER);
      guint64 value;

      if (strlen (digits) < 8 || digits[6] != '\r')
        break; /* a line still being written */
      value = g_ascii_strtoull (digits, NULL, 10);
      if (value == 1)
        count.restarts++;
      count.last = value;
    }
  return count;
}

static gboolean
count_above (gpointer data)
{
  return read_count ().last > *(guint64 *) data;
}

static void
cleanup_at_exit (void)
{
  g_autofree char *serial = NULL;
  g_autofree char *disk = NULL;

  if (raw != NULL)
    {
      live_remove_guest (raw, name);
      live_remove_guest (raw, new_name);
      virConnectClose (raw);
      raw = NULL;
    }
  if (tmpdir == NULL)
    return;
  serial = serial_path ();
  disk = disk_path ();
  g_unlink (serial);
  g_unlink (disk);
  if (save_path != NULL)
    g_unlink (save_path);
  g_rmdir (tmpdir);
}

static void
define_guest (void)
{
  g_autofree guint8 *image = g_malloc0 (1024 * 1024);
  g_autofree char *disk = disk_path ();
  g_autofree char *serial = serial_path ();
  g_autofree char *devices = NULL;
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;
  virDomainPtr dom;

  memcpy (image, counter_boot_code, sizeof counter_boot_code);
  image[510] = 0x55;
  image[511] = 0xaa;
  g_file_set_contents (disk, (const char *) image, 1024 * 1024, &error);
  g_assert_no_error (error);
  g_chmod (disk, 0644);
  g_assert_true (g_file_set_contents (serial, "", 0, NULL));
  g_chmod (serial, 0666);

  devices = g_markup_printf_escaped ("<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                                     "<source file='%s'/><target dev='vda' bus='virtio'/><readonly/></disk>"
                                     "<serial type='file'><source path='%s' append='on'/></serial>",
                                     disk, serial);
  xml = live_guest_xml (name, 64, "<boot dev='hd'/>", "", devices);
  dom = virDomainDefineXML (raw, xml);
  if (dom == NULL)
    g_error ("could not define %s: %s", name, virGetLastErrorMessage ());
  virDomainFree (dom);
}

static gboolean
rename_domain (const char *to, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_rename_async (domain, to, NULL, live_store_result, &result);
  live_wait_until (live_result_ready, &result, WAIT_MS);
  return vireo_domain_rename_finish (domain, result, error);
}

static gboolean
name_is (gpointer data)
{
  return g_strcmp0 (vireo_domain_get_name (domain), data) == 0;
}

static gboolean
state_is (gpointer data)
{
  return (int) vireo_domain_get_state (domain) == GPOINTER_TO_INT (data);
}

static int
raw_state (const char *which)
{
  virDomainPtr dom = virDomainLookupByName (raw, which);
  int state = -1;

  if (dom == NULL)
    {
      virResetLastError ();
      return -1;
    }
  state = live_raw_state (dom, NULL);
  virDomainFree (dom);
  return state;
}

static void
test_open (void)
{
  g_autoptr (GError) error = NULL;

  conn = vireo_connection_new (URI);
  live_open (conn, WAIT_MS, &error);
  g_assert_no_error (error);
  domain = live_find_domain (conn, name);
  g_assert_nonnull (domain);
  g_object_ref (domain);
  g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_SHUTOFF);
  g_test_message ("open at %" G_GINT64_FORMAT " ms", live_now_ms () - start_ms);
}

/* shut off: renamed; the same object carries the new name; libvirt knows only it */
static void
test_rename (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = g_strdup (vireo_domain_get_uuid (domain));

  g_assert_null (vireo_domain_get_rename_blocker (domain));
  g_assert_true (rename_domain (new_name, &error));
  g_assert_no_error (error);
  g_assert_true (live_wait_until (name_is, new_name, WAIT_MS));
  g_assert_cmpint (raw_state (new_name), ==, VIR_DOMAIN_SHUTOFF);
  g_assert_cmpint (raw_state (name), ==, -1);
  g_assert_cmpstr (vireo_domain_get_uuid (domain), ==, uuid);
  live_spin (300); /* the "renamed" events: the row stays the same object */
  g_assert_true (live_find_domain (conn, new_name) == domain);
  g_assert_null (live_find_domain (conn, name));
  g_assert_false (vireo_domain_get_removed (domain));
  g_test_message ("renamed at %" G_GINT64_FORMAT " ms", live_now_ms () - start_ms);
}

/* it starts under its new name and counts; Rename is then refused, with the reason */
static void
test_run_and_refuse_rename (void)
{
  g_autoptr (GError) error = NULL;
  guint64 zero = 0;

  live_action (domain, VIREO_DOMAIN_ACTION_RUN, &error);
  g_assert_no_error (error);
  g_assert_true (live_wait_until (state_is, GINT_TO_POINTER (VIREO_DOMAIN_STATE_RUNNING), WAIT_MS));
  g_assert_true (live_wait_until (count_above, &zero, WAIT_MS));
  g_test_message ("counting at %" G_GINT64_FORMAT " ms", live_now_ms () - start_ms);

  g_assert_nonnull (vireo_domain_get_rename_blocker (domain));
  g_assert_false (rename_domain (name, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE);
  g_test_message ("rename while running: %s", error->message);
  g_assert_cmpint (raw_state (new_name), ==, VIR_DOMAIN_RUNNING);
}

static void
note_progress (double fraction, gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

/* saved to a file while it counts; restored, it counts on */
static void
test_save_restore (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  double progress = 0;
  Count before, after;
  gint64 t0 = live_now_ms ();

  vireo_domain_save_to_file_async (domain, save_path, note_progress, &progress, NULL,
                                   live_store_result, &result);
  live_wait_until (live_result_ready, &result, WAIT_MS);
  g_assert_true (vireo_domain_save_to_file_finish (domain, result, &error));
  g_assert_no_error (error);
  g_test_message ("saved in %" G_GINT64_FORMAT " ms", live_now_ms () - t0);
  g_assert_cmpfloat (progress, ==, 1.0);
  g_assert_true (g_file_test (save_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (raw_state (new_name), ==, VIR_DOMAIN_SHUTOFF);
  g_assert_true (live_wait_until (state_is, GINT_TO_POINTER (VIREO_DOMAIN_STATE_SHUTOFF), WAIT_MS));
  /* a file of the person's, not libvirt's managed save */
  g_assert_false (vireo_domain_get_has_managed_save (domain));
  before = read_count ();
  g_test_message ("count when saved: %" G_GUINT64_FORMAT, before.last);

  g_clear_object (&result);
  vireo_domain_restore_from_file_async (conn, save_path, NULL, live_store_result, &result);
  live_wait_until (live_result_ready, &result, WAIT_MS);
  g_assert_true (vireo_domain_restore_from_file_finish (conn, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_state (new_name), ==, VIR_DOMAIN_RUNNING);
  g_assert_true (live_wait_until (state_is, GINT_TO_POINTER (VIREO_DOMAIN_STATE_RUNNING), WAIT_MS));
  g_assert_true (live_find_domain (conn, new_name) == domain);

  /* it goes on from where it was: no second start at 1 */
  g_assert_true (live_wait_until (count_above, &before.last, WAIT_MS));
  after = read_count ();
  g_test_message ("count after restore: %" G_GUINT64_FORMAT, after.last);
  g_assert_cmpuint (after.restarts, ==, 1);
  g_test_message ("restored and counting on at %" G_GINT64_FORMAT " ms", live_now_ms () - start_ms);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int rc;

  live_test_init (&argc, &argv);
  vireo_core_init ();

  raw = live_connect_or_skip (URI);
  name = g_strdup_printf ("vireo-live-ops-%d", (int) getpid ());
  new_name = g_strdup_printf ("vireo-live-renamed-%d", (int) getpid ());
  tmpdir = g_dir_make_tmp ("vireo-live-ops-XXXXXX", &error);
  g_assert_no_error (error);
  /* QEMU's user writes the serial file and reads the disk */
  g_chmod (tmpdir, 0755);
  save_path = g_build_filename (tmpdir, "saved.img", NULL);
  atexit (cleanup_at_exit);
  define_guest ();

  start_ms = live_now_ms ();
  g_test_add_func ("/live/vm-ops/open", test_open);
  g_test_add_func ("/live/vm-ops/rename", test_rename);
  g_test_add_func ("/live/vm-ops/run-refuse-rename", test_run_and_refuse_rename);
  g_test_add_func ("/live/vm-ops/save-restore", test_save_restore);

  rc = g_test_run ();

  g_clear_object (&domain);
  if (conn != NULL)
    {
      vireo_connection_close (conn);
      g_object_unref (conn);
    }
  return rc;
}
