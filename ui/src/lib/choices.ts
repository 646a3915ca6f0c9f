// The choices a new domain starts with: the same values as Rust's `PlanChoices::default()`
// (crates/core/src/plan/choices.rs), so the UI can show them before the core has sent any, and
// normalizeChoices() to fill in whatever a saved or partial value leaves out.

import type { PlanChoices } from '../ipc';

export function defaultChoices(): PlanChoices {
  return {
    providers: [],
    ips: [],
    spf_fail_all: null,
    dkim: { generate: true, selector: null, algorithm: 'rsa2048', avoid_selectors: [] },
    dmarc: {
      policy: 'none',
      target: 'reject',
      subdomain_policy: null,
      rua: [],
      ruf: [],
      adkim: null,
      aspf: null,
      failure_options: null,
      weeks_between_steps: 3,
    },
    extras: { mta_sts: null, tls_rpt: [], bimi: null, provider_mx: false, never_sends: false },
    registrar: null,
    ttl: 3600,
    start: null,
  };
}

type PartialChoices = Partial<Omit<PlanChoices, 'dkim' | 'dmarc' | 'extras'>> & {
  dkim?: Partial<PlanChoices['dkim']>;
  dmarc?: Partial<PlanChoices['dmarc']>;
  extras?: Partial<PlanChoices['extras']>;
};

/** Every field present: missing ones take the Rust default (as serde's `#[serde(default)]` does). */
export function normalizeChoices(value: PartialChoices | null | undefined): PlanChoices {
  const d = defaultChoices();
  const v = value ?? {};
  return {
    ...d,
    ...v,
    dkim: { ...d.dkim, ...v.dkim },
    dmarc: { ...d.dmarc, ...v.dmarc },
    extras: { ...d.extras, ...v.extras },
  };
}

/** A list typed in one field ("a@x.com, b@y.com") as its entries, blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
