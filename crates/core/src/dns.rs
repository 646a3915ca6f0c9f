//! The resolver interface the rest of the core asks DNS through, and its hickory implementation.
//! Every outcome — an answer, NXDOMAIN, no data, SERVFAIL, refused, timeout — is a value.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{RData, RecordType};
use hickory_resolver::TokioResolver;
use serde::Serialize;

use crate::error::{Error, Result};

/// The record types the core asks for (RFC 1035 §3.2.2, RFC 7208 §3 for SPF-in-TXT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryType {
    /// Name servers of a zone.
    Ns,
    /// Mail exchangers.
    Mx,
    /// Text records (SPF, DMARC, DKIM, verification tokens).
    Txt,
    /// IPv4 addresses (SPF `a`/`mx` mechanisms, RFC 7208 §5.3).
    A,
    /// IPv6 addresses.
    Aaaa,
    /// Reverse-mapping names (SPF `ptr`, RFC 7208 §5.5).
    Ptr,
    /// An alias (DKIM delegated to a provider by CNAME).
    Cname,
    /// Service location (RFC 2782), e.g. `_imaps._tcp` for mail settings (RFC 6186 §3).
    Srv,
}

/// An MX record's data (RFC 1035 §3.3.9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MxHost {
    /// Lower is tried first.
    pub preference: u16,
    /// The mail server's host name, lowercase, without the final dot (`.` for a null MX, RFC 7505).
    pub exchange: String,
}

/// One record's data, typed by what the core uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordData {
    /// A name server host name (lowercase, no final dot).
    Ns(String),
    /// A mail exchanger.
    Mx(MxHost),
    /// A TXT record with its character-strings joined without separators (RFC 7208 §3.3).
    Txt(String),
    /// An IPv4 address.
    A(Ipv4Addr),
    /// An IPv6 address.
    Aaaa(Ipv6Addr),
    /// A PTR target host name (lowercase, no final dot).
    Ptr(String),
    /// A CNAME target host name (lowercase, no final dot).
    Cname(String),
    /// A service location (RFC 2782).
    Srv(SrvTarget),
}

/// An SRV record's data (RFC 2782): where a service is, in which order to try it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SrvTarget {
    /// Lower is tried first.
    pub priority: u16,
    /// Relative share among records of the same priority.
    pub weight: u16,
    /// TCP port.
    pub port: u16,
    /// Host name, lowercase, without the final dot (`.` means "not offered here", RFC 2782).
    pub target: String,
}

/// What one DNS question came back with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsOutcome {
    /// Records of the asked type, with the smallest TTL among them.
    Answer {
        /// The records.
        records: Vec<RecordData>,
        /// Seconds a resolver may cache them.
        ttl: u32,
    },
    /// The name exists but has no records of this type (NOERROR/NODATA, RFC 2308 §2.2).
    NoRecords {
        /// The SOA minimum / negative TTL, when the server sent an SOA.
        negative_ttl: Option<u32>,
    },
    /// The name does not exist at all (RCODE 3, RFC 2308 §2.1).
    NxDomain {
        /// The SOA minimum / negative TTL, when the server sent an SOA.
        negative_ttl: Option<u32>,
    },
    /// The server failed to answer (RCODE 2).
    ServFail,
    /// The server refused to answer (RCODE 5).
    Refused,
    /// No answer arrived in time. Never means "missing".
    Timeout,
    /// Anything else (a network error, a malformed answer), with a short description.
    Failed {
        /// What happened, for the details view.
        detail: String,
    },
}

impl DnsOutcome {
    /// True when the lookup completed (found, no records or NXDOMAIN), so absence is a fact.
    pub fn is_conclusive(&self) -> bool {
        matches!(
            self,
            DnsOutcome::Answer { .. } | DnsOutcome::NoRecords { .. } | DnsOutcome::NxDomain { .. }
        )
    }

    /// A few plain words for the outcome, for details views and findings ("no answer in time").
    pub fn describe(&self) -> String {
        match self {
            DnsOutcome::Timeout => "no answer in time".to_owned(),
            DnsOutcome::ServFail => "the server failed".to_owned(),
            DnsOutcome::Refused => "the server refused".to_owned(),
            DnsOutcome::Failed { detail } => detail.clone(),
            DnsOutcome::Answer { .. } => "answered".to_owned(),
            DnsOutcome::NoRecords { .. } => "no records".to_owned(),
            DnsOutcome::NxDomain { .. } => "no such name".to_owned(),
        }
    }

