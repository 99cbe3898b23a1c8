#!/bin/bash
# pxe-harness.sh — runs a live PXE test against a private libvirtd.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: pxe-harness.sh TEST-BINARY [ARGS...]
# (test-live-pxe; test-live-pxe-wizard under tests/xvfb-test.sh, whose X server stays
# outside: the test reaches it through its socket in /tmp/.X11-unix)
#
# A libvirt network with DHCP and TFTP creates a bridge and runs dnsmasq, so
# the machine's own network configuration must stay out of reach.  For this
# run only, the harness builds:
#   netns vireo-pxe-$$    (loopback only; the test's network bridge lives here)
#   a private mount namespace inside it where /etc/libvirt, /run/libvirt,
#   /var/lib/libvirt, /var/cache/libvirt and /var/log/libvirt are bind mounts
#   of a per-run temp dir, and a virtlogd and libvirtd (unix socket only) in it.
# Like tests/live/harness.sh it waits for /tmp/vireo-live.lock first (one
# live test at a time).  The test runs inside the netns too and gets:
#   VIREO_PXE_URI   qemu:///system?socket=<tmp>/run/libvirt-sock
#   VIREO_PXE_DIR   an empty directory everyone can read (TFTP root, pool)
# On exit, pass, fail or timeout: the daemon's guests are destroyed, its
# networks (dnsmasq) stopped, libvirtd and virtlogd killed by pid, whatever
# still runs in the netns (QEMU, dnsmasq) is killed, the netns deleted (with
# its bridge) and the temp dir removed.  The machine's own libvirtd is not
# used.  What a run killed with SIGKILL left behind (netns vireo-pxe-PID of
# a harness that is gone) is removed by the next run.

set -u

# shared with the other harnesses: skip, our_daemon_alive, kill_pidfiles,
# libvirt_state_dir, libvirt_mounts
. "$(dirname "$(readlink -f "$0")")/../netns-lib.sh" || { echo "Bail out! tests/netns-lib.sh is missing"; exit 1; }

