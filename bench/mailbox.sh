#!/usr/bin/env bash
# Benchmark: `sendwell mailbox check` runs its IMAP, POP3 and SMTP probes concurrently, so the
# whole check should take about as long as its slowest probe alone. Measures (release build,
# against the test servers' Dovecot + Postfix, password from the test keyring) the full check
# next to each probe alone (the other two pointed at a closed port, which fails at once), and
# prints the ratio full / slowest alone. Target: <= 1.2.
# Needs the test servers (tests/servers/start.sh, env sourced) and hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-20}
: "${SENDWELL_TEST_MAIL_HOST:?source \$RUN/env from tests/servers/start.sh first}"
command -v hyperfine >/dev/null || { echo "install hyperfine: apt-get install -y hyperfine" >&2; exit 1; }
cargo build --release -q -p sendwell-cli
bin=target/release/sendwell
h=$SENDWELL_TEST_MAIL_HOST
closed=$h:$SENDWELL_TEST_CLOSED_PORT
user=$SENDWELL_TEST_USER
common="--ca-file $SENDWELL_TEST_CA --json"

# The password goes to the keychain once; every measured run reads it from there.
printf '%s\n' "$SENDWELL_TEST_PASSWORD" |
    "$bin" mailbox check "$user" --imap "$h:993" --pop3 "$h:995" --smtp "$h:465" $common \
        --password-stdin --save >/dev/null || [[ $? == 1 ]]

out=$(mktemp)
hyperfine --warmup 3 --runs "$runs" -N -i --export-json "$out" \
  --command-name "all three (concurrent)" "$bin mailbox check $user --imap $h:993 --pop3 $h:995 --smtp $h:465 $common" \
  --command-name "IMAP alone" "$bin mailbox check $user --imap $h:993 --pop3 $closed --smtp $closed $common" \
  --command-name "POP3 alone" "$bin mailbox check $user --imap $closed --pop3 $h:995 --smtp $closed $common" \
  --command-name "SMTP alone" "$bin mailbox check $user --imap $closed --pop3 $closed --smtp $h:465 $common" \
  >/dev/null
secret-tool clear service Sendwell username "$user" || true
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for x in r:
    print(f"{x['command']:<24} mean {x['mean']*1000:7.1f} ms  ± {x['stddev']*1000:5.1f} ms  (min {x['min']*1000:.1f})")
slowest = max(r[1:], key=lambda x: x["mean"])
print(f"ratio all three / slowest alone ({slowest['command']}): {r[0]['mean']/slowest['mean']:.2f}  (target <= 1.2)")
PY
rm -f "$out"
