//! Authoritative discovery: a domain's zone apex (SOA), its name servers (NS) and their
//! addresses, each server asked directly for the SOA, and the serials compared.
//!
//! - `discover`: the steps, over any [`Resolve`] and any [`DirectResolvers`].
//! - `findings`: what is wrong, in plain words (lagging secondary, unreachable, lame, ...).
//!
//! Use [`discover`] (NS discovery) or [`with_servers`] (addresses given, as `--authoritative`
//! does), or [`discover_live`] / [`with_servers_live`] for live DNS.

use std::net::SocketAddr;

use serde::Serialize;

use crate::dns::{HickoryResolver, Resolve, ResolverSettings};
use crate::error::Result;
use crate::finding::Finding;

mod discover;
mod findings;
#[cfg(test)]
mod tests;

/// Builds a resolver that asks one authoritative server directly (RD = 0). Live DNS uses
/// [`HickoryDirect`]; tests pass a closure `|addr| Ok(fixture_for(addr))`.
pub trait DirectResolvers: Send + Sync {
    /// The resolver for one server.
    type Resolver: Resolve;

    /// A resolver that asks only `addr`.
    fn for_server(&self, addr: SocketAddr) -> Result<Self::Resolver>;
}

impl<F, R> DirectResolvers for F
where
    F: Fn(SocketAddr) -> Result<R> + Send + Sync,
    R: Resolve,
{
    type Resolver = R;

    fn for_server(&self, addr: SocketAddr) -> Result<R> {
        self(addr)
    }
}

/// Direct resolvers over live DNS: [`HickoryResolver::direct`] with these settings.
#[derive(Debug, Clone, Default)]
pub struct HickoryDirect {
    /// Timeout, attempts and UDP payload for every direct question (`servers` is ignored).
    pub settings: ResolverSettings,
}

impl DirectResolvers for HickoryDirect {
    type Resolver = HickoryResolver;

    fn for_server(&self, addr: SocketAddr) -> Result<HickoryResolver> {
        HickoryResolver::direct(addr, &self.settings)
    }
}

/// Where the list of name servers came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerSource {
    /// The zone's NS records (RFC 1034 §4.2.1), resolved through the recursive resolver.
    NsRecords,
    /// Given by the caller (`--authoritative IP[:PORT]`), replacing NS discovery.
    Given,
}

/// How one name server address answered a direct SOA question for the apex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ServerState {
    /// It answered with authority and the zone's SOA serial (RFC 1035 §3.3.13).
    Answered {
        /// The zone version it serves.
        serial: u32,
    },
    /// No answer in time, or the network refused the connection: it may be down. Never
    /// "missing" — nothing is known about the records it would serve.
    Unreachable {
        /// What happened, in plain words.
        detail: String,
    },
    /// It answers, but not as an authority for this zone: it refused, answered without the AA
    /// bit, or said the zone does not exist there (a lame delegation, RFC 1912 §2.8).
    Lame {
        /// What it did, in plain words.
        detail: String,
    },
    /// Anything else (SERVFAIL, a malformed answer).
    Failed {
        /// What happened, in plain words.
        detail: String,
    },
}

impl ServerState {
    /// The serial, when it answered.
    pub fn serial(&self) -> Option<u32> {
        match self {
            ServerState::Answered { serial } => Some(*serial),
            _ => None,
        }
    }
}

/// One address of a name server, asked directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerAddress {
    /// Where it was asked (port 53 unless given otherwise).
    pub addr: SocketAddr,
    /// How it answered.
    pub state: ServerState,
}

/// One name server of the zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameServer {
    /// Its host name from the NS record (lowercase, no final dot); for a server given by
    /// address, the address as text (`127.0.0.11:53`).
    pub name: String,
    /// Its addresses (A then AAAA records, or the given address), each asked directly. Empty
    /// when the name did not resolve.
    pub addrs: Vec<ServerAddress>,
    /// Why the name gave no address (`no such name`, `no answer in time`, ...), when it did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unresolved: Option<String>,
}

