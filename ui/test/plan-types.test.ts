// The real core JSON (plan.json, providers.json, registrars.json from /tmp/contract) fits the
// hand-written types of ipc/plan-types.ts, and defaultChoices() is Rust's PlanChoices::default().

import { expect, it } from 'vitest';
import type { Plan, Provider, Registrar } from '../src/ipc';
import { defaultChoices } from '../src/lib/choices';
import planJson from './fixtures/plan.json';
import providersJson from './fixtures/providers.json';
import registrarsJson from './fixtures/registrars.json';

// Compile-time: the JSON literal types must be assignable to the declared types.
const plan: Plan = planJson as Plan;
const providers: Provider[] = providersJson.providers as Provider[];
const registrars: Registrar[] = registrarsJson.registrars as Registrar[];

it('reads the fixtures with the declared shapes', () => {
  expect(plan.records.map((r) => r.topic)).toEqual(['spf', 'dkim', 'dmarc']);
  expect(plan.records[0]?.change).toEqual({ kind: 'replace', old: 'v=spf1 include:_spf.google.com ~all' });
  expect(plan.keys[0]).toEqual({ selector: 'sw202612', algorithm: 'rsa2048', bits: 2048 });
  const kinds = new Set(providers.map((p) => p.kind));
  for (const k of kinds) expect(['mailbox', 'transactional', 'marketing', 'outreach', 'own_server']).toContain(k);
  expect(registrars.some((r) => r.id === 'generic')).toBe(true);
});

it('defaults match the Rust Default', () => {
  const c = defaultChoices();
  expect(c.dkim).toEqual({ generate: true, selector: null, algorithm: 'rsa2048', avoid_selectors: [] });
  expect(c.dmarc.policy).toBe('none');
  expect(c.dmarc.target).toBe('reject');
  expect(c.dmarc.weeks_between_steps).toBe(3);
  expect(c.extras).toEqual({ mta_sts: null, tls_rpt: [], bimi: null, provider_mx: false, never_sends: false });
  expect(c.ttl).toBe(3600);
  expect(defaultChoices()).not.toBe(c);
});
