//! Who hosts a domain's DNS (from its NS records) and its mail (from its MX records), matched
//! against `data/hosting.json`, where every pattern carries the provider page it comes from.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::dns::MxHost;

/// The catalog file, compiled in.
const HOSTING_JSON: &str = include_str!("../data/hosting.json");

/// One provider of the catalog.
#[derive(Debug, Clone, Deserialize)]
pub struct HostingProvider {
    /// Stable kebab-case id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Host-name patterns; `*` stands for one or more characters inside one label.
    pub patterns: Vec<String>,
    /// The provider's page the patterns come from.
    pub source: String,
    /// Anything a maintainer should know about the patterns.
    #[serde(default)]
    pub note: Option<String>,
}

/// The whole catalog.
#[derive(Debug, Clone, Deserialize)]
pub struct HostingCatalog {
    /// When the facts were last checked against the sources.
    pub checked: String,
    /// DNS hosts, recognised from NS records.
    pub dns_hosts: Vec<HostingProvider>,
    /// Mailbox providers, recognised from MX records.
    pub mail_providers: Vec<HostingProvider>,
}

/// A recognised provider and the host name that gave it away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderMatch {
    /// The provider's id in the catalog.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Where the pattern comes from.
    pub source: String,
    /// The NS or MX host that matched.
    pub matched: String,
}

impl HostingCatalog {
    /// The compiled-in catalog (parsed once; a test proves it parses).
    pub fn builtin() -> &'static HostingCatalog {
        static CATALOG: OnceLock<HostingCatalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            serde_json::from_str(HOSTING_JSON).unwrap_or_else(|_| HostingCatalog {
                checked: String::new(),
                dns_hosts: Vec::new(),
                mail_providers: Vec::new(),
            })
        })
    }

    /// The DNS host of a zone, from its NS host names (the first one that matches).
    pub fn dns_host(&self, ns: &[String]) -> Option<ProviderMatch> {
        ns.iter().find_map(|host| find(&self.dns_hosts, host))
    }

    /// The mail provider, from the MX set, most preferred exchanger first.
    pub fn mail_provider(&self, mx: &[MxHost]) -> Option<ProviderMatch> {
        let mut sorted: Vec<&MxHost> = mx.iter().collect();
        sorted.sort_by_key(|m| m.preference);
        sorted
            .iter()
            .find_map(|m| find(&self.mail_providers, &m.exchange))
    }
}

fn find(providers: &[HostingProvider], host: &str) -> Option<ProviderMatch> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    providers
        .iter()
        .find(|p| p.patterns.iter().any(|pat| matches(pat, &host)))
        .map(|p| ProviderMatch {
            id: p.id.clone(),
            name: p.name.clone(),
            source: p.source.clone(),
            matched: host.clone(),
        })
}

/// Label-by-label match: same number of labels, and each label matches its glob.
pub fn matches(pattern: &str, host: &str) -> bool {
    let p: Vec<&str> = pattern.split('.').collect();
    let h: Vec<&str> = host.split('.').collect();
    p.len() == h.len()
        && p.iter()
            .zip(&h)
            .all(|(p, h)| label_matches(p.as_bytes(), h.as_bytes()))
}

/// Glob on one label: `*` matches one or more bytes.
fn label_matches(pattern: &[u8], label: &[u8]) -> bool {
    match pattern.split_first() {
        None => label.is_empty(),
        Some((b'*', rest)) => (1..=label.len()).any(|n| label_matches(rest, &label[n..])),
        Some((c, rest)) => {
            label.first().is_some_and(|l| l.eq_ignore_ascii_case(c))
                && label_matches(rest, &label[1..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_parses_and_every_entry_has_a_source() {
        let catalog: HostingCatalog =
            serde_json::from_str(HOSTING_JSON).expect("hosting.json parses");
        assert!(!catalog.checked.is_empty());
        for p in catalog.dns_hosts.iter().chain(&catalog.mail_providers) {
            assert!(
                p.source.starts_with("https://"),
                "{} needs an https source",
                p.id
            );
            assert!(!p.patterns.is_empty(), "{} has no patterns", p.id);
            assert!(p
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            for pat in &p.patterns {
                assert_eq!(
                    pat,
                    &pat.to_ascii_lowercase(),
                    "{}: pattern {pat} must be lowercase",
                    p.id
                );
                assert!(
                    !pat.ends_with('.'),
                    "{}: pattern {pat} ends with a dot",
                    p.id
                );
            }
        }
        for id in [
            "cloudflare",
            "godaddy",
            "namecheap",
            "route53",
            "squarespace",
            "google-cloud-dns",
            "porkbun",
            "ionos",
            "ovh",
            "gandi",
            "hover",
            "name-com",
            "digitalocean",
            "hetzner",
            "azure-dns",
        ] {
            assert!(
                catalog.dns_hosts.iter().any(|p| p.id == id),
                "missing DNS host {id}"
            );
        }
        for id in [
            "google-workspace",
            "microsoft-365",
            "zoho",
            "fastmail",
            "proton",
        ] {
            assert!(
                catalog.mail_providers.iter().any(|p| p.id == id),
                "missing mail provider {id}"
            );
        }
    }

    #[test]
    fn glob_matches_within_one_label() {
        for (pattern, host, expected) in [
            ("*.ns.cloudflare.com", "ada.ns.cloudflare.com", true),
            ("*.ns.cloudflare.com", "ns.cloudflare.com", false),
            ("*.ns.cloudflare.com", "a.b.ns.cloudflare.com", false),
            ("ns-*.awsdns-*.com", "ns-123.awsdns-45.com", true),
            ("ns-*.awsdns-*.com", "ns-.awsdns-45.com", false),
            ("aspmx.l.google.com", "ASPMX.L.GOOGLE.COM", true),
            ("aspmx.l.google.com", "aspmx.l.google.co", false),
        ] {
            assert_eq!(matches(pattern, host), expected, "{pattern} vs {host}");
        }
    }

    #[test]
    fn detects_well_known_hosts() {
        let c = HostingCatalog::builtin();
        let ns = vec![
            "ada.ns.cloudflare.com".to_owned(),
            "bob.ns.cloudflare.com".to_owned(),
        ];
        assert_eq!(c.dns_host(&ns).map(|m| m.id), Some("cloudflare".to_owned()));
        let ns = vec!["ns-1536.awsdns-00.co.uk".to_owned()];
        assert_eq!(c.dns_host(&ns).map(|m| m.id), Some("route53".to_owned()));
        let mx = vec![
            MxHost {
                preference: 10,
                exchange: "alt1.aspmx.l.google.com".into(),
            },
            MxHost {
                preference: 1,
                exchange: "aspmx.l.google.com".into(),
            },
        ];
        let m = c.mail_provider(&mx).expect("google detected");
        assert_eq!(
            (m.id.as_str(), m.matched.as_str()),
            ("google-workspace", "aspmx.l.google.com")
        );
        let mx = vec![MxHost {
            preference: 0,
            exchange: "acme-test.mail.protection.outlook.com".into(),
        }];
        assert_eq!(
            c.mail_provider(&mx).map(|m| m.id),
            Some("microsoft-365".to_owned())
        );
        assert_eq!(c.dns_host(&["ns1.example.test".to_owned()]), None);
    }
}
