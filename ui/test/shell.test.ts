// Tests for the wizard shell with saved progress: returning to the saved step, moving between
// steps with the keyboard (focus lands on the new step's h1), the store notice, a dismissible
// error, the loading state, and the Domain step's saved report and working Next button.

import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../src/App.svelte';
import { wizard } from '../src/lib/wizard.svelte';
import { callsOf, coded, domainState, fakeCore, resetWizard } from './wizard-fixtures';

beforeEach(() => resetWizard());
afterEach(() => clearMocks());

const stepNav = () => screen.getByRole('navigation', { name: 'Setup steps' });

describe('wizard shell', () => {
  it('shows a loading state, then returns to the saved domain and step', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const calls = fakeCore({
      load_session: async () => {
        await gate;
        return { current: 'example.test', domains: [], notice: null };
      },
      open_domain: () => domainState({ step: 'dmarc' }),
    });
    render(App);
    expect((await screen.findByTestId('session-loading')).textContent).toContain('Opening your saved progress');
    release();
    expect(await screen.findByRole('heading', { level: 1, name: 'Your DMARC policy' })).toBeTruthy();
    expect(screen.queryByTestId('session-loading')).toBeNull();
    expect(screen.getByTestId('current-domain').textContent).toBe('Working on example.test');
    expect(callsOf(calls, 'open_domain')[0]?.args).toEqual({ domain: 'example.test' });
  });

  it('makes every step a button once a domain is current, with aria-current on the current one', async () => {
    fakeCore({ open_domain: () => domainState({ step: 'spf' }) }, { current: 'example.test' });
    render(App);
    await screen.findByRole('heading', { level: 1, name: 'Your SPF record' });
    const buttons = within(stepNav()).getAllByRole('button');
    expect(buttons).toHaveLength(10);
    const current = buttons.filter((b) => b.getAttribute('aria-current') === 'step');
    expect(current).toEqual([within(stepNav()).getByRole('button', { name: 'Step 3: SPF' })]);
    expect(stepNav().textContent).not.toContain('Choose a domain first');
  });

  it('moves with the keyboard: Tab to a step, Enter opens it, saves it and focuses its h1', async () => {
    const calls = fakeCore({ open_domain: () => domainState({ step: 'senders' }) }, { current: 'example.test' });
    render(App);
    await screen.findByRole('heading', { level: 1, name: 'Who sends email as your domain?' });
    const user = userEvent.setup();
    const dkim = within(stepNav()).getByRole('button', { name: 'Step 4: DKIM' });
    dkim.focus();
    await user.keyboard('{Enter}');
    const h1 = await screen.findByRole('heading', { level: 1, name: 'Your DKIM keys' });
    await waitFor(() => expect(document.activeElement).toBe(h1));
    expect(callsOf(calls, 'save_step').at(-1)?.args).toEqual({ domain: 'example.test', step: 'dkim' });

    // Space works too, and Back/Next at the bottom of the step.
    within(stepNav()).getByRole('button', { name: 'Step 6: Extras' }).focus();
    await user.keyboard(' ');
    await screen.findByRole('heading', { level: 1, name: 'Extras (optional)' });
    await user.click(screen.getByRole('button', { name: 'Back' }));
    const dmarc = await screen.findByRole('heading', { level: 1, name: 'Your DMARC policy' });
    await waitFor(() => expect(document.activeElement).toBe(dmarc));
  });

  it('explains a damaged store: what happened, where the old file went, what to do; dismissible', async () => {
    fakeCore(
      {},
      {
        notice: { code: 'store.corrupt', message: 'file is not a database', moved_to: '/home/me/.local/share/sendwell/state.db.bad' },
      },
    );
    render(App);
    const notice = await screen.findByTestId('store-notice');
    expect(notice.textContent).toContain('the file was damaged');
    expect(notice.textContent).toContain('/home/me/.local/share/sendwell/state.db.bad');
    expect(notice.textContent).toContain('Add your domain again to continue');
    expect(notice.textContent).not.toContain('file is not a database');
    await userEvent.setup().click(within(notice).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('store-notice')).toBeNull();
  });

  it('explains a store from a newer Sendwell', async () => {
    fakeCore({}, { notice: { code: 'store.newer', message: 'schema 9 > 3', moved_to: '/tmp/state.db.newer' } });
    render(App);
    expect((await screen.findByTestId('store-notice')).textContent).toContain('Install the newer Sendwell');
  });

  it('shows a coded error in plain words and lets the person dismiss it', async () => {
    fakeCore({ load_session: () => coded('keychain.unavailable') });
    render(App);
    const error = await screen.findByTestId('wizard-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('Sendwell cannot reach your computer’s keychain.');
    expect(error.textContent).not.toContain('core:');
    await userEvent.setup().click(within(error).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('wizard-error')).toBeNull();
    expect(wizard.error).toBeNull();
  });

  it('shows the saved report on the Domain step, input prefilled, and Next opens Senders', async () => {
    const calls = fakeCore({ open_domain: () => domainState({ step: 'domain' }) }, { current: 'example.test' });
    render(App);
    expect((await screen.findByTestId('result-heading')).textContent).toContain('example.test');
    expect((screen.getByTestId('domain-input') as HTMLInputElement).value).toBe('example.test');
    const user = userEvent.setup();
    screen.getByRole('button', { name: 'Next: choose who sends email' }).focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { level: 1, name: 'Who sends email as your domain?' });
    expect(callsOf(calls, 'open_domain').at(-1)?.args).toEqual({ domain: 'example.test' });
    expect(callsOf(calls, 'save_step').at(-1)?.args).toEqual({ domain: 'example.test', step: 'senders' });
  });

  it('opens the checked domain from a fresh Domain step', async () => {
    const calls = fakeCore({ check_domain: () => domainState().report });
    render(App);
    const user = userEvent.setup();
    await user.type(await screen.findByTestId('domain-input'), 'example.test{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Next: choose who sends email' }));
    await screen.findByRole('heading', { level: 1, name: 'Who sends email as your domain?' });
    expect(callsOf(calls, 'open_domain')[0]?.args).toEqual({ domain: 'example.test' });
  });
});
