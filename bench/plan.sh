#!/usr/bin/env bash
# Benchmark: `sendwell plan` for the issue's example (Google Workspace + SendGrid + one IP,
# external DMARC reports, Cloudflare), offline, release build, including a new RSA-2048 DKIM key
# (--no-keychain: the keychain write is not part of planning).
# The named peer is `openssl genrsa 2048`, which makes only the key. Prints the medians and the
# ratio; a third run without the key shows what the records alone cost. Target: the whole plan
# under 100 ms (median). RSA key generation searches for primes, so single runs vary a lot.
# Needs hyperfine and openssl.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-30}
command -v hyperfine >/dev/null || { echo "install hyperfine: apt-get install -y hyperfine" >&2; exit 1; }
command -v openssl >/dev/null || { echo "install openssl: apt-get install -y openssl" >&2; exit 1; }
cargo build --release -q -p sendwell-cli
bin=target/release/sendwell

plan="$bin plan example.com --provider google-workspace --provider sendgrid --ip 203.0.113.7 --dmarc-rua mailto:dmarc@reports.example.net --registrar cloudflare --format zone --offline --no-keychain"
out=$(mktemp)
hyperfine --warmup 3 --runs "$runs" -N --export-json "$out" \
  --command-name "sendwell plan (RSA-2048 key + records)" "$plan" \
  --command-name "openssl genrsa 2048 (peer, key only)" "openssl genrsa -out /dev/null 2048" \
  --command-name "sendwell plan --dkim-key none (records only)" "$plan --dkim-key none" >/dev/null 2>&1
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for x in r:
    print(f"{x['command']:<42} median {x['median']*1000:7.2f} ms  (mean {x['mean']*1000:.2f} ± {x['stddev']*1000:.2f}, min {x['min']*1000:.2f}, max {x['max']*1000:.2f})")
print(f"ratio sendwell / peer (medians): {r[0]['median']/r[1]['median']:.2f}")
print(f"target: under 100 ms -> {'met' if r[0]['median'] < 0.1 else 'NOT met'}")
PY
rm -f "$out"
