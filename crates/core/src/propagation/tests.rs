//! The watch loop against changeable fixture servers, on tokio's paused clock: the order of
//! states, the gate that keeps resolvers from caching "no such record", the timeout and cancel.

use std::time::Duration;

use tokio::sync::mpsc;

use super::fixture::FixtureResolver;
use super::*;
use crate::dns::{DnsOutcome, QueryType, RecordData, Resolve};
use crate::records::RecordType;

fn record() -> ExpectedRecord {
    ExpectedRecord {
        kind: RecordType::Txt,
        name: "_dmarc.example.com".into(),
        host: "_dmarc".into(),
        content: "v=DMARC1; p=none".into(),
        priority: None,
        ttl: 300,
        old: None,
    }
}

/// The usual job: `record()` for example.com, watched at one name server `ns1`.
fn one_name_server(ns: &FixtureResolver, apex: Option<&str>) -> WatchJob<FixtureResolver> {
    WatchJob {
        domain: "example.com".into(),
        apex: apex.map(str::to_owned),
        records: vec![record()],
        targets: vec![target("ns1", Role::Authoritative, ns)],
    }
}

fn target(label: &str, role: Role, r: &FixtureResolver) -> Target<FixtureResolver> {
    Target {
        info: ServerInfo {
            label: label.into(),
            address: None,
            role,
        },
        resolver: r.clone(),
    }
}

fn answer(ttl: u32) -> DnsOutcome {
    DnsOutcome::Answer {
        records: vec![RecordData::Txt("v=DMARC1; p=none".into())],
        ttl,
    }
}

/// The (server, state) of every status event, in order.
fn states(events: &[WatchEvent]) -> Vec<(String, State)> {
    events
        .iter()
        .filter_map(|e| match e {
            WatchEvent::Status(s) => Some((s.server.clone(), s.status.state)),
            _ => None,
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn published_then_live_in_order() {
    let (ns1, ns2, resolver) = (
        FixtureResolver::default(),
        FixtureResolver::default(),
        FixtureResolver::default(),
    );
    let job = WatchJob {
        domain: "example.com".into(),
        apex: None,
        records: vec![record()],
        targets: vec![
            target("ns1", Role::Authoritative, &ns1),
            target("ns2", Role::Authoritative, &ns2),
            target("resolver", Role::Resolver, &resolver),
        ],
    };
    let settings = WatchSettings {
        timeout: Some(Duration::from_secs(120)),
        ..WatchSettings::default()
    };
    let (tx, mut rx) = mpsc::channel(256);
    let run =
        tokio::spawn(async move { watch(job, &settings, tx, CancellationToken::new()).await });
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(
        resolver.asked(),
        0,
        "resolvers wait until a name server has the record"
    );
    ns1.set("_dmarc.example.com", QueryType::Txt, answer(300));
    tokio::time::sleep(Duration::from_secs(5)).await;
    ns2.set("_dmarc.example.com", QueryType::Txt, answer(300));
    tokio::time::sleep(Duration::from_secs(3)).await;
    resolver.set("_dmarc.example.com", QueryType::Txt, answer(300));
    let summary = run.await.expect("joined").expect("no error");
    assert_eq!(summary.outcome, Outcome::AllLive);
    let mut events = Vec::new();
    while let Ok(e) = rx.try_recv() {
        events.push(e);
    }
    let seen = states(&events);
    let pos = |server: &str, state: State| {
        seen.iter()
            .position(|(s, st)| s == server && *st == state)
            .unwrap_or_else(|| panic!("{server} {state:?} in {seen:?}"))
    };
    assert!(pos("ns1", State::Waiting) < pos("ns1", State::Published));
    assert!(pos("ns1", State::Published) < pos("ns2", State::Published));
    assert!(pos("resolver", State::Waiting) < pos("resolver", State::Live));
    let summaries: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            WatchEvent::Record(p) => Some(p.summary.clone()),
            _ => None,
        })
        .collect();
    assert!(
        summaries
            .iter()
            .any(|s| s.starts_with("published on 1 of 2 name servers")),
        "{summaries:?}"
    );
    assert!(matches!(events.last(), Some(WatchEvent::Summary(_))));
    // The resolver was asked once when the gate opened, once after the 10 s negative TTL.
    assert!(resolver.asked() <= 4, "asked {} times", resolver.asked());
}

#[tokio::test(start_paused = true)]
async fn timeout_and_cancel_end_the_watch() {
    let ns = FixtureResolver::default();
    let job = one_name_server(&ns, None);
    let settings = WatchSettings {
        timeout: Some(Duration::from_secs(30)),
        ..WatchSettings::default()
    };
    let (tx, _rx) = mpsc::channel(256);
    let summary = watch(job.clone(), &settings, tx, CancellationToken::new())
        .await
        .expect("no error");
    assert_eq!(summary.outcome, Outcome::Timeout);
    assert!(
        summary.queries <= 30 * 3 + 10,
        "the budget holds: {} queries in 30 s",
        summary.queries
    );

    let cancel = CancellationToken::new();
    let (tx, _rx) = mpsc::channel(256);
    let settings = WatchSettings::default();
    let c = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(3)).await;
        c.cancel();
    });
    let summary = watch(job, &settings, tx, cancel).await.expect("no error");
    assert_eq!(summary.outcome, Outcome::Cancelled);
}

