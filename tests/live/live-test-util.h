/* live-test-util.h — helpers shared by the live and multihost tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here spins the default main context: the core delivers its
 * results and libvirt's events there (gvir_event_register), exactly as in the
 * application.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-core.h"

typedef gboolean (*LiveCondFunc) (gpointer data);

static gboolean
live_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main context until @cond holds or @timeout_ms passed.
 * Returns whether @cond held. */
static inline gboolean
live_wait_until (LiveCondFunc cond,
                 gpointer     data,
                 guint        timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = g_timeout_add (10, live_tick_cb, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

static gboolean
live_false_cb (gpointer data)
{
  return FALSE;
}

/* Runs the main context for @ms milliseconds */
static inline void
live_spin (guint ms)
{
  live_wait_until (live_false_cb, NULL, ms);
}

static gboolean
live_result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
live_store_result (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Opens @conn through the core and waits (the main loop runs) */
static inline gboolean
live_open (VireoConnection *conn,
           guint            timeout_ms,
           GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vireo_connection_open_async (conn, FALSE, NULL, live_store_result, &result);
  if (!live_wait_until (live_result_ready, &result, timeout_ms))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "opening %s did not finish within %u ms",
                   vireo_connection_get_uri (conn), timeout_ms);
      /* the callback still points at our stack: wait for it for real */
      live_wait_until (live_result_ready, &result, 600000);
      return FALSE;
    }
  return vireo_connection_open_finish (conn, result, error);
}

/* A VireoConnection to @uri, opened through the core: the test fails when
 * it does not open within @timeout_ms (owned) */
static inline VireoConnection *
live_connection_open (const char *uri,
                      guint       timeout_ms)
{
  VireoConnection *conn = vireo_connection_new (uri);
  g_autoptr(GError) error = NULL;

  g_assert_true (live_open (conn, timeout_ms, &error));
  g_assert_no_error (error);
  return conn;
}

/* Runs @action on @domain through the core and waits */
static inline gboolean
live_action (VireoDomain       *domain,
             VireoDomainAction  action,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_action_async (domain, action, NULL, live_store_result, &result);
  live_wait_until (live_result_ready, &result, 600000);
  return vireo_domain_action_finish (domain, result, error);
}

/* The VireoDomain called @name in @conn's list, or NULL (no reference) */
static inline VireoDomain *
live_find_domain (VireoConnection *conn,
                  const char      *name)
{
  GListModel *model = vireo_connection_get_domains (conn);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (model, i);

      if (g_strcmp0 (vireo_domain_get_name (domain), name) == 0)
        return domain;   /* the model keeps it alive */
    }
  return NULL;
}

typedef struct
{
  VireoConnection *conn;
  const char      *name;
  VireoDomain     *domain;
} LiveRunningWait;

static inline gboolean
live_domain_running_cb (gpointer data)
{
  LiveRunningWait *wait = data;

  wait->domain = live_find_domain (wait->conn, wait->name);
  return wait->domain != NULL && vireo_domain_get_state (wait->domain) == VIREO_DOMAIN_STATE_RUNNING;
}

/* Waits (up to @timeout_ms) for @conn to list @name, running: that
 * VireoDomain (the list's: no reference), or NULL when it did not */
static inline VireoDomain *
live_wait_running (VireoConnection *conn,
                   const char      *name,
                   guint            timeout_ms)
{
  LiveRunningWait wait = { conn, name, NULL };

  return live_wait_until (live_domain_running_cb, &wait, timeout_ms) ? wait.domain : NULL;
}

static inline gboolean
live_model_contains (GListModel  *model,
                     gpointer     item)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) it = g_list_model_get_item (model, i);

      if ((gpointer) it == item)
        return TRUE;
    }
  return FALSE;
}

/* libvirt's own state of @dom, through a raw handle */
static inline int
live_raw_state (virDomainPtr dom,
                int         *reason)
{
  int state = -1, r = -1;

  if (virDomainGetState (dom, &state, &r, 0) < 0)
    return -1;
  if (reason)
    *reason = r;
  return state;
}

