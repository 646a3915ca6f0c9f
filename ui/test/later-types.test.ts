// The real core JSON for the watch and the mailbox check (watch-events.jsonl, mailbox-*.json from
// `sendwell watch --json` / `sendwell mailbox check --json`) fits the hand-written types of
// ipc/watch-types.ts and ipc/mailbox-types.ts: compile-time assignment plus a field-by-field check,
// so a field added or renamed in Rust fails here.

import { describe, expect, it } from 'vitest';
import type { MailboxReport, MailSettings, ProbeReport, WatchEvent } from '../src/ipc';
import mailboxOk from './fixtures/mailbox-ok.json';
import mailboxPop3 from './fixtures/mailbox-pop3only.json';
import mailboxWrongPw from './fixtures/mailbox-wrongpw.json';
import { WATCH_EVENTS } from './fake-core';

// Compile-time: the JSON literal types must be assignable to the declared types (the CLI adds a
// `password` note that the app's command leaves out).
type CliReport = MailboxReport & { password: unknown };
const reports: CliReport[] = [mailboxOk as CliReport, mailboxPop3 as CliReport, mailboxWrongPw as CliReport];
const settings: MailSettings = mailboxOk.settings as MailSettings;
void settings;

const keys = (o: object) => Object.keys(o).sort();

const PAIR = ['state', 'detail', 'problem', 'fix', 'error', 'eta_at', 'since', 'checked'];
const PROGRESS = ['record', 'type', 'name', 'published', 'authoritative', 'live', 'resolvers', 'unreachable', 'done', 'summary'];
/** Every field each event may carry; the required ones must be there. */
const EVENT_FIELDS: Record<WatchEvent['event'], { required: string[]; optional: string[] }> = {
  started: { required: ['event', 'domain', 'records', 'servers'], optional: [] },
  status: { required: ['event', 'record', 'server', 'role', 'state', 'detail', 'since', 'checked', 'eta', 'elapsed'], optional: PAIR },
  resumed: { required: ['event', 'record', 'server', 'role', 'state', 'detail', 'since', 'checked', 'eta', 'elapsed'], optional: PAIR },
  record: { required: ['event', ...PROGRESS], optional: [] },
  warning: { required: ['event', 'message'], optional: [] },
  summary: {
    required: ['event', 'domain', 'outcome', 'elapsed', 'queries', 'server_queries', 'records', 'nothing_answered'],
    optional: ['state_error'],
  },
};

describe('watch events', () => {
  it('every line of the real stream has exactly the declared fields', () => {
    expect(WATCH_EVENTS.length).toBeGreaterThan(5);
    for (const e of WATCH_EVENTS) {
      const spec = EVENT_FIELDS[e.event];
      expect(spec, e.event).toBeDefined();
      for (const k of spec.required) expect(keys(e), `${e.event} lacks ${k}`).toContain(k);
      for (const k of keys(e)) expect([...spec.required, ...spec.optional], `${e.event} has ${k}`).toContain(k);
    }
  });

  it('servers, records in the summary and their server states have the declared fields', () => {
    const started = WATCH_EVENTS.find((e) => e.event === 'started');
    const summary = WATCH_EVENTS.find((e) => e.event === 'summary');
    if (started?.event !== 'started' || summary?.event !== 'summary') throw new Error('fixture changed');
    for (const s of started.servers) expect(keys(s)).toEqual(['address', 'label', 'role']);
    expect(['all_live', 'timeout', 'cancelled']).toContain(summary.outcome);
    for (const r of summary.records) {
      expect(keys(r)).toEqual([...PROGRESS, 'servers'].sort());
      for (const s of r.servers) for (const k of keys(s)) expect(['server', 'role', ...PAIR]).toContain(k);
    }
    for (const q of summary.server_queries) expect(keys(q)).toEqual(['queries', 'server']);
  });

  it('states, roles and record types are the declared words', () => {
    for (const e of WATCH_EVENTS) {
      if (e.event === 'status' || e.event === 'resumed') {
        expect(['waiting', 'published', 'live', 'mismatch', 'error']).toContain(e.state);
        expect(['authoritative', 'resolver']).toContain(e.role);
      }
      if (e.event === 'record') expect(['TXT', 'CNAME', 'MX']).toContain(e.type);
    }
  });
});

const PROBE_REQUIRED = ['protocol', 'status', 'host', 'port', 'security', 'message', 'capabilities_before_login', 'capabilities_after_login', 'password_sent', 'elapsed_ms'];
const PROBE_OPTIONAL = ['auth_cause', 'tls_problem', 'server_said', 'inbox_messages'];

describe('mailbox reports', () => {
  it.each(reports.map((r) => [r.address + ' ' + r.summary, r] as const))('%s has the declared fields', (_name, r) => {
    expect(keys(r)).toEqual(['address', 'findings', 'imap', 'password', 'pop3', 'settings', 'smtp', 'summary', 'verdict']);
    expect(['ready', 'problems', 'incomplete']).toContain(r.verdict);
    for (const p of [r.imap, r.pop3, r.smtp] as ProbeReport[]) {
      for (const k of PROBE_REQUIRED) expect(keys(p)).toContain(k);
      for (const k of keys(p)) expect([...PROBE_REQUIRED, ...PROBE_OPTIONAL]).toContain(k);
    }
    expect(keys(r.settings).filter((k) => k !== 'autoconfig_url')).toEqual(['imap', 'notes', 'pop3', 'provider', 'smtp', 'sources']);
    for (const e of [...r.settings.imap, ...r.settings.pop3, ...r.settings.smtp]) expect(keys(e)).toEqual(['host', 'port', 'protocol', 'security']);
    for (const f of r.findings) for (const k of keys(f)) expect(['id', 'severity', 'message', 'fix', 'rfc']).toContain(k);
  });

  it('the statuses and causes seen are the declared words', () => {
    const statuses = reports.flatMap((r) => [r.imap.status, r.pop3.status, r.smtp.status]);
    expect(new Set(statuses)).toEqual(new Set(['ok', 'disabled', 'auth_failed']));
    expect(reports[2]?.imap.auth_cause).toBe('wrong_password');
  });
});
