//! Where a protocol is served: host, port and how TLS starts (RFC 8314 §3 implicit TLS,
//! RFC 3207 / RFC 2595 STARTTLS), plus parsing of `HOST[:PORT]` settings.

use serde::Serialize;

use crate::error::{Error, Result};

/// The three mail protocols Sendwell checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    /// IMAP4rev2 (RFC 9051): reading mail, where outreach tools see replies.
    Imap,
    /// POP3 (RFC 1939): downloading mail, which can remove it from the server.
    Pop3,
    /// Message submission (RFC 6409): sending mail.
    Smtp,
}

impl Protocol {
    /// Display name: `IMAP`, `POP3`, `SMTP`.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Imap => "IMAP",
            Protocol::Pop3 => "POP3",
            Protocol::Smtp => "SMTP",
        }
    }

    /// The implicit-TLS port (RFC 8314 §7.3: 993, 995, 465) and the STARTTLS port (143, 110, 587).
    pub fn default_ports(self) -> (u16, u16) {
        match self {
            Protocol::Imap => (993, 143),
            Protocol::Pop3 => (995, 110),
            Protocol::Smtp => (465, 587),
        }
    }
}

/// How the connection becomes encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// TLS from the first byte (RFC 8314 §3.2), preferred.
    Tls,
    /// Plain connection upgraded with STARTTLS / STLS before any password (required, never optional).
    Starttls,
}

impl Security {
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Security::Tls => "TLS",
            Security::Starttls => "STARTTLS",
        }
    }
}

/// One server to try for one protocol.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Endpoint {
    /// The protocol.
    pub protocol: Protocol,
    /// Host name or IP address (also the name the certificate must carry).
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// How TLS starts.
    pub security: Security,
}

impl Endpoint {
    /// An endpoint.
    pub fn new(protocol: Protocol, host: &str, port: u16, security: Security) -> Self {
        Endpoint {
            protocol,
            host: host.trim_end_matches('.').to_ascii_lowercase(),
            port,
            security,
        }
    }

    /// The security a port implies: STARTTLS on the plain ports (143, 110, 587 and 25),
    /// implicit TLS everywhere else.
    pub fn security_for_port(protocol: Protocol, port: u16) -> Security {
        if port == protocol.default_ports().1 || (protocol == Protocol::Smtp && port == 25) {
            Security::Starttls
        } else {
            Security::Tls
        }
    }

    /// The endpoints a `HOST[:PORT]` setting stands for: with a port, that port; without,
    /// the implicit-TLS port first, then the STARTTLS port.
    pub fn from_setting(protocol: Protocol, value: &str) -> Result<Vec<Endpoint>> {
        let (host, port) = parse_host_port(protocol, value)?;
        Ok(match port {
            Some(p) => vec![Endpoint::new(
                protocol,
                &host,
                p,
                Endpoint::security_for_port(protocol, p),
            )],
            None => {
                let (tls, starttls) = protocol.default_ports();
                vec![
                    Endpoint::new(protocol, &host, tls, Security::Tls),
                    Endpoint::new(protocol, &host, starttls, Security::Starttls),
                ]
            }
        })
    }
}

/// Split `host`, `host:port`, `IPv6` or `[IPv6]:port`, checking each part.
pub fn parse_host_port(protocol: Protocol, value: &str) -> Result<(String, Option<u16>)> {
    let bad = |reason: &str| Error::MailboxServerInvalid {
        protocol: protocol.name(),
        value: value.chars().take(100).collect(),
        reason: reason.to_owned(),
    };
    let v = value.trim();
    if v.is_empty() {
        return Err(bad("it is empty"));
    }
    if v.parse::<std::net::Ipv6Addr>().is_ok() {
        return Ok((v.to_owned(), None));
    }
    let (host, port) = if let Some(rest) = v.strip_prefix('[') {
        let (ip, after) = rest
            .split_once(']')
            .ok_or_else(|| bad("a '[' without its ']'"))?;
        if ip.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(bad("the part in [ ] is not an IPv6 address"));
        }
        match after.strip_prefix(':') {
            Some(p) => (ip, Some(p)),
            None if after.is_empty() => (ip, None),
            None => return Err(bad("unexpected text after ']'")),
        }
    } else {
        match v.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (v, None),
        }
    };
    let port = match port {
        Some(p) => match p.parse::<u16>() {
            Ok(0) | Err(_) => return Err(bad(&format!("'{p}' is not a port number (1-65535)"))),
            Ok(n) => Some(n),
        },
        None => None,
    };
    if host.parse::<std::net::IpAddr>().is_err() {
        let ok = !host.is_empty()
            && host.len() <= 253
            && host.trim_end_matches('.').split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            });
        if !ok {
            return Err(bad("it is not a host name or IP address"));
        }
    }
    Ok((host.to_owned(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse() {
        for (input, expected) in [
            (
                "imap.example.com",
                vec![
                    ("imap.example.com", 993, Security::Tls),
                    ("imap.example.com", 143, Security::Starttls),
                ],
            ),
            (
                "imap.example.com:143",
                vec![("imap.example.com", 143, Security::Starttls)],
            ),
            ("127.0.0.31:993", vec![("127.0.0.31", 993, Security::Tls)]),
            ("[::1]:9993", vec![("::1", 9993, Security::Tls)]),
            (
                "IMAP.Example.COM.:993",
                vec![("imap.example.com", 993, Security::Tls)],
            ),
        ] {
            let got: Vec<_> = Endpoint::from_setting(Protocol::Imap, input)
                .unwrap_or_default()
                .into_iter()
                .map(|e| (e.host, e.port, e.security))
                .collect();
            let want: Vec<_> = expected
                .into_iter()
                .map(|(h, p, s)| (h.to_owned(), p, s))
                .collect();
            assert_eq!(got, want, "{input}");
        }
        for bad in [
            "",
            "host:0",
            "host:99999",
            "host:x",
            "bad host",
            "[::1",
            "a..b",
            "[nope]:1",
        ] {
            assert_eq!(
                Endpoint::from_setting(Protocol::Smtp, bad).map_err(|e| e.code()),
                Err("mailbox.server_invalid"),
                "{bad}"
            );
        }
        assert_eq!(
            Endpoint::security_for_port(Protocol::Smtp, 587),
            Security::Starttls
        );
        assert_eq!(
            Endpoint::security_for_port(Protocol::Pop3, 110),
            Security::Starttls
        );
        assert_eq!(
            Endpoint::security_for_port(Protocol::Pop3, 995),
            Security::Tls
        );
    }
}
