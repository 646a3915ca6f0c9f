//! `sendwell mailbox check` against the real test servers (tests/servers/): Dovecot IMAP/POP3
//! and Postfix submission with the test CA, certificate faults on 127.0.0.32-34, the keychain
//! in gnome-keyring. Every status a real server can produce is produced by one here.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;

use serde_json::Value;

#[cfg(target_os = "linux")]
#[path = "../../core/tests/support/keyring_lock.rs"]
mod keyring_lock;

/// The keyring is one shared thing: tests that use it run one at a time.
static KEYCHAIN: Mutex<()> = Mutex::new(());

/// What tests/servers/start.sh wrote to $RUN/env.
struct Servers {
    run: String,
    host: String,
    ca: String,
    user: String,
    password: String,
    pop_user: String,
    pop_password: String,
    imap_user: String,
    imap_password: String,
    wrong_host_ip: String,
    expired_ip: String,
    untrusted_ip: String,
    closed_port: String,
    keyring_password: String,
    keyring_home: String,
    log_dir: String,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The test servers, or `None` (skipped, saying why; in CI a failure).
fn servers() -> Option<Servers> {
    let get = || -> Option<Servers> {
        Some(Servers {
            run: var("SENDWELL_TEST_RUN")?,
            host: var("SENDWELL_TEST_MAIL_HOST")?,
            ca: var("SENDWELL_TEST_CA")?,
            user: var("SENDWELL_TEST_USER")?,
            password: var("SENDWELL_TEST_PASSWORD")?,
            pop_user: var("SENDWELL_TEST_POP3_ONLY_USER")?,
            pop_password: var("SENDWELL_TEST_POP3_ONLY_PASSWORD")?,
            imap_user: var("SENDWELL_TEST_IMAP_ONLY_USER")?,
            imap_password: var("SENDWELL_TEST_IMAP_ONLY_PASSWORD")?,
            wrong_host_ip: var("SENDWELL_TEST_WRONG_HOST_IP")?,
            expired_ip: var("SENDWELL_TEST_EXPIRED_IP")?,
            untrusted_ip: var("SENDWELL_TEST_UNTRUSTED_IP")?,
            closed_port: var("SENDWELL_TEST_CLOSED_PORT")?,
            keyring_password: var("SENDWELL_TEST_KEYRING_PASSWORD")?,
            keyring_home: var("SENDWELL_TEST_KEYRING_HOME")?,
            log_dir: var("SENDWELL_TEST_LOG_DIR")?,
        })
    };
    let found = get();
    if found.is_none() {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty());
        assert!(!in_ci, "CI is set but the mail test servers' env is not: source $RUN/env from tests/servers/start.sh");
        eprintln!("skipped: the mail test servers' env (SENDWELL_TEST_MAIL_HOST, ...) is not set; run `make test` or source $RUN/env");
    }
    found
}

/// Deletes a temporary directory when the test ends, also when it fails.
struct RemoveOnDrop(std::path::PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Stops a helper process when the test ends, also when it fails.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Run sendwell with `stdin`; extra env pairs.
fn sendwell(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sendwell"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("sendwell runs");
    if let Some(mut input) = child.stdin.take() {
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).expect("write stdin");
        }
    }
    child.wait_with_output().expect("sendwell finishes")
}

