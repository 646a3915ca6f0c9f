// Test data and a fake core for the wizard steps: the real core JSON from /tmp/contract
// (plan.json, providers.json, registrars.json, check.json), a DomainState around them, and
// mockIPC handlers that record every command with its arguments.

import { mockIPC } from '@tauri-apps/api/mocks';
import type { DomainReport, DomainState, Plan, Provider, Registrar, Session } from '../src/ipc';
import { defaultChoices } from '../src/lib/choices';
import { planner } from '../src/lib/planner.svelte';
import { wizard } from '../src/lib/wizard.svelte';
import planJson from './fixtures/plan.json';
import providersJson from './fixtures/providers.json';
import registrarsJson from './fixtures/registrars.json';
import checkJson from './fixtures/check.json';

// jsdom has no CSS.escape; user-event needs it to walk a radio group with the arrow keys.
if (typeof globalThis.CSS === 'undefined' || typeof globalThis.CSS.escape !== 'function') {
  Object.assign(globalThis, { CSS: { ...(globalThis.CSS ?? {}), escape: (s: string) => s.replace(/([^\w-])/g, '\\$1') } });
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export const planFixture = (): Plan => clone(planJson) as Plan;
export const providersFixture = (): Provider[] => clone(providersJson.providers) as Provider[];
export const registrarsFixture = (): Registrar[] => clone(registrarsJson.registrars) as Registrar[];
export const reportFixture = (): DomainReport => clone(checkJson) as unknown as DomainReport;

export function domainState(overrides: Partial<DomainState> = {}): DomainState {
  return {
    domain: 'example.test',
    unicode: 'example.test',
    step: 'senders',
    choices: defaultChoices(),
    plan: null,
    report: reportFixture(),
    checked_at: 1_764_590_000,
    mailboxes: [],
    watch: null,
    ...overrides,
  };
}

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

type Handler = (args: Record<string, unknown>) => unknown;

/** A coded rejection as the Rust side sends it. */
export function coded(code: string, message = `core: ${code}`): never {
  throw { code, message, suggestion: null };
}

/**
 * Installs a fake core: every command answers like the real one with the fixtures, unless a
 * handler is given for it. Returns the list of calls, in order.
 */
export function fakeCore(handlers: Record<string, Handler> = {}, session?: Partial<Session>): Call[] {
  const calls: Call[] = [];
  const defaults: Record<string, Handler> = {
    load_session: () => ({ current: null, domains: [], notice: null, ...session }),
    open_domain: (a) => domainState({ domain: String(a.domain), unicode: String(a.domain) }),
    save_step: () => null,
    save_choices: () => null,
    list_providers: () => providersFixture(),
    list_registrars: () => registrarsFixture(),
    build_plan: () => planFixture(),
    export_plan: () => '/home/me/example.test.zone',
    export_dkim_key: () => '/home/me/sw202612.pem',
    open_dns_page: () => null,
  };
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: JSON.parse(JSON.stringify(args)) as Record<string, unknown> });
    const handler = handlers[cmd] ?? defaults[cmd];
    if (!handler) throw new Error(`the fake core has no command ${cmd}`);
    return handler(args);
  });
  return calls;
}

export const callsOf = (calls: Call[], cmd: string): Call[] => calls.filter((c) => c.cmd === cmd);

/** The wizard and planner as a fresh app has them, optionally on a domain already. */
export function resetWizard(current: DomainState | null = null): void {
  planner.reset();
  wizard.session = { current: current?.domain ?? null, domains: [], notice: null };
  wizard.current = current;
  wizard.step = current?.step ?? 'domain';
  wizard.loading = false;
  wizard.error = null;
}
