//! Settings discovery, best first: provider presets (by address domain, then by MX), the
//! domain's autoconfig file, RFC 6186 SRV records, and finally a guess from the MX host.
//! IMAP is preferred over POP3 and implicit TLS over STARTTLS within each source.

use serde::Serialize;

use super::autoconfig;
use super::endpoint::{Endpoint, Protocol, Security};
use super::presets::{Preset, PresetCatalog, ProviderStep};
use super::tls::TlsSettings;
use crate::dns::{QueryType, Resolve};
use crate::hosting::HostingCatalog;

/// Where a protocol's servers came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingsSource {
    /// Given by the user (`--imap`, ...).
    CommandLine,
    /// A provider preset (data/mail-settings.json).
    Preset,
    /// The domain's autoconfig file.
    Autoconfig,
    /// RFC 6186 SRV records.
    Srv,
    /// A guess: the domain's most preferred MX host.
    MxGuess,
    /// Nothing found.
    None,
}

/// The provider a mailbox belongs to, with what the user must do first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderInfo {
    /// Preset id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The provider page the settings come from.
    pub source: String,
    /// Steps to take first (turn IMAP on, make an app password).
    pub steps: Vec<ProviderStep>,
    /// How to turn POP3 off there.
    pub pop3_off: Option<ProviderStep>,
}

impl From<&Preset> for ProviderInfo {
    fn from(p: &Preset) -> Self {
        ProviderInfo {
            id: p.id.clone(),
            name: p.name.clone(),
            source: p.source.clone(),
            steps: p.steps.clone(),
            pop3_off: p.pop3_off.clone(),
        }
    }
}

/// Per-protocol sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sources {
    /// IMAP's.
    pub imap: SettingsSource,
    /// POP3's.
    pub pop3: SettingsSource,
    /// SMTP's.
    pub smtp: SettingsSource,
}

/// The servers to probe, best first per protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailSettings {
    /// IMAP candidates.
    pub imap: Vec<Endpoint>,
    /// POP3 candidates.
    pub pop3: Vec<Endpoint>,
    /// SMTP candidates.
    pub smtp: Vec<Endpoint>,
    /// Where each list came from.
    pub sources: Sources,
    /// The provider, when recognised.
    pub provider: Option<ProviderInfo>,
    /// Autoconfig URL used, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autoconfig_url: Option<String>,
    /// What discovery noticed (refused redirects, skipped plain-text servers).
    pub notes: Vec<String>,
}

impl MailSettings {
    /// Nothing known yet.
    pub fn empty() -> Self {
        MailSettings {
            imap: Vec::new(),
            pop3: Vec::new(),
            smtp: Vec::new(),
            sources: Sources {
                imap: SettingsSource::None,
                pop3: SettingsSource::None,
                smtp: SettingsSource::None,
            },
            provider: None,
            autoconfig_url: None,
            notes: Vec::new(),
        }
    }

    /// The list for a protocol.
    pub fn list(&self, p: Protocol) -> &[Endpoint] {
        match p {
            Protocol::Imap => &self.imap,
            Protocol::Pop3 => &self.pop3,
            Protocol::Smtp => &self.smtp,
        }
    }

    /// Replace one protocol's servers with the user's, marking them as given.
    pub fn set(&mut self, p: Protocol, endpoints: Vec<Endpoint>, source: SettingsSource) {
        match p {
            Protocol::Imap => {
                self.imap = endpoints;
                self.sources.imap = source;
            }
            Protocol::Pop3 => {
                self.pop3 = endpoints;
                self.sources.pop3 = source;
            }
            Protocol::Smtp => {
                self.smtp = endpoints;
                self.sources.smtp = source;
            }
        }
    }

    fn fill_from(&mut self, p: Protocol, endpoints: Vec<Endpoint>, source: SettingsSource) {
        if self.list(p).is_empty() && !endpoints.is_empty() {
            self.set(p, endpoints, source);
        }
    }

    fn complete(&self) -> bool {
        !self.imap.is_empty() && !self.smtp.is_empty()
    }
}

/// What discovery may do beyond presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiscoverOptions {
    /// Fetch the domain's autoconfig file over HTTPS.
    pub autoconfig: bool,
    /// Ask DNS (MX for the provider, SRV, the MX guess).
    pub dns: bool,
}

