//! Unit tests for authoritative discovery over fixture resolvers: the recursive side and each
//! server's direct answers are `StaticResolver`s, so every state and finding is reproducible.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use super::*;
use crate::dns::{DnsOutcome, DnsReply, QueryType};
use crate::finding::Severity;
use crate::testing::StaticResolver;

const NS1: &str = "192.0.2.1";
const NS2: &str = "192.0.2.2";
const NS2_V6: &str = "2001:db8::2";

fn ip(s: &str) -> IpAddr {
    s.parse().expect("test address")
}

fn at(s: &str) -> SocketAddr {
    SocketAddr::new(ip(s), 53)
}

/// example.com with two name servers, ns2 on IPv4 and IPv6.
fn recursive() -> StaticResolver {
    StaticResolver::new()
        .soa("example.com", 7)
        .ns("example.com", &["ns1.example.net", "ns2.example.net"])
        .ip("ns1.example.net", &[ip(NS1)])
        .ip("ns2.example.net", &[ip(NS2), ip(NS2_V6)])
        .txt("_dmarc.example.com", &["v=DMARC1; p=none"])
}

/// A server holding example.com at this serial.
fn holding(serial: u32) -> StaticResolver {
    StaticResolver::new().soa("example.com", serial)
}

/// Direct resolvers by address; an address not listed never answers.
fn servers(
    list: Vec<(&str, StaticResolver)>,
) -> impl Fn(SocketAddr) -> crate::Result<StaticResolver> + Send + Sync {
    let map: HashMap<SocketAddr, StaticResolver> =
        list.into_iter().map(|(a, r)| (at(a), r)).collect();
    move |addr| {
        Ok(map
            .get(&addr)
            .cloned()
            .unwrap_or_else(|| StaticResolver::new().timeout("example.com")))
    }
}

fn ids(a: &Authority) -> Vec<&'static str> {
    a.findings.iter().map(|f| f.id).collect()
}

#[tokio::test]
async fn servers_in_sync_give_no_findings() {
    let direct = servers(vec![
        (NS1, holding(7)),
        (NS2, holding(7)),
        (NS2_V6, holding(7)),
    ]);
    let found = discover("Example.COM.", &recursive(), &direct).await;
    assert_eq!(found.domain, "example.com");
    assert_eq!(found.apex.as_deref(), Some("example.com"));
    assert_eq!(found.source, ServerSource::NsRecords);
    assert_eq!(found.nameservers.len(), 2);
    assert_eq!(found.nameservers[1].addrs.len(), 2, "A then AAAA");
    assert_eq!(found.answering(), [at(NS1), at(NS2), at(NS2_V6)]);
    assert!(found.in_sync());
    assert_eq!(found.newest_serial(), Some(7));
    assert!(found.findings.is_empty(), "{:?}", found.findings);
}

#[tokio::test]
async fn the_apex_is_the_zone_an_answer_names() {
    let direct = servers(vec![
        (NS1, holding(7)),
        (NS2, holding(7)),
        (NS2_V6, holding(7)),
    ]);
    let found = discover("s1._domainkey.mail.example.com", &recursive(), &direct).await;
    assert_eq!(found.apex.as_deref(), Some("example.com"));
}

/// A resolver that only answers `lookup`, so replies name no zone: discovery walks up labels.
struct OutcomesOnly(StaticResolver);

impl Resolve for OutcomesOnly {
    async fn lookup(&self, name: &str, kind: QueryType) -> DnsOutcome {
        self.0.lookup(name, kind).await
    }
}

#[tokio::test]
async fn without_zone_information_discovery_walks_up_labels() {
    let direct = servers(vec![
        (NS1, holding(7)),
        (NS2, holding(7)),
        (NS2_V6, holding(7)),
    ]);
    let found = discover(
        "a.b._dmarc.example.com",
        &OutcomesOnly(recursive()),
        &direct,
    )
    .await;
    assert_eq!(found.apex.as_deref(), Some("example.com"));
    assert!(found.in_sync());
}

#[tokio::test]
async fn a_lagging_secondary_names_who_has_which_serial() {
    let direct = servers(vec![
        (NS1, holding(8)),
        (NS2, holding(7)),
        (NS2_V6, holding(8)),
    ]);
    let found = discover("example.com", &recursive(), &direct).await;
    assert!(!found.in_sync());
    assert_eq!(found.newest_serial(), Some(8));
    assert_eq!(ids(&found), ["ns.serial_mismatch"]);
    let f = &found.findings[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.rfc, Some("RFC 1034 §4.3.5"));
    assert!(
        f.message.contains("ns1.example.net (192.0.2.1) has serial 8, ns2.example.net (2001:db8::2) has serial 8 (the newest)")
            && f.message.contains("ns2.example.net (192.0.2.2) has serial 7 (behind)"),
        "{}",
        f.message
    );
}

