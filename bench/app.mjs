// The desktop app benchmark, run by bench/app.sh inside a private D-Bus session and Xvfb: the
// release app driven by tauri-driver + WebKitWebDriver (tests/e2e/webdriver.mjs).
//   launch: RUNS launches, each with a fresh data folder: wall time from POST /session (which
//           starts the app) to the Domain step's input existing and a frame drawn after it, the
//           page's own clock for the same moment, then the PSS of the app's whole process tree
//           IDLE_SECONDS after that.
//   watch:  a saved plan of BENCH_RECORDS records, a real watch of it against the test name
//           servers and four resolvers, and a requestAnimationFrame loop in the page recording
//           every gap between frames, first at idle, then while the watch runs and the records
//           are published into Knot.
// Prints a report and writes every number as JSON to BENCH_OUT.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Session, startDriver } from '../tests/e2e/webdriver.mjs';
import { txtRdata } from '../tests/e2e/zone.mjs';

const env = (name, fallback) => process.env[name] ?? fallback;
const cfg = {
  app: realpathSync(env('SENDWELL_APP')),
  runs: Number(env('RUNS', 10)),
  idleMs: Number(env('IDLE_SECONDS', 10)) * 1000,
  zone: env('BENCH_ZONE', 'appbench.test'),
  records: Number(env('BENCH_RECORDS', 20)),
  baselineMs: Number(env('BASELINE_SECONDS', 10)) * 1000,
  watchMs: Number(env('WATCH_SECONDS', 60)) * 1000,
  port: Number(env('BENCH_DRIVER_PORT', 4460)),
  work: env('BENCH_WORK'),
  out: env('BENCH_OUT'),
  phases: env('PHASES', 'launch,watch').split(','),
};
const knotc = env('SENDWELL_TEST_KNOTC_PRIMARY');

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

// ---------- processes ----------

function procTable() {
  const table = new Map();
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      table.set(Number(p), { pid: Number(p), comm, ppid: Number(f[1]), start: Number(f[19]) });
    } catch {
      /* gone */
    }
  }
  return table;
}

function descendants(root, table = procTable()) {
  const out = [];
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop();
    for (const p of table.values()) {
      if (p.ppid === pid) {
        out.push(p);
        todo.push(p.pid);
      }
    }
  }
  return out;
}

/** The app process this node process started (through tauri-driver and WebKitWebDriver). */
function findApp() {
  for (const p of descendants(process.pid)) {
    try {
      if (readlinkSync(`/proc/${p.pid}/exe`) === cfg.app) return p;
    } catch {
      /* gone */
    }
  }
  return null;
}

/** Unix ms at which a process started (kernel start time in ticks since boot). */
function startedAt(p) {
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  const boot = Date.now() - uptime * 1000;
  return boot + (p.start * 1000) / CLK_TCK;
}

function smapsRollup(pid) {
  const kb = {};
  for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n')) {
    const m = line.match(/^(\w+):\s+(\d+) kB/);
    if (m) kb[m[1]] = Number(m[2]);
  }
  return kb;
}

/** PSS of the app and every process below it, from /proc/<pid>/smaps_rollup. */
function treeMemory(app) {
  const table = procTable();
  const procs = [table.get(app.pid) ?? app, ...descendants(app.pid, table)];
  const rows = [];
  for (const p of procs) {
    try {
      const m = smapsRollup(p.pid);
      const cmd = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0')[0];
      rows.push({ pid: p.pid, name: cmd.split('/').pop() || p.comm, pss_kib: m.Pss, rss_kib: m.Rss,
        pss_anon_kib: m.Pss_Anon, pss_file_kib: m.Pss_File, pss_shmem_kib: m.Pss_Shmem });
    } catch {
      /* exited meanwhile */
    }
  }
  const sum = (k) => rows.reduce((s, r) => s + (r[k] ?? 0), 0);
  // PSS shares a library's pages among every process mapping it: another WebKitGTK app running on
  // the machine (another test's) halves the file-backed part. Counted, so the numbers can be read.
  const ours = new Set(rows.map((r) => r.pid));
  const otherWebKit = [...table.values()].filter((p) => /^WebKit(Web|Network)Pro/.test(p.comm) && !ours.has(p.pid)).length;
  return { total_pss_kib: sum('pss_kib'), total_pss_anon_kib: sum('pss_anon_kib'), total_pss_file_kib: sum('pss_file_kib'),
    total_rss_kib: sum('rss_kib'), other_webkit_processes: otherWebKit, processes: rows };
}

