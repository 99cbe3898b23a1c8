#!/bin/bash
# help/check-help.sh HELPDIR/C -- validates the Mallard pages (schema), their links and ids.
set -uo pipefail
dir=${1:?usage: check-help.sh HELP-C-DIR}
cd "$dir" || exit 1
status=0

if yelp-check validate ./*.page; then echo "ok: pages are valid Mallard"; else echo "FAIL: yelp-check validate"; status=1; fi

out=$(yelp-check links . 2>&1)
if [ -z "$out" ]; then echo "ok: every link resolves"; else echo "$out"; echo "FAIL: broken links"; status=1; fi

out=$(yelp-check ids . 2>&1)
if [ -z "$out" ]; then echo "ok: page ids match file names"; else echo "$out"; echo "FAIL: page ids"; status=1; fi

out=$(yelp-check orphans . 2>&1)
if [ -z "$out" ]; then echo "ok: no orphan pages"; else echo "$out"; echo "FAIL: pages no guide links to"; status=1; fi

exit $status
