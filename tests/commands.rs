//! The app's commands driven through Tauri's IPC, as the web view calls them: the real command
//! set from `sendwell_desktop::app`, the real config and capabilities, the test resolver.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use sendwell_desktop::state::AppState;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindowBuilder};

/// One app (the real command set, config and capabilities) with a fresh data folder.
struct TestApp {
    app: tauri::App<tauri::test::MockRuntime>,
    dir: PathBuf,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl TestApp {
    fn new() -> TestApp {
        let dir = std::env::temp_dir().join(format!(
            "sendwell-commands-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        TestApp::in_dir(dir)
    }

    /// An app on an existing data folder (a restart).
    fn in_dir(dir: PathBuf) -> TestApp {
        let app = sendwell_desktop::app(mock_builder())
            .manage(AppState::open(Some(dir.clone())))
            .build(tauri::generate_context!())
            .expect("app builds");
        TestApp { app, dir }
    }

    fn invoke(&self, window_label: &str, cmd: &str, args: Value) -> Result<Value, Value> {
        let webview = match self.app.get_webview_window(window_label) {
            Some(w) => w,
            None => WebviewWindowBuilder::new(&self.app, window_label, Default::default())
                .build()
                .expect("window builds"),
        };
        get_ipc_response(
            &webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("url"),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().expect("JSON response"))
    }

    fn call(&self, cmd: &str, args: Value) -> Value {
        self.invoke("main", cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn invoke(window_label: &str, cmd: &str, args: Value) -> Result<Value, Value> {
    TestApp::new().invoke(window_label, cmd, args)
}

/// The live tests need the test servers (`make test` starts them); outside CI they are skipped.
fn test_resolver_ready() -> bool {
    let ready = std::env::var("SENDWELL_RESOLVERS").is_ok_and(|v| !v.is_empty());
    if !ready {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty());
        assert!(
            !in_ci,
            "CI is set but SENDWELL_RESOLVERS is not: start tests/servers/start.sh"
        );
        eprintln!(
            "skipped: SENDWELL_RESOLVERS is not set (run `make test` to start the test servers)"
        );
    }
    ready
}

#[test]
fn bad_input_comes_back_as_a_coded_error() {
    let err = invoke(
        "main",
        "check_domain",
        json!({ "input": "bob@example.com" }),
    )
    .expect_err("rejected");
    assert_eq!(err["code"], "domain.email_address");
    assert_eq!(err["suggestion"], "example.com");
    assert!(err["message"]
        .as_str()
        .is_some_and(|m| m.contains("after @")));

    let err = invoke("main", "check_domain", json!({ "input": "co.uk" })).expect_err("rejected");
    assert_eq!(err["code"], "domain.public_suffix");
}

#[test]
fn only_the_main_window_may_call_commands() {
    let err = invoke(
        "intruder",
        "check_domain",
        json!({ "input": "example.test" }),
    )
    .expect_err("denied");
    assert!(err.to_string().contains("not allowed"), "{err}");
}

#[test]
fn check_domain_reads_the_test_zones() {
    if !test_resolver_ready() {
        return;
    }
    let report =
        invoke("main", "check_domain", json!({ "input": "Example.TEST." })).expect("report");
    assert_eq!(report["domain"], "example.test");
    assert_eq!(
        report["name"]["notes"],
        json!(["trailing_dot_removed", "lowercased"])
    );
    assert_eq!(report["mail_provider"]["id"], "google-workspace");
    assert_eq!(
        report["spf"]["record"],
        "v=spf1 include:_spf.google.com ~all"
    );
    assert_eq!(report["dmarc"]["policy"], "none");
    assert_eq!(
        report["ns"],
        json!(["ns1.example.test", "ns2.example.test"])
    );

    let report = invoke("main", "check_domain", json!({ "input": "acme.test" })).expect("report");
    assert_eq!(report["dns_host"]["id"], "cloudflare");
    assert_eq!(report["mail_provider"]["id"], "microsoft-365");
    assert_eq!(
        report["spf"]["records_found"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(report["status"], "fail");
}

/// The keychain tests need the test servers' Secret Service (make test starts it).
fn keychain_ready() -> bool {
    test_resolver_ready() && std::env::var("DBUS_SESSION_BUS_ADDRESS").is_ok_and(|v| !v.is_empty())
}

#[test]
fn a_fresh_app_has_no_domains_and_no_notice() {
    let app = TestApp::new();
    let session = app.call("load_session", json!({}));
    assert_eq!(
        session,
        json!({ "current": null, "domains": [], "notice": null })
    );
}

#[test]
fn a_checked_domain_is_saved_with_its_step_and_choices_and_survives_a_restart() {
    if !test_resolver_ready() {
        return;
    }
    let app = TestApp::new();
    let report = app.call("check_domain", json!({ "input": "example.test" }));
    let session = app.call("load_session", json!({}));
    assert_eq!(session["current"], "example.test");
    assert_eq!(session["domains"][0]["domain"], "example.test");
    assert_eq!(session["domains"][0]["status"], report["status"]);
    assert_eq!(session["domains"][0]["step"], "domain");

    let mut choices =
        app.call("open_domain", json!({ "domain": "example.test" }))["choices"].clone();
    choices["providers"] = json!(["google-workspace"]);
    choices["ips"] = json!(["203.0.113.7"]);
    app.call(
        "save_choices",
        json!({ "domain": "example.test", "choices": choices }),
    );
    app.call(
        "save_step",
        json!({ "domain": "example.test", "step": "dkim" }),
    );
    let err = app
        .invoke(
            "main",
            "save_step",
            json!({ "domain": "example.test", "step": "nowhere" }),
        )
        .expect_err("an unknown step is refused");
    assert!(err.to_string().contains("nowhere"), "{err}");

    // "Set up another domain" leaves it; saving a step of it makes it current again.
    app.call("leave_domain", json!({}));
    assert_eq!(app.call("load_session", json!({}))["current"], Value::Null);
    app.call(
        "save_step",
        json!({ "domain": "example.test", "step": "dkim" }),
    );
    assert_eq!(
        app.call("load_session", json!({}))["current"],
        "example.test"
    );

    // Closing and reopening the app: the same domain, step, choices and last check.
    let dir = app.dir.clone();
    std::mem::forget(app);
    let again = TestApp::in_dir(dir);
    let session = again.call("load_session", json!({}));
    assert_eq!(session["current"], "example.test");
    let state = again.call("open_domain", json!({ "domain": "example.test" }));
    assert_eq!(state["step"], "dkim");
    assert_eq!(state["choices"]["ips"], json!(["203.0.113.7"]));
    assert_eq!(state["report"]["domain"], "example.test");
}

#[test]
fn a_damaged_store_is_moved_aside_and_reported() {
    let dir =
        std::env::temp_dir().join(format!("sendwell-commands-corrupt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join("sendwell.db"),
        b"this is not a database at all, just bytes",
    )
    .expect("write");
    let app = TestApp::in_dir(dir.clone());
    let session = app.call("load_session", json!({}));
    assert_eq!(session["notice"]["code"], "store.corrupt");
    let moved = session["notice"]["moved_to"].as_str().expect("moved_to");
    assert_eq!(
        std::fs::read(moved).expect("the old file is kept"),
        b"this is not a database at all, just bytes"
    );
}

#[test]
fn the_plan_keeps_its_dkim_key_and_exports_what_it_shows() {
    if !keychain_ready() {
        return;
    }
    let export_dir = std::env::temp_dir().join(format!("sendwell-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&export_dir);
    std::fs::create_dir_all(&export_dir).expect("dir");
    std::env::set_var("SENDWELL_EXPORT_DIR", &export_dir);
    let app = TestApp::new();
    app.call("check_domain", json!({ "input": "example.test" }));
    let mut choices =
        app.call("open_domain", json!({ "domain": "example.test" }))["choices"].clone();
    choices["providers"] = json!(["google-workspace"]);
    choices["ips"] = json!(["203.0.113.7"]);
    choices["dkim"]["selector"] = json!(format!("swcmd{}", std::process::id()));
    let first = app.call(
        "build_plan",
        json!({ "domain": "example.test", "choices": choices }),
    );
    let dkim = |plan: &Value| {
        plan["records"]
            .as_array()
            .and_then(|r| r.iter().find(|r| r["topic"] == "dkim"))
            .map(|r| r["value"].clone())
            .expect("a DKIM record")
    };
    let spf = first["records"][0]["value"].as_str().expect("SPF first");
    assert!(spf.contains("ip4:203.0.113.7"), "{spf}");
    assert!(!first.to_string().contains("PRIVATE KEY"));
    // Planning again (any change of choice does) keeps the key: the same public record.
    let second = app.call(
        "build_plan",
        json!({ "domain": "example.test", "choices": choices }),
    );
    assert_eq!(dkim(&first), dkim(&second));

    let path = app.call(
        "export_plan",
        json!({ "domain": "example.test", "format": "json" }),
    );
    let text = std::fs::read_to_string(path.as_str().expect("a path")).expect("written");
    let exported: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(exported["records"], second["records"]);
    let selector = choices["dkim"]["selector"].as_str().expect("selector");
    let pem = app.call(
        "export_dkim_key",
        json!({ "domain": "example.test", "selector": selector }),
    );
    let pem_path = pem.as_str().expect("a path");
    let key = std::fs::read_to_string(pem_path).expect("written");
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(pem_path)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A second export never replaces the key file.
    let err = app
        .invoke(
            "main",
            "export_dkim_key",
            json!({ "domain": "example.test", "selector": selector }),
        )
        .expect_err("no overwrite");
    assert_eq!(err["code"], "export.write");
    let _ = std::fs::remove_dir_all(&export_dir);
}

#[test]
fn a_wrong_password_is_a_result_and_is_never_kept() {
    if !keychain_ready() {
        return;
    }
    // The test servers' certificates are signed by their own CA, trusted explicitly.
    let ca = std::env::var("SENDWELL_TEST_CA").expect("test CA");
    std::env::set_var("SENDWELL_CA_FILE", ca);
    let app = TestApp::new();
    app.call("check_domain", json!({ "input": "example.test" }));
    let host = std::env::var("SENDWELL_TEST_MAIL_HOST").expect("mail host");
    let servers = json!({ "imap": host, "pop3": host, "smtp": host });
    let address = "imap-only@example.test";
    let report = app.call(
        "check_mailbox",
        json!({ "address": address, "servers": servers, "password": "not-the-password" }),
    );
    assert_eq!(report["imap"]["status"], "auth_failed", "{report}");
    assert!(!report.to_string().contains("not-the-password"));
    let state = app.call("open_domain", json!({ "domain": "example.test" }));
    assert_eq!(state["mailboxes"][0]["address"], address);
    assert!(!state.to_string().contains("not-the-password"));
    let password = std::env::var("SENDWELL_TEST_IMAP_ONLY_PASSWORD").expect("password");
    let report = app.call(
        "check_mailbox",
        json!({ "address": address, "servers": servers, "password": password }),
    );
    assert_eq!(report["imap"]["status"], "ok", "{report}");
    // Checked again without typing it: the keychain has it now.
    let report = app.call(
        "check_mailbox",
        json!({ "address": address, "servers": servers, "password": null }),
    );
    assert_eq!(report["imap"]["status"], "ok", "{report}");
    app.call("forget_mailbox", json!({ "address": address }));
    let err = app
        .invoke(
            "main",
            "check_mailbox",
            json!({ "address": address, "servers": servers, "password": null }),
        )
        .expect_err("forgotten");
    assert_eq!(err["code"], "mailbox.password_missing");
}
