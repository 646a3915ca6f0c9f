//! The SMTP submission probe with lettre (RFC 6409 on 587 with STARTTLS required, RFC 8314
//! §3.3 implicit TLS on 465): EHLO, AUTH, QUIT. No MAIL FROM, no message is ever sent.
//!
//! TCP, TLS and STARTTLS are ours (the same verifier, error names and injection check as
//! IMAP/POP3); lettre speaks SMTP (EHLO, AUTH, QUIT) over the encrypted stream.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials as SmtpCredentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::extension::{ClientId, Extension};
use tokio::io::{AsyncRead, AsyncWrite, BufReader, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use super::endpoint::{Endpoint, Security};
use super::imap_wire::{classify_refusal, Refusal};
use super::smtp_wire;
use super::status::{clean_line, AuthCause, ProbeReport, ProbeStatus};
use super::tls::TlsSettings;
use super::wire::{self, WireError, MAX_LINES};
use super::Credentials;

/// Probe SMTP submission at `endpoint`.
pub async fn probe(
    endpoint: &Endpoint,
    credentials: &Credentials,
    tls: &TlsSettings,
    connect_timeout: Duration,
) -> ProbeReport {
    let (mut report, started) = super::start(endpoint);
    run(endpoint, credentials, tls, connect_timeout, &mut report).await;
    super::finish(report, started)
}

/// A TLS stream lettre can speak over (it asks only for the peer address). After our own
/// STARTTLS, `prefix` holds a stand-in greeting: lettre expects one, and the server's real
/// greeting was read before TLS.
#[derive(Debug)]
struct Tls {
    stream: TlsStream<TcpStream>,
    prefix: Vec<u8>,
}

impl AsyncRead for Tls {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if !self.prefix.is_empty() {
            let n = self.prefix.len().min(buf.remaining());
            let head: Vec<u8> = self.prefix.drain(..n).collect();
            buf.put_slice(&head);
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Tls {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

impl AsyncTokioStream for Tls {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.stream.get_ref().0.peer_addr()
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
    let Some(tcp) = super::connect_or_unreachable(ep, connect_timeout, report).await else {
        return;
    };
    let hello = ClientId::default();
    let stream = match ep.security {
        Security::Tls => match tls.connect(tcp, &ep.host).await {
            Ok(s) => Tls {
                stream: s,
                prefix: Vec::new(),
            },
            Err(p) => return super::tls_failed(report, p),
        },
        Security::Starttls => match starttls(tcp, ep, tls, &hello, report).await {
            Some(s) => s,
            None => return,
        },
    };
    // lettre reads the greeting, sends EHLO (again, over TLS: RFC 3207 §4.2) and AUTH.
    let mut conn = match AsyncSmtpConnection::connect_with_transport(Box::new(stream), &hello).await
    {
        Ok(c) => c,
        Err(e) => {
            report.server_said(&said(&e));
            return report.set(
                ProbeStatus::ProtocolError,
                "The server on this port did not answer like an SMTP server (greeting or EHLO failed).",
            );
        }
    };
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

/// One whole reply (all its lines) before TLS.
async fn reply(reader: &mut BufReader<TcpStream>) -> Result<(u16, Vec<String>, String), WireError> {
    let mut texts = Vec::new();
    for _ in 0..MAX_LINES {
        let line = wire::read_line(reader).await?;
        let Some(r) = smtp_wire::parse_reply_line(&line) else {
            return Err(WireError::Io(format!(
                "unexpected answer '{}'",
                clean_line(&wire::text(&line))
            )));
        };
        texts.push(r.text);
        if r.last {
            return Ok((r.code, texts, wire::text(&line)));
        }
    }
    Err(WireError::TooLong)
}

/// STARTTLS (RFC 3207) by hand, so only EHLO and STARTTLS are ever sent in the clear and
/// nothing the server sent before TLS is read after it. `None` when the report says why.
async fn starttls(
    tcp: TcpStream,
    ep: &Endpoint,
    tls: &TlsSettings,
    hello: &ClientId,
    report: &mut ProbeReport,
) -> Option<Tls> {
    let mut r = BufReader::new(tcp);
    let fail = |report: &mut ProbeReport, e: WireError| {
        report.set(
            ProbeStatus::ProtocolError,
            format!("SMTP before TLS: {}.", e.describe()),
        );
    };
    match reply(&mut r).await {
        Ok((220, _, _)) => {}
        Ok((_, _, line)) => {
            report.server_said(&line);
            report.set(
                ProbeStatus::Unreachable,
                "The SMTP server refused the connection. It may be busy or block this network; try again later.",
            );
            return None;
        }
        Err(e) => {
            fail(report, e);
            return None;
        }
    }
    let ehlo = format!("EHLO {hello}");
    let offered = match wire::write_line(r.get_mut(), ehlo.as_bytes()).await {
        Err(e) => {
            fail(report, e);
            return None;
        }
        Ok(()) => match reply(&mut r).await {
            Ok((250, lines, _)) => lines
                .iter()
                .any(|l| smtp_wire::ehlo_keyword(l) == "STARTTLS"),
            Ok(_) => false,
            Err(e) => {
                fail(report, e);
                return None;
            }
        },
    };
    let downgrade = |report: &mut ProbeReport, why: &str| {
        report.set(
            ProbeStatus::DowngradeRisk,
            format!(
                "The SMTP server on port {} {why}, so the password would travel unencrypted. Sendwell stopped before sending it. Use port 465 (TLS) or ask your provider for the right settings.",
                ep.port
            ),
        );
    };
    if !offered {
        let _ = wire::write_line(r.get_mut(), b"QUIT").await;
        downgrade(report, "does not offer STARTTLS");
        return None;
    }
    if let Err(e) = wire::write_line(r.get_mut(), b"STARTTLS").await {
        fail(report, e);
        return None;
    }
    match reply(&mut r).await {
        Ok((220, _, _)) => {}
        Ok((_, _, line)) => {
            report.server_said(&line);
            let _ = wire::write_line(r.get_mut(), b"QUIT").await;
            downgrade(report, "refused STARTTLS");
            return None;
        }
        Err(e) => {
            fail(report, e);
            return None;
        }
    }
    if report.refuse_injected_after_starttls(r.buffer(), "STARTTLS") {
        return None;
    }
    match tls.connect(r.into_inner(), &ep.host).await {
        Ok(stream) => Some(Tls {
            stream,
            prefix: b"220 greeting was read before STARTTLS\r\n".to_vec(),
        }),
        Err(p) => {
            super::tls_failed(report, p);
            None
        }
    }
}
