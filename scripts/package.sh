#!/usr/bin/env bash
# Builds the release app and its Linux installers (`npx tauri build`: the bundle targets of
# tauri.conf.json that apply here, .deb and .rpm), then prints their sizes and the installed size.
# The release binary (target/release/sendwell-desktop, UI bundled in) is what bench/app.sh measures.
# Windows and macOS installers come from .github/workflows/installers.yml on the public home.
# An AppImage is not built: its tooling (linuxdeploy) is downloaded from GitHub at build time,
# which this machine cannot reach (see docs/BENCHMARKS.md, "Desktop app").
set -euo pipefail
cd "$(dirname "$0")/.."
# The Tauri CLI reads CI as its --ci flag and rejects an empty value (make test exports CI="").
[ -n "${CI:-}" ] || unset CI

npx tauri build "$@"

version=$(node -p 'require("./tauri.conf.json").version')
bin=target/release/sendwell-desktop
deb=$(ls -t target/release/bundle/deb/*_"$version"_*.deb | head -n 1)
rpm=$(ls -t target/release/bundle/rpm/*-"$version"-*.rpm | head -n 1)

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
size() { stat -c %s "$1"; }

installed_kib=$(dpkg-deb -f "$deb" Installed-Size)
# The payload as dpkg-deb lists it: the sum of the file sizes (column 3), directories count 0.
payload=$(dpkg-deb -c "$deb" | awk '{ s += $3 } END { print s }')

echo
echo "sizes (version $version):"
printf '  %-52s %10d bytes  %s\n' "$bin" "$(size "$bin")" "$(mib "$(size "$bin")")"
printf '  %-52s %10d bytes  %s\n' "$deb" "$(size "$deb")" "$(mib "$(size "$deb")")"
printf '  %-52s %10d bytes  %s\n' "$rpm" "$(size "$rpm")" "$(mib "$(size "$rpm")")"
printf '  %-52s %10d KiB    %s\n' "installed (.deb Installed-Size)" "$installed_kib" "$(mib $((installed_kib * 1024)))"
printf '  %-52s %10d bytes  %s\n' "installed (sum of dpkg-deb -c)" "$payload" "$(mib "$payload")"
echo "  files in the .deb:"
dpkg-deb -c "$deb" | awk '$3 > 0 { printf "    %10d  %s\n", $3, $6 }'
