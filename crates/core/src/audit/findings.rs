//! The findings of the domain check, one function per record kind: what is wrong, in plain
//! words, with the fix. Absence is only reported when the lookup completed.

use super::{Lookup, LookupPurpose, OutcomeCode};
use crate::dns::{DnsOutcome, MxHost};
use crate::finding::{Finding, Severity};
use crate::records::dmarc;

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
        let (id, why, fix) = match l.outcome {
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
            OutcomeCode::Error => ("dns.error", "the lookup failed", "Check your internet connection and try again."),
            _ => continue,
        };
        findings.push(Finding::new(
            id,
            Severity::Warning,
            format!("Could not check {what} at {}: {why}.", l.name),
            fix,
        ));
    }
}

pub(super) fn spf_findings(txt: &DnsOutcome, found: &[String], findings: &mut Vec<Finding>) {
    if !txt.is_conclusive() {
        return;
    }
    match found.len() {
        0 => findings.push(Finding::new(
            "spf.missing",
            Severity::Error,
            "There is no SPF record, so receiving servers cannot tell which servers may send as this domain.",
            "Sendwell writes one for you in the SPF step.",
        )),
        1 => {}
        n => findings.push(Finding::new(
            "spf.multiple",
            Severity::Error,
            format!("There are {n} SPF records. Receivers then ignore all of them (RFC 7208 §4.5)."),
            "Keep one SPF record: Sendwell merges them into one in the SPF step; delete the others at your DNS host.",
        )),
    }
}

pub(super) fn dmarc_findings(
    dmarc_txt: &DnsOutcome,
    found: &[String],
    findings: &mut Vec<Finding>,
) {
    if !dmarc_txt.is_conclusive() {
        return;
    }
    let all_txt = dmarc_txt.txt().count();
    match found {
        [] if all_txt > 0 => findings.push(Finding::new(
            "dmarc.invalid",
            Severity::Error,
            "There is a TXT record at _dmarc, but it is not a valid DMARC record (it must start with v=DMARC1).",
            "Replace it with the DMARC record Sendwell writes in the DMARC step.",
        )),
        [] => findings.push(Finding::new(
            "dmarc.missing",
            Severity::Error,
            "There is no DMARC record. Gmail, Yahoo and Outlook expect one from domains that send in bulk.",
            "Sendwell writes one for you in the DMARC step (it starts in monitoring mode, so nothing gets blocked).",
        )),
        [record] => match dmarc::policy(record) {
            None => findings.push(Finding::new(
                "dmarc.no_policy",
                Severity::Error,
                "The DMARC record has no valid policy (p=none, p=quarantine or p=reject).",
                "Add p=none to start monitoring; Sendwell's DMARC step writes a complete record.",
            )),
            Some(dmarc::Policy::None) => findings.push(Finding::note(
                "dmarc.policy_none",
                "DMARC is in monitoring mode (p=none): reports arrive, but failing mail is still delivered. That is the right start; plan the move to quarantine.",
            )),
            Some(_) => {}
        },
        many => findings.push(Finding::new(
            "dmarc.multiple",
            Severity::Error,
            format!("There are {} DMARC records. Receivers then apply none of them (RFC 7489 §6.6.3).", many.len()),
            "Keep one DMARC record at _dmarc and delete the others at your DNS host.",
        )),
    }
}

pub(super) fn mx_findings(mx: &DnsOutcome, hosts: &[MxHost], findings: &mut Vec<Finding>) {
    if !mx.is_conclusive() {
        return;
    }
    if hosts.is_empty() {
        findings.push(Finding::new(
            "mx.missing",
            Severity::Warning,
            "There are no mail servers (MX records), so this domain cannot receive replies.",
            "If people should be able to reply, add the MX records of your mailbox provider.",
        ));
    } else if hosts.iter().any(|m| m.exchange == ".") {
        findings.push(Finding::note(
            "mx.null",
            "This domain says it receives no mail at all (a \"null MX\", RFC 7505).",
        ));
    }
}
