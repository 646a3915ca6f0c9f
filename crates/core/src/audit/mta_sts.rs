//! MTA-STS in the audit (RFC 8461): the `_mta-sts` TXT record, the policy fetched over HTTPS
//! (mta_sts_fetch.rs), the records engine's lints of both, and the policy's `mx:` patterns
//! checked against the domain's real MX hosts.

use super::mta_sts_fetch::fetch_policy;
use super::report::{MtaStsSummary, OutcomeCode, PolicyFetchOutcome};
use super::settings::PolicyFetchSettings;
use crate::dns::{DnsOutcome, MxHost, Resolve};
use crate::finding::{Finding, Severity};
use crate::records::mta_sts::{self, policy_url, MtaStsMode, MtaStsPolicy, MtaStsRecord};

/// The name of the TXT record that announces a policy (RFC 8461 §3.1).
pub fn record_name(domain: &str) -> String {
    format!("_mta-sts.{domain}")
}

/// The MTA-STS summary and findings, from the `_mta-sts` TXT answer and the domain's MX hosts.
pub async fn audit_mta_sts<R: Resolve>(
    resolver: &R,
    domain: &str,
    txt: &DnsOutcome,
    mx: &[MxHost],
    settings: &PolicyFetchSettings,
) -> (MtaStsSummary, Vec<Finding>) {
    // §3.1: records that do not begin with v=STSv1 are discarded.
    let found: Vec<String> = txt
        .txt()
        .filter(|t| t.starts_with("v=STSv1"))
        .map(str::to_owned)
        .collect();
    let mut summary = MtaStsSummary {
        outcome: OutcomeCode::of(txt).0,
        record: match found.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        },
        records_found: found,
        policy_url: None,
        fetch: None,
        policy: None,
        mode: None,
        mx_patterns: Vec::new(),
        max_age: None,
        mx_not_covered: Vec::new(),
    };
    let mut findings = Vec::new();
    if summary.records_found.len() > 1 {
        findings.push(
            Finding::new(
                "mta_sts.multiple",
                Severity::Error,
                format!(
                    "There are {} MTA-STS records at _mta-sts; senders then ignore the policy.",
                    summary.records_found.len()
                ),
                "Keep one v=STSv1 record at _mta-sts and delete the others.",
            )
            .rfc("RFC 8461 §3.1"),
        );
    }
    let Some(text) = summary.record.clone() else {
        return (summary, findings);
    };
    findings.extend(mta_sts::lint_record(&text));
    if MtaStsRecord::parse(&text).is_err() {
        return (summary, findings);
    }
    summary.policy_url = Some(policy_url(domain));
    let (outcome, body) = fetch_policy(resolver, domain, settings).await;
    findings.extend(fetch_finding(domain, &outcome));
    summary.fetch = Some(outcome);
    let Some(body) = body else {
        return (summary, findings);
    };
    findings.extend(mta_sts::lint_policy(&body));
    if let Ok(policy) = MtaStsPolicy::parse(&body) {
        summary.mx_not_covered = mx
            .iter()
            .filter(|m| m.exchange != "." && !policy.covers(&m.exchange))
            .map(|m| m.exchange.clone())
            .collect();
        findings.extend(coverage_finding(&policy, &summary.mx_not_covered));
        summary.mode = Some(policy.mode.as_str().to_owned());
        summary.max_age = Some(policy.max_age);
        summary.mx_patterns = policy.mx;
    }
    summary.policy = Some(body);
    (summary, findings)
}

/// MX hosts no pattern covers: senders refuse them under `enforce` and report them under
/// `testing` (RFC 8461 §4.1, §5).
fn coverage_finding(policy: &MtaStsPolicy, uncovered: &[String]) -> Option<Finding> {
    if uncovered.is_empty() {
        return None;
    }
    let severity = match policy.mode {
        MtaStsMode::Enforce => Severity::Error,
        MtaStsMode::Testing => Severity::Warning,
        MtaStsMode::None => return None,
    };
    Some(
        Finding::new(
            "mta_sts.mx_not_covered",
            severity,
            format!(
                "The MTA-STS policy does not list the mail server{} {}, so senders that follow the policy will not deliver there.",
                if uncovered.len() == 1 { "" } else { "s" },
                uncovered.join(", ")
            ),
            format!(
                "Add an mx: line for {} to the policy file (and change its id in the _mta-sts record).",
                uncovered.join(", ")
            ),
        )
        .rfc("RFC 8461 §4.1"),
    )
}

