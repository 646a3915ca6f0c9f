//! SPF record checks that need no DNS: syntax, `+all`/`?all`, `ptr`, duplicates, terms after
//! `all`, size limits. Each finding has a stable `spf.*` id, a plain message, a fix and the rule.

use super::{select, Mechanism, Modifier, Qualifier, SpfRecord, Term, MAX_DNS_LOOKUPS};
use crate::finding::{Finding, Severity};
use crate::records::txt::MAX_STRING_BYTES;

/// Above this many bytes a record may not fit a UDP DNS answer with everything else at the name
/// (RFC 7208 §3.4 advises keeping SPF records this small).
pub const MAX_RECORD_BYTES: usize = 450;

/// Check the TXT records at one name (each with its strings joined): more than one SPF record
/// (`spf.multiple`), then every SPF record through [`lint_text`]. Non-SPF TXT records are ignored.
pub fn lint(text_records: &[&str]) -> Vec<Finding> {
    let found = select(text_records.iter().copied());
    let mut out = Vec::new();
    if found.len() > 1 {
        out.push(
            Finding::new(
                "spf.multiple",
                Severity::Error,
                format!(
                    "There are {} SPF records at this name; receivers treat that as broken (permerror) and your mail fails SPF.",
                    found.len()
                ),
                "Merge them into one record (Sendwell's plan does this) and delete the others.",
            )
            .rfc("RFC 7208 §4.5"),
        );
    }
    for text in &found {
        out.extend(lint_text(text));
    }
    out
}

/// Check one SPF record's text: syntax (`spf.syntax`), sizes (`spf.long_string`,
/// `spf.too_long`), then everything [`lint_record`] checks.
pub fn lint_text(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    match SpfRecord::parse(text) {
        Ok(record) => out.extend(lint_record(&record)),
        Err(e) => out.push(
            Finding::new(
                "spf.syntax",
                Severity::Error,
                format!("The SPF record is invalid, so receivers return permerror: {e}"),
                "Correct the record; Sendwell's plan writes a valid one.",
            )
            .rfc("RFC 7208 §4.6"),
        ),
    }
    out.extend(size_findings(text.len()));
    out
}

fn size_findings(len: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    if len > MAX_STRING_BYTES {
        out.push(
            Finding::new(
                "spf.long_string",
                Severity::Warning,
                format!(
                    "The record is {len} bytes; one DNS text string holds at most {MAX_STRING_BYTES}, so it must be published as several strings."
                ),
                "Enter it as several quoted pieces (\"…\" \"…\"), as Sendwell's checklist shows; receivers join them.",
            )
            .rfc("RFC 7208 §3.3"),
        );
    }
    if len > MAX_RECORD_BYTES {
        out.push(
            Finding::new(
                "spf.too_long",
                Severity::Warning,
                format!(
                    "The record is {len} bytes; above {MAX_RECORD_BYTES} the DNS answer may not fit in one UDP packet and some receivers fail to read it."
                ),
                "Shorten it: remove services you no longer use, or group addresses into ip4 ranges.",
            )
            .rfc("RFC 7208 §3.4"),
        );
    }
    out
}