/// Fill in every protocol of `settings` that is still empty, best source first.
pub async fn discover<R: Resolve>(
    resolver: &R,
    address: &str,
    domain: &str,
    tls: &TlsSettings,
    options: DiscoverOptions,
    settings: &mut MailSettings,
) {
    let presets = PresetCatalog::builtin();
    let mut preset = presets.by_domain(domain);
    let mut mx_hosts: Vec<crate::dns::MxHost> = Vec::new();
    if preset.is_none() && options.dns {
        mx_hosts = resolver
            .lookup(domain, QueryType::Mx)
            .await
            .mx()
            .cloned()
            .collect();
        preset = HostingCatalog::builtin()
            .mail_provider(&mx_hosts)
            .and_then(|m| presets.by_hosting_id(&m.id));
    }
    if let Some(p) = preset {
        settings.provider = Some(ProviderInfo::from(p));
        for proto in [Protocol::Imap, Protocol::Pop3, Protocol::Smtp] {
            settings.fill_from(proto, p.endpoints(proto), SettingsSource::Preset);
        }
        return;
    }
    if settings.complete() {
        return;
    }
    if options.autoconfig {
        let mut notes = Vec::new();
        if let Some((url, found)) = autoconfig::fetch(domain, address, tls, &mut notes).await {
            settings.autoconfig_url = Some(url);
            settings.fill_from(Protocol::Imap, found.imap, SettingsSource::Autoconfig);
            settings.fill_from(Protocol::Pop3, found.pop3, SettingsSource::Autoconfig);
            settings.fill_from(Protocol::Smtp, found.smtp, SettingsSource::Autoconfig);
        }
        settings.notes.extend(notes);
        if settings.complete() {
            return;
        }
    }
    if !options.dns {
        return;
    }
    let srv = srv_settings(resolver, domain).await;
    settings.fill_from(Protocol::Imap, srv.0, SettingsSource::Srv);
    settings.fill_from(Protocol::Pop3, srv.1, SettingsSource::Srv);
    settings.fill_from(Protocol::Smtp, srv.2, SettingsSource::Srv);
    if settings.complete() {
        return;
    }
    if mx_hosts.is_empty() {
        mx_hosts = resolver
            .lookup(domain, QueryType::Mx)
            .await
            .mx()
            .cloned()
            .collect();
    }
    mx_hosts.sort_by_key(|m| m.preference);
    if let Some(best) = mx_hosts.iter().find(|m| m.exchange != ".") {
        for proto in [Protocol::Imap, Protocol::Pop3, Protocol::Smtp] {
            let (tls_port, starttls_port) = proto.default_ports();
            settings.fill_from(
                proto,
                vec![
                    Endpoint::new(proto, &best.exchange, tls_port, Security::Tls),
                    Endpoint::new(proto, &best.exchange, starttls_port, Security::Starttls),
                ],
                SettingsSource::MxGuess,
            );
        }
        settings.notes.push(format!(
            "No published settings were found; trying the mail server from the domain's MX record ({}), a guess.",
            best.exchange
        ));
    }
}

