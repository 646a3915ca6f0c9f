//! How `sendwell` prints: plain text for people, JSON for scripts, errors on stderr.

use sendwell_core::audit::LookupPurpose;
use sendwell_core::finding::Severity;
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
    let status = match r.status {
        sendwell_core::finding::Status::Pass => "all good",
        sendwell_core::finding::Status::Warn => "needs attention",
        sendwell_core::finding::Status::Fail => "problems found",
    };
    println!("{} — {status}", r.name.unicode_or_ascii());
    if r.name.is_idn {
        println!("  In DNS as:      {}", r.domain);
    }
    if r.name.is_subdomain {
        println!(
            "  Note:           records go on {}; the registrable domain is {}",
            r.domain, r.name.registrable
        );
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
    println!("  DNS host:       {host} ({ns})");
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
    println!("  Mail provider:  {mail} ({mx})");
    print_records(
        "SPF",
        &r.spf.records_found,
        lookup_failed(r, LookupPurpose::Txt),
    );
    print_records(
        "DMARC",
        &r.dmarc.records_found,
        lookup_failed(r, LookupPurpose::Dmarc),
    );
    for d in &r.dkim {
        println!(
            "  DKIM {}:{}{}",
            d.selector,
            " ".repeat(10usize.saturating_sub(d.selector.len())),
            d.status
        );
    }
    if !r.findings.is_empty() {
        println!("  Findings:");
        for f in &r.findings {
            let sev = match f.severity {
                Severity::Info => "info",
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            println!("    [{sev}] {} ({})", f.message, f.id);
            if let Some(fix) = &f.fix {
                println!("            fix: {fix}");
            }
        }
    }
    println!();
}

fn lookup_failed(r: &DomainReport, query: LookupPurpose) -> bool {
    r.lookups
        .iter()
        .any(|l| l.query == query && !l.outcome.is_conclusive())
}

fn print_records(label: &str, found: &[String], failed: bool) {
    let pad = " ".repeat(15usize.saturating_sub(label.len() + 1));
    match found {
        _ if failed => println!("  {label}:{pad}could not be checked (see findings)"),
        [] => println!("  {label}:{pad}none found"),
        [one] => println!("  {label}:{pad}{one}"),
        many => {
            println!(
                "  {label}:{pad}{} records found (there must be only one):",
                many.len()
            );
            for rec in many {
                println!("                  {rec}");
            }
        }
    }
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
