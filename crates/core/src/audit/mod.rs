//! The domain check behind the Domain step and `sendwell check`: NS, MX, SPF, DMARC (and DKIM
//! for given selectors) looked up concurrently, hosts recognised, findings named (findings.rs).

use futures_util::future::join_all;
use serde::Serialize;

use crate::dns::{DnsOutcome, MxHost, QueryType, Resolve};
use crate::domain::DomainName;
use crate::finding::{Finding, Status};
use crate::hosting::{HostingCatalog, ProviderMatch};
use crate::records::{dmarc, spf};

mod findings;
use findings::{dmarc_findings, lookup_findings, mx_findings, spf_findings};

/// What a lookup was for, as shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LookupPurpose {
    /// The zone's name servers.
    #[serde(rename = "NS")]
    Ns,
    /// The mail servers.
    #[serde(rename = "MX")]
    Mx,
    /// The TXT records at the name (where SPF lives).
    #[serde(rename = "TXT")]
    Txt,
    /// The TXT records at `_dmarc.<name>`.
    #[serde(rename = "DMARC")]
    Dmarc,
    /// The TXT record at `<selector>._domainkey.<name>`.
    #[serde(rename = "DKIM")]
    Dkim,
}

/// How a lookup ended, as a stable word (`lookups[].outcome`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeCode {
    /// Records came back.
    Found,
    /// The name exists, with no records of that type.
    NoRecords,
    /// The name does not exist.
    Nxdomain,
    /// The server failed.
    Servfail,
    /// No answer in time (never the same as "missing").
    Timeout,
    /// The server refused.
    Refused,
    /// Any other failure.
    Error,
}

impl OutcomeCode {
    /// True when the lookup completed, so "nothing there" is a fact (found, no records, NXDOMAIN).
    pub fn is_conclusive(self) -> bool {
        matches!(
            self,
            OutcomeCode::Found | OutcomeCode::NoRecords | OutcomeCode::Nxdomain
        )
    }

    fn of(outcome: &DnsOutcome) -> (OutcomeCode, Option<String>) {
        match outcome {
            DnsOutcome::Answer { .. } => (OutcomeCode::Found, None),
            DnsOutcome::NoRecords { .. } => (OutcomeCode::NoRecords, None),
            DnsOutcome::NxDomain { .. } => (OutcomeCode::Nxdomain, None),
            DnsOutcome::ServFail => (OutcomeCode::Servfail, None),
            DnsOutcome::Refused => (OutcomeCode::Refused, None),
            DnsOutcome::Timeout => (OutcomeCode::Timeout, None),
            DnsOutcome::BrokenCname { fault } => (OutcomeCode::Error, Some(fault.describe())),
            DnsOutcome::Failed { detail } => (OutcomeCode::Error, Some(detail.clone())),
        }
    }
}

/// One lookup the check made and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lookup {
    /// What it was for.
    pub query: LookupPurpose,
    /// The name asked.
    pub name: String,
    /// How it ended.
    pub outcome: OutcomeCode,
    /// More about a failure.
    pub detail: Option<String>,
}

/// SPF as found (`check --json` `spf`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfSummary {
    /// The SPF record when exactly one exists.
    pub record: Option<String>,
    /// Every SPF record found (more than one is an error, RFC 7208 §4.5).
    pub records_found: Vec<String>,
    /// DNS-querying terms when evaluated (comes with the full audit; `null` until then).
    pub dns_lookups: Option<u32>,
    /// Lookups that found nothing when evaluated (`null` until the full audit).
    pub void_lookups: Option<u32>,
}

/// DMARC as found (`check --json` `dmarc`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DmarcSummary {
    /// The DMARC record when exactly one exists.
    pub record: Option<String>,
    /// Its `p=` policy.
    pub policy: Option<dmarc::Policy>,
    /// Every DMARC record found at `_dmarc`.
    pub records_found: Vec<String>,
    /// For a subdomain without a record of its own: the registrable domain whose record (and
    /// `sp=` policy) applies instead (RFC 7489 §6.6.3). `record` and `policy` are then that one's.
    pub inherited_from: Option<String>,
}

