//! Unit tests of the report logic (summary, verdict, findings) and address parsing; network
//! faults are in `crates/core/tests/mailbox_faults.rs`, real servers in the CLI tests.

use super::report::{build, Verdict};
use super::*;

fn report(p: Protocol, status: ProbeStatus) -> ProbeReport {
    let (port, _) = p.default_ports();
    ProbeReport::new(&Endpoint::new(p, "h", port, Security::Tls), status, "m")
}

#[test]
fn summary_and_verdict() {
    for (imap, smtp, pop3, verdict, summary) in [
        (ProbeStatus::Ok, ProbeStatus::Ok, ProbeStatus::Disabled, Verdict::Ready, "Ready: IMAP works, SMTP works, POP3 is off"),
        (ProbeStatus::Ok, ProbeStatus::Ok, ProbeStatus::Ok, Verdict::Problems, "Not ready: IMAP works, SMTP works, POP3 is on (see the warning)"),
        (ProbeStatus::Ok, ProbeStatus::Ok, ProbeStatus::AuthFailed, Verdict::Ready, "Ready: IMAP works, SMTP works, POP3 is off"),
        (ProbeStatus::Timeout, ProbeStatus::Ok, ProbeStatus::Disabled, Verdict::Incomplete, "Could not finish: IMAP did not answer in time, SMTP works, POP3 is off"),
        (ProbeStatus::Disabled, ProbeStatus::Ok, ProbeStatus::Ok, Verdict::Problems, "Not ready: IMAP is turned off for this account, SMTP works, POP3 is on (see the warning)"),
    ] {
        let mut pop = report(Protocol::Pop3, pop3);
        if pop3 == ProbeStatus::AuthFailed {
            pop.auth_cause = Some(AuthCause::WrongPassword);
        }
        let r = build(
            "a@b.test",
            MailSettings::empty(),
            Probes { imap: report(Protocol::Imap, imap), pop3: pop, smtp: report(Protocol::Smtp, smtp) },
        );
        assert_eq!((r.verdict, r.summary.as_str()), (verdict, summary));
    }
}

#[test]
fn pop3_enabled_is_a_warning_with_a_fix() {
    let r = build(
        "a@b.test",
        MailSettings::empty(),
        Probes {
            imap: report(Protocol::Imap, ProbeStatus::Ok),
            pop3: report(Protocol::Pop3, ProbeStatus::Ok),
            smtp: report(Protocol::Smtp, ProbeStatus::Ok),
        },
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "mailbox.pop3.enabled")
        .expect("warning");
    assert_eq!(f.severity, crate::finding::Severity::Warning);
    assert!(f.message.contains("disappear"));
    assert!(f.fix.as_deref().is_some_and(|x| x.contains("POP3 off")));
}

#[test]
fn addresses_parse() {
    for (input, ok) in [
        ("test@example.test", Some("test@example.test")),
        (" Test@Example.TEST ", Some("Test@example.test")),
        ("example.test", None),
        ("@example.test", None),
        ("a b@example.test", None),
        ("a@", None),
        ("a@localhost", None),
    ] {
        assert_eq!(
            parse_address(input).ok().map(|(a, _)| a),
            ok.map(str::to_owned),
            "{input}"
        );
    }
}

#[test]
fn credentials_debug_is_redacted() {
    let c = Credentials {
        user: "u@x.test".into(),
        password: Secret::from_string("pw-unique-123".into()),
    };
    assert!(!format!("{c:?}").contains("pw-unique-123"));
}

#[test]
fn microsoft_imap_refusal_is_blamed_on_basic_auth() {
    let mut settings = MailSettings::empty();
    let preset = presets::PresetCatalog::builtin()
        .by_id("microsoft")
        .expect("preset");
    settings.provider = Some(discover::ProviderInfo::from(preset));
    let mut imap = report(Protocol::Imap, ProbeStatus::AuthFailed);
    imap.auth_cause = Some(AuthCause::WrongPassword);
    let r = build(
        "a@contoso.test",
        settings,
        Probes {
            imap,
            pop3: report(Protocol::Pop3, ProbeStatus::Disabled),
            smtp: report(Protocol::Smtp, ProbeStatus::Ok),
        },
    );
    assert_eq!(r.imap.auth_cause, Some(AuthCause::BasicAuthDisabled));
    assert!(r.imap.message.contains("OAuth"));
    assert!(r.findings.iter().any(|f| f.id == "mailbox.provider_step"
        && f.fix
            .as_deref()
            .is_some_and(|u| u.starts_with("https://learn.microsoft.com"))));
}
