// Component tests for the pieces of the Domain step's result (ui/src/steps/domain/), rendered on
// their own with callback props; and the report helpers they rely on, for DKIM lookups.

import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Lookup } from '../src/ipc';
import { boxState, domainMissing, problemGroups } from '../src/lib/report';
import DomainResult from '../src/steps/domain/DomainResult.svelte';
import LookupProblems from '../src/steps/domain/LookupProblems.svelte';
import NameBox from '../src/steps/domain/NameBox.svelte';
import { lookupsFor, makeReport } from './fixtures';

function dkim(selector: string, outcome: Lookup['outcome']): Lookup {
  return { query: 'DKIM', name: `${selector}._domainkey.example.com`, outcome, detail: null };
}

describe('LookupProblems', () => {
  it('shows nothing when every lookup was answered', () => {
    const { container } = render(LookupProblems, {
      report: makeReport(),
      onrun: vi.fn(),
      onchangedomain: vi.fn(),
    });
    expect(container.textContent?.trim()).toBe('');
  });

  it('groups problems by outcome, NXDOMAIN first, and names the affected checks', () => {
    render(LookupProblems, {
      report: makeReport({ lookups: lookupsFor('example.com', { NS: 'servfail', MX: 'timeout', TXT: 'timeout' }) }),
      onrun: vi.fn(),
      onchangedomain: vi.fn(),
    });
    const titles = [...document.querySelectorAll('[data-outcome]')].map((p) => p.getAttribute('data-outcome'));
    expect(titles).toEqual(['timeout', 'servfail']);
    expect(screen.getByText('Affected: mail servers (MX), SPF (TXT records)')).toBeTruthy();
    expect(screen.getByText('Affected: nameservers (NS)')).toBeTruthy();
  });

  it('"Try again" runs the lookup again with what the person typed', async () => {
    const onrun = vi.fn();
    const onchangedomain = vi.fn();
    const report = makeReport({ lookups: lookupsFor('example.com', { TXT: 'timeout' }) });
    render(LookupProblems, { report: { ...report, name: { ...report.name, input: 'Example.com.' } }, onrun, onchangedomain });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(onrun).toHaveBeenCalledWith('Example.com.');
    expect(onchangedomain).not.toHaveBeenCalled();
  });

  it('offers to change the domain (not to retry) when it does not exist', async () => {
    const onrun = vi.fn();
    const onchangedomain = vi.fn();
    render(LookupProblems, {
      report: makeReport({ lookups: lookupsFor('example.com', { NS: 'nxdomain', MX: 'nxdomain', TXT: 'nxdomain', DMARC: 'nxdomain' }) }),
      onrun,
      onchangedomain,
    });
    expect(screen.getByText('This domain does not exist in DNS')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Change the domain' }));
    expect(onchangedomain).toHaveBeenCalledOnce();
    expect(onrun).not.toHaveBeenCalled();
  });

  it('names DKIM keys in plain words, and a missing selector is not a problem', () => {
    render(LookupProblems, {
      report: makeReport({ lookups: [...lookupsFor('example.com'), dkim('s1', 'nxdomain'), dkim('s2', 'timeout')] }),
      onrun: vi.fn(),
      onchangedomain: vi.fn(),
    });
    expect(screen.getByText('Affected: DKIM keys')).toBeTruthy();
    expect(screen.queryByText('This domain does not exist in DNS')).toBeNull();
  });
});

describe('NameBox', () => {
  it('is not shown when there is nothing to say about the name', () => {
    const { container } = render(NameBox, { report: makeReport(), onrun: vi.fn() });
    expect(container.textContent?.trim()).toBe('');
  });

  it('offers the registrable domain for a subdomain through onrun', async () => {
    const onrun = vi.fn();
    const base = makeReport({ domain: 'mail.example.com' });
    render(NameBox, {
      report: { ...base, name: { ...base.name, registrable: 'example.com', is_subdomain: true } },
      onrun,
    });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Use example.com instead' }));
    expect(onrun).toHaveBeenCalledWith('example.com');
  });
});

describe('DomainResult', () => {
  it('moves focus to its heading through focusHeading()', () => {
    const { component } = render(DomainResult, { report: makeReport(), onrun: vi.fn(), onchangedomain: vi.fn() });
    const heading = screen.getByTestId('result-heading');
    expect(document.activeElement).not.toBe(heading);
    component.focusHeading();
    expect(document.activeElement).toBe(heading);
  });
});

describe('report helpers with DKIM lookups', () => {
  it('an NXDOMAIN selector means "no key", not "no domain"', () => {
    const report = makeReport({ lookups: [...lookupsFor('example.com'), dkim('s1', 'nxdomain')] });
    expect(domainMissing(report)).toBe(false);
    expect(boxState(report, 'DKIM')).toBe('answered');
    expect(problemGroups(report)).toEqual([]);
  });

  it('judges each DKIM lookup on its own outcome', () => {
    const report = makeReport({
      lookups: [...lookupsFor('example.com'), dkim('s1', 'found'), dkim('s2', 'timeout')],
    });
    expect(problemGroups(report)).toEqual([{ outcome: 'timeout', lookups: [dkim('s2', 'timeout')] }]);
  });

  it('still treats DKIM NXDOMAIN as not checked when the domain itself is missing', () => {
    const report = makeReport({
      lookups: [...lookupsFor('example.com', { NS: 'nxdomain' }), dkim('s1', 'nxdomain')],
    });
    expect(domainMissing(report)).toBe(true);
    expect(problemGroups(report)[0]?.lookups.map((l) => l.query)).toEqual(['NS', 'DKIM']);
  });
});

describe('DmarcBox', () => {
  it('says when a subdomain falls under its organisation’s DMARC record', async () => {
    const DmarcBox = (await import('../src/steps/domain/DmarcBox.svelte')).default;
    const report = makeReport({
      domain: 'mail.example.com',
      dmarc: { record: 'v=DMARC1; p=reject', policy: 'reject', records_found: [], inherited_from: 'example.com' },
    });
    render(DmarcBox, { report });
    expect(screen.getByTestId('dmarc-record').textContent).toContain('v=DMARC1; p=reject');
    expect(screen.getByTestId('dmarc-inherited').textContent).toContain('example.com');
  });
});
