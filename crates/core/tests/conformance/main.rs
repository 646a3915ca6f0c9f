//! Third-party conformance suites from `../shared/conformance/` run through Sendwell's parsers
//! and lints. Each suite prints `<suite>: N/M passed` and fails on any case not listed as a
//! deliberate difference (see docs/CONFORMANCE.md). Skipped when the data is absent (not in CI).

mod bimi;
mod dkim;
mod dmarc;
#[path = "../support/https_stub.rs"]
mod https_stub;
mod mta_sts;
mod tlsrpt;

use std::path::PathBuf;

use sendwell_core::finding::{Finding, Severity};

/// The conformance folder, or `None` (suite skipped) outside CI.
pub fn data_dir() -> Option<PathBuf> {
    sendwell_core::testing::conformance_dir()
}

/// Read a JSON file under the conformance folder.
pub fn load(dir: &std::path::Path, relative: &str) -> serde_json::Value {
    let path = dir.join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// True when any finding is an error.
pub fn has_error(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Tally of one suite: passes, and failures with a description.
#[derive(Default)]
pub struct Tally {
    /// Suite name for the summary line.
    pub name: &'static str,
    /// Cases that behaved as the suite expects.
    pub passed: usize,
    /// Cases that differ on purpose (documented), with the reason.
    pub differences: Vec<String>,
    /// Cases that failed.
    pub failures: Vec<String>,
    /// Cases not applicable here (need mocked DNS/HTTP, or test something Sendwell does not do).
    pub not_applicable: usize,
}

impl Tally {
    /// A new tally.
    pub fn new(name: &'static str) -> Self {
        Tally {
            name,
            ..Tally::default()
        }
    }

    /// Record one case.
    pub fn check(&mut self, ok: bool, what: String) {
        if ok {
            self.passed += 1;
        } else {
            self.failures.push(what);
        }
    }

    /// Print the summary and fail the test on any unexpected case.
    pub fn finish(self) {
        let total = self.passed + self.differences.len() + self.failures.len();
        sendwell_core::testing::report_conformance(&format!(
            "{}: {}/{} passed, {} deliberate differences, {} not applicable",
            self.name,
            self.passed,
            total,
            self.differences.len(),
            self.not_applicable
        ));
        for d in &self.differences {
            println!("  difference: {d}");
        }
        assert!(
            self.failures.is_empty(),
            "{} failures in {}:\n{}",
            self.failures.len(),
            self.name,
            self.failures.join("\n")
        );
    }
}

/// The checkdmarc vector files' cases: (test name, uses_mock, function, input, expect).
pub fn checkdmarc_vectors(doc: &serde_json::Value) -> Vec<(String, bool, String, String, String)> {
    let mut out = Vec::new();
    for test in doc["tests"].as_array().into_iter().flatten() {
        let name = test["test"].as_str().unwrap_or_default().to_owned();
        let mock = test["uses_mock"].as_bool().unwrap_or(false);
        for v in test["vectors"].as_array().into_iter().flatten() {
            out.push((
                name.clone(),
                mock,
                v["function"].as_str().unwrap_or_default().to_owned(),
                v["input"].as_str().unwrap_or_default().to_owned(),
                v["expect"].as_str().unwrap_or_default().to_owned(),
            ));
        }
    }
    out
}
