// Tests for the app shell without a domain: title, the list of ten steps, which of them can be
// opened (only Domain and Done), and the one h1.

import { render, screen, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../src/App.svelte';
import { fakeCore, resetWizard } from './wizard-fixtures';

beforeEach(() => {
  resetWizard();
  fakeCore();
});
afterEach(() => clearMocks());

describe('App shell without a domain', () => {
  it('shows the title and the ten steps with Domain as the current one', async () => {
    render(App);
    expect(screen.getByText('Sendwell')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Setup steps' });
    const items = within(nav).getAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('data-step'))).toEqual([
      'domain', 'senders', 'spf', 'dkim', 'dmarc', 'extras', 'publish', 'propagation', 'mailboxes', 'done',
    ]);
    await screen.findByRole('heading', { level: 1 });
    const current = nav.querySelectorAll('[aria-current="step"]');
    expect(current).toHaveLength(1);
    expect(current[0]?.closest('li')?.getAttribute('data-step')).toBe('domain');
  });

  it('offers only Domain and Done as buttons, the others as text with the reason', async () => {
    render(App);
    await screen.findByRole('heading', { level: 1 });
    const nav = screen.getByRole('navigation', { name: 'Setup steps' });
    const buttons = within(nav).getAllByRole('button');
    expect(buttons.map((b) => b.closest('li')?.getAttribute('data-step'))).toEqual(['domain', 'done']);
    expect(within(nav).queryAllByRole('link')).toHaveLength(0);
    expect(nav.textContent).not.toContain('coming soon');
    expect(nav.textContent).toContain('Choose a domain first; then you can open any step.');
  });

  it('has one h1: the current step’s question', async () => {
    render(App);
    const h1 = await screen.findAllByRole('heading', { level: 1 });
    expect(h1).toHaveLength(1);
    expect(h1[0]?.textContent).toBe('Which domain will you send email from?');
  });
});
