//! `sendwell providers` and `sendwell registrars` run as the built binary: the text table, the
//! `--json` document, and bad flags. No DNS is needed, so nothing here is skipped.

mod common;

use common::*;

use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let out = sendwell(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn providers_table_lists_every_provider() {
    let out = sendwell(&["providers"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("ID "), "{text}");
    for id in [
        "google-workspace",
        "microsoft-365",
        "amazon-ses",
        "own-server",
    ] {
        assert!(text.contains(id), "{id} missing from:\n{text}");
    }
    assert!(text.contains("_spf.google.com"), "{text}");
}

#[test]
fn providers_json_has_every_fact_group_with_sources() {
    let doc = json(&["providers", "--json"]);
    assert_eq!(doc["checked"], "2026-12-01");
    let list = &doc["providers"];
    let ids = ids(list);
    assert!(ids.len() >= 14, "{ids:?}");
    assert!(ids.contains(&"mailchimp-transactional".to_owned()));
    for p in list.as_array().into_iter().flatten() {
        for group in ["spf", "dkim"] {
            let url = p[group]["source"]["url"].as_str().unwrap_or_default();
            assert!(url.starts_with("https://"), "{} {group}: {url}", p["id"]);
        }
    }
    let ses = list
        .as_array()
        .and_then(|a| a.iter().find(|p| p["id"] == "amazon-ses"))
        .expect("amazon-ses listed");
    assert_eq!(ses["dkim"]["method"], "cname");
    assert_eq!(
        ses["dkim"]["cnames"][0]["target"],
        "{token1}.dkim.amazonses.com"
    );
    assert_eq!(ses["spf"]["placement"], "return_path");
}

#[test]
fn registrars_table_and_json_cover_the_detected_hosts() {
    let out = sendwell(&["registrars"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("cloudflare") && text.contains("DNS only"),
        "{text}"
    );
    let doc = json(&["registrars", "--json"]);
    let ids = ids(&doc["registrars"]);
    for id in [
        "cloudflare",
        "route53",
        "name-com",
        "google-cloud-dns",
        "generic",
    ] {
        assert!(ids.contains(&id.to_owned()), "{id} missing: {ids:?}");
    }
    let route53 = doc["registrars"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["id"] == "route53"))
        .expect("route53 listed");
    assert_eq!(route53["host"]["apex"], "blank");
    assert!(route53["steps"]["TXT"]
        .as_array()
        .is_some_and(|s| s.len() >= 3));
}

#[test]
fn unknown_flag_is_bad_input() {
    let out = sendwell(&["providers", "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
}
