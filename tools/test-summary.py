#!/usr/bin/env python3
# tools/test-summary.py BUILDDIR -- reads meson's testlog.json and prints one line:
# "N passed, N failed, N skipped". Exit status 1 when a test failed (or the log is missing).
import json
import sys

log = sys.argv[1] + "/meson-logs/testlog.json"
passed = failed = skipped = 0
failures = []
try:
    with open(log, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            result = json.loads(line).get("result", "")
            name = json.loads(line).get("name", "?")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:                       # FAIL, TIMEOUT, UNEXPECTEDPASS, ERROR, INTERRUPT
                failed += 1
                failures.append("%s (%s)" % (name, result))
except FileNotFoundError:
    print("no test log at %s: the tests did not run" % log)
    print("0 passed, 1 failed, 0 skipped")
    sys.exit(1)

for name in failures:
    print("failed: " + name)
print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
sys.exit(1 if failed else 0)
