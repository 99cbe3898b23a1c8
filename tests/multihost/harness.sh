#!/bin/bash
# harness.sh — runs one 'multihost' test binary against two private libvirtds.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: harness.sh TEST-BINARY [ARGS...]
#
# Builds, for this run only:
#   netns vireo-mh-a-$$  10.77.N.1  "local" libvirtd (unix socket only)
#   netns vireo-mh-b-$$  10.77.N.2  "remote" libvirtd, qemu+tcp on 10.77.N.2, auth_tcp none
# joined by a veth pair.  Each libvirtd (and its own virtlogd) runs in a
# private mount namespace where /etc/libvirt, /run/libvirt, /var/lib/libvirt,
# /var/cache/libvirt and /var/log/libvirt are bind mounts of a per-run temp
# dir, so the machine's own libvirtd (running or not) is neither used nor
# disturbed.  Two diskless VMs are defined on each daemon.  The test runs
# inside netns A, so its TCP traffic never leaves the namespaces.  On exit,
# pass or fail, every daemon started here is killed by pid, both namespaces
# are deleted (with the veth pair) and the temp dir is removed.
#
# The test gets:
#   VIREO_MH_URI_LOCAL       qemu:///system?socket=<tmp>/a/run/libvirt-sock
#   VIREO_MH_URI_REMOTE      qemu+tcp://10.77.N.2/system
#   VIREO_MH_VMS_LOCAL       "mh-local-1 mh-local-2"
#   VIREO_MH_VMS_REMOTE      "mh-remote-1 mh-remote-2"
#   VIREO_MH_PIDFILE_REMOTE  pid file of the remote libvirtd
#   VIREO_MH_RESTART_CMD     a command that starts the remote libvirtd again

set -u

skip ()
{
  echo "1..0 # SKIP $*"
  exit 0
}

[ $# -ge 1 ] || { echo "usage: $0 TEST [ARGS...]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || skip "the multihost tests need root (network namespaces, libvirtd)"
[ -x /usr/sbin/libvirtd ] || skip "/usr/sbin/libvirtd is not installed (package libvirt-daemon-system)"
command -v virsh >/dev/null || skip "virsh is not installed (package libvirt-clients)"
command -v ip >/dev/null || skip "ip is not installed (package iproute2)"
command -v unshare >/dev/null || skip "unshare is not installed (package util-linux)"

NSA=vireo-mh-a-$$
NSB=vireo-mh-b-$$
NET=$(( $$ % 250 + 1 ))
ADDR_A=10.77.$NET.1
ADDR_B=10.77.$NET.2
T=
NETNS_MADE=()
CHILD=

# a live process (not a zombie: without a reaping init, dead daemons linger as Z)
# that is one of the daemons we start, so a reused pid is never hit
our_daemon_alive ()
{
  local st comm
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  comm=$(ps -o comm= -p "$1" 2>/dev/null)
  [ -n "$st" ] && [ "${st#Z}" = "$st" ] || return 1
  case "$comm" in libvirtd|virtlogd) return 0 ;; *) return 1 ;; esac
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

