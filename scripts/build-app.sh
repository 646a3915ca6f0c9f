#!/usr/bin/env bash
# Builds the desktop app with the UI bundled in (debug profile, no installer) and copies it to
# target/e2e/, where the end-to-end test expects it.
set -euo pipefail
cd "$(dirname "$0")/.."
# The Tauri CLI reads CI as its --ci flag and rejects an empty value (make test exports CI="").
[ -n "${CI:-}" ] || unset CI
npx tauri build --debug --no-bundle
mkdir -p target/e2e
cp target/debug/sendwell-desktop target/e2e/sendwell-desktop
