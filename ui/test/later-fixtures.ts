// Test data for the later steps (Publish, Propagation, Mailboxes, Done): the real core JSON from
// fixtures/ wrapped into the saved-state shapes, and a way to put the wizard on a step.

import type { DomainState, DomainSummary, MailboxReport, MailSettings, Plan, Session, StepId } from '../src/ipc';
import { defaultChoices } from '../src/lib/choices';
import { wizard } from '../src/lib/wizard.svelte';
import planJson from './fixtures/plan.json';
import mailboxOk from './fixtures/mailbox-ok.json';
import mailboxPop3 from './fixtures/mailbox-pop3only.json';
import mailboxWrongPw from './fixtures/mailbox-wrongpw.json';

export const PLAN = planJson as Plan;
/** The reports as the core sends them (the CLI's extra `password` note is not part of it). */
function report(json: unknown): MailboxReport {
  const { password: _password, ...rest } = json as MailboxReport & { password?: unknown };
  return rest as MailboxReport;
}
export const MAILBOX_OK = report(mailboxOk);
export const MAILBOX_POP3_ONLY = report(mailboxPop3);
export const MAILBOX_WRONG_PASSWORD = report(mailboxWrongPw);
export const SETTINGS: MailSettings = MAILBOX_OK.settings;

export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function makeState(overrides: Partial<DomainState> = {}): DomainState {
  return {
    domain: 'example.test',
    unicode: 'example.test',
    step: 'publish',
    choices: defaultChoices(),
    plan: copy(PLAN),
    report: null,
    checked_at: 1796130000,
    mailboxes: [],
    watch: null,
    ...overrides,
  };
}

export function makeSummary(overrides: Partial<DomainSummary> = {}): DomainSummary {
  return {
    domain: 'example.test',
    unicode: 'example.test',
    step: 'done',
    status: 'pass',
    checked_at: 1796130000,
    records_total: 3,
    records_live: 3,
    watch: 'all_live',
    mailboxes: 1,
    mailboxes_ok: 1,
    updated_at: 1796130000,
    ...overrides,
  };
}

export function makeSession(domains: DomainSummary[], current: string | null = null): Session {
  return { current, domains, notice: null };
}

/** Put the wizard on `step` with `state` as the current domain (no IPC). */
export function onStep(step: StepId, state: DomainState | null = makeState({ step })): void {
  wizard.current = state;
  wizard.step = step;
  wizard.error = null;
  wizard.loading = false;
}