async function waitGone(pid, ms = 8000) {
  const deadline = Date.now() + ms;
  while (existsSync(`/proc/${pid}`) && Date.now() < deadline) await sleep(50);
  if (existsSync(`/proc/${pid}`)) {
    try {
      process.kill(pid, 'SIGKILL'); // the app this benchmark started, by its pid
    } catch {
      /* gone */
    }
    await sleep(200);
  }
}

// ---------- page ----------

const FIRST_STEP = `
const done = arguments[arguments.length - 1];
const sel = '[data-testid="domain-input"]';
const already = !!document.querySelector(sel);
const finish = (foundDate, foundNow) => requestAnimationFrame(() => done({
  already, foundDate, foundNow, date: Date.now(), now: performance.now(),
  timing: performance.timing.toJSON(), origin: performance.timeOrigin,
  paint: performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]),
  resources: performance.getEntriesByType('resource').map((e) => [e.name, Math.round(e.startTime), Math.round(e.duration)]),
  url: location.href, title: document.title,
}));
if (already) finish(Date.now(), performance.now());
else {
  const mo = new MutationObserver(() => {
    if (document.querySelector(sel)) { mo.disconnect(); finish(Date.now(), performance.now()); }
  });
  mo.observe(document.documentElement, { childList: true, subtree: true });
}`;

async function waitFirstStep(session) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await session.cmd('POST', '/execute/async', { script: FIRST_STEP, args: [] });
    } catch (e) {
      // The document can be replaced under the script while the app loads its page: ask again.
      if (Date.now() > deadline) throw e;
      await sleep(20);
    }
  }
}

/** Call a Tauri command from the page, as the UI's ipc/ layer does. */
async function invoke(session, cmd, args) {
  const r = await session.cmd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
      window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
        .then((value) => done({ ok: true, value }), (error) => done({ ok: false, error }));`,
    args: [cmd, args],
  });
  if (!r.ok) throw new Error(`${cmd} failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

const execSync = (session, script, args = []) => session.cmd('POST', '/execute/sync', { script, args });

// ---------- statistics ----------

function quantile(values, q) {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return null;
  return v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)];
}
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const ms = (x) => (x === null || x === undefined ? '   -' : `${Math.round(x)}`.padStart(5) + ' ms');
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;

// ---------- launch ----------

async function launchRun(i) {
  const data = join(cfg.work, `data-launch-${i}`);
  mkdirSync(data, { recursive: true });
  process.env.SENDWELL_DATA_DIR = data;
  const driver = await startDriver(cfg.port);
  let session;
  let app;
  try {
    const t0 = Date.now();
    session = await Session.open(driver.base, cfg.app);
    const tSession = Date.now();
    const page = await waitFirstStep(session);
    const tBack = Date.now();
    if (page.url.startsWith('http://127.0.0.1:5173')) throw new Error(`${cfg.app} is a dev build (loads ${page.url})`);
    app = findApp();
    if (!app) throw new Error('the app process was not found below this benchmark');
    const appStart = startedAt(app);
    const nav = page.timing.navigationStart;
    await sleep(page.date + cfg.idleMs - Date.now());
    const memory = treeMemory(app);
    for (const row of memory.processes) {
      const p = procTable().get(row.pid);
      if (p) row.started_after_app_ms = Math.round(startedAt(p) - appStart);
    }
    return {
      run: i + 1,
      session_ms: tSession - t0,
      first_step_ms: page.date - t0, // POST /session sent -> first frame after the input exists
      first_step_seen_ms: tBack - t0, // ... as the WebDriver answer reached the benchmark
      input_already_there: page.already,
      app_exec_ms: appStart - t0, // the app process started (kernel start time, 10 ms ticks)
      exec_to_navigation_ms: nav - appStart,
      navigation_to_first_step_ms: page.now, // performance.now() in that frame: from navigationStart
      navigation_to_input_ms: page.foundNow,
      navigation_to_dom_content_loaded_ms: page.timing.domContentLoadedEventEnd - nav,
      navigation_to_load_ms: page.timing.loadEventEnd - nav,
      first_contentful_paint_ms: (page.paint.find(([n]) => n === 'first-contentful-paint') ?? [null, null])[1],
      resources: page.resources,
      memory,
    };
  } finally {
    await session?.close();
    driver.stop();
    if (app) await waitGone(app.pid);
  }
}

