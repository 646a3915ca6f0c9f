//! Faults only a scripted responder can produce (tests/support/fault_dns.rs): each becomes a
//! clear outcome within the configured time, never a panic or a hang.

#[path = "support/fault_dns.rs"]
mod fault_dns;

use std::time::{Duration, Instant};

use fault_dns::{start, Fault, TEXT};
use sendwell_core::authority::{self, ServerState};
use sendwell_core::dns::{DnsOutcome, HickoryResolver, QueryType, Resolve, ResolverSettings};

fn settings() -> ResolverSettings {
    ResolverSettings::default()
        .with_timeout(Duration::from_millis(300))
        .with_attempts(1)
}

/// Ask `fault`'s responder for TXT at `name`, directly; the outcome and how long it took.
async fn ask(fault: Fault) -> (DnsOutcome, Duration) {
    let server = start(fault).await;
    let resolver = HickoryResolver::direct(server.addr, &settings()).expect("resolver");
    let started = Instant::now();
    let outcome = resolver.lookup("probe.fault.test", QueryType::Txt).await;
    let took = started.elapsed();
    assert!(server.queries() >= 1, "{fault:?}: the question arrived");
    assert!(
        took <= settings().deadline() + Duration::from_millis(200),
        "{fault:?} took {took:?}"
    );
    (outcome, took)
}

#[tokio::test]
async fn a_correct_answer_from_the_responder_is_an_answer() {
    let (outcome, _) = ask(Fault::Slow(Duration::ZERO)).await;
    assert_eq!(outcome.txt().collect::<Vec<_>>(), [TEXT]);
}

#[tokio::test]
async fn always_truncated_udp_without_tcp_is_a_clear_failure() {
    let (outcome, _) = ask(Fault::TruncatedNoTcp).await;
    assert_eq!(
        outcome,
        DnsOutcome::Failed {
            detail: "the answer was too large for UDP and asking again over TCP failed".into()
        }
    );
}

#[tokio::test]
async fn answers_that_do_not_match_the_question_are_ignored() {
    for fault in [Fault::WrongId, Fault::OtherName, Fault::Garbage] {
        let (outcome, _) = ask(fault).await;
        assert_eq!(outcome, DnsOutcome::Timeout, "{fault:?}");
    }
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout_at_the_deadline() {
    let (outcome, took) = ask(Fault::Slow(Duration::from_secs(3))).await;
    assert_eq!(outcome, DnsOutcome::Timeout);
    assert!(took >= Duration::from_millis(300), "{took:?}");
}

#[tokio::test]
async fn a_huge_txt_comes_whole_over_tcp() {
    let (outcome, _) = ask(Fault::HugeTxt { strings: 200 }).await;
    let txt: Vec<&str> = outcome.txt().collect();
    assert_eq!(txt.len(), 1, "{outcome:?}");
    assert_eq!(txt[0].len(), 200 * 255);
    assert!(txt[0].bytes().all(|b| b == b'k'));
}

#[tokio::test]
async fn a_malformed_txt_is_a_clear_failure_not_a_panic() {
    let (outcome, _) = ask(Fault::MalformedTxt).await;
    assert!(
        matches!(&outcome, DnsOutcome::Failed { detail }
            if detail.starts_with("the server sent a malformed answer")),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn txt_bytes_that_are_not_utf8_are_replaced() {
    let (outcome, _) = ask(Fault::NonUtf8Txt).await;
    assert_eq!(
        outcome.txt().collect::<Vec<_>>(),
        ["v=spf1 \u{fffd}\u{fffd} -all"]
    );
}

#[tokio::test]
async fn an_soa_without_authority_makes_a_lame_server() {
    let server = start(Fault::NotAuthoritative).await;
    let direct = |addr| HickoryResolver::direct(addr, &settings());
    let resolver = HickoryResolver::direct(server.addr, &settings()).expect("resolver");
    let found = authority::with_servers("fault.test", &[server.addr], &resolver, &direct).await;
    assert_eq!(found.apex.as_deref(), Some("fault.test"));
    assert!(
        matches!(
            found.nameservers[0].addrs[0].state,
            ServerState::Lame { .. }
        ),
        "{found:?}"
    );
    let ids: Vec<&str> = found.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["ns.lame", "ns.none_answer"]);
}

#[tokio::test]
async fn formerr_to_edns_is_asked_again_without_it() {
    let server = start(Fault::FormErrOnEdns).await;
    let resolver = HickoryResolver::direct(server.addr, &settings()).expect("resolver");
    let outcome = resolver.lookup("probe.fault.test", QueryType::Txt).await;
    assert_eq!(outcome.txt().collect::<Vec<_>>(), [TEXT], "{outcome:?}");
    assert_eq!(
        server.queries(),
        2,
        "once with EDNS, once without (RFC 6891 §7)"
    );
    assert_eq!(resolver.questions_sent(), Some(2));
}
