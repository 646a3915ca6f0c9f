//! Mailboxes: find a mailbox's IMAP/POP3/SMTP settings, then prove over TLS that IMAP and
//! SMTP work and whether POP3 is on — concurrently, each with its own deadline.
//!
//! Everything the servers may answer (wrong password, POP3 off, a bad certificate, silence)
//! comes back as a [`ProbeStatus`] value in a [`MailboxReport`]; errors are for bad input.

pub mod account;
pub mod autoconfig;
pub mod discover;
pub mod endpoint;
pub mod imap;
pub mod imap_wire;
pub mod pop3;
pub mod pop3_wire;
pub mod presets;
pub mod report;
pub mod smtp;
pub mod smtp_wire;
pub mod status;
pub mod tls;
pub mod wire;

use std::time::Duration;

use tokio::time::Instant;

pub use discover::{discover, MailSettings, SettingsSource};
pub use endpoint::{Endpoint, Protocol, Security};
pub use report::{MailboxReport, Verdict};
pub use status::{AuthCause, ProbeReport, ProbeStatus, TlsProblem};
pub use tls::TlsSettings;

use crate::error::{Error, Result};
use crate::secrets::Secret;
use imap_wire::Refusal;

/// Who logs in: the user name (the address, for every provider Sendwell knows) and password.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The login name.
    pub user: String,
    /// The password (prints as `<redacted>`).
    pub password: Secret,
}

/// Deadlines of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// The most one protocol's probe may take, all candidates together.
    pub probe_timeout: Duration,
    /// The most one TCP connection attempt may take.
    pub connect_timeout: Duration,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            probe_timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(8),
        }
    }
}

/// The three probes' results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probes {
    /// IMAP.
    pub imap: ProbeReport,
    /// POP3.
    pub pop3: ProbeReport,
    /// SMTP submission.
    pub smtp: ProbeReport,
}

/// A mailbox address split at its last `@`, the domain checked like any domain.
pub fn parse_address(address: &str) -> Result<(String, crate::DomainName)> {
    let a = address.trim();
    let bad = || Error::MailboxAddressInvalid {
        address: a.chars().take(100).collect(),
    };
    let (local, domain) = a.rsplit_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || local.len() > 64
        || local.contains([
            '@', ' ', '\r', '\n', '\t', '"', '\\', '(', ')', '<', '>', ',',
        ])
        || local.chars().any(char::is_control)
    {
        return Err(bad());
    }
    let name = crate::DomainName::parse(domain).map_err(|_| bad())?;
    Ok((format!("{local}@{}", name.ascii), name))
}

/// Probe all three protocols at the same time, each within `options.probe_timeout`.
pub async fn check(
    settings: &MailSettings,
    credentials: &Credentials,
    tls: &TlsSettings,
    options: &CheckOptions,
) -> Probes {
    let (imap, pop3, smtp) = tokio::join!(
        run_protocol(Protocol::Imap, &settings.imap, credentials, tls, options),
        run_protocol(Protocol::Pop3, &settings.pop3, credentials, tls, options),
        run_protocol(Protocol::Smtp, &settings.smtp, credentials, tls, options),
    );
    Probes { imap, pop3, smtp }
}

/// Try the candidates best first; move on only when one is unreachable.
async fn run_protocol(
    protocol: Protocol,
    candidates: &[Endpoint],
    creds: &Credentials,
    tls: &TlsSettings,
    options: &CheckOptions,
) -> ProbeReport {
    let deadline = Instant::now() + options.probe_timeout;
    let mut last: Option<ProbeReport> = None;
    for ep in candidates {
        let started = Instant::now();
        // Each probe runs as its own task: a panic inside a protocol library becomes a
        // protocol_error for that protocol instead of ending the whole check.
        let (ep_owned, creds, tls, connect) = (
            ep.clone(),
            creds.clone(),
            tls.clone(),
            options.connect_timeout,
        );
        let task = tokio::spawn(async move {
            match protocol {
                Protocol::Imap => imap::probe(&ep_owned, &creds, &tls, connect).await,
                Protocol::Pop3 => pop3::probe(&ep_owned, &creds, &tls, connect).await,
                Protocol::Smtp => smtp::probe(&ep_owned, &creds, &tls, connect).await,
            }
        });
        let abort = task.abort_handle();
        let report = match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => ProbeReport::new(
                ep,
                ProbeStatus::ProtocolError,
                format!(
                    "{} at {}:{}: the server's answers could not be handled (an internal error; please report it).",
                    protocol.name(),
                    ep.host,
                    ep.port
                ),
            ),
            Err(_) => {
                abort.abort();
                let mut r = ProbeReport::new(
                    ep,
                    ProbeStatus::Timeout,
                    format!(
                        "{} at {}:{} did not answer within {} s. Check the host and port, or try again later.",
                        protocol.name(),
                        ep.host,
                        ep.port,
                        options.probe_timeout.as_secs()
                    ),
                );
                r.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                return r;
            }
        };
        if report.status != ProbeStatus::Unreachable {
            return report;
        }
        last = Some(report);
    }
    last.unwrap_or_else(|| {
        let none = Endpoint::new(protocol, "", 0, Security::Tls);
        ProbeReport::new(
            &none,
            ProbeStatus::NotChecked,
            format!(
                "No {} server is known for this mailbox. Give one with --{} HOST[:PORT].",
                protocol.name(),
                protocol.name().to_ascii_lowercase()
            ),
        )
    })
}

