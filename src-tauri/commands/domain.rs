//! The Domain step: validate what the user typed and audit what its DNS holds today.

use sendwell_core::audit::{audit_domain, AuditSettings};
use sendwell_core::authority::HickoryDirect;
use sendwell_core::{DomainName, DomainReport, HickoryResolver};
use tauri::{AppHandle, Runtime};

use crate::error::CommandResult;
use crate::settings::AppSettings;

/// Validate `input` and report NS (with each name server's serial), MX, SPF, DMARC, DKIM,
/// MTA-STS, TLS-RPT, BIMI, the detected hosts and the findings.
#[tauri::command]
pub async fn check_domain<R: Runtime>(
    app: AppHandle<R>,
    input: String,
) -> CommandResult<DomainReport> {
    let name = DomainName::parse(&input)?;
    let settings = AppSettings::of(&app)?;
    let resolver = HickoryResolver::new(&settings)?;
    let direct = HickoryDirect { settings };
    Ok(audit_domain(&resolver, &direct, &name, &AuditSettings::default()).await)
}
