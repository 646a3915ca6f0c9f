//! The store's tests: migrations from every older version, round-trips of every row kind, the
//! capped history, files moved aside (damaged, newer, foreign), unwritable folders.
//! The kill-during-a-write test is the integration test `tests/store_kill.rs`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use rusqlite::Connection;
use serde_json::{json, Value};

use super::migrations::{self, Migration, APPLICATION_ID, MIGRATIONS};
use super::*;
use crate::finding::Status;
use crate::plan::PlanChoices;
use crate::propagation::{PairStatus, Role, SavedPair, SavedRecord, SavedWatch, State};
use crate::records::dkim::KeyAlgorithm;

/// A folder of its own under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!(
            "sendwell-store-{name}-{}-{nanos}-{n}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("make the test folder");
        TempDir(dir)
    }

    fn db(&self) -> PathBuf {
        self.0.join(FILE_NAME)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const NOW: u64 = 1_800_000_000;

fn open_clean(dir: &Path) -> Store {
    let opened = Store::open_at(dir, NOW).expect("opens");
    assert_eq!(opened.notice, None, "no notice for a healthy folder");
    opened.store
}

fn pragma_text(store: &Store, name: &str) -> String {
    store
        .conn()
        .query_row(&format!("PRAGMA {name}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .expect("pragma")
}

/// Every table's and index's SQL, sorted: what "the same schema" means.
fn schema(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema ORDER BY 1",
        )
        .expect("schema query");
    let rows = stmt.query_map([], |r| r.get(0)).expect("schema rows");
    rows.collect::<rusqlite::Result<_>>().expect("schema")
}

fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

/// A database file at `user_version` `version`, made by the first `version` migrations.
fn database_at(path: &Path, list: &[Migration]) {
    let mut conn = Connection::open(path).expect("open");
    configure(&conn, true).expect("configure");
    migrations::migrate(&mut conn, list).expect("migrate");
}

fn choices() -> PlanChoices {
    serde_json::from_value(json!({
        "providers": ["google-workspace"],
        "ips": ["203.0.113.7"],
        "spf_fail_all": true,
        "dkim": {"generate": true, "selector": "sw1", "algorithm": "ed25519"},
        "dmarc": {"policy": "quarantine", "rua": ["mailto:dmarc@example.com"]},
        "extras": {"tls_rpt": ["mailto:tls@example.com"], "provider_mx": true},
        "registrar": "cloudflare",
        "ttl": 300,
        "start": "2026-12-01"
    }))
    .expect("choices JSON")
}

fn saved_watch(domain: &str) -> SavedWatch {
    SavedWatch {
        version: crate::propagation::STATE_VERSION,
        domain: domain.into(),
        started: NOW,
        saved: NOW + 5,
        records: vec![SavedRecord {
            record: format!("TXT _dmarc.{domain}"),
            content: "v=DMARC1; p=none".into(),
            servers: vec![SavedPair {
                server: "ns1 (192.0.2.53)".into(),
                role: Role::Authoritative,
                status: PairStatus {
                    state: State::Live,
                    detail: "live".into(),
                    problem: None,
                    fix: None,
                    error: None,
                    eta_at: None,
                    since: NOW + 1,
                    checked: NOW + 4,
                },
            }],
        }],
    }
}

fn mailbox(address: &str, domain: &str, verdict: &str) -> MailboxRow {
    MailboxRow {
        address: address.into(),
        domain: domain.into(),
        servers: MailServers {
            imap: Some("imap.example.com:993".into()),
            pop3: None,
            smtp: Some("smtp.example.com".into()),
        },
        report: Some(json!({"address": address, "verdict": verdict, "summary": "Ready"})),
        checked_at: Some(NOW + 30),
    }
}

// --- opening and migrations -------------------------------------------------------------------

#[test]
fn store_migrations_are_numbered_from_one_in_order() {
    for (i, m) in MIGRATIONS.iter().enumerate() {
        assert_eq!(
            m.version as usize,
            i + 1,
            "migration {i} has the wrong version"
        );
        assert!(!m.sql.trim().is_empty());
    }
    assert_eq!(schema_version() as usize, MIGRATIONS.len());
}

#[test]
fn store_file_has_wal_full_sync_and_foreign_keys() {
    let dir = TempDir::new("pragmas");
    let store = open_clean(&dir.0);
    for (pragma, want) in [
        ("journal_mode", "wal"),
        ("synchronous", "2"),
        ("foreign_keys", "1"),
        ("busy_timeout", "5000"),
        ("application_id", &APPLICATION_ID.to_string()),
        ("user_version", &schema_version().to_string()),
    ] {
        assert_eq!(pragma_text(&store, pragma), want, "PRAGMA {pragma}");
    }
    let memory = Store::in_memory().expect("in memory");
    assert_eq!(pragma_text(&memory, "foreign_keys"), "1");
    assert_eq!(pragma_text(&memory, "synchronous"), "2");
}

/// From no file, an empty file, and a database at every older version: the same schema as a
/// fresh one, at the newest version, with nothing to report.
#[test]
fn store_every_migration_from_an_empty_file_and_each_older_version() {
    let fresh = Store::in_memory().expect("fresh");
    let want = schema(&fresh.conn());
    let mut starts: Vec<(String, Option<usize>)> = vec![("no file".into(), None)];
    starts.extend((0..=MIGRATIONS.len()).map(|v| (format!("version {v}"), Some(v))));
    for (label, start) in starts {
        let dir = TempDir::new("migrate");
        match start {
            None => {}
            Some(0) => std::fs::write(dir.db(), b"").expect("empty file"),
            Some(v) => database_at(&dir.db(), &MIGRATIONS[..v]),
        }
        let store = open_clean(&dir.0);
        let conn = store.conn();
        assert_eq!(schema(&conn), want, "{label}: schema");
        assert_eq!(
            migrations::user_version(&conn).expect("version"),
            schema_version()
        );
        assert_eq!(integrity(&conn), "ok", "{label}");
    }
}

/// Each migration is all or nothing: one that fails leaves the version and schema before it.
#[test]
fn store_a_failed_migration_changes_nothing() {
    let mut conn = Connection::open_in_memory().expect("memory");
    configure(&conn, false).expect("configure");
    let before_version = migrations::migrate(&mut conn, MIGRATIONS).expect("migrate");
    let before = schema(&conn);
    let broken = Migration {
        version: before_version + 1,
        sql: "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);",
    };
    let list: Vec<Migration> = MIGRATIONS.iter().copied().chain([broken]).collect();
    assert!(migrations::migrate(&mut conn, &list).is_err());
    assert_eq!(migrations::user_version(&conn).expect("v"), before_version);
    assert_eq!(schema(&conn), before, "the half-done table was rolled back");
}

#[test]
fn store_reopened_keeps_everything() {
    let dir = TempDir::new("reopen");
    {
        let store = open_clean(&dir.0);
        store
            .save_checked(
                "example.com",
                "example.com",
                NOW,
                Status::Warn,
                &json!({"status": "warn"}),
            )
            .expect("check");
        store
            .save_step("example.com", StepId::Propagation, NOW + 1)
            .expect("step");
        store
            .save_choices("example.com", &choices(), NOW + 2)
            .expect("choices");
    }
    let store = open_clean(&dir.0);
    assert_eq!(
        store.current().expect("current").as_deref(),
        Some("example.com")
    );
    let row = store.domain("example.com").expect("read").expect("saved");
    assert_eq!(row.step, StepId::Propagation);
    assert_eq!(row.choices, choices());
    assert_eq!(
        store
            .last_check("example.com")
            .expect("read")
            .map(|c| c.status),
        Some(Status::Warn)
    );
}

// --- round-trips ------------------------------------------------------------------------------

#[test]
fn store_domain_round_trips() {
    let store = Store::in_memory().expect("store");
    assert_eq!(store.domains().expect("none"), vec![]);
    store
        .upsert_domain("xn--bcher-kva.example", "bücher.example", NOW)
        .expect("save");
    store
        .upsert_domain("example.com", "example.com", NOW + 10)
        .expect("save");
    let row = store
        .domain("xn--bcher-kva.example")
        .expect("read")
        .expect("saved");
    assert_eq!(
        row,
        DomainRow {
            domain: "xn--bcher-kva.example".into(),
            unicode: "bücher.example".into(),
            step: StepId::Domain,
            choices: PlanChoices::default(),
            plan: None,
            dkim: None,
            created_at: NOW,
            updated_at: NOW,
        }
    );
    assert_eq!(store.domain("nope.example").expect("read"), None);

    // Newest changed first; saving again keeps created_at and moves it to the top.
    let order = |s: &Store| -> Vec<String> {
        s.domains()
            .expect("list")
            .into_iter()
            .map(|d| d.domain)
            .collect()
    };
    assert_eq!(order(&store), ["example.com", "xn--bcher-kva.example"]);
    store
        .upsert_domain("xn--bcher-kva.example", "bücher.example", NOW + 20)
        .expect("again");
    assert_eq!(order(&store), ["xn--bcher-kva.example", "example.com"]);
    let row = store
        .domain("xn--bcher-kva.example")
        .expect("read")
        .expect("saved");
    assert_eq!((row.created_at, row.updated_at), (NOW, NOW + 20));

    for (i, step) in StepId::ALL.into_iter().enumerate() {
        store
            .save_step("example.com", step, NOW + 30 + i as u64)
            .expect("step");
        let back = store.domain("example.com").expect("read").expect("saved");
        assert_eq!(back.step, step);
        assert_eq!(StepId::parse(step.as_str()), Some(step));
        assert_eq!(
            serde_json::to_value(step).expect("json"),
            json!(step.as_str())
        );
    }

    store
        .save_choices("example.com", &choices(), NOW + 50)
        .expect("choices");
    let plan = json!({"domain": "example.com", "records": [{"type": "TXT"}, {"type": "MX"}]});
    store
        .save_plan("example.com", &plan, NOW + 51)
        .expect("plan");
    let back = store.domain("example.com").expect("read").expect("saved");
    assert_eq!(back.choices, choices());
    assert_eq!(back.plan, Some(plan));
    assert_eq!(back.updated_at, NOW + 51);
}

#[test]
fn store_domain_names_must_be_ascii_lowercase() {
    let store = Store::in_memory().expect("store");
    for bad in ["", "Example.com", "bücher.example", "a b.com"] {
        let err = store.upsert_domain(bad, bad, NOW).expect_err(bad);
        assert_eq!(err.code(), "store.failed", "{bad:?}");
    }
}

#[test]
fn store_current_domain_round_trips() {
    let store = Store::in_memory().expect("store");
    assert_eq!(store.current().expect("read"), None);
    store
        .upsert_domain("example.com", "example.com", NOW)
        .expect("save");
    store.set_current(Some("example.com")).expect("set");
    assert_eq!(
        store.current().expect("read").as_deref(),
        Some("example.com")
    );
    store.set_current(None).expect("clear");
    assert_eq!(store.current().expect("read"), None);
    let err = store
        .set_current(Some("unsaved.example"))
        .expect_err("unsaved");
    assert_eq!(err.code(), "internal");
}

#[test]
fn store_dkim_key_round_trips() {
    let store = Store::in_memory().expect("store");
    store
        .upsert_domain("example.com", "example.com", NOW)
        .expect("save");
    assert_eq!(store.dkim_key("example.com").expect("read"), None);
    for (i, algorithm) in [
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::Rsa4096,
        KeyAlgorithm::Ed25519,
    ]
    .into_iter()
    .enumerate()
    {
        let key = DkimKeyRow {
            selector: format!("sw{i}"),
            algorithm,
            public_b64: (i != 1).then(|| "MCowBQYDK2VwAyEA".to_owned()),
            created_at: NOW + i as u64,
        };
        store
            .save_dkim_key("example.com", &key, NOW + 10)
            .expect("save key");
        assert_eq!(store.dkim_key("example.com").expect("read"), Some(key));
    }
    store
        .clear_dkim_key("example.com", NOW + 20)
        .expect("clear");
    assert_eq!(store.dkim_key("example.com").expect("read"), None);
}

#[test]
fn store_checks_round_trip() {
    let store = Store::in_memory().expect("store");
    store
        .upsert_domain("example.com", "example.com", NOW)
        .expect("save");
    assert_eq!(store.last_check("example.com").expect("read"), None);
    let mut ids = Vec::new();
    for (i, status) in [Status::Fail, Status::Warn, Status::Pass]
        .into_iter()
        .enumerate()
    {
        let report = json!({"domain": "example.com", "status": status, "n": i});
        ids.push(
            store
                .record_check("example.com", NOW + i as u64, status, &report)
                .expect("record"),
        );
    }
    let all = store.checks("example.com", 10).expect("list");
    let statuses: Vec<Status> = all.iter().map(|c| c.status).collect();
    assert_eq!(
        statuses,
        [Status::Pass, Status::Warn, Status::Fail],
        "newest first"
    );
    assert_eq!(all[0].id, ids[2]);
    assert_eq!(all[0].report["n"], 2);
    assert_eq!(all[0].at, NOW + 2);
    assert_eq!(
        store.last_check("example.com").expect("read").as_ref(),
        all.first()
    );
    assert_eq!(store.checks("example.com", 2).expect("list").len(), 2);
    assert_eq!(
        store
            .domain("example.com")
            .expect("read")
            .expect("saved")
            .updated_at,
        NOW + 2,
        "a check counts as a change"
    );
}

#[test]
fn store_history_keeps_the_newest_50_per_domain() {
    let store = Store::in_memory().expect("store");
    store
        .upsert_domain("a.example", "a.example", NOW)
        .expect("save");
    store
        .upsert_domain("b.example", "b.example", NOW)
        .expect("save");
    store
        .record_check("b.example", NOW, Status::Pass, &json!({}))
        .expect("b");
    for i in 0..60u64 {
        store
            .record_check("a.example", NOW + i, Status::Warn, &json!({ "n": i }))
            .expect("record");
    }
    let kept = store.checks("a.example", 1000).expect("list");
    assert_eq!(kept.len(), HISTORY_LIMIT);
    let numbers: Vec<u64> = kept
        .iter()
        .map(|c| c.report["n"].as_u64().expect("n"))
        .collect();
    assert_eq!(
        numbers,
        (10..60).rev().collect::<Vec<_>>(),
        "the oldest ten went"
    );
    assert_eq!(
        store.checks("b.example", 10).expect("b").len(),
        1,
        "other domains keep theirs"
    );
}

#[test]
fn store_watch_round_trips() {
    let store = Store::in_memory().expect("store");
    store
        .upsert_domain("example.com", "example.com", NOW)
        .expect("save");
    assert_eq!(store.watch("example.com").expect("read"), None);
    for (i, outcome) in [
        WatchOutcome::Running,
        WatchOutcome::AllLive,
        WatchOutcome::Timeout,
        WatchOutcome::Cancelled,
    ]
    .into_iter()
    .enumerate()
    {
        let row = WatchRow {
            outcome,
            records_total: 3,
            records_live: i as u32,
            saved: (i % 2 == 0).then(|| saved_watch("example.com")),
            updated_at: NOW + i as u64,
        };
        store.save_watch("example.com", &row).expect("save");
        assert_eq!(store.watch("example.com").expect("read"), Some(row));
        assert_eq!(WatchOutcome::parse(outcome.as_str()), Some(outcome));
    }
    assert_eq!(
        WatchOutcome::from(crate::propagation::Outcome::AllLive),
        WatchOutcome::AllLive
    );
}

#[test]
fn store_mailbox_round_trips() {
    let store = Store::in_memory().expect("store");
    store
        .upsert_domain("example.com", "example.com", NOW)
        .expect("save");
    let first = mailbox("b@example.com", "example.com", "ready");
    let second = MailboxRow {
        servers: MailServers::default(),
        report: None,
        checked_at: None,
        ..mailbox("a@example.com", "example.com", "problems")
    };
    store.save_mailbox(&first, NOW + 1).expect("save");
    store.save_mailbox(&second, NOW + 2).expect("save");
    assert_eq!(
        store.mailboxes("example.com").expect("list"),
        vec![second.clone(), first.clone()],
        "by address"
    );
    assert_eq!(
        store.mailbox("b@example.com").expect("read"),
        Some(first.clone())
    );
    let checked = mailbox("a@example.com", "example.com", "ready");
    store.save_mailbox(&checked, NOW + 3).expect("update");
    assert_eq!(store.mailbox("a@example.com").expect("read"), Some(checked));
    assert!(store.delete_mailbox("a@example.com").expect("delete"));
    assert!(!store.delete_mailbox("a@example.com").expect("again"));
    assert_eq!(store.mailboxes("example.com").expect("list"), vec![first]);
}

#[test]
fn store_delete_domain_takes_its_rows_with_it() {
    let store = Store::in_memory().expect("store");
    for d in ["a.example", "b.example"] {
        store
            .save_checked(d, d, NOW, Status::Pass, &json!({}))
            .expect("check");
        store
            .save_mailbox(&mailbox(&format!("x@{d}"), d, "ready"), NOW)
            .expect("mailbox");
        let watch = WatchRow {
            outcome: WatchOutcome::Running,
            records_total: 1,
            records_live: 0,
            saved: None,
            updated_at: NOW,
        };
        store.save_watch(d, &watch).expect("watch");
    }
    assert_eq!(
        store.current().expect("current").as_deref(),
        Some("b.example")
    );
    assert!(store.delete_domain("b.example").expect("delete"));
    assert!(!store.delete_domain("b.example").expect("again"));
    assert_eq!(store.current().expect("current"), None, "no longer current");
    assert_eq!(store.domain("b.example").expect("read"), None);
    assert_eq!(store.checks("b.example", 10).expect("checks"), vec![]);
    assert_eq!(store.watch("b.example").expect("watch"), None);
    assert_eq!(store.mailbox("x@b.example").expect("mailbox"), None);
    assert_eq!(store.mailboxes("a.example").expect("kept").len(), 1);
    assert_eq!(store.checks("a.example", 10).expect("kept").len(), 1);
}

#[test]
fn store_writes_about_an_unsaved_domain_are_refused() {
    let store = Store::in_memory().expect("store");
    let d = "unsaved.example";
    let watch = WatchRow {
        outcome: WatchOutcome::Running,
        records_total: 0,
        records_live: 0,
        saved: None,
        updated_at: NOW,
    };
    let key = DkimKeyRow {
        selector: "s".into(),
        algorithm: KeyAlgorithm::Ed25519,
        public_b64: None,
        created_at: NOW,
    };
    let writes: Vec<(&str, Result<()>)> = vec![
        ("save_step", store.save_step(d, StepId::Spf, NOW)),
        ("save_choices", store.save_choices(d, &choices(), NOW)),
        ("save_plan", store.save_plan(d, &json!({}), NOW)),
        ("save_dkim_key", store.save_dkim_key(d, &key, NOW)),
        ("clear_dkim_key", store.clear_dkim_key(d, NOW)),
        (
            "record_check",
            store
                .record_check(d, NOW, Status::Pass, &json!({}))
                .map(drop),
        ),
        ("save_watch", store.save_watch(d, &watch)),
        (
            "save_mailbox",
            store.save_mailbox(&mailbox("a@unsaved.example", d, "ready"), NOW),
        ),
    ];
    for (name, result) in writes {
        let err = result.expect_err(name);
        assert_eq!(err.code(), "internal", "{name}");
        assert!(
            err.to_string().contains("unsaved.example is not saved"),
            "{name}: {err}"
        );
    }
    assert_eq!(store.domains().expect("list"), vec![], "nothing half-saved");
}

/// JSON a later core shape cannot read comes back as the default, never failing a read.
#[test]
fn store_unreadable_json_reads_as_the_default() {
    let store = Store::in_memory().expect("store");
    store
        .upsert_domain("example.com", "example.com", NOW)
        .expect("save");
    let mut old = saved_watch("example.com");
    old.version += 1;
    let foreign = saved_watch("other.example");
    for saved in [old, foreign] {
        let row = WatchRow {
            outcome: WatchOutcome::Running,
            records_total: 1,
            records_live: 0,
            saved: Some(saved),
            updated_at: NOW,
        };
        store.save_watch("example.com", &row).expect("save");
        let back = store.watch("example.com").expect("read").expect("row");
        assert_eq!(
            back.saved, None,
            "a watch that cannot be resumed starts afresh"
        );
    }
    store
        .conn()
        .execute_batch(
            "UPDATE domains SET choices = '{\"ttl\": \"soon\"}';
             INSERT INTO mailboxes VALUES ('a@example.com', 'example.com', '[1]', NULL, NULL);",
        )
        .expect("raw update");
    let row = store.domain("example.com").expect("read").expect("row");
    assert_eq!(row.choices, PlanChoices::default());
    let mb = store.mailbox("a@example.com").expect("read").expect("row");
    assert_eq!(mb.servers, MailServers::default());
}

/// An id this build does not know is an error that does not quote the stored value.
#[test]
fn store_errors_never_quote_saved_values() {
    let store = Store::in_memory().expect("store");
    store
        .upsert_domain("example.com", "example.com", NOW)
        .expect("save");
    store
        .conn()
        .execute("UPDATE domains SET step = 'hunter2-step'", [])
        .expect("raw update");
    let err = store.domain("example.com").expect_err("unknown step");
    assert_eq!(err.code(), "store.failed");
    assert!(!err.to_string().contains("hunter2"), "{err}");
    let inner = rusqlite::Error::FromSqlConversionFailure(
        3,
        rusqlite::types::Type::Text,
        "expected value at line 1 column 1: \"hunter2\"".into(),
    );
    assert!(!reason(&inner).contains("hunter2"));
}

#[test]
fn store_has_no_column_for_a_secret() {
    let store = Store::in_memory().expect("store");
    let conn = store.conn();
    let mut stmt = conn
        .prepare(
            "SELECT m.name || '.' || p.name FROM sqlite_schema m, pragma_table_info(m.name) p
             WHERE m.type = 'table'",
        )
        .expect("columns");
    let columns: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("columns");
    assert!(columns.contains(&"domains.dkim_public_b64".to_owned()));
    for column in &columns {
        for word in ["password", "secret", "private", "pem", "der", "token"] {
            assert!(
                !column.contains(word),
                "{column} looks like a place for a secret"
            );
        }
    }
}

#[test]
fn store_is_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Store>();
}

// --- what the UI gets -------------------------------------------------------------------------

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().expect("object").keys().cloned().collect();
    keys.sort();
    keys
}

