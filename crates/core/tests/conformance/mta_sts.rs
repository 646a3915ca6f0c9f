//! MTA-STS vectors: checkdmarc's record and policy syntax cases
//! (`checkdmarc/mta-sts-tlsrpt-vectors.json`), the policy and mx-pattern parts of
//! `mta-sts/mta-sts-fixtures.json`, and its integration cases (TXT record plus HTTPS policy
//! response) run through the audit's real fetch against a local HTTPS server on
//! 127.0.0.41:443 (tests/support/https_stub.rs), DNS answered by a StaticResolver.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use futures_util::future::join_all;
use sendwell_core::audit::{audit_mta_sts, PolicyFetchOutcome, PolicyFetchSettings};
use sendwell_core::dns::{QueryType, Resolve};
use sendwell_core::mailbox::TlsSettings;
use sendwell_core::records::mta_sts::{mx_matches, MtaStsPolicy, MtaStsRecord};
use sendwell_core::testing::StaticResolver;

use crate::https_stub::{serve, Canned, Site, TestCa};

use crate::{checkdmarc_vectors, data_dir, load, Tally};

#[test]
fn checkdmarc_mta_sts_vectors() {
    let Some(dir) = data_dir() else { return };
    let doc = load(&dir, "checkdmarc/mta-sts-tlsrpt-vectors.json");
    let mut tally = Tally::new("checkdmarc mta-sts");
    for (test, mock, function, input, expect) in checkdmarc_vectors(&doc) {
        let raises = expect.starts_with("raises");
        let rejected = match (mock, function.as_str()) {
            (false, "parse_mta_sts_record") => MtaStsRecord::parse(&input)
                .map(|r| !r.extensions.is_empty())
                .unwrap_or(true),
            (false, "parse_mta_sts_policy") => MtaStsPolicy::parse(&input)
                .map(|p| !p.extensions.is_empty())
                .unwrap_or(true),
            (true, f) if f.contains("mta_sts") => {
                tally.not_applicable += 1;
                continue;
            }
            _ => continue,
        };
        // An extension tag or field (RFC 8461 §3.1, §3.2 allow them) is reported by Sendwell
        // as a warning rather than rejecting the record; checkdmarc rejects it. Both flag it.
        tally.check(
            rejected == raises,
            format!("{test} {input:?}: expected {expect}"),
        );
    }
    tally.finish();
}

#[test]
fn mta_sts_fixtures() {
    let Some(dir) = data_dir() else { return };
    let doc = load(&dir, "mta-sts/mta-sts-fixtures.json");
    let mut tally = Tally::new("mta-sts fixtures");
    for case in doc["parse_cases"].as_array().expect("parse_cases") {
        let policy = case["policy"].as_str().unwrap_or_default();
        tally.check(
            MtaStsPolicy::parse(policy).is_ok(),
            format!("{:?} should parse", case["from"]),
        );
    }
    for case in doc["mx_pattern_cases_kumomta"]
        .as_array()
        .expect("mx cases")
    {
        let name = case["name"].as_str().unwrap_or_default();
        let pattern = case["pattern"].as_str().unwrap_or_default();
        let expected = case["match"].as_bool().unwrap_or_default();
        tally.check(
            mx_matches(name, pattern) == expected,
            format!("{name} ~ {pattern}: expected {expected}"),
        );
    }
    tally.finish();
}

/// The address the policy hosts resolve to (the `mta-sts.mtasts.test` address of the zones).
const STUB_ADDR: &str = "127.0.0.41:443";

/// The body a case serves: its `body`, or for the oversize cases the policy lines followed by
/// the 64 × 2049 `a` bytes its `body_note` describes.
fn case_body(response: &serde_json::Value) -> Vec<u8> {
    let body = response["body"].as_str().unwrap_or_default();
    match response.get("body_note") {
        Some(_) => {
            let lines = body.split("aaa").next().unwrap_or_default();
            let mut out = lines.as_bytes().to_vec();
            out.extend(std::iter::repeat_n(b'a', 64 * 2049));
            out
        }
        None => body.as_bytes().to_vec(),
    }
}

