//! Faults a real mail server cannot be made to produce, from a tiny scripted responder on
//! 127.0.0.1 (random port): silence, a dropped connection, no STARTTLS, injected data after
//! STARTTLS. Every test asserts the responder never received the password.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sendwell_core::mailbox::discover::{MailSettings, SettingsSource};
use sendwell_core::mailbox::{
    self, CheckOptions, Credentials, Endpoint, ProbeStatus, Protocol, Security, TlsSettings,
};
use sendwell_core::secrets::Secret;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const PASSWORD: &str = "never-send-me-3f9a1c";

/// Replies by command word.
type Replies = Vec<(&'static str, &'static str)>;

/// How the responder behaves.
#[derive(Clone)]
enum Script {
    /// Accept and say nothing.
    Silent,
    /// Send a greeting and close.
    DropAfterGreeting(&'static str),
    /// Greet, then answer lines: (command word to look for, reply); unknown lines close.
    Talk(&'static str, Vec<(&'static str, &'static str)>),
}

/// Start a responder; returns its port and everything it received.
async fn responder(script: Script) -> (u16, Arc<Mutex<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let script = script.clone();
            let record = record.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                match script {
                    Script::Silent => {
                        let mut read = read;
                        let mut buf = [0u8; 4096];
                        while let Ok(n) = tokio::io::AsyncReadExt::read(&mut read, &mut buf).await {
                            if n == 0 {
                                break;
                            }
                            record.lock().expect("lock").extend_from_slice(&buf[..n]);
                        }
                        drop(write);
                    }
                    Script::DropAfterGreeting(g) => {
                        let _ = write.write_all(g.as_bytes()).await;
                    }
                    Script::Talk(g, replies) => {
                        let _ = write.write_all(g.as_bytes()).await;
                        let mut r = BufReader::new(read);
                        let mut line = String::new();
                        while r.read_line(&mut line).await.is_ok_and(|n| n > 0) {
                            record
                                .lock()
                                .expect("lock")
                                .extend_from_slice(line.as_bytes());
                            let upper = line.to_ascii_uppercase();
                            let Some((_, reply)) = replies.iter().find(|(k, _)| upper.contains(k))
                            else {
                                break;
                            };
                            if write.write_all(reply.as_bytes()).await.is_err() {
                                break;
                            }
                            line.clear();
                        }
                    }
                }
            });
        }
    });
    (port, seen)
}

fn settings(protocol: Protocol, port: u16, security: Security) -> MailSettings {
    let mut s = MailSettings::empty();
    s.set(
        protocol,
        vec![Endpoint::new(protocol, "127.0.0.1", port, security)],
        SettingsSource::CommandLine,
    );
    s
}

async fn run(
    protocol: Protocol,
    port: u16,
    security: Security,
    timeout_ms: u64,
) -> mailbox::ProbeReport {
    let creds = Credentials {
        user: "user@example.test".into(),
        password: Secret::from_string(PASSWORD.into()),
    };
    let tls = TlsSettings::system().expect("tls settings");
    let options = CheckOptions {
        probe_timeout: Duration::from_millis(timeout_ms),
        connect_timeout: Duration::from_millis(timeout_ms),
    };
    let probes = mailbox::check(&settings(protocol, port, security), &creds, &tls, &options).await;
    match protocol {
        Protocol::Imap => probes.imap,
        Protocol::Pop3 => probes.pop3,
        Protocol::Smtp => probes.smtp,
    }
}

fn assert_no_password(seen: &Arc<Mutex<Vec<u8>>>) {
    let bytes = seen.lock().expect("lock").clone();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        !text.contains(PASSWORD),
        "the password reached the responder: {text}"
    );
    let b64 = "bmV2ZXItc2VuZC1tZS0zZjlhMWM"; // base64 of the password's start
    assert!(
        !text.contains(b64),
        "the password (base64) reached the responder: {text}"
    );
    for cmd in ["LOGIN ", "PASS ", "AUTH ", "AUTHENTICATE"] {
        assert!(
            !text.to_ascii_uppercase().contains(cmd),
            "{cmd} was sent: {text}"
        );
    }
}

#[tokio::test]
async fn silence_is_a_timeout_for_every_protocol() {
    for (protocol, security) in [
        (Protocol::Imap, Security::Tls),
        (Protocol::Imap, Security::Starttls),
        (Protocol::Pop3, Security::Tls),
        (Protocol::Pop3, Security::Starttls),
        (Protocol::Smtp, Security::Tls),
        (Protocol::Smtp, Security::Starttls),
    ] {
        let (port, seen) = responder(Script::Silent).await;
        let started = std::time::Instant::now();
        let r = run(protocol, port, security, 700).await;
        assert_eq!(
            r.status,
            ProbeStatus::Timeout,
            "{protocol:?} {security:?}: {r:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "took {:?}",
            started.elapsed()
        );
        assert!(!r.password_sent);
        assert_no_password(&seen);
    }
}