static inline const char *
live_raw_state_name (int state)
{
  static const char *names[] = {
    "nostate", "running", "blocked", "paused", "shutdown", "shutoff", "crashed", "pmsuspended",
  };

  if (state >= 0 && state < (int) G_N_ELEMENTS (names))
    return names[state];
  return "error";
}

static inline void
live_drop_log (const char    *log_domain,
               GLogLevelFlags log_level,
               const char    *message,
               gpointer       user_data)
{
}

/* The start of a live test's main(): the locale, g_test_init() and
 * libvirt-glib's event loop chatter (every watch update, at debug level)
 * dropped */
static inline void
live_test_init (int    *argc,
                char ***argv)
{
  setlocale (LC_ALL, "");
  g_test_init (argc, argv, NULL);
  g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG, live_drop_log, NULL);
}

static inline gint64
live_now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

/* Writes @path: a one-sector boot disk holding @code (with the 0x55 0xaa
 * signature), readable by all (QEMU runs as another user) */
static inline void
live_write_boot_sector (const char   *path,
                        const guint8 *code,
                        gsize         code_len)
{
  guint8 sector[512] = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (code_len, <=, 510);
  memcpy (sector, code, code_len);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  g_file_set_contents (path, (const char *) sector, sizeof sector, &error);
  g_assert_no_error (error);
  g_chmod (path, 0644);
}

/* Writes a one-sector boot disk holding @code (with the 0x55 0xaa
 * signature) to a new file named after @name_template (g_file_open_tmp
 * style) in the shared temporary directory — not a private one: QEMU runs
 * as another user — readable by all. Returns its path (owned). */
static inline char *
live_test_write_boot_disk (const guint8 *code,
                           gsize         code_len,
                           const char   *name_template)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  fd = g_file_open_tmp (name_template, &path, &error);
  g_assert_no_error (error);
  close (fd);
  live_write_boot_sector (path, code, code_len);
  return path;
}

/* -- install fixtures (test-live-install, test-live-wizard) ----------------------- */

#define LIVE_ISOLINUX "/usr/lib/ISOLINUX/isolinux.bin"
#define LIVE_LDLINUX  "/usr/lib/syslinux/modules/bios/ldlinux.c32"

static inline gboolean
live_copy_file (const char *from,
                const char *to)
{
  g_autofree char *data = NULL;
  gsize len;

  return g_file_get_contents (from, &data, &len, NULL) && g_file_set_contents (to, data, len, NULL);
}

/* NULL when isolinux and xorriso are there, else why not (for g_test_skip) */
static inline const char *
live_iso_missing (void)
{
  g_autofree char *xorriso = g_find_program_in_path ("xorriso");

  if (!g_file_test (LIVE_ISOLINUX, G_FILE_TEST_EXISTS) || !g_file_test (LIVE_LDLINUX, G_FILE_TEST_EXISTS))
    return "isolinux is not installed (packages isolinux, syslinux-common)";
  if (xorriso == NULL)
    return "xorriso is not installed (package xorriso)";
  return NULL;
}

/* A syslinux configuration (isolinux, pxelinux) that prints @marker on the
 * serial port — as the name of a kernel it cannot find; its SAY runs
 * before the serial console is set up — waits a second at its prompt
 * (PROMPT 1, TIMEOUT 10 tenths) and tries again, forever (owned) */
static inline char *
live_syslinux_config (const char *marker)
{
  return g_strdup_printf ("SERIAL 0 115200\n"
                          "PROMPT 1\n"
                          "TIMEOUT 10\n"
                          "DEFAULT marker\n"
                          "LABEL marker\n"
                          "  KERNEL /%s\n",
                          marker);
}

/* An El Torito ISO at @path (its tree is built in @work_dir and removed):
 * isolinux prints @marker to the serial port — as the name of a kernel it
 * cannot find; its SAY runs before the serial console is set up — waits a
 * second at its prompt and tries again, forever. */
