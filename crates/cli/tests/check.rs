//! `sendwell check` against the real test zones (Knot behind Unbound, from tests/servers/):
//! a complete domain, an empty one, NXDOMAIN, SERVFAIL, a timeout, bad input, and every audit
//! scenario: SPF lookup counts, the DKIM probe, external DMARC reports, MX and pasting mistakes,
//! MTA-STS with its policy served over HTTPS on 127.0.0.41:443, TLS-RPT, BIMI, and CSV.

mod common;
#[path = "../../core/tests/support/https_stub.rs"]
mod https_stub;

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
    // _spf.google.com cannot be resolved from the test resolver (no internet): the count is a
    // lower bound, said in a note, and the report stays complete.
    assert_eq!(
        finding_ids(&report),
        ["spf.include_unresolved", "dmarc.policy_none"]
    );
    assert_eq!(report["spf"]["dns_lookups"], 1);
    assert_eq!(report["spf"]["lookups_complete"], false);
    assert_eq!(report["complete"], true);
    assert!(
        report["findings"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("_spf.google.com")),
        "{report:#}"
    );
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
        (
            vec!["check", "example.com", "--ca-file", "/nonexistent/ca.pem"],
            "/nonexistent/ca.pem",
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

fn finding<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["id"] == id))
        .unwrap_or_else(|| panic!("no finding {id}: {report:#}"))
}

#[test]
fn spf_lookup_counts_from_the_real_include_tree() {
    let Some(r) = resolver() else { return };
    for (domain, lookups, voids, id) in [
        ("spfloop.test", 2, 0, Some("spf.loop")),
        ("spf11.test", 11, 0, Some("spf.too_many_lookups")),
        ("ten.spf11.test", 10, 0, None),
        ("spfvoid.test", 3, 3, Some("spf.too_many_void_lookups")),
        ("two.spfvoid.test", 2, 2, None),
    ] {
        let (_, report) = check_json(domain, &r);
        assert_eq!(report["spf"]["dns_lookups"], lookups, "{domain}");
        assert_eq!(report["spf"]["void_lookups"], voids, "{domain}");
        assert_eq!(report["spf"]["lookups_complete"], true, "{domain}");
        let ids = finding_ids(&report);
        let permerrors: Vec<_> = ids
            .iter()
            .filter(|i| {
                [
                    "spf.loop",
                    "spf.too_many_lookups",
                    "spf.too_many_void_lookups",
                ]
                .contains(&i.as_str())
            })
            .collect();
        match id {
            Some(id) => {
                assert_eq!(permerrors, [id], "{domain}");
                assert_eq!(finding(&report, id)["severity"], "error");
                assert_eq!(finding(&report, id)["rfc"], "RFC 7208 §4.6.4");
            }
            None => assert!(permerrors.is_empty(), "{domain}: {ids:?}"),
        }
    }
}