#[tokio::test]
async fn dropped_after_greeting_is_a_protocol_error() {
    for (protocol, greeting) in [
        (Protocol::Imap, "* OK ready\r\n"),
        (Protocol::Pop3, "+OK ready\r\n"),
        (Protocol::Smtp, "220 ready ESMTP\r\n"),
    ] {
        let (port, seen) = responder(Script::DropAfterGreeting(greeting)).await;
        let r = run(protocol, port, Security::Starttls, 3000).await;
        assert_eq!(r.status, ProbeStatus::ProtocolError, "{protocol:?}: {r:?}");
        assert!(!r.password_sent);
        assert_no_password(&seen);
    }
}

#[tokio::test]
async fn no_starttls_stops_before_the_password() {
    let cases: Vec<(Protocol, &'static str, Replies)> = vec![
        (
            Protocol::Imap,
            "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] plain only\r\n",
            vec![
                (
                    "CAPABILITY",
                    "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nswpre OK done\r\n",
                ),
                ("LOGOUT", "* BYE\r\nswbye OK\r\n"),
            ],
        ),
        (
            Protocol::Imap,
            "* OK [CAPABILITY IMAP4rev1 STARTTLS] offers it but refuses\r\n",
            vec![
                ("STARTTLS", "swtls NO not today\r\n"),
                ("LOGOUT", "swbye OK\r\n"),
            ],
        ),
        (
            Protocol::Pop3,
            "+OK POP3 plain only\r\n",
            vec![
                ("CAPA", "+OK\r\nUSER\r\nSASL PLAIN\r\n.\r\n"),
                ("QUIT", "+OK bye\r\n"),
            ],
        ),
        (
            Protocol::Pop3,
            "+OK no CAPA here\r\n",
            vec![
                ("CAPA", "-ERR unknown\r\n"),
                ("STLS", "-ERR no\r\n"),
                ("QUIT", "+OK\r\n"),
            ],
        ),
        (
            Protocol::Smtp,
            "220 refuses.example ESMTP\r\n",
            vec![
                (
                    "EHLO",
                    "250-refuses.example\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n",
                ),
                ("STARTTLS", "454 4.7.0 TLS not available\r\n"),
                ("QUIT", "221 bye\r\n"),
            ],
        ),
        (
            Protocol::Smtp,
            "220 plain.example ESMTP\r\n",
            vec![
                ("EHLO", "250-plain.example\r\n250 AUTH PLAIN LOGIN\r\n"),
                ("QUIT", "221 bye\r\n"),
            ],
        ),
    ];
    for (protocol, greeting, replies) in cases {
        let (port, seen) = responder(Script::Talk(greeting, replies)).await;
        let r = run(protocol, port, Security::Starttls, 3000).await;
        assert_eq!(
            r.status,
            ProbeStatus::DowngradeRisk,
            "{protocol:?} {greeting}: {r:?}"
        );
        assert!(!r.password_sent);
        assert!(r.message.contains("stopped before"), "{}", r.message);
        assert_no_password(&seen);
    }
}

#[tokio::test]
async fn data_injected_after_starttls_is_refused() {
    for (protocol, greeting, replies) in [
        (
            Protocol::Imap,
            "* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n",
            vec![(
                "STARTTLS",
                "swtls OK begin\r\n* injected by an attacker\r\n",
            )],
        ),
        (
            Protocol::Pop3,
            "+OK hi\r\n",
            vec![
                ("CAPA", "+OK\r\nSTLS\r\nUSER\r\n.\r\n"),
                ("STLS", "+OK begin\r\n+OK injected\r\n"),
            ],
        ),
        (
            Protocol::Smtp,
            "220 hi ESMTP\r\n",
            vec![
                ("EHLO", "250-hi\r\n250 STARTTLS\r\n"),
                (
                    "STARTTLS",
                    "220 go ahead\r\n235 2.7.0 injected AUTH success\r\n",
                ),
            ],
        ),
    ] {
        let (port, seen) = responder(Script::Talk(greeting, replies)).await;
        let r = run(protocol, port, Security::Starttls, 3000).await;
        assert_eq!(r.status, ProbeStatus::DowngradeRisk, "{protocol:?}: {r:?}");
        assert!(r.message.contains("injected"), "{}", r.message);
        assert_no_password(&seen);
    }
}

#[tokio::test]
async fn plain_text_on_a_tls_port_is_a_tls_error() {
    let (port, seen) = responder(Script::Talk("* OK I am not TLS\r\n", vec![("x", "y")])).await;
    let r = run(Protocol::Imap, port, Security::Tls, 3000).await;
    assert_eq!(r.status, ProbeStatus::TlsError, "{r:?}");
    assert_no_password(&seen);
}

#[tokio::test]
async fn hostile_overlong_greeting_does_not_panic() {
    static LONG: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let g: &'static str = LONG.get_or_init(|| format!("+OK {}\r\n", "A".repeat(100_000)));
    let (port, seen) = responder(Script::DropAfterGreeting(g)).await;
    let r = run(Protocol::Pop3, port, Security::Starttls, 3000).await;
    assert_eq!(r.status, ProbeStatus::ProtocolError, "{r:?}");
    assert_no_password(&seen);
}
