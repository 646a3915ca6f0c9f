//! The app's memory: domains, choices, plans, DKIM public facts, watch progress, mailbox
//! settings and check history, in one SQLite file (`sendwell.db`) in a folder the caller gives.
//!
//! No user interface and no secrets: passwords and private keys live in the keychain
//! ([`crate::secrets`]); the schema has no column for them.
//!
//! # Durability
//!
//! Every write is one transaction. The file uses the write-ahead log with `synchronous=FULL`:
//! "With synchronous=FULL in WAL mode, an additional sync operation of the WAL file happens
//! after each transaction commit. The extra WAL sync following each transaction helps ensure
//! that transactions are durable across a power loss"
//! (<https://www.sqlite.org/pragma.html#pragma_synchronous>, and
//! <https://www.sqlite.org/wal.html> on WAL's atomic commit). A process killed mid-write loses
//! only the transaction it had not committed (`tests/store_kill.rs` checks it). Foreign keys
//! are on, so deleting a domain deletes its history, watch and mailboxes.
//!
//! # A file the store cannot use
//!
//! [`Store::open`] looks at an existing file read-only first. A file that is not an SQLite
//! database, fails `PRAGMA integrity_check`, belongs to another program, or has a
//! `user_version` newer than this build knows is never migrated or written: it is renamed
//! aside (`sendwell.db.corrupt-<unix secs>` / `sendwell.db.newer-<unix secs>`, with its `-wal`
//! and `-shm`, never over an existing name), a fresh database is made, and
//! [`Opened::notice`] says what happened. A folder that cannot be made or written is
//! [`Error::StoreUnavailable`]; [`Store::open_or_in_memory`] then keeps the app usable.

mod api;
mod migrations;
mod recover;
mod rows;
#[cfg(test)]
mod tests;

use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode};
use serde::Serialize;

pub use rows::{
    CheckRow, DkimKeyRow, DomainRow, DomainState, DomainSummary, MailServers, MailboxRow, Session,
    StepId, WatchOutcome, WatchRow,
};

use crate::error::{Error, Result};
use recover::Health;

/// The database's file name inside the folder given to [`Store::open`].
pub const FILE_NAME: &str = "sendwell.db";

/// How many checks the history keeps per domain (the newest).
pub const HISTORY_LIMIT: usize = 50;

/// How long a write waits for another connection (a second app window) to finish its own.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The schema version this build writes (`PRAGMA user_version`); a file with a higher one is
/// from a newer Sendwell.
pub fn schema_version() -> u32 {
    migrations::latest()
}

/// Now, in Unix seconds: the `now` the write calls take.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// The open database. `Send + Sync`: calls from several threads take turns on one connection.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    /// The database file; `None` in memory.
    path: Option<PathBuf>,
}

/// A store just opened, and what the user should be told about it.
#[derive(Debug)]
#[must_use]
pub struct Opened {
    /// The store, ready to use.
    pub store: Store,
    /// Set when the old file was moved aside (or the store could only be kept in memory).
    pub notice: Option<StoreNotice>,
}

/// What happened to the saved data on opening, in plain words (the contract's `StoreNotice`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreNotice {
    /// `store.corrupt`, `store.newer`, `store.unavailable` (or `store.failed`).
    pub code: String,
    /// What happened and what to do, for the user.
    pub message: String,
    /// Where the old file is now, when it was moved aside.
    pub moved_to: Option<String>,
}

impl From<&Error> for StoreNotice {
    fn from(error: &Error) -> Self {
        let moved_to = match error {
            Error::StoreCorrupt { moved_to } => moved_to.clone(),
            Error::StoreNewer { moved_to, .. } => Some(moved_to.clone()),
            _ => None,
        };
        StoreNotice {
            code: error.code().to_owned(),
            message: error.to_string(),
            moved_to,
        }
    }
}

impl Store {
    /// Open (or make) `<dir>/sendwell.db`, making `dir` if needed, and bring its schema up to
    /// date. A file this build must not use is moved aside first (see the module doc).
    ///
    /// Errors: [`Error::StoreUnavailable`] when the folder cannot be made or written (or the old
    /// file cannot be moved aside), [`Error::StoreFailed`] for another SQLite failure.
    pub fn open(dir: &Path) -> Result<Opened> {
        Store::open_at(dir, unix_now())
    }

    /// [`Store::open`], falling back to [`Store::in_memory`] with a notice when the folder
    /// cannot be used, so the app still works (and says nothing will be kept).
    pub fn open_or_in_memory(dir: &Path) -> Result<Opened> {
        match Store::open(dir) {
            Ok(opened) => Ok(opened),
            Err(e) => Ok(Opened {
                store: Store::in_memory()?,
                notice: Some(StoreNotice::from(&e)),
            }),
        }
    }