/// Whether a DKIM key record is published at a selector (`check --json` `dkim[].status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DkimStatus {
    /// A TXT record is published at `<selector>._domainkey`.
    Found,
    /// DNS answered: nothing there.
    Missing,
    /// The server failed; unknown whether the key exists.
    Servfail,
    /// No answer in time; unknown whether the key exists.
    Timeout,
    /// The server refused; unknown whether the key exists.
    Refused,
    /// Another failure; unknown whether the key exists.
    Error,
}

/// A DKIM selector that was asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DkimSummary {
    /// The selector.
    pub selector: String,
    /// Whether the key is there, or the lookup outcome that stopped the check.
    pub status: DkimStatus,
    /// The key record, when found.
    pub record: Option<String>,
}

/// Everything the Domain step shows and `sendwell check --json` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DomainReport {
    /// The ASCII name checked.
    pub domain: String,
    /// The validated name in all its forms.
    pub name: DomainName,
    /// Name servers of the registrable domain.
    pub ns: Vec<String>,
    /// Mail servers, most preferred first.
    pub mx: Vec<MxHost>,
    /// Who hosts the DNS, when recognised.
    pub dns_host: Option<ProviderMatch>,
    /// Who hosts the mail, when recognised.
    pub mail_provider: Option<ProviderMatch>,
    /// SPF as found.
    pub spf: SpfSummary,
    /// DMARC as found.
    pub dmarc: DmarcSummary,
    /// DKIM selectors asked about.
    pub dkim: Vec<DkimSummary>,
    /// Every lookup made and how it ended.
    pub lookups: Vec<Lookup>,
    /// True when every lookup completed, so "not found" is a fact, not a guess.
    pub complete: bool,
    /// The verdict.
    pub status: Status,
    /// What was noticed.
    pub findings: Vec<Finding>,
}

