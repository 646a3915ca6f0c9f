//! The plan as BIND zone-file lines (RFC 1035 §5.1): absolute names, TXT values split into
//! quoted strings of at most 255 bytes, comments with each record's purpose.

use std::fmt::Write as _;

use crate::plan::{Change, Plan, PlannedRecord};
use crate::records::{txt, RecordType};

/// The record data in zone-file syntax.
pub fn rdata(record: &PlannedRecord) -> String {
    match record.kind {
        RecordType::Txt => txt::quoted(&txt::split(&record.content)),
        RecordType::Cname => absolute(&record.content),
        RecordType::Mx => format!(
            "{} {}",
            record.priority.unwrap_or(0),
            absolute(&record.content)
        ),
    }
}

/// A host name with its final dot (`.` stays `.`, the null MX of RFC 7505).
fn absolute(name: &str) -> String {
    if name.ends_with('.') {
        name.to_owned()
    } else {
        format!("{name}.")
    }
}

/// One record as a zone-file line.
fn line(record: &PlannedRecord) -> String {
    format!(
        "{} {} IN {} {}",
        absolute(&record.name),
        record.ttl,
        record.kind,
        rdata(record)
    )
}

/// Zone-file comment text: no line breaks.
fn comment(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// Every record of the plan as zone-file lines, ready to paste into a zone or a DNS panel's
/// "import zone file" box. Records another domain's owner must publish come last, marked; their
/// absolute names lie outside the zone, so a zone loader ignores them rather than misplacing them.
pub fn to_zone(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "; Sendwell plan for {}", plan.domain);
    let _ = writeln!(out, "; Add these records to the zone {}.", plan.domain);
    let (own, other): (Vec<&PlannedRecord>, Vec<&PlannedRecord>) =
        plan.records.iter().partition(|r| r.published_by.is_none());
    for record in own {
        let _ = writeln!(out, ";");
        let _ = writeln!(out, "; {}", comment(&record.purpose));
        match &record.change {
            Change::Replace { old } => {
                let _ = writeln!(
                    out,
                    "; EDIT the existing record (do not add a second one); today it is: {}",
                    comment(old)
                );
            }
            Change::Unchanged => {
                let _ = writeln!(out, "; (already published exactly like this)");
            }
            Change::New => {}
        }
        let _ = writeln!(out, "{}", line(record));
    }
    for step in &plan.provider_steps {
        let _ = writeln!(out, ";");
        let _ = writeln!(
            out,
            "; To do in {}: {}",
            step.provider_name,
            comment(&step.instructions)
        );
    }
    if let Some(policy) = &plan.mta_sts_policy {
        let _ = writeln!(out, ";");
        let _ = writeln!(out, "; MTA-STS policy file: serve it at {}", policy.url);
        let _ = writeln!(out, "; {}", comment(&policy.hosting));
        for text in policy.body.lines() {
            let _ = writeln!(out, ";   {}", comment(text.trim_end_matches('\r')));
        }
    }
    for record in other {
        let owner = record.published_by.as_deref().unwrap_or_default();
        let _ = writeln!(out, ";");
        let _ = writeln!(
            out,
            "; NOT for your zone: the owner of {owner} publishes this one in theirs. {}",
            comment(&record.purpose)
        );
        let _ = writeln!(out, "{}", line(record));
    }
    out
}
