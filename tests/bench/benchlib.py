# benchlib.py — shared pieces of Vireo's benchmarks (tests/bench)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Xvfb on its own display, launching an app in an isolated home, reading its
# output lines with arrival times, /proc figures, helper programs built with
# gcc, and table printing.  Python 3 standard library only.

import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))
CLK_TCK = os.sysconf('SC_CLK_TCK')


def log(*args):
    print('#', *args, file=sys.stderr, flush=True)


def die(msg):
    print('bench: ' + msg, file=sys.stderr, flush=True)
    sys.exit(2)


# -- helper programs ---------------------------------------------------------

def build_c(name, workdir, libs):
    """Compiles tests/bench/NAME.c into WORKDIR; returns the binary's path."""
    src = os.path.join(HERE, name + '.c')
    out = os.path.join(workdir, name)
    cmd = ['gcc', '-O2', '-Wall', '-o', out, src] + libs
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        die('building %s failed:\n%s%s' % (name, r.stdout, r.stderr))
    return out


def core_includes(source_root):
    """-I flags for the core's headers: src/ and its folders by concern
    (src/connection/, src/domain/, ...; src/meson.build's core_dirs)."""
    src = os.path.join(source_root, 'src')
    dirs = [src] + sorted(os.path.join(src, d) for d in os.listdir(src)
                          if d not in ('ui', 'wizards') and os.path.isdir(os.path.join(src, d)))
    return ['-I' + d for d in dirs]


def pkg_libs(*modules):
    r = subprocess.run(['pkg-config', '--cflags', '--libs'] + list(modules),
                       capture_output=True, text=True)
    if r.returncode != 0:
        die('pkg-config %s: %s' % (' '.join(modules), r.stderr.strip()))
    return r.stdout.split()


def find_vireo(build_dir):
    exe = os.path.join(build_dir, 'src', 'ui', 'vireo')
    if not os.access(exe, os.X_OK):
        die('%s is missing: build Vireo first (meson setup %s && ninja -C %s)'
            % (exe, build_dir, build_dir))
    schemas = os.path.join(build_dir, 'data', 'gschemas.compiled')
    if not os.path.exists(schemas):
        die('%s is missing (ninja -C %s builds it)' % (schemas, build_dir))
    return exe


# -- X server ----------------------------------------------------------------

