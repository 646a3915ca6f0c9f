//! The compiled-in catalogs the Senders and Publish steps choose from.

use sendwell_core::providers::{self, Provider};
use sendwell_core::registrars::{self, Registrar};

/// Every service that can send as a domain, with its facts and sources.
#[tauri::command]
pub fn list_providers() -> Vec<Provider> {
    providers::all().to_vec()
}

/// Every DNS panel Sendwell formats records for.
#[tauri::command]
pub fn list_registrars() -> Vec<Registrar> {
    registrars::all().to_vec()
}
