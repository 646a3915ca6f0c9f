//! DMARC in the audit: the record at `_dmarc` (or the organisation's, for a subdomain), its
//! policy and alignment modes, the records engine's lints, and whether the report destinations
//! at other domains accept the reports (RFC 7489 §7.1), checked in DNS.

use futures_util::future::join_all;

use super::report::{DmarcSummary, ExternalReportCheck};
use crate::dns::{DnsOutcome, QueryType, Resolve};
use crate::finding::{Finding, Severity};
use crate::records::dmarc::{self, Alignment, DmarcRecord};

/// Ids of the records engine's lints that the audit already says in its own words.
const SAID_ALREADY: [&str; 2] = ["dmarc.monitoring", "dmarc.no_policy"];

/// What the DMARC lookups returned: at `_dmarc.<domain>` and, for a subdomain, at the
/// organisation's `_dmarc`.
pub(super) struct DmarcAnswers<'a> {
    /// The domain checked.
    pub domain: &'a str,
    /// Its registrable domain.
    pub registrable: &'a str,
    /// The TXT answer at `_dmarc.<domain>`.
    pub own: &'a DnsOutcome,
    /// The TXT answer at `_dmarc.<registrable>`, for a subdomain.
    pub org: Option<&'a DnsOutcome>,
}

/// The DMARC summary and findings.
pub(super) async fn audit_dmarc<R: Resolve>(
    resolver: &R,
    answers: &DmarcAnswers<'_>,
) -> (DmarcSummary, Vec<Finding>) {
    let found = dmarc::select(answers.own.txt());
    // A subdomain without a DMARC record of its own falls under its organisation's (§6.6.3).
    let inherited = match (answers.org, found.is_empty() && answers.own.is_conclusive()) {
        (Some(org), true) => single(&dmarc::select(org.txt())),
        _ => None,
    };
    let mut findings = Vec::new();
    let (record, policy, inherited_from) = match &inherited {
        Some(record) => {
            findings.push(Finding::note(
                "dmarc.inherited",
                format!(
                    "{} has no DMARC record of its own, so the record of {} applies to it: {record}",
                    answers.domain, answers.registrable
                ),
            ));
            (
                Some(record.clone()),
                dmarc::subdomain_policy(record),
                Some(answers.registrable.to_owned()),
            )
        }
        None => {
            findings.extend(presence_findings(answers.own, &found));
            let record = single(&found);
            let policy = record.as_deref().and_then(dmarc::policy);
            (record, policy, None)
        }
    };
    let parsed = record.as_deref().and_then(DmarcRecord::parse_lenient);
    let mut external_reports = Vec::new();
    if let (Some(text), Some(parsed), None) = (&record, &parsed, &inherited) {
        findings.extend(
            dmarc::lint(text)
                .into_iter()
                .filter(|f| !SAID_ALREADY.contains(&f.id)),
        );
        findings.extend(alignment_notes(parsed));
        external_reports = external_reports_of(resolver, answers.domain, parsed).await;
        findings.extend(external_report_findings(answers.domain, &external_reports));
    }
    let summary = DmarcSummary {
        record,
        policy,
        records_found: found,
        inherited_from,
        adkim: parsed
            .as_ref()
            .map(|r| r.adkim.unwrap_or(Alignment::Relaxed)),
        aspf: parsed
            .as_ref()
            .map(|r| r.aspf.unwrap_or(Alignment::Relaxed)),
        external_reports,
    };
    (summary, findings)
}

