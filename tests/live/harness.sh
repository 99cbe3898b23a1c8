#!/bin/bash
# harness.sh — runs one 'live' test binary against a real libvirtd.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: harness.sh [--sasl] TEST-BINARY [ARGS...]
#
# When qemu:///system does not answer, starts virtlogd and libvirtd (there is
# no service manager on the CI machines) and kills exactly those daemons, by
# pid, when the test ends, pass or fail.  Guests the live tests define are all
# named vireo-live-*; whatever of them is left is destroyed and undefined.
# Exports VIREO_TEST_DOMAIN_TYPE=kvm when /dev/kvm can be opened, else qemu.
#
# --sasl also starts a second, private libvirtd in its own network namespace
# (loopback only) with auth_tcp = "sasl" (DIGEST-MD5, a sasldb with one user),
# runs the test inside that namespace and exports VIREO_LIVE_SASL_URI,
# VIREO_LIVE_SASL_USER and VIREO_LIVE_SASL_PASSWORD (or VIREO_LIVE_SASL_SKIP
# with the reason it could not).  qemu:///system is a unix socket, so the
# test still reaches it from inside the namespace.

set -u

# shared with the other harnesses: skip, our_daemon_alive, kill_pidfiles,
# kvm_usable, libvirt_state_dir, libvirt_mounts
. "$(dirname "$(readlink -f "$0")")/../netns-lib.sh" || { echo "Bail out! tests/netns-lib.sh is missing"; exit 1; }

SASL=0
if [ "${1:-}" = --sasl ]; then
  SASL=1
  shift
