//! Before the store touches an existing file: is it a healthy Sendwell database this build can
//! use? A file that is not, is moved aside with its `-wal` and `-shm`, never written to.
//!
//! The look is read-only (`SQLITE_OPEN_READONLY`, no checkpoint on close), so even the WAL of a
//! file being judged is left as it was. Its sidecars move with it under SQLite's own naming
//! (`<name>-wal`, `<name>-shm`), so the moved copy opens with its log, and they move first, so
//! no old log is ever left beside a new database ("mispairing", which
//! <https://www.sqlite.org/howtocorrupt.html> §1.4 warns corrupts it).

use std::path::{Path, PathBuf};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::migrations::{self, APPLICATION_ID};
use super::{unavailable, BUSY_TIMEOUT};
use crate::error::Result;

/// What the look at an existing file found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Health {
    /// There is no file: a new database will be made.
    Missing,
    /// A Sendwell database at this `user_version` (0 for an empty file), safe to migrate.
    Usable(u32),
    /// Not an SQLite database, damaged (fails `PRAGMA integrity_check`), or another program's.
    Corrupt,
    /// Made by a newer Sendwell: this `user_version`, above what this build knows.
    Newer(u32),
}

/// Look at the database at `path` without changing it.
pub(crate) fn inspect(path: &Path, known: u32) -> Result<Health> {
    match std::fs::metadata(path) {
        // An empty file is an empty database to SQLite, which then deletes any `-wal` beside
        // it. A log without its database is not ours to delete: set both aside instead.
        Ok(m) if m.len() == 0 => {
            let log = std::fs::metadata(sidecar(path, "-wal")).map_or(0, |m| m.len());
            return Ok(if log > 0 {
                Health::Corrupt
            } else {
                Health::Usable(0)
            });
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Health::Missing),
        Err(e) => return Err(unavailable(path, &e)),
    }
    match look(path, known) {
        Ok(health) => Ok(health),
        Err(e) if is_damage(&e) => Ok(Health::Corrupt),
        Err(e) => Err(super::sql_error(Some(path), e)),
    }
}

/// True for the SQLite answers that mean "this file is not a (sound) database".
fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

fn look(path: &Path, known: u32) -> rusqlite::Result<Health> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // A read-only connection cannot checkpoint anyway; say so twice, the file is not ours yet.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let version = migrations::user_version(&conn)?;
    if version > known {
        return Ok(Health::Newer(version));
    }
    // https://www.sqlite.org/pragma.html#pragma_integrity_check: "ok" alone, or the problems.
    let mut check = conn.prepare("PRAGMA integrity_check")?;
    let problems: Vec<String> = check
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    if problems != ["ok"] {
        return Ok(Health::Corrupt);
    }
    let application_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    let ours =
        application_id == APPLICATION_ID || (version == 0 && application_id == 0 && objects == 0);
    Ok(if ours {
        Health::Usable(version)
    } else {
        Health::Corrupt
    })
}

/// Rename `path` (and its `-wal`/`-shm`) to `<name>.<tag>-<now>`, or `<name>.<tag>-<now>.<n>`
/// when that name (or one of its sidecars) is taken: an existing file is never replaced.
/// Where the database went.
pub(crate) fn move_aside(path: &Path, tag: &str, now: u64) -> Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = format!("{name}.{tag}-{now}");
    let target = (0..1000)
        .map(|n| match n {
            0 => path.with_file_name(&base),
            n => path.with_file_name(format!("{base}.{n}")),
        })
        .find(|t| ["", "-wal", "-shm"].iter().all(|s| !exists(&sidecar(t, s))))
        .ok_or_else(|| {
            unavailable(
                path,
                &format!("too many files named {base} in the folder already"),
            )
        })?;
    for suffix in ["-wal", "-shm", ""] {
        let from = sidecar(path, suffix);
        if exists(&from) {
            std::fs::rename(&from, sidecar(&target, suffix)).map_err(|e| unavailable(path, &e))?;
        }
    }
    super::sync_folder(path);
    Ok(target)
}

/// `<path><suffix>`: SQLite's names for the log and the shared-memory index.
pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// True when something (even a dangling link) has this name.
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}
