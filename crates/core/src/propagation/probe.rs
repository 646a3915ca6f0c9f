//! Ask one server about one expected record — and, when it is absent, the follow-up questions
//! that name the mistake (the doubled name, another type at the name, Cloudflare's proxy).

use super::diagnose::{self, Judgement};
use super::model::{ErrorKind, ExpectedRecord, Role, State};
use super::schedule::Budget;
use crate::dns::{DnsOutcome, DnsReply, QueryType, Resolve};
use crate::finding::{Finding, Severity};
use crate::records::RecordType;
use tokio::time::Instant;

/// What one probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The state.
    pub state: State,
    /// In plain words.
    pub detail: String,
    /// The mistake's or note's stable id.
    pub problem: Option<String>,
    /// What to do.
    pub fix: Option<String>,
    /// For an error, which kind.
    pub error: Option<ErrorKind>,
    /// Seconds the server's answer may be cached (the record's TTL, or the negative TTL of
    /// "no such record", RFC 2308 §5): at a resolver, when the answer can change at the earliest.
    pub cached_for: Option<u32>,
    /// When the first answer came (TTLs count from then, not from after the follow-ups).
    pub answered_at: Option<Instant>,
}

impl Observation {
    fn plain(state: State, detail: impl Into<String>, cached_for: Option<u32>) -> Self {
        Observation {
            state,
            detail: detail.into(),
            problem: None,
            fix: None,
            error: None,
            cached_for,
            answered_at: None,
        }
    }

    fn mismatch(f: Finding, cached_for: Option<u32>) -> Self {
        Observation {
            state: State::Mismatch,
            detail: f.message,
            problem: Some(f.id.to_owned()),
            fix: f.fix,
            error: None,
            cached_for,
            answered_at: None,
        }
    }

    fn error(kind: ErrorKind, detail: String) -> Self {
        Observation {
            state: State::Error,
            detail,
            problem: None,
            fix: None,
            error: Some(kind),
            cached_for: None,
            answered_at: None,
        }
    }
}

/// The query type for a record type.
pub fn query_type(kind: RecordType) -> QueryType {
    match kind {
        RecordType::Txt => QueryType::Txt,
        RecordType::Cname => QueryType::Cname,
        RecordType::Mx => QueryType::Mx,
    }
}

/// Ask `server` about `e` (at most four queries, each paid from `budget`).
pub async fn probe<R: Resolve>(
    server: &R,
    budget: &mut Budget,
    e: &ExpectedRecord,
    domain: &str,
    role: Role,
) -> Observation {
    probe_with(server, budget, e, domain, role, true).await
}

/// [`probe`], with the follow-up questions that name a mistake only when `follow_ups` (a
/// recheck of an unchanged zone asks just the record: one query).
pub(super) async fn probe_with<R: Resolve>(
    server: &R,
    budget: &mut Budget,
    e: &ExpectedRecord,
    domain: &str,
    role: Role,
    follow_ups: bool,
) -> Observation {
    budget.take().await;
    let before = server.questions_sent();
    let reply = server.lookup_reply(&e.name, query_type(e.kind)).await;
    budget.pay_follow_ups(before, server.questions_sent());
    let answered_at = Instant::now();
    let o = match not_from_the_zone(&reply, role) {
        Some(o) => o,
        None => read(server, budget, e, domain, role, reply.outcome, follow_ups).await,
    };
    Observation {
        answered_at: Some(answered_at),
        ..o
    }
}

/// What the first answer says, with the follow-up questions when the record is absent.
async fn read<R: Resolve>(
    server: &R,
    budget: &mut Budget,
    e: &ExpectedRecord,
    domain: &str,
    role: Role,
    outcome: DnsOutcome,
    follow_ups: bool,
) -> Observation {
    let (cached_for, judgement) = match &outcome {
        DnsOutcome::Answer { records, ttl } => {
            (Some(*ttl), diagnose::judge(e, records, domain, role))
        }
        DnsOutcome::NoRecords { negative_ttl } | DnsOutcome::NxDomain { negative_ttl } => {
            (*negative_ttl, Judgement::Absent)
        }
        DnsOutcome::BrokenCname { fault } => {
            let f = Finding::new(
                "watch.cname_loop",
                Severity::Error,
                format!("The name leads nowhere: {}.", fault.describe()),
                format!(
                    "Delete the CNAME record at {} and add the {} record Sendwell gave you.",
                    e.host, e.kind
                ),
            );
            return Observation::mismatch(f, None);
        }
        other => return error_observation(other, role),
    };
    match judgement {
        Judgement::Match { note } => {
            let word = match role {
                Role::Authoritative => State::Published,
                Role::Resolver => State::Live,
            };
            let mut o = Observation::plain(word, word.as_str(), cached_for);
            if let Some(note) = note {
                o.detail = format!("{}: {note}", word.as_str());
                o.problem = Some("watch.equivalent".to_owned());
            }
            o
        }
        Judgement::Mismatch(f) => Observation::mismatch(f, cached_for),
        Judgement::Absent if !follow_ups => absent(role, &outcome, cached_for),
        Judgement::Absent => match mistake_when_absent(server, budget, e, domain, role).await {
            Some(f) => Observation::mismatch(f, cached_for),
            None => absent(role, &outcome, cached_for),
        },
    }
}

