// The watch store: the board built from the real `sendwell watch --json` lines, replays that
// double nothing, one start per domain, cancel, and a coded start failure.

import { afterEach, describe, expect, it } from 'vitest';
import { ensureWatch, getWatch, recordIsLive, resetWatches, restartWatch, stopWatch } from '../src/lib/watch.svelte';
import type { WatchEvent } from '../src/ipc';
import { FakeCore, WATCH_EVENTS, reject, resetCore } from './fake-core';

const DOMAIN = 'example.test';
const withoutSummary = WATCH_EVENTS.filter((e) => e.event !== 'summary');

afterEach(() => {
  resetWatches();
  resetCore();
});

describe('watch store', () => {
  it('builds the record × server board from the real event stream', async () => {
    const core = new FakeCore({});
    const w = await ensureWatch(DOMAIN);
    expect(core.of('start_watch')).toHaveLength(1);
    expect(core.of('start_watch')[0]?.domain).toBe(DOMAIN);

    core.send(DOMAIN, ...withoutSummary);
    expect(w.phase).toBe('running');
    expect(w.records).toEqual(['TXT example.test', 'TXT sw202612._domainkey.example.test', 'TXT _dmarc.example.test']);
    expect(w.servers.map((s) => s.role)).toEqual(['authoritative', 'authoritative', 'resolver']);
    expect(w.cell('TXT _dmarc.example.test', '127.0.0.21:53')?.status.state).toBe('live');
    expect(w.cell('TXT example.test', 'ns1.example.test (127.0.0.11)')?.status.state).toBe('mismatch');
    expect(w.cell('TXT example.test', '127.0.0.21:53')).toBeUndefined();
    expect(w.total).toBe(3);
    expect(w.liveCount).toBe(1);

    // One mistake for the SPF record, seen at both name servers, with its fix.
    expect(w.mistakes).toEqual([
      {
        record: 'TXT example.test',
        problem: 'watch.old_value',
        detail: 'Still the old value: this name server has not been given the new one.',
        fix: 'Edit the existing record at @ in your DNS panel to the new value (do not add a second one).',
        servers: ['ns2.example.test (127.0.0.12)', 'ns1.example.test (127.0.0.11)'].sort((a, b) =>
          a.localeCompare(b),
        ),
      },
    ]);
  });

  it('a replay of the same events (re-attaching) doubles nothing', async () => {
    const core = new FakeCore({});
    const w = await ensureWatch(DOMAIN);
    core.send(DOMAIN, ...withoutSummary);
    const before = JSON.stringify({ cells: w.cells, progress: w.progress, mistakes: w.mistakes });
    core.send(DOMAIN, ...withoutSummary);
    expect(JSON.stringify({ cells: w.cells, progress: w.progress, mistakes: w.mistakes })).toBe(before);
    expect(Object.keys(w.cells)).toHaveLength(7);
  });

  it('an older replayed state does not overwrite a newer one', async () => {
    const core = new FakeCore({});
    const w = await ensureWatch(DOMAIN);
    core.send(DOMAIN, ...withoutSummary);
    const stale = WATCH_EVENTS.find(
      (e): e is Extract<WatchEvent, { event: 'status' }> => e.event === 'status' && e.record === 'TXT _dmarc.example.test' && e.role === 'resolver',
    );
    if (!stale) throw new Error('fixture changed');
    core.send(DOMAIN, { ...stale, event: 'resumed', state: 'waiting', checked: stale.checked - 60 });
    expect(w.cell('TXT _dmarc.example.test', '127.0.0.21:53')?.status.state).toBe('live');
  });

  it('starts once per domain: leaving and coming back re-uses the board', async () => {
    const core = new FakeCore({});
    const first = await ensureWatch(DOMAIN);
    const again = await ensureWatch(DOMAIN);
    expect(again).toBe(first);
    expect(getWatch(DOMAIN)).toBe(first);
    expect(core.of('start_watch')).toHaveLength(1);
    await ensureWatch('other.test');
    expect(core.of('start_watch')).toHaveLength(2);
  });

  it('takes the summary: outcome, counts and every server state', async () => {
    const core = new FakeCore({});
    const w = await ensureWatch(DOMAIN);
    core.send(DOMAIN, ...WATCH_EVENTS);
    expect(w.phase).toBe('finished');
    expect(w.outcome).toBe('timeout');
    expect(w.summary?.queries).toBe(15);
    expect(w.liveCount).toBe(1);
  });

  it('a summary alone (attaching after the end) fills the board', async () => {
    const core = new FakeCore({});
    const w = await ensureWatch(DOMAIN);
    const summary = WATCH_EVENTS.at(-1);
    if (!summary) throw new Error('fixture changed');
    core.send(DOMAIN, summary);
    expect(w.records).toHaveLength(3);
    expect(w.servers.map((s) => s.label)).toEqual([
      'ns1.example.test (127.0.0.11)',
      'ns2.example.test (127.0.0.12)',
      '127.0.0.21:53',
    ]);
    expect(w.cell('TXT sw202612._domainkey.example.test', 'ns1.example.test (127.0.0.11)')?.status.state).toBe('waiting');
    expect(w.mistakes).toHaveLength(1);
  });

  it('keeps the ETA as a time, and the overall ETA is the latest', async () => {
    const core = new FakeCore({});
    const w = await ensureWatch(DOMAIN);
    const now = Math.floor(Date.now() / 1000);
    core.send(
      DOMAIN,
      WATCH_EVENTS[0] as WatchEvent,
      { event: 'status', record: 'TXT example.test', server: '127.0.0.21:53', role: 'resolver', state: 'waiting', detail: 'not live yet', since: now, checked: now, eta: 120, elapsed: 1 },
      { event: 'status', record: 'TXT _dmarc.example.test', server: '127.0.0.21:53', role: 'resolver', state: 'waiting', detail: 'not live yet', since: now, checked: now, eta: 600, eta_at: now + 600, elapsed: 1 },
    );
    expect(w.etaAt(now)).toBe(now + 600);
    const first = w.cell('TXT example.test', '127.0.0.21:53')?.etaAt ?? 0;
    expect(first - now).toBeGreaterThanOrEqual(120);
    expect(first - now).toBeLessThanOrEqual(122);
    expect(w.etaAt(now + 700)).toBeNull();
  });

  it('cancel asks the core, and the watch counts as cancelled even before the summary', async () => {
    const core = new FakeCore({});
    const w = await ensureWatch(DOMAIN);
    core.send(DOMAIN, ...withoutSummary);
    await stopWatch(DOMAIN);
    expect(core.of('cancel_watch')).toEqual([{ domain: DOMAIN }]);
    expect(w.outcome).toBe('cancelled');
  });

  it('a start that fails keeps the coded error, and can be tried again', async () => {
    let fail = true;
    const core = new FakeCore({ start_watch: () => (fail ? reject('watch.no_name_servers') : null) });
    const w = await ensureWatch(DOMAIN);
    expect(w.phase).toBe('failed');
    expect(w.error?.code).toBe('watch.no_name_servers');
    fail = false;
    await restartWatch(DOMAIN);
    expect(w.error).toBeNull();
    expect(w.phase).toBe('starting');
    expect(core.of('start_watch')).toHaveLength(2);
  });

  it('takes the core\'s verdict on whether a record is live', () => {
    const base = { record: 'TXT x', type: 'TXT' as const, name: 'x', published: 2, authoritative: 2, summary: '', live: 1, resolvers: 2, unreachable: 0 };
    expect(recordIsLive({ ...base, done: false })).toBe(false);
    expect(recordIsLive({ ...base, done: true })).toBe(true);
  });

  it('applies a burst of events together, once per frame', async () => {
    new FakeCore({});
    const w = await ensureWatch(DOMAIN);
    for (const e of withoutSummary) w.receive(e);
    expect(w.records).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(w.records).toHaveLength(3);
    expect(w.liveCount).toBe(1);
  });
});
