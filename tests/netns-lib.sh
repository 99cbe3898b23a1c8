# netns-lib.sh — shell functions shared by the test harnesses (sourced, not run)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by tests/live/harness.sh, tests/live/pxe-harness.sh and
# tests/multihost/harness.sh: skipping, killing exactly the daemons a
# harness started (by pid file), KVM or TCG, and the state of a private
# libvirtd that runs in a network namespace with /etc/libvirt, /run/libvirt,
# /var/lib/libvirt, /var/cache/libvirt and /var/log/libvirt bind-mounted
# from a per-run directory (the machine's own libvirtd is never touched).
# Each harness keeps its own cleanup trap: what it started, it removes.

# skip WHY...: the test's plan is "skipped", with the reason
skip ()
{
  echo "1..0 # SKIP $*"
  exit 0
}

# our_daemon_alive PID: a live process (not a zombie: without a reaping
# init, dead daemons linger as Z) that is one of the daemons we start
# ($OUR_DAEMONS, default "libvirtd virtlogd"), so a reused pid is never hit
our_daemon_alive ()
{
  local st comm name
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  comm=$(ps -o comm= -p "$1" 2>/dev/null)
  [ -n "$st" ] && [ "${st#Z}" = "$st" ] || return 1
  for name in ${OUR_DAEMONS:-libvirtd virtlogd}; do
    [ "$comm" = "$name" ] && return 0
  done
  return 1
}

# kill_pidfiles FILE...: TERM (after CONT: a test may have stopped it) every
# daemon named in the pid files, wait for them all, KILL what is left
kill_pidfiles ()
{
  local f pid i left pids=()
  for f in "$@"; do
    [ -s "$f" ] || continue
    pid=$(cat "$f" 2>/dev/null)
    [ -n "$pid" ] && our_daemon_alive "$pid" || continue
    kill -CONT "$pid" 2>/dev/null
    kill -TERM "$pid" 2>/dev/null
    pids+=("$pid")
  done
  for i in $(seq 50); do
    left=0
    for pid in "${pids[@]}"; do
      our_daemon_alive "$pid" && left=1
    done
    [ $left = 0 ] && return 0
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    our_daemon_alive "$pid" && kill -KILL "$pid" 2>/dev/null
  done
  return 0
}

# the user QEMU runs as (qemu.conf), and whether it can open /dev/kvm
# read-write: KVM when it can, else TCG.  (Without udev, /dev/kvm can be
# root-only: root opens it but QEMU cannot.)
qemu_user=$(sed -n 's/^[[:space:]]*user[[:space:]]*=[[:space:]]*"\(.*\)".*/\1/p' /etc/libvirt/qemu.conf 2>/dev/null | tail -n 1)
qemu_user=${qemu_user:-libvirt-qemu}
kvm_usable ()
{
  [ -c /dev/kvm ] || return 1
  if [ "$qemu_user" = root ] || [ "$qemu_user" = "+0" ]; then
    (exec 3<>/dev/kvm) 2>/dev/null
  else
    setpriv --reuid="$qemu_user" --regid="$(id -g "$qemu_user" 2>/dev/null || echo 0)" --init-groups \
      sh -c 'exec 3<>/dev/kvm' 2>/dev/null
  fi
}

# libvirt_state_dir DIR: DIR/etc, run, lib, cache, log and pid for a private
# libvirtd: the machine's /etc/libvirt without its domains, autostarted
# networks, pools and secrets; the layout of /var/lib/libvirt without its
# content (images, saves, leases); QEMU's probed capabilities (saves a
# probe: seconds).  The harness appends its own libvirtd.conf settings.
libvirt_state_dir ()
{
  local B=$1 d
  mkdir -p "$B/etc" "$B/run" "$B/lib" "$B/cache" "$B/log" "$B/pid"
  chmod 755 "$B/run" "$B/log"
  cp -a /etc/libvirt/. "$B/etc/"
  rm -rf "$B/etc/qemu/"*.xml "$B/etc/qemu/autostart" "$B/etc/qemu/networks/autostart" \
         "$B/etc/storage" "$B/etc/secrets"
  (cd /var/lib/libvirt && find . -type d) | while read -r d; do
    install -d -m "$(stat -c %a "/var/lib/libvirt/$d")" \
      -o "$(stat -c %u "/var/lib/libvirt/$d")" -g "$(stat -c %g "/var/lib/libvirt/$d")" "$B/lib/$d"
  done
  cp -a /var/cache/libvirt/. "$B/cache/" 2>/dev/null
  return 0
}

# libvirt_mounts DIR: the shell commands (joined with &&, ending in &&) that
# bind-mount libvirt_state_dir DIR over the libvirt directories, for the
# sh -c of an `unshare -m --propagation private` (DIR has no spaces)
libvirt_mounts ()
{
  echo "mount --bind $1/etc /etc/libvirt &&" \
       "mount --bind $1/run /run/libvirt &&" \
       "mount --bind $1/lib /var/lib/libvirt &&" \
       "mount --bind $1/cache /var/cache/libvirt &&" \
       "mount --bind $1/log /var/log/libvirt &&"
}

# run_test SECONDS CMD...: runs the test in the background (so that the
# harness's traps still run while it waits) for at most
# $VIREO_TEST_INNER_TIMEOUT or SECONDS, without the lock's fd 9; sets rc to
# its exit status, 1 (with a "Bail out!") when it ran out of time.  Meson
# gives a timed-out test 0.5 s before SIGKILL, too little to clean up: the
# harness stops the test itself first, so its daemons and namespaces still go.
# CHILD is the test's pid while it runs (the harness's cleanup stops it).
run_test ()
{
  local limit=${VIREO_TEST_INNER_TIMEOUT:-$1}
  shift
  timeout -k 5 "$limit" "$@" 9>&- &
  CHILD=$!
  wait "$CHILD"
  rc=$?
  CHILD=
  if [ $rc = 124 ] || [ $rc = 137 ]; then
    echo "Bail out! the test did not finish within $limit s"
    rc=1
  fi
  return 0
}
