//! Making the plan: providers' SPF includes, DKIM keys and CNAMEs, the DMARC policy, extras and
//! MX, each merged with what the domain publishes today and formatted for the chosen panel.
//! One file per part of the plan; this one holds the entry points and the shared builder.

mod dkim_keys;
mod dmarc_policy;
mod extras;
mod mx;
mod spf_record;

use std::collections::BTreeSet;

use super::{
    Change, ExistingRecords, KeySummary, PanelRef, PanelSteps, Plan, PlanChoices, PlannedRecord,
    ProviderStep, SpfSummary, Topic,
};
use crate::calendar::Date;
use crate::domain::DomainName;
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use crate::providers::{self, Provider};
use crate::records::dkim::{self, GeneratedKey, KeyAlgorithm};
use crate::records::spf::{self, Qualifier, SpfIp};
use crate::records::RecordType;
use crate::registrars::{self, Registrar};

/// The largest TTL DNS allows (RFC 2181 §8: 2^31 - 1 seconds).
const MAX_TTL: u32 = 2_147_483_647;

/// Make the plan, generating DKIM keys on this computer.
pub fn plan(
    domain: &DomainName,
    choices: &PlanChoices,
    existing: &ExistingRecords,
) -> Result<Plan> {
    plan_with_keys(domain, choices, existing, &mut dkim::generate)
}

/// [`plan`] with the key generator passed in (tests use fixed keys).
pub fn plan_with_keys(
    domain: &DomainName,
    choices: &PlanChoices,
    existing: &ExistingRecords,
    keygen: &mut dyn FnMut(KeyAlgorithm) -> Result<GeneratedKey>,
) -> Result<Plan> {
    let panel = match &choices.registrar {
        Some(id) => registrars::get(id)?,
        None => registrars::for_dns_host(existing.dns_host.as_deref().unwrap_or_default()),
    };
    let mut ids = BTreeSet::new();
    let mut senders: Vec<&'static Provider> = Vec::new();
    for id in &choices.providers {
        let provider = providers::get(id)?;
        if ids.insert(provider.id.clone()) {
            senders.push(provider);
        }
    }
    let ips = choices
        .ips
        .iter()
        .map(|ip| ip.parse::<SpfIp>())
        .collect::<Result<Vec<_>>>()?;
    let start = choices.start.unwrap_or_else(Date::today_utc);
    let mut b = Builder {
        zone: domain.ascii.clone(),
        panel,
        ttl: choices.ttl.clamp(
            panel.ttl.min_seconds.unwrap_or(0).clamp(60, MAX_TTL),
            MAX_TTL,
        ),
        records: Vec::new(),
        steps: Vec::new(),
        findings: Vec::new(),
        existing,
    };
    if b.ttl != choices.ttl {
        b.findings.push(Finding::note(
            "plan.ttl_adjusted",
            format!(
                "{} does not accept a TTL of {} seconds; the plan uses {}.",
                panel.name, choices.ttl, b.ttl
            ),
        ));
    }

    let mut keys = Vec::new();
    let mut private_keys = Vec::new();
    let (spf_summary, dmarc_record, rollout, mta_sts_policy);
    if choices.extras.never_sends {
        if !senders.is_empty() || !ips.is_empty() {
            b.findings.push(Finding::new(
                "plan.never_sends_with_senders",
                Severity::Warning,
                "You chose \"this domain never sends mail\", so the senders and IP addresses you picked are left out.",
                "If any service sends as this domain, turn off \"never sends mail\".",
            ));
        }
        b.never_sends(choices)?;
        spf_summary = Some(SpfSummary {
            record: "v=spf1 -all".into(),
            dns_lookups: Some(0),
            void_lookups: Some(0),
            all_explained: spf::explain_all(Qualifier::Fail).to_owned(),
        });
        dmarc_record = None;
        rollout = Vec::new();
        mta_sts_policy = None;
    } else {
        if choices.extras.provider_mx {
            b.mx(&senders);
        }
        spf_summary = Some(b.spf(&senders, ips, choices)?);
        if choices.dkim.generate {
            let mut taken = provider_selectors(&senders);
            taken.extend(
                choices
                    .dkim
                    .avoid_selectors
                    .iter()
                    .map(|s| (s.to_ascii_lowercase(), "a key you already have")),
            );
            let selector = match &choices.dkim.selector {
                Some(s) => {
                    let s = dkim::validate_selector(s.trim())?.to_ascii_lowercase();
                    if let Some((_, provider)) = taken.iter().find(|(sel, _)| *sel == s) {
                        return Err(Error::DkimSelectorTaken {
                            selector: s,
                            provider: (*provider).to_owned(),
                        });
                    }
                    s
                }
                None => b.free_selector(&super::default_selectors(start), &taken),
            };
            let key = keygen(choices.dkim.algorithm)?;
            let bits = dkim::analyse_key(&choices.dkim.algorithm.key_type(), &key.public_b64)
                .map(|i| i.bits)
                .unwrap_or_default();
            b.local_dkim(&selector, &key, &senders);
            keys.push(KeySummary {
                selector: selector.clone(),
                algorithm: key.algorithm,
                bits,
            });
            private_keys.push((selector, key.private));
        }
        b.provider_dkim(&senders);
        let (record, steps) = b.dmarc(choices, start)?;
        rollout = steps;
        mta_sts_policy = b.mta_sts(choices, &senders, start);
        b.tls_rpt(choices)?;
        b.bimi(choices, &record);
        dmarc_record = Some(record);
    }
    let _ = dmarc_record;
    // Records another domain's owner publishes come last (stable: the rest keep their order).
    b.records.sort_by_key(|r| r.published_by.is_some());
    let panel_ref = PanelRef {
        id: panel.id.clone(),
        name: panel.name.clone(),
        dns_page: panel.dns_page.clone(),
        steps: [RecordType::Txt, RecordType::Cname, RecordType::Mx]
            .into_iter()
            .filter(|kind| {
                b.records
                    .iter()
                    .any(|r| r.kind == *kind && r.published_by.is_none())
            })
            .map(|kind| PanelSteps {
                kind,
                steps: panel.steps(kind).to_vec(),
            })
            .collect(),
    };
    if !existing.complete {
        b.findings.push(Finding::new(
            "plan.existing_incomplete",
            Severity::Warning,
            "Some of the domain's current records could not be read, so the plan may not include everything already published.",
            "Check your DNS panel for existing SPF and DMARC records before adding these, or run the plan again later.",
        ));
    }
    Ok(Plan {
        domain: domain.ascii.clone(),
        domain_unicode: domain.unicode.clone(),
        panel: panel_ref,
        records: b.records,
        provider_steps: b.steps,
        findings: b.findings,
        spf: spf_summary,
        rollout,
        keys,
        mta_sts_policy,
        private_keys,
    })
}