/// A reply that says nothing about the record: the server could not be reached, or — from a
/// name server — it answered without the AA bit (from a cache, or a referral to other servers,
/// RFC 1034 §4.3.1). Never read as "published" or "not published".
fn not_from_the_zone(reply: &DnsReply, role: Role) -> Option<Observation> {
    if reply.unreachable {
        return Some(Observation::error(
            ErrorKind::Unreachable,
            format!("unreachable: {}", reply.outcome.describe()),
        ));
    }
    let conclusive = matches!(
        reply.outcome,
        DnsOutcome::Answer { .. } | DnsOutcome::NoRecords { .. } | DnsOutcome::NxDomain { .. }
    );
    let name_server = role == Role::Authoritative;
    (name_server && conclusive && reply.authoritative == Some(false)).then(|| {
        Observation::error(
            ErrorKind::Failed,
            "this name server answered without authority (from a cache or with a referral \
             elsewhere): it does not serve this zone itself"
                .to_owned(),
        )
    })
}

fn absent(role: Role, outcome: &DnsOutcome, cached_for: Option<u32>) -> Observation {
    let detail = match (role, outcome) {
        (Role::Authoritative, _) => "not published on this name server yet",
        (Role::Resolver, DnsOutcome::Answer { .. }) => {
            "not live yet: this resolver has the name's other records cached, without this one"
        }
        (Role::Resolver, _) if cached_for.is_some() => {
            "not live yet: this resolver has \"no such record\" cached"
        }
        (Role::Resolver, _) => "not live yet",
    };
    Observation::plain(State::Waiting, detail, cached_for)
}

/// The record is not at its name: was it added somewhere it does not belong?
async fn mistake_when_absent<R: Resolve>(
    server: &R,
    budget: &mut Budget,
    e: &ExpectedRecord,
    domain: &str,
    role: Role,
) -> Option<Finding> {
    let doubled_suffix = format!(".{domain}.{domain}");
    if !e.name.ends_with(&doubled_suffix) {
        let doubled = format!("{}.{domain}", e.name);
        if let DnsOutcome::Answer { records, .. } =
            ask(server, budget, &doubled, query_type(e.kind)).await
        {
            if !matches!(
                diagnose::judge(e, &records, domain, role),
                Judgement::Absent
            ) {
                return Some(diagnose::doubled_domain(e, domain));
            }
        }
    }
    match e.kind {
        RecordType::Cname => {
            let a = ask(server, budget, &e.name, QueryType::A).await;
            let ips: Vec<_> = a.ips().collect();
            if !ips.is_empty() {
                return Some(diagnose::addresses_instead_of_cname(e, &ips));
            }
            let txt = ask(server, budget, &e.name, QueryType::Txt).await;
            if txt.txt().next().is_some() {
                return Some(diagnose::wrong_type(e, "a TXT record"));
            }
            None
        }
        RecordType::Txt | RecordType::Mx => {
            let cname = ask(server, budget, &e.name, QueryType::Cname).await;
            if cname.names().next().is_some() {
                return Some(diagnose::wrong_type(e, "a CNAME record"));
            }
            None
        }
    }
}

/// One follow-up question, paid from `budget`: a token first, then any packets beyond one
/// (CNAMEs the resolver followed inside the lookup).
async fn ask<R: Resolve>(
    server: &R,
    budget: &mut Budget,
    name: &str,
    kind: QueryType,
) -> DnsOutcome {
    budget.take().await;
    let before = server.questions_sent();
    let outcome = server.lookup(name, kind).await;
    budget.pay_follow_ups(before, server.questions_sent());
    outcome
}