    /// The records, empty unless this is an answer.
    pub fn records(&self) -> &[RecordData] {
        match self {
            DnsOutcome::Answer { records, .. } => records,
            _ => &[],
        }
    }

    /// The TXT strings of an answer (each record's character-strings already joined).
    pub fn txt(&self) -> impl Iterator<Item = &str> {
        self.records().iter().filter_map(|r| match r {
            RecordData::Txt(t) => Some(t.as_str()),
            _ => None,
        })
    }

    /// The name server host names of an answer.
    pub fn ns(&self) -> impl Iterator<Item = &str> {
        self.records().iter().filter_map(|r| match r {
            RecordData::Ns(h) => Some(h.as_str()),
            _ => None,
        })
    }

    /// The MX records of an answer.
    pub fn mx(&self) -> impl Iterator<Item = &MxHost> {
        self.records().iter().filter_map(|r| match r {
            RecordData::Mx(m) => Some(m),
            _ => None,
        })
    }

    /// The IPv4 and IPv6 addresses of an answer.
    pub fn ips(&self) -> impl Iterator<Item = IpAddr> + '_ {
        self.records().iter().filter_map(|r| match r {
            RecordData::A(a) => Some(IpAddr::V4(*a)),
            RecordData::Aaaa(a) => Some(IpAddr::V6(*a)),
            _ => None,
        })
    }

    /// The SRV records of an answer.
    pub fn srv(&self) -> impl Iterator<Item = &SrvTarget> {
        self.records().iter().filter_map(|r| match r {
            RecordData::Srv(s) => Some(s),
            _ => None,
        })
    }

    /// The PTR or CNAME target names of an answer.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.records().iter().filter_map(|r| match r {
            RecordData::Ptr(h) | RecordData::Cname(h) => Some(h.as_str()),
            _ => None,
        })
    }
}

/// Something that answers DNS questions: live DNS in the app, a fixture in unit tests.
pub trait Resolve: Send + Sync {
    /// Ask for `kind` records at `name` (ASCII, no final dot needed).
    fn lookup(&self, name: &str, kind: QueryType) -> impl Future<Output = DnsOutcome> + Send;
}

/// How to reach DNS: the system's resolvers or an explicit list, with timeout and retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolverSettings {
    /// Servers to ask; empty means the operating system's resolvers.
    pub servers: Vec<SocketAddr>,
    /// How long to wait for one answer.
    pub timeout: Duration,
    /// How many times to ask before giving up.
    pub attempts: usize,
}

