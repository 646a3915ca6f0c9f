//! BIMI in the audit: the `default._bimi` TXT record, its lints, and whether DMARC is strict
//! enough for mailbox providers to show the logo at all (quarantine or reject).

use super::report::TxtRecordSummary;
use crate::dns::DnsOutcome;
use crate::finding::{Finding, Severity};
use crate::records::bimi;
use crate::records::dmarc::DmarcRecord;

/// The name of the default BIMI assertion record.
pub fn record_name(domain: &str) -> String {
    format!("default._bimi.{domain}")
}

/// The summary and findings for the TXT answer at `default._bimi.<domain>`, given the DMARC
/// record that applies to the domain.
pub(super) fn audit_bimi(
    domain: &str,
    txt: &DnsOutcome,
    dmarc: Option<&DmarcRecord>,
) -> (TxtRecordSummary, Vec<Finding>) {
    let summary = TxtRecordSummary::of(record_name(domain), txt, |t| t.starts_with("v=BIMI1"));
    let mut findings = Vec::new();
    if summary.records_found.len() > 1 {
        findings.push(Finding::new(
            "bimi.multiple",
            Severity::Error,
            format!(
                "There are {} BIMI records at default._bimi; mailbox providers then show no logo.",
                summary.records_found.len()
            ),
            "Keep one v=BIMI1 record at default._bimi and delete the others.",
        ));
    }
    if let Some(record) = &summary.record {
        findings.extend(bimi::lint(record));
        if let Some(why) = bimi::blocked_by_dmarc(dmarc) {
            findings.push(
                Finding::new(
                    "bimi.dmarc_not_enforced",
                    Severity::Warning,
                    format!("The BIMI logo will not be shown: {why}"),
                    "Move DMARC to p=quarantine or p=reject once your reports show all your mail passes; Sendwell's DMARC step plans the rollout.",
                ),
            );
        }
    }
    (summary, findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::{QueryType, Resolve};
    use crate::testing::StaticResolver;

    #[tokio::test]
    async fn bimi_needs_dmarc_at_enforcement() {
        let r = StaticResolver::new().txt(
            "default._bimi.example.com",
            &["v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem"],
        );
        let txt = r.lookup(&record_name("example.com"), QueryType::Txt).await;
        for (dmarc, ids) in [
            ("v=DMARC1; p=none", vec!["bimi.dmarc_not_enforced"]),
            ("v=DMARC1; p=reject", vec![]),
        ] {
            let record = DmarcRecord::parse(dmarc).expect("dmarc");
            let (summary, findings) = audit_bimi("example.com", &txt, Some(&record));
            assert!(summary.record.is_some());
            let got: Vec<_> = findings.iter().map(|f| f.id).collect();
            assert_eq!(got, ids, "{dmarc}");
        }
        let (_, findings) = audit_bimi("example.com", &txt, None);
        assert_eq!(findings[0].id, "bimi.dmarc_not_enforced");
    }
}