fn single(found: &[String]) -> Option<String> {
    match found {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// None, several, not DMARC (an SPF record at `_dmarc` is named as such), no policy, `p=none`.
fn presence_findings(txt: &DnsOutcome, found: &[String]) -> Vec<Finding> {
    if !txt.is_conclusive() {
        return Vec::new();
    }
    let spf_here = txt.txt().any(crate::records::spf::is_spf_record);
    let finding = match found {
        [] if spf_here => Finding::new(
            "dmarc.spf_at_dmarc",
            Severity::Error,
            "An SPF record (v=spf1) was published at _dmarc, where the DMARC record belongs, and there is no DMARC record.",
            "Move the SPF record to the domain itself (host @) and put a DMARC record at _dmarc; Sendwell writes both.",
        )
        .rfc("RFC 7489 §6.1"),
        [] if txt.txt().count() > 0 => Finding::new(
            "dmarc.invalid",
            Severity::Error,
            "There is a TXT record at _dmarc, but it is not a valid DMARC record (it must start with v=DMARC1).",
            "Replace it with the DMARC record Sendwell writes in the DMARC step.",
        ),
        [] => Finding::new(
            "dmarc.missing",
            Severity::Error,
            "There is no DMARC record. Gmail, Yahoo and Outlook expect one from domains that send in bulk.",
            "Sendwell writes one for you in the DMARC step (it starts in monitoring mode, so nothing gets blocked).",
        ),
        [record] => match dmarc::policy(record) {
            None => Finding::new(
                "dmarc.no_policy",
                Severity::Error,
                "The DMARC record has no valid policy (p=none, p=quarantine or p=reject).",
                "Add p=none to start monitoring; Sendwell's DMARC step writes a complete record.",
            )
            .rfc("RFC 7489 §6.3"),
            Some(dmarc::Policy::None) => Finding::note(
                "dmarc.policy_none",
                "DMARC is in monitoring mode (p=none): reports arrive, but failing mail is still delivered. That is the right start; plan the move to quarantine.",
            ),
            Some(_) => return Vec::new(),
        },
        many => Finding::new(
            "dmarc.multiple",
            Severity::Error,
            format!("There are {} DMARC records. Receivers then apply none of them (RFC 7489 §6.6.3).", many.len()),
            "Keep one DMARC record at _dmarc and delete the others at your DNS host.",
        )
        .rfc("RFC 7489 §6.6.3"),
    };
    vec![finding]
}

/// A note for each strict alignment mode: mail signed or sent from a subdomain then fails.
fn alignment_notes(record: &DmarcRecord) -> Vec<Finding> {
    [("adkim", "DKIM", record.adkim), ("aspf", "SPF", record.aspf)]
        .into_iter()
        .filter(|(_, _, mode)| *mode == Some(Alignment::Strict))
        .map(|(tag, what, _)| {
            Finding::note(
                "dmarc.strict_alignment",
                format!(
                    "{tag}=s: {what} must use exactly this domain to count for DMARC; a provider that uses a subdomain (bounces.example.com) fails it."
                ),
            )
            .rfc("RFC 7489 §3.1")
        })
        .collect()
}

/// Look up `<domain>._report._dmarc.<report-domain>` for each report domain outside the
/// organisation.
async fn external_reports_of<R: Resolve>(
    resolver: &R,
    domain: &str,
    record: &DmarcRecord,
) -> Vec<ExternalReportCheck> {
    let needed = dmarc::report_authorizations(domain, record);
    let outcomes = join_all(
        needed
            .iter()
            .map(|a| resolver.lookup(&a.name, QueryType::Txt)),
    )
    .await;
    needed
        .into_iter()
        .zip(outcomes)
        .map(|(a, outcome)| ExternalReportCheck {
            authorized: outcome
                .is_conclusive()
                .then(|| outcome.txt().any(dmarc::is_dmarc_record)),
            report_domain: a.report_domain,
            name: a.name,
            value: a.value,
        })
        .collect()
}

fn external_report_findings(domain: &str, checks: &[ExternalReportCheck]) -> Vec<Finding> {
    checks
        .iter()
        .filter(|c| c.authorized == Some(false))
        .map(|c| {
            Finding::new(
                "dmarc.report_not_authorized",
                Severity::Warning,
                format!(
                    "DMARC reports for {domain} go to an address at {}, but {} has not said it accepts them, so receivers will not send those reports.",
                    c.report_domain, c.report_domain
                ),
                format!(
                    "Ask whoever runs {} to publish this TXT record: {} with the value {} (or send the reports to an address at {domain}).",
                    c.report_domain, c.name, c.value
                ),
            )
            .rfc("RFC 7489 §7.1")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::StaticResolver;

    async fn run(r: &StaticResolver, domain: &str) -> (DmarcSummary, Vec<&'static str>) {
        let own = r.lookup(&format!("_dmarc.{domain}"), QueryType::Txt).await;
        let answers = DmarcAnswers {
            domain,
            registrable: domain,
            own: &own,
            org: None,
        };
        let (summary, findings) = audit_dmarc(r, &answers).await;
        (summary, findings.iter().map(|f| f.id).collect())
    }

    #[tokio::test]
    async fn external_reports_are_checked_in_dns() {
        let r = StaticResolver::new()
            .txt(
                "_dmarc.example.com",
                &["v=DMARC1; p=quarantine; adkim=s; rua=mailto:d@reports.example.net,mailto:x@noauth.example.org,mailto:me@example.com"],
            )
            .txt("example.com._report._dmarc.reports.example.net", &["v=DMARC1"]);
        let (summary, ids) = run(&r, "example.com").await;
        let got: Vec<_> = summary
            .external_reports
            .iter()
            .map(|c| (c.report_domain.as_str(), c.authorized))
            .collect();
        assert_eq!(
            got,
            [
                ("reports.example.net", Some(true)),
                ("noauth.example.org", Some(false))
            ]
        );
        assert_eq!(
            ids,
            ["dmarc.strict_alignment", "dmarc.report_not_authorized"]
        );
        assert_eq!(summary.adkim, Some(Alignment::Strict));
        assert_eq!(summary.aspf, Some(Alignment::Relaxed));
    }

    #[tokio::test]
    async fn wrong_records_at_dmarc_are_named() {
        let r = StaticResolver::new()
            .txt("_dmarc.a.example", &["v=spf1 -all"])
            .txt("_dmarc.b.example", &["hello"])
            .txt("_dmarc.c.example", &["v=DMARC1; p=none"])
            .exists("d.example");
        for (domain, expected) in [
            ("a.example", vec!["dmarc.spf_at_dmarc"]),
            ("b.example", vec!["dmarc.invalid"]),
            ("c.example", vec!["dmarc.policy_none", "dmarc.no_reports"]),
            ("d.example", vec!["dmarc.missing"]),
        ] {
            let (_, ids) = run(&r, domain).await;
            assert_eq!(ids, expected, "{domain}");
        }
    }
}
