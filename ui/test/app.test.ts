// Tests for the app shell: title, the list of ten steps, and which of them can be used.

import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../src/App.svelte';

describe('App shell', () => {
  it('shows the title and the ten steps with Domain as the current one', () => {
    render(App);
    expect(screen.getByText('Sendwell')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Setup steps' });
    const items = within(nav).getAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('data-step'))).toEqual([
      'domain', 'senders', 'spf', 'dkim', 'dmarc', 'extras', 'publish', 'propagation', 'mailboxes', 'done',
    ]);
    expect(items[0]?.getAttribute('aria-current')).toBe('step');
    expect(items.slice(1).every((li) => li.getAttribute('aria-current') === null)).toBe(true);
  });

  it('shows upcoming steps as coming soon, not as links or buttons', () => {
    render(App);
    const nav = screen.getByRole('navigation', { name: 'Setup steps' });
    expect(within(nav).queryAllByRole('link')).toHaveLength(0);
    expect(within(nav).queryAllByRole('button')).toHaveLength(0);
    const senders = within(nav).getAllByRole('listitem')[1];
    expect(senders?.textContent).toContain('Senders');
    expect(senders?.textContent).toContain('(coming soon)');
    expect(nav.textContent).toContain('They are coming soon.');
  });

  it('has one h1: the current step’s question', () => {
    render(App);
    const h1 = screen.getAllByRole('heading', { level: 1 });
    expect(h1).toHaveLength(1);
    expect(h1[0]?.textContent).toBe('Which domain will you send email from?');
  });
});
