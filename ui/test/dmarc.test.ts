// Component tests for step 5 (DMARC): the policy choice (keyboard), the report address (placeholder
// only, saved on Enter, coded error on the field), the dated rollout, alignment explained, and the
// report-authorization records another domain's owner must publish.

import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan } from '../src/ipc';
import Dmarc from '../src/steps/Dmarc.svelte';
import { defaultChoices } from '../src/lib/choices';
import { callsOf, coded, domainState, fakeCore, planFixture, resetWizard } from './wizard-fixtures';

afterEach(() => clearMocks());

const choices = { ...defaultChoices(), providers: ['google-workspace'] };

function setup(handlers: Parameters<typeof fakeCore>[0] = {}) {
  resetWizard(domainState({ step: 'dmarc', choices }));
  const calls = fakeCore(handlers);
  render(Dmarc);
  return { calls, user: userEvent.setup() };
}

function withAuthorization(): Plan {
  const plan = planFixture();
  plan.records.push({
    type: 'TXT',
    name: 'example.test._report._dmarc.reports.example.net',
    host: 'example.test._report._dmarc',
    value: 'v=DMARC1',
    content: 'v=DMARC1',
    ttl: 3600,
    purpose: 'Lets reports.example.net receive DMARC reports for example.test.',
    topic: 'report_authorization',
    change: { kind: 'new' },
    published_by: 'reports.example.net',
  });
  return plan;
}

describe('DMARC step', () => {
  it('explains DMARC and alignment, starts at none, and shows the dated rollout', async () => {
    setup();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Your DMARC policy');
    expect(screen.getByText(/DMARC only counts SPF or DKIM when they are for your domain/)).toBeTruthy();
    const policy = screen.getByRole('group', { name: 'Policy to publish now' });
    expect((within(policy).getByRole('radio', { name: /Monitor only/ }) as HTMLInputElement).checked).toBe(true);
    const steps = await screen.findAllByTestId('rollout-step');
    expect(steps.map((s) => s.getAttribute('data-policy'))).toEqual(['none', 'quarantine', 'reject']);
    expect(steps[0]?.textContent).toContain('December 1, 2026');
    expect(steps[0]?.querySelector('time')?.getAttribute('datetime')).toBe('2026-12-01');
    expect(steps[1]?.textContent).toContain('change p=none to p=quarantine');
    expect(steps[2]?.textContent).toContain('January 12, 2027');
    const record = screen.getAllByTestId('plan-record').find((r) => r.getAttribute('data-topic') === 'dmarc');
    expect(record?.textContent).toContain('Already published: nothing to do');
  });

  it('saves a stricter policy chosen with the arrow keys and rebuilds', async () => {
    const { calls, user } = setup();
    await screen.findAllByTestId('rollout-step');
    within(screen.getByRole('group', { name: 'Policy to publish now' })).getByRole('radio', { name: /Monitor only/ }).focus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(callsOf(calls, 'save_choices')).toHaveLength(1));
    expect(callsOf(calls, 'save_choices')[0]?.args).toEqual({
      domain: 'example.test',
      choices: { ...choices, dmarc: { ...choices.dmarc, policy: 'quarantine' } },
    });
    await waitFor(() => expect(callsOf(calls, 'build_plan').at(-1)?.args.choices).toMatchObject({ dmarc: { policy: 'quarantine' } }));
  });

  it('suggests dmarc@<domain> only as a placeholder and saves typed addresses on Enter', async () => {
    const { calls, user } = setup();
    const field = screen.getByRole('textbox', { name: 'Report address' });
    expect(field.getAttribute('placeholder')).toBe('dmarc@example.test');
    expect((field as HTMLInputElement).value).toBe('');
    await user.type(field, 'dmarc@example.test, reports@example.net{Enter}');
    await waitFor(() => expect(callsOf(calls, 'save_choices')).toHaveLength(1));
    expect(callsOf(calls, 'save_choices')[0]?.args.choices).toMatchObject({
      dmarc: { rua: ['dmarc@example.test', 'reports@example.net'] },
    });
  });

  it('shows the core’s coded error for a bad report address on the field', async () => {
    const { user } = setup({
      build_plan: (a) => ((a.choices as typeof choices).dmarc.rua.includes('not-an-address') ? coded('dmarc.report_address_invalid') : planFixture()),
    });
    await screen.findAllByTestId('rollout-step');
    const field = screen.getByRole('textbox', { name: 'Report address' });
    await user.type(field, 'not-an-address');
    await user.tab(); // leaving the field keeps the value too
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = field.getAttribute('aria-describedby') ?? '';
    const message = describedBy.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
    expect(message).toContain('That report address isn’t an email address.');
  });

  it('shows the report-authorization records and who must publish them', async () => {
    setup({ build_plan: () => withAuthorization() });
    const section = await screen.findByTestId('report-authorizations');
    expect(section.textContent).toContain('example.test._report._dmarc');
    expect(section.textContent).toContain('The owner of reports.example.net publishes this record, not you.');
  });

  it('saves the time between rollout steps', async () => {
    const { calls, user } = setup();
    await screen.findAllByTestId('rollout-step');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Time between steps' }), '4 weeks');
    await waitFor(() => expect(callsOf(calls, 'save_choices')).toHaveLength(1));
    expect(callsOf(calls, 'save_choices')[0]?.args.choices).toMatchObject({ dmarc: { weeks_between_steps: 4 } });
  });
});
