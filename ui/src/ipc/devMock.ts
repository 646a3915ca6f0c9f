// A fake Rust core for `--mode mock` builds only (screenshots, designing in a plain browser).
// main.ts imports it behind `import.meta.env.MODE === 'mock'`, so `vite build` drops it entirely.

import { mockIPC } from '@tauri-apps/api/mocks';
import type { DomainReport, IpcErrorPayload, Lookup, LookupOutcome } from './types';
import { rememberCheck, seedFromHash, wizardCommand } from './devMockWizard';
import { laterCommand } from './devMockLater';

/** Marker that scripts/verify-dist.mjs looks for: it must never appear in dist/. */
export const DEV_MOCK_MARKER = 'sendwell-dev-mock';

const DELAY_MS = 700;

function reject(code: string, message: string, suggestion: string | null = null): never {
  const payload: IpcErrorPayload = { code, message, suggestion };
  throw payload;
}

function lookups(domain: string, outcomes: Partial<Record<Lookup['query'], LookupOutcome>> = {}): Lookup[] {
  return (['NS', 'MX', 'TXT', 'DMARC'] as const).map((query) => ({
    query,
    name: query === 'DMARC' ? `_dmarc.${domain}` : domain,
    outcome: outcomes[query] ?? 'found',
    detail: outcomes[query] === 'timeout' ? 'no response from 127.0.0.53:53 after 5s' : null,
  }));
}

/** The MTA-STS, TLS-RPT and BIMI sections of a domain that publishes none of them (name servers not asked). */
function noExtras(domain: string): Pick<DomainReport, 'mta_sts' | 'tlsrpt' | 'bimi' | 'authority'> {
  return {
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
  };
}

const NO_DMARC_EXTRAS = { adkim: null, aspf: null, external_reports: [] };

function baseReport(domain: string, unicode = domain, input = domain): DomainReport {
  const labels = domain.split('.');
  const registrable = labels.slice(-2).join('.');
  return {
    domain,
    name: {
      input,
      ascii: domain,
      unicode,
      is_idn: domain !== unicode,
      registrable,
      is_subdomain: labels.length > 2,
      notes: input !== input.trim() ? ['whitespace_trimmed'] : [],
    },
    ns: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
    mx: [
      { preference: 1, exchange: 'aspmx.l.google.com' },
      { preference: 5, exchange: 'alt1.aspmx.l.google.com' },
      { preference: 10, exchange: 'alt2.aspmx.l.google.com' },
    ],
    dns_host: { id: 'cloudflare', name: 'Cloudflare', source: 'ns', matched: 'ada.ns.cloudflare.com' },
    mail_provider: {
      id: 'google-workspace',
      name: 'Google Workspace',
      source: 'mx',
      matched: 'aspmx.l.google.com',
    },
    spf: {
      record: 'v=spf1 include:_spf.google.com ~all',
      records_found: ['v=spf1 include:_spf.google.com ~all'],
      dns_lookups: 1,
      void_lookups: 0,
      lookups_complete: true,
    },
    dmarc: {
      record: `v=DMARC1; p=none; rua=mailto:dmarc@${registrable}`,
      policy: 'none',
      records_found: [`v=DMARC1; p=none; rua=mailto:dmarc@${registrable}`],
      inherited_from: null,
      adkim: 'relaxed',
      aspf: 'relaxed',
      external_reports: [],
    },
    dkim: [],
    ...noExtras(domain),
    lookups: lookups(domain),
    complete: true,
    status: 'warn',
    findings: [
      {
        id: 'dkim.not_checked',
        severity: 'info',
        message: 'DKIM is checked once you have chosen your senders.',
        fix: null,
      },
      {
        id: 'dmarc.policy_none',
        severity: 'warning',
        message: 'DMARC is in monitoring mode (p=none): email that fails the checks is still delivered.',
        fix: 'After two to four weeks of clean reports, move to p=quarantine. Sendwell plans this with you.',
      },
    ],
  };
}