#[test]
fn store_session_summary_and_state_have_the_contract_shapes() {
    let store = Store::in_memory().expect("store");
    let report = json!({"domain": "example.com", "status": "warn"});
    store
        .save_checked("example.com", "example.com", NOW, Status::Warn, &report)
        .expect("check");
    store
        .upsert_domain("quiet.example", "quiet.example", NOW - 10)
        .expect("save");
    let plan = json!({"records": [{}, {}, {}]});
    store
        .save_plan("example.com", &plan, NOW + 1)
        .expect("plan");
    store
        .save_mailbox(&mailbox("a@example.com", "example.com", "ready"), NOW + 2)
        .expect("mb");
    store
        .save_mailbox(
            &mailbox("b@example.com", "example.com", "problems"),
            NOW + 2,
        )
        .expect("mb");

    let notice = StoreNotice::from(&Error::StoreCorrupt {
        moved_to: Some("/x/sendwell.db.corrupt-1".into()),
    });
    let session = store.session(Some(notice.clone())).expect("session");
    assert_eq!(session.current.as_deref(), Some("example.com"));
    let summary = &session.domains[0];
    assert_eq!(
        (
            summary.domain.as_str(),
            summary.status,
            summary.checked_at,
            summary.records_total
        ),
        ("example.com", Some(Status::Warn), Some(NOW), 3),
        "without a watch, the plan's records are counted"
    );
    assert_eq!((summary.records_live, summary.watch), (None, None));
    assert_eq!((summary.mailboxes, summary.mailboxes_ok), (2, 1));
    let quiet = &session.domains[1];
    assert_eq!((quiet.status, quiet.records_total), (None, 0));

    let json = serde_json::to_value(&session).expect("json");
    assert_eq!(keys(&json), ["current", "domains", "notice"]);
    assert_eq!(keys(&json["notice"]), ["code", "message", "moved_to"]);
    assert_eq!(json["notice"]["code"], "store.corrupt");
    assert_eq!(json["notice"]["moved_to"], "/x/sendwell.db.corrupt-1");
    assert_eq!(
        keys(&json["domains"][0]),
        [
            "checked_at",
            "domain",
            "mailboxes",
            "mailboxes_ok",
            "records_live",
            "records_total",
            "status",
            "step",
            "unicode",
            "updated_at",
            "watch"
        ]
    );
    assert_eq!(json["domains"][0]["status"], "warn");

    let watch = WatchRow {
        outcome: WatchOutcome::AllLive,
        records_total: 4,
        records_live: 4,
        saved: Some(saved_watch("example.com")),
        updated_at: NOW + 3,
    };
    store.save_watch("example.com", &watch).expect("watch");
    let summary = store.summaries().expect("summaries").remove(0);
    assert_eq!(
        (summary.records_total, summary.records_live, summary.watch),
        (4, Some(4), Some(WatchOutcome::AllLive))
    );

    let state = store
        .domain_state("example.com")
        .expect("state")
        .expect("saved");
    assert_eq!(state.report, Some(report));
    assert_eq!(state.checked_at, Some(NOW));
    assert_eq!(state.mailboxes.len(), 2);
    let json = serde_json::to_value(&state).expect("json");
    assert_eq!(
        keys(&json),
        [
            "checked_at",
            "choices",
            "domain",
            "mailboxes",
            "plan",
            "report",
            "step",
            "unicode",
            "watch"
        ]
    );
    assert_eq!(
        keys(&json["mailboxes"][0]),
        ["address", "checked_at", "report", "servers"]
    );
    assert_eq!(
        keys(&json["mailboxes"][0]["servers"]),
        ["imap", "pop3", "smtp"]
    );
    assert_eq!(
        keys(&json["watch"]),
        ["outcome", "records_live", "records_total", "updated_at"]
    );
    assert_eq!(json["watch"]["outcome"], "all_live");
    assert_eq!(json["step"], "domain");
    assert_eq!(store.domain_state("nope.example").expect("state"), None);
}

