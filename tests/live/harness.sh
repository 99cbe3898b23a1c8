#!/bin/bash
# harness.sh — runs one 'live' test binary against a real libvirtd.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: harness.sh TEST-BINARY [ARGS...]
#
# When qemu:///system does not answer, starts virtlogd and libvirtd (there is
# no service manager on the CI machines) and kills exactly those daemons, by
# pid, when the test ends, pass or fail.  Guests the live tests define are all
# named vireo-live-*; whatever of them is left is destroyed and undefined.
# Exports VIREO_TEST_DOMAIN_TYPE=kvm when /dev/kvm can be opened, else qemu.

set -u

skip ()
{
  echo "1..0 # SKIP $*"
  exit 0
}

[ $# -ge 1 ] || { echo "usage: $0 TEST [ARGS...]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || skip "the live tests need root (they start libvirtd and QEMU guests)"
[ -x /usr/sbin/libvirtd ] || skip "/usr/sbin/libvirtd is not installed (package libvirt-daemon-system)"
command -v virsh >/dev/null || skip "virsh is not installed (package libvirt-clients)"
[ -x /usr/bin/qemu-system-x86_64 ] || skip "qemu-system-x86_64 is not installed (package qemu-system-x86)"

URI=qemu:///system
TMP=$(mktemp -d /tmp/vireo-live.XXXXXX)
STARTED_PIDFILES=()
CHILD=

daemon_answers ()
{
  timeout 5 virsh -q -c "$URI" version >/dev/null 2>&1
}

kill_pidfile ()
{
  local f=$1 pid i
  [ -s "$f" ] || return 0
  pid=$(cat "$f")
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
}

remove_test_guests ()
{
  local name
  daemon_answers || return 0
  for name in $(timeout 20 virsh -q -c "$URI" list --all --name 2>/dev/null | grep '^vireo-live-'); do
    echo "# harness: removing left-over guest $name"
    timeout 30 virsh -q -c "$URI" destroy "$name" >/dev/null 2>&1
    timeout 30 virsh -q -c "$URI" undefine --managed-save --nvram "$name" >/dev/null 2>&1 ||
      timeout 30 virsh -q -c "$URI" undefine --managed-save "$name" >/dev/null 2>&1
  done
}

cleanup ()
{
  local rc=$? i
  trap - EXIT TERM INT HUP
  if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
    kill -TERM "$CHILD" 2>/dev/null
    sleep 0.5
    kill -KILL "$CHILD" 2>/dev/null
  fi
  remove_test_guests
  # daemons in reverse order of start: libvirtd, then virtlogd
  for ((i = ${#STARTED_PIDFILES[@]} - 1; i >= 0; i--)); do
    kill_pidfile "${STARTED_PIDFILES[i]}"
  done
  if [ $rc -ne 0 ] && [ -s "$TMP/libvirtd.log" ]; then
    echo "# harness: last lines of libvirtd's log:"
    tail -n 15 "$TMP/libvirtd.log" | sed 's/^/#   /'
  fi
  rm -rf "$TMP"
  exit $rc
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

if daemon_answers; then
  echo "# harness: using the libvirtd that is already running"
else
  echo "# harness: starting virtlogd and libvirtd (pid files in $TMP)"
  mkdir -p /run/libvirt
  # the main virtlogd may already run without libvirtd (make run starts both)
  if ! { [ -s /run/virtlogd.pid ] && kill -0 "$(cat /run/virtlogd.pid)" 2>/dev/null; }; then
    if timeout 20 /usr/sbin/virtlogd -d -p "$TMP/virtlogd.pid"; then
      STARTED_PIDFILES+=("$TMP/virtlogd.pid")
    else
      echo "# harness: virtlogd did not start"
    fi
  fi
  if LIBVIRT_LOG_OUTPUTS="3:file:$TMP/libvirtd.log" \
       timeout 30 /usr/sbin/libvirtd -d -p "$TMP/libvirtd.pid"; then
    STARTED_PIDFILES+=("$TMP/libvirtd.pid")
  else
    echo "1..0 # SKIP libvirtd could not be started"
    exit 0
  fi
  for i in $(seq 60); do
    daemon_answers && break
    sleep 0.5
  done
  daemon_answers || { echo "Bail out! libvirtd started but $URI does not answer"; exit 1; }
fi

# KVM when /dev/kvm opens read-write, else TCG
if [ -c /dev/kvm ] && (exec 3<>/dev/kvm) 2>/dev/null; then
  export VIREO_TEST_DOMAIN_TYPE=kvm
  echo "# accel: kvm"
else
  export VIREO_TEST_DOMAIN_TYPE=qemu
  echo "# accel: tcg"
fi

# a guest of an earlier, killed run must not get in the way
remove_test_guests

"$@" &
CHILD=$!
wait "$CHILD"
rc=$?
CHILD=
exit $rc
