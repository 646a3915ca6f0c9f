//! NS consistency in the audit, from authoritative discovery (crate::authority): every name
//! server of the zone asked directly for the SOA, and a lagging, unreachable or lame one named.

use serde::Serialize;

use crate::authority::{Authority, NameServer};
use crate::dns::DnsOutcome;
use crate::finding::Finding;

/// The zone's name servers as they answered (`check --json` `authority`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthoritySummary {
    /// The zone apex, when found.
    pub apex: Option<String>,
    /// Each name server with each of its addresses and how it answered (serial, unreachable,
    /// lame, failed).
    pub nameservers: Vec<NameServer>,
    /// True when at least one server answered and all that answered serve the same serial.
    pub in_sync: bool,
    /// The newest SOA serial any server answered with (RFC 1982 order).
    pub newest_serial: Option<u32>,
}

/// The summary and the findings worth adding to the report. When the main NS lookup did not
/// find the zone's name servers, discovery's "no zone" and "no name servers" say again what
/// the report already says (`domain.nxdomain`, `dns.*`), so they are left out.
pub(super) fn summarize(authority: Authority, ns: &DnsOutcome) -> (AuthoritySummary, Vec<Finding>) {
    let summary = AuthoritySummary {
        in_sync: authority.in_sync(),
        newest_serial: authority.newest_serial(),
        apex: authority.apex,
        nameservers: authority.nameservers,
    };
    let ns_found = matches!(ns, DnsOutcome::Answer { .. });
    let findings = authority
        .findings
        .into_iter()
        .filter(|f| ns_found || !matches!(f.id, "ns.no_zone" | "ns.no_nameservers"))
        .collect();
    (summary, findings)
}
