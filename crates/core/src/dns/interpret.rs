//! How one DNS response becomes an outcome: follow the CNAMEs in the answer section (bounded,
//! loops caught), keep the records of the asked type, take the negative TTL from the SOA in the
//! authority section (RFC 2308 §5), and map error codes and network failures to values.

use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::{DnsResponse, ResponseCode};
use hickory_resolver::proto::rr::{Name, RData, Record, RecordType};

use super::data::{host_text, join_txt, MxHost, QueryType, RecordData, Soa, SrvTarget};
use super::outcome::{CnameFault, DnsOutcome, DnsReply, MAX_CNAME_HOPS};

/// What to do after reading one response.
#[derive(Debug)]
pub(super) enum Step {
    /// The outcome is known.
    Done(DnsReply),
    /// The answer stopped at an alias the server did not follow: ask again at this name.
    Follow(Name),
}

/// The state of one lookup across the responses it needs: the name asked, the aliases met.
#[derive(Debug, Clone)]
pub(super) struct Walk {
    kind: QueryType,
    start: String,
    current: Name,
    /// Every name passed, the asked one first (lowercase, no final dot).
    visited: Vec<String>,
    /// The smallest TTL among the CNAMEs followed.
    ttl: u32,
    /// The AA bit of the last response read.
    authoritative: Option<bool>,
}

impl Walk {
    /// A lookup of `kind` at `name`.
    pub(super) fn new(name: &Name, kind: QueryType) -> Self {
        let start = lower(name);
        Walk {
            kind,
            start: start.clone(),
            current: name.clone(),
            visited: vec![start],
            ttl: u32::MAX,
            authoritative: None,
        }
    }

    /// The name the next question is about.
    pub(super) fn current(&self) -> &Name {
        &self.current
    }

    /// The outcome when the chain was still going after the last question allowed.
    pub(super) fn too_long(&self) -> DnsReply {
        self.reply(
            DnsOutcome::BrokenCname {
                fault: CnameFault::TooLong {
                    start: self.start.clone(),
                    hops: self.visited.len() - 1,
                },
            },
            None,
            None,
        )
    }

    /// The CNAMEs met so far as the answer: what a server asked directly says when the alias
    /// leads out of its zone (RFC 1034 §4.3.2 step 3a leaves the rest to a resolver).
    pub(super) fn alias_answer(&self) -> DnsReply {
        let records = self.visited[1..]
            .iter()
            .map(|name| RecordData::Cname(name.clone()))
            .collect();
        let outcome = DnsOutcome::Answer {
            records,
            ttl: self.ttl,
        };
        self.reply(outcome, self.authoritative, None)
    }

    /// Read the response to a question about [`Walk::current`].
    pub(super) fn take(&mut self, response: Result<DnsResponse, NetError>) -> Step {
        match response {
            Ok(response) => self.read(&response),
            Err(NetError::Dns(DnsError::NoRecordsFound(nr))) => {
                let negative_ttl = nr.negative_ttl;
                let outcome = if nr.response_code == ResponseCode::NXDomain {
                    DnsOutcome::NxDomain { negative_ttl }
                } else {
                    DnsOutcome::NoRecords { negative_ttl }
                };
                let zone = nr.soa.as_ref().map(|soa| lower(&soa.name));
                // A referral (NS records, no SOA) comes from a server that is not the authority.
                let authoritative = (nr.soa.is_none() && nr.ns.is_some()).then_some(false);
                Step::Done(self.reply(outcome, authoritative, zone))
            }
            Err(e) => {
                let mut reply = self.reply(outcome_of_error(&e), None, None);
                reply.unreachable = matches!(e, NetError::Io(_) | NetError::NoConnections);
                Step::Done(reply)
            }
        }
    }

