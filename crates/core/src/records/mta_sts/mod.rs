//! MTA-STS (RFC 8461): the `_mta-sts` TXT record that announces a policy, and the policy file
//! served at `https://mta-sts.<domain>/.well-known/mta-sts.txt`.

mod lint;
mod policy;
mod record;

pub use lint::{lint_policy, lint_record};
pub use policy::{mx_matches, MtaStsMode, MtaStsPolicy, PolicyError, MAX_AGE_LIMIT};
pub use record::{MtaStsRecord, MtaStsRecordError};

/// Where the policy file must be served (RFC 8461 §3.3).
pub fn policy_url(domain: &str) -> String {
    format!(
        "https://mta-sts.{}/.well-known/mta-sts.txt",
        domain.trim_end_matches('.').to_ascii_lowercase()
    )
}
