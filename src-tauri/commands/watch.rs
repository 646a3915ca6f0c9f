//! The Propagation step: watch the saved plan's records until they are live, streaming every
//! change to the UI over a channel. The watch keeps running while the person moves on, and
//! resumes from its saved state after the app is restarted.

use sendwell_core::plan::PlanFile;
use sendwell_core::propagation::{self, JobServers, WatchEvent, WatchSettings};
use sendwell_core::{DomainName, Error};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandResult;
use crate::state::{data_dir, AppState};

/// Start watching `domain` (or attach to its running watch); events go to `on_event`.
#[tauri::command]
pub async fn start_watch<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    domain: String,
    on_event: Channel<WatchEvent>,
) -> CommandResult<()> {
    let name = DomainName::parse(&domain)?;
    if state.watches.attach(&name.ascii, &on_event) {
        return Ok(());
    }
    let (job, settings) = prepare(&app, &state, &name).await?;
    state
        .watches
        .start(app.clone(), job, settings, Some(on_event));
    Ok(())
}

/// Stop watching `domain`; its progress is saved.
#[tauri::command]
pub fn cancel_watch(state: State<'_, AppState>, domain: String) -> CommandResult<()> {
    state.watches.cancel(&domain);
    Ok(())
}

/// The job for the saved plan: its records, the domain's name servers and the resolver panel.
pub async fn prepare<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    name: &DomainName,
) -> CommandResult<(
    propagation::WatchJob<sendwell_core::HickoryResolver>,
    WatchSettings,
)> {
    let no_plan = || Error::WatchPlanInvalid {
        path: name.ascii.clone(),
        reason: "there is no plan for this domain yet: go through the Publish step first"
            .to_owned(),
    };
    let saved = state.store().domain(&name.ascii)?.and_then(|d| d.plan);
    let plan: PlanFile =
        serde_json::from_value(saved.ok_or_else(no_plan)?).map_err(|_| no_plan())?;
    let records = propagation::expected_records(&plan);
    let mut settings = WatchSettings {
        state_path: data_dir(app).map(|d| d.join("watch").join(format!("{}.json", name.ascii))),
        ..WatchSettings::default()
    };
    if let Some(dir) = settings.state_path.as_ref().and_then(|p| p.parent()) {
        let _ = std::fs::create_dir_all(dir);
    }
    let servers = JobServers {
        resolvers: crate::settings::AppSettings::of(app)?.servers,
        authoritative: Vec::new(),
    };
    let (job, _findings) = propagation::prepare_job(name, records, &servers, &mut settings).await?;
    Ok((job, settings))
}
