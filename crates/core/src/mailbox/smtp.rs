//! The SMTP submission probe with lettre (RFC 6409 on 587 with STARTTLS required, RFC 8314
//! §3.3 implicit TLS on 465): EHLO, AUTH, QUIT. No MAIL FROM, no message is ever sent.
//!
//! TCP and implicit TLS are ours (the same verifier and error names as IMAP/POP3); lettre
//! speaks SMTP over that stream and performs STARTTLS with the same trust settings.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use lettre::transport::smtp::authentication::{Credentials as SmtpCredentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::extension::{ClientId, Extension};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use super::endpoint::{Endpoint, Security};
use super::imap_wire::{classify_refusal, Refusal};
use super::status::{clean_line, AuthCause, ProbeReport, ProbeStatus};
use super::tls::{self, TlsSettings};
use super::wire;
use super::Credentials;

/// Probe SMTP submission at `endpoint`.
pub async fn probe(
    endpoint: &Endpoint,
    credentials: &Credentials,
    tls: &TlsSettings,
    connect_timeout: Duration,
) -> ProbeReport {
    let started = Instant::now();
    let mut report = ProbeReport::new(endpoint, ProbeStatus::ProtocolError, "");
    run(endpoint, credentials, tls, connect_timeout, &mut report).await;
    report.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    report
}

/// A TLS stream lettre can speak over (it asks only for the peer address).
#[derive(Debug)]
struct Tls(TlsStream<TcpStream>);

impl AsyncRead for Tls {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for Tls {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

impl AsyncTokioStream for Tls {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.0.get_ref().0.peer_addr()
    }
}

fn said(e: &lettre::transport::smtp::Error) -> String {
    clean_line(&e.to_string())
}

async fn run(
    ep: &Endpoint,
    creds: &Credentials,
    tls: &TlsSettings,
    connect_timeout: Duration,
    report: &mut ProbeReport,
) {
    let tcp = match wire::connect(&ep.host, ep.port, connect_timeout).await {
        Ok(t) => t,
        Err(e) => {
            return report.set(
                ProbeStatus::Unreachable,
                format!("SMTP at {}:{}: {}.", ep.host, ep.port, e.describe()),
            )
        }
    };
    let hello = ClientId::default();
    let connected = match ep.security {
        Security::Tls => match tls.connect(tcp, &ep.host).await {
            Ok(s) => AsyncSmtpConnection::connect_with_transport(Box::new(Tls(s)), &hello).await,
            Err(p) => return super::tls_failed(report, p),
        },
        Security::Starttls => {
            AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &hello).await
        }
    };
    let mut conn = match connected {
        Ok(c) => c,
        Err(e) => {
            report.server_said(&said(&e));
            return report.set(
                ProbeStatus::ProtocolError,
                "The server on this port did not answer like an SMTP server (greeting or EHLO failed).",
            );
        }
    };
    if ep.security == Security::Starttls {
        if !conn.can_starttls() {
            let _ = conn.quit().await;
            return report.set(
                ProbeStatus::DowngradeRisk,
                format!(
                    "The SMTP server on port {} does not offer STARTTLS, so the password would travel unencrypted. Sendwell stopped before sending it. Use port 465 (TLS) or ask your provider for the right settings.",
                    ep.port
                ),
            );
        }
        let params = match tls.lettre_parameters(&ep.host) {
            Ok(p) => p,
            Err(e) => {
                conn.abort().await;
                return report.set(
                    ProbeStatus::TlsError,
                    format!("TLS settings could not be prepared ({e})."),
                );
            }
        };
        if let Err(e) = conn.starttls(params, &hello).await {
            // Not abort(): after a failed upgrade lettre's stream is gone and QUIT would panic.
            drop(conn);
            return match tls::classify(&e) {
                Some(p) => super::tls_failed(report, p),
                None => {
                    report.server_said(&said(&e));
                    report.set(
                        ProbeStatus::DowngradeRisk,
                        "The SMTP server's STARTTLS failed, so the connection is not encrypted. Sendwell stopped before sending the password.",
                    )
                }
            };
        }
    }
    let info = conn.server_info();
    let mut caps = Vec::new();
    for (m, name) in [
        (Mechanism::Plain, "AUTH=PLAIN"),
        (Mechanism::Login, "AUTH=LOGIN"),
        (Mechanism::Xoauth2, "AUTH=XOAUTH2"),
    ] {
        if info.supports_auth_mechanism(m) {
            caps.push(name.to_owned());
        }
    }
    for (f, name) in [
        (Extension::EightBitMime, "8BITMIME"),
        (Extension::SmtpUtfEight, "SMTPUTF8"),
    ] {
        if info.supports_feature(f) {
            caps.push(name.to_owned());
        }
    }
    report.capabilities_before_login = caps;
    let usable = [Mechanism::Plain, Mechanism::Login];
    if info.get_auth_mechanism(&usable).is_none() {
        let oauth_only = info.supports_auth_mechanism(Mechanism::Xoauth2);
        let _ = conn.quit().await;
        if oauth_only {
            super::apply_refusal(report, Refusal::BasicAuthDisabled);
        } else {
            report.auth_cause = Some(AuthCause::NoUsableMechanism);
            report.set(
                ProbeStatus::AuthFailed,
                "The SMTP server offers no password login (AUTH PLAIN or LOGIN) on this port.",
            );
        }
        return;
    }
    let Some(password) = creds.password.expose_str() else {
        let _ = conn.quit().await;
        return report.set(
            ProbeStatus::AuthFailed,
            "The password is not valid text, so it cannot be used for SMTP.",
        );
    };
    report.password_sent = true;
    let credentials = SmtpCredentials::new(creds.user.clone(), password.to_owned());
    match conn.auth(&usable, &credentials).await {
        Ok(_) => {
            let _ = conn.quit().await;
            report.set(
                ProbeStatus::Ok,
                format!(
                    "SMTP works: logged in over {} (AUTH accepted); no message was sent.",
                    ep.security.name()
                ),
            );
        }
        Err(e) => {
            let text = said(&e);
            report.server_said(&text);
            conn.abort().await;
            let refusal = match e.status().map(|c| c.to_string()) {
                Some(code) if code == "534" && !text.to_ascii_lowercase().contains("oauth") => {
                    Refusal::AppPasswordNeeded
                }
                _ if e.is_transient() => Refusal::Unavailable,
                _ => classify_refusal(None, &text),
            };
            super::apply_refusal(report, refusal);
        }
    }
}
