#!/usr/bin/env bash
# Benchmark of the desktop app (release build, UI bundled in) under Xvfb, driven by tauri-driver
# + WebKitWebDriver (bench/app.mjs does the measuring):
#   (a) launch -> first step drawn, over RUNS launches (default 10): wall time from POST /session
#       (which starts the app) until the Domain step's input exists and a frame was drawn, and the
#       page's own clock for that frame (from navigationStart); median and p90 (target < 1 s);
#   (b) PSS of the app's whole process tree (sendwell-desktop, WebKitWebProcess,
#       WebKitNetworkProcess) IDLE_SECONDS (10) after that, per process (target < 300 MiB);
#   (c) the longest gap between frames, the p99 gap and the gaps over 50 ms while the app watches
#       20 records x 6 servers (Knot primary + secondary, four resolvers: UDP+TCP relays on
#       127.0.0.21:5301-5304 in front of the test Unbound), the records being published into a
#       bench-only zone ($BENCH_ZONE, default appbench.test) meanwhile; idle frames first.
# Needs the test servers' env: source "$(cat /tmp/shared-run)/env" (or tests/servers/start.sh).
# Uses target/release/sendwell-desktop as scripts/package.sh left it; builds it
# (`npx tauri build --no-bundle`) when missing or REBUILD=1. Numbers go to stdout and, as JSON,
# to target/bench/app.json. PHASES=launch or PHASES=watch runs one part.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
phases=${PHASES:-launch,watch}
case $phases in
  *watch*)
    : "${SENDWELL_TEST_KNOTC_PRIMARY:?source the test servers env first: source \"\$(cat /tmp/shared-run)/env\"}"
    : "${SENDWELL_TEST_KNOTC_SECONDARY:?source the test servers env first}"
    : "${SENDWELL_TEST_ZONES_DIR:?source the test servers env first}"
    ;;
esac

app=${SENDWELL_APP:-$root/target/release/sendwell-desktop}
if [ "${REBUILD:-0}" = 1 ] || [ ! -x "$app" ]; then
  [ -n "${CI:-}" ] || unset CI
  npx tauri build --no-bundle
  app=$root/target/release/sendwell-desktop
fi
driver=${TAURI_DRIVER:-$HOME/.cargo/bin/tauri-driver}
command -v "$driver" >/dev/null || { echo "tauri-driver missing: cargo install tauri-driver --locked" >&2; exit 1; }
command -v WebKitWebDriver >/dev/null || { echo "WebKitWebDriver missing: apt-get install webkit2gtk-driver" >&2; exit 1; }

zone=${BENCH_ZONE:-appbench.test}
relay_ip=${BENCH_RELAY_IP:-127.0.0.21}
relay_ports=${BENCH_RELAY_PORTS:-5301 5302 5303 5304}
upstream=${SENDWELL_TEST_RESOLVER:-127.0.0.21:53}
primary=${SENDWELL_TEST_KNOTC_PRIMARY:-}
secondary=${SENDWELL_TEST_KNOTC_SECONDARY:-}
unbound=${SENDWELL_TEST_UNBOUND_CONTROL:-}

work=$(mktemp -d /tmp/sendwell-bench-app.XXXXXX)
mkdir -p "$work/home" "$work/runtime" "$root/target/bench"
chmod 700 "$work/home" "$work/runtime"
relay_pid=
zone_added=

# The bench zone on both Knot servers: the primary serves it from a file (with NOTIFY and
# transfers to the secondary), the secondary transfers it. Its data (journal, timers) is purged
# when it is removed, so the next run starts from the file again.
zone_configured() { $1 conf-read "zone[$zone]" >/dev/null 2>&1; }
remove_zone() {
  local c
  for c in "$secondary" "$primary"; do
    if zone_configured "$c"; then
      $c -f zone-purge "$zone" >/dev/null 2>&1 || true
      $c conf-begin >/dev/null && $c conf-unset "zone[$zone]" >/dev/null && $c conf-commit >/dev/null ||
        { $c conf-abort >/dev/null 2>&1; echo "could not remove $zone from Knot ($c)" >&2; }
    fi
  done
  rm -f "$SENDWELL_TEST_ZONES_DIR/$zone.zone"
  [ -z "$unbound" ] || $unbound flush_zone "$zone" >/dev/null 2>&1 || true
}
add_zone() {
  cat >"$SENDWELL_TEST_ZONES_DIR/$zone.zone" <<EOF
; $zone. — bench/app.sh's zone (added and removed by the benchmark): SOA and NS only, the
; records are published into it while the app watches. Negative TTL 5 s.
\$ORIGIN $zone.
\$TTL 300
@	IN SOA	ns1.example.test. hostmaster.example.test. ( 1 3600 600 86400 5 )
@	IN NS	ns1.example.test.
@	IN NS	ns2.example.test.
EOF
  $primary conf-begin >/dev/null || { echo "knotc conf-begin failed on the primary (another transaction open?)" >&2; return 1; }
  $primary conf-set "zone[$zone]" >/dev/null
  $primary conf-set "zone[$zone].notify" secondary >/dev/null
  $primary conf-set "zone[$zone].acl" secondary_may_transfer >/dev/null
  $primary conf-commit >/dev/null
  $secondary conf-begin >/dev/null || { echo "knotc conf-begin failed on the secondary" >&2; return 1; }
  $secondary conf-set "zone[$zone]" >/dev/null
  $secondary conf-commit >/dev/null
  zone_added=1
  for _ in $(seq 100); do
    if [ -n "$(kdig @127.0.0.12 "$zone" SOA +short +timeout=1 +retry=0 2>/dev/null)" ] &&
      [ -n "$(kdig @127.0.0.11 "$zone" SOA +short +timeout=1 +retry=0 2>/dev/null)" ]; then
      [ -z "$unbound" ] || $unbound flush_zone "$zone" >/dev/null 2>&1 || true
      return 0
    fi
    sleep 0.1
  done
  echo "$zone did not come up on both name servers" >&2
  return 1
}

