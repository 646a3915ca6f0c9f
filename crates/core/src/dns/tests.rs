//! Table tests for reading DNS responses ([`super::interpret`]): answers with TTLs, negative
//! TTLs, CNAME chains followed, loops and long chains caught, error codes and network failures.

use std::str::FromStr;

use hickory_resolver::net::{DnsError, NetError, NoRecords};
use hickory_resolver::proto::op::{DnsResponse, Message, OpCode, Query, ResponseCode};
use hickory_resolver::proto::rr::rdata::{CNAME, SOA, TXT};
use hickory_resolver::proto::rr::{Name, RData, Record, RecordType};

use super::interpret::{Step, Walk};
use super::*;

fn name(s: &str) -> Name {
    Name::from_str(s).expect("test name")
}

fn cname(owner: &str, target: &str, ttl: u32) -> Record {
    Record::from_rdata(name(owner), ttl, RData::CNAME(CNAME(name(target))))
}

fn txt(owner: &str, strings: &[&str], ttl: u32) -> Record {
    let data = TXT::new(strings.iter().map(|s| (*s).to_owned()).collect());
    Record::from_rdata(name(owner), ttl, RData::TXT(data))
}

fn soa(zone: &str, ttl: u32, minimum: u32) -> Record {
    let data = SOA::new(
        name(&format!("ns1.{zone}")),
        name(&format!("hostmaster.{zone}")),
        7,
        3600,
        600,
        86400,
        minimum,
    );
    Record::from_rdata(name(zone), ttl, RData::SOA(data))
}

/// A response to `qname` TXT with this code, AA bit and sections.
fn response(
    qname: &str,
    code: ResponseCode,
    answers: Vec<Record>,
    authorities: Vec<Record>,
) -> Result<DnsResponse, NetError> {
    let mut m = Message::response(1, OpCode::Query);
    m.metadata.response_code = code;
    m.metadata.authoritative = true;
    m.add_query(Query::query(name(qname), RecordType::TXT));
    m.add_answers(answers);
    m.add_authorities(authorities);
    Ok(DnsResponse::from_message(m).expect("encodes"))
}

fn read(qname: &str, kind: QueryType, resp: Result<DnsResponse, NetError>) -> Step {
    Walk::new(&name(qname), kind).take(resp)
}

fn done(step: Step) -> DnsReply {
    match step {
        Step::Done(reply) => reply,
        Step::Follow(next) => panic!("expected an outcome, got a follow to {next}"),
    }
}

#[test]
fn responses_become_outcomes() {
    let q = "a.example.test.";
    for (resp, expected) in [
        (
            response(
                q,
                ResponseCode::NoError,
                vec![txt(q, &["v=spf1 ", "-all"], 300)],
                vec![],
            ),
            DnsOutcome::Answer {
                records: vec![RecordData::Txt("v=spf1 -all".into())],
                ttl: 300,
            },
        ),
        (
            // The chain's smallest TTL counts (RFC 2181 §10.1.1).
            response(
                q,
                ResponseCode::NoError,
                vec![
                    cname(q, "b.example.test.", 60),
                    txt("b.example.test.", &["x"], 300),
                ],
                vec![],
            ),
            DnsOutcome::Answer {
                records: vec![RecordData::Txt("x".into())],
                ttl: 60,
            },
        ),
        (
            // min(SOA TTL, SOA minimum), RFC 2308 §5.
            response(
                q,
                ResponseCode::NXDomain,
                vec![],
                vec![soa("example.test.", 300, 10)],
            ),
            DnsOutcome::NxDomain {
                negative_ttl: Some(10),
            },
        ),
        (
            response(
                q,
                ResponseCode::NoError,
                vec![],
                vec![soa("example.test.", 5, 60)],
            ),
            DnsOutcome::NoRecords {
                negative_ttl: Some(5),
            },
        ),
        (
            response(q, ResponseCode::NoError, vec![], vec![]),
            DnsOutcome::NoRecords { negative_ttl: None },
        ),
        (
            // A CNAME to a name that does not exist (RFC 2308 §2.1).
            response(
                q,
                ResponseCode::NXDomain,
                vec![cname(q, "gone.example.test.", 300)],
                vec![soa("example.test.", 300, 60)],
            ),
            DnsOutcome::NxDomain {
                negative_ttl: Some(60),
            },
        ),
        (
            response(
                q,
                ResponseCode::NoError,
                vec![
                    cname(q, "b.example.test.", 300),
                    cname("b.example.test.", q, 300),
                ],
                vec![],
            ),
            DnsOutcome::BrokenCname {
                fault: CnameFault::Loop {
                    at: "a.example.test".into(),
                },
            },
        ),
        (
            response(q, ResponseCode::NotImp, vec![], vec![]),
            DnsOutcome::Failed {
                detail: "the server answered Not Implemented".into(),
            },
        ),
        (
            Err(NetError::Dns(DnsError::ResponseCode(
                ResponseCode::ServFail,
            ))),
            DnsOutcome::ServFail,
        ),
        (
            Err(NetError::Dns(DnsError::ResponseCode(ResponseCode::Refused))),
            DnsOutcome::Refused,
        ),
        (Err(NetError::Timeout), DnsOutcome::Timeout),
        (
            Err(NetError::Truncated),
            DnsOutcome::Failed {
                detail: "the answer was too large for UDP and asking again over TCP failed".into(),
            },
        ),
        (
            Err(NetError::Dns(DnsError::NoRecordsFound(NoRecords::new(
                Query::query(name(q), RecordType::TXT),
                ResponseCode::NXDomain,
            )))),
            DnsOutcome::NxDomain { negative_ttl: None },
        ),
    ] {
        let label = format!("{resp:?}");
        assert_eq!(
            done(read(q, QueryType::Txt, resp)).outcome,
            expected,
            "{label}"
        );
    }
}

