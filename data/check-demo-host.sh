#!/bin/bash
# Checks that every domain, the network and the pool of the demo host load in libvirt's
# test driver, and that the VMs cover the states the demo is meant to show.
# Usage: check-demo-host.sh /absolute/path/demo-host.xml     (TAP output)
set -euo pipefail

xml=${1:?usage: check-demo-host.sh ABSOLUTE-PATH}
uri="test://$xml"
n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }

xmllint --noout "$xml" && ok "well-formed XML" || not_ok "well-formed XML"

expected=$(xmllint --xpath '/node/domain/name/text()' "$xml" | sort)
if ! listed=$(timeout 30 virsh -q -c "$uri" list --all --name 2>&1); then
  not_ok "test driver opens $uri: $listed"
  echo "1..$n"
  exit 1
fi
listed=$(echo "$listed" | sed '/^$/d' | sort)
if [ "$expected" = "$listed" ]; then
  ok "all $(echo "$expected" | wc -l) domains load"
else
  not_ok "domains load"
  diff <(echo "$expected") <(echo "$listed") | sed 's/^/# /'
fi

states=$(timeout 30 virsh -q -c "$uri" list --all --managed-save | awk '{ $1 = ""; $2 = ""; sub(/^ +/, ""); print }' | sort -u)
for s in running paused "shut off" saved crashed pmsuspended; do
  if echo "$states" | grep -qx "$s"; then ok "a VM is $s"; else not_ok "a VM is $s"; fi
done

nets=$(timeout 30 virsh -q -c "$uri" net-list --all --name | sed '/^$/d' | wc -l)
[ "$nets" -ge 1 ] && ok "network loads" || not_ok "network loads"
vols=$(timeout 30 virsh -q -c "$uri" vol-list default | sed '/^$/d' | wc -l)
[ "$vols" -ge 1 ] && ok "pool 'default' has volumes" || not_ok "pool 'default' has volumes"

# Every libosinfo id used must exist in the installed osinfo-db.
for id in $(xmllint --xpath '//*[local-name()="os" and @id]/@id' "$xml" | sed 's/ id="\([^"]*\)"/\1\n/g' | sort -u); do
  if grep -rqs --include='*.xml' "<os id=\"$id\">" /usr/share/osinfo/os; then
    ok "osinfo id $id exists"
  else
    not_ok "osinfo id $id exists"
  fi
done

echo "1..$n"
exit $failed
