#!/usr/bin/env python3
# bench-list.py — Vireo against virt-manager on libvirt's test driver
# SPDX-License-Identifier: GPL-3.0-or-later
#
# For each size N (10, 100, 1000, 5000 VMs; --quick: 10, 100, 1000 and a 10 s
# idle window) writes a test-driver host file (each VM with a disk and a NIC,
# a third of them running), then starts Vireo and virt-manager on it, one
# after the other, each under its own Xvfb, in an isolated home with default
# settings (3 s polling, CPU only, for both) and measures:
#   - start-up: launch until the window lists every VM (Vireo: its
#     VIREO_BENCH_READY line; virt-manager: its --debug "Showing manager");
#   - VmRSS and RssAnon 2 s after that and after the idle window;
#   - CPU seconds (the process CPU-time clock, all threads) in the idle window;
#   - the longest main-loop stall in the idle window (Vireo: measured inside
#     the app, VIREO_BENCH_STALLS=1; virt-manager: _NET_WM_PING answer time,
#     x11-ping.c, one ping every 50 ms).
# Vireo runs once per GSK renderer in --renderers (default: GTK's own choice,
# which under Xvfb is GL on Mesa's llvmpipe, a software rasteriser, and
# cairo, which is what virt-manager, a GTK 3 app, draws with).
# Prints a table per size and the targets of issue 3.  A benchmark, not a
# test: it never fails on slow figures (exit status 0 when it ran).
#
# usage: tests/bench/bench-list.py [--quick] [--sizes 10,100] [--idle 60]
#            [--build build] [--interval 3] [--renderers default,cairo]
#            [--no-virt-manager] [--baseline BUILD] [--json FILE] [--keep]

import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

SETTLE = 2.0   # seconds after "ready" before the first memory reading


def write_host(path, n):
    """A test-driver node file with N VMs: disk + NIC each, every third running."""
    with open(path, 'w') as f:
        f.write("<?xml version='1.0' encoding='UTF-8'?>\n<node>\n"
                "  <cpu><mhz>2400</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets>"
                "<cores>8</cores><threads>2</threads></cpu>\n"
                "  <memory>33554432</memory>\n")
        for i in range(n):
            running = i % 3 == 0
            f.write(
                "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
                "    <name>bench-vm-%05d</name>\n"
                "    <uuid>%s</uuid>\n"
                "    <test:runstate>%d</test:runstate>\n"
                "    <memory unit='MiB'>1024</memory><currentMemory unit='MiB'>1024</currentMemory>\n"
                "    <vcpu>1</vcpu>\n"
                "    <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>\n"
                "    <devices>\n"
                "      <disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                "<source file='/var/lib/libvirt/images/bench-vm-%05d.qcow2'/>"
                "<target dev='vda' bus='virtio'/></disk>\n"
                "      <interface type='network'><mac address='52:54:00:%02x:%02x:%02x'/>"
                "<source network='default'/><model type='virtio'/></interface>\n"
                "    </devices>\n"
                "  </domain>\n" % (i, uuid.UUID(int=(0x5f1e << 112) | i), 1 if running else 5, i,
                                   (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff))
        f.write("</node>\n")


def ensure_virt_manager():
    if shutil.which('virt-manager'):
        return True
    if os.geteuid() != 0:
        B.log('virt-manager is not installed and we are not root: only Vireo is measured')
        return False
    B.log('installing virt-manager (apt-get, --no-install-recommends)')
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    r = subprocess.run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', 'virt-manager'],
                       env=env, capture_output=True, text=True)
    if r.returncode != 0:
        subprocess.run(['apt-get', 'update', '-q'], env=env, capture_output=True)
        r = subprocess.run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', 'virt-manager'],
                           env=env, capture_output=True, text=True)
    if r.returncode != 0 or not shutil.which('virt-manager'):
        B.log('could not install virt-manager:', r.stderr.strip()[-500:])
        return False
    return True


