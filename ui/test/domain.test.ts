// Component tests for step 1 (Domain): the IPC is faked with mockIPC, the component is real.

import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainReport, IpcErrorPayload } from '../src/ipc';
import Domain from '../src/steps/Domain.svelte';
import { lookupsFor, makeReport } from './fixtures';

type Reply = DomainReport | { reject: IpcErrorPayload | unknown };

/** Fakes the core: each call to check_domain gets the reply for its input (or the default). */
function fakeCore(replies: Record<string, Reply> | ((input: string) => Reply)) {
  const calls: string[] = [];
  mockIPC((cmd, payload) => {
    if (cmd !== 'check_domain') throw new Error(`unexpected command ${cmd}`);
    const input = (payload as { input: string }).input;
    calls.push(input);
    const reply = typeof replies === 'function' ? replies(input) : replies[input];
    if (reply === undefined) throw new Error(`no fake reply for ${input}`);
    if ('reject' in reply) throw reply.reject;
    return reply;
  });
  return calls;
}

async function lookUp(value: string) {
  const user = userEvent.setup();
  const input = screen.getByTestId('domain-input');
  await user.clear(input);
  await user.type(input, value);
  await user.click(screen.getByTestId('domain-submit'));
  return user;
}

afterEach(() => clearMocks());

