// Read-only helpers that turn a DomainReport into what the Domain step shows. They decide
// nothing the core decides; they only pick which lookup outcome explains an empty box.

import type { DomainReport, Lookup, LookupOutcome, LookupQuery, NameNoteCode } from '../ipc';

/** Outcomes after which "none found" is a true statement. */
const ANSWERED: readonly LookupOutcome[] = ['found', 'no_records'];

export type ProblemOutcome = Exclude<LookupOutcome, 'found' | 'no_records'>;

/**
 * How one lookup ended, as the UI should treat it. A DMARC lookup answered with NXDOMAIN for
 * `_dmarc.<domain>` while the domain itself exists only means "no DMARC record".
 */
export function effectiveOutcome(report: DomainReport, query: LookupQuery): LookupOutcome | null {
  const lookup = report.lookups.find((l) => l.query === query);
  if (!lookup) return null;
  if (query === 'DMARC' && lookup.outcome === 'nxdomain' && !domainMissing(report)) {
    return 'no_records';
  }
  return lookup.outcome;
}

/** True when the domain itself does not exist (its own NS, MX or TXT lookup said NXDOMAIN). */
export function domainMissing(report: DomainReport): boolean {
  return report.lookups.some((l) => l.query !== 'DMARC' && l.outcome === 'nxdomain');
}

/**
 * 'answered' when an empty result really means "none found"; otherwise the outcome that stopped
 * the check ('missing' when the core sent no lookup for it, so nothing can be claimed).
 */
export function boxState(report: DomainReport, query: LookupQuery): 'answered' | ProblemOutcome | 'missing' {
  const outcome = effectiveOutcome(report, query);
  if (outcome === null) return 'missing';
  return ANSWERED.includes(outcome) ? 'answered' : (outcome as ProblemOutcome);
}

export interface ProblemGroup {
  outcome: ProblemOutcome;
  lookups: Lookup[];
}

/** Lookups that did not complete, grouped by outcome in a stable order. */
export function problemGroups(report: DomainReport): ProblemGroup[] {
  const order: ProblemOutcome[] = ['nxdomain', 'timeout', 'servfail', 'refused', 'error'];
  const groups: ProblemGroup[] = [];
  for (const outcome of order) {
    const lookups = report.lookups.filter((l) => effectiveOutcome(report, l.query) === outcome);
    if (lookups.length > 0) groups.push({ outcome, lookups });
  }
  return groups;
}

export function isRetryable(outcome: ProblemOutcome): boolean {
  return outcome !== 'nxdomain';
}

const NOTE_CODES: readonly NameNoteCode[] = ['trailing_dot_removed', 'lowercased', 'whitespace_trimmed'];

/** The name notes the UI can explain, in the order the core sent them; unknown codes are skipped. */
export function knownNotes(notes: readonly string[]): NameNoteCode[] {
  return notes.filter((n): n is NameNoteCode => (NOTE_CODES as readonly string[]).includes(n));
}

/** The SPF records to show: the one in use, or every one found when there are several. */
export function spfRecords(report: DomainReport): string[] {
  if (report.spf.records_found.length > 0) return report.spf.records_found;
  return report.spf.record ? [report.spf.record] : [];
}