impl NameServer {
    /// How one of its addresses is shown (in findings and the watch): `ns1.example.com
    /// (192.0.2.1)`, with the port when it is not 53, or the address alone for a server given
    /// by address.
    pub fn label(&self, addr: SocketAddr) -> String {
        if self.name == addr.to_string() {
            self.name.clone()
        } else if addr.port() == 53 {
            format!("{} ({})", self.name, addr.ip())
        } else {
            format!("{} ({addr})", self.name)
        }
    }

    /// The serial of its first address that answered.
    pub fn serial(&self) -> Option<u32> {
        self.addrs.iter().find_map(|a| a.state.serial())
    }

    /// The addresses that answered with authority (those worth asking for records).
    pub fn answering(&self) -> impl Iterator<Item = SocketAddr> + '_ {
        self.addrs
            .iter()
            .filter(|a| a.state.serial().is_some())
            .map(|a| a.addr)
    }
}

/// What authoritative discovery found for a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Authority {
    /// The domain asked about (lowercase, no final dot).
    pub domain: String,
    /// The apex of the zone holding it (lowercase, no final dot), when found.
    pub apex: Option<String>,
    /// Where the name server list came from.
    pub source: ServerSource,
    /// The name servers, in NS-record order (or as given).
    pub nameservers: Vec<NameServer>,
    /// What is wrong: lagging secondary, unreachable, unresolvable or lame servers.
    pub findings: Vec<Finding>,
}

impl Authority {
    /// Every address that answered with authority, for asking records directly.
    pub fn answering(&self) -> Vec<SocketAddr> {
        self.nameservers
            .iter()
            .flat_map(NameServer::answering)
            .collect()
    }

    /// Every address found or given, answering or not (name, address), for a watch that reports
    /// each server's state.
    pub fn addresses(&self) -> Vec<(&str, SocketAddr)> {
        self.nameservers
            .iter()
            .flat_map(|ns| ns.addrs.iter().map(move |a| (ns.name.as_str(), a.addr)))
            .collect()
    }

    /// The highest serial any server answered with (RFC 1982 order).
    pub fn newest_serial(&self) -> Option<u32> {
        findings::newest(self.nameservers.iter().filter_map(NameServer::serial))
    }

    /// True when at least one server answered and all that answered agree on the serial.
    pub fn in_sync(&self) -> bool {
        let mut serials = self.nameservers.iter().filter_map(NameServer::serial);
        match serials.next() {
            Some(first) => serials.all(|s| s == first),
            None => false,
        }
    }
}

/// Discover the authority for `domain`: the apex through `resolver` (SOA, walking up labels),
/// its NS records and their addresses through `resolver`, then each address asked directly
/// through `direct`.
pub async fn discover<R: Resolve, D: DirectResolvers>(
    domain: &str,
    resolver: &R,
    direct: &D,
) -> Authority {
    discover::run(domain, resolver, direct, None).await
}

/// The same with the authoritative addresses given (`--authoritative`), replacing NS
/// discovery. The apex is still found through `resolver`, or asked of the given servers when
/// the resolver cannot tell.
pub async fn with_servers<R: Resolve, D: DirectResolvers>(
    domain: &str,
    servers: &[SocketAddr],
    resolver: &R,
    direct: &D,
) -> Authority {
    discover::run(domain, resolver, direct, Some(servers)).await
}

/// [`discover`] over live DNS: the recursive resolvers of `settings`, and direct questions with
/// the same timeout and attempts.
pub async fn discover_live(domain: &str, settings: &ResolverSettings) -> Result<Authority> {
    let resolver = HickoryResolver::new(settings)?;
    let direct = HickoryDirect {
        settings: settings.clone(),
    };
    Ok(discover(domain, &resolver, &direct).await)
}

/// [`with_servers`] over live DNS.
pub async fn with_servers_live(
    domain: &str,
    servers: &[SocketAddr],
    settings: &ResolverSettings,
) -> Result<Authority> {
    let resolver = HickoryResolver::new(settings)?;
    let direct = HickoryDirect {
        settings: settings.clone(),
    };
    Ok(with_servers(domain, servers, &resolver, &direct).await)
}
