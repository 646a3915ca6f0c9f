//! The saved progress: where the person was, each domain's state, and the dashboard rows.

use sendwell_core::plan::PlanChoices;
use sendwell_core::store::{DomainState, Session, StepId};
use sendwell_core::Error;
use tauri::State;

use crate::error::CommandResult;
use crate::state::{now, AppState};

/// The dashboard, the domain in progress and any notice about the saved progress.
#[tauri::command]
pub fn load_session(state: State<'_, AppState>) -> CommandResult<Session> {
    Ok(state.store().session(state.notice.clone())?)
}

/// Everything saved about `domain`; it becomes the current domain.
#[tauri::command]
pub fn open_domain(state: State<'_, AppState>, domain: String) -> CommandResult<DomainState> {
    let store = state.store();
    store.set_current(Some(&domain))?;
    store
        .domain_state(&domain)?
        .ok_or_else(|| Error::Internal(format!("{domain} is not saved; check it first")).into())
}

/// Remember the step the person is on.
#[tauri::command]
pub fn save_step(state: State<'_, AppState>, domain: String, step: StepId) -> CommandResult<()> {
    let store = state.store();
    store.save_step(&domain, step, now())?;
    // The domain whose step moves is the one being worked on (a check on the dashboard may
    // have made another one current).
    Ok(store.set_current(Some(&domain))?)
}

/// Keep the choices made so far.
#[tauri::command]
pub fn save_choices(
    state: State<'_, AppState>,
    domain: String,
    choices: PlanChoices,
) -> CommandResult<()> {
    Ok(state.store().save_choices(&domain, &choices, now())?)
}

/// No domain in progress ("Set up another domain"): reopening the app starts on the Domain step.
#[tauri::command]
pub fn leave_domain(state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.store().set_current(None)?)
}
