//! `sendwell plan`: the acceptance command, every format, the private-key file, bad
//! input (exit 2), and merging with the live records of the test zone `example.test`.

mod common;

use common::*;
use std::process::{Command, Output};

use serde_json::Value;

const ACCEPTANCE: &[&str] = &[
    "plan",
    "example.com",
    "--provider",
    "google-workspace",
    "--provider",
    "sendgrid",
    "--ip",
    "203.0.113.7",
    "--dmarc-rua",
    "mailto:dmarc@reports.example.net",
    "--registrar",
    "cloudflare",
    "--offline",
    // Keys made here are thrown away: tests re-run on one keychain must not move the selector on.
    "--no-keychain",
];

fn with(extra: &[&str]) -> Vec<String> {
    ACCEPTANCE
        .iter()
        .chain(extra)
        .map(|s| s.to_string())
        .collect()
}

fn run(args: &[String]) -> Output {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    sendwell(&refs)
}

#[test]
fn json_has_the_contract_fields() {
    let out = run(&with(&["--format", "json", "--start", "2026-12-01"]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let records = plan["records"].as_array().expect("records[]");
    for r in records {
        for field in ["type", "name", "host", "value", "ttl", "purpose"] {
            assert!(!r[field].is_null(), "{field} missing in {r}");
        }
    }
    let spf: Vec<&Value> = records
        .iter()
        .filter(|r| r["value"].as_str().is_some_and(|v| v.starts_with("v=spf1")))
        .collect();
    assert_eq!(spf.len(), 1);
    assert_eq!(
        spf[0]["value"],
        "v=spf1 ip4:203.0.113.7 include:_spf.google.com include:sendgrid.net ~all"
    );
    assert!(records
        .iter()
        .any(|r| r["name"] == "sw202612._domainkey.example.com"));
    assert!(records.iter().any(|r| r["name"] == "_dmarc.example.com"
        && r["value"] == "v=DMARC1; p=none; rua=mailto:dmarc@reports.example.net"));
    assert!(records
        .iter()
        .any(|r| r["name"] == "example.com._report._dmarc.reports.example.net"));
    assert_eq!(plan["panel"]["id"], "cloudflare");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("PRIVATE KEY"));
}

#[test]
fn every_format_prints() {
    for (format, marker) in [
        ("table", "Records to add for example.com in Cloudflare"),
        (
            "zone",
            "_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=none;",
        ),
        ("csv", "type,name,host,value,priority,ttl,purpose"),
        ("html", "<!DOCTYPE html>"),
    ] {
        let out = run(&with(&["--format", format, "--dkim-key", "none"]));
        assert_eq!(out.status.code(), Some(0), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(marker), "{format}: {text}");
    }
}

#[test]
fn private_key_file_is_private_and_never_overwritten() {
    let dir = std::env::temp_dir().join(format!("sendwell-plan-key-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let key = dir.join("dkim.pem");
    let key_arg = key.to_string_lossy().to_string();
    let out_arg = dir.join("plan.zone").to_string_lossy().to_string();
    let out = run(&with(&[
        "--dkim-private-key-out",
        &key_arg,
        "--format",
        "zone",
        "--out",
        &out_arg,
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pem = std::fs::read_to_string(&key).expect("key written");
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    let zone = std::fs::read_to_string(dir.join("plan.zone")).expect("zone written");
    assert!(!zone.contains("PRIVATE"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "key file mode {mode:o}");
    }
    let again = run(&with(&["--dkim-private-key-out", &key_arg]));
    assert_eq!(again.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&again.stderr).contains("does not overwrite"));
    assert_eq!(std::fs::read_to_string(&key).expect("still there"), pem);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_exits_2_with_the_code() {
    for (args, code) in [
        (
            vec!["plan", "not a domain", "--offline", "--format", "json"],
            "domain.contains_spaces",
        ),
        (
            vec![
                "plan",
                "example.com",
                "--provider",
                "sendgird",
                "--offline",
                "--format",
                "json",
            ],
            "provider.unknown",
        ),
        (
            vec![
                "plan",
                "example.com",
                "--ip",
                "203.0.113.300",
                "--offline",
                "--format",
                "json",
            ],
            "spf.ip_invalid",
        ),
        (
            vec![
                "plan",
                "example.com",
                "--dmarc-rua",
                "nobody",
                "--offline",
                "--format",
                "json",
            ],
            "dmarc.report_address_invalid",
        ),
        (
            vec![
                "plan",
                "example.com",
                "--registrar",
                "cloudflair",
                "--offline",
                "--format",
                "json",
            ],
            "registrar.unknown",
        ),
        (
            vec![
                "plan",
                "example.com",
                "--start",
                "2026-13-01",
                "--offline",
                "--format",
                "json",
            ],
            "plan.date_invalid",
        ),
        (
            vec![
                "plan",
                "example.com",
                "--dkim-selector",
                "a b",
                "--offline",
                "--format",
                "json",
            ],
            "dkim.selector_invalid",
        ),
    ] {
        let out = sendwell(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let json: Value = serde_json::from_slice(&out.stdout).expect("error JSON");
        assert_eq!(json["error"]["code"], code, "{args:?}");
    }
    let out = sendwell(&["plan", "example.com", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn merges_with_the_live_records_of_the_test_zone() {
    let Some(r) = resolver() else { return };
    let out = sendwell(&[
        "plan",
        "example.test",
        "--provider",
        "sendgrid",
        "--ip",
        "127.0.0.31",
        "--resolver",
        &r,
        "--dkim-key",
        "none",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let records = plan["records"].as_array().expect("records");
    let spf = records
        .iter()
        .find(|r| r["topic"] == "spf")
        .expect("SPF record");
    assert_eq!(
        spf["content"], "v=spf1 include:_spf.google.com ip4:127.0.0.31 include:sendgrid.net ~all",
        "the existing include is kept, the new ones added"
    );
    assert_eq!(spf["change"]["kind"], "replace");
    assert_eq!(spf["change"]["old"], "v=spf1 include:_spf.google.com ~all");
    let dmarc = records
        .iter()
        .find(|r| r["topic"] == "dmarc")
        .expect("DMARC");
    assert!(dmarc["content"]
        .as_str()
        .is_some_and(|v| v.contains("rua=mailto:dmarc@example.test")));
}

/// The test keychain (gnome-keyring on the test servers' private D-Bus), or `None` (skipped;
/// in CI a failure).
fn test_keychain() -> Option<()> {
    let ready = std::env::var("DBUS_SESSION_BUS_ADDRESS").is_ok_and(|v| !v.is_empty())
        && std::env::var("SENDWELL_RESOLVERS").is_ok_and(|v| !v.is_empty());
    if ready {
        return Some(());
    }
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty());
    assert!(!in_ci, "CI is set but the test keychain is not running");
    eprintln!("skipped: the test keychain is not running (run `make test`)");
    None
}

fn secret_tool(args: &[&str]) -> Output {
    Command::new("secret-tool")
        .args(args)
        .output()
        .expect("secret-tool (libsecret-tools)")
}

#[test]
fn the_private_key_goes_to_the_keychain_and_is_never_overwritten() {
    let Some(()) = test_keychain() else { return };
    let domain = format!("keychain-{}.example", std::process::id());
    let account = |sel: &str| format!("dkim:{sel}._domainkey.{domain}");
    let args = |extra: &[&str]| -> Vec<String> {
        [
            "plan",
            &domain,
            "--offline",
            "--start",
            "2026-12-01",
            "--format",
            "json",
        ]
        .iter()
        .chain(extra)
        .map(|s| s.to_string())
        .collect()
    };
    let first = run(&args(&[]));
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stderr).contains("is in your keychain"));
    let found = secret_tool(&[
        "search",
        "service",
        "Sendwell",
        "username",
        &account("sw202612"),
    ]);
    assert!(
        String::from_utf8_lossy(&found.stdout).contains(&account("sw202612"))
            || String::from_utf8_lossy(&found.stderr).contains(&account("sw202612")),
        "secret-tool does not see the key: {:?}",
        found
    );
    // A second plan in the same month picks the next selector instead of replacing the key.
    let second = run(&args(&[]));
    let plan: Value = serde_json::from_slice(&second.stdout).expect("JSON");
    assert_eq!(plan["keys"][0]["selector"], "sw202612b");
    // --no-keychain keeps nothing and says so.
    let third = run(&args(&["--no-keychain"]));
    assert!(String::from_utf8_lossy(&third.stderr).contains("not kept anywhere"));
    for sel in ["sw202612", "sw202612b"] {
        let _ = secret_tool(&["clear", "service", "Sendwell", "username", &account(sel)]);
    }
}
