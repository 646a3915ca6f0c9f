#!/usr/bin/env bash
# Lists the test-related processes (servers, X, WebDriver, the app) that are alive now. With a
# file of PIDs from before the run, fails if any process not in it is still running.
#   bash tests/leftovers.sh > before.txt      # snapshot
#   bash tests/leftovers.sh before.txt        # check: exit 1 and list what was left behind
set -uo pipefail

NAMES='^(knotd|unbound|dovecot|master|qmgr|pickup|gnome-keyring-d|dbus-daemon|dbus-launch|Xvfb|WebKitWebDriver|tauri-driver|sendwell-desktop|sendwell|python3|node)$'

alive() {
  # pid, state, command name; zombies are already dead (PID 1 reaps them late here).
  ps -eo pid=,stat=,comm= | awk -v re="$NAMES" '$2 !~ /^Z/ && $3 ~ re {print $1}' | sort -n
}

if [ $# -eq 0 ]; then
  alive
  exit 0
fi

left=$(comm -13 "$1" <(alive) | grep -vx "$$" || true)
# This script's own helpers and the runner's node/python are not leftovers.
left=$(for pid in $left; do
  [ -d "/proc/$pid" ] || continue
  cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)
  case "$cmd" in *leftovers.sh*|"") continue ;; esac
  echo "$pid $cmd"
done)
if [ -n "$left" ]; then
  echo "not ok - processes left behind by the test run:"
  echo "$left" | sed 's/^/  /'
  echo "leftovers: 0 passed, 1 failed"
  exit 1
fi
echo "ok - no test processes left behind"
echo "leftovers: 1 passed, 0 failed"
