// Component tests for step 2 (Senders): the catalog grouped by kind, the detected mail provider
// ticked on the first visit, keyboard toggling, own-server addresses checked by the core, and the
// exact choices JSON saved.

import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import Senders from '../src/steps/Senders.svelte';
import { defaultChoices } from '../src/lib/choices';
import { wizard } from '../src/lib/wizard.svelte';
import { callsOf, coded, domainState, fakeCore, planFixture, resetWizard } from './wizard-fixtures';

afterEach(() => clearMocks());

function setup(state = domainState(), handlers: Parameters<typeof fakeCore>[0] = {}) {
  resetWizard(state);
  const calls = fakeCore(handlers);
  render(Senders);
  return { calls, user: userEvent.setup() };
}

describe('Senders step', () => {
  it('explains the step and groups the catalog by kind, each group a labelled fieldset', async () => {
    setup();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Who sends email as your domain?');
    expect(screen.getByText('Why it matters')).toBeTruthy();
    expect(screen.getByText('What happens if you skip it')).toBeTruthy();
    const mailbox = await screen.findByRole('group', { name: 'Mailbox providers' });
    expect(within(mailbox).getByRole('checkbox', { name: 'Microsoft 365' })).toBeTruthy();
    const apps = screen.getByRole('group', { name: 'Apps, shops and transactional email' });
    expect(within(apps).getByRole('checkbox', { name: 'Amazon SES' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Newsletters and campaigns' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Your own server' })).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Outreach platforms' })).toBeNull(); // none in the catalog
  });

  it('ticks the detected mail provider on the first visit and saves the choices', async () => {
    const { calls } = setup();
    const google = await screen.findByRole('checkbox', { name: 'Google Workspace' });
    await waitFor(() => expect((google as HTMLInputElement).checked).toBe(true));
    expect(screen.getByTestId('preselected-note').textContent).toContain('Google Workspace');
    const saved = callsOf(calls, 'save_choices');
    expect(saved).toHaveLength(1);
    expect(saved[0]?.args).toEqual({
      domain: 'example.test',
      choices: { ...defaultChoices(), providers: ['google-workspace'] },
    });
  });

  it('does not tick anything when the person has chosen before', async () => {
    const { calls } = setup(domainState({ plan: planFixture(), choices: { ...defaultChoices(), providers: [] } }));
    const google = await screen.findByRole('checkbox', { name: 'Google Workspace' });
    expect((google as HTMLInputElement).checked).toBe(false);
    expect(callsOf(calls, 'save_choices')).toHaveLength(0);
  });

  it('toggles a sender with the keyboard (Tab, Space) and saves the list', async () => {
    const { calls, user } = setup(domainState({ choices: { ...defaultChoices(), providers: ['google-workspace'] } }));
    const sendgrid = await screen.findByRole('checkbox', { name: 'Twilio SendGrid' });
    const google = screen.getByRole('checkbox', { name: 'Google Workspace' });
    google.focus();
    while (document.activeElement !== sendgrid) await user.tab();
    await user.keyboard(' ');
    await waitFor(() => expect(callsOf(calls, 'save_choices')).toHaveLength(1));
    expect(callsOf(calls, 'save_choices')[0]?.args.choices).toMatchObject({ providers: ['google-workspace', 'sendgrid'] });
    google.focus();
    await user.keyboard(' ');
    await waitFor(() => expect(callsOf(calls, 'save_choices')).toHaveLength(2));
    expect(callsOf(calls, 'save_choices')[1]?.args.choices).toMatchObject({ providers: ['sendgrid'] });
    expect(wizard.current?.choices.providers).toEqual(['sendgrid']);
  });

  it('adds own-server addresses the core accepts, with Enter, and removes them', async () => {
    const { calls, user } = setup(domainState({ choices: { ...defaultChoices(), providers: ['google-workspace'] } }));
    await user.click(await screen.findByRole('checkbox', { name: 'Your own mail server (by IP address)' }));
    const input = await screen.findByRole('textbox', { name: 'IP address of your sending server' });
    await user.type(input, '203.0.113.7{Enter}');
    await screen.findByText('203.0.113.7');
    const build = callsOf(calls, 'build_plan');
    expect(build).toHaveLength(1);
    expect(build[0]?.args.choices).toMatchObject({ ips: ['203.0.113.7'], providers: ['google-workspace', 'own-server'] });
    expect(callsOf(calls, 'save_choices').at(-1)?.args).toEqual({
      domain: 'example.test',
      choices: { ...defaultChoices(), providers: ['google-workspace', 'own-server'], ips: ['203.0.113.7'] },
    });
    expect((input as HTMLInputElement).value).toBe('');
    expect(wizard.current?.plan?.domain).toBe('example.test');

    await user.click(screen.getByRole('button', { name: 'Remove 203.0.113.7' }));
    await waitFor(() => expect(callsOf(calls, 'save_choices').at(-1)?.args.choices).toMatchObject({ ips: [] }));
  });

  it('shows the core’s coded error for an address it rejects, and keeps it out of the choices', async () => {
    const { calls, user } = setup(domainState({ choices: { ...defaultChoices(), providers: ['own-server'] } }), {
      build_plan: () => coded('spf.ip_invalid', "'300.1.1.1' is not an IPv4 or IPv6 address"),
    });
    const input = await screen.findByRole('textbox', { name: 'IP address of your sending server' });
    await user.type(input, '300.1.1.1');
    await user.click(screen.getByRole('button', { name: 'Add address' }));
    const error = await screen.findByTestId('ip-error');
    expect(error.getAttribute('data-code')).toBe('spf.ip_invalid');
    expect(error.textContent).toContain('That isn’t an IP address.');
    expect(error.textContent).toContain('for example 203.0.113.7');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(error.id);
    expect((input as HTMLInputElement).value).toBe('300.1.1.1');
    expect(callsOf(calls, 'save_choices')).toHaveLength(0);
    expect(wizard.current?.choices.ips).toEqual([]);
  });

  it('says when the catalog could not be read, and tries again', async () => {
    let fail = true;
    const { user } = setup(domainState(), {
      list_providers: () => (fail ? coded('internal') : []),
    });
    expect((await screen.findByRole('alert')).textContent).toContain('Something went wrong inside Sendwell.');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('goes on to SPF with Next', async () => {
    const { calls, user } = setup();
    await screen.findByRole('group', { name: 'Mailbox providers' });
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(wizard.step).toBe('spf');
    expect(callsOf(calls, 'save_step').at(-1)?.args).toEqual({ domain: 'example.test', step: 'spf' });
  });
});