/// `mailbox check --json` with the password on stdin and the test CA; returns (exit, JSON).
fn check(
    s: &Servers,
    user: &str,
    password: &str,
    imap: &str,
    pop3: &str,
    smtp: &str,
) -> (i32, Value) {
    let out = sendwell(
        &[
            "mailbox",
            "check",
            user,
            "--imap",
            imap,
            "--pop3",
            pop3,
            "--smtp",
            smtp,
            "--ca-file",
            &s.ca,
            "--password-stdin",
            "--json",
            "--timeout",
            "10",
        ],
        Some(&format!("{password}\n")),
        &[],
    );
    (out.status.code().unwrap_or(-1), json(&out))
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn at(host: &str, port: impl std::fmt::Display) -> String {
    format!("{host}:{port}")
}

fn ids(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn status(report: &Value, protocol: &str) -> String {
    report[protocol]["status"]
        .as_str()
        .unwrap_or("?")
        .to_owned()
}

#[test]
fn ready_when_imap_and_smtp_work_and_pop3_is_off() {
    let Some(s) = servers() else { return };
    let (code, r) = check(
        &s,
        &s.imap_user,
        &s.imap_password,
        &at(&s.host, 993),
        &at(&s.host, 995),
        &at(&s.host, 465),
    );
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["summary"], "Ready: IMAP works, SMTP works, POP3 is off");
    assert_eq!(r["verdict"], "ready");
    for (p, port, security) in [
        ("imap", 993, "tls"),
        ("pop3", 995, "tls"),
        ("smtp", 465, "tls"),
    ] {
        assert_eq!(r[p]["host"], s.host.as_str(), "{p}");
        assert_eq!(r[p]["port"], port, "{p}");
        assert_eq!(r[p]["security"], security, "{p}");
    }
    assert_eq!(status(&r, "imap"), "ok");
    assert_eq!(status(&r, "smtp"), "ok");
    assert_eq!(status(&r, "pop3"), "disabled", "{:#}", r["pop3"]);
    let before = r["imap"]["capabilities_before_login"].to_string();
    assert!(before.contains("AUTH=PLAIN"), "{before}");
    assert!(!r["imap"]["capabilities_after_login"]
        .as_array()
        .is_some_and(Vec::is_empty));
    assert!(r["imap"]["inbox_messages"].is_number());
    assert!(r["findings"].is_array());
}

#[test]
fn pop3_on_is_a_warning_that_explains_lost_replies() {
    let Some(s) = servers() else { return };
    let (code, r) = check(
        &s,
        &s.user,
        &s.password,
        &s.host,
        &s.host,
        &at(&s.host, 465),
    );
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(
        r["summary"],
        "Not ready: IMAP works, SMTP works, POP3 is on (see the warning)"
    );
    assert_eq!(status(&r, "pop3"), "ok");
    let f = r["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["id"] == "mailbox.pop3.enabled"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(f["severity"], "warning");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("disappear")),
        "{f}"
    );
    // example.test's MX is Google: the fix names Gmail's POP switch and links to it.
    assert!(
        f["fix"]
            .as_str()
            .is_some_and(|m| m.contains("Disable POP") && m.contains("https://")),
        "{f}"
    );
}

#[test]
fn starttls_ports_work_and_say_so() {
    let Some(s) = servers() else { return };
    let (code, r) = check(
        &s,
        &s.user,
        &s.password,
        &at(&s.host, 143),
        &at(&s.host, 110),
        &at(&s.host, 587),
    );
    assert_eq!(code, 1, "POP3 is on for this user: {r:#}");
    for p in ["imap", "pop3", "smtp"] {
        assert_eq!(status(&r, p), "ok", "{p}: {:#}", r[p]);
        assert_eq!(r[p]["security"], "starttls", "{p}");
        assert_eq!(r[p]["password_sent"], true);
    }
}

#[test]
fn wrong_password_is_auth_failed_everywhere() {
    let Some(s) = servers() else { return };
    let (code, r) = check(
        &s,
        &s.user,
        "not-the-password",
        &s.host,
        &s.host,
        &at(&s.host, 587),
    );
    assert_eq!(code, 1, "{r:#}");
    for p in ["imap", "pop3", "smtp"] {
        assert_eq!(status(&r, p), "auth_failed", "{p}: {:#}", r[p]);
        assert_eq!(r[p]["auth_cause"], "wrong_password", "{p}");
    }
    assert!(ids(&r).contains(&"mailbox.imap.auth_failed".to_owned()));
    assert!(
        ids(&r).contains(&"mailbox.provider_step".to_owned()),
        "the provider's app-password step"
    );
}

#[test]
fn imap_off_for_the_pop3_only_user() {
    let Some(s) = servers() else { return };
    let (code, r) = check(
        &s,
        &s.pop_user,
        &s.pop_password,
        &s.host,
        &s.host,
        &at(&s.host, 465),
    );
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(status(&r, "imap"), "disabled", "{:#}", r["imap"]);
    assert_eq!(status(&r, "pop3"), "ok");
    assert_eq!(status(&r, "smtp"), "ok");
    assert!(r["imap"]["server_said"]
        .as_str()
        .is_some_and(|t| t.contains("CONTACTADMIN")));
    assert!(ids(&r).contains(&"mailbox.imap.disabled".to_owned()));
}

#[test]
fn certificate_problems_are_named_and_no_password_is_sent() {
    let Some(s) = servers() else { return };
    let (code, r) = check(
        &s,
        &s.user,
        &s.password,
        &at(&s.wrong_host_ip, 993),
        &at(&s.expired_ip, 995),
        &at(&s.wrong_host_ip, 465),
    );
    assert_eq!(code, 1, "{r:#}");
    for (p, problem) in [
        ("imap", "wrong_host"),
        ("pop3", "expired"),
        ("smtp", "wrong_host"),
    ] {
        assert_eq!(status(&r, p), "tls_error", "{p}: {:#}", r[p]);
        assert_eq!(r[p]["tls_problem"], problem, "{p}");
        assert_eq!(r[p]["password_sent"], false, "{p}");
    }
    let (_, r) = check(
        &s,
        &s.user,
        &s.password,
        &at(&s.untrusted_ip, 993),
        &at(&s.untrusted_ip, 110),
        &at(&s.expired_ip, 993),
    );
    assert_eq!(r["imap"]["tls_problem"], "untrusted", "{:#}", r["imap"]);
    assert_eq!(
        r["pop3"]["tls_problem"], "untrusted",
        "STLS then a bad certificate: {:#}",
        r["pop3"]
    );
}

#[test]
fn the_test_ca_must_be_given_explicitly() {
    let Some(s) = servers() else { return };
    let out = sendwell(
        &[
            "mailbox",
            "check",
            &s.user,
            "--imap",
            &at(&s.host, 993),
            "--pop3",
            &at(&s.host, 995),
            "--smtp",
            &at(&s.host, 587),
            "--password-stdin",
            "--json",
        ],
        Some(&s.password),
        &[],
    );
    let r = json(&out);
    for p in ["imap", "pop3", "smtp"] {
        assert_eq!(status(&r, p), "tls_error", "{p}: {:#}", r[p]);
        assert_eq!(r[p]["tls_problem"], "untrusted", "{p}");
        assert_eq!(r[p]["password_sent"], false);
    }
}

#[test]
fn smtp_without_starttls_is_a_downgrade_risk() {
    let Some(s) = servers() else { return };
    let (code, r) = check(
        &s,
        &s.imap_user,
        &s.imap_password,
        &s.host,
        &s.host,
        &at(&s.wrong_host_ip, 587),
    );
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(status(&r, "smtp"), "downgrade_risk", "{:#}", r["smtp"]);
    assert_eq!(r["smtp"]["password_sent"], false);
    assert!(ids(&r).contains(&"mailbox.smtp.downgrade_risk".to_owned()));
}

#[test]
fn a_closed_port_is_unreachable_and_exit_3() {
    let Some(s) = servers() else { return };
    let (code, r) = check(
        &s,
        &s.user,
        &s.password,
        &at(&s.host, &s.closed_port),
        &s.host,
        &at(&s.host, 465),
    );
    assert_eq!(code, 3, "{r:#}");
    assert_eq!(status(&r, "imap"), "unreachable", "{:#}", r["imap"]);
    assert_eq!(r["verdict"], "incomplete");
    assert!(r["summary"]
        .as_str()
        .is_some_and(|t| t.starts_with("Could not finish")));
}

#[test]
fn bad_input_is_exit_2_with_a_code() {
    let Some(s) = servers() else { return };
    let not_pem = format!("{}/env", s.run);
    for (args, stdin, code) in [
        (
            vec![
                "mailbox",
                "check",
                "example.test",
                "--password-stdin",
                "--json",
            ],
            "x\n",
            "mailbox.address_invalid",
        ),
        (
            vec![
                "mailbox",
                "check",
                "a@example.test",
                "--imap",
                "host:0",
                "--password-stdin",
                "--json",
            ],
            "x\n",
            "mailbox.server_invalid",
        ),
        (
            vec![
                "mailbox",
                "check",
                "a@example.test",
                "--smtp",
                "bad host",
                "--password-stdin",
                "--json",
            ],
            "x\n",
            "mailbox.server_invalid",
        ),
        (
            vec![
                "mailbox",
                "check",
                "a@example.test",
                "--ca-file",
                "/nonexistent.pem",
                "--password-stdin",
                "--json",
            ],
            "x\n",
            "tls.ca_file",
        ),
        (
            vec![
                "mailbox",
                "check",
                "a@example.test",
                "--ca-file",
                not_pem.as_str(),
                "--password-stdin",
                "--json",
            ],
            "x\n",
            "tls.ca_file",
        ),
        (
            vec![
                "mailbox",
                "check",
                "a@example.test",
                "--imap",
                "127.0.0.31",
                "--password-stdin",
                "--json",
            ],
            "",
            "mailbox.password_missing",
        ),
    ] {
        let out = sendwell(&args, Some(stdin), &[]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(json(&out)["error"]["code"], code, "{args:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
    }
}

fn secret_tool(args: &[&str]) -> String {
    let out = Command::new("secret-tool")
        .args(args)
        .output()
        .expect("secret-tool (libsecret-tools)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn save_then_check_again_with_the_keychain_password() {
    let Some(s) = servers() else { return };
    let _guard = KEYCHAIN.lock().unwrap_or_else(|e| e.into_inner());
    let _ = secret_tool(&["clear", "service", "Sendwell", "username", &s.imap_user]);
    let args = [
        "mailbox",
        "check",
        &s.imap_user,
        "--imap",
        &s.host,
        "--pop3",
        &s.host,
        "--smtp",
        &at(&s.host, 465),
        "--ca-file",
        &s.ca,
        "--json",
    ];
    let mut with_save = args.to_vec();
    with_save.extend(["--password-stdin", "--save"]);
    let out = sendwell(&with_save, Some(&s.imap_password), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = json(&out);
    assert_eq!(r["password"]["saved"], true, "{:#}", r["password"]);
    // From outside: the password is in gnome-keyring, service Sendwell, account = address.
    assert_eq!(
        secret_tool(&["lookup", "service", "Sendwell", "username", &s.imap_user]),
        s.imap_password
    );
    // Later: no --password-stdin, the keychain provides it.
    let out = sendwell(&args, None, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = json(&out);
    assert_eq!(r["password"]["source"], "keychain");
    assert_eq!(status(&r, "imap"), "ok");
    let _ = secret_tool(&["clear", "service", "Sendwell", "username", &s.imap_user]);
    // And with nothing saved it is bad input that says what to do.
    let out = sendwell(&args, None, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["error"]["code"], "mailbox.password_missing");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--password-stdin"));
}

#[test]
fn a_wrong_password_is_not_saved() {
    let Some(s) = servers() else { return };
    let _guard = KEYCHAIN.lock().unwrap_or_else(|e| e.into_inner());
    let out = sendwell(
        &[
            "mailbox",
            "check",
            &s.pop_user,
            "--imap",
            &s.host,
            "--pop3",
            &s.host,
            "--smtp",
            &at(&s.host, 465),
            "--ca-file",
            &s.ca,
            "--json",
            "--password-stdin",
            "--save",
        ],
        Some("wrong-password-never-saved"),
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["password"]["saved"], false);
    assert_eq!(
        secret_tool(&["lookup", "service", "Sendwell", "username", &s.pop_user]),
        ""
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_locked_keychain_is_exit_3() {
    let Some(s) = servers() else { return };
    let _guard = KEYCHAIN.lock().unwrap_or_else(|e| e.into_inner());
    keyring_lock::unlock(&s.keyring_password);
    let store = Command::new("secret-tool")
        .args([
            "store",
            "--label=locked test",
            "service",
            "Sendwell",
            "username",
            &s.user,
        ])
        .stdin(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin
                .take()
                .map(|mut i| i.write_all(s.password.as_bytes()));
            c.wait()
        })
        .expect("secret-tool store");
    assert!(store.success());
    keyring_lock::lock();
    let read = sendwell(
        &[
            "mailbox",
            "check",
            &s.user,
            "--imap",
            &s.host,
            "--ca-file",
            &s.ca,
            "--json",
        ],
        None,
        &[],
    );
    let save = sendwell(
        &[
            "mailbox",
            "check",
            &s.imap_user,
            "--imap",
            &s.host,
            "--pop3",
            &s.host,
            "--smtp",
            &at(&s.host, 465),
            "--ca-file",
            &s.ca,
            "--json",
            "--password-stdin",
            "--save",
        ],
        Some(&s.imap_password),
        &[],
    );
    keyring_lock::unlock(&s.keyring_password);
    let _ = secret_tool(&["clear", "service", "Sendwell", "username", &s.user]);
    assert_eq!(
        read.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    assert_eq!(json(&read)["error"]["code"], "keychain.locked");
    assert!(String::from_utf8_lossy(&read.stderr).contains("Unlock"));
    assert_eq!(
        save.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&save.stderr)
    );
    assert!(String::from_utf8_lossy(&save.stderr).contains("keychain is locked"));
    assert_eq!(json(&save)["password"]["saved"], false);
}

/// Add a mailbox with `password` to the running Dovecot (passwd-file is re-read on change).
fn add_dovecot_user(s: &Servers, user: &str, password: &str) {
    let mut hash = Command::new("openssl")
        .args(["passwd", "-6", "-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("openssl");
    hash.stdin
        .take()
        .map(|mut i| i.write_all(password.as_bytes()));
    let hash = String::from_utf8_lossy(&hash.wait_with_output().expect("openssl").stdout)
        .trim()
        .to_owned();
    let dir = format!("{}/dovecot", s.run);
    let local = user.split('@').next().unwrap_or(user);
    let append = |file: &str, line: String| {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(format!("{dir}/{file}"))
            .expect("open");
        f.write_all(line.as_bytes()).expect("append");
    };
    append(
        "users",
        format!(
            "{user}::65534:65534::{}/mail/example.test/{local}::\n",
            s.run
        ),
    );
    for p in ["passdb.imap", "passdb.pop3", "passdb.smtp"] {
        append(p, format!("{user}:{{SHA512-CRYPT}}{hash}::::::\n"));
    }
    // Dovecot stats a passwd-file at most once per second (then reloads it if its size or
    // mtime changed): a lookup earlier in this second would not see the new line yet.
    std::thread::sleep(std::time::Duration::from_millis(1100));
}

fn files_containing(dir: &std::path::Path, needle: &[u8], found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_containing(&p, needle, found);
        } else if let Ok(bytes) = std::fs::read(&p) {
            if bytes.windows(needle.len()).any(|w| w == needle) {
                found.push(p.display().to_string());
            }
        }
    }
}

#[test]
fn the_password_appears_nowhere_but_the_keychain() {
    let Some(s) = servers() else { return };
    let _guard = KEYCHAIN.lock().unwrap_or_else(|e| e.into_inner());
    let unique = format!(
        "Hyg-{}-{}-q7",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    );
    let user = format!("hygiene{}@example.test", std::process::id());
    add_dovecot_user(&s, &user, &unique);
    let home = std::env::temp_dir().join(format!("sendwell-hygiene-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("temp home");
    let _cleanup = RemoveOnDrop(home.clone());
    let h = home.display().to_string();
    let env = [
        ("HOME", h.as_str()),
        ("XDG_DATA_HOME", h.as_str()),
        ("XDG_CONFIG_HOME", h.as_str()),
        ("XDG_STATE_HOME", h.as_str()),
        ("XDG_CACHE_HOME", h.as_str()),
        ("RUST_LOG", "trace"),
        ("RUST_BACKTRACE", "1"),
    ];
    let mut outputs = Vec::new();
    for extra in [vec!["--json"], vec![]] {
        let mut args = vec![
            "mailbox",
            "check",
            &user,
            "--imap",
            &s.host,
            "--pop3",
            &s.host,
            "--smtp",
            "127.0.0.31:587",
            "--ca-file",
            &s.ca,
            "--password-stdin",
            "--save",
        ];
        args.extend(extra);
        let out = sendwell(&args, Some(&format!("{unique}\n")), &env);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        outputs.push(out);
    }
    // Also a failing run (wrong server certificate) and a keychain read, for their messages.
    outputs.push(sendwell(
        &[
            "mailbox",
            "check",
            &user,
            "--imap",
            &at(&s.wrong_host_ip, 993),
            "--ca-file",
            &s.ca,
        ],
        None,
        &env,
    ));
    let stored = secret_tool(&["lookup", "service", "Sendwell", "username", &user]);
    let _ = secret_tool(&["clear", "service", "Sendwell", "username", &user]);
    assert_eq!(stored, unique, "the password was saved in the keychain");
    let needle = unique.as_bytes();
    for out in &outputs {
        for (name, stream) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !stream.windows(needle.len()).any(|w| w == needle),
                "password in {name}: {}",
                String::from_utf8_lossy(stream)
            );
        }
        assert!(!out.stdout.is_empty());
    }
    let mut found = Vec::new();
    files_containing(std::path::Path::new(&s.log_dir), needle, &mut found);
    files_containing(&home, needle, &mut found);
    files_containing(std::path::Path::new(&s.keyring_home), needle, &mut found);
    let _ = std::fs::remove_dir_all(&home);
    assert!(found.is_empty(), "the password is in: {found:?}");
}

/// Message files of a maildir as (unique name, flags, folder): flags are the `:2,` suffix.
fn maildir_snapshot(dir: &std::path::Path) -> Vec<(String, String, &'static str)> {
    let mut out = Vec::new();
    for folder in ["new", "cur"] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let (id, flags) = name.split_once(":2,").unwrap_or((name.as_str(), ""));
            out.push((id.to_owned(), flags.to_owned(), folder));
        }
    }
    out.sort();
    out
}

/// Drop an unread message into the test user's new/ (as Postfix would); returns its name.
fn deliver_unread(maildir: &std::path::Path, tag: &str) -> String {
    let name = format!("{}.sendwell-{tag}.vm", std::process::id());
    let file = maildir.join("new").join(&name);
    std::fs::write(
        &file,
        "From: a@example.test\r\nSubject: untouched\r\n\r\nhello\r\n",
    )
    .expect("write message");
    std::os::unix::fs::chown(&file, Some(65534), Some(65534)).expect("chown to the mail user");
    name
}

#[test]
fn a_full_check_changes_nothing_in_the_mailbox() {
    let Some(s) = servers() else { return };
    let Some(mail_dir) = var("SENDWELL_TEST_MAIL_DIR") else {
        return;
    };
    // A mailbox of its own, so that no other test's POP3 login touches it meanwhile. The first
    // login creates it; then an unread message arrives.
    let user = format!("maildir{}@example.test", std::process::id());
    let password = format!("Maildir-{}-pw", std::process::id());
    add_dovecot_user(&s, &user, &password);
    let full = |s: &Servers| check(s, &user, &password, &s.host, &s.host, &at(&s.host, 465));
    let _ = full(&s);
    let local = user.split('@').next().unwrap_or_default();
    let maildir = std::path::Path::new(&mail_dir).join(format!("example.test/{local}/Maildir"));
    let closed = at(&s.host, &s.closed_port);

    // IMAP alone (EXAMINE, read-only): not even new/ -> cur/ changes.
    let name = deliver_unread(&maildir, "imap");
    let before = maildir_snapshot(&maildir);
    let (_, r) = check(&s, &user, &password, &s.host, &closed, &closed);
    assert_eq!(status(&r, "imap"), "ok", "{:#}", r["imap"]);
    assert_eq!(
        maildir_snapshot(&maildir),
        before,
        "IMAP changed the maildir"
    );
    assert!(before
        .iter()
        .any(|(id, _, folder)| *id == name && *folder == "new"));

    // The full check (IMAP + POP3 + SMTP): no message removed or added, no flag set. (A POP3
    // login makes Dovecot move new/ files to cur/ without flags: they stay unread.)
    let flags = |snap: Vec<(String, String, &'static str)>| -> Vec<(String, String)> {
        snap.into_iter().map(|(id, f, _)| (id, f)).collect()
    };
    let before = flags(maildir_snapshot(&maildir));
    let (_, r) = full(&s);
    for p in ["imap", "pop3", "smtp"] {
        assert_eq!(status(&r, p), "ok", "{p}: {:#}", r[p]);
    }
    assert_eq!(
        flags(maildir_snapshot(&maildir)),
        before,
        "messages or flags changed"
    );
}

#[test]
fn a_non_ascii_password_logs_in_with_authenticate_plain() {
    let Some(s) = servers() else { return };
    let user = format!("utf8-{}@example.test", std::process::id());
    let password = "Pässwörd-ünïcode-☃-42";
    add_dovecot_user(&s, &user, password);
    let (code, r) = check(&s, &user, password, &s.host, &s.host, &at(&s.host, 465));
    assert_eq!(code, 1, "POP3 is on for this user: {r:#}");
    for p in ["imap", "pop3", "smtp"] {
        assert_eq!(status(&r, p), "ok", "{p}: {:#}", r[p]);
    }
}

/// A private session bus without a Secret Service: `answering` makes the bus itself reply
/// (ServiceUnknown); otherwise method calls are never answered (a keychain that hangs).
fn bus_without_secret_service(
    dir: &std::path::Path,
    answering: bool,
) -> (std::process::Child, String) {
    std::fs::create_dir_all(dir).expect("temp dir");
    let conf = dir.join("bus.conf");
    let eavesdrop = if answering {
        r#"<allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>"#
    } else {
        r#"<allow send_destination="*"/>"#
    };
    std::fs::write(
        &conf,
        format!(
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path={}/bus</listen><auth>EXTERNAL</auth>
<policy context="default">{eavesdrop}<allow own="*"/></policy></busconfig>"#,
            dir.display()
        ),
    )
    .expect("bus config");
    let daemon = Command::new("dbus-daemon")
        .args(["--nofork", "--config-file"])
        .arg(&conf)
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon");
    for _ in 0..100 {
        if dir.join("bus").exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    (daemon, format!("unix:path={}/bus", dir.display()))
}

#[test]
fn a_missing_keychain_is_exit_3_never_a_fallback() {
    let Some(s) = servers() else { return };
    let base = std::env::temp_dir().join(format!("sendwell-nobus-{}", std::process::id()));
    let _cleanup = RemoveOnDrop(base.clone());
    let (empty, empty_bus) = bus_without_secret_service(&base.join("empty"), true);
    let empty = KillOnDrop(empty);
    let (silent, silent_bus) = bus_without_secret_service(&base.join("silent"), false);
    let silent = KillOnDrop(silent);
    let home = base.join("home");
    std::fs::create_dir_all(&home).expect("home");
    let h = home.display().to_string();
    let saving = sendwell(
        &[
            "mailbox",
            "check",
            &s.imap_user,
            "--imap",
            &s.host,
            "--pop3",
            &s.host,
            "--smtp",
            &at(&s.host, 465),
            "--ca-file",
            &s.ca,
            "--json",
            "--password-stdin",
            "--save",
        ],
        Some(&s.imap_password),
        &[
            ("DBUS_SESSION_BUS_ADDRESS", empty_bus.as_str()),
            ("HOME", h.as_str()),
            ("XDG_DATA_HOME", h.as_str()),
        ],
    );
    let reading = sendwell(
        &[
            "mailbox",
            "check",
            &s.user,
            "--imap",
            &s.host,
            "--ca-file",
            &s.ca,
            "--json",
        ],
        None,
        &[("DBUS_SESSION_BUS_ADDRESS", empty_bus.as_str())],
    );
    let no_bus = sendwell(
        &["mailbox", "check", &s.user, "--imap", &s.host, "--json"],
        None,
        &[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/sendwell-test-bus",
        )],
    );
    let started = std::time::Instant::now();
    let hanging = sendwell(
        &["mailbox", "check", &s.user, "--imap", &s.host, "--json"],
        None,
        &[("DBUS_SESSION_BUS_ADDRESS", silent_bus.as_str())],
    );
    let waited = started.elapsed();
    drop((empty, silent));
    let mut leftovers = Vec::new();
    files_containing(&base, s.imap_password.as_bytes(), &mut leftovers);
    let _ = std::fs::remove_dir_all(&base);
    for out in [&reading, &no_bus, &hanging] {
        assert_eq!(
            out.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(json(out)["error"]["code"], "keychain.unavailable");
        assert!(String::from_utf8_lossy(&out.stderr).contains("never falls back"));
    }
    assert!(
        waited < std::time::Duration::from_secs(15),
        "a hanging keychain took {waited:?}"
    );
    assert_eq!(
        saving.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&saving.stderr)
    );
    assert_eq!(json(&saving)["password"]["saved"], false);
    assert!(String::from_utf8_lossy(&saving.stderr).contains("keychain cannot be reached"));
    assert!(
        leftovers.is_empty(),
        "the password was written to {leftovers:?}"
    );
}