function fakeCheck(raw: string): DomainReport {
  const input = raw;
  const value = raw.trim().replace(/\.$/, '').toLowerCase();
  if (value === '') reject('domain.empty', 'no domain given');
  if (/^[a-z]+:\/\//.test(value)) {
    const host = value.replace(/^[a-z]+:\/\//, '').split('/')[0]?.replace(/^www\./, '') ?? '';
    reject('domain.url', `"${raw}" is a URL`, host || null);
  }
  if (value.includes('@')) reject('domain.email_address', `"${raw}" is an email address`, value.split('@').pop() ?? null);
  if (/\s/.test(value)) reject('domain.contains_spaces', `"${raw}" contains spaces`);
  if (!value.includes('.')) reject('domain.no_dot', `"${raw}" has no dot`);
  if (value === 'co.uk' || value === 'com') reject('domain.public_suffix', `${value} is a public suffix`);

  if (value === 'nope.test') {
    return {
      ...baseReport(value, value, input),
      ns: [],
      mx: [],
      dns_host: null,
      mail_provider: null,
      spf: { record: null, records_found: [], dns_lookups: null, void_lookups: null, lookups_complete: null },
      dmarc: { record: null, policy: null, records_found: [], inherited_from: null, ...NO_DMARC_EXTRAS },
      lookups: lookups(value, { NS: 'nxdomain', MX: 'nxdomain', TXT: 'nxdomain', DMARC: 'nxdomain' }),
      status: 'fail',
      findings: [
        {
          id: 'domain.nxdomain',
          severity: 'error',
          message: 'The domain does not exist in DNS.',
          fix: 'Check the spelling, or register the domain first.',
        },
      ],
    };
  }
  if (value === 'timeout.test') {
    return {
      ...baseReport(value, value, input),
      spf: { record: null, records_found: [], dns_lookups: null, void_lookups: null, lookups_complete: null },
      lookups: lookups(value, { TXT: 'timeout' }),
      complete: false,
    };
  }
  if (value === 'two-spf.test') {
    return {
      ...baseReport(value, value, input),
      dns_host: null,
      spf: {
        record: null,
        records_found: ['v=spf1 include:_spf.google.com ~all', 'v=spf1 include:sendgrid.net -all'],
        dns_lookups: null,
        void_lookups: null,
        lookups_complete: null,
      },
      status: 'fail',
    };
  }
  if (value === 'bücher.de' || value === 'xn--bcher-kva.de') {
    return { ...baseReport('xn--bcher-kva.de', 'bücher.de', input), status: 'pass', findings: [] };
  }
  return baseReport(value, value, input);
}

export function installDevMock(): void {
  console.info(`[${DEV_MOCK_MARKER}] fake IPC installed; no Rust core is running`);
  seedFromHash((domain) => baseReport(domain));
  mockIPC(async (cmd, payload) => {
    await new Promise((resolve) => setTimeout(resolve, cmd.startsWith('save_') ? 0 : DELAY_MS));
    const args = (payload ?? {}) as Record<string, unknown>;
    if (cmd === 'check_domain') {
      const report = fakeCheck(typeof args.input === 'string' ? args.input : '');
      rememberCheck(report);
      return report;
    }
    const answer = laterCommand(cmd, args, wizardCommand);
    if (!answer) reject('internal', `the dev mock has no command ${cmd}`);
    return answer.value;
  });
}

/** `#lookup=example.com` in the URL types the domain and submits, for scripted screenshots. */
export function autoRunFromHash(): void {
  const match = /^#lookup=(.*)$/.exec(window.location.hash);
  if (!match) return;
  const input = document.querySelector<HTMLInputElement>('[data-testid="domain-input"]');
  if (!input || !input.form) return;
  input.value = decodeURIComponent(match[1] ?? '');
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.form.requestSubmit();
}
