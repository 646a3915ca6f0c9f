// Component tests for step 6 (Extras): everything off by default; MTA-STS with its policy file,
// TLS-RPT, BIMI with the core's "needs DMARC enforcing" finding, provider MX and "never sends"
// saved with the exact choices JSON; a coded error on the TLS-RPT field.

import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan, PlanChoices } from '../src/ipc';
import Extras from '../src/steps/Extras.svelte';
import { defaultChoices } from '../src/lib/choices';
import { callsOf, coded, domainState, fakeCore, planFixture, resetWizard } from './wizard-fixtures';

afterEach(() => clearMocks());

const choices = { ...defaultChoices(), providers: ['google-workspace'] };

function setup(handlers: Parameters<typeof fakeCore>[0] = {}) {
  resetWizard(domainState({ step: 'extras', choices }));
  const calls = fakeCore(handlers);
  render(Extras);
  return { calls, user: userEvent.setup() };
}

/** A plan that reflects the extras chosen, as the core would build it. */
function planFor(c: PlanChoices): Plan {
  const plan = planFixture();
  if (c.extras.mta_sts) {
    plan.mta_sts_policy = {
      url: 'https://mta-sts.example.test/.well-known/mta-sts.txt',
      body: `version: STSv1\nmode: ${c.extras.mta_sts.enforce ? 'enforce' : 'testing'}\nmx: aspmx.l.google.com\nmax_age: 604800\n`,
      hosting: 'Serve this file over HTTPS at the address above.',
    };
    plan.records.push({
      type: 'TXT', name: '_mta-sts.example.test', host: '_mta-sts', value: 'v=STSv1; id=20261201', content: 'v=STSv1; id=20261201',
      ttl: 3600, purpose: 'MTA-STS: tells senders a policy exists.', topic: 'mta_sts', change: { kind: 'new' },
    });
  }
  if (c.extras.bimi) {
    plan.findings.push({
      id: 'plan.bimi_needs_enforcement', severity: 'warning',
      message: 'BIMI logos are shown only when DMARC is at quarantine or reject.', fix: 'Add BIMI once your rollout reaches quarantine.',
    });
  }
  return plan;
}

const lastSaved = (calls: ReturnType<typeof fakeCore>) => callsOf(calls, 'save_choices').at(-1)?.args.choices as PlanChoices;

describe('Extras step', () => {
  it('has every option off by default, each explained', async () => {
    setup();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Extras (optional)');
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes).toHaveLength(5);
    expect(boxes.every((b) => !b.checked)).toBe(true);
    expect(screen.getByRole('checkbox', { name: 'Receive email at your new mailbox provider (MX)' }).getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(/MX records say which servers receive email for your domain/)).toBeTruthy();
  });

  it('turns MTA-STS on with the keyboard in testing mode and shows the policy file to host', async () => {
    const { calls, user } = setup({ build_plan: (a) => planFor(a.choices as PlanChoices) });
    const box = screen.getByRole('checkbox', { name: 'Require encrypted delivery (MTA-STS)' });
    box.focus();
    await user.keyboard(' ');
    await waitFor(() => expect(lastSaved(calls)?.extras.mta_sts).toEqual({ enforce: false, max_age: 604800 }));
    expect(callsOf(calls, 'save_choices')[0]?.args).toEqual({
      domain: 'example.test',
      choices: { ...choices, extras: { ...choices.extras, mta_sts: { enforce: false, max_age: 604800 } } },
    });
    const file = await screen.findByTestId('mta-sts-policy');
    expect(file.textContent).toContain('https://mta-sts.example.test/.well-known/mta-sts.txt');
    expect(file.textContent).toContain('mode: testing');
    const section = screen.getByTestId('extra-mta-sts');
    expect(within(section).getByTestId('plan-record').textContent).toContain('_mta-sts');

    within(section).getByRole('radio', { name: /Testing/ }).focus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(lastSaved(calls)?.extras.mta_sts).toEqual({ enforce: true, max_age: 604800 }));
    await waitFor(() => expect(screen.getByTestId('mta-sts-policy').textContent).toContain('mode: enforce'));
  });

  it('saves a TLS-RPT address and shows the core’s coded error on the field', async () => {
    const { calls, user } = setup({
      build_plan: (a) => ((a.choices as PlanChoices).extras.tls_rpt.includes('nope') ? coded('tlsrpt.address_invalid') : planFixture()),
    });
    await user.click(screen.getByRole('checkbox', { name: 'Reports about encryption problems (TLS-RPT)' }));
    const field = await screen.findByRole('textbox', { name: 'Report address' });
    expect(field.getAttribute('placeholder')).toBe('tls-reports@example.test');
    await user.type(field, 'tls@example.test{Enter}');
    await waitFor(() => expect(lastSaved(calls)?.extras.tls_rpt).toEqual(['tls@example.test']));
    await user.clear(field);
    await user.type(field, 'nope{Enter}');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByTestId('plan-error').textContent).toContain('That TLS report address isn’t usable.');
  });

  it('shows BIMI’s logo fields and the core’s finding that DMARC must enforce first', async () => {
    const { calls, user } = setup({ build_plan: (a) => planFor(a.choices as PlanChoices) });
    await user.click(screen.getByRole('checkbox', { name: 'Your logo in the inbox (BIMI)' }));
    const logo = await screen.findByRole('textbox', { name: 'Logo address (SVG)' });
    await user.type(logo, 'https://example.test/logo.svg{Enter}');
    await waitFor(() =>
      expect(lastSaved(calls)?.extras.bimi).toEqual({ logo_url: 'https://example.test/logo.svg', certificate_url: null }),
    );
    const section = screen.getByTestId('extra-bimi');
    await waitFor(() => expect(section.querySelector('[data-finding-id="plan.bimi_needs_enforcement"]')).toBeTruthy());
    expect(section.textContent).toContain('only when DMARC is at quarantine or reject');
    expect(screen.getByRole('textbox', { name: 'Mark certificate address (optional)' })).toBeTruthy();
  });

  it('saves provider MX and "never sends"', async () => {
    const { calls, user } = setup();
    await user.click(screen.getByRole('checkbox', { name: 'Receive email at your new mailbox provider (MX)' }));
    await waitFor(() => expect(lastSaved(calls)?.extras.provider_mx).toBe(true));
    await user.click(screen.getByRole('checkbox', { name: 'This domain never sends or receives email' }));
    await waitFor(() => expect(lastSaved(calls)?.extras.never_sends).toBe(true));
    expect(lastSaved(calls)).toEqual({ ...choices, extras: { ...choices.extras, provider_mx: true, never_sends: true } });
    await waitFor(() => expect(callsOf(calls, 'build_plan').at(-1)?.args.choices).toMatchObject({ extras: { never_sends: true } }));
  });
});