static inline gboolean
live_build_iso (const char *work_dir,
                const char *path,
                const char *marker,
                GError    **error)
{
  g_autofree char *tree = g_build_filename (work_dir, "tree", NULL);
  g_autofree char *boot = g_build_filename (tree, "isolinux", NULL);
  g_autofree char *bin = g_build_filename (boot, "isolinux.bin", NULL);
  g_autofree char *ld = g_build_filename (boot, "ldlinux.c32", NULL);
  g_autofree char *cfg = g_build_filename (boot, "isolinux.cfg", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *config = live_syslinux_config (marker);
  const char *argv[] = {
    "xorriso", "-as", "mkisofs", "-quiet", "-o", path,
    "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
    "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
    "-V", "VIREO_LIVE", tree, NULL,
  };
  int status = 0;
  gboolean ok;

  g_mkdir_with_parents (boot, 0755);
  if (!live_copy_file (LIVE_ISOLINUX, bin) || !live_copy_file (LIVE_LDLINUX, ld)
      || !g_file_set_contents (cfg, config, -1, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not copy isolinux");
      return FALSE;
    }
  ok = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, error)
       && g_spawn_check_wait_status (status, error);
  g_unlink (bin);
  g_unlink (ld);
  g_unlink (cfg);
  g_rmdir (boot);
  g_rmdir (tree);
  if (!ok)
    g_prefix_error (error, "xorriso: %s: ", err != NULL ? err : "");
  return ok;
}

static inline gboolean
live_run_program (const char *const *argv,
                  GError            **error)
{
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                     NULL, NULL, &err, &status, error)
      || !g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s: ", argv[0], err != NULL ? err : "");
      return FALSE;
    }
  return TRUE;
}

#define LIVE_IMPORT_MARKER "VIREO-IMPORT-OK"

/* 16-bit real mode at 0x7c00: prints the marker on COM1 about every second
 * (the boot sector of test-live-serial.c, without the VGA part) */
static const guint8 live_import_boot_code[] = {
  0x31, 0xc0,             /* 7c00 xor ax, ax                 */
  0x8e, 0xd8,             /* 7c02 mov ds, ax                 */
  0xbe, 0x1c, 0x7c,       /* 7c04 again: mov si, msg         */
  0xac,                   /* 7c07 next: lodsb                */
  0x84, 0xc0,             /* 7c08 test al, al                */
  0x74, 0x06,             /* 7c0a jz 7c12                    */
  0xba, 0xf8, 0x03,       /* 7c0c mov dx, 0x3f8 (COM1)       */
  0xee,                   /* 7c0f out dx, al                 */
  0xeb, 0xf5,             /* 7c10 jmp next                   */
  0xb9, 0x12, 0x00,       /* 7c12 mov cx, 18 (~1 s of ticks) */
  0xfb,                   /* 7c15 wait: sti                  */
  0xf4,                   /* 7c16 hlt                        */
  0xe2, 0xfc,             /* 7c17 loop wait                  */
  0xeb, 0xe9,             /* 7c19 jmp again                  */
  0x90,                   /* 7c1b                            */
  /* 7c1c msg: */
  'V', 'I', 'R', 'E', 'O', '-', 'I', 'M', 'P', 'O', 'R', 'T', '-', 'O', 'K', '\r', '\n', 0,
};

/* An "existing" qcow2 image at @qcow2_path (mode 0644) whose boot sector
 * prints LIVE_IMPORT_MARKER on COM1; the raw image is made next to it and
 * removed. FALSE (with @error) when qemu-img fails. */
