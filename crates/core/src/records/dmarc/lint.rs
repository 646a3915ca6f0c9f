//! Lints for a published DMARC record: a missing or monitoring-only policy, no reports, removed
//! tags (RFC 9989), report addresses receivers cannot use, and records at the wrong place.

use super::{DmarcRecord, Policy};
use crate::finding::{Finding, Severity};

/// Everything worth saying about the text of a record found at `_dmarc.<domain>`. A record that
/// cannot be used at all gives one `dmarc.syntax` (or `dmarc.spf_at_dmarc`) error.
pub fn lint(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    if text.starts_with(char::is_whitespace) {
        out.push(
            Finding::new(
                "dmarc.leading_space",
                Severity::Error,
                "The DMARC record starts with a space, so receivers do not recognise it.",
                "Edit the record so that it starts exactly with v=DMARC1;",
            )
            .rfc("RFC 7489 §6.6.3"),
        );
    }
    match DmarcRecord::parse(text) {
        Ok(record) => out.extend(lint_record(&record)),
        Err(super::DmarcSyntaxError::SpfRecord) => out.push(
            Finding::new(
                "dmarc.spf_at_dmarc",
                Severity::Error,
                "An SPF record (v=spf1) was published at _dmarc, where the DMARC record belongs.",
                "Move the SPF record to the domain itself (host @) and put a DMARC record at _dmarc.",
            )
            .rfc("RFC 7489 §6.1"),
        ),
        Err(e) => out.push(
            Finding::new(
                "dmarc.syntax",
                Severity::Error,
                format!("The DMARC record is broken: {e}."),
                "Replace it with the DMARC record Sendwell suggests.",
            )
            .rfc("RFC 7489 §6.4"),
        ),
    }
    out
}

/// Lints for a parsed record.
pub fn lint_record(record: &DmarcRecord) -> Vec<Finding> {
    let mut out = Vec::new();
    match record.policy {
        None if record.rua.iter().any(|u| u.mailto_address().is_some()) => out.push(
            Finding::new(
                "dmarc.no_policy",
                Severity::Warning,
                "The DMARC record has no p= policy, so receivers treat it as p=none (monitor only).",
                "Add p=none (or a stricter policy) right after v=DMARC1;",
            )
            .rfc("RFC 7489 §6.6.3"),
        ),
        None => out.push(
            Finding::new(
                "dmarc.no_policy",
                Severity::Error,
                "The DMARC record has no p= policy and no report address, so receivers ignore it.",
                "Add p=none and a report address: v=DMARC1; p=none; rua=mailto:you@yourdomain",
            )
            .rfc("RFC 7489 §6.6.3"),
        ),
        Some(Policy::None) => out.push(
            Finding::note(
                "dmarc.monitoring",
                "DMARC is at p=none: receivers report on your mail but do not block forged mail yet.",
            )
            .rfc("RFC 7489 §6.3"),
        ),
        Some(_) => {}
    }
    if record.rua.is_empty() {
        out.push(
            Finding::new(
                "dmarc.no_reports",
                Severity::Warning,
                "No report address (rua=): you will not learn who sends mail as your domain.",
                "Add rua=mailto: with an address that can receive daily reports.",
            )
            .rfc("RFC 7489 §6.3"),
        );
    }
    for uri in record.rua.iter().chain(&record.ruf) {
        if uri.mailto_address().is_none() {
            out.push(
                Finding::new(
                    "dmarc.report_uri_unusable",
                    Severity::Warning,
                    format!(
                        "Receivers only send reports by email, so '{}' will get none.",
                        uri.uri
                    ),
                    "Use a mailto: address such as mailto:dmarc@yourdomain.",
                )
                .rfc("RFC 7489 §6.2"),
            );
        }
    }
    for (name, value) in [("pct", &record.pct), ("rf", &record.rf), ("ri", &record.ri)] {
        if let Some(value) = value {
            let detail = match name {
                "pct" if value.parse::<u8>().is_ok_and(|p| p <= 100) => {
                    if value == "100" {
                        String::new()
                    } else {
                        format!(
                            " Older receivers apply the policy to only {value}% of failing mail."
                        )
                    }
                }
                "pct" => " Its value is not a percentage from 0 to 100.".to_owned(),
                "rf" if !value.eq_ignore_ascii_case("afrf") => {
                    " Its value is not afrf, the only report format defined.".to_owned()
                }
                "ri" if value.parse::<u32>().is_err() => {
                    " Its value is not a number of seconds.".to_owned()
                }
                _ => String::new(),
            };
            out.push(
                Finding::new(
                    "dmarc.removed_tag",
                    Severity::Warning,
                    format!("The {name}= tag was removed from DMARC; current receivers ignore it.{detail}"),
                    format!("Remove {name}={value} from the record."),
                )
                .rfc("RFC 9989"),
            );
        }
    }
    for (name, _) in &record.other {
        out.push(
            Finding::new(
                "dmarc.unknown_tag",
                Severity::Warning,
                format!("The tag {name}= is not part of DMARC and is ignored (a typo?)."),
                format!("Remove {name}= or correct its name."),
            )
            .rfc("RFC 7489 §6.3"),
        );
    }
    if let (Some(p), Some(sp)) = (record.policy, record.subdomain_policy) {
        if sp < p {
            out.push(Finding::note(
                "dmarc.subdomains_weaker",
                format!(
                    "Subdomains have a weaker policy (sp={}) than the domain (p={}).",
                    sp.as_str(),
                    p.as_str()
                ),
            ));
        }
    }
    if record.testing == Some(true) {
        out.push(
            Finding::note(
                "dmarc.testing",
                "t=y asks receivers to apply one step less than the policy while you test.",
            )
            .rfc("RFC 9989"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<&'static str> {
        lint(text).iter().map(|f| f.id).collect()
    }

    #[test]
    fn each_problem_has_its_id() {
        for (input, expected) in [
            ("v=DMARC1; p=reject; rua=mailto:d@example.com", vec![]),
            (
                "v=DMARC1; p=none; rua=mailto:d@example.com",
                vec!["dmarc.monitoring"],
            ),
            ("v=DMARC1; p=reject", vec!["dmarc.no_reports"]),
            (
                "v=DMARC1; rua=mailto:d@example.com",
                vec!["dmarc.no_policy"],
            ),
            (
                "v=DMARC1; pct=100",
                vec!["dmarc.no_policy", "dmarc.no_reports", "dmarc.removed_tag"],
            ),
            (
                " v=DMARC1; p=reject; rua=mailto:d@x.com",
                vec!["dmarc.leading_space"],
            ),
            ("v=spf1 -all", vec!["dmarc.spf_at_dmarc"]),
            ("v=DMARC1; p=bob", vec!["dmarc.syntax"]),
            (
                "v=DMARC1; p=reject; rua=ftp://x.com",
                vec!["dmarc.report_uri_unusable"],
            ),
            (
                "v=DMARC1; p=reject; rua=mailto:d@x.com; foo=bar",
                vec!["dmarc.unknown_tag"],
            ),
            (
                "v=DMARC1; p=reject; sp=none; rua=mailto:d@x.com",
                vec!["dmarc.subdomains_weaker"],
            ),
        ] {
            assert_eq!(ids(input), expected, "{input:?}");
        }
    }
}
