//! The Sendwell desktop app: a thin Tauri shell over sendwell-core. It builds the app (plugins,
//! state, commands) in [`app`] so that `tauri::test` can drive the real command set.

pub mod commands;
pub mod error;
pub mod settings;
pub mod state;
pub mod watches;

use tauri::{Manager, RunEvent, Runtime};

use crate::state::AppState;

/// Register the plugins, the state and every command on a builder (the app and the tests share
/// this). The store is opened in `setup`, once the app-data folder is known.
pub fn app<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let dir = state::data_dir(app.handle());
            app.manage(AppState::open(dir));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::domain::check_domain,
            commands::session::load_session,
            commands::session::open_domain,
            commands::session::save_step,
            commands::session::save_choices,
            commands::session::leave_domain,
            commands::catalog::list_providers,
            commands::catalog::list_registrars,
            commands::plan::build_plan,
            commands::export::export_plan,
            commands::export::export_dkim_key,
            commands::export::open_dns_page,
            commands::watch::start_watch,
            commands::watch::cancel_watch,
            commands::mailbox::discover_mailbox,
            commands::mailbox::check_mailbox,
            commands::mailbox::forget_mailbox,
        ])
}

/// Start the app.
pub fn run() {
    // One rustls crypto provider for the whole process (mail TLS, HTTPS fetches).
    sendwell_core::mailbox::tls::install_crypto_provider();
    let built = app(tauri::Builder::default()).build(tauri::generate_context!());
    match built {
        Ok(app) => app.run(|handle, event| {
            if let RunEvent::ExitRequested { .. } = event {
                // Each watch saves its state as it stops, so reopening resumes it.
                if let Some(state) = handle.try_state::<AppState>() {
                    state.watches.cancel_all();
                }
            }
        }),
        Err(e) => {
            eprintln!("Sendwell could not start: {e}");
            std::process::exit(1);
        }
    }
}