/// Check a parsed record: `spf.plus_all`, `spf.neutral_all`, `spf.ptr`, `spf.no_all`,
/// `spf.after_all`, `spf.redirect_ignored`, `spf.duplicate`, `spf.unknown_modifier`,
/// `spf.lookups_over_limit` (terms of this record alone).
pub fn lint_record(record: &SpfRecord) -> Vec<Finding> {
    let mut out = Vec::new();
    match record.all() {
        Some(Qualifier::Pass) => out.push(
            Finding::new(
                "spf.plus_all",
                Severity::Error,
                "The record ends in +all, which allows every server on the internet to send mail as your domain.",
                "Replace +all by ~all (or -all once every sender is listed).",
            )
            .rfc("RFC 7208 §5.1"),
        ),
        Some(Qualifier::Neutral) => out.push(
            Finding::new(
                "spf.neutral_all",
                Severity::Warning,
                "The record ends in ?all, which says nothing about servers that are not listed, so it does not protect your domain.",
                "Replace ?all by ~all (or -all once every sender is listed).",
            )
            .rfc("RFC 7208 §5.1"),
        ),
        Some(_) => {}
        None if record.redirect().is_none() => out.push(
            Finding::new(
                "spf.no_all",
                Severity::Warning,
                "The record has no all at the end, so mail from servers that are not listed gets the result neutral.",
                "Add ~all (or -all) at the end.",
            )
            .rfc("RFC 7208 §4.7"),
        ),
        None => {}
    }
    if record
        .directives()
        .any(|d| matches!(d.mechanism, Mechanism::Ptr(_)))
    {
        out.push(
            Finding::new(
                "spf.ptr",
                Severity::Warning,
                "The record uses ptr, which is deprecated: it is slow, costs many DNS lookups and many receivers ignore it.",
                "Replace ptr by the ip4/ip6 addresses (or a/mx) of your sending servers.",
            )
            .rfc("RFC 7208 §5.5"),
        );
    }
    let all_at = record
        .terms
        .iter()
        .position(|t| matches!(t, Term::Directive(d) if d.mechanism == Mechanism::All));
    if let Some(i) = all_at {
        let after: Vec<String> = record.terms[i + 1..]
            .iter()
            .filter(|t| matches!(t, Term::Directive(_)))
            .map(ToString::to_string)
            .collect();
        if !after.is_empty() {
            out.push(
                Finding::new(
                    "spf.after_all",
                    Severity::Warning,
                    format!(
                        "{} after all {} never used: receivers stop at all.",
                        after.join(" "),
                        if after.len() == 1 { "is" } else { "are" }
                    ),
                    "Move them before all, or remove them.",
                )
                .rfc("RFC 7208 §5.1"),
            );
        }
        if record.redirect().is_some() {
            out.push(
                Finding::new(
                    "spf.redirect_ignored",
                    Severity::Warning,
                    "The record has both all and redirect=; with all present the redirect is never used.",
                    "Remove redirect=, or remove all if the redirected record should decide.",
                )
                .rfc("RFC 7208 §6.1"),
            );
        }
    }
    let mut seen: Vec<&Mechanism> = Vec::new();
    let mut dups: Vec<String> = Vec::new();
    for d in record.directives() {
        if seen.contains(&&d.mechanism) {
            let text = d.mechanism.to_string();
            if !dups.contains(&text) {
                dups.push(text);
            }
        } else {
            seen.push(&d.mechanism);
        }
    }
    if !dups.is_empty() {
        out.push(
            Finding::new(
                "spf.duplicate",
                Severity::Warning,
                format!(
                    "{} appears more than once; only the first one counts and each extra one may cost a DNS lookup.",
                    dups.join(", ")
                ),
                "Remove the repeated terms.",
            )
            .rfc("RFC 7208 §4.6.4"),
        );
    }
    for t in &record.terms {
        if let Term::Modifier(Modifier::Unknown { name, value }) = t {
            out.push(Finding::new(
                "spf.unknown_modifier",
                Severity::Info,
                format!("{name}={value} is not part of SPF; receivers ignore it. It may be a verification token that belongs in a TXT record of its own."),
                format!("If it is a verification code, publish it as a separate TXT record and remove {name}= from the SPF record."),
            ).rfc("RFC 7208 §6"));
        }
    }
    let lookups = record.lookup_terms();
    if lookups > MAX_DNS_LOOKUPS {
        out.push(
            Finding::new(
                "spf.lookups_over_limit",
                Severity::Error,
                format!("This record alone has {lookups} terms that need DNS lookups; receivers stop at {MAX_DNS_LOOKUPS} and return permerror."),
                "Remove unused includes, use ip4/ip6 instead of a/mx, or flatten an include (with its trade-off).",
            )
            .rfc("RFC 7208 §4.6.4"),
        );
    }
    out
}
