//! The POP3 probe, a small client of its own (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS,
//! RFC 5034 AUTH): TLS (995) or STLS (110, required), banner, CAPA, USER/PASS or AUTH PLAIN.
//!
//! Its only question is "is POP3 enabled for this account?". It never sends RETR, DELE, TOP or
//! UIDL; QUIT after login deletes nothing because nothing was marked (RFC 1939 §6).

use std::time::Duration;

use base64::Engine as _;
use tokio::io::{AsyncRead, AsyncWrite, BufReader};
use tokio::net::TcpStream;

use super::endpoint::{Endpoint, Security};
use super::imap_wire::classify_refusal;
use super::pop3_wire::{self, Pop3Line, Pop3Status};
use super::status::{ProbeReport, ProbeStatus};
use super::tls::TlsSettings;
use super::wire::{self, WireError, MAX_LINES};
use super::Credentials;

/// Probe POP3 at `endpoint`.
pub async fn probe(
    endpoint: &Endpoint,
    credentials: &Credentials,
    tls: &TlsSettings,
    connect_timeout: Duration,
) -> ProbeReport {
    let (mut report, started) = super::start(endpoint);
    if let Err(e) = run(endpoint, credentials, tls, connect_timeout, &mut report).await {
        report.set(
            ProbeStatus::ProtocolError,
            format!(
                "POP3 at {}:{}: {}.",
                endpoint.host,
                endpoint.port,
                e.describe()
            ),
        );
    }
    super::finish(report, started)
}

/// Read one status line; anything but `+OK`/`-ERR` is an error.
async fn status<S: AsyncRead + AsyncWrite + Unpin>(
    r: &mut BufReader<S>,
) -> Result<(Pop3Status, String), WireError> {
    let line = wire::read_line(r).await?;
    match pop3_wire::parse_status(&line) {
        Pop3Line::Status(s) => Ok((s, wire::text(&line))),
        _ => Err(WireError::Io(format!(
            "unexpected answer '{}'",
            super::status::clean_line(&wire::text(&line))
        ))),
    }
}

async fn command<S: AsyncRead + AsyncWrite + Unpin>(
    r: &mut BufReader<S>,
    line: &[u8],
) -> Result<(Pop3Status, String), WireError> {
    wire::write_line(r.get_mut(), line).await?;
    status(r).await
}

/// `CAPA` (RFC 2449 §5): the capability lines, or `None` when the server refuses CAPA.
async fn capa<S: AsyncRead + AsyncWrite + Unpin>(
    r: &mut BufReader<S>,
) -> Result<Option<Vec<String>>, WireError> {
    let (st, _) = command(r, b"CAPA").await?;
    if !st.ok {
        return Ok(None);
    }
    let mut caps = Vec::new();
    for _ in 0..MAX_LINES {
        let line = wire::read_line(r).await?;
        match pop3_wire::multiline_item(&line) {
            None => return Ok(Some(caps)),
            Some(item) => caps.push(pop3_wire::capa_name(item)),
        }
    }
    Err(WireError::TooLong)
}

