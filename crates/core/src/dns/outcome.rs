//! What one DNS question came back with, as a value: an answer, NXDOMAIN, no data, SERVFAIL,
//! refused, timeout, a broken CNAME chain, or another failure — never an error.

use std::net::IpAddr;

use super::data::{MxHost, RecordData, Soa, SrvTarget};

/// The most CNAMEs followed from one name before the chain counts as too long. RFC 1034 §3.6.2
/// sets no number; hickory-resolver stops at 8, and real-world chains (a DKIM CNAME to a
/// provider, a provider's own CNAME) stay well below that.
pub const MAX_CNAME_HOPS: usize = 8;

/// Why following CNAMEs (RFC 1034 §3.6.2, RFC 2181 §10.1) did not end in an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CnameFault {
    /// The aliases lead back to a name already passed; `at` is that name.
    Loop {
        /// The first name met twice (lowercase, no final dot).
        at: String,
    },
    /// More than [`MAX_CNAME_HOPS`] aliases in a row.
    TooLong {
        /// The name asked (lowercase, no final dot).
        start: String,
        /// How many CNAMEs were seen before giving up (one more than the limit).
        hops: usize,
    },
}

impl CnameFault {
    /// Plain words for the fault ("CNAME loop at loop1.cnameloop.test").
    pub fn describe(&self) -> String {
        match self {
            CnameFault::Loop { at } => format!("CNAME loop at {at}"),
            CnameFault::TooLong { start, .. } => {
                format!("more than {MAX_CNAME_HOPS} CNAMEs in a row from {start}")
            }
        }
    }
}

/// What one DNS question came back with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsOutcome {
    /// Records of the asked type, with the smallest TTL among them (and among the CNAMEs that led
    /// to them).
    Answer {
        /// The records.
        records: Vec<RecordData>,
        /// Seconds a resolver may cache them.
        ttl: u32,
    },
    /// The name exists but has no records of this type (NOERROR/NODATA, RFC 2308 §2.2).
    NoRecords {
        /// How long resolvers cache this answer: min(SOA TTL, SOA minimum) of the SOA in the
        /// authority section (RFC 2308 §5), when the server sent one.
        negative_ttl: Option<u32>,
    },
    /// The name does not exist at all (RCODE 3, RFC 2308 §2.1).
    NxDomain {
        /// How long resolvers cache this answer: min(SOA TTL, SOA minimum) (RFC 2308 §5), when
        /// the server sent an SOA.
        negative_ttl: Option<u32>,
    },
    /// The server failed to answer (RCODE 2).
    ServFail,
    /// The server refused to answer (RCODE 5).
    Refused,
    /// No answer arrived in time. Never means "missing".
    Timeout,
    /// The CNAMEs from the asked name loop or go on too long (RFC 1034 §3.6.2), so there is no
    /// answer to give. Resolvers usually report a loop as SERVFAIL; this says why.
    BrokenCname {
        /// What is wrong with the chain.
        fault: CnameFault,
    },
    /// Anything else (a network error, a malformed answer), with a short description.
    Failed {
        /// What happened, for the details view.
        detail: String,
    },
}

impl DnsOutcome {
    /// True when the lookup completed (found, no records or NXDOMAIN), so absence is a fact.
    pub fn is_conclusive(&self) -> bool {
        matches!(
            self,
            DnsOutcome::Answer { .. } | DnsOutcome::NoRecords { .. } | DnsOutcome::NxDomain { .. }
        )
    }

    /// A few plain words for the outcome, for details views and findings ("no answer in time").
    pub fn describe(&self) -> String {
        match self {
            DnsOutcome::Timeout => "no answer in time".to_owned(),
            DnsOutcome::ServFail => "the server failed".to_owned(),
            DnsOutcome::Refused => "the server refused".to_owned(),
            DnsOutcome::BrokenCname { fault } => fault.describe(),
            DnsOutcome::Failed { detail } => detail.clone(),
            DnsOutcome::Answer { .. } => "answered".to_owned(),
            DnsOutcome::NoRecords { .. } => "no records".to_owned(),
            DnsOutcome::NxDomain { .. } => "no such name".to_owned(),
        }
    }

    /// The negative-caching TTL of a "no records" or NXDOMAIN answer (RFC 2308 §5), else `None`.
    pub fn negative_ttl(&self) -> Option<u32> {
        match self {
            DnsOutcome::NoRecords { negative_ttl } | DnsOutcome::NxDomain { negative_ttl } => {
                *negative_ttl
            }
            _ => None,
        }
    }

    /// The TTL of an answer, else `None`.
    pub fn ttl(&self) -> Option<u32> {
        match self {
            DnsOutcome::Answer { ttl, .. } => Some(*ttl),
            _ => None,
        }
    }

