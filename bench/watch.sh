#!/usr/bin/env bash
# Benchmark: detection latency of `sendwell watch` — the time from the moment Knot serves a new
# record (its `zone-commit` returned) to the watch reporting it published on that name server —
# with default settings, and the queries each name server got per second. Each run watches one
# new TXT record in $ZONE (default prop8.test) at the primary and the secondary, plus Unbound,
# adds the record at a random moment $WAIT to $WAIT+1.5 s (default 30) after the watch started
# (a random phase against the 1.5 s serial poll), and stops when it is live.
# Needs the test servers' env (tests/servers/start.sh). Do not run it beside the tests: it
# reloads $ZONE, as the prop8 test does. PROFILE=debug skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SENDWELL_TEST_KNOTC_PRIMARY:?source the test servers env (tests/servers/start.sh) first}"

runs=${RUNS:-20}
zone=${ZONE:-prop8.test}
profile=${PROFILE:-release}
wait=${WAIT:-30}
if [ "$profile" = release ]; then
  cargo build --release -q -p sendwell-cli
else
  cargo build -q -p sendwell-cli
fi
bin=target/$profile/sendwell

python3 - "$bin" "$zone" "$runs" "$wait" <<'PY'
import json, os, random, shlex, statistics, subprocess, sys, tempfile, threading, time

binary, zone, runs, wait = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
knotc = shlex.split(os.environ["SENDWELL_TEST_KNOTC_PRIMARY"])
primary = os.environ.get("SENDWELL_TEST_PRIMARY", "127.0.0.11:53")
secondary = os.environ.get("SENDWELL_TEST_SECONDARY", "127.0.0.12:53")
resolver = os.environ.get("SENDWELL_TEST_RESOLVER", "127.0.0.21:53")
env = {k: v for k, v in os.environ.items() if k != "SENDWELL_RESOLVERS"}

def knot(*args):
    subprocess.run(knotc + list(args), check=True, stdout=subprocess.DEVNULL)

tmp = tempfile.mkdtemp()
latency = {primary: [], secondary: []}
rates = []
try:
    for i in range(runs):
        knot("-b", "zone-reload", zone)
        host = f"bench{i}-{time.time_ns()}"  # a new name: no resolver has it cached
        content = f"sendwell-bench={i}-{time.time_ns()}"
        plan = {"domain": zone, "records": [{
            "type": "TXT", "name": f"{host}.{zone}", "host": host, "value": content,
            "content": content, "ttl": 300, "purpose": "benchmark", "topic": "spf",
            "change": {"kind": "new"}}]}
        path = os.path.join(tmp, "plan.json")
        with open(path, "w") as f:
            json.dump(plan, f)
        proc = subprocess.Popen(
            [binary, "watch", zone, "--plan", path, "--authoritative", primary,
             "--authoritative", secondary, "--resolver", resolver, "--no-state", "--json",
             "--timeout", f"{int(wait) + 30}s"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        waiting, published, summary = set(), {}, {}
        ready = threading.Event()

        def read():
            for line in proc.stdout:
                now = time.monotonic()
                e = json.loads(line)
                if e["event"] == "status" and e["role"] == "authoritative":
                    if e["state"] == "waiting":
                        waiting.add(e["server"])
                        if len(waiting) == 2:
                            ready.set()
                    elif e["state"] == "published":
                        published.setdefault(e["server"], now)
                elif e["event"] == "summary":
                    summary.update(e)

        reader = threading.Thread(target=read)
        reader.start()
        if not ready.wait(10):
            sys.exit("the watch did not start")
        time.sleep(wait + random.uniform(0, 1.5))
        knot("zone-begin", zone)
        knot("zone-set", zone, host, "300", "TXT", f'"{content}"')
        knot("zone-commit", zone)
        served = time.monotonic()
        proc.wait(timeout=wait + 40)
        reader.join()
        for server in latency:
            if server in published:
                latency[server].append(published[server] - served)
        ns = [q["queries"] for q in summary.get("server_queries", [])[:2]]
        if ns and summary.get("elapsed"):
            rates.append(max(ns) / summary["elapsed"])
finally:
    knot("-b", "zone-reload", zone)

for server, values in latency.items():
    values.sort()
    print(f"published at {server}: median {statistics.median(values)*1000:6.0f} ms, "
          f"p90 {values[int(len(values)*0.9) - 1]*1000:6.0f} ms, max {values[-1]*1000:6.0f} ms "
          f"({len(values)} runs)")
print(f"queries per second to the busiest name server, whole watch: "
      f"median {statistics.median(rates):.2f}, max {max(rates):.2f}")
PY
