//! The steps of authoritative discovery: find the apex (SOA, walking up labels), the NS set and
//! each server's addresses through the recursive resolver, then ask every address directly.

use std::net::SocketAddr;

use futures_util::future::join_all;

use super::{
    findings, Authority, DirectResolvers, NameServer, ServerAddress, ServerSource, ServerState,
};
use crate::dns::{host_text, DnsOutcome, QueryType, Resolve};

/// The port name servers listen on (RFC 1035 §4.2).
const DNS_PORT: u16 = 53;

/// Run discovery; `given` replaces the NS records with these addresses.
pub(super) async fn run<R: Resolve, D: DirectResolvers>(
    domain: &str,
    resolver: &R,
    direct: &D,
    given: Option<&[SocketAddr]>,
) -> Authority {
    let domain = host_text(domain.trim());
    let mut apex = find_apex(&domain, resolver).await;
    if let (Err(_), Some(&[first, ..])) = (&apex, given) {
        // The resolver could not tell (offline, or it does not know the zone): ask the server.
        if let Ok(server) = direct.for_server(first) {
            if let Ok(found) = find_apex(&domain, &server).await {
                apex = Ok(found);
            }
        }
    }
    let (source, nameservers, ns_outcome) = match (&apex, given) {
        (_, Some(servers)) => (ServerSource::Given, given_servers(servers), None),
        (Ok(apex), None) => {
            let (servers, outcome) = ns_servers(apex, resolver).await;
            (ServerSource::NsRecords, servers, Some(outcome))
        }
        (Err(_), None) => (ServerSource::NsRecords, Vec::new(), None),
    };
    let nameservers = match &apex {
        Ok(apex) => join_all(nameservers.into_iter().map(|ns| ask_all(ns, apex, direct))).await,
        Err(_) => nameservers,
    };
    let apex_failure = apex.as_ref().err();
    let apex = apex.as_ref().ok().cloned();
    let findings = findings::of(
        &domain,
        apex.as_deref(),
        apex_failure,
        ns_outcome.as_ref(),
        &nameservers,
    );
    Authority {
        domain,
        apex,
        source,
        nameservers,
        findings,
    }
}

/// The apex of the zone holding `name`: ask SOA there, walking up one label at a time, but
/// never above `name`'s registrable domain (a public suffix's zone — `com`, a TLD — is never an
/// apex: its servers know nothing of an unregistered domain).
///
/// - An SOA answer makes the asked name the apex; an alias (CNAME) is not an apex (its SOA is
///   the target's), so the walk goes on above it.
/// - "No data" names the apex by its authority SOA (RFC 2308 §3).
/// - "No such name" (NXDOMAIN, RFC 2308 §2.1) is taken from a zone only at or below the
///   registrable domain (a subdomain not created yet); from above it, the domain does not
///   exist and the walk stops with that outcome.
///
/// The outcome that stopped the walk when no apex was found.
pub(super) async fn find_apex<R: Resolve>(name: &str, resolver: &R) -> Result<String, DnsOutcome> {
    let top = registrable(name);
    let mut current = name.to_owned();
    loop {
        let reply = resolver.lookup_reply(&current, QueryType::Soa).await;
        let acceptable = |zone: &String| is_within(&current, zone) && is_within(zone, &top);
        match &reply.outcome {
            DnsOutcome::Answer { .. } if !reply.aliases.is_empty() => {}
            DnsOutcome::Answer { .. } if reply.outcome.soa().is_some() => {
                return Ok(current);
            }
            DnsOutcome::Answer { .. } => {}
            DnsOutcome::NoRecords { .. } | DnsOutcome::NxDomain { .. } => {
                match reply.zone.as_ref() {
                    Some(zone) if acceptable(zone) => return Ok(zone.clone()),
                    // A zone above the registrable domain answered "no such name".
                    Some(_) if matches!(reply.outcome, DnsOutcome::NxDomain { .. }) => {
                        return Err(reply.outcome)
                    }
                    _ => {}
                }
            }
            _ => return Err(reply.outcome),
        }
        match current.split_once('.') {
            Some((_, parent)) if current != top && is_within(parent, &top) => {
                current = parent.to_owned()
            }
            _ => {
                return Err(match reply.outcome {
                    DnsOutcome::Answer { .. } => DnsOutcome::NoRecords { negative_ttl: None },
                    other => other,
                })
            }
        }
    }
}

/// The registrable domain of `name` (the public suffix list's "organizational" level, e.g.
/// `example.co.uk` for `mail.example.co.uk`); `name` itself when it has none.
fn registrable(name: &str) -> String {
    psl::domain_str(name).map_or_else(|| name.to_owned(), str::to_owned)
}

