/* test-live-stats.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Live figures from real QEMU guests on qemu:///system, read through Vireo's
 * core (VireoConnection's VireoStatsSampler, 1 s ticks, all groups):
 *
 * - "busy" boots a 1 MiB raw disk whose boot sector reads a sector through
 *   int 13h in a loop: its vCPU never rests and its disk read counter rises;
 * - "idle" boots a boot sector that says so on its serial console and
 *   otherwise halts its vCPU (sti; hlt until the timer, about a second,
 *   then the line again);
 * - "net" (TCG, no disk) boots from the network: iPXE sends DHCP requests on
 *   a tap device (<interface type='ethernet'>), so its tx counter rises.
 *
 * The busy guest's CPU % must be well above the idle one's, its disk read
 * rate above 0 (and libvirt's own counters must have risen); the idle one's
 * disk counter still and its rate 0 once it has said it halted (its only
 * read, the boot sector, is behind it: the baseline waits for the line,
 * not for time); memory known for both.  Switching the sampler to
 * CPU only must drop the block and interface groups from the libvirt request
 * and stop the disk series.  Run by tests/live/harness.sh, which starts
 * libvirtd when none runs and removes any vireo-live-* guest left behind.
 * The disk images live in /var/lib/libvirt/images (QEMU must read them) and
 * are removed at the end, pass or fail (abort and SIGTERM included).
 */
#define G_LOG_DOMAIN "vireo-test-live"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "live-test-util.h"

#define URI "qemu:///system"
#define IMAGE_DIR "/var/lib/libvirt/images"
#define IMAGE_SIZE (1024 * 1024)

typedef enum { GUEST_BUSY, GUEST_IDLE, GUEST_NET, N_GUESTS } GuestKind;

static const char *guest_suffix[N_GUESTS] = { "busy", "idle", "net" };

static virConnectPtr raw;
static VireoConnection *conn;
static VireoStatsSampler *sampler;           /* owned by conn */
static char *guest_name[N_GUESTS];
static VireoDomain *guest[N_GUESTS];         /* refs we hold */
/* fixed buffers: the signal handler unlinks them without allocating */
static char image_path[N_GUESTS][256];
static guint n_ticks;

/* -- boot sectors (real mode, loaded at 0000:7C00 by SeaBIOS) ---------------- */

/* busy:
 *   0: 31 C0      xor ax, ax
 *   2: 8E C0      mov es, ax
 *   4: BB 00 7E   loop: mov bx, 0x7e00     ; buffer ES:BX = 0000:7E00
 *   7: B8 01 02   mov ax, 0x0201           ; AH=02 read, AL=1 sector
 *  10: B9 01 00   mov cx, 1                ; CH=cylinder 0, CL=sector 1
 *  13: B6 00      mov dh, 0                ; head 0, DL = boot drive (BIOS)
 *  15: CD 13      int 0x13
 *  17: EB F1      jmp loop                 ; 19 + (-15) = 4
 */
static const guint8 busy_code[] = {
  0x31, 0xC0, 0x8E, 0xC0, 0xBB, 0x00, 0x7E, 0xB8, 0x01, 0x02,
  0xB9, 0x01, 0x00, 0xB6, 0x00, 0xCD, 0x13, 0xEB, 0xF1,
};

/* idle: the boot sector of live-test-util.h's import guest with its own
 * line — once loaded it never touches the disk again:
 *   7c00: 31 C0      xor ax, ax
 *   7c02: 8E D8      mov ds, ax
 *   7c04: BE 1C 7C   again: mov si, msg
 *   7c07: AC         next: lodsb
 *   7c08: 84 C0      test al, al
 *   7c0a: 74 06      jz 7c12
 *   7c0c: BA F8 03   mov dx, 0x3f8 (COM1)
 *   7c0f: EE         out dx, al
 *   7c10: EB F5      jmp next
 *   7c12: B9 12 00   mov cx, 18 (~1 s of timer ticks)
 *   7c15: FB         wait: sti
 *   7c16: F4         hlt
 *   7c17: E2 FC      loop wait
 *   7c19: EB E9      jmp again
 *   7c1b: 90
 *   7c1c: msg
 */
