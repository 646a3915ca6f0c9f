#!/usr/bin/env bash
# Installs the Debian packages the Sendwell test servers need (Knot, Unbound,
# Dovecot, Postfix, gnome-keyring, D-Bus, OpenSSL, Python 3, ...). Idempotent:
# silent when everything is there; otherwise one 'apt-get update' and one
# install, with a temporary policy-rc.d so apt starts none of the system
# services (the tests run their own instances). Needs root.
set -euo pipefail

export PATH="$PATH:/usr/sbin:/sbin"

# "file-that-must-exist package" pairs. Paths rather than commands where a
# package ships no command of its own (imap/pop3 are Dovecot plugins).
readonly NEEDS="
knotd                      knot
knotc                      knot
kdig                       knot-dnsutils
unbound                    unbound
unbound-control            unbound
unbound-checkconf          unbound
dovecot                    dovecot-core
/usr/lib/dovecot/imap      dovecot-imapd
/usr/lib/dovecot/pop3      dovecot-pop3d
postfix                    postfix
gnome-keyring-daemon       gnome-keyring
secret-tool                libsecret-tools
dbus-daemon                dbus
dbus-send                  dbus
openssl                    openssl
python3                    python3
ss                         iproute2
setsid                     util-linux
timeout                    coreutils
"

have() {
    if [[ $1 == /* ]]; then [[ -e $1 ]]; else command -v "$1" >/dev/null 2>&1; fi
}

missing_packages() {
    local path pkg
    while read -r path pkg; do
        [[ -n $path ]] || continue
        have "$path" || printf '%s\n' "$pkg"
    done <<<"$NEEDS" | sort -u
}

POLICY=/usr/sbin/policy-rc.d
POLICY_SAVED=

# block_service_starts: a policy-rc.d that says "no" (101) to every start.
block_service_starts() {
    if [[ -e $POLICY ]]; then
        POLICY_SAVED=$(mktemp /tmp/policy-rc.d.XXXXXX)
        cp -p "$POLICY" "$POLICY_SAVED"
    fi
    printf '#!/bin/sh\n# temporary, from tests/servers/install.sh\nexit 101\n' >"$POLICY"
    chmod 755 "$POLICY"
}

restore_service_starts() {
    if [[ -n $POLICY_SAVED ]]; then
        cp -p "$POLICY_SAVED" "$POLICY"
        rm -f "$POLICY_SAVED"
    else
        rm -f "$POLICY"
    fi
}

main() {
    local missing
    missing=$(missing_packages)
    [[ -n $missing ]] || return 0
    [[ $(id -u) == 0 ]] || { echo "install.sh: needs root to install: $missing" >&2; exit 1; }
    echo "install.sh: installing ${missing//$'\n'/ }" >&2
    block_service_starts
    trap restore_service_starts EXIT
    export DEBIAN_FRONTEND=noninteractive
    # Postfix asks how it is used; "No configuration" leaves /etc alone.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    missing=$(missing_packages)
    [[ -z $missing ]] || { echo "install.sh: still missing after install: $missing" >&2; exit 1; }
}

main "$@"
