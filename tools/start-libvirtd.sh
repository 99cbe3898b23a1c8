#!/bin/bash
# tools/start-libvirtd.sh -- for `make run`: starts virtlogd and libvirtd when no service manager
# runs them (containers, CI machines without systemd). Only as root; does nothing when the system
# daemon already answers. The daemons stay up after Vireo exits, as a service would; stop them
# with: kill $(cat /run/libvirtd.pid) $(cat /run/virtlogd.pid)
set -uo pipefail

# a running (not zombie: without a reaping init, dead daemons linger as Z) process of that name
alive () { pgrep -x -r R,S,D,I "$1" > /dev/null; }
answers () { timeout 3 virsh -q -c qemu:///system uri > /dev/null 2>&1; }

if [ "$(id -u)" -ne 0 ]; then
  exit 0                                   # a normal user gets qemu:///session, which libvirt spawns itself
fi
if [ -d /run/systemd/system ]; then
  exit 0                                   # systemd starts libvirtd on demand (socket activation)
fi
if ! command -v libvirtd > /dev/null; then
  echo "start-libvirtd: libvirtd is not installed (package libvirt-daemon-system); Vireo will offer the demo host"
  exit 0
fi
if alive libvirtd && answers; then
  exit 0
fi

# Without udev /dev/kvm stays root:root 0600, so QEMU (running as libvirt-qemu) cannot use
# KVM and libvirt re-probes QEMU for ~50 s at every start. Give it what udev's rule gives.
if [ -c /dev/kvm ] && getent group kvm > /dev/null && [ "$(stat -c %G /dev/kvm)" = root ]; then
  chgrp kvm /dev/kvm && chmod 0660 /dev/kvm
fi

alive virtlogd || virtlogd -d
alive libvirtd || libvirtd -d
deadline=$((SECONDS + 90))   # the first start probes QEMU
while [ $SECONDS -lt $deadline ]; do
  if [ -S /run/libvirt/libvirt-sock ] && answers; then
    echo "start-libvirtd: libvirtd is running (pid $(cat /run/libvirtd.pid 2>/dev/null))"
    exit 0
  fi
  sleep 0.1
done
echo "start-libvirtd: libvirtd did not answer on /run/libvirt/libvirt-sock within 90 s; Vireo will say so" >&2
exit 0
