// Step 9, Mailboxes: discovery fills "Advanced", the password is sent once and cleared, results per
// protocol from the real core reports (all fine but POP3 on, POP3 only, wrong password), the saved
// list with check again and remove, keyboard use and coded errors.

import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import Mailboxes from '../src/steps/Mailboxes.svelte';
import { wizard } from '../src/lib/wizard.svelte';
import { errorText, t } from '../src/i18n';
import type { MailboxEntry } from '../src/ipc';
import { FakeCore, reject, resetCore } from './fake-core';
import {
  MAILBOX_OK,
  MAILBOX_POP3_ONLY,
  MAILBOX_WRONG_PASSWORD,
  SETTINGS,
  copy,
  makeSession,
  makeState,
  onStep,
} from './later-fixtures';

const ADDRESS = 'test@example.test';

function core(handlers: ConstructorParameters<typeof FakeCore>[0] = {}) {
  return new FakeCore({
    discover_mailbox: () => copy(SETTINGS),
    check_mailbox: () => copy(MAILBOX_OK),
    forget_mailbox: () => null,
    load_session: () => makeSession([]),
    save_step: () => null,
    ...handlers,
  });
}

async function fill(address: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Email address'), address);
  await user.tab(); // leaving the field looks the servers up
  if (password) await user.type(screen.getByLabelText('Password'), password);
  return user;
}

afterEach(() => {
  cleanup();
  resetCore();
});

