//! Autoconfig over real HTTPS: a local TLS server with a certificate from the test servers' CA
//! on 127.0.0.35:443 serves config files, redirects and an oversized body.

use std::net::SocketAddr;
use std::process::Command;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sendwell_core::mailbox::autoconfig;
use sendwell_core::mailbox::{Endpoint, Protocol, Security, TlsSettings};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ADDR: &str = "127.0.0.35:443";
const NAMES: [&str; 8] = [
    "autoconfig.good.test",
    "good.test",
    "autoconfig.away.test",
    "away.test",
    "autoconfig.big.test",
    "big.test",
    "autoconfig.inside.test",
    "inside.test",
];

const XML: &str = r#"<clientConfig version="1.1"><emailProvider id="x">
<incomingServer type="imap"><hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
<outgoingServer type="smtp"><hostname>smtp.%EMAILDOMAIN%</hostname><port>465</port><socketType>SSL</socketType></outgoingServer>
</emailProvider></clientConfig>"#;

/// A certificate for all test names, signed by the test servers' CA (in a temp dir).
fn make_cert(run: &str) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
    let dir = std::env::temp_dir().join(format!("sendwell-autoconfig-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let d = |f: &str| dir.join(f).display().to_string();
    let san = NAMES
        .iter()
        .map(|n| format!("DNS:{n}"))
        .collect::<Vec<_>>()
        .join(",");
    std::fs::write(
        dir.join("ext"),
        format!("subjectAltName={san}\nextendedKeyUsage=serverAuth\n"),
    )
    .expect("ext");
    let ok = |args: &[&str]| {
        let st = Command::new("openssl")
            .args(args)
            .output()
            .expect("openssl");
        assert!(
            st.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&st.stderr)
        );
    };
    ok(&[
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        &d("key"),
        "-out",
        &d("csr"),
        "-subj",
        "/CN=autoconfig.good.test",
    ]);
    ok(&[
        "x509",
        "-req",
        "-in",
        &d("csr"),
        "-CA",
        &format!("{run}/ca/ca.pem"),
        "-CAkey",
        &format!("{run}/ca/ca.key"),
        "-set_serial",
        "7",
        "-days",
        "2",
        "-extfile",
        &d("ext"),
        "-out",
        &d("crt"),
    ]);
    let certs = CertificateDer::pem_file_iter(d("crt"))
        .expect("crt")
        .collect::<Result<Vec<_>, _>>()
        .expect("certs");
    let key = PrivateKeyDer::from_pem_file(d("key")).expect("key");
    let _ = std::fs::remove_dir_all(&dir);
    (certs, key)
}

