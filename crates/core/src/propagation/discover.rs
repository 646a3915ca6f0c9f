//! The name servers to ask directly: the NS set of the zone that holds the domain (found by
//! walking up from the domain, RFC 1034 §4.3.2) and each server's addresses.

use std::net::SocketAddr;

use crate::dns::{DnsOutcome, QueryType, Resolve};
use crate::error::{Error, Result};

/// `(label, address)` for every address of every name server of `domain`'s zone, asked
/// through `resolver`. Labels read `ns1.example.com (192.0.2.1)`.
pub async fn name_servers<R: Resolve>(
    resolver: &R,
    domain: &str,
) -> Result<Vec<(String, SocketAddr)>> {
    let mut zone = domain.trim_end_matches('.').to_ascii_lowercase();
    let hosts = loop {
        let outcome = resolver.lookup(&zone, QueryType::Ns).await;
        match &outcome {
            DnsOutcome::Answer { .. } => {
                let mut hosts: Vec<String> = outcome.ns().map(str::to_owned).collect();
                hosts.sort();
                hosts.dedup();
                break hosts;
            }
            DnsOutcome::NoRecords { .. } | DnsOutcome::NxDomain { .. } => {
                match zone.split_once('.') {
                    Some((_, parent)) if parent.contains('.') => zone = parent.to_owned(),
                    _ => {
                        return Err(Error::WatchNoNameServers {
                            domain: domain.to_owned(),
                            reason: "no NS records were found".to_owned(),
                        })
                    }
                }
            }
            other => {
                return Err(Error::WatchNoNameServers {
                    domain: domain.to_owned(),
                    reason: other.describe(),
                })
            }
        }
    };
    let mut out = Vec::new();
    for host in &hosts {
        for kind in [QueryType::A, QueryType::Aaaa] {
            for ip in resolver.lookup(host, kind).await.ips() {
                out.push((format!("{host} ({ip})"), SocketAddr::new(ip, 53)));
            }
        }
    }
    if out.is_empty() {
        return Err(Error::WatchNoNameServers {
            domain: domain.to_owned(),
            reason: format!("the addresses of {} were not found", hosts.join(", ")),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::StaticResolver;

    #[tokio::test]
    async fn walks_up_to_the_zone_and_resolves_each_server() {
        let r = StaticResolver::new()
            .ns("example.com", &["ns1.example.net", "ns2.example.net"])
            .ip("ns1.example.net", &["192.0.2.1".parse().expect("ip")])
            .ip(
                "ns2.example.net",
                &[
                    "192.0.2.2".parse().expect("ip"),
                    "2001:db8::2".parse().expect("ip"),
                ],
            )
            .exists("mail.example.com");
        let found = name_servers(&r, "mail.example.com").await.expect("found");
        let labels: Vec<_> = found.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            labels,
            [
                "ns1.example.net (192.0.2.1)",
                "ns2.example.net (192.0.2.2)",
                "ns2.example.net (2001:db8::2)"
            ]
        );
        assert_eq!(
            name_servers(&StaticResolver::new(), "nothing.example")
                .await
                .map_err(|e| e.code()),
            Err("watch.no_name_servers")
        );
    }
}