describe('Mailboxes step', () => {
  it('labels every field, explains IMAP, POP3 and SMTP, and keeps the password field safe', () => {
    core();
    onStep('mailboxes');
    render(Mailboxes);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(t('mailbox.title'));
    for (const term of ['mailbox.term_imap', 'mailbox.term_pop3', 'mailbox.term_smtp'] as const)
      expect(document.body.textContent).toContain(t(term));
    const password = screen.getByLabelText('Password') as HTMLInputElement;
    expect(password.type).toBe('password');
    expect(password.getAttribute('autocomplete')).toBe('off');
    expect(screen.getByLabelText('Email address')).toBeTruthy();
    expect(screen.getByText('Advanced: server settings').tagName).toBe('SUMMARY');
    expect(screen.getByLabelText('IMAP server')).toBeTruthy();
    expect(screen.getByLabelText('POP3 server')).toBeTruthy();
    expect(screen.getByLabelText('SMTP server')).toBeTruthy();
  });

  it('discovers the servers when the address is left and prefills the editable Advanced fields', async () => {
    const fake = core();
    onStep('mailboxes');
    render(Mailboxes);
    await fill(ADDRESS, '');
    await waitFor(() => expect(fake.of('discover_mailbox')).toEqual([{ address: ADDRESS }]));
    await waitFor(() => expect((screen.getByLabelText('IMAP server') as HTMLInputElement).value).toBe('127.0.0.31:993'));
    expect((screen.getByLabelText('POP3 server') as HTMLInputElement).value).toBe('127.0.0.31:995');
    expect((screen.getByLabelText('SMTP server') as HTMLInputElement).value).toBe('127.0.0.31:465');
    expect(screen.getByTestId('mailbox-discovery').textContent).toContain('Recognised as Gmail / Google Workspace.');
  });

  it('checks by keyboard: the password goes to check_mailbox once and the field is emptied', async () => {
    const fake = core();
    onStep('mailboxes');
    render(Mailboxes);
    const user = await fill(ADDRESS, 's3cret-pw');
    // Advanced opened and one server changed by keyboard: only that one is sent as an override.
    const summary = screen.getByText('Advanced: server settings');
    summary.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect((screen.getByLabelText('SMTP server') as HTMLInputElement).value).toBe('127.0.0.31:465'));
    const smtp = screen.getByLabelText('SMTP server');
    await user.clear(smtp);
    await user.type(smtp, 'mail.example.test:587');
    (screen.getByLabelText('Password') as HTMLInputElement).focus();
    await user.keyboard('{Enter}');

    await waitFor(() => expect(fake.of('check_mailbox')).toHaveLength(1));
    expect(fake.of('check_mailbox')[0]).toEqual({
      address: ADDRESS,
      servers: { imap: null, pop3: null, smtp: 'mail.example.test:587' },
      password: 's3cret-pw',
    });
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    const result = await screen.findByTestId('mailbox-result');
    expect(document.body.innerHTML).not.toContain('s3cret-pw');
    // The form is ready for the next mailbox.
    expect((screen.getByLabelText('Email address') as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(document.activeElement?.textContent).toBe(`Result for ${ADDRESS}`));
    expect(result.textContent).toContain(MAILBOX_OK.summary);
  });

  it('all fine but POP3 on: per-protocol results and why POP3 breaks reply detection', async () => {
    core();
    onStep('mailboxes');
    render(Mailboxes);
    const user = await fill(ADDRESS, 'pw');
    await user.click(screen.getByRole('button', { name: 'Check mailbox' }));
    const result = await screen.findByTestId('mailbox-result');
    expect(within(result).getByTestId('mailbox-verdict').textContent).toContain('Needs fixing');
    const rows = within(within(result).getByTestId('mailbox-protocols')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-protocol'))).toEqual(['imap', 'smtp', 'pop3']);
    expect(rows[0]?.textContent).toContain('IMAP (reading)');
    expect(rows[0]?.textContent).toContain('Works');
    expect(rows[0]?.textContent).toContain('127.0.0.31');
    expect(rows[0]?.textContent).toContain('port 993, encrypted');
    expect(rows[1]?.textContent).toContain('Works');
    expect(rows[2]?.textContent).toContain('Turned on');
    for (const row of rows) expect(row.querySelector('svg')).not.toBeNull();
    const pop3 = within(result).getByTestId('mailbox-pop3');
    expect(pop3.textContent).toContain('Why POP3 should be off');
    expect(pop3.textContent).toContain('never sees the reply');
    expect(pop3.textContent).toContain('How to turn it off at Gmail / Google Workspace:');
    expect(pop3.textContent).toContain('POP download: Disable POP');
    expect(within(result).queryByTestId('mailbox-auth')).toBeNull();
  });

  it('POP3 only: IMAP turned off, with the fix and the provider steps', async () => {
    core({ check_mailbox: () => copy(MAILBOX_POP3_ONLY) });
    onStep('mailboxes');
    render(Mailboxes);
    const user = await fill('pop-only@example.test', 'pw');
    await user.click(screen.getByRole('button', { name: 'Check mailbox' }));
    const result = await screen.findByTestId('mailbox-result');
    const imap = result.querySelector('[data-protocol="imap"]');
    expect(imap?.textContent).toContain('Turned off');
    expect(imap?.textContent).toContain('IMAP is turned off for this account');
    expect(result.querySelector('[data-protocol="pop3"]')?.textContent).toContain('Turned on');
    const findings = within(result).getByTestId('mailbox-findings');
    expect(findings.textContent).toContain('Turn this protocol on in your mail provider');
    expect(findings.textContent).toContain('Help page: https://support.google.com/a/answer/105694');
    expect(within(result).getByTestId('mailbox-pop3')).toBeTruthy();
  });

  it('wrong password: "Password refused" with the app fix, not the command-line one', async () => {
    core({ check_mailbox: () => copy(MAILBOX_WRONG_PASSWORD) });
    onStep('mailboxes');
    render(Mailboxes);
    const user = await fill(ADDRESS, 'wrong');
    await user.click(screen.getByRole('button', { name: 'Check mailbox' }));
    const result = await screen.findByTestId('mailbox-result');
    expect(result.querySelector('[data-protocol="imap"]')?.textContent).toContain('Password refused');
    expect(result.querySelector('[data-protocol="smtp"]')?.textContent).toContain('Password refused');
    const auth = within(result).getByTestId('mailbox-auth');
    expect(auth.textContent).toContain('The password was refused');
    expect(auth.textContent).toContain(t('mailbox.auth_fix'));
    expect(result.textContent).not.toContain('--password-stdin');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('a coded error (invalid address) is shown in plain words and the address is kept', async () => {
    core({
      discover_mailbox: () => reject('mailbox.address_invalid'),
      check_mailbox: () => reject('mailbox.address_invalid'),
    });
    onStep('mailboxes');
    render(Mailboxes);
    const user = await fill('not-an-address@', 'pw');
    const discoverError = await screen.findByTestId('mailbox-discover-error');
    expect(discoverError.dataset.code).toBe('mailbox.address_invalid');
    await user.click(screen.getByRole('button', { name: 'Check mailbox' }));
    const error = await screen.findByTestId('mailbox-error');
    const text = errorText({ code: 'mailbox.address_invalid', message: '' });
    expect(error.textContent).toContain(text.message);
    expect(error.textContent).toContain(text.next);
    expect((screen.getByLabelText('Email address') as HTMLInputElement).value).toBe('not-an-address@');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('asks for the address before checking', async () => {
    const fake = core();
    onStep('mailboxes');
    render(Mailboxes);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Check mailbox' }));
    expect(screen.getByText('Type the email address first.')).toBeTruthy();
    expect(fake.of('check_mailbox')).toHaveLength(0);
  });

  it('lists saved mailboxes; check again uses the keychain (password null)', async () => {
    const saved: MailboxEntry = {
      address: ADDRESS,
      servers: { imap: null, pop3: null, smtp: null },
      report: copy(MAILBOX_WRONG_PASSWORD),
      checked_at: 1796130000,
    };
    const fake = core();
    onStep('mailboxes', makeState({ step: 'mailboxes', mailboxes: [saved] }));
    render(Mailboxes);
    const list = screen.getByTestId('saved-mailboxes');
    expect(list.textContent).toContain('Your mailboxes (1)');
    expect(list.textContent).toContain(ADDRESS);
    expect(list.textContent).toContain('Needs fixing');
    expect(list.textContent).toMatch(/Checked .*20/);
    await userEvent.setup().click(screen.getByRole('button', { name: `Check ${ADDRESS} again` }));
    await waitFor(() => expect(fake.of('check_mailbox')).toHaveLength(1));
    expect(fake.of('check_mailbox')[0]).toEqual({ address: ADDRESS, servers: saved.servers, password: null });
    await screen.findByTestId('mailbox-result');
    expect(wizard.current?.mailboxes).toHaveLength(1);
    expect(wizard.current?.mailboxes[0]?.report?.verdict).toBe('problems');
    expect(wizard.current?.mailboxes[0]?.report?.summary).toBe(MAILBOX_OK.summary);
  });

  it('a mailbox checked here is added to the list', async () => {
    core();
    onStep('mailboxes');
    render(Mailboxes);
    const user = await fill(ADDRESS, 'pw');
    await user.click(screen.getByRole('button', { name: 'Check mailbox' }));
    await screen.findByTestId('mailbox-result');
    expect(screen.getByTestId('saved-mailboxes').textContent).toContain('Your mailboxes (1)');
  });

  it('remove asks first (keyboard), then forgets the mailbox', async () => {
    const saved: MailboxEntry = { address: ADDRESS, servers: { imap: null, pop3: null, smtp: null }, report: null, checked_at: null };
    const fake = core();
    onStep('mailboxes', makeState({ step: 'mailboxes', mailboxes: [saved] }));
    render(Mailboxes);
    const user = userEvent.setup();
    const remove = screen.getByRole('button', { name: `Remove ${ADDRESS}` });
    remove.focus();
    await user.keyboard('{Enter}');
    // Focus lands on the safe choice.
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Keep it'));
    expect(screen.getByText(/Its password is deleted from your keychain too/)).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(fake.of('forget_mailbox')).toHaveLength(0);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: `Remove ${ADDRESS}` })));

    await user.keyboard('{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Yes, remove it' }));
    await waitFor(() => expect(fake.of('forget_mailbox')).toEqual([{ address: ADDRESS }]));
    await waitFor(() => expect(screen.getByTestId('saved-mailboxes').textContent).toContain('No mailboxes yet'));
    expect(wizard.current?.mailboxes).toEqual([]);
  });

  it('a locked keychain on check again is explained', async () => {
    const saved: MailboxEntry = { address: ADDRESS, servers: { imap: null, pop3: null, smtp: null }, report: null, checked_at: null };
    core({ check_mailbox: () => reject('keychain.locked') });
    onStep('mailboxes', makeState({ step: 'mailboxes', mailboxes: [saved] }));
    render(Mailboxes);
    await userEvent.setup().click(screen.getByRole('button', { name: `Check ${ADDRESS} again` }));
    const error = await screen.findByTestId('mailbox-error');
    expect(error.textContent).toContain('Your keychain is locked.');
  });
});
