# Sourced by the benchmarks: use the running test servers ($SENDWELL_TEST_RUN set, e.g. after
# `source $RUN/env`), or start a private instance and stop it on exit.
# shellcheck shell=bash
bench_servers_up() {
    if [ -n "${SENDWELL_TEST_RUN:-}" ] && [ -f "$SENDWELL_TEST_RUN/env" ]; then
        # shellcheck disable=SC1091
        source "$SENDWELL_TEST_RUN/env"
        return
    fi
    local run
    run=$(bash tests/servers/start.sh 2>/dev/null | tail -n 1)
    # shellcheck disable=SC1091
    source "$run/env"
    BENCH_OWN_SERVERS=$run
    trap 'bash tests/servers/stop.sh "$BENCH_OWN_SERVERS" >/dev/null 2>&1' EXIT
}

# bench_add_zones FILE...: load zone files into the running Knot primary without a restart
# (copied into its zone directory, then added with knotc's configuration transaction). Names
# under test. resolve through Unbound, whose stub for test. points at the primary.
bench_add_zones() {
    local f zone
    $SENDWELL_TEST_KNOTC_PRIMARY conf-begin >/dev/null || {
        echo "knotc conf-begin failed: another configuration transaction is open ($SENDWELL_TEST_KNOTC_PRIMARY conf-abort ends it)" >&2
        return 1
    }
    for f in "$@"; do
        zone=$(basename "$f" .zone)
        cp "$f" "$SENDWELL_TEST_ZONES_DIR/"
        $SENDWELL_TEST_KNOTC_PRIMARY conf-set "zone[$zone]" >/dev/null
    done
    $SENDWELL_TEST_KNOTC_PRIMARY conf-commit >/dev/null
}

# bench_remove_zones FILE...: the reverse of bench_add_zones.
bench_remove_zones() {
    local f zone
    $SENDWELL_TEST_KNOTC_PRIMARY conf-begin >/dev/null
    for f in "$@"; do
        zone=$(basename "$f" .zone)
        $SENDWELL_TEST_KNOTC_PRIMARY conf-unset "zone[$zone]" >/dev/null
        rm -f "$SENDWELL_TEST_ZONES_DIR/$zone.zone"
    done
    $SENDWELL_TEST_KNOTC_PRIMARY conf-commit >/dev/null
}
