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
#   VIREO_MH_REMOTE_ADDR     10.77.N.2, the remote host's address
#   VIREO_MH_TMPDIR          a per-run directory for files QEMU must read
#   VIREO_TEST_DOMAIN_TYPE   kvm when QEMU can open /dev/kvm, else qemu
#   VIREO_MH_SSH_URI         qemu+ssh://root@10.77.N.2/system?keyfile=...&no_verify=1
#                            (or VIREO_MH_SSH_SKIP: why there is no sshd)
#
# SSH: an sshd of its own (/usr/sbin/sshd, Debian openssh-server) runs in
# netns B on 10.77.N.2:22 with a config, host key and authorized key made
# here (key-only root login, no PAM, StrictModes off); in its private mount
# namespace /run/libvirt is the remote libvirtd's, so `virt-ssh-helper` on
# the "remote host" reaches that daemon as on a real one.  The test runs in
# a private mount namespace whose root home directory (/root) is a temp dir:
# ssh's known_hosts goes there, never into the machine's ~/.ssh.  Running
# guests, sshd and every process left in either namespace are killed at the
# end, pass or fail.

set -u

# shared with the other harnesses: skip, our_daemon_alive, kill_pidfiles,
# kvm_usable, libvirt_state_dir, libvirt_mounts
. "$(dirname "$(readlink -f "$0")")/../netns-lib.sh" || { echo "Bail out! tests/netns-lib.sh is missing"; exit 1; }
# the daemons started here (killed by pid file at the end)
OUR_DAEMONS="libvirtd virtlogd sshd"

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