/// RFC 6186 §3: `_imaps._tcp` before `_imap._tcp` (implicit TLS preferred, RFC 8314 §5.1),
/// `_pop3s._tcp`, `_submissions._tcp` before `_submission._tcp`. A target of "." means the
/// service is not offered (RFC 6186 §3.4 / RFC 2782).
pub async fn srv_settings<R: Resolve>(
    resolver: &R,
    domain: &str,
) -> (Vec<Endpoint>, Vec<Endpoint>, Vec<Endpoint>) {
    let lists = [
        ("_imaps._tcp", Protocol::Imap, Security::Tls),
        ("_imap._tcp", Protocol::Imap, Security::Starttls),
        ("_pop3s._tcp", Protocol::Pop3, Security::Tls),
        ("_submissions._tcp", Protocol::Smtp, Security::Tls),
        ("_submission._tcp", Protocol::Smtp, Security::Starttls),
    ];
    let answers = futures_util::future::join_all(lists.iter().map(|(label, _, _)| {
        let name = format!("{label}.{domain}");
        async move { resolver.lookup(&name, QueryType::Srv).await }
    }))
    .await;
    let (mut imap, mut pop3, mut smtp) = (Vec::new(), Vec::new(), Vec::new());
    for ((_, proto, security), answer) in lists.iter().zip(answers) {
        let mut records: Vec<_> = answer.srv().cloned().collect();
        records.sort_by(|a, b| a.priority.cmp(&b.priority).then(b.weight.cmp(&a.weight)));
        let list = match proto {
            Protocol::Imap => &mut imap,
            Protocol::Pop3 => &mut pop3,
            Protocol::Smtp => &mut smtp,
        };
        for r in records {
            if r.target == "." || r.target.is_empty() || r.port == 0 {
                continue;
            }
            if super::endpoint::parse_host_port(*proto, &r.target).is_err() {
                continue;
            }
            list.push(Endpoint::new(*proto, &r.target, r.port, *security));
        }
    }
    (imap, pop3, smtp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::StaticResolver;

    fn hosts(list: &[Endpoint]) -> Vec<(String, u16, Security)> {
        list.iter()
            .map(|e| (e.host.clone(), e.port, e.security))
            .collect()
    }

    fn no_net() -> DiscoverOptions {
        DiscoverOptions {
            autoconfig: false,
            dns: true,
        }
    }

    #[tokio::test]
    async fn preset_by_address_domain_needs_no_dns() {
        let tls = TlsSettings::system().expect("tls");
        let mut s = MailSettings::empty();
        let r = StaticResolver::new();
        discover(
            &r,
            "a@gmail.com",
            "gmail.com",
            &tls,
            DiscoverOptions {
                autoconfig: false,
                dns: false,
            },
            &mut s,
        )
        .await;
        assert_eq!(s.sources.imap, SettingsSource::Preset);
        assert_eq!(
            hosts(&s.imap),
            vec![("imap.gmail.com".into(), 993, Security::Tls)]
        );
        assert_eq!(s.provider.as_ref().map(|p| p.id.as_str()), Some("google"));
    }

    #[tokio::test]
    async fn preset_by_mx_keeps_flags() {
        let tls = TlsSettings::system().expect("tls");
        let r =
            StaticResolver::new().mx("acme.test", &[(0, "acme-test.mail.protection.outlook.com")]);
        let mut s = MailSettings::empty();
        s.set(
            Protocol::Imap,
            vec![Endpoint::new(
                Protocol::Imap,
                "127.0.0.1",
                993,
                Security::Tls,
            )],
            SettingsSource::CommandLine,
        );
        discover(&r, "a@acme.test", "acme.test", &tls, no_net(), &mut s).await;
        assert_eq!(s.sources.imap, SettingsSource::CommandLine);
        assert_eq!(s.sources.smtp, SettingsSource::Preset);
        assert_eq!(
            hosts(&s.smtp),
            vec![("smtp.office365.com".into(), 587, Security::Starttls)]
        );
        assert_eq!(s.provider.map(|p| p.id), Some("microsoft".to_owned()));
    }

    #[tokio::test]
    async fn srv_records_in_rfc_6186_order() {
        let tls = TlsSettings::system().expect("tls");
        let r = StaticResolver::new()
            .mx("own.test", &[(10, "mx.own.test")])
            .srv("_imap._tcp.own.test", &[(0, 0, 143, "imap.own.test")])
            .srv(
                "_imaps._tcp.own.test",
                &[
                    (10, 0, 993, "imap2.own.test"),
                    (0, 5, 993, "imap1.own.test"),
                ],
            )
            .srv("_pop3s._tcp.own.test", &[(0, 0, 0, ".")])
            .srv("_submission._tcp.own.test", &[(0, 1, 587, "smtp.own.test")]);
        let mut s = MailSettings::empty();
        discover(&r, "a@own.test", "own.test", &tls, no_net(), &mut s).await;
        assert_eq!(
            hosts(&s.imap),
            vec![
                ("imap1.own.test".into(), 993, Security::Tls),
                ("imap2.own.test".into(), 993, Security::Tls),
                ("imap.own.test".into(), 143, Security::Starttls),
            ]
        );
        assert_eq!(s.sources.imap, SettingsSource::Srv);
        assert_eq!(
            hosts(&s.smtp),
            vec![("smtp.own.test".into(), 587, Security::Starttls)]
        );
        // "." = not offered; POP3 then comes from the MX guess.
        assert_eq!(s.sources.pop3, SettingsSource::None);
    }

    #[tokio::test]
    async fn mx_guess_last() {
        let tls = TlsSettings::system().expect("tls");
        let r = StaticResolver::new().mx(
            "small.test",
            &[(20, "b.small.test"), (10, "mail.small.test")],
        );
        let mut s = MailSettings::empty();
        discover(&r, "a@small.test", "small.test", &tls, no_net(), &mut s).await;
        assert_eq!(s.sources.imap, SettingsSource::MxGuess);
        assert_eq!(
            hosts(&s.imap),
            vec![
                ("mail.small.test".into(), 993, Security::Tls),
                ("mail.small.test".into(), 143, Security::Starttls),
            ]
        );
        assert_eq!(s.notes.len(), 1);
    }
}
