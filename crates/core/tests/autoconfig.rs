//! Autoconfig over real HTTPS: the local TLS server of `support/https_stub.rs` on
//! 127.0.0.35:443, with a certificate from a CA made for the test, serves config files,
//! redirects and an oversized body.

#[path = "support/https_stub.rs"]
mod https_stub;

use std::collections::HashMap;
use std::net::SocketAddr;

use https_stub::{Canned, Site, TestCa};
use sendwell_core::mailbox::autoconfig;
use sendwell_core::mailbox::{Endpoint, Protocol, Security, TlsSettings};

const ADDR: &str = "127.0.0.35:443";

const XML: &str = r#"<clientConfig version="1.1"><emailProvider id="x">
<incomingServer type="imap"><hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
<outgoingServer type="smtp"><hostname>smtp.%EMAILDOMAIN%</hostname><port>465</port><socketType>SSL</socketType></outgoingServer>
</emailProvider></clientConfig>"#;

/// The answer for each host name the test asks.
fn answers() -> Vec<(&'static str, Canned)> {
    let page =
        |status: u16, content_type: Option<&str>, body: &str, location: Option<&str>| Canned {
            status,
            content_type: content_type.map(str::to_owned),
            body: body.as_bytes().to_vec(),
            location: location.map(str::to_owned),
            ..Canned::policy("")
        };
    let not_found = || page(404, None, "", None);
    vec![
        (
            "autoconfig.good.test",
            page(200, Some("text/xml"), XML, None),
        ),
        ("good.test", not_found()),
        (
            "autoconfig.away.test",
            page(302, None, "", Some("https://elsewhere.example/config.xml")),
        ),
        (
            "away.test",
            page(302, None, "", Some("http://away.test/plain.xml")),
        ),
        (
            "autoconfig.big.test",
            page(200, None, &"x".repeat(100 * 1024), None),
        ),
        ("big.test", not_found()),
        (
            "autoconfig.inside.test",
            page(
                301,
                None,
                "",
                Some("https://inside.test/.well-known/autoconfig/mail/config-v1.1.xml"),
            ),
        ),
        ("inside.test", page(200, None, XML, None)),
    ]
}

#[tokio::test]
async fn autoconfig_over_https_with_redirect_rules_and_a_size_cap() {
    sendwell_core::mailbox::tls::install_crypto_provider();
    let ca = TestCa::new("autoconfig");
    let answers = answers();
    let names: Vec<&str> = answers.iter().map(|(n, _)| *n).collect();
    let cert = ca.issue(&names);
    let addr: SocketAddr = ADDR.parse().expect("addr");
    https_stub::serve(
        addr,
        answers
            .iter()
            .map(|(name, answer)| {
                let site = Site {
                    cert: cert.clone(),
                    answer: answer.clone(),
                };
                (name.to_string(), site)
            })
            .collect::<HashMap<_, _>>(),
    );
    let tls = TlsSettings::with_ca_file(&ca.pem_path()).expect("tls");
    let resolve: Vec<(&str, SocketAddr)> = names.iter().map(|n| (*n, addr)).collect();

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