// --- files the store must not use -------------------------------------------------------------

/// A real store file with enough rows for several pages, closed (so the log is folded in).
fn real_database(path: &Path) -> Vec<u8> {
    let dir = path.parent().expect("folder");
    {
        let store = open_clean(dir);
        let plan = json!({ "records": ["x".repeat(3000)] });
        for i in 0..40 {
            let d = format!("d{i}.example");
            store.upsert_domain(&d, &d, NOW).expect("save");
            store.save_plan(&d, &plan, NOW).expect("plan");
        }
    }
    assert!(
        !recover::sidecar(path, "-wal").exists(),
        "closing folds the log in"
    );
    std::fs::read(path).expect("read")
}

/// Make a damaged `sendwell.db` in `dir`, returning its bytes.
type Damage = fn(&Path) -> Vec<u8>;

fn random_bytes(path: &Path) -> Vec<u8> {
    // A fixed xorshift sequence: noise, but the same noise every run.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let bytes: Vec<u8> = (0..20_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(path, &bytes).expect("write");
    bytes
}

fn truncated(path: &Path) -> Vec<u8> {
    let mut bytes = real_database(path);
    bytes.truncate(bytes.len() / 2);
    std::fs::write(path, &bytes).expect("write");
    bytes
}

fn broken_page(path: &Path) -> Vec<u8> {
    let mut bytes = real_database(path);
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    assert!(bytes.len() >= page * 8, "several pages");
    for p in 2..6 {
        bytes[p * page..p * page + 32].fill(0xA5);
    }
    std::fs::write(path, &bytes).expect("write");
    bytes
}

