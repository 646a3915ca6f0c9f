//! `sendwell mailbox check EMAIL`: find the settings (or take --imap/--pop3/--smtp), prove
//! IMAP and SMTP over verified TLS, tell whether POP3 is on, and keep the password in the keychain.

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};
use sendwell_core::mailbox::discover::{DiscoverOptions, MailSettings, SettingsSource};
use sendwell_core::mailbox::{
    self, CheckOptions, Credentials, Endpoint, MailboxReport, ProbeReport, ProbeStatus, Protocol,
    TlsSettings, Verdict,
};
use sendwell_core::secrets::{Keychain, Secret};
use sendwell_core::{Error, HickoryResolver, ResolverSettings};

use crate::output::{self, printable};
use crate::{EXIT_BAD_INPUT, EXIT_INCOMPLETE, EXIT_OK, EXIT_PROBLEMS};

/// `sendwell mailbox ...`.
#[derive(Debug, Args)]
pub struct MailboxArgs {
    #[command(subcommand)]
    command: MailboxCommand,
}

#[derive(Debug, Subcommand)]
enum MailboxCommand {
    /// Check that a mailbox's IMAP and SMTP work over TLS and whether POP3 is on (nothing is sent or changed).
    Check(CheckArgs),
}

/// Arguments of `sendwell mailbox check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The mailbox address, e.g. you@yourcompany.com (also the login name).
    #[arg(value_name = "EMAIL")]
    email: String,
    /// IMAP server (default port 993 with TLS, then 143 with STARTTLS).
    #[arg(long, value_name = "HOST[:PORT]")]
    imap: Option<String>,
    /// POP3 server (default port 995 with TLS, then 110 with STLS).
    #[arg(long, value_name = "HOST[:PORT]")]
    pop3: Option<String>,
    /// SMTP submission server (default port 465 with TLS, then 587 with STARTTLS).
    #[arg(long, value_name = "HOST[:PORT]")]
    smtp: Option<String>,
    /// Also trust the certificate authorities in this PEM file (the system's stay trusted).
    #[arg(long = "ca-file", value_name = "PEM")]
    ca_file: Option<PathBuf>,
    /// Read the password from standard input (first line); otherwise it comes from the keychain.
    #[arg(long = "password-stdin")]
    password_stdin: bool,
    /// Save the password in the operating system's keychain when a server accepts it.
    #[arg(long)]
    save: bool,
    /// Print one JSON document.
    #[arg(long)]
    json: bool,
    /// Seconds each protocol's check may take.
    #[arg(long, value_name = "SECS", default_value_t = 20)]
    timeout: u64,
}

/// Where the password came from, and what happened to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PasswordFate {
    FromStdin,
    FromKeychain,
}

/// Run `sendwell mailbox ...`.
pub async fn run(args: MailboxArgs) -> u8 {
    match args.command {
        MailboxCommand::Check(a) => check(a).await,
    }
}

async fn check(args: CheckArgs) -> u8 {
    let json = args.json;
    let (address, _domain) = match mailbox::parse_address(&args.email) {
        Ok(a) => a,
        Err(e) => return fail(&e, json),
    };
    let mut given = MailSettings::empty();
    for (protocol, value) in [
        (Protocol::Imap, &args.imap),
        (Protocol::Pop3, &args.pop3),
        (Protocol::Smtp, &args.smtp),
    ] {
        if let Some(v) = value {
            match Endpoint::from_setting(protocol, v) {
                Ok(list) => given.set(protocol, list, SettingsSource::CommandLine),
                Err(e) => return fail(&e, json),
            }
        }
    }
    let tls = match &args.ca_file {
        Some(path) => TlsSettings::with_ca_file(path),
        None => TlsSettings::system(),
    };
    let tls = match tls {
        Ok(t) => t,
        Err(e) => return fail(&e, json),
    };
    if args.timeout == 0 || args.timeout > 600 {
        let e = Error::MailboxServerInvalid {
            protocol: "IMAP/POP3/SMTP",
            value: format!("--timeout {}", args.timeout),
            reason: "the timeout must be between 1 and 600 seconds".to_owned(),
        };
        return fail(&e, json);
    }
    let (password, fate, keychain) = if args.password_stdin {
        match read_stdin_password() {
            Some(p) => (p, PasswordFate::FromStdin, None),
            None => {
                return fail(
                    &Error::MailboxPasswordMissing {
                        address: address.clone(),
                    },
                    json,
                )
            }
        }
    } else {
        let keychain = match Keychain::open().await {
            Ok(k) => k,
            Err(e) => return fail(&e, json),
        };
        match keychain.read_password(&address).await {
            Ok(Some(p)) => (p, PasswordFate::FromKeychain, Some(keychain)),
            Ok(None) => {
                return fail(
                    &Error::MailboxPasswordMissing {
                        address: address.clone(),
                    },
                    json,
                )
            }
            Err(e) => return fail(&e, json),
        }
    };
    let credentials = Credentials {
        user: address.clone(),
        password,
    };
    let resolver = match sendwell_core::resolver_settings_from_env()
        .map(Option::unwrap_or_default)
        .and_then(|s: ResolverSettings| HickoryResolver::new(&s))
    {
        Ok(r) => r,
        Err(e) => return fail(&e, json),
    };
    let options = CheckOptions {
        probe_timeout: Duration::from_secs(args.timeout),
        connect_timeout: Duration::from_secs(args.timeout.min(8)),
    };
    let report = match mailbox::check_mailbox(
        &resolver,
        &address,
        given,
        &credentials,
        &tls,
        &options,
        DiscoverOptions {
            autoconfig: true,
            dns: true,
        },
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return fail(&e, json),
    };

    let accepted = [&report.imap, &report.pop3, &report.smtp]
        .iter()
        .any(|r| r.status == ProbeStatus::Ok);
    let mut saved = false;
    let mut save_error = None;
    if args.save && fate == PasswordFate::FromStdin && accepted {
        let keychain = match keychain {
            Some(k) => Ok(k),
            None => Keychain::open().await,
        };
        match keychain {
            Ok(k) => match k.save_password(&address, &credentials.password).await {
                Ok(()) => saved = true,
                Err(e) => save_error = Some(e),
            },
            Err(e) => save_error = Some(e),
        }
    }
    let password_note = match (fate, args.save, saved, accepted) {
        (PasswordFate::FromKeychain, _, _, _) => "read from the keychain",
        (_, true, true, _) => "saved in the keychain",
        (_, true, false, false) => "not saved: no server accepted it",
        (_, true, false, true) => "not saved: the keychain refused (see the error)",
        (_, false, _, _) => "used for this check only (add --save to keep it in the keychain)",
    };
    if json {
        print_json(&report, fate, saved, password_note);
    } else {
        print_text(&report, password_note);
    }
    if let Some(e) = save_error {
        output::print_error(&e, false);
        return EXIT_INCOMPLETE;
    }
    match report.verdict {
        Verdict::Ready => EXIT_OK,
        Verdict::Problems => EXIT_PROBLEMS,
        Verdict::Incomplete => EXIT_INCOMPLETE,
    }
}