async fn run(
    ep: &Endpoint,
    creds: &Credentials,
    tls: &TlsSettings,
    connect_timeout: Duration,
    report: &mut ProbeReport,
) -> Result<(), WireError> {
    let Some(tcp) = super::connect_or_unreachable(ep, connect_timeout, report).await else {
        return Ok(());
    };
    let mut reader = match ep.security {
        Security::Tls => match tls.connect(tcp, &ep.host).await {
            Ok(s) => {
                let mut r = BufReader::new(s);
                if !banner(&mut r, report).await? {
                    return Ok(());
                }
                r
            }
            Err(p) => {
                super::tls_failed(report, p);
                return Ok(());
            }
        },
        Security::Starttls => match stls(tcp, ep, tls, report).await? {
            Some(r) => r,
            None => return Ok(()),
        },
    };
    let caps = capa(&mut reader).await?;
    report.capabilities_before_login = caps.clone().unwrap_or_default();
    let caps = caps.unwrap_or_default();
    let Some(password) = creds.password.expose_str() else {
        report.set(
            ProbeStatus::AuthFailed,
            "The password is not valid text, so it cannot be used for POP3.",
        );
        return Ok(());
    };
    let use_user = caps.is_empty() || pop3_wire::has_capa(&caps, "USER");
    let (st, said) = if use_user {
        let (st, said) = command(&mut reader, format!("USER {}", creds.user).as_bytes()).await?;
        if st.ok {
            report.password_sent = true;
            let mut line = zeroize::Zeroizing::new(b"PASS ".to_vec());
            line.extend_from_slice(password.as_bytes());
            command(&mut reader, &line).await?
        } else {
            (st, said)
        }
    } else if pop3_wire::has_sasl(&caps, "PLAIN") {
        let mut raw = zeroize::Zeroizing::new(Vec::new());
        raw.push(0);
        raw.extend_from_slice(creds.user.as_bytes());
        raw.push(0);
        raw.extend_from_slice(password.as_bytes());
        let mut line = zeroize::Zeroizing::new(b"AUTH PLAIN ".to_vec());
        line.extend_from_slice(
            base64::engine::general_purpose::STANDARD
                .encode(raw.as_slice())
                .as_bytes(),
        );
        report.password_sent = true;
        command(&mut reader, &line).await?
    } else {
        report.auth_cause = Some(super::status::AuthCause::NoUsableMechanism);
        report.set(
            ProbeStatus::AuthFailed,
            "The POP3 server offers no password login Sendwell can use (no USER, no SASL PLAIN).",
        );
        let _ = command(&mut reader, b"QUIT").await;
        return Ok(());
    };
    if !st.ok {
        report.server_said(&said);
        super::apply_refusal(report, classify_refusal(st.code.as_deref(), &st.text));
        let _ = command(&mut reader, b"QUIT").await;
        return Ok(());
    }
    if let Ok(Some(after)) = capa(&mut reader).await {
        report.capabilities_after_login = after;
    }
    let _ = command(&mut reader, b"QUIT").await;
    report.set(
        ProbeStatus::Ok,
        "POP3 is enabled for this account: the server accepted the password over POP3.",
    );
    Ok(())
}

/// The greeting (RFC 1939 §4); false (with the report set) when it is not `+OK`.
async fn banner<S: AsyncRead + AsyncWrite + Unpin>(
    r: &mut BufReader<S>,
    report: &mut ProbeReport,
) -> Result<bool, WireError> {
    let line = wire::read_line(r).await?;
    match pop3_wire::parse_status(&line) {
        Pop3Line::Status(s) if s.ok => Ok(true),
        Pop3Line::Status(_) => {
            report.server_said(&wire::text(&line));
            report.set(
                ProbeStatus::Unreachable,
                "The POP3 server refused the connection. It may be busy; try again later.",
            );
            Ok(false)
        }
        _ => {
            report.server_said(&wire::text(&line));
            report.set(
                ProbeStatus::ProtocolError,
                "The server on this port did not greet like a POP3 server.",
            );
            Ok(false)
        }
    }
}

/// STLS (RFC 2595 §4) on the plain port; `None` when the report says why it stopped.
async fn stls(
    tcp: TcpStream,
    ep: &Endpoint,
    tls: &TlsSettings,
    report: &mut ProbeReport,
) -> Result<Option<BufReader<tokio_rustls::client::TlsStream<TcpStream>>>, WireError> {
    let mut plain = BufReader::new(tcp);
    if !banner(&mut plain, report).await? {
        return Ok(None);
    }
    let caps = capa(&mut plain).await?;
    let offered = caps.as_ref().is_none_or(|c| pop3_wire::has_capa(c, "STLS"));
    let downgrade = |report: &mut ProbeReport| {
        report.set(
            ProbeStatus::DowngradeRisk,
            format!(
                "The POP3 server on port {} does not offer STLS, so the password would travel unencrypted. Sendwell stopped before sending it. Use port 995 (TLS) instead.",
                ep.port
            ),
        );
    };
    if !offered {
        let _ = command(&mut plain, b"QUIT").await;
        downgrade(report);
        return Ok(None);
    }
    let (st, said) = command(&mut plain, b"STLS").await?;
    if !st.ok {
        report.server_said(&said);
        let _ = command(&mut plain, b"QUIT").await;
        downgrade(report);
        return Ok(None);
    }
    if report.refuse_injected_after_starttls(plain.buffer(), "STLS") {
        return Ok(None);
    }
    match tls.connect(plain.into_inner(), &ep.host).await {
        Ok(s) => Ok(Some(BufReader::new(s))),
        Err(p) => {
            super::tls_failed(report, p);
            Ok(None)
        }
    }
}
