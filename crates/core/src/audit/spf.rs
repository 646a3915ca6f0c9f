//! SPF in the audit: the records at the domain (none, one, several), every lint of the records
//! engine on the one found, and the live lookup counts of its real include tree (RFC 7208 §4.6.4).

use super::report::SpfSummary;
use crate::dns::{DnsOutcome, Resolve};
use crate::finding::{Finding, Severity};
use crate::records::spf::{self, LookupProblem};

/// The SPF summary and findings for the TXT answer at `domain`.
pub(super) async fn audit_spf<R: Resolve>(
    resolver: &R,
    domain: &str,
    txt: &DnsOutcome,
) -> (SpfSummary, Vec<Finding>) {
    let found = spf::select(txt.txt());
    let mut findings = presence_findings(txt, &found);
    let mut summary = SpfSummary {
        record: match found.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        },
        records_found: found,
        dns_lookups: None,
        void_lookups: None,
        lookups_complete: None,
    };
    let Some(record) = summary.record.clone() else {
        return (summary, findings);
    };
    findings.extend(spf::lint_text(&record));
    let count = spf::count_lookups(resolver, domain).await;
    let unresolved = match &count.error {
        Some(LookupProblem::Dns { domain, detail }) => Some((domain.clone(), detail.clone())),
        _ => None,
    };
    summary.dns_lookups = Some(count.dns_lookups);
    summary.void_lookups = Some(count.void_lookups);
    summary.lookups_complete = Some(unresolved.is_none());
    findings.extend(
        count
            .findings()
            .into_iter()
            .filter(|f| f.id != "spf.lookup_incomplete"),
    );
    if let Some((name, detail)) = unresolved {
        findings.push(unresolved_finding(&name, &detail, count.dns_lookups));
    }
    (summary, findings)
}

/// The count is a lower bound: a name in the tree could not be looked up. A note, not a
/// warning: the record may well be fine, and the main lookups decide whether the report is
/// complete.
fn unresolved_finding(name: &str, detail: &str, counted: u32) -> Finding {
    Finding::note(
        "spf.include_unresolved",
        format!(
            "{name}, part of the SPF record, could not be looked up ({detail}), so the DNS lookup count ({counted}) is a lower bound: what {name} adds was not counted."
        ),
    )
    .rfc("RFC 7208 §4.6.4")
}

/// `spf.missing` or `spf.multiple`, when the lookup completed.
fn presence_findings(txt: &DnsOutcome, found: &[String]) -> Vec<Finding> {
    if !txt.is_conclusive() {
        return Vec::new();
    }
    match found.len() {
        0 => vec![Finding::new(
            "spf.missing",
            Severity::Error,
            "There is no SPF record, so receiving servers cannot tell which servers may send as this domain.",
            "Sendwell writes one for you in the SPF step.",
        )],
        1 => Vec::new(),
        n => vec![Finding::new(
            "spf.multiple",
            Severity::Error,
            format!("There are {n} SPF records. Receivers then ignore all of them (RFC 7208 §4.5)."),
            "Keep one SPF record: Sendwell merges them into one in the SPF step; delete the others at your DNS host.",
        )
        .rfc("RFC 7208 §4.5")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::QueryType;
    use crate::testing::StaticResolver;

    async fn run(r: &StaticResolver, domain: &str) -> (SpfSummary, Vec<&'static str>) {
        let txt = r.lookup(domain, QueryType::Txt).await;
        let (summary, findings) = audit_spf(r, domain, &txt).await;
        (summary, findings.iter().map(|f| f.id).collect())
    }

    #[tokio::test]
    async fn counts_and_permerrors_from_the_include_tree() {
        let mut chain = StaticResolver::new();
        for i in 1..=11 {
            let next = if i < 11 {
                format!("v=spf1 include:l{}.example.com -all", i + 1)
            } else {
                "v=spf1 ip4:192.0.2.1 -all".to_owned()
            };
            chain = chain.txt(&format!("l{i}.example.com"), &[&next]);
        }
        let r = chain
            .txt("example.com", &["v=spf1 include:l1.example.com -all"])
            .txt("ten.example.com", &["v=spf1 include:l2.example.com -all"])
            .txt("loop.example.com", &["v=spf1 include:a.example.com -all"])
            .txt("a.example.com", &["v=spf1 include:loop.example.com -all"])
            .txt(
                "void.example.com",
                &["v=spf1 a:v1.example.com a:v2.example.com a:v3.example.com -all"],
            )
            .txt(
                "two.example.com",
                &["v=spf1 a:v1.example.com a:v2.example.com -all"],
            )
            .txt(
                "down.example.com",
                &["v=spf1 include:slow.example.net ~all"],
            )
            .timeout("slow.example.net");
        for (domain, lookups, voids, complete, ids) in [
            ("example.com", 11, 0, true, vec!["spf.too_many_lookups"]),
            ("ten.example.com", 10, 0, true, vec![]),
            ("loop.example.com", 2, 0, true, vec!["spf.loop"]),
            (
                "void.example.com",
                3,
                3,
                true,
                vec!["spf.too_many_void_lookups"],
            ),
            ("two.example.com", 2, 2, true, vec![]),
            (
                "down.example.com",
                1,
                0,
                false,
                vec!["spf.include_unresolved"],
            ),
        ] {
            let (summary, got) = run(&r, domain).await;
            assert_eq!(summary.dns_lookups, Some(lookups), "{domain}");
            assert_eq!(summary.void_lookups, Some(voids), "{domain}");
            assert_eq!(summary.lookups_complete, Some(complete), "{domain}");
            assert_eq!(got, ids, "{domain}");
        }
    }

    #[tokio::test]
    async fn lints_of_the_records_engine_apply() {
        let r = StaticResolver::new()
            .txt("example.com", &["v=spf1 ptr +all"])
            .txt("two.example.com", &["v=spf1 -all", "v=spf1 ~all"]);
        let (_, ids) = run(&r, "example.com").await;
        assert!(ids.contains(&"spf.plus_all"), "{ids:?}");
        assert!(ids.contains(&"spf.ptr"), "{ids:?}");
        let (summary, ids) = run(&r, "two.example.com").await;
        assert_eq!(ids, ["spf.multiple"]);
        assert_eq!(summary.dns_lookups, None, "no single record to count");
    }
}
