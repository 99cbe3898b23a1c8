#!/bin/bash
# Runs one test under its own Xvfb and stops that server when the test ends, pass or fail.
#   tests/xvfb-test.sh COMMAND [ARG...]
# Xvfb picks a free display itself (-displayfd) and says which once it accepts connections,
# so ui tests can run side by side: xvfb-run -a guesses a number first and can hand two runs
# started together the same one.
set -u

dir=$(mktemp -d "${TMPDIR:-/tmp}/vireo-xvfb-XXXXXX") || exit 99
xvfb=
cleanup ()
{
  if [ -n "$xvfb" ]; then
    kill "$xvfb" 2>/dev/null
    wait "$xvfb" 2>/dev/null
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

mkfifo "$dir/display" || exit 99
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$dir/display" 2>"$dir/log" &
xvfb=$!
# the display number, once the server is ready (end of file if it fails to start)
read -r display <"$dir/display"
if [ -z "${display:-}" ]; then
  echo "xvfb-test: Xvfb failed to start:" >&2
  cat "$dir/log" >&2
  exit 99
fi

# the test runs as a child (not exec) so that this script stays to stop the server
DISPLAY=":$display" "$@"
exit $?