    /// Read a response to a CNAME question asked to explain a SERVFAIL: `Follow` to the next
    /// alias, `Done` with a broken chain, or `None` when the chain ends (the SERVFAIL stands).
    pub(super) fn take_alias(&mut self, response: Result<DnsResponse, NetError>) -> Option<Step> {
        let response = response.ok()?;
        let (target, ttl) = cname_at(&response.answers, &self.current)?;
        Some(match self.pass(target, ttl) {
            Err(reply) => Step::Done(reply),
            Ok(()) => Step::Follow(self.current.clone()),
        })
    }

    fn read(&mut self, response: &DnsResponse) -> Step {
        let authoritative = Some(response.authoritative);
        self.authoritative = authoritative;
        let zone = response
            .answers
            .iter()
            .chain(&response.authorities)
            .find(|r| r.record_type() == RecordType::SOA)
            .map(|r| lower(&r.name));
        let before = self.visited.len();
        if self.kind != QueryType::Cname {
            while let Some((target, ttl)) = cname_at(&response.answers, &self.current) {
                if let Err(reply) = self.pass(target, ttl) {
                    return Step::Done(reply);
                }
            }
        }
        let wanted = record_type(self.kind);
        let owner = lower(&self.current);
        let mut ttl = self.ttl;
        let records: Vec<RecordData> = response
            .answers
            .iter()
            .filter(|r| r.record_type() == wanted && lower(&r.name) == owner)
            .filter_map(|r| {
                let data = convert(&r.data)?;
                ttl = ttl.min(r.ttl);
                Some(data)
            })
            .collect();
        if !records.is_empty() {
            return Step::Done(self.reply(
                DnsOutcome::Answer { records, ttl },
                authoritative,
                zone,
            ));
        }
        let followed = self.visited.len() > before;
        let code = response.response_code;
        let has_soa = response
            .authorities
            .iter()
            .any(|r| r.record_type() == RecordType::SOA);
        if followed && code == ResponseCode::NoError && !has_soa {
            // An authoritative server answers with the CNAME only when its target is elsewhere.
            return Step::Follow(self.current.clone());
        }
        let negative_ttl = response.negative_ttl();
        let outcome = match code {
            ResponseCode::NXDomain => DnsOutcome::NxDomain { negative_ttl },
            ResponseCode::NoError => DnsOutcome::NoRecords { negative_ttl },
            other => DnsOutcome::Failed {
                detail: format!("the server answered {other}"),
            },
        };
        Step::Done(self.reply(outcome, authoritative, zone))
    }

    /// Pass one alias: `Err` with the outcome when it closes a loop or the chain is too long.
    fn pass(&mut self, target: &Name, ttl: u32) -> Result<(), DnsReply> {
        let name = lower(target);
        self.ttl = self.ttl.min(ttl);
        if self.visited.contains(&name) {
            return Err(self.reply(
                DnsOutcome::BrokenCname {
                    fault: CnameFault::Loop { at: name },
                },
                None,
                None,
            ));
        }
        self.visited.push(name);
        self.current = target.clone();
        if self.visited.len() - 1 > MAX_CNAME_HOPS {
            return Err(self.too_long());
        }
        Ok(())
    }

    fn reply(
        &self,
        outcome: DnsOutcome,
        authoritative: Option<bool>,
        zone: Option<String>,
    ) -> DnsReply {
        DnsReply {
            outcome,
            authoritative,
            zone,
            aliases: self.visited[1..].to_vec(),
            unreachable: false,
        }
    }
}

/// True when a direct server's response shows that the name is not in its zones: it refused,
/// answered without the AA bit, or sent a referral (no SOA) instead of an authoritative denial.
pub(super) fn outside_authority(response: &Result<DnsResponse, NetError>) -> bool {
    match response {
        Ok(r) => !r.authoritative,
        Err(NetError::Dns(DnsError::ResponseCode(ResponseCode::Refused))) => true,
        Err(NetError::Dns(DnsError::NoRecordsFound(nr))) => nr.soa.is_none(),
        Err(_) => false,
    }
}

/// The CNAME owned by `name` in `answers`, with its TTL.
fn cname_at<'a>(answers: &'a [Record], name: &Name) -> Option<(&'a Name, u32)> {
    let owner = lower(name);
    answers.iter().find_map(|r| match &r.data {
        RData::CNAME(c) if lower(&r.name) == owner => Some((&c.0, r.ttl)),
        _ => None,
    })
}

