//! Building the DMARC record to publish from the user's choices, merged with the existing record,
//! and the dated rollout from `p=none` through `quarantine` to `reject` (RFC 7489 §6.3).

use serde::{Deserialize, Serialize};

use super::{Alignment, DmarcRecord, FailureOption, Policy, ReportUri};
use crate::calendar::Date;
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};

/// What the user chose for DMARC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DmarcChoices {
    /// The policy to publish now (`none` to start with).
    pub policy: Policy,
    /// The policy the rollout ends at.
    pub target: Policy,
    /// A separate policy for subdomains, if wanted.
    pub subdomain_policy: Option<Policy>,
    /// Aggregate report addresses (`mailto:` is added when missing).
    pub rua: Vec<String>,
    /// Failure report addresses (few receivers send these).
    pub ruf: Vec<String>,
    /// DKIM alignment; relaxed when unset.
    pub adkim: Option<Alignment>,
    /// SPF alignment; relaxed when unset.
    pub aspf: Option<Alignment>,
    /// When to send failure reports (`fo=`); receivers' default (`0`) when unset.
    pub failure_options: Option<Vec<FailureOption>>,
    /// Weeks between rollout steps (2 to 4 is usual).
    pub weeks_between_steps: u32,
}

impl Default for DmarcChoices {
    fn default() -> Self {
        DmarcChoices {
            policy: Policy::None,
            target: Policy::Reject,
            subdomain_policy: None,
            rua: Vec::new(),
            ruf: Vec::new(),
            adkim: None,
            aspf: None,
            failure_options: None,
            weeks_between_steps: 3,
        }
    }
}

/// Read a report address as typed: `mailto:a@b.c`, or `a@b.c` (then `mailto:` is added).
pub fn report_uri(value: &str) -> Result<ReportUri> {
    let trimmed = value.trim();
    let candidate = if trimmed.contains(':') {
        trimmed.to_owned()
    } else {
        format!("mailto:{trimmed}")
    };
    match ReportUri::parse(&candidate) {
        Some(uri)
            if uri.mailto_address().is_some()
                && uri
                    .mailto_domain()
                    .is_some_and(|d| crate::domain::DomainName::parse(&d).is_ok()) =>
        {
            Ok(uri)
        }
        _ => Err(Error::DmarcReportAddressInvalid {
            value: value.to_owned(),
        }),
    }
}

impl DmarcChoices {
    /// The record for these choices merged with `existing`: report addresses already published
    /// are kept, and a stricter policy already published is never weakened silently.
    pub fn merge(&self, existing: Option<&DmarcRecord>) -> Result<(DmarcRecord, Vec<Finding>)> {
        let mut findings = Vec::new();
        let mut record = DmarcRecord::with_policy(self.policy);
        record.subdomain_policy = self.subdomain_policy;
        record.adkim = self.adkim;
        record.aspf = self.aspf;
        record.failure_options = self.failure_options.clone();
        for value in &self.rua {
            let uri = report_uri(value)?;
            if !record
                .rua
                .iter()
                .any(|u| u.uri.eq_ignore_ascii_case(&uri.uri))
            {
                record.rua.push(uri);
            }
        }
        for value in &self.ruf {
            let uri = report_uri(value)?;
            if !record
                .ruf
                .iter()
                .any(|u| u.uri.eq_ignore_ascii_case(&uri.uri))
            {
                record.ruf.push(uri);
            }
        }
        if let Some(old) = existing {
            if let Some(old_policy) = old.policy {
                if old_policy > self.policy {
                    record.policy = Some(old_policy);
                    findings.push(Finding::note(
                        "dmarc.kept_stricter_policy",
                        format!(
                            "Your domain already publishes p={}; Sendwell keeps it rather than weakening it to p={}.",
                            old_policy.as_str(),
                            self.policy.as_str()
                        ),
                    ));
                }
            }
            for (mine, theirs) in [(&mut record.rua, &old.rua), (&mut record.ruf, &old.ruf)] {
                for uri in theirs {
                    if !mine.iter().any(|u| u.uri.eq_ignore_ascii_case(&uri.uri)) {
                        mine.push(uri.clone());
                    }
                }
            }
            if let (Some(new_sp), Some(old_sp)) = (record.subdomain_policy, old.subdomain_policy) {
                if new_sp < old_sp {
                    findings.push(Finding::new(
                        "dmarc.weaker_subdomain_policy",
                        Severity::Warning,
                        format!("Your domain publishes sp={} for subdomains today; the new record weakens it to sp={}.", old_sp.as_str(), new_sp.as_str()),
                        format!("Keep sp={} unless a subdomain's mail is failing.", old_sp.as_str()),
                    ));
                }
            }
            record.subdomain_policy = record.subdomain_policy.or(old.subdomain_policy);
            let partial_pct = old
                .pct
                .as_deref()
                .and_then(|p| p.trim().parse::<u8>().ok())
                .is_some_and(|p| p < 100);
            if old.testing == Some(true) || partial_pct {
                record.testing = Some(true);
                findings.push(
                    Finding::new(
                        "dmarc.kept_testing",
                        Severity::Info,
                        if partial_pct {
                            "Your current record applies its policy to only part of the mail (pct=). The new record keeps that gentler start with t=y, which asks receivers to apply one step less than the policy."
                        } else {
                            "Your current record has t=y (testing): receivers apply one step less than the policy. The new record keeps it."
                        },
                        "Remove t=y when the reports show all your mail passing.",
                    )
                    .rfc("RFC 9989"),
                );
            }
            record.nonexistent_policy = old.nonexistent_policy;
            record.adkim = record.adkim.or(old.adkim);
            record.aspf = record.aspf.or(old.aspf);
            if record.failure_options.is_none() {
                record.failure_options = old.failure_options.clone();
            }
            if old.pct.is_some() || old.rf.is_some() || old.ri.is_some() {
                findings.push(
                    Finding::note(
                        "dmarc.dropped_removed_tags",
                        "The pct=, rf= and ri= tags of your current record were left out: DMARC no longer uses them.",
                    )
                    .rfc("RFC 9989"),
                );
            }
        }
        if record.rua.is_empty() {
            findings.push(
                Finding::new(
                    "dmarc.no_reports",
                    Severity::Warning,
                    "Without a report address you will not see who sends mail as your domain, so you cannot tell when it is safe to move to quarantine and reject.",
                    "Add a report address (an inbox you read, or a DMARC report service).",
                )
                .rfc("RFC 7489 §6.3"),
            );
        }
        Ok((record, findings))
    }
}

