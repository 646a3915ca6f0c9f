// Component tests for step 3 (SPF): the plan is built on entry with progress announced, the merged
// record with what it replaces, the lookup counts, the findings, the ~all / -all choice saved and
// rebuilt (debounced), only the newest plan shown, and a coded error in plain words.

import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan } from '../src/ipc';
import Spf from '../src/steps/Spf.svelte';
import { defaultChoices } from '../src/lib/choices';
import { planner } from '../src/lib/planner.svelte';
import { wizard } from '../src/lib/wizard.svelte';
import { callsOf, coded, domainState, fakeCore, planFixture, resetWizard } from './wizard-fixtures';

afterEach(() => clearMocks());

const choices = { ...defaultChoices(), providers: ['google-workspace'], ips: ['203.0.113.7'] };

function setup(handlers: Parameters<typeof fakeCore>[0] = {}) {
  resetWizard(domainState({ step: 'spf', choices }));
  const calls = fakeCore(handlers);
  render(Spf);
  return { calls, user: userEvent.setup() };
}

function withSpf(record: string): Plan {
  const plan = planFixture();
  plan.records[0]!.value = record;
  plan.spf!.record = record;
  return plan;
}

describe('SPF step', () => {
  it('builds the plan on entry and announces the progress', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const { calls } = setup({
      build_plan: async () => {
        await gate;
        return planFixture();
      },
    });
    const status = screen.getByTestId('plan-progress');
    expect(status.getAttribute('role')).toBe('status');
    await waitFor(() => expect(status.textContent).toContain('Working out your records…'));
    expect(callsOf(calls, 'build_plan')[0]?.args).toEqual({ domain: 'example.test', choices });
    release();
    await screen.findByTestId('plan-record');
    expect(status.textContent).toContain('Your records are up to date.');
    expect(wizard.current?.plan?.spf?.record).toBe('v=spf1 include:_spf.google.com ip4:203.0.113.7 ~all');
  });

  it('shows the merged record, what it replaces, the counts, the findings and the ending explained', async () => {
    setup();
    const record = await screen.findByTestId('plan-record');
    expect(within(record).getByTestId('record-value').textContent).toBe('v=spf1 include:_spf.google.com ip4:203.0.113.7 ~all');
    expect(within(record).getByTestId('record-change').textContent).toBe('Changes a record you have: edit it');
    expect(within(record).getByTestId('record-old').textContent).toBe('v=spf1 include:_spf.google.com ~all');
    expect(record.textContent).toContain('TTL (time to live)');
    expect(screen.getByTestId('spf-lookups').textContent?.trim()).toBe('1 of 10');
    expect(screen.getByTestId('spf-void').textContent?.trim()).toBe('0 of 2');
    const findings = screen.getByTestId('spf-findings');
    const ids = [...findings.querySelectorAll('[data-finding-id]')].map((f) => f.getAttribute('data-finding-id'));
    expect(ids).toEqual(['spf.duplicate_removed', 'spf.lookup_incomplete', 'plan.provider_note', 'plan.provider_note']);
    expect(screen.getByTestId('spf-all-explained').textContent).toContain('~all (soft fail)');
    expect(screen.getByText(/SPF \(Sender Policy Framework\) is one line of text/)).toBeTruthy();
  });

  it('saves the -all choice chosen with the arrow keys and rebuilds the plan with it', async () => {
    const { calls, user } = setup({
      build_plan: (a) => ((a.choices as { spf_fail_all: boolean | null }).spf_fail_all ? withSpf('v=spf1 -all') : planFixture()),
    });
    await screen.findByTestId('plan-record');
    const group = screen.getByRole('group', { name: 'What should happen to mail from servers not on the list?' });
    const soft = within(group).getByRole('radio', { name: /Mark it as suspicious/ });
    const fail = within(group).getByRole('radio', { name: /Reject it/ });
    expect((soft as HTMLInputElement).checked).toBe(true);
    soft.focus();
    await user.keyboard('{ArrowDown}');
    expect((fail as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect(callsOf(calls, 'save_choices')).toHaveLength(1));
    expect(callsOf(calls, 'save_choices')[0]?.args).toEqual({ domain: 'example.test', choices: { ...choices, spf_fail_all: true } });
    await waitFor(() => expect(callsOf(calls, 'build_plan')).toHaveLength(2));
    expect(callsOf(calls, 'build_plan')[1]?.args.choices).toMatchObject({ spf_fail_all: true });
    await waitFor(() => expect(screen.getByTestId('record-value').textContent).toBe('v=spf1 -all'));
  });

  it('keeps only the newest plan when an older build answers last', async () => {
    const resolvers: Array<(p: Plan) => void> = [];
    setup({ build_plan: () => new Promise<Plan>((r) => resolvers.push(r)) });
    await waitFor(() => expect(resolvers).toHaveLength(1)); // the build on entry
    const second = planner.build();
    await waitFor(() => expect(resolvers).toHaveLength(2));
    resolvers[1]!(withSpf('v=spf1 include:new.example ~all'));
    await second;
    resolvers[0]!(withSpf('v=spf1 include:old.example ~all'));
    await waitFor(() => expect(screen.getByTestId('record-value').textContent).toBe('v=spf1 include:new.example ~all'));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByTestId('record-value').textContent).toBe('v=spf1 include:new.example ~all');
  });

  it('shows a coded build error with its plain message', async () => {
    setup({ build_plan: () => coded('dns.system_config', 'no nameservers in /etc/resolv.conf') });
    const error = await screen.findByTestId('plan-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('Sendwell could not read this computer’s DNS settings.');
    expect(error.textContent).not.toContain('resolv.conf');
  });
});
