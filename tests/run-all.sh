#!/usr/bin/env bash
# Every check and test of Sendwell, in order, with the time of each stage and one closing line
# of totals. Starts the real test servers first and stops them on exit, also after a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOGS=$(mktemp -d /tmp/sendwell-test-logs.XXXXXX)
export CI=${CI:-}

passed=0
failed=0
failed_stages=()
summary=()

# The third-party conformance data: ../shared/conformance beside the project, or beside the
# repository this clone came from (CI clones main elsewhere). Tests fail in CI when it is missing.
if [ -z "${SENDWELL_CONFORMANCE_DIR:-}" ]; then
  for candidate in "$ROOT/../shared/conformance" \
    "$(git remote get-url origin 2>/dev/null || true)/../shared/conformance"; do
    if [ -d "$candidate" ]; then export SENDWELL_CONFORMANCE_DIR=$(cd "$candidate" && pwd); break; fi
  done
fi
# Every conformance suite appends its pass-count line here; printed after the Rust tests.
export SENDWELL_CONFORMANCE_REPORT="$LOGS/conformance.txt"

# Runners print plain text here (no colour codes to parse around).
export NO_COLOR=1 FORCE_COLOR=0 CARGO_TERM_COLOR=never

# count_<kind> LOG: print "PASSED FAILED" found in a runner's output.
count_cargo() {
  grep -E '^test result:' "$1" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/' |
    awk '{p+=$1; f+=$2} END {print p+0, f+0}'
}
count_vitest() {
  local line p f
  line=$(sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -E '^ +Tests +' | tail -n 1)
  p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || true)
  f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || true)
  echo "${p:-0} ${f:-0}"
}
count_tap() {
  local p f
  p=$(grep -E '^# pass [0-9]+' "$1" | tail -n 1 | grep -oE '[0-9]+' || true)
  f=$(grep -E '^# fail [0-9]+' "$1" | tail -n 1 | grep -oE '[0-9]+' || true)
  echo "${p:-0} ${f:-0}"
}
count_plain() {
  grep -oE '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1 | sed -E 's/([0-9]+) passed, ([0-9]+) failed/\1 \2/'
}
count_gate() { echo "1 0"; }

# stage NAME COUNTER COMMAND...: run, log, time and count one stage.
stage() {
  local name=$1 counter=$2
  shift 2
  local log="$LOGS/$name.log" start end rc p f
  echo "=== $name: $*"
  start=$(date +%s)
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  end=$(date +%s)
  read -r p f < <("count_$counter" "$log")
  if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then f=1; fi
  if [ "$rc" -ne 0 ] && [ "$counter" = gate ]; then p=0; fi
  passed=$((passed + p))
  failed=$((failed + f))
  local verdict=ok
  if [ "$rc" -ne 0 ]; then verdict=FAILED; failed_stages+=("$name"); fi
  summary+=("$(printf '%-14s %-7s %4ss  %s passed, %s failed' "$name" "$verdict" $((end - start)) "$p" "$f")")
  echo "=== $name: $verdict in $((end - start))s"
}

cleanup() {
  if [ -n "${SENDWELL_TEST_RUN:-}" ]; then bash tests/servers/stop.sh "$SENDWELL_TEST_RUN" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

total_start=$(date +%s)
bash tests/leftovers.sh > "$LOGS/processes-before.txt"

stage fmt gate cargo fmt --all --check
stage clippy gate cargo clippy --workspace --all-targets --quiet -- -D warnings
stage ui-check gate npm --prefix ui run --silent check
stage ui-test vitest npm --prefix ui test --silent

echo "=== servers: starting"
start=$(date +%s)
if run_dir=$(bash tests/servers/start.sh | tail -n 1) && [ -f "$run_dir/env" ]; then
  # shellcheck disable=SC1091
  . "$run_dir/env"
  summary+=("$(printf '%-14s %-7s %4ss' servers ok $(($(date +%s) - start)))")
  stage smoke plain bash tests/servers/smoke.sh
  stage rust-tests cargo cargo test --workspace --quiet
  echo "=== conformance suites (data: ${SENDWELL_CONFORMANCE_DIR:-not found}):"
  sed 's/^/  /' "$SENDWELL_CONFORMANCE_REPORT" 2>/dev/null || echo "  (no suite ran)"
  stage app-build gate bash scripts/build-app.sh
  stage e2e tap xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 tests/e2e/
else
  failed=$((failed + 1)); failed_stages+=(servers)
  summary+=("$(printf '%-14s %-7s %4ss' servers FAILED $(($(date +%s) - start)))")
fi
cleanup
SENDWELL_TEST_RUN=
stage leftovers plain bash tests/leftovers.sh "$LOGS/processes-before.txt"

echo
echo "Stages (logs in $LOGS):"
printf '  %s\n' "${summary[@]}"
echo "  whole run: $(($(date +%s) - total_start))s"
if [ ${#failed_stages[@]} -gt 0 ]; then echo "  failed stages: ${failed_stages[*]}"; fi
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failed_stages[@]} -eq 0 ]
