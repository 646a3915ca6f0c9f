//! The IMAP probe (RFC 9051): TLS (993) or STARTTLS (143, §6.2.1, required), greeting,
//! CAPABILITY before and after login, LOGIN or AUTHENTICATE PLAIN, EXAMINE INBOX, LOGOUT.
//!
//! Read-only: EXAMINE (§6.3.3) opens INBOX without changing flags; nothing is stored, moved or
//! deleted. The password is only ever written on the TLS stream.

use std::time::Duration;

use async_imap::imap_proto::{Response, Status};
use async_imap::types::Capability;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use super::endpoint::{Endpoint, Security};
use super::imap_wire::{self, capabilities_in_code, Condition, ImapLine};
use super::status::{clean_line, AuthCause, ProbeReport, ProbeStatus};
use super::tls::TlsSettings;
use super::wire::{self, WireError, MAX_LINES};
use super::Credentials;

type Stream = TlsStream<TcpStream>;

/// Probe IMAP at `endpoint` with `credentials`.
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
    let stream = match ep.security {
        Security::Tls => match tls.connect(tcp, &ep.host).await {
            Ok(s) => s,
            Err(p) => return super::tls_failed(report, p),
        },
        Security::Starttls => match starttls(tcp, ep, tls, report).await {
            Some(s) => s,
            None => return,
        },
    };
    let mut client = async_imap::Client::new(stream);
    if ep.security == Security::Tls {
        match client.read_response().await {
            Ok(Some(resp)) => match resp.parsed() {
                Response::Data {
                    status: Status::Ok,
                    outcome,
                } => {
                    if let Some(async_imap::imap_proto::ResponseCode::Capabilities(c)) =
                        &outcome.code
                    {
                        report.capabilities_before_login =
                            c.iter().map(|c| cap_name(&Capability::from(c))).collect();
                    }
                }
                Response::Data {
                    status: Status::Bye,
                    outcome,
                } => {
                    let said = outcome.information.as_deref().unwrap_or("").to_owned();
                    report.server_said(&format!("* BYE {said}"));
                    return report.set(
                        ProbeStatus::Unreachable,
                        "The IMAP server refused the connection (BYE). It may be busy; try again later.",
                    );
                }
                _ => {
                    return report.set(
                        ProbeStatus::ProtocolError,
                        "The server on this port did not greet like an IMAP server.",
                    )
                }
            },
            Ok(None) => {
                return report.set(
                    ProbeStatus::ProtocolError,
                    "The IMAP server closed the connection before greeting.",
                )
            }
            Err(e) => {
                return report.set(
                    ProbeStatus::ProtocolError,
                    format!("The IMAP greeting could not be read ({e})."),
                )
            }
        }
    }
    // CAPABILITY before login, over TLS (RFC 9051 §6.1.1): what we may log in with.
    match capability(&mut client).await {
        Ok(caps) => report.capabilities_before_login = caps,
        Err(msg) => return report.set(ProbeStatus::ProtocolError, msg),
    }
    let caps = report.capabilities_before_login.clone();
    let has = |name: &str| caps.iter().any(|c| c == name);
    let password = match creds.password.expose_str() {
        Some(p) => p,
        None => {
            return report.set(
                ProbeStatus::AuthFailed,
                "The password is not valid text, so it cannot be used for IMAP.",
            )
        }
    };
    // LOGIN takes a quoted string (RFC 9051 §6.2.3); a password outside printable ASCII goes
    // through AUTHENTICATE PLAIN (RFC 4616, UTF-8) when the server offers it.
    let plain_text = password.bytes().all(|b| (0x20..0x7f).contains(&b));
    let login = if has("LOGINDISABLED") || (!plain_text && has("AUTH=PLAIN")) {
        if !has("AUTH=PLAIN") {
            report.auth_cause = Some(AuthCause::NoUsableMechanism);
            return report.set(
                ProbeStatus::AuthFailed,
                "The IMAP server offers no password login Sendwell can use (LOGINDISABLED, no AUTH=PLAIN).",
            );
        }
        report.password_sent = true;
        client
            .authenticate(
                "PLAIN",
                PlainAuth {
                    user: &creds.user,
                    password,
                },
            )
            .await
    } else {
        report.password_sent = true;
        client.login(&creds.user, password).await
    };
    let mut session = match login {
        Ok(s) => s,
        Err((e, _client)) => return refused(report, &e),
    };
    match session.capabilities().await {
        Ok(c) => report.capabilities_after_login = c.iter().map(cap_name).collect(),
        Err(e) => {
            return report.set(
                ProbeStatus::ProtocolError,
                format!(
                    "Logged in, but CAPABILITY failed ({}).",
                    short(&e.to_string())
                ),
            )
        }
    }
    match session.examine("INBOX").await {
        Ok(mailbox) => report.inbox_messages = Some(mailbox.exists),
        Err(e) => {
            let _ = session.logout().await;
            return report.set(
                ProbeStatus::ProtocolError,
                format!(
                    "Logged in, but INBOX could not be opened read-only ({}).",
                    short(&e.to_string())
                ),
            );
        }
    }
    let _ = session.logout().await;
    report.set(
        ProbeStatus::Ok,
        format!(
            "IMAP works: logged in over {} and opened INBOX ({} messages), read-only.",
            ep.security.name(),
            report.inbox_messages.unwrap_or(0)
        ),
    );
}

