//! External report destinations (RFC 7489 §7.1): when reports for `example.com` go to an address
//! at another domain, that domain must publish `example.com._report._dmarc.<its domain>`.

use serde::Serialize;

use super::DmarcRecord;

/// One authorization record the report domain's owner must publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportAuthorization {
    /// Where it goes: `<domain>._report._dmarc.<report-domain>`.
    pub name: String,
    /// What it holds: `v=DMARC1`.
    pub value: String,
    /// The domain that receives the reports (its owner publishes the record).
    pub report_domain: String,
}

/// The organizational domain (RFC 7489 §3.2) of `name`, lowercase.
fn organizational(name: &str) -> String {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    psl::domain(lower.as_bytes())
        .map(|d| String::from_utf8_lossy(d.as_bytes()).into_owned())
        .unwrap_or(lower)
}

/// The authorization records needed for `record`'s `rua`/`ruf` addresses when published for
/// `domain`: one per report domain outside `domain`'s organizational domain, in order.
pub fn report_authorizations(domain: &str, record: &DmarcRecord) -> Vec<ReportAuthorization> {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let own = organizational(&domain);
    let mut out: Vec<ReportAuthorization> = Vec::new();
    for uri in record.rua.iter().chain(&record.ruf) {
        // Only report domains that are real host names: a hostile or broken address in a
        // published record must not turn into a record name that breaks the zone.
        let Some(report_domain) = uri
            .mailto_domain()
            .filter(|d| crate::domain::DomainName::parse(d).is_ok())
        else {
            continue;
        };
        if organizational(&report_domain) == own
            || out.iter().any(|a| a.report_domain == report_domain)
        {
            continue;
        }
        let name = format!("{domain}._report._dmarc.{report_domain}");
        if name.len() > 253 {
            continue;
        }
        out.push(ReportAuthorization {
            name,
            value: "v=DMARC1".to_owned(),
            report_domain,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_other_organizations_need_to_authorize() {
        let record = DmarcRecord::parse(
            "v=DMARC1; p=none; rua=mailto:a@example.com,mailto:b@reports.example.net,mailto:c@mail.example.com; ruf=mailto:f@reports.example.net",
        )
        .expect("record");
        let auths = report_authorizations("Example.com.", &record);
        assert_eq!(auths.len(), 1);
        assert_eq!(
            auths[0].name,
            "example.com._report._dmarc.reports.example.net"
        );
        assert_eq!(auths[0].value, "v=DMARC1");
        assert_eq!(auths[0].report_domain, "reports.example.net");
    }
}
