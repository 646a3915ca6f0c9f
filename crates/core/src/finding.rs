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
    /// The rule behind it, e.g. `RFC 7208 §4.6.4`, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rfc: Option<&'static str>,
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
            rfc: None,
        }
    }

    /// A finding that needs no action.
    pub fn note(id: &'static str, message: impl Into<String>) -> Self {
        Finding {
            id,
            severity: Severity::Info,
            message: message.into(),
            fix: None,
            rfc: None,
        }
    }

    /// The same finding citing the rule behind it (`RFC 7208 §4.6.4`).
    pub fn rfc(mut self, section: &'static str) -> Self {
        self.rfc = Some(section);
        self
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