async function launchPhase() {
  const runs = [];
  for (let i = 0; i < cfg.runs; i++) {
    const r = await launchRun(i);
    runs.push(r);
    console.log(`launch ${String(r.run).padStart(2)}: first step ${ms(r.first_step_ms)} (session ${ms(r.session_ms)}, ` +
      `exec ${ms(r.app_exec_ms)}, exec->nav ${ms(r.exec_to_navigation_ms)}, nav->drawn ${ms(r.navigation_to_first_step_ms)})` +
      `${r.input_already_there ? ' [input already there when asked]' : ''}; PSS ${mib(r.memory.total_pss_kib)}` +
      `${r.memory.other_webkit_processes ? ` (${r.memory.other_webkit_processes} other WebKit processes running)` : ' (no other WebKit app running)'}`);
  }
  const pick = (k) => runs.map((r) => r[k]);
  const summary = {};
  for (const k of ['first_step_ms', 'session_ms', 'app_exec_ms', 'exec_to_navigation_ms',
    'navigation_to_first_step_ms', 'navigation_to_input_ms', 'navigation_to_dom_content_loaded_ms', 'first_contentful_paint_ms']) {
    summary[k] = { median: median(pick(k)), p90: quantile(pick(k), 0.9), min: Math.min(...pick(k)), max: Math.max(...pick(k)) };
  }
  for (const k of ['total_pss_kib', 'total_pss_anon_kib', 'total_pss_file_kib', 'total_rss_kib']) {
    const v = runs.map((r) => r.memory[k]);
    summary[k] = { median: median(v), p90: quantile(v, 0.9), min: Math.min(...v), max: Math.max(...v) };
  }
  const alone = runs.filter((r) => r.memory.other_webkit_processes === 0).map((r) => r.memory.total_pss_kib);
  summary.alone_runs = alone.length;
  summary.total_pss_alone_kib = alone.length ? { median: median(alone), max: Math.max(...alone) } : null;
  // Per process: the run whose total is the median's (or just above it).
  const medianRun = runs.find((r) => r.memory.total_pss_kib >= summary.total_pss_kib.median) ?? runs[0];
  summary.per_process_run = medianRun.run;
  summary.per_process = medianRun.memory.processes;
  return { runs, summary };
}

// ---------- watch ----------

function benchChoices() {
  // Every source of records the catalog has: a mailbox provider with DKIM CNAMEs (Fastmail), a
  // transactional service with DKIM CNAMEs (Mailchimp Transactional), an own server by IP, a DKIM
  // key made here, DMARC at quarantine (so BIMI applies), MTA-STS, TLS-RPT. Fastmail's two MX
  // records only with BENCH_PROVIDER_MX=1: the watch names both "MX <domain>", and the
  // Propagation step's matrix, keyed by that name, stops with Svelte's each_key_duplicate.
  return {
    providers: ['fastmail', 'mailchimp-transactional', 'own-server'],
    ips: ['203.0.113.7'],
    spf_fail_all: null,
    dkim: { generate: true, selector: null, algorithm: 'rsa2048', avoid_selectors: [] },
    dmarc: { policy: 'quarantine', target: 'reject', subdomain_policy: null,
      rua: [`mailto:dmarc@${cfg.zone}`], ruf: [], adkim: null, aspf: null, failure_options: null,
      weeks_between_steps: 3 },
    extras: { mta_sts: { enforce: false, max_age: 604800 }, tls_rpt: [`mailto:tls@${cfg.zone}`],
      bimi: { logo_url: `https://${cfg.zone}/logo.svg`, certificate_url: null },
      provider_mx: process.env.BENCH_PROVIDER_MX === '1', never_sends: false },
    registrar: null,
    ttl: 300,
    start: null,
  };
}

/** Pad the saved plan to cfg.records records with more DKIM keys (copies of the plan's own DKIM
 * TXT record at other selectors), in the app's SQLite store while the app is closed. */
