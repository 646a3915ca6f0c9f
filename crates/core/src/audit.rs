//! The domain check behind the Domain step and `sendwell check`: NS, MX, SPF, DMARC (and DKIM
//! for given selectors) looked up concurrently, hosts recognised, findings named.

use futures_util::future::join_all;
use serde::Serialize;

use crate::dns::{DnsOutcome, MxHost, QueryType, RecordData, Resolve};
use crate::domain::DomainName;
use crate::finding::{Finding, Severity, Status};
use crate::hosting::{HostingCatalog, ProviderMatch};
use crate::records::{dmarc, spf};

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

    let mut ns_hosts: Vec<String> = ns
        .records()
        .iter()
        .filter_map(|r| match r {
            RecordData::Ns(h) => Some(h.clone()),
            _ => None,
        })
        .collect();
    let mut mx_hosts: Vec<MxHost> = mx
        .records()
        .iter()
        .filter_map(|r| match r {
            RecordData::Mx(m) => Some(m.clone()),
            _ => None,
        })
        .collect();
    ns_hosts.sort();
    mx_hosts.sort_by(|a, b| (a.preference, &a.exchange).cmp(&(b.preference, &b.exchange)));

    let catalog = HostingCatalog::builtin();
    let spf_found = spf::select(txt_strings(&txt));
    let dmarc_found: Vec<String> = txt_strings(&dmarc_txt)
        .filter(|t| dmarc::is_dmarc_record(t))
        .map(str::to_owned)
        .collect();
    // A subdomain without a DMARC record of its own falls under its organisation's (§6.6.3).
    let inherited = match (
        &org_dmarc_txt,
        dmarc_found.is_empty() && dmarc_txt.is_conclusive(),
    ) {
        (Some(org), true) => single(
            &txt_strings(org)
                .filter(|t| dmarc::is_dmarc_record(t))
                .map(str::to_owned)
                .collect::<Vec<_>>(),
        ),
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

fn txt_strings(outcome: &DnsOutcome) -> impl Iterator<Item = &str> {
    outcome.records().iter().filter_map(|r| match r {
        RecordData::Txt(t) => Some(t.as_str()),
        _ => None,
    })
}

fn single(found: &[String]) -> Option<String> {
    match found {
        [one] => Some(one.clone()),
        _ => None,
    }
}

fn dkim_summary(selector: &str, outcome: &DnsOutcome) -> DkimSummary {
    let record = txt_strings(outcome).next().map(str::to_owned);
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

/// Findings for lookups that did not complete, and for a domain that does not exist.
fn lookup_findings(lookups: &[Lookup], findings: &mut Vec<Finding>) {
    if let Some(ns) = lookups
        .iter()
        .find(|l| l.query == LookupPurpose::Ns && l.outcome == OutcomeCode::Nxdomain)
    {
        findings.push(Finding::new(
            "domain.nxdomain",
            Severity::Error,
            format!("{} does not exist in DNS.", ns.name),
            "Check the spelling. If you just bought the domain, wait an hour and check again; otherwise make sure it is registered and not expired.",
        ));
        return;
    }
    for l in lookups {
        let what = match l.query {
            LookupPurpose::Ns => "who hosts the DNS (NS)",
            LookupPurpose::Mx => "the mail servers (MX)",
            LookupPurpose::Txt => "the SPF record",
            LookupPurpose::Dmarc => "the DMARC record",
            LookupPurpose::Dkim => "the DKIM key",
        };
        let (id, why, fix) = match l.outcome {
            OutcomeCode::Timeout => (
                "dns.timeout",
                "no answer arrived in time",
                "This does not mean the record is missing. Check your internet connection and try again in a minute.",
            ),
            OutcomeCode::Servfail => (
                "dns.servfail",
                "the DNS servers answered with an error (SERVFAIL)",
                "This is usually a problem at your DNS host. Try again later; if it lasts, contact your DNS host's support.",
            ),
            OutcomeCode::Refused => (
                "dns.refused",
                "the DNS server refused to answer",
                "Try again later, or set a different DNS server in Settings.",
            ),
            OutcomeCode::Error => ("dns.error", "the lookup failed", "Check your internet connection and try again."),
            _ => continue,
        };
        findings.push(Finding::new(
            id,
            Severity::Warning,
            format!("Could not check {what} at {}: {why}.", l.name),
            fix,
        ));
    }
}

fn spf_findings(txt: &DnsOutcome, found: &[String], findings: &mut Vec<Finding>) {
    if !txt.is_conclusive() {
        return;
    }
    match found.len() {
        0 => findings.push(Finding::new(
            "spf.missing",
            Severity::Error,
            "There is no SPF record, so receiving servers cannot tell which servers may send as this domain.",
            "Sendwell writes one for you in the SPF step.",
        )),
        1 => {}
        n => findings.push(Finding::new(
            "spf.multiple",
            Severity::Error,
            format!("There are {n} SPF records. Receivers then ignore all of them (RFC 7208 §4.5)."),
            "Keep one SPF record: Sendwell merges them into one in the SPF step; delete the others at your DNS host.",
        )),
    }
}

fn dmarc_findings(dmarc_txt: &DnsOutcome, found: &[String], findings: &mut Vec<Finding>) {
    if !dmarc_txt.is_conclusive() {
        return;
    }
    let all_txt = txt_strings(dmarc_txt).count();
    match found {
        [] if all_txt > 0 => findings.push(Finding::new(
            "dmarc.invalid",
            Severity::Error,
            "There is a TXT record at _dmarc, but it is not a valid DMARC record (it must start with v=DMARC1).",
            "Replace it with the DMARC record Sendwell writes in the DMARC step.",
        )),
        [] => findings.push(Finding::new(
            "dmarc.missing",
            Severity::Error,
            "There is no DMARC record. Gmail, Yahoo and Outlook expect one from domains that send in bulk.",
            "Sendwell writes one for you in the DMARC step (it starts in monitoring mode, so nothing gets blocked).",
        )),
        [record] => match dmarc::policy(record) {
            None => findings.push(Finding::new(
                "dmarc.no_policy",
                Severity::Error,
                "The DMARC record has no valid policy (p=none, p=quarantine or p=reject).",
                "Add p=none to start monitoring; Sendwell's DMARC step writes a complete record.",
            )),
            Some(dmarc::Policy::None) => findings.push(Finding::note(
                "dmarc.policy_none",
                "DMARC is in monitoring mode (p=none): reports arrive, but failing mail is still delivered. That is the right start; plan the move to quarantine.",
            )),
            Some(_) => {}
        },
        many => findings.push(Finding::new(
            "dmarc.multiple",
            Severity::Error,
            format!("There are {} DMARC records. Receivers then apply none of them (RFC 7489 §6.6.3).", many.len()),
            "Keep one DMARC record at _dmarc and delete the others at your DNS host.",
        )),
    }
}

fn mx_findings(mx: &DnsOutcome, hosts: &[MxHost], findings: &mut Vec<Finding>) {
    if !mx.is_conclusive() {
        return;
    }
    if hosts.is_empty() {
        findings.push(Finding::new(
            "mx.missing",
            Severity::Warning,
            "There are no mail servers (MX records), so this domain cannot receive replies.",
            "If people should be able to reply, add the MX records of your mailbox provider.",
        ));
    } else if hosts.iter().any(|m| m.exchange == ".") {
        findings.push(Finding::note(
            "mx.null",
            "This domain says it receives no mail at all (a \"null MX\", RFC 7505).",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::StaticResolver;

    fn name(s: &str) -> DomainName {
        DomainName::parse(s).expect("valid test name")
    }

    #[tokio::test]
    async fn complete_domain_passes_with_notes() {
        let r = StaticResolver::complete_example();
        let report = check_domain(&r, &name("example.com"), &[]).await;
        assert_eq!(report.status, Status::Pass, "{:?}", report.findings);
        assert_eq!(report.dns_host.map(|m| m.id), Some("cloudflare".to_owned()));
        assert_eq!(
            report.mail_provider.map(|m| m.id),
            Some("google-workspace".to_owned())
        );
        assert_eq!(
            report.spf.record.as_deref(),
            Some("v=spf1 include:_spf.google.com ~all")
        );
        assert_eq!(report.dmarc.policy, Some(dmarc::Policy::None));
        let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
        assert_eq!(ids, ["dmarc.policy_none"]);
        assert!(report.complete);
    }

    #[tokio::test]
    async fn subdomain_inherits_the_organisations_dmarc() {
        let r = StaticResolver::complete_example()
            .txt("_dmarc.example.com", &["; sp=reject"])
            .txt("mail.example.com", &["v=spf1 -all"])
            .mx("mail.example.com", &[(10, "mx.example.com")]);
        let report = check_domain(&r, &name("mail.example.com"), &[]).await;
        assert_eq!(report.dmarc.inherited_from.as_deref(), Some("example.com"));
        assert_eq!(
            report.dmarc.policy,
            Some(dmarc::Policy::None),
            "two records at _dmarc: the valid one"
        );
        let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
        assert_eq!(ids, ["dmarc.inherited"]);
        assert_eq!(
            report.lookups.last().map(|l| l.name.as_str()),
            Some("_dmarc.example.com")
        );

        let r = StaticResolver::new()
            .ns("example.com", &["ns1.example.net"])
            .txt("_dmarc.example.com", &["v=DMARC1; p=reject; sp=quarantine"])
            .txt("mail.example.com", &["v=spf1 -all"])
            .mx("mail.example.com", &[(10, "mx.example.com")]);
        let report = check_domain(&r, &name("mail.example.com"), &[]).await;
        assert_eq!(
            report.dmarc.policy,
            Some(dmarc::Policy::Quarantine),
            "sp= applies"
        );
    }

    #[tokio::test]
    async fn empty_domain_fails_with_named_findings() {
        let r = StaticResolver::new()
            .ns("example.com", &["ns1.example.net"])
            .exists("_dmarc.example.com");
        let report = check_domain(&r, &name("example.com"), &[]).await;
        let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
        assert_eq!(ids, ["spf.missing", "dmarc.missing", "mx.missing"]);
        assert_eq!(report.status, Status::Fail);
    }

    #[tokio::test]
    async fn timeout_is_never_missing() {
        let r = StaticResolver::new()
            .ns("example.com", &["ns1.example.net"])
            .txt("_dmarc.example.com", &["v=DMARC1; p=reject"])
            .timeout("example.com");
        let report = check_domain(&r, &name("example.com"), &[]).await;
        let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
        assert!(!ids.contains(&"spf.missing"), "{ids:?}");
        assert!(ids.contains(&"dns.timeout"));
        assert!(!report.complete);
        assert_eq!(report.status, Status::Warn);
    }

    #[tokio::test]
    async fn nxdomain_is_one_clear_finding() {
        let r = StaticResolver::new();
        let report = check_domain(&r, &name("nosuch.example"), &[]).await;
        let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
        assert_eq!(ids, ["domain.nxdomain"]);
        assert_eq!(report.status, Status::Fail);
    }

    #[tokio::test]
    async fn multiple_records_and_dkim_selectors() {
        let r = StaticResolver::new()
            .ns("example.com", &["ns1.example.net"])
            .mx("example.com", &[(0, ".")])
            .txt("example.com", &["v=spf1 -all", "v=spf1 ~all"])
            .txt(
                "_dmarc.example.com",
                &["v=DMARC1; p=none", "v=DMARC1; p=reject"],
            )
            .txt("s1._domainkey.example.com", &["v=DKIM1; k=rsa; p=MIIB"]);
        let selectors = vec!["s1".to_owned(), "s2".to_owned()];
        let report = check_domain(&r, &name("example.com"), &selectors).await;
        let ids: Vec<_> = report.findings.iter().map(|f| f.id).collect();
        assert_eq!(ids, ["spf.multiple", "dmarc.multiple", "mx.null"]);
        assert_eq!(report.spf.record, None);
        assert_eq!(report.spf.records_found.len(), 2);
        let dkim: Vec<_> = report
            .dkim
            .iter()
            .map(|d| (d.selector.as_str(), d.status))
            .collect();
        assert_eq!(
            dkim,
            [("s1", DkimStatus::Found), ("s2", DkimStatus::Missing)]
        );
    }
}