class Xvfb:
    """An Xvfb on a display of its own, chosen by the server (-displayfd)."""

    def __init__(self, size='1280x1024x24'):
        r, w = os.pipe()
        self.proc = subprocess.Popen(
            ['Xvfb', '-displayfd', str(w), '-screen', '0', size, '-nolisten', 'tcp'],
            pass_fds=[w], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        data = b''
        deadline = time.monotonic() + 30
        while not data.endswith(b'\n') and time.monotonic() < deadline:
            chunk = os.read(r, 64)
            if not chunk:
                break
            data += chunk
        os.close(r)
        if not data.strip():
            self.stop()
            die('Xvfb did not start')
        self.display = ':' + data.decode().strip()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


# -- an application under test -----------------------------------------------

def isolated_env(base, display, extra=None):
    """Environment with its own HOME and XDG dirs under BASE, no session bus:
    default settings, nothing remembered from another run."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('DBUS_', 'XDG_', 'GSK_', 'GDK_', 'GTK_', 'GSETTINGS_', 'WAYLAND_'))}
    for d in ('home', 'config', 'cache', 'data', 'runtime'):
        os.makedirs(os.path.join(base, d), mode=0o700, exist_ok=True)
    env.update({
        'HOME': os.path.join(base, 'home'),
        'XDG_CONFIG_HOME': os.path.join(base, 'config'),
        'XDG_CACHE_HOME': os.path.join(base, 'cache'),
        'XDG_DATA_HOME': os.path.join(base, 'data'),
        'XDG_RUNTIME_DIR': os.path.join(base, 'runtime'),
        'DISPLAY': display,
        'GDK_BACKEND': 'x11',
        'NO_AT_BRIDGE': '1',       # no accessibility bus for either app
        'LC_ALL': 'C.UTF-8',
    })
    if extra:
        env.update(extra)
    return env


class App:
    """A launched program; every output line is kept with its arrival time
    (CLOCK_MONOTONIC, the clock of Vireo's READY line)."""

    def __init__(self, name, argv, env, logdir):
        self.name = name
        self.lines = queue.Queue()
        self.log_path = os.path.join(logdir, name + '.log')
        self._log = open(self.log_path, 'w')
        self._lock = threading.Lock()
        self.t_launch = time.monotonic()
        self.proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                     text=True, errors='replace', start_new_session=True)
        self.pid = self.proc.pid
        self._threads = [threading.Thread(target=self._reader, args=(s, tag), daemon=True)
                         for s, tag in ((self.proc.stdout, 'out'), (self.proc.stderr, 'err'))]
        for t in self._threads:
            t.start()

    def _reader(self, stream, tag):
        for line in stream:
            now = time.monotonic()
            with self._lock:
                self._log.write('%.3f %s %s' % (now - self.t_launch, tag, line))
                self._log.flush()
            self.lines.put((now, tag, line.rstrip('\n')))
        self.lines.put((time.monotonic(), tag, None))

    def wait_line(self, predicate, timeout):
        """(arrival time, line) of the first line for which PREDICATE holds,
        or (None, None) after TIMEOUT seconds or when the program ended."""
        deadline = time.monotonic() + timeout
        closed = 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None, None
            try:
                t, tag, line = self.lines.get(timeout=min(left, 1.0))
            except queue.Empty:
                if self.proc.poll() is not None and closed >= 2:
                    return None, None
                continue
            if line is None:
                closed += 1
                if closed >= 2:
                    return None, None
                continue
            if predicate(tag, line):
                return t, line

    def alive(self):
        return self.proc.poll() is None

    def signal(self, sig):
        if self.alive():
            os.kill(self.pid, sig)

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait()
        for t in self._threads:
            t.join(5)
        self._log.close()


# -- /proc ---------------------------------------------------------------------

def proc_status(pid):
    """VmRSS and RssAnon in KiB."""
    out = {}
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                key, _, value = line.partition(':')
                if key in ('VmRSS', 'RssAnon', 'VmHWM'):
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def proc_cpu_seconds(pid):
    """CPU time of the whole process (all threads, those gone included), in
    seconds: its CPU-time clock (CLOCK_PROCESS_CPUTIME of another process,
    nanoseconds), else utime + stime from /proc/PID/stat (10 ms steps)."""
    try:
        # clock_getcpuclockid(pid): ((~pid) << 3) | CPUCLOCK_SCHED
        return time.clock_gettime(((~pid) << 3) | 2)
    except (OSError, OverflowError):
        pass
    try:
        with open('/proc/%d/stat' % pid) as f:
            data = f.read()
    except OSError:
        return None
    fields = data[data.rindex(')') + 2:].split()
    # fields[0] is field 3 (state): utime is field 14, stime field 15
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


# -- output --------------------------------------------------------------------

def fmt(v, unit=''):
    if v is None:
        return 'n/a'
    if isinstance(v, str):
        return v
    if abs(v) >= 100:
        s = '%.0f' % v
    elif abs(v) >= 10:
        s = '%.1f' % v
    else:
        s = '%.2f' % v
    return s + unit


def ratio(a, b):
    if a is None or b is None or not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or b == 0:
        return None
    return a / b


def print_table(headers, rows, out=sys.stdout):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(headers)]
    line = '| ' + ' | '.join(str(h).ljust(w) for h, w in zip(headers, widths)) + ' |'
    print(line, file=out)
    print('|' + '|'.join('-' * (w + 2) for w in widths) + '|', file=out)
    for r in rows:
        print('| ' + ' | '.join(str(c).ljust(w) for c, w in zip(r, widths)) + ' |', file=out)
    out.flush()


def machine_line():
    cpu = 'unknown CPU'
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    mem = 0
    try:
        with open('/proc/meminfo') as f:
            mem = int(f.readline().split()[1]) // 1024 // 1024
    except OSError:
        pass
    return '%s, %d cores, %d GiB RAM, kernel %s' % (cpu, os.cpu_count(), mem, os.uname().release)


def make_workdir(prefix):
    return tempfile.mkdtemp(prefix=prefix)


def remove_workdir(path, keep):
    if keep:
        log('kept', path)
    else:
        shutil.rmtree(path, ignore_errors=True)