[ $# -ge 1 ] || { echo "usage: $0 TEST [ARGS...]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || skip "the PXE test needs root (a network namespace, libvirtd, QEMU)"
[ -x /usr/sbin/libvirtd ] || skip "/usr/sbin/libvirtd is not installed (package libvirt-daemon-system)"
command -v virsh >/dev/null || skip "virsh is not installed (package libvirt-clients)"
[ -x /usr/bin/qemu-system-x86_64 ] || skip "qemu-system-x86_64 is not installed (package qemu-system-x86)"
[ -x /usr/sbin/dnsmasq ] || skip "dnsmasq is not installed (package dnsmasq-base)"
command -v ip >/dev/null || skip "ip is not installed (package iproute2)"
command -v unshare >/dev/null || skip "unshare is not installed (package util-linux)"

NS=
S=
URI=
CHILD=

daemon_answers ()
{
  [ -n "$URI" ] && timeout 5 virsh -q -c "$URI" uri >/dev/null 2>&1
}

# everything the test may have left on the private daemon
remove_daemon_objects ()
{
  local name
  daemon_answers || return 0
  for name in $(timeout 20 virsh -q -c "$URI" list --all --name 2>/dev/null); do
    timeout 30 virsh -q -c "$URI" destroy "$name" >/dev/null 2>&1
    timeout 30 virsh -q -c "$URI" undefine --nvram "$name" >/dev/null 2>&1 ||
      timeout 30 virsh -q -c "$URI" undefine "$name" >/dev/null 2>&1
  done
  for name in $(timeout 20 virsh -q -c "$URI" net-list --name 2>/dev/null); do
    timeout 30 virsh -q -c "$URI" net-destroy "$name" >/dev/null 2>&1
  done
  for name in $(timeout 20 virsh -q -c "$URI" pool-list --name 2>/dev/null); do
    timeout 30 virsh -q -c "$URI" pool-destroy "$name" >/dev/null 2>&1
  done
}

# whatever still runs in our namespace (QEMU, dnsmasq of a daemon that did
# not answer): every process in it is ours, the namespace was made here
kill_netns_processes ()
{
  local pids i
  [ -n "$NS" ] || return 0
  pids=$(ip netns pids "$NS" 2>/dev/null)
  [ -n "$pids" ] || return 0
  echo "# harness: killing what is left in $NS: $(echo $pids)"
  kill -KILL $pids 2>/dev/null
  for i in $(seq 50); do
    [ -z "$(ip netns pids "$NS" 2>/dev/null)" ] && return 0
    sleep 0.1
  done
}

cleanup ()
{
  local rc=$?
  trap - EXIT TERM INT HUP
  if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
    kill -TERM "$CHILD" 2>/dev/null
    sleep 0.5
    kill -KILL "$CHILD" 2>/dev/null
  fi
  remove_daemon_objects
  if [ -n "$S" ]; then
    kill_pidfiles "$S/pid/libvirtd.pid"
    kill_pidfiles "$S/pid/virtlogd.pid"
  fi
  kill_netns_processes
  [ -n "$NS" ] && ip netns del "$NS" 2>/dev/null
  if [ -n "$S" ]; then
    if [ $rc -ne 0 ] && [ -s "$S/libvirtd.log" ]; then
      echo "# harness: last lines of the private libvirtd's log:"
      grep -v -e virGDBusGetSystemBus -e networkStateInitialize -e udevGetDMIData -e dmidecode -e '^$' \
        "$S/libvirtd.log" | tail -n 15 | sed 's/^/#   /'
    fi
    rm -rf "$S"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

# A run killed outright (SIGKILL: no cleanup) leaves its namespace, the
# processes in it and its temp dir: the name says which harness made them,
# and a namespace whose harness is gone is removed now.  (Nobody else uses
# the vireo-pxe- prefix; a harness that still runs keeps its namespace.)
for stale in $(ip netns list 2>/dev/null | awk '{ print $1 }' | grep '^vireo-pxe-[0-9]*$'); do
  pid=${stale#vireo-pxe-}
  if kill -0 "$pid" 2>/dev/null && [ "$(ps -o comm= -p "$pid" 2>/dev/null)" = pxe-harness.sh ]; then
    continue
  fi
  echo "# harness: removing $stale, left by a run that was killed"
  NS=$stale kill_netns_processes
  ip netns del "$stale" 2>/dev/null
  rm -rf /tmp/vireo-pxe-"$pid".??????
done

# the live tests run one at a time (tests/live/harness.sh): a TCG guest
# sharing two cores with another test's guests would be slow and flaky
# (fd 9 holds the lock: the daemons started below must not inherit it, or
# a daemon left by a killed run would hold it for ever)
exec 9>/tmp/vireo-live.lock
lock_t0=$(date +%s)
if ! flock -w 280 9; then
  echo "Bail out! another live test held /tmp/vireo-live.lock for 280 s"
  exit 1
fi
[ $(( $(date +%s) - lock_t0 )) -ge 2 ] &&
  echo "# harness: waited $(( $(date +%s) - lock_t0 )) s for another live test (/tmp/vireo-live.lock)"

# -- the namespace and the daemon's state ------------------------------------

NS=vireo-pxe-$$
if ! ip netns add "$NS" 2>/dev/null; then
  NS=
  skip "ip netns is not usable here (ip netns add failed)"
fi
ip -n "$NS" link set lo up

S=$(mktemp -d /tmp/vireo-pxe-$$.XXXXXX)
chmod 755 "$S"
libvirt_state_dir "$S"
mkdir -p "$S/share"
chmod 755 "$S/share"
cat >> "$S/etc/libvirtd.conf" <<EOF

# -- vireo live PXE test instance --
listen_tls = 0
listen_tcp = 0
host_uuid = "$(cat /proc/sys/kernel/random/uuid)"
log_outputs = "3:file:$S/libvirtd.log"
EOF
printf '\ncgroup_controllers = [ ]\n' >> "$S/etc/qemu.conf"
printf '\nlog_outputs = "3:file:%s/virtlogd.log"\n' "$S" >> "$S/etc/virtlogd.conf"

URI="qemu:///system?socket=$S/run/libvirt-sock"
t0=$(date +%s%N)
timeout 60 ip netns exec "$NS" unshare -m --propagation private sh -c "
  $(libvirt_mounts "$S")
  /usr/sbin/virtlogd -d -p $S/pid/virtlogd.pid &&
  exec /usr/sbin/libvirtd -d -p $S/pid/libvirtd.pid" 9>&- ||
  { echo "Bail out! the private libvirtd did not start"; exit 1; }
for i in $(seq 240); do
  daemon_answers && break
  sleep 0.25
done
daemon_answers || { echo "Bail out! the private libvirtd does not answer on $URI"; exit 1; }
echo "# harness: private libvirtd in netns $NS up in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
run_t0=$(date +%s)

export VIREO_PXE_URI="$URI"
export VIREO_PXE_DIR="$S/share"

# at most 240 s (or VIREO_TEST_INNER_TIMEOUT), then cleanup: the guest,
# daemons and namespace go
run_test 240 ip netns exec "$NS" "$@"
echo "# harness: the test took $(( $(date +%s) - run_t0 )) s"
exit $rc