/// The first line of standard input, without its line break; `None` when empty.
fn read_stdin_password() -> Option<Secret> {
    let mut raw = zeroize_vec(Vec::new());
    std::io::stdin()
        .take(64 * 1024)
        .read_to_end(&mut raw)
        .ok()?;
    let end = raw
        .iter()
        .position(|b| *b == b'\n' || *b == b'\r')
        .unwrap_or(raw.len());
    if end == 0 {
        return None;
    }
    Some(Secret::from_bytes(raw[..end].to_vec()))
}

/// A buffer that is wiped when dropped.
fn zeroize_vec(v: Vec<u8>) -> zeroize::Zeroizing<Vec<u8>> {
    zeroize::Zeroizing::new(v)
}

fn print_json(report: &MailboxReport, fate: PasswordFate, saved: bool, note: &str) {
    let mut value = match serde_json::to_value(report) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: could not write JSON: {e}");
            return;
        }
    };
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "password".to_owned(),
            serde_json::json!({
                "source": match fate { PasswordFate::FromStdin => "stdin", PasswordFate::FromKeychain => "keychain" },
                "saved": saved,
                "note": note,
            }),
        );
    }
    match serde_json::to_string_pretty(&value) {
        Ok(t) => println!("{t}"),
        Err(e) => eprintln!("error: could not write JSON: {e}"),
    }
}

fn status_word(r: &ProbeReport) -> &'static str {
    match r.status {
        ProbeStatus::Ok => "ok",
        ProbeStatus::Disabled => "disabled",
        ProbeStatus::AuthFailed => "auth_failed",
        ProbeStatus::TlsError => "tls_error",
        ProbeStatus::DowngradeRisk => "downgrade_risk",
        ProbeStatus::Unreachable => "unreachable",
        ProbeStatus::Timeout => "timeout",
        ProbeStatus::ProtocolError => "protocol_error",
        ProbeStatus::NotChecked => "not_checked",
    }
}

fn source_word(s: SettingsSource) -> &'static str {
    match s {
        SettingsSource::CommandLine => "command line",
        SettingsSource::Preset => "provider preset",
        SettingsSource::Autoconfig => "autoconfig",
        SettingsSource::Srv => "SRV records",
        SettingsSource::MxGuess => "guess from MX",
        SettingsSource::None => "none found",
    }
}

fn print_text(r: &MailboxReport, password_note: &str) {
    let mut lines = vec![format!("{} — {}", r.address, r.summary)];
    for p in [&r.imap, &r.smtp, &r.pop3] {
        let at = if p.port == 0 {
            "-".to_owned()
        } else {
            format!("{}:{} {}", p.host, p.port, p.security.name())
        };
        lines.push(format!(
            "  {:<5} {:<15} {:<32} {}",
            p.protocol.name(),
            status_word(p),
            at,
            p.message
        ));
        if let Some(said) = &p.server_said {
            if p.status != ProbeStatus::Ok {
                lines.push(format!("        server said: {said}"));
            }
        }
    }
    let s = &r.settings.sources;
    lines.push(format!(
        "  Settings: IMAP from {}, SMTP from {}, POP3 from {}",
        source_word(s.imap),
        source_word(s.smtp),
        source_word(s.pop3)
    ));
    if let Some(p) = &r.settings.provider {
        lines.push(format!("  Provider: {} ({})", p.name, p.source));
    }
    if !r.findings.is_empty() {
        lines.push("  Findings:".to_owned());
        for f in &r.findings {
            let sev = match f.severity {
                sendwell_core::finding::Severity::Info => "info",
                sendwell_core::finding::Severity::Warning => "warning",
                sendwell_core::finding::Severity::Error => "error",
            };
            lines.push(format!("    [{sev}] {} ({})", f.message, f.id));
            if let Some(fix) = &f.fix {
                lines.push(format!("            fix: {fix}"));
            }
        }
    }
    lines.push(format!("  Password: {password_note}"));
    lines.push(String::new());
    print!("{}", printable(&(lines.join("\n") + "\n")));
}

fn fail(e: &Error, json: bool) -> u8 {
    output::print_error(e, json);
    if e.is_bad_input() {
        EXIT_BAD_INPUT
    } else {
        EXIT_INCOMPLETE
    }
}
