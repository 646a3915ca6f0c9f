//! The provider catalog (`data/providers.json`): every service that can send as a domain, with its
//! SPF include, DKIM method, MX and notes, each group citing the page it comes from.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use crate::catalog::Source;
use crate::catalog::{close_matches, fill, placeholders};
use crate::error::{Error, Result};
use crate::records::RecordType;

/// The catalog file, compiled in.
const PROVIDERS_JSON: &str = include_str!("../data/providers.json");

/// What kind of sender a provider is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    /// Hosts mailboxes (Google Workspace, Microsoft 365, ...).
    Mailbox,
    /// Sends application mail through an API or SMTP relay (SES, Postmark, ...).
    Transactional,
    /// Newsletters and campaigns (Brevo, ...).
    Marketing,
    /// Cold outreach platforms.
    Outreach,
    /// The user's own server, authorised by IP address.
    OwnServer,
}

/// How a provider's DKIM key gets into DNS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DkimMethod {
    /// Sendwell generates the key pair; the TXT record carries our public key.
    Generate,
    /// The provider shows a TXT record (host and value) that the user copies.
    ProviderTxt,
    /// CNAMEs point the selectors at keys the provider hosts and rotates.
    Cname,
}

/// Where a provider's SPF include belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpfPlacement {
    /// In the SPF record of the domain you send as (the one domain-wide SPF record).
    SendingDomain,
    /// On a separate return-path / custom MAIL FROM subdomain, not in the main record.
    ReturnPath,
}

/// SPF facts for one provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpfInfo {
    /// Exact `include:` domains, e.g. `_spf.google.com`. Empty when none is needed.
    pub includes: Vec<String>,
    /// Whether the include goes into the main record or onto a return-path subdomain.
    pub placement: SpfPlacement,
    /// True when the sender is authorised by its IP addresses instead (own server).
    #[serde(default)]
    pub ip_based: bool,
    /// What the user needs to know, in plain language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where these facts come from.
    pub source: Source,
}

/// One CNAME with `{placeholder}`s for the account-specific parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CnameTemplate {
    /// The name, relative to the sending domain, e.g. `{token1}._domainkey`.
    pub host: String,
    /// The target, e.g. `{token1}.dkim.amazonses.com`.
    pub target: String,
}

impl CnameTemplate {
    /// The placeholder names used in host and target (duplicates removed, in order).
    pub fn placeholders(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for text in [&self.host, &self.target] {
            for name in placeholders(text).unwrap_or_default() {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }

    /// Host and target with every placeholder filled, or `None` if a value is missing.
    pub fn fill(&self, values: &[(&str, &str)]) -> Option<(String, String)> {
        Some((fill(&self.host, values)?, fill(&self.target, values)?))
    }
}

/// DKIM facts for one provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DkimInfo {
    /// Who makes the key and how it is published.
    pub method: DkimMethod,
    /// Fixed selectors, when the provider uses fixed ones (may contain placeholders).
    #[serde(default)]
    pub selectors: Vec<String>,
    /// The CNAMEs to publish, for [`DkimMethod::Cname`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cnames: Vec<CnameTemplate>,
    /// An older CNAME form some existing accounts still use (e.g. Microsoft 365 before May 2025).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legacy_cnames: Vec<CnameTemplate>,
    /// Where in the provider's interface the user finds the values.
    #[serde(rename = "where")]
    pub where_to_find: String,
    /// What the user needs to know, in plain language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where these facts come from.
    pub source: Source,
}

/// One mail exchanger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MxRecord {
    /// Lower is tried first (RFC 5321 §5.1).
    pub preference: u16,
    /// The host name (may contain placeholders).
    pub exchange: String,
}

/// MX facts for a provider that hosts mailboxes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MxInfo {
    /// The records, most preferred first.
    pub records: Vec<MxRecord>,
    /// What the user needs to know, in plain language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where these facts come from.
    pub source: Source,
}

/// A further record a provider asks for (return-path CNAME, MAIL FROM MX, ownership code ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraRecord {
    /// The record type.
    #[serde(rename = "type")]
    pub record_type: RecordType,
    /// The name relative to the sending domain (`@` for the domain itself; may have placeholders).
    pub host: String,
    /// The value (may have placeholders).
    pub value: String,
    /// The MX preference, for MX records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preference: Option<u16>,
    /// One line on what the record is for.
    pub purpose: String,
    /// Where this record comes from.
    pub source: Source,
}

/// One sending service of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Stable kebab-case id, used by `--provider`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What kind of sender it is.
    pub kind: ProviderKind,
    /// SPF facts.
    pub spf: SpfInfo,
    /// DKIM facts.
    pub dkim: DkimInfo,
    /// MX records, for providers that host mailboxes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mx: Option<MxInfo>,
    /// Further records the provider asks for.
    #[serde(default)]
    pub extra_records: Vec<ExtraRecord>,
    /// Other notes the user needs.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Provider {
    /// Every source this entry cites.
    pub fn sources(&self) -> Vec<&Source> {
        let mut all = vec![&self.spf.source, &self.dkim.source];
        all.extend(self.mx.iter().map(|m| &m.source));
        all.extend(self.extra_records.iter().map(|r| &r.source));
        all
    }
}

