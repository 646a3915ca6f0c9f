//! What a domain check may do beyond DNS lookups: which DKIM selectors to ask about, whether to
//! probe the common ones, and how the MTA-STS policy is fetched (trust, timeout).

use std::time::Duration;

use crate::mailbox::TlsSettings;

/// How long the MTA-STS policy fetch may take, connection to last byte (RFC 8461 §3.3 wants
/// the fetch bounded by a timeout; ten seconds is generous for a check a person waits for).
pub const DEFAULT_POLICY_TIMEOUT: Duration = Duration::from_secs(10);

/// Options of [`check_domain_with`](super::check_domain_with).
#[derive(Debug, Clone)]
pub struct AuditSettings {
    /// DKIM selectors to look up, in order (always listed in `dkim[]`, found or not).
    pub dkim_selectors: Vec<String>,
    /// Also probe the common selectors ([`PROBE_SELECTORS`](super::PROBE_SELECTORS)); only
    /// hits are reported.
    pub probe_dkim: bool,
    /// How the MTA-STS policy is fetched.
    pub policy_fetch: PolicyFetchSettings,
}

impl Default for AuditSettings {
    fn default() -> Self {
        AuditSettings {
            dkim_selectors: Vec::new(),
            probe_dkim: true,
            policy_fetch: PolicyFetchSettings::default(),
        }
    }
}

impl AuditSettings {
    /// The defaults, with these selectors.
    pub fn with_selectors(selectors: &[String]) -> Self {
        AuditSettings {
            dkim_selectors: selectors.to_vec(),
            ..Self::default()
        }
    }
}

/// How the MTA-STS policy is fetched over HTTPS (RFC 8461 §3.3). TLS is always verified.
#[derive(Debug, Clone)]
pub struct PolicyFetchSettings {
    /// Whom to trust: `None` is the operating system's trust store; `Some` adds CAs given
    /// explicitly (`--ca-file`) to it.
    pub tls: Option<TlsSettings>,
    /// The whole fetch must finish within this.
    pub timeout: Duration,
}

impl Default for PolicyFetchSettings {
    fn default() -> Self {
        PolicyFetchSettings {
            tls: None,
            timeout: DEFAULT_POLICY_TIMEOUT,
        }
    }
}