/// Look the domain up and describe what exists today.
pub async fn check_domain<R: Resolve>(
    resolver: &R,
    name: &DomainName,
    dkim_selectors: &[String],
) -> DomainReport {
    let domain = name.ascii.clone();
    let dmarc_name = format!("_dmarc.{domain}");
    let org_dmarc_name = format!("_dmarc.{}", name.registrable);
    let (ns, mx, txt, dmarc_txt, org_dmarc_txt) = tokio::join!(
        resolver.lookup(&name.registrable, QueryType::Ns),
        resolver.lookup(&domain, QueryType::Mx),
        resolver.lookup(&domain, QueryType::Txt),
        resolver.lookup(&dmarc_name, QueryType::Txt),
        async {
            match name.is_subdomain {
                true => Some(resolver.lookup(&org_dmarc_name, QueryType::Txt).await),
                false => None,
            }
        },
    );
    let dkim_names: Vec<String> = dkim_selectors
        .iter()
        .map(|s| format!("{s}._domainkey.{domain}"))
        .collect();
    let dkim_outcomes = join_all(
        dkim_names
            .iter()
            .map(|n| resolver.lookup(n, QueryType::Txt)),
    )
    .await;

    let mut lookups = vec![
        lookup(LookupPurpose::Ns, &name.registrable, &ns),
        lookup(LookupPurpose::Mx, &domain, &mx),
        lookup(LookupPurpose::Txt, &domain, &txt),
        lookup(LookupPurpose::Dmarc, &dmarc_name, &dmarc_txt),
    ];
    if let Some(org) = &org_dmarc_txt {
        lookups.push(lookup(LookupPurpose::Dmarc, &org_dmarc_name, org));
    }
    lookups.extend(
        dkim_names
            .iter()
            .zip(&dkim_outcomes)
            .map(|(n, o)| lookup(LookupPurpose::Dkim, n, o)),
    );

    let mut ns_hosts: Vec<String> = ns.ns().map(str::to_owned).collect();
    let mut mx_hosts: Vec<MxHost> = mx.mx().cloned().collect();
    ns_hosts.sort();
    mx_hosts.sort_by(|a, b| (a.preference, &a.exchange).cmp(&(b.preference, &b.exchange)));

    let catalog = HostingCatalog::builtin();
    let spf_found = spf::select(txt.txt());
    let dmarc_found = dmarc::select(dmarc_txt.txt());
    // A subdomain without a DMARC record of its own falls under its organisation's (§6.6.3).
    let inherited = match (
        &org_dmarc_txt,
        dmarc_found.is_empty() && dmarc_txt.is_conclusive(),
    ) {
        (Some(org), true) => single(&dmarc::select(org.txt())),
        _ => None,
    };
    let dmarc_record = single(&dmarc_found);
    let dkim = dkim_selectors
        .iter()
        .zip(&dkim_outcomes)
        .map(|(s, o)| dkim_summary(s, o))
        .collect();

    let mut findings = Vec::new();
    lookup_findings(&lookups, &mut findings);
    if !matches!(ns, DnsOutcome::NxDomain { .. }) {
        spf_findings(&txt, &spf_found, &mut findings);
        match &inherited {
            Some(record) => findings.push(Finding::note(
                "dmarc.inherited",
                format!(
                    "{domain} has no DMARC record of its own, so the record of {} applies to it: {record}",
                    name.registrable
                ),
            )),
            None => dmarc_findings(&dmarc_txt, &dmarc_found, &mut findings),
        }
        mx_findings(&mx, &mx_hosts, &mut findings);
    }
    let complete = lookups.iter().all(|l| {
        !matches!(
            l.outcome,
            OutcomeCode::Timeout
                | OutcomeCode::Servfail
                | OutcomeCode::Refused
                | OutcomeCode::Error
        )
    });

    DomainReport {
        domain,
        name: name.clone(),
        dns_host: catalog.dns_host(&ns_hosts),
        mail_provider: catalog.mail_provider(&mx_hosts),
        ns: ns_hosts,
        mx: mx_hosts,
        spf: SpfSummary {
            record: single(&spf_found),
            records_found: spf_found,
            dns_lookups: None,
            void_lookups: None,
        },
        dmarc: match inherited {
            Some(record) => DmarcSummary {
                policy: dmarc::subdomain_policy(&record),
                record: Some(record),
                records_found: dmarc_found,
                inherited_from: Some(name.registrable.clone()),
            },
            None => DmarcSummary {
                policy: dmarc_record.as_deref().and_then(dmarc::policy),
                record: dmarc_record,
                records_found: dmarc_found,
                inherited_from: None,
            },
        },
        dkim,
        lookups,
        complete,
        status: Status::of(&findings),
        findings,
    }
}

fn lookup(query: LookupPurpose, name: &str, outcome: &DnsOutcome) -> Lookup {
    let (outcome, detail) = OutcomeCode::of(outcome);
    Lookup {
        query,
        name: name.to_owned(),
        outcome,
        detail,
    }
}

fn single(found: &[String]) -> Option<String> {
    match found {
        [one] => Some(one.clone()),
        _ => None,
    }
}

fn dkim_summary(selector: &str, outcome: &DnsOutcome) -> DkimSummary {
    let record = outcome.txt().next().map(str::to_owned);
    let status = match OutcomeCode::of(outcome).0 {
        OutcomeCode::Found if record.is_some() => DkimStatus::Found,
        OutcomeCode::Found | OutcomeCode::NoRecords | OutcomeCode::Nxdomain => DkimStatus::Missing,
        OutcomeCode::Servfail => DkimStatus::Servfail,
        OutcomeCode::Timeout => DkimStatus::Timeout,
        OutcomeCode::Refused => DkimStatus::Refused,
        OutcomeCode::Error => DkimStatus::Error,
    };
    DkimSummary {
        selector: selector.to_owned(),
        status,
        record,
    }
}

#[cfg(test)]
mod tests;