fn not_sendwells(path: &Path) -> Vec<u8> {
    let conn = Connection::open(path).expect("open");
    conn.execute_batch(
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); PRAGMA user_version = 1;",
    )
    .expect("another program's schema");
    drop(conn);
    std::fs::read(path).expect("read")
}

fn header_only(path: &Path) -> Vec<u8> {
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.resize(700, 0xEE);
    std::fs::write(path, &bytes).expect("write");
    bytes
}

fn empty(path: &Path) -> Vec<u8> {
    std::fs::write(path, b"").expect("write");
    Vec::new()
}

#[test]
fn store_damaged_files_are_moved_aside_unchanged() {
    let cases: [(&str, Damage); 6] = [
        ("an empty file beside a log", empty),
        ("random bytes", random_bytes),
        ("a truncated real database", truncated),
        ("a database with broken pages", broken_page),
        ("another program's database", not_sendwells),
        ("an SQLite header and noise", header_only),
    ];
    for (label, damage) in cases {
        let dir = TempDir::new("corrupt");
        let original = damage(&dir.db());
        let wal = b"not a real log, but it must move with its database".to_vec();
        std::fs::write(recover::sidecar(&dir.db(), "-wal"), &wal).expect("wal");

        let opened = Store::open_at(&dir.0, NOW).unwrap_or_else(|e| panic!("{label}: {e}"));
        let notice = opened.notice.unwrap_or_else(|| panic!("{label}: a notice"));
        let aside = dir.0.join(format!("{FILE_NAME}.corrupt-{NOW}"));
        assert_eq!(notice.code, "store.corrupt", "{label}");
        assert_eq!(
            notice.moved_to.as_deref(),
            Some(aside.to_str().expect("utf-8")),
            "{label}"
        );
        assert!(
            notice.message.contains("moved aside"),
            "{label}: {}",
            notice.message
        );
        assert_eq!(
            std::fs::read(&aside).expect("moved"),
            original,
            "{label}: bytes intact"
        );
        assert_eq!(
            std::fs::read(recover::sidecar(&aside, "-wal")).expect("moved log"),
            wal,
            "{label}: the log moved with it"
        );

        let store = opened.store;
        assert_eq!(
            store.domains().expect("fresh"),
            vec![],
            "{label}: a fresh database"
        );
        store
            .upsert_domain("example.com", "example.com", NOW)
            .expect("usable");
        assert_eq!(integrity(&store.conn()), "ok", "{label}");
    }
}