/// The SASL PLAIN initial response (RFC 4616 §2): `\0user\0password`.
struct PlainAuth<'a> {
    user: &'a str,
    password: &'a str,
}

impl async_imap::Authenticator for PlainAuth<'_> {
    type Response = zeroize::Zeroizing<Vec<u8>>;
    fn process(&mut self, _challenge: &[u8]) -> Self::Response {
        let mut out = Vec::with_capacity(self.user.len() + self.password.len() + 2);
        out.push(0);
        out.extend_from_slice(self.user.as_bytes());
        out.push(0);
        out.extend_from_slice(self.password.as_bytes());
        zeroize::Zeroizing::new(out)
    }
}

fn cap_name(c: &Capability) -> String {
    match c {
        Capability::Imap4rev1 => "IMAP4REV1".to_owned(),
        Capability::Auth(m) => format!("AUTH={}", m.to_ascii_uppercase()),
        Capability::Atom(a) => a.to_ascii_uppercase(),
    }
}

fn short(s: &str) -> String {
    clean_line(s).chars().take(160).collect()
}

/// Send our own `CAPABILITY` (async-imap has none before login) and collect the answer.
async fn capability(client: &mut async_imap::Client<Stream>) -> Result<Vec<String>, String> {
    let io = |e: std::io::Error| format!("The IMAP connection failed ({e}).");
    client
        .get_mut()
        .write_all(b"swcap CAPABILITY\r\n")
        .await
        .map_err(io)?;
    client.get_mut().flush().await.map_err(io)?;
    let mut caps = Vec::new();
    for _ in 0..MAX_LINES {
        let Some(resp) = client.read_response().await.map_err(io)? else {
            return Err("The IMAP server closed the connection during CAPABILITY.".to_owned());
        };
        match resp.parsed() {
            Response::Capabilities(list) => {
                caps.extend(list.iter().map(|c| cap_name(&Capability::from(c))));
            }
            Response::Done { tag, status, .. } if tag.0 == "swcap" => {
                return if *status == Status::Ok {
                    Ok(caps)
                } else {
                    Err("The IMAP server refused CAPABILITY.".to_owned())
                };
            }
            _ => {}
        }
    }
    Err("The IMAP server sent too many lines for CAPABILITY.".to_owned())
}

/// A refused LOGIN / AUTHENTICATE.
fn refused(report: &mut ProbeReport, e: &async_imap::error::Error) {
    use async_imap::error::Error as E;
    let (code, text) = match e {
        E::No(d) | E::Bad(d) => imap_wire::refusal_of_description(d),
        E::ConnectionLost => {
            return report.set(
                ProbeStatus::ProtocolError,
                "The IMAP server closed the connection during login.",
            )
        }
        other => {
            return report.set(
                ProbeStatus::ProtocolError,
                format!("The IMAP login failed ({}).", short(&other.to_string())),
            )
        }
    };
    report.server_said(&match &code {
        Some(c) => format!("NO [{c}] {text}"),
        None => format!("NO {text}"),
    });
    super::apply_refusal(report, imap_wire::classify_refusal(code.as_deref(), &text));
}

