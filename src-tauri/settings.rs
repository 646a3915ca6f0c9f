//! App settings the commands read: which DNS servers to ask. `SENDWELL_RESOLVERS` (used by tests)
//! wins over `settings.json` in the app's config directory; without either, the system's resolvers.

use std::path::Path;

use sendwell_core::{Error, ResolverSettings};
use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime};

/// The settings file name inside the app config directory.
pub const SETTINGS_FILE: &str = "settings.json";

/// What `settings.json` may hold.
#[derive(Debug, Default, Deserialize)]
struct SettingsFile {
    /// DNS servers as `IP[:PORT]`; empty means the system's.
    #[serde(default)]
    resolvers: Vec<String>,
}

/// The settings, read afresh for each command so an edit applies at once. A bad setting is an
/// error the user sees, never a silent fallback to other servers.
pub struct AppSettings;

impl AppSettings {
    /// The resolver settings for this app: the environment, then `settings.json`, then the system's.
    pub fn of<R: Runtime>(app: &AppHandle<R>) -> Result<ResolverSettings, Error> {
        Self::load(app.path().app_config_dir().ok().as_deref())
    }

    /// Read the environment, then `<config_dir>/settings.json`.
    pub fn load(config_dir: Option<&Path>) -> Result<ResolverSettings, Error> {
        match sendwell_core::resolver_settings_from_env()? {
            Some(s) => Ok(s),
            None => config_dir.map_or(Ok(ResolverSettings::default()), read_file),
        }
    }
}

fn read_file(dir: &Path) -> Result<ResolverSettings, Error> {
    let path = dir.join(SETTINGS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(ResolverSettings::default())
        }
        Err(e) => {
            return Err(Error::DnsConfig {
                value: path.display().to_string(),
                reason: e.to_string(),
            })
        }
    };
    let file: SettingsFile = serde_json::from_str(&text).map_err(|e| Error::DnsConfig {
        value: path.display().to_string(),
        reason: format!("the file is not valid settings JSON ({e})"),
    })?;
    ResolverSettings::from_servers(&file.resolvers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_means_system_resolvers() {
        let dir = std::env::temp_dir().join(format!("sendwell-settings-{}", std::process::id()));
        assert_eq!(read_file(&dir).map(|s| s.servers.len()), Ok(0));
    }

    #[test]
    fn file_resolvers_are_validated() {
        let dir = std::env::temp_dir().join(format!("sendwell-settings-b-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(
            dir.join(SETTINGS_FILE),
            r#"{"resolvers": ["127.0.0.21:53"]}"#,
        )
        .expect("write");
        assert_eq!(read_file(&dir).map(|s| s.servers.len()), Ok(1));
        std::fs::write(dir.join(SETTINGS_FILE), r#"{"resolvers": ["not-an-ip"]}"#).expect("write");
        assert_eq!(read_file(&dir).map_err(|e| e.code()), Err("dns.config"));
        std::fs::write(dir.join(SETTINGS_FILE), "{oops").expect("write");
        assert_eq!(read_file(&dir).map_err(|e| e.code()), Err("dns.config"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
