//! Detectors for the classic pasting mistakes: a record under a doubled name (the DNS panel
//! appended the domain to a full name: `_dmarc.example.com.example.com`), DMARC published at the
//! apex, and a DKIM selector proxied by Cloudflare (answering A records instead of the CNAME).
//! An SPF record under `_dmarc` is named by dmarc.rs; a second SPF record by spf.rs.

use futures_util::future::join_all;

use super::cloudflare::is_cloudflare_proxy;
use super::dkim::key_name;
use crate::dns::{DnsOutcome, QueryType, Resolve};
use crate::finding::{Finding, Severity};
use crate::records::{dkim, dmarc, spf};

/// `dmarc.at_apex` when the TXT records at the domain itself hold a DMARC record.
pub(super) fn dmarc_at_apex(domain: &str, apex_txt: &DnsOutcome) -> Option<Finding> {
    apex_txt.txt().any(dmarc::is_dmarc_record).then(|| {
        Finding::new(
            "dmarc.at_apex",
            Severity::Error,
            format!(
                "A DMARC record (v=DMARC1) is published at {domain} itself; receivers only look for it at _dmarc.{domain}."
            ),
            format!(
                "Move it: create the TXT record at host _dmarc (_dmarc.{domain}) and delete the one at @."
            ),
        )
        .rfc("RFC 7489 §6.1")
    })
}

/// `dkim.cloudflare_proxied` for each DKIM key name (that exists without a TXT record) whose
/// A records are Cloudflare proxy addresses.
pub(super) async fn proxied_selectors<R: Resolve>(
    resolver: &R,
    names_without_txt: &[String],
) -> Vec<Finding> {
    let outcomes = join_all(
        names_without_txt
            .iter()
            .map(|n| resolver.lookup(n, QueryType::A)),
    )
    .await;
    names_without_txt
        .iter()
        .zip(outcomes)
        .filter(|(_, o)| o.ips().any(is_cloudflare_proxy))
        .map(|(name, _)| proxied_finding(name))
        .collect()
}

/// A record that may have been published under a doubled name.
struct Doubled {
    /// The finding's id.
    id: &'static str,
    /// Where the record belongs.
    right: String,
    /// Whether a TXT value is that kind of record.
    belongs: fn(&str) -> bool,
}

/// The zone appended to a full name: `<name>.<zone>`.
fn doubled(name: &str, zone: &str) -> String {
    format!("{name}.{zone}")
}

/// Records of the domain published under a doubled name: DMARC, SPF, and a DKIM key at each
/// selector in `selectors` (or, for selectors nobody named, anything under the doubled
/// `_domainkey`, which then exists as an empty non-terminal, RFC 8020 §2).
///
/// Every candidate lives at or under `<domain>.<zone>`. When that name does not exist, nothing
/// under it does (RFC 8020 §2), so one question settles the usual case and the others are only
/// asked when something is there.
pub(super) async fn doubled_names<R: Resolve>(
    resolver: &R,
    domain: &str,
    zone: &str,
    selectors: &[String],
) -> Vec<Finding> {
    let base = doubled(domain, zone);
    if matches!(
        resolver.lookup(&base, QueryType::Txt).await,
        DnsOutcome::NxDomain { .. }
    ) {
        return Vec::new();
    }
    let mut candidates = vec![
        Doubled {
            id: "dmarc.doubled_name",
            right: format!("_dmarc.{domain}"),
            belongs: dmarc::is_dmarc_record,
        },
        Doubled {
            id: "spf.doubled_name",
            right: domain.to_owned(),
            belongs: spf::is_spf_record,
        },
    ];
    for selector in selectors {
        candidates.push(Doubled {
            id: "dkim.doubled_name",
            right: key_name(selector, domain),
            belongs: looks_like_dkim,
        });
    }
    let wrong_names: Vec<String> = candidates.iter().map(|c| doubled(&c.right, zone)).collect();
    let keys_parent = doubled(&format!("{}.{domain}", dkim::DOMAINKEY_LABEL), zone);
    let (outcomes, parent) = tokio::join!(
        join_all(
            wrong_names
                .iter()
                .map(|n| resolver.lookup(n, QueryType::Txt)),
        ),
        resolver.lookup(&keys_parent, QueryType::Txt)
    );
    let mut out: Vec<Finding> = candidates
        .into_iter()
        .zip(wrong_names.iter().zip(outcomes))
        .filter(|(c, (_, outcome))| outcome.txt().any(c.belongs))
        .map(|(c, (wrong, _))| doubled_finding(c.id, &c.right, wrong, zone))
        .collect();
    let named_key = out.iter().any(|f| f.id == "dkim.doubled_name");
    if !named_key && matches!(parent, DnsOutcome::NoRecords { .. }) {
        out.push(doubled_keys_finding(domain, &keys_parent, zone));
    }
    out
}

fn doubled_keys_finding(domain: &str, wrong_parent: &str, zone: &str) -> Finding {
    Finding::new(
        "dkim.doubled_name",
        Severity::Error,
        format!(
            "A DKIM key was published under {wrong_parent}: the DNS panel added {zone} to a name that already ended in it, so receivers never find it at <selector>._domainkey.{domain}."
        ),
        format!(
            "Find the record whose name ends in {wrong_parent}, delete it, and create it again with the host field set to <selector>._domainkey only."
        ),
    )
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
            .txt("_dmarc.example.com.example.com", &["v=DMARC1; p=none"])
            .txt("example.com.example.com", &["v=spf1 -all"])
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
        assert_eq!(
            dmarc_at_apex("example.com", &apex).map(|f| f.id),
            Some("dmarc.at_apex")
        );
        let named = ["sw1".to_owned(), "s1".to_owned()];
        let found = doubled_names(&r, "example.com", "example.com", &named).await;
        let ids: Vec<_> = found.iter().map(|f| f.id).collect();
        assert_eq!(
            ids,
            [
                "dmarc.doubled_name",
                "spf.doubled_name",
                "dkim.doubled_name"
            ]
        );
        assert!(found[0]
            .fix
            .as_deref()
            .is_some_and(|f| f.contains("_dmarc only")));
        assert!(found[2]
            .message
            .contains("sw1._domainkey.example.com.example.com"));

        let unnamed = doubled_names(&r, "example.com", "example.com", &[]).await;
        let last = unnamed.last().expect("a finding");
        assert_eq!(last.id, "dkim.doubled_name");
        assert!(
            last.message.contains("_domainkey.example.com.example.com"),
            "{}",
            last.message
        );

        let without = [
            "s1._domainkey.example.com".to_owned(),
            "other._domainkey.example.com".to_owned(),
        ];
        let proxied = proxied_selectors(&r, &without).await;
        assert_eq!(proxied.len(), 1);
        assert!(proxied[0].message.starts_with("s1._domainkey.example.com"));
    }
}