/// Open the TCP connection to `ep`; when that fails, mark `report` unreachable and give `None`.
async fn connect_or_unreachable(
    ep: &Endpoint,
    timeout: Duration,
    report: &mut ProbeReport,
) -> Option<tokio::net::TcpStream> {
    match wire::connect(&ep.host, ep.port, timeout).await {
        Ok(tcp) => Some(tcp),
        Err(e) => {
            report.set(
                ProbeStatus::Unreachable,
                format!(
                    "{} at {}:{}: {}.",
                    ep.protocol.name(),
                    ep.host,
                    ep.port,
                    e.describe()
                ),
            );
            None
        }
    }
}

/// A fresh report for `endpoint`, and the moment the probe started (see [`finish`]).
fn start(endpoint: &Endpoint) -> (ProbeReport, Instant) {
    (
        ProbeReport::new(endpoint, ProbeStatus::ProtocolError, ""),
        Instant::now(),
    )
}

/// Stamp the probe's duration on its report.
fn finish(mut report: ProbeReport, started: Instant) -> ProbeReport {
    report.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    report
}

/// Record a TLS failure (no password was sent).
fn tls_failed(report: &mut ProbeReport, problem: TlsProblem) {
    report.tls_problem = Some(problem);
    let fix = match problem {
        TlsProblem::Expired => "The provider has to renew it. Until then, do not use this server.",
        TlsProblem::NotYetValid => "Check this computer's date and time.",
        TlsProblem::WrongHost => {
            "Use the exact server name from your provider's help page (not an alias or an IP address)."
        }
        TlsProblem::Untrusted => {
            "Use the server name your provider documents. For your own server with a private authority, pass its certificate with --ca-file."
        }
        TlsProblem::Revoked => "Do not use this server; tell your provider.",
        TlsProblem::Handshake => "Check that this port uses TLS (for example 993, 995, 465).",
    };
    let name = report.protocol.name();
    report.set(
        ProbeStatus::TlsError,
        format!(
            "{name} at {}:{}: {}. Sendwell did not send the password. {fix}",
            report.host,
            report.port,
            problem.describe()
        ),
    );
}

/// Record a refused login.
fn apply_refusal(report: &mut ProbeReport, refusal: Refusal) {
    let name = report.protocol.name();
    match refusal {
        Refusal::WrongPassword => {
            report.auth_cause = Some(AuthCause::WrongPassword);
            report.set(
                ProbeStatus::AuthFailed,
                format!("The {name} server refused the user name or password. Check the password; if the account uses two-step verification, the provider may require an app password."),
            );
        }
        Refusal::AppPasswordNeeded => {
            report.auth_cause = Some(AuthCause::AppPasswordNeeded);
            report.set(
                ProbeStatus::AuthFailed,
                format!("The {name} server wants an app password, not your normal password. Create one in your account's security settings and use it here."),
            );
        }
        Refusal::BasicAuthDisabled => {
            report.auth_cause = Some(AuthCause::BasicAuthDisabled);
            report.set(
                ProbeStatus::AuthFailed,
                format!("The provider has turned off password logins for {name} (it wants OAuth sign-in, which Sendwell does not support yet). Ask your administrator to allow it for this mailbox, or use an app password if the provider offers one."),
            );
        }
        Refusal::Disabled => report.set(
            ProbeStatus::Disabled,
            format!("{name} is turned off for this account (the server accepted the connection but not {name} logins)."),
        ),
        Refusal::Unavailable => report.set(
            ProbeStatus::Unreachable,
            format!("The {name} server is temporarily unavailable. Try again in a few minutes."),
        ),
    }
}

#[cfg(test)]
mod tests;

/// The whole check for one mailbox: servers the user gave (`given`, per protocol) plus
/// discovery for the rest, then the three probes concurrently, then the report.
pub async fn check_mailbox<R: crate::dns::Resolve>(
    resolver: &R,
    address: &str,
    given: MailSettings,
    credentials: &Credentials,
    tls: &TlsSettings,
    options: &CheckOptions,
    discover_options: discover::DiscoverOptions,
) -> Result<MailboxReport> {
    let (address, domain) = parse_address(address)?;
    let mut settings = given;
    discover::discover(
        resolver,
        &address,
        &domain.ascii,
        tls,
        discover_options,
        &mut settings,
    )
    .await;
    let probes = check(&settings, credentials, tls, options).await;
    Ok(report::build(&address, settings, probes))
}
