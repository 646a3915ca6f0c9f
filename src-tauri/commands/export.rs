//! The Publish step's files: the plan as a zone snippet, CSV, JSON or printable checklist, and
//! the DKIM private key as PEM. The person picks the place in a native save dialog; Rust
//! writes the file. `SENDWELL_EXPORT_DIR` (automation and tests) saves there without asking.

use std::path::{Path, PathBuf};

use sendwell_core::export;
use sendwell_core::Error;
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::CommandResult;
use crate::state::AppState;

/// Saves go here without a dialog when set.
pub const EXPORT_DIR_ENV: &str = "SENDWELL_EXPORT_DIR";

/// The file kinds of `export_plan`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// BIND zone lines.
    Zone,
    /// CSV (RFC 4180).
    Csv,
    /// JSON (docs/PLAN_JSON.md); `sendwell watch --plan` reads it.
    Json,
    /// A printable HTML checklist.
    Html,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Zone => "zone",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Html => "html",
        }
    }
}

/// Write the plan of `domain`; the path written, or `None` when the person cancelled.
#[tauri::command]
pub async fn export_plan<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    domain: String,
    format: ExportFormat,
) -> CommandResult<Option<String>> {
    let plan = match state.plan(&domain) {
        Some(p) => p,
        None => {
            let choices = state
                .store()
                .domain(&domain)?
                .map(|d| d.choices)
                .unwrap_or_default();
            super::plan::make(&app, &state, &domain, &choices).await?
        }
    };
    let text = match format {
        ExportFormat::Zone => export::to_zone(&plan),
        ExportFormat::Csv => export::to_csv(&plan),
        ExportFormat::Json => export::to_json(&plan) + "\n",
        ExportFormat::Html => export::to_html(&plan),
    };
    let name = format!("{}-email-records.{}", plan.domain, format.extension());
    let Some(path) = choose_path(&app, &name, format.extension()).await else {
        return Ok(None);
    };
    write_file(&path, text.as_bytes(), false)?;
    Ok(Some(path.display().to_string()))
}

/// Write the DKIM private key of `selector` (from the keychain) as PKCS#8 PEM, readable only by
/// the owner; never over an existing file.
#[tauri::command]
pub async fn export_dkim_key<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    domain: String,
    selector: String,
) -> CommandResult<Option<String>> {
    let keychain = state.keychain().await?;
    let der = keychain
        .read_dkim_key(&selector, &domain)
        .await?
        .ok_or_else(|| Error::DkimKeyMissing {
            selector: selector.clone(),
            domain: domain.clone(),
        })?;
    let key = sendwell_core::records::dkim::PrivateKey::from_pkcs8_der(der.expose_bytes().to_vec());
    let name = format!("{selector}._domainkey.{domain}.pem");
    let Some(path) = choose_path(&app, &name, "pem").await else {
        return Ok(None);
    };
    write_file(&path, key.to_pem().as_bytes(), true)?;
    Ok(Some(path.display().to_string()))
}

/// Open the DNS page of a registrar from the catalog (https only); the UI never passes a URL.
#[tauri::command]
pub fn open_dns_page<R: Runtime>(app: AppHandle<R>, registrar: String) -> CommandResult<()> {
    let entry = sendwell_core::registrars::get(&registrar)?;
    let url = entry
        .dns_page
        .as_deref()
        .filter(|u| u.starts_with("https://"))
        .ok_or_else(|| Error::RegistrarNoPage {
            registrar: entry.name.clone(),
        })?;
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| Error::OpenFailed {
            reason: e.to_string(),
        })?;
    Ok(())
}

/// Ask where to save (or use `SENDWELL_EXPORT_DIR`).
async fn choose_path<R: Runtime>(app: &AppHandle<R>, name: &str, ext: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(EXPORT_DIR_ENV).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir).join(name));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_file_name(name)
        .add_filter(ext, &[ext])
        .save_file(move |path| {
            let _ = tx.send(path.and_then(|p| p.into_path().ok()));
        });
    rx.await.ok().flatten()
}

/// Write `bytes` to `path`: a key file is created new with mode 0600 and never replaces a file;
/// a records file replaces the one the person chose to overwrite in the dialog.
fn write_file(path: &Path, bytes: &[u8], secret: bool) -> Result<(), Error> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if secret {
        options.create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
    } else {
        options.create(true).truncate(true);
    }
    let failed = |e: std::io::Error| Error::ExportWrite {
        path: path.display().to_string(),
        reason: if e.kind() == std::io::ErrorKind::AlreadyExists {
            "a file with this name already exists; Sendwell never replaces a key file".to_owned()
        } else {
            e.to_string()
        },
    };
    let mut file = options.open(path).map_err(failed)?;
    file.write_all(bytes).map_err(failed)?;
    file.sync_all().map_err(failed)
}