/// A name as the core keeps it (lowercase, no final dot).
fn lower(name: &Name) -> String {
    host_text(&name.to_ascii())
}

/// The wire type for a query type.
pub(super) fn record_type(kind: QueryType) -> RecordType {
    match kind {
        QueryType::Ns => RecordType::NS,
        QueryType::Mx => RecordType::MX,
        QueryType::Txt => RecordType::TXT,
        QueryType::A => RecordType::A,
        QueryType::Aaaa => RecordType::AAAA,
        QueryType::Ptr => RecordType::PTR,
        QueryType::Cname => RecordType::CNAME,
        QueryType::Srv => RecordType::SRV,
        QueryType::Soa => RecordType::SOA,
    }
}

/// Keep the record data the core understands; other types are skipped.
pub(super) fn convert(data: &RData) -> Option<RecordData> {
    Some(match data {
        RData::NS(ns) => RecordData::Ns(lower(&ns.0)),
        RData::MX(mx) => RecordData::Mx(MxHost {
            preference: mx.preference,
            exchange: lower(&mx.exchange),
        }),
        RData::TXT(txt) => RecordData::Txt(join_txt(txt.txt_data.iter().map(|s| &s[..]))),
        RData::A(a) => RecordData::A(a.0),
        RData::AAAA(a) => RecordData::Aaaa(a.0),
        RData::PTR(ptr) => RecordData::Ptr(lower(&ptr.0)),
        RData::CNAME(c) => RecordData::Cname(lower(&c.0)),
        RData::SRV(srv) => RecordData::Srv(SrvTarget {
            priority: srv.priority,
            weight: srv.weight,
            port: srv.port,
            target: lower(&srv.target),
        }),
        RData::SOA(soa) => RecordData::Soa(Soa {
            mname: lower(&soa.mname),
            rname: lower(&soa.rname),
            serial: soa.serial,
            refresh: seconds(soa.refresh),
            retry: seconds(soa.retry),
            expire: seconds(soa.expire),
            minimum: soa.minimum,
        }),
        _ => return None,
    })
}

/// hickory keeps SOA timers as `i32`; RFC 1035 §3.3.13 defines them as unsigned 32-bit.
fn seconds(value: i32) -> u32 {
    value as u32
}

/// Map a failure to the outcome it stands for.
pub(super) fn outcome_of_error(e: &NetError) -> DnsOutcome {
    match e {
        NetError::Dns(DnsError::NoRecordsFound(nr))
            if nr.response_code == ResponseCode::NXDomain =>
        {
            DnsOutcome::NxDomain {
                negative_ttl: nr.negative_ttl,
            }
        }
        NetError::Dns(DnsError::NoRecordsFound(nr)) => DnsOutcome::NoRecords {
            negative_ttl: nr.negative_ttl,
        },
        NetError::Dns(DnsError::ResponseCode(ResponseCode::ServFail)) => DnsOutcome::ServFail,
        NetError::Dns(DnsError::ResponseCode(ResponseCode::Refused)) => DnsOutcome::Refused,
        NetError::Dns(DnsError::ResponseCode(code)) => DnsOutcome::Failed {
            detail: format!("the server answered {code}"),
        },
        NetError::Timeout => DnsOutcome::Timeout,
        NetError::Truncated => DnsOutcome::Failed {
            detail: "the answer was too large for UDP and asking again over TCP failed".to_owned(),
        },
        NetError::Io(io) => DnsOutcome::Failed {
            detail: format!("could not reach the server: {io}"),
        },
        NetError::Proto(e) => DnsOutcome::Failed {
            detail: format!("the server sent a malformed answer ({e})"),
        },
        NetError::NoConnections => DnsOutcome::Failed {
            detail: "could not reach any DNS server".to_owned(),
        },
        other => DnsOutcome::Failed {
            detail: other.to_string(),
        },
    }
}