function padPlan(dataDir) {
  const py = `
import json, sqlite3, sys
db, zone, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
con = sqlite3.connect(db)
plan = json.loads(con.execute("SELECT plan FROM domains WHERE domain = ?", (zone,)).fetchone()[0])
own = [r for r in plan["records"] if not r.get("published_by")]
from_plan = len(own)
dkim = next(r for r in own if r["type"] == "TXT" and r["topic"] == "dkim")
added = []
i = 1
while len(own) + len(added) < want:
    r = dict(dkim)
    sel = "bench%d" % i
    r["name"] = "%s._domainkey.%s" % (sel, zone)
    r["host"] = "%s._domainkey" % sel
    r["purpose"] = "benchmark padding: another DKIM key"
    added.append(r)
    i += 1
others = [r for r in plan["records"] if r.get("published_by")]
plan["records"] = own + added + others
with con:
    con.execute("UPDATE domains SET plan = ? WHERE domain = ?", (json.dumps(plan), zone))
print(json.dumps({"from_plan": from_plan, "added": len(added), "records": own + added}))
`;
  return JSON.parse(execFileSync('python3', ['-c', py, join(dataDir, 'sendwell.db'), cfg.zone, String(cfg.records)], { encoding: 'utf8' }));
}

function rdata(r) {
  switch (r.type) {
    case 'TXT':
      return txtRdata(r.content);
    case 'CNAME':
      return r.content.endsWith('.') ? r.content : `${r.content}.`;
    case 'MX':
      return `${r.priority ?? 10} ${r.content.endsWith('.') ? r.content : `${r.content}.`}`;
    default:
      throw new Error(`no rdata for ${r.type}`);
  }
}

const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Publish records on the Knot primary in one transaction (the bench zone only). */
function publish(records) {
  const sh = (c) => execFileSync('sh', ['-c', c], { encoding: 'utf8' });
  sh(`${knotc} zone-begin ${cfg.zone}`);
  try {
    for (const r of records) sh(`${knotc} zone-set ${cfg.zone} ${r.name}. ${r.ttl} ${r.type} ${quote(rdata(r))}`);
    sh(`${knotc} zone-commit ${cfg.zone}`);
  } catch (e) {
    sh(`${knotc} zone-abort ${cfg.zone}`);
    throw e;
  }
}

// The frame monitor: every gap between two requestAnimationFrame callbacks, with the time it
// ended (performance.now()), in the phase it fell in.
const MONITOR = `
const b = window.__bench = { phase: 'baseline', gaps: { baseline: [], watch: [] }, last: null, running: true, t0: null, errors: [] };
// Errors the page does not handle (a crashed component stops updating): counted in the report.
window.addEventListener('error', (e) => b.errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => b.errors.push('unhandled rejection: ' + JSON.stringify(e.reason)));
const frame = (t) => {
  if (b.last !== null) b.gaps[b.phase].push([Math.round(t), t - b.last]);
  b.last = t;
  if (b.running) requestAnimationFrame(frame);
};
requestAnimationFrame(frame);`;

// Only when the Propagation step does not start a watch itself (a placeholder step): start one
// from the page with a hand-made channel (what @tauri-apps/api's Channel does), counting events.
const OWN_WATCH = `
const [domain, done] = [arguments[0], arguments[arguments.length - 1]];
const w = window.__bench.own = { events: 0, kinds: {} };
const I = window.__TAURI_INTERNALS__;
const id = I.transformCallback((raw) => {
  if (!raw || 'end' in raw) return;
  w.events++;
  w.kinds[raw.message.event] = (w.kinds[raw.message.event] || 0) + 1;
});
I.invoke('start_watch', { domain, onEvent: '__CHANNEL__:' + id }).then(() => done({ ok: true }), (error) => done({ ok: false, error }));`;

