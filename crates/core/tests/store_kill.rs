//! A kill during a write loses nothing committed: this test binary re-runs itself as a child
//! that saves rows in a loop, printing each id once its transaction committed; the parent
//! SIGKILLs it mid-write and reopens the file. Every printed id must be there, the file sound.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sendwell_core::store::{MailServers, MailboxRow, Store, FILE_NAME};

/// Set (to the folder to write in) when this binary runs as the writing child.
const CHILD_ENV: &str = "SENDWELL_STORE_KILL_CHILD";
/// The child's test, run alone.
const CHILD_TEST: &str = "store_kill_child_writer";
/// Commits seen before the kill.
const KILL_AFTER: usize = 300;
const DOMAIN: &str = "kill.example";

/// The child: write one mailbox per transaction, forever (at most a minute, should the
/// parent be gone), printing `committed <id>` after each commit returned.
#[test]
fn store_kill_child_writer() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return; // not the child: nothing to do
    };
    let store = Store::open(Path::new(&dir)).expect("open").store;
    store.upsert_domain(DOMAIN, DOMAIN, 1).expect("domain");
    // A few kilobytes per row, so most of the child's time is spent inside a write.
    let padding = "x".repeat(8000);
    let started = Instant::now();
    for id in 0u64.. {
        if started.elapsed() > Duration::from_secs(60) {
            break;
        }
        let row = MailboxRow {
            address: format!("m{id}@{DOMAIN}"),
            domain: DOMAIN.into(),
            servers: MailServers {
                imap: Some(format!("imap{id}.{DOMAIN}:993")),
                pop3: None,
                smtp: None,
            },
            report: Some(serde_json::json!({ "verdict": "ready", "id": id, "padding": padding })),
            checked_at: Some(id),
        };
        store.save_mailbox(&row, id).expect("save");
        println!("committed {id}");
    }
}

/// Kills the child when the parent fails before it could.
struct Reaper(Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A folder of its own under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn store_kill_during_a_write_loses_nothing_committed() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return; // the child runs only its own test
    }
    let dir = TempDir(std::env::temp_dir().join(format!(
        "sendwell-store-kill-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    )));
    std::fs::create_dir_all(&dir.0).expect("folder");

    let child = Command::new(std::env::current_exe().expect("this test binary"))
        .args([CHILD_TEST, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &dir.0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the writer");
    let mut child = Reaper(child);
    let mut out = BufReader::new(child.0.stdout.take().expect("stdout"));

    let mut committed: Vec<u64> = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = out.read_until(b'\n', &mut line).expect("read the writer");
        // End of output, or a line the kill cut short (not a promise of a commit).
        if n == 0 || line.last() != Some(&b'\n') {
            break;
        }
        let text = String::from_utf8_lossy(&line);
        if let Some(id) = text.trim().strip_prefix("committed ") {
            committed.push(id.parse().expect("an id"));
            if committed.len() == KILL_AFTER {
                child.0.kill().expect("SIGKILL the writer");
            }
        }
    }
    let status = child.0.wait().expect("the writer ends");
    assert!(
        committed.len() >= KILL_AFTER,
        "the writer stopped by itself after {} commits ({status})",
        committed.len()
    );
    assert!(!status.success(), "the writer was killed, not finished");

    // The kill left the log behind, so reopening exercises SQLite's recovery of it.
    let log = std::fs::metadata(dir.0.join(format!("{FILE_NAME}-wal"))).map_or(0, |m| m.len());
    assert!(log > 0, "a write-ahead log is left to recover");

    // SQLite's own verdict on the file, then the store's.
    let conn = rusqlite::Connection::open(dir.0.join(FILE_NAME)).expect("reopen");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok");
    drop(conn);

    let opened = Store::open(&dir.0).expect("reopen");
    assert_eq!(
        opened.notice, None,
        "the file is sound: nothing moved aside"
    );
    let saved: std::collections::BTreeSet<u64> = opened
        .store
        .mailboxes(DOMAIN)
        .expect("read")
        .iter()
        .map(|m| m.checked_at.expect("checked_at"))
        .collect();
    let missing: Vec<u64> = committed
        .iter()
        .filter(|id| !saved.contains(id))
        .copied()
        .collect();
    assert!(missing.is_empty(), "committed but lost: {missing:?}");
    // Nothing half-written either: the saved ids are 0..n, at most one more than printed.
    let last = *committed.last().expect("some");
    eprintln!(
        "killed after {KILL_AFTER} commits; {} printed in all, {} saved",
        committed.len(),
        saved.len()
    );
    assert_eq!(
        saved.iter().copied().collect::<Vec<_>>(),
        (0..saved.len() as u64).collect::<Vec<_>>()
    );
    assert!(
        saved.len() as u64 <= last + 2,
        "{} saved, {} printed",
        saved.len(),
        last + 1
    );
}
