//! The DNS layer against the real test servers (tests/servers/): TCP after a truncated answer,
//! negative TTLs, SERVFAIL, timeouts, CNAME loops and chains, direct questions to Knot, and
//! authoritative discovery (in sync, a server down, unresolvable names, a lagging secondary).
//! Without the servers' env the tests are skipped; under CI=true they fail.

#[path = "support/zones.rs"]
mod zones;

use std::net::{SocketAddr, UdpSocket};
use std::process::Command;
use std::time::{Duration, Instant};

use sendwell_core::authority::{self, ServerSource, ServerState};
use sendwell_core::dns::{
    CnameFault, DnsOutcome, HickoryResolver, QueryType, RecordData, Resolve, ResolverSettings,
};

/// The shared servers' addresses and control commands.
struct Servers {
    unbound: SocketAddr,
    primary: SocketAddr,
    secondary: SocketAddr,
    blackhole: SocketAddr,
    unbound_control: String,
}

/// The servers from `$RUN/env`, or `None` (skipped; under CI a failure).
fn servers() -> Option<Servers> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let addr = |name: &str| var(name).and_then(|v| v.parse::<SocketAddr>().ok());
    let found = (|| {
        Some(Servers {
            unbound: addr("SENDWELL_TEST_RESOLVER")?,
            primary: addr("SENDWELL_TEST_PRIMARY")?,
            secondary: addr("SENDWELL_TEST_SECONDARY")?,
            blackhole: addr("SENDWELL_TEST_BLACKHOLE")?,
            unbound_control: var("SENDWELL_TEST_UNBOUND_CONTROL")?,
        })
    })();
    if found.is_none() {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty());
        assert!(
            !in_ci,
            "CI is set but the test servers' env is not: source $RUN/env from tests/servers/start.sh"
        );
        eprintln!("skipped: SENDWELL_TEST_* not set (start tests/servers/start.sh)");
    }
    found
}

/// Settings that fail fast: the servers are on loopback.
fn quick() -> ResolverSettings {
    ResolverSettings::default()
        .with_timeout(Duration::from_millis(700))
        .with_attempts(1)
}

fn recursive(s: &Servers, settings: ResolverSettings) -> HickoryResolver {
    let settings = ResolverSettings {
        servers: vec![s.unbound],
        ..settings
    };
    HickoryResolver::new(&settings).expect("resolver")
}

fn direct(addr: SocketAddr, settings: &ResolverSettings) -> HickoryResolver {
    HickoryResolver::direct(addr, settings).expect("direct resolver")
}

