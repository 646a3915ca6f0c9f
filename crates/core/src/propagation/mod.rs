//! The propagation watch (DESIGN.md step 8): ask each of the domain's name servers directly
//! ("published?") and a panel of resolvers ("live?") for every planned record, until all is live.
//!
//! [`watch`] runs it: one worker per server, each with its own query budget (a token bucket)
//! and a schedule guided by TTLs — a resolver that cached "no such record" is asked again just
//! after that negative TTL runs out (RFC 2308 §5), which is also its ETA. Every change is a
//! [`WatchEvent`]; mistakes seen while waiting (a doubled domain, quotes, the old value,
//! Cloudflare's proxy, a wrong type) are mismatches with a plain fix. The state is saved
//! (docs/WATCH_STATE.md) so a restarted watch resumes, re-checking everything it knew.

mod board;
mod compare;
mod diagnose;
#[cfg(test)]
pub(crate) mod fixture;
mod job;
mod model;
mod probe;
mod schedule;
mod settings;
mod state;
#[cfg(test)]
mod tests;
mod watch;

pub use compare::{family, same_host, txt as compare_txt, Sameness, TxtFamily};
pub use diagnose::is_cloudflare_proxy;
pub use job::{prepare_job, JobServers};
pub use model::{
    expected_records, ErrorKind, ExpectedRecord, Outcome, PairStatus, RecordProgress,
    RecordSummary, Role, ServerInfo, ServerQueries, ServerStatus, State, StatusEvent, Target,
    WatchEvent, WatchSummary,
};
pub use probe::{probe, Observation};
pub use schedule::Budget;
pub use settings::{
    authoritative_targets, authority_servers, parse_duration, plan_records, read_plan_file,
    resolver_panel, WatchSettings, MAX_TIMEOUT, PUBLIC_RESOLVERS,
};
pub use state::{
    default_state_path, set_aside, unix_now, SavedPair, SavedRecord, SavedWatch, STATE_VERSION,
};
pub use tokio_util::sync::CancellationToken;
pub use watch::{watch, WatchJob};