#define IDLE_MARKER "VIREO-STATS-IDLE-HALTED"

static const guint8 idle_code[] = {
  0x31, 0xC0, 0x8E, 0xD8, 0xBE, 0x1C, 0x7C, 0xAC, 0x84, 0xC0,
  0x74, 0x06, 0xBA, 0xF8, 0x03, 0xEE, 0xEB, 0xF5, 0xB9, 0x12,
  0x00, 0xFB, 0xF4, 0xE2, 0xFC, 0xEB, 0xE9, 0x90,
  'V', 'I', 'R', 'E', 'O', '-', 'S', 'T', 'A', 'T', 'S', '-',
  'I', 'D', 'L', 'E', '-', 'H', 'A', 'L', 'T', 'E', 'D', '\r', '\n', 0,
};

static void
unlink_images (void)
{
  for (guint i = 0; i < N_GUESTS; i++)
    if (image_path[i][0] != '\0')
      unlink (image_path[i]);   /* async-signal-safe */
}

static void
on_fatal_signal (int sig)
{
  unlink_images ();
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
remove_guests (void)
{
  for (guint i = 0; i < N_GUESTS; i++)
    live_remove_guest (raw, guest_name[i]);
}

static void
cleanup_at_exit (void)
{
  remove_guests ();
  unlink_images ();
  if (raw != NULL)
    virConnectClose (raw);
  raw = NULL;
}

static void
write_image (GuestKind     kind,
             const guint8 *code,
             gsize         len)
{
  g_autofree guint8 *data = g_malloc0 (IMAGE_SIZE);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (len, <=, 446);
  memcpy (data, code, len);
  data[510] = 0x55;
  data[511] = 0xAA;
  /* sector 2 onwards: something to read */
  memset (data + 512, 0x5A, IMAGE_SIZE - 512);
  g_snprintf (image_path[kind], sizeof image_path[kind], IMAGE_DIR "/vireo-live-stats-%d-%s.img",
              (int) getpid (), guest_suffix[kind]);
  if (!g_file_set_contents (image_path[kind], (const char *) data, IMAGE_SIZE, &error))
    g_error ("could not write %s: %s", image_path[kind], error->message);
  g_assert_cmpint (chmod (image_path[kind], 0644), ==, 0);
}

static void
define_guest (GuestKind kind)
{
  const char *type = live_domain_type ();
  g_autofree char *devices = NULL;
  g_autofree char *xml = NULL;
  virDomainPtr dom;

  if (kind == GUEST_NET)
    {
      /* iPXE's ROM init hangs for minutes under nested KVM (platform notes):
       * this one always runs under TCG */
      type = "qemu";
      devices = g_strdup ("<interface type='ethernet'><model type='virtio'/></interface>");
    }
  else
    devices = g_strdup_printf (
      "<disk type='file' device='disk'>"
      "  <driver name='qemu' type='raw'/>"
      "  <source file='%s'/>"
      "  <target dev='vda' bus='virtio'/>"
      "</disk>", image_path[kind]);

  xml = g_strdup_printf (
    "<domain type='%s'>"
    "  <name>%s</name>"
    "  <title>Vireo live stats test guest (%s)</title>"
    "  <memory unit='MiB'>64</memory>"
    "  <vcpu>1</vcpu>"
    "  <os><type arch='x86_64'>hvm</type><boot dev='%s'/></os>"
    "  <on_poweroff>destroy</on_poweroff>"
    "  <devices>"
    "    <emulator>/usr/bin/qemu-system-x86_64</emulator>"
    "    %s"
    "    <serial type='pty'/>"
    "    <memballoon model='virtio'/>"
    "  </devices>"
    "</domain>", type, guest_name[kind], guest_suffix[kind],
    kind == GUEST_NET ? "network" : "hd", devices);
  dom = virDomainDefineXML (raw, xml);
  if (dom == NULL)
    g_error ("could not define %s: %s", guest_name[kind], virGetLastErrorMessage ());
  virDomainFree (dom);
}

/* -- raw counters, read by the test itself ---------------------------------- */

static gboolean
raw_counter (GuestKind           kind,
             unsigned int        stats,
             const char         *field,
             unsigned long long *value)
{
  virDomainPtr dom = virDomainLookupByName (raw, guest_name[kind]);
  virDomainPtr doms[2] = { dom, NULL };
  virDomainStatsRecordPtr *records = NULL;
  gboolean found = FALSE;

  *value = 0;
  if (dom == NULL)
    return FALSE;
  if (virDomainListGetStats (doms, stats, &records, 0) == 1)
    found = virTypedParamsGetULLong (records[0]->params, records[0]->nparams, field, value) == 1;
  virDomainStatsRecordListFree (records);
  virDomainFree (dom);
  virResetLastError ();
  return found;
}

/* -- waiting on the sampler ------------------------------------------------- */

static void
on_tick (VireoStatsSampler *s,
         gpointer           user_data)
{
  n_ticks++;
}

static gboolean
ticks_reached (gpointer data)
{
  return n_ticks >= GPOINTER_TO_UINT (data);
}

static void
wait_ticks (guint n)
{
  guint target = n_ticks + n;

  /* 1 s interval: n ticks take n seconds; allow a slow libvirt */
  if (!live_wait_until (ticks_reached, GUINT_TO_POINTER (target), n * 1000 + 15000))
    g_error ("the sampler ticked %u times instead of %u", n_ticks - (target - n), n);
}

static double
current (GuestKind kind,
         VireoStat stat)
{
  return vireo_domain_stats_get_current (vireo_domain_get_stats (guest[kind]), stat);
}

static const char *
groups_text (guint mask)
{
  static char buf[128];

  g_snprintf (buf, sizeof buf, "0x%x:%s%s%s%s%s", mask,
              mask & VIR_DOMAIN_STATS_STATE ? " state" : "",
              mask & VIR_DOMAIN_STATS_CPU_TOTAL ? " cpu-total" : "",
              mask & VIR_DOMAIN_STATS_BALLOON ? " balloon" : "",
              mask & VIR_DOMAIN_STATS_BLOCK ? " block" : "",
              mask & VIR_DOMAIN_STATS_INTERFACE ? " interface" : "");
  return buf;
}

static gboolean
domain_running (gpointer data)
{
  return vireo_domain_get_state (data) == VIREO_DOMAIN_STATE_RUNNING;
}

static void
start_guest (GuestKind kind)
{
  virDomainPtr dom = virDomainLookupByName (raw, guest_name[kind]);

  g_assert_nonnull (dom);
  if (virDomainCreate (dom) < 0)
    g_error ("could not start %s: %s", guest_name[kind], virGetLastErrorMessage ());
  virDomainFree (dom);
  g_assert_true (live_wait_until (domain_running, guest[kind], 15000));
}

/* -- the steps, in order ---------------------------------------------------- */

static void
test_open (void)
{
  g_autoptr(GError) error = NULL;

  conn = vireo_connection_new (URI);
  live_open (conn, 60000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_CONNECTED);

  for (guint i = 0; i < N_GUESTS; i++)
    {
      guest[i] = live_find_domain (conn, guest_name[i]);
      g_assert_nonnull (guest[i]);
      g_object_ref (guest[i]);
    }

  sampler = vireo_connection_get_sampler (conn);
  g_assert_nonnull (sampler);
  g_signal_connect (sampler, "tick", G_CALLBACK (on_tick), NULL);
  vireo_stats_sampler_set_interval (sampler, 1);
  vireo_stats_sampler_set_groups (sampler, VIREO_STATS_GROUP_ALL);
  g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 1);
  g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==, VIREO_STATS_GROUP_ALL);
  /* the sampler ticks by itself */
  wait_ticks (2);
}

