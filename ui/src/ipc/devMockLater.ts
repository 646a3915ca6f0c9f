// The dev mock's later half (`--mode mock` builds only): the watch, mailbox and clipboard commands.
// The watch replays the real `sendwell watch --json` lines over a few seconds, holds the mistake on
// screen (about 20 s; `#watch=fast` in the URL: 3 s), then everything turns live. Mailboxes answer
// from the real reports: `pop-only@…` is POP3 only, the password `wrong` is refused, `ready@…` is
// ready, anything else works with POP3 on. Session rows and domain states get the counts.

import type { Channel } from '@tauri-apps/api/core';
import mailboxOk from '../../test/fixtures/mailbox-ok.json';
import mailboxPop3 from '../../test/fixtures/mailbox-pop3only.json';
import mailboxWrongPw from '../../test/fixtures/mailbox-wrongpw.json';
import watchLines from '../../test/fixtures/watch-events.jsonl?raw';
import type { MailboxReport, MailSettings } from './mailbox-types';
import type { DomainState, MailboxEntry, MailServers, Session, WatchProgress } from './session-types';
import type { RecordProgress, StatusEvent, WatchEvent, WatchSummary } from './watch-types';

type Answer = { value: unknown } | undefined;
type Next = (cmd: string, args: Record<string, unknown>) => Answer;

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function fail(code: string, message: string): never {
  throw { code, message, suggestion: null };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

// ---------- the watch ----------

interface MockWatch {
  log: WatchEvent[];
  channels: Channel<WatchEvent>[];
  timers: ReturnType<typeof setTimeout>[];
  progress: WatchProgress;
  finished: boolean;
}

const watches = new Map<string, MockWatch>();

/** The fixture's lines for `domain`, with times moved to now. */
function fixtureEvents(domain: string): WatchEvent[] {
  const lines = watchLines.split('\n').filter((l) => l.trim() !== '');
  const first = (JSON.parse(lines[1] ?? '{}') as { checked?: number }).checked ?? 0;
  const shift = now() - first;
  return lines.map((l) => {
    const e = JSON.parse(l.replaceAll('example.test', domain)) as WatchEvent;
    if (e.event === 'status' || e.event === 'resumed') {
      e.since += shift;
      e.checked += shift;
    }
    return e;
  });
}

function broadcast(domain: string, w: MockWatch, event: WatchEvent): void {
  w.log.push(event);
  if (event.event === 'record') {
    const live = new Map(w.log.filter((e): e is Extract<WatchEvent, { event: 'record' }> => e.event === 'record').map((e) => [e.record, e]));
    w.progress = { ...w.progress, records_live: [...live.values()].filter((p) => p.live >= p.resolvers).length, updated_at: now() };
  }
  if (event.event === 'summary') {
    w.finished = true;
    w.progress = { ...w.progress, outcome: event.outcome, updated_at: now() };
    watches.set(domain, w);
  }
  for (const ch of w.channels) ch.onmessage(event);
}

/** After the hold: every record published and live, then the summary. */
function allLive(domain: string, events: WatchEvent[], elapsed: number): WatchEvent[] {
  const started = events[0];
  if (!started || started.event !== 'started') return [];
  const out: WatchEvent[] = [];
  const t = now();
  const rows: WatchSummary['records'] = [];
  for (const record of started.records) {
    for (const server of started.servers) {
      const state = server.role === 'authoritative' ? 'published' : 'live';
      const e: StatusEvent = { record, server: server.label, role: server.role, state, detail: state, since: t, checked: t, eta: null, elapsed };
      out.push({ event: 'status', ...e });
    }
    const auth = started.servers.filter((s) => s.role === 'authoritative').length;
    const res = started.servers.length - auth;
    const [type = 'TXT', name = record] = record.split(' ');
    const p: RecordProgress = { record, type: type as RecordProgress['type'], name, published: auth, authoritative: auth, live: res, resolvers: res, unreachable: 0, done: true, summary: 'published; live' };
    out.push({ event: 'record', ...p });
    rows.push({
      ...p,
      servers: started.servers.map((s) => ({ server: s.label, role: s.role, state: s.role === 'authoritative' ? 'published' : 'live', detail: 'live', since: t, checked: t })),
    });
  }
  out.push({
    event: 'summary',
    domain,
    outcome: 'all_live',
    elapsed,
    queries: 42,
    server_queries: started.servers.map((s) => ({ server: s.label, queries: 14 })),
    records: rows,
    nothing_answered: false,
  });
  return out;
}

function startWatch(domain: string, channel: Channel<WatchEvent>): null {
  const running = watches.get(domain);
  if (running && !running.finished) {
    // Re-attach: replay the latest events to the new channel, then it hears the rest.
    for (const e of running.log) channel.onmessage(e);
    running.channels.push(channel);
    return null;
  }
  const events = fixtureEvents(domain).filter((e) => e.event !== 'summary');
  const w: MockWatch = {
    log: [],
    channels: [channel],
    timers: [],
    progress: { outcome: 'running', records_total: 3, records_live: 0, updated_at: now() },
    finished: false,
  };
  watches.set(domain, w);
  const step = 3000 / events.length;
  events.forEach((e, i) => w.timers.push(setTimeout(() => broadcast(domain, w, e), 300 + i * step)));
  const hold = window.location.hash.includes('watch=fast') ? 3000 : 20000;
  w.timers.push(
    setTimeout(() => {
      for (const e of allLive(domain, events, (3300 + hold) / 1000)) broadcast(domain, w, e);
    }, 3300 + hold),
  );
  return null;
}

function cancelWatch(domain: string): null {
  const w = watches.get(domain);
  if (!w || w.finished) return null;
  for (const timer of w.timers) clearTimeout(timer);
  const last = fixtureEvents(domain).find((e) => e.event === 'summary');
  if (last && last.event === 'summary') broadcast(domain, w, { ...last, outcome: 'cancelled' });
  return null;
}

// ---------- mailboxes ----------

const mailboxes = new Map<string, MailboxEntry[]>();

function settingsFor(address: string): MailSettings {
  const domain = address.split('@')[1] ?? '';
  if (!address.includes('@') || domain === '') fail('mailbox.address_invalid', `"${address}" is not an email address`);
  const s = clone(mailboxOk.settings) as MailSettings;
  for (const p of ['imap', 'pop3', 'smtp'] as const) {
    for (const e of s[p]) e.host = `${p === 'smtp' ? 'smtp' : p === 'imap' ? 'imap' : 'pop'}.${domain}`;
    s.sources[p] = 'preset';
  }
  return s;
}

function reportFor(address: string, servers: MailServers, password: string | null): MailboxReport {
  const json = password === 'wrong' ? mailboxWrongPw : address.startsWith('pop-only@') ? mailboxPop3 : mailboxOk;
  const { password: _note, ...rest } = clone(json) as MailboxReport & { password?: unknown };
  const report = rest as MailboxReport;
  report.address = address;
  report.settings = settingsFor(address);
  for (const p of ['imap', 'pop3', 'smtp'] as const) {
    const given = servers[p];
    report[p].host = given ? (given.split(':')[0] ?? given) : (report.settings[p][0]?.host ?? report[p].host);
  }
  if (address.startsWith('ready@')) {
    report.pop3.status = 'disabled';
    report.pop3.message = 'POP3 refused the password that IMAP accepted, so POP3 is off for this account.';
    report.verdict = 'ready';
    report.summary = 'Ready: IMAP works, SMTP works, POP3 is off';
    report.findings = [];
  }
  return report;
}

function domainOf(address: string): string {
  return (address.split('@')[1] ?? '').toLowerCase();
}

function checkMailbox(args: Record<string, unknown>): MailboxReport {
  const address = String(args.address ?? '').trim();
  const servers = (args.servers ?? { imap: null, pop3: null, smtp: null }) as MailServers;
  const password = typeof args.password === 'string' ? args.password : null;
  settingsFor(address);
  const list = mailboxes.get(domainOf(address)) ?? [];
  if (password === null && !list.some((m) => m.address === address)) {
    fail('mailbox.password_missing', `no password saved for ${address}`);
  }
  const report = reportFor(address, servers, password);
  const entry: MailboxEntry = { address, servers, report, checked_at: now() };
  mailboxes.set(domainOf(address), [...list.filter((m) => m.address !== address), entry]);
  return report;
}

function forgetMailbox(address: string): null {
  const d = domainOf(address);
  mailboxes.set(d, (mailboxes.get(d) ?? []).filter((m) => m.address !== address));
  return null;
}

/** `#step=…` screenshots: example.test starts with one mailbox that is ready; on Done, all live. */
function seed(): void {
  if (mailboxes.size > 0 || !/^#step=/.test(window.location.hash)) return;
  const address = 'ready@example.test';
  const servers = { imap: null, pop3: null, smtp: null };
  mailboxes.set('example.test', [{ address, servers, report: reportFor(address, servers, 'x'), checked_at: now() - 3600 }]);
  if (window.location.hash === '#step=done') {
    const progress: WatchProgress = { outcome: 'all_live', records_total: 3, records_live: 3, updated_at: now() - 600 };
    watches.set('example.test', { log: [], channels: [], timers: [], progress, finished: true });
  }
}

// ---------- the session, decorated ----------

function decorateSession(session: Session): Session {
  for (const row of session.domains) {
    const list = mailboxes.get(row.domain) ?? [];
    row.mailboxes = list.length;
    row.mailboxes_ok = list.filter((m) => m.report?.verdict === 'ready').length;
    const w = watches.get(row.domain);
    if (w) {
      row.watch = w.progress.outcome;
      row.records_live = w.progress.records_live;
      row.records_total = Math.max(row.records_total, w.progress.records_total);
    }
  }
  return session;
}

function decorateState(state: DomainState): DomainState {
  state.mailboxes = clone(mailboxes.get(state.domain) ?? []);
  state.watch = watches.get(state.domain)?.progress ?? null;
  return state;
}

/** Answers the later steps' commands; everything else goes to `next` (the wizard half). */
export function laterCommand(cmd: string, args: Record<string, unknown>, next: Next): Answer {
  seed();
  const domain = typeof args.domain === 'string' ? args.domain : '';
  switch (cmd) {
    case 'start_watch':
      return { value: startWatch(domain, args.onEvent as Channel<WatchEvent>) };
    case 'cancel_watch':
      return { value: cancelWatch(domain) };
    case 'discover_mailbox':
      return { value: settingsFor(String(args.address ?? '').trim()) };
    case 'check_mailbox':
      return { value: checkMailbox(args) };
    case 'forget_mailbox':
      return { value: forgetMailbox(String(args.address ?? '')) };
    case 'plugin:clipboard-manager|write_text':
      return { value: null };
    case 'load_session': {
      const answer = next(cmd, args);
      return answer && { value: decorateSession(answer.value as Session) };
    }
    case 'open_domain': {
      const answer = next(cmd, args);
      return answer && { value: decorateState(answer.value as DomainState) };
    }
    default:
      return next(cmd, args);
  }
}