#[tokio::test]
async fn mta_sts_https_integration_cases() {
    let Some(dir) = data_dir() else { return };
    let doc = load(&dir, "mta-sts/mta-sts-fixtures.json");
    let cases = doc["integration_cases_snawoot"]
        .as_array()
        .expect("integration");
    let trusted = TestCa::new("trusted");
    let untrusted = TestCa::new("untrusted");
    let addr: SocketAddr = STUB_ADDR.parse().expect("addr");
    let mut sites = HashMap::new();
    let mut resolver = StaticResolver::new();
    for case in cases {
        let domain = case["domain"].as_str().unwrap_or_default();
        let host = format!("mta-sts.{domain}");
        match case["txt_record"].as_str() {
            Some(txt) => resolver = resolver.txt(&format!("_mta-sts.{domain}"), &[txt]),
            None if domain == "blackhole.loc" => {
                resolver = resolver.timeout(&format!("_mta-sts.{domain}"));
            }
            None if domain == "no-data.loc" => {
                resolver = resolver.exists(&format!("_mta-sts.{domain}"));
            }
            None => {}
        }
        let response = &case["policy_response"];
        let Some(status) = response["http_status"].as_u64() else {
            continue;
        };
        resolver = resolver.ip(&host, &[addr.ip()]);
        let cert = match domain {
            "bad-cert1.loc" => untrusted.issue(&[&host]),
            "bad-cert2.loc" => trusted.issue(&["mta-sts.other.loc"]),
            _ => trusted.issue(&[&host]),
        };
        let answer = Canned {
            status: u16::try_from(status).expect("status"),
            content_type: response["content_type"].as_str().map(str::to_owned),
            body: case_body(response),
            chunked: domain.starts_with("chunked-"),
            location: None,
            delay: Duration::ZERO,
        };
        sites.insert(host, Site { cert, answer });
    }
    // Sendwell's own fetch cases beyond the fixtures: a redirect and a server slower than the
    // timeout.
    for (domain, answer) in [
        (
            "redirect.loc",
            Canned {
                status: 301,
                location: Some("https://elsewhere.loc/.well-known/mta-sts.txt".to_owned()),
                ..Canned::policy("")
            },
        ),
        (
            "slow.loc",
            Canned {
                delay: Duration::from_secs(3),
                ..Canned::policy("version: STSv1\nmode: enforce\nmx: mail.loc\nmax_age: 86400\n")
            },
        ),
    ] {
        let host = format!("mta-sts.{domain}");
        resolver = resolver
            .txt(&format!("_mta-sts.{domain}"), &["v=STSv1; id=1"])
            .ip(&host, &[addr.ip()]);
        let cert = trusted.issue(&[&host]);
        sites.insert(host, Site { cert, answer });
    }
    serve(addr, sites);
    let settings = PolicyFetchSettings {
        tls: Some(TlsSettings::with_ca_file(&trusted.pem_path()).expect("CA file")),
        timeout: Duration::from_secs(1),
    };

    let run = |domain: String| {
        let resolver = &resolver;
        let settings = &settings;
        async move {
            let txt = resolver
                .lookup(&format!("_mta-sts.{domain}"), QueryType::Txt)
                .await;
            audit_mta_sts(resolver, &domain, &txt, &[], settings).await
        }
    };
    let domains: Vec<String> = cases
        .iter()
        .map(|c| c["domain"].as_str().unwrap_or_default().to_owned())
        .collect();
    let fixture_results = join_all(domains.iter().cloned().map(run)).await;
    let mut tally = Tally::new("mta-sts https");
    for ((case, domain), (summary, findings)) in cases.iter().zip(&domains).zip(&fixture_results) {
        let expect = case["expect"].as_str().unwrap_or_default();
        let outcome = if summary.mode.is_some() {
            "VALID"
        } else if summary.fetch.is_some() || !summary.outcome.is_conclusive() {
            "FETCH_ERROR"
        } else {
            "NONE"
        };
        let ids: Vec<_> = findings.iter().map(|f| f.id).collect();
        tally.check(
            expect.starts_with(outcome),
            format!(
                "{domain}: expected {expect}, got {outcome} ({:?}, {ids:?})",
                summary.fetch
            ),
        );
    }
    tally.finish();

    // The fetch-level cases fail for the right reason.
    let fetch_of = |d: &str| {
        domains
            .iter()
            .position(|x| x == d)
            .and_then(|i| fixture_results[i].0.fetch.clone())
    };
    assert!(matches!(
        fetch_of("bad-cert1.loc"),
        Some(PolicyFetchOutcome::Tls { .. })
    ));
    assert!(matches!(
        fetch_of("bad-cert2.loc"),
        Some(PolicyFetchOutcome::Tls { .. })
    ));
    assert_eq!(
        fetch_of("static-overlength.loc"),
        Some(PolicyFetchOutcome::TooLarge)
    );
    assert_eq!(
        fetch_of("chunked-overlength.loc"),
        Some(PolicyFetchOutcome::TooLarge)
    );
    assert_eq!(
        fetch_of("bad-policy4.loc"),
        Some(PolicyFetchOutcome::HttpStatus { status: 404 })
    );
    assert!(matches!(
        fetch_of("bad-policy3.loc"),
        Some(PolicyFetchOutcome::ContentType { content_type }) if content_type == "text/html"
    ));
    assert_eq!(fetch_of("good.loc"), Some(PolicyFetchOutcome::Fetched));

    let results = join_all(["redirect.loc", "slow.loc"].map(|d| run(d.to_owned()))).await;
    assert!(
        matches!(
            &results[0].0.fetch,
            Some(PolicyFetchOutcome::Redirect { status: 301, location: Some(l) }) if l.contains("elsewhere.loc")
        ),
        "{:?}",
        results[0].0.fetch
    );
    assert_eq!(results[0].1[0].id, "mta_sts.policy_redirect");
    assert_eq!(results[1].0.fetch, Some(PolicyFetchOutcome::Timeout));
    assert_eq!(results[1].1[0].id, "mta_sts.policy_timeout");
}