# Every process this run started carries BENCH_WORK=$work in its environment (tauri-driver and
# the app run in process groups of their own, portals are started by the private D-Bus): found
# by that unique marker and ended by pid, if an interruption left any behind.
own_processes() {
  local e p
  for e in /proc/[0-9]*/environ; do
    p=${e#/proc/}
    p=${p%/environ}
    [ "$p" != $$ ] || continue
    if grep -qz "^BENCH_WORK=$work\$" "$e" 2>/dev/null; then echo "$p"; fi
  done
  return 0
}
end_own_processes() {
  local left
  left=$(own_processes)
  [ -n "$left" ] || return 0
  # shellcheck disable=SC2086
  kill $left 2>/dev/null || true
  sleep 1
  left=$(own_processes)
  # shellcheck disable=SC2086
  [ -z "$left" ] || kill -9 $left 2>/dev/null || true
  sleep 0.2
}
cleanup() {
  set +e # clean up as much as possible, whatever fails
  [ -z "$relay_pid" ] || kill "$relay_pid" 2>/dev/null
  end_own_processes
  # The document portal's FUSE mount in the private runtime dir, when it was started.
  ! mountpoint -q "$work/runtime/doc" 2>/dev/null || fusermount3 -u "$work/runtime/doc" 2>/dev/null || umount "$work/runtime/doc" 2>/dev/null || true
  [ -z "$zone_added" ] || remove_zone
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "bench/app.sh: interrupted (SIGINT)" >&2; exit 130' INT
trap 'echo "bench/app.sh: terminated (SIGTERM)" >&2; exit 143' TERM

case $phases in
  *watch*)
    # A zone left over from an interrupted run is purged first.
    remove_zone
    add_zone
    listen=()
    resolvers=
    for p in $relay_ports; do
      listen+=("$relay_ip:$p")
      resolvers=${resolvers:+$resolvers,}$relay_ip:$p
    done
    BENCH_WORK=$work python3 bench/lib/relay.py "$upstream" "${listen[@]}" >"$work/relay.out" 2>"$work/relay.err" &
    relay_pid=$!
    for _ in $(seq 50); do grep -q ready "$work/relay.out" 2>/dev/null && break; sleep 0.1; done
    grep -q ready "$work/relay.out" || { cat "$work/relay.err" >&2; exit 1; }
    ;;
  *) resolvers=$upstream ;;
esac

echo "app: $app ($(stat -c %s "$app") bytes, built $(date -r "$app" '+%F %T'))"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), WebKitGTK $(dpkg-query -W -f '${Version}' libwebkit2gtk-4.1-0 2>/dev/null || echo '?')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# A private D-Bus session with its own unlocked keyring (build_plan keeps the DKIM key there),
# Xvfb, a private HOME: nothing of the shared test instance's keyring or the real user's is used.
export SENDWELL_APP=$app TAURI_DRIVER=$driver BENCH_WORK=$work BENCH_ZONE=$zone \
  BENCH_OUT=${BENCH_OUT:-$root/target/bench/app.json} SENDWELL_RESOLVERS=$resolvers
rc=0
env -u DBUS_SESSION_BUS_ADDRESS -u GNOME_KEYRING_CONTROL -u DISPLAY -u WAYLAND_DISPLAY \
  HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" NO_AT_BRIDGE=1 \
  dbus-run-session -- bash -c '
    printf sw-bench-keyring | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
    keyring=$!
    # Wait for it to own the name without asking the Secret Service itself (that would start a
    # second, locked daemon through D-Bus activation), then for its unlocked login collection.
    for _ in $(seq 100); do
      dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
      sleep 0.1
    done
    for _ in $(seq 50); do
      dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets/collection/login \
        org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection string:Locked 2>/dev/null |
        grep -q "boolean false" && break
      sleep 0.1
    done
    xvfb-run -a -s "-screen 0 1280x800x24" node bench/app.mjs
    rc=$?
    kill $keyring 2>/dev/null
    exit $rc' 2>"$work/session.log" &
session_pid=$!
wait "$session_pid" || rc=$?
end_own_processes
# The session's stderr (portal, PipeWire and D-Bus chatter from a bare session) is kept, not shown.
cp "$work/session.log" "$root/target/bench/app-stderr.log"
[ "$rc" = 0 ] || { echo "bench/app.mjs failed (exit $rc); its stderr, last lines (all: target/bench/app-stderr.log):" >&2
  grep -v -e xdg-desktop-portal -e '^dbus-daemon' -e pw.conf "$work/session.log" | tail -n 40 >&2; }
if [ -n "$relay_pid" ]; then
  kill "$relay_pid" 2>/dev/null || true
  wait "$relay_pid" 2>/dev/null || true
  relay_pid=
  echo "queries per relay (udp/tcp): $(tail -n 1 "$work/relay.out")"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results: $BENCH_OUT"
exit "$rc"
