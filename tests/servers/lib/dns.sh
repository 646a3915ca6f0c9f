# DNS half of the Sendwell test servers (sourced by start.sh): writes the
# configs for the two Knot instances and Unbound into the run directory,
# starts them and the black hole, and polls each one until it answers.
# shellcheck shell=bash disable=SC2034  # globals are shared across the sourced files

# Zones both Knot instances serve (the secondary gets them by AXFR).
# Every fixture zone file but test.zone: adding a zone is adding its file.
MIRRORED_ZONES=$(cd "$SERVERS_DIR/zones" && for f in *.zone; do
    [ "$f" = test.zone ] || printf '%s ' "${f%.zone}"
done)
readonly MIRRORED_ZONES
# The parent zone test. is on the primary only: the secondary refusing it is
# what turns servfail.test (pointed at the secondary) into a SERVFAIL.
readonly PRIMARY_ONLY_ZONES="test"

# ---------------------------------------------------------------- configs --

# knot_server_conf DIR IP LOG: the server, database, control and log sections
# both Knot instances share.
knot_server_conf() {
    cat <<EOF
server:
    rundir: "$1"
    pidfile: "$1/knot.pid"
    listen: $2@53
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1

database:
    storage: "$1/db"

control:
    listen: "$1/knot.sock"

log:
  - target: "$3"
    any: info

EOF
}

write_knot_primary_conf() {
    local run=$1 dir=$1/knot-primary zone
    mkdir -p "$dir/db"
    {
        cat <<EOF
# Knot primary for the Sendwell tests: serves copies of the fixture zones
# from $run/zones; edit one there and run 'knotc -s $dir/knot.sock zone-reload'.
EOF
        knot_server_conf "$dir" "$PRIMARY_IP" "$run/logs/knot-primary.log"
        cat <<EOF
remote:
  - id: secondary
    address: $SECONDARY_IP@53
    via: $PRIMARY_IP

acl:
  - id: secondary_may_transfer
    address: $SECONDARY_IP
    action: transfer
  - id: tests_may_update
    address: 127.0.0.0/8
    action: update

template:
  - id: default
    storage: "$run/zones"
    file: "%s.zone"
    # The fixture files are never written back; edits are picked up by
    # zone-reload, which diffs them against the served zone and bumps the
    # serial itself (the serial in the file does not matter).
    zonefile-sync: -1
    zonefile-load: difference-no-serial
    journal-content: all
    serial-policy: increment
    semantic-checks: on

zone:
EOF
        for zone in $PRIMARY_ONLY_ZONES; do
            printf '  - domain: %s.\n    acl: tests_may_update\n' "$zone"
        done
        for zone in $MIRRORED_ZONES; do
            printf '  - domain: %s.\n    notify: secondary\n    acl: [secondary_may_transfer, tests_may_update]\n' "$zone"
        done
    } >"$dir/knot.conf"
}

write_knot_secondary_conf() {
    local run=$1 dir=$1/knot-secondary zone
    mkdir -p "$dir/db" "$dir/zones"
    {
        cat <<EOF
# Knot secondary for the Sendwell tests: a real secondary, fed by AXFR/IXFR
# from the primary after its NOTIFY. Never reads or writes zone files.
EOF
        knot_server_conf "$dir" "$SECONDARY_IP" "$run/logs/knot-secondary.log"
        cat <<EOF
remote:
  - id: primary
    address: $PRIMARY_IP@53
    via: $SECONDARY_IP

acl:
  - id: primary_may_notify
    address: $PRIMARY_IP
    action: notify

template:
  - id: default
    storage: "$dir/zones"
    master: primary
    acl: primary_may_notify
    zonefile-load: none
    zonefile-sync: -1

zone:
EOF
        for zone in $MIRRORED_ZONES; do
            printf '  - domain: %s.\n' "$zone"
        done
    } >"$dir/knot.conf"
}

# unbound_stub NAME ADDR...: one stub-zone clause.
unbound_stub() {
    local name=$1 addr
    shift
    printf 'stub-zone:\n    name: "%s"\n' "$name"
    for addr in "$@"; do
        printf '    stub-addr: %s\n' "$addr"
    done
}