/// What went wrong fetching the policy, in plain words.
fn fetch_finding(domain: &str, outcome: &PolicyFetchOutcome) -> Option<Finding> {
    let url = policy_url(domain);
    let host = super::mta_sts_fetch::policy_host(domain);
    let (id, severity, message, fix) = match outcome {
        PolicyFetchOutcome::Fetched => return None,
        PolicyFetchOutcome::HostNotFound => (
            "mta_sts.policy_host_missing",
            Severity::Error,
            format!("The MTA-STS record announces a policy, but {host} has no address, so senders cannot fetch it."),
            format!("Create {host} (usually a CNAME to your provider's MTA-STS host) and serve the policy at {url}."),
        ),
        PolicyFetchOutcome::DnsFailed { detail } => (
            "mta_sts.policy_host_unresolved",
            Severity::Warning,
            format!("Could not look up {host} ({detail}), so the MTA-STS policy was not checked."),
            "This does not mean the policy is missing. Try again in a minute.".to_owned(),
        ),
        PolicyFetchOutcome::ConnectFailed { detail } | PolicyFetchOutcome::Failed { detail } => (
            "mta_sts.policy_unreachable",
            Severity::Error,
            format!("The MTA-STS policy at {url} could not be fetched: {detail}."),
            format!("Make sure {host} serves HTTPS on port 443."),
        ),
        PolicyFetchOutcome::Timeout => (
            "mta_sts.policy_timeout",
            Severity::Warning,
            format!("The MTA-STS policy at {url} did not arrive in time."),
            format!("Check that {host} answers quickly; senders give up on a slow policy server too."),
        ),
        PolicyFetchOutcome::Tls { detail } => (
            "mta_sts.policy_certificate",
            Severity::Error,
            format!("The MTA-STS policy cannot be trusted: {detail} ({host}). Senders ignore a policy served with a bad certificate."),
            format!("Install a valid certificate for {host} (for example from Let's Encrypt)."),
        ),
        PolicyFetchOutcome::Redirect { status, location } => (
            "mta_sts.policy_redirect",
            Severity::Error,
            format!(
                "{url} answers with a redirect (HTTP {status}{}); senders do not follow redirects for MTA-STS, so they find no policy.",
                location.as_deref().map(|l| format!(" to {l}")).unwrap_or_default()
            ),
            format!("Serve the policy file at {url} itself, without a redirect."),
        ),
        PolicyFetchOutcome::HttpStatus { status } => (
            "mta_sts.policy_http_status",
            Severity::Error,
            format!("{url} answers with HTTP {status} instead of 200, so senders find no policy."),
            format!("Put the policy file at {url}."),
        ),
        PolicyFetchOutcome::ContentType { content_type } => (
            "mta_sts.policy_content_type",
            Severity::Error,
            format!(
                "{url} is served as {}, but senders accept only text/plain.",
                if content_type.is_empty() { "no content type" } else { content_type.as_str() }
            ),
            "Configure the web server to send the file with Content-Type: text/plain.".to_owned(),
        ),
        PolicyFetchOutcome::TooLarge => (
            "mta_sts.policy_too_large",
            Severity::Error,
            format!("{url} is larger than 64 KiB, so senders do not read it."),
            "Serve only the policy lines (a few hundred bytes).".to_owned(),
        ),
    };
    Some(Finding::new(id, severity, message, fix).rfc("RFC 8461 §3.3"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::QueryType;
    use crate::testing::StaticResolver;

    #[test]
    fn uncovered_mx_hosts_by_mode() {
        let policy = |mode: &str| {
            MtaStsPolicy::parse(&format!(
                "version: STSv1\nmode: {mode}\nmx: *.example.net\nmax_age: 604800"
            ))
            .expect("policy")
        };
        let hosts = ["mx.example.com".to_owned()];
        let sev = |mode| coverage_finding(&policy(mode), &hosts).map(|f| f.severity);
        assert_eq!(sev("enforce"), Some(Severity::Error));
        assert_eq!(sev("testing"), Some(Severity::Warning));
        assert_eq!(sev("none"), None);
        assert_eq!(coverage_finding(&policy("enforce"), &[]), None);
    }

    #[tokio::test]
    async fn records_without_a_reachable_policy() {
        let r = StaticResolver::new()
            .txt("_mta-sts.a.example", &["v=STSv1; id=1"])
            .txt("_mta-sts.b.example", &["v=STSv1; id=1", "v=STSv1; id=2"])
            .txt("_mta-sts.c.example", &["id=1; v=STSv1"])
            .txt("_mta-sts.d.example", &["v=STSv12; id=1"]);
        for (domain, ids, fetched) in [
            ("a.example", vec!["mta_sts.policy_host_missing"], true),
            ("b.example", vec!["mta_sts.multiple"], false),
            ("c.example", vec![], false),
            ("d.example", vec!["mta_sts.syntax"], false),
        ] {
            let txt = r.lookup(&record_name(domain), QueryType::Txt).await;
            let (summary, findings) =
                audit_mta_sts(&r, domain, &txt, &[], &PolicyFetchSettings::default()).await;
            let got: Vec<_> = findings.iter().map(|f| f.id).collect();
            assert_eq!(got, ids, "{domain}");
            assert_eq!(summary.fetch.is_some(), fetched, "{domain}");
        }
    }
}
