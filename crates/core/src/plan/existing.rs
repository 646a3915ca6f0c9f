//! What the domain's DNS holds today, which the plan merges with: SPF, DMARC, MX, the DNS host,
//! and any DKIM, MTA-STS, TLS-RPT and BIMI records at the names the plan would write.

use crate::audit::check_domain;
use crate::dns::{DnsOutcome, MxHost, QueryType, Resolve};
use crate::domain::DomainName;

/// The records a plan must not overwrite silently.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExistingRecords {
    /// SPF records at the apex (more than one is already an error).
    pub spf: Vec<String>,
    /// DMARC records at `_dmarc`.
    pub dmarc: Vec<String>,
    /// MX records.
    pub mx: Vec<MxHost>,
    /// Name servers.
    pub ns: Vec<String>,
    /// The detected DNS host's catalog id.
    pub dns_host: Option<String>,
    /// TXT records at names the plan writes (DKIM selectors, `_mta-sts`, `_smtp._tls`,
    /// `default._bimi`), by full name.
    pub txt: Vec<(String, Vec<String>)>,
    /// True when every lookup completed, so "nothing there" is a fact.
    pub complete: bool,
}

impl ExistingRecords {
    /// Nothing published (a new domain, or planning offline).
    pub fn none() -> Self {
        ExistingRecords {
            complete: true,
            ..ExistingRecords::default()
        }
    }

    /// TXT records at `name` (full name, any case).
    pub fn txt_at(&self, name: &str) -> &[String] {
        self.txt
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
    }
}

/// The TXT names besides SPF and DMARC whose current records the plan needs: the DKIM selector
/// it will write, `_mta-sts`, `_smtp._tls` and `default._bimi`.
pub fn names_to_read(domain: &DomainName, choices: &super::PlanChoices) -> Vec<String> {
    let d = &domain.ascii;
    let mut names = vec![
        format!("_mta-sts.{d}"),
        format!("_smtp._tls.{d}"),
        format!("default._bimi.{d}"),
    ];
    let selectors = match &choices.dkim.selector {
        Some(s) => vec![s.trim().to_ascii_lowercase()],
        None => super::default_selectors(
            choices
                .start
                .unwrap_or_else(crate::calendar::Date::today_utc),
        ),
    };
    for selector in selectors {
        names.push(format!("{selector}._domainkey.{d}"));
    }
    names
}

/// Look up what `domain` publishes today through `resolver`, including the TXT records at
/// `extra_names` (the names the plan will write).
pub async fn read_existing<R: Resolve>(
    resolver: &R,
    domain: &DomainName,
    extra_names: &[String],
) -> ExistingRecords {
    let report = check_domain(resolver, domain, &[]).await;
    let lookups = extra_names
        .iter()
        .map(|name| async move { (name.clone(), resolver.lookup(name, QueryType::Txt).await) });
    let extra: Vec<(String, DnsOutcome)> = futures_util::future::join_all(lookups).await;
    let mut complete = report.complete;
    let mut txt = Vec::new();
    for (name, outcome) in extra {
        complete &= outcome.is_conclusive();
        txt.push((name, outcome.txt().map(str::to_owned).collect()));
    }
    ExistingRecords {
        spf: report.spf.records_found.clone(),
        dmarc: if report.dmarc.inherited_from.is_some() {
            Vec::new()
        } else {
            report.dmarc.records_found.clone()
        },
        mx: report.mx.clone(),
        ns: report.ns.clone(),
        dns_host: report.dns_host.as_ref().map(|m| m.id.clone()),
        txt,
        complete,
    }
}