#[test]
fn store_newer_database_is_moved_aside_unchanged() {
    let dir = TempDir::new("newer");
    let future = Migration {
        version: schema_version() + 1,
        sql: "CREATE TABLE from_the_future (x TEXT);",
    };
    let list: Vec<Migration> = MIGRATIONS.iter().copied().chain([future]).collect();
    database_at(&dir.db(), &list);
    // Close it as a newer app would, log folded in, so the bytes are the file's whole content.
    let original = std::fs::read(dir.db()).expect("read");

    let opened = Store::open_at(&dir.0, NOW).expect("opens");
    let notice = opened.notice.expect("a notice");
    let aside = dir.0.join(format!("{FILE_NAME}.newer-{NOW}"));
    assert_eq!(notice.code, "store.newer");
    assert_eq!(
        notice.moved_to.as_deref(),
        Some(aside.to_str().expect("utf-8"))
    );
    assert!(
        notice.message.contains("newer version"),
        "{}",
        notice.message
    );
    assert_eq!(
        std::fs::read(&aside).expect("moved"),
        original,
        "bytes intact"
    );
    let conn = Connection::open(&aside).expect("the moved file still opens");
    assert_eq!(
        migrations::user_version(&conn).expect("v"),
        schema_version() + 1
    );
    assert_eq!(
        migrations::user_version(&opened.store.conn()).expect("v"),
        schema_version(),
        "a fresh database at this build's version"
    );
}

