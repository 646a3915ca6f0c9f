// Step 1's command: validate the typed domain and audit its DNS.

import { call } from './call';
import { IpcError } from './errors';
import type { DomainReport } from './types';

function looksLikeReport(value: unknown): value is DomainReport {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.domain === 'string' &&
    typeof r.name === 'object' &&
    r.name !== null &&
    Array.isArray(r.ns) &&
    Array.isArray(r.mx) &&
    Array.isArray(r.lookups) &&
    Array.isArray(r.findings) &&
    typeof r.spf === 'object' &&
    typeof r.dmarc === 'object' &&
    typeof r.status === 'string'
  );
}

/** Step 1: validate the typed domain and look up what already exists in DNS. */
export async function checkDomain(input: string): Promise<DomainReport> {
  const report = await call<unknown>('check_domain', { input });
  if (!looksLikeReport(report)) {
    throw new IpcError('internal', 'check_domain returned something that is not a DomainReport');
  }
  return report;
}
