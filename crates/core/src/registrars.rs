//! The registrar (DNS panel) catalog (`data/registrars.json`): how each DNS host's panel wants the
//! host and value typed, its TTL choices and plain steps; `format` turns a record into that form.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::catalog::close_matches;
pub use crate::catalog::Source;
use crate::error::{Error, Result};
use crate::records::RecordType;

mod format;

/// The catalog file, compiled in.
const REGISTRARS_JSON: &str = include_str!("../data/registrars.json");

/// The id of the entry used when the DNS host is unknown.
pub const GENERIC_ID: &str = "generic";

/// How the panel wants the record at the domain itself (the apex).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApexStyle {
    /// Type `@`.
    At,
    /// Leave the field empty.
    Blank,
    /// Type the domain itself.
    Full,
}

/// How the panel wants a name under the domain, such as `_dmarc.example.com`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubdomainStyle {
    /// Only the part before the domain (`_dmarc`); the panel appends the domain.
    Relative,
    /// The whole name (`_dmarc.example.com`).
    Full,
    /// The whole name with a final dot (`_dmarc.example.com.`).
    FullDot,
}

/// The host field of the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostStyle {
    /// The form for the apex.
    pub apex: ApexStyle,
    /// The form for names under the apex.
    pub subdomain: SubdomainStyle,
    /// Whether the panel appends the domain to what is typed (typing the full name then gives
    /// the doubled `x.example.com.example.com`).
    pub appends_domain: bool,
    /// Sources and caveats, in plain language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Whether the user types the double quotes of a TXT value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TxtQuoting {
    /// Paste the text as it is; the panel adds quotes or does not need them.
    #[serde(rename = "none")]
    Bare,
    /// Type the quotes (zone-file form, `"v=spf1 -all"`).
    Quoted,
}

/// What the panel does with a TXT value longer than one 255-byte string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LongTxt {
    /// Paste one long value; the panel splits it.
    AutoSplit,
    /// Enter it as several quoted strings of at most 255 bytes (`"..." "..."`).
    QuotedStrings,
}

/// How bytes outside printable ASCII are escaped when a TXT value is written in quoted form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TxtEscapes {
    /// A backslash and three decimal digits (RFC 1035 §5.1 zone files).
    #[default]
    Decimal,
    /// A backslash and three octal digits (Route 53).
    Octal,
}

/// The TXT value field of the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TxtStyle {
    /// Quotes or not.
    pub quoting: TxtQuoting,
    /// Long values.
    pub long_values: LongTxt,
    /// Escapes in quoted form.
    #[serde(default)]
    pub escapes: TxtEscapes,
    /// Sources and caveats, in plain language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How the panel wants a target host name (CNAME target, mail server).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStyle {
    /// The name without a final dot.
    Plain,
    /// The name with a final dot (without it the panel appends the domain).
    TrailingDot,
}

/// The CNAME form of the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CnameStyle {
    /// The target form.
    pub target: TargetStyle,
    /// A proxy setting the user must change for email CNAMEs (Cloudflare's "DNS only").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_caveat: Option<String>,
    /// Sources and caveats, in plain language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where the MX priority goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MxPriority {
    /// A field of its own.
    Separate,
    /// At the start of the value: `10 mail.example.com`.
    InValue,
}

/// The MX form of the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MxStyle {
    /// The mail-server form.
    pub target: TargetStyle,
    /// Where the priority goes.
    pub priority: MxPriority,
    /// Sources and caveats, in plain language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The TTL choices of the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TtlInfo {
    /// What the panel preselects.
    pub default: String,
    /// What can be chosen, in words.
    pub choices: String,
    /// The smallest TTL in seconds, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_seconds: Option<u32>,
    /// Sources and caveats, in plain language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Numbered plain-language steps per record type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Steps {
    /// Adding a TXT record.
    #[serde(rename = "TXT")]
    pub txt: Vec<String>,
    /// Adding a CNAME record.
    #[serde(rename = "CNAME")]
    pub cname: Vec<String>,
    /// Adding an MX record.
    #[serde(rename = "MX")]
    pub mx: Vec<String>,
}

/// One DNS panel of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registrar {
    /// The same id as the DNS host in `hosting.json`, or `generic`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The panel's DNS management page, when a source showed its address.
    pub dns_page: Option<String>,
    /// The panel's help page about DNS records, when a source showed its address.
    pub help_url: Option<String>,
    /// The host field.
    pub host: HostStyle,
    /// The TXT value field.
    pub txt: TxtStyle,
    /// The CNAME form.
    pub cname: CnameStyle,
    /// The MX form.
    pub mx: MxStyle,
    /// TTL choices.
    pub ttl: TtlInfo,
    /// Steps per record type.
    pub steps: Steps,
    /// Where the steps come from.
    pub steps_note: String,
    /// The pages these facts come from (at least one).
    pub sources: Vec<Source>,
}

impl Registrar {
    /// The numbered steps to add a record of this type in this panel.
    pub fn steps(&self, kind: RecordType) -> &[String] {
        match kind {
            RecordType::Txt => &self.steps.txt,
            RecordType::Cname => &self.steps.cname,
            RecordType::Mx => &self.steps.mx,
        }
    }