/// True when `name` is `zone` or below it.
fn is_within(name: &str, zone: &str) -> bool {
    name == zone || name.ends_with(&format!(".{zone}"))
}

/// The name servers of `apex` from its NS records, each with the addresses its name has.
async fn ns_servers<R: Resolve>(apex: &str, resolver: &R) -> (Vec<NameServer>, DnsOutcome) {
    let outcome = resolver.lookup(apex, QueryType::Ns).await;
    let mut names: Vec<String> = outcome.ns().map(str::to_owned).collect();
    names.dedup();
    let servers = join_all(names.into_iter().map(|name| async move {
        let (v4, v6) = futures_util::join!(
            resolver.lookup(&name, QueryType::A),
            resolver.lookup(&name, QueryType::Aaaa)
        );
        let addrs: Vec<ServerAddress> = v4
            .ips()
            .chain(v6.ips())
            .map(|ip| ServerAddress {
                addr: SocketAddr::new(ip, DNS_PORT),
                state: pending(),
            })
            .collect();
        let unresolved = addrs.is_empty().then(|| unresolved_reason(&v4, &v6));
        NameServer {
            name,
            addrs,
            unresolved,
        }
    }))
    .await;
    (servers, outcome)
}

/// Why a name server's name gave no address, in plain words.
fn unresolved_reason(v4: &DnsOutcome, v6: &DnsOutcome) -> String {
    match (v4, v6) {
        (DnsOutcome::NxDomain { .. }, _) => "no such name".to_owned(),
        (a, b) if a.is_conclusive() && b.is_conclusive() => "no address records".to_owned(),
        (a, _) if !a.is_conclusive() => a.describe(),
        (_, b) => b.describe(),
    }
}

/// The given addresses as name servers named by their address.
fn given_servers(servers: &[SocketAddr]) -> Vec<NameServer> {
    servers
        .iter()
        .map(|addr| NameServer {
            name: addr.to_string(),
            addrs: vec![ServerAddress {
                addr: *addr,
                state: pending(),
            }],
            unresolved: None,
        })
        .collect()
}

/// The state before a server is asked.
fn pending() -> ServerState {
    ServerState::Failed {
        detail: "not asked".to_owned(),
    }
}

/// Ask each address of one name server directly.
async fn ask_all<D: DirectResolvers>(mut ns: NameServer, apex: &str, direct: &D) -> NameServer {
    let states = join_all(ns.addrs.iter().map(|a| soa_state(a.addr, apex, direct))).await;
    for (address, state) in ns.addrs.iter_mut().zip(states) {
        address.state = state;
    }
    ns
}

/// Ask one address for the apex SOA, without recursion, and say how it answered.
pub(super) async fn soa_state<D: DirectResolvers>(
    addr: SocketAddr,
    apex: &str,
    direct: &D,
) -> ServerState {
    let resolver = match direct.for_server(addr) {
        Ok(r) => r,
        Err(e) => {
            return ServerState::Failed {
                detail: e.to_string(),
            }
        }
    };
    let reply = resolver.lookup_reply(apex, QueryType::Soa).await;
    let lame = |detail: String| ServerState::Lame { detail };
    match &reply.outcome {
        _ if reply.unreachable => ServerState::Unreachable {
            detail: reply.outcome.describe(),
        },
        DnsOutcome::Timeout => ServerState::Unreachable {
            detail: "no answer in time".to_owned(),
        },
        DnsOutcome::Answer { .. } if reply.authoritative == Some(false) => {
            lame("answers without authority (from a cache, not its own copy of the zone)".into())
        }
        DnsOutcome::Answer { .. } => match reply.outcome.soa() {
            Some(soa) => ServerState::Answered { serial: soa.serial },
            None => ServerState::Failed {
                detail: "answered without the SOA record".to_owned(),
            },
        },
        DnsOutcome::Refused => lame(format!("refuses to answer for {apex}")),
        DnsOutcome::NxDomain { .. } => lame(format!("says {apex} does not exist")),
        DnsOutcome::NoRecords { .. } => match reply.zone.as_deref() {
            Some(zone) if zone != apex => lame(format!("serves {zone}, not {apex}")),
            Some(_) => lame(format!("has no SOA record for {apex}")),
            None => lame(format!("does not serve {apex} (it points elsewhere)")),
        },
        DnsOutcome::ServFail => ServerState::Failed {
            detail: "the server failed (SERVFAIL)".to_owned(),
        },
        DnsOutcome::BrokenCname { .. } | DnsOutcome::Failed { .. } => ServerState::Failed {
            detail: reply.outcome.describe(),
        },
    }
}
