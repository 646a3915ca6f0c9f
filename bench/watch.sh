#!/usr/bin/env bash
# Benchmark: detection latency of `sendwell watch` — the time from the moment Knot serves a new
# record (its `zone-commit` returned) to the watch reporting it published on that name server —
# with default settings, and the queries each name server got per second. Each run watches one
# new TXT record in $ZONE (default prop8.test) at the primary and the secondary, plus Unbound,
# adds the record at a random moment $WAIT to $WAIT+1.5 s (default 30) after the watch started
# (a random phase against the 1.5 s serial poll), and stops when it is live. Each name server is
# asked through a small UDP relay that stamps every query, for the peak queries in any one second
# as well as the average.
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
import json, os, random, shlex, socket, statistics, subprocess, sys, tempfile, threading, time

binary, zone, runs, wait = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
knotc = shlex.split(os.environ["SENDWELL_TEST_KNOTC_PRIMARY"])
primary = os.environ.get("SENDWELL_TEST_PRIMARY", "127.0.0.11:53")
secondary = os.environ.get("SENDWELL_TEST_SECONDARY", "127.0.0.12:53")
resolver = os.environ.get("SENDWELL_TEST_RESOLVER", "127.0.0.21:53")
env = {k: v for k, v in os.environ.items() if k != "SENDWELL_RESOLVERS"}

class Relay:
    """UDP relay in front of one name server; `stamps` holds the time of every query."""

    def __init__(self, upstream):
        host, port = upstream.rsplit(":", 1)
        self.upstream = (host, int(port))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.up.connect(self.upstream)
        self.addr = "%s:%d" % self.sock.getsockname()
        self.clients, self.stamps = {}, []
        threading.Thread(target=self.down, daemon=True).start()
        threading.Thread(target=self.back, daemon=True).start()

    def down(self):
        while True:
            data, client = self.sock.recvfrom(65535)
            self.stamps.append(time.monotonic())
            self.clients[data[:2]] = client
            self.up.send(data)

    def back(self):
        while True:
            data = self.up.recv(65535)
            client = self.clients.pop(data[:2], None)
            if client:
                self.sock.sendto(data, client)

    def peak(self, since):
        """Most queries in any one-second window after `since`."""
        ts = [t for t in self.stamps if t >= since]
        best, lo = 0, 0
        for hi, t in enumerate(ts):
            while ts[lo] <= t - 1.0:
                lo += 1
            best = max(best, hi - lo + 1)
        return best

def knot(*args):
    subprocess.run(knotc + list(args), check=True, stdout=subprocess.DEVNULL)

tmp = tempfile.mkdtemp()
relays = {primary: Relay(primary), secondary: Relay(secondary)}
latency = {relays[primary].addr: [], relays[secondary].addr: []}
rates, peaks = [], []
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
        started = time.monotonic()
        proc = subprocess.Popen(
            [binary, "watch", zone, "--plan", path, "--authoritative", relays[primary].addr,
             "--authoritative", relays[secondary].addr, "--resolver", resolver, "--no-state", "--json",
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
        peaks.append(max(r.peak(started) for r in relays.values()))
finally:
    knot("-b", "zone-reload", zone)

for server, values in latency.items():
    values.sort()
    print(f"published at {server}: median {statistics.median(values)*1000:6.0f} ms, "
          f"p90 {values[int(len(values)*0.9) - 1]*1000:6.0f} ms, max {values[-1]*1000:6.0f} ms "
          f"({len(values)} runs)")
print(f"queries per second to the busiest name server, whole watch: "
      f"median {statistics.median(rates):.2f}, max {max(rates):.2f}")
print(f"most queries to one name server in any one second: "
      f"median {statistics.median(peaks)}, max {max(peaks)}")
PY