describe('Domain step', () => {
  it('labels the input and explains what to type', () => {
    render(Domain);
    const input = screen.getByLabelText('Your sending domain');
    expect(input).toBe(screen.getByTestId('domain-input'));
    const hint = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe('The part after @ in your email address, e.g. yourcompany.com');
    expect(screen.getByRole('button', { name: 'Look up' })).toBe(screen.getByTestId('domain-submit'));
  });

  it('shows a full report: providers, records, policy in plain words, findings, status', async () => {
    const calls = fakeCore({ 'example.com': makeReport() });
    render(Domain);
    await lookUp('example.com');

    const heading = await screen.findByTestId('result-heading');
    expect(heading.textContent).toContain('What we found for example.com');
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(calls).toEqual(['example.com']);

    expect(screen.getByTestId('dns-host').textContent).toBe('Cloudflare');
    expect(screen.getByTestId('mail-provider').textContent).toBe('Google Workspace');
    const ns = within(screen.getByTestId('ns-list')).getAllByRole('listitem');
    expect(ns.map((li) => li.textContent?.trim())).toEqual(['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com']);
    const mx = within(screen.getByTestId('mx-list')).getAllByRole('listitem');
    // Sorted by preference, each with its priority.
    expect(mx[0]?.textContent).toContain('aspmx.l.google.com');
    expect(mx[0]?.textContent).toContain('priority 1');
    expect(mx[1]?.textContent).toContain('alt1.aspmx.l.google.com');
    expect(mx[1]?.textContent).toContain('priority 10');
    expect(screen.getByTestId('spf-record').textContent).toContain('v=spf1 include:_spf.google.com ~all');
    expect(screen.getByTestId('dmarc-record').textContent).toContain('v=DMARC1; p=none');
    expect(screen.getByTestId('dmarc-policy').textContent).toMatch(/^Monitoring only/);
    expect(screen.getByTestId('status').textContent).toContain('Needs attention');

    const findings = within(screen.getByTestId('findings')).getAllByRole('listitem');
    expect(findings).toHaveLength(2);
    expect(findings[0]?.textContent).toContain('Warning');
    expect(findings[0]?.textContent).toContain('DMARC is in monitoring mode.');
    expect(findings[0]?.textContent).toContain('Move to p=quarantine');
    expect(findings[1]?.textContent).toContain('Note');

    // Every term is explained where it appears.
    expect(screen.getByText(/The company that runs your domain’s DNS/)).toBeTruthy();
    expect(screen.getByText(/The servers that answer questions about your domain/)).toBeTruthy();
    expect(screen.getByText(/Where email sent to your domain is delivered/)).toBeTruthy();
    expect(screen.getByText(/A list of the services allowed to send email as your domain/)).toBeTruthy();
    expect(screen.getByText(/Tells receiving mail servers what to do/)).toBeTruthy();

    // What next: a working button to the Senders step.
    const next = screen.getByRole('button', { name: 'Next: choose who sends email' });
    expect((next as HTMLButtonElement).disabled).toBe(false);
    // No problem callouts for a clean set of lookups.
    expect(screen.queryByText('Some checks did not complete')).toBeNull();
  });

  it.each([
    ['quarantine', /^Spam folder/],
    ['reject', /^Blocked/],
  ] as const)('says DMARC p=%s in plain words', async (policy, words) => {
    fakeCore({
      'example.com': makeReport({ dmarc: { record: `v=DMARC1; p=${policy}`, policy } }),
    });
    render(Domain);
    await lookUp('example.com');
    expect((await screen.findByTestId('dmarc-policy')).textContent).toMatch(words);
  });

  it('shows "none found" and "not recognised" only when DNS really answered', async () => {
    fakeCore({
      'example.com': makeReport({
        dns_host: null,
        mail_provider: null,
        mx: [],
        spf: { record: null, records_found: [] },
        dmarc: { record: null, policy: null },
        lookups: lookupsFor('example.com', { MX: 'no_records', TXT: 'no_records', DMARC: 'nxdomain' }),
      }),
    });
    render(Domain);
    await lookUp('example.com');
    await screen.findByTestId('result-heading');
    expect(screen.getByTestId('dns-host').textContent).toBe(
      'Not recognised — that’s fine, we’ll give general instructions',
    );
    expect(screen.getByTestId('mail-provider').textContent).toBe('No mail servers found');
    expect(screen.getByTestId('mx-list').textContent).toContain('None found');
    expect(screen.getByTestId('spf-record').textContent).toContain('None found');
    // NXDOMAIN for _dmarc.example.com only means "no DMARC record" when the domain exists.
    expect(screen.getByTestId('dmarc-record').textContent).toContain('None found');
    expect(screen.queryByText('This domain does not exist in DNS')).toBeNull();
    expect(screen.queryByTestId('dmarc-policy')).toBeNull();
  });

  it('shows the name as typed and its punycode form for an IDN', async () => {
    fakeCore({
      'Bücher.de': makeReport({
        domain: 'xn--bcher-kva.de',
        name: {
          input: 'Bücher.de',
          ascii: 'xn--bcher-kva.de',
          unicode: 'bücher.de',
          is_idn: true,
          registrable: 'xn--bcher-kva.de',
          is_subdomain: false,
          notes: ['lowercased'],
        },
      }),
    });
    render(Domain);
    await lookUp('Bücher.de');
    expect((await screen.findByTestId('result-heading')).textContent).toContain('What we found for bücher.de');
    const punycode = screen.getByText('xn--bcher-kva.de');
    expect(punycode.tagName).toBe('CODE');
    expect(punycode.parentElement?.textContent?.replace(/\s+/g, ' ').trim()).toBe('Shown as xn--bcher-kva.de in DNS');
    expect(screen.getByText('You typed: Bücher.de')).toBeTruthy();
    expect(screen.getByText(/We changed capital letters to small ones/)).toBeTruthy();
  });

  it('explains each name note code', async () => {
    fakeCore({
      ' example.com. ': makeReport({
        name: {
          input: ' example.com. ',
          ascii: 'example.com',
          unicode: 'example.com',
          is_idn: false,
          registrable: 'example.com',
          is_subdomain: false,
          notes: ['whitespace_trimmed', 'trailing_dot_removed', 'some_future_note'],
        },
      }),
    });
    render(Domain);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('domain-input'), ' example.com. ');
    await user.click(screen.getByTestId('domain-submit'));
    await screen.findByTestId('result-heading');
    expect(screen.getByText(/We removed spaces at the start or end/)).toBeTruthy();
    expect(screen.getByText(/We removed the dot at the end/)).toBeTruthy();
    expect(screen.queryByText(/some_future_note/)).toBeNull();
    expect(screen.queryByText('Shown as', { exact: false })).toBeNull();
  });

  it('offers the registrable domain for a subdomain and re-runs the check with it', async () => {
    const sub = makeReport({
      domain: 'mail.example.com',
      name: {
        input: 'mail.example.com',
        ascii: 'mail.example.com',
        unicode: 'mail.example.com',
        is_idn: false,
        registrable: 'example.com',
        is_subdomain: true,
        notes: [],
      },
    });
    const calls = fakeCore({ 'mail.example.com': sub, 'example.com': makeReport() });
    render(Domain);
    const user = await lookUp('mail.example.com');
    await screen.findByTestId('result-heading');
    expect(screen.getByText(/mail\.example\.com is a subdomain of example\.com/)).toBeTruthy();
    expect(screen.getByText(/records will be set up on mail\.example\.com/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Use example.com instead' }));
    await waitFor(() =>
      expect(screen.getByTestId('result-heading').textContent).toContain('What we found for example.com'),
    );
    expect(calls).toEqual(['mail.example.com', 'example.com']);
    expect((screen.getByTestId('domain-input') as HTMLInputElement).value).toBe('example.com');
    expect(screen.queryByText(/is a subdomain of/)).toBeNull();
  });

  it('never shows a timed-out TXT lookup as "none found", and offers to try again', async () => {
    const timedOut = makeReport({
      spf: { record: null, records_found: [] },
      lookups: lookupsFor('example.com', { TXT: 'timeout' }),
    });
    const calls = fakeCore({ 'example.com': timedOut });
    render(Domain);
    const user = await lookUp('example.com');
    await screen.findByTestId('result-heading');

    const spf = screen.getByTestId('spf-record');
    expect(spf.textContent).toMatch(/could not be checked/i);
    expect(spf.textContent).not.toMatch(/none found/i);
    expect(screen.getByText(/This does not mean the record is missing/)).toBeTruthy();
    expect(screen.getByText('Affected: SPF (TXT records)')).toBeTruthy();
    // The other boxes are unaffected.
    expect(screen.getByTestId('dmarc-record').textContent).toContain('v=DMARC1');

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(calls).toEqual(['example.com', 'example.com']));
  });

  it.each([
    ['servfail', /DNS servers answered with an error/, /usually a problem at your DNS host/],
    ['refused', /refused to answer/, /refused to answer/],
    ['error', /the lookup failed/, /Something went wrong while asking DNS/],
  ] as const)('explains a %s lookup and keeps the box "could not be checked"', async (outcome, box, callout) => {
    fakeCore({
      'example.com': makeReport({
        dmarc: { record: null, policy: null },
        lookups: lookupsFor('example.com', { DMARC: outcome }),
      }),
    });
    render(Domain);
    await lookUp('example.com');
    await screen.findByTestId('result-heading');
    const dmarc = screen.getByTestId('dmarc-record');
    expect(dmarc.textContent).toMatch(box);
    expect(dmarc.textContent).not.toMatch(/none found/i);
    expect(screen.getAllByText(callout).length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('explains NXDOMAIN: the domain does not exist, check spelling or registration', async () => {
    fakeCore({
      'exampel.com': makeReport({
        domain: 'exampel.com',
        name: { ...makeReport().name, input: 'exampel.com', ascii: 'exampel.com', unicode: 'exampel.com', registrable: 'exampel.com' },
        ns: [],
        mx: [],
        dns_host: null,
        mail_provider: null,
        spf: { record: null, records_found: [] },
        dmarc: { record: null, policy: null },
        lookups: lookupsFor('exampel.com', { NS: 'nxdomain', MX: 'nxdomain', TXT: 'nxdomain', DMARC: 'nxdomain' }),
        status: 'fail',
        findings: [],
      }),
    });
    render(Domain);
    const user = await lookUp('exampel.com');
    await screen.findByTestId('result-heading');
    expect(screen.getByText('This domain does not exist in DNS')).toBeTruthy();
    expect(screen.getByText(/DNS has no record of exampel\.com\. Check the spelling/)).toBeTruthy();
    expect(screen.getByText(/check that the domain is registered/)).toBeTruthy();
    expect(screen.getByTestId('spf-record').textContent).not.toMatch(/none found/i);
    expect(screen.getByTestId('dmarc-record').textContent).not.toMatch(/none found/i);
    expect(screen.getByTestId('status').textContent).toContain('Needs fixing');
    expect(screen.getByTestId('findings').textContent).toBe('Nothing to report.');

    await user.click(screen.getByRole('button', { name: 'Change the domain' }));
    expect(document.activeElement).toBe(screen.getByTestId('domain-input'));
  });

  it('warns about more than one SPF record and shows each of them', async () => {
    fakeCore({
      'example.com': makeReport({
        spf: {
          record: null,
          records_found: ['v=spf1 include:_spf.google.com ~all', 'v=spf1 include:sendgrid.net -all'],
        },
      }),
    });
    render(Domain);
    await lookUp('example.com');
    await screen.findByTestId('result-heading');
    const spf = screen.getByTestId('spf-record');
    expect(spf.textContent).toContain('2 SPF records found');
    expect(spf.textContent).toContain('A domain must have only one SPF record');
    const items = within(spf).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['v=spf1 include:_spf.google.com ~all', 'v=spf1 include:sendgrid.net -all']);
  });

  it('submits with the Enter key', async () => {
    const calls = fakeCore({ 'example.com': makeReport() });
    render(Domain);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('domain-input'), 'example.com{Enter}');
    expect(await screen.findByTestId('result-heading')).toBeTruthy();
    expect(calls).toEqual(['example.com']);
  });

  it('announces progress while the lookup runs', async () => {
    let finish: (r: DomainReport) => void = () => {};
    mockIPC(() => new Promise<DomainReport>((resolve) => (finish = resolve)));
    render(Domain);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('domain-input'), 'example.com{Enter}');
    const status = screen.getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(status.textContent).toContain('Looking up example.com…'));
    expect(screen.getByTestId('domain-submit').getAttribute('aria-disabled')).toBe('true');
    finish(makeReport());
    await screen.findByTestId('result-heading');
    expect(status.textContent).toContain('Finished looking up example.com.');
    expect(screen.getByTestId('domain-submit').getAttribute('aria-disabled')).toBeNull();
  });

  it('shows an error with a suggestion next to the input, and the suggestion re-runs the check', async () => {
    const calls = fakeCore({
      'jo@example.com': {
        reject: { code: 'domain.email_address', message: 'jo@example.com is an email address', suggestion: 'example.com' },
      },
      'example.com': makeReport(),
    });
    render(Domain);
    const user = await lookUp('jo@example.com');

    const error = await screen.findByTestId('domain-error');
    expect(error.textContent).toContain('That looks like an email address.');
    expect(error.textContent).toContain('Enter only the part after @.');
    expect(error.textContent).not.toContain('jo@example.com is an email address');
    await waitFor(() => expect(document.activeElement).toBe(error));
    const input = screen.getByTestId('domain-input');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);

    await user.click(screen.getByRole('button', { name: 'Use example.com' }));
    expect(await screen.findByTestId('result-heading')).toBeTruthy();
    expect(calls).toEqual(['jo@example.com', 'example.com']);
    expect((input as HTMLInputElement).value).toBe('example.com');
    expect(screen.queryByTestId('domain-error')).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBeNull();
  });

  it.each([
    ['domain.url', 'That looks like a web address.'],
    ['domain.public_suffix', 'That is an ending shared by many domains, not a domain you can own.'],
    ['domain.label_too_long', 'One part of that name is too long.'],
    ['domain.no_dot', 'A domain needs an ending such as .com.'],
  ])('shows the catalog message for %s', async (code, text) => {
    fakeCore(() => ({ reject: { code, message: 'core text', suggestion: null } }));
    render(Domain);
    await lookUp('x');
    const error = await screen.findByTestId('domain-error');
    expect(error.textContent).toContain(text);
    expect(screen.queryByRole('button', { name: /^Use / })).toBeNull();
  });

  it('does not mark the input invalid for a settings problem (dns.config)', async () => {
    fakeCore(() => ({ reject: { code: 'dns.config', message: 'bad resolver', suggestion: null } }));
    render(Domain);
    await lookUp('example.com');
    const error = await screen.findByTestId('domain-error');
    expect(error.textContent).toContain('DNS server setting is not valid');
    expect(screen.getByTestId('domain-input').getAttribute('aria-invalid')).toBeNull();
  });

  it('falls back to the core message for an unknown error code', async () => {
    fakeCore(() => ({ reject: { code: 'dns.brand_new', message: 'the resolver is on fire', suggestion: null } }));
    render(Domain);
    await lookUp('example.com');
    const error = await screen.findByTestId('domain-error');
    expect(error.textContent).toContain('Something went wrong: the resolver is on fire');
  });

  it('shows the internal message when the core rejects with something malformed', async () => {
    fakeCore(() => ({ reject: 'command check_domain not found' }));
    render(Domain);
    await lookUp('example.com');
    const error = await screen.findByTestId('domain-error');
    expect(error.getAttribute('data-code')).toBe('internal');
    expect(error.textContent).toContain('Something went wrong inside Sendwell.');
  });
});