def measure(app_name, label, argv, env, n, args, workdir, ping_bin):
    """Runs one app on one host file; returns a dict of figures."""
    res = {'app': label, 'n': n}
    xvfb = B.Xvfb()
    app = None
    try:
        env = B.isolated_env(os.path.join(workdir, '%s-%d' % (label, n)), xvfb.display, env)
        app = B.App('%s-%d' % (label, n), argv, env, workdir)
        if app_name == 'vireo':
            def ready(tag, line):
                return tag == 'out' and line.startswith('READY ')
        else:
            def ready(tag, line):
                return 'Showing manager' in line
        t, line = app.wait_line(ready, args.start_timeout)
        if t is None:
            res['error'] = 'no ready line within %d s (log: %s)' % (args.start_timeout, app.log_path)
            B.log(app_name, n, res['error'])
            return res
        if app_name == 'vireo':
            parts = line.split()
            res['startup_s'] = float(parts[1]) - app.t_launch
            rows = [p for p in parts if p.startswith('rows=')]
            res['rows'] = int(rows[0][5:]) if rows else None
            if res['rows'] != n:
                B.log('vireo reported rows=%s, expected %d' % (res['rows'], n))
        else:
            res['startup_s'] = t - app.t_launch
        time.sleep(SETTLE)
        st = B.proc_status(app.pid)
        res['rss_start_kib'] = st.get('VmRSS')
        res['anon_start_kib'] = st.get('RssAnon')

        # the idle window
        ping = None
        if app_name == 'vireo':
            app.signal(signal.SIGUSR1)          # start a fresh stall window
            app.wait_line(lambda tag, l: l.startswith('STALL_MAX_MS'), 10)
        elif ping_bin:
            ping = subprocess.Popen([ping_bin, str(app.pid), '50', str(int(args.idle))],
                                    env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        cpu0 = B.proc_cpu_seconds(app.pid)
        t0 = time.monotonic()
        time.sleep(args.idle)
        cpu1 = B.proc_cpu_seconds(app.pid)
        t1 = time.monotonic()
        if cpu0 is not None and cpu1 is not None:
            res['idle_cpu_s'] = (cpu1 - cpu0) * 60.0 / (t1 - t0)   # per idle minute
            res['idle_window_s'] = t1 - t0
        st = B.proc_status(app.pid)
        res['rss_idle_kib'] = st.get('VmRSS')
        res['anon_idle_kib'] = st.get('RssAnon')
        if app_name == 'vireo':
            app.signal(signal.SIGUSR1)
            _, line = app.wait_line(lambda tag, l: l.startswith('STALL_MAX_MS'), 10)
            if line:
                kv = dict(p.split('=', 1) for p in line.split()[2:] if '=' in p)
                res['stall_ms'] = float(line.split()[1])
                res['renderer'] = kv.get('renderer')
                res['wakeups_per_s'] = int(kv.get('wakeups', 0)) / max(float(kv.get('seconds', 1)), 0.001)
            else:
                res['stall_note'] = 'no STALL_MAX_MS line (VIREO_BENCH_STALLS support missing?)'
        else:
            res['renderer'] = 'GTK 3 (cairo)'
            if ping:
                out, err = ping.communicate(timeout=args.idle + 120)
                line = out.strip().splitlines()[-1] if out.strip() else ''
                if line.startswith('PING_MAX_MS') and line.split()[1] != 'n/a':
                    res['stall_ms'] = float(line.split()[1])
                    res['ping'] = line
                else:
                    res['stall_note'] = line or err.strip()
        res['alive'] = app.alive()
        return res
    finally:
        if app:
            app.stop()
        xvfb.stop()


def per_size_rows(vs, m):
    """Rows for one size: VS is [(label, figures)] of Vireo runs, M virt-manager's."""
    def kib_mb(x):
        return None if x is None else x / 1024.0

    rows = []
    targets = {
        'startup_s': {1000: ('<= 1/4', 0.25), 5000: ('<= 1/15', 1 / 15.0)},
        'idle_cpu_s': {1000: ('<= 1/20', 0.05), 5000: ('<= 1/20', 0.05)},
    }
    n = m.get('n')
    for key, label, conv in (
            ('startup_s', 'start-up until all VMs listed (s)', None),
            ('rss_start_kib', 'VmRSS after start (MB)', kib_mb),
            ('anon_start_kib', 'RssAnon after start (MB)', kib_mb),
            ('rss_idle_kib', 'VmRSS after idle window (MB)', kib_mb),
            ('anon_idle_kib', 'RssAnon after idle window (MB)', kib_mb),
            ('idle_cpu_s', 'CPU s per idle minute', None),
            ('stall_ms', 'longest main-loop stall, idle (ms)', None)):
        b = m.get(key)
        if conv:
            b = conv(b)
        row = [label]
        ratios, mets = [], []
        for _, v in vs:
            a = v.get(key)
            if conv:
                a = conv(a)
            row.append(B.fmt(a))
            r = B.ratio(a, b)
            ratios.append(B.fmt(r))
            if key in targets and n in targets[key]:
                limit = targets[key][n][1]
                mets.append('n/a' if r is None else ('yes' if r <= limit else 'NO'))
            elif key == 'stall_ms':
                mets.append('n/a' if a is None else ('yes' if a < 20 else 'NO'))
        if b is None and key == 'stall_ms':
            row.append(m.get('stall_note', 'n/a')[:40])
        else:
            row.append(B.fmt(b))
        target = ''
        if key in targets and n in targets[key]:
            target = targets[key][n][0]
        elif key == 'stall_ms':
            target = '< 20 ms (Vireo)'
        rows.append(row + ratios + [target, ' / '.join(mets)])
    rows.append(['renderer'] + [v.get('renderer') or 'n/a' for _, v in vs] +
                [m.get('renderer') or 'n/a'] + [''] * len(vs) + ['', ''])
    return rows


def headers(vs):
    return (['metric'] + ['Vireo (%s)' % l for l, _ in vs] + ['virt-manager'] +
            ['ratio (%s)' % l for l, _ in vs] + ['target', 'met?'])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--quick', action='store_true', help='sizes 10,100,1000 and a 10 s idle window')
    ap.add_argument('--sizes', help='comma-separated VM counts (default 10,100,1000,5000)')
    ap.add_argument('--idle', type=float, help='idle window in seconds (default 60, --quick 10)')
    ap.add_argument('--build', default=os.path.join(B.SOURCE_ROOT, 'build'), help='Vireo build dir')
    ap.add_argument('--interval', type=int, default=3, help='polling interval for both (s)')
    ap.add_argument('--start-timeout', type=int, default=300)
    ap.add_argument('--no-virt-manager', action='store_true')
    ap.add_argument('--renderers', default='default,cairo',
                    help='Vireo runs, one per GSK_RENDERER value ("default": GTK chooses; '
                         'under Xvfb that is GL on Mesa llvmpipe, software). virt-manager is GTK 3: cairo')
    ap.add_argument('--baseline', metavar='BUILD',
                    help="also run the Vireo of another build dir after this build's, on the same "
                         'host files (before/after comparisons in one run)')
    ap.add_argument('--json', help='write the figures here')
    ap.add_argument('--keep', action='store_true', help='keep the work dir (logs, host files)')
    args = ap.parse_args()
    sizes = [int(s) for s in (args.sizes or ('10,100,1000' if args.quick else '10,100,1000,5000')).split(',')]
    if args.idle is None:
        args.idle = 10.0 if args.quick else 60.0

    vireo = B.find_vireo(os.path.abspath(args.build))
    schema_dir = os.path.join(os.path.abspath(args.build), 'data')
    baseline = None
    if args.baseline:
        baseline = (B.find_vireo(os.path.abspath(args.baseline)),
                    os.path.join(os.path.abspath(args.baseline), 'data'))
    for tool in ('Xvfb', 'gcc'):
        if not shutil.which(tool):
            B.die('%s is missing (packages xvfb, gcc)' % tool)
    have_vm = not args.no_virt_manager and ensure_virt_manager()
    workdir = B.make_workdir('vireo-bench-list.')
    results = []
    try:
        ping_bin = None
        if have_vm:
            try:
                ping_bin = B.build_c('x11-ping', workdir, ['-lX11'])
            except SystemExit:
                B.log('x11-ping did not build (libx11-dev?): no stall figure for virt-manager')
        print('# bench-list: %s' % B.machine_line())
        print('# %s, idle window %.0f s, polling every %d s (both), sizes %s'
              % (datetime.datetime.now().strftime('%Y-%m-%d %H:%M'), args.idle, args.interval,
                 ','.join(map(str, sizes))))
        if have_vm:
            vmver = subprocess.run(['virt-manager', '--version'], capture_output=True, text=True,
                                   env=dict(os.environ, DISPLAY='')).stdout.strip()
            print('# virt-manager %s' % vmver)
        sys.stdout.flush()

        for n in sizes:
            host = os.path.join(workdir, 'host-%d.xml' % n)
            write_host(host, n)
            uri = 'test://' + host
            vs = []
            # this build, then --baseline's (same host file, same run)
            runs = [(renderer, 'vireo-' + renderer, vireo, schema_dir)
                    for renderer in args.renderers.split(',')]
            if baseline:
                runs += [('baseline ' + renderer, 'baseline-' + renderer) + baseline
                         for renderer in args.renderers.split(',')]
            for key, label, binary, schemas in runs:
                renderer = key.split()[-1]
                venv = {'VIREO_BENCH_READY': '1', 'VIREO_BENCH_STALLS': '1',
                        'GSETTINGS_SCHEMA_DIR': schemas}
                if renderer != 'default':
                    venv['GSK_RENDERER'] = renderer
                if args.interval == 3:
                    venv['GSETTINGS_BACKEND'] = 'memory'      # defaults: 3 s, CPU only
                else:
                    venv['GSETTINGS_BACKEND'] = 'keyfile'
                    kf = os.path.join(workdir, '%s-%d' % (label, n), 'config', 'glib-2.0', 'settings')
                    os.makedirs(kf, exist_ok=True)
                    with open(os.path.join(kf, 'keyfile'), 'w') as f:
                        f.write('[org/vireo/Vireo]\nstats-interval=uint32 %d\n' % args.interval)
                B.log('N=%d: %s, GSK renderer %s' % (n, 'baseline' if key != renderer else 'Vireo',
                                                     renderer))
                vs.append((key, measure('vireo', label, [binary, '--connect', uri], venv, n,
                                        args, workdir, None)))
            m = {'n': n}
            if have_vm:
                B.log('N=%d: virt-manager' % n)
                menv = {'GSETTINGS_BACKEND': 'memory'}
                if args.interval != 3:
                    B.log('virt-manager keeps its default 3 s polling (memory settings backend)')
                m = measure('virt-manager', 'virt-manager', ['virt-manager', '--debug', '--no-fork',
                                                             '--connect', uri],
                            menv, n, args, workdir, ping_bin)
            results.append({'n': n, 'vireo': dict(vs), 'virt-manager': m})
            print('\n## %d VMs' % n)
            B.print_table(headers(vs), per_size_rows(vs, m))
            for _, r in vs + [('', m)]:
                if r.get('error'):
                    print('# %s: %s' % (r.get('app'), r['error']))
            sys.stdout.flush()

        # private memory per VM: slope between the two largest sizes (both
        # fill the window with rows, so widgets do not count, only per-VM data)
        if len(results) >= 2:
            lo, hi = results[-2], results[-1]
            dn = hi['n'] - lo['n']

            def slope(fig):
                a, b = fig[0].get('anon_idle_kib'), fig[1].get('anon_idle_kib')
                return None if a is None or b is None else (b - a) * 1024.0 / dn / 1000.0   # kB/VM

            sm = slope((lo['virt-manager'], hi['virt-manager']))
            rows = []
            for renderer in args.renderers.split(','):
                sv = slope((lo['vireo'][renderer], hi['vireo'][renderer]))
                r = B.ratio(sv, sm)
                rows.append(['private memory per VM (kB), Vireo (%s)' % renderer, B.fmt(sv), B.fmt(sm),
                             B.fmt(r), '<= 1/3', 'n/a' if r is None else ('yes' if r <= 1 / 3.0 else 'NO')])
            print('\n## growth per VM (%d -> %d VMs, RssAnon after the idle window)' % (lo['n'], hi['n']))
            B.print_table(['metric', 'Vireo', 'virt-manager', 'ratio', 'target', 'met?'], rows)
        if args.json:
            with open(args.json, 'w') as f:
                json.dump({'machine': B.machine_line(), 'date': datetime.datetime.now().isoformat(),
                           'idle_s': args.idle, 'interval': args.interval, 'results': results}, f, indent=1)
    finally:
        B.remove_workdir(workdir, args.keep)
    return 0


if __name__ == '__main__':
    sys.exit(main())