#[test]
fn a_chain_that_leaves_the_zone_is_followed() {
    let q = "sel._domainkey.example.test.";
    let resp = response(
        q,
        ResponseCode::NoError,
        vec![cname(q, "key.provider.test.", 300)],
        vec![],
    );
    match read(q, QueryType::Txt, resp) {
        Step::Follow(next) => assert_eq!(next, name("key.provider.test.")),
        Step::Done(reply) => panic!("expected a follow, got {reply:?}"),
    }
}

#[test]
fn a_direct_answer_can_be_the_alias_itself() {
    let q = "sel._domainkey.example.test.";
    let mut walk = Walk::new(&name(q), QueryType::Txt);
    let resp = response(
        q,
        ResponseCode::NoError,
        vec![cname(q, "key.provider.test.", 120)],
        vec![],
    );
    assert!(matches!(walk.take(resp), Step::Follow(_)));
    let reply = walk.alias_answer();
    assert_eq!(
        reply.outcome,
        DnsOutcome::Answer {
            records: vec![RecordData::Cname("key.provider.test".into())],
            ttl: 120,
        }
    );
    assert_eq!(reply.aliases, ["key.provider.test"]);
    assert_eq!(reply.authoritative, Some(true));
}

#[test]
fn responses_from_outside_a_servers_zones_are_recognised() {
    let q = "key.provider.test.";
    let mut not_aa = Message::response(1, OpCode::Query);
    not_aa.add_query(Query::query(name(q), RecordType::TXT));
    not_aa.add_answers([txt(q, &["cached"], 30)]);
    let not_aa = Ok(DnsResponse::from_message(not_aa).expect("encodes"));
    let referral = NoRecords::new(
        Query::query(name(q), RecordType::TXT),
        ResponseCode::NoError,
    );
    let mut denial = referral.clone();
    denial.soa = Some(Box::new(
        soa("provider.test.", 300, 60)
            .map(|d| match d {
                RData::SOA(s) => Some(s.clone()),
                _ => None,
            })
            .expect("an SOA"),
    ));
    for (resp, outside) in [
        (
            response(q, ResponseCode::NoError, vec![txt(q, &["x"], 30)], vec![]),
            false,
        ),
        (not_aa, true),
        (
            Err(NetError::Dns(DnsError::ResponseCode(ResponseCode::Refused))),
            true,
        ),
        (Err(NetError::Dns(DnsError::NoRecordsFound(referral))), true),
        (Err(NetError::Dns(DnsError::NoRecordsFound(denial))), false),
        (Err(NetError::Timeout), false),
    ] {
        let label = format!("{resp:?}");
        assert_eq!(
            super::interpret::outside_authority(&resp),
            outside,
            "{label}"
        );
    }
}

#[test]
fn a_chain_longer_than_the_limit_is_too_long() {
    let names: Vec<String> = (1..=12).map(|i| format!("c{i}.example.test.")).collect();
    let answers = names
        .windows(2)
        .map(|w| cname(&w[0], &w[1], 300))
        .chain([txt(&names[11], &["end"], 300)])
        .collect();
    let reply = done(read(
        &names[0],
        QueryType::Txt,
        response(&names[0], ResponseCode::NoError, answers, vec![]),
    ));
    assert_eq!(
        reply.outcome,
        DnsOutcome::BrokenCname {
            fault: CnameFault::TooLong {
                start: "c1.example.test".into(),
                hops: MAX_CNAME_HOPS + 1,
            },
        }
    );
    assert_eq!(
        reply.outcome.describe(),
        "more than 8 CNAMEs in a row from c1.example.test"
    );
}

#[test]
fn a_cname_question_gets_the_cname() {
    let q = "loop1.example.test.";
    let resp = response(
        q,
        ResponseCode::NoError,
        vec![cname(q, "loop2.example.test.", 300)],
        vec![],
    );
    let reply = done(read(q, QueryType::Cname, resp));
    assert_eq!(
        reply.outcome.names().collect::<Vec<_>>(),
        ["loop2.example.test"]
    );
    assert!(reply.aliases.is_empty());
}

#[test]
fn replies_name_their_zone_and_authority() {
    let q = "_dmarc.example.test.";
    let resp = response(
        q,
        ResponseCode::NoError,
        vec![],
        vec![soa("example.test.", 300, 60)],
    );
    let reply = done(read(q, QueryType::Soa, resp));
    assert_eq!(reply.zone.as_deref(), Some("example.test"));
    assert_eq!(reply.authoritative, Some(true));
    let io = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
    let refused = done(read(q, QueryType::Soa, Err(NetError::Io(io.into()))));
    assert!(refused.unreachable, "{refused:?}");
    assert!(refused
        .outcome
        .describe()
        .starts_with("could not reach the server"));
}
