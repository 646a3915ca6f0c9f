// Component tests for step 4 (DKIM): the terms explained, the key made here, the provider's own
// steps with links as text, the PEM export (saved, cancelled, failed), and the key choices saved.

import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import Dkim from '../src/steps/Dkim.svelte';
import { defaultChoices } from '../src/lib/choices';
import { callsOf, coded, domainState, fakeCore, planFixture, resetWizard } from './wizard-fixtures';

afterEach(() => clearMocks());

const choices = { ...defaultChoices(), providers: ['google-workspace'], ips: ['203.0.113.7'] };

function setup(handlers: Parameters<typeof fakeCore>[0] = {}) {
  resetWizard(domainState({ step: 'dkim', choices }));
  const calls = fakeCore(handlers);
  render(Dkim);
  return { calls, user: userEvent.setup() };
}

const exportLabel = 'Save the private key as a file (PEM) for your mail server';

describe('DKIM step', () => {
  it('explains DKIM and selectors, and shows the key Sendwell made', async () => {
    setup();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Your DKIM keys');
    expect(screen.getByText(/DKIM \(DomainKeys Identified Mail\) signs each message/)).toBeTruthy();
    expect(screen.getByText(/A short name that tells receivers which key to use/)).toBeTruthy();
    const key = await screen.findByTestId('dkim-key');
    expect(key.textContent).toContain('sw202612');
    expect(key.textContent).toContain('RSA-2048');
    expect(key.textContent).toContain('2048 bits');
    const radios = screen.getByRole('group', { name: 'Kind of key' });
    expect((within(radios).getByRole('radio', { name: /RSA-2048/ }) as HTMLInputElement).checked).toBe(true);
    expect(within(radios).getByRole('radio', { name: /Ed25519/ }).closest('label')?.textContent).toContain(
      'Use it only as a second key next to an RSA key.',
    );
    const record = screen.getAllByTestId('plan-record').find((r) => r.getAttribute('data-topic') === 'dkim');
    expect(record?.textContent).toContain('sw202612._domainkey');
  });

  it('shows the provider’s own steps with the help link as text, never as a link', async () => {
    setup();
    const step = await screen.findByTestId('provider-step');
    expect(within(step).getByRole('heading', { name: 'Google Workspace' })).toBeTruthy();
    expect(step.textContent).toContain('Copy the DKIM record Google Workspace shows you');
    expect(step.textContent).toContain('google._domainkey');
    expect(within(step).getByTestId('provider-link').textContent).toBe('https://support.google.com/a/answer/11611356');
    expect(document.querySelectorAll('a')).toHaveLength(0);
    const findings = screen.getByTestId('dkim-findings');
    expect(findings.querySelector('[data-finding-id="plan.provider_dkim_note"]')).toBeTruthy();
  });

  it('saves the private key with the keyboard and says where', async () => {
    const { calls, user } = setup();
    const button = await screen.findByRole('button', { name: exportLabel });
    button.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByText('/home/me/sw202612.pem')).toBeTruthy();
    expect(screen.getByText(/Saved to/).closest('[role="status"]')).toBeTruthy();
    expect(callsOf(calls, 'export_dkim_key')).toEqual([
      { cmd: 'export_dkim_key', args: { domain: 'example.test', selector: 'sw202612' } },
    ]);
  });

  it('says nothing when the save dialog is cancelled', async () => {
    const { calls, user } = setup({ export_dkim_key: () => null });
    await user.click(await screen.findByRole('button', { name: exportLabel }));
    await waitFor(() => expect(callsOf(calls, 'export_dkim_key')).toHaveLength(1));
    expect(screen.queryByText(/Saved to/)).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a failed export in plain words', async () => {
    const { user } = setup({ export_dkim_key: () => coded('keychain.locked') });
    await user.click(await screen.findByRole('button', { name: exportLabel }));
    expect((await screen.findByRole('alert')).textContent).toContain('Your keychain is locked.');
  });

  it('turning key generation off is a choice: saved, and the plan rebuilt without it', async () => {
    const { calls, user } = setup({
      build_plan: (a) => {
        const plan = planFixture();
        if (!(a.choices as typeof choices).dkim.generate) {
          plan.keys = [];
          plan.records = plan.records.filter((r) => r.topic !== 'dkim');
        }
        return plan;
      },
    });
    await screen.findByTestId('dkim-key');
    const generate = screen.getByRole('checkbox', { name: /Make a DKIM key here/ });
    generate.focus();
    await user.keyboard(' ');
    await waitFor(() => expect(callsOf(calls, 'save_choices')).toHaveLength(1));
    expect(callsOf(calls, 'save_choices')[0]?.args).toEqual({
      domain: 'example.test',
      choices: { ...choices, dkim: { ...choices.dkim, generate: false } },
    });
    await waitFor(() => expect(screen.queryByTestId('dkim-key')).toBeNull());
    expect(screen.queryByRole('group', { name: 'Kind of key' })).toBeNull();
    expect(callsOf(calls, 'build_plan').at(-1)?.args.choices).toMatchObject({ dkim: { generate: false } });
  });

  it('saves a typed selector on Enter and shows the core’s error on the field', async () => {
    const { calls, user } = setup({
      build_plan: (a) => ((a.choices as typeof choices).dkim.selector === 'bad selector!' ? coded('dkim.selector_invalid') : planFixture()),
    });
    await screen.findByTestId('dkim-key');
    const field = screen.getByRole('textbox', { name: 'Selector (optional)' });
    await user.type(field, 'bad selector!{Enter}');
    await waitFor(() => expect(callsOf(calls, 'save_choices')).toHaveLength(1));
    expect(callsOf(calls, 'save_choices')[0]?.args.choices).toMatchObject({ dkim: { selector: 'bad selector!' } });
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByTestId('plan-error').textContent).toContain('That DKIM selector is not valid.');
  });
});