impl Default for ResolverSettings {
    fn default() -> Self {
        ResolverSettings {
            servers: Vec::new(),
            timeout: Duration::from_secs(3),
            attempts: 2,
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

/// Live DNS through hickory-resolver, with its cache off so changes show at once.
#[derive(Clone)]
pub struct HickoryResolver {
    inner: TokioResolver,
}

impl HickoryResolver {
    /// Build a resolver from settings (system configuration when `servers` is empty).
    pub fn new(settings: &ResolverSettings) -> Result<Self> {
        let mut builder = if settings.servers.is_empty() {
            TokioResolver::builder_tokio().map_err(|e| Error::DnsSystemConfig {
                reason: e.to_string(),
            })?
        } else {
            let name_servers = settings
                .servers
                .iter()
                .map(|addr| name_server(*addr))
                .collect();
            TokioResolver::builder_with_config(
                ResolverConfig::from_name_servers(name_servers),
                TokioRuntimeProvider::default(),
            )
        };
        let opts = builder.options_mut();
        opts.cache_size = 0;
        opts.timeout = settings.timeout;
        opts.attempts = settings.attempts.max(1);
        opts.ndots = 0;
        let inner = builder
            .build()
            .map_err(|e| Error::Internal(format!("resolver: {e}")))?;
        Ok(HickoryResolver { inner })
    }
}

/// UDP with TCP beside it (hickory retries over TCP when a UDP answer is truncated).
fn name_server(addr: SocketAddr) -> NameServerConfig {
    let mut udp = ConnectionConfig::udp();
    udp.port = addr.port();
    let mut tcp = ConnectionConfig::tcp();
    tcp.port = addr.port();
    let mut config = NameServerConfig::udp_and_tcp(addr.ip());
    config.connections = vec![udp, tcp];
    config
}

impl Resolve for HickoryResolver {
    async fn lookup(&self, name: &str, kind: QueryType) -> DnsOutcome {
        let fqdn = if name.ends_with('.') {
            name.to_owned()
        } else {
            format!("{name}.")
        };
        let record_type = match kind {
            QueryType::Ns => RecordType::NS,
            QueryType::Mx => RecordType::MX,
            QueryType::Txt => RecordType::TXT,
            QueryType::A => RecordType::A,
            QueryType::Aaaa => RecordType::AAAA,
            QueryType::Ptr => RecordType::PTR,
            QueryType::Cname => RecordType::CNAME,
            QueryType::Srv => RecordType::SRV,
        };
        match self.inner.lookup(fqdn.as_str(), record_type).await {
            Ok(lookup) => {
                let mut ttl = u32::MAX;
                let mut records = Vec::new();
                for record in lookup.answers() {
                    if record.record_type() != record_type {
                        continue;
                    }
                    if let Some(data) = convert(&record.data) {
                        ttl = ttl.min(record.ttl);
                        records.push(data);
                    }
                }
                if records.is_empty() {
                    DnsOutcome::NoRecords { negative_ttl: None }
                } else {
                    DnsOutcome::Answer { records, ttl }
                }
            }
            Err(e) => outcome_of_error(&e),
        }
    }
}

/// Keep the record data the core understands; other types (e.g. a CNAME in the chain) are skipped.
fn convert(data: &RData) -> Option<RecordData> {
    match data {
        RData::NS(ns) => Some(RecordData::Ns(host_text(&ns.0.to_ascii()))),
        RData::MX(mx) => Some(RecordData::Mx(MxHost {
            preference: mx.preference,
            exchange: host_text(&mx.exchange.to_ascii()),
        })),
        RData::TXT(txt) => {
            let joined: Vec<u8> = txt
                .txt_data
                .iter()
                .flat_map(|s| s.iter().copied())
                .collect();
            Some(RecordData::Txt(
                String::from_utf8_lossy(&joined).into_owned(),
            ))
        }
        RData::A(a) => Some(RecordData::A(a.0)),
        RData::AAAA(a) => Some(RecordData::Aaaa(a.0)),
        RData::PTR(ptr) => Some(RecordData::Ptr(host_text(&ptr.0.to_ascii()))),
        RData::CNAME(c) => Some(RecordData::Cname(host_text(&c.0.to_ascii()))),
        RData::SRV(srv) => Some(RecordData::Srv(SrvTarget {
            priority: srv.priority,
            weight: srv.weight,
            port: srv.port,
            target: host_text(&srv.target.to_ascii()),
        })),
        _ => None,
    }
}

/// Lowercase, and drop the final dot except for the root itself (a null MX's `.`).
fn host_text(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    match lower.strip_suffix('.') {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => lower,
    }
}

/// Map hickory's error to the outcome it stands for.
fn outcome_of_error(e: &NetError) -> DnsOutcome {
    match e {
        NetError::Dns(DnsError::NoRecordsFound(nr)) => {
            if nr.response_code == ResponseCode::NXDomain {
                DnsOutcome::NxDomain {
                    negative_ttl: nr.negative_ttl,
                }
            } else {
                DnsOutcome::NoRecords {
                    negative_ttl: nr.negative_ttl,
                }
            }
        }
        NetError::Dns(DnsError::ResponseCode(ResponseCode::ServFail)) => DnsOutcome::ServFail,
        NetError::Dns(DnsError::ResponseCode(ResponseCode::Refused)) => DnsOutcome::Refused,
        NetError::Dns(DnsError::ResponseCode(code)) => DnsOutcome::Failed {
            detail: format!("the server answered {code}"),
        },
        NetError::Timeout => DnsOutcome::Timeout,
        other => DnsOutcome::Failed {
            detail: other.to_string(),
        },
    }
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
    fn host_text_keeps_null_mx_root() {
        assert_eq!(host_text("ASPMX.L.Google.com."), "aspmx.l.google.com");
        assert_eq!(host_text("."), ".");
    }
}
