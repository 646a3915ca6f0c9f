//! Writing a [`Plan`](crate::plan::Plan) out: a BIND zone snippet, CSV (RFC 4180), JSON, and a
//! self-contained printable HTML checklist.

mod csv;
mod html;
mod zone;

pub use self::csv::{field as csv_field, to_csv, COLUMNS as CSV_COLUMNS};
pub use html::{escape as html_escape, to_html};
pub use zone::to_zone;

use crate::plan::Plan;

/// The export formats (`sendwell plan --format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A readable table for the terminal.
    Table,
    /// BIND zone-file lines (RFC 1035 §5).
    Zone,
    /// Comma-separated values (RFC 4180).
    Csv,
    /// The plan as JSON (documented in docs/PLAN_JSON.md).
    Json,
    /// A printable, self-contained HTML checklist.
    Html,
}

/// The plan as pretty-printed JSON (see docs/PLAN_JSON.md for the fields).
pub fn to_json(plan: &Plan) -> String {
    serde_json::to_string_pretty(plan).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
