#!/usr/bin/env python3
# tools/test-summary.py BUILDDIR [BUILDDIR...] -- reads meson's testlog.json of each build dir and
# prints one line over all of them: "N passed, N failed, N skipped". Tests of a build dir after
# the first are named with its folder (build-sanitize/core/test-uri). Exit status 1 when a test
# failed (or a log is missing).
import json
import os
import sys

passed = failed = skipped = 0
failures = []
for i, builddir in enumerate(sys.argv[1:]):
    log = builddir + "/meson-logs/testlog.json"
    prefix = "" if i == 0 else os.path.basename(os.path.normpath(builddir)) + "/"
    try:
        with open(log, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                entry = json.loads(line)
                result = entry.get("result", "")
                name = prefix + entry.get("name", "?")
                if result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif result == "SKIP":
                    skipped += 1
                else:                       # FAIL, TIMEOUT, UNEXPECTEDPASS, ERROR, INTERRUPT
                    failed += 1
                    failures.append("%s (%s)" % (name, result))
    except FileNotFoundError:
        print("no test log at %s: the tests did not run" % log)
        failed += 1
        failures.append(builddir + " (did not run)")

for name in failures:
    print("failed: " + name)
print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
sys.exit(1 if failed else 0)
