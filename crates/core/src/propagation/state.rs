//! The saved watch (docs/WATCH_STATE.md): every state known so far with when it was seen and its
//! ETA, written atomically (temporary file, then rename) so a restarted watch or app resumes it.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::model::{ExpectedRecord, PairStatus, Role};
use crate::error::{Error, Result};

/// The format version written in every file; a file with another version is ignored.
pub const STATE_VERSION: u32 = 1;

/// One watch, as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedWatch {
    /// [`STATE_VERSION`].
    pub version: u32,
    /// The domain watched.
    pub domain: String,
    /// When the watch first started (Unix seconds); kept across restarts.
    pub started: u64,
    /// When this file was written (Unix seconds).
    pub saved: u64,
    /// The records, each with what every server showed.
    pub records: Vec<SavedRecord>,
}

/// One record as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRecord {
    /// `TXT _dmarc.example.com`.
    pub record: String,
    /// The expected content; a saved record whose content differs from the plan's is dropped.
    pub content: String,
    /// What each server showed.
    pub servers: Vec<SavedPair>,
}

/// One record at one server, as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPair {
    /// The server's label.
    pub server: String,
    /// Its role.
    pub role: Role,
    /// The last state seen there.
    #[serde(flatten)]
    pub status: PairStatus,
}

impl SavedWatch {
    /// Read a saved watch; `Ok(None)` when there is no file yet. A file of another format
    /// version is moved aside ([`set_aside`]), never overwritten.
    pub fn load(path: &Path) -> Result<Option<SavedWatch>> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(Error::WatchStateUnreadable {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })
            }
        };
        let saved: SavedWatch =
            serde_json::from_str(&text).map_err(|e| Error::WatchStateUnreadable {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
        if saved.version != STATE_VERSION {
            set_aside(path)?;
            return Ok(None);
        }
        Ok(Some(saved))
    }

    /// Write atomically and durably: a temporary file beside `path`, flushed to disk, renamed
    /// over it, then the folder flushed so the rename survives a power cut.
    pub fn save(&self, path: &Path) -> Result<()> {
        let failed = |e: std::io::Error| Error::WatchStateWrite {
            path: path.display().to_string(),
            reason: e.to_string(),
        };
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| Error::Internal(format!("watch state: {e}")))?;
        let tmp = temporary_path(path);
        let written = std::fs::File::create(&tmp).and_then(|mut f| {
            use std::io::Write as _;
            f.write_all(text.as_bytes())?;
            f.write_all(b"\n")?;
            f.sync_all()
        });
        let renamed = written.and_then(|()| std::fs::rename(&tmp, path));
        if let Err(e) = renamed {
            let _ = std::fs::remove_file(&tmp);
            return Err(failed(e));
        }
        sync_folder(path);
        Ok(())
    }

    /// The saved status of `record` at `server`, if the record's content is still the same.
    pub fn status(&self, record: &ExpectedRecord, server: &str) -> Option<&PairStatus> {
        let key = record.key();
        self.records
            .iter()
            .find(|r| r.record == key && r.content == record.content)?
            .servers
            .iter()
            .find(|p| p.server == server)
            .map(|p| &p.status)
    }
}

/// Move a saved watch that is not this one (another domain or format) to `<path>.bak`, so
/// starting a watch never destroys another's progress. The new name.
pub fn set_aside(path: &Path) -> Result<PathBuf> {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".bak");
    let aside = path.with_file_name(name);
    std::fs::rename(path, &aside).map_err(|e| Error::WatchStateWrite {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(aside)
}

/// Flush the folder holding `path` (the rename's directory entry). Best effort: not every
/// system can open a folder for this (Windows cannot), and the data itself is already flushed.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// `<name>.tmp-<pid>` beside the file, so the rename stays on one file system.
fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

/// Where the CLI keeps a plan's watch by default: beside the plan, `<plan>.watch.json`.
pub fn default_state_path(plan: &Path) -> PathBuf {
    let mut name = plan
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".watch.json");
    plan.with_file_name(name)
}

/// Now, in Unix seconds.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::propagation::model::State;
    use crate::records::RecordType;

    #[test]
    fn round_trips_atomically_and_matches_by_content() {
        let dir = std::env::temp_dir().join(format!("sendwell-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("plan.json.watch.json");
        assert_eq!(SavedWatch::load(&path), Ok(None));
        let record = ExpectedRecord {
            kind: RecordType::Txt,
            name: "_dmarc.example.com".into(),
            host: "_dmarc".into(),
            content: "v=DMARC1; p=none".into(),
            priority: None,
            ttl: 300,
            old: None,
        };
        let status = PairStatus {
            state: State::Waiting,
            detail: "not live yet".into(),
            problem: None,
            fix: None,
            error: None,
            eta_at: Some(1_800_000_010),
            since: 1_800_000_000,
            checked: 1_800_000_001,
        };
        let saved = SavedWatch {
            version: STATE_VERSION,
            domain: "example.com".into(),
            started: 1_800_000_000,
            saved: 1_800_000_001,
            records: vec![SavedRecord {
                record: record.key(),
                content: record.content.clone(),
                servers: vec![SavedPair {
                    server: "Google (8.8.8.8)".into(),
                    role: Role::Resolver,
                    status: status.clone(),
                }],
            }],
        };
        saved.save(&path).expect("saved");
        let back = SavedWatch::load(&path).expect("readable").expect("present");
        assert_eq!(back, saved);
        assert_eq!(back.status(&record, "Google (8.8.8.8)"), Some(&status));
        let changed = ExpectedRecord {
            content: "v=DMARC1; p=reject".into(),
            ..record
        };
        assert_eq!(back.status(&changed, "Google (8.8.8.8)"), None);
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .expect("list")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");
        std::fs::write(&path, "{not json").expect("write");
        assert_eq!(
            SavedWatch::load(&path).map_err(|e| e.code()),
            Err("watch.state_unreadable")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn default_path_sits_beside_the_plan() {
        assert_eq!(
            default_state_path(Path::new("/tmp/x/plan.json")),
            PathBuf::from("/tmp/x/plan.json.watch.json")
        );
    }
}