static inline gboolean
live_build_import_image (const char *qcow2_path,
                         GError    **error)
{
  g_autofree char *raw_path = g_strconcat (qcow2_path, ".raw", NULL);
  /* 1 MiB: firmware does not boot disks smaller than a few sectors */
  g_autofree guint8 *image = g_malloc0 (1024 * 1024);
  const char *argv[] = { "qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw_path, qcow2_path, NULL };
  gboolean ok;

  memcpy (image, live_import_boot_code, sizeof live_import_boot_code);
  image[510] = 0x55;
  image[511] = 0xaa;
  if (!g_file_set_contents (raw_path, (const char *) image, 1024 * 1024, error))
    return FALSE;
  ok = live_run_program (argv, error);
  g_unlink (raw_path);
  if (ok)
    g_chmod (qcow2_path, 0644);
  return ok;
}

#define LIVE_URL_MARKER "VIREO-URL-KERNEL "

/* A bzImage QEMU accepts (-kernel): one setup sector after the boot sector,
 * boot protocol 2.02 with LOADED_HIGH, so QEMU loads the setup at 0x10000,
 * the command line at 0x20000, and jumps to setup + 0x200 (CS = 0x1020).
 * Its setup code prints LIVE_URL_MARKER and then the command line QEMU
 * passed it on COM1, about every second. */
static inline GBytes *
live_make_kernel (void)
{
  guint8 *k = g_malloc0 (1536);
  static const guint8 code[] = {
    0x0e,                   /* 80 push cs                        */
    0x1f,                   /* 81 pop ds                         */
    0xbe, 0xc0, 0x00,       /* 82 mov si, 0xc0 (marker)          */
    0xe8, 0x1b, 0x00,       /* 85 call print (a3)                */
    0xb8, 0x00, 0x20,       /* 88 mov ax, 0x2000 (command line)  */
    0x8e, 0xd8,             /* 8b mov ds, ax                     */
    0x31, 0xf6,             /* 8d xor si, si                     */
    0xe8, 0x11, 0x00,       /* 8f call print                     */
    0x0e,                   /* 92 push cs                        */
    0x1f,                   /* 93 pop ds                         */
    0xbe, 0xe0, 0x00,       /* 94 mov si, 0xe0 (CR LF)           */
    0xe8, 0x09, 0x00,       /* 97 call print                     */
    0xb9, 0x12, 0x00,       /* 9a mov cx, 18 (~1 s of ticks)     */
    0xfb,                   /* 9d wait: sti                      */
    0xf4,                   /* 9e hlt                            */
    0xe2, 0xfc,             /* 9f loop wait                      */
    0xeb, 0xdd,             /* a1 jmp 80                         */
    0xac,                   /* a3 print: lodsb                   */
    0x84, 0xc0,             /* a4 test al, al                    */
    0x74, 0x06,             /* a6 jz ae                          */
    0xba, 0xf8, 0x03,       /* a8 mov dx, 0x3f8 (COM1)           */
    0xee,                   /* ab out dx, al                     */
    0xeb, 0xf5,             /* ac jmp print                      */
    0xc3,                   /* ae ret                            */
  };

  k[0x1f1] = 1;                     /* setup_sects */
  k[0x1fe] = 0x55;
  k[0x1ff] = 0xaa;
  k[0x200] = 0xeb;                  /* jmp 0x280 */
  k[0x201] = 0x7e;
  memcpy (k + 0x202, "HdrS", 4);
  k[0x206] = 0x02;                  /* version 2.02 */
  k[0x207] = 0x02;
  k[0x211] = 0x01;                  /* LOADED_HIGH */
  memcpy (k + 0x280, code, sizeof code);
  memcpy (k + 0x2c0, LIVE_URL_MARKER, strlen (LIVE_URL_MARKER) + 1);
  memcpy (k + 0x2e0, "\r\n", 3);
  return g_bytes_new_take (k, 1536);
}

/* A transient dir pool @name at @dir (created, mode 0755) */
static inline void
live_create_pool (virConnectPtr raw,
                  const char   *name,
                  const char   *dir)
{
  g_autofree char *pool_xml = NULL;
  virStoragePoolPtr pool;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  pool_xml = g_markup_printf_escaped ("<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>",
                                      name, dir);
  pool = virStoragePoolCreateXML (raw, pool_xml, 0);
  g_assert_nonnull (pool);
  virStoragePoolFree (pool);
}

/* Deletes the pool's volumes and stops it (it is transient: gone then);
 * then removes whatever files are left in @dir, and @dir */
static inline void
live_remove_pool (virConnectPtr raw,
                  const char   *name,
                  const char   *dir)
{
  virStoragePoolPtr pool = name != NULL ? virStoragePoolLookupByName (raw, name) : NULL;

  if (pool != NULL)
    {
      virStorageVolPtr *vols = NULL;
      int n = virStoragePoolListAllVolumes (pool, &vols, 0);

      for (int i = 0; i < n; i++)
        {
          virStorageVolDelete (vols[i], 0);
          virStorageVolFree (vols[i]);
        }
      free (vols);
      virStoragePoolDestroy (pool);
      virStoragePoolFree (pool);
    }
  virResetLastError ();
  if (dir != NULL)
    {
      g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
      const char *file;

      while (d != NULL && (file = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, file, NULL);
          g_unlink (path);
        }
      g_rmdir (dir);
    }
}

/* Destroys and undefines @name, if it exists (nothing when @raw or @name is NULL) */
static inline void
live_remove_guest (virConnectPtr raw,
                   const char   *name)
{
  virDomainPtr dom;

  if (raw == NULL || name == NULL)
    return;
  dom = virDomainLookupByName (raw, name);
  if (dom != NULL)
    {
      if (virDomainIsActive (dom) == 1)
        virDomainDestroy (dom);
      /* its firmware variables, a managed save and snapshot metadata go with it */
      if (virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                       VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA) < 0 &&
          virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA) < 0)
        virDomainUndefine (dom);
      virDomainFree (dom);
    }
  virResetLastError ();
}

