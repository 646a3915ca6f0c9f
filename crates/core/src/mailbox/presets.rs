//! Provider presets from `data/mail-settings.json`: known server settings per mailbox provider,
//! each with the provider page it comes from and the steps a user must take first.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::endpoint::{Endpoint, Protocol, Security};

const MAIL_SETTINGS_JSON: &str = include_str!("../../data/mail-settings.json");

/// One server of a preset.
#[derive(Debug, Clone, Deserialize)]
pub struct PresetServer {
    /// Host name.
    pub host: String,
    /// Port.
    pub port: u16,
    /// `tls` or `starttls`.
    pub security: PresetSecurity,
}

/// The security spelling of the data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PresetSecurity {
    /// Implicit TLS.
    Tls,
    /// STARTTLS.
    Starttls,
}

/// Something to do before the check can pass, with the provider's page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ProviderStep {
    /// What to do, in plain words.
    pub text: String,
    /// The provider's page that explains it.
    pub url: String,
}

/// One provider's settings.
#[derive(Debug, Clone, Deserialize)]
pub struct Preset {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The provider's own address domains (gmail.com, ...).
    pub domains: Vec<String>,
    /// The mail provider id in hosting.json (custom domains whose MX points there).
    pub hosting_id: Option<String>,
    /// IMAP servers, best first.
    pub imap: Vec<PresetServer>,
    /// POP3 servers.
    pub pop3: Vec<PresetServer>,
    /// Submission servers.
    pub smtp: Vec<PresetServer>,
    /// Where the settings come from.
    pub source: String,
    /// Steps the user must take first (turn IMAP on, make an app password).
    pub steps: Vec<ProviderStep>,
    /// How to turn POP3 off at this provider.
    pub pop3_off: Option<ProviderStep>,
    /// Maintainer notes.
    #[serde(default)]
    pub note: Option<String>,
}

impl Preset {
    /// The endpoints of one protocol.
    pub fn endpoints(&self, protocol: Protocol) -> Vec<Endpoint> {
        let list = match protocol {
            Protocol::Imap => &self.imap,
            Protocol::Pop3 => &self.pop3,
            Protocol::Smtp => &self.smtp,
        };
        list.iter()
            .map(|s| {
                let security = match s.security {
                    PresetSecurity::Tls => Security::Tls,
                    PresetSecurity::Starttls => Security::Starttls,
                };
                Endpoint::new(protocol, &s.host, s.port, security)
            })
            .collect()
    }
}

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
pub struct PresetCatalog {
    /// When the settings were last checked.
    pub checked: String,
    /// The providers.
    pub providers: Vec<Preset>,
}

impl PresetCatalog {
    /// The compiled-in catalog (a test proves it parses).
    pub fn builtin() -> &'static PresetCatalog {
        static CATALOG: OnceLock<PresetCatalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            serde_json::from_str(MAIL_SETTINGS_JSON).unwrap_or_else(|_| PresetCatalog {
                checked: String::new(),
                providers: Vec::new(),
            })
        })
    }

    /// The preset for an address domain (gmail.com → Google).
    pub fn by_domain(&self, domain: &str) -> Option<&Preset> {
        let d = domain.trim_end_matches('.').to_ascii_lowercase();
        self.providers.iter().find(|p| p.domains.contains(&d))
    }

    /// The preset for a hosting.json mail provider id (found from MX).
    pub fn by_hosting_id(&self, id: &str) -> Option<&Preset> {
        self.providers
            .iter()
            .find(|p| p.hosting_id.as_deref() == Some(id))
    }

    /// The preset with this id.
    pub fn by_id(&self, id: &str) -> Option<&Preset> {
        self.providers.iter().find(|p| p.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_parses_with_sources_and_covers_the_providers() {
        let c: PresetCatalog =
            serde_json::from_str(MAIL_SETTINGS_JSON).expect("mail-settings.json parses");
        assert!(!c.checked.is_empty());
        for p in &c.providers {
            assert!(p.source.starts_with("https://"), "{} source", p.id);
            assert!(!p.imap.is_empty(), "{} has no IMAP", p.id);
            assert!(!p.smtp.is_empty(), "{} has no SMTP", p.id);
            for s in p.steps.iter().chain(p.pop3_off.iter()) {
                assert!(s.url.starts_with("https://"), "{} step url", p.id);
            }
        }
        for id in [
            "google",
            "microsoft",
            "zoho",
            "fastmail",
            "yahoo",
            "icloud",
            "gmx",
            "proton-bridge",
        ] {
            assert!(c.by_id(id).is_some(), "missing preset {id}");
        }
        // Every mailbox provider of hosting.json has a preset.
        for m in &crate::hosting::HostingCatalog::builtin().mail_providers {
            assert!(
                c.by_hosting_id(&m.id).is_some(),
                "no preset for hosting id {}",
                m.id
            );
        }
        assert_eq!(
            c.by_domain("GMAIL.com").map(|p| p.id.as_str()),
            Some("google")
        );
        assert_eq!(c.by_domain("example.com").map(|p| p.id.as_str()), None);
        let g = c.by_id("google").expect("google");
        let imap = g.endpoints(Protocol::Imap);
        assert_eq!(
            (imap[0].host.as_str(), imap[0].port, imap[0].security),
            ("imap.gmail.com", 993, Security::Tls)
        );
    }
}