/* the busy guest's loop runs: libvirt's read counter went past its boot
 * reads (the firmware's few sectors) and keeps rising */
static gboolean
busy_reading (gpointer data)
{
  static unsigned long long first;
  unsigned long long rd = 0;

  if (!raw_counter (GUEST_BUSY, VIR_DOMAIN_STATS_BLOCK, "block.0.rd.bytes", &rd) || rd == 0)
    return FALSE;
  if (first == 0)
    first = rd;
  return rd >= first + 64 * 512;
}

static void
test_cpu_and_disk (void)
{
  unsigned long long rd0 = 0, rd1 = 0, idle_rd0 = 0, idle_rd1 = 0;
  VireoStatsSeries *busy_cpu;
  double busy_cpu_pct, idle_cpu_pct, busy_read, idle_read, busy_mem, idle_mem;
  double busy_cpu_min = 100.0;

  start_guest (GUEST_BUSY);
  start_guest (GUEST_IDLE);

  /* conditions, not time (a loaded host or TCG boots slowly): the idle
   * guest has read its boot sector and says it halted; the busy one is in
   * its read loop */
  g_free (live_serial_until (guest[GUEST_IDLE], IDLE_MARKER, 120000, 0));
  g_assert_true (live_wait_until (busy_reading, NULL, 120000));
  /* one whole tick inside the loop: each rate the sampler shows from here
   * on is the loop's, not the boot's */
  wait_ticks (2);

  g_assert_true (raw_counter (GUEST_BUSY, VIR_DOMAIN_STATS_BLOCK, "block.0.rd.bytes", &rd0));
  g_assert_true (raw_counter (GUEST_IDLE, VIR_DOMAIN_STATS_BLOCK, "block.0.rd.bytes", &idle_rd0));
  wait_ticks (5);
  g_assert_true (raw_counter (GUEST_BUSY, VIR_DOMAIN_STATS_BLOCK, "block.0.rd.bytes", &rd1));
  g_assert_true (raw_counter (GUEST_IDLE, VIR_DOMAIN_STATS_BLOCK, "block.0.rd.bytes", &idle_rd1));

  busy_cpu_pct = current (GUEST_BUSY, VIREO_STAT_CPU);
  idle_cpu_pct = current (GUEST_IDLE, VIREO_STAT_CPU);
  busy_read = current (GUEST_BUSY, VIREO_STAT_DISK_READ);
  idle_read = current (GUEST_IDLE, VIREO_STAT_DISK_READ);
  busy_mem = current (GUEST_BUSY, VIREO_STAT_MEMORY);
  idle_mem = current (GUEST_IDLE, VIREO_STAT_MEMORY);

  /* the last 5 CPU values of the busy guest, all of them high */
  busy_cpu = vireo_domain_stats_get_series (vireo_domain_get_stats (guest[GUEST_BUSY]), VIREO_STAT_CPU);
  g_assert_cmpuint (vireo_stats_series_get_n_values (busy_cpu), >=, 5);
  for (guint i = vireo_stats_series_get_n_values (busy_cpu) - 5;
       i < vireo_stats_series_get_n_values (busy_cpu); i++)
    busy_cpu_min = MIN (busy_cpu_min, vireo_stats_series_get (busy_cpu, i));

  g_test_message ("busy: cpu %.1f %% (lowest of the last 5 ticks %.1f %%), host cpu %.1f %%, "
                  "disk read %.0f B/s, write %.0f B/s, memory %.0f KiB",
                  busy_cpu_pct, busy_cpu_min, current (GUEST_BUSY, VIREO_STAT_HOST_CPU),
                  busy_read, current (GUEST_BUSY, VIREO_STAT_DISK_WRITE), busy_mem);
  g_test_message ("idle: cpu %.1f %%, host cpu %.1f %%, disk read %.0f B/s, memory %.0f KiB",
                  idle_cpu_pct, current (GUEST_IDLE, VIREO_STAT_HOST_CPU), idle_read, idle_mem);
  g_test_message ("libvirt block.0.rd.bytes over 5 ticks: busy %llu -> %llu (+%llu), idle %llu -> %llu",
                  rd0, rd1, rd1 - rd0, idle_rd0, idle_rd1);
  g_test_message ("request mask: %s", groups_text (vireo_stats_sampler_get_last_request (sampler)));

  /* CPU: a guest that never rests against one that halts */
  g_assert_false (isnan (busy_cpu_pct));
  g_assert_false (isnan (idle_cpu_pct));
  /* how much CPU the guest that never rests gets is the host's to say (a
   * loaded 2-core host running TCG gives its vCPU thread a fifth of a
   * core): against the halted guest, measured over the same ticks, and a
   * floor no scheduler goes under */
  g_assert_cmpfloat (busy_cpu_pct, >, 10.0);
  g_assert_cmpfloat (busy_cpu_pct, >, 5 * idle_cpu_pct);
  /* every tick, not one lucky one */
  g_assert_cmpfloat (busy_cpu_min, >, 5.0);
  g_assert_cmpfloat (busy_cpu_min, >, 3 * idle_cpu_pct);
  g_assert_cmpfloat (idle_cpu_pct, <, 10.0);
  g_assert_cmpfloat (busy_cpu_pct, <=, 100.0);
  g_assert_cmpfloat (idle_cpu_pct, >=, 0.0);

  /* disk: libvirt's counter rose and Vireo shows a rate; the halted guest
   * read its boot sector before it said so, and nothing since */
  g_assert_cmpuint (rd1, >, rd0);
  g_assert_false (isnan (busy_read));
  g_assert_cmpfloat (busy_read, >, 0.0);
  g_assert_cmpuint (idle_rd0, >=, 512);
  g_assert_cmpuint (idle_rd1, ==, idle_rd0);
  g_assert_cmpfloat (idle_read, ==, 0.0);
  /* the rates Vireo showed over those ticks average about what libvirt
   * counted (within 3x: its ticks and our two reads are not aligned; the
   * mean, not one tick, so a loaded host delaying one tick does not fail) */
  {
    VireoStatsSeries *reads = vireo_domain_stats_get_series (vireo_domain_get_stats (guest[GUEST_BUSY]),
                                                             VIREO_STAT_DISK_READ);
    guint n = vireo_stats_series_get_n_values (reads);
    double sum = 0;

    g_assert_cmpuint (n, >=, 5);
    for (guint i = n - 5; i < n; i++)
      sum += vireo_stats_series_get (reads, i);
    g_test_message ("disk read, mean of the last 5 ticks: %.0f B/s", sum / 5);
    g_assert_cmpfloat (sum / 5, >, (rd1 - rd0) / 5.0 / 3.0);
    g_assert_cmpfloat (sum / 5, <, (rd1 - rd0) / 5.0 * 3.0);
  }

  /* memory: known for both, no more than the 64 MiB they have */
  g_assert_false (isnan (busy_mem));
  g_assert_false (isnan (idle_mem));
  g_assert_cmpfloat (busy_mem, >, 0.0);
  g_assert_cmpfloat (idle_mem, >, 0.0);
  g_assert_cmpfloat (busy_mem, <=, 64.0 * 1024);
  g_assert_cmpfloat (idle_mem, <=, 64.0 * 1024);

  /* everything was asked of libvirt */
  g_assert_cmpuint (vireo_stats_sampler_get_last_request (sampler) & VIR_DOMAIN_STATS_BLOCK, !=, 0);
  g_assert_cmpuint (vireo_stats_sampler_get_last_request (sampler) & VIR_DOMAIN_STATS_INTERFACE, !=, 0);
  g_assert_cmpuint (vireo_stats_sampler_get_last_request (sampler) & VIR_DOMAIN_STATS_CPU_TOTAL, !=, 0);
}

