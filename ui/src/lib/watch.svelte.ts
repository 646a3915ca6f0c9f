// The propagation watch of each domain, kept for the whole app session: the record × server board
// built from the core's event stream. It lives at module level, so leaving the Propagation step
// (or coming back to it) neither stops nor restarts the watch. Re-attaching replays the latest
// events; the board keys every state by record and server, so a replay never doubles anything.

import { SvelteMap } from 'svelte/reactivity';
import {
  cancelWatch,
  startWatch,
  toIpcError,
  type IpcError,
  type RecordProgress,
  type ServerInfo,
  type StatusEvent,
  type WatchEvent,
  type WatchOutcome,
  type WatchSummary,
} from '../ipc';

/** One record at one server, as the board keeps it. */
export interface Cell {
  record: string;
  server: string;
  status: StatusEvent;
  /** When this resolver should show the record at the latest (Unix seconds), if known. */
  etaAt: number | null;
  /** True while the state is only known from a saved watch (not asked again yet). */
  resumed: boolean;
}

/** A mistake the watch detected for one record, with the servers that show it. */
export interface Mistake {
  record: string;
  problem: string;
  detail: string;
  fix: string | null;
  servers: string[];
}

export type WatchPhase = 'starting' | 'running' | 'finished' | 'failed';

function nowSeconds(): number {
  return Date.now() / 1000;
}

function cellKey(record: string, server: string): string {
  return `${record}\u0000${server}`;
}

/** True when the core says the record is live everywhere it has to be (the UI never decides). */
export function recordIsLive(p: RecordProgress): boolean {
  return p.done;
}

export class DomainWatch {
  readonly domain: string;
  phase = $state<WatchPhase>('starting');
  /** Record keys (`TXT _dmarc.example.com`) in the plan's order. */
  records = $state<string[]>([]);
  servers = $state<ServerInfo[]>([]);
  cells = $state<Record<string, Cell>>({});
  progress = $state<Record<string, RecordProgress>>({});
  warnings = $state<string[]>([]);
  summary = $state<WatchSummary | null>(null);
  /** Set when the watch was stopped here but the core sent no summary. */
  stoppedHere = $state<WatchOutcome | null>(null);
  error = $state<IpcError | null>(null);

  constructor(domain: string) {
    this.domain = domain;
  }

  cell(record: string, server: string): Cell | undefined {
    return this.cells[cellKey(record, server)];
  }

  /** How it ended, or null while it runs. */
  get outcome(): WatchOutcome | null {
    return this.summary?.outcome ?? this.stoppedHere;
  }

  get total(): number {
    return this.records.length;
  }

  /** Records that are live at every reachable resolver. */
  get liveCount(): number {
    return this.records.filter((r) => {
      const p = this.progress[r];
      return p ? recordIsLive(p) : false;
    }).length;
  }

  /** Mismatches, one entry per record and mistake, in the records' order. */
  get mistakes(): Mistake[] {
    const found = new Map<string, Mistake>();
    for (const record of this.records) {
      for (const server of this.servers) {
        const c = this.cell(record, server.label);
        if (!c || c.status.state !== 'mismatch') continue;
        const problem = c.status.problem ?? 'watch.mismatch';
        const key = `${record}\u0000${problem}`;
        const seen = found.get(key);
        if (seen) seen.servers.push(server.label);
        else
          found.set(key, {
            record,
            problem,
            detail: c.status.detail,
            fix: c.status.fix ?? null,
            servers: [server.label],
          });
      }
    }
    return [...found.values()];
  }

  /** The latest ETA of any record at any server (Unix seconds), if one is known and ahead. */
  etaAt(now = nowSeconds()): number | null {
    let latest: number | null = null;
    for (const c of Object.values(this.cells)) {
      if (c.etaAt !== null && c.etaAt > now && (latest === null || c.etaAt > latest)) latest = c.etaAt;
    }
    return latest;
  }

  /** Events waiting for the next frame (see `receive`). */
  private queue: WatchEvent[] = [];

