#!/usr/bin/env python3
# bench-display.py — Vireo's console display against remote-viewer, same RFB stream
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/bench/bench-display.py [--seconds 5] [--build build] [--renderers default,cairo]
#                              [--sizes 1024x768,1920x1080] [--modes full,partial]
#                              [--keys 8] [--keep] [--json FILE]
#
# For every size and mode, tests/bench/rfb-server.c (built with gcc) serves
# one client at a time on 127.0.0.1 and answers every update request at once;
# each client runs under its own Xvfb: Vireo's VireoDisplay on a
# VireoVncSession (tests/bench/display-client.c, linked with the built
# libvireo-ui.a and libvireo-core.a), once per GSK renderer, and
# remote-viewer (virt-viewer, GTK 3 + gtk-vnc). See README.md.

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402

PKG = ['gtk4', 'libadwaita-1', 'gvnc-1.0', 'spice-client-glib-2.0', 'libvirt',
       'libvirt-glib-1.0', 'libxml-2.0', 'libosinfo-1.0', 'libsecret-1', 'vte-2.91-gtk4', 'gtksourceview-5', 'x11']


def build_client(build_dir, workdir):
    ui = os.path.join(build_dir, 'src', 'ui', 'libvireo-ui.a')
    core = os.path.join(build_dir, 'src', 'libvireo-core.a')
    for f in (ui, core):
        if not os.path.exists(f):
            B.die('%s is missing: build Vireo first (ninja -C %s)' % (f, build_dir))
    src = os.path.join(B.SOURCE_ROOT, 'src')
    return B.build_c('display-client', workdir,
                     ['-I' + build_dir] + B.core_includes(B.SOURCE_ROOT)
                     + ['-I' + os.path.join(src, 'ui'), '-I' + os.path.join(src, 'ui', 'console'), ui, core]
                     + B.pkg_libs(*PKG) + ['-lm'])


def ensure_remote_viewer():
    if subprocess.run(['which', 'remote-viewer'], capture_output=True).returncode == 0:
        return
    B.log('installing virt-viewer (apt-get --no-install-recommends)')
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    r = subprocess.run(['apt-get', 'install', '-y', '--no-install-recommends', 'virt-viewer'],
                       env=env, capture_output=True, text=True)
    if r.returncode != 0:
        B.die('cannot install virt-viewer:\n' + r.stderr[-2000:])


def floats(app_lines, tag):
    return [float(line.split()[1]) for t, line in app_lines if line.startswith(tag + ' ')]