    /// The records, empty unless this is an answer.
    pub fn records(&self) -> &[RecordData] {
        match self {
            DnsOutcome::Answer { records, .. } => records,
            _ => &[],
        }
    }

    /// The TXT strings of an answer (each record's character-strings already joined).
    pub fn txt(&self) -> impl Iterator<Item = &str> {
        self.records().iter().filter_map(|r| match r {
            RecordData::Txt(t) => Some(t.as_str()),
            _ => None,
        })
    }

    /// The name server host names of an answer.
    pub fn ns(&self) -> impl Iterator<Item = &str> {
        self.records().iter().filter_map(|r| match r {
            RecordData::Ns(h) => Some(h.as_str()),
            _ => None,
        })
    }

    /// The MX records of an answer.
    pub fn mx(&self) -> impl Iterator<Item = &MxHost> {
        self.records().iter().filter_map(|r| match r {
            RecordData::Mx(m) => Some(m),
            _ => None,
        })
    }

    /// The IPv4 and IPv6 addresses of an answer.
    pub fn ips(&self) -> impl Iterator<Item = IpAddr> + '_ {
        self.records().iter().filter_map(|r| match r {
            RecordData::A(a) => Some(IpAddr::V4(*a)),
            RecordData::Aaaa(a) => Some(IpAddr::V6(*a)),
            _ => None,
        })
    }

    /// The SRV records of an answer.
    pub fn srv(&self) -> impl Iterator<Item = &SrvTarget> {
        self.records().iter().filter_map(|r| match r {
            RecordData::Srv(s) => Some(s),
            _ => None,
        })
    }

    /// The PTR or CNAME target names of an answer.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.records().iter().filter_map(|r| match r {
            RecordData::Ptr(h) | RecordData::Cname(h) => Some(h.as_str()),
            _ => None,
        })
    }

    /// The SOA record of an answer (a zone has exactly one, RFC 1035 §5.2).
    pub fn soa(&self) -> Option<&Soa> {
        self.records().iter().find_map(|r| match r {
            RecordData::Soa(s) => Some(s),
            _ => None,
        })
    }
}

/// An outcome with what the answering server said about itself, for authoritative checks:
/// whether it claimed authority and which zone the answer came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsReply {
    /// The outcome, as [`super::Resolve::lookup`] gives it.
    pub outcome: DnsOutcome,
    /// The AA bit (RFC 1035 §4.1.1): `Some(true)` when the server answered as an authority for
    /// the zone, `Some(false)` when it did not (a cache or a referral), `None` when unknown.
    pub authoritative: Option<bool>,
    /// The zone the answer came from: the owner of the SOA in the answer or authority section
    /// (lowercase, no final dot), when one was sent. A "no data" answer to an SOA question at a
    /// name inside a zone names that zone's apex this way (RFC 2308 §3).
    pub zone: Option<String>,
    /// The CNAMEs followed from the asked name to the answer, in order (lowercase, no final dot);
    /// empty when the name was not an alias.
    pub aliases: Vec<String>,
    /// True when the server could not be reached at all (connection refused, network
    /// unreachable), as opposed to answering badly; the outcome is then `Failed`.
    pub unreachable: bool,
}

impl From<DnsOutcome> for DnsReply {
    /// A reply that knows only the outcome.
    fn from(outcome: DnsOutcome) -> Self {
        DnsReply {
            outcome,
            authoritative: None,
            zone: None,
            aliases: Vec::new(),
            unreachable: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_describe_themselves_plainly() {
        for (outcome, expected) in [
            (DnsOutcome::Timeout, "no answer in time"),
            (
                DnsOutcome::BrokenCname {
                    fault: CnameFault::Loop {
                        at: "loop1.cnameloop.test".into(),
                    },
                },
                "CNAME loop at loop1.cnameloop.test",
            ),
            (
                DnsOutcome::BrokenCname {
                    fault: CnameFault::TooLong {
                        start: "c1.cnameloop.test".into(),
                        hops: 9,
                    },
                },
                "more than 8 CNAMEs in a row from c1.cnameloop.test",
            ),
            (DnsOutcome::NxDomain { negative_ttl: None }, "no such name"),
        ] {
            assert_eq!(outcome.describe(), expected);
        }
    }

    #[test]
    fn negative_ttl_only_for_negative_answers() {
        assert_eq!(
            DnsOutcome::NoRecords {
                negative_ttl: Some(10)
            }
            .negative_ttl(),
            Some(10)
        );
        assert_eq!(DnsOutcome::ServFail.negative_ttl(), None);
        assert!(!DnsOutcome::BrokenCname {
            fault: CnameFault::Loop { at: "a".into() }
        }
        .is_conclusive());
    }
}
