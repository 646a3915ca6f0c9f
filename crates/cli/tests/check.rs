//! `sendwell check` against the real test zones (Knot behind Unbound, from tests/servers/):
//! a complete domain, an empty one, NXDOMAIN, SERVFAIL, a timeout, and bad input.

mod common;

use common::*;
use std::process::Command;

use serde_json::Value;

fn check_json(domain: &str, resolver: &str) -> (i32, Value) {
    let out = sendwell(&["check", domain, "--resolver", resolver, "--json"]);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{domain}: stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

fn finding_ids(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn complete_domain() {
    let Some(r) = resolver() else { return };
    let (code, report) = check_json("example.test", &r);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["domain"], "example.test");
    assert_eq!(report["status"], "pass");
    assert_eq!(
        report["ns"],
        serde_json::json!(["ns1.example.test", "ns2.example.test"])
    );
    assert_eq!(report["mx"][0]["exchange"], "aspmx.l.google.com");
    assert_eq!(report["mx"][0]["preference"], 1);
    assert_eq!(report["dns_host"], Value::Null);
    assert_eq!(report["mail_provider"]["id"], "google-workspace");
    assert_eq!(
        report["spf"]["record"],
        "v=spf1 include:_spf.google.com ~all"
    );
    assert_eq!(
        report["spf"]["records_found"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        report["dmarc"]["record"],
        "v=DMARC1; p=none; rua=mailto:dmarc@example.test"
    );
    assert_eq!(report["dmarc"]["policy"], "none");
    assert_eq!(finding_ids(&report), ["dmarc.policy_none"]);
    for field in ["spf", "dmarc", "dkim", "lookups"] {
        assert!(!report[field].is_null(), "{field} missing");
    }
}

#[test]
fn detected_hosts_and_two_spf_records() {
    let Some(r) = resolver() else { return };
    let (code, report) = check_json("acme.test", &r);
    assert_eq!(code, 1);
    assert_eq!(report["dns_host"]["id"], "cloudflare");
    assert_eq!(report["dns_host"]["name"], "Cloudflare");
    assert_eq!(report["mail_provider"]["id"], "microsoft-365");
    assert_eq!(report["spf"]["record"], Value::Null);
    assert_eq!(
        report["spf"]["records_found"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(report["dmarc"]["policy"], "reject");
    assert_eq!(report["status"], "fail");
    assert!(finding_ids(&report).contains(&"spf.multiple".to_owned()));
}

#[test]
fn subdomain_is_checked_where_records_go_and_inherits_dmarc() {
    let Some(r) = resolver() else { return };
    let (_, report) = check_json("mail.example.test", &r);
    assert_eq!(report["domain"], "mail.example.test");
    assert_eq!(report["name"]["is_subdomain"], true);
    assert_eq!(report["name"]["registrable"], "example.test");
    assert_eq!(
        report["ns"],
        serde_json::json!(["ns1.example.test", "ns2.example.test"]),
        "NS of the zone"
    );
    assert_eq!(report["dmarc"]["inherited_from"], "example.test");
    assert_eq!(report["dmarc"]["policy"], "none");
    let ids = finding_ids(&report);
    assert!(ids.contains(&"dmarc.inherited".to_owned()), "{ids:?}");
    assert!(!ids.contains(&"dmarc.missing".to_owned()), "{ids:?}");
}

#[test]
fn domain_with_no_records() {
    let Some(r) = resolver() else { return };
    let (code, report) = check_json("empty.test", &r);
    assert_eq!(code, 1);
    assert_eq!(report["spf"]["record"], Value::Null);
    assert_eq!(report["mx"], serde_json::json!([]));
    assert_eq!(
        finding_ids(&report),
        ["spf.missing", "dmarc.missing", "mx.missing"]
    );
    let outcomes: Vec<_> = report["lookups"]
        .as_array()
        .expect("lookups")
        .iter()
        .map(|l| l["outcome"].clone())
        .collect();
    assert_eq!(outcomes[0], "found", "NS");
    assert!(
        outcomes[1..]
            .iter()
            .all(|o| o == "no_records" || o == "nxdomain"),
        "{outcomes:?}"
    );
}

#[test]
fn nxdomain_is_not_the_same_as_empty() {
    let Some(r) = resolver() else { return };
    let (code, report) = check_json("nosuch.test", &r);
    assert_eq!(code, 1);
    assert_eq!(finding_ids(&report), ["domain.nxdomain"]);
    assert_eq!(report["lookups"][0]["outcome"], "nxdomain");
}

/// Unbound keeps trying the black hole after we give up and then caches its SERVFAIL for a few
/// seconds; clear that state so this test sees the black hole itself, whatever ran before.
fn reset_resolver_state(zone: &str) {
    let Ok(control) = std::env::var("SENDWELL_TEST_UNBOUND_CONTROL") else {
        return;
    };
    for cmd in [
        "flush_requestlist",
        "flush_infra all",
        &format!("flush_zone {zone}"),
    ] {
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("{control} {cmd}"))
            .output()
            .expect("unbound-control runs");
        assert!(
            status.status.success(),
            "{control} {cmd}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
}

#[test]
fn servfail_and_timeout_are_not_missing() {
    let Some(r) = resolver() else { return };
    reset_resolver_state("timeout.test");
    for (domain, outcome, id) in [
        ("servfail.test", "servfail", "dns.servfail"),
        ("timeout.test", "timeout", "dns.timeout"),
    ] {
        let (code, report) = check_json(domain, &r);
        assert_eq!(code, 3, "{domain}: could not complete");
        assert_eq!(report["complete"], false);
        let ids = finding_ids(&report);
        assert!(ids.iter().all(|i| i == id), "{domain}: {ids:?}");
        assert!(
            !ids.iter().any(|i| i.ends_with(".missing")),
            "{domain} reported as missing"
        );
        assert!(
            report["lookups"]
                .as_array()
                .expect("lookups")
                .iter()
                .all(|l| l["outcome"] == outcome),
            "{report:#}"
        );
    }
}

#[test]
fn several_domains_give_an_array_and_text_mode_reads_well() {
    let Some(r) = resolver() else { return };
    let out = sendwell(&[
        "check",
        "example.test",
        "empty.test",
        "--resolver",
        &r,
        "--json",
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(2));
    assert_eq!(out.status.code(), Some(1));

    let out = sendwell(&["check", "example.test", "--resolver", &r]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Mail provider:  Google Workspace"), "{text}");
    assert!(
        text.contains("v=spf1 include:_spf.google.com ~all"),
        "{text}"
    );
}

#[test]
fn dkim_selectors_are_looked_up() {
    let Some(r) = resolver() else { return };
    let out = sendwell(&[
        "check",
        "bigkey.test",
        "--resolver",
        &r,
        "--dkim-selector",
        "s1",
        "--dkim-selector",
        "nope",
        "--json",
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["dkim"][0]["selector"], "s1");
    assert_eq!(report["dkim"][0]["status"], "found");
    assert!(
        report["dkim"][0]["record"]
            .as_str()
            .is_some_and(|k| k.len() > 600),
        "long key joined: {report:#}"
    );
    assert_eq!(report["dkim"][1]["status"], "missing");
}

#[test]
fn bad_input_exits_2_and_names_the_problem() {
    for (args, needle) in [
        (vec!["check", "bob@example.com"], "after @"),
        (vec!["check", "https://www.x.com/page"], "x.com"),
        (vec!["check", "co.uk"], "co.uk"),
        (
            vec!["check", "example.com", "--resolver", "not-an-ip"],
            "not-an-ip",
        ),
        (vec!["check"], "DOMAIN"),
        (
            vec!["check", "example.com", "--dkim-selector", "a b"],
            "DKIM selector",
        ),
    ] {
        let out = sendwell(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let out = sendwell(&["check", "bob@example.com", "--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("error JSON");
    assert_eq!(json["error"]["code"], "domain.email_address");
    assert_eq!(json["error"]["suggestion"], "example.com");
}
