//! DKIM in the audit: the selectors given, then a concurrent probe of the selectors providers
//! use by default (only hits are reported), each key record run through the key lints.

use futures_util::future::join_all;

use super::report::{DkimSource, DkimStatus, DkimSummary, Lookup, LookupPurpose, OutcomeCode};
use crate::dns::{DnsOutcome, QueryType, Resolve};
use crate::finding::Finding;
use crate::records::dkim::{self, DkimKeyRecord};

/// The selectors probed when the user did not name them, with where each one comes from. The
/// one place to add a provider's default selector.
pub const PROBE_SELECTORS: &[(&str, &str)] = &[
    // Google Workspace: "google" is the default prefix in the Admin console's DKIM setup.
    ("google", "Google Workspace"),
    // Microsoft 365 / Exchange Online publish two CNAMEs, selector1 and selector2.
    ("selector1", "Microsoft 365"),
    ("selector2", "Microsoft 365"),
    // SendGrid's automated security (domain authentication) uses s1 and s2 CNAMEs.
    ("s1", "SendGrid"),
    ("s2", "SendGrid"),
    // Mailchimp / Mandrill: k1._domainkey CNAME to dkim.mcsv.net.
    ("k1", "Mailchimp"),
    // cPanel and Plesk hosting create their key at "default".
    ("default", "cPanel and Plesk hosting"),
    // rspamd's DKIM signing module defaults to the selector "dkim".
    ("dkim", "rspamd"),
    // "mail" is the selector of OpenDKIM's opendkim-genkey examples and most tutorials.
    ("mail", "OpenDKIM setups"),
];

/// What the DKIM part of the audit produced.
pub(super) struct DkimAudit {
    /// Given selectors (always), then the probe's hits.
    pub summaries: Vec<DkimSummary>,
    /// The given selectors' lookups (the probe's are not listed: its misses mean nothing).
    pub lookups: Vec<Lookup>,
    /// Key lints of every record found.
    pub findings: Vec<Finding>,
    /// `<selector>._domainkey` names that exist without a TXT record (a proxied CNAME?).
    pub names_without_txt: Vec<String>,
}

/// `<selector>._domainkey.<domain>`.
pub(super) fn key_name(selector: &str, domain: &str) -> String {
    format!("{selector}.{}.{domain}", dkim::DOMAINKEY_LABEL)
}

/// Look the given selectors up, and the probe's when `probe` is set, all at once.
pub(super) async fn audit_dkim<R: Resolve>(
    resolver: &R,
    domain: &str,
    given: &[String],
    probe: bool,
) -> DkimAudit {
    let mut asked: Vec<(String, DkimSource)> = given
        .iter()
        .map(|s| (s.clone(), DkimSource::Given))
        .collect();
    if probe {
        for (selector, _) in PROBE_SELECTORS {
            if !asked.iter().any(|(s, _)| s.eq_ignore_ascii_case(selector)) {
                asked.push(((*selector).to_owned(), DkimSource::Probe));
            }
        }
    }
    let names: Vec<String> = asked.iter().map(|(s, _)| key_name(s, domain)).collect();
    let outcomes = join_all(names.iter().map(|n| resolver.lookup(n, QueryType::Txt))).await;

    let mut audit = DkimAudit {
        summaries: Vec::new(),
        lookups: Vec::new(),
        findings: Vec::new(),
        names_without_txt: Vec::new(),
    };
    for (((selector, source), name), outcome) in asked.iter().zip(&names).zip(&outcomes) {
        if matches!(outcome, DnsOutcome::NoRecords { .. }) {
            audit.names_without_txt.push(name.clone());
        }
        let summary = summary(selector, *source, outcome);
        if *source == DkimSource::Given {
            audit
                .lookups
                .push(Lookup::new(LookupPurpose::Dkim, name, outcome));
        } else if summary.status != DkimStatus::Found {
            continue;
        }
        if let Some(record) = &summary.record {
            audit
                .findings
                .extend(dkim::lint(record).into_iter().map(|f| {
                    let message = format!("Selector {selector}: {}", f.message);
                    Finding { message, ..f }
                }));
        }
        audit.summaries.push(summary);
    }
    audit
}

fn summary(selector: &str, source: DkimSource, outcome: &DnsOutcome) -> DkimSummary {
    let record = outcome.txt().next().map(str::to_owned);
    let status = match OutcomeCode::of(outcome).0 {
        OutcomeCode::Found if record.is_some() => DkimStatus::Found,
        OutcomeCode::Found | OutcomeCode::NoRecords | OutcomeCode::Nxdomain => DkimStatus::Missing,
        OutcomeCode::Servfail => DkimStatus::Servfail,
        OutcomeCode::Timeout => DkimStatus::Timeout,
        OutcomeCode::Refused => DkimStatus::Refused,
        OutcomeCode::Error => DkimStatus::Error,
    };
    let key_bits = record
        .as_deref()
        .and_then(|r| DkimKeyRecord::parse(r).ok())
        .filter(|r| !r.is_revoked())
        .and_then(|r| dkim::analyse_key(&r.effective_key_type(), &r.public_key).ok())
        .map(|info| info.bits);
    DkimSummary {
        selector: selector.to_owned(),
        status,
        record,
        source,
        key_bits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::StaticResolver;

    const RSA_1024: &str = "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDmptEi8sHThUj1ahpoCizu9Iyj/hq/1Qt4QvYvUfEXuC0fKHZbu7aQvbUp7mjHN5rUNMseQ5/A+yQwG7R8kIdNeaomh04fJx+EsBBeuppyICPoFc9EXkLj6M+7umvePU+WhrjZsOXc3rrQs3+y3aRCsejpyK6AtxS9s4CCbbQm6wIDAQAB";

    #[tokio::test]
    async fn probe_reports_hits_only_with_key_lints() {
        let r = StaticResolver::new()
            .txt("selector1._domainkey.example.com", &[RSA_1024])
            .txt("k1._domainkey.example.com", &["v=DKIM1; k=rsa; p="])
            .timeout("s2._domainkey.example.com");
        let audit = audit_dkim(&r, "example.com", &["mine".to_owned()], true).await;
        let got: Vec<_> = audit
            .summaries
            .iter()
            .map(|d| (d.selector.as_str(), d.status, d.source, d.key_bits))
            .collect();
        assert_eq!(
            got,
            [
                ("mine", DkimStatus::Missing, DkimSource::Given, None),
                (
                    "selector1",
                    DkimStatus::Found,
                    DkimSource::Probe,
                    Some(1024)
                ),
                ("k1", DkimStatus::Found, DkimSource::Probe, None),
            ]
        );
        let ids: Vec<_> = audit.findings.iter().map(|f| f.id).collect();
        assert_eq!(ids, ["dkim.key_weak", "dkim.revoked"]);
        assert!(audit.findings[0].message.starts_with("Selector selector1:"));
        assert_eq!(audit.lookups.len(), 1, "only the given selector is listed");
    }

    #[tokio::test]
    async fn no_probe_and_a_given_selector_is_not_probed_twice() {
        let r = StaticResolver::new().txt("google._domainkey.example.com", &[RSA_1024]);
        let audit = audit_dkim(&r, "example.com", &["Google".to_owned()], true).await;
        assert_eq!(audit.summaries.len(), 1);
        assert_eq!(audit.summaries[0].source, DkimSource::Given);
        let audit = audit_dkim(&r, "example.com", &[], false).await;
        assert!(audit.summaries.is_empty());
    }
}
