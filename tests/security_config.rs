//! The security baseline, read from the files that define it: the main window's capability grants
//! only the app's own commands and scoped plugin permissions, the CSP is strict, nothing remote.

use std::fs;
use std::path::Path;

use serde_json::Value;

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn config() -> Value {
    read_json(&root().join("tauri.conf.json"))
}

/// Permissions the UI may be granted; anything else (e.g. `fs:default`, `shell:*`) fails the test.
const ALLOWED_PERMISSIONS: &[&str] = &[
    "allow-check-domain",
    "allow-load-session",
    "allow-open-domain",
    "allow-save-step",
    "allow-save-choices",
    "allow-leave-domain",
    "allow-list-providers",
    "allow-list-registrars",
    "allow-build-plan",
    "allow-export-plan",
    "allow-export-dkim-key",
    "allow-open-dns-page",
    "allow-start-watch",
    "allow-cancel-watch",
    "allow-discover-mailbox",
    "allow-check-mailbox",
    "allow-forget-mailbox",
    "clipboard-manager:allow-write-text",
];

#[test]
fn csp_is_strict() {
    let security = &config()["app"]["security"];
    let csp = security["csp"]
        .as_object()
        .expect("app.security.csp must be set as an object");
    for directive in [
        "default-src",
        "script-src",
        "style-src",
        "connect-src",
        "object-src",
    ] {
        assert!(csp.contains_key(directive), "CSP lacks {directive}");
    }
    for (directive, value) in csp {
        let value = value.as_str().expect("CSP values are strings");
        for bad in [
            "'unsafe-eval'",
            "'unsafe-inline'",
            "*",
            "http:",
            "https:",
            "data: 'self' *",
        ] {
            assert!(
                !value.split_whitespace().any(|v| v == bad),
                "CSP {directive} allows {bad}"
            );
        }
        for source in value.split_whitespace() {
            let remote = source.starts_with("http://") || source.starts_with("https://");
            assert!(
                !remote || source == "http://ipc.localhost",
                "CSP {directive} allows remote {source}"
            );
        }
    }
    assert_eq!(csp["object-src"].as_str(), Some("'none'"));
    assert_eq!(csp["script-src"].as_str(), Some("'self'"));
    if let Some(dev) = security["devCsp"].as_object() {
        for (directive, value) in dev {
            let value = value.as_str().unwrap_or_default();
            assert!(
                !value.contains("'unsafe-eval'"),
                "devCsp {directive} allows unsafe-eval"
            );
        }
    }
    assert_ne!(
        security["dangerousDisableAssetCspModification"],
        Value::Bool(true)
    );
}

#[test]
fn no_remote_content_and_no_global_tauri() {
    let config = config();
    assert_eq!(config["app"]["withGlobalTauri"], Value::Bool(false));
    for window in config["app"]["windows"].as_array().expect("windows listed") {
        if let Some(url) = window["url"].as_str() {
            assert!(
                !url.contains("://"),
                "window {} loads remote {url}",
                window["label"]
            );
        }
    }
    let dist = config["build"]["frontendDist"]
        .as_str()
        .expect("frontendDist set");
    assert!(
        !dist.contains("://"),
        "frontendDist must be local files, not {dist}"
    );
    let dev = config["build"]["devUrl"]
        .as_str()
        .unwrap_or("http://127.0.0.1:");
    let local = dev.starts_with("http://127.0.0.1:") || dev.starts_with("http://localhost:");
    assert!(local, "devUrl must be the local dev server, not {dev}");
}

#[test]
fn capabilities_are_narrow() {
    let dir = root().join("capabilities");
    let mut seen = 0;
    for entry in fs::read_dir(&dir).expect("capabilities/ exists") {
        let path = entry.expect("dir entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        seen += 1;
        let cap = read_json(&path);
        let windows = cap["windows"]
            .as_array()
            .expect("capability names its windows");
        assert!(!windows.is_empty());
        for w in windows {
            let w = w.as_str().expect("window label");
            assert!(!w.contains('*'), "{}: wildcard window {w}", path.display());
        }
        assert!(
            cap.get("remote").is_none(),
            "{}: grants to remote URLs",
            path.display()
        );
        assert!(cap
            .get("webviews")
            .is_none_or(|w| !w.to_string().contains('*')));
        for p in cap["permissions"].as_array().expect("permissions listed") {
            let id = p
                .as_str()
                .or_else(|| p["identifier"].as_str())
                .expect("permission id");
            assert!(
                !id.contains('*'),
                "{}: wildcard permission {id}",
                path.display()
            );
            assert!(
                !id.starts_with("shell:"),
                "{}: the shell plugin is not allowed",
                path.display()
            );
            assert!(
                !id.ends_with(":default") || id == "core:default",
                "{}: unscoped {id}",
                path.display()
            );
            assert!(
                ALLOWED_PERMISSIONS.contains(&id),
                "{}: {id} is not on the allow-list",
                path.display()
            );
        }
    }
    assert!(seen > 0, "no capability files found");
    let config = config();
    let listed = config["app"]["security"]["capabilities"]
        .as_array()
        .expect("capabilities listed explicitly");
    assert!(!listed.is_empty());
}

#[test]
fn no_shell_plugin_dependency() {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
    assert!(
        !manifest.contains("tauri-plugin-shell"),
        "the shell plugin must not be a dependency"
    );
}