#[test]
fn serials_compare_in_rfc_1982_order() {
    for (serials, newest) in [
        (vec![1, 2, 3], Some(3)),
        (vec![3, 2], Some(3)),
        (vec![4_294_967_295, 1], Some(1)),
        (vec![2_026_120_101, 2_026_113_001], Some(2_026_120_101)),
        (vec![], None),
    ] {
        assert_eq!(findings::newest(serials.into_iter()), newest);
    }
}

#[tokio::test]
async fn each_failing_server_gets_its_own_state_and_finding() {
    let refused = StaticResolver::new().outcome("example.com", DnsOutcome::Refused);
    let servfail = StaticResolver::new().outcome("example.com", DnsOutcome::ServFail);
    let direct = servers(vec![(NS1, holding(7)), (NS2, refused), (NS2_V6, servfail)]);
    let found = discover("example.com", &recursive(), &direct).await;
    let states: Vec<&ServerState> = found
        .nameservers
        .iter()
        .flat_map(|ns| ns.addrs.iter().map(|a| &a.state))
        .collect();
    assert_eq!(
        states,
        [
            &ServerState::Answered { serial: 7 },
            &ServerState::Lame {
                detail: "refuses to answer for example.com".into()
            },
            &ServerState::Failed {
                detail: "the server failed (SERVFAIL)".into()
            },
        ]
    );
    assert_eq!(ids(&found), ["ns.lame", "ns.failed"]);
    assert_eq!(found.findings[0].rfc, Some("RFC 1912 §2.8"));
}

#[tokio::test]
async fn a_silent_server_is_unreachable_never_missing() {
    // NS2's addresses are not in the list: they time out.
    let direct = servers(vec![(NS1, holding(7))]);
    let found = discover("example.com", &recursive(), &direct).await;
    assert_eq!(ids(&found), ["ns.unreachable", "ns.unreachable"]);
    let f = &found.findings[0];
    assert!(
        f.message.contains(
            "ns2.example.net (192.0.2.2) of example.com did not answer (no answer in time)"
        ),
        "{}",
        f.message
    );
    assert!(f.message.contains("does not mean your records are missing"));
    assert!(found.in_sync(), "the one that answered agrees with itself");
}

#[tokio::test]
async fn ipv6_silence_from_a_server_that_answers_over_ipv4_is_only_a_note() {
    let direct = servers(vec![(NS1, holding(7)), (NS2, holding(7))]);
    let found = discover("example.com", &recursive(), &direct).await;
    assert_eq!(ids(&found), ["ns.unreachable"]);
    assert_eq!(found.findings[0].severity, Severity::Info);
    assert!(found.findings[0].message.contains("over IPv6"));
}

#[tokio::test]
async fn lame_answers_are_told_apart() {
    let nx = StaticResolver::new();
    let other_zone = StaticResolver::new().soa("com", 1).exists("example.com");
    let direct = servers(vec![(NS1, nx), (NS2, other_zone), (NS2_V6, holding(7))]);
    let found = discover("example.com", &recursive(), &direct).await;
    let details: Vec<String> = found.findings.iter().map(|f| f.message.clone()).collect();
    assert_eq!(ids(&found), ["ns.lame", "ns.lame"], "{details:?}");
    assert!(
        details[0].ends_with("but says example.com does not exist."),
        "{}",
        details[0]
    );
    assert!(
        details[1].ends_with("but serves com, not example.com."),
        "{}",
        details[1]
    );
}

/// A server that answers from a cache, without the AA bit.
struct NotAuthoritative(StaticResolver);

impl Resolve for NotAuthoritative {
    async fn lookup(&self, name: &str, kind: QueryType) -> DnsOutcome {
        self.0.lookup(name, kind).await
    }

    async fn lookup_reply(&self, name: &str, kind: QueryType) -> DnsReply {
        DnsReply {
            authoritative: Some(false),
            ..DnsReply::from(self.0.lookup(name, kind).await)
        }
    }
}

#[tokio::test]
async fn an_answer_without_authority_is_lame() {
    let direct = |_addr: SocketAddr| Ok(NotAuthoritative(holding(7)));
    let found = discover("example.com", &recursive(), &direct).await;
    assert!(found.nameservers.iter().all(|ns| ns.serial().is_none()));
    assert_eq!(
        ids(&found),
        ["ns.lame", "ns.lame", "ns.lame", "ns.none_answer"]
    );
    assert_eq!(found.findings[3].severity, Severity::Error);
}

