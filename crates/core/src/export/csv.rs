//! The plan as CSV (RFC 4180): a header line, CRLF line ends, fields quoted when they hold a
//! comma, a quote or a line break, quotes doubled.

use crate::plan::{Change, Plan};

/// The column names, in order.
pub const COLUMNS: [&str; 11] = [
    "type",
    "name",
    "host",
    "value",
    "priority",
    "ttl",
    "purpose",
    "change",
    "current_value",
    "published_by",
    "panel_note",
];

/// One field as RFC 4180 §2 wants it. A field that starts with `=` or `+` (never a real DNS
/// value) is prefixed with `'` so spreadsheets do not run it as a formula; `@` and `-` are left
/// alone because `@` is the apex host.
pub fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// Every record, one per line, with the value as the chosen panel wants it.
pub fn to_csv(plan: &Plan) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for r in &plan.records {
        let row = [
            r.kind.as_str().to_owned(),
            r.name.clone(),
            r.host.clone(),
            r.value.clone(),
            r.priority.map(|p| p.to_string()).unwrap_or_default(),
            r.ttl.to_string(),
            r.purpose.clone(),
            match r.change {
                Change::New => "add".to_owned(),
                Change::Replace { .. } => "edit existing".to_owned(),
                Change::Unchanged => "already published".to_owned(),
            },
            match &r.change {
                Change::Replace { old } => old.clone(),
                _ => String::new(),
            },
            r.published_by.clone().unwrap_or_default(),
            r.panel_note.clone().unwrap_or_default(),
        ];
        let fields: Vec<String> = row.iter().map(|f| field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quotes_only_when_needed() {
        for (input, expected) in [
            ("plain", "plain"),
            ("v=spf1 -all", "v=spf1 -all"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("=cmd()", "'=cmd()"),
            ("@", "@"),
        ] {
            assert_eq!(field(input), expected);
        }
    }
}