// What the person sees, read from the page, and the app's own saved progress (load_session).
const PROGRESS = `
const done = arguments[arguments.length - 1];
const b = window.__bench;
const text = (sel) => { const e = document.querySelector(sel); return e ? e.textContent.trim().replace(/\\s+/g, ' ') : null; };
const result = document.querySelector('[data-testid="watch-result"]');
const rows = document.querySelectorAll('[data-testid="watch-matrix"] tbody tr').length;
window.__TAURI_INTERNALS__.invoke('load_session', {}).then((s) => {
  const d = (s.domains || []).find((x) => x.domain === arguments[0]) || {};
  done({ t: Math.round(performance.now() - b.t0), shown: text('[data-testid="watch-progress"]'), rows,
    outcome: result ? result.dataset.outcome : null, saved: { watch: d.watch, live: d.records_live, total: d.records_total },
    frames: b.gaps.watch.length, own_events: b.own ? b.own.events : null });
}, (e) => done({ error: e }));`;

async function watchPhase() {
  const data = join(cfg.work, 'data-watch');
  mkdirSync(data, { recursive: true });
  process.env.SENDWELL_DATA_DIR = data;

  // 1. Seed the store through the app's own commands, called from the page; leave it on Publish.
  let driver = await startDriver(cfg.port);
  let session;
  let app;
  let seeded;
  try {
    session = await Session.open(driver.base, cfg.app);
    await waitFirstStep(session);
    app = findApp();
    const report = await invoke(session, 'check_domain', { input: cfg.zone });
    const plan = await invoke(session, 'build_plan', { domain: cfg.zone, choices: benchChoices() });
    await invoke(session, 'save_step', { domain: cfg.zone, step: 'publish' });
    seeded = { check_status: report.status, plan_records: plan.records.length,
      plan_records_to_watch: plan.records.filter((r) => !r.published_by).length,
      plan_record_list: plan.records.map((r) => `${r.type} ${r.name}${r.published_by ? ` (published by ${r.published_by})` : ''}`) };
  } finally {
    await session?.close();
    driver.stop();
    if (app) await waitGone(app.pid);
  }
  const padded = padPlan(data);
  seeded.padded_with = padded.added;
  console.log(`watch: the plan has ${seeded.plan_records_to_watch} records to publish (${seeded.plan_records} in all); ` +
    `${padded.added} more DKIM TXT records added in the store, ${padded.records.length} watched`);

  // 2. Reopen: the app returns to the Publish step; idle frames there; then the person opens the
  //    Propagation step (a click in the step list), which starts the watch.
  driver = await startDriver(cfg.port);
  session = undefined;
  app = undefined;
  const timeline = [];
  try {
    session = await Session.open(driver.base, cfg.app);
    await waitForStep(session, 'publish');
    app = findApp();
    await sleep(2000); // let the restored step settle: the idle frames are of a step at rest
    await execSync(session, MONITOR);
    await sleep(cfg.baselineMs);
    await execSync(session, `window.__bench.phase = 'watch'; window.__bench.t0 = performance.now();`);
    const t0 = Date.now();
    await session.click('li[data-step="propagation"] button');
    await waitForStep(session, 'propagation');
    let own = null;
    // The step shows its board once the watch has started.
    const board = await waitFor(session, `return !!document.querySelector('[data-testid="watch-progress"], [data-testid="watch-matrix"]');`, 10_000);
    if (!board) {
      own = await session.cmd('POST', '/execute/async', { script: OWN_WATCH, args: [cfg.zone] });
      if (!own.ok) throw new Error(`start_watch failed: ${JSON.stringify(own.error)}`);
      console.log('watch: the Propagation step showed no watch board: the benchmark started the watch from the page');
    }
    const shown = await execSync(session, `return { h1: (document.querySelector('main h1') || {}).textContent || null,
      elements: document.querySelectorAll('main *').length };`);
    const half = Math.ceil(padded.records.length / 2);
    const steps = [
      { at: 5000, what: `published ${half} records into Knot`, run: () => publish(padded.records.slice(0, half)) },
      { at: 15000, what: `published ${padded.records.length - half} records into Knot`, run: () => publish(padded.records.slice(half)) },
    ];
    let last = null;
    while (Date.now() - t0 < cfg.watchMs) {
      const due = steps.find((p) => !p.done && Date.now() - t0 >= p.at);
      if (due) {
        due.run();
        due.done = true;
        timeline.push({ t: Date.now() - t0, what: due.what });
      }
      last = await session.cmd('POST', '/execute/async', { script: PROGRESS, args: [cfg.zone] });
      timeline.push({ t: Date.now() - t0, progress: last });
      await sleep(2000);
    }
    const result = await execSync(session, `const b = window.__bench; b.running = false;
      return { gaps: b.gaps, own: b.own || null, errors: b.errors, main: (document.querySelector('main') || {}).innerText,
        summaries: [...document.querySelectorAll('[data-testid="record-summary"]')].map((e) => e.textContent.trim()),
        elements: document.querySelectorAll('main *').length };`);
    if (cfg.out) await session.screenshot(dirname(cfg.out), 'app-watch').catch(() => {});
    await invoke(session, 'cancel_watch', { domain: cfg.zone });
    const stats = (entries) => {
      const g = entries.map(([, gap]) => gap);
      return { frames: g.length, max_gap_ms: g.length ? Math.max(...g) : null,
        p99_gap_ms: quantile(g, 0.99), p50_gap_ms: quantile(g, 0.5), gaps_over_50ms: g.filter((x) => x > 50).length,
        seconds: g.reduce((a, x) => a + x, 0) / 1000,
        // the longest gaps, each with when it ended (ms after the watch started; before it: negative)
        longest: [...entries].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([t, gap]) => ({ gap_ms: Math.round(gap), at_ms: t })),
        over_50ms: entries.filter(([, gap]) => gap > 50).map(([t, gap]) => ({ gap_ms: Math.round(gap), at_ms: t })) };
    };
    const baseline = stats(result.gaps.baseline);
    const watch = stats(result.gaps.watch);
    const watchT0 = await execSync(session, 'return window.__bench.t0;').catch(() => null);
    for (const s of [baseline, watch]) for (const l of [...s.longest, ...s.over_50ms]) l.at_ms = watchT0 === null ? l.at_ms : Math.round(l.at_ms - watchT0);
    return {
      seeded,
      ui_started_watch: !own,
      own_events: result.own,
      shown: { ...shown, elements_at_end: result.elements },
      baseline,
      watch,
      matrix_rows: last?.rows ?? null,
      last_progress: last,
      record_summaries: result.summaries,
      page_errors: result.errors,
      main_text: result.main,
      servers: 2 + (process.env.SENDWELL_RESOLVERS ?? '').split(',').filter(Boolean).length,
      records: padded.records.length,
      timeline,
    };
  } finally {
    await session?.close();
    driver.stop();
    if (app) await waitGone(app.pid);
  }
}

