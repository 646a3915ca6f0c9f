//! What authoritative discovery found wrong, in plain words with the fix: no zone, no name
//! servers, a name server without an address, unreachable or lame, and serials that differ.

use super::{NameServer, ServerState};
use crate::dns::DnsOutcome;
use crate::finding::{Finding, Severity};

/// The findings for one discovery.
pub(super) fn of(
    domain: &str,
    apex: Option<&str>,
    apex_failure: Option<&DnsOutcome>,
    ns_outcome: Option<&DnsOutcome>,
    nameservers: &[NameServer],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(apex) = apex else {
        let failure = apex_failure.cloned().unwrap_or(DnsOutcome::ServFail);
        findings.push(no_zone(domain, &failure));
        return findings;
    };
    if let Some(outcome) = ns_outcome {
        if nameservers.is_empty() {
            findings.push(no_nameservers(apex, outcome));
            return findings;
        }
    }
    for ns in nameservers {
        if let Some(reason) = &ns.unresolved {
            findings.push(
                Finding::new(
                    "ns.unresolvable",
                    Severity::Warning,
                    format!(
                        "The name server {} of {apex} has no address ({reason}), so nobody can ask it for your records.",
                        ns.name
                    ),
                    "At your registrar, set the name servers to exactly the ones your DNS host lists for this domain.",
                )
                .rfc("RFC 1034 §4.2.1"),
            );
        }
        for a in &ns.addrs {
            let server = ns.label(a.addr);
            match &a.state {
                ServerState::Answered { .. } => {}
                ServerState::Unreachable { detail } if a.addr.is_ipv6() && ns.serial().is_some() => {
                    // Many networks have no IPv6 at all; the server answered over IPv4.
                    findings.push(
                        Finding::note(
                            "ns.unreachable",
                            format!("The name server {server} of {apex} did not answer over IPv6 ({detail}), but it answered over IPv4. This network may not have IPv6."),
                        )
                        .rfc("RFC 2182 §3"),
                    );
                }
                ServerState::Unreachable { detail } => findings.push(
                    Finding::new(
                        "ns.unreachable",
                        Severity::Warning,
                        format!("The name server {server} of {apex} did not answer ({detail}). This does not mean your records are missing."),
                        "Check that this name server is running and reachable, or remove it from the name servers at your registrar.",
                    )
                    .rfc("RFC 2182 §3"),
                ),
                ServerState::Lame { detail } => findings.push(
                    Finding::new(
                        "ns.lame",
                        Severity::Warning,
                        format!("The name server {server} is listed for {apex} but {detail}."),
                        "Add the domain on that server at your DNS host, or remove the server from the name servers at your registrar.",
                    )
                    .rfc("RFC 1912 §2.8"),
                ),
                ServerState::Failed { detail } => findings.push(
                    Finding::new(
                        "ns.failed",
                        Severity::Warning,
                        format!("The name server {server} of {apex} could not answer ({detail})."),
                        "Try again later; if it lasts, contact your DNS host's support.",
                    ),
                ),
            }
        }
    }
    if !nameservers.is_empty() && nameservers.iter().all(|ns| ns.serial().is_none()) {
        findings.push(
            Finding::new(
                "ns.none_answer",
                Severity::Error,
                format!("None of the name servers of {apex} answered for it, so nobody can look up your records."),
                "Check the name servers at your registrar against the ones your DNS host lists for this domain.",
            )
            .rfc("RFC 1034 §4.2.1"),
        );
    }
    if let Some(f) = serial_mismatch(apex, nameservers) {
        findings.push(f);
    }
    findings
}

fn no_zone(domain: &str, failure: &DnsOutcome) -> Finding {
    if failure.is_conclusive() {
        Finding::new(
            "ns.no_zone",
            Severity::Error,
            format!("No DNS zone holds {domain}: the domain does not exist in DNS."),
            "Check the spelling. If you just bought the domain, wait an hour; otherwise make sure it is registered and not expired.",
        )
        .rfc("RFC 1035 §3.3.13")
    } else {
        Finding::new(
            "ns.no_zone",
            Severity::Warning,
            format!("Could not find the DNS zone of {domain}: {}.", failure.describe()),
            "This does not mean the domain is missing. Check your internet connection and try again in a minute.",
        )
    }
}

fn no_nameservers(apex: &str, outcome: &DnsOutcome) -> Finding {
    if outcome.is_conclusive() {
        Finding::new(
            "ns.no_nameservers",
            Severity::Error,
            format!("The zone {apex} lists no name servers (NS records)."),
            "At your DNS host, make sure the zone has the NS records it shows for this domain.",
        )
        .rfc("RFC 1034 §4.2.1")
    } else {
        Finding::new(
            "ns.no_nameservers",
            Severity::Warning,
            format!(
                "Could not look up the name servers of {apex}: {}.",
                outcome.describe()
            ),
            "Try again in a minute.",
        )
    }
}

/// A finding when the servers that answered serve different versions of the zone.
fn serial_mismatch(apex: &str, nameservers: &[NameServer]) -> Option<Finding> {
    let answered: Vec<(String, u32)> = nameservers
        .iter()
        .flat_map(|ns| {
            ns.addrs
                .iter()
                .filter_map(move |a| a.state.serial().map(|s| (ns.label(a.addr), s)))
        })
        .collect();
    let newest = newest(answered.iter().map(|(_, s)| *s))?;
    let (behind, current): (Vec<_>, Vec<_>) = answered.iter().partition(|(_, s)| *s != newest);
    if behind.is_empty() {
        return None;
    }
    let list = |servers: &[&(String, u32)]| {
        servers
            .iter()
            .map(|(name, serial)| format!("{name} has serial {serial}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(
        Finding::new(
            "ns.serial_mismatch",
            Severity::Warning,
            format!(
                "The name servers of {apex} do not serve the same version of the zone yet: {} (the newest); {} (behind).",
                list(&current),
                list(&behind)
            ),
            "This usually fixes itself within minutes, when the lagging server copies the zone. If it lasts for hours, ask your DNS host to check zone transfers to it.",
        )
        .rfc("RFC 1034 §4.3.5"),
    )
}

/// The newest serial in RFC 1982 serial-number order (so 1 is newer than 4294967295).
pub(super) fn newest(serials: impl Iterator<Item = u32>) -> Option<u32> {
    serials.reduce(|a, b| if newer(b, a) { b } else { a })
}

/// True when serial `a` is greater than `b` (RFC 1982 §3.2).
fn newer(a: u32, b: u32) -> bool {
    a != b && a.wrapping_sub(b) < (1 << 31)
}
