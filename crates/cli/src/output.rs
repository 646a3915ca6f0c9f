//! How `sendwell` prints: plain text for people, JSON for scripts, errors on stderr.

use sendwell_core::audit::{DkimStatus, LookupPurpose};
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
        lines.push(format!("  DKIM {:<10}{status}", format!("{}:", d.selector)));
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