/// Answer by Host and path.
fn respond(host: &str, path: &str) -> Vec<u8> {
    let page = |status: &str, headers: &str, body: &str| {
        format!(
            "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    };
    let autoconfig = path.starts_with("/mail/config-v1.1.xml");
    match host {
        "autoconfig.good.test" if autoconfig => page("200 OK", "Content-Type: text/xml\r\n", XML),
        "autoconfig.away.test" => page(
            "302 Found",
            "Location: https://elsewhere.example/config.xml\r\n",
            "",
        ),
        "away.test" => page("302 Found", "Location: http://away.test/plain.xml\r\n", ""),
        "autoconfig.big.test" => page("200 OK", "", &"x".repeat(100 * 1024)),
        "autoconfig.inside.test" => page(
            "301 Moved",
            "Location: https://inside.test/.well-known/autoconfig/mail/config-v1.1.xml\r\n",
            "",
        ),
        "inside.test" if path.starts_with("/.well-known/autoconfig/") => page("200 OK", "", XML),
        _ => page("404 Not Found", "", ""),
    }
}

async fn serve(listener: tokio::net::TcpListener, acceptor: tokio_rustls::TlsAcceptor) {
    while let Ok((tcp, _)) = listener.accept().await {
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let Ok(mut tls) = acceptor.accept(tcp).await else {
                return;
            };
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16384 {
                match tls.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let text = String::from_utf8_lossy(&head).into_owned();
            let path = text.split_whitespace().nth(1).unwrap_or("/").to_owned();
            let host = text
                .lines()
                .find_map(|l| {
                    l.strip_prefix("host: ")
                        .or_else(|| l.strip_prefix("Host: "))
                })
                .unwrap_or("")
                .trim()
                .to_owned();
            let _ = tls.write_all(&respond(&host, &path)).await;
            let _ = tls.shutdown().await;
        });
    }
}

#[tokio::test]
async fn autoconfig_over_https_with_redirect_rules_and_a_size_cap() {
    let run = match (
        std::env::var("SENDWELL_TEST_RUN"),
        std::env::var("SENDWELL_TEST_CA"),
    ) {
        (Ok(r), Ok(_)) if !r.is_empty() => r,
        _ => {
            assert!(
                std::env::var("CI").map_or(true, |v| v.is_empty()),
                "CI is set but the test servers' env is not"
            );
            eprintln!("skipped: SENDWELL_TEST_RUN not set (the test CA signs the local HTTPS server's certificate)");
            return;
        }
    };
    sendwell_core::mailbox::tls::install_crypto_provider();
    let (certs, key) = make_cert(&run);
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server config");
    let listener = tokio::net::TcpListener::bind(ADDR)
        .await
        .expect("bind 127.0.0.35:443 (needs root)");
    tokio::spawn(serve(
        listener,
        tokio_rustls::TlsAcceptor::from(Arc::new(config)),
    ));
    let tls =
        TlsSettings::with_ca_file(std::path::Path::new(&format!("{run}/ca/ca.pem"))).expect("tls");
    let addr: SocketAddr = ADDR.parse().expect("addr");
    let resolve: Vec<(&str, SocketAddr)> = NAMES.iter().map(|n| (*n, addr)).collect();

    let mut notes = Vec::new();
    let (url, found) =
        autoconfig::fetch_with("good.test", "a@good.test", &tls, &resolve, &mut notes)
            .await
            .expect("good.test has autoconfig");
    assert!(
        url.starts_with("https://autoconfig.good.test/mail/config-v1.1.xml"),
        "{url}"
    );
    assert_eq!(
        found.imap,
        vec![Endpoint::new(
            Protocol::Imap,
            "imap.good.test",
            993,
            Security::Tls
        )]
    );
    assert_eq!(
        found.smtp,
        vec![Endpoint::new(
            Protocol::Smtp,
            "smtp.good.test",
            465,
            Security::Tls
        )]
    );

    let mut notes = Vec::new();
    let none = autoconfig::fetch_with("away.test", "a@away.test", &tls, &resolve, &mut notes).await;
    assert!(none.is_none());
    assert!(
        notes
            .iter()
            .any(|n| n.contains("elsewhere.example, another domain")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("plain-HTTP")), "{notes:?}");

    let mut notes = Vec::new();
    assert!(
        autoconfig::fetch_with("big.test", "a@big.test", &tls, &resolve, &mut notes)
            .await
            .is_none()
    );
    assert!(
        notes.iter().any(|n| n.contains("larger than 64 KiB")),
        "{notes:?}"
    );

    let mut notes = Vec::new();
    let (url, found) =
        autoconfig::fetch_with("inside.test", "a@inside.test", &tls, &resolve, &mut notes)
            .await
            .expect("a redirect inside the domain is followed");
    assert!(url.starts_with("https://inside.test/.well-known/"), "{url}");
    assert_eq!(found.imap.len(), 1);

    // Without the test CA the same server is not trusted: nothing is read.
    let mut notes = Vec::new();
    let system = TlsSettings::system().expect("tls");
    assert!(
        autoconfig::fetch_with("good.test", "a@good.test", &system, &resolve, &mut notes)
            .await
            .is_none()
    );
}
