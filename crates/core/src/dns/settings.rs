//! How to reach DNS: which servers, how long to wait, how often to ask, how large a UDP answer
//! may be; and the `IP[:PORT]` syntax of `--resolver` and `--authoritative`.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use crate::error::{Error, Result};

/// The EDNS UDP payload size advertised by default (RFC 6891 §6.2.5; 1232 bytes avoids IP
/// fragmentation, as the DNS Flag Day 2020 recommends).
pub const DEFAULT_UDP_PAYLOAD: u16 = 1232;

/// How to reach DNS: the system's resolvers or an explicit list, with timeout and retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolverSettings {
    /// Servers to ask; empty means the operating system's resolvers. Ignored by
    /// [`super::HickoryResolver::direct`], which asks the one server it is given.
    pub servers: Vec<SocketAddr>,
    /// How long to wait for one answer.
    pub timeout: Duration,
    /// How many times to ask before giving up.
    pub attempts: usize,
    /// The largest UDP answer to accept, advertised with EDNS (RFC 6891 §6.2.3); `None` sends no
    /// EDNS, so answers over 512 bytes arrive truncated (RFC 1035 §4.2.1). Either way a truncated
    /// UDP answer is asked again over TCP (RFC 7766 §5).
    pub udp_payload: Option<u16>,
}

impl Default for ResolverSettings {
    fn default() -> Self {
        ResolverSettings {
            servers: Vec::new(),
            timeout: Duration::from_secs(3),
            attempts: 2,
            udp_payload: Some(DEFAULT_UDP_PAYLOAD),
        }
    }
}

impl ResolverSettings {
    /// Settings for an explicit list of `IP[:PORT]` strings (as given to `--resolver`).
    pub fn from_servers<S: AsRef<str>>(values: &[S]) -> Result<Self> {
        let servers = values
            .iter()
            .map(|v| parse_server(v.as_ref()))
            .collect::<Result<_>>()?;
        Ok(ResolverSettings {
            servers,
            ..Self::default()
        })
    }

    /// Settings from a comma-separated list such as `SENDWELL_RESOLVERS=127.0.0.21:53,1.1.1.1`.
    pub fn from_list(list: &str) -> Result<Self> {
        let values: Vec<&str> = list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        Self::from_servers(&values)
    }

    /// The same settings with another timeout per answer.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The same settings with another number of attempts (at least one is always made).
    pub fn with_attempts(mut self, attempts: usize) -> Self {
        self.attempts = attempts;
        self
    }

    /// The same settings with another UDP payload limit (`None`: no EDNS).
    pub fn with_udp_payload(mut self, udp_payload: Option<u16>) -> Self {
        self.udp_payload = udp_payload;
        self
    }

    /// The longest one lookup can take with these settings: every attempt timing out, plus a
    /// margin. Lookups are cut off there, so a server that never answers cannot hang a caller.
    pub fn deadline(&self) -> Duration {
        self.timeout * u32::try_from(self.attempts.max(1)).unwrap_or(u32::MAX)
            + Duration::from_millis(500)
    }
}

/// Parse `IP`, `IP:PORT`, `IPv6` or `[IPv6]:PORT`; the port defaults to 53.
pub fn parse_server(value: &str) -> Result<SocketAddr> {
    let bad = |reason: &str| Error::DnsConfig {
        value: value.to_owned(),
        reason: reason.to_owned(),
    };
    let v = value.trim();
    if let Ok(addr) = v.parse::<SocketAddr>() {
        if addr.port() == 0 {
            return Err(bad("port 0 cannot be used"));
        }
        return Ok(addr);
    }
    if let Ok(ip) = v
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    {
        return Ok(SocketAddr::new(ip, 53));
    }
    if let Some((host, port)) = v.rsplit_once(':') {
        if host.parse::<IpAddr>().is_ok() {
            return Err(bad(&format!("'{port}' is not a port number (1-65535)")));
        }
    }
    Err(bad("it is not an IP address"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_strings_parse() {
        for (input, expected) in [
            ("127.0.0.21", "127.0.0.21:53"),
            ("127.0.0.21:5353", "127.0.0.21:5353"),
            (" 1.1.1.1 ", "1.1.1.1:53"),
            ("::1", "[::1]:53"),
            ("[::1]", "[::1]:53"),
            ("[::1]:5300", "[::1]:5300"),
        ] {
            assert_eq!(
                parse_server(input).map(|a| a.to_string()),
                Ok(expected.to_owned())
            );
        }
        for bad in [
            "",
            "dns.google",
            "1.1.1.1:99999",
            "1.1.1.1:0",
            "1.1.1.1:x",
            "300.1.1.1",
        ] {
            assert_eq!(
                parse_server(bad).map_err(|e| e.code()),
                Err("dns.config"),
                "{bad}"
            );
        }
    }

    #[test]
    fn list_setting_splits_on_commas() {
        let s = ResolverSettings::from_list("127.0.0.21:53, 1.1.1.1").expect("valid list");
        assert_eq!(s.servers.len(), 2);
        assert!(ResolverSettings::from_list("127.0.0.21,nope").is_err());
    }

    #[test]
    fn deadline_covers_every_attempt() {
        let s = ResolverSettings::default()
            .with_timeout(Duration::from_millis(200))
            .with_attempts(3);
        assert_eq!(s.deadline(), Duration::from_millis(1100));
        assert_eq!(
            s.with_attempts(0).deadline(),
            Duration::from_millis(700),
            "zero attempts still asks once"
        );
    }
}
