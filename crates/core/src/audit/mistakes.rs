//! Detectors for the classic pasting mistakes: a record under a doubled name (the DNS panel
//! appended the domain to a full name: `_dmarc.example.com.example.com`), DMARC published at the
//! apex, and a DKIM selector proxied by Cloudflare (answering A records instead of the CNAME).
//! An SPF record under `_dmarc` is named by dmarc.rs; a second SPF record by spf.rs.

use futures_util::future::join_all;

use super::cloudflare::is_cloudflare_proxy;
use super::dkim::key_name;
use crate::dns::{DnsOutcome, QueryType, Resolve};
use crate::finding::{Finding, Severity};
use crate::records::{dmarc, spf};

/// What the mistake detectors look at.
pub(super) struct MistakeInputs<'a> {
    /// The domain checked.
    pub domain: &'a str,
    /// The zone a DNS panel appends (the registrable domain).
    pub zone: &'a str,
    /// The TXT answer at the domain itself.
    pub apex_txt: &'a DnsOutcome,
    /// Every DKIM selector asked about (given and probed).
    pub selectors: Vec<String>,
    /// DKIM key names that exist without a TXT record.
    pub names_without_txt: &'a [String],
}

/// Every mistake found.
pub(super) async fn find_mistakes<R: Resolve>(
    resolver: &R,
    inputs: &MistakeInputs<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if inputs.apex_txt.txt().any(dmarc::is_dmarc_record) {
        out.push(
            Finding::new(
                "dmarc.at_apex",
                Severity::Error,
                format!(
                    "A DMARC record (v=DMARC1) is published at {} itself; receivers only look for it at _dmarc.{}.",
                    inputs.domain, inputs.domain
                ),
                format!(
                    "Move it: create the TXT record at host _dmarc (_dmarc.{}) and delete the one at @.",
                    inputs.domain
                ),
            )
            .rfc("RFC 7489 §6.1"),
        );
    }
    let (doubled, proxied) = tokio::join!(doubled_names(resolver, inputs), async {
        let outcomes = join_all(
            inputs
                .names_without_txt
                .iter()
                .map(|n| resolver.lookup(n, QueryType::A)),
        )
        .await;
        inputs
            .names_without_txt
            .iter()
            .zip(outcomes)
            .filter(|(_, o)| o.ips().any(is_cloudflare_proxy))
            .map(|(name, _)| proxied_finding(name))
            .collect::<Vec<_>>()
    });
    out.extend(doubled);
    out.extend(proxied);
    out
}

/// The zone appended to a full name: `<name>.<zone>`.
fn doubled(name: &str, zone: &str) -> String {
    format!("{name}.{zone}")
}

async fn doubled_names<R: Resolve>(resolver: &R, inputs: &MistakeInputs<'_>) -> Vec<Finding> {
    let domain = inputs.domain;
    let zone = inputs.zone;
    // (kind, correct name, doubled name, does a TXT value belong there)
    let mut candidates: Vec<(&'static str, String, String, fn(&str) -> bool)> = vec![
        (
            "dmarc.doubled_name",
            format!("_dmarc.{domain}"),
            doubled(&format!("_dmarc.{domain}"), zone),
            dmarc::is_dmarc_record,
        ),
        (
            "spf.doubled_name",
            domain.to_owned(),
            doubled(domain, zone),
            spf::is_spf_record,
        ),
    ];
    for selector in &inputs.selectors {
        let right = key_name(selector, domain);
        candidates.push((
            "dkim.doubled_name",
            right.clone(),
            doubled(&right, zone),
            looks_like_dkim,
        ));
    }
    let outcomes = join_all(
        candidates
            .iter()
            .map(|(_, _, wrong, _)| resolver.lookup(wrong, QueryType::Txt)),
    )
    .await;
    candidates
        .into_iter()
        .zip(outcomes)
        .filter(|((_, _, _, belongs), outcome)| outcome.txt().any(belongs))
        .map(|((id, right, wrong, _), _)| doubled_finding(id, &right, &wrong, zone))
        .collect()
}

fn looks_like_dkim(txt: &str) -> bool {
    txt.starts_with("v=DKIM1") || txt.contains("p=")
}

fn doubled_finding(id: &'static str, right: &str, wrong: &str, zone: &str) -> Finding {
    let host = right
        .strip_suffix(zone)
        .map(|h| h.trim_end_matches('.'))
        .filter(|h| !h.is_empty())
        .unwrap_or("@");
    Finding::new(
        id,
        Severity::Error,
        format!(
            "A record meant for {right} was published at {wrong}: the DNS panel added {zone} to a name that already ended in it, so receivers never find it."
        ),
        format!(
            "Delete the record at {wrong} and create it again with the host field set to {host} only (the panel adds {zone} itself)."
        ),
    )
}

fn proxied_finding(name: &str) -> Finding {
    Finding::new(
        "dkim.cloudflare_proxied",
        Severity::Error,
        format!(
            "{name} answers with Cloudflare's own addresses instead of your provider's CNAME: the record is proxied (orange cloud), so receivers cannot find the DKIM key."
        ),
        format!(
            "In Cloudflare's DNS page, click the orange cloud next to {name} so it turns grey (DNS only)."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::StaticResolver;

    #[tokio::test]
    async fn the_mistakes_of_mistakes_test() {
        let r = StaticResolver::new()
            .txt("example.com", &["v=spf1 -all", "v=DMARC1; p=none"])
            .txt("_dmarc.example.com", &["v=spf1 -all"])
            .txt("_dmarc.example.com.example.com", &["v=DMARC1; p=none"])
            .txt(
                "sw1._domainkey.example.com.example.com",
                &["v=DKIM1; p=MIIB"],
            )
            .ip(
                "s1._domainkey.example.com",
                &["104.16.132.229".parse().expect("ip")],
            )
            .ip(
                "other._domainkey.example.com",
                &["192.0.2.1".parse().expect("ip")],
            );
        let apex = r.lookup("example.com", QueryType::Txt).await;
        let without = vec![
            "s1._domainkey.example.com".to_owned(),
            "other._domainkey.example.com".to_owned(),
        ];
        let inputs = MistakeInputs {
            domain: "example.com",
            zone: "example.com",
            apex_txt: &apex,
            selectors: vec!["sw1".to_owned(), "s1".to_owned()],
            names_without_txt: &without,
        };
        let findings = find_mistakes(&r, &inputs).await;
        let ids: Vec<_> = findings.iter().map(|f| f.id).collect();
        assert_eq!(
            ids,
            [
                "dmarc.at_apex",
                "dmarc.doubled_name",
                "dkim.doubled_name",
                "dkim.cloudflare_proxied"
            ]
        );
        assert!(findings[1]
            .fix
            .as_deref()
            .is_some_and(|f| f.contains("_dmarc only")));
        assert!(findings[2]
            .message
            .contains("sw1._domainkey.example.com.example.com"));
    }
}