#[tokio::test]
async fn name_servers_without_addresses_are_unresolvable() {
    let recursive = StaticResolver::new()
        .soa("acme.test", 1)
        .ns(
            "acme.test",
            &["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
        )
        .timeout("bob.ns.cloudflare.com");
    let found = discover("acme.test", &recursive, &servers(vec![])).await;
    let reasons: Vec<Option<&str>> = found
        .nameservers
        .iter()
        .map(|ns| ns.unresolved.as_deref())
        .collect();
    assert_eq!(reasons, [Some("no such name"), Some("no answer in time")]);
    assert_eq!(
        ids(&found),
        ["ns.unresolvable", "ns.unresolvable", "ns.none_answer"]
    );
    assert!(found.findings[0].message.starts_with(
        "The name server ada.ns.cloudflare.com of acme.test has no address (no such name)"
    ));
}

#[tokio::test]
async fn no_zone_and_no_name_servers_are_findings() {
    let none = discover("nosuch.invalid", &StaticResolver::new(), &servers(vec![])).await;
    assert_eq!(none.apex, None);
    assert_eq!(ids(&none), ["ns.no_zone"]);
    assert_eq!(none.findings[0].severity, Severity::Error);

    let offline = StaticResolver::new().timeout("example.com");
    let unknown = discover("example.com", &offline, &servers(vec![])).await;
    assert_eq!(ids(&unknown), ["ns.no_zone"]);
    assert_eq!(
        unknown.findings[0].severity,
        Severity::Warning,
        "a timeout proves nothing"
    );

    let bare = StaticResolver::new().soa("example.com", 1);
    let no_ns = discover("example.com", &bare, &servers(vec![])).await;
    assert_eq!(ids(&no_ns), ["ns.no_nameservers"]);
}

#[tokio::test]
async fn given_servers_replace_ns_discovery() {
    let direct = servers(vec![(NS1, holding(9)), (NS2, holding(9))]);
    let found = with_servers(
        "mail.example.com",
        &[at(NS1), at(NS2)],
        &recursive(),
        &direct,
    )
    .await;
    assert_eq!(found.source, ServerSource::Given);
    assert_eq!(found.apex.as_deref(), Some("example.com"));
    let names: Vec<&str> = found
        .nameservers
        .iter()
        .map(|ns| ns.name.as_str())
        .collect();
    assert_eq!(names, ["192.0.2.1:53", "192.0.2.2:53"]);
    assert!(found.in_sync() && found.findings.is_empty(), "{found:?}");

    // A resolver that cannot tell the zone: the first given server is asked.
    let offline = StaticResolver::new().timeout("mail.example.com");
    let found = with_servers("mail.example.com", &[at(NS1)], &offline, &direct).await;
    assert_eq!(found.apex.as_deref(), Some("example.com"));
    assert_eq!(found.newest_serial(), Some(9));
}

#[tokio::test]
async fn a_domain_that_does_not_exist_is_no_zone_not_its_parent() {
    // The TLD's servers prove "no such name" with their own SOA: that is not the domain's zone.
    let tld = StaticResolver::new()
        .soa("test", 1)
        .ns("test", &["ns1.example.net"])
        .ip("ns1.example.net", &[ip(NS1)]);
    let found = discover("nosuch-xyz.test", &tld, &servers(vec![(NS1, holding(1))])).await;
    assert_eq!(found.apex, None);
    assert!(found.nameservers.is_empty(), "{:?}", found.nameservers);
    assert_eq!(ids(&found), ["ns.no_zone"]);
    assert_eq!(found.findings[0].severity, Severity::Error);

    // A public suffix is never an apex, even from a "no data" answer or an SOA at it.
    let com = StaticResolver::new().soa("com", 1).outcome(
        "unregistered-xyz.com",
        DnsOutcome::NoRecords {
            negative_ttl: Some(900),
        },
    );
    assert_eq!(
        discover("unregistered-xyz.com", &com, &servers(vec![]))
            .await
            .apex,
        None
    );
    assert_eq!(
        discover(
            "mail.unregistered-xyz.com",
            &OutcomesOnly(com),
            &servers(vec![])
        )
        .await
        .apex,
        None
    );

    // A subdomain not created yet: "no such name" from the domain's own zone names the apex.
    let found = discover("new.example.com", &recursive(), &servers(vec![])).await;
    assert_eq!(found.apex.as_deref(), Some("example.com"));
}

/// A resolver where `alias` is a CNAME to a name in another zone, whose SOA it answers with.
struct Aliased(StaticResolver, &'static str, &'static str);

impl Resolve for Aliased {
    async fn lookup(&self, name: &str, kind: QueryType) -> DnsOutcome {
        self.lookup_reply(name, kind).await.outcome
    }

    async fn lookup_reply(&self, name: &str, kind: QueryType) -> DnsReply {
        if name == self.1 {
            let mut reply = self.0.lookup_reply(self.2, kind).await;
            reply.aliases = vec![self.2.to_owned()];
            return reply;
        }
        self.0.lookup_reply(name, kind).await
    }
}

#[tokio::test]
async fn an_alias_at_the_domain_is_not_an_apex() {
    let resolver = Aliased(
        recursive().soa("provider.net", 3),
        "mail.example.com",
        "provider.net",
    );
    let found = discover("mail.example.com", &resolver, &servers(vec![])).await;
    assert_eq!(found.apex.as_deref(), Some("example.com"));
}
