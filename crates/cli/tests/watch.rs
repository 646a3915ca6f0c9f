//! `sendwell watch` end to end on the shared servers: the `--json` line format and exit 0 when
//! all is live (prop5), exit 1 at the timeout and 2 on bad input (prop6), resuming from the
//! saved state (prop7), Ctrl-C saving the state and exiting 3 (prop8).

mod common;

#[path = "../../core/tests/support/zones.rs"]
mod zones;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use zones::{Servers, ZoneGuard};

/// A fresh folder for this test's plan and state files.
fn folder(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sendwell-watch-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir
}

/// `sendwell plan DOMAIN --offline` as JSON: SPF `v=spf1 ~all` and a DMARC record.
fn make_plan(dir: &Path, domain: &str) -> PathBuf {
    let path = dir.join("plan.json");
    let rua = format!("mailto:dmarc@{domain}");
    let out = common::sendwell(&[
        "plan",
        domain,
        "--offline",
        "--dkim-key",
        "none",
        "--dmarc-rua",
        &rua,
        "--format",
        "json",
        "--out",
        path.to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

/// The plan's records as (owner relative to the zone, TXT content).
fn planned(path: &Path) -> Vec<(String, String)> {
    let plan: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("plan")).expect("JSON");
    let domain = plan["domain"].as_str().expect("domain").to_owned();
    plan["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|r| {
            let name = r["name"].as_str().expect("name");
            let owner = match name.strip_suffix(&format!(".{domain}")) {
                Some(rel) => rel.to_owned(),
                None => "@".to_owned(),
            };
            (owner, r["content"].as_str().expect("content").to_owned())
        })
        .collect()
}

fn publish(zone: &ZoneGuard, records: &[(String, String)]) {
    for (owner, content) in records {
        zone.add(owner, 300, "TXT", &format!("\"{content}\""));
    }
    zone.wait_in_step(Duration::from_secs(10));
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON object: {l}: {e}"))
        })
        .collect()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn json_lines_and_exit_0_when_all_live() {
    let Some(s) = Servers::from_env() else { return };
    let zone = s.zone("prop5.test");
    let dir = folder("live");
    let plan = make_plan(&dir, "prop5.test");
    publish(&zone, &planned(&plan));
    let out = common::sendwell(&[
        "watch",
        "prop5.test",
        "--plan",
        path_str(&plan),
        "--resolver",
        &s.resolver,
        "--timeout",
        "40s",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = lines(&out.stdout);
    assert_eq!(events[0]["event"], "started");
    assert_eq!(
        events[0]["servers"].as_array().map(Vec::len),
        Some(3),
        "2 name servers and Unbound"
    );
    let statuses: Vec<&Value> = events.iter().filter(|e| e["event"] == "status").collect();
    assert!(!statuses.is_empty());
    for s in &statuses {
        for key in [
            "record", "server", "role", "state", "detail", "eta", "since", "elapsed",
        ] {
            assert!(s.get(key).is_some(), "{key} missing in {s}");
        }
    }
    assert!(statuses
        .iter()
        .any(|s| s["state"] == "published" && s["role"] == "authoritative"));
    assert!(statuses.iter().any(|v| v["state"] == "live"
        && v["role"] == "resolver"
        && v["server"] == s.resolver.as_str()));
    let last = events.last().expect("a summary");
    assert_eq!(last["event"], "summary");
    assert_eq!(last["outcome"], "all_live");
    assert_eq!(last["records"].as_array().map(Vec::len), Some(2));
    // Saved beside the plan by default.
    let state: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("plan.json.watch.json")).expect("state saved"),
    )
    .expect("state JSON");
    assert_eq!(state["domain"], "prop5.test");
    assert_eq!(
        state["records"][0]["servers"].as_array().map(Vec::len),
        Some(3)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn exit_1_at_the_timeout_and_2_on_bad_input() {
    let Some(s) = Servers::from_env() else { return };
    let _zone = s.zone("prop6.test");
    let dir = folder("timeout");
    let plan = make_plan(&dir, "prop6.test");
    let started = Instant::now();
    let out = common::sendwell(&[
        "watch",
        "prop6.test",
        "--plan",
        path_str(&plan),
        "--resolver",
        &s.resolver,
        "--authoritative",
        &s.primary,
        "--timeout",
        "3s",
        "--no-state",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(15));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("not everything is live yet (timed out)"),
        "{text}"
    );
    assert!(
        text.contains("not published on this name server yet"),
        "{text}"
    );
    assert!(
        text.contains("not asked yet"),
        "Unbound is not asked before a name server has it: {text}"
    );
    assert!(
        !dir.join("plan.json.watch.json").exists(),
        "--no-state keeps nothing"
    );

    let other = dir.join("other.json");
    std::fs::write(&other, r#"{"domain":"example.test","records":[]}"#).expect("write");
    for (args, code) in [
        (
            vec!["--plan", "/nonexistent/plan.json"],
            "watch.plan_unreadable",
        ),
        (vec!["--plan", path_str(&dir)], "watch.plan_unreadable"),
        (vec!["--plan", path_str(&other)], "watch.plan_domain"),
        (
            vec!["--plan", path_str(&plan), "--timeout", "soon"],
            "watch.timeout_invalid",
        ),
        (
            vec!["--plan", path_str(&plan), "--interval", "0"],
            "watch.interval_invalid",
        ),
        (
            vec!["--plan", path_str(&plan), "--resolver", "dns.google"],
            "dns.config",
        ),
    ] {
        let mut full = vec!["watch", "prop6.test", "--json", "--no-state"];
        full.extend(args.iter().copied());
        let out = common::sendwell(&full);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("an error object");
        assert_eq!(v["error"]["code"], code, "{args:?}");
    }
    let garbage = dir.join("state.json");
    std::fs::write(&garbage, "not a saved watch").expect("write");
    let out = common::sendwell(&[
        "watch",
        "prop6.test",
        "--plan",
        path_str(&plan),
        "--state",
        path_str(&garbage),
        "--authoritative",
        &s.primary,
        "--resolver",
        &s.resolver,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).expect("an error object");
    assert_eq!(v["error"]["code"], "watch.state_unreadable");
    assert_eq!(
        std::fs::read_to_string(&garbage).expect("kept"),
        "not a saved watch",
        "an unreadable state is never overwritten"
    );
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"records\": 3}").expect("write");
    let out = common::sendwell(&["watch", "prop6.test", "--plan", path_str(&bad), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).expect("an error object");
    assert_eq!(v["error"]["code"], "watch.plan_invalid");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn resumes_from_the_saved_state() {
    let Some(s) = Servers::from_env() else { return };
    let zone = s.zone("prop7.test");
    let dir = folder("resume");
    let plan = make_plan(&dir, "prop7.test");
    let state = dir.join("state.json");
    let records = planned(&plan);
    let spf: Vec<_> = records.iter().filter(|(o, _)| o == "@").cloned().collect();
    let dmarc: Vec<_> = records.iter().filter(|(o, _)| o != "@").cloned().collect();
    publish(&zone, &spf);
    let args = |timeout: &'static str| {
        vec![
            "watch".to_owned(),
            "prop7.test".to_owned(),
            "--plan".to_owned(),
            path_str(&plan).to_owned(),
            "--resolver".to_owned(),
            s.resolver.clone(),
            "--state".to_owned(),
            path_str(&state).to_owned(),
            "--timeout".to_owned(),
            timeout.to_owned(),
            "--json".to_owned(),
        ]
    };
    // Long enough for discovery and the SPF record to go live on a loaded machine; DMARC is
    // never published in this run, so it always ends at the timeout.
    let first = args("12s");
    let out = common::sendwell(&first.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(1), "DMARC is not published yet");
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&state).expect("saved")).expect("JSON");
    let spf_states: Vec<&str> = saved["records"][0]["servers"]
        .as_array()
        .expect("servers")
        .iter()
        .filter_map(|p| p["state"].as_str())
        .collect();
    assert_eq!(spf_states, ["published", "published", "live"], "{saved}");
    let started = saved["started"].clone();

    publish(&zone, &dmarc);
    let second = args("40s");
    let out = common::sendwell(&second.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = lines(&out.stdout);
    let resumed: Vec<&Value> = events.iter().filter(|e| e["event"] == "resumed").collect();
    assert!(resumed
        .iter()
        .any(|e| e["record"] == "TXT prop7.test" && e["state"] == "live"));
    let first_status = events
        .iter()
        .position(|e| e["event"] == "status")
        .expect("re-checked");
    let last_resumed = events
        .iter()
        .rposition(|e| e["event"] == "resumed")
        .expect("resumed");
    assert!(
        last_resumed < first_status,
        "saved states come first, then fresh ones"
    );
    assert!(
        events
            .iter()
            .any(|e| e["event"] == "status" && e["record"] == "TXT prop7.test"),
        "resumed states are checked again, not trusted"
    );
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&state).expect("saved")).expect("JSON");
    assert_eq!(
        saved["started"], started,
        "the watch keeps its first start time"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ctrl_c_saves_the_state_and_exits_3() {
    let Some(s) = Servers::from_env() else { return };
    let _zone = s.zone("prop8.test");
    let dir = folder("ctrlc");
    let plan = make_plan(&dir, "prop8.test");
    let state = dir.join("state.json");
    let child = Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args([
            "watch",
            "prop8.test",
            "--plan",
            path_str(&plan),
            "--resolver",
            &s.resolver,
            "--authoritative",
            &s.primary,
            "--state",
            path_str(&state),
            "--json",
        ])
        .env_remove("SENDWELL_RESOLVERS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sendwell runs");
    let start = Instant::now();
    loop {
        let checked = std::fs::read_to_string(&state)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .is_some_and(|v| {
                v["records"][0]["servers"]
                    .as_array()
                    .is_some_and(|a| !a.is_empty())
            });
        if checked {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "no state saved");
        std::thread::sleep(Duration::from_millis(100));
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let out = child.wait_with_output().expect("exits");
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = lines(&out.stdout);
    let last = events.last().expect("a summary");
    assert_eq!(last["event"], "summary");
    assert_eq!(last["outcome"], "cancelled");
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&state).expect("saved")).expect("JSON");
    assert_eq!(saved["records"][0]["servers"][0]["state"], "waiting");
    let leftovers = std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .count();
    assert_eq!(leftovers, 0, "atomic writes leave no temporary file");
    let _ = std::fs::remove_dir_all(&dir);
}