/// The DKIM selectors the chosen providers use (their own keys live there), with the provider.
fn provider_selectors(senders: &[&'static Provider]) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for p in senders {
        let hosts = p.dkim.cnames.iter().map(|t| t.host.as_str());
        let from_cnames = hosts.filter_map(|h| h.strip_suffix("._domainkey"));
        for sel in p
            .dkim
            .selectors
            .iter()
            .map(String::as_str)
            .chain(from_cnames)
        {
            if !sel.contains('{') {
                out.push((sel.to_ascii_lowercase(), p.name.as_str()));
            }
        }
    }
    out
}

/// Collects records and findings while the plan is made.
struct Builder<'a> {
    zone: String,
    panel: &'static Registrar,
    ttl: u32,
    records: Vec<PlannedRecord>,
    steps: Vec<ProviderStep>,
    findings: Vec<Finding>,
    existing: &'a ExistingRecords,
}

impl Builder<'_> {
    fn name(&self, relative: &str) -> String {
        if relative.is_empty() || relative == "@" {
            self.zone.clone()
        } else {
            format!("{relative}.{}", self.zone)
        }
    }

    /// Add a record; `old` is what is published at that name today, for the same purpose.
    fn add(
        &mut self,
        kind: RecordType,
        name: String,
        content: String,
        topic: Topic,
        purpose: &str,
        old: Option<String>,
    ) {
        let change = match old {
            Some(old) if old == content => Change::Unchanged,
            Some(old) => Change::Replace { old },
            None => Change::New,
        };
        let panel_note = match kind {
            RecordType::Cname => self.panel.cname.proxy_caveat.clone(),
            _ => None,
        };
        self.records.push(PlannedRecord {
            kind,
            host: self.panel.host_for(&name, &self.zone),
            value: self.panel.value_for(kind, &content),
            name,
            content,
            priority: None,
            ttl: self.ttl,
            purpose: purpose.to_owned(),
            topic,
            change,
            published_by: None,
            panel_note,
        });
    }

    /// The first of `candidates` with no key published at it and no provider using it.
    fn free_selector(&self, candidates: &[String], taken: &[(String, &str)]) -> String {
        candidates
            .iter()
            .find(|sel| {
                let name = self.name(&format!("{sel}._domainkey"));
                self.existing.txt_at(&name).is_empty() && !taken.iter().any(|(t, _)| t == *sel)
            })
            .or(candidates.last())
            .cloned()
            .unwrap_or_else(|| "sendwell".to_owned())
    }

    fn txt_now(&self, name: &str, is_kind: impl Fn(&str) -> bool) -> Option<String> {
        self.existing
            .txt_at(name)
            .iter()
            .find(|t| is_kind(t))
            .cloned()
    }
}