/* -- guests of the tests' own ------------------------------------------------------- */

/* the guests' <domain type>: VIREO_TEST_DOMAIN_TYPE (harness.sh sets kvm
 * when QEMU can use /dev/kvm), else qemu */
static inline const char *
live_domain_type (void)
{
  const char *type = g_getenv ("VIREO_TEST_DOMAIN_TYPE");

  return type == NULL || *type == '\0' ? "qemu" : type;
}

/* A guest @name of live_domain_type() with @memory_mib MiB and one CPU on
 * x86_64 QEMU: @os goes into <os> after its <type>, @head after </os>
 * (title, features, on_* ...: libvirt reads them in any order), @devices
 * after the emulator; no balloon. (owned) */
static inline char *
live_guest_xml (const char *name,
                guint       memory_mib,
                const char *os,
                const char *head,
                const char *devices)
{
  return g_strdup_printf (
    "<domain type='%s'>"
    "  <name>%s</name>"
    "  <memory unit='MiB'>%u</memory>"
    "  <vcpu>1</vcpu>"
    "  <os><type arch='x86_64'>hvm</type>%s</os>"
    "%s"
    "  <devices>"
    "    <emulator>/usr/bin/qemu-system-x86_64</emulator>"
    "    %s"
    "    <memballoon model='none'/>"
    "  </devices>"
    "</domain>", live_domain_type (), name, memory_mib, os, head, devices);
}

/* the <disk> of a raw boot disk image at @path, IDE hda (owned) */
static inline char *
live_boot_disk_xml (const char *path)
{
  return g_markup_printf_escaped ("<disk type='file' device='disk'>"
                                  "  <driver name='qemu' type='raw'/>"
                                  "  <source file='%s'/>"
                                  "  <target dev='hda' bus='ide'/>"
                                  "</disk>", path);
}

/* Defines @xml (persistent: destroying it later stops it without removing
 * it) and starts it; the test stops when libvirt refuses */
static inline void
live_define_and_start (virConnectPtr raw,
                       const char   *xml)
{
  virDomainPtr dom = virDomainDefineXML (raw, xml);

  if (dom == NULL || virDomainCreate (dom) < 0)
    g_error ("could not start a guest on %s: %s\n%s", virConnectGetURI (raw), virGetLastErrorMessage (), xml);
  virDomainFree (dom);
}

/* The test program's plan is "skipped" (and it exits) when libvirt at @uri
 * cannot be reached; else a connection for the fixtures */
