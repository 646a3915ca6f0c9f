//! The SPF, DKIM, DMARC and Extras steps: build the plan from the choices (reusing the DKIM key
//! kept in the keychain), and keep choices and plan in the saved progress.

use sendwell_core::plan::{self, Plan, PlanChoices};
use sendwell_core::store::DkimKeyRow;
use sendwell_core::{DomainName, Error, HickoryResolver};
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandResult;
use crate::settings::AppSettings;
use crate::state::{now, AppState};

/// The records to publish for `domain` with `choices`, merged with what its DNS holds today.
#[tauri::command]
pub async fn build_plan<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    domain: String,
    choices: PlanChoices,
) -> CommandResult<serde_json::Value> {
    let plan = make(&app, &state, &domain, &choices).await?;
    Ok(serde_json::to_value(&*plan).unwrap_or_default())
}

/// Build, save and remember the plan (the export commands rebuild it with this after a restart).
pub async fn make<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    domain: &str,
    choices: &PlanChoices,
) -> CommandResult<std::sync::Arc<Plan>> {
    let name = DomainName::parse(domain)?;
    let resolver = HickoryResolver::new(&AppSettings::of(app)?)?;
    let names = plan::names_to_read(&name, choices);
    let existing = plan::read_existing(&resolver, &name, &names).await;
    let keychain = state.keychain().await?;
    let kept = state.store().dkim_key(&name.ascii)?.map(|k| plan::KeptKey {
        selector: k.selector,
        algorithm: k.algorithm,
        public_b64: k.public_b64,
    });
    let (mut plan, made) =
        plan::plan_keeping_key(&name, choices, &existing, &keychain, kept.as_ref()).await?;
    plan::count_spf_lookups(&resolver, &mut plan).await;
    let store = state.store();
    let at = now();
    if let Some(key) = made {
        let row = DkimKeyRow {
            selector: key.selector,
            algorithm: key.algorithm,
            public_b64: key.public_b64,
            created_at: at,
        };
        store.save_dkim_key(&name.ascii, &row, at)?;
    } else if !choices.dkim.generate {
        store.clear_dkim_key(&name.ascii, at)?;
    }
    store.save_choices(&name.ascii, choices, at)?;
    let json = serde_json::to_value(&plan).map_err(|e| Error::Internal(e.to_string()))?;
    store.save_plan(&name.ascii, &json, at)?;
    Ok(state.remember_plan(plan))
}
