//! The Domain step: validate what the user typed, audit what its DNS holds today, and keep the
//! domain and the check in the saved progress (the dashboard shows the last check).

use sendwell_core::audit::{audit_domain, AuditSettings};
use sendwell_core::authority::HickoryDirect;
use sendwell_core::{DomainName, DomainReport, Error, HickoryResolver};
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandResult;
use crate::settings::AppSettings;
use crate::state::{now, AppState};

/// Validate `input` and report NS (with each name server's serial), MX, SPF, DMARC, DKIM,
/// MTA-STS, TLS-RPT, BIMI, the detected hosts and the findings.
#[tauri::command]
pub async fn check_domain<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: String,
) -> CommandResult<DomainReport> {
    let name = DomainName::parse(&input)?;
    let settings = AppSettings::of(&app)?;
    let resolver = HickoryResolver::new(&settings)?;
    let direct = HickoryDirect { settings };
    let report = audit_domain(&resolver, &direct, &name, &AuditSettings::default()).await;
    let json = serde_json::to_value(&report).map_err(|e| Error::Internal(e.to_string()))?;
    state
        .store()
        .save_checked(&name.ascii, &name.unicode, now(), report.status, &json)?;
    Ok(report)
}
