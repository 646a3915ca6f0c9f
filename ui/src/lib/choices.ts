// The choices a new domain starts with: the same values as Rust's `PlanChoices::default()`
// (crates/core/src/plan/choices.rs), so the UI can show them before the core has sent any.

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
