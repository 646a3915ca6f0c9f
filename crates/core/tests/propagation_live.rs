//! The propagation watch on the real topology (Knot primary and secondary, Unbound in front):
//! published on one of two name servers, a cached "no such record" with its ETA, an old value,
//! a name server that is down, SERVFAIL and REFUSED, a doubled domain, Cloudflare's proxy.
//! Each test owns one zone (prop1…prop4 here; the CLI tests use prop5…prop8).

use std::net::SocketAddr;
use std::time::Duration;

use sendwell_core::dns::{HickoryResolver, QueryType, Resolve, ResolverSettings};
use sendwell_core::propagation::{
    self, CancellationToken, ErrorKind, ExpectedRecord, Outcome, Role, State, StatusEvent,
    WatchEvent, WatchJob, WatchSettings, WatchSummary,
};
use sendwell_core::records::RecordType;
use tokio::sync::mpsc;

#[path = "support/zones.rs"]
mod zones;

use zones::Servers;

fn addr(s: &str) -> SocketAddr {
    s.parse().expect("IP:PORT")
}

fn txt(name: &str, host: &str, content: &str) -> ExpectedRecord {
    ExpectedRecord {
        kind: RecordType::Txt,
        name: name.into(),
        host: host.into(),
        content: content.into(),
        priority: None,
        ttl: 300,
        old: None,
    }
}

/// Primary and secondary asked directly (labelled "primary"/"secondary"), then Unbound.
fn job(
    s: &Servers,
    domain: &str,
    records: Vec<ExpectedRecord>,
    settings: &WatchSettings,
) -> WatchJob<HickoryResolver> {
    let mut targets = propagation::authoritative_targets(
        &[
            ("primary".to_owned(), addr(&s.primary)),
            ("secondary".to_owned(), addr(&s.secondary)),
        ],
        settings,
    )
    .expect("direct resolvers");
    targets.extend(propagation::resolver_panel(&[addr(&s.resolver)], settings).expect("resolver"));
    WatchJob {
        domain: domain.to_owned(),
        apex: Some(domain.to_owned()),
        records,
        targets,
    }
}

fn settings(timeout_secs: u64) -> WatchSettings {
    WatchSettings {
        timeout: Some(Duration::from_secs(timeout_secs)),
        ..WatchSettings::default()
    }
}

/// Run a watch to its end, handing every event to `on_event` as it comes.
async fn run(
    job: WatchJob<HickoryResolver>,
    settings: &WatchSettings,
    mut on_event: impl FnMut(&WatchEvent),
) -> (WatchSummary, Vec<WatchEvent>) {
    let (tx, mut rx) = mpsc::channel(256);
    let watch = propagation::watch(job, settings, tx, CancellationToken::new());
    let collect = async {
        let mut all = Vec::new();
        while let Some(e) = rx.recv().await {
            on_event(&e);
            all.push(e);
        }
        all
    };
    let (summary, events) = tokio::join!(watch, collect);
    (summary.expect("the watch runs"), events)
}

fn statuses<'a>(
    events: &'a [WatchEvent],
    server: &'a str,
) -> impl Iterator<Item = &'a StatusEvent> + 'a {
    events.iter().filter_map(move |e| match e {
        WatchEvent::Status(s) if s.server == server => Some(s),
        _ => None,
    })
}