write_unbound_conf() {
    local run=$1 dir=$1/unbound zone
    mkdir -p "$dir"
    {
        cat <<EOF
# Unbound for the Sendwell tests: the caching "public resolver". Cache TTL
# limits are left at their defaults, so negative answers are cached for the
# SOA minimum (60 s) and positive ones for the record TTL (300 s).
server:
    interface: $RESOLVER_IP@53
    outgoing-interface: $RESOLVER_IP
    do-ip6: no
    access-control: 127.0.0.0/8 allow
    do-not-query-localhost: no
    chroot: ""
    username: ""
    directory: "$dir"
    pidfile: "$dir/unbound.pid"
    logfile: "$run/logs/unbound.log"
    use-syslog: no
    log-time-ascii: yes
    verbosity: 1
    num-threads: 1
    # No trust anchor is configured, and test. is marked insecure anyway.
    domain-insecure: "test."
    # test. is one of Unbound's built-in blocked zones (RFC 6761); unblock it.
    local-zone: "test." nodefault
    # Keep timeout.test timing out on every query. Left to its defaults,
    # Unbound gives up on the black hole after about 6 s of retries, caches
    # that SERVFAIL for 5 s (per name and type), and once the server's
    # retransmit timeout passes 12 s it marks it down for up to 15 min
    # (infra-host-ttl 900), answering SERVFAIL at once for every name there.
    # A 5 s minimum retransmit timeout stretches each attempt to well over a
    # minute without an answer, and forgetting per-server state after a
    # second stops the mark-down. Our Knot servers answer in microseconds,
    # so neither setting changes anything else.
    infra-cache-min-rtt: 5000
    infra-host-ttl: 0

remote-control:
    control-enable: yes
    control-interface: "$dir/control.sock"

EOF
        unbound_stub "test." "$PRIMARY_IP"
        for zone in $MIRRORED_ZONES; do
            unbound_stub "$zone." "$PRIMARY_IP" "$SECONDARY_IP"
        done
        cat <<'EOF'
# servfail.test: a lame delegation. The secondary has no zone covering it
# (it does not carry test.), answers REFUSED, and Unbound returns SERVFAIL
# at once. (The primary would not do: it answers NXDOMAIN from test.)
EOF
        unbound_stub "servfail.test." "$SECONDARY_IP"
        cat <<'EOF'
# timeout.test: the black hole reads every query and never answers, so
# neither does Unbound (measured: no answer within 90 s, query after query;
# see infra-cache-min-rtt above).
EOF
        unbound_stub "timeout.test." "$BLACKHOLE_IP"
        cat <<'EOF'
# Everything outside .test: there is no internet here, and Unbound must never
# try the real root servers. The primary refuses the root, so any other name
# (e.g. _spf.google.com) is an immediate SERVFAIL.
EOF
        unbound_stub "." "$PRIMARY_IP"
    } >"$dir/unbound.conf"
    unbound-checkconf "$dir/unbound.conf" >/dev/null
}

# ----------------------------------------------------------------- probes --

# soa_serial SERVER ZONE: print the zone's SOA serial as SERVER answers it
# over TCP, or fail if it does not answer with one.
soa_serial() {
    local out
    out=$(kdig +tcp +timeout=1 +retry=0 +short "@$1" "$2." SOA) || return 1
    # shellcheck disable=SC2086  # split "mname rname serial ..." into words
    set -- $out
    [[ ${3:-} =~ ^[0-9]+$ ]] || return 1
    printf '%s\n' "$3"
}

primary_serves_all_zones() {
    local zone
    for zone in $PRIMARY_ONLY_ZONES $MIRRORED_ZONES; do
        soa_serial "$PRIMARY_IP" "$zone" >/dev/null || return 1
    done
}

secondary_in_sync() {
    local zone want got
    for zone in $MIRRORED_ZONES; do
        want=$(soa_serial "$PRIMARY_IP" "$zone") || return 1
        got=$(soa_serial "$SECONDARY_IP" "$zone") || return 1
        [[ $want == "$got" ]] || return 1
    done
}

blackhole_listening() {
    timeout 1 bash -c "exec 3<>/dev/tcp/$BLACKHOLE_IP/53" 2>/dev/null
}

unbound_resolves() {
    local out
    out=$(kdig +timeout=1 +retry=0 +short "@$RESOLVER_IP" example.test. SOA) || return 1
    [[ -n $out ]]
}

# ----------------------------------------------------------------- start --

start_knot() {
    local run=$1 role=$2 ready=$3
    run_daemon "$run" "knot-$role" "$run/logs/knot-$role.out" \
        knotd -c "$run/knot-$role/knot.conf"
    wait_ready "knot-$role" "$LAST_PID" 10 "$ready" ||
        { FAILED_LOGS="$run/logs/knot-$role.log $run/logs/knot-$role.out"; return 1; }
}

start_blackhole() {
    local run=$1
    run_daemon "$run" blackhole "$run/logs/blackhole.log" \
        python3 "$SERVERS_DIR/blackhole.py" --addr "$BLACKHOLE_IP" --port 53
    wait_ready blackhole "$LAST_PID" 10 blackhole_listening ||
        { FAILED_LOGS="$run/logs/blackhole.log"; return 1; }
}

start_unbound() {
    local run=$1
    run_daemon "$run" unbound "$run/logs/unbound.out" \
        unbound -d -c "$run/unbound/unbound.conf"
    wait_ready unbound "$LAST_PID" 10 unbound_resolves ||
        { FAILED_LOGS="$run/logs/unbound.log $run/logs/unbound.out"; return 1; }
}

# start_dns RUN: zones, configs, then the servers in dependency order (Unbound
# last, so nothing it caches predates the authoritative servers).
start_dns() {
    local run=$1
    mkdir -p "$run/zones"
    cp "$SERVERS_DIR"/zones/*.zone "$run/zones/"
    write_knot_primary_conf "$run"
    write_knot_secondary_conf "$run"
    write_unbound_conf "$run"
    start_knot "$run" primary primary_serves_all_zones
    start_knot "$run" secondary secondary_in_sync
    start_blackhole "$run"
    start_unbound "$run"
}