    /// A store that lives in memory only: for tests, and the app's fallback.
    pub fn in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory().map_err(|e| sql_error(None, e))?;
        configure(&conn, false).map_err(|e| sql_error(None, e))?;
        migrations::migrate(&mut conn, migrations::MIGRATIONS).map_err(|e| sql_error(None, e))?;
        Ok(Store {
            conn: Mutex::new(conn),
            path: None,
        })
    }

    /// [`Store::open`] with the clock given (it names the moved-aside file).
    pub(crate) fn open_at(dir: &Path, now: u64) -> Result<Opened> {
        std::fs::create_dir_all(dir).map_err(|e| unavailable(dir, &e))?;
        probe_writable(dir)?;
        let path = dir.join(FILE_NAME);
        let notice = match recover::inspect(&path, schema_version())? {
            Health::Missing | Health::Usable(_) => None,
            Health::Corrupt => {
                let moved = recover::move_aside(&path, "corrupt", now)?;
                Some(StoreNotice::from(&Error::StoreCorrupt {
                    moved_to: Some(moved.display().to_string()),
                }))
            }
            Health::Newer(found) => {
                let moved = recover::move_aside(&path, "newer", now)?;
                Some(StoreNotice::from(&Error::StoreNewer {
                    found,
                    known: schema_version(),
                    moved_to: moved.display().to_string(),
                }))
            }
        };
        let fail = |e| sql_error(Some(&path), e);
        let mut conn = Connection::open(&path).map_err(fail)?;
        configure(&conn, true).map_err(fail)?;
        migrations::migrate(&mut conn, migrations::MIGRATIONS).map_err(fail)?;
        Ok(Opened {
            store: Store {
                conn: Mutex::new(conn),
                path: Some(path),
            },
            notice,
        })
    }

    /// The database file, `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The connection, for one call. A panic in another call cannot leave a transaction open
    /// (it rolls back when dropped), so a poisoned lock is safe to take over.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Set what every connection needs: waiting on a busy file, the WAL (files only),
/// `synchronous=FULL` and foreign keys.
fn configure(conn: &Connection, file: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if file {
        // The answer is the mode in force: "wal", or the old mode where the file system
        // cannot share memory; both are safe with synchronous=FULL.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

/// Make and remove a file in `dir`, so an unwritable folder is reported as such, with the
/// system's reason, before SQLite gives a vaguer one.
fn probe_writable(dir: &Path) -> Result<()> {
    let probe = dir.join(format!(".{FILE_NAME}.probe-{}", std::process::id()));
    let made = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe);
    match made {
        Ok(file) => {
            drop(file);
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(unavailable(dir, &e)),
    }
}

/// [`Error::StoreUnavailable`] for `path`.
pub(crate) fn unavailable(path: &Path, reason: &dyn Display) -> Error {
    Error::StoreUnavailable {
        path: path.display().to_string(),
        reason: reason.to_string(),
    }
}

/// The store error for an SQLite error: damage, a file system that refuses, or a failure.
pub(crate) fn sql_error(path: Option<&Path>, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            Error::StoreCorrupt { moved_to: None }
        }
        Some(
            ErrorCode::DiskFull
            | ErrorCode::ReadOnly
            | ErrorCode::CannotOpen
            | ErrorCode::PermissionDenied
            | ErrorCode::SystemIoFailure
            | ErrorCode::NoLargeFileSupport,
        ) => Error::StoreUnavailable {
            path: path.map_or_else(|| "memory".to_owned(), |p| p.display().to_string()),
            reason: reason(&e),
        },
        _ => Error::StoreFailed { reason: reason(&e) },
    }
}

/// What went wrong, naming no saved value: SQLite's own messages name tables and columns,
/// never row content, and the conversions that could quote a value are described instead.
pub(crate) fn reason(e: &rusqlite::Error) -> String {
    use rusqlite::Error as E;
    match e {
        E::SqliteFailure(code, Some(message)) => format!("{message} ({})", code.code as i32),
        E::SqliteFailure(code, None) => code.to_string(),
        E::FromSqlConversionFailure(column, ..) => {
            format!("a saved value (column {column}) is not in the form this version reads")
        }
        E::IntegralValueOutOfRange(column, _) => {
            format!("a saved number (column {column}) is out of range")
        }
        E::InvalidColumnType(_, name, kind) => format!("column {name} holds {kind}"),
        E::ToSqlConversionFailure(_) => "a value is too large to save".to_owned(),
        E::QueryReturnedNoRows => "an expected row is missing".to_owned(),
        other => other.to_string(),
    }
}

/// Flush the folder holding `path`, so a rename survives a power cut. Best effort (Windows
/// cannot open a folder for this).
pub(crate) fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}