fn error_observation(outcome: &DnsOutcome, role: Role) -> Observation {
    let who = match role {
        Role::Authoritative => "this name server",
        Role::Resolver => "this resolver",
    };
    match outcome {
        DnsOutcome::ServFail => Observation::error(
            ErrorKind::Servfail,
            format!("{who} failed to answer (SERVFAIL)"),
        ),
        DnsOutcome::Refused => Observation::error(
            ErrorKind::Refused,
            match role {
                Role::Authoritative => {
                    "this name server refused to answer (REFUSED): it may not serve this domain"
                        .to_owned()
                }
                Role::Resolver => "this resolver refused to answer (REFUSED)".to_owned(),
            },
        ),
        DnsOutcome::Timeout => Observation::error(
            ErrorKind::Unreachable,
            format!("unreachable: {who} gave no answer in time"),
        ),
        // A malformed answer, FORMERR, NOTIMP, TCP failing after truncation: it answered, badly.
        other => Observation::error(
            ErrorKind::Failed,
            format!("{who} could not answer: {}", other.describe()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::RecordData;
    use crate::propagation::fixture::FixtureResolver;

    fn dmarc() -> ExpectedRecord {
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

    #[tokio::test]
    async fn outcomes_become_states() {
        let e = dmarc();
        for (outcome, role, state, error) in [
            (
                DnsOutcome::Answer {
                    records: vec![RecordData::Txt("v=DMARC1; p=none".into())],
                    ttl: 300,
                },
                Role::Authoritative,
                State::Published,
                None,
            ),
            (
                DnsOutcome::NxDomain {
                    negative_ttl: Some(10),
                },
                Role::Resolver,
                State::Waiting,
                None,
            ),
            (
                DnsOutcome::Timeout,
                Role::Authoritative,
                State::Error,
                Some(ErrorKind::Unreachable),
            ),
            (
                DnsOutcome::ServFail,
                Role::Resolver,
                State::Error,
                Some(ErrorKind::Servfail),
            ),
            (
                DnsOutcome::Refused,
                Role::Authoritative,
                State::Error,
                Some(ErrorKind::Refused),
            ),
        ] {
            let r = FixtureResolver::default();
            r.set(&e.name, QueryType::Txt, outcome.clone());
            let mut b = Budget::new(100.0, 100);
            let o = probe(&r, &mut b, &e, "example.com", role).await;
            assert_eq!((o.state, o.error), (state, error), "{outcome:?}");
            assert!(!o.detail.contains("missing"), "{}", o.detail);
        }
    }

    #[tokio::test]
    async fn doubled_name_is_found() {
        let e = dmarc();
        let r = FixtureResolver::default();
        r.set(
            "_dmarc.example.com.example.com",
            QueryType::Txt,
            DnsOutcome::Answer {
                records: vec![RecordData::Txt("v=DMARC1; p=none".into())],
                ttl: 300,
            },
        );
        let mut b = Budget::new(100.0, 100);
        let o = probe(&r, &mut b, &e, "example.com", Role::Authoritative).await;
        assert_eq!(o.state, State::Mismatch);
        assert_eq!(o.problem.as_deref(), Some("watch.doubled_domain"));
        assert!(o.fix.as_deref().unwrap_or_default().contains("`_dmarc`"));
    }

    /// A name server whose reply is `reply` for every question.
    struct Replying(DnsReply);

    impl Resolve for Replying {
        async fn lookup(&self, _: &str, _: QueryType) -> DnsOutcome {
            self.0.outcome.clone()
        }

        async fn lookup_reply(&self, _: &str, _: QueryType) -> DnsReply {
            self.0.clone()
        }
    }

    #[tokio::test]
    async fn a_name_server_answer_without_authority_or_unreachable_is_an_error() {
        let e = dmarc();
        let found = DnsOutcome::Answer {
            records: vec![RecordData::Txt("v=DMARC1; p=none".into())],
            ttl: 300,
        };
        let referral = DnsOutcome::NoRecords { negative_ttl: None };
        let refused_connection = DnsOutcome::Failed {
            detail: "connection refused".into(),
        };
        for (outcome, authoritative, unreachable, state, error) in [
            (found.clone(), Some(true), false, State::Published, None),
            (found.clone(), None, false, State::Published, None),
            (
                found,
                Some(false),
                false,
                State::Error,
                Some(ErrorKind::Failed),
            ),
            (
                referral,
                Some(false),
                false,
                State::Error,
                Some(ErrorKind::Failed),
            ),
            (
                refused_connection,
                None,
                true,
                State::Error,
                Some(ErrorKind::Unreachable),
            ),
        ] {
            let r = Replying(DnsReply {
                authoritative,
                unreachable,
                ..DnsReply::from(outcome.clone())
            });
            let mut b = Budget::new(100.0, 100);
            let o = probe(&r, &mut b, &e, "example.com", Role::Authoritative).await;
            assert_eq!(
                (o.state, o.error),
                (state, error),
                "{outcome:?} {authoritative:?}"
            );
        }
    }

    #[tokio::test]
    async fn failures_that_are_answers_are_failed_not_unreachable() {
        let e = dmarc();
        for role in [Role::Authoritative, Role::Resolver] {
            let r = FixtureResolver::default();
            r.set(
                &e.name,
                QueryType::Txt,
                DnsOutcome::Failed {
                    detail: "the server answered Not Implemented".into(),
                },
            );
            let mut b = Budget::new(100.0, 100);
            let o = probe(&r, &mut b, &e, "example.com", role).await;
            assert_eq!((o.state, o.error), (State::Error, Some(ErrorKind::Failed)));
            assert!(o.detail.contains("Not Implemented"), "{}", o.detail);
        }
        // A resolver that refuses the connection is unreachable.
        let r = Replying(DnsReply {
            unreachable: true,
            ..DnsReply::from(DnsOutcome::Failed {
                detail: "connection refused".into(),
            })
        });
        let mut b = Budget::new(100.0, 100);
        let o = probe(&r, &mut b, &e, "example.com", Role::Resolver).await;
        assert_eq!(o.error, Some(ErrorKind::Unreachable));
    }
}
