//! What the watch talks about: the records it expects, the servers it asks, the state of each
//! record at each server, and the events and summary it reports (the UI and `--json` read these).

use std::net::SocketAddr;

use serde::{Deserialize, Serialize};

use crate::plan::{Change, PlanFile, PlannedRecord};
use crate::records::RecordType;

/// One record the user was asked to publish, as the watch expects to find it in DNS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedRecord {
    /// TXT, CNAME or MX.
    #[serde(rename = "type")]
    pub kind: RecordType,
    /// The full name (ASCII, lowercase, no final dot).
    pub name: String,
    /// The name as the DNS panel wants it in its Host field (for fixes: "type only `_dmarc`").
    pub host: String,
    /// The record data: TXT text with its strings joined, or the target host name.
    pub content: String,
    /// MX preference.
    pub priority: Option<u16>,
    /// The TTL the plan asked for.
    pub ttl: u32,
    /// The value published before, when the plan replaces one (`change: replace`).
    pub old: Option<String>,
}

impl ExpectedRecord {
    /// The record the plan asks for. `unchanged` and `replace` records are watched too.
    pub fn from_planned(r: &PlannedRecord) -> Self {
        ExpectedRecord {
            kind: r.kind,
            name: r.name.trim_end_matches('.').to_ascii_lowercase(),
            host: r.host.clone(),
            content: r.content.clone(),
            priority: r.priority,
            ttl: r.ttl,
            old: match &r.change {
                Change::Replace { old } => Some(old.clone()),
                Change::New | Change::Unchanged => None,
            },
        }
    }

    /// `TXT _dmarc.example.com`: how events and the saved state name the record. A name holds
    /// several MX records, so an MX key also names its mail server:
    /// `MX example.com aspmx.l.google.com`.
    pub fn key(&self) -> String {
        match self.kind {
            RecordType::Mx => format!(
                "{} {} {}",
                self.kind,
                self.name,
                self.content.trim_end_matches('.').to_ascii_lowercase()
            ),
            _ => format!("{} {}", self.kind, self.name),
        }
    }
}

/// The records of a plan file to watch: everything the user publishes in their own zone
/// (a record another domain's owner must publish, `published_by`, is not theirs to wait for).
pub fn expected_records(plan: &PlanFile) -> Vec<ExpectedRecord> {
    plan.records
        .iter()
        .filter(|r| r.published_by.is_none())
        .map(ExpectedRecord::from_planned)
        .collect()
}

/// Which side of DNS a server is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// One of the domain's own name servers, asked directly: "published?" (RFC 1034 §4.3.1).
    Authoritative,
    /// A recursive resolver with a cache, as the world asks: "live?" (RFC 1034 §4.3.1, RFC 2308).
    Resolver,
}

/// A server the watch asks, as shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerInfo {
    /// How it is shown: `ns1.example.com (192.0.2.1)`, `Google (8.8.8.8)`, `system resolver`.
    pub label: String,
    /// Its address, when it is one server (the system resolver may be several).
    pub address: Option<SocketAddr>,
    /// Authoritative name server or resolver.
    pub role: Role,
}

/// A server to ask, with the means to ask it.
#[derive(Debug, Clone)]
pub struct Target<R> {
    /// What it is.
    pub info: ServerInfo,
    /// How to ask it (direct, uncached queries for an authoritative server).
    pub resolver: R,
}

/// The state of one record at one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Not there yet (not published on this name server, or not live at this resolver yet).
    Waiting,
    /// This authoritative name server serves the record.
    Published,
    /// This resolver returns the record: the world sees it.
    Live,
    /// Something is there, but not the expected record (see `problem`, `detail` and `fix`).
    Mismatch,
    /// The server could not be asked (see `error`): never read as "missing".
    Error,
}

impl State {
    /// The word shown in tables and text lines.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Waiting => "waiting",
            State::Published => "published",
            State::Live => "live",
            State::Mismatch => "mismatch",
            State::Error => "error",
        }
    }
}

/// Why a server could not be asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// No answer in time, or no connection: the server may be down.
    Unreachable,
    /// The server answered SERVFAIL (RFC 1035 §4.1.1, RCODE 2).
    Servfail,
    /// The server answered REFUSED (RCODE 5).
    Refused,
    /// Any other failure (a malformed answer, an unexpected RCODE).
    Failed,
}