fi
[ $# -ge 1 ] || { echo "usage: $0 [--sasl] TEST [ARGS...]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || skip "the live tests need root (they start libvirtd and QEMU guests)"
[ -x /usr/sbin/libvirtd ] || skip "/usr/sbin/libvirtd is not installed (package libvirt-daemon-system)"
command -v virsh >/dev/null || skip "virsh is not installed (package libvirt-clients)"
[ -x /usr/bin/qemu-system-x86_64 ] || skip "qemu-system-x86_64 is not installed (package qemu-system-x86)"

# Live tests share the machine's libvirtd and remove each other's vireo-live-*
# guests: one at a time, even when two test runs are started side by side.
# (The daemons started below get 9>&-: they must not hold the lock.)
exec 9>/tmp/vireo-live.lock
if ! flock -w 900 9; then
  echo "Bail out! another live test held /tmp/vireo-live.lock for 15 minutes"
  exit 1
fi

URI=qemu:///system
TMP=$(mktemp -d /tmp/vireo-live.XXXXXX)
STARTED_PIDFILES=()
CHILD=
SASL_NS=
RUN_PREFIX=()

daemon_answers ()
{
  # connecting is a round trip; 'version' would also probe QEMU (seconds)
  timeout 5 virsh -q -c "$URI" uri >/dev/null 2>&1
}

remove_test_guests ()
{
  local name
  daemon_answers || return 0
  for name in $(timeout 20 virsh -q -c "$URI" list --all --name 2>/dev/null | grep '^vireo-live-'); do
    echo "# harness: removing left-over guest $name"
    timeout 30 virsh -q -c "$URI" destroy "$name" >/dev/null 2>&1
    # with their snapshots' metadata, which libvirt otherwise refuses to leave behind
    timeout 30 virsh -q -c "$URI" undefine --managed-save --snapshots-metadata --nvram "$name" >/dev/null 2>&1 ||
      timeout 30 virsh -q -c "$URI" undefine --managed-save --snapshots-metadata "$name" >/dev/null 2>&1
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
  # the libvirtds, then the virtlogds they log through
  kill_pidfiles $(printf '%s\n' "${STARTED_PIDFILES[@]}" | grep 'libvirtd\.pid$')
  kill_pidfiles $(printf '%s\n' "${STARTED_PIDFILES[@]}" | grep 'virtlogd\.pid$')
  [ -n "$SASL_NS" ] && ip netns del "$SASL_NS" 2>/dev/null
  if [ $rc -ne 0 ] && [ -s "$TMP/libvirtd.log" ]; then
    echo "# harness: last lines of libvirtd's log:"
    grep -v -e virGDBusGetSystemBus -e networkStateInitialize -e udevGetDMIData -e dmidecode -e '^$' "$TMP/libvirtd.log" | tail -n 15 | sed 's/^/#   /'
  fi
  rm -rf "$TMP"
  exit $rc
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

# KVM when /dev/kvm opens read-write for the user QEMU runs as (kvm_usable),
# else TCG.
# Without udev (containers, micro-VMs) /dev/kvm stays root:root 0600.  Then
# libvirt finds KVM when it probes QEMU but not when it checks the cache, and
# re-probes QEMU (~50 s) on every define and start.  Give the node what
# udev's rule gives it on any Debian machine: group kvm, mode 0660.
if [ -c /dev/kvm ] && [ -z "${VIREO_TEST_DOMAIN_TYPE:-}" ] && ! kvm_usable &&
   [ "$(stat -c '%G' /dev/kvm)" = root ] && getent group kvm >/dev/null; then
  if chgrp kvm /dev/kvm && chmod 0660 /dev/kvm; then
    echo "# harness: /dev/kvm was root-only (no udev): set group kvm, mode 0660, as udev does"
  fi
fi
if [ -n "${VIREO_TEST_DOMAIN_TYPE:-}" ]; then
  echo "# accel: $( [ "$VIREO_TEST_DOMAIN_TYPE" = kvm ] && echo kvm || echo tcg) (VIREO_TEST_DOMAIN_TYPE set by the caller)"
elif kvm_usable; then
  export VIREO_TEST_DOMAIN_TYPE=kvm
  echo "# accel: kvm"
else
  export VIREO_TEST_DOMAIN_TYPE=qemu
  if [ -c /dev/kvm ]; then
    echo "# accel: tcg (/dev/kvm is $(stat -c '%U:%G %a' /dev/kvm); $qemu_user cannot open it — 'chgrp kvm /dev/kvm; chmod 0660 /dev/kvm' enables KVM)"
  else
    echo "# accel: tcg (no /dev/kvm)"
  fi
fi

if daemon_answers; then
  echo "# harness: using the libvirtd that is already running"
else
  echo "# harness: starting virtlogd and libvirtd (pid files in $TMP)"
  mkdir -p /run/libvirt
  # the main virtlogd may already run without libvirtd (make run starts both)
  if ! { [ -s /run/virtlogd.pid ] && kill -0 "$(cat /run/virtlogd.pid)" 2>/dev/null; }; then
    if timeout 20 /usr/sbin/virtlogd -d -p "$TMP/virtlogd.pid" 9>&-; then
      STARTED_PIDFILES+=("$TMP/virtlogd.pid")
    else
      echo "# harness: virtlogd did not start"
    fi
  fi
  if LIBVIRT_LOG_OUTPUTS="3:file:$TMP/libvirtd.log" \
       timeout 30 /usr/sbin/libvirtd -d -p "$TMP/libvirtd.pid" 9>&-; then
    STARTED_PIDFILES+=("$TMP/libvirtd.pid")
  else
    echo "1..0 # SKIP libvirtd could not be started"
    exit 0
  fi
  # the first start on a machine probes QEMU's capabilities: about a minute
  for i in $(seq 240); do
    daemon_answers && break
    sleep 0.5
  done
  daemon_answers || { echo "Bail out! libvirtd started but $URI does not answer"; exit 1; }
fi

# a guest of an earlier, killed run must not get in the way
remove_test_guests

# -- optional SASL libvirtd (--sasl) -----------------------------------------------

start_sasl_daemon ()
{
  local S=$TMP/sasl d i
  local user=vireo-test password
  password=$(cut -c1-18 /proc/sys/kernel/random/uuid)

  command -v saslpasswd2 >/dev/null ||
    { export VIREO_LIVE_SASL_SKIP="saslpasswd2 is not installed (package sasl2-bin)"; return 1; }
  ls /usr/lib/*/sasl2/libdigestmd5.so* >/dev/null 2>&1 ||
    { export VIREO_LIVE_SASL_SKIP="the DIGEST-MD5 SASL plugin is missing (package libsasl2-modules)"; return 1; }
  command -v unshare >/dev/null ||
    { export VIREO_LIVE_SASL_SKIP="unshare is missing (package util-linux)"; return 1; }
  [ -n "$TMP" ] && [ -d "$TMP" ] || return 1
  SASL_NS=vireo-live-sasl-$$
  if ! ip netns add "$SASL_NS" 2>/dev/null; then
    SASL_NS=
    export VIREO_LIVE_SASL_SKIP="ip netns is not usable here"
    return 1
  fi
  ip -n "$SASL_NS" link set lo up

  libvirt_state_dir "$S"
  mkdir -p "$S/sasl2"
  {
    echo
    echo "# -- vireo live test: SASL instance --"
    echo "listen_tls = 0"
    echo "listen_tcp = 1"
    echo "listen_addr = \"127.0.0.1\""
    echo "auth_tcp = \"sasl\""
    echo "host_uuid = \"$(cat /proc/sys/kernel/random/uuid)\""
    echo "log_outputs = \"3:file:$S/libvirtd.log\""
  } >> "$S/etc/libvirtd.conf"
  printf '\ncgroup_controllers = [ ]\n' >> "$S/etc/qemu.conf"
  # plain TCP needs a mechanism that encrypts: DIGEST-MD5 (SCRAM does not)
  printf 'mech_list: digest-md5\nsasldb_path: %s\n' "$S/passwd.db" > "$S/sasl2/libvirt.conf"
  printf '%s' "$password" | saslpasswd2 -p -a libvirt -f "$S/passwd.db" -c "$user" ||
    { export VIREO_LIVE_SASL_SKIP="saslpasswd2 failed"; return 1; }

  ip netns exec "$SASL_NS" unshare -m --propagation private sh -c "
    $(libvirt_mounts "$S")
    /usr/sbin/virtlogd -d -p $S/pid/virtlogd.pid &&
    SASL_CONF_PATH=$S/sasl2 exec /usr/sbin/libvirtd -d -l -p $S/pid/libvirtd.pid" 9>&-
  STARTED_PIDFILES+=("$S/pid/virtlogd.pid" "$S/pid/libvirtd.pid")
  for i in $(seq 120); do
    timeout 5 virsh -q -c "qemu:///system?socket=$S/run/libvirt-sock" uri >/dev/null 2>&1 && break
    sleep 0.25
  done
  if ! timeout 5 virsh -q -c "qemu:///system?socket=$S/run/libvirt-sock" uri >/dev/null 2>&1; then
    export VIREO_LIVE_SASL_SKIP="the SASL libvirtd did not start"
    return 1
  fi
  export VIREO_LIVE_SASL_URI=qemu+tcp://127.0.0.1/system
  export VIREO_LIVE_SASL_USER=$user
  export VIREO_LIVE_SASL_PASSWORD=$password
  RUN_PREFIX=(ip netns exec "$SASL_NS")
  echo "# harness: SASL libvirtd on $VIREO_LIVE_SASL_URI in netns $SASL_NS"
}

if [ $SASL = 1 ]; then
  start_sasl_daemon || echo "# harness: no SASL libvirtd: ${VIREO_LIVE_SASL_SKIP:-}"
fi

# at most 270 s (or VIREO_TEST_INNER_TIMEOUT), then cleanup
run_test 270 "${RUN_PREFIX[@]}" "$@"
exit $rc
