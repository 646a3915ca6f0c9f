//! DMARC policy records (RFC 7489 §6.3, with the RFC 9989 "DMARCbis" tags `np`, `psd`, `t`): the
//! typed record, parser, renderer, lints, the policy builder with its rollout, and alignment.

mod align;
mod builder;
mod lint;
mod parse;
mod report_auth;
mod select;

pub use align::{aligned, Alignment};
pub use builder::{report_uri, rollout, DmarcChoices, RolloutStep};
pub use lint::{lint, lint_record};
pub use parse::{DmarcSyntaxError, ReportUri};
pub use report_auth::{report_authorizations, ReportAuthorization};
pub use select::{is_dmarc_record, policy, select, subdomain_policy};

use serde::{Deserialize, Serialize};

/// The requested handling of failing mail, the `p=` tag (RFC 7489 §6.3).
///
/// ```text
/// dmarc-request = "p" *WSP "=" *WSP ( "none" / "quarantine" / "reject" )
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Monitor only: deliver as usual, send reports.
    None,
    /// Treat failing mail as suspicious (usually the spam folder).
    Quarantine,
    /// Refuse failing mail.
    Reject,
}

impl Policy {
    /// The tag value: `none`, `quarantine` or `reject`.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::None => "none",
            Policy::Quarantine => "quarantine",
            Policy::Reject => "reject",
        }
    }

    /// Read a tag value, ignoring case.
    pub fn parse(value: &str) -> Option<Policy> {
        match value.to_ascii_lowercase().as_str() {
            "none" => Some(Policy::None),
            "quarantine" => Some(Policy::Quarantine),
            "reject" => Some(Policy::Reject),
            _ => None,
        }
    }
}

/// `psd=` (RFC 9989): whether this is a public suffix domain's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PsdFlag {
    /// `y`: a public suffix operator's record.
    Yes,
    /// `n`: an organizational domain.
    No,
    /// `u`: unspecified (the default).
    Unspecified,
}

/// `fo=` failure-reporting options (RFC 7489 §6.3): `0`, `1`, `d`, `s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FailureOption {
    /// `0`.
    #[serde(rename = "0")]
    /// Report when every mechanism failed to align (the default).
    All,
    /// `1`: report when any mechanism failed to align.
    #[serde(rename = "1")]
    Any,
    /// `d`: report DKIM signatures that failed.
    #[serde(rename = "d")]
    Dkim,
    /// `s`: report SPF evaluations that failed.
    #[serde(rename = "s")]
    Spf,
}

impl FailureOption {
    fn as_str(self) -> &'static str {
        match self {
            FailureOption::All => "0",
            FailureOption::Any => "1",
            FailureOption::Dkim => "d",
            FailureOption::Spf => "s",
        }
    }
}

/// A DMARC record, the TXT record at `_dmarc.<domain>` (RFC 7489 §6.3, §6.4; RFC 9989 §4.7).
///
/// ```text
/// dmarc-record = dmarc-version dmarc-sep [dmarc-request] [dmarc-sep dmarc-srequest]
///                [dmarc-sep dmarc-auri] [dmarc-sep dmarc-furi] [dmarc-sep dmarc-adkim]
///                [dmarc-sep dmarc-aspf] [dmarc-sep dmarc-ainterval] [dmarc-sep dmarc-fo]
///                [dmarc-sep dmarc-rfmt] [dmarc-sep dmarc-percent] [dmarc-sep]
/// ```
///
/// Every tag is optional in the model so a record renders back as it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DmarcRecord {
    /// `p=`, required by RFC 7489 (without it, a record with `rua` acts as `p=none`, §6.6.3).
    pub policy: Option<Policy>,
    /// `sp=`: the policy for subdomains (defaults to `p`).
    pub subdomain_policy: Option<Policy>,
    /// `np=` (RFC 9989): the policy for subdomains that do not exist.
    pub nonexistent_policy: Option<Policy>,
    /// `adkim=`: DKIM alignment (relaxed by default).
    pub adkim: Option<Alignment>,
    /// `aspf=`: SPF alignment (relaxed by default).
    pub aspf: Option<Alignment>,
    /// `fo=`: when to send failure reports.
    pub failure_options: Option<Vec<FailureOption>>,
    /// `rua=`: where aggregate reports go.
    pub rua: Vec<ReportUri>,
    /// `ruf=`: where failure reports go.
    pub ruf: Vec<ReportUri>,
    /// `pct=` (removed by RFC 9989), as written.
    pub pct: Option<String>,
    /// `rf=` (removed by RFC 9989), as written.
    pub rf: Option<String>,
    /// `ri=` (removed by RFC 9989), as written.
    pub ri: Option<String>,
    /// `psd=` (RFC 9989).
    pub psd: Option<PsdFlag>,
    /// `t=` (RFC 9989): `y` asks receivers to apply one level less than the policy.
    pub testing: Option<bool>,
    /// Tags DMARC does not define (receivers ignore them), as written.
    pub other: Vec<(String, String)>,
}

impl DmarcRecord {
    /// A record with only a policy.
    pub fn with_policy(policy: Policy) -> Self {
        DmarcRecord {
            policy: Some(policy),
            subdomain_policy: None,
            nonexistent_policy: None,
            adkim: None,
            aspf: None,
            failure_options: None,
            rua: Vec::new(),
            ruf: Vec::new(),
            pct: None,
            rf: None,
            ri: None,
            psd: None,
            testing: None,
            other: Vec::new(),
        }
    }

    /// The policy receivers apply: `p=`, or `none` when it is missing (RFC 7489 §6.6.3).
    pub fn effective_policy(&self) -> Policy {
        self.policy.unwrap_or(Policy::None)
    }
}

impl std::fmt::Display for DmarcRecord {
    /// Canonical text: `v=DMARC1; p=…` then the other tags in RFC order.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = vec!["v=DMARC1".to_owned()];
        let policy_tags = [
            ("p", self.policy),
            ("sp", self.subdomain_policy),
            ("np", self.nonexistent_policy),
        ];
        for (name, value) in policy_tags {
            if let Some(p) = value {
                parts.push(format!("{name}={}", p.as_str()));
            }
        }
        for (name, value) in [("adkim", self.adkim), ("aspf", self.aspf)] {
            if let Some(a) = value {
                parts.push(format!("{name}={}", a.as_str()));
            }
        }
        if let Some(fo) = &self.failure_options {
            let list: Vec<&str> = fo.iter().map(|o| o.as_str()).collect();
            parts.push(format!("fo={}", list.join(":")));
        }
        for (name, list) in [("rua", &self.rua), ("ruf", &self.ruf)] {
            if !list.is_empty() {
                let uris: Vec<String> = list.iter().map(ReportUri::to_string).collect();
                parts.push(format!("{name}={}", uris.join(",")));
            }
        }
        for (name, value) in [("pct", &self.pct), ("rf", &self.rf), ("ri", &self.ri)] {
            if let Some(v) = value {
                parts.push(format!("{name}={v}"));
            }
        }
        if let Some(psd) = self.psd {
            let v = match psd {
                PsdFlag::Yes => "y",
                PsdFlag::No => "n",
                PsdFlag::Unspecified => "u",
            };
            parts.push(format!("psd={v}"));
        }
        if let Some(t) = self.testing {
            parts.push(format!("t={}", if t { "y" } else { "n" }));
        }
        for (name, value) in &self.other {
            parts.push(format!("{name}={value}"));
        }
        f.write_str(&parts.join("; "))
    }
}