# kill_netns_pids NS: TERM every live process in netns NS, KILL what is left
kill_netns_pids ()
{
  local pids pid i
  pids=$(ip netns pids "$1" 2>/dev/null)
  [ -n "$pids" ] || return 0
  for pid in $pids; do
    echo "# harness: killing $(ps -o comm= -p "$pid" 2>/dev/null) ($pid), left in netns $1"
    kill -TERM "$pid" 2>/dev/null
  done
  for i in $(seq 30); do
    pids=$(ip netns pids "$1" 2>/dev/null)
    [ -n "$pids" ] || return 0
    sleep 0.1
  done
  for pid in $pids; do
    kill -KILL "$pid" 2>/dev/null
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
    # guests first, while their daemons still run (the test removes its own)
    for n in a b; do
      [ -S "$T/$n/run/libvirt-sock" ] || continue
      for dom in $(timeout 10 virsh -q -c "qemu:///system?socket=$T/$n/run/libvirt-sock" list --name 2>/dev/null); do
        timeout 10 virsh -q -c "qemu:///system?socket=$T/$n/run/libvirt-sock" destroy "$dom" >/dev/null 2>&1
      done
    done
    kill_pidfiles "$T/ssh/sshd.pid"
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
  # whatever still runs in our namespaces is ours (a QEMU whose libvirtd
  # died, an sshd session, an ssh tunnel)
  for ns in "${NETNS_MADE[@]}"; do
    kill_netns_pids "$ns"
  done
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
  local n=$1 addr=$2 listen=$3 uuid
  local B=$T/$n
  uuid=$(cat /proc/sys/kernel/random/uuid)
  libvirt_state_dir "$B"
  rm -rf "$B/lib/images/"* "$B/lib/qemu/"*/* 2>/dev/null
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
# QEMU as root with its capabilities: post-copy needs userfaultfd, which the
# kernel refuses a process without CAP_SYS_PTRACE when
# vm.unprivileged_userfaultfd is 0 (the machine's sysctl is left alone)
user = "root"
group = "root"
clear_emulator_capabilities = 0
EOF
  cat >> "$B/etc/virtlogd.conf" <<EOF

log_outputs = "3:file:$T/logs/virtlogd-$n.log"
EOF

  # start script: private mount namespace inside the netns; reuses a virtlogd
  # that still runs (after the libvirtd alone was killed)
  cat > "$B/start.sh" <<EOF
#!/bin/sh
exec ip netns exec $4 unshare -m --propagation private sh -c '
  $(libvirt_mounts "$B")
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

# -- KVM or TCG for the guests a test starts ------------------------------------

# both daemons run QEMU as root (their qemu.conf above)
qemu_user=root
if [ -n "${VIREO_TEST_DOMAIN_TYPE:-}" ]; then
  echo "# accel: $VIREO_TEST_DOMAIN_TYPE (VIREO_TEST_DOMAIN_TYPE set by the caller)"
elif kvm_usable; then
  export VIREO_TEST_DOMAIN_TYPE=kvm
  echo "# accel: kvm"
else
  export VIREO_TEST_DOMAIN_TYPE=qemu
  echo "# accel: tcg ($qemu_user cannot open /dev/kvm)"
fi

# -- the client's home: a temp dir, mounted on root's home for the test ----------

ROOT_HOME=$(getent passwd "$(id -u)" | cut -d: -f6)
ROOT_HOME=${ROOT_HOME:-/root}
[ -d "$ROOT_HOME" ] || { echo "Bail out! no home directory $ROOT_HOME to mount a private one on"; exit 1; }
mkdir -m 700 "$T/home"

# in_client_ns CMD...: CMD in netns A with the private home, as the test
in_client_ns ()
{
  ip netns exec "$NSA" unshare -m --propagation private \
    sh -c 'mount --bind "$0" "$1" && shift && exec "$@"' "$T/home" "$ROOT_HOME" "$@"
}

# -- sshd on the remote host -------------------------------------------------------

start_sshd ()
{
  local S=$T/ssh i
  [ -x /usr/sbin/sshd ] || { echo "/usr/sbin/sshd is not installed (package openssh-server)"; return 1; }
  command -v ssh >/dev/null && command -v ssh-keygen >/dev/null ||
    { echo "ssh or ssh-keygen is not installed (package openssh-client)"; return 1; }
  getent passwd sshd >/dev/null || { echo "no 'sshd' privilege separation user (package openssh-server)"; return 1; }
  mkdir -m 700 "$S"
  ssh-keygen -q -t ed25519 -N '' -C vireo-mh-host -f "$S/host_ed25519" ||
    { echo "ssh-keygen failed"; return 1; }
  ssh-keygen -q -t ed25519 -N '' -C vireo-mh-client -f "$S/id_ed25519" ||
    { echo "ssh-keygen failed"; return 1; }
  cp "$S/id_ed25519.pub" "$S/authorized_keys"
  printf '%s\n' \
    "ListenAddress $ADDR_B" \
    "Port 22" \
    "HostKey $S/host_ed25519" \
    "PidFile $S/sshd.pid" \
    "AuthorizedKeysFile $S/authorized_keys" \
    "PermitRootLogin prohibit-password" \
    "PubkeyAuthentication yes" \
    "PasswordAuthentication no" \
    "KbdInteractiveAuthentication no" \
    "UsePAM no" \
    "StrictModes no" \
    "AllowTcpForwarding yes" \
    "X11Forwarding no" \
    "PrintMotd no" \
    "LogLevel VERBOSE" > "$S/sshd_config"
  # its own /run (sshd wants /run/sshd), holding the remote daemon's /run/libvirt
  ip netns exec "$NSB" unshare -m --propagation private sh -c "
    mount -t tmpfs -o mode=755 vireo-mh-run /run &&
    mkdir -p /run/sshd /run/libvirt &&
    mount --bind '$T/b/run' /run/libvirt &&
    exec /usr/sbin/sshd -f '$S/sshd_config' -E '$T/logs/sshd.log'" ||
    { echo "sshd did not start: $(tail -n 3 "$T/logs/sshd.log" 2>/dev/null)"; return 1; }
  for i in $(seq 50); do
    in_client_ns ssh -F /dev/null -i "$S/id_ed25519" -o BatchMode=yes -o StrictHostKeyChecking=no \
      -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=2 \
      "root@$ADDR_B" true </dev/null >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "sshd on $ADDR_B does not let the test key in: $(tail -n 3 "$T/logs/sshd.log" 2>/dev/null)"
  return 1
}

t0=$(date +%s%N)
if why=$(start_sshd); then
  export VIREO_MH_SSH_URI="qemu+ssh://root@$ADDR_B/system?keyfile=$T/ssh/id_ed25519&no_verify=1"
  echo "# harness: sshd on $ADDR_B:22 up in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
else
  export VIREO_MH_SSH_SKIP="$why"
  echo "# harness: no sshd: $why"
fi

export VIREO_MH_REMOTE_ADDR="$ADDR_B"
export VIREO_MH_TMPDIR="$T"
export VIREO_MH_URI_LOCAL="$URI_A"
export VIREO_MH_URI_REMOTE="$URI_B"
export VIREO_MH_VMS_LOCAL="mh-local-1 mh-local-2"
export VIREO_MH_VMS_REMOTE="mh-remote-1 mh-remote-2"
export VIREO_MH_PIDFILE_REMOTE="$T/b/pid/libvirtd.pid"
export VIREO_MH_RESTART_CMD="$T/b/start.sh"

# at most 360 s (or VIREO_TEST_INNER_TIMEOUT), then cleanup; no controlling
# terminal (setsid): an ssh that wanted to ask something fails at once
# instead of waiting on a terminal
run_test 360 setsid ip netns exec "$NSA" unshare -m --propagation private \
  sh -c 'mount --bind "$0" "$1" && shift && exec "$@"' "$T/home" "$ROOT_HOME" "$@"
exit $rc
