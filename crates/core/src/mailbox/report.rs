//! The result of a mailbox check: the three probe reports, one plain summary line
//! ("Ready: IMAP works, SMTP works, POP3 is off"), a verdict, and findings with fixes.

use serde::Serialize;

use super::discover::MailSettings;
use super::endpoint::Protocol;
use super::status::{AuthCause, ProbeReport, ProbeStatus};
use super::Probes;
use crate::finding::{Finding, Severity};

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// IMAP and SMTP work and POP3 is off: nothing to do (exit 0).
    Ready,
    /// Checked, and something needs fixing (exit 1).
    Problems,
    /// A server could not be reached or did not answer in time (exit 3).
    Incomplete,
}

/// Everything `sendwell mailbox check` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailboxReport {
    /// The address checked.
    pub address: String,
    /// The verdict.
    pub verdict: Verdict,
    /// One plain line, e.g. "Ready: IMAP works, SMTP works, POP3 is off".
    pub summary: String,
    /// IMAP.
    pub imap: ProbeReport,
    /// POP3.
    pub pop3: ProbeReport,
    /// SMTP.
    pub smtp: ProbeReport,
    /// The settings that were probed and where they came from.
    pub settings: MailSettings,
    /// What to fix, most important first.
    pub findings: Vec<Finding>,
}

/// Turn the probes into the report.
pub fn build(address: &str, settings: MailSettings, probes: Probes) -> MailboxReport {
    let Probes { imap, pop3, smtp } = probes;
    let (imap, mut pop3) = (imap, pop3);
    // The same password worked over IMAP: a POP3 refusal then means POP3 is off for the account.
    if imap.status == ProbeStatus::Ok
        && pop3.status == ProbeStatus::AuthFailed
        && pop3.auth_cause == Some(AuthCause::WrongPassword)
    {
        pop3.status = ProbeStatus::Disabled;
        pop3.auth_cause = None;
        pop3.message =
            "POP3 refused the password that IMAP accepted, so POP3 is off for this account."
                .to_owned();
    }
    // Exchange Online refuses password (basic) sign-in for IMAP and POP3 with a plain
    // "AUTHENTICATE failed": at Microsoft that, not the password, is the likely cause.
    let microsoft = settings
        .provider
        .as_ref()
        .is_some_and(|p| p.id == "microsoft");
    let (mut imap, mut pop3) = (imap, pop3);
    for r in [&mut imap, &mut pop3] {
        if microsoft
            && r.status == ProbeStatus::AuthFailed
            && r.auth_cause == Some(AuthCause::WrongPassword)
        {
            r.auth_cause = Some(AuthCause::BasicAuthDisabled);
            r.message = format!("Microsoft 365 / Outlook.com refused the {} login. Microsoft has turned off password sign-in for IMAP and POP (it wants OAuth, which Sendwell does not support yet); a wrong password gives the same answer.", r.protocol.name());
        }
    }
    let pop3_off = matches!(
        pop3.status,
        ProbeStatus::Disabled | ProbeStatus::Unreachable | ProbeStatus::NotChecked
    );
    let verdict = if imap.status.is_incomplete()
        || smtp.status.is_incomplete()
        || pop3.status == ProbeStatus::Timeout
    {
        Verdict::Incomplete
    } else if imap.status == ProbeStatus::Ok && smtp.status == ProbeStatus::Ok && pop3_off {
        Verdict::Ready
    } else {
        Verdict::Problems
    };
    let head = match verdict {
        Verdict::Ready => "Ready",
        Verdict::Problems => "Not ready",
        Verdict::Incomplete => "Could not finish",
    };
    let summary = format!(
        "{head}: {}, {}, {}",
        phrase(&imap),
        phrase(&smtp),
        phrase(&pop3)
    );
    let mut findings = Vec::new();
    for r in [&imap, &smtp, &pop3] {
        if let Some(f) = finding(r, &settings) {
            findings.push(f);
        }
    }
    let refused = [&imap, &smtp, &pop3].iter().any(|r| {
        matches!(r.status, ProbeStatus::AuthFailed | ProbeStatus::Disabled)
            && r.protocol != Protocol::Pop3
    });
    if refused {
        if let Some(p) = &settings.provider {
            for step in &p.steps {
                findings.push(Finding::new(
                    "mailbox.provider_step",
                    Severity::Info,
                    format!("{}: {}", p.name, step.text),
                    step.url.clone(),
                ));
            }
        }
    }
    for note in &settings.notes {
        findings.push(Finding::note("mailbox.settings_note", note.clone()));
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    MailboxReport {
        address: address.to_owned(),
        verdict,
        summary,
        imap,
        pop3,
        smtp,
        settings,
        findings,
    }
}

fn phrase(r: &ProbeReport) -> String {
    let p = r.protocol.name();
    match (r.protocol, r.status) {
        (Protocol::Pop3, ProbeStatus::Ok) => "POP3 is on (see the warning)".to_owned(),
        (Protocol::Pop3, ProbeStatus::Disabled) => "POP3 is off".to_owned(),
        (Protocol::Pop3, ProbeStatus::Unreachable | ProbeStatus::NotChecked) => {
            "POP3 is not offered".to_owned()
        }
        (_, ProbeStatus::Ok) => format!("{p} works"),
        (_, ProbeStatus::Disabled) => format!("{p} is turned off for this account"),
        (_, ProbeStatus::AuthFailed) => format!("{p} refused the login"),
        (_, ProbeStatus::TlsError) => format!("{p} has a certificate problem"),
        (_, ProbeStatus::DowngradeRisk) => format!("{p} is not encrypted"),
        (_, ProbeStatus::Unreachable) => format!("{p} could not be reached"),
        (_, ProbeStatus::Timeout) => format!("{p} did not answer in time"),
        (_, ProbeStatus::ProtocolError) => format!("{p} answered unexpectedly"),
        (_, ProbeStatus::NotChecked) => format!("{p} not checked (no server known)"),
    }
}

/// The stable finding id of a probe outcome.
pub fn finding_id(protocol: Protocol, status: ProbeStatus) -> Option<&'static str> {
    use ProbeStatus as S;
    use Protocol as P;
    Some(match (protocol, status) {
        (_, S::Ok) if protocol != P::Pop3 => return None,
        (P::Pop3, S::Ok) => "mailbox.pop3.enabled",
        (P::Pop3, S::Disabled | S::Unreachable | S::NotChecked) => return None,
        (P::Imap, S::Disabled) => "mailbox.imap.disabled",
        (P::Smtp, S::Disabled) => "mailbox.smtp.disabled",
        (P::Imap, S::AuthFailed) => "mailbox.imap.auth_failed",
        (P::Pop3, S::AuthFailed) => "mailbox.pop3.auth_failed",
        (P::Smtp, S::AuthFailed) => "mailbox.smtp.auth_failed",
        (P::Imap, S::TlsError) => "mailbox.imap.tls_error",
        (P::Pop3, S::TlsError) => "mailbox.pop3.tls_error",
        (P::Smtp, S::TlsError) => "mailbox.smtp.tls_error",
        (P::Imap, S::DowngradeRisk) => "mailbox.imap.downgrade_risk",
        (P::Pop3, S::DowngradeRisk) => "mailbox.pop3.downgrade_risk",
        (P::Smtp, S::DowngradeRisk) => "mailbox.smtp.downgrade_risk",
        (P::Imap, S::Unreachable) => "mailbox.imap.unreachable",
        (P::Smtp, S::Unreachable) => "mailbox.smtp.unreachable",
        (P::Imap, S::Timeout) => "mailbox.imap.timeout",
        (P::Pop3, S::Timeout) => "mailbox.pop3.timeout",
        (P::Smtp, S::Timeout) => "mailbox.smtp.timeout",
        (P::Imap, S::ProtocolError) => "mailbox.imap.protocol_error",
        (P::Pop3, S::ProtocolError) => "mailbox.pop3.protocol_error",
        (P::Smtp, S::ProtocolError) => "mailbox.smtp.protocol_error",
        (P::Imap, S::NotChecked) => "mailbox.imap.not_checked",
        (P::Smtp, S::NotChecked) => "mailbox.smtp.not_checked",
        (_, S::Ok) => return None,
    })
}