async function waitFor(session, script, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await execSync(session, script).catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

/** Wait until the app shows `step` (its entry in the step list is the current one), loaded. */
async function waitForStep(session, step) {
  const ok = await waitFor(session, `return !!document.querySelector('li.current[data-step="${step}"]') &&
    !!document.querySelector('main h1') && !document.querySelector('[data-testid="session-loading"]');`, 30_000);
  if (!ok) throw new Error(`the app did not show the ${step} step`);
}

// ---------- main ----------

const results = { date: new Date().toISOString(), app: cfg.app, cores: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
  config: { ...cfg, app: undefined } };
const stopAll = () => process.exit(130);
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

if (cfg.phases.includes('launch')) {
  results.launch = await launchPhase();
  const s = results.launch.summary;
  console.log(`\n(a) launch -> first step drawn, ${cfg.runs} launches: median ${ms(s.first_step_ms.median)}, p90 ${ms(s.first_step_ms.p90)} ` +
    `(min ${ms(s.first_step_ms.min)}, max ${ms(s.first_step_ms.max)}); target < 1000 ms`);
  console.log(`    of which: POST /session returned ${ms(s.session_ms.median)}; app exec at ${ms(s.app_exec_ms.median)}; ` +
    `exec -> navigationStart ${ms(s.exec_to_navigation_ms.median)}`);
  console.log(`    the page's own view (performance.now() at that frame, from navigationStart): median ${ms(s.navigation_to_first_step_ms.median)}, ` +
    `p90 ${ms(s.navigation_to_first_step_ms.p90)}; DOMContentLoaded at ${ms(s.navigation_to_dom_content_loaded_ms.median)}, ` +
    `first contentful paint at ${ms(s.first_contentful_paint_ms.median)}, the input in the DOM at ${ms(s.navigation_to_input_ms.median)}`);
  const mr = results.launch.runs.find((r) => r.run === s.per_process_run);
  if (mr.resources.length) console.log(`    requests of the page (run ${mr.run}; start, duration): ` + mr.resources.map(([n, st, d]) => `${n.replace(/^.*\/\/[^/]*\//, '/')} @${st} +${d}`).join(', '));
  console.log(`(b) PSS of the app's process tree ${cfg.idleMs / 1000} s after the first step: median ${mib(s.total_pss_kib.median)}, ` +
    `p90 ${mib(s.total_pss_kib.p90)} (min ${mib(s.total_pss_kib.min)}, max ${mib(s.total_pss_kib.max)}); target < 300 MiB`);
  console.log(`    with no other WebKitGTK app on the machine (${s.alone_runs} of ${cfg.runs} runs): ` +
    `${s.total_pss_alone_kib ? `median ${mib(s.total_pss_alone_kib.median)}, max ${mib(s.total_pss_alone_kib.max)}` : 'no such run'}; ` +
    `anonymous (private) part: median ${mib(s.total_pss_anon_kib.median)}; file-backed: ${mib(s.total_pss_file_kib.min)} to ${mib(s.total_pss_file_kib.max)}; RSS sum ${mib(s.total_rss_kib.median)}`);
  console.log(`    per process (run ${s.per_process_run}):`);
  for (const p of s.per_process) {
    console.log(`      ${p.name.padEnd(22)} pid ${String(p.pid).padEnd(7)} started +${String(p.started_after_app_ms).padStart(4)} ms  PSS ${mib(p.pss_kib).padStart(10)} (anon ${mib(p.pss_anon_kib)}, file ${mib(p.pss_file_kib)}, shmem ${mib(p.pss_shmem_kib)}), RSS ${mib(p.rss_kib)}`);
  }
}

if (cfg.phases.includes('watch')) {
  const w = (results.watch = await watchPhase());
  const line = (name, s) => console.log(`    ${name}: ${s.frames} frames in ${s.seconds.toFixed(1)} s, longest gap ${ms(s.max_gap_ms)}, ` +
    `p99 ${ms(s.p99_gap_ms)}, median ${ms(s.p50_gap_ms)}, gaps > 50 ms: ${s.gaps_over_50ms}; ` +
    `longest at: ${s.longest.map((l) => `${l.gap_ms} ms @${(l.at_ms / 1000).toFixed(1)} s`).join(', ')}`);
  console.log(`\n(c) UI responsiveness, ${w.records} records x ${w.servers} servers (2 name servers, ${w.servers - 2} resolvers: ${process.env.SENDWELL_RESOLVERS})`);
  console.log(`    the watch was started by ${w.ui_started_watch ? 'the Propagation step itself (a click in the step list)' : 'the benchmark (the step did not)'}; ` +
    `"${w.shown.h1}", ${w.shown.elements} elements in main at the start, ${w.shown.elements_at_end} at the end, ${w.matrix_rows} matrix rows`);
  line(`idle on the Publish step (${cfg.baselineMs / 1000} s)`, w.baseline);
  line(`Propagation step, watching (${cfg.watchMs / 1000} s)`, w.watch);
  if (w.watch.over_50ms.length) console.log(`    every gap over 50 ms (ms @ s after the click): ${w.watch.over_50ms.map((l) => `${l.gap_ms} @${(l.at_ms / 1000).toFixed(1)}`).join(', ')}`);
  const lp = w.last_progress ?? {};
  if (w.page_errors.length) console.log(`    errors in the page: ${w.page_errors.join(' | ')}`);
  console.log(`    at the end: the step says "${lp.shown}"${lp.outcome ? `, result ${lp.outcome}` : ''}; saved progress: ${lp.saved?.watch} ${lp.saved?.live}/${lp.saved?.total}`);
  for (const e of w.timeline) {
    if (e.what) console.log(`      +${(e.t / 1000).toFixed(1)} s  ${e.what}`);
    else console.log(`      +${(e.t / 1000).toFixed(1)} s  "${e.progress.shown}"${e.progress.outcome ? ` [${e.progress.outcome}]` : ''}, saved ${e.progress.saved?.watch} ${e.progress.saved?.live}/${e.progress.saved?.total}, ${e.progress.rows} rows, ${e.progress.frames} frames`);
  }
}

if (cfg.out) writeFileSync(cfg.out, JSON.stringify(results, null, 2));
