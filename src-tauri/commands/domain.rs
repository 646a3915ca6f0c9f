//! The Domain step: validate what the user typed and look up what its DNS holds today.

use sendwell_core::{check_domain as core_check, DomainName, DomainReport, HickoryResolver};
use tauri::{AppHandle, Runtime};

use crate::error::CommandResult;
use crate::settings::AppSettings;

/// Validate `input` and report NS, MX, SPF, DMARC and the detected hosts.
#[tauri::command]
pub async fn check_domain<R: Runtime>(
    app: AppHandle<R>,
    input: String,
) -> CommandResult<DomainReport> {
    let name = DomainName::parse(&input)?;
    let resolver = HickoryResolver::new(&AppSettings::of(&app)?)?;
    Ok(core_check(&resolver, &name, &[]).await)
}
