//! Lints for a published MTA-STS record and policy file (RFC 8461): broken syntax, extension
//! tags senders ignore, testing mode and a short `max_age`.

use super::{MtaStsMode, MtaStsPolicy, MtaStsRecord};
use crate::finding::{Finding, Severity};

/// Findings for the `_mta-sts` TXT text.
pub fn lint_record(text: &str) -> Vec<Finding> {
    match MtaStsRecord::parse(text) {
        Err(e) => vec![Finding::new(
            "mta_sts.syntax",
            Severity::Error,
            format!("The MTA-STS record is broken: {e}."),
            "Replace it with v=STSv1; id= followed by a new id, for example the date: v=STSv1; id=20261201",
        )
        .rfc("RFC 8461 §3.1")],
        Ok(r) => r
            .extensions
            .iter()
            .map(|(name, _)| {
                Finding::new(
                    "mta_sts.unknown_tag",
                    Severity::Warning,
                    format!("The MTA-STS record has a tag {name}= that senders ignore (a typo?)."),
                    format!("Remove {name}= unless your provider asked for it."),
                )
                .rfc("RFC 8461 §3.1")
            })
            .collect(),
    }
}

/// Findings for the policy file's text.
pub fn lint_policy(body: &str) -> Vec<Finding> {
    let policy = match MtaStsPolicy::parse(body) {
        Ok(p) => p,
        Err(e) => {
            return vec![Finding::new(
                "mta_sts.policy_syntax",
                Severity::Error,
                format!("The MTA-STS policy file is broken: {e}."),
                "Replace the file with the policy Sendwell shows.",
            )
            .rfc("RFC 8461 §3.2")]
        }
    };
    let mut out = Vec::new();
    for (key, _) in &policy.extensions {
        out.push(
            Finding::new(
                "mta_sts.policy_unknown_field",
                Severity::Warning,
                format!("The policy file has a line '{key}:' that senders ignore (a typo?)."),
                format!("Remove the '{key}:' line."),
            )
            .rfc("RFC 8461 §3.2"),
        );
    }
    match policy.mode {
        MtaStsMode::Testing => out.push(
            Finding::note(
                "mta_sts.testing",
                "MTA-STS is in testing mode: senders report TLS problems but still deliver.",
            )
            .rfc("RFC 8461 §5"),
        ),
        MtaStsMode::None => out.push(
            Finding::note(
                "mta_sts.mode_none",
                "The MTA-STS policy is switched off (mode: none).",
            )
            .rfc("RFC 8461 §5"),
        ),
        MtaStsMode::Enforce => {}
    }
    if policy.max_age < 86_400 && policy.mode != MtaStsMode::None {
        out.push(
            Finding::new(
                "mta_sts.short_max_age",
                Severity::Warning,
                format!("max_age is {} seconds: senders forget the policy within a day, which weakens it.", policy.max_age),
                "Use a week (604800) while testing and several weeks once enforcing.",
            )
            .rfc("RFC 8461 §3.2"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_by_id() {
        let ids = |f: Vec<Finding>| f.into_iter().map(|f| f.id).collect::<Vec<_>>();
        assert_eq!(ids(lint_record("v=STSv1; id=1")), Vec::<&str>::new());
        assert_eq!(
            ids(lint_record("v=STSv1; id=1; x=y")),
            ["mta_sts.unknown_tag"]
        );
        assert_eq!(ids(lint_record("v=STSv2; id=1")), ["mta_sts.syntax"]);
        assert_eq!(
            ids(lint_policy(
                "version: STSv1\nmode: testing\nmx: a.b\nmax_age: 60"
            )),
            ["mta_sts.testing", "mta_sts.short_max_age"]
        );
        assert_eq!(ids(lint_policy("garbage")), ["mta_sts.policy_syntax"]);
    }
}
