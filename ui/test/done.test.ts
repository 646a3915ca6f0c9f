// Step 10, Done: the dashboard from the saved session: health as words and icon, the check date,
// records and mailboxes counts, the watch; "Check again", "Open" into any step, a new domain.

import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import Done from '../src/steps/Done.svelte';
import { wizard } from '../src/lib/wizard.svelte';
import { ensureWatch, resetWatches } from '../src/lib/watch.svelte';
import { errorText, t } from '../src/i18n';
import type { DomainSummary } from '../src/ipc';
import { FakeCore, reject, resetCore } from './fake-core';
import { copy, makeSession, makeState, makeSummary, onStep } from './later-fixtures';
import checkJson from './fixtures/check.json';

const ROWS: DomainSummary[] = [
  makeSummary(),
  makeSummary({
    domain: 'xn--bcher-kva.test',
    unicode: 'bücher.test',
    step: 'propagation',
    status: 'fail',
    checked_at: null,
    records_total: 4,
    records_live: null,
    watch: null,
    mailboxes: 0,
    mailboxes_ok: 0,
  }),
  makeSummary({ domain: 'new.test', unicode: 'new.test', step: 'senders', status: null, checked_at: null, records_total: 0, records_live: null, watch: null }),
];

function core(handlers: ConstructorParameters<typeof FakeCore>[0] = {}) {
  let rows = copy(ROWS);
  const fake = new FakeCore({
    load_session: () => makeSession(rows, 'example.test'),
    check_domain: () => {
      rows = rows.map((r) => (r.domain === 'xn--bcher-kva.test' ? { ...r, status: 'warn', checked_at: 1796140000 } : r));
      return checkJson;
    },
    open_domain: (args) => makeState({ domain: String(args.domain), step: 'senders' }),
    save_step: () => null,
    ...handlers,
  });
  return fake;
}

afterEach(() => {
  cleanup();
  resetWatches();
  resetCore();
});

function card(domain: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-domain="${domain}"]`);
  if (!el) throw new Error(`no card for ${domain}`);
  return el;
}

describe('Done step (dashboard)', () => {
  it('shows every domain with its health, date, records, mailboxes and watch in words', async () => {
    const fake = core();
    onStep('done');
    render(Done);
    await waitFor(() => expect(fake.of('load_session')).toHaveLength(1));
    const cards = await within(await screen.findByTestId('dashboard')).findAllByRole('heading', { level: 2 });
    expect(cards.map((h) => h.textContent)).toEqual(['example.test', 'bücher.test', 'new.test']);

    const ok = card('example.test');
    expect(within(ok).getByTestId('health-example.test').textContent).toContain('Looks good');
    expect(within(ok).getByTestId('health-example.test').querySelector('svg')).not.toBeNull();
    expect(ok.textContent).toMatch(/Last checked .*20/);
    expect(ok.textContent).toContain('Records live: 3 of 3');
    expect(ok.textContent).toContain('Mailboxes working: 1 of 1');
    expect(ok.textContent).toContain('Watch finished: all live');

    const idn = card('xn--bcher-kva.test');
    expect(idn.textContent).toContain('Needs fixing');
    expect(idn.textContent).not.toContain('Last checked');
    expect(idn.textContent).toContain('Records live: not watched yet (4 to publish)');
    expect(idn.textContent).toContain('No mailboxes checked yet');
    expect(idn.textContent).toContain('Not watched yet');
    expect(idn.textContent).toContain('Left at: Propagation');

    const fresh = card('new.test');
    expect(fresh.textContent).toContain('Not checked yet');
    expect(fresh.textContent).toContain('No records planned yet');
  });

  it('a watch running in this session shows as "Watching now"', async () => {
    core();
    await ensureWatch('example.test');
    onStep('done');
    render(Done);
    await screen.findByTestId('dashboard');
    expect(within(card('example.test')).getByTestId('watch-example.test').textContent).toBe('Watching now');
  });

  it('"Check again" runs the audit and re-reads the dashboard, announced politely', async () => {
    const fake = core();
    onStep('done');
    render(Done);
    await screen.findByTestId('dashboard');
    const user = userEvent.setup();
    const button = screen.getByRole('button', { name: 'Check bücher.test again' });
    button.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(fake.of('check_domain')).toEqual([{ input: 'xn--bcher-kva.test' }]));
    await waitFor(() => expect(card('xn--bcher-kva.test').textContent).toContain('Needs attention'));
    expect(card('xn--bcher-kva.test').textContent).toMatch(/Last checked/);
    expect(fake.of('load_session').length).toBeGreaterThanOrEqual(2);
    await waitFor(() => expect(screen.getByTestId('done-status').textContent).toBe('Finished checking bücher.test.'));
  });

  it('a coded error from the check is shown on that domain in plain words', async () => {
    core({ check_domain: () => reject('dns.system_config') });
    onStep('done');
    render(Done);
    await screen.findByTestId('dashboard');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Check example.test again' }));
    const error = await screen.findByTestId('check-error-example.test');
    const text = errorText({ code: 'dns.system_config', message: '' });
    expect(error.textContent).toContain(text.message);
    expect(error.textContent).toContain(text.next);
  });

  it('"Open" goes back into the chosen step of that domain (keyboard)', async () => {
    const fake = core();
    onStep('done');
    render(Done);
    await screen.findByTestId('dashboard');
    const user = userEvent.setup();
    const select = screen.getByLabelText('Step to open for bücher.test') as HTMLSelectElement;
    expect(select.value).toBe('propagation');
    await user.selectOptions(select, 'dkim');
    screen.getByRole('button', { name: 'Open bücher.test at the chosen step' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(fake.of('open_domain')).toEqual([{ domain: 'xn--bcher-kva.test' }]));
    await waitFor(() => expect(wizard.step).toBe('dkim'));
    expect(wizard.current?.domain).toBe('xn--bcher-kva.test');
    expect(fake.of('save_step')).toEqual([{ domain: 'xn--bcher-kva.test', step: 'dkim' }]);
  });

  it('"Set up another domain" clears the current domain and goes to the Domain step', async () => {
    const fake = core();
    onStep('done');
    render(Done);
    await userEvent.setup().click(screen.getByRole('button', { name: t('done.new_domain') }));
    await waitFor(() => expect(wizard.step).toBe('domain'));
    expect(wizard.current).toBeNull();
    expect(fake.of('save_step')).toHaveLength(0);
    // Also in the store, so reopening the app starts on the Domain step too.
    await waitFor(() => expect(fake.of('leave_domain')).toHaveLength(1));
  });

  it('says so when there are no domains yet', async () => {
    core({ load_session: () => makeSession([]) });
    onStep('done', null);
    render(Done);
    expect(await screen.findByText(t('done.empty'))).toBeTruthy();
  });
});
