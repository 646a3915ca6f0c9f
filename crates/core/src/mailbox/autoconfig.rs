//! The domain's own autoconfig file (Thunderbird's `config-v1.1.xml`): fetched over HTTPS
//! only, redirects followed only inside the domain (others are reported), size-capped, parsed.

use std::time::Duration;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::endpoint::{parse_host_port, Endpoint, Protocol, Security};
use super::tls::TlsSettings;

/// The largest autoconfig file read (real ones are a few KiB).
pub const MAX_BYTES: usize = 64 * 1024;

/// How long one autoconfig fetch may take.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(6);

/// Servers read from an autoconfig file, best first per protocol.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AutoconfigServers {
    /// IMAP.
    pub imap: Vec<Endpoint>,
    /// POP3.
    pub pop3: Vec<Endpoint>,
    /// SMTP.
    pub smtp: Vec<Endpoint>,
    /// What was skipped and why (plain-text servers, OAuth-only entries).
    pub notes: Vec<String>,
}

#[derive(Default)]
struct ServerEntry {
    kind: String,
    hostname: String,
    port: String,
    socket_type: String,
    authentication: Vec<String>,
}

/// Parse a `clientConfig` document. Unknown elements are ignored; malformed XML gives what was
/// read before the error. `domain` replaces `%EMAILDOMAIN%` in host names.
pub fn parse(xml: &str, domain: &str) -> AutoconfigServers {
    let mut out = AutoconfigServers::default();
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut current: Option<ServerEntry> = None;
    let mut field: Option<String> = None;
    let mut depth = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                out.notes
                    .push(format!("the autoconfig file is not valid XML ({e})"));
                break;
            }
        };
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > 32 {
                    out.notes
                        .push("the autoconfig file nests too deep".to_owned());
                    break;
                }
                let name = e.local_name().as_ref().to_owned();
                if name == "incomingServer" || name == "outgoingServer" {
                    let kind = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "type")
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.to_ascii_lowercase())
                        })
                        .unwrap_or_default();
                    current = Some(ServerEntry {
                        kind,
                        ..ServerEntry::default()
                    });
                } else if current.is_some() {
                    field = Some(name);
                }
            }
            Event::Text(t) => {
                if let (Some(entry), Some(f)) = (current.as_mut(), field.as_deref()) {
                    let text = t.xml10_content().trim().to_owned();
                    match f {
                        "hostname" => entry.hostname = text,
                        "port" => entry.port = text,
                        "socketType" => entry.socket_type = text,
                        "authentication" => entry.authentication.push(text),
                        _ => {}
                    }
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let name = e.local_name();
                let name = name.as_ref();
                if name == "incomingServer" || name == "outgoingServer" {
                    if let Some(entry) = current.take() {
                        add(&mut out, entry, domain);
                    }
                }
                field = None;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn add(out: &mut AutoconfigServers, entry: ServerEntry, domain: &str) {
    let protocol = match entry.kind.as_str() {
        "imap" => Protocol::Imap,
        "pop3" => Protocol::Pop3,
        "smtp" => Protocol::Smtp,
        _ => return,
    };
    let security = match entry.socket_type.to_ascii_uppercase().as_str() {
        "SSL" | "TLS" => Security::Tls,
        "STARTTLS" => Security::Starttls,
        other => {
            out.notes.push(format!(
                "skipped a {} server with socketType '{}': Sendwell never sends a password without TLS",
                protocol.name(),
                super::status::clean_line(other)
            ));
            return;
        }
    };
    if !entry.authentication.is_empty()
        && entry
            .authentication
            .iter()
            .all(|a| a.eq_ignore_ascii_case("OAuth2"))
    {
        out.notes.push(format!(
            "the {} server accepts only OAuth2 sign-in, which Sendwell does not support yet",
            protocol.name()
        ));
    }
    let host = entry.hostname.replace("%EMAILDOMAIN%", domain);
    let Ok(port) = entry.port.parse::<u16>() else {
        return;
    };
    if port == 0 || parse_host_port(protocol, &host).is_err() {
        return;
    }
    let ep = Endpoint::new(protocol, &host, port, security);
    let list = match protocol {
        Protocol::Imap => &mut out.imap,
        Protocol::Pop3 => &mut out.pop3,
        Protocol::Smtp => &mut out.smtp,
    };
    if !list.contains(&ep) && list.len() < 10 {
        list.push(ep);
    }
}

/// The two places RFC-less autoconfig lives, best first.
pub fn urls(domain: &str, address: &str) -> [String; 2] {
    [
        format!("https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={address}"),
        format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml"),
    ]
}

/// Whether `host` is `domain` or inside it.
fn inside(host: &str, domain: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == domain || h.ends_with(&format!(".{domain}"))
}

/// Fetch and parse the domain's autoconfig file. `None` when there is none; notes say what
/// was refused (a redirect to another domain, a plain-HTTP redirect, an oversized file).
pub async fn fetch(
    domain: &str,
    address: &str,
    tls: &TlsSettings,
    notes: &mut Vec<String>,
) -> Option<(String, AutoconfigServers)> {
    fetch_with(domain, address, tls, &[], notes).await
}

/// [`fetch`] with fixed addresses for some host names (tests point them at a local server;
/// the port is always 443, as in the URL).
pub async fn fetch_with(
    domain: &str,
    address: &str,
    tls: &TlsSettings,
    resolve: &[(&str, std::net::SocketAddr)],
    notes: &mut Vec<String>,
) -> Option<(String, AutoconfigServers)> {
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured((*tls.client_config()).clone())
        .redirect(reqwest::redirect::Policy::none())
        .timeout(FETCH_TIMEOUT)
        .https_only(true);
    for (host, addr) in resolve {
        builder = builder.resolve(host, *addr);
    }
    let client = builder.build().ok()?;
    for first in urls(domain, address) {
        let mut url = first;
        for _hop in 0..4 {
            let Ok(mut response) = client.get(&url).send().await else {
                break;
            };
            let status = response.status();
            if status.is_redirection() {
                let Some(next) = response
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|loc| response.url().join(loc).ok())
                else {
                    break;
                };
                if next.scheme() != "https" {
                    notes.push(format!(
                        "autoconfig at {url} redirects to a plain-HTTP address; not followed"
                    ));
                    break;
                }
                let host = next.host_str().unwrap_or("");
                if !inside(host, domain) {
                    notes.push(format!(
                        "autoconfig at {url} redirects to {host}, another domain; Sendwell did not follow it"
                    ));
                    break;
                }
                url = next.to_string();
                continue;
            }
            if !status.is_success() {
                break;
            }
            let mut body = Vec::new();
            let mut too_big = false;
            while let Ok(Some(chunk)) = response.chunk().await {
                if body.len() + chunk.len() > MAX_BYTES {
                    too_big = true;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
            if too_big {
                notes.push(format!(
                    "autoconfig at {url} is larger than {} KiB; ignored",
                    MAX_BYTES / 1024
                ));
                break;
            }
            let servers = parse(&String::from_utf8_lossy(&body), domain);
            notes.extend(servers.notes.iter().cloned());
            if servers.imap.is_empty() && servers.pop3.is_empty() && servers.smtp.is_empty() {
                break;
            }
            return Some((url, servers));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="example.com">
    <domain>example.com</domain>
    <incomingServer type="pop3">
      <hostname>pop.%EMAILDOMAIN%</hostname><port>995</port><socketType>SSL</socketType>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.example.com</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.example.com</hostname><port>143</port><socketType>plain</socketType>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.com</hostname><port>587</port><socketType>STARTTLS</socketType>
    </outgoingServer>
  </emailProvider>
</clientConfig>"#;

    #[test]
    fn sample_parses_and_skips_plain() {
        let s = parse(SAMPLE, "example.com");
        assert_eq!(
            s.imap,
            vec![Endpoint::new(
                Protocol::Imap,
                "imap.example.com",
                993,
                Security::Tls
            )]
        );
        assert_eq!(
            s.pop3,
            vec![Endpoint::new(
                Protocol::Pop3,
                "pop.example.com",
                995,
                Security::Tls
            )]
        );
        assert_eq!(
            s.smtp,
            vec![Endpoint::new(
                Protocol::Smtp,
                "smtp.example.com",
                587,
                Security::Starttls
            )]
        );
        assert_eq!(s.notes.len(), 1, "{:?}", s.notes);
    }

    #[test]
    fn hostile_documents_do_not_panic() {
        let deep = "<a>".repeat(1000);
        for input in [
            "",
            "not xml at all",
            "<clientConfig><incomingServer type=\"imap\"><hostname>bad host!</hostname><port>993</port><socketType>SSL</socketType></incomingServer></clientConfig>",
            "<clientConfig><incomingServer type=\"imap\"><port>99999</port></incomingServer>",
            "<incomingServer type='imap'><hostname>a.b</hostname><port>993</port><socketType>SSL</socketType>",
            deep.as_str(),
            "<incomingServer type=\"imap\"><hostname>&bogus;</hostname></incomingServer>",
        ] {
            let s = parse(input, "example.com");
            assert!(s.imap.is_empty(), "{input}");
        }
    }

    #[test]
    fn redirect_scope() {
        assert!(inside("autoconfig.example.com", "example.com"));
        assert!(inside("example.com", "example.com"));
        assert!(!inside("evil-example.com", "example.com"));
        assert!(!inside("example.com.evil.net", "example.com"));
    }
}
