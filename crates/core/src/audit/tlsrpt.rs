//! TLS reporting in the audit (RFC 8460 §3): the `_smtp._tls` TXT record and its lints.

use super::report::TxtRecordSummary;
use crate::dns::DnsOutcome;
use crate::finding::{Finding, Severity};
use crate::records::tlsrpt;

/// The name of the TLS-RPT record.
pub fn record_name(domain: &str) -> String {
    format!("_smtp._tls.{domain}")
}

/// The summary and findings for the TXT answer at `_smtp._tls.<domain>`.
pub(super) fn audit_tlsrpt(domain: &str, txt: &DnsOutcome) -> (TxtRecordSummary, Vec<Finding>) {
    // §3: records that do not begin with v=TLSRPTv1 are not TLS-RPT records.
    let summary = TxtRecordSummary::of(record_name(domain), txt, |t| t.starts_with("v=TLSRPTv1"));
    let mut findings = Vec::new();
    if summary.records_found.len() > 1 {
        findings.push(
            Finding::new(
                "tlsrpt.multiple",
                Severity::Error,
                format!(
                    "There are {} TLS reporting records at _smtp._tls; senders then send no reports.",
                    summary.records_found.len()
                ),
                "Keep one v=TLSRPTv1 record at _smtp._tls and delete the others.",
            )
            .rfc("RFC 8460 §3"),
        );
    }
    if let Some(record) = &summary.record {
        findings.extend(tlsrpt::lint(record));
    }
    (summary, findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::{QueryType, Resolve};
    use crate::testing::StaticResolver;

    #[tokio::test]
    async fn one_two_or_broken() {
        let r = StaticResolver::new()
            .txt(
                "_smtp._tls.a.example",
                &["v=TLSRPTv1; rua=mailto:t@a.example"],
            )
            .txt(
                "_smtp._tls.b.example",
                &[
                    "v=TLSRPTv1; rua=mailto:t@b.example",
                    "v=TLSRPTv1; rua=mailto:u@b.example",
                ],
            )
            .txt("_smtp._tls.c.example", &["v=TLSRPTv1"]);
        for (domain, ids) in [
            ("a.example", vec![]),
            ("b.example", vec!["tlsrpt.multiple"]),
            ("c.example", vec!["tlsrpt.syntax"]),
            ("d.example", vec![]),
        ] {
            let txt = r.lookup(&record_name(domain), QueryType::Txt).await;
            let (_, findings) = audit_tlsrpt(domain, &txt);
            let got: Vec<_> = findings.iter().map(|f| f.id).collect();
            assert_eq!(got, ids, "{domain}");
        }
    }
}
