//! Findings about the lookups themselves: a domain that does not exist, and lookups that did
//! not complete (never reported as "missing"). The record kinds' findings live in their files.

use super::report::{Lookup, LookupPurpose, OutcomeCode};
use crate::finding::{Finding, Severity};

/// Findings for lookups that did not complete, and for a domain that does not exist.
pub(super) fn lookup_findings(lookups: &[Lookup], findings: &mut Vec<Finding>) {
    if let Some(ns) = lookups
        .iter()
        .find(|l| l.query == LookupPurpose::Ns && l.outcome == OutcomeCode::Nxdomain)
    {
        findings.push(Finding::new(
            "domain.nxdomain",
            Severity::Error,
            format!("{} does not exist in DNS.", ns.name),
            "Check the spelling. If you just bought the domain, wait an hour and check again; otherwise make sure it is registered and not expired.",
        ));
        return;
    }
    for l in lookups {
        let what = match l.query {
            LookupPurpose::Ns => "who hosts the DNS (NS)",
            LookupPurpose::Mx => "the mail servers (MX)",
            LookupPurpose::Txt => "the SPF record",
            LookupPurpose::Dmarc => "the DMARC record",
            LookupPurpose::Dkim => "the DKIM key",
        };
        findings.extend(failed_lookup(what, &l.name, l.outcome));
    }
}

/// `dns.timeout`, `dns.servfail`, `dns.refused` or `dns.error` for a lookup of `what` at `name`
/// that did not complete; `None` when it did.
pub(super) fn failed_lookup(what: &str, name: &str, outcome: OutcomeCode) -> Option<Finding> {
    let (id, why, fix) = match outcome {
        OutcomeCode::Timeout => (
            "dns.timeout",
            "no answer arrived in time",
            "This does not mean the record is missing. Check your internet connection and try again in a minute.",
        ),
        OutcomeCode::Servfail => (
            "dns.servfail",
            "the DNS servers answered with an error (SERVFAIL)",
            "This is usually a problem at your DNS host. Try again later; if it lasts, contact your DNS host's support.",
        ),
        OutcomeCode::Refused => (
            "dns.refused",
            "the DNS server refused to answer",
            "Try again later, or set a different DNS server in Settings.",
        ),
        OutcomeCode::Error => (
            "dns.error",
            "the lookup failed",
            "Check your internet connection and try again.",
        ),
        OutcomeCode::Found | OutcomeCode::NoRecords | OutcomeCode::Nxdomain => return None,
    };
    Some(Finding::new(
        id,
        Severity::Warning,
        format!("Could not check {what} at {name}: {why}."),
        fix,
    ))
}