  /**
   * Take an event from the channel. A replay or a busy moment brings hundreds at once: they are
   * applied together once per frame, so the matrix is drawn once, not once per event.
   */
  receive(event: WatchEvent): void {
    this.queue.push(event);
    if (this.queue.length > 1) return;
    const flush = () => this.flush();
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
      requestAnimationFrame(flush);
    } else {
      setTimeout(flush, 0);
    }
  }

  /** Apply every queued event now. */
  flush(): void {
    const batch = this.queue;
    this.queue = [];
    for (const e of batch) this.apply(e);
  }

  /** Take one event from the core. Safe to call again with a replayed event. */
  apply(event: WatchEvent): void {
    switch (event.event) {
      case 'started':
        this.records = [...event.records];
        this.servers = event.servers.map((s) => ({ ...s }));
        this.forgetOutside();
        if (this.phase !== 'finished') this.phase = 'running';
        break;
      case 'resumed':
      case 'status': {
        const { event: kind, ...status } = event;
        this.setCell(status, kind === 'resumed');
        if (this.phase === 'starting') this.phase = 'running';
        break;
      }
      case 'record': {
        const { event: _kind, ...progress } = event;
        this.progress[progress.record] = progress;
        break;
      }
      case 'warning':
        if (!this.warnings.includes(event.message)) this.warnings.push(event.message);
        break;
      case 'summary': {
        const { event: _kind, ...summary } = event;
        this.takeSummary(summary);
        break;
      }
    }
  }

  private setCell(status: StatusEvent, resumed: boolean): void {
    const key = cellKey(status.record, status.server);
    const before = this.cells[key];
    // A replayed or saved state older than the one on the board changes nothing.
    if (before && status.checked < before.status.checked) return;
    if (before && resumed && !before.resumed) return;
    const etaAt = status.eta_at ?? (status.eta !== null ? Math.ceil(nowSeconds()) + status.eta : null);
    this.cells[key] = { record: status.record, server: status.server, status, etaAt, resumed };
  }

  private takeSummary(summary: WatchSummary): void {
    this.summary = summary;
    this.phase = 'finished';
    if (this.records.length === 0) this.records = summary.records.map((r) => r.record);
    if (this.servers.length === 0) {
      const seen = new Map<string, ServerInfo>();
      for (const r of summary.records)
        for (const s of r.servers) if (!seen.has(s.server)) seen.set(s.server, { label: s.server, address: null, role: s.role });
      this.servers = [...seen.values()];
    }
    for (const r of summary.records) {
      const { servers, ...progress } = r;
      this.progress[r.record] = progress;
      for (const s of servers) {
        if (s.state === undefined || s.detail === undefined || s.since === undefined || s.checked === undefined) continue;
        const { server, role, ...pair } = s;
        this.setCell(
          { ...pair, state: s.state, detail: s.detail, since: s.since, checked: s.checked, record: r.record, server, role, eta: null, elapsed: summary.elapsed },
          false,
        );
      }
    }
  }

  /** Drop states of records or servers the (re)started watch no longer asks about. */
  private forgetOutside(): void {
    const records = new Set(this.records);
    const servers = new Set(this.servers.map((s) => s.label));
    for (const [key, c] of Object.entries(this.cells)) {
      if (!records.has(c.record) || !servers.has(c.server)) delete this.cells[key];
    }
    for (const r of Object.keys(this.progress)) if (!records.has(r)) delete this.progress[r];
  }

  /** Clear everything before a fresh start. */
  reset(): void {
    this.phase = 'starting';
    this.records = [];
    this.servers = [];
    this.cells = {};
    this.progress = {};
    this.warnings = [];
    this.summary = null;
    this.stoppedHere = null;
    this.error = null;
  }
}

const watches = new SvelteMap<string, DomainWatch>();
const attached = new Set<string>();

/** The watch of `domain` in this app session, if it was started. */
export function getWatch(domain: string): DomainWatch | undefined {
  return watches.get(domain);
}

async function attach(w: DomainWatch): Promise<void> {
  attached.add(w.domain);
  if (w.phase === 'failed') {
    w.error = null;
    w.phase = 'starting';
  }
  try {
    await startWatch(w.domain, (event) => w.receive(event));
  } catch (raw) {
    attached.delete(w.domain);
    w.error = toIpcError(raw);
    w.phase = 'failed';
  }
}

/** Start the watch of `domain` once per app session (or re-attach to the core's running one). */
export async function ensureWatch(domain: string): Promise<DomainWatch> {
  let w = watches.get(domain);
  if (!w) {
    w = new DomainWatch(domain);
    watches.set(domain, w);
  }
  if (!attached.has(domain)) await attach(w);
  return w;
}

/** Start a finished, cancelled or failed watch again from a clean board. */
export async function restartWatch(domain: string): Promise<DomainWatch> {
  const w = watches.get(domain) ?? new DomainWatch(domain);
  watches.set(domain, w);
  w.reset();
  await attach(w);
  return w;
}

/** Stop the watch of `domain`. The core's summary (outcome cancelled) normally follows. */
export async function stopWatch(domain: string): Promise<void> {
  const w = watches.get(domain);
  try {
    await cancelWatch(domain);
    if (w && !w.summary) {
      w.stoppedHere = 'cancelled';
      w.phase = 'finished';
    }
  } catch (raw) {
    if (w) w.error = toIpcError(raw);
  }
}

/** Forget every watch (tests only: the app keeps them for its whole session). */
/** Apply every queued event of every watch at once (tests, which check the board right away). */
export function flushWatches(): void {
  for (const w of watches.values()) w.flush();
}

export function resetWatches(): void {
  watches.clear();
  attached.clear();
}
