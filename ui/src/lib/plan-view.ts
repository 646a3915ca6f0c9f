// Read-only helpers that pick, from a Plan the core built, what one wizard step shows: its records
// (by topic), its findings (by id) and the provider steps. They decide nothing the core decides.

import type { Finding, Plan, PlannedRecord, ProviderStep, Topic } from '../ipc';

export type PlanStep = 'senders' | 'spf' | 'dkim' | 'dmarc' | 'extras';

export function recordsFor(plan: Plan | null, ...topics: Topic[]): PlannedRecord[] {
  return plan ? plan.records.filter((r) => topics.includes(r.topic)) : [];
}

export function providerStepsFor(plan: Plan | null, topic: Topic): ProviderStep[] {
  return plan ? plan.provider_steps.filter((s) => s.topic === topic) : [];
}

/** Which step explains a finding, from its id (`spf.*`, `plan.spf_*`, …); null for none. */
export function stepOfFinding(id: string): PlanStep | null {
  if (id.startsWith('spf.') || id.startsWith('plan.spf_') || id === 'plan.own_server_without_ip') {
    return 'spf';
  }
  if (id.startsWith('dkim.') || id === 'plan.provider_dkim_note' || id === 'plan.dkim_selector_in_use') {
    return 'dkim';
  }
  if (id.startsWith('dmarc.') || id.startsWith('plan.dmarc_') || id === 'plan.report_authorization') {
    return 'dmarc';
  }
  if (
    id.startsWith('mta_sts.') ||
    id.startsWith('tlsrpt.') ||
    id.startsWith('bimi.') ||
    id.startsWith('plan.mta_sts_') ||
    id.startsWith('plan.bimi_') ||
    id.startsWith('plan.mx_') ||
    id === 'plan.null_mx_replaces_mx' ||
    id === 'plan.no_mailbox_provider' ||
    id === 'plan.never_sends_with_senders'
  ) {
    return 'extras';
  }
  if (id === 'plan.provider_note' || id === 'plan.existing_incomplete' || id === 'plan.ttl_adjusted') {
    return 'senders';
  }
  return null;
}

export function findingsFor(plan: Plan | null, step: PlanStep): Finding[] {
  return plan ? plan.findings.filter((f) => stepOfFinding(f.id) === step) : [];
}

/** Whether the plan's SPF record ends in `-all` (reject) rather than `~all`. */
export function spfEndsFail(plan: Plan | null): boolean {
  return /\s-all$/.test(plan?.spf?.record ?? '');
}

export type ExtrasPart = 'mta_sts' | 'tls_rpt' | 'bimi' | 'mx';

/** Which option of the Extras step a finding belongs to. */
export function extrasPartOf(id: string): ExtrasPart | null {
  if (id.startsWith('mta_sts.') || id.startsWith('plan.mta_sts_')) return 'mta_sts';
  if (id.startsWith('tlsrpt.')) return 'tls_rpt';
  if (id.startsWith('bimi.') || id.startsWith('plan.bimi_')) return 'bimi';
  if (stepOfFinding(id) === 'extras') return 'mx';
  return null;
}

export function extrasFindings(plan: Plan | null, part: ExtrasPart): Finding[] {
  return plan ? plan.findings.filter((f) => extrasPartOf(f.id) === part) : [];
}
