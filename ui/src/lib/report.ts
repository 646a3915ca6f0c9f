// Read-only helpers that turn a DomainReport into what the Domain step shows. They decide
// nothing the core decides; they only pick which lookup outcome explains an empty box.

import type { DomainReport, Lookup, LookupOutcome, LookupQuery, NameNoteCode } from '../ipc';

/** Outcomes after which "none found" is a true statement. */
const ANSWERED: readonly LookupOutcome[] = ['found', 'no_records'];

export type ProblemOutcome = Exclude<LookupOutcome, 'found' | 'no_records'>;

/** Queries asked at a name below the domain (`_dmarc.<domain>`, `<selector>._domainkey.<domain>`). */
const BELOW_DOMAIN: readonly LookupQuery[] = ['DMARC', 'DKIM'];

/**
 * How one lookup ended, as the UI should treat it. A DMARC or DKIM lookup answered with NXDOMAIN
 * for a name below the domain while the domain itself exists only means "no such record".
 */
export function effectiveOutcome(report: DomainReport, query: LookupQuery): LookupOutcome | null {
  const lookup = report.lookups.find((l) => l.query === query);
  if (!lookup) return null;
  return outcomeOf(report, lookup);
}

function outcomeOf(report: DomainReport, lookup: Lookup): LookupOutcome {
  if (BELOW_DOMAIN.includes(lookup.query) && lookup.outcome === 'nxdomain' && !domainMissing(report)) {
    return 'no_records';
  }
  return lookup.outcome;
}

/** True when the domain itself does not exist (its own NS, MX or TXT lookup said NXDOMAIN). */
export function domainMissing(report: DomainReport): boolean {
  return report.lookups.some((l) => !BELOW_DOMAIN.includes(l.query) && l.outcome === 'nxdomain');
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
    const lookups = report.lookups.filter((l) => outcomeOf(report, l) === outcome);
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

/** The name to show for the domain: its readable Unicode form. */
export function displayName(report: DomainReport): string {
  return report.name.unicode || report.domain;
}

/** True when what the person typed differs from the name shown (case, spaces, dots, IDN). */
export function typedDiffers(report: DomainReport): boolean {
  return report.name.input !== displayName(report);
}