#[test]
fn store_existing_aside_names_are_not_clobbered() {
    let dir = TempDir::new("clobber");
    let taken = dir.0.join(format!("{FILE_NAME}.corrupt-{NOW}"));
    let taken_log = dir.0.join(format!("{FILE_NAME}.corrupt-{NOW}.1-wal"));
    std::fs::write(&taken, b"an earlier damaged file").expect("write");
    std::fs::write(&taken_log, b"an earlier log").expect("write");
    let original = random_bytes(&dir.db());

    let opened = Store::open_at(&dir.0, NOW).expect("opens");
    let moved = PathBuf::from(opened.notice.and_then(|n| n.moved_to).expect("moved"));
    assert_eq!(moved, dir.0.join(format!("{FILE_NAME}.corrupt-{NOW}.2")));
    assert_eq!(std::fs::read(&moved).expect("moved"), original);
    assert_eq!(
        std::fs::read(&taken).expect("kept"),
        b"an earlier damaged file"
    );
    assert_eq!(std::fs::read(&taken_log).expect("kept"), b"an earlier log");
}

#[test]
fn store_unwritable_folder_is_store_unavailable() {
    let base = TempDir::new("unwritable");
    let file = base.0.join("a-file");
    std::fs::write(&file, b"x").expect("write");
    let mut cases: Vec<(&str, PathBuf)> = vec![
        ("a file", file.clone()),
        ("beneath a file", file.join("sub")),
    ];
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let locked = base.0.join("read-only");
        std::fs::create_dir(&locked).expect("mkdir");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        // Root may write anyway; then this case says nothing and is left out.
        if std::fs::write(locked.join("probe"), b"x").is_err() {
            cases.push(("a read-only folder", locked));
        }
    }
    for (label, dir) in cases {
        let err = Store::open_at(&dir, NOW).expect_err(label);
        assert_eq!(err.code(), "store.unavailable", "{label}: {err}");
        assert!(
            err.to_string().contains(&dir.display().to_string()),
            "{label}: {err}"
        );

        let opened = Store::open_or_in_memory(&dir).expect("falls back");
        let notice = opened.notice.expect("says so");
        assert_eq!(
            (notice.code.as_str(), notice.moved_to),
            ("store.unavailable", None)
        );
        assert_eq!(opened.store.path(), None, "{label}: in memory");
        opened
            .store
            .upsert_domain("example.com", "example.com", NOW)
            .expect("usable");
    }
}

#[test]
fn store_sqlite_errors_map_to_store_codes() {
    use rusqlite::ffi;
    let sqlite = |code: i32| rusqlite::Error::SqliteFailure(ffi::Error::new(code), None);
    for (code, want) in [
        (ffi::SQLITE_CORRUPT, "store.corrupt"),
        (ffi::SQLITE_NOTADB, "store.corrupt"),
        (ffi::SQLITE_FULL, "store.unavailable"),
        (ffi::SQLITE_READONLY, "store.unavailable"),
        (ffi::SQLITE_CANTOPEN, "store.unavailable"),
        (ffi::SQLITE_IOERR, "store.unavailable"),
        (ffi::SQLITE_BUSY, "store.failed"),
        (ffi::SQLITE_CONSTRAINT, "store.failed"),
    ] {
        assert_eq!(
            sql_error(None, sqlite(code)).code(),
            want,
            "SQLite code {code}"
        );
    }
}
