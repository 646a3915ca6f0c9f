#!/usr/bin/env bash
# Benchmark: the full audit of 200 generated domains (SPF with nested includes, DMARC, MX, DKIM),
# `sendwell check` against the named peer checkdmarc (the Python package) over the same domains,
# both asking the test resolver (Unbound, 127.0.0.21), checkdmarc with its MX TLS checks off (its
# default). Prints both wall times and the ratio. Each tool runs once first so Unbound's cache is
# equally warm for both.
# Needs the test servers (uses the running ones when $SENDWELL_TEST_RUN is set, else starts its
# own); installs checkdmarc into a venv under ~/.cache/sendwell-bench (PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/servers.sh

n=${DOMAINS:-200}
runs=${RUNS:-3}
resolver=${RESOLVER:-127.0.0.21}
venv=${BENCH_VENV:-$HOME/.cache/sendwell-bench/venv}
[ -x "$venv/bin/checkdmarc" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q checkdmarc; }
cargo build --release -q -p sendwell-cli
bin=$PWD/target/release/sendwell

bench_servers_up
work=$(mktemp -d)
BENCH_DKIM_KEY=$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null \
    | openssl pkey -pubout -outform DER | base64 -w0)
export BENCH_DKIM_KEY
mapfile -t domains < <(python3 bench/gen_zones.py "$n" "$work/zones")
bench_add_zones "$work"/zones/*.zone
cleanup() { bench_remove_zones "$work"/zones/*.zone; rm -rf "$work"; }
trap 'cleanup; [ -z "${BENCH_OWN_SERVERS:-}" ] || bash tests/servers/stop.sh "$BENCH_OWN_SERVERS" >/dev/null 2>&1' EXIT

# wall NAME CMD...: run CMD $runs times after one warm-up; print the median wall time in ms.
wall() {
    local name=$1 i t0 t1
    shift
    "$@" >/dev/null 2>&1 || true
    local times=()
    for ((i = 0; i < runs; i++)); do
        t0=$(date +%s%N)
        "$@" >"$work/$name.out" 2>"$work/$name.err" || true
        t1=$(date +%s%N)
        times+=($(((t1 - t0) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

ours=$(wall sendwell "$bin" check "${domains[@]}" --resolver "$resolver" --json)
peer=$(wall checkdmarc "$venv/bin/checkdmarc" "${domains[@]}" -t 2 -n "$resolver")
checked=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/sendwell.out")
peer_checked=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d) if isinstance(d,list) else 1)' "$work/checkdmarc.out")
printf 'domains: %s (sendwell reported %s, checkdmarc %s); median of %s runs\n' "$n" "$checked" "$peer_checked" "$runs"
printf 'sendwell check : %6d ms\n' "$ours"
printf 'checkdmarc     : %6d ms\n' "$peer"
python3 -c "import sys; o,p=int(sys.argv[1]),int(sys.argv[2]); print(f'ratio checkdmarc / sendwell: {p/max(o,1):.1f}x faster')" "$ours" "$peer"
