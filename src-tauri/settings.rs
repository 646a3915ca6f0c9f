//! App settings the commands read: which DNS servers to ask, and extra certificate authorities
//! to trust for a mail server with a private CA. `SENDWELL_RESOLVERS` / `SENDWELL_CA_FILE` (used
//! by tests) win over `settings.json` in the app's config directory; without either, the
//! system's resolvers and trust store.

use std::path::{Path, PathBuf};

use sendwell_core::mailbox::TlsSettings;
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
    /// A PEM file of extra certificate authorities for mail servers (the system's stay trusted).
    #[serde(default)]
    ca_file: Option<PathBuf>,
}

/// The environment variable naming an extra CA file (tests pass the test servers' CA).
pub const CA_FILE_ENV: &str = "SENDWELL_CA_FILE";

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

    /// The TLS trust for mail servers: the system's, plus `SENDWELL_CA_FILE` or the settings
    /// file's `ca_file`. Certificates are always verified.
    pub fn tls<R: Runtime>(app: &AppHandle<R>) -> Result<TlsSettings, Error> {
        let configured = match std::env::var_os(CA_FILE_ENV).filter(|v| !v.is_empty()) {
            Some(path) => Some(PathBuf::from(path)),
            None => match app.path().app_config_dir().ok() {
                Some(dir) => read_settings(&dir)?.ca_file,
                None => None,
            },
        };
        match configured {
            Some(path) => TlsSettings::with_ca_file(&path),
            None => TlsSettings::system(),
        }
    }
}

fn read_file(dir: &Path) -> Result<ResolverSettings, Error> {
    ResolverSettings::from_servers(&read_settings(dir)?.resolvers)
}

fn read_settings(dir: &Path) -> Result<SettingsFile, Error> {
    let path = dir.join(SETTINGS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SettingsFile::default()),
        Err(e) => {
            return Err(Error::DnsConfig {
                value: path.display().to_string(),
                reason: e.to_string(),
            })
        }
    };
    serde_json::from_str(&text).map_err(|e| Error::DnsConfig {
        value: path.display().to_string(),
        reason: format!("the file is not valid settings JSON ({e})"),
    })
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