/// The file's shape.
#[derive(Debug, Deserialize)]
struct Catalog {
    checked: String,
    providers: Vec<Provider>,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        serde_json::from_str(PROVIDERS_JSON).unwrap_or_else(|_| Catalog {
            checked: String::new(),
            providers: Vec::new(),
        })
    })
}

/// Every provider, in catalog order (parsed once; a test proves the file parses).
pub fn all() -> &'static [Provider] {
    &catalog().providers
}

/// When the catalog's facts were last checked (`YYYY-MM-DD`).
pub fn checked() -> &'static str {
    &catalog().checked
}

/// The provider with this id (ASCII case and surrounding spaces ignored).
pub fn find(id: &str) -> Option<&'static Provider> {
    let id = id.trim();
    all().iter().find(|p| p.id.eq_ignore_ascii_case(id))
}

/// Like [`find`], but an unknown id is an [`Error::ProviderUnknown`] naming close matches.
pub fn get(id: &str) -> Result<&'static Provider> {
    find(id).ok_or_else(|| Error::ProviderUnknown {
        id: id.to_owned(),
        close_matches: close_matches(id, all().iter().map(|p| p.id.as_str())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_kebab(id: &str) -> bool {
        !id.is_empty()
            && !id.starts_with('-')
            && !id.ends_with('-')
            && !id.contains("--")
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }

    #[test]
    fn catalog_parses_with_kebab_unique_ids_and_https_sources() {
        let parsed: Catalog = serde_json::from_str(PROVIDERS_JSON).expect("providers.json parses");
        assert_eq!(parsed.checked, "2026-12-01");
        let mut ids: Vec<&str> = parsed.providers.iter().map(|p| p.id.as_str()).collect();
        for p in &parsed.providers {
            assert!(is_kebab(&p.id), "{} is not kebab-case", p.id);
            for s in p.sources() {
                assert!(s.url.starts_with("https://"), "{}: {}", p.id, s.url);
                assert_eq!(s.checked.len(), 10, "{}: date {}", p.id, s.checked);
            }
        }
        ids.sort_unstable();
        let count = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), count, "provider ids are unique");
        assert_eq!(all().len(), count, "all() sees the same catalog");
    }

    #[test]
    fn required_providers_are_present() {
        for id in [
            "google-workspace",
            "microsoft-365",
            "zoho",
            "fastmail",
            "proton",
            "amazon-ses",
            "sendgrid",
            "mailgun",
            "postmark",
            "brevo",
            "mailchimp-transactional",
            "sparkpost",
            "resend",
            "own-server",
        ] {
            assert!(find(id).is_some(), "missing provider {id}");
        }
    }

    #[test]
    fn every_entry_is_internally_consistent() {
        for p in all() {
            let cname = p.dkim.method == DkimMethod::Cname;
            assert_eq!(
                cname,
                !p.dkim.cnames.is_empty(),
                "{}: cnames vs method",
                p.id
            );
            for t in p.dkim.cnames.iter().chain(&p.dkim.legacy_cnames) {
                assert!(placeholders(&t.host).is_some(), "{}: {}", p.id, t.host);
                assert!(placeholders(&t.target).is_some(), "{}: {}", p.id, t.target);
                assert!(t.host.contains("._domainkey"), "{}: {}", p.id, t.host);
            }
            for inc in &p.spf.includes {
                assert!(
                    !inc.contains(' ') && !inc.starts_with("include:") && inc.contains('.'),
                    "{}: include {inc}",
                    p.id
                );
            }
            assert_eq!(
                p.kind == ProviderKind::OwnServer,
                p.spf.ip_based,
                "{}",
                p.id
            );
            assert_eq!(p.kind == ProviderKind::Mailbox, p.mx.is_some(), "{}", p.id);
            for r in &p.extra_records {
                assert_eq!(
                    r.record_type == RecordType::Mx,
                    r.preference.is_some(),
                    "{}",
                    p.id
                );
            }
        }
    }

    #[test]
    fn known_facts_read_back() {
        let google = find("google-workspace").expect("google");
        assert_eq!(google.spf.includes, ["_spf.google.com"]);
        assert_eq!(google.dkim.method, DkimMethod::ProviderTxt);
        let ses = find("Amazon-SES ").expect("case and spaces ignored");
        assert_eq!(ses.spf.placement, SpfPlacement::ReturnPath);
        let (host, target) = ses.dkim.cnames[0]
            .fill(&[("token1", "abc123")])
            .expect("filled");
        assert_eq!(
            (host.as_str(), target.as_str()),
            ("abc123._domainkey", "abc123.dkim.amazonses.com")
        );
        let m365 = find("microsoft-365").expect("m365");
        assert_eq!(
            m365.dkim.cnames[0].placeholders(),
            ["domain_dashes", "tenant", "partition"]
        );
        assert!(find("own-server").is_some_and(|p| p.dkim.method == DkimMethod::Generate));
    }

    #[test]
    fn unknown_id_is_an_error_with_close_matches() {
        let e = get("sendgird").expect_err("unknown");
        assert_eq!(e.code(), "provider.unknown");
        assert_eq!(e.suggestion(), Some("sendgrid"));
        assert!(e.to_string().contains("sendwell providers"), "{e}");
        assert!(get("postmark").is_ok());
    }
}