/// What the watch knows about one record at one server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairStatus {
    /// The state.
    pub state: State,
    /// What was seen, in plain words ("published", "not live yet: …", "still the old value …").
    pub detail: String,
    /// The stable id of the mistake or note (`watch.doubled_domain`, `watch.old_value`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// What to do about a mismatch, when the user can act.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// For an error: what kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorKind>,
    /// When this resolver should show the record at the latest (Unix seconds), from the cached
    /// negative answer's TTL (RFC 2308 §5) or the old value's TTL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eta_at: Option<u64>,
    /// When this state was first seen (Unix seconds).
    pub since: u64,
    /// When the server was last asked (Unix seconds).
    pub checked: u64,
}

/// How the watch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every record is published on every name server that answers and live at every resolver.
    AllLive,
    /// The overall timeout came first.
    Timeout,
    /// The watch was cancelled (Ctrl-C, the app closed the step).
    Cancelled,
}

/// Counts for one record, with a sentence such as "published on 1 of 2 name servers".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordProgress {
    /// `TXT _dmarc.example.com`.
    pub record: String,
    /// The record type.
    #[serde(rename = "type")]
    pub kind: RecordType,
    /// The full name.
    pub name: String,
    /// Name servers that serve it.
    pub published: usize,
    /// Name servers asked.
    pub authoritative: usize,
    /// Resolvers that return it.
    pub live: usize,
    /// Resolvers asked.
    pub resolvers: usize,
    /// Resolvers that could not be reached (or refused) on every recent try: they are left out
    /// of the goal, so one blocked resolver does not keep the watch from finishing.
    #[serde(default)]
    pub unreachable: usize,
    /// Live everywhere it has to be: published on every name server that answers and live at
    /// every reachable resolver.
    #[serde(default)]
    pub done: bool,
    /// The counts in words: "published on 1 of 2 name servers; live on 0 of 1 resolvers".
    pub summary: String,
}

/// One record at one server in the final summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerStatus {
    /// The server's label.
    pub server: String,
    /// Its role.
    pub role: Role,
    /// The last state seen (`None`: never answered in this run).
    #[serde(flatten)]
    pub status: Option<PairStatus>,
}

/// A record in the final summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSummary {
    /// The counts.
    #[serde(flatten)]
    pub progress: RecordProgress,
    /// Each server's state for it.
    pub servers: Vec<ServerStatus>,
}

/// How many questions one server got (the budget keeps it near one per interval).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerQueries {
    /// The server's label.
    pub server: String,
    /// Queries sent to it.
    pub queries: u64,
}

/// What a finished watch returns (and `--json` prints last, as `"event": "summary"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WatchSummary {
    /// The domain.
    pub domain: String,
    /// How it ended.
    pub outcome: Outcome,
    /// Seconds the watch ran.
    pub elapsed: f64,
    /// DNS queries sent, all servers together.
    pub queries: u64,
    /// DNS queries sent to each server, in the order of the servers.
    pub server_queries: Vec<ServerQueries>,
    /// Every record with every server's state.
    pub records: Vec<RecordSummary>,
    /// True when no server ever answered (the network is down?): CLI exit 3.
    pub nothing_answered: bool,
    /// Why the state could not be saved at the end, when it could not (the watch itself is
    /// complete; only a resumed watch would start afresh).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_error: Option<String>,
}

/// A change the UI or the terminal shows, in order. `--json` prints one per line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum WatchEvent {
    /// The watch began: what it asks about and whom.
    Started {
        /// The domain.
        domain: String,
        /// The records, by key.
        records: Vec<String>,
        /// The servers.
        servers: Vec<ServerInfo>,
    },
    /// A state known from a saved watch, shown until it is checked again.
    Resumed(StatusEvent),
    /// A record's state at a server changed (or its detail did).
    Status(StatusEvent),
    /// A record's counts changed.
    Record(RecordProgress),
    /// Something the user should know that is not about one record (the state could not be
    /// saved, a saved state of another watch was moved aside).
    Warning {
        /// In plain words.
        message: String,
    },
    /// The end, with everything known.
    Summary(WatchSummary),
}

/// One record at one server, as an event line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusEvent {
    /// `TXT _dmarc.example.com`.
    pub record: String,
    /// The server's label.
    pub server: String,
    /// Its role.
    pub role: Role,
    /// The state, detail, fix, problem id, error kind and times.
    #[serde(flatten)]
    pub status: PairStatus,
    /// Seconds from now until the ETA (rounded up), when there is one.
    pub eta: Option<u64>,
    /// Seconds since the watch started.
    pub elapsed: f64,
}
