//! The Sendwell desktop app: a thin Tauri shell over sendwell-core. It builds the app (plugins,
//! state, commands) in [`app`] so that `tauri::test` can drive the real command set.

pub mod commands;
pub mod error;
pub mod settings;

use tauri::Runtime;

/// Register every command on a builder (the real app and the tests share this).
pub fn app<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![commands::domain::check_domain])
}

/// Start the app.
pub fn run() {
    if let Err(e) = app(tauri::Builder::default()).run(tauri::generate_context!()) {
        eprintln!("Sendwell could not start: {e}");
        std::process::exit(1);
    }
}
