//! How `sendwell` prints: plain text for people, JSON and CSV for scripts, errors on stderr.

use sendwell_core::audit::{DkimSource, DkimStatus, LookupPurpose, PolicyFetchOutcome};
use sendwell_core::export::csv_field;
use sendwell_core::finding::{Severity, Status};
use sendwell_core::{DomainReport, Error};

/// One report as an object, several as an array (the contract in DESIGN.md).
pub fn print_json(reports: &[DomainReport]) {
    let text = match reports {
        [one] => serde_json::to_string_pretty(one),
        many => serde_json::to_string_pretty(many),
    };
    match text {
        Ok(t) => println!("{t}"),
        Err(e) => eprintln!("error: could not write JSON: {e}"),
    }
}

/// A readable summary of one report.
pub fn print_text(r: &DomainReport) {
    print!("{}", printable(&render_text(r)));
}

/// The text summary, before control characters are made visible.
fn render_text(r: &DomainReport) -> String {
    let status = match r.status {
        Status::Pass => "all good",
        Status::Warn => "needs attention",
        Status::Fail => "problems found",
    };
    let mut lines = vec![format!("{} — {status}", r.name.unicode_or_ascii())];
    if r.name.is_idn {
        lines.push(format!("  In DNS as:      {}", r.domain));
    }
    if r.name.is_subdomain {
        lines.push(format!(
            "  Note:           records go on {}; the registrable domain is {}",
            r.domain, r.name.registrable
        ));
    }
    let ns = if r.ns.is_empty() {
        "none found".to_owned()
    } else {
        r.ns.join(", ")
    };
    let host = r
        .dns_host
        .as_ref()
        .map_or("not recognised", |m| m.name.as_str());
    lines.push(format!("  DNS host:       {host} ({ns})"));
    if let Some(line) = authority_line(r) {
        lines.push(format!("  {:<16}{line}", "Name servers:"));
    }
    let mx = if r.mx.is_empty() {
        "none found".to_owned()
    } else {
        r.mx.iter()
            .map(|m| format!("{} {}", m.preference, m.exchange))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mail = r
        .mail_provider
        .as_ref()
        .map_or("not recognised", |m| m.name.as_str());
    lines.push(format!("  Mail provider:  {mail} ({mx})"));
    records(
        &mut lines,
        "SPF",
        &r.spf.records_found,
        lookup_failed(r, LookupPurpose::Txt),
    );
    if let (Some(n), Some(void)) = (r.spf.dns_lookups, r.spf.void_lookups) {
        let bound = if r.spf.lookups_complete == Some(false) {
            "at least "
        } else {
            ""
        };
        lines.push(format!(
            "  {:<16}{bound}{n} of 10 DNS lookups, {void} of 2 void lookups",
            "SPF lookups:"
        ));
    }
    match (&r.dmarc.inherited_from, &r.dmarc.record) {
        (Some(org), Some(record)) => {
            lines.push(format!(
                "  DMARC:          {record} (set on {org}; applies here too)"
            ));
        }
        _ => {
            let failed = lookup_failed(r, LookupPurpose::Dmarc);
            records(&mut lines, "DMARC", &r.dmarc.records_found, failed);
        }
    }
    for d in &r.dkim {
        let status = match d.status {
            DkimStatus::Found => "key published",
            DkimStatus::Missing => "no key at this selector",
            DkimStatus::Servfail
            | DkimStatus::Timeout
            | DkimStatus::Refused
            | DkimStatus::Error => "could not be checked (see findings)",
        };
        let how = match (d.source, d.key_bits) {
            (DkimSource::Probe, Some(bits)) => format!(" ({bits}-bit key, found by probing)"),
            (DkimSource::Probe, None) => " (found by probing)".to_owned(),
            (DkimSource::Given, Some(bits)) => format!(" ({bits}-bit key)"),
            (DkimSource::Given, None) => String::new(),
        };
        let label = format!("{}:", d.selector);
        let width = (label.len() + 1).max(10);
        lines.push(format!("  DKIM {label:<width$}{status}{how}"));
    }
    mta_sts_lines(&mut lines, r);
    for (label, summary) in [("TLS-RPT:", &r.tlsrpt), ("BIMI:", &r.bimi)] {
        if let Some(record) = &summary.record {
            lines.push(format!("  {label:<16}{record}"));
        }
    }
    if !r.findings.is_empty() {
        lines.push("  Findings:".to_owned());
        for f in &r.findings {
            let sev = match f.severity {
                Severity::Info => "info",
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            lines.push(format!("    [{sev}] {} ({})", f.message, f.id));
            if let Some(fix) = &f.fix {
                lines.push(format!("            fix: {fix}"));
            }
        }
    }
    lines.push(String::new());
    lines.join("\n") + "\n"
}

/// Each name server's SOA serial as it answered directly, or how it failed.
fn authority_line(r: &DomainReport) -> Option<String> {
    let authority = r.authority.as_ref()?;
    if authority.nameservers.is_empty() {
        return None;
    }
    if authority.in_sync
        && authority
            .nameservers
            .iter()
            .all(|ns| ns.addrs.iter().all(|a| a.state.serial().is_some()))
    {
        let serial = authority.newest_serial.unwrap_or_default();
        return Some(format!("all answer, in sync (serial {serial})"));
    }
    let parts: Vec<String> = authority
        .nameservers
        .iter()
        .map(|ns| {
            let states: Vec<String> = ns
                .addrs
                .iter()
                .map(|a| match a.state.serial() {
                    Some(serial) => format!("serial {serial}"),
                    None => "no answer (see findings)".to_owned(),
                })
                .collect();
            match states.as_slice() {
                [] => format!("{} no address", ns.name),
                _ => format!("{} {}", ns.name, states.join(" / ")),
            }
        })
        .collect();
    Some(parts.join(", "))
}

fn mta_sts_lines(lines: &mut Vec<String>, r: &DomainReport) {
    let Some(record) = &r.mta_sts.record else {
        return;
    };
    lines.push(format!("  {:<16}{record}", "MTA-STS:"));
    let policy = match (&r.mta_sts.fetch, &r.mta_sts.mode) {
        (Some(PolicyFetchOutcome::Fetched), Some(mode)) => format!(
            "mode {mode}, mx {}, max_age {}",
            r.mta_sts.mx_patterns.join(" "),
            r.mta_sts.max_age.unwrap_or_default()
        ),
        (Some(PolicyFetchOutcome::Fetched), None) => {
            "fetched, but not valid (see findings)".to_owned()
        }
        (Some(_), _) => "could not be fetched (see findings)".to_owned(),
        (None, _) => return,
    };
    lines.push(format!("  {:<16}{policy}", "MTA-STS policy:"));
}

fn lookup_failed(r: &DomainReport, query: LookupPurpose) -> bool {
    r.lookups
        .iter()
        .any(|l| l.query == query && !l.outcome.is_conclusive())
}

fn records(lines: &mut Vec<String>, label: &str, found: &[String], failed: bool) {
    let head = format!("  {:<16}", format!("{label}:"));
    match found {
        _ if failed => lines.push(format!("{head}could not be checked (see findings)")),
        [] => lines.push(format!("{head}none found")),
        [one] => lines.push(format!("{head}{one}")),
        many => {
            lines.push(format!(
                "{head}{} records found (there must be only one):",
                many.len()
            ));
            lines.extend(many.iter().map(|rec| format!("{:18}{rec}", "")));
        }
    }
}

/// The CSV columns, in order.
const CSV_HEADER: [&str; 8] = [
    "domain",
    "status",
    "complete",
    "finding_id",
    "severity",
    "message",
    "fix",
    "rfc",
];

/// RFC 4180 CSV: a header, then one row per domain and finding (one row with empty finding
/// columns for a domain without findings), CRLF line ends.
pub fn csv(reports: &[DomainReport]) -> String {
    let mut out = csv_row(CSV_HEADER.iter().map(|h| h.to_string()));
    for r in reports {
        let status = match r.status {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
        };
        let head = [r.domain.clone(), status.to_owned(), r.complete.to_string()];
        if r.findings.is_empty() {
            out += &csv_row(
                head.iter()
                    .cloned()
                    .chain(std::iter::repeat_n(String::new(), 5)),
            );
        }
        for f in &r.findings {
            let severity = match f.severity {
                Severity::Info => "info",
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            let finding = [
                f.id.to_owned(),
                severity.to_owned(),
                f.message.clone(),
                f.fix.clone().unwrap_or_default(),
                f.rfc.unwrap_or_default().to_owned(),
            ];
            out += &csv_row(head.iter().cloned().chain(finding));
        }
    }
    out
}

fn csv_row(fields: impl IntoIterator<Item = String>) -> String {
    let cells: Vec<String> = fields.into_iter().map(|f| csv_field(&f)).collect();
    cells.join(",") + "\r\n"
}

/// DNS data is untrusted: a TXT record may hold terminal escape sequences. Show every control
/// character (except the line breaks we wrote) as an escape instead of sending it to the terminal.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// An error on stderr; with `--json`, also its payload on stdout for scripts.
pub fn print_error(e: &Error, json: bool) {
    if json {
        if let Ok(t) = serde_json::to_string_pretty(&serde_json::json!({ "error": e.to_payload() }))
        {
            println!("{t}");
        }
    }
    eprintln!("error: {e}");
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_are_made_visible() {
        for (input, expected) in [
            ("v=spf1 -all", "v=spf1 -all"),
            ("evil\u{1b}[2Jtext", "evil\\u{1b}[2Jtext"),
            ("tab\there", "tab\\there"),
            ("line\nbreak", "line\nbreak"),
            ("bell\u{7}", "bell\\u{7}"),
        ] {
            assert_eq!(printable(input), expected);
        }
    }
}