/// Run one of the env's control commands (`knotc -s SOCK`, `unbound-control -c CONF`).
fn control(command: &str, args: &[&str]) -> String {
    let mut words = command.split_whitespace();
    let program = words.next().expect("command");
    let out = Command::new(program)
        .args(words)
        .args(args)
        .output()
        .expect("control command runs");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// A name nobody asked before, so no cache holds it.
fn fresh(zone: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("nx-{}-{nanos}.{zone}", std::process::id())
}

/// Ask `name` TXT over plain UDP without EDNS; true when the answer has the TC bit.
fn udp_answer_truncated(server: SocketAddr, name: &str, recursion: bool) -> bool {
    let mut query = vec![
        0x5e,
        0x11,
        if recursion { 0x01 } else { 0x00 },
        0,
        0,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
    ];
    for label in name.split('.') {
        query.push(u8::try_from(label.len()).expect("short label"));
        query.extend_from_slice(label.as_bytes());
    }
    query.extend_from_slice(&[0, 0, 16, 0, 1]);
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    socket.send_to(&query, server).expect("send");
    let mut buf = [0u8; 4096];
    let (n, _) = socket.recv_from(&mut buf).expect("an answer over UDP");
    n > 3 && buf[2] & 0x02 != 0
}

const BIGKEY: &str = "s1._domainkey.bigkey.test";

fn assert_bigkey(outcome: &DnsOutcome, via: &str) {
    let txt: Vec<&str> = outcome.txt().collect();
    assert_eq!(txt.len(), 1, "{via}: {outcome:?}");
    assert_eq!(txt[0].len(), 754, "{via}: the three strings joined");
    assert!(
        txt[0].starts_with("v=DKIM1; k=rsa; p=MII"),
        "{via}: {}",
        txt[0]
    );
}

#[tokio::test]
async fn a_truncated_udp_answer_is_asked_again_over_tcp() {
    let Some(s) = servers() else { return };
    // Without EDNS the 754-byte record cannot come over UDP: both servers set TC.
    assert!(udp_answer_truncated(s.unbound, BIGKEY, true));
    assert!(udp_answer_truncated(s.primary, BIGKEY, false));
    let no_edns = quick().with_udp_payload(None);
    let via_unbound = recursive(&s, no_edns.clone())
        .lookup(BIGKEY, QueryType::Txt)
        .await;
    assert_bigkey(&via_unbound, "Unbound, TCP after TC");
    let via_knot = direct(s.primary, &no_edns)
        .lookup(BIGKEY, QueryType::Txt)
        .await;
    assert_bigkey(&via_knot, "Knot direct, TCP after TC");
    // With EDNS (the default) it fits in one UDP answer.
    let with_edns = recursive(&s, quick()).lookup(BIGKEY, QueryType::Txt).await;
    assert_bigkey(&with_edns, "Unbound, EDNS");
}

#[tokio::test]
async fn negative_answers_carry_the_soa_negative_ttl() {
    let Some(s) = servers() else { return };
    // prop8.test and halfdown.test: SOA TTL 300, minimum 10, so min(300, 10) = 10 (RFC 2308 §5).
    let nx = fresh("prop8.test");
    let knot = direct(s.primary, &quick());
    assert_eq!(
        knot.lookup(&nx, QueryType::Txt).await,
        DnsOutcome::NxDomain {
            negative_ttl: Some(10)
        }
    );
    // Unbound answers from its cached SOA, whose TTL counts down: flush it first (halfdown.test
    // is only read by tests, so no other test depends on Unbound's cache there).
    control(&s.unbound_control, &["flush_type", "halfdown.test", "SOA"]);
    let unbound = recursive(&s, quick());
    let via_unbound = unbound
        .lookup(&fresh("halfdown.test"), QueryType::Txt)
        .await;
    assert!(
        matches!(
            via_unbound,
            DnsOutcome::NxDomain {
                negative_ttl: Some(9..=10)
            }
        ),
        "{via_unbound:?}"
    );
    assert_eq!(
        knot.lookup("halfdown.test", QueryType::Srv).await,
        DnsOutcome::NoRecords {
            negative_ttl: Some(10)
        }
    );
    control(&s.unbound_control, &["flush_type", "halfdown.test", "SRV"]);
    control(&s.unbound_control, &["flush_type", "halfdown.test", "SOA"]);
    let nodata = unbound.lookup("halfdown.test", QueryType::Srv).await;
    assert!(
        matches!(
            nodata,
            DnsOutcome::NoRecords {
                negative_ttl: Some(9..=10)
            }
        ),
        "{nodata:?}"
    );
    // example.test keeps the fixture minimum of 60.
    let example = knot.lookup(&fresh("example.test"), QueryType::A).await;
    assert_eq!(example.negative_ttl(), Some(60), "{example:?}");
}

#[tokio::test]
async fn servfail_refused_and_timeout_are_distinct_outcomes() {
    let Some(s) = servers() else { return };
    let unbound = recursive(&s, quick());
    assert_eq!(
        unbound.lookup("servfail.test", QueryType::Txt).await,
        DnsOutcome::ServFail
    );
    // The secondary has no zone covering servfail.test and refuses.
    let secondary = direct(s.secondary, &quick());
    assert_eq!(
        secondary.lookup("servfail.test", QueryType::Soa).await,
        DnsOutcome::Refused
    );
    let short = ResolverSettings::default()
        .with_timeout(Duration::from_millis(300))
        .with_attempts(1);
    for (via, resolver, name) in [
        ("Unbound", recursive(&s, short.clone()), "timeout.test"),
        (
            "the black hole",
            direct(s.blackhole, &short),
            "example.test",
        ),
    ] {
        let started = Instant::now();
        let reply = resolver.lookup_reply(name, QueryType::Txt).await;
        assert_eq!(reply.outcome, DnsOutcome::Timeout, "{via}");
        assert!(
            !reply.unreachable,
            "{via}: a timeout is not a refused connection"
        );
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{via}: {:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn cname_loops_and_long_chains_are_named() {
    let Some(s) = servers() else { return };
    let unbound = recursive(&s, quick());
    let knot = direct(s.primary, &quick());
    for (via, resolver) in [("Unbound", &unbound), ("Knot direct", &knot)] {
        for (name, at) in [
            ("loop1.cnameloop.test", "loop1.cnameloop.test"),
            (
                "s1._domainkey.cnameloop.test",
                "s1._domainkey.cnameloop.test",
            ),
        ] {
            let started = Instant::now();
            let outcome = resolver.lookup(name, QueryType::Txt).await;
            assert_eq!(
                outcome,
                DnsOutcome::BrokenCname {
                    fault: CnameFault::Loop { at: at.to_owned() }
                },
                "{via} {name}"
            );
            assert_eq!(outcome.describe(), format!("CNAME loop at {at}"));
            assert!(started.elapsed() < Duration::from_secs(2), "{via} {name}");
        }
        let chain = resolver.lookup("c1.cnameloop.test", QueryType::Txt).await;
        assert!(
            matches!(
                &chain,
                DnsOutcome::BrokenCname { fault: CnameFault::TooLong { start, .. } }
                    if start == "c1.cnameloop.test"
            ),
            "{via}: {chain:?}"
        );
        // A short chain is followed, and the aliases are reported.
        let short = resolver
            .lookup_reply("c12.cnameloop.test", QueryType::Txt)
            .await;
        assert_eq!(
            short.outcome.txt().collect::<Vec<_>>(),
            ["end of the chain"],
            "{via}"
        );
        assert_eq!(short.aliases, ["c13.cnameloop.test"], "{via}");
        // Asked for the CNAME itself, the alias is the answer.
        let cname = resolver
            .lookup("loop1.cnameloop.test", QueryType::Cname)
            .await;
        assert_eq!(
            cname.records(),
            [RecordData::Cname("loop2.cnameloop.test".to_owned())],
            "{via}"
        );
    }
}

#[tokio::test]
async fn a_cname_into_another_zone_is_followed() {
    let Some(s) = servers() else { return };
    // mistakes.test: `mx CNAME mail.example.test.`, another zone (Knot serves both, so a direct
    // question follows it at the same server; one that does not is a unit test).
    let via_unbound = recursive(&s, quick())
        .lookup_reply("mx.mistakes.test", QueryType::A)
        .await;
    assert_eq!(
        via_unbound
            .outcome
            .ips()
            .map(|ip| ip.to_string())
            .collect::<Vec<_>>(),
        ["127.0.0.31"]
    );
    assert_eq!(via_unbound.aliases, ["mail.example.test"]);
    let direct_reply = direct(s.primary, &quick())
        .lookup_reply("mx.mistakes.test", QueryType::A)
        .await;
    assert_eq!(
        direct_reply.outcome.records(),
        via_unbound.outcome.records(),
        "{direct_reply:?}"
    );
    assert_eq!(direct_reply.aliases, ["mail.example.test"]);
    assert_eq!(direct_reply.authoritative, Some(true));
}

#[tokio::test]
async fn direct_questions_reach_each_knot_server() {
    let Some(s) = servers() else { return };
    for addr in [s.primary, s.secondary] {
        let reply = direct(addr, &quick())
            .lookup_reply("example.test", QueryType::Soa)
            .await;
        let soa = reply.outcome.soa().expect("an SOA answer");
        assert_eq!(soa.mname, "ns1.example.test", "{addr}");
        assert_eq!(soa.rname, "hostmaster.example.test", "{addr}");
        assert_eq!(
            (soa.refresh, soa.retry, soa.expire, soa.minimum),
            (3600, 600, 86400, 60)
        );
        assert_eq!(reply.authoritative, Some(true), "{addr}");
        assert_eq!(reply.zone.as_deref(), Some("example.test"), "{addr}");
        // Below the apex, the "no data" answer's SOA names the zone.
        let below = direct(addr, &quick())
            .lookup_reply("_dmarc.example.test", QueryType::Soa)
            .await;
        assert!(
            matches!(below.outcome, DnsOutcome::NoRecords { .. }),
            "{below:?}"
        );
        assert_eq!(below.zone.as_deref(), Some("example.test"));
    }
    let mx = direct(s.primary, &quick())
        .lookup("example.test", QueryType::Mx)
        .await;
    assert_eq!(mx.mx().count(), 3, "{mx:?}");
}

#[tokio::test]
async fn discovery_finds_example_test_in_sync() {
    let Some(s) = servers() else { return };
    let settings = ResolverSettings {
        servers: vec![s.unbound],
        ..quick()
    };
    let found = authority::discover_live("_dmarc.Example.Test.", &settings)
        .await
        .expect("discovery");
    assert_eq!(found.apex.as_deref(), Some("example.test"));
    assert_eq!(found.source, ServerSource::NsRecords);
    let mut servers: Vec<(String, Vec<SocketAddr>)> = found
        .nameservers
        .iter()
        .map(|ns| (ns.name.clone(), ns.addrs.iter().map(|a| a.addr).collect()))
        .collect();
    servers.sort();
    assert_eq!(
        servers,
        [
            ("ns1.example.test".to_owned(), vec![s.primary]),
            ("ns2.example.test".to_owned(), vec![s.secondary]),
        ]
    );
    assert!(found.in_sync(), "{found:?}");
    assert!(found.findings.is_empty(), "{:?}", found.findings);
    assert_eq!(found.answering().len(), 2);

    let given = authority::with_servers_live("example.test", &[s.primary, s.secondary], &settings)
        .await
        .expect("discovery with servers given");
    assert_eq!(given.source, ServerSource::Given);
    assert!(given.in_sync() && given.findings.is_empty(), "{given:?}");
}

#[tokio::test]
async fn a_server_that_is_down_reads_unreachable() {
    let Some(s) = servers() else { return };
    let settings = ResolverSettings {
        servers: vec![s.unbound],
        ..quick()
    };
    let found = authority::discover_live("halfdown.test", &settings)
        .await
        .expect("discovery");
    let down = found
        .nameservers
        .iter()
        .find(|ns| ns.name == "ns-down.halfdown.test")
        .expect("ns-down listed");
    assert_eq!(down.addrs.len(), 1);
    assert_eq!(down.addrs[0].addr.to_string(), "127.0.0.14:53");
    assert!(
        matches!(down.addrs[0].state, ServerState::Unreachable { .. }),
        "{down:?}"
    );
    let up = found
        .nameservers
        .iter()
        .find(|ns| ns.name == "ns1.example.test")
        .expect("ns1 listed");
    assert!(up.serial().is_some(), "{up:?}");
    let ids: Vec<&str> = found.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["ns.unreachable"], "{:?}", found.findings);
    assert!(found.findings[0]
        .message
        .contains("ns-down.halfdown.test (127.0.0.14)"));
}

#[tokio::test]
async fn name_servers_whose_names_do_not_resolve_are_named() {
    let Some(s) = servers() else { return };
    let settings = ResolverSettings {
        servers: vec![s.unbound],
        ..quick()
    };
    let found = authority::discover_live("acme.test", &settings)
        .await
        .expect("discovery");
    assert_eq!(found.apex.as_deref(), Some("acme.test"));
    let names: Vec<&str> = found
        .nameservers
        .iter()
        .map(|ns| ns.name.as_str())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(found
        .nameservers
        .iter()
        .all(|ns| ns.addrs.is_empty() && ns.unresolved.is_some()));
    let ids: Vec<&str> = found.findings.iter().map(|f| f.id).collect();
    assert_eq!(
        ids,
        ["ns.unresolvable", "ns.unresolvable", "ns.none_answer"]
    );
    assert!(found.findings[0].message.contains(".ns.cloudflare.com"));
}

async fn serial(addr: SocketAddr, zone: &str) -> Option<u32> {
    let outcome = direct(addr, &quick()).lookup(zone, QueryType::Soa).await;
    outcome.soa().map(|soa| soa.serial)
}

/// Wait until `check` holds (the servers apply changes within milliseconds to a second).
async fn eventually<F: std::future::Future<Output = bool>>(mut check: impl FnMut() -> F) -> bool {
    for _ in 0..50 {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn a_lagging_secondary_is_a_finding() {
    let Some(s) = servers() else { return };
    let Some(zones) = zones::Servers::from_env() else {
        return;
    };
    // Restored now (secondary thawed and in step) and when dropped, even after a failed assert.
    let zone = zones.zone("lag.test");
    let before = serial(s.primary, "lag.test").await.expect("primary serial");
    // Checked and asked again: Knot drops a freeze that arrives during a transfer.
    zone.freeze_secondary();
    zone.add("lagprobe", 300, "TXT", "\"lag\"");
    assert!(
        eventually(|| async { serial(s.primary, "lag.test").await != Some(before) }).await,
        "the primary took the change"
    );
    let newer = serial(s.primary, "lag.test").await.expect("new serial");

    let settings = ResolverSettings {
        servers: vec![s.unbound],
        ..quick()
    };
    let found = authority::discover_live("lag.test", &settings)
        .await
        .expect("discovery");
    assert!(!found.in_sync(), "{found:?}");
    assert_eq!(found.newest_serial(), Some(newer));
    let ids: Vec<&str> = found.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["ns.serial_mismatch"], "{:?}", found.findings);
    let message = &found.findings[0].message;
    assert!(
        message.contains(&format!(
            "ns1.example.test (127.0.0.11) has serial {newer} (the newest)"
        )) && message.contains(&format!(
            "ns2.example.test (127.0.0.12) has serial {before} (behind)"
        )),
        "{message}"
    );
    drop(zone);
    assert_eq!(
        serial(s.primary, "lag.test").await,
        serial(s.secondary, "lag.test").await,
        "the secondary is back in step after the restore"
    );
}
