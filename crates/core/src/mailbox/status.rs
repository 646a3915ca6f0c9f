//! What one protocol probe found: a stable status (serde snake_case) plus its details.
//! Expected outcomes (wrong password, POP3 off, bad certificate) are these values, never errors.

use serde::Serialize;

use super::endpoint::{Endpoint, Protocol, Security};

/// The outcome of probing one protocol. Stable: scripts and the UI branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeStatus {
    /// Logged in over TLS (for POP3: POP3 is enabled for this account).
    Ok,
    /// The server works but this protocol is turned off for this account.
    Disabled,
    /// The server refused the login; see [`AuthCause`].
    AuthFailed,
    /// The TLS handshake failed; see [`TlsProblem`]. No password was sent.
    TlsError,
    /// The server did not offer STARTTLS (or it failed) on a plain port: stopped before the
    /// password, which would otherwise travel readable.
    DowngradeRisk,
    /// No connection: the port is closed, the host does not resolve, or the network is down.
    Unreachable,
    /// The server did not answer in time.
    Timeout,
    /// The server answered something this protocol does not allow.
    ProtocolError,
    /// Not checked (no server known for this protocol).
    NotChecked,
}

impl ProbeStatus {
    /// True when the check could not be completed (network or time), as opposed to a finding.
    pub fn is_incomplete(self) -> bool {
        matches!(self, ProbeStatus::Unreachable | ProbeStatus::Timeout)
    }
}

/// The likely reason a login was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthCause {
    /// The password (or user name) is wrong.
    WrongPassword,
    /// The provider wants an app password instead of the account password.
    AppPasswordNeeded,
    /// The provider turned password logins off (it wants OAuth, which Sendwell does not support yet).
    BasicAuthDisabled,
    /// The server offers no login method Sendwell can use over TLS.
    NoUsableMechanism,
}

/// Why a certificate was not accepted (RFC 5280 §6 path validation, RFC 6125 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsProblem {
    /// The certificate's validity period has ended.
    Expired,
    /// The certificate is not valid yet (or this computer's clock is wrong).
    NotYetValid,
    /// The certificate is for a different host name.
    WrongHost,
    /// Nobody this computer trusts signed the certificate (self-signed or private CA).
    Untrusted,
    /// The certificate was revoked.
    Revoked,
    /// The handshake failed for another reason (protocol version, cipher, a reset).
    Handshake,
}

impl TlsProblem {
    /// Plain words for the problem.
    pub fn describe(self) -> &'static str {
        match self {
            TlsProblem::Expired => "the server's certificate has expired",
            TlsProblem::NotYetValid => {
                "the server's certificate is not valid yet (check this computer's date and time)"
            }
            TlsProblem::WrongHost => "the server's certificate is for a different host name",
            TlsProblem::Untrusted => {
                "the server's certificate is not signed by an authority this computer trusts"
            }
            TlsProblem::Revoked => "the server's certificate has been revoked",
            TlsProblem::Handshake => "the secure (TLS) connection could not be set up",
        }
    }
}

/// Everything one probe reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeReport {
    /// `imap`, `pop3` or `smtp`.
    pub protocol: Protocol,
    /// The outcome.
    pub status: ProbeStatus,
    /// The host connected to.
    pub host: String,
    /// The port connected to.
    pub port: u16,
    /// Implicit TLS or STARTTLS.
    pub security: Security,
    /// Why the login failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_cause: Option<AuthCause>,
    /// Why TLS failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_problem: Option<TlsProblem>,
    /// What happened, in plain words.
    pub message: String,
    /// What the server said last (one line, control characters removed), for the details view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_said: Option<String>,
    /// Capabilities advertised before login (over TLS).
    pub capabilities_before_login: Vec<String>,
    /// Capabilities advertised after login.
    pub capabilities_after_login: Vec<String>,
    /// IMAP: messages in INBOX (from EXAMINE, read-only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbox_messages: Option<u32>,
    /// Whether the password was sent (always over TLS; false for TLS errors and downgrade risks).
    pub password_sent: bool,
    /// How long the probe took, in milliseconds.
    pub elapsed_ms: u64,
}

impl ProbeReport {
    /// A report for `endpoint` with `status` and a message; details filled in by the probe.
    pub fn new(endpoint: &Endpoint, status: ProbeStatus, message: impl Into<String>) -> Self {
        ProbeReport {
            protocol: endpoint.protocol,
            status,
            host: endpoint.host.clone(),
            port: endpoint.port,
            security: endpoint.security,
            auth_cause: None,
            tls_problem: None,
            message: message.into(),
            server_said: None,
            capabilities_before_login: Vec::new(),
            capabilities_after_login: Vec::new(),
            inbox_messages: None,
            password_sent: false,
            elapsed_ms: 0,
        }
    }

    /// Set status and message.
    pub fn set(&mut self, status: ProbeStatus, message: impl Into<String>) {
        self.status = status;
        self.message = message.into();
    }

    /// Refuse a connection whose server sent bytes right after agreeing to STARTTLS (`command`
    /// is `STARTTLS` or `STLS`): they crossed the network unencrypted and could have been
    /// injected by an attacker (RFC 3207 §4.2, RFC 2595 §3.1). Returns true when it refused.
    pub fn refuse_injected_after_starttls(&mut self, buffered: &[u8], command: &str) -> bool {
        if buffered.is_empty() {
            return false;
        }
        let protocol = self.protocol.name();
        self.set(
            ProbeStatus::DowngradeRisk,
            format!("The {protocol} server sent data right after agreeing to {command}, which an attacker could have injected. Sendwell stopped before sending the password."),
        );
        true
    }

    /// Keep the server's last words (cleaned of control characters, capped at 300 bytes).
    pub fn server_said(&mut self, text: &str) {
        self.server_said = Some(clean_line(text));
    }
}

/// Server text for display: control characters dropped, at most 300 characters.
pub fn clean_line(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .take(300)
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_serialize_snake_case() {
        for (status, text) in [
            (ProbeStatus::Ok, "\"ok\""),
            (ProbeStatus::AuthFailed, "\"auth_failed\""),
            (ProbeStatus::TlsError, "\"tls_error\""),
            (ProbeStatus::DowngradeRisk, "\"downgrade_risk\""),
            (ProbeStatus::Unreachable, "\"unreachable\""),
            (ProbeStatus::Timeout, "\"timeout\""),
            (ProbeStatus::Disabled, "\"disabled\""),
        ] {
            assert_eq!(serde_json::to_string(&status).ok().as_deref(), Some(text));
        }
    }

    #[test]
    fn server_text_is_cleaned() {
        assert_eq!(clean_line("+OK \u{1b}[2Jhi\r\n"), "+OK [2Jhi");
        assert_eq!(clean_line(&"x".repeat(1000)).len(), 300);
    }
}