#[tokio::test(start_paused = true)]
async fn resumes_from_a_saved_state_and_checks_again() {
    let dir = std::env::temp_dir().join(format!("sendwell-resume-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("watch.json");
    let _ = std::fs::remove_file(&path);
    let ns = FixtureResolver::default();
    ns.set("_dmarc.example.com", QueryType::Txt, answer(300));
    let job = one_name_server(&ns, None);
    let settings = WatchSettings {
        timeout: Some(Duration::from_secs(10)),
        state_path: Some(path.clone()),
        ..WatchSettings::default()
    };
    let (tx, _rx) = mpsc::channel(256);
    let first = watch(job.clone(), &settings, tx, CancellationToken::new())
        .await
        .expect("no error");
    assert_eq!(first.outcome, Outcome::AllLive);
    let saved = SavedWatch::load(&path).expect("readable").expect("saved");
    assert_eq!(saved.records[0].servers[0].status.state, State::Published);

    // The record disappears: the resumed watch shows what it knew, then what is true now.
    ns.set(
        "_dmarc.example.com",
        QueryType::Txt,
        DnsOutcome::NxDomain {
            negative_ttl: Some(10),
        },
    );
    let (tx, mut rx) = mpsc::channel(256);
    let second = watch(job, &settings, tx, CancellationToken::new())
        .await
        .expect("no error");
    assert_eq!(second.outcome, Outcome::Timeout);
    let mut resumed = Vec::new();
    let mut status = Vec::new();
    while let Ok(e) = rx.try_recv() {
        match e {
            WatchEvent::Resumed(s) => resumed.push(s.status.state),
            WatchEvent::Status(s) => status.push(s.status.state),
            _ => {}
        }
    }
    assert_eq!(resumed, [State::Published]);
    assert_eq!(status.first(), Some(&State::Waiting));
    let saved = SavedWatch::load(&path).expect("readable").expect("saved");
    assert_eq!(saved.records[0].servers[0].status.state, State::Waiting);
    assert_eq!(
        saved.started,
        SavedWatch::load(&path).expect("r").expect("s").started
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn soa(serial: u32) -> DnsOutcome {
    DnsOutcome::Answer {
        records: vec![RecordData::Soa(crate::dns::Soa {
            mname: "ns1.example.com".into(),
            rname: "hostmaster.example.com".into(),
            serial,
            refresh: 3600,
            retry: 600,
            expire: 86400,
            minimum: 10,
        })],
        ttl: 300,
    }
}

#[tokio::test(start_paused = true)]
async fn a_new_serial_is_seen_within_the_interval() {
    let ns = FixtureResolver::default();
    ns.set("example.com", QueryType::Soa, soa(1));
    let job = one_name_server(&ns, Some("example.com"));
    let settings = WatchSettings {
        timeout: Some(Duration::from_secs(60)),
        ..WatchSettings::default()
    };
    let (tx, mut rx) = mpsc::channel(256);
    let run =
        tokio::spawn(async move { watch(job, &settings, tx, CancellationToken::new()).await });
    tokio::time::sleep(Duration::from_secs(10)).await;
    let asked_while_quiet = ns.asked();
    ns.set("_dmarc.example.com", QueryType::Txt, answer(300));
    ns.set("example.com", QueryType::Soa, soa(2));
    let changed_at = tokio::time::Instant::now();
    let summary = run.await.expect("joined").expect("no error");
    assert_eq!(summary.outcome, Outcome::AllLive);
    let latency = changed_at.elapsed();
    assert!(
        latency <= Duration::from_millis(1300),
        "seen after {latency:?}"
    );
    // Quiet: one SOA question per 1.5 s after the first round (3 questions for the absent record).
    assert!(
        asked_while_quiet <= 3 + 9,
        "{asked_while_quiet} questions in 10 s"
    );
    while rx.try_recv().is_ok() {}
}

#[tokio::test(start_paused = true)]
async fn a_reader_that_never_reads_does_not_hold_the_watch() {
    let (ns, resolver) = (FixtureResolver::default(), FixtureResolver::default());
    let job = || WatchJob {
        domain: "example.com".into(),
        apex: None,
        records: vec![record()],
        targets: vec![
            target("ns", Role::Authoritative, &ns),
            target("resolver", Role::Resolver, &resolver),
        ],
    };
    // The timeout: an events channel of one, full after the first event, never read.
    let settings = WatchSettings {
        timeout: Some(Duration::from_secs(30)),
        ..WatchSettings::default()
    };
    let (tx, _stuck) = mpsc::channel(1);
    let ended = tokio::time::timeout(
        Duration::from_secs(60),
        watch(job(), &settings, tx, CancellationToken::new()),
    )
    .await
    .expect("the timeout ends the watch")
    .expect("summary");
    assert_eq!(ended.outcome, Outcome::Timeout);

    // A cancel, without a timeout.
    let settings = WatchSettings::default();
    let (tx, _stuck) = mpsc::channel(1);
    let cancel = CancellationToken::new();
    let later = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(20)).await;
        later.cancel();
    });
    let ended = tokio::time::timeout(Duration::from_secs(60), watch(job(), &settings, tx, cancel))
        .await
        .expect("the cancel ends the watch")
        .expect("summary");
    assert_eq!(ended.outcome, Outcome::Cancelled);
}

#[tokio::test(start_paused = true)]
async fn the_budget_counts_packets_not_lookups() {
    // Every lookup costs five packets (a resolver following CNAMEs at the name server).
    let ns = FixtureResolver::default().with_packets_per_lookup(5);
    let job = one_name_server(&ns, None);
    let settings = WatchSettings {
        timeout: Some(Duration::from_secs(60)),
        ..WatchSettings::default()
    };
    assert_eq!(settings.burst, 2, "at most two questions at once");
    let (tx, _rx) = mpsc::channel(1024);
    let summary = watch(job, &settings, tx, CancellationToken::new())
        .await
        .expect("summary");
    let sent = ns.questions_sent().expect("counted");
    assert_eq!(summary.queries, sent, "the summary counts packets");
    // One query per second on average, two at once, and the last lookup's packets in debt.
    assert!(sent <= 60 + 2 + 5, "{sent} packets in 60 s");
    assert!(sent >= 50, "{sent} packets: the budget is used");
}

#[tokio::test(start_paused = true)]
async fn ttls_count_from_the_first_answer() {
    let r = FixtureResolver::default();
    // One token at once: each follow-up question waits a second for its own.
    let mut budget = Budget::new(1.0, 1);
    let o = probe(&r, &mut budget, &record(), "example.com", Role::Resolver).await;
    let answered = o.answered_at.expect("answered");
    assert!(
        answered.elapsed() >= Duration::from_secs(2),
        "two follow-ups waited"
    );
    assert_eq!(o.cached_for, Some(10));
}

#[tokio::test(start_paused = true)]
async fn another_watch_is_set_aside_and_a_failed_save_still_ends_with_the_summary() {
    let dir = std::env::temp_dir().join(format!("sendwell-aside-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("watch.json");
    let other = SavedWatch {
        version: STATE_VERSION,
        domain: "other.example".into(),
        started: 1,
        saved: 1,
        records: Vec::new(),
    };
    other.save(&path).expect("saved");
    let ns = FixtureResolver::default();
    let job = one_name_server(&ns, None);
    let settings = WatchSettings {
        timeout: Some(Duration::from_secs(20)),
        state_path: Some(path.clone()),
        ..WatchSettings::default()
    };
    let (tx, mut rx) = mpsc::channel(256);
    let run =
        tokio::spawn(async move { watch(job, &settings, tx, CancellationToken::new()).await });
    tokio::time::sleep(Duration::from_secs(3)).await;
    let aside = dir.join("watch.json.bak");
    assert_eq!(
        SavedWatch::load(&aside).expect("readable").expect("kept"),
        other,
        "the other domain's watch is kept aside"
    );
    // The folder goes away: saves fail from now on.
    std::fs::remove_dir_all(&dir).expect("removed");
    let summary = run.await.expect("ran").expect("a summary, not an error");
    assert_eq!(summary.outcome, Outcome::Timeout);
    assert!(summary.state_error.is_some());
    let mut warnings = Vec::new();
    let mut last = None;
    while let Ok(e) = rx.try_recv() {
        if let WatchEvent::Warning { message } = &e {
            warnings.push(message.clone());
        }
        last = Some(e);
    }
    assert!(warnings[0].contains("other.example"), "{warnings:?}");
    assert!(warnings.len() >= 2, "the failed save is told: {warnings:?}");
    assert!(matches!(last, Some(WatchEvent::Summary(_))));
}

#[tokio::test(start_paused = true)]
async fn a_serial_that_never_changes_still_finds_the_record() {
    // Route 53 keeps serial 1 whatever changes.
    let ns = FixtureResolver::default();
    ns.set("example.com", QueryType::Soa, soa(1));
    let job = one_name_server(&ns, Some("example.com"));
    let settings = WatchSettings {
        timeout: Some(Duration::from_secs(120)),
        ..WatchSettings::default()
    };
    let (tx, _rx) = mpsc::channel(256);
    let run =
        tokio::spawn(async move { watch(job, &settings, tx, CancellationToken::new()).await });
    tokio::time::sleep(Duration::from_secs(5)).await;
    ns.set("_dmarc.example.com", QueryType::Txt, answer(300));
    let added = tokio::time::Instant::now();
    let summary = run.await.expect("joined").expect("no error");
    assert_eq!(summary.outcome, Outcome::AllLive);
    let latency = added.elapsed();
    assert!(latency <= Duration::from_secs(16), "seen after {latency:?}");
}

/// Regression: a plan with two MX records at one name (a mailbox provider's MX set) must keep
/// them apart, or the board, the saved state and the UI's record list merge them.
#[tokio::test(start_paused = true)]
async fn two_mx_records_at_one_name_are_two_records() {
    let mx = |exchange: &str, priority: u16| ExpectedRecord {
        kind: RecordType::Mx,
        name: "example.com".into(),
        host: "@".into(),
        content: exchange.into(),
        priority: Some(priority),
        ttl: 300,
        old: None,
    };
    let records = vec![mx("mx1.example.net", 10), mx("MX2.example.net.", 20)];
    let keys: Vec<String> = records.iter().map(ExpectedRecord::key).collect();
    assert_eq!(
        keys,
        [
            "MX example.com mx1.example.net",
            "MX example.com mx2.example.net"
        ]
    );
    let ns = FixtureResolver::default();
    let host = |exchange: &str, preference: u16| {
        RecordData::Mx(crate::dns::MxHost {
            preference,
            exchange: exchange.into(),
        })
    };
    ns.set(
        "example.com",
        QueryType::Mx,
        DnsOutcome::Answer {
            records: vec![host("mx1.example.net", 10), host("mx2.example.net", 20)],
            ttl: 300,
        },
    );
    let job = WatchJob {
        domain: "example.com".into(),
        apex: None,
        records,
        targets: vec![target("ns1", Role::Authoritative, &ns)],
    };
    let settings = WatchSettings {
        timeout: Some(Duration::from_secs(30)),
        ..WatchSettings::default()
    };
    let (tx, _rx) = mpsc::channel(256);
    let summary = watch(job, &settings, tx, CancellationToken::new())
        .await
        .expect("no error");
    assert_eq!(summary.outcome, Outcome::AllLive);
    let names: Vec<&str> = summary
        .records
        .iter()
        .map(|r| r.progress.record.as_str())
        .collect();
    assert_eq!(names, keys);
    assert!(summary.records.iter().all(|r| r.progress.done));
}
