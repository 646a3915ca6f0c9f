//! The MTA-STS policy fetch as RFC 8461 §3.3 tells senders to do it: `GET
//! https://mta-sts.<domain>/.well-known/mta-sts.txt` with a verified certificate, no redirects
//! followed, HTTP 200 only, `Content-Type: text/plain`, at most 64 KiB, within a timeout. The
//! host is resolved through our [`Resolve`], so the check sees the DNS the rest of it sees.

use std::net::SocketAddr;

use super::report::PolicyFetchOutcome;
use super::settings::PolicyFetchSettings;
use crate::dns::{QueryType, Resolve};
use crate::mailbox::tls::classify;
use crate::mailbox::TlsSettings;
use crate::records::mta_sts::policy_url;

/// The largest policy body senders read (RFC 8461 §3.3: "64 kilobytes").
pub const MAX_POLICY_BYTES: usize = 64 * 1024;

/// The policy host of `domain`: `mta-sts.<domain>` (RFC 8461 §3.3).
pub fn policy_host(domain: &str) -> String {
    format!(
        "mta-sts.{}",
        domain.trim_end_matches('.').to_ascii_lowercase()
    )
}

/// Fetch `domain`'s policy file: how it ended, and the body when it was fetched.
pub async fn fetch_policy<R: Resolve>(
    resolver: &R,
    domain: &str,
    settings: &PolicyFetchSettings,
) -> (PolicyFetchOutcome, Option<String>) {
    match tokio::time::timeout(settings.timeout, fetch(resolver, domain, settings)).await {
        Ok(result) => result,
        Err(_) => (PolicyFetchOutcome::Timeout, None),
    }
}

async fn fetch<R: Resolve>(
    resolver: &R,
    domain: &str,
    settings: &PolicyFetchSettings,
) -> (PolicyFetchOutcome, Option<String>) {
    let host = policy_host(domain);
    let addrs = match addresses(resolver, &host).await {
        Ok(a) if a.is_empty() => return (PolicyFetchOutcome::HostNotFound, None),
        Ok(a) => a,
        Err(detail) => return (PolicyFetchOutcome::DnsFailed { detail }, None),
    };
    let tls = match &settings.tls {
        Some(t) => t.clone(),
        None => match TlsSettings::system() {
            Ok(t) => t,
            Err(e) => return (failed(e.to_string()), None),
        },
    };
    let client = match reqwest::Client::builder()
        .tls_backend_preconfigured((*tls.client_config()).clone())
        .redirect(reqwest::redirect::Policy::none())
        .https_only(true)
        .no_proxy()
        .timeout(settings.timeout)
        .resolve_to_addrs(&host, &addrs)
        .build()
    {
        Ok(c) => c,
        Err(e) => return (failed(e.to_string()), None),
    };
    let mut response = match client.get(policy_url(domain)).send().await {
        Ok(r) => r,
        Err(e) => return (request_error(&e), None),
    };
    let status = response.status();
    if status.is_redirection() {
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        return (
            PolicyFetchOutcome::Redirect {
                status: status.as_u16(),
                location,
            },
            None,
        );
    }
    if status != reqwest::StatusCode::OK {
        return (
            PolicyFetchOutcome::HttpStatus {
                status: status.as_u16(),
            },
            None,
        );
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    if !is_text_plain(&content_type) {
        return (PolicyFetchOutcome::ContentType { content_type }, None);
    }
    if response
        .content_length()
        .is_some_and(|n| n > MAX_POLICY_BYTES as u64)
    {
        return (PolicyFetchOutcome::TooLarge, None);
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_POLICY_BYTES {
                    return (PolicyFetchOutcome::TooLarge, None);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return (request_error(&e), None),
        }
    }
    (
        PolicyFetchOutcome::Fetched,
        Some(String::from_utf8_lossy(&body).into_owned()),
    )
}

/// The A and AAAA addresses of `host` on port 443; an error only when neither lookup completed.
async fn addresses<R: Resolve>(resolver: &R, host: &str) -> Result<Vec<SocketAddr>, String> {
    let (a, aaaa) = tokio::join!(
        resolver.lookup(host, QueryType::A),
        resolver.lookup(host, QueryType::Aaaa)
    );
    if !a.is_conclusive() && !aaaa.is_conclusive() {
        return Err(a.describe());
    }
    Ok(a.ips()
        .chain(aaaa.ips())
        .map(|ip| SocketAddr::new(ip, 443))
        .collect())
}

/// `text/plain`, with or without parameters such as `charset` (RFC 8461 §3.3).
fn is_text_plain(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("text/plain"))
}

fn request_error(e: &reqwest::Error) -> PolicyFetchOutcome {
    if let Some(problem) = classify(e) {
        return PolicyFetchOutcome::Tls {
            detail: problem.describe().to_owned(),
        };
    }
    if e.is_timeout() {
        return PolicyFetchOutcome::Timeout;
    }
    let detail = error_chain(e);
    if e.is_connect() {
        return PolicyFetchOutcome::ConnectFailed { detail };
    }
    failed(detail)
}

fn failed(detail: String) -> PolicyFetchOutcome {
    PolicyFetchOutcome::Failed { detail }
}

/// The error and its causes on one line (reqwest's own text is only "error sending request").
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_type_is_text_plain_with_any_parameters() {
        for (value, ok) in [
            ("text/plain", true),
            ("Text/Plain; charset=utf-8", true),
            ("text/plain;charset=us-ascii", true),
            ("text/html", false),
            ("", false),
            ("text/plainx", false),
        ] {
            assert_eq!(is_text_plain(value), ok, "{value:?}");
        }
    }

    #[tokio::test]
    async fn a_host_without_addresses_is_not_fetched() {
        let r = crate::testing::StaticResolver::new().exists("mta-sts.example.com");
        let (outcome, body) =
            fetch_policy(&r, "example.com", &PolicyFetchSettings::default()).await;
        assert_eq!(outcome, PolicyFetchOutcome::HostNotFound);
        assert_eq!(body, None);
        let r = crate::testing::StaticResolver::new().timeout("mta-sts.example.com");
        let (outcome, _) = fetch_policy(&r, "example.com", &PolicyFetchSettings::default()).await;
        assert!(matches!(outcome, PolicyFetchOutcome::DnsFailed { .. }));
    }
}