cleanup ()
{
  local rc=$? ns n
  trap - EXIT TERM INT HUP
  if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
    kill -TERM "$CHILD" 2>/dev/null
    sleep 0.5
    kill -KILL "$CHILD" 2>/dev/null
  fi
  if [ -n "$T" ]; then
    kill_pidfiles "$T/a/pid/libvirtd.pid" "$T/b/pid/libvirtd.pid"
    kill_pidfiles "$T/a/pid/virtlogd.pid" "$T/b/pid/virtlogd.pid"
    if [ $rc -ne 0 ]; then
      for n in a b; do
        [ -s "$T/logs/libvirtd-$n.log" ] || continue
        echo "# harness: last lines of libvirtd-$n's log:"
        grep -v -e virGDBusGetSystemBus -e networkStateInitialize -e udevGetDMIData -e dmidecode -e '^$' "$T/logs/libvirtd-$n.log" | tail -n 15 | sed 's/^/#   /'
      done
    fi
  fi
  for ns in "${NETNS_MADE[@]}"; do
    ip netns del "$ns" 2>/dev/null
  done
  [ -n "$T" ] && rm -rf "$T"
  exit $rc
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

# -- namespaces and the veth pair -------------------------------------------

ip netns add "$NSA" 2>/dev/null || skip "ip netns is not usable here (ip netns add failed)"
NETNS_MADE+=("$NSA")
ip netns add "$NSB" || skip "ip netns is not usable here (ip netns add failed)"
NETNS_MADE+=("$NSB")
ip link add va netns "$NSA" type veth peer name vb netns "$NSB" ||
  skip "cannot create a veth pair between network namespaces"
ip -n "$NSA" addr add "$ADDR_A/24" dev va
ip -n "$NSB" addr add "$ADDR_B/24" dev vb
ip -n "$NSA" link set lo up
ip -n "$NSB" link set lo up
ip -n "$NSA" link set va up
ip -n "$NSB" link set vb up
echo "# harness: netns $NSA ($ADDR_A) <-> $NSB ($ADDR_B)"

T=$(mktemp -d /tmp/vireo-mh.XXXXXX)
chmod 755 "$T"
mkdir -p "$T/logs"

# -- per-instance state (as reference/probes/setup-inst.sh) ------------------

setup_instance ()
{
  local n=$1 addr=$2 listen=$3 uuid d
  local B=$T/$n
  uuid=$(cat /proc/sys/kernel/random/uuid)
  mkdir -p "$B/etc" "$B/run" "$B/lib" "$B/cache" "$B/log" "$B/pid"
  chmod 755 "$B/run" "$B/log"
  cp -a /etc/libvirt/. "$B/etc/"
  # nothing of the machine's own daemon: no domains, networks started, pools, secrets
  rm -rf "$B/etc/qemu/"*.xml "$B/etc/qemu/autostart" "$B/etc/qemu/networks/autostart" \
         "$B/etc/storage" "$B/etc/secrets"
  # the layout of /var/lib/libvirt, without its content (images, saves, ...)
  (cd /var/lib/libvirt && find . -type d) | while read -r d; do
    install -d -m "$(stat -c %a "/var/lib/libvirt/$d")" \
      -o "$(stat -c %u "/var/lib/libvirt/$d")" -g "$(stat -c %g "/var/lib/libvirt/$d")" "$B/lib/$d"
  done
  rm -rf "$B/lib/images/"* "$B/lib/qemu/"*/* 2>/dev/null
  # QEMU's probed capabilities: saves a probe (seconds) per daemon
  cp -a /var/cache/libvirt/. "$B/cache/" 2>/dev/null
  cat >> "$B/etc/libvirtd.conf" <<EOF

# -- vireo multihost test instance '$n' --
listen_tls = 0
listen_tcp = $listen
listen_addr = "$addr"
auth_tcp = "none"
host_uuid = "$uuid"
log_outputs = "3:file:$T/logs/libvirtd-$n.log"
EOF
  cat >> "$B/etc/qemu.conf" <<EOF

# -- vireo multihost test instance '$n' --
migration_address = "$addr"
migration_host = "$addr"
cgroup_controllers = [ ]
EOF
  cat >> "$B/etc/virtlogd.conf" <<EOF

log_outputs = "3:file:$T/logs/virtlogd-$n.log"
EOF

  # start script: private mount namespace inside the netns; reuses a virtlogd
  # that still runs (after the libvirtd alone was killed)
  cat > "$B/start.sh" <<EOF
#!/bin/sh
exec ip netns exec $4 unshare -m --propagation private sh -c '
  mount --bind $B/etc /etc/libvirt &&
  mount --bind $B/run /run/libvirt &&
  mount --bind $B/lib /var/lib/libvirt &&
  mount --bind $B/cache /var/cache/libvirt &&
  mount --bind $B/log /var/log/libvirt &&
  { { [ -s $B/pid/virtlogd.pid ] && kill -0 \$(cat $B/pid/virtlogd.pid) 2>/dev/null; } ||
    /usr/sbin/virtlogd -d -p $B/pid/virtlogd.pid; } &&
  exec /usr/sbin/libvirtd -d $( [ "$listen" = 1 ] && echo -l ) -p $B/pid/libvirtd.pid'
EOF
  chmod 755 "$B/start.sh"
}

setup_instance a "$ADDR_A" 0 "$NSA"
setup_instance b "$ADDR_B" 1 "$NSB"

URI_A="qemu:///system?socket=$T/a/run/libvirt-sock"
URI_B_SOCK="qemu:///system?socket=$T/b/run/libvirt-sock"
URI_B="qemu+tcp://$ADDR_B/system"

answers ()
{
  timeout 5 virsh -q -c "$1" uri >/dev/null 2>&1
}

wait_answer ()
{
  local i
  for i in $(seq 240); do
    answers "$1" && return 0
    sleep 0.25
  done
  return 1
}

t0=$(date +%s%N)
timeout 60 "$T/a/start.sh" || { echo "Bail out! the local test libvirtd did not start"; exit 1; }
timeout 60 "$T/b/start.sh" || { echo "Bail out! the remote test libvirtd did not start"; exit 1; }
wait_answer "$URI_A" || { echo "Bail out! the local test libvirtd does not answer"; exit 1; }
wait_answer "$URI_B_SOCK" || { echo "Bail out! the remote test libvirtd does not answer"; exit 1; }
# the TCP listener, seen from netns A
for i in $(seq 40); do
  ip netns exec "$NSA" timeout 5 virsh -q -c "$URI_B" uri >/dev/null 2>&1 && break
  sleep 0.25
done
ip netns exec "$NSA" timeout 5 virsh -q -c "$URI_B" uri >/dev/null 2>&1 ||
  { echo "Bail out! $URI_B does not answer from netns $NSA"; exit 1; }
echo "# harness: both libvirtds up in $(( ($(date +%s%N) - t0) / 1000000 )) ms"

# -- two diskless VMs on each host ------------------------------------------

define_vm ()
{
  local uri=$1 name=$2
  cat > "$T/$name.xml" <<EOF
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>
  <devices>
    <serial type='pty'/>
  </devices>
</domain>
EOF
  timeout 60 virsh -q -c "$uri" define "$T/$name.xml" >/dev/null ||
    { echo "Bail out! could not define $name"; exit 1; }
}

define_vm "$URI_A" mh-local-1
define_vm "$URI_A" mh-local-2
define_vm "$URI_B_SOCK" mh-remote-1
define_vm "$URI_B_SOCK" mh-remote-2

export VIREO_MH_URI_LOCAL="$URI_A"
export VIREO_MH_URI_REMOTE="$URI_B"
export VIREO_MH_VMS_LOCAL="mh-local-1 mh-local-2"
export VIREO_MH_VMS_REMOTE="mh-remote-1 mh-remote-2"
export VIREO_MH_PIDFILE_REMOTE="$T/b/pid/libvirtd.pid"
export VIREO_MH_RESTART_CMD="$T/b/start.sh"

# Meson gives a timed-out test 0.5 s before SIGKILL, too little to clean up:
# stop the test ourselves first, so the daemons and namespaces still go.
INNER_TIMEOUT=${VIREO_TEST_INNER_TIMEOUT:-360}
timeout -k 5 "$INNER_TIMEOUT" ip netns exec "$NSA" "$@" &
CHILD=$!
wait "$CHILD"
rc=$?
CHILD=
if [ $rc = 124 ] || [ $rc = 137 ]; then
  echo "Bail out! the test did not finish within $INNER_TIMEOUT s"
  rc=1
fi
exit $rc
