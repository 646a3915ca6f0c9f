#!/usr/bin/env bash
# Installs what Sendwell needs on Debian/Ubuntu, and only what is missing: `app` for building and
# running the desktop app, `test` for that plus the test servers, Xvfb, WebDriver and tauri-driver.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-app}

# System packages Tauri v2 needs on Linux (https://v2.tauri.app/start/prerequisites/).
APP_PACKAGES=(build-essential curl wget file pkg-config libwebkit2gtk-4.1-dev libxdo-dev libssl-dev fonts-dejavu-core
  libayatana-appindicator3-dev librsvg2-dev)
# What the desktop end-to-end test drives the app with.
E2E_PACKAGES=(xvfb xauth webkit2gtk-driver imagemagick dbus dbus-x11 fonts-dejavu-core)
# Tools the tests check exports with (named-checkzone validates the zone snippet).
TOOL_PACKAGES=(bind9-utils)

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

apt_install() {
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "These system packages are missing: $*" >&2
    echo "Install them with: sudo apt-get install -y $*" >&2
    exit 1
  fi
  echo "setup: installing $*"
  local had_policy=0
  [ -e /usr/sbin/policy-rc.d ] && had_policy=1
  # Keep apt from starting system copies of any daemon it installs.
  if [ $had_policy -eq 0 ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  if [ $had_policy -eq 0 ]; then rm -f /usr/sbin/policy-rc.d; fi
}

npm_install() {
  # npm ci only when node_modules is missing or older than the lock file.
  local dir=$1
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

command -v cargo >/dev/null || { echo "Rust is missing: install it from https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20 and npm are missing: install them (apt-get install nodejs npm)" >&2; exit 1; }

packages=("${APP_PACKAGES[@]}")
[ "$what" = test ] && packages+=("${E2E_PACKAGES[@]}" "${TOOL_PACKAGES[@]}")
# shellcheck disable=SC2207
missing=($(missing_packages "${packages[@]}"))
apt_install "${missing[@]}"

npm_install .
npm_install ui

if [ "$what" = test ]; then
  bash tests/servers/install.sh
  if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    echo "setup: cargo install tauri-driver"
    cargo install tauri-driver --locked --version '^2' --quiet
  fi
fi
