//! What the app holds while it runs: the saved-progress store (with the notice about how it was
//! opened), one keychain connection, the running watches and the last plan built per domain.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use sendwell_core::plan::Plan;
use sendwell_core::secrets::Keychain;
use sendwell_core::store::{Store, StoreNotice};
use sendwell_core::Error;
use tauri::{AppHandle, Manager, Runtime};

use crate::watches::Watches;

/// The environment variable that replaces the app-data directory (tests use a fresh one).
pub const DATA_DIR_ENV: &str = "SENDWELL_DATA_DIR";

/// The app's state, managed by Tauri.
pub struct AppState {
    store: Store,
    /// How the store was opened, when it was not opened as it was (shown once by the UI).
    pub notice: Option<StoreNotice>,
    keychain: tokio::sync::Mutex<Option<Keychain>>,
    /// The propagation watches.
    pub watches: Watches,
    plans: Mutex<HashMap<String, Arc<Plan>>>,
}

impl AppState {
    /// Open the store in `dir`. A store that cannot be opened at all leaves the app usable with
    /// an in-memory store and a notice saying progress will not be kept.
    pub fn open(dir: Option<PathBuf>) -> Self {
        let opened = dir
            .ok_or_else(|| Error::StoreUnavailable {
                path: String::new(),
                reason: "this system has no app-data folder".to_owned(),
            })
            .and_then(|d| Store::open_or_in_memory(&d));
        let (store, notice) = match opened {
            Ok(o) => (o.store, o.notice),
            Err(e) => (Self::memory(), Some(StoreNotice::from(&e))),
        };
        AppState {
            store,
            notice,
            keychain: tokio::sync::Mutex::new(None),
            watches: Watches::default(),
            plans: Mutex::new(HashMap::new()),
        }
    }

    fn memory() -> Store {
        #[allow(clippy::expect_used)]
        Store::in_memory().expect("an in-memory SQLite database always opens")
    }

    /// The store (each call is one short transaction).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The keychain, connected on first use (a failure is retried next time).
    pub async fn keychain(&self) -> Result<Keychain, Error> {
        let mut slot = self.keychain.lock().await;
        if let Some(k) = slot.as_ref() {
            return Ok(k.clone());
        }
        let k = Keychain::open().await?;
        *slot = Some(k.clone());
        Ok(k)
    }

    /// Keep the plan just built (exports write this one).
    pub fn remember_plan(&self, plan: Plan) -> Arc<Plan> {
        let plan = Arc::new(plan);
        self.plans
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(plan.domain.clone(), Arc::clone(&plan));
        plan
    }

    /// The last plan built for `domain` in this run of the app.
    pub fn plan(&self, domain: &str) -> Option<Arc<Plan>> {
        self.plans
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(domain)
            .cloned()
    }
}

/// Where the store and watch state live: `SENDWELL_DATA_DIR`, else the OS's app-data folder.
pub fn data_dir<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => app.path().app_data_dir().ok(),
    }
}

/// Unix seconds now.
pub fn now() -> u64 {
    sendwell_core::propagation::unix_now()
}