/// One dated step of the rollout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RolloutStep {
    /// From when.
    pub date: Date,
    /// The policy to publish from that date.
    pub policy: Policy,
    /// The full record text for that step.
    pub record: String,
    /// What to check before taking the step, in plain words.
    pub advice: String,
}

/// The dated steps from `record`'s policy to `target`, `weeks` apart, starting on `start`.
pub fn rollout(record: &DmarcRecord, target: Policy, weeks: u32, start: Date) -> Vec<RolloutStep> {
    let weeks = i64::from(weeks.clamp(1, 26));
    let mut steps = Vec::new();
    let mut date = start;
    for policy in [Policy::None, Policy::Quarantine, Policy::Reject] {
        if policy < record.effective_policy() || policy > target.max(record.effective_policy()) {
            continue;
        }
        let mut step_record = record.clone();
        step_record.policy = Some(policy);
        let advice = match policy {
            Policy::None => "Publish now. Read the daily reports: every service that sends as your domain should pass SPF or DKIM.",
            Policy::Quarantine => "If the reports show only your own services, and they pass, change p=none to p=quarantine: forged mail goes to spam.",
            Policy::Reject => "If nothing legitimate landed in spam since quarantine, change to p=reject: forged mail is refused.",
        };
        steps.push(RolloutStep {
            date,
            policy,
            record: step_record.to_string(),
            advice: advice.to_owned(),
        });
        date = date.plus_days(weeks * 7);
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_merges_and_dates_the_rollout() {
        let choices = DmarcChoices {
            rua: vec!["dmarc@reports.example.net".into()],
            ..DmarcChoices::default()
        };
        let (record, findings) = choices.merge(None).expect("valid");
        assert_eq!(
            record.to_string(),
            "v=DMARC1; p=none; rua=mailto:dmarc@reports.example.net"
        );
        assert!(findings.is_empty());

        let existing =
            DmarcRecord::parse("v=DMARC1; p=quarantine; rua=mailto:old@example.com; pct=50")
                .expect("old");
        let (merged, findings) = choices.merge(Some(&existing)).expect("valid");
        assert_eq!(
            merged.to_string(),
            "v=DMARC1; p=quarantine; rua=mailto:dmarc@reports.example.net,mailto:old@example.com; t=y"
        );
        let ids: Vec<_> = findings.iter().map(|f| f.id).collect();
        assert_eq!(
            ids,
            [
                "dmarc.kept_stricter_policy",
                "dmarc.kept_testing",
                "dmarc.dropped_removed_tags"
            ]
        );

        let start = Date::parse("2026-12-01").expect("date");
        let steps = rollout(&record, Policy::Reject, 3, start);
        let dated: Vec<(String, Policy)> = steps
            .iter()
            .map(|s| (s.date.to_string(), s.policy))
            .collect();
        assert_eq!(
            dated,
            [
                ("2026-12-01".to_owned(), Policy::None),
                ("2026-12-22".to_owned(), Policy::Quarantine),
                ("2027-01-12".to_owned(), Policy::Reject)
            ]
        );
        assert!(steps[2].record.starts_with("v=DMARC1; p=reject;"));
        assert_eq!(rollout(&merged, Policy::Reject, 2, start).len(), 2);
    }

    #[test]
    fn report_addresses_are_checked() {
        assert_eq!(
            report_uri("mailto:a@b.com").map(|u| u.uri),
            Ok("mailto:a@b.com".into())
        );
        assert_eq!(
            report_uri(" a@b.com ").map(|u| u.uri),
            Ok("mailto:a@b.com".into())
        );
        for bad in ["", "a", "a@b", "mailto:", "https://x.com", "a b@c.com"] {
            assert!(report_uri(bad).is_err(), "{bad}");
        }
    }
}
