//! The resolver interface the rest of the core asks DNS through, and its hickory implementation.
//! Every outcome — an answer, NXDOMAIN, no data, SERVFAIL, refused, timeout — is a value.
//!
//! - [`data`]: query types and record data (RFC 1035 §3.3).
//! - [`outcome`]: [`DnsOutcome`] and the fuller [`DnsReply`].
//! - [`settings`]: [`ResolverSettings`] and `IP[:PORT]` parsing.
//! - `hickory`: [`HickoryResolver`], live DNS (recursive or direct to one authoritative server).
//! - `interpret`: how a DNS response becomes an outcome (CNAME chains, negative TTLs).

use std::future::Future;

pub mod data;
mod hickory;
mod interpret;
pub mod outcome;
pub mod settings;
#[cfg(test)]
mod tests;

pub use data::{host_text, join_txt, MxHost, QueryType, RecordData, Soa, SrvTarget};
pub use hickory::{system_resolver_ips, HickoryResolver};
pub use outcome::{CnameFault, DnsOutcome, DnsReply, MAX_CNAME_HOPS};
pub use settings::{parse_server, ResolverSettings, DEFAULT_UDP_PAYLOAD};

/// Something that answers DNS questions: live DNS in the app, a fixture in unit tests.
pub trait Resolve: Send + Sync {
    /// Ask for `kind` records at `name` (ASCII, no final dot needed).
    fn lookup(&self, name: &str, kind: QueryType) -> impl Future<Output = DnsOutcome> + Send;

    /// Ask the same, and also learn what the server said about itself (the AA bit, the zone the
    /// answer came from, the CNAMEs followed). The default knows only the outcome.
    fn lookup_reply(&self, name: &str, kind: QueryType) -> impl Future<Output = DnsReply> + Send {
        async move { DnsReply::from(self.lookup(name, kind).await) }
    }

    /// Questions put on the wire so far (CNAME follow-ups included), for a caller that budgets
    /// packets rather than lookups; `None` when this resolver does not count them.
    fn questions_sent(&self) -> Option<u64> {
        None
    }
}

impl<R: Resolve> Resolve for &R {
    fn lookup(&self, name: &str, kind: QueryType) -> impl Future<Output = DnsOutcome> + Send {
        (**self).lookup(name, kind)
    }

    fn lookup_reply(&self, name: &str, kind: QueryType) -> impl Future<Output = DnsReply> + Send {
        (**self).lookup_reply(name, kind)
    }

    fn questions_sent(&self) -> Option<u64> {
        (**self).questions_sent()
    }
}

impl<R: Resolve> Resolve for std::sync::Arc<R> {
    fn lookup(&self, name: &str, kind: QueryType) -> impl Future<Output = DnsOutcome> + Send {
        (**self).lookup(name, kind)
    }

    fn lookup_reply(&self, name: &str, kind: QueryType) -> impl Future<Output = DnsReply> + Send {
        (**self).lookup_reply(name, kind)
    }

    fn questions_sent(&self) -> Option<u64> {
        (**self).questions_sent()
    }
}