static gboolean
net_counter_rose (gpointer data)
{
  unsigned long long tx = 0;
  VireoStatsSeries *series =
    vireo_domain_stats_get_series (vireo_domain_get_stats (guest[GUEST_NET]), VIREO_STAT_NET_TX);

  raw_counter (GUEST_NET, VIR_DOMAIN_STATS_INTERFACE, "net.0.tx.bytes", &tx);
  return tx > 0 && vireo_stats_series_get_max (series) > 0;
}

static void
test_network (void)
{
  virDomainPtr dom = virDomainLookupByName (raw, guest_name[GUEST_NET]);
  unsigned long long tx = 0, rx = 0;
  VireoStatsSeries *series;

  g_assert_nonnull (dom);
  if (virDomainCreate (dom) < 0)
    {
      g_autofree char *reason =
        g_strdup_printf ("the network guest (tap device, <interface type='ethernet'>) "
                         "could not start: %s", virGetLastErrorMessage ());
      virDomainFree (dom);
      virResetLastError ();
      g_test_skip (reason);
      return;
    }
  virDomainFree (dom);
  g_assert_true (live_wait_until (domain_running, guest[GUEST_NET], 15000));

  /* iPXE (under TCG) sends DHCP discovers within 10-20 s of power-on */
  if (!live_wait_until (net_counter_rose, NULL, 60000))
    {
      raw_counter (GUEST_NET, VIR_DOMAIN_STATS_INTERFACE, "net.0.tx.bytes", &tx);
      g_test_message ("libvirt net.0.tx.bytes after 60 s: %llu", tx);
      if (tx == 0)
        {
          g_test_skip ("the network guest sent no packet within 60 s "
                       "(iPXE did not get to DHCP on this machine): no counter to watch");
          return;
        }
      g_error ("libvirt counted %llu bytes sent, but Vireo's tx series stayed at 0", tx);
    }
  series = vireo_domain_stats_get_series (vireo_domain_get_stats (guest[GUEST_NET]), VIREO_STAT_NET_TX);
  raw_counter (GUEST_NET, VIR_DOMAIN_STATS_INTERFACE, "net.0.tx.bytes", &tx);
  raw_counter (GUEST_NET, VIR_DOMAIN_STATS_INTERFACE, "net.0.rx.bytes", &rx);
  g_test_message ("net guest: libvirt tx %llu B, rx %llu B; Vireo tx peak %.0f B/s, now %.0f B/s, rx now %.0f B/s",
                  tx, rx, vireo_stats_series_get_max (series),
                  current (GUEST_NET, VIREO_STAT_NET_TX), current (GUEST_NET, VIREO_STAT_NET_RX));
  g_assert_cmpfloat (vireo_stats_series_get_max (series), >, 0.0);
  /* a few DHCP packets, not an absurd spike */
  g_assert_cmpfloat (vireo_stats_series_get_max (series), <, 10.0 * 1024 * 1024);
  g_assert_cmpuint (tx, >, 0);

  /* done with it: give the CPU back */
  dom = virDomainLookupByName (raw, guest_name[GUEST_NET]);
  virDomainDestroy (dom);
  virDomainFree (dom);
}