#[test]
fn dkim_probe_finds_common_selectors_and_lints_their_keys() {
    let Some(r) = resolver() else { return };
    let (_, report) = check_json("dkimprobe.test", &r);
    let dkim: Vec<_> = report["dkim"]
        .as_array()
        .expect("dkim")
        .iter()
        .map(|d| {
            (
                d["selector"].as_str().unwrap_or_default().to_owned(),
                d["status"].clone(),
                d["source"].clone(),
                d["key_bits"].clone(),
            )
        })
        .collect();
    assert_eq!(
        dkim,
        [
            ("google".into(), "found".into(), "probe".into(), 2048.into()),
            (
                "selector1".into(),
                "found".into(),
                "probe".into(),
                1024.into()
            ),
            ("k1".into(), "found".into(), "probe".into(), Value::Null),
        ]
    );
    let ids = finding_ids(&report);
    assert!(ids.contains(&"dkim.key_weak".to_owned()), "{ids:?}");
    assert!(ids.contains(&"dkim.revoked".to_owned()), "{ids:?}");
    assert!(finding(&report, "dkim.revoked")["message"]
        .as_str()
        .is_some_and(|m| m.contains("k1")));

    let out = sendwell(&[
        "check",
        "dkimprobe.test",
        "--resolver",
        &r,
        "--dkim-selector",
        "google",
        "--dkim-selector",
        "nope",
        "--json",
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["dkim"][0]["selector"], "google");
    assert_eq!(report["dkim"][0]["source"], "given");
    assert_eq!(report["dkim"][1]["selector"], "nope");
    assert_eq!(report["dkim"][1]["status"], "missing");
    assert_eq!(report["dkim"].as_array().map(Vec::len), Some(4));

    let out = sendwell(&[
        "check",
        "dkimprobe.test",
        "--resolver",
        &r,
        "--no-dkim-probe",
        "--json",
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["dkim"], serde_json::json!([]));
}

#[test]
fn external_dmarc_reports_are_checked_in_dns() {
    let Some(r) = resolver() else { return };
    let (code, report) = check_json("extauth.test", &r);
    assert_eq!(code, 1);
    assert_eq!(report["dmarc"]["policy"], "quarantine");
    assert_eq!(report["dmarc"]["adkim"], "relaxed");
    assert_eq!(report["dmarc"]["aspf"], "relaxed");
    let external = report["dmarc"]["external_reports"]
        .as_array()
        .expect("external_reports");
    assert_eq!(external.len(), 2, "{report:#}");
    assert_eq!(external[0]["report_domain"], "reports.test");
    assert_eq!(external[0]["authorized"], true);
    assert_eq!(external[1]["report_domain"], "noauth.test");
    assert_eq!(external[1]["authorized"], false);
    assert_eq!(finding_ids(&report), ["dmarc.report_not_authorized"]);
    let f = finding(&report, "dmarc.report_not_authorized");
    assert_eq!(f["rfc"], "RFC 7489 §7.1");
    let fix = f["fix"].as_str().unwrap_or_default();
    assert!(
        fix.contains("extauth.test._report._dmarc.noauth.test") && fix.contains("v=DMARC1"),
        "{fix}"
    );
}

#[test]
fn pasting_mistakes_are_named() {
    let Some(r) = resolver() else { return };
    let out = sendwell(&[
        "check",
        "mistakes.test",
        "--resolver",
        &r,
        "--dkim-selector",
        "sw1",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let ids = finding_ids(&report);
    for id in [
        "dmarc.spf_at_dmarc",
        "mx.ip_address",
        "mx.cname",
        "dmarc.at_apex",
        "dmarc.doubled_name",
        "dkim.doubled_name",
        "dkim.cloudflare_proxied",
    ] {
        assert!(ids.contains(&id.to_owned()), "{id} in {ids:?}");
    }
    assert!(finding(&report, "dkim.doubled_name")["message"]
        .as_str()
        .is_some_and(|m| m.contains("sw1._domainkey.mistakes.test.mistakes.test")));
    assert!(finding(&report, "dkim.cloudflare_proxied")["message"]
        .as_str()
        .is_some_and(|m| m.contains("s1._domainkey.mistakes.test")));
    assert!(finding(&report, "mx.cname")["message"]
        .as_str()
        .is_some_and(|m| m.contains("mx.mistakes.test")));
    assert_eq!(finding(&report, "mx.cname")["rfc"], "RFC 2181 §10.3");

    // Without the selector, the doubled _domainkey is still noticed.
    let (_, report) = check_json("mistakes.test", &r);
    assert!(finding_ids(&report).contains(&"dkim.doubled_name".to_owned()));
}

const MTASTS_POLICY: &str =
    "version: STSv1\r\nmode: enforce\r\nmx: mail.mtasts.test\r\nmax_age: 604800\r\n";

#[test]
fn mta_sts_policy_over_https_tlsrpt_and_bimi() {
    let Some(r) = resolver() else { return };
    let ca = https_stub::TestCa::new("cli");
    let host = "mta-sts.mtasts.test";
    let mut sites = std::collections::HashMap::new();
    sites.insert(
        host.to_owned(),
        https_stub::Site {
            cert: ca.issue(&[host]),
            answer: https_stub::Canned::policy(MTASTS_POLICY),
        },
    );
    https_stub::serve("127.0.0.41:443".parse().expect("addr"), sites);
    let ca_file = ca.pem_path().display().to_string();

    let out = sendwell(&[
        "check",
        "mtasts.test",
        "--resolver",
        &r,
        "--ca-file",
        &ca_file,
        "--json",
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let sts = &report["mta_sts"];
    assert_eq!(sts["record"], "v=STSv1; id=20261201T000000");
    assert_eq!(
        sts["policy_url"],
        "https://mta-sts.mtasts.test/.well-known/mta-sts.txt"
    );
    assert_eq!(sts["fetch"]["outcome"], "fetched", "{report:#}");
    assert_eq!(sts["mode"], "enforce");
    assert_eq!(sts["mx_patterns"], serde_json::json!(["mail.mtasts.test"]));
    assert_eq!(sts["max_age"], 604800);
    assert_eq!(sts["mx_not_covered"], serde_json::json!([]));
    assert_eq!(
        report["tlsrpt"]["record"],
        "v=TLSRPTv1; rua=mailto:tlsrpt@mtasts.test"
    );
    assert_eq!(
        report["bimi"]["record"],
        "v=BIMI1; l=https://mtasts.test/logo.svg"
    );
    assert_eq!(report["dmarc"]["policy"], "reject");
    let ids = finding_ids(&report);
    assert_eq!(ids, ["bimi.no_certificate"], "{report:#}");
    assert_eq!(report["status"], "pass");
    assert_eq!(out.status.code(), Some(0));

    // The same server without trusting its CA: the certificate is an error, never ignored.
    let (code, report) = check_json("mtasts.test", &r);
    assert_eq!(code, 1);
    assert_eq!(report["mta_sts"]["fetch"]["outcome"], "tls", "{report:#}");
    assert_eq!(
        finding(&report, "mta_sts.policy_certificate")["severity"],
        "error"
    );
}

#[test]
fn csv_has_a_header_and_a_row_per_domain_and_finding() {
    let Some(r) = resolver() else { return };
    let out = sendwell(&[
        "check",
        "extauth.test",
        "empty.test",
        "--resolver",
        &r,
        "--no-dkim-probe",
        "--csv",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(
        lines[0],
        "domain,status,complete,finding_id,severity,message,fix,rfc"
    );
    assert!(text.ends_with("\r\n"), "CRLF line ends (RFC 4180 §2)");
    assert_eq!(lines.len(), 1 + 1 + 3, "{text}");
    assert!(lines[1].starts_with("extauth.test,warn,true,dmarc.report_not_authorized,warning,\""));
    assert!(lines[1].ends_with(",RFC 7489 §7.1"), "{}", lines[1]);
    let empty: Vec<_> = lines[2..]
        .iter()
        .map(|l| l.split(',').nth(3).unwrap_or_default())
        .collect();
    assert_eq!(empty, ["spf.missing", "dmarc.missing", "mx.missing"]);

    let out = sendwell(&["check", "x.test", "--csv", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "--csv and --json exclude each other"
    );
    let out = sendwell(&["check", "x.test", "--concurrency", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Run a knotc / unbound-control command line from the servers' env (`SENDWELL_TEST_KNOTC_*`).
fn control(env: &str, args: &str) -> bool {
    let Ok(command) = std::env::var(env) else {
        return false;
    };
    Command::new("sh")
        .arg("-c")
        .arg(format!("{command} {args}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Puts reports.test back as its zone file has it, now and when dropped (even after a failed
/// assert): nothing pending on the primary, the secondary thawed and caught up, Unbound fresh.
struct ZoneGuard(&'static str);

impl ZoneGuard {
    fn restore(&self) {
        let z = self.0;
        control("SENDWELL_TEST_KNOTC_PRIMARY", &format!("zone-abort {z}"));
        control("SENDWELL_TEST_KNOTC_SECONDARY", &format!("zone-thaw {z}"));
        control(
            "SENDWELL_TEST_KNOTC_PRIMARY",
            &format!("-b zone-reload {z}"),
        );
        control(
            "SENDWELL_TEST_KNOTC_SECONDARY",
            &format!("zone-refresh {z}"),
        );
        control("SENDWELL_TEST_UNBOUND_CONTROL", &format!("flush_zone {z}"));
    }
}

impl Drop for ZoneGuard {
    fn drop(&mut self) {
        self.restore();
    }
}

fn serials(report: &Value) -> Vec<Value> {
    report["authority"]["nameservers"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|ns| ns["addrs"][0]["state"]["serial"].clone())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn ns_consistency_in_sync_down_and_lagging() {
    let Some(r) = resolver() else { return };
    let (_, report) = check_json("example.test", &r);
    assert_eq!(report["authority"]["apex"], "example.test");
    assert_eq!(report["authority"]["in_sync"], true);
    assert_eq!(serials(&report).len(), 2, "{report:#}");

    let (code, report) = check_json("halfdown.test", &r);
    assert_eq!(
        code, 1,
        "a server down is a warning, the check itself completed"
    );
    assert_eq!(report["complete"], true);
    let f = finding(&report, "ns.unreachable");
    assert_eq!(f["severity"], "warning");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("127.0.0.14")),
        "{f:#}"
    );
    let states: Vec<_> = report["authority"]["nameservers"]
        .as_array()
        .expect("nameservers")
        .iter()
        .map(|ns| ns["addrs"][0]["state"]["state"].clone())
        .collect();
    assert!(states.contains(&"unreachable".into()) && states.contains(&"answered".into()));

    // A lagging secondary: freeze it, change the primary (reports.test belongs to these tests).
    if std::env::var("SENDWELL_TEST_KNOTC_PRIMARY").is_err() {
        return;
    }
    let zone = "reports.test";
    let guard = ZoneGuard(zone);
    guard.restore();
    assert!(eventually(|| in_sync(zone, &r)), "in sync before the test");
    assert!(control(
        "SENDWELL_TEST_KNOTC_SECONDARY",
        &format!("zone-freeze {zone}")
    ));
    assert!(control(
        "SENDWELL_TEST_KNOTC_PRIMARY",
        &format!("zone-begin {zone}")
    ));
    assert!(control(
        "SENDWELL_TEST_KNOTC_PRIMARY",
        &format!("zone-set {zone} lagprobe 300 TXT '\"lag\"'")
    ));
    assert!(control(
        "SENDWELL_TEST_KNOTC_PRIMARY",
        &format!("zone-commit {zone}")
    ));
    assert!(eventually(|| !in_sync(zone, &r)), "the primary moved ahead");
    let (_, report) = check_json(zone, &r);
    let f = finding(&report, "ns.serial_mismatch");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("(behind)")),
        "{f:#}"
    );
    drop(guard);
    assert!(eventually(|| in_sync(zone, &r)), "in sync after the test");
}

fn in_sync(zone: &str, r: &str) -> bool {
    let (_, report) = check_json(zone, r);
    report["authority"]["in_sync"] == true
}

/// Wait until `check` holds (Knot applies changes within milliseconds to a second).
fn eventually(mut check: impl FnMut() -> bool) -> bool {
    for _ in 0..30 {
        if check() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    false
}