def run_one(name, client_argv, extra_env, server_bin, size, mode, args, workdir):
    w, h = size
    logdir = os.path.join(workdir, 'logs')
    os.makedirs(logdir, exist_ok=True)
    tag = '%s-%dx%d-%s' % (name, w, h, mode)
    xvfb = B.Xvfb('2048x1280x24')
    server = client = None
    try:
        server = B.App('server-' + tag, [server_bin, '0', str(w), str(h), mode, str(args.seconds)],
                       os.environ.copy(), logdir)
        _, line = server.wait_line(lambda t, l: l.startswith('PORT '), 10)
        if not line:
            B.die('rfb-server did not start')
        port = line.split()[1]
        env = B.isolated_env(os.path.join(workdir, 'home-' + tag), xvfb.display, extra_env)
        argv = [a.replace('@PORT@', port).replace('@W@', str(w)).replace('@H@', str(h))
                for a in client_argv]
        client = B.App(tag, argv, env, logdir)
        t_start, line = server.wait_line(lambda t, l: l.startswith('START '), 30)
        if not line:
            B.log('%s never asked for an update (see %s)' % (name, client.log_path))
            return None
        cpu0 = B.proc_cpu_seconds(client.pid)
        lines = [(t_start, line)]
        # keys: pointer onto the window (no window manager: focus follows the
        # pointer), then one press every interval, the first after 1 s
        xenv = dict(os.environ, DISPLAY=xvfb.display)
        subprocess.run(['xdotool', 'mousemove', str(w // 2), str(h // 2)], env=xenv)
        injected = []
        interval = max(0.2, (args.seconds - 1.5) / max(1, args.keys))
        t_next = t_start + 1.0
        for _ in range(args.keys):
            while time.monotonic() < t_next:
                t, l = server.wait_line(lambda t, l: True, t_next - time.monotonic())
                if l:
                    lines.append((t, l))
            injected.append(time.monotonic())
            subprocess.run(['xdotool', 'key', 'a'], env=xenv)
            t_next += interval
        t_end, line = server.wait_line(lambda t, l: (lines.append((t, l)) or l.startswith('END ')),
                                       args.seconds + 30)
        cpu1 = B.proc_cpu_seconds(client.pid)
        if not line:
            B.log('%s: the server did not finish (see %s)' % (name, server.log_path))
            return None
        fields = dict(kv.split('=') for kv in line.split()[2:])
        frames = int(fields['frames'])
        seconds = float(fields['seconds'])
        keys = floats(lines, 'KEY')
        acks = floats(lines, 'KEYACK')
        to_server, to_screen = [], []
        for t in injected:
            k = [x for x in keys if x >= t]
            a = [x for x in acks if x >= t]
            if k:
                to_server.append((k[0] - t) * 1000)
            if a:
                to_screen.append((a[0] - t) * 1000)
        cpu = (cpu1 - cpu0) if cpu0 is not None and cpu1 is not None else None
        return {
            'fps': frames / seconds if seconds > 0 else None,
            'cpu_ms_per_frame': cpu * 1000 / frames if cpu is not None and frames else None,
            'cpu_share': cpu / seconds if cpu is not None and seconds > 0 else None,
            'key_to_server_ms': statistics.median(to_server) if to_server else None,
            'key_to_frame_ms': statistics.median(to_screen) if to_screen else None,
            'keys_seen': '%d/%d' % (len(to_screen), len(injected)),
        }
    finally:
        if client:
            client.stop()
        if server:
            server.stop()
        xvfb.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--seconds', type=float, default=5)
    ap.add_argument('--build', default=os.path.join(B.SOURCE_ROOT, 'build'))
    ap.add_argument('--renderers', default='default,cairo')
    ap.add_argument('--sizes', default='1024x768,1920x1080')
    ap.add_argument('--modes', default='full,partial')
    ap.add_argument('--keys', type=int, default=8)
    ap.add_argument('--keep', action='store_true')
    ap.add_argument('--json')
    args = ap.parse_args()

    ensure_remote_viewer()
    for tool in ('Xvfb', 'xdotool', 'gcc'):
        if subprocess.run(['which', tool], capture_output=True).returncode != 0:
            B.die('%s is missing (apt-get install xvfb xdotool gcc)' % tool)
    workdir = B.make_workdir('vireo-bench-display-')
    try:
        server_bin = B.build_c('rfb-server', workdir, [])
        client_bin = build_client(os.path.abspath(args.build), workdir)
        clients = []
        for r in args.renderers.split(','):
            extra = {} if r == 'default' else {'GSK_RENDERER': r}
            clients.append(('vireo-' + r, [client_bin, '127.0.0.1', '@PORT@', '@W@', '@H@'], extra))
        clients.append(('remote-viewer', ['remote-viewer', 'vnc://127.0.0.1:@PORT@'], {}))

        results = {}
        for size_s in args.sizes.split(','):
            size = tuple(int(x) for x in size_s.split('x'))
            for mode in args.modes.split(','):
                for name, argv, extra in clients:
                    B.log('%s %s %s' % (name, size_s, mode))
                    results[(size_s, mode, name)] = run_one(name, argv, extra, server_bin, size,
                                                            mode, args, workdir)

        print('# ' + B.machine_line())
        print('# %g s per run; ratios are Vireo / remote-viewer; target: fps ratio >= 1 '
              'at CPU-per-frame ratio <= 1' % args.seconds)
        headers = ['size', 'mode', 'client', 'fps', 'CPU ms/frame', 'CPU share',
                   'key→server ms', 'key→frame ms', 'keys', 'fps ratio', 'CPU/frame ratio', 'met?']
        rows = []
        for size_s in args.sizes.split(','):
            for mode in args.modes.split(','):
                peer = results.get((size_s, mode, 'remote-viewer')) or {}
                for name, _, _ in clients:
                    r = results.get((size_s, mode, name))
                    if r is None:
                        rows.append([size_s, mode, name] + ['failed'] + [''] * 8)
                        continue
                    fr = cr = met = ''
                    if name != 'remote-viewer':
                        f = B.ratio(r['fps'], peer.get('fps'))
                        c = B.ratio(r['cpu_ms_per_frame'], peer.get('cpu_ms_per_frame'))
                        fr, cr = B.fmt(f), B.fmt(c)
                        met = 'n/a' if f is None or c is None else ('yes' if f >= 1 and c <= 1 else 'no')
                    rows.append([size_s, mode, name, B.fmt(r['fps']), B.fmt(r['cpu_ms_per_frame']),
                                 B.fmt(r['cpu_share']), B.fmt(r['key_to_server_ms']),
                                 B.fmt(r['key_to_frame_ms']), r['keys_seen'], fr, cr, met])
        B.print_table(headers, rows)
        if args.json:
            with open(args.json, 'w') as f:
                json.dump({'|'.join(k): v for k, v in results.items()}, f, indent=1)
    finally:
        B.remove_workdir(workdir, args.keep)


if __name__ == '__main__':
    main()