/// The STARTTLS dance (RFC 9051 §6.2.1) on a plain connection, by hand so that nothing but
/// CAPABILITY and STARTTLS is ever sent in the clear. `None` when the report says why it stopped.
async fn starttls(
    tcp: TcpStream,
    ep: &Endpoint,
    tls: &TlsSettings,
    report: &mut ProbeReport,
) -> Option<Stream> {
    let mut reader = BufReader::new(tcp);
    let fail = |report: &mut ProbeReport, e: WireError| {
        report.set(
            ProbeStatus::ProtocolError,
            format!("IMAP before TLS: {}.", e.describe()),
        );
    };
    let greeting = match wire::read_line(&mut reader).await {
        Ok(l) => l,
        Err(e) => {
            fail(report, e);
            return None;
        }
    };
    let mut caps = match imap_wire::parse_line(&greeting) {
        ImapLine::UntaggedStatus(Condition::Ok, resp) => {
            capabilities_in_code(resp.code.as_deref()).unwrap_or_default()
        }
        ImapLine::UntaggedStatus(Condition::Bye, _) => {
            report.server_said(&wire::text(&greeting));
            report.set(
                ProbeStatus::Unreachable,
                "The IMAP server refused the connection (BYE). It may be busy; try again later.",
            );
            return None;
        }
        _ => {
            report.server_said(&wire::text(&greeting));
            report.set(
                ProbeStatus::ProtocolError,
                "The server on this port did not greet like an IMAP server.",
            );
            return None;
        }
    };
    if !caps.iter().any(|c| c == "STARTTLS") {
        if let Err(e) = wire::write_line(reader.get_mut(), b"swpre CAPABILITY").await {
            fail(report, e);
            return None;
        }
        caps.clear();
        if let Err(e) = until_tagged(&mut reader, "swpre", &mut caps).await {
            fail(report, e);
            return None;
        }
    }
    if !caps.iter().any(|c| c == "STARTTLS") {
        let _ = wire::write_line(reader.get_mut(), b"swbye LOGOUT").await;
        report.set(
            ProbeStatus::DowngradeRisk,
            format!(
                "The IMAP server on port {} does not offer STARTTLS, so the password would travel unencrypted. Sendwell stopped before sending it. Use port 993 (TLS) instead.",
                ep.port
            ),
        );
        return None;
    }
    if let Err(e) = wire::write_line(reader.get_mut(), b"swtls STARTTLS").await {
        fail(report, e);
        return None;
    }
    match until_tagged(&mut reader, "swtls", &mut Vec::new()).await {
        Ok((Condition::Ok, _)) => {}
        Ok((_, line)) => {
            report.server_said(&wire::text(&line));
            report.set(
                ProbeStatus::DowngradeRisk,
                "The IMAP server refused STARTTLS, so the password would travel unencrypted. Sendwell stopped before sending it. Use port 993 (TLS) instead.",
            );
            return None;
        }
        Err(e) => {
            fail(report, e);
            return None;
        }
    }
    // Anything already buffered after the OK was sent before TLS and could be injected by an
    // attacker (RFC 9051 §6.2.1 / CVE-2011-0411 style): refuse it.
    if report.refuse_injected_after_starttls(reader.buffer(), "STARTTLS") {
        return None;
    }
    match tls.connect(reader.into_inner(), &ep.host).await {
        Ok(s) => Some(s),
        Err(p) => {
            super::tls_failed(report, p);
            None
        }
    }
}

/// Read lines (collecting `* CAPABILITY` data) until the tagged answer to `tag`; at most
/// [`MAX_LINES`] lines. Returns its condition and the line.
async fn until_tagged(
    reader: &mut BufReader<TcpStream>,
    tag: &str,
    caps: &mut Vec<String>,
) -> Result<(Condition, Vec<u8>), WireError> {
    for _ in 0..MAX_LINES {
        let line = wire::read_line(reader).await?;
        match imap_wire::parse_line(&line) {
            ImapLine::Capability(c) => caps.extend(c),
            ImapLine::Tagged {
                tag: t, condition, ..
            } if t == tag => return Ok((condition, line)),
            _ => {}
        }
    }
    Err(WireError::TooLong)
}
