//! A finding: one thing the audit noticed, with a stable id, a severity, a plain message and a fix.

use serde::Serialize;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Good to know; nothing to do now.
    Info,
    /// Works, but should be fixed or could not be confirmed.
    Warning,
    /// Broken: mail is at risk until it is fixed.
    Error,
}

/// One observation about a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable dotted id, e.g. `spf.multiple` (never renamed; tests and scripts rely on it).
    pub id: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to do about it.
    pub fix: Option<String>,
}

impl Finding {
    /// A finding with a fix.
    pub fn new(
        id: &'static str,
        severity: Severity,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Finding {
            id,
            severity,
            message: message.into(),
            fix: Some(fix.into()),
        }
    }

    /// A finding that needs no action.
    pub fn note(id: &'static str, message: impl Into<String>) -> Self {
        Finding {
            id,
            severity: Severity::Info,
            message: message.into(),
            fix: None,
        }
    }
}

/// The overall verdict of a check (`check --json` `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing to fix.
    Pass,
    /// Something should be fixed or could not be confirmed.
    Warn,
    /// Something is broken.
    Fail,
}

impl Status {
    /// The verdict for a set of findings: the worst severity wins.
    pub fn of(findings: &[Finding]) -> Status {
        match findings.iter().map(|f| f.severity).max() {
            Some(Severity::Error) => Status::Fail,
            Some(Severity::Warning) => Status::Warn,
            _ => Status::Pass,
        }
    }
}