static inline virConnectPtr
live_connect_or_skip (const char *uri)
{
  virConnectPtr raw = virConnectOpen (uri);

  if (raw == NULL)
    {
      /* no plan printed yet: skip the whole program */
      printf ("1..0 # SKIP %s is not reachable: %s (run through tests/live/harness.sh)\n",
              uri, virGetLastErrorMessage ());
      exit (0);
    }
  return raw;
}

/* The test program's plan is "skipped" (and it exits) unless each of the
 * @n_names environment variables @names is set (by @harness) */
static inline void
live_require_env (const char *const *names,
                  gsize              n_names,
                  const char        *harness)
{
  for (gsize i = 0; i < n_names; i++)
    if (g_getenv (names[i]) == NULL)
      {
        printf ("1..0 # SKIP %s is not set: run through %s\n", names[i], harness);
        exit (0);
      }
}

/* A name tag shared by a test and its g_test_trap_subprocess() children:
 * $@env_name, which the parent sets to its process id (the child uses the
 * parent's names) */
static inline const char *
live_test_tag (const char *env_name)
{
  if (g_getenv (env_name) == NULL)
    {
      g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());

      g_setenv (env_name, pid, TRUE);
    }
  return g_getenv (env_name);
}

/* -- serial log ------------------------------------------------------------------ */

typedef struct
{
  GString    *text;
  gboolean    closed;
  const char *marker;     /* what live_serial_has_marker looks for */
} LiveSerialLog;

static inline void
live_serial_on_data (VireoSerialSession *session,
                     GBytes             *bytes,
                     LiveSerialLog      *log)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_string_append_len (log->text, data, len);
}

static inline void
live_serial_on_closed (VireoSerialSession *session,
                       const GError       *error,
                       LiveSerialLog      *log)
{
  log->closed = TRUE;
}

static inline gboolean
live_serial_has_marker (gpointer data)
{
  LiveSerialLog *log = data;

  return strstr (log->text->str, log->marker) != NULL;
}

/* Opens @domain's serial console through the core; its output goes to @log */
static inline VireoSerialSession *
live_open_serial (VireoDomain   *domain,
                  LiveSerialLog *log)
{
  VireoSerialSession *session = vireo_serial_session_new (domain, NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  g_signal_connect (session, "data", G_CALLBACK (live_serial_on_data), log);
  g_signal_connect (session, "closed", G_CALLBACK (live_serial_on_closed), log);
  vireo_serial_session_open_async (session, NULL, live_store_result, &result);
  g_assert_true (live_wait_until (live_result_ready, &result, 30000));
  g_assert_true (vireo_serial_session_open_finish (session, result, &error));
  g_assert_no_error (error);
  return session;
}

/* Opens @domain's serial console, waits up to @timeout_ms for @marker (the
 * test fails without it), lets @rest_ms more arrive (the rest of the line)
 * and closes it. Returns what the console showed (owned). */
static inline char *
live_serial_until (VireoDomain *domain,
                   const char  *marker,
                   guint        timeout_ms,
                   guint        rest_ms)
{
  g_autoptr (VireoSerialSession) session = NULL;
  LiveSerialLog log = { g_string_new (NULL), FALSE, marker };

  session = live_open_serial (domain, &log);
  if (!live_wait_until (live_serial_has_marker, &log, timeout_ms))
    g_error ("no marker %s on the serial console; got \"%s\"", marker, log.text->str);
  live_spin (rest_ms);
  vireo_serial_session_close (session);
  g_signal_handlers_disconnect_by_data (session, &log);
  return g_string_free (log.text, FALSE);
}

#ifdef ADW_MAJOR_VERSION
/* -- tests with windows (<adwaita.h> included before this file) ------------------ */

/* GTK and libadwaita up, else the program's plan is skipped (it exits) */
static inline void
live_gtk_init_or_skip (void)
{
  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no X display (meson runs this test under xvfb-run)\n");
      exit (0);
    }
  adw_init ();
}
#endif