static void
test_groups_off (void)
{
  VireoStatsSeries *disk =
    vireo_domain_stats_get_series (vireo_domain_get_stats (guest[GUEST_BUSY]), VIREO_STAT_DISK_READ);
  VireoStatsSeries *cpu =
    vireo_domain_stats_get_series (vireo_domain_get_stats (guest[GUEST_BUSY]), VIREO_STAT_CPU);
  guint mask, disk_n, cpu_n;

  mask = vireo_stats_sampler_get_last_request (sampler);
  g_test_message ("all groups on: %s", groups_text (mask));
  g_assert_cmpuint (mask & VIR_DOMAIN_STATS_BLOCK, !=, 0);
  g_assert_cmpuint (mask & VIR_DOMAIN_STATS_INTERFACE, !=, 0);

  vireo_stats_sampler_set_groups (sampler, VIREO_STATS_GROUP_CPU);
  g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==, VIREO_STATS_GROUP_CPU);
  /* a tick already under way may still carry the old mask */
  wait_ticks (2);
  mask = vireo_stats_sampler_get_last_request (sampler);
  g_test_message ("CPU only: %s", groups_text (mask));
  g_assert_cmpuint (mask & VIR_DOMAIN_STATS_BLOCK, ==, 0);
  g_assert_cmpuint (mask & VIR_DOMAIN_STATS_INTERFACE, ==, 0);
  g_assert_cmpuint (mask & VIR_DOMAIN_STATS_BALLOON, ==, 0);
  g_assert_cmpuint (mask & VIR_DOMAIN_STATS_CPU_TOTAL, !=, 0);

  disk_n = vireo_stats_series_get_n_values (disk);
  cpu_n = vireo_stats_series_get_n_values (cpu);
  wait_ticks (3);
  g_test_message ("over 3 ticks: disk series %u -> %u values, cpu series %u -> %u values (capacity %u)",
                  disk_n, vireo_stats_series_get_n_values (disk),
                  cpu_n, vireo_stats_series_get_n_values (cpu), vireo_stats_series_get_capacity (cpu));
  /* the disk series got nothing, the CPU series went on */
  g_assert_cmpuint (vireo_stats_series_get_n_values (disk), ==, disk_n);
  if (cpu_n < vireo_stats_series_get_capacity (cpu))
    g_assert_cmpuint (vireo_stats_series_get_n_values (cpu), >, cpu_n);
  g_assert_false (isnan (current (GUEST_BUSY, VIREO_STAT_CPU)));
  g_assert_false (isnan (current (GUEST_IDLE, VIREO_STAT_CPU)));
  g_test_message ("CPU only: busy %.1f %%, idle %.1f %%",
                  current (GUEST_BUSY, VIREO_STAT_CPU), current (GUEST_IDLE, VIREO_STAT_CPU));
  /* still the busy guest's figure (the host decides how much it gets) */
  g_assert_cmpfloat (current (GUEST_BUSY, VIREO_STAT_CPU), >, 10.0);
  g_assert_cmpfloat (current (GUEST_BUSY, VIREO_STAT_CPU), >, 5 * current (GUEST_IDLE, VIREO_STAT_CPU));
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  live_test_init (&argc, &argv);
  vireo_core_init ();

  raw = live_connect_or_skip (URI);
  atexit (cleanup_at_exit);
  signal (SIGABRT, on_fatal_signal);
  signal (SIGTERM, on_fatal_signal);
  signal (SIGINT, on_fatal_signal);

  for (guint i = 0; i < N_GUESTS; i++)
    guest_name[i] = g_strdup_printf ("vireo-live-stats-%d-%s", (int) getpid (), guest_suffix[i]);
  write_image (GUEST_BUSY, busy_code, sizeof busy_code);
  write_image (GUEST_IDLE, idle_code, sizeof idle_code);
  for (guint i = 0; i < N_GUESTS; i++)
    define_guest (i);
  g_test_message ("guests %s, %s (type %s) and %s (type qemu)",
                  guest_name[GUEST_BUSY], guest_name[GUEST_IDLE],
                  live_domain_type (), guest_name[GUEST_NET]);

  g_test_add_func ("/live/stats/open", test_open);
  g_test_add_func ("/live/stats/cpu-and-disk", test_cpu_and_disk);
  g_test_add_func ("/live/stats/network", test_network);
  g_test_add_func ("/live/stats/groups-off", test_groups_off);

  rc = g_test_run ();

  for (guint i = 0; i < N_GUESTS; i++)
    g_clear_object (&guest[i]);
  if (conn != NULL)
    {
      vireo_connection_close (conn);
      g_object_unref (conn);
    }
  return rc;
}
