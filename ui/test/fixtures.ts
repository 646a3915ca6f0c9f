// Test data: a complete DomainReport as the Rust core would send it, with overrides per test.

import type { DomainReport, Lookup, LookupOutcome, LookupQuery } from '../src/ipc';

export function lookupsFor(
  domain: string,
  outcomes: Partial<Record<LookupQuery, LookupOutcome>> = {},
): Lookup[] {
  return (['NS', 'MX', 'TXT', 'DMARC'] as const).map((query) => ({
    query,
    name: query === 'DMARC' ? `_dmarc.${domain}` : domain,
    outcome: outcomes[query] ?? 'found',
    detail: null,
  }));
}

type Spf = DomainReport['spf'];
type Dmarc = DomainReport['dmarc'];

/**
 * Overrides for makeReport. `spf` and `dmarc` may leave out the counts and the list of records
 * found: SPF counts default to null, DMARC's records_found to the record (if any), its alignment
 * and external report checks to none; MTA-STS, TLS-RPT and BIMI default to not published.
 */
export type ReportOverrides = Omit<Partial<DomainReport>, 'spf' | 'dmarc'> & {
  spf?: Pick<Spf, 'record' | 'records_found'> & Partial<Spf>;
  dmarc?: Pick<Dmarc, 'record' | 'policy'> & Partial<Dmarc>;
};

export function makeReport(overrides: ReportOverrides = {}): DomainReport {
  const domain = overrides.domain ?? 'example.com';
  const { spf, dmarc, ...rest } = overrides;
  const dmarcBase = dmarc ?? { record: 'v=DMARC1; p=none; rua=mailto:dmarc@example.com', policy: 'none' };
  return {
    domain,
    name: {
      input: domain,
      ascii: domain,
      unicode: domain,
      is_idn: false,
      registrable: domain,
      is_subdomain: false,
      notes: [],
    },
    ns: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
    mx: [
      { preference: 10, exchange: 'alt1.aspmx.l.google.com' },
      { preference: 1, exchange: 'aspmx.l.google.com' },
    ],
    dns_host: { id: 'cloudflare', name: 'Cloudflare', source: 'ns', matched: 'ada.ns.cloudflare.com' },
    mail_provider: {
      id: 'google-workspace',
      name: 'Google Workspace',
      source: 'mx',
      matched: 'aspmx.l.google.com',
    },
    spf: {
      dns_lookups: null,
      void_lookups: null,
      lookups_complete: null,
      ...(spf ?? {
        record: 'v=spf1 include:_spf.google.com ~all',
        records_found: ['v=spf1 include:_spf.google.com ~all'],
      }),
    },
    dmarc: {
      records_found: dmarcBase.record ? [dmarcBase.record] : [],
      inherited_from: null,
      adkim: null,
      aspf: null,
      external_reports: [],
      ...dmarcBase,
    },
    dkim: [],
    mta_sts: {
      outcome: 'nxdomain',
      record: null,
      records_found: [],
      policy_url: null,
      fetch: null,
      policy: null,
      mode: null,
      mx_patterns: [],
      max_age: null,
      mx_not_covered: [],
    },
    tlsrpt: { name: `_smtp._tls.${domain}`, outcome: 'nxdomain', record: null, records_found: [] },
    bimi: { name: `default._bimi.${domain}`, outcome: 'nxdomain', record: null, records_found: [] },
    authority: null,
    lookups: lookupsFor(domain),
    complete: true,
    status: 'warn',
    findings: [
      {
        id: 'dmarc.policy_none',
        severity: 'warning',
        message: 'DMARC is in monitoring mode.',
        fix: 'Move to p=quarantine after a few weeks of clean reports.',
      },
      { id: 'dkim.later', severity: 'info', message: 'DKIM is checked later.', fix: null },
    ],
    ...rest,
  };
}