fn finding(r: &ProbeReport, settings: &MailSettings) -> Option<Finding> {
    let id = finding_id(r.protocol, r.status)?;
    if id == "mailbox.pop3.enabled" {
        let fix = match settings.provider.as_ref().and_then(|p| p.pop3_off.as_ref().map(|s| (p, s))) {
            Some((p, step)) => format!("{} ({}: {})", step.text, p.name, step.url),
            None => "Turn POP3 off in your mail provider's settings (often under Settings → Forwarding and POP/IMAP, or Mail apps), and set any program that still uses POP3 to keep messages on the server.".to_owned(),
        };
        return Some(
            Finding::new(
                id,
                Severity::Warning,
                "POP3 is turned on for this mailbox. A phone or mail program that downloads over POP3 usually deletes each message from the server after downloading it, so replies can disappear before your outreach tool sees them over IMAP.",
                fix,
            )
            .rfc("RFC 1939 §6"),
        );
    }
    let severity = match r.status {
        ProbeStatus::Timeout | ProbeStatus::Unreachable | ProbeStatus::NotChecked => {
            Severity::Warning
        }
        _ if r.protocol == Protocol::Pop3 => Severity::Warning,
        _ => Severity::Error,
    };
    let fix = match (r.status, r.auth_cause) {
        (ProbeStatus::AuthFailed, Some(AuthCause::AppPasswordNeeded)) => "Create an app password at your provider and use it instead of your normal password.",
        (ProbeStatus::AuthFailed, Some(AuthCause::BasicAuthDisabled)) => "Ask your administrator to allow password (basic) sign-in for this mailbox; OAuth sign-in is not supported by Sendwell yet.",
        (ProbeStatus::AuthFailed, _) => "Check the password (paste it again with --password-stdin). If the account uses two-step verification, create an app password.",
        (ProbeStatus::Disabled, _) => "Turn this protocol on in your mail provider's settings (see the provider steps), then check again.",
        (ProbeStatus::TlsError, _) => "Use the server name your provider documents; a private server's authority can be added with --ca-file. Verification is never turned off.",
        (ProbeStatus::DowngradeRisk, _) => "Use the TLS port instead (993 for IMAP, 995 for POP3, 465 for SMTP), or ask your provider to enable STARTTLS.",
        (ProbeStatus::Unreachable, _) => "Check the server name and port, and that this computer is online.",
        (ProbeStatus::Timeout, _) => "Check the server name and port (a firewall may be dropping the connection), then try again.",
        (ProbeStatus::NotChecked, _) => "Give the server with --imap / --smtp HOST[:PORT] (your provider's help pages list it).",
        _ => "Check the server name and port with your provider.",
    };
    Some(Finding::new(id, severity, r.message.clone(), fix))
}