fn summaries(events: &[WatchEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            WatchEvent::Record(p) => Some(p.summary.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn published_on_the_primary_only_then_on_both() {
    let Some(s) = Servers::from_env() else { return };
    let zone = s.zone("prop1.test");
    zone.freeze_secondary();
    zone.add("_dmarc", 300, "TXT", "\"v=DMARC1; p=none\"");
    let record = txt("_dmarc.prop1.test", "_dmarc", "v=DMARC1; p=none");
    let settings = settings(60);
    // Thaw once the secondary has been seen without the record and the count says 1 of 2.
    let (mut secondary_waiting, mut one_of_two, mut thawed) = (false, false, false);
    let (summary, events) = run(
        job(&s, "prop1.test", vec![record], &settings),
        &settings,
        |e| {
            match e {
                WatchEvent::Status(st) if st.server == "secondary" => {
                    secondary_waiting |= st.status.state == State::Waiting;
                }
                WatchEvent::Record(p) => {
                    one_of_two |= p.summary.starts_with("published on 1 of 2 name servers");
                }
                _ => {}
            }
            if secondary_waiting && one_of_two && !thawed {
                zone.thaw_secondary();
                thawed = true;
            }
        },
    )
    .await;
    let said = summaries(&events);
    assert!(
        said.iter()
            .any(|s| s.starts_with("published on 1 of 2 name servers")),
        "{said:?}"
    );
    assert!(said.iter().any(|s| s.starts_with("published;")), "{said:?}");
    assert_eq!(summary.outcome, Outcome::AllLive, "{said:?}");
    let secondary: Vec<State> = statuses(&events, "secondary")
        .map(|s| s.status.state)
        .collect();
    assert_eq!(secondary.first(), Some(&State::Waiting));
    assert_eq!(secondary.last(), Some(&State::Published));
    // Resolvers are asked only once both name servers have it (review 3): none earlier.
    let both = events
        .iter()
        .position(|e| matches!(e, WatchEvent::Status(st) if st.server == "secondary" && st.status.state == State::Published))
        .expect("the secondary published");
    assert!(
        !events[..both]
            .iter()
            .any(|e| matches!(e, WatchEvent::Status(st) if st.role == Role::Resolver)),
        "a resolver was asked while the secondary lagged"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_no_such_record_gives_an_eta_then_live() {
    let Some(s) = Servers::from_env() else { return };
    let zone = s.zone("prop2.test");
    let unbound = HickoryResolver::new(&ResolverSettings {
        servers: vec![addr(&s.resolver)],
        ..ResolverSettings::default()
    })
    .expect("resolver");
    let before = unbound.lookup("_dmarc.prop2.test", QueryType::Txt).await;
    assert!(before.negative_ttl().is_some(), "{before:?}");
    // No wait for the secondary here: the watch asks Unbound only once both name servers serve
    // the record, and a wait of up to 20 s could outlast the 10 s negative TTL just cached.
    zone.add("_dmarc", 300, "TXT", "\"v=DMARC1; p=none\"");
    let record = txt("_dmarc.prop2.test", "_dmarc", "v=DMARC1; p=none");
    let settings = settings(40);
    let (summary, events) = run(
        job(&s, "prop2.test", vec![record], &settings),
        &settings,
        |_| {},
    )
    .await;
    assert_eq!(summary.outcome, Outcome::AllLive);
    let at_unbound: Vec<&StatusEvent> = statuses(&events, &s.resolver).collect();
    let waiting = at_unbound.first().expect("a first state at Unbound");
    assert_eq!(waiting.status.state, State::Waiting, "{at_unbound:?}");
    assert!(
        waiting.status.detail.starts_with("not live yet"),
        "{}",
        waiting.status.detail
    );
    let eta = waiting.eta.expect("an ETA from the negative TTL");
    assert!(
        (4..=10).contains(&eta),
        "ETA {eta} s, the zone's negative TTL is 10 s"
    );
    let live = at_unbound.last().expect("a last state");
    assert_eq!(live.status.state, State::Live);
    let waited = live.elapsed - waiting.elapsed;
    assert!(
        (waited - eta as f64).abs() < 3.0,
        "live {waited:.1} s after the ETA of {eta} s was given"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_value_is_a_mismatch_then_live() {
    let Some(s) = Servers::from_env() else { return };
    let zone = s.zone("prop3.test");
    let old = "v=spf1 -all";
    let new = "v=spf1 include:_spf.google.com ~all";
    // The old value's TTL (25 s) is well above the waits before the watch asks Unbound: the
    // cache still holds it then, whatever the load. Unbound is primed after the secondary is in
    // step, and the watch starts right after the change (it asks Unbound only once both name
    // servers serve the new value).
    const TTL: u32 = 25;
    zone.add("@", TTL, "TXT", &format!("\"{old}\""));
    zone.wait_in_step(Duration::from_secs(10));
    assert_eq!(
        s.dig(&s.resolver, "prop3.test", "TXT"),
        format!("\"{old}\"")
    );
    zone.change(&[
        ("unset", "@", TTL, "TXT", &format!("\"{old}\"")),
        ("set", "@", TTL, "TXT", &format!("\"{new}\"")),
    ]);
    let record = ExpectedRecord {
        old: Some(old.to_owned()),
        ..txt("prop3.test", "@", new)
    };
    let settings = settings(60);
    let (summary, events) = run(
        job(&s, "prop3.test", vec![record], &settings),
        &settings,
        |_| {},
    )
    .await;
    assert_eq!(summary.outcome, Outcome::AllLive);
    let at_unbound: Vec<&StatusEvent> = statuses(&events, &s.resolver).collect();
    let first = at_unbound.first().expect("a first state");
    assert_eq!(first.status.state, State::Mismatch, "{at_unbound:?}");
    assert_eq!(first.status.problem.as_deref(), Some("watch.old_value"));
    assert!(first.eta.is_some_and(|e| e <= u64::from(TTL)), "{first:?}");
    assert_eq!(at_unbound.last().map(|s| s.status.state), Some(State::Live));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_server_that_is_down_is_unreachable_never_missing() {
    let Some(s) = Servers::from_env() else { return };
    let lookup = ResolverSettings {
        servers: vec![addr(&s.resolver)],
        ..ResolverSettings::default()
    }
    .with_timeout(Duration::from_secs(1))
    .with_attempts(1);
    let authority = sendwell_core::discover_live("halfdown.test", &lookup)
        .await
        .expect("discovery runs");
    let servers = propagation::authority_servers(&authority);
    let labels: Vec<&str> = servers.iter().map(|(l, _)| l.as_str()).collect();
    assert!(
        labels.contains(&"ns-down.halfdown.test (127.0.0.14)"),
        "{labels:?}"
    );
    let settings = settings(20);
    let mut targets = propagation::authoritative_targets(&servers, &settings).expect("direct");
    targets.extend(propagation::resolver_panel(&[addr(&s.resolver)], &settings).expect("resolver"));
    let job = WatchJob {
        domain: "halfdown.test".into(),
        apex: authority.apex.clone(),
        records: vec![txt("halfdown.test", "@", "v=spf1 -all")],
        targets,
    };
    let (summary, events) = run(job, &settings, |_| {}).await;
    let down: Vec<&StatusEvent> = statuses(&events, "ns-down.halfdown.test (127.0.0.14)").collect();
    assert!(!down.is_empty());
    for e in &down {
        assert_eq!(e.status.state, State::Error, "{e:?}");
        assert_eq!(e.status.error, Some(ErrorKind::Unreachable));
        assert!(
            e.status.detail.starts_with("unreachable"),
            "{}",
            e.status.detail
        );
        assert!(!e.status.detail.contains("missing"));
    }
    // The other name server has it and Unbound returns it: live, with the down one reported.
    assert_eq!(summary.outcome, Outcome::AllLive);
    assert!(summary.records[0]
        .progress
        .summary
        .starts_with("published on 1 of 2 name servers"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servfail_and_refused_are_errors() {
    let Some(s) = Servers::from_env() else { return };
    let settings = settings(5);
    // The secondary has no zone for servfail.test (REFUSED); Unbound's stub there gives SERVFAIL.
    let mut targets = propagation::authoritative_targets(
        &[("secondary".to_owned(), addr(&s.secondary))],
        &settings,
    )
    .expect("direct");
    targets.extend(propagation::resolver_panel(&[addr(&s.resolver)], &settings).expect("resolver"));
    let job = WatchJob {
        domain: "servfail.test".into(),
        apex: None,
        records: vec![txt("servfail.test", "@", "v=spf1 -all")],
        targets,
    };
    let (summary, events) = run(job, &settings, |_| {}).await;
    assert_eq!(summary.outcome, Outcome::Timeout);
    let refused = statuses(&events, "secondary").next().expect("a state");
    assert_eq!(
        (refused.status.state, refused.status.error),
        (State::Error, Some(ErrorKind::Refused))
    );
    let servfail = statuses(&events, &s.resolver)
        .next()
        .expect("a state at Unbound");
    assert_eq!(
        (servfail.status.state, servfail.status.error),
        (State::Error, Some(ErrorKind::Servfail)),
        "{servfail:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_doubled_domain_is_a_mismatch_with_the_fix() {
    let Some(s) = Servers::from_env() else { return };
    let zone = s.zone("prop4.test");
    zone.add(
        "_dmarc.prop4.test.prop4.test.",
        300,
        "TXT",
        "\"v=DMARC1; p=none\"",
    );
    // And an SPF record pasted with its quote marks into a panel that adds its own.
    zone.add("@", 300, "TXT", r#""\"v=spf1 -all\"""#);
    zone.wait_in_step(Duration::from_secs(10));
    let record = txt("_dmarc.prop4.test", "_dmarc", "v=DMARC1; p=none");
    let spf = txt("prop4.test", "@", "v=spf1 -all");
    let settings = settings(4);
    let (summary, events) = run(
        job(&s, "prop4.test", vec![record, spf], &settings),
        &settings,
        |_| {},
    )
    .await;
    assert_eq!(summary.outcome, Outcome::Timeout);
    let primary = statuses(&events, "primary")
        .find(|e| e.record == "TXT _dmarc.prop4.test")
        .expect("a state");
    assert_eq!(primary.status.state, State::Mismatch);
    assert_eq!(
        primary.status.problem.as_deref(),
        Some("watch.doubled_domain")
    );
    assert!(
        primary
            .status
            .detail
            .contains("_dmarc.prop4.test.prop4.test"),
        "{}",
        primary.status.detail
    );
    assert!(primary
        .status
        .fix
        .as_deref()
        .is_some_and(|f| f.contains("`_dmarc`")));
    assert_eq!(
        statuses(&events, &s.resolver).count(),
        0,
        "Unbound is not asked (it would cache the absence) while no name server has the record"
    );
    let quoted = statuses(&events, "secondary")
        .find(|e| e.record == "TXT prop4.test")
        .expect("a state");
    assert_eq!(quoted.status.problem.as_deref(), Some("watch.extra_quotes"));
    assert!(quoted
        .status
        .fix
        .as_deref()
        .is_some_and(|f| f.contains("remove the quote marks")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cname_behind_cloudflare_proxy_is_named() {
    let Some(s) = Servers::from_env() else { return };
    let settings = settings(3);
    let record = ExpectedRecord {
        kind: RecordType::Cname,
        name: "s1._domainkey.mistakes.test".into(),
        host: "s1._domainkey".into(),
        content: "s1.domainkey.u1.wl.sendgrid.net".into(),
        priority: None,
        ttl: 300,
        old: None,
    };
    let targets =
        propagation::authoritative_targets(&[("primary".to_owned(), addr(&s.primary))], &settings)
            .expect("direct");
    let job = WatchJob {
        domain: "mistakes.test".into(),
        apex: Some("mistakes.test".into()),
        records: vec![record],
        targets,
    };
    let (_, events) = run(job, &settings, |_| {}).await;
    let first = statuses(&events, "primary").next().expect("a state");
    assert_eq!(
        first.status.problem.as_deref(),
        Some("watch.cloudflare_proxy")
    );
    assert_eq!(first.role, Role::Authoritative);
}