    /// The minimal entry used if the compiled-in file could not be read (a test forbids that).
    fn fallback_generic() -> Registrar {
        let step = |text: &str| vec![text.to_owned()];
        Registrar {
            id: GENERIC_ID.to_owned(),
            name: "Other DNS provider".to_owned(),
            dns_page: None,
            help_url: None,
            host: HostStyle {
                apex: ApexStyle::At,
                subdomain: SubdomainStyle::Relative,
                appends_domain: true,
                note: None,
            },
            txt: TxtStyle {
                quoting: TxtQuoting::Bare,
                long_values: LongTxt::AutoSplit,
                escapes: TxtEscapes::Decimal,
                note: None,
            },
            cname: CnameStyle {
                target: TargetStyle::Plain,
                proxy_caveat: None,
                note: None,
            },
            mx: MxStyle {
                target: TargetStyle::Plain,
                priority: MxPriority::Separate,
                note: None,
            },
            ttl: TtlInfo {
                default: "the panel's default".to_owned(),
                choices: String::new(),
                min_seconds: None,
                note: None,
            },
            steps: Steps {
                txt: step("Add a TXT record with the Host and Value Sendwell shows."),
                cname: step("Add a CNAME record with the Host and Value Sendwell shows."),
                mx: step("Add an MX record with the Host, Value and priority Sendwell shows."),
            },
            steps_note: String::new(),
            sources: vec![Source {
                url: "https://www.rfc-editor.org/rfc/rfc1035#section-5.1".to_owned(),
                checked: "2026-12-01".to_owned(),
                note: None,
            }],
        }
    }
}

/// The file's shape.
#[derive(Debug, Deserialize)]
struct Catalog {
    checked: String,
    registrars: Vec<Registrar>,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        serde_json::from_str(REGISTRARS_JSON).unwrap_or_else(|_| Catalog {
            checked: String::new(),
            registrars: vec![Registrar::fallback_generic()],
        })
    })
}

/// Every registrar, in catalog order, `generic` last (parsed once; a test proves it parses).
pub fn all() -> &'static [Registrar] {
    &catalog().registrars
}

/// When the catalog's facts were last checked (`YYYY-MM-DD`).
pub fn checked() -> &'static str {
    &catalog().checked
}

/// The registrar with this id (ASCII case and surrounding spaces ignored).
pub fn find(id: &str) -> Option<&'static Registrar> {
    let id = id.trim();
    all().iter().find(|r| r.id.eq_ignore_ascii_case(id))
}

/// Like [`find`], but an unknown id is an [`Error::RegistrarUnknown`] naming close matches.
pub fn get(id: &str) -> Result<&'static Registrar> {
    find(id).ok_or_else(|| Error::RegistrarUnknown {
        id: id.to_owned(),
        close_matches: close_matches(id, all().iter().map(|r| r.id.as_str())),
    })
}

/// The panel for a DNS host detected by [`crate::hosting`] (its id), or `generic`.
pub fn for_dns_host(hosting_id: &str) -> &'static Registrar {
    find(hosting_id)
        .or_else(|| find(GENERIC_ID))
        .unwrap_or_else(|| {
            static FALLBACK: OnceLock<Registrar> = OnceLock::new();
            FALLBACK.get_or_init(Registrar::fallback_generic)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hosting::HostingCatalog;

    #[test]
    fn catalog_parses_and_covers_every_detected_dns_host() {
        let parsed: Catalog =
            serde_json::from_str(REGISTRARS_JSON).expect("registrars.json parses");
        assert_eq!(parsed.checked, "2026-12-01");
        assert_eq!(all().len(), parsed.registrars.len());
        for host in &HostingCatalog::builtin().dns_hosts {
            assert!(
                find(&host.id).is_some(),
                "no registrar entry for {}",
                host.id
            );
        }
        assert_eq!(all().last().map(|r| r.id.as_str()), Some(GENERIC_ID));
        let mut ids: Vec<&str> = all().iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all().len(), "ids are unique");
    }

    #[test]
    fn every_entry_has_sources_and_steps() {
        for r in all() {
            assert!(!r.sources.is_empty(), "{} has no source", r.id);
            for s in &r.sources {
                assert!(s.url.starts_with("https://"), "{}: {}", r.id, s.url);
                assert_eq!(s.checked, "2026-12-01", "{}", r.id);
            }
            for url in r.dns_page.iter().chain(&r.help_url) {
                assert!(url.starts_with("https://"), "{}: {url}", r.id);
            }
            for kind in [RecordType::Txt, RecordType::Cname, RecordType::Mx] {
                assert!(r.steps(kind).len() >= 3, "{}: too few {kind} steps", r.id);
            }
        }
    }

    #[test]
    fn unknown_hosts_fall_back_to_generic() {
        assert_eq!(for_dns_host("cloudflare").id, "cloudflare");
        assert_eq!(for_dns_host("no-such-host").id, GENERIC_ID);
        assert_eq!(for_dns_host("").id, GENERIC_ID);
        let e = get("cloudflair").expect_err("unknown");
        assert_eq!(e.code(), "registrar.unknown");
        assert_eq!(e.suggestion(), Some("cloudflare"));
        assert!(e.to_string().contains("sendwell registrars"), "{e}");
    }

    #[test]
    fn cloudflare_warns_about_the_proxy() {
        let cf = find("cloudflare").expect("cloudflare");
        assert!(cf
            .cname
            .proxy_caveat
            .as_deref()
            .is_some_and(|c| c.contains("DNS only")));
        assert!(cf
            .steps(RecordType::Cname)
            .iter()
            .any(|s| s.contains("grey")));
    }
}
