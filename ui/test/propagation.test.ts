// Step 8, Propagation: the watch starts on entry, the real `sendwell watch --json` lines fill the
// progress, mistakes with fixes and the matrix; cancel, go on while it runs, a coded error.

import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import Propagation from '../src/steps/Propagation.svelte';
import { resetWatches } from '../src/lib/watch.svelte';
import { wizard } from '../src/lib/wizard.svelte';
import { planner } from '../src/lib/planner.svelte';
import { errorText, t } from '../src/i18n';
import { FakeCore, WATCH_EVENTS, reject, resetCore } from './fake-core';
import { makeSession, makeState, onStep } from './later-fixtures';

const DOMAIN = 'example.test';
const running = WATCH_EVENTS.filter((e) => e.event !== 'summary');

function core(extra: ConstructorParameters<typeof FakeCore>[0] = {}) {
  return new FakeCore({ save_step: () => null, load_session: () => makeSession([]), ...extra });
}

afterEach(() => {
  cleanup();
  planner.reset();
  resetWatches();
  resetCore();
});

describe('Propagation step', () => {
  it('starts the watch on entry and explains the servers in plain words', async () => {
    const fake = core();
    onStep('propagation');
    render(Propagation);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(t('watch.title'));
    expect(document.body.textContent).toContain('your DNS host’s servers'.replace('your', 'Your'));
    expect(document.body.textContent).toContain('Public DNS resolvers (Google, Cloudflare, Quad9…)');
    await waitFor(() => expect(fake.of('start_watch')).toHaveLength(1));
    expect(fake.of('start_watch')[0]?.domain).toBe(DOMAIN);
    expect(screen.getByTestId('watch-starting').textContent).toContain('Starting to watch example.test');
  });

  it('shows progress, the mistakes with their fixes above the matrix, and every cell in words', async () => {
    const fake = core();
    onStep('propagation');
    render(Propagation);
    await waitFor(() => expect(fake.channels.has(DOMAIN)).toBe(true));
    fake.send(DOMAIN, ...running);

    const progress = await screen.findByTestId('watch-progress');
    expect(progress.textContent).toContain('1 of 3 records live');
    expect(progress.getAttribute('aria-live')).toBe('polite');
    const bar = screen.getByRole('progressbar', { name: 'Records live' });
    expect(bar.getAttribute('value')).toBe('1');
    expect(bar.getAttribute('max')).toBe('3');
    expect(screen.getByTestId('watch-eta').textContent).toContain('No estimate yet');

    const mistakes = screen.getByTestId('watch-mistakes');
    const items = within(mistakes).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]?.textContent).toContain('TXT record at example.test');
    expect(items[0]?.textContent).toContain('Still the old value');
    expect(items[0]?.textContent).toContain('Edit the existing record at @ in your DNS panel');
    expect(items[0]?.textContent).toContain('ns1.example.test (127.0.0.11), ns2.example.test (127.0.0.12)');

    const matrix = screen.getByTestId('watch-matrix');
    // Mistakes come before the matrix in reading order.
    expect(mistakes.compareDocumentPosition(matrix) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const cols = within(matrix).getAllByRole('columnheader');
    expect(cols.map((c) => c.getAttribute('scope'))).toEqual(['col', 'col', 'col', 'col']);
    expect(cols[3]?.textContent).toContain('Public DNS resolver');
    expect(cols[1]?.textContent).toContain('Your DNS host’s server');
    const rows = within(matrix).getAllByRole('rowheader');
    expect(rows.map((r) => r.getAttribute('scope'))).toEqual(['row', 'row', 'row']);
    const dmarcRow = rows[2]?.closest('tr');
    if (!dmarcRow) throw new Error('no row');
    const cells = within(dmarcRow).getAllByRole('cell').map((c) => c.textContent?.trim());
    expect(cells).toEqual(['Published', 'Published', 'Live']);
    const spfRow = rows[0]?.closest('tr');
    if (!spfRow) throw new Error('no row');
    expect(within(spfRow).getAllByRole('cell').map((c) => c.textContent?.trim())).toEqual([
      'Needs fixing',
      'Needs fixing',
      'Asked once published',
    ]);
    // Every cell has an icon beside its words, never colour alone.
    for (const cell of within(matrix).getAllByRole('cell')) expect(cell.querySelector('svg')).not.toBeNull();
  });

  it('shows a cell ETA and the overall ETA', async () => {
    const fake = core();
    onStep('propagation');
    render(Propagation);
    await waitFor(() => expect(fake.channels.has(DOMAIN)).toBe(true));
    const now = Math.floor(Date.now() / 1000);
    fake.send(DOMAIN, ...running, {
      event: 'status',
      record: 'TXT sw202612._domainkey.example.test',
      server: '127.0.0.21:53',
      role: 'resolver',
      state: 'waiting',
      detail: 'not live yet: cached',
      since: now,
      checked: now + 1,
      eta: 300,
      eta_at: now + 300,
      elapsed: 9,
    });
    expect((await screen.findByTestId('watch-eta')).textContent).toContain('within about 5 min');
    expect(screen.getByTestId('watch-matrix').textContent).toContain('Not live yet');
  });

  it('cancels by keyboard, then shows the result and can watch again', async () => {
    const fake = core();
    onStep('propagation');
    render(Propagation);
    await waitFor(() => expect(fake.channels.has(DOMAIN)).toBe(true));
    fake.send(DOMAIN, ...running);
    const user = userEvent.setup();
    const cancel = await screen.findByRole('button', { name: 'Stop watching' });
    cancel.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(fake.of('cancel_watch')).toEqual([{ domain: DOMAIN }]));
    expect((await screen.findByTestId('watch-result')).dataset.outcome).toBe('cancelled');
    expect(screen.getByTestId('watch-result').textContent).toContain('You stopped watching');

    await user.click(screen.getByRole('button', { name: 'Watch again' }));
    await waitFor(() => expect(fake.of('start_watch')).toHaveLength(2));
  });

  it('shows the final summary from the real stream (not all live by the deadline)', async () => {
    const fake = core();
    onStep('propagation');
    render(Propagation);
    await waitFor(() => expect(fake.channels.has(DOMAIN)).toBe(true));
    fake.send(DOMAIN, ...WATCH_EVENTS);
    const result = await screen.findByTestId('watch-result');
    expect(result.dataset.outcome).toBe('timeout');
    expect(result.textContent).toContain('Not everything is live yet');
    expect(result.textContent).toContain('1 of 3 records live after under a minute');
    expect(screen.queryByRole('button', { name: 'Stop watching' })).toBeNull();
    // The dashboard rows are re-read when a watch ends.
    await waitFor(() => expect(fake.of('load_session').length).toBeGreaterThan(0));
  });

  it('"keep watching in the background" goes on while the watch runs, and coming back re-uses it', async () => {
    const fake = core();
    onStep('propagation');
    const view = render(Propagation);
    await waitFor(() => expect(fake.channels.has(DOMAIN)).toBe(true));
    fake.send(DOMAIN, ...running);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Keep watching in the background and go on' }));
    await waitFor(() => expect(wizard.step).toBe('mailboxes'));
    expect(fake.of('save_step')).toEqual([{ domain: DOMAIN, step: 'mailboxes' }]);
    expect(fake.of('cancel_watch')).toHaveLength(0);
    view.unmount();

    // Back on the step: the board is still there and no second start is sent.
    onStep('propagation', makeState({ step: 'propagation' }));
    render(Propagation);
    expect((await screen.findByTestId('watch-progress')).textContent).toContain('1 of 3 records live');
    expect(fake.of('start_watch')).toHaveLength(1);
  });

  it('a coded error from start_watch is shown with its plain message', async () => {
    core({ start_watch: () => reject('watch.no_name_servers') });
    onStep('propagation');
    render(Propagation);
    const error = await screen.findByTestId('watch-error');
    expect(error.dataset.code).toBe('watch.no_name_servers');
    const text = errorText({ code: 'watch.no_name_servers', message: '' });
    expect(error.textContent).toContain(text.message);
    expect(error.textContent).toContain(text.next);
    expect(screen.getByRole('button', { name: 'Watch again' })).toBeTruthy();
  });

  it('without a plan makes it first, then watches', async () => {
    const fake = core({ build_plan: () => makeState().plan });
    onStep('propagation', makeState({ plan: null }));
    render(Propagation);
    await waitFor(() => expect(fake.of('build_plan')).toHaveLength(1));
    await waitFor(() => expect(fake.of('start_watch')).toHaveLength(1));
  });
});
