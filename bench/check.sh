#!/usr/bin/env bash
# Benchmark: `sendwell check` against the test resolver, next to a named peer doing the same four
# lookups (NS, MX, TXT, _dmarc TXT) with Knot's kdig in one process, one after another (kdig only
# resolves; sendwell also validates the name, recognises hosts and writes findings as JSON).
# Prints means and the ratio. Unbound's cache is warm after the warm-up runs, as for a re-check.
# Needs the test servers (tests/servers/start.sh) and hyperfine (apt-get install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."

resolver=${RESOLVER:-127.0.0.21}
domain=${DOMAIN:-example.test}
runs=${RUNS:-30}
command -v hyperfine >/dev/null || { echo "install hyperfine: apt-get install -y hyperfine" >&2; exit 1; }
cargo build --release -q -p sendwell-cli
bin=target/release/sendwell

peer="kdig @$resolver +short $domain NS $domain MX $domain TXT _dmarc.$domain TXT"
out=$(mktemp)
hyperfine --warmup 3 --runs "$runs" -N --export-json "$out" \
  --command-name "sendwell check (4 lookups, concurrent)" "$bin check $domain --resolver $resolver --json" \
  --command-name "kdig, 4 queries (sequential, peer)" "$peer" >/dev/null
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for x in r:
    print(f"{x['command']:<42} mean {x['mean']*1000:7.2f} ms  ± {x['stddev']*1000:5.2f} ms  (min {x['min']*1000:.2f})")
print(f"ratio sendwell / peer: {r[0]['mean']/r[1]['mean']:.2f}")
PY
rm -f "$out"
