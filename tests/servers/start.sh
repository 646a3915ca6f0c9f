#!/usr/bin/env bash
# Starts the Sendwell test servers on loopback — Knot primary and secondary,
# the DNS black hole, Unbound, Dovecot, Postfix, and gnome-keyring on a
# private D-Bus — in a fresh run directory, each with its own config there.
#
#   RUN=$(bash tests/servers/start.sh) && source "$RUN/env"
#   ...
#   bash tests/servers/stop.sh "$RUN"
#
# The run directory is a new mktemp -d /tmp/sendwell-servers.XXXXXX, or
# $SENDWELL_TEST_RUN if that is set (it must be empty or not exist yet).
# Progress goes to stderr; stdout gets only the run directory, on its last
# line. Every server is polled until it really answers. If one fails, this
# says which, shows the end of its log, stops everything it started and exits
# non-zero; so does an interrupted start (INT/TERM/HUP).
set -euo pipefail

SERVERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
source "$SERVERS_DIR/lib/common.sh"
# shellcheck source=lib/dns.sh
source "$SERVERS_DIR/lib/dns.sh"
# shellcheck source=lib/mail.sh
source "$SERVERS_DIR/lib/mail.sh"
# shellcheck source=lib/keyring.sh
source "$SERVERS_DIR/lib/keyring.sh"

RUN=
FAILED_LOGS=
STARTED=0

make_run_dir() {
    local dir
    if [[ -n ${SENDWELL_TEST_RUN:-} ]]; then
        dir=$SENDWELL_TEST_RUN
        [[ $dir != *[[:space:]]* ]] || die "the run directory must not contain spaces: $dir"
        mkdir -p "$dir"
        [[ -z $(ls -A "$dir") ]] || die "SENDWELL_TEST_RUN=$dir is not empty"
        dir=$(cd "$dir" && pwd)
    else
        dir=$(mktemp -d /tmp/sendwell-servers.XXXXXX)
    fi
    RUN=$dir     # from here on, a failed start deletes it
    # Daemons drop privileges (postfix, dovenull, nobody) and must be able to
    # pass through; nothing here is listed to them.
    chmod 711 "$RUN"
    touch "$RUN/$MARKER"
    mkdir -p "$RUN/logs"
    : >"$RUN/pids"
    log "run directory: $RUN"
}

# on_exit: after a failed or interrupted start, report and clean up.
on_exit() {
    local rc=$?
    (( STARTED )) && return 0
    trap - EXIT INT TERM HUP
    (( rc != 0 )) || rc=1
    log "start FAILED (exit $rc)"
    # shellcheck disable=SC2086
    [[ -n $FAILED_LOGS ]] && show_log_tail $FAILED_LOGS
    if [[ -n $RUN ]]; then
        log "stopping what was started"
        bash "$SERVERS_DIR/stop.sh" "$RUN" || true
    fi
    exit "$rc"
}

# env_line NAME VALUE: one shell-safe export line.
env_line() { printf 'export %s=%q\n' "$1" "$2"; }

write_env() {
    local kd=$RUN/keyring
    {
        echo "# Sendwell test servers, run $RUN (written by tests/servers/start.sh)"
        env_line SENDWELL_TEST_RUN "$RUN"
        env_line SENDWELL_RESOLVERS "$RESOLVER_IP:53"
        env_line SENDWELL_TEST_RESOLVER "$RESOLVER_IP:53"
        env_line SENDWELL_TEST_PRIMARY "$PRIMARY_IP:53"
        env_line SENDWELL_TEST_SECONDARY "$SECONDARY_IP:53"
        env_line SENDWELL_TEST_BLACKHOLE "$BLACKHOLE_IP:53"
        env_line SENDWELL_TEST_ZONES_DIR "$RUN/zones"
        env_line SENDWELL_TEST_KNOT_PRIMARY_SOCKET "$RUN/knot-primary/knot.sock"
        env_line SENDWELL_TEST_KNOT_SECONDARY_SOCKET "$RUN/knot-secondary/knot.sock"
        env_line SENDWELL_TEST_KNOTC_PRIMARY "knotc -s $RUN/knot-primary/knot.sock"
        env_line SENDWELL_TEST_KNOTC_SECONDARY "knotc -s $RUN/knot-secondary/knot.sock"
        env_line SENDWELL_TEST_UNBOUND_CONTROL "unbound-control -c $RUN/unbound/unbound.conf"
        env_line SENDWELL_TEST_CA "$RUN/ca/ca.pem"
        env_line SENDWELL_TEST_MAIL_HOST "$MAIL_IP"
        env_line SENDWELL_TEST_MAIL_NAME "$MAIL_NAME"
        env_line SENDWELL_TEST_IMAP_PORT 143
        env_line SENDWELL_TEST_IMAPS_PORT 993
        env_line SENDWELL_TEST_POP3_PORT 110
        env_line SENDWELL_TEST_POP3S_PORT 995
        env_line SENDWELL_TEST_SUBMISSION_PORT 587
        env_line SENDWELL_TEST_SUBMISSIONS_PORT 465
        env_line SENDWELL_TEST_USER "$TEST_USER"
        env_line SENDWELL_TEST_PASSWORD "$TEST_PASSWORD"
        env_line SENDWELL_TEST_POP3_ONLY_USER "$POP3_ONLY_USER"
        env_line SENDWELL_TEST_POP3_ONLY_PASSWORD "$POP3_ONLY_PASSWORD"
        env_line SENDWELL_TEST_IMAP_ONLY_USER "$IMAP_ONLY_USER"
        env_line SENDWELL_TEST_IMAP_ONLY_PASSWORD "$IMAP_ONLY_PASSWORD"
        env_line SENDWELL_TEST_WRONG_HOST_IP "$WRONG_HOST_IP"
        env_line SENDWELL_TEST_EXPIRED_IP "$EXPIRED_IP"
        env_line SENDWELL_TEST_UNTRUSTED_IP "$UNTRUSTED_IP"
        env_line SENDWELL_TEST_CLOSED_PORT "$CLOSED_PORT"
        env_line SENDWELL_TEST_MAIL_DIR "$RUN/mail"
        env_line SENDWELL_TEST_LOG_DIR "$RUN/logs"
        env_line DBUS_SESSION_BUS_ADDRESS "$BUS_ADDRESS"
        # Not exported as HOME / XDG_RUNTIME_DIR: that would move cargo's and
        # everyone's home. Set them only for a process that needs them.
        env_line SENDWELL_TEST_KEYRING_HOME "$kd/home"
        env_line SENDWELL_TEST_KEYRING_XDG_RUNTIME_DIR "$kd/runtime"
        env_line SENDWELL_TEST_KEYRING_PASSWORD "$KEYRING_PASSWORD"
    } >"$RUN/env"
}

main() {
    local t0
    t0=$(now_ms)
    bash "$SERVERS_DIR/install.sh"
    check_ports_free
    trap on_exit EXIT
    trap 'log "interrupted"; exit 130' INT
    trap 'log "terminated"; exit 143' TERM HUP
    make_run_dir
    start_dns "$RUN"
    start_mail "$RUN"
    start_keyring "$RUN"
    write_env
    STARTED=1
    local ms=$(( $(now_ms) - t0 ))
    log "all servers up in $(( ms / 1000 )).$(printf '%03d' $(( ms % 1000 ))) s; source $RUN/env"
    printf '%s\n' "$RUN"
}

main "$@"
